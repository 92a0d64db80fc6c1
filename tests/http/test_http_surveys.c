/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTTP adapter, in process: surveys on the wire (the token shown once, the
 * public by-token routes and their refusals), the survey and loyalty
 * reports, the risk-ordered customer list, the outbox, follow-up tasks and
 * the renewal routes' parameter checks. The rules themselves are tested in
 * tests/app/test_surveys.c and test_loyalty.c; here the shapes and statuses.
 */
#include "http_fixture.h"

#include <math.h>

#define DAY 86400

/* ------------------------------------------------------------ helpers --- */

static void give_consent(int64_t customer_id)
{
	char path[64];
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)customer_id);
	j = fx_expect("PATCH", path, FX.agent, "{\"consent\":true}", 200);
	assert_true(json_is_true(json_object_get(j, "consent")));
	json_decref(j);
}

/* POSTs a survey as the agent; copies the token; returns the survey id. */
static int64_t create_survey(const char *kind, int64_t customer_id,
			     char token[APP_TOKEN_LEN + 1], int64_t *message_id)
{
	char body[160];
	json_t *j;
	int64_t id;

	snprintf(body, sizeof body, "{\"kind\":\"%s\",\"customer_id\":%lld}", kind,
		 (long long)customer_id);
	j = fx_expect("POST", "/api/v1/surveys", FX.agent, body, 201);
	id = fx_int(json_object_get(j, "survey"), "id");
	assert_int_equal(fx_int(j, "id"), id);
	assert_int_equal(strlen(fx_str(j, "token")), APP_TOKEN_LEN);
	memcpy(token, fx_str(j, "token"), APP_TOKEN_LEN + 1);
	if (message_id != NULL)
		*message_id = json_is_integer(json_object_get(j, "message_id"))
				      ? fx_int(j, "message_id")
				      : 0;
	json_decref(j);
	return id;
}

static void by_token(char *out, size_t cap, const char *token)
{
	snprintf(out, cap, "/api/v1/surveys/by-token/%s", token);
}

/* Asserts a 400 with the error object complete and `field` named. */
static void expect_400_field(const char *method, const char *target, const char *token,
			     const char *body, const char *field)
{
	json_t *j = fx_expect(method, target, token, body, 400);
	json_t *e = json_object_get(j, "error");

	assert_non_null(e);
	assert_true(json_is_string(json_object_get(e, "code")));
	assert_true(strlen(fx_str(e, "code")) > 0);
	assert_true(json_is_string(json_object_get(e, "message")));
	assert_string_equal(fx_str(e, "field"), field);
	json_decref(j);
}

/* The survey as GET /surveys/{id} shows it to the agent. */
static json_t *get_survey(int64_t id)
{
	char path[64];

	snprintf(path, sizeof path, "/api/v1/surveys/%lld", (long long)id);
	return fx_expect("GET", path, FX.agent, NULL, 200);
}

static const char *const SQ_DIMS[] = {"tangibles", "reliability", "responsiveness", "assurance",
				      "empathy"};

/* ------------------------------------------------------------ surveys --- */

