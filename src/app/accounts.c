/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Accounts and sessions: creating staff and customer logins, passwords,
 * login, token authentication and logout.
 *
 * A session lives until it expires, is logged out, or the account's
 * credentials or standing change: a new password ends every other session of
 * the account (the one that changed its own password stays), deactivating an
 * account ends all of them, so reactivating it revives none. Changing one's
 * own password asks for the current one; an admin or manager resetting
 * another's, or the operator's CLI, does not.
 *
 * A session token is 256 random bits shown to the client once; the store
 * keeps its SHA-256 digest only, so authenticating a request costs one hash
 * and one indexed lookup, never a password hash.
 *
 * Expired sessions are purged by every successful login, in its
 * transaction: whatever account logs in, the rows of every session expired
 * by then go (an expired token already fails to authenticate; the purge
 * keeps the table at the live sessions). Logins are the one hook that writes
 * anyway and that every desk in use sees, so no timer is needed; a desk
 * nobody logs in to keeps its expired rows until someone does.
 */
#include "app/internal.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <stdio.h>
#include <string.h>

#include "core/validate.h"
#include "util/crypto.h"

/*
 * Token cache. Every API request authenticates; most carry a token checked a
 * moment ago on the same thread. Each app context (one per server thread)
 * remembers the answers for a few tokens for APP_AUTH_CACHE_S seconds. Any
 * change that could revoke an answer — a logout, an account change, a new
 * password — bumps a process-wide generation that empties every cache at
 * once. Another `serve` process on the same database learns of a revocation
 * within APP_AUTH_CACHE_S (documented in docs/operations.md).
 */
#define APP_AUTH_CACHE_SLOTS 64
#define APP_AUTH_CACHE_S 2

struct auth_slot {
	uint8_t digest[CRYPTO_DIGEST_BYTES]; /* SHA-256 of the token */
	struct app_actor actor;              /* who it authenticates */
	int64_t expires_at;                  /* session expiry, app clock */
	int64_t checked_at;                  /* monotonic s of the store lookup, 0 = empty */
	unsigned long generation;            /* revocation generation at that lookup */
};

struct app_auth_cache {
	struct auth_slot slots[APP_AUTH_CACHE_SLOTS]; /* direct-mapped by digest */
};

static atomic_ulong auth_generation;

static void auth_revoke_all(void)
{
	atomic_fetch_add(&auth_generation, 1);
}

static int64_t monotonic_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec + 1; /* never 0: 0 marks an empty slot */
}

static struct auth_slot *auth_slot_of(struct app *app, const uint8_t *digest)
{
	if (app->auth == NULL)
		app->auth = xcalloc(1, sizeof *app->auth);
	return &app->auth->slots[digest[0] % APP_AUTH_CACHE_SLOTS];
}

void app_auth_cache_free(struct app *app)
{
	free(app->auth);
	app->auth = NULL;
}

static void lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

static ld_status check_password(const char *password, struct ld_err *err)
{
	size_t len = strlen(password);

	if (len < APP_PASSWORD_MIN)
		return ld_fail(err, LD_ERR_INVALID, "password_too_short", "password",
			       "a password needs at least %d characters", APP_PASSWORD_MIN);
	if (len > APP_PASSWORD_MAX)
		return ld_fail(err, LD_ERR_INVALID, "too_long", "password",
			       "a password has at most %d bytes", APP_PASSWORD_MAX);
	if (!validate_utf8(password, len))
		return ld_fail(err, LD_ERR_INVALID, "invalid_utf8", "password",
			       "password is not valid UTF-8");
	return LD_OK;
}

