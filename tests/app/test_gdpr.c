/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Personal data as use cases (app/gdpr.c): the export holds the customer's
 * rows, the erasure removes every text and leaves every figure, erasing
 * twice changes nothing more, only admins may, a reason may not name the
 * person, and the retention sweep removes the texts of old closed cases
 * only. The fixture's teardown recomputes every figure from the rows
 * (loyaldesk check): an erasure or a sweep that moved one fails there too.
 */
#include "fixture.h"

#include "app/reports.h"
#include "app/surveys.h"

#define MONTH_S (31 * 86400)

/* A resolved case with two contacts, a transfer note, and an answered,
 * commented NPS survey that opened a follow-up with a note. */
static int64_t history(struct fx *f, struct ld_case *c)
{
	struct app_case_patch patch = { 0 };
	struct app_interaction_in in = contact(LD_CH_EMAIL, LD_DIR_OUT, f->agent1);
	struct app_survey_new sn = { .kind = LD_SURVEY_NPS, .customer_id = f->customer };
	struct app_survey_created sc;
	struct app_survey_answer ans = { .score = 3, .comment = "Jana's comment" };
	struct ld_survey sv;
	struct ld_followup task;
	struct ld_customer cust;
	struct ld_err err;

	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &cust, &err), LD_OK);
	cust.consent = true;
	assert_int_equal(app_customer_update(&f->app, NULL, &cust, &err), LD_OK);
	ld_customer_clear(&cust);
	open_case(f, LD_CH_WEB, f->agent1, c);
	fake_now += 60;
	in.body = "reply to Antonín";
	assert_int_equal(app_interaction_add(&f->app, &f->agent, c->id, &in, NULL, c, &err), LD_OK);
	fake_now += 60;
	assert_int_equal(app_case_transfer(&f->app, &f->agent, c->id, f->agent2, 0,
					   "handover about Antonín", c, &err), LD_OK);
	fake_now += 60;
	patch.has_status = true;
	patch.status = LD_ST_RESOLVED;
	assert_int_equal(app_case_update(&f->app, &f->agent, c->id, &patch, c, &err), LD_OK);
	sn.case_id = c->id;
	memset(&sc, 0, sizeof sc);
	assert_int_equal(app_survey_create(&f->app, &f->agent, &sn, &sc, &err), LD_OK);
	fake_now += 60;
	assert_int_equal(app_survey_answer(&f->app, NULL, sc.token, &ans, &sv, &task, &err), LD_OK);
	assert_true(task.id > 0);
	ld_survey_clear(&sv);
	ld_survey_clear(&sc.survey);
	fake_now += 60;
	return c->id;
}

static void reports(struct fx *f, struct app_effort_report *effort, int64_t hist[11])
{
	struct app_report_filter rf;
	struct ld_err err;

	memset(&rf, 0, sizeof rf);
	rf.channel = -1;
	rf.origin = -1;
	memset(effort, 0, sizeof *effort);
	assert_int_equal(app_report_effort(&f->app, NULL, &rf, effort, &err), LD_OK);
	(void)hist;
}

