/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store contract suite, personal data (tests/store/store_fixture.h says
 * which store it runs against).
 *
 * Owns: the meaning of agent_list_customer, case_contents_remove,
 * customer_texts_remove (counts, dry runs, what is cleared and what stays),
 * audit_redact (the chain still verifies, the kept action stays),
 * retention_cases (which cases a sweep picks) and compact_after_erase
 * (refused inside a transaction). The SQLite-only tests check migration 0008
 * on a store written before it and the relaxed append-only guards: exactly
 * a body going to NULL, exactly an answered comment being cleared.
 */
#include "store_fixture.h"

#include "sqlite_fixture.h"
#include "util/audit_chain.h"

#define AT0 INT64_C(1700000000)

/* A customer with one case of two contacts with bodies, a status row without
 * one, an answered survey with a comment, its follow-up with a note and an
 * outbox message. */
struct world {
	int64_t customer, other, case_id, other_case, survey, followup, message;
};

static void answer(struct store *s, int64_t survey_id, const char *comment)
{
	struct ld_survey sv = { 0 };

	assert_ok(STORE_CALL(s, survey_get, survey_id, &sv, &err));
	sv.answered_at = sv.sent_at + 60;
	sv.score = 2;
	free(sv.comment);
	sv.comment = strdup(comment);
	assert_ok(STORE_CALL(s, survey_answer, &sv, &err));
	ld_survey_clear(&sv);
}

static void build(struct store *s, struct world *w)
{
	struct ld_interaction it;
	struct ld_survey sv;
	struct ld_followup t = { 0 };
	struct ld_message m = { 0 };
	uint8_t d[STORE_TOKEN_DIGEST_LEN];

	w->customer = new_customer(s, "Jana Nováková", "jana@example.cz", "+420601123456");
	w->other = new_customer(s, "Other Person", "other@example.cz", "");
	w->case_id = new_case(s, w->customer);
	w->other_case = new_case(s, w->other);
	for (int i = 0; i < 2; i++) {
		it = interaction_of(w->case_id, AT0 + i);
		it.customer_id = w->customer;
		it.body = "a personal text";
		assert_ok(STORE_CALL(s, interaction_insert, &it, &err));
	}
	it = interaction_of(w->case_id, AT0 + 5);
	it.customer_id = w->customer;
	it.kind = LD_IK_STATUS;
	it.direction = LD_DIR_INTERNAL;
	it.status_to = LD_ST_RESOLVED;
	assert_ok(STORE_CALL(s, interaction_insert, &it, &err));
	it = interaction_of(w->other_case, AT0);
	it.customer_id = w->other;
	it.body = "someone else's text";
	assert_ok(STORE_CALL(s, interaction_insert, &it, &err));
	sv = survey_of(w->customer, LD_SURVEY_NPS, AT0);
	sv.case_id = w->case_id;
	digest_of(1, d);
	assert_ok(STORE_CALL(s, survey_insert, &sv, d, &err));
	w->survey = sv.id;
	answer(s, sv.id, "a personal comment");
	t.survey_id = w->survey;
	t.customer_id = w->customer;
	t.case_id = w->case_id;
	t.reason = LD_REASON_DETRACTOR;
	t.status = LD_TASK_OPEN;
	t.due_at = AT0 + 86400;
	snprintf(t.note, sizeof t.note, "called her back");
	assert_ok(STORE_CALL(s, followup_insert, &t, &err));
	w->followup = t.id;
	m.survey_id = w->survey;
	m.customer_id = w->customer;
	m.channel = LD_CH_EMAIL;
	snprintf(m.recipient, sizeof m.recipient, "jana@example.cz");
	snprintf(m.language, sizeof m.language, "cs");
	snprintf(m.subject, sizeof m.subject, "Jak jsme se vedli, Jano?");
	m.body = "Dear Jana, …";
	assert_ok(STORE_CALL(s, message_insert, &m, &err));
	w->message = m.id;
}

