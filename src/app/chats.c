/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Live chat (contract in chats.h).
 */
#include "app/chats.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/throttle.h"
#include "core/validate.h"
#include "util/crypto.h"

/* Chats begun from one client address: after APP_CHAT_STARTS_PER_HOUR in a
 * run, each waits 1 s, 2 s … up to an hour (core/throttle.h). */
static const struct throttle_rule START_RULE = {
	.failures = APP_CHAT_STARTS_PER_HOUR, .window_s = 3600, .delay_max_s = 3600,
};

/* ==================================================================== *
 * Widgets
 * ==================================================================== */

static ld_status widget_check(struct app *app, const struct ld_chat_widget *w, struct ld_err *err)
{
	ld_status rc;

	if ((rc = validate_line("name", w->name, LD_NAME_MAX, true, err)) != LD_OK ||
	    (rc = validate_text("greeting", w->greeting, LD_CHAT_GREETING_MAX, false, err)) !=
		    LD_OK)
		return rc;
	if (!chat_origins_valid(w->origins))
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "origins",
			       "origins are sites such as \"https://shop.example\", separated by "
			       "single spaces, without paths");
	if (w->team_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "team_id", "ids are positive");
	return w->team_id != 0 ? app_check_team_exists(app, w->team_id, err) : LD_OK;
}

static void widget_detail(const struct ld_chat_widget *w, char *out, size_t cap)
{
	char name[LD_NAME_MAX * 2 + 8];

	if (!app_json_quote(w->name, name, sizeof name))
		snprintf(name, sizeof name, "null");
	snprintf(out, cap, "{\"name\":%s,\"bot\":%s,\"disabled\":%s}", name,
		 w->bot ? "true" : "false", w->disabled_at != 0 ? "true" : "false");
}

ld_status app_chat_widget_create(struct app *app, const struct app_actor *actor,
				 struct ld_chat_widget *in, struct ld_err *err)
{
	char detail[LD_NAME_MAX * 2 + 96], token[CRYPTO_TOKEN_HEX + 1];
	ld_status rc;

	if ((rc = app_require_admin(actor, "managing chat widgets", err)) != LD_OK ||
	    (rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = widget_check(app, in, err);
	crypto_token_new(token);
	snprintf(in->key, sizeof in->key, "%.*s", LD_CHAT_KEY_LEN, token);
	in->created_at = app_now(app);
	in->disabled_at = 0;
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, chat_widget_insert, in, err);
	widget_detail(in, detail, sizeof detail);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "chat_widget.create", "chat_widget", in->id, detail, err);
	return app_tx_end(app, rc, err);
}

ld_status app_chat_widget_get(struct app *app, const struct app_actor *actor, int64_t id,
			      struct ld_chat_widget *out, struct ld_err *err)
{
	ld_status rc = app_require_admin(actor, "managing chat widgets", err);

	return rc != LD_OK ? rc : STORE_CALL(app->store, chat_widget_get, id, out, err);
}

