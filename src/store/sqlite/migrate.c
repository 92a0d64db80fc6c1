/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Migrations of the SQLite store: the numbered scripts of migrations/sqlite,
 * compiled in (store/migrations.h), applied in order at open, each in its
 * own transaction and recorded in schema_version; a database newer than the
 * program is refused rather than guessed at. Owns nothing but that order,
 * and the list of steps a script cannot do in SQL (MIGRATION_STEPS): C run
 * after a version's script, in its transaction.
 */
#include "store/sqlite/sqlite_store.h"

#include <stdio.h>

#include "store/migrations.h"

#define SQL_SCHEMA_VERSION "SELECT coalesce(max(version), 0) FROM schema_version"

/* What a version's script leaves to C, run right after it in its transaction. */
static const struct {
	int version;                                              /* NNNN of the script */
	ld_status (*run)(struct sq_store *s, struct ld_err *err); /* the step */
} MIGRATION_STEPS[] = {
	/* SHA-256 is not SQL: the chain of the rows before the audit chain. */
	{ 7, sq_audit_chain_backfill },
};

static ld_status run_steps(struct sq_store *s, int version, struct ld_err *err)
{
	ld_status rc = LD_OK;

	for (size_t i = 0; rc == LD_OK && i < sizeof MIGRATION_STEPS / sizeof MIGRATION_STEPS[0];
	     i++)
		if (MIGRATION_STEPS[i].version == version)
			rc = MIGRATION_STEPS[i].run(s, err);
	return rc;
}

/* After open the table exists, so the cached statement alone answers. */
ld_status sq_schema_version(struct store *store, int *version, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	*version = 0;
	rc = sq_stmt(s, SQ_SCHEMA_VERSION, SQL_SCHEMA_VERSION, &st, err);
	if (rc != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "schema_version", 0, err)) != LD_OK)
		goto out;
	*version = sqlite3_column_int(st, 0);
out:
	sq_release(st);
	return rc;
}

/* [out] *version = highest applied migration, 0 for a fresh database. */
static ld_status read_version(struct sq_store *s, int *version, struct ld_err *err)
{
	sqlite3_stmt *probe = NULL;
	ld_status rc = LD_OK;
	bool more = false;

	*version = 0;
	/* One-off: sq_schema_version()'s statement cannot be prepared before 0001. */
	if (sqlite3_prepare_v2(s->db,
			       "SELECT 1 FROM sqlite_master WHERE type = 'table'"
			       " AND name = 'schema_version'",
			       -1, &probe, NULL) != SQLITE_OK) {
		rc = sq_fail(s, sqlite3_errcode(s->db), "schema_version", NULL, 0, err);
		goto out;
	}
	if ((rc = sq_step_next(s, probe, "schema_version", &more, err)) != LD_OK || !more)
		goto out;
	rc = sq_schema_version(&s->base, version, err);
out:
	sqlite3_finalize(probe);
	return rc;
}

/*
 * Applies one migration in its own transaction, unless another process did.
 * Foreign keys are off while it runs, so that a migration may rebuild a
 * table the way SQLite documents it (create the new table, copy, drop the
 * old, rename: "Making Other Kinds Of Table Schema Changes"), and every
 * reference is checked before the commit instead (foreign_key_check).
 */
static ld_status apply_one(struct sq_store *s, const struct store_migration *m,
			   struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	ld_status rc;
	int version = 0;
	bool open = false, more = false;

	/* A no-op inside a transaction: set it before BEGIN, restore after. */
	if ((rc = sq_exec_script(s, "PRAGMA foreign_keys = OFF", m->name, err)) != LD_OK)
		goto out;
	if ((rc = sq_exec_script(s, "BEGIN IMMEDIATE", m->name, err)) != LD_OK)
		goto out;
	open = true;
	if ((rc = read_version(s, &version, err)) != LD_OK || version >= m->version)
		goto out;
	if ((rc = sq_exec_script(s, m->sql, m->name, err)) != LD_OK ||
	    (rc = run_steps(s, m->version, err)) != LD_OK) {
		if (rc == LD_ERR_INTERNAL && err != NULL)
			snprintf(err->code, sizeof err->code, "migration_failed");
		goto out;
	}
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO schema_version (version, name, applied_at)"
			       " VALUES (?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = sq_fail(s, sqlite3_errcode(s->db), "schema_version", NULL, 0, err);
		goto out;
	}
	sqlite3_bind_int(st, 1, m->version);
	sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, sq_now());
	if ((rc = sq_step_done(s, st, "schema_version", NULL, 0, err)) != LD_OK)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
		rc = sq_fail(s, sqlite3_errcode(s->db), "schema_version", NULL, 0, err);
		goto out;
	}
	if ((rc = sq_step_next(s, st, m->name, &more, err)) != LD_OK)
		goto out;
	if (more) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "migration_failed", NULL,
			     "%s leaves a row of %s pointing at a missing %s", m->name,
			     (const char *)sqlite3_column_text(st, 0),
			     (const char *)sqlite3_column_text(st, 2));
		goto out;
	}
	rc = sq_exec_script(s, "COMMIT", m->name, err);
	open = rc != LD_OK;
out:
	sqlite3_finalize(st);
	if (open && !sqlite3_get_autocommit(s->db))
		(void)sq_exec_script(s, rc == LD_OK ? "COMMIT" : "ROLLBACK", m->name, NULL);
	(void)sq_exec_script(s, "PRAGMA foreign_keys = ON", m->name, NULL);
	return rc;
}

ld_status sq_migrate(struct sq_store *s, struct ld_err *err)
{
	ld_status rc;
	int version = 0;
	int known = 0;

	for (int i = 0; i < store_sqlite_migrations_len; i++) {
		if (store_sqlite_migrations[i].version <= known)
			return ld_fail(err, LD_ERR_INTERNAL, "bad_migrations", NULL,
				       "migration %s is out of order",
				       store_sqlite_migrations[i].name);
		known = store_sqlite_migrations[i].version;
	}
	if ((rc = read_version(s, &version, err)) != LD_OK)
		return rc;
	if (version > known)
		return ld_fail(err, LD_ERR_INTERNAL, "schema_too_new", NULL,
			       "the database has schema version %d, this program knows up to %d;"
			       " run a newer loyaldesk",
			       version, known);
	for (int i = 0; i < store_sqlite_migrations_len; i++) {
		const struct store_migration *m = &store_sqlite_migrations[i];
		if (m->version <= version)
			continue;
		if ((rc = apply_one(s, m, err)) != LD_OK)
			return rc;
	}
	return LD_OK;
}

