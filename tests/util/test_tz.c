/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of util/tz.c: ICU offsets at known instants around the 2026 DST
 * changes, rejection of names that are not IANA zones, the sla_tz adapter and
 * concurrent use of one shared zone.
 *
 * Instants, by hand (day numbers since 1970-01-01; 2026-01-01 is day 20454,
 * because 56 years × 365 + 14 leap days = 20454; × 86400 = 1767225600, which
 * `date -u -d '2026-01-01 UTC' +%s` confirms):
 *   2026-01-15 12:00 UTC  day 20454 + 14 = 20468 → 1768435200 + 43200 = 1768478400
 *   2026-07-15 12:00 UTC  day 20454 + 181 + 14 = 20649 → 1784073600 + 43200 = 1784116800
 *   2026-03-08 07:00 UTC  day 20454 + 59 + 7 = 20520 → 1772928000 + 25200 = 1772953200
 *                         (US: second Sunday of March, 02:00 EST = 07:00 UTC)
 *   2026-03-29 01:00 UTC  day 20454 + 59 + 28 = 20541 → 1774742400 + 3600 = 1774746000
 *                         (EU: last Sunday of March, 01:00 UTC)
 *   2026-10-25 01:00 UTC  day 20454 + 273 + 24 = 20751 → 1792886400 + 3600 = 1792890000
 *                         (EU: last Sunday of October, 01:00 UTC)
 *   2026-11-01 06:00 UTC  day 20454 + 304 = 20758 → 1793491200 + 21600 = 1793512800
 *                         (US: first Sunday of November, 02:00 EDT = 06:00 UTC)
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/tz.h"

#define JAN_15 INT64_C(1768478400)
#define JUL_15 INT64_C(1784116800)
#define US_SPRING INT64_C(1772953200)
#define EU_SPRING INT64_C(1774746000)
#define EU_FALL INT64_C(1792890000)
#define US_FALL INT64_C(1793512800)

static struct tz *open_ok(const char *name)
{
	struct tz *tz = NULL;
	struct ld_err err;
	ld_err_clear(&err);
	if (tz_open(name, &tz, &err) != LD_OK)
		fail_msg("tz_open(%s): %s", name, err.message);
	assert_non_null(tz);
	return tz;
}

static void test_tz_prague(void **state)
{
	(void)state;
	struct tz *tz = open_ok("Europe/Prague");
	assert_string_equal(tz_name(tz), "Europe/Prague");
	/* Winter CET = +1 h = 3600 s; summer CEST = +2 h = 7200 s. */
	assert_int_equal(tz_utc_offset(tz, JAN_15), 3600);
	assert_int_equal(tz_utc_offset(tz, JUL_15), 7200);
	/* Spring: the last second of CET, then CEST from 01:00 UTC on. */
	assert_int_equal(tz_utc_offset(tz, EU_SPRING - 1), 3600);
	assert_int_equal(tz_utc_offset(tz, EU_SPRING), 7200);
	/* Fall: the last second of CEST, then CET from 01:00 UTC on. */
	assert_int_equal(tz_utc_offset(tz, EU_FALL - 1), 7200);
	assert_int_equal(tz_utc_offset(tz, EU_FALL), 3600);
	tz_close(tz);
}

static void test_tz_new_york(void **state)
{
	(void)state;
	struct tz *tz = open_ok("America/New_York");
	/* EST = −5 h = −18000 s; EDT = −4 h = −14400 s. */
	assert_int_equal(tz_utc_offset(tz, JAN_15), -18000);
	assert_int_equal(tz_utc_offset(tz, JUL_15), -14400);
	assert_int_equal(tz_utc_offset(tz, US_SPRING - 1), -18000);
	assert_int_equal(tz_utc_offset(tz, US_SPRING), -14400);
	assert_int_equal(tz_utc_offset(tz, US_FALL - 1), -14400);
	assert_int_equal(tz_utc_offset(tz, US_FALL), -18000);
	/* Between the EU and the US change (Mar 8 – Mar 29) New York is already on EDT. */
	assert_int_equal(tz_utc_offset(tz, EU_SPRING - 1), -14400);
	tz_close(tz);

	/* The legacy link US/Eastern is the same zone. */
	tz = open_ok("US/Eastern");
	assert_int_equal(tz_utc_offset(tz, US_SPRING), -14400);
	tz_close(tz);
}

