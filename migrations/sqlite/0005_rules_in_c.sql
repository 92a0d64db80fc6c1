-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Rules in C: the derived figures are no longer kept by triggers.
--
-- Migrations 0001–0004 kept every aggregate (effort_agg, fcr_agg,
-- survey_agg, servqual_agg, customer_agg, loyalty_agg) and every
-- per-customer sum (case count, complaints, high-effort cases, effort
-- signals, latest answers, renewal outcome, loyalty key) with triggers,
-- writing each rule a second time in SQL. From here on core/rollup.c defines
-- them once, app/rollup.c collects their changes per transaction and the
-- store adds them (store.h rollup_apply). This migration drops every
-- rule-bearing trigger and view and the generated loyalty_key column, keeps
-- the tables as plain rows, empties the aggregates and asks for them to be
-- rebuilt from the rows: the first program that opens the store through the
-- app layer (any loyaldesk command, the server) runs the recomputation of
-- `loyaldesk check --repair` before it does anything else.
--
-- What stays in SQL: the append-only guards (interaction, audit, an answered
-- survey) and the upkeep of the customer search index.

DROP TRIGGER IF EXISTS ticket_agg_ai;
DROP TRIGGER IF EXISTS ticket_agg_ad;
DROP TRIGGER IF EXISTS ticket_agg_au;
DROP TRIGGER IF EXISTS effort_agg_delta_apply;
DROP TRIGGER IF EXISTS ticket_count_ai;
DROP TRIGGER IF EXISTS ticket_count_au;
DROP TRIGGER IF EXISTS ticket_count_ad;
DROP TRIGGER IF EXISTS ticket_customer_ai;
DROP TRIGGER IF EXISTS ticket_customer_ad;
DROP TRIGGER IF EXISTS ticket_customer_au;
DROP TRIGGER IF EXISTS ticket_fcr_ai;
DROP TRIGGER IF EXISTS ticket_fcr_ad;
DROP TRIGGER IF EXISTS ticket_fcr_au;
DROP TRIGGER IF EXISTS fcr_agg_delta_apply;
DROP TRIGGER IF EXISTS subscription_outcome_ai;
DROP TRIGGER IF EXISTS subscription_outcome_au;
DROP TRIGGER IF EXISTS customer_agg_delta_apply;
DROP TRIGGER IF EXISTS customer_agg_ai;
DROP TRIGGER IF EXISTS customer_agg_ad;
DROP TRIGGER IF EXISTS customer_agg_au;
DROP TRIGGER IF EXISTS servqual_agg_delta_apply;
DROP TRIGGER IF EXISTS survey_answered;
DROP TRIGGER IF EXISTS loyalty_agg_delta_apply;
DROP TRIGGER IF EXISTS loyalty_agg_ai;
DROP TRIGGER IF EXISTS loyalty_agg_ad;
DROP TRIGGER IF EXISTS loyalty_agg_au;

DROP VIEW IF EXISTS effort_agg_delta;
DROP VIEW IF EXISTS customer_agg_delta;
DROP VIEW IF EXISTS servqual_agg_delta;
DROP VIEW IF EXISTS loyalty_agg_delta;
DROP VIEW IF EXISTS fcr_agg_delta;

-- The feature vector becomes a plain column written by the app
-- (core/rollup.c rollup_loyalty_key()).
DROP INDEX customer_loyalty_idx;
ALTER TABLE customer DROP COLUMN loyalty_key;
ALTER TABLE customer ADD COLUMN loyalty_key TEXT NOT NULL DEFAULT '';
CREATE INDEX customer_loyalty_idx ON customer (loyalty_key, id);

DELETE FROM effort_agg;
DELETE FROM fcr_agg;
DELETE FROM survey_agg;
DELETE FROM servqual_agg;
DELETE FROM customer_agg;
DELETE FROM loyalty_agg;

-- The two tables every write touches are rebuilt (SQLite's documented
-- procedure; apply_one() runs migrations with foreign keys off and checks
-- them all before the commit) with the same columns and the same rules, but
-- each enum CHECK written as a chain of equalities instead of an IN list:
-- SQLite builds an ephemeral index for every IN list of more than two values
-- each time a statement runs, which cost a row insert more than the insert
-- itself (about 2 µs per list per row). On a large store the copy takes a
-- while once (docs/operations.md).

