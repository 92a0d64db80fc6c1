/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTTP adapter, in process: customers (create, search, pages, update,
 * timeline) and cases (open with the first interaction inline, read with
 * SLA and effort, list filters, PATCH with If-Match, interactions,
 * transfer, merge), and what a customer's portal account may see and set.
 */
#include "http_fixture.h"

/* ---- customers ---- */

static void test_http_customer_create_get_patch(void **state)
{
	struct http_response res;
	json_t *j;
	int64_t id;
	char path[64];

	(void)state;
	assert_int_equal(fx_call(&res, "POST", "/api/v1/customers", FX.agent,
				 "{\"name\":\"Zofia Wójcik\",\"email\":\"Zofia@Example.pl\","
				 "\"phone\":\"+48 600 100 200\",\"language\":\"pl\","
				 "\"preferred_channel\":\"phone\",\"notes\":\"VIP\",\"consent\":true}"),
			 201);
	j = fx_json(&res);
	id = fx_int(j, "id");
	snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)id);
	assert_string_equal(res.location, path);
	http_response_clear(&res);
	assert_string_equal(fx_str(j, "email"), "zofia@example.pl");
	assert_string_equal(fx_str(j, "preferred_channel"), "phone");
	assert_string_equal(fx_str(j, "notes"), "VIP");
	assert_true(json_is_true(json_object_get(j, "consent")));
	assert_true(json_is_null(json_object_get(j, "org_id")));
	assert_true(json_is_null(json_object_get(j, "erased_at")));
	assert_string_equal(fx_str(j, "created_at"), "2026-11-24T10:00:00Z");
	json_decref(j);

	j = fx_expect("PATCH", path, FX.agent, "{\"notes\":null,\"preferred_channel\":null}", 200);
	assert_true(json_is_null(json_object_get(j, "notes")));
	assert_true(json_is_null(json_object_get(j, "preferred_channel")));
	assert_string_equal(fx_str(j, "name"), "Zofia Wójcik");
	assert_string_equal(fx_str(j, "language"), "pl");
	json_decref(j);
	j = fx_expect("GET", path, FX.admin, NULL, 200);
	assert_string_equal(fx_str(j, "phone"), "+48 600 100 200");
	json_decref(j);
}

static void test_http_customer_search_and_pages(void **state)
{
	json_t *j;
	const char *cursor;
	char target[128];
	int64_t first_page_last;

	(void)state;
	j = fx_expect("GET", "/api/v1/customers?q=novakova", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(fx_int(json_array_get(json_object_get(j, "items"), 0), "id"),
			 FX.customer_id);
	json_decref(j);

	j = fx_expect("GET", "/api/v1/customers?limit=1", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	first_page_last = fx_int(json_array_get(json_object_get(j, "items"), 0), "id");
	cursor = fx_str(j, "next_cursor");
	snprintf(target, sizeof target, "/api/v1/customers?limit=1&cursor=%s", cursor);
	json_decref(j);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_true(fx_int(json_array_get(json_object_get(j, "items"), 0), "id") > first_page_last);
	json_decref(j);
	/* The query is decoded: %20 and + are spaces. */
	j = fx_expect("GET", "/api/v1/customers?q=Jana%20Nov%C3%A1kov%C3%A1", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
}

static void test_http_customer_role_sees_only_itself(void **state)
{
	char path[64];
	json_t *j;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)FX.customer_id);
	j = fx_expect("GET", path, FX.cust, NULL, 200);
	assert_string_equal(fx_str(j, "name"), "Jana Nováková");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)FX.other_customer_id);
	fx_expect_error("GET", path, FX.cust, NULL, 404, "customer_not_found", NULL);
	snprintf(path, sizeof path, "/api/v1/customers/%lld/timeline",
		 (long long)FX.other_customer_id);
	fx_expect_error("GET", path, FX.cust, NULL, 404, "customer_not_found", NULL);
	fx_expect_error("POST", "/api/v1/customers", FX.cust, "{\"name\":\"Sneaky\"}", 403,
			"forbidden", NULL);
}

