-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Feedback and loyalty: survey invitations and answers, the outbox that
-- holds invitations until a channel delivers them, transactional survey
-- rules, closed-loop follow-up tasks, answer aggregates for the survey
-- reports, and each customer's loyalty features with the counts the
-- loyalty model is fitted on — all kept by triggers, in the same
-- transaction as the write that changes them.

-- ---------------------------------------------------------------- surveys

-- One invitation and, once answered, its answer. Only the SHA-256 of the
-- token is kept: the token itself is shown once, when the survey is created
-- (and travels in the outbox message that delivers it). team_id and channel
-- are the case's when the survey was sent (owning team, first contact's
-- channel), so reports filter answers as they filter cases.
CREATE TABLE survey (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('csat', 'nps', 'ces', 'servqual')),
	origin TEXT NOT NULL CHECK (origin IN ('manual', 'transactional', 'relationship')),
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	case_id INTEGER REFERENCES ticket (id) ON DELETE RESTRICT,
	team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	channel TEXT CHECK (channel IN ('email', 'phone', 'chat', 'web', 'visit', 'social', 'bot')),
	campaign TEXT CHECK (campaign <> ''),
	language TEXT NOT NULL CHECK (language <> ''),
	token_digest BLOB NOT NULL UNIQUE CHECK (length(token_digest) = 32),
	created_by INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	sent_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL CHECK (expires_at > sent_at),
	answered_at INTEGER,
	score INTEGER CHECK (score BETWEEN 0 AND 10),
	comment TEXT,
	exp_tangibles INTEGER CHECK (exp_tangibles BETWEEN 1 AND 7),
	per_tangibles INTEGER CHECK (per_tangibles BETWEEN 1 AND 7),
	exp_reliability INTEGER CHECK (exp_reliability BETWEEN 1 AND 7),
	per_reliability INTEGER CHECK (per_reliability BETWEEN 1 AND 7),
	exp_responsiveness INTEGER CHECK (exp_responsiveness BETWEEN 1 AND 7),
	per_responsiveness INTEGER CHECK (per_responsiveness BETWEEN 1 AND 7),
	exp_assurance INTEGER CHECK (exp_assurance BETWEEN 1 AND 7),
	per_assurance INTEGER CHECK (per_assurance BETWEEN 1 AND 7),
	exp_empathy INTEGER CHECK (exp_empathy BETWEEN 1 AND 7),
	per_empathy INTEGER CHECK (per_empathy BETWEEN 1 AND 7),
	CHECK (answered_at IS NOT NULL OR (score IS NULL AND comment IS NULL
		AND exp_tangibles IS NULL AND per_tangibles IS NULL))
) STRICT;

CREATE INDEX survey_customer_idx ON survey (customer_id, sent_at);
CREATE INDEX survey_case_idx ON survey (case_id) WHERE case_id IS NOT NULL;
-- The effort-weight calibration reads the newest CES answers.
CREATE INDEX survey_answered_idx ON survey (kind, answered_at) WHERE answered_at IS NOT NULL;

-- Answers are written once: an answered survey never changes again.
CREATE TRIGGER survey_answer_once BEFORE UPDATE ON survey
WHEN OLD.answered_at IS NOT NULL BEGIN
	SELECT RAISE(ABORT, 'survey_answered');
END;

-- Answer counts by (day answered, team, channel, origin, kind, score), for
-- the NPS, CSAT and CES reports: a histogram per bucket.
CREATE TABLE survey_agg (
	day INTEGER NOT NULL,       -- Unix day (UTC) of the answer
	team_id INTEGER NOT NULL,   -- the case's team, 0 = none
	channel TEXT NOT NULL,      -- the case's first channel, '' = none
	origin TEXT NOT NULL,
	kind TEXT NOT NULL,
	score INTEGER NOT NULL,
	answers INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, team_id, channel, origin, kind, score)
) STRICT, WITHOUT ROWID;

