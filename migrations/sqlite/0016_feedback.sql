-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Claims and compliments (core/feedback.h, app/feedback.c,
-- store/sqlite/feedback.c, docs/feedback.md).
--
-- feedback  one claim or compliment: who said it, whom it is about (team,
--           agent, branch: any of them), how it came, and for a claim the
--           case that handles it (the claim's text is that case's first
--           contact). `subject_key` is the subject folded by the store in C
--           (core/validate.h text_fold: lower case, no diacritics), which
--           the list's subject filter searches. An erasure blanks subject,
--           key and text and keeps the row, so the counts stay whole.
--           `message_id`: the mail it came in (to the desk's claims or
--           compliments address), so a message delivered twice files once.

CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('claim', 'compliment')),
	source TEXT NOT NULL CHECK (source IN ('agent', 'portal', 'email', 'form')),
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
	case_id INTEGER REFERENCES ticket (id) ON DELETE RESTRICT,
	team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	facility_id INTEGER REFERENCES facility (id) ON DELETE RESTRICT,
	filed_by INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	subject TEXT NOT NULL CHECK (length(subject) <= 300),
	subject_key TEXT NOT NULL,
	text TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 4000),
	language TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	message_id TEXT UNIQUE CHECK (message_id IS NULL OR length(message_id) BETWEEN 1 AND 250),
	CHECK (kind = 'compliment' OR case_id IS NOT NULL)
) STRICT;

-- Lists by kind and time (the period filter), and the counts per target.
CREATE INDEX feedback_kind_idx ON feedback (kind, created_at, id);
CREATE INDEX feedback_customer_idx ON feedback (customer_id, id);
CREATE INDEX feedback_case_idx ON feedback (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX feedback_agent_idx ON feedback (agent_id, kind) WHERE agent_id IS NOT NULL;
CREATE INDEX feedback_team_idx ON feedback (team_id, kind) WHERE team_id IS NOT NULL;
CREATE INDEX feedback_facility_idx ON feedback (facility_id, kind) WHERE facility_id IS NOT NULL;
