/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of app/webhooks.c with a fake endpoint and the fixture's clock:
 * each change queues the events the endpoints take — and only when it
 * commits; a case.updated names what changed and a contact alone is no case
 * update; a complaint is a claim too; the body is the envelope around the
 * data and its signature is HMAC-SHA256 of "t.body" under the secret; a
 * failing endpoint is retried after 30 s, 1, 2 … minutes and given up after
 * a day, 410 at once; an endpoint turned off gets nothing; only admins
 * manage them.
 */
#include "fixture.h"

#include "app/feedback.h"
#include "app/webhooks.h"
#include "util/crypto.h"

/* The fake endpoint: answers `script` in turn (then 200), keeps what came. */
struct fake {
	int script[16];
	int n_script, calls;
	int otherwise;          /* the answer after the script, 0 = 200 */
	char body[8][2048];
	char event[8][64];
	char signature[8][160];
	char url[256];
};

static void fake_post(void *ctx, const char *url, const char *const *headers, const char *body,
		      size_t len, struct app_post_result *out)
{
	struct fake *f = ctx;
	int k = f->calls % 8;
	int status = f->calls < f->n_script ? f->script[f->calls]
		     : f->otherwise != 0	 ? f->otherwise
						 : 200;

	snprintf(f->url, sizeof f->url, "%s", url);
	snprintf(f->body[k], sizeof f->body[k], "%.*s", (int)len, body);
	for (int i = 0; headers[i] != NULL; i++) {
		if (strncmp(headers[i], "Loyaldesk-Event: ", 17) == 0)
			snprintf(f->event[k], sizeof f->event[k], "%s", headers[i] + 17);
		if (strncmp(headers[i], "Loyaldesk-Signature: ", 21) == 0)
			snprintf(f->signature[k], sizeof f->signature[k], "%s", headers[i] + 21);
	}
	memset(out, 0, sizeof *out);
	if (status < 0) {
		snprintf(out->error, sizeof out->error, "Connection refused");
	} else {
		out->answered = true;
		out->status = status;
	}
	f->calls++;
}

static struct app_webhook_run send_due(struct fx *f, struct fake *srv)
{
	struct app_poster p = { fake_post, srv };
	struct app_webhook_run run;
	struct ld_err err;

	if (app_webhook_send_due(&f->app, &p, 100, &run, &err) != LD_OK)
		fail_msg("send_due: %s", err.message);
	return run;
}

static int64_t add_hook(struct fx *f, unsigned events, struct ld_webhook *out)
{
	struct ld_webhook w = { .events = events, .active = true };
	struct ld_err err;

	snprintf(w.url, sizeof w.url, "https://hooks.example/desk");
	if (app_webhook_create(&f->app, &f->admin, &w, &err) != LD_OK)
		fail_msg("webhook: %s", err.message);
	if (out != NULL)
		*out = w;
	return w.id;
}

static int deliveries(struct fx *f, int64_t hook, struct ld_webhook_delivery *out, int cap)
{
	struct ld_err err;
	int n = 0;

	assert_int_equal(app_webhook_deliveries(&f->app, &f->admin, hook, 0, cap, out, &n, &err),
			 LD_OK);
	return n;
}

static void clear_all(struct ld_webhook_delivery *d, int n)
{
	for (int i = 0; i < n; i++)
		ld_webhook_delivery_clear(&d[i]);
}

