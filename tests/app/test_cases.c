/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Use-case tests for cases: open, interactions, transfers, status changes,
 * merge, timeline, roles and SLA, on an in-memory store with a fake clock.
 */
#include "fixture.h"

static void test_cases_open_counts_first_contact(void **state)
{
	struct fx *f = *state;
	struct ld_case c, again;
	struct ld_err err;

	open_case(f, LD_CH_WEB, f->agent1, &c);
	assert_true(c.id > 0);
	assert_int_equal(c.status, LD_ST_OPEN);
	assert_int_equal(c.team_id, f->team_a);
	assert_string_equal(c.language, "cs");
	assert_int_equal(c.effort.contacts, 1);
	assert_int_equal(c.effort.repeat_contacts, 0);
	assert_int_equal(app_case_get(&f->app, &f->agent, c.id, &again, &err), LD_OK);
	assert_int_equal(again.effort.contacts, 1);
	assert_int_equal(again.version, c.version);
}

static void test_cases_switch_transfer_reexplain(void **state)
{
	struct fx *f = *state;
	struct app_interaction_in in;
	struct app_effort_view v;
	struct ld_case c;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_WEB, f->agent1, &c);

	fake_now += 600;
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &in, NULL, &c, &err), LD_OK);
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, f->agent2, 0, NULL, &c, &err),
			 LD_OK);
	assert_int_equal(c.owner_id, f->agent2);
	assert_int_equal(c.team_id, f->team_b);
	fake_now += 600;
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent2);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &in, NULL, &c, &err), LD_OK);
	/* with a note this time: no re-explanation */
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, f->agent3, 0, "Customer wants a "
					   "refund of invoice 42", &c, &err), LD_OK);
	fake_now += 600;
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent3);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &in, NULL, &c, &err), LD_OK);

	app_effort_view(&f->app, &c, &v);
	assert_int_equal(v.contacts, 4);
	assert_int_equal(v.repeat_contacts, 3);
	assert_int_equal(v.channel_switches, 1);
	assert_int_equal(v.transfers, 2);
	assert_int_equal(v.re_explanations, 1);
	/* 2·2 + 1 + 2·1 + 3 = 10 */
	assert_true(fabs(v.score - 10.0) < 1e-9);
	assert_string_equal(v.band, "high");
	assert_int_equal(v.elapsed_s, 3000);
}

static void test_cases_transfer_rejects_bad_targets(void **state)
{
	struct fx *f = *state;
	struct ld_case c, after;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_EMAIL, f->agent1, &c);

	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, 9999, 0, NULL, &after, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "agent_not_found");
	assert_string_equal(err.field, "to_agent_id");
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, 0, 9999, NULL, &after, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.field, "to_team_id");
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, f->agent1, 0, NULL, &after, &err),
			 LD_ERR_CONFLICT);
	assert_int_equal(app_case_transfer(&f->app, &f->cust, id, f->agent2, 0, NULL, &after, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_case_get(&f->app, NULL, id, &after, &err), LD_OK);
	assert_int_equal(after.effort.transfers, 0);
	assert_int_equal(after.version, c.version);
}

/* The interactions of case `id` in time order (up to 16; clear_rows() them), and how many. */
static int last_rows(struct fx *f, int64_t id, struct ld_interaction out[16])
{
	struct ld_err err;
	int n = 0;

	assert_int_equal(app_case_interactions(&f->app, NULL, id, 0, 16, out, &n, &err), LD_OK);
	return n;
}

static void clear_rows(struct ld_interaction *rows, int n)
{
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&rows[i]);
}

static int64_t audits(struct fx *f, const char *action)
{
	struct ld_err err;
	int64_t n = -1;

	assert_int_equal(STORE_CALL(f->app.store, audit_count, action, &n, &err), LD_OK);
	return n;
}

/* Asserts that row `it` records an assignment to `owner` (team `team`, 0 = unchanged). */
static void assert_assignment_row(const struct ld_interaction *it, int64_t owner, int64_t team)
{
	assert_int_equal(it->kind, LD_IK_NOTE);
	assert_int_equal(it->direction, LD_DIR_INTERNAL);
	assert_int_equal(it->agent_id, 0);
	assert_int_equal(it->to_agent_id, owner);
	assert_int_equal(it->to_team_id, team);
}

