/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Subscriptions in the SQLite store (table `subscription`, migration 0003)
 * and the customer split the disloyalty ratio reads (table `customer_agg`,
 * kept by rollup_apply()). Owns the SQL and row layout of both; the meaning
 * of a lapse is the app's.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#define SUB_FIELDS "customer_id, product, period, renews_at, status, created_at, updated_at"
#define SUB_COLS "id, " SUB_FIELDS

static ld_status sub_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_subscription *sub = out;
	struct sq_row r;

	memset(sub, 0, sizeof *sub);
	sq_row_start(&r, st);
	sub->id = sq_col_i64(&r);
	sub->customer_id = sq_col_i64(&r);
	sq_col_text(&r, sub->product, sizeof sub->product);
	sub->period = sq_col_enum(&r, ld_period_parse, false);
	sub->renews_at = sq_col_i64(&r);
	sub->status = sq_col_enum(&r, ld_sub_status_parse, false);
	sub->created_at = sq_col_i64(&r);
	sub->updated_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

static void sub_bind(struct sq_bind *b, const struct ld_subscription *sub, int64_t created_at,
		     int64_t updated_at)
{
	sq_bind_i64(b, sub->customer_id);
	sq_bind_text(b, sub->product);
	sq_bind_enum(b, ld_period_name, sub->period, false, "period");
	sq_bind_i64(b, sub->renews_at);
	sq_bind_enum(b, ld_sub_status_name, sub->status, false, "status");
	sq_bind_i64(b, created_at);
	sq_bind_i64(b, updated_at);
}

ld_status sq_subscription_insert(struct store *store, struct ld_subscription *sub,
				 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = sub->created_at != 0 ? sub->created_at : sq_now();
	int64_t updated_at = sub->updated_at != 0 ? sub->updated_at : created_at;
	const struct sq_ref refs[] = { { SQ_T_CUSTOMER, sub->customer_id, "customer_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_SUBSCRIPTION_INSERT,
		     "INSERT INTO subscription (" SUB_FIELDS ") VALUES (?, ?, ?, ?, ?, ?, ?)", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sub_bind(&b, sub, created_at, updated_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "subscription", refs, 1, err)) != LD_OK)
		goto out;
	sub->id = sqlite3_last_insert_rowid(s->db);
	sub->created_at = created_at;
	sub->updated_at = updated_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_subscription_get(struct store *store, int64_t id, struct ld_subscription *out,
			      struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_SUBSCRIPTION_GET, "SELECT " SUB_COLS " FROM subscription WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "subscription", id, err)) != LD_OK)
		goto out;
	rc = sub_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_subscription_update(struct store *store, const struct ld_subscription *sub,
				 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_CUSTOMER, sub->customer_id, "customer_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_SUBSCRIPTION_UPDATE,
		     "UPDATE subscription SET customer_id = ?, product = ?, period = ?,"
		     " renews_at = ?, status = ?, created_at = ?, updated_at = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sub_bind(&b, sub, sub->created_at, sub->updated_at != 0 ? sub->updated_at : sq_now());
	sq_bind_i64(&b, sub->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "subscription", refs, 1, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("subscription", sub->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_subscription_list(struct store *store, const struct store_subscription_query *q,
			       struct ld_subscription *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_SUBSCRIPTION_LIST,
		     "SELECT " SUB_COLS " FROM subscription WHERE id > ?1"
		     " AND (?2 = 0 OR customer_id = ?2) AND (?3 = '' OR status = ?3)"
		     " AND (?4 = 0 OR renews_at >= ?4) AND (?5 = 0 OR renews_at < ?5)"
		     " ORDER BY id LIMIT ?6",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, q->after_id);
	sq_bind_i64(&b, q->customer_id);
	sq_bind_filter_enum(&b, ld_sub_status_name, q->status, "status");
	sq_bind_i64(&b, q->renews_from);
	sq_bind_i64(&b, q->renews_to);
	sq_bind_i64(&b, q->limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "subscription", out, sizeof *out, q->limit, n, sub_decode, NULL,
			err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_customer_split(struct store *store, struct store_customer_split *out,
			    struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = false;
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = sq_stmt(s, SQ_CUSTOMER_SPLIT,
		     "SELECT has_case, has_high, renewal, customers FROM customer_agg", &st, err);
	if (rc != LD_OK)
		goto out;
	while ((rc = sq_step_next(s, st, "customer_agg", &more, err)) == LD_OK && more) {
		int has_case = sqlite3_column_int(st, 0) != 0;
		int has_high = sqlite3_column_int(st, 1) != 0;
		const char *renewal = (const char *)sqlite3_column_text(st, 2);
		int outcome = 0;
		if (renewal != NULL && strcmp(renewal, "renewed") == 0)
			outcome = 1;
		else if (renewal != NULL && strcmp(renewal, "lapsed") == 0)
			outcome = 2;
		out->customers[has_case][has_high][outcome] += sqlite3_column_int64(st, 3);
	}
out:
	sq_release(st);
	return rc;
}

/* ---- renewals due (with the customer's loyalty feature vector) ---- */

ld_status sq_renewal_due_list(struct store *store, int64_t from, int64_t to, int64_t after_id,
			      int limit, struct ld_subscription *out,
			      char (*keys)[STORE_LOYALTY_KEY_MAX + 1], int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = false;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_RENEWAL_DUE_LIST,
		     "SELECT s.id, s.customer_id, s.product, s.period, s.renews_at, s.status,"
		     " s.created_at, s.updated_at, c.loyalty_key"
		     " FROM subscription s JOIN customer c ON c.id = s.customer_id"
		     " WHERE s.status = 'active' AND s.renews_at >= ? AND s.renews_at < ?"
		     " AND s.id > ? ORDER BY s.id LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, after_id);
	sqlite3_bind_int(st, 4, limit);
	while (*n < limit && (rc = sq_step_next(s, st, "subscription", &more, err)) == LD_OK &&
	       more) {
		const unsigned char *key = sqlite3_column_text(st, 8);
		if ((rc = sub_decode(st, &out[*n], err)) != LD_OK)
			break;
		snprintf(keys[*n], STORE_LOYALTY_KEY_MAX + 1, "%s", key != NULL ? (const char *)key : "");
		(*n)++;
	}
	if (rc != LD_OK)
		*n = 0;
out:
	sq_release(st);
	return rc;
}

ld_status sq_renewal_calendar(struct store *store, int64_t from, int64_t to,
			      ld_status (*fn)(void *ctx, int64_t day, const char *key,
					      int64_t count, struct ld_err *err),
			      void *ctx, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = false;
	ld_status rc;

	rc = sq_stmt(s, SQ_RENEWAL_CALENDAR,
		     "SELECT s.renews_at / 86400 AS day, c.loyalty_key, count(*)"
		     " FROM subscription s JOIN customer c ON c.id = s.customer_id"
		     " WHERE s.status = 'active' AND s.renews_at >= ? AND s.renews_at < ?"
		     " GROUP BY day, c.loyalty_key ORDER BY day",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((rc = sq_step_next(s, st, "subscription", &more, err)) == LD_OK && more) {
		const unsigned char *key = sqlite3_column_text(st, 1);
		rc = fn(ctx, sqlite3_column_int64(st, 0), key != NULL ? (const char *)key : "",
			sqlite3_column_int64(st, 2), err);
		if (rc != LD_OK)
			break;
	}
out:
	sq_release(st);
	return rc;
}
