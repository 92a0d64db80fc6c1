/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Shared fixture of the HTTP tests (each tests/http/test_*.c is its own
 * binary, so this is header-only): an in-memory store, an app with a fake
 * clock, an admin, a staff agent and a customer account logged in over the
 * API itself, and helpers that run a request through http_dispatch() and
 * check its answer.
 *
 * The fixture is built once per test group (logins hash passwords with
 * Argon2id, which is slow by design); tests that write count before and
 * after instead of assuming an empty store.
 */
#ifndef LD_TESTS_HTTP_FIXTURE_H
#define LD_TESTS_HTTP_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "app/app.h"
#include "http/router.h"
#include "store/store.h" /* the fixture opens the store itself, as only app/ and tests may */

#define FX_PASSWORD "correct horse battery"
#define FX_NOW 1795514400 /* 2026-11-24T10:00:00Z */

static int64_t fx_clock = FX_NOW;
static inline int64_t fx_clock_fn(void)
{
	return fx_clock;
}

struct fx {
	struct store *store;          /* in-memory store, owned */
	struct app app;               /* context over it */
	int64_t admin_id;             /* admin account */
	int64_t agent_id;             /* staff agent account */
	int64_t customer_id;          /* the customer record of the portal account */
	int64_t other_customer_id;    /* a customer the portal account must not see */
	int64_t cust_account_id;      /* the portal account */
	char admin[APP_TOKEN_LEN + 1]; /* bearer tokens */
	char agent[APP_TOKEN_LEN + 1];
	char cust[APP_TOKEN_LEN + 1];
};

static struct fx FX;

/* A request with the usual headers: JSON body when `body` is set. */
static inline void fx_request(struct http_request *req, const char *method, const char *target,
		       const char *token, const char *body, char *path_buf, size_t path_cap,
		       char *auth_buf, size_t auth_cap)
{
	const char *q = strchr(target, '?');

	memset(req, 0, sizeof *req);
	req->method = method;
	if (q != NULL) {
		snprintf(path_buf, path_cap, "%.*s", (int)(q - target), target);
		req->query = q + 1;
	} else {
		snprintf(path_buf, path_cap, "%s", target);
	}
	req->path = path_buf;
	if (token != NULL) {
		snprintf(auth_buf, auth_cap, "Bearer %s", token);
		req->authorization = auth_buf;
	}
	if (body != NULL) {
		req->body = body;
		req->body_len = strlen(body);
		req->content_type = "application/json";
	}
}

/* Runs a request; returns the HTTP status; `res` is the caller's to clear. */
static inline int fx_call(struct http_response *res, const char *method, const char *target,
		   const char *token, const char *body)
{
	struct http_request req;
	char path[512], auth[128];

	fx_request(&req, method, target, token, body, path, sizeof path, auth, sizeof auth);
	http_response_init(res);
	http_dispatch(&FX.app, &req, res);
	return res->status;
}

/* The body of `res` as JSON (NULL when there is none); caller json_decref()s. */
static inline json_t *fx_json(const struct http_response *res)
{
	json_error_t jerr;
	json_t *j;

	if (res->body == NULL)
		return NULL;
	j = json_loadb(res->body, res->body_len, 0, &jerr);
	if (j == NULL)
		fail_msg("response is not JSON: %s (%.*s)", jerr.text, (int)res->body_len, res->body);
	return j;
}

/* Runs a request, asserts the status, returns the parsed body. */
static inline json_t *fx_expect(const char *method, const char *target, const char *token,
			 const char *body, int status)
{
	struct http_response res;
	json_t *j;
	int got = fx_call(&res, method, target, token, body);

	if (got != status)
		fail_msg("%s %s: expected %d, got %d: %.*s", method, target, status, got,
			 (int)res.body_len, res.body ? res.body : "");
	j = fx_json(&res);
	http_response_clear(&res);
	return j;
}

/* Asserts an error answer: status, error.code and error.field (NULL = null/absent). */
static inline void fx_expect_error(const char *method, const char *target, const char *token,
			    const char *body, int status, const char *code, const char *field)
{
	json_t *j = fx_expect(method, target, token, body, status);
	json_t *e, *f;

	assert_non_null(j);
	e = json_object_get(j, "error");
	assert_non_null(e);
	if (strcmp(json_string_value(json_object_get(e, "code")), code) != 0)
		fail_msg("%s %s: expected code %s, got %s (%s)", method, target, code,
			 json_string_value(json_object_get(e, "code")),
			 json_string_value(json_object_get(e, "message")));
	assert_non_null(json_object_get(e, "message"));
	f = json_object_get(e, "field");
	if (field == NULL) {
		if (f != NULL && !json_is_null(f))
			fail_msg("%s %s: expected no field, got %s", method, target,
				 json_string_value(f));
	} else {
		assert_non_null(f);
		if (strcmp(json_string_value(f), field) != 0)
			fail_msg("%s %s: expected field %s, got %s", method, target, field,
				 json_string_value(f));
	}
	json_decref(j);
}

