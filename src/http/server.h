/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The HTTP server: libmicrohttpd listening on one address, a pool of worker
 * threads, each with its own store handle and app context, feeding requests
 * to http_dispatch() (router.h), and one group-commit writer thread
 * (writer.h) that runs the hot writes of all workers, many to a transaction.
 *
 * Limits: request bodies up to `max_body` bytes (a larger Content-Length is
 * answered 413 before the body is read); HTTP_CONNECTION_LIMIT concurrent
 * connections; an idle connection is closed after HTTP_CONNECTION_TIMEOUT_S.
 */
#ifndef LD_HTTP_SERVER_H
#define LD_HTTP_SERVER_H

#include <stddef.h>

#include "app/app.h"
#include "util/status.h"

#define HTTP_MAX_BODY_DEFAULT (1024 * 1024) /* bytes */
#define HTTP_THREADS_DEFAULT 2
#define HTTP_CONNECTION_LIMIT 1024
#define HTTP_CONNECTION_TIMEOUT_S 30

struct http_config {
	const char *host;        /* IPv4 or IPv6 literal to bind; NULL or "" = "127.0.0.1" */
	int port;                /* TCP port; 0 = an ephemeral one (see http_server_port) */
	const char *store_url;   /* what app_open() gets; every worker and the writer open
				    their own handle (":memory:": no writer, see server.c) */
	size_t max_body;         /* request body limit in bytes; 0 = HTTP_MAX_BODY_DEFAULT */
	int threads;             /* worker threads; 0 = HTTP_THREADS_DEFAULT */
	struct app_config app;   /* use-case settings; zero fields = app_config_defaults();
				    pointers in it are borrowed until http_server_stop() */
};

struct http_server;

/*
 * Checks that the store opens (and migrates it, once, before any worker
 * runs), binds and starts serving. `cfg` is copied (store_url too).
 * [out] *out is the caller's, released with http_server_stop().
 * Errors: LD_ERR_INVALID "invalid_listen" for a host that is not an IP
 * literal or a port outside 0…65535; the store's errors; LD_ERR_INTERNAL
 * "listen_failed" when the address cannot be bound.
 */
ld_status http_server_start(const struct http_config *cfg, struct http_server **out,
			    struct ld_err *err);

/* The bound TCP port (the real one when cfg->port was 0). */
int http_server_port(const struct http_server *srv);

/*
 * Waits for the writes in flight, stops accepting, waits for the workers,
 * drains and stops the writer, closes every store handle and frees the
 * server. NULL-safe.
 */
void http_server_stop(struct http_server *srv);

#endif
