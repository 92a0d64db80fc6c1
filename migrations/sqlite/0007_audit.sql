-- SPDX-License-Identifier: AGPL-3.0-or-later
-- A readable, tamper-evident audit log, and the login throttle.
--
-- audit gains
--   address        the client address of the HTTP request that wrote the
--                  row (NULL for the CLI and the system);
--   detail_digest  SHA-256 of the detail text as written (NULL without one);
--   chain          the row's link of the hash chain: SHA-256 over the
--                  previous row's chain and the row's fields, the detail by
--                  its digest (the rule: src/util/audit_chain.h);
--   redacted_at    when an erasure replaced the detail (NULL = as written):
--                  the detail of such a row is no longer checked against its
--                  digest, the digest still is against the chain.
--
-- SQLite has no SHA-256 of its own (the sha3 and shathree extensions are not
-- in every build), so this script only adds the columns; the driver then
-- computes the digests and the chain of the rows written before it, in C
-- with the rule the insert path uses, in this migration's transaction
-- (store/sqlite/audit.c sq_audit_chain_backfill, run by migrate.c after the
-- script of version 7). Proportional to the audit rows, done once.
--
-- The update guard is replaced: a row without a chain may get one (the
-- backfill, once), and a redaction may change `detail` and set
-- `redacted_at` once; any other change is refused as before. Deletes stay
-- refused.

ALTER TABLE audit ADD COLUMN address TEXT CHECK (address IS NULL OR address <> '');
ALTER TABLE audit ADD COLUMN detail_digest BLOB
	CHECK (detail_digest IS NULL OR length(detail_digest) = 32);
ALTER TABLE audit ADD COLUMN chain BLOB CHECK (chain IS NULL OR length(chain) = 32);
ALTER TABLE audit ADD COLUMN redacted_at INTEGER;

DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN OLD.chain IS NOT NULL AND NOT (
	OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
	AND NEW.id = OLD.id AND NEW.actor_id IS OLD.actor_id AND NEW.action = OLD.action
	AND NEW.object IS OLD.object AND NEW.at = OLD.at AND NEW.address IS OLD.address
	AND NEW.detail_digest IS OLD.detail_digest AND NEW.chain IS OLD.chain)
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;

-- The filters of GET /api/v1/audit and `loyaldesk audit`, each in id order
-- (the cursor); audit_action_idx (0001) gets the id too.
DROP INDEX IF EXISTS audit_action_idx;
CREATE INDEX audit_action_idx ON audit (action, id);
CREATE INDEX audit_actor_idx ON audit (actor_id, id);
CREATE INDEX audit_object_idx ON audit (object, id);
CREATE INDEX audit_at_idx ON audit (at);

-- Failed logins per key ("login:<SHA-256 of the name>", "address:<ip>"):
-- the state of core/throttle.c, kept here rather than counted from the
-- audit rows, so that every process on this database sees one count, a
-- restart forgets nothing, and a refused attempt costs one indexed read.
-- Rows go once expires_at has passed (deleted by the next failure).
CREATE TABLE login_throttle (
	key TEXT PRIMARY KEY CHECK (key <> ''),
	failures INTEGER NOT NULL CHECK (failures >= 0),
	last_at INTEGER NOT NULL,
	blocked_until INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX login_throttle_expiry_idx ON login_throttle (expires_at);
