/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The survey page, in process through the router: GET /survey/{token}
 * renders the form in the survey's language with its Content-Security-Policy
 * (the headers of every answer are the server's: test_http_limits.c); POST
 * answers it once from a form-encoded body; a bad link, an expired one, an
 * answered one, a refused answer and a malformed body each get their HTML
 * page and status — and nothing is stored for any of them.
 * Also the escaping function on its own.
 */
#include "http_fixture.h"

#include "app/surveys.h"
#include "core/survey_metrics.h"
#include "core/survey_text.h"
#include "http/survey_page.h"

#define FORM_TYPE "application/x-www-form-urlencoded"

/* A customer who agreed to be contacted, speaking `language`; returns its id. */
static int64_t add_consenting_customer(const char *name, const char *email, const char *language)
{
	struct ld_customer c;
	struct ld_err err;
	int64_t id;

	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.email, sizeof c.email, "%s", email);
	snprintf(c.language, sizeof c.language, "%s", language);
	c.preferred_channel = -1;
	c.consent = true;
	if (app_customer_create(&FX.app, NULL, &c, &err) != LD_OK)
		fail_msg("app_customer_create: %s %s", err.code, err.message);
	id = c.id;
	ld_customer_clear(&c);
	return id;
}

/* Sends a survey over the API as the agent; copies its page path "/survey/<token>". */
static int64_t send_survey(const char *kind, int64_t customer_id, char *path, size_t path_cap)
{
	char body[160];
	json_t *j;
	int64_t id;

	snprintf(body, sizeof body, "{\"kind\":\"%s\",\"customer_id\":%lld}", kind,
		 (long long)customer_id);
	j = fx_expect("POST", "/api/v1/surveys", FX.agent, body, 201);
	id = fx_int(json_object_get(j, "survey"), "id");
	assert_int_equal(strlen(fx_str(j, "token")), APP_SURVEY_TOKEN_LEN);
	snprintf(path, path_cap, "/survey/%s", fx_str(j, "token"));
	assert_non_null(strstr(fx_str(j, "link"), path));
	json_decref(j);
	return id;
}

/* Runs a page request; `body` (may be NULL) is sent as `content_type`. Returns the status. */
static int page_call(struct http_response *res, const char *method, const char *path,
		     const char *body, size_t body_len, const char *content_type)
{
	struct http_request req;

	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = path;
	if (body != NULL) {
		req.body = body;
		req.body_len = body_len;
		req.content_type = content_type;
	}
	http_response_init(res);
	http_dispatch(&FX.app, &req, res);
	return res->status;
}

/* POSTs a form body; asserts the status and an HTML answer; `res` is the caller's to clear. */
static void post_form(struct http_response *res, const char *path, const char *body, int status)
{
	int got = page_call(res, "POST", path, body, strlen(body), FORM_TYPE);

	if (got != status)
		fail_msg("POST %s [%s]: expected %d, got %d: %.*s", path, body, status, got,
			 (int)res->body_len, res->body != NULL ? res->body : "");
	assert_non_null(res->body);
	assert_string_equal(res->content_type, "text/html; charset=utf-8");
}

/* A further header of `res` by name, or NULL. */
static const char *header(const struct http_response *res, const char *name)
{
	for (int i = 0; i < HTTP_HEADERS_MAX && res->headers[i].name != NULL; i++)
		if (strcmp(res->headers[i].name, name) == 0)
			return res->headers[i].value;
	return NULL;
}

