/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Private helpers shared by the use-case files: transactions, role checks,
 * audit records, page-size checks. Not for adapters.
 */
#ifndef LD_APP_INTERNAL_H
#define LD_APP_INTERNAL_H

#include "app/app.h"
#include "store/store.h"
#include "util/xmalloc.h" /* memory whose loss is a bug aborts (STYLE.md habit 8) */

/* Opens a transaction, or a savepoint inside an open one. */
ld_status app_tx_begin(struct app *app, struct ld_err *err);
/*
 * Ends what app_tx_begin() opened: commits (or releases the savepoint) when
 * `status` is LD_OK, otherwise rolls back (to the savepoint). Returns the
 * final status (a failed commit turns OK into its error).
 */
ld_status app_tx_end(struct app *app, ld_status status, struct ld_err *err);

/* Appends an audit record "<object_kind>/<object_id>" (part of the caller's
 * transaction); the actor's address goes with it. */
ld_status app_audit(struct app *app, const struct app_actor *actor, const char *action,
		    const char *object_kind, int64_t object_id, const char *detail,
		    struct ld_err *err);
/* A refusal's audit record after the request's own work was rolled back:
 * app_audit_object() in a transaction of its own, best effort (the answer
 * to the request does not depend on it). */
void app_audit_apart(struct app *app, const struct app_actor *actor, const char *action,
		     const char *detail);
/* The same with the object as text (NULL = none). */
ld_status app_audit_object(struct app *app, const struct app_actor *actor, const char *action,
			   const char *object, const char *detail, struct ld_err *err);

/* `s` as a JSON string, quoted and escaped, into out[0..cap); false when it
 * does not fit (audit.c). For the texts audit details carry. */
bool app_json_quote(const char *s, char *out, size_t cap);

/* Webhook events (webhooks.c), queued inside the open transaction; none
 * while an import builds a case (app->work). `data` is the event's JSON. */
ld_status app_webhook_emit(struct app *app, int event, const char *data, struct ld_err *err);
/* case.created when `before` is NULL, else case.updated when a field a
 * person sees changed. */
ld_status app_webhook_case(struct app *app, const struct ld_case *before,
			   const struct ld_case *after, struct ld_err *err);
ld_status app_webhook_interaction(struct app *app, const struct ld_interaction *it,
				  struct ld_err *err);
ld_status app_webhook_survey(struct app *app, const struct ld_survey *sv, struct ld_err *err);
/* claim.created (with the claim's case `c`) or compliment.created (c NULL). */
struct ld_feedback;
ld_status app_webhook_feedback(struct app *app, const struct ld_feedback *f,
			       const struct ld_case *c, struct ld_err *err);

/* Opens a session of account `a` inside the open transaction: a new
 * token (token[APP_TOKEN_LEN + 1]), expired sessions purged, and `action`
 * (with `detail`, NULL = none) audited as the account from `address`. */
ld_status app_session_open(struct app *app, const struct ld_agent *a, const char *address,
			   const char *action, const char *detail, char token[APP_TOKEN_LEN + 1],
			   struct ld_err *err);

/* Role gates. NULL actor = the system: always allowed. */
bool app_is_staff(const struct app_actor *actor);
bool app_is_manager(const struct app_actor *actor);
ld_status app_require_staff(const struct app_actor *actor, struct ld_err *err);
ld_status app_require_manager(const struct app_actor *actor, struct ld_err *err);
/* Admins (and the system) only: 403 "forbidden", "<what> is for admins". */
ld_status app_require_admin(const struct app_actor *actor, const char *what, struct ld_err *err);

/* Customers may reach only their own customer id. */
ld_status app_require_customer_access(const struct app_actor *actor, int64_t customer_id,
				      struct ld_err *err);

/* Validates a page size: 0 → APP_LIST_DEFAULT, 1…APP_LIST_MAX, else invalid. */
ld_status app_check_limit(int *limit, struct ld_err *err);

/* Checks that an agent id names an active staff account (field for errors). */
ld_status app_check_staff_agent(struct app *app, int64_t agent_id, const char *field,
				struct ld_agent *out, struct ld_err *err);

/* Case input checks (case_input.c). */
ld_status app_check_team_exists(struct app *app, int64_t team_id, struct ld_err *err);
/* A customer sending a staff-only field of a new case: 403 field_forbidden. */
ld_status app_case_check_customer_case(const struct app_actor *actor,
				       const struct app_case_open_in *in, struct ld_err *err);
/* Validates a caller's interaction and turns it into a row (`it->body`
 * borrows `in->body`). */
