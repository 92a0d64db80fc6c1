/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Static files the server answers itself, compiled in from web/chat/ by
 * cmake/embed_files.cmake (the chat widget and its page), and the pages
 * under /chat/ that serve them (chat_page.c).
 */
#ifndef LD_HTTP_ASSETS_H
#define LD_HTTP_ASSETS_H

#include <stddef.h>

#include "app/app.h"
#include "http/router.h"

struct http_asset {
	const char *name;            /* file name, "widget.js" */
	const unsigned char *data;   /* its bytes (NUL after them) */
	size_t len;
};

extern const struct http_asset http_assets[];
extern const int http_assets_len;

#define HTTP_CHAT_PAGE_PREFIX "/chat/"

/*
 * GET (HEAD) /chat/widget.js, /chat/frame.js, /chat/frame.css: the files;
 * /chat/frame?widget=KEY: the chat's page in the widget's frame, which only
 * the widget's sites may embed (Content-Security-Policy frame-ancestors).
 * Anything else under /chat/ is 404, another method 405.
 */
ld_status http_chat_page(struct app *app, const struct http_request *req, struct http_response *res);

#endif
