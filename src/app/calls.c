/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Phone use cases (contract and rules in calls.h).
 */
#include "app/calls.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/phone.h"
#include "core/validate.h"
#include "util/crypto.h"

/* Customers whose number shares the caller's last digits, read at most to
 * find the ones with the caller's number. */
#define CALL_MATCH_SCAN 400
/* Digits of the caller's number the search index is asked for. */
#define CALL_MATCH_SUFFIX 7

/* ==================================================================== *
 * Integrations
 * ==================================================================== */

ld_status app_integration_create(struct app *app, const struct app_actor *actor,
				 struct ld_integration *in, char token[APP_TOKEN_LEN + 1],
				 struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	char detail[LD_NAME_MAX * 2 + 64], name[LD_NAME_MAX * 2 + 8];
	ld_status rc;

	if ((rc = app_require_admin(actor, "managing integrations", err)) != LD_OK ||
	    (rc = validate_line("name", in->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if (ld_integration_kind_name(in->kind) == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			       "kind must be \"cti\" (a telephone system)");
	if (in->team_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "team_id", "ids are positive");
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	if (in->team_id != 0)
		rc = app_check_team_exists(app, in->team_id, err);
	crypto_token_new(token);
	if (rc == LD_OK)
		rc = crypto_token_digest(token, digest, err);
	in->created_at = app_now(app);
	in->last_used_at = in->revoked_at = 0;
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, integration_insert, in, digest, err);
	if (rc == LD_OK) {
		if (!app_json_quote(in->name, name, sizeof name))
			snprintf(name, sizeof name, "null");
		snprintf(detail, sizeof detail, "{\"name\":%s,\"kind\":\"%s\"}", name,
			 ld_integration_kind_name(in->kind));
		rc = app_audit(app, actor, "integration.create", "integration", in->id, detail,
			       err);
	}
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK)
		memset(token, 0, APP_TOKEN_LEN + 1);
	return rc;
}

ld_status app_integration_get(struct app *app, const struct app_actor *actor, int64_t id,
			      struct ld_integration *out, struct ld_err *err)
{
	ld_status rc = app_require_admin(actor, "managing integrations", err);

	return rc != LD_OK ? rc : STORE_CALL(app->store, integration_get, id, out, err);
}

ld_status app_integration_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			       int limit, struct ld_integration *out, int *n, struct ld_err *err)
{
	ld_status rc;

	*n = 0;
	if ((rc = app_require_admin(actor, "managing integrations", err)) != LD_OK || (rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, integration_list, after_id, limit, out, n, err);
}

ld_status app_integration_revoke(struct app *app, const struct app_actor *actor, int64_t id,
				 struct ld_integration *out, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_admin(actor, "managing integrations", err)) != LD_OK || (rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, integration_revoke, id, app_now(app), err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "integration.revoke", "integration", id, NULL, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, integration_get, id, out, err);
	return app_tx_end(app, rc, err);
}

/* The integration a token belongs to; 401 for any token that is not one in force. */
static ld_status integration_of(struct app *app, const char *token, struct ld_integration *out,
				struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	ld_status rc;

	if (token == NULL || strlen(token) != APP_TOKEN_LEN)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "an integration's bearer token is required");
	if ((rc = crypto_token_digest(token, digest, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, integration_find_token, digest, out, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "the token is not an integration's");
	if (rc == LD_OK && out->revoked_at != 0)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "this integration's token was revoked");
	if (rc == LD_OK && out->kind != LD_INTEGRATION_CTI)
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL,
			       "this integration does not send calls");
	return rc;
}

/* ==================================================================== *
 * The screen pop: who is calling, and what is open for them
 * ==================================================================== */

/* The customers whose phone is `e164`: the one changed last into `best`,
 * how many in *matches. */
