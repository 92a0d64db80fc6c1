/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What the resource files (customers.c, cases.c …) share with the router:
 * the call context a handler gets, the handler type, every handler (listed
 * here so the one route table in router.c can name them), query-string
 * helpers (params.c) and the entity renderers (render.c).
 *
 * A handler parses its input, calls one app_* use case and renders the
 * result into call->res. On failure it returns the status with `err` filled
 * and writes nothing: the router renders the error (reply.c). It never
 * decides a business rule. The hot writes are write routes instead
 * (struct http_write_route): the same three parts, split where the
 * group-commit writer takes over.
 */
#ifndef LD_HTTP_RESOURCE_H
#define LD_HTTP_RESOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "app/app.h"
#include "http/json_out.h"
#include "http/router.h"
#include "app/writer.h"
#include "util/status.h"
#include "util/xmalloc.h" /* handlers allocate with xcalloc()/xstrdup() */

#define HTTP_PATH_IDS_MAX 2
#define HTTP_PATH_KEY_MAX 128 /* longest {key} segment; longer → 404 */

/* Everything a handler sees; all borrowed for the duration of the call. */
struct http_call {
	struct app *app;                    /* this thread's use-case context */
	const struct app_actor *actor;      /* authenticated account; NULL on public routes */
	const char *token;                  /* the bearer token (64 hex) or NULL */
	const struct http_request *req;     /* the request */
	struct http_response *res;          /* the response to fill on success */
	int64_t ids[HTTP_PATH_IDS_MAX];     /* {id} path parameters, in path order */
	char key[HTTP_PATH_KEY_MAX + 1];    /* a {key} path parameter (opaque, e.g. a token) */
};

typedef ld_status (*http_handler_fn)(struct http_call *call, struct ld_err *err);

/*
 * A write route: the hot writes are not one handler but three steps, so
 * that the middle one can run on the server's group-commit writer thread
 * (writer.h) while the request's worker serves other connections:
 *
 *   parse  on the worker: body and path → the job context. Copies what run
 *          needs (the actor, the ids): the call is gone by the time run runs.
 *   run    on the writer, inside its batch: the use case(s) on the writer's
 *          app; touches nothing but the job context. An app_write_fn.
 *   reply  on the worker, once the batch has committed: job context →
 *          call->res (rendering on the worker's app). It reads nothing from
 *          the store: a read that failed after the commit would answer an
 *          error (a 503 the client retries) for a write that happened, so
 *          whatever the answer shows beside the job's own results — a
 *          case's SLA figures (http_case_figures) — run gathers before the
 *          commit. call->req is NULL here: everything needed is in the
 *          context.
 *   clear  releases what parse and run left in the context; always called
 *          when set (NULL: nothing to release).
 *
 * The router allocates the context (`size` bytes, zeroed), calls the steps
 * and frees it. A step that fails returns its status with `err` filled and
 * the router renders the error, as for handlers; run's writes are then
 * undone (it runs under its own savepoint).
 */
struct http_write_route {
	size_t size;                                                       /* job context bytes */
	ld_status (*parse)(struct http_call *call, void *job, struct ld_err *err); /* worker */
	app_write_fn run;                                                 /* writer */
	ld_status (*reply)(struct http_call *call, void *job, struct ld_err *err); /* worker */
	void (*clear)(void *job);                                          /* or NULL */
};

/* ---- handlers, one file per resource ---- */

