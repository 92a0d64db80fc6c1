/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The HTTP API as a pure function: a request in, a response out, no sockets.
 *
 * server.c turns a libmicrohttpd request into a `struct http_request` and
 * calls http_dispatch(); the tests call it directly. The router owns the one
 * route table (router.c), path matching (404 / 405 with Allow / 400
 * invalid_id), bearer authentication (401), the media-type check of bodies
 * (415), and the conditional-GET logic (ETag, If-None-Match → 304). What a
 * route does lives in one file per resource (customers.c, cases.c …).
 */
#ifndef LD_HTTP_ROUTER_H
#define LD_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "util/status.h"

/* A request; every pointer is borrowed for the duration of http_dispatch(). */
struct http_request {
	const char *method;          /* "GET", "POST", "PATCH", "PUT", "DELETE", "HEAD" */
	const char *path;            /* decoded path without the query: "/api/v1/cases/42" */
	const char *query;           /* raw (percent-encoded) query without '?', NULL = none */
	const char *authorization;   /* Authorization header value, NULL = absent */
	const char *if_match;        /* If-Match header value, NULL = absent */
	const char *if_none_match;   /* If-None-Match header value, NULL = absent */
	const char *content_type;    /* Content-Type header value, NULL = absent */
	const char *body;            /* request body (not NUL-terminated), NULL when body_len is 0 */
	size_t body_len;             /* bytes of body */
	const char *address;         /* the client's IP address as text, NULL = unknown */
	const char *last_event_id;   /* Last-Event-ID header (an EventSource reconnecting), NULL = absent */
	const char *origin;          /* Origin header, NULL = absent */
	const char *session_cookie;  /* the ld_session cookie (the web UI's session), NULL = absent */
	const char *requested_with;  /* X-Requested-With header (the UI's CSRF guard), NULL = absent */
};

#define HTTP_SESSION_COOKIE "ld_session"  /* the web UI's session (HttpOnly, SameSite=Strict) */
#define HTTP_CSRF_HEADER_VALUE "loyaldesk"  /* X-Requested-With of the UI's cookie writes */

#define HTTP_ETAG_MAX 40
#define HTTP_LOCATION_MAX 96
#define HTTP_ALLOW_MAX 64
#define HTTP_HEADERS_MAX 6

struct http_stream;

/* A further response header. Both strings are static: they outlive the response. */
struct http_header {
	const char *name;                 /* "Cache-Control" … */
	const char *value;                /* "no-store" … */
};

/* A response. Fixed header slots, so building one allocates only the body. */
struct http_response {
	int status;                       /* HTTP status code */
	char *body;                       /* JSON (or content_type) text, owned, NULL = no body */
	size_t body_len;                  /* bytes of body */
	char etag[HTTP_ETAG_MAX];         /* ETag header with its quotes, "" = none */
	char location[HTTP_LOCATION_MAX]; /* Location header, "" = none */
	char allow[HTTP_ALLOW_MAX];       /* Allow header (405), "" = none */
	int retry_after;                  /* Retry-After seconds (503, 507, 429), 0 = none */
	bool www_authenticate;            /* send "WWW-Authenticate: Bearer" (401) */
	const char *content_type;         /* of the body, static; NULL = "application/json" */
	struct http_header headers[HTTP_HEADERS_MAX]; /* further ones; first name NULL ends */
	struct http_stream *stream;       /* instead of a body: events streamed (stream.h), owned */
	char *csp;                        /* Content-Security-Policy header, owned, NULL = none */
	char *set_cookie;                 /* Set-Cookie header, owned, NULL = none */
};

/* Zeroes a response before use. */
void http_response_init(struct http_response *res);

/* Frees the body (NULL-safe) and zeroes the response. */
void http_response_clear(struct http_response *res);

/*
 * Routes `req`, authenticates it when the route needs it, runs the handler
 * with `app` (borrowed: one per thread) and fills `res`, which the caller
 * must have initialised and later clears. `res` is always filled, errors
 * included (as {"error":{…}} bodies; HTML pages under /survey/, see
 * survey_page.h). Returns LD_OK when the handler
 * succeeded, else the status that the error response reports (for logs).
 *
 * A GET (or HEAD) runs in one read snapshot of `app`'s store, from the
 * authentication to the last read. Writes run on `app`, one transaction
 * each. A 403 of a logged-in account is recorded in the audit log
 * (app_access_refused) by a write of its own, after the request's work was
 * undone.
 */
ld_status http_dispatch(struct app *app, const struct http_request *req, struct http_response *res);

/*
 * The route table, read-only, for tests that must cover every route (the
 * authorisation matrix, tests/authz): the number of routes, and the method
 * and pattern of route `i` (0 <= i < http_route_count(); past the end both
 * are NULL), static strings. Patterns are as in the table, after "/api/v1/"
 * ("cases/{id}");
 * the survey page (/survey/{token}, survey_page.h) is outside the table.
 */
size_t http_route_count(void);
void http_route_at(size_t i, const char **method, const char **pattern);

struct app_writer;
struct app_write_job;
/* A write route's request parsed on one callback, answered on a later one. */
struct http_pending;

/*
 * http_dispatch() with the server's group-commit writer (writer.h): the hot
 * writes (write routes, resource.h) run on the writer instead of `app`.
 *
 * With `pending` NULL, the calling thread waits for the writer's commit and
 * `res` is filled as by http_dispatch(). With `pending` set, a write route
 * is only parsed: *pending gets it (the caller's) and `res` stays untouched;
 * the caller sets done/done_arg of http_pending_job(*pending), queues it with
 * app_writer_submit() and, once it is done, answers with
 * http_dispatch_finish() on a thread with an app of its own. Everything else
 * — reads, the other writes, every failure before the writer — is answered
 * at once and *pending is NULL. `req`'s method and path must then stay valid
 * until the pending request is finished or freed.
 */
ld_status http_dispatch_with(struct app *app, struct app_writer *writer,
			     const struct http_request *req, struct http_response *res,
			     struct http_pending **pending);

/* What the writer queues for a pending request (owned by it). */
struct app_write_job *http_pending_job(struct http_pending *p);

/*
 * Answers a pending request whose job is done: renders the result (or the
 * job's error) into `res` with `app` (the calling thread's) and frees `p`.
 * Returns as http_dispatch().
 */
ld_status http_dispatch_finish(struct app *app, struct http_pending *p,
			       struct http_response *res);

/* Frees a pending request that will not be answered (done or never queued). NULL-safe. */
void http_pending_free(struct http_pending *p);

#endif