static void test_gdpr_erase_keeps_figures(void **state)
{
	struct fx *f = *state;
	struct app_effort_report before, after;
	struct app_gdpr_erasure e;
	struct app_gdpr_export x;
	struct app_check_result res;
	struct ld_customer cust;
	struct ld_agent login;
	struct ld_case c;
	struct ld_err err;

	history(f, &c);
	reports(f, &before, NULL);
	assert_int_equal(app_gdpr_erase(&f->app, &f->admin, f->customer, "art. 17 request", &e,
					&err), LD_OK);
	assert_false(e.already_erased);
	assert_int_equal(e.erased_at, fake_now);
	assert_int_equal(e.accounts, 1);
	assert_int_equal(e.removed.cases, 1);
	assert_int_equal(e.removed.subjects, 1);
	assert_int_equal(e.removed.comments, 1);
	assert_int_equal(e.removed.messages, 1);
	assert_true(e.removed.contacts >= 3);
	assert_true(e.removed.audit_details >= 1);
	assert_true(e.compacted);
	reports(f, &after, NULL);
	assert_memory_equal(&before, &after, sizeof before);

	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &cust, &err), LD_OK);
	assert_string_equal(cust.email, "");
	assert_string_equal(cust.phone, "");
	assert_null(cust.notes);
	assert_false(cust.consent);
	assert_int_equal(cust.erased_at, fake_now);
	assert_non_null(strstr(cust.name, "erased customer #"));
	ld_customer_clear(&cust);
	assert_int_equal(app_agent_get(&f->app, NULL, f->cust.agent_id, &login, &err), LD_OK);
	assert_false(login.active);
	assert_non_null(strstr(login.email, "@erased.invalid"));

	/* Nothing of the person in what the desk would export now. */
	assert_int_equal(app_gdpr_export(&f->app, &f->admin, f->customer, &x, &err), LD_OK);
	assert_int_equal(x.n_cases, 1);
	assert_string_equal(x.cases[0].c.subject, "");
	for (size_t i = 0; i < x.cases[0].n_contacts; i++)
		assert_null(x.cases[0].contacts[i].body);
	for (size_t i = 0; i < x.n_surveys; i++)
		assert_null(x.surveys[i].comment);
	for (size_t i = 0; i < x.n_followups; i++)
		assert_string_equal(x.followups[i].note, "");
	for (size_t i = 0; i < x.n_audit; i++)
		if (strcmp(x.audit[i].action, "customer.erase") != 0 &&
		    strcmp(x.audit[i].action, "customer.export") != 0)
			assert_null(x.audit[i].detail);
	app_gdpr_export_free(&x);

	assert_int_equal(app_check(&f->app, NULL, false, NULL, NULL, &res, &err), LD_OK);
	assert_int_equal(res.differences, 0);
	assert_int_equal(res.audit_breaks, 0);
}

static void test_gdpr_erase_twice(void **state)
{
	struct fx *f = *state;
	struct app_gdpr_erasure e;
	struct ld_customer c = { 0 };
	struct ld_case kase;
	struct ld_err err;
	int64_t first;

	history(f, &kase);
	assert_int_equal(app_gdpr_erase(&f->app, NULL, f->customer, NULL, &e, &err), LD_OK);
	first = e.erased_at;
	fake_now += 3600;
	assert_int_equal(app_gdpr_erase(&f->app, NULL, f->customer, NULL, &e, &err), LD_OK);
	assert_true(e.already_erased);
	assert_int_equal(e.erased_at, first);
	assert_int_equal(e.accounts, 0);
	assert_int_equal(e.removed.contacts + e.removed.comments + e.removed.notes +
				 e.removed.messages + e.removed.audit_details + e.removed.cases,
			 0);
	/* An erased record is not written again. */
	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &c, &err), LD_OK);
	snprintf(c.name, sizeof c.name, "Back Again");
	assert_int_equal(app_customer_update(&f->app, &f->agent, &c, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "customer_erased");
	ld_customer_clear(&c);
}

