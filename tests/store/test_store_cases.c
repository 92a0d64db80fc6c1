/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store contract suite, cases and interactions (tests/store/store_fixture.h
 * says which store it runs against).
 *
 * Owns: the meaning of the case and interaction operations of store.h — a
 * case stored whole (fields, SLA, effort and FCR state), optimistic
 * concurrency, list filters and cursors, foreign-key errors, the append-only
 * interactions in time order, the public view that leaves internal rows out,
 * customer timelines and merging.
 */
#include "store_fixture.h"

/* ====================================================================
 * Cases
 * ==================================================================== */

static void assert_case_equal(const struct ld_case *a, const struct ld_case *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->customer_id, b->customer_id);
	assert_string_equal(a->subject, b->subject);
	assert_int_equal(a->category, b->category);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->priority, b->priority);
	assert_int_equal(a->owner_id, b->owner_id);
	assert_int_equal(a->team_id, b->team_id);
	assert_string_equal(a->language, b->language);
	assert_int_equal(a->created_at, b->created_at);
	assert_int_equal(a->updated_at, b->updated_at);
	assert_int_equal(a->first_response_at, b->first_response_at);
	assert_int_equal(a->resolved_at, b->resolved_at);
	assert_int_equal(a->reopen_count, b->reopen_count);
	assert_int_equal(a->merged_into_id, b->merged_into_id);
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->sla.policy_id, b->sla.policy_id);
	assert_int_equal(a->sla.first_response_due, b->sla.first_response_due);
	assert_int_equal(a->sla.resolution_due, b->sla.resolution_due);
	assert_int_equal(a->sla.paused_at, b->sla.paused_at);
	assert_int_equal(a->sla.first_response_breached, b->sla.first_response_breached);
	assert_int_equal(a->sla.resolution_breached, b->sla.resolution_breached);
	assert_int_equal(a->first_channel, b->first_channel);
	if (isnan(b->effort_score))
		assert_true(isnan(a->effort_score));
	else
		assert_true(a->effort_score == b->effort_score);
	assert_int_equal(a->effort_band, b->effort_band);
	assert_int_equal(a->fcr_has_prev, b->fcr_has_prev);
	assert_int_equal(a->fcr_has_next, b->fcr_has_next);
	if (b->fcr_has_prev)
		assert_int_equal(a->fcr_prev_gap_s, b->fcr_prev_gap_s);
	if (b->fcr_has_next)
		assert_int_equal(a->fcr_next_gap_s, b->fcr_next_gap_s);

	const struct effort_state *x = &a->effort;
	const struct effort_state *y = &b->effort;
	assert_int_equal(x->contacts, y->contacts);
	assert_int_equal(x->repeat_contacts, y->repeat_contacts);
	assert_int_equal(x->transfers, y->transfers);
	assert_int_equal(x->channel_switches, y->channel_switches);
	assert_int_equal(x->web_phone_switches, y->web_phone_switches);
	assert_int_equal(x->re_explanations, y->re_explanations);
	assert_int_equal(x->robot_only, y->robot_only);
	assert_int_equal(x->reopens, y->reopens);
	assert_int_equal(x->opened_at, y->opened_at);
	assert_int_equal(x->resolved_at, y->resolved_at);
	assert_int_equal(x->last_in_channel, y->last_in_channel);
	assert_int_equal(x->owner_id, y->owner_id);
	assert_int_equal(x->reexplain_armed, y->reexplain_armed);
	assert_int_equal(x->repeat_case, y->repeat_case);
	assert_int_equal(x->bot_pending, y->bot_pending);
	assert_int_equal(x->handlers_len, y->handlers_len);
	for (int i = 0; i < x->handlers_len; i++)
		assert_int_equal(x->handlers[i], y->handlers[i]);
}

