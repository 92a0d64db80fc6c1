/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The loyalty model, risk list and renewal outreach (app/loyalty.h) on a
 * customer base built through the use cases, where lapsing depends on high
 * effort by construction:
 *
 *   H  60 customers, one case transferred twice (score 4: high), 30 lapsed
 *   M 100 customers, one case transferred once (score 2: medium), 10 lapsed
 *   L 100 customers, one case, no transfer (low), 10 lapsed
 *   N  40 customers without cases, 4 lapsed
 *   plus the fixture's customer: no case, no renewal decided.
 *
 * Only three features vary (high effort, contacts 0/1, transfers 0/1/2) and
 * the four groups pin them down, so the maximum-likelihood fit reproduces
 * the group lapse rates: 50% for H, 10% for the rest (odds ratio of high
 * effort ln 9); the light ridge only shrinks that a little.
 */
#include "fixture.h"

#include "app/loyalty.h"
#include "app/reports.h"
#include "app/surveys.h"

#define DAY 86400
#define TODAY_MIDNIGHT 1767571200 /* 2026-01-05T00:00:00Z, the fixture's day */

enum { N_HIGH = 60, N_MEDIUM = 100, N_LOW = 100, N_NONE = 40 };

/* The base of the shared tests (built once: read-only afterwards). */
struct base {
	struct fx *f;
	int64_t high[N_HIGH], medium[N_MEDIUM], low[N_LOW], none[N_NONE];
	int64_t sub_h0, sub_h1, sub_m0, sub_l0, sub_n0; /* active renewals */
};

static struct base B;

/* The loyalty report's filter: the whole base. */
static const struct app_report_filter ALL = {.channel = -1, .origin = -1};

static int64_t add_customer(struct fx *f, const char *prefix, int i)
{
	struct ld_customer c;
	struct ld_err err;
	int64_t id;

	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "%s %03d", prefix, i);
	snprintf(c.language, sizeof c.language, "en");
	c.preferred_channel = -1;
	c.consent = true;
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_OK);
	id = c.id;
	ld_customer_clear(&c);
	return id;
}

/* One email case of `customer`, owned by agent 1, transferred `transfers` times. */
static void add_case(struct fx *f, int64_t customer, int transfers)
{
	struct app_case_open_in in;
	struct ld_case c;
	struct ld_err err;

	memset(&in, 0, sizeof in);
	in.customer_id = customer;
	in.subject = "Billing question";
	in.category = LD_CAT_QUESTION;
	in.priority = -1;
	in.owner_id = f->agent1;
	in.first = contact(LD_CH_EMAIL, LD_DIR_IN, f->agent1);
	assert_int_equal(app_case_open(&f->app, NULL, &in, &c, &err), LD_OK);
	if (transfers >= 1)
		assert_int_equal(app_case_transfer(&f->app, NULL, c.id, f->agent2, 0, NULL, &c, &err),
				 LD_OK);
	if (transfers >= 2)
		assert_int_equal(app_case_transfer(&f->app, NULL, c.id, f->agent3, 0, NULL, &c, &err),
				 LD_OK);
	assert_int_equal(c.effort.transfers, transfers);
	assert_int_equal(c.effort_band, transfers == 2 ? EFFORT_HIGH
					: transfers == 1 ? EFFORT_MEDIUM : EFFORT_LOW);
}

static int64_t add_sub(struct fx *f, int64_t customer, int64_t renews_at, int status)
{
	struct ld_subscription s;
	struct ld_err err;

	memset(&s, 0, sizeof s);
	s.customer_id = customer;
	snprintf(s.product, sizeof s.product, "Plan");
	s.period = LD_PERIOD_YEARLY;
	s.renews_at = renews_at;
	s.status = status;
	assert_int_equal(app_subscription_create(&f->app, NULL, &s, &err), LD_OK);
	return s.id;
}

/* A group: customers with `transfers` (−1 = no case), the first `lapsed` lapsed. */
static void add_group(struct fx *f, const char *prefix, int64_t *ids, int n, int transfers,
		      int lapsed)
{
	for (int i = 0; i < n; i++) {
		ids[i] = add_customer(f, prefix, i);
		if (transfers >= 0)
			add_case(f, ids[i], transfers);
		add_sub(f, ids[i], fake_now - 30 * DAY, i < lapsed ? LD_SUB_LAPSED : LD_SUB_RENEWED);
	}
}

