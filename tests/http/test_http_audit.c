/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * GET /api/v1/audit and what the router and the login add to the log, in
 * process through http_dispatch(): an admin reads the log (every member,
 * filters, pages), agents and customers get 403 — and their 403 is a row
 * "access.refused" with the route and the client address, written although
 * the request failed, for plain handlers, write routes on the request's own
 * app and write routes through the group-commit writer (waited for, and
 * queued and finished later); failed logins appear with their address;
 * after 5 failures a login name gets 429 with a Retry-After that grows, and
 * a success resets it.
 */
#include "http_fixture.h"

#include <math.h>
#include <pthread.h>
#include <unistd.h>

#include "app/writer.h"

/* fx_call() from a client address. */
static int call_from(struct http_response *res, const char *method, const char *target,
		     const char *token, const char *body, const char *address)
{
	struct http_request req;
	char path[512], auth[128];

	fx_request(&req, method, target, token, body, path, sizeof path, auth, sizeof auth);
	req.address = address;
	http_response_init(res);
	http_dispatch(&FX.app, &req, res);
	return res->status;
}

/* The items of one page of the log as the admin sees it; caller json_decref()s. */
static json_t *audit_page(const char *query)
{
	char target[512];

	snprintf(target, sizeof target, "/api/v1/audit%s", query);
	return fx_expect("GET", target, FX.admin, NULL, 200);
}

/* The newest row of `action` (a new reference), failing when there is none. */
static json_t *newest(const char *action)
{
	char query[160];
	json_t *page, *items, *row = NULL;
	const char *cursor = NULL;
	char after[32] = "";

	do {
		snprintf(query, sizeof query, "?action=%s&limit=200%s%s", action,
			 after[0] ? "&cursor=" : "", after);
		page = audit_page(query);
		items = json_object_get(page, "items");
		if (json_array_size(items) > 0) {
			json_decref(row);
			row = json_incref(json_array_get(items, json_array_size(items) - 1));
		}
		cursor = json_string_value(json_object_get(page, "next_cursor"));
		snprintf(after, sizeof after, "%s", cursor != NULL ? cursor : "");
		json_decref(page);
	} while (after[0] != '\0');
	if (row == NULL)
		fail_msg("no audit row %s", action);
	return row;
}

static int64_t count_of(const char *action)
{
	int64_t n = 0;
	struct ld_err err;

	assert_int_equal(STORE_CALL(FX.store, audit_count, action, &n, &err), LD_OK);
	return n;
}

static const char *detail_str(const json_t *row, const char *name)
{
	return fx_str(json_object_get(row, "detail"), name);
}

/* ---- reading ---- */

static void test_http_audit_admin_reads(void **state)
{
	json_t *page, *items, *row;
	size_t n;

	(void)state;
	page = audit_page("?action=session.create");
	items = json_object_get(page, "items");
	n = json_array_size(items);
	assert_true(n >= 3); /* the fixture's three logins */
	row = json_array_get(items, 0);
	assert_true(fx_int(row, "id") > 0);
	assert_string_equal(fx_str(row, "at"), "2026-11-24T10:00:00Z");
	assert_int_equal(fx_int(row, "actor_id"), FX.admin_id);
	assert_string_equal(fx_str(row, "action"), "session.create");
	assert_non_null(json_object_get(row, "object"));
	assert_true(json_is_null(json_object_get(row, "address")));
	assert_true(json_is_null(json_object_get(row, "detail")));
	assert_true(json_is_null(json_object_get(page, "next_cursor")));
	json_decref(page);
}

