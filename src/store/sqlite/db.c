/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The SQLite connection behind a store handle: open, configuration,
 * transactions (migrations: migrate.c), the prepared-statement cache and the mapping of
 * SQLite errors to ld_status. Also the ops table that ties the entity files
 * (org.c, customer.c, …) into one `struct store_ops`.
 *
 * Must not know any entity's columns; those live in the entity files.
 *
 * Connection settings and why:
 *   - WAL: readers never block the writer nor the writer the readers, which
 *     is what several server threads with one handle each need;
 *   - synchronous=NORMAL: in WAL mode a power cut may lose the last commits
 *     but never corrupts the file; FULL would fsync on every commit;
 *   - foreign_keys=ON: SQLite's default is off, per connection;
 *   - busy_timeout 5000 ms: a writer waits that long for the write lock,
 *     then the operation fails with LD_ERR_RETRY (HTTP 503);
 *   - secure_delete=ON: a freed cell or page is zeroed as it is freed, so
 *     an erased or replaced text leaves no copy in free space (gdpr.c says
 *     where else removed bytes hide). Debian's SQLite has it on by default;
 *     the pragma makes every build behave the same. Measured on case
 *     creation: docs/operations.md, "Personal data";
 *   - temp_store=MEMORY: statement journals and temporary b-trees stay in
 *     RAM. Measured: with the default, every write inside a transaction made
 *     glibc grow and trim the heap (four brk calls per statement), and case
 *     inserts after a bulk customer import ran at ~7k/s instead of ~50k/s.
 *
 * Statements are prepared once per handle (SQLITE_PREPARE_PERSISTENT) on
 * first use and kept in s->stmt[] until close; each use is followed by
 * sqlite3_reset() + sqlite3_clear_bindings() (sq_release()).
 *
 * Transactions: begin() is BEGIN IMMEDIATE, so the write lock is taken (or
 * LD_ERR_RETRY returned) before any work is done, and a transaction never
 * fails half-way for lack of the lock. Nesting is a programming error. A
 * failed commit() rolls back, so after any commit() the handle is outside a
 * transaction; rollback() outside a transaction does nothing.
 *
 * A transaction SQLite dropped. After SQLITE_FULL or an I/O error in a
 * statement without a statement journal, SQLite rolls the whole transaction
 * back by itself and the connection is in autocommit mode again, while the
 * handle (and the app above it) still thinks itself inside. Every statement
 * from then on would run and commit on its own — a savepoint would even
 * open a new transaction — so sq_stmt() refuses them all with the error
 * that dropped it (LD_ERR_FULL "storage_full" when a write found no room,
 * else LD_ERR_INTERNAL "transaction_aborted"), commit() answers the same,
 * and rollback() just leaves the state. The handle is then as good as new.
 */
#include "store/sqlite/sqlite_store.h"

#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>



/* ====================================================================
 * Statement cache and steps
 * ==================================================================== */

/* The error of a transaction SQLite rolled back by itself (see the file comment). */
static ld_status tx_dropped(struct sq_store *s, struct ld_err *err)
{
	if (s->tx_full)
		return ld_fail(err, LD_ERR_FULL, "storage_full", NULL,
			       "the transaction was rolled back: the disk that holds the database is full");
	return ld_fail(err, LD_ERR_INTERNAL, "transaction_aborted", NULL,
		       "the transaction was rolled back by an earlier error");
}

ld_status sq_stmt(struct sq_store *s, enum sq_stmt slot, const char *sql, sqlite3_stmt **out,
		  struct ld_err *err)
{
	int rc;

	*out = NULL;
	if (s->in_tx && sqlite3_get_autocommit(s->db))
		return tx_dropped(s, err);
	if (s->stmt[slot] == NULL) {
		rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[slot],
					NULL);
		if (rc != SQLITE_OK) {
			s->stmt[slot] = NULL;
			*out = NULL;
			return sq_fail(s, rc, "statement", NULL, 0, err);
		}
	}
	*out = s->stmt[slot];
	return LD_OK;
}

