/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Claims and compliments (app/feedback.h): POST/GET /api/v1/claims and
 * /api/v1/compliments, GET/PATCH …/{id}, GET /api/v1/reports/feedback.
 *
 * POST is open: signed in, staff file on a customer's behalf and customers
 * their own (the portal); without a session it is the public form (name,
 * email), limited per client address. Body fields: "subject", "text",
 * "team_id", "agent_id", "facility_id", "case_id", "language", and for
 * staff "customer_id", "channel"; for the form "name", "email".
 */
#include "http/resource.h"

#include <stdlib.h>
#include <string.h>

#include "app/feedback.h"
#include "http/json_in.h"
#include "http/reply.h"

static void render_feedback(struct http_json *j, const char *key, const struct ld_feedback *f,
			    int64_t now)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", f->id);
	http_json_str(j, "kind", ld_feedback_kind_name(f->kind));
	http_json_str(j, "source", ld_feedback_source_name(f->source));
	http_json_int(j, "customer_id", f->customer_id);
	http_json_id(j, "case_id", f->case_id);
	http_json_id(j, "team_id", f->team_id);
	http_json_id(j, "agent_id", f->agent_id);
	http_json_id(j, "facility_id", f->facility_id);
	http_json_id(j, "filed_by", f->filed_by);
	http_json_str(j, "subject", f->subject);
	if (f->kind == LD_FB_COMPLIMENT)
		http_json_str(j, "text", f->text);
	http_json_str(j, "language", f->language);
	http_json_time(j, "created_at", f->created_at);
	if (f->kind == LD_FB_CLAIM) {
		const char *state = feedback_claim_state(f);
		http_json_str(j, "state", state);
		http_json_time(j, "answered_at", f->answered_at);
		http_json_time(j, "resolved_at", f->resolved_at);
		http_json_time(j, "resolution_due", feedback_claim_due(f));
		http_json_bool(j, "overdue", feedback_claim_overdue(f, now));
	}
	http_json_obj_end(j);
}

static void reply_feedback(struct http_call *call, int code, const struct ld_feedback *f)
{
	struct http_json j;

	http_json_init(&j, 1024 + strlen(f->text) * 2);
	render_feedback(&j, NULL, f, app_now(call->app));
	http_reply_json(call->res, code, &j);
}

static const char *path_of(int kind)
{
	return kind == LD_FB_CLAIM ? "/api/v1/claims" : "/api/v1/compliments";
}

static ld_status create(struct http_call *call, int kind, struct ld_err *err)
{
	static const char *const fields[] = { "subject", "text", "team_id", "agent_id",
					      "facility_id", "case_id", "language", "customer_id",
					      "channel", "name", "email", NULL };
	struct app_feedback_in in = { .kind = kind, .channel = -1, .public_form = call->actor == NULL,
				      .address = call->req->address };
	struct ld_feedback f;
	json_t *body = NULL;
	bool has_channel = false;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "subject", HTTP_JSON_REQUIRED, &in.subject, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "text", HTTP_JSON_NULLABLE, &in.text, NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "team_id", HTTP_JSON_NULLABLE, &in.team_id, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_id(body, "agent_id", HTTP_JSON_NULLABLE, &in.agent_id, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_id(body, "facility_id", HTTP_JSON_NULLABLE, &in.facility_id, NULL,
				   err)) != LD_OK ||
	    (rc = http_json_get_id(body, "case_id", HTTP_JSON_NULLABLE, &in.case_id, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "language", HTTP_JSON_NULLABLE, &in.language, NULL,
				    err)) != LD_OK ||
	    (rc = http_json_get_id(body, "customer_id", HTTP_JSON_NULLABLE, &in.customer_id, NULL,
				   err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "channel", HTTP_JSON_NULLABLE, ld_channel_parse,
				     &in.channel, &has_channel, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "name", HTTP_JSON_NULLABLE, &in.name, NULL, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "email", HTTP_JSON_NULLABLE, &in.email, NULL, err)) != LD_OK)
		goto out;
	/* The form names its sender; a session is its own sender. */
	if (!in.public_form && (in.name != NULL || in.email != NULL)) {
		rc = ld_fail(err, LD_ERR_INVALID, "unknown_field", in.name != NULL ? "name" : "email",
			     "signed in, the sender is the session's");
		goto out;
	}
	if (in.public_form && (in.customer_id != 0 || has_channel)) {
		rc = ld_fail(err, LD_ERR_FORBIDDEN, "field_forbidden",
			     in.customer_id != 0 ? "customer_id" : "channel",
			     "the form files for the address it gives");
		goto out;
	}
	if ((rc = app_feedback_file(call->app, call->actor, &in, &f, err)) != LD_OK)
		goto out;
	reply_feedback(call, 201, &f);
	http_set_location(call->res, path_of(kind), f.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_claim_create(struct http_call *call, struct ld_err *err)
{
	return create(call, LD_FB_CLAIM, err);
}

ld_status http_compliment_create(struct http_call *call, struct ld_err *err)
{
	return create(call, LD_FB_COMPLIMENT, err);
}

static ld_status list(struct http_call *call, int kind, struct ld_err *err)
{
	static const char *const params[] = { "customer_id", "team_id", "agent_id", "facility_id",
					      "case_id", "from", "to", "subject", "limit", "cursor",
					      NULL };
	struct store_feedback_query fq = { .kind = kind };
	struct ld_feedback *rows;
	struct http_query q;
	struct http_json j;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &fq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "customer_id", &fq.customer_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "team_id", &fq.team_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "agent_id", &fq.agent_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "facility_id", &fq.facility_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "case_id", &fq.case_id, err)) != LD_OK ||
	    (rc = http_query_when(&q, "from", false, &fq.from, err)) != LD_OK ||
	    (rc = http_query_when(&q, "to", true, &fq.to, err)) != LD_OK)
		return rc;
	fq.subject = http_query_get(&q, "subject");
	fq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_feedback_list(call->app, call->actor, &fq, rows, &n, err)) == LD_OK) {
		int64_t now = app_now(call->app);
		size_t size = 64;
		for (int i = 0; i < n; i++)
			size += 1024 + strlen(rows[i].text) * 2;
		http_page_begin(&j, size);
		for (int i = 0; i < n; i++)
			render_feedback(&j, NULL, &rows[i], now);
		http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
		http_reply_json(call->res, 200, &j);
	}
	free(rows);
	return rc;
}

