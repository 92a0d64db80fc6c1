/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Private header of the SQLite backend of the store (contract in store.h).
 *
 * Owns: the handle layout, the slots of the per-handle prepared-statement
 * cache, the entry points of every entity file, and the small helpers they
 * share (binding parameters, decoding rows, mapping SQLite errors to
 * ld_status). Nothing outside src/store/ includes it, and nothing here is part
 * of the store contract. `sq_` is this backend's private prefix.
 *
 * The pattern every operation follows:
 *
 *	sqlite3_stmt *st = NULL;
 *	struct sq_bind b;
 *	ld_status rc = sq_stmt(s, SQ_X, "SELECT …", &st, err);   // cached
 *	if (rc != LD_OK) goto out;
 *	sq_bind_start(&b, st); sq_bind_id(&b, id); …
 *	if ((rc = sq_bind_check(&b, err)) != LD_OK) goto out;
 *	rc = sq_step_row(s, st, "case", id, err);                // or _done
 *	…
 * out:
 *	sq_release(st);     // reset + clear bindings; the statement stays cached
 *	return rc;
 */
#ifndef LD_STORE_SQLITE_SQLITE_STORE_H
#define LD_STORE_SQLITE_SQLITE_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/*
 * Opens (creating if needed) the SQLite database at `path`, configures the
 * connection (WAL, synchronous=NORMAL, foreign_keys, busy_timeout 5 s) and
 * applies pending migrations. The parent directory must exist. [out] *out is
 * the caller's, released with store_close().
 */
ld_status store_sqlite_open(const char *path, struct store **out, struct ld_err *err);

/* Tables a foreign key can point at, for naming the missing one. */
enum sq_table {
	SQ_T_ORG,
	SQ_T_CUSTOMER,
	SQ_T_TEAM,
	SQ_T_AGENT,
	SQ_T_FACILITY,
	SQ_T_CALENDAR,
	SQ_T_CASE,
	SQ_T_SLA_POLICY,
	SQ_T_SURVEY,
	SQ_T_MESSAGE,
	SQ_T_INTERACTION,
	SQ_T_INTEGRATION,
	SQ_T_WEBHOOK,
	SQ_T_CHAT_WIDGET,
	SQ_T_CHAT,
	SQ_T_COUNT
};

/* Number of variants of the filtered list statements (one per filter mask). */
#define SQ_CUSTOMER_LIST_VARIANTS 4 /* search text × org */
#define SQ_CASE_LIST_VARIANTS 32    /* customer × owner × team × status × facility */
#define SQ_AUDIT_LIST_VARIANTS 8    /* actor × object × action */

