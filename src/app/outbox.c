/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Mail out (contract in outbox.h): queueing an agent's reply, and the sender
 * that works through the outbox.
 */
#include "app/outbox.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/mail.h"
#include "util/crypto.h"
#include "util/mime.h"
#include "util/xmalloc.h"

/* Ids of a case's thread kept in References (RFC 5322 §3.6.4 lets them grow;
 * mail programs cut long ones too). */
#define OUTBOX_REFS_MAX 10

/* The domain Message-IDs are made in, and the address and name of mail.from. */
struct sender {
	char name[LD_NAME_MAX + 1];
	char address[LD_EMAIL_MAX + 1];
	const char *domain;
};

/* "Name <addr>" or "addr" (checked by util/config.c) into `s`; false when empty. */
static bool sender_of(const char *from, struct sender *s)
{
	const char *lt = from != NULL ? strrchr(from, '<') : NULL;
	const char *at;

	memset(s, 0, sizeof *s);
	if (from == NULL || from[0] == '\0')
		return false;
	if (lt == NULL) {
		snprintf(s->address, sizeof s->address, "%s", from);
	} else {
		size_t n = (size_t)(lt - from);
		while (n > 0 && from[n - 1] == ' ')
			n--;
		if (n >= 2 && from[0] == '"' && from[n - 1] == '"') {
			from++;
			n -= 2;
		}
		snprintf(s->name, sizeof s->name, "%.*s", (int)n, from);
		snprintf(s->address, sizeof s->address, "%.*s", (int)strcspn(lt + 1, ">"), lt + 1);
	}
	at = strrchr(s->address, '@');
	s->domain = at != NULL && at[1] != '\0' ? at + 1 : "loyaldesk.invalid";
	return s->address[0] != '\0';
}

int64_t app_outbox_backoff(int attempts)
{
	int64_t d = 60;

	for (int i = 1; i < attempts && d < APP_OUTBOX_BACKOFF_MAX_S; i++)
		d *= 2;
	return d < APP_OUTBOX_BACKOFF_MAX_S ? d : APP_OUTBOX_BACKOFF_MAX_S;
}

/* ------------------------------------------------------------- queueing --- */

ld_status app_outbox_queue_reply(struct app *app, const struct ld_case *c,
				 const struct ld_interaction *it, struct ld_err *err)
{
	struct store_mail_ref thread[OUTBOX_REFS_MAX];
	struct ld_customer cu;
	struct ld_message m;
	struct sender from;
	char token[CRYPTO_TOKEN_HEX + 1], footer[256];
	int64_t now = app_now(app);
	size_t body_len, refs_len = 0;
	int n = 0;
	ld_status rc;

	if ((rc = STORE_CALL(app->store, customer_get, c->customer_id, &cu, err)) != LD_OK)
		return rc;
	if (cu.email[0] == '\0' || cu.erased_at != 0) {
		ld_customer_clear(&cu);
		return ld_fail(err, LD_ERR_INVALID, "customer_has_no_email", "channel",
			       "customer %lld has no e-mail address to send the reply to",
			       (long long)c->customer_id);
	}
	if ((rc = STORE_CALL(app->store, mail_thread, c->id, thread, OUTBOX_REFS_MAX, &n, err)) !=
	    LD_OK) {
		ld_customer_clear(&cu);
		return rc;
	}
	sender_of(app->cfg.mail_from, &from);
	if (from.domain == NULL)
		from.domain = "loyaldesk.invalid";

	memset(&m, 0, sizeof m);
	m.customer_id = cu.id;
	m.channel = LD_CH_EMAIL;
	m.interaction_id = it->id;
	m.created_at = now;
	m.next_attempt_at = now;
	snprintf(m.recipient, sizeof m.recipient, "%s", cu.email);
	snprintf(m.language, sizeof m.language, "%s", cu.language);
	mail_reply_subject(c->id, c->subject, m.subject, sizeof m.subject);
	crypto_token_new(token);
	snprintf(m.message_id, sizeof m.message_id, "ld.%lld.%lld.%.16s@%s", (long long)c->id,
		 (long long)it->id, token, from.domain);
	/* In-Reply-To: the customer's newest message; References: the thread, oldest first. */
	for (int i = 0; i < n && m.in_reply_to[0] == '\0'; i++) {
		if (thread[i].direction == LD_DIR_IN)
			snprintf(m.in_reply_to, sizeof m.in_reply_to, "%s", thread[i].message_id);
	}
	if (n > 0) {
		m.refs = xcalloc(1, (size_t)n * (LD_MAIL_ID_MAX + 1) + 1);
		for (int i = n - 1; i >= 0; i--)
			refs_len += (size_t)sprintf(m.refs + refs_len, "%s%s", refs_len > 0 ? " " : "",
						    thread[i].message_id);
	}
	mail_reply_footer(cu.language, c->id, footer, sizeof footer);
	body_len = strlen(it->body != NULL ? it->body : "") + strlen(footer) + 8;
	m.body = xmalloc(body_len);
	snprintf(m.body, body_len, "%s\n\n-- \n%s", it->body != NULL ? it->body : "", footer);
	ld_customer_clear(&cu);

	rc = STORE_CALL(app->store, message_insert, &m, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, mail_message_insert, m.message_id, it->id, LD_DIR_OUT, now,
				err);
	ld_message_clear(&m);
	return rc;
}

/* -------------------------------------------------------------- sending --- */

