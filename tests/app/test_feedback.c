/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of claims and compliments: a claim filed by an agent opens a
 * complaint in the department's queue with the customer's words as its
 * first contact, cannot be resolved before it is answered, and reads open →
 * answered → resolved; a claim on an existing case makes that case the
 * claim's; a compliment opens no case and is credited to the agent's team;
 * the portal files the customer's own and no one else's; the public form
 * finds or makes the customer by address and stops after its limit; lists
 * filter by subject (any case, any accents), target and period; only
 * managers credit and count; an erasure blanks the words and keeps the count.
 */
#include "fixture.h"

#include "app/feedback.h"

static struct app_feedback_in claim_in(struct fx *f)
{
	return (struct app_feedback_in){
		.kind = LD_FB_CLAIM, .customer_id = f->customer, .subject = "Účet stržen dvakrát",
		.text = "Platba prošla dvakrát, chci peníze zpět.", .team_id = f->team_a,
		.channel = -1,
	};
}

static void test_claim_opens_a_complaint_that_must_be_answered(void **state)
{
	struct fx *f = *state;
	struct app_feedback_in in = claim_in(f);
	struct app_case_patch resolve = { .has_status = true, .status = LD_ST_RESOLVED };
	struct ld_interaction rows[4];
	struct ld_feedback fb, got;
	struct ld_case c;
	struct ld_err err;
	int n = 0;

	if (app_feedback_file(&f->app, &f->agent, &in, &fb, &err) != LD_OK)
		fail_msg("file: %s %s", err.code, err.message);
	assert_int_equal(fb.kind, LD_FB_CLAIM);
	assert_int_equal(fb.source, LD_FBS_AGENT);
	assert_int_equal(fb.filed_by, f->agent1);
	assert_string_equal(fb.language, "cs"); /* the customer's */
	assert_string_equal(feedback_claim_state(&fb), "open");
	assert_int_equal(app_case_get(&f->app, &f->agent, fb.case_id, &c, &err), LD_OK);
	assert_int_equal(c.category, LD_CAT_COMPLAINT);
	assert_int_equal(c.team_id, f->team_a);
	assert_int_equal(c.first_channel, LD_CH_PHONE); /* an agent took it on the phone */
	assert_int_equal(app_case_interactions(&f->app, &f->agent, c.id, 0, 4, rows, &n, &err),
			 LD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].body, in.text);
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&rows[i]);

	/* Not resolved in silence. */
	assert_int_equal(app_case_update(&f->app, &f->agent, c.id, &resolve, &c, &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "claim_unanswered");
	struct app_interaction_in reply = contact(LD_CH_EMAIL, LD_DIR_OUT, f->agent1);
	struct ld_interaction it;
	fake_now += 600;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, c.id, &reply, &it, &c, &err), LD_OK);
	ld_interaction_clear(&it);
	assert_int_equal(app_feedback_get(&f->app, &f->agent, LD_FB_CLAIM, fb.id, &got, &err), LD_OK);
	assert_string_equal(feedback_claim_state(&got), "answered");
	assert_int_equal(app_case_update(&f->app, &f->agent, c.id, &resolve, &c, &err), LD_OK);
	assert_int_equal(app_feedback_get(&f->app, &f->agent, LD_FB_CLAIM, fb.id, &got, &err), LD_OK);
	assert_string_equal(feedback_claim_state(&got), "resolved");
	assert_false(feedback_claim_overdue(&got, fake_now));
	assert_int_equal(count_audit(f, "claim.create"), 1);

	/* A compliment's id is no claim's. */
	assert_int_equal(app_feedback_get(&f->app, &f->agent, LD_FB_COMPLIMENT, fb.id, &got, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "compliment_not_found");
}

static void test_claim_on_an_existing_case(void **state)
{
	struct fx *f = *state;
	struct app_feedback_in in = claim_in(f);
	struct ld_feedback fb;
	struct ld_case c, web;
	struct ld_err err;

	int64_t id = open_case(f, LD_CH_WEB, 0, &web);
	in.case_id = id;
	in.team_id = f->team_b;
	in.text = NULL; /* what they wrote is on the case already */
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_OK);
	assert_int_equal(fb.case_id, id);
	assert_int_equal(app_case_get(&f->app, &f->agent, id, &c, &err), LD_OK);
	assert_int_equal(c.category, LD_CAT_COMPLAINT);
	assert_int_equal(c.team_id, f->team_b); /* moved to the department named */
	assert_int_equal(c.effort.contacts, 1); /* nothing added */

	/* Another customer's case is none of theirs. */
	struct ld_customer other = { 0 };
	strcpy(other.name, "Jiný zákazník");
	other.preferred_channel = -1;
	assert_int_equal(app_customer_create(&f->app, NULL, &other, &err), LD_OK);
	in.customer_id = other.id;
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "case_not_found");
	ld_customer_clear(&other);
}