/* Validates the editable fields of an account and its references. */
static ld_status check_agent(struct app *app, struct ld_agent *a, struct ld_err *err)
{
	ld_status rc;

	if ((rc = validate_text("name", a->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if ((rc = validate_email("email", a->email, err)) != LD_OK)
		return rc;
	lower_ascii(a->email);
	if (a->role < 0 || a->role >= LD_ROLE_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "role",
			       "role must be admin, manager, agent or customer");
	if ((rc = validate_text("languages", a->languages, LD_SKILLS_MAX, false, err)) != LD_OK)
		return rc;
	if ((rc = validate_text("skills", a->skills, LD_SKILLS_MAX, false, err)) != LD_OK)
		return rc;
	if (a->team_id < 0 || a->customer_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id",
			       a->team_id < 0 ? "team_id" : "customer_id", "ids are positive");
	if (a->team_id != 0) {
		struct ld_team t;
		rc = STORE_CALL(app->store, team_get, a->team_id, &t, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "team_not_found", "team_id",
				       "no team %lld", (long long)a->team_id);
		if (rc != LD_OK)
			return rc;
	}
	if (a->role == LD_ROLE_CUSTOMER) {
		struct ld_customer c = {0};
		if (a->customer_id == 0)
			return ld_fail(err, LD_ERR_INVALID, "required", "customer_id",
				       "a customer account names its customer");
		rc = STORE_CALL(app->store, customer_get, a->customer_id, &c, err);
		ld_customer_clear(&c);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", "customer_id",
				       "no customer %lld", (long long)a->customer_id);
		if (rc != LD_OK)
			return rc;
	} else if (a->customer_id != 0) {
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "customer_id",
			       "only customer accounts name a customer");
	}
	return LD_OK;
}

/* Who may create or change an account of `role`. */
static ld_status may_manage_role(const struct app_actor *actor, int role, struct ld_err *err)
{
	ld_status rc = app_require_manager(actor, err);

	if (rc != LD_OK)
		return rc;
	if (actor != NULL && role == LD_ROLE_ADMIN && actor->role != LD_ROLE_ADMIN)
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", "role",
			       "only an admin manages admin accounts");
	return LD_OK;
}

ld_status app_user_add(struct app *app, const struct app_actor *actor, struct ld_agent *a,
		       const char *password, struct ld_err *err)
{
	char hash[CRYPTO_HASH_MAX + 1] = "";
	ld_status rc;

	if ((rc = may_manage_role(actor, a->role, err)) != LD_OK)
		return rc;
	if ((rc = check_agent(app, a, err)) != LD_OK)
		return rc;
	if (password != NULL) {
		if ((rc = check_password(password, err)) != LD_OK)
			return rc;
		if ((rc = crypto_password_hash(password, strlen(password), hash, err)) != LD_OK)
			return rc;
	}
	if (a->created_at == 0)
		a->created_at = app_now(app);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, agent_insert, a, hash[0] ? hash : NULL, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "agent.create", "agent", a->id, NULL, err);
	return app_tx_end(app, rc, err);
}

/*
 * Ends the sessions of account `id` that a change of its credentials or
 * standing must end: all of them but the one of `keep_token` (NULL = all).
 * Part of the caller's transaction. The caches of this process are emptied by
 * the caller once the change commits; other processes follow within
 * APP_AUTH_CACHE_S, when their cached answer expires and the store lookup finds
 * no session.
 */
static ld_status end_sessions(struct app *app, int64_t id, const char *keep_token,
			      struct ld_err *err)
{
	uint8_t keep[CRYPTO_DIGEST_BYTES];
	ld_status rc;

