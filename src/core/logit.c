/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Ridge-penalised logistic regression by Newton–Raphson / IRLS, its Wald
 * intervals, and the CEB prior for the disloyalty-risk model (contract in
 * core/logit.h).
 *
 * Owns: the estimator, the convergence, separation and identifiability
 * rules, the original-scale reporting of standardised fits, and the prior.
 * Must not do I/O, allocate or keep state; libc and libm only. Scratch space
 * is the caller's workspace.
 *
 * ======================================================================
 * Design essay
 * ======================================================================
 *
 * Model. For row i with features x_i (p of them) and outcome y_i ∈ {0, 1}
 * (1 = the customer lapsed), P(y_i = 1) = μ_i = σ(η_i), η_i = β₀ + x_iᵀβ,
 * σ(t) = 1/(1 + e^−t). With case weights w_i ≥ 0 (frequency weights: a row
 * of weight 3 counts as three identical rows) and a ridge penalty λ ≥ 0 on
 * the slopes, we maximise
 *
 *     Q(β) = Σ w_i [y_i η_i − ln(1 + e^η_i)] − (λ/2) Σ_{j≥1} β_j².
 *
 * The intercept is never penalised: shrinking it would bias the base rate,
 * which the data always determine when both outcomes occur.
 *
 * Newton–Raphson (= IRLS; McCullagh & Nelder, "Generalized Linear Models",
 * 2nd ed., 1989, §4.4; Hosmer & Lemeshow, "Applied Logistic Regression",
 * 2nd ed., 2000, §1.3). With Z the design with a leading 1 column,
 *
 *     g = Zᵀ W (y − μ) − λ·β̃,     H = Zᵀ diag(w·μ(1 − μ)) Z + λ·Ĩ,
 *     β ← β + H⁻¹ g,
 *
 * where β̃ and Ĩ zero the intercept. H is the negative Hessian of Q,
 * positive definite whenever λ > 0 or Z has full column rank over rows with
 * weight > 0. The p+1 ≤ 33 system is solved with our own Cholesky
 * factorisation. A step that lowers Q is halved (up to 30 times): Q is
 * concave, so this only guards against overshooting from a poor start.
 * Start: intercept = logit(ȳ_w), slopes 0. Convergence: every component of
 * the full Newton step satisfies |Δβ_j| ≤ tol·(1 + |β_j|) (default 1e-10;
 * Newton converges quadratically, so one more step costs little and buys
 * many digits). Each iteration is one pass over the rows, O(n·p²), and the
 * rows are never copied: standardisation is applied on the fly.
 *
 * Standard errors and intervals. Cov(β̂) ≈ H⁻¹ at the estimate (the
 * observed information; for λ > 0, the penalised one — the Gaussian-prior /
 * Laplace approximation, narrower than a sandwich estimate, and the usual
 * report for ridge logistic fits). Wald intervals (Agresti, "Categorical Data
 * Analysis", 3rd ed., 2013, §1.4, §5.2): β_j ± 1.96·SE_j, reported as odds
 * ratios exp(β_j) with [exp(β_j − 1.96·SE_j), exp(β_j + 1.96·SE_j)].
 * Exponents are clamped to ±700 so a near-separated fit reports a huge but
 * finite odds ratio, never inf (JSON has no inf). Check: for a 2×2 table
 * with a, b (x = 1: lapsed, stayed) and c, d (x = 0), the MLE of the slope is
 * ln(ad/bc) with SE √(1/a + 1/b + 1/c + 1/d); IRLS with λ = 0 reproduces both
 * (tests/core/test_logit.c).
 *
 * Standardisation (option). Columns are z-scored with their weighted mean m_j
 * and SD s_j (divisor Σw) before fitting, which evens out the ridge penalty
 * across units and helps conditioning. The fit gives b on the z scale;
 * since η = b₀ + Σ b_j (x_j − m_j)/s_j,
 *
 *     β_j = b_j / s_j,   β₀ = b₀ − Σ b_j m_j / s_j,
 *
 * a linear map β = T b, so Cov(β) = T Cov(b) Tᵀ: Var(β_j) = Var(b_j)/s_j²
 * and Var(β₀) = aᵀ Cov(b) a with a = (1, −m₁/s₁, …). Everything in the
 * model — coefficients, SEs, odds ratios, logit_predict() — is on the
 * original scale; mean[] and sd[] show what was used. With λ = 0 the fit
 * is the same either way (MLEs are equivariant); with λ > 0 the penalty
 * applies on the scale fitted, so λ means "per SD" when standardising.
 *
 * Edge cases.
 *   - Constant column (one value over the rows with weight > 0): it carries
 *     no information beyond the intercept and would make H singular when
 *     λ = 0. It is dropped — coefficient 0, SE 0, odds ratio 1 with interval
 *     [1, 1], constant[j] = true — and the rest is fitted as if it were
 *     absent. Exact comparison: a column that varies by one ulp is kept.
 *   - One outcome class (no lapses, or everyone lapsed, by weight): the MLE
 *     of the intercept is ±∞ whatever λ. Not identifiable: coefficients 0,
 *     identifiable = false, no iterations. The caller uses logit_prior().
 *   - Singular H at the start (λ = 0 with collinear columns, or fewer
 *     weighted rows than parameters): the Cholesky pivot falls below 1e-12 of
 *     the largest diagonal; identifiable = false, coefficients 0. With λ > 0,
 *     H is positive definite, so n < p fits (shrunk towards 0).
 *   - Separation (a combination of features predicts the outcome perfectly;
 *     Albert & Anderson, Biometrika 71, 1984): with λ = 0 the MLE does not
 *     exist and Newton walks towards infinity; we stop at max_iter (or when
 *     H becomes numerically singular) with converged = false, separation =
 *     true, and the last iterate; if H is singular there, no SE can be
 *     given (has_se = false) and the odds-ratio intervals span the whole
 *     representable range [e^−700, e^700] rather than pretend a zero width.
 *     With λ > 0 the penalised maximum is finite and the fit converges
 *     normally. separation is also set when a fitted |η| exceeds 30 (μ
 *     within 1e-13 of 0 or 1, the symptom R's glm warns about).
 *   - Events per feature (Peduzzi, Concato, Kemper, Holford & Feinstein,
 *     J. Clin. Epidemiol. 49, 1996): with fewer than 10 events of the rarer
 *     class per active feature, coefficients are unstable and their Wald
 *     intervals miss; logit_needs_fallback() says so, with non-convergence
 *     and non-identifiability.
 *   - Invalid input (y not 0/1, a non-finite x or w, w < 0, p outside
 *     0…32, NULL arrays, λ < 0 or not finite, short workspace):
 *     LD_ERR_INVALID before any work.
 *
 * The prior (logit_prior). DESIGN.md §4: without enough lapses the risk model
 * falls back to documented priors. The Corporate Executive Board's study
 * (Dixon, Freeman & Toman, "Stop Trying to Delight Your Customers", HBR,
 * July–August 2010; Dixon, Toman & DeLisi, "The Effortless Experience", 2013)
 * reports that 96% of customers with high-effort service interactions and 9%
 * of those with low-effort ones reported being disloyal. As a 2×2 table of
 * proportions that is an odds ratio
 *
 *     OR = [0.96/(1 − 0.96)] / [0.09/(1 − 0.09)] = 24 / 0.098901… = 242.67,
 *     β_high = ln OR = 5.4917,
 *
 * the slope of a 0/1 high-effort indicator (the customer had a case in the
 * high effort band, core/effort.h). Every other feature gets 0 — no
 * published effect size we trust, so neutral. The intercept is the log-odds
 * of the base rate b of customers without high effort: the desk's own
 * lapse rate among them when it has one (the base rate is estimable from far
 * fewer lapses than a p-feature model), else CEB's 9% (β₀ = ln(0.09/0.91) =
 * −2.3136). With b = 0.09 the prior predicts exactly CEB's 9% and 96%.
 * Caveat, for docs and UI: CEB measured self-reported disloyalty (intent to
 * spend less, speak ill, switch), not observed lapse, so the prior overstates
 * the lapse probability of high-effort customers; its use is to rank
 * customers for outreach until the desk's own data can be fitted, and the
 * model says so (fallback = true, SEs 0 — the study published no group sizes
 * to derive a sampling error from).
 */
#include "core/logit.h"

#include <math.h>
#include <string.h>

#define LOGIT_Z95 1.96          /* Wald quantile */
#define LOGIT_EXP_LIMIT 700.0   /* |exponent| cap for odds ratios */
#define LOGIT_ETA_EXTREME 30.0  /* |η| beyond which μ is numerically 0 or 1 */
#define LOGIT_PIVOT_REL 1e-12   /* Cholesky pivot floor, relative to the largest diagonal */
#define LOGIT_HALVINGS 30       /* step halvings per iteration */

/* The data and the scaling of one fit, shared by the passes over the rows. */
struct logit_data {
	const double *x;      /* n·p row-major features (borrowed) */
	const int *y;         /* n outcomes 0/1 (borrowed) */
	const double *w;      /* n weights or NULL = 1 (borrowed) */
	size_t n;             /* rows */
	int p;                /* features */
	int k;                /* parameters, p + 1 */
	double lambda;        /* ridge penalty */
	const double *mean;   /* p centring values (0 when not standardising) */
	const double *sd;     /* p scaling values (1 when not standardising) */
	const bool *constant; /* p dropped-column flags */
};

/* ---------------------------------------------------------------------- */
/* Small dense linear algebra (row-major k×k)                             */
/* ---------------------------------------------------------------------- */

/* In-place Cholesky A = L·Lᵀ of the lower triangle; false when not positive definite. */
static bool cholesky(double *a, int k)
{
	double max_diag = 0.0;
	for (int j = 0; j < k; j++)
		max_diag = fmax(max_diag, a[j * k + j]);
	if (!(max_diag > 0.0))
		return false;
	double pivot_min = LOGIT_PIVOT_REL * max_diag;
	for (int j = 0; j < k; j++) {
		double s = a[j * k + j];
		for (int m = 0; m < j; m++)
			s -= a[j * k + m] * a[j * k + m];
		if (!(s > pivot_min))
			return false;
		double d = sqrt(s);
		a[j * k + j] = d;
		for (int i = j + 1; i < k; i++) {
			double t = a[i * k + j];
			for (int m = 0; m < j; m++)
				t -= a[i * k + m] * a[j * k + m];
			a[i * k + j] = t / d;
		}
	}
	return true;
}

/* Solves L·Lᵀ·v = b in place (b becomes v). */
static void chol_solve(const double *l, int k, double *b)
{
	for (int i = 0; i < k; i++) {
		double t = b[i];
		for (int m = 0; m < i; m++)
			t -= l[i * k + m] * b[m];
		b[i] = t / l[i * k + i];
	}
	for (int i = k - 1; i >= 0; i--) {
		double t = b[i];
		for (int m = i + 1; m < k; m++)
			t -= l[m * k + i] * b[m];
		b[i] = t / l[i * k + i];
	}
}

/* ---------------------------------------------------------------------- */
/* Passes over the rows                                                   */
/* ---------------------------------------------------------------------- */

static double weight_of(const struct logit_data *d, size_t i)
{
	return d->w != NULL ? d->w[i] : 1.0;
}

/* Fills z (k values: 1, then scaled features, 0 for dropped ones) and returns η. */
static double row_eta(const struct logit_data *d, size_t i, const double *beta, double *z)
{
	const double *xi = d->x + i * (size_t)d->p;
	double eta = beta[0];
	z[0] = 1.0;
	for (int j = 0; j < d->p; j++) {
		z[1 + j] = d->constant[j] ? 0.0 : (xi[j] - d->mean[j]) / d->sd[j];
		eta += beta[1 + j] * z[1 + j];
	}
	return eta;
}

static double sigmoid(double t)
{
	if (t >= 0.0)
		return 1.0 / (1.0 + exp(-t));
	double e = exp(t);
	return e / (1.0 + e);
}

/* ln(1 + e^t) without overflow. */
static double log1pexp(double t)
{
	return t > 0.0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

/* Penalised log-likelihood Q(beta). */
static double objective(const struct logit_data *d, const double *beta, double *z)
{
	double q = 0.0;
	for (size_t i = 0; i < d->n; i++) {
		double wi = weight_of(d, i);
		if (wi == 0.0)
			continue;
		double eta = row_eta(d, i, beta, z);
		q += wi * ((d->y[i] ? eta : 0.0) - log1pexp(eta));
	}
	for (int j = 1; j < d->k; j++)
		q -= 0.5 * d->lambda * beta[j] * beta[j];
	return q;
}

/*
 * Gradient g and negative Hessian h (lower triangle) of Q at beta. Dropped
 * columns get an identity row so the system stays positive definite and
 * their step is 0.
 */
static void derivatives(const struct logit_data *d, const double *beta, double *h, double *g,
			double *z)
{
	int k = d->k;
	memset(h, 0, sizeof *h * (size_t)k * (size_t)k);
	memset(g, 0, sizeof *g * (size_t)k);
	for (size_t i = 0; i < d->n; i++) {
		double wi = weight_of(d, i);
		if (wi == 0.0)
			continue;
		double mu = sigmoid(row_eta(d, i, beta, z));
		double r = wi * ((d->y[i] ? 1.0 : 0.0) - mu);
		double v = wi * mu * (1.0 - mu);
		for (int a = 0; a < k; a++) {
			g[a] += r * z[a];
			double vz = v * z[a];
			for (int b = 0; b <= a; b++)
				h[a * k + b] += vz * z[b];
		}
	}
	for (int j = 1; j < k; j++) {
		if (d->constant[j - 1]) {
			for (int b = 0; b < k; b++) {
				h[j * k + b] = 0.0;
				h[b * k + j] = 0.0;
			}
			h[j * k + j] = 1.0;
			g[j] = 0.0;
			continue;
		}
		h[j * k + j] += d->lambda;
		g[j] -= d->lambda * beta[j];
	}
}

/* Whether any weighted row has |η| beyond LOGIT_ETA_EXTREME. */
static bool any_extreme(const struct logit_data *d, const double *beta, double *z)
{
	for (size_t i = 0; i < d->n; i++) {
		if (weight_of(d, i) != 0.0 && fabs(row_eta(d, i, beta, z)) > LOGIT_ETA_EXTREME)
			return true;
	}
	return false;
}

/* ---------------------------------------------------------------------- */
/* Fitting                                                                */
/* ---------------------------------------------------------------------- */

size_t logit_workspace_size(int p)
{
	if (p < 0 || p > LOGIT_FEATURES_MAX)
		return 0;
	size_t k = (size_t)p + 1;
	return 2 * k * k + 5 * k;
}

static ld_status check_inputs(const double *x, const int *y, const double *w, size_t n, int p,
			      const struct logit_options *opt, double *work, size_t work_len,
			      struct logit_model *out, struct ld_err *err)
{
	if (out == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "output is NULL");
	if (p < 0 || p > LOGIT_FEATURES_MAX)
		return ld_fail(err, LD_ERR_INVALID, "too_many_features", "p",
			       "p must lie in 0…%d", LOGIT_FEATURES_MAX);
	if (n > 0 && (y == NULL || (x == NULL && p > 0)))
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "data is NULL");
	if (work == NULL || work_len < logit_workspace_size(p))
		return ld_fail(err, LD_ERR_INVALID, "workspace_too_small", NULL,
			       "workspace needs %zu doubles", logit_workspace_size(p));
	if (opt != NULL && (!isfinite(opt->lambda) || opt->lambda < 0.0 || isnan(opt->tol)))
		return ld_fail(err, LD_ERR_INVALID, "invalid_option", "lambda",
			       "lambda must be finite and ≥ 0, tol a number");
	for (size_t i = 0; i < n; i++) {
		if (y[i] != 0 && y[i] != 1)
			return ld_fail(err, LD_ERR_INVALID, "invalid_outcome", "y",
				       "outcome %zu is not 0 or 1", i);
		if (w != NULL && (!isfinite(w[i]) || w[i] < 0.0))
			return ld_fail(err, LD_ERR_INVALID, "invalid_weight", "w",
				       "weight %zu is negative or not finite", i);
		for (int j = 0; j < p; j++) {
			if (!isfinite(x[i * (size_t)p + (size_t)j]))
				return ld_fail(err, LD_ERR_INVALID, "invalid_feature", "x",
					       "feature %d of row %zu is not finite", j, i);
		}
	}
	return LD_OK;
}

/* Column statistics over weighted rows: counts, constants, means and SDs. */
static void describe_columns(const double *x, const int *y, const double *w, size_t n, int p,
			     bool standardize, struct logit_model *out)
{
	double wsum = 0.0;
	for (size_t i = 0; i < n; i++) {
		double wi = w != NULL ? w[i] : 1.0;
		if (wi == 0.0)
			continue;
		out->n++;
		wsum += wi;
		if (y[i])
			out->events += wi;
		else
			out->nonevents += wi;
	}
	for (int j = 0; j < p; j++) {
		double lo = INFINITY, hi = -INFINITY, sum = 0.0;
		for (size_t i = 0; i < n; i++) {
			double wi = w != NULL ? w[i] : 1.0;
			if (wi == 0.0)
				continue;
			double v = x[i * (size_t)p + (size_t)j];
			lo = fmin(lo, v);
			hi = fmax(hi, v);
			sum += wi * v;
		}
		out->mean[j] = 0.0;
		out->sd[j] = 1.0;
		out->constant[j] = !(lo < hi);
		if (out->constant[j] || !standardize)
			continue;
		double m = sum / wsum, ss = 0.0;
		for (size_t i = 0; i < n; i++) {
			double wi = w != NULL ? w[i] : 1.0;
			double dv = x[i * (size_t)p + (size_t)j] - m;
			ss += wi * dv * dv;
		}
		double sd = sqrt(ss / wsum);
		if (!(sd > 0.0)) {
			out->constant[j] = true;
			continue;
		}
		out->mean[j] = m;
		out->sd[j] = sd;
	}
	for (int j = 0; j < p; j++)
		out->active += out->constant[j] ? 0 : 1;
}

static double capped_exp(double v)
{
	if (v > LOGIT_EXP_LIMIT)
		v = LOGIT_EXP_LIMIT;
	if (v < -LOGIT_EXP_LIMIT)
		v = -LOGIT_EXP_LIMIT;
	return exp(v);
}

/* Odds ratios and Wald intervals from coef[] and se[]. */
static void fill_odds_ratios(struct logit_model *m)
{
	for (int j = 0; j <= m->p; j++) {
		m->odds_ratio[j] = capped_exp(m->coef[j]);
		m->or_low[j] = capped_exp(m->coef[j] - LOGIT_Z95 * m->se[j]);
		m->or_high[j] = capped_exp(m->coef[j] + LOGIT_Z95 * m->se[j]);
	}
}

/*
 * Maps the working-scale estimate b and its covariance cov (NULL = unknown)
 * to the original scale in out->coef and out->se (essay, "Standardisation").
 */
static void report_original_scale(const struct logit_data *d, const double *b,
				  const double *cov, struct logit_model *out)
{
	int k = d->k;
	double a[LOGIT_COEF_MAX];
	a[0] = 1.0;
	out->coef[0] = b[0];
	for (int j = 0; j < d->p; j++) {
		double s = d->sd[j];
		out->coef[1 + j] = d->constant[j] ? 0.0 : b[1 + j] / s;
		a[1 + j] = d->constant[j] ? 0.0 : -d->mean[j] / s;
		out->coef[0] += a[1 + j] * b[1 + j];
	}
	if (cov == NULL)
		return;
	double v0 = 0.0;
	for (int r = 0; r < k; r++) {
		for (int c = 0; c < k; c++)
			v0 += a[r] * cov[r * k + c] * a[c];
	}
	out->se[0] = sqrt(fmax(v0, 0.0));
	for (int j = 0; j < d->p; j++) {
		double v = cov[(1 + j) * k + 1 + j];
		out->se[1 + j] = d->constant[j] ? 0.0 : sqrt(fmax(v, 0.0)) / d->sd[j];
	}
}

ld_status logit_fit(const double *x, const int *y, const double *w, size_t n, int p,
		    const struct logit_options *opt, double *work, size_t work_len,
		    struct logit_model *out, struct ld_err *err)
{
	ld_status rc = check_inputs(x, y, w, n, p, opt, work, work_len, out, err);
	if (rc != LD_OK)
		return rc;

	struct logit_options o = { .lambda = 0.0, .max_iter = 0, .tol = 0.0, .standardize = false };
	if (opt != NULL)
		o = *opt;
	if (o.max_iter <= 0)
		o.max_iter = LOGIT_MAX_ITER_DEFAULT;
	if (!(o.tol > 0.0))
		o.tol = LOGIT_TOL_DEFAULT;

	memset(out, 0, sizeof *out);
	out->p = p;
	describe_columns(x, y, w, n, p, o.standardize, out);
	for (int j = 0; j <= p; j++)
		out->odds_ratio[j] = out->or_low[j] = out->or_high[j] = 1.0;
	if (out->events <= 0.0 || out->nonevents <= 0.0)
		return LD_OK; /* one class (or no rows): not identifiable */

	int k = p + 1;
	size_t kk = (size_t)k * (size_t)k;
	double *h = work;          /* k×k: H, then its Cholesky factor */
	double *cov = h + kk;      /* k×k: H⁻¹ at the estimate */
	double *beta = cov + kk;   /* k: current estimate (working scale) */
	double *g = beta + k;      /* k: gradient, then the Newton step */
	double *trial = g + k;     /* k: candidate after step halving */
	double *z = trial + k;     /* k: one scaled row */
	double *col = z + k;       /* k: a unit vector being solved */
	struct logit_data d = {
		.x = x, .y = y, .w = w, .n = n, .p = p, .k = k, .lambda = o.lambda,
		.mean = out->mean, .sd = out->sd, .constant = out->constant,
	};

	memset(beta, 0, sizeof *beta * (size_t)k);
	beta[0] = log(out->events / out->nonevents);
	double q = objective(&d, beta, z);
	out->identifiable = true;

	for (int it = 1; it <= o.max_iter; it++) {
		derivatives(&d, beta, h, g, z);
		if (!cholesky(h, k)) {
			/* At the start: a singular design. Later: probabilities ran to 0/1. */
			if (it == 1)
				out->identifiable = false;
			break;
		}
		chol_solve(h, k, g);
		/* Converged when the full Newton step is negligible (not a halved one). */
		bool small = true;
		for (int j = 0; j < k; j++) {
			if (fabs(g[j]) > o.tol * (1.0 + fabs(beta[j])))
				small = false;
		}
		double step = 1.0, q_trial = q;
		for (int half = 0; half <= LOGIT_HALVINGS; half++) {
			for (int j = 0; j < k; j++)
				trial[j] = beta[j] + step * g[j];
			q_trial = objective(&d, trial, z);
			if (q_trial >= q - 1e-12 * (1.0 + fabs(q)))
				break;
			step *= 0.5;
		}
		memcpy(beta, trial, sizeof *beta * (size_t)k);
		q = q_trial;
		out->iterations = it;
		if (small) {
			out->converged = true;
			break;
		}
	}
	if (!out->identifiable) {
		memset(out->coef, 0, sizeof out->coef);
		return LD_OK;
	}

	/* Covariance H⁻¹ at the estimate, column by column. */
	derivatives(&d, beta, h, g, z);
	bool have_cov = cholesky(h, k);
	if (have_cov) {
		for (int c = 0; c < k; c++) {
			memset(col, 0, sizeof *col * (size_t)k);
			col[c] = 1.0;
			chol_solve(h, k, col);
			for (int r = 0; r < k; r++)
				cov[r * k + c] = col[r];
		}
	}
	report_original_scale(&d, beta, have_cov ? cov : NULL, out);
	out->has_se = have_cov;
	fill_odds_ratios(out);
	if (!have_cov) {
		/* Unknown precision is an unbounded interval, not a zero-width one. */
		for (int j = 0; j <= p; j++) {
			if (j > 0 && out->constant[j - 1])
				continue;
			out->or_low[j] = capped_exp(-LOGIT_EXP_LIMIT);
			out->or_high[j] = capped_exp(LOGIT_EXP_LIMIT);
		}
	}
	out->separation = !out->converged || any_extreme(&d, beta, z);

	out->log_likelihood = 0.0;
	for (size_t i = 0; i < n; i++) {
		double wi = weight_of(&d, i);
		if (wi == 0.0)
			continue;
		double eta = row_eta(&d, i, beta, z);
		out->log_likelihood += wi * ((y[i] ? eta : 0.0) - log1pexp(eta));
	}
	return LD_OK;
}

double logit_predict(const struct logit_model *model, const double *x)
{
	if (model == NULL || (x == NULL && model->p > 0))
		return 0.0;
	double eta = model->coef[0];
	for (int j = 0; j < model->p && j < LOGIT_FEATURES_MAX; j++)
		eta += model->coef[1 + j] * x[j];
	return sigmoid(eta);
}

bool logit_needs_fallback(const struct logit_model *model)
{
	if (model == NULL || model->fallback)
		return true;
	if (!model->identifiable || !model->converged)
		return true;
	double rarer = fmin(model->events, model->nonevents);
	return rarer < LOGIT_EPV_MIN * (model->active > 0 ? model->active : 1);
}

ld_status logit_prior(int p, int high_effort_column, double base_rate,
		      struct logit_model *out, struct ld_err *err)
{
	if (out == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "output is NULL");
	if (p < 0 || p > LOGIT_FEATURES_MAX)
		return ld_fail(err, LD_ERR_INVALID, "too_many_features", "p",
			       "p must lie in 0…%d", LOGIT_FEATURES_MAX);
	if (high_effort_column < -1 || high_effort_column >= p)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", "high_effort_column",
			       "column %d is not one of the %d features", high_effort_column, p);
	if (!(base_rate > 0.0 && base_rate < 1.0))
		base_rate = LOGIT_CEB_DISLOYAL_LOW;

	memset(out, 0, sizeof *out);
	out->p = p;
	out->active = p;
	out->identifiable = true;
	out->fallback = true;
	for (int j = 0; j < p; j++)
		out->sd[j] = 1.0;
	out->coef[0] = log(base_rate / (1.0 - base_rate));
	if (high_effort_column >= 0) {
		double odds_high = LOGIT_CEB_DISLOYAL_HIGH / (1.0 - LOGIT_CEB_DISLOYAL_HIGH);
		double odds_low = LOGIT_CEB_DISLOYAL_LOW / (1.0 - LOGIT_CEB_DISLOYAL_LOW);
		out->coef[1 + high_effort_column] = log(odds_high / odds_low);
	}
	fill_odds_ratios(out);
	return LD_OK;
}
