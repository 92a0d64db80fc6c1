/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The derived-figure ledger and `check`: figures follow every write through
 * app/rollup.c, a savepoint rolled back takes its figures with it, check
 * finds a figure that disagrees with the rows and --repair mends it, and a
 * migration's rebuild request is honoured by app_prepare().
 */
#include "fixture.h"

#include "app/internal.h"
#include "app/reports.h"

struct diffs {
	int n;
	char table[8][32];
	char field[8][32];
};

static void keep_diff(void *ctx, const struct app_check_diff *d)
{
	struct diffs *x = ctx;

	if (x->n < 8) {
		snprintf(x->table[x->n], sizeof x->table[0], "%s", d->table);
		snprintf(x->field[x->n], sizeof x->field[0], "%s", d->field);
	}
	x->n++;
}

static int64_t differences(struct fx *f, struct diffs *x)
{
	struct app_check_result res;
	struct ld_err err;

	memset(x, 0, sizeof *x);
	assert_int_equal(app_check(&f->app, NULL, false, keep_diff, x, &res, &err), LD_OK);
	assert_int_equal(res.differences, x->n);
	return res.differences;
}

static void test_check_finds_and_repairs(void **state)
{
	struct fx *f = *state;
	struct app_check_result res;
	struct rollup_delta bogus;
	struct diffs x;
	struct ld_case c;
	struct ld_err err;

	open_case(f, LD_CH_WEB, f->agent1, &c);
	assert_int_equal(differences(f, &x), 0);

	/* A figure that no row explains: one case too many in the case's cell. */
	memset(&bogus, 0, sizeof bogus);
	bogus.table = ROLLUP_T_EFFORT;
	bogus.key.cell.day = rollup_day(c.created_at);
	bogus.key.cell.team_id = c.team_id;
	bogus.key.cell.channel = LD_CH_WEB;
	bogus.v[0] = 1;
	assert_int_equal(STORE_CALL(f->store, rollup_apply, &bogus, 1, NULL, 0, &err), LD_OK);
	assert_int_equal(differences(f, &x), 1);
	assert_string_equal(x.table[0], "effort_agg");
	assert_string_equal(x.field[0], "cases");

	/* A customer's sum that disagrees with their cases. */
	struct store_rollup_customer row = { .id = f->customer };
	assert_int_equal(STORE_CALL(f->store, customer_rollup_get, f->customer, &row.v, &err),
			 LD_OK);
	row.v.sums.cases = 7;
	assert_int_equal(STORE_CALL(f->store, rollup_apply, NULL, 0, &row, 1, &err), LD_OK);
	assert_true(differences(f, &x) >= 2);

	/* Only an admin repairs; a manager may look. */
	struct app_actor manager = { .agent_id = 99, .role = LD_ROLE_MANAGER };
	assert_int_equal(app_check(&f->app, &manager, true, NULL, NULL, &res, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_check(&f->app, &f->agent, false, NULL, NULL, &res, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_check(&f->app, &f->admin, true, NULL, NULL, &res, &err), LD_OK);
	assert_true(res.differences >= 2);
	assert_int_equal(differences(f, &x), 0);
}

/* A job that fails inside a batch takes its figures with it. */
static void test_check_savepoint_undoes_figures(void **state)
{
	struct fx *f = *state;
	struct app_interaction_in in;
	struct ld_case c;
	struct ld_err err;
	struct diffs x;
	int64_t id = open_case(f, LD_CH_WEB, f->agent1, &c);

	assert_int_equal(app_batch_begin(&f->app, &err), LD_OK);
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	fake_now += 60;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &in, NULL, &c, &err), LD_OK);
	/* A use case that fails after writing (savepoint rolled back). */
	assert_int_equal(app_tx_begin(&f->app, &err), LD_OK);
	fake_now += 60;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &in, NULL, &c, &err), LD_OK);
	assert_int_equal(app_tx_end(&f->app, LD_ERR_CONFLICT, &err), LD_ERR_CONFLICT);
	assert_int_equal(app_batch_end(&f->app, true, &err), LD_OK);

	assert_int_equal(app_case_get(&f->app, NULL, id, &c, &err), LD_OK);
	assert_int_equal(c.effort.contacts, 2);
	assert_int_equal(differences(f, &x), 0);
}