static ld_status match_customer(struct app *app, const char *e164, struct ld_customer *best,
				int *matches, struct ld_err *err)
{
	enum { PAGE = 100 };
	struct ld_customer *page = xcalloc(PAGE, sizeof *page);
	const char *cc = app->cfg.phone_country_code;
	char tail[CALL_MATCH_SUFFIX + 1], theirs[PHONE_E164_MAX + 1];
	size_t len = strlen(e164);
	struct store_customer_query q = { .limit = PAGE };
	ld_status rc = LD_OK;
	int n = 0, seen = 0;

	*matches = 0;
	snprintf(tail, sizeof tail, "%s", e164 + (len > CALL_MATCH_SUFFIX ? len - CALL_MATCH_SUFFIX : 1));
	q.q = tail;
	do {
		if ((rc = app_customer_list(app, NULL, &q, page, &n, err)) != LD_OK)
			break;
		for (int i = 0; i < n; i++) {
			struct ld_customer *c = &page[i];
			if (c->erased_at == 0 && phone_e164(c->phone, cc, theirs) == PHONE_NUMBER &&
			    strcmp(theirs, e164) == 0) {
				if (++*matches == 1 || c->updated_at > best->updated_at) {
					ld_customer_clear(best);
					*best = *c;
					memset(c, 0, sizeof *c);
				}
			}
			ld_customer_clear(c);
		}
		seen += n;
		q.after_id = n > 0 ? page[n - 1].id : 0;
	} while (n == PAGE && seen < CALL_MATCH_SCAN);
	for (int i = 0; i < n; i++)
		ld_customer_clear(&page[i]);
	free(page);
	return rc;
}

/* Fills the pop's customer and cases for call->number / call->customer_id. */
static ld_status screen_pop(struct app *app, struct app_call_pop *out, struct ld_err *err)
{
	struct ld_call *call = &out->call;
	ld_status rc = LD_OK;

	ld_customer_clear(&out->customer);
	out->matches = out->n_cases = 0;
	out->more_cases = false;
	if (call->customer_id != 0) {
		rc = app_customer_get(app, NULL, call->customer_id, &out->customer, err);
		out->matches = 1;
	} else if (call->number[0] == '+') {
		rc = match_customer(app, call->number, &out->customer, &out->matches, err);
	}
	if (rc == LD_OK && out->customer.id != 0)
		rc = app_customer_open_cases(app, out->customer.id, out->cases, APP_CALL_POP_CASES,
					     &out->n_cases, &out->more_cases, err);
	return rc;
}

/* ==================================================================== *
 * Events
 * ==================================================================== */

static ld_status check_event(const struct app_call_event *ev, struct ld_err *err)
{
	ld_status rc;

	if (ld_call_state_name(ev->event) == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "event",
			       "event must be ringing, answered or ended");
	if ((rc = validate_line("call_id", ev->ref, LD_CALL_REF_MAX, true, err)) != LD_OK ||
	    (rc = validate_line("ivr_path", ev->ivr_path, LD_IVR_PATH_MAX, false, err)) != LD_OK)
		return rc;
	if (ev->direction != -1 && ev->direction != LD_DIR_IN && ev->direction != LD_DIR_OUT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "direction",
			       "direction must be in or out");
	if (ev->number != NULL &&
	    (rc = validate_line("caller", ev->number, APP_CALL_NUMBER_MAX, false, err)) != LD_OK)
		return rc;
	if (ev->recording_url != NULL && ev->recording_url[0] != '\0' &&
	    (rc = validate_url("recording_url", ev->recording_url, LD_URL_MAX, err)) != LD_OK)
		return rc;
	if (ev->agent_id < 0 || ev->case_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", ev->case_id < 0 ? "case_id" : "agent",
			       "ids are positive");
	if (ev->at < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "at", "at is a time");
	return LD_OK;
}

/* The agent an event names (0 = none). */
static ld_status event_agent(struct app *app, const struct app_call_event *ev, int64_t *id,
			     struct ld_err *err)
{
	struct ld_agent a;
	int64_t want = ev->agent_id;
	ld_status rc;

	*id = 0;
	if (ev->agent_email != NULL && ev->agent_email[0] != '\0') {
		rc = app_agent_find_email(app, NULL, ev->agent_email, &a, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "agent_not_found", "agent",
				       "no agent logs in as that");
		if (rc != LD_OK)
			return rc;
		want = a.id;
	}
	if (want == 0)
		return LD_OK;
	if ((rc = app_check_staff_agent(app, want, "agent", NULL, err)) != LD_OK)
		return rc;
	*id = want;
	return LD_OK;
}

/* Whether customer `id` has the phone number `e164`. */
static ld_status has_number(struct app *app, int64_t id, const char *e164, bool *yes,
			    struct ld_err *err)
{
	char theirs[PHONE_E164_MAX + 1];
	struct ld_customer c = { 0 };
	ld_status rc = app_customer_get(app, NULL, id, &c, err);

