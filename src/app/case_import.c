/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Imports of whole case histories (contract in app.h): the case is built in
 * memory by the same use cases that serve the API — open, add a contact,
 * transfer, assign, change status, restore the final assignment — and
 * written once at the end: the case row, then its interactions in one pass,
 * then one audit record. The rules are the use cases' own; only where the
 * rows go differs (cases.c asks app_case_in_work() in app_case_load(),
 * app_case_open() and app_case_persist()).
 *
 * Why. Replayed row by row through the store, every imported row cost a
 * read of its case, a write of the case, an audit record and two savepoints;
 * a million-row history took minutes. In memory a row costs one insert.
 *
 * Owns app->work between begin and end.
 */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

ld_status app_case_import_begin(struct app *app, const struct app_actor *actor,
				struct ld_err *err)
{
	if (actor != NULL)
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL,
			       "only an import builds a case from its history");
	if (app->work != NULL)
		return ld_fail(err, LD_ERR_INTERNAL, "import_open", NULL,
			       "an imported case is being built already");
	app->work = xcalloc(1, sizeof *app->work);
	return LD_OK;
}

static void work_append(struct app_case_work *w, const struct ld_interaction *its, size_t n)
{
	w->its = xgrow(w->its, sizeof *w->its, w->n + n, &w->cap);
	memcpy(&w->its[w->n], its, n * sizeof *its);
	w->n += n;
}

ld_status app_case_work_open(struct app *app, struct ld_case *c, const struct ld_interaction *it,
			     struct ld_err *err)
{
	struct app_case_work *w = app->work;

	(void)err;
	c->id = APP_CASE_WORK_ID;
	w->c = *c;
	w->opened = true;
	work_append(w, it, 1);
	return LD_OK;
}

ld_status app_case_work_persist(struct app *app, struct ld_case *c,
				const struct ld_interaction *its, int n_its, bool refold,
				struct ld_err *err)
{
	struct app_case_work *w = app->work;

	(void)err;
	if (n_its > 0)
		work_append(w, its, (size_t)n_its);
	if (refold)
		app_case_refold_rows(c, w->its, w->n);
	app_case_rescore(app, c);
	w->c = *c;
	return LD_OK;
}

ld_status app_case_import_record(struct app *app, const struct app_actor *actor,
				 int64_t first_id, int64_t last_id, int64_t count,
				 struct ld_err *err)
{
	char detail[96];

	if (actor != NULL)
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL,
			       "only an import records imported cases");
	if (count <= 0)
		return LD_OK;
	snprintf(detail, sizeof detail, "{\"count\":%lld,\"first_id\":%lld,\"last_id\":%lld}",
		 (long long)count, (long long)first_id, (long long)last_id);
	return app_audit(app, actor, "case.import", "case", first_id, detail, err);
}

static void work_free(struct app *app)
{
	if (app->work == NULL)
		return;
	free(app->work->its);
	free(app->work);
	app->work = NULL;
}

ld_status app_case_import_end(struct app *app, bool keep, struct ld_case *out,
			      struct ld_err *err)
{
	struct app_case_work *w = app->work;
	struct ld_case c;
	ld_status rc;

	if (w == NULL)
		return ld_fail(err, LD_ERR_INTERNAL, "no_import", NULL,
			       "no imported case is being built");
	if (!keep || !w->opened) {
		rc = keep ? ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", NULL,
				    "the history opened no case")
			  : LD_OK;
		work_free(app);
		return rc;
	}
	c = w->c;
	c.id = 0;
	c.version = 1;
	app_case_rescore(app, &c);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		goto out;
	rc = app_case_insert(app, &c, err);
	for (size_t i = 0; i < w->n && rc == LD_OK; i++) {
		w->its[i].case_id = c.id;
		w->its[i].customer_id = c.customer_id;
		rc = STORE_CALL(app->store, interaction_insert, &w->its[i], err);
	}
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK && out != NULL)
		*out = c;
out:
	work_free(app);
	return rc;
}

/* ------------------------------------------- the final assignment --- */

static ld_status restore_assignment_locked(struct app *app, const struct app_actor *actor,
					   int64_t id, int64_t owner_id, int64_t team_id,
					   struct ld_case *out, struct ld_err *err)
{
	struct ld_case c;
	ld_status rc;

	if (actor != NULL)
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL,
			       "only an import restores an assignment");
	if ((rc = app_case_get(app, actor, id, &c, err)) != LD_OK)
		return rc;
	if (c.merged_into_id != 0)
		return ld_fail(err, LD_ERR_CONFLICT, "case_merged", NULL,
			       "case %lld was merged into case %lld", (long long)c.id,
			       (long long)c.merged_into_id);
	if (owner_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "owner_id", "ids are positive");
	if (owner_id != 0 &&
	    (rc = app_check_staff_agent(app, owner_id, "owner_id", NULL, err)) != LD_OK)
		return rc;
	if ((rc = app_check_team_exists(app, team_id, err)) != LD_OK)
		return rc;
	if (c.owner_id != owner_id || c.team_id != team_id) {
		c.owner_id = owner_id;
		c.team_id = team_id;
		if (c.status == LD_ST_NEW && c.owner_id != 0)
			c.status = LD_ST_OPEN; /* as an assignment opens a new case */
		if ((rc = app_case_persist(app, actor, &c, NULL, 0, false, "case.restore", NULL, err)) != LD_OK)
			return rc;
	}
	*out = c;
	return LD_OK;
}

ld_status app_case_restore_assignment(struct app *app, const struct app_actor *actor, int64_t id,
				      int64_t owner_id, int64_t team_id, struct ld_case *out,
				      struct ld_err *err)
{
	ld_status rc = app_tx_begin(app, err);

	if (rc != LD_OK)
		return rc;
	rc = restore_assignment_locked(app, actor, id, owner_id, team_id, out, err);
	return app_tx_end(app, rc, err);
}
