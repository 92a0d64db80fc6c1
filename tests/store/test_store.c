/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store contract suite (store.h), part one: opening a store, transactions,
 * savepoints and read snapshots, organisations, teams, facilities, customers,
 * accounts and sessions, audit, SLA configuration. Run against the store
 * LOYALDESK_TEST_STORE names (tests/store/store_fixture.h), through the
 * interface only; the checks of one backend's own behaviour are marked and
 * skipped for another.
 *
 * Owns: the executable meaning of those store.h sentences — round trips of
 * every entity with all fields (UTF-8 included), cursor pagination, unique
 * and foreign-key errors, search folding and its resistance to hostile text,
 * transactions. Cases and interactions are test_store_cases.c; surveys,
 * subscriptions, the outbox and follow-ups test_store_feedback.c; derived
 * figures and the report reads test_store_reports.c.
 */
#include "store_fixture.h"

#include "store/migrations.h"

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
 * Opening a store, handles
 * ==================================================================== */

static void test_store_open_rejects_bad_urls(void **state)
{
	struct store *s = (struct store *)0x1;

	(void)state;
	assert_fails(store_open("", &s, &err), LD_ERR_INVALID, "invalid_store_url");
	assert_null(s);
	s = (struct store *)0x1;
	assert_fails(store_open(NULL, &s, &err), LD_ERR_INVALID, "invalid_store_url");
	assert_null(s);
	/* This build has no PostgreSQL driver; a URL naming one says so. */
	if (fixture_is_sqlite()) {
		assert_fails(store_open("postgresql://db.example/loyaldesk", &s, &err),
			     LD_ERR_INVALID, "unsupported_store");
		assert_null(s);
		assert_fails(store_open("postgres://x", &s, &err), LD_ERR_INVALID,
			     "unsupported_store");
	}
}

/* The schema version is the same on every read and names the driver. */
static void test_store_schema_version(void **state)
{
	struct store *s = *state;
	int version = -1, again = -2;

	assert_ok(STORE_CALL(s, schema_version, &version, &err));
	assert_true(version >= 1);
	assert_ok(STORE_CALL(s, schema_version, &again, &err));
	assert_int_equal(again, version);
	assert_non_null(s->ops->name);
	assert_true(s->ops->name[0] != '\0');
}

/* close() through store_close(), which takes NULL too. */
static void test_store_close(void **state)
{
	struct store *s = NULL;

	(void)state;
	store_close(NULL);
	assert_int_equal(setup((void **)&s), 0);
	new_org(s, "Closed");
	assert_int_equal(teardown((void **)&s), 0);
}

/* ====================================================================
 * Backend-specific: SQLite files (skipped for any other store URL)
 * ==================================================================== */

static int latest_migration(void)
{
	return store_sqlite_migrations[store_sqlite_migrations_len - 1].version;
}

static void test_store_sqlite_schema_history(void **state)
{
	struct store *s = *state;
	int version = -1;

	FIXTURE_REQUIRE_SQLITE();
	assert_ok(STORE_CALL(s, schema_version, &version, &err));
	assert_int_equal(version, latest_migration());
	assert_string_equal(s->ops->name, "sqlite");
}

static void test_store_sqlite_missing_directory(void **state)
{
	const char *path = "/nonexistent-loyaldesk-dir/sub/desk.db";
	struct store *s = NULL;

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	assert_fails(store_open(path, &s, &err), LD_ERR_INTERNAL, "store_open_failed");
	assert_null(s);
	assert_non_null(strstr(err.message, path));
}

static void test_store_sqlite_reopen_keeps_data(void **state)
{
	struct fixture_pair p;
	struct store *s = NULL;
	struct ld_customer c = { 0 };
	int64_t id;
	int version = 0;

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	fixture_pair_open(&p);
	id = new_customer(p.a, "Antonín Dvořák", "antonin@example.cz", "+420 601 000 111");
	new_case(p.a, id);
	store_close(p.a);
	store_close(p.b);

	/* 0001 creates tables without IF NOT EXISTS: re-applying it would fail here. */
	assert_ok(store_open(p.path, &s, &err));
	assert_ok(STORE_CALL(s, schema_version, &version, &err));
	assert_int_equal(version, latest_migration());
	assert_ok(STORE_CALL(s, customer_get, id, &c, &err));
	assert_string_equal(c.name, "Antonín Dvořák");
	ld_customer_clear(&c);
	assert_finds(s, "dvorak", id);
	p.a = s;
	p.b = NULL;
	fixture_pair_close(&p);
}

