/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of app/calls.c: integration tokens (made, refused when wrong or
 * revoked, admins only); the screen pop finds the caller however the number
 * was written down and shows their open cases, latest first; an ended call
 * becomes the right contact on the right case — answered (phone, from answer
 * to hang-up), IVR only (bot: effort), missed; a caller nobody knows becomes
 * a customer; a transfer during the call is a transfer of the case; events
 * out of order are refused and audited; bad input changes nothing; erasure
 * clears the numbers.
 */
#include "fixture.h"

#include "app/calls.h"


struct cti {
	struct fx *f;
	char token[APP_TOKEN_LEN + 1];
	int64_t integration;
};

static void cti_setup(struct fx *f, struct cti *c)
{
	struct ld_integration in = { .kind = LD_INTEGRATION_CTI };
	struct ld_err err;

	c->f = f;
	f->app.cfg.phone_country_code = "420";
	snprintf(in.name, sizeof in.name, "Asterisk Prague");
	in.team_id = f->team_a;
	if (app_integration_create(&f->app, &f->admin, &in, c->token, &err) != LD_OK)
		fail_msg("integration: %s", err.message);
	assert_int_equal(strlen(c->token), APP_TOKEN_LEN);
	c->integration = in.id;
}

/* Sends one event; returns its status, the pop in *out (cleared by the caller). */
static ld_status send_event(struct cti *c, int event, const char *ref, const char *number,
			    int64_t agent, struct app_call_pop *out, struct ld_err *err)
{
	struct app_call_event ev = {
		.event = event, .ref = ref, .direction = -1, .number = number, .agent_id = agent,
		.at = fake_now,
	};
	return app_call_event(&c->f->app, c->token, "192.0.2.7", &ev, out, err);
}

static void expect_event(struct cti *c, int event, const char *ref, const char *number,
			 int64_t agent, struct app_call_pop *out)
{
	struct ld_err err;

	if (send_event(c, event, ref, number, agent, out, &err) != LD_OK)
		fail_msg("%s %s: %s %s", ld_call_state_name(event), ref, err.code, err.message);
}

static void set_phone(struct fx *f, int64_t id, const char *phone)
{
	struct ld_customer cu;
	struct ld_err err;

	assert_int_equal(app_customer_get(&f->app, NULL, id, &cu, &err), LD_OK);
	snprintf(cu.phone, sizeof cu.phone, "%s", phone);
	assert_int_equal(app_customer_update(&f->app, NULL, &cu, &err), LD_OK);
	ld_customer_clear(&cu);
}

static void last_contact(struct fx *f, int64_t case_id, struct ld_interaction *out)
{
	struct ld_interaction rows[20];
	struct ld_err err;
	int n = 0;

	assert_int_equal(app_case_interactions(&f->app, NULL, case_id, 0, 20, rows, &n, &err), LD_OK);
	assert_true(n > 0);
	*out = rows[n - 1];
	rows[n - 1].body = NULL;
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&rows[i]);
}

