/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of branch visits: a face-to-face contact at a branch puts its
 * case on that branch's list; the branch's summary counts its visits, their
 * customers and cases, the effort and resolution of those cases and the
 * CSAT answers about them — over the period asked, and nothing of another
 * branch; managers only; an unknown branch is 404. The effort report of a
 * branch covers the cases with a contact there, and where every case was at
 * one branch the branches' reports add up to the whole desk's.
 */
#include "fixture.h"

#include "app/reports.h"
#include "app/surveys.h"

static int64_t add_branch(struct fx *f, const char *name)
{
	struct ld_facility b = { 0 };
	struct ld_err err;

	snprintf(b.name, sizeof b.name, "%s", name);
	snprintf(b.tz, sizeof b.tz, "Europe/Prague");
	snprintf(b.hours, sizeof b.hours, "mon-fri 08:00-17:00");
	assert_int_equal(app_facility_create(&f->app, &f->admin, &b, &err), LD_OK);
	return b.id;
}

/* A visit at `branch` on case `case_id` (0 = a new case); the case's id. */
static int64_t visit(struct fx *f, int64_t branch, int64_t case_id)
{
	struct app_interaction_in in = contact(LD_CH_VISIT, LD_DIR_IN, f->agent1);
	struct ld_interaction it;
	struct ld_case c;
	struct ld_err err;

	in.facility_id = branch;
	in.has_facility_id = true;
	in.body = NULL;
	if (case_id != 0) {
		assert_int_equal(app_interaction_add(&f->app, &f->agent, case_id, &in, &it, &c, &err),
				 LD_OK);
		ld_interaction_clear(&it);
		return case_id;
	}
	struct app_case_open_in open = {
		.customer_id = f->customer, .subject = "At the counter", .category = -1,
		.priority = -1, .first = in,
	};
	if (app_case_open(&f->app, &f->agent, &open, &c, &err) != LD_OK)
		fail_msg("visit: %s", err.message);
	return c.id;
}

