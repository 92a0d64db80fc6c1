/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store interface: the one door between use cases (app/) and persistence.
 *
 * A backend implements `struct store_ops`; callers use the store_* inline
 * wrappers below. No backend type (sqlite3, PGconn) appears here, so a
 * PostgreSQL driver can implement the same contract, and one contract test
 * suite (tests/store/) runs against every backend.
 *
 * Conventions for every operation:
 *  - returns LD_OK or a negative ld_status; `err` (may be NULL) gets words;
 *  - LD_ERR_NOT_FOUND when the addressed row does not exist;
 *  - LD_ERR_CONFLICT on a unique-key clash (code "<entity>_exists") or a
 *    stale version; LD_ERR_RETRY when the database is busy past its timeout;
 *  - LD_ERR_FULL "storage_full" when a write finds no room (the disk or the
 *    quota the database lives on is full); after it the handle is usable:
 *    the statement, or the whole transaction when the backend had to drop
 *    it, is undone, and every later operation of a dropped transaction
 *    fails alike until rollback(), never running outside it;
 *  - LD_ERR_INVALID "invalid_<field>" for a value outside its enum, in a row
 *    or in a list or report filter (where -1 means "any"), and
 *    "invalid_limit" for a list with no room;
 *  - `[out]` structs are filled completely; heap strings inside them belong to
 *    the caller, released with ld_customer_clear()/ld_interaction_clear();
 *  - input structs are borrowed for the duration of the call;
 *  - inserts set the new id (and created_at when it was 0) in the struct;
 *  - list operations fill a caller array of `limit` entries and set *n;
 *    `after_id` is the exclusive cursor (0 = from the start), ascending ids.
 *  - A handle is used by one thread at a time; open one per thread.
 */
#ifndef LD_STORE_STORE_H
#define LD_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/chat.h"
#include "core/effort.h"
#include "core/feedback.h"
#include "core/model.h"
#include "store/query.h" /* the queries, cursors and SLA rows adapters see too */
#include "util/status.h"

struct store;

#include "store/rows.h" /* the value types the operations take and fill */

struct store_ops {
	const char *name; /* "sqlite" */

	/* Releases the handle (NULL-safe through store_close()). */
	void (*close)(struct store *s);

	/*
	 * Transactions. begin() opens a write transaction (takes the write lock
	 * up front); commit() makes it durable; rollback() undoes it and never
	 * fails. Without begin(), each operation is its own transaction.
	 */
	ld_status (*begin)(struct store *s, struct ld_err *err);
	ld_status (*commit)(struct store *s, struct ld_err *err);
	void (*rollback)(struct store *s);

	/*
	 * Savepoints inside a transaction: savepoint() marks, release() keeps
	 * what was done since the mark, rollback_savepoint() undoes it (and drops
	 * the mark). They nest. Outside begin() they are errors (INTERNAL).
	 */
	ld_status (*savepoint)(struct store *s, struct ld_err *err);
	ld_status (*release)(struct store *s, struct ld_err *err);
	void (*rollback_savepoint)(struct store *s);

	/*
	 * Read snapshots: between read_begin() and read_end() every read sees
	 * one consistent state of the store and the locks are taken once, not
	 * per statement. No writes in between. read_end() never fails.
	 */
	ld_status (*read_begin)(struct store *s, struct ld_err *err);
	void (*read_end)(struct store *s);

	/* Schema version after migrations (highest applied NNNN). */
	ld_status (*schema_version)(struct store *s, int *version, struct ld_err *err);
	/*
	 * How much room the database has (store_space), for the health check: a
	 * refused write is remembered for every handle of the database in this
	 * process until a later transaction commits a change with nothing
	 * refused in it. Never writes, never takes a lock; fails only as a
	 * read does.
	 */
	ld_status (*space)(struct store *s, struct store_space *out, struct ld_err *err);

	/* Organisations. */
	ld_status (*org_insert)(struct store *s, struct ld_org *o, struct ld_err *err);
	ld_status (*org_get)(struct store *s, int64_t id, struct ld_org *out, struct ld_err *err);
	ld_status (*org_update)(struct store *s, const struct ld_org *o, struct ld_err *err);
	ld_status (*org_list)(struct store *s, int64_t after_id, int limit, struct ld_org *out,
			      int *n, struct ld_err *err);

	/* Customers. Search folds case and diacritics over name, email and phone. */
	ld_status (*customer_insert)(struct store *s, struct ld_customer *c, struct ld_err *err);
	ld_status (*customer_get)(struct store *s, int64_t id, struct ld_customer *out,
				  struct ld_err *err);
	ld_status (*customer_update)(struct store *s, const struct ld_customer *c, struct ld_err *err);
	ld_status (*customer_list)(struct store *s, const struct store_customer_query *q,
				   struct ld_customer *out, int *n, struct ld_err *err);
	/* Exact lookup by (lower-cased) email; NOT_FOUND when none. */
	ld_status (*customer_find_email)(struct store *s, const char *email, struct ld_customer *out,
					 struct ld_err *err);

