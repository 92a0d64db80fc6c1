/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Figures are defined over the contacts' started_at order, not the order in
 * which they reach the desk: a contact logged late re-folds its case, and
 * the links between a customer's cases on one topic (repeat-case mark, FCR
 * gaps) follow every resolution, reopen and late case.
 */
#include "fixture.h"

static int64_t open_at(struct fx *f, int channel, int category, int64_t at, struct ld_case *out)
{
	struct app_case_open_in in;
	struct ld_err err;

	memset(&in, 0, sizeof in);
	in.customer_id = f->customer;
	in.subject = "Heating bill";
	in.category = category;
	in.priority = -1;
	in.owner_id = f->agent1;
	in.first = contact(channel, LD_DIR_IN, f->agent1);
	in.first.started_at = at;
	in.first.has_started_at = true;
	assert_int_equal(app_case_open(&f->app, NULL, &in, out, &err), LD_OK);
	return out->id;
}

static void add_at(struct fx *f, int64_t id, int channel, int64_t at, struct ld_case *out)
{
	struct app_interaction_in in = contact(channel, LD_DIR_IN, f->agent1);
	struct ld_err err;

	in.started_at = at;
	in.has_started_at = true;
	assert_int_equal(app_interaction_add(&f->app, NULL, id, &in, NULL, out, &err), LD_OK);
}

static void set_status(struct fx *f, int64_t id, int status, struct ld_case *out)
{
	struct app_case_patch p = { .has_status = true, .status = status };
	struct ld_err err;

	assert_int_equal(app_case_update(&f->app, NULL, id, &p, out, &err), LD_OK);
}

/* Phone at 01:00, web at 03:00, then the 02:00 call logged late: the history is
 * phone, phone, web — one switch, not two. */
static void test_time_order_late_contact_refolds(void **state)
{
	struct fx *f = *state;
	int64_t t0 = fake_now - 6 * 3600;
	struct ld_case c;
	int64_t id = open_at(f, LD_CH_PHONE, LD_CAT_PROBLEM, t0 + 3600, &c);

	add_at(f, id, LD_CH_WEB, t0 + 3 * 3600, &c);
	assert_int_equal(c.effort.channel_switches, 1);
	add_at(f, id, LD_CH_PHONE, t0 + 2 * 3600, &c);
	assert_int_equal(c.effort.contacts, 3);
	assert_int_equal(c.effort.channel_switches, 1);
	assert_int_equal(c.effort.web_phone_switches, 0);
	assert_int_equal(c.effort_band, EFFORT_MEDIUM); /* 2 repeats + 1 switch = 3 */

	/* The same three contacts in time order give the same case. */
	struct ld_case d;
	int64_t other = open_at(f, LD_CH_PHONE, LD_CAT_QUESTION, t0 + 3600, &d);
	add_at(f, other, LD_CH_PHONE, t0 + 2 * 3600, &d);
	add_at(f, other, LD_CH_WEB, t0 + 3 * 3600, &d);
	assert_int_equal(d.effort.channel_switches, c.effort.channel_switches);
	assert_int_equal(d.effort.repeat_contacts, c.effort.repeat_contacts);
	assert_int_equal(d.effort_band, c.effort_band);

	/* A contact from before the case opened becomes its first. */
	add_at(f, id, LD_CH_EMAIL, t0, &c);
	assert_int_equal(c.created_at, t0);
	assert_int_equal(c.first_channel, LD_CH_EMAIL);
	assert_int_equal(c.effort.channel_switches, 2); /* email → phone → phone → web */
}

