/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Portal sign-in links (contract in portal.h).
 */
#include "app/portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/portal_text.h"
#include "core/throttle.h"
#include "core/validate.h"
#include "util/crypto.h"

/* Link requests from one client address: after APP_LINK_ADDRESS_REQUESTS in
 * a run, each waits 1 s, 2 s … up to an hour (core/throttle.h), so one
 * address cannot mail every customer a link; a run is forgotten an hour
 * after it ends. Every request counts, known address or not. */
static const struct throttle_rule LINK_RULE = {
	.failures = APP_LINK_ADDRESS_REQUESTS, .window_s = 3600, .delay_max_s = 3600,
};

/* An audit detail {"reason":"…"} (a reason is a fixed word). */
static void reason_detail(const char *reason, char *out, size_t cap)
{
	snprintf(out, cap, "{\"reason\":\"%s\"}", reason);
}

static ld_status refused_link(struct app *app, const struct app_actor *who, int64_t customer_id,
			      const char *reason, struct ld_err *err)
{
	char detail[96];

	reason_detail(reason, detail, sizeof detail);
	return customer_id != 0
		       ? app_audit(app, who, "portal.link_refused", "customer", customer_id, detail,
				   err)
		       : app_audit_object(app, who, "portal.link_refused", NULL, detail, err);
}

/* Queues the message with the link to `c`. */
static ld_status mail_link(struct app *app, const struct ld_customer *c, const char *token,
			   struct ld_err *err)
{
	struct ld_message m = { 0 };
	char link[512];
	ld_status rc;

	snprintf(link, sizeof link, "%s/portal/login?token=%s", app->cfg.public_url, token);
	m.customer_id = c->id;
	m.channel = LD_CH_EMAIL;
	snprintf(m.recipient, sizeof m.recipient, "%s", c->email);
	snprintf(m.language, sizeof m.language, "%s", c->language);
	m.body = xmalloc(4096);
	m.created_at = app_now(app);
	if (!portal_text_signin(c->language, c->name, link, (int)(app->cfg.portal_link_ttl_s / 60),
				m.subject, sizeof m.subject, m.body, 4096))
		rc = ld_fail(err, LD_ERR_INTERNAL, "text_too_long", NULL,
			     "the sign-in message does not fit");
	else
		rc = STORE_CALL(app->store, message_insert, &m, err);
	free(m.body);
	return rc;
}

static ld_status request(struct app *app, const struct app_actor *who, const char *email,
			 char *token_out, struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	char token[CRYPTO_TOKEN_HEX + 1];
	struct ld_customer c = { 0 };
	int64_t now = app_now(app);
	int recent = 0;
	ld_status rc;

	rc = app_customer_find_email(app, NULL, email, &c, err);
	if (rc == LD_ERR_NOT_FOUND)
		return refused_link(app, who, 0, "unknown_email", err);
	if (rc != LD_OK)
		return rc;
	if (c.erased_at != 0)
		rc = refused_link(app, who, c.id, "erased", err);
	else if ((rc = STORE_CALL(app->store, magic_link_count, c.id, now - 3600, &recent, err)) !=
		 LD_OK)
		;
	else if (recent >= APP_LINKS_PER_HOUR)
		rc = refused_link(app, who, c.id, "too_many_links", err);
	else {
		crypto_token_new(token);
		if ((rc = crypto_token_digest(token, digest, err)) == LD_OK)
			rc = STORE_CALL(app->store, magic_link_insert, digest, c.id, now,
					now + app->cfg.portal_link_ttl_s, err);
		if (rc == LD_OK)
			rc = mail_link(app, &c, token, err);
		if (rc == LD_OK)
			rc = app_audit(app, who, "portal.link", "customer", c.id, NULL, err);
		if (rc == LD_OK && token_out != NULL)
			memcpy(token_out, token, sizeof token);
	}
	ld_customer_clear(&c);
	return rc;
}

