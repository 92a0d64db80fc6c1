/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What the SQLite-only tests of the store contract suite share: running SQL
 * on a store file behind the store's back (to plant a state or try a guard)
 * and writing a store file as an older release left it, so a migration can
 * be tested on a populated database. Include after store_fixture.h.
 */
#ifndef LD_TESTS_STORE_SQLITE_FIXTURE_H
#define LD_TESTS_STORE_SQLITE_FIXTURE_H

#include <sqlite3.h>

#include "store/migrations.h"

/* Runs `sql`; a failure fails the test. */
static inline void exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg != NULL ? msg : "?");
}

/* 1 when `sql` fails with a message containing `want`. */
static inline int exec_fails(sqlite3 *db, const char *sql, const char *want)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	int hit = rc != SQLITE_OK && msg != NULL && strstr(msg, want) != NULL;

	sqlite3_free(msg);
	return hit;
}

/*
 * Creates the store file `path` with the migrations before `version` only,
 * as the release before it left it; [out] *out is the open connection, for
 * the caller's rows (close it with sqlite3_close() before store_open()).
 */
static inline void make_store_before(const char *path, int version, sqlite3 **out)
{
	sqlite3 *db = NULL;
	char sql[160];

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_sql(db, "PRAGMA foreign_keys = OFF");
	for (int i = 0; i < store_sqlite_migrations_len; i++) {
		const struct store_migration *m = &store_sqlite_migrations[i];

		if (m->version >= version)
			break;
		exec_sql(db, "BEGIN");
		exec_sql(db, m->sql);
		snprintf(sql, sizeof sql,
			 "INSERT INTO schema_version (version, name, applied_at) VALUES (%d, '%s', 0)",
			 m->version, m->name);
		exec_sql(db, sql);
		exec_sql(db, "COMMIT");
	}
	*out = db;
}

#endif
