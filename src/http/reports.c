/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * GET /api/v1/reports/effort?from=&to=&team=&channel= — the effort report
 * (app/reports.h) as JSON, keys as `loyaldesk report effort --format json`.
 *
 * from/to: a date YYYY-MM-DD (to includes that whole day) or an ISO 8601
 * instant (to exclusive). Bad values are 400 with the field named; the app
 * refuses an inverted range (400 invalid_range) and unknown teams (404).
 */
#include "http/resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/loyalty.h"
#include "app/reports.h"
#include "http/json_in.h"
#include "http/reply.h"

static void render_share(struct http_json *j, const char *key, const struct survey_share *s)
{
	http_json_obj_begin(j, key);
	if (s->has_data) {
		http_json_real(j, "share", s->share);
		http_json_real(j, "ci_low", s->ci_low);
		http_json_real(j, "ci_high", s->ci_high);
	} else {
		http_json_null(j, "share");
		http_json_null(j, "ci_low");
		http_json_null(j, "ci_high");
	}
	http_json_int(j, "hits", s->hits);
	http_json_int(j, "n", s->n);
	http_json_obj_end(j);
}

static void render_ratio(struct http_json *j, const char *key, const struct survey_ratio *r)
{
	http_json_obj_begin(j, key);
	if (r->has_data) {
		http_json_real(j, "ratio", r->ratio);
		http_json_real(j, "ci_low", r->ci_low);
		http_json_real(j, "ci_high", r->ci_high);
	} else {
		http_json_null(j, "ratio");
		http_json_null(j, "ci_low");
		http_json_null(j, "ci_high");
	}
	render_share(j, "exposed", &r->exposed);
	render_share(j, "reference", &r->reference);
	http_json_obj_end(j);
}

/*
 * The report filter from the query: from, to, team, channel, and — for the
 * survey reports and loyalty — origin, for the effort report facility; any
 * other parameter is refused.
 */
static ld_status filter_params(struct http_call *call, bool with_origin,
			       struct app_report_filter *f, struct ld_err *err)
{
	static const char *const effort[] = { "from", "to", "team", "channel", "facility", NULL };
	static const char *const survey[] = { "from", "to", "team", "channel", "origin", NULL };
	struct http_query q;
	const char *v;
	ld_status rc;

	memset(f, 0, sizeof *f);
	f->channel = -1;
	f->origin = -1;
	if ((rc = http_query_parse(call->req->query, with_origin ? survey : effort, &q, err)) !=
		    LD_OK ||
	    (rc = http_query_when(&q, "from", false, &f->from, err)) != LD_OK ||
	    (rc = http_query_when(&q, "to", true, &f->to, err)) != LD_OK ||
	    (rc = http_query_id(&q, "team", &f->team_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "facility", &f->facility_id, err)) != LD_OK)
		return rc;
	if ((v = http_query_get(&q, "channel")) != NULL && (f->channel = ld_channel_parse(v)) < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "channel",
			       "channel must be email, phone, chat, web, visit, social or bot");
	if ((v = http_query_get(&q, "origin")) != NULL &&
	    (f->origin = ld_survey_origin_parse(v)) < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "origin",
			       "origin must be manual, transactional or relationship");
	return LD_OK;
}