static void test_cases_transfer_of_unowned_case_is_assignment(void **state)
{
	struct fx *f = *state;
	struct ld_interaction rows[16];
	struct app_interaction_in in;
	struct ld_case c, patched;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_WEB, 0, &c);
	int n;

	assert_int_equal(c.owner_id, 0);
	assert_int_equal(c.status, LD_ST_NEW);
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, f->agent2, 0, NULL, &c, &err),
			 LD_OK);
	/* Given to agent 2: owner, team (the case had none) and status as an
	 * assignment sets them; no transfer, no re-explanation check armed. */
	assert_int_equal(c.owner_id, f->agent2);
	assert_int_equal(c.team_id, f->team_b);
	assert_int_equal(c.status, LD_ST_OPEN);
	assert_int_equal(c.effort.transfers, 0);
	assert_false(c.effort.reexplain_armed);
	assert_int_equal(c.effort.owner_id, 0);
	assert_int_equal(audits(f, "case.assign"), 1);
	assert_int_equal(audits(f, "case.transfer"), 0);
	n = last_rows(f, id, rows);
	assert_int_equal(n, 2);
	assert_assignment_row(&rows[1], f->agent2, f->team_b);
	clear_rows(rows, n);
	assert_int_equal(app_case_get(&f->app, NULL, id, &c, &err), LD_OK);
	assert_int_equal(c.effort.transfers, 0);
	assert_int_equal(c.effort_band, EFFORT_LOW);

	/* The customer calls and gets agent 2: no story told again. */
	fake_now += 600;
	in = contact(LD_CH_WEB, LD_DIR_IN, f->agent2);
	assert_int_equal(app_interaction_add(&f->app, NULL, id, &in, NULL, &c, &err), LD_OK);
	assert_int_equal(c.effort.re_explanations, 0);

	/* Now someone owns it: handing it on is a transfer. */
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, f->agent3, 0, NULL, &c, &err),
			 LD_OK);
	assert_int_equal(c.effort.transfers, 1);
	assert_true(c.effort.reexplain_armed);
	assert_int_equal(audits(f, "case.transfer"), 1);

	/* The PATCH owner_id door records and counts an assignment the same way. */
	int64_t other = open_case(f, LD_CH_WEB, 0, &patched);
	struct app_case_patch p = {.has_owner = true, .owner_id = f->agent2};
	fake_now += 600;
	assert_int_equal(app_case_update(&f->app, &f->agent, other, &p, &patched, &err), LD_OK);
	assert_int_equal(patched.owner_id, f->agent2);
	assert_int_equal(patched.effort.transfers, 0);
	assert_false(patched.effort.reexplain_armed);
	n = last_rows(f, other, rows);
	assert_int_equal(n, 2);
	assert_assignment_row(&rows[1], f->agent2, f->team_b);
	clear_rows(rows, n);
	assert_int_equal(audits(f, "case.assign"), 1); /* PATCH audits as case.update */
}

/*
 * A thread's first write may touch no customer's figures (an assignment):
 * its ledger then has no customer entries at all, and flushing it must not
 * hand qsort() a null array (undefined behaviour; found by
 * fuzz/fuzz_dispatch.c, caught here by the sanitizer build).
 */
static void test_cases_first_write_of_a_context_without_customer_figures(void **state)
{
	struct fx *f = *state;
	struct app_case_patch p = {.has_owner = true, .owner_id = f->agent2};
	struct app_config cfg;
	struct app fresh;
	struct ld_case c;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_WEB, 0, &c);

	app_config_defaults(&cfg);
	cfg.now = clock_fn;
	app_init(&fresh, f->store, &cfg);
	fake_now += 600;
	assert_int_equal(app_case_update(&fresh, &f->agent, id, &p, &c, &err), LD_OK);
	assert_int_equal(c.owner_id, f->agent2);
	app_fini(&fresh);
}

static void test_cases_assignment_edges(void **state)
{
	struct fx *f = *state;
	struct ld_interaction rows[16];
	struct ld_case c;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_WEB, 0, &c);
	struct app_case_patch team = {.has_team = true, .team_id = f->team_a};
	int n;

	/* In team A's queue, nobody owns it. Given to agent 2 of team B, it
	 * stays in team A (as PATCH owner_id keeps the team), an assignment with
	 * a handover note: the note is the actor's own, and disarms nothing. */
	assert_int_equal(app_case_update(&f->app, &f->agent, id, &team, &c, &err), LD_OK);
	assert_int_equal(c.team_id, f->team_a);
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, f->agent2, 0,
					   "Charged twice for November", &c, &err), LD_OK);
	assert_int_equal(c.owner_id, f->agent2);
	assert_int_equal(c.team_id, f->team_a);
	assert_int_equal(c.effort.transfers, 0);
	n = last_rows(f, id, rows);
	assert_int_equal(n, 3);
	assert_assignment_row(&rows[1], f->agent2, 0);
	assert_int_equal(rows[2].kind, LD_IK_NOTE);
	assert_int_equal(rows[2].agent_id, f->agent1);
	assert_int_equal(rows[2].to_agent_id, 0);
	assert_string_equal(rows[2].body, "Charged twice for November");
	clear_rows(rows, n);

	/* Back to team B's queue (a transfer), then out of it to team A with an
	 * agent: leaving its team for another one is a transfer too. */
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, 0, f->team_b, NULL, &c, &err),
			 LD_OK);
	assert_int_equal(c.owner_id, 0);
	assert_int_equal(c.effort.transfers, 1);
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, f->agent1, f->team_a, NULL, &c,
					   &err), LD_OK);
	assert_int_equal(c.effort.transfers, 2);
	assert_int_equal(c.team_id, f->team_a);
	/* Back to a queue again, and picked from it within the team: assignment. */
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, 0, f->team_a, NULL, &c, &err),
			 LD_OK);
	assert_int_equal(c.effort.transfers, 3);
	fake_now += 600;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, id, f->agent1, f->team_a, NULL, &c,
					   &err), LD_OK);
	assert_int_equal(c.effort.transfers, 3);
	assert_int_equal(c.owner_id, f->agent1);

	/* A record naming who handed an unowned case on is a transfer by them. */
	int64_t other = open_case(f, LD_CH_WEB, 0, &c);
	fake_now += 600;
	assert_int_equal(app_case_transfer_from(&f->app, NULL, other, f->agent1, f->agent2, 0,
						NULL, &c, &err), LD_OK);
	assert_int_equal(c.effort.transfers, 1);
	assert_int_equal(c.owner_id, f->agent2);
	n = last_rows(f, other, rows);
	assert_int_equal(rows[n - 1].kind, LD_IK_TRANSFER);
	assert_int_equal(rows[n - 1].agent_id, f->agent1);
	clear_rows(rows, n);
	assert_int_equal(app_case_transfer_from(&f->app, NULL, other, 9999, f->agent3, 0, NULL,
						&c, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.field, "from_agent_id");
}