/* ---- cases ---- */

static void test_http_case_open_renders_everything(void **state)
{
	struct http_response res;
	char body[512], path[64], etag[32];
	json_t *j, *sla, *effort;
	int64_t id;

	(void)state;
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"Invoice 2026/11 is wrong\","
		 "\"category\":\"complaint\",\"priority\":\"high\",\"language\":\"cs\","
		 "\"channel\":\"phone\",\"direction\":\"in\",\"body\":\"Twice charged\","
		 "\"started_at\":\"2026-11-24T09:30:00Z\",\"duration_s\":240}",
		 (long long)FX.customer_id);
	assert_int_equal(fx_call(&res, "POST", "/api/v1/cases", FX.agent, body), 201);
	j = fx_json(&res);
	id = fx_int(j, "id");
	snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)id);
	assert_string_equal(res.location, path);
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)fx_int(j, "version"));
	assert_string_equal(res.etag, etag);
	http_response_clear(&res);

	assert_int_equal(fx_int(j, "customer_id"), FX.customer_id);
	assert_string_equal(fx_str(j, "category"), "complaint");
	assert_string_equal(fx_str(j, "priority"), "high");
	assert_string_equal(fx_str(j, "language"), "cs");
	assert_non_null(fx_str(j, "status"));
	assert_int_equal(fx_int(j, "reopen_count"), 0);
	assert_true(json_is_null(json_object_get(j, "merged_into_id")));
	assert_true(json_is_null(json_object_get(j, "resolved_at")));
	sla = json_object_get(j, "sla");
	assert_true(json_is_object(sla));
	assert_true(json_is_boolean(json_object_get(sla, "paused")));
	assert_true(json_is_integer(json_object_get(sla, "resolution_remaining_s")));
	effort = json_object_get(j, "effort");
	assert_true(json_is_object(effort));
	assert_int_equal(fx_int(effort, "contacts"), 1);
	assert_int_equal(fx_int(effort, "transfers"), 0);
	assert_true(json_is_number(json_object_get(effort, "score")));
	assert_string_equal(fx_str(effort, "band"), "low");
	json_decref(j);

	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "subject"), "Invoice 2026/11 is wrong");
	json_decref(j);
}

static void test_http_case_list_filters(void **state)
{
	char target[128];
	json_t *j, *items;
	int64_t id = fx_open_case(FX.agent, FX.other_customer_id, "Filter me");

	(void)state;
	snprintf(target, sizeof target, "/api/v1/cases?customer_id=%lld",
		 (long long)FX.other_customer_id);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	assert_true(json_array_size(items) >= 1);
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_int_equal(fx_int(json_array_get(items, i), "customer_id"),
				 FX.other_customer_id);
	json_decref(j);

	snprintf(target, sizeof target, "/api/v1/cases?customer_id=%lld&status=closed",
		 (long long)FX.other_customer_id);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);

	snprintf(target, sizeof target, "/api/v1/cases?cursor=%lld", (long long)(id - 1));
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	assert_int_equal(fx_int(json_array_get(json_object_get(j, "items"), 0), "id"), id);
	json_decref(j);
	fx_expect_error("GET", "/api/v1/cases?status=lost", FX.agent, NULL, 400, "invalid_value",
			"status");
	fx_expect_error("GET", "/api/v1/cases?owner_id=me", FX.agent, NULL, 400, "invalid_id",
			"owner_id");
}