void sq_release(sqlite3_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

ld_status sq_step_done(struct sq_store *s, sqlite3_stmt *st, const char *entity,
		       const struct sq_ref *refs, int nrefs, struct ld_err *err)
{
	int64_t before = s->in_tx ? 0 : sqlite3_total_changes64(s->db);
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE) {
		/* A write outside begin() is its own transaction, committed now. */
		if (!s->in_tx && sqlite3_total_changes64(s->db) != before)
			sq_space_room(s);
		return LD_OK;
	}
	return sq_fail(s, rc, entity, refs, nrefs, err);
}

ld_status sq_step_row(struct sq_store *s, sqlite3_stmt *st, const char *entity, int64_t id,
		      struct ld_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return LD_OK;
	if (rc == SQLITE_DONE)
		return sq_not_found(entity, id, err);
	return sq_fail(s, rc, entity, NULL, 0, err);
}

ld_status sq_step_next(struct sq_store *s, sqlite3_stmt *st, const char *entity, bool *more,
		       struct ld_err *err)
{
	int rc = sqlite3_step(st);

	*more = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return LD_OK;
	return sq_fail(s, rc, entity, NULL, 0, err);
}

ld_status sq_collect(struct sq_store *s, sqlite3_stmt *st, const char *entity, void *out,
		     size_t size, int limit, int *n, sq_decode_fn decode, sq_clear_fn clear,
		     struct ld_err *err)
{
	char *entry = out;
	bool more = true;
	ld_status rc = LD_OK;

	*n = 0;
	while (*n < limit) {
		if ((rc = sq_step_next(s, st, entity, &more, err)) != LD_OK || !more)
			break;
		if ((rc = decode(st, entry + (size_t)*n * size, err)) != LD_OK)
			break;
		(*n)++;
	}
	if (rc != LD_OK) {
		for (int i = 0; clear != NULL && i < *n; i++)
			clear(entry + (size_t)i * size);
		*n = 0;
	}
	return rc;
}

ld_status sq_not_found(const char *entity, int64_t id, struct ld_err *err)
{
	char code[LD_ERR_CODE_MAX];

	snprintf(code, sizeof code, "%s_not_found", entity);
	if (id == 0)
		return ld_fail(err, LD_ERR_NOT_FOUND, code, NULL, "%s not found", entity);
	return ld_fail(err, LD_ERR_NOT_FOUND, code, NULL, "%s %lld not found", entity,
		       (long long)id);
}

ld_status sq_check_list(int limit, const void *out, const int *n, struct ld_err *err)
{
	if (limit < 1 || out == NULL || n == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_limit", "limit",
			       "a list needs room for at least one entry");
	return LD_OK;
}

int64_t sq_now(void)
{
	return (int64_t)time(NULL);
}

/* ====================================================================
 * Errors
 * ==================================================================== */

/* SQL table and store entity of each foreign-key parent. */
static const struct {
	const char *table;  /* SQL name */
	const char *entity; /* store name, for "<entity>_not_found" */
} SQ_TABLES[SQ_T_COUNT] = {
	[SQ_T_ORG] = { "organization", "org" },
	[SQ_T_CUSTOMER] = { "customer", "customer" },
	[SQ_T_TEAM] = { "team", "team" },
	[SQ_T_AGENT] = { "agent", "agent" },
	[SQ_T_FACILITY] = { "facility", "facility" },
	[SQ_T_CALENDAR] = { "calendar", "calendar" },
	[SQ_T_CASE] = { "ticket", "case" },
	[SQ_T_SLA_POLICY] = { "sla_policy", "sla_policy" },
	[SQ_T_SURVEY] = { "survey", "survey" },
	[SQ_T_MESSAGE] = { "outbox", "message" },
	[SQ_T_INTERACTION] = { "interaction", "interaction" },
	[SQ_T_INTEGRATION] = { "integration", "integration" },
	[SQ_T_WEBHOOK] = { "webhook", "webhook" },
	[SQ_T_CHAT_WIDGET] = { "chat_widget", "chat_widget" },
	[SQ_T_CHAT] = { "chat", "chat" },
};

