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
 *
 * Logins are throttled per login name and per client address (the rule:
 * core/throttle.c; its state: the store's throttle rows, shared by every
 * process on the store and kept across restarts, rather than a count of
 * audit rows, which are append-only, grow for ever and may lose their
 * personal details to an erasure). Every refusal is an audit row of its
 * own. A throttled attempt is answered before any lookup or Argon2 work
 * and writes nothing: an unauthenticated client could otherwise make the
 * server write a row per request at network speed, filling the disk; the
 * failures that led to the block are all recorded.
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

void app_auth_revoke_all(void)
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
		app_auth_revoke_all();
	return rc;
}

/* ---- login: throttle and refusals ---- */

/*
 * The throttle keys of one attempt: the login name by its SHA-256 (a name
 * nobody has is personal data too — a mistyped address, a list being tried —
 * and is kept only as this digest, here and in the audit detail), and the
 * client address.
 */
struct login_keys {
	char name_sha256[CRYPTO_TOKEN_HEX + 1];   /* hex, "" = no usable name */
	char name[STORE_THROTTLE_KEY_MAX + 1];    /* "login:<hex>", "" = none */
	char address[STORE_THROTTLE_KEY_MAX + 1]; /* "address:<ip>", "" = none or off */
	const char *client;                       /* the address itself, borrowed; NULL = none */
};

static void login_keys_init(const struct app *app, const char *login, const char *address,
			    struct login_keys *k)
{
	memset(k, 0, sizeof *k);
	if (login != NULL) {
		crypto_sha256_hex(login, strlen(login), k->name_sha256);
		snprintf(k->name, sizeof k->name, "login:%s", k->name_sha256);
	}
	if (address != NULL && address[0] != '\0' && strlen(address) <= LD_AUDIT_ADDRESS_MAX) {
		k->client = address;
		if (app->cfg.login_address_failures != APP_THROTTLE_OFF)
			snprintf(k->address, sizeof k->address, "address:%s", address);
	}
}

/* The rule of one key: the name's K or the address's. */
static struct throttle_rule login_rule(const struct app *app, bool address)
{
	struct throttle_rule r = {
		.failures = address ? app->cfg.login_address_failures : app->cfg.login_failures,
		.window_s = app->cfg.login_window_s,
		.delay_max_s = app->cfg.login_delay_max_s,
	};

	throttle_rule_clamp(&r);
	return r;
}

/* [out] *st = the stored state of `key`, zero when it has none. */
static ld_status throttle_read(struct app *app, const char *key, struct throttle_state *st,
			       struct ld_err *err)
{
	ld_status rc = STORE_CALL(app->store, throttle_get, key, st, err);

	if (rc == LD_ERR_NOT_FOUND) {
		memset(st, 0, sizeof *st);
		rc = LD_OK;
	}
	return rc;
}

/* [out] *wait = seconds until this attempt may be checked (0 = now). A read. */
static ld_status login_wait(struct app *app, const struct login_keys *k, int64_t now,
			    int64_t *wait, struct ld_err *err)
{
	const char *keys[2] = { k->name, k->address };
	struct throttle_state st;
	ld_status rc;

	*wait = 0;
	for (int i = 0; i < 2; i++) {
		int64_t w;

		if (keys[i][0] == '\0')
			continue;
		if ((rc = throttle_read(app, keys[i], &st, err)) != LD_OK)
			return rc;
		w = throttle_wait(&st, now);
		if (w > *wait)
			*wait = w;
	}
	return LD_OK;
}

/* Counts a failure against `key` (inside the caller's transaction). */
static ld_status throttle_count(struct app *app, const char *key, bool address, int64_t now,
				struct ld_err *err)
{
	struct throttle_rule r = login_rule(app, address);
	struct throttle_state st;
	ld_status rc;

	if (key[0] == '\0')
		return LD_OK;
	if ((rc = throttle_read(app, key, &st, err)) != LD_OK)
		return rc;
	throttle_fail(&r, &st, now);
	return STORE_CALL(app->store, throttle_put, key, &st, throttle_expires_at(&r, &st), now,
			  err);
}

/*
 * A refused login: counted against its keys and recorded ("session.refused",
 * the account as object when there is one, the reason and the name's
 * digest as detail) in one transaction of its own; then the one answer all
 * refusals get.
 */
