/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * libmicrohttpd glue, with server_stream.c (streamed answers) the only
 * files that include microhttpd.h; what they share is server_int.h.
 *
 * Owns: binding, the worker pool, per-thread store handles, request bodies
 * and their limit, the bounds of request targets and headers, the client's
 * address (the TCP peer's, for the audit log and the login throttle; no
 * forwarded header is trusted), and turning a struct http_response into an
 * MHD response. Must not route or interpret anything: that is
 * http_dispatch() (router.c). Per-address connection counts and request
 * deadlines are the guard's (guard.h); this file calls it from
 * libmicrohttpd's callbacks.
 *
 * Threads. MHD runs HTTP_THREADS workers (MHD_OPTION_THREAD_POOL_SIZE), each
 * with its own epoll set; a connection stays on one worker. A store handle
 * is used by one thread at a time (store.h), so each worker lazily opens its
 * own on its first request and keeps it in a _Thread_local pointer; the
 * server keeps every such worker in a registry so http_server_stop() can
 * close them after MHD has joined its threads.
 *
 * Writes. Beside the workers runs one group-commit writer (writer.h) with a
 * handle of its own, unless the store is private to each handle
 * (":memory:"). A hot write (a write route, resource.h) is parsed on its
 * worker, then the connection is suspended (MHD_suspend_connection) and the
 * job queued; the worker goes on with its other connections, so the writer
 * batches as many writes as there are waiting clients, not as there are
 * workers. The writer's callback resumes the connection once the batch has
 * committed and the worker renders the answer (finish()). With a single
 * open connection there is nothing to batch with, and the write runs on the
 * worker as before, sparing the two thread hand-overs. Stopping waits until
 * no connection is suspended (MHD must not stop with one), then stops MHD,
 * then drains and joins the writer.
 *
 * Requests. A request without a body (no Content-Length, or 0, and no
 * Transfer-Encoding) is answered on MHD's second callback (an answer on the
 * first makes MHD close the connection) with no per-request allocation
 * beyond the response body and MHD's own response object. A
 * request with a body gets a small upload record; a Content-Length over
 * max_body is answered 413 on the first callback, before any of the body is
 * read (MHD then closes the connection). A chunked body that grows over the
 * limit is dropped as it arrives and answered 413 at its end. The upload
 * record also carries a suspended write (its pending state) from the
 * callback that queued it to the one after the resume.
 *
 * Bounds. libmicrohttpd keeps a request's line, headers and one record per
 * header field and query parameter in a fixed pool per connection
 * (HTTP_CONNECTION_MEMORY). When the query parameters overflow it,
 * libmicrohttpd 0.9.75 queues its own 431 and then goes on reading the
 * headers, and the connection hangs unanswered until the idle timeout. So
 * the request target is checked before libmicrohttpd splits the query, in
 * the URI log callback (http_head_on_uri): over HTTP_TARGET_MAX bytes, a query over
 * HTTP_QUERY_BYTES_MAX or over HTTP_QUERY_PARAMS_MAX parameters, the query
 * is cut off in libmicrohttpd's own buffer — the callback is handed that
 * buffer, and the query is not needed any more — so nothing is split, and
 * the request is answered 414 on its first callback. Header fields are
 * counted there too (431). Only requests too large for the pool itself
 * are answered by libmicrohttpd (414 or 431 with its HTML body).
 *
 * Streams: server_stream.c.
 *
 * Every answer gets HTTP_REPLY_HEADERS (reply.h) in queue(); the 408 of a
 * request out of time is written by the guard, rendered here
 * (render_timeout).
 */
#include "http/server.h"
#include "http/server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "http/guard.h"
#include "http/head.h"
#include "http/reply.h"
#include "http/resource.h"
#include "http/router.h"
#include "app/live.h"
#include "app/writer.h"
#include "util/xmalloc.h"

/*
 * The worker context of the calling thread for `srv`. The pointer is only
 * ever set in MHD's worker threads, which live and die with their daemon,
 * so a stale one from an earlier server cannot be met.
 */
