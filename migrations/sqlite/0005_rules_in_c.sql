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

-- Facts about the store itself that are not rows of the domain.
CREATE TABLE store_meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Cleared by the rebuild (store.h rollup_rebuild_done).
INSERT INTO store_meta (key, value) VALUES ('rollup_rebuild', 'pending');
