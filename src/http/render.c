/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The JSON form of every entity: field names (DESIGN.md §3, references as
 * <name>_id), null for "none" ids and times, enum wire names from
 * core/model.c. One function per entity so a list and a single read, or a
 * case and a timeline, can never disagree about a field.
 *
 * Must not compute anything itself: a case's SLA and effort figures come
 * from app_sla_view() and app_effort_view(). They are gathered apart from
 * the rendering (struct http_case_view), because the SLA view reads the
 * store: a write route takes them inside its transaction, so that nothing
 * its answer needs is read after the commit, when a failed read could only
 * turn a write that happened into an error answer.
 */
#include "http/resource.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/survey_metrics.h"
#include "http/reply.h"

void http_render_org(struct http_json *j, const char *key, const struct ld_org *o)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", o->id);
	http_json_str(j, "name", o->name);
	http_json_time(j, "created_at", o->created_at);
	http_json_obj_end(j);
}

void http_render_customer(struct http_json *j, const char *key, const struct ld_customer *c)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", c->id);
	http_json_id(j, "org_id", c->org_id);
	http_json_str(j, "name", c->name);
	http_json_str(j, "email", c->email);
	http_json_str(j, "phone", c->phone);
	http_json_str(j, "language", c->language);
	http_json_enum(j, "preferred_channel", ld_channel_name(c->preferred_channel));
	http_json_str(j, "notes", c->notes);
	http_json_bool(j, "consent", c->consent);
	http_json_int(j, "case_count", c->case_count);
	http_json_time(j, "created_at", c->created_at);
	http_json_time(j, "updated_at", c->updated_at);
	http_json_time(j, "erased_at", c->erased_at);
	http_json_obj_end(j);
}

void http_render_team(struct http_json *j, const char *key, const struct ld_team *t)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", t->id);
	http_json_str(j, "name", t->name);
	http_json_enum(j, "kind", ld_team_kind_name(t->kind));
	http_json_id(j, "calendar_id", t->calendar_id);
	http_json_time(j, "created_at", t->created_at);
	http_json_obj_end(j);
}

void http_render_agent(struct http_json *j, const char *key, const struct ld_agent *a)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", a->id);
	http_json_str(j, "name", a->name);
	http_json_str(j, "email", a->email);
	http_json_enum(j, "role", ld_role_name(a->role));
	http_json_id(j, "team_id", a->team_id);
	http_json_id(j, "customer_id", a->customer_id);
	http_json_str(j, "languages", a->languages);
	http_json_str(j, "skills", a->skills);
	http_json_bool(j, "senior", a->senior);
	http_json_bool(j, "active", a->active);
	http_json_time(j, "created_at", a->created_at);
	http_json_obj_end(j);
}

void http_render_facility(struct http_json *j, const char *key, const struct ld_facility *f)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", f->id);
	http_json_str(j, "name", f->name);
	http_json_str(j, "address", f->address);
	http_json_str(j, "hours", f->hours);
	http_json_str(j, "tz", f->tz);
	http_json_time(j, "created_at", f->created_at);
	http_json_obj_end(j);
}

void http_render_interaction(struct http_json *j, const char *key,
			     const struct ld_interaction *it)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", it->id);
	http_json_id(j, "case_id", it->case_id);
	http_json_id(j, "customer_id", it->customer_id);
	http_json_enum(j, "channel", ld_channel_name(it->channel));
	http_json_enum(j, "direction", ld_direction_name(it->direction));
	http_json_enum(j, "kind", ld_ikind_name(it->kind));
	http_json_id(j, "agent_id", it->agent_id);
	http_json_id(j, "facility_id", it->facility_id);
	http_json_time(j, "started_at", it->started_at);
	http_json_int(j, "duration_s", it->duration_s);
	http_json_str(j, "body", it->body);
	http_json_real(j, "sentiment", it->sentiment);
	http_json_id(j, "to_agent_id", it->to_agent_id);
	http_json_id(j, "to_team_id", it->to_team_id);
	http_json_enum(j, "status_to",
		       it->kind == LD_IK_STATUS ? ld_case_status_name(it->status_to) : NULL);
	http_json_obj_end(j);
}

void http_render_subscription(struct http_json *j, const char *key,
			      const struct ld_subscription *sub)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", sub->id);
	http_json_id(j, "customer_id", sub->customer_id);
	http_json_str(j, "product", sub->product);
	http_json_enum(j, "period", ld_period_name(sub->period));
	http_json_time(j, "renews_at", sub->renews_at);
	http_json_enum(j, "status", ld_sub_status_name(sub->status));
	http_json_time(j, "created_at", sub->created_at);
	http_json_time(j, "updated_at", sub->updated_at);
	http_json_obj_end(j);
}

