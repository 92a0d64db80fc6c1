/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Report use cases (contract in reports.h). The store sums its aggregates;
 * this file validates the question, turns sums into shares with intervals,
 * and leaves wording and rendering to the adapters.
 */
#include "app/reports.h"

#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/loyalty.h"
#include "core/validate.h"
#include "util/xmalloc.h"

static ld_status check_filter(struct app *app, const struct app_report_filter *f,
			      struct ld_err *err)
{
	if (f->from < 0 || f->to < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", f->from < 0 ? "from" : "to",
			       "dates are after 1970");
	if (f->from != 0 && f->to != 0 && f->to <= f->from)
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to",
			       "the period ends before it starts");
	if (f->channel < -1 || f->channel >= LD_CH_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "channel", "unknown channel");
	if (f->team_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "team", "ids are positive");
	if (f->origin < -1 || f->origin >= LD_ORIGIN_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "origin", "unknown origin");
	if (f->facility_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "facility", "ids are positive");
	if (f->team_id != 0) {
		struct ld_team t;
		ld_status rc = STORE_CALL(app->store, team_get, f->team_id, &t, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "team_not_found", "team",
				       "no team %lld", (long long)f->team_id);
		if (rc != LD_OK)
			return rc;
	}
	if (f->facility_id != 0) {
		struct ld_facility fa;
		ld_status rc = STORE_CALL(app->store, facility_get, f->facility_id, &fa, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "facility_not_found", "facility",
				       "no branch %lld", (long long)f->facility_id);
		return rc;
	}
	return LD_OK;
}

#define FACILITY_PAGE 256

/*
 * The effort and FCR totals of the cases with a contact at the filter's
 * branch. No aggregate is kept per branch — a case may have been at several —
 * so the branch's cases are read (the store finds them through the contacts'
 * facility index) and each contributes exactly what it adds to the
 * aggregates (core/rollup.h), in the same day, team and channel slice.
 */
static ld_status facility_totals(struct app *app, const struct app_report_filter *f,
				 struct rollup_effort *t, struct store_fcr_totals *ft,
				 struct ld_err *err)
{
	struct store_case_query q = { .status = -1, .facility_id = f->facility_id,
				      .limit = FACILITY_PAGE };
	struct ld_case *page = xcalloc(FACILITY_PAGE, sizeof *page);
	struct rollup_case part;
	ld_status rc;
	int n;

	memset(t, 0, sizeof *t);
	memset(ft, 0, sizeof *ft);
	do {
		if ((rc = STORE_CALL(app->store, case_list, &q, page, &n, err)) != LD_OK)
			break;
		for (int i = 0; i < n; i++) {
			rollup_case_of(&page[i], &part);
			if (!part.counted)
				continue;
			if (rollup_cell_covered(&part.effort_cell, f->from, f->to, f->team_id,
						f->channel))
				rollup_effort_add(t, &part.effort);
			if (part.has_fcr && rollup_cell_covered(&part.fcr_cell, f->from, f->to,
								f->team_id, f->channel))
				for (int w = 0; w < ROLLUP_FCR_WINDOWS; w++) {
					ft->first[w] += part.fcr.first[w];
					ft->repeated[w] += part.fcr.repeated[w];
				}
		}
		if (n > 0)
			q.after_id = page[n - 1].id;
	} while (n == FACILITY_PAGE);
	free(page);
	return rc;
}

/* The effort and FCR totals of the filter: from the aggregates, or the branch's cases. */
static ld_status effort_totals(struct app *app, const struct app_report_filter *f,
			       struct rollup_effort *t, struct store_fcr_totals *ft,
			       struct ld_err *err)
{
	struct store_effort_filter sf = {
		.from = f->from, .to = f->to, .team_id = f->team_id, .channel = f->channel,
	};
	ld_status rc;

