/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * core/rollup.c on hand-built cases, customers and answers: every edge the
 * SQL triggers of migrations 0002–0004 handled, now written once in C.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/effort.h"
#include "core/rollup.h"

static struct ld_case base_case(void)
{
	struct ld_case c;

	memset(&c, 0, sizeof c);
	c.id = 1;
	c.customer_id = 7;
	c.category = LD_CAT_PROBLEM;
	c.status = LD_ST_OPEN;
	c.team_id = 3;
	c.first_channel = LD_CH_WEB;
	c.created_at = 20000 * 86400 + 3600;
	effort_init(&c.effort, c.created_at);
	return c;
}

static void test_rollup_case_cells(void **state)
{
	struct ld_case c = base_case();
	struct rollup_case r;

	(void)state;
	c.effort.contacts = 3;
	c.effort.repeat_contacts = 2;
	c.effort.transfers = 1;
	c.effort.web_phone_switches = 1;
	c.effort.channel_switches = 1;
	c.effort_band = EFFORT_HIGH;
	rollup_case_of(&c, &r);
	assert_true(r.counted);
	assert_int_equal(r.effort_cell.day, 20000);
	assert_int_equal(r.effort_cell.team_id, 3);
	assert_int_equal(r.effort_cell.channel, LD_CH_WEB);
	assert_int_equal(r.effort.cases, 1);
	assert_int_equal(r.effort.contacts, 3);
	assert_int_equal(r.effort.repeat_cases, 1);
	assert_int_equal(r.effort.web_phone_cases, 1);
	assert_int_equal(r.effort.reexplain_cases, 0);
	assert_int_equal(r.effort.high_cases, 1);
	assert_int_equal(r.effort.medium_cases, 0);
	assert_int_equal(r.effort.resolved_cases, 0);
	assert_false(r.has_fcr);
	assert_int_equal(r.sums.high_effort, 1);
	assert_int_equal(r.sums.complaints, 0);

	/* A merged case contributes nothing at all. */
	c.merged_into_id = 9;
	rollup_case_of(&c, &r);
	assert_false(r.counted);
	assert_int_equal(r.sums.cases, 0);
	struct rollup_delta d[ROLLUP_CASE_DELTAS_MAX];
	assert_int_equal(rollup_case_deltas(NULL, &c, d), 0);
}

static void test_rollup_case_resolution_and_fcr(void **state)
{
	struct ld_case c = base_case();
	struct rollup_case r;

	(void)state;
	c.status = LD_ST_RESOLVED;
	c.resolved_at = c.created_at + 2 * 86400;
	c.fcr_has_prev = true;
	c.fcr_prev_gap_s = 3 * 86400;    /* first for 24 h only */
	c.fcr_has_next = true;
	c.fcr_next_gap_s = 86400;        /* came back within 24 h (and 7, 30 days) */
	rollup_case_of(&c, &r);
	assert_int_equal(r.effort.resolved_cases, 1);
	assert_int_equal(r.effort.elapsed_s, 2 * 86400);
	assert_true(r.has_fcr);
	assert_int_equal(r.fcr_cell.day, 20002);
	assert_int_equal(r.fcr.first[0], 1);
	assert_int_equal(r.fcr.first[1], 0);
	assert_int_equal(r.fcr.first[2], 0);
	assert_int_equal(r.fcr.repeated[0], 1);
	assert_int_equal(r.fcr.repeated[1], 0);

	/* Exactly on the window counts as within it. */
	c.fcr_has_prev = false;
	c.fcr_next_gap_s = 7 * 86400;
	rollup_case_of(&c, &r);
	assert_int_equal(r.fcr.first[2], 1);
	assert_int_equal(r.fcr.repeated[0], 0);
	assert_int_equal(r.fcr.repeated[1], 1);
	assert_int_equal(r.fcr.repeated[2], 1);

	/* Resolved before it opened (clock skew): elapsed never negative. */
	c.resolved_at = c.created_at - 10;
	rollup_case_of(&c, &r);
	assert_int_equal(r.effort.elapsed_s, 0);

	/* Status resolved without a time: neither resolved nor in FCR. */
	c.resolved_at = 0;
	rollup_case_of(&c, &r);
	assert_int_equal(r.effort.resolved_cases, 0);
	assert_false(r.has_fcr);
}

