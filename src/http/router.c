/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The one route table of the API, and http_dispatch(): match → authenticate
 * → check the media type → run the handler → conditional GET.
 *
 * Adding an endpoint = a handler in its resource file + one line below.
 * Patterns are literal segments, "{id}" segments and at most one "{key}"
 * segment (an opaque string such as a survey token, copied to call.key; a
 * longer one than HTTP_PATH_KEY_MAX is an unknown resource, 404); an {id}
 * segment matches any non-empty segment by shape, so "/cases/abc" is a known path with a bad
 * id (400 invalid_id) rather than an unknown path (404). A path known under
 * other methods answers 405 with Allow. HEAD is GET without a body
 * (libmicrohttpd drops the body).
 *
 * Auth: routes marked so need "Authorization: Bearer <64 hex>", resolved by
 * app_authenticate() (one digest + one indexed lookup; no further lookup of
 * the account per request). Roles are the app layer's business: handlers
 * pass the actor on. Authentication always runs on the request's worker,
 * never on the group-commit writer.
 *
 * Reads: a GET runs, authentication included, inside one store read
 * snapshot (read_begin/read_end), so SQLite takes its locks once per request
 * rather than per statement, and a page of rows is one consistent state.
 *
 * Writes: the hot writes are write routes (resource.h), which the router
 * drives itself — parse, then the job through http_write() (the server's
 * writer, or a transaction of its own on `app` when there is none), then
 * reply — or hands back parsed, for the server to queue and answer later
 * (http_dispatch_with). Other writes (login, accounts, passwords, the
 * directory) stay plain handlers and write on the worker's handle: Argon2
 * and rare writes have no place on the writer thread.
 *
 * Refusals: when a logged-in account gets a 403, the router records it in
 * the audit log ("access.refused", the object the path addressed and the
 * route) once the request's own work has been rolled back — a write of its
 * own, through the writer when there is one (http_write), so the row stays
 * although the request failed. The request's answer does not depend on it.
 *
 * One path lives outside the API: /survey/{token}, the HTML page a survey
 * link opens (survey_page.c) — public, form-encoded, answered in HTML. The
 * router sends it there before the API's table: a GET (HEAD) inside a read
 * snapshot as above, a POST on `app`, anything else 405. A bearer token sent
 * along is authenticated as for the API's public routes and its account
 * passed on, so the page refuses another customer's session as
 * surveys/by-token does.
 */
#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/assets.h"
#include "http/reply.h"
#include "http/resource.h"
#include "http/stream.h"
#include "http/survey_page.h"
#include "http/web_ui.h"

struct http_route {
	const char *method;                   /* "GET" … */
	const char *pattern;                  /* after HTTP_PREFIX: "cases/{id}/transfer" */
	http_handler_fn handler;              /* the resource file's function, or NULL … */
	const struct http_write_route *write; /* … for a write route (through the writer) */
	bool auth;                            /* needs a bearer token */
	bool auth_optional;                   /* public, but a bearer token given is checked */
};

#define HTTP_PREFIX "/api/v1/"