/* Slots of the prepared-statement cache, grouped by the file that owns them. */
enum sq_stmt {
	/* db.c */
	SQ_BEGIN,
	SQ_COMMIT,
	SQ_ROLLBACK,
	SQ_SAVEPOINT,
	SQ_RELEASE,
	SQ_ROLLBACK_TO,
	SQ_READ_BEGIN,
	SQ_READ_END,
	SQ_SCHEMA_VERSION,
	SQ_EXISTS,                                      /* + enum sq_table */
	/* org.c */
	SQ_ORG_INSERT = SQ_EXISTS + SQ_T_COUNT,
	SQ_ORG_GET,
	SQ_ORG_UPDATE,
	SQ_ORG_LIST,
	/* customer.c */
	SQ_CUSTOMER_INSERT,
	SQ_CUSTOMER_GET,
	SQ_CUSTOMER_UPDATE,
	SQ_CUSTOMER_FIND_EMAIL,
	SQ_CUSTOMER_KEY_GET,
	SQ_CUSTOMER_FTS_ADD,
	SQ_CUSTOMER_FTS_DROP,
	SQ_CUSTOMER_LIST,                               /* + filter mask */
	/* team.c */
	SQ_TEAM_INSERT = SQ_CUSTOMER_LIST + SQ_CUSTOMER_LIST_VARIANTS,
	SQ_TEAM_GET,
	SQ_TEAM_UPDATE,
	SQ_TEAM_LIST,
	/* agent.c */
	SQ_AGENT_INSERT,
	SQ_AGENT_GET,
	SQ_AGENT_GET_BY_EMAIL,
	SQ_AGENT_UPDATE,
	SQ_AGENT_SET_PASSWORD,
	SQ_AGENT_LIST_ANY,
	SQ_AGENT_LIST_ROLE,
	SQ_SESSION_INSERT,
	SQ_SESSION_GET,
	SQ_SESSION_DELETE,
	SQ_SESSION_DELETE_AGENT,
	SQ_SESSION_PURGE,
	/* facility.c */
	SQ_FACILITY_INSERT,
	SQ_FACILITY_GET,
	SQ_FACILITY_UPDATE,
	SQ_FACILITY_LIST,
	/* case.c */
	SQ_CASE_INSERT,
	SQ_CASE_GET,
	SQ_CASE_UPDATE,
	SQ_CASE_TOPIC_LIST,
	SQ_CASE_LIST,                                   /* + filter mask */
	/* interaction.c */
	SQ_INTERACTION_INSERT = SQ_CASE_LIST + SQ_CASE_LIST_VARIANTS,
	SQ_INTERACTION_CASE_CUSTOMER,
	SQ_INTERACTION_LIST_CASE_FIRST,
	SQ_INTERACTION_LIST_CASE_AFTER,
	SQ_INTERACTION_TIMELINE_FIRST,
	SQ_INTERACTION_TIMELINE_AFTER,
	SQ_INTERACTION_MOVE_CASE,
	/* audit.c */
	SQ_AUDIT_INSERT,
	SQ_AUDIT_COUNT,
	SQ_AUDIT_LAST,
	SQ_AUDIT_LIST,                                  /* + filter mask */
	/* throttle.c */
	SQ_THROTTLE_GET = SQ_AUDIT_LIST + SQ_AUDIT_LIST_VARIANTS,
	SQ_THROTTLE_PUT,
	SQ_THROTTLE_DROP,
	/* sla.c */
	SQ_CALENDAR_INSERT,
	SQ_CALENDAR_GET,
	SQ_HOLIDAY_LIST,
	SQ_HOLIDAY_ADD,
	SQ_SLA_POLICY_INSERT,
	SQ_SLA_POLICY_MATCH,
	SQ_SLA_POLICY_LIST,
	SQ_CALENDAR_LIST,
	SQ_CALENDAR_UPDATE,
	SQ_HOLIDAY_PAGE,
	SQ_HOLIDAY_DELETE,
	SQ_SLA_POLICY_GET,
	SQ_SLA_POLICY_UPDATE,
	SQ_SLA_POLICY_DELETE,
	/* report.c */
	SQ_EFFORT_TOTALS,
	SQ_FCR_TOTALS,
	/* subscription.c */
	SQ_SUBSCRIPTION_INSERT,
	SQ_SUBSCRIPTION_GET,
	SQ_SUBSCRIPTION_UPDATE,
	SQ_SUBSCRIPTION_LIST,
	SQ_CUSTOMER_SPLIT,
	/* survey.c */
	SQ_SURVEY_INSERT,
	SQ_SURVEY_GET,
	SQ_SURVEY_GET_BY_DIGEST,
	SQ_SURVEY_ANSWER,
	SQ_SURVEY_LIST,
	SQ_SURVEY_LAST_SENT,
	SQ_SURVEY_HISTOGRAM,
	SQ_SERVQUAL_TOTALS,
	SQ_CES_EFFORT_ROWS,
	SQ_SURVEY_RULE_INSERT,
	SQ_SURVEY_RULE_LIST,
	SQ_SURVEY_RULE_DELETE,
	/* followup.c */
	SQ_MESSAGE_INSERT,
	SQ_MESSAGE_GET,
	SQ_MESSAGE_LIST_WAITING,
	SQ_MESSAGE_LIST_ALL,
	SQ_MESSAGE_MARK_SENT,
	SQ_MESSAGE_CLAIM_PICK,
	SQ_MESSAGE_CLAIM_TAKE,
	SQ_MESSAGE_ATTEMPT_FAILED,
	SQ_MESSAGE_RETRY,
	SQ_MAIL_THREAD,
	/* mail.c */
	SQ_MAIL_MESSAGE_INSERT,
	SQ_MAIL_MESSAGE_FIND,
	SQ_ATTACHMENT_INSERT,
	SQ_ATTACHMENT_GET,
	SQ_ATTACHMENT_LIST,
	SQ_ATTACHMENT_BLOB_USED,
	SQ_FOLLOWUP_INSERT,
	SQ_FOLLOWUP_GET,
	SQ_FOLLOWUP_UPDATE,
	SQ_FOLLOWUP_LIST,
	/* customer.c: loyalty */
	SQ_CUSTOMER_LOYALTY_KEY,
	SQ_CUSTOMER_LIST_BY_KEY,
	SQ_LOYALTY_CELLS,
	/* subscription.c: renewals */
	SQ_RENEWAL_DUE_LIST,
	SQ_RENEWAL_CALENDAR,
	/* rollup.c */
	SQ_ROLLUP_EFFORT,
	SQ_ROLLUP_FCR,
	SQ_ROLLUP_ANSWER,
	SQ_ROLLUP_SERVQUAL,
	SQ_ROLLUP_SPLIT,
	SQ_ROLLUP_LOYALTY,
	SQ_ROLLUP_CUSTOMER_PUT,
	SQ_ROLLUP_CUSTOMER_GET,
	SQ_ROLLUP_CUSTOMER_LIST,
	SQ_ROLLUP_PENDING,
	/* agent.c: customer logins */
	SQ_AGENT_LIST_CUSTOMER,
	/* gdpr.c */
	SQ_GDPR_CASE_COUNT,
	SQ_GDPR_CASE_SUBJECT,
	SQ_GDPR_CASE_BODIES,
	SQ_GDPR_CASE_COMMENTS,
	SQ_GDPR_CASE_NOTES,
	SQ_GDPR_CASE_FILES,
	SQ_GDPR_CASE_MAIL_IDS,
	SQ_GDPR_CUSTOMER_COUNT,
	SQ_GDPR_CUSTOMER_BODIES,
	SQ_GDPR_CUSTOMER_COMMENTS,
	SQ_GDPR_CUSTOMER_NOTES,
	SQ_GDPR_CUSTOMER_OUTBOX,
	SQ_GDPR_CUSTOMER_SURVEYS,
	SQ_GDPR_AUDIT_COUNT,
	SQ_GDPR_AUDIT_REDACT,
	SQ_GDPR_RETENTION_CASES,
	SQ_GDPR_CUSTOMER_CALLS,
	SQ_GDPR_CASE_CALLS,
	/* call.c */
	SQ_INTEGRATION_INSERT,
	SQ_INTEGRATION_GET,
	SQ_INTEGRATION_FIND_TOKEN,
	SQ_INTEGRATION_LIST,
	SQ_INTEGRATION_REVOKE,
	SQ_INTEGRATION_TOUCH,
	SQ_CALL_INSERT,
	SQ_CALL_UPDATE,
	SQ_CALL_GET,
	SQ_CALL_FIND,
	SQ_CALL_LIST,
	SQ_CALL_LIST_CUSTOMER,
	SQ_CALL_LIST_STALE,
	/* webhook.c */
	SQ_WEBHOOK_INSERT,
	SQ_WEBHOOK_UPDATE,
	SQ_WEBHOOK_GET,
	SQ_WEBHOOK_DELETE,
	SQ_WEBHOOK_LIST,
	SQ_DELIVERY_INSERT,
	SQ_DELIVERY_CLAIM_PICK,
	SQ_DELIVERY_CLAIM_TAKE,
	SQ_DELIVERY_RESULT,
	SQ_DELIVERY_GET,
	SQ_DELIVERY_LIST,
	/* portal.c */
	SQ_MAGIC_LINK_PURGE,
	SQ_MAGIC_LINK_INSERT,
	SQ_MAGIC_LINK_GET,
	SQ_MAGIC_LINK_USE,
	SQ_MAGIC_LINK_COUNT,
	SQ_GDPR_CUSTOMER_LINKS,
	SQ_FACILITY_TOTALS,
	/* chat.c */
	SQ_CHAT_WIDGET_INSERT,
	SQ_CHAT_WIDGET_UPDATE,
	SQ_CHAT_WIDGET_GET,
	SQ_CHAT_WIDGET_FIND_KEY,
	SQ_CHAT_WIDGET_LIST,
	SQ_CHAT_INSERT,
	SQ_CHAT_UPDATE,
	SQ_CHAT_GET,
	SQ_CHAT_FIND_TOKEN,
	SQ_CHAT_LIST,
	SQ_CHAT_LIST_CUSTOMER,
	SQ_CHAT_LIST_IDLE,
	SQ_CHAT_MESSAGE_INSERT,
	SQ_CHAT_MESSAGE_LIST,
	SQ_CHAT_MESSAGE_FEED,
	SQ_CHAT_MESSAGE_HEAD,
	SQ_GDPR_CASE_CHAT_MESSAGES,
	SQ_GDPR_CASE_CHATS,
	SQ_GDPR_CUSTOMER_CHAT_MESSAGES,
	SQ_GDPR_CUSTOMER_CHATS,
	/* feedback.c */
	SQ_FEEDBACK_INSERT,
	SQ_FEEDBACK_UPDATE,
	SQ_FEEDBACK_GET,
	SQ_FEEDBACK_FIND_MESSAGE,
	SQ_FEEDBACK_LIST,
	SQ_GDPR_CASE_FEEDBACK,
	SQ_GDPR_CUSTOMER_FEEDBACK,
	SQ_STMT_COUNT
};

