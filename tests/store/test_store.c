/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store contract test suite (store.h), run against a backend through the
 * interface only: no backend header, no SQL. Every test opens a fresh
 * ":memory:" store, except the few that need a file (reopening, a second
 * handle holding the write lock).
 *
 * Owns: the executable meaning of each store.h sentence — round trips of
 * every entity with all fields (UTF-8 included), cursor pagination, unique
 * and foreign-key errors, optimistic concurrency, search folding and its
 * resistance to hostile text, timeline order, transactions, sessions, audit,
 * SLA configuration. A second backend must pass it unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/store.h"

/* The error record of the call under test (tests run one at a time). */
static struct ld_err err;

#define assert_ok(expr)                                                                    \
	do {                                                                               \
		ld_err_clear(&err);                                                        \
		ld_status rc_ = (expr);                                                    \
		if (rc_ != LD_OK)                                                          \
			print_error("%s\n  -> %s: %s [%s]\n", #expr, err.code, err.message, \
				    err.field);                                            \
		assert_int_equal(rc_, LD_OK);                                              \
	} while (0)

#define assert_fails(expr, status, code_)                                                  \
	do {                                                                               \
		ld_err_clear(&err);                                                        \
		ld_status rc_ = (expr);                                                    \
		if (rc_ != (status) || strcmp(err.code, (code_)) != 0)                     \
			print_error("%s\n  -> %d %s: %s [%s]\n", #expr, rc_, err.code,      \
				    err.message, err.field);                               \
		assert_int_equal(rc_, (status));                                           \
		assert_string_equal(err.code, (code_));                                    \
	} while (0)

/* ====================================================================
 * Fixtures and builders
 * ==================================================================== */

static int setup(void **state)
{
	struct store *s = NULL;

	if (store_open(":memory:", &s, &err) != LD_OK) {
		print_error("store_open: %s\n", err.message);
		return -1;
	}
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

static int latest_migration(void)
{
	return store_sqlite_migrations[store_sqlite_migrations_len - 1].version;
}

static int64_t new_org(struct store *s, const char *name)
{
	struct ld_org o = { 0 };

	snprintf(o.name, sizeof o.name, "%s", name);
	assert_ok(STORE_CALL(s, org_insert, &o, &err));
	return o.id;
}

static struct ld_customer customer_of(const char *name, const char *email, const char *phone)
{
	struct ld_customer c = { 0 };

	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.email, sizeof c.email, "%s", email);
	snprintf(c.phone, sizeof c.phone, "%s", phone);
	snprintf(c.language, sizeof c.language, "cs");
	c.preferred_channel = -1;
	return c;
}

static int64_t new_customer(struct store *s, const char *name, const char *email,
			    const char *phone)
{
	struct ld_customer c = customer_of(name, email, phone);

	assert_ok(STORE_CALL(s, customer_insert, &c, &err));
	return c.id;
}

static int64_t new_team(struct store *s, const char *name)
{
	struct ld_team t = { 0 };

	snprintf(t.name, sizeof t.name, "%s", name);
	t.kind = LD_TEAM_QUEUE;
	assert_ok(STORE_CALL(s, team_insert, &t, &err));
	return t.id;
}

static int64_t new_agent(struct store *s, const char *name, const char *email)
{
	struct ld_agent a = { 0 };

	snprintf(a.name, sizeof a.name, "%s", name);
	snprintf(a.email, sizeof a.email, "%s", email);
	a.role = LD_ROLE_AGENT;
	a.active = true;
	assert_ok(STORE_CALL(s, agent_insert, &a, NULL, &err));
	return a.id;
}

static struct ld_case case_of(int64_t customer_id)
{
	struct ld_case c = { 0 };

	c.customer_id = customer_id;
	snprintf(c.subject, sizeof c.subject, "Reklamace objednávky");
	c.category = LD_CAT_PROBLEM;
	c.status = LD_ST_NEW;
	c.priority = LD_PRIO_NORMAL;
	c.created_at = 1700000000;
	c.effort.opened_at = 1700000000;
	c.effort.last_in_channel = -1;
	return c;
}

static int64_t new_case(struct store *s, int64_t customer_id)
{
	struct ld_case c = case_of(customer_id);

	assert_ok(STORE_CALL(s, case_insert, &c, &err));
	return c.id;
}

static struct ld_interaction interaction_of(int64_t case_id, int64_t started_at)
{
	struct ld_interaction it = { 0 };

	it.case_id = case_id;
	it.channel = LD_CH_EMAIL;
	it.direction = LD_DIR_IN;
	it.kind = LD_IK_MESSAGE;
	it.started_at = started_at;
	it.sentiment = NAN;
	it.status_to = -1;
	return it;
}

static int64_t new_interaction(struct store *s, int64_t case_id, int64_t started_at)
{
	struct ld_interaction it = interaction_of(case_id, started_at);

	assert_ok(STORE_CALL(s, interaction_insert, &it, &err));
	return it.id;
}

/* Ids of the customers a search finds (at most 16), in order; returns how many. */
static int search(struct store *s, const char *q, int64_t ids[16])
{
	struct ld_customer out[16];
	struct store_customer_query query = { .q = q, .limit = 16 };
	int n = -1;

	assert_ok(STORE_CALL(s, customer_list, &query, out, &n, &err));
	for (int i = 0; i < n; i++) {
		ids[i] = out[i].id;
		ld_customer_clear(&out[i]);
	}
	return n;
}

/* Whether searching `q` finds exactly the one customer `id`. */
static void assert_finds(struct store *s, const char *q, int64_t id)
{
	int64_t ids[16];
	int n = search(s, q, ids);

	if (n != 1 || ids[0] != id)
		print_error("search \"%s\": %d results\n", q, n);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], id);
}

static void assert_finds_nothing(struct store *s, const char *q)
{
	int64_t ids[16];

	assert_int_equal(search(s, q, ids), 0);
}

/* ====================================================================
 * Open, schema, files
 * ==================================================================== */

static void test_store_open_rejects_postgres_and_empty(void **state)
{
	struct store *s = (struct store *)0x1;

	(void)state;
	assert_fails(store_open("postgresql://db.example/loyaldesk", &s, &err), LD_ERR_INVALID,
		     "unsupported_store");
	assert_null(s);
	assert_fails(store_open("postgres://x", &s, &err), LD_ERR_INVALID, "unsupported_store");
	assert_fails(store_open("", &s, &err), LD_ERR_INVALID, "invalid_store_url");
}

static void test_store_open_missing_directory(void **state)
{
	const char *path = "/nonexistent-loyaldesk-dir/sub/desk.db";
	struct store *s = NULL;

	(void)state;
	assert_fails(store_open(path, &s, &err), LD_ERR_INTERNAL, "store_open_failed");
	assert_null(s);
	assert_non_null(strstr(err.message, path));
}

static void test_store_schema_version(void **state)
{
	struct store *s = *state;
	int version = -1;

	assert_ok(STORE_CALL(s, schema_version, &version, &err));
	assert_int_equal(version, latest_migration());
	assert_string_equal(s->ops->name, "sqlite");
}

/* A temporary directory with a database path inside; removed by cleanup. */
struct tmp_db {
	char dir[64];   /* mkdtemp() result */
	char path[128]; /* dir + "/desk.db" */
};

static void tmp_db_make(struct tmp_db *t)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/ld_store_XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/desk.db", t->dir);
}

