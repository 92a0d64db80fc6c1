/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A full database (store/sqlite/space.c and the transaction handling of
 * db.c), without filling a filesystem: the driver's test hook caps every
 * handle at its database's size (PRAGMA max_page_count), so the next write
 * that needs a new page fails with SQLITE_FULL exactly as on a full disk.
 *
 *  - which SQLite codes mean "no room" (FULL; IOERR with ENOSPC/EDQUOT);
 *  - a capped write answers LD_ERR_FULL "storage_full", not INTERNAL;
 *  - the handle is not left in a transaction, reads go on, and once the cap
 *    is lifted writes commit again;
 *  - the refused write is remembered (space()) until a change commits, for
 *    every handle of the file, and a commit with a refusal in it does not
 *    count;
 *  - a transaction SQLite dropped by itself is refused statement by
 *    statement (never run in autocommit) with the error that dropped it;
 *  - free bytes from the filesystem, unknown in memory.
 *
 * SQLite only (the hook is the driver's); each test lifts the cap it set.
 */
#include "store_fixture.h"

#include <errno.h>

#include "store/sqlite/sqlite_store.h"

#define NOTES_LEN 1500 /* bytes of notes per customer: a page fills in a few rows */
#define FILL_MAX 20000 /* writes before a capped database must be full */
#define PAGE_ROWS 100  /* customers per list page when counting */

/*
 * Inserts customers with long notes on `s` until one is refused; returns
 * how many went in. Asserts that the refusal is LD_ERR_FULL "storage_full".
 */
static int fill_until_full(struct store *s, const char *tag)
{
	static char notes[NOTES_LEN + 1];
	struct ld_customer c;
	ld_status rc = LD_OK;
	int n;

	memset(notes, 'x', NOTES_LEN);
	notes[NOTES_LEN] = '\0';
	for (n = 0; n < FILL_MAX; n++) {
		char name[64];

		snprintf(name, sizeof name, "%s %d", tag, n);
		c = customer_of(name, "", "");
		c.notes = notes;
		ld_err_clear(&err);
		if ((rc = STORE_CALL(s, customer_insert, &c, &err)) != LD_OK)
			break;
	}
	if (rc != LD_ERR_FULL || strcmp(err.code, "storage_full") != 0)
		fail_msg("after %d writes: %d %s: %s, wanted storage_full", n, rc, err.code,
			 err.message);
	return n;
}

/* The space() answer of `s`. */
static struct store_space space_of(struct store *s)
{
	struct store_space sp;

	memset(&sp, 0x55, sizeof sp);
	assert_ok(STORE_CALL(s, space, &sp, &err));
	return sp;
}

/* Number of customers `s` sees whose name starts with `tag`. */
static int count_tagged(struct store *s, const char *tag)
{
	struct store_customer_query q;
	struct ld_customer page[PAGE_ROWS];
	int n = 0, total = 0;

	memset(&q, 0, sizeof q);
	q.limit = PAGE_ROWS;
	for (;;) {
		assert_ok(STORE_CALL(s, customer_list, &q, page, &n, &err));
		for (int i = 0; i < n; i++) {
			if (strncmp(page[i].name, tag, strlen(tag)) == 0)
				total++;
			q.after_id = page[i].id;
			ld_customer_clear(&page[i]);
		}
		if (n < q.limit)
			return total;
	}
}

static void test_store_space_full_codes(void **state)
{
	(void)state;
	assert_true(sq_is_full(SQLITE_FULL, 0));
	assert_true(sq_is_full(SQLITE_IOERR_WRITE, ENOSPC));
	assert_true(sq_is_full(SQLITE_IOERR_SHMSIZE, ENOSPC));
	assert_true(sq_is_full(SQLITE_IOERR_FSYNC, EDQUOT));
	assert_false(sq_is_full(SQLITE_IOERR_WRITE, EIO));
	assert_false(sq_is_full(SQLITE_IOERR_NOMEM, ENOSPC)); /* its errno is stale */
	assert_false(sq_is_full(SQLITE_BUSY, ENOSPC));
	assert_false(sq_is_full(SQLITE_CORRUPT, 0));
}

static void test_store_space_capped_write_is_full(void **state)
{
	struct store *s = *state;
	struct store_space sp;
	struct ld_org o = { 0 };
	int64_t kept;
	int n;

	FIXTURE_REQUIRE_SQLITE();
	kept = new_customer(s, "Before the cap", "", "");
	sp = space_of(s);
	assert_int_equal(sp.full_age_s, -1);

	sq_test_cap_pages(true);
	assert_ok(STORE_CALL(s, begin, &err));
	n = fill_until_full(s, "Filler");
	assert_true(n < FILL_MAX);
	sp = space_of(s);
	assert_true(sp.full_age_s >= 0);
	s->ops->rollback(s);

	/* Out of the transaction: a new one opens, reads answer, nothing of the
	 * rolled-back one is left. */
	assert_ok(STORE_CALL(s, begin, &err));
	s->ops->rollback(s);
	assert_int_equal(count_tagged(s, "Filler"), 0);
	{
		struct ld_customer c;
		assert_ok(STORE_CALL(s, customer_get, kept, &c, &err));
		ld_customer_clear(&c);
	}
	/* Still capped: a write outside a transaction is refused alike. */
	fill_until_full(s, "Outside");
	/* A commit whose transaction had a refusal in it proves nothing. */
	assert_ok(STORE_CALL(s, begin, &err));
	fill_until_full(s, "Committed");
	ld_err_clear(&err);
	{
		ld_status rc = STORE_CALL(s, commit, &err);
		if (rc != LD_OK)
			assert_int_equal(rc, LD_ERR_FULL);
	}
	assert_true(space_of(s).full_age_s >= 0);

	/* Room again: writes commit, and the refusal is forgotten. */
	sq_test_cap_pages(false);
	assert_ok(STORE_CALL(s, begin, &err));
	snprintf(o.name, sizeof o.name, "After the cap");
	assert_ok(STORE_CALL(s, org_insert, &o, &err));
	assert_ok(STORE_CALL(s, commit, &err));
	assert_int_equal(space_of(s).full_age_s, -1);
	assert_ok(STORE_CALL(s, org_get, o.id, &o, &err));
}

static void test_store_space_empty_commit_keeps_mark(void **state)
{
	struct store *s = *state;

	FIXTURE_REQUIRE_SQLITE();
	sq_test_cap_pages(true);
	assert_ok(STORE_CALL(s, begin, &err));
	fill_until_full(s, "Filler");
	s->ops->rollback(s);
	sq_test_cap_pages(false);
	/* A transaction that changes nothing says nothing about the room. */
	assert_ok(STORE_CALL(s, begin, &err));
	assert_ok(STORE_CALL(s, commit, &err));
	assert_true(space_of(s).full_age_s >= 0);
	new_org(s, "Written");
	assert_int_equal(space_of(s).full_age_s, -1);
}

static void test_store_space_mark_is_per_file(void **state)
{
	struct fixture_pair p;

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	fixture_pair_open(&p);
	sq_test_cap_pages(true);
	assert_ok(STORE_CALL(p.a, begin, &err));
	fill_until_full(p.a, "Filler");
	p.a->ops->rollback(p.a);
	sq_test_cap_pages(false);
	/* b met nothing itself, and sees a's refusal; b's write clears it for a. */
	assert_true(space_of(p.b).full_age_s >= 0);
	new_org(p.b, "Written by b");
	assert_int_equal(space_of(p.a).full_age_s, -1);
	/* A file database knows its filesystem's room. */
	assert_true(space_of(p.a).free_bytes > 0);
	fixture_pair_close(&p);
}

static void test_store_space_memory_has_no_free_bytes(void **state)
{
	struct store *s = NULL;

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	assert_ok(store_open(":memory:", &s, &err));
	assert_int_equal(space_of(s).free_bytes, -1);
	store_close(s);
}

/*
 * SQLite rolls a whole transaction back by itself after some FULL and I/O
 * errors; the ROLLBACK on the raw connection below is that, made on purpose.
 */
static void test_store_space_dropped_transaction_is_refused(void **state)
{
	struct store *s = *state;
	struct sq_store *sq = sq_of(s);
	struct ld_org o = { 0 };

	FIXTURE_REQUIRE_SQLITE();
	/* An I/O error: every statement after it is refused, none autocommits. */
	assert_ok(STORE_CALL(s, begin, &err));
	new_org(s, "Dropped");
	assert_int_equal(sqlite3_exec(sq->db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	snprintf(o.name, sizeof o.name, "Would autocommit");
	assert_fails(STORE_CALL(s, org_insert, &o, &err), LD_ERR_INTERNAL, "transaction_aborted");
	assert_fails(STORE_CALL(s, savepoint, &err), LD_ERR_INTERNAL, "transaction_aborted");
	assert_fails(STORE_CALL(s, commit, &err), LD_ERR_INTERNAL, "transaction_aborted");
	assert_fails(STORE_CALL(s, org_get, 1, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");
	assert_fails(STORE_CALL(s, org_get, 2, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");

	/* A full disk: the same, with the full disk's error. */
	sq_test_cap_pages(true);
	assert_ok(STORE_CALL(s, begin, &err));
	fill_until_full(s, "Filler");
	/* Here SQLite has usually dropped the transaction already. */
	(void)sqlite3_exec(sq->db, "ROLLBACK", NULL, NULL, NULL);
	assert_true(sqlite3_get_autocommit(sq->db));
	assert_fails(STORE_CALL(s, org_insert, &o, &err), LD_ERR_FULL, "storage_full");
	assert_fails(STORE_CALL(s, commit, &err), LD_ERR_FULL, "storage_full");
	sq_test_cap_pages(false);

	/* The handle is as good as new. */
	assert_ok(STORE_CALL(s, begin, &err));
	assert_ok(STORE_CALL(s, org_insert, &o, &err));
	assert_ok(STORE_CALL(s, commit, &err));
	assert_int_equal(count_tagged(s, "Filler"), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_space_full_codes),
		T(test_store_space_capped_write_is_full),
		T(test_store_space_empty_commit_keeps_mark),
		cmocka_unit_test(test_store_space_mark_is_per_file),
		cmocka_unit_test(test_store_space_memory_has_no_free_bytes),
		T(test_store_space_dropped_transaction_is_refused),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