static void test_visits_list_and_summary(void **state)
{
	struct fx *f = *state;
	int64_t praha = add_branch(f, "Praha"), brno = add_branch(f, "Brno");
	struct app_case_patch resolve = { .has_status = true, .status = LD_ST_RESOLVED };
	struct app_survey_new sn = { .kind = LD_SURVEY_CSAT, .customer_id = f->customer };
	struct app_survey_answer ans = { .score = 5 };
	struct app_survey_created sc;
	struct app_facility_summary s;
	struct store_case_query q = { .status = -1, .limit = 10 };
	struct ld_case rows[10], after;
	struct ld_survey sv;
	struct ld_err err;
	int n = 0;

	struct ld_customer cu;
	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &cu, &err), LD_OK);
	cu.consent = true; /* surveys go to those who agreed */
	assert_int_equal(app_customer_update(&f->app, NULL, &cu, &err), LD_OK);
	ld_customer_clear(&cu);
	int64_t c1 = visit(f, praha, 0);
	fake_now += 3600;
	visit(f, praha, c1);                 /* came back: a repeat contact */
	int64_t c2 = visit(f, brno, 0);
	struct ld_case web;
	int64_t c3 = open_case(f, LD_CH_WEB, f->agent1, &web);
	visit(f, praha, c3);                 /* wrote first, then came in */
	assert_int_equal(app_case_update(&f->app, &f->agent, c3, &resolve, &after, &err), LD_OK);
	sn.case_id = c3;
	if (app_survey_create(&f->app, &f->agent, &sn, &sc, &err) != LD_OK)
		fail_msg("survey: %s %s", err.code, err.message);
	ld_survey_clear(&sc.survey);
	assert_int_equal(app_survey_answer(&f->app, NULL, sc.token, &ans, &sv, NULL, &err), LD_OK);
	ld_survey_clear(&sv);

	/* The case list by branch. */
	q.facility_id = praha;
	assert_int_equal(app_case_list(&f->app, &f->agent, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, c1);
	assert_int_equal(rows[1].id, c3);
	q.facility_id = brno;
	assert_int_equal(app_case_list(&f->app, &f->agent, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c2);

	assert_int_equal(app_facility_summary(&f->app, &f->admin, praha, 0, 0, &s, &err), LD_OK);
	assert_string_equal(s.facility.name, "Praha");
	assert_int_equal(s.visits, 3);
	assert_int_equal(s.visitors, 1);
	assert_int_equal(s.cases, 2);
	assert_int_equal(s.repeat_contact.hits, 2);  /* both came again: c1 in person, c3 after writing */
	assert_int_equal(s.resolved.hits, 1);        /* c3 */
	assert_int_equal(s.resolved.n, 2);
	assert_true(s.resolved.has_data);
	assert_int_equal(s.csat.n, 1);
	assert_int_equal(s.csat.top2.hits, 1);
	assert_true(s.contacts_per_case >= 1.5);

	/* A period: only the visits started in it. */
	assert_int_equal(app_facility_summary(&f->app, &f->admin, praha, fake_now - 60, 0, &s, &err),
			 LD_OK);
	assert_int_equal(s.visits, 2); /* the repeat visit and c3's */
	assert_int_equal(app_facility_summary(&f->app, &f->admin, brno, 0, 0, &s, &err), LD_OK);
	assert_int_equal(s.visits, 1);
	assert_int_equal(s.csat.n, 0);
	assert_false(s.csat.top2.has_data);

	assert_int_equal(app_facility_summary(&f->app, &f->agent, praha, 0, 0, &s, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_facility_summary(&f->app, &f->admin, 999, 0, 0, &s, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_equal(app_facility_summary(&f->app, &f->admin, praha, 200, 100, &s, &err),
			 LD_ERR_INVALID);
}

/* The counts behind every share of an effort report, in one array. */
static void effort_counts(const struct app_effort_report *r, int64_t out[26])
{
	const struct survey_share *sh[] = {
		&r->high_effort, &r->medium_effort, &r->repeat_contact, &r->re_explanation,
		&r->channel_switch, &r->web_to_phone, &r->transferred, &r->robot_only,
		&r->reopened, &r->fcr_24h, &r->fcr_7d, &r->fcr_30d,
	};
	for (int i = 0; i < 12; i++) {
		out[2 * i] = sh[i]->hits;
		out[2 * i + 1] = sh[i]->n;
	}
	out[24] = r->cases;
	out[25] = r->resolved_cases;
}

static void effort_at(struct fx *f, int64_t branch, int channel, int64_t from,
		      struct app_effort_report *r)
{
	struct app_report_filter q = { .channel = channel, .origin = -1, .from = from,
				       .facility_id = branch };
	struct ld_err err;

	if (app_report_effort(&f->app, &f->admin, &q, r, &err) != LD_OK)
		fail_msg("effort report: %s %s", err.code, err.message);
}

static void test_effort_report_by_branch(void **state)
{
	struct fx *f = *state;
	int64_t praha = add_branch(f, "Praha"), brno = add_branch(f, "Brno");
	int64_t ostrava = add_branch(f, "Ostrava");
	struct app_case_patch resolve = { .has_status = true, .status = LD_ST_RESOLVED };
	struct app_case_patch reopen = { .has_status = true, .status = LD_ST_OPEN };
	struct app_effort_report all, r[3];
	struct ld_case c, after;
	struct ld_err err;
	int64_t sum[26] = { 0 }, whole[26], part[26];

	int64_t c1 = visit(f, praha, 0);
	fake_now += 3600;
	visit(f, praha, c1);                               /* came again: repeat */
	assert_int_equal(app_case_update(&f->app, &f->agent, c1, &resolve, &after, &err), LD_OK);
	int64_t c2 = visit(f, brno, 0);
	assert_int_equal(app_case_update(&f->app, &f->agent, c2, &resolve, &after, &err), LD_OK);
	assert_int_equal(app_case_update(&f->app, &f->agent, c2, &reopen, &after, &err), LD_OK);
	int64_t c3 = open_case(f, LD_CH_WEB, f->agent1, &c); /* wrote, then came in */
	visit(f, praha, c3);
	int64_t c4 = open_case(f, LD_CH_PHONE, f->agent1, &c);
	visit(f, ostrava, c4);
	assert_int_equal(app_case_update(&f->app, &f->agent, c4, &resolve, &after, &err), LD_OK);

	effort_at(f, praha, -1, 0, &r[0]);
	assert_int_equal(r[0].cases, 2);                   /* c1, c3 */
	assert_int_equal(r[0].repeat_contact.hits, 2);
	assert_int_equal(r[0].channel_switch.hits, 1);     /* c3: web → visit */
	assert_int_equal(r[0].resolved_cases, 1);
	assert_int_equal(r[0].fcr_7d.n, 1);                /* c1, resolved at its first contact */
	assert_int_equal(r[0].filter.facility_id, praha);
	effort_at(f, brno, -1, 0, &r[1]);
	assert_int_equal(r[1].cases, 1);
	assert_int_equal(r[1].reopened.hits, 1);
	effort_at(f, ostrava, -1, 0, &r[2]);
	assert_int_equal(r[2].cases, 1);
	assert_int_equal(r[2].resolved_cases, 1);

	/* Every case was at one branch: the branches add up to the desk. */
	effort_at(f, 0, -1, 0, &all);
	assert_int_equal(all.cases, 4);
	effort_counts(&all, whole);
	for (int b = 0; b < 3; b++) {
		effort_counts(&r[b], part);
		for (int k = 0; k < 26; k++)
			sum[k] += part[k];
	}
	for (int k = 0; k < 26; k++)
		if (sum[k] != whole[k])
			fail_msg("count %d: the branches sum to %lld, the desk has %lld", k,
				 (long long)sum[k], (long long)whole[k]);

	/* The slices of the aggregates apply as well: first channel and period. */
	effort_at(f, praha, LD_CH_WEB, 0, &r[0]);
	assert_int_equal(r[0].cases, 1);                   /* c3 */
	effort_at(f, praha, LD_CH_VISIT, 0, &r[0]);
	assert_int_equal(r[0].cases, 1);                   /* c1 */
	effort_at(f, praha, -1, fake_now + 86400, &r[0]);
	assert_int_equal(r[0].cases, 0);
	assert_false(r[0].high_effort.has_data);

	/* An unknown branch is 404, a negative one 400, and answers are not by branch. */
	struct app_report_filter q = { .channel = -1, .origin = -1, .facility_id = 999 };
	assert_int_equal(app_report_effort(&f->app, &f->admin, &q, &all, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "facility_not_found");
	q.facility_id = -1;
	assert_int_equal(app_report_effort(&f->app, &f->admin, &q, &all, &err), LD_ERR_INVALID);
	q.facility_id = praha;
	assert_int_equal(app_report_effort(&f->app, &f->agent, &q, &all, &err), LD_ERR_FORBIDDEN);
	struct app_csat_report cs;
	assert_int_equal(app_report_csat(&f->app, &f->admin, &q, &cs, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "facility");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_visits_list_and_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_effort_report_by_branch, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