void http_render_survey(struct http_json *j, const char *key, const struct ld_survey *sv)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", sv->id);
	http_json_enum(j, "kind", ld_survey_kind_name(sv->kind));
	http_json_enum(j, "origin", ld_survey_origin_name(sv->origin));
	http_json_id(j, "customer_id", sv->customer_id);
	http_json_id(j, "case_id", sv->case_id);
	http_json_id(j, "team_id", sv->team_id);
	http_json_enum(j, "channel", ld_channel_name(sv->channel));
	http_json_str(j, "campaign", sv->campaign[0] != '\0' ? sv->campaign : NULL);
	http_json_str(j, "language", sv->language);
	http_json_time(j, "sent_at", sv->sent_at);
	http_json_time(j, "expires_at", sv->expires_at);
	http_json_time(j, "answered_at", sv->answered_at);
	if (sv->answered_at != 0 && sv->score >= 0)
		http_json_int(j, "score", sv->score);
	else
		http_json_null(j, "score");
	http_json_str(j, "comment", sv->comment);
	if (sv->kind == LD_SURVEY_SERVQUAL && sv->answered_at != 0) {
		http_json_obj_begin(j, "expected");
		for (int d = 0; d < LD_SQ_DIMS; d++)
			http_json_int(j, survey_servqual_dim_name(d), sv->expected[d]);
		http_json_obj_end(j);
		http_json_obj_begin(j, "perceived");
		for (int d = 0; d < LD_SQ_DIMS; d++)
			http_json_int(j, survey_servqual_dim_name(d), sv->perceived[d]);
		http_json_obj_end(j);
		http_json_obj_begin(j, "gap");
		for (int d = 0; d < LD_SQ_DIMS; d++)
			http_json_int(j, survey_servqual_dim_name(d),
				      sv->perceived[d] - sv->expected[d]);
		http_json_obj_end(j);
	}
	http_json_obj_end(j);
}

void http_render_followup(struct http_json *j, const char *key, const struct ld_followup *t)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", t->id);
	http_json_id(j, "survey_id", t->survey_id);
	http_json_id(j, "customer_id", t->customer_id);
	http_json_id(j, "case_id", t->case_id);
	http_json_id(j, "team_id", t->team_id);
	http_json_enum(j, "reason", ld_task_reason_name(t->reason));
	http_json_enum(j, "status", ld_task_status_name(t->status));
	http_json_time(j, "due_at", t->due_at);
	http_json_time(j, "created_at", t->created_at);
	http_json_time(j, "done_at", t->done_at);
	http_json_id(j, "done_by", t->done_by);
	http_json_str(j, "note", t->note[0] != '\0' ? t->note : NULL);
	http_json_obj_end(j);
}

void http_render_message(struct http_json *j, const char *key, const struct ld_message *m)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", m->id);
	http_json_id(j, "survey_id", m->survey_id);
	http_json_id(j, "customer_id", m->customer_id);
	http_json_enum(j, "channel", ld_channel_name(m->channel));
	http_json_str(j, "recipient", m->recipient);
	http_json_str(j, "language", m->language);
	http_json_str(j, "subject", m->subject);
	http_json_str(j, "body", m->body);
	http_json_time(j, "created_at", m->created_at);
	http_json_time(j, "sent_at", m->sent_at);
	http_json_enum(j, "status", m->sent_at != 0     ? "sent"
				    : m->failed_at != 0 ? "failed"
				    : m->attempts > 0   ? "retrying"
							: "waiting");
	http_json_id(j, "interaction_id", m->interaction_id);
	http_json_id(j, "case_id", m->case_id);
	if (m->message_id[0] != '\0')
		http_json_str(j, "message_id", m->message_id);
	else
		http_json_null(j, "message_id");
	http_json_int(j, "attempts", m->attempts);
	http_json_time(j, "next_attempt_at",
		       m->sent_at == 0 && m->failed_at == 0 ? m->next_attempt_at : 0);
	if (m->last_error[0] != '\0')
		http_json_str(j, "last_error", m->last_error);
	else
		http_json_null(j, "last_error");
	http_json_time(j, "failed_at", m->failed_at);
	http_json_obj_end(j);
}

ld_status http_case_figures(struct app *app, struct http_case_view *v, struct ld_err *err)
{
	ld_status rc = app_sla_view(app, &v->c, &v->sla, err);

	if (rc != LD_OK)
		return rc;
	app_effort_view(app, &v->c, &v->effort);
	return LD_OK;
}

