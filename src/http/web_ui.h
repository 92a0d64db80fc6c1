/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The web UI's files (web_ui.c). */
#ifndef LD_HTTP_WEB_UI_H
#define LD_HTTP_WEB_UI_H

#include <stdbool.h>

#include "app/app.h"
#include "http/router.h"

/* Whether `path` has the narrow shape of a UI file or route (it cannot
 * leave the UI's directory). */
bool http_web_path_ok(const char *path);

/* Answers a GET or HEAD of a UI file or route into `res`; false (res
 * untouched) when the path is none of the UI's, or there is no UI. */
bool http_web_ui(const struct app *app, const struct http_request *req,
		 struct http_response *res);

#endif
