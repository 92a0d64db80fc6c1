/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The outbox (table `outbox`) and closed-loop follow-up tasks (table
 * `followup`) in the SQLite store, migration 0004. Owns their SQL and row
 * layout.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

/* ---- outbox ---- */

#define MESSAGE_COLS                                                                   \
	"o.id, o.survey_id, o.customer_id, o.channel, o.recipient, o.language, o.subject,"  \
	" o.body, o.created_at, o.sent_at, o.interaction_id, i.case_id, o.message_id,"      \
	" o.in_reply_to, o.refs, o.attempts, o.next_attempt_at, o.lease_until, o.last_error," \
	" o.failed_at"
/* The outbox with each reply's case (MESSAGE_COLS's i.case_id). */
#define MESSAGE_JOIN " LEFT JOIN interaction i ON i.id = o.interaction_id"
/* A survey invitation whose survey was answered or expired by ?4 is not sent. */
#define MESSAGE_SURVEY_OPEN                                                   \
	" AND NOT EXISTS (SELECT 1 FROM survey s WHERE s.id = o.survey_id" \
	" AND (s.answered_at IS NOT NULL OR s.expires_at <= ?4))"

static ld_status message_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_message *m = out;
	struct sq_row r;
	ld_status rc;

	memset(m, 0, sizeof *m);
	sq_row_start(&r, st);
	m->id = sq_col_i64(&r);
	m->survey_id = sq_col_i64(&r);
	m->customer_id = sq_col_i64(&r);
	m->channel = sq_col_enum(&r, ld_channel_parse, false);
	sq_col_text(&r, m->recipient, sizeof m->recipient);
	sq_col_text(&r, m->language, sizeof m->language);
	sq_col_text(&r, m->subject, sizeof m->subject);
	m->body = sq_col_strdup(&r);
	m->created_at = sq_col_i64(&r);
	m->sent_at = sq_col_i64(&r);
	m->interaction_id = sq_col_i64(&r);
	m->case_id = sq_col_i64(&r);
	sq_col_text(&r, m->message_id, sizeof m->message_id);
	sq_col_text(&r, m->in_reply_to, sizeof m->in_reply_to);
	m->refs = sq_col_strdup(&r);
	m->attempts = sq_col_int(&r);
	m->next_attempt_at = sq_col_i64(&r);
	m->lease_until = sq_col_i64(&r);
	sq_col_text(&r, m->last_error, sizeof m->last_error);
	m->failed_at = sq_col_i64(&r);
	if ((rc = sq_row_check(&r, err)) != LD_OK)
		ld_message_clear(m);
	return rc;
}

static void message_clear(void *m)
{
	ld_message_clear(m);
}

