/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of the adapters' door to a store (app/open.c) and of the
 * look-ups that replaced the adapters' direct store reads: opening a
 * context that owns its store, the schema version, read snapshots, an
 * account and a customer by e-mail, a customer's loyalty features.
 */
#include "fixture.h"

#include <unistd.h>

#include "app/loyalty.h"
#include "app/surveys.h"

/* A file-backed store: a second context sees what the first one wrote, and
 * closing twice is harmless. */
static void test_app_open_owns_its_store(void **state)
{
	char path[] = "/tmp/ld-test-open-XXXXXX";
	struct app a, b;
	struct ld_team t;
	struct ld_err err;
	int version = 0, fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(app_open(&a, path, NULL, &err), LD_OK);
	assert_true(a.owns_store);
	assert_non_null(a.store);
	assert_int_equal(app_prepare(&a, &err), LD_OK);
	assert_int_equal(app_schema_version(&a, &version, &err), LD_OK);
	assert_true(version >= 1);
	memset(&t, 0, sizeof t);
	strcpy(t.name, "Billing");
	assert_int_equal(app_team_create(&a, NULL, &t, &err), LD_OK);

	assert_int_equal(app_open(&b, path, NULL, &err), LD_OK);
	memset(&t, 0, sizeof t);
	assert_int_equal(app_team_get(&b, NULL, 1, &t, &err), LD_OK);
	assert_string_equal(t.name, "Billing");
	app_close(&b);
	assert_null(b.store);
	app_close(&b);
	app_close(&a);
	app_close(NULL);
	unlink(path);
	assert_false(app_url_is_private(path));
	assert_true(app_url_is_private(":memory:"));
	assert_true(app_url_is_private(""));
}

static void test_app_open_failure_leaves_nothing(void **state)
{
	struct app a;
	struct ld_err err;

	(void)state;
	memset(&a, 0x5a, sizeof a);
	assert_int_not_equal(app_open(&a, "/nonexistent-dir/sub/x.db", NULL, &err), LD_OK);
	assert_null(a.store);
	assert_false(a.owns_store);
	app_close(&a);
	memset(&a, 0x5a, sizeof a);
	assert_int_equal(app_open(&a, NULL, NULL, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_store");
	app_close(&a);
}

/* A context bound with app_init() does not own the fixture's store. */
static void test_app_close_keeps_a_borrowed_store(void **state)
{
	struct fx *f = *state;
	struct app borrowed;
	struct ld_team t;
	struct ld_err err;

	app_init(&borrowed, f->store, NULL);
	assert_false(borrowed.owns_store);
	app_close(&borrowed);
	assert_int_equal(app_team_get(&f->app, NULL, f->team_a, &t, &err), LD_OK);
}

static void test_app_read_snapshot(void **state)
{
	struct fx *f = *state;
	struct ld_customer c;
	struct ld_err err;

	assert_int_equal(app_read_begin(&f->app, &err), LD_OK);
	memset(&c, 0, sizeof c);
	assert_int_equal(app_customer_get(&f->app, &f->admin, f->customer, &c, &err), LD_OK);
	ld_customer_clear(&c);
	app_read_end(&f->app);
	/* writes work again after the snapshot */
	memset(&c, 0, sizeof c);
	strcpy(c.name, "Bedřich Smetana");
	c.preferred_channel = -1;
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_OK);
	ld_customer_clear(&c);
}

static void test_app_agent_find_email(void **state)
{
	struct fx *f = *state;
	struct ld_agent a;
	struct ld_err err;

	assert_int_equal(app_agent_find_email(&f->app, NULL, "A2@Example.COM", &a, &err), LD_OK);
	assert_int_equal(a.id, f->agent2);
	assert_int_equal(app_agent_find_email(&f->app, &f->agent, "a1@example.com", &a, &err), LD_OK);
	assert_int_equal(a.id, f->agent1);
	assert_int_equal(app_agent_find_email(&f->app, NULL, "nobody@example.com", &a, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "agent_not_found");
	assert_string_equal(err.field, "email");
	assert_int_equal(app_agent_find_email(&f->app, &f->cust, "a1@example.com", &a, &err),
			 LD_ERR_FORBIDDEN);
}

static void test_app_customer_find_email(void **state)
{
	struct fx *f = *state;
	struct ld_customer c;
	struct ld_err err;

	memset(&c, 0, sizeof c);
	assert_int_equal(app_customer_find_email(&f->app, NULL, "ANTONIN@example.CZ", &c, &err),
			 LD_OK);
	assert_int_equal(c.id, f->customer);
	ld_customer_clear(&c);
	assert_int_equal(app_customer_find_email(&f->app, &f->agent, "x@example.cz", &c, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "customer_not_found");
	assert_int_equal(app_customer_find_email(&f->app, &f->cust, "antonin@example.cz", &c, &err),
			 LD_ERR_FORBIDDEN);
}

/* The vector as the store keeps it, with no model fit: an NPS detractor
 * answer sets its feature. */
static void test_app_customer_features(void **state)
{
	struct fx *f = *state;
	struct app_survey_new in = {.kind = LD_SURVEY_NPS, .customer_id = f->customer};
	struct app_survey_created s;
	struct app_survey_answer ans;
	struct app_customer_loyalty l;
	struct ld_survey sv;
	struct ld_customer c = {0};
	double x[LOYALTY_FEATURES];
	struct ld_err err;

	assert_int_equal(app_customer_features(&f->app, NULL, f->customer, x, &err), LD_OK);
	for (int j = 0; j < LOYALTY_FEATURES; j++)
		assert_true(x[j] == 0);
	assert_int_equal(app_customer_get(&f->app, NULL, f->customer, &c, &err), LD_OK);
	c.consent = true; /* surveys go to consenting customers only */
	assert_int_equal(app_customer_update(&f->app, NULL, &c, &err), LD_OK);
	ld_customer_clear(&c);
	assert_int_equal(app_survey_create(&f->app, &f->admin, &in, &s, &err), LD_OK);
	memset(&ans, 0, sizeof ans);
	ans.score = 3;
	assert_int_equal(app_survey_answer(&f->app, NULL, s.token, &ans, &sv, NULL, &err), LD_OK);
	ld_survey_clear(&sv);
	ld_survey_clear(&s.survey);
	assert_int_equal(app_customer_features(&f->app, &f->agent, f->customer, x, &err), LD_OK);
	assert_true(x[LOYALTY_F_NPS_DETRACTOR] == 1);
	assert_true(x[LOYALTY_F_HIGH_EFFORT] == 0);
	assert_string_equal(loyalty_feature_name(LOYALTY_F_HIGH_EFFORT), "high_effort");
	assert_string_equal(loyalty_feature_name(LOYALTY_F_NPS_DETRACTOR), "nps_detractor");
	/* the loyalty view reads the same vector */
	assert_int_equal(app_customer_loyalty(&f->app, &f->agent, f->customer, &l, &err), LD_OK);
	assert_memory_equal(l.features, x, sizeof x);

	assert_int_equal(app_customer_features(&f->app, NULL, 999999, x, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "customer_not_found");
	assert_int_equal(app_customer_features(&f->app, &f->cust, f->customer, x, &err),
			 LD_ERR_FORBIDDEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_app_open_owns_its_store),
		cmocka_unit_test(test_app_open_failure_leaves_nothing),
		cmocka_unit_test_setup_teardown(test_app_close_keeps_a_borrowed_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_app_read_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_app_agent_find_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_app_customer_find_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_app_customer_features, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
