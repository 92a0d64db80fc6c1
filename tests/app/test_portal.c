/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of app/portal.c: a sign-in link is mailed in the customer's
 * language and opens a session of their portal account once; a replay, an
 * expired or a made-up link is refused clearly and audited; an unknown or
 * erased address gets nothing, and no answer says so; a customer without a
 * login gets one; a login turned off stays off; five links an hour at most;
 * once the message is sent, the outbox no longer holds the working link.
 */
#include "fixture.h"

#include "app/outbox.h"
#include "app/portal.h"
#include "app/surveys.h"

/* The outbox's waiting messages. */
static int waiting(struct fx *f, struct ld_message *out, int cap)
{
	struct ld_err err;
	int n = 0;

	assert_int_equal(app_outbox_list(&f->app, NULL, true, 0, 0, cap, out, &n, &err), LD_OK);
	return n;
}

static void test_portal_link_signs_in_once(void **state)
{
	struct fx *f = *state;
	char token[APP_TOKEN_LEN + 1], session[APP_TOKEN_LEN + 1];
	struct ld_message m[4];
	struct ld_agent account;
	struct app_actor who;
	struct ld_err err;
	int n;

	assert_int_equal(app_portal_link_request(&f->app, "192.0.2.9", "ANTONIN@example.cz", token,
						 &err), LD_OK);
	assert_int_equal(strlen(token), APP_TOKEN_LEN);
	n = waiting(f, m, 4);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].recipient, "antonin@example.cz");
	assert_string_equal(m[0].subject, "Váš odkaz pro přihlášení"); /* the customer's language */
	assert_non_null(strstr(m[0].body, "/portal/login?token="));
	assert_non_null(strstr(m[0].body, token));
	assert_non_null(strstr(m[0].body, "15 minut"));
	ld_message_clear(&m[0]);

	assert_int_equal(app_portal_link_redeem(&f->app, "192.0.2.9", token, session, &account, &err),
			 LD_OK);
	assert_int_equal(account.role, LD_ROLE_CUSTOMER);
	assert_int_equal(account.customer_id, f->customer);
	assert_int_equal(account.id, f->cust.agent_id); /* the login they had */
	assert_int_equal(app_authenticate(&f->app, session, &who, &err), LD_OK);
	assert_int_equal(who.customer_id, f->customer);

	/* The same link again: a replay. */
	assert_int_equal(app_portal_link_redeem(&f->app, NULL, token, session, &account, &err),
			 LD_ERR_GONE);
	assert_string_equal(err.code, "link_used");
	assert_string_equal(session, "");
	assert_int_equal(count_audit(f, "portal.signin"), 1);
	assert_int_equal(count_audit(f, "portal.signin_refused"), 1);

	/* Made up, malformed. */
	memset(token, 'b', APP_TOKEN_LEN);
	assert_int_equal(app_portal_link_redeem(&f->app, NULL, token, session, &account, &err),
			 LD_ERR_UNAUTHORIZED);
	assert_string_equal(err.code, "link_invalid");
	assert_int_equal(app_portal_link_redeem(&f->app, NULL, "short", session, &account, &err),
			 LD_ERR_UNAUTHORIZED);
}

static void test_portal_link_expires(void **state)
{
	struct fx *f = *state;
	char token[APP_TOKEN_LEN + 1], session[APP_TOKEN_LEN + 1];
	struct ld_agent account;
	struct ld_err err;

	assert_int_equal(app_portal_link_request(&f->app, NULL, "antonin@example.cz", token, &err),
			 LD_OK);
	fake_now += 15 * 60;
	assert_int_equal(app_portal_link_redeem(&f->app, NULL, token, session, &account, &err),
			 LD_ERR_GONE);
	assert_string_equal(err.code, "link_expired");
}

static void test_portal_link_tells_nothing(void **state)
{
	struct fx *f = *state;
	char token[APP_TOKEN_LEN + 1];
	struct ld_message m[8];
	struct ld_err err;

	assert_int_equal(app_portal_link_request(&f->app, NULL, "nobody@example.cz", token, &err),
			 LD_OK);
	assert_string_equal(token, "");
	assert_int_equal(waiting(f, m, 8), 0);
	assert_int_equal(count_audit(f, "portal.link_refused"), 1);
	assert_int_equal(app_portal_link_request(&f->app, NULL, "not an address", token, &err),
			 LD_ERR_INVALID);

	/* Five an hour; the sixth is not sent, and the answer is the same. */
	for (int i = 0; i < APP_LINKS_PER_HOUR; i++)
		assert_int_equal(app_portal_link_request(&f->app, NULL, "antonin@example.cz", token,
							 &err), LD_OK);
	assert_int_equal(app_portal_link_request(&f->app, NULL, "antonin@example.cz", token, &err),
			 LD_OK);
	assert_string_equal(token, "");
	int n = waiting(f, m, 8);
	assert_int_equal(n, APP_LINKS_PER_HOUR);
	for (int i = 0; i < n; i++)
		ld_message_clear(&m[i]);
	fake_now += 3601;
	assert_int_equal(app_portal_link_request(&f->app, NULL, "antonin@example.cz", token, &err),
			 LD_OK);
	assert_int_equal(strlen(token), APP_TOKEN_LEN);
}

