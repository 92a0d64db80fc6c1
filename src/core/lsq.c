/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Least squares with an intercept, optional ridge and non-negativity, and
 * the calibration of the effort score's weights against CES 2.0 answers
 * (contract in core/lsq.h).
 *
 * Owns: the estimator, its fit statistics, the effort design and the
 * scaling of fitted weights onto struct effort_weights. Must not do I/O,
 * allocate or keep state; libc and libm only. Scratch space is the caller's
 * workspace.
 *
 * ======================================================================
 * Design essay
 * ======================================================================
 *
 * Estimator. For rows (x_i, y_i), i = 1…n, with p features, we minimise
 *
 *     S(b₀, b) = Σ (y_i − b₀ − x_iᵀb)² + λ·Σ_j b_j²,   optionally b ≥ 0.
 *
 * The intercept is free and unpenalised, so it is eliminated by centring:
 * with x̄, ȳ the column means, G = Σ (x_i − x̄)(x_i − x̄)ᵀ + λI and
 * c = Σ (x_i − x̄)(y_i − ȳ), the slopes solve G b = c and b₀ = ȳ − x̄ᵀb.
 * Centring before forming the cross-products (two passes over the rows)
 * avoids the cancellation of the raw normal equations when a column's mean
 * is large against its spread. The p ≤ 32 system is solved by Cholesky; the
 * normal equations square the condition number of X, which is harmless for
 * the small-count signals this calibrates (a QR factorisation would need an
 * n × p copy of the data, which a core routine may not allocate). A third
 * pass computes the residuals for SSR directly, so an exact fit reports
 * SSR = 0 rather than the rounding residue of ȳ-algebra.
 *
 * Ridge (Hoerl & Kennard, Technometrics 12, 1970): λ ≥ 0 on the slopes of the
 * centred (not standardised) columns, so λ is in the units of Σ(x − x̄)².
 *
 * Non-negativity: the active-set method of Lawson & Hanson ("Solving Least
 * Squares Problems", 1974, ch. 23) run on G and c instead of X and y — the
 * form Bro & De Jong ("A fast non-negativity-constrained least squares
 * algorithm", J. Chemometrics 11, 1997) showed to be equivalent and cheaper
 * when n ≫ p. Start with every slope at 0 (the active set); repeatedly free
 * the slope whose gradient c_j − (Gb)_j is largest and positive, solve the
 * free subsystem, and if a free slope would go negative, step back along the
 * segment to the first boundary and fix the slopes that reach 0. It stops
 * when no fixed slope has a positive gradient (the KKT conditions) or after
 * 3p outer steps. Slopes held at 0 are flagged at_zero.
 *
 * Statistics. R² = 1 − SSR/SST with SST = Σ (y − ȳ)²; when y does not vary
 * (SST = 0) R² is reported as 0, since there was nothing to explain. The
 * residual SE is √(SSR/df) with df = n − 1 − (free slopes), the OLS
 * convention; for ridge fits the effective df is larger than this count
 * says, so the SE is slightly conservative. df ≤ 0 gives residual SE 0.
 *
 * Edge cases. A column constant over all rows (min = max, exact) is dropped:
 * slope 0, constant[j] = true. With λ = 0, collinear columns or fewer rows
 * than free slopes make G singular (a Cholesky pivot below 1e-12 of the
 * largest diagonal): identifiable = false, slopes 0, intercept ȳ. No rows:
 * identifiable = false, everything 0. Non-finite input, p out of range,
 * NULL arrays, λ < 0 or a short workspace: LD_ERR_INVALID.
 *
 * Effort calibration (DESIGN.md §4). The effort score of a case is
 * Σ weight × signal over six signals (core/effort.c): repeat contacts,
 * transfers, channel switches, re-explanations, robot-only contacts and
 * reopens. Where a case has a CES 2.0 answer (Dixon, Toman & DeLisi, 2013:
 * "The company made it easy for me to handle my issue.", 1 = strongly
 * disagree … 7 = strongly agree), the answer is reverse-coded as effort
 * y = 8 − CES (1 = effortless … 7 = most effort), and y is regressed on the
 * six signals with an intercept. Slope ŵ_j is then "CES points of extra
 * effort per occurrence of signal j"; the intercept is the effort of a case
 * without friction and does not enter the score. Calibration should use
 * nonnegative = true: a friction that makes things easier is noise, and
 * effort_score() clamps negative totals anyway.
 *
 * Scaling onto the score (lsq_effort_weights). The score is only read
 * through its bands, so multiplying every weight by s > 0 changes nothing
 * but what the thresholds mean. The fit fixes the ratios between the weights;
 * s is our choice. The default thresholds (medium ≥ 2, high ≥ 4) were set
 * against the default weights w₀ (effort.c: one transfer is medium, a
 * transfer plus a re-explanation is high). We take
 *
 *     s = argmin_s Σ_j (s·ŵ_j − w₀_j)² = Σ ŵ_j·w₀_j / Σ ŵ_j²,
 *
 * i.e. we keep every weight as close as possible to its documented default,
 * so the signal combinations that defined the thresholds move as little as
 * the data allow, and the thresholds 2 and 4 are kept unchanged. If the data
 * reproduce the default ratios, the defaults come back exactly. Rejected
 * alternatives: anchoring on the transfer weight alone (s = 2/ŵ_transfer)
 * makes the whole scale hostage to one coefficient and is undefined when
 * that slope is 0; refitting the thresholds at quantiles of the score fixes
 * the band shares by construction (always, say, 20% high), so the high-
 * effort share could never move when the desk gets better — the very trend
 * the effort report exists to show. A signal that is constant in the
 * calibration data (no reopens among the answered cases, say) was not
 * estimated at all; it keeps its default weight and is left out of the sum
 * for s. s is returned so the report can state the thresholds in CES terms:
 * a score of t means about t/s CES points more effort than a frictionless
 * case. When Σ ŵ·w₀ ≤ 0 the data say effort signals do not make CES worse;
 * we refuse (LD_ERR_INVALID) and the caller keeps the defaults.
 */
#include "core/lsq.h"

#include <math.h>
#include <string.h>

#define LSQ_PIVOT_REL 1e-12   /* Cholesky pivot floor, relative to the largest diagonal */

/* ---------------------------------------------------------------------- */
/* Small dense linear algebra                                             */
/* ---------------------------------------------------------------------- */

/*
 * In-place Cholesky of the lower triangle of the m×m row-major matrix a;
 * false when not positive definite. (logit.c has its twin; core modules
 * stay independent of each other.)
 */
static bool cholesky(double *a, int m)
{
	double max_diag = 0.0;
	for (int j = 0; j < m; j++)
		max_diag = fmax(max_diag, a[j * m + j]);
	if (!(max_diag > 0.0))
		return false;
	double pivot_min = LSQ_PIVOT_REL * max_diag;
	for (int j = 0; j < m; j++) {
		double s = a[j * m + j];
		for (int q = 0; q < j; q++)
			s -= a[j * m + q] * a[j * m + q];
		if (!(s > pivot_min))
			return false;
		double d = sqrt(s);
		a[j * m + j] = d;
		for (int i = j + 1; i < m; i++) {
			double t = a[i * m + j];
			for (int q = 0; q < j; q++)
				t -= a[i * m + q] * a[j * m + q];
			a[i * m + j] = t / d;
		}
	}
	return true;
}

/* Solves L·Lᵀ·v = b in place. */
static void chol_solve(const double *l, int m, double *b)
{
	for (int i = 0; i < m; i++) {
		double t = b[i];
		for (int q = 0; q < i; q++)
			t -= l[i * m + q] * b[q];
		b[i] = t / l[i * m + i];
	}
	for (int i = m - 1; i >= 0; i--) {
		double t = b[i];
		for (int q = i + 1; q < m; q++)
			t -= l[q * m + i] * b[q];
		b[i] = t / l[i * m + i];
	}
}

/*
 * Solves G_FF s_F = c_F over the free set F (free[j]), s = 0 elsewhere.
 * l is p² scratch. False when G_FF is singular.
 */
static bool solve_free(const double *g, const double *c, int p, const bool *free_set,
		       double *l, double *s)
{
	int idx[LSQ_FEATURES_MAX];
	int m = 0;
	for (int j = 0; j < p; j++) {
		s[j] = 0.0;
		if (free_set[j])
			idx[m++] = j;
	}
	if (m == 0)
		return true;
	for (int a = 0; a < m; a++) {
		for (int b = 0; b < m; b++)
			l[a * m + b] = g[idx[a] * p + idx[b]];
	}
	if (!cholesky(l, m))
		return false;
	double rhs[LSQ_FEATURES_MAX];
	for (int a = 0; a < m; a++)
		rhs[a] = c[idx[a]];
	chol_solve(l, m, rhs);
	for (int a = 0; a < m; a++)
		s[idx[a]] = rhs[a];
	return true;
}

/*
 * Lawson–Hanson NNLS on the normal equations (essay). `usable` marks
 * non-constant columns; at_zero [out] marks slopes held at 0. grad and s are
 * p scratch values each. False when a free subsystem is singular.
 */
static bool nnls(const double *g, const double *c, int p, const bool *usable, double *l,
		 double *beta, double *s, double *grad, bool *at_zero)
{
	bool free_set[LSQ_FEATURES_MAX] = { false };
	double cmax = 0.0;
	for (int j = 0; j < p; j++) {
		beta[j] = 0.0;
		cmax = fmax(cmax, fabs(c[j]));
	}
	double tol = 1e-12 * (1.0 + cmax);

	for (int outer = 0; outer < 3 * p + 1; outer++) {
		int best = -1;
		for (int j = 0; j < p; j++) {
			double gj = c[j];
			for (int q = 0; q < p; q++)
				gj -= g[j * p + q] * beta[q];
			grad[j] = gj;
			if (usable[j] && !free_set[j] && gj > tol && (best < 0 || gj > grad[best]))
				best = j;
		}
		if (best < 0)
			break;
		free_set[best] = true;
		bool feasible = false;
		for (int inner = 0; inner < 3 * p + 1 && !feasible; inner++) {
			if (!solve_free(g, c, p, free_set, l, s))
				return false;
			double alpha = 1.0;
			int hit = -1;
			feasible = true;
			for (int j = 0; j < p; j++) {
				if (!free_set[j] || s[j] > 0.0)
					continue;
				feasible = false;
				double den = beta[j] - s[j];
				double a = den > 0.0 ? beta[j] / den : 0.0;
				if (hit < 0 || a < alpha) {
					alpha = a;
					hit = j;
				}
			}
			if (feasible)
				break;
			/* Step to the boundary; the slope that reaches it (and any at 0) is fixed. */
			for (int j = 0; j < p; j++) {
				if (!free_set[j])
					continue;
				beta[j] += alpha * (s[j] - beta[j]);
				if (j == hit || !(beta[j] > 0.0)) {
					beta[j] = 0.0;
					free_set[j] = false;
				}
			}
		}
		if (!feasible)
			break; /* cycling on rounding: keep the last feasible beta */
		for (int j = 0; j < p; j++)
			beta[j] = free_set[j] ? s[j] : 0.0;
	}
	for (int j = 0; j < p; j++)
		at_zero[j] = usable[j] && !(beta[j] > 0.0);
	return true;
}

/* ---------------------------------------------------------------------- */
/* Fitting                                                                */
/* ---------------------------------------------------------------------- */

size_t lsq_workspace_size(int p)
{
	if (p < 0 || p > LSQ_FEATURES_MAX)
		return 0;
	size_t q = (size_t)p;
	return 2 * q * q + 5 * q + 1;
}

static ld_status check_inputs(const double *x, const double *y, size_t n, int p,
			      const struct lsq_options *opt, double *work, size_t work_len,
			      struct lsq_model *out, struct ld_err *err)
{
	if (out == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "output is NULL");
	if (p < 0 || p > LSQ_FEATURES_MAX)
		return ld_fail(err, LD_ERR_INVALID, "too_many_features", "p",
			       "p must lie in 0…%d", LSQ_FEATURES_MAX);
	if (n > 0 && (y == NULL || (x == NULL && p > 0)))
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "data is NULL");
	if (work == NULL || work_len < lsq_workspace_size(p))
		return ld_fail(err, LD_ERR_INVALID, "workspace_too_small", NULL,
			       "workspace needs %zu doubles", lsq_workspace_size(p));
	if (opt != NULL && (!isfinite(opt->lambda) || opt->lambda < 0.0))
		return ld_fail(err, LD_ERR_INVALID, "invalid_option", "lambda",
			       "lambda must be finite and ≥ 0");
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(y[i]))
			return ld_fail(err, LD_ERR_INVALID, "invalid_response", "y",
				       "response %zu is not finite", i);
		for (int j = 0; j < p; j++) {
			if (!isfinite(x[i * (size_t)p + (size_t)j]))
				return ld_fail(err, LD_ERR_INVALID, "invalid_feature", "x",
					       "feature %d of row %zu is not finite", j, i);
		}
	}
	return LD_OK;
}