static void test_http_survey_create_shows_token_once(void **state)
{
	char link[160], path[64];
	json_t *j, *sv;
	const char *token;
	int64_t id;

	(void)state;
	give_consent(FX.customer_id);
	fx_expect_error("POST", "/api/v1/surveys", FX.agent, "{\"kind\":\"nps\",\"customer_id\":0}",
			400, "invalid_id", "customer_id");
	{
		char body[128];
		struct http_response res;

		snprintf(body, sizeof body, "{\"kind\":\"nps\",\"customer_id\":%lld}",
			 (long long)FX.customer_id);
		assert_int_equal(fx_call(&res, "POST", "/api/v1/surveys", FX.agent, body), 201);
		j = fx_json(&res);
		sv = json_object_get(j, "survey");
		id = fx_int(sv, "id");
		snprintf(path, sizeof path, "/api/v1/surveys/%lld", (long long)id);
		assert_string_equal(res.location, path);
		http_response_clear(&res);
	}
	token = fx_str(j, "token");
	assert_int_equal(strlen(token), APP_TOKEN_LEN);
	assert_int_equal(strspn(token, "0123456789abcdef"), APP_TOKEN_LEN);
	snprintf(link, sizeof link, "http://127.0.0.1:8080/survey/%s", token);
	assert_string_equal(fx_str(j, "link"), link);
	assert_true(fx_int(j, "message_id") > 0);
	assert_string_equal(fx_str(sv, "kind"), "nps");
	assert_string_equal(fx_str(sv, "origin"), "manual");
	assert_int_equal(fx_int(sv, "customer_id"), FX.customer_id);
	assert_true(json_is_null(json_object_get(sv, "case_id")));
	assert_true(json_is_null(json_object_get(sv, "channel")));
	assert_string_equal(fx_str(sv, "language"), "en");
	assert_string_equal(fx_str(sv, "sent_at"), "2026-11-24T10:00:00Z");
	assert_string_equal(fx_str(sv, "expires_at"), "2026-12-09T00:00:00Z");
	assert_true(json_is_null(json_object_get(sv, "answered_at")));
	assert_true(json_is_null(json_object_get(sv, "score")));
	assert_null(json_object_get(sv, "token"));
	json_decref(j);

	/* read back: never the token, nor the link */
	j = get_survey(id);
	assert_int_equal(fx_int(j, "id"), id);
	assert_string_equal(fx_str(j, "kind"), "nps");
	assert_null(json_object_get(j, "token"));
	assert_null(json_object_get(j, "link"));
	assert_null(json_object_get(j, "token_digest"));
	json_decref(j);
	/* in the list neither */
	{
		char target[96];
		json_t *items;

		snprintf(target, sizeof target, "/api/v1/surveys?customer_id=%lld&kind=nps",
			 (long long)FX.customer_id);
		j = fx_expect("GET", target, FX.agent, NULL, 200);
		items = json_object_get(j, "items");
		assert_true(json_array_size(items) >= 1);
		for (size_t i = 0; i < json_array_size(items); i++)
			assert_null(json_object_get(json_array_get(items, i), "token"));
		json_decref(j);
	}
	/* the customer reads its own, not another's */
	j = fx_expect("GET", path, FX.cust, NULL, 200);
	assert_null(json_object_get(j, "token"));
	json_decref(j);
	give_consent(FX.other_customer_id);
	{
		char other_token[APP_TOKEN_LEN + 1], other_path[64], target[96];
		int64_t other = create_survey("csat", FX.other_customer_id, other_token, NULL);
		json_t *items;

		snprintf(other_path, sizeof other_path, "/api/v1/surveys/%lld", (long long)other);
		fx_expect_error("GET", other_path, FX.cust, NULL, 404, "survey_not_found", NULL);
		j = fx_expect("GET", "/api/v1/surveys?limit=200", FX.cust, NULL, 200);
		items = json_object_get(j, "items");
		assert_true(json_array_size(items) >= 1);
		for (size_t i = 0; i < json_array_size(items); i++)
			assert_int_equal(fx_int(json_array_get(items, i), "customer_id"),
					 FX.customer_id);
		json_decref(j);
		snprintf(target, sizeof target, "/api/v1/surveys?customer_id=%lld",
			 (long long)FX.other_customer_id);
		assert_int_equal(fx_count(target, FX.cust), 0);
		assert_int_equal(fx_count(target, FX.agent), 1);
		snprintf(target, sizeof target, "/api/v1/surveys?customer_id=%lld&answered=true",
			 (long long)FX.other_customer_id);
		assert_int_equal(fx_count(target, FX.agent), 0);
		fx_expect_error("GET", "/api/v1/surveys?answered=maybe", FX.agent, NULL, 400,
				"invalid_value", "answered");
	}

	/* refusals */
	{
		char body[128];

		snprintf(body, sizeof body, "{\"kind\":\"nps\",\"customer_id\":%lld}",
			 (long long)fx_add_customer("Not Asked", "not.asked@example.com"));
		fx_expect_error("POST", "/api/v1/surveys", FX.agent, body, 409, "no_consent",
				"customer_id");
		snprintf(body, sizeof body, "{\"kind\":\"nps\",\"customer_id\":%lld,\"x\":1}",
			 (long long)FX.customer_id);
		fx_expect_error("POST", "/api/v1/surveys", FX.agent, body, 400, "unknown_field",
				"x");
		snprintf(body, sizeof body, "{\"kind\":\"stars\",\"customer_id\":%lld}",
			 (long long)FX.customer_id);
		fx_expect_error("POST", "/api/v1/surveys", FX.agent, body, 400, "invalid_value",
				"kind");
		snprintf(body, sizeof body, "{\"kind\":\"nps\",\"customer_id\":%lld}",
			 (long long)FX.customer_id);
		fx_expect_error("POST", "/api/v1/surveys", FX.cust, body, 403, "forbidden", NULL);
		fx_expect_error("POST", "/api/v1/surveys", NULL, body, 401, "unauthorized", NULL);
	}
	fx_expect_error("GET", "/api/v1/surveys/999999", FX.agent, NULL, 404, "survey_not_found",
			NULL);
}

