-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Live chat (app/chats.c, store/sqlite/chat.c, docs/chat.md).
--
-- chat_widget   what one script tag on a company's site opens. `key` is
--               public (it is in the page); `origins` are the sites that
--               may embed it, space-separated ('' = any). Disabling keeps
--               the row, so its chats still name it.
--
-- chat          one conversation from the visitor's first message to its
--               close. The token that lets the visitor in is kept only as
--               its SHA-256. `case_id` is the case chosen before the end;
--               once closed, the case is its contact's (`interaction_id`),
--               read by a join, so a merge needs nothing here.
--
-- chat_message  the transcript while the chat runs, in id order across all
--               chats (the id is a live stream's event id). At the close,
--               the transcript becomes one contact on the case; the rows
--               stay for the stream and the export, and go with an erasure.

CREATE TABLE chat_widget (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE CHECK (length(key) = 24),
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
	team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	origins TEXT NOT NULL DEFAULT '' CHECK (length(origins) <= 1000),
	bot INTEGER NOT NULL DEFAULT 0 CHECK (bot IN (0, 1)),
	greeting TEXT NOT NULL DEFAULT '' CHECK (length(greeting) <= 1000),
	created_at INTEGER NOT NULL,
	disabled_at INTEGER
) STRICT;

CREATE TABLE chat (
	id INTEGER PRIMARY KEY,
	widget_id INTEGER NOT NULL REFERENCES chat_widget (id) ON DELETE RESTRICT,
	token_digest BLOB NOT NULL UNIQUE CHECK (length(token_digest) = 32),
	state TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'closed')),
	customer_id INTEGER REFERENCES customer (id) ON DELETE RESTRICT,
	case_id INTEGER REFERENCES ticket (id) ON DELETE RESTRICT,
	agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	first_agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	transfers INTEGER NOT NULL DEFAULT 0 CHECK (transfers >= 0),
	visitor_name TEXT CHECK (visitor_name IS NULL OR length(visitor_name) BETWEEN 1 AND 200),
	visitor_email TEXT CHECK (visitor_email IS NULL OR length(visitor_email) BETWEEN 3 AND 254),
	language TEXT NOT NULL,
	page TEXT CHECK (page IS NULL OR length(page) BETWEEN 1 AND 1000),
	started_at INTEGER NOT NULL,
	answered_at INTEGER,
	bot_at INTEGER,
	last_activity_at INTEGER NOT NULL,
	closed_at INTEGER,
	close_reason TEXT CHECK (close_reason IS NULL OR close_reason IN ('visitor', 'agent', 'idle')),
	messages INTEGER NOT NULL DEFAULT 0 CHECK (messages >= 0),
	interaction_id INTEGER REFERENCES interaction (id) ON DELETE RESTRICT
) STRICT;

CREATE INDEX chat_open_idx ON chat (last_activity_at) WHERE state <> 'closed';
CREATE INDEX chat_customer_idx ON chat (customer_id, id) WHERE customer_id IS NOT NULL;

CREATE TABLE chat_message (
	id INTEGER PRIMARY KEY,
	chat_id INTEGER NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
	author TEXT NOT NULL CHECK (author IN ('visitor', 'agent', 'bot', 'system')),
	agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	body TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) BETWEEN 1 AND 4000),
	at INTEGER NOT NULL
) STRICT;

CREATE INDEX chat_message_chat_idx ON chat_message (chat_id, id);