/* Unique indexes on expressions: SQLite names the index, not the column. */
static const struct {
	const char *index; /* index name in 0001_init.sql */
	const char *field; /* input field it guards */
} SQ_UNIQUE_INDEXES[] = {
	{ "customer_email_uq", "email" },
	{ "agent_email_uq", "email" },
};

/*
 * The clashing field from a UNIQUE message: "UNIQUE constraint failed:
 * t.a, t.b" names the last column (the distinguishing one of a composite
 * key); "… failed: index 'x'" is looked up in SQ_UNIQUE_INDEXES.
 */
static void unique_field(const char *msg, char *field, size_t field_len)
{
	const char *p;

	field[0] = '\0';
	if ((p = strstr(msg, "index '")) != NULL) {
		p += strlen("index '");
		for (size_t i = 0; i < sizeof SQ_UNIQUE_INDEXES / sizeof SQ_UNIQUE_INDEXES[0]; i++) {
			size_t len = strlen(SQ_UNIQUE_INDEXES[i].index);
			if (strncmp(p, SQ_UNIQUE_INDEXES[i].index, len) == 0 && p[len] == '\'') {
				snprintf(field, field_len, "%s", SQ_UNIQUE_INDEXES[i].field);
				return;
			}
		}
		return;
	}
	if ((p = strrchr(msg, '.')) != NULL && strchr(msg, ':') != NULL && p > strchr(msg, ':'))
		snprintf(field, field_len, "%s", p + 1);
}

ld_status sq_fail(struct sq_store *s, int rc, const char *entity, const struct sq_ref *refs,
		  int nrefs, struct ld_err *err)
{
	char msg[LD_ERR_MESSAGE_MAX];
	char code[LD_ERR_CODE_MAX];
	char field[LD_ERR_FIELD_MAX];

	/* Copied first: probing the references below replaces errmsg. */
	snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(s->db));

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ld_fail(err, LD_ERR_RETRY, "store_busy", NULL,
			       "the database is busy, try again (%s)", msg);
	case SQLITE_FULL:
	case SQLITE_IOERR:
		if (sq_is_full(rc, sqlite3_system_errno(s->db)))
			return sq_full(s, entity, err);
		return ld_fail(err, LD_ERR_INTERNAL, "store_error", NULL, "%s: %s", entity, msg);
	case SQLITE_CONSTRAINT:
		break;
	default:
		return ld_fail(err, LD_ERR_INTERNAL, "store_error", NULL, "%s: %s", entity, msg);
	}

	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		unique_field(msg, field, sizeof field);
		snprintf(code, sizeof code, "%s_exists", entity);
		return ld_fail(err, LD_ERR_CONFLICT, code, field,
			       "a %s with this %s exists already", entity,
			       field[0] ? field : "key");
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		for (int i = 0; i < nrefs; i++) {
			bool found = true;
			if (refs[i].id == 0)
				continue;
			if (sq_exists(s, refs[i].table, refs[i].id, &found, NULL) != LD_OK)
				break;
			if (!found) {
				const char *parent = SQ_TABLES[refs[i].table].entity;
				snprintf(code, sizeof code, "%s_not_found", parent);
				return ld_fail(err, LD_ERR_NOT_FOUND, code, refs[i].field,
					       "%s %lld (%s) not found", parent,
					       (long long)refs[i].id, refs[i].field);
			}
		}
		return ld_fail(err, LD_ERR_INVALID, "reference_not_found", NULL,
			       "%s refers to a row that does not exist", entity);
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
		snprintf(code, sizeof code, "invalid_%s", entity);
		return ld_fail(err, LD_ERR_INVALID, code, NULL, "%s: %s", entity, msg);
	default:
		return ld_fail(err, LD_ERR_INTERNAL, "store_error", NULL, "%s: %s", entity, msg);
	}
}

ld_status sq_exists(struct sq_store *s, enum sq_table table, int64_t id, bool *found,
		    struct ld_err *err)
{
	char sql[96];
	sqlite3_stmt *st = NULL;
	ld_status rc;
	int src;