-- SERVQUAL: per dimension, the count, sum and sum of squares of the gaps
-- P − E (mean and standard error follow from the three).
CREATE TABLE servqual_agg (
	day INTEGER NOT NULL,
	team_id INTEGER NOT NULL,
	channel TEXT NOT NULL,
	origin TEXT NOT NULL,
	dim TEXT NOT NULL CHECK (dim IN ('tangibles', 'reliability', 'responsiveness',
		'assurance', 'empathy')),
	n INTEGER NOT NULL DEFAULT 0,
	gap_sum INTEGER NOT NULL DEFAULT 0,
	gap_sq INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, team_id, channel, origin, dim)
) STRICT, WITHOUT ROWID;

CREATE VIEW servqual_agg_delta AS
	SELECT 0 AS day, 0 AS team_id, '' AS channel, '' AS origin, '' AS dim, 0 AS expected,
	       0 AS perceived WHERE 0;

CREATE TRIGGER servqual_agg_delta_apply INSTEAD OF INSERT ON servqual_agg_delta
WHEN NEW.expected IS NOT NULL AND NEW.perceived IS NOT NULL BEGIN
	INSERT INTO servqual_agg (day, team_id, channel, origin, dim, n, gap_sum, gap_sq)
	VALUES (NEW.day, NEW.team_id, NEW.channel, NEW.origin, NEW.dim, 1,
		NEW.perceived - NEW.expected,
		(NEW.perceived - NEW.expected) * (NEW.perceived - NEW.expected))
	ON CONFLICT (day, team_id, channel, origin, dim) DO UPDATE SET
		n = n + 1, gap_sum = gap_sum + excluded.gap_sum, gap_sq = gap_sq + excluded.gap_sq;
END;

-- A customer's latest answer of each kind (a loyalty-model feature).
ALTER TABLE customer ADD COLUMN last_nps INTEGER CHECK (last_nps BETWEEN 0 AND 10);
ALTER TABLE customer ADD COLUMN last_nps_at INTEGER;
ALTER TABLE customer ADD COLUMN last_csat INTEGER CHECK (last_csat BETWEEN 1 AND 5);
ALTER TABLE customer ADD COLUMN last_csat_at INTEGER;
ALTER TABLE customer ADD COLUMN last_ces INTEGER CHECK (last_ces BETWEEN 1 AND 7);
ALTER TABLE customer ADD COLUMN last_ces_at INTEGER;

CREATE TRIGGER survey_answered AFTER UPDATE OF answered_at ON survey
WHEN OLD.answered_at IS NULL AND NEW.answered_at IS NOT NULL BEGIN
	INSERT INTO survey_agg (day, team_id, channel, origin, kind, score, answers)
	SELECT NEW.answered_at / 86400, coalesce(NEW.team_id, 0), coalesce(NEW.channel, ''),
	       NEW.origin, NEW.kind, NEW.score, 1
	WHERE NEW.score IS NOT NULL
	ON CONFLICT (day, team_id, channel, origin, kind, score) DO UPDATE SET
		answers = answers + 1;
	INSERT INTO servqual_agg_delta (day, team_id, channel, origin, dim, expected, perceived)
	VALUES
		(NEW.answered_at / 86400, coalesce(NEW.team_id, 0), coalesce(NEW.channel, ''),
		 NEW.origin, 'tangibles', NEW.exp_tangibles, NEW.per_tangibles),
		(NEW.answered_at / 86400, coalesce(NEW.team_id, 0), coalesce(NEW.channel, ''),
		 NEW.origin, 'reliability', NEW.exp_reliability, NEW.per_reliability),
		(NEW.answered_at / 86400, coalesce(NEW.team_id, 0), coalesce(NEW.channel, ''),
		 NEW.origin, 'responsiveness', NEW.exp_responsiveness, NEW.per_responsiveness),
		(NEW.answered_at / 86400, coalesce(NEW.team_id, 0), coalesce(NEW.channel, ''),
		 NEW.origin, 'assurance', NEW.exp_assurance, NEW.per_assurance),
		(NEW.answered_at / 86400, coalesce(NEW.team_id, 0), coalesce(NEW.channel, ''),
		 NEW.origin, 'empathy', NEW.exp_empathy, NEW.per_empathy);
	UPDATE customer SET last_nps = NEW.score, last_nps_at = NEW.answered_at
	WHERE id = NEW.customer_id AND NEW.kind = 'nps'
	  AND (last_nps_at IS NULL OR last_nps_at <= NEW.answered_at);
	UPDATE customer SET last_csat = NEW.score, last_csat_at = NEW.answered_at
	WHERE id = NEW.customer_id AND NEW.kind = 'csat'
	  AND (last_csat_at IS NULL OR last_csat_at <= NEW.answered_at);
	UPDATE customer SET last_ces = NEW.score, last_ces_at = NEW.answered_at
	WHERE id = NEW.customer_id AND NEW.kind = 'ces'
	  AND (last_ces_at IS NULL OR last_ces_at <= NEW.answered_at);
