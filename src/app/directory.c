/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The directory: organisations, customers, teams and facilities — who the
 * desk serves, who works in it, and where customers come face to face.
 */
#include "app/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/sla.h"
#include "core/validate.h"
#include "util/tz.h"

/* Maps a store NOT_FOUND to the entity's own error code. */
static ld_status not_found(ld_status rc, struct ld_err *err, const char *code, const char *what,
			   int64_t id)
{
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, code, NULL, "no %s %lld", what, (long long)id);
	return rc;
}

/* Runs one store write plus its audit record as a transaction. */
#define APP_WRITE(app, actor, call, action, kind, id_expr, err)                            \
	do {                                                                               \
		ld_status wrc_ = app_tx_begin((app), (err));                                 \
		if (wrc_ != LD_OK)                                                          \
			return wrc_;                                                        \
		wrc_ = (call);                                                              \
		if (wrc_ == LD_OK)                                                          \
			wrc_ = app_audit((app), (actor), (action), (kind), (id_expr), NULL, (err)); \
		return app_tx_end((app), wrc_, (err));                                        \
	} while (0)

/* ---------------------------------------------------------------- orgs --- */

ld_status app_org_create(struct app *app, const struct app_actor *actor, struct ld_org *o,
			 struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = validate_text("name", o->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if (o->created_at == 0)
		o->created_at = app_now(app);
	APP_WRITE(app, actor, STORE_CALL(app->store, org_insert, o, err), "organization.create",
		  "organization", o->id, err);
}

ld_status app_org_get(struct app *app, const struct app_actor *actor, int64_t id,
		      struct ld_org *out, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	return not_found(STORE_CALL(app->store, org_get, id, out, err), err,
			 "organization_not_found", "organization", id);
}

ld_status app_org_update(struct app *app, const struct app_actor *actor, const struct ld_org *o,
			 struct ld_err *err)
{
	struct ld_org before;
	ld_status rc;

	if ((rc = app_org_get(app, actor, o->id, &before, err)) != LD_OK)
		return rc;
	if ((rc = validate_text("name", o->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	APP_WRITE(app, actor, STORE_CALL(app->store, org_update, o, err), "organization.update",
		  "organization", o->id, err);
}

ld_status app_org_list(struct app *app, const struct app_actor *actor, int64_t after_id,
		       int limit, struct ld_org *out, int *n, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, org_list, after_id, limit, out, n, err);
}

/* ----------------------------------------------------------- customers --- */

/* Validates and normalises a customer's editable fields. */
static ld_status check_customer(struct app *app, struct ld_customer *c, struct ld_err *err)
{
	ld_status rc;
	char *p;

	if ((rc = validate_text("name", c->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if (c->email[0] != '\0') {
		if ((rc = validate_email("email", c->email, err)) != LD_OK)
			return rc;
		for (p = c->email; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	if (c->phone[0] != '\0' && (rc = validate_phone("phone", c->phone, err)) != LD_OK)
		return rc;
	if (c->language[0] == '\0')
		strcpy(c->language, "en");
	if ((rc = validate_language("language", c->language, err)) != LD_OK)
		return rc;
	if (c->preferred_channel < -1 || c->preferred_channel >= LD_CH_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "preferred_channel",
			       "unknown channel");
	if (c->notes != NULL &&
	    (rc = validate_text("notes", c->notes, LD_NOTES_MAX, false, err)) != LD_OK)
		return rc;
	if (c->org_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "org_id", "ids are positive");
	if (c->org_id != 0) {
		struct ld_org o;
		rc = STORE_CALL(app->store, org_get, c->org_id, &o, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "organization_not_found", "org_id",
				       "no organization %lld", (long long)c->org_id);
		if (rc != LD_OK)
			return rc;
	}
	return LD_OK;
}

/* A new customer starts in the split and loyalty cells of "nothing yet". */
static ld_status customer_insert(struct app *app, struct ld_customer *c, struct ld_err *err)
{
	ld_status rc = STORE_CALL(app->store, customer_insert, c, err);

	if (rc == LD_OK)
		app_rollup_customer_new(app, c->id);
	return rc;
}

ld_status app_customer_create(struct app *app, const struct app_actor *actor,
			      struct ld_customer *c, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_customer(app, c, err)) != LD_OK)
		return rc;
	if (c->created_at == 0)
		c->created_at = app_now(app);
	c->updated_at = c->created_at;
	APP_WRITE(app, actor, customer_insert(app, c, err), "customer.create", "customer", c->id,
		  err);
}

/*
 * What a customer account may see of a customer record: everything but the
 * desk's own notes about it. Every record the app hands out passes here, so
 * no adapter has to know which fields are staff-only.
 */
static void customer_view_for(const struct app_actor *actor, struct ld_customer *c)
{
	if (app_is_staff(actor))
		return;
	free(c->notes);
	c->notes = NULL;
}

ld_status app_customer_create_many(struct app *app, const struct app_actor *actor,
				   struct ld_customer *cs, size_t n, struct ld_err *err)
{
	ld_status rc;
	size_t i;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = check_customer(app, &cs[i], err)) != LD_OK)
			return rc;
		if (cs[i].created_at == 0)
			cs[i].created_at = app_now(app);
		cs[i].updated_at = cs[i].created_at;
	}
	/* One savepoint for all: each one flushes the search index's pending
	 * terms to a segment of its own (FTS5), which cost more than the rows. */
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	for (i = 0; i < n && rc == LD_OK; i++)
		rc = customer_insert(app, &cs[i], err);
	/* One record for the lot: the ids run from the first to the last. */
	if (rc == LD_OK && n > 0) {
		char detail[96];
		snprintf(detail, sizeof detail, "{\"count\":%zu,\"first_id\":%lld,\"last_id\":%lld}", n,
			 (long long)cs[0].id, (long long)cs[n - 1].id);
		rc = app_audit(app, actor, "customer.create_many", "customer", cs[0].id, detail,
			       err);
	}
	return app_tx_end(app, rc, err);
}

ld_status app_customer_get(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_customer *out, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_customer_access(actor, id, err)) != LD_OK)
		return rc;
	rc = not_found(STORE_CALL(app->store, customer_get, id, out, err), err,
		       "customer_not_found", "customer", id);
	if (rc == LD_OK)
		customer_view_for(actor, out);
	return rc;
}

ld_status app_customer_find_email(struct app *app, const struct app_actor *actor,
				  const char *email, struct ld_customer *out, struct ld_err *err)
{
	char key[LD_EMAIL_MAX + 1];
	ld_status rc;
	char *p;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (email == NULL || strlen(email) > LD_EMAIL_MAX)
		return ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", "email",
			       "no customer with that e-mail");
	snprintf(key, sizeof key, "%s", email);
	for (p = key; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	rc = STORE_CALL(app->store, customer_find_email, key, out, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", "email",
			       "no customer with e-mail %s", key);
	return rc;
}

ld_status app_customer_find_or_create(struct app *app, const struct app_actor *actor,
				      struct ld_customer *fresh, struct ld_customer *out,
				      bool *created, struct ld_err *err)
{
	struct ld_customer found = { 0 };
	ld_status rc = app_customer_find_email(app, actor, fresh->email, &found, err);

	*created = false;
	if (rc != LD_ERR_NOT_FOUND) {
		if (rc == LD_OK && out == fresh)
			ld_customer_clear(fresh);
		if (rc == LD_OK)
			*out = found;
		return rc;
	}
	if ((rc = app_customer_create(app, actor, fresh, err)) != LD_OK)
		return rc;
	if (out != fresh)
		*out = *fresh;
	*created = true;
	return LD_OK;
}

ld_status app_customer_update(struct app *app, const struct app_actor *actor,
			      const struct ld_customer *c, struct ld_err *err)
{
	struct ld_customer before = {0}, next = *c;
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	rc = app_customer_get(app, actor, c->id, &before, err);
	next.created_at = before.created_at;
	next.erased_at = before.erased_at;
	ld_customer_clear(&before);
	if (rc != LD_OK)
		return rc;
	/* An erased record stays erased: nothing personal is written to it again. */
	if (next.erased_at != 0)
		return ld_fail(err, LD_ERR_CONFLICT, "customer_erased", NULL,
			       "customer %lld was erased", (long long)next.id);
	if ((rc = check_customer(app, &next, err)) != LD_OK)
		return rc;
	next.updated_at = app_now(app);
	APP_WRITE(app, actor, STORE_CALL(app->store, customer_update, &next, err),
		  "customer.update", "customer", next.id, err);
}

ld_status app_customer_list(struct app *app, const struct app_actor *actor,
			    const struct store_customer_query *q, struct ld_customer *out, int *n,
			    struct ld_err *err)
{
	struct store_customer_query query = *q;
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_check_limit(&query.limit, err)) != LD_OK)
		return rc;
	if (query.q != NULL &&
	    (rc = validate_text("q", query.q, LD_NAME_MAX, false, err)) != LD_OK)
		return rc;
	if ((rc = STORE_CALL(app->store, customer_list, &query, out, n, err)) != LD_OK)
		return rc;
	for (int i = 0; i < *n; i++)
		customer_view_for(actor, &out[i]);
	return LD_OK;
}