/* A contact logged late, from before the resolution, does not reopen the case. */
static void test_time_order_late_contact_before_resolution(void **state)
{
	struct fx *f = *state;
	int64_t t0 = fake_now - 6 * 3600;
	struct ld_case c;
	int64_t id = open_at(f, LD_CH_WEB, LD_CAT_PROBLEM, t0, &c);

	set_status(f, id, LD_ST_RESOLVED, &c);
	add_at(f, id, LD_CH_PHONE, t0 + 600, &c);
	assert_int_equal(c.status, LD_ST_RESOLVED);
	assert_int_equal(c.effort.reopens, 0);
	assert_int_equal(c.effort.contacts, 2);
	/* One after the resolution does. */
	add_at(f, id, LD_CH_PHONE, fake_now, &c);
	assert_int_equal(c.status, LD_ST_OPEN);
	assert_int_equal(c.effort.reopens, 1);
}

/* Every earlier case counts for the repeat mark, not only the one resolved last. */
static void test_time_order_repeat_mark_any_earlier_case(void **state)
{
	struct fx *f = *state;
	int64_t day = 86400, t0 = fake_now - 20 * day;
	struct ld_case a, b, n;
	int64_t ia = open_at(f, LD_CH_WEB, LD_CAT_PROBLEM, t0, &a);
	int64_t ib = open_at(f, LD_CH_WEB, LD_CAT_PROBLEM, t0 + day, &b);

	fake_now = t0 + 2 * day;
	set_status(f, ia, LD_ST_RESOLVED, &a);  /* resolved on day 2 */
	fake_now = t0 + 10 * day;
	set_status(f, ib, LD_ST_RESOLVED, &b);  /* … and b on day 10 */
	/* Then a case opened on day 4 is recorded (backdated): b, resolved last,
	 * was resolved after it opened; a, two days before. */
	int64_t in_ = open_at(f, LD_CH_PHONE, LD_CAT_PROBLEM, t0 + 4 * day, &n);
	assert_int_equal(app_case_get(&f->app, NULL, in_, &n, NULL), LD_OK);
	assert_true(n.effort.repeat_case);        /* a, resolved 2 days before it opened */
	assert_true(n.fcr_has_prev);
	assert_int_equal(n.fcr_prev_gap_s, 2 * day);

	/* a is reopened: n no longer repeats anything resolved. */
	add_at(f, ia, LD_CH_EMAIL, fake_now, &a);
	assert_int_equal(a.status, LD_ST_OPEN);
	assert_int_equal(app_case_get(&f->app, NULL, in_, &n, NULL), LD_OK);
	assert_false(n.effort.repeat_case);
	assert_int_equal(n.effort.repeat_contacts, 0);
	assert_false(n.fcr_has_prev);
}

/* A case resolved later marks the case that followed it, when that one was
 * recorded first (imports, backdated entries). */
static void test_time_order_resolution_marks_follower(void **state)
{
	struct fx *f = *state;
	int64_t day = 86400, t0 = fake_now - 20 * day;
	struct ld_case p, n;
	int64_t ip = open_at(f, LD_CH_WEB, LD_CAT_COMPLAINT, t0, &p);

	/* Recorded in another order than it happened (an import pins the clock
	 * to each row): n, opened on day 3, arrives before p's resolution on day 1. */
	fake_now = t0 + 3 * day;
	int64_t in_ = open_at(f, LD_CH_WEB, LD_CAT_COMPLAINT, t0 + 3 * day, &n);
	assert_false(n.effort.repeat_case); /* p is still open */
	fake_now = t0 + day;
	set_status(f, ip, LD_ST_RESOLVED, &p); /* resolved at day 1, before n opened */
	assert_int_equal(app_case_get(&f->app, NULL, in_, &n, NULL), LD_OK);
	assert_true(n.effort.repeat_case);
	assert_int_equal(n.effort.repeat_contacts, 1);
	assert_int_equal(app_case_get(&f->app, NULL, ip, &p, NULL), LD_OK);
	assert_true(p.fcr_has_next);
	assert_int_equal(p.fcr_next_gap_s, 2 * day);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_time_order_late_contact_refolds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_order_late_contact_before_resolution, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_time_order_repeat_mark_any_earlier_case, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_time_order_resolution_marks_follower, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
