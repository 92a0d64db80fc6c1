/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTTP adapter, in process through http_dispatch(): routing (404, 405 with
 * Allow, bad path ids), authentication (missing, malformed, unknown and
 * logged-out tokens), sessions, health, conditional GET, media types, and
 * the directory resources (organizations, teams, agents, facilities) with
 * their role checks. Cases and customers: test_http_cases.c; the bad-input
 * catalogue: test_http_input.c.
 */
#include "http_fixture.h"

/* ---- routing ---- */

static void test_http_health_needs_no_token(void **state)
{
	json_t *j;

	(void)state;
	j = fx_expect("GET", "/api/v1/health", NULL, NULL, 200);
	assert_string_equal(fx_str(j, "status"), "ok");
	assert_true(fx_int(j, "schema_version") >= 1);
	json_decref(j);
}

static void test_http_unknown_path_is_404(void **state)
{
	(void)state;
	fx_expect_error("GET", "/api/v1/nothing", FX.admin, NULL, 404, "not_found", NULL);
	fx_expect_error("GET", "/", NULL, NULL, 404, "not_found", NULL);
	fx_expect_error("GET", "/api/v2/cases", FX.admin, NULL, 404, "not_found", NULL);
	fx_expect_error("GET", "/api/v1/cases/", FX.admin, NULL, 404, "not_found", NULL);
	fx_expect_error("GET", "/api/v1/cases/1/nothing", FX.admin, NULL, 404, "not_found", NULL);
	fx_expect_error("GET", "/api/v1/cases//interactions", FX.admin, NULL, 404, "not_found",
			NULL);
}

static void test_http_wrong_method_is_405_with_allow(void **state)
{
	struct http_response res;

	(void)state;
	assert_int_equal(fx_call(&res, "DELETE", "/api/v1/cases", FX.admin, NULL), 405);
	assert_string_equal(res.allow, "POST, GET");
	http_response_clear(&res);
	assert_int_equal(fx_call(&res, "PUT", "/api/v1/cases/1", FX.admin, "{}"), 405);
	assert_string_equal(res.allow, "GET, PATCH");
	http_response_clear(&res);
	assert_int_equal(fx_call(&res, "GET", "/api/v1/cases/1/merge", FX.admin, NULL), 405);
	assert_string_equal(res.allow, "POST");
	http_response_clear(&res);
	/* 405 comes before authentication: it describes the resource, not the caller. */
	fx_expect_error("PATCH", "/api/v1/health", NULL, "{}", 405, "method_not_allowed", NULL);
}

static void test_http_bad_path_ids(void **state)
{
	(void)state;
	fx_expect_error("GET", "/api/v1/cases/abc", FX.admin, NULL, 400, "invalid_id", "id");
	fx_expect_error("GET", "/api/v1/cases/0", FX.admin, NULL, 400, "invalid_id", "id");
	fx_expect_error("GET", "/api/v1/cases/-1", FX.admin, NULL, 400, "invalid_id", "id");
	fx_expect_error("GET", "/api/v1/cases/007", FX.admin, NULL, 400, "invalid_id", "id");
	fx_expect_error("GET", "/api/v1/cases/1e3", FX.admin, NULL, 400, "invalid_id", "id");
	fx_expect_error("GET", "/api/v1/cases/99999999999999999999", FX.admin, NULL, 400,
			"invalid_id", "id");
	fx_expect_error("GET", "/api/v1/customers/x/timeline", FX.admin, NULL, 400, "invalid_id",
			"id");
	/* The largest int64 is a well-formed id that does not exist. */
	fx_expect_error("GET", "/api/v1/cases/9223372036854775807", FX.admin, NULL, 404,
			"case_not_found", NULL);
	fx_expect_error("GET", "/api/v1/customers/424242", FX.admin, NULL, 404,
			"customer_not_found", NULL);
	fx_expect_error("GET", "/api/v1/teams/424242", FX.admin, NULL, 404, "team_not_found", NULL);
	fx_expect_error("GET", "/api/v1/agents/424242", FX.admin, NULL, 404, "agent_not_found",
			NULL);
	fx_expect_error("GET", "/api/v1/facilities/424242", FX.admin, NULL, 404,
			"facility_not_found", NULL);
	fx_expect_error("GET", "/api/v1/organizations/424242", FX.admin, NULL, 404,
			"organization_not_found", NULL);
}

