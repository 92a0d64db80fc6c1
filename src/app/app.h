/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Use cases: one function per thing a user does. The only layer that combines
 * core rules and the store. Adapters (cli/, http/) parse input into the structs
 * below, call one function, and render the result; no business rule lives in
 * an adapter.
 *
 * Every function:
 *  - takes the app context (one per thread: it holds that thread's store
 *    handle) and the acting account (`actor`; NULL = the system itself, e.g.
 *    the CLI run by the operator, which may do everything);
 *  - validates all input (lengths, UTF-8, enums, referenced ids) before any
 *    write, so a rejected call changes nothing;
 *  - enforces roles: admin everything; manager everything but accounts of
 *    admins; agent works cases and customers, reads teams/agents/facilities;
 *    customer sees only its own customer record and cases and may add inbound
 *    interactions to them, and reads facilities (where to go, when they open);
 *  - records every write in the audit table, in the same transaction, with
 *    the actor's client address (audit.c: also refused logins and 403s);
 *  - returns LD_OK or a negative ld_status with `err` filled.
 */
#ifndef LD_APP_APP_H
#define LD_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "store/query.h"
#include "util/status.h"

/* The store handle, opaque here: adapters reach the store only through the
 * functions of this header (app/ itself includes store/store.h). */
struct store;

/* ---- context ---- */

struct app_live;

struct app_config {
	int64_t fcr_window_s;        /* repeat-case window after resolution, default 7 days */
	int64_t session_ttl_s;       /* bearer token lifetime, default 30 days */
	const char *default_tz;      /* calendar zone when a team has none, default "UTC" */
	int64_t (*now)(void);        /* clock; NULL = time(NULL). Tests inject a fake. */
	const struct effort_weights *effort_weights; /* borrowed; NULL = EFFORT_WEIGHTS_DEFAULT */
	int64_t survey_fatigue_s;    /* at most one survey per customer per this, default 30 days */
	int64_t survey_ttl_s;        /* a survey link works this long, default 14 days */
	int64_t followup_due_s;      /* a follow-up task is due this long after the answer, 2 days */
	const char *public_url;      /* base of survey links, default "http://127.0.0.1:8080" */
	int64_t min_free_bytes;      /* health is degraded below this much free room on the
				      * database's filesystem; 0 = APP_MIN_FREE_DEFAULT,
				      * negative = not checked */
	/* Login throttling (core/throttle.h, app_login): */
	int login_failures;          /* failures of one login name before its delays, default 5 */
	int login_address_failures;  /* … of one client address, default 20;
				      * APP_THROTTLE_OFF = no limit per address */
	int64_t login_window_s;      /* a run of failures is forgotten after this, default 15 min */
	int64_t login_delay_max_s;   /* longest delay, default 15 min */
	int retention_months;        /* GDPR retention of closed cases' texts, months; 0 = off */
	const char *data_dir;        /* files outside the database (attachments, util/blobs.h);
				      * NULL or "" = files cannot be kept */
	const char *web_dir;         /* the built web UI (web/dist) the server answers outside
				      * /api/; NULL or "" = none */
	const char *mail_from;       /* the desk's From, "addr" or "Name <addr>"; NULL or "" =
				      * mail is queued but not sent */
	int64_t mail_retry_for_s;    /* a message failing temporarily is given up after this */
	int64_t portal_link_ttl_s;   /* a portal sign-in link works this long, default 15 min */
	int64_t call_timeout_s;      /* a call not ended this long after it rang is closed as
				      * lost (app_call_sweep), default 4 h */
	const char *phone_country_code; /* calling code national numbers are read in, "420"
					 * (core/phone.h); NULL or "" = only international
					 * numbers are recognised */
	int64_t chat_idle_s;         /* a chat quiet this long is closed (app_chat_sweep),
				      * default 15 min */
	struct app_live *live;       /* the process's live hub (app/live.h), shared by every
				      * thread, borrowed; NULL = nobody waits live */
};

#define APP_MIN_FREE_DEFAULT ((int64_t)64 * 1024 * 1024) /* bytes */


/* login_address_failures: addresses are not throttled (behind a proxy all share one). */
#define APP_THROTTLE_OFF (-1)

struct app {
	struct store *store;         /* borrowed; one per thread */
	struct app_config cfg;       /* copied at app_init */
	int tx_depth;                /* nesting: 1 = transaction, more = savepoints */
	struct app_sla_cache *sla;   /* calendars and policies, owned; app_fini() frees */
	struct app_auth_cache *auth; /* recently checked tokens, owned; app_fini() frees */
	struct app_rollup *rollup;   /* derived-figure ledger of the open transaction, owned */
	struct app_case_work *work;  /* an imported case being built in memory, owned */
	struct ld_case *case_seen;   /* the stored row of the case last read or written in the
				      * open transaction (the "before" of its next write), owned */
	bool owns_store;             /* opened by app_open(): app_close() closes `store` */
	int64_t live_notes[8];       /* topics to publish after the open transaction commits */
	int n_live_notes;            /* … how many; past the array, every watch is woken */
	bool live_overflow;
};

