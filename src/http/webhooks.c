/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Webhooks (app/webhooks.h), admins only: POST/GET /api/v1/webhooks,
 * GET/PATCH/DELETE /api/v1/webhooks/{id}, GET /api/v1/webhooks/{id}/deliveries
 * (the delivery log), POST /api/v1/webhooks/{id}/ping.
 *
 * Body: "url" (http or https), "events" (an array of event names: the
 * endpoint takes those), "description", "active" (default true). The answer
 * to POST carries "secret", the key its deliveries are signed with, once.
 */
#include "http/resource.h"

#include <stdlib.h>
#include <string.h>

#include "app/webhooks.h"
#include "http/json_in.h"
#include "http/reply.h"

static const char *const WEBHOOK_FIELDS[] = { "url", "events", "description", "active", NULL };

static void render_webhook(struct http_json *j, const struct ld_webhook *w, bool secret)
{
	http_json_obj_begin(j, NULL);
	http_json_int(j, "id", w->id);
	http_json_str(j, "url", w->url);
	http_json_arr_begin(j, "events");
	for (int e = 0; e < LD_HOOK_PING; e++) {
		if (w->events & (1u << e))
			http_json_str(j, NULL, ld_webhook_event_name(e));
	}
	http_json_arr_end(j);
	http_json_str(j, "description", w->description[0] != '\0' ? w->description : NULL);
	http_json_bool(j, "active", w->active);
	http_json_time(j, "created_at", w->created_at);
	http_json_time(j, "updated_at", w->updated_at);
	if (secret)
		http_json_str(j, "secret", w->secret);
	http_json_obj_end(j);
}

static void reply_webhook(struct http_call *call, int code, const struct ld_webhook *w,
			  bool secret)
{
	struct http_json j;

	http_json_init(&j, 4096);
	render_webhook(&j, w, secret);
	http_reply_json(call->res, code, &j);
}

static void render_delivery(struct http_json *j, const struct ld_webhook_delivery *d)
{
	http_json_obj_begin(j, NULL);
	http_json_int(j, "id", d->id);
	http_json_int(j, "webhook_id", d->webhook_id);
	http_json_enum(j, "event", ld_webhook_event_name(d->event));
	http_json_str(j, "status", d->delivered_at != 0 ? "delivered"
				   : d->failed_at != 0 ? "failed"
							: "pending");
	http_json_int(j, "attempts", d->attempts);
	http_json_time(j, "created_at", d->created_at);
	if (d->delivered_at == 0 && d->failed_at == 0)
		http_json_time(j, "next_attempt_at", d->next_attempt_at);
	else
		http_json_null(j, "next_attempt_at");
	http_json_time(j, "last_attempt_at", d->last_attempt_at);
	http_json_id(j, "last_status", d->last_status);
	http_json_str(j, "last_error", d->last_error[0] != '\0' ? d->last_error : NULL);
	http_json_time(j, "delivered_at", d->delivered_at);
	http_json_time(j, "failed_at", d->failed_at);
	http_json_raw(j, "data", d->payload);
	http_json_obj_end(j);
}

/* "events": a non-empty array of event names, ping excepted. */
static ld_status parse_events(const json_t *body, bool required, unsigned *out, bool *present,
			      struct ld_err *err)
{
	const json_t *v = json_object_get(body, "events"), *item;
	size_t i;

	*present = v != NULL;
	if (v == NULL)
		return required ? ld_fail(err, LD_ERR_INVALID, "missing_field", "events",
					  "events is required")
				: LD_OK;
	if (!json_is_array(v) || json_array_size(v) == 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_type", "events",
			       "events must be a non-empty array of event names");
	*out = 0;
	json_array_foreach(v, i, item) {
		int e = json_is_string(item) ? ld_webhook_event_parse(json_string_value(item)) : -1;
		if (e < 0 || e == LD_HOOK_PING)
			return ld_fail(err, LD_ERR_INVALID, "invalid_value", "events",
				       "events are case.created, case.updated, interaction.created,"
				       " survey.answered, claim.created, compliment.created");
		*out |= 1u << e;
	}
	return LD_OK;
}

