/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Reading and writing case rows for the use cases, with what every case
 * write owes: the derived-figure ledger (app/rollup.c gets the before and
 * after of each write) and the links between a customer's cases on one topic
 * (app_case_links(), when a write moves the times, category, customer or
 * merge those read). The transaction keeps the stored row it read or wrote
 * last (app->case_seen), so a read-modify-write reads the row once.
 */
#include "app/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

ld_status app_case_load(struct app *app, int64_t id, struct ld_case *out, struct ld_err *err)
{
	ld_status rc;

	if (app_case_in_work(app, id)) {
		*out = app->work->c;
		return LD_OK;
	}
	if (id <= 0)
		return ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", NULL, "no case %lld",
			       (long long)id);
	rc = STORE_CALL(app->store, case_get, id, out, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", NULL, "no case %lld",
			       (long long)id);
	if (rc == LD_OK && app->tx_depth > 0)
		app_case_seen_set(app, out);
	return rc;
}

void app_case_seen_set(struct app *app, const struct ld_case *c)
{
	if (app->case_seen == NULL)
		app->case_seen = xmalloc(sizeof *app->case_seen);
	*app->case_seen = *c;
	app->case_seen->id = c->id;
}

void app_case_seen_forget(struct app *app)
{
	if (app->case_seen != NULL)
		app->case_seen->id = 0;
}

/*
 * The stored row of case `c` as the aggregates hold it: the copy the
 * transaction read or wrote last when that is this case at this version
 * (nothing else writes inside the transaction), else a read.
 */
static ld_status stored_before(struct app *app, const struct ld_case *c, struct ld_case *out,
			       struct ld_err *err)
{
	if (app->case_seen != NULL && app->case_seen->id == c->id &&
	    app->case_seen->version == c->version) {
		*out = *app->case_seen;
		return LD_OK;
	}
	return STORE_CALL(app->store, case_get, c->id, out, err);
}

ld_status app_case_insert(struct app *app, struct ld_case *c, struct ld_err *err)
{
	ld_status rc = app_case_links(app, c->customer_id, c->category, c, err);

	if (rc == LD_OK)
		rc = STORE_CALL(app->store, case_insert, c, err);
	if (rc == LD_OK) {
		app_rollup_case(app, NULL, c);
		rc = app_webhook_case(app, NULL, c, err);
	}
	return rc;
}

/* Writes `c` over the stored row `before`, keeping the ledger. */
static ld_status write_case(struct app *app, const struct ld_case *before, const struct ld_case *c,
			    struct ld_err *err)
{
	ld_status rc = STORE_CALL(app->store, case_update, c, err);

	if (rc == LD_OK) {
		app_rollup_case(app, before, c);
		app_case_seen_set(app, c);
		app->case_seen->version = c->version + 1; /* as the store now holds it */
		rc = app_webhook_case(app, before, c, err);
	}
	return rc;
}

ld_status app_case_write_only(struct app *app, const struct ld_case *c, struct ld_err *err)
{
	struct ld_case before;
	ld_status rc;

	/* The stored row, not the caller's memory of it: that is what the
	 * aggregates hold now. */
	if ((rc = stored_before(app, c, &before, err)) != LD_OK)
		return rc;
	return write_case(app, &before, c, err);
}

ld_status app_case_write(struct app *app, struct ld_case *c, struct ld_err *err)
{
	struct ld_case before;
	ld_status rc;

	if (app_case_in_work(app, c->id))
		return app_case_work_persist(app, c, NULL, 0, false, err);
	if ((rc = stored_before(app, c, &before, err)) != LD_OK)
		return rc;
	if (!app_case_links_moved(&before, c))
		return write_case(app, &before, c, err);
	if ((rc = app_case_links(app, c->customer_id, c->category, c, err)) != LD_OK)
		return rc;
	if ((rc = write_case(app, &before, c, err)) != LD_OK)
		return rc;
	/* The topic it left (another category or customer) loses it. */
	if (before.customer_id != c->customer_id || before.category != c->category)
		rc = app_case_links(app, before.customer_id, before.category, NULL, err);
	return rc;
}