static int base_setup(void **state)
{
	struct fx *f;
	struct ld_err err;

	setup(state);
	f = *state;
	memset(&B, 0, sizeof B);
	B.f = f;
	assert_int_equal(app_batch_begin(&f->app, &err), LD_OK);
	add_group(f, "High", B.high, N_HIGH, 2, 30);
	add_group(f, "Medium", B.medium, N_MEDIUM, 1, 10);
	add_group(f, "Low", B.low, N_LOW, 0, 10);
	add_group(f, "None", B.none, N_NONE, -1, 4);
	/* active renewals ahead (they decide nothing yet) */
	/* (h1 before h0, so that id order and renewal order disagree) */
	B.sub_h1 = add_sub(f, B.high[1], fake_now + 20 * DAY, LD_SUB_ACTIVE);
	B.sub_l0 = add_sub(f, B.low[0], fake_now + 3 * DAY, LD_SUB_ACTIVE);
	B.sub_h0 = add_sub(f, B.high[0], fake_now + 5 * DAY, LD_SUB_ACTIVE);
	B.sub_m0 = add_sub(f, B.medium[0], fake_now + 10 * DAY, LD_SUB_ACTIVE);
	B.sub_n0 = add_sub(f, B.none[0], fake_now + 40 * DAY, LD_SUB_ACTIVE);
	/* not due: already renewed (a renewed customer, so the outcome stays), or past */
	add_sub(f, B.high[40], fake_now + 2 * DAY, LD_SUB_RENEWED);
	add_sub(f, B.low[50], fake_now - DAY, LD_SUB_ACTIVE);
	assert_int_equal(app_batch_end(&f->app, true, &err), LD_OK);
	return 0;
}

static int base_teardown(void **state)
{
	return teardown(state);
}

static double risk_of(struct fx *f, int64_t customer)
{
	struct ld_err err;
	double r = -1;

	assert_int_equal(app_customer_risk(&f->app, &f->agent, customer, &r, &err), LD_OK);
	return r;
}

/* ---------------------------------------------------------------- fallback --- */

static void test_loyalty_fallback_without_renewals(void **state)
{
	struct fx *f = *state;
	struct app_loyalty_model m;
	struct app_loyalty_report r;
	struct ld_err err;
	double risk = -1;

	assert_int_equal(app_loyalty_fit(&f->app, 0, 0, &m, &err), LD_OK);
	assert_non_null(m.fallback_reason);
	assert_true(m.logit.fallback);
	assert_int_equal(m.customers, 0);
	assert_int_equal(m.lapsed, 0);
	assert_int_equal(m.undecided, 1);
	assert_int_equal(m.cells, 0);
	/* CEB's prior: ln[(0.96/0.04)/(0.09/0.91)] on high effort, 9% base */
	assert_true(fabs(m.logit.coef[1] - 5.4917) < 1e-4);
	assert_true(fabs(m.logit.odds_ratio[1] - exp(5.4917)) / exp(5.4917) < 1e-4);
	assert_true(fabs(m.logit.coef[0] - log(0.09 / 0.91)) < 1e-9);
	for (int j = 1; j < LOYALTY_FEATURES; j++)
		assert_true(m.logit.coef[1 + j] == 0.0);

	/* a customer without high effort gets the base rate */
	assert_int_equal(app_customer_risk(&f->app, &f->agent, f->customer, &risk, &err), LD_OK);
	assert_true(fabs(risk - 0.09) < 1e-9);
	assert_int_equal(app_customer_risk(&f->app, &f->agent, 999999, &risk, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_equal(app_customer_risk(&f->app, &f->cust, f->customer, &risk, &err),
			 LD_ERR_FORBIDDEN);

	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &ALL, &r, &err), LD_OK);
	assert_non_null(r.model.fallback_reason);
	assert_false(r.lapse_high_effort.has_data);
	assert_false(r.lapse_rate.has_data);
	assert_false(r.calibrated);
	assert_int_equal(app_report_loyalty(&f->app, &f->agent, &ALL, &r, &err), LD_ERR_FORBIDDEN);
}