/* Filters combine; pages of 2 walk the same rows as one page. */
static void test_http_audit_filters_and_pages(void **state)
{
	json_t *all, *page, *row;
	char query[160], object[32];
	size_t total, seen = 0;
	const char *cursor;
	char after[32] = "";

	(void)state;
	snprintf(query, sizeof query, "?actor_id=%lld&action=session.create",
		 (long long)FX.agent_id);
	page = audit_page(query);
	assert_true(json_array_size(json_object_get(page, "items")) >= 1);
	for (size_t i = 0; i < json_array_size(json_object_get(page, "items")); i++) {
		row = json_array_get(json_object_get(page, "items"), i);
		assert_int_equal(fx_int(row, "actor_id"), FX.agent_id);
		assert_string_equal(fx_str(row, "action"), "session.create");
	}
	json_decref(page);

	snprintf(object, sizeof object, "agent/%lld", (long long)FX.cust_account_id);
	snprintf(query, sizeof query, "?object=%s", object);
	page = audit_page(query);
	assert_true(json_array_size(json_object_get(page, "items")) >= 2); /* create, login */
	row = json_array_get(json_object_get(page, "items"), 0);
	assert_string_equal(fx_str(row, "object"), object);
	json_decref(page);

	/* A row an hour later; from/to select by time. */
	fx_clock += 3600;
	fx_add_account("later@example.com", LD_ROLE_AGENT, 0);
	page = audit_page("?from=2026-11-24T10:30:00Z&action=agent.create");
	assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
	assert_string_equal(fx_str(json_array_get(json_object_get(page, "items"), 0), "at"),
			    "2026-11-24T11:00:00Z");
	json_decref(page);
	page = audit_page("?to=2026-11-24T10:30:00Z&action=agent.create");
	assert_true(json_array_size(json_object_get(page, "items")) >= 3);
	json_decref(page);
	page = audit_page("?from=2026-11-24&to=2026-11-24&action=agent.create");
	assert_true(json_array_size(json_object_get(page, "items")) >= 4); /* a date: all that day */
	json_decref(page);
	page = audit_page("?from=2026-11-25&action=agent.create");
	assert_int_equal(json_array_size(json_object_get(page, "items")), 0);
	json_decref(page);

	all = audit_page("?limit=200");
	total = json_array_size(json_object_get(all, "items"));
	assert_true(total > 4 && total < 200);
	do {
		snprintf(query, sizeof query, "?limit=2%s%s", after[0] ? "&cursor=" : "", after);
		page = audit_page(query);
		for (size_t i = 0; i < json_array_size(json_object_get(page, "items")); i++) {
			row = json_array_get(json_object_get(page, "items"), i);
			assert_int_equal(fx_int(row, "id"),
					 fx_int(json_array_get(json_object_get(all, "items"), seen),
						"id"));
			seen++;
		}
		cursor = json_string_value(json_object_get(page, "next_cursor"));
		snprintf(after, sizeof after, "%s", cursor != NULL ? cursor : "");
		json_decref(page);
	} while (after[0] != '\0');
	assert_int_equal(seen, total);
	json_decref(all);
}

static void test_http_audit_bad_parameters(void **state)
{
	(void)state;
	fx_expect_error("GET", "/api/v1/audit?actor_id=abc", FX.admin, NULL, 400, "invalid_id",
			"actor_id");
	fx_expect_error("GET", "/api/v1/audit?actor_id=0", FX.admin, NULL, 400, "invalid_id",
			"actor_id");
	fx_expect_error("GET", "/api/v1/audit?from=yesterday", FX.admin, NULL, 400, "invalid_time",
			"from");
	fx_expect_error("GET", "/api/v1/audit?object=", FX.admin, NULL, 400, "invalid_value",
			"object");
	fx_expect_error("GET", "/api/v1/audit?actor=1", FX.admin, NULL, 400, "unknown_parameter",
			"actor");
	fx_expect_error("GET", "/api/v1/audit?from=2026-11-25&to=2026-11-24T00:00:00Z", FX.admin,
			NULL, 400, "invalid_range", "to");
	fx_expect_error("GET", "/api/v1/audit?limit=0", FX.admin, NULL, 400, "invalid_limit",
			"limit");
	fx_expect_error("GET", "/api/v1/audit?cursor=x", FX.admin, NULL, 400, "invalid_cursor",
			"cursor");
	fx_expect_error("GET", "/api/v1/audit", NULL, NULL, 401, "unauthorized", NULL);
}