ld_status app_case_build_interaction(struct app *app, const struct app_actor *actor,
				     const struct app_interaction_in *in, struct ld_interaction *it,
				     struct ld_err *err);

/* Case helpers shared by cases.c and history.c. */
ld_status app_case_load(struct app *app, int64_t id, struct ld_case *out, struct ld_err *err);
void app_case_event_of(const struct ld_interaction *it, struct effort_event *ev);
int app_case_channel(const struct ld_case *c);   /* the conversation's channel */
bool app_case_is_closed(int status);             /* resolved or closed */
/* Sets c->effort_score and c->effort_band under the desk's weights; called
 * before every write of a case so stored bands (and the aggregates the
 * store keeps from them) follow the weights in force. */
void app_case_rescore(const struct app *app, struct ld_case *c);

/*
 * The derived-figure ledger (rollup.c). Every write of a case, a new
 * customer, a survey answer or a subscription logs its change inside the
 * open transaction; app_tx_end() applies the sums at the outermost commit
 * (app_rollup_flush) and cuts the log back when a savepoint rolls back.
 * `before`/`after` NULL = the case is new / gone.
 */
void app_rollup_case(struct app *app, const struct ld_case *before, const struct ld_case *after);
void app_rollup_customer_new(struct app *app, int64_t customer_id);
void app_rollup_answer(struct app *app, const struct ld_survey *sv);
void app_rollup_renewal(struct app *app, int64_t customer_id);
void app_rollup_mark(struct app *app);    /* before a level opens (tx_depth = its index) */
void app_rollup_undo(struct app *app);    /* after a level closed without commit */
ld_status app_rollup_flush(struct app *app, struct ld_err *err);
void app_rollup_discard(struct app *app);
void app_rollup_free(struct app *app);
/* Sorts deltas by cell and sums equal cells, dropping zero ones; returns the count. */
size_t app_rollup_compact(struct rollup_delta *d, size_t n);
bool app_rollup_delta_zero(const struct rollup_delta *d);
/* Refolds a customer's renewal outcome from their subscriptions (core's rule). */
ld_status app_rollup_refold_renewal(struct app *app, int64_t customer_id,
				    struct rollup_customer *c, struct ld_err *err);

/*
 * Case writes that keep the ledger and the links between a customer's cases
 * on one topic: insert a new case; write a changed one (reads the stored row
 * first, as the "before" of its deltas). When the write moves what the links
 * read (times, category, customer, merge), the repeat marks and FCR gaps of
 * the customer's other cases on the old and new topic are recomputed and
 * written too, and `c`'s own are updated in place before it is written.
 * app_case_write_only() skips the links (they call it).
 */
ld_status app_case_insert(struct app *app, struct ld_case *c, struct ld_err *err);
/* The transaction's copy of a stored case row (cases.c); app_tx_end() forgets it
 * whenever anything is rolled back and at the end of the transaction. */
void app_case_seen_set(struct app *app, const struct ld_case *c);
void app_case_seen_forget(struct app *app);
ld_status app_case_write(struct app *app, struct ld_case *c, struct ld_err *err);
ld_status app_case_write_only(struct app *app, const struct ld_case *c, struct ld_err *err);

/*
 * Recomputes the links (core/rollup.h rollup_topic_links) of every case of
 * `customer_id` in `category`; `self` (may be NULL; id 0 for a case not yet
 * stored) is taken from memory instead of the store and updated in place,
 * the others are written when they change.
 */
ld_status app_case_links(struct app *app, int64_t customer_id, int category,
			 struct ld_case *self, struct ld_err *err);
bool app_case_links_moved(const struct ld_case *a, const struct ld_case *b);

/* Replays a case's stored interactions, in time order, into a fresh effort
 * state (keeping its repeat-case mark): after a merge or a late record. */
ld_status app_case_refold(struct app *app, struct ld_case *c, struct ld_err *err);
/* The same over rows in memory (any order; ties keep their order). */
void app_case_refold_rows(struct ld_case *c, const struct ld_interaction *its, size_t n);

/* The imported case being built in memory (case_import.c, app.h). */
#define APP_WORK_AGENTS 8
struct app_case_work {
	struct ld_case c;              /* the case so far, id APP_CASE_WORK_ID */
	bool opened;                   /* app_case_open() ran */
	struct ld_interaction *its;    /* its rows so far (bodies borrowed from the caller) */
	size_t n, cap;                 /* rows used / allocated */
	struct ld_agent agents[APP_WORK_AGENTS]; /* staff accounts checked for this case */
	int n_agents;                  /* entries used (round robin once full) */
	int next_agent;                /* next slot to reuse */
};
static inline bool app_case_in_work(const struct app *app, int64_t id)
{
	return app->work != NULL && app->work->opened && id == APP_CASE_WORK_ID;
}
/* Takes the new case and its first row into the work (app_case_open). */
ld_status app_case_work_open(struct app *app, struct ld_case *c, const struct ld_interaction *it,
			     struct ld_err *err);