END;

-- Transactional survey rules: which kind to send when a case of `category`
-- whose first contact came by `channel` is resolved (NULL = any).
CREATE TABLE survey_rule (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('csat', 'nps', 'ces', 'servqual')),
	category TEXT
		CHECK (category IN ('question', 'request', 'problem', 'complaint', 'compliment')),
	channel TEXT CHECK (channel IN ('email', 'phone', 'chat', 'web', 'visit', 'social', 'bot')),
	created_at INTEGER NOT NULL,
	UNIQUE (category, channel)
) STRICT;

-- Messages waiting for delivery (until outbound channels exist, a person or
-- a mailer picks them up through the API and marks them sent).
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	survey_id INTEGER REFERENCES survey (id) ON DELETE RESTRICT,
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	channel TEXT NOT NULL CHECK (channel IN ('email')),
	recipient TEXT NOT NULL CHECK (recipient <> ''),
	language TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	sent_at INTEGER
) STRICT;

CREATE INDEX outbox_pending_idx ON outbox (id) WHERE sent_at IS NULL;

-- Closed loop: an unhappy answer opens a task for the case owner's team.
CREATE TABLE followup (
	id INTEGER PRIMARY KEY,
	survey_id INTEGER NOT NULL UNIQUE REFERENCES survey (id) ON DELETE RESTRICT,
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	case_id INTEGER REFERENCES ticket (id) ON DELETE RESTRICT,
	team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	reason TEXT NOT NULL CHECK (reason IN ('detractor', 'low_ces', 'low_csat')),
	status TEXT NOT NULL CHECK (status IN ('open', 'done')),
	due_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	done_at INTEGER,
	done_by INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	note TEXT,
	CHECK ((status = 'done') = (done_at IS NOT NULL))
) STRICT;

CREATE INDEX followup_status_idx ON followup (status, due_at, id);

-- ---------------------------------------------------------------- loyalty

-- Per customer: sums of the effort signals of their cases (merged cases
-- excluded) and complaints, kept with case_count and high_effort_cases by
-- the ticket_customer triggers below.
ALTER TABLE customer ADD COLUMN eff_contacts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN eff_repeat_contacts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN eff_transfers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN eff_channel_switches INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN eff_re_explanations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN eff_robot_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN complaints INTEGER NOT NULL DEFAULT 0;

-- The loyalty model's feature vector of a customer as text, one field per
-- feature in app/loyalty.c's order: high effort (0/1), contacts (top-coded
-- at 10), repeat contacts, transfers, channel switches, re-explanations,
-- robot-only contacts, complaints (each top-coded at 5), last NPS a
-- detractor (0–6), a promoter (9–10), last CES low (≤ 3), last CSAT low
-- (≤ 2); then, not a feature but the split of the lapse ratios, whether
-- the customer has had a case. Top-coding keeps a few extreme customers from
-- steering the fit and keeps the number of distinct vectors small.
ALTER TABLE customer ADD COLUMN loyalty_key TEXT GENERATED ALWAYS AS (
	(high_effort_cases > 0) || ',' || min(eff_contacts, 10) || ',' ||
	min(eff_repeat_contacts, 5) || ',' || min(eff_transfers, 5) || ',' ||
	min(eff_channel_switches, 5) || ',' || min(eff_re_explanations, 5) || ',' ||
	min(eff_robot_only, 5) || ',' || min(complaints, 5) || ',' ||
	coalesce(last_nps <= 6, 0) || ',' || coalesce(last_nps >= 9, 0) || ',' ||
	coalesce(last_ces <= 3, 0) || ',' || coalesce(last_csat <= 2, 0) || ',' ||
	(case_count > 0)) VIRTUAL;

