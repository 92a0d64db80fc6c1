/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of core/sla.c: business seconds and due times across days,
 * weekends, holidays, midnight shifts and both DST nights; the SLA clock
 * (start, pause, resume, remaining, breach); the opening-hours text form.
 *
 * Time zones are hand-written pure functions: UTC, and "Prague" = CET
 * (UTC+1) with CEST (UTC+2) from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC (the EU rule). In 2026 those are
 * 2026-03-29 01:00 UTC and 2026-10-25 01:00 UTC. Every expected value is
 * computed by hand in the comment above its assertion; instants are written
 * as utc(y, m, d, h, min, s) in UTC, and the comments give the local time.
 *
 * 2026 calendar used below: Jan 1 is a Thursday, so Mon 5 Jan, Fri 9 Jan,
 * Mon 12 Jan; Sun 22 Mar and Sun 29 Mar; Fri 23 Oct, Sun 25 Oct, Mon 26 Oct;
 * Wed 23 Dec, Thu 24 Dec, Mon 28 Dec. Dec 31 2025 is a Wednesday.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/sla.h"

#define H 3600
#define DAY 86400

/* ---- an independent calendar for the tests (naive loops, years ≥ 1970) ---- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int64_t test_days(int y, int m, int d)
{
	static const int cumulative[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	int64_t days = 0;
	for (int yy = 1970; yy < y; yy++)
		days += is_leap(yy) ? 366 : 365;
	return days + cumulative[m - 1] + (m > 2 && is_leap(y)) + d - 1;
}

static int64_t utc(int y, int m, int d, int hh, int mm, int ss)
{
	return test_days(y, m, d) * DAY + hh * 3600 + mm * 60 + ss;
}

/* Local wall time as "local seconds" (wall time read as if it were UTC). */
static int64_t local(int y, int m, int d, int hh, int mm, int ss)
{
	return utc(y, m, d, hh, mm, ss);
}

/* yyyymmdd of day number `days` (≥ 0). */
static int32_t test_ymd(int64_t days)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 1970, m = 0;
	while (days >= (is_leap(y) ? 366 : 365)) {
		days -= is_leap(y) ? 366 : 365;
		y++;
	}
	for (;;) {
		int n = len[m] + (m == 1 && is_leap(y));
		if (days < n)
			break;
		days -= n;
		m++;
	}
	return y * 10000 + (m + 1) * 100 + (int)days + 1;
}

/* The last Sunday of March or October (both have 31 days) at 01:00 UTC. */
static int64_t eu_change(int y, int m)
{
	int64_t last = test_days(y, m, 31);
	int wd = (int)((last + 3) % 7); /* 0 = Monday; day 0 was a Thursday */
	return (last - (wd + 1) % 7) * DAY + H;
}

static int32_t prague_offset(const void *ctx, int64_t t)
{
	(void)ctx;
	int y = 1970 + (int)(t / 31556952);
	while (utc(y, 1, 1, 0, 0, 0) > t)
		y--;
	while (utc(y + 1, 1, 1, 0, 0, 0) <= t)
		y++;
	return t >= eu_change(y, 3) && t < eu_change(y, 10) ? 2 * H : H;
}

static const struct sla_tz PRAGUE = { prague_offset, NULL };
static const struct sla_tz UTC = { NULL, NULL };

static struct sla_calendar calendar(const char *hours, struct sla_tz tz, const int32_t *holidays,
				    size_t holidays_len)
{
	struct sla_calendar c;
	memset(&c, 0, sizeof c);
	assert_int_equal(sla_week_parse(hours, &c.week, NULL), LD_OK);
	c.tz = tz;
	c.holidays = holidays;
	c.holidays_len = holidays_len;
	assert_int_equal(sla_calendar_check(&c, NULL), LD_OK);
	return c;
}

/* ======================================================================
 * The test scaffolding itself
 * ====================================================================== */

static void test_sla_helpers_match_known_instants(void **state)
{
	(void)state;
	/* date -u -d '2026-01-01 00:00 UTC' +%s = 1767225600 (20454 days × 86400). */
	assert_int_equal(utc(2026, 1, 1, 0, 0, 0), 1767225600);
	/* 2026-03-29 01:00 UTC = (20454 + 31 + 28 + 28) × 86400 + 3600 = 1774746000. */
	assert_int_equal(eu_change(2026, 3), 1774746000);
	/* date -u -d '2026-10-25 01:00 UTC' +%s = 1792890000. */
	assert_int_equal(eu_change(2026, 10), 1792890000);
	assert_int_equal(prague_offset(NULL, 1774746000 - 1), H);
	assert_int_equal(prague_offset(NULL, 1774746000), 2 * H);
	assert_int_equal(prague_offset(NULL, 1792890000 - 1), 2 * H);
	assert_int_equal(prague_offset(NULL, 1792890000), H);
	assert_int_equal(test_ymd(test_days(2026, 12, 31)), 20261231);
	assert_int_equal(test_ymd(test_days(2028, 2, 29)), 20280229);
}

/* ======================================================================
 * Local time → UTC
 * ====================================================================== */

static void test_sla_local_to_utc_plain_and_utc(void **state)
{
	(void)state;
	/* Winter: 2026-01-05 09:30 CET = 08:30 UTC; summer: 2026-07-15 14:00 CEST = 12:00 UTC. */
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 1, 5, 9, 30, 0)), utc(2026, 1, 5, 8, 30, 0));
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 7, 15, 14, 0, 0)), utc(2026, 7, 15, 12, 0, 0));
	/* UTC (NULL function, NULL zone): identity. */
	assert_int_equal(sla_local_to_utc(&UTC, 1767225600), 1767225600);
	assert_int_equal(sla_local_to_utc(NULL, 1767225600), 1767225600);
}

static void test_sla_local_to_utc_spring_gap_resolves_forward(void **state)
{
	(void)state;
	/* 2026-03-29: 01:59:59 CET still exists = 00:59:59 UTC. */
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 3, 29, 1, 59, 59)), utc(2026, 3, 29, 0, 59, 59));
	/* 02:00, 02:30 and 02:59:59 never happen; all resolve to the change, 01:00 UTC (= 03:00 CEST). */
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 3, 29, 2, 0, 0)), utc(2026, 3, 29, 1, 0, 0));
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 3, 29, 2, 30, 0)), utc(2026, 3, 29, 1, 0, 0));
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 3, 29, 2, 59, 59)), utc(2026, 3, 29, 1, 0, 0));
	/* 03:00 CEST = 01:00 UTC; 03:00:01 CEST = 01:00:01 UTC. */
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 3, 29, 3, 0, 0)), utc(2026, 3, 29, 1, 0, 0));
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 3, 29, 3, 0, 1)), utc(2026, 3, 29, 1, 0, 1));
}

