/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Webhooks out (contract and rules in webhooks.h).
 */
#include "app/webhooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/feedback.h"
#include "core/validate.h"
#include "util/crypto.h"
#include "util/time.h"

/* Endpoints read per page when an event is queued (a desk has a handful). */
#define WEBHOOK_FANOUT_MAX 64
/* The envelope around a payload, bytes beyond it. */
#define WEBHOOK_ENVELOPE 160

static ld_status check_webhook(const struct ld_webhook *w, struct ld_err *err)
{
	ld_status rc;

	if ((rc = validate_url("url", w->url, LD_URL_MAX, err)) != LD_OK ||
	    (rc = validate_line("description", w->description, LD_NAME_MAX, false, err)) != LD_OK)
		return rc;
	if (w->events == 0 || (w->events & ~APP_WEBHOOK_ALL) != 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "events",
			       "events must name at least one event the desk sends");
	return LD_OK;
}

/* ==================================================================== *
 * Endpoints
 * ==================================================================== */

ld_status app_webhook_create(struct app *app, const struct app_actor *actor, struct ld_webhook *w,
			     struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_admin(actor, "managing webhooks", err)) != LD_OK || (rc = check_webhook(w, err)) != LD_OK)
		return rc;
	crypto_token_new(w->secret);
	w->created_at = w->updated_at = app_now(app);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, webhook_insert, w, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "webhook.create", "webhook", w->id, NULL, err);
	return app_tx_end(app, rc, err);
}

ld_status app_webhook_get(struct app *app, const struct app_actor *actor, int64_t id,
			  struct ld_webhook *out, struct ld_err *err)
{
	ld_status rc = app_require_admin(actor, "managing webhooks", err);

	return rc != LD_OK ? rc : STORE_CALL(app->store, webhook_get, id, out, err);
}

ld_status app_webhook_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			   int limit, struct ld_webhook *out, int *n, struct ld_err *err)
{
	ld_status rc;

	*n = 0;
	if ((rc = app_require_admin(actor, "managing webhooks", err)) != LD_OK || (rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, webhook_list, false, after_id, limit, out, n, err);
}

ld_status app_webhook_update(struct app *app, const struct app_actor *actor, int64_t id,
			     const struct app_webhook_patch *p, struct ld_webhook *out,
			     struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_admin(actor, "managing webhooks", err)) != LD_OK || (rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, webhook_get, id, out, err);
	if (rc == LD_OK) {
		if (p->has_url)
			snprintf(out->url, sizeof out->url, "%s", p->url != NULL ? p->url : "");
		if (p->has_events)
			out->events = p->events;
		if (p->has_description)
			snprintf(out->description, sizeof out->description, "%s",
				 p->description != NULL ? p->description : "");
		if (p->has_active)
			out->active = p->active;
		if ((p->has_url && p->url != NULL && strlen(p->url) > LD_URL_MAX) ||
		    (p->has_description && p->description != NULL &&
		     strlen(p->description) > LD_NAME_MAX))
			rc = ld_fail(err, LD_ERR_INVALID, "too_long",
				     p->has_url && strlen(p->url) > LD_URL_MAX ? "url" : "description",
				     "the value is too long");
		else
			rc = check_webhook(out, err);
		out->updated_at = app_now(app);
	}
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, webhook_update, out, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "webhook.update", "webhook", id, NULL, err);
	return app_tx_end(app, rc, err);
}

ld_status app_webhook_delete(struct app *app, const struct app_actor *actor, int64_t id,
			     struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_admin(actor, "managing webhooks", err)) != LD_OK || (rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, webhook_delete, id, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "webhook.delete", "webhook", id, NULL, err);
	return app_tx_end(app, rc, err);
}