	*yes = rc == LD_OK && e164[0] == '+' &&
	       phone_e164(c.phone, app->cfg.phone_country_code, theirs) == PHONE_NUMBER &&
	       strcmp(theirs, e164) == 0;
	ld_customer_clear(&c);
	return rc;
}

/* The case an event names, after merges. It must be the caller's when the
 * caller is known — or of another customer with the same number (a shared
 * line) — else the caller becomes its customer. */
static ld_status chosen_case(struct app *app, int64_t case_id, struct ld_call *call,
			     struct ld_err *err)
{
	struct ld_case c;
	ld_status rc = app_case_load_merged(app, case_id, &c, err);

	if (rc != LD_OK)
		return rc;
	if (call->customer_id != 0 && c.customer_id != call->customer_id) {
		bool shared = false;
		if ((rc = has_number(app, c.customer_id, call->number, &shared, err)) != LD_OK)
			return rc;
		if (!shared)
			return ld_fail(err, LD_ERR_CONFLICT, "case_of_other_customer", "case_id",
				       "case %lld is another customer's", (long long)c.id);
	}
	call->customer_id = c.customer_id;
	call->case_id = c.id;
	return LD_OK;
}

static ld_status start(struct app *app, const struct ld_integration *integ,
		       const struct app_call_event *ev, int64_t agent, struct app_call_pop *out,
		       struct ld_err *err)
{
	struct ld_call *call = &out->call;
	const char *raw = ev->number != NULL ? ev->number : "";
	ld_status rc;

	memset(call, 0, sizeof *call);
	call->integration_id = integ->id;
	snprintf(call->ref, sizeof call->ref, "%s", ev->ref);
	call->direction = ev->direction == LD_DIR_OUT ? LD_DIR_OUT : LD_DIR_IN;
	switch (phone_e164(raw, app->cfg.phone_country_code, call->number)) {
	case PHONE_NUMBER:
		break;
	case PHONE_WITHHELD:
		call->number[0] = '\0';
		break;
	default: /* kept as sent: an extension, or what the desk cannot read */
		if (strlen(raw) > LD_PHONE_MAX)
			return ld_fail(err, LD_ERR_INVALID, "invalid_phone", "caller",
				       "the number is no phone number the desk can read, and longer"
				       " than %d bytes", LD_PHONE_MAX);
		snprintf(call->number, sizeof call->number, "%s", raw);
	}
	if (ev->ivr_path != NULL)
		snprintf(call->ivr_path, sizeof call->ivr_path, "%s", ev->ivr_path);
	if (ev->recording_url != NULL)
		snprintf(call->recording_url, sizeof call->recording_url, "%s", ev->recording_url);
	call->state = LD_CALL_RINGING;
	call->ringing_at = ev->at != 0 ? ev->at : app_now(app);
	call->agent_id = agent;
	if ((rc = screen_pop(app, out, err)) != LD_OK)
		return rc;
	call->customer_id = out->customer.id;
	if (ev->case_id != 0) {
		if ((rc = chosen_case(app, ev->case_id, call, err)) != LD_OK)
			return rc;
		if (call->customer_id != out->customer.id && (rc = screen_pop(app, out, err)) != LD_OK)
			return rc;
	}
	out->created = true;
	return STORE_CALL(app->store, call_insert, call, err);
}

/* The text of the contact an ended call becomes. */
static void call_body(const struct ld_call *call, bool lost, char *out, size_t cap)
{
	const char *who = call->number[0] != '\0' ? call->number : "a withheld number";
	size_t n;

	if (call->direction == LD_DIR_OUT)
		n = (size_t)snprintf(out, cap, "%s call to %s.",
				     call->answered_at != 0 ? "Outgoing" : "Unanswered", who);
	else if (call->answered_at != 0)
		n = (size_t)snprintf(out, cap, "Call from %s.", who);
	else if (call->ivr_path[0] != '\0')
		n = (size_t)snprintf(out, cap, "Call from %s ended in the IVR.", who);
	else
		n = (size_t)snprintf(out, cap, "Missed call from %s.", who);
	if (n < cap && call->ivr_path[0] != '\0')
		n += (size_t)snprintf(out + n, cap - n, "\nIVR: %s", call->ivr_path);
	if (n < cap && call->transfers > 0)
		n += (size_t)snprintf(out + n, cap - n, "\nTransferred %d time%s.", call->transfers,
				      call->transfers == 1 ? "" : "s");
	if (n < cap && lost)
		n += (size_t)snprintf(out + n, cap - n,
				      "\nThe telephone system never reported the end of this call:"
				      " its length is not known.");
	if (n < cap && call->recording_url[0] != '\0')
		snprintf(out + n, cap - n, "\nRecording: %s", call->recording_url);
}