static void test_webhooks_events_follow_the_changes(void **state)
{
	struct fx *f = *state;
	struct ld_webhook_delivery d[16];
	struct ld_case c, after;
	struct app_case_patch patch = { .has_status = true, .status = LD_ST_PENDING };
	struct app_interaction_in reply = contact(LD_CH_EMAIL, LD_DIR_OUT, f->agent1);
	struct ld_interaction it;
	struct ld_err err;
	int64_t all = add_hook(f, APP_WEBHOOK_ALL, NULL);
	int64_t only_cases = add_hook(f, 1u << LD_HOOK_CASE_CREATED, NULL);
	int n;

	open_case(f, LD_CH_EMAIL, f->agent1, &c);
	n = deliveries(f, all, d, 16);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].event, LD_HOOK_CASE_CREATED);
	assert_non_null(strstr(d[0].payload, "\"category\":\"problem\""));
	assert_null(strstr(d[0].payload, "Invoice")); /* no customer text */
	assert_int_equal(d[1].event, LD_HOOK_INTERACTION_CREATED);
	assert_non_null(strstr(d[1].payload, "\"channel\":\"email\""));
	clear_all(d, n);
	n = deliveries(f, only_cases, d, 16);
	assert_int_equal(n, 1);
	clear_all(d, n);

	/* A contact moves the case's figures, but no field a person sees. */
	assert_int_equal(app_interaction_add(&f->app, &f->agent, c.id, &reply, &it, &after, &err),
			 LD_OK);
	ld_interaction_clear(&it);
	n = deliveries(f, all, d, 16);
	assert_int_equal(n, 3);
	assert_int_equal(d[2].event, LD_HOOK_INTERACTION_CREATED);
	clear_all(d, n);

	assert_int_equal(app_case_update(&f->app, &f->agent, c.id, &patch, &after, &err), LD_OK);
	n = deliveries(f, all, d, 16);
	assert_true(n >= 4);
	bool updated = false;
	for (int i = 3; i < n; i++) {
		if (d[i].event == LD_HOOK_CASE_UPDATED) {
			updated = true;
			assert_non_null(strstr(d[i].payload, "\"changed\":[\"status\"]"));
			assert_non_null(strstr(d[i].payload, "\"status\":\"pending\""));
		}
	}
	assert_true(updated);
	clear_all(d, n);

	/* A claim filed is claim.created with its case; a compliment compliment.created. */
	struct app_feedback_in claim = {
		.kind = LD_FB_CLAIM, .customer_id = f->customer, .subject = "Rude on the phone",
		.text = "He hung up on me.", .team_id = f->team_a, .channel = -1,
	};
	struct ld_feedback fb;
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &claim, &fb, &err), LD_OK);
	n = deliveries(f, all, d, 16);
	int claims = 0;
	for (int i = 0; i < n; i++) {
		if (d[i].event != LD_HOOK_CLAIM_CREATED)
			continue;
		claims++;
		assert_non_null(strstr(d[i].payload, "\"claim\":{\"id\":"));
		assert_non_null(strstr(d[i].payload, "\"case\":{\"id\":"));
		assert_null(strstr(d[i].payload, "Rude")); /* the words stay in the desk */
	}
	assert_int_equal(claims, 1);
	clear_all(d, n);
	claim.kind = LD_FB_COMPLIMENT;
	assert_int_equal(app_feedback_file(&f->app, &f->agent, &claim, &fb, &err), LD_OK);
	n = deliveries(f, all, d, 16);
	int compliments = 0;
	for (int i = 0; i < n; i++)
		compliments += d[i].event == LD_HOOK_COMPLIMENT_CREATED;
	assert_int_equal(compliments, 1);
	clear_all(d, n);
	/* A complaint case opened as a case is a case: no claim of its own. */
	struct app_case_open_in kase = {
		.customer_id = f->customer, .subject = "Rude again", .category = LD_CAT_COMPLAINT,
		.priority = -1, .first = contact(LD_CH_PHONE, LD_DIR_IN, 0),
	};
	assert_int_equal(app_case_open(&f->app, NULL, &kase, &c, &err), LD_OK);
	n = deliveries(f, all, d, 16);
	claims = 0;
	for (int i = 0; i < n; i++)
		claims += d[i].event == LD_HOOK_CLAIM_CREATED;
	assert_int_equal(claims, 1); /* still the filed one only */
	clear_all(d, n);
}

static void test_webhooks_many_endpoints_each_get_it(void **state)
{
	struct fx *f = *state;
	struct ld_webhook_delivery d[2];
	struct ld_case c;
	int64_t last = 0;

	for (int i = 0; i < 70; i++) /* more than one page of endpoints */
		last = add_hook(f, 1u << LD_HOOK_CASE_CREATED, NULL);
	open_case(f, LD_CH_WEB, 0, &c);
	int n = deliveries(f, last, d, 2);
	assert_int_equal(n, 1);
	clear_all(d, n);
}