static void test_store_gdpr_case_contents(void **state)
{
	struct store *s = *state;
	struct world w;
	struct store_removal r = { 0 }, dry = { 0 };
	struct ld_interaction its[4];
	struct ld_case c;
	struct ld_survey sv = { 0 };
	struct ld_followup t;
	int n = 0;

	build(s, &w);
	assert_ok(STORE_CALL(s, case_get, w.case_id, &c, &err));
	assert_ok(STORE_CALL(s, case_contents_remove, w.case_id, AT0 + 99, true, &dry, &err));
	assert_int_equal(dry.cases, 1);
	assert_int_equal(dry.subjects, 1);
	assert_int_equal(dry.contacts, 2);
	assert_int_equal(dry.comments, 1);
	assert_int_equal(dry.notes, 1);
	/* A dry run changed nothing: the real run counts the same. */
	assert_ok(STORE_CALL(s, case_contents_remove, w.case_id, AT0 + 99, false, &r, &err));
	assert_memory_equal(&r, &dry, sizeof r);

	struct ld_case after;
	assert_ok(STORE_CALL(s, case_get, w.case_id, &after, &err));
	assert_string_equal(after.subject, "");
	assert_int_equal(after.version, c.version + 1); /* a stale writer gets case_changed */
	assert_int_equal(after.created_at, c.created_at);
	assert_int_equal(after.status, c.status);
	assert_ok(STORE_CALL(s, interaction_list_case, w.case_id, 0, 4, false, its, &n, &err));
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++) {
		assert_null(its[i].body);
		ld_interaction_clear(&its[i]);
	}
	assert_ok(STORE_CALL(s, survey_get, w.survey, &sv, &err));
	assert_null(sv.comment);
	assert_int_equal(sv.score, 2); /* the answer stays */
	ld_survey_clear(&sv);
	assert_ok(STORE_CALL(s, followup_get, w.followup, &t, &err));
	assert_string_equal(t.note, "");
	/* The other customer's case keeps its texts. */
	assert_ok(STORE_CALL(s, interaction_list_case, w.other_case, 0, 4, false, its, &n, &err));
	assert_string_equal(its[0].body, "someone else's text");
	ld_interaction_clear(&its[0]);
	/* Again: nothing left; the case counts once. */
	memset(&r, 0, sizeof r);
	assert_ok(STORE_CALL(s, case_contents_remove, w.case_id, AT0 + 200, false, &r, &err));
	struct store_removal zero = { 0 };
	assert_memory_equal(&r, &zero, sizeof r);
	assert_fails(STORE_CALL(s, case_contents_remove, 9999, AT0, false, &r, &err),
		     LD_ERR_NOT_FOUND, "case_not_found");
}

static void test_store_gdpr_customer_texts(void **state)
{
	struct store *s = *state;
	struct world w;
	struct store_removal r = { 0 };
	struct ld_message m;
	struct ld_survey sv = survey_of(0, LD_SURVEY_CSAT, AT0 + 10), got = { 0 };
	uint8_t d[STORE_TOKEN_DIGEST_LEN];

	build(s, &w);
	sv.customer_id = w.customer; /* an open relationship survey */
	digest_of(2, d);
	assert_ok(STORE_CALL(s, survey_insert, &sv, d, &err));
	assert_fails(STORE_CALL(s, customer_texts_remove, w.customer, "", AT0, false, &r, &err),
		     LD_ERR_INVALID, "invalid_recipient");
	assert_ok(STORE_CALL(s, customer_texts_remove, w.customer, "x@erased.invalid", AT0 + 20,
			     false, &r, &err));
	assert_int_equal(r.contacts, 2);
	assert_int_equal(r.comments, 1);
	assert_int_equal(r.notes, 1);
	assert_int_equal(r.messages, 1);
	assert_int_equal(r.surveys_closed, 1);
	assert_ok(STORE_CALL(s, message_get, w.message, &m, &err));
	assert_string_equal(m.recipient, "x@erased.invalid");
	assert_string_equal(m.subject, "");
	assert_string_equal(m.body, "");
	ld_message_clear(&m);
	assert_ok(STORE_CALL(s, survey_get, sv.id, &got, &err));
	assert_int_equal(got.expires_at, AT0 + 20); /* its link stopped working */
	ld_survey_clear(&got);
	memset(&r, 0, sizeof r);
	assert_ok(STORE_CALL(s, customer_texts_remove, w.customer, "x@erased.invalid", AT0 + 30,
			     false, &r, &err));
	struct store_removal zero = { 0 };
	assert_memory_equal(&r, &zero, sizeof r);
}