/* ---- refusals ---- */

static void test_http_audit_refusals_are_recorded(void **state)
{
	struct http_response res;
	char target[64], object[32];
	json_t *row;
	int64_t before = count_of("access.refused");
	int64_t case_id;

	(void)state;
	assert_int_equal(call_from(&res, "GET", "/api/v1/audit", FX.agent, NULL, "192.0.2.44"), 403);
	http_response_clear(&res);
	row = newest("access.refused");
	assert_int_equal(fx_int(row, "actor_id"), FX.agent_id);
	assert_string_equal(fx_str(row, "object"), "audit");
	assert_string_equal(fx_str(row, "address"), "192.0.2.44");
	assert_string_equal(detail_str(row, "route"), "GET /api/v1/audit");
	assert_string_equal(detail_str(row, "code"), "forbidden");
	json_decref(row);

	assert_int_equal(call_from(&res, "GET", "/api/v1/audit", FX.cust, NULL, "2001:db8::44"),
			 403);
	http_response_clear(&res);
	row = newest("access.refused");
	assert_int_equal(fx_int(row, "actor_id"), FX.cust_account_id);
	assert_string_equal(fx_str(row, "address"), "2001:db8::44");
	json_decref(row);

	/* A plain write handler, with an id: the object in the writes' own terms. */
	snprintf(target, sizeof target, "/api/v1/agents/%lld", (long long)FX.admin_id);
	assert_int_equal(call_from(&res, "PATCH", target, FX.agent, "{\"name\":\"Me\"}", NULL), 403);
	http_response_clear(&res);
	row = newest("access.refused");
	snprintf(object, sizeof object, "agent/%lld", (long long)FX.admin_id);
	assert_string_equal(fx_str(row, "object"), object);
	assert_string_equal(detail_str(row, "route"), "PATCH /api/v1/agents/{id}");
	assert_true(json_is_null(json_object_get(row, "address")));
	json_decref(row);

	/* A write route (its work rolled back, its refusal kept). */
	case_id = fx_open_case(FX.cust, FX.customer_id, "Refund please");
	snprintf(target, sizeof target, "/api/v1/cases/%lld", (long long)case_id);
	assert_int_equal(call_from(&res, "PATCH", target, FX.cust, "{\"priority\":\"high\"}",
				   "192.0.2.45"),
			 403);
	http_response_clear(&res);
	row = newest("access.refused");
	snprintf(object, sizeof object, "case/%lld", (long long)case_id);
	assert_string_equal(fx_str(row, "object"), object);
	assert_string_equal(detail_str(row, "route"), "PATCH /api/v1/cases/{id}");
	json_decref(row);
	assert_int_equal(count_of("access.refused"), before + 4);

	/* What is not a 403 of a logged-in account is not a refusal. */
	fx_expect_error("GET", "/api/v1/audit", NULL, NULL, 401, "unauthorized", NULL);
	fx_expect_error("GET", "/api/v1/customers/999999", FX.agent, NULL, 404,
			"customer_not_found", NULL);
	assert_int_equal(count_of("access.refused"), before + 4);
}

/* ---- logins ---- */

static int login_from(const char *email, const char *password, const char *address,
		      struct http_response *res)
{
	char body[256];

	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
	return call_from(res, "POST", "/api/v1/sessions", NULL, body, address);
}

