/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Chat widgets, chats and their messages in the SQLite store (tables
 * `chat_widget`, `chat`, `chat_message`, migration 0015). Owns their SQL and
 * row layout. The case of a closed chat is its contact's, read by a join, so
 * a merge (which re-points interactions) is seen at once.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

/* ==================================================================== *
 * Widgets
 * ==================================================================== */

#define WIDGET_COLS "id, key, name, team_id, origins, bot, greeting, created_at, disabled_at"

static ld_status widget_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_chat_widget *w = out;
	struct sq_row r;

	memset(w, 0, sizeof *w);
	sq_row_start(&r, st);
	w->id = sq_col_i64(&r);
	sq_col_text(&r, w->key, sizeof w->key);
	sq_col_text(&r, w->name, sizeof w->name);
	w->team_id = sq_col_i64(&r);
	sq_col_text(&r, w->origins, sizeof w->origins);
	w->bot = sq_col_bool(&r);
	sq_col_text(&r, w->greeting, sizeof w->greeting);
	w->created_at = sq_col_i64(&r);
	w->disabled_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

/* The columns insert and update share, in this order. */
static void widget_bind(struct sq_bind *b, const struct ld_chat_widget *w)
{
	sq_bind_text(b, w->name);
	sq_bind_opt_i64(b, w->team_id);
	sq_bind_text(b, w->origins);
	sq_bind_bool(b, w->bot);
	sq_bind_text(b, w->greeting);
	sq_bind_opt_i64(b, w->disabled_at);
}

ld_status sq_chat_widget_insert(struct store *store, struct ld_chat_widget *w, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_TEAM, w->team_id, "team_id" } };
	ld_status rc;

	if (w->created_at == 0)
		w->created_at = sq_now();
	rc = sq_stmt(s, SQ_CHAT_WIDGET_INSERT,
		     "INSERT INTO chat_widget (name, team_id, origins, bot, greeting, disabled_at,"
		     " key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	widget_bind(&b, w);
	sq_bind_text(&b, w->key);
	sq_bind_i64(&b, w->created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "chat_widget", refs, 1, err)) != LD_OK)
		goto out;
	w->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_widget_update(struct store *store, const struct ld_chat_widget *w,
				struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_TEAM, w->team_id, "team_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_CHAT_WIDGET_UPDATE,
		     "UPDATE chat_widget SET name = ?, team_id = ?, origins = ?, bot = ?,"
		     " greeting = ?, disabled_at = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	widget_bind(&b, w);
	sq_bind_i64(&b, w->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "chat_widget", refs, 1, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) != 1)
		rc = sq_not_found("chat_widget", w->id, err);
out:
	sq_release(st);
	return rc;
}

/* One widget by a column `sql` selects on (id or key). */
static ld_status widget_one(struct sq_store *s, enum sq_stmt slot, const char *sql, int64_t id,
			    const char *key, struct ld_chat_widget *out, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_stmt(s, slot, sql, &st, err)) != LD_OK)
		goto out;
	if (key != NULL)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "chat_widget", id, err)) != LD_OK)
		goto out;
	rc = widget_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_widget_get(struct store *store, int64_t id, struct ld_chat_widget *out,
			     struct ld_err *err)
{
	return widget_one(sq_of(store), SQ_CHAT_WIDGET_GET,
			  "SELECT " WIDGET_COLS " FROM chat_widget WHERE id = ?", id, NULL, out, err);
}

ld_status sq_chat_widget_find_key(struct store *store, const char *key,
				  struct ld_chat_widget *out, struct ld_err *err)
{
	return widget_one(sq_of(store), SQ_CHAT_WIDGET_FIND_KEY,
			  "SELECT " WIDGET_COLS " FROM chat_widget WHERE key = ?", 0, key, out, err);
}

ld_status sq_chat_widget_list(struct store *store, int64_t after_id, int limit,
			      struct ld_chat_widget *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_CHAT_WIDGET_LIST,
		     "SELECT " WIDGET_COLS " FROM chat_widget WHERE id > ? ORDER BY id LIMIT ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	rc = sq_collect(s, st, "chat_widget", out, sizeof *out, limit, n, widget_decode, NULL,
			err);
out:
	sq_release(st);
	return rc;
}

/* ==================================================================== *
 * Chats
 * ==================================================================== */

#define CHAT_COLS                                                                           \
	"c.id, c.widget_id, c.state, c.customer_id, COALESCE(i.case_id, c.case_id),"         \
	" c.agent_id, c.first_agent_id, c.transfers, c.visitor_name, c.visitor_email,"       \
	" c.language, c.page, c.started_at, c.answered_at, c.bot_at, c.last_activity_at,"    \
	" c.closed_at, c.close_reason, c.messages, c.interaction_id"
#define CHAT_FROM " FROM chat c LEFT JOIN interaction i ON i.id = c.interaction_id"

