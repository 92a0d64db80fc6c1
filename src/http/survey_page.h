/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The page a survey link opens: GET/POST /survey/{token}, outside the JSON
 * API. A customer who clicks the e-mailed link gets a small, self-contained
 * HTML form — no JavaScript, no login, no external resource — and posts it
 * back as application/x-www-form-urlencoded. The questions, the answer rules
 * and the storing are app/surveys.c's (app_survey_open, app_survey_answer);
 * this module only renders HTML and reads the form (survey_page.c). A bearer
 * token sent along is checked by the router, as on the JSON routes.
 *
 * The router (router.c) sends every path under HTTP_SURVEY_PAGE_PREFIX here:
 * a GET (or HEAD) inside a store read snapshot, a POST on the worker's app.
 */
#ifndef LD_HTTP_SURVEY_PAGE_H
#define LD_HTTP_SURVEY_PAGE_H

#include <stddef.h>

#include "app/app.h"
#include "http/router.h"
#include "util/status.h"

#define HTTP_SURVEY_PAGE_PREFIX "/survey/"

/*
 * Longest form body read, in bytes. Every acceptable answer fits: a comment
 * of LD_COMMENT_MAX bytes is at most 3 × 4000 bytes percent-encoded, plus ten
 * short SERVQUAL fields. Longer bodies are answered 400 without being read.
 */
#define HTTP_SURVEY_PAGE_BODY_MAX 16384

/*
 * GET /survey/{token}: fills `res` with the form of the survey (200), or an
 * HTML error page (404 unknown or malformed token, 403 another customer's
 * survey, 410 expired, 409 answered already, 503 busy, 500). `actor` is who
 * sent a valid bearer token along (borrowed; NULL = nobody: the link needs
 * no login), as for GET /api/v1/surveys/by-token/{token}. `token` is the
 * path after the prefix (borrowed,
 * NUL-terminated); `app` is borrowed, as is `res`, which the caller has
 * initialised and later clears. Must run inside a read snapshot of app's
 * store. Returns LD_OK when the form was rendered, else the status of the
 * error page (for logs).
 */
ld_status http_survey_page_get(struct app *app, const struct app_actor *actor, const char *token,
			       struct http_response *res);

/*
 * POST /survey/{token}: reads the urlencoded body of `req` (fields "score",
 * "comment", "expected.<dimension>", "perceived.<dimension>"), answers the
 * survey with app_survey_answer() and fills `res` with the thanks page
 * (200). A body that is not form-encoded is 415; one that is too long,
 * malformed, not UTF-8, repeats or names an unknown field, or an answer the
 * survey refuses, is 400 with the form shown again, the message above it
 * and the answers given kept — or, when the link itself is bad, the error
 * page of GET. Writes on `app` (one transaction). Returns as GET.
 */
ld_status http_survey_page_post(struct app *app, const struct app_actor *actor, const char *token,
				const struct http_request *req, struct http_response *res);

/*
 * Fills `res` (body replaced) with the English HTML error page of `status`
 * (err may be NULL); the router's answer when the read snapshot cannot start
 * or a bearer token sent along is bad (401).
 */
void http_survey_page_error(struct http_response *res, ld_status status,
			    const struct ld_err *err);

/*
 * s[0..len) with & < > " ' replaced by their character references, as a new
 * NUL-terminated string: caller frees with free(). Other bytes, NULs
 * included, are copied as they are. Aborts on out-of-memory.
 */
char *http_html_escape(const char *s, size_t len);

#endif