/* A customer for a caller nobody knows: named by the number. */
static ld_status new_caller(struct app *app, struct ld_call *call, struct ld_err *err)
{
	struct ld_customer c = { 0 };
	ld_status rc;

	if (call->number[0] == '+') {
		snprintf(c.name, sizeof c.name, "%s", call->number);
		snprintf(c.phone, sizeof c.phone, "%s", call->number);
	} else {
		snprintf(c.name, sizeof c.name, "Caller with %s",
			 call->number[0] != '\0' ? call->number : "a withheld number");
	}
	snprintf(c.language, sizeof c.language, "%s", phone_language(call->number));
	c.preferred_channel = LD_CH_PHONE;
	rc = app_customer_create(app, NULL, &c, err);
	call->customer_id = c.id;
	ld_customer_clear(&c);
	return rc;
}

/* An ended call becomes a contact (calls.h). */
static ld_status finish(struct app *app, const struct ld_integration *integ, bool lost,
			struct app_call_pop *out, struct ld_err *err)
{
	struct ld_call *call = &out->call;
	char body[LD_URL_MAX + LD_IVR_PATH_MAX + 256];
	bool answered = call->answered_at != 0;
	bool robot = !answered && call->ivr_path[0] != '\0' && call->direction == LD_DIR_IN;
	struct ld_interaction it = { 0 };
	struct ld_case c = { 0 };
	ld_status rc;

	if ((rc = screen_pop(app, out, err)) != LD_OK)
		return rc;
	if (call->customer_id == 0 && out->customer.id != 0)
		call->customer_id = out->customer.id;
	if (call->customer_id == 0 && (rc = new_caller(app, call, err)) != LD_OK)
		return rc;
	if (call->case_id == 0 && out->n_cases > 0)
		call->case_id = out->cases[0].id;
	call_body(call, lost, body, sizeof body);
	struct app_interaction_in first = {
		.channel = robot ? LD_CH_BOT : LD_CH_PHONE,
		.direction = call->direction, .kind = LD_IK_CALL,
		.agent_id = call->first_agent_id, .has_agent_id = true,
		.started_at = call->ringing_at, .has_started_at = true,
		.duration_s = (int)(answered ? call->ended_at - call->answered_at
				    : robot ? call->ended_at - call->ringing_at : 0),
		.body = body, .sentiment = NAN,
	};
	char subject[LD_SUBJECT_MAX + 1];
	snprintf(subject, sizeof subject, "%s %s",
		 call->direction == LD_DIR_OUT ? "Call to"
		 : answered		      ? "Call from"
					      : "Missed call from",
		 call->number[0] != '\0' ? call->number : "a withheld number");
	const struct app_contact_place place = {
		.customer_id = call->customer_id, .case_id = call->case_id,
		.team_id = integ->team_id, .subject = subject, .first = first,
	};
	rc = app_contact_place(app, &place, &it, &c, err);
	call->case_id = c.id;
	call->interaction_id = it.id;
	ld_interaction_clear(&it);
	if (rc == LD_OK && call->transfers > 0 && call->agent_id != call->first_agent_id)
		rc = app_case_transfer_from(app, NULL, c.id, call->first_agent_id, call->agent_id, 0,
					    "Transferred during the call.", &c, err);
	return rc;
}

/* The next state of a known call. */
static ld_status advance(struct app *app, const struct ld_integration *integ,
			 const struct app_call_event *ev, int64_t agent, struct app_call_pop *out,
			 struct ld_err *err)
{
	struct ld_call *call = &out->call;
	int64_t at = ev->at != 0 ? ev->at : app_now(app);
	ld_status rc;

