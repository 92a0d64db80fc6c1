-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Mail: the Message-IDs the desk has seen or sent, and the files contacts
-- carry (app/mail.c, store/sqlite/mail.c, docs/mail.md).
--
-- mail_message  one row per Message-ID (without angle brackets) of a mail
--               that became a contact: received by `loyaldesk mailgate`
--               (direction 'in') or sent by the desk ('out'). A reply's
--               In-Reply-To / References are looked up here to find its
--               case; a second delivery of the same id (an MTA retrying
--               after a lost acknowledgement) is recognised and not stored
--               twice. The case is reached through the interaction, so a
--               merge, which re-points interactions, needs nothing here.
--
-- attachment    a file of a contact. The bytes live outside the database,
--               content-addressed: <data dir>/attachments/<2 hex>/<sha256>
--               (util/blobs.c), so that the same file sent twice is stored
--               once. The row is what the desk shows and checks access by.

CREATE TABLE mail_message (
	message_id TEXT PRIMARY KEY CHECK (length(message_id) BETWEEN 1 AND 250),
	interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE RESTRICT,
	direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX mail_message_interaction_idx ON mail_message (interaction_id);

CREATE TABLE attachment (
	id INTEGER PRIMARY KEY,
	interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE RESTRICT,
	filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
	content_type TEXT NOT NULL CHECK (length(content_type) BETWEEN 1 AND 127),
	size INTEGER NOT NULL CHECK (size >= 0),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX attachment_interaction_idx ON attachment (interaction_id, id);
CREATE INDEX attachment_sha256_idx ON attachment (sha256);
