/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Accounts (staff and customer portal logins): POST/GET /api/v1/agents
 * (?role=&limit=&cursor=), GET/PATCH /api/v1/agents/{id}, and
 * PUT /api/v1/agents/{id}/password {"password", "current_password"} (204;
 * current_password is needed for one's own account, app_user_set_password()).
 *
 * Body fields: "name", "email", "role" (admin|manager|agent|customer),
 * "team_id", "customer_id" (for role customer), "languages" and "skills"
 * (comma lists "cs,en"), "senior", "active"; POST also takes an optional
 * "password" (app_user_add). Who may create or change whom is app/'s rule.
 * The password has its own route so a PATCH is one write, all or nothing.
 */
#include "http/resource.h"

#include <stdlib.h>
#include <string.h>

#include "http/json_in.h"
#include "http/reply.h"

static const char *const AGENT_FIELDS[] = {
	"name", "email", "role", "team_id", "customer_id", "languages", "skills", "senior",
	"active", NULL,
};

static const char *const AGENT_CREATE_FIELDS[] = {
	"name", "email", "role", "team_id", "customer_id", "languages", "skills", "senior",
	"active", "password", NULL,
};

static void reply_agent(struct http_call *call, int http_code, const struct ld_agent *a)
{
	struct http_json j;

	http_json_init(&j, 512);
	http_render_agent(&j, NULL, a);
	http_reply_json(call->res, http_code, &j);
}

static ld_status parse_agent(const json_t *body, bool creating, struct ld_agent *a,
			     struct ld_err *err)
{
	unsigned req = creating ? HTTP_JSON_REQUIRED : 0;
	ld_status rc;

	if ((rc = http_json_get_text(body, "name", req, a->name, LD_NAME_MAX, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_text(body, "email", req, a->email, LD_EMAIL_MAX, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_enum(body, "role", req, ld_role_parse, &a->role, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_id(body, "team_id", HTTP_JSON_NULLABLE, &a->team_id, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_id(body, "customer_id", HTTP_JSON_NULLABLE, &a->customer_id, NULL,
				   err)) != LD_OK ||
	    (rc = http_json_get_text(body, "languages", HTTP_JSON_NULLABLE, a->languages,
				     LD_SKILLS_MAX, NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "skills", HTTP_JSON_NULLABLE, a->skills, LD_SKILLS_MAX,
				     NULL, err)) != LD_OK ||
	    (rc = http_json_get_bool(body, "senior", 0, &a->senior, NULL, err)) != LD_OK ||
	    (rc = http_json_get_bool(body, "active", 0, &a->active, NULL, err)) != LD_OK)
		return rc;
	return LD_OK;
}

ld_status http_agent_create(struct http_call *call, struct ld_err *err)
{
	struct ld_agent a = {0};
	const char *password = NULL;
	json_t *body = NULL;
	ld_status rc;

	a.active = true;
	if ((rc = http_body_object(call, AGENT_CREATE_FIELDS, &body, err)) != LD_OK ||
	    (rc = parse_agent(body, true, &a, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "password", HTTP_JSON_NULLABLE, &password, NULL, err)) !=
		    LD_OK ||
	    (rc = app_user_add(call->app, call->actor, &a, password, err)) != LD_OK)
		goto out;
	reply_agent(call, 201, &a);
	http_set_location(call->res, "/api/v1/agents", a.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_agent_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {"role", "limit", "cursor", NULL};
	struct http_query q;
	struct http_json j;
	struct ld_agent *rows = NULL;
	const char *role_name;
	int64_t after;
	int limit, n = 0, role = -1;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		goto out;
	role_name = http_query_get(&q, "role");
	if (role_name != NULL && (role = ld_role_parse(role_name)) < 0) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_value", "role",
			     "role must be admin, manager, agent or customer");
		goto out;
	}
	rows = xcalloc((size_t)limit, sizeof *rows);
	rc = app_agent_list(call->app, call->actor, role, after, limit, rows, &n, err);
	if (rc != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 384);
	for (int i = 0; i < n; i++)
		http_render_agent(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_agent_get(struct http_call *call, struct ld_err *err)
{
	struct ld_agent a;
	ld_status rc = app_agent_get(call->app, call->actor, call->ids[0], &a, err);

	if (rc == LD_OK)
		reply_agent(call, 200, &a);
	return rc;
}

ld_status http_agent_update(struct http_call *call, struct ld_err *err)
{
	struct ld_agent a;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, AGENT_FIELDS, &body, err)) != LD_OK ||
	    (rc = app_agent_get(call->app, call->actor, call->ids[0], &a, err)) != LD_OK ||
	    (rc = parse_agent(body, false, &a, err)) != LD_OK ||
	    (rc = app_agent_update(call->app, call->actor, &a, err)) != LD_OK)
		goto out;
	/* The account as stored comes back from the update: a read after the
	 * commit that failed would answer an error for a change that was made. */
	reply_agent(call, 200, &a);
out:
	json_decref(body);
	return rc;
}

ld_status http_agent_set_password(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = {"password", "current_password", NULL};
	const char *password = NULL, *current = NULL;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "password", HTTP_JSON_REQUIRED, &password, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "current_password", 0, &current, NULL,
				    err)) != LD_OK ||
	    (rc = app_user_set_password(call->app, call->actor, call->ids[0], password, current,
					call->token, err)) != LD_OK)
		goto out;
	http_reply_empty(call->res, 204);
out:
	json_decref(body);
	return rc;
}