static void test_webhooks_nothing_for_a_rolled_back_change(void **state)
{
	struct fx *f = *state;
	struct ld_webhook_delivery d[4];
	struct app_case_open_in bad = {
		.customer_id = 999, .subject = "Nobody", .category = -1, .priority = -1,
		.first = contact(LD_CH_EMAIL, LD_DIR_IN, 0),
	};
	struct ld_case c;
	struct ld_err err;
	int64_t hook = add_hook(f, APP_WEBHOOK_ALL, NULL);

	assert_int_not_equal(app_case_open(&f->app, NULL, &bad, &c, &err), LD_OK);
	assert_int_equal(deliveries(f, hook, d, 4), 0);
}

static void test_webhooks_signed_envelope(void **state)
{
	struct fx *f = *state;
	struct ld_webhook w;
	struct ld_case c;
	struct fake srv = { .n_script = 0 };
	struct app_webhook_run run;
	char want[160];

	add_hook(f, 1u << LD_HOOK_CASE_CREATED, &w);
	assert_int_equal(strlen(w.secret), LD_WEBHOOK_SECRET_LEN);
	open_case(f, LD_CH_WEB, 0, &c);
	run = send_due(f, &srv);
	assert_int_equal(run.delivered, 1);
	assert_int_equal(srv.calls, 1);
	assert_string_equal(srv.url, "https://hooks.example/desk");
	assert_string_equal(srv.event[0], "case.created");
	assert_non_null(strstr(srv.body[0], "\"event\":\"case.created\""));
	assert_non_null(strstr(srv.body[0], "\"attempt\":1"));
	assert_non_null(strstr(srv.body[0], "\"created_at\":\"2026-01-05T10:00:00Z\""));
	/* The receiver's check: HMAC-SHA256(secret, "t.body"). */
	app_webhook_signature(w.secret, fake_now, srv.body[0], strlen(srv.body[0]), want,
			      sizeof want);
	assert_string_equal(srv.signature[0], want);
	char hex[65], msg[2100];
	snprintf(msg, sizeof msg, "%lld.%s", (long long)fake_now, srv.body[0]);
	crypto_hmac_sha256_hex(w.secret, msg, strlen(msg), hex);
	assert_non_null(strstr(srv.signature[0], hex));
	/* Delivered once: nothing more to send. */
	run = send_due(f, &srv);
	assert_int_equal(run.delivered + run.deferred + run.failed, 0);
}

static void test_webhooks_retries_then_gives_up(void **state)
{
	struct fx *f = *state;
	struct ld_webhook_delivery d[4];
	struct ld_case c;
	struct fake srv = { .script = { 500, -1, 503 }, .n_script = 3 };
	struct app_webhook_run run;
	int64_t hook = add_hook(f, 1u << LD_HOOK_CASE_CREATED, NULL);
	int64_t t0 = fake_now;

	open_case(f, LD_CH_WEB, 0, &c);
	assert_int_equal(send_due(f, &srv).deferred, 1);
	assert_int_equal(deliveries(f, hook, d, 4), 1);
	assert_int_equal(d[0].last_status, 500);
	assert_string_equal(d[0].last_error, "HTTP 500");
	assert_int_equal(d[0].next_attempt_at, t0 + 30);
	clear_all(d, 1);
	fake_now = t0 + 29; /* not yet */
	assert_int_equal(send_due(f, &srv).deferred, 0);
	fake_now = t0 + 30;
	assert_int_equal(send_due(f, &srv).deferred, 1); /* refused connection */
	deliveries(f, hook, d, 4);
	assert_int_equal(d[0].last_status, 0);
	assert_string_equal(d[0].last_error, "Connection refused");
	assert_int_equal(d[0].next_attempt_at, t0 + 30 + 60);
	clear_all(d, 1);
	fake_now = t0 + 90;
	assert_int_equal(send_due(f, &srv).deferred, 1);
	fake_now = t0 + 90 + 120;
	run = send_due(f, &srv);
	assert_int_equal(run.delivered, 1);
	deliveries(f, hook, d, 4);
	assert_int_equal(d[0].attempts, 4);
	assert_int_not_equal(d[0].delivered_at, 0);
	assert_string_equal(d[0].last_error, "");
	clear_all(d, 1);
	assert_int_equal(app_webhook_backoff(1), 30);
	assert_int_equal(app_webhook_backoff(2), 60);
	assert_int_equal(app_webhook_backoff(8), 3600);
	assert_int_equal(app_webhook_backoff(30), 3600);

	/* An endpoint that keeps failing is given up a day after the event. */
	struct fake down = { .otherwise = 502 };
	open_case(f, LD_CH_WEB, 0, &c);
	int64_t t1 = fake_now;
	for (int i = 0; i < 40 && send_due(f, &down).failed == 0; i++)
		fake_now += 3600;
	assert_true(fake_now - t1 <= APP_WEBHOOK_RETRY_FOR_S);
	int n = deliveries(f, hook, d, 4);
	assert_int_equal(n, 2);
	assert_int_not_equal(d[1].failed_at, 0);
	clear_all(d, n);

	/* 410 Gone: at once. */
	struct fake gone = { .script = { 410 }, .n_script = 1 };
	open_case(f, LD_CH_WEB, 0, &c);
	assert_int_equal(send_due(f, &gone).failed, 1);
}

