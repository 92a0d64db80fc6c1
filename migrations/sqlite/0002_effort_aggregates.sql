-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Effort aggregates, kept by triggers as cases change, so the effort report
-- sums a few thousand bucket rows instead of rescanning cases or
-- interactions (one bucket per day the case opened × team × first channel).
--
-- A case contributes to the bucket of its current state; every write of a
-- case row moves its contribution (subtract the old row, add the new one) in
-- the same transaction. Merged cases contribute nothing: their history lives
-- in the case they were merged into.

ALTER TABLE ticket ADD COLUMN first_channel TEXT
	CHECK (first_channel IN ('email', 'phone', 'chat', 'web', 'visit', 'social', 'bot'));
ALTER TABLE ticket ADD COLUMN effort_web_phone INTEGER NOT NULL DEFAULT 0
	CHECK (effort_web_phone >= 0);
ALTER TABLE ticket ADD COLUMN effort_score REAL NOT NULL DEFAULT 0 CHECK (effort_score >= 0);
ALTER TABLE ticket ADD COLUMN effort_band TEXT NOT NULL DEFAULT 'low'
	CHECK (effort_band IN ('low', 'medium', 'high'));

-- Existing cases: derive what the new columns would have held.
UPDATE ticket SET first_channel = (
	SELECT channel FROM interaction
	WHERE case_id = ticket.id AND direction = 'in' AND kind IN ('message', 'call', 'visit')
	ORDER BY started_at, id LIMIT 1);
UPDATE ticket SET effort_web_phone = (
	SELECT count(*) FROM (
		SELECT channel, lag(channel) OVER (ORDER BY started_at, id) AS prev
		FROM interaction
		WHERE case_id = ticket.id AND direction = 'in' AND kind IN ('message', 'call', 'visit'))
	WHERE prev = 'web' AND channel = 'phone');
-- Default weights of core/effort.c.
UPDATE ticket SET effort_score = 2 * effort_transfers + effort_channel_switches
	+ 2 * effort_re_explanations + effort_repeat_contacts + effort_robot_only
	+ 2 * effort_reopens;
UPDATE ticket SET effort_band = CASE WHEN effort_score >= 4 THEN 'high'
	WHEN effort_score >= 2 THEN 'medium' ELSE 'low' END;

CREATE TABLE effort_agg (
	day INTEGER NOT NULL,                -- Unix day (UTC) the case opened
	team_id INTEGER NOT NULL,            -- owning team, 0 = none
	channel TEXT NOT NULL,               -- first contact's channel, '' = unknown
	cases INTEGER NOT NULL DEFAULT 0,
	contacts INTEGER NOT NULL DEFAULT 0,
	repeat_contacts INTEGER NOT NULL DEFAULT 0,
	transfers INTEGER NOT NULL DEFAULT 0,
	channel_switches INTEGER NOT NULL DEFAULT 0,
	re_explanations INTEGER NOT NULL DEFAULT 0,
	robot_only INTEGER NOT NULL DEFAULT 0,
	reopens INTEGER NOT NULL DEFAULT 0,
	repeat_cases INTEGER NOT NULL DEFAULT 0,     -- cases with ≥ 1 repeat contact
	transfer_cases INTEGER NOT NULL DEFAULT 0,   -- … ≥ 1 transfer
	switch_cases INTEGER NOT NULL DEFAULT 0,     -- … ≥ 1 channel switch
	web_phone_cases INTEGER NOT NULL DEFAULT 0,  -- … ≥ 1 web → phone switch
	reexplain_cases INTEGER NOT NULL DEFAULT 0,  -- … ≥ 1 re-explanation
	robot_cases INTEGER NOT NULL DEFAULT 0,      -- … ≥ 1 robot-only contact
	reopen_cases INTEGER NOT NULL DEFAULT 0,     -- … ≥ 1 reopen
	medium_cases INTEGER NOT NULL DEFAULT 0,     -- effort band medium
	high_cases INTEGER NOT NULL DEFAULT 0,       -- effort band high
	resolved_cases INTEGER NOT NULL DEFAULT 0,   -- resolved or closed
	elapsed_s INTEGER NOT NULL DEFAULT 0,        -- Σ open → resolved of resolved cases
	PRIMARY KEY (day, team_id, channel)
) STRICT, WITHOUT ROWID;