static void test_http_head_is_get_without_changes(void **state)
{
	struct http_response res;

	(void)state;
	assert_int_equal(fx_call(&res, "HEAD", "/api/v1/health", NULL, NULL), 200);
	assert_true(res.etag[0] == '"');
	http_response_clear(&res);
}

/* ---- authentication and sessions ---- */

static void test_http_auth_missing_or_malformed(void **state)
{
	struct http_request req;
	struct http_response res;
	char path[64], auth[128];

	(void)state;
	assert_int_equal(fx_call(&res, "GET", "/api/v1/customers", NULL, NULL), 401);
	assert_true(res.www_authenticate);
	http_response_clear(&res);
	fx_expect_error("GET", "/api/v1/customers", NULL, NULL, 401, "unauthorized", NULL);
	fx_expect_error("GET", "/api/v1/customers", "abc", NULL, 401, "unauthorized", NULL);
	fx_expect_error("GET", "/api/v1/customers",
			"0000000000000000000000000000000000000000000000000000000000000000", NULL,
			401, "unauthorized", NULL);
	fx_expect_error("GET", "/api/v1/customers",
			"zz00000000000000000000000000000000000000000000000000000000000000", NULL,
			401, "unauthorized", NULL);
	/* Another scheme. */
	fx_request(&req, "GET", "/api/v1/customers", NULL, NULL, path, sizeof path, auth,
		   sizeof auth);
	req.authorization = "Basic YWRtaW46cGFzcw==";
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 401);
	assert_true(res.www_authenticate);
	http_response_clear(&res);
	/* Writes need a token too, and nothing is written without one. */
	fx_expect_error("POST", "/api/v1/customers", NULL, "{\"name\":\"X\"}", 401, "unauthorized",
			NULL);
}

static void test_http_login_and_logout(void **state)
{
	char token[APP_TOKEN_LEN + 1];
	json_t *j, *agent;

	(void)state;
	j = fx_expect("POST", "/api/v1/sessions", NULL,
		      "{\"email\":\"agent@example.com\",\"password\":\"" FX_PASSWORD "\"}", 201);
	memcpy(token, fx_str(j, "token"), APP_TOKEN_LEN + 1);
	assert_string_equal(fx_str(j, "expires_at"), "2026-12-24T10:00:00Z");
	agent = json_object_get(j, "agent");
	assert_int_equal(fx_int(agent, "id"), FX.agent_id);
	assert_string_equal(fx_str(agent, "role"), "agent");
	assert_string_equal(fx_str(agent, "email"), "agent@example.com");
	json_decref(j);

	j = fx_expect("GET", "/api/v1/sessions/current", token, NULL, 200);
	assert_int_equal(fx_int(json_object_get(j, "agent"), "id"), FX.agent_id);
	json_decref(j);

	assert_null(fx_expect("DELETE", "/api/v1/sessions/current", token, NULL, 204));
	fx_expect_error("GET", "/api/v1/customers", token, NULL, 401, "unauthorized", NULL);
	fx_expect_error("DELETE", "/api/v1/sessions/current", token, NULL, 401, "unauthorized",
			NULL);
	/* The other sessions are untouched. */
	json_decref(fx_expect("GET", "/api/v1/customers", FX.agent, NULL, 200));
}

static void test_http_login_rejected(void **state)
{
	(void)state;
	fx_expect_error("POST", "/api/v1/sessions", NULL,
			"{\"email\":\"agent@example.com\",\"password\":\"wrong password!\"}", 401,
			"invalid_credentials", NULL);
	fx_expect_error("POST", "/api/v1/sessions", NULL,
			"{\"email\":\"nobody@example.com\",\"password\":\"" FX_PASSWORD "\"}", 401,
			"invalid_credentials", NULL);
	fx_expect_error("POST", "/api/v1/sessions", NULL, "{\"email\":\"agent@example.com\"}", 400,
			"missing_field", "password");
	fx_expect_error("POST", "/api/v1/sessions", NULL,
			"{\"email\":\"agent@example.com\",\"password\":12}", 400, "invalid_type",
			"password");
	fx_expect_error("POST", "/api/v1/sessions", NULL,
			"{\"email\":\"a@b.c\",\"password\":\"x\",\"remember\":true}", 400,
			"unknown_field", "remember");
}

