-- SPDX-License-Identifier: AGPL-3.0-or-later
--
-- 0001_init: the first schema of loyaldesk on SQLite (DESIGN.md §3, store.h).
--
-- Owns: every table, index and trigger the SQLite backend of the store needs.
-- Applied once by src/store/sqlite/db.c inside its own transaction, which
-- records it in schema_version; never edit it after release, add 0002_….sql.
--
-- Conventions, so the C side can rely on them:
--   * STRICT tables: a value of the wrong type is an error, not a conversion.
--   * Ids are INTEGER PRIMARY KEY (the rowid). A reference to "none" (an id 0
--     in C), an optional text left empty, a time 0 ("not yet") and an
--     optional enum -1 are stored as NULL, so SQL sees absence as absence.
--   * Enums are stored as their stable wire names from core/model.c
--     ("email", "resolved", …), checked here, so a report in plain SQL reads
--     well and a reordered C enum cannot corrupt stored data.
--   * Foreign keys everywhere, ON DELETE RESTRICT: the desk erases personal
--     data by updating rows (GDPR), it does not delete history. The two
--     exceptions cascade because the child means nothing alone: a session
--     dies with its account, a holiday with its calendar.
--   * Times are Unix seconds, UTC.
--   * interaction and audit are append-only: triggers refuse UPDATE and
--     DELETE, except that a merge may re-point interaction.case_id.

CREATE TABLE schema_version (
	version INTEGER PRIMARY KEY,            -- NNNN of NNNN_name.sql
	name TEXT NOT NULL,                     -- file name of the migration
	applied_at INTEGER NOT NULL             -- Unix s
) STRICT;

CREATE TABLE organization (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (name <> ''),
	created_at INTEGER NOT NULL
) STRICT;

-- Business-hours calendars for SLA clocks (core/sla.h text format in hours).
CREATE TABLE calendar (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (name <> ''),
	tz TEXT CHECK (tz <> ''),
	hours TEXT CHECK (hours <> '')
) STRICT;

CREATE TABLE holiday (
	calendar_id INTEGER NOT NULL REFERENCES calendar (id) ON DELETE CASCADE,
	date INTEGER NOT NULL                   -- local date yyyymmdd
		CHECK (date / 10000 BETWEEN 1900 AND 2999
		       AND date / 100 % 100 BETWEEN 1 AND 12
		       AND date % 100 BETWEEN 1 AND 31),
	name TEXT CHECK (name <> ''),
	PRIMARY KEY (calendar_id, date)
) STRICT, WITHOUT ROWID;

