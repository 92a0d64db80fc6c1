/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTTP adapter, the bad-input catalogue: malformed JSON, wrong types, unknown
 * enum values, missing and unknown fields, missing or unknown ids,
 * over-long fields, invalid UTF-8, SQL-looking text, negative/zero/huge ids,
 * page limits and cursors, bad query strings. After every rejected write the
 * test checks that nothing changed. Also the wire helpers on their own
 * (ISO 8601 both ways, string escaping, the JSON writer, the ETag hash).
 */
#include "http_fixture.h"

#include <math.h>

#include "http/json_in.h"
#include "http/json_out.h"
#include "http/resource.h" /* HTTP_QUERY_BYTES_MAX */

/* Every rejected write below must leave this many customers and cases. */
static size_t customers_before, cases_before;

static void snapshot(void)
{
	customers_before = fx_count("/api/v1/customers", FX.admin);
	cases_before = fx_count("/api/v1/cases", FX.admin);
}

static void assert_unchanged(void)
{
	assert_int_equal(fx_count("/api/v1/customers", FX.admin), customers_before);
	assert_int_equal(fx_count("/api/v1/cases", FX.admin), cases_before);
}

static void reject_customer(const char *body, int status, const char *code, const char *field)
{
	fx_expect_error("POST", "/api/v1/customers", FX.agent, body, status, code, field);
}

static void reject_case(const char *body, int status, const char *code, const char *field)
{
	fx_expect_error("POST", "/api/v1/cases", FX.agent, body, status, code, field);
}

/* ---- bodies ---- */

static void test_http_malformed_json(void **state)
{
	struct http_response res;
	json_t *j;

	(void)state;
	snapshot();
	reject_customer("{\"name\":", 400, "invalid_json", NULL);
	reject_customer("{\"name\":\"A\"} trailing", 400, "invalid_json", NULL);
	reject_customer("{'name':'A'}", 400, "invalid_json", NULL);
	reject_customer("{\"name\":\"A\",}", 400, "invalid_json", NULL);
	reject_customer("", 400, "invalid_json", NULL);
	reject_customer("{\"name\":\"A\",\"name\":\"B\"}", 400, "invalid_json", NULL);
	reject_customer("{\"name\":\"nul \\u0000 inside\"}", 400, "invalid_json", NULL);
	reject_customer("[{\"name\":\"A\"}]", 400, "invalid_type", NULL);
	reject_customer("\"just a string\"", 400, "invalid_json", NULL);
	/* The message points at the place. */
	assert_int_equal(fx_call(&res, "POST", "/api/v1/customers", FX.agent, "{\n\"name\": nope}"),
			 400);
	j = fx_json(&res);
	assert_non_null(strstr(fx_str(json_object_get(j, "error"), "message"), "line 2"));
	json_decref(j);
	http_response_clear(&res);
	assert_unchanged();
}

static void test_http_invalid_utf8(void **state)
{
	(void)state;
	snapshot();
	reject_customer("{\"name\":\"bad \xff byte\"}", 400, "invalid_utf8", NULL);
	reject_customer("{\"name\":\"overlong \xc0\xaf\"}", 400, "invalid_utf8", NULL);
	reject_customer("{\"name\":\"surrogate \xed\xa0\x80\"}", 400, "invalid_utf8", NULL);
	reject_customer("{\"name\":\"cut \xc5\"}", 400, "invalid_utf8", NULL);
	/* A lone surrogate escape is not a character either. */
	reject_customer("{\"name\":\"\\ud800\"}", 400, "invalid_json", NULL);
	fx_expect_error("GET", "/api/v1/customers?q=%FF", FX.agent, NULL, 400, "invalid_query",
			NULL);
	assert_unchanged();
}

static void test_http_wrong_types(void **state)
{
	char body[256];

	(void)state;
	snapshot();
	reject_customer("{\"name\":5}", 400, "invalid_type", "name");
	reject_customer("{\"name\":[\"A\"]}", 400, "invalid_type", "name");
	reject_customer("{\"name\":\"A\",\"consent\":\"yes\"}", 400, "invalid_type", "consent");
	reject_customer("{\"name\":\"A\",\"consent\":1}", 400, "invalid_type", "consent");
	reject_customer("{\"name\":\"A\",\"org_id\":\"1\"}", 400, "invalid_type", "org_id");
	reject_customer("{\"name\":\"A\",\"org_id\":1.5}", 400, "invalid_type", "org_id");
	reject_customer("{\"name\":\"A\",\"email\":{}}", 400, "invalid_type", "email");
	reject_customer("{\"name\":null}", 400, "missing_field", "name");
	reject_customer("{\"name\":\"A\",\"consent\":null}", 400, "invalid_type", "consent");
	reject_case("{\"customer_id\":\"1\",\"subject\":\"s\",\"channel\":\"email\"}", 400,
		    "invalid_type", "customer_id");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\",\"duration_s\":\"5\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "invalid_type", "duration_s");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\",\"started_at\":1}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "invalid_type", "started_at");
	assert_unchanged();
}