/*
 * When a write on a database was last refused for lack of room (space.c):
 * CLOCK_MONOTONIC ms, 0 = not since a change was committed. One per file and
 * process, in the file's sq_writer, so what the group-commit writer's handle
 * met the health check's handle sees; a handle without one keeps its own.
 */
struct sq_space_mark {
	_Atomic int64_t full_at_ms;        /* 0 = none */
};

/* The handle behind a `struct store *` of this backend. */
struct sq_store {
	struct store base;                 /* ops table; first, so the pointers convert */
	sqlite3 *db;                       /* the connection, owned */
	bool in_tx;                        /* between begin() and commit()/rollback() */
	int savepoints;                    /* open savepoints inside the transaction */
	bool in_read;                      /* between read_begin() and read_end() */
	bool tx_full;                      /* a write of the open transaction found no room */
	int64_t tx_changes;                /* sqlite3_total_changes64() at begin() */
	struct sq_writer *writer;          /* in-process writer lock of the file, NULL = none */
	struct sq_space_mark *space;       /* the file's mark (writer's), else &own_space */
	struct sq_space_mark own_space;    /* the mark of a handle without a writer */
	unsigned cap_generation;           /* test page cap last applied (space.c) */
	int64_t pages_default;             /* max_page_count before the test cap, 0 = unread */
	sqlite3_stmt *stmt[SQ_STMT_COUNT]; /* prepared on first use, finalised at close */
};

