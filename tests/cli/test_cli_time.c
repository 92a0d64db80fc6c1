/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of the CLI's time dialect (cli_parse_time, cli_format_time in
 * cli/cli.c over util/time.c), which `import` reads every timestamp with.
 *
 * The dialect once had a parser of its own on sscanf("%4d-%2d-%2d"), which
 * took 29 February of any year (2023-02-29 became 1 March), signs and spaces
 * inside fields ("2024-+1-01", "2024- 1-01") and a second 60, and refused
 * every offset but +00:00. Values: 2026-11-24T10:00:00Z is 1795514400 s,
 * 2024-02-29 is 1709164800 s (`date -u -d … +%s`).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"

#define NOV_24 INT64_C(1795514400)

static void assert_cli_time(const char *s, int64_t want)
{
	int64_t t = -7;

	if (!cli_parse_time(s, &t))
		fail_msg("\"%s\" refused", s);
	assert_int_equal(t, want);
}

static void assert_cli_refused(const char *s)
{
	int64_t t = -7;

	if (cli_parse_time(s, &t))
		fail_msg("\"%s\" read as %lld", s, (long long)t);
	assert_int_equal(t, -7);
}

static void test_cli_time_forms(void **state)
{
	(void)state;
	assert_cli_time("1795514400", NOV_24);                 /* Unix seconds */
	assert_cli_time("0", 0);
	assert_cli_time("2026-11-24T10:00:00Z", NOV_24);
	assert_cli_time("2026-11-24T10:00:00", NOV_24);       /* no zone: UTC */
	assert_cli_time("2026-11-24 10:00:00Z", NOV_24);
	assert_cli_time("2026-11-24T10:00:00+00:00", NOV_24);
	assert_cli_time("2026-11-24T11:00:00+01:00", NOV_24); /* any offset now */
	assert_cli_time("2026-11-24T05:00:00-05:00", NOV_24);
	assert_cli_time("2026-11-24", NOV_24 - 10 * 3600);
	assert_cli_time("2024-02-29", INT64_C(1709164800));
}

static void test_cli_time_rejects_what_the_calendar_lacks(void **state)
{
	(void)state;
	assert_cli_refused("2023-02-29");
	assert_cli_refused("2023-02-29T00:00:00Z");
	assert_cli_refused("1900-02-29T12:00:00Z");
	assert_cli_refused("2026-04-31");
	assert_cli_refused("2026-11-24T10:00:60Z");
	assert_cli_refused("2024-+1-01");
	assert_cli_refused("2024- 1-01");
	assert_cli_refused("2024-1-01");
	assert_cli_refused("1969-12-31");                      /* before 1970 */
	assert_cli_refused("1970-01-01T00:30:00+01:00");      /* … also by its offset */
	assert_cli_refused("-5");
	assert_cli_refused("");
	assert_cli_refused("yesterday");
	assert_cli_refused("2026-11-24T10:00:00.5Z");
}

static void test_cli_time_format(void **state)
{
	char s[32];

	(void)state;
	cli_format_time(NOV_24, s, sizeof s);
	assert_string_equal(s, "2026-11-24T10:00:00Z");
	cli_format_time(0, s, sizeof s);
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	cli_format_time(INT64_C(253402300800), s, sizeof s); /* year 10000 */
	assert_string_equal(s, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_time_forms),
		cmocka_unit_test(test_cli_time_rejects_what_the_calendar_lacks),
		cmocka_unit_test(test_cli_time_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