/* Default configuration values. */
void app_config_defaults(struct app_config *cfg);
/* `out` = the defaults, overridden by every field of `in` that is set (non-zero,
 * non-NULL): how a server takes the settings its caller gave. Kept beside
 * app_config_defaults() so that a new setting is not forgotten in one of them. */
void app_config_overlay(struct app_config *out, const struct app_config *in);

/* Binds `store` (borrowed) and `cfg` (NULL = defaults) into `app`. */
void app_init(struct app *app, struct store *store, const struct app_config *cfg);

/* Releases what the app context caches (NULL-safe); the store stays open. */
void app_fini(struct app *app);

/* Current time per the configured clock. */
int64_t app_now(const struct app *app);

/*
 * Opening a store for an adapter (open.c): http/ and cli/ never see
 * store/store.h, so this is how they get a context to call use cases on.
 *
 * app_open() opens the store at `url` (borrowed; a file path or ":memory:"
 * for SQLite; pending migrations run), binds `cfg` (NULL = defaults) as
 * app_init() does, and makes `app` own the handle. It does not run
 * app_prepare(): a program calls that once, not every thread. On failure
 * `app` is left zeroed (app_close() on it is a no-op). One context per
 * thread, as for app_init().
 */
ld_status app_open(struct app *app, const char *url, const struct app_config *cfg,
		   struct ld_err *err);

/* app_fini(), and closes the store when app_open() opened it. NULL-safe;
 * `app` is zeroed after, so closing twice is harmless. */
void app_close(struct app *app);

/*
 * Whether every app_open() of `url` gets a database of its own (SQLite's
 * ":memory:" and ""): contexts on such a URL do not see each other's writes.
 */
bool app_url_is_private(const char *url);

/* The schema version of the store after its migrations (highest applied
 * NNNN): what `init` prints and the health check reports. A read. */
ld_status app_schema_version(struct app *app, int *version, struct ld_err *err);

/*
 * Health (health.c): whether the desk can still write, from reads only — it
 * never writes, so it answers on a full disk too.
 *
 * Degraded, with the first cause that holds:
 *   "storage_full"    a write on this database (any thread of this process)
 *                     was refused for lack of room less than
 *                     APP_FULL_RECENT_S ago, and no write has committed since;
 *   "low_disk_space"  the database's filesystem has fewer than
 *                     cfg.min_free_bytes free (when it says, and the check is on).
 * A write that commits clears the first; freeing room clears the second, and
 * the first APP_FULL_RECENT_S after the last refusal when nobody writes.
 */
#define APP_FULL_RECENT_S 300

struct app_health {
	int schema_version;          /* of the store, read (a real round trip) */
	const char *cause;           /* NULL = ok, else "storage_full" or "low_disk_space" (static) */
	int64_t free_bytes;          /* free on the database's filesystem, -1 = unknown */
};

/* Fills `out` (see above). Errors: the store's, as for a read. */
ld_status app_health(struct app *app, struct app_health *out, struct ld_err *err);

/*
 * One consistent snapshot for a series of reads (an HTTP GET, its
 * authentication included): between app_read_begin() and app_read_end()
 * every use case that only reads sees one state of the store, and SQLite
 * takes its locks once instead of per statement. No writes in between.
 * app_read_end() never fails.
 */
ld_status app_read_begin(struct app *app, struct ld_err *err);
void app_read_end(struct app *app);

/*
 * Batches: everything between app_batch_begin() and app_batch_end() is one
 * store transaction (imports and the demo loader commit every N rows instead
 * of every row). Each use case inside runs under a savepoint: when one fails,
 * its own writes are undone and the batch goes on, so nothing is ever
 * half-applied. `commit` false rolls the whole batch back.
 */
ld_status app_batch_begin(struct app *app, struct ld_err *err);
ld_status app_batch_end(struct app *app, bool commit, struct ld_err *err);

/* Who is acting. */
struct app_actor {
	int64_t agent_id;            /* account id */
	int role;                    /* enum ld_role */
	int64_t customer_id;         /* LD_ROLE_CUSTOMER: own customer id */
	int64_t team_id;             /* staff: home team */
	char address[LD_AUDIT_ADDRESS_MAX + 1]; /* client address of the request, for the
						 * audit log ("" = none: the CLI); a copy, so
						 * that jobs copying the actor keep it */
};

#define APP_LIST_MAX 200         /* largest page a list returns */
#define APP_LIST_DEFAULT 50      /* page size when none is asked */

/* ---- accounts and sessions ---- */

#define APP_TOKEN_LEN 64         /* hex characters of a bearer token (256 bits) */
#define APP_PASSWORD_MIN 10      /* bytes */
#define APP_PASSWORD_MAX 1024    /* bytes */

/*
 * Creates an account. `a` in: name, email, role, team_id, customer_id (for
 * role customer), languages, skills, senior, active; out: id, created_at.
 * `password` may be NULL (account cannot log in until one is set).
 * Argon2id hash. Only admins create admins; managers create the rest.
 */
