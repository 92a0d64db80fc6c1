/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Subscriptions (the renewal cycle): POST/GET /api/v1/subscriptions
 * (?customer_id=&status=&renews_from=&renews_to=&limit=&cursor=, id order)
 * and GET/PATCH /api/v1/subscriptions/{id}.
 *
 * Body fields: "customer_id" (POST only), "product", "period"
 * (monthly|quarterly|yearly), "renews_at" (ISO 8601), "status"
 * (active|renewed|lapsed, default active). A PATCH changes only the members
 * it carries; the subscription's customer is fixed at creation, so
 * "customer_id" in a PATCH is an unknown field. renews_from / renews_to are
 * ISO 8601 instants, from inclusive and to exclusive as in the store.
 *
 * Plain handlers, not write routes: subscriptions are written by back-office
 * staff and the importer, far off the hot path the group-commit writer is
 * for. Validation of values (product length, customer existence, roles)
 * stays in app_subscription_*; this file checks only the wire shape.
 */
#include "http/resource.h"

#include <stdlib.h>

#include "app/reports.h"
#include "http/json_in.h"
#include "http/reply.h"

static const char *const SUBSCRIPTION_CREATE_FIELDS[] = {
	"customer_id", "product", "period", "renews_at", "status", NULL,
};
static const char *const SUBSCRIPTION_UPDATE_FIELDS[] = {
	"product", "period", "renews_at", "status", NULL,
};

static void reply_subscription(struct http_call *call, int http_code,
			       const struct ld_subscription *sub)
{
	struct http_json j;

	http_json_init(&j, 320);
	http_render_subscription(&j, NULL, sub);
	http_reply_json(call->res, http_code, &j);
}

/* Applies the body to `sub`; `creating` makes all but "status" required. */
static ld_status parse_subscription(const json_t *body, bool creating,
				    struct ld_subscription *sub, struct ld_err *err)
{
	unsigned req = creating ? HTTP_JSON_REQUIRED : 0;
	ld_status rc;

	if (creating && (rc = http_json_get_id(body, "customer_id", HTTP_JSON_REQUIRED,
					       &sub->customer_id, NULL, err)) != LD_OK)
		return rc;
	if ((rc = http_json_get_text(body, "product", req, sub->product, LD_NAME_MAX, NULL,
				     err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "period", req, ld_period_parse, &sub->period, NULL,
				     err)) != LD_OK ||
	    (rc = http_json_get_time(body, "renews_at", req, &sub->renews_at, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_enum(body, "status", 0, ld_sub_status_parse, &sub->status, NULL,
				     err)) != LD_OK)
		return rc;
	return LD_OK;
}

ld_status http_subscription_create(struct http_call *call, struct ld_err *err)
{
	struct ld_subscription sub = {0};
	json_t *body = NULL;
	ld_status rc;

	sub.status = LD_SUB_ACTIVE;
	if ((rc = http_body_object(call, SUBSCRIPTION_CREATE_FIELDS, &body, err)) != LD_OK ||
	    (rc = parse_subscription(body, true, &sub, err)) != LD_OK ||
	    (rc = app_subscription_create(call->app, call->actor, &sub, err)) != LD_OK)
		goto out;
	reply_subscription(call, 201, &sub);
	http_set_location(call->res, "/api/v1/subscriptions", sub.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_subscription_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {
		"customer_id", "status", "renews_from", "renews_to", "limit", "cursor", NULL,
	};
	struct store_subscription_query sq = {0};
	struct http_query q;
	struct http_json j;
	struct ld_subscription *rows = NULL;
	const char *status;
	int limit = 0, n = 0;
	ld_status rc;

	sq.status = -1;
	if ((rc = http_list_params(call, params, &q, &limit, &sq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "customer_id", &sq.customer_id, err)) != LD_OK ||
	    (rc = http_query_when(&q, "renews_from", false, &sq.renews_from, err)) != LD_OK ||
	    (rc = http_query_when(&q, "renews_to", false, &sq.renews_to, err)) != LD_OK)
		goto out;
	status = http_query_get(&q, "status");
	if (status != NULL && (sq.status = ld_sub_status_parse(status)) < 0) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			     "status must be active, renewed or lapsed");
		goto out;
	}
	sq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_subscription_list(call->app, call->actor, &sq, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 256);
	for (int i = 0; i < n; i++)
		http_render_subscription(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_subscription_get(struct http_call *call, struct ld_err *err)
{
	struct ld_subscription sub;
	ld_status rc = app_subscription_get(call->app, call->actor, call->ids[0], &sub, err);

	if (rc == LD_OK)
		reply_subscription(call, 200, &sub);
	return rc;
}

/*
 * Unknown members are refused before the record is read; the members are
 * applied to the record as read, and nothing is written unless every one is
 * good. The update gives the record back as stored (updated_at included):
 * read again after the commit, a failed read would answer an error for a
 * change that was made.
 */
ld_status http_subscription_update(struct http_call *call, struct ld_err *err)
{
	struct ld_subscription sub;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, SUBSCRIPTION_UPDATE_FIELDS, &body, err)) != LD_OK ||
	    (rc = app_subscription_get(call->app, call->actor, call->ids[0], &sub, err)) !=
		    LD_OK ||
	    (rc = parse_subscription(body, false, &sub, err)) != LD_OK ||
	    (rc = app_subscription_update(call->app, call->actor, &sub, err)) != LD_OK)
		goto out;
	reply_subscription(call, 200, &sub);
out:
	json_decref(body);
	return rc;
}
