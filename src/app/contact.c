/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Where a contact from a live channel lands (a call, a chat): the case
 * chosen for it, else the customer's open case with the latest activity,
 * else a new case. One rule for every channel that reaches the desk without
 * a case of its own in hand (internal.h).
 */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "util/xmalloc.h"

static int by_activity(const void *a, const void *b)
{
	const struct ld_case *x = a, *y = b;

	if (x->updated_at != y->updated_at)
		return x->updated_at > y->updated_at ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

ld_status app_customer_open_cases(struct app *app, int64_t customer_id, struct ld_case *out,
				  int cap, int *n, bool *more, struct ld_err *err)
{
	static const int OPEN[] = { LD_ST_NEW, LD_ST_OPEN, LD_ST_PENDING };
	struct ld_case *all = xcalloc((size_t)(3 * cap + 3), sizeof *all);
	int total = 0;
	ld_status rc = LD_OK;

	*n = 0;
	*more = false;
	for (int s = 0; s < 3 && rc == LD_OK; s++) {
		struct store_case_query q = {
			.customer_id = customer_id, .status = OPEN[s], .limit = cap + 1,
		};
		int got = 0;

		if ((rc = app_case_list(app, NULL, &q, all + total, &got, err)) != LD_OK)
			break;
		*more |= got > cap;
		total += got < cap ? got : cap;
	}
	if (rc == LD_OK) {
		qsort(all, (size_t)total, sizeof *all, by_activity);
		*more |= total > cap;
		*n = total < cap ? total : cap;
		memcpy(out, all, (size_t)*n * sizeof *all);
	}
	free(all);
	return rc;
}

ld_status app_contact_place(struct app *app, const struct app_contact_place *p,
			    struct ld_interaction *it, struct ld_case *c, struct ld_err *err)
{
	int64_t case_id = p->case_id;
	ld_status rc;

	if (case_id == 0) {
		struct ld_case open;
		bool more;
		int n = 0;

		if ((rc = app_customer_open_cases(app, p->customer_id, &open, 1, &n, &more, err)) !=
		    LD_OK)
			return rc;
		case_id = n > 0 ? open.id : 0;
	}
	if (case_id != 0)
		return app_interaction_add(app, NULL, case_id, &p->first, it, c, err);
	struct app_case_open_in in = {
		.customer_id = p->customer_id, .subject = p->subject, .category = -1,
		.priority = -1, .owner_id = p->first.agent_id, .has_owner_id = p->first.agent_id != 0,
		.team_id = p->team_id, .has_team_id = p->team_id != 0, .first = p->first,
	};
	int n = 0;

	if ((rc = app_case_open(app, NULL, &in, c, err)) == LD_OK)
		rc = app_case_interactions(app, NULL, c->id, 0, 1, it, &n, err);
	return rc;
}

ld_status app_case_load_merged(struct app *app, int64_t case_id, struct ld_case *c,
			       struct ld_err *err)
{
	ld_status rc = LD_OK;

	for (int hop = 0; hop < 16 && rc == LD_OK; hop++) {
		if ((rc = app_case_load(app, case_id, c, err)) != LD_OK || c->merged_into_id == 0)
			break;
		case_id = c->merged_into_id;
	}
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", "case_id", "no case %lld",
			       (long long)case_id);
	return rc;
}
