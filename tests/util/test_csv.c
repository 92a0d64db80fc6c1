/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of util/csv.c: RFC 4180 quoting, line ends, BOM, embedded line
 * breaks, limits, malformed quotes and invalid UTF-8 (each bad record is
 * reported at its first line and skipped), the writer's round trip, and
 * the neutralising of text cells a spreadsheet would evaluate as formulas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/csv.h"

/* A reader over an in-memory text (fmemopen), freed by csv_fixture_close(). */
struct csv_fixture {
	FILE *f;                 /* the stream */
	struct csv_reader *r;    /* the reader */
	struct csv_record rec;   /* last record */
	struct ld_err err;       /* last error */
};

static void csv_fixture_open(struct csv_fixture *fx, const char *text, size_t len,
			     const struct csv_limits *lim)
{
	memset(fx, 0, sizeof *fx);
	fx->f = fmemopen((void *)text, len, "r");
	assert_non_null(fx->f);
	assert_int_equal(csv_reader_new(fx->f, lim, &fx->r, &fx->err), LD_OK);
}

static void csv_fixture_close(struct csv_fixture *fx)
{
	csv_reader_free(fx->r);
	fclose(fx->f);
}

static ld_status csv_next(struct csv_fixture *fx)
{
	ld_err_clear(&fx->err);
	return csv_read(fx->r, &fx->rec, &fx->err);
}

#define OPEN(fx, lit, lim) csv_fixture_open((fx), (lit), sizeof(lit) - 1, (lim))

static void test_csv_plain_and_quoted(void **state)
{
	struct csv_fixture fx;
	(void)state;

	OPEN(&fx, "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n", NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.count, 3);
	assert_int_equal(fx.rec.line, 1);
	assert_string_equal(fx.rec.fields[0], "a");
	assert_string_equal(fx.rec.fields[2], "c");
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.count, 3);
	assert_int_equal(fx.rec.line, 2);
	assert_string_equal(fx.rec.fields[0], "x, y");
	assert_string_equal(fx.rec.fields[1], "say \"hi\"");
	assert_string_equal(fx.rec.fields[2], "");
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.count, 0);
	csv_fixture_close(&fx);
}

static void test_csv_crlf_and_no_final_newline(void **state)
{
	struct csv_fixture fx;
	(void)state;

	OPEN(&fx, "h1,h2\r\n1,2\r\n\"3\",4", NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_string_equal(fx.rec.fields[1], "h2");
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.line, 2);
	assert_string_equal(fx.rec.fields[0], "1");
	assert_string_equal(fx.rec.fields[1], "2");
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.line, 3);
	assert_string_equal(fx.rec.fields[0], "3");
	assert_string_equal(fx.rec.fields[1], "4");
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.count, 0);
	csv_fixture_close(&fx);
}

static void test_csv_bom_is_skipped(void **state)
{
	struct csv_fixture fx;
	(void)state;

	OPEN(&fx, "\xEF\xBB\xBFid,name\n1,Dvořák\n", NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_string_equal(fx.rec.fields[0], "id");
	assert_int_equal(csv_column(&fx.rec, "id"), 0);
	assert_int_equal(csv_column(&fx.rec, "name"), 1);
	assert_int_equal(csv_column(&fx.rec, "email"), -1);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_string_equal(fx.rec.fields[1], "Dvořák");
	csv_fixture_close(&fx);
}

static void test_csv_embedded_newlines_count_lines(void **state)
{
	struct csv_fixture fx;
	(void)state;

	OPEN(&fx, "a,b\n1,\"two\nlines\r\nand three\"\n\n\n2,x\n", NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.line, 2);
	assert_string_equal(fx.rec.fields[1], "two\nlines\r\nand three");
	/* blank lines are skipped; the next record starts on line 7 */
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.line, 7);
	assert_string_equal(fx.rec.fields[0], "2");
	csv_fixture_close(&fx);
}

static void test_csv_malformed_quotes_skip_the_row(void **state)
{
	struct csv_fixture fx;
	(void)state;

	OPEN(&fx, "a,b\nx\"y,1\n\"ok\",2\n\"bad\"z,3\n4,5\n", NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(csv_next(&fx), LD_ERR_INVALID);
	assert_string_equal(fx.err.code, "csv_syntax");
	assert_non_null(strstr(fx.err.message, "line 2:"));
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.line, 3);
	assert_string_equal(fx.rec.fields[0], "ok");
	assert_int_equal(csv_next(&fx), LD_ERR_INVALID);
	assert_non_null(strstr(fx.err.message, "line 4:"));
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.line, 5);
	assert_string_equal(fx.rec.fields[1], "5");
	csv_fixture_close(&fx);
}