static void test_http_unknown_enum_values(void **state)
{
	char body[256];

	(void)state;
	snapshot();
	reject_customer("{\"name\":\"A\",\"preferred_channel\":\"fax\"}", 400, "invalid_value",
			"preferred_channel");
	reject_customer("{\"name\":\"A\",\"preferred_channel\":\"Email\"}", 400, "invalid_value",
			"preferred_channel");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"pigeon\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "invalid_value", "channel");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\","
		 "\"category\":\"rant\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "invalid_value", "category");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\","
		 "\"priority\":\"whenever\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "invalid_value", "priority");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\","
		 "\"direction\":\"sideways\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "invalid_value", "direction");
	reject_customer("{\"name\":\"A\",\"language\":\"tlh\"}", 400, "invalid_language",
			"language");
	assert_unchanged();
}

static void test_http_missing_and_unknown_fields(void **state)
{
	char body[256];

	(void)state;
	snapshot();
	reject_customer("{}", 400, "missing_field", "name");
	reject_customer("{\"nmae\":\"Typo\"}", 400, "unknown_field", "nmae");
	reject_customer("{\"name\":\"A\",\"id\":7}", 400, "unknown_field", "id");
	reject_customer("{\"name\":\"A\",\"case_count\":7}", 400, "unknown_field", "case_count");
	reject_case("{\"subject\":\"s\",\"channel\":\"email\"}", 400, "missing_field",
		    "customer_id");
	snprintf(body, sizeof body, "{\"customer_id\":%lld,\"channel\":\"email\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "missing_field", "subject");
	snprintf(body, sizeof body, "{\"customer_id\":%lld,\"subject\":\"s\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "missing_field", "channel");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\",\"kind\":\"call\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "unknown_field", "kind");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"  \",\"channel\":\"email\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "required", "subject");
	assert_unchanged();
}

static void test_http_unknown_and_bad_ids(void **state)
{
	char body[256];

	(void)state;
	snapshot();
	reject_case("{\"customer_id\":424242,\"subject\":\"s\",\"channel\":\"email\"}", 404,
		    "customer_not_found", "customer_id");
	reject_case("{\"customer_id\":0,\"subject\":\"s\",\"channel\":\"email\"}", 400,
		    "invalid_id", "customer_id");
	reject_case("{\"customer_id\":-5,\"subject\":\"s\",\"channel\":\"email\"}", 400,
		    "invalid_id", "customer_id");
	reject_case("{\"customer_id\":1e30,\"subject\":\"s\",\"channel\":\"email\"}", 400,
		    "invalid_type", "customer_id");
	reject_case("{\"customer_id\":99999999999999999999,\"subject\":\"s\",\"channel\":\"email\"}",
		    400, "invalid_json", NULL);
	reject_case("{\"customer_id\":9223372036854775807,\"subject\":\"s\",\"channel\":\"email\"}",
		    404, "customer_not_found", "customer_id");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\",\"owner_id\":424242}",
		 (long long)FX.customer_id);
	reject_case(body, 404, "agent_not_found", "owner_id");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\",\"team_id\":424242}",
		 (long long)FX.customer_id);
	reject_case(body, 404, "team_not_found", "team_id");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"visit\","
		 "\"facility_id\":424242}",
		 (long long)FX.customer_id);
	reject_case(body, 404, "facility_not_found", "facility_id");
	reject_customer("{\"name\":\"A\",\"org_id\":424242}", 404, "organization_not_found", "org_id");
	fx_expect_error("PATCH", "/api/v1/customers/424242", FX.agent, "{\"name\":\"B\"}", 404,
			"customer_not_found", NULL);
	fx_expect_error("POST", "/api/v1/cases/424242/interactions", FX.agent,
			"{\"channel\":\"email\"}", 404, "case_not_found", NULL);
	fx_expect_error("GET", "/api/v1/cases/424242/interactions", FX.agent, NULL, 404,
			"case_not_found", NULL);
	assert_unchanged();
}

