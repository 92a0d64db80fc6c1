-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Mail out: the outbox becomes a queue a background sender works through
-- (app/outbox.c, docs/mail.md "Mail out").
--
-- interaction_id   the agent's reply this message carries (NULL for a
--                  survey invitation)
-- message_id       its Message-ID, chosen when it is queued, so that every
--                  attempt sends the same message and a reply to it threads
-- in_reply_to,     the customer's last message and the thread it belongs
-- refs             to (space-separated ids without brackets)
-- attempts         delivery attempts begun
-- next_attempt_at  not tried before this (back-off after a temporary failure)
-- lease_until      a sender holds the message until then; a sender that
--                  died leaves it to be taken again after that time
-- last_error       the mail server's last answer to a failed attempt
-- failed_at        given up: a permanent refusal, or retried for too long
ALTER TABLE outbox ADD COLUMN interaction_id INTEGER REFERENCES interaction (id) ON DELETE RESTRICT;
ALTER TABLE outbox ADD COLUMN message_id TEXT CHECK (message_id IS NULL OR length(message_id) BETWEEN 1 AND 250);
ALTER TABLE outbox ADD COLUMN in_reply_to TEXT;
ALTER TABLE outbox ADD COLUMN refs TEXT;
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN failed_at INTEGER;

CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_interaction_idx ON outbox (interaction_id) WHERE interaction_id IS NOT NULL;