static const struct http_route HTTP_ROUTES[] = {
	{"GET", "health", http_health_get, NULL, false, false},
	{"POST", "sessions", http_session_create, NULL, false, false},
	{"GET", "sessions/current", http_session_get, NULL, true, false},
	{"DELETE", "sessions/current", http_session_delete, NULL, true, false},
	{"POST", "portal/links", http_portal_link_create, NULL, false, false},
	{"POST", "portal/sessions", http_portal_session_create, NULL, false, false},

	{"POST", "organizations", http_org_create, NULL, true, false},
	{"GET", "organizations", http_org_list, NULL, true, false},
	{"GET", "organizations/{id}", http_org_get, NULL, true, false},
	{"PATCH", "organizations/{id}", http_org_update, NULL, true, false},

	{"POST", "customers", NULL, &HTTP_CUSTOMER_CREATE, true, false},
	{"GET", "customers", http_customer_list, NULL, true, false},
	{"GET", "customers/{id}", http_customer_get, NULL, true, false},
	{"PATCH", "customers/{id}", NULL, &HTTP_CUSTOMER_UPDATE, true, false},
	{"GET", "customers/{id}/timeline", http_customer_timeline, NULL, true, false},
	{"GET", "customers/{id}/loyalty", http_customer_loyalty, NULL, true, false},
	{"GET", "customers/{id}/export", http_customer_export, NULL, true, false},
	{"POST", "customers/{id}/erase", http_customer_erase, NULL, true, false},

	{"POST", "teams", http_team_create, NULL, true, false},
	{"GET", "teams", http_team_list, NULL, true, false},
	{"GET", "teams/{id}", http_team_get, NULL, true, false},
	{"PATCH", "teams/{id}", http_team_update, NULL, true, false},

	{"POST", "agents", http_agent_create, NULL, true, false},
	{"GET", "agents", http_agent_list, NULL, true, false},
	{"GET", "agents/{id}", http_agent_get, NULL, true, false},
	{"PATCH", "agents/{id}", http_agent_update, NULL, true, false},
	{"PUT", "agents/{id}/password", http_agent_set_password, NULL, true, false},

	{"POST", "facilities", http_facility_create, NULL, true, false},
	{"GET", "facilities", http_facility_list, NULL, true, false},
	{"GET", "facilities/{id}", http_facility_get, NULL, true, false},
	{"PATCH", "facilities/{id}", http_facility_update, NULL, true, false},
	{"GET", "facilities/{id}/summary", http_facility_summary, NULL, true, false},

	{"POST", "cases", NULL, &HTTP_CASE_CREATE, true, false},
	{"GET", "cases", http_case_list, NULL, true, false},
	{"GET", "cases/{id}", http_case_get, NULL, true, false},
	{"PATCH", "cases/{id}", NULL, &HTTP_CASE_UPDATE, true, false},
	{"POST", "cases/{id}/interactions", NULL, &HTTP_INTERACTION_CREATE, true, false},
	{"GET", "cases/{id}/interactions", http_interaction_list, NULL, true, false},
	{"POST", "cases/{id}/transfer", NULL, &HTTP_CASE_TRANSFER, true, false},
	{"POST", "cases/{id}/merge", NULL, &HTTP_CASE_MERGE, true, false},
	{"GET", "cases/{id}/attachments", http_attachment_list, NULL, true, false},
	{"GET", "attachments/{id}", http_attachment_get, NULL, true, false},

	{"POST", "subscriptions", http_subscription_create, NULL, true, false},
	{"GET", "subscriptions", http_subscription_list, NULL, true, false},
	{"GET", "subscriptions/{id}", http_subscription_get, NULL, true, false},
	{"PATCH", "subscriptions/{id}", http_subscription_update, NULL, true, false},

	{"GET", "reports/effort", http_report_effort, NULL, true, false},
	{"GET", "reports/nps", http_report_nps, NULL, true, false},
	{"GET", "reports/csat", http_report_csat, NULL, true, false},
	{"GET", "reports/ces", http_report_ces, NULL, true, false},
	{"GET", "reports/servqual", http_report_servqual, NULL, true, false},
	{"GET", "reports/loyalty", http_report_loyalty, NULL, true, false},
	{"GET", "reports/feedback", http_report_feedback, NULL, true, false},

	/* Claims and compliments: filed signed in (staff for a customer, a
	 * customer in the portal) or, without a session, on the public form. */
	{"POST", "claims", http_claim_create, NULL, false, true},
	{"GET", "claims", http_claim_list, NULL, true, false},
	{"GET", "claims/{id}", http_claim_get, NULL, true, false},
	{"PATCH", "claims/{id}", http_claim_update, NULL, true, false},
	{"POST", "compliments", http_compliment_create, NULL, false, true},
	{"GET", "compliments", http_compliment_list, NULL, true, false},
	{"GET", "compliments/{id}", http_compliment_get, NULL, true, false},
	{"PATCH", "compliments/{id}", http_compliment_update, NULL, true, false},

	{"POST", "surveys", http_survey_create, NULL, true, false},
	{"GET", "surveys", http_survey_list, NULL, true, false},
	{"GET", "surveys/{id}", http_survey_get, NULL, true, false},
	{"GET", "surveys/by-token/{key}", http_survey_open, NULL, false, true},
	{"POST", "surveys/by-token/{key}", http_survey_answer, NULL, false, true},
	{"POST", "survey-rules", http_survey_rule_create, NULL, true, false},
	{"GET", "survey-rules", http_survey_rule_list, NULL, true, false},
	{"DELETE", "survey-rules/{id}", http_survey_rule_delete, NULL, true, false},
	{"GET", "outbox", http_outbox_list, NULL, true, false},
	{"POST", "outbox/{id}/sent", http_outbox_mark_sent, NULL, true, false},
	{"POST", "outbox/{id}/retry", http_outbox_retry, NULL, true, false},
	{"GET", "followups", http_followup_list, NULL, true, false},
	{"GET", "followups/{id}", http_followup_get, NULL, true, false},
	{"PATCH", "followups/{id}", http_followup_update, NULL, true, false},

	{"POST", "calendars", http_calendar_create, NULL, true, false},
	{"GET", "calendars", http_calendar_list, NULL, true, false},
	{"GET", "calendars/{id}", http_calendar_get, NULL, true, false},
	{"PATCH", "calendars/{id}", http_calendar_update, NULL, true, false},
	{"POST", "calendars/{id}/holidays", http_holiday_create, NULL, true, false},
	{"GET", "calendars/{id}/holidays", http_holiday_list, NULL, true, false},
	{"DELETE", "calendars/{id}/holidays/{key}", http_holiday_delete, NULL, true, false},
	{"POST", "sla-policies", http_sla_policy_create, NULL, true, false},
	{"GET", "sla-policies", http_sla_policy_list, NULL, true, false},
	{"GET", "sla-policies/{id}", http_sla_policy_get, NULL, true, false},
	{"PATCH", "sla-policies/{id}", http_sla_policy_update, NULL, true, false},
	{"DELETE", "sla-policies/{id}", http_sla_policy_delete, NULL, true, false},

	/* A telephone system's events: its integration's token, checked by the
	 * handler (app_call_event), is no account's, so the route is public here. */
	{"POST", "calls", http_call_event, NULL, false, false},
	{"GET", "calls", http_call_list, NULL, true, false},
	{"GET", "calls/{id}", http_call_get, NULL, true, false},
	{"PATCH", "calls/{id}", http_call_update, NULL, true, false},
	{"POST", "integrations", http_integration_create, NULL, true, false},
	{"GET", "integrations", http_integration_list, NULL, true, false},
	{"GET", "integrations/{id}", http_integration_get, NULL, true, false},
	{"POST", "integrations/{id}/revoke", http_integration_revoke, NULL, true, false},
	{"POST", "webhooks", http_webhook_create, NULL, true, false},
	{"GET", "webhooks", http_webhook_list, NULL, true, false},
	{"GET", "webhooks/{id}", http_webhook_get, NULL, true, false},
	{"PATCH", "webhooks/{id}", http_webhook_update, NULL, true, false},
	{"DELETE", "webhooks/{id}", http_webhook_delete, NULL, true, false},
	{"GET", "webhooks/{id}/deliveries", http_webhook_deliveries, NULL, true, false},
	{"POST", "webhooks/{id}/ping", http_webhook_ping, NULL, true, false},

	/* Live chat. A visitor has no account: their chat's token is the {key}
	 * of chat/…, checked by the handlers (app/chats.h). */
	{"POST", "chats", http_chat_start, NULL, false, false},
	{"GET", "chats", http_chat_list, NULL, true, false},
	{"GET", "chats/events", http_chat_feed, NULL, true, false},
	{"GET", "chats/{id}", http_chat_get, NULL, true, false},
	{"PATCH", "chats/{id}", http_chat_update, NULL, true, false},
	{"POST", "chats/{id}/accept", http_chat_accept, NULL, true, false},
	{"GET", "chats/{id}/messages", http_chat_messages, NULL, true, false},
	{"POST", "chats/{id}/messages", http_chat_say, NULL, true, false},
	{"GET", "chats/{id}/events", http_chat_events, NULL, true, false},
	{"POST", "chats/{id}/close", http_chat_close, NULL, true, false},
	{"GET", "chat/{key}", http_chat_get, NULL, false, false},
	{"GET", "chat/{key}/messages", http_chat_messages, NULL, false, false},
	{"POST", "chat/{key}/messages", http_chat_say, NULL, false, false},
	{"GET", "chat/{key}/events", http_chat_events, NULL, false, false},
	{"POST", "chat/{key}/close", http_chat_close, NULL, false, false},
	{"POST", "chat-widgets", http_chat_widget_create, NULL, true, false},
	{"GET", "chat-widgets", http_chat_widget_list, NULL, true, false},
	{"GET", "chat-widgets/{id}", http_chat_widget_get, NULL, true, false},
	{"PATCH", "chat-widgets/{id}", http_chat_widget_update, NULL, true, false},

	{"GET", "renewals/calendar", http_renewal_calendar, NULL, true, false},
	{"GET", "renewals/outreach", http_renewal_outreach, NULL, true, false},

	{"GET", "audit", http_audit_list, NULL, true, false},
};

