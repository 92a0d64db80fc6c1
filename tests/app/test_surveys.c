/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Feedback use cases (app/surveys.h) on an in-memory store with a fake
 * clock: invitations and their one-time token, the outbox, answers by token
 * and every refusal, the closed loop, transactional rules with survey
 * fatigue, relationship campaigns, and the survey reports (app/reports.h)
 * over a hand-counted set of answers.
 */
#include "fixture.h"

#include "app/reports.h"
#include "app/surveys.h"
#include "util/crypto.h"

#define DAY 86400
#define TODAY_MIDNIGHT 1767571200 /* 2026-01-05T00:00:00Z, the fixture's day */

/* ------------------------------------------------------------ helpers --- */

static void set_consent(struct fx *f, int64_t id, bool on)
{
	struct ld_customer c = {0};
	struct ld_err err;

	assert_int_equal(app_customer_get(&f->app, NULL, id, &c, &err), LD_OK);
	c.consent = on;
	assert_int_equal(app_customer_update(&f->app, NULL, &c, &err), LD_OK);
	ld_customer_clear(&c);
}

/* A customer; `email` and `lang` may be NULL (none, default). */
static int64_t add_customer(struct fx *f, const char *name, const char *email, const char *lang,
			    bool consent)
{
	struct ld_customer c;
	struct ld_err err;
	int64_t id;

	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "%s", name);
	if (email != NULL)
		snprintf(c.email, sizeof c.email, "%s", email);
	if (lang != NULL)
		snprintf(c.language, sizeof c.language, "%s", lang);
	c.preferred_channel = -1;
	c.consent = consent;
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_OK);
	id = c.id;
	ld_customer_clear(&c);
	return id;
}

/* Opens a case of `customer` with its first contact by `channel`. */
static int64_t open_case_for(struct fx *f, int64_t customer, int category, int channel,
			     int64_t owner, struct ld_case *out)
{
	struct app_case_open_in in;
	struct ld_err err;

	memset(&in, 0, sizeof in);
	in.customer_id = customer;
	in.subject = "Router keeps rebooting";
	in.category = category;
	in.priority = -1;
	in.owner_id = owner;
	in.first = contact(channel, LD_DIR_IN, owner);
	assert_int_equal(app_case_open(&f->app, NULL, &in, out, &err), LD_OK);
	return out->id;
}

static void resolve(struct fx *f, int64_t case_id)
{
	struct app_case_patch p;
	struct ld_case c;
	struct ld_err err;

	memset(&p, 0, sizeof p);
	p.has_status = true;
	p.status = LD_ST_RESOLVED;
	assert_int_equal(app_case_update(&f->app, &f->agent, case_id, &p, &c, &err), LD_OK);
	assert_int_equal(c.status, LD_ST_RESOLVED);
}

/* Sends a survey by hand as the admin; the token and link land in `out`. */
static int64_t send(struct fx *f, int kind, int64_t customer, int64_t case_id,
		    struct app_survey_created *out)
{
	struct app_survey_new in = {.kind = kind, .customer_id = customer, .case_id = case_id};
	struct ld_err err;

	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, out, &err), LD_OK);
	return out->survey.id;
}

static struct app_survey_answer score_of(int score)
{
	struct app_survey_answer a;

	memset(&a, 0, sizeof a);
	a.score = score;
	return a;
}

/* Answers `token` with `score` as nobody in particular; returns the task id (0 = none). */
static int64_t answer(struct fx *f, const char *token, int score)
{
	struct app_survey_answer a = score_of(score);
	struct ld_followup task;
	struct ld_survey sv;
	struct ld_err err;

	if (app_survey_answer(&f->app, NULL, token, &a, &sv, &task, &err) != LD_OK)
		fail_msg("answer %d: %s %s", score, err.code, err.message);
	assert_int_equal(sv.score, score);
	ld_survey_clear(&sv);
	return task.id;
}

/* Sends a survey by hand and answers it at once with `score`. */
static void send_and_answer(struct fx *f, int kind, int64_t customer, int64_t case_id, int score)
{
	struct app_survey_created s;

	send(f, kind, customer, case_id, &s);
	answer(f, s.token, score);
	ld_survey_clear(&s.survey);
}

/* Every survey of `customer` (0 = all), by id. Caller frees with free_surveys(). */
static struct ld_survey *surveys_of(struct fx *f, int64_t customer, int *n)
{
	struct store_survey_query q = {.customer_id = customer, .kind = -1, .answered = -1,
				       .limit = APP_LIST_MAX};
	struct ld_survey *rows = calloc(APP_LIST_MAX, sizeof *rows);
	struct ld_err err;

	assert_non_null(rows);
	assert_int_equal(app_survey_list(&f->app, &f->admin, &q, rows, n, &err), LD_OK);
	return rows;
}

static void free_surveys(struct ld_survey *rows, int n)
{
	for (int i = 0; i < n; i++)
		ld_survey_clear(&rows[i]);
	free(rows);
}

static int count_surveys(struct fx *f, int64_t customer)
{
	int n = 0;
	struct ld_survey *rows = surveys_of(f, customer, &n);

	free_surveys(rows, n);
	return n;
}

/* Every outbox message (sent or not), by id. Caller frees with free_messages(). */
static struct ld_message *outbox(struct fx *f, int *n)
{
	struct ld_message *rows = calloc(APP_LIST_MAX, sizeof *rows);
	struct ld_err err;

	assert_non_null(rows);
	assert_int_equal(app_outbox_list(&f->app, &f->admin, false, 0, 0, APP_LIST_MAX, rows, n,
					 &err),
			 LD_OK);
	return rows;
}

static void free_messages(struct ld_message *rows, int n)
{
	for (int i = 0; i < n; i++)
		ld_message_clear(&rows[i]);
	free(rows);
}

static int count_outbox(struct fx *f)
{
	int n = 0;
	struct ld_message *rows = outbox(f, &n);

	free_messages(rows, n);
	return n;
}

/* The token of survey `survey_id`, read from the link in its outbox message. */
static void token_from_outbox(struct fx *f, int64_t survey_id, char token[APP_SURVEY_TOKEN_LEN + 1])
{
	int n = 0;
	struct ld_message *rows = outbox(f, &n);
	bool found = false;

	for (int i = 0; i < n && !found; i++) {
		const char *p;
		if (rows[i].survey_id != survey_id)
			continue;
		p = strstr(rows[i].body, "/survey/");
		assert_non_null(p);
		p += strlen("/survey/");
		assert_true(strlen(p) >= APP_SURVEY_TOKEN_LEN);
		memcpy(token, p, APP_SURVEY_TOKEN_LEN);
		token[APP_SURVEY_TOKEN_LEN] = '\0';
		found = true;
	}
	free_messages(rows, n);
	if (!found)
		fail_msg("no outbox message for survey %lld", (long long)survey_id);
}

static int count_followups(struct fx *f, int status, int64_t team)
{
	struct store_followup_query q = {.status = status, .team_id = team, .limit = APP_LIST_MAX};
	struct ld_followup *rows = calloc(APP_LIST_MAX, sizeof *rows);
	struct ld_err err;
	int n = 0;

	assert_non_null(rows);
	assert_int_equal(app_followup_list(&f->app, &f->admin, &q, rows, &n, &err), LD_OK);
	free(rows);
	return n;
}

static bool is_lower_hex(const char *s)
{
	return strspn(s, "0123456789abcdef") == strlen(s);
}

/* ----------------------------------------------------- create and token --- */

