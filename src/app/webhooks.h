/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Webhooks out (docs/webhooks.md): the desk POSTs its events to the URLs an
 * admin configured, signed, retried, logged.
 *
 * An event is queued, one delivery per endpoint that takes it, in the
 * transaction of the change itself, so it is sent exactly when the change
 * committed; an import writes history, not events, and queues none. Its
 * data are ids and states, never a customer's text: a receiver reads the
 * rest through the API with a token of its own, as its rights allow.
 *
 * The background sender (app_webhook_send_due, run by `loyaldesk serve`)
 * POSTs each due delivery as
 *
 *   {"id":DELIVERY,"event":"case.created","created_at":"…Z","attempt":N,"data":{…}}
 *
 * with the headers Loyaldesk-Event, Loyaldesk-Delivery and
 * Loyaldesk-Signature: t=UNIX,v1=HEX — HEX the HMAC-SHA256, under the
 * endpoint's secret, of "UNIX.BODY". A 2xx answer delivers it. Any other
 * answer, or none, is tried again after 30 s, 1, 2, 4 … minutes (at most an
 * hour apart) until APP_WEBHOOK_RETRY_FOR_S after the event; 410 Gone gives
 * up at once. Every attempt's outcome stays in the endpoint's delivery log.
 */
#ifndef LD_APP_WEBHOOKS_H
#define LD_APP_WEBHOOKS_H

#include "app/app.h"

#define APP_WEBHOOK_RETRY_FOR_S (24 * 3600) /* a delivery is given up after this */
#define APP_WEBHOOK_LEASE_S 120             /* a sender holds a delivery this long at most */
#define APP_WEBHOOK_TIMEOUT_S 10            /* one attempt's HTTP request, in all */
#define APP_WEBHOOK_ALL ((1u << LD_HOOK_PING) - 1) /* every event but ping */

/* ---- endpoints (admins) ---- */

/* A new endpoint from w->url, events, description, active; its secret is
 * made here (w->secret: shown to the admin once). */
ld_status app_webhook_create(struct app *app, const struct app_actor *actor, struct ld_webhook *w,
			     struct ld_err *err);
ld_status app_webhook_get(struct app *app, const struct app_actor *actor, int64_t id,
			  struct ld_webhook *out, struct ld_err *err);
ld_status app_webhook_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			   int limit, struct ld_webhook *out, int *n, struct ld_err *err);

/* What a change sets; a field changes only with its has_ flag. */
struct app_webhook_patch {
	bool has_url;         const char *url;
	bool has_events;      unsigned events;
	bool has_description; const char *description;
	bool has_active;      bool active;
};
ld_status app_webhook_update(struct app *app, const struct app_actor *actor, int64_t id,
			     const struct app_webhook_patch *p, struct ld_webhook *out,
			     struct ld_err *err);
/* Removes the endpoint and its delivery log. */
ld_status app_webhook_delete(struct app *app, const struct app_actor *actor, int64_t id,
			     struct ld_err *err);
/* Its delivery log, by id. `out` entries are the caller's to clear. */
ld_status app_webhook_deliveries(struct app *app, const struct app_actor *actor, int64_t id,
				 int64_t after_id, int limit, struct ld_webhook_delivery *out,
				 int *n, struct ld_err *err);
/* Queues a "ping" to this endpoint alone (taken or not), to test it. */
ld_status app_webhook_ping(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_webhook_delivery *out, struct ld_err *err);

/* ---- the sender ---- */

struct app_post_result {
	bool answered;        /* an HTTP answer came */
	int status;           /* its status */
	char error[256];      /* else why not */
};

/* How the sender reaches the endpoints (util/http_client.h in serve, a fake
 * in tests). */
struct app_poster {
	void (*post)(void *ctx, const char *url, const char *const *headers, const char *body,
		     size_t len, struct app_post_result *out);
	void *ctx;
};

struct app_webhook_run {
	int delivered;        /* answered 2xx */
	int deferred;         /* to be tried again */
	int failed;           /* given up */
};

/* Sends up to `max` deliveries that are due, one transaction each around
 * the attempt's outcome (the request itself runs outside any). */
ld_status app_webhook_send_due(struct app *app, const struct app_poster *poster, int max,
			       struct app_webhook_run *run, struct ld_err *err);

/* Seconds before attempt `attempts` + 1: 30 · 2^(attempts − 1), ≤ 3600. */
int64_t app_webhook_backoff(int attempts);

/* The signature header's value for `body` sent at `t` under `secret`:
 * "t=T,v1=HEX" into out[cap]. */
void app_webhook_signature(const char *secret, int64_t t, const char *body, size_t len,
			   char *out, size_t cap);

#endif
