/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Accounts and their sessions in the SQLite store: tables `agent` (staff and
 * customers' portal logins) and `session`.
 *
 * Owns: the SQL and row layout of accounts and sessions. Stores what it is
 * given: the password hash is an opaque PHC string made by util/crypto.c,
 * a session is keyed by the digest of its token, never the token. Login
 * e-mails are unique without regard to ASCII case (index on lower(email))
 * and looked up the same way.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#define AGENT_COLS                                                                   \
	"id, name, email, role, team_id, customer_id, languages, skills, senior, active," \
	" created_at"

static ld_status agent_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_agent *a = out;
	struct sq_row r;

	memset(a, 0, sizeof *a);
	sq_row_start(&r, st);
	a->id = sq_col_i64(&r);
	sq_col_text(&r, a->name, sizeof a->name);
	sq_col_text(&r, a->email, sizeof a->email);
	a->role = sq_col_enum(&r, ld_role_parse, false);
	a->team_id = sq_col_i64(&r);
	a->customer_id = sq_col_i64(&r);
	sq_col_text(&r, a->languages, sizeof a->languages);
	sq_col_text(&r, a->skills, sizeof a->skills);
	a->senior = sq_col_bool(&r);
	a->active = sq_col_bool(&r);
	a->created_at = sq_col_i64(&r);
	return sq_row_check(&r, err);
}

/* name … active: the columns insert and update share, in that order. */
static void agent_bind(struct sq_bind *b, const struct ld_agent *a)
{
	sq_bind_text(b, a->name);
	sq_bind_text(b, a->email);
	sq_bind_enum(b, ld_role_name, a->role, false, "role");
	sq_bind_opt_i64(b, a->team_id);
	sq_bind_opt_i64(b, a->customer_id);
	sq_bind_opt_text(b, a->languages);
	sq_bind_opt_text(b, a->skills);
	sq_bind_bool(b, a->senior);
	sq_bind_bool(b, a->active);
}

static ld_status check_hash(const char *password_hash, struct ld_err *err)
{
	if (password_hash != NULL && strlen(password_hash) > STORE_PASSWORD_HASH_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_password_hash", "password_hash",
			       "a password hash is at most %d bytes", STORE_PASSWORD_HASH_MAX);
	return LD_OK;
}