	/* Teams. */
	ld_status (*team_insert)(struct store *s, struct ld_team *t, struct ld_err *err);
	ld_status (*team_get)(struct store *s, int64_t id, struct ld_team *out, struct ld_err *err);
	ld_status (*team_update)(struct store *s, const struct ld_team *t, struct ld_err *err);
	ld_status (*team_list)(struct store *s, int64_t after_id, int limit, struct ld_team *out,
			       int *n, struct ld_err *err);

	/* Accounts (staff and customer logins). */
	ld_status (*agent_insert)(struct store *s, struct ld_agent *a, const char *password_hash,
				  struct ld_err *err);
	ld_status (*agent_get)(struct store *s, int64_t id, struct ld_agent *out, struct ld_err *err);
	/* By login email; `hash_out` (may be NULL) gets the PHC string, "" if none. */
	ld_status (*agent_get_by_email)(struct store *s, const char *email, struct ld_agent *out,
					char hash_out[STORE_PASSWORD_HASH_MAX + 1], struct ld_err *err);
	ld_status (*agent_update)(struct store *s, const struct ld_agent *a, struct ld_err *err);
	ld_status (*agent_set_password)(struct store *s, int64_t id, const char *password_hash,
					struct ld_err *err);
	/* Lists accounts; `role` -1 = any. */
	ld_status (*agent_list)(struct store *s, int role, int64_t after_id, int limit,
				struct ld_agent *out, int *n, struct ld_err *err);

	/* Sessions, keyed by the SHA-256 digest of the bearer token. */
	ld_status (*session_insert)(struct store *s, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
				    const struct store_session *sess, struct ld_err *err);
	/* NOT_FOUND for unknown digests; expiry is the caller's to check. Fills
	 * the account fields of `out` too. */
	ld_status (*session_get)(struct store *s, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
				 struct store_session *out, struct ld_err *err);
	ld_status (*session_delete)(struct store *s, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
				    struct ld_err *err);
	/* Ends every session of account `agent_id` except the one whose digest is
	 * `keep` (STORE_TOKEN_DIGEST_LEN bytes; NULL = end them all): what a new
	 * password or a change of the account's standing does. `*n` (may be NULL)
	 * gets how many ended. LD_OK also when there were none, for an unknown
	 * account too (it has none). */
	ld_status (*session_delete_agent)(struct store *s, int64_t agent_id, const uint8_t *keep,
					  int *n, struct ld_err *err);
	/* Ends every session, of any account, that expired by `before` (Unix s:
	 * expires_at <= before, as app_authenticate() counts a session over at
	 * its expiry). `*n` (may be NULL) gets how many ended; LD_OK also when
	 * none had. */
	ld_status (*session_purge)(struct store *s, int64_t before, int *n, struct ld_err *err);

	/* Facilities (branches). */
	ld_status (*facility_insert)(struct store *s, struct ld_facility *f, struct ld_err *err);
	ld_status (*facility_get)(struct store *s, int64_t id, struct ld_facility *out,
				  struct ld_err *err);
	ld_status (*facility_update)(struct store *s, const struct ld_facility *f, struct ld_err *err);
	ld_status (*facility_list)(struct store *s, int64_t after_id, int limit,
				   struct ld_facility *out, int *n, struct ld_err *err);

	/* Cases, stored whole: fields, SLA state and effort state. */
	ld_status (*case_insert)(struct store *s, struct ld_case *c, struct ld_err *err);
	ld_status (*case_get)(struct store *s, int64_t id, struct ld_case *out, struct ld_err *err);
	/*
	 * Writes every field of `c`. Optimistic concurrency: succeeds only when the
	 * stored version equals c->version, then stores c->version + 1 (the caller
	 * increments its copy after LD_OK). Stale → LD_ERR_CONFLICT "case_changed".
	 */
	ld_status (*case_update)(struct store *s, const struct ld_case *c, struct ld_err *err);
	ld_status (*case_list)(struct store *s, const struct store_case_query *q, struct ld_case *out,
			       int *n, struct ld_err *err);
	/*
	 * The cases of `customer_id` in `category` that were not merged away, by
	 * id, with the fields the links between them read (core/rollup.h
	 * rollup_topic_links) and the links they carry: out[0..cap) filled,
	 * *n = how many there are (more than `cap`: ask again with room for *n).
	 */
	ld_status (*case_topic_list)(struct store *s, int64_t customer_id, int category,
				     struct store_topic_case *out, int cap, int *n,
				     struct ld_err *err);

	/*
	 * Effort totals over the cases a filter covers, from aggregates the store
	 * keeps as cases are written (never a rescan of cases or interactions):
	 * cost grows with the days covered, not with the cases. The totals have
	 * the cells' own fields (core/rollup.h struct rollup_effort), summed.
	 */
	ld_status (*effort_totals)(struct store *s, const struct store_effort_filter *f,
				   struct rollup_effort *out, struct ld_err *err);

	/* FCR over the filter, `from`/`to` bounding the day of resolution. */
	ld_status (*fcr_totals)(struct store *s, const struct store_effort_filter *f,
				struct store_fcr_totals *out, struct ld_err *err);