ld_status app_user_add(struct app *app, const struct app_actor *actor, struct ld_agent *a,
		       const char *password, struct ld_err *err);

/*
 * Sets the password of account `id`: one's own, an admin's or manager's
 * reset of another (as for creating it), or the system's (actor NULL: the
 * operator's CLI). Changing one's own needs `current_password` (missing →
 * LD_ERR_INVALID "required", wrong → LD_ERR_FORBIDDEN "wrong_password", both
 * field "current_password"); for others it is ignored and may be NULL.
 * Ends every session of the account at once, except, for one's own, the
 * session of `keep_token` (the bearer token making the change; NULL = none;
 * borrowed). Other processes' token caches follow within 2 s.
 */
ld_status app_user_set_password(struct app *app, const struct app_actor *actor, int64_t id,
				const char *password, const char *current_password,
				const char *keep_token, struct ld_err *err);

/*
 * Checks email + password and opens a session. [out] token gets APP_TOKEN_LEN
 * hex chars + NUL; only its SHA-256 digest is stored. `address` (borrowed,
 * NULL = none) is the client's, for the audit log and the throttle. [out]
 * *account (may be NULL) gets the account that logged in, as read before the
 * commit, so a caller can answer without reading again once the session
 * exists.
 *
 * Wrong email or password, or an inactive account → LD_ERR_UNAUTHORIZED
 * "invalid_credentials" (the same answer, after the same Argon2 work, for
 * all of them), recorded as an audit row "session.refused" with the reason
 * and counted against the login name and the address, in a transaction of
 * its own; when that write fails its error is returned instead (an attempt
 * that was not counted gets no verdict). A login also purges every
 * account's sessions expired by then.
 *
 * Throttling (core/throttle.c): once a login name has failed
 * cfg.login_failures times in a run, or an address
 * cfg.login_address_failures times, attempts are refused unchecked with
 * LD_ERR_TOO_MANY "too_many_attempts" and err->retry_after_s until the
 * delay ends — the same for names with and without an account. A success
 * resets the name's count, not the address's. The counts live in the store,
 * so every process on it and every restart sees them.
 */
ld_status app_login(struct app *app, const char *address, const char *email,
		    const char *password, char token[APP_TOKEN_LEN + 1], struct ld_agent *account,
		    struct ld_err *err);

/* Resolves a bearer token to an actor: one digest + one indexed lookup. */
ld_status app_authenticate(struct app *app, const char *token, struct app_actor *out,
			   struct ld_err *err);

/* Ends the session of `token`; `actor` (may be NULL) is who asks, for the
 * audit row's address. */
ld_status app_logout(struct app *app, const struct app_actor *actor, const char *token,
		     struct ld_err *err);

/* ---- the audit log (audit.c) ---- */

/*
 * Audit rows matching `q` (app/app.h conventions: `q->limit` 0 = default),
 * by id, for admins (and the system): 403 for everyone else. `to` before
 * `from` → LD_ERR_INVALID "invalid_range"; an object or action longer than
 * any stored one → "too_long". [out] out[0..*n) are the caller's, cleared
 * with ld_audit_clear().
 */
ld_status app_audit_list(struct app *app, const struct app_actor *actor,
			 const struct store_audit_query *q, struct ld_audit *out, int *n,
			 struct ld_err *err);

/*
 * Records that `actor` (logged in; NULL is ignored) was refused: an audit
 * row "access.refused" with `object` (may be NULL), the `route` that was
 * asked ("GET /api/v1/audit") and the refusal's error `code` in its detail.
 * A write of its own, for a request whose own work failed and was rolled
 * back: call it after that transaction ended. Strings borrowed.
 */
ld_status app_access_refused(struct app *app, const struct app_actor *actor, const char *object,
			     const char *route, const char *code, struct ld_err *err);

/* ---- directory: organisations, customers, teams, agents, facilities ---- */

ld_status app_org_create(struct app *app, const struct app_actor *actor, struct ld_org *o,
			 struct ld_err *err);
ld_status app_org_get(struct app *app, const struct app_actor *actor, int64_t id,
		      struct ld_org *out, struct ld_err *err);
ld_status app_org_update(struct app *app, const struct app_actor *actor, const struct ld_org *o,
			 struct ld_err *err);
ld_status app_org_list(struct app *app, const struct app_actor *actor, int64_t after_id,
		       int limit, struct ld_org *out, int *n, struct ld_err *err);

/* Customers: create validates name (required), email, phone, language
 * (default "en"), org; email is lower-cased and unique. */
ld_status app_customer_create(struct app *app, const struct app_actor *actor,
			      struct ld_customer *c, struct ld_err *err);
/*
 * A customer record. A customer account reading its own gets it without the
 * staff-only fields (notes is NULL): what the desk writes about a customer
 * is never shown to that customer. [out] `out` is the caller's to clear.
 */
/* Creates n customers at once, all or none (imports): as app_customer_create. */
ld_status app_customer_create_many(struct app *app, const struct app_actor *actor,
				   struct ld_customer *cs, size_t n, struct ld_err *err);