ld_status app_webhook_deliveries(struct app *app, const struct app_actor *actor, int64_t id,
				 int64_t after_id, int limit, struct ld_webhook_delivery *out,
				 int *n, struct ld_err *err)
{
	struct ld_webhook w;
	ld_status rc;

	*n = 0;
	if ((rc = app_require_admin(actor, "managing webhooks", err)) != LD_OK || (rc = app_check_limit(&limit, err)) != LD_OK ||
	    (rc = STORE_CALL(app->store, webhook_get, id, &w, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, delivery_list, id, after_id, limit, out, n, err);
}

static ld_status queue(struct app *app, int64_t webhook_id, int event, const char *data,
		       struct ld_webhook_delivery *out, struct ld_err *err)
{
	struct ld_webhook_delivery d = {
		.webhook_id = webhook_id, .event = event, .payload = (char *)data,
		.created_at = app_now(app), .next_attempt_at = app_now(app),
	};
	ld_status rc = STORE_CALL(app->store, delivery_insert, &d, err);

	if (rc == LD_OK && out != NULL) {
		*out = d;
		out->payload = xstrdup(data);
	}
	return rc;
}

ld_status app_webhook_ping(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_webhook_delivery *out, struct ld_err *err)
{
	struct ld_webhook w;
	char data[64];
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_admin(actor, "managing webhooks", err)) != LD_OK || (rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, webhook_get, id, &w, err);
	snprintf(data, sizeof data, "{\"webhook_id\":%lld}", (long long)id);
	if (rc == LD_OK)
		rc = queue(app, id, LD_HOOK_PING, data, out, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "webhook.ping", "webhook", id, NULL, err);
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK)
		ld_webhook_delivery_clear(out);
	return rc;
}

/* ==================================================================== *
 * Events
 * ==================================================================== */

ld_status app_webhook_emit(struct app *app, int event, const char *data, struct ld_err *err)
{
	struct ld_webhook hooks[WEBHOOK_FANOUT_MAX];
	int64_t after = 0;
	int n = 0;
	ld_status rc = LD_OK;

	if (app->work != NULL)
		return LD_OK; /* an import writes history, not events */
	do {
		rc = STORE_CALL(app->store, webhook_list, true, after, WEBHOOK_FANOUT_MAX, hooks, &n,
				err);
		for (int i = 0; i < n && rc == LD_OK; i++) {
			if (hooks[i].events & (1u << event))
				rc = queue(app, hooks[i].id, event, data, NULL, err);
		}
		after = n > 0 ? hooks[n - 1].id : after;
	} while (rc == LD_OK && n == WEBHOOK_FANOUT_MAX);
	return rc;
}

/* An id as JSON: null for 0. */
static const char *json_id(int64_t id, char buf[24])
{
	if (id == 0)
		return "null";
	snprintf(buf, 24, "%lld", (long long)id);
	return buf;
}

/* The case as an event carries it: {"id":…,…} into out[cap]. */
static void case_json(const struct ld_case *c, char *out, size_t cap)
{
	char owner[24], team[24];

	snprintf(out, cap,
		 "{\"id\":%lld,\"customer_id\":%lld,\"status\":\"%s\",\"priority\":\"%s\","
		 "\"category\":\"%s\",\"owner_id\":%s,\"team_id\":%s,\"version\":%lld}",
		 (long long)c->id, (long long)c->customer_id, ld_case_status_name(c->status),
		 ld_priority_name(c->priority), ld_category_name(c->category),
		 json_id(c->owner_id, owner), json_id(c->team_id, team), (long long)c->version);
}

ld_status app_webhook_feedback(struct app *app, const struct ld_feedback *f,
			       const struct ld_case *c, struct ld_err *err)
{
	char team[24], agent[24], branch[24], kase[24], body[512], cj[512], data[1100];

	if (app->work != NULL)
		return LD_OK;
	/* Whom it is about and how it came; the words stay in the desk, as a
	 * case event carries no subject. */
	snprintf(body, sizeof body,
		 "{\"id\":%lld,\"customer_id\":%lld,\"case_id\":%s,\"team_id\":%s,"
		 "\"agent_id\":%s,\"facility_id\":%s,\"source\":\"%s\",\"language\":\"%s\"}",
		 (long long)f->id, (long long)f->customer_id, json_id(f->case_id, kase),
		 json_id(f->team_id, team), json_id(f->agent_id, agent),
		 json_id(f->facility_id, branch), ld_feedback_source_name(f->source), f->language);
	if (f->kind == LD_FB_COMPLIMENT) {
		snprintf(data, sizeof data, "{\"compliment\":%s}", body);
		return app_webhook_emit(app, LD_HOOK_COMPLIMENT_CREATED, data, err);
	}
	case_json(c, cj, sizeof cj);
	snprintf(data, sizeof data, "{\"claim\":%s,\"case\":%s}", body, cj);
	return app_webhook_emit(app, LD_HOOK_CLAIM_CREATED, data, err);
}