	/* The customer two-by-two tables of the disloyalty ratio, as rollup_apply() keeps them. */
	ld_status (*customer_split)(struct store *s, struct store_customer_split *out,
				    struct ld_err *err);

	/* Subscriptions (the renewal cycle). Lists order by id (cursor). The
	 * outcome a customer's renewals decide is a derived figure: the caller
	 * writes it with rollup_apply(). */
	ld_status (*subscription_insert)(struct store *s, struct ld_subscription *sub,
					 struct ld_err *err);
	ld_status (*subscription_get)(struct store *s, int64_t id, struct ld_subscription *out,
				      struct ld_err *err);
	ld_status (*subscription_update)(struct store *s, const struct ld_subscription *sub,
					 struct ld_err *err);
	ld_status (*subscription_list)(struct store *s, const struct store_subscription_query *q,
				       struct ld_subscription *out, int *n, struct ld_err *err);

	/*
	 * Surveys. Inserts store the token's digest (never the token); a digest
	 * clash is LD_ERR_CONFLICT "survey_exists". answer() writes answered_at,
	 * score, comment and the SERVQUAL ratings of `sv` once: LD_ERR_CONFLICT
	 * "survey_answered" when the survey was answered already.
	 */
	ld_status (*survey_insert)(struct store *s, struct ld_survey *sv,
				   const uint8_t digest[STORE_TOKEN_DIGEST_LEN], struct ld_err *err);
	ld_status (*survey_get)(struct store *s, int64_t id, struct ld_survey *out,
				struct ld_err *err);
	ld_status (*survey_get_by_digest)(struct store *s,
					  const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
					  struct ld_survey *out, struct ld_err *err);
	ld_status (*survey_answer)(struct store *s, const struct ld_survey *sv, struct ld_err *err);
	ld_status (*survey_list)(struct store *s, const struct store_survey_query *q,
				 struct ld_survey *out, int *n, struct ld_err *err);
	/* When `customer_id` was last sent a survey; *at = 0 when never. */
	ld_status (*survey_last_sent)(struct store *s, int64_t customer_id, int64_t *at,
				      struct ld_err *err);
	/* Answer histogram of `kind` (index = score, 0…10) over the filter, from
	 * aggregates kept as answers arrive. */
	ld_status (*survey_histogram)(struct store *s, const struct store_survey_filter *f,
				      int kind, int64_t hist[11], struct ld_err *err);
	ld_status (*servqual_totals)(struct store *s, const struct store_survey_filter *f,
				     struct store_servqual_totals *out, struct ld_err *err);

	/* Transactional survey rules; (category, channel) is unique, "any" (-1)
	 * included: a second rule for a pair is LD_ERR_CONFLICT "survey_rule_exists". */
	ld_status (*survey_rule_insert)(struct store *s, struct ld_survey_rule *r,
					struct ld_err *err);
	ld_status (*survey_rule_list)(struct store *s, struct ld_survey_rule *out, int cap, int *n,
				      struct ld_err *err);
	ld_status (*survey_rule_delete)(struct store *s, int64_t id, struct ld_err *err);

	/* Outbox. mark_sent: LD_ERR_CONFLICT "message_sent" when sent already;
	 * `body` (NULL = keep) replaces the text, so a delivered message need
	 * not keep its link. */
	ld_status (*message_insert)(struct store *s, struct ld_message *m, struct ld_err *err);
	ld_status (*message_get)(struct store *s, int64_t id, struct ld_message *out,
				 struct ld_err *err);
	/* `waiting` true: only messages not sent yet whose survey is still open
	 * at `now` (not answered, not expired); `customer_id` 0 = anyone's. */
	ld_status (*message_list)(struct store *s, bool waiting, int64_t now, int64_t customer_id,
				  int64_t after_id, int limit, struct ld_message *out, int *n,
				  struct ld_err *err);
	ld_status (*message_mark_sent)(struct store *s, int64_t id, int64_t at, const char *body,
				       struct ld_err *err);
	/*
	 * The background sender (app/outbox.c). claim: the next message due at
	 * `now` — not sent, not given up, next_attempt_at reached, not held by
	 * another sender (lease_until passed), its survey still open — ordered
	 * by next_attempt_at then id; takes it until `lease_until` and counts
	 * the attempt. *found false when none is due. attempt_failed: lets it
	 * go after a failed attempt, to be tried again at `next_attempt_at`, or
	 * given up at `failed_at` (0 = not), with the server's `error`;
	 * CONFLICT "message_sent" when it was sent meanwhile. retry: a message
	 * given up is due again at `at`; CONFLICT "message_not_failed" else.
	 */
	ld_status (*message_claim)(struct store *s, int64_t now, int64_t lease_until,
				   struct ld_message *out, bool *found, struct ld_err *err);
	ld_status (*message_attempt_failed)(struct store *s, int64_t id, int64_t next_attempt_at,
					    int64_t failed_at, const char *error,
					    struct ld_err *err);
	ld_status (*message_retry)(struct store *s, int64_t id, int64_t at, struct ld_err *err);

