/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Sessions: POST /api/v1/sessions {"email","password"} logs in and answers
 * 201 {"token","expires_at","agent":{…}}; GET /api/v1/sessions/current
 * tells who the token belongs to; DELETE /api/v1/sessions/current logs out
 * (204).
 *
 * The token is shown once, here; the store keeps only its digest. A wrong
 * email and a wrong password answer the same 401, a login name or client
 * address that failed too often 429 with Retry-After (app_login decides,
 * and records every refusal with the client's address).
 */
#include "http/resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/json_in.h"
#include "http/reply.h"
#include "util/xmalloc.h"

/*
 * Renders the account `a` as "agent", or, when the actor may not read its
 * own account (`a` NULL), the actor's own facts.
 */
static void render_self(struct http_json *j, const struct app_actor *actor,
			const struct ld_agent *a)
{
	if (a != NULL) {
		http_render_agent(j, "agent", a);
		return;
	}
	http_json_obj_begin(j, "agent");
	http_json_int(j, "id", actor->agent_id);
	http_json_enum(j, "role", ld_role_name(actor->role));
	http_json_id(j, "team_id", actor->team_id);
	http_json_id(j, "customer_id", actor->customer_id);
	http_json_obj_end(j);
}

/*
 * The login answers from what app_login read before its commit: a read
 * after it that failed would turn a session that was opened into an error
 * answer, or into a shorter account than the one logged in.
 */
/* Set-Cookie of the UI's session: HttpOnly, SameSite=Strict, the whole site,
 * Secure when the desk is reached over https (public_url); "" and 0 clear it. */
static void set_cookie(struct http_call *call, const char *token, int64_t max_age)
{
	const char *url = call->app->cfg.public_url;
	bool secure = url != NULL && strncmp(url, "https://", 8) == 0;
	char *v = xmalloc(APP_TOKEN_LEN + 128);

	snprintf(v, APP_TOKEN_LEN + 128, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
		 HTTP_SESSION_COOKIE, token, (long long)max_age, secure ? "; Secure" : "");
	free(call->res->set_cookie);
	call->res->set_cookie = v;
}

ld_status http_session_create(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = {"email", "password", "cookie", NULL};
	char token[APP_TOKEN_LEN + 1];
	struct ld_agent account;
	struct http_json j;
	const char *email = NULL, *password = NULL;
	json_t *body = NULL;
	bool cookie = false;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK)
		goto out;
	if ((rc = http_json_get_str(body, "email", HTTP_JSON_REQUIRED, &email, NULL, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "password", HTTP_JSON_REQUIRED, &password, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_bool(body, "cookie", HTTP_JSON_NULLABLE, &cookie, NULL, err)) != LD_OK)
		goto out;
	if ((rc = app_login(call->app, call->req->address, email, password, token, &account,
			     err)) != LD_OK)
		goto out;

	http_json_init(&j, 512);
	http_json_obj_begin(&j, NULL);
	/* The web UI's sign-in: the token goes into an HttpOnly cookie, which
	 * no script of the page can read, and not into the answer. */
	if (cookie)
		set_cookie(call, token, call->app->cfg.session_ttl_s);
	else
		http_json_str(&j, "token", token);
	/* app_login does not report the expiry; it is issued now for session_ttl_s. */
	http_json_time(&j, "expires_at", app_now(call->app) + call->app->cfg.session_ttl_s);
	render_self(&j, NULL, &account);
	http_json_obj_end(&j);
	http_reply_json(call->res, 201, &j);
	snprintf(call->res->location, sizeof call->res->location, "/api/v1/sessions/current");
out:
	memset(token, 0, sizeof token);
	json_decref(body);
	return rc;
}

ld_status http_session_get(struct http_call *call, struct ld_err *err)
{
	struct ld_agent a;
	struct http_json j;
	ld_status rc = app_agent_get(call->app, call->actor, call->actor->agent_id, &a, err);

	/* Only a refusal falls back to the actor's own facts: a failed read is
	 * the request's failure, not a shorter answer. */
	if (rc != LD_OK && rc != LD_ERR_FORBIDDEN)
		return rc;
	http_json_init(&j, 512);
	http_json_obj_begin(&j, NULL);
	render_self(&j, call->actor, rc == LD_OK ? &a : NULL);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_session_delete(struct http_call *call, struct ld_err *err)
{
	ld_status rc = app_logout(call->app, call->actor, call->token, err);

	if (rc != LD_OK)
		return rc;
	http_reply_empty(call->res, 204);
	if (call->req->session_cookie != NULL)
		set_cookie(call, "", 0); /* gone from the browser too */
	return LD_OK;
}