static void test_compliment_credited_and_counted(void **state)
{
	struct fx *f = *state;
	struct app_feedback_in in = {
		.kind = LD_FB_COMPLIMENT, .customer_id = f->customer, .subject = "Skvělá pomoc",
		.text = "Paní na telefonu mi hned poradila.", .agent_id = f->agent2, .channel = -1,
	};
	struct app_feedback_report r;
	struct ld_feedback fb;
	struct ld_case c;
	struct ld_err err;

	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_OK);
	assert_int_equal(fb.case_id, 0);
	assert_int_equal(fb.team_id, f->team_b); /* the agent's team */
	assert_string_equal(fb.text, in.text);
	assert_int_equal(app_case_get(&f->app, &f->agent, 1, &c, &err), LD_ERR_NOT_FOUND);

	struct app_feedback_in claim = claim_in(f);
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &claim, &fb, &err), LD_OK);

	assert_int_equal(app_feedback_report(&f->app, &f->admin, APP_FB_BY_TEAM, 0, 0, &r, &err),
			 LD_OK);
	assert_int_equal(r.total.claims, 1);
	assert_int_equal(r.total.claims_open, 1);
	assert_int_equal(r.total.compliments, 1);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.items[0].target_id, f->team_a);
	assert_int_equal(r.items[0].claims, 1);
	assert_int_equal(r.items[1].target_id, f->team_b);
	assert_int_equal(r.items[1].compliments, 1);
	app_feedback_report_free(&r);
	assert_int_equal(app_feedback_report(&f->app, &f->admin, APP_FB_BY_AGENT, 0, 0, &r, &err),
			 LD_OK);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.items[0].target_id, f->agent2);
	assert_int_equal(r.items[1].target_id, 0); /* the claim named no agent: last */
	app_feedback_report_free(&r);
	/* Without an SLA policy a claim has no target, so it is never overdue
	 * (core/feedback.c feedback_claim_overdue, tested in tests/core). */
	fake_now += 60 * 86400;
	assert_int_equal(app_feedback_report(&f->app, &f->admin, APP_FB_BY_TEAM, 0, 0, &r, &err),
			 LD_OK);
	assert_int_equal(r.total.claims_overdue, 0);
	app_feedback_report_free(&r);
	assert_int_equal(app_feedback_report(&f->app, &f->agent, APP_FB_BY_TEAM, 0, 0, &r, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_feedback_report(&f->app, &f->admin, APP_FB_BY_COUNT, 0, 0, &r, &err),
			 LD_ERR_INVALID);

	/* Crediting is a manager's: an agent may not move the praise to themselves. */
	struct app_feedback_patch p = { .has_agent = true, .agent_id = f->agent1 };
	struct ld_feedback moved;
	assert_int_equal(app_feedback_update(&f->app, &f->agent, LD_FB_COMPLIMENT, 1, &p, &moved,
					     &err), LD_ERR_FORBIDDEN);
	p.has_team = true; /* team 0: taken from the agent again */
	assert_int_equal(app_feedback_update(&f->app, &f->admin, LD_FB_COMPLIMENT, 1, &p, &moved,
					     &err), LD_OK);
	assert_int_equal(moved.agent_id, f->agent1);
	assert_int_equal(moved.team_id, f->team_a);
	struct app_feedback_patch none = { .has_agent = true, .has_team = true };
	assert_int_equal(app_feedback_update(&f->app, &f->admin, LD_FB_COMPLIMENT, 1, &none, &moved,
					     &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "target_required");
}

static void test_portal_and_public_form(void **state)
{
	struct fx *f = *state;
	struct app_feedback_in in = claim_in(f);
	struct ld_feedback fb, rows[4];
	struct ld_case c;
	struct ld_err err;
	int n = 0;

	/* The portal: their own; no channel, no one else's. */
	in.customer_id = 0;
	assert_int_equal(app_feedback_file(&f->app, &f->cust, &in, &fb, &err), LD_OK);
	assert_int_equal(fb.source, LD_FBS_PORTAL);
	assert_int_equal(fb.customer_id, f->customer);
	assert_int_equal(fb.filed_by, 0);
	assert_int_equal(app_case_get(&f->app, &f->agent, fb.case_id, &c, &err), LD_OK);
	assert_int_equal(c.team_id, f->team_a); /* the claim's queue, which a customer cannot pick */
	assert_int_equal(c.first_channel, LD_CH_WEB);
	in.customer_id = f->customer + 100; /* another customer is nobody they know */
	assert_int_equal(app_feedback_file(&f->app, &f->cust, &in, &fb, &err), LD_ERR_NOT_FOUND);
	in.customer_id = 0;
	in.channel = LD_CH_PHONE;
	assert_int_equal(app_feedback_file(&f->app, &f->cust, &in, &fb, &err), LD_ERR_FORBIDDEN);

	/* The public form: the customer with that address, else a new one. */
	struct app_feedback_in form = {
		.kind = LD_FB_COMPLIMENT, .public_form = true, .email = "ANTONIN@example.cz",
		.subject = "Díky", .text = "Vše vyřízeno na pobočce.", .team_id = f->team_b,
		.channel = -1, .address = "192.0.2.7",
	};
	assert_int_equal(app_feedback_file(&f->app, NULL, &form, &fb, &err), LD_OK);
	assert_int_equal(fb.customer_id, f->customer);
	assert_int_equal(fb.source, LD_FBS_FORM);
	form.email = "nova@example.com";
	form.name = "Jana Nová";
	assert_int_equal(app_feedback_file(&f->app, NULL, &form, &fb, &err), LD_OK);
	assert_true(fb.customer_id != f->customer);
	/* Knowing someone's address is no way into their cases. */
	struct ld_case mine;
	form.kind = LD_FB_CLAIM;
	form.case_id = open_case(f, LD_CH_WEB, 0, &mine);
	assert_int_equal(app_feedback_file(&f->app, NULL, &form, &fb, &err), LD_ERR_FORBIDDEN);
	assert_string_equal(err.field, "case_id");
	assert_int_equal(app_case_get(&f->app, &f->agent, form.case_id, &c, &err), LD_OK);
	assert_int_equal(c.category, LD_CAT_PROBLEM); /* untouched */
	form.kind = LD_FB_COMPLIMENT;
	form.case_id = 0;
	form.email = NULL;
	assert_int_equal(app_feedback_file(&f->app, NULL, &form, &fb, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "email");
	form.email = "nova@example.com";
	form.team_id = 0; /* about nobody */
	assert_int_equal(app_feedback_file(&f->app, NULL, &form, &fb, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "target_required");
	form.team_id = f->team_b;
	ld_status rc = LD_OK;
	for (int i = 0; i < 10 && rc == LD_OK; i++)
		rc = app_feedback_file(&f->app, NULL, &form, &fb, &err);
	assert_int_equal(rc, LD_ERR_TOO_MANY);
	assert_true(err.retry_after_s > 0);
	form.address = "192.0.2.8"; /* another address is not held back */
	assert_int_equal(app_feedback_file(&f->app, NULL, &form, &fb, &err), LD_OK);

	/* The customer lists their own only; staff filter by subject. */
	struct store_feedback_query q = { .kind = LD_FB_COMPLIMENT, .limit = 4 };
	assert_int_equal(app_feedback_list(&f->app, &f->cust, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].customer_id, f->customer);
	q.kind = LD_FB_CLAIM;
	q.subject = "UCET STRZEN";
	assert_int_equal(app_feedback_list(&f->app, &f->agent, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	q.subject = "vrácení";
	assert_int_equal(app_feedback_list(&f->app, &f->agent, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 0);
	q.subject = NULL;
	q.team_id = f->team_b;
	assert_int_equal(app_feedback_list(&f->app, &f->agent, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 0);
	q.team_id = 0;
	q.from = fake_now + 1;
	assert_int_equal(app_feedback_list(&f->app, &f->agent, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 0);
	q.from = 0;
	q.customer_id = f->customer + 1;
	assert_int_equal(app_feedback_list(&f->app, &f->cust, &q, rows, &n, &err), LD_ERR_NOT_FOUND);
}

static void test_bad_input(void **state)
{
	struct fx *f = *state;
	struct app_feedback_in in = claim_in(f);
	struct ld_feedback fb;
	struct ld_err err;
	char long_text[LD_FEEDBACK_TEXT_MAX + 2];

	in.subject = "two\nlines";
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_ERR_INVALID);
	in = claim_in(f);
	in.text = "";
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "text");
	in = claim_in(f);
	in.agent_id = 999;
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_ERR_NOT_FOUND);
	in = claim_in(f);
	in.facility_id = 999;
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "facility_not_found");
	in = claim_in(f);
	in.channel = LD_CH_BOT;
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_ERR_INVALID);
	in = claim_in(f);
	in.customer_id = 0;
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &in, &fb, &err), LD_ERR_INVALID);
	memset(long_text, 'a', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	struct app_feedback_in c = { .kind = LD_FB_COMPLIMENT, .customer_id = f->customer,
				     .subject = "Díky", .text = long_text, .team_id = f->team_a,
				     .channel = -1 };
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &c, &fb, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "text");
	/* Nothing of those was kept. */
	struct store_feedback_query q = { .kind = -1, .limit = 4 };
	struct ld_feedback rows[4];
	int n = 0;
	assert_int_equal(app_feedback_list(&f->app, &f->admin, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_claim_opens_a_complaint_that_must_be_answered,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_claim_on_an_existing_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compliment_credited_and_counted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_portal_and_public_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
