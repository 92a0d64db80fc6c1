/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What server.c (the libmicrohttpd glue) and server_stream.c (its streamed
 * answers) share: the server and worker records, the per-thread worker
 * context, and the count of suspended connections that stopping waits
 * for. Private to those two files.
 */
#ifndef LD_HTTP_SERVER_INT_H
#define LD_HTTP_SERVER_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "app/app.h"
#include "http/router.h"
#include "http/server.h"
#include "util/status.h"

/* One worker thread's context. */
struct http_worker {
	const struct http_server *server; /* owner, to tell servers apart */
	struct app app;                   /* this thread's context, owns its store handle */
	struct http_worker *next;         /* registry link */
};

struct http_server {
	struct MHD_Daemon *daemon;        /* owned */
	char *store_url;                  /* owned copy */
	size_t max_body;                  /* bytes */
	struct app_config app_cfg;        /* given to every worker's app_init */
	int port;                         /* bound port */
	pthread_mutex_t lock;             /* guards workers, suspended, stopping */
	struct http_worker *workers;      /* registry of opened workers, owned */
	struct app_writer *writer;       /* group commit, owned; NULL for private stores */
	struct http_guard *guard;         /* per-address counts and deadlines, owned */
	atomic_int connections;           /* open client connections */
	int suspended;                    /* connections waiting for the writer (lock) */
	bool stopping;                    /* no new suspensions (lock) */
	pthread_cond_t resumed;           /* `suspended` went down */
	struct app_live *live;            /* the live hub (app_cfg.live); owned when own_live */
	bool own_live;
	pthread_t ticker;                 /* wakes every stream each HTTP_STREAM_TICK_MS */
	bool ticking;                     /* ticker started */
	pthread_cond_t tick;              /* ends the ticker's wait early (stop) */
};

/*
 * The worker context of the calling thread for `srv` (each MHD worker opens
 * its own store handle on its first request). NULL with *rc and err when the
 * store cannot be opened.
 */
struct http_worker *http_server_worker(struct http_server *srv, ld_status *rc, struct ld_err *err);

/* Counts a connection about to be suspended; false once the server is stopping. */
bool http_server_suspend_begin(struct http_server *srv);
/* … and resumed again. */
void http_server_suspend_end(struct http_server *srv);

/* server_stream.c: the MHD response that sends res->stream (taken from
 * res), NULL when it cannot be made; and the ticker thread's body. */
struct MHD_Response *http_server_stream_response(struct http_server *srv,
						 struct MHD_Connection *conn,
						 struct http_response *res);
void *http_server_ticker(void *srv);

#endif