ld_status app_webhook_case(struct app *app, const struct ld_case *before,
			   const struct ld_case *after, struct ld_err *err)
{
	static const char *const FIELDS[] = { "status", "priority", "category", "owner_id",
					      "team_id", "subject", "merged_into_id" };
	char c[512], data[1024];
	size_t n;
	bool changed[7];
	int any = 0;

	if (app->work != NULL || after == NULL)
		return LD_OK;
	case_json(after, c, sizeof c);
	if (before == NULL) {
		snprintf(data, sizeof data, "{\"case\":%s}", c);
		return app_webhook_emit(app, LD_HOOK_CASE_CREATED, data, err);
	}
	/* What a person sees change; effort figures move with every contact,
	 * which interaction.created reports. */
	changed[0] = before->status != after->status;
	changed[1] = before->priority != after->priority;
	changed[2] = before->category != after->category;
	changed[3] = before->owner_id != after->owner_id;
	changed[4] = before->team_id != after->team_id;
	changed[5] = strcmp(before->subject, after->subject) != 0;
	changed[6] = before->merged_into_id != after->merged_into_id;
	n = (size_t)snprintf(data, sizeof data, "{\"case\":%s,\"changed\":[", c);
	for (int i = 0; i < 7; i++) {
		if (changed[i] && n < sizeof data)
			n += (size_t)snprintf(data + n, sizeof data - n, "%s\"%s\"", any++ ? "," : "",
					      FIELDS[i]);
	}
	if (any == 0)
		return LD_OK;
	if (n < sizeof data)
		snprintf(data + n, sizeof data - n, "]}");
	return app_webhook_emit(app, LD_HOOK_CASE_UPDATED, data, err);
}

ld_status app_webhook_interaction(struct app *app, const struct ld_interaction *it,
				  struct ld_err *err)
{
	char data[512], agent[24], started[TIME_ISO_LEN + 1];

	if (app->work != NULL)
		return LD_OK;
	if (!time_format_utc(it->started_at, started))
		started[0] = '\0';
	snprintf(data, sizeof data,
		 "{\"interaction\":{\"id\":%lld,\"case_id\":%lld,\"customer_id\":%lld,"
		 "\"channel\":\"%s\",\"direction\":\"%s\",\"kind\":\"%s\",\"agent_id\":%s,"
		 "\"started_at\":\"%s\",\"duration_s\":%d}}",
		 (long long)it->id, (long long)it->case_id, (long long)it->customer_id,
		 ld_channel_name(it->channel), ld_direction_name(it->direction),
		 ld_ikind_name(it->kind), json_id(it->agent_id, agent), started, it->duration_s);
	return app_webhook_emit(app, LD_HOOK_INTERACTION_CREATED, data, err);
}

ld_status app_webhook_survey(struct app *app, const struct ld_survey *sv, struct ld_err *err)
{
	char data[512], cs[24], score[24], at[TIME_ISO_LEN + 1];

	if (!time_format_utc(sv->answered_at, at))
		at[0] = '\0';
	if (sv->score >= 0)
		snprintf(score, sizeof score, "%d", sv->score);
	else
		snprintf(score, sizeof score, "null");
	snprintf(data, sizeof data,
		 "{\"survey\":{\"id\":%lld,\"kind\":\"%s\",\"customer_id\":%lld,\"case_id\":%s,"
		 "\"score\":%s,\"answered_at\":\"%s\"}}",
		 (long long)sv->id, ld_survey_kind_name(sv->kind), (long long)sv->customer_id,
		 json_id(sv->case_id, cs), score, at);
	return app_webhook_emit(app, LD_HOOK_SURVEY_ANSWERED, data, err);
}

/* ==================================================================== *
 * The sender
 * ==================================================================== */

int64_t app_webhook_backoff(int attempts)
{
	int64_t d = 30;

	for (int i = 1; i < attempts && d < 3600; i++)
		d *= 2;
	return d < 3600 ? d : 3600;
}

void app_webhook_signature(const char *secret, int64_t t, const char *body, size_t len,
			   char *out, size_t cap)
{
	char hex[CRYPTO_TOKEN_HEX + 1], stamp[24];
	size_t sl = (size_t)snprintf(stamp, sizeof stamp, "%lld.", (long long)t);
	char *msg = xmalloc(sl + len + 1);

	memcpy(msg, stamp, sl);
	memcpy(msg + sl, body, len);
	crypto_hmac_sha256_hex(secret, msg, sl + len, hex);
	free(msg);
	snprintf(out, cap, "t=%lld,v1=%s", (long long)t, hex);
}

