/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTTP adapter, in process: subscriptions (create with Location, read,
 * PATCH, list filters and pages), what a customer's portal account may see
 * and do, and the bad-input list: every refused request leaves the store
 * as it was.
 */
#include "http_fixture.h"

/* Creates a subscription as the agent; returns its id. */
static int64_t add_subscription(int64_t customer_id, const char *renews_at, const char *status)
{
	char body[256];
	json_t *j;
	int64_t id;

	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"product\":\"Plan\",\"period\":\"monthly\","
		 "\"renews_at\":\"%s\",\"status\":\"%s\"}",
		 (long long)customer_id, renews_at, status);
	j = fx_expect("POST", "/api/v1/subscriptions", FX.agent, body, 201);
	id = fx_int(j, "id");
	json_decref(j);
	return id;
}

static void test_http_subscription_create_get_patch(void **state)
{
	struct http_response res;
	char body[256], path[64];
	json_t *j;
	int64_t id;

	(void)state;
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"product\":\"Premium support\",\"period\":\"yearly\","
		 "\"renews_at\":\"2027-01-01T00:00:00Z\"}",
		 (long long)FX.customer_id);
	assert_int_equal(fx_call(&res, "POST", "/api/v1/subscriptions", FX.agent, body), 201);
	j = fx_json(&res);
	id = fx_int(j, "id");
	snprintf(path, sizeof path, "/api/v1/subscriptions/%lld", (long long)id);
	assert_string_equal(res.location, path);
	http_response_clear(&res);
	assert_int_equal(fx_int(j, "customer_id"), FX.customer_id);
	assert_string_equal(fx_str(j, "product"), "Premium support");
	assert_string_equal(fx_str(j, "period"), "yearly");
	assert_string_equal(fx_str(j, "renews_at"), "2027-01-01T00:00:00Z");
	assert_string_equal(fx_str(j, "status"), "active");
	assert_string_equal(fx_str(j, "created_at"), "2026-11-24T10:00:00Z");
	assert_string_equal(fx_str(j, "updated_at"), "2026-11-24T10:00:00Z");
	json_decref(j);

	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_int_equal(fx_int(j, "id"), id);
	assert_string_equal(fx_str(j, "product"), "Premium support");
	json_decref(j);

	fx_clock += 3600;
	j = fx_expect("PATCH", path, FX.agent,
		      "{\"status\":\"renewed\",\"renews_at\":\"2028-01-01T00:00:00+01:00\"}", 200);
	assert_string_equal(fx_str(j, "status"), "renewed");
	assert_string_equal(fx_str(j, "renews_at"), "2027-12-31T23:00:00Z");
	assert_string_equal(fx_str(j, "product"), "Premium support");
	assert_string_equal(fx_str(j, "period"), "yearly");
	assert_string_equal(fx_str(j, "created_at"), "2026-11-24T10:00:00Z");
	assert_string_equal(fx_str(j, "updated_at"), "2026-11-24T11:00:00Z");
	json_decref(j);

	j = fx_expect("PATCH", path, FX.admin, "{\"product\":\"Basic\",\"period\":\"quarterly\"}",
		      200);
	assert_string_equal(fx_str(j, "product"), "Basic");
	assert_string_equal(fx_str(j, "period"), "quarterly");
	assert_string_equal(fx_str(j, "status"), "renewed");
	json_decref(j);
	fx_clock = FX_NOW;
}

static void test_http_subscription_list_filters_and_pages(void **state)
{
	char target[160], cursor[32];
	json_t *j, *items;
	int64_t c, a, b, d;

	(void)state;
	c = fx_add_customer("Filter Customer", "filter@example.com");
	a = add_subscription(c, "2027-01-01T00:00:00Z", "active");
	b = add_subscription(c, "2027-03-01T00:00:00Z", "lapsed");
	d = add_subscription(c, "2027-06-01T00:00:00Z", "renewed");

	snprintf(target, sizeof target, "/api/v1/subscriptions?customer_id=%lld", (long long)c);
	assert_int_equal(fx_count(target, FX.agent), 3);
	snprintf(target, sizeof target, "/api/v1/subscriptions?customer_id=%lld&status=lapsed",
		 (long long)c);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(fx_int(json_array_get(items, 0), "id"), b);
	json_decref(j);

	/* renews_from inclusive, renews_to exclusive */
	snprintf(target, sizeof target,
		 "/api/v1/subscriptions?customer_id=%lld&renews_from=2027-01-01T00:00:00Z"
		 "&renews_to=2027-06-01T00:00:00Z",
		 (long long)c);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(fx_int(json_array_get(items, 0), "id"), a);
	assert_int_equal(fx_int(json_array_get(items, 1), "id"), b);
	json_decref(j);

	/* pages in id order: 2 + 1, then the cursor of the last page is null */
	snprintf(target, sizeof target, "/api/v1/subscriptions?customer_id=%lld&limit=2",
		 (long long)c);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(fx_int(json_array_get(items, 0), "id"), a);
	snprintf(cursor, sizeof cursor, "%lld", (long long)b);
	assert_string_equal(fx_str(j, "next_cursor"), cursor);
	json_decref(j);
	snprintf(target, sizeof target, "/api/v1/subscriptions?customer_id=%lld&limit=2&cursor=%s",
		 (long long)c, cursor);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(fx_int(json_array_get(items, 0), "id"), d);
	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);
}

