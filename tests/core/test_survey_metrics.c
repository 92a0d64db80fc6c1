/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of core/survey_metrics.c against hand-computed values: the NPS check
 * of METRICS.md, the two-period z test, Wilson intervals from Newcombe's
 * (1998) published table, CSAT, CES 2.0, SERVQUAL gaps with importance
 * weights, FCR, shares and the Katz ratio. Each assertion carries its hand
 * computation in a comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/survey_metrics.h"

#define assert_near(actual, expected, tol) \
	assert_true(fabs((double)(actual) - (double)(expected)) <= (tol))

/* ---- NPS ---- */

static void test_survey_metrics_nps_metrics_check(void **state)
{
	(void)state;
	struct survey_nps nps;
	/* METRICS.md: n = 1000, 250 promoters, 75 detractors (so 675 passives). */
	assert_int_equal(survey_nps_from_counts(250, 675, 75, &nps, NULL), LD_OK);
	assert_true(nps.has_data);
	assert_int_equal(nps.n, 1000);
	/* 100·(0.25 − 0.075) = 17.5 */
	assert_near(nps.nps, 17.5, 1e-12);
	/* Var = 0.25 + 0.075 − 0.175² = 0.325 − 0.030625 = 0.294375 */
	assert_near(nps.variance, 0.294375, 1e-12);
	/* SE = 100·√(0.294375/1000) = 100·0.0171574 = 1.715736 */
	assert_near(nps.se, 1.715736, 1e-6);
	/* CI = 17.5 ∓ 1.96·1.715736 = 17.5 ∓ 3.362843 = [14.137157, 20.862843] → [14.1, 20.9] */
	assert_near(nps.ci_low, 14.137157, 1e-6);
	assert_near(nps.ci_high, 20.862843, 1e-6);
	assert_near(round(nps.ci_low * 10.0) / 10.0, 14.1, 1e-9);
	assert_near(round(nps.ci_high * 10.0) / 10.0, 20.9, 1e-9);
}

static void test_survey_metrics_nps_histogram(void **state)
{
	(void)state;
	/* 0…6: 10·6 + 15 = 75 detractors; 7, 8: 300 + 375 = 675; 9, 10: 100 + 150 = 250. */
	const int64_t hist[SURVEY_NPS_POINTS] = { 10, 10, 10, 10, 10, 10, 15, 300, 375, 100, 150 };
	struct survey_nps nps;
	assert_int_equal(survey_nps_from_histogram(hist, &nps, NULL), LD_OK);
	assert_int_equal(nps.promoters, 250);
	assert_int_equal(nps.passives, 675);
	assert_int_equal(nps.detractors, 75);
	assert_near(nps.nps, 17.5, 1e-12);
}

