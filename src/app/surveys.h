/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Feedback use cases: survey invitations and answers, transactional survey
 * rules, relationship campaigns, the outbox, and closed-loop follow-up tasks.
 *
 * The token. A survey is opened by a 256-bit random token (libsodium), shown
 * once — in the answer to the call that creates the survey and in the outbox
 * message that delivers it — and stored only as its SHA-256 digest. Anyone
 * holding the link may answer, without logging in, once, before it expires.
 * A customer account that is logged in may not open another customer's link.
 *
 * Survey fatigue. A customer is sent at most one survey per
 * `app_config.survey_fatigue_s` (default 30 days), whatever its origin: a
 * transactional survey or a campaign skips customers asked more recently. A
 * survey an agent asks for by hand is sent regardless (the agent decides).
 * Customers without consent to be contacted are never surveyed, and rules
 * and campaigns skip customers without an e-mail address (nothing could
 * deliver their link). A link works until the end of the UTC day its
 * invitation names (survey_ttl_s rounded up to midnight).
 *
 * Closed loop. An answer that says the customer is unhappy — an NPS
 * detractor (0–6), CES ≤ 3 or CSAT ≤ 2 — opens a follow-up task for the case
 * owner's team, due `app_config.followup_due_s` (default 2 days) after the
 * answer, tracked until someone marks it done.
 */
#ifndef LD_APP_SURVEYS_H
#define LD_APP_SURVEYS_H

#include "app/app.h"
#include "core/survey_text.h"

#define APP_SURVEY_TOKEN_LEN 64     /* hex characters (256 bits) */
#define APP_SURVEY_LINK_MAX 512     /* bytes of a link */
#define APP_RULES_MAX 64            /* survey rules a desk may keep */

/* A survey to send. */
struct app_survey_new {
	int kind;                 /* enum ld_survey_kind (required) */
	int64_t customer_id;      /* required */
	int64_t case_id;          /* 0 = none; must be the customer's */
	const char *language;     /* NULL = the customer's (then the case's, then en) */
};

/* What creating a survey returns: the survey and, once, its token and link. */
struct app_survey_created {
	struct ld_survey survey;                  /* owned strings: ld_survey_clear() */
	char token[APP_SURVEY_TOKEN_LEN + 1];     /* the only time it is shown */
	char link[APP_SURVEY_LINK_MAX + 1];       /* public_url + /survey/ + token */
	int64_t message_id;                       /* outbox message, 0 = none (no email) */
};

/*
 * Sends one survey by hand (staff): creates it, puts the invitation in the
 * outbox when the customer has an e-mail address, returns token and link.
 * LD_ERR_CONFLICT "no_consent" when the customer has not agreed to be
 * contacted.
 */
ld_status app_survey_create(struct app *app, const struct app_actor *actor,
			    const struct app_survey_new *in, struct app_survey_created *out,
			    struct ld_err *err);

/* Reads one survey (staff; customers their own). Never the token. */
ld_status app_survey_get(struct app *app, const struct app_actor *actor, int64_t id,
			 struct ld_survey *out, struct ld_err *err);
ld_status app_survey_list(struct app *app, const struct app_actor *actor,
			  const struct store_survey_query *q, struct ld_survey *out, int *n,
			  struct ld_err *err);

/*
 * Opens a survey by its token (no login needed; `actor` may be NULL): the
 * survey and its questions in the survey's language. Errors, nothing
 * changed: LD_ERR_NOT_FOUND "survey_not_found" for a malformed or unknown
 * token; LD_ERR_GONE "survey_expired" past its expiry; LD_ERR_CONFLICT
 * "survey_answered" when answered already; LD_ERR_FORBIDDEN
 * "survey_other_customer" when a logged-in customer opens another's link.
 */
ld_status app_survey_open(struct app *app, const struct app_actor *actor, const char *token,
			  struct ld_survey *out, struct survey_form *form, struct ld_err *err);

/* An answer as given. CSAT/NPS/CES: score; SERVQUAL: expected and perceived
 * per dimension (0 = not answered; all five required). */
struct app_survey_answer {
	int score;                     /* -1 = none */
	const char *comment;           /* NULL = none; ≤ LD_COMMENT_MAX bytes of UTF-8 */
	int expected[LD_SQ_DIMS];      /* 1–7, survey_servqual_dim order */
	int perceived[LD_SQ_DIMS];     /* 1–7 */
};

