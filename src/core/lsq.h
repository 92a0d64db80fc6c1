/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Least squares for calibrating the effort score against CES 2.0 answers
 * (DESIGN.md §4): ordinary least squares with an intercept, an optional
 * ridge penalty and an optional non-negativity constraint on the slopes,
 * plus the mapping of a fit onto `struct effort_weights` (core/effort.h).
 *
 * Owns: the estimator, R² and residual SE, the effort design (which signals,
 * in which order, CES reverse-coded) and the scaling of fitted weights to the
 * effort score's units. Must not do I/O, allocate or keep state: the caller
 * owns the data (borrowed for the call) and passes a workspace of
 * lsq_workspace_size(p) doubles. The design essay opens core/lsq.c.
 *
 * Shapes: n rows × p features, row-major (x[i·p + j]), 0 ≤ p ≤
 * LSQ_FEATURES_MAX; the intercept is added here. coef[0] is the intercept,
 * coef[1 + j] the slope of column j.
 */
#ifndef LD_CORE_LSQ_H
#define LD_CORE_LSQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/effort.h"
#include "util/status.h"

#define LSQ_FEATURES_MAX 32                  /* p ≤ this */
#define LSQ_COEF_MAX (LSQ_FEATURES_MAX + 1)  /* intercept + features */

/* The effort design: column order of lsq_effort_features(). */
enum lsq_effort_signal {
	LSQ_SIG_REPEAT_CONTACTS,   /* effort_state.repeat_contacts */
	LSQ_SIG_TRANSFERS,         /* effort_state.transfers */
	LSQ_SIG_CHANNEL_SWITCHES,  /* effort_state.channel_switches */
	LSQ_SIG_RE_EXPLANATIONS,   /* effort_state.re_explanations */
	LSQ_SIG_ROBOT_ONLY,        /* effort_state.robot_only */
	LSQ_SIG_REOPENS,           /* effort_state.reopens */
	LSQ_EFFORT_SIGNALS
};

struct lsq_options {
	double lambda;     /* ridge penalty ≥ 0 on the slopes of the centred columns (not the intercept) */
	bool nonnegative;  /* constrain every slope to ≥ 0 (the intercept stays free) */
};

struct lsq_model {
	int p;                              /* features, 0…LSQ_FEATURES_MAX */
	int64_t n;                          /* rows */
	double coef[LSQ_COEF_MAX];          /* [0] intercept, [1 + j] slope of column j */
	bool constant[LSQ_FEATURES_MAX];    /* column constant over the rows: dropped, slope 0 */
	bool at_zero[LSQ_FEATURES_MAX];     /* slope held at 0 by the non-negativity constraint */
	int df_residual;                    /* n − 1 − free slopes, ≥ 0 */
	double y_mean;                      /* mean of y */
	double r2;                          /* 1 − SSR/SST; 0 when y does not vary */
	double residual_se;                 /* √(SSR / df_residual); 0 when df_residual = 0 */
	bool identifiable;                  /* false: no rows, or singular normal equations */
};

/* Doubles of workspace lsq_fit() needs for p features: 2p² + 5p + 1. */
size_t lsq_workspace_size(int p);

/*
 * Minimises Σ (y_i − b₀ − x_iᵀb)² + λ·|b|², optionally with b ≥ 0.
 *   x        n·p features, row-major, finite (borrowed; NULL allowed when p = 0)
 *   y        n responses, finite (borrowed)
 *   opt      NULL = plain OLS
 *   work     work_len ≥ lsq_workspace_size(p) doubles, scratch (borrowed)
 *   out      [out] the model
 * LD_OK whenever the inputs are valid (a singular system reads identifiable
 * = false, coefficients 0 but the intercept ȳ); LD_ERR_INVALID otherwise.
 */
ld_status lsq_fit(const double *x, const double *y, size_t n, int p,
		  const struct lsq_options *opt, double *work, size_t work_len,
		  struct lsq_model *out, struct ld_err *err);

/* b₀ + Σ b_j x_j for one row of model->p features (borrowed). NULL model → 0. */
double lsq_predict(const struct lsq_model *model, const double *x);

/* One design row from a case's effort state, in enum lsq_effort_signal order. */
void lsq_effort_features(const struct effort_state *e, double row[LSQ_EFFORT_SIGNALS]);

/* CES 2.0 answer 1…7 reverse-coded as effort 8 − ces (7 = most effort); −1 if out of range. */
int lsq_ces_effort(int ces);

/*
 * Maps a fit of the effort design (p = LSQ_EFFORT_SIGNALS, y = 8 − CES) onto
 * effort weights in the score's units (essay in lsq.c): the fitted slopes
 * times the least-squares scale s = Σ ŵ·w₀ / Σ ŵ² towards the default
 * weights w₀; a signal constant in the data keeps its default weight; the
 * thresholds stay at their defaults. `scale` [out] (may be NULL) receives s,
 * score units per CES point. LD_ERR_INVALID when the model is not that
 * design, not identifiable, or the slopes do not point the defaults' way
 * (Σ ŵ·w₀ ≤ 0): then keep the defaults.
 */
ld_status lsq_effort_weights(const struct lsq_model *model, struct effort_weights *out,
			     double *scale, struct ld_err *err);

#endif
