/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The audit log and the login throttle as use cases: `check` finds a row
 * edited, a detail changed or a row deleted behind the store's back (the
 * triggers dropped with the sqlite3 C API, as someone with the file could)
 * and passes a redacted detail; failed logins are recorded with their
 * reason, address and the name's digest; the throttle refuses after K
 * failures of a name or an address with a growing Retry-After, answers
 * unknown names alike, is reset by a success, and holds across two store
 * handles and a reopen (two processes, a restart); only admins read the
 * log; a refusal is recorded with its route.
 */
#include "fixture.h"

#include <sqlite3.h>
#include <unistd.h>

#include "util/audit_chain.h"
#include "util/crypto.h"

#define PASSWORD "correct horse battery"

/* ---- a store file, for what only a second handle or an edit can show ---- */

struct file_fx {
	char dir[32];          /* mkdtemp() */
	char path[64];         /* the database in it */
	struct store *store;   /* handle, owned */
	struct app app;        /* context over it, fake clock */
};

static void file_open(struct file_fx *x, const struct app_config *base)
{
	struct app_config cfg;
	struct ld_err err;

	if (base != NULL)
		cfg = *base;
	else
		app_config_defaults(&cfg);
	cfg.now = clock_fn;
	assert_int_equal(store_open(x->path, &x->store, &err), LD_OK);
	app_init(&x->app, x->store, &cfg);
}

static void file_close(struct file_fx *x)
{
	app_fini(&x->app);
	store_close(x->store);
	x->store = NULL;
}

static void file_create(struct file_fx *x, const struct app_config *cfg)
{
	memset(x, 0, sizeof *x);
	snprintf(x->dir, sizeof x->dir, "/tmp/ld_app_XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof x->path, "%s/desk.db", x->dir);
	file_open(x, cfg);
}

static void file_remove(struct file_fx *x)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char p[96];

	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", x->path, suffix[i]);
		unlink(p);
	}
	rmdir(x->dir);
}

/* Runs SQL on the file with a connection of its own, behind the store's back. */
static void behind_the_back(const struct file_fx *x, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(x->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg != NULL ? msg : "?");
	sqlite3_close(db);
}

struct breaks {
	int n;
	char key[8][160];
	char field[8][32];
	char stored[8][80];
	char recomputed[8][80];
};

static void keep_break(void *ctx, const struct app_check_diff *d)
{
	struct breaks *b = ctx;

	if (strcmp(d->table, "audit") != 0)
		fail_msg("a figure differs: %s %s %s", d->table, d->key, d->field);
	if (b->n < 8) {
		snprintf(b->key[b->n], sizeof b->key[0], "%s", d->key);
		snprintf(b->field[b->n], sizeof b->field[0], "%s", d->field);
		snprintf(b->stored[b->n], sizeof b->stored[0], "%s", d->stored);
		snprintf(b->recomputed[b->n], sizeof b->recomputed[0], "%s", d->recomputed);
	}
	b->n++;
}

static struct app_check_result check(struct app *app, struct breaks *b)
{
	struct app_check_result res;
	struct ld_err err;

	memset(b, 0, sizeof *b);
	assert_int_equal(app_check(app, NULL, false, keep_break, b, &res, &err), LD_OK);
	assert_int_equal(res.audit_breaks, b->n);
	return res;
}

static void write_some(struct app *app)
{
	struct ld_team t;
	struct ld_err err;

	for (int i = 0; i < 4; i++) {
		memset(&t, 0, sizeof t);
		snprintf(t.name, sizeof t.name, "Team %d", i);
		assert_int_equal(app_team_create(app, NULL, &t, &err), LD_OK);
	}
}

