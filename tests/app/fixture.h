/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The app-test fixture: an in-memory store with a fake clock, two teams,
 * three agents, an admin, a customer and that customer's portal login, and
 * builders for contacts and cases. Included by tests/app/test_*.c.
 */
#ifndef LD_TESTS_APP_FIXTURE_H
#define LD_TESTS_APP_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/app.h"
#include "store/store.h" /* the fixture opens the store itself, as only app/ and tests may */

static int64_t fake_now = 1767607200; /* 2026-01-05T10:00:00Z, a Monday */
static inline int64_t clock_fn(void) { return fake_now; }

struct fx {
	struct store *store;   /* in-memory store, owned */
	struct app app;        /* context over it */
	int64_t team_a, team_b;   /* teams */
	int64_t agent1, agent2, agent3; /* staff agents */
	int64_t customer;      /* a customer */
	struct app_actor admin, agent, cust; /* actors */
};

static inline int64_t add_agent(struct fx *f, const char *email, int role, int64_t team,
				 int64_t cust)
{
	struct ld_agent a;
	struct ld_err err;

	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "%s", email);
	snprintf(a.email, sizeof a.email, "%s", email);
	a.role = role;
	a.team_id = team;
	a.customer_id = cust;
	a.active = true;
	assert_int_equal(app_user_add(&f->app, NULL, &a, NULL, &err), LD_OK);
	return a.id;
}

static inline int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct app_config cfg;
	struct ld_team t;
	struct ld_customer c;
	struct ld_err err;

	fake_now = 1767607200;
	assert_int_equal(store_open(":memory:", &f->store, &err), LD_OK);
	app_config_defaults(&cfg);
	cfg.now = clock_fn;
	app_init(&f->app, f->store, &cfg);
	memset(&t, 0, sizeof t);
	strcpy(t.name, "Billing");
	assert_int_equal(app_team_create(&f->app, NULL, &t, &err), LD_OK);
	f->team_a = t.id;
	memset(&t, 0, sizeof t);
	strcpy(t.name, "Technical support");
	assert_int_equal(app_team_create(&f->app, NULL, &t, &err), LD_OK);
	f->team_b = t.id;
	f->agent1 = add_agent(f, "a1@example.com", LD_ROLE_AGENT, f->team_a, 0);
	f->agent2 = add_agent(f, "a2@example.com", LD_ROLE_AGENT, f->team_b, 0);
	f->agent3 = add_agent(f, "a3@example.com", LD_ROLE_AGENT, f->team_b, 0);
	memset(&c, 0, sizeof c);
	strcpy(c.name, "Antonín Dvořák");
	strcpy(c.email, "Antonin@Example.cz");
	strcpy(c.language, "cs");
	c.preferred_channel = -1;
	assert_int_equal(app_customer_create(&f->app, NULL, &c, &err), LD_OK);
	f->customer = c.id;
	assert_string_equal(c.email, "antonin@example.cz");
	f->admin = (struct app_actor){.agent_id = add_agent(f, "boss@example.com", LD_ROLE_ADMIN, 0, 0),
				      .role = LD_ROLE_ADMIN};
	f->agent = (struct app_actor){.agent_id = f->agent1, .role = LD_ROLE_AGENT,
				      .team_id = f->team_a};
	f->cust = (struct app_actor){.agent_id = add_agent(f, "me@example.cz", LD_ROLE_CUSTOMER, 0,
							   f->customer),
				     .role = LD_ROLE_CUSTOMER, .customer_id = f->customer};
	*state = f;
	return 0;
}

static inline void print_difference(void *ctx, const struct app_check_diff *d)
{
	(void)ctx;
	fprintf(stderr, "figure differs: %s %s %s stored %s recomputed %s\n", d->table, d->key,
		d->field, d->stored, d->recomputed);
}

/* Every test's workload leaves figures that a recomputation from the rows
 * confirms, and an audit log whose chain verifies. */
static inline int teardown(void **state)
{
	struct fx *f = *state;
	struct app_check_result res;
	struct ld_err err;

	assert_int_equal(app_check(&f->app, NULL, false, print_difference, NULL, &res, &err), LD_OK);
	assert_int_equal(res.differences, 0);
	assert_int_equal(res.audit_breaks, 0);
	app_fini(&f->app);
	store_close(f->store);
	free(f);
	return 0;
}

static inline struct app_interaction_in contact(int channel, int direction, int64_t agent)
{
	struct app_interaction_in in;

	memset(&in, 0, sizeof in);
	in.channel = channel;
	in.direction = direction;
	in.kind = -1;
	in.agent_id = agent;
	in.sentiment = NAN;
	in.body = "hello";
	return in;
}

static inline int64_t open_case(struct fx *f, int channel, int64_t owner, struct ld_case *out)
{
	struct app_case_open_in in;
	struct ld_err err;

	memset(&in, 0, sizeof in);
	in.customer_id = f->customer;
	in.subject = "Invoice is wrong";
	in.category = LD_CAT_PROBLEM;
	in.priority = -1;
	in.owner_id = owner;
	in.first = contact(channel, LD_DIR_IN, owner);
	assert_int_equal(app_case_open(&f->app, NULL, &in, out, &err), LD_OK);
	return out->id;
}

/* How many audit rows of `action` there are (up to 50). */
static inline int count_audit(struct fx *f, const char *action)
{
	struct ld_audit rows[50];
	struct store_audit_query q = { .action = action, .limit = 50 };
	struct ld_err err;
	int n = 0;

	assert_int_equal(app_audit_list(&f->app, NULL, &q, rows, &n, &err), LD_OK);
	for (int i = 0; i < n; i++)
		ld_audit_clear(&rows[i]);
	return n;
}

#endif