-- Per customer: cases with high effort (the disloyalty ratio's split).
ALTER TABLE customer ADD COLUMN high_effort_cases INTEGER NOT NULL DEFAULT 0
	CHECK (high_effort_cases >= 0);

-- One case's contribution, added (sign 1) or taken away (sign -1). The ticket
-- triggers below write rows here; this trigger turns them into bucket sums,
-- so the derived columns are spelled out once.
CREATE VIEW effort_agg_delta AS
	SELECT 0 AS sign, 0 AS customer_id, 0 AS created_at, 0 AS team_id, '' AS first_channel,
	       0 AS contacts, 0 AS repeat_contacts, 0 AS transfers, 0 AS channel_switches,
	       0 AS web_phone, 0 AS re_explanations, 0 AS robot_only, 0 AS reopens,
	       '' AS band, '' AS status, 0 AS resolved_at
	WHERE 0;

CREATE TRIGGER effort_agg_delta_apply INSTEAD OF INSERT ON effort_agg_delta BEGIN
	INSERT INTO effort_agg (day, team_id, channel, cases, contacts, repeat_contacts, transfers,
		channel_switches, re_explanations, robot_only, reopens, repeat_cases,
		transfer_cases, switch_cases, web_phone_cases, reexplain_cases, robot_cases,
		reopen_cases, medium_cases, high_cases, resolved_cases, elapsed_s)
	VALUES (NEW.created_at / 86400, coalesce(NEW.team_id, 0), coalesce(NEW.first_channel, ''),
		NEW.sign, NEW.sign * NEW.contacts, NEW.sign * NEW.repeat_contacts,
		NEW.sign * NEW.transfers, NEW.sign * NEW.channel_switches,
		NEW.sign * NEW.re_explanations, NEW.sign * NEW.robot_only, NEW.sign * NEW.reopens,
		NEW.sign * (NEW.repeat_contacts > 0), NEW.sign * (NEW.transfers > 0),
		NEW.sign * (NEW.channel_switches > 0), NEW.sign * (NEW.web_phone > 0),
		NEW.sign * (NEW.re_explanations > 0), NEW.sign * (NEW.robot_only > 0),
		NEW.sign * (NEW.reopens > 0), NEW.sign * (NEW.band = 'medium'),
		NEW.sign * (NEW.band = 'high'), NEW.sign * (NEW.status IN ('resolved', 'closed')),
		NEW.sign * CASE WHEN NEW.status IN ('resolved', 'closed') AND NEW.resolved_at IS NOT NULL
		               THEN max(NEW.resolved_at - NEW.created_at, 0) ELSE 0 END)
	ON CONFLICT (day, team_id, channel) DO UPDATE SET
		cases = cases + excluded.cases, contacts = contacts + excluded.contacts,
		repeat_contacts = repeat_contacts + excluded.repeat_contacts,
		transfers = transfers + excluded.transfers,
		channel_switches = channel_switches + excluded.channel_switches,
		re_explanations = re_explanations + excluded.re_explanations,
		robot_only = robot_only + excluded.robot_only, reopens = reopens + excluded.reopens,
		repeat_cases = repeat_cases + excluded.repeat_cases,
		transfer_cases = transfer_cases + excluded.transfer_cases,
		switch_cases = switch_cases + excluded.switch_cases,
		web_phone_cases = web_phone_cases + excluded.web_phone_cases,
		reexplain_cases = reexplain_cases + excluded.reexplain_cases,
		robot_cases = robot_cases + excluded.robot_cases,
		reopen_cases = reopen_cases + excluded.reopen_cases,
		medium_cases = medium_cases + excluded.medium_cases,
		high_cases = high_cases + excluded.high_cases,
		resolved_cases = resolved_cases + excluded.resolved_cases,
		elapsed_s = elapsed_s + excluded.elapsed_s;
	UPDATE customer SET high_effort_cases = high_effort_cases + NEW.sign
		WHERE id = NEW.customer_id AND NEW.band = 'high';
END;

CREATE TRIGGER ticket_agg_ai AFTER INSERT ON ticket WHEN NEW.merged_into_id IS NULL BEGIN
	INSERT INTO effort_agg_delta (sign, customer_id, created_at, team_id, first_channel, contacts, repeat_contacts, transfers, channel_switches, web_phone, re_explanations, robot_only, reopens, band, status, resolved_at)
	VALUES (1, NEW.customer_id, NEW.created_at, NEW.team_id, NEW.first_channel,
		NEW.effort_contacts, NEW.effort_repeat_contacts, NEW.effort_transfers,
		NEW.effort_channel_switches, NEW.effort_web_phone, NEW.effort_re_explanations,
		NEW.effort_robot_only, NEW.effort_reopens, NEW.effort_band, NEW.status, NEW.resolved_at);
END;

CREATE TRIGGER ticket_agg_ad AFTER DELETE ON ticket WHEN OLD.merged_into_id IS NULL BEGIN
	INSERT INTO effort_agg_delta (sign, customer_id, created_at, team_id, first_channel, contacts, repeat_contacts, transfers, channel_switches, web_phone, re_explanations, robot_only, reopens, band, status, resolved_at)
	VALUES (-1, OLD.customer_id, OLD.created_at, OLD.team_id, OLD.first_channel,
		OLD.effort_contacts, OLD.effort_repeat_contacts, OLD.effort_transfers,
		OLD.effort_channel_switches, OLD.effort_web_phone, OLD.effort_re_explanations,
		OLD.effort_robot_only, OLD.effort_reopens, OLD.effort_band, OLD.status, OLD.resolved_at);
END;

-- Fires only when something the aggregates read changed (a case is written
-- on every interaction; most writes change a counter, some change nothing).
CREATE TRIGGER ticket_agg_au AFTER UPDATE ON ticket
WHEN OLD.merged_into_id IS NOT NEW.merged_into_id OR OLD.customer_id IS NOT NEW.customer_id
  OR OLD.created_at IS NOT NEW.created_at OR OLD.team_id IS NOT NEW.team_id
  OR OLD.first_channel IS NOT NEW.first_channel OR OLD.status IS NOT NEW.status
  OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.effort_band IS NOT NEW.effort_band
  OR OLD.effort_contacts IS NOT NEW.effort_contacts
  OR OLD.effort_repeat_contacts IS NOT NEW.effort_repeat_contacts
  OR OLD.effort_transfers IS NOT NEW.effort_transfers
  OR OLD.effort_channel_switches IS NOT NEW.effort_channel_switches
  OR OLD.effort_web_phone IS NOT NEW.effort_web_phone
  OR OLD.effort_re_explanations IS NOT NEW.effort_re_explanations
  OR OLD.effort_robot_only IS NOT NEW.effort_robot_only
  OR OLD.effort_reopens IS NOT NEW.effort_reopens BEGIN
	INSERT INTO effort_agg_delta (sign, customer_id, created_at, team_id, first_channel, contacts, repeat_contacts, transfers, channel_switches, web_phone, re_explanations, robot_only, reopens, band, status, resolved_at)
	SELECT -1, OLD.customer_id, OLD.created_at, OLD.team_id, OLD.first_channel,
		OLD.effort_contacts, OLD.effort_repeat_contacts, OLD.effort_transfers,
		OLD.effort_channel_switches, OLD.effort_web_phone, OLD.effort_re_explanations,
		OLD.effort_robot_only, OLD.effort_reopens, OLD.effort_band, OLD.status, OLD.resolved_at
	WHERE OLD.merged_into_id IS NULL;
	INSERT INTO effort_agg_delta (sign, customer_id, created_at, team_id, first_channel, contacts, repeat_contacts, transfers, channel_switches, web_phone, re_explanations, robot_only, reopens, band, status, resolved_at)
	SELECT 1, NEW.customer_id, NEW.created_at, NEW.team_id, NEW.first_channel,
		NEW.effort_contacts, NEW.effort_repeat_contacts, NEW.effort_transfers,
		NEW.effort_channel_switches, NEW.effort_web_phone, NEW.effort_re_explanations,
		NEW.effort_robot_only, NEW.effort_reopens, NEW.effort_band, NEW.status, NEW.resolved_at
	WHERE NEW.merged_into_id IS NULL;
END;

-- Cases that exist already.
INSERT INTO effort_agg_delta (sign, customer_id, created_at, team_id, first_channel, contacts, repeat_contacts, transfers, channel_switches, web_phone, re_explanations, robot_only, reopens, band, status, resolved_at)
SELECT 1, customer_id, created_at, team_id, first_channel, effort_contacts,
	effort_repeat_contacts, effort_transfers, effort_channel_switches, effort_web_phone,
	effort_re_explanations, effort_robot_only, effort_reopens, effort_band, status, resolved_at
FROM ticket WHERE merged_into_id IS NULL;
