/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Customers: POST/GET /api/v1/customers (?q=&org_id=&limit=&cursor=),
 * GET/PATCH /api/v1/customers/{id}, and the customer's whole history across
 * cases, GET /api/v1/customers/{id}/timeline?limit=&cursor= (newest first;
 * cursor "<started_at>.<id>" of the last entry seen).
 *
 * Body fields: "name", "email", "phone", "language", "preferred_channel"
 * (null = none), "notes" (null = none), "consent", "org_id" (null = none).
 * A PATCH changes only the members it carries; app_customer_update writes
 * the whole record, so the job reads it, applies the members, writes it
 * back and reads it again (for updated_at). POST and PATCH are write routes
 * (resource.h): they run on the group-commit writer.
 */
#include "http/resource.h"

#include "app/loyalty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/json_in.h"
#include "http/reply.h"

static const char *const CUSTOMER_FIELDS[] = {
	"name", "email", "phone", "language", "preferred_channel", "notes", "consent", "org_id",
	NULL,
};

static void reply_customer(struct http_call *call, int http_code, const struct ld_customer *c)
{
	struct http_json j;

	http_json_init(&j, 512 + (c->notes ? strlen(c->notes) : 0));
	http_render_customer(&j, NULL, c);
	http_reply_json(call->res, http_code, &j);
}

/* Applies the members of `body` to `c` (notes replaced as an owned copy). */
static ld_status parse_customer(const json_t *body, bool creating, struct ld_customer *c,
				struct ld_err *err)
{
	const char *notes = NULL;
	bool has_notes = false;
	ld_status rc;

	if ((rc = http_json_get_text(body, "name", creating ? HTTP_JSON_REQUIRED : 0, c->name,
				     LD_NAME_MAX, NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "email", HTTP_JSON_NULLABLE, c->email, LD_EMAIL_MAX,
				     NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "phone", HTTP_JSON_NULLABLE, c->phone, LD_PHONE_MAX,
				     NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "language", 0, c->language, LD_LANG_MAX, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_enum(body, "preferred_channel", HTTP_JSON_NULLABLE,
				     ld_channel_parse, &c->preferred_channel, NULL, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "notes", HTTP_JSON_NULLABLE, &notes, &has_notes, err)) !=
		    LD_OK ||
	    (rc = http_json_get_bool(body, "consent", 0, &c->consent, NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "org_id", HTTP_JSON_NULLABLE, &c->org_id, NULL, err)) !=
		    LD_OK)
		return rc;
	if (has_notes) {
		free(c->notes);
		c->notes = notes != NULL ? xstrdup(notes) : NULL;
	}
	return LD_OK;
}

/* ---- POST /customers ---- */

struct customer_create_job {
	struct app_actor actor;         /* who asks, copied */
	struct ld_customer c;           /* the new customer, then [out] as stored; notes owned */
};

static ld_status customer_create_parse(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct customer_create_job *job = ctx;
	json_t *body = NULL;
	ld_status rc;

	job->actor = *call->actor;
	job->c.preferred_channel = -1;
	if ((rc = http_body_object(call, CUSTOMER_FIELDS, &body, err)) == LD_OK)
		rc = parse_customer(body, true, &job->c, err);
	json_decref(body);
	return rc;
}

static ld_status customer_create_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct customer_create_job *job = ctx;

	return app_customer_create(app, &job->actor, &job->c, err);
}

static ld_status customer_create_reply(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct customer_create_job *job = ctx;

	(void)err;
	reply_customer(call, 201, &job->c);
	http_set_location(call->res, "/api/v1/customers", job->c.id);
	return LD_OK;
}

static void customer_create_clear(void *ctx)
{
	struct customer_create_job *job = ctx;

	ld_customer_clear(&job->c);
}

const struct http_write_route HTTP_CUSTOMER_CREATE = {
	sizeof(struct customer_create_job), customer_create_parse, customer_create_run,
	customer_create_reply, customer_create_clear,
};