static void test_rollup_deltas_cancel(void **state)
{
	struct ld_case before = base_case(), after;
	struct rollup_delta d[ROLLUP_CASE_DELTAS_MAX];
	int n;

	(void)state;
	before.effort.contacts = 1;
	after = before;
	after.effort.contacts = 2;
	n = rollup_case_deltas(&before, &after, d);
	assert_int_equal(n, 2);
	assert_int_equal(rollup_delta_cmp(&d[0], &d[1]), 0); /* same cell */
	assert_int_equal(d[0].v[0] + d[1].v[0], 0);         /* cases: −1 + 1 */
	assert_int_equal(d[0].v[1] + d[1].v[1], 1);         /* contacts: +1 */

	/* A team change moves the case between cells. */
	after.team_id = 4;
	n = rollup_case_deltas(&before, &after, d);
	assert_int_equal(n, 2);
	assert_true(rollup_delta_cmp(&d[0], &d[1]) != 0);

	/* Resolving adds an FCR cell. */
	after.status = LD_ST_RESOLVED;
	after.resolved_at = after.created_at + 60;
	n = rollup_case_deltas(&before, &after, d);
	assert_int_equal(n, 3);
	assert_int_equal(d[2].table, ROLLUP_T_FCR);
}

static void test_rollup_loyalty_key(void **state)
{
	struct rollup_customer c;
	char key[ROLLUP_LOYALTY_KEY_MAX + 1];

	(void)state;
	rollup_customer_init(&c);
	rollup_loyalty_key(&c, key);
	assert_string_equal(key, "0,0,0,0,0,0,0,0,0,0,0,0,0");
	c.sums.cases = 30;
	c.sums.high_effort = 2;
	c.sums.contacts = 99;
	c.sums.repeat_contacts = 6;
	c.sums.transfers = 5;
	c.sums.channel_switches = 4;
	c.sums.complaints = 12;
	rollup_customer_answer(&c, LD_SURVEY_NPS, 6, 100);
	rollup_customer_answer(&c, LD_SURVEY_CES, 3, 100);
	rollup_customer_answer(&c, LD_SURVEY_CSAT, 3, 100);
	rollup_loyalty_key(&c, key);
	assert_string_equal(key, "1,10,5,5,4,0,0,5,1,0,1,0,1");
	assert_true(strlen(key) <= ROLLUP_LOYALTY_KEY_MAX);
	/* The latest answer wins; a promoter now. */
	rollup_customer_answer(&c, LD_SURVEY_NPS, 10, 200);
	rollup_customer_answer(&c, LD_SURVEY_NPS, 2, 150);
	rollup_loyalty_key(&c, key);
	assert_string_equal(key, "1,10,5,5,4,0,0,5,0,1,1,0,1");
	/* Same second: the lower score, whatever the order. */
	rollup_customer_answer(&c, LD_SURVEY_CSAT, 1, 300);
	rollup_customer_answer(&c, LD_SURVEY_CSAT, 4, 300);
	assert_int_equal(c.last_csat, 1);
	/* No score, or a kind without one: nothing. */
	rollup_customer_answer(&c, LD_SURVEY_SERVQUAL, 5, 400);
	rollup_customer_answer(&c, LD_SURVEY_CSAT, -1, 500);
	assert_int_equal(c.last_csat_at, 300);
}

static void test_rollup_renewal_and_month(void **state)
{
	struct rollup_customer c;
	struct ld_subscription s;
	struct rollup_split split;

	(void)state;
	rollup_customer_init(&c);
	memset(&s, 0, sizeof s);
	assert_int_equal(rollup_loyalty_month(&c), 0);
	s.id = 1;
	s.status = LD_SUB_ACTIVE;
	s.renews_at = 1800000000;
	rollup_customer_renewal(&c, &s);
	assert_int_equal(c.outcome, ROLLUP_UNDECIDED);
	s.status = LD_SUB_LAPSED;
	s.renews_at = 1704067199; /* 2023-12-31 23:59:59 UTC */
	rollup_customer_renewal(&c, &s);
	assert_int_equal(c.outcome, ROLLUP_LAPSED);
	assert_int_equal(rollup_loyalty_month(&c), 202312);
	/* An older renewal does not replace a newer one. */
	s.id = 2;
	s.status = LD_SUB_RENEWED;
	s.renews_at = 1700000000;
	rollup_customer_renewal(&c, &s);
	assert_int_equal(c.outcome, ROLLUP_LAPSED);
	/* Same date: the higher id. */
	s.id = 3;
	s.renews_at = 1704067200; /* 2024-01-01 */
	rollup_customer_renewal(&c, &s);
	s.id = 0;
	s.status = LD_SUB_LAPSED;
	rollup_customer_renewal(&c, &s);
	assert_int_equal(c.outcome, ROLLUP_RENEWED);
	assert_int_equal(rollup_loyalty_month(&c), 202401);
	rollup_split_of(&c, &split);
	assert_int_equal(split.has_case, 0);
	assert_int_equal(split.outcome, ROLLUP_RENEWED);
}