static void test_audit_check_finds_an_edited_row(void **state)
{
	struct file_fx x;
	struct breaks b;
	struct app_check_result res;
	char head[65];

	(void)state;
	file_create(&x, NULL);
	write_some(&x.app);
	res = check(&x.app, &b);
	assert_int_equal(res.audit_rows, 4);
	assert_int_equal(res.audit_breaks, 0);
	assert_int_equal(strlen(res.audit_head), 64);
	memcpy(head, res.audit_head, sizeof head);

	behind_the_back(&x, "DROP TRIGGER audit_no_update;"
			    "UPDATE audit SET object = 'team/99' WHERE id = 2");
	res = check(&x.app, &b);
	assert_int_equal(res.audit_breaks, 1);
	assert_string_equal(b.key[0], "id=2");
	assert_string_equal(b.field[0], "chain");
	assert_int_equal(strlen(b.stored[0]), 64);
	assert_int_equal(strlen(b.recomputed[0]), 64);
	assert_string_not_equal(b.stored[0], b.recomputed[0]);
	/* The rows after it still link to what is stored: one edit, one break. */
	assert_string_equal(res.audit_head, head);
	file_close(&x);
	file_remove(&x);
}

static void test_audit_check_finds_a_deleted_row(void **state)
{
	struct file_fx x;
	struct breaks b;
	struct app_check_result res;

	(void)state;
	file_create(&x, NULL);
	write_some(&x.app);
	/* The first row deleted: the new first row does not start the chain. */
	behind_the_back(&x, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 1");
	res = check(&x.app, &b);
	assert_int_equal(res.audit_rows, 3);
	assert_int_equal(res.audit_breaks, 1);
	assert_string_equal(b.key[0], "id=2");
	/* A row in the middle: its successor does not link to what precedes it now. */
	behind_the_back(&x, "DELETE FROM audit WHERE id = 3");
	res = check(&x.app, &b);
	assert_int_equal(res.audit_rows, 2);
	assert_int_equal(res.audit_breaks, 2);
	assert_string_equal(b.key[0], "id=2");
	assert_string_equal(b.key[1], "id=4");
	file_close(&x);
	file_remove(&x);
}

/* A detail changed is a digest break; a detail redacted (the erasure's way) is none. */
static void test_audit_check_detail_and_redaction(void **state)
{
	struct file_fx x;
	struct breaks b;
	struct ld_err err;
	struct app_check_result res;

	(void)state;
	file_create(&x, NULL);
	assert_int_equal(app_customer_create_many(&x.app, NULL,
						  &(struct ld_customer){ .name = "Jana Nováková",
									 .preferred_channel = -1 },
						  1, &err),
			 LD_OK);
	write_some(&x.app);
	res = check(&x.app, &b);
	assert_int_equal(res.audit_breaks, 0);

	/* The redaction the guard lets through: detail gone, digest and chain kept. */
	behind_the_back(&x, "UPDATE audit SET detail = NULL, redacted_at = 1767607300 WHERE id = 1");
	res = check(&x.app, &b);
	assert_int_equal(res.audit_breaks, 0);

	/* An edit of a detail that was not redacted. */
	behind_the_back(&x, "DROP TRIGGER audit_no_update;"
			    "UPDATE audit SET detail = '{\"date\":1}' WHERE id = 2;"
			    "UPDATE audit SET detail = '{\"n\":1}' WHERE id = 3");
	res = check(&x.app, &b);
	assert_int_equal(res.audit_breaks, 2);
	assert_string_equal(b.key[0], "id=2");
	assert_string_equal(b.field[0], "detail_digest");
	assert_string_equal(b.stored[0], "none");
	assert_string_equal(b.key[1], "id=3");
	assert_string_equal(b.field[1], "detail_digest");
	file_close(&x);
	file_remove(&x);
}

/* ---- failed logins ---- */

static void set_password(struct fx *f, int64_t id)
{
	struct ld_err err;

	assert_int_equal(app_user_set_password(&f->app, NULL, id, PASSWORD, NULL, NULL, &err), LD_OK);
}

static ld_status login(struct app *app, const char *address, const char *email,
		       const char *password, struct ld_err *err)
{
	char token[APP_TOKEN_LEN + 1];

	return app_login(app, address, email, password, token, NULL, err);
}

/* The last audit rows of `action`, newest last; *n of them. */
static int last_rows(struct app *app, const char *action, struct ld_audit *out, int cap)
{
	struct store_audit_query q = { .action = action, .limit = APP_LIST_MAX };
	struct ld_audit page[APP_LIST_MAX];
	struct ld_err err;
	int n = 0, k;

	assert_int_equal(app_audit_list(app, NULL, &q, page, &n, &err), LD_OK);
	k = n < cap ? n : cap;
	for (int i = 0; i < n; i++) {
		if (i >= n - k)
			out[i - (n - k)] = page[i];
		else
			ld_audit_clear(&page[i]);
	}
	return k;
}

static void test_audit_failed_logins_are_recorded(void **state)
{
	struct fx *f = *state;
	struct ld_audit rows[4];
	struct ld_err err;
	char digest[CRYPTO_TOKEN_HEX + 1], object[32], want[160];

	set_password(f, f->agent1);
	assert_int_equal(login(&f->app, "192.0.2.1", "A1@example.com", "wrong password!", &err),
			 LD_ERR_UNAUTHORIZED);
	assert_string_equal(err.code, "invalid_credentials");
	assert_int_equal(login(&f->app, "192.0.2.2", "nobody@example.com", "whatever1234", &err),
			 LD_ERR_UNAUTHORIZED);
	assert_string_equal(err.code, "invalid_credentials");
	/* Inactive, with the right password: refused the same way. */
	struct ld_agent a;
	set_password(f, f->agent2);
	assert_int_equal(app_agent_get(&f->app, NULL, f->agent2, &a, &err), LD_OK);
	a.active = false;
	assert_int_equal(app_agent_update(&f->app, NULL, &a, &err), LD_OK);
	assert_int_equal(login(&f->app, NULL, "a2@example.com", PASSWORD, &err),
			 LD_ERR_UNAUTHORIZED);
	assert_string_equal(err.code, "invalid_credentials");

	assert_int_equal(last_rows(&f->app, "session.refused", rows, 3), 3);
	crypto_sha256_hex("a1@example.com", 14, digest);
	snprintf(object, sizeof object, "agent/%lld", (long long)f->agent1);
	snprintf(want, sizeof want, "{\"reason\":\"wrong_password\",\"login_sha256\":\"%s\"}", digest);
	assert_int_equal(rows[0].actor_id, 0);
	assert_string_equal(rows[0].object, object);
	assert_string_equal(rows[0].address, "192.0.2.1");
	assert_string_equal(rows[0].detail, want);
	/* An unknown name: no object, and never the name in clear. */
	crypto_sha256_hex("nobody@example.com", 18, digest);
	snprintf(want, sizeof want, "{\"reason\":\"unknown_account\",\"login_sha256\":\"%s\"}",
		 digest);
	assert_null(rows[1].object);
	assert_string_equal(rows[1].address, "192.0.2.2");
	assert_string_equal(rows[1].detail, want);
	assert_null(strstr(rows[1].detail, "nobody"));
	assert_null(rows[2].address);
	assert_non_null(strstr(rows[2].detail, "\"inactive\""));
	for (int i = 0; i < 3; i++)
		ld_audit_clear(&rows[i]);

	/* A success is recorded with its address too. */
	assert_int_equal(login(&f->app, "2001:db8::1", "a1@example.com", PASSWORD, &err), LD_OK);
	assert_int_equal(last_rows(&f->app, "session.create", rows, 1), 1);
	assert_string_equal(rows[0].address, "2001:db8::1");
	assert_int_equal(rows[0].actor_id, f->agent1);
	ld_audit_clear(&rows[0]);
}

/* K failures of a name, then 429 doubling; a success resets the name. */
static void test_audit_throttle_by_name(void **state)
{
	struct fx *f = *state;
	struct ld_err err;

	set_password(f, f->agent1);
	for (int i = 0; i < 5; i++)
		assert_int_equal(login(&f->app, NULL, "a1@example.com", "wrong password!", &err),
				 LD_ERR_UNAUTHORIZED);
	/* Refused unchecked, even with the right password. */
	assert_int_equal(login(&f->app, NULL, "a1@example.com", PASSWORD, &err), LD_ERR_TOO_MANY);
	assert_string_equal(err.code, "too_many_attempts");
	assert_int_equal(err.retry_after_s, 1);
	fake_now += 1;
	assert_int_equal(login(&f->app, NULL, "A1@Example.com", "wrong password!", &err),
			 LD_ERR_UNAUTHORIZED);
	assert_int_equal(login(&f->app, NULL, "a1@example.com", PASSWORD, &err), LD_ERR_TOO_MANY);
	assert_int_equal(err.retry_after_s, 2);
	fake_now += 1;
	assert_int_equal(login(&f->app, NULL, "a1@example.com", PASSWORD, &err), LD_ERR_TOO_MANY);
	assert_int_equal(err.retry_after_s, 1);
	fake_now += 1;
	assert_int_equal(login(&f->app, NULL, "a1@example.com", PASSWORD, &err), LD_OK);
	/* Reset: the next failure is the first of a new run. */
	assert_int_equal(login(&f->app, NULL, "a1@example.com", "wrong password!", &err),
			 LD_ERR_UNAUTHORIZED);
	assert_int_equal(login(&f->app, NULL, "a1@example.com", PASSWORD, &err), LD_OK);
	/* The throttled attempts wrote nothing; the failures did. */
	int64_t refused = 0;
	assert_int_equal(STORE_CALL(f->store, audit_count, "session.refused", &refused, &err),
			 LD_OK);
	assert_int_equal(refused, 7);
}

/* A name nobody has is throttled exactly like one that exists. */
static void test_audit_throttle_unknown_name_alike(void **state)
{
	struct fx *f = *state;
	struct ld_err err;
	int64_t known = 0, unknown = 0;

	set_password(f, f->agent1);
	for (int i = 0; i < 7; i++) {
		ld_status a = login(&f->app, NULL, "a1@example.com", "wrong password!", &err);
		int64_t ra = err.retry_after_s;
		ld_status b = login(&f->app, NULL, "ghost@example.com", "wrong password!", &err);

		assert_int_equal(a, b);
		assert_int_equal(ra, err.retry_after_s);
		known += a == LD_ERR_TOO_MANY;
		unknown += b == LD_ERR_TOO_MANY;
		fake_now += 1;
	}
	assert_true(known > 0);
	assert_int_equal(known, unknown);
}

/* An address spraying many names is throttled as an address; a success elsewhere
 * does not reset it. */
static void test_audit_throttle_by_address(void **state)
{
	struct fx *f = *state;
	struct app_config cfg = f->app.cfg;
	struct app app;
	struct ld_err err;
	char name[64];

	cfg.login_address_failures = 3;
	app_init(&app, f->store, &cfg);
	set_password(f, f->agent1);
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "user%d@example.com", i);
		assert_int_equal(login(&app, "198.51.100.7", name, "wrong password!", &err),
				 LD_ERR_UNAUTHORIZED);
	}
	assert_int_equal(login(&app, "198.51.100.7", "user9@example.com", "x", &err),
			 LD_ERR_TOO_MANY);
	assert_int_equal(login(&app, "198.51.100.7", "a1@example.com", PASSWORD, &err),
			 LD_ERR_TOO_MANY);
	/* Another address is not concerned. */
	assert_int_equal(login(&app, "198.51.100.8", "a1@example.com", PASSWORD, &err), LD_OK);
	fake_now += 1;
	assert_int_equal(login(&app, "198.51.100.7", "a1@example.com", PASSWORD, &err), LD_OK);
	assert_int_equal(login(&app, "198.51.100.7", "user3@example.com", "wrong password!", &err),
			 LD_ERR_UNAUTHORIZED);
	assert_int_equal(login(&app, "198.51.100.7", "a1@example.com", PASSWORD, &err),
			 LD_ERR_TOO_MANY);
	assert_int_equal(err.retry_after_s, 2);
	/* Off: addresses are not counted at all. */
	cfg.login_address_failures = APP_THROTTLE_OFF;
	app_fini(&app);
	app_init(&app, f->store, &cfg);
	assert_int_equal(login(&app, "198.51.100.7", "a1@example.com", PASSWORD, &err), LD_OK);
	app_fini(&app);
}