static void test_http_survey_by_token_without_login(void **state)
{
	char token[APP_TOKEN_LEN + 1], target[160];
	json_t *j, *q;
	int64_t id;

	(void)state;
	give_consent(FX.customer_id);
	id = create_survey("nps", FX.customer_id, token, NULL);
	by_token(target, sizeof target, token);

	j = fx_expect("GET", target, NULL, NULL, 200);
	assert_string_equal(fx_str(j, "kind"), "nps");
	assert_string_equal(fx_str(j, "language"), "en");
	assert_string_equal(fx_str(j, "title"), "Would you recommend us?");
	assert_string_equal(fx_str(j, "expires_at"), "2026-12-09T00:00:00Z");
	q = json_object_get(j, "questions");
	assert_int_equal(json_array_size(q), 1);
	assert_string_equal(fx_str(json_array_get(q, 0), "id"), "score");
	assert_int_equal(fx_int(json_array_get(q, 0), "min"), 0);
	assert_int_equal(fx_int(json_array_get(q, 0), "max"), 10);
	assert_null(json_object_get(j, "customer_id"));
	json_decref(j);

	/* the customer's own session may open it too */
	json_decref(fx_expect("GET", target, FX.cust, NULL, 200));

	j = fx_expect("POST", target, NULL, "{\"score\":10,\"comment\":\"Skvělé!\"}", 200);
	assert_int_equal(fx_int(j, "score"), 10);
	assert_string_equal(fx_str(j, "kind"), "nps");
	assert_string_equal(fx_str(j, "comment"), "Skvělé!");
	assert_string_equal(fx_str(j, "answered_at"), "2026-11-24T10:00:00Z");
	assert_true(strlen(fx_str(j, "thanks")) > 0);
	/* whoever holds the link sees nothing internal */
	assert_null(json_object_get(j, "survey"));
	assert_null(json_object_get(j, "followup"));
	assert_null(json_object_get(j, "case_id"));
	assert_null(json_object_get(j, "customer_id"));
	assert_null(json_object_get(j, "team_id"));
	assert_null(json_object_get(j, "id"));
	json_decref(j);

	j = get_survey(id);
	assert_int_equal(fx_int(j, "score"), 10);
	json_decref(j);
}

static void test_http_survey_bad_answers(void **state)
{
	char nps[APP_TOKEN_LEN + 1], csat[APP_TOKEN_LEN + 1], sq[APP_TOKEN_LEN + 1];
	char target[160], body[512], exp[160], per[160];
	int64_t nps_id, csat_id, sq_id;
	json_t *j;

	(void)state;
	give_consent(FX.customer_id);
	nps_id = create_survey("nps", FX.customer_id, nps, NULL);
	csat_id = create_survey("csat", FX.customer_id, csat, NULL);
	sq_id = create_survey("servqual", FX.customer_id, sq, NULL);

	by_token(target, sizeof target, nps);
	fx_expect_error("POST", target, NULL, "{\"score\":\"9\"}", 400, "invalid_type", "score");
	fx_expect_error("POST", target, NULL, "{\"score\":9.5}", 400, "invalid_type", "score");
	fx_expect_error("POST", target, NULL, "{\"score\":true}", 400, "invalid_type", "score");
	fx_expect_error("POST", target, NULL, "{\"score\":11}", 400, "out_of_range", "score");
	fx_expect_error("POST", target, NULL, "{\"score\":-1}", 400, "out_of_range", "score");
	fx_expect_error("POST", target, NULL, "{\"score\":null}", 400, "required", "score");
	fx_expect_error("POST", target, NULL, "{}", 400, "required", "score");
	fx_expect_error("POST", target, NULL, "{\"score\":9,\"stars\":5}", 400, "unknown_field",
			"stars");
	fx_expect_error("POST", target, NULL, "{\"score\":9,\"comment\":7}", 400, "invalid_type",
			"comment");
	fx_expect_error("POST", target, NULL, "{\"score\":", 400, "invalid_json", NULL);
	fx_expect_error("POST", target, NULL, "[9]", 400, "invalid_type", NULL);

	by_token(target, sizeof target, csat);
	fx_expect_error("POST", target, NULL, "{\"score\":6}", 400, "out_of_range", "score");
	fx_expect_error("POST", target, NULL, "{\"score\":0}", 400, "out_of_range", "score");

	snprintf(exp, sizeof exp,
		 "{\"tangibles\":6,\"reliability\":7,\"responsiveness\":6,\"assurance\":7,"
		 "\"empathy\":6}");
	snprintf(per, sizeof per,
		 "{\"tangibles\":5,\"reliability\":4,\"responsiveness\":6,\"assurance\":7,"
		 "\"empathy\":3}");
	by_token(target, sizeof target, sq);
	snprintf(body, sizeof body, "{\"expected\":%s}", exp);
	fx_expect_error("POST", target, NULL, body, 400, "missing_field", "perceived");
	snprintf(body, sizeof body, "{\"perceived\":%s}", per);
	fx_expect_error("POST", target, NULL, body, 400, "missing_field", "expected");
	snprintf(body, sizeof body,
		 "{\"expected\":{\"tangibles\":6,\"reliability\":7,\"responsiveness\":6,"
		 "\"assurance\":7},\"perceived\":%s}", per);
	fx_expect_error("POST", target, NULL, body, 400, "missing_field", "expected");
	snprintf(body, sizeof body,
		 "{\"expected\":%s,\"perceived\":{\"tangibles\":5,\"reliability\":4,"
		 "\"responsiveness\":6,\"assurance\":7,\"empathy\":8}}", exp);
	fx_expect_error("POST", target, NULL, body, 400, "out_of_range", "perceived");
	snprintf(body, sizeof body,
		 "{\"expected\":%s,\"perceived\":{\"tangibles\":5,\"reliability\":4,"
		 "\"responsiveness\":6,\"assurance\":7,\"empathy\":3,\"speed\":2}}", exp);
	fx_expect_error("POST", target, NULL, body, 400, "unknown_field", "speed");
	snprintf(body, sizeof body, "{\"expected\":[1,2,3,4,5],\"perceived\":%s}", per);
	fx_expect_error("POST", target, NULL, body, 400, "invalid_type", "expected");
	snprintf(body, sizeof body, "{\"score\":5,\"expected\":%s,\"perceived\":%s}", exp, per);
	expect_400_field("POST", target, NULL, body, "score");

	/* nothing was stored */
	j = get_survey(nps_id);
	assert_true(json_is_null(json_object_get(j, "answered_at")));
	json_decref(j);
	j = get_survey(csat_id);
	assert_true(json_is_null(json_object_get(j, "answered_at")));
	json_decref(j);
	j = get_survey(sq_id);
	assert_true(json_is_null(json_object_get(j, "answered_at")));
	assert_null(json_object_get(j, "expected"));
	json_decref(j);

	/* and a good SERVQUAL answer shows the gaps */
	snprintf(body, sizeof body, "{\"expected\":%s,\"perceived\":%s}", exp, per);
	j = fx_expect("POST", target, NULL, body, 200);
	json_decref(j);
	j = get_survey(sq_id);
	{
		static const int gap[] = {-1, -3, 0, 0, -3};
		json_t *g = json_object_get(j, "gap");

		for (int d = 0; d < 5; d++)
			assert_int_equal(fx_int(g, SQ_DIMS[d]), gap[d]);
		assert_int_equal(fx_int(json_object_get(j, "expected"), "reliability"), 7);
		assert_int_equal(fx_int(json_object_get(j, "perceived"), "empathy"), 3);
		assert_true(json_is_null(json_object_get(j, "score")));
	}
	json_decref(j);
}

