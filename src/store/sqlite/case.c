/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Cases in the SQLite store: rows of table `ticket` ("case" is an SQL
 * keyword), each holding the case fields, its SLA state and its effort state.
 *
 * Owns: the SQL and row layout of cases, the packing of the effort handler
 * list, and optimistic concurrency. Must not compute SLA or effort (core/).
 *
 * Optimistic concurrency: every row has a version, 1 at insert. An update
 * names the version it was based on (UPDATE … WHERE id = ? AND version = ?)
 * and stores version + 1. When no row matched, a second look tells a missing
 * case (LD_ERR_NOT_FOUND) from a stale one (LD_ERR_CONFLICT "case_changed"):
 * someone else wrote the case since the caller read it.
 *
 * effort_handlers holds struct effort_state.handlers[0..handlers_len) as
 * little-endian int64s, so the blob reads the same on every machine.
 *
 * case_count of the customer is a derived figure (rollup.c), not written here.
 */
#include "store/sqlite/sqlite_store.h"

#include <stdio.h>
#include <string.h>

/* Every column but id and version, in bind and decode order. */
#define CASE_FIELDS                                                                        \
	"customer_id, subject, category, status, priority, owner_id, team_id, language,"   \
	" created_at, updated_at, first_response_at, resolved_at, reopen_count,"           \
	" merged_into_id, sla_policy_id, sla_first_response_due, sla_resolution_due,"      \
	" sla_paused_at, sla_first_response_breached, sla_resolution_breached,"            \
	" effort_contacts, effort_repeat_contacts, effort_transfers,"                      \
	" effort_channel_switches, effort_re_explanations, effort_robot_only,"             \
	" effort_reopens, effort_opened_at, effort_resolved_at, effort_last_in_channel,"   \
	" effort_owner_id, effort_reexplain_armed, effort_repeat_case, effort_bot_pending," \
	" effort_handlers, first_channel, effort_web_phone, effort_score, effort_band,"     \
	" fcr_prev_gap, fcr_next_gap"
#define CASE_FIELD_PARAMS                                                                  \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?," \
	" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define CASE_COLS "id, version, " CASE_FIELDS

#define HANDLERS_BYTES (EFFORT_HANDLERS_MAX * 8)

/* ====================================================================
 * Rows
 * ==================================================================== */

static void handlers_pack(const struct effort_state *e, uint8_t out[HANDLERS_BYTES])
{
	for (int i = 0; i < e->handlers_len; i++) {
		uint64_t v = (uint64_t)e->handlers[i];
		for (int byte = 0; byte < 8; byte++)
			out[i * 8 + byte] = (uint8_t)(v >> (8 * byte));
	}
}

/* False when the blob is not a whole number of ids or holds too many. */
static bool handlers_unpack(const uint8_t *blob, int len, struct effort_state *e)
{
	if (len < 0 || len % 8 != 0 || len > HANDLERS_BYTES || (len > 0 && blob == NULL))
		return false;
	e->handlers_len = len / 8;
	for (int i = 0; i < e->handlers_len; i++) {
		uint64_t v = 0;
		for (int byte = 7; byte >= 0; byte--)
			v = (v << 8) | blob[i * 8 + byte];
		e->handlers[i] = (int64_t)v;
	}
	return true;
}