#define HTTP_ROUTES_LEN (sizeof HTTP_ROUTES / sizeof HTTP_ROUTES[0])

size_t http_route_count(void)
{
	return HTTP_ROUTES_LEN;
}

void http_route_at(size_t i, const char **method, const char **pattern)
{
	*method = i < HTTP_ROUTES_LEN ? HTTP_ROUTES[i].method : NULL;
	*pattern = i < HTTP_ROUTES_LEN ? HTTP_ROUTES[i].pattern : NULL;
}

void http_response_init(struct http_response *res)
{
	memset(res, 0, sizeof *res);
}

void http_response_clear(struct http_response *res)
{
	if (res == NULL)
		return;
	free(res->body);
	http_stream_free(res->stream);
	free(res->csp);
	free(res->set_cookie);
	memset(res, 0, sizeof *res);
}

/* A {id} segment as matched: where it starts in the path and how long it is. */
struct segment {
	const char *at;   /* first byte, inside the request path */
	size_t len;       /* bytes up to the next '/' or the end */
};

/*
 * Whether `path` has the shape of `pattern`; the {id} segments go to
 * seg[0..HTTP_PATH_IDS_MAX).
 */
static bool match(const char *pattern, const char *path, struct segment *seg)
{
	const char *p = pattern, *u = path;
	int n = 0;

	while (*p != '\0' && *u != '\0') {
		if (*p == '{') {
			const char *end = u;

			while (*end != '\0' && *end != '/')
				end++;
			if (end == u || n == HTTP_PATH_IDS_MAX)
				return false;
			seg[n].at = u;
			seg[n].len = (size_t)(end - u);
			n++;
			p = strchr(p, '}') + 1;
			u = end;
		} else if (*p == *u) {
			p++;
			u++;
		} else {
			return false;
		}
	}
	return *p == '\0' && *u == '\0';
}