static void test_http_survey_token_refusals(void **state)
{
	char mine[APP_TOKEN_LEN + 1], theirs[APP_TOKEN_LEN + 1], old[APP_TOKEN_LEN + 1];
	char target[160];
	int64_t old_id;
	json_t *j;

	(void)state;
	give_consent(FX.customer_id);
	give_consent(FX.other_customer_id);
	create_survey("csat", FX.customer_id, mine, NULL);
	create_survey("csat", FX.other_customer_id, theirs, NULL);
	old_id = create_survey("ces", FX.customer_id, old, NULL);

	/* unknown and malformed tokens */
	fx_expect_error("GET",
			"/api/v1/surveys/by-token/"
			"0000000000000000000000000000000000000000000000000000000000000000",
			NULL, NULL, 404, "survey_not_found", "token");
	fx_expect_error("POST",
			"/api/v1/surveys/by-token/"
			"0000000000000000000000000000000000000000000000000000000000000000",
			NULL, "{\"score\":5}", 404, "survey_not_found", "token");
	fx_expect_error("GET", "/api/v1/surveys/by-token/not-a-token", NULL, NULL, 404,
			"survey_not_found", "token");

	/* another customer's link, with a customer session */
	by_token(target, sizeof target, theirs);
	fx_expect_error("GET", target, FX.cust, NULL, 403, "survey_other_customer", "token");
	fx_expect_error("POST", target, FX.cust, "{\"score\":5}", 403, "survey_other_customer",
			"token");
	/* a bad bearer token on a public route is still refused */
	fx_expect_error("GET", target,
			"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", NULL, 401,
			"unauthorized", NULL);

	/* answered once: the second answer is a conflict */
	by_token(target, sizeof target, mine);
	json_decref(fx_expect("POST", target, FX.cust, "{\"score\":4}", 200));
	fx_expect_error("POST", target, NULL, "{\"score\":1}", 409, "survey_answered", "token");
	fx_expect_error("GET", target, NULL, NULL, 409, "survey_answered", "token");

	/* 14 days on it still works, to the end of that UTC day; then it has expired */
	by_token(target, sizeof target, old);
	fx_clock = FX_NOW + 14 * DAY;
	json_decref(fx_expect("GET", target, NULL, NULL, 200));
	fx_clock = FX_NOW + 14 * DAY + 14 * 3600; /* 2026-12-09T00:00:00Z */
	fx_expect_error("GET", target, NULL, NULL, 410, "survey_expired", "token");
	fx_expect_error("POST", target, NULL, "{\"score\":7}", 410, "survey_expired", "token");
	fx_clock = FX_NOW;
	j = get_survey(old_id);
	assert_true(json_is_null(json_object_get(j, "answered_at")));
	json_decref(j);
}

/* ------------------------------------------------------------ reports --- */

/* GET a report as the admin; asserts each member of `keys` is present. */
static json_t *report(const char *target, const char *const *keys)
{
	json_t *j = fx_expect("GET", target, FX.admin, NULL, 200);

	for (const char *const *k = keys; *k != NULL; k++)
		if (json_object_get(j, *k) == NULL)
			fail_msg("%s: no member \"%s\"", target, *k);
	return j;
}