static void test_calls_integration_tokens(void **state)
{
	struct fx *f = *state;
	struct ld_integration in = { .kind = LD_INTEGRATION_CTI }, list[4];
	struct app_call_pop pop;
	struct cti c;
	char token[APP_TOKEN_LEN + 1];
	struct ld_err err;
	int n = 0;

	cti_setup(f, &c);
	/* Only admins make them; names are unique. */
	snprintf(in.name, sizeof in.name, "Asterisk Brno");
	assert_int_equal(app_integration_create(&f->app, &f->agent, &in, token, &err), LD_ERR_FORBIDDEN);
	snprintf(in.name, sizeof in.name, "Asterisk Prague");
	assert_int_equal(app_integration_create(&f->app, &f->admin, &in, token, &err), LD_ERR_CONFLICT);
	in.kind = LD_INTEGRATION_KIND_COUNT;
	snprintf(in.name, sizeof in.name, "Other");
	assert_int_equal(app_integration_create(&f->app, &f->admin, &in, token, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "kind");
	assert_int_equal(app_integration_list(&f->app, &f->admin, 0, 4, list, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].last_used_at, 0);

	expect_event(&c, LD_CALL_RINGING, "1712.1", "+420 777 000 111", 0, &pop);
	app_call_pop_clear(&pop);
	assert_int_equal(app_integration_get(&f->app, &f->admin, c.integration, &in, &err), LD_OK);
	assert_int_equal(in.last_used_at, fake_now);

	/* A session token or a made-up one is no integration's. */
	memset(token, 'a', APP_TOKEN_LEN);
	token[APP_TOKEN_LEN] = '\0';
	struct app_call_event ev = { .event = LD_CALL_RINGING, .ref = "x", .direction = -1 };
	assert_int_equal(app_call_event(&f->app, token, NULL, &ev, &pop, &err), LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_call_event(&f->app, NULL, NULL, &ev, &pop, &err), LD_ERR_UNAUTHORIZED);

	assert_int_equal(app_integration_revoke(&f->app, &f->admin, c.integration, &in, &err), LD_OK);
	assert_int_not_equal(in.revoked_at, 0);
	assert_int_equal(app_integration_revoke(&f->app, &f->admin, c.integration, &in, &err),
			 LD_ERR_CONFLICT);
	assert_int_equal(send_event(&c, LD_CALL_ANSWERED, "1712.1", NULL, 0, &pop, &err),
			 LD_ERR_UNAUTHORIZED);
	assert_int_equal(count_audit(f, "integration.create"), 1);
	assert_int_equal(count_audit(f, "integration.revoke"), 1);
}

static void test_calls_screen_pop_finds_the_caller(void **state)
{
	struct fx *f = *state;
	struct ld_case a, b, closed;
	struct app_call_pop pop;
	struct app_case_patch resolve = { .has_status = true, .status = LD_ST_RESOLVED };
	struct cti c;
	struct ld_err err;

	cti_setup(f, &c);
	set_phone(f, f->customer, "603 123 456"); /* as typed on a Czech desk */
	open_case(f, LD_CH_EMAIL, f->agent1, &a);
	fake_now += 60;
	open_case(f, LD_CH_WEB, f->agent1, &b);
	fake_now += 60;
	open_case(f, LD_CH_WEB, f->agent1, &closed);
	assert_int_equal(app_case_update(&f->app, NULL, closed.id, &resolve, &closed, &err), LD_OK);
	fake_now += 60;

	expect_event(&c, LD_CALL_RINGING, "1712.2", "00420603123456", f->agent2, &pop);
	assert_true(pop.created);
	assert_int_equal(pop.customer.id, f->customer);
	assert_int_equal(pop.matches, 1);
	assert_int_equal(pop.n_cases, 2); /* the resolved one is not open */
	assert_int_equal(pop.cases[0].id, b.id);
	assert_int_equal(pop.cases[1].id, a.id);
	assert_string_equal(pop.call.number, "+420603123456");
	assert_int_equal(pop.call.state, LD_CALL_RINGING);
	assert_int_equal(pop.call.agent_id, f->agent2);
	app_call_pop_clear(&pop);

	/* Ringing again (another agent): the same call, the same pop. */
	expect_event(&c, LD_CALL_RINGING, "1712.2", "00420603123456", f->agent3, &pop);
	assert_false(pop.created);
	assert_int_equal(pop.customer.id, f->customer);
	assert_int_equal(pop.call.agent_id, f->agent3);
	app_call_pop_clear(&pop);

	/* A SIP URI, longer than any stored number, as Asterisk passes it on. */
	expect_event(&c, LD_CALL_RINGING, "1712.5", "sip:+420603123456@pbx.example;user=phone", 0,
		     &pop);
	assert_int_equal(pop.customer.id, f->customer);
	assert_string_equal(pop.call.number, "+420603123456");
	app_call_pop_clear(&pop);
	assert_int_equal(send_event(&c, LD_CALL_RINGING, "1712.6",
				    "sip:not-a-number-at-all@pbx.example;transport=tcp", 0, &pop, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_phone");

	/* A number nobody has: no customer, no cases, still a call. */
	expect_event(&c, LD_CALL_RINGING, "1712.3", "+49 30 1234567", 0, &pop);
	assert_int_equal(pop.customer.id, 0);
	assert_int_equal(pop.n_cases, 0);
	app_call_pop_clear(&pop);
}

static void test_calls_answered_call_lands_on_the_open_case(void **state)
{
	struct fx *f = *state;
	struct ld_case a, after;
	struct ld_interaction it;
	struct app_call_pop pop;
	struct cti c;
	struct ld_err err;

	cti_setup(f, &c);
	set_phone(f, f->customer, "+420 603 123 456");
	open_case(f, LD_CH_EMAIL, f->agent1, &a);
	fake_now += 3600;
	expect_event(&c, LD_CALL_RINGING, "1712.4", "603123456", 0, &pop);
	app_call_pop_clear(&pop);
	fake_now += 8;
	expect_event(&c, LD_CALL_ANSWERED, "1712.4", NULL, f->agent1, &pop);
	assert_int_equal(pop.call.state, LD_CALL_ANSWERED);
	assert_int_equal(pop.call.first_agent_id, f->agent1);
	app_call_pop_clear(&pop);
	fake_now += 200;
	struct app_call_event end = {
		.event = LD_CALL_ENDED, .ref = "1712.4", .direction = -1, .at = fake_now,
		.recording_url = "https://pbx.example/rec/1712.4.wav",
	};
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &end, &pop, &err), LD_OK);
	assert_int_equal(pop.call.state, LD_CALL_ENDED);
	assert_int_equal(pop.call.case_id, a.id);
	assert_int_not_equal(pop.call.interaction_id, 0);
	app_call_pop_clear(&pop);

	last_contact(f, a.id, &it);
	assert_int_equal(it.channel, LD_CH_PHONE);
	assert_int_equal(it.kind, LD_IK_CALL);
	assert_int_equal(it.direction, LD_DIR_IN);
	assert_int_equal(it.agent_id, f->agent1);
	assert_int_equal(it.duration_s, 200);
	assert_int_equal(it.started_at, fake_now - 208);
	assert_non_null(strstr(it.body, "https://pbx.example/rec/1712.4.wav"));
	ld_interaction_clear(&it);
	assert_int_equal(app_case_get(&f->app, NULL, a.id, &after, &err), LD_OK);
	assert_int_equal(after.effort.contacts, 2);
	assert_int_equal(after.effort.channel_switches, 1); /* e-mail, then phone */

	/* The end again (a retry of the telephone system): refused, audited. */
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &end, &pop, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "call_ended");
	assert_int_equal(count_audit(f, "call.refused"), 1);
	assert_int_equal(count_audit(f, "call.ended"), 1);
}

