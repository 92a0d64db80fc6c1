/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * One HTTP POST with libcurl: how the desk calls out (webhooks). http and
 * https only, no redirects followed, the answer's body read and dropped.
 *
 * Owns: the transfer. Must not: decide what an answer means for a retry
 * (the caller does, from `status`).
 */
#ifndef LD_UTIL_HTTP_CLIENT_H
#define LD_UTIL_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

struct http_post_result {
	bool answered;     /* a response came (status is set) */
	int status;        /* its HTTP status, 0 = none */
	char error[256];   /* why no answer came ("" when answered) */
};

/*
 * POSTs body[0..len) to `url` with the `headers` ("Name: value",
 * NULL-terminated list) within `timeout_s` seconds in all.
 */
void http_client_post(const char *url, const char *const *headers, const char *body, size_t len,
		      int timeout_s, struct http_post_result *out);

#endif