static void test_http_audit_failed_logins_appear(void **state)
{
	struct http_response res;
	char object[32];
	json_t *row;

	(void)state;
	assert_int_equal(login_from("agent@example.com", "wrong password!", "198.51.100.20", &res),
			 401);
	http_response_clear(&res);
	row = newest("session.refused");
	snprintf(object, sizeof object, "agent/%lld", (long long)FX.agent_id);
	assert_true(json_is_null(json_object_get(row, "actor_id")));
	assert_string_equal(fx_str(row, "object"), object);
	assert_string_equal(fx_str(row, "address"), "198.51.100.20");
	assert_string_equal(detail_str(row, "reason"), "wrong_password");
	assert_int_equal(strlen(detail_str(row, "login_sha256")), 64);
	json_decref(row);

	assert_int_equal(login_from("nobody@example.com", "wrong password!", "198.51.100.21", &res),
			 401);
	http_response_clear(&res);
	row = newest("session.refused");
	assert_true(json_is_null(json_object_get(row, "object")));
	assert_string_equal(detail_str(row, "reason"), "unknown_account");
	assert_string_equal(fx_str(row, "address"), "198.51.100.21");
	json_decref(row);

	/* A success from an address is recorded with it. */
	assert_int_equal(login_from("agent@example.com", FX_PASSWORD, "198.51.100.22", &res), 201);
	http_response_clear(&res);
	row = newest("session.create");
	assert_string_equal(fx_str(row, "address"), "198.51.100.22");
	json_decref(row);
}

/* 5 failures, then 429 with Retry-After 1, 2, …; a success resets the name. */
static void test_http_audit_too_many_attempts(void **state)
{
	struct http_response res;
	json_t *j;

	(void)state;
	fx_add_account("guess@example.com", LD_ROLE_AGENT, 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(login_from("guess@example.com", "wrong password!", "198.51.100.30",
					    &res),
				 401);
		http_response_clear(&res);
	}
	assert_int_equal(login_from("guess@example.com", FX_PASSWORD, "198.51.100.30", &res), 429);
	assert_int_equal(res.retry_after, 1);
	j = fx_json(&res);
	assert_string_equal(fx_str(json_object_get(j, "error"), "code"), "too_many_attempts");
	json_decref(j);
	http_response_clear(&res);
	/* Another address does not help: the name is throttled. */
	assert_int_equal(login_from("guess@example.com", FX_PASSWORD, "198.51.100.31", &res), 429);
	http_response_clear(&res);

	fx_clock += 1;
	assert_int_equal(login_from("guess@example.com", "wrong password!", NULL, &res), 401);
	http_response_clear(&res);
	assert_int_equal(login_from("guess@example.com", FX_PASSWORD, NULL, &res), 429);
	assert_int_equal(res.retry_after, 2);
	http_response_clear(&res);

	fx_clock += 2;
	assert_int_equal(login_from("guess@example.com", FX_PASSWORD, NULL, &res), 201);
	http_response_clear(&res);
	assert_int_equal(login_from("guess@example.com", "wrong password!", NULL, &res), 401);
	http_response_clear(&res);
	assert_int_equal(login_from("guess@example.com", FX_PASSWORD, NULL, &res), 201);
	http_response_clear(&res);

	/* A name without an account: the same answers. */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(login_from("ghost@example.com", "wrong password!", NULL, &res), 401);
		http_response_clear(&res);
	}
	assert_int_equal(login_from("ghost@example.com", "wrong password!", NULL, &res), 429);
	assert_int_equal(res.retry_after, 1);
	http_response_clear(&res);
}

/* ---- through the group-commit writer ---- */

struct done_flag {
	pthread_mutex_t lock;   /* guards done */
	pthread_cond_t cond;    /* signalled when done */
	bool done;              /* the writer finished the job */
};

static void on_done(struct app_write_job *job)
{
	struct done_flag *f = job->done_arg;

	pthread_mutex_lock(&f->lock);
	f->done = true;
	pthread_cond_signal(&f->cond);
	pthread_mutex_unlock(&f->lock);
}

