/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * SLA configuration use cases (app/sla.c): who may change calendars,
 * holidays and policies, what counts as valid, that a running case keeps the
 * terms it started under, and that a change reaches the SLA cache of every
 * other app context of the process at once (not after the 30 s expiry that
 * other processes wait for).
 */
#include "fixture.h"

#include <unistd.h>

static struct store_sla_policy policy(const char *name, int priority, int64_t resolution_s)
{
	struct store_sla_policy p;

	memset(&p, 0, sizeof p);
	snprintf(p.name, sizeof p.name, "%s", name);
	p.priority = priority;
	p.category = -1;
	p.resolution_s = resolution_s;
	return p;
}

static struct store_calendar calendar(const char *name, const char *tz, const char *hours)
{
	struct store_calendar c;

	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.tz, sizeof c.tz, "%s", tz);
	snprintf(c.hours, sizeof c.hours, "%s", hours);
	return c;
}

static void test_sla_roles(void **state)
{
	struct fx *f = *state;
	struct app_actor manager = { .role = LD_ROLE_MANAGER };
	struct store_calendar cal = calendar("Praha", "Europe/Prague", "mon-fri 08:00-17:00");
	struct store_sla_policy p = policy("Normal", LD_PRIO_NORMAL, 3600), got;
	struct store_holiday hol[4];
	struct store_calendar cals[4];
	struct ld_err err;
	int n = 0;

	manager.agent_id = add_agent(f, "manager@example.com", LD_ROLE_MANAGER, 0, 0);
	assert_int_equal(app_calendar_create(&f->app, &f->agent, &cal, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_calendar_create(&f->app, &manager, &cal, &err), LD_OK);
	assert_int_equal(app_holiday_add(&f->app, &f->agent, cal.id, 20261224, NULL, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_holiday_add(&f->app, &manager, cal.id, 20261224, NULL, &err), LD_OK);
	assert_int_equal(app_holiday_delete(&f->app, &f->agent, cal.id, 20261224, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_sla_policy_create(&f->app, &f->agent, &p, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_sla_policy_create(&f->app, &manager, &p, &err), LD_OK);
	p.resolution_s = 7200;
	assert_int_equal(app_sla_policy_update(&f->app, &f->agent, &p, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_sla_policy_delete(&f->app, &f->agent, p.id, &err), LD_ERR_FORBIDDEN);
	snprintf(cal.hours, sizeof cal.hours, "24/7");
	assert_int_equal(app_calendar_update(&f->app, &f->agent, &cal, &err), LD_ERR_FORBIDDEN);

	/* agents read everything; customers nothing */
	assert_int_equal(app_calendar_list(&f->app, &f->agent, 0, 4, cals, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(cals[0].hours, "mon-fri 08:00-17:00");
	assert_int_equal(app_holiday_list(&f->app, &f->agent, cal.id, hol, 4, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_sla_policy_get(&f->app, &f->agent, p.id, &got, &err), LD_OK);
	assert_int_equal(got.resolution_s, 3600);
	assert_int_equal(app_calendar_get(&f->app, &f->cust, cal.id, &cal, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_holiday_list(&f->app, &f->cust, cal.id, hol, 4, &n, &err),
			 LD_ERR_FORBIDDEN);
	assert_int_equal(app_sla_policy_list(&f->app, &f->cust, &got, 1, &n, &err),
			 LD_ERR_FORBIDDEN);
}

static void test_sla_calendar_validation(void **state)
{
	struct fx *f = *state;
	struct store_calendar c = calendar("Office", "Europe/Prague", "Mon-Fri 9:00-17:30");
	struct store_calendar got;
	struct ld_err err;

	assert_int_equal(app_calendar_create(&f->app, &f->admin, &c, &err), LD_OK);
	assert_string_equal(c.hours, "mon-fri 09:00-17:30");

	struct store_calendar bad = c;
	snprintf(bad.tz, sizeof bad.tz, "Mars/Olympus");
	assert_int_equal(app_calendar_update(&f->app, &f->admin, &bad, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_time_zone");
	assert_string_equal(err.field, "tz");
	bad = c;
	bad.tz[0] = '\0';
	assert_int_equal(app_calendar_update(&f->app, &f->admin, &bad, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "tz");
	bad = c;
	snprintf(bad.hours, sizeof bad.hours, "mon-fri 25:00-99:00");
	assert_int_equal(app_calendar_update(&f->app, &f->admin, &bad, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_hours");
	assert_string_equal(err.field, "hours");
	bad = c;
	bad.id = 999;
	assert_int_equal(app_calendar_update(&f->app, &f->admin, &bad, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "calendar_not_found");
	assert_int_equal(app_calendar_get(&f->app, NULL, c.id, &got, &err), LD_OK);
	assert_string_equal(got.tz, "Europe/Prague");
	assert_string_equal(got.hours, "mon-fri 09:00-17:30");
}

static void test_sla_holiday_dates(void **state)
{
	struct fx *f = *state;
	struct store_calendar c = calendar("Holidays", "Europe/Prague", "mon-fri 08:00-17:00");
	static const int32_t bad[] = { 20260230, 20270229, 21000229, 20261301, 20260015,
				       20260100, 19691231, 30000101, 0,        -20260101 };
	struct store_holiday h[8];
	struct ld_err err;
	int n = 0;

	assert_int_equal(app_calendar_create(&f->app, NULL, &c, &err), LD_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(app_holiday_add(&f->app, NULL, c.id, bad[i], "x", &err),
				 LD_ERR_INVALID);
		assert_string_equal(err.code, "invalid_date");
		assert_string_equal(err.field, "date");
	}
	assert_int_equal(app_holiday_add(&f->app, NULL, c.id, 20280229, "leap", &err), LD_OK);
	assert_int_equal(app_holiday_add(&f->app, NULL, c.id, 20000229, NULL, &err), LD_OK);
	assert_int_equal(app_holiday_add(&f->app, NULL, c.id, 29991231, NULL, &err), LD_OK);
	assert_int_equal(app_holiday_add(&f->app, NULL, c.id, 20280229, "again", &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "holiday_exists");
	assert_int_equal(app_holiday_add(&f->app, NULL, 999, 20280301, NULL, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "calendar_not_found");
	assert_int_equal(app_holiday_list(&f->app, NULL, c.id, h, 8, &n, &err), LD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(h[0].date, 20000229);
	assert_string_equal(h[1].name, "leap");
	assert_int_equal(app_holiday_delete(&f->app, NULL, c.id, 20000229, &err), LD_OK);
	assert_int_equal(app_holiday_delete(&f->app, NULL, c.id, 20000229, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "holiday_not_found");
	assert_int_equal(app_holiday_delete(&f->app, NULL, c.id, 20260230, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_date");
}

static void test_sla_holiday_limit(void **state)
{
	struct fx *f = *state;
	struct store_calendar c = calendar("Many", "UTC", "24/7");
	struct ld_err err;
	int added = 0;

	assert_int_equal(app_calendar_create(&f->app, NULL, &c, &err), LD_OK);
	for (int y = 2030; added < APP_HOLIDAYS_MAX; y++)
		for (int m = 1; m <= 12 && added < APP_HOLIDAYS_MAX; m++, added++)
			assert_int_equal(app_holiday_add(&f->app, NULL, c.id, y * 10000 + m * 100 + 1,
							 NULL, &err),
					 LD_OK);
	/* one more would be ignored by the clock's cache: refused instead */
	assert_int_equal(app_holiday_add(&f->app, NULL, c.id, 20290101, NULL, &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "too_many_holidays");
}

static void test_sla_policy_validation(void **state)
{
	struct fx *f = *state;
	struct store_sla_policy p = policy("Targets", -1, 3600);
	struct ld_err err;

	p.first_response_s = -1;
	assert_int_equal(app_sla_policy_create(&f->app, NULL, &p, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "first_response_s");
	p.first_response_s = 367 * 86400;
	assert_int_equal(app_sla_policy_create(&f->app, NULL, &p, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "first_response_s");
	p.first_response_s = 0;
	p.resolution_s = -5;
	assert_int_equal(app_sla_policy_create(&f->app, NULL, &p, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "resolution_s");
	p.resolution_s = 3600;
	p.priority = LD_PRIO_COUNT;
	assert_int_equal(app_sla_policy_create(&f->app, NULL, &p, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "priority");
	p.priority = -1;
	p.calendar_id = 999;
	assert_int_equal(app_sla_policy_create(&f->app, NULL, &p, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "calendar_not_found");
	p.calendar_id = 0;
	assert_int_equal(app_sla_policy_create(&f->app, NULL, &p, &err), LD_OK);
	p.resolution_s = -1;
	assert_int_equal(app_sla_policy_update(&f->app, NULL, &p, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "resolution_s");
	p.resolution_s = 60;
	p.id = 999;
	assert_int_equal(app_sla_policy_update(&f->app, NULL, &p, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "sla_policy_not_found");
}

static void test_sla_policy_limit(void **state)
{
	struct fx *f = *state;
	struct ld_err err;
	char name[32];

	for (int i = 0; i < APP_POLICIES_MAX; i++) {
		snprintf(name, sizeof name, "Policy %d", i);
		struct store_sla_policy p = policy(name, -1, 3600 + i);
		assert_int_equal(app_sla_policy_create(&f->app, NULL, &p, &err), LD_OK);
	}
	struct store_sla_policy extra = policy("One too many", -1, 60);
	assert_int_equal(app_sla_policy_create(&f->app, NULL, &extra, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "too_many_policies");
}

/* Opens a case of priority `prio` in `team` at fake_now. */
static struct ld_case open_in(struct fx *f, int prio, int64_t team)
{
	struct app_case_open_in in;
	struct ld_case c;
	struct ld_err err;

	memset(&in, 0, sizeof in);
	in.customer_id = f->customer;
	in.subject = "Where is my parcel?";
	in.category = LD_CAT_QUESTION;
	in.priority = prio;
	in.team_id = team;
	in.first = contact(LD_CH_EMAIL, LD_DIR_IN, 0);
	if (app_case_open(&f->app, NULL, &in, &c, &err) != LD_OK)
		fail_msg("app_case_open: %s %s", err.code, err.message);
	return c;
}

static void test_sla_policy_change_keeps_running_cases(void **state)
{
	struct fx *f = *state;
	struct store_sla_policy p = policy("High", LD_PRIO_HIGH, 8 * 3600);
	struct app_case_patch patch;
	struct app_sla_view v;
	struct ld_case c, d;
	struct ld_err err;

	p.first_response_s = 3600;
	p.pause_on_pending = true;
	assert_int_equal(app_sla_policy_create(&f->app, &f->admin, &p, &err), LD_OK);
	c = open_in(f, LD_PRIO_HIGH, 0);
	assert_int_equal(c.sla.policy_id, p.id);
	assert_int_equal(c.sla.resolution_due, fake_now + 8 * 3600);

	p.first_response_s = 600;
	p.resolution_s = 2 * 3600;
	p.pause_on_pending = false;
	assert_int_equal(app_sla_policy_update(&f->app, &f->admin, &p, &err), LD_OK);

	/* the running case keeps its terms, through reads and writes */
	fake_now += 1800;
	memset(&patch, 0, sizeof patch);
	patch.has_subject = true;
	patch.subject = "Where is my parcel, please?";
	assert_int_equal(app_case_update(&f->app, &f->agent, c.id, &patch, &d, &err), LD_OK);
	assert_int_equal(d.sla.policy_id, p.id);
	assert_int_equal(d.sla.resolution_due, c.sla.resolution_due);
	assert_int_equal(d.sla.first_response_due, c.sla.first_response_due);
	assert_int_equal(app_sla_view(&f->app, &d, &v, &err), LD_OK);
	assert_int_equal(v.resolution_remaining_s, 8 * 3600 - 1800);
	assert_int_equal(app_case_get(&f->app, &f->agent, c.id, &d, &err), LD_OK);
	assert_int_equal(d.sla.resolution_due, c.sla.resolution_due);

	/* a case opened now gets the new ones */
	d = open_in(f, LD_PRIO_HIGH, 0);
	assert_int_equal(d.sla.resolution_due, fake_now + 2 * 3600);
	assert_int_equal(d.sla.first_response_due, fake_now + 600);

	/* both name the policy: it stays */
	assert_int_equal(app_sla_policy_delete(&f->app, &f->admin, p.id, &err), LD_ERR_CONFLICT);
	assert_string_equal(err.code, "sla_policy_in_use");
}

/*
 * Two app contexts on two handles of one database file, as two server
 * threads have: B has its policies cached when A changes one; B's next case
 * gets the new terms at once, not after the cache's 30 s expiry.
 */
static void test_sla_change_reaches_other_contexts(void **state)
{
	char path[] = "/tmp/ld-test-sla-XXXXXX";
	struct store *sa = NULL, *sb = NULL;
	struct app a, b;
	struct app_config cfg;
	struct app_case_open_in in;
	struct store_sla_policy p = policy("Everything", -1, 4 * 3600);
	struct store_calendar cal = calendar("Night", "UTC", "mon-sun 00:00-06:00");
	struct ld_customer cust;
	struct ld_case c;
	struct ld_err err;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(store_open(path, &sa, &err), LD_OK);
	assert_int_equal(store_open(path, &sb, &err), LD_OK);
	app_config_defaults(&cfg);
	cfg.now = clock_fn;
	app_init(&a, sa, &cfg);
	app_init(&b, sb, &cfg);
	fake_now = 1767607200; /* Monday 10:00 UTC */

	memset(&cust, 0, sizeof cust);
	snprintf(cust.name, sizeof cust.name, "Eva Horáková");
	cust.preferred_channel = -1;
	assert_int_equal(app_customer_create(&a, NULL, &cust, &err), LD_OK);
	memset(&in, 0, sizeof in);
	in.customer_id = cust.id;
	ld_customer_clear(&cust);
	assert_int_equal(app_sla_policy_create(&a, NULL, &p, &err), LD_OK);
	in.subject = "Help";
	in.category = -1;
	in.priority = -1;
	in.first = contact(LD_CH_EMAIL, LD_DIR_IN, 0);

	assert_int_equal(app_case_open(&b, NULL, &in, &c, &err), LD_OK); /* B caches */
	assert_int_equal(c.sla.resolution_due, fake_now + 4 * 3600);

	p.resolution_s = 3600;
	assert_int_equal(app_sla_policy_update(&a, NULL, &p, &err), LD_OK);
	assert_int_equal(app_case_open(&b, NULL, &in, &c, &err), LD_OK);
	assert_int_equal(c.sla.resolution_due, fake_now + 3600);

	/* a new calendar on the policy: B's clock runs on it (06:00 next day + 1 h) */
	assert_int_equal(app_calendar_create(&a, NULL, &cal, &err), LD_OK);
	p.calendar_id = cal.id;
	assert_int_equal(app_sla_policy_update(&a, NULL, &p, &err), LD_OK);
	assert_int_equal(app_case_open(&b, NULL, &in, &c, &err), LD_OK);
	assert_int_equal(c.sla.resolution_due, 1767657600 + 3600); /* Tue 01:00 UTC */

	/* hours changed in A reach B's cached calendar too */
	snprintf(cal.hours, sizeof cal.hours, "mon-sun 12:00-18:00");
	assert_int_equal(app_calendar_update(&a, NULL, &cal, &err), LD_OK);
	assert_int_equal(app_case_open(&b, NULL, &in, &c, &err), LD_OK);
	assert_int_equal(c.sla.resolution_due, 1767614400 + 3600); /* Mon 13:00 UTC */

	/* and a holiday on that Monday */
	assert_int_equal(app_holiday_add(&a, NULL, cal.id, 20260105, "Closed", &err), LD_OK);
	assert_int_equal(app_case_open(&b, NULL, &in, &c, &err), LD_OK);
	assert_int_equal(c.sla.resolution_due, 1767700800 + 3600); /* Tue 13:00 UTC */

	app_fini(&a);
	app_fini(&b);
	store_close(sa);
	store_close(sb);
	unlink(path);
	{
		char side[sizeof path + 8];
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
}

/*
 * More calendars in use than the per-thread cache holds: each case still
 * gets its team's calendar (the cache evicts instead of failing the call).
 */
static void test_sla_many_calendars(void **state)
{
	struct fx *f = *state;
	struct store_sla_policy p = policy("Team hours", -1, 3600);
	struct ld_err err;
	enum { TEAMS = 20 };
	int64_t teams[TEAMS];
	char name[32];

	assert_int_equal(app_sla_policy_create(&f->app, NULL, &p, &err), LD_OK);
	for (int i = 0; i < TEAMS; i++) {
		struct ld_team t;
		char hours[32];
		snprintf(name, sizeof name, "Cal %d", i);
		/* team i opens at 10:00 + i minutes on Mondays */
		snprintf(hours, sizeof hours, "mon 10:%02d-23:00", i);
		struct store_calendar c = calendar(name, "UTC", hours);
		assert_int_equal(app_calendar_create(&f->app, NULL, &c, &err), LD_OK);
		memset(&t, 0, sizeof t);
		snprintf(t.name, sizeof t.name, "Team %d", i);
		t.calendar_id = c.id;
		assert_int_equal(app_team_create(&f->app, NULL, &t, &err), LD_OK);
		teams[i] = t.id;
	}
	fake_now = 1767607200; /* Monday 10:00 UTC */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < TEAMS; i++) {
			struct ld_case c = open_in(f, -1, teams[i]);
			assert_int_equal(c.sla.resolution_due, fake_now + (i + 60) * 60);
		}
	}
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sla_roles),
		T(test_sla_calendar_validation),
		T(test_sla_holiday_dates),
		T(test_sla_holiday_limit),
		T(test_sla_policy_validation),
		T(test_sla_policy_limit),
		T(test_sla_policy_change_keeps_running_cases),
		cmocka_unit_test(test_sla_change_reaches_other_contexts),
		T(test_sla_many_calendars),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
