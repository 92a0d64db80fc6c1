/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * GET /api/v1/customers/{id}/export and POST /api/v1/customers/{id}/erase
 * through the router (http/gdpr.c): admins only, 404 for an unknown
 * customer, the archive's media type and headers, the erasure's answer,
 * and a 4xx — never a 5xx — for every malformed path, query or body.
 */
#include "http_fixture.h"

#include "util/bundle.h"

static void test_http_gdpr_export(void **state)
{
	struct http_response res;
	char path[96];
	const char *disposition = NULL;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/customers/%lld/export", (long long)FX.customer_id);
	assert_int_equal(fx_call(&res, "GET", path, FX.admin, NULL), 200);
	assert_string_equal(res.content_type, BUNDLE_CONTENT_TYPE);
	assert_true(res.body_len > 4);
	assert_memory_equal(res.body, "PK\x03\x04", 4); /* a zip's first entry */
	for (int i = 0; i < HTTP_HEADERS_MAX && res.headers[i].name != NULL; i++)
		if (strcmp(res.headers[i].name, "Content-Disposition") == 0)
			disposition = res.headers[i].value;
	assert_non_null(disposition);
	assert_non_null(strstr(disposition, "attachment"));
	http_response_clear(&res);

	fx_expect_error("GET", path, FX.agent, NULL, 403, "forbidden", NULL);
	fx_expect_error("GET", path, FX.cust, NULL, 403, "forbidden", NULL); /* even one's own */
	fx_expect_error("GET", path, NULL, NULL, 401, "unauthorized", NULL);
	fx_expect_error("GET", "/api/v1/customers/99999/export", FX.admin, NULL, 404,
			"customer_not_found", NULL);
	fx_expect_error("GET", "/api/v1/customers/abc/export", FX.admin, NULL, 400, "invalid_id",
			"id");
	snprintf(path, sizeof path, "/api/v1/customers/%lld/export?format=tar",
		 (long long)FX.customer_id);
	fx_expect_error("GET", path, FX.admin, NULL, 400, "unknown_parameter", "format");
}

static void test_http_gdpr_erase(void **state)
{
	char path[96];
	json_t *j, *removed;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/customers/%lld/erase", (long long)FX.customer_id);
	fx_expect_error("POST", path, FX.agent, "{}", 403, "forbidden", NULL);
	fx_expect_error("POST", path, FX.cust, "{}", 403, "forbidden", NULL);
	fx_expect_error("POST", "/api/v1/customers/99999/erase", FX.admin, "{}", 404,
			"customer_not_found", NULL);
	fx_expect_error("POST", path, FX.admin, "{\"reason\":\"letter from Nováková\"}", 400,
			"reason_names_customer", "reason");
	j = fx_expect("POST", path, FX.admin, "{\"reason\":\"art. 17\"}", 200);
	assert_int_equal(fx_int(j, "customer_id"), FX.customer_id);
	assert_false(json_is_true(json_object_get(j, "already_erased")));
	assert_true(json_is_true(json_object_get(j, "compacted")));
	assert_true(json_is_null(json_object_get(j, "note")));
	removed = json_object_get(j, "removed");
	assert_int_equal(fx_int(removed, "accounts"), 1); /* the portal login */
	assert_true(fx_int(removed, "sessions") >= 1);
	json_decref(j);
	/* Its session ended with it. */
	fx_expect_error("GET", "/api/v1/sessions/current", FX.cust, NULL, 401, "unauthorized",
			NULL);
	j = fx_expect("POST", path, FX.admin, "{\"reason\":null}", 200);
	assert_true(json_is_true(json_object_get(j, "already_erased")));
	json_decref(j);
	j = fx_expect("GET", "/api/v1/customers?q=Nov%C3%A1kov%C3%A1", FX.admin, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
}

static void test_http_gdpr_bad_input(void **state)
{
	static const char *const bodies[] = {
		"null", "[]", "\"reason\"", "42", "{", "{\"reason\":42}", "{\"reason\":[]}",
		"{\"reason\":{}}", "{\"why\":\"x\"}", "{\"reason\":\"\\u0000\"}",
		"{\"reason\":\"a\",\"reason\":\"b\"}", "{\"reason\":\"\xff\xfe\"}",
	};
	static const char *const paths[] = {
		"/api/v1/customers/0/erase", "/api/v1/customers/-1/erase",
		"/api/v1/customers/99999999999999999999/erase", "/api/v1/customers/1x/erase",
		"/api/v1/customers//erase",
	};
	char path[96], big[400];
	struct http_response res;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/customers/%lld/erase", (long long)FX.other_customer_id);
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		int status = fx_call(&res, "POST", path, FX.admin, bodies[i]);
		if (status < 400 || status >= 500)
			fail_msg("body '%s': %d", bodies[i], status);
		http_response_clear(&res);
	}
	memset(big, 0, sizeof big);
	snprintf(big, sizeof big, "{\"reason\":\"");
	memset(big + strlen(big), 'x', APP_GDPR_REASON_MAX + 1);
	strcat(big, "\"}");
	fx_expect_error("POST", path, FX.admin, big, 400, "too_long", "reason");
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		int status = fx_call(&res, "POST", paths[i], FX.admin, "{}");
		if (status < 400 || status >= 500)
			fail_msg("path '%s': %d", paths[i], status);
		http_response_clear(&res);
		snprintf(path, sizeof path, "%.*s/export", (int)(strlen(paths[i]) - 6), paths[i]);
		status = fx_call(&res, "GET", path, FX.admin, NULL);
		if (status < 400 || status >= 500)
			fail_msg("path '%s': %d", path, status);
		http_response_clear(&res);
	}
	/* Nothing was erased by any of them. */
	snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)FX.other_customer_id);
	json_t *j = fx_expect("GET", path, FX.admin, NULL, 200);
	assert_string_equal(fx_str(j, "name"), "Petr Svoboda");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_http_gdpr_export, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_http_gdpr_erase, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_http_gdpr_bad_input, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
