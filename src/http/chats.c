/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Live chat (app/chats.h, docs/chat.md).
 *
 * The visitor: POST /api/v1/chats {"widget","message","name","email",
 * "language","page"} begins a chat and answers its token once; the token
 * is the path of everything else the visitor does — /api/v1/chat/{token},
 * …/messages (GET, POST {"body"}), …/events (the live stream), …/close. A
 * path, not a header, because a browser's EventSource sends no headers; the
 * token opens one chat, and nothing once that chat is closed but its
 * transcript.
 *
 * Staff: /api/v1/chats (list), /chats/{id} (GET, PATCH {"case_id"}),
 * …/accept, …/messages, …/events, …/close, and /chats/events, the feed of
 * every chat's messages. Widgets: /api/v1/chat-widgets (admins).
 *
 * The streams are Server-Sent Events (stream.h): one event "message" per
 * message, with the message id as the event id, so a reconnecting client
 * (Last-Event-ID, or ?after=) misses nothing; a chat's own stream ends with
 * an event "closed" after its last message.
 */
#include "http/resource.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/chats.h"
#include "app/live.h"
#include "http/json_in.h"
#include "http/reply.h"
#include "http/stream.h"

#define CHAT_PAGE 50 /* messages one poll of a stream reads */

static const char *opt(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* ---- rendering ---- */

static void render_widget(struct http_json *j, const char *key, const struct ld_chat_widget *w)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", w->id);
	http_json_str(j, "key", w->key);
	http_json_str(j, "name", w->name);
	http_json_id(j, "team_id", w->team_id);
	http_json_str(j, "origins", w->origins);
	http_json_bool(j, "bot", w->bot);
	http_json_str(j, "greeting", opt(w->greeting));
	http_json_bool(j, "active", w->disabled_at == 0);
	http_json_time(j, "created_at", w->created_at);
	http_json_time(j, "disabled_at", w->disabled_at);
	http_json_obj_end(j);
}

/* A chat as staff see it; `visitor` leaves out what is the desk's business. */
static void render_chat(struct http_json *j, const char *key, const struct ld_chat *c,
			bool visitor)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", c->id);
	http_json_enum(j, "state", ld_chat_state_name(c->state));
	http_json_str(j, "language", c->language);
	http_json_time(j, "started_at", c->started_at);
	http_json_time(j, "closed_at", c->closed_at);
	http_json_enum(j, "close_reason", ld_chat_close_name(c->close_reason));
	if (!visitor) {
		http_json_int(j, "widget_id", c->widget_id);
		http_json_id(j, "customer_id", c->customer_id);
		http_json_id(j, "case_id", c->case_id);
		http_json_id(j, "agent_id", c->agent_id);
		http_json_id(j, "first_agent_id", c->first_agent_id);
		http_json_int(j, "transfers", c->transfers);
		http_json_str(j, "visitor_name", opt(c->visitor_name));
		http_json_str(j, "visitor_email", opt(c->visitor_email));
		http_json_str(j, "page", opt(c->page));
		http_json_time(j, "answered_at", c->answered_at);
		http_json_time(j, "bot_at", c->bot_at);
		http_json_time(j, "last_activity_at", c->last_activity_at);
		http_json_int(j, "messages", c->messages);
		http_json_id(j, "interaction_id", c->interaction_id);
	}
	http_json_obj_end(j);
}

static void render_message(struct http_json *j, const char *key, const struct ld_chat_message *m)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", m->id);
	http_json_int(j, "chat_id", m->chat_id);
	http_json_enum(j, "author", ld_chat_author_name(m->author));
	http_json_str(j, "name", opt(m->name));
	http_json_id(j, "agent_id", m->agent_id);
	http_json_str(j, "body", m->body);
	http_json_time(j, "at", m->at);
	http_json_obj_end(j);
}