static void test_cases_resolve_then_customer_writes_reopens(void **state)
{
	struct fx *f = *state;
	struct app_case_patch p;
	struct app_interaction_in in;
	struct ld_case c;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_CHAT, f->agent1, &c);

	fake_now += 3600;
	memset(&p, 0, sizeof p);
	p.has_status = true;
	p.status = LD_ST_RESOLVED;
	assert_int_equal(app_case_update(&f->app, &f->agent, id, &p, &c, &err), LD_OK);
	assert_int_equal(c.status, LD_ST_RESOLVED);
	assert_int_equal(c.resolved_at, fake_now);
	fake_now += 3600;
	in = contact(LD_CH_WEB, LD_DIR_IN, 0);
	assert_int_equal(app_interaction_add(&f->app, &f->cust, id, &in, NULL, &c, &err), LD_OK);
	assert_int_equal(c.status, LD_ST_OPEN);
	assert_int_equal(c.reopen_count, 1);
	assert_int_equal(c.effort.reopens, 1);
	assert_int_equal(c.resolved_at, 0);
	assert_int_equal(c.effort.channel_switches, 1);
	/* closing needs resolution first */
	p.status = LD_ST_CLOSED;
	assert_int_equal(app_case_update(&f->app, &f->agent, id, &p, &c, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "invalid_transition");
}

static void test_cases_repeat_case_within_window(void **state)
{
	struct fx *f = *state;
	struct app_case_patch p;
	struct ld_case c, c2;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_EMAIL, f->agent1, &c);

	memset(&p, 0, sizeof p);
	p.has_status = true;
	p.status = LD_ST_RESOLVED;
	assert_int_equal(app_case_update(&f->app, &f->agent, id, &p, &c, &err), LD_OK);
	fake_now += 3 * 86400;
	open_case(f, LD_CH_PHONE, f->agent1, &c2);
	assert_int_equal(c2.effort.repeat_contacts, 1);
	fake_now += 8 * 86400;
	assert_int_equal(app_case_update(&f->app, &f->agent, c2.id, &p, &c2, &err), LD_OK);
	fake_now += 8 * 86400; /* outside the 7-day window */
	open_case(f, LD_CH_PHONE, f->agent1, &c2);
	assert_int_equal(c2.effort.repeat_contacts, 0);
}

static void test_cases_merge_moves_history(void **state)
{
	struct fx *f = *state;
	struct app_interaction_in in;
	struct ld_interaction page[20];
	struct ld_case a, b, merged, src;
	struct ld_err err;
	int n;

	open_case(f, LD_CH_EMAIL, f->agent1, &a);
	fake_now += 60;
	open_case(f, LD_CH_PHONE, f->agent1, &b);
	fake_now += 60;
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, b.id, &in, NULL, &b, &err), LD_OK);
	fake_now += 60;
	assert_int_equal(app_case_merge(&f->app, &f->agent, b.id, a.id, &merged, &err), LD_OK);
	assert_int_equal(merged.id, a.id);
	/* email, phone, phone → 3 contacts, 1 switch */
	assert_int_equal(merged.effort.contacts, 3);
	assert_int_equal(merged.effort.channel_switches, 1);
	assert_int_equal(app_case_get(&f->app, NULL, b.id, &src, &err), LD_OK);
	assert_int_equal(src.merged_into_id, a.id);
	assert_int_equal(src.status, LD_ST_CLOSED);
	assert_int_equal(app_case_interactions(&f->app, &f->agent, b.id, 0, 20, page, &n, &err),
			 LD_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_case_interactions(&f->app, &f->agent, a.id, 0, 20, page, &n, &err),
			 LD_OK);
	assert_int_equal(n, 4); /* 3 contacts + the merge note */
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&page[i]);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, b.id, &in, NULL, &b, &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "case_merged");
	assert_int_equal(app_case_merge(&f->app, &f->agent, a.id, a.id, &merged, &err),
			 LD_ERR_INVALID);
}

