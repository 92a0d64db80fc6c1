/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Report use cases: what a manager reads. Each report is computed from
 * aggregates the store keeps as work happens (never a rescan of interactions
 * per request) and from the pure statistics of core/survey_metrics.h.
 */
#ifndef LD_APP_REPORTS_H
#define LD_APP_REPORTS_H

#include "app/app.h"
#include "core/survey_metrics.h"

/* Which cases a report covers; every field optional. */
struct app_report_filter {
	int64_t from;        /* cases opened at or after (Unix s), 0 = since ever */
	int64_t to;          /* … and before (Unix s), 0 = until now */
	int64_t team_id;     /* owning team, 0 = any */
	int channel;         /* first contact's channel (enum ld_channel), -1 = any */
	int origin;          /* survey reports: enum ld_survey_origin, -1 = any */
	int64_t facility_id; /* effort report: cases with a contact at this branch, 0 = any */
};

/*
 * The effort report, worded as the CEB findings (HBR 2010, "Stop Trying to
 * Delight Your Customers": 56% re-explained, 57% switched from web to phone,
 * 59% were transferred, 62% contacted repeatedly) — for this desk's cases.
 * Every share comes with its Wilson 95% interval over the covered cases.
 */
struct app_effort_report {
	struct app_report_filter filter;    /* as asked, validated */
	int64_t cases;                      /* cases covered (merged ones excluded) */
	struct survey_share high_effort;    /* effort band high */
	struct survey_share medium_effort;  /* effort band medium */
	struct survey_share repeat_contact; /* had to contact again about the same issue */
	struct survey_share re_explanation; /* had to repeat information to a new person */
	struct survey_share channel_switch; /* switched channel */
	struct survey_share web_to_phone;   /* … from web to phone */
	struct survey_share transferred;    /* were transferred */
	struct survey_share robot_only;     /* a bot left them without an answer */
	struct survey_share reopened;       /* a resolved case had to be reopened */
	double transfers_per_case;          /* mean transfers per case */
	double contacts_per_case;           /* mean inbound contacts per case */
	double mean_resolution_s;           /* mean open → resolved of resolved cases, 0 = none */
	int64_t resolved_cases;             /* cases resolved or closed */
	/*
	 * First-contact resolution over 24 hours, 7 and 30 days (METRICS.md):
	 * of the cases resolved in the period (by the day resolved, not
	 * opened) that were first contacts for the window, the share the
	 * customer did not come back about within it. Cases resolved less than
	 * a window ago may still be followed: those figures firm up with time.
	 */
	struct survey_share fcr_24h, fcr_7d, fcr_30d;
	/*
	 * Lapse, over the whole customer base (customers whose latest renewal
	 * was decided; not narrowed by the filter): exposed = customers with a
	 * high-effort case, reference = customers with cases but none high —
	 * how much likelier high effort makes a lapse.
	 */
	struct survey_ratio lapse_high_effort;
	/* exposed = customers with any service contact, reference = without. */
	struct survey_ratio lapse_contact;
	/* The disloyalty ratio: lapsed or last NPS a detractor, customers with a
	 * service contact over customers without (app_loyalty_disloyalty()). */
	struct survey_ratio disloyalty;
};

/*
 * Computes the effort report. Managers and admins only. An inverted range,
 * an unknown channel or a team or branch that does not exist is a 4xx, never
 * an empty report. With a branch, the cases covered are those with a contact
 * there (as the case list's facility filter), read and summed with the same
 * contributions the aggregates hold: the cost grows with the branch's cases.
 */
ld_status app_report_effort(struct app *app, const struct app_actor *actor,
			    const struct app_report_filter *filter, struct app_effort_report *out,
			    struct ld_err *err);

/*
 * A branch's summary over the visits of a period (from/to: visits started
 * in [from, to), 0 = open): how many visits and visitors, and of the cases
 * those visits were on — their effort as the desk scored it, the share
 * resolved, and the CSAT answers about them. Managers and admins only; an
 * unknown branch is 404 "facility_not_found", an inverted range 400.
 */
struct app_facility_summary {
	struct ld_facility facility;        /* the branch */
	int64_t from, to;                   /* as asked */
	int64_t visits;                     /* face-to-face contacts there */
	int64_t visitors;                   /* distinct customers of them */
	int64_t cases;                      /* the cases they were on */
	struct survey_share high_effort;    /* of those cases: effort band high */
	struct survey_share medium_effort;  /* … medium */
	struct survey_share repeat_contact; /* … the customer had to come again */
	struct survey_share transferred;    /* … were transferred */
	struct survey_share resolved;       /* … resolved or closed */
	double contacts_per_case;           /* mean inbound contacts of those cases */
	struct survey_csat csat;            /* CSAT answers about them */
};

ld_status app_facility_summary(struct app *app, const struct app_actor *actor, int64_t id,
			       int64_t from, int64_t to, struct app_facility_summary *out,
			       struct ld_err *err);

/* ---- survey reports ----
 * Answers are counted by the UTC day they were given; team and channel are
 * those of the case the survey asked about (relationship surveys have
 * neither, so a team or channel filter leaves them out). Managers only.
 * Compare transactional with transactional and relationship with
 * relationship (`origin`): the two NPS flavours are not the same measure.
 */
struct app_nps_report {
	struct app_report_filter filter;    /* as asked, validated */
	int64_t hist[SURVEY_NPS_POINTS];    /* answers of 0…10 */
	struct survey_nps nps;              /* score, counts and 95% interval */
};

struct app_csat_report {
	struct app_report_filter filter;
	struct survey_csat csat;            /* top-2-box share, distribution, mean */
};

struct app_ces_report {
	struct app_report_filter filter;
	struct survey_ces ces;              /* mean, interval, distribution, agree share */
};

struct app_servqual_report {
	struct app_report_filter filter;
	struct survey_servqual_summary sq;  /* gap per dimension, worst first */
};

ld_status app_report_nps(struct app *app, const struct app_actor *actor,
			 const struct app_report_filter *filter, struct app_nps_report *out,
			 struct ld_err *err);
ld_status app_report_csat(struct app *app, const struct app_actor *actor,
			  const struct app_report_filter *filter, struct app_csat_report *out,
			  struct ld_err *err);
ld_status app_report_ces(struct app *app, const struct app_actor *actor,
			 const struct app_report_filter *filter, struct app_ces_report *out,
			 struct ld_err *err);
ld_status app_report_servqual(struct app *app, const struct app_actor *actor,
			      const struct app_report_filter *filter,
			      struct app_servqual_report *out, struct ld_err *err);

/* ---- subscriptions (the renewal cycle) ---- */

/* Creates a subscription (staff). Validates customer, product, period,
 * renews_at and status; the customer's renewal outcome follows. */
ld_status app_subscription_create(struct app *app, const struct app_actor *actor,
				  struct ld_subscription *sub, struct ld_err *err);
ld_status app_subscription_get(struct app *app, const struct app_actor *actor, int64_t id,
			       struct ld_subscription *out, struct ld_err *err);
/* Writes all editable fields (get, change, update). On LD_OK *sub is the
 * record as stored (its created_at and updated_at included), so the caller
 * need not read it back after the commit. */
ld_status app_subscription_update(struct app *app, const struct app_actor *actor,
				  struct ld_subscription *sub, struct ld_err *err);
/* Lists by id; a customer account sees only its own. */
ld_status app_subscription_list(struct app *app, const struct app_actor *actor,
				const struct store_subscription_query *q,
				struct ld_subscription *out, int *n, struct ld_err *err);

#endif