static void test_loyalty_fallback_few_lapses_uses_own_base_rate(void **state)
{
	struct fx *f = *state;
	struct app_loyalty_model m;
	struct ld_subscription s;
	struct ld_err err;
	int64_t ids[3], subs[3];

	/* three customers with one plain case each; one lapsed */
	for (int i = 0; i < 3; i++) {
		ids[i] = add_customer(f, "Few", i);
		add_case(f, ids[i], 0);
		subs[i] = add_sub(f, ids[i], fake_now - DAY,
				  i == 0 ? LD_SUB_LAPSED : LD_SUB_RENEWED);
	}
	assert_int_equal(app_loyalty_fit(&f->app, 0, 0, &m, &err), LD_OK);
	assert_non_null(m.fallback_reason);
	assert_int_equal(m.customers, 3);
	assert_int_equal(m.lapsed, 1);
	assert_int_equal(m.undecided, 1);
	/* the desk's own lapse rate without high effort, 1/3, is the base */
	assert_true(fabs(m.logit.coef[0] - log(0.5)) < 1e-9);
	assert_true(fabs(m.logit.coef[1] - 5.4917) < 1e-4);
	assert_true(fabs(risk_of(f, ids[1]) - 1.0 / 3.0) < 1e-9);
	/* a renewing customer who never had a case is without high effort too: 1/4 */
	add_sub(f, add_customer(f, "Caseless", 0), fake_now - DAY, LD_SUB_RENEWED);
	assert_int_equal(app_loyalty_fit(&f->app, 0, 0, &m, &err), LD_OK);
	assert_non_null(m.fallback_reason);
	assert_int_equal(m.customers, 4);
	assert_true(fabs(m.logit.coef[0] - log(1.0 / 3.0)) < 1e-9);
	assert_true(fabs(risk_of(f, ids[1]) - 0.25) < 1e-9);

	/* every decided renewal the same: still the prior, with CEB's base */
	assert_int_equal(app_subscription_get(&f->app, NULL, subs[0], &s, &err), LD_OK);
	s.status = LD_SUB_RENEWED;
	assert_int_equal(app_subscription_update(&f->app, &f->admin, &s, &err), LD_OK);
	assert_int_equal(app_loyalty_fit(&f->app, 0, 0, &m, &err), LD_OK);
	assert_int_equal(m.lapsed, 0);
	assert_non_null(m.fallback_reason);
	assert_true(fabs(m.logit.coef[0] - log(0.09 / 0.91)) < 1e-9);
}

/* ------------------------------------------- the feature vector (0004) --- */

/* The customer's stored vector must be `want`. */
static void expect_key(struct fx *f, int64_t customer, const char *want)
{
	char key[STORE_LOYALTY_KEY_MAX + 1];
	struct ld_err err;

	assert_int_equal(STORE_CALL(f->store, customer_loyalty_key, customer, key, &err), LD_OK);
	if (strcmp(key, want) != 0)
		fail_msg("loyalty key %s, expected %s", key, want);
}

/*
 * The key a customer whose only case (not merged away) is `c` must have: the
 * twelve features, then 1 for "has had a case"; `flags` are the four answer
 * flags and that last field.
 */
static void key_of(const struct ld_case *c, int complaints, const char *flags, char *out,
		   size_t cap)
{
	const struct effort_state *e = &c->effort;
#define TOP(v, t) ((v) < (t) ? (v) : (t))
	snprintf(out, cap, "%d,%d,%d,%d,%d,%d,%d,%d,%s", c->effort_band == EFFORT_HIGH,
		 TOP(e->contacts, 10), TOP(e->repeat_contacts, 5), TOP(e->transfers, 5),
		 TOP(e->channel_switches, 5), TOP(e->re_explanations, 5), TOP(e->robot_only, 5),
		 TOP(complaints, 5), flags);
#undef TOP
}

/* Answers a fresh survey of `kind` with `score` for the fixture customer. */
static void answer(struct fx *f, int kind, int score)
{
	struct app_survey_new in = {.kind = kind, .customer_id = f->customer};
	struct app_survey_created s;
	struct app_survey_answer a;
	struct ld_survey sv;
	struct ld_err err;

	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &s, &err), LD_OK);
	memset(&a, 0, sizeof a);
	a.score = score;
	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &a, &sv, NULL, &err), LD_OK);
	ld_survey_clear(&sv);
	ld_survey_clear(&s.survey);
}