	if (keep_token != NULL && (rc = crypto_token_digest(keep_token, keep, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, session_delete_agent, id, keep_token != NULL ? keep : NULL,
			  NULL, err);
}

/* Whether `password` is the one account `a` logs in with (argon2id verify). */
static ld_status check_current_password(struct app *app, const struct ld_agent *a,
					const char *password, struct ld_err *err)
{
	char hash[STORE_PASSWORD_HASH_MAX + 1] = "";
	struct ld_agent again;
	size_t len;
	ld_status rc;

	if (password == NULL)
		return ld_fail(err, LD_ERR_INVALID, "required", "current_password",
			       "changing your own password needs current_password");
	len = strlen(password);
	rc = STORE_CALL(app->store, agent_get_by_email, a->email, &again, hash, err);
	if (rc != LD_OK)
		return rc;
	if (len > APP_PASSWORD_MAX || again.id != a->id || hash[0] == '\0' ||
	    !crypto_password_verify(hash, password, len))
		return ld_fail(err, LD_ERR_FORBIDDEN, "wrong_password", "current_password",
			       "current_password is not the account's password");
	return LD_OK;
}

ld_status app_user_set_password(struct app *app, const struct app_actor *actor, int64_t id,
				const char *password, const char *current_password,
				const char *keep_token, struct ld_err *err)
{
	char hash[CRYPTO_HASH_MAX + 1];
	struct ld_agent target;
	bool own = actor != NULL && actor->agent_id == id;
	ld_status rc;

	rc = STORE_CALL(app->store, agent_get, id, &target, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "agent_not_found", NULL, "no account %lld",
			       (long long)id);
	if (rc != LD_OK)
		return rc;
	if (!own && actor != NULL && (rc = may_manage_role(actor, target.role, err)) != LD_OK)
		return rc;
	if ((rc = check_password(password, err)) != LD_OK)
		return rc;
	/* A stolen token alone must not be enough to take the account over. */
	if (own && (rc = check_current_password(app, &target, current_password, err)) != LD_OK)
		return rc;
	if ((rc = crypto_password_hash(password, strlen(password), hash, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, agent_set_password, id, hash, err);
	/* Whoever knew the old password may hold a session: only the one making
	 * the change lives on (and only when it is the account's own). */
	if (rc == LD_OK)
		rc = end_sessions(app, id, own ? keep_token : NULL, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "agent.password", "agent", id, NULL, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK)
		auth_revoke_all();
	return rc;
}

ld_status app_login(struct app *app, const char *email, const char *password,
		    char token[APP_TOKEN_LEN + 1], struct ld_agent *account, struct ld_err *err)
{
	char hash[STORE_PASSWORD_HASH_MAX + 1] = "";
	char login[LD_EMAIL_MAX + 1];
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	struct store_session sess;
	struct ld_agent a;
	size_t pw_len;
	ld_status rc;

	if (email == NULL || password == NULL || strlen(email) > LD_EMAIL_MAX ||
	    (pw_len = strlen(password)) > APP_PASSWORD_MAX)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "invalid_credentials", NULL,
			       "wrong email or password");
	snprintf(login, sizeof login, "%s", email);
	lower_ascii(login);
	rc = STORE_CALL(app->store, agent_get_by_email, login, &a, hash, err);
	if (rc == LD_ERR_NOT_FOUND) {
		crypto_password_dummy_verify(password, pw_len);
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "invalid_credentials", NULL,
			       "wrong email or password");
	}
	if (rc != LD_OK)
		return rc;
	if (!crypto_password_verify(hash, password, pw_len) || !a.active)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "invalid_credentials", NULL,
			       "wrong email or password");
	crypto_token_new(token);
	if ((rc = crypto_token_digest(token, digest, err)) != LD_OK)
		return rc;
	sess.agent_id = a.id;
	sess.created_at = app_now(app);
	sess.expires_at = sess.created_at + app->cfg.session_ttl_s;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, session_insert, digest, &sess, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, session_purge, sess.created_at, NULL, err);
	if (rc == LD_OK) {
		struct app_actor who = {.agent_id = a.id, .role = a.role};
		rc = app_audit(app, &who, "session.create", "agent", a.id, NULL, err);
	}
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK && account != NULL)
		*account = a;
	return rc;
}