static void test_calls_unknown_caller_and_missed_and_ivr(void **state)
{
	struct fx *f = *state;
	struct ld_interaction it;
	struct ld_customer cu;
	struct ld_case cs;
	struct app_call_pop pop;
	struct cti c;
	struct ld_err err;
	int64_t case_id;

	cti_setup(f, &c);
	/* Missed: rang, nobody answered, no IVR. */
	expect_event(&c, LD_CALL_RINGING, "m.1", "+48 22 123 45 67", 0, &pop);
	app_call_pop_clear(&pop);
	fake_now += 30;
	expect_event(&c, LD_CALL_ENDED, "m.1", NULL, 0, &pop);
	case_id = pop.call.case_id;
	assert_int_not_equal(pop.call.customer_id, 0);
	/* The answer to the end shows the customer made for the caller, and the case. */
	assert_int_equal(pop.customer.id, pop.call.customer_id);
	assert_int_equal(pop.n_cases, 1);
	assert_int_equal(app_customer_get(&f->app, NULL, pop.call.customer_id, &cu, &err), LD_OK);
	assert_string_equal(cu.name, "+48221234567");
	assert_string_equal(cu.phone, "+48221234567");
	assert_string_equal(cu.language, "pl");
	assert_int_equal(cu.preferred_channel, LD_CH_PHONE);
	ld_customer_clear(&cu);
	app_call_pop_clear(&pop);
	assert_int_equal(app_case_get(&f->app, NULL, case_id, &cs, &err), LD_OK);
	assert_string_equal(cs.subject, "Missed call from +48221234567");
	assert_int_equal(cs.team_id, f->team_a); /* the integration's team */
	last_contact(f, case_id, &it);
	assert_int_equal(it.channel, LD_CH_PHONE);
	assert_int_equal(it.duration_s, 0);
	assert_int_equal(it.agent_id, 0);
	ld_interaction_clear(&it);

	/* The same caller again, through the IVR only: found now, same case,
	 * a contact with a robot. */
	fake_now += 600;
	struct app_call_event ring = {
		.event = LD_CALL_RINGING, .ref = "m.2", .direction = -1, .number = "0048221234567",
		.ivr_path = "1>4",
	};
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &ring, &pop, &err), LD_OK);
	assert_int_not_equal(pop.customer.id, 0);
	assert_int_equal(pop.n_cases, 1);
	app_call_pop_clear(&pop);
	fake_now += 45;
	expect_event(&c, LD_CALL_ENDED, "m.2", NULL, 0, &pop);
	assert_int_equal(pop.call.case_id, case_id);
	app_call_pop_clear(&pop);
	last_contact(f, case_id, &it);
	assert_int_equal(it.channel, LD_CH_BOT);
	assert_int_equal(it.kind, LD_IK_CALL);
	assert_int_equal(it.duration_s, 45);
	assert_non_null(strstr(it.body, "IVR: 1>4"));
	ld_interaction_clear(&it);
	assert_int_equal(app_case_get(&f->app, NULL, case_id, &cs, &err), LD_OK);
	assert_int_equal(cs.effort.contacts, 2);
	assert_int_equal(cs.effort.repeat_contacts, 1);
	assert_int_equal(cs.effort.robot_only, 1);

	/* Withheld: a customer of its own, named so. */
	expect_event(&c, LD_CALL_RINGING, "w.1", "anonymous", 0, &pop);
	assert_string_equal(pop.call.number, "");
	app_call_pop_clear(&pop);
	expect_event(&c, LD_CALL_ENDED, "w.1", NULL, 0, &pop);
	assert_int_equal(app_customer_get(&f->app, NULL, pop.call.customer_id, &cu, &err), LD_OK);
	assert_string_equal(cu.name, "Caller with a withheld number");
	assert_string_equal(cu.phone, "");
	ld_customer_clear(&cu);
	app_call_pop_clear(&pop);
}

