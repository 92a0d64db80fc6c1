-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Webhooks out (app/webhooks.c, store/sqlite/webhook.c, docs/webhooks.md).
--
-- webhook           an endpoint events are POSTed to: its URL, the secret
--                   its deliveries are signed with (HMAC-SHA256), the events
--                   it takes (a bit per event kind, core/model.h) and
--                   whether it is on.
-- webhook_delivery  one event for one endpoint: queued in the transaction
--                   that made the event, so an event is sent if and only if
--                   its change committed; tried by the background sender
--                   with back-off until the endpoint answers 2xx or the
--                   desk gives up. Its attempts are the endpoint's delivery
--                   log. `payload` is the event's data (ids and states, no
--                   personal text); the envelope is written at each attempt.

CREATE TABLE webhook (
	id INTEGER PRIMARY KEY,
	url TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
	secret TEXT NOT NULL CHECK (length(secret) = 64),
	events INTEGER NOT NULL CHECK (events > 0),
	description TEXT CHECK (description IS NULL OR length(description) <= 200),
	active INTEGER NOT NULL CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE webhook_delivery (
	id INTEGER PRIMARY KEY,
	webhook_id INTEGER NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
	event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 32),
	payload TEXT NOT NULL CHECK (json_valid(payload)),
	created_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at INTEGER NOT NULL,
	lease_until INTEGER,
	last_attempt_at INTEGER,
	last_status INTEGER,
	last_error TEXT,
	delivered_at INTEGER,
	failed_at INTEGER
) STRICT;

CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at, id)
	WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_delivery_hook_idx ON webhook_delivery (webhook_id, id);