	*found = false;
	sql[0] = '\0';
	if (!sq_stmt_ready(s, (enum sq_stmt)(SQ_EXISTS + table)))
		snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ?", SQ_TABLES[table].table);
	rc = sq_stmt(s, (enum sq_stmt)(SQ_EXISTS + table), sql, &st, err);
	if (rc != LD_OK)
		goto out;
	if ((src = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK) {
		rc = sq_fail(s, src, SQ_TABLES[table].entity, NULL, 0, err);
		goto out;
	}
	rc = sq_step_next(s, st, SQ_TABLES[table].entity, found, err);
out:
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Transactions
 * ==================================================================== */

/* Runs one of the cached transaction-control statements. */
static ld_status run_control(struct sq_store *s, enum sq_stmt slot, const char *sql,
			     struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc = sq_stmt(s, slot, sql, &st, err);

	if (rc == LD_OK)
		rc = sq_step_done(s, st, "transaction", NULL, 0, err);
	sq_release(st);
	return rc;
}

static ld_status sq_begin(struct store *store, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	ld_status rc;

	if (s->in_tx || s->in_read)
		return ld_fail(err, LD_ERR_INTERNAL, "nested_transaction", NULL,
			       "begin() inside a transaction: transactions do not nest");
	if ((rc = sq_writer_lock(s->writer, err)) != LD_OK)
		return rc;
	sq_space_begin(s);
	rc = run_control(s, SQ_BEGIN, "BEGIN IMMEDIATE", err);
	if (rc == LD_OK)
		s->in_tx = true;
	else
		sq_writer_unlock(s->writer);
	return rc;
}

/* Leaves the transaction state and lets the next writer of this process in. */
static void tx_done(struct sq_store *s)
{
	if (s->in_tx) {
		s->in_tx = false;
		s->savepoints = 0;
		sq_writer_unlock(s->writer);
	}
}

static void sq_rollback(struct store *store)
{
	struct sq_store *s = sq_of(store);

	if (!s->in_tx)
		return;
	/* Fails only when SQLite already rolled back (I/O error, full disk). */
	if (!sqlite3_get_autocommit(s->db))
		(void)run_control(s, SQ_ROLLBACK, "ROLLBACK", NULL);
	tx_done(s);
}

static ld_status sq_savepoint(struct store *store, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	ld_status rc;

	if (!s->in_tx)
		return ld_fail(err, LD_ERR_INTERNAL, "no_transaction", NULL,
			       "savepoint() without begin()");
	rc = run_control(s, SQ_SAVEPOINT, "SAVEPOINT sp", err);
	if (rc == LD_OK)
		s->savepoints++;
	return rc;
}

static ld_status sq_release_savepoint(struct store *store, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	ld_status rc;

	if (!s->in_tx || s->savepoints == 0)
		return ld_fail(err, LD_ERR_INTERNAL, "no_savepoint", NULL,
			       "release() without savepoint()");
	rc = run_control(s, SQ_RELEASE, "RELEASE sp", err);
	if (rc == LD_OK)
		s->savepoints--;
	return rc;
}

static void sq_rollback_savepoint(struct store *store)
{
	struct sq_store *s = sq_of(store);

	if (!s->in_tx || s->savepoints == 0)
		return;
	/* ROLLBACK TO keeps the mark; RELEASE then drops it. */
	if (!sqlite3_get_autocommit(s->db)) {
		(void)run_control(s, SQ_ROLLBACK_TO, "ROLLBACK TO sp", NULL);
		(void)run_control(s, SQ_RELEASE, "RELEASE sp", NULL);
	}
	s->savepoints--;
}

static ld_status sq_read_begin(struct store *store, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	ld_status rc;

	if (s->in_tx || s->in_read)
		return ld_fail(err, LD_ERR_INTERNAL, "nested_transaction", NULL,
			       "read_begin() inside a transaction");
	rc = run_control(s, SQ_READ_BEGIN, "BEGIN DEFERRED", err);
	if (rc == LD_OK)
		s->in_read = true;
	return rc;
}

static void sq_read_end(struct store *store)
{
	struct sq_store *s = sq_of(store);

	if (!s->in_read)
		return;
	s->in_read = false;
	if (!sqlite3_get_autocommit(s->db))
		(void)run_control(s, SQ_READ_END, "COMMIT", NULL);
}

static ld_status sq_commit(struct store *store, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	ld_status rc;

	if (!s->in_tx)
		return ld_fail(err, LD_ERR_INTERNAL, "no_transaction", NULL,
			       "commit() without begin()");
	if (sqlite3_get_autocommit(s->db)) {
		/* An earlier error (I/O, full disk) made SQLite roll back. */
		rc = tx_dropped(s, err);
		tx_done(s);
		return rc;
	}
	rc = run_control(s, SQ_COMMIT, "COMMIT", err);
	if (rc == LD_OK)
		sq_space_committed(s);
	else
		sq_rollback(store);
	tx_done(s);
	return rc;
}

/* ====================================================================
 * Open, migrate, close
 * ==================================================================== */

/* Runs a script of static SQL (pragmas, migrations). */
ld_status sq_exec_script(struct sq_store *s, const char *sql, const char *what,
			 struct ld_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	ld_status st = LD_OK;

	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
			st = ld_fail(err, LD_ERR_RETRY, "store_busy", NULL,
				     "%s: the database is busy, try again", what);
		else if (sq_is_full(rc, sqlite3_system_errno(s->db)))
			st = sq_full(s, what, err);
		else
			st = ld_fail(err, LD_ERR_INTERNAL, "store_error", NULL, "%s: %s", what,
				     msg ? msg : sqlite3_errstr(rc));
	}
	sqlite3_free(msg);
	return st;
}

static ld_status configure(struct sq_store *s, const char *path, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc;
	bool more = false;

	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, SQ_BUSY_TIMEOUT_MS);
	/* The first statement touches the file: a missing directory shows here. */
	rc = sq_exec_script(s,
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = NORMAL;"
			 "PRAGMA foreign_keys = ON;"
			 "PRAGMA temp_store = MEMORY;"
			 "PRAGMA cache_size = -65536;"
			 "PRAGMA secure_delete = ON;",
			 "configure", err);
	if (rc != LD_OK) {
		if (rc == LD_ERR_INTERNAL)
			rc = ld_fail(err, LD_ERR_INTERNAL, "store_open_failed", NULL,
				     "cannot open database \"%s\": %s", path,
				     sqlite3_errmsg(s->db));
		goto out;
	}
	/* A build without foreign-key support ignores the pragma silently. */
	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_keys", -1, &st, NULL) != SQLITE_OK ||
	    sq_step_next(s, st, "configure", &more, NULL) != LD_OK || !more ||
	    sqlite3_column_int(st, 0) != 1) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "store_open_failed", NULL,
			     "SQLite of this build does not enforce foreign keys");
		goto out;
	}