ld_status lsq_fit(const double *x, const double *y, size_t n, int p,
		  const struct lsq_options *opt, double *work, size_t work_len,
		  struct lsq_model *out, struct ld_err *err)
{
	ld_status rc = check_inputs(x, y, n, p, opt, work, work_len, out, err);
	if (rc != LD_OK)
		return rc;
	struct lsq_options o = { .lambda = 0.0, .nonnegative = false };
	if (opt != NULL)
		o = *opt;

	memset(out, 0, sizeof *out);
	out->p = p;
	out->n = (int64_t)n;
	if (n == 0)
		return LD_OK;

	size_t pp = (size_t)p * (size_t)p;
	double *g = work;          /* p×p: centred cross-products + λI */
	double *l = g + pp;        /* p×p: Cholesky scratch */
	double *c = l + pp;        /* p: centred Xᵀy */
	double *beta = c + p;      /* p: slopes */
	double *s = beta + p;      /* p: subsystem solution */
	double *grad = s + p;      /* p: NNLS gradient */
	double *xbar = grad + p;   /* p: column means */

	/* Pass 1: means and constant columns. */
	double ybar = 0.0;
	for (size_t i = 0; i < n; i++)
		ybar += y[i];
	ybar /= (double)n;
	bool usable[LSQ_FEATURES_MAX];
	for (int j = 0; j < p; j++) {
		double lo = INFINITY, hi = -INFINITY, sum = 0.0;
		for (size_t i = 0; i < n; i++) {
			double v = x[i * (size_t)p + (size_t)j];
			lo = fmin(lo, v);
			hi = fmax(hi, v);
			sum += v;
		}
		xbar[j] = sum / (double)n;
		out->constant[j] = !(lo < hi);
		usable[j] = !out->constant[j];
	}
	out->y_mean = ybar;

