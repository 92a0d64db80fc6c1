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
#include <string.h>

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

ld_status http_report_effort(struct http_call *call, struct ld_err *err)
{
	static const char *const allowed[] = { "from", "to", "team", "channel", NULL };
	struct app_report_filter f = { .channel = -1 };
	struct app_effort_report r;
	struct http_query q;
	struct http_json j;
	const char *channel;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, allowed, &q, err)) != LD_OK)
		return rc;
	if ((rc = http_query_when(&q, "from", false, &f.from, err)) != LD_OK)
		return rc;
	if ((rc = http_query_when(&q, "to", true, &f.to, err)) != LD_OK)
		return rc;
	if ((rc = http_query_id(&q, "team", &f.team_id, err)) != LD_OK)
		return rc;
	channel = http_query_get(&q, "channel");
	if (channel != NULL && (f.channel = ld_channel_parse(channel)) < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "channel",
			       "channel must be email, phone, chat, web, visit, social or bot");
	if ((rc = app_report_effort(call->app, call->actor, &f, &r, err)) != LD_OK)
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
	render_ratio(&j, "lapse_ratio_high_effort", &r.lapse_high_effort);
	render_ratio(&j, "disloyalty_ratio", &r.lapse_contact);
	http_json_obj_begin(&j, "filter");
	http_json_time(&j, "from", f.from);
	http_json_time(&j, "to", f.to);
	http_json_id(&j, "team", f.team_id);
	if (f.channel >= 0)
		http_json_str(&j, "channel", ld_channel_name(f.channel));
	else
		http_json_null(&j, "channel");
	http_json_obj_end(&j);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}