static void test_http_customer_session_shows_account(void **state)
{
	json_t *j, *agent;

	(void)state;
	j = fx_expect("GET", "/api/v1/sessions/current", FX.cust, NULL, 200);
	agent = json_object_get(j, "agent");
	assert_int_equal(fx_int(agent, "id"), FX.cust_account_id);
	assert_string_equal(fx_str(agent, "role"), "customer");
	assert_int_equal(fx_int(agent, "customer_id"), FX.customer_id);
	json_decref(j);
}

/* ---- media types and conditional GET ---- */

static void test_http_body_needs_json_media_type(void **state)
{
	struct http_request req;
	struct http_response res;
	char path[64], auth[128];
	size_t before = fx_count("/api/v1/organizations", FX.admin);
	static const char *const bad[] = {NULL, "text/plain", "application/jsonx",
					  "application/json; charset=latin1",
					  "application/x-www-form-urlencoded"};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fx_request(&req, "POST", "/api/v1/organizations", FX.admin, "{\"name\":\"Media\"}",
			   path, sizeof path, auth, sizeof auth);
		req.content_type = bad[i];
		http_response_init(&res);
		http_dispatch(&FX.app, &req, &res);
		assert_int_equal(res.status, 415);
		http_response_clear(&res);
	}
	assert_int_equal(fx_count("/api/v1/organizations", FX.admin), before);
	fx_request(&req, "POST", "/api/v1/organizations", FX.admin, "{\"name\":\"Media OK\"}", path,
		   sizeof path, auth, sizeof auth);
	req.content_type = "Application/JSON; charset=UTF-8";
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 201);
	http_response_clear(&res);
}

static void test_http_if_none_match_answers_304(void **state)
{
	struct http_request req;
	struct http_response res;
	char path[64], auth[128], etag[HTTP_ETAG_MAX], list[128];

	(void)state;
	fx_request(&req, "GET", "/api/v1/teams", FX.admin, NULL, path, sizeof path, auth,
		   sizeof auth);
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 200);
	assert_true(res.etag[0] == '"');
	memcpy(etag, res.etag, sizeof etag);
	http_response_clear(&res);

	req.if_none_match = etag;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 304);
	assert_null(res.body);
	assert_string_equal(res.etag, etag);
	http_response_clear(&res);

	snprintf(list, sizeof list, "\"nope\", W/%s", etag);
	req.if_none_match = list;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 304);
	http_response_clear(&res);

	req.if_none_match = "\"something-else\"";
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(res.body);
	http_response_clear(&res);
}

/* ---- organizations ---- */

static void test_http_organizations(void **state)
{
	json_t *j;
	int64_t id;
	char path[64];
	struct http_response res;

	(void)state;
	assert_int_equal(fx_call(&res, "POST", "/api/v1/organizations", FX.admin,
				 "{\"name\":\"Acme s.r.o.\"}"),
			 201);
	j = fx_json(&res);
	id = fx_int(j, "id");
	snprintf(path, sizeof path, "/api/v1/organizations/%lld", (long long)id);
	assert_string_equal(res.location, path);
	assert_string_equal(fx_str(j, "name"), "Acme s.r.o.");
	assert_string_equal(fx_str(j, "created_at"), "2026-11-24T10:00:00Z");
	json_decref(j);
	http_response_clear(&res);

	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "name"), "Acme s.r.o.");
	json_decref(j);
	j = fx_expect("PATCH", path, FX.admin, "{\"name\":\"Acme a.s.\"}", 200);
	assert_string_equal(fx_str(j, "name"), "Acme a.s.");
	json_decref(j);
	j = fx_expect("GET", "/api/v1/organizations?limit=200", FX.admin, NULL, 200);
	assert_true(json_array_size(json_object_get(j, "items")) >= 1);
	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);
	fx_expect_error("PATCH", path, FX.admin, "{\"name\":5}", 400, "invalid_type", "name");
}

/* ---- teams ---- */