	if (call->state == LD_CALL_ENDED)
		return ld_fail(err, LD_ERR_CONFLICT, "call_ended", "call_id",
			       "call %s has ended already", call->ref);
	if (at < call->ringing_at)
		at = call->ringing_at; /* clocks of two systems: never before it rang */
	if (ev->case_id != 0 && (rc = chosen_case(app, ev->case_id, call, err)) != LD_OK)
		return rc;
	if (ev->ivr_path != NULL && ev->ivr_path[0] != '\0')
		snprintf(call->ivr_path, sizeof call->ivr_path, "%s", ev->ivr_path);
	if (ev->recording_url != NULL && ev->recording_url[0] != '\0')
		snprintf(call->recording_url, sizeof call->recording_url, "%s", ev->recording_url);
	switch (ev->event) {
	case LD_CALL_RINGING:
		if (agent != 0 && call->state == LD_CALL_RINGING)
			call->agent_id = agent;
		break;
	case LD_CALL_ANSWERED:
		if (call->state == LD_CALL_RINGING) {
			call->state = LD_CALL_ANSWERED;
			call->answered_at = at;
			call->first_agent_id = call->agent_id = agent != 0 ? agent : call->agent_id;
		} else if (agent != 0 && agent != call->agent_id) {
			call->transfers++;
			call->agent_id = agent;
		}
		break;
	case LD_CALL_ENDED:
		call->state = LD_CALL_ENDED;
		call->ended_at = at;
		if ((rc = finish(app, integ, false, out, err)) != LD_OK)
			return rc;
		break;
	}
	if ((rc = STORE_CALL(app->store, call_update, call, err)) != LD_OK)
		return rc;
	/* After the end too: the caller may be a customer only now. */
	return screen_pop(app, out, err);
}

/* An audit detail naming the integration and the call. */
static void event_detail(const struct ld_integration *integ, const struct app_call_event *ev,
			 const char *reason, char *out, size_t cap)
{
	char name[LD_NAME_MAX * 2 + 8], ref[LD_CALL_REF_MAX * 2 + 8];

	if (!app_json_quote(integ->name, name, sizeof name))
		snprintf(name, sizeof name, "null");
	if (ev->ref == NULL || !app_json_quote(ev->ref, ref, sizeof ref))
		snprintf(ref, sizeof ref, "null");
	snprintf(out, cap, "{\"integration\":%s,\"call_id\":%s,\"event\":\"%s\"%s%s%s}", name, ref,
		 ld_call_state_name(ev->event) != NULL ? ld_call_state_name(ev->event) : "?",
		 reason != NULL ? ",\"reason\":\"" : "", reason != NULL ? reason : "",
		 reason != NULL ? "\"" : "");
}

static ld_status take(struct app *app, const struct ld_integration *integ,
		      const struct app_actor *who, const struct app_call_event *ev,
		      struct app_call_pop *out, struct ld_err *err)
{
	char detail[LD_NAME_MAX * 2 + LD_CALL_REF_MAX * 2 + 96];
	char action[LD_AUDIT_ACTION_MAX + 1];
	int64_t agent;
	ld_status rc;

	if ((rc = event_agent(app, ev, &agent, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, call_find, integ->id, ev->ref, &out->call, err);
	if (rc == LD_ERR_NOT_FOUND && ev->event == LD_CALL_RINGING)
		rc = start(app, integ, ev, agent, out, err);
	else if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "unknown_call", "call_id",
			       "no call %s rang here: a call begins with its ringing event", ev->ref);
	else if (rc == LD_OK)
		rc = advance(app, integ, ev, agent, out, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, integration_touch, integ->id, app_now(app), err);
	if (rc != LD_OK)
		return rc;
	event_detail(integ, ev, NULL, detail, sizeof detail);
	snprintf(action, sizeof action, "call.%s", ld_call_state_name(ev->event));
	return app_audit(app, who, action, "call", out->call.id, detail, err);
}

ld_status app_call_event(struct app *app, const char *token, const char *address,
			 const struct app_call_event *ev, struct app_call_pop *out,
			 struct ld_err *err)
{
	char detail[LD_NAME_MAX * 2 + LD_CALL_REF_MAX * 2 + 96];
	struct ld_integration integ;
	struct app_actor who = { .role = LD_ROLE_ADMIN };
	ld_status rc;

