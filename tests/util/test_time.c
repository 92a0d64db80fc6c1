/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of util/time.c: the civil-date conversions, the UTC day of an
 * instant, leap years, the formatter and the ISO 8601 parser under each
 * dialect flag, and what every dialect refuses.
 *
 * Known values, by hand and confirmed with `date -u -d <date> +%s`:
 *   1970-01-01 day 0; 1969-12-31 day −1
 *   2000-02-29 951782400 s = day 11016 (a leap day of a year divisible by 400)
 *   1900-03-01 −2203891200 s = day −25508 (1900 is no leap year: no 29 Feb)
 *   2024-02-29 1709164800 s = day 19782
 *   0000-03-01 day −719468 (the algorithm's epoch shift: era 0, first day)
 *   0001-01-01T00:00:00Z −62135596800 s = day −719162
 *   9999-12-31T23:59:59Z 253402300799 s (day 2932896)
 *   2026-11-24T10:00:00Z 1795514400 s
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/time.h"

#define NOV_24 INT64_C(1795514400) /* 2026-11-24T10:00:00Z */

static void assert_civil(int64_t day, int64_t y, int m, int d)
{
	int64_t gy;
	int gm, gd;

	time_civil_from_days(day, &gy, &gm, &gd);
	assert_int_equal(gy, y);
	assert_int_equal(gm, m);
	assert_int_equal(gd, d);
	assert_int_equal(time_days_from_civil(y, m, d), day);
}

static void test_time_known_days(void **state)
{
	(void)state;
	assert_civil(0, 1970, 1, 1);
	assert_civil(-1, 1969, 12, 31);
	assert_civil(11016, 2000, 2, 29);
	assert_civil(11017, 2000, 3, 1);
	assert_civil(-25508, 1900, 3, 1);
	assert_civil(-25509, 1900, 2, 28); /* the day before 1 March 1900 is the 28th */
	assert_civil(19782, 2024, 2, 29);
	assert_civil(-719468, 0, 3, 1);
	assert_civil(-719162, 1, 1, 1);
	assert_civil(2932896, 9999, 12, 31);
}

/*
 * Every day from before year 1 to after 9999: the date of day n+1 follows
 * the date of day n (next day of the month, or the 1st of the next month
 * once the month is full), and converting back gives n. Catches an
 * off-by-one at any month, century or era boundary, negative days included.
 */
static void test_time_every_day_follows(void **state)
{
	int64_t y, ny;
	int m, d, nm, nd;

	(void)state;
	time_civil_from_days(-800000, &y, &m, &d);
	for (int64_t day = -800000; day < 3000000; day++) {
		time_civil_from_days(day + 1, &ny, &nm, &nd);
		if (d < time_days_in_month(y, m)) {
			assert_true(ny == y && nm == m && nd == d + 1);
		} else {
			assert_int_equal(nd, 1);
			assert_int_equal(nm, m == 12 ? 1 : m + 1);
			assert_int_equal(ny, m == 12 ? y + 1 : y);
		}
		assert_int_equal(time_days_from_civil(ny, nm, nd), day + 1);
		y = ny;
		m = nm;
		d = nd;
	}
}

static void test_time_day_of(void **state)
{
	(void)state;
	assert_int_equal(time_day_of(0), 0);
	assert_int_equal(time_day_of(86399), 0);
	assert_int_equal(time_day_of(86400), 1);
	assert_int_equal(time_day_of(-1), -1);
	assert_int_equal(time_day_of(-86400), -1);
	assert_int_equal(time_day_of(-86401), -2);
	assert_int_equal(time_day_of(NOV_24), 20781);
}

static void test_time_leap_years(void **state)
{
	(void)state;
	assert_true(time_is_leap_year(2000));
	assert_true(time_is_leap_year(2024));
	assert_true(time_is_leap_year(2400));
	assert_true(time_is_leap_year(0));
	assert_true(time_is_leap_year(-4));
	assert_false(time_is_leap_year(1900));
	assert_false(time_is_leap_year(2023));
	assert_false(time_is_leap_year(2100));
	assert_false(time_is_leap_year(-1));
	assert_int_equal(time_days_in_month(2023, 2), 28);
	assert_int_equal(time_days_in_month(2024, 2), 29);
	assert_int_equal(time_days_in_month(1900, 2), 28);
	assert_int_equal(time_days_in_month(2000, 2), 29);
	assert_int_equal(time_days_in_month(2024, 4), 30);
	assert_int_equal(time_days_in_month(2024, 12), 31);
	assert_int_equal(time_days_in_month(2024, 0), 0);
	assert_int_equal(time_days_in_month(2024, 13), 0);
}

static void test_time_format(void **state)
{
	char s[TIME_ISO_LEN + 1];

	(void)state;
	assert_true(time_format_utc(0, s));
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	assert_true(time_format_utc(-1, s));
	assert_string_equal(s, "1969-12-31T23:59:59Z");
	assert_true(time_format_utc(951782400, s));
	assert_string_equal(s, "2000-02-29T00:00:00Z");
	assert_true(time_format_utc(NOV_24 + 3599, s));
	assert_string_equal(s, "2026-11-24T10:59:59Z");
	assert_true(time_format_utc(TIME_ISO_MIN, s));
	assert_string_equal(s, "0001-01-01T00:00:00Z");
	assert_true(time_format_utc(TIME_ISO_MAX, s));
	assert_string_equal(s, "9999-12-31T23:59:59Z");
	assert_false(time_format_utc(TIME_ISO_MAX + 1, s));
	assert_string_equal(s, "");
	assert_false(time_format_utc(TIME_ISO_MIN - 1, s));
	assert_false(time_format_utc(INT64_MIN, s));
}

/* Parses `s` under `accept` expecting `want`. */
static void assert_parses(const char *s, unsigned accept, int64_t want)
{
	int64_t t = 12345;

	if (!time_parse_iso8601(s, accept, &t))
		fail_msg("\"%s\" (accept %#x) refused", s, accept);
	assert_int_equal(t, want);
}

/* `s` is refused under `accept` and the output is left alone. */
static void assert_refused(const char *s, unsigned accept)
{
	int64_t t = 12345;

	if (time_parse_iso8601(s, accept, &t))
		fail_msg("\"%s\" (accept %#x) parsed as %lld", s ? s : "(null)", accept,
			 (long long)t);
	assert_int_equal(t, 12345);
}

static void test_time_parse_strict(void **state)
{
	(void)state;
	assert_parses("2026-11-24T10:00:00Z", 0, NOV_24);
	assert_parses("1970-01-01T00:00:00Z", 0, 0);
	assert_parses("1969-12-31T23:59:59Z", 0, -1);
	assert_parses("2000-02-29T00:00:00Z", 0, 951782400);
	assert_parses("2024-02-29T00:00:00Z", 0, 1709164800);
	assert_parses("0001-01-01T00:00:00Z", 0, TIME_ISO_MIN);
	assert_parses("9999-12-31T23:59:59Z", 0, TIME_ISO_MAX);
	/* every extension is off by default */
	assert_refused("2026-11-24T11:00:00+01:00", 0);
	assert_refused("2026-11-24T10:00:00.5Z", 0);
	assert_refused("2026-11-24 10:00:00Z", 0);
	assert_refused("2026-11-24T10:00:00", 0);
	assert_refused("2026-11-24", 0);
}

static void test_time_parse_offsets(void **state)
{
	const unsigned o = TIME_ISO_OFFSET;

	(void)state;
	assert_parses("2026-11-24T11:00:00+01:00", o, NOV_24);
	assert_parses("2026-11-24T05:00:00-05:00", o, NOV_24);
	assert_parses("2026-11-24T15:45:00+05:45", o, NOV_24);
	assert_parses("2026-11-24T10:00:00-00:00", o, NOV_24);
	assert_parses("2026-11-24T10:00:00Z", o, NOV_24);
	/* an offset can cross midnight and the epoch */
	assert_parses("2026-11-25T00:30:00+14:30", o, NOV_24);
	assert_parses("1970-01-01T00:00:00+00:01", o, -60);
	/* the basic form only when asked */
	assert_refused("2026-11-24T11:00:00+0100", o);
	assert_parses("2026-11-24T11:00:00+0100", o | TIME_ISO_OFFSET_BASIC, NOV_24);
	assert_refused("2026-11-24T11:00:00+24:00", o);
	assert_refused("2026-11-24T11:00:00+01:60", o);
	assert_refused("2026-11-24T11:00:00+01", o | TIME_ISO_OFFSET_BASIC);
	assert_refused("2026-11-24T11:00:00+01:000", o);
	assert_refused("2026-11-24T11:00:00+1:00", o);
	assert_refused("2026-11-24T11:00:00 +01:00", o);
	assert_refused("2026-11-24T11:00:00Z+01:00", o);
}

static void test_time_parse_fraction_space_date(void **state)
{
	const unsigned f = TIME_ISO_FRACTION;

	(void)state;
	assert_parses("2026-11-24T10:00:00.5Z", f, NOV_24);
	assert_parses("2026-11-24T10:00:00.999999999Z", f, NOV_24); /* dropped, not rounded */
	assert_parses("2026-11-24T11:00:00.25+01:00", f | TIME_ISO_OFFSET, NOV_24);
	assert_parses("2026-11-24T10:00:00.5", f | TIME_ISO_NO_ZONE, NOV_24);
	assert_refused("2026-11-24T10:00:00.Z", f);
	assert_refused("2026-11-24T10:00:00,5Z", f);
	assert_refused("2026-11-24T10:00:00.5.5Z", f);
	assert_parses("2026-11-24 10:00:00Z", TIME_ISO_SPACE, NOV_24);
	assert_refused("2026-11-24  10:00:00Z", TIME_ISO_SPACE);
	assert_parses("2026-11-24T10:00:00", TIME_ISO_NO_ZONE, NOV_24);
	assert_parses("2026-11-24", TIME_ISO_DATE, NOV_24 - 10 * 3600);
	assert_parses("1969-12-31", TIME_ISO_DATE, -86400);
	assert_refused("2026-11-24T", TIME_ISO_DATE | TIME_ISO_NO_ZONE);
	assert_refused("2023-02-29", TIME_ISO_DATE);
}

static void test_time_parse_rejects(void **state)
{
	const unsigned all = TIME_ISO_OFFSET | TIME_ISO_OFFSET_BASIC | TIME_ISO_FRACTION |
			     TIME_ISO_SPACE | TIME_ISO_NO_ZONE | TIME_ISO_DATE;
	static const char *const bad[] = {
		"", "2026", "2026-11", "2026-11-2", "2026-1-24T10:00:00Z", "+2026-11-24T10:00:00Z",
		"02026-11-24T10:00:00Z", " 2026-11-24T10:00:00Z", "2026-11-24T10:00:00Z ",
		"2026-11-24T10:00:00Zjunk", "2026/11/24T10:00:00Z", "2026-11-24t10:00:00Z",
		"2026-11-24T10:00:00z", "2026-11-24T10:00Z", "2026-11-24T10:00:0Z",
		"2026-11-24T1:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z",
		"2026-11-24T10:00:60Z", "2026-13-01T10:00:00Z", "2026-00-10T10:00:00Z",
		"2026-11-00T10:00:00Z", "2026-11-31T10:00:00Z", "2026-04-31T10:00:00Z",
		"1900-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
		"2026-11-24T10:00:00+", "2026-11-24T-1:00:00Z", "2026-11-24T10:+0:00Z",
		"1795514400", "-2026-11-24",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_refused(bad[i], 0);
		assert_refused(bad[i], all);
	}
	assert_refused(NULL, all);
}

/* What the formatter writes, the strict parser reads back. */
static void test_time_round_trip(void **state)
{
	static const int64_t ts[] = { 0, -1, 1, 951782400, 1709164800, NOV_24, TIME_ISO_MIN,
				      TIME_ISO_MAX, -2203891200, 4102444800 };
	char s[TIME_ISO_LEN + 1];
	int64_t back;

	(void)state;
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		assert_true(time_format_utc(ts[i], s));
		assert_true(time_parse_iso8601(s, 0, &back));
		assert_int_equal(back, ts[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_known_days),
		cmocka_unit_test(test_time_every_day_follows),
		cmocka_unit_test(test_time_day_of),
		cmocka_unit_test(test_time_leap_years),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_time_parse_strict),
		cmocka_unit_test(test_time_parse_offsets),
		cmocka_unit_test(test_time_parse_fraction_space_date),
		cmocka_unit_test(test_time_parse_rejects),
		cmocka_unit_test(test_time_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
