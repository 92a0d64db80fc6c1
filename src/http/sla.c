/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * SLA configuration over the API: business-hours calendars, their public
 * holidays and SLA policies.
 *
 *   GET/POST          /api/v1/calendars
 *   GET/PATCH         /api/v1/calendars/{id}
 *   GET/POST          /api/v1/calendars/{id}/holidays
 *   DELETE            /api/v1/calendars/{id}/holidays/{date}   (date YYYY-MM-DD)
 *   GET/POST          /api/v1/sla-policies
 *   GET/PATCH/DELETE  /api/v1/sla-policies/{id}
 *
 * Calendar body: "name", "tz" (IANA zone), "hours" ("mon-fri 08:00-17:00",
 * "24/7"; answered in canonical form). Holiday body: "date" (YYYY-MM-DD),
 * "name" (null = unnamed). Policy body: "name", "priority" and "category"
 * (null = any), "first_response_s" and "resolution_s" (positive business
 * seconds, null = no target), "calendar_id" (null = the case team's),
 * "pause_on_pending".
 *
 * This file only reads the wire shape; who may write (admins and managers;
 * agents read), what a valid calendar, date or target is, and what a change
 * does to the SLA caches and to cases already running are app/sla.c's.
 * Holidays and policies come in one page (a calendar holds at most
 * APP_HOLIDAYS_MAX holidays, a desk APP_POLICIES_MAX policies).
 */
#include "http/resource.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/json_in.h"
#include "http/reply.h"

static const char *const CALENDAR_FIELDS[] = { "name", "tz", "hours", NULL };
static const char *const HOLIDAY_FIELDS[] = { "date", "name", NULL };
static const char *const POLICY_FIELDS[] = { "name", "priority", "category",
					     "first_response_s", "resolution_s",
					     "calendar_id", "pause_on_pending", NULL };

/* ------------------------------------------------------------ rendering --- */

static void render_calendar(struct http_json *j, const char *key, const struct store_calendar *c)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", c->id);
	http_json_str(j, "name", c->name);
	http_json_str(j, "tz", c->tz[0] != '\0' ? c->tz : NULL);
	http_json_str(j, "hours", c->hours[0] != '\0' ? c->hours : NULL);
	http_json_obj_end(j);
}

/* yyyymmdd → "YYYY-MM-DD" (`out` ≥ 11 bytes). */
static void format_date(int32_t date, char *out, size_t out_len)
{
	snprintf(out, out_len, "%04d-%02d-%02d", (int)(date / 10000), (int)(date / 100 % 100),
		 (int)(date % 100));
}

static void render_holiday(struct http_json *j, const char *key, const struct store_holiday *h)
{
	char date[16];

	format_date(h->date, date, sizeof date);
	http_json_obj_begin(j, key);
	http_json_str(j, "date", date);
	http_json_str(j, "name", h->name[0] != '\0' ? h->name : NULL);
	http_json_obj_end(j);
}

/* A target of 0 business seconds is "none": null. */
static void json_target(struct http_json *j, const char *key, int64_t seconds)
{
	if (seconds > 0)
		http_json_int(j, key, seconds);
	else
		http_json_null(j, key);
}

static void render_policy(struct http_json *j, const char *key, const struct store_sla_policy *p)
{
	http_json_obj_begin(j, key);
	http_json_int(j, "id", p->id);
	http_json_str(j, "name", p->name);
	http_json_enum(j, "priority", ld_priority_name(p->priority));
	http_json_enum(j, "category", ld_category_name(p->category));
	json_target(j, "first_response_s", p->first_response_s);
	json_target(j, "resolution_s", p->resolution_s);
	http_json_id(j, "calendar_id", p->calendar_id);
	http_json_bool(j, "pause_on_pending", p->pause_on_pending);
	http_json_obj_end(j);
}

static void reply_calendar(struct http_call *call, int http_code, const struct store_calendar *c)
{
	struct http_json j;

	http_json_init(&j, 256);
	render_calendar(&j, NULL, c);
	http_reply_json(call->res, http_code, &j);
}

static void reply_policy(struct http_call *call, int http_code, const struct store_sla_policy *p)
{
	struct http_json j;

	http_json_init(&j, 256);
	render_policy(&j, NULL, p);
	http_reply_json(call->res, http_code, &j);
}

/* ------------------------------------------------------------ calendars --- */

/* Applies the body to `c`; `creating` makes every member required. */
static ld_status parse_calendar(const json_t *body, bool creating, struct store_calendar *c,
				struct ld_err *err)
{
	unsigned req = creating ? HTTP_JSON_REQUIRED : 0;
	ld_status rc;

