/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Logistic regression for the disloyalty-risk model (DESIGN.md §4): fitted
 * by Newton–Raphson (IRLS) with an optional ridge penalty, Wald standard
 * errors and odds-ratio intervals, prediction, and the documented CEB prior
 * used when the customer base has too few lapses to fit.
 *
 * Owns: the estimator, its convergence and identifiability rules, and the
 * prior coefficients. Must not do I/O, allocate or keep state: the caller
 * owns the data (borrowed for the call only) and passes a workspace of
 * logit_workspace_size(p) doubles. The design essay opens core/logit.c.
 *
 * Shapes: n rows × p features, row-major (x[i·p + j] = feature j of row i),
 * 0 ≤ p ≤ LOGIT_FEATURES_MAX (0 = intercept only); the intercept is added
 * here, not a column of x. Coefficient arrays hold the intercept at [0] and
 * feature j at [1 + j].
 */
#ifndef LD_CORE_LOGIT_H
#define LD_CORE_LOGIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define LOGIT_FEATURES_MAX 32                    /* p ≤ this */
#define LOGIT_COEF_MAX (LOGIT_FEATURES_MAX + 1)  /* intercept + features */
#define LOGIT_MAX_ITER_DEFAULT 50                /* Newton steps when options say ≤ 0 */
#define LOGIT_TOL_DEFAULT 1e-10                  /* step tolerance when options say ≤ 0 */
#define LOGIT_EPV_MIN 10.0                       /* events per feature needed to trust a fit */

/* CEB (HBR 2010): share reporting disloyalty after high- and low-effort service. */
#define LOGIT_CEB_DISLOYAL_HIGH 0.96
#define LOGIT_CEB_DISLOYAL_LOW 0.09

struct logit_options {
	double lambda;     /* ridge penalty ≥ 0 on the slopes (never the intercept), fitting scale */
	int max_iter;      /* Newton iterations; ≤ 0 = LOGIT_MAX_ITER_DEFAULT */
	double tol;        /* converged when each Newton |step_j| ≤ tol·(1 + |β_j|); ≤ 0 = default */
	bool standardize;  /* fit on z-scored columns; results reported on the original scale */
};

struct logit_model {
	int p;                               /* features, 0…LOGIT_FEATURES_MAX */
	int active;                          /* features not dropped as constant */
	int64_t n;                           /* rows with weight > 0 */
	double events;                       /* Σ w·y (lapses) */
	double nonevents;                    /* Σ w·(1 − y) */
	double coef[LOGIT_COEF_MAX];         /* [0] intercept, [1 + j] feature j; original scale, log-odds */
	double se[LOGIT_COEF_MAX];           /* Wald SE from the inverse penalised Hessian; 0 = none */
	bool has_se;                         /* false: no covariance (prior, or H singular at the end) */
	double odds_ratio[LOGIT_COEF_MAX];   /* exp(coef); [0] = odds at x = 0 */
	double or_low[LOGIT_COEF_MAX];       /* exp(coef − 1.96·se); e^−700 when a fit has no SE */
	double or_high[LOGIT_COEF_MAX];      /* exp(coef + 1.96·se); e^700 when a fit has no SE */
	double mean[LOGIT_FEATURES_MAX];     /* weighted column means used to standardise, else 0 */
	double sd[LOGIT_FEATURES_MAX];       /* weighted column SDs (÷ Σw) used, else 1 */
	bool constant[LOGIT_FEATURES_MAX];   /* column constant over weighted rows: dropped, coef 0 */
	double log_likelihood;               /* Σ w·[y·η − ln(1 + e^η)], unpenalised, at coef */
	int iterations;                      /* Newton steps taken */
	bool converged;                      /* the step criterion was met */
	bool identifiable;                   /* false: one outcome class, or singular Hessian */
	bool separation;                     /* fitted probabilities numerically 0 or 1, or no convergence */
	bool fallback;                       /* coefficients are logit_prior()'s, not estimates */
};

/* Doubles of workspace logit_fit() needs for p features: 2(p+1)² + 5(p+1). */
size_t logit_workspace_size(int p);

/*
 * Fits P(y = 1 | x) = 1 / (1 + exp(−(β₀ + Σ β_j x_j))) by maximising
 * Σ w_i·ℓ_i(β) − (λ/2)·Σ_{j≥1} β_j².
 *   x        n·p features, row-major, finite (borrowed; may be NULL when p = 0)
 *   y        n outcomes, each 0 or 1 (borrowed)
 *   w        n weights, finite and ≥ 0, or NULL = all 1; weight 0 drops a row
 *   opt      NULL = { lambda 0, defaults, no standardisation }
 *   work     work_len ≥ logit_workspace_size(p) doubles, scratch (borrowed)
 *   out      [out] the model
 * Returns LD_OK whenever the inputs are valid — also for a fit that is not
 * identifiable or did not converge (see the flags; logit_needs_fallback()) —
 * and LD_ERR_INVALID for bad shapes, values, options or a short workspace.
 */
ld_status logit_fit(const double *x, const int *y, const double *w, size_t n, int p,
		    const struct logit_options *opt, double *work, size_t work_len,
		    struct logit_model *out, struct ld_err *err);

/* Risk P(y = 1) for one row of model->p features (borrowed); 0…1. NULL → 0. */
double logit_predict(const struct logit_model *model, const double *x);

/*
 * Whether a fitted model should give way to logit_prior(): not identifiable,
 * not converged, or fewer than LOGIT_EPV_MIN events per active feature
 * (events = the rarer outcome class; Peduzzi et al. 1996).
 */
bool logit_needs_fallback(const struct logit_model *model);

/*
 * The documented prior (essay in logit.c): intercept ln(b/(1 − b)) with b =
 * `base_rate` in (0, 1) — the lapse rate of customers without high effort
 * when the desk knows it, otherwise pass 0 for CEB's 9% — slope
 * ln[(0.96/0.04)/(0.09/0.91)] ≈ 5.4917 on the 0/1 high-effort indicator in
 * column `high_effort_column` (−1 = none), 0 on every other feature.
 * fallback = true, has_se = false, SEs 0 and each odds-ratio interval is its
 * point. LD_ERR_INVALID for p or the column out of range.
 */
ld_status logit_prior(int p, int high_effort_column, double base_rate,
		      struct logit_model *out, struct ld_err *err);

#endif