static void test_calls_transfer_during_the_call(void **state)
{
	struct fx *f = *state;
	struct ld_case cs;
	struct app_call_pop pop;
	struct cti c;
	struct ld_err err;

	cti_setup(f, &c);
	expect_event(&c, LD_CALL_RINGING, "t.1", "+420 601 000 222", 0, &pop);
	app_call_pop_clear(&pop);
	expect_event(&c, LD_CALL_ANSWERED, "t.1", NULL, f->agent1, &pop);
	app_call_pop_clear(&pop);
	fake_now += 90;
	/* By login, as a dialplan knows its agents. */
	struct app_call_event again = {
		.event = LD_CALL_ANSWERED, .ref = "t.1", .direction = -1,
		.agent_email = "A2@example.com",
	};
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &again, &pop, &err), LD_OK);
	assert_int_equal(pop.call.transfers, 1);
	assert_int_equal(pop.call.agent_id, f->agent2);
	app_call_pop_clear(&pop);
	fake_now += 120;
	expect_event(&c, LD_CALL_ENDED, "t.1", NULL, 0, &pop);
	assert_int_equal(app_case_get(&f->app, NULL, pop.call.case_id, &cs, &err), LD_OK);
	assert_string_equal(cs.subject, "Call from +420601000222");
	assert_int_equal(cs.owner_id, f->agent2);
	assert_int_equal(cs.effort.transfers, 1);
	app_call_pop_clear(&pop);
}