ld_status app_customer_get(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_customer *out, struct ld_err *err);
/* The customer whose e-mail is `email` (compared lower-cased; borrowed), for
 * staff: NOT_FOUND "customer_not_found", field "email", when there is none.
 * [out] `out` is the caller's to clear. */
ld_status app_customer_find_email(struct app *app, const struct app_actor *actor,
				  const char *email, struct ld_customer *out, struct ld_err *err);
/* The customer whose e-mail is fresh->email, as app_customer_find_email(),
 * else `fresh` made now (app_customer_create) and *created. [out] `out`
 * (may be `fresh` itself) is the caller's to clear. */
ld_status app_customer_find_or_create(struct app *app, const struct app_actor *actor,
				      struct ld_customer *fresh, struct ld_customer *out,
				      bool *created, struct ld_err *err);
/* Writes all editable fields of `c` (get, change, update). */
ld_status app_customer_update(struct app *app, const struct app_actor *actor,
			      const struct ld_customer *c, struct ld_err *err);
/* Search (q NULL = all) with cursor; `out` has `q->limit` entries. */
ld_status app_customer_list(struct app *app, const struct app_actor *actor,
			    const struct store_customer_query *q, struct ld_customer *out, int *n,
			    struct ld_err *err);

ld_status app_team_create(struct app *app, const struct app_actor *actor, struct ld_team *t,
			  struct ld_err *err);
ld_status app_team_get(struct app *app, const struct app_actor *actor, int64_t id,
		       struct ld_team *out, struct ld_err *err);
ld_status app_team_update(struct app *app, const struct app_actor *actor, const struct ld_team *t,
			  struct ld_err *err);
ld_status app_team_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			int limit, struct ld_team *out, int *n, struct ld_err *err);

ld_status app_agent_get(struct app *app, const struct app_actor *actor, int64_t id,
			struct ld_agent *out, struct ld_err *err);
/* The account whose login is `email` (compared lower-cased; borrowed), for
 * staff: NOT_FOUND "agent_not_found", field "email", when there is none. */
ld_status app_agent_find_email(struct app *app, const struct app_actor *actor, const char *email,
			       struct ld_agent *out, struct ld_err *err);
/* Changes an account (not its password). A change of `active` either way ends
 * all of the account's sessions: a reactivated account logs in afresh. On
 * LD_OK *a is the account as stored (e-mail lower-cased, created_at kept),
 * so the caller need not read it back after the commit. */
ld_status app_agent_update(struct app *app, const struct app_actor *actor,
			   struct ld_agent *a, struct ld_err *err);
/* `role` -1 = any. */
ld_status app_agent_list(struct app *app, const struct app_actor *actor, int role,
			 int64_t after_id, int limit, struct ld_agent *out, int *n,
			 struct ld_err *err);

/* Facilities (branches): every account reads them, customers included, with
 * every field; admins and managers create and change them. */
ld_status app_facility_create(struct app *app, const struct app_actor *actor,
			      struct ld_facility *f, struct ld_err *err);
ld_status app_facility_get(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_facility *out, struct ld_err *err);
ld_status app_facility_update(struct app *app, const struct app_actor *actor,
			      const struct ld_facility *f, struct ld_err *err);
ld_status app_facility_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			    int limit, struct ld_facility *out, int *n, struct ld_err *err);

/* ---- cases and interactions ---- */

/* A contact may be dated at most this far past the clock (clocks drift). */
#define APP_FUTURE_SKEW_S (5 * 60)

/*
 * A new interaction, as a caller describes it. Strings borrowed.
 *
 * The kind must go with the channel (ld_channel_carries_kind()), else 400
 * "invalid_combination" on kind; started_at more than APP_FUTURE_SKEW_S
 * ahead of the clock is 400 "future_time".
 *
 * Staff-only fields: agent_id, facility_id, started_at and sentiment are the
 * desk's to set. A customer actor that sends one — a value other than the
 * "none" below, or its has_ flag set — gets 403 "field_forbidden" naming it.
 * Adapters set a has_ flag for every such member the request carried, even
 * as null or the default value, so "not sent" and "sent as the default"
 * differ; callers that only fill values leave the flags false.
 */
struct app_interaction_in {
	int channel;                 /* enum ld_channel (required) */
	int direction;               /* enum ld_direction, default LD_DIR_IN when -1 */
	int kind;                    /* message|call|visit|note; -1 = derived from channel */
	int64_t agent_id;            /* handling agent; 0 = the actor if staff, else none */
	int64_t facility_id;         /* branch for visits, 0 = none */
	int64_t started_at;          /* Unix s, 0 = now */
	int duration_s;              /* ≥ 0 */
	const char *body;            /* text, may be NULL; ≤ LD_BODY_MAX */
	double sentiment;            /* −1…1 or NAN */
	bool has_agent_id;           /* the caller sent agent_id (staff only) */
	bool has_facility_id;        /* the caller sent facility_id (staff only) */
	bool has_started_at;         /* the caller sent started_at (staff only) */
	bool has_sentiment;          /* the caller sent sentiment (staff only) */
	/* Send it: an e-mail reply (channel email, direction out, a message)
	 * goes to the customer through the outbox (app/outbox.h). */
	bool send;
	/* An imported history's assignment record (an internal note naming the
	 * owner and team it gave the case to, see app_case_transfer): the system
	 * actor only (NULL), on internal notes only; 0 = none. */
	int64_t to_agent_id;
	int64_t to_team_id;
};