CREATE INDEX customer_loyalty_idx ON customer (loyalty_key, id);

-- When the latest decided renewal fell due (the subscription triggers of
-- 0003, replaced here, keep it with the outcome), so the loyalty report can
-- ask "what cost us the renewals of this quarter".
ALTER TABLE customer ADD COLUMN renewal_at INTEGER;

DROP TRIGGER subscription_outcome_ai;
CREATE TRIGGER subscription_outcome_ai AFTER INSERT ON subscription BEGIN
	UPDATE customer SET (renewal, renewal_at) = (
		SELECT status, renews_at FROM subscription
		WHERE customer_id = NEW.customer_id AND status IN ('renewed', 'lapsed')
		ORDER BY renews_at DESC, id DESC LIMIT 1)
	WHERE id = NEW.customer_id;
END;

DROP TRIGGER subscription_outcome_au;
CREATE TRIGGER subscription_outcome_au AFTER UPDATE OF status, renews_at, customer_id
ON subscription BEGIN
	UPDATE customer SET (renewal, renewal_at) = (
		SELECT status, renews_at FROM subscription
		WHERE customer_id = customer.id AND status IN ('renewed', 'lapsed')
		ORDER BY renews_at DESC, id DESC LIMIT 1)
	WHERE id IN (OLD.customer_id, NEW.customer_id);
END;

UPDATE customer SET renewal_at = (
	SELECT renews_at FROM subscription
	WHERE customer_id = customer.id AND status IN ('renewed', 'lapsed')
	ORDER BY renews_at DESC, id DESC LIMIT 1)
WHERE renewal IS NOT NULL;

-- Customers by (feature vector, renewal outcome, UTC month the renewal fell
-- due as YYYYMM, 0 when undecided): the loyalty model is fitted on these
-- cells as weighted rows, never on a scan of customers.
CREATE TABLE loyalty_agg (
	key TEXT NOT NULL,
	renewal TEXT NOT NULL CHECK (renewal IN ('', 'renewed', 'lapsed')),
	month INTEGER NOT NULL,
	customers INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (key, renewal, month)
) STRICT, WITHOUT ROWID;

CREATE VIEW loyalty_agg_delta AS
	SELECT 0 AS sign, '' AS key, '' AS renewal, 0 AS renewal_at WHERE 0;

CREATE TRIGGER loyalty_agg_delta_apply INSTEAD OF INSERT ON loyalty_agg_delta BEGIN
	INSERT INTO loyalty_agg (key, renewal, month, customers)
	VALUES (NEW.key, coalesce(NEW.renewal, ''),
		CASE WHEN NEW.renewal IS NULL OR NEW.renewal_at IS NULL THEN 0
		     ELSE CAST(strftime('%Y%m', NEW.renewal_at, 'unixepoch') AS INTEGER) END,
		NEW.sign)
	ON CONFLICT (key, renewal, month) DO UPDATE SET
		customers = customers + excluded.customers;
END;

CREATE TRIGGER loyalty_agg_ai AFTER INSERT ON customer BEGIN
	INSERT INTO loyalty_agg_delta (sign, key, renewal, renewal_at)
	VALUES (1, NEW.loyalty_key, NEW.renewal, NEW.renewal_at);
END;

CREATE TRIGGER loyalty_agg_ad AFTER DELETE ON customer BEGIN
	INSERT INTO loyalty_agg_delta (sign, key, renewal, renewal_at)
	VALUES (-1, OLD.loyalty_key, OLD.renewal, OLD.renewal_at);
END;

