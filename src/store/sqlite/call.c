/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Integrations and calls in the SQLite store (tables `integration` and
 * `call`, migration 0011). Owns their SQL and row layout. The case of an
 * ended call is its contact's, read by a join, so a merge (which re-points
 * interactions) is seen at once.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

/* ==================================================================== *
 * Integrations
 * ==================================================================== */

#define INTEGRATION_COLS "id, name, kind, team_id, created_at, last_used_at, revoked_at"

static ld_status integration_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_integration *in = out;
	struct sq_row r;

	memset(in, 0, sizeof *in);
	sq_row_start(&r, st);
	in->id = sq_col_i64(&r);
	sq_col_text(&r, in->name, sizeof in->name);
	in->kind = sq_col_enum(&r, ld_integration_kind_parse, false);
	in->team_id = sq_col_i64(&r);
	in->created_at = sq_col_i64(&r);
	in->last_used_at = sq_col_i64(&r);
	in->revoked_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

ld_status sq_integration_insert(struct store *store, struct ld_integration *in,
				const uint8_t digest[32], struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = in->created_at != 0 ? in->created_at : sq_now();
	const struct sq_ref refs[] = { { SQ_T_TEAM, in->team_id, "team_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_INTEGRATION_INSERT,
		     "INSERT INTO integration (name, kind, token_digest, team_id, created_at)"
		     " VALUES (?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, in->name);
	sq_bind_enum(&b, ld_integration_kind_name, in->kind, false, "kind");
	sq_bind_blob(&b, digest, 32);
	sq_bind_opt_i64(&b, in->team_id);
	sq_bind_i64(&b, created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "integration", refs, 1, err)) != LD_OK)
		goto out;
	in->id = sqlite3_last_insert_rowid(s->db);
	in->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_integration_get(struct store *store, int64_t id, struct ld_integration *out,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_INTEGRATION_GET,
		     "SELECT " INTEGRATION_COLS " FROM integration WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "integration", id, err)) != LD_OK)
		goto out;
	rc = integration_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_integration_find_token(struct store *store, const uint8_t digest[32],
				    struct ld_integration *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_INTEGRATION_FIND_TOKEN,
		     "SELECT " INTEGRATION_COLS " FROM integration WHERE token_digest = ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_blob(st, 1, digest, 32, SQLITE_STATIC);
	if ((rc = sq_step_row(s, st, "integration", 0, err)) != LD_OK)
		goto out;
	rc = integration_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_integration_list(struct store *store, int64_t after_id, int limit,
			      struct ld_integration *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_INTEGRATION_LIST,
		     "SELECT " INTEGRATION_COLS " FROM integration WHERE id > ? ORDER BY id LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	rc = sq_collect(s, st, "integration", out, sizeof *out, limit, n, integration_decode,
			NULL, err);
out:
	sq_release(st);
	return rc;
}

/* Sets one time column of integration `id`; `only_once` refuses a second
 * revocation (CONFLICT "integration_revoked"). */
static ld_status integration_stamp(struct sq_store *s, enum sq_stmt slot, const char *sql,
				   int64_t id, int64_t at, bool only_once, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	bool found = false;
	ld_status rc;

	if ((rc = sq_stmt(s, slot, sql, &st, err)) != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at > 0 ? at : sq_now());
	if ((rc = sq_step_done(s, st, "integration", NULL, 0, err)) != LD_OK ||
	    sqlite3_changes(s->db) == 1)
		goto out;
	if ((rc = sq_exists(s, SQ_T_INTEGRATION, id, &found, err)) != LD_OK)
		goto out;
	rc = found && only_once ? ld_fail(err, LD_ERR_CONFLICT, "integration_revoked", NULL,
					  "this integration's token was revoked already")
	     : found ? LD_OK
		     : sq_not_found("integration", id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_integration_revoke(struct store *store, int64_t id, int64_t at, struct ld_err *err)
{
	return integration_stamp(sq_of(store), SQ_INTEGRATION_REVOKE,
				 "UPDATE integration SET revoked_at = ?2"
				 " WHERE id = ?1 AND revoked_at IS NULL",
				 id, at, true, err);
}

ld_status sq_integration_touch(struct store *store, int64_t id, int64_t at, struct ld_err *err)
{
	return integration_stamp(sq_of(store), SQ_INTEGRATION_TOUCH,
				 "UPDATE integration SET last_used_at = ?2 WHERE id = ?1", id, at,
				 false, err);
}

/* ==================================================================== *
 * Calls
 * ==================================================================== */

#define CALL_COLS                                                                         \
	"c.id, c.integration_id, c.ref, c.direction, c.number, c.customer_id,"             \
	" COALESCE(i.case_id, c.case_id), c.first_agent_id, c.agent_id, c.transfers,"      \
	" c.ivr_path, c.recording_url, c.state, c.ringing_at, c.answered_at, c.ended_at," \
	" c.interaction_id"
#define CALL_FROM " FROM call c LEFT JOIN interaction i ON i.id = c.interaction_id"

static ld_status call_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_call *c = out;
	struct sq_row r;

	memset(c, 0, sizeof *c);
	sq_row_start(&r, st);
	c->id = sq_col_i64(&r);
	c->integration_id = sq_col_i64(&r);
	sq_col_text(&r, c->ref, sizeof c->ref);
	c->direction = sq_col_enum(&r, ld_direction_parse, false);
	sq_col_text(&r, c->number, sizeof c->number);
	c->customer_id = sq_col_i64(&r);
	c->case_id = sq_col_i64(&r);
	c->first_agent_id = sq_col_i64(&r);
	c->agent_id = sq_col_i64(&r);
	c->transfers = sq_col_int(&r);
	sq_col_text(&r, c->ivr_path, sizeof c->ivr_path);
	sq_col_text(&r, c->recording_url, sizeof c->recording_url);
	c->state = sq_col_enum(&r, ld_call_state_parse, false);
	c->ringing_at = sq_col_i64(&r);
	c->answered_at = sq_col_i64(&r);
	c->ended_at = sq_col_i64(&r);
	c->interaction_id = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

/* The columns insert and update share, in this order. */
static void call_bind(struct sq_bind *b, const struct ld_call *c)
{
	sq_bind_opt_text(b, c->number);
	sq_bind_opt_i64(b, c->customer_id);
	sq_bind_opt_i64(b, c->case_id);
	sq_bind_opt_i64(b, c->first_agent_id);
	sq_bind_opt_i64(b, c->agent_id);
	sq_bind_i64(b, c->transfers);
	sq_bind_opt_text(b, c->ivr_path);
	sq_bind_opt_text(b, c->recording_url);
	sq_bind_enum(b, ld_call_state_name, c->state, false, "state");
	sq_bind_opt_i64(b, c->answered_at);
	sq_bind_opt_i64(b, c->ended_at);
	sq_bind_opt_i64(b, c->interaction_id);
}

static void call_refs(const struct ld_call *c, struct sq_ref refs[5])
{
	refs[0] = (struct sq_ref){ SQ_T_CUSTOMER, c->customer_id, "customer_id" };
	refs[1] = (struct sq_ref){ SQ_T_CASE, c->case_id, "case_id" };
	refs[2] = (struct sq_ref){ SQ_T_AGENT, c->agent_id, "agent" };
	refs[3] = (struct sq_ref){ SQ_T_AGENT, c->first_agent_id, "agent" };
	refs[4] = (struct sq_ref){ SQ_T_INTERACTION, c->interaction_id, "interaction_id" };
}

ld_status sq_call_insert(struct store *store, struct ld_call *c, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_ref refs[5];
	ld_status rc;

	if (c->direction != LD_DIR_IN && c->direction != LD_DIR_OUT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_call", "direction",
			       "a call is made or taken");
	rc = sq_stmt(s, SQ_CALL_INSERT,
		     "INSERT INTO call (number, customer_id, case_id, first_agent_id, agent_id,"
		     " transfers, ivr_path, recording_url, state, answered_at, ended_at,"
		     " interaction_id, integration_id, ref, direction, ringing_at)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	call_bind(&b, c);
	sq_bind_i64(&b, c->integration_id);
	sq_bind_text(&b, c->ref);
	sq_bind_enum(&b, ld_direction_name, c->direction, false, "direction");
	sq_bind_i64(&b, c->ringing_at > 0 ? c->ringing_at : sq_now());
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	call_refs(c, refs);
	if ((rc = sq_step_done(s, st, "call", refs, 5, err)) != LD_OK)
		goto out;
	c->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

ld_status sq_call_update(struct store *store, const struct ld_call *c, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_ref refs[5];
	ld_status rc;

	rc = sq_stmt(s, SQ_CALL_UPDATE,
		     "UPDATE call SET number = ?, customer_id = ?, case_id = ?, first_agent_id = ?,"
		     " agent_id = ?, transfers = ?, ivr_path = ?, recording_url = ?, state = ?,"
		     " answered_at = ?, ended_at = ?, interaction_id = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	call_bind(&b, c);
	sq_bind_i64(&b, c->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	call_refs(c, refs);
	if ((rc = sq_step_done(s, st, "call", refs, 5, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) != 1)
		rc = sq_not_found("call", c->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_call_get(struct store *store, int64_t id, struct ld_call *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_CALL_GET, "SELECT " CALL_COLS CALL_FROM " WHERE c.id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "call", id, err)) != LD_OK)
		goto out;
	rc = call_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_call_find(struct store *store, int64_t integration_id, const char *ref,
		       struct ld_call *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_CALL_FIND,
		     "SELECT " CALL_COLS CALL_FROM " WHERE c.integration_id = ? AND c.ref = ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, integration_id);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	if ((rc = sq_step_row(s, st, "call", 0, err)) != LD_OK)
		goto out;
	rc = call_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_call_list(struct store *store, const struct store_call_query *q, struct ld_call *out,
		       int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	/* A customer's calls through call_customer_idx (the export, their
	 * history); the rest by id, filtered. */
	if (q->customer_id != 0)
		rc = sq_stmt(s, SQ_CALL_LIST_CUSTOMER,
			     "SELECT " CALL_COLS CALL_FROM " WHERE c.customer_id = ?2 AND c.id > ?1"
			     " AND (?3 = '' OR c.state = ?3)"
			     " AND (?4 = 0 OR COALESCE(i.case_id, c.case_id) = ?4)"
			     " ORDER BY c.id LIMIT ?5",
			     &st, err);
	else
		rc = sq_stmt(s, SQ_CALL_LIST,
			     "SELECT " CALL_COLS CALL_FROM " WHERE c.id > ?1 AND ?2 = 0"
			     " AND (?3 = '' OR c.state = ?3)"
			     " AND (?4 = 0 OR COALESCE(i.case_id, c.case_id) = ?4)"
			     " ORDER BY c.id LIMIT ?5",
			     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, q->after_id);
	sq_bind_i64(&b, q->customer_id);
	sq_bind_filter_enum(&b, ld_call_state_name, q->state, "state");
	sq_bind_i64(&b, q->case_id);
	sq_bind_i64(&b, q->limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "call", out, sizeof *out, q->limit, n, call_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_call_list_stale(struct store *store, int64_t before, int limit, struct ld_call *out,
			     int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	/* call_open_idx: the calls not ended, by when they rang. */
	rc = sq_stmt(s, SQ_CALL_LIST_STALE,
		     "SELECT " CALL_COLS CALL_FROM " WHERE c.state <> 'ended' AND c.ringing_at < ?"
		     " ORDER BY c.ringing_at, c.id LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int(st, 2, limit);
	rc = sq_collect(s, st, "call", out, sizeof *out, limit, n, call_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}
