/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Claims and compliments as plain values, and their rules (app/feedback.c
 * runs them). Must not do I/O or allocate.
 *
 * A claim (a complaint) and a compliment are what a customer says about the
 * service — about a department (a team), an agent or a branch. They are
 * first-class because they are read differently from a case:
 *
 *   claim       must be handled and answered. Filing one opens a case of
 *               category complaint in the department's queue (the team
 *               named, else the agent's), so it gets the SLA policies of
 *               complaints and a first response like any case; a complaint
 *               case cannot be resolved before the customer had an answer
 *               (app/cases.c). The claim row keeps what the case does not:
 *               whom it is about and how it came.
 *   compliment  needs no handling: it is credited to the agent and team it
 *               names (an agent's team when only the agent is named) and
 *               counted. It opens no case, so praise never counts as a
 *               contact in the effort figures nor as a first-contact
 *               resolution; it may name the case it is about.
 *
 * Who filed it (`source`): the customer in the portal, by e-mail to the
 * desk's claims or compliments address, on the public form, or an agent on
 * the customer's behalf.
 */
#ifndef LD_CORE_FEEDBACK_H
#define LD_CORE_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "util/status.h"

#define LD_FEEDBACK_TEXT_MAX 4000 /* bytes of a compliment's text */

enum ld_feedback_kind { LD_FB_CLAIM, LD_FB_COMPLIMENT, LD_FB_KIND_COUNT };
/* "agent" (on the customer's behalf), "portal", "email", "form" (public). */
enum ld_feedback_source { LD_FBS_AGENT, LD_FBS_PORTAL, LD_FBS_EMAIL, LD_FBS_FORM, LD_FBS_COUNT };

const char *ld_feedback_kind_name(int v);
int ld_feedback_kind_parse(const char *s);
const char *ld_feedback_source_name(int v);
int ld_feedback_source_parse(const char *s);

struct ld_feedback {
	int64_t id;                         /* store id */
	int kind;                           /* enum ld_feedback_kind */
	int source;                         /* enum ld_feedback_source */
	int64_t customer_id;                /* who said it */
	int64_t case_id;                    /* claim: the case handling it; compliment: the
					     * case it is about, 0 = none */
	int64_t team_id;                    /* the department it is about, 0 = none */
	int64_t agent_id;                   /* the agent it is about, 0 = none */
	int64_t facility_id;                /* the branch it is about, 0 = none */
	int64_t filed_by;                   /* agent who filed it for the customer, 0 = they did */
	char subject[LD_SUBJECT_MAX + 1];   /* one line; "" once erased */
	char text[LD_FEEDBACK_TEXT_MAX + 1]; /* compliment: what they said ("" once erased);
					      * claim: "" (the text is the case's first contact) */
	char language[LD_LANG_MAX + 1];     /* cs|de|pl|en|es|uk */
	int64_t created_at;                 /* Unix s */
	char message_id[LD_MAIL_ID_MAX + 1]; /* the mail it came in, "" = none */
	/* Read with the row (a claim's case), never written through it: */
	int case_status;                    /* enum ld_case_status, -1 = no case */
	int64_t answered_at;                /* the case's first reply, 0 = none yet */
	int64_t resolved_at;                /* its resolution, 0 = not resolved */
	int64_t resolution_due;             /* the case's resolution target, 0 = none */
	bool resolution_breached;           /* … missed */
};

/*
 * Checks a new claim or compliment as filed (kind, source, subject, text,
 * language set; ids not checked for existence): subject one line ≤
 * LD_SUBJECT_MAX; a compliment's text required ≤ LD_FEEDBACK_TEXT_MAX; at
 * least one of team, agent and branch named unless it came by e-mail (the
 * address says nothing of whom, so a manager names them later).
 */
ld_status feedback_check(const struct ld_feedback *f, struct ld_err *err);

/* The claim's state as the customer and the manager read it:
 * "open" (not answered yet), "answered", "resolved" (resolved or closed);
 * NULL for a compliment or a claim without its case. */
const char *feedback_claim_state(const struct ld_feedback *f);

/* A claim's resolution target as a time, 0 = none (never due included). */
int64_t feedback_claim_due(const struct ld_feedback *f);

/* Whether a claim missed its resolution target by `now`: resolved after it,
 * or not resolved and past it (core/sla.h sla_is_breached), or so marked
 * on its case. False for a compliment. */
bool feedback_claim_overdue(const struct ld_feedback *f, int64_t now);

#endif
