/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Feedback resources:
 *
 *   POST /api/v1/surveys {"kind","customer_id","case_id"?,"language"?}
 *        → 201 {"id", "survey", "token", "link", "message_id"}: the only time
 *        the token and link show
 *   GET  /api/v1/surveys?customer_id=&case_id=&kind=&answered=&limit=&cursor=
 *   GET  /api/v1/surveys/{id}
 *   GET  /api/v1/surveys/by-token/{token}    no login: the questions
 *   POST /api/v1/surveys/by-token/{token}    no login: the answer, once
 *        {"score": n, "comment": "…"} or, for servqual,
 *        {"expected": {"reliability": 6, …}, "perceived": {…}, "comment"}
 *   POST/GET /api/v1/survey-rules, DELETE /api/v1/survey-rules/{id}
 *   GET  /api/v1/outbox?status=waiting|all&customer_id=, POST /api/v1/outbox/{id}/sent,
 *   POST /api/v1/outbox/{id}/retry
 *   GET  /api/v1/followups?status=&team_id=, GET/PATCH /api/v1/followups/{id}
 *
 * Plain handlers: survey traffic is light next to the case desk's. This file
 * checks the wire shape only; the rules are app/surveys.c's.
 */
#include "http/resource.h"

#include <stdlib.h>
#include <string.h>

#include "app/outbox.h"
#include "app/surveys.h"
#include "core/survey_metrics.h"
#include "http/json_in.h"
#include "http/reply.h"

/* ------------------------------------------------------------- render --- */

static void render_rule(struct http_json *j, const char *key, const struct ld_survey_rule *r)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", r->id);
	http_json_enum(j, "kind", ld_survey_kind_name(r->kind));
	http_json_str(j, "category", r->category >= 0 ? ld_category_name(r->category) : NULL);
	http_json_str(j, "channel", r->channel >= 0 ? ld_channel_name(r->channel) : NULL);
	http_json_time(j, "created_at", r->created_at);
	http_json_obj_end(j);
}

/* The questions of an open survey, in its language. */
static void render_form(struct http_json *j, const struct ld_survey *sv,
			const struct survey_form *f)
{
	http_json_obj_begin(j, NULL);
	http_json_enum(j, "kind", ld_survey_kind_name(sv->kind));
	http_json_str(j, "language", f->language);
	http_json_time(j, "expires_at", sv->expires_at);
	http_json_str(j, "title", f->title);
	http_json_str(j, "intro", f->intro);
	http_json_arr_begin(j, "questions");
	for (int i = 0; i < f->n_items; i++) {
		const struct survey_item *it = &f->items[i];
		http_json_obj_begin(j, NULL);
		http_json_str(j, "id", it->id);
		http_json_str(j, "text", it->text);
		http_json_str(j, "expected_text", it->expected_text);
		http_json_int(j, "min", it->min);
		http_json_int(j, "max", it->max);
		http_json_str(j, "min_label", it->min_label);
		http_json_str(j, "max_label", it->max_label);
		http_json_obj_end(j);
	}
	http_json_arr_end(j);
	http_json_str(j, "comment_prompt", f->comment_prompt);
	http_json_str(j, "thanks", f->thanks);
	http_json_obj_end(j);
}

/* ------------------------------------------------------------ surveys --- */

ld_status http_survey_create(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "kind", "customer_id", "case_id", "language", NULL };
	struct app_survey_new in = { .kind = -1 };
	struct app_survey_created out;
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "kind", HTTP_JSON_REQUIRED, ld_survey_kind_parse,
				     &in.kind, NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "customer_id", HTTP_JSON_REQUIRED, &in.customer_id,
				   NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "case_id", HTTP_JSON_NULLABLE, &in.case_id, NULL,
				   err)) != LD_OK ||
	    (rc = http_json_get_str(body, "language", HTTP_JSON_NULLABLE, &in.language, NULL,
				    err)) != LD_OK ||
	    (rc = app_survey_create(call->app, call->actor, &in, &out, err)) != LD_OK)
		goto out;
	http_json_init(&j, 640);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "id", out.survey.id);
	http_render_survey(&j, "survey", &out.survey);
	http_json_str(&j, "token", out.token);
	http_json_str(&j, "link", out.link);
	http_json_id(&j, "message_id", out.message_id);
	http_json_obj_end(&j);
	http_reply_json(call->res, 201, &j);
	http_set_location(call->res, "/api/v1/surveys", out.survey.id);
	ld_survey_clear(&out.survey);