/*
 * A new case. priority, owner_id and team_id are staff-only as the
 * interaction's fields above are: a customer sending one (a value other than
 * -1 / 0, or its has_ flag) gets 403 "field_forbidden" naming it.
 */
struct app_case_open_in {
	int64_t customer_id;         /* required */
	const char *subject;         /* required, ≤ LD_SUBJECT_MAX */
	int category;                /* enum ld_category, -1 = question */
	int priority;                /* enum ld_priority, -1 = normal */
	int64_t owner_id;            /* 0 = unassigned */
	int64_t team_id;             /* 0 = owner's team or none */
	const char *language;        /* NULL = the customer's */
	struct app_interaction_in first; /* the first interaction (required) */
	bool has_priority;           /* the caller sent priority (staff only) */
	bool has_owner_id;           /* the caller sent owner_id (staff only) */
	bool has_team_id;            /* the caller sent team_id (staff only) */
};

/* Opens a case with its first interaction; [out] `out` is the stored case. */
ld_status app_case_open(struct app *app, const struct app_actor *actor,
			const struct app_case_open_in *in, struct ld_case *out, struct ld_err *err);

ld_status app_case_get(struct app *app, const struct app_actor *actor, int64_t id,
		       struct ld_case *out, struct ld_err *err);

/* Customers see only their own cases (the query is narrowed for them). */
ld_status app_case_list(struct app *app, const struct app_actor *actor,
			const struct store_case_query *q, struct ld_case *out, int *n,
			struct ld_err *err);

/* Editable case fields; a field is changed only when its has_ flag is set. */
struct app_case_patch {
	bool has_subject;   const char *subject;     /* new subject */
	bool has_category;  int category;            /* enum ld_category */
	bool has_priority;  int priority;            /* enum ld_priority (re-targets SLA) */
	bool has_language;  const char *language;    /* cs|de|pl|en|es|uk */
	bool has_status;    int status;              /* via app_case_set_status rules */
	bool has_owner;     int64_t owner_id;        /* assignment (0 = unassign) */
	bool has_team;      int64_t team_id;         /* team (0 = none) */
	int64_t if_version;                          /* 0 = any; else must match (ETag) */
};

/*
 * Applies a patch. A status change is recorded as a status interaction
 * (resolve, reopen — counted — pending pauses the SLA clock when the policy
 * says so); an owner/team change by PATCH is an assignment (not a transfer
 * when the case had no owner before, a transfer otherwise). An assignment is
 * recorded as an internal note by nobody naming the new owner (to_agent_id),
 * which effort does not count, as app_case_transfer() of an unowned case.
 */
ld_status app_case_update(struct app *app, const struct app_actor *actor, int64_t id,
			  const struct app_case_patch *patch, struct ld_case *out,
			  struct ld_err *err);

/*
 * Adds an interaction to a case; updates effort, SLA and first response.
 * [out] out_it (may be NULL) is the interaction as stored, its body a heap
 * copy the caller frees with ld_interaction_clear(); out_case (may be NULL)
 * the case after it.
 */
ld_status app_interaction_add(struct app *app, const struct app_actor *actor, int64_t case_id,
			      const struct app_interaction_in *in, struct ld_interaction *out_it,
			      struct ld_case *out_case, struct ld_err *err);

/*
 * Transfers to an agent and/or a team with an optional handover note. A case
 * nobody owns given to an agent (staying in its team, or having none) is an
 * assignment instead, as PATCH owner_id is: recorded (an internal note by
 * nobody naming to_agent_id) and audited ("case.assign"), but no transfer and
 * no re-explanation check; the handover note is then the actor's own note.
 */
ld_status app_case_transfer(struct app *app, const struct app_actor *actor, int64_t case_id,
			    int64_t to_agent_id, int64_t to_team_id, const char *note,
			    struct ld_case *out, struct ld_err *err);

/*
 * app_case_transfer() of a transfer whose record names who handed the case
 * on (`from_agent_id`, a staff agent; 0 = the owner), as an imported
 * history's transfer row does: a case without an owner was theirs, so the
 * move is a transfer by them, never an assignment.
 */
ld_status app_case_transfer_from(struct app *app, const struct app_actor *actor,
				 int64_t case_id, int64_t from_agent_id, int64_t to_agent_id,
				 int64_t to_team_id, const char *note, struct ld_case *out,
				 struct ld_err *err);

/*
 * Imports only (actor NULL, else 403): puts case `id` where the source desk
 * had it when its history ended — owner `owner_id` (an active staff account,
 * 0 = none) and team `team_id` (0 = none) — without recording an
 * interaction: the imported rows are the history, and owners and teams also
 * change without one (a first assignment). An owner on a new case opens it,
 * as an assignment does. No write when nothing changes.
 */