/* --------------------------------------------------------------- teams --- */

static ld_status check_team(struct app *app, const struct ld_team *t, struct ld_err *err)
{
	ld_status rc;

	if ((rc = validate_text("name", t->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if (t->kind < 0 || t->kind >= LD_TEAM_KIND_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			       "kind must be department or queue");
	if (t->calendar_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "calendar_id", "ids are positive");
	if (t->calendar_id != 0) {
		struct store_calendar cal;
		rc = STORE_CALL(app->store, calendar_get, t->calendar_id, &cal, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "calendar_not_found", "calendar_id",
				       "no calendar %lld", (long long)t->calendar_id);
		return rc;
	}
	return LD_OK;
}

ld_status app_team_create(struct app *app, const struct app_actor *actor, struct ld_team *t,
			  struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_team(app, t, err)) != LD_OK)
		return rc;
	if (t->created_at == 0)
		t->created_at = app_now(app);
	APP_WRITE(app, actor, STORE_CALL(app->store, team_insert, t, err), "team.create", "team",
		  t->id, err);
}

ld_status app_team_get(struct app *app, const struct app_actor *actor, int64_t id,
		       struct ld_team *out, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	return not_found(STORE_CALL(app->store, team_get, id, out, err), err, "team_not_found",
			 "team", id);
}

ld_status app_team_update(struct app *app, const struct app_actor *actor, const struct ld_team *t,
			  struct ld_err *err)
{
	struct ld_team before;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_team_get(app, actor, t->id, &before, err)) != LD_OK)
		return rc;
	if ((rc = check_team(app, t, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, team_update, t, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "team.update", "team", t->id, NULL, err);
	rc = app_tx_end(app, rc, err);
	app_sla_cache_invalidate(app); /* the team's calendar may have changed */
	return rc;
}

ld_status app_team_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			int limit, struct ld_team *out, int *n, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, team_list, after_id, limit, out, n, err);
}

