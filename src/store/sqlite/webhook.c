/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Webhooks and their deliveries in the SQLite store (tables `webhook` and
 * `webhook_delivery`, migration 0012). Owns their SQL and row layout; the
 * delivery queue is claimed the way the outbox is (followup.c): the next due
 * row, taken under a lease, so two senders never send one delivery at once
 * and a sender that died leaves it to the next after the lease.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#define WEBHOOK_COLS "id, url, secret, events, description, active, created_at, updated_at"

static ld_status webhook_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_webhook *w = out;
	struct sq_row r;

	memset(w, 0, sizeof *w);
	sq_row_start(&r, st);
	w->id = sq_col_i64(&r);
	sq_col_text(&r, w->url, sizeof w->url);
	sq_col_text(&r, w->secret, sizeof w->secret);
	w->events = (unsigned)sq_col_int(&r);
	sq_col_text(&r, w->description, sizeof w->description);
	w->active = sq_col_bool(&r);
	w->created_at = sq_col_i64(&r);
	w->updated_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

ld_status sq_webhook_insert(struct store *store, struct ld_webhook *w, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_WEBHOOK_INSERT,
		     "INSERT INTO webhook (url, secret, events, description, active, created_at,"
		     " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, w->url);
	sq_bind_text(&b, w->secret);
	sq_bind_i64(&b, w->events);
	sq_bind_opt_text(&b, w->description);
	sq_bind_bool(&b, w->active);
	sq_bind_i64(&b, w->created_at);
	sq_bind_i64(&b, w->updated_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "webhook", NULL, 0, err)) != LD_OK)
		goto out;
	w->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

