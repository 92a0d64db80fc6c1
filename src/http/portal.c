/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The customer portal's sign-in by e-mail link (app/portal.h), public:
 * POST /api/v1/portal/links {"email"} → 202, whoever the address belongs
 * to (the answer tells nobody who is a customer); POST
 * /api/v1/portal/sessions {"token"} → 201 {"token","expires_at","agent"} as
 * POST /sessions answers, or 401 link_invalid, 410 link_used / link_expired.
 */
#include "http/resource.h"

#include <stdio.h>
#include <string.h>

#include "app/portal.h"
#include "http/json_in.h"
#include "http/reply.h"

ld_status http_portal_link_create(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "email", NULL };
	const char *email = NULL;
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "email", HTTP_JSON_REQUIRED, &email, NULL, err)) != LD_OK ||
	    (rc = app_portal_link_request(call->app, call->req->address, email, NULL, err)) != LD_OK)
		goto out;
	http_json_init(&j, 256);
	http_json_obj_begin(&j, NULL);
	http_json_str(&j, "status", "accepted");
	http_json_str(&j, "message",
		      "If the address belongs to a customer, a sign-in link is on its way.");
	http_json_obj_end(&j);
	http_reply_json(call->res, 202, &j);
out:
	json_decref(body);
	return rc;
}

ld_status http_portal_session_create(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "token", NULL };
	char session[APP_TOKEN_LEN + 1];
	struct ld_agent account;
	const char *token = NULL;
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "token", HTTP_JSON_REQUIRED, &token, NULL, err)) != LD_OK ||
	    (rc = app_portal_link_redeem(call->app, call->req->address, token, session, &account,
					 err)) != LD_OK)
		goto out;
	http_json_init(&j, 512);
	http_json_obj_begin(&j, NULL);
	http_json_str(&j, "token", session);
	http_json_time(&j, "expires_at", app_now(call->app) + call->app->cfg.session_ttl_s);
	http_render_agent(&j, "agent", &account);
	http_json_obj_end(&j);
	http_reply_json(call->res, 201, &j);
	snprintf(call->res->location, sizeof call->res->location, "/api/v1/sessions/current");
out:
	memset(session, 0, sizeof session);
	json_decref(body);
	return rc;
}