ld_status http_report_effort(struct http_call *call, struct ld_err *err)
{
	struct app_report_filter f;
	struct app_effort_report r;
	struct http_json j;
	ld_status rc;

	if ((rc = filter_params(call, false, &f, err)) != LD_OK ||
	    (rc = app_report_effort(call->app, call->actor, &f, &r, err)) != LD_OK)
		return rc;

	http_json_init(&j, 2048);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "cases", r.cases);
	render_share(&j, "high_effort", &r.high_effort);
	render_share(&j, "medium_effort", &r.medium_effort);
	render_share(&j, "repeat_contact", &r.repeat_contact);
	render_share(&j, "re_explanation", &r.re_explanation);
	render_share(&j, "channel_switch", &r.channel_switch);
	render_share(&j, "web_to_phone", &r.web_to_phone);
	render_share(&j, "transferred", &r.transferred);
	render_share(&j, "robot_only", &r.robot_only);
	render_share(&j, "reopened", &r.reopened);
	http_json_real(&j, "transfers_per_case", r.transfers_per_case);
	http_json_real(&j, "contacts_per_case", r.contacts_per_case);
	http_json_real(&j, "mean_resolution_s", r.mean_resolution_s);
	http_json_int(&j, "resolved_cases", r.resolved_cases);
	render_share(&j, "fcr_24h", &r.fcr_24h);
	render_share(&j, "fcr_7d", &r.fcr_7d);
	render_share(&j, "fcr_30d", &r.fcr_30d);
	render_ratio(&j, "lapse_ratio_high_effort", &r.lapse_high_effort);
	render_ratio(&j, "lapse_ratio_contact", &r.lapse_contact);
	render_ratio(&j, "disloyalty_ratio", &r.disloyalty);
	http_json_obj_begin(&j, "filter");
	http_json_time(&j, "from", f.from);
	http_json_time(&j, "to", f.to);
	http_json_id(&j, "team", f.team_id);
	if (f.channel >= 0)
		http_json_str(&j, "channel", ld_channel_name(f.channel));
	else
		http_json_null(&j, "channel");
	http_json_id(&j, "facility", f.facility_id);
	http_json_obj_end(&j);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

/* ------------------------------------------------------ survey reports --- */

static void render_filter(struct http_json *j, const struct app_report_filter *f)
{
	http_json_obj_begin(j, "filter");
	http_json_time(j, "from", f->from);
	http_json_time(j, "to", f->to);
	http_json_id(j, "team", f->team_id);
	http_json_str(j, "channel", f->channel >= 0 ? ld_channel_name(f->channel) : NULL);
	http_json_str(j, "origin", f->origin >= 0 ? ld_survey_origin_name(f->origin) : NULL);
	http_json_obj_end(j);
}

/* A number that is meaningless without data: null then. */
static void real_or_null(struct http_json *j, const char *key, bool has, double v)
{
	if (has)
		http_json_real(j, key, v);
	else
		http_json_null(j, key);
}

static void render_counts(struct http_json *j, const char *key, const int64_t *counts, int n,
			  int first)
{
	char name[8];

	http_json_obj_begin(j, key);
	for (int k = 0; k < n; k++) {
		snprintf(name, sizeof name, "%d", first + k);
		http_json_int(j, name, counts[k]);
	}
	http_json_obj_end(j);
}