static void test_surveys_create_token_link_and_outbox(void **state)
{
	struct fx *f = *state;
	struct app_survey_created s, s2;
	struct ld_survey got;
	struct ld_message *msgs;
	struct ld_case c;
	struct ld_err err;
	char link[256];
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	int n = 0;

	set_consent(f, f->customer, true);
	open_case(f, LD_CH_WEB, f->agent1, &c);
	send(f, LD_SURVEY_NPS, f->customer, c.id, &s);

	assert_int_equal(strlen(s.token), APP_SURVEY_TOKEN_LEN);
	assert_true(is_lower_hex(s.token));
	snprintf(link, sizeof link, "http://127.0.0.1:8080/survey/%s", s.token);
	assert_string_equal(s.link, link);
	assert_true(s.survey.id > 0);
	assert_int_equal(s.survey.kind, LD_SURVEY_NPS);
	assert_int_equal(s.survey.origin, LD_ORIGIN_MANUAL);
	assert_int_equal(s.survey.customer_id, f->customer);
	assert_int_equal(s.survey.case_id, c.id);
	assert_int_equal(s.survey.team_id, f->team_a);
	assert_int_equal(s.survey.channel, LD_CH_WEB);
	assert_string_equal(s.survey.language, "cs");
	assert_int_equal(s.survey.created_by, f->admin.agent_id);
	assert_int_equal(s.survey.sent_at, fake_now);
	/* 14 days, to the end of that UTC day: 2026-01-19 10:00 → 2026-01-20 00:00 */
	assert_int_equal(s.survey.expires_at, TODAY_MIDNIGHT + 15 * DAY);
	assert_int_equal(s.survey.answered_at, 0);
	assert_true(s.message_id > 0);

	/* the invitation carries the link, in the customer's language */
	msgs = outbox(f, &n);
	assert_int_equal(n, 1);
	assert_int_equal(msgs[0].id, s.message_id);
	assert_int_equal(msgs[0].survey_id, s.survey.id);
	assert_int_equal(msgs[0].customer_id, f->customer);
	assert_int_equal(msgs[0].channel, LD_CH_EMAIL);
	assert_string_equal(msgs[0].recipient, "antonin@example.cz");
	assert_string_equal(msgs[0].language, "cs");
	assert_int_equal(msgs[0].sent_at, 0);
	assert_non_null(msgs[0].body);
	assert_non_null(strstr(msgs[0].body, s.link));
	assert_non_null(strstr(msgs[0].body, s.token));
	/* it names the last day the link works */
	assert_non_null(strstr(msgs[0].body, "2026-01-19"));
	assert_null(strstr(msgs[0].body, "2026-01-20"));
	free_messages(msgs, n);

	/* read back: the same survey, and the store finds it by the token's digest */
	assert_int_equal(app_survey_get(&f->app, &f->agent, s.survey.id, &got, &err), LD_OK);
	assert_int_equal(got.id, s.survey.id);
	assert_int_equal(got.case_id, c.id);
	assert_int_equal(got.expires_at, s.survey.expires_at);
	assert_int_equal(got.score, -1);
	assert_null(got.comment);
	ld_survey_clear(&got);
	assert_int_equal(crypto_token_digest(s.token, digest, NULL), LD_OK);
	assert_int_equal(STORE_CALL(f->store, survey_get_by_digest, digest, &got, &err), LD_OK);
	assert_int_equal(got.id, s.survey.id);
	ld_survey_clear(&got);

	/* a second survey gets a token of its own */
	send(f, LD_SURVEY_CSAT, f->customer, 0, &s2);
	assert_string_not_equal(s2.token, s.token);
	assert_int_equal(s2.survey.case_id, 0);
	assert_int_equal(s2.survey.team_id, 0);
	assert_int_equal(s2.survey.channel, -1);
	assert_int_equal(count_surveys(f, f->customer), 2);
	assert_int_equal(count_outbox(f), 2);
	ld_survey_clear(&s.survey);
	ld_survey_clear(&s2.survey);
}

static void test_surveys_no_email_no_message(void **state)
{
	struct fx *f = *state;
	struct app_survey_created s;
	int64_t quiet = add_customer(f, "Eva Tichá", NULL, "de", true);

	send(f, LD_SURVEY_CES, quiet, 0, &s);
	assert_true(s.survey.id > 0);
	assert_int_equal(s.message_id, 0);
	assert_int_equal(strlen(s.token), APP_SURVEY_TOKEN_LEN);
	assert_string_equal(s.survey.language, "de");
	assert_int_equal(count_outbox(f), 0);
	assert_int_equal(count_surveys(f, quiet), 1);
	ld_survey_clear(&s.survey);
}

static void test_surveys_create_refusals(void **state)
{
	struct fx *f = *state;
	struct app_survey_created s;
	struct ld_case c;
	struct ld_err err;
	int64_t other = add_customer(f, "Jiný Zákazník", "jiny@example.cz", "cs", true);
	struct app_survey_new in = {.kind = LD_SURVEY_NPS, .customer_id = f->customer};

	/* the fixture customer has not agreed to be contacted */
	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &s, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "no_consent");
	assert_string_equal(err.field, "customer_id");
	assert_int_equal(s.survey.id, 0);
	assert_string_equal(s.token, "");

	/* a case of somebody else */
	open_case(f, LD_CH_EMAIL, f->agent1, &c);
	in.customer_id = other;
	in.case_id = c.id;
	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &s, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "case_of_other_customer");
	assert_string_equal(err.field, "case_id");
	in.case_id = 999999;
	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &s, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "case_not_found");
	in.case_id = 0;
	in.customer_id = 999999;
	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &s, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "customer_not_found");
	in.customer_id = other;
	in.kind = LD_SURVEY_KIND_COUNT;
	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &s, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "kind");
	in.kind = LD_SURVEY_NPS;
	in.language = "fr";
	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &s, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "language");
	in.language = NULL;
	/* customers do not send surveys */
	assert_int_equal(app_survey_create(&f->app, &f->cust, &in, &s, &err), LD_ERR_FORBIDDEN);

	/* nothing was written */
	assert_int_equal(count_surveys(f, 0), 0);
	assert_int_equal(count_outbox(f), 0);
}

/* ---------------------------------------------------------- open by token --- */

static void test_surveys_open_in_customer_language(void **state)
{
	struct fx *f = *state;
	struct app_survey_created cs, en, de;
	struct survey_form form;
	struct ld_survey sv;
	struct ld_err err;
	int64_t english = add_customer(f, "John Smith", "john@example.com", NULL, true);
	struct app_survey_new in = {.kind = LD_SURVEY_NPS, .customer_id = english,
				    .language = "de"};

	set_consent(f, f->customer, true);
	send(f, LD_SURVEY_NPS, f->customer, 0, &cs);
	send(f, LD_SURVEY_NPS, english, 0, &en);
	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &de, &err), LD_OK);

	assert_int_equal(app_survey_open(&f->app, NULL, cs.token, &sv, &form, &err), LD_OK);
	assert_int_equal(sv.id, cs.survey.id);
	assert_string_equal(form.language, "cs");
	assert_string_equal(form.title, "Řekněte nám svůj názor");
	assert_int_equal(form.n_items, 1);
	assert_int_equal(form.items[0].min, 0);
	assert_int_equal(form.items[0].max, 10);
	ld_survey_clear(&sv);

	assert_int_equal(app_survey_open(&f->app, NULL, en.token, &sv, &form, &err), LD_OK);
	assert_string_equal(form.language, "en");
	assert_string_equal(form.title, "Would you recommend us?");
	ld_survey_clear(&sv);

	/* asked in German for an English speaker */
	assert_string_equal(de.survey.language, "de");
	assert_int_equal(app_survey_open(&f->app, NULL, de.token, &sv, &form, &err), LD_OK);
	assert_string_equal(form.language, "de");
	assert_string_equal(form.title, "Würden Sie uns weiterempfehlen?");
	ld_survey_clear(&sv);

	/* the customer's own portal login may open its link */
	assert_int_equal(app_survey_open(&f->app, &f->cust, cs.token, &sv, &form, &err), LD_OK);
	ld_survey_clear(&sv);
	/* … but not another customer's */
	assert_int_equal(app_survey_open(&f->app, &f->cust, en.token, &sv, &form, &err),
			 LD_ERR_FORBIDDEN);
	assert_string_equal(err.code, "survey_other_customer");
	ld_survey_clear(&cs.survey);
	ld_survey_clear(&en.survey);
	ld_survey_clear(&de.survey);
}