static void test_http_survey_reports(void **state)
{
	static const char *const nps_keys[] = {"n", "promoters", "passives", "detractors", "nps",
					       "ci_low", "ci_high", "se", "distribution", "filter",
					       NULL};
	static const char *const csat_keys[] = {"n", "csat", "mean", "sd", "distribution",
						"filter", NULL};
	static const char *const ces_keys[] = {"n", "ces", "ci_low", "ci_high", "sd", "agree",
					       "disagree", "distribution", "filter", NULL};
	static const char *const sq_keys[] = {"dimensions", "overall_gap", "worst_first",
					      "filter", NULL};
	static const char *const loyalty_keys[] = {
		"customers", "lapsed", "undecided", "lapse_rate", "fallback", "fallback_reason",
		"model", "features", "lapse_ratio_high_effort", "disloyalty_ratio",
		"calibration", NULL};
	static const char *const reports[] = {"nps", "csat", "ces", "servqual"};
	char token[APP_TOKEN_LEN + 1], target[160];
	json_t *j, *f;
	int64_t n0, p0, d0, dist10;

	(void)state;
	give_consent(FX.customer_id);
	j = report("/api/v1/reports/nps?origin=manual", nps_keys);
	n0 = fx_int(j, "n");
	p0 = fx_int(j, "promoters");
	d0 = fx_int(j, "detractors");
	dist10 = fx_int(json_object_get(j, "distribution"), "10");
	json_decref(j);
	/* two more manual answers: a 10 and a 3 */
	create_survey("nps", FX.customer_id, token, NULL);
	by_token(target, sizeof target, token);
	json_decref(fx_expect("POST", target, NULL, "{\"score\":10}", 200));
	create_survey("nps", FX.customer_id, token, NULL);
	by_token(target, sizeof target, token);
	json_decref(fx_expect("POST", target, NULL, "{\"score\":3}", 200));
	j = report("/api/v1/reports/nps?origin=manual&from=2026-11-24&to=2026-11-24", nps_keys);
	assert_int_equal(fx_int(j, "n"), n0 + 2);
	assert_int_equal(fx_int(j, "promoters"), p0 + 1);
	assert_int_equal(fx_int(j, "detractors"), d0 + 1);
	assert_int_equal(fx_int(json_object_get(j, "distribution"), "10"), dist10 + 1);
	assert_true(json_is_number(json_object_get(j, "nps")));
	{
		double nps = json_number_value(json_object_get(j, "nps"));
		double lo = json_number_value(json_object_get(j, "ci_low"));
		double hi = json_number_value(json_object_get(j, "ci_high"));
		int64_t n = fx_int(j, "n");
		double want = 100.0 * (double)(fx_int(j, "promoters") - fx_int(j, "detractors")) /
			      (double)n;

		/* reals go out with six significant digits */
		assert_true(fabs(nps - want) < 1e-3);
		assert_true(lo <= nps && nps <= hi);
	}
	f = json_object_get(j, "filter");
	assert_string_equal(fx_str(f, "origin"), "manual");
	assert_string_equal(fx_str(f, "from"), "2026-11-24T00:00:00Z");
	assert_string_equal(fx_str(f, "to"), "2026-11-25T00:00:00Z");
	json_decref(j);
	/* nothing on the next day; relationship answers there are none */
	j = report("/api/v1/reports/nps?from=2026-11-25", nps_keys);
	assert_int_equal(fx_int(j, "n"), 0);
	assert_true(json_is_null(json_object_get(j, "nps")));
	assert_true(json_is_null(json_object_get(j, "ci_low")));
	json_decref(j);
	j = report("/api/v1/reports/nps?origin=relationship", nps_keys);
	assert_int_equal(fx_int(j, "n"), 0);
	json_decref(j);

	json_decref(report("/api/v1/reports/csat", csat_keys));
	json_decref(report("/api/v1/reports/ces?channel=email", ces_keys));
	j = report("/api/v1/reports/servqual", sq_keys);
	for (int d = 0; d < 5; d++) {
		json_t *dim = json_object_get(json_object_get(j, "dimensions"), SQ_DIMS[d]);
		assert_non_null(dim);
		assert_non_null(json_object_get(dim, "n"));
		assert_non_null(json_object_get(dim, "gap"));
	}
	assert_int_equal(json_array_size(json_object_get(j, "worst_first")), 5);
	json_decref(j);
	j = report("/api/v1/reports/loyalty", loyalty_keys);
	assert_int_equal(json_array_size(json_object_get(j, "features")), 12);
	assert_string_equal(fx_str(json_array_get(json_object_get(j, "features"), 0), "name"),
			    "high_effort");
	/* no renewal decided in this store: the documented prior */
	assert_true(json_is_true(json_object_get(j, "fallback")));
	assert_true(json_is_string(json_object_get(j, "fallback_reason")));
	assert_true(fabs(json_number_value(json_object_get(
				 json_array_get(json_object_get(j, "features"), 0), "odds_ratio")) -
			 exp(5.4917)) < 0.1);
	json_decref(j);

	/* the refusals, the same for every survey report */
	for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
		snprintf(target, sizeof target, "/api/v1/reports/%s?foo=1", reports[i]);
		fx_expect_error("GET", target, FX.admin, NULL, 400, "unknown_parameter", "foo");
		snprintf(target, sizeof target, "/api/v1/reports/%s?from=2026-02-01&to=2026-01-01",
			 reports[i]);
		fx_expect_error("GET", target, FX.admin, NULL, 400, "invalid_range", "to");
		snprintf(target, sizeof target, "/api/v1/reports/%s?origin=survey", reports[i]);
		fx_expect_error("GET", target, FX.admin, NULL, 400, "invalid_value", "origin");
		snprintf(target, sizeof target, "/api/v1/reports/%s?channel=fax", reports[i]);
		fx_expect_error("GET", target, FX.admin, NULL, 400, "invalid_value", "channel");
		snprintf(target, sizeof target, "/api/v1/reports/%s?team=999999", reports[i]);
		fx_expect_error("GET", target, FX.admin, NULL, 404, "team_not_found", "team");
		snprintf(target, sizeof target, "/api/v1/reports/%s", reports[i]);
		fx_expect_error("GET", target, FX.agent, NULL, 403, "forbidden", NULL);
		fx_expect_error("GET", target, FX.cust, NULL, 403, "forbidden", NULL);
		fx_expect_error("GET", target, NULL, NULL, 401, "unauthorized", NULL);
	}
	fx_expect_error("GET", "/api/v1/reports/loyalty?foo=1", FX.admin, NULL, 400,
			"unknown_parameter", "foo");
	fx_expect_error("GET", "/api/v1/reports/loyalty", FX.agent, NULL, 403, "forbidden", NULL);
}