ld_status http_report_nps(struct http_call *call, struct ld_err *err)
{
	struct app_report_filter f;
	struct app_nps_report r;
	struct http_json j;
	ld_status rc;

	if ((rc = filter_params(call, true, &f, err)) != LD_OK ||
	    (rc = app_report_nps(call->app, call->actor, &f, &r, err)) != LD_OK)
		return rc;
	http_json_init(&j, 1024);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "n", r.nps.n);
	http_json_int(&j, "promoters", r.nps.promoters);
	http_json_int(&j, "passives", r.nps.passives);
	http_json_int(&j, "detractors", r.nps.detractors);
	real_or_null(&j, "nps", r.nps.has_data, r.nps.nps);
	real_or_null(&j, "ci_low", r.nps.has_data, r.nps.ci_low);
	real_or_null(&j, "ci_high", r.nps.has_data, r.nps.ci_high);
	real_or_null(&j, "se", r.nps.has_data, r.nps.se);
	render_counts(&j, "distribution", r.hist, SURVEY_NPS_POINTS, 0);
	render_filter(&j, &f);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_report_csat(struct http_call *call, struct ld_err *err)
{
	struct app_report_filter f;
	struct app_csat_report r;
	struct http_json j;
	ld_status rc;

	if ((rc = filter_params(call, true, &f, err)) != LD_OK ||
	    (rc = app_report_csat(call->app, call->actor, &f, &r, err)) != LD_OK)
		return rc;
	http_json_init(&j, 1024);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "n", r.csat.n);
	render_share(&j, "csat", &r.csat.top2);
	real_or_null(&j, "mean", r.csat.has_data, r.csat.mean);
	real_or_null(&j, "sd", r.csat.n >= 2, r.csat.sd);
	render_counts(&j, "distribution", r.csat.counts, SURVEY_CSAT_POINTS, 1);
	render_filter(&j, &f);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_report_ces(struct http_call *call, struct ld_err *err)
{
	struct app_report_filter f;
	struct app_ces_report r;
	struct http_json j;
	ld_status rc;

	if ((rc = filter_params(call, true, &f, err)) != LD_OK ||
	    (rc = app_report_ces(call->app, call->actor, &f, &r, err)) != LD_OK)
		return rc;
	http_json_init(&j, 1024);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "n", r.ces.n);
	real_or_null(&j, "ces", r.ces.has_data, r.ces.mean);
	real_or_null(&j, "ci_low", r.ces.has_data, r.ces.ci_low);
	real_or_null(&j, "ci_high", r.ces.has_data, r.ces.ci_high);
	real_or_null(&j, "sd", r.ces.n >= 2, r.ces.sd);
	render_share(&j, "agree", &r.ces.agree);
	render_share(&j, "disagree", &r.ces.disagree);
	render_counts(&j, "distribution", r.ces.counts, SURVEY_CES_POINTS, 1);
	render_filter(&j, &f);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_report_servqual(struct http_call *call, struct ld_err *err)
{
	struct app_report_filter f;
	struct app_servqual_report r;
	struct http_json j;
	ld_status rc;

	if ((rc = filter_params(call, true, &f, err)) != LD_OK ||
	    (rc = app_report_servqual(call->app, call->actor, &f, &r, err)) != LD_OK)
		return rc;
	http_json_init(&j, 1536);
	http_json_obj_begin(&j, NULL);
	http_json_obj_begin(&j, "dimensions");
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
		const struct survey_servqual_dim_result *x = &r.sq.dims[d];
		http_json_obj_begin(&j, survey_servqual_dim_name(d));
		http_json_int(&j, "n", x->n);
		real_or_null(&j, "gap", x->n > 0, x->gap);
		real_or_null(&j, "se", x->n > 1, x->se);
		http_json_obj_end(&j);
	}
	http_json_obj_end(&j);
	real_or_null(&j, "overall_gap", r.sq.has_data, r.sq.overall);
	http_json_arr_begin(&j, "worst_first");
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++)
		http_json_str(&j, NULL, survey_servqual_dim_name(r.sq.rank[d]));
	http_json_arr_end(&j);
	render_filter(&j, &f);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

/* ------------------------------------------------------------- loyalty --- */

