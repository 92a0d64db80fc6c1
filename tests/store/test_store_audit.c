/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store contract suite, audit log and login throttle (tests/store/
 * store_fixture.h says which store it runs against).
 *
 * Owns: the meaning of audit_insert (the next id, the detail digest and the
 * link of the hash chain, util/audit_chain.h, computed from the last row —
 * also across rolled-back transactions and two handles), audit_list (every
 * field back, each filter, the cursor) and the throttle_* operations. The
 * SQLite-only tests check migration 0007 on a store written before it (the
 * chain of the old rows, computed at open) and the update guard that lets
 * a redaction through and nothing else.
 */
#include "store_fixture.h"

#include "sqlite_fixture.h"
#include "util/audit_chain.h"

#define AT0 INT64_C(1795514400) /* 2026-11-24T10:00:00Z */

/* Inserts one row; returns nothing (ids are checked by the list). */
static void put(struct store *s, int64_t actor, const char *action, const char *object,
		const char *detail, const char *address, int64_t at)
{
	struct store_audit a = { .actor_id = actor, .action = action, .object = object,
				 .detail = detail, .address = address, .at = at };

	assert_ok(STORE_CALL(s, audit_insert, &a, &err));
}

/* Every row of the log, by id; *n = how many (at most `cap`). */
static void list_all(struct store *s, struct ld_audit *out, int cap, int *n)
{
	struct store_audit_query q = { .limit = cap };

	assert_ok(STORE_CALL(s, audit_list, &q, out, n, &err));
}

static void clear_all(struct ld_audit *rows, int n)
{
	for (int i = 0; i < n; i++)
		ld_audit_clear(&rows[i]);
}

/* The whole log verifies: consecutive ids, digests of the details, every link. */
static int assert_chain_intact(struct store *s)
{
	struct ld_audit rows[64];
	uint8_t want[AUDIT_CHAIN_BYTES];
	int n = 0;

	list_all(s, rows, 64, &n);
	for (int i = 0; i < n; i++) {
		const struct ld_audit *a = &rows[i];
		struct audit_chain_row f = {
			.id = a->id, .at = a->at, .actor_id = a->actor_id, .action = a->action,
			.object = a->object, .address = a->address,
			.detail_digest = a->has_detail_digest ? a->detail_digest : NULL,
		};

		assert_int_equal(a->id, i + 1);
		assert_true(a->has_chain);
		assert_int_equal(a->has_detail_digest, a->detail != NULL || a->redacted_at != 0);
		if (a->detail != NULL && a->redacted_at == 0) {
			audit_chain_digest(a->detail, strlen(a->detail), want);
			assert_memory_equal(want, a->detail_digest, sizeof want);
		}
		audit_chain_next(i == 0 ? NULL : rows[i - 1].chain, &f, want);
		if (memcmp(want, a->chain, sizeof want) != 0)
			fail_msg("audit row %lld does not link to row %lld", (long long)a->id,
				 (long long)a->id - 1);
	}
	clear_all(rows, n);
	return n;
}

static void test_store_audit_chain_links(void **state)
{
	struct store *s = *state;
	int64_t agent = new_agent(s, "Auditor", "audit@desk.example");
	struct ld_audit rows[4];
	int n = 0;

	put(s, agent, "case.transfer", "case/42", "{\"to_agent_id\":3}", "192.0.2.1", AT0);
	put(s, 0, "session.refused", NULL, "{\"reason\":\"unknown_account\"}", "2001:db8::7",
	    AT0 + 1);
	put(s, 0, "figures.repair", "", NULL, "", 0);
	assert_int_equal(assert_chain_intact(s), 3);

	list_all(s, rows, 4, &n);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].actor_id, agent);
	assert_string_equal(rows[0].action, "case.transfer");
	assert_string_equal(rows[0].object, "case/42");
	assert_string_equal(rows[0].address, "192.0.2.1");
	assert_string_equal(rows[0].detail, "{\"to_agent_id\":3}");
	assert_int_equal(rows[0].at, AT0);
	assert_int_equal(rows[0].redacted_at, 0);
	assert_int_equal(rows[1].actor_id, 0);
	assert_null(rows[1].object);
	assert_string_equal(rows[1].address, "2001:db8::7");
	/* "" is no text, in the row and in its chain alike; at 0 is "now". */
	assert_null(rows[2].object);
	assert_null(rows[2].address);
	assert_null(rows[2].detail);
	assert_false(rows[2].has_detail_digest);
	assert_true(rows[2].at > AT0 - 3650 * 86400);
	clear_all(rows, n);
}