/* ---------------------------------------------------- customers by risk --- */

static void test_http_customers_order_risk(void **state)
{
	char target[200];
	const char *next;
	json_t *j = NULL, *items;
	size_t total, seen = 0;
	int64_t ids[256];
	double last = 2.0;
	int pages = 0;

	(void)state;
	/* one customer with a high-effort case (transferred twice), three plain ones */
	{
		struct app_case_open_in in;
		struct ld_case c;
		struct ld_err err;
		int64_t risky = fx_add_customer("Risky Customer", "risky@example.com");

		memset(&in, 0, sizeof in);
		in.customer_id = risky;
		in.subject = "Still broken";
		in.category = -1;
		in.priority = -1;
		in.owner_id = FX.agent_id;
		in.first.channel = LD_CH_EMAIL;
		in.first.direction = LD_DIR_IN;
		in.first.kind = -1;
		in.first.sentiment = NAN;
		assert_int_equal(app_case_open(&FX.app, NULL, &in, &c, &err), LD_OK);
		assert_int_equal(app_case_transfer(&FX.app, NULL, c.id, FX.admin_id, 0, NULL, &c,
						   &err), LD_OK);
		assert_int_equal(app_case_transfer(&FX.app, NULL, c.id, FX.agent_id, 0, NULL, &c,
						   &err), LD_OK);
		assert_int_equal(c.effort_band, EFFORT_HIGH);
		fx_add_customer("Plain One", "plain1@example.com");
		fx_add_customer("Plain Two", "plain2@example.com");
		fx_add_customer("Plain Three", "plain3@example.com");
		/* no renewal decided: the prior, 96% after high effort, 9% otherwise */
		j = fx_expect("GET", "/api/v1/customers?order=risk&limit=1", FX.agent, NULL, 200);
		items = json_object_get(j, "items");
		assert_int_equal(json_array_size(items), 1);
		assert_int_equal(fx_int(json_object_get(json_array_get(items, 0), "customer"), "id"),
				 risky);
		assert_true(fabs(json_number_value(json_object_get(json_array_get(items, 0),
								   "risk")) - 0.96) < 1e-6);
		json_decref(j);
	}
	total = fx_count("/api/v1/customers", FX.agent);
	assert_true(total >= 6 && total < 256);
	snprintf(target, sizeof target, "/api/v1/customers?order=risk&limit=2");
	for (;;) {
		j = fx_expect("GET", target, FX.agent, NULL, 200);
		items = json_object_get(j, "items");
		assert_true(json_array_size(items) <= 2);
		for (size_t i = 0; i < json_array_size(items); i++) {
			json_t *it = json_array_get(items, i), *c = json_object_get(it, "customer");
			double risk;

			assert_non_null(c);
			assert_true(json_is_number(json_object_get(it, "risk")));
			risk = json_number_value(json_object_get(it, "risk"));
			assert_true(risk >= 0.0 && risk <= 1.0);
			assert_true(risk <= last);
			last = risk;
			for (size_t k = 0; k < seen; k++)
				assert_true(ids[k] != fx_int(c, "id"));
			assert_true(seen < total);
			ids[seen++] = fx_int(c, "id");
			assert_non_null(json_object_get(c, "name"));
		}
		assert_true(++pages <= (int)total);
		if (json_is_null(json_object_get(j, "next_cursor")))
			break;
		next = fx_str(j, "next_cursor");
		assert_int_equal(json_array_size(items), 2);
		snprintf(target, sizeof target, "/api/v1/customers?order=risk&limit=2&cursor=%s",
			 next);
		json_decref(j);
	}
	json_decref(j);
	assert_int_equal(seen, total);

	fx_expect_error("GET", "/api/v1/customers?order=bogus", FX.agent, NULL, 400,
			"invalid_value", "order");
	fx_expect_error("GET", "/api/v1/customers?order=risk&cursor=nonsense", FX.agent, NULL, 400,
			"invalid_cursor", "cursor");
	fx_expect_error("GET", "/api/v1/customers?order=risk&q=jana", FX.agent, NULL, 400,
			"unsupported_combination", "order");
	fx_expect_error("GET", "/api/v1/customers?order=risk&limit=0", FX.agent, NULL, 400,
			"invalid_limit", "limit");
	fx_expect_error("GET", "/api/v1/customers?order=risk", FX.cust, NULL, 403, "forbidden",
			NULL);
}