static void test_sla_local_to_utc_fall_overlap_takes_first(void **state)
{
	(void)state;
	/* 2026-10-25: 01:59:59 CEST = 2026-10-24 23:59:59 UTC. */
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 10, 25, 1, 59, 59)), utc(2026, 10, 24, 23, 59, 59));
	/* 02:00 and 02:30 happen twice (CEST, then CET); first = CEST: 00:00 and 00:30 UTC. */
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 10, 25, 2, 0, 0)), utc(2026, 10, 25, 0, 0, 0));
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 10, 25, 2, 30, 0)), utc(2026, 10, 25, 0, 30, 0));
	/* 02:59:59 first occurrence = 00:59:59 UTC; 03:00 exists once, CET = 02:00 UTC. */
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 10, 25, 2, 59, 59)), utc(2026, 10, 25, 0, 59, 59));
	assert_int_equal(sla_local_to_utc(&PRAGUE, local(2026, 10, 25, 3, 0, 0)), utc(2026, 10, 25, 2, 0, 0));
}

/* ======================================================================
 * Business seconds and due times, office hours mon-fri 08:00-17:00 Prague
 * ====================================================================== */

static void test_sla_within_one_day(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	/* Mon 5 Jan 09:30 → 15:45 CET: 6 h 15 min = 22500 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2026, 1, 5, 8, 30, 0), utc(2026, 1, 5, 14, 45, 0)), 22500);
	/* Mon 09:30 CET + 4 h = 13:30 CET = 12:30 UTC. */
	assert_int_equal(sla_add_business(&c, utc(2026, 1, 5, 8, 30, 0), 4 * H), utc(2026, 1, 5, 12, 30, 0));
	/* Whole Monday, 00:00 → 24:00 CET: 9 h = 32400 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2026, 1, 4, 23, 0, 0), utc(2026, 1, 5, 23, 0, 0)), 32400);
	/* to ≤ from: 0. */
	assert_int_equal(sla_business_seconds(&c, utc(2026, 1, 5, 14, 0, 0), utc(2026, 1, 5, 9, 0, 0)), 0);
	assert_int_equal(sla_business_seconds(&c, utc(2026, 1, 5, 9, 0, 0), utc(2026, 1, 5, 9, 0, 0)), 0);
}

static void test_sla_across_weekend(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	/* Fri 9 Jan 15:30 CET → Mon 12 Jan 10:00 CET: Fri 1.5 h + Mon 2 h = 3.5 h = 12600 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2026, 1, 9, 14, 30, 0), utc(2026, 1, 12, 9, 0, 0)), 12600);
	/* Fri 15:30 CET + 4 h: 1.5 h on Friday, 2.5 h from Mon 08:00 → Mon 10:30 CET = 09:30 UTC. */
	assert_int_equal(sla_add_business(&c, utc(2026, 1, 9, 14, 30, 0), 4 * H), utc(2026, 1, 12, 9, 30, 0));
	/* A full week Mon 00:00 → next Mon 00:00 CET: 5 × 9 h = 162000 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2026, 1, 4, 23, 0, 0), utc(2026, 1, 11, 23, 0, 0)), 162000);
}

static void test_sla_start_outside_hours(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	/* Sat 10 Jan 12:00 CET → Mon 12 Jan 09:00 CET: only Mon 08-09 = 3600 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2026, 1, 10, 11, 0, 0), utc(2026, 1, 12, 8, 0, 0)), 3600);
	/* Sat 12:00 + 1 h → Mon 09:00 CET = 08:00 UTC. */
	assert_int_equal(sla_add_business(&c, utc(2026, 1, 10, 11, 0, 0), H), utc(2026, 1, 12, 8, 0, 0));
	/* Tue 6 Jan 06:00 → 10:00 CET: 08-10 = 7200 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2026, 1, 6, 5, 0, 0), utc(2026, 1, 6, 9, 0, 0)), 7200);
	/* Zero seconds from outside hours: from itself (Sat 12:00 CET), not the next opening. */
	assert_int_equal(sla_add_business(&c, utc(2026, 1, 10, 11, 0, 0), 0), utc(2026, 1, 10, 11, 0, 0));
	/* Negative budgets count as zero. */
	assert_int_equal(sla_add_business(&c, utc(2026, 1, 10, 11, 0, 0), -5), utc(2026, 1, 10, 11, 0, 0));
}

static void test_sla_start_exactly_at_open_and_close(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	int64_t mon_open = utc(2026, 1, 5, 7, 0, 0);   /* Mon 08:00 CET */
	int64_t mon_close = utc(2026, 1, 5, 16, 0, 0); /* Mon 17:00 CET */
	/* Open → close: 9 h = 32400 s. */
	assert_int_equal(sla_business_seconds(&c, mon_open, mon_close), 32400);
	/* A budget that runs out exactly at closing is due at closing (Mon 17:00), not Tue 08:00. */
	assert_int_equal(sla_add_business(&c, mon_open, 32400), mon_close);
	/* Mon 16:00 CET + 1 h = Mon 17:00 CET. */
	assert_int_equal(sla_add_business(&c, mon_close - H, H), mon_close);
	/* The last open second: [16:59:59, 17:00:00) = 1 s. */
	assert_int_equal(sla_business_seconds(&c, mon_close - 1, mon_close), 1);
	/* From closing to Tue 08:00 CET: 0 s. */
	assert_int_equal(sla_business_seconds(&c, mon_close, utc(2026, 1, 6, 7, 0, 0)), 0);
	/* One second from closing → Tue 08:00:01 CET = 07:00:01 UTC. */
	assert_int_equal(sla_add_business(&c, mon_close, 1), utc(2026, 1, 6, 7, 0, 1));
	/* Zero seconds at closing: closing itself. */
	assert_int_equal(sla_add_business(&c, mon_close, 0), mon_close);
	/* One second at opening: 08:00:01. */
	assert_int_equal(sla_add_business(&c, mon_open, 1), mon_open + 1);
}

