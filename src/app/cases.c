/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Cases and their interactions: open, add a contact, assign, transfer,
 * change status (resolve, reopen), merge, and read a customer's timeline.
 *
 * Every change to a case is an interaction (append-only) and folds into the
 * case's effort state through effort_update() in O(1): the case row carries
 * its effort signals, so reading a case never rescans its history. Two
 * exceptions replay the history in started_at order instead: a merge, where
 * two histories interleave, and a contact recorded out of time order (a call
 * logged after the web form that followed it), so that every figure is the
 * same whatever order the contacts arrive in.
 *
 * Each write runs in one store transaction: the interaction row, the case row
 * (optimistic version check), the audit record and the changes to the derived
 * figures land together or not at all. Input checks live in case_input.c,
 * row writes (ledger, topic links) in case_write.c, imports of whole
 * histories in case_import.c.
 */
#include "app/internal.h"
#include "app/surveys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "util/xmalloc.h"


/* ------------------------------------------------------------ helpers --- */


/* A customer reaches only its own cases; others' look absent. */
static ld_status check_case_access(const struct app_actor *actor, const struct ld_case *c,
				   struct ld_err *err)
{
	if (app_is_staff(actor) || actor->customer_id == c->customer_id)
		return LD_OK;
	return ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", NULL, "no case %lld",
		       (long long)c->id);
}


void app_case_event_of(const struct ld_interaction *it, struct effort_event *ev)
{
	ev->channel = it->channel;
	ev->direction = it->direction;
	ev->kind = it->kind;
	ev->agent_id = it->agent_id;
	ev->at = it->started_at;
	ev->has_note = it->body != NULL && it->body[0] != '\0';
	ev->to_agent_id = it->to_agent_id;
	ev->status_to = it->kind == LD_IK_STATUS ? it->status_to : -1;
}

/* The channel a transfer or status change is filed under: the conversation's. */
int app_case_channel(const struct ld_case *c)
{
	return c->effort.last_in_channel >= 0 ? c->effort.last_in_channel : LD_CH_WEB;
}

/*
 * Appends `it` to case `c` (in memory): folds it into effort, stamps first
 * response, moves the SLA clock. The caller writes both rows.
 */
static ld_status apply_interaction(struct app *app, struct ld_case *c, struct ld_interaction *it,
				   struct ld_err *err)
{
	struct effort_event ev;
	ld_status rc;

	it->case_id = c->id;
	it->customer_id = c->customer_id;
	app_case_event_of(it, &ev);
	effort_update(&c->effort, &ev);
	if (it->direction == LD_DIR_OUT && it->agent_id != 0 && c->first_response_at == 0) {
		c->first_response_at = it->started_at;
		if ((rc = app_sla_on_first_response(app, c, it->started_at, err)) != LD_OK)
			return rc;
	}
	c->updated_at = it->started_at > c->updated_at ? it->started_at : c->updated_at;
	return LD_OK;
}

/*
 * Writes new interactions and the changed case, with an audit record. With
 * `refold` (an interaction recorded out of time order), the case's effort
 * is replayed from its stored interactions once they are in: every figure
 * is defined over started_at order, whatever order contacts arrive in.
 */
ld_status app_case_persist(struct app *app, const struct app_actor *actor, struct ld_case *c,
			   struct ld_interaction *its, int n_its, bool refold, const char *action,
			   const char *detail, struct ld_err *err)
{
	ld_status rc;
	int i;

	if (app_case_in_work(app, c->id))
		return app_case_work_persist(app, c, its, n_its, refold, err);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	for (i = 0; i < n_its && rc == LD_OK; i++) {
		rc = STORE_CALL(app->store, interaction_insert, &its[i], err);
		if (rc == LD_OK)
			rc = app_webhook_interaction(app, &its[i], err);
	}
	if (rc == LD_OK && refold)
		rc = app_case_refold(app, c, err);
	if (rc == LD_OK) {
		app_case_rescore(app, c);
		rc = app_case_write(app, c, err);
		if (rc == LD_OK)
			c->version++;
		else if (rc == LD_ERR_CONFLICT)
			rc = ld_fail(err, LD_ERR_CONFLICT, "case_changed", NULL,
				     "case %lld changed meanwhile; read it again",
				     (long long)c->id);
	}
	if (rc == LD_OK)
		rc = app_audit(app, actor, action, "case", c->id, detail, err);
	return app_tx_end(app, rc, err);
}

