/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Interactions in the SQLite store: the append-only table `interaction`.
 *
 * Owns: the SQL and row layout of interactions, the two orders they are read
 * in (a case's in time order, a customer's timeline newest first) and the
 * re-pointing of a merged case's interactions. Nothing here updates or
 * deletes an interaction otherwise; triggers in 0001_init.sql refuse it.
 *
 * Order and cursors. Interactions are ordered by (started_at, id): a phone
 * call logged after the fact has a later id but an earlier start, so id
 * alone is not time order. The case list pages after the row `after_id`
 * by comparing the pair; the timeline pages before an explicit
 * (started_at, id) cursor. Both are index range scans
 * (interaction_case_idx, interaction_customer_idx).
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#define INTERACTION_COLS                                                                \
	"id, case_id, customer_id, channel, direction, kind, agent_id, facility_id,"    \
	" started_at, duration_s, body, sentiment, to_agent_id, to_team_id, status_to"

static ld_status interaction_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_interaction *it = out;
	struct sq_row r;
	ld_status rc;

	memset(it, 0, sizeof *it);
	sq_row_start(&r, st);
	it->id = sq_col_i64(&r);
	it->case_id = sq_col_i64(&r);
	it->customer_id = sq_col_i64(&r);
	it->channel = sq_col_enum(&r, ld_channel_parse, false);
	it->direction = sq_col_enum(&r, ld_direction_parse, false);
	it->kind = sq_col_enum(&r, ld_ikind_parse, false);
	it->agent_id = sq_col_i64(&r);
	it->facility_id = sq_col_i64(&r);
	it->started_at = sq_col_i64(&r);
	it->duration_s = sq_col_int(&r);
	it->body = sq_col_strdup(&r);
	it->sentiment = sq_col_opt_double(&r);
	it->to_agent_id = sq_col_i64(&r);
	it->to_team_id = sq_col_i64(&r);
	it->status_to = sq_col_enum(&r, ld_case_status_parse, true);
	if ((rc = sq_row_check(&r, err)) != LD_OK)
		ld_interaction_clear(it);
	return rc;
}

static void interaction_clear(void *it)
{
	ld_interaction_clear(it);
}

/* [out] *customer_id of case `case_id`; LD_ERR_NOT_FOUND when no such case. */
static ld_status case_customer(struct sq_store *s, int64_t case_id, int64_t *customer_id,
			       struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_INTERACTION_CASE_CUSTOMER, "SELECT customer_id FROM ticket WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, case_id);
	if ((rc = sq_step_row(s, st, "case", case_id, err)) != LD_OK)
		goto out;
	*customer_id = sqlite3_column_int64(st, 0);
out:
	sq_release(st);
	return rc;
}