static void test_surveys_open_bad_tokens(void **state)
{
	struct fx *f = *state;
	struct app_survey_created s;
	struct survey_form form;
	struct ld_survey sv;
	struct ld_err err;
	char upper[APP_SURVEY_TOKEN_LEN + 1], shorter[APP_SURVEY_TOKEN_LEN + 1];
	char longer[APP_SURVEY_TOKEN_LEN + 2];
	const char *unknown = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	const char *bad[] = {"", "abc", upper, shorter, longer, unknown,
			     "zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"};

	set_consent(f, f->customer, true);
	send(f, LD_SURVEY_CSAT, f->customer, 0, &s);
	for (int i = 0; i < APP_SURVEY_TOKEN_LEN; i++)
		upper[i] = (s.token[i] >= 'a' && s.token[i] <= 'f') ? (char)(s.token[i] - 32)
								      : s.token[i];
	upper[APP_SURVEY_TOKEN_LEN] = '\0';
	if (strcmp(upper, s.token) == 0)
		upper[0] = 'A'; /* all digits: vanishingly unlikely, still malformed */
	memcpy(shorter, s.token, APP_SURVEY_TOKEN_LEN - 1);
	shorter[APP_SURVEY_TOKEN_LEN - 1] = '\0';
	snprintf(longer, sizeof longer, "%s0", s.token);

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		if (app_survey_open(&f->app, NULL, bad[i], &sv, &form, &err) != LD_ERR_NOT_FOUND)
			fail_msg("token #%zu \"%s\" was not refused as unknown", i, bad[i]);
		assert_string_equal(err.code, "survey_not_found");
	}
	assert_int_equal(app_survey_open(&f->app, NULL, NULL, &sv, &form, &err), LD_ERR_NOT_FOUND);
	/* the real one still works */
	assert_int_equal(app_survey_open(&f->app, NULL, s.token, &sv, &form, &err), LD_OK);
	ld_survey_clear(&sv);
	ld_survey_clear(&s.survey);
}

static void test_surveys_expire(void **state)
{
	struct fx *f = *state;
	struct app_survey_created s;
	struct app_survey_answer a = score_of(5);
	struct survey_form form;
	struct ld_survey sv;
	struct ld_err err;

	set_consent(f, f->customer, true);
	send(f, LD_SURVEY_CSAT, f->customer, 0, &s);
	/* survey_ttl_s later it still works, to the end of that UTC day */
	fake_now = s.survey.sent_at + f->app.cfg.survey_ttl_s;
	assert_int_equal(s.survey.expires_at, (fake_now / DAY + 1) * DAY);
	assert_int_equal(app_survey_open(&f->app, NULL, s.token, &sv, &form, &err), LD_OK);
	ld_survey_clear(&sv);
	/* the last second of its life */
	fake_now = s.survey.expires_at - 1;
	assert_int_equal(app_survey_open(&f->app, NULL, s.token, &sv, &form, &err), LD_OK);
	ld_survey_clear(&sv);
	/* at expires_at it is over */
	fake_now = s.survey.expires_at;
	assert_int_equal(app_survey_open(&f->app, NULL, s.token, &sv, &form, &err), LD_ERR_GONE);
	fake_now += DAY;
	assert_int_equal(app_survey_open(&f->app, NULL, s.token, &sv, &form, &err), LD_ERR_GONE);
	assert_string_equal(err.code, "survey_expired");
	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
			 LD_ERR_GONE);
	assert_string_equal(err.code, "survey_expired");
	assert_int_equal(app_survey_get(&f->app, NULL, s.survey.id, &sv, &err), LD_OK);
	assert_int_equal(sv.answered_at, 0);
	assert_int_equal(sv.score, -1);
	ld_survey_clear(&sv);
	ld_survey_clear(&s.survey);
}

/* ---------------------------------------------------------------- answers --- */

static void test_surveys_answer_once(void **state)
{
	struct fx *f = *state;
	struct app_survey_created s;
	struct app_survey_answer a = score_of(9);
	struct survey_form form;
	struct ld_followup task;
	struct ld_survey sv;
	struct ld_err err;
	int64_t answered_at;

	set_consent(f, f->customer, true);
	send(f, LD_SURVEY_NPS, f->customer, 0, &s);
	fake_now += 3600;
	a.comment = "Rychlé a ochotné jednání.";
	assert_int_equal(app_survey_answer(&f->app, &f->cust, s.token, &a, &sv, &task, &err), LD_OK);
	assert_int_equal(sv.id, s.survey.id);
	assert_int_equal(sv.score, 9);
	assert_int_equal(sv.answered_at, fake_now);
	assert_string_equal(sv.comment, "Rychlé a ochotné jednání.");
	assert_int_equal(task.id, 0); /* a promoter: no follow-up */
	answered_at = sv.answered_at;
	ld_survey_clear(&sv);

	/* a second answer, and opening again, are refused; the first stands */
	fake_now += 60;
	a = score_of(2);
	a.comment = "changed my mind";
	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, &task, &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "survey_answered");
	assert_int_equal(task.id, 0);
	assert_int_equal(app_survey_open(&f->app, NULL, s.token, &sv, &form, &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "survey_answered");
	assert_int_equal(app_survey_get(&f->app, &f->cust, s.survey.id, &sv, &err), LD_OK);
	assert_int_equal(sv.score, 9);
	assert_int_equal(sv.answered_at, answered_at);
	assert_string_equal(sv.comment, "Rychlé a ochotné jednání.");
	ld_survey_clear(&sv);
	assert_int_equal(count_followups(f, -1, 0), 0);
	ld_survey_clear(&s.survey);
}

static void test_surveys_answer_other_customer_forbidden(void **state)
{
	struct fx *f = *state;
	struct app_survey_created s;
	struct app_survey_answer a = score_of(10);
	struct ld_survey sv;
	struct ld_err err;
	int64_t other = add_customer(f, "Marie Malá", "marie@example.cz", "cs", true);

	send(f, LD_SURVEY_NPS, other, 0, &s);
	assert_int_equal(app_survey_answer(&f->app, &f->cust, s.token, &a, &sv, NULL, &err),
			 LD_ERR_FORBIDDEN);
	assert_string_equal(err.code, "survey_other_customer");
	/* nor may the portal login read it */
	assert_int_equal(app_survey_get(&f->app, &f->cust, s.survey.id, &sv, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_equal(app_survey_get(&f->app, NULL, s.survey.id, &sv, &err), LD_OK);
	assert_int_equal(sv.answered_at, 0);
	ld_survey_clear(&sv);
	/* staff holding the link may pass the customer's answer on */
	assert_int_equal(app_survey_answer(&f->app, &f->agent, s.token, &a, &sv, NULL, &err), LD_OK);
	assert_int_equal(sv.score, 10);
	ld_survey_clear(&sv);
	ld_survey_clear(&s.survey);
}

static void test_surveys_score_out_of_range_stores_nothing(void **state)
{
	struct fx *f = *state;
	static const struct {
		int kind;
		int bad[2];
		int good;
	} cases[] = {
		{LD_SURVEY_CSAT, {0, 6}, 5},
		{LD_SURVEY_NPS, {-1, 11}, 0},
		{LD_SURVEY_CES, {0, 8}, 7},
	};
	struct ld_survey sv;
	struct ld_err err;

	set_consent(f, f->customer, true);
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct app_survey_created s;
		struct app_survey_answer a;

		send(f, cases[k].kind, f->customer, 0, &s);
		for (int b = 0; b < 2; b++) {
			a = score_of(cases[k].bad[b]);
			assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
					 LD_ERR_INVALID);
			assert_string_equal(err.field, "score");
			assert_string_equal(err.code, cases[k].bad[b] < 0 ? "required" : "out_of_range");
		}
		/* SERVQUAL parts on a scored survey */
		a = score_of(cases[k].good);
		a.expected[0] = 4;
		assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
				 LD_ERR_INVALID);
		assert_string_equal(err.code, "unexpected_field");
		/* a comment over LD_COMMENT_MAX bytes */
		{
			char *long_comment = malloc(LD_COMMENT_MAX + 2);

			assert_non_null(long_comment);
			memset(long_comment, 'x', LD_COMMENT_MAX + 1);
			long_comment[LD_COMMENT_MAX + 1] = '\0';
			a = score_of(cases[k].good);
			a.comment = long_comment;
			assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL,
							   &err), LD_ERR_INVALID);
			assert_string_equal(err.field, "comment");
			free(long_comment);
		}
		/* a comment that is not UTF-8 */
		a = score_of(cases[k].good);
		a.comment = "bad \xff byte";
		assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
				 LD_ERR_INVALID);
		assert_string_equal(err.field, "comment");

		assert_int_equal(app_survey_get(&f->app, NULL, s.survey.id, &sv, &err), LD_OK);
		assert_int_equal(sv.answered_at, 0);
		assert_int_equal(sv.score, -1);
		ld_survey_clear(&sv);
		/* and the survey can still be answered properly */
		a = score_of(cases[k].good);
		assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err), LD_OK);
		assert_int_equal(sv.score, cases[k].good);
		ld_survey_clear(&sv);
		ld_survey_clear(&s.survey);
	}
	/* only NPS 0 was unhappy enough for a task; the refusals opened none */
	assert_int_equal(count_followups(f, -1, 0), 1);
}