static void test_store_case_roundtrip(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Олена Коваленко", "olena@example.ua", "");
	int64_t owner = new_agent(s, "Owner", "owner@desk.example");
	int64_t helper = new_agent(s, "Helper", "helper@desk.example");
	int64_t team = new_team(s, "Reklamace");
	struct store_sla_policy pol = { .priority = -1, .category = -1, .resolution_s = 86400 };
	struct ld_case c = case_of(cust);
	struct ld_case got;

	snprintf(pol.name, sizeof pol.name, "Default");
	assert_ok(STORE_CALL(s, sla_policy_insert, &pol, &err));

	snprintf(c.subject, sizeof c.subject, "Нова скарга — zboží nedorazilo");
	c.category = LD_CAT_COMPLAINT;
	c.status = LD_ST_PENDING;
	c.priority = LD_PRIO_URGENT;
	c.owner_id = owner;
	c.team_id = team;
	snprintf(c.language, sizeof c.language, "uk");
	c.updated_at = 1700000500;
	c.first_response_at = 1700000300;
	c.resolved_at = 1700090000;
	c.reopen_count = 2;
	c.sla.policy_id = pol.id;
	c.sla.first_response_due = 1700003600;
	c.sla.resolution_due = 1700086400;
	c.sla.paused_at = 1700000400;
	c.sla.first_response_breached = false;
	c.sla.resolution_breached = true;
	c.effort = (struct effort_state){
		.contacts = 4, .repeat_contacts = 3, .transfers = 2, .channel_switches = 1,
		.re_explanations = 1, .robot_only = 1, .reopens = 2, .opened_at = 1700000000,
		.resolved_at = 1700090000, .last_in_channel = LD_CH_PHONE, .owner_id = owner,
		.reexplain_armed = true, .repeat_case = true, .bot_pending = 1,
		.handlers_len = 3, .handlers = { owner, helper, INT64_C(0x0102030405060708) },
		.web_phone_switches = 1,
	};
	c.first_channel = LD_CH_WEB;
	c.effort_score = 7.25;
	c.effort_band = EFFORT_HIGH;
	/* A gap of 0 s is a neighbour too (not "none"). */
	c.fcr_has_prev = true;
	c.fcr_prev_gap_s = 0;
	c.fcr_has_next = true;
	c.fcr_next_gap_s = 86400;
	assert_ok(STORE_CALL(s, case_insert, &c, &err));
	assert_true(c.id > 0);
	assert_int_equal(c.version, 1);
	assert_ok(STORE_CALL(s, case_get, c.id, &got, &err));
	assert_case_equal(&got, &c);

	/* A full handler list and the "none" values survive too. */
	got.effort.handlers_len = EFFORT_HANDLERS_MAX;
	for (int i = 0; i < EFFORT_HANDLERS_MAX; i++)
		got.effort.handlers[i] = INT64_MAX - i;
	got.effort.last_in_channel = -1;
	got.effort.owner_id = 0;
	got.effort.reexplain_armed = false;
	got.owner_id = 0;
	got.team_id = 0;
	got.language[0] = '\0';
	got.sla = (struct ld_case_sla){ 0 };
	got.resolved_at = 0;
	got.first_channel = -1;
	got.effort_score = 0.5;
	got.effort_band = EFFORT_MEDIUM;
	got.fcr_has_prev = false;
	got.fcr_has_next = false;
	got.effort.web_phone_switches = 0;
	assert_ok(STORE_CALL(s, case_update, &got, &err));
	got.version++;
	struct ld_case again;
	assert_ok(STORE_CALL(s, case_get, c.id, &again, &err));
	assert_case_equal(&again, &got);
	assert_int_equal(again.version, 2);

	assert_fails(STORE_CALL(s, case_get, 777, &got, &err), LD_ERR_NOT_FOUND,
		     "case_not_found");
}

static void test_store_case_optimistic_concurrency(void **state)
{
	struct store *s = *state;
	int64_t id = new_case(s, new_customer(s, "A", "", ""));
	struct ld_case mine;
	struct ld_case theirs;
	struct ld_case now;

	assert_ok(STORE_CALL(s, case_get, id, &mine, &err));
	assert_ok(STORE_CALL(s, case_get, id, &theirs, &err));
	theirs.status = LD_ST_OPEN;
	assert_ok(STORE_CALL(s, case_update, &theirs, &err));

	mine.priority = LD_PRIO_HIGH;
	assert_fails(STORE_CALL(s, case_update, &mine, &err), LD_ERR_CONFLICT, "case_changed");
	assert_ok(STORE_CALL(s, case_get, id, &now, &err));
	assert_int_equal(now.version, 2);
	assert_int_equal(now.status, LD_ST_OPEN);
	assert_int_equal(now.priority, LD_PRIO_NORMAL);

	/* Re-read, re-apply, succeed. */
	now.priority = LD_PRIO_HIGH;
	assert_ok(STORE_CALL(s, case_update, &now, &err));
	assert_ok(STORE_CALL(s, case_get, id, &now, &err));
	assert_int_equal(now.version, 3);
	assert_int_equal(now.priority, LD_PRIO_HIGH);

	now.id = 4711;
	assert_fails(STORE_CALL(s, case_update, &now, &err), LD_ERR_NOT_FOUND, "case_not_found");
}