/* Appends `method` to the Allow list unless present. */
static void allow_add(char *allow, size_t cap, const char *method)
{
	size_t len = strlen(allow), mlen = strlen(method);
	const char *hit = strstr(allow, method);

	if (hit != NULL && (hit[mlen] == ',' || hit[mlen] == '\0'))
		return;
	if (len + mlen + 3 > cap)
		return;
	if (len > 0) {
		memcpy(allow + len, ", ", 2);
		len += 2;
	}
	memcpy(allow + len, method, mlen + 1);
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

/*
 * Resolves the Authorization header into an actor; copies the token (for
 * logout) into `token`. Every failure of the credential itself is
 * LD_ERR_UNAUTHORIZED "unauthorized"; a busy or broken store stays what it is.
 */
static ld_status authenticate(struct app *app, const char *header, struct app_actor *actor,
			      char token[APP_TOKEN_LEN + 1], struct ld_err *err)
{
	const char *t;
	ld_status rc;

	if (header == NULL)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "an Authorization: Bearer token is required");
	if (strncasecmp(header, "Bearer ", 7) != 0)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "only Bearer authorization is supported");
	t = header + 7;
	while (*t == ' ')
		t++;
	if (strlen(t) != APP_TOKEN_LEN || !is_hex(t, APP_TOKEN_LEN))
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "the bearer token is malformed");
	memcpy(token, t, APP_TOKEN_LEN + 1);
	rc = app_authenticate(app, token, actor, err);
	/* Every failure of a credential is a 401 "unauthorized" to the client. */
	if (rc != LD_OK && !ld_status_store_failed(rc)) {
		char why[LD_ERR_MESSAGE_MAX];

		memcpy(why, err->message, sizeof why);
		rc = ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL, "%s",
			     why[0] != '\0' ? why : "unauthorized");
	}
	return rc;
}

/* Whether a request carries a credential (checked even where none is needed). */
static bool has_credential(const struct http_request *req)
{
	return req->authorization != NULL && req->authorization[0] != '\0';
}

/* … or the web UI's session cookie (the API only; the survey page takes Bearer). */
static bool has_api_credential(const struct http_request *req)
{
	return has_credential(req) ||
	       (req->session_cookie != NULL && req->session_cookie[0] != '\0');
}

