-- SPDX-License-Identifier: AGPL-3.0-or-later
-- GDPR: erasure of a person's data and retention of case contents
-- (app/gdpr.c, store/sqlite/gdpr.c, docs/operations.md "Personal data").
--
-- Both remove texts and keep rows: every derived figure (effort, FCR,
-- survey histograms, loyalty) and `loyaldesk check` are computed from the
-- rows' ids, times, channels, kinds and scores, never from their texts, so
-- a row whose texts are gone still counts as it did.
--
-- ticket gains
--   contents_removed_at  when the case's texts (subject, contact bodies,
--                        survey comments, follow-up notes) were removed, by
--                        an erasure of its customer or by the retention
--                        period (NULL = as written). The retention sweep
--                        skips such cases, so each is swept once.
--
-- The append-only guards are relaxed exactly as far as that needs:
--   interaction  `body` may go from a text to NULL (once: a NULL body can
--                never change again); every other column stays as written,
--                except case_id, which a merge re-points, as before;
--   survey       an answered survey may have its `comment` cleared (set to
--                NULL); nothing else of an answer may change.
-- Deletes stay refused. Adding a column to either table later means
-- listing it in its guard below.

ALTER TABLE ticket ADD COLUMN contents_removed_at INTEGER;

-- An erasure finds a customer's follow-ups and outbox messages, and a
-- retention sweep a case's follow-ups, by index rather than by a scan.
CREATE INDEX followup_customer_idx ON followup (customer_id);
CREATE INDEX followup_case_idx ON followup (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX outbox_customer_idx ON outbox (customer_id);

DROP TRIGGER IF EXISTS interaction_no_update;
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
  OR (NEW.body IS NOT OLD.body AND NOT (OLD.body IS NOT NULL AND NEW.body IS NULL))
  OR NEW.sentiment IS NOT OLD.sentiment
  OR NEW.to_agent_id IS NOT OLD.to_agent_id
  OR NEW.to_team_id IS NOT OLD.to_team_id
  OR NEW.status_to IS NOT OLD.status_to BEGIN
	SELECT RAISE(ABORT, 'interaction is append-only');
END;

DROP TRIGGER IF EXISTS survey_answer_once;
CREATE TRIGGER survey_answer_once BEFORE UPDATE ON survey
WHEN OLD.answered_at IS NOT NULL AND NOT (
	OLD.comment IS NOT NULL AND NEW.comment IS NULL
	AND NEW.id IS OLD.id AND NEW.kind IS OLD.kind AND NEW.origin IS OLD.origin
	AND NEW.customer_id IS OLD.customer_id AND NEW.case_id IS OLD.case_id
	AND NEW.team_id IS OLD.team_id AND NEW.channel IS OLD.channel
	AND NEW.campaign IS OLD.campaign AND NEW.language IS OLD.language
	AND NEW.token_digest IS OLD.token_digest AND NEW.created_by IS OLD.created_by
	AND NEW.sent_at IS OLD.sent_at AND NEW.expires_at IS OLD.expires_at
	AND NEW.answered_at IS OLD.answered_at AND NEW.score IS OLD.score
	AND NEW.exp_tangibles IS OLD.exp_tangibles AND NEW.per_tangibles IS OLD.per_tangibles
	AND NEW.exp_reliability IS OLD.exp_reliability
	AND NEW.per_reliability IS OLD.per_reliability
	AND NEW.exp_responsiveness IS OLD.exp_responsiveness
	AND NEW.per_responsiveness IS OLD.per_responsiveness
	AND NEW.exp_assurance IS OLD.exp_assurance AND NEW.per_assurance IS OLD.per_assurance
	AND NEW.exp_empathy IS OLD.exp_empathy AND NEW.per_empathy IS OLD.per_empathy)
BEGIN
	SELECT RAISE(ABORT, 'survey_answered');
END;