static inline struct sq_store *sq_of(struct store *s)
{
	return (struct sq_store *)s;
}

/* ---- writer.c: one in-process writer lock per database file ---- */

/* SQLite's own busy wait for other processes, ms. */
#define SQ_BUSY_TIMEOUT_MS 5000

struct sq_writer;
/* The lock of the file at absolute `path` (refcounted); NULL for "" (memory). */
struct sq_writer *sq_writer_acquire(const char *path);
void sq_writer_release(struct sq_writer *w);       /* NULL-safe */
/* Whether the file's checkpointer runs (then handles turn their own off). */
bool sq_writer_checkpoints(const struct sq_writer *w);
/* Hands `db`'s checkpoints to the file's checkpointer, and restarts a log
 * that grew too long after a commit (writer.c). */
void sq_writer_watch(const struct sq_writer *w, sqlite3 *db);
/* The file's refused-write mark, shared by its handles in this process. */
struct sq_space_mark *sq_writer_space(struct sq_writer *w);
/* Waits up to SQ_BUSY_TIMEOUT_MS; LD_ERR_RETRY "store_busy" after. NULL = no-op. */
ld_status sq_writer_lock(struct sq_writer *w, struct ld_err *err);
void sq_writer_unlock(struct sq_writer *w);         /* NULL-safe */

/* ---- space.c: a full disk, and the room left ---- */

/*
 * Whether SQLite's `rc` means "no room": SQLITE_FULL, or an I/O error whose
 * system error (`sys_errno`, sqlite3_system_errno()) is ENOSPC or EDQUOT —
 * growing the -shm file or syncing a file on a full disk.
 */
bool sq_is_full(int rc, int sys_errno);
/*
 * Records a write of `s` refused for lack of room (the file's mark, and the
 * open transaction's) and returns LD_ERR_FULL "storage_full" naming `what`.
 */
ld_status sq_full(struct sq_store *s, const char *what, struct ld_err *err);
/* After begin(): the test page cap if it changed, and a clean transaction. */
void sq_space_begin(struct sq_store *s);
/* After a commit: clears the file's mark when the transaction changed rows
 * and none of its writes was refused. */
void sq_space_committed(struct sq_store *s);
/* Clears the file's mark: a change committed (a write outside begin()). */
void sq_space_room(struct sq_store *s);
/* The space() operation of store.h. */
ld_status sq_space(struct store *s, struct store_space *out, struct ld_err *err);
/*
 * Test hook, not part of the store contract: with `on`, every handle of the
 * process caps its database at the size it has when the handle next begins
 * a transaction (PRAGMA max_page_count), so a write that needs a new page
 * fails with SQLITE_FULL as on a full disk, without filling a filesystem;
 * `on` false lifts the cap at each handle's next begin. Only tests call it.
 */