CREATE TRIGGER loyalty_agg_au AFTER UPDATE ON customer
WHEN OLD.loyalty_key IS NOT NEW.loyalty_key OR OLD.renewal IS NOT NEW.renewal
  OR OLD.renewal_at IS NOT NEW.renewal_at BEGIN
	INSERT INTO loyalty_agg_delta (sign, key, renewal, renewal_at)
	VALUES (-1, OLD.loyalty_key, OLD.renewal, OLD.renewal_at);
	INSERT INTO loyalty_agg_delta (sign, key, renewal, renewal_at)
	VALUES (1, NEW.loyalty_key, NEW.renewal, NEW.renewal_at);
END;

-- The effort delta no longer touches the customer: the ticket_customer
-- triggers below keep every per-customer sum in one statement per write.
DROP TRIGGER effort_agg_delta_apply;
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
END;

-- One UPDATE of the customer per case write keeps all of its sums: the
-- case count (0001), high-effort cases (0002), complaints and the effort
-- signals. A case write that changes none of them touches no customer.
DROP TRIGGER ticket_count_ai;
DROP TRIGGER ticket_count_au;
DROP TRIGGER ticket_count_ad;

CREATE TRIGGER ticket_customer_ai AFTER INSERT ON ticket WHEN NEW.merged_into_id IS NULL BEGIN
	UPDATE customer SET
		case_count = case_count + 1,
		complaints = complaints + (NEW.category = 'complaint'),
		high_effort_cases = high_effort_cases + (NEW.effort_band = 'high'),
		eff_contacts = eff_contacts + NEW.effort_contacts,
		eff_repeat_contacts = eff_repeat_contacts + NEW.effort_repeat_contacts,
		eff_transfers = eff_transfers + NEW.effort_transfers,
		eff_channel_switches = eff_channel_switches + NEW.effort_channel_switches,
		eff_re_explanations = eff_re_explanations + NEW.effort_re_explanations,
		eff_robot_only = eff_robot_only + NEW.effort_robot_only
	WHERE id = NEW.customer_id;
END;

CREATE TRIGGER ticket_customer_ad AFTER DELETE ON ticket WHEN OLD.merged_into_id IS NULL BEGIN
	UPDATE customer SET
		case_count = case_count - 1,
		complaints = complaints - (OLD.category = 'complaint'),
		high_effort_cases = high_effort_cases - (OLD.effort_band = 'high'),
		eff_contacts = eff_contacts - OLD.effort_contacts,
		eff_repeat_contacts = eff_repeat_contacts - OLD.effort_repeat_contacts,
		eff_transfers = eff_transfers - OLD.effort_transfers,
		eff_channel_switches = eff_channel_switches - OLD.effort_channel_switches,
		eff_re_explanations = eff_re_explanations - OLD.effort_re_explanations,
		eff_robot_only = eff_robot_only - OLD.effort_robot_only
	WHERE id = OLD.customer_id;
END;

