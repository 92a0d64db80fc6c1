/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A response streamed as Server-Sent Events (the WHATWG HTML standard,
 * §9.2): a handler sets res->stream instead of a body, and the server
 * (server.c) pulls bytes from it for as long as the connection lives.
 *
 * A stream has a source: poll() appends the events after the source's own
 * cursor (an event id) and says when nothing more will ever come. When a
 * poll finds nothing, the stream arms a watch on the live hub (app/live.h)
 * under its topic and answers 0: the server suspends the connection until
 * the watch's wake. The hub's sequence number is read before each poll, so
 * news between the poll and the arming is never lost (arming fails, and the
 * stream polls again).
 *
 * Every HTTP_STREAM_PING_MS without an event the stream sends a comment
 * line, so a client that went away is noticed (the write fails) and
 * proxies keep the connection; the server's tick wakes every stream often
 * enough for that. After HTTP_STREAM_LIFE_MS the stream ends; an
 * EventSource reconnects by itself, with Last-Event-ID, after the `retry`
 * the stream announced, and the reconnection authenticates afresh.
 *
 * No libmicrohttpd here: the tests read a stream directly.
 */
#ifndef LD_HTTP_STREAM_H
#define LD_HTTP_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

#define HTTP_STREAM_PING_MS 20000   /* a comment after this long without an event */
#define HTTP_STREAM_LIFE_MS 600000  /* a stream ends after this; the client reconnects */
#define HTTP_STREAM_RETRY_MS 2000   /* the reconnection delay announced to EventSource */
#define HTTP_STREAM_TICK_MS 10000   /* how often the server wakes every stream */

/* The text of a stream's pending events (growing). */
struct http_sse {
	char *buf;    /* owned */
	size_t len;   /* bytes pending */
	size_t off;   /* bytes of them already sent */
	size_t cap;
};

/* Appends one event: "id: …", "event: …" (NULL = none), "data: json". */
void http_sse_event(struct http_sse *out, int64_t id, const char *event, const char *json,
		    size_t json_len);

struct http_stream_source {
	/* Appends the events after the source's cursor (moving it); *ended when
	 * no event will follow those. Runs on a worker's app, outside any
	 * request. A failure ends the stream. */
	ld_status (*poll)(void *ctx, struct app *app, struct http_sse *out, bool *ended,
			  struct ld_err *err);
	void (*free)(void *ctx); /* releases ctx */
};

struct http_stream;

/* A stream over `src` with `ctx` (owned from here) watching `topic` (a chat
 * id, or APP_LIVE_ANY). */
struct http_stream *http_stream_new(const struct http_stream_source *src, void *ctx,
				    int64_t topic);
/* Disarms its watch and frees it and its ctx. NULL-safe. */
void http_stream_free(struct http_stream *s);

/* Who to call when the stream's watch fires (the server's resume). */
void http_stream_on_wake(struct http_stream *s, void (*wake)(void *arg), void *arg);

/*
 * Up to `max` bytes of the stream into buf: > 0 bytes written; 0 = nothing
 * now, the watch is armed (when app has a live hub; without one, the caller
 * polls again later); -1 = the stream is over. `now_ms` is a monotonic
 * clock in ms.
 */
long http_stream_read(struct http_stream *s, struct app *app, char *buf, size_t max,
		      int64_t now_ms);

/* A monotonic clock in ms, for http_stream_read. */
int64_t http_stream_now_ms(void);

#endif
