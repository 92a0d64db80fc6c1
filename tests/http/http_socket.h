/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Raw loopback HTTP for the tests that run the real server (server.c): a
 * connection, a request sent whole, one response read back by its
 * Content-Length. Header-only, like http_fixture.h: each test is its own
 * binary. Deliberately not an HTTP client library: the tests see exactly the
 * bytes libmicrohttpd sends.
 */
#ifndef LD_TESTS_HTTP_SOCKET_H
#define LD_TESTS_HTTP_SOCKET_H

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

/*
 * Connects to host:port (IPv4 or IPv6 literal) with a 10 s I/O timeout,
 * from the local address `from` (an IPv4 literal; NULL = any): all of
 * 127.0.0.0/8 is loopback on Linux, so 127.0.0.2 is a second client address.
 */
static inline int sock_connect_from(const char *from, const char *host, int port)
{
	struct sockaddr_in sa4, src;
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
		if (from != NULL) {
			memset(&src, 0, sizeof src);
			src.sin_family = AF_INET;
			assert_int_equal(inet_pton(AF_INET, from, &src.sin_addr), 1);
			assert_int_equal(bind(fd, (struct sockaddr *)&src, sizeof src), 0);
		}
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

/* Connects to host:port (IPv4 or IPv6 literal) with a 10 s I/O timeout. */
static inline int sock_connect(const char *host, int port)
{
	return sock_connect_from(NULL, host, port);
}

/* Sends all of `data`; a peer that closes early is not an error here (413). */
static inline void sock_send_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

		if (n <= 0)
			return;
		data += n;
		len -= (size_t)n;
	}
}

/*
 * Reads one response into buf (NUL-terminated): headers, then Content-Length
 * bytes of body. Returns the status code, 0 when the connection closed or
 * timed out first.
 */
static inline int sock_read_response(int fd, char *buf, size_t cap)
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
	if (end == NULL || len < need)
		return 0;
	sscanf(buf, "HTTP/1.1 %d", &status);
	return status;
}

/* One request on a fresh connection; returns the status, the answer in buf. */
static inline int sock_roundtrip(const char *host, int port, const char *request, char *buf,
				 size_t cap)
{
	int fd = sock_connect(host, port);
	int status;

	sock_send_all(fd, request, strlen(request));
	status = sock_read_response(fd, buf, cap);
	close(fd);
	return status;
}

/* Whether the head of a response read by sock_read_response() has the line "name: value". */
static inline int sock_has_header(const char *buf, const char *name, const char *value)
{
	char line[256];
	const char *end = strstr(buf, "\r\n\r\n");
	const char *hit;

	snprintf(line, sizeof line, "\r\n%s: %s\r\n", name, value);
	hit = strstr(buf, line);
	return hit != NULL && end != NULL && hit < end + 2;
}

/* The body of a response read by sock_read_response(), or "" when none. */
static inline const char *sock_body(const char *buf)
{
	const char *end = strstr(buf, "\r\n\r\n");

	return end != NULL ? end + 4 : "";
}

#endif