/*
 * The API's credential: the Authorization header, else the session cookie
 * the web UI signed in with. A write authenticated by the cookie must carry
 * X-Requested-With: loyaldesk — a header no other site's page can send
 * without a CORS preflight the desk never grants — so a forged cross-site
 * request fails even where SameSite=Strict is not honoured.
 */
static ld_status authenticate_api(struct app *app, const struct http_request *req, bool is_get,
				  struct app_actor *actor, char token[APP_TOKEN_LEN + 1],
				  struct ld_err *err)
{
	char header[APP_TOKEN_LEN + 16];

	if (has_credential(req))
		return authenticate(app, req->authorization, actor, token, err);
	if (req->session_cookie == NULL || strlen(req->session_cookie) != APP_TOKEN_LEN)
		return authenticate(app, NULL, actor, token, err);
	if (!is_get && (req->requested_with == NULL ||
			strcasecmp(req->requested_with, HTTP_CSRF_HEADER_VALUE) != 0))
		return ld_fail(err, LD_ERR_FORBIDDEN, "csrf_required", NULL,
			       "a write signed in by cookie must send X-Requested-With: %s",
			       HTTP_CSRF_HEADER_VALUE);
	snprintf(header, sizeof header, "Bearer %s", req->session_cookie);
	return authenticate(app, header, actor, token, err);
}

/* application/json, optionally with parameters; a charset must be UTF-8. */
static bool is_json_media(const char *ct)
{
	const char *cs;

	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0)
		return false;
	ct += 16;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (*ct == '\0')
		return true;
	if (*ct != ';')
		return false;
	for (cs = ct; *cs != '\0' && strncasecmp(cs, "charset=", 8) != 0; cs++)
		;
	if (*cs == '\0')
		return true;
	cs += 8;
	if (*cs == '"')
		cs++;
	return strncasecmp(cs, "utf-8", 5) == 0 &&
	       (cs[5] == '\0' || cs[5] == '"' || cs[5] == ';' || cs[5] == ' ');
}

/* Whether an If-None-Match list names `etag` (weak comparison; "*" matches). */
static bool etag_listed(const char *list, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = list;

	while (*p != '\0') {
		const char *end;
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 1 && p[0] == '*')
			return true;
		if (n > 2 && strncmp(p, "W/", 2) == 0) {
			p += 2;
			n -= 2;
		}
		if (n == elen && memcmp(p, etag, n) == 0)
			return true;
		p += n;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return false;
}

/* Sets an ETag for a successful read and answers 304 when the client has it. */
static void conditional_get(const struct http_request *req, struct http_response *res)
{
	if (res->status != 200 || res->body == NULL || res->stream != NULL)
		return;
	if (res->etag[0] == '\0')
		snprintf(res->etag, sizeof res->etag, "\"%016llx\"",
			 (unsigned long long)http_hash64(res->body, res->body_len));
	if (req->if_none_match != NULL && etag_listed(req->if_none_match, res->etag))
		http_reply_empty(res, 304);
}

/* ---- write routes ---- */

/* A write route's request between parse and reply (http_dispatch_with). */
struct http_pending {
	const struct http_write_route *route; /* the steps */
	void *job;                            /* route->size bytes, owned */
	struct app_actor actor;               /* who asked (reply may need it) */
	int64_t ids[HTTP_PATH_IDS_MAX];       /* path ids, for reply */
	const char *method;                   /* for logs; borrowed from the request */
	const char *path;                     /* for logs; borrowed from the request */
	const char *pattern;                  /* the route's, static: for a refusal's record */
	struct app_writer *writer;            /* where a refusal's record is written */
	struct ld_err err;                    /* the job's error record */
	struct app_write_job wjob;           /* what the writer queues */
};

/*
 * Runs `fn` as one write: on the writer when there is one (waiting for its
 * batch to commit), else on the request's own app in a transaction of its
 * own. Either way under one savepoint or transaction, so a write made of
 * several use cases is all or nothing.
 */
static ld_status http_write(struct app *app, struct app_writer *writer, app_write_fn fn,
			    void *ctx, struct ld_err *err)
{
	struct ld_err ignored;
	ld_status rc;

	if (writer != NULL)
		return app_writer_run(writer, fn, ctx, err);
	if ((rc = app_batch_begin(app, err)) != LD_OK)
		return rc;
	rc = fn(app, ctx, err);
	if (rc != LD_OK) {
		(void)app_batch_end(app, false, &ignored);
		return rc;
	}
	return app_batch_end(app, true, err);
}