static void test_store_gdpr_logins(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Jana", "jana@example.cz", ""), other;
	struct ld_agent a = { 0 }, out[2];
	int n = -1;

	other = new_customer(s, "Other", "other@example.cz", "");
	new_agent(s, "Staff", "staff@example.com");
	for (int i = 0; i < 3; i++) {
		memset(&a, 0, sizeof a);
		snprintf(a.name, sizeof a.name, "Login %d", i);
		snprintf(a.email, sizeof a.email, "login%d@example.cz", i);
		a.role = LD_ROLE_CUSTOMER;
		a.customer_id = i < 2 ? cust : other;
		a.active = true;
		assert_ok(STORE_CALL(s, agent_insert, &a, NULL, &err));
	}
	assert_ok(STORE_CALL(s, agent_list_customer, cust, NULL, 0, &n, &err));
	assert_int_equal(n, 2);
	assert_ok(STORE_CALL(s, agent_list_customer, cust, out, 1, &n, &err));
	assert_int_equal(n, 2); /* how many there are; one filled */
	assert_string_equal(out[0].email, "login0@example.cz");
	assert_ok(STORE_CALL(s, agent_list_customer, cust, out, 2, &n, &err));
	assert_string_equal(out[1].email, "login1@example.cz");
	assert_ok(STORE_CALL(s, agent_list_customer, 999, out, 2, &n, &err));
	assert_int_equal(n, 0);
}

/* The whole log verifies: each row's digest of its kept detail and its link. */
static void assert_chain(struct store *s, int rows)
{
	struct ld_audit a[16];
	struct store_audit_query q = { .limit = 16 };
	uint8_t prev[AUDIT_CHAIN_BYTES], link[AUDIT_CHAIN_BYTES];
	int n = 0;

	assert_ok(STORE_CALL(s, audit_list, &q, a, &n, &err));
	assert_int_equal(n, rows);
	for (int i = 0; i < n; i++) {
		struct audit_chain_row r = { .id = a[i].id, .at = a[i].at, .actor_id = a[i].actor_id,
					     .action = a[i].action, .object = a[i].object,
					     .address = a[i].address,
					     .detail_digest = a[i].has_detail_digest
								      ? a[i].detail_digest
								      : NULL };

		audit_chain_next(i == 0 ? NULL : prev, &r, link);
		assert_memory_equal(link, a[i].chain, AUDIT_CHAIN_BYTES);
		memcpy(prev, link, sizeof prev);
		ld_audit_clear(&a[i]);
	}
}

static void test_store_gdpr_audit_redact(void **state)
{
	struct store *s = *state;
	struct store_removal r = { 0 };
	struct store_audit rows[] = {
		{ .action = "case.merge", .object = "case/1", .detail = "{\"into_id\":2}", .at = AT0 },
		{ .action = "case.create", .object = "case/1", .at = AT0 },
		{ .action = "customer.erase", .object = "case/1", .detail = "{\"cases\":1}", .at = AT0 },
		{ .action = "case.merge", .object = "case/2", .detail = "{\"into_id\":3}", .at = AT0 },
	};
	struct ld_audit got[4];
	struct store_audit_query q = { .limit = 4 };
	int n = 0;

	for (size_t i = 0; i < 4; i++)
		assert_ok(STORE_CALL(s, audit_insert, &rows[i], &err));
	assert_ok(STORE_CALL(s, audit_redact, "case/1", "customer.erase", AT0 + 9, true, &r, &err));
	assert_int_equal(r.audit_details, 1);
	assert_ok(STORE_CALL(s, audit_redact, "case/1", "customer.erase", AT0 + 9, false, &r, &err));
	assert_int_equal(r.audit_details, 2);
	assert_ok(STORE_CALL(s, audit_list, &q, got, &n, &err));
	assert_null(got[0].detail);
	assert_int_equal(got[0].redacted_at, AT0 + 9);
	assert_true(got[0].has_detail_digest);
	assert_int_equal(got[1].redacted_at, 0);     /* no detail: nothing to redact */
	assert_string_equal(got[2].detail, "{\"cases\":1}"); /* the kept action */
	assert_string_equal(got[3].detail, "{\"into_id\":3}"); /* another object */
	for (int i = 0; i < n; i++)
		ld_audit_clear(&got[i]);
	assert_chain(s, 4);
	memset(&r, 0, sizeof r);
	assert_ok(STORE_CALL(s, audit_redact, "case/1", NULL, AT0 + 10, false, &r, &err));
	assert_int_equal(r.audit_details, 1); /* without a kept action the erase row goes too */
	assert_fails(STORE_CALL(s, audit_redact, "", NULL, AT0, false, &r, &err), LD_ERR_INVALID,
		     "invalid_object");
	assert_chain(s, 4);
}