/* Occurrences of `needle` in the body. */
static int count(const struct http_response *res, const char *needle)
{
	int n = 0;

	for (const char *p = res->body; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Asserts that the body holds `text` HTML-escaped. */
static void assert_has_text(const struct http_response *res, const char *text)
{
	char *esc = http_html_escape(text, strlen(text));

	if (strstr(res->body, esc) == NULL)
		fail_msg("the page lacks \"%s\":\n%s", esc, res->body);
	free(esc);
}

/* Asserts an HTML page with the page headers and the status. */
static void assert_page(const struct http_response *res, int status)
{
	const char *csp = header(res, "Content-Security-Policy");

	assert_int_equal(res->status, status);
	assert_non_null(res->body);
	assert_string_equal(res->content_type, "text/html; charset=utf-8");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'none'"));
	assert_non_null(strstr(csp, "style-src 'unsafe-inline'"));
	assert_non_null(strstr(csp, "form-action 'self'"));
	assert_int_equal(strncmp(res->body, "<!DOCTYPE html>", 15), 0);
	assert_non_null(strstr(res->body, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(res->body, "name=\"viewport\""));
	assert_null(strstr(res->body, "<script"));
	assert_null(strstr(res->body, "http://"));
	assert_null(strstr(res->body, "https://"));
	assert_int_equal(res->etag[0], '\0');
}

/* Whether the survey `id` has been answered (over the API). */
static bool answered(int64_t id)
{
	char target[64];
	json_t *j;
	bool yes;

	snprintf(target, sizeof target, "/api/v1/surveys/%lld", (long long)id);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	yes = !json_is_null(json_object_get(j, "answered_at"));
	json_decref(j);
	return yes;
}

static void test_http_survey_page_escape(void **state)
{
	static const char raw[] = "<script>alert('x') & \"y\"</script> Žluťoučký kůň";
	char *s;

	(void)state;
	s = http_html_escape(raw, strlen(raw));
	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
			       " Žluťoučký kůň");
	free(s);
	s = http_html_escape("", 0);
	assert_string_equal(s, "");
	free(s);
	s = http_html_escape("plain text", 5);
	assert_string_equal(s, "plain");
	free(s);
	s = http_html_escape("&amp;", 5);
	assert_string_equal(s, "&amp;amp;");
	free(s);
}

static void test_http_survey_page_get_renders_form(void **state)
{
	struct http_response res;
	struct survey_form form;
	char path[128], needle[64];
	int64_t c;

	(void)state;
	c = add_consenting_customer("Jan Dvořák", "jan.dvorak@example.cz", "cs");
	send_survey("nps", c, path, sizeof path);
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, "cs", &form, NULL), LD_OK);

	assert_int_equal(page_call(&res, "GET", path, NULL, 0, NULL), 200);
	assert_page(&res, 200);
	assert_non_null(strstr(res.body, "<html lang=\"cs\">"));
	assert_has_text(&res, form.title);
	assert_has_text(&res, form.intro);
	assert_has_text(&res, form.items[0].text);
	assert_has_text(&res, form.items[0].min_label);
	assert_has_text(&res, form.items[0].max_label);
	assert_has_text(&res, form.comment_prompt);
	assert_int_equal(count(&res, "<fieldset>"), 1);
	assert_int_equal(count(&res, "type=\"radio\" name=\"score\""), 11);
	for (int v = 0; v <= 10; v++) {
		snprintf(needle, sizeof needle, "name=\"score\" value=\"%d\"", v);
		assert_int_equal(count(&res, needle), 1);
	}
	assert_int_equal(count(&res, " checked"), 0);
	assert_non_null(strstr(res.body, "<form method=\"post\" action=\""));
	assert_non_null(strstr(res.body, path + strlen("/survey/")));
	assert_non_null(strstr(res.body, "application/x-www-form-urlencoded"));
	assert_non_null(strstr(res.body, "name=\"comment\""));
	assert_non_null(strstr(res.body, "maxlength=\"4000\""));
	assert_non_null(strstr(res.body, "<button type=\"submit\">Odeslat</button>"));
	http_response_clear(&res);

	/* HEAD: the same answer (the server drops the body) */
	assert_int_equal(page_call(&res, "HEAD", path, NULL, 0, NULL), 200);
	assert_page(&res, 200);
	http_response_clear(&res);

	/* other methods: 405 with Allow */
	assert_int_equal(page_call(&res, "PUT", path, "x", 1, FORM_TYPE), 405);
	assert_string_equal(res.allow, "GET, POST");
	http_response_clear(&res);
}

static void test_http_survey_page_answers_once(void **state)
{
	struct http_response res;
	struct survey_form form;
	char path[128], target[64];
	int64_t c, id;
	json_t *j;

	(void)state;
	c = add_consenting_customer("Anna Schmidt", "anna.schmidt@example.de", "de");
	id = send_survey("nps", c, path, sizeof path);
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, "de", &form, NULL), LD_OK);

	post_form(&res, path, "score=9&comment=Sehr+gut%2C+danke%21%0D%0AAnna", 200);
	assert_page(&res, 200);
	assert_non_null(strstr(res.body, "<html lang=\"de\">"));
	assert_has_text(&res, form.thanks);
	assert_null(strstr(res.body, "<form"));
	http_response_clear(&res);

	snprintf(target, sizeof target, "/api/v1/surveys/%lld", (long long)id);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	assert_int_equal(fx_int(j, "score"), 9);
	assert_string_equal(fx_str(j, "comment"), "Sehr gut, danke!\nAnna");
	assert_string_equal(fx_str(j, "answered_at"), "2026-11-24T10:00:00Z");
	json_decref(j);

	/* once only: a second POST and a later GET are the friendly 409 */
	post_form(&res, path, "score=3", 409);
	assert_page(&res, 409);
	assert_non_null(strstr(res.body, "already been answered"));
	http_response_clear(&res);
	assert_int_equal(page_call(&res, "GET", path, NULL, 0, NULL), 409);
	assert_page(&res, 409);
	http_response_clear(&res);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	assert_int_equal(fx_int(j, "score"), 9);
	json_decref(j);
}