-- o = the old row counted (not merged), n = the new one; a customer who
-- stays gets the difference, a move takes from one and gives to the other.
CREATE TRIGGER ticket_customer_au AFTER UPDATE ON ticket
WHEN OLD.customer_id IS NOT NEW.customer_id
  OR (OLD.merged_into_id IS NULL) <> (NEW.merged_into_id IS NULL)
  OR (NEW.merged_into_id IS NULL AND (
	(OLD.category = 'complaint') <> (NEW.category = 'complaint')
	OR (OLD.effort_band = 'high') <> (NEW.effort_band = 'high')
	OR OLD.effort_contacts <> NEW.effort_contacts
	OR OLD.effort_repeat_contacts <> NEW.effort_repeat_contacts
	OR OLD.effort_transfers <> NEW.effort_transfers
	OR OLD.effort_channel_switches <> NEW.effort_channel_switches
	OR OLD.effort_re_explanations <> NEW.effort_re_explanations
	OR OLD.effort_robot_only <> NEW.effort_robot_only)) BEGIN
	UPDATE customer SET
		case_count = case_count + (NEW.merged_into_id IS NULL) - (OLD.merged_into_id IS NULL),
		complaints = complaints
			+ (NEW.merged_into_id IS NULL AND NEW.category = 'complaint')
			- (OLD.merged_into_id IS NULL AND OLD.category = 'complaint'),
		high_effort_cases = high_effort_cases
			+ (NEW.merged_into_id IS NULL AND NEW.effort_band = 'high')
			- (OLD.merged_into_id IS NULL AND OLD.effort_band = 'high'),
		eff_contacts = eff_contacts + (NEW.merged_into_id IS NULL) * NEW.effort_contacts
			- (OLD.merged_into_id IS NULL) * OLD.effort_contacts,
		eff_repeat_contacts = eff_repeat_contacts
			+ (NEW.merged_into_id IS NULL) * NEW.effort_repeat_contacts
			- (OLD.merged_into_id IS NULL) * OLD.effort_repeat_contacts,
		eff_transfers = eff_transfers + (NEW.merged_into_id IS NULL) * NEW.effort_transfers
			- (OLD.merged_into_id IS NULL) * OLD.effort_transfers,
		eff_channel_switches = eff_channel_switches
			+ (NEW.merged_into_id IS NULL) * NEW.effort_channel_switches
			- (OLD.merged_into_id IS NULL) * OLD.effort_channel_switches,
		eff_re_explanations = eff_re_explanations
			+ (NEW.merged_into_id IS NULL) * NEW.effort_re_explanations
			- (OLD.merged_into_id IS NULL) * OLD.effort_re_explanations,
		eff_robot_only = eff_robot_only
			+ (NEW.merged_into_id IS NULL) * NEW.effort_robot_only
			- (OLD.merged_into_id IS NULL) * OLD.effort_robot_only
	WHERE id = NEW.customer_id AND OLD.customer_id = NEW.customer_id;
	UPDATE customer SET
		case_count = case_count - 1,
		complaints = complaints - (OLD.category = 'complaint'),
		high_effort_cases = high_effort_cases - (OLD.effort_band = 'high'),
		eff_contacts = eff_contacts - OLD.effort_contacts,
		eff_repeat_contacts = eff_repeat_contacts - OLD.effort_repeat_contacts,
		eff_transfers = eff_transfers - OLD.effort_transfers,
		eff_channel_switches = eff_channel_switches - OLD.effort_channel_switches,
		eff_re_explanations = eff_re_explanations - OLD.effort_re_explanations,
		eff_robot_only = eff_robot_only - OLD.effort_robot_only
	WHERE id = OLD.customer_id AND OLD.customer_id <> NEW.customer_id
	  AND OLD.merged_into_id IS NULL;
	UPDATE customer SET
		case_count = case_count + 1,
		complaints = complaints + (NEW.category = 'complaint'),
		high_effort_cases = high_effort_cases + (NEW.effort_band = 'high'),
		eff_contacts = eff_contacts + NEW.effort_contacts,
		eff_repeat_contacts = eff_repeat_contacts + NEW.effort_repeat_contacts,
		eff_transfers = eff_transfers + NEW.effort_transfers,
		eff_channel_switches = eff_channel_switches + NEW.effort_channel_switches,
		eff_re_explanations = eff_re_explanations + NEW.effort_re_explanations,
		eff_robot_only = eff_robot_only + NEW.effort_robot_only
	WHERE id = NEW.customer_id AND OLD.customer_id <> NEW.customer_id
	  AND NEW.merged_into_id IS NULL;
END;

