/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The server's limits over real loopback sockets (server.c, guard.c):
 *
 *  - request targets: thousands of query parameters, an over-long target
 *    and an over-long query are answered 414 at once, in JSON — not left
 *    hanging while libmicrohttpd runs out of connection memory;
 *  - headers: too many fields or too many bytes are 431, in JSON;
 *  - every kind of answer (JSON, errors, the HTML survey page, the login
 *    with its token, the refusals, the 408) carries Cache-Control:
 *    no-store, X-Content-Type-Options: nosniff and Referrer-Policy:
 *    no-referrer, each once;
 *  - slow clients: many connections from 127.0.0.2 that send a header byte
 *    at a time do not keep /api/v1/health from answering 127.0.0.1 (the
 *    per-address limit), and the ones admitted are answered 408 and closed
 *    at the head deadline although they never stop sending; a body sent a
 *    byte at a time runs into the body deadline the same way; a kept-alive
 *    connection that sends nothing is closed without an answer.
 *
 * Nothing asserts on time: the deadlines are short, and each wait is
 * bounded only so that a regression fails instead of hanging.
 */
#include "http_socket.h"

#include <poll.h>

#include "app/app.h"
#include "http/server.h"
#include "store/store.h"

#define LIM_PASSWORD "correct horse battery"
#define LIM_SLOW 20    /* slow connections from one address */
#define LIM_ROUNDS 400 /* trickle rounds of 50 ms at most: 20 s */

static struct http_server *start_with(struct http_config *cfg)
{
	struct http_server *srv = NULL;
	struct ld_err err;

	cfg->host = "127.0.0.1";
	if (cfg->store_url == NULL)
		cfg->store_url = ":memory:";
	if (cfg->threads == 0)
		cfg->threads = 2;
	if (http_server_start(cfg, &srv, &err) != LD_OK)
		fail_msg("http_server_start: %s %s", err.code, err.message);
	return srv;
}

static struct http_server *start(void)
{
	struct http_config cfg;

	memset(&cfg, 0, sizeof cfg);
	return start_with(&cfg);
}

/* Sends `head`, then GETs nothing more; returns the status of the one answer. */
static int roundtrip(int port, const char *request, char *buf, size_t cap)
{
	return sock_roundtrip("127.0.0.1", port, request, buf, cap);
}

/* "GET /api/v1/health?<n pieces of `piece` joined by '&'> HTTP/1.1" …, heap. */
static char *health_with_query(int n, const char *piece)
{
	size_t cap = 128 + (size_t)n * (strlen(piece) + 1);
	char *req = malloc(cap);
	size_t len;

	assert_non_null(req);
	len = (size_t)snprintf(req, cap, "GET /api/v1/health?");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(req + len, cap - len, "%s%s", i > 0 ? "&" : "", piece);
	snprintf(req + len, cap - len, " HTTP/1.1\r\nHost: x\r\n\r\n");
	return req;
}

/* The three headers of every answer, each exactly once. */
static void assert_common_headers(const char *buf)
{
	assert_true(sock_has_header(buf, "Cache-Control", "no-store"));
	assert_true(sock_has_header(buf, "X-Content-Type-Options", "nosniff"));
	assert_true(sock_has_header(buf, "Referrer-Policy", "no-referrer"));
	assert_non_null(strstr(buf, "Cache-Control"));
	assert_null(strstr(strstr(buf, "Cache-Control") + 1, "Cache-Control"));
	assert_null(strstr(strstr(buf, "X-Content-Type-Options") + 1, "X-Content-Type-Options"));
	assert_null(strstr(strstr(buf, "Referrer-Policy") + 1, "Referrer-Policy"));
}

/* An error answer: its JSON code, and the common headers. */
static void assert_error(const char *buf, const char *code)
{
	char want[80];

	snprintf(want, sizeof want, "{\"error\":{\"code\":\"%s\",\"message\":\"", code);
	if (strstr(sock_body(buf), want) != sock_body(buf))
		fail_msg("expected %s, got:\n%s", want, buf);
	assert_true(sock_has_header(buf, "Content-Type", "application/json"));
	assert_common_headers(buf);
}

/*
 * GET /api/v1/health with `n` query parameters `piece` answers `status`,
 * with the error `code` (NULL: no error) and Connection: close.
 */