static void test_http_audit_refusal_through_the_writer(void **state)
{
	char dir[] = "/tmp/ld_http_audit_XXXXXX", path[64], target[64], auth[128], p[96];
	struct app_writer *writer = NULL;
	struct http_pending *pending = NULL;
	struct done_flag flag = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false };
	struct http_request req;
	struct http_response res;
	struct app app;
	struct ld_agent a;
	struct ld_customer c;
	struct app_case_open_in in;
	struct ld_case cs;
	struct ld_err err;
	char token[APP_TOKEN_LEN + 1];
	int64_t refused = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/desk.db", dir);
	assert_int_equal(app_open(&app, path, NULL, &err), LD_OK);
	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "Jana");
	c.preferred_channel = -1;
	assert_int_equal(app_customer_create(&app, NULL, &c, &err), LD_OK);
	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "Jana");
	snprintf(a.email, sizeof a.email, "jana@example.com");
	a.role = LD_ROLE_CUSTOMER;
	a.customer_id = c.id;
	a.active = true;
	assert_int_equal(app_user_add(&app, NULL, &a, FX_PASSWORD, &err), LD_OK);
	assert_int_equal(app_login(&app, NULL, "jana@example.com", FX_PASSWORD, token, NULL, &err), LD_OK);
	memset(&in, 0, sizeof in);
	in.customer_id = c.id;
	in.subject = "Parcel lost";
	in.category = -1;
	in.priority = -1;
	in.first.channel = LD_CH_EMAIL;
	in.first.direction = -1;
	in.first.kind = -1;
	in.first.sentiment = NAN;
	assert_int_equal(app_case_open(&app, NULL, &in, &cs, &err), LD_OK);
	ld_customer_clear(&c);
	assert_int_equal(app_writer_start(path, NULL, &writer, &err), LD_OK);

	snprintf(target, sizeof target, "/api/v1/cases/%lld", (long long)cs.id);
	fx_request(&req, "PATCH", target, token, "{\"priority\":\"high\"}", p, sizeof p, auth,
		   sizeof auth);
	req.address = "192.0.2.77";
	/* Waiting for the writer … */
	http_response_init(&res);
	assert_int_equal(http_dispatch_with(&app, writer, &req, &res, NULL), LD_ERR_FORBIDDEN);
	assert_int_equal(res.status, 403);
	http_response_clear(&res);
	/* … and queued, finished once the writer is done (the server's way). */
	http_response_init(&res);
	assert_int_equal(http_dispatch_with(&app, writer, &req, &res, &pending), LD_OK);
	assert_non_null(pending);
	http_pending_job(pending)->done = on_done;
	http_pending_job(pending)->done_arg = &flag;
	app_writer_submit(writer, http_pending_job(pending));
	pthread_mutex_lock(&flag.lock);
	while (!flag.done)
		pthread_cond_wait(&flag.cond, &flag.lock);
	pthread_mutex_unlock(&flag.lock);
	assert_int_equal(http_dispatch_finish(&app, pending, &res), LD_ERR_FORBIDDEN);
	assert_int_equal(res.status, 403);
	http_response_clear(&res);
	app_writer_stop(writer);

	{
		struct store_audit_query q = { .action = "access.refused", .limit = 10 };
		struct ld_audit rows[10];
		int n = 0;

		assert_int_equal(app_audit_list(&app, NULL, &q, rows, &n, &err), LD_OK);
		assert_int_equal(n, 2);
		for (int i = 0; i < n; i++) {
			assert_int_equal(rows[i].actor_id, a.id);
			assert_string_equal(rows[i].address, "192.0.2.77");
			ld_audit_clear(&rows[i]);
		}
		refused = n;
	}
	assert_int_equal(refused, 2);
	app_close(&app);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", path, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
		unlink(p);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_audit_admin_reads),
		cmocka_unit_test(test_http_audit_filters_and_pages),
		cmocka_unit_test(test_http_audit_bad_parameters),
		cmocka_unit_test(test_http_audit_refusals_are_recorded),
		cmocka_unit_test(test_http_audit_failed_logins_appear),
		cmocka_unit_test(test_http_audit_too_many_attempts),
	};
	const struct CMUnitTest alone[] = {
		cmocka_unit_test(test_http_audit_refusal_through_the_writer),
	};
	int failed = cmocka_run_group_tests(tests, fx_setup, fx_teardown);

	return failed + cmocka_run_group_tests(alone, NULL, NULL);
}