static void test_http_case_patch_and_if_match(void **state)
{
	struct http_request req;
	struct http_response res;
	char path[64], auth[128], stale[32], fresh[32], p[64];
	int64_t id = fx_open_case(FX.agent, FX.customer_id, "Patch me");
	json_t *j;

	(void)state;
	snprintf(p, sizeof p, "/api/v1/cases/%lld", (long long)id);
	j = fx_expect("GET", p, FX.agent, NULL, 200);
	snprintf(stale, sizeof stale, "\"%lld\"", (long long)fx_int(j, "version"));
	json_decref(j);

	fx_request(&req, "PATCH", p, FX.agent, "{\"priority\":\"urgent\",\"owner_id\":null}", path,
		   sizeof path, auth, sizeof auth);
	req.if_match = stale;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 200);
	j = fx_json(&res);
	assert_string_equal(fx_str(j, "priority"), "urgent");
	snprintf(fresh, sizeof fresh, "\"%lld\"", (long long)fx_int(j, "version"));
	assert_string_equal(res.etag, fresh);
	assert_string_not_equal(fresh, stale);
	json_decref(j);
	http_response_clear(&res);

	/* The old ETag is stale now: 412, and nothing changes. */
	fx_request(&req, "PATCH", p, FX.agent, "{\"subject\":\"Lost update\"}", path, sizeof path,
		   auth, sizeof auth);
	req.if_match = stale;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 412);
	j = fx_json(&res);
	assert_string_equal(fx_str(json_object_get(j, "error"), "code"), "precondition_failed");
	json_decref(j);
	http_response_clear(&res);
	req.if_match = "W/\"1\"";
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 412);
	http_response_clear(&res);
	j = fx_expect("GET", p, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "subject"), "Patch me");
	json_decref(j);

	/* If-None-Match with the current version: 304. */
	fx_request(&req, "GET", p, FX.agent, NULL, path, sizeof path, auth, sizeof auth);
	req.if_none_match = fresh;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_int_equal(res.status, 304);
	http_response_clear(&res);

	/* Without If-Match the write goes through; status changes are recorded. */
	j = fx_expect("PATCH", p, FX.agent, "{\"status\":\"resolved\"}", 200);
	assert_string_equal(fx_str(j, "status"), "resolved");
	assert_string_equal(fx_str(j, "resolved_at"), "2026-11-24T10:00:00Z");
	json_decref(j);
	fx_expect_error("PATCH", p, FX.agent, "{\"status\":\"archived\"}", 400, "invalid_value",
			"status");
	fx_expect_error("PATCH", p, FX.agent, "{\"version\":3}", 400, "unknown_field", "version");
}