/* Builds a status-change interaction (internal, by the actor). */
static void status_interaction(const struct app_actor *actor, const struct ld_case *c, int to,
			       int64_t at, struct ld_interaction *it)
{
	memset(it, 0, sizeof *it);
	it->channel = app_case_channel(c);
	it->direction = LD_DIR_INTERNAL;
	it->kind = LD_IK_STATUS;
	it->agent_id = actor != NULL && actor->role != LD_ROLE_CUSTOMER ? actor->agent_id : 0;
	it->started_at = at;
	it->sentiment = NAN;
	it->status_to = to;
}

void app_case_rescore(const struct app *app, struct ld_case *c)
{
	c->effort_score = effort_score(&c->effort, app->cfg.effort_weights);
	c->effort_band = (int)effort_band_of(c->effort_score, app->cfg.effort_weights);
}

bool app_case_is_closed(int status)
{
	return status == LD_ST_RESOLVED || status == LD_ST_CLOSED;
}

/* Allowed status moves (anything → itself is a no-op handled by callers). */
static ld_status check_transition(int from, int to, struct ld_err *err)
{
	if (to < 0 || to >= LD_ST_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			       "status must be new, open, pending, resolved or closed");
	if (to == LD_ST_CLOSED && from != LD_ST_RESOLVED)
		return ld_fail(err, LD_ERR_CONFLICT, "invalid_transition", "status",
			       "only a resolved case can be closed");
	if (to == LD_ST_NEW && from != LD_ST_NEW)
		return ld_fail(err, LD_ERR_CONFLICT, "invalid_transition", "status",
			       "a case cannot go back to new");
	return LD_OK;
}

/* Moves case `c` to `to` in memory, filling the status interaction `it`. */
static ld_status change_status(struct app *app, const struct app_actor *actor, struct ld_case *c,
			       int to, int64_t at, struct ld_interaction *it, struct ld_err *err)
{
	int from = c->status;
	ld_status rc;

	if ((rc = check_transition(from, to, err)) != LD_OK)
		return rc;
	/* A complaint (a claim's case) must be answered before it is done: a
	 * claim closed in silence is the effort the customer came about.
	 * The rule binds people; the system (an import, a sweep) records
	 * what happened. */
	if (c->category == LD_CAT_COMPLAINT && c->first_response_at == 0 &&
	    app_case_is_closed(to) && !app_case_is_closed(from) && actor != NULL)
		return ld_fail(err, LD_ERR_CONFLICT, "claim_unanswered", "status",
			       "a complaint is resolved only after the customer had an answer");
	status_interaction(actor, c, to, at, it);
	if ((rc = apply_interaction(app, c, it, err)) != LD_OK)
		return rc;
	c->status = to;
	if (app_case_is_closed(to) && !app_case_is_closed(from))
		c->resolved_at = at;
	if (!app_case_is_closed(to) && app_case_is_closed(from)) {
		c->resolved_at = 0;
		c->reopen_count++;
	}
	return app_sla_on_status(app, c, from, to, at, err);
}

/* ---------------------------------------------------------- use cases --- */

