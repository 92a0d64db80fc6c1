/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Server-Sent Events streams (stream.h).
 */
#include "http/stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/live.h"
#include "util/xmalloc.h"

struct http_stream {
	const struct http_stream_source *src;
	void *ctx;                     /* owned */
	struct app_live *live;         /* the hub its watch was armed on, NULL = never armed */
	struct app_live_watch watch;
	struct http_sse out;           /* pending text */
	int64_t opened_ms, last_ms;    /* when it began; when it last sent something */
	bool started;                  /* the retry line went out */
	bool ended;                    /* the source said nothing more comes */
	bool over;                     /* the end was reached (failed or life spent) */
};

static void sse_put(struct http_sse *o, const char *s, size_t n)
{
	if (o->off == o->len)
		o->off = o->len = 0; /* everything sent: start the buffer over */
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap != 0 ? o->cap : 1024;
		while (cap < o->len + n + 1)
			cap *= 2;
		o->buf = xrealloc(o->buf, cap);
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void http_sse_event(struct http_sse *out, int64_t id, const char *event, const char *json,
		    size_t json_len)
{
	char head[96];
	int n;

	if (event != NULL)
		n = snprintf(head, sizeof head, "id: %lld\nevent: %s\ndata: ", (long long)id, event);
	else
		n = snprintf(head, sizeof head, "id: %lld\ndata: ", (long long)id);
	sse_put(out, head, (size_t)n);
	sse_put(out, json, json_len); /* compact JSON: one line */
	sse_put(out, "\n\n", 2);
}

struct http_stream *http_stream_new(const struct http_stream_source *src, void *ctx,
				    int64_t topic)
{
	struct http_stream *s = xcalloc(1, sizeof *s);

	s->src = src;
	s->ctx = ctx;
	s->watch.topic = topic;
	s->opened_ms = s->last_ms = http_stream_now_ms();
	return s;
}

void http_stream_free(struct http_stream *s)
{
	if (s == NULL)
		return;
	if (s->live != NULL)
		app_live_disarm(s->live, &s->watch);
	if (s->src->free != NULL)
		s->src->free(s->ctx);
	free(s->out.buf);
	free(s);
}

void http_stream_on_wake(struct http_stream *s, void (*wake)(void *arg), void *arg)
{
	s->watch.wake = wake;
	s->watch.arg = arg;
}

int64_t http_stream_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Fills s->out from the source; false when the stream is over. */
static bool refill(struct http_stream *s, struct app *app, int64_t now_ms)
{
	struct app_live *live = app->cfg.live;
	struct ld_err err;

	for (int tries = 0; tries < 4; tries++) {
		uint64_t seq = live != NULL ? app_live_seq(live) : 0;

		ld_err_clear(&err);
		if (s->src->poll(s->ctx, app, &s->out, &s->ended, &err) != LD_OK)
			return false;
		if (s->out.len > s->out.off)
			return true;
		if (s->ended || now_ms - s->opened_ms >= HTTP_STREAM_LIFE_MS)
			return false;
		if (now_ms - s->last_ms >= HTTP_STREAM_PING_MS) {
			sse_put(&s->out, ":\n\n", 3);
			return true;
		}
		if (live == NULL || s->watch.wake == NULL)
			return true; /* nobody to wake it: the caller polls again */
		s->live = live;
		if (app_live_arm(live, &s->watch, seq))
			return true;
		/* News came between the poll and the arming: poll again. */
	}
	return true;
}

long http_stream_read(struct http_stream *s, struct app *app, char *buf, size_t max,
		      int64_t now_ms)
{
	size_t n;

	if (s->over)
		return -1;
	if (!s->started) {
		char retry[32];
		int k = snprintf(retry, sizeof retry, "retry: %d\n\n", HTTP_STREAM_RETRY_MS);
		sse_put(&s->out, retry, (size_t)k);
		s->started = true;
	}
	if (s->out.len == s->out.off && !s->ended && !refill(s, app, now_ms)) {
		if (s->out.len == s->out.off) {
			s->over = true;
			return -1;
		}
	}
	if (s->out.len == s->out.off) {
		if (s->ended) {
			s->over = true;
			return -1;
		}
		return 0;
	}
	n = s->out.len - s->out.off;
	if (n > max)
		n = max;
	memcpy(buf, s->out.buf + s->out.off, n);
	s->out.off += n;
	s->last_ms = now_ms;
	return (long)n;
}