static _Thread_local struct http_worker *tl_worker;

struct http_worker *http_server_worker(struct http_server *srv, ld_status *rc, struct ld_err *err)
{
	struct http_worker *w = tl_worker;

	if (w != NULL && w->server == srv)
		return w;
	w = xcalloc(1, sizeof *w);
	*rc = app_open(&w->app, srv->store_url, &srv->app_cfg, err);
	if (*rc != LD_OK) {
		free(w);
		return NULL;
	}
	w->server = srv;
	pthread_mutex_lock(&srv->lock);
	w->next = srv->workers;
	srv->workers = w;
	pthread_mutex_unlock(&srv->lock);
	tl_worker = w;
	return w;
}

bool http_server_suspend_begin(struct http_server *srv)
{
	bool ok;

	pthread_mutex_lock(&srv->lock);
	ok = !srv->stopping;
	if (ok)
		srv->suspended++;
	pthread_mutex_unlock(&srv->lock);
	return ok;
}

void http_server_suspend_end(struct http_server *srv)
{
	pthread_mutex_lock(&srv->lock);
	srv->suspended--;
	pthread_cond_broadcast(&srv->resumed);
	pthread_mutex_unlock(&srv->lock);
}

/* A request with a body: the body being received, then its pending write. */
struct http_upload {
	char *buf;                        /* owned, NUL-terminated, NULL until data arrives */
	size_t len;                       /* bytes received */
	size_t cap;                       /* bytes allocated */
	bool too_large;                   /* over max_body: dropping the rest */
	struct http_pending *pending;     /* write queued with the writer, owned; NULL = none */
	struct http_server *server;       /* for the writer's callback */
	struct MHD_Connection *conn;      /* to resume, from the writer's callback */
};

/* Marks a request without a body: no upload record needed. */
static struct http_upload http_no_body;


/* ---- responses ---- */

/* Whether the handler set header `name` itself. */
static bool has_header(const struct http_response *res, const char *name)
{
	for (int i = 0; i < HTTP_HEADERS_MAX && res->headers[i].name != NULL; i++)
		if (strcasecmp(res->headers[i].name, name) == 0)
			return true;
	return false;
}