void http_render_case_view(struct http_json *j, const char *key, const struct http_case_view *v)
{
	const struct ld_case *c = &v->c;
	const struct app_sla_view *sla = &v->sla;
	const struct app_effort_view *ef = &v->effort;

	http_json_obj_begin(j, key);
	http_json_int(j, "id", c->id);
	http_json_id(j, "customer_id", c->customer_id);
	http_json_str(j, "subject", c->subject);
	http_json_enum(j, "category", ld_category_name(c->category));
	http_json_enum(j, "status", ld_case_status_name(c->status));
	http_json_enum(j, "priority", ld_priority_name(c->priority));
	http_json_id(j, "owner_id", c->owner_id);
	http_json_id(j, "team_id", c->team_id);
	http_json_str(j, "language", c->language);
	http_json_time(j, "created_at", c->created_at);
	http_json_time(j, "updated_at", c->updated_at);
	http_json_time(j, "first_response_at", c->first_response_at);
	http_json_time(j, "resolved_at", c->resolved_at);
	http_json_int(j, "reopen_count", c->reopen_count);
	http_json_id(j, "merged_into_id", c->merged_into_id);
	http_json_int(j, "version", c->version);

	http_json_obj_begin(j, "sla");
	http_json_time(j, "first_response_due", sla->first_response_due);
	http_json_time(j, "resolution_due", sla->resolution_due);
	http_json_int(j, "first_response_remaining_s", sla->first_response_remaining_s);
	http_json_int(j, "resolution_remaining_s", sla->resolution_remaining_s);
	http_json_bool(j, "first_response_breached", sla->first_response_breached);
	http_json_bool(j, "resolution_breached", sla->resolution_breached);
	http_json_bool(j, "paused", sla->paused);
	http_json_obj_end(j);

	http_json_obj_begin(j, "effort");
	http_json_int(j, "contacts", ef->contacts);
	http_json_int(j, "repeat_contacts", ef->repeat_contacts);
	http_json_int(j, "transfers", ef->transfers);
	http_json_int(j, "channel_switches", ef->channel_switches);
	http_json_int(j, "re_explanations", ef->re_explanations);
	http_json_int(j, "robot_only", ef->robot_only);
	http_json_int(j, "reopens", ef->reopens);
	http_json_int(j, "elapsed_s", ef->elapsed_s);
	http_json_real(j, "score", ef->score);
	http_json_str(j, "band", ef->band);
	http_json_obj_end(j);

	http_json_obj_end(j);
}

ld_status http_render_case(struct http_json *j, const char *key, struct app *app,
			   const struct ld_case *c, struct ld_err *err)
{
	struct http_case_view v;
	ld_status rc;

	v.c = *c;
	if ((rc = http_case_figures(app, &v, err)) != LD_OK)
		return rc;
	http_render_case_view(j, key, &v);
	return LD_OK;
}

void http_render_audit(struct http_json *j, const char *key, const struct ld_audit *a)
{
	/* The store took only valid JSON, but a row edited behind its back need
	 * not be: re-serialised through jansson, and a string when it is not JSON. */
	json_t *detail = a->detail != NULL ? json_loads(a->detail, JSON_DECODE_ANY, NULL) : NULL;
	char *text = detail != NULL ? json_dumps(detail, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

	http_json_obj_begin(j, key);
	http_json_int(j, "id", a->id);
	http_json_time(j, "at", a->at);
	http_json_id(j, "actor_id", a->actor_id);
	http_json_str(j, "action", a->action);
	http_json_str(j, "object", a->object);
	http_json_str(j, "address", a->address);
	if (text != NULL)
		http_json_raw(j, "detail", text);
	else
		http_json_str(j, "detail", a->detail);
	http_json_obj_end(j);
	free(text);
	json_decref(detail);
}

void http_reply_case_view(struct http_call *call, int http_code, const struct http_case_view *v)
{
	struct http_json j;

	http_json_init(&j, 1536);
	http_render_case_view(&j, NULL, v);
	http_reply_json(call->res, http_code, &j);
	snprintf(call->res->etag, sizeof call->res->etag, "\"%lld\"", (long long)v->c.version);
}

ld_status http_reply_case(struct http_call *call, int http_code, const struct ld_case *c,
			  struct ld_err *err)
{
	struct http_case_view v;
	ld_status rc;

	v.c = *c;
	if ((rc = http_case_figures(call->app, &v, err)) != LD_OK)
		return rc;
	http_reply_case_view(call, http_code, &v);
	return LD_OK;
}