	if ((rc = http_json_get_text(body, "name", req, c->name, LD_NAME_MAX, NULL, err)) !=
		    LD_OK ||
	    (rc = http_json_get_text(body, "tz", req, c->tz, LD_TZ_MAX, NULL, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "hours", req, c->hours, LD_HOURS_MAX, NULL, err)) !=
		    LD_OK)
		return rc;
	return LD_OK;
}

ld_status http_calendar_create(struct http_call *call, struct ld_err *err)
{
	struct store_calendar c;
	json_t *body = NULL;
	ld_status rc;

	memset(&c, 0, sizeof c);
	if ((rc = http_body_object(call, CALENDAR_FIELDS, &body, err)) != LD_OK ||
	    (rc = parse_calendar(body, true, &c, err)) != LD_OK ||
	    (rc = app_calendar_create(call->app, call->actor, &c, err)) != LD_OK)
		goto out;
	reply_calendar(call, 201, &c);
	http_set_location(call->res, "/api/v1/calendars", c.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_calendar_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { "limit", "cursor", NULL };
	struct store_calendar *rows = NULL;
	struct http_query q;
	struct http_json j;
	int64_t after;
	int limit, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &after, err)) != LD_OK)
		goto out;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_calendar_list(call->app, call->actor, after, limit, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 160);
	for (int i = 0; i < n; i++)
		render_calendar(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_calendar_get(struct http_call *call, struct ld_err *err)
{
	struct store_calendar c;
	ld_status rc = app_calendar_get(call->app, call->actor, call->ids[0], &c, err);

	if (rc == LD_OK)
		reply_calendar(call, 200, &c);
	return rc;
}

ld_status http_calendar_update(struct http_call *call, struct ld_err *err)
{
	struct store_calendar c;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, CALENDAR_FIELDS, &body, err)) != LD_OK ||
	    (rc = app_calendar_get(call->app, call->actor, call->ids[0], &c, err)) != LD_OK ||
	    (rc = parse_calendar(body, false, &c, err)) != LD_OK ||
	    (rc = app_calendar_update(call->app, call->actor, &c, err)) != LD_OK)
		goto out;
	reply_calendar(call, 200, &c);
out:
	json_decref(body);
	return rc;
}

/* ------------------------------------------------------------- holidays --- */

/*
 * "YYYY-MM-DD" → yyyymmdd by shape alone (whether it is a real date is the
 * app's to say); else 400 "invalid_date" naming `field`.
 */
static ld_status parse_date(const char *s, const char *field, int32_t *out, struct ld_err *err)
{
	int32_t v = 0;

	for (int i = 0; s != NULL && i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			goto bad;
		if (!dash)
			v = v * 10 + (s[i] - '0');
	}
	if (s == NULL || s[10] != '\0')
		goto bad;
	*out = v;
	return LD_OK;
bad:
	return ld_fail(err, LD_ERR_INVALID, "invalid_date", field,
		       "\"%s\" must be a date YYYY-MM-DD", field);
}

