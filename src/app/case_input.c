/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What a caller may say about a case and an interaction, checked before any
 * write: enums, lengths, referenced accounts, teams and branches, the channel
 * a kind of contact goes with, times not in the future, and the fields only
 * staff may set (a customer sending one gets 403 field_forbidden naming it).
 * The use cases in cases.c build their rows through these.
 */
#include "app/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/validate.h"

ld_status app_check_team_exists(struct app *app, int64_t team_id, struct ld_err *err)
{
	struct ld_team t;
	ld_status rc;

	if (team_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "team_id", "ids are positive");
	if (team_id == 0)
		return LD_OK;
	rc = STORE_CALL(app->store, team_get, team_id, &t, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "team_not_found", "team_id", "no team %lld",
			       (long long)team_id);
	return rc;
}

/* The kind an interaction gets when the caller does not say. */
static int default_kind(int channel)
{
	switch (channel) {
	case LD_CH_PHONE: return LD_IK_CALL;
	case LD_CH_VISIT: return LD_IK_VISIT;
	default: return LD_IK_MESSAGE;
	}
}

/*
 * Staff-only input (app.h): a customer account speaks for itself and does
 * not decide who handles its contact, where or when it happened, how it
 * sounded, or how urgent its case is — an urgent case backdated by its
 * customer would arrive already breached. A field counts as sent when the
 * adapter flagged it or its value is not the "none" of app.h.
 */
static ld_status refuse_field(const char *field, struct ld_err *err)
{
	return ld_fail(err, LD_ERR_FORBIDDEN, "field_forbidden", field,
		       "%s is set by the desk, not by a customer account", field);
}

static ld_status check_customer_contact(const struct app_actor *actor,
					const struct app_interaction_in *in, struct ld_err *err)
{
	if (app_is_staff(actor))
		return LD_OK;
	if (in->has_agent_id || in->agent_id != 0)
		return refuse_field("agent_id", err);
	if (in->has_facility_id || in->facility_id != 0)
		return refuse_field("facility_id", err);
	if (in->has_started_at || in->started_at != 0)
		return refuse_field("started_at", err);
	if (in->has_sentiment || !isnan(in->sentiment))
		return refuse_field("sentiment", err);
	return LD_OK;
}

ld_status app_case_check_customer_case(const struct app_actor *actor,
				     const struct app_case_open_in *in, struct ld_err *err)
{
	if (app_is_staff(actor))
		return LD_OK;
	if (in->has_priority || in->priority != -1)
		return refuse_field("priority", err);
	if (in->has_owner_id || in->owner_id != 0)
		return refuse_field("owner_id", err);
	if (in->has_team_id || in->team_id != 0)
		return refuse_field("team_id", err);
	return check_customer_contact(actor, &in->first, err);
}

/*
 * Validates a caller's interaction and turns it into a row (body borrowed,
 * not copied: `it->body` points into `in`). The kind must go with the
 * channel (core: ld_channel_carries_kind), and a contact cannot be dated
 * more than APP_FUTURE_SKEW_S ahead of the clock.
 */
ld_status app_case_build_interaction(struct app *app, const struct app_actor *actor,
				   const struct app_interaction_in *in, struct ld_interaction *it,
				   struct ld_err *err)
{
	ld_status rc;

	memset(it, 0, sizeof *it);
	if ((rc = check_customer_contact(actor, in, err)) != LD_OK)
		return rc;
	if (in->channel < 0 || in->channel >= LD_CH_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "channel",
			       "channel must be email, phone, chat, web, visit, social or bot");
	it->channel = in->channel;
	it->direction = in->direction < 0 ? LD_DIR_IN : in->direction;
	if (it->direction >= LD_DIR_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "direction",
			       "direction must be in, out or internal");
	it->kind = in->kind < 0 ? default_kind(in->channel) : in->kind;
	if (it->kind != LD_IK_MESSAGE && it->kind != LD_IK_CALL && it->kind != LD_IK_VISIT &&
	    it->kind != LD_IK_NOTE)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			       "kind must be message, call, visit or note (transfers and status "
			       "changes have their own endpoints)");
	if (!ld_channel_carries_kind(it->channel, it->kind))
		return ld_fail(err, LD_ERR_INVALID, "invalid_combination", "kind",
			       "a %s does not go with channel %s (calls are on phone or bot, "
			       "visits on visit, messages on the written channels)",
			       ld_ikind_name(it->kind), ld_channel_name(it->channel));
	if (it->kind == LD_IK_NOTE && it->direction != LD_DIR_INTERNAL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "direction",
			       "a note is internal");
	if (actor != NULL && actor->role == LD_ROLE_CUSTOMER) {
		/* A customer speaks for itself: inbound (no agent, no branch:
		 * check_customer_contact). */
		if (it->direction != LD_DIR_IN)
			return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", "direction",
				       "customers add inbound messages only");
	}
	if (in->body != NULL &&
	    (rc = validate_text("body", in->body, LD_BODY_MAX, false, err)) != LD_OK)
		return rc;
	if (in->duration_s < 0 || in->duration_s > 7 * 86400)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "duration_s",
			       "duration_s must be between 0 and 604800");
	if (!isnan(in->sentiment) && (in->sentiment < -1.0 || in->sentiment > 1.0))
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "sentiment",
			       "sentiment is between -1 and 1");
	if (in->started_at < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "started_at",
			       "started_at is before 1970");
	if (in->started_at > app_now(app) + APP_FUTURE_SKEW_S)
		return ld_fail(err, LD_ERR_INVALID, "future_time", "started_at",
			       "started_at is more than %d minutes ahead of the clock",
			       APP_FUTURE_SKEW_S / 60);
	it->agent_id = in->agent_id;
	if (it->agent_id == 0 && actor != NULL && actor->role != LD_ROLE_CUSTOMER &&
	    it->channel != LD_CH_BOT)
		it->agent_id = actor->agent_id;
	if (it->agent_id != 0 &&
	    (rc = app_check_staff_agent(app, it->agent_id, "agent_id", NULL, err)) != LD_OK)
		return rc;
	it->facility_id = in->facility_id;
	if (it->facility_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "facility_id", "ids are positive");
	if (it->facility_id != 0) {
		struct ld_facility f;
		rc = STORE_CALL(app->store, facility_get, it->facility_id, &f, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "facility_not_found", "facility_id",
				       "no facility %lld", (long long)it->facility_id);
		if (rc != LD_OK)
			return rc;
	}
	if (in->to_agent_id != 0 || in->to_team_id != 0) {
		if (actor != NULL || it->kind != LD_IK_NOTE || it->direction != LD_DIR_INTERNAL)
			return ld_fail(err, LD_ERR_FORBIDDEN, "field_forbidden", "to_agent_id",
				       "only an imported internal note names a new owner");
		if (in->to_agent_id != 0 &&
		    (rc = app_check_staff_agent(app, in->to_agent_id, "to_agent_id", NULL, err)) !=
			    LD_OK)
			return rc;
		if ((rc = app_check_team_exists(app, in->to_team_id, err)) != LD_OK)
			return rc;
		it->to_agent_id = in->to_agent_id;
		it->to_team_id = in->to_team_id;
	}
	it->started_at = in->started_at != 0 ? in->started_at : app_now(app);
	it->duration_s = in->duration_s;
	it->body = (char *)in->body;
	it->sentiment = in->sentiment;
	it->status_to = -1;
	return LD_OK;
}