static void test_surveys_servqual_needs_every_dimension(void **state)
{
	struct fx *f = *state;
	static const int exp[LD_SQ_DIMS] = {7, 6, 5, 4, 3};
	static const int per[LD_SQ_DIMS] = {5, 6, 6, 2, 3};
	struct app_survey_created s;
	struct app_survey_answer a;
	struct ld_followup task;
	struct ld_survey sv;
	struct ld_err err;

	set_consent(f, f->customer, true);
	send(f, LD_SURVEY_SERVQUAL, f->customer, 0, &s);

	memset(&a, 0, sizeof a);
	memcpy(a.expected, exp, sizeof exp);
	memcpy(a.perceived, per, sizeof per);
	a.score = 5; /* a score is not part of a SERVQUAL answer */
	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.field, "score");
	a.score = -1;
	a.perceived[4] = 0; /* empathy not rated */
	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.field, "perceived");
	a.perceived[4] = 8;
	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.field, "perceived");
	a.perceived[4] = 3;
	a.expected[0] = 0;
	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.field, "expected");
	a.expected[0] = 7;
	assert_int_equal(app_survey_get(&f->app, NULL, s.survey.id, &sv, &err), LD_OK);
	assert_int_equal(sv.answered_at, 0);
	ld_survey_clear(&sv);

	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, &task, &err), LD_OK);
	assert_int_equal(sv.score, -1);
	assert_int_equal(task.id, 0);
	ld_survey_clear(&sv);
	assert_int_equal(app_survey_get(&f->app, NULL, s.survey.id, &sv, &err), LD_OK);
	assert_int_equal(sv.answered_at, fake_now);
	assert_int_equal(sv.score, -1);
	assert_memory_equal(sv.expected, exp, sizeof exp);
	assert_memory_equal(sv.perceived, per, sizeof per);
	ld_survey_clear(&sv);
	ld_survey_clear(&s.survey);
}

/* -------------------------------------------------------------- closed loop --- */

static void test_surveys_closed_loop_followups(void **state)
{
	struct fx *f = *state;
	static const struct {
		int kind, score, reason; /* reason -1 = no task */
	} cases[] = {
		{LD_SURVEY_NPS, 6, LD_REASON_DETRACTOR}, {LD_SURVEY_NPS, 7, -1},
		{LD_SURVEY_NPS, 0, LD_REASON_DETRACTOR}, {LD_SURVEY_CES, 3, LD_REASON_LOW_CES},
		{LD_SURVEY_CES, 4, -1},                  {LD_SURVEY_CSAT, 2, LD_REASON_LOW_CSAT},
		{LD_SURVEY_CSAT, 3, -1},
	};
	struct ld_followup task, got, done;
	struct ld_case c;
	struct ld_err err;
	int64_t first_task = 0;

	set_consent(f, f->customer, true);
	/* a case owned by agent 2, so by team B */
	open_case(f, LD_CH_PHONE, f->agent2, &c);
	assert_int_equal(c.team_id, f->team_b);
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct app_survey_created s;
		struct app_survey_answer a = score_of(cases[k].score);
		struct ld_survey sv;

		send(f, cases[k].kind, f->customer, c.id, &s);
		fake_now += 600;
		assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, &task, &err),
				 LD_OK);
		if (cases[k].reason < 0) {
			if (task.id != 0)
				fail_msg("kind %d score %d opened a task", cases[k].kind,
					 cases[k].score);
		} else {
			assert_true(task.id > 0);
			assert_int_equal(task.reason, cases[k].reason);
			assert_int_equal(task.survey_id, s.survey.id);
			assert_int_equal(task.customer_id, f->customer);
			assert_int_equal(task.case_id, c.id);
			assert_int_equal(task.team_id, f->team_b);
			assert_int_equal(task.status, LD_TASK_OPEN);
			assert_int_equal(task.created_at, sv.answered_at);
			assert_int_equal(task.due_at, sv.answered_at + 2 * DAY);
			assert_int_equal(task.done_at, 0);
			if (first_task == 0)
				first_task = task.id;
		}
		ld_survey_clear(&sv);
		ld_survey_clear(&s.survey);
	}
	assert_int_equal(count_followups(f, -1, 0), 4);
	assert_int_equal(count_followups(f, LD_TASK_OPEN, 0), 4);
	assert_int_equal(count_followups(f, LD_TASK_OPEN, f->team_b), 4);
	assert_int_equal(count_followups(f, LD_TASK_OPEN, f->team_a), 0);
	assert_int_equal(count_followups(f, LD_TASK_DONE, 0), 0);

	/* someone calls back */
	fake_now += 3600;
	assert_int_equal(app_followup_set(&f->app, &f->agent, first_task, LD_TASK_DONE,
					  "called back, credit note issued", &done, &err), LD_OK);
	assert_int_equal(done.status, LD_TASK_DONE);
	assert_int_equal(done.done_at, fake_now);
	assert_int_equal(done.done_by, f->agent1);
	assert_string_equal(done.note, "called back, credit note issued");
	assert_int_equal(app_followup_get(&f->app, &f->admin, first_task, &got, &err), LD_OK);
	assert_int_equal(got.status, LD_TASK_DONE);
	assert_int_equal(got.done_at, fake_now);
	assert_string_equal(got.note, "called back, credit note issued");
	assert_int_equal(got.reason, LD_REASON_DETRACTOR);
	assert_int_equal(count_followups(f, LD_TASK_DONE, 0), 1);
	assert_int_equal(count_followups(f, LD_TASK_OPEN, 0), 3);

	/* reopened: open again, the note kept */
	assert_int_equal(app_followup_set(&f->app, &f->agent, first_task, LD_TASK_OPEN, NULL, &done,
					  &err), LD_OK);
	assert_int_equal(done.status, LD_TASK_OPEN);
	assert_int_equal(done.done_at, 0);
	assert_int_equal(done.done_by, 0);
	assert_string_equal(done.note, "called back, credit note issued");
	assert_int_equal(count_followups(f, LD_TASK_OPEN, 0), 4);

	/* refusals */
	assert_int_equal(app_followup_set(&f->app, &f->agent, first_task, 7, NULL, &done, &err),
			 LD_ERR_INVALID);
	assert_int_equal(app_followup_set(&f->app, &f->agent, 999999, LD_TASK_DONE, NULL, &done,
					  &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "followup_not_found");
	assert_int_equal(app_followup_set(&f->app, &f->cust, first_task, LD_TASK_DONE, NULL, &done,
					  &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_followup_get(&f->app, &f->admin, first_task, &got, &err), LD_OK);
	assert_int_equal(got.status, LD_TASK_OPEN);
}

/* --------------------------------------------------- transactional rules --- */

static void test_surveys_transactional_on_resolve_with_fatigue(void **state)
{
	struct fx *f = *state;
	struct ld_survey_rule r = {.kind = LD_SURVEY_CES, .category = LD_CAT_PROBLEM,
				   .channel = -1};
	struct ld_survey *rows;
	struct ld_case c1, c2, c3;
	struct ld_err err;
	int n = 0;

	set_consent(f, f->customer, true);
	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &r, &err), LD_OK);
	assert_true(r.id > 0);

	open_case(f, LD_CH_EMAIL, f->agent1, &c1);
	fake_now += 3600;
	resolve(f, c1.id);
	rows = surveys_of(f, f->customer, &n);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].kind, LD_SURVEY_CES);
	assert_int_equal(rows[0].origin, LD_ORIGIN_TRANSACTIONAL);
	assert_int_equal(rows[0].case_id, c1.id);
	assert_int_equal(rows[0].team_id, f->team_a);
	assert_int_equal(rows[0].channel, LD_CH_EMAIL);
	assert_int_equal(rows[0].created_by, 0);
	assert_int_equal(rows[0].sent_at, fake_now);
	assert_string_equal(rows[0].language, "cs");
	free_surveys(rows, n);
	assert_int_equal(count_outbox(f), 1);

	/* a second case resolved a day later: inside the fatigue window */
	fake_now += DAY;
	open_case(f, LD_CH_EMAIL, f->agent1, &c2);
	resolve(f, c2.id);
	assert_int_equal(count_surveys(f, f->customer), 1);

	/* 30 days after the first survey the customer may be asked again */
	fake_now += 29 * DAY;
	open_case(f, LD_CH_EMAIL, f->agent1, &c3);
	resolve(f, c3.id);
	rows = surveys_of(f, f->customer, &n);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].case_id, c3.id);
	assert_int_equal(rows[1].origin, LD_ORIGIN_TRANSACTIONAL);
	free_surveys(rows, n);
	assert_int_equal(count_outbox(f), 2);
}

