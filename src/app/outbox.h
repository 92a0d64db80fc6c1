/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Mail out: the background sender working through the outbox — agent
 * replies queued by app_interaction_add() (app_interaction_in.send) and
 * survey invitations — and what a manager may do with a message that
 * failed.
 *
 * Delivery is at least once, never twice on purpose: a message is taken
 * (claimed) in one transaction with a lease, sent outside any transaction,
 * and recorded in another. A message recorded sent is never sent again; a
 * sender that dies between the server's acceptance and the record leaves a
 * leased message that is sent again when the lease ends — with the same
 * Message-ID, which the receiving side knows as one message. A temporary
 * refusal (4xx, no connection, TLS or login trouble) is tried again after
 * 1, 2, 4 … up to 60 minutes until mail_retry_for has passed since it was
 * queued; a permanent refusal (5xx) or the end of that time gives it up:
 * recorded on the message, audited "mail.failed", and — for a reply — an
 * internal note on the case naming the server's answer, so the agent sees
 * that the customer did not get it.
 *
 * The transport is the caller's (app_mailer): the CLI and serve hand
 * util/smtp.c's smtp_send() in, tests a fake.
 */
#ifndef LD_APP_OUTBOX_H
#define LD_APP_OUTBOX_H

#include <stddef.h>

#include "app/app.h"

enum app_send_outcome {
	APP_SEND_SENT,
	APP_SEND_TEMPORARY,
	APP_SEND_PERMANENT,
};

struct app_send_result {
	int outcome;        /* enum app_send_outcome */
	char message[256];  /* the server's answer when not sent */
};

struct app_mailer {
	/* Hands one message (CRLF line ends) to the mail server. */
	void (*send)(void *ctx, const char *from, const char *to, const char *data, size_t len,
		     struct app_send_result *out);
	void *ctx;
};

struct app_outbox_run {
	int sent;      /* handed to the server */
	int deferred;  /* refused for now, tried again later */
	int failed;    /* given up */
};

/* The lease of a claimed message: longer than any SMTP session may take. */
#define APP_OUTBOX_LEASE_S 600
/* Back-off after the n-th temporary failure: 60 s · 2^(n−1), at most this. */
#define APP_OUTBOX_BACKOFF_MAX_S 3600

/*
 * Sends up to `max` messages that are due now, one at a time (the system's
 * work: no actor). LD_ERR_INVALID "no_sender_address" when app->cfg has no
 * mail_from (nothing is taken). Store errors stop the run; a message taken
 * before stays leased and is taken again later.
 */
ld_status app_outbox_send_due(struct app *app, const struct app_mailer *mailer, int max,
			      struct app_outbox_run *out, struct ld_err *err);

/* A message whose delivery failed is due again now (managers); audited
 * "message.retry". [out] the message as stored then. */
ld_status app_outbox_retry(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_message *out, struct ld_err *err);

/* The delay before the next attempt after `attempts` failed ones (≥ 1). */
int64_t app_outbox_backoff(int attempts);

#endif