static void test_http_case_interactions(void **state)
{
	struct http_response res;
	char p[80], list[96];
	int64_t id = fx_open_case(FX.agent, FX.customer_id, "Talk to me");
	json_t *j, *items;

	(void)state;
	snprintf(p, sizeof p, "/api/v1/cases/%lld/interactions", (long long)id);
	assert_int_equal(fx_call(&res, "POST", p, FX.agent,
				 "{\"channel\":\"email\",\"direction\":\"out\","
				 "\"body\":\"We are on it.\",\"sentiment\":0.5}"),
			 201);
	assert_string_equal(res.location, p);
	j = fx_json(&res);
	http_response_clear(&res);
	assert_int_equal(fx_int(j, "case_id"), id);
	assert_int_equal(fx_int(j, "customer_id"), FX.customer_id);
	assert_string_equal(fx_str(j, "direction"), "out");
	assert_string_equal(fx_str(j, "kind"), "message");
	assert_int_equal(fx_int(j, "agent_id"), FX.agent_id);
	assert_true(json_is_null(json_object_get(j, "status_to")));
	json_decref(j);

	/* A customer adds an inbound message to its own case. */
	json_decref(fx_expect("POST", p, FX.cust, "{\"channel\":\"web\",\"body\":\"Thanks!\"}",
			      201));

	j = fx_expect("GET", p, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(fx_str(json_array_get(items, 0), "body"), "Hello, my invoice is wrong.");
	assert_string_equal(fx_str(json_array_get(items, 2), "channel"), "web");
	json_decref(j);
	snprintf(list, sizeof list, "%s?limit=2", p);
	j = fx_expect("GET", list, FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_true(json_is_string(json_object_get(j, "next_cursor")));
	json_decref(j);

	/* The customer reads the conversation of its own case. */
	j = fx_expect("GET", p, FX.cust, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	json_decref(j);
}

static void test_http_case_transfer_and_merge(void **state)
{
	char p[96], body[128];
	int64_t a = fx_open_case(FX.agent, FX.customer_id, "First contact");
	int64_t b = fx_open_case(FX.agent, FX.customer_id, "Same thing again");
	json_t *j;

	(void)state;
	snprintf(p, sizeof p, "/api/v1/cases/%lld/transfer", (long long)a);
	snprintf(body, sizeof body, "{\"to_agent_id\":%lld,\"note\":\"Customer was charged twice\"}",
		 (long long)FX.admin_id);
	/* Nobody owned it: the first hand-over is an assignment, not a transfer. */
	j = fx_expect("POST", p, FX.agent, body, 200);
	assert_int_equal(fx_int(j, "owner_id"), FX.admin_id);
	assert_int_equal(fx_int(json_object_get(j, "effort"), "transfers"), 0);
	json_decref(j);
	snprintf(body, sizeof body, "{\"to_agent_id\":%lld}", (long long)FX.agent_id);
	j = fx_expect("POST", p, FX.agent, body, 200);
	assert_int_equal(fx_int(j, "owner_id"), FX.agent_id);
	assert_int_equal(fx_int(json_object_get(j, "effort"), "transfers"), 1);
	json_decref(j);
	fx_expect_error("POST", p, FX.agent, "{\"to_agent_id\":\"me\"}", 400, "invalid_type",
			"to_agent_id");
	fx_expect_error("POST", p, FX.agent, "{\"to_agent_id\":424242}", 404, "agent_not_found",
			"to_agent_id");

	snprintf(p, sizeof p, "/api/v1/cases/%lld/merge", (long long)b);
	snprintf(body, sizeof body, "{\"into_id\":%lld}", (long long)a);
	j = fx_expect("POST", p, FX.agent, body, 200);
	assert_int_equal(fx_int(j, "id"), a);
	assert_true(json_is_null(json_object_get(j, "merged_into_id")));
	json_decref(j);
	snprintf(p, sizeof p, "/api/v1/cases/%lld", (long long)b);
	j = fx_expect("GET", p, FX.agent, NULL, 200);
	assert_int_equal(fx_int(j, "merged_into_id"), a);
	json_decref(j);
	snprintf(p, sizeof p, "/api/v1/cases/%lld/merge", (long long)a);
	fx_expect_error("POST", p, FX.agent, "{\"into_id\":424242}", 404, "case_not_found",
			"into_id");
	fx_expect_error("POST", p, FX.agent, "{}", 400, "missing_field", "into_id");
}

/*
 * A refused change of owner or team by PATCH names the field the client
 * sent (owner_id, team_id), not the transfer's own (to_agent_id,
 * to_team_id) it is carried out by.
 */
static void test_http_case_patch_owner_errors_name_its_fields(void **state)
{
	char p[64], body[96];
	int64_t id = fx_open_case(FX.agent, FX.customer_id, "Whose is it");
	json_t *j;

	(void)state;
	snprintf(p, sizeof p, "/api/v1/cases/%lld", (long long)id);
	snprintf(body, sizeof body, "{\"owner_id\":%lld}", (long long)FX.agent_id);
	j = fx_expect("PATCH", p, FX.agent, body, 200); /* owned now: a change is a transfer */
	assert_int_equal(fx_int(j, "owner_id"), FX.agent_id);
	json_decref(j);
	fx_expect_error("PATCH", p, FX.agent, "{\"owner_id\":424242}", 404, "agent_not_found",
			"owner_id");
	snprintf(body, sizeof body, "{\"owner_id\":%lld}", (long long)FX.cust_account_id);
	fx_expect_error("PATCH", p, FX.agent, body, 400, "agent_not_active", "owner_id");
	fx_expect_error("PATCH", p, FX.agent, "{\"owner_id\":-3}", 400, "invalid_id", "owner_id");
	snprintf(body, sizeof body, "{\"team_id\":424242,\"owner_id\":%lld}",
		 (long long)FX.admin_id);
	fx_expect_error("PATCH", p, FX.agent, body, 404, "team_not_found", "team_id");
	/* the transfer route still names its own fields */
	snprintf(p, sizeof p, "/api/v1/cases/%lld/transfer", (long long)id);
	fx_expect_error("POST", p, FX.agent, "{\"to_agent_id\":424242}", 404, "agent_not_found",
			"to_agent_id");
	fx_expect_error("POST", p, FX.agent, "{\"to_team_id\":424242}", 404, "team_not_found",
			"to_team_id");
}

static void test_http_customer_sees_only_own_cases(void **state)
{
	int64_t mine = fx_open_case(FX.agent, FX.customer_id, "Mine");
	int64_t theirs = fx_open_case(FX.agent, FX.other_customer_id, "Not mine");
	char p[96], body[256];
	json_t *j, *items;
	size_t before;

	(void)state;
	j = fx_expect("GET", "/api/v1/cases?limit=200", FX.cust, NULL, 200);
	items = json_object_get(j, "items");
	assert_true(json_array_size(items) >= 1);
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_int_equal(fx_int(json_array_get(items, i), "customer_id"), FX.customer_id);
	json_decref(j);

	snprintf(p, sizeof p, "/api/v1/cases/%lld", (long long)mine);
	json_decref(fx_expect("GET", p, FX.cust, NULL, 200));
	snprintf(p, sizeof p, "/api/v1/cases/%lld", (long long)theirs);
	fx_expect_error("GET", p, FX.cust, NULL, 404, "case_not_found", NULL);
	snprintf(p, sizeof p, "/api/v1/cases/%lld/interactions", (long long)theirs);
	before = fx_count(p, FX.agent);
	fx_expect_error("POST", p, FX.cust, "{\"channel\":\"web\",\"body\":\"hi\"}", 404,
			"case_not_found", NULL);
	assert_int_equal(fx_count(p, FX.agent), before);
	snprintf(p, sizeof p, "/api/v1/cases/%lld", (long long)mine);
	fx_expect_error("PATCH", p, FX.cust, "{\"priority\":\"urgent\"}", 403, "forbidden", NULL);
	snprintf(body, sizeof body, "{\"customer_id\":%lld,\"subject\":\"x\",\"channel\":\"web\"}",
		 (long long)FX.other_customer_id);
	before = fx_count("/api/v1/cases", FX.admin);
	fx_expect_error("POST", "/api/v1/cases", FX.cust, body, 404, "customer_not_found", NULL);
	assert_int_equal(fx_count("/api/v1/cases", FX.admin), before);
}

static void test_http_customer_timeline(void **state)
{
	char p[96], target[160];
	json_t *j, *items;
	size_t total;
	const char *cursor;

	(void)state;
	fx_open_case(FX.agent, FX.other_customer_id, "Timeline one");
	fx_open_case(FX.agent, FX.other_customer_id, "Timeline two");
	snprintf(p, sizeof p, "/api/v1/customers/%lld/timeline", (long long)FX.other_customer_id);
	total = fx_count(p, FX.agent);
	assert_true(total >= 2);
	j = fx_expect("GET", p, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_int_equal(fx_int(json_array_get(items, i), "customer_id"),
				 FX.other_customer_id);
	json_decref(j);

	snprintf(target, sizeof target, "%s?limit=1", p);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	cursor = fx_str(j, "next_cursor");
	assert_non_null(strchr(cursor, '.'));
	snprintf(target, sizeof target, "%s?limit=200&cursor=%s", p, cursor);
	json_decref(j);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), total - 1);
	json_decref(j);
	snprintf(target, sizeof target, "%s?cursor=12", p);
	fx_expect_error("GET", target, FX.agent, NULL, 400, "invalid_cursor", "cursor");
	snprintf(target, sizeof target, "%s?cursor=abc.def", p);
	fx_expect_error("GET", target, FX.agent, NULL, 400, "invalid_cursor", "cursor");
}

/* ---- what a customer account may see and set; contacts that cannot be ---- */

/* The desk's notes on a customer never reach that customer's account. */
static void test_http_customer_never_sees_staff_notes(void **state)
{
	char path[64], body[128];
	json_t *j;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)FX.customer_id);
	j = fx_expect("PATCH", path, FX.agent,
		      "{\"notes\":\"Threatened to leave; offer the loyalty discount first\"}", 200);
	assert_string_equal(fx_str(j, "notes"),
			    "Threatened to leave; offer the loyalty discount first");
	json_decref(j);

	j = fx_expect("GET", path, FX.cust, NULL, 200);
	assert_string_equal(fx_str(j, "name"), "Jana Nováková");
	assert_non_null(json_object_get(j, "notes"));
	assert_true(json_is_null(json_object_get(j, "notes")));
	json_decref(j);
	/* The other routes that carry customer records are closed to it. */
	fx_expect_error("GET", "/api/v1/customers", FX.cust, NULL, 403, "forbidden", NULL);
	fx_expect_error("GET", "/api/v1/customers?order=risk", FX.cust, NULL, 403, "forbidden",
			NULL);
	fx_expect_error("PATCH", path, FX.cust, "{\"name\":\"Jana N.\"}", 403, "forbidden", NULL);
	/* Staff still read them. */
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "notes"),
			    "Threatened to leave; offer the loyalty discount first");
	json_decref(j);
	snprintf(body, sizeof body, "{\"notes\":null}");
	json_decref(fx_expect("PATCH", path, FX.agent, body, 200));
}