ld_status app_case_restore_assignment(struct app *app, const struct app_actor *actor, int64_t id,
				      int64_t owner_id, int64_t team_id, struct ld_case *out,
				      struct ld_err *err);

/*
 * Imports of whole histories (case_import.c). Between begin and end, the
 * case that app_case_open() opens lives in memory under the id
 * APP_CASE_WORK_ID: every use case on that id (interactions, transfers,
 * assignments, status changes, restore_assignment) runs its usual rules on
 * it without a store round trip, and end(keep) writes the case once with all
 * its rows, its repeat mark and FCR links and its figures — one insert per
 * row instead of a read-modify-write per row. end(false) drops it. An
 * imported resolution sends no survey. System actor (NULL) only.
 */
#define APP_CASE_WORK_ID INT64_MAX
ld_status app_case_import_begin(struct app *app, const struct app_actor *actor,
				struct ld_err *err);
/* [out] out (may be NULL) = the stored case; LD_ERR_NOT_FOUND when no case was opened. */
ld_status app_case_import_end(struct app *app, bool keep, struct ld_case *out,
			      struct ld_err *err);
/* The audit record of the `count` cases an import wrote together (ids
 * first_id…last_id): one per batch, not one per case. */
ld_status app_case_import_record(struct app *app, const struct app_actor *actor,
				 int64_t first_id, int64_t last_id, int64_t count,
				 struct ld_err *err);

/*
 * Merges case `from_id` into `into_id` (same customer): interactions move,
 * effort is recomputed for the target from the merged timeline (the one place
 * a rescan is correct), the source is closed with merged_into_id set.
 */
ld_status app_case_merge(struct app *app, const struct app_actor *actor, int64_t from_id,
			 int64_t into_id, struct ld_case *out, struct ld_err *err);

/* A case's interactions in time order; `out` has `limit` entries. */
ld_status app_case_interactions(struct app *app, const struct app_actor *actor, int64_t case_id,
				int64_t after_id, int limit, struct ld_interaction *out, int *n,
				struct ld_err *err);

/* The customer's whole timeline across cases, newest first. */
ld_status app_timeline(struct app *app, const struct app_actor *actor, int64_t customer_id,
		       const struct store_timeline_cursor *cur, int limit,
		       struct ld_interaction *out, int *n, struct ld_err *err);

/* Effort figures of a case as the API shows them. */
struct app_effort_view {
	int contacts, repeat_contacts, transfers, channel_switches;  /* signals */
	int re_explanations, robot_only, reopens;                   /* signals */
	int64_t elapsed_s;          /* open → resolved, or → now */
	double score;               /* weighted score */
	const char *band;           /* "low" | "medium" | "high" (static) */
};
void app_effort_view(const struct app *app, const struct ld_case *c, struct app_effort_view *out);

/* SLA figures of a case at `now`. */
struct app_sla_view {
	int64_t first_response_due;    /* Unix s, 0 = none */
	int64_t resolution_due;        /* Unix s, 0 = none */
	int64_t first_response_remaining_s; /* business s, negative = overdue; 0 when met/none */
	int64_t resolution_remaining_s;     /* business s, negative = overdue; 0 when met/none */
	bool first_response_breached;  /* missed (now or already) */
	bool resolution_breached;      /* missed (now or already) */
	bool paused;                   /* clock stopped (pending) */
};
ld_status app_sla_view(struct app *app, const struct ld_case *c, struct app_sla_view *out,
		       struct ld_err *err);

/*
 * ---- SLA configuration (app/sla.c) ----
 * Admins and managers create and change calendars, holidays and policies;
 * every staff account reads them; customers get 403. Changes reach the SLA
 * caches of every thread of this process at once, other processes within
 * 30 s. A case keeps the policy and due times it started with: changing a
 * policy re-targets no existing case, and a policy a case names cannot be
 * deleted ("sla_policy_in_use").
 */
#define APP_POLICIES_MAX 64      /* SLA policies a desk may have */
#define APP_HOLIDAYS_MAX 512     /* holidays one calendar may have */

/*
 * Calendars: `name` (unique), `tz` (an IANA zone, required), `hours` (core/sla.h
 * grammar, e.g. "mon-fri 08:00-17:00" or "24/7"; rewritten in canonical form).
 * create sets c->id; update rewrites calendar c->id whole (read, change, write).
 */
ld_status app_calendar_create(struct app *app, const struct app_actor *actor,
			      struct store_calendar *c, struct ld_err *err);
ld_status app_calendar_get(struct app *app, const struct app_actor *actor, int64_t id,
			   struct store_calendar *out, struct ld_err *err);
ld_status app_calendar_update(struct app *app, const struct app_actor *actor,
			      struct store_calendar *c, struct ld_err *err);
ld_status app_calendar_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			    int limit, struct store_calendar *out, int *n, struct ld_err *err);