	/* Pass 2: centred cross-products. */
	memset(g, 0, sizeof *g * pp);
	memset(c, 0, sizeof *c * (size_t)p);
	double sst = 0.0;
	for (size_t i = 0; i < n; i++) {
		const double *xi = x + i * (size_t)p;
		double dy = y[i] - ybar;
		sst += dy * dy;
		for (int a = 0; a < p; a++) {
			double da = xi[a] - xbar[a];
			c[a] += da * dy;
			for (int b = 0; b <= a; b++)
				g[a * p + b] += da * (xi[b] - xbar[b]);
		}
	}
	for (int a = 0; a < p; a++) {
		for (int b = 0; b < a; b++)
			g[b * p + a] = g[a * p + b];
		g[a * p + a] += o.lambda;
	}

	/* Solve for the slopes of usable columns. */
	bool ok;
	if (o.nonnegative) {
		ok = nnls(g, c, p, usable, l, beta, s, grad, out->at_zero);
	} else {
		ok = solve_free(g, c, p, usable, l, s);
		memcpy(beta, s, sizeof *beta * (size_t)p);
	}
	out->coef[0] = ybar;
	if (!ok) {
		memset(out->at_zero, 0, sizeof out->at_zero);
		return LD_OK;
	}
	out->identifiable = true;
	int free_slopes = 0;
	for (int j = 0; j < p; j++) {
		out->coef[1 + j] = usable[j] ? beta[j] : 0.0;
		out->coef[0] -= out->coef[1 + j] * xbar[j];
		free_slopes += usable[j] && !out->at_zero[j] ? 1 : 0;
	}

