/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The connection guard: how many connections one client address may hold,
 * and how long a client may take to send a request.
 *
 * libmicrohttpd's own idle timeout restarts with every byte, so a client
 * that sends one header byte a second holds its connection for ever, and
 * 1,024 such clients hold them all. The guard gives each request two
 * deadlines that no trickle moves: the head must be complete within
 * head_timeout of the moment the connection opened (or the previous answer
 * was sent, on a kept-alive connection), and the body within
 * body_timeout + length / body_min_rate of the end of the head. It also
 * counts connections per address, so that one client cannot take every
 * slot: an IPv4 address, or an IPv6 /64 (one host's share of the address
 * space, inside which a client picks new addresses at will; an IPv4-mapped
 * IPv6 address counts as its IPv4 address).
 *
 * server.c calls in from libmicrohttpd's callbacks: admit (accept policy),
 * open and close (connection notifications), body / answer / next (request
 * callbacks). One thread of the guard's own watches the deadlines. When a
 * request runs out of time and the client has sent part of it, the guard
 * writes a 408 answer (rendered by the server) on the socket itself (libmicrohttpd is
 * only reading then: nothing else writes) and shuts the sending side; a
 * second later it shuts the receiving side, so that libmicrohttpd sees the
 * end of the stream and closes the connection even if the client goes on
 * sending (closing at once would reset the connection and could destroy
 * the 408 before the client read it). A connection on which the client
 * sent nothing in that time (an idle keep-alive, a pre-opened socket) is
 * shut without an answer, so a client never reads a 408 meant for a request
 * it had not yet sent. Answers being written, and connections waiting for
 * the writer, have no deadline here (libmicrohttpd's idle timeout covers a
 * client that stops reading).
 *
 * Does not include microhttpd.h: it works on sockets and addresses, so it
 * is tested on its own (tests/http/test_http_guard.c).
 */
#ifndef LD_HTTP_GUARD_H
#define LD_HTTP_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/status.h"

/* How long a connection that was answered 408 may go on sending before its reading side is shut. */
#define HTTP_GUARD_LINGER_MS 1000

struct http_guard_config {
	int max_connections;    /* open connections in all; sizes the address table */
	int per_address;        /* connections from one address (IPv6: one /64); < 0 = no limit */
	int64_t head_timeout_ms; /* the head must arrive within this, > 0 */
	int64_t body_timeout_ms; /* the body's deadline before its length is counted, > 0 */
	uint64_t body_min_rate; /* bytes per second a body is allowed, > 0 */
	/* Writes the whole 408 answer, as bytes on the wire, into buf[0..cap) and
	 * returns its length (0: send none). Called on the guard's thread. */
	size_t (*refusal)(void *arg, char *buf, size_t cap);
	void *refusal_arg;      /* its argument; borrowed until http_guard_stop() */
};

struct http_guard;
struct http_guard_conn;

/*
 * Starts the guard and its deadline thread. `cfg` is copied (refusal_arg
 * stays borrowed). [out] *out is the caller's, released with
 * http_guard_stop(). LD_ERR_INTERNAL when the thread cannot start.
 */
ld_status http_guard_start(const struct http_guard_config *cfg, struct http_guard **out,
			   struct ld_err *err);

/*
 * Stops the thread and frees the guard. Every connection must have been
 * closed (http_guard_close) before. NULL-safe.
 */
void http_guard_stop(struct http_guard *g);

/*
 * Whether a new connection from `addr` may open: reserves one of the
 * address's connections when it may (http_guard_close gives it back).
 * Thread-safe. Addresses that are neither IPv4 nor IPv6 are not counted.
 * libmicrohttpd opens every connection its accept policy admitted, except
 * when it cannot allocate one; such a reservation stays taken (the server
 * is out of memory then anyway).
 */
bool http_guard_admit(struct http_guard *g, const struct sockaddr *addr, socklen_t addr_len);

/*
 * Starts watching an admitted connection: socket `fd`, peer `addr` (the one
 * given to http_guard_admit). Its head clock starts now. Returns its record,
 * owned by the guard until http_guard_close(). Thread-safe.
 */
struct http_guard_conn *http_guard_open(struct http_guard *g, int fd, const struct sockaddr *addr,
					socklen_t addr_len);

/*
 * The connection is closing (before its socket is closed): stops watching
 * it, gives its address's connection back and frees `c`. NULL-safe;
 * thread-safe.
 */
void http_guard_close(struct http_guard *g, struct http_guard_conn *c);

/*
 * The head has arrived and a body of `body_len` bytes will follow: starts
 * the body clock. False when the request has already run out of time (the
 * caller closes the connection).
 */
bool http_guard_body(struct http_guard *g, struct http_guard_conn *c, uint64_t body_len);

/*
 * The request is complete and about to be answered: no deadline until
 * http_guard_next(). False when it had already run out of time (the 408 is
 * on its way; the caller must not answer, and closes the connection).
 */
bool http_guard_answer(struct http_guard_conn *c);

/* Whether the request still has time (false once it was refused). */
bool http_guard_live(const struct http_guard_conn *c);

/* The answer is sent: the next request's head clock starts now. */
void http_guard_next(struct http_guard *g, struct http_guard_conn *c);

/*
 * The body deadline in milliseconds for `body_len` bytes:
 * body_timeout_ms + body_len * 1000 / body_min_rate, at most a day.
 */
int64_t http_guard_body_ms(const struct http_guard_config *cfg, uint64_t body_len);

#endif