/* A customer sending a staff-only field: 403 field_forbidden naming it, nothing written. */
static void test_http_customer_cannot_set_staff_fields(void **state)
{
	static const char *const case_fields[][2] = {
		{"priority", "\"urgent\""},
		{"priority", "\"normal\""}, /* even the default: the field is not the customer's */
		{"priority", "null"},
		{"owner_id", "%AGENT%"},
		{"team_id", "1"},
		{"agent_id", "%AGENT%"},
		{"agent_id", "null"},
		{"facility_id", "1"},
		{"started_at", "\"2020-01-01T09:00:00Z\""},
	};
	static const char *const contact_fields[][2] = {
		{"agent_id", "%AGENT%"},
		{"facility_id", "1"},
		{"started_at", "\"2026-11-24T09:59:00Z\""},
		{"sentiment", "0.9"},
		{"sentiment", "null"},
	};
	int64_t mine = fx_open_case(FX.agent, FX.customer_id, "Staff fields");
	char body[512], value[32], p[80];
	size_t cases, contacts;
	json_t *j;

	(void)state;
	snprintf(p, sizeof p, "/api/v1/cases/%lld/interactions", (long long)mine);
	cases = fx_count("/api/v1/cases", FX.admin);
	contacts = fx_count(p, FX.agent);
	for (size_t i = 0; i < sizeof case_fields / sizeof case_fields[0]; i++) {
		if (strcmp(case_fields[i][1], "%AGENT%") == 0)
			snprintf(value, sizeof value, "%lld", (long long)FX.agent_id);
		else
			snprintf(value, sizeof value, "%s", case_fields[i][1]);
		snprintf(body, sizeof body,
			 "{\"customer_id\":%lld,\"subject\":\"Backdated\",\"channel\":\"web\","
			 "\"body\":\"Where is my refund?\",\"%s\":%s}",
			 (long long)FX.customer_id, case_fields[i][0], value);
		fx_expect_error("POST", "/api/v1/cases", FX.cust, body, 403, "field_forbidden",
				case_fields[i][0]);
	}
	/* The case that arrived already breached: urgent, backdated to 2020. */
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"Urgent!\",\"priority\":\"urgent\","
		 "\"channel\":\"web\",\"started_at\":\"2020-01-01T09:00:00Z\"}",
		 (long long)FX.customer_id);
	fx_expect_error("POST", "/api/v1/cases", FX.cust, body, 403, "field_forbidden",
			"priority");
	assert_int_equal(fx_count("/api/v1/cases", FX.admin), cases);

	for (size_t i = 0; i < sizeof contact_fields / sizeof contact_fields[0]; i++) {
		if (strcmp(contact_fields[i][1], "%AGENT%") == 0)
			snprintf(value, sizeof value, "%lld", (long long)FX.agent_id);
		else
			snprintf(value, sizeof value, "%s", contact_fields[i][1]);
		snprintf(body, sizeof body, "{\"channel\":\"web\",\"body\":\"Any news?\",\"%s\":%s}",
			 contact_fields[i][0], value);
		fx_expect_error("POST", p, FX.cust, body, 403, "field_forbidden",
				contact_fields[i][0]);
	}
	assert_int_equal(fx_count(p, FX.agent), contacts);

	/* Without them the customer is served as before, at normal priority, now. */
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"Plain\",\"channel\":\"web\","
		 "\"body\":\"Where is my refund?\"}",
		 (long long)FX.customer_id);
	j = fx_expect("POST", "/api/v1/cases", FX.cust, body, 201);
	assert_string_equal(fx_str(j, "priority"), "normal");
	assert_string_equal(fx_str(j, "created_at"), "2026-11-24T10:00:00Z");
	assert_false(json_is_true(json_object_get(json_object_get(j, "sla"),
						  "first_response_breached")));
	json_decref(j);
	json_decref(fx_expect("POST", p, FX.cust, "{\"channel\":\"web\",\"body\":\"Any news?\"}",
			      201));
	/* Staff set the same fields freely. */
	snprintf(body, sizeof body,
		 "{\"channel\":\"phone\",\"agent_id\":%lld,\"started_at\":\"2026-11-24T09:59:00Z\","
		 "\"sentiment\":-0.4}",
		 (long long)FX.agent_id);
	json_decref(fx_expect("POST", p, FX.agent, body, 201));
}