static void test_surveys_transactional_needs_consent_and_a_rule(void **state)
{
	struct fx *f = *state;
	struct ld_survey_rule r = {.kind = LD_SURVEY_CSAT, .category = LD_CAT_QUESTION,
				   .channel = -1};
	struct ld_case c;
	struct ld_err err;

	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &r, &err), LD_OK);
	/* no rule for problems: nothing */
	set_consent(f, f->customer, true);
	open_case(f, LD_CH_EMAIL, f->agent1, &c);
	resolve(f, c.id);
	assert_int_equal(count_surveys(f, 0), 0);
	/* a rule, but no consent: nothing */
	set_consent(f, f->customer, false);
	open_case_for(f, f->customer, LD_CAT_QUESTION, LD_CH_EMAIL, f->agent1, &c);
	resolve(f, c.id);
	assert_int_equal(count_surveys(f, 0), 0);
	/* consent, but no address to deliver the link to: nothing either */
	{
		int64_t quiet = add_customer(f, "Tichý", NULL, "cs", true);

		open_case_for(f, quiet, LD_CAT_QUESTION, LD_CH_PHONE, f->agent1, &c);
		resolve(f, c.id);
		assert_int_equal(count_surveys(f, quiet), 0);
	}
	/* and with both, a survey */
	set_consent(f, f->customer, true);
	open_case_for(f, f->customer, LD_CAT_QUESTION, LD_CH_EMAIL, f->agent1, &c);
	resolve(f, c.id);
	assert_int_equal(count_surveys(f, 0), 1);
	assert_int_equal(count_outbox(f), 1);
}

static void test_surveys_most_specific_rule_wins(void **state)
{
	struct fx *f = *state;
	struct ld_survey_rule any = {.kind = LD_SURVEY_CSAT, .category = -1, .channel = -1};
	struct ld_survey_rule cat = {.kind = LD_SURVEY_CES, .category = LD_CAT_PROBLEM,
				     .channel = -1};
	struct ld_survey_rule both = {.kind = LD_SURVEY_NPS, .category = LD_CAT_PROBLEM,
				      .channel = LD_CH_PHONE};
	struct ld_survey_rule chan = {.kind = LD_SURVEY_SERVQUAL, .category = -1,
				      .channel = LD_CH_PHONE};
	struct ld_survey_rule dup = {.kind = LD_SURVEY_CSAT, .category = LD_CAT_PROBLEM,
				     .channel = LD_CH_PHONE};
	struct ld_survey_rule dup_any = {.kind = LD_SURVEY_NPS, .category = -1, .channel = -1};
	struct ld_survey_rule list[APP_RULES_MAX];
	static const struct {
		int category, channel, kind;
	} cases[] = {
		{LD_CAT_PROBLEM, LD_CH_PHONE, LD_SURVEY_NPS},      /* category + channel */
		{LD_CAT_PROBLEM, LD_CH_EMAIL, LD_SURVEY_CES},      /* category */
		{LD_CAT_QUESTION, LD_CH_PHONE, LD_SURVEY_SERVQUAL}, /* channel */
		{LD_CAT_QUESTION, LD_CH_EMAIL, LD_SURVEY_CSAT},    /* any */
	};
	struct ld_err err;
	int n = 0;

	/* created least specific first, so the order of the table cannot decide */
	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &any, &err), LD_OK);
	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &chan, &err), LD_OK);
	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &cat, &err), LD_OK);
	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &both, &err), LD_OK);
	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &dup, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "survey_rule_exists");
	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &dup_any, &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "survey_rule_exists");
	assert_int_equal(app_survey_rule_create(&f->app, &f->agent, &dup_any, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_survey_rule_list(&f->app, &f->agent, list, APP_RULES_MAX, &n, &err),
			 LD_OK);
	assert_int_equal(n, 4);

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		char name[32], email[48];
		struct ld_survey *rows;
		struct ld_case c;
		int64_t who;
		int got = 0;

		snprintf(name, sizeof name, "Rule customer %zu", k);
		snprintf(email, sizeof email, "rule%zu@example.com", k);
		who = add_customer(f, name, email, "en", true);
		open_case_for(f, who, cases[k].category, cases[k].channel, f->agent1, &c);
		resolve(f, c.id);
		rows = surveys_of(f, who, &got);
		assert_int_equal(got, 1);
		if (rows[0].kind != cases[k].kind)
			fail_msg("case %zu: kind %d, expected %d", k, rows[0].kind, cases[k].kind);
		free_surveys(rows, got);
	}

	/* without the exact rule, the category rule decides */
	assert_int_equal(app_survey_rule_delete(&f->app, &f->admin, both.id, &err), LD_OK);
	assert_int_equal(app_survey_rule_delete(&f->app, &f->admin, both.id, &err),
			 LD_ERR_NOT_FOUND);
	{
		struct ld_survey *rows;
		struct ld_case c;
		int64_t who = add_customer(f, "After delete", "after@example.com", "en", true);
		int got = 0;

		open_case_for(f, who, LD_CAT_PROBLEM, LD_CH_PHONE, f->agent1, &c);
		resolve(f, c.id);
		rows = surveys_of(f, who, &got);
		assert_int_equal(got, 1);
		assert_int_equal(rows[0].kind, LD_SURVEY_CES);
		free_surveys(rows, got);
	}
}

/* ---------------------------------------------------------------- campaigns --- */

static void test_surveys_campaign(void **state)
{
	struct fx *f = *state;
	struct app_campaign in = {.kind = -1, .name = "Spring 2026"};
	struct app_campaign_result res;
	struct ld_survey *rows;
	struct ld_err err;
	int64_t a, b, c, e, g;
	int n = 0;

	/* the fixture customer (cs) has no consent */
	a = add_customer(f, "Alice", "alice@example.com", "en", true);
	b = add_customer(f, "Bohumil", "bohumil@example.cz", "cs", true);
	c = add_customer(f, "Carol", NULL, "en", true);
	add_customer(f, "Dave", "dave@example.com", "en", false);
	e = add_customer(f, "Erin", "erin@example.com", "en", true);
	g = add_customer(f, "Gustav", "gustav@example.com", "en", true);
	{
		struct app_survey_created s;
		send(f, LD_SURVEY_CSAT, e, 0, &s); /* asked yesterday: fatigued */
		ld_survey_clear(&s.survey);
	}
	fake_now += DAY;
	assert_int_equal(count_surveys(f, 0), 1);
	assert_int_equal(count_outbox(f), 1);

	/* a dry run counts and sends nothing */
	in.dry_run = true;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.considered, 7);
	assert_int_equal(res.sent, 3);       /* a, b, g */
	assert_int_equal(res.no_consent, 2); /* fixture customer, dave */
	assert_int_equal(res.fatigued, 1);   /* e */
	assert_int_equal(res.no_email, 1);   /* c: nothing could deliver the link */
	assert_int_equal(count_surveys(f, 0), 1);
	assert_int_equal(count_outbox(f), 1);

	/* the Czech speakers only */
	in.language = "cs";
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.considered, 2);
	assert_int_equal(res.sent, 1);
	assert_int_equal(res.no_consent, 1);
	assert_int_equal(res.fatigued, 0);
	in.language = NULL;

	/* for real, at most two */
	in.dry_run = false;
	in.limit = 2;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.sent, 2);
	assert_int_equal(count_surveys(f, 0), 3);
	assert_int_equal(count_outbox(f), 3);
	rows = surveys_of(f, a, &n);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].kind, LD_SURVEY_NPS);
	assert_int_equal(rows[0].origin, LD_ORIGIN_RELATIONSHIP);
	assert_string_equal(rows[0].campaign, "Spring 2026");
	assert_int_equal(rows[0].case_id, 0);
	assert_int_equal(rows[0].team_id, 0);
	assert_int_equal(rows[0].channel, -1);
	assert_string_equal(rows[0].language, "en");
	assert_int_equal(rows[0].created_by, f->admin.agent_id);
	free_surveys(rows, n);
	rows = surveys_of(f, b, &n);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].language, "cs");
	free_surveys(rows, n);

	/* again without a limit: a and b are fatigued now, g is asked, c never */
	in.limit = 0;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.considered, 7);
	assert_int_equal(res.sent, 1);
	assert_int_equal(res.fatigued, 3);
	assert_int_equal(res.no_consent, 2);
	assert_int_equal(res.no_email, 1);
	assert_int_equal(count_surveys(f, g), 1);
	assert_int_equal(count_surveys(f, c), 0);
	assert_int_equal(count_surveys(f, 0), 4);
	assert_int_equal(count_outbox(f), 4);

	/* refusals */
	assert_int_equal(app_survey_campaign(&f->app, &f->agent, &in, &res, &err),
			 LD_ERR_FORBIDDEN);
	in.name = "";
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "name");
	in.name = "x";
	in.limit = -1;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "limit");
	in.limit = 0;
	in.kind = LD_SURVEY_KIND_COUNT;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_ERR_INVALID);
	assert_int_equal(count_surveys(f, 0), 4);
}