static void test_http_customer_sees_only_own_subscriptions(void **state)
{
	char target[128], body[256];
	json_t *j, *items;
	int64_t own, other;

	(void)state;
	own = add_subscription(FX.customer_id, "2027-02-01T00:00:00Z", "active");
	other = add_subscription(FX.other_customer_id, "2027-02-01T00:00:00Z", "active");

	j = fx_expect("GET", "/api/v1/subscriptions?limit=200", FX.cust, NULL, 200);
	items = json_object_get(j, "items");
	assert_true(json_array_size(items) >= 1);
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_int_equal(fx_int(json_array_get(items, i), "customer_id"), FX.customer_id);
	json_decref(j);
	snprintf(target, sizeof target, "/api/v1/subscriptions?customer_id=%lld",
		 (long long)FX.other_customer_id);
	assert_int_equal(fx_count(target, FX.cust), 0);

	snprintf(target, sizeof target, "/api/v1/subscriptions/%lld", (long long)own);
	j = fx_expect("GET", target, FX.cust, NULL, 200);
	assert_int_equal(fx_int(j, "id"), own);
	json_decref(j);
	fx_expect_error("PATCH", target, FX.cust, "{\"status\":\"lapsed\"}", 403, "forbidden",
			NULL);
	snprintf(target, sizeof target, "/api/v1/subscriptions/%lld", (long long)other);
	fx_expect_error("GET", target, FX.cust, NULL, 404, "subscription_not_found", NULL);
	fx_expect_error("PATCH", target, FX.cust, "{\"status\":\"lapsed\"}", 404,
			"subscription_not_found", NULL);
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"product\":\"Plan\",\"period\":\"monthly\","
		 "\"renews_at\":\"2027-01-01T00:00:00Z\"}",
		 (long long)FX.customer_id);
	fx_expect_error("POST", "/api/v1/subscriptions", FX.cust, body, 403, "forbidden", NULL);
	fx_expect_error("GET", "/api/v1/subscriptions", NULL, NULL, 401, "unauthorized", NULL);
}

/* One refused POST: status, code and field as named; the count unchanged. */
static void post_refused(const char *body, int status, const char *code, const char *field)
{
	size_t before = fx_count("/api/v1/subscriptions", FX.agent);

	fx_expect_error("POST", "/api/v1/subscriptions", FX.agent, body, status, code, field);
	assert_int_equal(fx_count("/api/v1/subscriptions", FX.agent), before);
}