ld_status sq_agent_insert(struct store *store, struct ld_agent *a, const char *password_hash,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = a->created_at != 0 ? a->created_at : sq_now();
	const struct sq_ref refs[] = {
		{ SQ_T_TEAM, a->team_id, "team_id" },
		{ SQ_T_CUSTOMER, a->customer_id, "customer_id" },
	};
	ld_status rc;

	if ((rc = check_hash(password_hash, err)) != LD_OK)
		return rc;
	rc = sq_stmt(s, SQ_AGENT_INSERT,
		     "INSERT INTO agent (name, email, role, team_id, customer_id, languages, skills,"
		     " senior, active, password_hash, created_at)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	agent_bind(&b, a);
	sq_bind_opt_text(&b, password_hash);
	sq_bind_i64(&b, created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "agent", refs, 2, err)) != LD_OK)
		goto out;
	a->id = sqlite3_last_insert_rowid(s->db);
	a->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_agent_get(struct store *store, int64_t id, struct ld_agent *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_AGENT_GET, "SELECT " AGENT_COLS " FROM agent WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "agent", id, err)) != LD_OK)
		goto out;
	rc = agent_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_agent_get_by_email(struct store *store, const char *email, struct ld_agent *out,
				char hash_out[STORE_PASSWORD_HASH_MAX + 1], struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_row r;
	char hash[STORE_PASSWORD_HASH_MAX + 1];
	ld_status rc;

	if (email == NULL || email[0] == '\0')
		return sq_not_found("agent", 0, err);
	rc = sq_stmt(s, SQ_AGENT_GET_BY_EMAIL,
		     "SELECT " AGENT_COLS ", password_hash FROM agent WHERE lower(email) = lower(?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, email);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "agent", 0, err)) != LD_OK)
		goto out;
	if ((rc = agent_decode(st, out, err)) != LD_OK)
		goto out;
	/* The hash follows the AGENT_COLS. */
	sq_row_start(&r, st);
	r.col = sqlite3_column_count(st) - 1;
	sq_col_text(&r, hash, sizeof hash);
	if ((rc = sq_row_check(&r, err)) != LD_OK)
		goto out;
	if (hash_out != NULL)
		memcpy(hash_out, hash, sizeof hash);
out:
	sq_release(st);
	return rc;
}

ld_status sq_agent_update(struct store *store, const struct ld_agent *a, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = {
		{ SQ_T_TEAM, a->team_id, "team_id" },
		{ SQ_T_CUSTOMER, a->customer_id, "customer_id" },
	};
	ld_status rc;

	rc = sq_stmt(s, SQ_AGENT_UPDATE,
		     "UPDATE agent SET name = ?, email = ?, role = ?, team_id = ?, customer_id = ?,"
		     " languages = ?, skills = ?, senior = ?, active = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	agent_bind(&b, a);
	sq_bind_i64(&b, a->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "agent", refs, 2, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("agent", a->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_agent_set_password(struct store *store, int64_t id, const char *password_hash,
				struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = check_hash(password_hash, err)) != LD_OK)
		return rc;
	rc = sq_stmt(s, SQ_AGENT_SET_PASSWORD, "UPDATE agent SET password_hash = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_opt_text(&b, password_hash);
	sq_bind_i64(&b, id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "agent", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("agent", id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_agent_list(struct store *store, int role, int64_t after_id, int limit,
			struct ld_agent *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	if (role == -1)
		rc = sq_stmt(s, SQ_AGENT_LIST_ANY,
			     "SELECT " AGENT_COLS " FROM agent WHERE id > ? ORDER BY id LIMIT ?",
			     &st, err);
	else
		rc = sq_stmt(s, SQ_AGENT_LIST_ROLE,
			     "SELECT " AGENT_COLS " FROM agent WHERE id > ? AND role = ?"
			     " ORDER BY id LIMIT ?",
			     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, after_id);
	if (role != -1)
		sq_bind_enum(&b, ld_role_name, role, false, "role");
	sq_bind_i64(&b, limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "agent", out, sizeof *out, limit, n, agent_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_agent_list_customer(struct store *store, int64_t customer_id, struct ld_agent *out,
				 int cap, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = true;
	ld_status rc;

	*n = 0;
	if (cap < 0 || (cap > 0 && out == NULL))
		return ld_fail(err, LD_ERR_INVALID, "invalid_limit", "limit",
			       "a list needs room for its entries");
	rc = sq_stmt(s, SQ_AGENT_LIST_CUSTOMER,
		     "SELECT " AGENT_COLS " FROM agent WHERE customer_id = ? ORDER BY id", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, customer_id);
	for (;;) {
		if ((rc = sq_step_next(s, st, "agent", &more, err)) != LD_OK || !more)
			break;
		if (*n < cap && (rc = agent_decode(st, &out[*n], err)) != LD_OK)
			break;
		(*n)++;
	}
	if (rc != LD_OK)
		*n = 0;
out:
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Sessions
 * ==================================================================== */

ld_status sq_session_insert(struct store *store, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
			    const struct store_session *sess, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_AGENT, sess->agent_id, "agent_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_SESSION_INSERT,
		     "INSERT INTO session (digest, agent_id, created_at, expires_at)"
		     " VALUES (?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_blob(&b, digest, STORE_TOKEN_DIGEST_LEN);
	sq_bind_opt_i64(&b, sess->agent_id);
	sq_bind_i64(&b, sess->created_at != 0 ? sess->created_at : sq_now());
	sq_bind_i64(&b, sess->expires_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_step_done(s, st, "session", refs, 1, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_session_get(struct store *store, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
			 struct store_session *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_row r;
	ld_status rc;

	rc = sq_stmt(s, SQ_SESSION_GET,
		     "SELECT s.agent_id, s.expires_at, s.created_at, a.role, a.team_id,"
		     " a.customer_id, a.active"
		     " FROM session s JOIN agent a ON a.id = s.agent_id WHERE s.digest = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_blob(&b, digest, STORE_TOKEN_DIGEST_LEN);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "session", 0, err)) != LD_OK)
		goto out;
	sq_row_start(&r, st);
	out->agent_id = sq_col_i64(&r);
	out->expires_at = sq_col_i64(&r);
	out->created_at = sq_col_i64(&r);
	out->role = sq_col_enum(&r, ld_role_parse, false);
	out->team_id = sq_col_i64(&r);
	out->customer_id = sq_col_i64(&r);
	out->active = sq_col_bool(&r);
	rc = sq_row_check(&r, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_session_delete(struct store *store, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
			    struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_SESSION_DELETE, "DELETE FROM session WHERE digest = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_blob(&b, digest, STORE_TOKEN_DIGEST_LEN);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "session", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("session", 0, err);
out:
	sq_release(st);
	return rc;
}

/* Runs a bound DELETE of sessions; `*n` (may be NULL) gets how many went. */
static ld_status sessions_end(struct sq_store *s, sqlite3_stmt *st, int *n, struct ld_err *err)
{
	ld_status rc = sq_step_done(s, st, "session", NULL, 0, err);

	if (rc == LD_OK && n != NULL)
		*n = sqlite3_changes(s->db);
	return rc;
}

ld_status sq_session_delete_agent(struct store *store, int64_t agent_id, const uint8_t *keep,
				  int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if (n != NULL)
		*n = 0;
	/* Every digest is 32 bytes (CHECK), so the empty blob that stands for
	 * "keep none" differs from all of them. */
	rc = sq_stmt(s, SQ_SESSION_DELETE_AGENT,
		     "DELETE FROM session WHERE agent_id = ? AND digest <> ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, agent_id);
	sq_bind_blob(&b, keep, keep != NULL ? STORE_TOKEN_DIGEST_LEN : 0);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sessions_end(s, st, n, err);
out:
	sq_release(st);
	return rc;
}

/*
 * No index on expires_at: the table holds the live sessions and those
 * expired since the last purge (app_login() purges), so a scan of it is
 * what a login costs besides its Argon2id check, which dwarfs it.
 */
ld_status sq_session_purge(struct store *store, int64_t before, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if (n != NULL)
		*n = 0;
	rc = sq_stmt(s, SQ_SESSION_PURGE, "DELETE FROM session WHERE expires_at <= ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, before);
	rc = sessions_end(s, st, n, err);
out:
	sq_release(st);
	return rc;
}
