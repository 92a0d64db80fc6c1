/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * store_open(): picks the backend of a store URL (contract in store.h).
 *
 * Owns: the syntax of store URLs. "postgresql://" and "postgres://" name a
 * PostgreSQL cluster (not supported yet); anything else is the path of an
 * SQLite database file, ":memory:" a private in-memory one. Must not know
 * any backend's internals beyond its open function.
 */
#include "store/store.h"

#include <string.h>

#include "store/sqlite/sqlite_store.h"

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

ld_status store_open(const char *url, struct store **out, struct ld_err *err)
{
	*out = NULL;
	/* SQLite would open "" as a temporary database: a config mistake here. */
	if (url == NULL || url[0] == '\0')
		return ld_fail(err, LD_ERR_INVALID, "invalid_store_url", "db",
			       "no database path or URL given");
	if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://"))
		return ld_fail(err, LD_ERR_INVALID, "unsupported_store", "db",
			       "PostgreSQL stores are not supported yet; give an SQLite path");
	return store_sqlite_open(url, out, err);
}