static void test_csv_unterminated_quote_at_eof(void **state)
{
	struct csv_fixture fx;
	(void)state;

	OPEN(&fx, "a\n\"never closed\nmore\n", NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(csv_next(&fx), LD_ERR_INVALID);
	assert_non_null(strstr(fx.err.message, "line 2:"));
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.count, 0);
	csv_fixture_close(&fx);
}

static void test_csv_too_long_field_is_skipped_whole(void **state)
{
	struct csv_fixture fx;
	struct csv_limits lim = { .field_max = 8, .fields_max = 3, .record_max = 20 };
	(void)state;

	OPEN(&fx, "a,b\n\"123456789\nstill the same field\",x\nok,1\n1,2,3,4\nlast,1\n", &lim);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(csv_next(&fx), LD_ERR_TOO_LARGE);
	assert_string_equal(fx.err.code, "csv_too_long");
	assert_non_null(strstr(fx.err.message, "line 2:"));
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.line, 4);
	assert_string_equal(fx.rec.fields[0], "ok");
	assert_int_equal(csv_next(&fx), LD_ERR_TOO_LARGE);
	assert_non_null(strstr(fx.err.message, "too many fields"));
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_string_equal(fx.rec.fields[0], "last");
	csv_fixture_close(&fx);
}

static void test_csv_invalid_utf8_is_a_bad_row(void **state)
{
	struct csv_fixture fx;
	(void)state;

	OPEN(&fx, "a,b\n1,\xC3\x28\n2,\xED\xA0\x80\n3,\xC0\xAF\n4,Łódź\n", NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(csv_next(&fx), LD_ERR_INVALID);
	assert_string_equal(fx.err.code, "invalid_utf8");
	assert_non_null(strstr(fx.err.message, "line 2:"));
	assert_int_equal(csv_next(&fx), LD_ERR_INVALID); /* surrogate */
	assert_int_equal(csv_next(&fx), LD_ERR_INVALID); /* overlong */
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_string_equal(fx.rec.fields[1], "Łódź");
	csv_fixture_close(&fx);
}

static void test_csv_utf8_validator(void **state)
{
	(void)state;
	assert_true(csv_utf8_valid("Шевчук", strlen("Шевчук")));
	assert_true(csv_utf8_valid("\xF0\x9F\x98\x80", 4));
	assert_false(csv_utf8_valid("\xF0\x9F\x98", 3));
	assert_false(csv_utf8_valid("\xF4\x90\x80\x80", 4));
	assert_false(csv_utf8_valid("a\0b", 3));
}

static void test_csv_write_round_trip(void **state)
{
	const char *row[] = { "plain", "with, comma", "with \"quotes\"", "two\nlines", NULL,
			      " padded", "Müller" };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct csv_fixture fx;
	struct ld_err err;
	int i;
	(void)state;

	assert_int_equal(csv_write(out, row, NULL, 7, &err), LD_OK);
	fclose(out);
	assert_string_equal(buf, "plain,\"with, comma\",\"with \"\"quotes\"\"\",\"two\nlines\",,"
				 "\" padded\",Müller\r\n");
	csv_fixture_open(&fx, buf, len, NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.count, 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(fx.rec.fields[i], row[i] != NULL ? row[i] : "");
	csv_fixture_close(&fx);
	free(buf);
}

/* A record of one empty field is not a blank line, which readers skip
 * (found by fuzz/fuzz_csv.c). */
static void test_csv_write_lone_empty_field(void **state)
{
	const char *one[] = { "" };
	const char *none[] = { NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct csv_fixture fx;
	struct ld_err err;
	(void)state;

	assert_int_equal(csv_write(out, one, NULL, 1, &err), LD_OK);
	assert_int_equal(csv_write(out, none, NULL, 1, &err), LD_OK);
	fclose(out);
	assert_string_equal(buf, "\"\"\r\n\"\"\r\n");
	csv_fixture_open(&fx, buf, len, NULL);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(csv_next(&fx), LD_OK);
		assert_int_equal(fx.rec.count, 1);
		assert_string_equal(fx.rec.fields[0], "");
	}
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.count, 0);
	csv_fixture_close(&fx);
	free(buf);
}

static void test_csv_big_input_crosses_buffers(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct csv_fixture fx;
	char num[32];
	const char *row[2];
	int i, n = 0;
	(void)state;

	for (i = 0; i < 20000; i++) {
		snprintf(num, sizeof num, "%d", i);
		row[0] = num;
		row[1] = "a field, quoted \"so\" it spans";
		csv_write(out, row, NULL, 2, NULL);
	}
	fclose(out);
	csv_fixture_open(&fx, buf, len, NULL);
	while (csv_next(&fx) == LD_OK && fx.rec.count > 0) {
		snprintf(num, sizeof num, "%d", n);
		assert_string_equal(fx.rec.fields[0], num);
		assert_int_equal(fx.rec.line, n + 1);
		n++;
	}
	assert_int_equal(n, 20000);
	assert_int_equal(csv_reader_offset(fx.r), (long long)len);
	csv_fixture_close(&fx);
	free(buf);
}

/* Writes one record of `n` fields typed `cells` into a string (caller frees). */
static char *csv_line(const char *const *row, const enum csv_cell *cells, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct ld_err err;

	assert_non_null(out);
	assert_int_equal(csv_write(out, row, cells, n, &err), LD_OK);
	fclose(out);
	return buf;
}

/*
 * OWASP's CSV injection: a text cell starting with = + - @ TAB or CR is
 * written quoted with a leading single quote; numbers the desk writes (a
 * negative figure) stay as they are, and raw output (no types) neutralises
 * nothing.
 */
static void test_csv_write_neutralises_formulas(void **state)
{
	const char *row[] = { "=HYPERLINK(\"http://x\",\"click\")", "+420 777 123 456", "-5 stars",
			      "@SUM(A1)", "\tx", "\rx", "-0.25", "plain", "a=b", "'quoted", "" };
	static const enum csv_cell cells[] = { CSV_CELL_TEXT, CSV_CELL_TEXT, CSV_CELL_TEXT,
					       CSV_CELL_TEXT, CSV_CELL_TEXT, CSV_CELL_TEXT,
					       CSV_CELL_NUMBER, CSV_CELL_TEXT, CSV_CELL_TEXT,
					       CSV_CELL_TEXT, CSV_CELL_TEXT };
	char *line;
	(void)state;

	line = csv_line(row, cells, 11);
	assert_string_equal(line, "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\","
				  "\"'+420 777 123 456\",\"'-5 stars\",\"'@SUM(A1)\",\"'\tx\","
				  "\"'\rx\",-0.25,plain,a=b,'quoted,\r\n");
	free(line);
	line = csv_line(row, NULL, 11);
	assert_string_equal(line, "\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",+420 777 123 456,"
				  "-5 stars,@SUM(A1),\tx,\"\rx\",-0.25,plain,a=b,'quoted,\r\n");
	free(line);
}

/*
 * What the writer neutralised, csv_cell_restore() gives back — for every
 * text, those that already start with quotes and a trigger included — so
 * an export reads back as it was.
 */
static void test_csv_neutralising_round_trip(void **state)
{
	const char *row[] = { "=1+1", "'=1+1", "''-x", "'", "''", "'plain", "plain", "-", "@",
			      "", "=", "'\t" };
	enum csv_cell cells[12];
	struct csv_fixture fx;
	char *line;
	int i;
	(void)state;

	for (i = 0; i < 12; i++)
		cells[i] = CSV_CELL_TEXT;
	line = csv_line(row, cells, 12);
	csv_fixture_open(&fx, line, strlen(line), NULL);
	assert_int_equal(csv_next(&fx), LD_OK);
	assert_int_equal(fx.rec.count, 12);
	assert_string_equal(fx.rec.fields[0], "'=1+1");
	assert_string_equal(fx.rec.fields[1], "''=1+1");
	assert_string_equal(fx.rec.fields[3], "'"); /* nothing to neutralise */
	for (i = 0; i < 12; i++)
		assert_string_equal(csv_cell_restore(fx.rec.fields[i]), row[i]);
	csv_fixture_close(&fx);
	free(line);
	assert_true(csv_cell_is_formula("''=x"));
	assert_false(csv_cell_is_formula("'x"));
	assert_false(csv_cell_is_formula(" =x"));
	assert_false(csv_cell_is_formula(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_plain_and_quoted),
		cmocka_unit_test(test_csv_crlf_and_no_final_newline),
		cmocka_unit_test(test_csv_bom_is_skipped),
		cmocka_unit_test(test_csv_embedded_newlines_count_lines),
		cmocka_unit_test(test_csv_malformed_quotes_skip_the_row),
		cmocka_unit_test(test_csv_unterminated_quote_at_eof),
		cmocka_unit_test(test_csv_too_long_field_is_skipped_whole),
		cmocka_unit_test(test_csv_invalid_utf8_is_a_bad_row),
		cmocka_unit_test(test_csv_utf8_validator),
		cmocka_unit_test(test_csv_write_round_trip),
		cmocka_unit_test(test_csv_write_lone_empty_field),
		cmocka_unit_test(test_csv_big_input_crosses_buffers),
		cmocka_unit_test(test_csv_write_neutralises_formulas),
		cmocka_unit_test(test_csv_neutralising_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
