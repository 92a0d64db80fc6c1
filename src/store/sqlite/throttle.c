/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The login throttle in the SQLite store: table `login_throttle` (migration
 * 0007), one row per key with the state of core/throttle.c.
 *
 * Owns: reading, writing and forgetting a key's state, and dropping the rows
 * whose time has come. Computes nothing: when a key is blocked and for how
 * long is the rule's (core/throttle.c); `expires_at` is handed in.
 */
#include "store/sqlite/sqlite_store.h"

#include <stdint.h>
#include <string.h>

static ld_status check_key(const char *key, struct ld_err *err)
{
	if (key == NULL || key[0] == '\0' || strlen(key) > STORE_THROTTLE_KEY_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_throttle", "key",
			       "a throttle key has 1 to %d bytes", STORE_THROTTLE_KEY_MAX);
	return LD_OK;
}

ld_status sq_throttle_get(struct store *store, const char *key, struct throttle_state *out,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_row r;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = check_key(key, err)) != LD_OK)
		return rc;
	rc = sq_stmt(s, SQ_THROTTLE_GET,
		     "SELECT failures, last_at, blocked_until FROM login_throttle WHERE key = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, key);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "throttle", 0, err)) != LD_OK)
		goto out;
	sq_row_start(&r, st);
	out->failures = sq_col_i64(&r);
	out->last_at = sq_col_i64(&r);
	out->blocked_until = sq_col_i64(&r);
out:
	sq_release(st);
	return rc;
}

/* Drops the row of `key` (NULL = none) and every row forgotten by `now`
 * (INT64_MIN = none): a delete and a prune are one statement. */
static ld_status drop(struct sq_store *s, const char *key, int64_t now, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_THROTTLE_DROP,
		     "DELETE FROM login_throttle WHERE key = ?1 OR expires_at <= ?2", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_opt_text(&b, key);
	sq_bind_i64(&b, now);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_step_done(s, st, "throttle", NULL, 0, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_throttle_put(struct store *store, const char *key, const struct throttle_state *ts,
			  int64_t expires_at, int64_t now, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = check_key(key, err)) != LD_OK)
		return rc;
	if ((rc = drop(s, NULL, now, err)) != LD_OK)
		return rc;
	rc = sq_stmt(s, SQ_THROTTLE_PUT,
		     "INSERT INTO login_throttle"
		     " (key, failures, last_at, blocked_until, expires_at)"
		     " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO UPDATE SET"
		     " failures = ?2, last_at = ?3, blocked_until = ?4, expires_at = ?5",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, key);
	sq_bind_i64(&b, ts->failures);
	sq_bind_i64(&b, ts->last_at);
	sq_bind_i64(&b, ts->blocked_until);
	sq_bind_i64(&b, expires_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_step_done(s, st, "throttle", NULL, 0, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_throttle_delete(struct store *store, const char *key, struct ld_err *err)
{
	ld_status rc = check_key(key, err);

	return rc != LD_OK ? rc : drop(sq_of(store), key, INT64_MIN, err);
}
