/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTTP adapter, in process: SLA configuration — calendars, holidays and
 * policies created, changed, listed and removed by admins and managers,
 * read by agents, refused to customers; every bad input a 400 naming its
 * field that leaves the store as it was; and a case keeping the policy and
 * due times it started under when the policy changes.
 */
#include "http_fixture.h"

static char manager[APP_TOKEN_LEN + 1];

static int setup(void **state)
{
	fx_setup(state);
	fx_add_account("manager@example.com", LD_ROLE_MANAGER, 0);
	fx_login("manager@example.com", manager);
	return 0;
}

/* Items of a one-page list (holidays and policies take no limit). */
static size_t count_all(const char *path, const char *token)
{
	json_t *j = fx_expect("GET", path, token, NULL, 200);
	size_t n = json_array_size(json_object_get(j, "items"));

	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);
	return n;
}

/* Creates a calendar as the manager; returns its id. */
static int64_t add_calendar(const char *name, const char *tz, const char *hours)
{
	char body[512];
	json_t *j;
	int64_t id;

	snprintf(body, sizeof body, "{\"name\":\"%s\",\"tz\":\"%s\",\"hours\":\"%s\"}", name, tz,
		 hours);
	j = fx_expect("POST", "/api/v1/calendars", manager, body, 201);
	id = fx_int(j, "id");
	json_decref(j);
	return id;
}

static void test_http_calendar_create_get_patch_list(void **state)
{
	struct http_response res;
	char path[64];
	json_t *j;
	int64_t id, other;

	(void)state;
	assert_int_equal(fx_call(&res, "POST", "/api/v1/calendars", manager,
				 "{\"name\":\"Praha\",\"tz\":\"Europe/Prague\","
				 "\"hours\":\"Mon-Fri 8:00-12:00, 13:00-17:00; sat 9:00-12:00\"}"),
			 201);
	j = fx_json(&res);
	id = fx_int(j, "id");
	snprintf(path, sizeof path, "/api/v1/calendars/%lld", (long long)id);
	assert_string_equal(res.location, path);
	http_response_clear(&res);
	assert_string_equal(fx_str(j, "name"), "Praha");
	assert_string_equal(fx_str(j, "tz"), "Europe/Prague");
	/* the hours come back in canonical form */
	assert_string_equal(fx_str(j, "hours"), "mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00");
	json_decref(j);

	/* agents read, managers and admins write */
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "name"), "Praha");
	json_decref(j);
	j = fx_expect("PATCH", path, FX.admin, "{\"hours\":\"24/7\",\"name\":\"Praha 24/7\"}", 200);
	assert_string_equal(fx_str(j, "hours"), "24/7");
	assert_string_equal(fx_str(j, "name"), "Praha 24/7");
	assert_string_equal(fx_str(j, "tz"), "Europe/Prague");
	json_decref(j);
	j = fx_expect("PATCH", path, manager, "{\"tz\":\"America/New_York\"}", 200);
	assert_string_equal(fx_str(j, "tz"), "America/New_York");
	assert_string_equal(fx_str(j, "hours"), "24/7");
	json_decref(j);
	j = fx_expect("GET", path, manager, NULL, 200);
	assert_string_equal(fx_str(j, "tz"), "America/New_York");
	json_decref(j);

	other = add_calendar("Kraków", "Europe/Warsaw", "mon-fri 09:00-17:00");
	j = fx_expect("GET", "/api/v1/calendars?limit=1", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(fx_int(json_array_get(json_object_get(j, "items"), 0), "id"), id);
	assert_string_equal(fx_str(j, "next_cursor"), "1");
	json_decref(j);
	j = fx_expect("GET", "/api/v1/calendars?cursor=1", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(fx_int(json_array_get(json_object_get(j, "items"), 0), "id"), other);
	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);
}