	memset(out, 0, sizeof *out);
	if (address != NULL && strlen(address) <= LD_AUDIT_ADDRESS_MAX)
		snprintf(who.address, sizeof who.address, "%s", address);
	if ((rc = integration_of(app, token, &integ, err)) != LD_OK ||
	    (rc = check_event(ev, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = take(app, &integ, &who, ev, out, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_ERR_NOT_FOUND || rc == LD_ERR_CONFLICT || rc == LD_ERR_INVALID) {
		/* Refused: the telephone system and the desk disagree. Recorded on
		 * its own, the event's own work being undone. */
		event_detail(&integ, ev, err->code, detail, sizeof detail);
		app_audit_apart(app, &who, "call.refused", detail);
	}
	if (rc != LD_OK)
		app_call_pop_clear(out);
	return rc;
}

void app_call_pop_clear(struct app_call_pop *p)
{
	if (p == NULL)
		return;
	ld_customer_clear(&p->customer);
	memset(p, 0, sizeof *p);
}

/* ==================================================================== *
 * Reading calls
 * ==================================================================== */

ld_status app_call_list(struct app *app, const struct app_actor *actor,
			const struct store_call_query *q, struct ld_call *out, int *n,
			struct ld_err *err)
{
	struct store_call_query page = *q;
	ld_status rc;

	*n = 0;
	if ((rc = app_require_staff(actor, err)) != LD_OK ||
	    (rc = app_check_limit(&page.limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, call_list, &page, out, n, err);
}

ld_status app_call_link(struct app *app, const struct app_actor *actor, int64_t id,
			int64_t case_id, struct ld_call *out, struct ld_err *err)
{
	char detail[64];
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (case_id <= 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "case_id", "ids are positive");
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, call_get, id, out, err);
	if (rc == LD_OK && out->state == LD_CALL_ENDED)
		rc = ld_fail(err, LD_ERR_CONFLICT, "call_ended", NULL,
			     "call %lld has ended: its contact is on case %lld", (long long)id,
			     (long long)out->case_id);
	if (rc == LD_OK)
		rc = chosen_case(app, case_id, out, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, call_update, out, err);
	snprintf(detail, sizeof detail, "{\"case_id\":%lld}", (long long)out->case_id);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "call.link", "call", id, detail, err);
	return app_tx_end(app, rc, err);
}

ld_status app_call_get(struct app *app, const struct app_actor *actor, int64_t id,
		       struct ld_call *out, struct ld_err *err)
{
	ld_status rc = app_require_staff(actor, err);

	return rc != LD_OK ? rc : STORE_CALL(app->store, call_get, id, out, err);
}

/* ==================================================================== *
 * Calls whose end never came
 * ==================================================================== */

/* Ends one stale call as of its last event, in a transaction of its own. */
static ld_status close_stale(struct app *app, const struct ld_call *stale, struct ld_err *err)
{
	struct app_call_pop pop = { 0 };
	struct ld_integration integ;
	char detail[96];
	ld_status rc;

	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	pop.call = *stale;
	rc = STORE_CALL(app->store, integration_get, stale->integration_id, &integ, err);
	if (rc == LD_OK) {
		pop.call.state = LD_CALL_ENDED;
		pop.call.ended_at = stale->answered_at != 0 ? stale->answered_at : stale->ringing_at;
		rc = finish(app, &integ, true, &pop, err);
	}
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, call_update, &pop.call, err);
	snprintf(detail, sizeof detail, "{\"state\":\"%s\"}", ld_call_state_name(stale->state));
	if (rc == LD_OK)
		rc = app_audit(app, NULL, "call.lost", "call", stale->id, detail, err);
	app_call_pop_clear(&pop);
	return app_tx_end(app, rc, err);
}

ld_status app_call_sweep(struct app *app, int max, int *closed, struct ld_err *err)
{
	enum { PAGE = 50 };
	struct ld_call *page = xcalloc(PAGE, sizeof *page);
	int n = 0;
	ld_status rc;

	*closed = 0;
	rc = STORE_CALL(app->store, call_list_stale, app_now(app) - app->cfg.call_timeout_s,
			max < PAGE ? max : PAGE, page, &n, err);
	for (int i = 0; i < n && rc == LD_OK; i++) {
		if ((rc = close_stale(app, &page[i], err)) == LD_OK)
			++*closed;
		else if (!ld_status_store_failed(rc))
			rc = LD_OK; /* this one cannot be closed (its case is gone): the next */
	}
	free(page);
	return rc;
}