ld_status app_case_open(struct app *app, const struct app_actor *actor,
			const struct app_case_open_in *in, struct ld_case *out, struct ld_err *err)
{
	struct ld_customer cust = {0};
	struct ld_interaction it;
	struct ld_case c;
	struct effort_event ev;
	ld_status rc;

	memset(&c, 0, sizeof c);
	if (in->customer_id <= 0)
		return ld_fail(err, LD_ERR_INVALID, "required", "customer_id",
			       "customer_id is required");
	if ((rc = app_require_customer_access(actor, in->customer_id, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, customer_get, in->customer_id, &cust, err);
	if (rc == LD_ERR_NOT_FOUND)
		rc = ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", "customer_id",
			     "no customer %lld", (long long)in->customer_id);
	if (rc != LD_OK)
		goto out;
	if ((rc = validate_text("subject", in->subject, LD_SUBJECT_MAX, true, err)) != LD_OK)
		goto out;
	c.customer_id = in->customer_id;
	snprintf(c.subject, sizeof c.subject, "%s", in->subject);
	c.category = in->category < 0 ? LD_CAT_QUESTION : in->category;
	c.priority = in->priority < 0 ? LD_PRIO_NORMAL : in->priority;
	if (c.category >= LD_CAT_COUNT) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_value", "category", "unknown category");
		goto out;
	}
	if (c.priority >= LD_PRIO_COUNT) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_value", "priority", "unknown priority");
		goto out;
	}
	if ((rc = app_case_check_customer_case(actor, in, err)) != LD_OK)
		goto out;
	if (in->owner_id != 0) {
		struct ld_agent owner;
		if ((rc = app_check_staff_agent(app, in->owner_id, "owner_id", &owner, err)) != LD_OK)
			goto out;
		c.owner_id = owner.id;
		c.team_id = owner.team_id;
	}
	if (in->team_id != 0) {
		if ((rc = app_check_team_exists(app, in->team_id, err)) != LD_OK)
			goto out;
		c.team_id = in->team_id;
	} else if (in->team_id < 0) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_id", "team_id", "ids are positive");
		goto out;
	}
	snprintf(c.language, sizeof c.language, "%s", in->language ? in->language : cust.language);
	if ((rc = validate_language("language", c.language, err)) != LD_OK)
		goto out;
	if ((rc = app_case_build_interaction(app, actor, &in->first, &it, err)) != LD_OK)
		goto out;
	if (it.kind == LD_IK_NOTE) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			     "a case opens with a contact, not a note");
		goto out;
	}

	c.first_channel = it.channel;
	c.status = c.owner_id != 0 ? LD_ST_OPEN : LD_ST_NEW;
	c.created_at = it.started_at;
	c.updated_at = it.started_at;
	c.version = 1;
	effort_init(&c.effort, c.created_at);
	/* Whether it repeats an earlier case on the same topic, and the FCR gaps
	 * (of this case and of the ones it follows), come with the insert. */
	if ((rc = app_sla_start(app, &c, c.created_at, err)) != LD_OK)
		goto out;
	app_case_event_of(&it, &ev);
	effort_update(&c.effort, &ev);
	if (it.direction == LD_DIR_OUT && it.agent_id != 0) {
		c.first_response_at = it.started_at;
		if ((rc = app_sla_on_first_response(app, &c, it.started_at, err)) != LD_OK)
			goto out;
	}

	app_case_rescore(app, &c);
	/* An import builds the case in memory and writes it once, whole. */
	if (app->work != NULL && !app->work->opened) {
		rc = app_case_work_open(app, &c, &it, err);
		if (rc == LD_OK)
			*out = c;
		goto out;
	}
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		goto out;
	rc = app_case_insert(app, &c, err);
	if (rc == LD_OK) {
		it.case_id = c.id;
		it.customer_id = c.customer_id;
		rc = STORE_CALL(app->store, interaction_insert, &it, err);
	}
	if (rc == LD_OK)
		rc = app_webhook_interaction(app, &it, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "case.create", "case", c.id, NULL, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK)
		*out = c;
out:
	ld_customer_clear(&cust);
	return rc;
}

ld_status app_case_get(struct app *app, const struct app_actor *actor, int64_t id,
		       struct ld_case *out, struct ld_err *err)
{
	ld_status rc = app_case_load(app, id, out, err);

	if (rc != LD_OK)
		return rc;
	return check_case_access(actor, out, err);
}

