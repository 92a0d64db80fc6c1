/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Claims and compliments in the SQLite store (table `feedback`, migration
 * 0016). Owns their SQL and row layout; the folded subject the list filter
 * searches is computed here, in C (core/validate.h text_fold). A claim's
 * case fields come by a join with `ticket`, so they are never stale.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#include "core/validate.h"

#define FEEDBACK_COLS                                                                      \
	"f.id, f.kind, f.source, f.customer_id, f.case_id, f.team_id, f.agent_id,"         \
	" f.facility_id, f.filed_by, f.subject, f.text, f.language, f.created_at, f.message_id,"       \
	" t.status, t.first_response_at, t.resolved_at, t.sla_resolution_due,"              \
	" t.sla_resolution_breached"
#define FEEDBACK_FROM " FROM feedback f LEFT JOIN ticket t ON t.id = f.case_id AND f.kind = 'claim'"

static ld_status feedback_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_feedback *f = out;
	struct sq_row r;

	memset(f, 0, sizeof *f);
	sq_row_start(&r, st);
	f->id = sq_col_i64(&r);
	f->kind = sq_col_enum(&r, ld_feedback_kind_parse, false);
	f->source = sq_col_enum(&r, ld_feedback_source_parse, false);
	f->customer_id = sq_col_i64(&r);
	f->case_id = sq_col_i64(&r);
	f->team_id = sq_col_i64(&r);
	f->agent_id = sq_col_i64(&r);
	f->facility_id = sq_col_i64(&r);
	f->filed_by = sq_col_i64(&r);
	sq_col_text(&r, f->subject, sizeof f->subject);
	sq_col_text(&r, f->text, sizeof f->text);
	sq_col_text(&r, f->language, sizeof f->language);
	f->created_at = sq_col_i64(&r);
	sq_col_text(&r, f->message_id, sizeof f->message_id);
	f->case_status = sq_col_enum(&r, ld_case_status_parse, true);
	f->answered_at = sq_col_i64(&r);
	f->resolved_at = sq_col_i64(&r);
	f->resolution_due = sq_col_i64(&r);
	f->resolution_breached = sq_col_bool(&r);
	return sq_row_check(&r, err);
}

static void feedback_refs(const struct ld_feedback *f, struct sq_ref refs[6])
{
	refs[0] = (struct sq_ref){ SQ_T_CUSTOMER, f->customer_id, "customer_id" };
	refs[1] = (struct sq_ref){ SQ_T_CASE, f->case_id, "case_id" };
	refs[2] = (struct sq_ref){ SQ_T_TEAM, f->team_id, "team_id" };
	refs[3] = (struct sq_ref){ SQ_T_AGENT, f->agent_id, "agent_id" };
	refs[4] = (struct sq_ref){ SQ_T_FACILITY, f->facility_id, "facility_id" };
	refs[5] = (struct sq_ref){ SQ_T_AGENT, f->filed_by, "filed_by" };
}

/* The columns insert and update share, in this order; `key` the folded subject. */
static void feedback_bind(struct sq_bind *b, const struct ld_feedback *f, const char *key)
{
	sq_bind_opt_i64(b, f->case_id);
	sq_bind_opt_i64(b, f->team_id);
	sq_bind_opt_i64(b, f->agent_id);
	sq_bind_opt_i64(b, f->facility_id);
	sq_bind_text(b, f->subject);
	sq_bind_text(b, key);
	sq_bind_text(b, f->text);
}

ld_status sq_feedback_insert(struct store *store, struct ld_feedback *f, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	char key[LD_SUBJECT_MAX * 2 + 1];
	struct sq_bind b;
	struct sq_ref refs[6];
	ld_status rc;

	if (f->created_at == 0)
		f->created_at = sq_now();
	text_fold(f->subject, key, sizeof key);
	feedback_refs(f, refs);
	rc = sq_stmt(s, SQ_FEEDBACK_INSERT,
		     "INSERT INTO feedback (case_id, team_id, agent_id, facility_id, subject,"
		     " subject_key, text, kind, source, customer_id, filed_by, language, created_at,"
		     " message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	feedback_bind(&b, f, key);
	sq_bind_enum(&b, ld_feedback_kind_name, f->kind, false, "kind");
	sq_bind_enum(&b, ld_feedback_source_name, f->source, false, "source");
	sq_bind_i64(&b, f->customer_id);
	sq_bind_opt_i64(&b, f->filed_by);
	sq_bind_text(&b, f->language);
	sq_bind_i64(&b, f->created_at);
	sq_bind_opt_text(&b, f->message_id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "feedback", refs, 6, err)) != LD_OK)
		goto out;
	f->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