static enum MHD_Result queue_on(struct http_server *srv, struct MHD_Connection *conn,
				struct http_response *res)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char num[16];

	if (res->stream != NULL && srv != NULL) {
		if ((r = http_server_stream_response(srv, conn, res)) == NULL) {
			http_response_clear(res);
			return MHD_NO;
		}
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
	} else if (res->body != NULL) {
		r = MHD_create_response_from_buffer(res->body_len, res->body, MHD_RESPMEM_MUST_FREE);
		if (r == NULL) {
			http_response_clear(res);
			return MHD_NO;
		}
		res->body = NULL; /* MHD frees it with the response */
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
					res->content_type != NULL ? res->content_type
								  : "application/json");
	} else {
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (r == NULL)
			return MHD_NO;
	}
	if (res->etag[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, res->etag);
	if (res->location[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, res->location);
	if (res->allow[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
	if (res->www_authenticate)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	if (res->retry_after > 0) {
		snprintf(num, sizeof num, "%d", res->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, num);
	}
	for (int i = 0; i < HTTP_HEADERS_MAX && res->headers[i].name != NULL; i++)
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	if (res->csp != NULL)
		MHD_add_response_header(r, "Content-Security-Policy", res->csp);
	if (res->set_cookie != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, res->set_cookie);
	for (int i = 0; i < HTTP_REPLY_HEADERS_LEN; i++)
		if (!has_header(res, HTTP_REPLY_HEADERS[i].name)) /* its own wins (Cache-Control) */
			MHD_add_response_header(r, HTTP_REPLY_HEADERS[i].name,
						HTTP_REPLY_HEADERS[i].value);
	ret = MHD_queue_response(conn, (unsigned int)res->status, r);
	MHD_destroy_response(r);
	http_response_clear(res);
	return ret;
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct http_response *res)
{
	return queue_on(NULL, conn, res);
}

static enum MHD_Result queue_refusal(struct MHD_Connection *conn, enum http_refusal what,
				     const char *message)
{
	struct http_response res;

	http_response_init(&res);
	http_reply_refusal(&res, what, message);
	return queue(conn, &res);
}

static enum MHD_Result queue_too_large(struct http_server *srv, struct MHD_Connection *conn)
{
	char message[80];

	snprintf(message, sizeof message, "request bodies are limited to %zu bytes", srv->max_body);
	return queue_refusal(conn, HTTP_REFUSAL_BODY_TOO_LARGE, message);
}

/* The day and time in the form of the Date header, independent of the locale. */
static void http_date(char *out, size_t cap)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	snprintf(out, cap, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * The guard's 408, whole, as bytes on the wire (guard.h): the same error
 * body and headers as every other answer, and Connection: close.
 */
static size_t render_timeout(void *arg, char *buf, size_t cap)
{
	struct http_text_buf tb = {buf, cap, 0, false};
	struct http_response res;
	char line[160];

	(void)arg;
	http_response_init(&res);
	http_reply_refusal(&res, HTTP_REFUSAL_TIMEOUT,
			   "the request did not arrive in time; the connection is closed");
	snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\nDate: ", res.status,
		 MHD_get_reason_phrase_for((unsigned int)res.status));
	http_text_put(&tb, line);
	http_date(line, sizeof line);
	http_text_put(&tb, line);
	snprintf(line, sizeof line,
		 "\r\nConnection: close\r\nContent-Type: application/json\r\n"
		 "Content-Length: %zu\r\n",
		 res.body_len);
	http_text_put(&tb, line);
	for (int i = 0; i < HTTP_REPLY_HEADERS_LEN; i++) {
		http_text_put(&tb, HTTP_REPLY_HEADERS[i].name);
		http_text_put(&tb, ": ");
		http_text_put(&tb, HTTP_REPLY_HEADERS[i].value);
		http_text_put(&tb, "\r\n");
	}
	http_text_put(&tb, "\r\n");
	http_text_putn(&tb, res.body, res.body_len);
	http_response_clear(&res);
	return tb.overflow ? 0 : tb.len;
}

/* ---- writes through the writer, and streams waiting for news ---- */

/*
 * The writer committed (or failed) a suspended request's job: wake its
 * connection, whose worker then answers it (on_request → finish). Runs on
 * the writer thread; `up` may be freed as soon as the connection resumes.
 */
static void on_write_done(struct app_write_job *job)
{
	struct http_upload *up = job->done_arg;
	struct http_server *srv = up->server;

	MHD_resume_connection(up->conn);
	http_server_suspend_end(srv);
}

/*
 * Builds the request, dispatches it on this thread's app and queues the
 * answer — or, for a hot write with the writer running, parses it, suspends
 * the connection and queues the job: the worker goes on serving other
 * connections meanwhile, so the writer sees as many writes at once as there
 * are clients, not as there are worker threads. `up` is NULL for requests
 * without a body.
 */
static enum MHD_Result respond(struct http_server *srv, struct MHD_Connection *conn,
			       const char *url, const char *method, struct http_upload *up)
{
	char query[HTTP_QUERY_BYTES_MAX];
	char address[INET6_ADDRSTRLEN];
	struct http_text_buf qb = {query, sizeof query, 0, false};
	struct http_request req;
	struct http_response res;
	struct http_worker *w;
	struct http_pending *pending = NULL;
	struct app_write_job *job;
	struct ld_err err;
	bool suspending;
	ld_status rc;

	ld_err_clear(&err);
	http_response_init(&res);
	w = http_server_worker(srv, &rc, &err);
	if (w == NULL) {
		fprintf(stderr, "loyaldesk http: cannot open the store: %s\n", err.message);
		http_reply_error(&res, rc == LD_ERR_RETRY ? rc : LD_ERR_INTERNAL, &err);
		return queue(conn, &res);
	}
	query[0] = '\0';
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, http_head_query_add, &qb);
	if (qb.overflow)
		return queue_refusal(conn, HTTP_REFUSAL_QUERY_TOO_LONG, HTTP_HEAD_REFUSALS[1].message);

	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = url;
	req.query = qb.len > 0 ? query : NULL;
	req.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							MHD_HTTP_HEADER_AUTHORIZATION);
	req.if_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);
	req.if_none_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							MHD_HTTP_HEADER_IF_NONE_MATCH);
	req.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						       MHD_HTTP_HEADER_CONTENT_TYPE);
	req.last_event_id = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Last-Event-ID");
	req.origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ORIGIN);
	req.session_cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, HTTP_SESSION_COOKIE);
	req.requested_with = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Requested-With");
	if (up != NULL) {
		req.body = up->buf;
		req.body_len = up->len;
	}
	http_head_client_address(conn, address, sizeof address);
	req.address = address[0] != '\0' ? address : NULL;
	if (atomic_load_explicit(&srv->connections, memory_order_relaxed) <= 1) {
		/*
		 * The only client: the writer would have nothing to batch this
		 * write with, and handing it over would only cost two thread
		 * wake-ups (~50 µs). Written here, on this worker's handle; a
		 * connection that opens meanwhile and writes through the writer
		 * is still ordered against it by the store's writer lock.
		 */
		http_dispatch_with(&w->app, NULL, &req, &res, NULL);
		return queue_on(srv, conn, &res);
	}
	suspending = srv->writer != NULL && up != NULL && http_server_suspend_begin(srv);
	http_dispatch_with(&w->app, srv->writer, &req, &res, suspending ? &pending : NULL);
	if (pending == NULL) {
		if (suspending)
			http_server_suspend_end(srv);
		return queue_on(srv, conn, &res);
	}
	up->pending = pending;
	up->server = srv;
	up->conn = conn;
	job = http_pending_job(pending);
	job->done = on_write_done;
	job->done_arg = up;
	/* Suspended first, so that the writer's resume always follows it. */
	MHD_suspend_connection(conn);
	app_writer_submit(srv->writer, job);
	return MHD_YES;
}