static void test_rollup_survey_cells(void **state)
{
	struct rollup_delta d[ROLLUP_SURVEY_DELTAS_MAX];
	struct ld_survey sv;

	(void)state;
	memset(&sv, 0, sizeof sv);
	sv.kind = LD_SURVEY_NPS;
	sv.origin = LD_ORIGIN_TRANSACTIONAL;
	sv.channel = -1;
	sv.score = 9;
	assert_int_equal(rollup_survey_deltas(&sv, 1, d), 0); /* not answered */
	sv.answered_at = 86400 * 3 + 5;
	assert_int_equal(rollup_survey_deltas(&sv, 1, d), 1);
	assert_int_equal(d[0].table, ROLLUP_T_ANSWER);
	assert_int_equal(d[0].key.answer.cell.day, 3);
	assert_int_equal(d[0].key.answer.score, 9);
	assert_int_equal(d[0].v[0], 1);

	sv.kind = LD_SURVEY_SERVQUAL;
	sv.score = -1;
	sv.expected[0] = 6;
	sv.perceived[0] = 4;
	sv.expected[2] = 3; /* perception missing: not rated */
	assert_int_equal(rollup_survey_deltas(&sv, -1, d), 1);
	assert_int_equal(d[0].table, ROLLUP_T_SERVQUAL);
	assert_int_equal(d[0].v[0], -1);
	assert_int_equal(d[0].v[1], 2);  /* −1 × (4 − 6) */
	assert_int_equal(d[0].v[2], -4);
}

static void test_rollup_day_floor(void **state)
{
	(void)state;
	assert_int_equal(rollup_day(0), 0);
	assert_int_equal(rollup_day(86399), 0);
	assert_int_equal(rollup_day(86400), 1);
	assert_int_equal(rollup_day(-1), -1);
	assert_int_equal(rollup_day(-86400), -1);
	assert_int_equal(rollup_day(-86401), -2);
}

/* A report's slice as the store reads day buckets: whole UTC days, the day
 * of `to` included unless `to` is its midnight. */
static void test_rollup_cell_covered(void **state)
{
	(void)state;
	const int64_t day = 20458; /* 2026-01-05 */
	struct rollup_cell c = { .day = day, .team_id = 3, .channel = LD_CH_WEB };

	assert_true(rollup_cell_covered(&c, 0, 0, 0, -1));
	assert_true(rollup_cell_covered(&c, day * 86400 + 86399, 0, 0, -1)); /* from late that day */
	assert_false(rollup_cell_covered(&c, (day + 1) * 86400, 0, 0, -1));
	assert_true(rollup_cell_covered(&c, 0, day * 86400 + 1, 0, -1));     /* to early that day */
	assert_false(rollup_cell_covered(&c, 0, day * 86400, 0, -1));        /* to its midnight */
	assert_true(rollup_cell_covered(&c, 0, (day + 1) * 86400, 0, -1));
	assert_true(rollup_cell_covered(&c, 0, 0, 3, LD_CH_WEB));
	assert_false(rollup_cell_covered(&c, 0, 0, 4, -1));
	assert_false(rollup_cell_covered(&c, 0, 0, 0, LD_CH_PHONE));
	c.channel = -1; /* a case with no first channel is in "any" only */
	assert_false(rollup_cell_covered(&c, 0, 0, 0, LD_CH_WEB));
	assert_true(rollup_cell_covered(&c, 0, 0, 0, -1));

	struct rollup_effort sum = { .cases = 2, .elapsed_s = 10 };
	struct rollup_effort one = { .cases = 1, .high_cases = 1, .elapsed_s = 5 };
	rollup_effort_add(&sum, &one);
	assert_int_equal(sum.cases, 3);
	assert_int_equal(sum.high_cases, 1);
	assert_int_equal(sum.elapsed_s, 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rollup_case_cells),
		cmocka_unit_test(test_rollup_case_resolution_and_fcr),
		cmocka_unit_test(test_rollup_deltas_cancel),
		cmocka_unit_test(test_rollup_loyalty_key),
		cmocka_unit_test(test_rollup_renewal_and_month),
		cmocka_unit_test(test_rollup_survey_cells),
		cmocka_unit_test(test_rollup_day_floor),
		cmocka_unit_test(test_rollup_cell_covered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
