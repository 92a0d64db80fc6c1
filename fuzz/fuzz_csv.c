/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * libFuzzer harness of the CSV reader and writer (util/csv.h), the parser
 * every `loyaldesk import` file goes through.
 *
 * The input is a CSV file, as is (seeds: fuzz/corpus/fuzz_csv/). It is read
 * to the end three times over fmemopen(): with limits of one byte, with
 * limits of a few bytes, so that every limit path (field, fields, record)
 * is reached by short inputs, and with the defaults. Invariants:
 *  - every call returns a record, the end, or a bad record reported as
 *    csv_syntax / invalid_utf8 / csv_too_long with "line N: …" (N its
 *    first line); never an I/O error on a memory stream;
 *  - no endless loop (each record holds a byte of its own) and the end is
 *    reached at exactly the input's size; lines never go back;
 *  - a record keeps its limits (fields, bytes per field, bytes in all) and
 *    every field is valid UTF-8 without NUL; csv_utf8_valid() agrees with
 *    core's validate_utf8() wherever their definitions meet;
 *  - csv_column() finds the header's fields by their names;
 *  - round trip: the records read with the defaults, written by csv_write()
 *    and read again, are the same records.
 */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "core/validate.h"
#include "util/csv.h"

static const struct csv_limits FUZZ_CSV_LIMITS[] = {
	{ 1, 1, 1 },   /* every field over one byte and every second field is too much */
	{ 8, 3, 16 },  /* a few bytes reach each limit */
	{ 0, 0, 0 },   /* the defaults, as the importers read; last: the round trip */
};

#define FUZZ_CSV_PASSES (sizeof FUZZ_CSV_LIMITS / sizeof FUZZ_CSV_LIMITS[0])

/* The two UTF-8 checks of loyaldesk meet on text without C0 controls other
 * than tab, LF and CR, which core's forbids and the CSV reader leaves to the
 * importers' field checks. */
static void check_utf8_agree(const char *s, size_t len)
{
	bool csv = csv_utf8_valid(s, len), core = validate_utf8(s, len);
	bool control = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			control = true;
	}
	if (control)
		FUZZ_CHECK(!core, "core accepts a control character");
	else
		FUZZ_CHECK(csv == core, "csv_utf8_valid %d, validate_utf8 %d (%zu bytes)", csv,
			   core, len);
}

/* Every header field without surrounding spaces is found by its name, at
 * its place or at an earlier field of that name (padded or not). */
static void check_columns(const struct csv_record *rec)
{
	for (int i = 0; i < rec->count; i++) {
		const char *name = rec->fields[i];
		size_t len = strlen(name);
		int at;

		if (len > 0 && (name[0] == ' ' || name[len - 1] == ' '))
			continue;
		at = csv_column(rec, name);
		FUZZ_CHECK(at >= 0 && at <= i && strstr(rec->fields[at], name) != NULL,
			   "column \"%s\" (field %d) found at %d", name, i, at);
	}
}

/*
 * The round trip of the default pass: every good record is written to one
 * text T after a header line, as an export writes its rows (a first field
 * that starts with U+FEFF at the very start of a file is a BOM). Reading T
 * must give as many records, all good, and writing those again must give T:
 * csv_write() maps different records to different texts, so that is the
 * same as reading back the very fields that were written.
 */
struct round_trip {
	FILE *out;        /* T being written */
	char *text;       /* T, once out is closed */
	size_t text_len;  /* its bytes */
	long records;     /* records in T, the header included */
};

static void round_trip_begin(struct round_trip *rt)
{
	rt->text = NULL;
	rt->text_len = 0;
	rt->out = open_memstream(&rt->text, &rt->text_len);
	FUZZ_CHECK(rt->out != NULL, "open_memstream");
	fputs("header\r\n", rt->out);
	rt->records = 1;
}

static void round_trip_add(struct round_trip *rt, const struct csv_record *rec)
{
	struct ld_err err;

	FUZZ_CHECK(csv_write(rt->out, (const char *const *)rec->fields, NULL, rec->count, &err) == LD_OK,
		   "csv_write: %s", err.message);
	rt->records++;
}

static void round_trip_check(struct round_trip *rt)
{
	char *again = NULL;
	size_t again_len = 0;
	FILE *in, *out;
	struct csv_reader *r = NULL;
	struct csv_record rec;
	struct ld_err err;
	long n = 0;

	fclose(rt->out);
	in = fmemopen(rt->text, rt->text_len, "r");
	out = open_memstream(&again, &again_len);
	FUZZ_CHECK(in != NULL && out != NULL, "memory streams");
	FUZZ_CHECK(csv_reader_new(in, NULL, &r, &err) == LD_OK, "csv_reader_new");
	for (;;) {
		ld_status rc = csv_read(r, &rec, &err);

		FUZZ_CHECK(rc == LD_OK, "record %ld of the written text does not read back: %s", n + 1,
			   err.message);
		if (rec.count == 0)
			break;
		FUZZ_CHECK(csv_write(out, (const char *const *)rec.fields, NULL, rec.count, &err) == LD_OK,
			   "csv_write: %s", err.message);
		n++;
	}
	fclose(out);
	FUZZ_CHECK(n == rt->records, "%ld records written, %ld read back", rt->records, n);
	FUZZ_CHECK(again_len == rt->text_len && memcmp(again, rt->text, again_len) == 0,
		   "what was read back writes otherwise:\n%.*s\n---\n%.*s", (int)rt->text_len,
		   rt->text, (int)again_len, again);
	csv_reader_free(r);
	fclose(in);
	free(again);
	free(rt->text);
}