/* The answer to a new interaction carries its stored body. */
static void test_http_interaction_answer_carries_body(void **state)
{
	int64_t id = fx_open_case(FX.agent, FX.customer_id, "Body please");
	char p[80];
	json_t *j, *items;

	(void)state;
	snprintf(p, sizeof p, "/api/v1/cases/%lld/interactions", (long long)id);
	j = fx_expect("POST", p, FX.agent,
		      "{\"channel\":\"email\",\"direction\":\"out\",\"body\":\"Refund sent: 42 €\"}",
		      201);
	assert_string_equal(fx_str(j, "body"), "Refund sent: 42 €");
	json_decref(j);
	j = fx_expect("POST", p, FX.cust, "{\"channel\":\"web\",\"body\":\"Got it, thanks\"}", 201);
	assert_string_equal(fx_str(j, "body"), "Got it, thanks");
	json_decref(j);
	/* No body (or an empty one) is stored as none, and answered so. */
	j = fx_expect("POST", p, FX.agent, "{\"channel\":\"phone\",\"direction\":\"out\"}", 201);
	assert_true(json_is_null(json_object_get(j, "body")));
	json_decref(j);
	j = fx_expect("POST", p, FX.agent, "{\"channel\":\"chat\",\"body\":\"\"}", 201);
	assert_true(json_is_null(json_object_get(j, "body")));
	json_decref(j);
	/* The answer and the stored row agree. */
	j = fx_expect("GET", p, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 5);
	assert_string_equal(fx_str(json_array_get(items, 1), "body"), "Refund sent: 42 €");
	assert_string_equal(fx_str(json_array_get(items, 2), "body"), "Got it, thanks");
	assert_true(json_is_null(json_object_get(json_array_get(items, 4), "body")));
	json_decref(j);
}