static void test_http_teams(void **state)
{
	json_t *j;
	int64_t id;
	char path[64];
	size_t before = fx_count("/api/v1/teams", FX.admin);

	(void)state;
	j = fx_expect("POST", "/api/v1/teams", FX.admin, "{\"name\":\"Billing\",\"kind\":\"queue\"}",
		      201);
	id = fx_int(j, "id");
	assert_string_equal(fx_str(j, "kind"), "queue");
	assert_true(json_is_null(json_object_get(j, "calendar_id")));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/teams/%lld", (long long)id);
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "name"), "Billing");
	json_decref(j);
	j = fx_expect("PATCH", path, FX.admin, "{\"kind\":\"department\"}", 200);
	assert_string_equal(fx_str(j, "kind"), "department");
	assert_string_equal(fx_str(j, "name"), "Billing");
	json_decref(j);
	assert_int_equal(fx_count("/api/v1/teams", FX.admin), before + 1);

	fx_expect_error("POST", "/api/v1/teams", FX.admin, "{\"name\":\"Q\",\"kind\":\"squad\"}",
			400, "invalid_value", "kind");
	/* Agents read teams but may not create them; customers may not read them. */
	fx_expect_error("POST", "/api/v1/teams", FX.agent, "{\"name\":\"Rogue\"}", 403, "forbidden",
			NULL);
	fx_expect_error("GET", "/api/v1/teams", FX.cust, NULL, 403, "forbidden", NULL);
	assert_int_equal(fx_count("/api/v1/teams", FX.admin), before + 1);
}

/* ---- agents ---- */

static void test_http_agents(void **state)
{
	json_t *j;
	int64_t id;
	char path[64], pw_path[80], token[APP_TOKEN_LEN + 1], other[APP_TOKEN_LEN + 1];
	size_t before = fx_count("/api/v1/agents", FX.admin);

	(void)state;
	j = fx_expect("POST", "/api/v1/agents", FX.admin,
		      "{\"name\":\"Eva Malá\",\"email\":\"Eva@Example.com\",\"role\":\"agent\","
		      "\"languages\":\"cs,en\",\"skills\":\"billing\",\"password\":\"" FX_PASSWORD
		      "\"}",
		      201);
	id = fx_int(j, "id");
	assert_string_equal(fx_str(j, "email"), "eva@example.com");
	assert_string_equal(fx_str(j, "role"), "agent");
	assert_true(json_is_true(json_object_get(j, "active")));
	assert_null(json_object_get(j, "password"));
	json_decref(j);
	assert_int_equal(fx_count("/api/v1/agents", FX.admin), before + 1);

	snprintf(path, sizeof path, "/api/v1/agents/%lld", (long long)id);
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "languages"), "cs,en");
	json_decref(j);
	j = fx_expect("PATCH", path, FX.admin, "{\"senior\":true,\"skills\":\"billing,returns\"}",
		      200);
	assert_true(json_is_true(json_object_get(j, "senior")));
	assert_string_equal(fx_str(j, "skills"), "billing,returns");
	assert_string_equal(fx_str(j, "name"), "Eva Malá");
	json_decref(j);

	j = fx_expect("GET", "/api/v1/agents?role=customer", FX.admin, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	fx_expect_error("GET", "/api/v1/agents?role=boss", FX.admin, NULL, 400, "invalid_value",
			"role");

	snprintf(pw_path, sizeof pw_path, "%s/password", path);
	assert_null(fx_expect("PUT", pw_path, FX.admin, "{\"password\":\"another long secret\"}",
			      204));
	j = fx_expect("POST", "/api/v1/sessions", NULL,
		      "{\"email\":\"eva@example.com\",\"password\":\"another long secret\"}", 201);
	memcpy(token, fx_str(j, "token"), sizeof token);
	json_decref(j);
	json_decref(fx_expect("GET", "/api/v1/customers", token, NULL, 200));
	fx_expect_error("PUT", pw_path, FX.admin, "{\"password\":\"short\"}", 400,
			"password_too_short", "password");

	/* Eva changes her own password from one session: the current one is
	 * asked for, and her other session ends at once. */
	j = fx_expect("POST", "/api/v1/sessions", NULL,
		      "{\"email\":\"eva@example.com\",\"password\":\"another long secret\"}", 201);
	memcpy(other, fx_str(j, "token"), sizeof other);
	json_decref(j);
	fx_expect_error("PUT", pw_path, token, "{\"password\":\"eva's new secret\"}", 400,
			"required", "current_password");
	fx_expect_error("PUT", pw_path, token,
			"{\"password\":\"eva's new secret\",\"current_password\":\"guessing wrong\"}",
			403, "wrong_password", "current_password");
	fx_expect_error("PUT", pw_path, token,
			"{\"password\":\"eva's new secret\",\"current_password\":7}", 400,
			"invalid_type", "current_password");
	json_decref(fx_expect("GET", "/api/v1/customers", other, NULL, 200));
	assert_null(fx_expect("PUT", pw_path, token,
			      "{\"password\":\"eva's new secret\","
			      "\"current_password\":\"another long secret\"}",
			      204));
	json_decref(fx_expect("GET", "/api/v1/customers", token, NULL, 200));
	fx_expect_error("GET", "/api/v1/customers", other, NULL, 401, "unauthorized", NULL);

	/* Deactivated, then reactivated: the old token stays dead. */
	json_decref(fx_expect("PATCH", path, FX.admin, "{\"active\":false}", 200));
	fx_expect_error("GET", "/api/v1/customers", token, NULL, 401, "unauthorized", NULL);
	json_decref(fx_expect("PATCH", path, FX.admin, "{\"active\":true}", 200));
	fx_expect_error("GET", "/api/v1/customers", token, NULL, 401, "unauthorized", NULL);
	json_decref(fx_expect("POST", "/api/v1/sessions", NULL,
			      "{\"email\":\"eva@example.com\",\"password\":\"eva's new secret\"}",
			      201));
}