static void tmp_db_remove(struct tmp_db *t)
{
	char p[160];
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

static void test_store_reopen_keeps_data(void **state)
{
	struct tmp_db t;
	struct store *s = NULL;
	struct ld_customer c = { 0 };
	int64_t id;
	int version = 0;

	(void)state;
	tmp_db_make(&t);
	assert_ok(store_open(t.path, &s, &err));
	id = new_customer(s, "Antonín Dvořák", "antonin@example.cz", "+420 601 000 111");
	new_case(s, id);
	store_close(s);

	/* 0001 creates tables without IF NOT EXISTS: re-applying it would fail here. */
	assert_ok(store_open(t.path, &s, &err));
	assert_ok(STORE_CALL(s, schema_version, &version, &err));
	assert_int_equal(version, latest_migration());
	assert_ok(STORE_CALL(s, customer_get, id, &c, &err));
	assert_string_equal(c.name, "Antonín Dvořák");
	ld_customer_clear(&c);
	assert_finds(s, "dvorak", id);
	store_close(s);
	tmp_db_remove(&t);
}

static void test_store_busy_is_retry(void **state)
{
	struct tmp_db t;
	struct store *a = NULL;
	struct store *b = NULL;
	struct ld_org o = { 0 };

	(void)state;
	tmp_db_make(&t);
	assert_ok(store_open(t.path, &a, &err));
	assert_ok(store_open(t.path, &b, &err));
	assert_ok(STORE_CALL(a, begin, &err));
	new_org(a, "Held");
	/* b waits busy_timeout for the write lock, then gives up. */
	assert_fails(STORE_CALL(b, begin, &err), LD_ERR_RETRY, "store_busy");
	/* WAL: a reader is not blocked by the writer and sees only committed rows. */
	assert_fails(STORE_CALL(b, org_get, 1, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");
	assert_ok(STORE_CALL(a, commit, &err));
	assert_ok(STORE_CALL(b, org_get, 1, &o, &err));
	assert_string_equal(o.name, "Held");
	store_close(a);
	store_close(b);
	tmp_db_remove(&t);
}

/* ====================================================================
 * Organisations, teams, facilities
 * ==================================================================== */

static void test_store_org_roundtrip(void **state)
{
	struct store *s = *state;
	struct ld_org o = { 0 };
	struct ld_org got;
	struct ld_org page[2];
	int n = -1;

	snprintf(o.name, sizeof o.name, "Pražská plynárenská");
	assert_ok(STORE_CALL(s, org_insert, &o, &err));
	assert_true(o.id > 0);
	assert_true(o.created_at > 0);
	assert_ok(STORE_CALL(s, org_get, o.id, &got, &err));
	assert_string_equal(got.name, "Pražská plynárenská");
	assert_int_equal(got.created_at, o.created_at);

	snprintf(o.name, sizeof o.name, "PP a.s.");
	assert_ok(STORE_CALL(s, org_update, &o, &err));
	assert_ok(STORE_CALL(s, org_get, o.id, &got, &err));
	assert_string_equal(got.name, "PP a.s.");

	new_org(s, "Second");
	new_org(s, "Third");
	struct ld_org dup = { 0 };
	snprintf(dup.name, sizeof dup.name, "Second");
	assert_fails(STORE_CALL(s, org_insert, &dup, &err), LD_ERR_CONFLICT, "org_exists");
	assert_string_equal(err.field, "name");

	assert_ok(STORE_CALL(s, org_list, 0, 2, page, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(page[0].name, "PP a.s.");
	assert_string_equal(page[1].name, "Second");
	assert_ok(STORE_CALL(s, org_list, page[1].id, 2, page, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(page[0].name, "Third");
	assert_ok(STORE_CALL(s, org_list, page[0].id, 2, page, &n, &err));
	assert_int_equal(n, 0);
	assert_fails(STORE_CALL(s, org_list, 0, 0, page, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");

	assert_fails(STORE_CALL(s, org_get, 999, &got, &err), LD_ERR_NOT_FOUND, "org_not_found");
	o.id = 999;
	assert_fails(STORE_CALL(s, org_update, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");
}

static void test_store_team_roundtrip(void **state)
{
	struct store *s = *state;
	struct store_calendar cal = { 0 };
	struct ld_team t = { 0 };
	struct ld_team got;
	struct ld_team page[4];
	int n = -1;

	snprintf(cal.name, sizeof cal.name, "Praha");
	assert_ok(STORE_CALL(s, calendar_insert, &cal, &err));

	snprintf(t.name, sizeof t.name, "Reklamace");
	t.kind = LD_TEAM_DEPARTMENT;
	t.calendar_id = cal.id;
	t.created_at = 1600000000;
	assert_ok(STORE_CALL(s, team_insert, &t, &err));
	assert_ok(STORE_CALL(s, team_get, t.id, &got, &err));
	assert_string_equal(got.name, "Reklamace");
	assert_int_equal(got.kind, LD_TEAM_DEPARTMENT);
	assert_int_equal(got.calendar_id, cal.id);
	assert_int_equal(got.created_at, 1600000000);

	t.kind = LD_TEAM_QUEUE;
	t.calendar_id = 0;
	assert_ok(STORE_CALL(s, team_update, &t, &err));
	assert_ok(STORE_CALL(s, team_get, t.id, &got, &err));
	assert_int_equal(got.kind, LD_TEAM_QUEUE);
	assert_int_equal(got.calendar_id, 0);

	t.calendar_id = 4242;
	assert_fails(STORE_CALL(s, team_update, &t, &err), LD_ERR_NOT_FOUND,
		     "calendar_not_found");
	assert_string_equal(err.field, "calendar_id");
	t.calendar_id = 0;
	t.kind = 7;
	assert_fails(STORE_CALL(s, team_update, &t, &err), LD_ERR_INVALID, "invalid_kind");

	struct ld_team dup = { 0 };
	snprintf(dup.name, sizeof dup.name, "Reklamace");
	assert_fails(STORE_CALL(s, team_insert, &dup, &err), LD_ERR_CONFLICT, "team_exists");
	new_team(s, "Billing");
	assert_ok(STORE_CALL(s, team_list, 0, 4, page, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(page[1].name, "Billing");
	assert_fails(STORE_CALL(s, team_get, 77, &got, &err), LD_ERR_NOT_FOUND, "team_not_found");
}

static void test_store_facility_roundtrip(void **state)
{
	struct store *s = *state;
	struct ld_facility f = { 0 };
	struct ld_facility got;
	struct ld_facility page[3];
	int n = -1;

	snprintf(f.name, sizeof f.name, "Pobočka Brno");
	snprintf(f.address, sizeof f.address, "Náměstí Svobody 1, 602 00 Brno");
	snprintf(f.hours, sizeof f.hours, "mon-fri 08:00-17:00");
	snprintf(f.tz, sizeof f.tz, "Europe/Prague");
	assert_ok(STORE_CALL(s, facility_insert, &f, &err));
	assert_ok(STORE_CALL(s, facility_get, f.id, &got, &err));
	assert_string_equal(got.name, f.name);
	assert_string_equal(got.address, f.address);
	assert_string_equal(got.hours, f.hours);
	assert_string_equal(got.tz, f.tz);
	assert_int_equal(got.created_at, f.created_at);

	f.address[0] = '\0';
	snprintf(f.hours, sizeof f.hours, "mon-sat 09:00-12:00");
	assert_ok(STORE_CALL(s, facility_update, &f, &err));
	assert_ok(STORE_CALL(s, facility_get, f.id, &got, &err));
	assert_string_equal(got.address, "");
	assert_string_equal(got.hours, "mon-sat 09:00-12:00");

	struct ld_facility dup = { 0 };
	snprintf(dup.name, sizeof dup.name, "Pobočka Brno");
	assert_fails(STORE_CALL(s, facility_insert, &dup, &err), LD_ERR_CONFLICT,
		     "facility_exists");
	assert_ok(STORE_CALL(s, facility_list, 0, 3, page, &n, &err));
	assert_int_equal(n, 1);
	f.id = 55;
	assert_fails(STORE_CALL(s, facility_update, &f, &err), LD_ERR_NOT_FOUND,
		     "facility_not_found");
}

/* ====================================================================
 * Customers
 * ==================================================================== */

static void test_store_customer_roundtrip(void **state)
{
	struct store *s = *state;
	int64_t org = new_org(s, "Kovo");
	struct ld_customer c = customer_of("Łukasz Wróbel", "lukasz.wrobel@example.pl",
					   "+48 601 222 333");
	struct ld_customer got;

	c.org_id = org;
	snprintf(c.language, sizeof c.language, "pl");
	c.preferred_channel = LD_CH_PHONE;
	c.notes = strdup("Woli kontakt telefoniczny — po 16:00.");
	c.consent = true;
	c.created_at = 1690000000;
	c.erased_at = 0;
	assert_ok(STORE_CALL(s, customer_insert, &c, &err));
	assert_true(c.id > 0);
	assert_int_equal(c.updated_at, 1690000000);

	assert_ok(STORE_CALL(s, customer_get, c.id, &got, &err));
	assert_int_equal(got.id, c.id);
	assert_int_equal(got.org_id, org);
	assert_string_equal(got.name, "Łukasz Wróbel");
	assert_string_equal(got.email, "lukasz.wrobel@example.pl");
	assert_string_equal(got.phone, "+48 601 222 333");
	assert_string_equal(got.language, "pl");
	assert_int_equal(got.preferred_channel, LD_CH_PHONE);
	assert_string_equal(got.notes, c.notes);
	assert_true(got.consent);
	assert_int_equal(got.created_at, 1690000000);
	assert_int_equal(got.updated_at, 1690000000);
	assert_int_equal(got.erased_at, 0);
	assert_int_equal(got.case_count, 0);
	ld_customer_clear(&got);

	snprintf(c.name, sizeof c.name, "Олена Коваленко");
	c.org_id = 0;
	c.preferred_channel = -1;
	free(c.notes);
	c.notes = NULL;
	c.consent = false;
	c.updated_at = 1695000000;
	c.erased_at = 1696000000;
	c.email[0] = '\0';
	assert_ok(STORE_CALL(s, customer_update, &c, &err));
	assert_ok(STORE_CALL(s, customer_get, c.id, &got, &err));
	assert_string_equal(got.name, "Олена Коваленко");
	assert_int_equal(got.org_id, 0);
	assert_int_equal(got.preferred_channel, -1);
	assert_null(got.notes);
	assert_false(got.consent);
	assert_string_equal(got.email, "");
	assert_int_equal(got.created_at, 1690000000);
	assert_int_equal(got.updated_at, 1695000000);
	assert_int_equal(got.erased_at, 1696000000);
	ld_customer_clear(&got);
	ld_customer_clear(&c);

	assert_fails(STORE_CALL(s, customer_get, 999, &got, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
	c = customer_of("Nobody", "", "");
	c.id = 999;
	assert_fails(STORE_CALL(s, customer_update, &c, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
	c.preferred_channel = 42;
	assert_fails(STORE_CALL(s, customer_insert, &c, &err), LD_ERR_INVALID,
		     "invalid_preferred_channel");
}

static void test_store_customer_email_unique(void **state)
{
	struct store *s = *state;
	int64_t id = new_customer(s, "Jan Novák", "jan.novak@example.cz", "");
	struct ld_customer c = customer_of("Jan Novák II", "Jan.Novak@Example.CZ", "");
	struct ld_customer got;

	assert_fails(STORE_CALL(s, customer_insert, &c, &err), LD_ERR_CONFLICT,
		     "customer_exists");
	assert_string_equal(err.field, "email");

	/* Empty e-mails are "unknown", never a clash. */
	new_customer(s, "Anonym 1", "", "");
	new_customer(s, "Anonym 2", "", "");

	assert_ok(STORE_CALL(s, customer_find_email, "JAN.NOVAK@example.cz", &got, &err));
	assert_int_equal(got.id, id);
	ld_customer_clear(&got);
	assert_fails(STORE_CALL(s, customer_find_email, "nobody@example.cz", &got, &err),
		     LD_ERR_NOT_FOUND, "customer_not_found");
	assert_fails(STORE_CALL(s, customer_find_email, "", &got, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");

	/* An update onto a taken address clashes too. */
	int64_t other = new_customer(s, "Eva Malá", "eva@example.cz", "");
	assert_ok(STORE_CALL(s, customer_get, other, &c, &err));
	snprintf(c.email, sizeof c.email, "JAN.novak@example.cz");
	assert_fails(STORE_CALL(s, customer_update, &c, &err), LD_ERR_CONFLICT,
		     "customer_exists");
	ld_customer_clear(&c);
}

static void test_store_customer_foreign_key(void **state)
{
	struct store *s = *state;
	struct ld_customer c = customer_of("Petr Svoboda", "", "");

	c.org_id = 31337;
	assert_fails(STORE_CALL(s, customer_insert, &c, &err), LD_ERR_NOT_FOUND, "org_not_found");
	assert_string_equal(err.field, "org_id");
}

static void test_store_customer_list_pages(void **state)
{
	struct store *s = *state;
	int64_t org = new_org(s, "Acme");
	int64_t ids[5];
	struct ld_customer page[2];
	struct store_customer_query q = { .limit = 2 };
	int n = -1;
	int seen = 0;

	for (int i = 0; i < 5; i++) {
		struct ld_customer c = customer_of("Zákazník", "", "");
		c.org_id = i % 2 == 0 ? org : 0;
		assert_ok(STORE_CALL(s, customer_insert, &c, &err));
		ids[i] = c.id;
	}
	do {
		assert_ok(STORE_CALL(s, customer_list, &q, page, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_int_equal(page[i].id, ids[seen++]);
			q.after_id = page[i].id;
			ld_customer_clear(&page[i]);
		}
	} while (n == 2);
	assert_int_equal(seen, 5);

	q.after_id = 0;
	q.org_id = org;
	q.limit = 2;
	seen = 0;
	do {
		assert_ok(STORE_CALL(s, customer_list, &q, page, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_int_equal(page[i].org_id, org);
			q.after_id = page[i].id;
			ld_customer_clear(&page[i]);
			seen++;
		}
	} while (n == 2);
	assert_int_equal(seen, 3);
}

static void test_store_customer_search_folds(void **state)
{
	struct store *s = *state;
	int64_t dvorak = new_customer(s, "Antonín Dvořák", "", "");
	int64_t lukasz = new_customer(s, "Łukasz Wróbel", "", "");
	int64_t olena = new_customer(s, "Олена Коваленко", "", "");
	int64_t muller = new_customer(s, "Jürgen Straße-Müller", "", "");
	int64_t ids[16];

	assert_finds(s, "dvorak", dvorak);
	assert_finds(s, "Dvořák", dvorak);
	assert_finds(s, "DVORAK", dvorak);
	assert_finds(s, "dvo", dvorak);
	assert_finds(s, "antonin dvo", dvorak);
	assert_finds(s, "LUKASZ", lukasz);
	assert_finds(s, "wrob", lukasz);
	assert_finds(s, "олена", olena);
	assert_finds(s, "КОВАЛ", olena);
	assert_finds(s, "strasse", muller);
	assert_finds(s, "muller", muller);
	assert_finds(s, "jurgen", muller);
	assert_finds_nothing(s, "dvorakova");
	assert_finds_nothing(s, "antonin wrobel");
	assert_int_equal(search(s, "", ids), 0);

	/* The index follows an update. */
	struct ld_customer c;
	assert_ok(STORE_CALL(s, customer_get, dvorak, &c, &err));
	snprintf(c.name, sizeof c.name, "Bedřich Smetana");
	assert_ok(STORE_CALL(s, customer_update, &c, &err));
	ld_customer_clear(&c);
	assert_finds_nothing(s, "dvorak");
	assert_finds(s, "smetana", dvorak);
	assert_finds(s, "bedrich", dvorak);
}

static void test_store_customer_search_email_phone(void **state)
{
	struct store *s = *state;
	int64_t jan = new_customer(s, "Jan Novák", "Jan.Novak@Example.cz", "+420 601 123 456");
	int64_t eva = new_customer(s, "Eva Malá", "eva@posta.cz", "00421 905 777 888");

	assert_finds(s, "jan.novak@example.cz", jan);
	assert_finds(s, "novak@exa", jan);
	assert_finds(s, "JAN.NOVAK", jan);
	assert_finds(s, "posta", eva);
	assert_finds(s, "+420601123456", jan);
	assert_finds(s, "+420 601 123 456", jan);
	assert_finds(s, "00420 601 123 456", jan);
	assert_finds(s, "601 123 456", jan);
	assert_finds(s, "601123", jan);
	assert_finds(s, "3456", jan);
	assert_finds(s, "+421905777888", eva);
	assert_finds(s, "905 777", eva);
	assert_finds(s, "novak 601", jan);
	assert_finds_nothing(s, "602 123 456");
}

static void test_store_customer_search_hostile_text(void **state)
{
	struct store *s = *state;
	int64_t dvorak = new_customer(s, "Antonín Dvořák", "a@example.cz", "");
	int64_t ids[16];
	char long_q[400];

	assert_finds_nothing(s, "'; DROP TABLE customer; --");
	assert_finds_nothing(s, "name:x OR *");
	assert_finds_nothing(s, "*");
	assert_finds_nothing(s, "\"");
	assert_finds_nothing(s, "\"\"\"");
	assert_finds_nothing(s, "--");
	assert_finds_nothing(s, "   ");
	assert_finds_nothing(s, "NEAR(a b)");
	assert_finds_nothing(s, "dvorak NOT x");
	assert_finds_nothing(s, "search_key:dvorak OR a");
	/* Operators and punctuation are just text: these still find the name. */
	assert_finds(s, "dvo*", dvorak);
	assert_finds(s, "\"dvorak\"", dvorak);
	assert_finds(s, "^antonin", dvorak);
	assert_finds(s, "(dvorak)", dvorak);

	/* Nothing was dropped or broken. */
	assert_finds(s, "dvorak", dvorak);
	new_customer(s, "Still Works", "", "");
	assert_int_equal(search(s, "works", ids), 1);

	memset(long_q, 'a', sizeof long_q - 1);
	long_q[sizeof long_q - 1] = '\0';
	struct ld_customer out[1];
	struct store_customer_query q = { .q = long_q, .limit = 1 };
	int n = -1;
	assert_fails(STORE_CALL(s, customer_list, &q, out, &n, &err), LD_ERR_INVALID,
		     "query_too_long");
	q.q = "a b c d e f g h i j";
	assert_fails(STORE_CALL(s, customer_list, &q, out, &n, &err), LD_ERR_INVALID,
		     "query_too_long");
}

static void test_store_customer_search_pages_and_org(void **state)
{
	struct store *s = *state;
	int64_t org = new_org(s, "Novákovi s.r.o.");
	int64_t ids[4];
	struct ld_customer page[2];
	struct store_customer_query q = { .q = "novak", .limit = 2 };
	int n = -1;
	int seen = 0;

	for (int i = 0; i < 4; i++) {
		struct ld_customer c = customer_of("Novák", "", "");
		c.org_id = i >= 2 ? org : 0;
		assert_ok(STORE_CALL(s, customer_insert, &c, &err));
		ids[i] = c.id;
	}
	new_customer(s, "Someone Else", "", "");
	do {
		assert_ok(STORE_CALL(s, customer_list, &q, page, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_int_equal(page[i].id, ids[seen++]);
			q.after_id = page[i].id;
			ld_customer_clear(&page[i]);
		}
	} while (n == 2);
	assert_int_equal(seen, 4);

	q.after_id = 0;
	q.org_id = org;
	assert_ok(STORE_CALL(s, customer_list, &q, page, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(page[0].id, ids[2]);
	assert_int_equal(page[1].id, ids[3]);
	ld_customer_clear(&page[0]);
	ld_customer_clear(&page[1]);
}

/* ====================================================================
 * Accounts and sessions
 * ==================================================================== */

static void test_store_agent_roundtrip(void **state)
{
	struct store *s = *state;
	int64_t team = new_team(s, "Podpora");
	int64_t cust = new_customer(s, "Jana Dvořáková", "jana@example.cz", "");
	struct ld_agent a = { 0 };
	struct ld_agent got;
	char hash[STORE_PASSWORD_HASH_MAX + 1];

	snprintf(a.name, sizeof a.name, "Zdeněk Černý");
	snprintf(a.email, sizeof a.email, "zdenek@desk.example");
	a.role = LD_ROLE_MANAGER;
	a.team_id = team;
	snprintf(a.languages, sizeof a.languages, "cs,en");
	snprintf(a.skills, sizeof a.skills, "billing,returns");
	a.senior = true;
	a.active = true;
	assert_ok(STORE_CALL(s, agent_insert, &a, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", &err));
	assert_true(a.id > 0);

	assert_ok(STORE_CALL(s, agent_get, a.id, &got, &err));
	assert_string_equal(got.name, "Zdeněk Černý");
	assert_string_equal(got.email, "zdenek@desk.example");
	assert_int_equal(got.role, LD_ROLE_MANAGER);
	assert_int_equal(got.team_id, team);
	assert_int_equal(got.customer_id, 0);
	assert_string_equal(got.languages, "cs,en");
	assert_string_equal(got.skills, "billing,returns");
	assert_true(got.senior);
	assert_true(got.active);
	assert_int_equal(got.created_at, a.created_at);

	assert_ok(STORE_CALL(s, agent_get_by_email, "Zdenek@Desk.Example", &got, hash, &err));
	assert_int_equal(got.id, a.id);
	assert_string_equal(hash, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
	assert_ok(STORE_CALL(s, agent_get_by_email, "zdenek@desk.example", &got, NULL, &err));
	assert_fails(STORE_CALL(s, agent_get_by_email, "x@desk.example", &got, hash, &err),
		     LD_ERR_NOT_FOUND, "agent_not_found");

	assert_ok(STORE_CALL(s, agent_set_password, a.id, "$argon2id$new", &err));
	assert_ok(STORE_CALL(s, agent_get_by_email, a.email, &got, hash, &err));
	assert_string_equal(hash, "$argon2id$new");
	assert_ok(STORE_CALL(s, agent_set_password, a.id, NULL, &err));
	assert_ok(STORE_CALL(s, agent_get_by_email, a.email, &got, hash, &err));
	assert_string_equal(hash, "");
	assert_fails(STORE_CALL(s, agent_set_password, 999, "$x", &err), LD_ERR_NOT_FOUND,
		     "agent_not_found");

	a.active = false;
	a.senior = false;
	a.team_id = 0;
	a.skills[0] = '\0';
	assert_ok(STORE_CALL(s, agent_update, &a, &err));
	assert_ok(STORE_CALL(s, agent_get, a.id, &got, &err));
	assert_false(got.active);
	assert_false(got.senior);
	assert_int_equal(got.team_id, 0);
	assert_string_equal(got.skills, "");

	/* Login e-mails are unique regardless of case. */
	struct ld_agent dup = a;
	snprintf(dup.email, sizeof dup.email, "ZDENEK@desk.example");
	assert_fails(STORE_CALL(s, agent_insert, &dup, NULL, &err), LD_ERR_CONFLICT,
		     "agent_exists");
	assert_string_equal(err.field, "email");

	/* A customer login names its customer; staff do not. */
	struct ld_agent portal = { 0 };
	snprintf(portal.name, sizeof portal.name, "Jana");
	snprintf(portal.email, sizeof portal.email, "jana@example.cz");
	portal.role = LD_ROLE_CUSTOMER;
	portal.active = true;
	assert_fails(STORE_CALL(s, agent_insert, &portal, NULL, &err), LD_ERR_INVALID,
		     "invalid_agent");
	portal.customer_id = 4040;
	assert_fails(STORE_CALL(s, agent_insert, &portal, NULL, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
	assert_string_equal(err.field, "customer_id");
	portal.customer_id = cust;
	assert_ok(STORE_CALL(s, agent_insert, &portal, NULL, &err));
	assert_ok(STORE_CALL(s, agent_get, portal.id, &got, &err));
	assert_int_equal(got.role, LD_ROLE_CUSTOMER);
	assert_int_equal(got.customer_id, cust);

	a.team_id = 888;
	assert_fails(STORE_CALL(s, agent_update, &a, &err), LD_ERR_NOT_FOUND, "team_not_found");
	char long_hash[STORE_PASSWORD_HASH_MAX + 2];
	memset(long_hash, 'x', sizeof long_hash - 1);
	long_hash[sizeof long_hash - 1] = '\0';
	assert_fails(STORE_CALL(s, agent_set_password, a.id, long_hash, &err), LD_ERR_INVALID,
		     "invalid_password_hash");
}

static void test_store_agent_list_by_role(void **state)
{
	struct store *s = *state;
	struct ld_agent page[8];
	int n = -1;
	int64_t first = new_agent(s, "A", "a@desk.example");

	new_agent(s, "B", "b@desk.example");
	struct ld_agent admin = { 0 };
	snprintf(admin.name, sizeof admin.name, "Root");
	snprintf(admin.email, sizeof admin.email, "root@desk.example");
	admin.role = LD_ROLE_ADMIN;
	admin.active = true;
	assert_ok(STORE_CALL(s, agent_insert, &admin, NULL, &err));

	assert_ok(STORE_CALL(s, agent_list, -1, 0, 8, page, &n, &err));
	assert_int_equal(n, 3);
	assert_ok(STORE_CALL(s, agent_list, LD_ROLE_AGENT, 0, 8, page, &n, &err));
	assert_int_equal(n, 2);
	assert_ok(STORE_CALL(s, agent_list, LD_ROLE_AGENT, first, 8, page, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(page[0].name, "B");
	assert_ok(STORE_CALL(s, agent_list, LD_ROLE_ADMIN, 0, 8, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, admin.id);
	assert_fails(STORE_CALL(s, agent_list, 17, 0, 8, page, &n, &err), LD_ERR_INVALID,
		     "invalid_role");
}

static void test_store_sessions(void **state)
{
	struct store *s = *state;
	int64_t agent = new_agent(s, "A", "a@desk.example");
	uint8_t digest[STORE_TOKEN_DIGEST_LEN];
	uint8_t other[STORE_TOKEN_DIGEST_LEN];
	struct store_session sess = { .agent_id = agent, .created_at = 1700000000,
				      .expires_at = 1700086400 };
	struct store_session got;

	for (int i = 0; i < STORE_TOKEN_DIGEST_LEN; i++) {
		digest[i] = (uint8_t)(i * 7);
		other[i] = (uint8_t)(255 - i);
	}
	assert_ok(STORE_CALL(s, session_insert, digest, &sess, &err));
	assert_ok(STORE_CALL(s, session_get, digest, &got, &err));
	assert_int_equal(got.agent_id, agent);
	assert_int_equal(got.created_at, 1700000000);
	assert_int_equal(got.expires_at, 1700086400);
	assert_fails(STORE_CALL(s, session_get, other, &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
	assert_fails(STORE_CALL(s, session_insert, digest, &sess, &err), LD_ERR_CONFLICT,
		     "session_exists");
	sess.agent_id = 9999;
	assert_fails(STORE_CALL(s, session_insert, other, &sess, &err), LD_ERR_NOT_FOUND,
		     "agent_not_found");
	assert_ok(STORE_CALL(s, session_delete, digest, &err));
	assert_fails(STORE_CALL(s, session_get, digest, &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
	assert_fails(STORE_CALL(s, session_delete, digest, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
}

/* session_delete_agent ends one account's sessions, sparing at most one. */
static void test_store_session_delete_agent(void **state)
{
	struct store *s = *state;
	int64_t a = new_agent(s, "A", "a@desk.example");
	int64_t b = new_agent(s, "B", "b@desk.example");
	uint8_t d[4][STORE_TOKEN_DIGEST_LEN];
	struct store_session sess = { .created_at = 1700000000, .expires_at = 1700086400 };
	struct store_session got;
	int n = -1;

	for (int k = 0; k < 4; k++) {
		for (int i = 0; i < STORE_TOKEN_DIGEST_LEN; i++)
			d[k][i] = (uint8_t)(k * 31 + i);
		sess.agent_id = k < 3 ? a : b; /* three of A's, one of B's */
		assert_ok(STORE_CALL(s, session_insert, d[k], &sess, &err));
	}
	/* All but d[1]: the session that made the change lives on. */
	assert_ok(STORE_CALL(s, session_delete_agent, a, d[1], &n, &err));
	assert_int_equal(n, 2);
	assert_fails(STORE_CALL(s, session_get, d[0], &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
	assert_fails(STORE_CALL(s, session_get, d[2], &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
	assert_ok(STORE_CALL(s, session_get, d[1], &got, &err));
	assert_int_equal(got.agent_id, a);
	/* Another account's sessions are untouched. */
	assert_ok(STORE_CALL(s, session_get, d[3], &got, &err));
	assert_int_equal(got.agent_id, b);
	/* Sparing a digest of another account spares nothing of this one. */
	assert_ok(STORE_CALL(s, session_delete_agent, a, d[3], &n, &err));
	assert_int_equal(n, 1);
	assert_fails(STORE_CALL(s, session_get, d[1], &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
	assert_ok(STORE_CALL(s, session_get, d[3], &got, &err));
	/* NULL keep ends them all; none left, an unknown account: still LD_OK. */
	assert_ok(STORE_CALL(s, session_delete_agent, b, NULL, &n, &err));
	assert_int_equal(n, 1);
	assert_fails(STORE_CALL(s, session_get, d[3], &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
	assert_ok(STORE_CALL(s, session_delete_agent, b, NULL, &n, &err));
	assert_int_equal(n, 0);
	assert_ok(STORE_CALL(s, session_delete_agent, 9999, NULL, NULL, &err));
}

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

	const struct effort_state *x = &a->effort;
	const struct effort_state *y = &b->effort;
	assert_int_equal(x->contacts, y->contacts);
	assert_int_equal(x->repeat_contacts, y->repeat_contacts);
	assert_int_equal(x->transfers, y->transfers);
	assert_int_equal(x->channel_switches, y->channel_switches);
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
	};
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

/* Counts the stored cells of each table and remembers one effort cell. */
struct cells_seen {
	int per_table[ROLLUP_T_COUNT];
	struct rollup_delta effort;
	struct rollup_delta loyalty;
};

static ld_status see_cell(void *ctx, const struct rollup_delta *cell, struct ld_err *e)
{
	struct cells_seen *seen = ctx;

	(void)e;
	seen->per_table[cell->table]++;
	if (cell->table == ROLLUP_T_EFFORT)
		seen->effort = *cell;
	if (cell->table == ROLLUP_T_LOYALTY)
		seen->loyalty = *cell;
	return LD_OK;
}

/*
 * The store only adds what it is given: rollup_apply() sums deltas into
 * cells (a new cell starts at zero) and writes customers' derived columns,
 * which customer_rollup_get/list and the loyalty reads give back. No row
 * write changes a figure by itself.
 */
static void test_store_rollup_apply_adds_deltas(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Counted", "", "");
	struct store_rollup_customer row, page[4];
	char key[STORE_LOYALTY_KEY_MAX + 1];
	struct rollup_delta d[2];
	struct cells_seen seen;
	struct rollup_customer got;
	struct ld_customer c;
	int n = -1;

	/* A case row alone moves nothing. */
	new_case(s, cust);
	assert_ok(STORE_CALL(s, customer_get, cust, &c, &err));
	assert_int_equal(c.case_count, 0);
	ld_customer_clear(&c);

	memset(d, 0, sizeof d);
	d[0].table = ROLLUP_T_EFFORT;
	d[0].key.cell.day = 20000;
	d[0].key.cell.team_id = 0;
	d[0].key.cell.channel = LD_CH_WEB;
	d[0].v[0] = 2; /* cases */
	d[0].v[1] = 5; /* contacts */
	d[1] = d[0];
	d[1].v[0] = -1;
	d[1].v[1] = -2;
	memset(&row, 0, sizeof row);
	row.id = cust;
	rollup_customer_init(&row.v);
	row.v.sums.cases = 1;
	row.v.sums.high_effort = 1;
	row.v.last_nps = 3;
	row.v.last_nps_at = 1000;
	row.v.outcome = ROLLUP_LAPSED;
	row.v.renewal_at = 1700000000;
	assert_ok(STORE_CALL(s, rollup_apply, d, 2, &row, 1, &err));

	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, rollup_cells, see_cell, &seen, &err));
	assert_int_equal(seen.per_table[ROLLUP_T_EFFORT], 1);
	assert_int_equal(seen.effort.key.cell.day, 20000);
	assert_int_equal(seen.effort.key.cell.channel, LD_CH_WEB);
	assert_int_equal(seen.effort.v[0], 1);
	assert_int_equal(seen.effort.v[1], 3);

	assert_ok(STORE_CALL(s, customer_get, cust, &c, &err));
	assert_int_equal(c.case_count, 1);
	ld_customer_clear(&c);
	assert_ok(STORE_CALL(s, customer_rollup_get, cust, &got, &err));
	assert_int_equal(got.sums.high_effort, 1);
	assert_int_equal(got.last_nps, 3);
	assert_int_equal(got.last_csat, -1);
	assert_int_equal(got.outcome, ROLLUP_LAPSED);
	assert_int_equal(got.renewal_at, 1700000000);
	assert_ok(STORE_CALL(s, customer_loyalty_key, cust, key, &err));
	assert_string_equal(key, "1,0,0,0,0,0,0,0,1,0,0,0,1");
	assert_ok(STORE_CALL(s, customer_rollup_list, 0, 4, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, cust);
	assert_int_equal(page[0].v.sums.cases, 1);
	assert_fails(STORE_CALL(s, customer_rollup_get, cust + 99, &got, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");

	/* clear empties every table. */
	assert_ok(STORE_CALL(s, rollup_clear, &err));
	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, rollup_cells, see_cell, &seen, &err));
	for (int t = 0; t < ROLLUP_T_COUNT; t++)
		assert_int_equal(seen.per_table[t], 0);
}

/* A fresh store asks once for its figures to be rebuilt (migration 0005). */
static void test_store_rollup_rebuild_flag(void **state)
{
	struct store *s = *state;
	bool pending = false;

	assert_ok(STORE_CALL(s, rollup_rebuild_pending, &pending, &err));
	assert_true(pending);
	assert_ok(STORE_CALL(s, rollup_rebuild_done, &err));
	assert_ok(STORE_CALL(s, rollup_rebuild_pending, &pending, &err));
	assert_false(pending);
}

static void test_store_case_find_recent_resolved(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Repeat", "", "");
	struct ld_case a = case_of(cust);
	struct ld_case b = case_of(cust);
	struct ld_case other = case_of(cust);
	struct ld_case got;

	a.status = LD_ST_RESOLVED;
	a.resolved_at = 1700100000;
	b.status = LD_ST_RESOLVED;
	b.resolved_at = 1700200000;
	other.category = LD_CAT_QUESTION;
	other.status = LD_ST_RESOLVED;
	other.resolved_at = 1700300000;
	assert_ok(STORE_CALL(s, case_insert, &a, &err));
	assert_ok(STORE_CALL(s, case_insert, &b, &err));
	assert_ok(STORE_CALL(s, case_insert, &other, &err));
	int64_t current = new_case(s, cust);

	assert_ok(STORE_CALL(s, case_find_recent_resolved, cust, LD_CAT_PROBLEM, 1700000000,
			     current, &got, &err));
	assert_int_equal(got.id, b.id);
	assert_ok(STORE_CALL(s, case_find_recent_resolved, cust, LD_CAT_PROBLEM, 1700000000, b.id,
			     &got, &err));
	assert_int_equal(got.id, a.id);
	assert_fails(STORE_CALL(s, case_find_recent_resolved, cust, LD_CAT_PROBLEM, 1700250000,
				current, &got, &err),
		     LD_ERR_NOT_FOUND, "case_not_found");
	assert_ok(STORE_CALL(s, case_find_recent_resolved, cust, LD_CAT_QUESTION, 0, current, &got,
			     &err));
	assert_int_equal(got.id, other.id);
	assert_fails(STORE_CALL(s, case_find_recent_resolved, cust, LD_CAT_COMPLIMENT, 0, 0, &got,
				&err),
		     LD_ERR_NOT_FOUND, "case_not_found");
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

/* ====================================================================
 * Transactions
 * ==================================================================== */

static void test_store_transactions(void **state)
{
	struct store *s = *state;
	struct ld_org o;
	struct ld_org page[4];
	int n = -1;

	assert_ok(STORE_CALL(s, begin, &err));
	int64_t gone = new_org(s, "Rolled back");
	s->ops->rollback(s);
	assert_fails(STORE_CALL(s, org_get, gone, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");

	assert_ok(STORE_CALL(s, begin, &err));
	assert_fails(STORE_CALL(s, begin, &err), LD_ERR_INTERNAL, "nested_transaction");
	int64_t kept = new_org(s, "Committed");
	/* A failed statement undoes itself only; the transaction goes on. */
	struct ld_org dup = { 0 };
	snprintf(dup.name, sizeof dup.name, "Committed");
	assert_fails(STORE_CALL(s, org_insert, &dup, &err), LD_ERR_CONFLICT, "org_exists");
	int64_t also = new_org(s, "Also committed");
	assert_ok(STORE_CALL(s, commit, &err));
	assert_ok(STORE_CALL(s, org_get, kept, &o, &err));
	assert_ok(STORE_CALL(s, org_get, also, &o, &err));

	assert_fails(STORE_CALL(s, commit, &err), LD_ERR_INTERNAL, "no_transaction");
	s->ops->rollback(s); /* outside a transaction: nothing */
	assert_ok(STORE_CALL(s, org_list, 0, 4, page, &n, &err));
	assert_int_equal(n, 2);

	/* A case and its first interaction, all or nothing. */
	int64_t cust = new_customer(s, "Tx", "", "");
	assert_ok(STORE_CALL(s, begin, &err));
	int64_t kase = new_case(s, cust);
	new_interaction(s, kase, 100);
	s->ops->rollback(s);
	struct ld_customer c;
	assert_ok(STORE_CALL(s, customer_get, cust, &c, &err));
	assert_int_equal(c.case_count, 0);
	ld_customer_clear(&c);
	struct ld_case k;
	assert_fails(STORE_CALL(s, case_get, kase, &k, &err), LD_ERR_NOT_FOUND, "case_not_found");
}

/* ====================================================================
 * Audit and SLA configuration
 * ==================================================================== */

static void test_store_audit(void **state)
{
	struct store *s = *state;
	int64_t actor = new_agent(s, "Auditor", "audit@desk.example");
	struct store_audit a = { .actor_id = actor, .action = "case.transfer",
				 .object = "case/42", .detail = "{\"to\":7}", .at = 1700000000 };
	int64_t count = -1;

	assert_ok(STORE_CALL(s, audit_insert, &a, &err));
	a.actor_id = 0; /* the system */
	a.detail = NULL;
	a.at = 0;
	assert_ok(STORE_CALL(s, audit_insert, &a, &err));
	a.action = "customer.create";
	a.object = "customer/1";
	assert_ok(STORE_CALL(s, audit_insert, &a, &err));

	assert_ok(STORE_CALL(s, audit_count, "case.transfer", &count, &err));
	assert_int_equal(count, 2);
	assert_ok(STORE_CALL(s, audit_count, "customer.create", &count, &err));
	assert_int_equal(count, 1);
	assert_ok(STORE_CALL(s, audit_count, "nothing", &count, &err));
	assert_int_equal(count, 0);

	a.detail = "{not json";
	assert_fails(STORE_CALL(s, audit_insert, &a, &err), LD_ERR_INVALID, "invalid_audit");
	a.detail = NULL;
	a.actor_id = 31;
	assert_fails(STORE_CALL(s, audit_insert, &a, &err), LD_ERR_NOT_FOUND, "agent_not_found");
	assert_string_equal(err.field, "actor_id");
	a.actor_id = 0;
	a.action = "";
	assert_fails(STORE_CALL(s, audit_insert, &a, &err), LD_ERR_INVALID, "invalid_audit");
}

static void test_store_calendar_and_holidays(void **state)
{
	struct store *s = *state;
	struct store_calendar cal = { 0 };
	struct store_calendar got;
	int32_t dates[8];
	int n = -1;

	snprintf(cal.name, sizeof cal.name, "Česko");
	snprintf(cal.tz, sizeof cal.tz, "Europe/Prague");
	snprintf(cal.hours, sizeof cal.hours, "mon-fri 08:00-16:30");
	assert_ok(STORE_CALL(s, calendar_insert, &cal, &err));
	assert_ok(STORE_CALL(s, calendar_get, cal.id, &got, &err));
	assert_int_equal(got.id, cal.id);
	assert_string_equal(got.name, "Česko");
	assert_string_equal(got.tz, "Europe/Prague");
	assert_string_equal(got.hours, "mon-fri 08:00-16:30");
	assert_fails(STORE_CALL(s, calendar_insert, &cal, &err), LD_ERR_CONFLICT,
		     "calendar_exists");
	assert_fails(STORE_CALL(s, calendar_get, 99, &got, &err), LD_ERR_NOT_FOUND,
		     "calendar_not_found");

	assert_ok(STORE_CALL(s, holiday_add, cal.id, 20241225, "1. svátek vánoční", &err));
	assert_ok(STORE_CALL(s, holiday_add, cal.id, 20240101, "Nový rok", &err));
	assert_ok(STORE_CALL(s, holiday_add, cal.id, 20240508, NULL, &err));
	assert_ok(STORE_CALL(s, holiday_add, cal.id, 20241224, "Štědrý den", &err));
	assert_fails(STORE_CALL(s, holiday_add, cal.id, 20240101, "again", &err), LD_ERR_CONFLICT,
		     "holiday_exists");
	assert_string_equal(err.field, "date");
	assert_fails(STORE_CALL(s, holiday_add, 99, 20240101, "x", &err), LD_ERR_NOT_FOUND,
		     "calendar_not_found");
	assert_fails(STORE_CALL(s, holiday_add, cal.id, 20241332, "x", &err), LD_ERR_INVALID,
		     "invalid_holiday");

	assert_ok(STORE_CALL(s, holiday_list, cal.id, dates, 8, &n, &err));
	assert_int_equal(n, 4);
	assert_int_equal(dates[0], 20240101);
	assert_int_equal(dates[1], 20240508);
	assert_int_equal(dates[2], 20241224);
	assert_int_equal(dates[3], 20241225);
	assert_ok(STORE_CALL(s, holiday_list, cal.id, dates, 2, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(dates[1], 20240508);
	assert_ok(STORE_CALL(s, holiday_list, 99, dates, 8, &n, &err));
	assert_int_equal(n, 0);
}

static void test_store_sla_policy_match(void **state)
{
	struct store *s = *state;
	struct store_calendar cal = { 0 };
	struct store_sla_policy got;
	struct store_sla_policy all[8];
	int n = -1;

	snprintf(cal.name, sizeof cal.name, "Weekdays");
	assert_ok(STORE_CALL(s, calendar_insert, &cal, &err));
	assert_fails(STORE_CALL(s, sla_policy_match, LD_PRIO_LOW, LD_CAT_QUESTION, &got, &err),
		     LD_ERR_NOT_FOUND, "sla_policy_not_found");

	struct store_sla_policy both = { .priority = LD_PRIO_HIGH, .category = LD_CAT_COMPLAINT,
					 .first_response_s = 1800, .resolution_s = 14400,
					 .calendar_id = cal.id, .pause_on_pending = true };
	struct store_sla_policy prio = { .priority = LD_PRIO_HIGH, .category = -1,
					 .first_response_s = 3600, .resolution_s = 28800 };
	struct store_sla_policy cat = { .priority = -1, .category = LD_CAT_COMPLAINT,
					.first_response_s = 7200 };
	struct store_sla_policy any = { .priority = -1, .category = -1, .resolution_s = 172800 };
	snprintf(both.name, sizeof both.name, "High complaints");
	snprintf(prio.name, sizeof prio.name, "High");
	snprintf(cat.name, sizeof cat.name, "Complaints");
	snprintf(any.name, sizeof any.name, "Default");
	/* Inserted least specific first, so ids do not decide. */
	assert_ok(STORE_CALL(s, sla_policy_insert, &any, &err));
	assert_ok(STORE_CALL(s, sla_policy_insert, &cat, &err));
	assert_ok(STORE_CALL(s, sla_policy_insert, &prio, &err));
	assert_ok(STORE_CALL(s, sla_policy_insert, &both, &err));

	assert_ok(STORE_CALL(s, sla_policy_match, LD_PRIO_HIGH, LD_CAT_COMPLAINT, &got, &err));
	assert_int_equal(got.id, both.id);
	assert_string_equal(got.name, "High complaints");
	assert_int_equal(got.priority, LD_PRIO_HIGH);
	assert_int_equal(got.category, LD_CAT_COMPLAINT);
	assert_int_equal(got.first_response_s, 1800);
	assert_int_equal(got.resolution_s, 14400);
	assert_int_equal(got.calendar_id, cal.id);
	assert_true(got.pause_on_pending);
	assert_ok(STORE_CALL(s, sla_policy_match, LD_PRIO_HIGH, LD_CAT_QUESTION, &got, &err));
	assert_int_equal(got.id, prio.id);
	assert_ok(STORE_CALL(s, sla_policy_match, LD_PRIO_LOW, LD_CAT_COMPLAINT, &got, &err));
	assert_int_equal(got.id, cat.id);
	assert_int_equal(got.priority, -1);
	assert_int_equal(got.resolution_s, 0);
	assert_ok(STORE_CALL(s, sla_policy_match, LD_PRIO_LOW, LD_CAT_QUESTION, &got, &err));
	assert_int_equal(got.id, any.id);
	assert_int_equal(got.category, -1);
	assert_int_equal(got.calendar_id, 0);
	assert_false(got.pause_on_pending);

	assert_ok(STORE_CALL(s, sla_policy_list, all, 8, &n, &err));
	assert_int_equal(n, 4);
	assert_int_equal(all[0].id, any.id);
	assert_int_equal(all[3].id, both.id);

	assert_fails(STORE_CALL(s, sla_policy_insert, &any, &err), LD_ERR_CONFLICT,
		     "sla_policy_exists");
	struct store_sla_policy bad = { .priority = -1, .category = -1, .calendar_id = 77 };
	snprintf(bad.name, sizeof bad.name, "Bad");
	assert_fails(STORE_CALL(s, sla_policy_insert, &bad, &err), LD_ERR_NOT_FOUND,
		     "calendar_not_found");
}

static void test_store_calendar_update_and_list(void **state)
{
	struct store *s = *state;
	struct store_calendar a = { 0 }, b = { 0 }, got, page[4];
	int n = -1;

	snprintf(a.name, sizeof a.name, "Praha");
	snprintf(a.tz, sizeof a.tz, "Europe/Prague");
	snprintf(a.hours, sizeof a.hours, "mon-fri 08:00-17:00");
	assert_ok(STORE_CALL(s, calendar_insert, &a, &err));
	snprintf(b.name, sizeof b.name, "Kraków");
	snprintf(b.tz, sizeof b.tz, "Europe/Warsaw");
	assert_ok(STORE_CALL(s, calendar_insert, &b, &err));
	assert_ok(STORE_CALL(s, holiday_add, a.id, 20261224, "Štědrý den", &err));

	snprintf(a.name, sizeof a.name, "Praha — podpora");
	snprintf(a.tz, sizeof a.tz, "Europe/Bratislava");
	snprintf(a.hours, sizeof a.hours, "mon-sat 07:00-19:00");
	assert_ok(STORE_CALL(s, calendar_update, &a, &err));
	assert_ok(STORE_CALL(s, calendar_get, a.id, &got, &err));
	assert_string_equal(got.name, "Praha — podpora");
	assert_string_equal(got.tz, "Europe/Bratislava");
	assert_string_equal(got.hours, "mon-sat 07:00-19:00");
	/* an update keeps the holidays */
	int32_t dates[4];
	assert_ok(STORE_CALL(s, holiday_list, a.id, dates, 4, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(dates[0], 20261224);

	snprintf(a.name, sizeof a.name, "Kraków");
	assert_fails(STORE_CALL(s, calendar_update, &a, &err), LD_ERR_CONFLICT,
		     "calendar_exists");
	snprintf(a.name, sizeof a.name, "Praha");
	a.id = 999;
	assert_fails(STORE_CALL(s, calendar_update, &a, &err), LD_ERR_NOT_FOUND,
		     "calendar_not_found");

	assert_ok(STORE_CALL(s, calendar_list, 0, 4, page, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(page[0].id, got.id);
	assert_string_equal(page[1].name, "Kraków");
	assert_string_equal(page[1].hours, "");
	assert_ok(STORE_CALL(s, calendar_list, 0, 1, page, &n, &err));
	assert_int_equal(n, 1);
	assert_ok(STORE_CALL(s, calendar_list, page[0].id, 4, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, b.id);
	assert_ok(STORE_CALL(s, calendar_list, b.id, 4, page, &n, &err));
	assert_int_equal(n, 0);
	assert_fails(STORE_CALL(s, calendar_list, 0, 0, page, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
}

static void test_store_holiday_page_and_delete(void **state)
{
	struct store *s = *state;
	struct store_calendar cal = { 0 }, other = { 0 };
	struct store_holiday page[8];
	int n = -1;

	snprintf(cal.name, sizeof cal.name, "Česko");
	assert_ok(STORE_CALL(s, calendar_insert, &cal, &err));
	snprintf(other.name, sizeof other.name, "Polska");
	assert_ok(STORE_CALL(s, calendar_insert, &other, &err));
	assert_ok(STORE_CALL(s, holiday_add, cal.id, 20261228, NULL, &err));
	assert_ok(STORE_CALL(s, holiday_add, cal.id, 20260101, "Nový rok", &err));
	assert_ok(STORE_CALL(s, holiday_add, cal.id, 20261224, "Štědrý den", &err));
	assert_ok(STORE_CALL(s, holiday_add, other.id, 20261224, "Wigilia", &err));

	assert_ok(STORE_CALL(s, holiday_page, cal.id, 0, 8, page, &n, &err));
	assert_int_equal(n, 3);
	assert_int_equal(page[0].date, 20260101);
	assert_string_equal(page[0].name, "Nový rok");
	assert_int_equal(page[1].date, 20261224);
	assert_string_equal(page[1].name, "Štědrý den");
	assert_int_equal(page[2].date, 20261228);
	assert_string_equal(page[2].name, "");
	assert_ok(STORE_CALL(s, holiday_page, cal.id, 20260101, 1, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].date, 20261224);
	assert_ok(STORE_CALL(s, holiday_page, 999, 0, 8, page, &n, &err));
	assert_int_equal(n, 0);

	assert_ok(STORE_CALL(s, holiday_delete, cal.id, 20261224, &err));
	assert_fails(STORE_CALL(s, holiday_delete, cal.id, 20261224, &err), LD_ERR_NOT_FOUND,
		     "holiday_not_found");
	assert_string_equal(err.field, "date");
	assert_fails(STORE_CALL(s, holiday_delete, 999, 20260101, &err), LD_ERR_NOT_FOUND,
		     "holiday_not_found");
	assert_ok(STORE_CALL(s, holiday_page, cal.id, 0, 8, page, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(page[1].date, 20261228);
	/* the other calendar's holiday on the same day stays */
	assert_ok(STORE_CALL(s, holiday_page, other.id, 0, 8, page, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(page[0].name, "Wigilia");
}

static void test_store_sla_policy_get_update_delete(void **state)
{
	struct store *s = *state;
	struct store_calendar cal = { 0 };
	struct store_sla_policy p = { .priority = LD_PRIO_HIGH, .category = -1,
				      .first_response_s = 3600, .resolution_s = 28800 };
	struct store_sla_policy q = { .priority = -1, .category = -1, .resolution_s = 86400 };
	struct store_sla_policy got;
	struct ld_case c, read;

	snprintf(cal.name, sizeof cal.name, "Weekdays");
	assert_ok(STORE_CALL(s, calendar_insert, &cal, &err));
	snprintf(p.name, sizeof p.name, "High");
	snprintf(q.name, sizeof q.name, "Default");
	assert_ok(STORE_CALL(s, sla_policy_insert, &p, &err));
	assert_ok(STORE_CALL(s, sla_policy_insert, &q, &err));

	assert_ok(STORE_CALL(s, sla_policy_get, p.id, &got, &err));
	assert_string_equal(got.name, "High");
	assert_int_equal(got.priority, LD_PRIO_HIGH);
	assert_int_equal(got.category, -1);
	assert_int_equal(got.first_response_s, 3600);
	assert_int_equal(got.resolution_s, 28800);
	assert_int_equal(got.calendar_id, 0);
	assert_false(got.pause_on_pending);
	assert_fails(STORE_CALL(s, sla_policy_get, 999, &got, &err), LD_ERR_NOT_FOUND,
		     "sla_policy_not_found");

	snprintf(p.name, sizeof p.name, "Vysoká priorita");
	p.priority = -1;
	p.category = LD_CAT_COMPLAINT;
	p.first_response_s = 0;
	p.resolution_s = 7200;
	p.calendar_id = cal.id;
	p.pause_on_pending = true;
	assert_ok(STORE_CALL(s, sla_policy_update, &p, &err));
	assert_ok(STORE_CALL(s, sla_policy_get, p.id, &got, &err));
	assert_string_equal(got.name, "Vysoká priorita");
	assert_int_equal(got.priority, -1);
	assert_int_equal(got.category, LD_CAT_COMPLAINT);
	assert_int_equal(got.first_response_s, 0);
	assert_int_equal(got.resolution_s, 7200);
	assert_int_equal(got.calendar_id, cal.id);
	assert_true(got.pause_on_pending);
	assert_ok(STORE_CALL(s, sla_policy_match, LD_PRIO_LOW, LD_CAT_COMPLAINT, &got, &err));
	assert_int_equal(got.id, p.id);

	snprintf(p.name, sizeof p.name, "Default");
	assert_fails(STORE_CALL(s, sla_policy_update, &p, &err), LD_ERR_CONFLICT,
		     "sla_policy_exists");
	snprintf(p.name, sizeof p.name, "Vysoká priorita");
	p.calendar_id = 4242;
	assert_fails(STORE_CALL(s, sla_policy_update, &p, &err), LD_ERR_NOT_FOUND,
		     "calendar_not_found");
	assert_string_equal(err.field, "calendar_id");
	p.calendar_id = cal.id;
	got = p;
	got.id = 999;
	assert_fails(STORE_CALL(s, sla_policy_update, &got, &err), LD_ERR_NOT_FOUND,
		     "sla_policy_not_found");

	/* A case started under a policy keeps it: the policy cannot be deleted. */
	c = case_of(new_customer(s, "Jana Dvořáková", "jana@example.cz", ""));
	c.sla.policy_id = p.id;
	c.sla.resolution_due = 1700007200;
	assert_ok(STORE_CALL(s, case_insert, &c, &err));
	assert_fails(STORE_CALL(s, sla_policy_delete, p.id, &err), LD_ERR_CONFLICT,
		     "sla_policy_in_use");
	assert_ok(STORE_CALL(s, sla_policy_get, p.id, &got, &err));
	assert_ok(STORE_CALL(s, case_get, c.id, &read, &err));
	assert_int_equal(read.sla.policy_id, p.id);
	assert_int_equal(read.sla.resolution_due, 1700007200);

	assert_ok(STORE_CALL(s, sla_policy_delete, q.id, &err));
	assert_fails(STORE_CALL(s, sla_policy_get, q.id, &got, &err), LD_ERR_NOT_FOUND,
		     "sla_policy_not_found");
	assert_fails(STORE_CALL(s, sla_policy_delete, q.id, &err), LD_ERR_NOT_FOUND,
		     "sla_policy_not_found");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_open_rejects_postgres_and_empty),
		cmocka_unit_test(test_store_open_missing_directory),
		T(test_store_schema_version),
		cmocka_unit_test(test_store_reopen_keeps_data),
		cmocka_unit_test(test_store_busy_is_retry),
		T(test_store_org_roundtrip),
		T(test_store_team_roundtrip),
		T(test_store_facility_roundtrip),
		T(test_store_customer_roundtrip),
		T(test_store_customer_email_unique),
		T(test_store_customer_foreign_key),
		T(test_store_customer_list_pages),
		T(test_store_customer_search_folds),
		T(test_store_customer_search_email_phone),
		T(test_store_customer_search_hostile_text),
		T(test_store_customer_search_pages_and_org),
		T(test_store_agent_roundtrip),
		T(test_store_agent_list_by_role),
		T(test_store_sessions),
		T(test_store_session_delete_agent),
		T(test_store_case_roundtrip),
		T(test_store_case_optimistic_concurrency),
		T(test_store_case_invalid_input),
		T(test_store_case_list_filters),
		T(test_store_rollup_apply_adds_deltas),
		T(test_store_rollup_rebuild_flag),
		T(test_store_case_find_recent_resolved),
		T(test_store_interaction_roundtrip),
		T(test_store_interaction_invalid_input),
		T(test_store_interaction_case_order),
		T(test_store_timeline),
		T(test_store_interaction_move_case),
		T(test_store_transactions),
		T(test_store_audit),
		T(test_store_calendar_and_holidays),
		T(test_store_sla_policy_match),
		T(test_store_calendar_update_and_list),
		T(test_store_holiday_page_and_delete),
		T(test_store_sla_policy_get_update_delete),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
