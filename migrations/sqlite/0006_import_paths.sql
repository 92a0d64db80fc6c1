-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Two paths every import and every case write takes.
--
-- The customer search index is kept by the driver (store/sqlite/customer.c),
-- not by triggers.
--
-- Why. A trigger makes every insert into customer a statement that writes
-- two tables, so SQLite wraps it in a statement savepoint, and FTS5 (3.40)
-- flushes its pending terms to a new segment at every savepoint: one
-- segment per customer, merged again and again. Creating 90,000 customers
-- cost 3.4 s with the trigger and 1.0 s with the same rows and index
-- entries written by two plain statements. The index itself is unchanged.

DROP TRIGGER IF EXISTS customer_fts_ai;
DROP TRIGGER IF EXISTS customer_fts_ad;
DROP TRIGGER IF EXISTS customer_fts_au;

-- The cases of one customer, with what the topic links read (store.h
-- case_topic_list: the repeat-case mark and the FCR gaps between a
-- customer's cases of one category): asked at every case write, and before
-- this index answered by one table lookup per case of the customer. The
-- columns after id make it covering; id second keeps the customer's cases
-- in id order for the paged case list by customer.
DROP INDEX IF EXISTS ticket_customer_idx;
CREATE INDEX ticket_customer_idx ON ticket (customer_id, id, category, merged_into_id,
	created_at, resolved_at, status, effort_repeat_case, fcr_prev_gap, fcr_next_gap);