/* Segments: organisation, customers with cases, renewals due; more than a page. */
static void test_surveys_campaign_segments(void **state)
{
	struct fx *f = *state;
	struct app_campaign in = {.kind = LD_SURVEY_CSAT, .name = "Segments", .dry_run = true};
	struct app_campaign_result res;
	struct ld_subscription sub;
	struct ld_org org;
	struct ld_case c;
	struct ld_err err;
	int64_t member, renewing;
	char name[32], email[48];

	/* 250 consenting customers: more than one page of the customer walk */
	assert_int_equal(app_batch_begin(&f->app, &err), LD_OK);
	for (int i = 0; i < 250; i++) {
		snprintf(name, sizeof name, "Bulk %03d", i);
		snprintf(email, sizeof email, "bulk%03d@example.com", i);
		add_customer(f, name, email, "pl", true);
	}
	assert_int_equal(app_batch_end(&f->app, true, &err), LD_OK);
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.considered, 251);
	assert_int_equal(res.sent, 250);
	assert_int_equal(res.no_consent, 1);
	assert_int_equal(res.no_email, 0);
	in.limit = 220;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.sent, 220);
	in.limit = 0;

	/* an organisation's customers */
	memset(&org, 0, sizeof org);
	snprintf(org.name, sizeof org.name, "Acme s.r.o.");
	assert_int_equal(app_org_create(&f->app, NULL, &org, &err), LD_OK);
	{
		struct ld_customer cu;

		memset(&cu, 0, sizeof cu);
		snprintf(cu.name, sizeof cu.name, "Acme buyer");
		snprintf(cu.email, sizeof cu.email, "buyer@acme.example");
		cu.org_id = org.id;
		cu.preferred_channel = -1;
		cu.consent = true;
		assert_int_equal(app_customer_create(&f->app, NULL, &cu, &err), LD_OK);
		member = cu.id;
		ld_customer_clear(&cu);
	}
	in.org_id = org.id;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.considered, 1);
	assert_int_equal(res.sent, 1);
	in.org_id = 0;

	/* customers who have had a case: the fixture customer (no consent) and one more */
	open_case(f, LD_CH_EMAIL, f->agent1, &c);
	open_case_for(f, member, LD_CAT_QUESTION, LD_CH_EMAIL, f->agent1, &c);
	in.with_cases = true;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.considered, 2);
	assert_int_equal(res.sent, 1);
	assert_int_equal(res.no_consent, 1);
	in.with_cases = false;

	/* an active subscription renewing within 30 days */
	renewing = add_customer(f, "Renewing", "renew@example.com", "en", true);
	memset(&sub, 0, sizeof sub);
	sub.customer_id = renewing;
	snprintf(sub.product, sizeof sub.product, "Plan");
	sub.period = LD_PERIOD_MONTHLY;
	sub.renews_at = fake_now + 10 * DAY;
	sub.status = LD_SUB_ACTIVE;
	assert_int_equal(app_subscription_create(&f->app, NULL, &sub, &err), LD_OK);
	sub.id = 0;
	sub.customer_id = member;
	sub.renews_at = fake_now + 60 * DAY; /* too late */
	assert_int_equal(app_subscription_create(&f->app, NULL, &sub, &err), LD_OK);
	in.renews_within_s = 30 * DAY;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_OK);
	assert_int_equal(res.considered, 1);
	assert_int_equal(res.sent, 1);
	assert_int_equal(res.no_email, 0);
	in.renews_within_s = -1;
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &in, &res, &err), LD_ERR_INVALID);

	/* all of it was counting */
	assert_int_equal(count_surveys(f, 0), 0);
}

/* -------------------------------------------------------------- outbox --- */

/* Waiting messages, by id; `customer` 0 = anyone's. */
static int waiting(struct fx *f, int64_t customer, int64_t *ids, int cap)
{
	struct ld_message *rows = calloc(APP_LIST_MAX, sizeof *rows);
	struct ld_err err;
	int n = 0;

	assert_non_null(rows);
	assert_int_equal(app_outbox_list(&f->app, &f->admin, true, customer, 0, APP_LIST_MAX, rows,
					 &n, &err), LD_OK);
	for (int i = 0; i < n && i < cap; i++)
		ids[i] = rows[i].id;
	free_messages(rows, n);
	return n;
}