ld_status app_chat_widget_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			       int limit, struct ld_chat_widget *out, int *n, struct ld_err *err)
{
	ld_status rc;

	*n = 0;
	if ((rc = app_require_admin(actor, "managing chat widgets", err)) != LD_OK ||
	    (rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, chat_widget_list, after_id, limit, out, n, err);
}

ld_status app_chat_widget_update(struct app *app, const struct app_actor *actor,
				 struct ld_chat_widget *w, struct ld_err *err)
{
	char detail[LD_NAME_MAX * 2 + 96];
	struct ld_chat_widget before;
	ld_status rc;

	if ((rc = app_require_admin(actor, "managing chat widgets", err)) != LD_OK ||
	    (rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, chat_widget_get, w->id, &before, err);
	if (rc == LD_OK)
		rc = widget_check(app, w, err);
	if (rc == LD_OK) {
		memcpy(w->key, before.key, sizeof w->key);
		w->created_at = before.created_at;
		/* disabled_at ≠ 0 asks for out of service: since now, or since
		 * whenever it went out of service already. */
		if (w->disabled_at != 0)
			w->disabled_at = before.disabled_at != 0 ? before.disabled_at : app_now(app);
		rc = STORE_CALL(app->store, chat_widget_update, w, err);
	}
	widget_detail(w, detail, sizeof detail);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "chat_widget.update", "chat_widget", w->id, detail, err);
	return app_tx_end(app, rc, err);
}

ld_status app_chat_widget_public(struct app *app, const char *key, struct ld_chat_widget *out,
				 struct ld_err *err)
{
	ld_status rc = LD_ERR_NOT_FOUND;

	if (key != NULL && strlen(key) == LD_CHAT_KEY_LEN)
		rc = STORE_CALL(app->store, chat_widget_find_key, key, out, err);
	if (rc == LD_OK && out->disabled_at != 0)
		rc = LD_ERR_NOT_FOUND;
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "chat_widget_not_found", "widget",
			       "no chat widget in service has this key");
	return rc;
}

/* ==================================================================== *
 * Who is in the chat
 * ==================================================================== */

/* The chat `who` opens: staff by id, the visitor by token. */
static ld_status chat_of(struct app *app, const struct app_chat_party *who, int64_t id,
			 struct ld_chat *out, struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	struct ld_err ignored;
	ld_status rc;

	if (who->actor != NULL) {
		if ((rc = app_require_staff(who->actor, err)) != LD_OK)
			return rc;
		return STORE_CALL(app->store, chat_get, id, out, err);
	}
	rc = crypto_token_digest(who->token, digest, &ignored) == LD_OK
		     ? STORE_CALL(app->store, chat_find_token, digest, out, err)
		     : LD_ERR_NOT_FOUND;
	if (rc == LD_OK && id != 0 && out->id != id)
		rc = LD_ERR_NOT_FOUND;
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "chat_not_found", NULL,
			       "no chat opens with this token");
	return rc;
}

static ld_status refuse_closed(const struct ld_chat *c, struct ld_err *err)
{
	return ld_fail(err, LD_ERR_CONFLICT, "chat_closed", NULL,
		       "chat %lld is closed: nothing more can be written in it; a new message "
		       "begins a new chat",
		       (long long)c->id);
}

/* Appends a message to `c` (counted, its activity time moved). */
static ld_status append(struct app *app, struct ld_chat *c, int author, int64_t agent_id,
			const char *body, size_t len, struct ld_chat_message *out,
			struct ld_err *err)
{
	struct ld_chat_message m = { 0 };

	m.chat_id = c->id;
	m.author = author;
	m.agent_id = agent_id;
	if (len > LD_CHAT_MESSAGE_MAX)
		len = LD_CHAT_MESSAGE_MAX; /* only the desk's own texts reach here unchecked */
	memcpy(m.body, body, len);
	m.body[len] = '\0';
	m.at = app_now(app);
	if (m.at < c->last_activity_at)
		m.at = c->last_activity_at; /* in order, whatever the clocks of two processes */
	ld_status rc = STORE_CALL(app->store, chat_message_insert, &m, err);
	if (rc != LD_OK)
		return rc;
	c->messages++;
	c->last_activity_at = m.at;
	app_live_note(app, c->id);
	if (out != NULL)
		*out = m;
	return LD_OK;
}

/* The desk's own notice in the chat's language. */
static ld_status notice(struct app *app, struct ld_chat *c, const char *text, struct ld_err *err)
{
	return append(app, c, LD_AUTHOR_SYSTEM, 0, text, strlen(text), NULL, err);
}