/* health.c */
ld_status http_health_get(struct http_call *call, struct ld_err *err);
/* sessions.c */
ld_status http_session_create(struct http_call *call, struct ld_err *err);
ld_status http_session_get(struct http_call *call, struct ld_err *err);
ld_status http_session_delete(struct http_call *call, struct ld_err *err);
/* orgs.c */
ld_status http_org_create(struct http_call *call, struct ld_err *err);
ld_status http_org_list(struct http_call *call, struct ld_err *err);
ld_status http_org_get(struct http_call *call, struct ld_err *err);
ld_status http_org_update(struct http_call *call, struct ld_err *err);
/* customers.c */
extern const struct http_write_route HTTP_CUSTOMER_CREATE;
ld_status http_customer_list(struct http_call *call, struct ld_err *err);
ld_status http_customer_get(struct http_call *call, struct ld_err *err);
extern const struct http_write_route HTTP_CUSTOMER_UPDATE;
ld_status http_customer_timeline(struct http_call *call, struct ld_err *err);
ld_status http_customer_loyalty(struct http_call *call, struct ld_err *err);
ld_status http_report_effort(struct http_call *call, struct ld_err *err);
/* reports.c: survey reports, loyalty, renewals */
ld_status http_report_nps(struct http_call *call, struct ld_err *err);
ld_status http_report_csat(struct http_call *call, struct ld_err *err);
ld_status http_report_ces(struct http_call *call, struct ld_err *err);
ld_status http_report_servqual(struct http_call *call, struct ld_err *err);
ld_status http_report_loyalty(struct http_call *call, struct ld_err *err);
ld_status http_renewal_calendar(struct http_call *call, struct ld_err *err);
ld_status http_renewal_outreach(struct http_call *call, struct ld_err *err);
/* surveys.c */
ld_status http_survey_create(struct http_call *call, struct ld_err *err);
ld_status http_survey_list(struct http_call *call, struct ld_err *err);
ld_status http_survey_get(struct http_call *call, struct ld_err *err);
ld_status http_survey_open(struct http_call *call, struct ld_err *err);
ld_status http_survey_answer(struct http_call *call, struct ld_err *err);
ld_status http_survey_rule_create(struct http_call *call, struct ld_err *err);
ld_status http_survey_rule_list(struct http_call *call, struct ld_err *err);
ld_status http_survey_rule_delete(struct http_call *call, struct ld_err *err);
ld_status http_outbox_list(struct http_call *call, struct ld_err *err);
ld_status http_outbox_mark_sent(struct http_call *call, struct ld_err *err);
ld_status http_outbox_retry(struct http_call *call, struct ld_err *err);
ld_status http_followup_list(struct http_call *call, struct ld_err *err);
ld_status http_followup_get(struct http_call *call, struct ld_err *err);
ld_status http_followup_update(struct http_call *call, struct ld_err *err);
/* teams.c */
ld_status http_team_create(struct http_call *call, struct ld_err *err);
ld_status http_team_list(struct http_call *call, struct ld_err *err);
ld_status http_team_get(struct http_call *call, struct ld_err *err);
ld_status http_team_update(struct http_call *call, struct ld_err *err);
/* agents.c */
ld_status http_agent_create(struct http_call *call, struct ld_err *err);
ld_status http_agent_list(struct http_call *call, struct ld_err *err);
ld_status http_agent_get(struct http_call *call, struct ld_err *err);
ld_status http_agent_update(struct http_call *call, struct ld_err *err);
ld_status http_agent_set_password(struct http_call *call, struct ld_err *err);
/* facilities.c */
ld_status http_facility_create(struct http_call *call, struct ld_err *err);
ld_status http_facility_list(struct http_call *call, struct ld_err *err);
ld_status http_facility_get(struct http_call *call, struct ld_err *err);
ld_status http_facility_update(struct http_call *call, struct ld_err *err);
ld_status http_facility_summary(struct http_call *call, struct ld_err *err); /* reports.c */
/* calls.c */
ld_status http_call_event(struct http_call *call, struct ld_err *err);
ld_status http_call_list(struct http_call *call, struct ld_err *err);
ld_status http_call_get(struct http_call *call, struct ld_err *err);
ld_status http_call_update(struct http_call *call, struct ld_err *err);
/* portal.c */
ld_status http_portal_link_create(struct http_call *call, struct ld_err *err);
ld_status http_portal_session_create(struct http_call *call, struct ld_err *err);
/* webhooks.c */
ld_status http_webhook_create(struct http_call *call, struct ld_err *err);
ld_status http_webhook_list(struct http_call *call, struct ld_err *err);
ld_status http_webhook_get(struct http_call *call, struct ld_err *err);
ld_status http_webhook_update(struct http_call *call, struct ld_err *err);
ld_status http_webhook_delete(struct http_call *call, struct ld_err *err);
ld_status http_webhook_deliveries(struct http_call *call, struct ld_err *err);
ld_status http_webhook_ping(struct http_call *call, struct ld_err *err);
/* integrations.c */
ld_status http_integration_create(struct http_call *call, struct ld_err *err);
ld_status http_integration_list(struct http_call *call, struct ld_err *err);
ld_status http_integration_get(struct http_call *call, struct ld_err *err);
ld_status http_integration_revoke(struct http_call *call, struct ld_err *err);
/* chats.c */
ld_status http_chat_widget_create(struct http_call *call, struct ld_err *err);
ld_status http_chat_widget_list(struct http_call *call, struct ld_err *err);
ld_status http_chat_widget_get(struct http_call *call, struct ld_err *err);
ld_status http_chat_widget_update(struct http_call *call, struct ld_err *err);
ld_status http_chat_start(struct http_call *call, struct ld_err *err);
/* feedback.c: claims and compliments */
ld_status http_claim_create(struct http_call *call, struct ld_err *err);
ld_status http_claim_list(struct http_call *call, struct ld_err *err);
ld_status http_claim_get(struct http_call *call, struct ld_err *err);
ld_status http_claim_update(struct http_call *call, struct ld_err *err);
ld_status http_compliment_create(struct http_call *call, struct ld_err *err);
ld_status http_compliment_list(struct http_call *call, struct ld_err *err);
ld_status http_compliment_get(struct http_call *call, struct ld_err *err);
ld_status http_compliment_update(struct http_call *call, struct ld_err *err);
ld_status http_report_feedback(struct http_call *call, struct ld_err *err);
ld_status http_chat_list(struct http_call *call, struct ld_err *err);
ld_status http_chat_get(struct http_call *call, struct ld_err *err);
ld_status http_chat_messages(struct http_call *call, struct ld_err *err);
ld_status http_chat_say(struct http_call *call, struct ld_err *err);
ld_status http_chat_close(struct http_call *call, struct ld_err *err);
ld_status http_chat_accept(struct http_call *call, struct ld_err *err);
ld_status http_chat_update(struct http_call *call, struct ld_err *err);
ld_status http_chat_events(struct http_call *call, struct ld_err *err);
ld_status http_chat_feed(struct http_call *call, struct ld_err *err);
/* sla.c */
ld_status http_calendar_create(struct http_call *call, struct ld_err *err);
ld_status http_calendar_list(struct http_call *call, struct ld_err *err);
ld_status http_calendar_get(struct http_call *call, struct ld_err *err);
ld_status http_calendar_update(struct http_call *call, struct ld_err *err);
ld_status http_holiday_create(struct http_call *call, struct ld_err *err);
ld_status http_holiday_list(struct http_call *call, struct ld_err *err);
ld_status http_holiday_delete(struct http_call *call, struct ld_err *err);
ld_status http_sla_policy_create(struct http_call *call, struct ld_err *err);
ld_status http_sla_policy_list(struct http_call *call, struct ld_err *err);
ld_status http_sla_policy_get(struct http_call *call, struct ld_err *err);
ld_status http_sla_policy_update(struct http_call *call, struct ld_err *err);
ld_status http_sla_policy_delete(struct http_call *call, struct ld_err *err);
/* cases.c */
extern const struct http_write_route HTTP_CASE_CREATE;
ld_status http_case_list(struct http_call *call, struct ld_err *err);
ld_status http_case_get(struct http_call *call, struct ld_err *err);
extern const struct http_write_route HTTP_CASE_UPDATE;
extern const struct http_write_route HTTP_CASE_TRANSFER;
extern const struct http_write_route HTTP_CASE_MERGE;
/* interactions.c */
extern const struct http_write_route HTTP_INTERACTION_CREATE;
ld_status http_interaction_list(struct http_call *call, struct ld_err *err);
/* audit.c */
ld_status http_audit_list(struct http_call *call, struct ld_err *err);
/* attachments.c */
ld_status http_attachment_list(struct http_call *call, struct ld_err *err);
ld_status http_attachment_get(struct http_call *call, struct ld_err *err);