/* Answers a request whose write the writer has finished. */
static enum MHD_Result finish(struct http_server *srv, struct MHD_Connection *conn,
			      struct http_upload *up)
{
	struct http_response res;
	struct http_worker *w;
	struct http_pending *pending = up->pending;
	struct ld_err err;
	ld_status rc;

	up->pending = NULL;
	http_response_init(&res);
	w = http_server_worker(srv, &rc, &err);
	if (w == NULL) {
		http_pending_free(pending);
		http_reply_error(&res, rc == LD_ERR_RETRY ? rc : LD_ERR_INTERNAL, &err);
		return queue(conn, &res);
	}
	http_dispatch_finish(&w->app, pending, &res);
	return queue(conn, &res);
}

/* Appends upload data, or notes that the body went over the limit. */
static bool upload_add(struct http_server *srv, struct http_upload *up, const char *data,
		       size_t len)
{
	if (up->too_large)
		return true;
	if (len > srv->max_body - up->len) {
		up->too_large = true;
		free(up->buf);
		up->buf = NULL;
		up->len = up->cap = 0;
		return true;
	}
	if (up->len + len + 1 > up->cap) {
		size_t cap = up->cap ? up->cap : 1024;
		char *nb;

		while (cap < up->len + len + 1)
			cap *= 2;
		nb = realloc(up->buf, cap);
		if (nb == NULL)
			return false;
		up->buf = nb;
		up->cap = cap;
	}
	memcpy(up->buf + up->len, data, len);
	up->len += len;
	up->buf[up->len] = '\0';
	return true;
}

/* Content-Length as a number; false when absent. Malformed ones MHD rejects itself. */
static bool content_length(struct MHD_Connection *conn, uint64_t *len)
{
	const char *s = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						    MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long v;

	if (s == NULL)
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		v = UINT64_MAX;
	*len = v;
	return true;
}

/* The guard's record of a connection (set when it opened). */
static struct http_guard_conn *guard_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return info != NULL ? info->socket_context : NULL;
}

