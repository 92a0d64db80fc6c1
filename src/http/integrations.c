/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Integrations (app/calls.h), admins only: POST/GET /api/v1/integrations,
 * GET /api/v1/integrations/{id}, POST /api/v1/integrations/{id}/revoke.
 * Body of a new one: "name", "kind" ("cti"), "team_id" (where its new cases
 * go, optional). The answer to POST carries the token, once.
 */
#include "http/resource.h"

#include <stdlib.h>

#include "app/calls.h"
#include "http/json_in.h"
#include "http/reply.h"

static void render_integration(struct http_json *j, const char *key,
			       const struct ld_integration *in, const char *token)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", in->id);
	http_json_str(j, "name", in->name);
	http_json_enum(j, "kind", ld_integration_kind_name(in->kind));
	http_json_id(j, "team_id", in->team_id);
	http_json_time(j, "created_at", in->created_at);
	http_json_time(j, "last_used_at", in->last_used_at);
	http_json_time(j, "revoked_at", in->revoked_at);
	if (token != NULL)
		http_json_str(j, "token", token);
	http_json_obj_end(j);
}

static void reply_integration(struct http_call *call, int code, const struct ld_integration *in,
			      const char *token)
{
	struct http_json j;

	http_json_init(&j, 512);
	render_integration(&j, NULL, in, token);
	http_reply_json(call->res, code, &j);
}

ld_status http_integration_create(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "name", "kind", "team_id", NULL };
	struct ld_integration in = { 0 };
	char token[APP_TOKEN_LEN + 1];
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "name", HTTP_JSON_REQUIRED, in.name, LD_NAME_MAX, NULL,
				     err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "kind", HTTP_JSON_REQUIRED, ld_integration_kind_parse,
				     &in.kind, NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "team_id", HTTP_JSON_NULLABLE, &in.team_id, NULL, err)) !=
		    LD_OK ||
	    (rc = app_integration_create(call->app, call->actor, &in, token, err)) != LD_OK)
		goto out;
	reply_integration(call, 201, &in, token);
	http_set_location(call->res, "/api/v1/integrations", in.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_integration_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "limit", "cursor", NULL };
	struct ld_integration *rows = NULL;
	struct http_query q;
	struct http_json j;
	int64_t after;
	int limit, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		return rc;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_integration_list(call->app, call->actor, after, limit, rows, &n, err)) !=
	    LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 256);
	for (int i = 0; i < n; i++)
		render_integration(&j, NULL, &rows[i], NULL);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_integration_get(struct http_call *call, struct ld_err *err)
{
	struct ld_integration in;
	ld_status rc = app_integration_get(call->app, call->actor, call->ids[0], &in, err);

	if (rc == LD_OK)
		reply_integration(call, 200, &in, NULL);
	return rc;
}

ld_status http_integration_revoke(struct http_call *call, struct ld_err *err)
{
	struct ld_integration in;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, (const char *const[]){ NULL }, &body, err)) != LD_OK ||
	    (rc = app_integration_revoke(call->app, call->actor, call->ids[0], &in, err)) != LD_OK)
		goto out;
	reply_integration(call, 200, &in, NULL);
out:
	json_decref(body);
	return rc;
}
