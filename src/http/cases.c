/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Cases: POST/GET /api/v1/cases (?customer_id=&owner_id=&team_id=&status=
 * &limit=&cursor=), GET/PATCH /api/v1/cases/{id}, POST
 * /api/v1/cases/{id}/transfer and POST /api/v1/cases/{id}/merge.
 *
 * POST takes the case ("customer_id", "subject", "category", "priority",
 * "owner_id", "team_id", "language") and its first interaction inline
 * ("channel" required, "body", "direction", "agent_id", "facility_id",
 * "started_at", "duration_s"): a case never exists without the contact that
 * opened it. Which of these a customer account may send is app/'s rule
 * (app_case_open: 403 field_forbidden); the parser only records which
 * members the body carried.
 *
 * Concurrency: a case's ETag is its version, "\"<version>\"". PATCH honours
 * If-Match: the version goes to app_case_update as if_version, and a stale
 * one comes back as CONFLICT "case_changed", renamed here to
 * "precondition_failed" (reply.c: 412) because the client asked for the
 * check. Without If-Match, "case_changed" is a lost race: 409. An If-Match
 * that is not a version of ours can never match: 412 at once.
 *
 * The writes (create, PATCH, transfer, merge) are write routes (resource.h):
 * parse on the worker, the use case on the group-commit writer, the answer
 * rendered on the worker after the commit. Their job contexts copy the actor
 * and the path id, and own the parsed body their strings borrow from. The
 * case's SLA and effort figures are taken in the run step, inside the
 * transaction, so the reply reads nothing after the commit.
 */
#include "http/resource.h"

#include <stdlib.h>
#include <string.h>

#include "http/json_in.h"
#include "http/reply.h"

static const char *const CASE_CREATE_FIELDS[] = {
	"customer_id", "subject", "category", "priority", "owner_id", "team_id", "language",
	"channel", "body", "direction", "agent_id", "facility_id", "started_at", "duration_s",
	NULL,
};

static const char *const CASE_PATCH_FIELDS[] = {
	"subject", "category", "priority", "language", "status", "owner_id", "team_id", NULL,
};

/* ---- POST /cases ---- */

struct case_create_job {
	struct app_actor actor;         /* who asks, copied */
	json_t *body;                   /* parsed body, owned; `in` borrows its strings */
	struct app_case_open_in in;     /* the case and its first contact */
	struct http_case_view out;      /* [out] the stored case and its figures */
};

static ld_status case_create_parse(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct case_create_job *job = ctx;
	struct app_case_open_in *in = &job->in;
	ld_status rc;

	job->actor = *call->actor;
	in->category = -1;
	in->priority = -1;
	if ((rc = http_body_object(call, CASE_CREATE_FIELDS, &job->body, err)) != LD_OK ||
	    (rc = http_json_get_id(job->body, "customer_id", HTTP_JSON_REQUIRED, &in->customer_id,
				   NULL, err)) != LD_OK ||
	    (rc = http_json_get_str(job->body, "subject", HTTP_JSON_REQUIRED, &in->subject, NULL,
				    err)) != LD_OK ||
	    (rc = http_json_get_enum(job->body, "category", HTTP_JSON_NULLABLE, ld_category_parse,
				     &in->category, NULL, err)) != LD_OK ||
	    (rc = http_json_get_enum(job->body, "priority", HTTP_JSON_NULLABLE, ld_priority_parse,
				     &in->priority, &in->has_priority, err)) != LD_OK ||
	    (rc = http_json_get_id(job->body, "owner_id", HTTP_JSON_NULLABLE, &in->owner_id,
				   &in->has_owner_id, err)) != LD_OK ||
	    (rc = http_json_get_id(job->body, "team_id", HTTP_JSON_NULLABLE, &in->team_id,
				   &in->has_team_id, err)) != LD_OK ||
	    (rc = http_json_get_str(job->body, "language", HTTP_JSON_NULLABLE, &in->language, NULL,
				    err)) != LD_OK)
		return rc;
	return http_parse_interaction_in(job->body, false, false, &in->first, err);
}

static ld_status case_create_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct case_create_job *job = ctx;

	ld_status rc = app_case_open(app, &job->actor, &job->in, &job->out.c, err);

	return rc == LD_OK ? http_case_figures(app, &job->out, err) : rc;
}

static ld_status case_create_reply(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct case_create_job *job = ctx;

	(void)err;
	http_reply_case_view(call, 201, &job->out);
	http_set_location(call->res, "/api/v1/cases", job->out.c.id);
	return LD_OK;
}

