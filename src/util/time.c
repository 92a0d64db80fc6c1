/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Civil dates and ISO 8601 instants (contract in util/time.h).
 *
 * The calendar conversions are Howard Hinnant's ("chrono-Compatible
 * Low-Level Date Algorithms", 2013, public domain): the year is shifted to
 * start on 1 March so that the leap day is the last day of the year, and the
 * 400-year era (146097 days) makes the arithmetic exact for negative days
 * too, without a table and without <time.h> (gmtime_r and timegm depend on
 * the build's time_t and, for timegm, are not C11).
 *
 * The parser reads fixed positions: every field has exactly its width, so
 * "2026-1-5" and "+2026-…" fail, where sscanf("%4d") would take signs,
 * spaces and short fields. Dialect flags only add forms; the range checks
 * are the same for all of them.
 */
#include "util/time.h"

#include <stddef.h>
#include <string.h>

int64_t time_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;                                     /* 0 … 399 */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;   /* 0 … 365 */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* 0 … 146096 */
	return era * 146097 + doe - 719468;
}

void time_civil_from_days(int64_t day, int64_t *y, int *m, int *d)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                         /* 0 … 146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;     /* 0 … 399 */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                  /* 0 … 365 */
	int64_t mp = (5 * doy + 2) / 153;                                       /* 0 … 11, from March */

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t time_day_of(int64_t t)
{
	return t >= 0 ? t / TIME_DAY_S : -((-(t + 1)) / TIME_DAY_S) - 1;
}

bool time_is_leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int time_days_in_month(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && time_is_leap_year(y) ? 29 : days[m - 1];
}

/* Writes `v` as exactly `width` decimal digits at `out`. */
static void put_digits(char *out, int64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

bool time_format_utc(int64_t t, char out[TIME_ISO_LEN + 1])
{
	int64_t day, secs, y;
	int m, d;

	if (t < TIME_ISO_MIN || t > TIME_ISO_MAX) {
		out[0] = '\0';
		return false;
	}
	day = time_day_of(t);
	secs = t - day * TIME_DAY_S;
	time_civil_from_days(day, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = 'T';
	put_digits(out + 11, secs / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, secs / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, secs % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
	return true;
}

/* Reads exactly `n` ASCII digits at `s` into *v. */
static bool read_digits(const char *s, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return true;
}

/* The zone designator at `s` (after the seconds and any fraction): *offset
 * east of UTC in seconds. */
static bool read_zone(const char *s, unsigned accept, int64_t *offset)
{
	int oh, om;

	*offset = 0;
	if (s[0] == '\0')
		return (accept & TIME_ISO_NO_ZONE) != 0;
	if (s[0] == 'Z')
		return s[1] == '\0';
	if ((s[0] != '+' && s[0] != '-') || (accept & TIME_ISO_OFFSET) == 0 ||
	    !read_digits(s + 1, 2, &oh))
		return false;
	if (s[3] == ':') {
		if (!read_digits(s + 4, 2, &om) || s[6] != '\0')
			return false;
	} else if ((accept & TIME_ISO_OFFSET_BASIC) != 0) {
		if (!read_digits(s + 3, 2, &om) || s[5] != '\0')
			return false;
	} else {
		return false;
	}
	if (oh > 23 || om > 59)
		return false;
	*offset = (int64_t)(oh * 3600 + om * 60);
	if (s[0] == '-')
		*offset = -*offset;
	return true;
}

bool time_parse_iso8601(const char *s, unsigned accept, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t offset = 0;
	const char *p;

	if (s == NULL || !read_digits(s, 4, &y) || s[4] != '-' || !read_digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !read_digits(s + 8, 2, &d))
		return false;
	if (y < 1 || d < 1 || d > time_days_in_month(y, mo))
		return false;
	if (s[10] == '\0') {
		if ((accept & TIME_ISO_DATE) == 0)
			return false;
	} else {
		if (s[10] != 'T' && !(s[10] == ' ' && (accept & TIME_ISO_SPACE) != 0))
			return false;
		if (!read_digits(s + 11, 2, &h) || s[13] != ':' || !read_digits(s + 14, 2, &mi) ||
		    s[16] != ':' || !read_digits(s + 17, 2, &sec) || h > 23 || mi > 59 || sec > 59)
			return false;
		p = s + 19;
		if (*p == '.' && (accept & TIME_ISO_FRACTION) != 0) {
			if (p[1] < '0' || p[1] > '9')
				return false;
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		}
		if (!read_zone(p, accept, &offset))
			return false;
	}
	*out = time_days_from_civil(y, mo, d) * TIME_DAY_S + (int64_t)(h * 3600 + mi * 60 + sec) -
	       offset;
	return true;
}