static void test_sla_across_midnight(void **state)
{
	(void)state;
	struct sla_calendar office = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	/* Mon 5 Jan 16:00 CET → Tue 09:00 CET: Mon 1 h + Tue 1 h = 7200 s. */
	assert_int_equal(sla_business_seconds(&office, utc(2026, 1, 5, 15, 0, 0), utc(2026, 1, 6, 8, 0, 0)), 7200);
	/* Mon 16:00 CET + 2 h → Tue 09:00 CET = 08:00 UTC. */
	assert_int_equal(sla_add_business(&office, utc(2026, 1, 5, 15, 0, 0), 2 * H), utc(2026, 1, 6, 8, 0, 0));

	/* Night shift Sunday 22:00 to Monday 06:00, in UTC. */
	struct sla_calendar night = calendar("sun 22:00-24:00; mon 00:00-06:00", UTC, NULL, 0);
	/* Sun 11 Jan 21:00 → Mon 12 Jan 07:00: 2 h + 6 h = 28800 s. */
	assert_int_equal(sla_business_seconds(&night, utc(2026, 1, 11, 21, 0, 0), utc(2026, 1, 12, 7, 0, 0)), 28800);
	/* Sun 23:00 → Mon 01:00, straight through midnight: 7200 s. */
	assert_int_equal(sla_business_seconds(&night, utc(2026, 1, 11, 23, 0, 0), utc(2026, 1, 12, 1, 0, 0)), 7200);
	/* Sun 23:30 + 1 h = Mon 00:30. */
	assert_int_equal(sla_add_business(&night, utc(2026, 1, 11, 23, 30, 0), H), utc(2026, 1, 12, 0, 30, 0));
	/* Sun 23:00 + 1 h = Mon 00:00 exactly (Sunday's span ends where Monday's begins). */
	assert_int_equal(sla_add_business(&night, utc(2026, 1, 11, 23, 0, 0), H), utc(2026, 1, 12, 0, 0, 0));
	/* Sat 12:00 + 8 h: Sun 22-24 (2 h) + Mon 00-06 (6 h) → Mon 06:00. */
	assert_int_equal(sla_add_business(&night, utc(2026, 1, 10, 12, 0, 0), 8 * H), utc(2026, 1, 12, 6, 0, 0));
	/* Mon 05:00 + 2 h: 1 h Monday, then Sun 18 Jan 22:00 + 1 h → Sun 23:00. */
	assert_int_equal(sla_add_business(&night, utc(2026, 1, 12, 5, 0, 0), 2 * H), utc(2026, 1, 18, 23, 0, 0));

	/* The same shift in Prague: Sun 22:00 CET = 21:00 UTC; Mon 06:00 CET = 05:00 UTC. */
	struct sla_calendar night_prague = calendar("sun 22:00-24:00; mon 00:00-06:00", PRAGUE, NULL, 0);
	/* Sun 11 Jan 20:00 UTC → Mon 12 Jan 06:00 UTC covers the whole shift: 8 h = 28800 s. */
	assert_int_equal(sla_business_seconds(&night_prague, utc(2026, 1, 11, 20, 0, 0), utc(2026, 1, 12, 6, 0, 0)),
			 28800);
	/* Sun 23:30 CET (22:30 UTC) + 1 h = Mon 00:30 CET = Sun 23:30 UTC. */
	assert_int_equal(sla_add_business(&night_prague, utc(2026, 1, 11, 22, 30, 0), H), utc(2026, 1, 11, 23, 30, 0));
}

static void test_sla_across_holiday(void **state)
{
	(void)state;
	static const int32_t holidays[] = { 20260101, 20260406, 20261224, 20261225, 20261226 };
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, holidays, 5);
	/* Wed 31 Dec 2025 16:00 CET → Fri 2 Jan 09:00 CET: Wed 1 h + Thu holiday 0 + Fri 1 h = 7200 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2025, 12, 31, 15, 0, 0), utc(2026, 1, 2, 8, 0, 0)), 7200);
	/* Wed 16:00 CET + 4 h: 1 h Wed, Thu closed, Fri 08:00 + 3 h → Fri 11:00 CET = 10:00 UTC. */
	assert_int_equal(sla_add_business(&c, utc(2025, 12, 31, 15, 0, 0), 4 * H), utc(2026, 1, 2, 10, 0, 0));
	/* Wed 23 Dec 16:00 CET + 2 h: 1 h Wed; Thu 24, Fri 25 holidays; weekend; Mon 28 08:00 + 1 h
	 * → Mon 28 Dec 09:00 CET = 08:00 UTC. */
	assert_int_equal(sla_add_business(&c, utc(2026, 12, 23, 15, 0, 0), 2 * H), utc(2026, 12, 28, 8, 0, 0));
	/* The holiday alone (Thu 1 Jan 00:00 → Fri 00:00 CET): 0 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2025, 12, 31, 23, 0, 0), utc(2026, 1, 1, 23, 0, 0)), 0);

	/* A holiday closes its own date only: Monday 12 Jan a holiday, the Sunday part of the
	 * night shift still runs. Sun 11 Jan 21:00 → Mon 07:00 UTC: 2 h (Sun 22-24) = 7200 s. */
	static const int32_t monday[] = { 20260112 };
	struct sla_calendar night = calendar("sun 22:00-24:00; mon 00:00-06:00", UTC, monday, 1);
	assert_int_equal(sla_business_seconds(&night, utc(2026, 1, 11, 21, 0, 0), utc(2026, 1, 12, 7, 0, 0)), 7200);
}

/* ======================================================================
 * DST nights (Prague 2026)
 * ====================================================================== */