static void test_surveys_outbox_mark_sent(void **state)
{
	struct fx *f = *state;
	struct app_survey_created s1, s2, s3, other;
	struct ld_message m, *rows;
	struct ld_survey sv;
	struct ld_err err;
	char blank[APP_SURVEY_TOKEN_LEN + 1];
	int64_t ids[8];
	int n = 0;
	int64_t someone = add_customer(f, "Someone", "someone@example.com", "en", true);

	set_consent(f, f->customer, true);
	send(f, LD_SURVEY_NPS, f->customer, 0, &s1);
	send(f, LD_SURVEY_CSAT, f->customer, 0, &s2);
	send(f, LD_SURVEY_CES, f->customer, 0, &s3);
	send(f, LD_SURVEY_CES, someone, 0, &other);
	assert_int_equal(waiting(f, 0, ids, 8), 4);
	assert_int_equal(waiting(f, someone, ids, 8), 1);
	assert_int_equal(ids[0], other.message_id);
	assert_int_equal(waiting(f, f->customer, ids, 8), 3);
	assert_int_equal(app_outbox_list(&f->app, &f->admin, true, -1, 0, 1, &m, &n, &err),
			 LD_ERR_INVALID);
	assert_int_equal(app_outbox_list(&f->app, &f->agent, true, 0, 0, 1, &m, &n, &err),
			 LD_ERR_FORBIDDEN);

	/* delivered: the stored text loses its working link */
	fake_now += 60;
	assert_int_equal(app_outbox_mark_sent(&f->app, &f->admin, s1.message_id, &m, &err), LD_OK);
	assert_int_equal(m.id, s1.message_id);
	assert_int_equal(m.sent_at, fake_now);
	assert_null(strstr(m.body, s1.token));
	memset(blank, 'x', APP_SURVEY_TOKEN_LEN);
	blank[APP_SURVEY_TOKEN_LEN] = '\0';
	assert_non_null(strstr(m.body, blank));
	ld_message_clear(&m);
	rows = outbox(f, &n);
	assert_int_equal(n, 4);
	assert_int_equal(rows[0].id, s1.message_id);
	assert_null(strstr(rows[0].body, s1.token));
	assert_non_null(strstr(rows[1].body, s2.token)); /* the others keep theirs */
	free_messages(rows, n);
	/* … while the link itself still works */
	{
		struct survey_form form;

		assert_int_equal(app_survey_open(&f->app, NULL, s1.token, &sv, &form, &err), LD_OK);
		ld_survey_clear(&sv);
	}
	assert_int_equal(app_outbox_mark_sent(&f->app, &f->admin, s1.message_id, &m, &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "message_sent");
	assert_int_equal(app_outbox_mark_sent(&f->app, &f->admin, 999999, &m, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_equal(app_outbox_mark_sent(&f->app, &f->agent, s2.message_id, &m, &err),
			 LD_ERR_FORBIDDEN);

	/* an answered survey's invitation is no longer waiting */
	{
		struct app_survey_answer a = score_of(5);

		assert_int_equal(app_survey_answer(&f->app, NULL, s2.token, &a, &sv, NULL, &err),
				 LD_OK);
		ld_survey_clear(&sv);
	}
	assert_int_equal(waiting(f, f->customer, ids, 8), 1);
	assert_int_equal(ids[0], s3.message_id);
	/* nor an expired one's */
	fake_now = s3.survey.expires_at;
	assert_int_equal(waiting(f, 0, ids, 8), 0);
	assert_int_equal(count_outbox(f), 4);
	ld_survey_clear(&s1.survey);
	ld_survey_clear(&s2.survey);
	ld_survey_clear(&s3.survey);
	ld_survey_clear(&other.survey);
}

/* ------------------------------------------------------------------ reports --- */

/*
 * The answer set of the report test, all given on 2026-01-05:
 *   manual, about a web case of team A:  NPS 10 10 9 8 7 6 0
 *   manual, no case:                     CSAT 5 4 4 2 1, CES 7 6 5 2,
 *                                        SERVQUAL R1 E 7 6 5 4 3 / P 5 6 6 2 3
 *                                                 R2 E 6 6 6 6 6 / P 6 4 7 5 2
 *   relationship (campaign):             NPS 10 5
 *   transactional, phone case of team B: NPS 9
 */
static void build_answers(struct fx *f)
{
	static const int nps_manual[] = {10, 10, 9, 8, 7, 6, 0};
	static const int csat[] = {5, 4, 4, 2, 1};
	static const int ces[] = {7, 6, 5, 2};
	static const int sq_e[2][LD_SQ_DIMS] = {{7, 6, 5, 4, 3}, {6, 6, 6, 6, 6}};
	static const int sq_p[2][LD_SQ_DIMS] = {{5, 6, 6, 2, 3}, {6, 4, 7, 5, 2}};
	struct app_campaign camp = {.kind = LD_SURVEY_NPS, .name = "Relationship Q1"};
	struct app_campaign_result res;
	struct ld_survey_rule rule = {.kind = LD_SURVEY_NPS, .category = -1, .channel = -1};
	struct ld_survey *rows;
	struct ld_case web, phone;
	struct ld_err err;
	char token[APP_SURVEY_TOKEN_LEN + 1];
	int64_t r1, r2, t;
	int n = 0;

	set_consent(f, f->customer, true);
	open_case(f, LD_CH_WEB, f->agent1, &web);
	for (size_t i = 0; i < sizeof nps_manual / sizeof nps_manual[0]; i++)
		send_and_answer(f, LD_SURVEY_NPS, f->customer, web.id, nps_manual[i]);
	for (size_t i = 0; i < sizeof csat / sizeof csat[0]; i++)
		send_and_answer(f, LD_SURVEY_CSAT, f->customer, 0, csat[i]);
	for (size_t i = 0; i < sizeof ces / sizeof ces[0]; i++)
		send_and_answer(f, LD_SURVEY_CES, f->customer, 0, ces[i]);
	for (int r = 0; r < 2; r++) {
		struct app_survey_created s;
		struct app_survey_answer a;
		struct ld_survey sv;

		send(f, LD_SURVEY_SERVQUAL, f->customer, 0, &s);
		memset(&a, 0, sizeof a);
		a.score = -1;
		memcpy(a.expected, sq_e[r], sizeof a.expected);
		memcpy(a.perceived, sq_p[r], sizeof a.perceived);
		assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err),
				 LD_OK);
		ld_survey_clear(&sv);
		ld_survey_clear(&s.survey);
	}

	/* the campaign reaches r1 and r2 (the fixture customer is fatigued) */
	r1 = add_customer(f, "Rel One", "rel1@example.com", "en", true);
	r2 = add_customer(f, "Rel Two", "rel2@example.com", "en", true);
	assert_int_equal(app_survey_campaign(&f->app, &f->admin, &camp, &res, &err), LD_OK);
	assert_int_equal(res.sent, 2);
	rows = surveys_of(f, r1, &n);
	assert_int_equal(n, 1);
	token_from_outbox(f, rows[0].id, token);
	free_surveys(rows, n);
	assert_int_equal(answer(f, token, 10), 0);
	rows = surveys_of(f, r2, &n);
	assert_int_equal(n, 1);
	token_from_outbox(f, rows[0].id, token);
	free_surveys(rows, n);
	/* a detractor of no case: a task for nobody's team */
	{
		struct ld_followup task;
		int64_t id = answer(f, token, 5);

		assert_true(id > 0);
		assert_int_equal(app_followup_get(&f->app, &f->admin, id, &task, &err), LD_OK);
		assert_int_equal(task.team_id, 0);
		assert_int_equal(task.case_id, 0);
		assert_int_equal(task.customer_id, r2);
	}

	/* a transactional survey on resolving a phone case of team B */
	assert_int_equal(app_survey_rule_create(&f->app, &f->admin, &rule, &err), LD_OK);
	t = add_customer(f, "Trans Action", "trans@example.com", "en", true);
	open_case_for(f, t, LD_CAT_PROBLEM, LD_CH_PHONE, f->agent2, &phone);
	resolve(f, phone.id);
	rows = surveys_of(f, t, &n);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].origin, LD_ORIGIN_TRANSACTIONAL);
	assert_int_equal(rows[0].team_id, f->team_b);
	token_from_outbox(f, rows[0].id, token);
	free_surveys(rows, n);
	answer(f, token, 9);
}

static void test_surveys_report_nps(void **state)
{
	struct fx *f = *state;
	struct app_report_filter all = {.channel = -1, .origin = -1};
	struct app_nps_report r;
	struct ld_err err;
	double se;

	build_answers(f);
	/* all: n 10, promoters 5 (10 10 9 10 9), passives 2, detractors 3 (6 0 5) → 20 */
	assert_int_equal(app_report_nps(&f->app, &f->admin, &all, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 10);
	assert_int_equal(r.nps.promoters, 5);
	assert_int_equal(r.nps.passives, 2);
	assert_int_equal(r.nps.detractors, 3);
	assert_true(fabs(r.nps.nps - 20.0) < 1e-9);
	/* variance 0.5 + 0.3 − 0.2² = 0.76; se = 100·√(0.76/10) */
	se = 100.0 * sqrt(0.076);
	assert_true(fabs(r.nps.ci_low - (20.0 - 1.96 * se)) < 1e-9);
	assert_true(fabs(r.nps.ci_high - (20.0 + 1.96 * se)) < 1e-9);
	assert_int_equal(r.hist[10], 3);
	assert_int_equal(r.hist[9], 2);
	assert_int_equal(r.hist[8], 1);
	assert_int_equal(r.hist[7], 1);
	assert_int_equal(r.hist[6], 1);
	assert_int_equal(r.hist[5], 1);
	assert_int_equal(r.hist[0], 1);
	assert_int_equal(r.hist[1], 0);

	/* manual only: 7 answers, 3 − 2 → 100/7 */
	struct app_report_filter manual = {.channel = -1, .origin = LD_ORIGIN_MANUAL};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &manual, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 7);
	assert_int_equal(r.nps.promoters, 3);
	assert_int_equal(r.nps.detractors, 2);
	assert_true(fabs(r.nps.nps - 100.0 / 7.0) < 1e-9);
	/* transactional only: one promoter */
	struct app_report_filter trans = {.channel = -1, .origin = LD_ORIGIN_TRANSACTIONAL};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &trans, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 1);
	assert_int_equal(r.nps.promoters, 1);
	assert_true(fabs(r.nps.nps - 100.0) < 1e-9);
	/* relationship only: 10 and 5 → 0 */
	struct app_report_filter rel = {.channel = -1, .origin = LD_ORIGIN_RELATIONSHIP};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &rel, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 2);
	assert_int_equal(r.nps.promoters, 1);
	assert_int_equal(r.nps.detractors, 1);
	assert_true(fabs(r.nps.nps) < 1e-9);

	/* team and channel are the case's: relationship answers have neither */
	struct app_report_filter team_a = {.team_id = f->team_a, .channel = -1, .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &team_a, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 7);
	struct app_report_filter team_b = {.team_id = f->team_b, .channel = -1, .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &team_b, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 1);
	struct app_report_filter web = {.channel = LD_CH_WEB, .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &web, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 7);
	struct app_report_filter phone = {.channel = LD_CH_PHONE, .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &phone, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 1);
	struct app_report_filter chat = {.channel = LD_CH_CHAT, .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &chat, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 0);
	assert_false(r.nps.has_data);

	/* by the day answered */
	struct app_report_filter today = {.from = TODAY_MIDNIGHT, .to = TODAY_MIDNIGHT + DAY,
					  .channel = -1, .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &today, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 10);
	/* an end inside a day covers that whole day */
	struct app_report_filter morning = {.from = TODAY_MIDNIGHT, .to = TODAY_MIDNIGHT + 3600,
					    .channel = -1, .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &morning, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 10);
	struct app_report_filter tomorrow = {.from = TODAY_MIDNIGHT + DAY, .channel = -1,
					     .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &tomorrow, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 0);
	struct app_report_filter yesterday = {.from = TODAY_MIDNIGHT - DAY, .to = TODAY_MIDNIGHT,
					      .channel = -1, .origin = -1};
	assert_int_equal(app_report_nps(&f->app, &f->admin, &yesterday, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 0);
}