/* The body of an attempt at `d`. */
static char *envelope(const struct ld_webhook_delivery *d, size_t *len)
{
	char at[TIME_ISO_LEN + 1];
	size_t cap = strlen(d->payload) + WEBHOOK_ENVELOPE;
	char *body = xmalloc(cap);

	if (!time_format_utc(d->created_at, at))
		at[0] = '\0';
	*len = (size_t)snprintf(body, cap,
				"{\"id\":%lld,\"event\":\"%s\",\"created_at\":\"%s\",\"attempt\":%d,"
				"\"data\":%s}",
				(long long)d->id, ld_webhook_event_name(d->event), at, d->attempts,
				d->payload);
	return body;
}

static ld_status claim(struct app *app, struct ld_webhook_delivery *d, struct ld_webhook *w,
		       bool *found, struct ld_err *err)
{
	int64_t now = app_now(app);
	ld_status rc;

	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, delivery_claim, now, now + APP_WEBHOOK_LEASE_S, d, found, err);
	if (rc == LD_OK && *found)
		rc = STORE_CALL(app->store, webhook_get, d->webhook_id, w, err);
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK && *found) {
		ld_webhook_delivery_clear(d);
		*found = false;
	}
	return rc;
}

/* Writes an attempt's outcome; *outcome 0 delivered, 1 deferred, 2 given up. */
static ld_status record(struct app *app, struct ld_webhook_delivery *d,
			const struct app_post_result *r, int *outcome, struct ld_err *err)
{
	int64_t now = app_now(app);
	ld_status rc;

	d->last_attempt_at = now;
	d->last_status = r->answered ? r->status : 0;
	d->last_error[0] = '\0';
	if (r->answered && r->status >= 200 && r->status < 300) {
		d->delivered_at = now;
		*outcome = 0;
	} else {
		if (r->answered)
			snprintf(d->last_error, sizeof d->last_error, "HTTP %d", r->status);
		else
			snprintf(d->last_error, sizeof d->last_error, "%s", r->error);
		d->next_attempt_at = now + app_webhook_backoff(d->attempts);
		if ((r->answered && r->status == 410) ||
		    d->next_attempt_at > d->created_at + APP_WEBHOOK_RETRY_FOR_S) {
			d->failed_at = now;
			*outcome = 2;
		} else {
			*outcome = 1;
		}
	}
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, delivery_result, d, err);
	return app_tx_end(app, rc, err);
}

ld_status app_webhook_send_due(struct app *app, const struct app_poster *poster, int max,
			       struct app_webhook_run *run, struct ld_err *err)
{
	memset(run, 0, sizeof *run);
	for (int i = 0; i < max; i++) {
		struct ld_webhook_delivery d;
		struct ld_webhook w;
		struct app_post_result r = { 0 };
		char sig[128], sig_h[160], event_h[64], id_h[64];
		const char *headers[] = {
			"Content-Type: application/json", "User-Agent: loyaldesk-webhook/1",
			event_h, id_h, sig_h, NULL,
		};
		bool found = false;
		size_t len;
		char *body;
		int outcome;
		ld_status rc;

		if ((rc = claim(app, &d, &w, &found, err)) != LD_OK)
			return rc;
		if (!found)
			break;
		body = envelope(&d, &len);
		app_webhook_signature(w.secret, app_now(app), body, len, sig, sizeof sig);
		snprintf(sig_h, sizeof sig_h, "Loyaldesk-Signature: %s", sig);
		snprintf(event_h, sizeof event_h, "Loyaldesk-Event: %s", ld_webhook_event_name(d.event));
		snprintf(id_h, sizeof id_h, "Loyaldesk-Delivery: %lld", (long long)d.id);
		poster->post(poster->ctx, w.url, headers, body, len, &r);
		free(body);
		rc = record(app, &d, &r, &outcome, err);
		ld_webhook_delivery_clear(&d);
		if (rc != LD_OK)
			return rc;
		run->delivered += outcome == 0;
		run->deferred += outcome == 1;
		run->failed += outcome == 2;
	}
	return LD_OK;
}