-- Existing data: customers' sums (the loyalty_agg_au trigger moves each
-- customer into its cell), then customers not yet in any cell.
UPDATE customer SET
	eff_contacts = coalesce((SELECT sum(effort_contacts) FROM ticket
		WHERE customer_id = customer.id AND merged_into_id IS NULL), 0),
	eff_repeat_contacts = coalesce((SELECT sum(effort_repeat_contacts) FROM ticket
		WHERE customer_id = customer.id AND merged_into_id IS NULL), 0),
	eff_transfers = coalesce((SELECT sum(effort_transfers) FROM ticket
		WHERE customer_id = customer.id AND merged_into_id IS NULL), 0),
	eff_channel_switches = coalesce((SELECT sum(effort_channel_switches) FROM ticket
		WHERE customer_id = customer.id AND merged_into_id IS NULL), 0),
	eff_re_explanations = coalesce((SELECT sum(effort_re_explanations) FROM ticket
		WHERE customer_id = customer.id AND merged_into_id IS NULL), 0),
	eff_robot_only = coalesce((SELECT sum(effort_robot_only) FROM ticket
		WHERE customer_id = customer.id AND merged_into_id IS NULL), 0),
	complaints = (SELECT count(*) FROM ticket
		WHERE customer_id = customer.id AND merged_into_id IS NULL
		  AND category = 'complaint')
WHERE case_count > 0;

DELETE FROM loyalty_agg;
INSERT INTO loyalty_agg_delta (sign, key, renewal, renewal_at)
SELECT 1, loyalty_key, renewal, renewal_at FROM customer;

-- ------------------------------------------------------------------- FCR

-- First-contact resolution over a window W (METRICS.md): a case is a first
-- contact for W when the customer had no same-category case resolved in the
-- W before it opened (fcr_prev_gap, NULL = none within 30 days), and it was
-- not resolved at first contact when the customer came back on the same
-- reason within W after its resolution — reopened it or opened a
-- same-category case (fcr_next_gap, NULL = not yet). The app sets both.
ALTER TABLE ticket ADD COLUMN fcr_prev_gap INTEGER CHECK (fcr_prev_gap >= 0);
ALTER TABLE ticket ADD COLUMN fcr_next_gap INTEGER CHECK (fcr_next_gap >= 0);

-- Existing cases: the same from the cases themselves (a reopen that was
-- later resolved again no longer shows its first resolution, so reopens
-- before this migration count only through effort_reopens).
UPDATE ticket SET fcr_prev_gap = (
	SELECT ticket.created_at - max(p.resolved_at) FROM ticket p
	WHERE p.customer_id = ticket.customer_id AND p.category = ticket.category
	  AND p.id <> ticket.id AND p.merged_into_id IS NULL AND p.resolved_at IS NOT NULL
	  AND p.resolved_at <= ticket.created_at AND p.resolved_at >= ticket.created_at - 30 * 86400)
WHERE merged_into_id IS NULL;
UPDATE ticket SET fcr_next_gap = (
	SELECT min(n.created_at) - ticket.resolved_at FROM ticket n
	WHERE n.customer_id = ticket.customer_id AND n.category = ticket.category
	  AND n.id <> ticket.id AND n.merged_into_id IS NULL AND n.created_at >= ticket.resolved_at)
WHERE merged_into_id IS NULL AND resolved_at IS NOT NULL;

-- Resolved cases by (day resolved, team, first channel): first contacts and
-- those the customer came back about, for W = 24 hours, 7 and 30 days.
CREATE TABLE fcr_agg (
	day INTEGER NOT NULL,          -- Unix day (UTC) of the resolution
	team_id INTEGER NOT NULL,
	channel TEXT NOT NULL,
	first_1d INTEGER NOT NULL DEFAULT 0,
	repeat_1d INTEGER NOT NULL DEFAULT 0,
	first_7d INTEGER NOT NULL DEFAULT 0,
	repeat_7d INTEGER NOT NULL DEFAULT 0,
	first_30d INTEGER NOT NULL DEFAULT 0,
	repeat_30d INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, team_id, channel)
) STRICT, WITHOUT ROWID;

CREATE VIEW fcr_agg_delta AS
	SELECT 0 AS sign, 0 AS resolved_at, 0 AS team_id, '' AS channel, 0 AS prev_gap,
	       0 AS next_gap WHERE 0;