static void test_loyalty_feature_vector_follows_writes(void **state)
{
	struct fx *f = *state;
	struct app_case_open_in in;
	struct app_interaction_in it;
	struct ld_customer cust = {0}, listed[4];
	struct ld_case a, b;
	struct ld_err err;
	char want[128], next[LOYALTY_CURSOR_MAX + 1];
	double risks[4];
	int n = 0;

	expect_key(f, f->customer, "0,0,0,0,0,0,0,0,0,0,0,0,0");
	/* a complaint by web, then by phone: two contacts, a repeat and a switch */
	memset(&in, 0, sizeof in);
	in.customer_id = f->customer;
	in.subject = "Overcharged again";
	in.category = LD_CAT_COMPLAINT;
	in.priority = -1;
	in.owner_id = f->agent1;
	in.first = contact(LD_CH_WEB, LD_DIR_IN, f->agent1);
	assert_int_equal(app_case_open(&f->app, NULL, &in, &a, &err), LD_OK);
	fake_now += 600;
	it = contact(LD_CH_PHONE, LD_DIR_IN, f->agent1);
	assert_int_equal(app_interaction_add(&f->app, &f->agent, a.id, &it, NULL, &a, &err), LD_OK);
	assert_int_equal(a.effort.contacts, 2);
	key_of(&a, 1, "0,0,0,0,1", want, sizeof want);
	expect_key(f, f->customer, want);
	assert_string_equal(want, "0,2,1,0,1,0,0,1,0,0,0,0,1");

	/* the latest answers set the flags */
	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &cust, &err), LD_OK);
	cust.consent = true;
	assert_int_equal(app_customer_update(&f->app, NULL, &cust, &err), LD_OK);
	ld_customer_clear(&cust);
	fake_now += 60;
	answer(f, LD_SURVEY_NPS, 3);
	expect_key(f, f->customer, "0,2,1,0,1,0,0,1,1,0,0,0,1");
	fake_now += 60;
	answer(f, LD_SURVEY_CES, 3);
	fake_now += 60;
	answer(f, LD_SURVEY_CSAT, 1);
	expect_key(f, f->customer, "0,2,1,0,1,0,0,1,1,0,1,1,1");
	fake_now += 60;
	answer(f, LD_SURVEY_NPS, 10);
	fake_now += 60;
	answer(f, LD_SURVEY_CES, 6);
	expect_key(f, f->customer, "0,2,1,0,1,0,0,1,0,1,0,1,1");

	/* a second complaint merged into the first: only the surviving case counts */
	fake_now += 600;
	in.first = contact(LD_CH_EMAIL, LD_DIR_IN, f->agent1);
	assert_int_equal(app_case_open(&f->app, NULL, &in, &b, &err), LD_OK);
	/* before the merge both cases count: 2 + 1 contacts, two complaints */
	expect_key(f, f->customer, "0,3,1,0,1,0,0,2,0,1,0,1,1");
	assert_int_equal(app_case_merge(&f->app, &f->agent, b.id, a.id, &a, &err), LD_OK);
	key_of(&a, 1, "0,1,0,1,1", want, sizeof want);
	expect_key(f, f->customer, want);

	/* the cells moved with the customer: the risk list finds it under its vector */
	assert_int_equal(app_customer_list_risk(&f->app, &f->agent, "", 4, listed, risks, &n, next,
						&err), LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(listed[0].id, f->customer);
	assert_string_equal(next, "");
	ld_customer_clear(&listed[0]);
}

/*
 * CES answers about cases whose effort is known: 16 cases each of (transfers
 * 0/1) × (repeat contacts 0/1), answered CES = 7 − 3·transfers − repeats, so
 * the effort 8 − CES = 1 + 3·transfers + 1·repeats exactly. Slopes (3, 1)
 * against the defaults (2, 1): scale s = (3·2 + 1·1)/(3² + 1²) = 0.7, and the
 * suggested weights 3·0.7 = 2.1 per transfer, 1·0.7 = 0.7 per repeat.
 */
static void test_loyalty_calibration_from_ces(void **state)
{
	struct fx *f = *state;
	struct app_report_filter all = {.channel = -1, .origin = -1};
	struct app_loyalty_report r;
	struct ld_customer cust = {0};
	struct ld_err err;

	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &cust, &err), LD_OK);
	cust.consent = true;
	assert_int_equal(app_customer_update(&f->app, NULL, &cust, &err), LD_OK);
	ld_customer_clear(&cust);
	for (int i = 0; i < 64; i++) {
		int transfers = i % 2, repeats = (i / 2) % 2;
		struct app_survey_new in = {.kind = LD_SURVEY_CES, .customer_id = f->customer};
		struct app_survey_created sc;
		struct app_survey_answer a;
		struct ld_survey sv;
		struct ld_case c;

		open_case(f, LD_CH_EMAIL, f->agent1, &c);
		if (repeats) {
			struct app_interaction_in it = contact(LD_CH_EMAIL, LD_DIR_IN, f->agent1);
			assert_int_equal(app_interaction_add(&f->app, &f->agent, c.id, &it, NULL, &c,
							     &err), LD_OK);
		}
		if (transfers)
			assert_int_equal(app_case_transfer(&f->app, NULL, c.id, f->agent2, 0, NULL, &c,
							   &err), LD_OK);
		assert_int_equal(c.effort.transfers, transfers);
		assert_int_equal(c.effort.repeat_contacts, repeats);
		assert_int_equal(c.effort.channel_switches + c.effort.re_explanations, 0);
		in.case_id = c.id;
		assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &sc, &err), LD_OK);
		memset(&a, 0, sizeof a);
		a.score = 7 - 3 * transfers - repeats;
		assert_int_equal(app_survey_answer(&f->app, NULL, sc.token, &a, &sv, NULL, &err),
				 LD_OK);
		ld_survey_clear(&sv);
		ld_survey_clear(&sc.survey);
		if (i == 0 || i == 3) {
			/* too few answers (and, at first, nothing varies): the defaults stay */
			assert_int_equal(app_report_loyalty(&f->app, &f->admin, &all, &r, &err), LD_OK);
			assert_int_equal(r.ces_cases, i + 1);
			assert_false(r.calibrated);
			assert_true(r.weights.transfer == EFFORT_WEIGHTS_DEFAULT.transfer);
		}
	}
	/* a CES answer about no case is not used */
	{
		struct app_survey_new in = {.kind = LD_SURVEY_CES, .customer_id = f->customer};
		struct app_survey_created sc;
		struct app_survey_answer a;
		struct ld_survey sv;

		assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &sc, &err), LD_OK);
		memset(&a, 0, sizeof a);
		a.score = 1;
		assert_int_equal(app_survey_answer(&f->app, NULL, sc.token, &a, &sv, NULL, &err),
				 LD_OK);
		ld_survey_clear(&sv);
		ld_survey_clear(&sc.survey);
	}

	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &all, &r, &err), LD_OK);
	assert_int_equal(r.ces_cases, 64);
	assert_true(r.calibrated);
	assert_true(fabs(r.calibration.r2 - 1.0) < 1e-9);
	assert_true(fabs(r.scale - 0.7) < 1e-9);
	assert_true(fabs(r.weights.transfer - 2.1) < 1e-9);
	assert_true(fabs(r.weights.repeat_contact - 0.7) < 1e-9);
	/* signals that never varied keep their defaults, and so do the bands */
	assert_true(r.weights.channel_switch == EFFORT_WEIGHTS_DEFAULT.channel_switch);
	assert_true(r.weights.re_explanation == EFFORT_WEIGHTS_DEFAULT.re_explanation);
	assert_true(r.weights.high_at == EFFORT_WEIGHTS_DEFAULT.high_at);
}