ld_status sq_feedback_update(struct store *store, const struct ld_feedback *f, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	char key[LD_SUBJECT_MAX * 2 + 1];
	struct sq_bind b;
	struct sq_ref refs[6];
	ld_status rc;

	text_fold(f->subject, key, sizeof key);
	feedback_refs(f, refs);
	rc = sq_stmt(s, SQ_FEEDBACK_UPDATE,
		     "UPDATE feedback SET case_id = ?, team_id = ?, agent_id = ?, facility_id = ?,"
		     " subject = ?, subject_key = ?, text = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	feedback_bind(&b, f, key);
	sq_bind_i64(&b, f->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "feedback", refs, 6, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) != 1)
		rc = sq_not_found("feedback", f->id, err);
out:
	sq_release(st);
	return rc;
}

/* One row by id, or by the mail it came in (message_id not NULL). */
static ld_status feedback_one(struct sq_store *s, int64_t id, const char *message_id,
			      struct ld_feedback *out, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if (message_id != NULL)
		rc = sq_stmt(s, SQ_FEEDBACK_FIND_MESSAGE,
			     "SELECT " FEEDBACK_COLS FEEDBACK_FROM " WHERE f.message_id = ?", &st,
			     err);
	else
		rc = sq_stmt(s, SQ_FEEDBACK_GET,
			     "SELECT " FEEDBACK_COLS FEEDBACK_FROM " WHERE f.id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	if (message_id != NULL)
		sqlite3_bind_text(st, 1, message_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "feedback", id, err)) != LD_OK)
		goto out;
	rc = feedback_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_feedback_get(struct store *store, int64_t id, struct ld_feedback *out,
			  struct ld_err *err)
{
	return feedback_one(sq_of(store), id, NULL, out, err);
}

ld_status sq_feedback_find_message(struct store *store, const char *message_id,
				   struct ld_feedback *out, struct ld_err *err)
{
	return feedback_one(sq_of(store), 0, message_id, out, err);
}

/* The filters of a query, ?1…?9 in the order feedback_bind_query() binds them. */
#define FEEDBACK_WHERE                                                                     \
	" WHERE (?1 = '' OR f.kind = ?1) AND (?2 = 0 OR f.customer_id = ?2)"               \
	" AND (?3 = 0 OR f.team_id = ?3) AND (?4 = 0 OR f.agent_id = ?4)"                  \
	" AND (?5 = 0 OR f.facility_id = ?5) AND (?6 = 0 OR f.case_id = ?6)"               \
	" AND f.created_at >= ?7 AND f.created_at < ?8"                                    \
	" AND (?9 IS NULL OR instr(f.subject_key, ?9) > 0)"

static void feedback_bind_query(struct sq_bind *b, const struct store_feedback_query *q,
				const char *key)
{
	sq_bind_filter_enum(b, ld_feedback_kind_name, q->kind, "kind");
	sq_bind_i64(b, q->customer_id);
	sq_bind_i64(b, q->team_id);
	sq_bind_i64(b, q->agent_id);
	sq_bind_i64(b, q->facility_id);
	sq_bind_i64(b, q->case_id);
	sq_bind_i64(b, q->from > 0 ? q->from : INT64_MIN);
	sq_bind_i64(b, q->to > 0 ? q->to : INT64_MAX);
	sq_bind_opt_text(b, key);
}

/* The folded subject filter into key[], NULL when there is none. */
static const char *subject_key(const struct store_feedback_query *q, char *key, size_t len)
{
	if (q->subject == NULL || q->subject[0] == '\0')
		return NULL;
	text_fold(q->subject, key, len);
	return key[0] != '\0' ? key : NULL;
}

ld_status sq_feedback_list(struct store *store, const struct store_feedback_query *q,
			   struct ld_feedback *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	char key[LD_SUBJECT_MAX * 2 + 1];
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_FEEDBACK_LIST,
		     "SELECT " FEEDBACK_COLS FEEDBACK_FROM FEEDBACK_WHERE
		     " AND f.id > ?10 ORDER BY f.id LIMIT ?11",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	feedback_bind_query(&b, q, subject_key(q, key, sizeof key));
	sq_bind_i64(&b, q->after_id);
	sq_bind_i64(&b, q->limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "feedback", out, sizeof *out, q->limit, n, feedback_decode, NULL,
			err);
out:
	sq_release(st);
	return rc;
}