static void test_gdpr_admins_only(void **state)
{
	struct fx *f = *state;
	struct app_gdpr_erasure e;
	struct app_gdpr_export x;
	struct app_gdpr_retention r;
	struct app_actor manager = { .agent_id = f->agent2, .role = LD_ROLE_MANAGER };
	struct ld_err err;

	assert_int_equal(app_gdpr_export(&f->app, &f->agent, f->customer, &x, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_gdpr_export(&f->app, &f->cust, f->customer, &x, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_gdpr_erase(&f->app, &manager, f->customer, NULL, &e, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_gdpr_retention(&f->app, &f->agent, 1, true, &r, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_gdpr_export(&f->app, &f->admin, 9999, &x, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "customer_not_found");
	assert_int_equal(app_gdpr_erase(&f->app, &f->admin, 9999, NULL, &e, &err),
			 LD_ERR_NOT_FOUND);
}

static void test_gdpr_reason(void **state)
{
	struct fx *f = *state;
	struct app_gdpr_erasure e;
	struct ld_customer c;
	char long_reason[APP_GDPR_REASON_MAX + 2];
	struct ld_err err;

	/* Folded: "dvorak" names "Dvořák", "ANTONIN@example.cz" the e-mail. */
	assert_int_equal(app_gdpr_erase(&f->app, NULL, f->customer, "asked by Mr dvorak", &e,
					&err), LD_ERR_INVALID);
	assert_string_equal(err.code, "reason_names_customer");
	assert_int_equal(app_gdpr_erase(&f->app, NULL, f->customer, "mail from ANTONIN@example.cz",
					&e, &err), LD_ERR_INVALID);
	memset(long_reason, 'x', sizeof long_reason - 1);
	long_reason[sizeof long_reason - 1] = '\0';
	assert_int_equal(app_gdpr_erase(&f->app, NULL, f->customer, long_reason, &e, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "too_long");
	/* Refused: nothing was erased. */
	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &c, &err), LD_OK);
	assert_int_equal(c.erased_at, 0);
	assert_string_equal(c.name, "Antonín Dvořák");
	ld_customer_clear(&c);
}

static void test_gdpr_export_holds_everything(void **state)
{
	struct fx *f = *state;
	struct app_gdpr_export x;
	struct ld_case c;
	struct ld_err err;
	int64_t exports = 0;
	bool found_transfer_note = false;

	history(f, &c);
	assert_int_equal(app_gdpr_export(&f->app, NULL, f->customer, &x, &err), LD_OK);
	assert_string_equal(x.customer.name, "Antonín Dvořák");
	assert_int_equal(x.n_accounts, 1);
	assert_int_equal(x.accounts[0].id, f->cust.agent_id);
	assert_int_equal(x.n_cases, 1);
	assert_string_equal(x.cases[0].c.subject, "Invoice is wrong");
	assert_true(x.cases[0].n_contacts >= 4);
	for (size_t i = 0; i < x.cases[0].n_contacts; i++)
		if (x.cases[0].contacts[i].body != NULL &&
		    strcmp(x.cases[0].contacts[i].body, "handover about Antonín") == 0)
			found_transfer_note = true;
	assert_true(found_transfer_note);
	assert_int_equal(x.n_surveys, 1);
	assert_string_equal(x.surveys[0].comment, "Jana's comment");
	assert_int_equal(x.n_followups, 1);
	assert_int_equal(x.n_messages, 1);
	assert_true(x.n_audit >= 4);
	for (size_t i = 1; i < x.n_audit; i++)
		assert_true(x.audit[i - 1].id < x.audit[i].id); /* by id, each once */
	app_gdpr_export_free(&x);
	assert_int_equal(STORE_CALL(f->store, audit_count, "customer.export", &exports, &err),
			 LD_OK);
	assert_int_equal(exports, 1);
}

static void test_gdpr_retention(void **state)
{
	struct fx *f = *state;
	struct app_effort_report before, after;
	struct app_gdpr_retention r;
	struct ld_case old, fresh, got;
	struct ld_err err;

	history(f, &old);
	fake_now += 20 * MONTH_S;
	open_case(f, LD_CH_EMAIL, f->agent1, &fresh); /* open: never swept */
	fake_now += 5 * MONTH_S;
	reports(f, &before, NULL);

	assert_int_equal(app_gdpr_retention(&f->app, NULL, 0, true, &r, &err), LD_OK);
	assert_int_equal(r.months, 0); /* off in the configuration */
	assert_int_equal(app_gdpr_retention(&f->app, NULL, 24, true, &r, &err), LD_OK);
	assert_true(r.dry_run);
	assert_int_equal(r.removed.cases, 1);
	assert_true(r.removed.contacts >= 3);
	assert_int_equal(r.removed.comments, 1);
	assert_int_equal(app_case_get(&f->app, NULL, old.id, &got, &err), LD_OK);
	assert_string_equal(got.subject, "Invoice is wrong"); /* a dry run changes nothing */

	f->app.cfg.retention_months = 24;
	assert_int_equal(app_gdpr_retention(&f->app, &f->admin, 0, false, &r, &err), LD_OK);
	assert_int_equal(r.months, 24);
	assert_int_equal(r.removed.cases, 1);
	assert_true(r.compacted);
	assert_int_equal(app_case_get(&f->app, NULL, old.id, &got, &err), LD_OK);
	assert_string_equal(got.subject, "");
	assert_int_equal(got.status, LD_ST_RESOLVED);
	assert_int_equal(app_case_get(&f->app, NULL, fresh.id, &got, &err), LD_OK);
	assert_string_equal(got.subject, "Invoice is wrong");
	reports(f, &after, NULL);
	assert_memory_equal(&before, &after, sizeof before);

	assert_int_equal(app_gdpr_retention(&f->app, NULL, 24, false, &r, &err), LD_OK);
	assert_int_equal(r.removed.cases, 0); /* swept once */
	assert_int_equal(app_gdpr_retention(&f->app, NULL, APP_GDPR_RETENTION_MONTHS_MAX + 1,
					    true, &r, &err), LD_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gdpr_erase_keeps_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gdpr_erase_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gdpr_admins_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gdpr_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gdpr_export_holds_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gdpr_retention, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
