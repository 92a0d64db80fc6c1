/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store contract suite, feedback and renewals: subscriptions, survey
 * invitations and answers, transactional survey rules, the outbox and
 * follow-up tasks (tests/store/store_fixture.h says which store it runs
 * against).
 *
 * Owns: the meaning of those store.h operations — every field round-trips,
 * ids and times the store fills in, list filters and cursors, the CONFLICT
 * codes the contract names (survey_exists, survey_answered, message_sent,
 * followup_exists, survey_rule_exists), NOT_FOUND for unknown rows and for
 * missing parents. What the answers add to the figures is
 * test_store_reports.c.
 */
#include "store_fixture.h"

/* ====================================================================
 * Subscriptions
 * ==================================================================== */

static void assert_subscription_equal(const struct ld_subscription *a,
				      const struct ld_subscription *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->customer_id, b->customer_id);
	assert_string_equal(a->product, b->product);
	assert_int_equal(a->period, b->period);
	assert_int_equal(a->renews_at, b->renews_at);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->created_at, b->created_at);
	assert_int_equal(a->updated_at, b->updated_at);
}

static void test_store_subscription_roundtrip(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Zdeňka Malá", "", "");
	int64_t other = new_customer(s, "Jiný", "", "");
	struct ld_subscription sub = subscription_of(cust, 1735689600, LD_SUB_ACTIVE);
	struct ld_subscription got;

	snprintf(sub.product, sizeof sub.product, "Tarif Plus — rodina");
	sub.period = LD_PERIOD_QUARTERLY;
	sub.created_at = 1704067200;
	sub.updated_at = 0; /* = created_at */
	assert_ok(STORE_CALL(s, subscription_insert, &sub, &err));
	assert_true(sub.id > 0);
	assert_int_equal(sub.updated_at, 1704067200);
	memset(&got, 0x5a, sizeof got);
	assert_ok(STORE_CALL(s, subscription_get, sub.id, &got, &err));
	assert_subscription_equal(&got, &sub);

	/* Every field is written, the customer too. */
	sub.customer_id = other;
	snprintf(sub.product, sizeof sub.product, "Tarif Max");
	sub.period = LD_PERIOD_MONTHLY;
	sub.renews_at = 1738368000;
	sub.status = LD_SUB_RENEWED;
	sub.updated_at = 1735700000;
	assert_ok(STORE_CALL(s, subscription_update, &sub, &err));
	assert_ok(STORE_CALL(s, subscription_get, sub.id, &got, &err));
	assert_subscription_equal(&got, &sub);
	/* updated_at 0 on update is "now". */
	sub.updated_at = 0;
	sub.status = LD_SUB_LAPSED;
	assert_ok(STORE_CALL(s, subscription_update, &sub, &err));
	assert_ok(STORE_CALL(s, subscription_get, sub.id, &got, &err));
	assert_int_equal(got.status, LD_SUB_LAPSED);
	assert_true(got.updated_at > 1735700000);
	assert_int_equal(got.created_at, 1704067200);

	/* created_at 0 on insert is "now" as well. */
	struct ld_subscription fresh = subscription_of(cust, 1767225600, LD_SUB_ACTIVE);
	fresh.created_at = 0;
	assert_ok(STORE_CALL(s, subscription_insert, &fresh, &err));
	assert_true(fresh.created_at > 1700000000);
	assert_int_equal(fresh.updated_at, fresh.created_at);

	assert_fails(STORE_CALL(s, subscription_get, 999, &got, &err), LD_ERR_NOT_FOUND,
		     "subscription_not_found");
	got = sub;
	got.id = 999;
	assert_fails(STORE_CALL(s, subscription_update, &got, &err), LD_ERR_NOT_FOUND,
		     "subscription_not_found");
	got = subscription_of(4040, 1735689600, LD_SUB_ACTIVE);
	assert_fails(STORE_CALL(s, subscription_insert, &got, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
	assert_string_equal(err.field, "customer_id");
	got = sub;
	got.customer_id = 4040;
	assert_fails(STORE_CALL(s, subscription_update, &got, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
	got = subscription_of(cust, 1735689600, LD_SUB_STATUS_COUNT);
	assert_fails(STORE_CALL(s, subscription_insert, &got, &err), LD_ERR_INVALID,
		     "invalid_status");
	got = subscription_of(cust, 1735689600, LD_SUB_ACTIVE);
	got.period = -1;
	assert_fails(STORE_CALL(s, subscription_insert, &got, &err), LD_ERR_INVALID,
		     "invalid_period");
	got = subscription_of(cust, 1735689600, LD_SUB_ACTIVE);
	got.product[0] = '\0';
	assert_fails(STORE_CALL(s, subscription_insert, &got, &err), LD_ERR_INVALID,
		     "invalid_subscription");
}

/* Ids a subscription query lists, paging `page` at a time; returns how many. */
static int list_subscriptions(struct store *s, struct store_subscription_query q, int page,
			      int64_t ids[16])
{
	struct ld_subscription out[16];
	int seen = 0, n = 0;

	q.limit = page;
	do {
		assert_ok(STORE_CALL(s, subscription_list, &q, out, &n, &err));
		assert_true(n <= page);
		for (int i = 0; i < n; i++) {
			assert_true(seen < 16);
			if (seen > 0)
				assert_true(out[i].id > ids[seen - 1]);
			ids[seen++] = out[i].id;
			q.after_id = out[i].id;
		}
	} while (n == page);
	return seen;
}

static void test_store_subscription_list_filters(void **state)
{
	struct store *s = *state;
	int64_t a = new_customer(s, "A", "", "");
	int64_t b = new_customer(s, "B", "", "");
	const struct {
		int64_t customer;
		int64_t renews_at;
		int status;
	} rows[] = {
		{ a, 1000000, LD_SUB_ACTIVE },  { a, 2000000, LD_SUB_RENEWED },
		{ b, 3000000, LD_SUB_ACTIVE },  { a, 4000000, LD_SUB_LAPSED },
		{ b, 2000000, LD_SUB_ACTIVE },  { b, 5000000, LD_SUB_RENEWED },
	};
	int64_t id[6], got[16];
	struct ld_subscription out[1];
	int n = -1;

	for (int i = 0; i < 6; i++) {
		struct ld_subscription sub =
			subscription_of(rows[i].customer, rows[i].renews_at, rows[i].status);
		assert_ok(STORE_CALL(s, subscription_insert, &sub, &err));
		id[i] = sub.id;
	}
	struct store_subscription_query q = { .status = -1 };
	assert_int_equal(list_subscriptions(s, q, 4, got), 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(got[i], id[i]);
	assert_int_equal(list_subscriptions(s, q, 1, got), 6);

	q.customer_id = a;
	assert_int_equal(list_subscriptions(s, q, 2, got), 3);
	assert_int_equal(got[0], id[0]);
	assert_int_equal(got[1], id[1]);
	assert_int_equal(got[2], id[3]);

	q = (struct store_subscription_query){ .status = LD_SUB_ACTIVE };
	assert_int_equal(list_subscriptions(s, q, 2, got), 3);
	assert_int_equal(got[0], id[0]);
	assert_int_equal(got[1], id[2]);
	assert_int_equal(got[2], id[4]);

	/* renews_from inclusive, renews_to exclusive. */
	q = (struct store_subscription_query){ .status = -1, .renews_from = 2000000,
					       .renews_to = 4000000 };
	assert_int_equal(list_subscriptions(s, q, 8, got), 3);
	assert_int_equal(got[0], id[1]);
	assert_int_equal(got[1], id[2]);
	assert_int_equal(got[2], id[4]);
	q.renews_to = 0;
	assert_int_equal(list_subscriptions(s, q, 8, got), 5);
	q = (struct store_subscription_query){ .status = -1, .renews_to = 2000000 };
	assert_int_equal(list_subscriptions(s, q, 8, got), 1);
	assert_int_equal(got[0], id[0]);

	q = (struct store_subscription_query){ .customer_id = b, .status = LD_SUB_ACTIVE,
					       .renews_from = 2500000 };
	assert_int_equal(list_subscriptions(s, q, 8, got), 1);
	assert_int_equal(got[0], id[2]);
	q.customer_id = b + 10;
	assert_int_equal(list_subscriptions(s, q, 8, got), 0);

	q = (struct store_subscription_query){ .status = -1, .limit = 0 };
	assert_fails(STORE_CALL(s, subscription_list, &q, out, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
	q = (struct store_subscription_query){ .status = LD_SUB_STATUS_COUNT, .limit = 1 };
	assert_fails(STORE_CALL(s, subscription_list, &q, out, &n, &err), LD_ERR_INVALID,
		     "invalid_status");
}

/* ====================================================================
 * Surveys
 * ==================================================================== */

static void assert_survey_equal(const struct ld_survey *a, const struct ld_survey *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->origin, b->origin);
	assert_int_equal(a->customer_id, b->customer_id);
	assert_int_equal(a->case_id, b->case_id);
	assert_int_equal(a->team_id, b->team_id);
	assert_int_equal(a->channel, b->channel);
	assert_string_equal(a->campaign, b->campaign);
	assert_string_equal(a->language, b->language);
	assert_int_equal(a->created_by, b->created_by);
	assert_int_equal(a->sent_at, b->sent_at);
	assert_int_equal(a->expires_at, b->expires_at);
	assert_int_equal(a->answered_at, b->answered_at);
	assert_int_equal(a->score, b->score);
	if (b->comment == NULL)
		assert_null(a->comment);
	else
		assert_string_equal(a->comment, b->comment);
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		assert_int_equal(a->expected[d], b->expected[d]);
		assert_int_equal(a->perceived[d], b->perceived[d]);
	}
}

static void test_store_survey_roundtrip(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Łukasz Wróbel", "lukasz@example.pl", "");
	int64_t agent = new_agent(s, "Asker", "asker@desk.example");
	int64_t team = new_team(s, "Reklamace");
	int64_t kase = new_case(s, cust);
	uint8_t digest[STORE_TOKEN_DIGEST_LEN], other[STORE_TOKEN_DIGEST_LEN];
	struct ld_survey sv = survey_of(cust, LD_SURVEY_NPS, 1700000000);
	struct ld_survey got;

	digest_of(1, digest);
	digest_of(2, other);
	sv.origin = LD_ORIGIN_TRANSACTIONAL;
	sv.case_id = kase;
	sv.team_id = team;
	sv.channel = LD_CH_WEB;
	snprintf(sv.language, sizeof sv.language, "pl");
	sv.created_by = agent;
	assert_ok(STORE_CALL(s, survey_insert, &sv, digest, &err));
	assert_true(sv.id > 0);
	memset(&got, 0x5a, sizeof got);
	assert_ok(STORE_CALL(s, survey_get, sv.id, &got, &err));
	assert_survey_equal(&got, &sv);
	assert_int_equal(got.answered_at, 0);
	assert_int_equal(got.score, -1);
	ld_survey_clear(&got);
	assert_ok(STORE_CALL(s, survey_get_by_digest, digest, &got, &err));
	assert_survey_equal(&got, &sv);
	ld_survey_clear(&got);
	assert_fails(STORE_CALL(s, survey_get_by_digest, other, &got, &err), LD_ERR_NOT_FOUND,
		     "survey_not_found");
	assert_fails(STORE_CALL(s, survey_get, sv.id + 100, &got, &err), LD_ERR_NOT_FOUND,
		     "survey_not_found");

	/* A token is one survey's. */
	struct ld_survey dup = survey_of(cust, LD_SURVEY_CSAT, 1700000000);
	assert_fails(STORE_CALL(s, survey_insert, &dup, digest, &err), LD_ERR_CONFLICT,
		     "survey_exists");

	/* A relationship survey: no case, a campaign, sent "now". */
	struct ld_survey rel = survey_of(cust, LD_SURVEY_SERVQUAL, 0);
	rel.origin = LD_ORIGIN_RELATIONSHIP;
	snprintf(rel.campaign, sizeof rel.campaign, "Jaro 2024 — věrní");
	rel.expires_at = 4000000000;
	assert_ok(STORE_CALL(s, survey_insert, &rel, other, &err));
	assert_true(rel.sent_at > 1700000000);
	assert_ok(STORE_CALL(s, survey_get, rel.id, &got, &err));
	assert_survey_equal(&got, &rel);
	ld_survey_clear(&got);

	/* The answer is written once, with every part of it. */
	sv.answered_at = 1700003600;
	sv.score = 9;
	sv.comment = "Rychlé a vstřícné — díky!";
	assert_ok(STORE_CALL(s, survey_answer, &sv, &err));
	assert_ok(STORE_CALL(s, survey_get, sv.id, &got, &err));
	assert_survey_equal(&got, &sv);
	ld_survey_clear(&got);
	struct ld_survey again = sv;
	again.score = 0;
	again.answered_at = 1700007200;
	assert_fails(STORE_CALL(s, survey_answer, &again, &err), LD_ERR_CONFLICT,
		     "survey_answered");
	assert_ok(STORE_CALL(s, survey_get, sv.id, &got, &err));
	assert_int_equal(got.score, 9);
	assert_int_equal(got.answered_at, 1700003600);
	ld_survey_clear(&got);

	/* SERVQUAL: ratings per dimension, no score, a dimension left out. */
	rel.answered_at = 1700010000;
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		rel.expected[d] = d == 2 ? 0 : 7 - d;
		rel.perceived[d] = d == 2 ? 0 : 1 + d;
	}
	assert_ok(STORE_CALL(s, survey_answer, &rel, &err));
	assert_ok(STORE_CALL(s, survey_get, rel.id, &got, &err));
	assert_survey_equal(&got, &rel);
	assert_int_equal(got.score, -1);
	assert_null(got.comment);
	ld_survey_clear(&got);

	struct ld_survey ghost = sv;
	ghost.id = 999;
	assert_fails(STORE_CALL(s, survey_answer, &ghost, &err), LD_ERR_NOT_FOUND,
		     "survey_not_found");
	ghost = survey_of(cust, LD_SURVEY_CES, 1700000000);
	uint8_t third[STORE_TOKEN_DIGEST_LEN];
	digest_of(3, third);
	assert_ok(STORE_CALL(s, survey_insert, &ghost, third, &err));
	ghost.answered_at = 0;
	ghost.score = 3;
	assert_fails(STORE_CALL(s, survey_answer, &ghost, &err), LD_ERR_INVALID,
		     "invalid_survey");
}

static void test_store_survey_invalid_input(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "A", "", "");
	uint8_t digest[STORE_TOKEN_DIGEST_LEN];
	struct ld_survey sv;

	digest_of(9, digest);
	sv = survey_of(4040, LD_SURVEY_NPS, 1700000000);
	assert_fails(STORE_CALL(s, survey_insert, &sv, digest, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
	assert_string_equal(err.field, "customer_id");
	sv = survey_of(cust, LD_SURVEY_NPS, 1700000000);
	sv.case_id = 77;
	assert_fails(STORE_CALL(s, survey_insert, &sv, digest, &err), LD_ERR_NOT_FOUND,
		     "case_not_found");
	assert_string_equal(err.field, "case_id");
	sv = survey_of(cust, LD_SURVEY_NPS, 1700000000);
	sv.team_id = 78;
	assert_fails(STORE_CALL(s, survey_insert, &sv, digest, &err), LD_ERR_NOT_FOUND,
		     "team_not_found");
	sv = survey_of(cust, LD_SURVEY_NPS, 1700000000);
	sv.created_by = 79;
	assert_fails(STORE_CALL(s, survey_insert, &sv, digest, &err), LD_ERR_NOT_FOUND,
		     "agent_not_found");
	assert_string_equal(err.field, "created_by");
	sv = survey_of(cust, LD_SURVEY_KIND_COUNT, 1700000000);
	assert_fails(STORE_CALL(s, survey_insert, &sv, digest, &err), LD_ERR_INVALID,
		     "invalid_kind");
	sv = survey_of(cust, LD_SURVEY_NPS, 1700000000);
	sv.channel = LD_CH_COUNT;
	assert_fails(STORE_CALL(s, survey_insert, &sv, digest, &err), LD_ERR_INVALID,
		     "invalid_channel");
	sv = survey_of(cust, LD_SURVEY_NPS, 1700000000);
	sv.expires_at = sv.sent_at;
	assert_fails(STORE_CALL(s, survey_insert, &sv, digest, &err), LD_ERR_INVALID,
		     "invalid_survey");
	/* Nothing was stored by the failures: the digest is still free. */
	sv = survey_of(cust, LD_SURVEY_NPS, 1700000000);
	assert_ok(STORE_CALL(s, survey_insert, &sv, digest, &err));
}

/* Ids a survey query lists, paging two at a time. */
static int list_surveys(struct store *s, struct store_survey_query q, int64_t ids[16])
{
	struct ld_survey out[2];
	int seen = 0, n = 0;

	q.limit = 2;
	do {
		assert_ok(STORE_CALL(s, survey_list, &q, out, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_true(seen < 16);
			ids[seen++] = out[i].id;
			q.after_id = out[i].id;
			ld_survey_clear(&out[i]);
		}
	} while (n == 2);
	return seen;
}

static void test_store_survey_list_and_last_sent(void **state)
{
	struct store *s = *state;
	int64_t a = new_customer(s, "A", "", "");
	int64_t b = new_customer(s, "B", "", "");
	int64_t ka = new_case(s, a);
	const struct {
		int64_t customer;
		int64_t case_id;
		int kind;
		int64_t sent_at;
		bool answered;
	} rows[] = {
		{ a, ka, LD_SURVEY_CSAT, 1700000000, true },
		{ a, 0, LD_SURVEY_NPS, 1700500000, false },
		{ b, 0, LD_SURVEY_NPS, 1700100000, true },
		{ a, ka, LD_SURVEY_NPS, 1700200000, true },
		{ b, 0, LD_SURVEY_CES, 1700900000, false },
	};
	int64_t id[5], got[16];
	int64_t at = -1;

	assert_ok(STORE_CALL(s, survey_last_sent, a, &at, &err));
	assert_int_equal(at, 0);
	for (int i = 0; i < 5; i++) {
		uint8_t digest[STORE_TOKEN_DIGEST_LEN];
		struct ld_survey sv = survey_of(rows[i].customer, rows[i].kind, rows[i].sent_at);
		digest_of((uint8_t)(40 + i), digest);
		sv.case_id = rows[i].case_id;
		assert_ok(STORE_CALL(s, survey_insert, &sv, digest, &err));
		id[i] = sv.id;
		if (rows[i].answered) {
			sv.answered_at = sv.sent_at + 60;
			sv.score = 4;
			assert_ok(STORE_CALL(s, survey_answer, &sv, &err));
		}
	}
	struct store_survey_query q = { .kind = -1, .answered = -1 };
	assert_int_equal(list_surveys(s, q, got), 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(got[i], id[i]);
	q.customer_id = a;
	assert_int_equal(list_surveys(s, q, got), 3);
	assert_int_equal(got[2], id[3]);
	q = (struct store_survey_query){ .case_id = ka, .kind = -1, .answered = -1 };
	assert_int_equal(list_surveys(s, q, got), 2);
	assert_int_equal(got[0], id[0]);
	assert_int_equal(got[1], id[3]);
	q = (struct store_survey_query){ .kind = LD_SURVEY_NPS, .answered = -1 };
	assert_int_equal(list_surveys(s, q, got), 3);
	q.answered = 1;
	assert_int_equal(list_surveys(s, q, got), 2);
	assert_int_equal(got[0], id[2]);
	assert_int_equal(got[1], id[3]);
	q = (struct store_survey_query){ .kind = -1, .answered = 0 };
	assert_int_equal(list_surveys(s, q, got), 2);
	assert_int_equal(got[0], id[1]);
	assert_int_equal(got[1], id[4]);
	q = (struct store_survey_query){ .customer_id = b, .kind = LD_SURVEY_CES, .answered = 1 };
	assert_int_equal(list_surveys(s, q, got), 0);

	struct ld_survey one[1];
	int n = -1;
	q = (struct store_survey_query){ .kind = -1, .answered = -1, .limit = 0 };
	assert_fails(STORE_CALL(s, survey_list, &q, one, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");

	/* The latest invitation, answered or not; per customer. */
	assert_ok(STORE_CALL(s, survey_last_sent, a, &at, &err));
	assert_int_equal(at, 1700500000);
	assert_ok(STORE_CALL(s, survey_last_sent, b, &at, &err));
	assert_int_equal(at, 1700900000);
	assert_ok(STORE_CALL(s, survey_last_sent, b + 50, &at, &err));
	assert_int_equal(at, 0);
}

/* ====================================================================
 * Survey rules
 * ==================================================================== */

static struct ld_survey_rule rule_of(int kind, int category, int channel)
{
	struct ld_survey_rule r = { 0 };

	r.kind = kind;
	r.category = category;
	r.channel = channel;
	r.created_at = 1700000000;
	return r;
}

static void test_store_survey_rules(void **state)
{
	struct store *s = *state;
	struct ld_survey_rule out[8];
	int n = -1;

	struct ld_survey_rule exact = rule_of(LD_SURVEY_CES, LD_CAT_COMPLAINT, LD_CH_EMAIL);
	struct ld_survey_rule by_cat = rule_of(LD_SURVEY_NPS, LD_CAT_COMPLAINT, -1);
	struct ld_survey_rule by_ch = rule_of(LD_SURVEY_CSAT, -1, LD_CH_PHONE);
	struct ld_survey_rule any = rule_of(LD_SURVEY_CSAT, -1, -1);
	any.created_at = 0; /* = now */
	assert_ok(STORE_CALL(s, survey_rule_insert, &exact, &err));
	assert_ok(STORE_CALL(s, survey_rule_insert, &by_cat, &err));
	assert_ok(STORE_CALL(s, survey_rule_insert, &by_ch, &err));
	assert_ok(STORE_CALL(s, survey_rule_insert, &any, &err));
	assert_true(exact.id > 0 && any.id > by_ch.id);
	assert_true(any.created_at > 1700000000);

	memset(out, 0x5a, sizeof out);
	assert_ok(STORE_CALL(s, survey_rule_list, out, 8, &n, &err));
	assert_int_equal(n, 4);
	assert_int_equal(out[0].id, exact.id);
	assert_int_equal(out[0].kind, LD_SURVEY_CES);
	assert_int_equal(out[0].category, LD_CAT_COMPLAINT);
	assert_int_equal(out[0].channel, LD_CH_EMAIL);
	assert_int_equal(out[0].created_at, 1700000000);
	assert_int_equal(out[1].category, LD_CAT_COMPLAINT);
	assert_int_equal(out[1].channel, -1);
	assert_int_equal(out[2].category, -1);
	assert_int_equal(out[2].channel, LD_CH_PHONE);
	assert_int_equal(out[3].id, any.id);
	assert_int_equal(out[3].category, -1);
	assert_int_equal(out[3].channel, -1);
	assert_int_equal(out[3].created_at, any.created_at);
	assert_ok(STORE_CALL(s, survey_rule_list, out, 2, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(out[1].id, by_cat.id);
	assert_fails(STORE_CALL(s, survey_rule_list, out, 0, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");

	/* (category, channel) is unique — "any" included — whatever the kind. */
	struct ld_survey_rule dup = rule_of(LD_SURVEY_NPS, LD_CAT_COMPLAINT, LD_CH_EMAIL);
	assert_fails(STORE_CALL(s, survey_rule_insert, &dup, &err), LD_ERR_CONFLICT,
		     "survey_rule_exists");
	dup = rule_of(LD_SURVEY_CES, LD_CAT_COMPLAINT, -1);
	assert_fails(STORE_CALL(s, survey_rule_insert, &dup, &err), LD_ERR_CONFLICT,
		     "survey_rule_exists");
	dup = rule_of(LD_SURVEY_NPS, -1, LD_CH_PHONE);
	assert_fails(STORE_CALL(s, survey_rule_insert, &dup, &err), LD_ERR_CONFLICT,
		     "survey_rule_exists");
	dup = rule_of(LD_SURVEY_NPS, -1, -1);
	assert_fails(STORE_CALL(s, survey_rule_insert, &dup, &err), LD_ERR_CONFLICT,
		     "survey_rule_exists");
	assert_ok(STORE_CALL(s, survey_rule_list, out, 8, &n, &err));
	assert_int_equal(n, 4);
	/* Another pair on either side is not a clash. */
	struct ld_survey_rule near = rule_of(LD_SURVEY_NPS, LD_CAT_COMPLAINT, LD_CH_PHONE);
	assert_ok(STORE_CALL(s, survey_rule_insert, &near, &err));
	near = rule_of(LD_SURVEY_NPS, LD_CAT_QUESTION, -1);
	assert_ok(STORE_CALL(s, survey_rule_insert, &near, &err));

	/* Deleted, the pair is free again. */
	assert_ok(STORE_CALL(s, survey_rule_delete, any.id, &err));
	assert_fails(STORE_CALL(s, survey_rule_delete, any.id, &err), LD_ERR_NOT_FOUND,
		     "survey_rule_not_found");
	dup = rule_of(LD_SURVEY_NPS, -1, -1);
	assert_ok(STORE_CALL(s, survey_rule_insert, &dup, &err));
	assert_ok(STORE_CALL(s, survey_rule_list, out, 8, &n, &err));
	assert_int_equal(n, 6);
	assert_int_equal(out[5].id, dup.id);
	assert_int_equal(out[5].kind, LD_SURVEY_NPS);

	struct ld_survey_rule bad = rule_of(LD_SURVEY_KIND_COUNT, -1, LD_CH_CHAT);
	assert_fails(STORE_CALL(s, survey_rule_insert, &bad, &err), LD_ERR_INVALID,
		     "invalid_kind");
	bad = rule_of(LD_SURVEY_NPS, LD_CAT_COUNT, LD_CH_CHAT);
	assert_fails(STORE_CALL(s, survey_rule_insert, &bad, &err), LD_ERR_INVALID,
		     "invalid_category");
	bad = rule_of(LD_SURVEY_NPS, LD_CAT_QUESTION, LD_CH_COUNT);
	assert_fails(STORE_CALL(s, survey_rule_insert, &bad, &err), LD_ERR_INVALID,
		     "invalid_channel");
}

/* ====================================================================
 * Outbox
 * ==================================================================== */

static struct ld_message message_of(int64_t customer_id, int64_t survey_id)
{
	struct ld_message m = { 0 };

	m.customer_id = customer_id;
	m.survey_id = survey_id;
	m.channel = LD_CH_EMAIL;
	snprintf(m.recipient, sizeof m.recipient, "zakaznik@example.cz");
	snprintf(m.language, sizeof m.language, "cs");
	snprintf(m.subject, sizeof m.subject, "Jak jsme si vedli?");
	m.body = "Dobrý den, ohodnoťte nás: https://desk.example/s/TOKEN";
	m.created_at = 1700000000;
	return m;
}

/* A survey of `customer_id` sent at `sent_at` that expires at `expires_at`. */
static struct ld_survey sent_survey(struct store *s, int64_t customer_id, uint8_t seed,
				    int64_t sent_at, int64_t expires_at)
{
	uint8_t digest[STORE_TOKEN_DIGEST_LEN];
	struct ld_survey sv = survey_of(customer_id, LD_SURVEY_CSAT, sent_at);

	digest_of(seed, digest);
	sv.expires_at = expires_at;
	assert_ok(STORE_CALL(s, survey_insert, &sv, digest, &err));
	return sv;
}

static void assert_message_equal(const struct ld_message *a, const struct ld_message *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->survey_id, b->survey_id);
	assert_int_equal(a->customer_id, b->customer_id);
	assert_int_equal(a->channel, b->channel);
	assert_string_equal(a->recipient, b->recipient);
	assert_string_equal(a->language, b->language);
	assert_string_equal(a->subject, b->subject);
	assert_string_equal(a->body, b->body);
	assert_int_equal(a->created_at, b->created_at);
	assert_int_equal(a->sent_at, b->sent_at);
}

static void test_store_message_roundtrip(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Olga", "olga@example.cz", "");
	struct ld_survey sv = sent_survey(s, cust, 1, 1700000000, 1700604800);
	struct ld_message m = message_of(cust, sv.id);
	struct ld_message got;

	assert_ok(STORE_CALL(s, message_insert, &m, &err));
	assert_true(m.id > 0);
	memset(&got, 0, sizeof got);
	assert_ok(STORE_CALL(s, message_get, m.id, &got, &err));
	assert_message_equal(&got, &m);
	ld_message_clear(&got);

	/* No survey, created "now". */
	struct ld_message plain = message_of(cust, 0);
	plain.created_at = 0;
	plain.body = "Vaše reklamace byla vyřízena.";
	assert_ok(STORE_CALL(s, message_insert, &plain, &err));
	assert_true(plain.created_at > 1700000000);
	assert_ok(STORE_CALL(s, message_get, plain.id, &got, &err));
	assert_message_equal(&got, &plain);
	ld_message_clear(&got);

	/* Sent once; NULL keeps the text, a new text replaces it. */
	assert_ok(STORE_CALL(s, message_mark_sent, m.id, 1700000500, NULL, &err));
	m.sent_at = 1700000500;
	assert_ok(STORE_CALL(s, message_get, m.id, &got, &err));
	assert_message_equal(&got, &m);
	ld_message_clear(&got);
	assert_fails(STORE_CALL(s, message_mark_sent, m.id, 1700000600, "again", &err),
		     LD_ERR_CONFLICT, "message_sent");
	assert_ok(STORE_CALL(s, message_get, m.id, &got, &err));
	assert_int_equal(got.sent_at, 1700000500);
	assert_string_equal(got.body, m.body);
	ld_message_clear(&got);
	assert_ok(STORE_CALL(s, message_mark_sent, plain.id, 0, "Doručeno (odkaz odstraněn).",
			     &err));
	assert_ok(STORE_CALL(s, message_get, plain.id, &got, &err));
	assert_string_equal(got.body, "Doručeno (odkaz odstraněn).");
	assert_true(got.sent_at >= plain.created_at); /* 0 = now */
	ld_message_clear(&got);

	assert_fails(STORE_CALL(s, message_get, 999, &got, &err), LD_ERR_NOT_FOUND,
		     "message_not_found");
	assert_fails(STORE_CALL(s, message_mark_sent, 999, 0, NULL, &err), LD_ERR_NOT_FOUND,
		     "message_not_found");
	struct ld_message bad = message_of(cust, 999);
	assert_fails(STORE_CALL(s, message_insert, &bad, &err), LD_ERR_NOT_FOUND,
		     "survey_not_found");
	assert_string_equal(err.field, "survey_id");
	bad = message_of(4040, 0);
	assert_fails(STORE_CALL(s, message_insert, &bad, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
	bad = message_of(cust, 0);
	bad.channel = LD_CH_COUNT;
	assert_fails(STORE_CALL(s, message_insert, &bad, &err), LD_ERR_INVALID,
		     "invalid_channel");
	bad = message_of(cust, 0);
	bad.recipient[0] = '\0';
	assert_fails(STORE_CALL(s, message_insert, &bad, &err), LD_ERR_INVALID,
		     "invalid_message");
}

/* Ids message_list gives, one page of `limit` at a time. */
static int list_messages(struct store *s, bool waiting, int64_t now, int64_t customer_id,
			 int limit, int64_t ids[16])
{
	struct ld_message out[16];
	int64_t after = 0;
	int seen = 0, n = 0;

	do {
		assert_ok(STORE_CALL(s, message_list, waiting, now, customer_id, after, limit, out,
				     &n, &err));
		for (int i = 0; i < n; i++) {
			assert_true(seen < 16);
			if (waiting)
				assert_int_equal(out[i].sent_at, 0);
			ids[seen++] = out[i].id;
			after = out[i].id;
			ld_message_clear(&out[i]);
		}
	} while (n == limit);
	return seen;
}

static void test_store_message_list_waiting(void **state)
{
	struct store *s = *state;
	const int64_t now = 1700100000;
	int64_t a = new_customer(s, "A", "", "");
	int64_t b = new_customer(s, "B", "", "");
	struct ld_survey open_sv = sent_survey(s, a, 1, 1700000000, now + 1);
	struct ld_survey answered = sent_survey(s, a, 2, 1700000000, now + 86400);
	struct ld_survey expired = sent_survey(s, a, 3, 1700000000, now);
	struct ld_survey other = sent_survey(s, b, 4, 1700000000, now + 86400);
	int64_t id[6], got[16];

	answered.answered_at = now - 10;
	answered.score = 5;
	assert_ok(STORE_CALL(s, survey_answer, &answered, &err));
	const int64_t survey_of_row[6] = { open_sv.id, answered.id, expired.id, 0, 0, other.id };
	for (int i = 0; i < 6; i++) {
		struct ld_message m = message_of(i == 5 ? b : a, survey_of_row[i]);
		assert_ok(STORE_CALL(s, message_insert, &m, &err));
		id[i] = m.id;
	}
	assert_ok(STORE_CALL(s, message_mark_sent, id[4], now - 5, NULL, &err));

	/* Waiting: not sent, and its survey (if any) neither answered nor expired. */
	assert_int_equal(list_messages(s, true, now, 0, 2, got), 3);
	assert_int_equal(got[0], id[0]);
	assert_int_equal(got[1], id[3]);
	assert_int_equal(got[2], id[5]);
	assert_int_equal(list_messages(s, true, now, a, 1, got), 2);
	assert_int_equal(got[0], id[0]);
	assert_int_equal(got[1], id[3]);
	/* A second later the first survey has expired too. */
	assert_int_equal(list_messages(s, true, now + 1, a, 1, got), 1);
	assert_int_equal(got[0], id[3]);
	/* Everything, by id. */
	assert_int_equal(list_messages(s, false, now, 0, 4, got), 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(got[i], id[i]);
	assert_int_equal(list_messages(s, false, 0, b, 4, got), 1);
	assert_int_equal(got[0], id[5]);

	struct ld_message one[1];
	int n = -1;
	assert_fails(STORE_CALL(s, message_list, true, now, 0, 0, 0, one, &n, &err),
		     LD_ERR_INVALID, "invalid_limit");
}

/* ====================================================================
 * Follow-up tasks
 * ==================================================================== */

static void assert_followup_equal(const struct ld_followup *a, const struct ld_followup *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->survey_id, b->survey_id);
	assert_int_equal(a->customer_id, b->customer_id);
	assert_int_equal(a->case_id, b->case_id);
	assert_int_equal(a->team_id, b->team_id);
	assert_int_equal(a->reason, b->reason);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->due_at, b->due_at);
	assert_int_equal(a->created_at, b->created_at);
	assert_int_equal(a->done_at, b->done_at);
	assert_int_equal(a->done_by, b->done_by);
	assert_string_equal(a->note, b->note);
}

static struct ld_followup followup_of(const struct ld_survey *sv, int64_t team_id)
{
	struct ld_followup t = { 0 };

	t.survey_id = sv->id;
	t.customer_id = sv->customer_id;
	t.case_id = sv->case_id;
	t.team_id = team_id;
	t.reason = LD_REASON_DETRACTOR;
	t.status = LD_TASK_OPEN;
	t.due_at = 1700172800;
	t.created_at = 1700086400;
	return t;
}

static void test_store_followup_roundtrip(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Nespokojený", "", "");
	int64_t team = new_team(s, "Péče");
	int64_t agent = new_agent(s, "Caller", "caller@desk.example");
	int64_t kase = new_case(s, cust);
	struct ld_survey sv = sent_survey(s, cust, 1, 1700000000, 1700604800);
	struct ld_followup t, got;

	t = followup_of(&sv, team);
	t.case_id = kase;
	assert_ok(STORE_CALL(s, followup_insert, &t, &err));
	assert_true(t.id > 0);
	memset(&got, 0x5a, sizeof got);
	assert_ok(STORE_CALL(s, followup_get, t.id, &got, &err));
	assert_followup_equal(&got, &t);

	/* One task per survey. */
	struct ld_followup second = followup_of(&sv, 0);
	assert_fails(STORE_CALL(s, followup_insert, &second, &err), LD_ERR_CONFLICT,
		     "followup_exists");

	/* Done: who, when, what. */
	t.status = LD_TASK_DONE;
	t.done_at = 1700090000;
	t.done_by = agent;
	snprintf(t.note, sizeof t.note, "Zavoláno, sleva 10 %% nabídnuta — přijal.");
	t.reason = LD_REASON_LOW_CES;
	t.team_id = 0;
	assert_ok(STORE_CALL(s, followup_update, &t, &err));
	assert_ok(STORE_CALL(s, followup_get, t.id, &got, &err));
	assert_followup_equal(&got, &t);

	/* created_at 0 on insert is "now"; an empty note reads back empty. */
	struct ld_survey sv2 = sent_survey(s, cust, 2, 1700000000, 1700604800);
	struct ld_followup fresh = followup_of(&sv2, 0);
	fresh.created_at = 0;
	fresh.reason = LD_REASON_LOW_CSAT;
	assert_ok(STORE_CALL(s, followup_insert, &fresh, &err));
	assert_true(fresh.created_at > 1700000000);
	assert_ok(STORE_CALL(s, followup_get, fresh.id, &got, &err));
	assert_followup_equal(&got, &fresh);

	assert_fails(STORE_CALL(s, followup_get, 999, &got, &err), LD_ERR_NOT_FOUND,
		     "followup_not_found");
	got = t;
	got.id = 999;
	assert_fails(STORE_CALL(s, followup_update, &got, &err), LD_ERR_NOT_FOUND,
		     "followup_not_found");
	got = t;
	got.done_by = 4040;
	assert_fails(STORE_CALL(s, followup_update, &got, &err), LD_ERR_NOT_FOUND,
		     "agent_not_found");
	assert_string_equal(err.field, "done_by");
	got = t;
	got.team_id = 4041;
	assert_fails(STORE_CALL(s, followup_update, &got, &err), LD_ERR_NOT_FOUND,
		     "team_not_found");
	/* Done needs its time, and open has none. */
	got = t;
	got.done_at = 0;
	got.done_by = 0;
	assert_fails(STORE_CALL(s, followup_update, &got, &err), LD_ERR_INVALID,
		     "invalid_followup");
	got = fresh;
	got.done_at = 1700090000;
	assert_fails(STORE_CALL(s, followup_update, &got, &err), LD_ERR_INVALID,
		     "invalid_followup");
	got = fresh;
	got.reason = LD_REASON_COUNT;
	assert_fails(STORE_CALL(s, followup_update, &got, &err), LD_ERR_INVALID,
		     "invalid_reason");

	struct ld_survey ghost = { .id = 999, .customer_id = cust };
	struct ld_followup orphan = followup_of(&ghost, 0);
	assert_fails(STORE_CALL(s, followup_insert, &orphan, &err), LD_ERR_NOT_FOUND,
		     "survey_not_found");
	assert_string_equal(err.field, "survey_id");
	orphan = followup_of(&sv2, 0);
	orphan.survey_id = sent_survey(s, cust, 3, 1700000000, 1700604800).id;
	orphan.case_id = 4042;
	assert_fails(STORE_CALL(s, followup_insert, &orphan, &err), LD_ERR_NOT_FOUND,
		     "case_not_found");
}

/* Ids a follow-up query lists, two at a time. */
static int list_followups(struct store *s, struct store_followup_query q, int64_t ids[16])
{
	struct ld_followup out[2];
	int seen = 0, n = 0;

	q.limit = 2;
	do {
		assert_ok(STORE_CALL(s, followup_list, &q, out, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_true(seen < 16);
			ids[seen++] = out[i].id;
			q.after_id = out[i].id;
		}
	} while (n == 2);
	return seen;
}

static void test_store_followup_list_filters(void **state)
{
	struct store *s = *state;
	int64_t a = new_customer(s, "A", "", "");
	int64_t b = new_customer(s, "B", "", "");
	int64_t t1 = new_team(s, "T1");
	int64_t t2 = new_team(s, "T2");
	int64_t agent = new_agent(s, "Done", "done@desk.example");
	const struct {
		int64_t customer;
		int64_t team;
		bool done;
	} rows[] = {
		{ a, t1, false }, { b, t1, true }, { a, t2, false }, { b, 0, false }, { a, t1, true },
	};
	int64_t id[5], got[16];

	for (int i = 0; i < 5; i++) {
		struct ld_survey sv = sent_survey(s, rows[i].customer, (uint8_t)(10 + i),
						  1700000000, 1700604800);
		struct ld_followup t = followup_of(&sv, rows[i].team);
		if (rows[i].done) {
			t.status = LD_TASK_DONE;
			t.done_at = 1700090000;
			t.done_by = agent;
		}
		assert_ok(STORE_CALL(s, followup_insert, &t, &err));
		id[i] = t.id;
	}
	struct store_followup_query q = { .status = -1 };
	assert_int_equal(list_followups(s, q, got), 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(got[i], id[i]);
	q.status = LD_TASK_OPEN;
	assert_int_equal(list_followups(s, q, got), 3);
	assert_int_equal(got[0], id[0]);
	assert_int_equal(got[1], id[2]);
	assert_int_equal(got[2], id[3]);
	q = (struct store_followup_query){ .status = -1, .team_id = t1 };
	assert_int_equal(list_followups(s, q, got), 3);
	assert_int_equal(got[2], id[4]);
	q = (struct store_followup_query){ .status = LD_TASK_DONE, .customer_id = a };
	assert_int_equal(list_followups(s, q, got), 1);
	assert_int_equal(got[0], id[4]);
	q = (struct store_followup_query){ .status = LD_TASK_OPEN, .team_id = t2,
					   .customer_id = a };
	assert_int_equal(list_followups(s, q, got), 1);
	assert_int_equal(got[0], id[2]);
	q.customer_id = b;
	assert_int_equal(list_followups(s, q, got), 0);

	struct ld_followup one[1];
	int n = -1;
	q = (struct store_followup_query){ .status = -1, .limit = 0 };
	assert_fails(STORE_CALL(s, followup_list, &q, one, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
	q = (struct store_followup_query){ .status = LD_TASK_STATUS_COUNT, .limit = 1 };
	assert_fails(STORE_CALL(s, followup_list, &q, one, &n, &err), LD_ERR_INVALID,
		     "invalid_status");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_store_subscription_roundtrip),
		T(test_store_subscription_list_filters),
		T(test_store_survey_roundtrip),
		T(test_store_survey_invalid_input),
		T(test_store_survey_list_and_last_sent),
		T(test_store_survey_rules),
		T(test_store_message_roundtrip),
		T(test_store_message_list_waiting),
		T(test_store_followup_roundtrip),
		T(test_store_followup_list_filters),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
