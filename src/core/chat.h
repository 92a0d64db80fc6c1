/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Live chat as plain values, and its rules (app/chats.c runs them).
 *
 * Owns: the widget, chat and message values; what one message may hold;
 * which contact a finished chat becomes (its channel); the transcript a
 * chat leaves on its case; the texts the desk itself writes into a chat
 * (the bot's first answer, "joined", "closed"), in the six languages of the
 * desk. Must not do I/O or allocate.
 *
 * A chat is one contact, however many messages it holds: a customer who
 * writes ten lines has reached out once, and counting each line would make
 * every chat a string of repeat contacts (core/effort.c). So the messages
 * live with the chat while it runs, and its end writes one inbound contact
 * carrying the whole transcript, plus the agent's first answer as the
 * desk's reply (that is the case's first response, for its SLA). The
 * contact's channel says who the customer met:
 *   chat  an agent took part (whether or not the bot greeted first: the
 *         customer got a person, as a phone call answered after the IVR);
 *   bot   only the bot answered: a contact with a robot only, which the
 *         effort figures count until a resolution without a person;
 *   chat  nobody answered: a missed chat (agent none).
 */
#ifndef LD_CORE_CHAT_H
#define LD_CORE_CHAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

#define LD_CHAT_KEY_LEN 24          /* hex characters of a widget's public key */
#define LD_CHAT_MESSAGE_MAX 4000    /* bytes of one message */
#define LD_CHAT_MESSAGES_MAX 500    /* messages one chat holds; then it must be closed */
#define LD_CHAT_GREETING_MAX 1000   /* bytes of a widget's own bot answer */
#define LD_CHAT_ORIGINS_MAX 1000    /* bytes of a widget's embedding origins */
#define LD_CHAT_PAGE_MAX 1000       /* bytes of the page a chat began on */

/* A chat widget: what one script tag on a company's site opens. */
struct ld_chat_widget {
	int64_t id;                             /* store id */
	char key[LD_CHAT_KEY_LEN + 1];          /* public: in the script tag, not a secret */
	char name[LD_NAME_MAX + 1];             /* unique, "Shop" */
	int64_t team_id;                        /* where its chats' new cases go, 0 = none */
	char origins[LD_CHAT_ORIGINS_MAX + 1];  /* sites that may embed it, space-separated
						 * "https://shop.example"; "" = any */
	bool bot;                               /* the bot answers a new chat first */
	char greeting[LD_CHAT_GREETING_MAX + 1]; /* its answer; "" = the desk's own text in the
						  * chat's language (chat_text_greeting) */
	int64_t created_at;                     /* Unix s */
	int64_t disabled_at;                    /* Unix s, 0 = in service */
};

struct ld_chat {
	int64_t id;                             /* store id */
	int64_t widget_id;                      /* where it began */
	int state;                              /* enum ld_chat_state */
	int64_t customer_id;                    /* the visitor's customer, 0 = not known yet */
	int64_t case_id;                        /* chosen before the end (0 = the desk
						 * chooses); after it, the contact's case */
	int64_t agent_id;                       /* who has it now, 0 = nobody */
	int64_t first_agent_id;                 /* who took it first, 0 = nobody */
	int transfers;                          /* taken over by another agent */
	char visitor_name[LD_NAME_MAX + 1];     /* as given, "" = none */
	char visitor_email[LD_EMAIL_MAX + 1];   /* as given, lower-cased, "" = none */
	char language[LD_LANG_MAX + 1];         /* of the desk's texts in it */
	char page[LD_CHAT_PAGE_MAX + 1];        /* the page it began on, "" = unknown */
	int64_t started_at;                     /* Unix s: the visitor's first message */
	int64_t answered_at;                    /* the first agent message, 0 = none */
	int64_t bot_at;                         /* the bot's answer, 0 = none */
	int64_t last_activity_at;               /* the last message */
	int64_t closed_at;                      /* 0 = open */
	int close_reason;                       /* enum ld_chat_close, -1 = open */
	int messages;                           /* how many it holds */
	int64_t interaction_id;                 /* the contact it became, 0 = open */
};

struct ld_chat_message {
	int64_t id;                             /* store id, increasing across all chats */
	int64_t chat_id;
	int author;                             /* enum ld_chat_author */
	int64_t agent_id;                       /* for an agent's message, else 0 */
	char body[LD_CHAT_MESSAGE_MAX + 1];     /* UTF-8 */
	int64_t at;                             /* Unix s */
	char name[LD_NAME_MAX + 1];             /* the author's display name, filled when
						 * read (not stored): the visitor's or the
						 * agent's; "" for the bot and the desk */
};

/*
 * Checks a message's text: valid UTF-8 without control characters but tab
 * and line breaks, not only white space, at most LD_CHAT_MESSAGE_MAX bytes.
 * Returns NULL when it is fine, else the error code ("missing_field" for
 * empty, "invalid_utf8", "invalid_text", "too_long").
 */
const char *chat_text_check(const char *s, size_t len);

/* The channel of the contact `c` becomes (chat or bot; see above). */
int chat_contact_channel(const struct ld_chat *c);

/* Whether `origins` is a list a widget may keep: "" (any site), or origins
 * separated by single spaces, each "http://" or "https://" and a host with
 * an optional port, no path, no wildcard, only the characters a host name
 * or an IPv6 literal has (they go into a Content-Security-Policy header). */
bool chat_origins_valid(const char *origins);

/*
 * The transcript of `n` messages into out[0..cap): one line per message,
 * "[HH:MM] Who: text" in UTC, where `who` names the author of message i
 * (the visitor's name, the agent's …). A message with several lines is
 * indented under its first. Stops at a whole line when out is full and says
 * how many were left out. Returns the length written.
 */
size_t chat_transcript(const struct ld_chat_message *m, int n,
		       const char *(*who)(void *arg, const struct ld_chat_message *m), void *arg,
		       char *out, size_t cap);

/* ---- the desk's own texts (chat_text.c), in cs de pl en es uk; else en ---- */

/* The bot's first answer when the widget has no text of its own. */
const char *chat_text_greeting(const char *lang);
/* "`name` joined the chat." into out; false when out is too small. */
bool chat_text_joined(const char *lang, const char *name, char *out, size_t cap);
/* The notice that ends a chat closed for `reason` (enum ld_chat_close);
 * `minutes` for an idle one. */
bool chat_text_closed(const char *lang, int reason, int minutes, char *out, size_t cap);

#endif
