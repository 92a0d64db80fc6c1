/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What the server reads off a request's head before routing: the bounds of
 * the request target (checked in libmicrohttpd's URI log callback, answered
 * 414 on the first callback), the header tally (431), the raw query joined
 * back for the router, and the client's address. server.c wires these into
 * libmicrohttpd's callbacks; nothing here routes or answers.
 */
#ifndef LD_HTTP_HEAD_H
#define LD_HTTP_HEAD_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "http/reply.h"

/* A request target refused in http_head_on_uri, answered on the first callback. */
struct http_head_refusal {
	enum http_refusal what;           /* which bound */
	const char *message;              /* for the error body */
};

/* Header fields counted on the first callback. */
struct http_header_tally {
	size_t fields;  /* header fields */
	size_t bytes;   /* bytes of their names and values */
};

/* Text built into a caller's buffer: the query string, the guard's 408. */
struct http_text_buf {
	char *buf;      /* caller's buffer */
	size_t cap;     /* its size */
	size_t len;     /* bytes used, without the NUL */
	bool overflow;  /* did not fit */
};

/* The refusals of a request target: [0] too long, [1] query too long, [2] too
 * many parameters; never written through (non-const only as MHD's req_cls). */
extern struct http_head_refusal HTTP_HEAD_REFUSALS[];

/* The refusal `ctx` (a request's first *req_cls) points at, or NULL when it is not one. */
const struct http_head_refusal *http_head_refusal_of(const void *ctx);

/* MHD's unescape callback: the identity (the router decodes). */
size_t http_head_unescape_none(void *cls, struct MHD_Connection *conn, char *s);

/* MHD's URI log callback: NULL, or the refusal to answer on the first callback. */
void *http_head_on_uri(void *cls, const char *uri, struct MHD_Connection *conn);

/* MHD header iterator: counts into the struct http_header_tally `cls`. */
enum MHD_Result http_head_count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				       const char *value);

/* Appends to `tb`; sets tb->overflow (and writes nothing more) when it does not fit. */
void http_text_putn(struct http_text_buf *tb, const char *s, size_t n);
void http_text_put(struct http_text_buf *tb, const char *s);

/* MHD argument iterator: joins the raw arguments into the struct http_text_buf `cls`. */
enum MHD_Result http_head_query_add(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value);

/* The peer's IP address as text into `out` ("" when MHD cannot tell). */
void http_head_client_address(struct MHD_Connection *conn, char *out, size_t cap);

#endif