	/*
	 * Mail threading (migration 0009). insert: LD_ERR_CONFLICT
	 * "mail_message_exists" when the id is known already; find: NOT_FOUND
	 * "mail_message_not_found" when it is not.
	 */
	ld_status (*mail_message_insert)(struct store *s, const char *message_id,
					 int64_t interaction_id, int direction, int64_t at,
					 struct ld_err *err);
	ld_status (*mail_message_find)(struct store *s, const char *message_id,
				       struct store_mail_ref *out, struct ld_err *err);
	/* The Message-IDs of case `case_id`'s contacts (after merges), newest
	 * first: out[0..cap) filled, *n how many (≤ cap). */
	ld_status (*mail_thread)(struct store *s, int64_t case_id, struct store_mail_ref *out,
				 int cap, int *n, struct ld_err *err);

	/* Attachments: rows only (the bytes are util/blobs.h's). get and list
	 * fill case_id and customer_id from the contact's case; list is by id,
	 * all of a case's contacts. */
	ld_status (*attachment_insert)(struct store *s, struct ld_attachment *a,
				       struct ld_err *err);
	ld_status (*attachment_get)(struct store *s, int64_t id, struct ld_attachment *out,
				    struct ld_err *err);
	ld_status (*attachment_list)(struct store *s, int64_t case_id, int64_t after_id, int limit,
				     struct ld_attachment *out, int *n, struct ld_err *err);
	/* Whether any attachment row still names the file of digest `sha256`
	 * (after an erasure, an unused file can go). */
	ld_status (*attachment_blob_used)(struct store *s, const char *sha256, bool *used,
					  struct ld_err *err);

	/*
	 * Integrations (migration 0011): systems with a token of their own.
	 * insert keeps the token's SHA-256 `digest` (the token is the
	 * caller's); CONFLICT "integration_exists" (field name) for a name in
	 * use. find_token: the integration of a digest, revoked or not (the
	 * caller decides), NOT_FOUND "integration_not_found". revoke: CONFLICT
	 * "integration_revoked" the second time. touch: last_used_at = at.
	 */
	ld_status (*integration_insert)(struct store *s, struct ld_integration *in,
					const uint8_t digest[32], struct ld_err *err);
	ld_status (*integration_get)(struct store *s, int64_t id, struct ld_integration *out,
				     struct ld_err *err);
	ld_status (*integration_find_token)(struct store *s, const uint8_t digest[32],
					    struct ld_integration *out, struct ld_err *err);
	ld_status (*integration_list)(struct store *s, int64_t after_id, int limit,
				      struct ld_integration *out, int *n, struct ld_err *err);
	ld_status (*integration_revoke)(struct store *s, int64_t id, int64_t at,
					struct ld_err *err);
	ld_status (*integration_touch)(struct store *s, int64_t id, int64_t at,
				       struct ld_err *err);
	/*
	 * Calls. insert: CONFLICT "call_exists" for a (integration, ref) known;
	 * id set. find: by the integration's own call id, NOT_FOUND
	 * "call_not_found". update writes every field but the identity ones
	 * (integration, ref, direction, ringing_at). An ended call's case_id
	 * reads as its contact's case (after merges).
	 */
	ld_status (*call_insert)(struct store *s, struct ld_call *c, struct ld_err *err);
	ld_status (*call_update)(struct store *s, const struct ld_call *c, struct ld_err *err);
	ld_status (*call_get)(struct store *s, int64_t id, struct ld_call *out, struct ld_err *err);
	ld_status (*call_find)(struct store *s, int64_t integration_id, const char *ref,
			       struct ld_call *out, struct ld_err *err);
	ld_status (*call_list)(struct store *s, const struct store_call_query *q,
			       struct ld_call *out, int *n, struct ld_err *err);
	/* Calls not ended that rang before `before`, oldest first. */
	ld_status (*call_list_stale)(struct store *s, int64_t before, int limit,
				     struct ld_call *out, int *n, struct ld_err *err);

