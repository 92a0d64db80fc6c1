/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Report use cases (contract in reports.h). The store sums its aggregates;
 * this file validates the question, turns sums into shares with intervals,
 * and leaves wording and rendering to the adapters.
 */
#include "app/reports.h"

#include <string.h>

#include "app/internal.h"

static ld_status check_filter(struct app *app, const struct app_report_filter *f,
			      struct ld_err *err)
{
	if (f->from < 0 || f->to < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", f->from < 0 ? "from" : "to",
			       "dates are after 1970");
	if (f->from != 0 && f->to != 0 && f->to <= f->from)
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to",
			       "the period ends before it starts");
	if (f->channel < -1 || f->channel >= LD_CH_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "channel", "unknown channel");
	if (f->team_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "team", "ids are positive");
	if (f->team_id != 0) {
		struct ld_team t;
		ld_status rc = STORE_CALL(app->store, team_get, f->team_id, &t, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "team_not_found", "team",
				       "no team %lld", (long long)f->team_id);
		return rc;
	}
	return LD_OK;
}

ld_status app_report_effort(struct app *app, const struct app_actor *actor,
			    const struct app_report_filter *filter, struct app_effort_report *out,
			    struct ld_err *err)
{
	struct store_effort_filter sf;
	struct store_effort_totals t;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_filter(app, filter, err)) != LD_OK)
		return rc;
	sf.from = filter->from;
	sf.to = filter->to;
	sf.team_id = filter->team_id;
	sf.channel = filter->channel;
	if ((rc = STORE_CALL(app->store, effort_totals, &sf, &t, err)) != LD_OK)
		return rc;
	out->filter = *filter;
	out->cases = t.cases;
	struct {
		struct survey_share *share;
		int64_t hits;
	} shares[] = {
		{ &out->high_effort, t.high_cases },
		{ &out->medium_effort, t.medium_cases },
		{ &out->repeat_contact, t.repeat_cases },
		{ &out->re_explanation, t.reexplain_cases },
		{ &out->channel_switch, t.switch_cases },
		{ &out->web_to_phone, t.web_phone_cases },
		{ &out->transferred, t.transfer_cases },
		{ &out->robot_only, t.robot_cases },
		{ &out->reopened, t.reopen_cases },
	};
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
		/* Aggregates are sums of 0/1 flags, so 0 ≤ hits ≤ cases holds;
		 * a violation is a corrupt store, reported as such. */
		if ((rc = survey_share_wilson(shares[i].hits, t.cases, shares[i].share, err)) != LD_OK)
			return ld_fail(err, LD_ERR_INTERNAL, "corrupt_aggregates", NULL,
				       "effort aggregates are inconsistent");
	}
	if (t.cases > 0) {
		out->transfers_per_case = (double)t.transfers / (double)t.cases;
		out->contacts_per_case = (double)t.contacts / (double)t.cases;
	}
	out->resolved_cases = t.resolved_cases;
	if (t.resolved_cases > 0)
		out->mean_resolution_s = (double)t.elapsed_s / (double)t.resolved_cases;
	return LD_OK;
}
