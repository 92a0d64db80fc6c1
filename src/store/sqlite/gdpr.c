/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Personal data in the SQLite store: removing the texts of a case or of a
 * customer, redacting audit details, finding the cases the retention period
 * has passed, and making what was removed unrecoverable (store.h, "Personal
 * data"; which texts go when is app/gdpr.c's to decide).
 *
 * Removing keeps every row and every column the figures are computed from:
 * a subject becomes '', a body, comment or note NULL, an outbox message is
 * blanked. Migration 0008 relaxes the append-only guards of interaction and
 * survey exactly that far. Each removal first counts what it will change,
 * with one read, so a dry run and a real run report the same numbers.
 *
 * Residue. SQLite keeps removed bytes in four places besides the live rows:
 *   - free space inside a page and whole free pages: every connection of
 *     the store runs with secure_delete ON (db.c), so SQLite zeroes a cell
 *     or a page when it frees it, in the same write;
 *   - the FTS5 index of customer_fts: a 'delete' only adds a tombstone, the
 *     old terms stay in older segments until they are merged; 'optimize'
 *     merges every segment into one without them, and the old segments'
 *     pages are freed (and so zeroed);
 *   - the write-ahead log: older frames still hold the pages as they were
 *     before the removal. A TRUNCATE checkpoint copies the log back into
 *     the database and cuts the file to zero bytes. It needs every reader
 *     on the newest snapshot: a reader holding an older one makes it fail
 *     (SQLITE_BUSY), and then the result says so (complete = false) and a
 *     later call finishes the work;
 *   - the -shm file holds only the log's page index, never row content.
 * compact_after_erase() does the second and third, after the removal's
 * transaction committed.
 */
#include "store/sqlite/sqlite_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* How often a TRUNCATE checkpoint is tried while another checkpoint holds
 * its lock (the file's checkpointer runs one every 50 ms), and the pause. */
#define GDPR_CHECKPOINT_TRIES 50
#define GDPR_CHECKPOINT_PAUSE_MS 20

/* Runs a prepared statement of one parameter list to its end; *changes = rows changed. */
static ld_status run_update(struct sq_store *s, sqlite3_stmt *st, const char *entity,
			    int64_t *changes, struct ld_err *err)
{
	ld_status rc = sq_step_done(s, st, entity, NULL, 0, err);

	if (rc == LD_OK && changes != NULL)
		*changes += sqlite3_changes(s->db);
	return rc;
}

/* Prepares (cached) `sql` in `slot` and binds `id` as ?1 and `at` as ?2. */
static ld_status prepare_id_at(struct sq_store *s, enum sq_stmt slot, const char *sql, int64_t id,
			       int64_t at, sqlite3_stmt **st, struct ld_err *err)
{
	ld_status rc = sq_stmt(s, slot, sql, st, err);

	if (rc != LD_OK)
		return rc;
	sqlite3_bind_int64(*st, 1, id);
	if (sqlite3_bind_parameter_count(*st) >= 2)
		sqlite3_bind_int64(*st, 2, at);
	return LD_OK;
}

/* One UPDATE of `slot` with ?1 = id, ?2 = at (when it has one). */
static ld_status update_id(struct sq_store *s, enum sq_stmt slot, const char *sql, int64_t id,
			   int64_t at, const char *entity, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc = prepare_id_at(s, slot, sql, id, at, &st, err);

	if (rc == LD_OK)
		rc = run_update(s, st, entity, NULL, err);
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Case contents
 * ==================================================================== */

ld_status sq_case_contents_remove(struct store *store, int64_t case_id, int64_t at, bool dry_run,
				  struct store_removal *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = prepare_id_at(s, SQ_GDPR_CASE_COUNT,
			   "SELECT t.contents_removed_at IS NULL, t.subject <> '',"
			   " (SELECT count(*) FROM interaction WHERE case_id = t.id AND body IS NOT NULL),"
			   " (SELECT count(*) FROM survey WHERE case_id = t.id AND comment IS NOT NULL),"
			   " (SELECT count(*) FROM followup WHERE case_id = t.id AND note IS NOT NULL),"
			   " (SELECT count(*) FROM attachment a JOIN interaction i"
			   "   ON i.id = a.interaction_id WHERE i.case_id = t.id),"
			   " (SELECT count(*) FROM call c JOIN interaction i ON i.id = c.interaction_id"
			   "   WHERE i.case_id = t.id AND (c.number IS NOT NULL OR c.ivr_path IS NOT NULL"
			   "   OR c.recording_url IS NOT NULL))"
			   " FROM ticket t WHERE t.id = ?1",
			   case_id, at, &st, err);
	if (rc != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "case", case_id, err)) != LD_OK)
		goto out;
	out->cases += sqlite3_column_int64(st, 0);
	out->subjects += sqlite3_column_int64(st, 1);
	out->contacts += sqlite3_column_int64(st, 2);
	out->comments += sqlite3_column_int64(st, 3);
	out->notes += sqlite3_column_int64(st, 4);
	out->files += sqlite3_column_int64(st, 5);
	out->calls += sqlite3_column_int64(st, 6);
	sq_release(st);
	st = NULL;
	if (dry_run)
		goto out;
	/* The version moves, so a writer holding the case as it was read
	 * before gets "case_changed" instead of writing the subject back. */
	rc = update_id(s, SQ_GDPR_CASE_SUBJECT,
		       "UPDATE ticket SET subject = '', version = version + 1,"
		       " contents_removed_at = coalesce(contents_removed_at, ?2) WHERE id = ?1",
		       case_id, at, "case", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_BODIES,
			       "UPDATE interaction SET body = NULL WHERE case_id = ?1 AND body IS NOT NULL",
			       case_id, at, "interaction", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_COMMENTS,
			       "UPDATE survey SET comment = NULL"
			       " WHERE case_id = ?1 AND comment IS NOT NULL",
			       case_id, at, "survey", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_NOTES,
			       "UPDATE followup SET note = NULL WHERE case_id = ?1 AND note IS NOT NULL",
			       case_id, at, "followup", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_FILES,
			       "DELETE FROM attachment WHERE interaction_id IN"
			       " (SELECT id FROM interaction WHERE case_id = ?1)",
			       case_id, at, "attachment", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_MAIL_IDS,
			       "DELETE FROM mail_message WHERE interaction_id IN"
			       " (SELECT id FROM interaction WHERE case_id = ?1)",
			       case_id, at, "mail_message", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_CALLS,
			       "UPDATE call SET number = NULL, ivr_path = NULL, recording_url = NULL"
			       " WHERE interaction_id IN (SELECT id FROM interaction WHERE case_id = ?1)"
			       " AND (number IS NOT NULL OR ivr_path IS NOT NULL"
			       " OR recording_url IS NOT NULL)",
			       case_id, at, "call", err);
	/* A chat's transcript lives on in its messages: they go with the contact. */
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_CHAT_MESSAGES,
			       "DELETE FROM chat_message WHERE chat_id IN (SELECT id FROM chat WHERE"
			       " interaction_id IN (SELECT id FROM interaction WHERE case_id = ?1))",
			       case_id, at, "chat_message", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_CHATS,
			       "UPDATE chat SET visitor_name = NULL, visitor_email = NULL, page = NULL"
			       " WHERE interaction_id IN (SELECT id FROM interaction WHERE case_id = ?1)",
			       case_id, at, "chat", err);
	/* A claim's or compliment's words; whom it was about stays counted. */
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CASE_FEEDBACK,
			       "UPDATE feedback SET subject = '', subject_key = '', text = ''"
			       " WHERE case_id = ?1 AND (subject <> '' OR text <> '')",
			       case_id, at, "feedback", err);