out:
	json_decref(body);
	return rc;
}

ld_status http_survey_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {
		"customer_id", "case_id", "kind", "answered", "limit", "cursor", NULL,
	};
	struct store_survey_query sq = { .kind = -1, .answered = -1 };
	struct ld_survey *rows = NULL;
	struct http_query q;
	struct http_json j;
	const char *v;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &sq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "customer_id", &sq.customer_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "case_id", &sq.case_id, err)) != LD_OK)
		return rc;
	if ((v = http_query_get(&q, "kind")) != NULL && (sq.kind = ld_survey_kind_parse(v)) < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			       "kind must be csat, nps, ces or servqual");
	if ((v = http_query_get(&q, "answered")) != NULL) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return ld_fail(err, LD_ERR_INVALID, "invalid_value", "answered",
				       "answered must be true or false");
		sq.answered = strcmp(v, "true") == 0;
	}
	sq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_survey_list(call->app, call->actor, &sq, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 400);
	for (int i = 0; i < n; i++)
		http_render_survey(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	for (int i = 0; i < n; i++)
		ld_survey_clear(&rows[i]);
	free(rows);
	return rc;
}

ld_status http_survey_get(struct http_call *call, struct ld_err *err)
{
	struct ld_survey sv;
	struct http_json j;
	ld_status rc = app_survey_get(call->app, call->actor, call->ids[0], &sv, err);

	if (rc != LD_OK)
		return rc;
	http_json_init(&j, 400);
	http_render_survey(&j, NULL, &sv);
	http_reply_json(call->res, 200, &j);
	ld_survey_clear(&sv);
	return LD_OK;
}

ld_status http_survey_open(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { NULL };
	struct survey_form form;
	struct ld_survey sv;
	struct http_query q;
	struct http_json j;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK ||
	    (rc = app_survey_open(call->app, call->actor, call->key, &sv, &form, err)) != LD_OK)
		return rc;
	http_json_init(&j, 2048);
	render_form(&j, &sv, &form);
	http_reply_json(call->res, 200, &j);
	ld_survey_clear(&sv);
	return LD_OK;
}

/* Reads {"reliability": n, …} of `name` into out[] (all five required). */
static ld_status parse_dims(const json_t *body, const char *name, int out[LD_SQ_DIMS],
			    bool *present, struct ld_err *err)
{
	static const char *const dims[] = {
		"tangibles", "reliability", "responsiveness", "assurance", "empathy", NULL,
	};
	const json_t *obj = json_object_get(body, name);
	ld_status rc;

	*present = obj != NULL && !json_is_null(obj);
	if (!*present)
		return LD_OK;
	if (!json_is_object(obj))
		return ld_fail(err, LD_ERR_INVALID, "invalid_type", name,
			       "%s must be an object of the five SERVQUAL dimensions", name);
	if ((rc = http_json_check_fields(obj, dims, err)) != LD_OK)
		return rc;
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		int64_t v = 0;
		rc = http_json_get_int(obj, dims[d], HTTP_JSON_REQUIRED, 1, 7, &v, NULL, err);
		if (rc != LD_OK) {
			if (err != NULL) {
				snprintf(err->field, sizeof err->field, "%s", name);
				snprintf(err->message, sizeof err->message,
					 "%s.%s must be a whole number from 1 to 7", name, dims[d]);
				if (strcmp(err->code, "invalid_value") == 0)
					snprintf(err->code, sizeof err->code, "out_of_range");
			}
			return rc;
		}
		out[d] = (int)v;
	}
	return LD_OK;
}