	/*
	 * Live chat (migration 0015). Widgets: insert CONFLICT
	 * "chat_widget_exists" (field name or key); find_key NOT_FOUND
	 * "chat_widget_not_found", disabled or not (the caller decides); update
	 * writes every field but key and created_at. Chats: insert keeps the
	 * visitor token's SHA-256 `digest`; update writes every field but the
	 * identity ones (widget, digest, started_at). A closed chat's case_id
	 * reads as its contact's case (after merges). list_idle: chats not
	 * closed whose last message came before `before`, oldest first.
	 * Messages: insert sets id; list: those of chat `chat_id` after
	 * `after_id` in id order, or of every chat when chat_id is 0.
	 */
	ld_status (*chat_widget_insert)(struct store *s, struct ld_chat_widget *w,
					struct ld_err *err);
	ld_status (*chat_widget_update)(struct store *s, const struct ld_chat_widget *w,
					struct ld_err *err);
	ld_status (*chat_widget_get)(struct store *s, int64_t id, struct ld_chat_widget *out,
				     struct ld_err *err);
	ld_status (*chat_widget_find_key)(struct store *s, const char *key,
					  struct ld_chat_widget *out, struct ld_err *err);
	ld_status (*chat_widget_list)(struct store *s, int64_t after_id, int limit,
				      struct ld_chat_widget *out, int *n, struct ld_err *err);
	ld_status (*chat_insert)(struct store *s, struct ld_chat *c, const uint8_t digest[32],
				 struct ld_err *err);
	ld_status (*chat_update)(struct store *s, const struct ld_chat *c, struct ld_err *err);
	ld_status (*chat_get)(struct store *s, int64_t id, struct ld_chat *out, struct ld_err *err);
	ld_status (*chat_find_token)(struct store *s, const uint8_t digest[32], struct ld_chat *out,
				     struct ld_err *err);
	ld_status (*chat_list)(struct store *s, const struct store_chat_query *q,
			       struct ld_chat *out, int *n, struct ld_err *err);
	ld_status (*chat_list_idle)(struct store *s, int64_t before, int limit,
				    struct ld_chat *out, int *n, struct ld_err *err);
	ld_status (*chat_message_insert)(struct store *s, struct ld_chat_message *m,
					 struct ld_err *err);
	ld_status (*chat_message_list)(struct store *s, int64_t chat_id, int64_t after_id,
				       int limit, struct ld_chat_message *out, int *n,
				       struct ld_err *err);
	/* The id of the last message of any chat (0 = none). */
	ld_status (*chat_message_head)(struct store *s, int64_t *id, struct ld_err *err);

	/*
	 * Claims and compliments (migration 0016). insert computes the folded
	 * subject the list searches; update writes the targets, subject and
	 * text. get, find_message (by the mail it came in): NOT_FOUND
	 * "feedback_not_found". Reads fill the claim's case fields
	 * (case_status …) by a join.
	 */
	ld_status (*feedback_insert)(struct store *s, struct ld_feedback *f, struct ld_err *err);
	ld_status (*feedback_update)(struct store *s, const struct ld_feedback *f,
				     struct ld_err *err);
	ld_status (*feedback_get)(struct store *s, int64_t id, struct ld_feedback *out,
				  struct ld_err *err);
	ld_status (*feedback_find_message)(struct store *s, const char *message_id,
					   struct ld_feedback *out, struct ld_err *err);
	ld_status (*feedback_list)(struct store *s, const struct store_feedback_query *q,
				   struct ld_feedback *out, int *n, struct ld_err *err);

	/* The counts of branch `facility_id` over visits started in [from, to)
	 * (0 = open); NOT_FOUND is the caller's to tell (a branch without visits
	 * answers zeros). */
	ld_status (*facility_totals)(struct store *s, int64_t facility_id, int64_t from, int64_t to,
				     struct store_facility_totals *out, struct ld_err *err);

	/*
	 * Portal sign-in links (migration 0013), by the SHA-256 of the token.
	 * insert also drops links that expired a day before `created_at`. get:
	 * NOT_FOUND "magic_link_not_found". use: marks it used at `at`,
	 * CONFLICT "link_used" when it was already. count: links of a customer
	 * made at or after `since`.
	 */
	ld_status (*magic_link_insert)(struct store *s, const uint8_t digest[32],
				       int64_t customer_id, int64_t created_at, int64_t expires_at,
				       struct ld_err *err);
	ld_status (*magic_link_get)(struct store *s, const uint8_t digest[32],
				    struct store_magic_link *out, struct ld_err *err);
	ld_status (*magic_link_use)(struct store *s, const uint8_t digest[32], int64_t at,
				    struct ld_err *err);
	ld_status (*magic_link_count)(struct store *s, int64_t customer_id, int64_t since, int *n,
				      struct ld_err *err);

	/*
	 * Webhooks (migration 0012). list: by id, only those on with
	 * `active_only`. delete removes its deliveries too. Deliveries:
	 * claim takes the next one due at `now` — not delivered, not given
	 * up, next_attempt_at reached, no other sender's lease, its endpoint on
	 * — until `lease_until`, counting the attempt (*found false when none);
	 * result writes an attempt's outcome (last_*, next_attempt_at,
	 * delivered_at, failed_at) and lets the lease go. list: an endpoint's
	 * log, by id.
	 */
	ld_status (*webhook_insert)(struct store *s, struct ld_webhook *w, struct ld_err *err);
	ld_status (*webhook_update)(struct store *s, const struct ld_webhook *w, struct ld_err *err);
	ld_status (*webhook_get)(struct store *s, int64_t id, struct ld_webhook *out,
				 struct ld_err *err);
	ld_status (*webhook_delete)(struct store *s, int64_t id, struct ld_err *err);
	ld_status (*webhook_list)(struct store *s, bool active_only, int64_t after_id, int limit,
				  struct ld_webhook *out, int *n, struct ld_err *err);
	ld_status (*delivery_insert)(struct store *s, struct ld_webhook_delivery *d,
				     struct ld_err *err);
	ld_status (*delivery_claim)(struct store *s, int64_t now, int64_t lease_until,
				    struct ld_webhook_delivery *out, bool *found,
				    struct ld_err *err);
	ld_status (*delivery_result)(struct store *s, const struct ld_webhook_delivery *d,
				     struct ld_err *err);
	ld_status (*delivery_get)(struct store *s, int64_t id, struct ld_webhook_delivery *out,
				  struct ld_err *err);
	ld_status (*delivery_list)(struct store *s, int64_t webhook_id, int64_t after_id, int limit,
				   struct ld_webhook_delivery *out, int *n, struct ld_err *err);

