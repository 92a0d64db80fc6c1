/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The audit log in the SQLite store: the append-only table `audit`, chained
 * by SHA-256 (the rule: util/audit_chain.h; the columns: migration 0007).
 *
 * Owns: appending a row with its detail digest and its link of the chain,
 * counting and listing rows, and chaining the rows written before 0007
 * (sq_audit_chain_backfill, run once by the migration). Nothing updates or
 * deletes audit rows but that backfill and, later, a redaction of a detail;
 * the triggers of 0001/0007 refuse the rest.
 *
 * Appending reads the last row's id and chain and writes the next id with
 * the chain computed from them, so both must happen under the write lock:
 * inside the caller's transaction, or in one this file opens when the
 * caller has none (BEGIN IMMEDIATE, so another process cannot append in
 * between and fork the chain). The id is the last one plus one, as SQLite
 * would give it, but chosen here because the chain covers it.
 */
#include "store/sqlite/sqlite_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/audit_chain.h"

#define AUDIT_COLS \
	"id, at, actor_id, action, object, address, detail, detail_digest, chain, redacted_at"

/* Rows the backfill of 0007 reads and writes at a time. */
#define AUDIT_BACKFILL_PAGE 512

/* A text no longer than `max` bytes (NULL passes). */
static bool fits(const char *s, size_t max)
{
	return s == NULL || strlen(s) <= max;
}