ld_status app_portal_link_request(struct app *app, const char *address, const char *email,
				  char *token_out, struct ld_err *err)
{
	struct app_actor who = { 0 };
	int64_t wait = 0;
	ld_status rc;

	if (token_out != NULL)
		token_out[0] = '\0';
	if (email == NULL || email[0] == '\0')
		return ld_fail(err, LD_ERR_INVALID, "required", "email", "email is required");
	if ((rc = validate_email("email", email, err)) != LD_OK)
		return rc;
	if (address != NULL && strlen(address) <= LD_AUDIT_ADDRESS_MAX)
		snprintf(who.address, sizeof who.address, "%s", address);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = app_throttle_count(app, &LINK_RULE, "portal", who.address, &wait, err);
	if (rc == LD_OK && wait == 0)
		rc = request(app, &who, email, token_out, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK && wait > 0) {
		rc = ld_fail(err, LD_ERR_TOO_MANY, "too_many_attempts", NULL,
			     "too many sign-in links asked from here; try again in %lld s",
			     (long long)wait);
		err->retry_after_s = wait;
	}
	if (rc != LD_OK && token_out != NULL)
		token_out[0] = '\0';
	return rc;
}

/* The customer's portal login, made now when they have none. */
static ld_status portal_account(struct app *app, int64_t customer_id, struct ld_agent *out,
				struct ld_err *err)
{
	struct ld_customer c = { 0 };
	int n = 0;
	ld_status rc;

	rc = STORE_CALL(app->store, agent_list_customer, customer_id, out, 1, &n, err);
	if (rc != LD_OK || n > 0)
		return rc;
	if ((rc = app_customer_get(app, NULL, customer_id, &c, err)) != LD_OK)
		return rc;
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", c.name);
	snprintf(out->email, sizeof out->email, "%s", c.email);
	out->role = LD_ROLE_CUSTOMER;
	out->customer_id = customer_id;
	out->active = true;
	ld_customer_clear(&c);
	return app_user_add(app, NULL, out, NULL, err);
}

static ld_status redeem(struct app *app, const struct app_actor *who, const uint8_t *digest,
			char session[APP_TOKEN_LEN + 1], struct ld_agent *account,
			struct ld_err *err)
{
	struct store_magic_link link;
	int64_t now = app_now(app);
	ld_status rc;

	rc = STORE_CALL(app->store, magic_link_get, digest, &link, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "link_invalid", "token",
			       "this is no sign-in link: ask for a new one");
	if (rc != LD_OK)
		return rc;
	if (link.used_at != 0)
		return ld_fail(err, LD_ERR_GONE, "link_used", "token",
			       "this sign-in link was used already: ask for a new one");
	if (now >= link.expires_at)
		return ld_fail(err, LD_ERR_GONE, "link_expired", "token",
			       "this sign-in link has expired: ask for a new one");
	if ((rc = STORE_CALL(app->store, magic_link_use, digest, now, err)) != LD_OK ||
	    (rc = portal_account(app, link.customer_id, account, err)) != LD_OK)
		return rc;
	if (!account->active)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "account_disabled", NULL,
			       "this portal account is turned off");
	return app_session_open(app, account, who->address, "portal.signin", NULL, session, err);
}

ld_status app_portal_link_redeem(struct app *app, const char *address, const char *token,
				 char session[APP_TOKEN_LEN + 1], struct ld_agent *account,
				 struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	struct app_actor who = { 0 };
	struct ld_err digest_err;
	ld_status rc;

	memset(account, 0, sizeof *account);
	session[0] = '\0';
	if (address != NULL && strlen(address) <= LD_AUDIT_ADDRESS_MAX)
		snprintf(who.address, sizeof who.address, "%s", address);
	if (token == NULL || crypto_token_digest(token, digest, &digest_err) != LD_OK)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "link_invalid", "token",
			       "this is no sign-in link: ask for a new one");
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = redeem(app, &who, digest, session, account, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_ERR_GONE || rc == LD_ERR_UNAUTHORIZED) {
		/* Refused: a replay or a stale link is worth knowing about. */
		char detail[96];
		reason_detail(err->code, detail, sizeof detail);
		app_audit_apart(app, &who, "portal.signin_refused", detail);
	}
	if (rc != LD_OK)
		session[0] = '\0';
	return rc;
}