ld_status http_survey_answer(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "score", "comment", "expected", "perceived", NULL };
	struct app_survey_answer in;
	struct ld_followup task;
	struct survey_form form;
	struct ld_survey sv;
	struct http_json j;
	json_t *body = NULL;
	const json_t *score;
	bool has_exp = false, has_per = false;
	ld_status rc;

	memset(&in, 0, sizeof in);
	in.score = -1;
	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK)
		goto out;
	score = json_object_get(body, "score");
	if (score != NULL && !json_is_null(score)) {
		if (!json_is_integer(score)) {
			rc = ld_fail(err, LD_ERR_INVALID, "invalid_type", "score",
				     "score must be a whole number");
			goto out;
		}
		if (json_integer_value(score) < 0 || json_integer_value(score) > 10) {
			rc = ld_fail(err, LD_ERR_INVALID, "out_of_range", "score",
				     "score must be a whole number on the survey's scale");
			goto out;
		}
		in.score = (int)json_integer_value(score);
	}
	if ((rc = http_json_get_str(body, "comment", HTTP_JSON_NULLABLE, &in.comment, NULL,
				    err)) != LD_OK ||
	    (rc = parse_dims(body, "expected", in.expected, &has_exp, err)) != LD_OK ||
	    (rc = parse_dims(body, "perceived", in.perceived, &has_per, err)) != LD_OK)
		goto out;
	if (has_exp != has_per) {
		rc = ld_fail(err, LD_ERR_INVALID, "missing_field", has_exp ? "perceived" : "expected",
			     "expected and perceived go together");
		goto out;
	}
	if ((rc = app_survey_answer(call->app, call->actor, call->key, &in, &sv, &task, err)) !=
	    LD_OK)
		goto out;
	/* The respondent's own answer and thanks: nothing internal (the case,
	 * the team, a follow-up task) reaches whoever holds the link. */
	if ((rc = survey_text_form(sv.kind, sv.language, &form, err)) != LD_OK) {
		ld_survey_clear(&sv);
		goto out;
	}
	http_json_init(&j, 512);
	http_json_obj_begin(&j, NULL);
	http_json_enum(&j, "kind", ld_survey_kind_name(sv.kind));
	http_json_str(&j, "language", sv.language);
	http_json_time(&j, "answered_at", sv.answered_at);
	if (sv.score >= 0)
		http_json_int(&j, "score", sv.score);
	else
		http_json_null(&j, "score");
	http_json_str(&j, "comment", sv.comment);
	http_json_str(&j, "thanks", form.thanks);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	ld_survey_clear(&sv);
out:
	json_decref(body);
	return rc;
}

/* -------------------------------------------------------------- rules --- */

ld_status http_survey_rule_create(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "kind", "category", "channel", NULL };
	struct ld_survey_rule r = { .kind = -1, .category = -1, .channel = -1 };
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "kind", HTTP_JSON_REQUIRED, ld_survey_kind_parse,
				     &r.kind, NULL, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "category", HTTP_JSON_NULLABLE, ld_category_parse,
				     &r.category, NULL, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "channel", HTTP_JSON_NULLABLE, ld_channel_parse,
				     &r.channel, NULL, err)) != LD_OK ||
	    (rc = app_survey_rule_create(call->app, call->actor, &r, err)) != LD_OK)
		goto out;
	http_json_init(&j, 200);
	render_rule(&j, NULL, &r);
	http_reply_json(call->res, 201, &j);
	http_set_location(call->res, "/api/v1/survey-rules", r.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_survey_rule_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { NULL };
	struct ld_survey_rule rules[APP_RULES_MAX];
	struct http_query q;
	struct http_json j;
	int n = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK ||
	    (rc = app_survey_rule_list(call->app, call->actor, rules, APP_RULES_MAX, &n, err)) !=
		    LD_OK)
		return rc;
	http_page_begin(&j, 64 + (size_t)n * 160);
	for (int i = 0; i < n; i++)
		render_rule(&j, NULL, &rules[i]);
	http_page_end(&j, false, NULL);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_survey_rule_delete(struct http_call *call, struct ld_err *err)
{
	ld_status rc = app_survey_rule_delete(call->app, call->actor, call->ids[0], err);

	if (rc == LD_OK)
		http_reply_empty(call->res, 204);
	return rc;
}