static void test_http_survey_page_refused_answer(void **state)
{
	struct http_response res;
	char path[128];
	int64_t c, id;

	(void)state;
	c = add_consenting_customer("Refused Answer", "refused@example.com", "en");
	id = send_survey("nps", c, path, sizeof path);

	/* out of the scale: 400, the form again with the reason and the comment kept, escaped */
	post_form(&res, path,
		  "score=11&comment=%3Cscript%3Ealert(%27x%27)%3C%2Fscript%3E+%26+%22quoted%22",
		  400);
	assert_page(&res, 400);
	assert_non_null(strstr(res.body, "role=\"alert\""));
	assert_non_null(strstr(res.body, "Please check your answers."));
	assert_non_null(strstr(res.body, "from 0 to 10"));
	assert_int_equal(count(&res, "type=\"radio\" name=\"score\""), 11);
	assert_non_null(strstr(res.body, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
					 "&quot;quoted&quot;</textarea>"));
	assert_null(strstr(res.body, "<script"));
	http_response_clear(&res);
	assert_false(answered(id));

	/* no score at all: 400, nothing stored; a score given is kept selected */
	post_form(&res, path, "comment=only+words", 400);
	assert_int_equal(count(&res, " checked"), 0);
	http_response_clear(&res);
	assert_false(answered(id));
	post_form(&res, path, "score=7&score=8", 400);
	http_response_clear(&res);
	assert_false(answered(id));

	/* the parts of another kind are refused */
	post_form(&res, path, "score=7&expected.empathy=3", 400);
	assert_non_null(strstr(res.body, "name=\"score\" value=\"7\" required checked"));
	http_response_clear(&res);
	assert_false(answered(id));

	/* then a good answer still goes through */
	post_form(&res, path, "score=10", 200);
	http_response_clear(&res);
	assert_true(answered(id));
}

static void test_http_survey_page_bad_bodies(void **state)
{
	static const char *const bad[] = {
		"score=%zz",               /* not a %-escape */
		"score=5%",                /* cut escape */
		"score=5&comment=%4",      /* cut escape */
		"score=5&comment=%FF",     /* not UTF-8 */
		"score=5&comment=a%00b",   /* NUL */
		"score=5&comment=%C3",     /* truncated UTF-8 */
		"score=5&colour=blue",     /* unknown field */
		"score=5&expected.style=3", /* unknown dimension */
		"score=5&comment=a&comment=b", /* repeated */
		"score=abc",               /* not a number */
		"score=-1",
		"score=",
		"score=1234",
	};
	struct http_response res;
	char path[128], *big;
	int64_t c, id;
	json_t *j;
	char target[64];

	(void)state;
	c = add_consenting_customer("Bad Bodies", "bad.bodies@example.com", "en");
	id = send_survey("csat", c, path, sizeof path);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		post_form(&res, path, bad[i], 400);
		assert_page(&res, 400);
		assert_int_equal(count(&res, "type=\"radio\" name=\"score\""), 5);
		http_response_clear(&res);
		assert_false(answered(id));
	}

	/* a body over the limit: 400 without reading it */
	big = malloc(HTTP_SURVEY_PAGE_BODY_MAX + 2);
	assert_non_null(big);
	memcpy(big, "score=5&comment=", 16);
	memset(big + 16, 'a', HTTP_SURVEY_PAGE_BODY_MAX + 1 - 16);
	big[HTTP_SURVEY_PAGE_BODY_MAX + 1] = '\0';
	post_form(&res, path, big, 400);
	assert_page(&res, 400);
	http_response_clear(&res);
	free(big);
	/* a comment over LD_COMMENT_MAX bytes: 400, the comment kept */
	big = malloc(16 + LD_COMMENT_MAX + 2);
	assert_non_null(big);
	memcpy(big, "score=5&comment=", 16);
	memset(big + 16, 'b', LD_COMMENT_MAX + 1);
	big[16 + LD_COMMENT_MAX + 1] = '\0';
	post_form(&res, path, big, 400);
	assert_non_null(strstr(res.body, big + 16));
	http_response_clear(&res);
	free(big);
	assert_false(answered(id));

	/* not a form: 415, with a way back */
	assert_int_equal(page_call(&res, "POST", path, "{\"score\":5}", 11, "application/json"),
			 415);
	assert_page(&res, 415);
	assert_non_null(strstr(res.body, "<a href=\""));
	http_response_clear(&res);
	assert_int_equal(page_call(&res, "POST", path, "score=5", 7, NULL), 415);
	http_response_clear(&res);
	assert_false(answered(id));

	/* empty pairs are skipped, a charset of UTF-8 is fine, the largest comment fits */
	big = malloc(32 + LD_COMMENT_MAX);
	assert_non_null(big);
	memcpy(big, "&score=4&&comment=", 18);
	memset(big + 18, 'c', LD_COMMENT_MAX);
	memcpy(big + 18 + LD_COMMENT_MAX, "&", 2);
	assert_int_equal(page_call(&res, "POST", path, big, strlen(big),
				   FORM_TYPE "; charset=UTF-8"),
			 200);
	http_response_clear(&res);
	free(big);
	snprintf(target, sizeof target, "/api/v1/surveys/%lld", (long long)id);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	assert_int_equal(fx_int(j, "score"), 4);
	assert_int_equal(strlen(fx_str(j, "comment")), LD_COMMENT_MAX);
	json_decref(j);
}