/* {"chat":…,"messages":[…]} */
static void reply_chat(struct http_call *call, int status, const struct ld_chat *c, bool visitor,
		       const struct ld_chat_message *m, int n, const char *token)
{
	struct http_json j;

	http_json_init(&j, 1024 + (size_t)n * 600);
	http_json_obj_begin(&j, NULL);
	render_chat(&j, "chat", c, visitor);
	if (token != NULL)
		http_json_str(&j, "token", token);
	if (m != NULL) {
		http_json_arr_begin(&j, "messages");
		for (int i = 0; i < n; i++)
			render_message(&j, NULL, &m[i]);
		http_json_arr_end(&j);
	}
	http_json_obj_end(&j);
	http_reply_json(call->res, status, &j);
}

/* ---- who is asking ---- */

/* The party of a request: staff on /chats/{id}, the visitor on /chat/{token}. */
static struct app_chat_party party_of(const struct http_call *call, int64_t *id)
{
	struct app_chat_party p = { 0 };

	if (call->actor != NULL) {
		p.actor = call->actor;
		*id = call->ids[0];
	} else {
		p.token = call->key;
		*id = 0;
	}
	return p;
}

/* ---- widgets ---- */

static const char *const WIDGET_FIELDS[] = { "name", "team_id", "origins", "bot", "greeting",
					     "active", NULL };

static ld_status widget_parse(const json_t *body, struct ld_chat_widget *w, bool create,
			      struct ld_err *err)
{
	unsigned need = create ? HTTP_JSON_REQUIRED : 0;
	const json_t *active = json_object_get(body, "active");
	const json_t *bot = json_object_get(body, "bot");
	ld_status rc;

	if ((rc = http_json_get_text(body, "name", need, w->name, sizeof w->name, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_id(body, "team_id", HTTP_JSON_NULLABLE, &w->team_id, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_text(body, "origins", HTTP_JSON_NULLABLE, w->origins,
				     sizeof w->origins, NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "greeting", HTTP_JSON_NULLABLE, w->greeting,
				     sizeof w->greeting, NULL, err)) != LD_OK)
		return rc;
	if (bot != NULL && !json_is_boolean(bot))
		return ld_fail(err, LD_ERR_INVALID, "invalid_type", "bot", "bot is true or false");
	if (bot != NULL)
		w->bot = json_is_true(bot);
	if (active != NULL && (create || !json_is_boolean(active)))
		return ld_fail(err, LD_ERR_INVALID, create ? "unknown_field" : "invalid_type",
			       "active",
			       create ? "a new widget is active" : "active is true or false");
	if (active != NULL)
		w->disabled_at = json_is_true(active) ? 0 : 1; /* the app keeps the first time */
	return LD_OK;
}

ld_status http_chat_widget_create(struct http_call *call, struct ld_err *err)
{
	struct ld_chat_widget w = { 0 };
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, WIDGET_FIELDS, &body, err)) != LD_OK ||
	    (rc = widget_parse(body, &w, true, err)) != LD_OK ||
	    (rc = app_chat_widget_create(call->app, call->actor, &w, err)) != LD_OK)
		goto out;
	http_json_init(&j, 2048);
	render_widget(&j, NULL, &w);
	http_reply_json(call->res, 201, &j);
	http_set_location(call->res, "/api/v1/chat-widgets", w.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_chat_widget_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "limit", "cursor", NULL };
	struct ld_chat_widget *rows;
	struct http_query q;
	struct http_json j;
	int64_t after = 0;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		return rc;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_chat_widget_list(call->app, call->actor, after, limit, rows, &n, err)) ==
	    LD_OK) {
		http_page_begin(&j, 64 + (size_t)n * 1024);
		for (int i = 0; i < n; i++)
			render_widget(&j, NULL, &rows[i]);
		http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
		http_reply_json(call->res, 200, &j);
	}
	free(rows);
	return rc;
}

