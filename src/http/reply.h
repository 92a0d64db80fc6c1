/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Replies: the ONE place that maps an ld_status to an HTTP status code and
 * renders the error body {"error":{"code","message","field"}}.
 *
 * Mapping (reply.c): INVALID 400, UNAUTHORIZED 401 (+ WWW-Authenticate),
 * FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409 (but "precondition_failed", a
 * stale If-Match, is 412), TOO_LARGE 413 for a body and 400
 * "too_long" for a field (one with `field` set), RETRY 503 + Retry-After,
 * TOO_MANY 429 + Retry-After (the error's retry_after_s), GONE 410,
 * INTERNAL 500. Errors that only HTTP knows (404 for an unknown path, 405,
 * 412, 413, 415) go through http_reply_http_error() with their own codes.
 */
#ifndef LD_HTTP_REPLY_H
#define LD_HTTP_REPLY_H

#include "http/json_out.h"
#include "http/router.h"
#include "util/status.h"

/* Seconds a client is asked to wait after a 503. */
#define HTTP_RETRY_AFTER_S 1

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