ld_status app_case_list(struct app *app, const struct app_actor *actor,
			const struct store_case_query *q, struct ld_case *out, int *n,
			struct ld_err *err)
{
	struct store_case_query query = *q;
	ld_status rc;

	if ((rc = app_check_limit(&query.limit, err)) != LD_OK)
		return rc;
	if (query.status < -1 || query.status >= LD_ST_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status", "unknown status");
	if (!app_is_staff(actor)) {
		if (query.customer_id != 0 && query.customer_id != actor->customer_id) {
			*n = 0;
			return LD_OK;
		}
		query.customer_id = actor->customer_id;
	}
	return STORE_CALL(app->store, case_list, &query, out, n, err);
}

static ld_status interaction_add_locked(struct app *app, const struct app_actor *actor,
				       int64_t case_id, const struct app_interaction_in *in,
				       struct ld_interaction *out_it, struct ld_case *out_case,
				       struct ld_err *err)
{
	struct ld_interaction its[2];
	int n = 0;
	struct ld_case c;
	bool late;
	ld_status rc;

	if ((rc = app_case_get(app, actor, case_id, &c, err)) != LD_OK)
		return rc;
	if (c.merged_into_id != 0)
		return ld_fail(err, LD_ERR_CONFLICT, "case_merged", NULL,
			       "case %lld was merged into case %lld", (long long)c.id,
			       (long long)c.merged_into_id);
	if ((rc = app_case_build_interaction(app, actor, in, &its[1], err)) != LD_OK)
		return rc;
	/*
	 * Recorded out of order (a call logged late): the case is re-folded from
	 * its stored history in time order. A contact from before the case
	 * opened makes it the case's first contact.
	 */
	late = its[1].started_at < c.updated_at;
	if (late && its[1].started_at < c.created_at && its[1].direction == LD_DIR_IN &&
	    its[1].kind != LD_IK_NOTE) {
		c.created_at = its[1].started_at;
		c.first_channel = its[1].channel;
	}
	/* A customer writing again re-opens a resolved case, and wakes a pending
	 * one — unless the contact happened before the resolution (a late record). */
	if (its[1].direction == LD_DIR_IN && its[1].kind != LD_IK_NOTE &&
	    ((app_case_is_closed(c.status) && its[1].started_at >= c.resolved_at) ||
	     c.status == LD_ST_PENDING)) {
		/* FCR: the first return after the first resolution. */
		if (app_case_is_closed(c.status) && !c.fcr_has_next && c.resolved_at != 0 &&
		    its[1].started_at >= c.resolved_at) {
			c.fcr_has_next = true;
			c.fcr_next_gap_s = its[1].started_at - c.resolved_at;
		}
		if ((rc = change_status(app, actor, &c, LD_ST_OPEN, its[1].started_at, &its[0],
					err)) != LD_OK)
			return rc;
		its[0].agent_id = 0;
		n = 1;
	} else {
		its[0] = its[1];
	}
	if (n == 1 && (rc = apply_interaction(app, &c, &its[1], err)) != LD_OK)
		return rc;
	if (n == 0 && (rc = apply_interaction(app, &c, &its[0], err)) != LD_OK)
		return rc;
	n++;
	if (c.status == LD_ST_NEW && its[n - 1].direction == LD_DIR_OUT && its[n - 1].agent_id)
		c.status = LD_ST_OPEN;
	rc = app_case_persist(app, actor, &c, its, n, late, "interaction.create", NULL, err);
	if (rc != LD_OK)
		return rc;
	if (out_it != NULL) {
		/* The answer carries the body as stored (an empty one is none); `its`
		 * borrows it from `in`, so the caller gets its own copy. */
		const char *body = its[n - 1].body;
		*out_it = its[n - 1];
		out_it->body = NULL;
		if (body != NULL && body[0] != '\0')
			out_it->body = xstrdup(body);
	}
	if (out_case != NULL)
		*out_case = c;
	return LD_OK;
}

/*
 * Assignment: an unowned case gets its first (or, after going back to a
 * queue, its next) owner. Unlike a transfer it hands the customer from nobody
 * to somebody, so it is no effort: effort.transfers does not count it and it
 * arms no re-explanation check. Both doors to it — PATCH owner_id and a
 * transfer of an unowned case to an agent — record it the same way, as an
 * internal note by nobody naming the new owner (to_agent_id) and, when it
 * changed, the team (to_team_id). Effort reads a note without an agent as
 * nothing at all (core/effort.c), so folding the row in, now or when a case is
 * replayed from its rows, leaves every signal as it was. (The schema has no
 * kind of its own for it: interaction.kind is a CHECKed list that only a
 * migration could widen.)
 */
static void assignment_interaction(struct app *app, const struct ld_case *c, int64_t owner_id,
				   int64_t team_id, struct ld_interaction *it)
{
	memset(it, 0, sizeof *it);
	it->channel = app_case_channel(c);
	it->direction = LD_DIR_INTERNAL;
	it->kind = LD_IK_NOTE;
	it->agent_id = 0; /* bookkeeping: nobody spoke to the customer */
	it->started_at = app_now(app);
	if (it->started_at < c->updated_at)
		it->started_at = c->updated_at; /* keep the timeline in order */
	it->sentiment = NAN;
	it->to_agent_id = owner_id;
	it->to_team_id = team_id != c->team_id ? team_id : 0;
	it->status_to = -1;
}

/*
 * Gives unowned case `c` (read in this transaction) to agent `to`: it keeps
 * its team, or takes `to_team_id`, else the agent's, when it has none — as
 * PATCH owner_id does. A handover note is the actor's own internal note.
 */
static ld_status case_assign_locked(struct app *app, const struct app_actor *actor,
				    struct ld_case *c, const struct ld_agent *to, int64_t to_team_id,
				    const char *note, struct ld_err *err)
{
	struct ld_interaction its[2];
	int64_t team_id = c->team_id != 0  ? c->team_id
			  : to_team_id != 0 ? to_team_id
					    : to->team_id;
	int n = 1;
	char detail[96];
	ld_status rc;

	assignment_interaction(app, c, to->id, team_id, &its[0]);
	if ((rc = apply_interaction(app, c, &its[0], err)) != LD_OK)
		return rc;
	if (note != NULL && note[0] != '\0') {
		its[1] = its[0];
		its[1].agent_id = actor != NULL ? actor->agent_id : 0;
		its[1].to_agent_id = 0;
		its[1].to_team_id = 0;
		its[1].body = (char *)note;
		if ((rc = apply_interaction(app, c, &its[1], err)) != LD_OK)
			return rc;
		n = 2;
	}
	c->owner_id = to->id;
	c->team_id = team_id;
	if (c->status == LD_ST_NEW)
		c->status = LD_ST_OPEN;
	snprintf(detail, sizeof detail, "{\"to_agent_id\":%lld,\"to_team_id\":%lld}",
		 (long long)to->id, (long long)team_id);
	return app_case_persist(app, actor, c, its, n, false, "case.assign", detail, err);
}

/* The request fields a transfer's targets came in, which its errors name. */
struct transfer_fields {
	const char *agent;  /* "to_agent_id" (transfer), "owner_id" (PATCH) */
	const char *team;   /* "to_team_id" (transfer), "team_id" (PATCH) */
};

static const struct transfer_fields TRANSFER_FIELDS = {"to_agent_id", "to_team_id"};
static const struct transfer_fields PATCH_FIELDS = {"owner_id", "team_id"};

/*
 * Moves case `case_id` to agent `to_agent_id` and/or team `to_team_id` (0 =
 * not named); an unowned case given to an agent is an assignment. `names`
 * says which request fields the targets came in, so that a refusal names
 * what the client sent.
 */
static ld_status case_transfer_locked(struct app *app, const struct app_actor *actor,
				     int64_t case_id, int64_t from_agent_id, int64_t to_agent_id,
				     int64_t to_team_id, const char *note,
				     const struct transfer_fields *names, struct ld_case *out,
				     struct ld_err *err)
{
	struct ld_interaction it;
	int64_t new_owner, new_team;
	struct ld_agent to;
	struct ld_case c;
	char detail[96];
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_case_get(app, actor, case_id, &c, err)) != LD_OK)
		return rc;
	if (to_agent_id == 0 && to_team_id == 0)
		return ld_fail(err, LD_ERR_INVALID, "required", names->agent,
			       "a transfer names %s or %s", names->agent, names->team);
	if (c.merged_into_id != 0)
		return ld_fail(err, LD_ERR_CONFLICT, "case_merged", NULL,
			       "case %lld was merged into case %lld", (long long)c.id,
			       (long long)c.merged_into_id);
	if (note != NULL && (rc = validate_text("note", note, LD_BODY_MAX, false, err)) != LD_OK)
		return rc;
	if (to_agent_id != 0 &&
	    (rc = app_check_staff_agent(app, to_agent_id, names->agent, &to, err)) != LD_OK)
		return rc;
	if (to_team_id != 0) {
		if ((rc = app_check_team_exists(app, to_team_id, err)) != LD_OK) {
			if (err != NULL)
				snprintf(err->field, sizeof err->field, "%s", names->team);
			return rc;
		}
	} else if (to_team_id < 0) {
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", names->team, "ids are positive");
	}
	if (from_agent_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "from_agent_id",
			       "ids are positive");
	if (from_agent_id != 0 && (rc = app_check_staff_agent(app, from_agent_id, "from_agent_id",
							      NULL, err)) != LD_OK)
		return rc;
	/* Nobody owns it (nor did the record say who handed it on): giving it to
	 * an agent is an assignment, unless it also leaves the team it is in for
	 * another, which is a transfer of the team. */
	if (c.owner_id == 0 && from_agent_id == 0 && to_agent_id != 0 &&
	    (to_team_id == 0 || c.team_id == 0 || to_team_id == c.team_id)) {
		if ((rc = case_assign_locked(app, actor, &c, &to, to_team_id, note, err)) != LD_OK)
			return rc;
		*out = c;
		return LD_OK;
	}
	/* Where the case goes: to an agent (and a team: the named one, else the
	 * agent's, else it stays), or back to a team's queue (no owner). */
	if (to_agent_id != 0) {
		new_owner = to_agent_id;
		new_team = to_team_id != 0 ? to_team_id : (to.team_id != 0 ? to.team_id : c.team_id);
	} else {
		new_owner = 0;
		new_team = to_team_id;
	}
	if (new_owner == c.owner_id && new_team == c.team_id)
		return ld_fail(err, LD_ERR_CONFLICT, "same_owner", names->agent,
			       "the case is already there");

	memset(&it, 0, sizeof it);
	it.channel = app_case_channel(&c);
	it.direction = LD_DIR_INTERNAL;
	it.kind = LD_IK_TRANSFER;
	it.agent_id = actor != NULL ? actor->agent_id
				    : (c.owner_id != 0 ? c.owner_id : from_agent_id);
	it.started_at = app_now(app);
	if (it.started_at < c.updated_at)
		it.started_at = c.updated_at; /* keep the timeline in order */
	it.body = (note != NULL && note[0] != '\0') ? (char *)note : NULL;
	it.sentiment = NAN;
	it.to_agent_id = to_agent_id;
	it.to_team_id = to_team_id;
	it.status_to = -1;
	if ((rc = apply_interaction(app, &c, &it, err)) != LD_OK)
		return rc;
	c.owner_id = new_owner;
	c.team_id = new_team;
	if (c.status == LD_ST_NEW && c.owner_id != 0)
		c.status = LD_ST_OPEN;
	snprintf(detail, sizeof detail, "{\"to_agent_id\":%lld,\"to_team_id\":%lld}",
		 (long long)to_agent_id, (long long)to_team_id);
	rc = app_case_persist(app, actor, &c, &it, 1, false, "case.transfer", detail, err);
	if (rc != LD_OK)
		return rc;
	*out = c;
	return LD_OK;
}