static void test_store_case_invalid_input(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "A", "", "");
	struct ld_case c = case_of(cust);

	c.owner_id = 999;
	assert_fails(STORE_CALL(s, case_insert, &c, &err), LD_ERR_NOT_FOUND, "agent_not_found");
	assert_string_equal(err.field, "owner_id");
	c = case_of(404);
	assert_fails(STORE_CALL(s, case_insert, &c, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
	assert_string_equal(err.field, "customer_id");
	c = case_of(cust);
	c.team_id = 5;
	assert_fails(STORE_CALL(s, case_insert, &c, &err), LD_ERR_NOT_FOUND, "team_not_found");
	c = case_of(cust);
	c.merged_into_id = 5;
	assert_fails(STORE_CALL(s, case_insert, &c, &err), LD_ERR_NOT_FOUND, "case_not_found");
	c = case_of(cust);
	c.status = 99;
	assert_fails(STORE_CALL(s, case_insert, &c, &err), LD_ERR_INVALID, "invalid_status");
	c = case_of(cust);
	c.effort.handlers_len = EFFORT_HANDLERS_MAX + 1;
	assert_fails(STORE_CALL(s, case_insert, &c, &err), LD_ERR_INVALID, "invalid_effort");
	c = case_of(cust);
	c.effort.contacts = -1;
	assert_fails(STORE_CALL(s, case_insert, &c, &err), LD_ERR_INVALID, "invalid_case");
}

static void test_store_case_list_filters(void **state)
{
	struct store *s = *state;
	int64_t c1 = new_customer(s, "One", "", "");
	int64_t c2 = new_customer(s, "Two", "", "");
	int64_t a1 = new_agent(s, "A1", "a1@desk.example");
	int64_t t1 = new_team(s, "T1");
	struct ld_case page[8];
	int n = -1;
	int64_t ids[6];

	for (int i = 0; i < 6; i++) {
		struct ld_case c = case_of(i < 4 ? c1 : c2);
		c.owner_id = i % 2 == 0 ? a1 : 0;
		c.team_id = i < 3 ? t1 : 0;
		c.status = i % 3 == 0 ? LD_ST_OPEN : LD_ST_NEW;
		assert_ok(STORE_CALL(s, case_insert, &c, &err));
		ids[i] = c.id;
	}
	struct store_case_query q = { .status = -1, .limit = 8 };
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err));
	assert_int_equal(n, 6);

	q.customer_id = c1;
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err));
	assert_int_equal(n, 4);

	q.owner_id = a1; /* cases 0, 2 */
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(page[0].id, ids[0]);
	assert_int_equal(page[1].id, ids[2]);

	q = (struct store_case_query){ .team_id = t1, .status = LD_ST_NEW, .limit = 8 };
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err)); /* cases 1, 2 */
	assert_int_equal(n, 2);
	assert_int_equal(page[0].id, ids[1]);
	assert_int_equal(page[1].id, ids[2]);

	q = (struct store_case_query){ .status = LD_ST_OPEN, .limit = 1 };
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err)); /* cases 0, 3 */
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, ids[0]);
	q.after_id = page[0].id;
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, ids[3]);
	q.after_id = page[0].id;
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err));
	assert_int_equal(n, 0);

	q = (struct store_case_query){ .customer_id = c2, .owner_id = a1, .team_id = t1,
				       .status = LD_ST_NEW, .limit = 8 };
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err));
	assert_int_equal(n, 0);
	q.status = 12;
	assert_fails(STORE_CALL(s, case_list, &q, page, &n, &err), LD_ERR_INVALID,
		     "invalid_status");
}