static void expect_query(int port, int n, const char *piece, int status, const char *code)
{
	char buf[4096];
	char *req = health_with_query(n, piece);

	assert_int_equal(roundtrip(port, req, buf, sizeof buf), status);
	if (code != NULL) {
		assert_error(buf, code);
		assert_true(sock_has_header(buf, "Connection", "close"));
	}
	free(req);
}

/* ---- request targets ---- */

static void test_limits_query_parameters(void **state)
{
	struct http_server *srv = start();
	int port = http_server_port(srv);
	char buf[4096];

	(void)state;
	/* The attack: 4,000 parameters got no status line at all before. */
	expect_query(port, 4000, "a", 414, "too_many_parameters");
	expect_query(port, 500, "a", 414, "too_many_parameters");
	expect_query(port, 17, "a=1", 414, "too_many_parameters");
	/* Empty pieces are pieces too: libmicrohttpd makes a record of each. */
	expect_query(port, 1000, "", 414, "too_many_parameters");
	/* 16 parameters are fine (health reads none). */
	expect_query(port, 16, "a=1", 200, NULL);
	/* 4,000 parameters of 4 bytes: over the target's bound first. */
	expect_query(port, 4000, "a=12", 414, "uri_too_long");
	/* A long query of few parameters, a long path. */
	{
		char piece[2101];

		memset(piece, 'q', sizeof piece - 1);
		piece[sizeof piece - 1] = '\0';
		expect_query(port, 2, piece, 414, "query_too_long");
	}
	{
		char *path = malloc(12000);

		assert_non_null(path);
		memcpy(path, "GET /api/v1/", 12);
		memset(path + 12, 'x', 9000);
		snprintf(path + 9012, 12000 - 9012, " HTTP/1.1\r\nHost: x\r\n\r\n");
		assert_int_equal(roundtrip(port, path, buf, sizeof buf), 414);
		assert_error(buf, "uri_too_long");
		free(path);
	}
	/* The server is still there, and keeps its keep-alive answers. */
	assert_int_equal(roundtrip(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
					 "Connection: close\r\n\r\n",
				   buf, sizeof buf),
			 200);
	http_server_stop(srv);
}

/* ---- headers ---- */

