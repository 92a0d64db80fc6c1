/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Report use cases on hand-built case sets whose shares are counted by hand.
 */
#include "fixture.h"

#include "app/reports.h"

static void test_reports_effort_shares(void **state)
{
	struct fx *f = *state;
	struct app_report_filter all = {.channel = -1};
	struct app_effort_report r;
	struct app_interaction_in in;
	struct ld_case a, b, c, d;
	struct ld_err err;

	/* a: web, then phone (switch, web→phone, repeat), transfer without note,
	 *    then phone to the new agent (re-explanation): score 2+1+2+2 = 7, high
	 * b: email, then email again (repeat): score 1, low
	 * c: phone alone: low
	 * d: web alone: low */
	open_case(f, LD_CH_WEB, f->agent1, &a);
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, a.id, &in, NULL, &a, &err), LD_OK);
	assert_int_equal(app_case_transfer(&f->app, &f->agent, a.id, f->agent2, 0, NULL, &a, &err),
			 LD_OK);
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent2);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, a.id, &in, NULL, &a, &err), LD_OK);
	open_case(f, LD_CH_EMAIL, f->agent1, &b);
	in = contact(LD_CH_EMAIL, LD_DIR_IN, f->agent1);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, b.id, &in, NULL, &b, &err), LD_OK);
	open_case(f, LD_CH_PHONE, f->agent1, &c);
	open_case(f, LD_CH_WEB, f->agent1, &d);

	assert_int_equal(app_report_effort(&f->app, &f->admin, &all, &r, &err), LD_OK);
	assert_int_equal(r.cases, 4);
	assert_int_equal(r.high_effort.hits, 1);
	assert_int_equal(r.repeat_contact.hits, 2);
	assert_int_equal(r.channel_switch.hits, 1);
	assert_int_equal(r.web_to_phone.hits, 1);
	assert_int_equal(r.re_explanation.hits, 1);
	assert_int_equal(r.transferred.hits, 1);
	assert_true(fabs(r.repeat_contact.share - 0.5) < 1e-12);
	/* Wilson 95% for 2/4: centre (0.5 + 1.96²/8)/(1 + 1.96²/4) = 0.5,
	 * half-width 1.96·√(0.0625 + 1.96²/64)/(1 + 1.96²/4) = 0.3499 → [0.1500, 0.8500] */
	assert_true(fabs(r.repeat_contact.ci_low - 0.1500) < 1e-3);
	assert_true(fabs(r.repeat_contact.ci_high - 0.8500) < 1e-3);
	assert_true(fabs(r.transfers_per_case - 0.25) < 1e-12);
	/* contacts: a 3, b 2, c 1, d 1 → 7 / 4 */
	assert_true(fabs(r.contacts_per_case - 1.75) < 1e-12);

	/* by first channel: web has a and d */
	struct app_report_filter web = {.channel = LD_CH_WEB};
	assert_int_equal(app_report_effort(&f->app, &f->admin, &web, &r, &err), LD_OK);
	assert_int_equal(r.cases, 2);
	assert_int_equal(r.high_effort.hits, 1);
	/* by team: a moved to team B with its transfer */
	struct app_report_filter tb = {.team_id = f->team_b, .channel = -1};
	assert_int_equal(app_report_effort(&f->app, &f->admin, &tb, &r, &err), LD_OK);
	assert_int_equal(r.cases, 1);
	assert_int_equal(r.transferred.hits, 1);
}

