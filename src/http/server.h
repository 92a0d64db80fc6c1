/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The HTTP server: libmicrohttpd listening on one address, a pool of worker
 * threads, each with its own store handle and app context, feeding requests
 * to http_dispatch() (router.h), and one group-commit writer thread
 * (writer.h) that runs the hot writes of all workers, many to a transaction.
 *
 * Limits (docs/operations.md, "Limits"): request bodies up to `max_body`
 * bytes (a larger Content-Length is answered 413 before the body is read);
 * `max_connections` open connections, of them `max_per_address` from one
 * IPv4 address or IPv6 /64 (guard.h); a request head must arrive within
 * `head_timeout_s`, a body within `body_timeout_s` + its length /
 * `body_min_rate` (else 408); a request target of at most HTTP_TARGET_MAX
 * bytes with at most HTTP_QUERY_PARAMS_MAX query parameters (else 414);
 * at most HTTP_HEADER_FIELDS_MAX header fields of HTTP_HEADER_BYTES_MAX
 * bytes in all (else 431); an idle connection is closed after
 * HTTP_CONNECTION_TIMEOUT_S even while its answer is being sent.
 */
#ifndef LD_HTTP_SERVER_H
#define LD_HTTP_SERVER_H

#include <stddef.h>

#include "app/app.h"
#include "util/status.h"

#define HTTP_MAX_BODY_DEFAULT (1024 * 1024) /* bytes */
#define HTTP_THREADS_DEFAULT 2
#define HTTP_CONNECTIONS_DEFAULT 1024       /* open connections in all */
#define HTTP_PER_ADDRESS_DEFAULT 256        /* of them from one address: a quarter */
#define HTTP_HEAD_TIMEOUT_DEFAULT_S 10      /* request line and headers */
#define HTTP_BODY_TIMEOUT_DEFAULT_S 10      /* a body's deadline before its length counts */
#define HTTP_BODY_MIN_RATE_DEFAULT (64 * 1024) /* bytes per second a body may be slow to */
#define HTTP_CONNECTION_TIMEOUT_S 30        /* idle: no byte either way */
#define HTTP_TARGET_MAX 8192                /* request target (path and query), bytes */
#define HTTP_HEADER_FIELDS_MAX 100          /* request header fields */
#define HTTP_HEADER_BYTES_MAX 16384         /* their names and values in all, bytes */
/*
 * libmicrohttpd's memory per connection: the request line, the headers and
 * a record per header field and query parameter (56 bytes each) must fit
 * into it, or libmicrohttpd answers 414 or 431 itself (with its own HTML
 * body). A request at every bound above takes under 32 KiB, so the bounds
 * are met, and answered in JSON, well before that. Untouched pages of it
 * cost nothing (libmicrohttpd maps pools over 32 KiB).
 */
#define HTTP_CONNECTION_MEMORY (64 * 1024)

struct http_config {
	const char *host;        /* IPv4 or IPv6 literal to bind; NULL or "" = "127.0.0.1" */
	int port;                /* TCP port; 0 = an ephemeral one (see http_server_port) */
	const char *store_url;   /* what app_open() gets; every worker and the writer open
				    their own handle (":memory:": no writer, see server.c) */
	size_t max_body;         /* request body limit in bytes; 0 = HTTP_MAX_BODY_DEFAULT */
	int threads;             /* worker threads; 0 = HTTP_THREADS_DEFAULT */
	int max_connections;     /* open connections in all; 0 = HTTP_CONNECTIONS_DEFAULT */
	int max_per_address;     /* of them from one IPv4 address or IPv6 /64;
				    0 = HTTP_PER_ADDRESS_DEFAULT, < 0 = no limit */
	int head_timeout_s;      /* request head deadline; 0 = HTTP_HEAD_TIMEOUT_DEFAULT_S */
	int body_timeout_s;      /* body deadline floor; 0 = HTTP_BODY_TIMEOUT_DEFAULT_S */
	size_t body_min_rate;    /* bytes/s a body's deadline allows; 0 = HTTP_BODY_MIN_RATE_DEFAULT */
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