static void test_cases_customer_sees_only_own(void **state)
{
	struct fx *f = *state;
	struct ld_customer other;
	struct app_case_open_in in;
	struct ld_case c, mine;
	struct ld_interaction page[10];
	struct store_timeline_cursor cur = {0, 0};
	struct ld_err err;
	int n, i;

	memset(&other, 0, sizeof other);
	strcpy(other.name, "Jan Novák");
	other.preferred_channel = -1;
	assert_int_equal(app_customer_create(&f->app, NULL, &other, &err), LD_OK);
	memset(&in, 0, sizeof in);
	in.customer_id = other.id;
	in.subject = "Other's case";
	in.category = -1;
	in.priority = -1;
	in.first = contact(LD_CH_EMAIL, LD_DIR_IN, 0);
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_OK);
	assert_int_equal(app_case_get(&f->app, &f->cust, c.id, &mine, &err), LD_ERR_NOT_FOUND);
	assert_int_equal(app_customer_get(&f->app, &f->cust, other.id, &other, &err),
			 LD_ERR_NOT_FOUND);
	/* a customer opens its own case; an internal note stays hidden from it */
	in.customer_id = f->customer;
	in.subject = "Mine";
	assert_int_equal(app_case_open(&f->app, &f->cust, &in, &mine, &err), LD_OK);
	struct app_interaction_in note = contact(LD_CH_EMAIL, LD_DIR_INTERNAL, f->agent1);
	note.kind = LD_IK_NOTE;
	note.body = "internal: VIP";
	assert_int_equal(app_interaction_add(&f->app, &f->agent, mine.id, &note, NULL, &mine, &err),
			 LD_OK);
	assert_int_equal(app_timeline(&f->app, &f->cust, f->customer, &cur, 10, page, &n, &err),
			 LD_OK);
	assert_int_equal(n, 1);
	for (i = 0; i < n; i++)
		ld_interaction_clear(&page[i]);
	assert_int_equal(app_timeline(&f->app, &f->agent, f->customer, &cur, 10, page, &n, &err),
			 LD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(page[0].kind, LD_IK_NOTE); /* newest first */
	for (i = 0; i < n; i++)
		ld_interaction_clear(&page[i]);
	/* three more notes on top: the customer's page of one still holds the
	 * one contact it may see, not an empty page that ends its paging */
	for (i = 0; i < 3; i++)
		assert_int_equal(app_interaction_add(&f->app, &f->agent, mine.id, &note, NULL, &mine,
						     &err),
				 LD_OK);
	assert_int_equal(app_timeline(&f->app, &f->cust, f->customer, &cur, 1, page, &n, &err),
			 LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(page[0].direction, LD_DIR_IN);
	ld_interaction_clear(&page[0]);
	assert_int_equal(app_case_interactions(&f->app, &f->cust, mine.id, 0, 2, page, &n, &err),
			 LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(page[0].direction, LD_DIR_IN);
	ld_interaction_clear(&page[0]);
	assert_int_equal(app_case_interactions(&f->app, &f->agent, mine.id, 0, 10, page, &n, &err),
			 LD_OK);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++)
		ld_interaction_clear(&page[i]);
	/* customers may not write outbound or as an agent */
	struct app_interaction_in out = contact(LD_CH_EMAIL, LD_DIR_OUT, 0);
	assert_int_equal(app_interaction_add(&f->app, &f->cust, mine.id, &out, NULL, &mine, &err),
			 LD_ERR_FORBIDDEN);
}

static void test_cases_rejects_bad_input_without_writing(void **state)
{
	struct fx *f = *state;
	struct app_case_open_in in;
	struct ld_case c, list[10];
	struct store_case_query q = {.status = -1, .limit = 10};
	struct ld_err err;
	char big[LD_SUBJECT_MAX + 10];
	int n;

	memset(&in, 0, sizeof in);
	in.customer_id = f->customer;
	in.subject = "ok";
	in.category = -1;
	in.priority = -1;
	in.first = contact(LD_CH_EMAIL, LD_DIR_IN, 0);
	in.first.channel = 77;
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "channel");
	in.first.channel = LD_CH_EMAIL;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	in.subject = big;
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "too_long");
	in.subject = "bad \xff utf8";
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_ERR_INVALID);
	in.subject = "'); DROP TABLE interaction; --";
	in.customer_id = 424242;
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_ERR_NOT_FOUND);
	in.customer_id = f->customer;
	in.owner_id = 9999;
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_ERR_NOT_FOUND);
	assert_int_equal(app_case_list(&f->app, NULL, &q, list, &n, &err), LD_OK);
	assert_int_equal(n, 0);
	in.owner_id = 0;
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_OK);
	assert_string_equal(c.subject, "'); DROP TABLE interaction; --");
	q.limit = 500;
	assert_int_equal(app_case_list(&f->app, NULL, &q, list, &n, &err), LD_ERR_INVALID);
}

static void test_cases_sla_business_hours(void **state)
{
	struct fx *f = *state;
	struct store_calendar cal;
	struct store_sla_policy pol;
	struct ld_team t;
	struct app_sla_view v;
	struct app_case_patch p;
	struct ld_case c;
	struct ld_err err;

	memset(&cal, 0, sizeof cal);
	strcpy(cal.name, "Prague office");
	strcpy(cal.tz, "Europe/Prague");
	strcpy(cal.hours, "mon-fri 08:00-17:00");
	assert_int_equal(app_calendar_create(&f->app, &f->admin, &cal, &err), LD_OK);
	assert_int_equal(app_team_get(&f->app, NULL, f->team_a, &t, &err), LD_OK);
	t.calendar_id = cal.id;
	assert_int_equal(app_team_update(&f->app, &f->admin, &t, &err), LD_OK);
	memset(&pol, 0, sizeof pol);
	strcpy(pol.name, "normal");
	pol.priority = LD_PRIO_NORMAL;
	pol.category = -1;
	pol.first_response_s = 4 * 3600;
	pol.resolution_s = 16 * 3600;
	pol.pause_on_pending = true;
	assert_int_equal(app_sla_policy_create(&f->app, &f->admin, &pol, &err), LD_OK);

	/* Friday 2026-01-09 15:00 UTC = 16:00 CET: 1 h left on Friday. */
	fake_now = 1767970800;
	open_case(f, LD_CH_EMAIL, f->agent1, &c);
	assert_int_equal(c.sla.policy_id, pol.id);
	/* 4 business hours: 1 h Friday + 3 h Monday from 08:00 CET → Mon 11:00 CET = 10:00 UTC */
	assert_int_equal(c.sla.first_response_due, 1768212000);
	/* 16 h: 1 Fri + 9 Mon + 6 Tue → Tue 2026-01-13 14:00 CET = 13:00 UTC */
	assert_int_equal(c.sla.resolution_due, 1768309200);
	assert_int_equal(app_sla_view(&f->app, &c, &v, &err), LD_OK);
	assert_int_equal(v.first_response_remaining_s, 4 * 3600);
	/* pending over the weekend costs nothing; Monday 09:00 CET resumes: 1 h pushed */
	memset(&p, 0, sizeof p);
	p.has_status = true;
	p.status = LD_ST_PENDING;
	fake_now += 1800; /* Fri 16:30 CET */
	assert_int_equal(app_case_update(&f->app, &f->agent, c.id, &p, &c, &err), LD_OK);
	assert_true(c.sla.paused_at != 0);
	fake_now = 1768204800; /* Mon 2026-01-12 08:00 UTC = 09:00 CET */
	p.status = LD_ST_OPEN;
	assert_int_equal(app_case_update(&f->app, &f->agent, c.id, &p, &c, &err), LD_OK);
	/* paused business time: Fri 16:30-17:00 + Mon 08:00-09:00 = 1.5 h */
	assert_int_equal(c.sla.first_response_due, 1768212000 + 5400);
	assert_int_equal(c.sla.paused_at, 0);
}

