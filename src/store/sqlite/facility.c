/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Facilities (branches customers visit) in the SQLite store: rows of table
 * `facility`.
 *
 * Owns: the SQL and the row layout of facilities. created_at is set once by
 * insert and never rewritten by update.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#define FACILITY_COLS "id, name, address, hours, tz, created_at"

static ld_status facility_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_facility *f = out;
	struct sq_row r;

	memset(f, 0, sizeof *f);
	sq_row_start(&r, st);
	f->id = sq_col_i64(&r);
	sq_col_text(&r, f->name, sizeof f->name);
	sq_col_text(&r, f->address, sizeof f->address);
	sq_col_text(&r, f->hours, sizeof f->hours);
	sq_col_text(&r, f->tz, sizeof f->tz);
	f->created_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

/* Binds name, address, hours, tz: the fields insert and update share. */
static void facility_bind(struct sq_bind *b, const struct ld_facility *f)
{
	sq_bind_text(b, f->name);
	sq_bind_opt_text(b, f->address);
	sq_bind_opt_text(b, f->hours);
	sq_bind_opt_text(b, f->tz);
}

ld_status sq_facility_insert(struct store *store, struct ld_facility *f, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = f->created_at != 0 ? f->created_at : sq_now();
	ld_status rc;

	rc = sq_stmt(s, SQ_FACILITY_INSERT,
		     "INSERT INTO facility (name, address, hours, tz, created_at)"
		     " VALUES (?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	facility_bind(&b, f);
	sq_bind_i64(&b, created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "facility", NULL, 0, err)) != LD_OK)
		goto out;
	f->id = sqlite3_last_insert_rowid(s->db);
	f->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_facility_get(struct store *store, int64_t id, struct ld_facility *out,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_FACILITY_GET, "SELECT " FACILITY_COLS " FROM facility WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "facility", id, err)) != LD_OK)
		goto out;
	rc = facility_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_facility_update(struct store *store, const struct ld_facility *f,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_FACILITY_UPDATE,
		     "UPDATE facility SET name = ?, address = ?, hours = ?, tz = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	facility_bind(&b, f);
	sq_bind_i64(&b, f->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "facility", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("facility", f->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_facility_list(struct store *store, int64_t after_id, int limit,
			   struct ld_facility *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_FACILITY_LIST,
		     "SELECT " FACILITY_COLS " FROM facility WHERE id > ? ORDER BY id LIMIT ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	rc = sq_collect(s, st, "facility", out, sizeof *out, limit, n, facility_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}
