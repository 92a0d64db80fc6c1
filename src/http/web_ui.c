/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The web UI's files (web/dist, built by Vite; docs/web.md): every GET
 * outside /api/, /survey/ and /chat/ is a file of the UI's directory
 * (app_config.web_dir), or — for a path that names no file and has no file
 * extension, a route of the single-page app such as /cases/12 — its
 * index.html. A path is accepted only in a narrow shape (letters, digits,
 * ".", "-", "_" and "/", no segment starting with a dot), so it never leaves
 * the directory. The hashed files under /assets/ are cached for a year;
 * index.html is revalidated. Every page runs under a Content-Security-Policy
 * without inline script or style.
 */
#include "http/web_ui.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/reply.h"
#include "util/xmalloc.h"

#define WEB_FILE_MAX (8u << 20) /* the largest file the UI has is far below */
#define WEB_PATH_MAX 256

static const char CSP[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
	"form-action 'self'; frame-ancestors 'none'";

static const struct {
	const char *ext, *type;
} TYPES[] = {
	{ ".html", "text/html; charset=utf-8" },   { ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },     { ".json", "application/json" },
	{ ".svg", "image/svg+xml" },               { ".png", "image/png" },
	{ ".ico", "image/x-icon" },                { ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot != NULL && i < sizeof TYPES / sizeof TYPES[0]; i++)
		if (strcmp(dot, TYPES[i].ext) == 0)
			return TYPES[i].type;
	return NULL;
}

bool http_web_path_ok(const char *path)
{
	size_t n = strlen(path);

	if (n == 0 || n > WEB_PATH_MAX || path[0] != '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = path[i];
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '/';
		if (!plain)
			return false;
		/* no "..", no hidden file, no empty segment */
		if (c == '/' && (path[i + 1] == '.' || (path[i + 1] == '/')))
			return false;
	}
	return true;
}

/* Reads dir/rel whole into res; false when there is no such regular file. */
static bool read_file(const char *dir, const char *rel, struct http_response *res)
{
	char full[4096];
	struct stat st;
	int fd;

	if (snprintf(full, sizeof full, "%s%s", dir, rel) >= (int)sizeof full)
		return false;
	if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)WEB_FILE_MAX) {
		close(fd);
		return false;
	}
	size_t len = (size_t)st.st_size, got = 0;
	char *body = xmalloc(len + 1);
	while (got < len) {
		ssize_t r = read(fd, body + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != len) {
		free(body);
		return false;
	}
	body[len] = '\0';
	free(res->body);
	res->body = body;
	res->body_len = len;
	return true;
}

bool http_web_ui(const struct app *app, const struct http_request *req,
		 struct http_response *res)
{
	const char *dir = app->cfg.web_dir;
	const char *path = req->path;
	bool get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;

	if (dir == NULL || dir[0] == '\0' || path == NULL || !get)
		return false;
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	if (!http_web_path_ok(path))
		return false;
	const char *type = type_of(path);
	bool asset = strncmp(path, "/assets/", 8) == 0;
	if (type != NULL && read_file(dir, path, res)) {
		res->status = 200;
		res->content_type = type;
		res->headers[0] = (struct http_header){
			"Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache"
		};
	} else if (strchr(strrchr(path, '/'), '.') == NULL && read_file(dir, "/index.html", res)) {
		/* a route of the app, not a file: the app shows it (or its own 404) */
		res->status = 200;
		res->content_type = "text/html; charset=utf-8";
		res->headers[0] = (struct http_header){ "Cache-Control", "no-cache" };
	} else {
		return false;
	}
	res->csp = xstrdup(CSP);
	return true;
}