/* Answers a request refused before routing, unless it already ran out of time. */
static enum MHD_Result refuse(struct MHD_Connection *conn, struct http_guard_conn *gc,
			      enum http_refusal what, const char *message)
{
	if (!http_guard_answer(gc))
		return MHD_NO;
	return queue_refusal(conn, what, message);
}

/*
 * The first callback of a request: its head is in. Refuses what is over a
 * bound; otherwise starts the body clock, or marks a request without a body.
 */
static enum MHD_Result on_head(struct http_server *srv, struct MHD_Connection *conn,
			       struct http_guard_conn *gc, void **req_cls)
{
	const struct http_head_refusal *r = http_head_refusal_of(*req_cls);
	struct http_header_tally tally = {0, 0};
	uint64_t len = 0;
	bool has_len, chunked;

	*req_cls = NULL;
	if (r != NULL)
		return refuse(conn, gc, r->what, r->message);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, http_head_count_header, &tally);
	if (tally.fields > HTTP_HEADER_FIELDS_MAX)
		return refuse(conn, gc, HTTP_REFUSAL_HEADERS_TOO_LARGE,
			      "at most 100 header fields are accepted");
	if (tally.bytes > HTTP_HEADER_BYTES_MAX)
		return refuse(conn, gc, HTTP_REFUSAL_HEADERS_TOO_LARGE,
			      "header fields are limited to 16384 bytes in all");
	has_len = content_length(conn, &len);
	chunked = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					      MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
	if (has_len && len > srv->max_body) {
		if (!http_guard_answer(gc))
			return MHD_NO;
		return queue_too_large(srv, conn);
	}
	if (len == 0 && !chunked) {
		/*
		 * Answer on the next callback: a response queued on the
		 * first one makes MHD close the connection (it cannot
		 * know the body is empty), which would cost keep-alive.
		 */
		if (!http_guard_answer(gc))
			return MHD_NO;
		*req_cls = &http_no_body;
		return MHD_YES;
	}
	if (!http_guard_body(srv->guard, gc, chunked ? srv->max_body : len))
		return MHD_NO;
	*req_cls = xcalloc(1, sizeof(struct http_upload));
	return MHD_YES;
}

_Static_assert(HTTP_HEADER_FIELDS_MAX == 100 && HTTP_HEADER_BYTES_MAX == 16384,
	       "on_head's messages name the bounds");

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **req_cls)
{
	struct http_server *srv = cls;
	struct http_guard_conn *gc = guard_of(conn);
	struct http_upload *up = *req_cls;

	(void)version;
	if (up == NULL || http_head_refusal_of(up) != NULL)
		return on_head(srv, conn, gc, req_cls);
	if (up == &http_no_body) {
		*upload_data_size = 0;
		return respond(srv, conn, url, method, NULL);
	}
	if (up->pending != NULL)
		return finish(srv, conn, up);
	if (!http_guard_live(gc)) {
		/* Out of time: the guard answered 408 and will shut the socket;
		 * closing it here, with more of the body coming, would reset
		 * the connection before the client read the 408. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		if (!upload_add(srv, up, upload_data, *upload_data_size))
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (!http_guard_answer(gc))
		return MHD_NO;
	if (up->too_large)
		return queue_too_large(srv, conn);
	return respond(srv, conn, url, method, up);
}

/* Admits a connection unless its address holds its share already (guard.h). */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addr_len)
{
	struct http_server *srv = cls;

	return http_guard_admit(srv->guard, addr, addr_len) ? MHD_YES : MHD_NO;
}

/*
 * Counts open connections (for respond()'s choice of path) and hands each
 * to the guard, whose record becomes the connection's socket context.
 */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *srv = cls;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *addr =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		const struct sockaddr *sa = addr != NULL ? addr->client_addr : NULL;
		socklen_t sa_len = sa == NULL ? 0
			: sa->sa_family == AF_INET6 ? (socklen_t)sizeof(struct sockaddr_in6)
						    : (socklen_t)sizeof(struct sockaddr_in);

		*socket_context = http_guard_open(srv->guard, fd != NULL ? fd->connect_fd : -1, sa,
						  sa_len);
		atomic_fetch_add_explicit(&srv->connections, 1, memory_order_relaxed);
	} else {
		http_guard_close(srv->guard, *socket_context);
		*socket_context = NULL;
		atomic_fetch_sub_explicit(&srv->connections, 1, memory_order_relaxed);
	}
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct http_upload *up = *req_cls;
	struct http_guard_conn *gc = guard_of(conn);

	(void)toe;
	if (gc != NULL)
		http_guard_next(srv->guard, gc);
	if (up != NULL && up != &http_no_body && http_head_refusal_of(up) == NULL) {
		/* A client gone while its write ran: the job is done, nobody to answer. */
		http_pending_free(up->pending);
		free(up->buf);
		free(up);
	}
	*req_cls = NULL;
}