static void test_cases_roles_on_directory(void **state)
{
	struct fx *f = *state;
	struct ld_agent a;
	struct ld_err err;

	memset(&a, 0, sizeof a);
	strcpy(a.name, "Mallory");
	strcpy(a.email, "mallory@example.com");
	a.role = LD_ROLE_ADMIN;
	a.active = true;
	assert_int_equal(app_user_add(&f->app, &f->agent, &a, "long enough pw", &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_user_add(&f->app, &f->cust, &a, "long enough pw", &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_user_add(&f->app, &f->admin, &a, "short", &err), LD_ERR_INVALID);
	assert_int_equal(app_user_add(&f->app, &f->admin, &a, "long enough pw", &err), LD_OK);
}

static void test_cases_login_and_tokens(void **state)
{
	struct fx *f = *state;
	char token[APP_TOKEN_LEN + 1];
	struct app_actor who;
	struct ld_agent me;
	struct ld_err err;

	assert_int_equal(app_user_set_password(&f->app, NULL, f->agent1, "correct horse battery",
					       NULL, NULL, &err), LD_OK);
	assert_int_equal(app_login(&f->app, NULL, "A1@example.com", "wrong password!", token, NULL, &err),
			 LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_login(&f->app, NULL, "nobody@example.com", "whatever1234", token,
				   NULL, &err),
			 LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_login(&f->app, NULL, "A1@example.com", "correct horse battery", token,
				   &me, &err),
			 LD_OK);
	assert_int_equal(strlen(token), APP_TOKEN_LEN);
	assert_int_equal(me.id, f->agent1); /* the account, as read before the commit */
	assert_int_equal(me.role, LD_ROLE_AGENT);
	assert_int_equal(app_authenticate(&f->app, token, &who, &err), LD_OK);
	assert_int_equal(who.agent_id, f->agent1);
	assert_int_equal(who.role, LD_ROLE_AGENT);
	fake_now += 31 * 86400;
	assert_int_equal(app_authenticate(&f->app, token, &who, &err), LD_ERR_UNAUTHORIZED);
	fake_now -= 31 * 86400;
	/* a cached answer does not outlive a change of the account */
	struct ld_agent acct;
	assert_int_equal(app_authenticate(&f->app, token, &who, &err), LD_OK);
	assert_int_equal(app_agent_get(&f->app, NULL, f->agent1, &acct, &err), LD_OK);
	acct.active = false;
	assert_int_equal(app_agent_update(&f->app, NULL, &acct, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, token, &who, &err), LD_ERR_UNAUTHORIZED);
	/* reactivating revives no token: the account logs in afresh */
	acct.active = true;
	assert_int_equal(app_agent_update(&f->app, NULL, &acct, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, token, &who, &err), LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_logout(&f->app, NULL, token, &err), LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_login(&f->app, NULL, "a1@example.com", "correct horse battery", token,
				   NULL, &err),
			 LD_OK);
	assert_int_equal(app_authenticate(&f->app, token, &who, &err), LD_OK);
	assert_int_equal(app_logout(&f->app, NULL, token, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, token, &who, &err), LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&f->app, "zz", &who, &err), LD_ERR_UNAUTHORIZED);
}

/* Logs agent1 in with `password` and checks the token works (and is cached). */
static void login_ok(struct fx *f, const char *password, char token[APP_TOKEN_LEN + 1])
{
	struct app_actor who;
	struct ld_err err;

	assert_int_equal(app_login(&f->app, NULL, "a1@example.com", password, token, NULL, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, token, &who, &err), LD_OK);
	assert_int_equal(who.agent_id, f->agent1);
}

static void test_cases_password_change_ends_other_sessions(void **state)
{
	struct fx *f = *state;
	char laptop[APP_TOKEN_LEN + 1], phone[APP_TOKEN_LEN + 1], stolen[APP_TOKEN_LEN + 1];
	struct app_actor who;
	struct ld_err err;

	assert_int_equal(app_user_set_password(&f->app, NULL, f->agent1, "first password 1",
					       NULL, NULL, &err), LD_OK);
	login_ok(f, "first password 1", laptop);
	login_ok(f, "first password 1", phone);
	login_ok(f, "first password 1", stolen);

	/* Own account: the current password is asked for, and must be right. */
	assert_int_equal(app_user_set_password(&f->app, &f->agent, f->agent1, "second password 2",
					       NULL, laptop, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "required");
	assert_string_equal(err.field, "current_password");
	assert_int_equal(app_user_set_password(&f->app, &f->agent, f->agent1, "second password 2",
					       "not the password", laptop, &err),
			 LD_ERR_FORBIDDEN);
	assert_string_equal(err.code, "wrong_password");
	assert_string_equal(err.field, "current_password");
	assert_int_equal(app_authenticate(&f->app, phone, &who, &err), LD_OK);
	assert_int_equal(app_login(&f->app, NULL, "a1@example.com", "second password 2", phone,
				   NULL, &err),
			 LD_ERR_UNAUTHORIZED);
	login_ok(f, "first password 1", phone);

	/* Changed from the laptop: the laptop stays, every other session ends at once
	 * (their answers were cached a moment ago). */
	assert_int_equal(app_user_set_password(&f->app, &f->agent, f->agent1, "second password 2",
					       "first password 1", laptop, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, laptop, &who, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, phone, &who, &err), LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&f->app, stolen, &who, &err), LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_login(&f->app, NULL, "a1@example.com", "first password 1", phone,
				   NULL, &err),
			 LD_ERR_UNAUTHORIZED);
	login_ok(f, "second password 2", phone);

	/* A reset by an admin (no current password) ends all of them, the
	 * admin's token naming none of this account's sessions. */
	assert_int_equal(app_user_set_password(&f->app, &f->admin, f->agent1, "third password 3",
					       NULL, laptop, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, laptop, &who, &err), LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_authenticate(&f->app, phone, &who, &err), LD_ERR_UNAUTHORIZED);
	login_ok(f, "third password 3", laptop);

	/* So does the operator's CLI (the system), which asks for nothing. */
	assert_int_equal(app_user_set_password(&f->app, NULL, f->agent1, "fourth password 4",
					       NULL, NULL, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, laptop, &who, &err), LD_ERR_UNAUTHORIZED);
	login_ok(f, "fourth password 4", laptop);

	/* Another account's sessions are not touched. */
	assert_int_equal(app_user_set_password(&f->app, NULL, f->agent2, "agent two's own pw",
					       NULL, NULL, &err), LD_OK);
	assert_int_equal(app_authenticate(&f->app, laptop, &who, &err), LD_OK);
}

/* How many customers the store lists (a page of up to 10). */
static int count_customers(struct fx *f)
{
	struct ld_customer page[10];
	struct store_customer_query q = {.limit = 10};
	struct ld_err err;
	int n, i;

	assert_int_equal(app_customer_list(&f->app, NULL, &q, page, &n, &err), LD_OK);
	for (i = 0; i < n; i++)
		ld_customer_clear(&page[i]);
	return n;
}

static void test_cases_batch_rolls_back_whole(void **state)
{
	struct fx *f = *state;
	struct ld_customer c;
	struct ld_err err;

	assert_int_equal(app_batch_begin(&f->app, &err), LD_OK);
	memset(&c, 0, sizeof c);
	strcpy(c.name, "Batch One");
	c.preferred_channel = -1;
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_OK);
	assert_int_equal(app_batch_end(&f->app, false, &err), LD_ERR_CONFLICT);
	assert_int_equal(count_customers(f), 1); /* only the fixture's customer */
}