/* ---- GET /customers ---- */

/*
 * GET /customers?order=risk: the risk list, riskiest first, each customer
 * with its "risk" (app/loyalty.h). The cursor is opaque text; search and
 * organisation filters do not combine with it.
 */
static ld_status customer_list_risk(struct http_call *call, const struct http_query *q,
				    struct ld_err *err)
{
	char next[LOYALTY_CURSOR_MAX + 1];
	struct ld_customer *rows = NULL;
	double *risks = NULL;
	struct http_json j;
	const char *cursor = http_query_get(q, "cursor");
	int limit = 0, n = 0;
	ld_status rc;

	if (http_query_get(q, "q") != NULL || http_query_get(q, "org_id") != NULL)
		return ld_fail(err, LD_ERR_INVALID, "unsupported_combination", "order",
			       "order=risk lists all customers; q and org_id do not apply");
	if ((rc = http_query_limit(q, &limit, err)) != LD_OK)
		return rc;
	if (cursor != NULL && strlen(cursor) > LOYALTY_CURSOR_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_cursor", "cursor",
			       "this cursor was not issued by the risk list");
	rows = xcalloc((size_t)limit, sizeof *rows);
	risks = xcalloc((size_t)limit, sizeof *risks);
	rc = app_customer_list_risk(call->app, call->actor, cursor, limit, rows, risks, &n, next,
				    err);
	if (rc != LD_OK)
		goto out;
	http_json_init(&j, 64 + (size_t)n * 400);
	http_json_obj_begin(&j, NULL);
	http_json_arr_begin(&j, "items");
	for (int i = 0; i < n; i++) {
		http_json_obj_begin(&j, NULL);
		http_render_customer(&j, "customer", &rows[i]);
		http_json_real(&j, "risk", risks[i]);
		http_json_obj_end(&j);
	}
	http_json_arr_end(&j);
	http_json_str(&j, "next_cursor", next[0] != '\0' ? next : NULL);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
out:
	for (int i = 0; i < n; i++)
		ld_customer_clear(&rows[i]);
	free(rows);
	free(risks);
	return rc;
}

ld_status http_customer_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {"q", "org_id", "order", "limit", "cursor", NULL};
	struct store_customer_query sq = {0};
	struct http_query q;
	struct http_json j;
	struct ld_customer *rows = NULL;
	int limit = 0, n = 0;
	ld_status rc;

	const char *order;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK)
		return rc;
	order = http_query_get(&q, "order");
	if (order != NULL && strcmp(order, "risk") == 0)
		return customer_list_risk(call, &q, err);
	if (order != NULL && strcmp(order, "id") != 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "order",
			       "order must be id or risk");
	if ((rc = http_list_params(call, params, &q, &limit, &sq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "org_id", &sq.org_id, err)) != LD_OK)
		goto out;
	sq.q = http_query_get(&q, "q");
	if (sq.q != NULL && sq.q[0] == '\0')
		sq.q = NULL;
	sq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_customer_list(call->app, call->actor, &sq, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 384);
	for (int i = 0; i < n; i++)
		http_render_customer(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	for (int i = 0; rows != NULL && i < limit; i++)
		ld_customer_clear(&rows[i]);
	free(rows);
	return rc;
}

/* GET /customers/{id}/loyalty: the customer's disloyalty risk and its inputs. */
ld_status http_customer_loyalty(struct http_call *call, struct ld_err *err)
{
	struct app_customer_loyalty l;
	struct http_json j;
	ld_status rc = app_customer_loyalty(call->app, call->actor, call->ids[0], &l, err);

	if (rc != LD_OK)
		return rc;
	http_json_init(&j, 512);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "customer_id", call->ids[0]);
	http_json_real(&j, "risk", l.risk);
	http_json_bool(&j, "fallback", l.fallback);
	http_json_obj_begin(&j, "features");
	for (int k = 0; k < LOYALTY_FEATURES; k++)
		http_json_int(&j, loyalty_feature_name(k), (int64_t)l.features[k]);
	http_json_obj_end(&j);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
	return LD_OK;
}