ld_status http_report_loyalty(struct http_call *call, struct ld_err *err)
{
	struct app_report_filter f;
	const struct logit_model *m;
	struct app_loyalty_report *r;
	struct http_json j;
	ld_status rc;

	if ((rc = filter_params(call, true, &f, err)) != LD_OK)
		return rc;
	r = xcalloc(1, sizeof *r);
	if ((rc = app_report_loyalty(call->app, call->actor, &f, r, err)) != LD_OK)
		goto out;
	m = &r->model.logit;
	http_json_init(&j, 4096);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "customers", r->model.customers);
	http_json_int(&j, "lapsed", r->model.lapsed);
	http_json_int(&j, "undecided", r->model.undecided);
	render_share(&j, "lapse_rate", &r->lapse_rate);
	http_json_bool(&j, "fallback", r->model.fallback_reason != NULL);
	http_json_str(&j, "fallback_reason", r->model.fallback_reason);
	http_json_obj_begin(&j, "model");
	http_json_real(&j, "intercept", m->coef[0]);
	http_json_int(&j, "cells", r->model.cells);
	http_json_int(&j, "iterations", m->iterations);
	http_json_bool(&j, "converged", m->converged);
	http_json_real(&j, "log_likelihood", m->log_likelihood);
	http_json_obj_end(&j);
	http_json_arr_begin(&j, "features");
	for (int k = 0; k < LOYALTY_FEATURES; k++) {
		http_json_obj_begin(&j, NULL);
		http_json_str(&j, "name", loyalty_feature_name(k));
		http_json_real(&j, "coef", m->coef[1 + k]);
		real_or_null(&j, "se", m->has_se, m->se[1 + k]);
		http_json_real(&j, "odds_ratio", m->odds_ratio[1 + k]);
		real_or_null(&j, "ci_low", m->has_se, m->or_low[1 + k]);
		real_or_null(&j, "ci_high", m->has_se, m->or_high[1 + k]);
		http_json_bool(&j, "constant", m->constant[k]);
		http_json_obj_end(&j);
	}
	http_json_arr_end(&j);
	render_ratio(&j, "lapse_ratio_high_effort", &r->lapse_high_effort);
	render_ratio(&j, "disloyalty_ratio", &r->disloyalty);
	http_json_obj_begin(&j, "calibration");
	http_json_int(&j, "ces_answers", r->ces_cases);
	http_json_bool(&j, "calibrated", r->calibrated);
	real_or_null(&j, "r2", r->ces_cases > 0, r->calibration.r2);
	real_or_null(&j, "scale", r->calibrated, r->scale);
	http_json_obj_begin(&j, "weights");
	http_json_real(&j, "transfer", r->weights.transfer);
	http_json_real(&j, "channel_switch", r->weights.channel_switch);
	http_json_real(&j, "re_explanation", r->weights.re_explanation);
	http_json_real(&j, "repeat_contact", r->weights.repeat_contact);
	http_json_real(&j, "robot_only", r->weights.robot_only);
	http_json_real(&j, "reopen", r->weights.reopen);
	http_json_obj_end(&j);
	http_json_obj_end(&j);
	render_filter(&j, &f);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
out:
	free(r);
	return rc;
}

/* ------------------------------------------------------------ renewals --- */

/* A fraction 0…1 parameter; absent → `def`. */
static ld_status query_fraction(const struct http_query *q, const char *name, double def,
				double *out, struct ld_err *err)
{
	const char *v = http_query_get(q, name);
	char *end;

	*out = def;
	if (v == NULL)
		return LD_OK;
	*out = strtod(v, &end);
	if (end == v || *end != '\0' || !(*out >= 0 && *out <= 1))
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", name,
			       "%s must be a number from 0 to 1", name);
	return LD_OK;
}

#define RENEWAL_MIN_RISK_DEFAULT 0.2