static ld_status login_refused(struct app *app, const struct login_keys *k, int64_t agent_id,
			       const char *reason, struct ld_err *err)
{
	struct app_actor nobody = { 0 };
	char object[32] = "", detail[160];
	int64_t now = app_now(app);
	ld_status rc;

	if (k->client != NULL)
		snprintf(nobody.address, sizeof nobody.address, "%s", k->client);
	if (agent_id != 0)
		snprintf(object, sizeof object, "agent/%lld", (long long)agent_id);
	if (k->name_sha256[0] != '\0')
		snprintf(detail, sizeof detail, "{\"reason\":\"%s\",\"login_sha256\":\"%s\"}",
			 reason, k->name_sha256);
	else
		snprintf(detail, sizeof detail, "{\"reason\":\"%s\"}", reason);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = throttle_count(app, k->name, false, now, err);
	if (rc == LD_OK)
		rc = throttle_count(app, k->address, true, now, err);
	if (rc == LD_OK)
		rc = app_audit_object(app, &nobody, "session.refused",
				      object[0] != '\0' ? object : NULL, detail, err);
	if ((rc = app_tx_end(app, rc, err)) != LD_OK)
		return rc;
	return ld_fail(err, LD_ERR_UNAUTHORIZED, "invalid_credentials", NULL,
		       "wrong email or password");
}

ld_status app_login(struct app *app, const char *address, const char *email,
		    const char *password, char token[APP_TOKEN_LEN + 1], struct ld_agent *account,
		    struct ld_err *err)
{
	char hash[STORE_PASSWORD_HASH_MAX + 1] = "";
	char login[LD_EMAIL_MAX + 1];
	struct login_keys keys;
	struct ld_agent a;
	bool malformed;
	size_t pw_len = 0;
	int64_t wait = 0;
	ld_status rc;

	malformed = email == NULL || password == NULL || strlen(email) > LD_EMAIL_MAX ||
		    (pw_len = strlen(password)) > APP_PASSWORD_MAX;
	if (!malformed) {
		snprintf(login, sizeof login, "%s", email);
		lower_ascii(login);
	}
	login_keys_init(app, malformed ? NULL : login, address, &keys);
	/* Before any lookup: a throttled name answers alike, account or not. */
	if ((rc = login_wait(app, &keys, app_now(app), &wait, err)) != LD_OK)
		return rc;
	if (wait > 0) {
		rc = ld_fail(err, LD_ERR_TOO_MANY, "too_many_attempts", NULL,
			     "too many failed logins; try again in %lld s", (long long)wait);
		if (err != NULL)
			err->retry_after_s = wait;
		return rc;
	}
	if (malformed)
		return login_refused(app, &keys, 0, "malformed", err);
	rc = STORE_CALL(app->store, agent_get_by_email, login, &a, hash, err);
	if (rc == LD_ERR_NOT_FOUND) {
		crypto_password_dummy_verify(password, pw_len);
		return login_refused(app, &keys, 0, "unknown_account", err);
	}
	if (rc != LD_OK)
		return rc;
	if (!crypto_password_verify(hash, password, pw_len))
		return login_refused(app, &keys, a.id, "wrong_password", err);
	if (!a.active)
		return login_refused(app, &keys, a.id, "inactive", err);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = app_session_open(app, &a, keys.client, "session.create", NULL, token, err);
	/* A success ends the name's run of failures; the address's goes on. */
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, throttle_delete, keys.name, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK && account != NULL)
		*account = a;
	return rc;
}

ld_status app_session_open(struct app *app, const struct ld_agent *a, const char *address,
			   const char *action, const char *detail, char token[APP_TOKEN_LEN + 1],
			   struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	struct store_session sess = { 0 };
	struct app_actor who = {.agent_id = a->id, .role = a->role};
	ld_status rc;

	crypto_token_new(token);
	if ((rc = crypto_token_digest(token, digest, err)) != LD_OK)
		return rc;
	sess.agent_id = a->id;
	sess.created_at = app_now(app);
	sess.expires_at = sess.created_at + app->cfg.session_ttl_s;
	rc = STORE_CALL(app->store, session_insert, digest, &sess, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, session_purge, sess.created_at, NULL, err);
	if (rc == LD_OK) {
		if (address != NULL && strlen(address) <= LD_AUDIT_ADDRESS_MAX)
			snprintf(who.address, sizeof who.address, "%s", address);
		rc = app_audit(app, &who, action, "agent", a->id, detail, err);
	}
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
		*out = slot->actor; /* cached without an address */
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
	out->address[0] = '\0';
	memcpy(slot->digest, digest, sizeof digest);
	slot->actor = *out;
	slot->expires_at = sess.expires_at;
	slot->checked_at = mono;
	slot->generation = generation;
	return LD_OK;
}

ld_status app_logout(struct app *app, const struct app_actor *actor, const char *token,
		     struct ld_err *err)
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
		if (actor != NULL)
			memcpy(who.address, actor->address, sizeof who.address);
		rc = app_audit(app, &who, "session.delete", "agent", sess.agent_id, NULL, err);
	}
	if (rc == LD_ERR_NOT_FOUND)
		rc = ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			     "the token is unknown or expired");
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK)
		app_auth_revoke_all();
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
		app_auth_revoke_all(); /* role or active may have changed */
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
