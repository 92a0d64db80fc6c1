/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Interactions of a case: POST /api/v1/cases/{id}/interactions (201 with the
 * interaction) and GET /api/v1/cases/{id}/interactions?limit=&cursor= (time
 * order; cursor = the last id seen). Interactions are append-only and have
 * no URL of their own: the Location of a new one is its case's list.
 *
 * Body fields: "channel" (required), "direction" (default in), "kind"
 * (message|call|visit|note, default from the channel), "agent_id",
 * "facility_id", "started_at" (ISO 8601, default now), "duration_s", "body",
 * "sentiment" (−1…1). Effort, SLA and first response follow in app/; so do
 * the rules on who may send what: the parser records which staff-only
 * members the body carried (even as null) for app/ to judge. The answer
 * carries the stored body.
 * POST is a write route (resource.h): app_interaction_add runs on the
 * group-commit writer, the answer is rendered after the commit.
 */
#include "http/resource.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/json_in.h"
#include "http/reply.h"

/* POST /cases/{id}/interactions takes `send` too. */
static const char *const INTERACTION_ADD_FIELDS[] = {
	"channel", "direction", "kind", "agent_id", "facility_id", "started_at", "duration_s",
	"body", "sentiment", "send", NULL,
};

ld_status http_parse_interaction_in(const json_t *body, bool with_kind, bool with_sentiment,
				    struct app_interaction_in *in, struct ld_err *err)
{
	int64_t duration = 0;
	ld_status rc;

	in->channel = -1;
	in->direction = -1;
	in->kind = -1;
	in->agent_id = 0;
	in->facility_id = 0;
	in->started_at = 0;
	in->duration_s = 0;
	in->body = NULL;
	in->sentiment = NAN;
	in->has_agent_id = in->has_facility_id = in->has_started_at = in->has_sentiment = false;
	if ((rc = http_json_get_enum(body, "channel", HTTP_JSON_REQUIRED, ld_channel_parse,
				     &in->channel, NULL, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "direction", 0, ld_direction_parse, &in->direction,
				     NULL, err)) != LD_OK ||
	    (with_kind && (rc = http_json_get_enum(body, "kind", 0, ld_ikind_parse, &in->kind,
						   NULL, err)) != LD_OK) ||
	    (rc = http_json_get_id(body, "agent_id", HTTP_JSON_NULLABLE, &in->agent_id,
				   &in->has_agent_id, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "facility_id", HTTP_JSON_NULLABLE, &in->facility_id,
				   &in->has_facility_id, err)) != LD_OK ||
	    (rc = http_json_get_time(body, "started_at", HTTP_JSON_NULLABLE, &in->started_at,
				     &in->has_started_at, err)) != LD_OK ||
	    (rc = http_json_get_int(body, "duration_s", HTTP_JSON_NULLABLE, INT_MIN, INT_MAX,
				    &duration, NULL, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "body", HTTP_JSON_NULLABLE, &in->body, NULL, err)) !=
		    LD_OK ||
	    (with_sentiment &&
	     (rc = http_json_get_real(body, "sentiment", HTTP_JSON_NULLABLE, -HUGE_VAL, HUGE_VAL,
				      &in->sentiment, &in->has_sentiment, err)) != LD_OK))
		return rc;
	in->duration_s = (int)duration;
	return LD_OK;
}

/* ---- POST /cases/{id}/interactions ---- */

struct interaction_job {
	struct app_actor actor;         /* who asks, copied */
	int64_t case_id;                /* the case */
	json_t *body;                   /* parsed body, owned; `in` borrows its strings */
	struct app_interaction_in in;   /* the new interaction */
	struct ld_interaction it;       /* [out] as stored; body owned */
	struct ld_case c;               /* [out] the case after it */
};

static ld_status interaction_parse(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct interaction_job *job = ctx;
	ld_status rc;

	job->actor = *call->actor;
	job->case_id = call->ids[0];
	bool has_send = false;

	if ((rc = http_body_object(call, INTERACTION_ADD_FIELDS, &job->body, err)) != LD_OK)
		return rc;
	if ((rc = http_parse_interaction_in(job->body, true, true, &job->in, err)) != LD_OK)
		return rc;
	if ((rc = http_json_get_bool(job->body, "send", HTTP_JSON_NULLABLE, &job->in.send,
				     &has_send, err)) != LD_OK)
		return rc;
	/* An agent's e-mail reply is sent unless the caller says it was sent
	 * elsewhere ("send": false, e.g. recorded after the fact). */
	if (!has_send)
		job->in.send = job->in.channel == LD_CH_EMAIL && job->in.direction == LD_DIR_OUT &&
			       (job->in.kind == -1 || job->in.kind == LD_IK_MESSAGE) &&
			       job->actor.role != LD_ROLE_CUSTOMER;
	return LD_OK;
}

static ld_status interaction_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct interaction_job *job = ctx;

	return app_interaction_add(app, &job->actor, job->case_id, &job->in, &job->it, &job->c,
				   err);
}

static ld_status interaction_reply(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct interaction_job *job = ctx;
	struct http_json j;

	(void)err;
	http_json_init(&j, 512 + (job->it.body ? strlen(job->it.body) : 0));
	http_render_interaction(&j, NULL, &job->it);
	http_reply_json(call->res, 201, &j);
	snprintf(call->res->location, sizeof call->res->location, "/api/v1/cases/%lld/interactions",
		 (long long)job->case_id);
	return LD_OK;
}

static void interaction_clear(void *ctx)
{
	struct interaction_job *job = ctx;

	ld_interaction_clear(&job->it);
	json_decref(job->body);
}

const struct http_write_route HTTP_INTERACTION_CREATE = {
	sizeof(struct interaction_job), interaction_parse, interaction_run, interaction_reply,
	interaction_clear,
};

ld_status http_interaction_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {"limit", "cursor", NULL};
	struct http_query q;
	struct http_json j;
	struct ld_interaction *rows = NULL;
	int64_t after;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		goto out;
	rows = xcalloc((size_t)limit, sizeof *rows);
	rc = app_case_interactions(call->app, call->actor, call->ids[0], after, limit, rows, &n,
				   err);
	if (rc != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 512);
	for (int i = 0; i < n; i++)
		http_render_interaction(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	for (int i = 0; rows != NULL && i < limit; i++)
		ld_interaction_clear(&rows[i]);
	free(rows);
	return rc;
}
