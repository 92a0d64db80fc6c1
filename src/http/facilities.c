/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Facilities (branches where customers come face to face): POST/GET
 * /api/v1/facilities, GET/PATCH /api/v1/facilities/{id}.
 * Body fields: "name", "address", "hours", "tz" (IANA zone). Every account
 * reads them, customers included (the app layer decides: reads are open,
 * writes are for admins and managers).
 */
#include "http/resource.h"

#include <stdlib.h>

#include "http/json_in.h"
#include "http/reply.h"

static const char *const FACILITY_FIELDS[] = {"name", "address", "hours", "tz", NULL};

static void reply_facility(struct http_call *call, int http_code, const struct ld_facility *f)
{
	struct http_json j;

	http_json_init(&j, 512);
	http_render_facility(&j, NULL, f);
	http_reply_json(call->res, http_code, &j);
}

static ld_status parse_facility(const json_t *body, bool creating, struct ld_facility *f,
				struct ld_err *err)
{
	ld_status rc;

	if ((rc = http_json_get_text(body, "name", creating ? HTTP_JSON_REQUIRED : 0, f->name,
				     LD_NAME_MAX, NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "address", HTTP_JSON_NULLABLE, f->address,
				     LD_ADDRESS_MAX, NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "hours", HTTP_JSON_NULLABLE, f->hours, LD_HOURS_MAX,
				     NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "tz", 0, f->tz, LD_TZ_MAX, NULL, err)) != LD_OK)
		return rc;
	return LD_OK;
}

ld_status http_facility_create(struct http_call *call, struct ld_err *err)
{
	struct ld_facility f = {0};
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, FACILITY_FIELDS, &body, err)) != LD_OK ||
	    (rc = parse_facility(body, true, &f, err)) != LD_OK ||
	    (rc = app_facility_create(call->app, call->actor, &f, err)) != LD_OK)
		goto out;
	reply_facility(call, 201, &f);
	http_set_location(call->res, "/api/v1/facilities", f.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_facility_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {"limit", "cursor", NULL};
	struct http_query q;
	struct http_json j;
	struct ld_facility *rows = NULL;
	int64_t after;
	int limit, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		goto out;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_facility_list(call->app, call->actor, after, limit, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 256);
	for (int i = 0; i < n; i++)
		http_render_facility(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_facility_get(struct http_call *call, struct ld_err *err)
{
	struct ld_facility f;
	ld_status rc = app_facility_get(call->app, call->actor, call->ids[0], &f, err);

	if (rc == LD_OK)
		reply_facility(call, 200, &f);
	return rc;
}

ld_status http_facility_update(struct http_call *call, struct ld_err *err)
{
	struct ld_facility f;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, FACILITY_FIELDS, &body, err)) != LD_OK ||
	    (rc = app_facility_get(call->app, call->actor, call->ids[0], &f, err)) != LD_OK ||
	    (rc = parse_facility(body, false, &f, err)) != LD_OK ||
	    (rc = app_facility_update(call->app, call->actor, &f, err)) != LD_OK)
		goto out;
	reply_facility(call, 200, &f);
out:
	json_decref(body);
	return rc;
}