/* Takes the next due message and its addressee's name; *found false when none. */
static ld_status claim(struct app *app, struct ld_message *m, char *to_name, size_t cap,
		       bool *found, struct ld_err *err)
{
	int64_t now = app_now(app);
	struct ld_customer cu;
	ld_status rc;

	to_name[0] = '\0';
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, message_claim, now, now + APP_OUTBOX_LEASE_S, m, found, err);
	if (rc == LD_OK && *found &&
	    STORE_CALL(app->store, customer_get, m->customer_id, &cu, err) == LD_OK) {
		snprintf(to_name, cap, "%s", cu.erased_at == 0 ? cu.name : "");
		ld_customer_clear(&cu);
	}
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK)
		ld_message_clear(m);
	return rc;
}

/* After the server took it: recorded sent, its survey link blanked. */
static ld_status record_sent(struct app *app, struct ld_message *m, struct ld_err *err)
{
	ld_status rc = app_tx_begin(app, err);

	if (rc != LD_OK)
		return rc;
	bool redacted = app_outbox_redact_links(m->body);

	rc = STORE_CALL(app->store, message_mark_sent, m->id, app_now(app),
			redacted ? m->body : NULL, err);
	if (rc == LD_OK)
		rc = app_audit(app, NULL, "message.sent", "message", m->id, NULL, err);
	return app_tx_end(app, rc, err);
}

/* A failed attempt: tried again later, or given up (*gave_up) with a note on the case. */
static ld_status record_failure(struct app *app, const struct ld_message *m,
				const struct app_send_result *r, bool *gave_up, struct ld_err *err)
{
	int64_t now = app_now(app);
	char quoted[2 * sizeof r->message + 8], detail[sizeof quoted + 96];
	ld_status rc;

	*gave_up = r->outcome == APP_SEND_PERMANENT ||
		   now - m->created_at >= app->cfg.mail_retry_for_s;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, message_attempt_failed, m->id,
			*gave_up ? m->next_attempt_at : now + app_outbox_backoff(m->attempts),
			*gave_up ? now : 0, r->message, err);
	if (rc == LD_OK && *gave_up) {
		if (!app_json_quote(r->message, quoted, sizeof quoted))
			snprintf(quoted, sizeof quoted, "null");
		snprintf(detail, sizeof detail, "{\"attempts\":%d,\"permanent\":%s,\"error\":%s}",
			 m->attempts, r->outcome == APP_SEND_PERMANENT ? "true" : "false", quoted);
		rc = app_audit(app, NULL, "mail.failed", "message", m->id, detail, err);
	}
	if (rc == LD_OK && *gave_up && m->interaction_id != 0 && m->case_id != 0) {
		char text[LD_EMAIL_MAX + sizeof r->message + 300];
		struct app_interaction_in note = {
			.channel = LD_CH_EMAIL, .direction = LD_DIR_INTERNAL, .kind = LD_IK_NOTE,
			.body = text, .sentiment = NAN,
		};

		snprintf(text, sizeof text,
			 "The e-mail reply (contact %lld) to %s was not delivered after %d attempt%s: %s."
			 " Check the address, then send it again from the outbox (message %lld).",
			 (long long)m->interaction_id, m->recipient, m->attempts,
			 m->attempts == 1 ? "" : "s", r->message[0] != '\0' ? r->message : "refused",
			 (long long)m->id);
		rc = app_interaction_add(app, NULL, m->case_id, &note, NULL, NULL, err);
	}
	return app_tx_end(app, rc, err);
}

ld_status app_outbox_send_due(struct app *app, const struct app_mailer *mailer, int max,
			      struct app_outbox_run *out, struct ld_err *err)
{
	struct sender from;

	memset(out, 0, sizeof *out);
	if (!sender_of(app->cfg.mail_from, &from))
		return ld_fail(err, LD_ERR_INVALID, "no_sender_address", "mail.from",
			       "mail.from is not set: the desk has no address to send from");
	for (int i = 0; i < max; i++) {
		struct app_send_result r = { 0 };
		struct ld_message m;
		struct mime_out mo;
		char to_name[LD_NAME_MAX + 1];
		char *data = NULL;
		size_t len = 0;
		bool found = false, gave_up = false;
		ld_status rc;

		if ((rc = claim(app, &m, to_name, sizeof to_name, &found, err)) != LD_OK)
			return rc;
		if (!found)
			break;
		mo = (struct mime_out){
			.from_name = from.name, .from_address = from.address,
			.to_name = to_name, .to_address = m.recipient,
			.subject = m.subject, .message_id = m.message_id,
			.in_reply_to = m.in_reply_to, .references = m.refs,
			.language = m.language, .text = m.body,
			.auto_generated = m.survey_id != 0, .date = app_now(app),
		};
		if (mime_compose(&mo, &data, &len, err) != LD_OK) {
			/* An address the server could never take: given up, not retried. */
			r.outcome = APP_SEND_PERMANENT;
			snprintf(r.message, sizeof r.message, "%s", err->message);
		} else {
			mailer->send(mailer->ctx, from.address, m.recipient, data, len, &r);
		}
		free(data);
		if (r.outcome == APP_SEND_SENT) {
			rc = record_sent(app, &m, err);
			out->sent++;
		} else {
			rc = record_failure(app, &m, &r, &gave_up, err);
			if (gave_up)
				out->failed++;
			else
				out->deferred++;
		}
		ld_message_clear(&m);
		if (rc != LD_OK)
			return rc;
	}
	return LD_OK;
}

ld_status app_outbox_retry(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_message *out, struct ld_err *err)
{
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, message_retry, id, app_now(app), err);
	if (rc == LD_ERR_NOT_FOUND)
		rc = ld_fail(err, LD_ERR_NOT_FOUND, "message_not_found", NULL, "no message %lld",
			     (long long)id);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "message.retry", "message", id, NULL, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, message_get, id, out, err);
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK)
		ld_message_clear(out);
	return rc;
}
