/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of app/outbox.c with a fake mail server and the fixture's
 * clock: a reply is queued with the thread's ids and written as MIME that
 * parses back to what was sent; a temporary refusal backs off 1, 2, 4 …
 * minutes and is given up after mail_retry_for; a permanent one at once,
 * with a note on the case; a message a sender took is not taken by another
 * until its lease ends (a sender that died), and one recorded sent is never
 * taken again; no mail.from, nothing is taken.
 */
#include "fixture.h"

#include "app/outbox.h"
#include "util/mime.h"

/* The fake server: answers `script` in turn (then sent), keeps the last message. */
struct fake {
	int script[8];
	int n_script, calls;
	char last[8192];
	char to[128];
};

static void fake_send(void *ctx, const char *from, const char *to, const char *data, size_t len,
		      struct app_send_result *out)
{
	struct fake *f = ctx;

	(void)from;
	out->outcome = f->calls < f->n_script ? f->script[f->calls] : APP_SEND_SENT;
	snprintf(out->message, sizeof out->message, "%s",
		 out->outcome == APP_SEND_PERMANENT   ? "550 5.1.1 no such user"
		 : out->outcome == APP_SEND_TEMPORARY ? "451 try later"
						      : "");
	snprintf(f->last, sizeof f->last, "%.*s", (int)len, data);
	snprintf(f->to, sizeof f->to, "%s", to);
	f->calls++;
}

static int64_t reply(struct fx *f, int64_t case_id, const char *text)
{
	struct app_interaction_in in = contact(LD_CH_EMAIL, LD_DIR_OUT, f->agent1);
	struct ld_interaction it;
	struct ld_err err;

	in.body = text;
	in.send = true;
	if (app_interaction_add(&f->app, &f->agent, case_id, &in, &it, NULL, &err) != LD_OK)
		fail_msg("reply: %s", err.message);
	int64_t id = it.id;

	ld_interaction_clear(&it);
	return id;
}

static struct app_outbox_run send_due(struct fx *f, struct fake *srv)
{
	struct app_mailer m = { fake_send, srv };
	struct app_outbox_run run;
	struct ld_err err;

	if (app_outbox_send_due(&f->app, &m, 10, &run, &err) != LD_OK)
		fail_msg("send_due: %s", err.message);
	return run;
}

static struct ld_message message(struct fx *f, int64_t id)
{
	struct ld_message m;
	struct ld_err err;

	assert_int_equal(f->app.store->ops->message_get(f->app.store, id, &m, &err), LD_OK);
	return m;
}

static void setup_from(struct fx *f)
{
	f->app.cfg.mail_from = "Podpora <podpora@desk.example>";
}

static void test_outbox_reply_round_trip(void **state)
{
	struct fx *f = *state;
	struct fake srv = { 0 };
	struct mime_message *got = calloc(1, sizeof *got);
	struct ld_case c;
	struct ld_err err;

	setup_from(f);
	int64_t case_id = open_case(f, LD_CH_EMAIL, f->agent1, &c);
	/* The customer's message the case was opened by, as mailgate records it. */
	struct ld_interaction its[2];
	int n = 0;
	assert_int_equal(app_case_interactions(&f->app, NULL, case_id, 0, 2, its, &n, &err), LD_OK);
	assert_int_equal(f->app.store->ops->mail_message_insert(f->app.store, "cust-1@example.cz",
							       its[0].id, LD_DIR_IN, fake_now, &err),
			 LD_OK);
	ld_interaction_clear(&its[0]);
	int64_t it = reply(f, case_id, "Dobrý den,\nfaktura je opravená.");
	struct app_outbox_run run = send_due(f, &srv);
	assert_int_equal(run.sent, 1);
	assert_string_equal(srv.to, "antonin@example.cz");

	assert_int_equal(mime_parse(srv.last, strlen(srv.last), 1 << 20, got, &err), LD_OK);
	assert_string_equal(got->from_address, "podpora@desk.example");
	assert_string_equal(got->from_name, "Podpora");
	char subject[64];
	snprintf(subject, sizeof subject, "[#%lld] Invoice is wrong", (long long)case_id);
	assert_string_equal(got->subject, subject);
	assert_int_equal(got->n_refs, 1);
	assert_string_equal(got->refs[0], "cust-1@example.cz");
	assert_non_null(strstr(got->text, "faktura je opravená."));
	assert_non_null(strstr(got->text, "Váš případ č."));
	assert_null(got->hdr[MIME_H_AUTO_SUBMITTED]);
	/* The Message-ID sent is the one the desk threads a reply to it by. */
	struct store_mail_ref ref;
	assert_int_equal(f->app.store->ops->mail_message_find(f->app.store, got->message_id, &ref,
							      &err),
			 LD_OK);
	assert_int_equal(ref.interaction_id, it);
	assert_int_equal(ref.direction, LD_DIR_OUT);
	mime_message_clear(got);
	free(got);

	/* Sent is sent: nothing is taken again. */
	run = send_due(f, &srv);
	assert_int_equal(run.sent + run.deferred + run.failed, 0);
	assert_int_equal(srv.calls, 1);
}