ld_status http_renewal_outreach(struct http_call *call, struct ld_err *err)
{
	static const char *const allowed[] = { "days", "min_risk", "limit", NULL };
	struct app_renewal *rows = NULL;
	struct http_query q;
	struct http_json j;
	const char *v;
	double min_risk;
	int64_t days = 30, total = 0;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, allowed, &q, err)) != LD_OK ||
	    (rc = http_query_limit(&q, &limit, err)) != LD_OK ||
	    (rc = query_fraction(&q, "min_risk", RENEWAL_MIN_RISK_DEFAULT, &min_risk, err)) !=
		    LD_OK)
		return rc;
	if ((v = http_query_get(&q, "days")) != NULL &&
	    (!http_parse_id(v, strlen(v), &days) || days > APP_CALENDAR_DAYS_MAX))
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "days",
			       "days must be a whole number from 1 to %d", APP_CALENDAR_DAYS_MAX);
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_renewal_outreach(call->app, call->actor, (int)days, min_risk, limit, rows,
				       &n, &total, err)) != LD_OK)
		goto out;
	http_json_init(&j, 128 + (size_t)n * 320);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "days", days);
	http_json_real(&j, "min_risk", min_risk);
	http_json_int(&j, "total", total);
	http_json_arr_begin(&j, "items");
	for (int i = 0; i < n; i++) {
		http_json_obj_begin(&j, NULL);
		http_render_subscription(&j, "subscription", &rows[i].sub);
		http_json_id(&j, "customer_id", rows[i].sub.customer_id);
		http_json_real(&j, "risk", rows[i].risk);
		http_json_obj_end(&j);
	}
	http_json_arr_end(&j);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_renewal_calendar(struct http_call *call, struct ld_err *err)
{
	static const char *const allowed[] = { "from", "to", "min_risk", NULL };
	struct app_calendar_day *days = NULL;
	struct http_query q;
	struct http_json j;
	int64_t from = 0, to = 0;
	double min_risk;
	int n = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, allowed, &q, err)) != LD_OK ||
	    (rc = http_query_when(&q, "from", false, &from, err)) != LD_OK ||
	    (rc = http_query_when(&q, "to", true, &to, err)) != LD_OK ||
	    (rc = query_fraction(&q, "min_risk", RENEWAL_MIN_RISK_DEFAULT, &min_risk, err)) !=
		    LD_OK)
		return rc;
	if (from == 0)
		from = app_now(call->app) / 86400 * 86400;
	if (to == 0)
		to = from + 90 * 86400;
	days = xcalloc(APP_CALENDAR_DAYS_MAX + 1, sizeof *days);
	if ((rc = app_renewal_calendar(call->app, call->actor, from, to, min_risk, days, &n,
				       err)) != LD_OK)
		goto out;
	http_json_init(&j, 128 + (size_t)n * 120);
	http_json_obj_begin(&j, NULL);
	http_json_time(&j, "from", from);
	http_json_time(&j, "to", to);
	http_json_real(&j, "min_risk", min_risk);
	http_json_arr_begin(&j, "days");
	for (int i = 0; i < n; i++) {
		if (days[i].due == 0)
			continue;
		http_json_obj_begin(&j, NULL);
		http_json_time(&j, "day", days[i].day);
		http_json_int(&j, "due", days[i].due);
		http_json_int(&j, "at_risk", days[i].at_risk);
		http_json_real(&j, "expected_lapses", days[i].expected_lapses);
		http_json_obj_end(&j);
	}
	http_json_arr_end(&j);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
out:
	free(days);
	return rc;
}

/* GET /facilities/{id}/summary?from&to: a branch's visits and their cases. */
ld_status http_facility_summary(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "from", "to", NULL };
	struct app_facility_summary r;
	struct http_query q;
	struct http_json j;
	int64_t from = 0, to = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK ||
	    (rc = http_query_when(&q, "from", false, &from, err)) != LD_OK ||
	    (rc = http_query_when(&q, "to", true, &to, err)) != LD_OK ||
	    (rc = app_facility_summary(call->app, call->actor, call->ids[0], from, to, &r, err)) !=
		    LD_OK)
		return rc;
	http_json_init(&j, 2048);
	http_json_obj_begin(&j, NULL);
	http_render_facility(&j, "facility", &r.facility);
	http_json_time(&j, "from", r.from);
	http_json_time(&j, "to", r.to);
	http_json_int(&j, "visits", r.visits);
	http_json_int(&j, "visitors", r.visitors);
	http_json_int(&j, "cases", r.cases);
	render_share(&j, "high_effort", &r.high_effort);
	render_share(&j, "medium_effort", &r.medium_effort);
	render_share(&j, "repeat_contact", &r.repeat_contact);
	render_share(&j, "transferred", &r.transferred);
	render_share(&j, "resolved", &r.resolved);
	real_or_null(&j, "contacts_per_case", r.cases > 0, r.contacts_per_case);
	http_json_obj_begin(&j, "csat");
	http_json_int(&j, "n", r.csat.n);
	render_share(&j, "csat", &r.csat.top2);
	real_or_null(&j, "mean", r.csat.has_data, r.csat.mean);
	render_counts(&j, "distribution", r.csat.counts, SURVEY_CSAT_POINTS, 1);
	http_json_obj_end(&j);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}