/* ---------------------------------------------------------- facilities --- */

/*
 * A facility's opening hours are read by the business-hours calendar
 * (core/sla.h grammar, "mon-fri 08:00-18:00; sat 09:00-12:00") and its zone
 * by the zone database (util/tz.c), so both are checked by the code that will
 * read them: "mon-fri 25:00-99:00" is 400 invalid_hours naming "hours",
 * "Mars/Olympus" 400 invalid_time_zone naming "tz". Empty means not given.
 */
static ld_status check_facility(const struct ld_facility *f, struct ld_err *err)
{
	struct sla_week week;
	struct tz *tz = NULL;
	ld_status rc;

	if ((rc = validate_text("name", f->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if ((rc = validate_text("address", f->address, LD_ADDRESS_MAX, false, err)) != LD_OK)
		return rc;
	if ((rc = validate_text("hours", f->hours, LD_HOURS_MAX, false, err)) != LD_OK)
		return rc;
	if (f->hours[0] != '\0' && (rc = sla_week_parse(f->hours, &week, err)) != LD_OK)
		return rc;
	if (f->tz[0] != '\0' && (rc = validate_iana_tz_name("tz", f->tz, err)) != LD_OK)
		return rc;
	if (f->tz[0] != '\0' && (rc = tz_open(f->tz, &tz, err)) != LD_OK)
		return rc;
	tz_close(tz);
	return LD_OK;
}

ld_status app_facility_create(struct app *app, const struct app_actor *actor,
			      struct ld_facility *f, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_facility(f, err)) != LD_OK)
		return rc;
	if (f->created_at == 0)
		f->created_at = app_now(app);
	APP_WRITE(app, actor, STORE_CALL(app->store, facility_insert, f, err), "facility.create",
		  "facility", f->id, err);
}

ld_status app_facility_get(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_facility *out, struct ld_err *err)
{
	(void)actor; /* branches are public: customers may see where to go */
	return not_found(STORE_CALL(app->store, facility_get, id, out, err), err,
			 "facility_not_found", "facility", id);
}

ld_status app_facility_update(struct app *app, const struct app_actor *actor,
			      const struct ld_facility *f, struct ld_err *err)
{
	struct ld_facility before;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_facility_get(app, actor, f->id, &before, err)) != LD_OK)
		return rc;
	if ((rc = check_facility(f, err)) != LD_OK)
		return rc;
	APP_WRITE(app, actor, STORE_CALL(app->store, facility_update, f, err), "facility.update",
		  "facility", f->id, err);
}

ld_status app_facility_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			    int limit, struct ld_facility *out, int *n, struct ld_err *err)
{
	ld_status rc;

	(void)actor; /* branches are public, as app_facility_get() */
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, facility_list, after_id, limit, out, n, err);
}
