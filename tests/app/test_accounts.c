/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Accounts and sessions (app/accounts.c): what a login leaves in the store.
 */
#include "fixture.h"

#include "util/crypto.h"

#define ACCOUNTS_PASSWORD "correct horse battery"

/* Whether the store still holds a session row for `token`. */
static bool session_row(struct fx *f, const char *token)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	struct store_session sess;
	struct ld_err err;
	ld_status rc;

	assert_int_equal(crypto_token_digest(token, digest, &err), LD_OK);
	rc = STORE_CALL(f->store, session_get, digest, &sess, &err);
	assert_true(rc == LD_OK || rc == LD_ERR_NOT_FOUND);
	return rc == LD_OK;
}

/* A staff account that can log in with ACCOUNTS_PASSWORD. */
static void add_login(struct fx *f, const char *email)
{
	struct ld_err err;
	int64_t id = add_agent(f, email, LD_ROLE_AGENT, f->team_a, 0);

	assert_int_equal(app_user_set_password(&f->app, NULL, id, ACCOUNTS_PASSWORD, NULL, NULL,
					       &err),
			 LD_OK);
}

/*
 * An expired session is gone from the store after the next login, whoever
 * logs in; a live one stays and still authenticates.
 */
static void test_accounts_login_purges_expired_sessions(void **state)
{
	struct fx *f = *state;
	char old[APP_TOKEN_LEN + 1], live[APP_TOKEN_LEN + 1], now[APP_TOKEN_LEN + 1];
	int64_t ttl = 30 * 86400; /* app_config_defaults() */
	struct app_actor who;
	struct ld_err err;

	add_login(f, "early@example.com");
	add_login(f, "later@example.com");
	add_login(f, "third@example.com");
	assert_int_equal(app_login(&f->app, NULL, "early@example.com", ACCOUNTS_PASSWORD, old,
				   NULL, &err),
			 LD_OK);
	fake_now += ttl / 2;
	assert_int_equal(app_login(&f->app, NULL, "later@example.com", ACCOUNTS_PASSWORD, live,
				   NULL, &err),
			 LD_OK);
	fake_now += ttl / 2; /* `old` expires now, `live` in half a lifetime */
	assert_true(session_row(f, old));
	assert_int_equal(app_authenticate(&f->app, old, &who, &err), LD_ERR_UNAUTHORIZED);
	assert_int_equal(app_login(&f->app, NULL, "third@example.com", ACCOUNTS_PASSWORD, now,
				   NULL, &err),
			 LD_OK);
	assert_false(session_row(f, old));
	assert_true(session_row(f, live));
	assert_true(session_row(f, now));
	assert_int_equal(app_authenticate(&f->app, live, &who, &err), LD_OK);
	/* a failed login writes nothing, so it purges nothing either */
	fake_now += ttl / 2;
	assert_int_equal(app_login(&f->app, NULL, "third@example.com", "wrong", now, NULL, &err),
			 LD_ERR_UNAUTHORIZED);
	assert_true(session_row(f, live));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accounts_login_purges_expired_sessions, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