static void test_http_survey_page_bad_links(void **state)
{
	static const char *const paths[] = {
		"/survey/0000000000000000000000000000000000000000000000000000000000000000",
		"/survey/abc",
		"/survey/",
		"/survey/%3Cscript%3E",
		"/survey/<script>alert(1)</script>",
	};
	struct http_response res;

	(void)state;
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(page_call(&res, "GET", paths[i], NULL, 0, NULL), 404);
		assert_page(&res, 404);
		assert_non_null(strstr(res.body, "<html lang=\"en\">"));
		assert_non_null(strstr(res.body, "not valid"));
		http_response_clear(&res);
		post_form(&res, paths[i], "score=5", 404);
		assert_page(&res, 404);
		http_response_clear(&res);
		/* even with a malformed body, the bad link is what the customer is told */
		post_form(&res, paths[i], "score=%zz", 404);
		http_response_clear(&res);
	}
	/* the API's 404 elsewhere is unchanged */
	fx_expect_error("GET", "/survey", NULL, NULL, 404, "not_found", NULL);
	fx_expect_error("GET", "/surveys/x", NULL, NULL, 404, "not_found", NULL);
}

static void test_http_survey_page_expired(void **state)
{
	struct http_response res;
	char path[128];
	int64_t c, id;

	(void)state;
	c = add_consenting_customer("Late Reader", "late@example.com", "es");
	id = send_survey("ces", c, path, sizeof path);
	/* A link works to the end of the UTC day after its lifetime. */
	fx_clock = (FX_NOW + FX.app.cfg.survey_ttl_s + 86399) / 86400 * 86400 - 1;
	assert_int_equal(page_call(&res, "GET", path, NULL, 0, NULL), 200);
	http_response_clear(&res);
	fx_clock++;
	assert_int_equal(page_call(&res, "GET", path, NULL, 0, NULL), 410);
	assert_page(&res, 410);
	assert_non_null(strstr(res.body, "expired"));
	http_response_clear(&res);
	post_form(&res, path, "score=5", 410);
	assert_page(&res, 410);
	http_response_clear(&res);
	fx_clock = FX_NOW;
	assert_false(answered(id));
}

