/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Claims and compliments (core/feedback.h says what they are): filing one,
 * reading and listing them, naming whom they are about, and their counts
 * per department, agent and branch.
 *
 * Who may file:
 *   staff      on a customer's behalf (customer_id required; source agent),
 *              telling how it came (channel: phone, visit …);
 *   customer   their own, in the portal (source portal);
 *   the public form  anyone with an e-mail address (source form): the
 *              customer with that address, or a new one; limited per client
 *              address (APP_FEEDBACK_FORMS_PER_HOUR), no captcha;
 *   the system mail to the desk's claims or compliments address (source
 *              email; app/mail.c), whose case exists already.
 * A claim opens its case (category complaint, in the department's queue)
 * with the customer's text as the first contact, or — given a case of the
 * customer's — makes that case the claim's (a complaint, moved to the
 * department named) and adds the text to it. A compliment opens nothing.
 * claim.created / compliment.created are sent (webhooks) and the filing is
 * audited.
 */
#ifndef LD_APP_FEEDBACK_H
#define LD_APP_FEEDBACK_H

#include "app/app.h"
#include "core/feedback.h"

#define APP_FEEDBACK_FORMS_PER_HOUR 5 /* public forms from one address before the delays */

struct app_feedback_in {
	int kind;                /* enum ld_feedback_kind */
	bool public_form;        /* filed on the public form (no actor) */
	int64_t customer_id;     /* staff: whose (required); customer: own (0 = own) */
	const char *name;        /* public form: the name given, may be NULL */
	const char *email;       /* public form: the address (required) */
	const char *subject;     /* required, one line */
	const char *text;        /* required (a claim on an existing case: may be NULL) */
	int64_t team_id;         /* the department it is about, 0 = none */
	int64_t agent_id;        /* the agent, 0 = none */
	int64_t facility_id;     /* the branch, 0 = none */
	int64_t case_id;         /* claim: the case to make the claim's; compliment: the case
				  * it is about; 0 = none */
	const char *language;    /* NULL = the customer's */
	int channel;             /* staff: how the customer said it (enum ld_channel), -1 =
				  * phone; others: their own (web, email) */
	const char *address;     /* client address (the form's limit), may be NULL */
	const char *message_id;  /* the system (mail): the message it came in, NULL = none */
};

/* Files one; [out] `out` is the stored row (with its case's fields). A
 * public form over its limit is 429 "too_many_attempts" with retry_after_s. */
ld_status app_feedback_file(struct app *app, const struct app_actor *actor,
			    const struct app_feedback_in *in, struct ld_feedback *out,
			    struct ld_err *err);

/* One of `kind`: staff any, a customer their own; else 404
 * "claim_not_found" / "compliment_not_found". */
ld_status app_feedback_get(struct app *app, const struct app_actor *actor, int kind, int64_t id,
			   struct ld_feedback *out, struct ld_err *err);

/* A page of q->kind (required); a customer's list is narrowed to their own. */
ld_status app_feedback_list(struct app *app, const struct app_actor *actor,
			    const struct store_feedback_query *q, struct ld_feedback *out, int *n,
			    struct ld_err *err);

/* Whom it is about, changed (managers and admins: crediting is theirs). */
struct app_feedback_patch {
	bool has_team;      int64_t team_id;     /* 0 = none */
	bool has_agent;     int64_t agent_id;    /* 0 = none */
	bool has_facility;  int64_t facility_id; /* 0 = none */
};
ld_status app_feedback_update(struct app *app, const struct app_actor *actor, int kind,
			      int64_t id, const struct app_feedback_patch *p,
			      struct ld_feedback *out, struct ld_err *err);

/* Counts of one target (or of all: target_id 0 in the total). A claim is
 * open, answered or resolved (feedback_claim_state) and, apart, overdue:
 * its resolution target passed before it was resolved. */
struct app_feedback_tally {
	int64_t target_id;       /* the team, agent or branch; 0 = none named */
	int64_t claims;
	int64_t claims_open;
	int64_t claims_answered;
	int64_t claims_resolved;
	int64_t claims_overdue;
	int64_t compliments;
};

enum app_feedback_by { APP_FB_BY_TEAM, APP_FB_BY_AGENT, APP_FB_BY_FACILITY, APP_FB_BY_COUNT };
const char *app_feedback_by_name(int by);
int app_feedback_by_parse(const char *s);

struct app_feedback_report {
	int by;                           /* enum app_feedback_by */
	int64_t from, to;                 /* filed in [from, to), 0 = open */
	struct app_feedback_tally total;  /* everything filed in the period */
	struct app_feedback_tally *items; /* per target, by id (none named last); owned */
	size_t n;
};

/* The counts of the period per target (managers and admins). Free with
 * app_feedback_report_free(). */
ld_status app_feedback_report(struct app *app, const struct app_actor *actor, int by,
			      int64_t from, int64_t to, struct app_feedback_report *out,
			      struct ld_err *err);
void app_feedback_report_free(struct app_feedback_report *r);

#endif