/* ---------------------------------------------------- outbox, follow-ups --- */

static void test_http_outbox_and_followups(void **state)
{
	char token[APP_TOKEN_LEN + 1], target[160], path[64];
	json_t *j, *items, *task;
	int64_t survey_id, message_id, task_id;
	bool found = false;

	(void)state;
	give_consent(FX.customer_id);
	survey_id = create_survey("nps", FX.customer_id, token, &message_id);
	assert_true(message_id > 0);

	/* the manager's outbox holds the invitation, link and all */
	snprintf(target, sizeof target, "/api/v1/outbox?customer_id=%lld&limit=200",
		 (long long)FX.customer_id);
	j = fx_expect("GET", target, FX.admin, NULL, 200);
	items = json_object_get(j, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *m = json_array_get(items, i);
		if (fx_int(m, "id") != message_id)
			continue;
		found = true;
		assert_int_equal(fx_int(m, "survey_id"), survey_id);
		assert_int_equal(fx_int(m, "customer_id"), FX.customer_id);
		assert_string_equal(fx_str(m, "recipient"), "jana@example.cz");
		assert_string_equal(fx_str(m, "channel"), "email");
		assert_non_null(strstr(fx_str(m, "body"), token));
		assert_true(json_is_null(json_object_get(m, "sent_at")));
	}
	assert_true(found);
	json_decref(j);
	fx_expect_error("GET", "/api/v1/outbox", FX.agent, NULL, 403, "forbidden", NULL);
	fx_expect_error("GET", "/api/v1/outbox?status=later", FX.admin, NULL, 400, "invalid_value",
			"status");

	/* delivered once; a body may be empty or {}, but it is JSON (documented 415) */
	snprintf(target, sizeof target, "/api/v1/outbox/%lld/sent", (long long)message_id);
	fx_expect_error("POST", target, FX.admin, NULL, 415, "unsupported_media_type", NULL);
	j = fx_expect("POST", target, FX.admin, "{}", 200);
	assert_int_equal(fx_int(j, "id"), message_id);
	assert_string_equal(fx_str(j, "sent_at"), "2026-11-24T10:00:00Z");
	assert_null(strstr(fx_str(j, "body"), token)); /* delivered: the link is blanked */
	assert_non_null(strstr(fx_str(j, "body"), "/survey/xxxxxxxx"));
	json_decref(j);
	fx_expect_error("POST", target, FX.admin, "", 409, "message_sent", NULL);
	fx_expect_error("POST", target, FX.admin, "{\"at\":1}", 400, "unknown_field", "at");
	fx_expect_error("POST", "/api/v1/outbox/999999/sent", FX.admin, "{}", 404,
			"message_not_found", NULL);
	fx_expect_error("POST", target, FX.agent, "{}", 403, "forbidden", NULL);
	/* no longer waiting */
	snprintf(target, sizeof target, "/api/v1/outbox?status=waiting&customer_id=%lld&limit=200",
		 (long long)FX.customer_id);
	j = fx_expect("GET", target, FX.admin, NULL, 200);
	items = json_object_get(j, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_true(fx_int(json_array_get(items, i), "id") != message_id);
	json_decref(j);

	/* a detractor opens a follow-up task */
	by_token(target, sizeof target, token);
	json_decref(fx_expect("POST", target, NULL,
			      "{\"score\":2,\"comment\":\"Nobody called back.\"}", 200));
	snprintf(target, sizeof target, "/api/v1/followups?customer_id=%lld&status=open",
		 (long long)FX.customer_id);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	items = json_object_get(j, "items");
	task = NULL;
	for (size_t i = 0; i < json_array_size(items); i++)
		if (fx_int(json_array_get(items, i), "survey_id") == survey_id)
			task = json_array_get(items, i);
	assert_true(json_is_object(task));
	task_id = fx_int(task, "id");
	assert_int_equal(fx_int(task, "survey_id"), survey_id);
	assert_string_equal(fx_str(task, "reason"), "detractor");
	assert_string_equal(fx_str(task, "status"), "open");
	assert_string_equal(fx_str(task, "due_at"), "2026-11-26T10:00:00Z");
	assert_true(json_is_null(json_object_get(task, "done_at")));
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/followups/%lld", (long long)task_id);
	fx_clock = FX_NOW + 3600;
	j = fx_expect("PATCH", path, FX.agent, "{\"status\":\"done\",\"note\":\"called back\"}",
		      200);
	assert_int_equal(fx_int(j, "id"), task_id);
	assert_string_equal(fx_str(j, "status"), "done");
	assert_string_equal(fx_str(j, "note"), "called back");
	assert_string_equal(fx_str(j, "done_at"), "2026-11-24T11:00:00Z");
	assert_int_equal(fx_int(j, "done_by"), FX.agent_id);
	json_decref(j);
	fx_clock = FX_NOW;
	j = fx_expect("GET", path, FX.agent, NULL, 200);
	assert_string_equal(fx_str(j, "status"), "done");
	json_decref(j);
	j = fx_expect("GET", "/api/v1/followups?status=done&limit=200", FX.agent, NULL, 200);
	found = false;
	items = json_object_get(j, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		assert_string_equal(fx_str(json_array_get(items, i), "status"), "done");
		found = found || fx_int(json_array_get(items, i), "id") == task_id;
	}
	assert_true(found);
	json_decref(j);

	fx_expect_error("PATCH", path, FX.agent, "{\"status\":\"finished\"}", 400, "invalid_value",
			"status");
	fx_expect_error("PATCH", path, FX.agent, "{\"note\":\"x\"}", 400, "missing_field",
			"status");
	fx_expect_error("PATCH", path, FX.agent, "{\"status\":\"done\",\"by\":1}", 400,
			"unknown_field", "by");
	fx_expect_error("PATCH", path, FX.cust, "{\"status\":\"open\"}", 403, "forbidden", NULL);
	fx_expect_error("PATCH", "/api/v1/followups/999999", FX.agent, "{\"status\":\"done\"}", 404,
			"followup_not_found", NULL);
	fx_expect_error("GET", "/api/v1/followups?status=closed", FX.agent, NULL, 400,
			"invalid_value", "status");
}

/* ------------------------------------------------------------ renewals --- */

static void test_http_renewal_parameters(void **state)
{
	json_t *j;

	(void)state;
	fx_expect_error("GET", "/api/v1/renewals/outreach?days=0", FX.agent, NULL, 400,
			"invalid_value", "days");
	fx_expect_error("GET", "/api/v1/renewals/outreach?days=367", FX.agent, NULL, 400,
			"invalid_value", "days");
	fx_expect_error("GET", "/api/v1/renewals/outreach?min_risk=2", FX.agent, NULL, 400,
			"invalid_value", "min_risk");
	fx_expect_error("GET", "/api/v1/renewals/outreach?soon=1", FX.agent, NULL, 400,
			"unknown_parameter", "soon");
	fx_expect_error("GET", "/api/v1/renewals/calendar?from=2026-01-01&to=2028-01-01", FX.agent,
			NULL, 400, "invalid_range", "to");
	fx_expect_error("GET", "/api/v1/renewals/calendar?from=2026-02-01&to=2026-01-01", FX.agent,
			NULL, 400, "invalid_range", "to");
	fx_expect_error("GET", "/api/v1/renewals/calendar", FX.cust, NULL, 403, "forbidden", NULL);

	j = fx_expect("GET", "/api/v1/renewals/outreach?days=30&min_risk=0", FX.agent, NULL, 200);
	assert_int_equal(fx_int(j, "days"), 30);
	assert_true(json_is_array(json_object_get(j, "items")));
	assert_int_equal(fx_int(j, "total"), (int64_t)json_array_size(json_object_get(j, "items")));
	json_decref(j);
	j = fx_expect("GET", "/api/v1/renewals/calendar?from=2026-01-01&to=2026-12-31", FX.agent,
		      NULL, 200);
	assert_string_equal(fx_str(j, "from"), "2026-01-01T00:00:00Z");
	assert_string_equal(fx_str(j, "to"), "2027-01-01T00:00:00Z");
	assert_true(json_is_array(json_object_get(j, "days")));
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_survey_create_shows_token_once),
		cmocka_unit_test(test_http_survey_by_token_without_login),
		cmocka_unit_test(test_http_survey_bad_answers),
		cmocka_unit_test(test_http_survey_token_refusals),
		cmocka_unit_test(test_http_survey_reports),
		cmocka_unit_test(test_http_customers_order_risk),
		cmocka_unit_test(test_http_outbox_and_followups),
		cmocka_unit_test(test_http_renewal_parameters),
	};

	return cmocka_run_group_tests_name("http_surveys", tests, fx_setup, fx_teardown);
}