static void test_calls_refusals_change_nothing(void **state)
{
	struct fx *f = *state;
	struct app_call_pop pop;
	struct ld_call rows[8];
	struct store_call_query q = { .state = -1, .limit = 8 };
	struct ld_case other;
	struct ld_customer cu = { 0 };
	struct cti c;
	struct ld_err err;
	int n = 0;

	cti_setup(f, &c);
	/* An event for a call that never rang. */
	assert_int_equal(send_event(&c, LD_CALL_ANSWERED, "ghost", NULL, f->agent1, &pop, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "unknown_call");
	assert_int_equal(send_event(&c, LD_CALL_ENDED, "ghost", NULL, 0, &pop, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_equal(count_audit(f, "call.refused"), 2);

	/* Bad fields, each refused before any write. */
	struct app_call_event bad = { .event = LD_CALL_RINGING, .ref = "b.1", .direction = -1,
				      .recording_url = "javascript:alert(1)" };
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &bad, &pop, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "recording_url");
	bad.recording_url = NULL;
	bad.ref = "b.1\nforged";
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &bad, &pop, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "call_id");
	bad.ref = "b.1";
	bad.event = 7;
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &bad, &pop, &err), LD_ERR_INVALID);
	bad.event = LD_CALL_RINGING;
	bad.agent_id = 999;
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &bad, &pop, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "agent_not_found");
	/* A case of someone else than the caller. */
	snprintf(cu.name, sizeof cu.name, "Eva Malá");
	snprintf(cu.phone, sizeof cu.phone, "+420 602 000 333");
	cu.preferred_channel = -1;
	if (app_customer_create(&f->app, NULL, &cu, &err) != LD_OK)
		fail_msg("customer: %s", err.message);
	open_case(f, LD_CH_EMAIL, 0, &other); /* the fixture's customer's */
	bad.agent_id = 0;
	bad.number = "+420602000333";
	bad.case_id = other.id;
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &bad, &pop, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "case_of_other_customer");
	ld_customer_clear(&cu);

	assert_int_equal(app_call_list(&f->app, &f->agent, &q, rows, &n, &err), LD_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_call_list(&f->app, &f->cust, &q, rows, &n, &err), LD_ERR_FORBIDDEN);
}

static void test_calls_erasure_clears_the_numbers(void **state)
{
	struct fx *f = *state;
	struct app_call_pop pop;
	struct app_gdpr_erasure e;
	struct ld_call call;
	struct cti c;
	struct ld_err err;
	int64_t id;

	cti_setup(f, &c);
	set_phone(f, f->customer, "+420 603 123 456");
	struct app_call_event ring = {
		.event = LD_CALL_RINGING, .ref = "g.1", .direction = -1, .number = "+420603123456",
		.ivr_path = "2", .recording_url = "https://pbx.example/g.1.wav",
	};
	assert_int_equal(app_call_event(&f->app, c.token, NULL, &ring, &pop, &err), LD_OK);
	app_call_pop_clear(&pop);
	expect_event(&c, LD_CALL_ENDED, "g.1", NULL, 0, &pop);
	id = pop.call.id;
	app_call_pop_clear(&pop);
	struct app_gdpr_export x;
	assert_int_equal(app_gdpr_export(&f->app, NULL, f->customer, &x, &err), LD_OK);
	assert_int_equal(x.n_calls, 1);
	assert_string_equal(x.calls[0].number, "+420603123456");
	assert_string_equal(x.calls[0].recording_url, "https://pbx.example/g.1.wav");
	app_gdpr_export_free(&x);
	assert_int_equal(app_gdpr_erase(&f->app, NULL, f->customer, "request", &e, &err), LD_OK);
	assert_int_equal(e.removed.calls, 1);
	assert_int_equal(app_call_get(&f->app, &f->agent, id, &call, &err), LD_OK);
	assert_string_equal(call.number, "");
	assert_string_equal(call.ivr_path, "");
	assert_string_equal(call.recording_url, "");
	assert_int_equal(call.customer_id, f->customer);
}