static void test_store_case_topic_list(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Repeat", "", "");
	int64_t other_cust = new_customer(s, "Someone else", "", "");
	struct ld_case a = case_of(cust);
	struct ld_case b = case_of(cust);
	struct ld_case other = case_of(cust);
	struct ld_case merged = case_of(cust);
	struct ld_case theirs = case_of(other_cust);
	struct store_topic_case out[4];
	int n = -1;

	a.status = LD_ST_RESOLVED;
	a.resolved_at = 1700100000;
	a.fcr_has_next = true;
	a.fcr_next_gap_s = 600;
	b.effort.repeat_case = true;
	b.fcr_has_prev = true;
	b.fcr_prev_gap_s = 86400;
	other.category = LD_CAT_QUESTION;
	assert_ok(STORE_CALL(s, case_insert, &a, &err));
	assert_ok(STORE_CALL(s, case_insert, &b, &err));
	assert_ok(STORE_CALL(s, case_insert, &other, &err));
	assert_ok(STORE_CALL(s, case_insert, &merged, &err));
	assert_ok(STORE_CALL(s, case_insert, &theirs, &err));
	merged.merged_into_id = a.id;
	assert_ok(STORE_CALL(s, case_update, &merged, &err));

	assert_ok(STORE_CALL(s, case_topic_list, cust, LD_CAT_PROBLEM, out, 4, &n, &err));
	assert_int_equal(n, 2); /* not the question, not the merged one, not theirs */
	assert_int_equal(out[0].id, a.id);
	assert_int_equal(out[0].status, LD_ST_RESOLVED);
	assert_int_equal(out[0].resolved_at, 1700100000);
	assert_int_equal(out[0].created_at, a.created_at);
	assert_false(out[0].repeat_case);
	assert_false(out[0].fcr_has_prev);
	assert_true(out[0].fcr_has_next);
	assert_int_equal(out[0].fcr_next_gap_s, 600);
	assert_int_equal(out[1].id, b.id);
	assert_int_equal(out[1].resolved_at, 0);
	assert_true(out[1].repeat_case);
	assert_true(out[1].fcr_has_prev);
	assert_int_equal(out[1].fcr_prev_gap_s, 86400);
	assert_false(out[1].fcr_has_next);
	/* Too little room: the count says how much is needed. */
	assert_ok(STORE_CALL(s, case_topic_list, cust, LD_CAT_PROBLEM, out, 1, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(out[0].id, a.id);
	assert_ok(STORE_CALL(s, case_topic_list, cust, LD_CAT_COMPLIMENT, out, 4, &n, &err));
	assert_int_equal(n, 0);
	assert_fails(STORE_CALL(s, case_topic_list, cust, 42, out, 4, &n, &err), LD_ERR_INVALID,
		     "invalid_category");
}

/* ====================================================================
 * Interactions
 * ==================================================================== */

static void test_store_interaction_roundtrip(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Łukasz Wróbel", "", "");
	int64_t kase = new_case(s, cust);
	int64_t agent = new_agent(s, "Agent", "agent@desk.example");
	int64_t to = new_agent(s, "Target", "target@desk.example");
	int64_t team = new_team(s, "Team");
	struct ld_facility f = { 0 };
	struct ld_interaction it = interaction_of(kase, 1700000100);
	struct ld_interaction out[4];
	int n = -1;

	snprintf(f.name, sizeof f.name, "Kraków");
	assert_ok(STORE_CALL(s, facility_insert, &f, &err));

	/* customer_id left 0: denormalised from the case. */
	it.channel = LD_CH_VISIT;
	it.direction = LD_DIR_IN;
	it.kind = LD_IK_VISIT;
	it.agent_id = agent;
	it.facility_id = f.id;
	it.duration_s = 900;
	it.body = "Klient przyszedł osobiście: „paczka nie dotarła”.";
	it.sentiment = -0.625;
	assert_ok(STORE_CALL(s, interaction_insert, &it, &err));
	assert_true(it.id > 0);
	assert_int_equal(it.customer_id, cust);

	struct ld_interaction tr = interaction_of(kase, 1700000200);
	tr.customer_id = cust;
	tr.channel = LD_CH_PHONE;
	tr.direction = LD_DIR_INTERNAL;
	tr.kind = LD_IK_TRANSFER;
	tr.agent_id = agent;
	tr.to_agent_id = to;
	tr.to_team_id = team;
	assert_ok(STORE_CALL(s, interaction_insert, &tr, &err));

	struct ld_interaction st = interaction_of(kase, 0);
	st.direction = LD_DIR_OUT;
	st.kind = LD_IK_STATUS;
	st.status_to = LD_ST_RESOLVED;
	st.sentiment = 1.0;
	assert_ok(STORE_CALL(s, interaction_insert, &st, &err));
	assert_true(st.started_at > 1700000200); /* 0 = now */

	assert_ok(STORE_CALL(s, interaction_list_case, kase, 0, 4, false, out, &n, &err));
	assert_int_equal(n, 3);
	assert_int_equal(out[0].id, it.id);
	assert_int_equal(out[0].case_id, kase);
	assert_int_equal(out[0].customer_id, cust);
	assert_int_equal(out[0].channel, LD_CH_VISIT);
	assert_int_equal(out[0].direction, LD_DIR_IN);
	assert_int_equal(out[0].kind, LD_IK_VISIT);
	assert_int_equal(out[0].agent_id, agent);
	assert_int_equal(out[0].facility_id, f.id);
	assert_int_equal(out[0].started_at, 1700000100);
	assert_int_equal(out[0].duration_s, 900);
	assert_string_equal(out[0].body, it.body);
	assert_true(out[0].sentiment == -0.625);
	assert_int_equal(out[0].to_agent_id, 0);
	assert_int_equal(out[0].status_to, -1);

	assert_int_equal(out[1].kind, LD_IK_TRANSFER);
	assert_int_equal(out[1].to_agent_id, to);
	assert_int_equal(out[1].to_team_id, team);
	assert_null(out[1].body);
	assert_true(isnan(out[1].sentiment));
	assert_int_equal(out[1].duration_s, 0);
	assert_int_equal(out[1].facility_id, 0);

	assert_int_equal(out[2].status_to, LD_ST_RESOLVED);
	assert_true(out[2].sentiment == 1.0);
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&out[i]);
}

static void test_store_interaction_invalid_input(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "A", "", "");
	int64_t kase = new_case(s, cust);
	struct ld_interaction it = interaction_of(kase, 1700000000);

	it.agent_id = 999;
	assert_fails(STORE_CALL(s, interaction_insert, &it, &err), LD_ERR_NOT_FOUND,
		     "agent_not_found");
	assert_string_equal(err.field, "agent_id");
	it = interaction_of(kase, 1700000000);
	it.facility_id = 12;
	assert_fails(STORE_CALL(s, interaction_insert, &it, &err), LD_ERR_NOT_FOUND,
		     "facility_not_found");
	it = interaction_of(999, 1700000000);
	assert_fails(STORE_CALL(s, interaction_insert, &it, &err), LD_ERR_NOT_FOUND,
		     "case_not_found");
	it.customer_id = cust;
	assert_fails(STORE_CALL(s, interaction_insert, &it, &err), LD_ERR_NOT_FOUND,
		     "case_not_found");
	assert_string_equal(err.field, "case_id");
	it = interaction_of(kase, 1700000000);
	it.channel = LD_CH_COUNT;
	assert_fails(STORE_CALL(s, interaction_insert, &it, &err), LD_ERR_INVALID,
		     "invalid_channel");
	it = interaction_of(kase, 1700000000);
	it.sentiment = 1.5;
	assert_fails(STORE_CALL(s, interaction_insert, &it, &err), LD_ERR_INVALID,
		     "invalid_interaction");
}