static ld_status case_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_case *c = out;
	struct effort_state *e = &c->effort;
	struct sq_row r;
	const void *blob;
	int blob_len = 0;
	ld_status rc;

	memset(c, 0, sizeof *c);
	sq_row_start(&r, st);
	c->id = sq_col_i64(&r);
	c->version = sq_col_i64(&r);
	c->customer_id = sq_col_i64(&r);
	sq_col_text(&r, c->subject, sizeof c->subject);
	c->category = sq_col_enum(&r, ld_category_parse, false);
	c->status = sq_col_enum(&r, ld_case_status_parse, false);
	c->priority = sq_col_enum(&r, ld_priority_parse, false);
	c->owner_id = sq_col_i64(&r);
	c->team_id = sq_col_i64(&r);
	sq_col_text(&r, c->language, sizeof c->language);
	c->created_at = sq_col_i64(&r);
	c->updated_at = sq_col_i64(&r);
	c->first_response_at = sq_col_i64(&r);
	c->resolved_at = sq_col_i64(&r);
	c->reopen_count = sq_col_int(&r);
	c->merged_into_id = sq_col_i64(&r);
	c->sla.policy_id = sq_col_i64(&r);
	c->sla.first_response_due = sq_col_i64(&r);
	c->sla.resolution_due = sq_col_i64(&r);
	c->sla.paused_at = sq_col_i64(&r);
	c->sla.first_response_breached = sq_col_bool(&r);
	c->sla.resolution_breached = sq_col_bool(&r);
	e->contacts = sq_col_int(&r);
	e->repeat_contacts = sq_col_int(&r);
	e->transfers = sq_col_int(&r);
	e->channel_switches = sq_col_int(&r);
	e->re_explanations = sq_col_int(&r);
	e->robot_only = sq_col_int(&r);
	e->reopens = sq_col_int(&r);
	e->opened_at = sq_col_i64(&r);
	e->resolved_at = sq_col_i64(&r);
	e->last_in_channel = sq_col_enum(&r, ld_channel_parse, true);
	e->owner_id = sq_col_i64(&r);
	e->reexplain_armed = sq_col_bool(&r);
	e->repeat_case = sq_col_bool(&r);
	e->bot_pending = sq_col_int(&r);
	blob = sq_col_blob(&r, &blob_len);
	c->first_channel = sq_col_enum(&r, ld_channel_parse, true);
	e->web_phone_switches = sq_col_int(&r);
	c->effort_score = sq_col_opt_double(&r);
	c->effort_band = sq_col_enum(&r, effort_band_parse, false);
	c->fcr_has_prev = sqlite3_column_type(st, r.col) != SQLITE_NULL;
	c->fcr_prev_gap_s = sq_col_i64(&r);
	c->fcr_has_next = sqlite3_column_type(st, r.col) != SQLITE_NULL;
	c->fcr_next_gap_s = sq_col_i64(&r);
	if ((rc = sq_row_check(&r, err)) != LD_OK)
		return rc;
	if (!handlers_unpack(blob, blob_len, e))
		return ld_fail(err, LD_ERR_INTERNAL, "corrupt_row", NULL,
			       "stored effort_handlers of case %lld is not a list of ids",
			       (long long)c->id);
	return LD_OK;
}

/*
 * Binds CASE_FIELDS of `c` in order; created_at 0 binds NULL, which update
 * reads as "keep the stored one". `handlers` (HANDLERS_BYTES) holds the
 * packed handler list and must outlive the step.
 */
static ld_status case_bind(struct sq_bind *b, const struct ld_case *c, int64_t created_at,
			   int64_t updated_at, uint8_t handlers[HANDLERS_BYTES],
			   struct ld_err *err)
{
	const struct effort_state *e = &c->effort;

	if (e->handlers_len < 0 || e->handlers_len > EFFORT_HANDLERS_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_effort", "effort",
			       "effort handlers_len %d is outside 0..%d", e->handlers_len,
			       EFFORT_HANDLERS_MAX);
	handlers_pack(e, handlers);
	sq_bind_opt_i64(b, c->customer_id);
	sq_bind_text(b, c->subject);
	sq_bind_enum(b, ld_category_name, c->category, false, "category");
	sq_bind_enum(b, ld_case_status_name, c->status, false, "status");
	sq_bind_enum(b, ld_priority_name, c->priority, false, "priority");
	sq_bind_opt_i64(b, c->owner_id);
	sq_bind_opt_i64(b, c->team_id);
	sq_bind_opt_text(b, c->language);
	sq_bind_opt_i64(b, created_at);
	sq_bind_i64(b, updated_at);
	sq_bind_opt_i64(b, c->first_response_at);
	sq_bind_opt_i64(b, c->resolved_at);
	sq_bind_i64(b, c->reopen_count);
	sq_bind_opt_i64(b, c->merged_into_id);
	sq_bind_opt_i64(b, c->sla.policy_id);
	sq_bind_opt_i64(b, c->sla.first_response_due);
	sq_bind_opt_i64(b, c->sla.resolution_due);
	sq_bind_opt_i64(b, c->sla.paused_at);
	sq_bind_bool(b, c->sla.first_response_breached);
	sq_bind_bool(b, c->sla.resolution_breached);
	sq_bind_i64(b, e->contacts);
	sq_bind_i64(b, e->repeat_contacts);
	sq_bind_i64(b, e->transfers);
	sq_bind_i64(b, e->channel_switches);
	sq_bind_i64(b, e->re_explanations);
	sq_bind_i64(b, e->robot_only);
	sq_bind_i64(b, e->reopens);
	sq_bind_opt_i64(b, e->opened_at);
	sq_bind_opt_i64(b, e->resolved_at);
	sq_bind_enum(b, ld_channel_name, e->last_in_channel, true, "last_in_channel");
	sq_bind_opt_i64(b, e->owner_id);
	sq_bind_bool(b, e->reexplain_armed);
	sq_bind_bool(b, e->repeat_case);
	sq_bind_i64(b, e->bot_pending);
	sq_bind_blob(b, handlers, e->handlers_len * 8);
	sq_bind_enum(b, ld_channel_name, c->first_channel, true, "first_channel");
	sq_bind_i64(b, e->web_phone_switches);
	sq_bind_opt_double(b, c->effort_score);
	sq_bind_enum(b, effort_band_name, c->effort_band, false, "effort_band");
	if (c->fcr_has_prev)
		sq_bind_i64(b, c->fcr_prev_gap_s);
	else
		sq_bind_opt_i64(b, 0);
	if (c->fcr_has_next)
		sq_bind_i64(b, c->fcr_next_gap_s);
	else
		sq_bind_opt_i64(b, 0);
	return sq_bind_check(b, err);
}