/* ---- start and stop ---- */

ld_status http_server_start(const struct http_config *cfg, struct http_server **out,
			    struct ld_err *err)
{
	struct http_server *srv = NULL;
	struct app probe;
	struct sockaddr_in sa4;
	struct sockaddr_in6 sa6;
	const struct sockaddr *sa;
	const char *host = cfg->host != NULL && cfg->host[0] != '\0' ? cfg->host : "127.0.0.1";
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	int threads = cfg->threads > 0 ? cfg->threads : HTTP_THREADS_DEFAULT;
	int max_connections = cfg->max_connections > 0 ? cfg->max_connections
						       : HTTP_CONNECTIONS_DEFAULT;
	struct http_guard_config gcfg;
	const union MHD_DaemonInfo *info;
	ld_status rc;

	*out = NULL;
	if (cfg->store_url == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_store", "store_url", "no store given");
	if (cfg->port < 0 || cfg->port > 65535)
		return ld_fail(err, LD_ERR_INVALID, "invalid_listen", "port",
			       "port %d is outside 0…65535", cfg->port);
	memset(&sa4, 0, sizeof sa4);
	memset(&sa6, 0, sizeof sa6);
	if (inet_pton(AF_INET, host, &sa4.sin_addr) == 1) {
		sa4.sin_family = AF_INET;
		sa4.sin_port = htons((uint16_t)cfg->port);
		sa = (const struct sockaddr *)&sa4;
	} else if (inet_pton(AF_INET6, host, &sa6.sin6_addr) == 1) {
		sa6.sin6_family = AF_INET6;
		sa6.sin6_port = htons((uint16_t)cfg->port);
		sa = (const struct sockaddr *)&sa6;
		flags |= MHD_USE_IPv6;
	} else {
		return ld_fail(err, LD_ERR_INVALID, "invalid_listen", "host",
			       "\"%.64s\" is not an IPv4 or IPv6 address", host);
	}
	flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL
									: MHD_USE_POLL;
	/* libmicrohttpd shares the connections out among the threads. */
	if (max_connections < threads)
		return ld_fail(err, LD_ERR_INVALID, "invalid_limits", "max_connections",
			       "max_connections (%d) is below the number of threads (%d)",
			       max_connections, threads);

	/* Open (and migrate, and rebuild figures a migration asked for) once here:
	 * a bad store fails the start, not every request. */
	if ((rc = app_open(&probe, cfg->store_url, &cfg->app, err)) != LD_OK)
		goto out;
	rc = app_prepare(&probe, err);
	app_close(&probe);
	if (rc != LD_OK)
		goto out;

	srv = xcalloc(1, sizeof *srv);
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->resumed, NULL);
	pthread_cond_init(&srv->tick, NULL);
	atomic_init(&srv->connections, 0);
	srv->store_url = xstrdup(cfg->store_url);
	srv->max_body = cfg->max_body > 0 ? cfg->max_body : HTTP_MAX_BODY_DEFAULT;
	app_config_overlay(&srv->app_cfg, &cfg->app);
	srv->live = srv->app_cfg.live;
	if (srv->live == NULL) {
		srv->live = srv->app_cfg.live = app_live_new();
		srv->own_live = true;
	}
	memset(&gcfg, 0, sizeof gcfg);
	gcfg.max_connections = max_connections;
	gcfg.per_address = cfg->max_per_address != 0 ? cfg->max_per_address
						     : HTTP_PER_ADDRESS_DEFAULT;
	gcfg.head_timeout_ms = 1000LL * (cfg->head_timeout_s > 0 ? cfg->head_timeout_s
								 : HTTP_HEAD_TIMEOUT_DEFAULT_S);
	gcfg.body_timeout_ms = 1000LL * (cfg->body_timeout_s > 0 ? cfg->body_timeout_s
								 : HTTP_BODY_TIMEOUT_DEFAULT_S);
	gcfg.body_min_rate = cfg->body_min_rate > 0 ? cfg->body_min_rate
						    : HTTP_BODY_MIN_RATE_DEFAULT;
	gcfg.refusal = render_timeout;
	if ((rc = http_guard_start(&gcfg, &srv->guard, err)) != LD_OK)
		goto out;
	/* Contexts on a private URL would not see each other's writes: such
	 * servers write on the workers' own handles, without a writer. */
	if (!app_url_is_private(cfg->store_url)) {
		if ((rc = app_writer_start(cfg->store_url, &srv->app_cfg, &srv->writer, err)) !=
		    LD_OK)
			goto out;
	}
	flags |= MHD_ALLOW_SUSPEND_RESUME; /* the writer's waits, and the streams' */
	if (pthread_create(&srv->ticker, NULL, http_server_ticker, srv) != 0) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "thread_failed", NULL,
			     "cannot start the stream ticker");
		goto out;
	}
	srv->ticking = true;

	srv->daemon = MHD_start_daemon(
		flags, (uint16_t)cfg->port, on_accept, srv, on_request, srv,
		MHD_OPTION_SOCK_ADDR, sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)max_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_CONNECTION_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONNECTION_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, http_head_on_uri, srv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		MHD_OPTION_UNESCAPE_CALLBACK, http_head_unescape_none, NULL,
		MHD_OPTION_END);
	if (srv->daemon == NULL) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "listen_failed", NULL,
			     "cannot listen on %.64s port %d", host, cfg->port);
		goto out;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info != NULL ? info->port : cfg->port;
	*out = srv;
	srv = NULL;
	rc = LD_OK;