/* Integer member of an object (asserts it is one). */
static inline int64_t fx_int(const json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	if (!json_is_integer(v))
		fail_msg("member %s is not an integer", name);
	return (int64_t)json_integer_value(v);
}

/* String member of an object (asserts it is one). */
static inline const char *fx_str(const json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	if (!json_is_string(v))
		fail_msg("member %s is not a string", name);
	return json_string_value(v);
}

/* Number of items a list route answers (one page of 200). */
static inline size_t fx_count(const char *path, const char *token)
{
	char target[256];
	json_t *j;
	size_t n;

	snprintf(target, sizeof target, "%s%slimit=200", path, strchr(path, '?') ? "&" : "?");
	j = fx_expect("GET", target, token, NULL, 200);
	n = json_array_size(json_object_get(j, "items"));
	json_decref(j);
	return n;
}

/* Logs in over the API; copies the token. */
static inline void fx_login(const char *email, char token[APP_TOKEN_LEN + 1])
{
	char body[256];
	json_t *j;

	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, FX_PASSWORD);
	j = fx_expect("POST", "/api/v1/sessions", NULL, body, 201);
	assert_int_equal(strlen(fx_str(j, "token")), APP_TOKEN_LEN);
	memcpy(token, fx_str(j, "token"), APP_TOKEN_LEN + 1);
	json_decref(j);
}

static inline int64_t fx_add_account(const char *email, int role, int64_t customer_id)
{
	struct ld_agent a;
	struct ld_err err;

	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "%s", email);
	snprintf(a.email, sizeof a.email, "%s", email);
	a.role = role;
	a.customer_id = customer_id;
	a.active = true;
	if (app_user_add(&FX.app, NULL, &a, FX_PASSWORD, &err) != LD_OK)
		fail_msg("app_user_add %s: %s %s", email, err.code, err.message);
	return a.id;
}

static inline int64_t fx_add_customer(const char *name, const char *email)
{
	struct ld_customer c;
	struct ld_err err;
	int64_t id;

	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.email, sizeof c.email, "%s", email);
	c.preferred_channel = -1;
	if (app_customer_create(&FX.app, NULL, &c, &err) != LD_OK)
		fail_msg("app_customer_create: %s %s", err.code, err.message);
	id = c.id;
	ld_customer_clear(&c);
	return id;
}

/* Binds FX.app over `store` (borrowed) with the default configuration and the fake clock. */
static inline void fx_bind(struct store *store)
{
	struct app_config cfg;

	app_config_defaults(&cfg);
	cfg.now = fx_clock_fn;
	app_init(&FX.app, store, &cfg);
}

/* Opens the store at `url` into FX (":memory:", or a file a test copies)
 * and fills it with the fixture's accounts, customers and logins. */
static inline void fx_setup_at(const char *url)
{
	struct ld_err err;

	memset(&FX, 0, sizeof FX);
	fx_clock = FX_NOW;
	if (store_open(url, &FX.store, &err) != LD_OK)
		fail_msg("store_open %s: %s", url, err.message);
	fx_bind(FX.store);
	FX.admin_id = fx_add_account("admin@example.com", LD_ROLE_ADMIN, 0);
	FX.agent_id = fx_add_account("agent@example.com", LD_ROLE_AGENT, 0);
	FX.customer_id = fx_add_customer("Jana Nováková", "jana@example.cz");
	FX.other_customer_id = fx_add_customer("Petr Svoboda", "petr@example.cz");
	FX.cust_account_id = fx_add_account("jana@example.cz", LD_ROLE_CUSTOMER, FX.customer_id);
	fx_login("admin@example.com", FX.admin);
	fx_login("agent@example.com", FX.agent);
	fx_login("jana@example.cz", FX.cust);
}

static inline int fx_setup(void **state)
{
	(void)state;
	fx_setup_at(":memory:");
	return 0;
}

static inline int fx_teardown(void **state)
{
	(void)state;
	app_fini(&FX.app);
	store_close(FX.store);
	memset(&FX, 0, sizeof FX);
	return 0;
}

/* Opens a case for `customer_id` over the API as `token`; returns its id. */
static inline int64_t fx_open_case(const char *token, int64_t customer_id, const char *subject)
{
	char body[512];
	json_t *j;
	int64_t id;

	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"%s\",\"channel\":\"email\","
		 "\"body\":\"Hello, my invoice is wrong.\"}",
		 (long long)customer_id, subject);
	j = fx_expect("POST", "/api/v1/cases", token, body, 201);
	id = fx_int(j, "id");
	json_decref(j);
	return id;
}

#endif
