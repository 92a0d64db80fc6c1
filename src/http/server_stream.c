/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Streamed answers (stream.h: Server-Sent Events) on libmicrohttpd.
 *
 * An answer with a stream is sent from a content reader on the connection's worker, which suspends the
 * connection while the stream has nothing to send; the live hub
 * (app/live.h) resumes it when the stream's topic changes, and a ticker
 * thread wakes every stream each HTTP_STREAM_TICK_MS (for pings, and news
 * written by other processes). Suspended streams count as suspended
 * connections: stopping wakes them all, and each then ends.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "app/live.h"
#include "http/server_int.h"
#include "http/stream.h"
#include "util/xmalloc.h"

/*
 * A streamed answer (stream.h) on its connection. While the stream has
 * nothing to send, the connection is suspended; the stream's watch resumes
 * it. `lock` orders the two: a wake that comes before the suspension only
 * leaves `woken`, and the reader then reads again instead of suspending,
 * so MHD_resume_connection() always follows MHD_suspend_connection().
 */
struct http_stream_conn {
	struct http_server *server;
	struct MHD_Connection *conn;
	struct http_stream *stream;       /* owned */
	pthread_mutex_t lock;
	bool suspended;                   /* (lock) */
	bool woken;                       /* a wake came while not suspended (lock) */
};

/* The stream's watch fired: resume its connection (or tell the reader). */
static void stream_wake(void *arg)
{
	struct http_stream_conn *sc = arg;

	pthread_mutex_lock(&sc->lock);
	if (sc->suspended) {
		sc->suspended = false;
		MHD_resume_connection(sc->conn);
		http_server_suspend_end(sc->server);
	} else {
		sc->woken = true;
	}
	pthread_mutex_unlock(&sc->lock);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct http_stream_conn *sc = cls;
	struct http_worker *w;
	struct ld_err err;
	ld_status rc;
	long n;

	(void)pos;
	if ((w = http_server_worker(sc->server, &rc, &err)) == NULL)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = http_stream_read(sc->stream, &w->app, buf, max, http_stream_now_ms());
	if (n != 0)
		return n > 0 ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
	pthread_mutex_lock(&sc->lock);
	if (sc->woken) {
		sc->woken = false; /* news meanwhile: MHD calls again at once */
	} else if (!http_server_suspend_begin(sc->server)) {
		n = -1; /* stopping: the stream ends here */
	} else {
		sc->suspended = true;
		MHD_suspend_connection(sc->conn);
	}
	pthread_mutex_unlock(&sc->lock);
	return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : 0;
}

static void stream_done(void *cls)
{
	struct http_stream_conn *sc = cls;

	http_stream_free(sc->stream); /* disarms its watch: no wake after this */
	pthread_mutex_destroy(&sc->lock);
	free(sc);
}

struct MHD_Response *http_server_stream_response(struct http_server *srv,
						 struct MHD_Connection *conn,
						 struct http_response *res)
{
	struct http_stream_conn *sc = xcalloc(1, sizeof *sc);
	struct MHD_Response *r;

	sc->server = srv;
	sc->conn = conn;
	sc->stream = res->stream;
	res->stream = NULL;
	pthread_mutex_init(&sc->lock, NULL);
	http_stream_on_wake(sc->stream, stream_wake, sc);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, sc, stream_done);
	if (r == NULL)
		stream_done(sc);
	return r;
}

/* Wakes every stream now and then: pings, news from other processes. */
void *http_server_ticker(void *arg)
{
	struct http_server *srv = arg;
	struct timespec at;

	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping) {
		clock_gettime(CLOCK_REALTIME, &at);
		at.tv_sec += HTTP_STREAM_TICK_MS / 1000;
		pthread_cond_timedwait(&srv->tick, &srv->lock, &at);
		if (srv->stopping)
			break;
		pthread_mutex_unlock(&srv->lock);
		app_live_wake_all(srv->live);
		pthread_mutex_lock(&srv->lock);
	}
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}