ld_status http_webhook_create(struct http_call *call, struct ld_err *err)
{
	struct ld_webhook w = { .active = true };
	json_t *body = NULL;
	bool present;
	ld_status rc;

	if ((rc = http_body_object(call, WEBHOOK_FIELDS, &body, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "url", HTTP_JSON_REQUIRED, w.url, LD_URL_MAX, NULL,
				     err)) != LD_OK ||
	    (rc = parse_events(body, true, &w.events, &present, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "description", HTTP_JSON_NULLABLE, w.description,
				     LD_NAME_MAX, NULL, err)) != LD_OK ||
	    (rc = http_json_get_bool(body, "active", 0, &w.active, NULL, err)) != LD_OK ||
	    (rc = app_webhook_create(call->app, call->actor, &w, err)) != LD_OK)
		goto out;
	reply_webhook(call, 201, &w, true);
	http_set_location(call->res, "/api/v1/webhooks", w.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_webhook_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "limit", "cursor", NULL };
	struct ld_webhook *rows = NULL;
	struct http_query q;
	struct http_json j;
	int64_t after;
	int limit, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		return rc;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_webhook_list(call->app, call->actor, after, limit, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 512);
	for (int i = 0; i < n; i++)
		render_webhook(&j, &rows[i], false);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_webhook_get(struct http_call *call, struct ld_err *err)
{
	struct ld_webhook w;
	ld_status rc = app_webhook_get(call->app, call->actor, call->ids[0], &w, err);

	if (rc == LD_OK)
		reply_webhook(call, 200, &w, false);
	return rc;
}

ld_status http_webhook_update(struct http_call *call, struct ld_err *err)
{
	struct app_webhook_patch p = { 0 };
	struct ld_webhook w;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, WEBHOOK_FIELDS, &body, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "url", 0, &p.url, &p.has_url, err)) != LD_OK ||
	    (rc = parse_events(body, false, &p.events, &p.has_events, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "description", HTTP_JSON_NULLABLE, &p.description,
				    &p.has_description, err)) != LD_OK ||
	    (rc = http_json_get_bool(body, "active", 0, &p.active, &p.has_active, err)) != LD_OK ||
	    (rc = app_webhook_update(call->app, call->actor, call->ids[0], &p, &w, err)) != LD_OK)
		goto out;
	reply_webhook(call, 200, &w, false);
out:
	json_decref(body);
	return rc;
}

ld_status http_webhook_delete(struct http_call *call, struct ld_err *err)
{
	ld_status rc = app_webhook_delete(call->app, call->actor, call->ids[0], err);

	if (rc == LD_OK)
		http_reply_empty(call->res, 204);
	return rc;
}

ld_status http_webhook_deliveries(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "limit", "cursor", NULL };
	struct ld_webhook_delivery *rows = NULL;
	struct http_query q;
	struct http_json j;
	int64_t after;
	int limit, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		return rc;
	rows = xcalloc((size_t)limit, sizeof *rows);
	rc = app_webhook_deliveries(call->app, call->actor, call->ids[0], after, limit, rows, &n,
				    err);
	if (rc == LD_OK) {
		http_page_begin(&j, 64 + (size_t)n * 768);
		for (int i = 0; i < n; i++)
			render_delivery(&j, &rows[i]);
		http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
		http_reply_json(call->res, 200, &j);
	}
	for (int i = 0; i < n; i++)
		ld_webhook_delivery_clear(&rows[i]);
	free(rows);
	return rc;
}

ld_status http_webhook_ping(struct http_call *call, struct ld_err *err)
{
	struct ld_webhook_delivery d;
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, (const char *const[]){ NULL }, &body, err)) != LD_OK ||
	    (rc = app_webhook_ping(call->app, call->actor, call->ids[0], &d, err)) != LD_OK)
		goto out;
	http_json_init(&j, 1024);
	render_delivery(&j, &d);
	http_reply_json(call->res, 202, &j);
	ld_webhook_delivery_clear(&d);
out:
	json_decref(body);
	return rc;
}