static void test_http_over_long_fields(void **state)
{
	char *body = malloc(LD_BODY_MAX + 512);
	char name[LD_NAME_MAX + 2], wide[512], subject[LD_SUBJECT_MAX + 2];
	int n;

	(void)state;
	snapshot();
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	snprintf(body, LD_BODY_MAX + 512, "{\"name\":\"%s\"}", name);
	reject_customer(body, 400, "too_long", "name");
	/* Exactly the limit is fine. */
	name[LD_NAME_MAX] = '\0';
	snprintf(body, LD_BODY_MAX + 512, "{\"name\":\"%s\"}", name);
	json_decref(fx_expect("POST", "/api/v1/customers", FX.agent, body, 201));
	customers_before++;
	/* Limits count bytes: 101 two-byte letters are 202 bytes. */
	n = 0;
	for (int i = 0; i < 101; i++)
		n += snprintf(wide + n, sizeof wide - (size_t)n, "\xc3\xa1");
	snprintf(body, LD_BODY_MAX + 512, "{\"name\":\"%s\"}", wide);
	reject_customer(body, 400, "too_long", "name");

	memset(subject, 's', sizeof subject - 1);
	subject[sizeof subject - 1] = '\0';
	snprintf(body, LD_BODY_MAX + 512,
		 "{\"customer_id\":%lld,\"subject\":\"%s\",\"channel\":\"email\"}",
		 (long long)FX.customer_id, subject);
	reject_case(body, 400, "too_long", "subject");
	n = snprintf(body, LD_BODY_MAX + 512,
		     "{\"customer_id\":%lld,\"subject\":\"s\",\"channel\":\"email\",\"body\":\"",
		     (long long)FX.customer_id);
	memset(body + n, 'b', LD_BODY_MAX + 1);
	snprintf(body + n + LD_BODY_MAX + 1, 8, "\"}");
	reject_case(body, 400, "too_long", "body");
	reject_customer("{\"name\":\"A\",\"phone\":\"123456789012345678901234567890123\"}", 400,
			"too_long", "phone");
	free(body);
	assert_unchanged();
}

