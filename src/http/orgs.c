/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Organisations: POST/GET /api/v1/organizations, GET/PATCH
 * /api/v1/organizations/{id}. Body fields: "name".
 */
#include "http/resource.h"

#include <stdlib.h>

#include "http/json_in.h"
#include "http/reply.h"

static const char *const ORG_FIELDS[] = {"name", NULL};

static void reply_org(struct http_call *call, int http_code, const struct ld_org *o)
{
	struct http_json j;

	http_json_init(&j, 256);
	http_render_org(&j, NULL, o);
	http_reply_json(call->res, http_code, &j);
}

ld_status http_org_create(struct http_call *call, struct ld_err *err)
{
	struct ld_org o = {0};
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, ORG_FIELDS, &body, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "name", HTTP_JSON_REQUIRED, o.name, LD_NAME_MAX, NULL,
				     err)) != LD_OK)
		goto out;
	if ((rc = app_org_create(call->app, call->actor, &o, err)) != LD_OK)
		goto out;
	reply_org(call, 201, &o);
	http_set_location(call->res, "/api/v1/organizations", o.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_org_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {"limit", "cursor", NULL};
	struct http_query q;
	struct http_json j;
	struct ld_org *rows = NULL;
	int64_t after;
	int limit, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		goto out;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_org_list(call->app, call->actor, after, limit, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 96);
	for (int i = 0; i < n; i++)
		http_render_org(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_org_get(struct http_call *call, struct ld_err *err)
{
	struct ld_org o;
	ld_status rc = app_org_get(call->app, call->actor, call->ids[0], &o, err);

	if (rc == LD_OK)
		reply_org(call, 200, &o);
	return rc;
}

ld_status http_org_update(struct http_call *call, struct ld_err *err)
{
	struct ld_org o;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, ORG_FIELDS, &body, err)) != LD_OK ||
	    (rc = app_org_get(call->app, call->actor, call->ids[0], &o, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "name", 0, o.name, LD_NAME_MAX, NULL, err)) != LD_OK ||
	    (rc = app_org_update(call->app, call->actor, &o, err)) != LD_OK)
		goto out;
	reply_org(call, 200, &o);
out:
	json_decref(body);
	return rc;
}
