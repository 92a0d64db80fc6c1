/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTTP POST with libcurl (contract in http_client.h).
 */
#include "util/http_client.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

static pthread_once_t client_once = PTHREAD_ONCE_INIT;

static void client_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The answer's body: read and dropped. */
static size_t drop_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	(void)buf;
	(void)arg;
	return size * nitems;
}

void http_client_post(const char *url, const char *const *headers, const char *body, size_t len,
		      int timeout_s, struct http_post_result *out)
{
	struct curl_slist *list = NULL, *grown;
	char why[CURL_ERROR_SIZE] = "";
	CURL *c;
	CURLcode rc;
	long status = 0;

	memset(out, 0, sizeof *out);
	pthread_once(&client_once, client_init);
	if ((c = curl_easy_init()) == NULL) {
		snprintf(out->error, sizeof out->error, "libcurl could not start a transfer");
		return;
	}
	for (size_t i = 0; headers != NULL && headers[i] != NULL; i++) {
		if ((grown = curl_slist_append(list, headers[i])) == NULL) {
			snprintf(out->error, sizeof out->error, "out of memory");
			goto done;
		}
		list = grown;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(timeout_s < 10 ? timeout_s : 10));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, drop_cb);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_OK || status > 0) {
		out->answered = true;
		out->status = (int)status;
	} else {
		snprintf(out->error, sizeof out->error, "%s",
			 why[0] != '\0' ? why : curl_easy_strerror(rc));
	}
done:
	curl_slist_free_all(list);
	curl_easy_cleanup(c);
}