	/* Pass 3: residuals. */
	double ssr = 0.0;
	for (size_t i = 0; i < n; i++) {
		double r = y[i] - lsq_predict(out, x + i * (size_t)p);
		ssr += r * r;
	}
	int64_t df = (int64_t)n - 1 - free_slopes;
	out->df_residual = df > 0 ? (df > INT32_MAX ? INT32_MAX : (int)df) : 0;
	out->r2 = sst > 0.0 ? 1.0 - ssr / sst : 0.0;
	out->residual_se = df > 0 ? sqrt(ssr / (double)df) : 0.0;
	return LD_OK;
}

double lsq_predict(const struct lsq_model *model, const double *x)
{
	if (model == NULL || (x == NULL && model->p > 0))
		return 0.0;
	double v = model->coef[0];
	for (int j = 0; j < model->p && j < LSQ_FEATURES_MAX; j++)
		v += model->coef[1 + j] * x[j];
	return v;
}

/* ---------------------------------------------------------------------- */
/* Effort calibration                                                     */
/* ---------------------------------------------------------------------- */

void lsq_effort_features(const struct effort_state *e, double row[LSQ_EFFORT_SIGNALS])
{
	if (row == NULL)
		return;
	if (e == NULL) {
		memset(row, 0, sizeof *row * LSQ_EFFORT_SIGNALS);
		return;
	}
	row[LSQ_SIG_REPEAT_CONTACTS] = e->repeat_contacts;
	row[LSQ_SIG_TRANSFERS] = e->transfers;
	row[LSQ_SIG_CHANNEL_SWITCHES] = e->channel_switches;
	row[LSQ_SIG_RE_EXPLANATIONS] = e->re_explanations;
	row[LSQ_SIG_ROBOT_ONLY] = e->robot_only;
	row[LSQ_SIG_REOPENS] = e->reopens;
}