static ld_status case_update_locked(struct app *app, const struct app_actor *actor, int64_t id,
				   const struct app_case_patch *p, struct ld_case *out,
				   struct ld_err *err)
{
	struct ld_interaction it;
	struct ld_interaction rows[2]; /* an assignment, a status change */
	int n_rows = 0;
	struct ld_case c;
	int n_its = 0;
	bool retarget = false;
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_case_get(app, actor, id, &c, err)) != LD_OK)
		return rc;
	if (p->if_version != 0 && p->if_version != c.version)
		return ld_fail(err, LD_ERR_CONFLICT, "case_changed", NULL,
			       "case %lld is at version %lld, not %lld", (long long)c.id,
			       (long long)c.version, (long long)p->if_version);
	if (c.merged_into_id != 0)
		return ld_fail(err, LD_ERR_CONFLICT, "case_merged", NULL,
			       "case %lld was merged into case %lld", (long long)c.id,
			       (long long)c.merged_into_id);
	/* Ownership changes that are transfers go through the transfer use case. */
	if ((p->has_owner && c.owner_id != 0 && p->owner_id != c.owner_id && p->owner_id != 0) ||
	    (p->has_team && c.team_id != 0 && p->team_id != c.team_id && p->team_id != 0)) {
		rc = case_transfer_locked(app, actor, id, 0, p->has_owner ? p->owner_id : 0,
				       p->has_team ? p->team_id : 0, NULL, &PATCH_FIELDS, &c, err);
		if (rc != LD_OK)
			return rc;
	}
	if (p->has_subject) {
		if ((rc = validate_text("subject", p->subject, LD_SUBJECT_MAX, true, err)) != LD_OK)
			return rc;
		snprintf(c.subject, sizeof c.subject, "%s", p->subject);
	}
	if (p->has_category) {
		if (p->category < 0 || p->category >= LD_CAT_COUNT)
			return ld_fail(err, LD_ERR_INVALID, "invalid_value", "category",
				       "unknown category");
		retarget |= p->category != c.category;
		c.category = p->category;
	}
	if (p->has_priority) {
		if (p->priority < 0 || p->priority >= LD_PRIO_COUNT)
			return ld_fail(err, LD_ERR_INVALID, "invalid_value", "priority",
				       "unknown priority");
		retarget |= p->priority != c.priority;
		c.priority = p->priority;
	}
	if (p->has_language) {
		if ((rc = validate_language("language", p->language, err)) != LD_OK)
			return rc;
		snprintf(c.language, sizeof c.language, "%s", p->language);
	}
	if (p->has_owner && c.owner_id == 0 && p->owner_id != 0) {
		struct ld_agent owner;
		if ((rc = app_check_staff_agent(app, p->owner_id, "owner_id", &owner, err)) != LD_OK)
			return rc;
		assignment_interaction(app, &c, owner.id, c.team_id != 0 ? c.team_id : owner.team_id,
				       &rows[n_rows]);
		if ((rc = apply_interaction(app, &c, &rows[n_rows], err)) != LD_OK)
			return rc;
		n_rows++;
		c.owner_id = owner.id;
		if (c.team_id == 0)
			c.team_id = owner.team_id;
		if (c.status == LD_ST_NEW)
			c.status = LD_ST_OPEN;
	} else if (p->has_owner && p->owner_id == 0) {
		c.owner_id = 0;
	} else if (p->has_owner && p->owner_id < 0) {
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "owner_id", "ids are positive");
	}
	if (p->has_team && c.team_id == 0 && p->team_id != 0) {
		if ((rc = app_check_team_exists(app, p->team_id, err)) != LD_OK)
			return rc;
		c.team_id = p->team_id;
	} else if (p->has_team && p->team_id < 0) {
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "team_id", "ids are positive");
	}
	if (retarget && (rc = app_sla_start(app, &c, c.created_at, err)) != LD_OK)
		return rc;
	int it_from = c.status;
	if (p->has_status && p->status != c.status) {
		int64_t at = app_now(app);
		if (at < c.updated_at)
			at = c.updated_at;
		if ((rc = change_status(app, actor, &c, p->status, at, &it, err)) != LD_OK)
			return rc;
		n_its = 1;
	} else if (p->has_status && (p->status < 0 || p->status >= LD_ST_COUNT)) {
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status", "unknown status");
	}
	if (n_its == 1)
		rows[n_rows++] = it;
	rc = app_case_persist(app, actor, &c, rows, n_rows, false, "case.update", NULL, err);
	if (rc != LD_OK)
		return rc;
	/* Resolving asks for feedback, as the desk's survey rules say — not an
	 * imported history's resolution, long past. */
	if (n_its == 1 && c.status == LD_ST_RESOLVED && !app_case_is_closed(it_from) &&
	    !app_case_in_work(app, c.id) &&
	    (rc = app_survey_on_resolved(app, &c, NULL, err)) != LD_OK)
		return rc;
	*out = c;
	return LD_OK;
}