/* Contacts from the future and kinds the channel cannot carry: 400 naming the field. */
static void test_http_contact_future_or_contradictory(void **state)
{
	static const char *const refused[] = {
		"{\"channel\":\"email\",\"kind\":\"visit\"}",
		"{\"channel\":\"email\",\"kind\":\"call\"}",
		"{\"channel\":\"phone\",\"kind\":\"message\"}",
		"{\"channel\":\"phone\",\"kind\":\"visit\"}",
		"{\"channel\":\"visit\",\"kind\":\"call\"}",
		"{\"channel\":\"visit\",\"kind\":\"message\"}",
		"{\"channel\":\"chat\",\"kind\":\"visit\"}",
		"{\"channel\":\"web\",\"kind\":\"call\"}",
	};
	static const char *const accepted[] = {
		"{\"channel\":\"phone\",\"kind\":\"call\"}",
		"{\"channel\":\"visit\",\"kind\":\"visit\"}",
		"{\"channel\":\"social\",\"kind\":\"message\"}",
		"{\"channel\":\"bot\",\"kind\":\"call\"}",
		"{\"channel\":\"visit\",\"direction\":\"internal\",\"kind\":\"note\"}",
		"{\"channel\":\"phone\",\"direction\":\"internal\",\"kind\":\"note\"}",
	};
	int64_t id = fx_open_case(FX.agent, FX.customer_id, "Time and kind");
	char p[80], body[256];
	size_t before;

	(void)state;
	snprintf(p, sizeof p, "/api/v1/cases/%lld/interactions", (long long)id);
	before = fx_count(p, FX.agent);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		fx_expect_error("POST", p, FX.agent, refused[i], 400, "invalid_combination", "kind");
	/* 5 min 1 s ahead of the clock (10:00:00Z) is the future; 5 min is drift. */
	fx_expect_error("POST", p, FX.agent,
			"{\"channel\":\"email\",\"started_at\":\"2026-11-24T10:05:01Z\"}", 400,
			"future_time", "started_at");
	fx_expect_error("POST", p, FX.agent,
			"{\"channel\":\"email\",\"started_at\":\"2031-01-01T00:00:00Z\"}", 400,
			"future_time", "started_at");
	assert_int_equal(fx_count(p, FX.agent), before);
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"From the future\",\"channel\":\"phone\","
		 "\"started_at\":\"2026-11-24T11:00:00+00:00\"}",
		 (long long)FX.customer_id);
	before = fx_count("/api/v1/cases", FX.admin);
	fx_expect_error("POST", "/api/v1/cases", FX.agent, body, 400, "future_time", "started_at");
	assert_int_equal(fx_count("/api/v1/cases", FX.admin), before);

	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
		json_decref(fx_expect("POST", p, FX.agent, accepted[i], 201));
	json_decref(fx_expect("POST", p, FX.agent,
			      "{\"channel\":\"email\",\"started_at\":\"2026-11-24T10:05:00Z\"}",
			      201));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_customer_create_get_patch),
		cmocka_unit_test(test_http_customer_search_and_pages),
		cmocka_unit_test(test_http_customer_role_sees_only_itself),
		cmocka_unit_test(test_http_case_open_renders_everything),
		cmocka_unit_test(test_http_case_list_filters),
		cmocka_unit_test(test_http_case_patch_and_if_match),
		cmocka_unit_test(test_http_case_interactions),
		cmocka_unit_test(test_http_case_transfer_and_merge),
		cmocka_unit_test(test_http_case_patch_owner_errors_name_its_fields),
		cmocka_unit_test(test_http_customer_sees_only_own_cases),
		cmocka_unit_test(test_http_customer_timeline),
		cmocka_unit_test(test_http_customer_never_sees_staff_notes),
		cmocka_unit_test(test_http_customer_cannot_set_staff_fields),
		cmocka_unit_test(test_http_interaction_answer_carries_body),
		cmocka_unit_test(test_http_contact_future_or_contradictory),
	};

	return cmocka_run_group_tests_name("http_cases", tests, fx_setup, fx_teardown);
}