ld_status sq_interaction_insert(struct store *store, struct ld_interaction *it,
				struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t customer_id = it->customer_id;
	int64_t started_at = it->started_at != 0 ? it->started_at : sq_now();
	struct sq_ref refs[] = {
		{ SQ_T_CASE, it->case_id, "case_id" },
		{ SQ_T_CUSTOMER, it->customer_id, "customer_id" },
		{ SQ_T_AGENT, it->agent_id, "agent_id" },
		{ SQ_T_FACILITY, it->facility_id, "facility_id" },
		{ SQ_T_AGENT, it->to_agent_id, "to_agent_id" },
		{ SQ_T_TEAM, it->to_team_id, "to_team_id" },
	};
	ld_status rc;

	/* Denormalised from the case when the caller left it out. */
	if (customer_id == 0) {
		if ((rc = case_customer(s, it->case_id, &customer_id, err)) != LD_OK)
			return rc;
		refs[1].id = customer_id;
	}
	rc = sq_stmt(s, SQ_INTERACTION_INSERT,
		     "INSERT INTO interaction (case_id, customer_id, channel, direction, kind,"
		     " agent_id, facility_id, started_at, duration_s, body, sentiment,"
		     " to_agent_id, to_team_id, status_to)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_opt_i64(&b, it->case_id);
	sq_bind_opt_i64(&b, customer_id);
	sq_bind_enum(&b, ld_channel_name, it->channel, false, "channel");
	sq_bind_enum(&b, ld_direction_name, it->direction, false, "direction");
	sq_bind_enum(&b, ld_ikind_name, it->kind, false, "kind");
	sq_bind_opt_i64(&b, it->agent_id);
	sq_bind_opt_i64(&b, it->facility_id);
	sq_bind_i64(&b, started_at);
	sq_bind_opt_i64(&b, it->duration_s);
	sq_bind_opt_text(&b, it->body);
	sq_bind_opt_double(&b, it->sentiment);
	sq_bind_opt_i64(&b, it->to_agent_id);
	sq_bind_opt_i64(&b, it->to_team_id);
	sq_bind_enum(&b, ld_case_status_name, it->status_to, true, "status_to");
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "interaction", refs, sizeof refs / sizeof refs[0], err)) !=
	    LD_OK)
		goto out;
	it->id = sqlite3_last_insert_rowid(s->db);
	it->customer_id = customer_id;
	it->started_at = started_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_interaction_list_case(struct store *store, int64_t case_id, int64_t after_id,
				   int limit, bool public_only, struct ld_interaction *out, int *n,
				   struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	if (after_id == 0)
		rc = sq_stmt(s, SQ_INTERACTION_LIST_CASE_FIRST,
			     "SELECT " INTERACTION_COLS " FROM interaction WHERE case_id = ?"
			     " AND (? = 0 OR direction <> 'internal')"
			     " ORDER BY started_at, id LIMIT ?",
			     &st, err);
	else
		rc = sq_stmt(s, SQ_INTERACTION_LIST_CASE_AFTER,
			     "SELECT " INTERACTION_COLS " FROM interaction WHERE case_id = ?"
			     " AND (started_at, id) >"
			     " (SELECT started_at, id FROM interaction WHERE id = ?)"
			     " AND (? = 0 OR direction <> 'internal')"
			     " ORDER BY started_at, id LIMIT ?",
			     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, case_id);
	if (after_id != 0)
		sq_bind_i64(&b, after_id);
	sq_bind_bool(&b, public_only);
	sq_bind_i64(&b, limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "interaction", out, sizeof *out, limit, n, interaction_decode,
			interaction_clear, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_interaction_timeline(struct store *store, int64_t customer_id,
				  const struct store_timeline_cursor *cur, int limit, bool public_only,
				  struct ld_interaction *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	bool first = cur == NULL || (cur->started_at == 0 && cur->id == 0);
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	if (first)
		rc = sq_stmt(s, SQ_INTERACTION_TIMELINE_FIRST,
			     "SELECT " INTERACTION_COLS " FROM interaction WHERE customer_id = ?"
			     " AND (? = 0 OR direction <> 'internal')"
			     " ORDER BY started_at DESC, id DESC LIMIT ?",
			     &st, err);
	else
		rc = sq_stmt(s, SQ_INTERACTION_TIMELINE_AFTER,
			     "SELECT " INTERACTION_COLS " FROM interaction WHERE customer_id = ?"
			     " AND (started_at, id) < (?, ?) AND (? = 0 OR direction <> 'internal')"
			     " ORDER BY started_at DESC, id DESC LIMIT ?",
			     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, customer_id);
	if (!first) {
		sq_bind_i64(&b, cur->started_at);
		sq_bind_i64(&b, cur->id);
	}
	sq_bind_bool(&b, public_only);
	sq_bind_i64(&b, limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "interaction", out, sizeof *out, limit, n, interaction_decode,
			interaction_clear, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_interaction_move_case(struct store *store, int64_t from_id, int64_t into_id,
				   struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	bool found = false;
	const struct sq_ref refs[] = { { SQ_T_CASE, into_id, "into_id" } };
	ld_status rc;

	if (from_id == into_id)
		return ld_fail(err, LD_ERR_INVALID, "same_case", "into_id",
			       "a case cannot be merged into itself");
	if ((rc = sq_exists(s, SQ_T_CASE, from_id, &found, err)) != LD_OK)
		return rc;
	if (!found)
		return ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", "from_id",
			       "case %lld not found", (long long)from_id);
	if ((rc = sq_exists(s, SQ_T_CASE, into_id, &found, err)) != LD_OK)
		return rc;
	if (!found)
		return ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", "into_id",
			       "case %lld not found", (long long)into_id);
	rc = sq_stmt(s, SQ_INTERACTION_MOVE_CASE,
		     "UPDATE interaction SET case_id = ? WHERE case_id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, into_id);
	sq_bind_i64(&b, from_id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_step_done(s, st, "interaction", refs, 1, err);
out:
	sq_release(st);
	return rc;
}