CREATE TABLE team (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (name <> ''),
	kind TEXT NOT NULL CHECK (kind IN ('department', 'queue')),
	calendar_id INTEGER REFERENCES calendar (id) ON DELETE RESTRICT,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE facility (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (name <> ''),
	address TEXT CHECK (address <> ''),
	hours TEXT CHECK (hours <> ''),
	tz TEXT CHECK (tz <> ''),
	created_at INTEGER NOT NULL
) STRICT;

-- search_key is computed by the store in C (core/validate.h text_fold():
-- folded name, e-mail and phone digits) and indexed by customer_fts below.
-- case_count is maintained by the ticket triggers: cases of this customer
-- that were not merged into another case.
CREATE TABLE customer (
	id INTEGER PRIMARY KEY,
	org_id INTEGER REFERENCES organization (id) ON DELETE RESTRICT,
	name TEXT NOT NULL,
	email TEXT CHECK (email <> ''),
	phone TEXT CHECK (phone <> ''),
	language TEXT CHECK (language <> ''),
	preferred_channel TEXT
		CHECK (preferred_channel IN ('email', 'phone', 'chat', 'web', 'visit', 'social', 'bot')),
	notes TEXT,
	consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	erased_at INTEGER,
	case_count INTEGER NOT NULL DEFAULT 0 CHECK (case_count >= 0),
	search_key TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX customer_email_uq ON customer (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX customer_org_idx ON customer (org_id) WHERE org_id IS NOT NULL;

-- Prefix queries ("dvo"*) are served by the 2- and 3-character prefix indexes.
CREATE VIRTUAL TABLE customer_fts USING fts5 (
	search_key,
	content = 'customer',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);

CREATE TRIGGER customer_fts_ai AFTER INSERT ON customer BEGIN
	INSERT INTO customer_fts (rowid, search_key) VALUES (NEW.id, NEW.search_key);
END;

CREATE TRIGGER customer_fts_ad AFTER DELETE ON customer BEGIN
	INSERT INTO customer_fts (customer_fts, rowid, search_key)
		VALUES ('delete', OLD.id, OLD.search_key);
END;

CREATE TRIGGER customer_fts_au AFTER UPDATE OF search_key ON customer
WHEN OLD.search_key IS NOT NEW.search_key BEGIN
	INSERT INTO customer_fts (customer_fts, rowid, search_key)
		VALUES ('delete', OLD.id, OLD.search_key);
	INSERT INTO customer_fts (rowid, search_key) VALUES (NEW.id, NEW.search_key);
END;

-- Accounts: staff (admin|manager|agent) and customers' portal logins. A
-- customer login always names its customer, and only a customer login does.
CREATE TABLE agent (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	email TEXT NOT NULL CHECK (email <> ''),
	role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'agent', 'customer')),
	team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	customer_id INTEGER REFERENCES customer (id) ON DELETE RESTRICT,
	languages TEXT CHECK (languages <> ''),
	skills TEXT CHECK (skills <> ''),
	senior INTEGER NOT NULL CHECK (senior IN (0, 1)),
	active INTEGER NOT NULL CHECK (active IN (0, 1)),
	password_hash TEXT CHECK (password_hash <> ''),   -- argon2id PHC string
	created_at INTEGER NOT NULL,
	CHECK ((role = 'customer') = (customer_id IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX agent_email_uq ON agent (lower(email));
CREATE INDEX agent_customer_idx ON agent (customer_id) WHERE customer_id IS NOT NULL;

-- Sessions by the SHA-256 digest of the bearer token; never the token.
CREATE TABLE session (
	digest BLOB PRIMARY KEY CHECK (length(digest) = 32),
	agent_id INTEGER NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX session_agent_idx ON session (agent_id);

-- NULL priority/category = any; NULL targets = no target.
CREATE TABLE sla_policy (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (name <> ''),
	priority TEXT CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
	category TEXT
		CHECK (category IN ('question', 'request', 'problem', 'complaint', 'compliment')),
	first_response_s INTEGER CHECK (first_response_s > 0),   -- business seconds
	resolution_s INTEGER CHECK (resolution_s > 0),           -- business seconds
	calendar_id INTEGER REFERENCES calendar (id) ON DELETE RESTRICT,
	pause_on_pending INTEGER NOT NULL CHECK (pause_on_pending IN (0, 1))
) STRICT;

-- A case ("case" is an SQL keyword). The row carries the case fields, its
-- SLA state and its effort state (core/effort.h), so reading a case never
-- rescans its interactions. effort_handlers packs the handler agent ids as
-- little-endian int64s, at most EFFORT_HANDLERS_MAX (16) of them.
CREATE TABLE ticket (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	subject TEXT NOT NULL,
	category TEXT NOT NULL
		CHECK (category IN ('question', 'request', 'problem', 'complaint', 'compliment')),
	status TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed')),
	priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
	owner_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	language TEXT CHECK (language <> ''),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	first_response_at INTEGER,
	resolved_at INTEGER,
	reopen_count INTEGER NOT NULL CHECK (reopen_count >= 0),
	merged_into_id INTEGER REFERENCES ticket (id) ON DELETE RESTRICT
		CHECK (merged_into_id <> id),
	version INTEGER NOT NULL CHECK (version >= 1),           -- optimistic concurrency
	-- SLA state (core/sla.c)
	sla_policy_id INTEGER REFERENCES sla_policy (id) ON DELETE RESTRICT,
	sla_first_response_due INTEGER,
	sla_resolution_due INTEGER,
	sla_paused_at INTEGER,
	sla_first_response_breached INTEGER NOT NULL CHECK (sla_first_response_breached IN (0, 1)),
	sla_resolution_breached INTEGER NOT NULL CHECK (sla_resolution_breached IN (0, 1)),
	-- effort state (core/effort.h)
	effort_contacts INTEGER NOT NULL CHECK (effort_contacts >= 0),
	effort_repeat_contacts INTEGER NOT NULL CHECK (effort_repeat_contacts >= 0),
	effort_transfers INTEGER NOT NULL CHECK (effort_transfers >= 0),
	effort_channel_switches INTEGER NOT NULL CHECK (effort_channel_switches >= 0),
	effort_re_explanations INTEGER NOT NULL CHECK (effort_re_explanations >= 0),
	effort_robot_only INTEGER NOT NULL CHECK (effort_robot_only >= 0),
	effort_reopens INTEGER NOT NULL CHECK (effort_reopens >= 0),
	effort_opened_at INTEGER,
	effort_resolved_at INTEGER,
	effort_last_in_channel TEXT
		CHECK (effort_last_in_channel IN ('email', 'phone', 'chat', 'web', 'visit', 'social', 'bot')),
	effort_owner_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	effort_reexplain_armed INTEGER NOT NULL CHECK (effort_reexplain_armed IN (0, 1)),
	effort_repeat_case INTEGER NOT NULL CHECK (effort_repeat_case IN (0, 1)),
	effort_bot_pending INTEGER NOT NULL CHECK (effort_bot_pending >= 0),
	effort_handlers BLOB NOT NULL
		CHECK (length(effort_handlers) % 8 = 0 AND length(effort_handlers) <= 128)
) STRICT;

CREATE INDEX ticket_customer_idx ON ticket (customer_id);
CREATE INDEX ticket_owner_idx ON ticket (owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX ticket_team_status_idx ON ticket (team_id, status);

CREATE TRIGGER ticket_count_ai AFTER INSERT ON ticket
WHEN NEW.merged_into_id IS NULL BEGIN
	UPDATE customer SET case_count = case_count + 1 WHERE id = NEW.customer_id;
END;

CREATE TRIGGER ticket_count_au AFTER UPDATE OF customer_id, merged_into_id ON ticket
WHEN OLD.customer_id IS NOT NEW.customer_id
  OR (OLD.merged_into_id IS NULL) <> (NEW.merged_into_id IS NULL) BEGIN
	UPDATE customer SET case_count = case_count - 1
		WHERE id = OLD.customer_id AND OLD.merged_into_id IS NULL;
	UPDATE customer SET case_count = case_count + 1
		WHERE id = NEW.customer_id AND NEW.merged_into_id IS NULL;
END;

CREATE TRIGGER ticket_count_ad AFTER DELETE ON ticket
WHEN OLD.merged_into_id IS NULL BEGIN
	UPDATE customer SET case_count = case_count - 1 WHERE id = OLD.customer_id;
END;

-- Append-only. customer_id is denormalised from the case for timelines and
-- keeps naming who made contact even after a merge moves the row.
CREATE TABLE interaction (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE RESTRICT,
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	channel TEXT NOT NULL
		CHECK (channel IN ('email', 'phone', 'chat', 'web', 'visit', 'social', 'bot')),
	direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'internal')),
	kind TEXT NOT NULL
		CHECK (kind IN ('message', 'call', 'visit', 'note', 'transfer', 'status')),
	agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	facility_id INTEGER REFERENCES facility (id) ON DELETE RESTRICT,
	started_at INTEGER NOT NULL,
	duration_s INTEGER CHECK (duration_s > 0),
	body TEXT,
	sentiment REAL CHECK (sentiment BETWEEN -1.0 AND 1.0),
	to_agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	to_team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	status_to TEXT CHECK (status_to IN ('new', 'open', 'pending', 'resolved', 'closed'))
) STRICT;

CREATE INDEX interaction_case_idx ON interaction (case_id, started_at, id);
CREATE INDEX interaction_customer_idx ON interaction (customer_id, started_at DESC, id DESC);

-- Only case_id may change (interaction_move_case, for merges).
CREATE TRIGGER interaction_no_update BEFORE UPDATE ON interaction
WHEN NEW.id IS NOT OLD.id
  OR NEW.customer_id IS NOT OLD.customer_id
  OR NEW.channel IS NOT OLD.channel
  OR NEW.direction IS NOT OLD.direction
  OR NEW.kind IS NOT OLD.kind
  OR NEW.agent_id IS NOT OLD.agent_id
  OR NEW.facility_id IS NOT OLD.facility_id
  OR NEW.started_at IS NOT OLD.started_at
  OR NEW.duration_s IS NOT OLD.duration_s
  OR NEW.body IS NOT OLD.body
  OR NEW.sentiment IS NOT OLD.sentiment
  OR NEW.to_agent_id IS NOT OLD.to_agent_id
  OR NEW.to_team_id IS NOT OLD.to_team_id
  OR NEW.status_to IS NOT OLD.status_to BEGIN
	SELECT RAISE(ABORT, 'interaction is append-only');
END;

CREATE TRIGGER interaction_no_delete BEFORE DELETE ON interaction BEGIN
	SELECT RAISE(ABORT, 'interaction is append-only');
END;

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	actor_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,   -- NULL = system
	action TEXT NOT NULL CHECK (action <> ''),
	object TEXT CHECK (object <> ''),
	at INTEGER NOT NULL,
	detail TEXT CHECK (detail IS NULL OR json_valid(detail))
) STRICT;

CREATE INDEX audit_action_idx ON audit (action);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