	if (f->facility_id != 0)
		return facility_totals(app, f, t, ft, err);
	if ((rc = STORE_CALL(app->store, effort_totals, &sf, t, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, fcr_totals, &sf, ft, err);
}

/* Lapsed of decided ([…][…][1] renewed + [2] lapsed) in a cell of the split. */
static void decided(const int64_t cell[3], int64_t *lapsed, int64_t *n)
{
	*lapsed += cell[2];
	*n += cell[1] + cell[2];
}

/*
 * The disloyalty ratios from the store's customer split (Katz log interval):
 * a ratio with no data (no decided customers on one side) stays has_data =
 * false, which adapters show as "not enough renewals yet".
 */
static ld_status lapse_ratios(struct app *app, struct app_effort_report *out, struct ld_err *err)
{
	struct store_customer_split sp;
	int64_t hi_l = 0, hi_n = 0, lo_l = 0, lo_n = 0, none_l = 0, none_n = 0;
	ld_status rc;

	if ((rc = STORE_CALL(app->store, customer_split, &sp, err)) != LD_OK)
		return rc;
	decided(sp.customers[1][1], &hi_l, &hi_n);
	decided(sp.customers[1][0], &lo_l, &lo_n);
	decided(sp.customers[0][0], &none_l, &none_n);
	decided(sp.customers[0][1], &none_l, &none_n); /* impossible, kept for totals */
	if ((rc = survey_ratio_katz(hi_l, hi_n, lo_l, lo_n, &out->lapse_high_effort, err)) != LD_OK)
		return rc;
	return survey_ratio_katz(hi_l + lo_l, hi_n + lo_n, none_l, none_n, &out->lapse_contact,
				 err);
}

ld_status app_report_effort(struct app *app, const struct app_actor *actor,
			    const struct app_report_filter *filter, struct app_effort_report *out,
			    struct ld_err *err)
{
	struct rollup_effort t;
	struct store_fcr_totals ft;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_filter(app, filter, err)) != LD_OK)
		return rc;
	if ((rc = effort_totals(app, filter, &t, &ft, err)) != LD_OK)
		return rc;
	out->filter = *filter;
	out->cases = t.cases;
	struct {
		struct survey_share *share;
		int64_t hits;
	} shares[] = {
		{ &out->high_effort, t.high_cases },
		{ &out->medium_effort, t.medium_cases },
		{ &out->repeat_contact, t.repeat_cases },
		{ &out->re_explanation, t.reexplain_cases },
		{ &out->channel_switch, t.switch_cases },
		{ &out->web_to_phone, t.web_phone_cases },
		{ &out->transferred, t.transfer_cases },
		{ &out->robot_only, t.robot_cases },
		{ &out->reopened, t.reopen_cases },
	};
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
		/* Aggregates are sums of 0/1 flags, so 0 ≤ hits ≤ cases holds;
		 * a violation is a corrupt store, reported as such. */
		if ((rc = survey_share_wilson(shares[i].hits, t.cases, shares[i].share, err)) != LD_OK)
			return ld_fail(err, LD_ERR_INTERNAL, "corrupt_aggregates", NULL,
				       "effort aggregates are inconsistent");
	}
	if (t.cases > 0) {
		out->transfers_per_case = (double)t.transfers / (double)t.cases;
		out->contacts_per_case = (double)t.contacts / (double)t.cases;
	}
	out->resolved_cases = t.resolved_cases;
	if (t.resolved_cases > 0)
		out->mean_resolution_s = (double)t.elapsed_s / (double)t.resolved_cases;
	struct survey_share *fcr[3] = { &out->fcr_24h, &out->fcr_7d, &out->fcr_30d };
	for (int w = 0; w < 3; w++)
		if (survey_fcr(ft.first[w], ft.repeated[w], fcr[w], err) != LD_OK)
			return ld_fail(err, LD_ERR_INTERNAL, "corrupt_aggregates", NULL,
				       "FCR aggregates are inconsistent");
	if ((rc = lapse_ratios(app, out, err)) != LD_OK)
		return rc;
	return app_loyalty_disloyalty(app, &out->disloyalty, err);
}

/* ------------------------------------------------------ survey reports --- */

/* Validates the question and turns it into the store's filter. */
static ld_status survey_filter(struct app *app, const struct app_actor *actor,
			       const struct app_report_filter *f, struct store_survey_filter *sf,
			       struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_filter(app, f, err)) != LD_OK)
		return rc;
	if (f->facility_id != 0)
		return ld_fail(err, LD_ERR_INVALID, "unknown_parameter", "facility",
			       "answers are not counted by branch: see the branch's summary");
	sf->when.from = f->from;
	sf->when.to = f->to;
	sf->when.team_id = f->team_id;
	sf->when.channel = f->channel;
	sf->origin = f->origin;
	return LD_OK;
}

