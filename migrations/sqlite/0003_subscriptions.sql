-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The renewal cycle: subscriptions, each customer's latest renewal outcome,
-- and customer counts by (has a case, has a high-effort case, outcome) kept
-- by triggers — the disloyalty ratio's two-by-two table, always current.
--
-- A lapse (a renewal not made) is the ground truth for "this customer was
-- lost". A customer's outcome is the status of their latest subscription
-- that came up for renewal (renewed or lapsed); active ones are undecided.

CREATE TABLE subscription (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	product TEXT NOT NULL CHECK (product <> ''),
	period TEXT NOT NULL CHECK (period IN ('monthly', 'quarterly', 'yearly')),
	renews_at INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('active', 'renewed', 'lapsed')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX subscription_customer_idx ON subscription (customer_id, renews_at);
CREATE INDEX subscription_renews_idx ON subscription (status, renews_at);

ALTER TABLE customer ADD COLUMN renewal TEXT CHECK (renewal IN ('renewed', 'lapsed'));

CREATE TRIGGER subscription_outcome_ai AFTER INSERT ON subscription BEGIN
	UPDATE customer SET renewal = (
		SELECT status FROM subscription
		WHERE customer_id = NEW.customer_id AND status IN ('renewed', 'lapsed')
		ORDER BY renews_at DESC, id DESC LIMIT 1)
	WHERE id = NEW.customer_id;
END;

CREATE TRIGGER subscription_outcome_au AFTER UPDATE OF status, renews_at, customer_id
ON subscription BEGIN
	UPDATE customer SET renewal = (
		SELECT status FROM subscription
		WHERE customer_id = customer.id AND status IN ('renewed', 'lapsed')
		ORDER BY renews_at DESC, id DESC LIMIT 1)
	WHERE id IN (OLD.customer_id, NEW.customer_id);
END;

CREATE TABLE customer_agg (
	has_case INTEGER NOT NULL CHECK (has_case IN (0, 1)),     -- ≥ 1 case
	has_high INTEGER NOT NULL CHECK (has_high IN (0, 1)),     -- ≥ 1 high-effort case
	renewal TEXT NOT NULL CHECK (renewal IN ('', 'renewed', 'lapsed')),
	customers INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (has_case, has_high, renewal)
) STRICT, WITHOUT ROWID;

CREATE VIEW customer_agg_delta AS
	SELECT 0 AS sign, 0 AS has_case, 0 AS has_high, '' AS renewal WHERE 0;

CREATE TRIGGER customer_agg_delta_apply INSTEAD OF INSERT ON customer_agg_delta BEGIN
	INSERT INTO customer_agg (has_case, has_high, renewal, customers)
	VALUES (NEW.has_case, NEW.has_high, NEW.renewal, NEW.sign)
	ON CONFLICT (has_case, has_high, renewal) DO UPDATE SET
		customers = customers + excluded.customers;
END;

CREATE TRIGGER customer_agg_ai AFTER INSERT ON customer BEGIN
	INSERT INTO customer_agg_delta (sign, has_case, has_high, renewal)
	VALUES (1, NEW.case_count > 0, NEW.high_effort_cases > 0, coalesce(NEW.renewal, ''));
END;

CREATE TRIGGER customer_agg_ad AFTER DELETE ON customer BEGIN
	INSERT INTO customer_agg_delta (sign, has_case, has_high, renewal)
	VALUES (-1, OLD.case_count > 0, OLD.high_effort_cases > 0, coalesce(OLD.renewal, ''));
END;

CREATE TRIGGER customer_agg_au AFTER UPDATE OF case_count, high_effort_cases, renewal ON customer
WHEN (OLD.case_count > 0) <> (NEW.case_count > 0)
  OR (OLD.high_effort_cases > 0) <> (NEW.high_effort_cases > 0)
  OR OLD.renewal IS NOT NEW.renewal BEGIN
	INSERT INTO customer_agg_delta (sign, has_case, has_high, renewal)
	VALUES (-1, OLD.case_count > 0, OLD.high_effort_cases > 0, coalesce(OLD.renewal, ''));
	INSERT INTO customer_agg_delta (sign, has_case, has_high, renewal)
	VALUES (1, NEW.case_count > 0, NEW.high_effort_cases > 0, coalesce(NEW.renewal, ''));
END;

INSERT INTO customer_agg_delta (sign, has_case, has_high, renewal)
SELECT 1, case_count > 0, high_effort_cases > 0, coalesce(renewal, '') FROM customer;