/* "" is no text: the columns hold NULL for it, and the chain must agree. */
static const char *opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* [out] the id and chain of the last row; *last_id = 0 and *has = false when empty. */
static ld_status last_link(struct sq_store *s, int64_t *last_id, uint8_t chain[AUDIT_CHAIN_BYTES],
			   bool *has, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	bool more = false;
	ld_status rc;

	*last_id = 0;
	*has = false;
	rc = sq_stmt(s, SQ_AUDIT_LAST, "SELECT id, chain FROM audit ORDER BY id DESC LIMIT 1", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	if ((rc = sq_step_next(s, st, "audit", &more, err)) != LD_OK || !more)
		goto out;
	*last_id = sqlite3_column_int64(st, 0);
	if (sqlite3_column_bytes(st, 1) == AUDIT_CHAIN_BYTES) {
		memcpy(chain, sqlite3_column_blob(st, 1), AUDIT_CHAIN_BYTES);
		*has = true;
	}
out:
	sq_release(st);
	return rc;
}

/* The insert proper; the caller holds the write lock. */
static ld_status append(struct sq_store *s, const struct store_audit *a, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_AGENT, a->actor_id, "actor_id" } };
	uint8_t prev[AUDIT_CHAIN_BYTES], digest[AUDIT_CHAIN_BYTES], chain[AUDIT_CHAIN_BYTES];
	struct audit_chain_row row;
	bool has_prev = false;
	int64_t last_id = 0;
	ld_status rc;

	if ((rc = last_link(s, &last_id, prev, &has_prev, err)) != LD_OK)
		return rc;
	memset(&row, 0, sizeof row);
	row.id = last_id + 1;
	row.at = a->at != 0 ? a->at : sq_now();
	row.actor_id = a->actor_id;
	row.action = a->action;
	row.object = opt(a->object);
	row.address = opt(a->address);
	if (a->detail != NULL) {
		audit_chain_digest(a->detail, strlen(a->detail), digest);
		row.detail_digest = digest;
	}
	audit_chain_next(has_prev ? prev : NULL, &row, chain);

	rc = sq_stmt(s, SQ_AUDIT_INSERT,
		     "INSERT INTO audit (id, actor_id, action, object, at, detail, address,"
		     " detail_digest, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, row.id);
	sq_bind_opt_i64(&b, row.actor_id);
	sq_bind_text(&b, row.action);
	sq_bind_opt_text(&b, row.object);
	sq_bind_i64(&b, row.at);
	sq_bind_opt_text(&b, a->detail);
	sq_bind_opt_text(&b, row.address);
	sq_bind_opt_blob(&b, row.detail_digest, AUDIT_CHAIN_BYTES);
	sq_bind_blob(&b, chain, AUDIT_CHAIN_BYTES);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_step_done(s, st, "audit", refs, 1, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_audit_insert(struct store *store, const struct store_audit *a, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	bool own = false;
	ld_status rc;

	if (a->action == NULL || !fits(a->action, LD_AUDIT_ACTION_MAX) ||
	    !fits(a->object, LD_AUDIT_OBJECT_MAX) || !fits(a->address, LD_AUDIT_ADDRESS_MAX))
		return ld_fail(err, LD_ERR_INVALID, "invalid_audit", NULL,
			       "audit: action, object or address over its limit");
	if (!s->in_tx) {
		if ((rc = store->ops->begin(store, err)) != LD_OK)
			return rc;
		own = true;
	}
	rc = append(s, a, err);
	if (own) {
		if (rc == LD_OK)
			rc = store->ops->commit(store, err);
		else
			store->ops->rollback(store);
	}
	return rc;
}

ld_status sq_audit_count(struct store *store, const char *action, int64_t *count,
			 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	*count = 0;
	rc = sq_stmt(s, SQ_AUDIT_COUNT, "SELECT count(*) FROM audit WHERE action = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, action);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "audit", 0, err)) != LD_OK)
		goto out;
	*count = sqlite3_column_int64(st, 0);
out:
	sq_release(st);
	return rc;
}

/* ---- reading ---- */

/* A digest column: 32 bytes, or absent (NULL; any other length marks the row bad). */
static bool col_digest(struct sq_row *r, uint8_t out[AUDIT_CHAIN_BYTES], bool *has)
{
	int len = 0;
	const void *p = sq_col_blob(r, &len);

	*has = p != NULL && len == AUDIT_CHAIN_BYTES;
	if (*has)
		memcpy(out, p, AUDIT_CHAIN_BYTES);
	return p == NULL || len == AUDIT_CHAIN_BYTES;
}

static void audit_clear(void *out)
{
	ld_audit_clear(out);
}

static ld_status audit_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_audit *a = out;
	struct sq_row r;
	ld_status rc;

	memset(a, 0, sizeof *a);
	sq_row_start(&r, st);
	a->id = sq_col_i64(&r);
	a->at = sq_col_i64(&r);
	a->actor_id = sq_col_i64(&r);
	a->action = sq_col_strdup(&r);
	a->object = sq_col_strdup(&r);
	a->address = sq_col_strdup(&r);
	a->detail = sq_col_strdup(&r);
	/* A digest of another length is kept out (has_ false): check then reports it. */
	(void)col_digest(&r, a->detail_digest, &a->has_detail_digest);
	(void)col_digest(&r, a->chain, &a->has_chain);
	a->redacted_at = sq_col_i64(&r);
	if ((rc = sq_row_check(&r, err)) != LD_OK)
		ld_audit_clear(a);
	return rc;
}

/* Filters that pick a statement of their own (an index each). */
enum {
	AUDIT_BY_ACTOR = 1,
	AUDIT_BY_OBJECT = 2,
	AUDIT_BY_ACTION = 4,
};

static void audit_list_sql(int mask, char *sql, size_t len)
{
	snprintf(sql, len,
		 "SELECT " AUDIT_COLS " FROM audit WHERE id > ?1%s%s%s"
		 " AND (?5 = 0 OR at >= ?5) AND (?6 = 0 OR at < ?6) ORDER BY id LIMIT ?7",
		 mask & AUDIT_BY_ACTOR ? " AND actor_id = ?2" : " AND ?2 = 0",
		 mask & AUDIT_BY_OBJECT ? " AND object = ?3" : " AND ?3 IS NULL",
		 mask & AUDIT_BY_ACTION ? " AND action = ?4" : " AND ?4 IS NULL");
}

ld_status sq_audit_list(struct store *store, const struct store_audit_query *q,
			struct ld_audit *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	char sql[512] = "";
	int mask = 0;
	ld_status rc;

	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	if (q->actor_id != 0)
		mask |= AUDIT_BY_ACTOR;
	if (q->object != NULL)
		mask |= AUDIT_BY_OBJECT;
	if (q->action != NULL)
		mask |= AUDIT_BY_ACTION;
	if (!sq_stmt_ready(s, (enum sq_stmt)(SQ_AUDIT_LIST + mask)))
		audit_list_sql(mask, sql, sizeof sql);
	rc = sq_stmt(s, (enum sq_stmt)(SQ_AUDIT_LIST + mask), sql, &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, q->after_id);
	sq_bind_i64(&b, q->actor_id);
	if (q->object != NULL)
		sq_bind_text(&b, q->object);
	else
		sq_bind_opt_text(&b, NULL);
	if (q->action != NULL)
		sq_bind_text(&b, q->action);
	else
		sq_bind_opt_text(&b, NULL);
	sq_bind_i64(&b, q->from);
	sq_bind_i64(&b, q->to);
	sq_bind_i64(&b, q->limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "audit", out, sizeof *out, q->limit, n, audit_decode, audit_clear,
			err);
out:
	sq_release(st);
	return rc;
}

/* ---- migration 0007 ---- */

/* One row of the backfill: what the chain covers, copied out of the statement. */
struct backfill_row {
	struct audit_chain_row f;             /* the fields, pointing into the copies below */
	char *action, *object, *address;      /* owned copies */
	bool has_digest;                      /* the row has a detail */
	uint8_t digest[AUDIT_CHAIN_BYTES];    /* its SHA-256 */
};

static void backfill_clear(struct backfill_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].action);
		free(rows[i].object);
		free(rows[i].address);
	}
	memset(rows, 0, (size_t)n * sizeof *rows);
}

