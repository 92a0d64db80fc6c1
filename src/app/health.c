/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The health check's verdict (app.h, app_health()): the schema version as a
 * round trip to the store, and whether writes fail or are about to, from
 * the store's space() — a refused write recently, or little room left.
 *
 * Must not write, take the write lock or wait for the group-commit writer:
 * on a full disk a write would fail, and behind a long batch it would make
 * a monitoring probe time out exactly when the desk needs looking at.
 *
 * Why both signals. The refused write is the truth — the desk is failing
 * its users now — but it is known only once a write has failed, and it says
 * nothing once nobody writes, so it is forgotten after APP_FULL_RECENT_S.
 * The free bytes warn before the first failure and tell when the room is
 * back, but a quota or a database at its size limit fails with room on the
 * disk. The refused write wins when both hold: it is the one users see.
 */
#include "app/internal.h"

ld_status app_health(struct app *app, struct app_health *out, struct ld_err *err)
{
	struct store_space space;
	ld_status rc;

	out->schema_version = 0;
	out->cause = NULL;
	out->free_bytes = -1;
	if ((rc = STORE_CALL(app->store, schema_version, &out->schema_version, err)) != LD_OK ||
	    (rc = STORE_CALL(app->store, space, &space, err)) != LD_OK)
		return rc;
	out->free_bytes = space.free_bytes;
	if (space.full_age_s >= 0 && space.full_age_s < APP_FULL_RECENT_S)
		out->cause = "storage_full";
	else if (app->cfg.min_free_bytes > 0 && space.free_bytes >= 0 &&
		 space.free_bytes < app->cfg.min_free_bytes)
		out->cause = "low_disk_space";
	return LD_OK;
}