/* ------------------------------------------------------------- the fit --- */

static void test_loyalty_fit_learns_high_effort(void **state)
{
	struct fx *f = *state;
	struct app_loyalty_model m;
	struct ld_err err;

	assert_ptr_equal(f, B.f);
	assert_int_equal(app_loyalty_fit(&f->app, 0, 0, &m, &err), LD_OK);
	if (m.fallback_reason != NULL)
		fail_msg("fell back: %s", m.fallback_reason);
	assert_false(m.logit.fallback);
	assert_true(m.logit.converged);
	assert_int_equal(m.customers, N_HIGH + N_MEDIUM + N_LOW + N_NONE);
	assert_int_equal(m.lapsed, 30 + 10 + 10 + 4);
	assert_int_equal(m.undecided, 1);
	/* 4 vectors × renewed/lapsed, and high[40]'s early renewal in January */
	assert_int_equal(m.cells, 9);
	/* only high effort, contacts and transfers vary */
	for (int j = 0; j < LOYALTY_FEATURES; j++) {
		bool varies = j == 0 || j == 1 || j == 3;
		if (m.logit.constant[j] == varies)
			fail_msg("feature %s: constant = %d", loyalty_feature_name(j),
				 m.logit.constant[j]);
	}
	assert_true(m.logit.has_se);
	/* high effort: odds ratio 9 without the ridge, which shrinks it (to ≈ 7.5) */
	assert_true(m.logit.odds_ratio[1] > 5.0);
	assert_true(m.logit.odds_ratio[1] < 8.9);
	assert_true(m.logit.or_low[1] > 1.0);
	assert_true(m.logit.or_high[1] > m.logit.odds_ratio[1]);
	assert_string_equal(loyalty_feature_name(0), "high_effort");
	assert_string_equal(loyalty_feature_name(3), "transfers");
	assert_null(loyalty_feature_name(LOYALTY_FEATURES));
	assert_null(loyalty_feature_name(-1));
}

static void test_loyalty_report_ratios(void **state)
{
	struct fx *f = *state;
	struct app_loyalty_report r;
	struct app_effort_report e;
	struct app_report_filter all = {.channel = -1, .origin = -1};
	struct ld_err err;
	double log_se;

	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &ALL, &r, &err), LD_OK);
	assert_null(r.model.fallback_reason);
	assert_int_equal(r.lapse_rate.n, 300);
	assert_int_equal(r.lapse_rate.hits, 54);
	/* high effort 30/60 over cases-but-not-high 20/200: 0.5 / 0.1 = 5 */
	assert_true(r.lapse_high_effort.has_data);
	assert_false(r.lapse_high_effort.corrected);
	assert_int_equal(r.lapse_high_effort.exposed.hits, 30);
	assert_int_equal(r.lapse_high_effort.exposed.n, 60);
	assert_int_equal(r.lapse_high_effort.reference.hits, 20);
	assert_int_equal(r.lapse_high_effort.reference.n, 200);
	assert_true(fabs(r.lapse_high_effort.ratio - 5.0) < 1e-12);
	/* Katz: √(1/30 − 1/60 + 1/20 − 1/200) */
	log_se = sqrt(1.0 / 30 - 1.0 / 60 + 1.0 / 20 - 1.0 / 200);
	assert_true(fabs(r.lapse_high_effort.log_se - log_se) < 1e-12);
	assert_true(fabs(r.lapse_high_effort.ci_low - 5.0 * exp(-1.96 * log_se)) < 1e-9);
	/* lapsed or detractor, with a contact 50/260 over without 4/40 */
	assert_int_equal(r.disloyalty.exposed.hits, 50);
	assert_int_equal(r.disloyalty.exposed.n, 260);
	assert_int_equal(r.disloyalty.reference.hits, 4);
	assert_int_equal(r.disloyalty.reference.n, 40);
	assert_true(fabs(r.disloyalty.ratio - (50.0 / 260.0) / 0.1) < 1e-12);
	assert_int_equal(r.ces_cases, 0);
	assert_false(r.calibrated);

	/* the effort report reads the same split from its own aggregate */
	assert_int_equal(app_report_effort(&f->app, &f->admin, &all, &e, &err), LD_OK);
	assert_int_equal(e.cases, 260);
	assert_int_equal(e.high_effort.hits, 60);
	assert_true(fabs(e.lapse_high_effort.ratio - 5.0) < 1e-12);
	assert_true(fabs(e.lapse_contact.ratio - r.disloyalty.ratio) < 1e-12);
}

