/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Status → HTTP code, and error bodies. The only file that knows which HTTP
 * code an ld_status becomes (STYLE.md habit 4); handlers return statuses and
 * never pick codes for errors themselves.
 *
 * Three refinements beyond the plain table, all decided by the error record:
 *  - LD_ERR_TOO_LARGE with a field is a text field over its limit, which the
 *    client fixes by changing one value: 400 "too_long". Without a field it
 *    is the request body: 413.
 *  - LD_ERR_TOO_MANY (429) carries the seconds to wait in the error record
 *    (err->retry_after_s): they become the Retry-After header, as the fixed
 *    HTTP_RETRY_AFTER_S does for a 503.
 *  - LD_ERR_CONFLICT "precondition_failed" is a conflict the client asked
 *    to be told about: it sent If-Match with an ETag that is no longer
 *    current (cases.c turns the app's "case_changed" into it only when the
 *    request carried If-Match), so it is 412. Without If-Match, a
 *    "case_changed" is a lost race with another writer: 409, read and retry.
 *
 * LD_ERR_FULL is 507 Insufficient Storage (RFC 4918 §11.5: the server cannot
 * store what the request needs), not 500: nothing is broken and the client
 * did nothing wrong, and not 503: that tells clients to come back in a
 * second (HTTP_RETRY_AFTER_S). It carries Retry-After
 * HTTP_STORAGE_FULL_RETRY_AFTER_S, and its message is shown: that the disk
 * is full tells the client nothing about the machine an attacker could use.
 *
 * Refusals (enum http_refusal) are the server's own: a request over one of
 * its bounds, or too slow to arrive, never reaches a handler; the table
 * below gives each its HTTP code and error code.
 */
#include "http/reply.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

const struct http_header HTTP_REPLY_HEADERS[HTTP_REPLY_HEADERS_LEN] = {
	{"Cache-Control", "no-store"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
};

/* One refusal: its HTTP code and error code. */
struct refusal {
	int http_code;      /* 408, 413, 414, 431 */
	const char *code;   /* stable error code */
};

static const struct refusal REFUSALS[] = {
	[HTTP_REFUSAL_BODY_TOO_LARGE] = {413, "payload_too_large"},
	[HTTP_REFUSAL_TIMEOUT] = {408, "request_timeout"},
	[HTTP_REFUSAL_URI_TOO_LONG] = {414, "uri_too_long"},
	[HTTP_REFUSAL_QUERY_TOO_LONG] = {414, "query_too_long"},
	[HTTP_REFUSAL_TOO_MANY_PARAMETERS] = {414, "too_many_parameters"},
	[HTTP_REFUSAL_HEADERS_TOO_LARGE] = {431, "headers_too_large"},
};

int http_status_code(ld_status status, const struct ld_err *err)
{
	bool has_field = err != NULL && err->field[0] != '\0';

	switch (status) {
	case LD_OK: return 200;
	case LD_ERR_INVALID: return 400;
	case LD_ERR_UNAUTHORIZED: return 401;
	case LD_ERR_FORBIDDEN: return 403;
	case LD_ERR_NOT_FOUND: return 404;
	case LD_ERR_CONFLICT:
		if (err != NULL && strcmp(err->code, "precondition_failed") == 0)
			return 412;
		return 409;
	case LD_ERR_TOO_LARGE: return has_field ? 400 : 413;
	case LD_ERR_GONE: return 410;
	case LD_ERR_TOO_MANY: return 429;
	case LD_ERR_RETRY: return 503;
	case LD_ERR_INTERNAL: return 500;
	case LD_ERR_FULL: return 507;
	}
	return 500;
}

int http_retry_after(int http_code)
{
	switch (http_code) {
	case 503: return HTTP_RETRY_AFTER_S;
	case 507: return HTTP_STORAGE_FULL_RETRY_AFTER_S;
	default: return 0;
	}
}

/* Generic code of a status when the error record carries none. */
static const char *default_code(int http_code)
{
	switch (http_code) {
	case 400: return "invalid";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 409: return "conflict";
	case 412: return "precondition_failed";
	case 410: return "gone";
	case 413: return "payload_too_large";
	case 429: return "too_many_attempts";
	case 503: return "unavailable";
	case 507: return "storage_full";
	default: return "internal";
	}
}

/* Retry-After of an error answer: 503 and 507 their fixed pauses, 429 the wait the error names. */
static int retry_after_of(int http_code, const struct ld_err *err)
{
	if (http_code != 429)
		return http_retry_after(http_code);
	if (err == NULL || err->retry_after_s < 1)
		return 1;
	return err->retry_after_s > INT_MAX ? INT_MAX : (int)err->retry_after_s;
}

static void render_error(struct http_response *res, int http_code, const char *code,
			 const char *field, const char *message, int retry_after)
{
	struct http_json j;

	http_json_init(&j, 160);
	http_json_obj_begin(&j, NULL);
	http_json_obj_begin(&j, "error");
	http_json_str(&j, "code", code);
	http_json_str(&j, "message", message);
	http_json_str(&j, "field", field != NULL && field[0] != '\0' ? field : NULL);
	http_json_obj_end(&j);
	http_json_obj_end(&j);
	res->etag[0] = '\0';
	res->location[0] = '\0';
	http_reply_json(res, http_code, &j);
	res->www_authenticate = http_code == 401;
	res->retry_after = retry_after;
}

void http_reply_error(struct http_response *res, ld_status status, const struct ld_err *err)
{
	int http_code = http_status_code(status, err);
	const char *code = err != NULL && err->code[0] != '\0' ? err->code : NULL;
	const char *message = err != NULL && err->message[0] != '\0' ? err->message : NULL;

	if (code == NULL)
		code = default_code(http_code);
	if (message == NULL)
		message = ld_status_name(status);
	/* An internal error's words may describe the machine; keep them in logs. */
	if (http_code == 500)
		message = "internal error";
	render_error(res, http_code, code, err != NULL ? err->field : NULL, message,
		     retry_after_of(http_code, err));
}

void http_reply_http_error(struct http_response *res, int http_code, const char *code,
			   const char *field, const char *message)
{
	render_error(res, http_code, code, field, message, retry_after_of(http_code, NULL));
}

int http_refusal_status(enum http_refusal what)
{
	return REFUSALS[what].http_code;
}

void http_reply_refusal(struct http_response *res, enum http_refusal what, const char *message)
{
	render_error(res, REFUSALS[what].http_code, REFUSALS[what].code, NULL, message, 0);
}

void http_reply_json(struct http_response *res, int http_code, struct http_json *j)
{
	free(res->body);
	res->status = http_code;
	res->body = http_json_take(j, &res->body_len);
}

void http_reply_empty(struct http_response *res, int http_code)
{
	free(res->body);
	res->body = NULL;
	res->body_len = 0;
	res->status = http_code;
}