ld_status http_chat_widget_get(struct http_call *call, struct ld_err *err)
{
	struct ld_chat_widget w;
	struct http_json j;
	ld_status rc = app_chat_widget_get(call->app, call->actor, call->ids[0], &w, err);

	if (rc != LD_OK)
		return rc;
	http_json_init(&j, 2048);
	render_widget(&j, NULL, &w);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_chat_widget_update(struct http_call *call, struct ld_err *err)
{
	struct ld_chat_widget w;
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, WIDGET_FIELDS, &body, err)) != LD_OK ||
	    (rc = app_chat_widget_get(call->app, call->actor, call->ids[0], &w, err)) != LD_OK ||
	    (rc = widget_parse(body, &w, false, err)) != LD_OK ||
	    (rc = app_chat_widget_update(call->app, call->actor, &w, err)) != LD_OK)
		goto out;
	http_json_init(&j, 2048);
	render_widget(&j, NULL, &w);
	http_reply_json(call->res, 200, &j);
out:
	json_decref(body);
	return rc;
}

/* ---- chats ---- */

ld_status http_chat_start(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "widget", "message", "name", "email", "language",
					      "page", NULL };
	struct app_chat_start in = { .address = call->req->address };
	struct ld_chat_message msgs[2];
	char token[APP_TOKEN_LEN + 1];
	struct ld_chat c;
	json_t *body = NULL;
	int n = 0;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "widget", HTTP_JSON_REQUIRED, &in.widget, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "message", HTTP_JSON_REQUIRED, &in.message, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "name", HTTP_JSON_NULLABLE, &in.name, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "email", HTTP_JSON_NULLABLE, &in.email, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "language", HTTP_JSON_NULLABLE, &in.language, NULL,
				    err)) != LD_OK ||
	    (rc = http_json_get_str(body, "page", HTTP_JSON_NULLABLE, &in.page, NULL, err)) != LD_OK)
		goto out;
	in.message_len = strlen(in.message);
	if ((rc = app_chat_start(call->app, &in, &c, token, msgs, &n, err)) != LD_OK)
		goto out;
	reply_chat(call, 201, &c, true, msgs, n, token);
out:
	json_decref(body);
	return rc;
}

ld_status http_chat_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "state", "customer_id", "limit", "cursor", NULL };
	struct store_chat_query cq = { .state = -1 };
	struct ld_chat *rows;
	struct http_query q;
	struct http_json j;
	const char *state;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &cq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "customer_id", &cq.customer_id, err)) != LD_OK)
		return rc;
	state = http_query_get(&q, "state");
	if (state != NULL && strcmp(state, "open") == 0)
		cq.state = STORE_CHAT_OPEN;
	else if (state != NULL && (cq.state = ld_chat_state_parse(state)) < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "state",
			       "state must be waiting, active, closed or open");
	cq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_chat_list(call->app, call->actor, &cq, rows, &n, err)) == LD_OK) {
		http_page_begin(&j, 64 + (size_t)n * 1024);
		for (int i = 0; i < n; i++)
			render_chat(&j, NULL, &rows[i], false);
		http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
		http_reply_json(call->res, 200, &j);
	}
	free(rows);
	return rc;
}

/* GET chats/{id} and chat/{token}: the chat and its messages so far. */
ld_status http_chat_get(struct http_call *call, struct ld_err *err)
{
	int64_t id;
	struct app_chat_party who = party_of(call, &id);
	struct ld_chat_message *m = xcalloc(APP_LIST_MAX, sizeof *m);
	struct ld_chat c;
	int n = 0;
	ld_status rc;

	rc = app_chat_messages(call->app, &who, id, 0, APP_LIST_MAX, m, &n, &c, err);
	if (rc == LD_OK)
		reply_chat(call, 200, &c, who.actor == NULL, m, n, NULL);
	free(m);
	return rc;
}