static void test_portal_link_address_is_slowed_down(void **state)
{
	struct fx *f = *state;
	char email[64];
	struct ld_err err;

	for (int i = 0; i < APP_LINK_ADDRESS_REQUESTS; i++) {
		snprintf(email, sizeof email, "guess%d@example.cz", i);
		assert_int_equal(app_portal_link_request(&f->app, "203.0.113.5", email, NULL, &err),
				 LD_OK);
	}
	assert_int_equal(app_portal_link_request(&f->app, "203.0.113.5", "antonin@example.cz", NULL,
						 &err), LD_ERR_TOO_MANY);
	assert_string_equal(err.code, "too_many_attempts");
	assert_true(err.retry_after_s >= 1);
	/* Another address is not held up; the first may go on after the wait. */
	assert_int_equal(app_portal_link_request(&f->app, "203.0.113.6", "antonin@example.cz", NULL,
						 &err), LD_OK);
	fake_now += 2;
	assert_int_equal(app_portal_link_request(&f->app, "203.0.113.5", "antonin@example.cz", NULL,
						 &err), LD_OK);
}

static void test_portal_link_makes_a_login(void **state)
{
	struct fx *f = *state;
	char token[APP_TOKEN_LEN + 1], session[APP_TOKEN_LEN + 1];
	struct ld_customer c = { 0 };
	struct ld_agent account;
	struct ld_err err;

	snprintf(c.name, sizeof c.name, "Ewa Kowalska");
	snprintf(c.email, sizeof c.email, "ewa@example.pl");
	snprintf(c.language, sizeof c.language, "pl");
	c.preferred_channel = -1;
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_OK);
	assert_int_equal(app_portal_link_request(&f->app, NULL, "ewa@example.pl", token, &err), LD_OK);
	assert_int_equal(app_portal_link_redeem(&f->app, NULL, token, session, &account, &err), LD_OK);
	assert_int_equal(account.customer_id, c.id);
	assert_string_equal(account.email, "ewa@example.pl");
	assert_true(account.id > 0);

	/* An admin turns the login off: a link does not turn it on. */
	account.active = false;
	assert_int_equal(app_agent_update(&f->app, &f->admin, &account, &err), LD_OK);
	assert_int_equal(app_portal_link_request(&f->app, NULL, "ewa@example.pl", token, &err), LD_OK);
	assert_int_equal(app_portal_link_redeem(&f->app, NULL, token, session, &account, &err),
			 LD_ERR_UNAUTHORIZED);
	assert_string_equal(err.code, "account_disabled");
	ld_customer_clear(&c);
}

struct fake {
	char last[4096];
};

static void fake_send(void *ctx, const char *from, const char *to, const char *data, size_t len,
		      struct app_send_result *out)
{
	struct fake *f = ctx;

	(void)from;
	(void)to;
	snprintf(f->last, sizeof f->last, "%.*s", (int)len, data);
	memset(out, 0, sizeof *out);
	out->outcome = APP_SEND_SENT;
}

static void test_portal_link_forgotten_once_sent(void **state)
{
	struct fx *f = *state;
	char token[APP_TOKEN_LEN + 1];
	struct fake srv = { { 0 } };
	struct app_mailer mailer = { fake_send, &srv };
	struct app_outbox_run run;
	struct ld_message m[4];
	struct ld_err err;
	int n = 0;

	f->app.cfg.mail_from = "Desk <desk@example.com>";
	assert_int_equal(app_portal_link_request(&f->app, NULL, "antonin@example.cz", token, &err),
			 LD_OK);
	assert_int_equal(app_outbox_send_due(&f->app, &mailer, 10, &run, &err), LD_OK);
	assert_int_equal(run.sent, 1);
	assert_non_null(strstr(srv.last, "token=3D") != NULL ? srv.last : strstr(srv.last, "token="));
	assert_int_equal(app_outbox_list(&f->app, NULL, false, 0, 0, 4, m, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	assert_null(strstr(m[0].body, token));
	assert_non_null(strstr(m[0].body, "token=xxxx"));
	ld_message_clear(&m[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_portal_link_signs_in_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portal_link_expires, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portal_link_tells_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portal_link_address_is_slowed_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portal_link_makes_a_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portal_link_forgotten_once_sent, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
