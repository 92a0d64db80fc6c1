/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Calls (app/calls.h): POST /api/v1/calls takes a telephone system's event,
 * authenticated by an integration's token, not an account's; GET
 * /api/v1/calls and /api/v1/calls/{id} are for staff.
 *
 * An event body: "event" (ringing|answered|ended) and "call_id" required;
 * "caller" (incoming) or "callee" (outgoing) the customer's number,
 * "direction" (in|out, default in), "agent" (an agent's id, or their login
 * e-mail), "ivr_path", "recording_url", "case_id", "at" (ISO 8601, or Unix
 * seconds as a telephone system's clock gives them). The answer: the call,
 * and the screen pop — the customer with that number and their open cases.
 * PATCH /api/v1/calls/{id} {"case_id"}: an agent picks the case a call in
 * progress is about.
 */
#include "http/resource.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/calls.h"
#include "http/json_in.h"
#include "http/reply.h"

static const char *const EVENT_FIELDS[] = {
	"event", "call_id", "caller", "callee", "direction", "agent", "ivr_path", "recording_url",
	"case_id", "at", NULL,
};

/* Latest time an event may carry, Unix s (9999-12-31T23:59:59Z). */
#define CALL_AT_MAX 253402300799LL

static const char *opt(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

void http_render_call(struct http_json *j, const char *key, const struct ld_call *c)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", c->id);
	http_json_int(j, "integration_id", c->integration_id);
	http_json_str(j, "call_id", c->ref);
	http_json_enum(j, "direction", ld_direction_name(c->direction));
	http_json_str(j, "number", opt(c->number));
	http_json_enum(j, "state", ld_call_state_name(c->state));
	http_json_id(j, "customer_id", c->customer_id);
	http_json_id(j, "case_id", c->case_id);
	http_json_id(j, "agent_id", c->agent_id);
	http_json_id(j, "first_agent_id", c->first_agent_id);
	http_json_int(j, "transfers", c->transfers);
	http_json_str(j, "ivr_path", opt(c->ivr_path));
	http_json_str(j, "recording_url", opt(c->recording_url));
	http_json_time(j, "ringing_at", c->ringing_at);
	http_json_time(j, "answered_at", c->answered_at);
	http_json_time(j, "ended_at", c->ended_at);
	if (c->state == LD_CALL_ENDED)
		http_json_int(j, "duration_s",
			      c->answered_at != 0 ? c->ended_at - c->answered_at : 0);
	else
		http_json_null(j, "duration_s");
	http_json_id(j, "interaction_id", c->interaction_id);
	http_json_obj_end(j);
}

/* A case as a screen pop lists it: enough to pick the one the call is about. */
static void render_pop_case(struct http_json *j, const struct ld_case *c)
{
	http_json_obj_begin(j, NULL);
	http_json_int(j, "id", c->id);
	http_json_str(j, "subject", c->subject);
	http_json_enum(j, "status", ld_case_status_name(c->status));
	http_json_enum(j, "priority", ld_priority_name(c->priority));
	http_json_enum(j, "category", ld_category_name(c->category));
	http_json_id(j, "owner_id", c->owner_id);
	http_json_id(j, "team_id", c->team_id);
	http_json_int(j, "contacts", c->effort.contacts);
	http_json_time(j, "created_at", c->created_at);
	http_json_time(j, "updated_at", c->updated_at);
	http_json_obj_end(j);
}

static void render_pop(struct http_json *j, const struct app_call_pop *p)
{
	http_json_obj_begin(j, NULL);
	http_render_call(j, "call", &p->call);
	if (p->customer.id != 0) {
		struct ld_customer c = p->customer;
		c.notes = NULL; /* the desk's notes are not the telephone system's business */
		http_render_customer(j, "customer", &c);
	} else {
		http_json_null(j, "customer");
	}
	http_json_int(j, "matches", p->matches);
	http_json_arr_begin(j, "open_cases");
	for (int i = 0; i < p->n_cases; i++)
		render_pop_case(j, &p->cases[i]);
	http_json_arr_end(j);
	http_json_bool(j, "more_cases", p->more_cases);
	http_json_obj_end(j);
}

/* "at": ISO 8601 text or Unix seconds. */
static ld_status parse_at(const json_t *body, int64_t *at, struct ld_err *err)
{
	const json_t *v = json_object_get(body, "at");

	if (v != NULL && json_is_integer(v)) {
		json_int_t t = json_integer_value(v);
		if (t < 1 || t > CALL_AT_MAX)
			return ld_fail(err, LD_ERR_INVALID, "invalid_time", "at",
				       "at must be an ISO 8601 time or Unix seconds");
		*at = (int64_t)t;
		return LD_OK;
	}
	return http_json_get_time(body, "at", HTTP_JSON_NULLABLE, at, NULL, err);
}

/* "agent": an id, or the agent's login e-mail. */
static ld_status parse_agent(const json_t *body, struct app_call_event *ev, struct ld_err *err)
{
	const json_t *v = json_object_get(body, "agent");

	if (v == NULL || json_is_null(v))
		return LD_OK;
	if (json_is_string(v)) {
		ev->agent_email = json_string_value(v);
		if (strchr(ev->agent_email, '@') == NULL)
			return ld_fail(err, LD_ERR_INVALID, "invalid_value", "agent",
				       "agent is an agent's id or login e-mail");
		return LD_OK;
	}
	return http_json_get_id(body, "agent", HTTP_JSON_NULLABLE, &ev->agent_id, NULL, err);
}

ld_status http_call_event_parse(const json_t *body, struct app_call_event *ev, struct ld_err *err)
{
	const char *caller = NULL, *callee = NULL;
	ld_status rc;

	memset(ev, 0, sizeof *ev);
	ev->direction = -1;
	if ((rc = http_json_check_fields(body, EVENT_FIELDS, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "event", HTTP_JSON_REQUIRED, ld_call_state_parse,
				     &ev->event, NULL, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "call_id", HTTP_JSON_REQUIRED, &ev->ref, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_enum(body, "direction", HTTP_JSON_NULLABLE, ld_direction_parse,
				     &ev->direction, NULL, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "caller", HTTP_JSON_NULLABLE, &caller, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "callee", HTTP_JSON_NULLABLE, &callee, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_str(body, "ivr_path", HTTP_JSON_NULLABLE, &ev->ivr_path, NULL,
				    err)) != LD_OK ||
	    (rc = http_json_get_str(body, "recording_url", HTTP_JSON_NULLABLE, &ev->recording_url,
				    NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "case_id", HTTP_JSON_NULLABLE, &ev->case_id, NULL, err)) !=
		    LD_OK ||
	    (rc = parse_agent(body, ev, err)) != LD_OK || (rc = parse_at(body, &ev->at, err)) != LD_OK)
		return rc;
	if (ev->direction == LD_DIR_INTERNAL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "direction",
			       "direction must be in or out");
	ev->number = ev->direction == LD_DIR_OUT ? callee : caller;
	return LD_OK;
}

/* The bearer token of the request, or NULL. */
static const char *bearer(const struct http_request *req)
{
	const char *h = req->authorization;

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

ld_status http_call_event(struct http_call *call, struct ld_err *err)
{
	struct app_call_event ev;
	struct app_call_pop pop;
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, EVENT_FIELDS, &body, err)) != LD_OK ||
	    (rc = http_call_event_parse(body, &ev, err)) != LD_OK ||
	    (rc = app_call_event(call->app, bearer(call->req), call->req->address, &ev, &pop,
				 err)) != LD_OK)
		goto out;
	http_json_init(&j, 1024 + (size_t)pop.n_cases * 320);
	render_pop(&j, &pop);
	http_reply_json(call->res, pop.created ? 201 : 200, &j);
	if (pop.created)
		http_set_location(call->res, "/api/v1/calls", pop.call.id);
	app_call_pop_clear(&pop);
out:
	json_decref(body);
	return rc;
}

ld_status http_call_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {
		"customer_id", "case_id", "state", "limit", "cursor", NULL,
	};
	struct store_call_query cq = { .state = -1 };
	struct ld_call *rows = NULL;
	struct http_query q;
	struct http_json j;
	const char *state;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &cq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "customer_id", &cq.customer_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "case_id", &cq.case_id, err)) != LD_OK)
		return rc;
	state = http_query_get(&q, "state");
	if (state != NULL && (cq.state = ld_call_state_parse(state)) < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "state",
			       "state must be ringing, answered or ended");
	cq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_call_list(call->app, call->actor, &cq, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 512);
	for (int i = 0; i < n; i++)
		http_render_call(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_call_get(struct http_call *call, struct ld_err *err)
{
	struct ld_call c;
	struct http_json j;
	ld_status rc = app_call_get(call->app, call->actor, call->ids[0], &c, err);

	if (rc != LD_OK)
		return rc;
	http_json_init(&j, 1024);
	http_render_call(&j, NULL, &c);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_call_update(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "case_id", NULL };
	struct ld_call c;
	struct http_json j;
	json_t *body = NULL;
	int64_t case_id = 0;
	ld_status rc;

	if ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "case_id", HTTP_JSON_REQUIRED, &case_id, NULL, err)) !=
		    LD_OK ||
	    (rc = app_call_link(call->app, call->actor, call->ids[0], case_id, &c, err)) != LD_OK)
		goto out;
	http_json_init(&j, 1024);
	http_render_call(&j, NULL, &c);
	http_reply_json(call->res, 200, &j);
out:
	json_decref(body);
	return rc;
}