static void test_http_sql_looking_text_is_just_text(void **state)
{
	static const char *const evil = "Robert'); DROP TABLE customers;--";
	char body[256], path[64];
	json_t *j;
	int64_t id;

	(void)state;
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"notes\":\"' OR 1=1 --\"}", evil);
	j = fx_expect("POST", "/api/v1/customers", FX.agent, body, 201);
	id = fx_int(j, "id");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)id);
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "name"), evil);
	assert_string_equal(fx_str(j, "notes"), "' OR 1=1 --");
	json_decref(j);
	/* Search for it literally, and for an injection that would match everything. */
	j = fx_expect("GET", "/api/v1/customers?q=Robert%27%29%3B%20DROP", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	j = fx_expect("GET", "/api/v1/customers?q=%27%20OR%20%271%27%3D%271", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	/* The tables are all still there. */
	assert_true(fx_count("/api/v1/customers", FX.agent) >= 3);
	json_decref(fx_expect("GET", "/api/v1/cases", FX.agent, NULL, 200));
	/* Quotes, backslashes and control characters come back escaped. */
	j = fx_expect("POST", "/api/v1/customers", FX.agent,
		      "{\"name\":\"Quote \\\" back \\\\ slash \\t tab\"}", 201);
	assert_string_equal(fx_str(j, "name"), "Quote \" back \\ slash \t tab");
	json_decref(j);
}

/* ---- query strings ---- */

static void test_http_limits_and_cursors(void **state)
{
	json_t *j;

	(void)state;
	fx_expect_error("GET", "/api/v1/customers?limit=0", FX.agent, NULL, 400, "invalid_limit",
			"limit");
	fx_expect_error("GET", "/api/v1/customers?limit=201", FX.agent, NULL, 400, "invalid_limit",
			"limit");
	fx_expect_error("GET", "/api/v1/customers?limit=-1", FX.agent, NULL, 400, "invalid_limit",
			"limit");
	fx_expect_error("GET", "/api/v1/customers?limit=ten", FX.agent, NULL, 400, "invalid_limit",
			"limit");
	fx_expect_error("GET", "/api/v1/customers?limit=", FX.agent, NULL, 400, "invalid_limit",
			"limit");
	fx_expect_error("GET", "/api/v1/cases?limit=99999999999999999999", FX.agent, NULL, 400,
			"invalid_limit", "limit");
	fx_expect_error("GET", "/api/v1/customers?cursor=abc", FX.agent, NULL, 400,
			"invalid_cursor", "cursor");
	fx_expect_error("GET", "/api/v1/customers?cursor=-3", FX.agent, NULL, 400,
			"invalid_cursor", "cursor");
	fx_expect_error("GET", "/api/v1/customers?limt=5", FX.agent, NULL, 400,
			"unknown_parameter", "limt");
	fx_expect_error("GET", "/api/v1/customers?limit=5&limit=6", FX.agent, NULL, 400,
			"duplicate_parameter", "limit");
	fx_expect_error("GET", "/api/v1/customers?q=%zz", FX.agent, NULL, 400, "invalid_query",
			NULL);
	fx_expect_error("GET", "/api/v1/customers?q=%00", FX.agent, NULL, 400, "invalid_query",
			NULL);
	j = fx_expect("GET", "/api/v1/customers?limit=200", FX.agent, NULL, 200);
	assert_true(json_is_array(json_object_get(j, "items")));
	json_decref(j);
	/* A cursor past the end is an empty page, not an error. */
	j = fx_expect("GET", "/api/v1/customers?cursor=9223372036854775807", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_true(json_is_null(json_object_get(j, "next_cursor")));
	json_decref(j);
	/* Empty pieces are ignored. */
	json_decref(fx_expect("GET", "/api/v1/customers?&limit=2&&", FX.agent, NULL, 200));
}

/*
 * Decoded parameters with their NULs can outgrow the raw query ("&limit" is
 * "limit\0\0"): one whose empty value falls just past the buffer is too long,
 * not written past it (fuzz/fuzz_query.c reports it); one that ends on the
 * buffer's last byte is read.
 */
static void test_http_query_that_fills_the_buffer(void **state)
{
	static const struct {
		const char *tail;    /* after q=0…0 */
		const char *code;    /* the answer */
		const char *field;   /* its field */
	} cases[] = {
		{ "&limit", "query_too_long", NULL },  /* "" needs one byte more */
		{ "&limit=", "invalid_limit", "limit" }, /* "" on the last byte: limit="" */
	};
	char target[64 + HTTP_QUERY_BYTES_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t fill = HTTP_QUERY_BYTES_MAX - 1 - strlen("q=") - strlen(cases[i].tail);

		snprintf(target, sizeof target, "/api/v1/customers?q=%0*d%s", (int)fill, 0,
			 cases[i].tail);
		assert_int_equal(strlen(strchr(target, '?') + 1), HTTP_QUERY_BYTES_MAX - 1);
		fx_expect_error("GET", target, FX.agent, NULL, 400, cases[i].code, cases[i].field);
	}
}

static void test_http_times(void **state)
{
	char body[256];
	json_t *j;

	(void)state;
	snapshot();
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"t\",\"channel\":\"phone\","
		 "\"started_at\":\"2026-02-30T10:00:00Z\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "invalid_time", "started_at");
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"t\",\"channel\":\"phone\","
		 "\"started_at\":\"yesterday\"}",
		 (long long)FX.customer_id);
	reject_case(body, 400, "invalid_time", "started_at");
	assert_unchanged();
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"subject\":\"t\",\"channel\":\"phone\","
		 "\"started_at\":\"2026-11-24T10:30:00+01:00\"}",
		 (long long)FX.customer_id);
	j = fx_expect("POST", "/api/v1/cases", FX.agent, body, 201);
	json_decref(j);
}

/* ---- the wire helpers ---- */