/* The answer histogram of `kind`; `points` answers from `lo` on. */
static ld_status survey_hist(struct app *app, const struct app_actor *actor,
			     const struct app_report_filter *f, int kind, int lo, int points,
			     int64_t *hist, struct ld_err *err)
{
	struct store_survey_filter sf;
	int64_t all[11];
	ld_status rc;

	if ((rc = survey_filter(app, actor, f, &sf, err)) != LD_OK)
		return rc;
	if ((rc = STORE_CALL(app->store, survey_histogram, &sf, kind, all, err)) != LD_OK)
		return rc;
	for (int k = 0; k < points; k++)
		hist[k] = all[lo + k];
	return LD_OK;
}

ld_status app_report_nps(struct app *app, const struct app_actor *actor,
			 const struct app_report_filter *filter, struct app_nps_report *out,
			 struct ld_err *err)
{
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = survey_hist(app, actor, filter, LD_SURVEY_NPS, 0, SURVEY_NPS_POINTS, out->hist, err);
	if (rc != LD_OK)
		return rc;
	out->filter = *filter;
	return survey_nps_from_histogram(out->hist, &out->nps, err);
}

ld_status app_report_csat(struct app *app, const struct app_actor *actor,
			  const struct app_report_filter *filter, struct app_csat_report *out,
			  struct ld_err *err)
{
	int64_t hist[SURVEY_CSAT_POINTS];
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = survey_hist(app, actor, filter, LD_SURVEY_CSAT, 1, SURVEY_CSAT_POINTS, hist, err);
	if (rc != LD_OK)
		return rc;
	out->filter = *filter;
	return survey_csat_from_histogram(hist, &out->csat, err);
}

ld_status app_report_ces(struct app *app, const struct app_actor *actor,
			 const struct app_report_filter *filter, struct app_ces_report *out,
			 struct ld_err *err)
{
	int64_t hist[SURVEY_CES_POINTS];
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = survey_hist(app, actor, filter, LD_SURVEY_CES, 1, SURVEY_CES_POINTS, hist, err);
	if (rc != LD_OK)
		return rc;
	out->filter = *filter;
	return survey_ces_from_histogram(hist, &out->ces, err);
}

ld_status app_report_servqual(struct app *app, const struct app_actor *actor,
			      const struct app_report_filter *filter,
			      struct app_servqual_report *out, struct ld_err *err)
{
	struct store_survey_filter sf;
	struct store_servqual_totals t;
	struct survey_servqual acc;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = survey_filter(app, actor, filter, &sf, err)) != LD_OK)
		return rc;
	if ((rc = STORE_CALL(app->store, servqual_totals, &sf, &t, err)) != LD_OK)
		return rc;
	/* Each respondent answers one item per dimension, so the dimension
	 * moments follow from n, Σ gap and Σ gap² (no per-respondent scan). */
	survey_servqual_init(&acc);
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		if (t.n[d] <= 0)
			continue;
		double n = (double)t.n[d], mean = (double)t.gap_sum[d] / n;
		acc.dims[d].n = t.n[d];
		acc.dims[d].mean = mean;
		acc.dims[d].m2 = (double)t.gap_sq[d] - n * mean * mean;
		if (acc.dims[d].m2 < 0)
			acc.dims[d].m2 = 0;
	}
	out->filter = *filter;
	survey_servqual_summarise(&acc, &out->sq);
	return LD_OK;
}

/* ------------------------------------------------------ subscriptions --- */

static ld_status check_subscription(struct app *app, struct ld_subscription *sub,
				   struct ld_err *err)
{
	struct ld_customer c = {0};
	ld_status rc;

	if ((rc = validate_text("product", sub->product, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if (sub->period < 0 || sub->period >= LD_PERIOD_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "period",
			       "period must be monthly, quarterly or yearly");
	if (sub->status < 0 || sub->status >= LD_SUB_STATUS_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			       "status must be active, renewed or lapsed");
	if (sub->renews_at <= 0)
		return ld_fail(err, LD_ERR_INVALID, "required", "renews_at",
			       "renews_at is the renewal date");
	if (sub->customer_id <= 0)
		return ld_fail(err, LD_ERR_INVALID, "required", "customer_id",
			       "customer_id is required");
	rc = STORE_CALL(app->store, customer_get, sub->customer_id, &c, err);
	ld_customer_clear(&c);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", "customer_id",
			       "no customer %lld", (long long)sub->customer_id);
	return rc;
}

ld_status app_subscription_create(struct app *app, const struct app_actor *actor,
				  struct ld_subscription *sub, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_subscription(app, sub, err)) != LD_OK)
		return rc;
	sub->created_at = app_now(app);
	sub->updated_at = sub->created_at;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, subscription_insert, sub, err);
	if (rc == LD_OK)
		app_rollup_renewal(app, sub->customer_id);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "subscription.create", "subscription", sub->id, NULL, err);
	return app_tx_end(app, rc, err);
}