/* Releases a job context (NULL-safe). */
static void job_free(const struct http_write_route *route, void *job)
{
	if (job == NULL)
		return;
	if (route->clear != NULL)
		route->clear(job);
	free(job);
}

/* A write route, parse to reply, on this thread (waiting for the writer). */
static ld_status write_now(struct http_call *call, struct app_writer *writer,
			   const struct http_write_route *route, struct ld_err *err)
{
	void *job = xcalloc(1, route->size);
	ld_status rc;

	if ((rc = route->parse(call, job, err)) == LD_OK &&
	    (rc = http_write(call->app, writer, route->run, job, err)) == LD_OK)
		rc = route->reply(call, job, err);
	job_free(route, job);
	return rc;
}

/* A write route parsed and handed back to the caller, to be queued. */
static ld_status write_later(struct http_call *call, const struct http_route *hit,
			     struct app_writer *writer, struct http_pending **pending,
			     struct ld_err *err)
{
	const struct http_write_route *route = hit->write;
	struct http_pending *p = xcalloc(1, sizeof *p);
	ld_status rc;

	p->route = route;
	p->job = xcalloc(1, route->size);
	if ((rc = route->parse(call, p->job, err)) != LD_OK) {
		http_pending_free(p);
		return rc;
	}
	p->actor = *call->actor;
	memcpy(p->ids, call->ids, sizeof p->ids);
	p->method = call->req->method;
	p->path = call->req->path;
	p->pattern = hit->pattern;
	p->writer = writer;
	p->wjob.fn = route->run;
	p->wjob.ctx = p->job;
	p->wjob.err = &p->err;
	*pending = p;
	return LD_OK;
}

struct app_write_job *http_pending_job(struct http_pending *p)
{
	return &p->wjob;
}

void http_pending_free(struct http_pending *p)
{
	if (p == NULL)
		return;
	job_free(p->route, p->job);
	free(p);
}

/* ---- refusals ---- */

/*
 * The audit object of a refused request: "<kind>/<id>" when the path names
 * an id — the kind being the collection in the singular, as the audit rows
 * of writes name it ("cases/7/transfer" → "case/7", "sla-policies/2" →
 * "sla_policy/2", "outbox/3/sent" → "message/3") — else the route's pattern
 * ("reports/nps"; never the path itself, whose {key} may be a secret such as
 * a survey token).
 */
static void refusal_object(const char *pattern, const int64_t *ids, char *out, size_t cap)
{
	const char *slash = strchr(pattern, '/');
	size_t len = slash != NULL ? (size_t)(slash - pattern) : strlen(pattern);
	char kind[48];

	if (slash == NULL || strncmp(slash + 1, "{id}", 4) != 0 || len >= sizeof kind) {
		snprintf(out, cap, "%s", pattern);
		return;
	}
	memcpy(kind, pattern, len);
	kind[len] = '\0';
	if (strcmp(kind, "outbox") == 0) {
		snprintf(kind, sizeof kind, "message");
	} else if (len > 3 && strcmp(kind + len - 3, "ies") == 0) {
		snprintf(kind + len - 3, sizeof kind - (len - 3), "y");
	} else if (len > 1 && kind[len - 1] == 's') {
		kind[len - 1] = '\0';
	}
	for (char *c = kind; *c != '\0'; c++)
		if (*c == '-')
			*c = '_';
	snprintf(out, cap, "%s/%lld", kind, (long long)ids[0]);
}

struct refusal {
	const struct app_actor *actor;  /* who was refused */
	const char *object;             /* refusal_object() */
	const char *route;              /* "GET /api/v1/audit" */
	const char *code;               /* the refusal's error code */
};

static ld_status refusal_write(struct app *app, void *ctx, struct ld_err *err)
{
	const struct refusal *r = ctx;

	return app_access_refused(app, r->actor, r->object, r->route, r->code, err);
}

/*
 * Records that `actor` got a 403 on the route `pattern` — after the
 * request's own work was undone, as a write of its own. A failure to record
 * goes to the log; the answer stays the 403.
 */