	/* Follow-up tasks (one per survey: a second is "followup_exists"). */
	ld_status (*followup_insert)(struct store *s, struct ld_followup *t, struct ld_err *err);
	ld_status (*followup_get)(struct store *s, int64_t id, struct ld_followup *out,
				  struct ld_err *err);
	ld_status (*followup_update)(struct store *s, const struct ld_followup *t,
				     struct ld_err *err);
	/* By id (cursor). */
	ld_status (*followup_list)(struct store *s, const struct store_followup_query *q,
				   struct ld_followup *out, int *n, struct ld_err *err);

	/*
	 * Loyalty: every non-empty cell of customers by (feature vector, renewal
	 * outcome, month the renewal fell due), as rollup_apply() keeps them;
	 * decided cells only of months from_month…to_month (YYYYMM, inclusive;
	 * 0 = open), undecided ones always. `fn` is called once per cell, by key, and may
	 * stop the walk by returning an error.
	 */
	ld_status (*loyalty_cells)(struct store *s, int from_month, int to_month,
				   store_loyalty_fn fn, void *ctx, struct ld_err *err);
	/* A customer's feature vector; NOT_FOUND for an unknown customer. */
	ld_status (*customer_loyalty_key)(struct store *s, int64_t customer_id,
					  char key[STORE_LOYALTY_KEY_MAX + 1], struct ld_err *err);
	/* Customers whose vector is `key`, by id after `after_id`. */
	ld_status (*customer_list_by_key)(struct store *s, const char *key, int64_t after_id,
					  int limit, struct ld_customer *out, int *n,
					  struct ld_err *err);

	/*
	 * Renewals due: active subscriptions with from ≤ renews_at < to, by id
	 * after `after_id`, each with its customer's loyalty feature vector
	 * (keys[i] for out[i]).
	 */
	ld_status (*renewal_due_list)(struct store *s, int64_t from, int64_t to, int64_t after_id,
				      int limit, struct ld_subscription *out,
				      char (*keys)[STORE_LOYALTY_KEY_MAX + 1], int *n,
				      struct ld_err *err);
	/* The same window counted by (UTC day, feature vector): fn(ctx, day,
	 * key, subscriptions) once per group, days ascending; fn may stop the
	 * walk by returning an error. */
	ld_status (*renewal_calendar)(struct store *s, int64_t from, int64_t to,
				      ld_status (*fn)(void *ctx, int64_t day, const char *key,
						      int64_t count, struct ld_err *err),
				      void *ctx, struct ld_err *err);

	/*
	 * Answered CES surveys about a case, newest first, at most `max`: fn
	 * gets the answer (1–7) and the case's effort signals (contacts, repeat
	 * contacts, transfers, channel switches, re-explanations, robot-only
	 * contacts and reopens; the rest of struct effort_state zero). For
	 * calibrating weights; fn may stop the walk by returning an error.
	 */
	ld_status (*ces_effort_rows)(struct store *s, int64_t max,
				     ld_status (*fn)(void *ctx, int ces,
						     const struct effort_state *e,
						     struct ld_err *err),
				     void *ctx, struct ld_err *err);

	/*
	 * Derived figures (rules in core/rollup.c, collected by app/rollup.c).
	 * rollup_apply() adds every delta to its cell — a cell that does not
	 * exist starts at zero — and writes the derived columns of each
	 * customer in `customers` (absolute values: sums, latest answers,
	 * renewal outcome and the loyalty key rollup_loyalty_key() gives). It is
	 * part of the caller's transaction. Nothing else writes these figures.
	 */
	ld_status (*rollup_apply)(struct store *s, const struct rollup_delta *deltas, size_t n,
				  const struct store_rollup_customer *customers, size_t n_customers,
				  struct ld_err *err);
	/* A customer's stored derived state; renewal_sub_id reads as 0. */
	ld_status (*customer_rollup_get)(struct store *s, int64_t id, struct rollup_customer *out,
					 struct ld_err *err);
	/* The same for customers by id after `after_id` (check walks them all). */
	ld_status (*customer_rollup_list)(struct store *s, int64_t after_id, int limit,
					  struct store_rollup_customer *out, int *n,
					  struct ld_err *err);
	/* Every stored aggregate cell, fn once per cell (any order; zero cells may appear). */
	ld_status (*rollup_cells)(struct store *s, store_rollup_cell_fn fn, void *ctx,
				  struct ld_err *err);
	/* Empties every aggregate table (a rebuild then applies the recomputed cells). */
	ld_status (*rollup_clear)(struct store *s, struct ld_err *err);
	/* Whether a migration asked for the figures to be rebuilt from the rows,
	 * and marking that done (part of the rebuild's transaction). */
	ld_status (*rollup_rebuild_pending)(struct store *s, bool *pending, struct ld_err *err);
	ld_status (*rollup_rebuild_done)(struct store *s, struct ld_err *err);

