-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Phone: the systems that report calls, and the calls they report
-- (app/calls.c, store/sqlite/call.c, docs/phone.md).
--
-- integration  a system outside the desk with a token of its own (a
--              telephone system sending call events). Only the SHA-256 of
--              the token is kept; it is shown once, when it is made.
--              Revoking keeps the row, so its calls still name it.
--
-- call         one call from its first event to its end. `ref` is the
--              call's id in the telephone system (Asterisk's linkedid),
--              unique per integration, which is how later events find it.
--              `number` is the customer's, E.164 when it reads as one.
--              `case_id` is the case chosen for it before it ends; once it
--              ended, the case is the contact's (`interaction_id`), read by
--              a join, so a merge needs nothing here.

CREATE TABLE integration (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
	kind TEXT NOT NULL CHECK (kind IN ('cti')),
	token_digest BLOB NOT NULL UNIQUE CHECK (length(token_digest) = 32),
	team_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
	created_at INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at INTEGER
) STRICT;

CREATE TABLE call (
	id INTEGER PRIMARY KEY,
	integration_id INTEGER NOT NULL REFERENCES integration (id) ON DELETE RESTRICT,
	ref TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 128),
	direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	number TEXT CHECK (number IS NULL OR length(number) BETWEEN 1 AND 32),
	customer_id INTEGER REFERENCES customer (id) ON DELETE RESTRICT,
	case_id INTEGER REFERENCES ticket (id) ON DELETE RESTRICT,
	first_agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	agent_id INTEGER REFERENCES agent (id) ON DELETE RESTRICT,
	transfers INTEGER NOT NULL DEFAULT 0 CHECK (transfers >= 0),
	ivr_path TEXT CHECK (ivr_path IS NULL OR length(ivr_path) BETWEEN 1 AND 255),
	recording_url TEXT CHECK (recording_url IS NULL OR length(recording_url) BETWEEN 1 AND 2048),
	state TEXT NOT NULL CHECK (state IN ('ringing', 'answered', 'ended')),
	ringing_at INTEGER NOT NULL,
	answered_at INTEGER,
	ended_at INTEGER,
	interaction_id INTEGER REFERENCES interaction (id) ON DELETE RESTRICT,
	UNIQUE (integration_id, ref)
) STRICT;

CREATE INDEX call_customer_idx ON call (customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX call_open_idx ON call (ringing_at) WHERE state <> 'ended';