static void case_create_clear(void *ctx)
{
	struct case_create_job *job = ctx;

	json_decref(job->body);
}

const struct http_write_route HTTP_CASE_CREATE = {
	sizeof(struct case_create_job), case_create_parse, case_create_run, case_create_reply,
	case_create_clear,
};

/* ---- GET /cases, GET /cases/{id} ---- */

ld_status http_case_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {
		"customer_id", "owner_id", "team_id", "status", "facility_id", "limit", "cursor", NULL,
	};
	struct store_case_query sq = {0};
	struct http_query q;
	struct http_json j;
	struct ld_case *rows = NULL;
	const char *status;
	int limit = 0, n = 0;
	ld_status rc;

	sq.status = -1;
	if ((rc = http_list_params(call, params, &q, &limit, &sq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "customer_id", &sq.customer_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "owner_id", &sq.owner_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "team_id", &sq.team_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "facility_id", &sq.facility_id, err)) != LD_OK)
		goto out;
	status = http_query_get(&q, "status");
	if (status != NULL && (sq.status = ld_case_status_parse(status)) < 0) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			     "status must be new, open, pending, resolved or closed");
		goto out;
	}
	sq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_case_list(call->app, call->actor, &sq, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 1024);
	for (int i = 0; i < n; i++) {
		if ((rc = http_render_case(&j, NULL, call->app, &rows[i], err)) != LD_OK) {
			http_json_free(&j);
			goto out;
		}
	}
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_case_get(struct http_call *call, struct ld_err *err)
{
	struct ld_case c;
	ld_status rc = app_case_get(call->app, call->actor, call->ids[0], &c, err);

	if (rc != LD_OK)
		return rc;
	return http_reply_case(call, 200, &c, err);
}

/*
 * If-Match → the version it names: absent or "*" → 0 (any). Only our own
 * strong ETags "\"<version>\"" can match; anything else → false.
 */
static bool parse_if_match(const char *h, int64_t *version)
{
	size_t len;

	*version = 0;
	if (h == NULL)
		return true;
	while (*h == ' ')
		h++;
	len = strlen(h);
	while (len > 0 && h[len - 1] == ' ')
		len--;
	if (len == 1 && h[0] == '*')
		return true;
	if (len < 3 || h[0] != '"' || h[len - 1] != '"')
		return false;
	return http_parse_id(h + 1, len - 2, version);
}

/* ---- PATCH /cases/{id} ---- */

struct case_update_job {
	struct app_actor actor;         /* who asks, copied */
	int64_t id;                     /* the case */
	json_t *body;                   /* parsed body, owned; `patch` borrows its strings */
	struct app_case_patch patch;    /* what changes */
	struct http_case_view out;      /* [out] the case after the change, with its figures */
};

static ld_status case_update_parse(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct case_update_job *job = ctx;
	struct app_case_patch *patch = &job->patch;
	ld_status rc;

	job->actor = *call->actor;
	job->id = call->ids[0];
	if ((rc = http_body_object(call, CASE_PATCH_FIELDS, &job->body, err)) != LD_OK)
		return rc;
	if (!parse_if_match(call->req->if_match, &patch->if_version))
		return ld_fail(err, LD_ERR_CONFLICT, "precondition_failed", NULL,
			       "If-Match does not name a version of this case");
	if ((rc = http_json_get_str(job->body, "subject", 0, &patch->subject, &patch->has_subject,
				    err)) != LD_OK ||
	    (rc = http_json_get_enum(job->body, "category", 0, ld_category_parse, &patch->category,
				     &patch->has_category, err)) != LD_OK ||
	    (rc = http_json_get_enum(job->body, "priority", 0, ld_priority_parse, &patch->priority,
				     &patch->has_priority, err)) != LD_OK ||
	    (rc = http_json_get_str(job->body, "language", 0, &patch->language,
				    &patch->has_language, err)) != LD_OK ||
	    (rc = http_json_get_enum(job->body, "status", 0, ld_case_status_parse, &patch->status,
				     &patch->has_status, err)) != LD_OK ||
	    (rc = http_json_get_id(job->body, "owner_id", HTTP_JSON_NULLABLE, &patch->owner_id,
				   &patch->has_owner, err)) != LD_OK)
		return rc;
	return http_json_get_id(job->body, "team_id", HTTP_JSON_NULLABLE, &patch->team_id,
				&patch->has_team, err);
}