static void test_cases_batch_failed_write_undoes_only_itself(void **state)
{
	struct fx *f = *state;
	struct ld_customer c;
	struct ld_err err;

	assert_int_equal(app_batch_begin(&f->app, &err), LD_OK);
	memset(&c, 0, sizeof c);
	strcpy(c.name, "Batch Two");
	strcpy(c.email, "two@example.com");
	c.preferred_channel = -1;
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_OK);
	c.id = 0;
	strcpy(c.name, "Batch Two Again");
	/* same e-mail: the store refuses it, and only it */
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_ERR_CONFLICT);
	c.id = 0;
	strcpy(c.email, "three@example.com");
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_OK);
	assert_int_equal(app_batch_end(&f->app, true, &err), LD_OK);
	assert_int_equal(count_customers(f), 3); /* fixture's customer + two */
}

/* The store's effort aggregates equal the sums over the cases themselves. */
static void assert_totals_match(struct fx *f, const struct store_effort_filter *flt)
{
	struct store_case_query q = {.status = -1, .limit = 200};
	struct rollup_effort t;
	struct ld_case page[200];
	struct ld_err err;
	int64_t cases = 0, contacts = 0, transfers = 0, high = 0, switch_cases = 0, web_phone = 0;
	int n;

	assert_int_equal(app_case_list(&f->app, NULL, &q, page, &n, &err), LD_OK);
	for (int i = 0; i < n; i++) {
		const struct ld_case *c = &page[i];
		if (c->merged_into_id != 0)
			continue;
		if (flt->team_id != 0 && c->team_id != flt->team_id)
			continue;
		if (flt->channel >= 0 && c->first_channel != flt->channel)
			continue;
		cases++;
		contacts += c->effort.contacts;
		transfers += c->effort.transfers;
		high += c->effort_band == EFFORT_HIGH;
		switch_cases += c->effort.channel_switches > 0;
		web_phone += c->effort.web_phone_switches > 0;
	}
	assert_int_equal(STORE_CALL(f->store, effort_totals, flt, &t, &err), LD_OK);
	assert_int_equal(t.cases, cases);
	assert_int_equal(t.contacts, contacts);
	assert_int_equal(t.transfers, transfers);
	assert_int_equal(t.high_cases, high);
	assert_int_equal(t.switch_cases, switch_cases);
	assert_int_equal(t.web_phone_cases, web_phone);
}

static void test_cases_effort_aggregates_follow_every_write(void **state)
{
	struct fx *f = *state;
	struct store_effort_filter all = {.channel = -1}, team_b = {.team_id = f->team_b,
								   .channel = -1},
				   web = {.channel = LD_CH_WEB};
	struct app_interaction_in in;
	struct app_case_patch p;
	struct ld_case a, b, c;
	struct ld_err err;

	open_case(f, LD_CH_WEB, f->agent1, &a);
	open_case(f, LD_CH_EMAIL, f->agent1, &b);
	open_case(f, LD_CH_WEB, 0, &c);
	assert_totals_match(f, &all);
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, a.id, &in, NULL, &a, &err), LD_OK);
	assert_int_equal(a.effort.web_phone_switches, 1);
	/* transfer to team B moves case a to team B's bucket */
	assert_int_equal(app_case_transfer(&f->app, &f->agent, a.id, f->agent2, 0, NULL, &a, &err),
			 LD_OK);
	in = contact(LD_CH_PHONE, LD_DIR_IN, f->agent2);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, a.id, &in, NULL, &a, &err), LD_OK);
	assert_int_equal(a.effort_band, EFFORT_HIGH);
	assert_totals_match(f, &all);
	assert_totals_match(f, &team_b);
	assert_totals_match(f, &web);
	memset(&p, 0, sizeof p);
	p.has_status = true;
	p.status = LD_ST_RESOLVED;
	assert_int_equal(app_case_update(&f->app, &f->agent, b.id, &p, &b, &err), LD_OK);
	/* merge c into b: c's contribution leaves, b's grows */
	assert_int_equal(app_case_merge(&f->app, &f->agent, c.id, b.id, &b, &err), LD_OK);
	assert_totals_match(f, &all);
	assert_totals_match(f, &web);
	struct rollup_effort t;
	assert_int_equal(STORE_CALL(f->store, effort_totals, &all, &t, &err), LD_OK);
	assert_int_equal(t.cases, 2);
	assert_int_equal(t.high_cases, 1);
	assert_int_equal(t.web_phone_cases, 1);
	/* a window before everything covers nothing */
	struct store_effort_filter past = {.from = 86400, .to = 2 * 86400, .channel = -1};
	assert_int_equal(STORE_CALL(f->store, effort_totals, &past, &t, &err), LD_OK);
	assert_int_equal(t.cases, 0);
}