int lsq_ces_effort(int ces)
{
	return ces >= 1 && ces <= 7 ? 8 - ces : -1;
}

/* The effort_weights field of each signal. */
static double *weight_field(struct effort_weights *w, int sig)
{
	switch (sig) {
	case LSQ_SIG_REPEAT_CONTACTS: return &w->repeat_contact;
	case LSQ_SIG_TRANSFERS: return &w->transfer;
	case LSQ_SIG_CHANNEL_SWITCHES: return &w->channel_switch;
	case LSQ_SIG_RE_EXPLANATIONS: return &w->re_explanation;
	case LSQ_SIG_ROBOT_ONLY: return &w->robot_only;
	case LSQ_SIG_REOPENS: return &w->reopen;
	default: return NULL;
	}
}

ld_status lsq_effort_weights(const struct lsq_model *model, struct effort_weights *out,
			     double *scale, struct ld_err *err)
{
	if (model == NULL || out == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "model or output is NULL");
	if (model->p != LSQ_EFFORT_SIGNALS)
		return ld_fail(err, LD_ERR_INVALID, "invalid_model", NULL,
			       "model has %d features, the effort design %d", model->p,
			       LSQ_EFFORT_SIGNALS);
	if (!model->identifiable)
		return ld_fail(err, LD_ERR_INVALID, "invalid_model", NULL,
			       "the calibration fit is not identifiable");

	struct effort_weights defaults = EFFORT_WEIGHTS_DEFAULT;
	double dot = 0.0, norm = 0.0;
	for (int j = 0; j < LSQ_EFFORT_SIGNALS; j++) {
		if (model->constant[j])
			continue;
		double fitted = model->coef[1 + j];
		dot += fitted * *weight_field(&defaults, j);
		norm += fitted * fitted;
	}
	if (!(dot > 0.0) || !(norm > 0.0))
		return ld_fail(err, LD_ERR_INVALID, "calibration_rejected", NULL,
			       "fitted effort weights do not raise effort; keep the defaults");

	double s = dot / norm;
	*out = defaults;
	for (int j = 0; j < LSQ_EFFORT_SIGNALS; j++) {
		if (!model->constant[j])
			*weight_field(out, j) = s * model->coef[1 + j];
	}
	if (scale != NULL)
		*scale = s;
	return LD_OK;
}