static void test_tz_kolkata_and_utc(void **state)
{
	(void)state;
	struct tz *tz = open_ok("Asia/Kolkata");
	/* IST = +5:30 = 5 × 3600 + 30 × 60 = 19800 s, all year, no DST. */
	assert_int_equal(tz_utc_offset(tz, JAN_15), 19800);
	assert_int_equal(tz_utc_offset(tz, JUL_15), 19800);
	assert_int_equal(tz_utc_offset(tz, EU_SPRING), 19800);
	assert_int_equal(tz_utc_offset(tz, US_FALL), 19800);
	tz_close(tz);

	tz = open_ok("UTC");
	assert_int_equal(tz_utc_offset(tz, JAN_15), 0);
	assert_int_equal(tz_utc_offset(tz, JUL_15), 0);
	tz_close(tz);
	tz = open_ok("Etc/UTC");
	assert_int_equal(tz_utc_offset(tz, EU_FALL), 0);
	tz_close(tz);
	/* No zone at all reads as UTC. */
	assert_int_equal(tz_utc_offset(NULL, JUL_15), 0);
}

static void assert_rejected(const char *name)
{
	struct tz *tz = (struct tz *)&tz; /* any non-NULL value: must be reset */
	struct ld_err err;
	ld_err_clear(&err);
	if (tz_open(name, &tz, &err) != LD_ERR_INVALID)
		fail_msg("accepted \"%s\"", name ? name : "(null)");
	assert_null(tz);
	assert_string_equal(err.code, "invalid_time_zone");
	assert_string_equal(err.field, "tz");
	assert_true(err.message[0] != '\0');
}

static void test_tz_rejects_unknown(void **state)
{
	(void)state;
	assert_rejected("Mars/Olympus");
	assert_rejected("Europe/Praha");
	assert_rejected("europe/prague");     /* IANA names are case-sensitive */
	assert_rejected("Europe/Prague ");    /* no stray characters */
	assert_rejected("GMT+05:00");         /* an ICU custom id, not a database zone */
	assert_rejected("Etc/Unknown");       /* ICU's "unknown zone" placeholder */
	assert_rejected("");
	assert_rejected(NULL);
	/* 65 characters, one over LD_TZ_MAX. */
	assert_rejected("Europe/Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	/* NULL-safe close. */
	tz_close(NULL);
}

static void test_tz_as_sla(void **state)
{
	(void)state;
	struct tz *tz = open_ok("Europe/Prague");
	struct sla_tz s = tz_as_sla(tz);
	assert_true(s.utc_offset == tz_utc_offset);
	assert_ptr_equal(s.ctx, tz);
	/* Through the callback exactly as core/sla.c calls it: CEST in July = 7200 s. */
	assert_int_equal(s.utc_offset(s.ctx, JUL_15), 7200);
	tz_close(tz);

	s = tz_as_sla(NULL);
	assert_null(s.utc_offset);
	assert_null(s.ctx);
}

/* ---- one zone shared by several threads ---- */

struct tz_worker {
	const struct tz *tz; /* shared zone, borrowed */
	int errors;          /* wrong answers seen */
};

static void *tz_worker_run(void *arg)
{
	struct tz_worker *w = arg;
	for (int i = 0; i < 20000; i++) {
		/* Alternate across the spring change: 3600 before, 7200 from EU_SPRING on. */
		int64_t t = EU_SPRING + (i % 2 == 0 ? -1 - i : i);
		int32_t want = t < EU_SPRING ? 3600 : 7200;
		if (tz_utc_offset(w->tz, t) != want)
			w->errors++;
	}
	return NULL;
}

static void test_tz_shared_between_threads(void **state)
{
	(void)state;
	struct tz *tz = open_ok("Europe/Prague");
	pthread_t threads[4];
	struct tz_worker workers[4];
	for (int i = 0; i < 4; i++) {
		workers[i] = (struct tz_worker){ tz, 0 };
		assert_int_equal(pthread_create(&threads[i], NULL, tz_worker_run, &workers[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(workers[i].errors, 0);
	}
	tz_close(tz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tz_prague),
		cmocka_unit_test(test_tz_new_york),
		cmocka_unit_test(test_tz_kolkata_and_utc),
		cmocka_unit_test(test_tz_rejects_unknown),
		cmocka_unit_test(test_tz_as_sla),
		cmocka_unit_test(test_tz_shared_between_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