static void test_http_agent_cannot_create_accounts(void **state)
{
	size_t before = fx_count("/api/v1/agents", FX.admin);

	(void)state;
	fx_expect_error("POST", "/api/v1/agents", FX.agent,
			"{\"name\":\"Mallory\",\"email\":\"mallory@example.com\",\"role\":\"admin\"}",
			403, "forbidden", NULL);
	fx_expect_error("POST", "/api/v1/agents", FX.agent,
			"{\"name\":\"Mallory\",\"email\":\"mallory@example.com\",\"role\":\"agent\"}",
			403, "forbidden", NULL);
	fx_expect_error("POST", "/api/v1/agents", FX.cust,
			"{\"name\":\"Mallory\",\"email\":\"mallory@example.com\",\"role\":\"agent\"}",
			403, "forbidden", NULL);
	fx_expect_error("GET", "/api/v1/agents", FX.cust, NULL, 403, "forbidden", NULL);
	assert_int_equal(fx_count("/api/v1/agents", FX.admin), before);
}

static void test_http_duplicate_agent_email_conflicts(void **state)
{
	size_t before = fx_count("/api/v1/agents", FX.admin);

	(void)state;
	fx_expect_error("POST", "/api/v1/agents", FX.admin,
			"{\"name\":\"Again\",\"email\":\"agent@example.com\",\"role\":\"agent\"}",
			409, "agent_exists", "email");
	assert_int_equal(fx_count("/api/v1/agents", FX.admin), before);
}

/* ---- facilities ---- */