out:
	sqlite3_finalize(st);
	return rc;
}

static void sq_close(struct store *store)
{
	struct sq_store *s = sq_of(store);

	if (s->db != NULL) {
		sq_rollback(store);
		sq_read_end(store);
		for (int i = 0; i < SQ_STMT_COUNT; i++)
			sqlite3_finalize(s->stmt[i]);
		/* Keeps planner statistics fresh for long-lived databases; cheap. */
		(void)sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL, NULL);
		sqlite3_close(s->db);
	}
	sq_writer_release(s->writer);
	free(s);
}

static const struct store_ops SQ_OPS = {
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.savepoint = sq_savepoint,
	.release = sq_release_savepoint,
	.rollback_savepoint = sq_rollback_savepoint,
	.read_begin = sq_read_begin,
	.read_end = sq_read_end,
	.schema_version = sq_schema_version,
	.space = sq_space,
	.org_insert = sq_org_insert,
	.org_get = sq_org_get,
	.org_update = sq_org_update,
	.org_list = sq_org_list,
	.customer_insert = sq_customer_insert,
	.customer_get = sq_customer_get,
	.customer_update = sq_customer_update,
	.customer_list = sq_customer_list,
	.customer_find_email = sq_customer_find_email,
	.team_insert = sq_team_insert,
	.team_get = sq_team_get,
	.team_update = sq_team_update,
	.team_list = sq_team_list,
	.agent_insert = sq_agent_insert,
	.agent_get = sq_agent_get,
	.agent_get_by_email = sq_agent_get_by_email,
	.agent_update = sq_agent_update,
	.agent_set_password = sq_agent_set_password,
	.agent_list = sq_agent_list,
	.session_insert = sq_session_insert,
	.session_get = sq_session_get,
	.session_delete = sq_session_delete,
	.session_delete_agent = sq_session_delete_agent,
	.session_purge = sq_session_purge,
	.facility_insert = sq_facility_insert,
	.facility_get = sq_facility_get,
	.facility_update = sq_facility_update,
	.facility_list = sq_facility_list,
	.case_insert = sq_case_insert,
	.case_get = sq_case_get,
	.case_update = sq_case_update,
	.case_list = sq_case_list,
	.case_topic_list = sq_case_topic_list,
	.effort_totals = sq_effort_totals,
	.customer_split = sq_customer_split,
	.fcr_totals = sq_fcr_totals,
	.subscription_insert = sq_subscription_insert,
	.subscription_get = sq_subscription_get,
	.subscription_update = sq_subscription_update,
	.subscription_list = sq_subscription_list,
	.survey_insert = sq_survey_insert,
	.survey_get = sq_survey_get,
	.survey_get_by_digest = sq_survey_get_by_digest,
	.survey_answer = sq_survey_answer,
	.survey_list = sq_survey_list,
	.survey_last_sent = sq_survey_last_sent,
	.survey_histogram = sq_survey_histogram,
	.servqual_totals = sq_servqual_totals,
	.ces_effort_rows = sq_ces_effort_rows,
	.survey_rule_insert = sq_survey_rule_insert,
	.survey_rule_list = sq_survey_rule_list,
	.survey_rule_delete = sq_survey_rule_delete,
	.message_insert = sq_message_insert,
	.message_get = sq_message_get,
	.message_list = sq_message_list,
	.message_mark_sent = sq_message_mark_sent,
	.message_claim = sq_message_claim,
	.message_attempt_failed = sq_message_attempt_failed,
	.message_retry = sq_message_retry,
	.mail_thread = sq_mail_thread,
	.mail_message_insert = sq_mail_message_insert,
	.mail_message_find = sq_mail_message_find,
	.attachment_insert = sq_attachment_insert,
	.attachment_get = sq_attachment_get,
	.attachment_list = sq_attachment_list,
	.attachment_blob_used = sq_attachment_blob_used,
	.integration_insert = sq_integration_insert,
	.integration_get = sq_integration_get,
	.integration_find_token = sq_integration_find_token,
	.integration_list = sq_integration_list,
	.integration_revoke = sq_integration_revoke,
	.integration_touch = sq_integration_touch,
	.call_insert = sq_call_insert,
	.call_update = sq_call_update,
	.call_get = sq_call_get,
	.call_find = sq_call_find,
	.call_list = sq_call_list,
	.call_list_stale = sq_call_list_stale,
	.chat_widget_insert = sq_chat_widget_insert,
	.chat_widget_update = sq_chat_widget_update,
	.chat_widget_get = sq_chat_widget_get,
	.chat_widget_find_key = sq_chat_widget_find_key,
	.chat_widget_list = sq_chat_widget_list,
	.chat_insert = sq_chat_insert,
	.chat_update = sq_chat_update,
	.chat_get = sq_chat_get,
	.chat_find_token = sq_chat_find_token,
	.chat_list = sq_chat_list,
	.chat_list_idle = sq_chat_list_idle,
	.chat_message_insert = sq_chat_message_insert,
	.chat_message_list = sq_chat_message_list,
	.chat_message_head = sq_chat_message_head,
	.feedback_insert = sq_feedback_insert,
	.feedback_update = sq_feedback_update,
	.feedback_get = sq_feedback_get,
	.feedback_find_message = sq_feedback_find_message,
	.feedback_list = sq_feedback_list,
	.facility_totals = sq_facility_totals,
	.magic_link_insert = sq_magic_link_insert,
	.magic_link_get = sq_magic_link_get,
	.magic_link_use = sq_magic_link_use,
	.magic_link_count = sq_magic_link_count,
	.webhook_insert = sq_webhook_insert,
	.webhook_update = sq_webhook_update,
	.webhook_get = sq_webhook_get,
	.webhook_delete = sq_webhook_delete,
	.webhook_list = sq_webhook_list,
	.delivery_insert = sq_delivery_insert,
	.delivery_claim = sq_delivery_claim,
	.delivery_result = sq_delivery_result,
	.delivery_get = sq_delivery_get,
	.delivery_list = sq_delivery_list,
	.followup_insert = sq_followup_insert,
	.followup_get = sq_followup_get,
	.followup_update = sq_followup_update,
	.followup_list = sq_followup_list,
	.loyalty_cells = sq_loyalty_cells,
	.customer_loyalty_key = sq_customer_loyalty_key,
	.rollup_apply = sq_rollup_apply,
	.customer_rollup_get = sq_customer_rollup_get,
	.customer_rollup_list = sq_customer_rollup_list,
	.rollup_cells = sq_rollup_cells,
	.rollup_clear = sq_rollup_clear,
	.rollup_rebuild_pending = sq_rollup_rebuild_pending,
	.rollup_rebuild_done = sq_rollup_rebuild_done,
	.customer_list_by_key = sq_customer_list_by_key,
	.renewal_due_list = sq_renewal_due_list,
	.renewal_calendar = sq_renewal_calendar,
	.interaction_insert = sq_interaction_insert,
	.interaction_list_case = sq_interaction_list_case,
	.interaction_timeline = sq_interaction_timeline,
	.interaction_move_case = sq_interaction_move_case,
	.audit_insert = sq_audit_insert,
	.audit_count = sq_audit_count,
	.audit_list = sq_audit_list,
	.throttle_get = sq_throttle_get,
	.throttle_put = sq_throttle_put,
	.throttle_delete = sq_throttle_delete,
	.calendar_insert = sq_calendar_insert,
	.calendar_get = sq_calendar_get,
	.holiday_list = sq_holiday_list,
	.holiday_add = sq_holiday_add,
	.sla_policy_insert = sq_sla_policy_insert,
	.sla_policy_match = sq_sla_policy_match,
	.sla_policy_list = sq_sla_policy_list,
	.calendar_list = sq_calendar_list,
	.calendar_update = sq_calendar_update,
	.holiday_page = sq_holiday_page,
	.holiday_delete = sq_holiday_delete,
	.sla_policy_get = sq_sla_policy_get,
	.sla_policy_update = sq_sla_policy_update,
	.sla_policy_delete = sq_sla_policy_delete,
	.agent_list_customer = sq_agent_list_customer,
	.case_contents_remove = sq_case_contents_remove,
	.customer_texts_remove = sq_customer_texts_remove,
	.audit_redact = sq_audit_redact,
	.retention_cases = sq_retention_cases,
	.compact_after_erase = sq_compact_after_erase,
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

/*
 * Process-wide settings, before the first connection: memory statistics off
 * (they take a global mutex on every allocation, which serialises the
 * server's threads for numbers nobody reads).
 */
static void global_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

ld_status store_sqlite_open(const char *path, struct store **out, struct ld_err *err)
{
	struct sq_store *s = NULL;
	ld_status rc;
	int src;

	*out = NULL;
	pthread_once(&global_once, global_setup);
	s = calloc(1, sizeof *s);
	if (s == NULL) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		goto out;
	}
	s->base.ops = &SQ_OPS;
	s->space = &s->own_space;
	src = sqlite3_open_v2(path, &s->db,
			      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (src != SQLITE_OK) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "store_open_failed", NULL,
			     "cannot open database \"%s\": %s", path,
			     s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(src));
		goto out;
	}
	s->writer = sq_writer_acquire(sqlite3_db_filename(s->db, "main"));
	s->space = s->writer != NULL ? sq_writer_space(s->writer) : &s->own_space;
	if ((rc = configure(s, path, err)) != LD_OK)
		goto out;
	/* The file's checkpointer copies the log back (writer.c), off the commit path. */
	sq_writer_watch(s->writer, s->db);
	if ((rc = sq_migrate(s, err)) != LD_OK)
		goto out;
	*out = &s->base;
	s = NULL;
out:
	if (s != NULL)
		sq_close(&s->base);
	return rc;
}