ld_status http_customer_get(struct http_call *call, struct ld_err *err)
{
	struct ld_customer c = {0};
	ld_status rc = app_customer_get(call->app, call->actor, call->ids[0], &c, err);

	if (rc == LD_OK)
		reply_customer(call, 200, &c);
	ld_customer_clear(&c);
	return rc;
}

/* ---- PATCH /customers/{id} ---- */

/*
 * The members are checked on the worker (against a scratch record, so a bad
 * body never reaches the writer) and applied on the writer to the record as
 * it is inside the transaction: read, change, write, read again is one job,
 * all or nothing, and no concurrent PATCH can slip in between.
 */
struct customer_update_job {
	struct app_actor actor;         /* who asks, copied */
	int64_t id;                     /* the customer */
	json_t *body;                   /* parsed body, owned */
	struct ld_customer c;           /* [out] the record after the change; notes owned */
};

static ld_status customer_update_parse(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct customer_update_job *job = ctx;
	struct ld_customer scratch = {0};
	ld_status rc;

	job->actor = *call->actor;
	job->id = call->ids[0];
	scratch.preferred_channel = -1;
	if ((rc = http_body_object(call, CUSTOMER_FIELDS, &job->body, err)) == LD_OK)
		rc = parse_customer(job->body, false, &scratch, err);
	ld_customer_clear(&scratch);
	return rc;
}

static ld_status customer_update_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct customer_update_job *job = ctx;
	ld_status rc;

	if ((rc = app_customer_get(app, &job->actor, job->id, &job->c, err)) != LD_OK ||
	    (rc = parse_customer(job->body, false, &job->c, err)) != LD_OK ||
	    (rc = app_customer_update(app, &job->actor, &job->c, err)) != LD_OK)
		return rc;
	ld_customer_clear(&job->c);
	return app_customer_get(app, &job->actor, job->id, &job->c, err);
}

static ld_status customer_update_reply(struct http_call *call, void *ctx, struct ld_err *err)
{
	struct customer_update_job *job = ctx;

	(void)err;
	reply_customer(call, 200, &job->c);
	return LD_OK;
}

static void customer_update_clear(void *ctx)
{
	struct customer_update_job *job = ctx;

	ld_customer_clear(&job->c);
	json_decref(job->body);
}

const struct http_write_route HTTP_CUSTOMER_UPDATE = {
	sizeof(struct customer_update_job), customer_update_parse, customer_update_run,
	customer_update_reply, customer_update_clear,
};

ld_status http_customer_timeline(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {"limit", "cursor", NULL};
	struct store_timeline_cursor cur = {0, 0};
	struct http_query q;
	struct http_json j;
	struct ld_interaction *rows = NULL;
	char next[48] = "";
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK ||
	    (rc = http_query_limit(&q, &limit, err)) != LD_OK ||
	    (rc = http_query_timeline_cursor(&q, &cur, err)) != LD_OK)
		goto out;
	rows = xcalloc((size_t)limit, sizeof *rows);
	rc = app_timeline(call->app, call->actor, call->ids[0], &cur, limit, rows, &n, err);
	if (rc != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 512);
	for (int i = 0; i < n; i++)
		http_render_interaction(&j, NULL, &rows[i]);
	if (n > 0)
		snprintf(next, sizeof next, "%lld.%lld", (long long)rows[n - 1].started_at,
			 (long long)rows[n - 1].id);
	http_page_end(&j, n == limit, next);
	http_reply_json(call->res, 200, &j);
out:
	for (int i = 0; rows != NULL && i < limit; i++)
		ld_interaction_clear(&rows[i]);
	free(rows);
	return rc;
}