/*
 * The report by period: the decided renewals fell due on 2025-12-06, but for
 * high[40], renewed early for 2026-01-07.
 */
static void test_loyalty_report_period(void **state)
{
	struct fx *f = *state;
	struct app_loyalty_report r;
	struct app_report_filter december = {.from = 1764547200 /* 2025-12-01 */,
					     .to = 1767225600 /* 2026-01-01 */, .channel = -1,
					     .origin = -1};
	struct app_report_filter january = {.from = 1767225600, .channel = -1, .origin = -1};
	struct app_report_filter mid = {.from = 1765000000 /* 2025-12-06T05:46Z */,
					.to = 1765000001, .channel = -1, .origin = -1};
	struct app_report_filter bad = ALL;
	struct ld_err err;

	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &december, &r, &err), LD_OK);
	assert_int_equal(r.from_month, 202512);
	assert_int_equal(r.to_month, 202512);
	assert_int_equal(r.model.customers, 299);
	assert_int_equal(r.model.lapsed, 54);
	assert_int_equal(r.lapse_high_effort.exposed.n, 59);
	assert_null(r.model.fallback_reason);
	/* months are whole: a second inside December is all of December */
	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &mid, &r, &err), LD_OK);
	assert_int_equal(r.model.customers, 299);
	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &january, &r, &err), LD_OK);
	assert_int_equal(r.from_month, 202601);
	assert_int_equal(r.to_month, 0);
	assert_int_equal(r.model.customers, 1);
	assert_int_equal(r.model.lapsed, 0);
	assert_int_equal(r.model.undecided, 1);
	assert_non_null(r.model.fallback_reason);
	assert_int_equal(r.lapse_high_effort.exposed.n, 1);
	assert_int_equal(r.lapse_high_effort.reference.n, 0);
	assert_false(r.lapse_high_effort.has_data);

	/* a customer-level model has no team, channel or origin */
	bad.team_id = f->team_a;
	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &bad, &r, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "not_applicable");
	assert_string_equal(err.field, "team");
	bad = ALL;
	bad.channel = LD_CH_EMAIL;
	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &bad, &r, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "channel");
	bad = ALL;
	bad.origin = LD_ORIGIN_MANUAL;
	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &bad, &r, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "origin");
	bad = december;
	bad.to = bad.from;
	assert_int_equal(app_report_loyalty(&f->app, &f->admin, &bad, &r, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_range");
}

static void test_loyalty_customer_risk(void **state)
{
	struct fx *f = *state;
	double h = risk_of(f, B.high[0]), m = risk_of(f, B.medium[0]), l = risk_of(f, B.low[0]);
	double n = risk_of(f, B.none[0]);

	/* customers sharing a vector share a risk */
	assert_true(h == risk_of(f, B.high[59]));
	assert_true(l == risk_of(f, B.low[99]));
	/* near the group lapse rates: 50% and 10% */
	if (!(h > m && h > l && h > n))
		fail_msg("high %g not above medium %g, low %g, none %g", h, m, l, n);
	assert_true(fabs(h - 0.5) < 0.05);
	assert_true(fabs(l - 0.1) < 0.03);
	assert_true(fabs(m - 0.1) < 0.03);
	assert_true(fabs(n - 0.1) < 0.03);
}

/* -------------------------------------------------------------- risk list --- */

static void test_loyalty_risk_list_pages_once_in_order(void **state)
{
	struct fx *f = *state;
	const int total = 1 + N_HIGH + N_MEDIUM + N_LOW + N_NONE;
	struct ld_customer page[7];
	double risks[7], last = 2.0, high = risk_of(f, B.high[0]);
	char cursor[LOYALTY_CURSOR_MAX + 1] = "", next[LOYALTY_CURSOR_MAX + 1];
	int64_t *seen = calloc((size_t)total, sizeof *seen);
	struct ld_err err;
	int got = 0, pages = 0, n = 0;

	assert_non_null(seen);
	do {
		assert_int_equal(app_customer_list_risk(&f->app, &f->agent, cursor, 7, page, risks, &n,
							next, &err), LD_OK);
		assert_true(n <= 7);
		if (next[0] != '\0')
			assert_int_equal(n, 7);
		for (int i = 0; i < n; i++) {
			if (risks[i] > last)
				fail_msg("risk rises at item %d: %g after %g", got, risks[i], last);
			last = risks[i];
			if (got < N_HIGH)
				assert_true(risks[i] == high);
			else
				assert_true(risks[i] < high);
			for (int k = 0; k < got; k++)
				if (seen[k] == page[i].id)
					fail_msg("customer %lld listed twice", (long long)page[i].id);
			assert_true(got < total);
			seen[got++] = page[i].id;
			ld_customer_clear(&page[i]);
		}
		memcpy(cursor, next, sizeof cursor);
		assert_true(++pages <= total / 7 + 2);
	} while (cursor[0] != '\0');
	assert_int_equal(got, total);
	free(seen);

	/* the same first page for a manager; cursors not made here are refused */
	assert_int_equal(app_customer_list_risk(&f->app, &f->admin, "", 3, page, risks, &n, next,
						&err), LD_OK);
	assert_int_equal(n, 3);
	assert_true(risks[0] == high);
	assert_true(next[0] != '\0');
	for (int i = 0; i < n; i++)
		ld_customer_clear(&page[i]);
	static const char *const garbage[] = {"garbage", "_12", "1.0.1_", "1.0.1_x", "a,b_3",
					      "1.0_-4"};
	for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
		memset(&err, 0, sizeof err);
		if (app_customer_list_risk(&f->app, &f->agent, garbage[i], 7, page, risks, &n, next,
					   &err) != LD_ERR_INVALID)
			fail_msg("cursor \"%s\" accepted", garbage[i]);
		assert_string_equal(err.code, "invalid_cursor");
		assert_int_equal(n, 0);
	}
	assert_int_equal(app_customer_list_risk(&f->app, &f->cust, "", 7, page, risks, &n, next,
						&err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_customer_list_risk(&f->app, &f->agent, "", APP_LIST_MAX + 1, page,
						risks, &n, next, &err), LD_ERR_INVALID);
}

/* ---------------------------------------------------------------- renewals --- */

static void test_loyalty_renewal_outreach(void **state)
{
	struct fx *f = *state;
	struct app_renewal out[APP_LIST_MAX];
	double h = risk_of(f, B.high[0]), m = risk_of(f, B.medium[0]), l = risk_of(f, B.low[0]);
	struct ld_err err;
	int64_t total = 0;
	int n = 0;

	/* the next 30 days, any risk: h0 (5 d), h1 (20 d), m0 (10 d), l0 (3 d) */
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 30, 0.0, 10, out, &n, &total,
					      &err), LD_OK);
	assert_int_equal(n, 4);
	assert_int_equal(total, 4);
	assert_int_equal(out[0].sub.id, B.sub_h0); /* equal risk: sooner first */
	assert_int_equal(out[1].sub.id, B.sub_h1);
	assert_true(out[0].risk == h);
	assert_true(out[1].risk == h);
	if (m >= l) {
		assert_int_equal(out[2].sub.id, B.sub_m0);
		assert_int_equal(out[3].sub.id, B.sub_l0);
	} else {
		assert_int_equal(out[2].sub.id, B.sub_l0);
		assert_int_equal(out[3].sub.id, B.sub_m0);
	}
	for (int i = 0; i < n; i++) {
		assert_int_equal(out[i].sub.status, LD_SUB_ACTIVE);
		assert_true(out[i].sub.renews_at >= fake_now);
		assert_true(out[i].sub.renews_at < fake_now + 30 * DAY);
	}

	/* only the risky ones */
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 30, 0.3, 10, out, &n, &total,
					      &err), LD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(out[0].sub.id, B.sub_h0);
	assert_int_equal(out[1].sub.id, B.sub_h1);
	/* the riskiest one; total still counts all */
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 30, 0.0, 1, out, &n, &total,
					      &err), LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 4);
	assert_int_equal(out[0].sub.id, B.sub_h0);
	/* a limit inside the list keeps the riskiest three, in order */
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 30, 0.0, 3, out, &n, &total,
					      &err), LD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, 4);
	assert_int_equal(out[0].sub.id, B.sub_h0);
	assert_int_equal(out[1].sub.id, B.sub_h1);
	assert_int_equal(out[2].sub.id, m >= l ? B.sub_m0 : B.sub_l0);
	/* a wider window reaches n0 (40 d); a shorter one only l0 and h0 */
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 50, 0.0, 10, out, &n, &total,
					      &err), LD_OK);
	assert_int_equal(total, 5);
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 6, 0.0, 10, out, &n, &total,
					      &err), LD_OK);
	assert_int_equal(total, 2);
	assert_int_equal(out[0].sub.id, B.sub_h0);
	assert_int_equal(out[1].sub.id, B.sub_l0);

	/* refusals */
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 0, 0.0, 10, out, &n, &total,
					      &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "days");
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 367, 0.0, 10, out, &n, &total,
					      &err), LD_ERR_INVALID);
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 30, 1.5, 10, out, &n, &total,
					      &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "min_risk");
	assert_int_equal(app_renewal_outreach(&f->app, &f->agent, 30, NAN, 10, out, &n, &total,
					      &err), LD_ERR_INVALID);
	assert_int_equal(app_renewal_outreach(&f->app, &f->cust, 30, 0.0, 10, out, &n, &total,
					      &err), LD_ERR_FORBIDDEN);
}

