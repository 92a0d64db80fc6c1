/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Teams (departments and queues) in the SQLite store: rows of table `team`.
 *
 * Owns: the SQL and the row layout of teams. created_at is set once by
 * insert and never rewritten by update.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#define TEAM_COLS "id, name, kind, calendar_id, created_at"

static ld_status team_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_team *t = out;
	struct sq_row r;

	memset(t, 0, sizeof *t);
	sq_row_start(&r, st);
	t->id = sq_col_i64(&r);
	sq_col_text(&r, t->name, sizeof t->name);
	t->kind = sq_col_enum(&r, ld_team_kind_parse, false);
	t->calendar_id = sq_col_i64(&r);
	t->created_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

ld_status sq_team_insert(struct store *store, struct ld_team *t, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = t->created_at != 0 ? t->created_at : sq_now();
	const struct sq_ref refs[] = { { SQ_T_CALENDAR, t->calendar_id, "calendar_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_TEAM_INSERT,
		     "INSERT INTO team (name, kind, calendar_id, created_at) VALUES (?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, t->name);
	sq_bind_enum(&b, ld_team_kind_name, t->kind, false, "kind");
	sq_bind_opt_i64(&b, t->calendar_id);
	sq_bind_i64(&b, created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "team", refs, 1, err)) != LD_OK)
		goto out;
	t->id = sqlite3_last_insert_rowid(s->db);
	t->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_team_get(struct store *store, int64_t id, struct ld_team *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_TEAM_GET, "SELECT " TEAM_COLS " FROM team WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "team", id, err)) != LD_OK)
		goto out;
	rc = team_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_team_update(struct store *store, const struct ld_team *t, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_CALENDAR, t->calendar_id, "calendar_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_TEAM_UPDATE,
		     "UPDATE team SET name = ?, kind = ?, calendar_id = ? WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, t->name);
	sq_bind_enum(&b, ld_team_kind_name, t->kind, false, "kind");
	sq_bind_opt_i64(&b, t->calendar_id);
	sq_bind_i64(&b, t->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "team", refs, 1, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("team", t->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_team_list(struct store *store, int64_t after_id, int limit, struct ld_team *out,
		       int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_TEAM_LIST,
		     "SELECT " TEAM_COLS " FROM team WHERE id > ? ORDER BY id LIMIT ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	rc = sq_collect(s, st, "team", out, sizeof *out, limit, n, team_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}