static void test_reports_effort_rejects_bad_questions(void **state)
{
	struct fx *f = *state;
	struct app_effort_report r;
	struct ld_err err;
	struct app_report_filter inverted = {.from = 2000000000, .to = 1000000000, .channel = -1};
	struct app_report_filter bad_channel = {.channel = 99};
	struct app_report_filter no_team = {.team_id = 4242, .channel = -1};
	struct app_report_filter ok = {.channel = -1};

	assert_int_equal(app_report_effort(&f->app, &f->admin, &inverted, &r, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_range");
	assert_int_equal(app_report_effort(&f->app, &f->admin, &bad_channel, &r, &err),
			 LD_ERR_INVALID);
	assert_int_equal(app_report_effort(&f->app, &f->admin, &no_team, &r, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_equal(app_report_effort(&f->app, &f->agent, &ok, &r, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_report_effort(&f->app, &f->cust, &ok, &r, &err), LD_ERR_FORBIDDEN);
	/* no cases: a report with no data, not an error */
	assert_int_equal(app_report_effort(&f->app, &f->admin, &ok, &r, &err), LD_OK);
	assert_int_equal(r.cases, 0);
	assert_false(r.high_effort.has_data);
}

/* Resolves case `id` now. */
static void resolve(struct fx *f, int64_t id)
{
	struct app_case_patch p = { .has_status = true, .status = LD_ST_RESOLVED };
	struct ld_case c;
	struct ld_err err;

	assert_int_equal(app_case_update(&f->app, &f->agent, id, &p, &c, &err), LD_OK);
}

/*
 * FCR over 24 h, 7 and 30 days, by hand (METRICS.md):
 *  a: problem, resolved; the customer opens b (problem) 2 days later
 *     → first for every window, came back within 7 and 30 days
 *  b: problem, 2 days after a's resolution → a first contact only for 24 h;
 *     resolved, never followed
 *  c: a question → first everywhere, resolved, never followed
 *  d: a request, resolved, reopened by the customer 10 days later and
 *     resolved again → first everywhere, came back within 30 days only
 * 24 h: first a b c d, none back → 4 of 4; 7 d: first a c d, a back → 2 of 3;
 * 30 d: first a c d, a and d back → 1 of 3.
 */
static void test_reports_fcr_windows(void **state)
{
	struct fx *f = *state;
	struct app_report_filter all = {.channel = -1, .origin = -1};
	struct app_case_open_in in;
	struct app_interaction_in again;
	struct app_effort_report r;
	struct ld_case a, b, c, d, x;
	struct ld_err err;

	open_case(f, LD_CH_EMAIL, f->agent1, &a);
	fake_now += 3600;
	resolve(f, a.id);
	fake_now += 2 * 86400;
	open_case(f, LD_CH_PHONE, f->agent1, &b);
	assert_true(b.fcr_has_prev);
	assert_int_equal(b.fcr_prev_gap_s, 2 * 86400);
	assert_int_equal(app_case_get(&f->app, &f->admin, a.id, &x, &err), LD_OK);
	assert_true(x.fcr_has_next);
	assert_int_equal(x.fcr_next_gap_s, 2 * 86400);
	fake_now += 3600;
	resolve(f, b.id);

	memset(&in, 0, sizeof in);
	in.customer_id = f->customer;
	in.subject = "How do I export?";
	in.category = LD_CAT_QUESTION;
	in.priority = -1;
	in.owner_id = f->agent1;
	in.first = contact(LD_CH_CHAT, LD_DIR_IN, f->agent1);
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_OK);
	assert_false(c.fcr_has_prev);
	resolve(f, c.id);

	in.subject = "Change my plan";
	in.category = LD_CAT_REQUEST;
	in.first = contact(LD_CH_WEB, LD_DIR_IN, f->agent1);
	assert_int_equal(app_case_open(&f->app, NULL, &in, &d, &err), LD_OK);
	resolve(f, d.id);
	fake_now += 10 * 86400;
	again = contact(LD_CH_WEB, LD_DIR_IN, f->agent1);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, d.id, &again, NULL, &d, &err),
			 LD_OK);
	assert_true(d.fcr_has_next);
	assert_int_equal(d.fcr_next_gap_s, 10 * 86400);
	/* a second return does not move the first */
	fake_now += 3600;
	resolve(f, d.id);
	fake_now += 3600;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, d.id, &again, NULL, &d, &err),
			 LD_OK);
	assert_int_equal(d.fcr_next_gap_s, 10 * 86400);
	resolve(f, d.id);

	assert_int_equal(app_report_effort(&f->app, &f->admin, &all, &r, &err), LD_OK);
	assert_int_equal(r.fcr_24h.n, 4);
	assert_int_equal(r.fcr_24h.hits, 4);
	assert_int_equal(r.fcr_7d.n, 3);
	assert_int_equal(r.fcr_7d.hits, 2);
	assert_int_equal(r.fcr_30d.n, 3);
	assert_int_equal(r.fcr_30d.hits, 1);
	assert_float_equal(r.fcr_7d.share, 2.0 / 3.0, 1e-12);

	/* reopened and not yet resolved again: out of every window's base */
	fake_now += 3600;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, d.id, &again, NULL, &d, &err),
			 LD_OK);
	assert_int_equal(app_report_effort(&f->app, &f->admin, &all, &r, &err), LD_OK);
	assert_int_equal(r.fcr_30d.n, 2);
	assert_int_equal(r.fcr_30d.hits, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reports_effort_shares, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reports_effort_rejects_bad_questions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reports_fcr_windows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
