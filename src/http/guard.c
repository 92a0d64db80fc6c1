/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The connection guard (guard.h): per-address connection counts and the
 * deadlines of request heads and bodies.
 *
 * Owns: the address table, the list of watched connections and the thread
 * that watches them. Must not read or parse HTTP: it only knows in which
 * phase a request is (head, body, answer) and when that phase runs out.
 *
 * Phases. Each connection's phase is one atomic word, moved by compare and
 * swap: HEAD → BODY → ANSWER → HEAD … by libmicrohttpd's threads (through
 * server.c), HEAD or BODY → EXPIRED by the watcher. Whichever moves it first
 * owns the request: once the watcher has refused it, the request callback
 * sees EXPIRED and closes; once the callback took it to ANSWER, the watcher
 * leaves it alone. So the watcher's 408 and libmicrohttpd's answer are never
 * written on one socket. A deadline is stored before the phase it belongs
 * to, and read after it, so the watcher never pairs a new phase with the
 * deadline of an old one.
 *
 * The socket. libmicrohttpd closes a connection's socket only after its
 * "closed" notification (http_guard_close), which takes the guard's lock;
 * the watcher uses a socket only under that lock, so it never writes on a
 * socket number that was closed and handed to another connection.
 *
 * Idle or not. A request that runs out of time in its head is answered 408
 * only if the client has sent something since the head clock started:
 * the kernel's count of bytes received on the socket (TCP_INFO) is noted
 * when the clock starts and compared when it runs out. Without that count
 * (not TCP), the client is taken to have sent something.
 *
 * Waking. The watcher sleeps until the earliest deadline it knows of, or at
 * most `tick` (the shortest timeout, at most a second): a deadline set
 * while it sleeps lies at least that far ahead, so none is missed.
 */
#include "http/guard.h"

#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/xmalloc.h"

#define GUARD_KEY_LEN 16
#define GUARD_TICK_MAX_MS 1000
#define GUARD_REFUSAL_MAX 1024 /* longest 408 answer, bytes */
#define GUARD_BODY_MS_MAX ((int64_t)86400 * 1000) /* a day: the longest body deadline */

enum guard_phase {
	GUARD_HEAD,     /* waiting for the request head */
	GUARD_BODY,     /* head in, body arriving */
	GUARD_ANSWER,   /* request complete: being answered (or waiting for the writer) */
	GUARD_EXPIRED,  /* ran out of time: refused, the connection is being shut */
};

/* Connections of one address. */
struct guard_addr {
	uint8_t key[GUARD_KEY_LEN];  /* see address_key() */
	int count;                   /* connections open or admitted */
	struct guard_addr *next;     /* bucket chain */
};

struct http_guard_conn {
	int fd;                          /* the socket; libmicrohttpd's */
	uint8_t key[GUARD_KEY_LEN];      /* address key */
	bool counted;                    /* holds one of its address's connections */
	atomic_int phase;                /* enum guard_phase */
	_Atomic int64_t deadline_ms;     /* when HEAD or BODY runs out (monotonic) */
	_Atomic uint64_t mark;           /* bytes received when the head clock started */
	int64_t linger_until_ms;         /* EXPIRED: when to shut the reading side (lock) */
	bool read_shut;                  /* reading side shut (lock) */
	struct http_guard_conn *prev;    /* watch list (lock) */
	struct http_guard_conn *next;    /* watch list (lock) */
};

struct http_guard {
	struct http_guard_config cfg;    /* copy; refusal_arg borrowed */
	int64_t tick_ms;                 /* longest sleep of the watcher */
	pthread_mutex_t lock;            /* guards everything below */
	pthread_cond_t wake;             /* stop requested */
	pthread_t thread;                /* the watcher */
	bool stopping;                   /* the watcher is to end */
	struct http_guard_conn *conns;   /* watched connections */
	struct guard_addr **buckets;     /* address table, owned */
	size_t bucket_mask;              /* buckets - 1 (a power of two) */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t http_guard_body_ms(const struct http_guard_config *cfg, uint64_t body_len)
{
	uint64_t rate = cfg->body_min_rate > 0 ? cfg->body_min_rate : 1;
	uint64_t whole = body_len / rate, rest = body_len % rate;
	uint64_t ms;

	if (whole >= GUARD_BODY_MS_MAX / 1000)
		return GUARD_BODY_MS_MAX;
	ms = whole * 1000 + (rate <= UINT64_MAX / 1000 ? rest * 1000 / rate : rest / (rate / 1000));
	ms += (uint64_t)cfg->body_timeout_ms;
	return ms < GUARD_BODY_MS_MAX ? (int64_t)ms : GUARD_BODY_MS_MAX;
}

/* ---- addresses ---- */

/*
 * The key an address is counted under: an IPv4 address as its IPv4-mapped
 * IPv6 form (::ffff:a.b.c.d), so the two spellings of one address meet; an
 * IPv6 address by its /64 prefix, the rest zero. False for other families.
 */
static bool address_key(const struct sockaddr *addr, socklen_t addr_len,
			uint8_t key[GUARD_KEY_LEN])
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	memset(key, 0, GUARD_KEY_LEN);
	if (addr == NULL)
		return false;
	if (addr->sa_family == AF_INET && addr_len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)addr;

