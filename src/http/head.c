/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The request head before routing (head.h): target bounds, header tally,
 * the raw query, the client address. The bounds and why they are checked
 * this early: server.c, "Bounds".
 */
#include "http/head.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "http/resource.h"
#include "http/server.h"


/* What http_head_on_uri hands the first callback; never written through. */
struct http_head_refusal HTTP_HEAD_REFUSALS[] = {
	{HTTP_REFUSAL_URI_TOO_LONG, "request targets are limited to 8192 bytes"},
	{HTTP_REFUSAL_QUERY_TOO_LONG, "query strings are limited to 2047 bytes"},
	{HTTP_REFUSAL_TOO_MANY_PARAMETERS, "at most 16 query parameters are accepted"},
};

#define URI_REFUSALS_LEN (sizeof HTTP_HEAD_REFUSALS / sizeof HTTP_HEAD_REFUSALS[0])

_Static_assert(HTTP_TARGET_MAX == 8192 && HTTP_QUERY_BYTES_MAX == 2048 &&
		       HTTP_QUERY_PARAMS_MAX == 16,
	       "the messages of HTTP_HEAD_REFUSALS name the bounds");

/* The refusal `ctx` points at, or NULL when it is not one. */
const struct http_head_refusal *http_head_refusal_of(const void *ctx)
{
	for (size_t i = 0; i < URI_REFUSALS_LEN; i++)
		if (ctx == &HTTP_HEAD_REFUSALS[i])
			return &HTTP_HEAD_REFUSALS[i];
	return NULL;
}

/* ---- query string ---- */

/*
 * MHD's unescaper, replaced by the identity: MHD then hands over the path and
 * the query arguments as they came on the wire (split at '&' and '='), and
 * the router decodes them itself, exactly as for in-process requests (%XX,
 * '+' as a space). With MHD's own decoding, a "+" and a "%2B" would arrive
 * as the same byte and could not be told apart. Paths are never decoded:
 * no route needs an escape, so "/api/v1/%63ases" is simply unknown.
 */
size_t http_head_unescape_none(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return strlen(s);
}

/*
 * Query parameters as libmicrohttpd splits them: one per '&'-separated
 * piece, empty ones too, except an empty last piece.
 */
static size_t query_pieces(const char *q)
{
	size_t n = 0;

	while (*q != '\0') {
		n++;
		q = strchr(q, '&');
		if (q == NULL)
			break;
		q++;
	}
	return n;
}

/*
 * The URI log callback: runs on the request line, before libmicrohttpd
 * splits the query (see "Bounds" above). Returns the request's first
 * *req_cls: NULL, or the refusal to answer on the first callback.
 */
void *http_head_on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_head_refusal *r = NULL;
	const char *q;

	(void)cls;
	(void)conn;
	if (uri == NULL)
		return NULL;
	q = strchr(uri, '?');
	if (strlen(uri) > HTTP_TARGET_MAX)
		r = &HTTP_HEAD_REFUSALS[0];
	else if (q != NULL && query_pieces(q + 1) > HTTP_QUERY_PARAMS_MAX)
		r = &HTTP_HEAD_REFUSALS[2];
	else if (q != NULL && strlen(q + 1) >= HTTP_QUERY_BYTES_MAX)
		r = &HTTP_HEAD_REFUSALS[1];
	/* libmicrohttpd's own line buffer, handed over as const: ending the
	 * query right after its '?' leaves it nothing to split. */
	if (r != NULL && q != NULL)
		((char *)q)[1] = '\0';
	return r;
}


enum MHD_Result http_head_count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	struct http_header_tally *t = cls;

	(void)kind;
	t->fields++;
	t->bytes += strlen(key) + (value != NULL ? strlen(value) : 0);
	return MHD_YES;
}


void http_text_putn(struct http_text_buf *tb, const char *s, size_t n)
{
	if (tb->overflow || tb->len + n + 1 > tb->cap) {
		tb->overflow = true;
		return;
	}
	memcpy(tb->buf + tb->len, s, n);
	tb->len += n;
	tb->buf[tb->len] = '\0';
}

void http_text_put(struct http_text_buf *tb, const char *s)
{
	http_text_putn(tb, s, strlen(s));
}

/* Joins MHD's raw arguments back into "k=v&k2=v2". */
enum MHD_Result http_head_query_add(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct http_text_buf *qb = cls;

	(void)kind;
	if (qb->len > 0)
		http_text_put(qb, "&");
	http_text_put(qb, key);
	if (value != NULL) {
		http_text_put(qb, "=");
		http_text_put(qb, value);
	}
	return qb->overflow ? MHD_NO : MHD_YES;
}

/* The peer's IP address as text into `out` ("" when MHD cannot tell). */
void http_head_client_address(struct MHD_Connection *conn, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info != NULL ? info->client_addr : NULL;

	out[0] = '\0';
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		(void)inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				out, (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		(void)inet_ntop(AF_INET6,
				&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
				(socklen_t)cap);
}