static void test_sla_spring_forward_night(void **state)
{
	(void)state;
	/* The whole local Sunday 29 Mar: 00:00 CET = Sat 23:00 UTC → Mon 00:00 CEST = Sun 22:00 UTC. */
	int64_t sun_start = utc(2026, 3, 28, 23, 0, 0), sun_end = utc(2026, 3, 29, 22, 0, 0);

	/* "sun 01:00-04:00": 01:00 CET = 00:00 UTC → 04:00 CEST = 02:00 UTC: 2 real hours = 7200 s. */
	struct sla_calendar c = calendar("sun 01:00-04:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&c, sun_start, sun_end), 7200);
	/* The Sunday before (22 Mar, all CET): 3 h = 10800 s. */
	assert_int_equal(sla_business_seconds(&c, utc(2026, 3, 21, 23, 0, 0), utc(2026, 3, 22, 23, 0, 0)), 10800);
	/* From 01:00 CET (00:00 UTC) + 1 h: the clock jumps 02:00 → 03:00, so 01:00 UTC (03:00 CEST). */
	assert_int_equal(sla_add_business(&c, utc(2026, 3, 29, 0, 0, 0), H), utc(2026, 3, 29, 1, 0, 0));
	/* + 2 h = the end of the interval, 04:00 CEST = 02:00 UTC. */
	assert_int_equal(sla_add_business(&c, utc(2026, 3, 29, 0, 0, 0), 2 * H), utc(2026, 3, 29, 2, 0, 0));
	/* + 2 h 1 s: next Sunday 5 Apr 01:00 CEST = Sat 4 Apr 23:00 UTC, + 1 s. */
	assert_int_equal(sla_add_business(&c, utc(2026, 3, 29, 0, 0, 0), 2 * H + 1), utc(2026, 4, 4, 23, 0, 1));

	/* "sun 02:00-03:00" does not exist that night: 0 s. */
	struct sla_calendar gap = calendar("sun 02:00-03:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&gap, sun_start, sun_end), 0);
	/* "sun 02:30-05:00": opens at the change 01:00 UTC, closes 05:00 CEST = 03:00 UTC: 7200 s. */
	struct sla_calendar late = calendar("sun 02:30-05:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&late, sun_start, sun_end), 7200);
	/* "sun 00:00-02:30": 00:00 CET = Sat 23:00 UTC → (02:30 → the change) 01:00 UTC: 7200 s. */
	struct sla_calendar early = calendar("sun 00:00-02:30", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&early, sun_start, sun_end), 7200);
	/* Around the clock: the day has 23 real hours = 82800 s. */
	struct sla_calendar all = calendar("mon-sun 00:00-24:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&all, sun_start, sun_end), 82800);

	/* Office hours over the DST weekend: Fri 27 Mar 16:00 CET (15:00 UTC) → Mon 30 Mar 09:00
	 * CEST (07:00 UTC): Fri 1 h + Mon 1 h = 7200 s. */
	struct sla_calendar office = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&office, utc(2026, 3, 27, 15, 0, 0), utc(2026, 3, 30, 7, 0, 0)), 7200);
	/* Fri 16:00 CET + 2 h = Mon 09:00 CEST = 07:00 UTC (a fixed Friday offset would say 08:00). */
	assert_int_equal(sla_add_business(&office, utc(2026, 3, 27, 15, 0, 0), 2 * H), utc(2026, 3, 30, 7, 0, 0));
}

static void test_sla_fall_back_night(void **state)
{
	(void)state;
	/* Local Sunday 25 Oct: 00:00 CEST = Sat 22:00 UTC → Mon 00:00 CET = Sun 23:00 UTC. */
	int64_t sun_start = utc(2026, 10, 24, 22, 0, 0), sun_end = utc(2026, 10, 25, 23, 0, 0);

	/* "sun 01:00-04:00": 01:00 CEST = Sat 23:00 UTC → 04:00 CET = 03:00 UTC: 4 real hours = 14400 s. */
	struct sla_calendar c = calendar("sun 01:00-04:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&c, sun_start, sun_end), 14400);
	/* From 01:00 CEST + 3 h = 02:00 UTC (= 03:00 CET); wall-clock arithmetic would say 03:00 UTC. */
	assert_int_equal(sla_add_business(&c, utc(2026, 10, 24, 23, 0, 0), 3 * H), utc(2026, 10, 25, 2, 0, 0));
	/* + 4 h = the end, 04:00 CET = 03:00 UTC. */
	assert_int_equal(sla_add_business(&c, utc(2026, 10, 24, 23, 0, 0), 4 * H), utc(2026, 10, 25, 3, 0, 0));

	/* "sun 02:00-03:00" covers the repeated hour twice: 02:00 CEST = 00:00 UTC → 03:00 CET
	 * = 02:00 UTC: 7200 s. */
	struct sla_calendar twice = calendar("sun 02:00-03:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&twice, sun_start, sun_end), 7200);
	/* "sun 00:00-02:30" ends at the first 02:30 (CEST, 00:30 UTC): 22:00 → 00:30 UTC = 9000 s. */
	struct sla_calendar early = calendar("sun 00:00-02:30", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&early, sun_start, sun_end), 9000);
	/* ... and does not reopen for the second pass 02:00-02:30 CET (01:00-01:30 UTC): 0 s. */
	assert_int_equal(sla_business_seconds(&early, utc(2026, 10, 25, 1, 0, 0), utc(2026, 10, 25, 1, 30, 0)), 0);
	/* Around the clock: the day has 25 real hours = 90000 s. */
	struct sla_calendar all = calendar("mon-sun 00:00-24:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&all, sun_start, sun_end), 90000);

	/* Office hours: Fri 23 Oct 16:00 CEST (14:00 UTC) + 2 h = Mon 26 Oct 09:00 CET = 08:00 UTC. */
	struct sla_calendar office = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	assert_int_equal(sla_add_business(&office, utc(2026, 10, 23, 14, 0, 0), 2 * H), utc(2026, 10, 26, 8, 0, 0));
	/* Fri 16:00 CEST → Mon 09:00 CET: 1 h + 1 h = 7200 s. */
	assert_int_equal(sla_business_seconds(&office, utc(2026, 10, 23, 14, 0, 0), utc(2026, 10, 26, 8, 0, 0)), 7200);
}

/* ======================================================================
 * 24/7 and calendars without open time
 * ====================================================================== */

static void test_sla_always_open(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("24/7", UTC, NULL, 0);
	int64_t a = utc(2026, 1, 9, 15, 30, 0);
	/* Fri 15:30 → Mon 10:00 = 2 days 18.5 h = 66.5 h = 239400 s: no closed time at all. */
	assert_int_equal(sla_business_seconds(&c, a, utc(2026, 1, 12, 10, 0, 0)), 239400);
	/* + 4 h = Fri 19:30. */
	assert_int_equal(sla_add_business(&c, a, 4 * H), utc(2026, 1, 9, 19, 30, 0));

	/* In Prague too, across the spring change: real seconds. Sat 28 Mar 12:00 UTC → Sun 29 Mar
	 * 12:00 UTC = 86400 s. */
	struct sla_calendar p = calendar("24/7", PRAGUE, NULL, 0);
	assert_int_equal(sla_business_seconds(&p, utc(2026, 3, 28, 12, 0, 0), utc(2026, 3, 29, 12, 0, 0)), 86400);

	/* 24/7 with a holiday: New Year's Day (Dec 31 23:00 UTC → Jan 1 23:00 UTC) is closed.
	 * Dec 31 00:00 UTC → Jan 2 00:00 UTC = 172800 s − 86400 s = 86400 s. */
	static const int32_t ny[] = { 20260101 };
	struct sla_calendar h = calendar("24/7", PRAGUE, ny, 1);
	assert_int_equal(sla_business_seconds(&h, utc(2025, 12, 31, 0, 0, 0), utc(2026, 1, 2, 0, 0, 0)), 86400);
	/* Dec 31 22:00 UTC + 2 h: 1 h to 23:00 UTC, holiday, then Jan 1 23:00 UTC + 1 h = Jan 2 00:00 UTC. */
	assert_int_equal(sla_add_business(&h, utc(2025, 12, 31, 22, 0, 0), 2 * H), utc(2026, 1, 2, 0, 0, 0));

	/* Business seconds up to "never" are infinite. */
	assert_true(sla_business_seconds(&c, a, SLA_NEVER) == SLA_NEVER);
	assert_true(sla_add_business(&c, SLA_TIME_MAX - 10, 11) == SLA_NEVER);
}

/* Fills `out` with the yyyymmdd of `n` consecutive Mondays from Mon 5 Jan 2026. */
static void every_monday(int32_t *out, size_t n)
{
	int64_t day = test_days(2026, 1, 5);
	for (size_t i = 0; i < n; i++)
		out[i] = test_ymd(day + 7 * (int64_t)i);
}

static void test_sla_no_open_time_is_never(void **state)
{
	(void)state;
	/* Open Mondays only; 170 Mondays in a row are holidays: 170 weeks = 1190 days, beyond the
	 * 1100-day horizon. */
	static int32_t mondays[170];
	every_monday(mondays, 170);
	struct sla_calendar c = calendar("mon 08:00-17:00", UTC, mondays, 170);
	int64_t from = utc(2026, 1, 5, 0, 0, 0);
	assert_true(sla_add_business(&c, from, 1) == SLA_NEVER);
	/* Over the whole horizon nothing is open. */
	assert_int_equal(sla_business_seconds(&c, from, from + 1100 * (int64_t)DAY), 0);

	/* With only the first 150 Mondays closed, the 151st (5 Jan 2026 + 150 weeks) opens:
	 * due at its 08:00:01. */
	struct sla_calendar d = calendar("mon 08:00-17:00", UTC, mondays, 150);
	assert_int_equal(sla_add_business(&d, from, 1), from + 150 * 7 * (int64_t)DAY + 8 * H + 1);

	/* A case under the closed calendar: due never, remaining "never", never breached. */
	struct sla_policy policy = { .id = 7, .first_response_s = 4 * H, .resolution_s = 0 };
	struct ld_case_sla s;
	sla_start(&policy, &c, from, &s);
	assert_true(s.first_response_due == SLA_NEVER);
	assert_int_equal(s.resolution_due, 0);
	assert_true(sla_case_remaining(&c, &s, SLA_FIRST_RESPONSE, from + 400 * (int64_t)DAY) == SLA_NEVER);
	assert_false(sla_check(&s, 0, 0, from + 400 * (int64_t)DAY));
	assert_false(s.first_response_breached);
}

/* ======================================================================
 * The SLA clock of a case
 * ====================================================================== */

static const struct sla_policy POLICY = {
	.id = 3, .first_response_s = 4 * H, .resolution_s = 16 * H, .pause_on_pending = true,
};

static void test_sla_start_due_times(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	struct ld_case_sla s;
	/* Opened Mon 5 Jan 09:00 CET (08:00 UTC). First response 4 h → Mon 13:00 CET = 12:00 UTC.
	 * Resolution 16 h: Mon 09-17 (8 h) + Tue 08-16 (8 h) → Tue 16:00 CET = 15:00 UTC. */
	sla_start(&POLICY, &c, utc(2026, 1, 5, 8, 0, 0), &s);
	assert_int_equal(s.policy_id, 3);
	assert_int_equal(s.first_response_due, utc(2026, 1, 5, 12, 0, 0));
	assert_int_equal(s.resolution_due, utc(2026, 1, 6, 15, 0, 0));
	assert_int_equal(s.paused_at, 0);
	assert_false(s.first_response_breached);
	assert_false(s.resolution_breached);

	/* No policy: everything zero. */
	sla_start(NULL, &c, utc(2026, 1, 5, 8, 0, 0), &s);
	assert_int_equal(s.policy_id, 0);
	assert_int_equal(s.first_response_due, 0);
	assert_int_equal(s.resolution_due, 0);
}

static void test_sla_pause_resume_pushes_due(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	struct ld_case_sla s;
	sla_start(&POLICY, &c, utc(2026, 1, 5, 8, 0, 0), &s);
	/* Replied Mon 10:00 CET; pending at Mon 11:00 CET (10:00 UTC). Remaining to resolution then:
	 * Mon 11-17 (6 h) + Tue 08-16 (8 h) = 14 h = 50400 s. */
	int64_t pending = utc(2026, 1, 5, 10, 0, 0);
	assert_int_equal(sla_case_remaining(&c, &s, SLA_RESOLUTION, pending), 50400);
	assert_true(sla_pause(&POLICY, &s, pending));
	assert_int_equal(s.paused_at, pending);
	/* Pausing again changes nothing. */
	assert_false(sla_pause(&POLICY, &s, pending + H));
	assert_int_equal(s.paused_at, pending);
	/* While paused the remaining time is frozen: at Tue 09:00 CET still 50400 s. */
	assert_int_equal(sla_case_remaining(&c, &s, SLA_RESOLUTION, utc(2026, 1, 6, 8, 0, 0)), 50400);

	/* Resumed Tue 10:00 CET (09:00 UTC): paused Mon 11-17 (6 h) + Tue 08-10 (2 h) = 8 h = 28800 s. */
	int64_t resumed = utc(2026, 1, 6, 9, 0, 0);
	assert_int_equal(sla_resume(&c, &s, resumed, true), 28800);
	assert_int_equal(s.paused_at, 0);
	/* Resolution due Tue 16:00 + 8 h: Tue 16-17 (1 h) + Wed 08:00 + 7 h → Wed 15:00 CET = 14:00 UTC. */
	assert_int_equal(s.resolution_due, utc(2026, 1, 7, 14, 0, 0));
	/* The reply happened, so its due time stays Mon 13:00 CET. */
	assert_int_equal(s.first_response_due, utc(2026, 1, 5, 12, 0, 0));
	/* Remaining after resume = the 14 h it was at the pause: Tue 10-17 (7 h) + Wed 08-15 (7 h). */
	assert_int_equal(sla_case_remaining(&c, &s, SLA_RESOLUTION, resumed), 50400);
	/* Resuming a running clock: nothing. */
	assert_int_equal(sla_resume(&c, &s, resumed + H, true), 0);
	assert_int_equal(s.resolution_due, utc(2026, 1, 7, 14, 0, 0));
}

static void test_sla_pause_before_first_response(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	struct ld_case_sla s;
	sla_start(&POLICY, &c, utc(2026, 1, 5, 8, 0, 0), &s);
	/* Pending Mon 12:00 → resumed Mon 16:00 CET without a reply: P = 4 h = 14400 s. */
	assert_true(sla_pause(&POLICY, &s, utc(2026, 1, 5, 11, 0, 0)));
	assert_int_equal(sla_resume(&c, &s, utc(2026, 1, 5, 15, 0, 0), false), 14400);
	/* First response Mon 13:00 + 4 h = Mon 17:00 CET exactly (closing) = 16:00 UTC. */
	assert_int_equal(s.first_response_due, utc(2026, 1, 5, 16, 0, 0));
	/* Resolution Tue 16:00 + 4 h: Tue 16-17 (1 h) + Wed 08:00 + 3 h → Wed 11:00 CET = 10:00 UTC. */
	assert_int_equal(s.resolution_due, utc(2026, 1, 7, 10, 0, 0));

	/* Paused entirely outside hours (Mon 18:00 → Tue 07:00 CET): P = 0, nothing moves. */
	assert_true(sla_pause(&POLICY, &s, utc(2026, 1, 5, 17, 0, 0)));
	assert_int_equal(sla_resume(&c, &s, utc(2026, 1, 6, 6, 0, 0), false), 0);
	assert_int_equal(s.first_response_due, utc(2026, 1, 5, 16, 0, 0));
	assert_int_equal(s.resolution_due, utc(2026, 1, 7, 10, 0, 0));

	/* A policy that does not pause on pending never stops the clock. */
	struct sla_policy running = POLICY;
	running.pause_on_pending = false;
	assert_false(sla_pause(&running, &s, utc(2026, 1, 6, 9, 0, 0)));
	assert_false(sla_pause(NULL, &s, utc(2026, 1, 6, 9, 0, 0)));
	assert_int_equal(s.paused_at, 0);
}

static void test_sla_remaining_negative_after_due(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	int64_t due = utc(2026, 1, 5, 12, 0, 0); /* Mon 13:00 CET */
	/* At Mon 11:00 CET: 2 h left = 7200 s. */
	assert_int_equal(sla_remaining(&c, due, utc(2026, 1, 5, 10, 0, 0)), 7200);
	/* At the due instant: 0. */
	assert_int_equal(sla_remaining(&c, due, due), 0);
	/* At Mon 15:30 CET: 2.5 h overdue = −9000 s. */
	assert_int_equal(sla_remaining(&c, due, utc(2026, 1, 5, 14, 30, 0)), -9000);
	/* At Tue 09:00 CET: Mon 13-17 (4 h) + Tue 08-09 (1 h) overdue = −18000 s. */
	assert_int_equal(sla_remaining(&c, due, utc(2026, 1, 6, 8, 0, 0)), -18000);
	/* Due at closing (Mon 17:00 CET), now Mon 18:00 CET: overdue by 0 business seconds. */
	assert_int_equal(sla_remaining(&c, utc(2026, 1, 5, 16, 0, 0), utc(2026, 1, 5, 17, 0, 0)), 0);
	/* No target: "never". */
	assert_true(sla_remaining(&c, 0, due) == SLA_NEVER);
}

static void test_sla_breach_checks(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", PRAGUE, NULL, 0);
	struct ld_case_sla s;
	sla_start(&POLICY, &c, utc(2026, 1, 5, 8, 0, 0), &s);
	int64_t fr_due = utc(2026, 1, 5, 12, 0, 0); /* Mon 13:00 CET */

	/* Exactly at the due instant, unanswered: not yet breached. One second later: breached. */
	assert_false(sla_check(&s, 0, 0, fr_due));
	assert_false(s.first_response_breached);
	assert_true(sla_check(&s, 0, 0, fr_due + 1));
	assert_true(s.first_response_breached);
	assert_false(s.resolution_breached);
	/* Sticky: nothing newly breached, flag stays even after the reply and a later push. */
	assert_false(sla_check(&s, fr_due + 60, 0, fr_due + 120));
	assert_true(s.first_response_breached);

	/* Answered exactly at the due instant: met. */
	assert_false(sla_is_breached(fr_due, fr_due, fr_due + 10 * DAY));
	assert_true(sla_is_breached(fr_due, fr_due + 1, fr_due + 1));
	/* No target or never: never breached. */
	assert_false(sla_is_breached(0, 0, fr_due));
	assert_false(sla_is_breached(SLA_NEVER, 0, fr_due));
	/* Due Fri 17:00, answered Sat: late (the customer was promised Friday). */
	assert_true(sla_is_breached(utc(2026, 1, 9, 16, 0, 0), utc(2026, 1, 10, 9, 0, 0), 0));

	/* Paused before the due time: time after the pause does not count. Resolution due Tue 16:00
	 * CET; paused Tue 10:00 CET; checked Wed: not breached. */
	sla_start(&POLICY, &c, utc(2026, 1, 5, 8, 0, 0), &s);
	assert_true(sla_pause(&POLICY, &s, utc(2026, 1, 6, 9, 0, 0)));
	assert_false(sla_check(&s, utc(2026, 1, 5, 9, 0, 0), 0, utc(2026, 1, 7, 12, 0, 0)));
	assert_false(s.resolution_breached);
	/* Resolved Tue 16:30 CET (15:30 UTC) after the 16:00 due, with the clock running: breached. */
	sla_start(&POLICY, &c, utc(2026, 1, 5, 8, 0, 0), &s);
	assert_true(sla_check(&s, utc(2026, 1, 5, 9, 0, 0), utc(2026, 1, 6, 15, 30, 0), utc(2026, 1, 8, 0, 0, 0)));
	assert_false(s.first_response_breached);
	assert_true(s.resolution_breached);
}

/* ======================================================================
 * Text form
 * ====================================================================== */

static void assert_canonical(const char *text, const char *canonical)
{
	struct sla_week w, again;
	char buf[SLA_WEEK_TEXT_MAX + 1];
	struct ld_err err;
	ld_err_clear(&err);
	if (sla_week_parse(text, &w, &err) != LD_OK)
		fail_msg("\"%s\": %s", text, err.message);
	assert_int_equal(sla_week_check(&w, NULL), LD_OK);
	size_t n = sla_week_format(&w, buf, sizeof buf);
	assert_string_equal(buf, canonical);
	assert_int_equal(n, strlen(canonical));
	/* The canonical text parses back to the same week and formats to itself. */
	assert_int_equal(sla_week_parse(buf, &again, NULL), LD_OK);
	assert_true(sla_week_equal(&w, &again));
	char buf2[SLA_WEEK_TEXT_MAX + 1];
	sla_week_format(&again, buf2, sizeof buf2);
	assert_string_equal(buf2, canonical);
}

static void test_sla_week_parse_values(void **state)
{
	(void)state;
	struct sla_week w;
	/* "mon-fri 08:00-12:00,13:00-17:00": Monday [480, 720) and [780, 1020) minutes; Saturday closed. */
	assert_int_equal(sla_week_parse("mon-fri 08:00-12:00,13:00-17:00", &w, NULL), LD_OK);
	assert_int_equal(w.days[0].count, 2);
	assert_int_equal(w.days[0].intervals[0].start, 480);
	assert_int_equal(w.days[0].intervals[0].end, 720);
	assert_int_equal(w.days[0].intervals[1].start, 780);
	assert_int_equal(w.days[0].intervals[1].end, 1020);
	assert_int_equal(w.days[4].count, 2);
	assert_int_equal(w.days[5].count, 0);
	assert_false(sla_week_is_always_open(&w));
	/* "sun 22:00-24:00": Sunday [1320, 1440). */
	assert_int_equal(sla_week_parse("sun 22:00-24:00", &w, NULL), LD_OK);
	assert_int_equal(w.days[6].count, 1);
	assert_int_equal(w.days[6].intervals[0].start, 1320);
	assert_int_equal(w.days[6].intervals[0].end, 1440);
	/* "24/7": no intervals at all. */
	assert_int_equal(sla_week_parse(" 24/7 ", &w, NULL), LD_OK);
	assert_true(sla_week_is_always_open(&w));
}

static void test_sla_week_round_trips(void **state)
{
	(void)state;
	assert_canonical("mon-fri 08:00-17:00; sat 09:00-12:00", "mon-fri 08:00-17:00; sat 09:00-12:00");
	assert_canonical("mon-fri 08:00-12:00,13:00-17:00", "mon-fri 08:00-12:00,13:00-17:00");
	assert_canonical("24/7", "24/7");
	assert_canonical("sun 22:00-24:00", "sun 22:00-24:00");
	assert_canonical("sun 22:00-24:00; mon 00:00-06:00", "mon 00:00-06:00; sun 22:00-24:00");
	assert_canonical("  MON - Fri   8:00 - 17:00 ;", "mon-fri 08:00-17:00");
	assert_canonical("mon,wed,fri 09:00-12:00; tue,thu 13:00-18:00",
			 "mon,wed,fri 09:00-12:00; tue,thu 13:00-18:00");
	assert_canonical("fri-mon 10:00-14:00", "mon,fri-sun 10:00-14:00");
	assert_canonical("mon-fri 13:00-17:00; mon-fri 08:00-12:00", "mon-fri 08:00-12:00,13:00-17:00");
	assert_canonical("mon-fri 08:00-17:00; wed 18:00-20:00",
			 "mon-tue,thu-fri 08:00-17:00; wed 08:00-17:00,18:00-20:00");
	assert_canonical("mon-sun 00:00-24:00", "mon-sun 00:00-24:00");
	assert_canonical("mon 08:00-12:00,12:00-13:00", "mon 08:00-12:00,12:00-13:00");
	assert_canonical("sat-sun 10:00-11:00", "sat-sun 10:00-11:00");
	assert_canonical("tue 00:00-00:01", "tue 00:00-00:01");
}

static void test_sla_week_format_bounds(void **state)
{
	(void)state;
	/* Worst case: seven different days with four intervals each. Day d, interval i =
	 * [60·i + d, 60·i + d + 10) minutes. Each rule "ddd " + 4 × "HH:MM-HH:MM" + 3 commas = 3 + 1 +
	 * 44 + 3 = 51 characters; 7 rules + 6 × "; " = 357 + 12 = 369 ≤ SLA_WEEK_TEXT_MAX (400). */
	struct sla_week w;
	memset(&w, 0, sizeof w);
	for (int d = 0; d < SLA_DAYS; d++) {
		w.days[d].count = 4;
		for (int i = 0; i < 4; i++) {
			w.days[d].intervals[i].start = (int16_t)(60 * i + d);
			w.days[d].intervals[i].end = (int16_t)(60 * i + d + 10);
		}
	}
	assert_int_equal(sla_week_check(&w, NULL), LD_OK);
	char buf[SLA_WEEK_TEXT_MAX + 1];
	assert_int_equal(sla_week_format(&w, buf, sizeof buf), 369);
	assert_int_equal(strlen(buf), 369);
	assert_true(369 <= SLA_WEEK_TEXT_MAX);
	struct sla_week again;
	assert_int_equal(sla_week_parse(buf, &again, NULL), LD_OK);
	assert_true(sla_week_equal(&w, &again));

	/* snprintf semantics: "mon-fri 08:00-17:00" is 19 characters; a 5-byte buffer gets "mon-". */
	assert_int_equal(sla_week_parse("mon-fri 08:00-17:00", &w, NULL), LD_OK);
	char small[5];
	assert_int_equal(sla_week_format(&w, small, sizeof small), 19);
	assert_string_equal(small, "mon-");
	assert_int_equal(sla_week_format(&w, NULL, 0), 19);
}

static void assert_rejected(const char *text)
{
	struct sla_week w;
	struct ld_err err;
	ld_err_clear(&err);
	memset(&w, 0xab, sizeof w);
	if (sla_week_parse(text, &w, &err) != LD_ERR_INVALID)
		fail_msg("accepted \"%s\"", text ? text : "(null)");
	assert_string_equal(err.code, "invalid_hours");
	assert_string_equal(err.field, "hours");
	assert_true(err.message[0] != '\0');
	/* A rejected text leaves an all-zero week behind, never half a week. */
	struct sla_week zero;
	memset(&zero, 0, sizeof zero);
	assert_memory_equal(&w, &zero, sizeof w);
}

static void test_sla_week_parse_errors(void **state)
{
	(void)state;
	/* Empty. */
	assert_rejected("");
	assert_rejected("   ");
	assert_rejected(NULL);
	/* Bad day names. */
	assert_rejected("xyz 08:00-17:00");
	assert_rejected("monday 08:00-17:00");
	assert_rejected("mo 08:00-17:00");
	assert_rejected("mon-xyz 08:00-17:00");
	assert_rejected("08:00-17:00");
	/* Minutes ≥ 60 and hours beyond 24:00. */
	assert_rejected("mon 08:60-17:00");
	assert_rejected("mon 08:00-17:75");
	assert_rejected("mon 25:00-26:00");
	assert_rejected("mon 20:00-24:30");
	/* Malformed times. */
	assert_rejected("mon 8-17");
	assert_rejected("mon 08:0-17:00");
	assert_rejected("mon 008:00-17:00");
	assert_rejected("mon 08:000-17:00");
	assert_rejected("mon 08:00");
	assert_rejected("mon 08:00-");
	assert_rejected("mon 08:00 17:00");
	assert_rejected("mon");
	assert_rejected("mon, 08:00-17:00");
	/* start ≥ end (including a night shift written across midnight, and 24:00 as a start). */
	assert_rejected("mon 17:00-08:00");
	assert_rejected("mon 08:00-08:00");
	assert_rejected("sun 22:00-06:00");
	assert_rejected("mon 24:00-24:00");
	/* Overlapping intervals, within a rule and across rules. */
	assert_rejected("mon 08:00-12:00,11:00-13:00");
	assert_rejected("mon-fri 08:00-17:00; wed 16:00-18:00");
	assert_rejected("mon,mon-tue 08:00-09:00; mon 08:30-08:45");
	/* More than four intervals on a day (also when collected from several rules). */
	assert_rejected("mon 01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,09:00-10:00");
	assert_rejected("mon-fri 01:00-02:00,03:00-04:00,05:00-06:00; mon 07:00-08:00,09:00-10:00");
	/* Trailing garbage, missing separators, 24/7 mixed with rules. */
	assert_rejected("mon 08:00-17:00 tue 08:00-17:00");
	assert_rejected("mon 08:00-17:00;;");
	assert_rejected("mon 08:00-17:00 x");
	assert_rejected("24/7; mon 08:00-17:00");
	assert_rejected("24/7x");
}

static void test_sla_week_check_and_calendar_check(void **state)
{
	(void)state;
	struct sla_week w;
	struct ld_err err;
	memset(&w, 0, sizeof w);
	assert_int_equal(sla_week_check(&w, NULL), LD_OK);

	w.days[2].count = 5;
	assert_int_equal(sla_week_check(&w, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_hours");
	assert_string_equal(err.field, "hours");

	memset(&w, 0, sizeof w);
	w.days[1].count = 2; /* unsorted: [600, 700) before [480, 540) */
	w.days[1].intervals[0] = (struct sla_interval){ 600, 700 };
	w.days[1].intervals[1] = (struct sla_interval){ 480, 540 };
	assert_int_equal(sla_week_check(&w, NULL), LD_ERR_INVALID);
	w.days[1].count = 1;
	w.days[1].intervals[0] = (struct sla_interval){ 600, 1441 }; /* past 24:00 */
	assert_int_equal(sla_week_check(&w, NULL), LD_ERR_INVALID);
	w.days[1].intervals[0] = (struct sla_interval){ 600, 600 }; /* empty */
	assert_int_equal(sla_week_check(&w, NULL), LD_ERR_INVALID);

	struct sla_calendar c;
	memset(&c, 0, sizeof c);
	c.week.days[0].count = -1; /* a bad week fails the calendar check too */
	assert_int_equal(sla_calendar_check(&c, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_hours");
	c.week.days[0].count = 0;
	static const int32_t unsorted[] = { 20261225, 20261224 };
	c.holidays = unsorted;
	c.holidays_len = 2;
	assert_int_equal(sla_calendar_check(&c, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_holidays");
	assert_string_equal(err.field, "holidays");
	static const int32_t duplicate[] = { 20261224, 20261224 };
	c.holidays = duplicate;
	assert_int_equal(sla_calendar_check(&c, NULL), LD_ERR_INVALID);
	static const int32_t not_a_date[] = { 20260230 }; /* 30 February */
	c.holidays = not_a_date;
	c.holidays_len = 1;
	assert_int_equal(sla_calendar_check(&c, NULL), LD_ERR_INVALID);
	static const int32_t leap[] = { 20280229 }; /* 2028 is a leap year */
	c.holidays = leap;
	assert_int_equal(sla_calendar_check(&c, NULL), LD_OK);
	c.holidays = NULL;
	assert_int_equal(sla_calendar_check(&c, NULL), LD_ERR_INVALID);
}

/* ======================================================================
 * Extremes: before 1970, the supported range, out-of-range offsets
 * ====================================================================== */

static int32_t plus_30h(const void *ctx, int64_t t)
{
	(void)ctx;
	(void)t;
	return 30 * H; /* beyond the ±18 h limit: read as +18 h = 64800 s */
}

static int32_t minus_30h(const void *ctx, int64_t t)
{
	(void)ctx;
	(void)t;
	return -30 * H; /* read as −18 h = −64800 s */
}

/* A zone that breaks the one-change-in-three-days assumption: +1 h until BROKEN_T, 0 after,
 * with a +30 min blip in [BROKEN_T − 1 h, BROKEN_T + 1 h). BROKEN_T = day 1000, 12:00 UTC. */
#define BROKEN_T (1000 * (int64_t)DAY + 12 * H)

static int32_t broken_zone(const void *ctx, int64_t t)
{
	(void)ctx;
	if (t >= BROKEN_T - H && t < BROKEN_T + H)
		return 1800;
	return t < BROKEN_T ? H : 0;
}

static void test_sla_extremes(void **state)
{
	(void)state;
	struct sla_calendar c = calendar("mon-fri 08:00-17:00", UTC, NULL, 0);
	/* 1970-01-01 was a Thursday, so Mon 1969-12-29 00:00 UTC = −3 × 86400 = −259200. That Monday
	 * holds 9 h = 32400 s; the whole week Mon 29 Dec → Mon 5 Jan holds 5 × 9 h = 162000 s. */
	assert_int_equal(sla_business_seconds(&c, -259200, -259200 + DAY), 32400);
	assert_int_equal(sla_business_seconds(&c, -259200, -259200 + 7 * DAY), 162000);
	/* Sun 1969-12-28 12:00 (−302400) + 1 h → Mon 29 Dec 09:00 = −259200 + 9 h = −226800. */
	assert_int_equal(sla_add_business(&c, -302400, H), -226800);

	/* Beyond the supported range: both ends clamp to SLA_TIME_MAX → 0 s; a start beyond it never ends. */
	assert_int_equal(sla_business_seconds(&c, SLA_TIME_MAX + 5, SLA_TIME_MAX + 10), 0);
	assert_true(sla_add_business(&c, SLA_TIME_MAX + 1, 1) == SLA_NEVER);
	/* 9999-12-31 is a Friday: 23:00 + 1 business second is past SLA_TIME_MAX → never. */
	assert_true(sla_add_business(&c, SLA_TIME_MAX - H + 1, 1) == SLA_NEVER);
	/* A range starting before year 1 is clamped to SLA_TIME_MIN (0001-01-01, a Monday):
	 * [MIN − 100, MIN + 1 day) holds that Monday's 9 h = 32400 s. */
	assert_int_equal(sla_business_seconds(&c, SLA_TIME_MIN - 100, SLA_TIME_MIN + DAY), 32400);

	/* Offsets beyond ±18 h are clamped. "mon 00:00-01:00" at +18 h: local Mon 5 Jan 1970 (day 4)
	 * 00:00 = 4 × 86400 − 64800 = 280800 UTC; the hour [280800, 284400) is open. */
	struct sla_calendar east = calendar("mon 00:00-01:00", (struct sla_tz){ plus_30h, NULL }, NULL, 0);
	assert_int_equal(sla_business_seconds(&east, 280800, 284400), 3600);
	assert_int_equal(sla_business_seconds(&east, 280800 - H, 280800), 0);
	/* At −18 h: local Mon 5 Jan 1970 00:00 = 345600 + 64800 = 410400 UTC. */
	struct sla_calendar west = calendar("mon 00:00-01:00", (struct sla_tz){ minus_30h, NULL }, NULL, 0);
	assert_int_equal(sla_business_seconds(&west, 410400, 414000), 3600);
	assert_int_equal(sla_add_business(&west, 0, 1800), 410400 + 1800);

	/* The broken zone at local L = BROKEN_T + 600: before = +1 h, after = 0; neither candidate
	 * L − 3600 (wall L − 1200) nor L (wall L + 1800) reads L, and they do not bracket a gap, so
	 * the answer is the deterministic fallback L − before = BROKEN_T − 3000. */
	struct sla_tz broken = { broken_zone, NULL };
	assert_int_equal(sla_local_to_utc(&broken, BROKEN_T + 600), BROKEN_T - 3000);

	/* Weeks that differ in a count or in one interval are not equal. */
	struct sla_week a, b;
	assert_int_equal(sla_week_parse("mon 08:00-17:00", &a, NULL), LD_OK);
	assert_int_equal(sla_week_parse("mon 08:00-17:00; tue 08:00-17:00", &b, NULL), LD_OK);
	assert_false(sla_week_equal(&a, &b));
	assert_int_equal(sla_week_parse("mon 08:00-16:00", &b, NULL), LD_OK);
	assert_false(sla_week_equal(&a, &b));
	assert_int_equal(sla_week_parse("mon 09:00-17:00", &b, NULL), LD_OK);
	assert_false(sla_week_equal(&a, &b));
	assert_int_equal(sla_week_parse("mon 08:00-17:00", &b, NULL), LD_OK);
	assert_true(sla_week_equal(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sla_helpers_match_known_instants),
		cmocka_unit_test(test_sla_local_to_utc_plain_and_utc),
		cmocka_unit_test(test_sla_local_to_utc_spring_gap_resolves_forward),
		cmocka_unit_test(test_sla_local_to_utc_fall_overlap_takes_first),
		cmocka_unit_test(test_sla_within_one_day),
		cmocka_unit_test(test_sla_across_weekend),
		cmocka_unit_test(test_sla_start_outside_hours),
		cmocka_unit_test(test_sla_start_exactly_at_open_and_close),
		cmocka_unit_test(test_sla_across_midnight),
		cmocka_unit_test(test_sla_across_holiday),
		cmocka_unit_test(test_sla_spring_forward_night),
		cmocka_unit_test(test_sla_fall_back_night),
		cmocka_unit_test(test_sla_always_open),
		cmocka_unit_test(test_sla_extremes),
		cmocka_unit_test(test_sla_no_open_time_is_never),
		cmocka_unit_test(test_sla_start_due_times),
		cmocka_unit_test(test_sla_pause_resume_pushes_due),
		cmocka_unit_test(test_sla_pause_before_first_response),
		cmocka_unit_test(test_sla_remaining_negative_after_due),
		cmocka_unit_test(test_sla_breach_checks),
		cmocka_unit_test(test_sla_week_parse_values),
		cmocka_unit_test(test_sla_week_round_trips),
		cmocka_unit_test(test_sla_week_format_bounds),
		cmocka_unit_test(test_sla_week_parse_errors),
		cmocka_unit_test(test_sla_week_check_and_calendar_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
