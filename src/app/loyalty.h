/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The loyalty model (DESIGN.md §4): which service experiences cost this
 * desk's customers their renewal, learned from the customer base's own
 * renewals, and each customer's disloyalty risk.
 *
 * Data. Each customer carries a feature vector the store keeps current as
 * cases, answers and renewals are written (migration 0004): high effort
 * (any high-effort case), inbound contacts (top-coded at 10), repeat
 * contacts, transfers, channel switches, re-explanations, robot-only
 * contacts, complaints (each top-coded at 5), and flags for a last NPS
 * answer that was a detractor or a promoter, a last CES ≤ 3 and a last
 * CSAT ≤ 2. The store counts customers per (vector, renewal outcome); the
 * fit reads those cells as weighted rows — a few thousand rows for a million
 * customers — never a scan of customers.
 *
 * Fit. Logistic regression of "lapsed" (the latest renewal was not made) on
 * the features, over customers whose latest renewal is decided, by IRLS
 * (core/logit.h) on standardised columns with a light ridge penalty
 * (λ = 1, which for a base of thousands moves odds ratios by well under
 * their standard error but keeps a feature that never varies with the
 * outcome from diverging). Odds ratios are per unit of each feature, with
 * Wald 95% intervals.
 *
 * Fallback. With fewer than 10 lapses (or renewals) per active feature, no
 * variation, or no convergence, the model is the documented prior of
 * logit_prior(): CEB's 96% vs 9% disloyalty after high vs low effort as the
 * high-effort odds ratio (≈ 243), the desk's own lapse rate of customers
 * without high effort as the base rate when it is known (else 9%), every
 * other feature neutral. The report says which model is in force and why.
 *
 * Risk is the model's predicted lapse probability for a customer's vector.
 */
#ifndef LD_APP_LOYALTY_H
#define LD_APP_LOYALTY_H

#include "app/app.h"
#include "app/reports.h"
#include "core/logit.h"
#include "core/lsq.h"
#include "core/survey_metrics.h"

#define LOYALTY_FEATURES 12
#define LOYALTY_CURSOR_MAX 80   /* bytes of a risk-list cursor */

/* Wire name of feature j ("high_effort", "contacts", …), NULL out of range. */
const char *loyalty_feature_name(int j);
/* Indexes of two features read by name (loyalty_feature_name() order). */
enum { LOYALTY_F_HIGH_EFFORT = 0, LOYALTY_F_NPS_DETRACTOR = 8 };

/* A fitted (or prior) model and what it was fitted on. */
struct app_loyalty_model {
	struct logit_model logit;    /* coefficients in loyalty_feature_name() order */
	int64_t customers;           /* customers with a decided renewal */
	int64_t lapsed;              /* … of whom lapsed */
	int64_t undecided;           /* customers with no decided renewal yet */
	int64_t cells;               /* weighted rows the fit read */
	const char *fallback_reason; /* NULL when fitted; else why the prior is used */
};

struct app_loyalty_report {
	struct app_report_filter filter;        /* as asked, validated */
	int from_month, to_month;               /* months covered, YYYYMM, 0 = open */
	struct app_loyalty_model model;
	struct survey_share lapse_rate;         /* lapsed / customers */
	/* Lapse of customers with a high-effort case over those with cases
	 * but none high (risk ratio, Katz interval). */
	struct survey_ratio lapse_high_effort;
	/* The disloyalty ratio: lapsed or last NPS a detractor, customers
	 * with a service contact over customers without one. */
	struct survey_ratio disloyalty;
	/* Least-squares calibration of the effort weights against CES answers
	 * (reverse-coded 8 − CES) on the cases they were asked about. */
	int64_t ces_cases;                      /* answers used */
	bool calibrated;                        /* a usable fit exists */
	struct lsq_model calibration;           /* the fit, effort-signal columns */
	struct effort_weights weights;          /* the weights it suggests */
	double scale;                           /* score units per CES point */
};

