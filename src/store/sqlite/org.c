/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Organisations in the SQLite store: rows of table `organization`.
 *
 * Owns: the SQL and the row layout of organisations. created_at is set once
 * by insert and never rewritten by update.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#define ORG_COLS "id, name, created_at"

static ld_status org_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_org *o = out;
	struct sq_row r;

	memset(o, 0, sizeof *o);
	sq_row_start(&r, st);
	o->id = sq_col_i64(&r);
	sq_col_text(&r, o->name, sizeof o->name);
	o->created_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

ld_status sq_org_insert(struct store *store, struct ld_org *o, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = o->created_at != 0 ? o->created_at : sq_now();
	ld_status rc;

	rc = sq_stmt(s, SQ_ORG_INSERT, "INSERT INTO organization (name, created_at) VALUES (?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, o->name);
	sq_bind_i64(&b, created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "org", NULL, 0, err)) != LD_OK)
		goto out;
	o->id = sqlite3_last_insert_rowid(s->db);
	o->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_org_get(struct store *store, int64_t id, struct ld_org *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_ORG_GET, "SELECT " ORG_COLS " FROM organization WHERE id = ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "org", id, err)) != LD_OK)
		goto out;
	rc = org_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_org_update(struct store *store, const struct ld_org *o, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_ORG_UPDATE, "UPDATE organization SET name = ? WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, o->name);
	sq_bind_i64(&b, o->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "org", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("org", o->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_org_list(struct store *store, int64_t after_id, int limit, struct ld_org *out,
		      int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_ORG_LIST,
		     "SELECT " ORG_COLS " FROM organization WHERE id > ? ORDER BY id LIMIT ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	rc = sq_collect(s, st, "org", out, sizeof *out, limit, n, org_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}