/* ------------------------------------------------------------- outbox --- */

ld_status http_outbox_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "status", "customer_id", "limit", "cursor", NULL };
	struct ld_message *rows = NULL;
	int64_t customer_id = 0;
	struct http_query q;
	struct http_json j;
	const char *status;
	bool waiting = true;
	int64_t after = 0;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK ||
	    (rc = http_query_id(&q, "customer_id", &customer_id, err)) != LD_OK)
		return rc;
	status = http_query_get(&q, "status");
	if (status != NULL && strcmp(status, "waiting") != 0 && strcmp(status, "all") != 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			       "status must be waiting or all");
	waiting = status == NULL || strcmp(status, "waiting") == 0;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_outbox_list(call->app, call->actor, waiting, customer_id, after, limit, rows,
				  &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 1200);
	for (int i = 0; i < n; i++)
		http_render_message(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	for (int i = 0; i < n; i++)
		ld_message_clear(&rows[i]);
	free(rows);
	return rc;
}

/* POST /outbox/{id}/sent and /retry: an empty body (or {}), the message as stored after `act`. */
static ld_status outbox_act(struct http_call *call,
			    ld_status (*act)(struct app *, const struct app_actor *, int64_t,
					     struct ld_message *, struct ld_err *),
			    struct ld_err *err)
{
	static const char *const fields[] = { NULL };
	struct ld_message m;
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	memset(&m, 0, sizeof m);
	if (call->req->body_len > 0 &&
	    (rc = http_body_object(call, fields, &body, err)) != LD_OK)
		goto out;
	if ((rc = act(call->app, call->actor, call->ids[0], &m, err)) != LD_OK)
		goto out;
	http_json_init(&j, 1200);
	http_render_message(&j, NULL, &m);
	http_reply_json(call->res, 200, &j);
	ld_message_clear(&m);
out:
	json_decref(body);
	return rc;
}

ld_status http_outbox_mark_sent(struct http_call *call, struct ld_err *err)
{
	return outbox_act(call, app_outbox_mark_sent, err);
}

ld_status http_outbox_retry(struct http_call *call, struct ld_err *err)
{
	return outbox_act(call, app_outbox_retry, err);
}

/* ---------------------------------------------------------- follow-ups --- */

ld_status http_followup_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {
		"status", "team_id", "customer_id", "limit", "cursor", NULL,
	};
	struct store_followup_query fq = { .status = -1 };
	struct ld_followup *rows = NULL;
	struct http_query q;
	struct http_json j;
	const char *status;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &fq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "team_id", &fq.team_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "customer_id", &fq.customer_id, err)) != LD_OK)
		return rc;
	status = http_query_get(&q, "status");
	if (status != NULL && (fq.status = ld_task_status_parse(status)) < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			       "status must be open or done");
	fq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_followup_list(call->app, call->actor, &fq, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 320);
	for (int i = 0; i < n; i++)
		http_render_followup(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_followup_get(struct http_call *call, struct ld_err *err)
{
	struct ld_followup t;
	struct http_json j;
	ld_status rc = app_followup_get(call->app, call->actor, call->ids[0], &t, err);

	if (rc != LD_OK)
		return rc;
	http_json_init(&j, 320);
	http_render_followup(&j, NULL, &t);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_followup_update(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "status", "note", NULL };
	struct ld_followup t;
	struct http_json j;
	json_t *body = NULL;
	const char *note = NULL;
	int status = -1;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "status", HTTP_JSON_REQUIRED, ld_task_status_parse,
				     &status, NULL, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "note", HTTP_JSON_NULLABLE, &note, NULL, err)) !=
		    LD_OK ||
	    (rc = app_followup_set(call->app, call->actor, call->ids[0], status, note, &t, err)) !=
		    LD_OK)
		goto out;
	http_json_init(&j, 320);
	http_render_followup(&j, NULL, &t);
	http_reply_json(call->res, 200, &j);
out:
	json_decref(body);
	return rc;
}

