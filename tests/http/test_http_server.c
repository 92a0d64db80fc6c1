/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The libmicrohttpd glue (server.c) over real loopback sockets: binding to
 * an ephemeral port on IPv4 and IPv6, keep-alive, per-thread store handles,
 * the body limit (413 before the body is read, and for a chunked body that
 * grows too large), the media-type check, and stopping and starting again.
 * Every worker opens its own ":memory:" store here (and so the server runs
 * no writer), so only routes without data are used; writes through the
 * group-commit writer on a real file: test_http_writer.c.
 */
#include "http_socket.h"

#include "http/server.h"

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
	fd = sock_connect("127.0.0.1", port);
	for (int i = 0; i < 3; i++) {
		sock_send_all(fd, get, sizeof get - 1);
		assert_int_equal(sock_read_response(fd, buf, sizeof buf), 200);
		assert_non_null(strstr(buf, "\"status\":\"ok\""));
		assert_non_null(strstr(buf, "Content-Type: application/json"));
		assert_non_null(strstr(buf, "ETag: \""));
		assert_null(strstr(buf, "Connection: close"));
	}
	close(fd);
	/* Many connections spread over both workers, each with its own store. */
	for (int i = 0; i < 20; i++)
		assert_int_equal(sock_roundtrip("127.0.0.1", port,
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
	assert_int_equal(sock_roundtrip("127.0.0.1", port,
				   "GET /api/v1/customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
				   buf, sizeof buf),
			 401);
	assert_non_null(strstr(buf, "WWW-Authenticate: Bearer"));
	assert_non_null(strstr(buf, "{\"error\":{\"code\":\"unauthorized\""));
	assert_int_equal(sock_roundtrip("127.0.0.1", port,
				   "DELETE /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
				   buf, sizeof buf),
			 405);
	assert_non_null(strstr(buf, "Allow: GET"));
	assert_int_equal(sock_roundtrip("127.0.0.1", port,
				   "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				   "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}",
				   buf, sizeof buf),
			 415);
	assert_non_null(strstr(buf, "unsupported_media_type"));
	assert_int_equal(sock_roundtrip("127.0.0.1", port,
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
	fd = sock_connect("127.0.0.1", port);
	sock_send_all(fd, big, strlen(big));
	assert_int_equal(sock_read_response(fd, buf, sizeof buf), 413);
	assert_non_null(strstr(buf, "\"code\":\"payload_too_large\""));
	assert_non_null(strstr(buf, "Connection: close"));
	close(fd);

	/* Chunked, growing past the limit: 413 at its end. */
	fd = sock_connect("127.0.0.1", port);
	sock_send_all(fd, chunked, strlen(chunked));
	memset(chunk, 'a', sizeof chunk);
	for (int i = 0; i < 3; i++) {
		sock_send_all(fd, "258\r\n", 5); /* 0x258 = 600 */
		sock_send_all(fd, chunk, sizeof chunk);
		sock_send_all(fd, "\r\n", 2);
	}
	sock_send_all(fd, "0\r\n\r\n", 5);
	assert_int_equal(sock_read_response(fd, buf, sizeof buf), 413);
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
		assert_int_equal(sock_roundtrip("127.0.0.1", port, req, buf, sizeof buf), 400);
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
		assert_int_equal(sock_roundtrip("::1", http_server_port(srv),
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
	assert_int_equal(sock_roundtrip("127.0.0.1", http_server_port(srv),
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