ld_status http_claim_list(struct http_call *call, struct ld_err *err)
{
	return list(call, LD_FB_CLAIM, err);
}

ld_status http_compliment_list(struct http_call *call, struct ld_err *err)
{
	return list(call, LD_FB_COMPLIMENT, err);
}

static ld_status get(struct http_call *call, int kind, struct ld_err *err)
{
	struct ld_feedback f;
	ld_status rc = app_feedback_get(call->app, call->actor, kind, call->ids[0], &f, err);

	if (rc == LD_OK)
		reply_feedback(call, 200, &f);
	return rc;
}

ld_status http_claim_get(struct http_call *call, struct ld_err *err)
{
	return get(call, LD_FB_CLAIM, err);
}

ld_status http_compliment_get(struct http_call *call, struct ld_err *err)
{
	return get(call, LD_FB_COMPLIMENT, err);
}

static ld_status update(struct http_call *call, int kind, struct ld_err *err)
{
	static const char *const fields[] = { "team_id", "agent_id", "facility_id", NULL };
	struct app_feedback_patch p = { 0 };
	struct ld_feedback f;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "team_id", HTTP_JSON_NULLABLE, &p.team_id, &p.has_team,
				   err)) != LD_OK ||
	    (rc = http_json_get_id(body, "agent_id", HTTP_JSON_NULLABLE, &p.agent_id, &p.has_agent,
				   err)) != LD_OK ||
	    (rc = http_json_get_id(body, "facility_id", HTTP_JSON_NULLABLE, &p.facility_id,
				   &p.has_facility, err)) != LD_OK ||
	    (rc = app_feedback_update(call->app, call->actor, kind, call->ids[0], &p, &f, err)) !=
		    LD_OK)
		goto out;
	reply_feedback(call, 200, &f);
out:
	json_decref(body);
	return rc;
}

ld_status http_claim_update(struct http_call *call, struct ld_err *err)
{
	return update(call, LD_FB_CLAIM, err);
}

ld_status http_compliment_update(struct http_call *call, struct ld_err *err)
{
	return update(call, LD_FB_COMPLIMENT, err);
}

static void render_tally(struct http_json *j, const char *key, const char *id_key,
			 const struct app_feedback_tally *t)
{
	http_json_obj_begin(j, key);
	if (id_key != NULL)
		http_json_id(j, id_key, t->target_id);
	http_json_int(j, "claims", t->claims);
	http_json_int(j, "claims_open", t->claims_open);
	http_json_int(j, "claims_answered", t->claims_answered);
	http_json_int(j, "claims_resolved", t->claims_resolved);
	http_json_int(j, "claims_overdue", t->claims_overdue);
	http_json_int(j, "compliments", t->compliments);
	http_json_obj_end(j);
}

/* GET reports/feedback?by=team|agent|facility&from=&to= */
ld_status http_report_feedback(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "by", "from", "to", NULL };
	static const char *const ID_KEY[APP_FB_BY_COUNT] = { "team_id", "agent_id",
							     "facility_id" };
	struct app_feedback_report r;
	struct http_query q;
	struct http_json j;
	int64_t from = 0, to = 0;
	const char *v;
	int by = APP_FB_BY_TEAM;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK ||
	    (rc = http_query_when(&q, "from", false, &from, err)) != LD_OK ||
	    (rc = http_query_when(&q, "to", true, &to, err)) != LD_OK)
		return rc;
	if ((v = http_query_get(&q, "by")) != NULL && (by = app_feedback_by_parse(v)) < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "by",
			       "by must be team, agent or facility");
	if ((rc = app_feedback_report(call->app, call->actor, by, from, to, &r, err)) != LD_OK)
		return rc;
	http_json_init(&j, 512 + r.n * 200);
	http_json_obj_begin(&j, NULL);
	http_json_str(&j, "by", app_feedback_by_name(by));
	http_json_time(&j, "from", from);
	http_json_time(&j, "to", to);
	render_tally(&j, "total", NULL, &r.total);
	http_json_arr_begin(&j, "items");
	for (size_t i = 0; i < r.n; i++)
		render_tally(&j, NULL, ID_KEY[by], &r.items[i]);
	http_json_arr_end(&j);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	app_feedback_report_free(&r);
	return LD_OK;
}
