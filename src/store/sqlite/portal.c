/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The portal's sign-in links in the SQLite store (table `magic_link`,
 * migration 0013). Owns their SQL.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

ld_status sq_magic_link_insert(struct store *store, const uint8_t digest[32], int64_t customer_id,
			       int64_t created_at, int64_t expires_at, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	const struct sq_ref refs[] = { { SQ_T_CUSTOMER, customer_id, "customer_id" } };
	ld_status rc;

	/* Links that ended a day ago are of no use to anyone. */
	rc = sq_stmt(s, SQ_MAGIC_LINK_PURGE, "DELETE FROM magic_link WHERE expires_at < ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, created_at - 86400);
	if ((rc = sq_step_done(s, st, "magic_link", NULL, 0, err)) != LD_OK)
		goto out;
	sq_release(st);
	st = NULL;
	rc = sq_stmt(s, SQ_MAGIC_LINK_INSERT,
		     "INSERT INTO magic_link (digest, customer_id, created_at, expires_at)"
		     " VALUES (?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_blob(st, 1, digest, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, customer_id);
	sqlite3_bind_int64(st, 3, created_at);
	sqlite3_bind_int64(st, 4, expires_at);
	rc = sq_step_done(s, st, "magic_link", refs, 1, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_magic_link_get(struct store *store, const uint8_t digest[32],
			    struct store_magic_link *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_row r;
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = sq_stmt(s, SQ_MAGIC_LINK_GET,
		     "SELECT customer_id, created_at, expires_at, used_at FROM magic_link"
		     " WHERE digest = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_blob(st, 1, digest, 32, SQLITE_STATIC);
	if ((rc = sq_step_row(s, st, "magic_link", 0, err)) != LD_OK)
		goto out;
	sq_row_start(&r, st);
	out->customer_id = sq_col_i64(&r);
	out->created_at = sq_col_i64(&r);
	out->expires_at = sq_col_i64(&r);
	out->used_at = sq_col_i64(&r);
	rc = sq_row_check(&r, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_magic_link_use(struct store *store, const uint8_t digest[32], int64_t at,
			    struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_MAGIC_LINK_USE,
		     "UPDATE magic_link SET used_at = ?2 WHERE digest = ?1 AND used_at IS NULL", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_blob(st, 1, digest, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	if ((rc = sq_step_done(s, st, "magic_link", NULL, 0, err)) == LD_OK &&
	    sqlite3_changes(s->db) != 1)
		rc = ld_fail(err, LD_ERR_CONFLICT, "link_used", NULL,
			     "this sign-in link was used already");
out:
	sq_release(st);
	return rc;
}

ld_status sq_magic_link_count(struct store *store, int64_t customer_id, int64_t since, int *n,
			      struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	*n = 0;
	rc = sq_stmt(s, SQ_MAGIC_LINK_COUNT,
		     "SELECT count(*) FROM magic_link WHERE customer_id = ? AND created_at >= ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, customer_id);
	sqlite3_bind_int64(st, 2, since);
	if ((rc = sq_step_row(s, st, "magic_link", 0, err)) == LD_OK)
		*n = sqlite3_column_int(st, 0);
out:
	sq_release(st);
	return rc;
}
