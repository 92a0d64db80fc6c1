/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The libmicrohttpd glue (server.c) over real loopback sockets: binding to
 * an ephemeral port on IPv4 and IPv6, keep-alive, per-thread store handles,
 * the body limit (413 before the body is read, and for a chunked body that
 * grows too large), the media-type check, and stopping and starting again. Every worker opens its own
 * ":memory:" store here, so only routes without data are used.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "http/server.h"

/* Connects to host:port (IPv4 or IPv6 literal) with a 10 s I/O timeout. */
static int connect_to(const char *host, int port)
{
	struct sockaddr_in sa4;
	struct sockaddr_in6 sa6;
	struct timeval tv = {10, 0};
	int fd;

	memset(&sa4, 0, sizeof sa4);
	memset(&sa6, 0, sizeof sa6);
	if (inet_pton(AF_INET, host, &sa4.sin_addr) == 1) {
		sa4.sin_family = AF_INET;
		sa4.sin_port = htons((uint16_t)port);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fd >= 0);
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		assert_int_equal(connect(fd, (struct sockaddr *)&sa4, sizeof sa4), 0);
	} else {
		assert_int_equal(inet_pton(AF_INET6, host, &sa6.sin6_addr), 1);
		sa6.sin6_family = AF_INET6;
		sa6.sin6_port = htons((uint16_t)port);
		fd = socket(AF_INET6, SOCK_STREAM, 0);
		assert_true(fd >= 0);
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		assert_int_equal(connect(fd, (struct sockaddr *)&sa6, sizeof sa6), 0);
	}
	return fd;
}

static void send_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

		if (n <= 0)
			return; /* the server may close early (413): not an error here */
		data += n;
		len -= (size_t)n;
	}
}

/*
 * Reads one response into buf (NUL-terminated): headers, then Content-Length
 * bytes of body. Returns the status code.
 */
static int read_response(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	char *end = NULL, *cl;
	size_t need = 0;
	int status = 0;

	while (len + 1 < cap) {
		ssize_t n = recv(fd, buf + len, cap - 1 - len, 0);

		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (end == NULL && (end = strstr(buf, "\r\n\r\n")) != NULL) {
			cl = strstr(buf, "Content-Length: ");
			need = (size_t)(end + 4 - buf) + (cl ? strtoul(cl + 16, NULL, 10) : 0);
		}
		if (end != NULL && len >= need)
			break;
	}
	buf[len] = '\0';
	sscanf(buf, "HTTP/1.1 %d", &status);
	return status;
}

/* One request on a fresh connection; returns the status, the answer in buf. */
static int roundtrip(const char *host, int port, const char *request, char *buf, size_t cap)
{
	int fd = connect_to(host, port);
	int status;

	send_all(fd, request, strlen(request));
	status = read_response(fd, buf, cap);
	close(fd);
	return status;
}

static struct http_server *start(const char *host, size_t max_body)
{
	struct http_config cfg;
	struct http_server *srv = NULL;
	struct ld_err err;

	memset(&cfg, 0, sizeof cfg);
	cfg.host = host;
	cfg.port = 0;
	cfg.store_url = ":memory:";
	cfg.max_body = max_body;
	cfg.threads = 2;
	if (http_server_start(&cfg, &srv, &err) != LD_OK)
		fail_msg("http_server_start: %s %s", err.code, err.message);
	assert_true(http_server_port(srv) > 0);
	return srv;
}

static void test_http_server_health_and_keep_alive(void **state)
{
	struct http_server *srv = start("127.0.0.1", 0);
	int port = http_server_port(srv);
	char buf[4096];
	int fd;
	static const char get[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";

	(void)state;
	fd = connect_to("127.0.0.1", port);
	for (int i = 0; i < 3; i++) {
		send_all(fd, get, sizeof get - 1);
		assert_int_equal(read_response(fd, buf, sizeof buf), 200);
		assert_non_null(strstr(buf, "\"status\":\"ok\""));
		assert_non_null(strstr(buf, "Content-Type: application/json"));
		assert_non_null(strstr(buf, "ETag: \""));
		assert_null(strstr(buf, "Connection: close"));
	}
	close(fd);
	/* Many connections spread over both workers, each with its own store. */
	for (int i = 0; i < 20; i++)
		assert_int_equal(roundtrip("127.0.0.1", port,
					   "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
					   "Connection: close\r\n\r\n",
					   buf, sizeof buf),
				 200);
	http_server_stop(srv);
}

static void test_http_server_errors_are_json(void **state)
{
	struct http_server *srv = start("127.0.0.1", 0);
	int port = http_server_port(srv);
	char buf[4096];

	(void)state;
	assert_int_equal(roundtrip("127.0.0.1", port,
				   "GET /api/v1/customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
				   buf, sizeof buf),
			 401);
	assert_non_null(strstr(buf, "WWW-Authenticate: Bearer"));
	assert_non_null(strstr(buf, "{\"error\":{\"code\":\"unauthorized\""));
	assert_int_equal(roundtrip("127.0.0.1", port,
				   "DELETE /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
				   buf, sizeof buf),
			 405);
	assert_non_null(strstr(buf, "Allow: GET"));
	assert_int_equal(roundtrip("127.0.0.1", port,
				   "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				   "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}",
				   buf, sizeof buf),
			 415);
	assert_non_null(strstr(buf, "unsupported_media_type"));
	assert_int_equal(roundtrip("127.0.0.1", port,
				   "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				   "Content-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"email\":",
				   buf, sizeof buf),
			 400);
	assert_non_null(strstr(buf, "invalid_json"));
	http_server_stop(srv);
}