static void test_limits_headers(void **state)
{
	struct http_server *srv = start();
	int port = http_server_port(srv);
	char buf[4096];
	size_t cap = 64 * 1024, len;
	char *req = malloc(cap);

	(void)state;
	assert_non_null(req);
	/* 200 small fields. */
	len = (size_t)snprintf(req, cap, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
	for (int i = 0; i < 200; i++)
		len += (size_t)snprintf(req + len, cap - len, "X-F%d: v\r\n", i);
	snprintf(req + len, cap - len, "\r\n");
	assert_int_equal(roundtrip(port, req, buf, sizeof buf), 431);
	assert_error(buf, "headers_too_large");
	/* 99 fields and Host: fine. */
	len = (size_t)snprintf(req, cap, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
	for (int i = 0; i < 99; i++)
		len += (size_t)snprintf(req + len, cap - len, "X-F%d: v\r\n", i);
	snprintf(req + len, cap - len, "Connection: close\r\n\r\n");
	assert_int_equal(roundtrip(port, req, buf, sizeof buf), 431); /* 101 with Connection */
	len = (size_t)snprintf(req, cap, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
	for (int i = 0; i < 98; i++)
		len += (size_t)snprintf(req + len, cap - len, "X-F%d: v\r\n", i);
	snprintf(req + len, cap - len, "Connection: close\r\n\r\n");
	assert_int_equal(roundtrip(port, req, buf, sizeof buf), 200);
	/* One field of 20 KiB. */
	len = (size_t)snprintf(req, cap, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(req + len, 'b', 20 * 1024);
	len += 20 * 1024;
	snprintf(req + len, cap - len, "\r\n\r\n");
	assert_int_equal(roundtrip(port, req, buf, sizeof buf), 431);
	assert_error(buf, "headers_too_large");
	free(req);
	http_server_stop(srv);
}

/* ---- the headers of every answer ---- */

struct lim_store {
	char dir[64];   /* mkdtemp() result */
	char path[128]; /* dir + "/desk.db" */
};

/* A store file with one admin account. */
static void store_with_admin(struct lim_store *s)
{
	struct store *st = NULL;
	struct app app;
	struct ld_agent a;
	struct ld_err err;

	snprintf(s->dir, sizeof s->dir, "/tmp/ld_limits_XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->path, sizeof s->path, "%s/desk.db", s->dir);
	if (store_open(s->path, &st, &err) != LD_OK)
		fail_msg("store_open: %s", err.message);
	app_init(&app, st, NULL);
	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "Admin");
	snprintf(a.email, sizeof a.email, "admin@example.com");
	a.role = LD_ROLE_ADMIN;
	a.active = true;
	assert_int_equal(app_user_add(&app, NULL, &a, LIM_PASSWORD, &err), LD_OK);
	app_fini(&app);
	store_close(st);
}

static void store_remove(struct lim_store *s)
{
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", s->path, suffix[i]);
		unlink(p);
	}
	rmdir(s->dir);
}

static void test_limits_headers_on_every_answer(void **state)
{
	struct lim_store st;
	struct http_config cfg;
	struct http_server *srv;
	char buf[8192];
	char req[512];
	int port;
	static const char login[] = "{\"email\":\"admin@example.com\",\"password\":\"" LIM_PASSWORD
				    "\"}";

	(void)state;
	store_with_admin(&st);
	memset(&cfg, 0, sizeof cfg);
	cfg.store_url = st.path;
	cfg.max_body = 1024;
	srv = start_with(&cfg);
	port = http_server_port(srv);

	/* JSON. */
	assert_int_equal(roundtrip(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
					 "Connection: close\r\n\r\n",
				   buf, sizeof buf),
			 200);
	assert_common_headers(buf);
	assert_non_null(strstr(buf, "ETag: \""));
	/* The login, with its token. */
	snprintf(req, sizeof req,
		 "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		 strlen(login), login);
	assert_int_equal(roundtrip(port, req, buf, sizeof buf), 201);
	assert_non_null(strstr(sock_body(buf), "\"token\":\""));
	assert_common_headers(buf);
	/* Errors: the router's, the server's own. */
	assert_int_equal(roundtrip(port, "GET /api/v1/customers HTTP/1.1\r\nHost: x\r\n"
					 "Connection: close\r\n\r\n",
				   buf, sizeof buf),
			 401);
	assert_error(buf, "unauthorized");
	assert_int_equal(roundtrip(port, "GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n"
					 "Connection: close\r\n\r\n",
				   buf, sizeof buf),
			 404);
	assert_error(buf, "not_found");
	assert_int_equal(roundtrip(port, "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\n"
					 "Content-Type: application/json\r\n"
					 "Content-Length: 5000\r\n\r\n",
				   buf, sizeof buf),
			 413);
	assert_error(buf, "payload_too_large");
	/* The survey page: HTML, with its own Content-Security-Policy beside them. */
	assert_int_equal(roundtrip(port, "GET /survey/0000 HTTP/1.1\r\nHost: x\r\n"
					 "Connection: close\r\n\r\n",
				   buf, sizeof buf),
			 404);
	assert_true(sock_has_header(buf, "Content-Type", "text/html; charset=utf-8"));
	assert_non_null(strstr(buf, "\r\nContent-Security-Policy: default-src 'none'"));
	assert_common_headers(buf);
	/* A 304 too. */
	assert_int_equal(roundtrip(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
					 "If-None-Match: *\r\nConnection: close\r\n\r\n",
				   buf, sizeof buf),
			 304);
	assert_common_headers(buf);
	http_server_stop(srv);
	store_remove(&st);
}

/* ---- slow clients ---- */

/*
 * Sends one byte on each open connection, then waits up to 50 ms for
 * answers; an answer or an end marks its connection done. Returns how many
 * are still open.
 */
static int trickle(const int *fds, bool *done, int *statuses, int n)
{
	struct pollfd pfd[LIM_SLOW + 1];
	int open = 0;

	for (int i = 0; i < n; i++) {
		pfd[i].fd = done[i] ? -1 : fds[i];
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
		if (!done[i] && send(fds[i], "a", 1, MSG_NOSIGNAL) != 1)
			done[i] = true;
	}
	(void)poll(pfd, (nfds_t)n, 50);
	for (int i = 0; i < n; i++) {
		if (!done[i] && pfd[i].revents != 0) {
			char buf[2048];

			statuses[i] = sock_read_response(fds[i], buf, sizeof buf);
			if (statuses[i] == 408)
				assert_error(buf, "request_timeout");
			if (statuses[i] == 408)
				assert_true(sock_has_header(buf, "Connection", "close"));
			done[i] = true;
		}
		open += !done[i];
	}
	return open;
}

static void test_limits_slow_clients_from_one_address(void **state)
{
	struct http_config cfg;
	struct http_server *srv;
	int fds[LIM_SLOW], statuses[LIM_SLOW] = {0};
	bool done[LIM_SLOW] = {false};
	char buf[4096];
	int port, refused = 0, timed_out = 0, open = LIM_SLOW;
	static const char slow[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.max_connections = 16;
	cfg.max_per_address = 4;
	cfg.head_timeout_s = 3;
	srv = start_with(&cfg);
	port = http_server_port(srv);

	/* More slow connections from 127.0.0.2 than the server has in all. */
	for (int i = 0; i < LIM_SLOW; i++) {
		fds[i] = sock_connect_from("127.0.0.2", "127.0.0.1", port);
		sock_send_all(fds[i], slow, sizeof slow - 1);
	}
	/* Another client still gets its answer. */
	assert_int_equal(roundtrip(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
					 "Connection: close\r\n\r\n",
				   buf, sizeof buf),
			 200);
	assert_non_null(strstr(buf, "\"status\":\"ok\""));

	/* The slow ones never stop sending; each is refused at once (closed
	 * unanswered: over its address's share) or answered 408 at the head
	 * deadline. */
	for (int round = 0; round < LIM_ROUNDS && open > 0; round++)
		open = trickle(fds, done, statuses, LIM_SLOW);
	assert_int_equal(open, 0);
	for (int i = 0; i < LIM_SLOW; i++) {
		refused += statuses[i] == 0;
		timed_out += statuses[i] == 408;
		close(fds[i]);
	}
	assert_int_equal(refused + timed_out, LIM_SLOW);
	assert_true(refused >= 1);
	assert_true(timed_out >= 1);
	/* The address gets its connections back. */
	assert_int_equal(sock_roundtrip("127.0.0.1", port,
				       "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
				       "Connection: close\r\n\r\n",
				       buf, sizeof buf),
			 200);
	{
		int fd = sock_connect_from("127.0.0.2", "127.0.0.1", port);
		static const char get[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
					  "Connection: close\r\n\r\n";

		sock_send_all(fd, get, sizeof get - 1);
		assert_int_equal(sock_read_response(fd, buf, sizeof buf), 200);
		close(fd);
	}
	http_server_stop(srv);
}

static void test_limits_slow_body(void **state)
{
	struct http_config cfg;
	struct http_server *srv;
	int fd[1], statuses[1] = {0};
	bool done[1] = {false};
	int open = 1;
	static const char head[] = "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\n"
				   "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.body_timeout_s = 1;
	cfg.body_min_rate = 1024 * 1024 * 1024; /* the floor is the whole deadline */
	srv = start_with(&cfg);
	fd[0] = sock_connect("127.0.0.1", http_server_port(srv));
	sock_send_all(fd[0], head, sizeof head - 1);
	for (int round = 0; round < LIM_ROUNDS && open > 0; round++)
		open = trickle(fd, done, statuses, 1);
	assert_int_equal(statuses[0], 408);
	close(fd[0]);
	http_server_stop(srv);
}

static void test_limits_idle_keep_alive_is_closed(void **state)
{
	struct http_config cfg;
	struct http_server *srv;
	char buf[4096];
	int fd;
	static const char get[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.head_timeout_s = 1;
	srv = start_with(&cfg);
	fd = sock_connect("127.0.0.1", http_server_port(srv));
	sock_send_all(fd, get, sizeof get - 1);
	assert_int_equal(sock_read_response(fd, buf, sizeof buf), 200);
	/* Nothing more is sent: the connection ends without a 408 (the client
	 * could not tell it from the answer to a request it sends meanwhile). */
	assert_int_equal(recv(fd, buf, sizeof buf, 0), 0);
	close(fd);
	http_server_stop(srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits_query_parameters),
		cmocka_unit_test(test_limits_headers),
		cmocka_unit_test(test_limits_headers_on_every_answer),
		cmocka_unit_test(test_limits_slow_clients_from_one_address),
		cmocka_unit_test(test_limits_slow_body),
		cmocka_unit_test(test_limits_idle_keep_alive_is_closed),
	};

	return cmocka_run_group_tests_name("http_limits", tests, NULL, NULL);
}