static ld_status chat_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_chat *c = out;
	struct sq_row r;

	memset(c, 0, sizeof *c);
	sq_row_start(&r, st);
	c->id = sq_col_i64(&r);
	c->widget_id = sq_col_i64(&r);
	c->state = sq_col_enum(&r, ld_chat_state_parse, false);
	c->customer_id = sq_col_i64(&r);
	c->case_id = sq_col_i64(&r);
	c->agent_id = sq_col_i64(&r);
	c->first_agent_id = sq_col_i64(&r);
	c->transfers = sq_col_int(&r);
	sq_col_text(&r, c->visitor_name, sizeof c->visitor_name);
	sq_col_text(&r, c->visitor_email, sizeof c->visitor_email);
	sq_col_text(&r, c->language, sizeof c->language);
	sq_col_text(&r, c->page, sizeof c->page);
	c->started_at = sq_col_i64(&r);
	c->answered_at = sq_col_i64(&r);
	c->bot_at = sq_col_i64(&r);
	c->last_activity_at = sq_col_i64(&r);
	c->closed_at = sq_col_i64(&r);
	c->close_reason = sq_col_enum(&r, ld_chat_close_parse, true);
	c->messages = sq_col_int(&r);
	c->interaction_id = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

/* The columns insert and update share, in this order. */
static void chat_bind(struct sq_bind *b, const struct ld_chat *c)
{
	sq_bind_enum(b, ld_chat_state_name, c->state, false, "state");
	sq_bind_opt_i64(b, c->customer_id);
	sq_bind_opt_i64(b, c->case_id);
	sq_bind_opt_i64(b, c->agent_id);
	sq_bind_opt_i64(b, c->first_agent_id);
	sq_bind_i64(b, c->transfers);
	sq_bind_opt_text(b, c->visitor_name);
	sq_bind_opt_text(b, c->visitor_email);
	sq_bind_text(b, c->language);
	sq_bind_opt_text(b, c->page);
	sq_bind_opt_i64(b, c->answered_at);
	sq_bind_opt_i64(b, c->bot_at);
	sq_bind_i64(b, c->last_activity_at);
	sq_bind_opt_i64(b, c->closed_at);
	sq_bind_enum(b, ld_chat_close_name, c->close_reason, true, "close_reason");
	sq_bind_i64(b, c->messages);
	sq_bind_opt_i64(b, c->interaction_id);
}

static void chat_refs(const struct ld_chat *c, struct sq_ref refs[6])
{
	refs[0] = (struct sq_ref){ SQ_T_CUSTOMER, c->customer_id, "customer_id" };
	refs[1] = (struct sq_ref){ SQ_T_CASE, c->case_id, "case_id" };
	refs[2] = (struct sq_ref){ SQ_T_AGENT, c->agent_id, "agent" };
	refs[3] = (struct sq_ref){ SQ_T_AGENT, c->first_agent_id, "agent" };
	refs[4] = (struct sq_ref){ SQ_T_INTERACTION, c->interaction_id, "interaction_id" };
	refs[5] = (struct sq_ref){ SQ_T_CHAT_WIDGET, c->widget_id, "widget" };
}