	/* Interactions: append-only. */
	ld_status (*interaction_insert)(struct store *s, struct ld_interaction *it, struct ld_err *err);
	/* A case's interactions in time order (started_at, id), after `after_id`;
	 * `public_only` leaves internal rows out (what a customer may see), so
	 * a page is full whenever more rows follow. */
	ld_status (*interaction_list_case)(struct store *s, int64_t case_id, int64_t after_id,
					   int limit, bool public_only, struct ld_interaction *out,
					   int *n, struct ld_err *err);
	/* A customer's interactions across cases, newest first, older than `cur`
	 * (`public_only` as above). */
	ld_status (*interaction_timeline)(struct store *s, int64_t customer_id,
					  const struct store_timeline_cursor *cur, int limit,
					  bool public_only, struct ld_interaction *out, int *n,
					  struct ld_err *err);
	/* Moves every interaction of case `from_id` to case `into_id` (merge). */
	ld_status (*interaction_move_case)(struct store *s, int64_t from_id, int64_t into_id,
					   struct ld_err *err);

	/*
	 * Audit log: append-only, and a hash chain (util/audit_chain.h). insert()
	 * gives the row the next id, stores the SHA-256 of its detail and its
	 * link of the chain, computed from the last row's chain — inside the
	 * caller's transaction, or a transaction of its own when there is none,
	 * so two writers never chain to the same row. A text over its
	 * LD_AUDIT_*_MAX, an empty action or a detail that is not JSON is
	 * LD_ERR_INVALID "invalid_audit"; an unknown actor NOT_FOUND
	 * "agent_not_found" (field actor_id).
	 */
	ld_status (*audit_insert)(struct store *s, const struct store_audit *a, struct ld_err *err);
	/* Number of audit rows with `action` (tests, operations). */
	ld_status (*audit_count)(struct store *s, const char *action, int64_t *count,
				 struct ld_err *err);
	/* Audit rows matching `q`, by id, whole (digests and chain included);
	 * the caller clears each entry with ld_audit_clear(). */
	ld_status (*audit_list)(struct store *s, const struct store_audit_query *q,
				struct ld_audit *out, int *n, struct ld_err *err);

	/*
	 * Login throttling state (core/throttle.h), one row per key — a text the
	 * caller chooses, at most STORE_THROTTLE_KEY_MAX bytes. get: NOT_FOUND
	 * "throttle_not_found" when the key has none. put: writes the state
	 * whole, to be forgotten at `expires_at`, and deletes every key whose
	 * time came before `now`. delete: LD_OK also for a key without a row.
	 */
	ld_status (*throttle_get)(struct store *s, const char *key, struct throttle_state *out,
				  struct ld_err *err);
	ld_status (*throttle_put)(struct store *s, const char *key, const struct throttle_state *st,
				  int64_t expires_at, int64_t now, struct ld_err *err);
	ld_status (*throttle_delete)(struct store *s, const char *key, struct ld_err *err);