/* A store whose aggregates a migration emptied is rebuilt before use. */
static void test_check_prepare_rebuilds(void **state)
{
	struct fx *f = *state;
	struct ld_case c;
	struct ld_err err;
	struct diffs x;
	bool pending = true;

	open_case(f, LD_CH_PHONE, f->agent1, &c);
	assert_int_equal(STORE_CALL(f->store, rollup_clear, &err), LD_OK);
	assert_true(differences(f, &x) > 0);
	/* The fresh store still carries 0005's request. */
	assert_int_equal(app_prepare(&f->app, &err), LD_OK);
	assert_int_equal(differences(f, &x), 0);
	assert_int_equal(STORE_CALL(f->store, rollup_rebuild_pending, &pending, &err), LD_OK);
	assert_false(pending);
	/* Once done, prepare leaves the figures alone. */
	assert_int_equal(STORE_CALL(f->store, rollup_clear, &err), LD_OK);
	assert_int_equal(app_prepare(&f->app, &err), LD_OK);
	assert_true(differences(f, &x) > 0);
	assert_int_equal(app_check(&f->app, NULL, true, NULL, NULL, &(struct app_check_result){0},
				   &err),
			 LD_OK);
}

/* A case merged away leaves every figure: only the case it went into counts,
 * with the history of both. */
static void test_check_merged_case_leaves_figures(void **state)
{
	struct fx *f = *state;
	struct app_report_filter rf;
	struct app_effort_report rep;
	struct app_interaction_in in;
	struct ld_case a, b, merged;
	struct ld_customer cust;
	struct ld_err err;
	struct diffs x;

	open_case(f, LD_CH_WEB, f->agent1, &a);
	fake_now += 60;
	open_case(f, LD_CH_PHONE, f->agent2, &b);
	fake_now += 60;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, b.id, f->agent3, 0, NULL, &b, &err),
			 LD_OK);
	in = contact(LD_CH_EMAIL, LD_DIR_IN, f->agent3);
	fake_now += 60;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, b.id, &in, NULL, &b, &err), LD_OK);
	memset(&rf, 0, sizeof rf);
	rf.team_id = 0;
	rf.channel = -1;
	rf.origin = -1;
	assert_int_equal(app_report_effort(&f->app, NULL, &rf, &rep, &err), LD_OK);
	assert_int_equal(rep.cases, 2);
	assert_int_equal(rep.transferred.hits, 1);

	fake_now += 60;
	assert_int_equal(app_case_merge(&f->app, &f->agent, b.id, a.id, &merged, &err), LD_OK);
	assert_int_equal(app_report_effort(&f->app, NULL, &rf, &rep, &err), LD_OK);
	assert_int_equal(rep.cases, 1);
	assert_int_equal(rep.resolved_cases, 0);           /* b's closing is no resolution */
	assert_int_equal(rep.transferred.hits, 1);          /* a carries b's transfer now */
	assert_true(rep.contacts_per_case > 2.9 && rep.contacts_per_case < 3.1);
	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &cust, &err), LD_OK);
	assert_int_equal(cust.case_count, 1);
	ld_customer_clear(&cust);

	/* Closing b by the merge resolved nothing: a new case on the same topic a
	 * day later repeats no resolved case (a is still open). */
	struct ld_case c;
	fake_now += 86400;
	open_case(f, LD_CH_WEB, f->agent1, &c);
	assert_false(c.effort.repeat_case);
	assert_int_equal(c.effort.repeat_contacts, 0);
	assert_false(c.fcr_has_prev);
	assert_int_equal(differences(f, &x), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_check_finds_and_repairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_savepoint_undoes_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_prepare_rebuilds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_merged_case_leaves_figures, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