ld_status sq_chat_insert(struct store *store, struct ld_chat *c, const uint8_t digest[32],
			 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_ref refs[6];
	ld_status rc;

	if (c->started_at == 0)
		c->started_at = sq_now();
	if (c->last_activity_at == 0)
		c->last_activity_at = c->started_at;
	rc = sq_stmt(s, SQ_CHAT_INSERT,
		     "INSERT INTO chat (state, customer_id, case_id, agent_id, first_agent_id,"
		     " transfers, visitor_name, visitor_email, language, page, answered_at, bot_at,"
		     " last_activity_at, closed_at, close_reason, messages, interaction_id,"
		     " widget_id, token_digest, started_at)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	chat_bind(&b, c);
	sq_bind_i64(&b, c->widget_id);
	sq_bind_blob(&b, digest, 32);
	sq_bind_i64(&b, c->started_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	chat_refs(c, refs);
	if ((rc = sq_step_done(s, st, "chat", refs, 6, err)) != LD_OK)
		goto out;
	c->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_update(struct store *store, const struct ld_chat *c, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_ref refs[6];
	ld_status rc;

	rc = sq_stmt(s, SQ_CHAT_UPDATE,
		     "UPDATE chat SET state = ?, customer_id = ?, case_id = ?, agent_id = ?,"
		     " first_agent_id = ?, transfers = ?, visitor_name = ?, visitor_email = ?,"
		     " language = ?, page = ?, answered_at = ?, bot_at = ?, last_activity_at = ?,"
		     " closed_at = ?, close_reason = ?, messages = ?, interaction_id = ?"
		     " WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	chat_bind(&b, c);
	sq_bind_i64(&b, c->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	chat_refs(c, refs);
	if ((rc = sq_step_done(s, st, "chat", refs, 6, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) != 1)
		rc = sq_not_found("chat", c->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_get(struct store *store, int64_t id, struct ld_chat *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_CHAT_GET, "SELECT " CHAT_COLS CHAT_FROM " WHERE c.id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "chat", id, err)) != LD_OK)
		goto out;
	rc = chat_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_find_token(struct store *store, const uint8_t digest[32], struct ld_chat *out,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_CHAT_FIND_TOKEN,
		     "SELECT " CHAT_COLS CHAT_FROM " WHERE c.token_digest = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_blob(st, 1, digest, 32, SQLITE_STATIC);
	if ((rc = sq_step_row(s, st, "chat", 0, err)) != LD_OK)
		goto out;
	rc = chat_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_list(struct store *store, const struct store_chat_query *q, struct ld_chat *out,
		       int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	/* ?3: '' = any state, 'open' = not closed, else that state. */
	if (q->customer_id != 0)
		rc = sq_stmt(s, SQ_CHAT_LIST_CUSTOMER,
			     "SELECT " CHAT_COLS CHAT_FROM " WHERE c.customer_id = ?2 AND c.id > ?1"
			     " AND (?3 = '' OR c.state = ?3 OR (?3 = 'open' AND c.state <> 'closed'))"
			     " ORDER BY c.id LIMIT ?4",
			     &st, err);
	else
		rc = sq_stmt(s, SQ_CHAT_LIST,
			     "SELECT " CHAT_COLS CHAT_FROM " WHERE c.id > ?1 AND ?2 = 0"
			     " AND (?3 = '' OR c.state = ?3 OR (?3 = 'open' AND c.state <> 'closed'))"
			     " ORDER BY c.id LIMIT ?4",
			     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, q->after_id);
	sq_bind_i64(&b, q->customer_id);
	if (q->state == STORE_CHAT_OPEN)
		sq_bind_text(&b, "open");
	else
		sq_bind_filter_enum(&b, ld_chat_state_name, q->state, "state");
	sq_bind_i64(&b, q->limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "chat", out, sizeof *out, q->limit, n, chat_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_list_idle(struct store *store, int64_t before, int limit, struct ld_chat *out,
			    int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	/* chat_open_idx: the chats not closed, by their last message. */
	rc = sq_stmt(s, SQ_CHAT_LIST_IDLE,
		     "SELECT " CHAT_COLS CHAT_FROM " WHERE c.state <> 'closed'"
		     " AND c.last_activity_at < ? ORDER BY c.last_activity_at, c.id LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int(st, 2, limit);
	rc = sq_collect(s, st, "chat", out, sizeof *out, limit, n, chat_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

/* ==================================================================== *
 * Messages
 * ==================================================================== */

#define MESSAGE_COLS "id, chat_id, author, agent_id, body, at"

static ld_status message_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_chat_message *m = out;
	struct sq_row r;

	memset(m, 0, sizeof *m);
	sq_row_start(&r, st);
	m->id = sq_col_i64(&r);
	m->chat_id = sq_col_i64(&r);
	m->author = sq_col_enum(&r, ld_chat_author_parse, false);
	m->agent_id = sq_col_i64(&r);
	sq_col_text(&r, m->body, sizeof m->body);
	m->at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

ld_status sq_chat_message_insert(struct store *store, struct ld_chat_message *m,
				 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_CHAT, m->chat_id, "chat_id" },
				       { SQ_T_AGENT, m->agent_id, "agent" } };
	ld_status rc;

	if (m->at == 0)
		m->at = sq_now();
	rc = sq_stmt(s, SQ_CHAT_MESSAGE_INSERT,
		     "INSERT INTO chat_message (chat_id, author, agent_id, body, at)"
		     " VALUES (?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, m->chat_id);
	sq_bind_enum(&b, ld_chat_author_name, m->author, false, "author");
	sq_bind_opt_i64(&b, m->agent_id);
	sq_bind_text(&b, m->body);
	sq_bind_i64(&b, m->at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "chat_message", refs, 2, err)) != LD_OK)
		goto out;
	m->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_message_list(struct store *store, int64_t chat_id, int64_t after_id, int limit,
			       struct ld_chat_message *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	/* One chat's through chat_message_chat_idx; every chat's by id. */
	if (chat_id != 0)
		rc = sq_stmt(s, SQ_CHAT_MESSAGE_LIST,
			     "SELECT " MESSAGE_COLS " FROM chat_message WHERE chat_id = ?1"
			     " AND id > ?2 ORDER BY id LIMIT ?3",
			     &st, err);
	else
		rc = sq_stmt(s, SQ_CHAT_MESSAGE_FEED,
			     "SELECT " MESSAGE_COLS " FROM chat_message WHERE ?1 = 0 AND id > ?2"
			     " ORDER BY id LIMIT ?3",
			     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, chat_id);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	rc = sq_collect(s, st, "chat_message", out, sizeof *out, limit, n, message_decode, NULL,
			err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_chat_message_head(struct store *store, int64_t *id, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	*id = 0;
	rc = sq_stmt(s, SQ_CHAT_MESSAGE_HEAD, "SELECT COALESCE(MAX(id), 0) FROM chat_message", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "chat_message", 0, err)) == LD_OK)
		*id = sqlite3_column_int64(st, 0);
out:
	sq_release(st);
	return rc;
}