out:
	http_server_stop(srv);
	return rc;
}

int http_server_port(const struct http_server *srv)
{
	return srv->port;
}

void http_server_stop(struct http_server *srv)
{
	struct http_worker *w, *next;

	if (srv == NULL)
		return;
	/*
	 * MHD must not be stopped with a connection suspended: no new
	 * suspensions, then wait for the writer to resume the last ones. New
	 * writes meanwhile wait for the writer on their worker thread instead.
	 */
	pthread_mutex_lock(&srv->lock);
	srv->stopping = true;
	pthread_cond_broadcast(&srv->tick);
	pthread_mutex_unlock(&srv->lock);
	if (srv->ticking)
		pthread_join(srv->ticker, NULL);
	/* Streams waiting for news end (stream_read sees `stopping`). */
	if (srv->live != NULL)
		app_live_wake_all(srv->live);
	pthread_mutex_lock(&srv->lock);
	while (srv->suspended > 0)
		pthread_cond_wait(&srv->resumed, &srv->lock);
	pthread_mutex_unlock(&srv->lock);
	if (srv->daemon != NULL)
		MHD_stop_daemon(srv->daemon);
	app_writer_stop(srv->writer);
	http_guard_stop(srv->guard);
	for (w = srv->workers; w != NULL; w = next) {
		next = w->next;
		app_close(&w->app);
		free(w);
	}
	if (srv->own_live)
		app_live_free(srv->live);
	pthread_cond_destroy(&srv->tick);
	pthread_cond_destroy(&srv->resumed);
	pthread_mutex_destroy(&srv->lock);
	free(srv->store_url);
	free(srv);
}
