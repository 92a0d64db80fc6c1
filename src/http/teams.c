/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Teams: POST/GET /api/v1/teams, GET/PATCH /api/v1/teams/{id}.
 * Body fields: "name", "kind" (department|queue, default department),
 * "calendar_id" (null = 24/7).
 */
#include "http/resource.h"

#include <stdlib.h>

#include "http/json_in.h"
#include "http/reply.h"

static const char *const TEAM_FIELDS[] = {"name", "kind", "calendar_id", NULL};

static void reply_team(struct http_call *call, int http_code, const struct ld_team *t)
{
	struct http_json j;

	http_json_init(&j, 256);
	http_render_team(&j, NULL, t);
	http_reply_json(call->res, http_code, &j);
}

/* Applies the body to `t`; `creating` makes "name" required. */
static ld_status parse_team(const json_t *body, bool creating, struct ld_team *t,
			    struct ld_err *err)
{
	ld_status rc;

	if ((rc = http_json_get_text(body, "name", creating ? HTTP_JSON_REQUIRED : 0, t->name,
				     LD_NAME_MAX, NULL, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "kind", 0, ld_team_kind_parse, &t->kind, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_id(body, "calendar_id", HTTP_JSON_NULLABLE, &t->calendar_id, NULL,
				   err)) != LD_OK)
		return rc;
	return LD_OK;
}

ld_status http_team_create(struct http_call *call, struct ld_err *err)
{
	struct ld_team t = {0};
	json_t *body = NULL;
	ld_status rc;

	t.kind = LD_TEAM_DEPARTMENT;
	if ((rc = http_body_object(call, TEAM_FIELDS, &body, err)) != LD_OK ||
	    (rc = parse_team(body, true, &t, err)) != LD_OK ||
	    (rc = app_team_create(call->app, call->actor, &t, err)) != LD_OK)
		goto out;
	reply_team(call, 201, &t);
	http_set_location(call->res, "/api/v1/teams", t.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_team_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {"limit", "cursor", NULL};
	struct http_query q;
	struct http_json j;
	struct ld_team *rows = NULL;
	int64_t after;
	int limit, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		goto out;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_team_list(call->app, call->actor, after, limit, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 128);
	for (int i = 0; i < n; i++)
		http_render_team(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_team_get(struct http_call *call, struct ld_err *err)
{
	struct ld_team t;
	ld_status rc = app_team_get(call->app, call->actor, call->ids[0], &t, err);

	if (rc == LD_OK)
		reply_team(call, 200, &t);
	return rc;
}

ld_status http_team_update(struct http_call *call, struct ld_err *err)
{
	struct ld_team t;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, TEAM_FIELDS, &body, err)) != LD_OK ||
	    (rc = app_team_get(call->app, call->actor, call->ids[0], &t, err)) != LD_OK ||
	    (rc = parse_team(body, false, &t, err)) != LD_OK ||
	    (rc = app_team_update(call->app, call->actor, &t, err)) != LD_OK)
		goto out;
	reply_team(call, 200, &t);
out:
	json_decref(body);
	return rc;
}