/*
 * Fits the model on the customers whose latest renewal fell due in the UTC
 * months from_month…to_month (YYYYMM, inclusive; 0 = open).
 */
ld_status app_loyalty_fit(struct app *app, int from_month, int to_month,
			  struct app_loyalty_model *out, struct ld_err *err);

/*
 * The loyalty report (managers). `filter` from/to narrow the customers to
 * those whose latest renewal fell due in the period, counted by UTC month
 * (from rounds down to its month, to up); team, channel and origin do not
 * apply to a customer-level model: LD_ERR_INVALID "not_applicable". The
 * risk list, outreach and calendar always use the whole base.
 */
ld_status app_report_loyalty(struct app *app, const struct app_actor *actor,
			     const struct app_report_filter *filter,
			     struct app_loyalty_report *out, struct ld_err *err);

/*
 * The disloyalty ratio over the whole base: customers who lapsed or whose
 * last NPS answer was a detractor, among customers with a decided renewal,
 * those with a service contact over those without (Katz interval).
 */
ld_status app_loyalty_disloyalty(struct app *app, struct survey_ratio *out, struct ld_err *err);

/* One customer's risk 0…1 (staff). */
ld_status app_customer_risk(struct app *app, const struct app_actor *actor, int64_t customer_id,
			    double *risk, struct ld_err *err);

/* A customer's feature vector as the model sees it (loyalty_feature_name()
 * order; each a small count or 0/1), without fitting the model (staff). */
ld_status app_customer_features(struct app *app, const struct app_actor *actor,
				int64_t customer_id, double features[LOYALTY_FEATURES],
				struct ld_err *err);

/* A customer's loyalty view: risk, the feature vector the model sees and
 * whether the model in force is the prior (staff). */
struct app_customer_loyalty {
	double risk;                          /* 0…1 */
	double features[LOYALTY_FEATURES];    /* loyalty_feature_name() order */
	bool fallback;                        /* the risk comes from the prior */
};
ld_status app_customer_loyalty(struct app *app, const struct app_actor *actor,
			       int64_t customer_id, struct app_customer_loyalty *out,
			       struct ld_err *err);

/*
 * Customers by risk, highest first (staff). `cursor` "" = from the top;
 * `next` gets the cursor of the following page, "" at the end. risks[i] is
 * out[i]'s risk. LD_ERR_INVALID "invalid_cursor" for a cursor not made here.
 */
ld_status app_customer_list_risk(struct app *app, const struct app_actor *actor,
				 const char *cursor, int limit, struct ld_customer *out,
				 double *risks, int *n, char next[LOYALTY_CURSOR_MAX + 1],
				 struct ld_err *err);

/* A renewal due, with the customer's risk. */
struct app_renewal {
	struct ld_subscription sub;
	double risk;
};

/*
 * The proactive outreach list (staff): active subscriptions renewing in the
 * next `days` days (1…366) whose customer's risk is ≥ `min_risk` (0…1),
 * riskiest first, at most `limit` (1…APP_LIST_MAX). *total = how many
 * qualified before the limit.
 */
ld_status app_renewal_outreach(struct app *app, const struct app_actor *actor, int days,
			       double min_risk, int limit, struct app_renewal *out, int *n,
			       int64_t *total, struct ld_err *err);

/* One day of the renewal calendar. */
struct app_calendar_day {
	int64_t day;          /* Unix s of the UTC midnight */
	int64_t due;          /* active subscriptions renewing that day */
	int64_t at_risk;      /* … whose customer's risk is ≥ min_risk */
	double expected_lapses; /* Σ risk: lapses to expect if nothing is done */
};

#define APP_CALENDAR_DAYS_MAX 366

/* Renewals due per day over [from, to) (≤ 366 days; staff). */
ld_status app_renewal_calendar(struct app *app, const struct app_actor *actor, int64_t from,
			       int64_t to, double min_risk, struct app_calendar_day *out, int *n,
			       struct ld_err *err);

#endif