/* ---- what a customer account may see and set; contacts that cannot be ---- */

static void test_cases_customer_record_without_staff_notes(void **state)
{
	struct fx *f = *state;
	struct ld_customer c = {0};
	struct ld_err err;

	assert_int_equal(app_customer_get(&f->app, &f->agent, f->customer, &c, &err), LD_OK);
	c.notes = strdup("Asked twice for a manager; handle with care");
	assert_int_equal(app_customer_update(&f->app, &f->agent, &c, &err), LD_OK);
	ld_customer_clear(&c);

	assert_int_equal(app_customer_get(&f->app, &f->cust, f->customer, &c, &err), LD_OK);
	assert_string_equal(c.name, "Antonín Dvořák");
	assert_null(c.notes);
	ld_customer_clear(&c);
	assert_int_equal(app_customer_get(&f->app, &f->agent, f->customer, &c, &err), LD_OK);
	assert_string_equal(c.notes, "Asked twice for a manager; handle with care");
	ld_customer_clear(&c);
}

static void test_cases_customer_cannot_set_staff_fields(void **state)
{
	struct fx *f = *state;
	struct app_case_open_in in;
	struct app_interaction_in it;
	struct ld_case c, mine;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_EMAIL, 0, &mine);

	memset(&in, 0, sizeof in);
	in.customer_id = f->customer;
	in.subject = "Urgent, since 2020";
	in.category = -1;
	in.priority = LD_PRIO_URGENT;
	in.first = contact(LD_CH_WEB, LD_DIR_IN, 0);
	in.first.started_at = 1577869200; /* 2020-01-01T09:00:00Z */
	assert_int_equal(app_case_open(&f->app, &f->cust, &in, &c, &err), LD_ERR_FORBIDDEN);
	assert_string_equal(err.code, "field_forbidden");
	assert_string_equal(err.field, "priority");
	in.priority = -1;
	assert_int_equal(app_case_open(&f->app, &f->cust, &in, &c, &err), LD_ERR_FORBIDDEN);
	assert_string_equal(err.field, "started_at");
	in.first.started_at = 0;
	in.team_id = f->team_a;
	assert_int_equal(app_case_open(&f->app, &f->cust, &in, &c, &err), LD_ERR_FORBIDDEN);
	assert_string_equal(err.code, "field_forbidden");
	assert_string_equal(err.field, "team_id");
	in.team_id = 0;
	in.owner_id = f->agent1;
	assert_int_equal(app_case_open(&f->app, &f->cust, &in, &c, &err), LD_ERR_FORBIDDEN);
	assert_string_equal(err.code, "field_forbidden");
	assert_string_equal(err.field, "owner_id");
	in.owner_id = 0;

	it = contact(LD_CH_WEB, LD_DIR_IN, 0);
	it.sentiment = 0.9;
	assert_int_equal(app_interaction_add(&f->app, &f->cust, id, &it, NULL, &c, &err),
			 LD_ERR_FORBIDDEN);
	assert_string_equal(err.code, "field_forbidden");
	assert_string_equal(err.field, "sentiment");
	it.sentiment = NAN;
	it.agent_id = f->agent1;
	assert_int_equal(app_interaction_add(&f->app, &f->cust, id, &it, NULL, &c, &err),
			 LD_ERR_FORBIDDEN);
	assert_string_equal(err.code, "field_forbidden");
	assert_string_equal(err.field, "agent_id");
	it.agent_id = 0;
	it.facility_id = 1;
	assert_int_equal(app_interaction_add(&f->app, &f->cust, id, &it, NULL, &c, &err),
			 LD_ERR_FORBIDDEN);
	assert_string_equal(err.field, "facility_id");
	it.facility_id = 0;
	it.started_at = fake_now - 3600;
	assert_int_equal(app_interaction_add(&f->app, &f->cust, id, &it, NULL, &c, &err),
			 LD_ERR_FORBIDDEN);
	assert_string_equal(err.field, "started_at");
	assert_int_equal(app_case_get(&f->app, NULL, id, &c, &err), LD_OK);
	assert_int_equal(c.version, mine.version);

	/* without them: served, now, at normal priority */
	it.started_at = 0;
	assert_int_equal(app_interaction_add(&f->app, &f->cust, id, &it, NULL, &c, &err), LD_OK);
	assert_int_equal(app_case_open(&f->app, &f->cust, &in, &c, &err), LD_OK);
	assert_int_equal(c.priority, LD_PRIO_NORMAL);
	assert_int_equal(c.created_at, fake_now);
}