static void record_refusal(struct app *app, struct app_writer *writer,
			   const struct app_actor *actor, const char *method, const char *pattern,
			   const int64_t *ids, const struct ld_err *why)
{
	char object[LD_AUDIT_OBJECT_MAX + 1], route[160];
	struct refusal r;
	struct ld_err err;

	if (actor == NULL)
		return;
	ld_err_clear(&err);
	refusal_object(pattern, ids, object, sizeof object);
	snprintf(route, sizeof route, "%s " HTTP_PREFIX "%s", method, pattern);
	r.actor = actor;
	r.object = object;
	r.route = route;
	r.code = why->code;
	if (http_write(app, writer, refusal_write, &r, &err) != LD_OK)
		fprintf(stderr, "loyaldesk http: %s: the refusal was not audited: %s: %s\n", route,
			err.code, err.message);
}

/* ---- dispatch ---- */

/* The error answer of a failed request; internal errors also go to the log. */
static ld_status reply_failure(const char *method, const char *path, ld_status rc,
			       const struct ld_err *err, struct http_response *res)
{
	/* A full disk is the operator's to fix: it goes to the log as well. */
	if (rc == LD_ERR_INTERNAL || rc == LD_ERR_FULL)
		fprintf(stderr, "loyaldesk http: %s %s: %s: %s\n", method, path, err->code,
			err->message);
	http_reply_error(res, rc, err);
	return rc;
}

/*
 * GET/HEAD/POST /survey/{token}: the customer's survey page (survey_page.c).
 * Public like surveys/by-token: a bearer token sent along is checked all the
 * same (401 when bad), so a logged-in customer opening another customer's
 * link gets 403 here too.
 */
static ld_status survey_page(struct app *app, const struct http_request *req, const char *method,
			     bool is_get, struct http_response *res)
{
	const char *link = req->path + sizeof HTTP_SURVEY_PAGE_PREFIX - 1;
	struct app_actor actor, *who = NULL;
	char token[APP_TOKEN_LEN + 1];
	struct ld_err err;
	ld_status rc;

	ld_err_clear(&err);
	if (!is_get && strcmp(method, "POST") != 0) {
		http_reply_http_error(res, 405, "method_not_allowed", NULL,
				      "this method is not allowed on this resource");
		snprintf(res->allow, sizeof res->allow, "GET, POST");
		return LD_ERR_INVALID;
	}
	if (is_get && (rc = app_read_begin(app, &err)) != LD_OK) {
		http_survey_page_error(res, rc, &err);
		return rc;
	}
	if (has_credential(req)) {
		rc = authenticate(app, req->authorization, &actor, token, &err);
		if (rc != LD_OK) {
			http_survey_page_error(res, rc, &err);
			goto out;
		}
		who = &actor;
	}
	rc = is_get ? http_survey_page_get(app, who, link, res)
		    : http_survey_page_post(app, who, link, req, res);
out:
	if (is_get)
		app_read_end(app);
	return rc;
}

ld_status http_dispatch_finish(struct app *app, struct http_pending *p,
			       struct http_response *res)
{
	struct http_call call;
	ld_status rc = p->wjob.rc;

	memset(&call, 0, sizeof call);
	call.app = app;
	call.actor = &p->actor;
	call.res = res;
	memcpy(call.ids, p->ids, sizeof call.ids);
	if (rc == LD_OK)
		rc = p->route->reply(&call, p->job, &p->err);
	if (rc == LD_ERR_FORBIDDEN)
		record_refusal(app, p->writer, &p->actor, p->method, p->pattern, p->ids, &p->err);
	if (rc != LD_OK)
		reply_failure(p->method, p->path, rc, &p->err, res);
	http_pending_free(p);
	return rc;
}

ld_status http_dispatch(struct app *app, const struct http_request *req, struct http_response *res)
{
	return http_dispatch_with(app, NULL, req, res, NULL);
}

ld_status http_dispatch_with(struct app *app, struct app_writer *writer,
			     const struct http_request *req, struct http_response *res,
			     struct http_pending **pending)
{
	struct ld_err err;
	struct segment seg[HTTP_PATH_IDS_MAX], hit_seg[HTTP_PATH_IDS_MAX];
	const struct http_route *hit = NULL;
	struct app_actor actor;
	char token[APP_TOKEN_LEN + 1];
	struct http_call call;
	const char *method = req->method;
	const char *rest;
	char allow[HTTP_ALLOW_MAX] = "";
	bool known = false, is_get, snapshot = false;
	int ids;
	ld_status rc;