ld_status http_holiday_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { NULL };
	struct store_holiday *rows = NULL;
	struct http_query q;
	struct http_json j;
	int n = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK)
		goto out;
	rows = xcalloc(APP_HOLIDAYS_MAX, sizeof *rows);
	if ((rc = app_holiday_list(call->app, call->actor, call->ids[0], rows, APP_HOLIDAYS_MAX,
				   &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 64);
	for (int i = 0; i < n; i++)
		render_holiday(&j, NULL, &rows[i]);
	http_page_end(&j, false, NULL);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_holiday_create(struct http_call *call, struct ld_err *err)
{
	struct store_holiday h;
	const char *date = NULL;
	struct http_json j;
	json_t *body = NULL;
	ld_status rc;

	memset(&h, 0, sizeof h);
	if ((rc = http_body_object(call, HOLIDAY_FIELDS, &body, err)) != LD_OK ||
	    (rc = http_json_get_str(body, "date", HTTP_JSON_REQUIRED, &date, NULL, err)) !=
		    LD_OK ||
	    (rc = parse_date(date, "date", &h.date, err)) != LD_OK ||
	    (rc = http_json_get_text(body, "name", HTTP_JSON_NULLABLE, h.name, LD_NAME_MAX, NULL,
				     err)) != LD_OK ||
	    (rc = app_holiday_add(call->app, call->actor, call->ids[0], h.date,
				  h.name[0] != '\0' ? h.name : NULL, err)) != LD_OK)
		goto out;
	http_json_init(&j, 128);
	render_holiday(&j, NULL, &h);
	http_reply_json(call->res, 201, &j);
	snprintf(call->res->location, sizeof call->res->location,
		 "/api/v1/calendars/%lld/holidays/%s", (long long)call->ids[0], date);
out:
	json_decref(body);
	return rc;
}

ld_status http_holiday_delete(struct http_call *call, struct ld_err *err)
{
	int32_t date;
	ld_status rc;

	if ((rc = parse_date(call->key, "date", &date, err)) != LD_OK ||
	    (rc = app_holiday_delete(call->app, call->actor, call->ids[0], date, err)) != LD_OK)
		return rc;
	http_reply_empty(call->res, 204);
	return LD_OK;
}

/* ------------------------------------------------------------- policies --- */

/* Applies the body to `p`; `creating` makes "name" required. */
static ld_status parse_policy(const json_t *body, bool creating, struct store_sla_policy *p,
			      struct ld_err *err)
{
	ld_status rc;

	if ((rc = http_json_get_text(body, "name", creating ? HTTP_JSON_REQUIRED : 0, p->name,
				     LD_NAME_MAX, NULL, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "priority", HTTP_JSON_NULLABLE, ld_priority_parse,
				     &p->priority, NULL, err)) != LD_OK ||
	    (rc = http_json_get_enum(body, "category", HTTP_JSON_NULLABLE, ld_category_parse,
				     &p->category, NULL, err)) != LD_OK ||
	    (rc = http_json_get_int(body, "first_response_s", HTTP_JSON_NULLABLE, 1, INT64_MAX,
				    &p->first_response_s, NULL, err)) != LD_OK ||
	    (rc = http_json_get_int(body, "resolution_s", HTTP_JSON_NULLABLE, 1, INT64_MAX,
				    &p->resolution_s, NULL, err)) != LD_OK ||
	    (rc = http_json_get_id(body, "calendar_id", HTTP_JSON_NULLABLE, &p->calendar_id, NULL,
				   err)) != LD_OK ||
	    (rc = http_json_get_bool(body, "pause_on_pending", 0, &p->pause_on_pending, NULL,
				     err)) != LD_OK)
		return rc;
	return LD_OK;
}

ld_status http_sla_policy_create(struct http_call *call, struct ld_err *err)
{
	struct store_sla_policy p;
	json_t *body = NULL;
	ld_status rc;

	memset(&p, 0, sizeof p);
	p.priority = -1;
	p.category = -1;
	if ((rc = http_body_object(call, POLICY_FIELDS, &body, err)) != LD_OK ||
	    (rc = parse_policy(body, true, &p, err)) != LD_OK ||
	    (rc = app_sla_policy_create(call->app, call->actor, &p, err)) != LD_OK)
		goto out;
	reply_policy(call, 201, &p);
	http_set_location(call->res, "/api/v1/sla-policies", p.id);
out:
	json_decref(body);
	return rc;
}

ld_status http_sla_policy_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { NULL };
	struct store_sla_policy *rows = NULL;
	struct http_query q;
	struct http_json j;
	int n = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK)
		goto out;
	rows = xcalloc(APP_POLICIES_MAX, sizeof *rows);
	if ((rc = app_sla_policy_list(call->app, call->actor, rows, APP_POLICIES_MAX, &n, err)) !=
	    LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 200);
	for (int i = 0; i < n; i++)
		render_policy(&j, NULL, &rows[i]);
	http_page_end(&j, false, NULL);
	http_reply_json(call->res, 200, &j);
out:
	free(rows);
	return rc;
}

ld_status http_sla_policy_get(struct http_call *call, struct ld_err *err)
{
	struct store_sla_policy p;
	ld_status rc = app_sla_policy_get(call->app, call->actor, call->ids[0], &p, err);

	if (rc == LD_OK)
		reply_policy(call, 200, &p);
	return rc;
}

ld_status http_sla_policy_update(struct http_call *call, struct ld_err *err)
{
	struct store_sla_policy p;
	json_t *body = NULL;
	ld_status rc;

	if ((rc = http_body_object(call, POLICY_FIELDS, &body, err)) != LD_OK ||
	    (rc = app_sla_policy_get(call->app, call->actor, call->ids[0], &p, err)) != LD_OK ||
	    (rc = parse_policy(body, false, &p, err)) != LD_OK ||
	    (rc = app_sla_policy_update(call->app, call->actor, &p, err)) != LD_OK)
		goto out;
	reply_policy(call, 200, &p);
out:
	json_decref(body);
	return rc;
}

ld_status http_sla_policy_delete(struct http_call *call, struct ld_err *err)
{
	ld_status rc = app_sla_policy_delete(call->app, call->actor, call->ids[0], err);

	if (rc == LD_OK)
		http_reply_empty(call->res, 204);
	return rc;
}