static void test_store_sqlite_busy_is_retry(void **state)
{
	struct fixture_pair p;
	struct ld_org o = { 0 };

	(void)state;
	FIXTURE_REQUIRE_SQLITE();
	fixture_pair_open(&p);
	assert_ok(STORE_CALL(p.a, begin, &err));
	new_org(p.a, "Held");
	/* b waits busy_timeout for the write lock, then gives up. */
	assert_fails(STORE_CALL(p.b, begin, &err), LD_ERR_RETRY, "store_busy");
	/* WAL: a reader is not blocked by the writer and sees only committed rows. */
	assert_fails(STORE_CALL(p.b, org_get, 1, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");
	assert_ok(STORE_CALL(p.a, commit, &err));
	assert_ok(STORE_CALL(p.b, org_get, 1, &o, &err));
	assert_string_equal(o.name, "Held");
	fixture_pair_close(&p);
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
	assert_ok(STORE_CALL(s, team_list, 0, 1, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, t.id);
	assert_ok(STORE_CALL(s, team_list, page[0].id, 1, page, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(page[0].name, "Billing");
	assert_ok(STORE_CALL(s, team_list, page[0].id, 1, page, &n, &err));
	assert_int_equal(n, 0);
	assert_fails(STORE_CALL(s, team_list, 0, 0, page, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
	t.id = 999;
	t.kind = LD_TEAM_QUEUE;
	assert_fails(STORE_CALL(s, team_update, &t, &err), LD_ERR_NOT_FOUND, "team_not_found");
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
	assert_true(f.created_at > 0); /* 0 = now */
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
	snprintf(dup.name, sizeof dup.name, "Pobočka Ostrava");
	assert_ok(STORE_CALL(s, facility_insert, &dup, &err));
	assert_ok(STORE_CALL(s, facility_list, f.id, 3, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, dup.id);
	assert_string_equal(page[0].name, "Pobočka Ostrava");
	assert_ok(STORE_CALL(s, facility_list, dup.id, 3, page, &n, &err));
	assert_int_equal(n, 0);
	assert_fails(STORE_CALL(s, facility_list, 0, 0, page, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
	assert_fails(STORE_CALL(s, facility_get, 55, &got, &err), LD_ERR_NOT_FOUND,
		     "facility_not_found");
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
	assert_true(a.created_at > 0); /* 0 = now */

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
	memset(&got, 0x5a, sizeof got);
	assert_ok(STORE_CALL(s, session_get, digest, &got, &err));
	assert_int_equal(got.agent_id, agent);
	assert_int_equal(got.created_at, 1700000000);
	assert_int_equal(got.expires_at, 1700086400);
	/* The account, joined: role, home team, whose login, standing. */
	assert_int_equal(got.role, LD_ROLE_AGENT);
	assert_int_equal(got.team_id, 0);
	assert_int_equal(got.customer_id, 0);
	assert_true(got.active);

	/* A customer's login in a team-less account, deactivated: every field follows. */
	int64_t cust = new_customer(s, "Portal", "portal@example.cz", "");
	struct ld_agent portal = { 0 };
	snprintf(portal.name, sizeof portal.name, "Portal");
	snprintf(portal.email, sizeof portal.email, "portal@example.cz");
	portal.role = LD_ROLE_CUSTOMER;
	portal.customer_id = cust;
	portal.active = true;
	assert_ok(STORE_CALL(s, agent_insert, &portal, NULL, &err));
	struct store_session psess = { .agent_id = portal.id, .created_at = 1700000100,
				       .expires_at = 1700000200 };
	assert_ok(STORE_CALL(s, session_insert, other, &psess, &err));
	portal.active = false;
	assert_ok(STORE_CALL(s, agent_update, &portal, &err));
	assert_ok(STORE_CALL(s, session_get, other, &got, &err));
	assert_int_equal(got.agent_id, portal.id);
	assert_int_equal(got.role, LD_ROLE_CUSTOMER);
	assert_int_equal(got.customer_id, cust);
	assert_false(got.active);
	/* Expiry is the caller's to check: an expired session still reads. */
	assert_int_equal(got.expires_at, 1700000200);
	assert_ok(STORE_CALL(s, session_delete, other, &err));

	/* A staff account's home team. */
	int64_t team = new_team(s, "Home");
	struct ld_agent staff;
	assert_ok(STORE_CALL(s, agent_get, agent, &staff, &err));
	staff.team_id = team;
	staff.role = LD_ROLE_MANAGER;
	assert_ok(STORE_CALL(s, agent_update, &staff, &err));
	assert_ok(STORE_CALL(s, session_get, digest, &got, &err));
	assert_int_equal(got.team_id, team);
	assert_int_equal(got.role, LD_ROLE_MANAGER);
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

/* session_purge ends the sessions expired by a time, every account's, and no other. */
static void test_store_session_purge(void **state)
{
	struct store *s = *state;
	int64_t a = new_agent(s, "A", "a@desk.example");
	int64_t b = new_agent(s, "B", "b@desk.example");
	static const int64_t expires[4] = { 1700000100, 1700000200, 1700000300, 1700000400 };
	uint8_t d[4][STORE_TOKEN_DIGEST_LEN];
	struct store_session sess = { .created_at = 1700000000 };
	struct store_session got;
	int n = -1;

	for (int k = 0; k < 4; k++) {
		for (int i = 0; i < STORE_TOKEN_DIGEST_LEN; i++)
			d[k][i] = (uint8_t)(k * 17 + i);
		sess.agent_id = k % 2 == 0 ? a : b;
		sess.expires_at = expires[k];
		assert_ok(STORE_CALL(s, session_insert, d[k], &sess, &err));
	}
	/* expired at 1700000200: the first two (a session is over at its expiry) */
	assert_ok(STORE_CALL(s, session_purge, 1700000200, &n, &err));
	assert_int_equal(n, 2);
	assert_fails(STORE_CALL(s, session_get, d[0], &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
	assert_fails(STORE_CALL(s, session_get, d[1], &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
	assert_ok(STORE_CALL(s, session_get, d[2], &got, &err));
	assert_int_equal(got.agent_id, a);
	assert_ok(STORE_CALL(s, session_get, d[3], &got, &err));
	assert_int_equal(got.agent_id, b);
	/* nothing more to purge then: LD_OK, none */
	assert_ok(STORE_CALL(s, session_purge, 1700000299, &n, &err));
	assert_int_equal(n, 0);
	assert_ok(STORE_CALL(s, session_purge, 1700000400, NULL, &err));
	assert_fails(STORE_CALL(s, session_get, d[3], &got, &err), LD_ERR_NOT_FOUND,
		     "session_not_found");
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

/* How many organisations the store holds (at most 16). */
static int org_count(struct store *s)
{
	struct ld_org page[16];
	int n = -1;

	assert_ok(STORE_CALL(s, org_list, 0, 16, page, &n, &err));
	return n;
}

/* Savepoints nest inside a transaction: release keeps, rollback_savepoint undoes. */
static void test_store_savepoints(void **state)
{
	struct store *s = *state;
	struct ld_org o;

	/* Outside begin() they are errors, and undoing nothing does nothing. */
	assert_fails(STORE_CALL(s, savepoint, &err), LD_ERR_INTERNAL, "no_transaction");
	assert_fails(STORE_CALL(s, release, &err), LD_ERR_INTERNAL, "no_savepoint");
	s->ops->rollback_savepoint(s);

	assert_ok(STORE_CALL(s, begin, &err));
	assert_fails(STORE_CALL(s, release, &err), LD_ERR_INTERNAL, "no_savepoint");
	int64_t base = new_org(s, "Before any mark");
	assert_ok(STORE_CALL(s, savepoint, &err));
	int64_t kept = new_org(s, "Kept by release");
	assert_ok(STORE_CALL(s, savepoint, &err));
	int64_t undone = new_org(s, "Undone inner");
	assert_ok(STORE_CALL(s, savepoint, &err));
	int64_t undone_too = new_org(s, "Undone innermost");
	/* Released, the innermost mark's rows belong to the one around it: undoing
	 * that one undoes both. */
	assert_ok(STORE_CALL(s, release, &err));
	s->ops->rollback_savepoint(s);
	assert_fails(STORE_CALL(s, org_get, undone, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");
	assert_fails(STORE_CALL(s, org_get, undone_too, &o, &err), LD_ERR_NOT_FOUND,
		     "org_not_found");
	assert_ok(STORE_CALL(s, org_get, kept, &o, &err));
	/* The mark is dropped: the next release is the outer savepoint's. */
	assert_ok(STORE_CALL(s, release, &err));
	assert_fails(STORE_CALL(s, release, &err), LD_ERR_INTERNAL, "no_savepoint");
	/* A rolled-back savepoint leaves the transaction usable. */
	assert_ok(STORE_CALL(s, savepoint, &err));
	int64_t again = new_org(s, "Undone inner");
	s->ops->rollback_savepoint(s);
	assert_fails(STORE_CALL(s, org_get, again, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");
	int64_t after = new_org(s, "After the savepoints");
	assert_ok(STORE_CALL(s, commit, &err));

	assert_ok(STORE_CALL(s, org_get, base, &o, &err));
	assert_ok(STORE_CALL(s, org_get, kept, &o, &err));
	assert_string_equal(o.name, "Kept by release");
	assert_ok(STORE_CALL(s, org_get, after, &o, &err));
	assert_int_equal(org_count(s), 3);

	/* What a savepoint kept goes with the transaction when it rolls back. */
	assert_ok(STORE_CALL(s, begin, &err));
	assert_ok(STORE_CALL(s, savepoint, &err));
	int64_t gone = new_org(s, "Released, then rolled back");
	assert_ok(STORE_CALL(s, release, &err));
	s->ops->rollback(s);
	assert_fails(STORE_CALL(s, org_get, gone, &o, &err), LD_ERR_NOT_FOUND, "org_not_found");
	/* After commit or rollback no savepoint is left open. */
	assert_ok(STORE_CALL(s, begin, &err));
	assert_ok(STORE_CALL(s, savepoint, &err));
	s->ops->rollback(s);
	assert_fails(STORE_CALL(s, savepoint, &err), LD_ERR_INTERNAL, "no_transaction");
	assert_ok(STORE_CALL(s, begin, &err));
	assert_fails(STORE_CALL(s, release, &err), LD_ERR_INTERNAL, "no_savepoint");
	assert_ok(STORE_CALL(s, commit, &err));
	assert_int_equal(org_count(s), 3);
}

/* read_begin/read_end bracket reads; no transaction may open inside. */
static void test_store_read_snapshot_bracket(void **state)
{
	struct store *s = *state;
	struct ld_org o;

	int64_t id = new_org(s, "Read");
	s->ops->read_end(s); /* without read_begin(): nothing */
	assert_ok(STORE_CALL(s, read_begin, &err));
	assert_fails(STORE_CALL(s, read_begin, &err), LD_ERR_INTERNAL, "nested_transaction");
	assert_fails(STORE_CALL(s, begin, &err), LD_ERR_INTERNAL, "nested_transaction");
	assert_ok(STORE_CALL(s, org_get, id, &o, &err));
	assert_string_equal(o.name, "Read");
	assert_int_equal(org_count(s), 1);
	s->ops->read_end(s);
	s->ops->read_end(s);

	/* Inside a write transaction a snapshot cannot open either. */
	assert_ok(STORE_CALL(s, begin, &err));
	assert_fails(STORE_CALL(s, read_begin, &err), LD_ERR_INTERNAL, "nested_transaction");
	new_org(s, "Written");
	assert_ok(STORE_CALL(s, commit, &err));
	assert_ok(STORE_CALL(s, read_begin, &err));
	assert_int_equal(org_count(s), 2);
	s->ops->read_end(s);
	/* And the handle writes again afterwards. */
	new_org(s, "After the snapshot");
	assert_int_equal(org_count(s), 3);
}

/* Between read_begin and read_end another handle's commit stays unseen. */
static void test_store_read_snapshot_is_consistent(void **state)
{
	struct fixture_pair p;
	struct ld_org o;

	(void)state;
	fixture_pair_open(&p);
	new_org(p.a, "First");
	assert_ok(STORE_CALL(p.b, read_begin, &err));
	assert_int_equal(org_count(p.b), 1);
	int64_t second = new_org(p.a, "Second");
	assert_ok(STORE_CALL(p.a, begin, &err));
	new_org(p.a, "Third");
	assert_ok(STORE_CALL(p.a, commit, &err));
	/* One state: neither the row committed since nor a lookup of it. */
	assert_int_equal(org_count(p.b), 1);
	assert_fails(STORE_CALL(p.b, org_get, second, &o, &err), LD_ERR_NOT_FOUND,
		     "org_not_found");
	p.b->ops->read_end(p.b);
	assert_int_equal(org_count(p.b), 3);
	assert_ok(STORE_CALL(p.b, org_get, second, &o, &err));
	assert_string_equal(o.name, "Second");
	/* A writer is not held up by an open snapshot. */
	assert_ok(STORE_CALL(p.b, read_begin, &err));
	assert_int_equal(org_count(p.b), 3);
	new_org(p.a, "Fourth");
	assert_int_equal(org_count(p.b), 3);
	p.b->ops->read_end(p.b);
	assert_int_equal(org_count(p.b), 4);
	fixture_pair_close(&p);
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
		cmocka_unit_test(test_store_open_rejects_bad_urls),
		T(test_store_schema_version),
		cmocka_unit_test(test_store_close),
		T(test_store_sqlite_schema_history),
		cmocka_unit_test(test_store_sqlite_missing_directory),
		cmocka_unit_test(test_store_sqlite_reopen_keeps_data),
		cmocka_unit_test(test_store_sqlite_busy_is_retry),
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
		T(test_store_session_purge),
		T(test_store_transactions),
		T(test_store_savepoints),
		T(test_store_read_snapshot_bracket),
		cmocka_unit_test(test_store_read_snapshot_is_consistent),
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
