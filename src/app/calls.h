/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Phone: the telephone system's call events (CTI) and the integrations that
 * send them (docs/phone.md).
 *
 * An integration is a system outside the desk with a token of its own,
 * made by an admin; the token is shown once and only its digest is kept. It
 * is not an account: it reaches POST /calls and nothing else, and the calls
 * it reports are the desk's own work (the system actor), audited under its
 * name.
 *
 * A call is followed from its events:
 *   ringing   a new call (or the same one ringing again, at another agent):
 *             the answer is the screen pop — the customer whose phone number
 *             is the caller's (numbers compared in E.164, core/phone.h) and
 *             their open cases, latest activity first;
 *   answered  an agent took it; answered again by another agent, it was
 *             transferred;
 *   ended     it became a contact (kind call) on a case: the one chosen
 *             for it (case_id on any event), else the customer's open case
 *             with the latest activity, else a new case. A caller nobody
 *             knows becomes a customer named by the number. An answered
 *             call is a phone contact lasting from answer to hang-up; one
 *             that never reached an agent but went through the IVR is a
 *             contact with a robot only (channel bot: it counts as effort);
 *             one that did neither is a missed call (a phone contact of 0 s).
 *             A transfer during the call is recorded as a transfer of the
 *             case from the first agent to the last.
 * An event for a call never seen ringing, or after its end, is refused
 * (404 "unknown_call", 409 "call_ended") and the refusal is audited
 * ("call.refused"), so a telephone system that lost events is visible.
 */
#ifndef LD_APP_CALLS_H
#define LD_APP_CALLS_H

#include "app/app.h"

/* ---- integrations (admins only) ---- */

/* Makes an integration (`in`: name, kind, team_id; the rest is set) and its
 * token (token[APP_TOKEN_LEN + 1], shown once). */
ld_status app_integration_create(struct app *app, const struct app_actor *actor,
				 struct ld_integration *in, char token[APP_TOKEN_LEN + 1],
				 struct ld_err *err);
ld_status app_integration_get(struct app *app, const struct app_actor *actor, int64_t id,
			      struct ld_integration *out, struct ld_err *err);
ld_status app_integration_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			       int limit, struct ld_integration *out, int *n, struct ld_err *err);
/* Its token stops working at once; its calls stay. [out] `out` after. */
ld_status app_integration_revoke(struct app *app, const struct app_actor *actor, int64_t id,
				 struct ld_integration *out, struct ld_err *err);

/* ---- call events ---- */

/* One event as the telephone system sent it (strings borrowed). */
struct app_call_event {
	int event;                  /* enum ld_call_state (required) */
	const char *ref;            /* its call id (required, ≤ LD_CALL_REF_MAX) */
	int direction;              /* LD_DIR_IN / LD_DIR_OUT; -1 = in */
	const char *number;         /* the customer's: the caller of an incoming call,
				     * the callee of an outgoing one; NULL = withheld */
	int64_t agent_id;           /* the agent it rings at / who answered, 0 = none … */
	const char *agent_email;    /* … or that agent's login (NULL = none) */
	const char *ivr_path;       /* the IVR choices, NULL = none */
	const char *recording_url;  /* http(s) link to the recording, NULL = none */
	int64_t case_id;            /* the case it is about, 0 = the desk chooses */
	int64_t at;                 /* when, Unix s; 0 = now */
};

#define APP_CALL_POP_CASES 10    /* open cases a screen pop shows at most */
#define APP_CALL_NUMBER_MAX 255  /* bytes of a number as sent (a SIP URI is long) */

/* What an event answers: the call after it and, with it, the screen pop. */
struct app_call_pop {
	struct ld_call call;                     /* as stored after the event */
	bool created;                            /* this event began the call */
	struct ld_customer customer;             /* id 0 = nobody has the number */
	int matches;                             /* customers with the number (> 1: the
						  * one with the latest change is shown) */
	struct ld_case cases[APP_CALL_POP_CASES]; /* their open cases, latest activity first */
	int n_cases;
	bool more_cases;                         /* there are more than shown */
};

/*
 * Takes one event from the integration whose token is `token` (64 hex; a
 * wrong, unknown or revoked one is 401 "unauthorized"); `address` is the
 * client's, for the audit log (NULL = none). Validates everything before any
 * write. [out] `out` is the caller's to clear (app_call_pop_clear).
 */
ld_status app_call_event(struct app *app, const char *token, const char *address,
			 const struct app_call_event *ev, struct app_call_pop *out,
			 struct ld_err *err);
void app_call_pop_clear(struct app_call_pop *p);

/*
 * Ends the calls whose end the telephone system never reported: those not
 * ended that rang more than call_timeout_s ago (a lost event, a restarted
 * PBX), at most `max`, each as of its last event (its length unknown, and
 * said so on the contact), audited "call.lost". serve runs it every minute.
 */
ld_status app_call_sweep(struct app *app, int max, int *closed, struct ld_err *err);

/*
 * An agent says which case a call not ended yet is about (staff only): the
 * case must be the caller's, as for case_id on an event; when the caller
 * was unknown, they are the case's customer from now on. The call then ends
 * on that case. 409 "call_ended" once it ended. [out] the call after it.
 */
ld_status app_call_link(struct app *app, const struct app_actor *actor, int64_t id,
			int64_t case_id, struct ld_call *out, struct ld_err *err);

/* Calls, by id (cursor), for staff. */
ld_status app_call_list(struct app *app, const struct app_actor *actor,
			const struct store_call_query *q, struct ld_call *out, int *n,
			struct ld_err *err);
ld_status app_call_get(struct app *app, const struct app_actor *actor, int64_t id,
		       struct ld_call *out, struct ld_err *err);

#endif
