/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of the report renderers' CSV (cli/report_out.c): the measure
 * column is text and neutralised where a spreadsheet would evaluate it, the
 * figures are numbers and never are — a negative gap stays -0.25 — and raw
 * output writes every cell as it is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/report_out.h"

/* A document of two measures: a count under a formula-like key and a negative score. */
static void report_doc_of(struct report_doc *doc)
{
	memset(doc, 0, sizeof *doc);
	doc->title = "Test";
	doc->sheet = "Test";
	doc->population = "cases opened";
	doc->channel = -1;
	doc->n = 2;
	doc->measures[0] = (struct report_measure){ .key = "=1+1", .label = "formula key",
						    .kind = REPORT_VALUE_COUNT, .has_data = true,
						    .count = 5 };
	doc->measures[1] = (struct report_measure){ .key = "gap", .label = "a negative gap",
						    .kind = REPORT_VALUE_SCORE, .has_data = true,
						    .value = -0.25, .ci_low = -0.5, .ci_high = 0,
						    .has_interval = true };
}

static char *report_csv(const struct report_doc *doc, bool raw)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct ld_err err;

	assert_non_null(out);
	assert_int_equal(report_write_csv(doc, out, raw, &err), LD_OK);
	fclose(out);
	return buf;
}

static void test_report_out_csv_neutralises_text_not_figures(void **state)
{
	struct report_doc doc;
	char *csv;
	(void)state;

	report_doc_of(&doc);
	csv = report_csv(&doc, false);
	assert_string_equal(csv, "measure,share,ci_low,ci_high,hits,n\r\n"
				 "\"'=1+1\",5,,,,\r\n"
				 "gap,-0.25,-0.5,0,,\r\n");
	free(csv);
	csv = report_csv(&doc, true);
	assert_string_equal(csv, "measure,share,ci_low,ci_high,hits,n\r\n"
				 "=1+1,5,,,,\r\n"
				 "gap,-0.25,-0.5,0,,\r\n");
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_out_csv_neutralises_text_not_figures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