/* Reads the next page of rows after `after` into `rows`; *n = how many. */
static ld_status backfill_read(struct sq_store *s, sqlite3_stmt *sel, int64_t after,
			       struct backfill_row *rows, int *n, struct ld_err *err)
{
	bool more = false;
	ld_status rc = LD_OK;

	*n = 0;
	sqlite3_bind_int64(sel, 1, after);
	sqlite3_bind_int(sel, 2, AUDIT_BACKFILL_PAGE);
	while (*n < AUDIT_BACKFILL_PAGE) {
		struct backfill_row *r = &rows[*n];
		struct sq_row col;
		const char *detail;

		if ((rc = sq_step_next(s, sel, "audit", &more, err)) != LD_OK || !more)
			break;
		sq_row_start(&col, sel);
		r->f.id = sq_col_i64(&col);
		r->f.at = sq_col_i64(&col);
		r->f.actor_id = sq_col_i64(&col);
		r->action = sq_col_strdup(&col);
		r->object = sq_col_strdup(&col);
		r->address = sq_col_strdup(&col);
		detail = (const char *)sqlite3_column_text(sel, col.col);
		if (detail != NULL) {
			audit_chain_digest(detail, (size_t)sqlite3_column_bytes(sel, col.col),
					   r->digest);
			r->has_digest = true;
		}
		(*n)++;
		if ((rc = sq_row_check(&col, err)) != LD_OK)
			break;
		r->f.action = r->action;
		r->f.object = r->object;
		r->f.address = r->address;
		r->f.detail_digest = r->has_digest ? r->digest : NULL;
	}
	sqlite3_reset(sel);
	return rc;
}

ld_status sq_audit_chain_backfill(struct sq_store *s, struct ld_err *err)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	struct backfill_row *rows = NULL;
	uint8_t prev[AUDIT_CHAIN_BYTES];
	bool first = true;
	int64_t after = 0;
	int n = 0;
	ld_status rc = LD_OK;

	if (sqlite3_prepare_v2(s->db,
			       "SELECT id, at, actor_id, action, object, address, detail FROM audit"
			       " WHERE id > ? ORDER BY id LIMIT ?",
			       -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "UPDATE audit SET detail_digest = ?, chain = ? WHERE id = ?",
			       -1, &upd, NULL) != SQLITE_OK) {
		rc = sq_fail(s, sqlite3_errcode(s->db), "audit", NULL, 0, err);
		goto out;
	}
	rows = calloc(AUDIT_BACKFILL_PAGE, sizeof *rows);
	if (rows == NULL) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		goto out;
	}
	do {
		if ((rc = backfill_read(s, sel, after, rows, &n, err)) != LD_OK)
			goto out;
		for (int i = 0; i < n; i++) {
			uint8_t chain[AUDIT_CHAIN_BYTES];

			audit_chain_next(first ? NULL : prev, &rows[i].f, chain);
			if (rows[i].has_digest)
				sqlite3_bind_blob(upd, 1, rows[i].digest, AUDIT_CHAIN_BYTES,
						  SQLITE_STATIC);
			else
				sqlite3_bind_null(upd, 1);
			sqlite3_bind_blob(upd, 2, chain, AUDIT_CHAIN_BYTES, SQLITE_STATIC);
			sqlite3_bind_int64(upd, 3, rows[i].f.id);
			rc = sq_step_done(s, upd, "audit", NULL, 0, err);
			sqlite3_reset(upd);
			if (rc != LD_OK)
				goto out;
			memcpy(prev, chain, sizeof prev);
			first = false;
		}
		if (n > 0)
			after = rows[n - 1].f.id;
		backfill_clear(rows, n);
	} while (n == AUDIT_BACKFILL_PAGE);
out:
	if (rows != NULL)
		backfill_clear(rows, n);
	free(rows);
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}