	ld_err_clear(&err);
	if (pending != NULL)
		*pending = NULL;
	is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	if (req->path != NULL &&
	    strncmp(req->path, HTTP_SURVEY_PAGE_PREFIX, sizeof HTTP_SURVEY_PAGE_PREFIX - 1) == 0)
		return survey_page(app, req, method, is_get, res);
	if (req->path != NULL &&
	    strncmp(req->path, HTTP_CHAT_PAGE_PREFIX, sizeof HTTP_CHAT_PAGE_PREFIX - 1) == 0)
		return http_chat_page(app, req, res);
	if (req->path == NULL || strncmp(req->path, HTTP_PREFIX, sizeof HTTP_PREFIX - 1) != 0) {
		/* Outside the API: the web UI's files and routes (web_ui.c). */
		if (req->path != NULL && strncmp(req->path, "/api/", 5) != 0 &&
		    http_web_ui(app, req, res))
			return LD_OK;
		goto not_found;
	}
	rest = req->path + sizeof HTTP_PREFIX - 1;
	for (size_t i = 0; i < HTTP_ROUTES_LEN; i++) {
		const struct http_route *r = &HTTP_ROUTES[i];

		if (!match(r->pattern, rest, seg))
			continue;
		known = true;
		allow_add(allow, sizeof allow, r->method);
		if (hit == NULL && strcmp(r->method, method) == 0) {
			hit = r;
			memcpy(hit_seg, seg, sizeof seg);
		}
	}
	if (!known)
		goto not_found;
	if (hit == NULL) {
		http_reply_http_error(res, 405, "method_not_allowed", NULL,
				      "this method is not allowed on this resource");
		memcpy(res->allow, allow, sizeof allow);
		return LD_ERR_INVALID;
	}

	memset(&call, 0, sizeof call);
	call.app = app;
	call.req = req;
	call.res = res;
	ids = 0;
	for (const char *c = hit->pattern; (c = strchr(c, '{')) != NULL; c++) {
		int i = ids++;
		if (strncmp(c, "{key}", 5) == 0) {
			if (hit_seg[i].len > HTTP_PATH_KEY_MAX)
				goto not_found;
			memcpy(call.key, hit_seg[i].at, hit_seg[i].len);
			call.key[hit_seg[i].len] = '\0';
			continue;
		}
		if (!http_parse_id(hit_seg[i].at, hit_seg[i].len, &call.ids[i])) {
			rc = ld_fail(&err, LD_ERR_INVALID, "invalid_id", "id",
				     "ids in paths are positive integers");
			goto fail;
		}
	}
	/*
	 * A read sees one snapshot, authentication included: SQLite takes its
	 * locks once per request instead of once per statement.
	 */
	if (is_get) {
		if ((rc = app_read_begin(app, &err)) != LD_OK)
			goto fail;
		snapshot = true;
	}
	if (hit->auth || (hit->auth_optional && has_api_credential(req))) {
		if ((rc = authenticate_api(app, req, is_get, &actor, token, &err)) != LD_OK)
			goto fail;
		/* The cache keeps no address: this request's is set every time. */
		snprintf(actor.address, sizeof actor.address, "%s",
			 req->address != NULL && strlen(req->address) <= LD_AUDIT_ADDRESS_MAX
				 ? req->address
				 : "");
		call.actor = &actor;
		call.token = token;
	}
	if (!is_get && strcmp(method, "DELETE") != 0 && !is_json_media(req->content_type)) {
		http_reply_http_error(res, 415, "unsupported_media_type", NULL,
				      "request bodies must be Content-Type: application/json");
		return LD_ERR_INVALID;
	}

	if (hit->write != NULL && writer != NULL && pending != NULL)
		rc = write_later(&call, hit, writer, pending, &err);
	else if (hit->write != NULL)
		rc = write_now(&call, writer, hit->write, &err);
	else
		rc = hit->handler(&call, &err);
	if (snapshot)
		app_read_end(app);
	snapshot = false;
	if (rc != LD_OK)
		goto fail;
	if (is_get)
		conditional_get(req, res);
	return LD_OK;

fail:
	if (snapshot)
		app_read_end(app);
	if (rc == LD_ERR_FORBIDDEN && call.actor != NULL)
		record_refusal(app, writer, call.actor, req->method, hit->pattern, call.ids, &err);
	return reply_failure(req->method, req->path, rc, &err, res);

not_found:
	http_reply_http_error(res, 404, "not_found", NULL, "no such resource");
	return LD_ERR_NOT_FOUND;
}
