/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Replies: the ONE place that maps an ld_status to an HTTP status code and
 * renders the error body {"error":{"code","message","field"}}.
 *
 * Mapping (reply.c): INVALID 400, UNAUTHORIZED 401 (+ WWW-Authenticate),
 * FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409 (but "precondition_failed", a
 * stale If-Match, is 412), TOO_LARGE 413 for a body and 400
 * "too_long" for a field (one with `field` set), RETRY 503 + Retry-After,
 * TOO_MANY 429 + Retry-After (the error's retry_after_s), FULL 507
 * "storage_full" + Retry-After, INTERNAL 500. Errors that only HTTP knows
 * (404 for an unknown path, 405, 412, 415) go through
 * http_reply_http_error() with their own codes; the requests the server
 * refuses before routing (413, 408, 414, 431: see enum http_refusal) through
 * http_reply_refusal().
 *
 * Every answer carries HTTP_REPLY_HEADERS (server.c adds them).
 */
#ifndef LD_HTTP_REPLY_H
#define LD_HTTP_REPLY_H

#include "http/json_out.h"
#include "http/router.h"
#include "util/status.h"

/* Seconds a client is asked to wait after a 503. */
#define HTTP_RETRY_AFTER_S 1
/*
 * Seconds a client is asked to wait after a 507 (the disk is full). Not 1
 * as for a busy store: room comes back when an operator (or a log rotation,
 * a cleanup job) frees it, minutes rather than milliseconds, and clients
 * that retry every second would only add load to a node that is already
 * failing. A minute still notices the recovery soon after it happens.
 */
#define HTTP_STORAGE_FULL_RETRY_AFTER_S 60

/* The Retry-After seconds of an answer with `http_code` (503, 507), 0 = none. */
int http_retry_after(int http_code);

#define HTTP_REPLY_HEADERS_LEN 3

/*
 * The headers of every answer, JSON, HTML and errors alike:
 * Cache-Control: no-store (answers hold personal data and, for a login, a
 * bearer token: no cache may keep them), X-Content-Type-Options: nosniff (a
 * JSON answer is never taken for HTML or script) and Referrer-Policy:
 * no-referrer (survey links carry their token in the URL).
 */
extern const struct http_header HTTP_REPLY_HEADERS[HTTP_REPLY_HEADERS_LEN];

/* Requests the server refuses before they reach the router (server.c). */
enum http_refusal {
	HTTP_REFUSAL_BODY_TOO_LARGE,      /* 413 payload_too_large: body over max_body */
	HTTP_REFUSAL_TIMEOUT,             /* 408 request_timeout: head or body not in time */
	HTTP_REFUSAL_URI_TOO_LONG,        /* 414 uri_too_long: request target over its bound */
	HTTP_REFUSAL_QUERY_TOO_LONG,      /* 414 query_too_long: query string over its bound */
	HTTP_REFUSAL_TOO_MANY_PARAMETERS, /* 414 too_many_parameters */
	HTTP_REFUSAL_HEADERS_TOO_LARGE,   /* 431 headers_too_large: too many or too long */
};

/* The HTTP code of a refusal. */
int http_refusal_status(enum http_refusal what);

/* Fills `res` with the error answer of a refusal; `message` says which bound. */
void http_reply_refusal(struct http_response *res, enum http_refusal what, const char *message);

/* The HTTP code of a status (with the field/code refinements above). */
int http_status_code(ld_status status, const struct ld_err *err);

/*
 * Fills `res` (body replaced) with the error response of `status`; `err` may
 * be NULL or empty, then a generic code per status is used.
 */
void http_reply_error(struct http_response *res, ld_status status, const struct ld_err *err);

/* An error only HTTP knows: explicit code (e.g. 405, "method_not_allowed"). */
void http_reply_http_error(struct http_response *res, int http_code, const char *code,
			   const char *field, const char *message);

/*
 * Makes the writer's text the body of `res` with `http_code` (the writer is
 * emptied; its buffer now belongs to `res`).
 */
void http_reply_json(struct http_response *res, int http_code, struct http_json *j);

/* A bodiless reply (204, 304). */
void http_reply_empty(struct http_response *res, int http_code);

#endif