static void test_store_interaction_case_order(void **state)
{
	struct store *s = *state;
	int64_t kase = new_case(s, new_customer(s, "A", "", ""));
	struct ld_interaction out[2];
	int n = -1;
	/* Inserted out of time order: a call logged after the fact. */
	int64_t late = new_interaction(s, kase, 300);
	int64_t early = new_interaction(s, kase, 100);
	int64_t tie_a = new_interaction(s, kase, 200);
	int64_t tie_b = new_interaction(s, kase, 200);
	int64_t want[] = { early, tie_a, tie_b, late };
	int seen = 0;
	int64_t after = 0;

	do {
		assert_ok(STORE_CALL(s, interaction_list_case, kase, after, 2, false, out, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_int_equal(out[i].id, want[seen++]);
			after = out[i].id;
			ld_interaction_clear(&out[i]);
		}
	} while (n == 2);
	assert_int_equal(seen, 4);
}

static void test_store_timeline(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Timeline", "", "");
	int64_t k1 = new_case(s, cust);
	int64_t k2 = new_case(s, cust);
	int64_t stranger = new_case(s, new_customer(s, "Other", "", ""));
	struct ld_interaction out[3];
	struct store_timeline_cursor cur = { 0, 0 };
	int n = -1;

	int64_t i1 = new_interaction(s, k1, 100);
	int64_t i2 = new_interaction(s, k2, 500);
	int64_t i3 = new_interaction(s, k1, 300);
	int64_t i4 = new_interaction(s, k2, 300); /* tie with i3: higher id is newer */
	int64_t i5 = new_interaction(s, k1, 50);
	new_interaction(s, stranger, 400);
	int64_t want[] = { i2, i4, i3, i1, i5 };
	int seen = 0;

	do {
		assert_ok(STORE_CALL(s, interaction_timeline, cust, &cur, 2, false, out, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_int_equal(out[i].id, want[seen++]);
			assert_int_equal(out[i].customer_id, cust);
			cur.started_at = out[i].started_at;
			cur.id = out[i].id;
			ld_interaction_clear(&out[i]);
		}
	} while (n == 2);
	assert_int_equal(seen, 5);

	/* A cursor in the middle of a tie. */
	cur = (struct store_timeline_cursor){ 300, i4 };
	assert_ok(STORE_CALL(s, interaction_timeline, cust, &cur, 3, false, out, &n, &err));
	assert_int_equal(n, 3);
	assert_int_equal(out[0].id, i3);
	assert_int_equal(out[1].id, i1);
	assert_int_equal(out[2].id, i5);
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&out[i]);
}

static void test_store_interaction_move_case(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Merge", "", "");
	int64_t from = new_case(s, cust);
	int64_t into = new_case(s, cust);
	struct ld_interaction out[4];
	int n = -1;

	new_interaction(s, from, 100);
	new_interaction(s, into, 200);
	new_interaction(s, from, 300);
	assert_ok(STORE_CALL(s, interaction_move_case, from, into, &err));
	assert_ok(STORE_CALL(s, interaction_list_case, into, 0, 4, false, out, &n, &err));
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++) {
		assert_int_equal(out[i].case_id, into);
		assert_int_equal(out[i].started_at, 100 * (i + 1));
		ld_interaction_clear(&out[i]);
	}
	assert_ok(STORE_CALL(s, interaction_list_case, from, 0, 4, false, out, &n, &err));
	assert_int_equal(n, 0);

	assert_fails(STORE_CALL(s, interaction_move_case, into, into, &err), LD_ERR_INVALID,
		     "same_case");
	assert_fails(STORE_CALL(s, interaction_move_case, into, 999, &err), LD_ERR_NOT_FOUND,
		     "case_not_found");
	assert_string_equal(err.field, "into_id");
	assert_fails(STORE_CALL(s, interaction_move_case, 999, into, &err), LD_ERR_NOT_FOUND,
		     "case_not_found");
	assert_string_equal(err.field, "from_id");
}