static void test_store_audit_bounds(void **state)
{
	struct store *s = *state;
	struct store_audit a = { .action = "x.y", .at = AT0 };
	char long_text[LD_AUDIT_OBJECT_MAX + 2];
	struct ld_audit rows[2];
	int n = -1;

	memset(long_text, 'o', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	a.object = long_text;
	assert_fails(STORE_CALL(s, audit_insert, &a, &err), LD_ERR_INVALID, "invalid_audit");
	long_text[LD_AUDIT_OBJECT_MAX] = '\0';
	assert_ok(STORE_CALL(s, audit_insert, &a, &err));
	a.object = NULL;
	long_text[LD_AUDIT_ADDRESS_MAX + 1] = '\0';
	a.address = long_text;
	assert_fails(STORE_CALL(s, audit_insert, &a, &err), LD_ERR_INVALID, "invalid_audit");
	a.address = NULL;
	long_text[LD_AUDIT_ACTION_MAX + 1] = '\0';
	a.action = long_text;
	assert_fails(STORE_CALL(s, audit_insert, &a, &err), LD_ERR_INVALID, "invalid_audit");
	a.action = NULL;
	assert_fails(STORE_CALL(s, audit_insert, &a, &err), LD_ERR_INVALID, "invalid_audit");
	/* What was refused left no row and no gap. */
	a.action = "x.z";
	assert_ok(STORE_CALL(s, audit_insert, &a, &err));
	assert_int_equal(assert_chain_intact(s), 2);

	struct store_audit_query q = { .limit = 0 };
	assert_fails(STORE_CALL(s, audit_list, &q, rows, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
}

static void test_store_audit_list_filters(void **state)
{
	struct store *s = *state;
	int64_t ann = new_agent(s, "Ann", "ann@desk.example");
	int64_t bob = new_agent(s, "Bob", "bob@desk.example");
	struct store_audit_query q = { .limit = 10 };
	struct ld_audit rows[10];
	int n = 0;

	put(s, ann, "case.create", "case/1", NULL, "192.0.2.1", AT0);           /* 1 */
	put(s, bob, "case.transfer", "case/1", NULL, NULL, AT0 + 60);           /* 2 */
	put(s, ann, "case.transfer", "case/2", NULL, NULL, AT0 + 120);          /* 3 */
	put(s, 0, "session.refused", "agent/1", "{\"reason\":\"wrong_password\"}", "192.0.2.9",
	    AT0 + 180);                                                         /* 4 */
	put(s, ann, "case.create", "case/3", NULL, NULL, AT0 - 86400);          /* 5 */

	q.actor_id = ann;
	assert_ok(STORE_CALL(s, audit_list, &q, rows, &n, &err));
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].id, 1);
	assert_int_equal(rows[1].id, 3);
	assert_int_equal(rows[2].id, 5);
	clear_all(rows, n);

	q.actor_id = 0;
	q.object = "case/1";
	assert_ok(STORE_CALL(s, audit_list, &q, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].id, 2);
	clear_all(rows, n);

	q.object = NULL;
	q.action = "case.transfer";
	q.actor_id = ann;
	assert_ok(STORE_CALL(s, audit_list, &q, rows, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, 3);
	clear_all(rows, n);

	/* [from, to): the time, not the id, and `to` exclusive. */
	memset(&q, 0, sizeof q);
	q.limit = 10;
	q.from = AT0;
	q.to = AT0 + 180;
	assert_ok(STORE_CALL(s, audit_list, &q, rows, &n, &err));
	assert_int_equal(n, 3);
	assert_int_equal(rows[2].id, 3);
	clear_all(rows, n);

	/* The cursor: pages of two, by id. */
	memset(&q, 0, sizeof q);
	q.limit = 2;
	assert_ok(STORE_CALL(s, audit_list, &q, rows, &n, &err));
	assert_int_equal(n, 2);
	q.after_id = rows[1].id;
	clear_all(rows, n);
	assert_ok(STORE_CALL(s, audit_list, &q, rows, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, 3);
	q.after_id = rows[1].id;
	clear_all(rows, n);
	assert_ok(STORE_CALL(s, audit_list, &q, rows, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, 5);
	clear_all(rows, n);

	/* Matches nothing: an empty page. */
	memset(&q, 0, sizeof q);
	q.limit = 10;
	q.action = "nothing.such";
	assert_ok(STORE_CALL(s, audit_list, &q, rows, &n, &err));
	assert_int_equal(n, 0);
}

/* A row rolled back leaves no gap: the next one takes its id and links to the last kept. */
static void test_store_audit_rollback_keeps_chain(void **state)
{
	struct store *s = *state;

	put(s, 0, "a.one", NULL, NULL, NULL, AT0);
	assert_ok(STORE_CALL(s, begin, &err));
	put(s, 0, "a.gone", NULL, NULL, NULL, AT0);
	s->ops->rollback(s);
	assert_ok(STORE_CALL(s, begin, &err));
	put(s, 0, "a.two", NULL, NULL, NULL, AT0);
	assert_ok(STORE_CALL(s, savepoint, &err));
	put(s, 0, "a.undone", NULL, NULL, NULL, AT0);
	s->ops->rollback_savepoint(s);
	put(s, 0, "a.three", NULL, "{}", NULL, AT0);
	assert_ok(STORE_CALL(s, commit, &err));
	assert_int_equal(assert_chain_intact(s), 3);
}

/* Two handles appending in turn write one chain, not two forks. */
static void test_store_audit_two_handles(void **state)
{
	struct fixture_pair p;

	(void)state;
	fixture_pair_open(&p);
	for (int i = 0; i < 6; i++)
		put(i % 2 ? p.b : p.a, 0, i % 2 ? "b.write" : "a.write", NULL, NULL, NULL, AT0 + i);
	assert_ok(STORE_CALL(p.a, begin, &err));
	put(p.a, 0, "a.tx", NULL, NULL, NULL, AT0);
	assert_ok(STORE_CALL(p.a, commit, &err));
	put(p.b, 0, "b.after", NULL, NULL, NULL, AT0);
	assert_int_equal(assert_chain_intact(p.a), 8);
	fixture_pair_close(&p);
}

static void test_store_throttle(void **state)
{
	struct store *s = *state;
	struct throttle_state st = { .failures = 3, .last_at = AT0, .blocked_until = AT0 + 4 };
	struct throttle_state got;
	char long_key[STORE_THROTTLE_KEY_MAX + 2];

	assert_fails(STORE_CALL(s, throttle_get, "login:ab", &got, &err), LD_ERR_NOT_FOUND,
		     "throttle_not_found");
	assert_ok(STORE_CALL(s, throttle_put, "login:ab", &st, AT0 + 900, AT0, &err));
	assert_ok(STORE_CALL(s, throttle_get, "login:ab", &got, &err));
	assert_int_equal(got.failures, 3);
	assert_int_equal(got.last_at, AT0);
	assert_int_equal(got.blocked_until, AT0 + 4);
	st.failures = 4;
	assert_ok(STORE_CALL(s, throttle_put, "login:ab", &st, AT0 + 900, AT0, &err));
	assert_ok(STORE_CALL(s, throttle_get, "login:ab", &got, &err));
	assert_int_equal(got.failures, 4);

	/* A put drops every key whose time has come, and only those. */
	assert_ok(STORE_CALL(s, throttle_put, "address:192.0.2.1", &st, AT0 + 100, AT0, &err));
	assert_ok(STORE_CALL(s, throttle_put, "address:192.0.2.2", &st, AT0 + 2000, AT0 + 900,
			     &err));
	assert_fails(STORE_CALL(s, throttle_get, "login:ab", &got, &err), LD_ERR_NOT_FOUND,
		     "throttle_not_found");
	assert_fails(STORE_CALL(s, throttle_get, "address:192.0.2.1", &got, &err),
		     LD_ERR_NOT_FOUND, "throttle_not_found");
	assert_ok(STORE_CALL(s, throttle_get, "address:192.0.2.2", &got, &err));

	assert_ok(STORE_CALL(s, throttle_delete, "address:192.0.2.2", &err));
	assert_ok(STORE_CALL(s, throttle_delete, "address:192.0.2.2", &err));
	assert_fails(STORE_CALL(s, throttle_get, "address:192.0.2.2", &got, &err),
		     LD_ERR_NOT_FOUND, "throttle_not_found");

	memset(long_key, 'k', sizeof long_key - 1);
	long_key[sizeof long_key - 1] = '\0';
	assert_fails(STORE_CALL(s, throttle_put, long_key, &st, AT0, AT0, &err), LD_ERR_INVALID,
		     "invalid_throttle");
	assert_fails(STORE_CALL(s, throttle_get, "", &got, &err), LD_ERR_INVALID,
		     "invalid_throttle");
}

/* ====================================================================
 * SQLite: migration 0007 and the update guard
 * ==================================================================== */

/* A store file as the release before 0007 left it: migrations 1…6 only. */
static void make_store_before_0007(const char *path)
{
	sqlite3 *db = NULL;

	make_store_before(path, 7, &db);
	exec_sql(db, "INSERT INTO agent (id, name, email, role, senior, active, created_at)"
		     " VALUES (1, 'Old Admin', 'old@desk.example', 'admin', 0, 1, 0)");
	exec_sql(db, "INSERT INTO audit (actor_id, action, object, at, detail) VALUES"
		     " (1, 'agent.create', 'agent/1', 1700000000, NULL),"
		     " (NULL, 'case.import', 'case/1', 1700000100, '{\"count\":2}'),"
		     " (1, 'case.transfer', 'case/1', 1700000200, '{\"to_agent_id\":1}')");
	sqlite3_close(db);
}

static void test_store_sqlite_audit_migration(void **state)
{
	char dir[] = "/tmp/ld_audit_XXXXXX", path[64];
	struct store *s = NULL;
	struct ld_audit rows[4];
	int n = 0;

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/old.db", dir);
	make_store_before_0007(path);
	assert_ok(store_open(path, &s, &err));
	/* The rows written before the chain are chained, their details digested. */
	assert_int_equal(assert_chain_intact(s), 3);
	list_all(s, rows, 4, &n);
	assert_null(rows[0].address);
	assert_false(rows[0].has_detail_digest);
	assert_true(rows[1].has_detail_digest);
	assert_string_equal(rows[2].detail, "{\"to_agent_id\":1}");
	clear_all(rows, n);
	/* New rows link to them. */
	put(s, 1, "case.update", "case/1", NULL, "192.0.2.1", 1700000300);
	assert_int_equal(assert_chain_intact(s), 4);
	store_close(s);
	fixture_unlink_sqlite(path);
	rmdir(dir);
}

static void test_store_sqlite_audit_guard(void **state)
{
	struct fixture_pair p;
	sqlite3 *db = NULL;
	struct ld_audit rows[3];
	int n = 0;

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	fixture_pair_open(&p);
	put(p.a, 0, "session.refused", NULL, "{\"reason\":\"wrong_password\"}", "192.0.2.1", AT0);
	put(p.a, 0, "case.create", "case/1", NULL, NULL, AT0);
	assert_int_equal(sqlite3_open(p.path, &db), SQLITE_OK);
	assert_true(exec_fails(db, "UPDATE audit SET action = 'x.y' WHERE id = 1", "append-only"));
	assert_true(exec_fails(db, "UPDATE audit SET detail = NULL WHERE id = 1", "append-only"));
	assert_true(exec_fails(db, "DELETE FROM audit WHERE id = 2", "append-only"));
	assert_true(exec_fails(db, "UPDATE audit SET redacted_at = 1, address = '192.0.2.2'"
				   " WHERE id = 1", "append-only"));
	/* A redaction: the detail goes, its digest and the chain stay; once. */
	exec_sql(db, "UPDATE audit SET detail = '{\"reason\":\"redacted\"}', redacted_at = 1800000000"
		     " WHERE id = 1");
	assert_true(exec_fails(db, "UPDATE audit SET detail = NULL, redacted_at = 1800000001"
				   " WHERE id = 1", "append-only"));
	sqlite3_close(db);
	assert_int_equal(assert_chain_intact(p.a), 2);
	list_all(p.a, rows, 3, &n);
	assert_int_equal(rows[0].redacted_at, 1800000000);
	assert_true(rows[0].has_detail_digest);
	assert_string_equal(rows[0].detail, "{\"reason\":\"redacted\"}");
	clear_all(rows, n);
	fixture_pair_close(&p);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_store_audit_chain_links),
		T(test_store_audit_bounds),
		T(test_store_audit_list_filters),
		T(test_store_audit_rollback_keeps_chain),
		cmocka_unit_test(test_store_audit_two_handles),
		T(test_store_throttle),
		cmocka_unit_test(test_store_sqlite_audit_migration),
		cmocka_unit_test(test_store_sqlite_audit_guard),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