/* gdpr.c */
ld_status http_customer_export(struct http_call *call, struct ld_err *err);
ld_status http_customer_erase(struct http_call *call, struct ld_err *err);
/*
 * The export archive of `x` (a zip: customer.json and attachments/, gdpr.c
 * says what is in it), for the API and `loyaldesk gdpr export`. [out]
 * *data (free()) and *len.
 */
ld_status http_gdpr_archive(struct app *app, const struct app_gdpr_export *x, char **data,
			    size_t *len, struct ld_err *err);
/* subscriptions.c */
ld_status http_subscription_create(struct http_call *call, struct ld_err *err);
ld_status http_subscription_list(struct http_call *call, struct ld_err *err);
ld_status http_subscription_get(struct http_call *call, struct ld_err *err);
ld_status http_subscription_update(struct http_call *call, struct ld_err *err);

/*
 * Reads the interaction members of `body` ("channel" required; "direction",
 * "kind" when `with_kind`, "agent_id", "facility_id", "started_at",
 * "duration_s", "body", "sentiment" when `with_sentiment`) into `in`, whose
 * strings then borrow from `body` (interactions.c).
 */
ld_status http_parse_interaction_in(const json_t *body, bool with_kind, bool with_sentiment,
				    struct app_interaction_in *in, struct ld_err *err);