/*
 * Holidays: `date` a real date yyyymmdd (1970 … 2999, else "invalid_date"),
 * `name` optional. A date twice is "holiday_exists"; more than
 * APP_HOLIDAYS_MAX is "too_many_holidays". list fills up to `cap` by date.
 */
ld_status app_holiday_add(struct app *app, const struct app_actor *actor, int64_t calendar_id,
			  int32_t date, const char *name, struct ld_err *err);
ld_status app_holiday_list(struct app *app, const struct app_actor *actor, int64_t calendar_id,
			   struct store_holiday *out, int cap, int *n, struct ld_err *err);
ld_status app_holiday_delete(struct app *app, const struct app_actor *actor, int64_t calendar_id,
			     int32_t date, struct ld_err *err);

/*
 * Policies: `name` (unique), priority/category (-1 = any), targets in
 * business seconds (0 = none, else positive, at most a year to the first
 * response and three years to resolution), `calendar_id` (0 = the case
 * team's), pause_on_pending. More than APP_POLICIES_MAX is
 * "too_many_policies". update rewrites policy p->id whole.
 */
ld_status app_sla_policy_create(struct app *app, const struct app_actor *actor,
				struct store_sla_policy *p, struct ld_err *err);
ld_status app_sla_policy_get(struct app *app, const struct app_actor *actor, int64_t id,
			     struct store_sla_policy *out, struct ld_err *err);
ld_status app_sla_policy_update(struct app *app, const struct app_actor *actor,
				const struct store_sla_policy *p, struct ld_err *err);
ld_status app_sla_policy_delete(struct app *app, const struct app_actor *actor, int64_t id,
				struct ld_err *err);
ld_status app_sla_policy_list(struct app *app, const struct app_actor *actor,
			      struct store_sla_policy *out, int cap, int *n, struct ld_err *err);

/* ---- personal data: export, erasure, retention (gdpr.c) ---- */

#define APP_GDPR_FORMAT "loyaldesk.customer-export" /* customer.json "format" */
#define APP_GDPR_FORMAT_VERSION 1      /* customer.json "format_version" */
#define APP_GDPR_REASON_MAX 200        /* an erasure's reason, bytes */
#define APP_GDPR_RETENTION_MONTHS_MAX 1200 /* longest retention period, months */
#define APP_GDPR_SWEEP_INTERVAL_S 3600 /* how often `serve` sweeps (retention on) */
#define APP_GDPR_PLACEHOLDER_MAX 64    /* "erased customer #123" */

/* One case of an export: the case and every contact of it, in time order. */
struct app_gdpr_case {
	struct ld_case c;                  /* the case as stored */
	struct ld_interaction *contacts;   /* owned array of n_contacts (bodies owned) */
	size_t n_contacts;                 /* entries of contacts */
	struct ld_attachment *attachments; /* owned array: the files of its contacts, by id */
	size_t n_attachments;              /* entries of attachments */
};

/*
 * Everything the desk holds about one customer (app_gdpr_export). Arrays
 * are owned, released with app_gdpr_export_free(); accounts carry no
 * password hash and sessions no token digest (the store returns neither).
 */
struct app_gdpr_export {
	int64_t exported_at;               /* Unix s */
	struct ld_customer customer;       /* the record, staff fields included */
	bool has_org;                      /* the customer belongs to an organisation */
	struct ld_org org;                 /* … which (valid when has_org) */
	struct ld_agent *accounts;         /* their login accounts, by id */
	size_t n_accounts;
	struct app_gdpr_case *cases;       /* their cases, by id */
	size_t n_cases;
	struct ld_survey *surveys;         /* invitations and answers, by id */
	size_t n_surveys;
	struct ld_followup *followups;     /* follow-up tasks, by id */
	size_t n_followups;
	struct ld_subscription *subscriptions; /* subscriptions and renewals, by id */
	size_t n_subscriptions;
	struct ld_message *messages;       /* outbox messages to them, by id */
	size_t n_messages;
	struct ld_call *calls;             /* their calls (app/calls.h), by id */
	size_t n_calls;
	struct ld_audit *audit;            /* audit rows about their objects and by their
					    * accounts, by id */
	size_t n_audit;
};

/*
 * The export of customer `customer_id` (GDPR art. 15 and 20), for admins
 * (and the system): 403 "forbidden" for everyone else, 404
 * "customer_not_found". Reads in one snapshot of its own (call it outside
 * any read or write), then records "customer.export" in the audit log.
 * [out] `out` is the caller's, released with app_gdpr_export_free().
 */
ld_status app_gdpr_export(struct app *app, const struct app_actor *actor, int64_t customer_id,
			  struct app_gdpr_export *out, struct ld_err *err);
void app_gdpr_export_free(struct app_gdpr_export *x); /* NULL-safe; zeroes */

/* What an erasure did. */
struct app_gdpr_erasure {
	int64_t customer_id;               /* who */
	int64_t erased_at;                 /* when first erased (Unix s) */
	bool already_erased;               /* erased before this call */
	int64_t accounts;                  /* login accounts anonymised and deactivated */
	int64_t sessions;                  /* their sessions ended */
	struct store_removal removed;      /* texts removed by this call */
	bool compacted;                    /* no copy of a removed byte is left in the files */
	char note[160];                    /* why not compacted ("" when compacted) */
};