/* The parents a case row refers to, for naming a missing one. */
static void case_refs(const struct ld_case *c, struct sq_ref refs[6])
{
	refs[0] = (struct sq_ref){ SQ_T_CUSTOMER, c->customer_id, "customer_id" };
	refs[1] = (struct sq_ref){ SQ_T_AGENT, c->owner_id, "owner_id" };
	refs[2] = (struct sq_ref){ SQ_T_TEAM, c->team_id, "team_id" };
	refs[3] = (struct sq_ref){ SQ_T_CASE, c->merged_into_id, "merged_into_id" };
	refs[4] = (struct sq_ref){ SQ_T_SLA_POLICY, c->sla.policy_id, "sla.policy_id" };
	refs[5] = (struct sq_ref){ SQ_T_AGENT, c->effort.owner_id, "effort.owner_id" };
}

/* ====================================================================
 * Operations
 * ==================================================================== */

ld_status sq_case_insert(struct store *store, struct ld_case *c, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_ref refs[6];
	uint8_t handlers[HANDLERS_BYTES];
	int64_t created_at = c->created_at != 0 ? c->created_at : sq_now();
	int64_t updated_at = c->updated_at != 0 ? c->updated_at : created_at;
	ld_status rc;

	rc = sq_stmt(s, SQ_CASE_INSERT,
		     "INSERT INTO ticket (version, " CASE_FIELDS ") VALUES (1, " CASE_FIELD_PARAMS
		     ")",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	if ((rc = case_bind(&b, c, created_at, updated_at, handlers, err)) != LD_OK)
		goto out;
	case_refs(c, refs);
	if ((rc = sq_step_done(s, st, "case", refs, 6, err)) != LD_OK)
		goto out;
	c->id = sqlite3_last_insert_rowid(s->db);
	c->created_at = created_at;
	c->updated_at = updated_at;
	c->version = 1;
out:
	sq_release(st);
	return rc;
}

ld_status sq_case_get(struct store *store, int64_t id, struct ld_case *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_CASE_GET, "SELECT " CASE_COLS " FROM ticket WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "case", id, err)) != LD_OK)
		goto out;
	rc = case_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_case_update(struct store *store, const struct ld_case *c, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_ref refs[6];
	uint8_t handlers[HANDLERS_BYTES];
	bool found = false;
	ld_status rc;

	rc = sq_stmt(s, SQ_CASE_UPDATE,
		     "UPDATE ticket SET version = version + 1,"
		     " customer_id = ?, subject = ?, category = ?, status = ?, priority = ?,"
		     " owner_id = ?, team_id = ?, language = ?, created_at = coalesce(?, created_at),"
		     " updated_at = ?,"
		     " first_response_at = ?, resolved_at = ?, reopen_count = ?,"
		     " merged_into_id = ?, sla_policy_id = ?, sla_first_response_due = ?,"
		     " sla_resolution_due = ?, sla_paused_at = ?,"
		     " sla_first_response_breached = ?, sla_resolution_breached = ?,"
		     " effort_contacts = ?, effort_repeat_contacts = ?, effort_transfers = ?,"
		     " effort_channel_switches = ?, effort_re_explanations = ?,"
		     " effort_robot_only = ?, effort_reopens = ?, effort_opened_at = ?,"
		     " effort_resolved_at = ?, effort_last_in_channel = ?, effort_owner_id = ?,"
		     " effort_reexplain_armed = ?, effort_repeat_case = ?,"
		     " effort_bot_pending = ?, effort_handlers = ?, first_channel = ?,"
		     " effort_web_phone = ?, effort_score = ?, effort_band = ?,"
		     " fcr_prev_gap = ?, fcr_next_gap = ?"
		     " WHERE id = ? AND version = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	if ((rc = case_bind(&b, c, c->created_at, c->updated_at != 0 ? c->updated_at : sq_now(),
			    handlers, err)) != LD_OK)
		goto out;
	sq_bind_i64(&b, c->id);
	sq_bind_i64(&b, c->version);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	case_refs(c, refs);
	if ((rc = sq_step_done(s, st, "case", refs, 6, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 1)
		goto out;
	if ((rc = sq_exists(s, SQ_T_CASE, c->id, &found, err)) != LD_OK)
		goto out;
	if (!found)
		rc = sq_not_found("case", c->id, err);
	else
		rc = ld_fail(err, LD_ERR_CONFLICT, "case_changed", NULL,
			     "case %lld was changed by someone else since version %lld",
			     (long long)c->id, (long long)c->version);
out:
	sq_release(st);
	return rc;
}

/* Filter bits of the case list variants. */
enum {
	CASE_BY_CUSTOMER = 1, CASE_BY_OWNER = 2, CASE_BY_TEAM = 4, CASE_BY_STATUS = 8,
	CASE_BY_FACILITY = 16
};

/* The SQL of list variant `mask` into sql[sql_len]; parameters in bind order. */
static void case_list_sql(int mask, char *sql, size_t sql_len)
{
	snprintf(sql, sql_len, "SELECT " CASE_COLS " FROM ticket WHERE id > ?%s%s%s%s%s"
			       " ORDER BY id LIMIT ?",
		 mask & CASE_BY_CUSTOMER ? " AND customer_id = ?" : "",
		 mask & CASE_BY_OWNER ? " AND owner_id = ?" : "",
		 mask & CASE_BY_TEAM ? " AND team_id = ?" : "",
		 mask & CASE_BY_STATUS ? " AND status = ?" : "",
		 /* A case was at a branch when one of its contacts was; the
		  * cursor (?1) narrows the branch's contacts too, or every page
		  * would look up each of the branch's cases again. */
		 mask & CASE_BY_FACILITY ? " AND id IN (SELECT case_id FROM interaction"
					   " WHERE facility_id = ? AND case_id > ?1)"
					 : "");
}

ld_status sq_case_list(struct store *store, const struct store_case_query *q, struct ld_case *out,
		       int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	char sql[1024];
	int mask = 0;
	ld_status rc;

	sql[0] = '\0';
	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	mask |= q->customer_id != 0 ? CASE_BY_CUSTOMER : 0;
	mask |= q->owner_id != 0 ? CASE_BY_OWNER : 0;
	mask |= q->team_id != 0 ? CASE_BY_TEAM : 0;
	mask |= q->status != -1 ? CASE_BY_STATUS : 0;
	mask |= q->facility_id != 0 ? CASE_BY_FACILITY : 0;
	if (!sq_stmt_ready(s, (enum sq_stmt)(SQ_CASE_LIST + mask)))
		case_list_sql(mask, sql, sizeof sql);
	rc = sq_stmt(s, (enum sq_stmt)(SQ_CASE_LIST + mask), sql, &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, q->after_id);
	if (mask & CASE_BY_CUSTOMER)
		sq_bind_i64(&b, q->customer_id);
	if (mask & CASE_BY_OWNER)
		sq_bind_i64(&b, q->owner_id);
	if (mask & CASE_BY_TEAM)
		sq_bind_i64(&b, q->team_id);
	if (mask & CASE_BY_STATUS)
		sq_bind_enum(&b, ld_case_status_name, q->status, false, "status");
	if (mask & CASE_BY_FACILITY)
		sq_bind_i64(&b, q->facility_id);
	sq_bind_i64(&b, q->limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "case", out, sizeof *out, q->limit, n, case_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_case_topic_list(struct store *store, int64_t customer_id, int category,
			    struct store_topic_case *out, int cap, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	bool more = false;
	ld_status rc;

	*n = 0;
	if (cap < 0 || (cap > 0 && out == NULL))
		return ld_fail(err, LD_ERR_INVALID, "invalid_limit", "limit", "no room for the cases");
	rc = sq_stmt(s, SQ_CASE_TOPIC_LIST,
		     "SELECT id, created_at, resolved_at, status, effort_repeat_case, fcr_prev_gap,"
		     " fcr_next_gap FROM ticket WHERE customer_id = ? AND category = ?"
		     " AND merged_into_id IS NULL ORDER BY id",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, customer_id);
	sq_bind_enum(&b, ld_category_name, category, false, "category");
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	while ((rc = sq_step_next(s, st, "case", &more, err)) == LD_OK && more) {
		if (*n < cap) {
			struct store_topic_case *t = &out[*n];
			struct sq_row r;
			sq_row_start(&r, st);
			t->id = sq_col_i64(&r);
			t->created_at = sq_col_i64(&r);
			t->resolved_at = sq_col_i64(&r);
			t->status = sq_col_enum(&r, ld_case_status_parse, false);
			t->repeat_case = sq_col_bool(&r);
			t->fcr_has_prev = sqlite3_column_type(st, r.col) != SQLITE_NULL;
			t->fcr_prev_gap_s = sq_col_i64(&r);
			t->fcr_has_next = sqlite3_column_type(st, r.col) != SQLITE_NULL;
			t->fcr_next_gap_s = sq_col_i64(&r);
			if ((rc = sq_row_check(&r, err)) != LD_OK)
				goto out;
		}
		(*n)++;
	}
out:
	sq_release(st);
	return rc;
}