void sq_test_cap_pages(bool on);

/* ---- db.c: statements, steps, errors ---- */

/*
 * [out] *out = the cached statement of `slot`, preparing `sql` on its first
 * use (persistent). Borrowed: give it back with sq_release() before returning.
 */
ld_status sq_stmt(struct sq_store *s, enum sq_stmt slot, const char *sql, sqlite3_stmt **out,
		  struct ld_err *err);

/* Whether `slot` is prepared already, so its caller may skip building SQL. */
static inline bool sq_stmt_ready(const struct sq_store *s, enum sq_stmt slot)
{
	return s->stmt[slot] != NULL;
}

/* Resets a borrowed statement and clears its bindings (NULL-safe). */
void sq_release(sqlite3_stmt *st);

/* A foreign key of the row being written, for naming the missing parent. */
struct sq_ref {
	enum sq_table table; /* parent table */
	int64_t id;          /* referenced id, 0 = not set (never missing) */
	const char *field;   /* input field that carries it, "owner_id" */
};

/*
 * Maps a failed step's SQLite code `rc` to a status for an operation on
 * `entity` ("customer"):
 *   UNIQUE / PRIMARY KEY   → LD_ERR_CONFLICT "<entity>_exists", field = the
 *                            clashing column;
 *   FOREIGN KEY            → LD_ERR_NOT_FOUND "<parent>_not_found", field of
 *                            the first `refs` entry whose parent is missing,
 *                            else LD_ERR_INVALID "reference_not_found";
 *   CHECK / NOT NULL       → LD_ERR_INVALID "invalid_<entity>";
 *   BUSY / LOCKED          → LD_ERR_RETRY "store_busy";
 *   FULL, IOERR with ENOSPC or EDQUOT
 *                          → LD_ERR_FULL "storage_full" (sq_full());
 *   anything else          → LD_ERR_INTERNAL "store_error" with errmsg.
 * `refs` may be NULL when `nrefs` is 0.
 */
ld_status sq_fail(struct sq_store *s, int rc, const char *entity, const struct sq_ref *refs,
		  int nrefs, struct ld_err *err);

/* Steps a write to SQLITE_DONE; errors through sq_fail(). */
ld_status sq_step_done(struct sq_store *s, sqlite3_stmt *st, const char *entity,
		       const struct sq_ref *refs, int nrefs, struct ld_err *err);

/*
 * Steps a single-row read: LD_OK with a row ready, LD_ERR_NOT_FOUND
 * "<entity>_not_found" (naming `id` unless 0) when there is none, else
 * sq_fail().
 */
ld_status sq_step_row(struct sq_store *s, sqlite3_stmt *st, const char *entity, int64_t id,
		      struct ld_err *err);

/*
 * Steps a read that may have no row: LD_OK with *more = true while a row is
 * ready, *more = false at the end; errors through sq_fail().
 */
ld_status sq_step_next(struct sq_store *s, sqlite3_stmt *st, const char *entity, bool *more,
		       struct ld_err *err);

/*
 * Decodes the current row of a statement into one out entry; on failure the
 * entry owns nothing.
 */
typedef ld_status (*sq_decode_fn)(sqlite3_stmt *st, void *out, struct ld_err *err);
/* Releases what a decoded entry owns (ld_customer_clear …). */
typedef void (*sq_clear_fn)(void *out);

/*
 * Steps a list read into out[0..limit) (entries of `size` bytes), *n = rows
 * decoded. On failure the entries decoded so far are cleared with `clear`
 * (NULL when they own nothing) and *n = 0.
 */
ld_status sq_collect(struct sq_store *s, sqlite3_stmt *st, const char *entity, void *out,
		     size_t size, int limit, int *n, sq_decode_fn decode, sq_clear_fn clear,
		     struct ld_err *err);

/* [out] *found = whether a row of `table` with `id` exists. */
ld_status sq_exists(struct sq_store *s, enum sq_table table, int64_t id, bool *found,
		    struct ld_err *err);

/* LD_ERR_NOT_FOUND "<entity>_not_found" naming `id`. */
ld_status sq_not_found(const char *entity, int64_t id, struct ld_err *err);

/* LD_ERR_INVALID "invalid_limit" unless limit ≥ 1 and the out pointers are set. */
ld_status sq_check_list(int limit, const void *out, const int *n, struct ld_err *err);

