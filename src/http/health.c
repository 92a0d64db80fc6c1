/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * GET /api/v1/health: liveness for load balancers and scripts, without
 * authentication:
 *
 *   {"status":"ok"|"degraded","schema_version":N,
 *    "cause":null|"storage_full"|"low_disk_space","free_bytes":N|null}
 *
 * The check is a real round trip to this thread's store handle (the schema
 * version, in app_health()), so a dead database answers 503/500, not "ok".
 * "degraded" means writes fail (a write was refused for lack of room
 * recently) or are about to (little room left on the database's
 * filesystem); `cause` says which (app.h), `free_bytes` how much room there
 * is when the filesystem says. Nothing here writes, so it answers on a full
 * disk too.
 *
 * Degraded is still 200. A desk with a full disk still serves every read —
 * agents can look up customers and cases — and with one SQLite file there is
 * no other node to send them to: a 503 would make a load balancer take away
 * the reads too, and on a shared store every node is full at once. Monitors
 * alert on the body's `status`; a balancer that checks the code keeps
 * sending traffic, and writes answer 507 until there is room.
 */
#include "http/resource.h"

#include "http/reply.h"

ld_status http_health_get(struct http_call *call, struct ld_err *err)
{
	struct app_health h;
	struct http_json j;
	ld_status rc = app_health(call->app, &h, err);

	if (rc != LD_OK)
		return rc;
	http_json_init(&j, 128);
	http_json_obj_begin(&j, NULL);
	http_json_str(&j, "status", h.cause == NULL ? "ok" : "degraded");
	http_json_int(&j, "schema_version", h.schema_version);
	http_json_str(&j, "cause", h.cause);
	if (h.free_bytes >= 0)
		http_json_int(&j, "free_bytes", h.free_bytes);
	else
		http_json_null(&j, "free_bytes");
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}
