/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The connection guard (guard.c) on its own: per-address counts (an IPv4
 * address, an IPv6 /64, IPv4-mapped IPv6 counted as IPv4; given back on
 * close; no limit when off), the body deadline's formula, and the deadline
 * thread on real sockets — a request that ran out of time after the client
 * sent something gets the refusal and the end of the stream; one on which
 * the client sent nothing gets only the end; a request taken for answering
 * is not refused, and one refused cannot be answered.
 *
 * The socket tests wait up to 10 s for what a deadline of 100 ms does:
 * only so that a regression fails instead of hanging.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/guard.h"

#define REFUSAL "HTTP/1.1 408 test\r\n\r\n"

static size_t refusal(void *arg, char *buf, size_t cap)
{
	(void)arg;
	assert_true(cap > sizeof REFUSAL);
	memcpy(buf, REFUSAL, sizeof REFUSAL - 1);
	return sizeof REFUSAL - 1;
}

static struct http_guard *start(int per_address, int64_t head_ms)
{
	struct http_guard_config cfg;
	struct http_guard *g = NULL;
	struct ld_err err;

	memset(&cfg, 0, sizeof cfg);
	cfg.max_connections = 64;
	cfg.per_address = per_address;
	cfg.head_timeout_ms = head_ms;
	cfg.body_timeout_ms = head_ms;
	cfg.body_min_rate = 1000;
	cfg.refusal = refusal;
	assert_int_equal(http_guard_start(&cfg, &g, &err), LD_OK);
	return g;
}

/* An IPv4 or IPv6 literal as a socket address. */
static struct sockaddr_storage addr(const char *text)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
	} else {
		assert_int_equal(inet_pton(AF_INET6, text, &a6->sin6_addr), 1);
		a6->sin6_family = AF_INET6;
	}
	return ss;
}

#define SA(a) ((const struct sockaddr *)&(a)), ((socklen_t)sizeof(a))

static void test_guard_counts_per_address(void **state)
{
	struct http_guard *g = start(2, 10000);
	struct sockaddr_storage a = addr("192.0.2.1"), b = addr("192.0.2.2");
	struct sockaddr_storage mapped = addr("::ffff:192.0.2.1");
	struct sockaddr_storage p1 = addr("2001:db8:1:2::1"), p2 = addr("2001:db8:1:2:ffff:1:2:3");
	struct sockaddr_storage other = addr("2001:db8:1:3::1");
	struct http_guard_conn *c1, *c2;

	(void)state;
	/* Two from an IPv4 address; its IPv6-mapped form is the same address. */
	assert_true(http_guard_admit(g, SA(a)));
	c1 = http_guard_open(g, -1, SA(a));
	assert_true(http_guard_admit(g, SA(mapped)));
	c2 = http_guard_open(g, -1, SA(mapped));
	assert_false(http_guard_admit(g, SA(a)));
	assert_false(http_guard_admit(g, SA(mapped)));
	assert_true(http_guard_admit(g, SA(b)));
	/* A closed connection gives its place back. */
	http_guard_close(g, c1);
	assert_true(http_guard_admit(g, SA(a)));
	c1 = http_guard_open(g, -1, SA(a));
	assert_false(http_guard_admit(g, SA(a)));
	http_guard_close(g, c1);
	http_guard_close(g, c2);

	/* IPv6: one /64 is one client, whatever its last 64 bits. */
	assert_true(http_guard_admit(g, SA(p1)));
	c1 = http_guard_open(g, -1, SA(p1));
	assert_true(http_guard_admit(g, SA(p2)));
	c2 = http_guard_open(g, -1, SA(p2));
	assert_false(http_guard_admit(g, SA(p1)));
	assert_false(http_guard_admit(g, SA(p2)));
	assert_true(http_guard_admit(g, SA(other)));
	http_guard_close(g, c1);
	http_guard_close(g, c2);
	http_guard_close(g, NULL);
	http_guard_stop(g);
	http_guard_stop(NULL);
}

static void test_guard_no_limit(void **state)
{
	struct http_guard *g = start(-1, 10000);
	struct sockaddr_storage a = addr("192.0.2.1");
	struct http_guard_conn *c[10];

	(void)state;
	for (int i = 0; i < 10; i++) {
		assert_true(http_guard_admit(g, SA(a)));
		c[i] = http_guard_open(g, -1, SA(a));
	}
	for (int i = 0; i < 10; i++)
		http_guard_close(g, c[i]);
	http_guard_stop(g);
}