/* The counts live in the store: a second handle (process) and a reopen see them. */
static void test_audit_throttle_shared_and_kept(void **state)
{
	struct file_fx x, y;
	struct ld_agent a;
	struct ld_err err;

	(void)state;
	file_create(&x, NULL);
	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "Dana");
	snprintf(a.email, sizeof a.email, "dana@example.com");
	a.role = LD_ROLE_AGENT;
	a.active = true;
	assert_int_equal(app_user_add(&x.app, NULL, &a, PASSWORD, &err), LD_OK);
	y = x;
	file_open(&y, NULL);
	for (int i = 0; i < 5; i++)
		assert_int_equal(login(i % 2 ? &y.app : &x.app, NULL, "dana@example.com", "nope nope!",
				       &err),
				 LD_ERR_UNAUTHORIZED);
	assert_int_equal(login(&y.app, NULL, "dana@example.com", PASSWORD, &err), LD_ERR_TOO_MANY);
	file_close(&y);
	file_close(&x);
	file_open(&x, NULL);
	assert_int_equal(login(&x.app, NULL, "dana@example.com", PASSWORD, &err), LD_ERR_TOO_MANY);
	fake_now += 1;
	assert_int_equal(login(&x.app, NULL, "dana@example.com", PASSWORD, &err), LD_OK);
	file_close(&x);
	file_remove(&x);
}

