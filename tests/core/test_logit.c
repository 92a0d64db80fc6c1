/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of core/logit.c: the 2×2 table whose MLE is known in closed form
 * (odds ratio ad/bc, SE √(1/a + 1/b + 1/c + 1/d)), with weights, expanded
 * rows and standardisation; a synthetic data set from a deterministic
 * generator with known coefficients; separation with and without ridge (a
 * symmetric case solved by hand); constant columns, one outcome class,
 * n < p and collinearity; the CEB prior; input validation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/logit.h"

#define assert_near(actual, expected, tol) \
	assert_true(fabs((double)(actual) - (double)(expected)) <= (tol))

/* Workspace for every test: p ≤ 4. */
#define WORK_LEN 64
static double work[WORK_LEN];

/*
 * The 2×2 table: x = 1 (say, high effort): a = 20 lapsed, b = 10 stayed;
 * x = 0: c = 15 lapsed, d = 30 stayed.
 *   slope     = ln(ad/bc) = ln(600/150) = ln 4 = 1.386294361
 *   SE        = √(1/20 + 1/10 + 1/15 + 1/30) = √0.25 = 0.5
 *   intercept = ln(c/d) = ln 0.5 = −0.693147181, SE √(1/15 + 1/30) = √0.1 = 0.316227766
 *   OR 4, CI 4·exp(∓1.96·0.5) = 4·exp(∓0.98) = [1.501244, 10.657825]
 *   ℓ = 20 ln(2/3) + 10 ln(1/3) + 15 ln(1/3) + 30 ln(2/3) = 50 ln(2/3) + 25 ln(1/3) = −47.738563
 */
static const double TABLE_X[4] = { 1, 1, 0, 0 };
static const int TABLE_Y[4] = { 1, 0, 1, 0 };
static const double TABLE_W[4] = { 20, 10, 15, 30 };

static void check_table_fit(const struct logit_model *m)
{
	assert_true(m->identifiable);
	assert_true(m->converged);
	assert_true(m->has_se);
	assert_false(m->separation);
	assert_false(m->fallback);
	assert_near(m->coef[1], log(4.0), 1e-6);
	assert_near(m->se[1], 0.5, 1e-6);
	assert_near(m->coef[0], log(0.5), 1e-6);
	assert_near(m->se[0], sqrt(0.1), 1e-6);
	assert_near(m->odds_ratio[1], 4.0, 1e-6);
	assert_near(m->or_low[1], 1.501244, 1e-6);
	assert_near(m->or_high[1], 10.657825, 1e-6);
	assert_near(m->log_likelihood, -47.738563, 1e-6);
	assert_near(m->events, 35.0, 0.0);
	assert_near(m->nonevents, 40.0, 0.0);
}

static void test_logit_two_by_two_weighted(void **state)
{
	(void)state;
	struct logit_model m;
	struct logit_options opt = { .lambda = 0.0 };
	assert_int_equal(logit_fit(TABLE_X, TABLE_Y, TABLE_W, 4, 1, &opt, work, WORK_LEN, &m, NULL),
			 LD_OK);
	check_table_fit(&m);
	assert_int_equal(m.n, 4);
	/* Risk at x = 1 is a/(a + b) = 2/3, at x = 0 c/(c + d) = 1/3. */
	const double one = 1.0, zero = 0.0;
	assert_near(logit_predict(&m, &one), 2.0 / 3.0, 1e-9);
	assert_near(logit_predict(&m, &zero), 1.0 / 3.0, 1e-9);
	/* 35 events ≥ 10 per feature: the fit stands. */
	assert_false(logit_needs_fallback(&m));
}