static void test_guard_body_deadline(void **state)
{
	struct http_guard_config cfg;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.body_timeout_ms = 10000;
	cfg.body_min_rate = 64 * 1024;
	assert_int_equal(http_guard_body_ms(&cfg, 0), 10000);
	assert_int_equal(http_guard_body_ms(&cfg, 1024 * 1024), 10000 + 16000);
	assert_int_equal(http_guard_body_ms(&cfg, 32 * 1024), 10000 + 500);
	/* Absurd lengths stop at a day. */
	assert_int_equal(http_guard_body_ms(&cfg, UINT64_MAX), 86400 * 1000LL);
	cfg.body_min_rate = UINT64_MAX;
	assert_int_equal(http_guard_body_ms(&cfg, UINT64_MAX - 1), 10000 + 1000);
}

/* A connected loopback TCP pair: [0] the server's side, [1] the client's. */
static void tcp_pair(int fds[2])
{
	struct sockaddr_storage a = addr("127.0.0.1");
	socklen_t len = sizeof(struct sockaddr_in);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(l >= 0);
	assert_int_equal(bind(l, (struct sockaddr *)&a, len), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&a, &len), 0);
	fds[1] = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(fds[1], (struct sockaddr *)&a, len), 0);
	fds[0] = accept(l, NULL, NULL);
	assert_true(fds[0] >= 0);
	close(l);
}

/* What the client reads until the end of the stream (bounded wait). */
static size_t read_to_end(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	struct pollfd p = {fd, POLLIN, 0};

	while (len + 1 < cap && poll(&p, 1, 10000) == 1) {
		ssize_t n = recv(fd, buf + len, cap - 1 - len, 0);

		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return len;
}

/* A connection watched by a guard with 100 ms deadlines. */
struct watched {
	struct http_guard *g;     /* the guard, owned */
	struct http_guard_conn *c; /* the watched connection */
	int fds[2];               /* [0] the server's side, [1] the client's */
};

static void watch_open(struct watched *w, struct http_guard *g)
{
	struct sockaddr_storage a = addr("127.0.0.1");

	w->g = g != NULL ? g : start(-1, 100);
	tcp_pair(w->fds);
	w->c = http_guard_open(w->g, w->fds[0], SA(a));
}

static void watch_close(struct watched *w, bool stop)
{
	http_guard_close(w->g, w->c);
	close(w->fds[0]);
	close(w->fds[1]);
	if (stop)
		http_guard_stop(w->g);
}

static void test_guard_refuses_a_slow_head(void **state)
{
	struct watched w;
	char buf[256];

	(void)state;
	watch_open(&w, NULL);
	assert_int_equal(send(w.fds[1], "GET / HTTP/1.1\r\nX-Slow: a", 25, 0), 25);
	assert_int_equal(read_to_end(w.fds[1], buf, sizeof buf), sizeof REFUSAL - 1);
	assert_string_equal(buf, REFUSAL);
	assert_false(http_guard_live(w.c));
	assert_false(http_guard_answer(w.c));
	assert_false(http_guard_body(w.g, w.c, 10));
	watch_close(&w, true);
}

static void test_guard_closes_an_idle_connection_unanswered(void **state)
{
	struct watched w;
	char buf[256];

	(void)state;
	watch_open(&w, NULL);
	assert_int_equal(read_to_end(w.fds[1], buf, sizeof buf), 0);
	assert_false(http_guard_live(w.c));
	watch_close(&w, true);
}

static void test_guard_answering_stops_the_clock(void **state)
{
	struct watched w, probe;
	char buf[256];

	(void)state;
	watch_open(&w, NULL);
	assert_true(http_guard_body(w.g, w.c, 0));
	assert_true(http_guard_answer(w.c));
	assert_true(http_guard_answer(w.c));
	/* A second connection opened after it runs out of time: once it has,
	 * the first — answering, so without a deadline — must still be live. */
	watch_open(&probe, w.g);
	assert_int_equal(read_to_end(probe.fds[1], buf, sizeof buf), 0);
	assert_true(http_guard_live(w.c));
	/* Answered: the next head clock runs, and the idle client is shut. */
	http_guard_next(w.g, w.c);
	assert_int_equal(read_to_end(w.fds[1], buf, sizeof buf), 0);
	assert_false(http_guard_live(w.c));
	watch_close(&probe, false);
	watch_close(&w, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard_counts_per_address),
		cmocka_unit_test(test_guard_no_limit),
		cmocka_unit_test(test_guard_body_deadline),
		cmocka_unit_test(test_guard_refuses_a_slow_head),
		cmocka_unit_test(test_guard_closes_an_idle_connection_unanswered),
		cmocka_unit_test(test_guard_answering_stops_the_clock),
	};

	return cmocka_run_group_tests_name("http_guard", tests, NULL, NULL);
}
