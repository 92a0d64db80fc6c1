/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Live chat: the widgets a company embeds, the visitor's side and the
 * agent's side of a chat (docs/chat.md). The rules of what a chat becomes
 * are core/chat.h's; live delivery is app/live.h's.
 *
 * A chat begins with the visitor's first message through a widget (its
 * public key); the answer carries a token that is the visitor's only way
 * back into that chat (kept as its SHA-256). A visitor who gives an e-mail
 * address that a customer has joins that customer: their chats, calls and
 * mail are one history. One who gives a new address becomes a customer at
 * once; one who gives none, when the chat ends.
 *
 * An agent takes a waiting chat (accept, or simply by answering); another
 * agent answering takes it over, which is a transfer. When the widget has
 * its bot on, the bot answers the first message at once. The visitor or the
 * agent closes the chat, or the desk does once nobody wrote for
 * [chat] idle_timeout (app_chat_sweep); then it becomes one contact on a case
 * (core/chat.h) and nothing more can be written in it (409 "chat_closed").
 *
 * Chats are the staff's to read, like calls. Every change is published to
 * the live hub after its commit, under the chat's id.
 */
#ifndef LD_APP_CHATS_H
#define LD_APP_CHATS_H

#include "app/app.h"
#include "core/chat.h"

#define APP_CHAT_STARTS_PER_HOUR 20 /* chats one client address begins before it waits */

/* Who acts in a chat: the visitor, by their token, or a staff account. */
struct app_chat_party {
	const struct app_actor *actor; /* staff; NULL = the visitor */
	const char *token;             /* the visitor's token (64 hex), when actor is NULL */
};

/* ---- widgets (admins) ---- */

/* Makes a widget from `in` (name, team_id, origins, bot, greeting); its key
 * is made here. */
ld_status app_chat_widget_create(struct app *app, const struct app_actor *actor,
				 struct ld_chat_widget *in, struct ld_err *err);
ld_status app_chat_widget_get(struct app *app, const struct app_actor *actor, int64_t id,
			      struct ld_chat_widget *out, struct ld_err *err);
ld_status app_chat_widget_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			       int limit, struct ld_chat_widget *out, int *n, struct ld_err *err);
/* Writes every editable field of `w` (get, change, update); disabled_at ≠ 0
 * takes it out of service (its chats go on). */
ld_status app_chat_widget_update(struct app *app, const struct app_actor *actor,
				 struct ld_chat_widget *w, struct ld_err *err);
/* The widget in service with public key `key`, for anyone (the page that
 * embeds it): 404 "chat_widget_not_found" otherwise. */
ld_status app_chat_widget_public(struct app *app, const char *key, struct ld_chat_widget *out,
				 struct ld_err *err);

/* ---- the visitor ---- */

/* A visitor's first message (strings borrowed; NULL = not given). */
struct app_chat_start {
	const char *widget;     /* the widget's key (required) */
	const char *message;    /* the first message (required) */
	size_t message_len;
	const char *name;       /* how they call themselves */
	const char *email;      /* joins the customer with this address */
	const char *language;   /* cs de pl en es uk; default en */
	const char *page;       /* the page they write from (a link) */
	const char *address;    /* the client's address, for the limit and the audit log */
};

/*
 * Begins a chat. At most APP_CHAT_STARTS_PER_HOUR from one address in a run
 * (then 429 "too_many_attempts" with retry_after_s). [out] the chat, its
 * token (shown once) and its messages so far (the first, and the bot's
 * answer): msgs has room for 2, *n set.
 */
ld_status app_chat_start(struct app *app, const struct app_chat_start *in, struct ld_chat *out,
			 char token[APP_TOKEN_LEN + 1], struct ld_chat_message *msgs, int *n,
			 struct ld_err *err);

/* ---- either side ---- */

/*
 * The chat `id` as `who` may see it: staff any chat by id; the visitor
 * only their own, by token (`id` 0 = the token's chat; another id is 404).
 * A token that opens no chat is 404 "chat_not_found".
 */
ld_status app_chat_get(struct app *app, const struct app_chat_party *who, int64_t id,
		       struct ld_chat *out, struct ld_err *err);

/* Writes a message in chat `id` (as app_chat_get). An agent answering a
 * waiting chat takes it; answering one another agent has takes it over.
 * 409 "chat_closed" after the close, 409 "chat_full" past
 * LD_CHAT_MESSAGES_MAX. [out] the message and the chat after it. */
ld_status app_chat_say(struct app *app, const struct app_chat_party *who, int64_t id,
		       const char *body, size_t len, struct ld_chat_message *msg,
		       struct ld_chat *chat, struct ld_err *err);

/* Closes chat `id` (as app_chat_get): it becomes its contact. 409
 * "chat_closed" the second time. [out] the chat after it. */
ld_status app_chat_close(struct app *app, const struct app_chat_party *who, int64_t id,
			 struct ld_chat *chat, struct ld_err *err);

/*
 * The messages of chat `id` after message `after_id`, in order, at most
 * `limit` (as app_chat_get), names filled; the chat as of before them into
 * `chat` (so a closed chat's last messages are all there). With `id` 0 and
 * staff: every chat's messages (the agents' feed), `chat` untouched.
 */
ld_status app_chat_messages(struct app *app, const struct app_chat_party *who, int64_t id,
			    int64_t after_id, int limit, struct ld_chat_message *out, int *n,
			    struct ld_chat *chat, struct ld_err *err);

/* The id of the newest message of any chat, for staff: where a feed that
 * wants only what is new begins. */
ld_status app_chat_head(struct app *app, const struct app_actor *actor, int64_t *id,
			struct ld_err *err);

/* ---- the agent ---- */

/* Takes chat `id`: waiting → active with this agent; another agent's → a
 * takeover; one's own → nothing changes. [out] the chat after it. */
ld_status app_chat_accept(struct app *app, const struct app_actor *actor, int64_t id,
			  struct ld_chat *chat, struct ld_err *err);

/* Says which case a chat not closed yet is about: it must be the visitor's
 * customer's (or, for a visitor not known yet, they become that case's
 * customer). 409 "chat_closed" once closed. */
ld_status app_chat_link(struct app *app, const struct app_actor *actor, int64_t id,
			int64_t case_id, struct ld_chat *chat, struct ld_err *err);

/* Chats by id (cursor), for staff. */
ld_status app_chat_list(struct app *app, const struct app_actor *actor,
			const struct store_chat_query *q, struct ld_chat *out, int *n,
			struct ld_err *err);

/* Closes the chats nobody wrote in for chat_idle_s, at most `max`, each in
 * a transaction of its own; serve runs it every 30 s. */
ld_status app_chat_sweep(struct app *app, int max, int *closed, struct ld_err *err);

#endif