ld_status app_authenticate(struct app *app, const char *token, struct app_actor *out,
			   struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	struct store_session sess;
	struct auth_slot *slot;
	unsigned long generation = atomic_load(&auth_generation);
	int64_t mono = monotonic_now();
	ld_status rc;

	if ((rc = crypto_token_digest(token, digest, err)) != LD_OK)
		return rc;
	slot = auth_slot_of(app, digest);
	if (slot->checked_at != 0 && slot->generation == generation &&
	    mono - slot->checked_at < APP_AUTH_CACHE_S && slot->expires_at > app_now(app) &&
	    memcmp(slot->digest, digest, sizeof digest) == 0) {
		*out = slot->actor;
		return LD_OK;
	}
	rc = STORE_CALL(app->store, session_get, digest, &sess, err);
	if (rc == LD_ERR_NOT_FOUND || (rc == LD_OK && sess.expires_at <= app_now(app)))
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "the token is unknown or expired");
	if (rc != LD_OK)
		return rc;
	if (!sess.active)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "the account is disabled");
	out->agent_id = sess.agent_id;
	out->role = sess.role;
	out->customer_id = sess.customer_id;
	out->team_id = sess.team_id;
	memcpy(slot->digest, digest, sizeof digest);
	slot->actor = *out;
	slot->expires_at = sess.expires_at;
	slot->checked_at = mono;
	slot->generation = generation;
	return LD_OK;
}

ld_status app_logout(struct app *app, const char *token, struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	ld_status rc;
	struct store_session sess;

	if ((rc = crypto_token_digest(token, digest, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, session_get, digest, &sess, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, session_delete, digest, err);
	if (rc == LD_OK) {
		struct app_actor who = {.agent_id = sess.agent_id};
		rc = app_audit(app, &who, "session.delete", "agent", sess.agent_id, NULL, err);
	}
	if (rc == LD_ERR_NOT_FOUND)
		rc = ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			     "the token is unknown or expired");
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK)
		auth_revoke_all();
	return rc;
}

ld_status app_agent_get(struct app *app, const struct app_actor *actor, int64_t id,
			struct ld_agent *out, struct ld_err *err)
{
	ld_status rc;

	if (actor != NULL && actor->role == LD_ROLE_CUSTOMER && actor->agent_id != id)
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL, "staff only");
	rc = STORE_CALL(app->store, agent_get, id, out, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "agent_not_found", NULL, "no agent %lld",
			       (long long)id);
	return rc;
}

ld_status app_agent_find_email(struct app *app, const struct app_actor *actor, const char *email,
			       struct ld_agent *out, struct ld_err *err)
{
	char login[LD_EMAIL_MAX + 1];
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (email == NULL || strlen(email) > LD_EMAIL_MAX)
		return ld_fail(err, LD_ERR_NOT_FOUND, "agent_not_found", "email",
			       "no account with that e-mail");
	snprintf(login, sizeof login, "%s", email);
	lower_ascii(login);
	rc = STORE_CALL(app->store, agent_get_by_email, login, out, NULL, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "agent_not_found", "email",
			       "no account with e-mail %s", login);
	return rc;
}

ld_status app_agent_update(struct app *app, const struct app_actor *actor,
			   struct ld_agent *a, struct ld_err *err)
{
	struct ld_agent before, next = *a;
	ld_status rc;

	rc = STORE_CALL(app->store, agent_get, a->id, &before, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "agent_not_found", NULL, "no agent %lld",
			       (long long)a->id);
	if (rc != LD_OK)
		return rc;
	if ((rc = may_manage_role(actor, before.role, err)) != LD_OK)
		return rc;
	if ((rc = may_manage_role(actor, next.role, err)) != LD_OK)
		return rc;
	if ((rc = check_agent(app, &next, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, agent_update, &next, err);
	/* Deactivating ends every session, so reactivating revives none; ending
	 * them on reactivation too covers sessions kept from before this rule. */
	if (rc == LD_OK && next.active != before.active)
		rc = end_sessions(app, next.id, NULL, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "agent.update", "agent", next.id, NULL, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK) {
		auth_revoke_all(); /* role or active may have changed */
		next.created_at = before.created_at; /* not a field the update writes */
		*a = next;
	}
	return rc;
}

ld_status app_agent_list(struct app *app, const struct app_actor *actor, int role,
			 int64_t after_id, int limit, struct ld_agent *out, int *n,
			 struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, agent_list, role, after_id, limit, out, n, err);
}