/*
 * Answers a survey by its token, once: the errors of app_survey_open(), and
 * LD_ERR_INVALID for a score outside the kind's scale, a missing or extra
 * part, or a comment that is too long or not UTF-8 — then nothing is stored.
 * [out] `out` gets the answered survey; `task` (may be NULL) the follow-up
 * task it opened, id 0 when none.
 */
ld_status app_survey_answer(struct app *app, const struct app_actor *actor, const char *token,
			    const struct app_survey_answer *in, struct ld_survey *out,
			    struct ld_followup *task, struct ld_err *err);

/*
 * The transactional survey of a case just resolved (called by the case use
 * cases inside their transaction): the most specific rule for the case's
 * category and first channel decides the kind; none, no consent, or a
 * survey sent within the fatigue window → nothing (LD_OK). [out] `sent`
 * (may be NULL) gets the survey with its token, survey.id 0 when none; its
 * strings are the caller's (ld_survey_clear()).
 */
ld_status app_survey_on_resolved(struct app *app, const struct ld_case *c,
				 struct app_survey_created *sent, struct ld_err *err);

/* ---- rules (managers) ---- */
ld_status app_survey_rule_create(struct app *app, const struct app_actor *actor,
				 struct ld_survey_rule *r, struct ld_err *err);
ld_status app_survey_rule_list(struct app *app, const struct app_actor *actor,
			       struct ld_survey_rule *out, int cap, int *n, struct ld_err *err);
ld_status app_survey_rule_delete(struct app *app, const struct app_actor *actor, int64_t id,
				 struct ld_err *err);

/* ---- relationship campaigns ---- */

/* Who a campaign asks; every field optional. */
struct app_campaign {
	int kind;                 /* enum ld_survey_kind, default NPS when -1 */
	const char *name;         /* campaign name (required), ≤ LD_NAME_MAX */
	int64_t org_id;           /* customers of this organisation, 0 = any */
	const char *language;     /* customers speaking it, NULL = any */
	bool with_cases;          /* only customers who have had a case */
	int64_t renews_within_s;  /* only customers with an active subscription renewing
				     within this many seconds, 0 = any */
	int64_t limit;            /* at most this many surveys, 0 = no limit */
	bool dry_run;             /* count only, send nothing */
};

struct app_campaign_result {
	int64_t considered;       /* customers in the segment */
	int64_t sent;             /* surveys created */
	int64_t no_consent;       /* skipped: no consent */
	int64_t fatigued;         /* skipped: surveyed within the fatigue window */
	int64_t no_email;         /* skipped: no e-mail address to deliver the link to */
};

/* Sends a relationship survey to the segment (managers), in batches. */
ld_status app_survey_campaign(struct app *app, const struct app_actor *actor,
			      const struct app_campaign *in, struct app_campaign_result *out,
			      struct ld_err *err);

/* ---- outbox (managers) ---- */
/* `waiting`: messages not sent yet whose survey can still be answered;
 * `customer_id` 0 = every customer's messages. */
ld_status app_outbox_list(struct app *app, const struct app_actor *actor, bool waiting,
			  int64_t customer_id, int64_t after_id, int limit, struct ld_message *out,
			  int *n, struct ld_err *err);
/* Marks a message delivered; its survey link is blanked in the stored text
 * (the token then lives only in the customer's mailbox). [out] *out: the
 * message as stored then, read inside the same transaction; the caller's,
 * released with ld_message_clear() (zeroed on failure). */
ld_status app_outbox_mark_sent(struct app *app, const struct app_actor *actor, int64_t id,
			       struct ld_message *out, struct ld_err *err);

/* ---- follow-up tasks (staff) ---- */
ld_status app_followup_get(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_followup *out, struct ld_err *err);
ld_status app_followup_list(struct app *app, const struct app_actor *actor,
			    const struct store_followup_query *q, struct ld_followup *out, int *n,
			    struct ld_err *err);
/* Marks a task done (with a note of what was done) or reopens it. */
ld_status app_followup_set(struct app *app, const struct app_actor *actor, int64_t id,
			   int status, const char *note, struct ld_followup *out,
			   struct ld_err *err);

#endif