static void test_outbox_backoff_then_give_up(void **state)
{
	struct fx *f = *state;
	struct fake srv = { .script = { APP_SEND_TEMPORARY, APP_SEND_TEMPORARY, APP_SEND_TEMPORARY,
					APP_SEND_TEMPORARY, APP_SEND_TEMPORARY, APP_SEND_TEMPORARY,
					APP_SEND_TEMPORARY, APP_SEND_TEMPORARY },
			    .n_script = 8 };
	struct ld_case c;
	int64_t start = fake_now;

	setup_from(f);
	f->app.cfg.mail_retry_for_s = 10 * 60;
	reply(f, open_case(f, LD_CH_EMAIL, f->agent1, &c), "Hello");
	assert_int_equal(send_due(f, &srv).deferred, 1);
	struct ld_message m = message(f, 1);
	assert_int_equal(m.attempts, 1);
	assert_int_equal(m.next_attempt_at, fake_now + 60);
	assert_string_equal(m.last_error, "451 try later");
	ld_message_clear(&m);
	/* Not before its time. */
	fake_now += 59;
	assert_int_equal(send_due(f, &srv).deferred, 0);
	fake_now += 1;
	assert_int_equal(send_due(f, &srv).deferred, 1);
	m = message(f, 1);
	assert_int_equal(m.next_attempt_at, fake_now + 120);
	ld_message_clear(&m);
	fake_now += 120;
	assert_int_equal(send_due(f, &srv).deferred, 1);
	m = message(f, 1);
	assert_int_equal(m.next_attempt_at, fake_now + 240);
	ld_message_clear(&m);
	/* mail_retry_for (10 min) passes: given up, with a note for the agent. */
	fake_now = start + 10 * 60;
	struct app_outbox_run run = send_due(f, &srv);
	assert_int_equal(run.failed, 1);
	m = message(f, 1);
	assert_int_not_equal(m.failed_at, 0);
	assert_int_equal(m.attempts, 4);
	ld_message_clear(&m);
	assert_int_equal(app_outbox_backoff(1), 60);
	assert_int_equal(app_outbox_backoff(7), 3600);
	assert_int_equal(app_outbox_backoff(40), APP_OUTBOX_BACKOFF_MAX_S);
}