static void test_logit_intercept_only(void **state)
{
	(void)state;
	/* p = 0: 35 lapses, 40 stays. β₀ = ln(35/40) = −0.133531,
	 * SE = √(1/35 + 1/40) = √0.053571 = 0.231455. */
	const int y[2] = { 1, 0 };
	const double w[2] = { 35, 40 };
	struct logit_model m;
	assert_int_equal(logit_fit(NULL, y, w, 2, 0, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.converged);
	assert_near(m.coef[0], log(35.0 / 40.0), 1e-9);
	assert_near(m.se[0], 0.231455, 1e-6);
	assert_near(logit_predict(&m, NULL), 35.0 / 75.0, 1e-9);
}

static void test_logit_two_by_two_expanded_and_standardised(void **state)
{
	(void)state;
	/* The same table as 75 unweighted rows. */
	double x[75];
	int y[75];
	size_t n = 0;
	for (int cell = 0; cell < 4; cell++) {
		for (int r = 0; r < (int)TABLE_W[cell]; r++) {
			x[n] = TABLE_X[cell];
			y[n] = TABLE_Y[cell];
			n++;
		}
	}
	struct logit_model m;
	assert_int_equal(logit_fit(x, y, NULL, n, 1, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	check_table_fit(&m);
	assert_int_equal(m.n, 75);

	/* Standardised (λ = 0): the MLE is equivariant, so the original-scale
	 * report must match, intercept SE included (it goes through T·Cov·Tᵀ).
	 * Mean of x = 30/75 = 0.4; SD = √(0.4·0.6) = 0.489898. */
	struct logit_options opt = { .lambda = 0.0, .standardize = true };
	assert_int_equal(logit_fit(x, y, NULL, n, 1, &opt, work, WORK_LEN, &m, NULL), LD_OK);
	check_table_fit(&m);
	assert_near(m.mean[0], 0.4, 1e-12);
	assert_near(m.sd[0], sqrt(0.24), 1e-12);
}

/* splitmix64 (Steele, Lea & Flood 2014): the deterministic generator of the synthetic set. */
static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return ((double)(splitmix(s) >> 11) + 0.5) * 0x1p-53; /* (0, 1) */
}

#define SYN_N 20000
static double syn_x[SYN_N * 3];
static int syn_y[SYN_N];

/*
 * x1 ~ N(0, 1) (Box–Muller), x2 ~ Bernoulli(0.3), x3 ~ U(0, 5);
 * true η = −1 + 0.8·x1 + 1.5·x2 − 0.4·x3; y ~ Bernoulli(σ(η)).
 */
static void synthetic(void)
{
	uint64_t s = 12345;
	for (int i = 0; i < SYN_N; i++) {
		double u1 = uniform(&s), u2 = uniform(&s);
		double x1 = sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
		double x2 = uniform(&s) < 0.3 ? 1.0 : 0.0;
		double x3 = 5.0 * uniform(&s);
		double eta = -1.0 + 0.8 * x1 + 1.5 * x2 - 0.4 * x3;
		syn_x[i * 3 + 0] = x1;
		syn_x[i * 3 + 1] = x2;
		syn_x[i * 3 + 2] = x3;
		syn_y[i] = uniform(&s) < 1.0 / (1.0 + exp(-eta)) ? 1 : 0;
	}
}

static void test_logit_synthetic_recovery(void **state)
{
	(void)state;
	synthetic();
	struct logit_model m;
	assert_int_equal(logit_fit(syn_x, syn_y, NULL, SYN_N, 3, NULL, work, WORK_LEN, &m, NULL),
			 LD_OK);
	assert_true(m.converged);
	assert_false(logit_needs_fallback(&m));
	/* The true coefficients, each within 4 SE (n = 20000 gives SE ≈ 0.014…0.039). */
	const double truth[4] = { -1.0, 0.8, 1.5, -0.4 };
	for (int j = 0; j < 4; j++) {
		assert_true(m.se[j] > 0.0 && m.se[j] < 0.05);
		assert_true(fabs(m.coef[j] - truth[j]) <= 4.0 * m.se[j]);
	}
	/* An independent plain-Newton reference (Python, the same generator,
	 * Gauss–Jordan solves) gives −0.981983653, 0.784238409, 1.508316133,
	 * −0.389408895 with SEs 0.037320837, 0.020629464, 0.038681934, 0.013522697
	 * and ℓ = −8931.515967 on 4668 events. */
	const double ref[4] = { -0.981983653, 0.784238409, 1.508316133, -0.389408895 };
	const double ref_se[4] = { 0.037320837, 0.020629464, 0.038681934, 0.013522697 };
	for (int j = 0; j < 4; j++) {
		assert_near(m.coef[j], ref[j], 1e-8);
		assert_near(m.se[j], ref_se[j], 1e-8);
	}
	assert_near(m.log_likelihood, -8931.515967, 1e-5);
	assert_near(m.events, 4668.0, 0.0);

	/* Ridge λ = 50 on the original scale: the reference gives −0.948512406,
	 * 0.757679500, 1.398170118, −0.379831442, shrunk towards 0 as expected. */
	struct logit_options opt = { .lambda = 50.0 };
	assert_int_equal(logit_fit(syn_x, syn_y, NULL, SYN_N, 3, &opt, work, WORK_LEN, &m, NULL),
			 LD_OK);
	const double ref_ridge[4] = { -0.948512406, 0.757679500, 1.398170118, -0.379831442 };
	for (int j = 0; j < 4; j++)
		assert_near(m.coef[j], ref_ridge[j], 1e-8);
	assert_near(m.se[2], 0.036919741, 1e-8);

	/* Standardised, λ = 0: the same MLE on the original scale. */
	opt = (struct logit_options){ .lambda = 0.0, .standardize = true };
	assert_int_equal(logit_fit(syn_x, syn_y, NULL, SYN_N, 3, &opt, work, WORK_LEN, &m, NULL),
			 LD_OK);
	for (int j = 0; j < 4; j++) {
		assert_near(m.coef[j], ref[j], 1e-8);
		assert_near(m.se[j], ref_se[j], 1e-8);
	}
}

static void test_logit_separation(void **state)
{
	(void)state;
	/* x ≤ 3 never lapses, x ≥ 4 always: complete separation, no finite MLE. */
	const double x[6] = { 1, 2, 3, 4, 5, 6 };
	const int y[6] = { 0, 0, 0, 1, 1, 1 };
	struct logit_model m;
	assert_int_equal(logit_fit(x, y, NULL, 6, 1, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_false(m.converged);
	assert_true(m.separation);
	assert_true(logit_needs_fallback(&m));
	assert_true(isfinite(m.coef[1]) && m.coef[1] > 0.0);
	/* H went singular on the way out: no SE, and the interval is unbounded, not a point. */
	assert_false(m.has_se);
	assert_true(isfinite(m.or_high[1]) && isfinite(m.or_low[1]));
	assert_true(m.or_low[1] == exp(-700.0) && m.or_high[1] == exp(700.0));

	/* With ridge the penalised maximum is finite. */
	struct logit_options opt = { .lambda = 1.0 };
	assert_int_equal(logit_fit(x, y, NULL, 6, 1, &opt, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.converged);
	assert_false(m.separation);

	/* Hand-solvable: x = −1 (stayed), x = +1 (lapsed), λ = 1. By symmetry
	 * β₀ = 0; the slope solves 2(1 − σ(b)) = b → b = 0.674831614 (bisection).
	 * v = σ(b)(1 − σ(b)) for both rows, H = diag(2v, 2v + 1):
	 * SE₀ = 1/√(2v) = 1.495484, SE₁ = 1/√(2v + 1) = 0.831277; ℓ = 2 ln σ(b) = −0.823215. */
	const double xs[2] = { -1, 1 };
	const int ys[2] = { 0, 1 };
	assert_int_equal(logit_fit(xs, ys, NULL, 2, 1, &opt, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.converged);
	assert_near(m.coef[0], 0.0, 1e-9);
	assert_near(m.coef[1], 0.674831614, 1e-9);
	assert_near(m.se[0], 1.495484, 1e-6);
	assert_near(m.se[1], 0.831277, 1e-6);
	assert_near(m.log_likelihood, -0.823215, 1e-6);
}

static void test_logit_constant_column(void **state)
{
	(void)state;
	/* The 2×2 table plus a column that is 7 everywhere: dropped, the rest unchanged. */
	const double x[8] = { 1, 7, 1, 7, 0, 7, 0, 7 };
	struct logit_model m;
	assert_int_equal(logit_fit(x, TABLE_Y, TABLE_W, 4, 2, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.constant[1]);
	assert_false(m.constant[0]);
	assert_int_equal(m.active, 1);
	assert_near(m.coef[2], 0.0, 0.0);
	assert_near(m.se[2], 0.0, 0.0);
	assert_near(m.odds_ratio[2], 1.0, 0.0);
	assert_near(m.coef[1], log(4.0), 1e-6);
	assert_near(m.coef[0], log(0.5), 1e-6);
	assert_near(m.se[1], 0.5, 1e-6);

	struct logit_options opt = { .standardize = true };
	assert_int_equal(logit_fit(x, TABLE_Y, TABLE_W, 4, 2, &opt, work, WORK_LEN, &m, NULL), LD_OK);
	assert_near(m.coef[1], log(4.0), 1e-6);
	assert_near(m.se[0], sqrt(0.1), 1e-6);
}

static void test_logit_not_identifiable(void **state)
{
	(void)state;
	struct logit_model m;
	/* Nobody lapsed: the intercept's MLE is −∞. */
	const double x[4] = { 0, 1, 2, 3 };
	const int none[4] = { 0, 0, 0, 0 };
	assert_int_equal(logit_fit(x, none, NULL, 4, 1, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_false(m.identifiable);
	assert_false(m.converged);
	assert_true(logit_needs_fallback(&m));
	assert_near(m.coef[0], 0.0, 0.0);
	assert_near(m.odds_ratio[1], 1.0, 0.0);
	/* Everybody lapsed, even with ridge. */
	const int all[4] = { 1, 1, 1, 1 };
	struct logit_options ridge = { .lambda = 1.0 };
	assert_int_equal(logit_fit(x, all, NULL, 4, 1, &ridge, work, WORK_LEN, &m, NULL), LD_OK);
	assert_false(m.identifiable);

	/* n = 2 < p + 1 = 4 with λ = 0: singular. With λ = 1: fits, shrunk. */
	const double wide[6] = { 1, 2, 3, 4, 0, 1 };
	const int y2[2] = { 0, 1 };
	assert_int_equal(logit_fit(wide, y2, NULL, 2, 3, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_false(m.identifiable);
	assert_int_equal(logit_fit(wide, y2, NULL, 2, 3, &ridge, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.identifiable);
	assert_true(m.converged);

	/* Collinear columns (x2 = 2·x1), λ = 0: singular. */
	const double col[8] = { 0, 0, 1, 2, 2, 4, 3, 6 };
	const int y4[4] = { 0, 1, 0, 1 };
	assert_int_equal(logit_fit(col, y4, NULL, 4, 2, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_false(m.identifiable);

	/* Too few events per feature: 5 lapses for 1 feature < 10. */
	const double xe[10] = { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 };
	const int ye[10] = { 1, 1, 0, 1, 0, 0, 1, 0, 0, 1 };
	assert_int_equal(logit_fit(xe, ye, NULL, 10, 1, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.converged);
	assert_true(logit_needs_fallback(&m));
}

static void test_logit_prior(void **state)
{
	(void)state;
	struct logit_model m;
	/* CEB: OR = (0.96/0.04)/(0.09/0.91) = 24/0.0989011 = 242.666667, ln OR = 5.491689;
	 * intercept ln(0.09/0.91) = −2.313635. Features: 0 = complaints, 1 = high effort, 2 = tenure. */
	assert_int_equal(logit_prior(3, 1, 0.0, &m, NULL), LD_OK);
	assert_true(m.fallback);
	assert_true(logit_needs_fallback(&m));
	assert_near(m.coef[0], -2.313635, 1e-6);
	assert_near(m.coef[2], 5.491689, 1e-6);
	assert_near(m.coef[1], 0.0, 0.0);
	assert_near(m.coef[3], 0.0, 0.0);
	assert_near(m.odds_ratio[2], 242.666667, 1e-5);
	assert_near(m.se[2], 0.0, 0.0);
	assert_false(m.has_se);
	assert_near(m.or_low[2], m.odds_ratio[2], 0.0);
	/* Risks: high effort 96%, otherwise 9%, whatever the neutral features say. */
	const double high[3] = { 5, 1, 10 }, low[3] = { 5, 0, 10 };
	assert_near(logit_predict(&m, high), 0.96, 1e-12);
	assert_near(logit_predict(&m, low), 0.09, 1e-12);
	/* The desk's own base rate 20%: intercept ln(0.25) = −1.386294; high-effort risk
	 * 0.2·242.6667/(0.8 + 0.2·242.6667) = 48.5333/49.3333 = 0.983784. */
	assert_int_equal(logit_prior(3, 1, 0.2, &m, NULL), LD_OK);
	assert_near(m.coef[0], log(0.25), 1e-12);
	assert_near(logit_predict(&m, high), 0.983784, 1e-6);
	/* No high-effort column: intercept only. */
	assert_int_equal(logit_prior(2, -1, 0.0, &m, NULL), LD_OK);
	assert_near(m.coef[1], 0.0, 0.0);
	assert_int_equal(logit_prior(3, 3, 0.0, &m, NULL), LD_ERR_INVALID);
}

static void test_logit_invalid_input(void **state)
{
	(void)state;
	struct logit_model m;
	struct ld_err err;
	const double x[2] = { 0, 1 };
	const int bad_y[2] = { 0, 2 };
	const int y[2] = { 0, 1 };
	const double neg_w[2] = { 1, -1 };
	assert_int_equal(logit_fit(x, bad_y, NULL, 2, 1, NULL, work, WORK_LEN, &m, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_outcome");
	assert_int_equal(logit_fit(x, y, neg_w, 2, 1, NULL, work, WORK_LEN, &m, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_weight");
	/* p = 1 needs 2·2² + 5·2 = 18 doubles. */
	assert_int_equal(logit_workspace_size(1), 18);
	assert_int_equal(logit_fit(x, y, NULL, 2, 1, NULL, work, 17, &m, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "workspace_too_small");
	assert_int_equal(logit_fit(x, y, NULL, 2, LOGIT_FEATURES_MAX + 1, NULL, work, WORK_LEN, &m,
				   &err), LD_ERR_INVALID);
	struct logit_options opt = { .lambda = -1.0 };
	assert_int_equal(logit_fit(x, y, NULL, 2, 1, &opt, work, WORK_LEN, &m, NULL), LD_ERR_INVALID);
	const double nan_x[2] = { 0, NAN };
	assert_int_equal(logit_fit(nan_x, y, NULL, 2, 1, NULL, work, WORK_LEN, &m, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_feature");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logit_two_by_two_weighted),
		cmocka_unit_test(test_logit_intercept_only),
		cmocka_unit_test(test_logit_two_by_two_expanded_and_standardised),
		cmocka_unit_test(test_logit_synthetic_recovery),
		cmocka_unit_test(test_logit_separation),
		cmocka_unit_test(test_logit_constant_column),
		cmocka_unit_test(test_logit_not_identifiable),
		cmocka_unit_test(test_logit_prior),
		cmocka_unit_test(test_logit_invalid_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