/* Agent `agent_id` takes `c`: from waiting, or over from another agent. */
static ld_status take(struct app *app, struct ld_chat *c, int64_t agent_id, struct ld_err *err)
{
	char text[LD_NAME_MAX + 128];
	struct ld_agent a;
	ld_status rc;

	if (c->agent_id == agent_id)
		return LD_OK;
	if ((rc = app_agent_get(app, NULL, agent_id, &a, err)) != LD_OK)
		return rc;
	if (c->first_agent_id == 0)
		c->first_agent_id = agent_id;
	else
		c->transfers++;
	c->agent_id = agent_id;
	c->state = LD_CHAT_ACTIVE;
	if (!chat_text_joined(c->language, a.name, text, sizeof text))
		snprintf(text, sizeof text, "%s", a.name);
	return notice(app, c, text, err);
}

/* ==================================================================== *
 * Beginning
 * ==================================================================== */

/* A message's text, as core/chat.h checks it, as the error of field `field`. */
static ld_status message_check(const char *field, const char *s, size_t len, const char *what,
			       struct ld_err *err)
{
	const char *bad = chat_text_check(s, len);

	if (bad == NULL)
		return LD_OK;
	if (strcmp(bad, "too_long") == 0)
		return ld_fail(err, LD_ERR_TOO_LARGE, "too_long", field,
			       "a message is at most %d bytes", LD_CHAT_MESSAGE_MAX);
	return ld_fail(err, LD_ERR_INVALID, bad, field, "%s",
		       strcmp(bad, "missing_field") == 0
			       ? what
			       : "a message is UTF-8 text without control characters");
}

/* Copies the optional one-line field `v` into out[cap] after checking it. */
static ld_status optional_line(const char *field, const char *v, size_t max, char *out, size_t cap,
			       struct ld_err *err)
{
	ld_status rc = validate_line(field, v, max, false, err);

	if (rc == LD_OK)
		snprintf(out, cap, "%s", v != NULL ? v : "");
	return rc;
}

static ld_status start_check(const struct app_chat_start *in, struct ld_chat *c,
			     struct ld_err *err)
{
	ld_status rc;