/* ---- reading the log, recording refusals ---- */

static void test_audit_list_is_for_admins(void **state)
{
	struct fx *f = *state;
	struct store_audit_query q = { .limit = 10 };
	struct ld_audit rows[10];
	struct app_actor manager = { .agent_id = f->agent3, .role = LD_ROLE_MANAGER };
	struct ld_err err;
	int n = -1;

	assert_int_equal(app_audit_list(&f->app, &f->admin, &q, rows, &n, &err), LD_OK);
	assert_true(n > 0);
	for (int i = 0; i < n; i++)
		ld_audit_clear(&rows[i]);
	assert_int_equal(app_audit_list(&f->app, &manager, &q, rows, &n, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(n, 0);
	assert_int_equal(app_audit_list(&f->app, &f->agent, &q, rows, &n, &err), LD_ERR_FORBIDDEN);
	assert_int_equal(app_audit_list(&f->app, &f->cust, &q, rows, &n, &err), LD_ERR_FORBIDDEN);
	q.from = 200;
	q.to = 100;
	assert_int_equal(app_audit_list(&f->app, NULL, &q, rows, &n, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_range");
	q.from = q.to = 0;
	q.limit = APP_LIST_MAX + 1;
	assert_int_equal(app_audit_list(&f->app, NULL, &q, rows, &n, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_limit");
}

static void test_audit_access_refused(void **state)
{
	struct fx *f = *state;
	struct app_actor who = f->agent;
	struct ld_audit rows[1];
	struct ld_err err;

	snprintf(who.address, sizeof who.address, "203.0.113.5");
	assert_int_equal(app_access_refused(&f->app, &who, "case/7", "PATCH /api/v1/cases/{id}",
					    "field_forbidden", &err),
			 LD_OK);
	assert_int_equal(app_access_refused(&f->app, NULL, "case/7", "x", "y", &err), LD_OK);
	assert_int_equal(last_rows(&f->app, "access.refused", rows, 1), 1);
	assert_int_equal(rows[0].actor_id, f->agent1);
	assert_string_equal(rows[0].object, "case/7");
	assert_string_equal(rows[0].address, "203.0.113.5");
	assert_string_equal(rows[0].detail,
			    "{\"route\":\"PATCH /api/v1/cases/{id}\",\"code\":\"field_forbidden\"}");
	ld_audit_clear(&rows[0]);
	/* Text that needs escaping stays JSON. */
	assert_int_equal(app_access_refused(&f->app, &who, NULL, "GET \"x\"\\", "a\nb", &err), LD_OK);
	assert_int_equal(last_rows(&f->app, "access.refused", rows, 1), 1);
	assert_string_equal(rows[0].detail, "{\"route\":\"GET \\\"x\\\"\\\\\",\"code\":\"a\\u000ab\"}");
	ld_audit_clear(&rows[0]);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_check_finds_an_edited_row),
		cmocka_unit_test(test_audit_check_finds_a_deleted_row),
		cmocka_unit_test(test_audit_check_detail_and_redaction),
		T(test_audit_failed_logins_are_recorded),
		T(test_audit_throttle_by_name),
		T(test_audit_throttle_unknown_name_alike),
		T(test_audit_throttle_by_address),
		cmocka_unit_test(test_audit_throttle_shared_and_kept),
		T(test_audit_list_is_for_admins),
		T(test_audit_access_refused),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
