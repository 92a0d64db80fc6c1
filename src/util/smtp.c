/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * SMTP with libcurl (contract in smtp.h).
 *
 * What an answer means for a retry follows RFC 5321 §4.2.1: a 5yz reply is a
 * permanent refusal, a 4yz reply a temporary one. libcurl reports the last
 * reply's code (CURLINFO_RESPONSE_CODE); failures without a reply —
 * connection refused, a timeout, a TLS handshake or certificate problem, a
 * refused login (535 is permanent in the RFC, but it is the desk's
 * configuration, not the message, that is wrong) — are temporary, so the
 * message waits until the server or the setting is fixed.
 */
#include "util/smtp.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

static pthread_once_t smtp_once = PTHREAD_ONCE_INIT;

static void smtp_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct upload {
	const char *data;
	size_t len, off;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t room = size * nitems, n = u->len - u->off;

	if (n > room)
		n = room;
	memcpy(buf, u->data + u->off, n);
	u->off += n;
	return n;
}

bool smtp_tls_parse(const char *s, enum smtp_tls *out)
{
	if (strcmp(s, "required") == 0)
		*out = SMTP_TLS_REQUIRED;
	else if (strcmp(s, "optional") == 0)
		*out = SMTP_TLS_OPTIONAL;
	else if (strcmp(s, "off") == 0)
		*out = SMTP_TLS_OFF;
	else
		return false;
	return true;
}

void smtp_send(const struct smtp_config *cfg, const char *from, const char *to, const char *data,
	       size_t len, struct smtp_result *out)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	char mail_from[320], rcpt[320];
	struct upload u = { data, len, 0 };
	struct curl_slist *rcpts = NULL;
	CURLcode cc;
	CURL *curl;

	memset(out, 0, sizeof *out);
	out->outcome = SMTP_TEMPORARY;
	pthread_once(&smtp_once, smtp_init);
	if ((curl = curl_easy_init()) == NULL) {
		snprintf(out->message, sizeof out->message, "libcurl could not start a session");
		return;
	}
	snprintf(mail_from, sizeof mail_from, "<%s>", from);
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	rcpts = curl_slist_append(NULL, rcpt);
	curl_easy_setopt(curl, CURLOPT_URL, cfg->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &u);
	curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(curl, CURLOPT_USE_SSL,
			 cfg->tls == SMTP_TLS_REQUIRED   ? (long)CURLUSESSL_ALL
			 : cfg->tls == SMTP_TLS_OPTIONAL ? (long)CURLUSESSL_TRY
							 : (long)CURLUSESSL_NONE);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, cfg->timeout_s > 0 ? cfg->timeout_s : 60L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	cc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->code);
	if (cc == CURLE_OK) {
		out->outcome = SMTP_SENT;
	} else {
		bool refused = out->code >= 500 && out->code < 600 && cc != CURLE_LOGIN_DENIED;

		out->outcome = refused ? SMTP_PERMANENT : SMTP_TEMPORARY;
		const char *why = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(cc);
		int n = out->code != 0 ? snprintf(out->message, sizeof out->message, "%ld: ",
						  out->code)
				       : 0;

		/* Cut to fit: the server's words are for people, their end least. */
		snprintf(out->message + n, sizeof out->message - (size_t)n, "%.*s",
			 (int)(sizeof out->message - (size_t)n - 1), why);
	}
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(curl);
}
