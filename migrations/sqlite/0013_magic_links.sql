-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The customer portal's sign-in links (app/portal.c, store/sqlite/portal.c,
-- docs/portal.md): one row per link sent by e-mail, by the SHA-256 of its
-- token (the token itself is only in the customer's mailbox). A link works
-- once (used_at), until expires_at.

CREATE TABLE magic_link (
	digest BLOB PRIMARY KEY CHECK (length(digest) = 32),
	customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
) STRICT, WITHOUT ROWID;

CREATE INDEX magic_link_customer_idx ON magic_link (customer_id, created_at);