ld_status sq_webhook_update(struct store *store, const struct ld_webhook *w, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_WEBHOOK_UPDATE,
		     "UPDATE webhook SET url = ?, events = ?, description = ?, active = ?,"
		     " updated_at = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, w->url);
	sq_bind_i64(&b, w->events);
	sq_bind_opt_text(&b, w->description);
	sq_bind_bool(&b, w->active);
	sq_bind_i64(&b, w->updated_at);
	sq_bind_i64(&b, w->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "webhook", NULL, 0, err)) == LD_OK &&
	    sqlite3_changes(s->db) != 1)
		rc = sq_not_found("webhook", w->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_webhook_get(struct store *store, int64_t id, struct ld_webhook *out,
			 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_WEBHOOK_GET, "SELECT " WEBHOOK_COLS " FROM webhook WHERE id = ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "webhook", id, err)) != LD_OK)
		goto out;
	rc = webhook_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_webhook_delete(struct store *store, int64_t id, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_WEBHOOK_DELETE, "DELETE FROM webhook WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_done(s, st, "webhook", NULL, 0, err)) == LD_OK &&
	    sqlite3_changes(s->db) != 1)
		rc = sq_not_found("webhook", id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_webhook_list(struct store *store, bool active_only, int64_t after_id, int limit,
			  struct ld_webhook *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_WEBHOOK_LIST,
		     "SELECT " WEBHOOK_COLS " FROM webhook WHERE id > ?1 AND (?2 = 0 OR active = 1)"
		     " ORDER BY id LIMIT ?3",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, active_only);
	sqlite3_bind_int(st, 3, limit);
	rc = sq_collect(s, st, "webhook", out, sizeof *out, limit, n, webhook_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

/* ==================================================================== *
 * Deliveries
 * ==================================================================== */

#define DELIVERY_COLS                                                                    \
	"id, webhook_id, event, payload, created_at, attempts, next_attempt_at, lease_until," \
	" last_attempt_at, last_status, last_error, delivered_at, failed_at"

static ld_status delivery_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_webhook_delivery *d = out;
	struct sq_row r;

	memset(d, 0, sizeof *d);
	sq_row_start(&r, st);
	d->id = sq_col_i64(&r);
	d->webhook_id = sq_col_i64(&r);
	d->event = sq_col_enum(&r, ld_webhook_event_parse, false);
	d->payload = sq_col_strdup(&r);
	d->created_at = sq_col_i64(&r);
	d->attempts = sq_col_int(&r);
	d->next_attempt_at = sq_col_i64(&r);
	d->lease_until = sq_col_i64(&r);
	d->last_attempt_at = sq_col_i64(&r);
	d->last_status = sq_col_int(&r);
	sq_col_text(&r, d->last_error, sizeof d->last_error);
	d->delivered_at = sq_col_i64(&r);
	d->failed_at = sq_col_i64(&r);
	ld_status rc = sq_row_check(&r, err);
	if (rc != LD_OK)
		ld_webhook_delivery_clear(d);
	return rc;
}

static void delivery_clear(void *p)
{
	ld_webhook_delivery_clear(p);
}

ld_status sq_delivery_insert(struct store *store, struct ld_webhook_delivery *d,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_WEBHOOK, d->webhook_id, "webhook_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_DELIVERY_INSERT,
		     "INSERT INTO webhook_delivery (webhook_id, event, payload, created_at,"
		     " next_attempt_at) VALUES (?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, d->webhook_id);
	sq_bind_enum(&b, ld_webhook_event_name, d->event, false, "event");
	sq_bind_text(&b, d->payload);
	sq_bind_i64(&b, d->created_at);
	sq_bind_i64(&b, d->next_attempt_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "delivery", refs, 1, err)) != LD_OK)
		goto out;
	d->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

ld_status sq_delivery_claim(struct store *store, int64_t now, int64_t lease_until,
			    struct ld_webhook_delivery *out, bool *found, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = false;
	int64_t id = 0;
	ld_status rc;

	*found = false;
	/* Only an endpoint that is on: a delivery of one turned off waits. */
	rc = sq_stmt(s, SQ_DELIVERY_CLAIM_PICK,
		     "SELECT d.id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
		     " WHERE d.delivered_at IS NULL AND d.failed_at IS NULL"
		     " AND d.next_attempt_at <= ?1 AND (d.lease_until IS NULL OR d.lease_until <= ?1)"
		     " AND w.active = 1 ORDER BY d.next_attempt_at, d.id LIMIT 1",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, now);
	if ((rc = sq_step_next(s, st, "delivery", &more, err)) != LD_OK || !more)
		goto out;
	id = sqlite3_column_int64(st, 0);
	sq_release(st);
	st = NULL;
	rc = sq_stmt(s, SQ_DELIVERY_CLAIM_TAKE,
		     "UPDATE webhook_delivery SET lease_until = ?2, attempts = attempts + 1"
		     " WHERE id = ?1",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, lease_until);
	if ((rc = sq_step_done(s, st, "delivery", NULL, 0, err)) != LD_OK)
		goto out;
	sq_release(st);
	st = NULL;
	if ((rc = sq_delivery_get(store, id, out, err)) == LD_OK)
		*found = true;
out:
	sq_release(st);
	return rc;
}

ld_status sq_delivery_result(struct store *store, const struct ld_webhook_delivery *d,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_DELIVERY_RESULT,
		     "UPDATE webhook_delivery SET lease_until = NULL, last_attempt_at = ?,"
		     " last_status = ?, last_error = ?, next_attempt_at = ?, delivered_at = ?,"
		     " failed_at = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_opt_i64(&b, d->last_attempt_at);
	sq_bind_opt_i64(&b, d->last_status);
	sq_bind_opt_text(&b, d->last_error);
	sq_bind_i64(&b, d->next_attempt_at);
	sq_bind_opt_i64(&b, d->delivered_at);
	sq_bind_opt_i64(&b, d->failed_at);
	sq_bind_i64(&b, d->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "delivery", NULL, 0, err)) == LD_OK &&
	    sqlite3_changes(s->db) != 1)
		rc = sq_not_found("delivery", d->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_delivery_get(struct store *store, int64_t id, struct ld_webhook_delivery *out,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_DELIVERY_GET,
		     "SELECT " DELIVERY_COLS " FROM webhook_delivery WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "delivery", id, err)) != LD_OK)
		goto out;
	rc = delivery_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_delivery_list(struct store *store, int64_t webhook_id, int64_t after_id, int limit,
			   struct ld_webhook_delivery *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_DELIVERY_LIST,
		     "SELECT " DELIVERY_COLS " FROM webhook_delivery WHERE webhook_id = ? AND id > ?"
		     " ORDER BY id LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, webhook_id);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	rc = sq_collect(s, st, "delivery", out, sizeof *out, limit, n, delivery_decode,
			delivery_clear, err);
out:
	sq_release(st);
	return rc;
}
