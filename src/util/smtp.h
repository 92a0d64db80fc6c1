/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * One message handed to a mail server over SMTP, with libcurl: smtp:// (with
 * STARTTLS as configured) or smtps://, AUTH from the URL's user and password
 * (smtp://user:password@host:587), the envelope sender and one recipient.
 *
 * Owns: the SMTP session and what its answer means for a retry. Must not:
 * know what the message is (util/mime.c writes it, app/outbox.c decides).
 */
#ifndef LD_UTIL_SMTP_H
#define LD_UTIL_SMTP_H

#include <stdbool.h>
#include <stddef.h>

enum smtp_tls {
	SMTP_TLS_REQUIRED, /* STARTTLS or the session fails (smtps:// is TLS anyway) */
	SMTP_TLS_OPTIONAL, /* STARTTLS when the server offers it */
	SMTP_TLS_OFF,      /* never (a relay on loopback) */
};

struct smtp_config {
	const char *url;     /* smtp://[user:password@]host[:port] or smtps://… */
	enum smtp_tls tls;
	long timeout_s;      /* the whole session, > 0 */
};

enum smtp_outcome {
	SMTP_SENT,      /* the server took the message (250 after DATA) */
	SMTP_TEMPORARY, /* try again later: 4xx, no connection, a timeout, TLS or login trouble */
	SMTP_PERMANENT, /* the server refused it for good: 5xx to MAIL, RCPT or DATA */
};

struct smtp_result {
	enum smtp_outcome outcome;
	long code;          /* the server's last reply code, 0 = none */
	char message[256];  /* what went wrong, for the log and the agent ("" when sent) */
};

/* Sends `len` bytes of `data` (CRLF line ends) from `from` to `to`. Never fails
 * otherwise: the outcome says what happened. Safe to call from several threads. */
void smtp_send(const struct smtp_config *cfg, const char *from, const char *to, const char *data,
	       size_t len, struct smtp_result *out);

/* Parses "required", "optional", "off"; false for anything else. */
bool smtp_tls_parse(const char *s, enum smtp_tls *out);

#endif