static void test_http_calendar_refusals(void **state)
{
	char path[64];
	size_t before;
	int64_t id;

	(void)state;
	id = add_calendar("Brno", "Europe/Prague", "mon-fri 08:00-16:00");
	snprintf(path, sizeof path, "/api/v1/calendars/%lld", (long long)id);
	before = fx_count("/api/v1/calendars", FX.agent);

	fx_expect_error("POST", "/api/v1/calendars", FX.agent,
			"{\"name\":\"X\",\"tz\":\"UTC\",\"hours\":\"24/7\"}", 403, "forbidden", NULL);
	fx_expect_error("PATCH", path, FX.agent, "{\"hours\":\"24/7\"}", 403, "forbidden", NULL);
	fx_expect_error("GET", path, FX.cust, NULL, 403, "forbidden", NULL);
	fx_expect_error("GET", "/api/v1/calendars", FX.cust, NULL, 403, "forbidden", NULL);
	fx_expect_error("GET", "/api/v1/calendars", NULL, NULL, 401, "unauthorized", NULL);

	fx_expect_error("POST", "/api/v1/calendars", manager,
			"{\"name\":\"Mars\",\"tz\":\"Mars/Olympus\",\"hours\":\"24/7\"}", 400,
			"invalid_time_zone", "tz");
	fx_expect_error("POST", "/api/v1/calendars", manager,
			"{\"name\":\"Mars\",\"tz\":\"GMT+05:00\",\"hours\":\"24/7\"}", 400,
			"invalid_time_zone", "tz");
	fx_expect_error("POST", "/api/v1/calendars", manager,
			"{\"name\":\"Mars\",\"tz\":\"UTC\",\"hours\":\"mon-fri 25:00-99:00\"}", 400,
			"invalid_hours", "hours");
	fx_expect_error("POST", "/api/v1/calendars", manager,
			"{\"name\":\"Mars\",\"tz\":\"UTC\",\"hours\":\"mon-fri 17:00-08:00\"}", 400,
			"invalid_hours", "hours");
	fx_expect_error("POST", "/api/v1/calendars", manager,
			"{\"name\":\"Mars\",\"tz\":\"UTC\",\"hours\":\"\"}", 400, "invalid_hours",
			"hours");
	fx_expect_error("POST", "/api/v1/calendars", manager, "{\"name\":\"Mars\",\"tz\":\"UTC\"}",
			400, "missing_field", "hours");
	fx_expect_error("POST", "/api/v1/calendars", manager,
			"{\"tz\":\"UTC\",\"hours\":\"24/7\"}", 400, "missing_field", "name");
	fx_expect_error("POST", "/api/v1/calendars", manager,
			"{\"name\":\"Brno\",\"tz\":\"UTC\",\"hours\":\"24/7\"}", 409,
			"calendar_exists", "name");
	fx_expect_error("POST", "/api/v1/calendars", manager,
			"{\"name\":\"X\",\"tz\":\"UTC\",\"hours\":\"24/7\",\"color\":\"red\"}", 400,
			"unknown_field", "color");
	fx_expect_error("PATCH", path, manager, "{\"tz\":\"Europe/Atlantis\"}", 400,
			"invalid_time_zone", "tz");
	fx_expect_error("PATCH", path, manager, "{\"hours\":\"someday 10:00-11:00\"}", 400,
			"invalid_hours", "hours");
	fx_expect_error("PATCH", "/api/v1/calendars/9999", manager, "{\"hours\":\"24/7\"}", 404,
			"calendar_not_found", NULL);
	fx_expect_error("GET", "/api/v1/calendars/9999", FX.agent, NULL, 404, "calendar_not_found",
			NULL);

	/* nothing of that was stored */
	assert_int_equal(fx_count("/api/v1/calendars", FX.agent), before);
	json_t *j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "hours"), "mon-fri 08:00-16:00");
	assert_string_equal(fx_str(j, "tz"), "Europe/Prague");
	json_decref(j);
}