/*
 * Erases customer `customer_id` (GDPR art. 17), for admins (and the
 * system): the name becomes "erased customer #ID", e-mail, phone and notes
 * go, consent is withdrawn; their login accounts get that name and an
 * address at erased.invalid, lose their password and sessions and are
 * deactivated; the texts of their cases (subjects, contact bodies), survey
 * comments, follow-up notes and outbox messages are removed, their open
 * survey links end; the detail of every audit row about their objects is
 * redacted (the chain still verifies). Ids, times, channels, kinds and
 * scores stay, so every figure and report stays as it was. Sets erased_at.
 *
 * `reason` (may be NULL) is kept in the audit row "customer.erase": at
 * most APP_GDPR_REASON_MAX bytes of UTF-8 without control characters
 * ("too_long", "invalid_utf8", "invalid_text"), and it must not contain the
 * customer's name, e-mail or phone (LD_ERR_INVALID
 * "reason_names_customer"), so the record of an erasure holds no personal
 * data. Erasing again changes nothing more (already_erased) and is
 * recorded again. Then, after the commit, the store's compaction
 * (store.h compact_after_erase); its failure is reported in `out`, not as
 * an error: the erasure itself stands.
 */
ld_status app_gdpr_erase(struct app *app, const struct app_actor *actor, int64_t customer_id,
			 const char *reason, struct app_gdpr_erasure *out, struct ld_err *err);

/* The system's "make deleted data unrecoverable" again (`loyaldesk gdpr
 * compact`), for admins and the system. */
ld_status app_gdpr_compact(struct app *app, const struct app_actor *actor, bool *complete,
			   char note[160], struct ld_err *err);

/* What a retention sweep did (or would do). */
struct app_gdpr_retention {
	int months;                        /* the period applied */
	int64_t before;                    /* cases whose last contact was before this (Unix s) */
	bool dry_run;                      /* nothing was changed */
	struct store_removal removed;      /* what was (would be) removed */
	bool compacted;                    /* as app_gdpr_erasure */
	char note[160];
};

/*
 * Retention (docs/operations.md): the resolved and closed cases whose last
 * contact is more than `months` calendar months old (0 = cfg
 * retention_months; both 0: nothing to do) lose their texts — subject,
 * contact bodies, survey comments, follow-up notes — and stay as anonymous
 * rows, so the figures stay. Commits every 200 cases, one audit row
 * "case.retention" per batch. Admins and the system only. `dry_run` counts.
 */
ld_status app_gdpr_retention(struct app *app, const struct app_actor *actor, int months,
			     bool dry_run, struct app_gdpr_retention *out, struct ld_err *err);

/* ---- derived figures: check and repair (check.c) ---- */

/* One difference between a stored figure and its recomputation from the rows. */
struct app_check_diff {
	const char *table;       /* "effort_agg", "customer", … (static) */
	char key[160];           /* which cell or row, readable ("day=20345 team=2 channel=web") */
	const char *field;       /* the column (static) */
	char stored[80];         /* what the store holds, as text (a chain: 64 hex) */
	char recomputed[80];     /* what the rows say */
};
typedef void (*app_check_fn)(void *ctx, const struct app_check_diff *d);

struct app_check_result {
	int64_t differences;     /* figures that disagree (0 = the reports are true) */
	int64_t cases;           /* rows read … */
	int64_t customers;
	int64_t surveys;         /* answered ones */
	int64_t subscriptions;
	int64_t cells;           /* aggregate cells the rows give */
	int64_t audit_rows;      /* audit rows whose chain was verified */
	int64_t audit_breaks;    /* rows whose chain or detail digest does not verify
				  * (reported as table "audit"; never repaired) */
	char audit_head[65];     /* the last row's chain as hex ("" = empty log): noted
				  * elsewhere, it shows later whether rows were cut off the end */
};

/*
 * Recomputes every derived figure from the stored rows with the core rules
 * and compares, and verifies the audit log's hash chain row by row
 * (util/audit_chain.h; each row against the chain stored in the row before
 * it, so one edited row is one break): fn(ctx, diff) once per difference
 * and per break (fn may be NULL). With
 * `repair`, rewrites every aggregate and customer figure from the
 * recomputation in one transaction (admin only; `out->differences` still
 * counts what was wrong before; the audit log is never rewritten). Managers
 * and admins may check.
 */
ld_status app_check(struct app *app, const struct app_actor *actor, bool repair,
		    app_check_fn fn, void *ctx, struct app_check_result *out, struct ld_err *err);

/*
 * Readies a freshly opened store for use: when a migration asked for the
 * derived figures to be rebuilt from the rows, rebuilds them (as check
 * --repair). Every program that opens a store calls it once, before work.
 */
ld_status app_prepare(struct app *app, struct ld_err *err);

#endif