static void test_http_server_body_limit(void **state)
{
	struct http_server *srv = start("127.0.0.1", 1024);
	int port = http_server_port(srv);
	char buf[4096], chunk[600];
	int fd;
	static const char big[] = "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\n"
				  "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
	static const char chunked[] = "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\n"
				      "Content-Type: application/json\r\n"
				      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";

	(void)state;
	/* Announced too large: answered before any of the body is sent. */
	fd = connect_to("127.0.0.1", port);
	send_all(fd, big, strlen(big));
	assert_int_equal(read_response(fd, buf, sizeof buf), 413);
	assert_non_null(strstr(buf, "\"code\":\"payload_too_large\""));
	assert_non_null(strstr(buf, "Connection: close"));
	close(fd);

	/* Chunked, growing past the limit: 413 at its end. */
	fd = connect_to("127.0.0.1", port);
	send_all(fd, chunked, strlen(chunked));
	memset(chunk, 'a', sizeof chunk);
	for (int i = 0; i < 3; i++) {
		send_all(fd, "258\r\n", 5); /* 0x258 = 600 */
		send_all(fd, chunk, sizeof chunk);
		send_all(fd, "\r\n", 2);
	}
	send_all(fd, "0\r\n\r\n", 5);
	assert_int_equal(read_response(fd, buf, sizeof buf), 413);
	close(fd);

	/* Just under the limit is read and parsed. */
	{
		char req[2048];
		char body[1001];

		memset(body, ' ', sizeof body - 1);
		body[0] = '{';
		body[sizeof body - 2] = '}';
		body[sizeof body - 1] = '\0';
		snprintf(req, sizeof req,
			 "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
			 strlen(body), body);
		assert_int_equal(roundtrip("127.0.0.1", port, req, buf, sizeof buf), 400);
		assert_non_null(strstr(buf, "\"field\":\"email\""));
	}
	http_server_stop(srv);
}

static void test_http_server_ipv6_and_restart(void **state)
{
	struct http_server *srv;
	char buf[4096];

	struct http_config cfg;
	struct ld_err err;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.host = "::1";
	cfg.store_url = ":memory:";
	/* A sandbox without IPv6 cannot bind ::1; that is the machine, not the code. */
	if (http_server_start(&cfg, &srv, &err) == LD_OK) {
		assert_int_equal(roundtrip("::1", http_server_port(srv),
					   "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
					   "Connection: close\r\n\r\n",
					   buf, sizeof buf),
				 200);
		http_server_stop(srv);
	} else {
		assert_string_equal(err.code, "listen_failed");
		print_message("no IPv6 loopback here: skipped [::1]\n");
	}
	srv = start(NULL, 0); /* default 127.0.0.1 */
	assert_int_equal(roundtrip("127.0.0.1", http_server_port(srv),
				   "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
				   buf, sizeof buf),
			 200);
	http_server_stop(srv);
	http_server_stop(NULL);
}

static void test_http_server_rejects_bad_config(void **state)
{
	struct http_config cfg;
	struct http_server *srv = NULL;
	struct ld_err err;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.store_url = ":memory:";
	cfg.host = "localhost";
	assert_int_equal(http_server_start(&cfg, &srv, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_listen");
	assert_null(srv);
	cfg.host = "127.0.0.1";
	cfg.port = 70000;
	assert_int_equal(http_server_start(&cfg, &srv, &err), LD_ERR_INVALID);
	cfg.port = 0;
	cfg.store_url = NULL;
	assert_int_equal(http_server_start(&cfg, &srv, &err), LD_ERR_INVALID);
	assert_null(srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_server_health_and_keep_alive),
		cmocka_unit_test(test_http_server_errors_are_json),
		cmocka_unit_test(test_http_server_body_limit),
		cmocka_unit_test(test_http_server_ipv6_and_restart),
		cmocka_unit_test(test_http_server_rejects_bad_config),
	};

	return cmocka_run_group_tests_name("http_server", tests, NULL, NULL);
}