CREATE TRIGGER fcr_agg_delta_apply INSTEAD OF INSERT ON fcr_agg_delta BEGIN
	INSERT INTO fcr_agg (day, team_id, channel, first_1d, repeat_1d, first_7d, repeat_7d,
		first_30d, repeat_30d)
	VALUES (NEW.resolved_at / 86400, coalesce(NEW.team_id, 0), coalesce(NEW.channel, ''),
		NEW.sign * coalesce(NEW.prev_gap > 86400, 1),
		NEW.sign * (coalesce(NEW.prev_gap > 86400, 1) AND coalesce(NEW.next_gap <= 86400, 0)),
		NEW.sign * coalesce(NEW.prev_gap > 604800, 1),
		NEW.sign * (coalesce(NEW.prev_gap > 604800, 1) AND coalesce(NEW.next_gap <= 604800, 0)),
		NEW.sign * coalesce(NEW.prev_gap > 2592000, 1),
		NEW.sign * (coalesce(NEW.prev_gap > 2592000, 1) AND coalesce(NEW.next_gap <= 2592000, 0)))
	ON CONFLICT (day, team_id, channel) DO UPDATE SET
		first_1d = first_1d + excluded.first_1d, repeat_1d = repeat_1d + excluded.repeat_1d,
		first_7d = first_7d + excluded.first_7d, repeat_7d = repeat_7d + excluded.repeat_7d,
		first_30d = first_30d + excluded.first_30d,
		repeat_30d = repeat_30d + excluded.repeat_30d;
END;

CREATE TRIGGER ticket_fcr_ai AFTER INSERT ON ticket
WHEN NEW.merged_into_id IS NULL AND NEW.resolved_at IS NOT NULL
 AND NEW.status IN ('resolved', 'closed') BEGIN
	INSERT INTO fcr_agg_delta (sign, resolved_at, team_id, channel, prev_gap, next_gap)
	VALUES (1, NEW.resolved_at, NEW.team_id, NEW.first_channel, NEW.fcr_prev_gap,
		NEW.fcr_next_gap);
END;

CREATE TRIGGER ticket_fcr_ad AFTER DELETE ON ticket
WHEN OLD.merged_into_id IS NULL AND OLD.resolved_at IS NOT NULL
 AND OLD.status IN ('resolved', 'closed') BEGIN
	INSERT INTO fcr_agg_delta (sign, resolved_at, team_id, channel, prev_gap, next_gap)
	VALUES (-1, OLD.resolved_at, OLD.team_id, OLD.first_channel, OLD.fcr_prev_gap,
		OLD.fcr_next_gap);
END;

CREATE TRIGGER ticket_fcr_au AFTER UPDATE ON ticket
WHEN OLD.merged_into_id IS NOT NEW.merged_into_id OR OLD.resolved_at IS NOT NEW.resolved_at
  OR OLD.status IS NOT NEW.status OR OLD.team_id IS NOT NEW.team_id
  OR OLD.first_channel IS NOT NEW.first_channel OR OLD.fcr_prev_gap IS NOT NEW.fcr_prev_gap
  OR OLD.fcr_next_gap IS NOT NEW.fcr_next_gap BEGIN
	INSERT INTO fcr_agg_delta (sign, resolved_at, team_id, channel, prev_gap, next_gap)
	SELECT -1, OLD.resolved_at, OLD.team_id, OLD.first_channel, OLD.fcr_prev_gap,
	       OLD.fcr_next_gap
	WHERE OLD.merged_into_id IS NULL AND OLD.resolved_at IS NOT NULL
	  AND OLD.status IN ('resolved', 'closed');
	INSERT INTO fcr_agg_delta (sign, resolved_at, team_id, channel, prev_gap, next_gap)
	SELECT 1, NEW.resolved_at, NEW.team_id, NEW.first_channel, NEW.fcr_prev_gap,
	       NEW.fcr_next_gap
	WHERE NEW.merged_into_id IS NULL AND NEW.resolved_at IS NOT NULL
	  AND NEW.status IN ('resolved', 'closed');
END;

INSERT INTO fcr_agg_delta (sign, resolved_at, team_id, channel, prev_gap, next_gap)
SELECT 1, resolved_at, team_id, first_channel, fcr_prev_gap, fcr_next_gap FROM ticket
WHERE merged_into_id IS NULL AND resolved_at IS NOT NULL AND status IN ('resolved', 'closed');