	/*
	 * Personal data (GDPR; app/gdpr.c). Each is part of the caller's
	 * transaction and adds what it did to `out` (zero it first); with
	 * `dry_run` it only counts what it would do. Removing keeps every row:
	 * the figures are computed from ids, times, channels, kinds and scores.
	 *
	 * agent_list_customer: the login accounts of customer `customer_id`, by
	 * id: out[0..cap) filled, *n = how many there are.
	 *
	 * case_contents_remove: clears the subject of case `case_id`, the
	 * bodies of its interactions, the comments of the surveys about it and
	 * the notes of their follow-ups, deletes the attachment rows of its
	 * contacts (the files are the caller's: attachment_blob_used) and the
	 * Message-IDs they were threaded by, clears the number, IVR path and
	 * recording link of the calls that became its contacts, and marks the case contents-removed at
	 * `at` (a case so marked counts in `cases` only the first time).
	 * NOT_FOUND "case_not_found" for an unknown case.
	 *
	 * customer_texts_remove: the same for what belongs to customer
	 * `customer_id` beyond their cases: interaction bodies naming them,
	 * comments of all their surveys, notes of their follow-ups; blanks
	 * their outbox messages (recipient `recipient`, subject, body,
	 * thread ids and error empty; one not sent yet is given up, so it is
	 * never sent), clears the number, IVR path and recording link of their
	 * calls and ends their open survey links at `at`.
	 *
	 * audit_redact: replaces the detail of every audit row about `object`
	 * that still has one by NULL and sets its redacted_at to `at`, except
	 * rows whose action is `keep_action` (NULL = none); the detail digest
	 * and the chain stay, so the chain still verifies.
	 *
	 * retention_cases: ids after `after_id` of the resolved and closed cases
	 * whose contents were not removed yet and whose last contact (or, with
	 * none, creation) was before `before`, at most `limit`, ascending.
	 */
	ld_status (*agent_list_customer)(struct store *s, int64_t customer_id, struct ld_agent *out,
					 int cap, int *n, struct ld_err *err);
	ld_status (*case_contents_remove)(struct store *s, int64_t case_id, int64_t at, bool dry_run,
					  struct store_removal *out, struct ld_err *err);
	ld_status (*customer_texts_remove)(struct store *s, int64_t customer_id, const char *recipient,
					   int64_t at, bool dry_run, struct store_removal *out,
					   struct ld_err *err);
	ld_status (*audit_redact)(struct store *s, const char *object, const char *keep_action,
				  int64_t at, bool dry_run, struct store_removal *out,
				  struct ld_err *err);
	ld_status (*retention_cases)(struct store *s, int64_t before, int64_t after_id, int limit,
				     int64_t *ids, int *n, struct ld_err *err);
	/*
	 * Makes deleted data unrecoverable, after the transaction that deleted
	 * it committed (never inside one: INTERNAL "in_transaction"): rewrites
	 * the customer search index without the terms of removed entries, and
	 * overwrites or cuts off every copy of a removed byte the backend keeps
	 * outside its live rows (SQLite: free pages and free space are zeroed as
	 * they are freed (secure_delete), the write-ahead log is copied back and
	 * truncated). When something holds an old copy (a reader of an older
	 * snapshot), LD_OK with out->complete false and the reason in out->note;
	 * calling again later finishes the work.
	 */
	ld_status (*compact_after_erase)(struct store *s, struct store_compaction *out,
					 struct ld_err *err);

	/* SLA configuration. */
	ld_status (*calendar_insert)(struct store *s, struct store_calendar *c, struct ld_err *err);
	ld_status (*calendar_get)(struct store *s, int64_t id, struct store_calendar *out,
				  struct ld_err *err);
	/* Local dates yyyymmdd, ascending; fills up to `cap`, *n = how many it filled. */
	ld_status (*holiday_list)(struct store *s, int64_t calendar_id, int32_t *dates, int cap,
				  int *n, struct ld_err *err);
	ld_status (*holiday_add)(struct store *s, int64_t calendar_id, int32_t date,
				 const char *name, struct ld_err *err);
	ld_status (*sla_policy_insert)(struct store *s, struct store_sla_policy *p,
				       struct ld_err *err);
	/* Most specific policy for (priority, category): exact both > priority only >
	 * category only > any; NOT_FOUND when none. */
	ld_status (*sla_policy_match)(struct store *s, int priority, int category,
				      struct store_sla_policy *out, struct ld_err *err);
	ld_status (*sla_policy_list)(struct store *s, struct store_sla_policy *out, int cap, int *n,
				     struct ld_err *err);
	/* Calendars by id after `after_id` (cursor). */
	ld_status (*calendar_list)(struct store *s, int64_t after_id, int limit,
				   struct store_calendar *out, int *n, struct ld_err *err);
	/* Rewrites name, tz and hours of calendar c->id (its holidays stay). */
	ld_status (*calendar_update)(struct store *s, const struct store_calendar *c,
				     struct ld_err *err);
	/* A calendar's holidays with their names, by date after `after_date`
	 * (yyyymmdd, exclusive cursor; 0 = from the first). Unknown calendar: none. */
	ld_status (*holiday_page)(struct store *s, int64_t calendar_id, int32_t after_date,
				  int limit, struct store_holiday *out, int *n, struct ld_err *err);
	/* NOT_FOUND "holiday_not_found" (field "date") when that day is no holiday. */
	ld_status (*holiday_delete)(struct store *s, int64_t calendar_id, int32_t date,
				    struct ld_err *err);
	ld_status (*sla_policy_get)(struct store *s, int64_t id, struct store_sla_policy *out,
				    struct ld_err *err);
	/* Rewrites every field of policy p->id. Cases started under it keep the
	 * due times they were given (they are stored with the case). */
	ld_status (*sla_policy_update)(struct store *s, const struct store_sla_policy *p,
				       struct ld_err *err);
	/* LD_ERR_CONFLICT "sla_policy_in_use" while any case names the policy. */
	ld_status (*sla_policy_delete)(struct store *s, int64_t id, struct ld_err *err);
};

/* Every handle starts with its ops table. */
struct store {
	const struct store_ops *ops; /* backend vtable, static */
};

/*
 * Opens a store. `url` is a file path for SQLite (":memory:" works for tests);
 * later "postgresql://…". Applies pending migrations. [out] *out is the
 * caller's, released with store_close().
 */
ld_status store_open(const char *url, struct store **out, struct ld_err *err);

/* NULL-safe. */
static inline void store_close(struct store *s)
{
	if (s != NULL)
		s->ops->close(s);
}

#define STORE_CALL(s, op, ...) ((s)->ops->op((s), __VA_ARGS__))

#endif