static void test_cases_interaction_out_carries_body(void **state)
{
	struct fx *f = *state;
	struct app_interaction_in in;
	struct ld_interaction it;
	struct ld_case c;
	struct ld_err err;
	char body[32];
	int64_t id = open_case(f, LD_CH_EMAIL, f->agent1, &c);

	in = contact(LD_CH_EMAIL, LD_DIR_OUT, f->agent1);
	snprintf(body, sizeof body, "We refunded you.");
	in.body = body;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &in, &it, &c, &err), LD_OK);
	/* the caller's own copy: the input may go away */
	body[0] = 'X';
	assert_non_null(it.body);
	assert_string_equal(it.body, "We refunded you.");
	assert_true(it.id > 0);
	ld_interaction_clear(&it);
	in.body = "";
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &in, &it, &c, &err), LD_OK);
	assert_null(it.body); /* stored as none */
	ld_interaction_clear(&it);
}

static void test_cases_refuse_future_and_contradictory_contacts(void **state)
{
	struct fx *f = *state;
	struct app_case_open_in in;
	struct app_interaction_in it;
	struct ld_case c, before;
	struct ld_err err;
	int64_t id = open_case(f, LD_CH_EMAIL, f->agent1, &before);

	it = contact(LD_CH_EMAIL, LD_DIR_IN, f->agent1);
	it.kind = LD_IK_VISIT;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &it, NULL, &c, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_combination");
	assert_string_equal(err.field, "kind");
	it = contact(LD_CH_VISIT, LD_DIR_IN, f->agent1);
	it.kind = LD_IK_CALL;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &it, NULL, &c, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.field, "kind");
	it = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	it.started_at = fake_now + APP_FUTURE_SKEW_S + 1;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &it, NULL, &c, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "future_time");
	assert_string_equal(err.field, "started_at");
	assert_int_equal(app_case_get(&f->app, NULL, id, &c, &err), LD_OK);
	assert_int_equal(c.version, before.version);
	assert_int_equal(c.effort.contacts, 1);

	/* a case opens the same way */
	memset(&in, 0, sizeof in);
	in.customer_id = f->customer;
	in.subject = "Contradiction";
	in.category = -1;
	in.priority = -1;
	in.first = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	in.first.kind = LD_IK_MESSAGE;
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_combination");
	assert_string_equal(err.field, "kind");
	in.first.kind = LD_IK_CALL;
	in.first.started_at = fake_now + 86400;
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "started_at");

	/* the clock's drift is allowed; the right kind on the right channel too */
	in.first.started_at = fake_now + APP_FUTURE_SKEW_S;
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_OK);
	it = contact(LD_CH_VISIT, LD_DIR_IN, f->agent1);
	it.kind = LD_IK_VISIT;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, id, &it, NULL, &c, &err), LD_OK);
}

/* An import puts a case where the source had it, without a row of its own. */
static void test_cases_restore_assignment(void **state)
{
	struct fx *f = *state;
	struct ld_interaction its[8];
	struct ld_case c, got;
	struct ld_err err;
	int n = 0;

	open_case(f, LD_CH_EMAIL, 0, &c);
	assert_int_equal(c.status, LD_ST_NEW);
	assert_int_equal(app_case_restore_assignment(&f->app, &f->admin, c.id, f->agent2, f->team_b,
						     &got, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_case_restore_assignment(&f->app, NULL, c.id, f->agent2, f->team_b,
						     &got, &err),
			 LD_OK);
	assert_int_equal(got.owner_id, f->agent2);
	assert_int_equal(got.team_id, f->team_b);
	assert_int_equal(got.status, LD_ST_OPEN); /* as an assignment opens a new case */
	assert_int_equal(got.effort.transfers, 0);
	assert_int_equal(app_case_get(&f->app, NULL, c.id, &got, &err), LD_OK);
	assert_int_equal(got.owner_id, f->agent2);
	assert_int_equal(got.version, c.version + 1);
	/* to no one and no team: still no row */
	assert_int_equal(app_case_restore_assignment(&f->app, NULL, c.id, 0, 0, &got, &err), LD_OK);
	assert_int_equal(got.owner_id, 0);
	assert_int_equal(got.team_id, 0);
	assert_int_equal(got.status, LD_ST_OPEN);
	assert_int_equal(app_case_interactions(&f->app, NULL, c.id, 0, 8, its, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	ld_interaction_clear(&its[0]);
	/* nothing to change: no write */
	assert_int_equal(app_case_restore_assignment(&f->app, NULL, c.id, 0, 0, &got, &err), LD_OK);
	assert_int_equal(app_case_get(&f->app, NULL, c.id, &c, &err), LD_OK);
	assert_int_equal(c.version, got.version);
	/* the targets must exist */
	assert_int_equal(app_case_restore_assignment(&f->app, NULL, c.id, 999, 0, &got, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_equal(app_case_restore_assignment(&f->app, NULL, c.id, 0, 999, &got, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "team_not_found");
	assert_int_equal(app_case_restore_assignment(&f->app, NULL, 999, 0, 0, &got, &err),
			 LD_ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cases_open_counts_first_contact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_switch_transfer_reexplain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_transfer_rejects_bad_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_transfer_of_unowned_case_is_assignment, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_assignment_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_cases_first_write_of_a_context_without_customer_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_resolve_then_customer_writes_reopens, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_repeat_case_within_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_merge_moves_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_customer_sees_only_own, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_rejects_bad_input_without_writing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_sla_business_hours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_roles_on_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_login_and_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_password_change_ends_other_sessions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_batch_rolls_back_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_effort_aggregates_follow_every_write, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_batch_failed_write_undoes_only_itself, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_customer_record_without_staff_notes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_customer_cannot_set_staff_fields, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_interaction_out_carries_body, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cases_refuse_future_and_contradictory_contacts,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases_restore_assignment, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