CREATE TABLE ticket_new (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	subject TEXT NOT NULL,
	category TEXT NOT NULL
		CHECK ((category = 'question' OR category = 'request' OR category = 'problem' OR category = 'complaint' OR category = 'compliment')),
	status TEXT NOT NULL CHECK ((status = 'new' OR status = 'open' OR status = 'pending' OR status = 'resolved' OR status = 'closed')),
	priority TEXT NOT NULL CHECK ((priority = 'low' OR priority = 'normal' OR priority = 'high' OR priority = 'urgent')),
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
		CHECK ((effort_last_in_channel = 'email' OR effort_last_in_channel = 'phone' OR effort_last_in_channel = 'chat' OR effort_last_in_channel = 'web' OR effort_last_in_channel = 'visit' OR effort_last_in_channel = 'social' OR effort_last_in_channel = 'bot')),
	effort_owner_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	effort_reexplain_armed INTEGER NOT NULL CHECK (effort_reexplain_armed IN (0, 1)),
	effort_repeat_case INTEGER NOT NULL CHECK (effort_repeat_case IN (0, 1)),
	effort_bot_pending INTEGER NOT NULL CHECK (effort_bot_pending >= 0),
	effort_handlers BLOB NOT NULL
		CHECK (length(effort_handlers) % 8 = 0 AND length(effort_handlers) <= 128)
, first_channel TEXT
	CHECK ((first_channel = 'email' OR first_channel = 'phone' OR first_channel = 'chat' OR first_channel = 'web' OR first_channel = 'visit' OR first_channel = 'social' OR first_channel = 'bot')), effort_web_phone INTEGER NOT NULL DEFAULT 0
	CHECK (effort_web_phone >= 0), effort_score REAL NOT NULL DEFAULT 0 CHECK (effort_score >= 0), effort_band TEXT NOT NULL DEFAULT 'low'
	CHECK ((effort_band = 'low' OR effort_band = 'medium' OR effort_band = 'high')), fcr_prev_gap INTEGER CHECK (fcr_prev_gap >= 0), fcr_next_gap INTEGER CHECK (fcr_next_gap >= 0)) STRICT;
INSERT INTO ticket_new (id, customer_id, subject, category, status, priority, owner_id, team_id, language, created_at, updated_at, first_response_at, resolved_at, reopen_count, merged_into_id, version, sla_policy_id, sla_first_response_due, sla_resolution_due, sla_paused_at, sla_first_response_breached, sla_resolution_breached, effort_contacts, effort_repeat_contacts, effort_transfers, effort_channel_switches, effort_re_explanations, effort_robot_only, effort_reopens, effort_opened_at, effort_resolved_at, effort_last_in_channel, effort_owner_id, effort_reexplain_armed, effort_repeat_case, effort_bot_pending, effort_handlers, first_channel, effort_web_phone, effort_score, effort_band, fcr_prev_gap, fcr_next_gap)
	SELECT id, customer_id, subject, category, status, priority, owner_id, team_id, language, created_at, updated_at, first_response_at, resolved_at, reopen_count, merged_into_id, version, sla_policy_id, sla_first_response_due, sla_resolution_due, sla_paused_at, sla_first_response_breached, sla_resolution_breached, effort_contacts, effort_repeat_contacts, effort_transfers, effort_channel_switches, effort_re_explanations, effort_robot_only, effort_reopens, effort_opened_at, effort_resolved_at, effort_last_in_channel, effort_owner_id, effort_reexplain_armed, effort_repeat_case, effort_bot_pending, effort_handlers, first_channel, effort_web_phone, effort_score, effort_band, fcr_prev_gap, fcr_next_gap FROM ticket;
DROP TABLE ticket;
ALTER TABLE ticket_new RENAME TO ticket;
CREATE INDEX ticket_customer_idx ON ticket (customer_id);
CREATE INDEX ticket_owner_idx ON ticket (owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX ticket_team_status_idx ON ticket (team_id, status);

CREATE TABLE interaction_new (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES ticket (id) ON DELETE RESTRICT,
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	channel TEXT NOT NULL
		CHECK ((channel = 'email' OR channel = 'phone' OR channel = 'chat' OR channel = 'web' OR channel = 'visit' OR channel = 'social' OR channel = 'bot')),
	direction TEXT NOT NULL CHECK ((direction = 'in' OR direction = 'out' OR direction = 'internal')),
	kind TEXT NOT NULL
		CHECK ((kind = 'message' OR kind = 'call' OR kind = 'visit' OR kind = 'note' OR kind = 'transfer' OR kind = 'status')),
	agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	facility_id INTEGER REFERENCES facility (id) ON DELETE RESTRICT,
	started_at INTEGER NOT NULL,
	duration_s INTEGER CHECK (duration_s > 0),
	body TEXT,
	sentiment REAL CHECK (sentiment BETWEEN -1.0 AND 1.0),
	to_agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	to_team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	status_to TEXT CHECK ((status_to = 'new' OR status_to = 'open' OR status_to = 'pending' OR status_to = 'resolved' OR status_to = 'closed'))
) STRICT;
INSERT INTO interaction_new (id, case_id, customer_id, channel, direction, kind, agent_id, facility_id, started_at, duration_s, body, sentiment, to_agent_id, to_team_id, status_to)
	SELECT id, case_id, customer_id, channel, direction, kind, agent_id, facility_id, started_at, duration_s, body, sentiment, to_agent_id, to_team_id, status_to FROM interaction;
DROP TABLE interaction;
ALTER TABLE interaction_new RENAME TO interaction;
CREATE INDEX interaction_case_idx ON interaction (case_id, started_at, id);
CREATE INDEX interaction_customer_idx ON interaction (customer_id, started_at DESC, id DESC);
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


-- Facts about the store itself that are not rows of the domain.
CREATE TABLE store_meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Cleared by the rebuild (store.h rollup_rebuild_done).
INSERT INTO store_meta (key, value) VALUES ('rollup_rebuild', 'pending');