static void test_http_survey_page_servqual(void **state)
{
	struct http_response res;
	struct survey_form form;
	char path[128], target[64], body[512], needle[64];
	size_t len = 0;
	int64_t c, id;
	json_t *j, *exp, *per;

	(void)state;
	c = add_consenting_customer("Olena Kovalenko", "olena@example.com", "uk");
	id = send_survey("servqual", c, path, sizeof path);
	assert_int_equal(survey_text_form(LD_SURVEY_SERVQUAL, "uk", &form, NULL), LD_OK);

	assert_int_equal(page_call(&res, "GET", path, NULL, 0, NULL), 200);
	assert_page(&res, 200);
	assert_non_null(strstr(res.body, "<html lang=\"uk\">"));
	assert_int_equal(count(&res, "<fieldset>"), 10);
	assert_int_equal(count(&res, "type=\"radio\""), 70);
	assert_int_equal(count(&res, "name=\"score\""), 0);
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
		const char *dim = survey_servqual_dim_name(d);

		assert_has_text(&res, form.items[d].expected_text);
		assert_has_text(&res, form.items[d].text);
		snprintf(needle, sizeof needle, "name=\"expected.%s\"", dim);
		assert_int_equal(count(&res, needle), 7);
		snprintf(needle, sizeof needle, "name=\"perceived.%s\"", dim);
		assert_int_equal(count(&res, needle), 7);
	}
	http_response_clear(&res);

	/* four of five dimensions: 400, the answers given kept */
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT - 1; d++)
		len += (size_t)snprintf(body + len, sizeof body - len,
					"%sexpected.%s=%d&perceived.%s=%d", d ? "&" : "",
					survey_servqual_dim_name(d), 7, survey_servqual_dim_name(d),
					d + 2);
	post_form(&res, path, body, 400);
	assert_int_equal(count(&res, " checked"), 8);
	assert_non_null(
		strstr(res.body, "name=\"perceived.reliability\" value=\"3\" required checked"));
	http_response_clear(&res);
	/* a score on SERVQUAL is refused */
	post_form(&res, path, "score=5", 400);
	http_response_clear(&res);
	assert_false(answered(id));

	/* all five */
	snprintf(body + len, sizeof body - len, "&expected.empathy=6&perceived.empathy=4&comment=");
	post_form(&res, path, body, 200);
	assert_has_text(&res, form.thanks);
	http_response_clear(&res);

	snprintf(target, sizeof target, "/api/v1/surveys/%lld", (long long)id);
	j = fx_expect("GET", target, FX.agent, NULL, 200);
	assert_true(json_is_null(json_object_get(j, "score")));
	assert_true(json_is_null(json_object_get(j, "comment")));
	exp = json_object_get(j, "expected");
	per = json_object_get(j, "perceived");
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT - 1; d++) {
		assert_int_equal(fx_int(exp, survey_servqual_dim_name(d)), 7);
		assert_int_equal(fx_int(per, survey_servqual_dim_name(d)), d + 2);
	}
	assert_int_equal(fx_int(exp, "empathy"), 6);
	assert_int_equal(fx_int(per, "empathy"), 4);
	json_decref(j);
}

/*
 * A bearer token sent with the page is checked as on the JSON routes: a bad
 * one is the 401 page, another customer's session the 403 page (and nothing
 * is answered); the survey's own customer and staff get the form.
 */
static void test_http_survey_page_checks_a_bearer_token(void **state)
{
	static const char bad[] = "Bearer 0000000000000000000000000000000000000000000000000000000000000000";
	char path[128], auth[128];
	struct http_request req;
	struct http_response res;
	int64_t id;

	(void)state;
	id = send_survey("csat", add_consenting_customer("Eva Dvořáková", "eva@example.cz", "cs"),
			 path, sizeof path);
	memset(&req, 0, sizeof req);
	req.method = "GET";
	req.path = path;
	req.authorization = bad;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_page(&res, 401);
	assert_true(res.www_authenticate);
	http_response_clear(&res);

	/* the portal customer (FX.cust) is not the survey's customer */
	snprintf(auth, sizeof auth, "Bearer %s", FX.cust);
	req.authorization = auth;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_page(&res, 403);
	http_response_clear(&res);
	req.method = "POST";
	req.body = "score=5";
	req.body_len = strlen(req.body);
	req.content_type = FORM_TYPE;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_page(&res, 403);
	http_response_clear(&res);
	assert_false(answered(id));

	/* staff may open it; without a token it is the customer's form */
	snprintf(auth, sizeof auth, "Bearer %s", FX.agent);
	req.method = "GET";
	req.body = NULL;
	req.body_len = 0;
	req.content_type = NULL;
	http_response_init(&res);
	http_dispatch(&FX.app, &req, &res);
	assert_page(&res, 200);
	http_response_clear(&res);
	post_form(&res, path, "score=5", 200);
	http_response_clear(&res);
	assert_true(answered(id));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_survey_page_escape),
		cmocka_unit_test(test_http_survey_page_get_renders_form),
		cmocka_unit_test(test_http_survey_page_answers_once),
		cmocka_unit_test(test_http_survey_page_refused_answer),
		cmocka_unit_test(test_http_survey_page_bad_bodies),
		cmocka_unit_test(test_http_survey_page_bad_links),
		cmocka_unit_test(test_http_survey_page_expired),
		cmocka_unit_test(test_http_survey_page_servqual),
		cmocka_unit_test(test_http_survey_page_checks_a_bearer_token),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