/* Runs a script of static SQL (pragmas, migrations); `what` names it in errors. */
ld_status sq_exec_script(struct sq_store *s, const char *sql, const char *what,
			 struct ld_err *err);
/* migrate.c: applies pending migrations; the schema version after them. */
ld_status sq_migrate(struct sq_store *s, struct ld_err *err);
ld_status sq_schema_version(struct store *store, int *version, struct ld_err *err);

/* Current Unix time, seconds. */
int64_t sq_now(void);

/* ---- row.c: binding parameters and decoding columns ---- */

/*
 * Binds the `?` parameters of a statement in order. The first failure is
 * kept; sq_bind_check() turns it into a status after the last bind. Text and
 * blobs are bound SQLITE_STATIC: they must outlive the step (store.h lends
 * inputs for the whole call, which is enough).
 */
struct sq_bind {
	sqlite3_stmt *st;      /* statement being bound */
	int next;              /* index of the next parameter, from 1 */
	int rc;                /* first sqlite3_bind_* failure, SQLITE_OK if none */
	const char *bad_field; /* first enum value without a wire name, NULL if none */
};

void sq_bind_start(struct sq_bind *b, sqlite3_stmt *st);
void sq_bind_i64(struct sq_bind *b, int64_t v);
/* 0 ("none": an id, a time not reached yet, a duration n/a) → NULL. */
void sq_bind_opt_i64(struct sq_bind *b, int64_t v);
void sq_bind_bool(struct sq_bind *b, bool v);
/* NULL → '' for a required text (NOT NULL in the schema). */
void sq_bind_text(struct sq_bind *b, const char *v);
/* NULL or "" → NULL. */
void sq_bind_opt_text(struct sq_bind *b, const char *v);
/* NAN → NULL. */
void sq_bind_opt_double(struct sq_bind *b, double v);
void sq_bind_blob(struct sq_bind *b, const void *p, int len);
/* NULL → SQL NULL. */
void sq_bind_opt_blob(struct sq_bind *b, const void *p, int len);
/* The wire name of `v` (core/model.h *_name()); `optional` maps -1 to NULL. */
void sq_bind_enum(struct sq_bind *b, const char *(*name)(int), int v, bool optional,
		  const char *field);
/* A list or report filter on an enum: -1 (any) → '', a value → its wire name,
 * anything else marks `field` bad (a filter outside its enum matches nothing
 * by mistake, or everything: it is refused instead). */
void sq_bind_filter_enum(struct sq_bind *b, const char *(*name)(int), int v,
			 const char *field);
/* LD_ERR_INVALID "invalid_<field>" for a bad enum, LD_ERR_INTERNAL for a failed bind. */
ld_status sq_bind_check(const struct sq_bind *b, struct ld_err *err);

/*
 * Reads the columns of the current row in order. NULL reads as 0, "", NAN or
 * -1 (optional enums). A value that does not fit its C field, an unknown
 * enum name or a failed allocation marks the row bad; sq_row_check() turns
 * that into LD_ERR_INTERNAL "corrupt_row" naming the column.
 */
struct sq_row {
	sqlite3_stmt *st;    /* statement with a row ready */
	int col;             /* index of the next column, from 0 */
	int bad_col;         /* first column that failed, -1 if none */
	bool oom;            /* the failure was an allocation */
};

void sq_row_start(struct sq_row *r, sqlite3_stmt *st);
int64_t sq_col_i64(struct sq_row *r);
int sq_col_int(struct sq_row *r);
bool sq_col_bool(struct sq_row *r);
/* Copies into buf (buf_len bytes incl. NUL); too long marks the row bad. */
void sq_col_text(struct sq_row *r, char *buf, size_t buf_len);
/* A heap copy for the caller, NULL for SQL NULL. */
char *sq_col_strdup(struct sq_row *r);
/* NULL → NAN. */
double sq_col_opt_double(struct sq_row *r);
/* Wire name → value through `parse`; NULL → -1 when `optional`, else bad. */
int sq_col_enum(struct sq_row *r, int (*parse)(const char *), bool optional);
/* The blob and its length; valid until the statement is stepped or reset. */
const void *sq_col_blob(struct sq_row *r, int *len);
ld_status sq_row_check(const struct sq_row *r, struct ld_err *err);

/* ---- the operations, one group per file (contracts in store.h) ---- */
#include "store/sqlite/sqlite_ops.h"

#endif
