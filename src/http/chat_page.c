/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The chat widget's files and page (assets.h).
 *
 * A company's page loads /chat/widget.js with one script tag; the script
 * adds a button and, when pressed, a frame showing /chat/frame?widget=KEY,
 * which is the desk's own page: everything the visitor does then is
 * same-origin (the API, the event stream), so no CORS is needed and no
 * cookie of a third party. The frame page may only be embedded by the
 * widget's sites (frame-ancestors), and it runs only the desk's own script
 * and style (no inline code at all).
 */
#include "http/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/chats.h"
#include "http/reply.h"
#include "http/resource.h"
#include "util/xmalloc.h"

static const struct http_asset *asset(const char *name)
{
	for (int i = 0; i < http_assets_len; i++) {
		if (strcmp(http_assets[i].name, name) == 0)
			return &http_assets[i];
	}
	return NULL;
}

static const char *media_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot != NULL && strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (dot != NULL && strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	return "text/html; charset=utf-8";
}

static void reply_asset(struct http_response *res, const struct http_asset *a)
{
	res->status = 200;
	res->body = xmalloc(a->len + 1);
	memcpy(res->body, a->data, a->len + 1);
	res->body_len = a->len;
	res->content_type = media_type(a->name);
}

static ld_status frame_page(struct app *app, const struct http_request *req,
			    struct http_response *res)
{
	/* What widget.js sends: the frame's own script reads lang and page. */
	static const char *const params[] = { "widget", "lang", "page", NULL };
	struct ld_chat_widget w;
	struct http_query q;
	struct ld_err err;
	ld_status rc;
	size_t cap;

	ld_err_clear(&err);
	rc = http_query_parse(req->query, params, &q, &err);
	if (rc == LD_OK && (rc = app_read_begin(app, &err)) == LD_OK) {
		rc = app_chat_widget_public(app, http_query_get(&q, "widget"), &w, &err);
		app_read_end(app);
	}
	if (rc != LD_OK) {
		http_reply_error(res, rc, &err);
		return rc;
	}
	reply_asset(res, asset("frame.html"));
	cap = sizeof w.origins + 256;
	res->csp = xmalloc(cap);
	snprintf(res->csp, cap,
		 "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
		 " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors %s",
		 w.origins[0] != '\0' ? w.origins : "*");
	return LD_OK;
}

ld_status http_chat_page(struct app *app, const struct http_request *req, struct http_response *res)
{
	const char *name = req->path + sizeof HTTP_CHAT_PAGE_PREFIX - 1;
	const struct http_asset *a;

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		http_reply_http_error(res, 405, "method_not_allowed", NULL,
				      "this method is not allowed on this resource");
		snprintf(res->allow, sizeof res->allow, "GET");
		return LD_ERR_INVALID;
	}
	if (strcmp(name, "frame") == 0)
		return frame_page(app, req, res);
	if (strcmp(name, "frame.html") != 0 && (a = asset(name)) != NULL) {
		reply_asset(res, a);
		return LD_OK;
	}
	http_reply_http_error(res, 404, "not_found", NULL, "no such resource");
	return LD_ERR_NOT_FOUND;
}