static void test_outbox_permanent_note(void **state)
{
	struct fx *f = *state;
	struct fake srv = { .script = { APP_SEND_PERMANENT }, .n_script = 1 };
	struct ld_interaction its[8];
	struct ld_message m;
	struct ld_case c;
	struct ld_err err;
	int n = 0;

	setup_from(f);
	int64_t case_id = open_case(f, LD_CH_EMAIL, f->agent1, &c);
	reply(f, case_id, "Hello");
	assert_int_equal(send_due(f, &srv).failed, 1);
	assert_int_equal(app_case_interactions(&f->app, NULL, case_id, 0, 8, its, &n, &err), LD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(its[2].kind, LD_IK_NOTE);
	assert_non_null(strstr(its[2].body, "550 5.1.1 no such user"));
	assert_non_null(strstr(its[2].body, "antonin@example.cz"));
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&its[i]);
	/* Agents may not retry; a manager may, and it is due at once. */
	assert_int_equal(app_outbox_retry(&f->app, &f->agent, 1, &m, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_outbox_retry(&f->app, &f->admin, 1, &m, &err), LD_OK);
	assert_int_equal(m.failed_at, 0);
	ld_message_clear(&m);
	assert_int_equal(send_due(f, &srv).sent, 1);
	assert_int_equal(app_outbox_retry(&f->app, &f->admin, 1, &m, &err), LD_ERR_CONFLICT);
}

/* A sender that dies after taking a message: nobody takes it while its lease
 * runs, then the next sender does, with the same Message-ID. */
static void test_outbox_lease(void **state)
{
	struct fx *f = *state;
	struct fake srv = { 0 };
	struct ld_message m, again;
	struct ld_case c;
	struct ld_err err;
	bool found = false;

	setup_from(f);
	reply(f, open_case(f, LD_CH_EMAIL, f->agent1, &c), "Hello");
	assert_int_equal(f->app.store->ops->message_claim(f->app.store, fake_now,
							  fake_now + APP_OUTBOX_LEASE_S, &m, &found,
							  &err),
			 LD_OK);
	assert_true(found);
	assert_int_equal(send_due(f, &srv).sent, 0); /* held */
	fake_now += APP_OUTBOX_LEASE_S;
	assert_int_equal(send_due(f, &srv).sent, 1); /* the lease ran out */
	again = message(f, m.id);
	assert_string_equal(again.message_id, m.message_id);
	assert_int_equal(again.attempts, 2);
	assert_non_null(strstr(srv.last, again.message_id));
	ld_message_clear(&m);
	ld_message_clear(&again);
}

static void test_outbox_refusals(void **state)
{
	struct fx *f = *state;
	struct fake srv = { 0 };
	struct app_mailer mailer = { fake_send, &srv };
	struct app_outbox_run run;
	struct ld_customer cu;
	struct ld_case c;
	struct ld_err err;

	/* No mail.from: nothing is taken. */
	int64_t case_id = open_case(f, LD_CH_EMAIL, f->agent1, &c);
	reply(f, case_id, "Hello");
	assert_int_equal(app_outbox_send_due(&f->app, &mailer, 10, &run, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "no_sender_address");
	assert_int_equal(srv.calls, 0);

	/* A customer without an address: not recorded at all. */
	memset(&cu, 0, sizeof cu);
	strcpy(cu.name, "Bez adresy");
	strcpy(cu.language, "cs");
	cu.preferred_channel = -1;
	assert_int_equal(app_customer_create(&f->app, NULL, &cu, &err), LD_OK);
	struct app_case_open_in in;
	memset(&in, 0, sizeof in);
	in.customer_id = cu.id;
	in.subject = "Hovor";
	in.category = LD_CAT_QUESTION;
	in.priority = -1;
	in.first = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_OK);
	struct app_interaction_in out = contact(LD_CH_EMAIL, LD_DIR_OUT, f->agent1);
	out.send = true;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, c.id, &out, NULL, NULL, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "customer_has_no_email");
	/* Only an outgoing e-mail message can be sent. */
	out = contact(LD_CH_PHONE, LD_DIR_OUT, f->agent1);
	out.send = true;
	assert_int_equal(app_interaction_add(&f->app, &f->agent, case_id, &out, NULL, NULL, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "not_sendable");
	ld_customer_clear(&cu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_outbox_reply_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_backoff_then_give_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_permanent_note, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