/* An interaction of `direction` at `started_at`, with a note when internal. */
static int64_t add_directed(struct store *s, int64_t case_id, int direction, int64_t started_at)
{
	struct ld_interaction it = interaction_of(case_id, started_at);

	it.direction = direction;
	if (direction == LD_DIR_INTERNAL) {
		it.kind = LD_IK_NOTE;
		it.body = "Interní poznámka: zákazník volal potřetí.";
	} else if (direction == LD_DIR_OUT) {
		it.body = "Dobrý den, posíláme náhradní díl.";
	}
	assert_ok(STORE_CALL(s, interaction_insert, &it, &err));
	return it.id;
}

/*
 * public_only leaves internal rows out in the query, so a page is full
 * whenever more public rows follow, however many notes sit between them.
 */
static void test_store_interaction_public_only(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Veřejný", "", "");
	int64_t k1 = new_case(s, cust);
	int64_t k2 = new_case(s, cust);
	struct ld_interaction out[2];
	int n = -1;

	int64_t a = add_directed(s, k1, LD_DIR_IN, 100);
	add_directed(s, k1, LD_DIR_INTERNAL, 110);
	add_directed(s, k1, LD_DIR_INTERNAL, 120);
	int64_t b = add_directed(s, k1, LD_DIR_OUT, 130);
	add_directed(s, k1, LD_DIR_INTERNAL, 140);
	add_directed(s, k1, LD_DIR_INTERNAL, 150);
	add_directed(s, k1, LD_DIR_INTERNAL, 160);
	int64_t c = add_directed(s, k1, LD_DIR_IN, 170);
	add_directed(s, k1, LD_DIR_INTERNAL, 180);

	/* The case view, two per page. */
	const int64_t want_case[] = { a, b, c };
	int seen = 0;
	int64_t after = 0;
	do {
		assert_ok(STORE_CALL(s, interaction_list_case, k1, after, 2, true, out, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_true(seen < 3);
			assert_int_equal(out[i].id, want_case[seen++]);
			assert_true(out[i].direction != LD_DIR_INTERNAL);
			after = out[i].id;
			ld_interaction_clear(&out[i]);
		}
		if (seen < 3)
			assert_int_equal(n, 2); /* full while more follow */
	} while (n == 2);
	assert_int_equal(seen, 3);
	/* The staff view has them all. */
	struct ld_interaction all[12];
	assert_ok(STORE_CALL(s, interaction_list_case, k1, 0, 12, false, all, &n, &err));
	assert_int_equal(n, 9);
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&all[i]);

	/* The timeline across two cases, newest first. */
	int64_t d = add_directed(s, k2, LD_DIR_OUT, 175);
	add_directed(s, k2, LD_DIR_INTERNAL, 176);
	const int64_t want_timeline[] = { d, c, b, a };
	struct store_timeline_cursor cur = { 0, 0 };
	seen = 0;
	do {
		assert_ok(STORE_CALL(s, interaction_timeline, cust, &cur, 2, true, out, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_true(seen < 4);
			assert_int_equal(out[i].id, want_timeline[seen++]);
			cur.started_at = out[i].started_at;
			cur.id = out[i].id;
			ld_interaction_clear(&out[i]);
		}
		if (seen < 4)
			assert_int_equal(n, 2);
	} while (n == 2);
	assert_int_equal(seen, 4);
	cur = (struct store_timeline_cursor){ 0, 0 };
	assert_ok(STORE_CALL(s, interaction_timeline, cust, &cur, 12, false, all, &n, &err));
	assert_int_equal(n, 11);
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&all[i]);

	/* A page needs room; nobody's timeline is empty, not an error. */
	assert_fails(STORE_CALL(s, interaction_list_case, k1, 0, 0, true, out, &n, &err),
		     LD_ERR_INVALID, "invalid_limit");
	assert_fails(STORE_CALL(s, interaction_timeline, cust, &cur, 0, false, out, &n, &err),
		     LD_ERR_INVALID, "invalid_limit");
	assert_ok(STORE_CALL(s, interaction_timeline, cust + 100, &cur, 2, false, out, &n, &err));
	assert_int_equal(n, 0);
}

/* A page needs room for one entry. */
static void test_store_case_list_limit(void **state)
{
	struct store *s = *state;
	struct ld_case page[1];
	struct store_case_query q = { .status = -1, .limit = 0 };
	int n = -1;

	new_case(s, new_customer(s, "A", "", ""));
	assert_fails(STORE_CALL(s, case_list, &q, page, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
	q.limit = 1;
	assert_ok(STORE_CALL(s, case_list, &q, page, &n, &err));
	assert_int_equal(n, 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_store_case_roundtrip),
		T(test_store_case_optimistic_concurrency),
		T(test_store_case_invalid_input),
		T(test_store_case_list_filters),
		T(test_store_case_list_limit),
		T(test_store_case_topic_list),
		T(test_store_interaction_roundtrip),
		T(test_store_interaction_invalid_input),
		T(test_store_interaction_case_order),
		T(test_store_timeline),
		T(test_store_interaction_public_only),
		T(test_store_interaction_move_case),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