ld_status http_chat_messages(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "after", "limit", NULL };
	int64_t id, after = 0;
	struct app_chat_party who = party_of(call, &id);
	struct ld_chat_message *m;
	struct http_query q;
	struct http_json j;
	struct ld_chat c;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK ||
	    (rc = http_query_limit(&q, &limit, err)) != LD_OK ||
	    (http_query_get(&q, "after") != NULL &&
	     (rc = http_query_id(&q, "after", &after, err)) != LD_OK))
		return rc;
	m = xcalloc((size_t)limit, sizeof *m);
	if ((rc = app_chat_messages(call->app, &who, id, after, limit, m, &n, &c, err)) == LD_OK) {
		http_page_begin(&j, 64 + (size_t)n * 600);
		for (int i = 0; i < n; i++)
			render_message(&j, NULL, &m[i]);
		http_page_end_id(&j, n == limit, n > 0 ? m[n - 1].id : 0);
		http_reply_json(call->res, 200, &j);
	}
	free(m);
	return rc;
}

ld_status http_chat_say(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "body", NULL };
	int64_t id;
	struct app_chat_party who = party_of(call, &id);
	struct ld_chat_message m;
	struct ld_chat c;
	struct http_json j;
	const char *text = NULL;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "body", HTTP_JSON_REQUIRED, &text, NULL, err)) != LD_OK ||
	    (rc = app_chat_say(call->app, &who, id, text, strlen(text), &m, &c, err)) != LD_OK)
		goto out;
	http_json_init(&j, 6000);
	render_message(&j, NULL, &m);
	http_reply_json(call->res, 201, &j);
out:
	json_decref(body);
	return rc;
}

ld_status http_chat_close(struct http_call *call, struct ld_err *err)
{
	int64_t id;
	struct app_chat_party who = party_of(call, &id);
	struct ld_chat c;
	ld_status rc;

	if ((rc = app_chat_close(call->app, &who, id, &c, err)) != LD_OK)
		return rc;
	reply_chat(call, 200, &c, who.actor == NULL, NULL, 0, NULL);
	return LD_OK;
}

ld_status http_chat_accept(struct http_call *call, struct ld_err *err)
{
	struct ld_chat c;
	ld_status rc = app_chat_accept(call->app, call->actor, call->ids[0], &c, err);

	if (rc == LD_OK)
		reply_chat(call, 200, &c, false, NULL, 0, NULL);
	return rc;
}

ld_status http_chat_update(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "case_id", NULL };
	struct ld_chat c;
	json_t *body = NULL;
	int64_t case_id = 0;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) == LD_OK &&
	    (rc = http_json_get_id(body, "case_id", HTTP_JSON_REQUIRED, &case_id, NULL, err)) ==
		    LD_OK &&
	    (rc = app_chat_link(call->app, call->actor, call->ids[0], case_id, &c, err)) == LD_OK)
		reply_chat(call, 200, &c, false, NULL, 0, NULL);
	json_decref(body);
	return rc;
}

/* ---- live streams ---- */

/* What a stream of one chat, or of all (the feed), reads. */
struct chat_feed {
	struct app_actor actor;            /* staff; role -1 = the visitor */
	char token[APP_TOKEN_LEN + 1];     /* the visitor's */
	int64_t chat_id;                   /* 0 = every chat (the feed) */
	int64_t cursor;                    /* the last message id sent */
	bool visitor;
};

static ld_status feed_poll(void *ctx, struct app *app, struct http_sse *out, bool *ended,
			   struct ld_err *err)
{
	struct chat_feed *f = ctx;
	struct app_chat_party who = { .actor = f->visitor ? NULL : &f->actor, .token = f->token };
	struct ld_chat_message *m = xcalloc(CHAT_PAGE, sizeof *m);
	struct ld_chat c = { 0 };
	struct http_json j;
	int n = 0;
	ld_status rc;