static void test_surveys_report_csat_ces_servqual(void **state)
{
	struct fx *f = *state;
	struct app_report_filter all = {.channel = -1, .origin = -1};
	struct app_report_filter team_a = {.team_id = f->team_a, .channel = -1, .origin = -1};
	struct app_csat_report cs;
	struct app_ces_report ce;
	struct app_servqual_report sq;
	struct ld_err err;

	build_answers(f);
	/* CSAT 5 4 4 2 1: top-2 3/5, mean 16/5, SD √(10.8/4) */
	assert_int_equal(app_report_csat(&f->app, &f->admin, &all, &cs, &err), LD_OK);
	assert_int_equal(cs.csat.n, 5);
	assert_int_equal(cs.csat.top2.hits, 3);
	assert_true(fabs(cs.csat.top2.share - 0.6) < 1e-12);
	assert_true(fabs(cs.csat.mean - 3.2) < 1e-12);
	assert_true(fabs(cs.csat.sd - sqrt(2.7)) < 1e-12);
	assert_int_equal(cs.csat.counts[0], 1);
	assert_int_equal(cs.csat.counts[1], 1);
	assert_int_equal(cs.csat.counts[2], 0);
	assert_int_equal(cs.csat.counts[3], 2);
	assert_int_equal(cs.csat.counts[4], 1);
	/* none of them was about a case */
	assert_int_equal(app_report_csat(&f->app, &f->admin, &team_a, &cs, &err), LD_OK);
	assert_int_equal(cs.csat.n, 0);

	/* CES 7 6 5 2: mean 5, agree (5–7) 3/4, disagree (1–3) 1/4 */
	assert_int_equal(app_report_ces(&f->app, &f->admin, &all, &ce, &err), LD_OK);
	assert_int_equal(ce.ces.n, 4);
	assert_true(fabs(ce.ces.mean - 5.0) < 1e-12);
	assert_int_equal(ce.ces.agree.hits, 3);
	assert_int_equal(ce.ces.disagree.hits, 1);
	assert_int_equal(ce.ces.counts[6], 1);
	assert_int_equal(ce.ces.counts[1], 1);

	/* SERVQUAL gaps P − E: R1 −2 0 1 −2 0, R2 0 −2 1 −1 −4 */
	assert_int_equal(app_report_servqual(&f->app, &f->admin, &all, &sq, &err), LD_OK);
	assert_true(sq.sq.has_data);
	static const double gap[LD_SQ_DIMS] = {-1.0, -1.0, 1.0, -1.5, -2.0};
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		assert_int_equal(sq.sq.dims[d].n, 2);
		if (fabs(sq.sq.dims[d].gap - gap[d]) > 1e-12)
			fail_msg("dimension %d: gap %g, expected %g", d, sq.sq.dims[d].gap, gap[d]);
	}
	/* tangibles −2, 0: SD √2, SE √2/√2 = 1; responsiveness 1, 1: SE 0 */
	assert_true(fabs(sq.sq.dims[SURVEY_SQ_TANGIBLES].se - 1.0) < 1e-12);
	assert_true(fabs(sq.sq.dims[SURVEY_SQ_RESPONSIVENESS].se) < 1e-12);
	assert_true(fabs(sq.sq.overall - (-0.9)) < 1e-12);
	assert_int_equal(sq.sq.rank[0], SURVEY_SQ_EMPATHY);
	assert_int_equal(sq.sq.rank[1], SURVEY_SQ_ASSURANCE);
	assert_int_equal(sq.sq.rank[2], SURVEY_SQ_TANGIBLES);
	assert_int_equal(sq.sq.rank[3], SURVEY_SQ_RELIABILITY);
	assert_int_equal(sq.sq.rank[4], SURVEY_SQ_RESPONSIVENESS);
	/* relationship answers carry no SERVQUAL */
	struct app_report_filter rel = {.channel = -1, .origin = LD_ORIGIN_RELATIONSHIP};
	assert_int_equal(app_report_servqual(&f->app, &f->admin, &rel, &sq, &err), LD_OK);
	assert_false(sq.sq.has_data);
	assert_int_equal(sq.sq.dims[0].n, 0);
}

static void test_surveys_report_refusals(void **state)
{
	struct fx *f = *state;
	struct app_nps_report r;
	struct app_servqual_report sq;
	struct ld_err err;
	struct app_report_filter inverted = {.from = TODAY_MIDNIGHT + DAY, .to = TODAY_MIDNIGHT,
					     .channel = -1, .origin = -1};
	struct app_report_filter same = {.from = TODAY_MIDNIGHT, .to = TODAY_MIDNIGHT,
					 .channel = -1, .origin = -1};
	struct app_report_filter bad_origin = {.channel = -1, .origin = LD_ORIGIN_COUNT};
	struct app_report_filter bad_channel = {.channel = LD_CH_COUNT, .origin = -1};
	struct app_report_filter no_team = {.team_id = 4242, .channel = -1, .origin = -1};
	struct app_report_filter ok = {.channel = -1, .origin = -1};

	assert_int_equal(app_report_nps(&f->app, &f->admin, &inverted, &r, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_range");
	assert_int_equal(app_report_servqual(&f->app, &f->admin, &same, &sq, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_range");
	assert_int_equal(app_report_nps(&f->app, &f->admin, &bad_origin, &r, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.field, "origin");
	assert_int_equal(app_report_nps(&f->app, &f->admin, &bad_channel, &r, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.field, "channel");
	assert_int_equal(app_report_nps(&f->app, &f->admin, &no_team, &r, &err), LD_ERR_NOT_FOUND);
	assert_int_equal(app_report_nps(&f->app, &f->agent, &ok, &r, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_report_nps(&f->app, &f->cust, &ok, &r, &err), LD_ERR_FORBIDDEN);
	/* no answers: a report without data */
	assert_int_equal(app_report_nps(&f->app, &f->admin, &ok, &r, &err), LD_OK);
	assert_int_equal(r.nps.n, 0);
	assert_false(r.nps.has_data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_surveys_create_token_link_and_outbox, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_surveys_no_email_no_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_create_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_open_in_customer_language, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_surveys_open_bad_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_expire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_answer_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_answer_other_customer_forbidden, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_surveys_score_out_of_range_stores_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_servqual_needs_every_dimension, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_surveys_closed_loop_followups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_transactional_on_resolve_with_fatigue,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_transactional_needs_consent_and_a_rule,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_most_specific_rule_wins, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_surveys_campaign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_campaign_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_outbox_mark_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_report_nps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_surveys_report_csat_ces_servqual, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_surveys_report_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