static void test_store_gdpr_retention_cases(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Jana", "", ""), ids[8];
	int64_t old_closed, old_open, recent, bare, removed;
	struct ld_case c;
	struct store_removal r = { 0 };
	int n = 0;

	c = case_of(cust);
	c.status = LD_ST_CLOSED;
	assert_ok(STORE_CALL(s, case_insert, &c, &err));
	old_closed = c.id;
	new_interaction(s, old_closed, AT0);
	c = case_of(cust);
	assert_ok(STORE_CALL(s, case_insert, &c, &err)); /* new: never swept */
	old_open = c.id;
	new_interaction(s, old_open, AT0);
	c = case_of(cust);
	c.status = LD_ST_RESOLVED;
	assert_ok(STORE_CALL(s, case_insert, &c, &err));
	recent = c.id;
	new_interaction(s, recent, AT0);
	new_interaction(s, recent, AT0 + 1000); /* its last contact is after the cut */
	c = case_of(cust);
	c.status = LD_ST_CLOSED;
	assert_ok(STORE_CALL(s, case_insert, &c, &err)); /* no contact: its creation counts */
	bare = c.id;
	c = case_of(cust);
	c.status = LD_ST_RESOLVED;
	assert_ok(STORE_CALL(s, case_insert, &c, &err));
	removed = c.id;
	assert_ok(STORE_CALL(s, case_contents_remove, removed, AT0, false, &r, &err));

	assert_ok(STORE_CALL(s, retention_cases, AT0 + 500, 0, 8, ids, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], old_closed);
	assert_int_equal(ids[1], bare);
	assert_ok(STORE_CALL(s, retention_cases, AT0 + 500, old_closed, 1, ids, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], bare);
	assert_ok(STORE_CALL(s, retention_cases, AT0 + 2000, 0, 8, ids, &n, &err));
	assert_int_equal(n, 3);
	assert_int_equal(ids[1], recent);
	assert_fails(STORE_CALL(s, retention_cases, AT0, 0, 0, ids, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
}

static void test_store_gdpr_compact(void **state)
{
	struct store *s = *state;
	struct store_compaction c;

	new_customer(s, "Jana", "jana@example.cz", "");
	assert_ok(STORE_CALL(s, begin, &err));
	assert_fails(STORE_CALL(s, compact_after_erase, &c, &err), LD_ERR_INTERNAL,
		     "in_transaction");
	s->ops->rollback(s);
	assert_ok(STORE_CALL(s, compact_after_erase, &c, &err));
	assert_true(c.complete);
	assert_true(c.index_rewritten);
	assert_string_equal(c.note, "");
}

/* ====================================================================
 * SQLite: migration 0008 and the relaxed guards
 * ==================================================================== */

static void test_store_sqlite_gdpr_guards(void **state)
{
	struct fixture_pair p;
	struct world w;
	sqlite3 *db = NULL;

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	fixture_pair_open(&p);
	build(p.a, &w);
	assert_int_equal(sqlite3_open(p.path, &db), SQLITE_OK);
	/* interaction: a body may go to NULL, nothing else may change, and never back. */
	assert_true(exec_fails(db, "UPDATE interaction SET body = 'other' WHERE id = 1",
			       "append-only"));
	assert_true(exec_fails(db, "UPDATE interaction SET body = NULL, started_at = 1 WHERE id = 1",
			       "append-only"));
	assert_true(exec_fails(db, "UPDATE interaction SET sentiment = 0.5 WHERE id = 1",
			       "append-only"));
	exec_sql(db, "UPDATE interaction SET body = NULL WHERE id = 1");
	assert_true(exec_fails(db, "UPDATE interaction SET body = 'back' WHERE id = 1",
			       "append-only"));
	assert_true(exec_fails(db, "DELETE FROM interaction WHERE id = 1", "append-only"));
	exec_sql(db, "UPDATE interaction SET case_id = case_id WHERE id = 2"); /* a merge's move */
	/* survey: an answer's comment may be cleared, nothing else of it may change. */
	assert_true(exec_fails(db, "UPDATE survey SET score = 9 WHERE id = 1", "survey_answered"));
	assert_true(exec_fails(db, "UPDATE survey SET comment = 'other' WHERE id = 1",
			       "survey_answered"));
	assert_true(exec_fails(db, "UPDATE survey SET comment = NULL, score = 9 WHERE id = 1",
			       "survey_answered"));
	exec_sql(db, "UPDATE survey SET comment = NULL WHERE id = 1");
	assert_true(exec_fails(db, "UPDATE survey SET comment = 'back' WHERE id = 1",
			       "survey_answered"));
	sqlite3_close(db);
	fixture_pair_close(&p);
}

/* A store file as the release before 0008 left it, with a case, contacts and an answer. */
static void make_store_before_0008(const char *path)
{
	sqlite3 *db = NULL;

	make_store_before(path, 8, &db);
	exec_sql(db, "INSERT INTO customer (id, name, consent, created_at, updated_at)"
		     " VALUES (1, 'Old Customer', 1, 0, 0)");
	exec_sql(db, "INSERT INTO ticket (id, customer_id, subject, category, status, priority,"
		     " created_at, updated_at, reopen_count, version, sla_first_response_breached,"
		     " sla_resolution_breached, effort_contacts, effort_repeat_contacts,"
		     " effort_transfers, effort_channel_switches, effort_re_explanations,"
		     " effort_robot_only, effort_reopens, effort_reexplain_armed,"
		     " effort_repeat_case, effort_bot_pending, effort_handlers)"
		     " VALUES (1, 1, 'Old subject', 'problem', 'closed', 'normal', 0, 0, 0, 1, 0, 0,"
		     " 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, x'')");
	exec_sql(db, "INSERT INTO interaction (case_id, customer_id, channel, direction, kind,"
		     " started_at, body) VALUES (1, 1, 'email', 'in', 'message', 0, 'old body')");
	sqlite3_close(db);
}

static void test_store_sqlite_gdpr_migration(void **state)
{
	char dir[] = "/tmp/ld_gdpr_XXXXXX", path[64];
	struct store *s = NULL;
	struct store_removal r = { 0 };
	struct ld_interaction it[2];
	int64_t ids[2];
	int n = 0, version = 0;

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/old.db", dir);
	make_store_before_0008(path);
	assert_ok(store_open(path, &s, &err));
	assert_ok(STORE_CALL(s, schema_version, &version, &err));
	assert_true(version >= 8);
	assert_ok(STORE_CALL(s, retention_cases, AT0, 0, 2, ids, &n, &err));
	assert_int_equal(n, 1); /* the old closed case, contents not removed yet */
	assert_ok(STORE_CALL(s, case_contents_remove, 1, AT0, false, &r, &err));
	assert_int_equal(r.contacts, 1);
	assert_ok(STORE_CALL(s, interaction_list_case, 1, 0, 2, false, it, &n, &err));
	assert_int_equal(n, 1);
	assert_null(it[0].body);
	ld_interaction_clear(&it[0]);
	assert_ok(STORE_CALL(s, retention_cases, AT0, 0, 2, ids, &n, &err));
	assert_int_equal(n, 0);
	store_close(s);
	fixture_unlink_sqlite(path);
	rmdir(dir);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_store_gdpr_case_contents),
		T(test_store_gdpr_customer_texts),
		T(test_store_gdpr_logins),
		T(test_store_gdpr_audit_redact),
		T(test_store_gdpr_retention_cases),
		T(test_store_gdpr_compact),
		cmocka_unit_test(test_store_sqlite_gdpr_guards),
		cmocka_unit_test(test_store_sqlite_gdpr_migration),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