	rc = app_chat_messages(app, &who, f->chat_id, f->cursor, CHAT_PAGE, m, &n, &c, err);
	for (int i = 0; i < n && rc == LD_OK; i++) {
		http_json_init(&j, 6000);
		render_message(&j, NULL, &m[i]);
		http_sse_event(out, m[i].id, "message", j.buf, j.len);
		http_json_free(&j);
		f->cursor = m[i].id;
	}
	if (rc == LD_OK && f->chat_id != 0 && n < CHAT_PAGE && c.state == LD_CHAT_CLOSED) {
		http_json_init(&j, 1024);
		render_chat(&j, NULL, &c, f->visitor);
		http_sse_event(out, f->cursor, "closed", j.buf, j.len);
		http_json_free(&j);
		*ended = true;
	}
	free(m);
	return rc;
}

static void feed_free(void *ctx)
{
	free(ctx);
}

static const struct http_stream_source CHAT_FEED = { feed_poll, feed_free };

/* Where a stream begins: Last-Event-ID (a reconnection), else ?after=, else
 * `dflt`; either may be 0, from the chat's first message. */
static ld_status stream_cursor(const struct http_call *call, int64_t dflt, int64_t *cursor,
			       struct ld_err *err)
{
	static const char *const params[] = { "after", NULL };
	const char *last = call->req->last_event_id, *after;
	struct http_query q;
	ld_status rc;

	*cursor = dflt;
	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK)
		return rc;
	after = http_query_get(&q, "after");
	if (last != NULL && last[0] != '\0') {
		if (strcmp(last, "0") == 0)
			*cursor = 0;
		else if (!http_parse_id(last, strlen(last), cursor))
			return ld_fail(err, LD_ERR_INVALID, "invalid_value", "Last-Event-ID",
				       "Last-Event-ID is a message id");
	} else if (after != NULL && strcmp(after, "0") == 0) {
		*cursor = 0;
	} else if (after != NULL) {
		return http_query_id(&q, "after", cursor, err);
	}
	return LD_OK;
}

static void reply_stream(struct http_call *call, struct chat_feed *f, int64_t topic)
{
	struct http_response *res = call->res;

	res->status = 200;
	res->content_type = "text/event-stream; charset=utf-8";
	res->headers[0] = (struct http_header){ "Cache-Control", "no-store" };
	res->headers[1] = (struct http_header){ "X-Accel-Buffering", "no" };
	res->stream = http_stream_new(&CHAT_FEED, f, topic);
}

/* GET chats/{id}/events and chat/{token}/events: one chat, from its start. */
ld_status http_chat_events(struct http_call *call, struct ld_err *err)
{
	int64_t id;
	struct app_chat_party who = party_of(call, &id);
	struct chat_feed *f;
	struct ld_chat c;
	int64_t cursor;
	ld_status rc;

	if ((rc = stream_cursor(call, 0, &cursor, err)) != LD_OK ||
	    (rc = app_chat_get(call->app, &who, id, &c, err)) != LD_OK)
		return rc;
	f = xcalloc(1, sizeof *f);
	f->visitor = who.actor == NULL;
	if (!f->visitor)
		f->actor = *who.actor;
	else
		snprintf(f->token, sizeof f->token, "%s", who.token);
	f->chat_id = c.id;
	f->cursor = cursor;
	reply_stream(call, f, c.id);
	return LD_OK;
}

/* GET chats/events: every chat's messages, from now (or the cursor). */
ld_status http_chat_feed(struct http_call *call, struct ld_err *err)
{
	struct chat_feed *f;
	int64_t head = 0, cursor;
	ld_status rc;

	if ((rc = app_chat_head(call->app, call->actor, &head, err)) != LD_OK ||
	    (rc = stream_cursor(call, head, &cursor, err)) != LD_OK)
		return rc;
	f = xcalloc(1, sizeof *f);
	f->actor = *call->actor;
	f->cursor = cursor;
	reply_stream(call, f, APP_LIVE_ANY);
	return LD_OK;
}