	if ((rc = message_check("message", in->message, in->message_len,
				"the first message is required", err)) != LD_OK ||
	    (rc = optional_line("name", in->name, LD_NAME_MAX, c->visitor_name,
				sizeof c->visitor_name, err)) != LD_OK)
		return rc;
	if (in->email != NULL && in->email[0] != '\0') {
		if ((rc = validate_email("email", in->email, err)) != LD_OK)
			return rc;
		snprintf(c->visitor_email, sizeof c->visitor_email, "%s", in->email);
		for (char *p = c->visitor_email; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	if (in->language != NULL && in->language[0] != '\0' &&
	    (rc = validate_language("language", in->language, err)) != LD_OK)
		return rc;
	snprintf(c->language, sizeof c->language, "%s",
		 in->language != NULL && in->language[0] != '\0' ? in->language : "en");
	if (in->page != NULL && in->page[0] != '\0') {
		if ((rc = validate_url("page", in->page, LD_CHAT_PAGE_MAX, err)) != LD_OK)
			return rc;
		snprintf(c->page, sizeof c->page, "%s", in->page);
	}
	return LD_OK;
}

/* The customer a visitor with an e-mail address is: the one with it (unless
 * erased: then the visitor is nobody yet), else a new one. */
static ld_status visitor_customer(struct app *app, struct ld_chat *c, struct ld_err *err)
{
	struct ld_customer cu = { 0 };
	bool created;
	ld_status rc;

	/* An address is ASCII: cut to a name's length, it stays whole characters. */
	snprintf(cu.name, sizeof cu.name, "%.200s",
		 c->visitor_name[0] != '\0' ? c->visitor_name : c->visitor_email);
	snprintf(cu.email, sizeof cu.email, "%s", c->visitor_email);
	snprintf(cu.language, sizeof cu.language, "%s", c->language);
	cu.preferred_channel = LD_CH_CHAT;
	rc = app_customer_find_or_create(app, NULL, &cu, &cu, &created, err);
	if (rc == LD_OK && cu.erased_at == 0)
		c->customer_id = cu.id;
	ld_customer_clear(&cu);
	return rc;
}

static ld_status begin(struct app *app, const struct app_chat_start *in,
		       const struct ld_chat_widget *w, struct ld_chat *c, const uint8_t *digest,
		       struct ld_chat_message *msgs, int *n, struct ld_err *err)
{
	const char *greeting;
	char detail[160];
	ld_status rc;

	if (c->visitor_email[0] != '\0' && (rc = visitor_customer(app, c, err)) != LD_OK)
		return rc;
	c->widget_id = w->id;
	c->state = LD_CHAT_WAITING;
	c->close_reason = -1;
	c->started_at = c->last_activity_at = app_now(app);
	if ((rc = STORE_CALL(app->store, chat_insert, c, digest, err)) != LD_OK ||
	    (rc = append(app, c, LD_AUTHOR_VISITOR, 0, in->message, in->message_len, &msgs[0],
			 err)) != LD_OK)
		return rc;
	*n = 1;
	if (w->bot) {
		greeting = w->greeting[0] != '\0' ? w->greeting : chat_text_greeting(c->language);
		if ((rc = append(app, c, LD_AUTHOR_BOT, 0, greeting, strlen(greeting), &msgs[1],
				 err)) != LD_OK)
			return rc;
		c->bot_at = msgs[1].at;
		*n = 2;
	}
	if ((rc = STORE_CALL(app->store, chat_update, c, err)) != LD_OK)
		return rc;
	snprintf(detail, sizeof detail, "{\"widget\":%lld,\"customer_id\":%lld}",
		 (long long)w->id, (long long)c->customer_id);
	struct app_actor who = { .role = LD_ROLE_ADMIN };
	if (in->address != NULL && strlen(in->address) <= LD_AUDIT_ADDRESS_MAX)
		snprintf(who.address, sizeof who.address, "%s", in->address);
	return app_audit(app, &who, "chat.start", "chat", c->id, detail, err);
}

ld_status app_chat_start(struct app *app, const struct app_chat_start *in, struct ld_chat *out,
			 char token[APP_TOKEN_LEN + 1], struct ld_chat_message *msgs, int *n,
			 struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	struct ld_chat_widget w;
	int64_t wait = 0;
	ld_status rc;

	memset(out, 0, sizeof *out);
	token[0] = '\0';
	*n = 0;
	if ((rc = start_check(in, out, err)) != LD_OK ||
	    (rc = app_chat_widget_public(app, in->widget, &w, err)) != LD_OK)
		return rc;
	crypto_token_new(token);
	if ((rc = crypto_token_digest(token, digest, err)) != LD_OK ||
	    (rc = app_tx_begin(app, err)) != LD_OK) {
		token[0] = '\0';
		return rc;
	}
	rc = app_throttle_count(app, &START_RULE, "chat", in->address, &wait, err);
	if (rc == LD_OK && wait == 0)
		rc = begin(app, in, &w, out, digest, msgs, n, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK && wait > 0) {
		rc = ld_fail(err, LD_ERR_TOO_MANY, "too_many_attempts", NULL,
			     "too many chats begun from here; try again in %lld s", (long long)wait);
		err->retry_after_s = wait;
	}
	if (rc != LD_OK) {
		token[0] = '\0';
		*n = 0;
	} else {
		snprintf(msgs[0].name, sizeof msgs[0].name, "%s", out->visitor_name);
	}
	return rc;
}

/* ==================================================================== *
 * Reading
 * ==================================================================== */

ld_status app_chat_get(struct app *app, const struct app_chat_party *who, int64_t id,
		       struct ld_chat *out, struct ld_err *err)
{
	return chat_of(app, who, id, out, err);
}

/* The display names of the messages' authors. */
static ld_status fill_names(struct app *app, const struct ld_chat *c, struct ld_chat_message *m,
			    int n, struct ld_err *err)
{
	struct { int64_t id; char name[LD_NAME_MAX + 1]; } seen[4] = { { 0 } };
	struct ld_chat other = { 0 };
	ld_status rc;

	for (int i = 0; i < n; i++) {
		m[i].name[0] = '\0';
		if (m[i].author == LD_AUTHOR_VISITOR) {
			const struct ld_chat *of = c;
			if (c == NULL || c->id != m[i].chat_id) {
				/* The feed: each chat read once while its messages run on. */
				if (other.id != m[i].chat_id &&
				    (rc = STORE_CALL(app->store, chat_get, m[i].chat_id, &other, err)) !=
					    LD_OK)
					return rc;
				of = &other;
			}
			snprintf(m[i].name, sizeof m[i].name, "%s", of->visitor_name);
		} else if (m[i].author == LD_AUTHOR_AGENT && m[i].agent_id != 0) {
			int k = 0;
			while (k < 4 && seen[k].id != 0 && seen[k].id != m[i].agent_id)
				k++;
			if (k == 4)
				k = 3; /* a fifth agent in a page: the last slot is reused */
			if (seen[k].id != m[i].agent_id) {
				struct ld_agent a;
				if ((rc = app_agent_get(app, NULL, m[i].agent_id, &a, err)) != LD_OK)
					return rc;
				seen[k].id = a.id;
				snprintf(seen[k].name, sizeof seen[k].name, "%s", a.name);
			}
			snprintf(m[i].name, sizeof m[i].name, "%s", seen[k].name);
		}
	}
	return LD_OK;
}

ld_status app_chat_messages(struct app *app, const struct app_chat_party *who, int64_t id,
			    int64_t after_id, int limit, struct ld_chat_message *out, int *n,
			    struct ld_chat *chat, struct ld_err *err)
{
	ld_status rc;

	*n = 0;
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	if (after_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "after", "after is an id");
	if (id == 0 && who->actor != NULL) {
		if ((rc = app_require_staff(who->actor, err)) != LD_OK ||
		    (rc = STORE_CALL(app->store, chat_message_list, 0, after_id, limit, out, n,
				     err)) != LD_OK)
			return rc;
		return fill_names(app, NULL, out, *n, err);
	}
	/* The chat first: when it reads closed, every message it had is in. */
	if ((rc = chat_of(app, who, id, chat, err)) != LD_OK ||
	    (rc = STORE_CALL(app->store, chat_message_list, chat->id, after_id, limit, out, n,
			     err)) != LD_OK)
		return rc;
	return fill_names(app, chat, out, *n, err);
}

ld_status app_chat_head(struct app *app, const struct app_actor *actor, int64_t *id,
			struct ld_err *err)
{
	ld_status rc = app_require_staff(actor, err);

	*id = 0;
	return rc != LD_OK ? rc : STORE_CALL(app->store, chat_message_head, id, err);
}

ld_status app_chat_list(struct app *app, const struct app_actor *actor,
			const struct store_chat_query *q, struct ld_chat *out, int *n,
			struct ld_err *err)
{
	struct store_chat_query page = *q;
	ld_status rc;

	*n = 0;
	if ((rc = app_require_staff(actor, err)) != LD_OK ||
	    (rc = app_check_limit(&page.limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, chat_list, &page, out, n, err);
}

/* ==================================================================== *
 * Writing in a chat
 * ==================================================================== */

static ld_status say(struct app *app, const struct app_chat_party *who, int64_t id,
		     const char *body, size_t len, struct ld_chat_message *msg,
		     struct ld_chat *c, struct ld_err *err)
{
	int64_t agent = who->actor != NULL ? who->actor->agent_id : 0;
	ld_status rc;

	if ((rc = chat_of(app, who, id, c, err)) != LD_OK)
		return rc;
	if (c->state == LD_CHAT_CLOSED)
		return refuse_closed(c, err);
	if (c->messages >= LD_CHAT_MESSAGES_MAX)
		return ld_fail(err, LD_ERR_CONFLICT, "chat_full", NULL,
			       "a chat holds at most %d messages: close this one and begin another",
			       LD_CHAT_MESSAGES_MAX);
	if (agent != 0 && (rc = take(app, c, agent, err)) != LD_OK)
		return rc;
	if ((rc = append(app, c, agent != 0 ? LD_AUTHOR_AGENT : LD_AUTHOR_VISITOR, agent, body, len,
			 msg, err)) != LD_OK)
		return rc;
	if (agent != 0 && c->answered_at == 0)
		c->answered_at = msg->at;
	if ((rc = STORE_CALL(app->store, chat_update, c, err)) != LD_OK)
		return rc;
	return fill_names(app, c, msg, 1, err);
}

ld_status app_chat_say(struct app *app, const struct app_chat_party *who, int64_t id,
		       const char *body, size_t len, struct ld_chat_message *msg,
		       struct ld_chat *chat, struct ld_err *err)
{
	ld_status rc;

	memset(msg, 0, sizeof *msg);
	if ((rc = message_check("body", body, len, "a message needs some text", err)) != LD_OK ||
	    (rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = say(app, who, id, body, len, msg, chat, err);
	return app_tx_end(app, rc, err);
}

ld_status app_chat_accept(struct app *app, const struct app_actor *actor, int64_t id,
			  struct ld_chat *chat, struct ld_err *err)
{
	const struct app_chat_party who = { .actor = actor };
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK || (rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = chat_of(app, &who, id, chat, err);
	if (rc == LD_OK && chat->state == LD_CHAT_CLOSED)
		rc = refuse_closed(chat, err);
	if (rc == LD_OK && chat->agent_id != actor->agent_id) {
		if ((rc = take(app, chat, actor->agent_id, err)) == LD_OK)
			rc = STORE_CALL(app->store, chat_update, chat, err);
		if (rc == LD_OK)
			rc = app_audit(app, actor, "chat.accept", "chat", id, NULL, err);
	}
	return app_tx_end(app, rc, err);
}

ld_status app_chat_link(struct app *app, const struct app_actor *actor, int64_t id,
			int64_t case_id, struct ld_chat *chat, struct ld_err *err)
{
	const struct app_chat_party who = { .actor = actor };
	struct ld_case c;
	char detail[64];
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (case_id <= 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "case_id", "ids are positive");
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = chat_of(app, &who, id, chat, err);
	if (rc == LD_OK && chat->state == LD_CHAT_CLOSED)
		rc = refuse_closed(chat, err);
	if (rc == LD_OK)
		rc = app_case_load_merged(app, case_id, &c, err);
	if (rc == LD_OK && chat->customer_id != 0 && c.customer_id != chat->customer_id)
		rc = ld_fail(err, LD_ERR_CONFLICT, "case_of_other_customer", "case_id",
			     "case %lld is another customer's", (long long)c.id);
	if (rc == LD_OK) {
		chat->customer_id = c.customer_id;
		chat->case_id = c.id;
		rc = STORE_CALL(app->store, chat_update, chat, err);
	}
	snprintf(detail, sizeof detail, "{\"case_id\":%lld}", (long long)chat->case_id);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "chat.link", "chat", id, detail, err);
	if (rc == LD_OK)
		app_live_note(app, id);
	return app_tx_end(app, rc, err);
}

/* ==================================================================== *
 * Closing: the chat becomes its contact
 * ==================================================================== */

/* The transcript's name for the author of `m`. */
static const char *transcript_who(void *arg, const struct ld_chat_message *m)
{
	(void)arg;
	switch (m->author) {
	case LD_AUTHOR_VISITOR:
		return m->name[0] != '\0' ? m->name : "Visitor";
	case LD_AUTHOR_AGENT:
		return m->name[0] != '\0' ? m->name : "Agent";
	case LD_AUTHOR_BOT:
		return "Bot";
	default:
		return "Desk";
	}
}

/* A customer for a visitor who gave no address: named as they said. */
static ld_status anonymous_customer(struct app *app, struct ld_chat *c, struct ld_err *err)
{
	struct ld_customer cu = { 0 };
	ld_status rc;

	if (c->visitor_name[0] != '\0')
		snprintf(cu.name, sizeof cu.name, "%s", c->visitor_name);
	else
		snprintf(cu.name, sizeof cu.name, "Chat visitor %lld", (long long)c->id);
	snprintf(cu.language, sizeof cu.language, "%s", c->language);
	cu.preferred_channel = LD_CH_CHAT;
	rc = app_customer_create(app, NULL, &cu, err);
	c->customer_id = cu.id;
	ld_customer_clear(&cu);
	return rc;
}

/* The subject of a new case: the first line of the visitor's first message. */
static void chat_subject(const struct ld_chat_message *first, char *out, size_t cap)
{
	size_t n = strcspn(first->body, "\r\n");
	size_t max = cap > 8 ? cap - 8 : 0;

	/* Cut at a character boundary, never inside a UTF-8 sequence. */
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)first->body[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(out, cap, "Chat: %.*s", (int)n, first->body);
}

/* Writes the contact (and the desk's first answer) of closed chat `c`. */
static ld_status record(struct app *app, const struct ld_chat_widget *w, struct ld_chat *c,
			int64_t end, struct ld_err *err)
{
	int cap = LD_CHAT_MESSAGES_MAX + 8, n = 0;
	struct ld_chat_message *m = xcalloc((size_t)cap, sizeof *m);
	char *body = xmalloc(LD_BODY_MAX + 1);
	char subject[LD_SUBJECT_MAX + 1];
	struct ld_interaction it = { 0 };
	struct ld_case cs = { 0 };
	const char *first_answer = NULL;
	ld_status rc;

	rc = STORE_CALL(app->store, chat_message_list, c->id, 0, cap, m, &n, err);
	if (rc == LD_OK)
		rc = fill_names(app, c, m, n, err);
	if (rc == LD_OK && c->customer_id == 0)
		rc = anonymous_customer(app, c, err);
	if (rc != LD_OK)
		goto out;
	chat_transcript(m, n, transcript_who, NULL, body, LD_BODY_MAX + 1);
	chat_subject(&m[0], subject, sizeof subject);
	for (int i = 0; i < n && first_answer == NULL; i++)
		if (m[i].author == LD_AUTHOR_AGENT)
			first_answer = m[i].body;
	const struct app_contact_place place = {
		.customer_id = c->customer_id, .case_id = c->case_id,
		.team_id = w->team_id, .subject = subject,
		.first = {
			.channel = chat_contact_channel(c), .direction = LD_DIR_IN,
			.kind = LD_IK_MESSAGE, .agent_id = c->first_agent_id, .has_agent_id = true,
			.started_at = c->started_at, .has_started_at = true,
			.duration_s = (int)(end > c->started_at ? end - c->started_at : 0),
			.body = body, .sentiment = NAN,
		},
	};
	if ((rc = app_contact_place(app, &place, &it, &cs, err)) != LD_OK)
		goto out;
	c->case_id = cs.id;
	c->interaction_id = it.id;
	ld_interaction_clear(&it);
	if (first_answer != NULL) {
		/* The desk's first reply, when it was written: the case's first response. */
		const struct app_interaction_in reply = {
			.channel = LD_CH_CHAT, .direction = LD_DIR_OUT, .kind = LD_IK_MESSAGE,
			.agent_id = c->first_agent_id, .has_agent_id = true,
			.started_at = c->answered_at, .has_started_at = true,
			.body = first_answer, .sentiment = NAN,
		};
		rc = app_interaction_add(app, NULL, cs.id, &reply, &it, &cs, err);
		ld_interaction_clear(&it);
	}
	if (rc == LD_OK && c->transfers > 0 && c->agent_id != c->first_agent_id)
		rc = app_case_transfer_from(app, NULL, cs.id, c->first_agent_id, c->agent_id, 0,
					    "Taken over during the chat.", &cs, err);
out:
	free(m);
	free(body);
	return rc;
}

/* Closes `c` for `reason`: the notice, the state, the contact. */
static ld_status finish(struct app *app, struct ld_chat *c, int reason, struct ld_err *err)
{
	struct ld_chat_widget w;
	char text[512];
	int64_t end = reason == LD_CLOSE_IDLE ? c->last_activity_at : app_now(app);
	ld_status rc;

	if ((rc = STORE_CALL(app->store, chat_widget_get, c->widget_id, &w, err)) != LD_OK)
		return rc;
	if (chat_text_closed(c->language, reason, (int)(app->cfg.chat_idle_s / 60), text,
			     sizeof text) &&
	    (rc = notice(app, c, text, err)) != LD_OK)
		return rc;
	c->state = LD_CHAT_CLOSED;
	c->closed_at = app_now(app);
	c->close_reason = reason;
	if ((rc = record(app, &w, c, end, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, chat_update, c, err);
}

static ld_status close_as(struct app *app, const struct app_chat_party *who, int64_t id,
			  struct ld_chat *c, struct ld_err *err)
{
	const struct app_actor system = { .role = LD_ROLE_ADMIN };
	ld_status rc;

	if ((rc = chat_of(app, who, id, c, err)) != LD_OK)
		return rc;
	if (c->state == LD_CHAT_CLOSED)
		return refuse_closed(c, err);
	if ((rc = finish(app, c, who->actor != NULL ? LD_CLOSE_AGENT : LD_CLOSE_VISITOR, err)) !=
	    LD_OK)
		return rc;
	return app_audit(app, who->actor != NULL ? who->actor : &system, "chat.close", "chat", c->id,
			 who->actor != NULL ? "{\"by\":\"agent\"}" : "{\"by\":\"visitor\"}", err);
}

ld_status app_chat_close(struct app *app, const struct app_chat_party *who, int64_t id,
			 struct ld_chat *chat, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = close_as(app, who, id, chat, err);
	return app_tx_end(app, rc, err);
}

/* Closes one quiet chat, unless it woke up meanwhile. */
static ld_status close_idle(struct app *app, int64_t id, int64_t before, bool *closed,
			    struct ld_err *err)
{
	struct ld_chat c;
	ld_status rc;

	*closed = false;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, chat_get, id, &c, err);
	if (rc == LD_OK && c.state != LD_CHAT_CLOSED && c.last_activity_at < before) {
		rc = finish(app, &c, LD_CLOSE_IDLE, err);
		if (rc == LD_OK)
			rc = app_audit(app, NULL, "chat.close", "chat", id, "{\"by\":\"idle\"}", err);
		*closed = rc == LD_OK;
	}
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK)
		*closed = false;
	return rc;
}

ld_status app_chat_sweep(struct app *app, int max, int *closed, struct ld_err *err)
{
	enum { PAGE = 50 };
	struct ld_chat *page = xcalloc(PAGE, sizeof *page);
	int64_t before = app_now(app) - app->cfg.chat_idle_s;
	int n = 0;
	ld_status rc;

	*closed = 0;
	rc = STORE_CALL(app->store, chat_list_idle, before, max < PAGE ? max : PAGE, page, &n, err);
	for (int i = 0; i < n && rc == LD_OK; i++) {
		bool done = false;
		rc = close_idle(app, page[i].id, before, &done, err);
		if (done)
			++*closed;
		else if (rc != LD_OK && !ld_status_store_failed(rc))
			rc = LD_OK; /* this one cannot be closed (its case is gone): the next */
	}
	free(page);
	return rc;
}