/* --------------------------------------------- transactional wrappers --- */
/*
 * Each write reads the case inside its own write transaction, so concurrent
 * writers to one case queue instead of failing on a stale version; only a
 * client's explicit If-Match can still answer "case_changed".
 */

ld_status app_interaction_add(struct app *app, const struct app_actor *actor, int64_t case_id,
			      const struct app_interaction_in *in, struct ld_interaction *out_it,
			      struct ld_case *out_case, struct ld_err *err)
{
	struct ld_interaction it;
	struct ld_case c;
	ld_status rc;

	if (in->send && (in->channel != LD_CH_EMAIL || in->direction != LD_DIR_OUT ||
			 (in->kind != -1 && in->kind != LD_IK_MESSAGE)))
		return ld_fail(err, LD_ERR_INVALID, "not_sendable", "send",
			       "only an outgoing e-mail message can be sent");
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	memset(&it, 0, sizeof it);
	rc = interaction_add_locked(app, actor, case_id, in, &it, &c, err);
	if (rc == LD_OK && in->send)
		rc = app_outbox_queue_reply(app, &c, &it, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK && out_it != NULL)
		*out_it = it;
	else
		ld_interaction_clear(&it);
	if (rc == LD_OK && out_case != NULL)
		*out_case = c;
	return rc;
}