/* A good record within `lim` (effective limits). */
static void check_record(const struct csv_record *rec, const struct csv_limits *lim)
{
	size_t total = 0;

	FUZZ_CHECK(rec->count >= 1 && rec->count <= lim->fields_max, "%d fields", rec->count);
	for (int i = 0; i < rec->count; i++) {
		size_t len = strlen(rec->fields[i]);

		FUZZ_CHECK(len <= lim->field_max, "field %d has %zu bytes", i, len);
		FUZZ_CHECK(csv_utf8_valid(rec->fields[i], len), "field %d is not UTF-8", i);
		check_utf8_agree(rec->fields[i], len);
		total += len;
	}
	FUZZ_CHECK(total <= lim->record_max, "record of %zu bytes", total);
}

/* Reads `data` to its end with `lim`; checks each answer. With `rt`, the
 * good records go to the round trip. */
static void read_all(const uint8_t *data, size_t size, const struct csv_limits *lim,
		     struct round_trip *rt)
{
	struct csv_limits eff = *lim;
	FILE *in = fmemopen((void *)data, size, "r");
	struct csv_reader *r = NULL;
	struct csv_record rec;
	struct ld_err err;
	long long offset = 0;
	long line = 1, line_ends = 0;
	bool first = true;

	FUZZ_CHECK(in != NULL, "fmemopen");
	if (eff.field_max == 0)
		eff.field_max = CSV_FIELD_MAX_DEFAULT;
	if (eff.fields_max == 0)
		eff.fields_max = CSV_FIELDS_MAX_DEFAULT;
	if (eff.record_max == 0)
		eff.record_max = CSV_RECORD_MAX_DEFAULT;
	for (size_t i = 0; i < size; i++)
		line_ends += data[i] == '\n' || data[i] == '\r';
	FUZZ_CHECK(csv_reader_new(in, lim, &r, &err) == LD_OK, "csv_reader_new");
	for (size_t calls = 0;; calls++) {
		ld_status rc;
		long long now;

		FUZZ_CHECK(calls <= size, "%zu calls on %zu bytes", calls, size);
		ld_err_clear(&err);
		rc = csv_read(r, &rec, &err);
		now = csv_reader_offset(r);
		FUZZ_CHECK(now >= offset && now <= (long long)size, "offset %lld → %lld of %zu",
			   offset, now, size);
		FUZZ_CHECK(rec.line >= line, "line %ld after %ld", rec.line, line);
		line = rec.line;
		if (rc == LD_OK && rec.count == 0) {
			FUZZ_CHECK(now == (long long)size, "end at %lld of %zu bytes", now, size);
			break;
		}
		FUZZ_CHECK(rec.line <= line_ends + 1, "line %ld of %ld", rec.line, line_ends + 1);
		offset = now; /* may stay: a record can be the look-ahead byte alone */
		if (rc == LD_OK) {
			check_record(&rec, &eff);
			if (rt != NULL)
				round_trip_add(rt, &rec);
			if (first)
				check_columns(&rec);
			first = false;
			continue;
		}
		FUZZ_CHECK((rc == LD_ERR_INVALID && (strcmp(err.code, "csv_syntax") == 0 ||
						    strcmp(err.code, "invalid_utf8") == 0)) ||
				   (rc == LD_ERR_TOO_LARGE && strcmp(err.code, "csv_too_long") == 0),
			   "status %d code %s", rc, err.code);
		{
			char prefix[32];

			snprintf(prefix, sizeof prefix, "line %ld: ", rec.line);
			FUZZ_CHECK(strncmp(err.message, prefix, strlen(prefix)) == 0,
				   "message \"%s\" does not start with \"%s\"", err.message, prefix);
		}
	}
	csv_reader_free(r);
	fclose(in);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct round_trip rt;

	if (size == 0)
		return 0; /* fmemopen() wants at least one byte */
	check_utf8_agree((const char *)data, size);
	for (size_t i = 0; i + 1 < FUZZ_CSV_PASSES; i++)
		read_all(data, size, &FUZZ_CSV_LIMITS[i], NULL);
	round_trip_begin(&rt);
	read_all(data, size, &FUZZ_CSV_LIMITS[FUZZ_CSV_PASSES - 1], &rt);
	round_trip_check(&rt);
	return 0;
}