static void test_http_time_format_and_parse(void **state)
{
	char s[HTTP_TIME_LEN + 1];
	int64_t t;

	(void)state;
	assert_true(http_time_format(FX_NOW, s));
	assert_string_equal(s, "2026-11-24T10:00:00Z");
	assert_true(http_time_format(951782400, s)); /* leap day 2000 */
	assert_string_equal(s, "2000-02-29T00:00:00Z");
	assert_true(http_time_format(-1, s));
	assert_string_equal(s, "1969-12-31T23:59:59Z");
	assert_false(http_time_format(INT64_MAX, s));

	assert_true(http_time_parse("2026-11-24T10:00:00Z", &t));
	assert_int_equal(t, FX_NOW);
	assert_true(http_time_parse("2026-11-24T11:00:00+01:00", &t));
	assert_int_equal(t, FX_NOW);
	assert_true(http_time_parse("2026-11-24T05:00:00-05:00", &t));
	assert_int_equal(t, FX_NOW);
	assert_true(http_time_parse("2000-02-29T00:00:00Z", &t));
	assert_int_equal(t, 951782400);
	assert_false(http_time_parse("1900-02-29T00:00:00Z", &t));
	assert_false(http_time_parse("2026-11-24 10:00:00Z", &t));
	assert_false(http_time_parse("2026-11-24T10:00:00z", &t));
	assert_false(http_time_parse("2026-11-24T10:00:00", &t));
	assert_false(http_time_parse("2026-11-24T24:00:00Z", &t));
	assert_false(http_time_parse("2026-11-24T10:00:60Z", &t));
	assert_false(http_time_parse("2026-13-01T10:00:00Z", &t));
	assert_false(http_time_parse("2026-11-24T10:00:00.5Z", &t));
	assert_false(http_time_parse("+2026-11-24T10:00:0Z", &t));
	assert_false(http_time_parse("", &t));
}

static void test_http_json_writer(void **state)
{
	struct http_json j;
	char *out;

	(void)state;
	http_json_init(&j, 1);
	http_json_obj_begin(&j, NULL);
	http_json_str(&j, "s", "a\"b\\c\n\x01\xff\xc3\xa9");
	http_json_id(&j, "none", 0);
	http_json_id(&j, "id", 42);
	http_json_time(&j, "t", 0);
	http_json_real(&j, "nan", NAN);
	http_json_real(&j, "x", 0.25);
	http_json_arr_begin(&j, "a");
	http_json_int(&j, NULL, -1);
	http_json_bool(&j, NULL, true);
	http_json_obj_begin(&j, NULL);
	http_json_obj_end(&j);
	http_json_arr_end(&j);
	http_json_obj_end(&j);
	out = http_json_take(&j, NULL);
	assert_string_equal(out, "{\"s\":\"a\\\"b\\\\c\\n\\u0001\\ufffd\xc3\xa9\",\"none\":null,"
				 "\"id\":42,\"t\":null,\"nan\":null,\"x\":0.25,"
				 "\"a\":[-1,true,{}]}");
	free(out);
	http_json_free(&j);
}

/*
 * The ETag hash: every length across the 8-byte steps and the tail, and a
 * one-bit change at every position, changes the hash; equal bytes hash
 * equal wherever they sit in memory (unaligned reads).
 */
static void test_http_hash64_sees_every_byte(void **state)
{
	char buf[80], copy[81];
	uint64_t seen[80];

	(void)state;
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)('a' + i % 26);
	for (size_t len = 0; len < sizeof buf; len++) {
		seen[len] = http_hash64(buf, len);
		for (size_t k = 0; k < len; k++)
			assert_true(seen[len] != seen[k]);
		memcpy(copy + 1, buf, len);
		assert_true(http_hash64(copy + 1, len) == seen[len]);
		for (size_t at = 0; at < len; at++) {
			buf[at] ^= 1;
			assert_true(http_hash64(buf, len) != seen[len]);
			buf[at] ^= 1;
		}
	}
	/* Trailing zero bytes are not the same as no bytes. */
	memset(buf, 0, 16);
	assert_true(http_hash64(buf, 3) != http_hash64(buf, 4));
	assert_true(http_hash64(buf, 8) != http_hash64(buf, 9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_malformed_json),
		cmocka_unit_test(test_http_invalid_utf8),
		cmocka_unit_test(test_http_wrong_types),
		cmocka_unit_test(test_http_unknown_enum_values),
		cmocka_unit_test(test_http_missing_and_unknown_fields),
		cmocka_unit_test(test_http_unknown_and_bad_ids),
		cmocka_unit_test(test_http_over_long_fields),
		cmocka_unit_test(test_http_sql_looking_text_is_just_text),
		cmocka_unit_test(test_http_limits_and_cursors),
		cmocka_unit_test(test_http_query_that_fills_the_buffer),
		cmocka_unit_test(test_http_times),
		cmocka_unit_test(test_http_time_format_and_parse),
		cmocka_unit_test(test_http_json_writer),
		cmocka_unit_test(test_http_hash64_sees_every_byte),
	};

	return cmocka_run_group_tests_name("http_input", tests, fx_setup, fx_teardown);
}
