/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of core/lsq.c against hand-computed fits: exact recovery of known
 * coefficients (R² = 1, residual SE 0), a five-point simple regression and
 * its ridge version, non-negativity on orthogonal and correlated designs,
 * constant and collinear columns, and the calibration of effort weights
 * (scaling onto the defaults, a signal absent from the data, rejection).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/effort.h"
#include "core/lsq.h"

#define assert_near(actual, expected, tol) \
	assert_true(fabs((double)(actual) - (double)(expected)) <= (tol))

#define WORK_LEN 128
static double work[WORK_LEN];

static void test_lsq_exact_fit(void **state)
{
	(void)state;
	/* y = 1 + 2·x1 + 0.5·x2 − x3, no noise. */
	const double x[8 * 3] = {
		0, 0, 0,  1, 0, 2,  2, 1, 0,  0, 3, 1,
		4, 2, 2,  1, 1, 1,  3, 0, 5,  2, 4, 3,
	};
	double y[8];
	for (int i = 0; i < 8; i++)
		y[i] = 1.0 + 2.0 * x[i * 3] + 0.5 * x[i * 3 + 1] - x[i * 3 + 2];
	struct lsq_model m;
	assert_int_equal(lsq_fit(x, y, 8, 3, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.identifiable);
	assert_near(m.coef[0], 1.0, 1e-10);
	assert_near(m.coef[1], 2.0, 1e-10);
	assert_near(m.coef[2], 0.5, 1e-10);
	assert_near(m.coef[3], -1.0, 1e-10);
	/* Exact: SSR = 0 → R² = 1, residual SE 0; df = 8 − 1 − 3 = 4. */
	assert_near(m.r2, 1.0, 1e-12);
	assert_near(m.residual_se, 0.0, 1e-10);
	assert_int_equal(m.df_residual, 4);
	assert_int_equal(m.n, 8);
	const double row[3] = { 1, 1, 1 };
	assert_near(lsq_predict(&m, row), 2.5, 1e-10);
}

/*
 * x = 1…5, y = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4, Sxx = 10,
 * Sxy = (−2)(−2) + (−1)(0) + 0 + (1)(0) + (2)(1) = 6, SST = 4 + 0 + 1 + 0 + 1 = 6.
 */
static const double SIMPLE_X[5] = { 1, 2, 3, 4, 5 };
static const double SIMPLE_Y[5] = { 2, 4, 5, 4, 5 };

static void test_lsq_simple_and_ridge(void **state)
{
	(void)state;
	struct lsq_model m;
	/* OLS: slope 6/10 = 0.6, intercept 4 − 1.8 = 2.2; residuals −0.8, 0.6, 1, −0.6, −0.2,
	 * SSR = 2.4, R² = 1 − 2.4/6 = 0.6, residual SE = √(2.4/3) = 0.894427. */
	assert_int_equal(lsq_fit(SIMPLE_X, SIMPLE_Y, 5, 1, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_near(m.coef[1], 0.6, 1e-12);
	assert_near(m.coef[0], 2.2, 1e-12);
	assert_near(m.r2, 0.6, 1e-12);
	assert_near(m.residual_se, 0.894427, 1e-6);
	assert_near(m.y_mean, 4.0, 1e-12);

	/* Ridge λ = 10: slope 6/(10 + 10) = 0.3, intercept 4 − 0.9 = 3.1; residuals
	 * −1.4, 0.3, 1, −0.3, 0.4, SSR = 3.3, R² = 1 − 3.3/6 = 0.45. */
	struct lsq_options opt = { .lambda = 10.0 };
	assert_int_equal(lsq_fit(SIMPLE_X, SIMPLE_Y, 5, 1, &opt, work, WORK_LEN, &m, NULL), LD_OK);
	assert_near(m.coef[1], 0.3, 1e-12);
	assert_near(m.coef[0], 3.1, 1e-12);
	assert_near(m.r2, 0.45, 1e-12);

	/* A constant column beside x changes nothing and is flagged. */
	const double xc[10] = { 1, 9, 2, 9, 3, 9, 4, 9, 5, 9 };
	assert_int_equal(lsq_fit(xc, SIMPLE_Y, 5, 2, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.constant[1]);
	assert_near(m.coef[2], 0.0, 0.0);
	assert_near(m.coef[1], 0.6, 1e-12);
	assert_near(m.coef[0], 2.2, 1e-12);
	assert_int_equal(m.df_residual, 3);
}

static void test_lsq_nonnegative(void **state)
{
	(void)state;
	struct lsq_model m;
	struct lsq_options nn = { .nonnegative = true };
	/* Orthogonal centred columns, y = 3 + 2·x1 − x2 exactly = 2, 6, 0, 4.
	 * OLS: 2 and −1. NNLS: x2 held at 0; x1 unaffected (orthogonal) = 2; intercept 3.
	 * SSR = 4·1² = 4, SST = 1 + 9 + 9 + 1 = 20, R² = 0.8; df = 4 − 1 − 1 = 2, SE = √2. */
	const double x[8] = { -1, -1, 1, -1, -1, 1, 1, 1 };
	const double y[4] = { 2, 6, 0, 4 };
	assert_int_equal(lsq_fit(x, y, 4, 2, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_near(m.coef[2], -1.0, 1e-12);
	assert_int_equal(lsq_fit(x, y, 4, 2, &nn, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.identifiable);
	assert_near(m.coef[0], 3.0, 1e-12);
	assert_near(m.coef[1], 2.0, 1e-12);
	assert_near(m.coef[2], 0.0, 0.0);
	assert_true(m.at_zero[1]);
	assert_false(m.at_zero[0]);
	assert_near(m.r2, 0.8, 1e-12);
	assert_near(m.residual_se, sqrt(2.0), 1e-12);

	/* Correlated: x1 = 0, 1, 2, 3; x2 = 0, 2, 1, 3; y = x1 − 0.5·x2 = 0, 0, 1.5, 1.5.
	 * NNLS holds x2 at 0 and regresses y on x1: x̄ = 1.5, ȳ = 0.75, Sxx = 5,
	 * Sxy = 1.125 + 0.375 + 0.375 + 1.125 = 3 → slope 0.6, intercept 0.75 − 0.9 = −0.15.
	 * KKT: residuals 0.15, −0.45, 0.45, −0.15 against x2 − 1.5 = −1.5, 0.5, −0.5, 1.5
	 * give gradient −0.9 < 0, so x2 stays at 0. SSR = 0.45, SST = 2.25, R² = 0.8. */
	const double xc[8] = { 0, 0, 1, 2, 2, 1, 3, 3 };
	const double yc[4] = { 0, 0, 1.5, 1.5 };
	assert_int_equal(lsq_fit(xc, yc, 4, 2, &nn, work, WORK_LEN, &m, NULL), LD_OK);
	assert_near(m.coef[0], -0.15, 1e-12);
	assert_near(m.coef[1], 0.6, 1e-12);
	assert_near(m.coef[2], 0.0, 0.0);
	assert_near(m.r2, 0.8, 1e-12);
	/* Without the constraint it is the exact fit 1, −0.5. */
	assert_int_equal(lsq_fit(xc, yc, 4, 2, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_near(m.coef[1], 1.0, 1e-12);
	assert_near(m.coef[2], -0.5, 1e-12);
}

static void test_lsq_degenerate(void **state)
{
	(void)state;
	struct lsq_model m;
	struct ld_err err;
	/* Collinear (x2 = 2·x1), λ = 0: not identifiable, intercept ȳ = 4. */
	const double x[10] = { 1, 2, 2, 4, 3, 6, 4, 8, 5, 10 };
	assert_int_equal(lsq_fit(x, SIMPLE_Y, 5, 2, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_false(m.identifiable);
	assert_near(m.coef[0], 4.0, 1e-12);
	assert_near(m.coef[1], 0.0, 0.0);
	/* Ridge makes it identifiable: by symmetry the slopes split in the ratio 1 : 2. */
	struct lsq_options opt = { .lambda = 1.0 };
	assert_int_equal(lsq_fit(x, SIMPLE_Y, 5, 2, &opt, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.identifiable);
	assert_near(m.coef[2], 2.0 * m.coef[1], 1e-12);
	/* y constant: R² reported as 0. */
	const double flat[5] = { 3, 3, 3, 3, 3 };
	assert_int_equal(lsq_fit(SIMPLE_X, flat, 5, 1, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_near(m.r2, 0.0, 0.0);
	assert_near(m.coef[0], 3.0, 1e-12);
	/* No rows. */
	assert_int_equal(lsq_fit(NULL, NULL, 0, 1, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_false(m.identifiable);
	/* Invalid: NaN, λ < 0, short workspace (p = 2 needs 2·4 + 10 + 1 = 19). */
	const double bad[5] = { 1, 2, NAN, 4, 5 };
	assert_int_equal(lsq_fit(SIMPLE_X, bad, 5, 1, NULL, work, WORK_LEN, &m, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_response");
	opt.lambda = -1.0;
	assert_int_equal(lsq_fit(SIMPLE_X, SIMPLE_Y, 5, 1, &opt, work, WORK_LEN, &m, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(lsq_workspace_size(2), 19);
	assert_int_equal(lsq_fit(x, SIMPLE_Y, 5, 2, NULL, work, 18, &m, NULL), LD_ERR_INVALID);
}

/* Ten cases' signals: repeat, transfers, switches, re-explanations, robot-only, reopens. */
static const int CASES[10][LSQ_EFFORT_SIGNALS] = {
	{ 0, 0, 0, 0, 0, 0 }, { 1, 0, 0, 0, 0, 0 }, { 0, 1, 0, 0, 0, 0 }, { 0, 0, 1, 0, 0, 0 },
	{ 0, 0, 0, 1, 0, 0 }, { 0, 0, 0, 0, 1, 0 }, { 0, 0, 0, 0, 0, 1 }, { 2, 1, 1, 0, 0, 0 },
	{ 1, 2, 0, 1, 1, 0 }, { 3, 1, 2, 1, 0, 1 },
};

/* Fills x from effort states built from CASES (reopens zeroed when !with_reopens). */
static void effort_design(double x[10 * LSQ_EFFORT_SIGNALS], bool with_reopens)
{
	for (int i = 0; i < 10; i++) {
		struct effort_state e;
		effort_init(&e, 0);
		e.repeat_contacts = CASES[i][0];
		e.transfers = CASES[i][1];
		e.channel_switches = CASES[i][2];
		e.re_explanations = CASES[i][3];
		e.robot_only = CASES[i][4];
		e.reopens = with_reopens ? CASES[i][5] : 0;
		lsq_effort_features(&e, &x[i * LSQ_EFFORT_SIGNALS]);
	}
}

static void test_lsq_effort_calibration(void **state)
{
	(void)state;
	double x[10 * LSQ_EFFORT_SIGNALS], y[10];
	struct lsq_model m;
	struct effort_weights w;
	double scale = 0.0;
	struct lsq_options nn = { .nonnegative = true };

	/* CES reverse-coded: 1 (strongly disagree it was easy) = effort 7, 7 = effort 1. */
	assert_int_equal(lsq_ces_effort(1), 7);
	assert_int_equal(lsq_ces_effort(7), 1);
	assert_int_equal(lsq_ces_effort(0), -1);
	assert_int_equal(lsq_ces_effort(8), -1);

	/* Effort = 1 + half the default weights (1, 2, 1, 2, 1, 2 in signal order):
	 * ŵ = 0.5·w₀, so s = Σŵw₀/Σŵ² = 0.5·15/(0.25·15) = 2 and the defaults come back. */
	effort_design(x, true);
	const double half[LSQ_EFFORT_SIGNALS] = { 0.5, 1.0, 0.5, 1.0, 0.5, 1.0 };
	for (int i = 0; i < 10; i++) {
		y[i] = 1.0;
		for (int j = 0; j < LSQ_EFFORT_SIGNALS; j++)
			y[i] += half[j] * x[i * LSQ_EFFORT_SIGNALS + j];
	}
	assert_int_equal(lsq_fit(x, y, 10, LSQ_EFFORT_SIGNALS, &nn, work, WORK_LEN, &m, NULL), LD_OK);
	assert_near(m.r2, 1.0, 1e-12);
	assert_int_equal(lsq_effort_weights(&m, &w, &scale, NULL), LD_OK);
	assert_near(scale, 2.0, 1e-10);
	assert_near(w.repeat_contact, 1.0, 1e-10);
	assert_near(w.transfer, 2.0, 1e-10);
	assert_near(w.channel_switch, 1.0, 1e-10);
	assert_near(w.re_explanation, 2.0, 1e-10);
	assert_near(w.robot_only, 1.0, 1e-10);
	assert_near(w.reopen, 2.0, 1e-10);
	assert_near(w.medium_at, 2.0, 0.0);
	assert_near(w.high_at, 4.0, 0.0);

	/* No reopens among the answered cases; slopes 0.5, 0.5, 0.25, 1, 0.25 for the rest.
	 * s = (0.5·1 + 0.5·2 + 0.25·1 + 1·2 + 0.25·1)/(0.25 + 0.25 + 0.0625 + 1 + 0.0625)
	 *   = 4/1.625 = 2.461538; weights 1.230769, 1.230769, 0.615385, 2.461538, 0.615385;
	 * reopen keeps its default 2. */
	effort_design(x, false);
	const double fitted[LSQ_EFFORT_SIGNALS] = { 0.5, 0.5, 0.25, 1.0, 0.25, 0.0 };
	for (int i = 0; i < 10; i++) {
		y[i] = 2.0;
		for (int j = 0; j < LSQ_EFFORT_SIGNALS; j++)
			y[i] += fitted[j] * x[i * LSQ_EFFORT_SIGNALS + j];
	}
	assert_int_equal(lsq_fit(x, y, 10, LSQ_EFFORT_SIGNALS, &nn, work, WORK_LEN, &m, NULL), LD_OK);
	assert_true(m.constant[LSQ_SIG_REOPENS]);
	assert_int_equal(lsq_effort_weights(&m, &w, &scale, NULL), LD_OK);
	assert_near(scale, 2.461538, 1e-6);
	assert_near(w.repeat_contact, 1.230769, 1e-6);
	assert_near(w.transfer, 1.230769, 1e-6);
	assert_near(w.channel_switch, 0.615385, 1e-6);
	assert_near(w.re_explanation, 2.461538, 1e-6);
	assert_near(w.robot_only, 0.615385, 1e-6);
	assert_near(w.reopen, 2.0, 0.0);

	/* Frictions that "lower" effort: rejected, keep the defaults. */
	for (int i = 0; i < 10; i++) {
		y[i] = 5.0;
		for (int j = 0; j < LSQ_EFFORT_SIGNALS; j++)
			y[i] -= 0.3 * x[i * LSQ_EFFORT_SIGNALS + j];
	}
	assert_int_equal(lsq_fit(x, y, 10, LSQ_EFFORT_SIGNALS, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	struct ld_err err;
	assert_int_equal(lsq_effort_weights(&m, &w, NULL, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "calibration_rejected");
	/* …and under non-negativity every slope is 0: rejected too. */
	assert_int_equal(lsq_fit(x, y, 10, LSQ_EFFORT_SIGNALS, &nn, work, WORK_LEN, &m, NULL), LD_OK);
	assert_int_equal(lsq_effort_weights(&m, &w, NULL, NULL), LD_ERR_INVALID);

	/* A model of another design. */
	assert_int_equal(lsq_fit(SIMPLE_X, SIMPLE_Y, 5, 1, NULL, work, WORK_LEN, &m, NULL), LD_OK);
	assert_int_equal(lsq_effort_weights(&m, &w, NULL, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_model");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lsq_exact_fit),
		cmocka_unit_test(test_lsq_simple_and_ridge),
		cmocka_unit_test(test_lsq_nonnegative),
		cmocka_unit_test(test_lsq_degenerate),
		cmocka_unit_test(test_lsq_effort_calibration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