ld_status app_subscription_get(struct app *app, const struct app_actor *actor, int64_t id,
			       struct ld_subscription *out, struct ld_err *err)
{
	ld_status rc = STORE_CALL(app->store, subscription_get, id, out, err);

	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "subscription_not_found", NULL,
			       "no subscription %lld", (long long)id);
	if (rc != LD_OK)
		return rc;
	if (app_require_customer_access(actor, out->customer_id, err) != LD_OK)
		return ld_fail(err, LD_ERR_NOT_FOUND, "subscription_not_found", NULL,
			       "no subscription %lld", (long long)id);
	return LD_OK;
}

ld_status app_subscription_update(struct app *app, const struct app_actor *actor,
				  struct ld_subscription *sub, struct ld_err *err)
{
	struct ld_subscription before, next = *sub;
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = app_subscription_get(app, actor, sub->id, &before, err);
	if (rc == LD_OK)
		rc = check_subscription(app, &next, err);
	if (rc == LD_OK) {
		next.created_at = before.created_at;
		next.updated_at = app_now(app);
		rc = STORE_CALL(app->store, subscription_update, &next, err);
	}
	if (rc == LD_OK) {
		app_rollup_renewal(app, before.customer_id);
		if (next.customer_id != before.customer_id)
			app_rollup_renewal(app, next.customer_id);
	}
	if (rc == LD_OK)
		rc = app_audit(app, actor, "subscription.update", "subscription", next.id, NULL, err);
	if ((rc = app_tx_end(app, rc, err)) == LD_OK)
		*sub = next;
	return rc;
}

ld_status app_subscription_list(struct app *app, const struct app_actor *actor,
				const struct store_subscription_query *q,
				struct ld_subscription *out, int *n, struct ld_err *err)
{
	struct store_subscription_query query = *q;
	ld_status rc;

	if ((rc = app_check_limit(&query.limit, err)) != LD_OK)
		return rc;
	if (query.status < -1 || query.status >= LD_SUB_STATUS_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status", "unknown status");
	if (!app_is_staff(actor)) {
		if (query.customer_id != 0 && query.customer_id != actor->customer_id) {
			*n = 0;
			return LD_OK;
		}
		query.customer_id = actor->customer_id;
	}
	return STORE_CALL(app->store, subscription_list, &query, out, n, err);
}

ld_status app_facility_summary(struct app *app, const struct app_actor *actor, int64_t id,
			       int64_t from, int64_t to, struct app_facility_summary *out,
			       struct ld_err *err)
{
	struct store_facility_totals t;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if (from > 0 && to > 0 && from >= to)
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to", "to must be after from");
	if ((rc = app_facility_get(app, actor, id, &out->facility, err)) != LD_OK ||
	    (rc = STORE_CALL(app->store, facility_totals, id, from, to, &t, err)) != LD_OK)
		return rc;
	out->from = from;
	out->to = to;
	out->visits = t.visits;
	out->visitors = t.visitors;
	out->cases = t.cases;
	out->contacts_per_case = t.cases > 0 ? (double)t.contacts / (double)t.cases : 0.0;
	if ((rc = survey_share_wilson(t.high_cases, t.cases, &out->high_effort, err)) != LD_OK ||
	    (rc = survey_share_wilson(t.medium_cases, t.cases, &out->medium_effort, err)) != LD_OK ||
	    (rc = survey_share_wilson(t.repeat_cases, t.cases, &out->repeat_contact, err)) !=
		    LD_OK ||
	    (rc = survey_share_wilson(t.transfer_cases, t.cases, &out->transferred, err)) != LD_OK ||
	    (rc = survey_share_wilson(t.resolved_cases, t.cases, &out->resolved, err)) != LD_OK)
		return rc;
	return survey_csat_from_histogram(t.csat, &out->csat, err);
}