static void test_http_holidays(void **state)
{
	struct http_response res;
	char path[96], one[128];
	json_t *j, *items;
	int64_t id;

	(void)state;
	id = add_calendar("Česko", "Europe/Prague", "mon-fri 08:00-17:00");
	snprintf(path, sizeof path, "/api/v1/calendars/%lld/holidays", (long long)id);

	assert_int_equal(fx_call(&res, "POST", path, manager,
				 "{\"date\":\"2026-12-24\",\"name\":\"Štědrý den\"}"),
			 201);
	j = fx_json(&res);
	snprintf(one, sizeof one, "%s/2026-12-24", path);
	assert_string_equal(res.location, one);
	http_response_clear(&res);
	assert_string_equal(fx_str(j, "date"), "2026-12-24");
	assert_string_equal(fx_str(j, "name"), "Štědrý den");
	json_decref(j);
	j = fx_expect("POST", path, FX.admin, "{\"date\":\"2026-01-01\",\"name\":null}", 201);
	assert_true(json_is_null(json_object_get(j, "name")));
	json_decref(j);
	json_decref(fx_expect("POST", path, manager, "{\"date\":\"2028-02-29\"}", 201));

	j = fx_expect("GET", path, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(fx_str(json_array_get(items, 0), "date"), "2026-01-01");
	assert_string_equal(fx_str(json_array_get(items, 1), "date"), "2026-12-24");
	assert_string_equal(fx_str(json_array_get(items, 1), "name"), "Štědrý den");
	assert_string_equal(fx_str(json_array_get(items, 2), "date"), "2028-02-29");
	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);

	/* dates are real dates */
	fx_expect_error("POST", path, manager, "{\"date\":\"2026-02-30\"}", 400, "invalid_date",
			"date");
	fx_expect_error("POST", path, manager, "{\"date\":\"2027-02-29\"}", 400, "invalid_date",
			"date");
	fx_expect_error("POST", path, manager, "{\"date\":\"2026-13-01\"}", 400, "invalid_date",
			"date");
	fx_expect_error("POST", path, manager, "{\"date\":\"2026-00-10\"}", 400, "invalid_date",
			"date");
	fx_expect_error("POST", path, manager, "{\"date\":\"1969-12-31\"}", 400, "invalid_date",
			"date");
	fx_expect_error("POST", path, manager, "{\"date\":\"24.12.2026\"}", 400, "invalid_date",
			"date");
	fx_expect_error("POST", path, manager, "{\"date\":\"2026-12-24T00:00:00Z\"}", 400,
			"invalid_date", "date");
	fx_expect_error("POST", path, manager, "{\"date\":20261224}", 400, "invalid_type", "date");
	fx_expect_error("POST", path, manager, "{\"name\":\"x\"}", 400, "missing_field", "date");
	fx_expect_error("POST", path, manager, "{\"date\":\"2026-12-24\"}", 409, "holiday_exists",
			"date");
	fx_expect_error("POST", path, FX.agent, "{\"date\":\"2026-12-26\"}", 403, "forbidden",
			NULL);
	fx_expect_error("GET", path, FX.cust, NULL, 403, "forbidden", NULL);
	fx_expect_error("POST", "/api/v1/calendars/9999/holidays", manager,
			"{\"date\":\"2026-12-26\"}", 404, "calendar_not_found", NULL);
	fx_expect_error("GET", "/api/v1/calendars/9999/holidays", FX.agent, NULL, 404,
			"calendar_not_found", NULL);
	assert_int_equal(count_all(path, FX.agent), 3);

	/* removal */
	fx_expect_error("DELETE", one, FX.agent, NULL, 403, "forbidden", NULL);
	assert_int_equal(fx_call(&res, "DELETE", one, manager, NULL), 204);
	http_response_clear(&res);
	fx_expect_error("DELETE", one, manager, NULL, 404, "holiday_not_found", "date");
	snprintf(one, sizeof one, "%s/christmas", path);
	fx_expect_error("DELETE", one, manager, NULL, 400, "invalid_date", "date");
	snprintf(one, sizeof one, "%s/2026-02-30", path);
	fx_expect_error("DELETE", one, manager, NULL, 400, "invalid_date", "date");
	fx_expect_error("DELETE", "/api/v1/calendars/9999/holidays/2026-01-01", manager, NULL, 404,
			"calendar_not_found", NULL);
	assert_int_equal(count_all(path, FX.agent), 2);
}