ld_status app_case_transfer(struct app *app, const struct app_actor *actor, int64_t case_id,
			    int64_t to_agent_id, int64_t to_team_id, const char *note,
			    struct ld_case *out, struct ld_err *err)
{
	ld_status rc = app_tx_begin(app, err);

	if (rc != LD_OK)
		return rc;
	rc = case_transfer_locked(app, actor, case_id, 0, to_agent_id, to_team_id, note,
				  &TRANSFER_FIELDS, out, err);
	return app_tx_end(app, rc, err);
}

ld_status app_case_transfer_from(struct app *app, const struct app_actor *actor,
				 int64_t case_id, int64_t from_agent_id, int64_t to_agent_id,
				 int64_t to_team_id, const char *note, struct ld_case *out,
				 struct ld_err *err)
{
	ld_status rc = app_tx_begin(app, err);

	if (rc != LD_OK)
		return rc;
	rc = case_transfer_locked(app, actor, case_id, from_agent_id, to_agent_id, to_team_id,
				  note, &TRANSFER_FIELDS, out, err);
	return app_tx_end(app, rc, err);
}

ld_status app_case_update(struct app *app, const struct app_actor *actor, int64_t id,
			  const struct app_case_patch *patch, struct ld_case *out,
			  struct ld_err *err)
{
	ld_status rc = app_tx_begin(app, err);

	if (rc != LD_OK)
		return rc;
	rc = case_update_locked(app, actor, id, patch, out, err);
	return app_tx_end(app, rc, err);
}