static void test_webhooks_admin_only_and_off(void **state)
{
	struct fx *f = *state;
	struct ld_webhook w = { .events = 1u << LD_HOOK_CASE_CREATED, .active = true }, out;
	struct app_webhook_patch off = { .has_active = true, .active = false };
	struct app_webhook_patch bad = { .has_events = true, .events = 0 };
	struct app_webhook_patch ftp = { .has_url = true, .url = "ftp://hooks.example/x" };
	struct ld_webhook_delivery ping;
	struct ld_case c;
	struct fake srv = { 0 };
	struct ld_err err;
	int64_t id;

	snprintf(w.url, sizeof w.url, "https://hooks.example/desk");
	assert_int_equal(app_webhook_create(&f->app, &f->agent, &w, &err), LD_ERR_FORBIDDEN);
	snprintf(w.url, sizeof w.url, "javascript:alert(1)");
	assert_int_equal(app_webhook_create(&f->app, &f->admin, &w, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "url");
	id = add_hook(f, 1u << LD_HOOK_CASE_CREATED, NULL);
	assert_int_equal(app_webhook_update(&f->app, &f->admin, id, &bad, &out, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "events");
	assert_int_equal(app_webhook_update(&f->app, &f->admin, id, &ftp, &out, &err), LD_ERR_INVALID);
	assert_int_equal(app_webhook_update(&f->app, &f->admin, id, &off, &out, &err), LD_OK);
	assert_false(out.active);
	open_case(f, LD_CH_WEB, 0, &c);
	assert_int_equal(send_due(f, &srv).delivered, 0); /* turned off: nothing for it */
	off.active = true;
	assert_int_equal(app_webhook_update(&f->app, &f->admin, id, &off, &out, &err), LD_OK);
	assert_int_equal(send_due(f, &srv).delivered, 0);
	open_case(f, LD_CH_WEB, 0, &c);
	assert_int_equal(send_due(f, &srv).delivered, 1);
	assert_int_equal(app_webhook_ping(&f->app, &f->admin, id, &ping, &err), LD_OK);
	assert_int_equal(ping.event, LD_HOOK_PING);
	ld_webhook_delivery_clear(&ping);
	assert_int_equal(send_due(f, &srv).delivered, 1);
	assert_string_equal(srv.event[1], "ping");
	assert_int_equal(app_webhook_delete(&f->app, &f->agent, id, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_webhook_delete(&f->app, &f->admin, id, &err), LD_OK);
	assert_int_equal(app_webhook_get(&f->app, &f->admin, id, &out, &err), LD_ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_webhooks_events_follow_the_changes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_webhooks_nothing_for_a_rolled_back_change, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_webhooks_many_endpoints_each_get_it, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_webhooks_signed_envelope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_webhooks_retries_then_gives_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_webhooks_admin_only_and_off, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