static void test_http_sla_policy_crud(void **state)
{
	struct http_response res;
	char path[64], body[256];
	json_t *j;
	int64_t cal, id;
	size_t before;

	(void)state;
	cal = add_calendar("Support hours", "Europe/Prague", "mon-fri 08:00-17:00");
	snprintf(body, sizeof body,
		 "{\"name\":\"Urgent complaints\",\"priority\":\"urgent\",\"category\":"
		 "\"complaint\",\"first_response_s\":1800,\"resolution_s\":14400,"
		 "\"calendar_id\":%lld,\"pause_on_pending\":true}",
		 (long long)cal);
	assert_int_equal(fx_call(&res, "POST", "/api/v1/sla-policies", manager, body), 201);
	j = fx_json(&res);
	id = fx_int(j, "id");
	snprintf(path, sizeof path, "/api/v1/sla-policies/%lld", (long long)id);
	assert_string_equal(res.location, path);
	http_response_clear(&res);
	assert_string_equal(fx_str(j, "name"), "Urgent complaints");
	assert_string_equal(fx_str(j, "priority"), "urgent");
	assert_string_equal(fx_str(j, "category"), "complaint");
	assert_int_equal(fx_int(j, "first_response_s"), 1800);
	assert_int_equal(fx_int(j, "resolution_s"), 14400);
	assert_int_equal(fx_int(j, "calendar_id"), cal);
	assert_true(json_is_true(json_object_get(j, "pause_on_pending")));
	json_decref(j);

	/* defaults: any priority and category, no targets, the team's calendar */
	j = fx_expect("POST", "/api/v1/sla-policies", FX.admin,
		      "{\"name\":\"Everything else\",\"resolution_s\":172800}", 201);
	assert_true(json_is_null(json_object_get(j, "priority")));
	assert_true(json_is_null(json_object_get(j, "category")));
	assert_true(json_is_null(json_object_get(j, "first_response_s")));
	assert_true(json_is_null(json_object_get(j, "calendar_id")));
	assert_true(json_is_false(json_object_get(j, "pause_on_pending")));
	json_decref(j);

	/* agents read; PATCH changes only what it names; null clears */
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "name"), "Urgent complaints");
	json_decref(j);
	j = fx_expect("PATCH", path, manager,
		      "{\"resolution_s\":7200,\"category\":null,\"calendar_id\":null}", 200);
	assert_int_equal(fx_int(j, "resolution_s"), 7200);
	assert_int_equal(fx_int(j, "first_response_s"), 1800);
	assert_true(json_is_null(json_object_get(j, "category")));
	assert_true(json_is_null(json_object_get(j, "calendar_id")));
	assert_string_equal(fx_str(j, "priority"), "urgent");
	json_decref(j);
	j = fx_expect("PATCH", path, FX.admin, "{\"first_response_s\":null}", 200);
	assert_true(json_is_null(json_object_get(j, "first_response_s")));
	json_decref(j);
	j = fx_expect("GET", "/api/v1/sla-policies", FX.agent, NULL, 200);
	assert_true(json_array_size(json_object_get(j, "items")) >= 2);
	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);

	/* refusals leave the policy as it was */
	before = count_all("/api/v1/sla-policies", FX.agent);
	fx_expect_error("POST", "/api/v1/sla-policies", FX.agent, "{\"name\":\"Mine\"}", 403,
			"forbidden", NULL);
	fx_expect_error("PATCH", path, FX.agent, "{\"resolution_s\":60}", 403, "forbidden", NULL);
	fx_expect_error("DELETE", path, FX.agent, NULL, 403, "forbidden", NULL);
	fx_expect_error("GET", path, FX.cust, NULL, 403, "forbidden", NULL);
	fx_expect_error("GET", "/api/v1/sla-policies", FX.cust, NULL, 403, "forbidden", NULL);
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Zero\",\"resolution_s\":0}", 400, "invalid_value",
			"resolution_s");
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Negative\",\"first_response_s\":-60}", 400, "invalid_value",
			"first_response_s");
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Forever\",\"first_response_s\":99999999}", 400, "invalid_value",
			"first_response_s");
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Forever\",\"resolution_s\":999999999}", 400, "invalid_value",
			"resolution_s");
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Soon\",\"resolution_s\":\"2h\"}", 400, "invalid_type",
			"resolution_s");
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Wrong\",\"priority\":\"asap\"}", 400, "invalid_value",
			"priority");
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Wrong\",\"category\":\"rant\"}", 400, "invalid_value",
			"category");
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Nowhere\",\"calendar_id\":9999}", 404, "calendar_not_found",
			"calendar_id");
	fx_expect_error("POST", "/api/v1/sla-policies", manager, "{\"resolution_s\":60}", 400,
			"missing_field", "name");
	fx_expect_error("POST", "/api/v1/sla-policies", manager,
			"{\"name\":\"Everything else\"}", 409, "sla_policy_exists", "name");
	fx_expect_error("PATCH", path, manager, "{\"resolution_s\":0}", 400, "invalid_value",
			"resolution_s");
	fx_expect_error("PATCH", path, manager, "{\"pause_on_pending\":null}", 400, "invalid_type",
			"pause_on_pending");
	fx_expect_error("PATCH", "/api/v1/sla-policies/9999", manager, "{\"resolution_s\":60}",
			404, "sla_policy_not_found", NULL);
	assert_int_equal(count_all("/api/v1/sla-policies", FX.agent), before);
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_int_equal(fx_int(j, "resolution_s"), 7200);
	json_decref(j);

	/* a policy no case started under can go */
	assert_int_equal(fx_call(&res, "DELETE", path, manager, NULL), 204);
	http_response_clear(&res);
	fx_expect_error("GET", path, FX.agent, NULL, 404, "sla_policy_not_found", NULL);
	fx_expect_error("DELETE", path, manager, NULL, 404, "sla_policy_not_found", NULL);
}