		memcpy(key, mapped, sizeof mapped);
		memcpy(key + sizeof mapped, &a->sin_addr, 4);
		return true;
	}
	if (addr->sa_family == AF_INET6 && addr_len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)addr;

		if (memcmp(a->sin6_addr.s6_addr, mapped, sizeof mapped) == 0)
			memcpy(key, a->sin6_addr.s6_addr, GUARD_KEY_LEN);
		else
			memcpy(key, a->sin6_addr.s6_addr, 8);
		return true;
	}
	return false;
}

/* FNV-1a. Chains are bounded by the connection limit, so no seed is needed. */
static size_t address_bucket(const struct http_guard *g, const uint8_t key[GUARD_KEY_LEN])
{
	uint64_t h = 14695981039346656037ULL;

	for (int i = 0; i < GUARD_KEY_LEN; i++) {
		h ^= key[i];
		h *= 1099511628211ULL;
	}
	return (size_t)h & g->bucket_mask;
}

/* The entry of `key` (lock held); NULL when it has none and `create` is false. */
static struct guard_addr *address_find(struct http_guard *g, const uint8_t key[GUARD_KEY_LEN],
				       bool create)
{
	size_t b = address_bucket(g, key);
	struct guard_addr *a;

	for (a = g->buckets[b]; a != NULL; a = a->next)
		if (memcmp(a->key, key, GUARD_KEY_LEN) == 0)
			return a;
	if (!create)
		return NULL;
	a = xcalloc(1, sizeof *a);
	memcpy(a->key, key, GUARD_KEY_LEN);
	a->next = g->buckets[b];
	g->buckets[b] = a;
	return a;
}

/* Gives one connection of `key` back (lock held); drops the entry at zero. */
static void address_release(struct http_guard *g, const uint8_t key[GUARD_KEY_LEN])
{
	struct guard_addr **p = &g->buckets[address_bucket(g, key)];

	for (; *p != NULL; p = &(*p)->next) {
		struct guard_addr *a = *p;

		if (memcmp(a->key, key, GUARD_KEY_LEN) != 0)
			continue;
		if (--a->count <= 0) {
			*p = a->next;
			free(a);
		}
		return;
	}
}

bool http_guard_admit(struct http_guard *g, const struct sockaddr *addr, socklen_t addr_len)
{
	uint8_t key[GUARD_KEY_LEN];
	struct guard_addr *a;
	bool ok = true;

	if (g->cfg.per_address < 0 || !address_key(addr, addr_len, key))
		return true;
	pthread_mutex_lock(&g->lock);
	a = address_find(g, key, false);
	if (a != NULL && a->count >= g->cfg.per_address)
		ok = false;
	else
		address_find(g, key, true)->count++;
	pthread_mutex_unlock(&g->lock);
	return ok;
}

/* ---- the watcher ---- */

/* Bytes the kernel has received on `fd`; false when it does not say (not TCP). */
static bool bytes_received(int fd, uint64_t *out)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;

	memset(&ti, 0, sizeof ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0 ||
	    len < (socklen_t)(offsetof(struct tcp_info, tcpi_bytes_received) +
			      sizeof ti.tcpi_bytes_received))
		return false;
	*out = ti.tcpi_bytes_received;
	return true;
}

/* Whether the client sent anything since the head clock started. */
static bool peer_sent(const struct http_guard_conn *c)
{
	uint64_t n;

	if (!bytes_received(c->fd, &n))
		return true;
	return n > atomic_load_explicit(&c->mark, memory_order_acquire);
}

