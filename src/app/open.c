/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The adapters' door to a store (contract in app.h): opening and closing a
 * context on a store URL, the schema version, and read snapshots.
 *
 * http/ and cli/ are built without store/store.h on their include path
 * (CMakeLists.txt), so everything they need of a store that is not a use
 * case of its own — a handle per thread, "is the database there and at which
 * version", one snapshot per GET — passes through here. None of it is a
 * business rule; it is the plumbing an adapter would otherwise do with the
 * store's ops table.
 */
#include "app/internal.h"

#include <string.h>

ld_status app_open(struct app *app, const char *url, const struct app_config *cfg,
		   struct ld_err *err)
{
	struct store *store = NULL;
	ld_status rc;

	memset(app, 0, sizeof *app);
	if (url == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_store", "store_url", "no store given");
	if ((rc = store_open(url, &store, err)) != LD_OK)
		return rc;
	app_init(app, store, cfg);
	app->owns_store = true;
	return LD_OK;
}

void app_close(struct app *app)
{
	if (app == NULL)
		return;
	app_fini(app);
	if (app->owns_store)
		store_close(app->store);
	memset(app, 0, sizeof *app);
}

bool app_url_is_private(const char *url)
{
	return url[0] == '\0' || strcmp(url, ":memory:") == 0;
}

ld_status app_schema_version(struct app *app, int *version, struct ld_err *err)
{
	return STORE_CALL(app->store, schema_version, version, err);
}

ld_status app_read_begin(struct app *app, struct ld_err *err)
{
	return STORE_CALL(app->store, read_begin, err);
}

void app_read_end(struct app *app)
{
	app->store->ops->read_end(app->store);
}