/* The case's resolution due time as the API shows it. */
static char *case_due(int64_t case_id, const char *which)
{
	char path[64];
	json_t *j;
	char *due;

	snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)case_id);
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	due = strdup(fx_str(json_object_get(j, "sla"), which));
	json_decref(j);
	return due;
}

static void test_http_policy_change_keeps_running_cases(void **state)
{
	char path[64], body[256];
	char *due;
	json_t *j;
	int64_t pol, old_case, new_case;

	(void)state;
	/* 24/7 (no calendar, no team): due = opened + target */
	j = fx_expect("POST", "/api/v1/sla-policies", manager,
		      "{\"name\":\"Low\",\"priority\":\"low\",\"first_response_s\":3600,"
		      "\"resolution_s\":28800}",
		      201);
	pol = fx_int(j, "id");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/sla-policies/%lld", (long long)pol);
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"Old terms\",\"priority\":\"low\","
		 "\"channel\":\"email\",\"body\":\"hello\"}",
		 (long long)FX.customer_id);
	j = fx_expect("POST", "/api/v1/cases", FX.agent, body, 201);
	old_case = fx_int(j, "id");
	assert_string_equal(fx_str(json_object_get(j, "sla"), "resolution_due"),
			    "2026-11-24T18:00:00Z");
	json_decref(j);

	/* tighter targets, another calendar: the running case keeps its due times */
	json_decref(fx_expect("PATCH", path, manager,
			      "{\"first_response_s\":600,\"resolution_s\":7200}", 200));
	due = case_due(old_case, "resolution_due");
	assert_string_equal(due, "2026-11-24T18:00:00Z");
	free(due);
	due = case_due(old_case, "first_response_due");
	assert_string_equal(due, "2026-11-24T11:00:00Z");
	free(due);
	/* … also through a write to the case */
	snprintf(body, sizeof body, "/api/v1/cases/%lld", (long long)old_case);
	j = fx_expect("PATCH", body, FX.agent, "{\"subject\":\"Old terms, still\"}", 200);
	assert_string_equal(fx_str(json_object_get(j, "sla"), "resolution_due"),
			    "2026-11-24T18:00:00Z");
	json_decref(j);

	/* a case opened now gets the new terms — at once, in this process */
	fx_clock += 60;
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"New terms\",\"priority\":\"low\","
		 "\"channel\":\"email\",\"body\":\"hello\"}",
		 (long long)FX.customer_id);
	j = fx_expect("POST", "/api/v1/cases", FX.agent, body, 201);
	new_case = fx_int(j, "id");
	assert_string_equal(fx_str(json_object_get(j, "sla"), "resolution_due"),
			    "2026-11-24T12:01:00Z");
	assert_string_equal(fx_str(json_object_get(j, "sla"), "first_response_due"),
			    "2026-11-24T10:11:00Z");
	json_decref(j);
	assert_true(new_case != old_case);
	fx_clock = FX_NOW;

	/* the cases name the policy: it cannot be deleted */
	fx_expect_error("DELETE", path, manager, NULL, 409, "sla_policy_in_use", NULL);
	json_decref(fx_expect("GET", path, FX.agent, NULL, 200));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_calendar_create_get_patch_list),
		cmocka_unit_test(test_http_calendar_refusals),
		cmocka_unit_test(test_http_holidays),
		cmocka_unit_test(test_http_sla_policy_crud),
		cmocka_unit_test(test_http_policy_change_keeps_running_cases),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