/* Refuses a request that ran out of time in phase `was` (lock held). */
static void expire(struct http_guard *g, struct http_guard_conn *c, int was, int64_t now)
{
	if (was == GUARD_BODY || peer_sent(c)) {
		char answer[GUARD_REFUSAL_MAX];
		size_t len = g->cfg.refusal(g->cfg.refusal_arg, answer, sizeof answer);

		/* The socket is non-blocking and nothing else is written on it: the
		 * few hundred bytes go into an empty send buffer whole. */
		if (len > 0)
			(void)send(c->fd, answer, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		(void)shutdown(c->fd, SHUT_WR);
		c->linger_until_ms = now + HTTP_GUARD_LINGER_MS;
	} else {
		(void)shutdown(c->fd, SHUT_RDWR);
		c->read_shut = true;
	}
}

/* One pass over the watched connections (lock held); returns when to look again. */
static int64_t sweep(struct http_guard *g, int64_t now)
{
	int64_t next = now + g->tick_ms;

	for (struct http_guard_conn *c = g->conns; c != NULL; c = c->next) {
		int phase = atomic_load_explicit(&c->phase, memory_order_acquire);

		if (phase == GUARD_HEAD || phase == GUARD_BODY) {
			int64_t due = atomic_load_explicit(&c->deadline_ms, memory_order_acquire);

			if (due > now) {
				if (due < next)
					next = due;
			} else if (atomic_compare_exchange_strong(&c->phase, &phase, GUARD_EXPIRED)) {
				expire(g, c, phase, now);
				if (!c->read_shut && c->linger_until_ms < next)
					next = c->linger_until_ms;
			}
		} else if (phase == GUARD_EXPIRED && !c->read_shut) {
			if (c->linger_until_ms <= now) {
				(void)shutdown(c->fd, SHUT_RD);
				c->read_shut = true;
			} else if (c->linger_until_ms < next) {
				next = c->linger_until_ms;
			}
		}
	}
	return next;
}

static void *watch(void *arg)
{
	struct http_guard *g = arg;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		int64_t until = sweep(g, now_ms());
		struct timespec ts = {(time_t)(until / 1000), (long)(until % 1000) * 1000000L};

		pthread_cond_timedwait(&g->wake, &g->lock, &ts);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

/* ---- connections ---- */

struct http_guard_conn *http_guard_open(struct http_guard *g, int fd, const struct sockaddr *addr,
					socklen_t addr_len)
{
	struct http_guard_conn *c = xcalloc(1, sizeof *c);

	c->fd = fd;
	c->counted = g->cfg.per_address >= 0 && address_key(addr, addr_len, c->key);
	atomic_init(&c->deadline_ms, now_ms() + g->cfg.head_timeout_ms);
	atomic_init(&c->mark, 0);
	atomic_init(&c->phase, GUARD_HEAD);
	pthread_mutex_lock(&g->lock);
	c->next = g->conns;
	if (g->conns != NULL)
		g->conns->prev = c;
	g->conns = c;
	pthread_mutex_unlock(&g->lock);
	return c;
}

void http_guard_close(struct http_guard *g, struct http_guard_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		g->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	if (c->counted)
		address_release(g, c->key);
	pthread_mutex_unlock(&g->lock);
	free(c);
}

bool http_guard_body(struct http_guard *g, struct http_guard_conn *c, uint64_t body_len)
{
	int phase = GUARD_HEAD;

	atomic_store_explicit(&c->deadline_ms, now_ms() + http_guard_body_ms(&g->cfg, body_len),
			      memory_order_release);
	if (atomic_compare_exchange_strong(&c->phase, &phase, GUARD_BODY))
		return true;
	return phase != GUARD_EXPIRED;
}

bool http_guard_answer(struct http_guard_conn *c)
{
	int phase = atomic_load_explicit(&c->phase, memory_order_acquire);

	while (phase != GUARD_EXPIRED) {
		if (phase == GUARD_ANSWER ||
		    atomic_compare_exchange_weak(&c->phase, &phase, GUARD_ANSWER))
			return true;
	}
	return false;
}

bool http_guard_live(const struct http_guard_conn *c)
{
	return atomic_load_explicit(&c->phase, memory_order_acquire) != GUARD_EXPIRED;
}

void http_guard_next(struct http_guard *g, struct http_guard_conn *c)
{
	int phase = GUARD_ANSWER;
	uint64_t n;

	if (atomic_load_explicit(&c->phase, memory_order_acquire) != GUARD_ANSWER)
		return;
	/* Bytes of a pipelined request that came in already count as before
	 * the clock: at worst such a request is shut without a 408. */
	if (bytes_received(c->fd, &n))
		atomic_store_explicit(&c->mark, n, memory_order_release);
	atomic_store_explicit(&c->deadline_ms, now_ms() + g->cfg.head_timeout_ms,
			      memory_order_release);
	atomic_compare_exchange_strong(&c->phase, &phase, GUARD_HEAD);
}

/* ---- start and stop ---- */

ld_status http_guard_start(const struct http_guard_config *cfg, struct http_guard **out,
			   struct ld_err *err)
{
	struct http_guard *g = xcalloc(1, sizeof *g);
	pthread_condattr_t attr;
	size_t buckets = 64;
	int rc;

	*out = NULL;
	g->cfg = *cfg;
	g->tick_ms = GUARD_TICK_MAX_MS;
	if (cfg->head_timeout_ms < g->tick_ms)
		g->tick_ms = cfg->head_timeout_ms;
	if (cfg->body_timeout_ms < g->tick_ms)
		g->tick_ms = cfg->body_timeout_ms;
	if (g->tick_ms < 1)
		g->tick_ms = 1;
	while (buckets < (size_t)(cfg->max_connections > 0 ? cfg->max_connections : 1))
		buckets *= 2;
	g->buckets = xcalloc(buckets, sizeof *g->buckets);
	g->bucket_mask = buckets - 1;
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &attr);
	pthread_condattr_destroy(&attr);
	if ((rc = pthread_create(&g->thread, NULL, watch, g)) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g->buckets);
		free(g);
		return ld_fail(err, LD_ERR_INTERNAL, "thread_failed", NULL,
			       "cannot start the connection guard: %s", strerror(rc));
	}
	*out = g;
	return LD_OK;
}

void http_guard_stop(struct http_guard *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	for (size_t b = 0; b <= g->bucket_mask; b++) {
		struct guard_addr *a, *next;

		for (a = g->buckets[b]; a != NULL; a = next) {
			next = a->next;
			free(a);
		}
	}
	free(g->buckets);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