static void test_http_subscription_bad_input(void **state)
{
	char body[512], path[64], good[64];
	json_t *j, *after;
	const char *before;
	long long c;
	int64_t id;

	(void)state;
	c = (long long)FX.customer_id;
#define SUB(fmt, ...) (snprintf(body, sizeof body, fmt, __VA_ARGS__), body)
	post_refused(SUB("{\"customer_id\":%lld,\"product\":\"P\",\"period\":\"monthly\","
			 "\"renews_at\":\"2027-01-01T00:00:00Z\",\"colour\":\"red\"}", c),
		     400, "unknown_field", "colour");
	post_refused(SUB("{\"customer_id\":\"%lld\",\"product\":\"P\",\"period\":\"monthly\","
			 "\"renews_at\":\"2027-01-01T00:00:00Z\"}", c),
		     400, "invalid_type", "customer_id");
	post_refused(SUB("{\"customer_id\":%lld,\"product\":7,\"period\":\"monthly\","
			 "\"renews_at\":\"2027-01-01T00:00:00Z\"}", c),
		     400, "invalid_type", "product");
	post_refused(SUB("{\"customer_id\":%lld,\"product\":\"P\",\"period\":\"weekly\","
			 "\"renews_at\":\"2027-01-01T00:00:00Z\"}", c),
		     400, "invalid_value", "period");
	post_refused(SUB("{\"customer_id\":%lld,\"product\":\"P\",\"period\":\"monthly\","
			 "\"renews_at\":\"2027-01-01T00:00:00Z\",\"status\":\"cancelled\"}", c),
		     400, "invalid_value", "status");
	post_refused(SUB("{\"customer_id\":%lld,\"product\":\"P\",\"period\":\"monthly\","
			 "\"renews_at\":\"1 Jan 2027\"}", c),
		     400, "invalid_time", "renews_at");
	post_refused(SUB("{\"customer_id\":%lld,\"product\":\"P\",\"period\":\"monthly\","
			 "\"renews_at\":1798761600}", c),
		     400, "invalid_type", "renews_at");
	post_refused(SUB("{\"customer_id\":%lld,\"period\":\"monthly\","
			 "\"renews_at\":\"2027-01-01T00:00:00Z\"}", c),
		     400, "missing_field", "product");
	post_refused(SUB("{\"customer_id\":%lld,\"product\":\"P\","
			 "\"renews_at\":\"2027-01-01T00:00:00Z\"}", c),
		     400, "missing_field", "period");
	post_refused(SUB("{\"customer_id\":%lld,\"product\":\"P\",\"period\":\"monthly\"}", c),
		     400, "missing_field", "renews_at");
	post_refused("{\"product\":\"P\",\"period\":\"monthly\","
		     "\"renews_at\":\"2027-01-01T00:00:00Z\"}",
		     400, "missing_field", "customer_id");
	post_refused("{\"customer_id\":999999,\"product\":\"P\",\"period\":\"monthly\","
		     "\"renews_at\":\"2027-01-01T00:00:00Z\"}",
		     404, "customer_not_found", "customer_id");
	post_refused(SUB("{\"customer_id\":%lld,\"product\":\"\",\"period\":\"monthly\","
			 "\"renews_at\":\"2027-01-01T00:00:00Z\"}", c),
		     400, "required", "product");
#undef SUB

	/* PATCH: each refusal leaves the record byte for byte as it was */
	snprintf(good, sizeof good, "2027-04-01T00:00:00Z");
	id = add_subscription(FX.customer_id, good, "active");
	snprintf(path, sizeof path, "/api/v1/subscriptions/%lld", (long long)id);
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	before = fx_str(j, "updated_at");
	fx_expect_error("PATCH", path, FX.agent, "{\"customer_id\":1}", 400, "unknown_field",
			"customer_id");
	fx_expect_error("PATCH", path, FX.agent, "{\"status\":\"renewed\",\"period\":\"daily\"}",
			400, "invalid_value", "period");
	fx_expect_error("PATCH", path, FX.agent, "{\"status\":null}", 400, "invalid_type",
			"status");
	fx_expect_error("PATCH", path, FX.agent, "{\"renews_at\":\"2027-13-01T00:00:00Z\"}", 400,
			"invalid_time", "renews_at");
	fx_expect_error("PATCH", path, FX.agent, "{\"product\":[]}", 400, "invalid_type",
			"product");
	fx_expect_error("PATCH", path, FX.agent, "not json", 400, "invalid_json", NULL);
	after = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_true(json_equal(j, after));
	assert_string_equal(fx_str(after, "updated_at"), before);
	json_decref(after);
	json_decref(j);
	fx_expect_error("PATCH", "/api/v1/subscriptions/999999", FX.agent,
			"{\"status\":\"lapsed\"}", 404, "subscription_not_found", NULL);
	fx_expect_error("GET", "/api/v1/subscriptions/999999", FX.agent, NULL, 404,
			"subscription_not_found", NULL);

	/* list parameters */
	fx_expect_error("GET", "/api/v1/subscriptions?status=gone", FX.agent, NULL, 400,
			"invalid_value", "status");
	fx_expect_error("GET", "/api/v1/subscriptions?renews_from=yesterday", FX.agent, NULL, 400,
			"invalid_time", "renews_from");
	fx_expect_error("GET", "/api/v1/subscriptions?renews_to=2027-02-30T00:00:00Z", FX.agent,
			NULL, 400, "invalid_time", "renews_to");
	fx_expect_error("GET", "/api/v1/subscriptions?customer_id=-3", FX.agent, NULL, 400,
			"invalid_id", "customer_id");
	fx_expect_error("GET", "/api/v1/subscriptions?product=x", FX.agent, NULL, 400,
			"unknown_parameter", "product");
	fx_expect_error("GET", "/api/v1/subscriptions?cursor=x", FX.agent, NULL, 400,
			"invalid_cursor", "cursor");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_subscription_create_get_patch),
		cmocka_unit_test(test_http_subscription_list_filters_and_pages),
		cmocka_unit_test(test_http_customer_sees_only_own_subscriptions),
		cmocka_unit_test(test_http_subscription_bad_input),
	};

	return cmocka_run_group_tests_name("http_subscriptions", tests, fx_setup, fx_teardown);
}