/* ---- query strings (params.c) ---- */

#define HTTP_QUERY_PARAMS_MAX 16
#define HTTP_QUERY_BYTES_MAX 2048

/* A decoded query string. Keys and values point into buf. */
struct http_query {
	int len;                                  /* parameters used */
	const char *key[HTTP_QUERY_PARAMS_MAX];   /* decoded names */
	const char *value[HTTP_QUERY_PARAMS_MAX]; /* decoded values ("" when no '=') */
	char buf[HTTP_QUERY_BYTES_MAX];           /* decoded bytes, NUL-separated */
};

/*
 * Decodes `raw` (may be NULL) into `q`, accepting only the names in
 * `allowed` (NULL-terminated): unknown → 400 "unknown_parameter", repeated →
 * 400 "duplicate_parameter", bad %-escape or not UTF-8 → 400
 * "invalid_query", too long → 400 "query_too_long".
 */
ld_status http_query_parse(const char *raw, const char *const *allowed, struct http_query *q,
			   struct ld_err *err);

/* The value of `name`, or NULL when absent. */
const char *http_query_get(const struct http_query *q, const char *name);

/*
 * A time parameter: an ISO 8601 instant, or a date YYYY-MM-DD meaning its UTC
 * midnight — or, with `end_of_day`, the midnight after it (so a "to" date
 * includes that day). Absent → 0; else 400 "invalid_time" with field = name.
 */
ld_status http_query_when(const struct http_query *q, const char *name, bool end_of_day,
			  int64_t *out, struct ld_err *err);

/* "limit": absent → APP_LIST_DEFAULT; 1…APP_LIST_MAX, else 400 "invalid_limit". */
ld_status http_query_limit(const struct http_query *q, int *limit, struct ld_err *err);

/* A positive id parameter; absent → 0; else 400 "invalid_id" with field = name. */
ld_status http_query_id(const struct http_query *q, const char *name, int64_t *out,
			struct ld_err *err);

/* "cursor" of an id-ordered list: the last id seen; absent → 0; else 400 "invalid_cursor". */
ld_status http_query_cursor_id(const struct http_query *q, int64_t *after_id, struct ld_err *err);

/*
 * "cursor" of the timeline (newest first): "<started_at>.<id>" of the last
 * entry seen, started_at in Unix seconds (may be 0 or negative) and id
 * positive, each written as "%lld"; absent → {0, 0}; else 400
 * "invalid_cursor".
 */
ld_status http_query_timeline_cursor(const struct http_query *q, struct store_timeline_cursor *cur,
				     struct ld_err *err);

/* Parses a decimal positive int64 ("0", signs, leading zeros, overflow → false). */
bool http_parse_id(const char *s, size_t len, int64_t *out);