static ld_status case_update_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct case_update_job *job = ctx;
	ld_status rc = app_case_update(app, &job->actor, job->id, &job->patch, &job->out.c, err);

	if (rc == LD_ERR_CONFLICT && job->patch.if_version != 0 &&
	    strcmp(err->code, "case_changed") == 0)
		rc = ld_fail(err, LD_ERR_CONFLICT, "precondition_failed", NULL,
			     "the case changed since the ETag in If-Match; read it again");
	return rc == LD_OK ? http_case_figures(app, &job->out, err) : rc;
}

static ld_status case_update_reply(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct case_update_job *job = ctx;

	(void)err;
	http_reply_case_view(call, 200, &job->out);
	return LD_OK;
}

static void case_update_clear(void *ctx)
{
	struct case_update_job *job = ctx;

	json_decref(job->body);
}

const struct http_write_route HTTP_CASE_UPDATE = {
	sizeof(struct case_update_job), case_update_parse, case_update_run, case_update_reply,
	case_update_clear,
};

/* ---- POST /cases/{id}/transfer ---- */

struct case_transfer_job {
	struct app_actor actor;         /* who asks, copied */
	int64_t id;                     /* the case */
	json_t *body;                   /* parsed body, owned; `note` borrows from it */
	int64_t to_agent;               /* target agent, 0 = none */
	int64_t to_team;                /* target team, 0 = none */
	const char *note;               /* handover note or NULL */
	struct http_case_view out;      /* [out] the case after the transfer, with its figures */
};

static ld_status case_transfer_parse(struct http_call *call, void *ctx, struct ld_err *err)
{
	static const char *const fields[] = {"to_agent_id", "to_team_id", "note", NULL};
	struct case_transfer_job *job = ctx;
	ld_status rc;

	job->actor = *call->actor;
	job->id = call->ids[0];
	if ((rc = http_body_object(call, fields, &job->body, err)) != LD_OK ||
	    (rc = http_json_get_id(job->body, "to_agent_id", HTTP_JSON_NULLABLE, &job->to_agent,
				   NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(job->body, "to_team_id", HTTP_JSON_NULLABLE, &job->to_team,
				   NULL, err)) != LD_OK)
		return rc;
	return http_json_get_str(job->body, "note", HTTP_JSON_NULLABLE, &job->note, NULL, err);
}

static ld_status case_transfer_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct case_transfer_job *job = ctx;

	ld_status rc = app_case_transfer(app, &job->actor, job->id, job->to_agent, job->to_team,
					 job->note, &job->out.c, err);

	return rc == LD_OK ? http_case_figures(app, &job->out, err) : rc;
}

static ld_status case_transfer_reply(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct case_transfer_job *job = ctx;

	(void)err;
	http_reply_case_view(call, 200, &job->out);
	return LD_OK;
}

static void case_transfer_clear(void *ctx)
{
	struct case_transfer_job *job = ctx;

	json_decref(job->body);
}

const struct http_write_route HTTP_CASE_TRANSFER = {
	sizeof(struct case_transfer_job), case_transfer_parse, case_transfer_run,
	case_transfer_reply, case_transfer_clear,
};

/* ---- POST /cases/{id}/merge ---- */

struct case_merge_job {
	struct app_actor actor;         /* who asks, copied */
	int64_t from;                   /* the case merged away */
	int64_t into;                   /* the case that stays */
	struct http_case_view out;      /* [out] the surviving case, with its figures */
};

static ld_status case_merge_parse(struct http_call *call, void *ctx, struct ld_err *err)
{
	static const char *const fields[] = {"into_id", NULL};
	struct case_merge_job *job = ctx;
	json_t *body = NULL;
	ld_status rc;

	job->actor = *call->actor;
	job->from = call->ids[0];
	if ((rc = http_body_object(call, fields, &body, err)) == LD_OK)
		rc = http_json_get_id(body, "into_id", HTTP_JSON_REQUIRED, &job->into, NULL, err);
	json_decref(body);
	return rc;
}

static ld_status case_merge_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct case_merge_job *job = ctx;

	ld_status rc = app_case_merge(app, &job->actor, job->from, job->into, &job->out.c, err);

	return rc == LD_OK ? http_case_figures(app, &job->out, err) : rc;
}

static ld_status case_merge_reply(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct case_merge_job *job = ctx;

	(void)err;
	http_reply_case_view(call, 200, &job->out);
	return LD_OK;
}

const struct http_write_route HTTP_CASE_MERGE = {
	sizeof(struct case_merge_job), case_merge_parse, case_merge_run, case_merge_reply, NULL,
};