static void test_loyalty_renewal_calendar(void **state)
{
	struct fx *f = *state;
	struct app_calendar_day days[APP_CALENDAR_DAYS_MAX + 1];
	double h = risk_of(f, B.high[0]), l = risk_of(f, B.low[0]);
	struct ld_err err;
	int64_t sum = 0;
	int n = 0;

	assert_int_equal(app_renewal_calendar(&f->app, &f->agent, TODAY_MIDNIGHT,
					      TODAY_MIDNIGHT + 30 * DAY, 0.3, days, &n, &err), LD_OK);
	assert_int_equal(n, 30);
	for (int i = 0; i < n; i++) {
		assert_int_equal(days[i].day, TODAY_MIDNIGHT + (int64_t)i * DAY);
		sum += days[i].due;
	}
	assert_int_equal(sum, 4);
	assert_int_equal(days[3].due, 1); /* l0 */
	assert_int_equal(days[3].at_risk, 0);
	assert_true(fabs(days[3].expected_lapses - l) < 1e-12);
	assert_int_equal(days[5].due, 1); /* h0 */
	assert_int_equal(days[5].at_risk, 1);
	assert_true(fabs(days[5].expected_lapses - h) < 1e-12);
	assert_int_equal(days[10].due, 1); /* m0 */
	assert_int_equal(days[20].due, 1); /* h1 */
	assert_int_equal(days[20].at_risk, 1);
	assert_int_equal(days[0].due, 0);
	assert_int_equal(days[1].due, 0);
	assert_int_equal(days[2].due, 0); /* the renewed one is not due */

	/* a year and a day is the most */
	assert_int_equal(app_renewal_calendar(&f->app, &f->agent, TODAY_MIDNIGHT,
					      TODAY_MIDNIGHT + 366 * DAY, 0.3, days, &n, &err), LD_OK);
	assert_int_equal(n, 366);
	assert_int_equal(days[40].due, 1); /* n0 */
	assert_int_equal(app_renewal_calendar(&f->app, &f->agent, TODAY_MIDNIGHT,
					      TODAY_MIDNIGHT + 367 * DAY, 0.3, days, &n, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_range");
	assert_int_equal(app_renewal_calendar(&f->app, &f->agent, TODAY_MIDNIGHT + DAY,
					      TODAY_MIDNIGHT, 0.3, days, &n, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_range");
	assert_int_equal(app_renewal_calendar(&f->app, &f->agent, TODAY_MIDNIGHT, TODAY_MIDNIGHT,
					      0.3, days, &n, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_range");
	assert_int_equal(app_renewal_calendar(&f->app, &f->agent, TODAY_MIDNIGHT,
					      TODAY_MIDNIGHT + DAY, -0.1, days, &n, &err),
			 LD_ERR_INVALID);
	assert_int_equal(app_renewal_calendar(&f->app, &f->cust, TODAY_MIDNIGHT,
					      TODAY_MIDNIGHT + DAY, 0.3, days, &n, &err),
			 LD_ERR_FORBIDDEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_loyalty_fallback_without_renewals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_loyalty_fallback_few_lapses_uses_own_base_rate,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_loyalty_feature_vector_follows_writes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_loyalty_calibration_from_ces, setup, teardown),
		cmocka_unit_test(test_loyalty_fit_learns_high_effort),
		cmocka_unit_test(test_loyalty_report_ratios),
		cmocka_unit_test(test_loyalty_report_period),
		cmocka_unit_test(test_loyalty_customer_risk),
		cmocka_unit_test(test_loyalty_risk_list_pages_once_in_order),
		cmocka_unit_test(test_loyalty_renewal_outreach),
		cmocka_unit_test(test_loyalty_renewal_calendar),
	};
	return cmocka_run_group_tests(tests, base_setup, base_teardown);
}
