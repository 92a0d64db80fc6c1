/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Attachments: GET /cases/{id}/attachments (the files of a case's contacts)
 * and GET /attachments/{id} (one file's bytes), for those who may see the
 * case (app/mail.h).
 *
 * A download is served as a download, never rendered by the browser in the
 * desk's origin: Content-Disposition attachment (RFC 6266, the name in
 * RFC 5987 form and an ASCII fallback), X-Content-Type-Options nosniff, a
 * sandboxing Content-Security-Policy, and a Content-Type from a short list
 * of types that cannot carry script — anything else, text/html and SVG
 * included, goes out as application/octet-stream. A file sent by anyone who
 * can write an e-mail must not become a page that runs with an agent's
 * session.
 */
#include "http/resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/mail.h"
#include "http/reply.h"

static void render_attachment(struct http_json *j, const struct ld_attachment *a)
{
	char url[64];

	snprintf(url, sizeof url, "/api/v1/attachments/%lld", (long long)a->id);
	http_json_obj_begin(j, NULL);
	http_json_int(j, "id", a->id);
	http_json_id(j, "interaction_id", a->interaction_id);
	http_json_id(j, "case_id", a->case_id);
	http_json_str(j, "filename", a->filename);
	http_json_str(j, "content_type", a->content_type);
	http_json_int(j, "size", a->size);
	http_json_str(j, "sha256", a->sha256);
	http_json_time(j, "created_at", a->created_at);
	http_json_str(j, "url", url);
	http_json_obj_end(j);
}

ld_status http_attachment_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "limit", "cursor", NULL };
	struct ld_attachment *rows = NULL;
	struct http_query q;
	struct http_json j;
	int64_t after;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		return rc;
	rows = xcalloc((size_t)limit, sizeof *rows);
	rc = app_attachment_list(call->app, call->actor, call->ids[0], after, limit, rows, &n, err);
	if (rc == LD_OK) {
		http_page_begin(&j, 64 + (size_t)n * 320);
		for (int i = 0; i < n; i++)
			render_attachment(&j, &rows[i]);
		http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
		http_reply_json(call->res, 200, &j);
	}
	free(rows);
	return rc;
}

/* The Content-Type a stored type is served with (static strings only). */
static const char *served_type(const char *type)
{
	static const char *const safe[] = {
		"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
		"application/zip", "message/rfc822", "text/csv", "application/msword",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.ms-excel", NULL,
	};

	if (strcmp(type, "text/plain") == 0)
		return "text/plain; charset=utf-8";
	for (int i = 0; safe[i] != NULL; i++) {
		if (strcmp(type, safe[i]) == 0)
			return safe[i];
	}
	return "application/octet-stream";
}

/*
 * Content-Disposition for `name` into out: an ASCII fallback (non-ASCII,
 * quotes, backslashes and controls become '_') and the exact name in
 * RFC 5987 percent-encoding.
 */
static void disposition(const char *name, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = (size_t)snprintf(out, cap, "attachment; filename=\"");

	for (const char *p = name; *p != '\0' && n + 2 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80 && c < 0xC0)
			continue; /* one '_' per character, not per byte */
		out[n++] = c < 0x20 || c >= 0x7F || c == '"' || c == '\\' ? '_' : (char)c;
	}
	n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "\"; filename*=UTF-8''");
	for (const char *p = name; *p != '\0' && n + 4 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c) != NULL;
		if (plain) {
			out[n++] = (char)c;
		} else {
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		}
	}
	out[n < cap ? n : cap - 1] = '\0';
}

#define DISPOSITION_MAX (64 + 4 * LD_FILENAME_MAX)

ld_status http_attachment_get(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { NULL };
	struct ld_attachment a;
	struct http_query q;
	size_t got = 0;
	char *buf;
	int fd = -1;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK)
		return rc;
	if ((rc = app_attachment_open(call->app, call->actor, call->ids[0], &a, &fd, err)) != LD_OK)
		return rc;
	/* One allocation: the bytes, then the Content-Disposition value, which
	 * must live as long as the body (the response owns only the body). */
	buf = xmalloc((size_t)a.size + 1 + DISPOSITION_MAX);
	while (got < (size_t)a.size) {
		ssize_t r = read(fd, buf + got, (size_t)a.size - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != (size_t)a.size) {
		free(buf);
		return ld_fail(err, LD_ERR_INTERNAL, "file_damaged", NULL,
			       "the stored file of attachment %lld could not be read whole",
			       (long long)a.id);
	}
	char *value = buf + a.size + 1;
	disposition(a.filename, value, DISPOSITION_MAX);
	call->res->status = 200;
	call->res->body = buf;
	call->res->body_len = (size_t)a.size;
	call->res->content_type = served_type(a.content_type);
	call->res->headers[0] = (struct http_header){ "Content-Disposition", value };
	call->res->headers[1] = (struct http_header){ "X-Content-Type-Options", "nosniff" };
	call->res->headers[2] = (struct http_header){ "Content-Security-Policy", "sandbox" };
	call->res->headers[3] = (struct http_header){ "Cache-Control", "private, no-store" };
	return LD_OK;
}
