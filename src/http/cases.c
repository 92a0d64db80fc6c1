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
 * opened it.
 *
 * Concurrency: a case's ETag is its version, "\"<version>\"". PATCH honours
 * If-Match: the version goes to app_case_update as if_version, and a stale
 * one comes back as CONFLICT "case_changed", renamed here to
 * "precondition_failed" (reply.c: 412) because the client asked for the
 * check. Without If-Match, "case_changed" is a lost race: 409. An If-Match
 * that is not a version of ours can never match: 412 at once.
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

ld_status http_case_create(struct http_call *call, struct ld_err *err)
{
	struct app_case_open_in in;
	struct ld_case c;
	json_t *body = NULL;
	ld_status rc;

	memset(&in, 0, sizeof in);
	in.category = -1;
	in.priority = -1;
	if ((rc = http_body_object(call, CASE_CREATE_FIELDS, &body, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "customer_id", HTTP_JSON_REQUIRED, &in.customer_id, NULL,
				   err)) != LD_OK ||
	    (rc = http_json_get_str(body, "subject", HTTP_JSON_REQUIRED, &in.subject, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_enum(body, "category", HTTP_JSON_NULLABLE, ld_category_parse,
				     &in.category, NULL, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "priority", HTTP_JSON_NULLABLE, ld_priority_parse,
				     &in.priority, NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "owner_id", HTTP_JSON_NULLABLE, &in.owner_id, NULL,
				   err)) != LD_OK ||
	    (rc = http_json_get_id(body, "team_id", HTTP_JSON_NULLABLE, &in.team_id, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "language", HTTP_JSON_NULLABLE, &in.language, NULL,
				    err)) != LD_OK ||
	    (rc = http_parse_interaction_in(body, false, false, &in.first, err)) != LD_OK)
		goto out;
	if ((rc = app_case_open(call->app, call->actor, &in, &c, err)) != LD_OK ||
	    (rc = http_reply_case(call, 201, &c, err)) != LD_OK)
		goto out;
	http_set_location(call->res, "/api/v1/cases", c.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_case_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {
		"customer_id", "owner_id", "team_id", "status", "limit", "cursor", NULL,
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
	    (rc = http_query_id(&q, "team_id", &sq.team_id, err)) != LD_OK)
		goto out;
	status = http_query_get(&q, "status");
	if (status != NULL && (sq.status = ld_case_status_parse(status)) < 0) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			     "status must be new, open, pending, resolved or closed");
		goto out;
	}
	sq.limit = limit;
	rows = http_calloc((size_t)limit, sizeof *rows);
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

ld_status http_case_update(struct http_call *call, struct ld_err *err)
{
	struct app_case_patch patch;
	struct ld_case c;
	json_t *body = NULL;
	ld_status rc;

	memset(&patch, 0, sizeof patch);
	if ((rc = http_body_object(call, CASE_PATCH_FIELDS, &body, err)) != LD_OK)
		goto out;
	if (!parse_if_match(call->req->if_match, &patch.if_version)) {
		rc = ld_fail(err, LD_ERR_CONFLICT, "precondition_failed", NULL,
			     "If-Match does not name a version of this case");
		goto out;
	}
	if ((rc = http_json_get_str(body, "subject", 0, &patch.subject, &patch.has_subject,
				    err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "category", 0, ld_category_parse, &patch.category,
				     &patch.has_category, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "priority", 0, ld_priority_parse, &patch.priority,
				     &patch.has_priority, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "language", 0, &patch.language, &patch.has_language,
				    err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "status", 0, ld_case_status_parse, &patch.status,
				     &patch.has_status, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "owner_id", HTTP_JSON_NULLABLE, &patch.owner_id,
				   &patch.has_owner, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "team_id", HTTP_JSON_NULLABLE, &patch.team_id,
				   &patch.has_team, err)) != LD_OK)
		goto out;
	rc = app_case_update(call->app, call->actor, call->ids[0], &patch, &c, err);
	if (rc == LD_ERR_CONFLICT && patch.if_version != 0 && strcmp(err->code, "case_changed") == 0)
		rc = ld_fail(err, LD_ERR_CONFLICT, "precondition_failed", NULL,
			     "the case changed since the ETag in If-Match; read it again");
	if (rc == LD_OK)
		rc = http_reply_case(call, 200, &c, err);
out:
	json_decref(body);
	return rc;
}

ld_status http_case_transfer(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = {"to_agent_id", "to_team_id", "note", NULL};
	int64_t to_agent = 0, to_team = 0;
	const char *note = NULL;
	struct ld_case c;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "to_agent_id", HTTP_JSON_NULLABLE, &to_agent, NULL,
				   err)) != LD_OK ||
	    (rc = http_json_get_id(body, "to_team_id", HTTP_JSON_NULLABLE, &to_team, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "note", HTTP_JSON_NULLABLE, &note, NULL, err)) != LD_OK)
		goto out;
	rc = app_case_transfer(call->app, call->actor, call->ids[0], to_agent, to_team, note, &c,
			       err);
	if (rc == LD_OK)
		rc = http_reply_case(call, 200, &c, err);
out:
	json_decref(body);
	return rc;
}

ld_status http_case_merge(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = {"into_id", NULL};
	int64_t into = 0;
	struct ld_case c;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "into_id", HTTP_JSON_REQUIRED, &into, NULL, err)) != LD_OK)
		goto out;
	rc = app_case_merge(call->app, call->actor, call->ids[0], into, &c, err);
	if (rc == LD_OK)
		rc = http_reply_case(call, 200, &c, err);
out:
	json_decref(body);
	return rc;
}