out:
	sq_release(st);
	return rc;
}

/* ====================================================================
 * A customer's texts beyond their cases
 * ==================================================================== */

ld_status sq_customer_texts_remove(struct store *store, int64_t customer_id, const char *recipient,
				   int64_t at, bool dry_run, struct store_removal *out,
				   struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if (recipient == NULL || recipient[0] == '\0')
		return ld_fail(err, LD_ERR_INVALID, "invalid_recipient", NULL,
			       "an erased message needs a placeholder recipient");
	rc = prepare_id_at(s, SQ_GDPR_CUSTOMER_COUNT,
			   "SELECT"
			   " (SELECT count(*) FROM interaction WHERE customer_id = ?1 AND body IS NOT NULL),"
			   " (SELECT count(*) FROM survey WHERE customer_id = ?1 AND comment IS NOT NULL),"
			   " (SELECT count(*) FROM followup WHERE customer_id = ?1 AND note IS NOT NULL),"
			   " (SELECT count(*) FROM outbox WHERE customer_id = ?1"
			   "   AND (recipient <> ?3 OR subject <> '' OR body <> '')),"
			   " (SELECT count(*) FROM survey WHERE customer_id = ?1 AND answered_at IS NULL"
			   "   AND expires_at > ?2),"
			   " (SELECT count(*) FROM call WHERE customer_id = ?1 AND (number IS NOT NULL"
			   "   OR ivr_path IS NOT NULL OR recording_url IS NOT NULL))",
			   customer_id, at, &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_text(st, 3, recipient, -1, SQLITE_STATIC);
	if ((rc = sq_step_row(s, st, "customer", customer_id, err)) != LD_OK)
		goto out;
	out->contacts += sqlite3_column_int64(st, 0);
	out->comments += sqlite3_column_int64(st, 1);
	out->notes += sqlite3_column_int64(st, 2);
	out->messages += sqlite3_column_int64(st, 3);
	out->surveys_closed += sqlite3_column_int64(st, 4);
	out->calls += sqlite3_column_int64(st, 5);
	sq_release(st);
	st = NULL;
	if (dry_run)
		goto out;
	rc = update_id(s, SQ_GDPR_CUSTOMER_BODIES,
		       "UPDATE interaction SET body = NULL WHERE customer_id = ?1 AND body IS NOT NULL",
		       customer_id, at, "interaction", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CUSTOMER_COMMENTS,
			       "UPDATE survey SET comment = NULL"
			       " WHERE customer_id = ?1 AND comment IS NOT NULL",
			       customer_id, at, "survey", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CUSTOMER_LINKS,
			       "DELETE FROM magic_link WHERE customer_id = ?1", customer_id, at,
			       "magic_link", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CUSTOMER_CALLS,
			       "UPDATE call SET number = NULL, ivr_path = NULL, recording_url = NULL"
			       " WHERE customer_id = ?1 AND (number IS NOT NULL OR ivr_path IS NOT NULL"
			       " OR recording_url IS NOT NULL)",
			       customer_id, at, "call", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CUSTOMER_CHAT_MESSAGES,
			       "DELETE FROM chat_message WHERE chat_id IN"
			       " (SELECT id FROM chat WHERE customer_id = ?1)",
			       customer_id, at, "chat_message", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CUSTOMER_CHATS,
			       "UPDATE chat SET visitor_name = NULL, visitor_email = NULL, page = NULL"
			       " WHERE customer_id = ?1",
			       customer_id, at, "chat", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CUSTOMER_FEEDBACK,
			       "UPDATE feedback SET subject = '', subject_key = '', text = ''"
			       " WHERE customer_id = ?1 AND (subject <> '' OR text <> '')",
			       customer_id, at, "feedback", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CUSTOMER_NOTES,
			       "UPDATE followup SET note = NULL"
			       " WHERE customer_id = ?1 AND note IS NOT NULL",
			       customer_id, at, "followup", err);
	if (rc == LD_OK)
		rc = update_id(s, SQ_GDPR_CUSTOMER_SURVEYS,
			       "UPDATE survey SET expires_at = max(?2, sent_at + 1)"
			       " WHERE customer_id = ?1 AND answered_at IS NULL AND expires_at > ?2",
			       customer_id, at, "survey", err);
	if (rc != LD_OK)
		goto out;
	rc = prepare_id_at(s, SQ_GDPR_CUSTOMER_OUTBOX,
			   "UPDATE outbox SET recipient = ?2, subject = '', body = '', in_reply_to = NULL,"
			   " refs = NULL, last_error = NULL, lease_until = NULL,"
			   " failed_at = CASE WHEN sent_at IS NULL THEN coalesce(failed_at,"
			   "   CAST(strftime('%s', 'now') AS INTEGER)) ELSE failed_at END"
			   " WHERE customer_id = ?1 AND (recipient <> ?2 OR subject <> '' OR body <> '')",
			   customer_id, 0, &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_text(st, 2, recipient, -1, SQLITE_STATIC);
	rc = run_update(s, st, "message", NULL, err);
out:
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Audit details
 * ==================================================================== */

ld_status sq_audit_redact(struct store *store, const char *object, const char *keep_action,
			  int64_t at, bool dry_run, struct store_removal *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if (object == NULL || object[0] == '\0')
		return ld_fail(err, LD_ERR_INVALID, "invalid_object", "object",
			       "redaction needs the object the rows are about");
	if (dry_run)
		rc = sq_stmt(s, SQ_GDPR_AUDIT_COUNT,
			     "SELECT count(*) FROM audit WHERE object = ?1 AND detail IS NOT NULL"
			     " AND redacted_at IS NULL AND action IS NOT ?2",
			     &st, err);
	else
		rc = sq_stmt(s, SQ_GDPR_AUDIT_REDACT,
			     "UPDATE audit SET detail = NULL, redacted_at = ?3 WHERE object = ?1"
			     " AND detail IS NOT NULL AND redacted_at IS NULL AND action IS NOT ?2",
			     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, object);
	sq_bind_opt_text(&b, keep_action);
	if (!dry_run)
		sq_bind_i64(&b, at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if (dry_run) {
		if ((rc = sq_step_row(s, st, "audit", 0, err)) == LD_OK)
			out->audit_details += sqlite3_column_int64(st, 0);
	} else {
		rc = run_update(s, st, "audit", &out->audit_details, err);
	}
out:
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Retention
 * ==================================================================== */

ld_status sq_retention_cases(struct store *store, int64_t before, int64_t after_id, int limit,
			     int64_t *ids, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = true;
	ld_status rc;

	*n = 0;
	if ((rc = sq_check_list(limit, ids, n, err)) != LD_OK)
		return rc;
	/* Every case is read once per sweep; the last contact is one probe of
	 * interaction_case_idx (case_id, started_at). */
	rc = sq_stmt(s, SQ_GDPR_RETENTION_CASES,
		     "SELECT t.id FROM ticket t WHERE t.id > ?1 AND t.contents_removed_at IS NULL"
		     " AND (t.status = 'resolved' OR t.status = 'closed')"
		     " AND coalesce((SELECT max(i.started_at) FROM interaction i"
		     "               WHERE i.case_id = t.id), t.created_at) < ?2"
		     " ORDER BY t.id LIMIT ?3",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int64(st, 2, before);
	sqlite3_bind_int(st, 3, limit);
	while (*n < limit) {
		if ((rc = sq_step_next(s, st, "case", &more, err)) != LD_OK || !more)
			break;
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (rc != LD_OK)
		*n = 0;
out:
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Residue
 * ==================================================================== */

static void pause_ms(int ms)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = (long)ms * 1000000L };

	nanosleep(&ts, NULL);
}

/* Rewrites customer_fts as one segment without the terms of deleted entries. */
static ld_status index_optimize(struct sq_store *s, struct ld_err *err)
{
	ld_status rc = sq_writer_lock(s->writer, err);

	if (rc != LD_OK)
		return rc;
	rc = sq_exec_script(s,
			    "BEGIN IMMEDIATE;"
			    "INSERT INTO customer_fts (customer_fts) VALUES ('optimize');"
			    "COMMIT;",
			    "search index rewrite", err);
	if (rc != LD_OK && !sqlite3_get_autocommit(s->db))
		(void)sq_exec_script(s, "ROLLBACK", "search index rewrite", NULL);
	sq_writer_unlock(s->writer);
	return rc;
}

ld_status sq_compact_after_erase(struct store *store, struct store_compaction *out,
				 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	int log = -1, copied = -1, src = SQLITE_BUSY;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if (s->in_tx || s->in_read)
		return ld_fail(err, LD_ERR_INTERNAL, "in_transaction", NULL,
			       "compact_after_erase() inside a transaction");
	if ((rc = index_optimize(s, err)) != LD_OK)
		return rc;
	out->index_rewritten = true;
	/* Writers of this process queue on the lock rather than meet SQLITE_BUSY. */
	if ((rc = sq_writer_lock(s->writer, err)) != LD_OK)
		return rc;
	for (int i = 0; i < GDPR_CHECKPOINT_TRIES; i++) {
		src = sqlite3_wal_checkpoint_v2(s->db, "main", SQLITE_CHECKPOINT_TRUNCATE, &log,
						&copied);
		if (src != SQLITE_BUSY && src != SQLITE_LOCKED)
			break;
		pause_ms(GDPR_CHECKPOINT_PAUSE_MS);
	}
	sq_writer_unlock(s->writer);
	if (src == SQLITE_OK && log <= 0) {
		out->complete = true; /* log -1: no write-ahead log (":memory:") */
	} else if (src == SQLITE_OK || src == SQLITE_BUSY || src == SQLITE_LOCKED) {
		snprintf(out->note, sizeof out->note,
			 "a reader holds an older snapshot: the write-ahead log still has %d "
			 "pages; run `loyaldesk gdpr compact` when it is idle",
			 log > 0 ? log : 0);
	} else {
		rc = sq_fail(s, src, "checkpoint", NULL, 0, err);
	}
	return rc;
}