ld_status sq_message_insert(struct store *store, struct ld_message *m, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = m->created_at != 0 ? m->created_at : sq_now();
	const struct sq_ref refs[] = {
		{ SQ_T_SURVEY, m->survey_id, "survey_id" },
		{ SQ_T_CUSTOMER, m->customer_id, "customer_id" },
		{ SQ_T_INTERACTION, m->interaction_id, "interaction_id" },
	};
	ld_status rc;

	rc = sq_stmt(s, SQ_MESSAGE_INSERT,
		     "INSERT INTO outbox (survey_id, customer_id, channel, recipient, language,"
		     " subject, body, created_at, sent_at, interaction_id, message_id, in_reply_to,"
		     " refs, next_attempt_at)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_opt_i64(&b, m->survey_id);
	sq_bind_i64(&b, m->customer_id);
	sq_bind_enum(&b, ld_channel_name, m->channel, false, "channel");
	sq_bind_text(&b, m->recipient);
	sq_bind_text(&b, m->language);
	sq_bind_text(&b, m->subject);
	sq_bind_text(&b, m->body);
	sq_bind_i64(&b, created_at);
	sq_bind_opt_i64(&b, m->sent_at);
	sq_bind_opt_i64(&b, m->interaction_id);
	sq_bind_opt_text(&b, m->message_id);
	sq_bind_opt_text(&b, m->in_reply_to);
	sq_bind_opt_text(&b, m->refs);
	sq_bind_i64(&b, m->next_attempt_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "message", refs, 3, err)) != LD_OK)
		goto out;
	m->id = sqlite3_last_insert_rowid(s->db);
	m->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_message_get(struct store *store, int64_t id, struct ld_message *out,
			 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_MESSAGE_GET,
		     "SELECT " MESSAGE_COLS " FROM outbox o" MESSAGE_JOIN " WHERE o.id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "message", id, err)) != LD_OK)
		goto out;
	rc = message_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_message_list(struct store *store, bool waiting, int64_t now, int64_t customer_id,
			  int64_t after_id, int limit, struct ld_message *out, int *n,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	if (waiting)
		rc = sq_stmt(s, SQ_MESSAGE_LIST_WAITING,
			     "SELECT " MESSAGE_COLS " FROM outbox o INDEXED BY outbox_pending_idx"
			     MESSAGE_JOIN
			     " WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.id > ?1"
			     " AND (?3 = 0 OR o.customer_id = ?3)" MESSAGE_SURVEY_OPEN
			     " ORDER BY o.id LIMIT ?2",
			     &st, err);
	else
		rc = sq_stmt(s, SQ_MESSAGE_LIST_ALL,
			     "SELECT " MESSAGE_COLS " FROM outbox o" MESSAGE_JOIN " WHERE o.id > ?1"
			     " AND (?3 = 0 OR o.customer_id = ?3) ORDER BY o.id LIMIT ?2",
			     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int64(st, 3, customer_id);
	if (waiting)
		sqlite3_bind_int64(st, 4, now);
	rc = sq_collect(s, st, "message", out, sizeof *out, limit, n, message_decode,
			message_clear, err);
out:
	sq_release(st);
	return rc;
}

/*
 * Steps an UPDATE of message `id` meant to change exactly that row: LD_OK
 * when it did; else CONFLICT `code` (`why`) when the message exists but was
 * not in the state the UPDATE asks for, NOT_FOUND when there is none.
 */
static ld_status step_one_message(struct sq_store *s, sqlite3_stmt *st, int64_t id,
				  const char *code, const char *why, struct ld_err *err)
{
	bool found = false;
	ld_status rc = sq_step_done(s, st, "message", NULL, 0, err);

	if (rc != LD_OK || sqlite3_changes(s->db) == 1)
		return rc;
	if ((rc = sq_exists(s, SQ_T_MESSAGE, id, &found, err)) != LD_OK)
		return rc;
	return found ? ld_fail(err, LD_ERR_CONFLICT, code, NULL, "%s", why)
		     : sq_not_found("message", id, err);
}

ld_status sq_message_mark_sent(struct store *store, int64_t id, int64_t at, const char *body,
			       struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_MESSAGE_MARK_SENT,
		     "UPDATE outbox SET sent_at = ?1, body = coalesce(?3, body), lease_until = NULL"
		     " WHERE id = ?2 AND sent_at IS NULL",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, at > 0 ? at : sq_now());
	sqlite3_bind_int64(st, 2, id);
	if (body != NULL)
		sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	rc = step_one_message(s, st, id, "message_sent", "this message has been sent already",
			      err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_message_claim(struct store *store, int64_t now, int64_t lease_until,
			   struct ld_message *out, bool *found, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	*found = false;
	memset(out, 0, sizeof *out);
	rc = sq_stmt(s, SQ_MESSAGE_CLAIM_PICK,
		     "SELECT " MESSAGE_COLS " FROM outbox o INDEXED BY outbox_due_idx" MESSAGE_JOIN
		     " WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ?4"
		     " AND (o.lease_until IS NULL OR o.lease_until <= ?4)" MESSAGE_SURVEY_OPEN
		     " ORDER BY o.next_attempt_at, o.id LIMIT 1",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 4, now);
	if ((rc = sq_step_next(s, st, "message", found, err)) != LD_OK || !*found)
		goto out;
	*found = false;
	if ((rc = message_decode(st, out, err)) != LD_OK)
		goto out;
	sq_release(st);
	st = NULL;
	rc = sq_stmt(s, SQ_MESSAGE_CLAIM_TAKE,
		     "UPDATE outbox SET lease_until = ?1, attempts = attempts + 1 WHERE id = ?2",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, lease_until);
	sqlite3_bind_int64(st, 2, out->id);
	if ((rc = sq_step_done(s, st, "message", NULL, 0, err)) != LD_OK)
		goto out;
	out->lease_until = lease_until;
	out->attempts++;
	*found = true;
out:
	if (rc != LD_OK)
		ld_message_clear(out);
	sq_release(st);
	return rc;
}

ld_status sq_message_attempt_failed(struct store *store, int64_t id, int64_t next_attempt_at,
				    int64_t failed_at, const char *error, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_MESSAGE_ATTEMPT_FAILED,
		     "UPDATE outbox SET lease_until = NULL, next_attempt_at = ?2,"
		     " failed_at = ?3, last_error = ?4 WHERE id = ?1 AND sent_at IS NULL",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, next_attempt_at);
	if (failed_at > 0)
		sqlite3_bind_int64(st, 3, failed_at);
	if (error != NULL && error[0] != '\0')
		sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	if ((rc = sq_step_done(s, st, "message", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) != 1)
		rc = ld_fail(err, LD_ERR_CONFLICT, "message_sent", NULL,
			     "message %lld is sent already or does not exist", (long long)id);
out:
	sq_release(st);
	return rc;
}

ld_status sq_message_retry(struct store *store, int64_t id, int64_t at, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_MESSAGE_RETRY,
		     "UPDATE outbox SET failed_at = NULL, next_attempt_at = ?2, lease_until = NULL"
		     " WHERE id = ?1 AND failed_at IS NOT NULL AND sent_at IS NULL",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	rc = step_one_message(s, st, id, "message_not_failed",
			      "only a message whose delivery failed can be retried", err);
out:
	sq_release(st);
	return rc;
}

/* ---- follow-up tasks ---- */

#define FOLLOWUP_FIELDS                                                                   \
	"survey_id, customer_id, case_id, team_id, reason, status, due_at, created_at," \
	" done_at, done_by, note"
#define FOLLOWUP_COLS "id, " FOLLOWUP_FIELDS

static ld_status followup_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_followup *t = out;
	struct sq_row r;

	memset(t, 0, sizeof *t);
	sq_row_start(&r, st);
	t->id = sq_col_i64(&r);
	t->survey_id = sq_col_i64(&r);
	t->customer_id = sq_col_i64(&r);
	t->case_id = sq_col_i64(&r);
	t->team_id = sq_col_i64(&r);
	t->reason = sq_col_enum(&r, ld_task_reason_parse, false);
	t->status = sq_col_enum(&r, ld_task_status_parse, false);
	t->due_at = sq_col_i64(&r);
	t->created_at = sq_col_i64(&r);
	t->done_at = sq_col_i64(&r);
	t->done_by = sq_col_i64(&r);
	sq_col_text(&r, t->note, sizeof t->note);
	return sq_row_check(&r, err);
}

static void followup_bind(struct sq_bind *b, const struct ld_followup *t, int64_t created_at)
{
	sq_bind_i64(b, t->survey_id);
	sq_bind_i64(b, t->customer_id);
	sq_bind_opt_i64(b, t->case_id);
	sq_bind_opt_i64(b, t->team_id);
	sq_bind_enum(b, ld_task_reason_name, t->reason, false, "reason");
	sq_bind_enum(b, ld_task_status_name, t->status, false, "status");
	sq_bind_i64(b, t->due_at);
	sq_bind_i64(b, created_at);
	sq_bind_opt_i64(b, t->done_at);
	sq_bind_opt_i64(b, t->done_by);
	sq_bind_opt_text(b, t->note);
}

ld_status sq_followup_insert(struct store *store, struct ld_followup *t, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = t->created_at != 0 ? t->created_at : sq_now();
	const struct sq_ref refs[] = {
		{ SQ_T_SURVEY, t->survey_id, "survey_id" },
		{ SQ_T_CUSTOMER, t->customer_id, "customer_id" },
		{ SQ_T_CASE, t->case_id, "case_id" },
		{ SQ_T_TEAM, t->team_id, "team_id" },
		{ SQ_T_AGENT, t->done_by, "done_by" },
	};
	ld_status rc;

	rc = sq_stmt(s, SQ_FOLLOWUP_INSERT,
		     "INSERT INTO followup (" FOLLOWUP_FIELDS ")"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	followup_bind(&b, t, created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "followup", refs, 5, err)) != LD_OK)
		goto out;
	t->id = sqlite3_last_insert_rowid(s->db);
	t->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_followup_get(struct store *store, int64_t id, struct ld_followup *out,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_FOLLOWUP_GET, "SELECT " FOLLOWUP_COLS " FROM followup WHERE id = ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "followup", id, err)) != LD_OK)
		goto out;
	rc = followup_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_followup_update(struct store *store, const struct ld_followup *t,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = {
		{ SQ_T_TEAM, t->team_id, "team_id" },
		{ SQ_T_AGENT, t->done_by, "done_by" },
	};
	ld_status rc;

	rc = sq_stmt(s, SQ_FOLLOWUP_UPDATE,
		     "UPDATE followup SET survey_id = ?, customer_id = ?, case_id = ?, team_id = ?,"
		     " reason = ?, status = ?, due_at = ?, created_at = ?, done_at = ?,"
		     " done_by = ?, note = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	followup_bind(&b, t, t->created_at);
	sq_bind_i64(&b, t->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "followup", refs, 2, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("followup", t->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_followup_list(struct store *store, const struct store_followup_query *q,
			   struct ld_followup *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_FOLLOWUP_LIST,
		     "SELECT " FOLLOWUP_COLS " FROM followup WHERE id > ?1"
		     " AND (?2 = '' OR status = ?2) AND (?3 = 0 OR team_id = ?3)"
		     " AND (?5 = 0 OR customer_id = ?5) ORDER BY id LIMIT ?4",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, q->after_id);
	sq_bind_filter_enum(&b, ld_task_status_name, q->status, "status");
	sq_bind_i64(&b, q->team_id);
	sq_bind_i64(&b, q->limit);
	sq_bind_i64(&b, q->customer_id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "followup", out, sizeof *out, q->limit, n, followup_decode, NULL,
			err);
out:
	sq_release(st);
	return rc;
}