static void test_survey_metrics_nps_no_data_and_clamp(void **state)
{
	(void)state;
	struct survey_nps nps;
	/* n = 0: defined "no data", every number 0, no NaN. */
	assert_int_equal(survey_nps_from_counts(0, 0, 0, &nps, NULL), LD_OK);
	assert_false(nps.has_data);
	assert_true(nps.nps == 0.0 && nps.se == 0.0 && nps.ci_low == 0.0 && nps.ci_high == 0.0);

	/* n = 4, 3 promoters, 1 detractor: NPS 50, Var = 1 − 0.5² = 0.75,
	 * SE = 100·√(0.75/4) = 43.30127, CI = 50 ∓ 84.870 = [−34.870, 134.870] → high clamped to 100. */
	assert_int_equal(survey_nps_from_counts(3, 0, 1, &nps, NULL), LD_OK);
	assert_near(nps.nps, 50.0, 1e-12);
	assert_near(nps.se, 43.30127, 1e-5);
	assert_near(nps.ci_low, -34.87049, 1e-5);
	assert_near(nps.ci_high, 100.0, 0.0);

	/* Everyone a promoter: Var = 1 − 1 = 0, the interval is the point 100. */
	assert_int_equal(survey_nps_from_counts(7, 0, 0, &nps, NULL), LD_OK);
	assert_near(nps.nps, 100.0, 0.0);
	assert_near(nps.ci_low, 100.0, 0.0);

	/* A negative count is invalid, with a code. */
	struct ld_err err;
	assert_int_equal(survey_nps_from_counts(1, -1, 0, &nps, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_count");
}

static void test_survey_metrics_nps_compare(void **state)
{
	(void)state;
	struct survey_nps a, b, none;
	struct survey_nps_change ch;
	assert_int_equal(survey_nps_from_counts(250, 675, 75, &a, NULL), LD_OK);
	/* Period 2: n = 500, 100/300/100: NPS 0, Var = 0.2 + 0.2 − 0 = 0.4. */
	assert_int_equal(survey_nps_from_counts(100, 300, 100, &b, NULL), LD_OK);
	survey_nps_compare(&a, &b, &ch);
	assert_true(ch.testable);
	assert_near(ch.difference, 17.5, 1e-12);
	/* SE = 100·√(0.294375/1000 + 0.4/500) = 100·√0.001094375 = 3.308134 */
	assert_near(ch.se, 3.308134, 1e-6);
	/* z = 17.5 / 3.308134 = 5.289991; p = erfc(5.289991/√2) = 1.2232e-7 */
	assert_near(ch.z, 5.289991, 1e-6);
	assert_near(ch.p_value, 1.2232e-7, 1e-11);
	/* CI = 17.5 ∓ 1.96·3.308134 = [11.016058, 23.983942] */
	assert_near(ch.ci_low, 11.016058, 1e-6);
	assert_near(ch.ci_high, 23.983942, 1e-6);

	/* A period without data: not testable, z 0, p 1. */
	assert_int_equal(survey_nps_from_counts(0, 0, 0, &none, NULL), LD_OK);
	survey_nps_compare(&a, &none, &ch);
	assert_false(ch.testable);
	assert_true(ch.z == 0.0 && ch.p_value == 1.0);
}

/* ---- Wilson, shares, FCR, Katz ---- */

static void test_survey_metrics_wilson_newcombe(void **state)
{
	(void)state;
	struct survey_share s;
	/* Newcombe, Stat. Med. 17 (1998), table II, Wilson score without continuity correction. */
	assert_int_equal(survey_share_wilson(81, 263, &s, NULL), LD_OK);
	assert_near(s.share, 81.0 / 263.0, 1e-15);
	assert_near(s.ci_low, 0.2553, 5e-5);
	assert_near(s.ci_high, 0.3662, 5e-5);
	assert_int_equal(survey_share_wilson(15, 148, &s, NULL), LD_OK);
	assert_near(s.ci_low, 0.0624, 5e-5);
	assert_near(s.ci_high, 0.1605, 5e-5);
	/* 0/20: lower bound exactly 0; upper = (1.9208/20)/(1.19208) + … = 0.1611 */
	assert_int_equal(survey_share_wilson(0, 20, &s, NULL), LD_OK);
	assert_true(s.ci_low == 0.0);
	assert_near(s.ci_high, 0.1611, 5e-5);
	assert_int_equal(survey_share_wilson(1, 29, &s, NULL), LD_OK);
	assert_near(s.ci_low, 0.0061, 5e-5);
	assert_near(s.ci_high, 0.1718, 5e-5);
	/* n = hits: upper bound exactly 1. */
	assert_int_equal(survey_share_wilson(5, 5, &s, NULL), LD_OK);
	assert_true(s.ci_high == 1.0);
	/* No data, and hits > n. */
	assert_int_equal(survey_share_wilson(0, 0, &s, NULL), LD_OK);
	assert_false(s.has_data);
	assert_true(s.share == 0.0 && s.ci_high == 0.0);
	assert_int_equal(survey_share_wilson(3, 2, &s, NULL), LD_ERR_INVALID);
}

static void test_survey_metrics_shares(void **state)
{
	(void)state;
	/* Effort bands low/medium/high 50/30/20 of 100. Wilson(30, 100):
	 * centre = (0.3 + 0.019208)/1.038416 = 0.307403, half = 1.96/1.038416·√(0.0021 + 0.00009604)
	 * = 1.887491·0.046862 = 0.088452 → [0.218948, 0.395850]. */
	const int64_t counts[3] = { 50, 30, 20 };
	struct survey_share s[3];
	assert_int_equal(survey_shares(counts, 3, s, NULL), LD_OK);
	assert_int_equal(s[1].n, 100);
	assert_near(s[0].share, 0.5, 1e-15);
	assert_near(s[1].share, 0.3, 1e-15);
	assert_near(s[2].share, 0.2, 1e-15);
	assert_near(s[1].ci_low, 0.218948, 1e-6);
	assert_near(s[1].ci_high, 0.395850, 1e-6);
}

static void test_survey_metrics_fcr(void **state)
{
	(void)state;
	struct survey_share s;
	/* 200 first contacts, 30 repeated within 7 days: FCR = 1 − 30/200 = 0.85;
	 * Wilson(170, 200): centre = (0.85 + 0.009604)/1.019208 = 0.843404,
	 * half = 1.923073·√(0.0006375 + 0.00002401) = 1.923073·0.025720 = 0.049461 → [0.793943, 0.892865]. */
	assert_int_equal(survey_fcr(200, 30, &s, NULL), LD_OK);
	assert_near(s.share, 0.85, 1e-15);
	assert_near(s.ci_low, 0.793943, 1e-6);
	assert_near(s.ci_high, 0.892865, 1e-6);

	/* Flags: 4 first contacts, one repeated → 0.75. */
	const bool flags[4] = { false, true, false, false };
	assert_int_equal(survey_fcr_from_flags(flags, 4, &s, NULL), LD_OK);
	assert_int_equal(s.hits, 3);
	assert_near(s.share, 0.75, 1e-15);
	assert_int_equal(survey_fcr(10, 11, &s, NULL), LD_ERR_INVALID);
	assert_int_equal(SURVEY_FCR_WINDOW_S, 604800);
}

static void test_survey_metrics_katz_ratio(void **state)
{
	(void)state;
	struct survey_ratio r;
	/* 30/100 lapsed among customers with a service contact, 10/100 without:
	 * RR = 0.3/0.1 = 3; SE = √(1/30 − 1/100 + 1/10 − 1/100) = √0.113333 = 0.336650;
	 * CI = 3·exp(∓1.96·0.336650) = 3·exp(∓0.659834) = [1.550811, 5.803415]. */
	assert_int_equal(survey_ratio_katz(30, 100, 10, 100, &r, NULL), LD_OK);
	assert_true(r.has_data);
	assert_false(r.corrected);
	assert_near(r.ratio, 3.0, 1e-12);
	assert_near(r.log_se, 0.336650, 1e-6);
	assert_near(r.ci_low, 1.550811, 1e-6);
	assert_near(r.ci_high, 5.803415, 1e-6);
	assert_near(r.exposed.share, 0.3, 1e-15);

	/* A zero cell, 0/50 vs 5/50: add 0.5 → (0.5/51)/(5.5/51) = 0.090909;
	 * SE = √(1/0.5 − 1/51 + 1/5.5 − 1/51) = √2.142602 = 1.463763;
	 * CI = 0.090909·exp(∓2.869) = [0.005160, 1.601724]. */
	assert_int_equal(survey_ratio_katz(0, 50, 5, 50, &r, NULL), LD_OK);
	assert_true(r.corrected);
	assert_near(r.ratio, 0.090909, 1e-6);
	assert_near(r.log_se, 1.463763, 1e-6);
	assert_near(r.ci_low, 0.005160, 1e-6);
	assert_near(r.ci_high, 1.601724, 1e-6);

	/* No events in either group, or an empty group: no ratio. */
	assert_int_equal(survey_ratio_katz(0, 50, 0, 40, &r, NULL), LD_OK);
	assert_false(r.has_data);
	assert_true(r.ratio == 0.0);
	assert_int_equal(survey_ratio_katz(3, 10, 0, 0, &r, NULL), LD_OK);
	assert_false(r.has_data);
}

/* ---- CSAT and CES ---- */

static void test_survey_metrics_csat(void **state)
{
	(void)state;
	/* Answers 1…5: 5, 5, 10, 40, 40 (n = 100). */
	const int64_t hist[SURVEY_CSAT_POINTS] = { 5, 5, 10, 40, 40 };
	struct survey_csat c;
	assert_int_equal(survey_csat_from_histogram(hist, &c, NULL), LD_OK);
	assert_true(c.has_data);
	/* top-2-box = 80/100; Wilson: centre = (0.8 + 0.019208)/1.038416 = 0.788901,
	 * half = 1.887491·√(0.0016 + 0.00009604) = 0.077733 → [0.711169, 0.866634] */
	assert_near(c.top2.share, 0.8, 1e-15);
	assert_near(c.top2.ci_low, 0.711169, 1e-6);
	assert_near(c.top2.ci_high, 0.866634, 1e-6);
	/* mean = (5 + 10 + 30 + 160 + 200)/100 = 4.05 */
	assert_near(c.mean, 4.05, 1e-12);
	/* SS = 5·3.05² + 5·2.05² + 10·1.05² + 40·0.05² + 40·0.95² = 114.75; SD = √(114.75/99) = 1.076611 */
	assert_near(c.sd, 1.076611, 1e-6);
	assert_near(c.distribution[0], 0.05, 1e-15);
	assert_near(c.distribution[4], 0.40, 1e-15);
	assert_int_equal(c.counts[3], 40);
}

static void test_survey_metrics_ces(void **state)
{
	(void)state;
	/* Answers 1…7: 1, 1, 2, 2, 4, 6, 4 (n = 20). */
	const int64_t hist[SURVEY_CES_POINTS] = { 1, 1, 2, 2, 4, 6, 4 };
	struct survey_ces c;
	assert_int_equal(survey_ces_from_histogram(hist, &c, NULL), LD_OK);
	/* Σx = 1 + 2 + 6 + 8 + 20 + 36 + 28 = 101 → mean 5.05 */
	assert_near(c.mean, 5.05, 1e-12);
	/* Σx² = 1 + 4 + 18 + 32 + 100 + 216 + 196 = 567; SS = 567 − 20·5.05² = 56.95;
	 * SD = √(56.95/19) = 1.731291; SE = 1.731291/√20 = 0.387128 */
	assert_near(c.sd, 1.731291, 1e-6);
	assert_near(c.se, 0.387128, 1e-6);
	/* t(0.975, 19) = 2.093024: CI = 5.05 ∓ 0.810270 = [4.239731, 5.860269] */
	assert_near(c.ci_low, 4.239731, 1e-6);
	assert_near(c.ci_high, 5.860269, 1e-6);
	/* agree 5–7 = 14/20, disagree 1–3 = 4/20 (the 2 neutral 4s in neither) */
	assert_near(c.agree.share, 0.7, 1e-15);
	assert_near(c.disagree.share, 0.2, 1e-15);
	assert_near(c.disagree.ci_low, 0.080656, 1e-6);

	/* One answer: spread unknown, the interval is the whole scale. */
	const int64_t one[SURVEY_CES_POINTS] = { 0, 0, 0, 0, 0, 1, 0 };
	assert_int_equal(survey_ces_from_histogram(one, &c, NULL), LD_OK);
	assert_near(c.mean, 6.0, 0.0);
	assert_true(c.sd == 0.0 && c.ci_low == 1.0 && c.ci_high == 7.0);
}

static void test_survey_metrics_t95(void **state)
{
	(void)state;
	/* Tabled values of t(0.975, df) and the normal limit 1.959964. */
	assert_near(survey_t95(1), 12.706205, 1e-6);
	assert_near(survey_t95(30), 2.042272, 1e-6);
	assert_near(survey_t95(31), 2.039513, 1e-6);
	assert_near(survey_t95(40), 2.021075, 1e-6);
	assert_near(survey_t95(100), 1.983972, 1e-6);
	assert_near(survey_t95(INT64_C(1) << 40), 1.959964, 1e-6);
	assert_near(survey_t95(0), 12.706205, 1e-6);
}

/* ---- SERVQUAL ---- */

/* The three respondents of the hand computation below. */
static void servqual_respondents(struct survey_servqual_response r[3])
{
	const double imp1[SURVEY_SQ_DIM_COUNT] = { 10, 40, 20, 20, 10 };
	const double imp2[SURVEY_SQ_DIM_COUNT] = { 20, 30, 20, 10, 20 };
	for (int i = 0; i < 3; i++)
		survey_servqual_response_init(&r[i]);
	/* R1: tangibles (7→5, 6→6) = −1; reliability −3; responsiveness +1; assurance 0;
	 * empathy (4→5, 6→5) = 0; split 10/40/20/20/10. */
	assert_int_equal(survey_servqual_response_add(&r[0], SURVEY_SQ_TANGIBLES, 7, 5, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[0], SURVEY_SQ_TANGIBLES, 6, 6, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[0], SURVEY_SQ_RELIABILITY, 7, 4, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[0], SURVEY_SQ_RESPONSIVENESS, 5, 6, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[0], SURVEY_SQ_ASSURANCE, 6, 6, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[0], SURVEY_SQ_EMPATHY, 4, 5, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[0], SURVEY_SQ_EMPATHY, 6, 5, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_set_importance(&r[0], imp1, NULL), LD_OK);
	/* R2: 0, −2, −2, −1, +1; split 20/30/20/10/20. */
	assert_int_equal(survey_servqual_response_add(&r[1], SURVEY_SQ_TANGIBLES, 5, 5, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[1], SURVEY_SQ_RELIABILITY, 7, 5, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[1], SURVEY_SQ_RESPONSIVENESS, 6, 4, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[1], SURVEY_SQ_ASSURANCE, 7, 6, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[1], SURVEY_SQ_EMPATHY, 5, 6, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_set_importance(&r[1], imp2, NULL), LD_OK);
	/* R3: tangibles +1, reliability −1, nothing else, no split. */
	assert_int_equal(survey_servqual_response_add(&r[2], SURVEY_SQ_TANGIBLES, 6, 7, NULL), LD_OK);
	assert_int_equal(survey_servqual_response_add(&r[2], SURVEY_SQ_RELIABILITY, 6, 5, NULL), LD_OK);
}

static void check_servqual_summary(const struct survey_servqual_summary *s)
{
	/* tangibles {−1, 0, 1}: mean 0, SD 1, SE 1/√3 = 0.577350 */
	assert_int_equal(s->dims[SURVEY_SQ_TANGIBLES].n, 3);
	assert_near(s->dims[SURVEY_SQ_TANGIBLES].gap, 0.0, 1e-12);
	assert_near(s->dims[SURVEY_SQ_TANGIBLES].se, 0.577350, 1e-6);
	/* reliability {−3, −2, −1}: mean −2, SE 0.577350 */
	assert_near(s->dims[SURVEY_SQ_RELIABILITY].gap, -2.0, 1e-12);
	assert_near(s->dims[SURVEY_SQ_RELIABILITY].se, 0.577350, 1e-6);
	/* responsiveness {1, −2}: mean −0.5, SD √4.5 = 2.121320, SE 2.121320/√2 = 1.5 */
	assert_int_equal(s->dims[SURVEY_SQ_RESPONSIVENESS].n, 2);
	assert_near(s->dims[SURVEY_SQ_RESPONSIVENESS].gap, -0.5, 1e-12);
	assert_near(s->dims[SURVEY_SQ_RESPONSIVENESS].se, 1.5, 1e-12);
	/* assurance {0, −1}: −0.5, SE 0.5; empathy {0, 1}: 0.5, SE 0.5 */
	assert_near(s->dims[SURVEY_SQ_ASSURANCE].gap, -0.5, 1e-12);
	assert_near(s->dims[SURVEY_SQ_ASSURANCE].se, 0.5, 1e-12);
	assert_near(s->dims[SURVEY_SQ_EMPATHY].gap, 0.5, 1e-12);
	/* overall = (0 − 2 − 0.5 − 0.5 + 0.5)/5 = −0.5 */
	assert_true(s->has_data);
	assert_near(s->overall, -0.5, 1e-12);
	/* weighted: R1 = 0.1·(−1) + 0.4·(−3) + 0.2·1 = −1.1; R2 = 0.3·(−2) + 0.2·(−2)
	 * + 0.1·(−1) + 0.2·1 = −0.9; mean −1.0, SD √0.02 = 0.141421, SE 0.1 */
	assert_int_equal(s->weighted_n, 2);
	assert_near(s->weighted, -1.0, 1e-12);
	assert_near(s->weighted_se, 0.1, 1e-12);
	/* importance means 15/35/20/15/15; priorities 0, −0.7, −0.1, −0.075, +0.075 */
	assert_near(s->dims[SURVEY_SQ_RELIABILITY].importance, 35.0, 1e-12);
	assert_near(s->dims[SURVEY_SQ_RELIABILITY].priority, -0.7, 1e-12);
	assert_near(s->dims[SURVEY_SQ_ASSURANCE].priority, -0.075, 1e-12);
	/* rank: reliability, responsiveness, assurance, tangibles, empathy */
	assert_int_equal(s->rank[0], SURVEY_SQ_RELIABILITY);
	assert_int_equal(s->rank[1], SURVEY_SQ_RESPONSIVENESS);
	assert_int_equal(s->rank[2], SURVEY_SQ_ASSURANCE);
	assert_int_equal(s->rank[3], SURVEY_SQ_TANGIBLES);
	assert_int_equal(s->rank[4], SURVEY_SQ_EMPATHY);
}

static void test_survey_metrics_servqual(void **state)
{
	(void)state;
	struct survey_servqual_response r[3];
	servqual_respondents(r);
	struct survey_servqual acc;
	struct survey_servqual_summary sum;
	survey_servqual_init(&acc);
	for (int i = 0; i < 3; i++)
		assert_int_equal(survey_servqual_add(&acc, &r[i], NULL), LD_OK);
	survey_servqual_summarise(&acc, &sum);
	check_servqual_summary(&sum);

	/* Folding R1, R2 and R3 separately and merging gives the same answer. */
	struct survey_servqual a, b;
	survey_servqual_init(&a);
	survey_servqual_init(&b);
	assert_int_equal(survey_servqual_add(&a, &r[0], NULL), LD_OK);
	assert_int_equal(survey_servqual_add(&b, &r[1], NULL), LD_OK);
	assert_int_equal(survey_servqual_add(&b, &r[2], NULL), LD_OK);
	survey_servqual_merge(&a, &b);
	survey_servqual_summarise(&a, &sum);
	check_servqual_summary(&sum);
}

static void test_survey_metrics_servqual_edges(void **state)
{
	(void)state;
	struct survey_servqual_response r;
	struct ld_err err;
	survey_servqual_response_init(&r);
	assert_int_equal(survey_servqual_response_add(&r, SURVEY_SQ_DIM_COUNT, 4, 4, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_dimension");
	assert_int_equal(survey_servqual_response_add(&r, SURVEY_SQ_EMPATHY, 0, 4, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(survey_servqual_response_add(&r, SURVEY_SQ_EMPATHY, 4, 8, NULL),
			 LD_ERR_INVALID);
	/* 33 + 33 + 33 + 0 + 0 = 99 is accepted and normalised: 33/99·100 = 33.333… */
	const double thirds[SURVEY_SQ_DIM_COUNT] = { 33, 33, 33, 0, 0 };
	assert_int_equal(survey_servqual_response_set_importance(&r, thirds, NULL), LD_OK);
	assert_near(r.importance[0], 100.0 / 3.0, 1e-12);
	const double short_split[SURVEY_SQ_DIM_COUNT] = { 30, 30, 30, 0, 0 };
	assert_int_equal(survey_servqual_response_set_importance(&r, short_split, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_importance");

	/* Empty accumulator: no data, zeros, importance defaults to 20 each. */
	struct survey_servqual acc;
	struct survey_servqual_summary sum;
	survey_servqual_init(&acc);
	survey_servqual_summarise(&acc, &sum);
	assert_false(sum.has_data);
	assert_true(sum.overall == 0.0 && sum.weighted == 0.0);
	assert_near(sum.dims[SURVEY_SQ_EMPATHY].importance, 20.0, 1e-12);

	/* Wire names. */
	assert_string_equal(survey_servqual_dim_name(SURVEY_SQ_RESPONSIVENESS), "responsiveness");
	assert_null(survey_servqual_dim_name(SURVEY_SQ_DIM_COUNT));
	assert_null(survey_servqual_dim_name(-1));
	assert_int_equal(survey_servqual_dim_parse("tangibles"), SURVEY_SQ_TANGIBLES);
	assert_int_equal(survey_servqual_dim_parse("Empathy"), -1);
	assert_int_equal(survey_servqual_dim_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_survey_metrics_nps_metrics_check),
		cmocka_unit_test(test_survey_metrics_nps_histogram),
		cmocka_unit_test(test_survey_metrics_nps_no_data_and_clamp),
		cmocka_unit_test(test_survey_metrics_nps_compare),
		cmocka_unit_test(test_survey_metrics_wilson_newcombe),
		cmocka_unit_test(test_survey_metrics_shares),
		cmocka_unit_test(test_survey_metrics_fcr),
		cmocka_unit_test(test_survey_metrics_katz_ratio),
		cmocka_unit_test(test_survey_metrics_csat),
		cmocka_unit_test(test_survey_metrics_ces),
		cmocka_unit_test(test_survey_metrics_t95),
		cmocka_unit_test(test_survey_metrics_servqual),
		cmocka_unit_test(test_survey_metrics_servqual_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