static void test_http_facilities(void **state)
{
	json_t *j, *items;
	int64_t id;
	char path[64];
	bool listed = false;

	(void)state;
	j = fx_expect("POST", "/api/v1/facilities", FX.admin,
		      "{\"name\":\"Brno branch\",\"address\":\"Náměstí Svobody 1, Brno\","
		      "\"hours\":\"mon-fri 08:00-17:00\",\"tz\":\"Europe/Prague\"}",
		      201);
	id = fx_int(j, "id");
	assert_string_equal(fx_str(j, "tz"), "Europe/Prague");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/facilities/%lld", (long long)id);
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "address"), "Náměstí Svobody 1, Brno");
	json_decref(j);
	j = fx_expect("PATCH", path, FX.admin, "{\"hours\":\"mon-sat 08:00-18:00\"}", 200);
	assert_string_equal(fx_str(j, "hours"), "mon-sat 08:00-18:00");
	json_decref(j);
	assert_true(fx_count("/api/v1/facilities", FX.agent) >= 1);
	fx_expect_error("PATCH", path, FX.admin, "{\"tz\":\"../etc/passwd\"}", 400,
			"invalid_time_zone", "tz");
	/* Well-formed names and texts that mean nothing are refused too. */
	fx_expect_error("PATCH", path, FX.admin, "{\"tz\":\"Mars/Olympus\"}", 400,
			"invalid_time_zone", "tz");
	fx_expect_error("PATCH", path, FX.admin, "{\"hours\":\"mon-fri 25:00-99:00\"}", 400,
			"invalid_hours", "hours");
	fx_expect_error("PATCH", path, FX.admin, "{\"hours\":\"whenever\"}", 400,
			"invalid_hours", "hours");
	fx_expect_error("POST", "/api/v1/facilities", FX.admin,
			"{\"name\":\"Olympus Mons\",\"tz\":\"Mars/Olympus\"}", 400,
			"invalid_time_zone", "tz");
	fx_expect_error("POST", "/api/v1/facilities", FX.admin,
			"{\"name\":\"Olympus Mons\",\"hours\":\"mon-fri 25:00-99:00\"}", 400,
			"invalid_hours", "hours");
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "tz"), "Europe/Prague");
	assert_string_equal(fx_str(j, "hours"), "mon-sat 08:00-18:00");
	json_decref(j);

	/* A customer's portal login reads the branches — one and the list — with
	 * the fields staff see (none is the desk's own business), and may create
	 * or change none; nor may an agent. */
	j = fx_expect("GET", path, FX.cust, NULL, 200);
	assert_int_equal(fx_int(j, "id"), id);
	assert_string_equal(fx_str(j, "name"), "Brno branch");
	assert_string_equal(fx_str(j, "address"), "Náměstí Svobody 1, Brno");
	assert_string_equal(fx_str(j, "hours"), "mon-sat 08:00-18:00");
	assert_string_equal(fx_str(j, "tz"), "Europe/Prague");
	json_decref(j);
	j = fx_expect("GET", "/api/v1/facilities?limit=200", FX.cust, NULL, 200);
	items = json_object_get(j, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		listed |= fx_int(json_array_get(items, i), "id") == id;
	assert_true(listed);
	json_decref(j);
	fx_expect_error("GET", "/api/v1/facilities/424242", FX.cust, NULL, 404,
			"facility_not_found", NULL);
	fx_expect_error("POST", "/api/v1/facilities", FX.cust, "{\"name\":\"Mine\"}", 403,
			"forbidden", NULL);
	fx_expect_error("PATCH", path, FX.cust, "{\"hours\":\"24/7\"}", 403, "forbidden", NULL);
	fx_expect_error("POST", "/api/v1/facilities", FX.agent, "{\"name\":\"Mine\"}", 403,
			"forbidden", NULL);
	fx_expect_error("PATCH", path, FX.agent, "{\"hours\":\"24/7\"}", 403, "forbidden", NULL);
	j = fx_expect("GET", path, FX.admin, NULL, 200);
	assert_string_equal(fx_str(j, "hours"), "mon-sat 08:00-18:00");
	json_decref(j);
	j = fx_expect("PATCH", path, FX.admin,
		      "{\"hours\":\"24/7\",\"tz\":\"America/New_York\"}", 200);
	assert_string_equal(fx_str(j, "tz"), "America/New_York");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_health_needs_no_token),
		cmocka_unit_test(test_http_unknown_path_is_404),
		cmocka_unit_test(test_http_wrong_method_is_405_with_allow),
		cmocka_unit_test(test_http_bad_path_ids),
		cmocka_unit_test(test_http_head_is_get_without_changes),
		cmocka_unit_test(test_http_auth_missing_or_malformed),
		cmocka_unit_test(test_http_login_and_logout),
		cmocka_unit_test(test_http_login_rejected),
		cmocka_unit_test(test_http_customer_session_shows_account),
		cmocka_unit_test(test_http_body_needs_json_media_type),
		cmocka_unit_test(test_http_if_none_match_answers_304),
		cmocka_unit_test(test_http_organizations),
		cmocka_unit_test(test_http_teams),
		cmocka_unit_test(test_http_agents),
		cmocka_unit_test(test_http_agent_cannot_create_accounts),
		cmocka_unit_test(test_http_duplicate_agent_email_conflicts),
		cmocka_unit_test(test_http_facilities),
	};

	return cmocka_run_group_tests_name("http", tests, fx_setup, fx_teardown);
}
