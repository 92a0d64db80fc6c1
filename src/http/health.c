/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * GET /api/v1/health: liveness for load balancers and scripts, without
 * authentication: {"status":"ok","schema_version":N}.
 *
 * The check is a real round trip to this thread's store handle (the schema
 * version, app_schema_version()), so a dead database answers 503/500, not
 * "ok".
 */
#include "http/resource.h"

#include "http/reply.h"

ld_status http_health_get(struct http_call *call, struct ld_err *err)
{
	struct http_json j;
	int version = 0;
	ld_status rc = app_schema_version(call->app, &version, err);

	if (rc != LD_OK)
		return rc;
	http_json_init(&j, 64);
	http_json_obj_begin(&j, NULL);
	http_json_str(&j, "status", "ok");
	http_json_int(&j, "schema_version", version);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}
