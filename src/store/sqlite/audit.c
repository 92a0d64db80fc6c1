/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The audit log in the SQLite store: the append-only table `audit`.
 *
 * Owns: writing an audit row and counting rows by action. Nothing updates or
 * deletes audit rows; triggers in 0001_init.sql refuse it. The detail, when
 * given, must be JSON text (the schema checks it with json_valid()).
 */
#include "store/sqlite/sqlite_store.h"

ld_status sq_audit_insert(struct store *store, const struct store_audit *a, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_AGENT, a->actor_id, "actor_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_AUDIT_INSERT,
		     "INSERT INTO audit (actor_id, action, object, at, detail) VALUES (?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_opt_i64(&b, a->actor_id);
	sq_bind_text(&b, a->action);
	sq_bind_opt_text(&b, a->object);
	sq_bind_i64(&b, a->at != 0 ? a->at : sq_now());
	sq_bind_opt_text(&b, a->detail);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_step_done(s, st, "audit", refs, 1, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_audit_count(struct store *store, const char *action, int64_t *count,
			 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	*count = 0;
	rc = sq_stmt(s, SQ_AUDIT_COUNT, "SELECT count(*) FROM audit WHERE action = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, action);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "audit", 0, err)) != LD_OK)
		goto out;
	*count = sqlite3_column_int64(st, 0);
out:
	sq_release(st);
	return rc;
}