/* persist() for the work case: keeps the rows and the case in memory. */
ld_status app_case_work_persist(struct app *app, struct ld_case *c,
				const struct ld_interaction *its, int n_its, bool refold,
				struct ld_err *err);

/* Empties every thread's token cache at once (accounts.c): after any write
 * that may end a session or change an account's standing. */
void app_auth_revoke_all(void);
/* Frees the token cache (accounts.c); app_fini() calls it. */
void app_auth_cache_free(struct app *app);

/* Case SLA glue (app/sla.c). Invalidating empties this thread's SLA cache
 * and makes every other thread of the process reload at its next read (call
 * it once the change's transaction has ended); other processes follow
 * within 30 s. */
void app_sla_cache_invalidate(struct app *app);
ld_status app_sla_start(struct app *app, struct ld_case *c, int64_t at, struct ld_err *err);
ld_status app_sla_on_status(struct app *app, struct ld_case *c, int old_status, int new_status,
			    int64_t at, struct ld_err *err);
/*
 * A contact from a live channel (a call, a chat) and where it goes
 * (contact.c): the case `case_id` (0 = the desk chooses), else the
 * customer's open case with the latest activity, else a new case with
 * `subject` in team `team_id` (0 = none), owned by the contact's agent.
 */
struct app_contact_place {
	int64_t customer_id;
	int64_t case_id;
	int64_t team_id;
	const char *subject;             /* of a new case */
	struct app_interaction_in first; /* the contact */
};
/* [out] the contact as stored (cleared by the caller) and its case. */
ld_status app_contact_place(struct app *app, const struct app_contact_place *p,
			    struct ld_interaction *it, struct ld_case *c, struct ld_err *err);
/* Case `case_id`, or the case it was merged into (and so on): 404
 * "case_not_found" (field case_id) when there is none. */
ld_status app_case_load_merged(struct app *app, int64_t case_id, struct ld_case *c,
			       struct ld_err *err);
/* The open cases (new, open, pending) of a customer, latest activity first:
 * at most `cap` into out, *more when there are others. */
ld_status app_customer_open_cases(struct app *app, int64_t customer_id, struct ld_case *out,
				  int cap, int *n, bool *more, struct ld_err *err);

struct throttle_rule;
/*
 * Counts one request of kind `what` ("portal", "chat") from client address
 * `address` (NULL or "" = unknown: not limited) against `rule`
 * (core/throttle.h); *wait > 0 (seconds) when it must not be served yet.
 * Every request counts, in the caller's transaction.
 */
ld_status app_throttle_count(struct app *app, const struct throttle_rule *rule, const char *what,
			     const char *address, int64_t *wait, struct ld_err *err);

/* Marks live topic `topic` (a chat id) as changed by the open transaction:
 * its waiters are woken once it commits (app/live.h). */
void app_live_note(struct app *app, int64_t topic);

ld_status app_sla_on_first_response(struct app *app, struct ld_case *c, int64_t at,
				    struct ld_err *err);

/* Blanks the survey and portal sign-in links in an outbox text
 * (surveys.c): a delivered message's token then lives only in the
 * customer's mailbox. Whether there was one. */
bool app_outbox_redact_links(char *body);

/*
 * Queues the e-mail of agent reply `it` (just stored on case `c`) in the
 * outbox, in the caller's transaction (outbox.c): to the customer's address,
 * subject "[#ID] subject", the reply and a line in the customer's language,
 * a Message-ID recorded for threading, In-Reply-To the customer's last
 * message on the case. LD_ERR_INVALID "customer_has_no_email" when there is
 * no address to send to (nothing is then recorded).
 */
ld_status app_outbox_queue_reply(struct app *app, const struct ld_case *c,
				 const struct ld_interaction *it, struct ld_err *err);

/*
 * Writes new interactions and the changed case, with an audit record
 * (cases.c): with `refold`, the case's effort is replayed from its stored
 * interactions. Inside an import, into the import's memory instead.
 */
ld_status app_case_persist(struct app *app, const struct app_actor *actor, struct ld_case *c,
			   struct ld_interaction *its, int n_its, bool refold, const char *action,
			   const char *detail, struct ld_err *err);

#endif
