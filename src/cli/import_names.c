/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Names in import files: an export names organisations, teams and branches
 * (and accounts by e-mail, import_interactions.c) rather than giving their
 * ids, because the ids of one store mean nothing in another. Each name is
 * matched exactly against what the store has and created when missing:
 * an organisation with that name, a team as a department, a branch with the
 * name only (no address, hours or zone — fill them in afterwards).
 *
 * The store is read once per kind (every row, into a name map), then only
 * the map; what the import creates goes into the map too. A rolled-back batch
 * may have created rows the map names, so a rollback empties the maps and the
 * next name reads the store again.
 */
#include "cli/import.h"

#include <stdlib.h>
#include <string.h>

void import_names_rollback(struct import_job *job)
{
	namemap_clear(&job->org_names);
	namemap_clear(&job->team_names);
	namemap_clear(&job->facility_names);
	namemap_clear(&job->agent_emails);
}

/* Fills a name map with every row of one kind (orgs, teams, branches). */
#define IMPORT_NAMES_LOADER(fn, type, list)                                                  \
	static ld_status fn(struct import_job *job, struct namemap *m, struct ld_err *err)   \
	{                                                                                     \
		ld_status rc = LD_OK;                                                         \
		CLI_EACH_ROW(type, list(job->app, NULL, after, APP_LIST_MAX, page, &n, err),  \
			     namemap_put(m, page[i].name, page[i].id));                        \
		return rc;                                                                    \
	}

IMPORT_NAMES_LOADER(load_orgs, struct ld_org, app_org_list)
IMPORT_NAMES_LOADER(load_teams, struct ld_team, app_team_list)
IMPORT_NAMES_LOADER(load_facilities, struct ld_facility, app_facility_list)

/* The id of `name` in `m`, loading the map first when it is not loaded. */
static ld_status lookup(struct import_job *job, struct namemap *m,
			ld_status (*load)(struct import_job *, struct namemap *, struct ld_err *),
			const char *name, int64_t *out, struct ld_err *err)
{
	ld_status rc;

	if (!m->loaded) {
		namemap_clear(m);
		if ((rc = load(job, m, err)) != LD_OK)
			return rc;
		m->loaded = true;
	}
	*out = namemap_get(m, name);
	return LD_OK;
}

ld_status import_team_find(struct import_job *job, const char *name, int64_t *out,
			   struct ld_err *err)
{
	return lookup(job, &job->team_names, load_teams, name, out, err);
}

ld_status import_org_named(struct import_job *job, const char *name, int64_t *out,
			   struct ld_err *err)
{
	struct ld_org o;
	ld_status rc;

	if ((rc = lookup(job, &job->org_names, load_orgs, name, out, err)) != LD_OK || *out > 0)
		return rc;
	memset(&o, 0, sizeof o);
	if (strlen(name) >= sizeof o.name)
		return ld_fail(err, LD_ERR_INVALID, "too_long", "org_name",
			       "org_name is longer than %zu bytes", sizeof o.name - 1);
	memcpy(o.name, name, strlen(name) + 1);
	if ((rc = app_org_create(job->app, NULL, &o, err)) != LD_OK)
		return rc;
	namemap_put(&job->org_names, name, o.id);
	*out = o.id;
	return LD_OK;
}

ld_status import_team_named(struct import_job *job, const char *name, int64_t *out,
			    struct ld_err *err)
{
	struct ld_team t;
	ld_status rc;

	if ((rc = lookup(job, &job->team_names, load_teams, name, out, err)) != LD_OK || *out > 0)
		return rc;
	memset(&t, 0, sizeof t);
	if (strlen(name) >= sizeof t.name)
		return ld_fail(err, LD_ERR_INVALID, "too_long", "team",
			       "a team name is longer than %zu bytes", sizeof t.name - 1);
	memcpy(t.name, name, strlen(name) + 1);
	t.kind = LD_TEAM_DEPARTMENT;
	if ((rc = app_team_create(job->app, NULL, &t, err)) != LD_OK)
		return rc;
	namemap_put(&job->team_names, name, t.id);
	*out = t.id;
	return LD_OK;
}

ld_status import_facility_named(struct import_job *job, const char *name, int64_t *out,
				struct ld_err *err)
{
	struct ld_facility f;
	ld_status rc;

	if ((rc = lookup(job, &job->facility_names, load_facilities, name, out, err)) != LD_OK ||
	    *out > 0)
		return rc;
	memset(&f, 0, sizeof f);
	if (strlen(name) >= sizeof f.name)
		return ld_fail(err, LD_ERR_INVALID, "too_long", "facility",
			       "a branch name is longer than %zu bytes", sizeof f.name - 1);
	memcpy(f.name, name, strlen(name) + 1);
	if ((rc = app_facility_create(job->app, NULL, &f, err)) != LD_OK)
		return rc;
	namemap_put(&job->facility_names, name, f.id);
	*out = f.id;
	return LD_OK;
}