static void test_calls_agent_links_the_case(void **state)
{
	struct fx *f = *state;
	struct ld_case a, b;
	struct app_call_pop pop;
	struct ld_call call;
	struct cti c;
	struct ld_err err;
	int64_t id;

	cti_setup(f, &c);
	set_phone(f, f->customer, "+420 603 123 456");
	open_case(f, LD_CH_EMAIL, f->agent1, &a);
	fake_now += 60;
	open_case(f, LD_CH_WEB, f->agent1, &b); /* the newer one the desk would choose */
	expect_event(&c, LD_CALL_RINGING, "k.1", "+420603123456", 0, &pop);
	id = pop.call.id;
	assert_int_equal(pop.cases[0].id, b.id);
	app_call_pop_clear(&pop);
	/* The agent knows better: the call is about the older case. */
	assert_int_equal(app_call_link(&f->app, &f->cust, id, a.id, &call, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_call_link(&f->app, &f->agent, id, a.id, &call, &err), LD_OK);
	assert_int_equal(call.case_id, a.id);
	expect_event(&c, LD_CALL_ENDED, "k.1", NULL, 0, &pop);
	assert_int_equal(pop.call.case_id, a.id);
	app_call_pop_clear(&pop);
	assert_int_equal(app_call_link(&f->app, &f->agent, id, b.id, &call, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "call_ended");
	assert_int_equal(count_audit(f, "call.link"), 1);
}

static void test_calls_lost_end_is_swept(void **state)
{
	struct fx *f = *state;
	struct ld_interaction it;
	struct app_call_pop pop;
	struct ld_call call;
	struct cti c;
	struct ld_err err;
	int closed = -1;
	int64_t answered_id, fresh_id;

	cti_setup(f, &c);
	expect_event(&c, LD_CALL_RINGING, "l.1", "+420 601 000 444", 0, &pop);
	app_call_pop_clear(&pop);
	fake_now += 5;
	expect_event(&c, LD_CALL_ANSWERED, "l.1", NULL, f->agent1, &pop);
	answered_id = pop.call.id;
	app_call_pop_clear(&pop);
	fake_now += 3 * 3600;
	expect_event(&c, LD_CALL_RINGING, "l.2", "+420 601 000 555", 0, &pop);
	fresh_id = pop.call.id;
	app_call_pop_clear(&pop);
	/* Three hours: nothing is old enough yet. */
	assert_int_equal(app_call_sweep(&f->app, 50, &closed, &err), LD_OK);
	assert_int_equal(closed, 0);
	fake_now += 3600 + 1;
	assert_int_equal(app_call_sweep(&f->app, 50, &closed, &err), LD_OK);
	assert_int_equal(closed, 1);
	assert_int_equal(app_call_get(&f->app, &f->agent, answered_id, &call, &err), LD_OK);
	assert_int_equal(call.state, LD_CALL_ENDED);
	assert_int_equal(call.ended_at, call.answered_at); /* its length is not known */
	last_contact(f, call.case_id, &it);
	assert_int_equal(it.channel, LD_CH_PHONE);
	assert_int_equal(it.agent_id, f->agent1);
	assert_int_equal(it.duration_s, 0);
	assert_non_null(strstr(it.body, "never reported the end"));
	ld_interaction_clear(&it);
	assert_int_equal(count_audit(f, "call.lost"), 1);
	assert_int_equal(app_call_get(&f->app, &f->agent, fresh_id, &call, &err), LD_OK);
	assert_int_equal(call.state, LD_CALL_RINGING);
	/* Its end arriving late is refused, as after any end. */
	assert_int_equal(send_event(&c, LD_CALL_ENDED, "l.1", NULL, 0, &pop, &err), LD_ERR_CONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_calls_integration_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calls_screen_pop_finds_the_caller, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calls_answered_call_lands_on_the_open_case, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_calls_unknown_caller_and_missed_and_ivr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_calls_transfer_during_the_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calls_refusals_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calls_erasure_clears_the_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calls_lost_end_is_swept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calls_agent_links_the_case, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