/*
 * The usual list parameters at once: parses the query (only `allowed`),
 * then "limit" and "cursor" (id-ordered lists).
 */
ld_status http_list_params(const struct http_call *call, const char *const *allowed,
			   struct http_query *q, int *limit, int64_t *after_id, struct ld_err *err);

/* Parses the body of a POST/PATCH as an object with only `allowed` members. */
ld_status http_body_object(const struct http_call *call, const char *const *allowed,
			   json_t **out, struct ld_err *err);

/*
 * A page {"items":[…],"next_cursor":…}: begin opens the writer and the items
 * array (the caller renders each item with key NULL); end closes them with
 * next_cursor = `cursor` when the page came back full, else null. A full
 * last page thus costs one extra, empty request: cheaper than asking the
 * store for limit + 1 rows and still exact.
 */
void http_page_begin(struct http_json *j, size_t reserve);
void http_page_end(struct http_json *j, bool full, const char *cursor);
/* The same with the decimal id `last_id` as the cursor. */
void http_page_end_id(struct http_json *j, bool full, int64_t last_id);

/* Sets a Location header "<prefix>/<id>". */
void http_set_location(struct http_response *res, const char *prefix, int64_t id);

/* ---- entity renderers (render.c); `key` as in json_out.h ---- */

void http_render_org(struct http_json *j, const char *key, const struct ld_org *o);
void http_render_customer(struct http_json *j, const char *key, const struct ld_customer *c);
void http_render_team(struct http_json *j, const char *key, const struct ld_team *t);
void http_render_agent(struct http_json *j, const char *key, const struct ld_agent *a);
void http_render_facility(struct http_json *j, const char *key, const struct ld_facility *f);
void http_render_interaction(struct http_json *j, const char *key,
			     const struct ld_interaction *it);
void http_render_subscription(struct http_json *j, const char *key,
			      const struct ld_subscription *sub);
void http_render_survey(struct http_json *j, const char *key, const struct ld_survey *sv);
void http_render_followup(struct http_json *j, const char *key, const struct ld_followup *t);
void http_render_message(struct http_json *j, const char *key, const struct ld_message *m);
void http_render_call(struct http_json *j, const char *key, const struct ld_call *c);
/* The body of a call event (calls.c), for the handler and the fuzzer; its
 * strings are borrowed from `body`. */
struct app_call_event;
ld_status http_call_event_parse(const json_t *body, struct app_call_event *ev, struct ld_err *err);
/* An audit row: id, at, actor_id, action, object, address, detail (JSON, as
 * written; a detail that is not JSON, which only an edit behind the store's
 * back can leave, as a string). The CLI's --format json writes it too. */
void http_render_audit(struct http_json *j, const char *key, const struct ld_audit *a);
/* A case with the figures its JSON shows besides its fields. */
struct http_case_view {
	struct ld_case c;                /* the case */
	struct app_sla_view sla;         /* app_sla_view() of it */
	struct app_effort_view effort;   /* app_effort_view() of it */
};

/*
 * Fills v->sla and v->effort from v->c. The SLA view reads policies and
 * calendars, so this can fail with the store's error: a write route calls
 * it in its run step (inside the transaction), and its reply then reads
 * nothing (http_reply_case_view).
 */
ld_status http_case_figures(struct app *app, struct http_case_view *v, struct ld_err *err);

/* Renders a case with its "sla" and "effort" objects; reads nothing. */
void http_render_case_view(struct http_json *j, const char *key, const struct http_case_view *v);

/* http_case_figures() + http_render_case_view() of `c`. */
ld_status http_render_case(struct http_json *j, const char *key, struct app *app,
			   const struct ld_case *c, struct ld_err *err);

/* Answers one case: 200/201 with ETag "\"<version>\"". Reads nothing, cannot fail. */
void http_reply_case_view(struct http_call *call, int http_code, const struct http_case_view *v);

/* http_case_figures() of `c`, then http_reply_case_view(). */
ld_status http_reply_case(struct http_call *call, int http_code, const struct ld_case *c,
			  struct ld_err *err);

#endif
