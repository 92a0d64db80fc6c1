/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * SLA glue: finds the policy and the business-hours calendar of a case,
 * starts, pauses and resumes its clock, and shows due times and remaining
 * business time. The arithmetic itself is core/sla.c.
 *
 * Policies and calendars change rarely and are read on every case read, so
 * each app context (one per thread) caches them for APP_SLA_TTL_S seconds;
 * a change takes effect everywhere within that time.
 */
#include "app/internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sla.h"
#include "core/validate.h"
#include "util/tz.h"

#define APP_SLA_TTL_S 30
#define APP_SLA_CALENDARS_MAX 16
#define APP_SLA_POLICIES_MAX 64
#define APP_SLA_HOLIDAYS_MAX 512
#define APP_SLA_TEAMS_MAX 64

struct cached_calendar {
	int64_t id;                            /* calendar id, 0 = slot free */
	struct tz *tz;                         /* ICU zone, owned */
	int32_t holidays[APP_SLA_HOLIDAYS_MAX]; /* yyyymmdd ascending */
	struct sla_calendar cal;               /* points into holidays[] and tz */
};

struct app_sla_cache {
	int64_t loaded_at;                                   /* monotonic s of the last load, 0 = stale */
	int n_policies;                                      /* entries in policies[] */
	struct store_sla_policy policies[APP_SLA_POLICIES_MAX]; /* all policies */
	int n_teams;                                         /* entries in team_calendar[] */
	int64_t team_calendar[APP_SLA_TEAMS_MAX][2];         /* {team id, its calendar id} */
	int n_calendars;                                     /* entries in calendars[] */
	struct cached_calendar calendars[APP_SLA_CALENDARS_MAX]; /* loaded on demand */
};

static void cache_clear(struct app_sla_cache *c)
{
	int i;

	for (i = 0; i < c->n_calendars; i++)
		tz_close(c->calendars[i].tz);
	memset(c, 0, sizeof *c);
}

void app_fini(struct app *app)
{
	if (app == NULL)
		return;
	app_auth_cache_free(app);
	app_rollup_free(app);
	if (app->sla == NULL)
		return;
	cache_clear(app->sla);
	free(app->sla);
	app->sla = NULL;
}

/* Freshness is measured on the machine's clock, not the app's (which tests,
 * imports and the demo loader pin to historical times). */
static int64_t monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static ld_status cache_get(struct app *app, struct app_sla_cache **out, struct ld_err *err)
{
	int64_t now = monotonic_s();
	ld_status rc;

	if (app->sla == NULL)
		app->sla = xcalloc(1, sizeof *app->sla);
	if (app->sla->loaded_at == 0 || now - app->sla->loaded_at >= APP_SLA_TTL_S ||
	    now < app->sla->loaded_at) {
		cache_clear(app->sla);
		rc = STORE_CALL(app->store, sla_policy_list, app->sla->policies, APP_SLA_POLICIES_MAX,
				&app->sla->n_policies, err);
		if (rc != LD_OK)
			return rc;
		if (app->sla->n_policies > APP_SLA_POLICIES_MAX)
			app->sla->n_policies = APP_SLA_POLICIES_MAX;
		app->sla->loaded_at = now;
	}
	*out = app->sla;
	return LD_OK;
}

void app_sla_cache_invalidate(struct app *app)
{
	if (app->sla != NULL)
		app->sla->loaded_at = 0;
}

/* The always-open calendar of cases without one. */
static const struct sla_calendar always_open;

static ld_status load_calendar(struct app *app, struct app_sla_cache *cache, int64_t id,
			       const struct sla_calendar **out, struct ld_err *err)
{
	struct store_calendar row;
	struct cached_calendar *slot;
	int i, n = 0;
	ld_status rc;

	if (id == 0) {
		*out = &always_open;
		return LD_OK;
	}
	for (i = 0; i < cache->n_calendars; i++) {
		if (cache->calendars[i].id == id) {
			*out = &cache->calendars[i].cal;
			return LD_OK;
		}
	}
	if (cache->n_calendars == APP_SLA_CALENDARS_MAX) {
		cache_clear(cache);
		cache->loaded_at = 0;
		return ld_fail(err, LD_ERR_RETRY, "sla_cache_full", NULL,
			       "too many calendars at once; try again");
	}
	rc = STORE_CALL(app->store, calendar_get, id, &row, err);
	if (rc != LD_OK)
		return rc;
	slot = &cache->calendars[cache->n_calendars];
	memset(slot, 0, sizeof *slot);
	if ((rc = sla_week_parse(row.hours, &slot->cal.week, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, holiday_list, id, slot->holidays, APP_SLA_HOLIDAYS_MAX, &n, err);
	if (rc != LD_OK)
		return rc;
	if ((rc = tz_open(row.tz[0] ? row.tz : app->cfg.default_tz, &slot->tz, err)) != LD_OK)
		return rc;
	slot->id = id;
	slot->cal.holidays = slot->holidays;
	slot->cal.holidays_len = (size_t)(n < APP_SLA_HOLIDAYS_MAX ? n : APP_SLA_HOLIDAYS_MAX);
	slot->cal.tz = tz_as_sla(slot->tz);
	cache->n_calendars++;
	*out = &slot->cal;
	return LD_OK;
}

/* The calendar of a team (0 = none), remembered with the policies. */
static ld_status team_calendar(struct app *app, struct app_sla_cache *cache, int64_t team_id,
			       int64_t *out, struct ld_err *err)
{
	struct ld_team t;
	ld_status rc;

	for (int i = 0; i < cache->n_teams; i++) {
		if (cache->team_calendar[i][0] == team_id) {
			*out = cache->team_calendar[i][1];
			return LD_OK;
		}
	}
	rc = STORE_CALL(app->store, team_get, team_id, &t, err);
	if (rc == LD_ERR_NOT_FOUND) {
		*out = 0;
		return LD_OK;
	}
	if (rc != LD_OK)
		return rc;
	*out = t.calendar_id;
	if (cache->n_teams < APP_SLA_TEAMS_MAX) {
		cache->team_calendar[cache->n_teams][0] = team_id;
		cache->team_calendar[cache->n_teams][1] = t.calendar_id;
		cache->n_teams++;
	}
	return LD_OK;
}

/* Policy and calendar of a case; *policy NULL when the case has no SLA. */
static ld_status case_terms(struct app *app, const struct ld_case *c, int64_t policy_id,
			    struct sla_policy *policy_out, const struct sla_policy **policy,
			    const struct sla_calendar **cal, struct ld_err *err)
{
	const struct store_sla_policy *best = NULL;
	struct app_sla_cache *cache;
	int64_t cal_id = 0;
	int i, best_rank = -1;
	ld_status rc;

	*policy = NULL;
	*cal = &always_open;
	if ((rc = cache_get(app, &cache, err)) != LD_OK)
		return rc;
	for (i = 0; i < cache->n_policies; i++) {
		const struct store_sla_policy *p = &cache->policies[i];
		int rank;
		if (policy_id != 0) {
			if (p->id == policy_id) {
				best = p;
				break;
			}
			continue;
		}
		/* Most specific wins: both > priority > category > any. */
		if ((p->priority != -1 && p->priority != c->priority) ||
		    (p->category != -1 && p->category != c->category))
			continue;
		rank = (p->priority != -1 ? 2 : 0) + (p->category != -1 ? 1 : 0);
		if (rank > best_rank) {
			best = p;
			best_rank = rank;
		}
	}
	if (best == NULL)
		return LD_OK;
	policy_out->id = best->id;
	policy_out->first_response_s = best->first_response_s;
	policy_out->resolution_s = best->resolution_s;
	policy_out->pause_on_pending = best->pause_on_pending;
	*policy = policy_out;
	cal_id = best->calendar_id;
	if (cal_id == 0 && c->team_id != 0) {
		if ((rc = team_calendar(app, cache, c->team_id, &cal_id, err)) != LD_OK)
			return rc;
	}
	return load_calendar(app, cache, cal_id, cal, err);
}

ld_status app_sla_start(struct app *app, struct ld_case *c, int64_t at, struct ld_err *err)
{
	const struct sla_policy *policy;
	const struct sla_calendar *cal;
	struct sla_policy pol;
	ld_status rc;

	if ((rc = case_terms(app, c, 0, &pol, &policy, &cal, err)) != LD_OK)
		return rc;
	sla_start(policy, cal, at, &c->sla);
	sla_check(&c->sla, c->first_response_at, c->resolved_at, at);
	return LD_OK;
}

ld_status app_sla_on_status(struct app *app, struct ld_case *c, int old_status, int new_status,
			    int64_t at, struct ld_err *err)
{
	const struct sla_policy *policy;
	const struct sla_calendar *cal;
	struct sla_policy pol;
	ld_status rc;

	if (c->sla.policy_id == 0)
		return LD_OK;
	if ((rc = case_terms(app, c, c->sla.policy_id, &pol, &policy, &cal, err)) != LD_OK)
		return rc;
	if (new_status == LD_ST_PENDING && old_status != LD_ST_PENDING)
		sla_pause(policy, &c->sla, at);
	else if (old_status == LD_ST_PENDING && new_status != LD_ST_PENDING)
		sla_resume(cal, &c->sla, at, c->first_response_at != 0);
	sla_check(&c->sla, c->first_response_at, c->resolved_at, at);
	return LD_OK;
}

ld_status app_sla_on_first_response(struct app *app, struct ld_case *c, int64_t at,
				    struct ld_err *err)
{
	(void)app;
	(void)err;
	sla_check(&c->sla, c->first_response_at, c->resolved_at, at);
	return LD_OK;
}

ld_status app_sla_view(struct app *app, const struct ld_case *c, struct app_sla_view *out,
		       struct ld_err *err)
{
	const struct sla_policy *policy;
	const struct sla_calendar *cal;
	struct sla_policy pol;
	struct ld_case_sla s = c->sla;
	int64_t now = app_now(app);
	ld_status rc;

	memset(out, 0, sizeof *out);
	out->first_response_due = s.first_response_due == SLA_NEVER ? 0 : s.first_response_due;
	out->resolution_due = s.resolution_due == SLA_NEVER ? 0 : s.resolution_due;
	out->paused = s.paused_at != 0;
	if (s.policy_id == 0)
		return LD_OK;
	sla_check(&s, c->first_response_at, c->resolved_at, now);
	out->first_response_breached = s.first_response_breached;
	out->resolution_breached = s.resolution_breached;
	if ((rc = case_terms(app, c, s.policy_id, &pol, &policy, &cal, err)) != LD_OK)
		return rc;
	if (c->first_response_at == 0 && s.first_response_due != 0 &&
	    s.first_response_due != SLA_NEVER)
		out->first_response_remaining_s =
			sla_case_remaining(cal, &s, SLA_FIRST_RESPONSE, now);
	if (c->resolved_at == 0 && s.resolution_due != 0 && s.resolution_due != SLA_NEVER)
		out->resolution_remaining_s = sla_case_remaining(cal, &s, SLA_RESOLUTION, now);
	return LD_OK;
}

/* ----------------------------------------------------- configuration --- */

ld_status app_calendar_create(struct app *app, const struct app_actor *actor,
			      struct store_calendar *c, struct ld_err *err)
{
	struct sla_week week;
	struct tz *tz = NULL;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = validate_text("name", c->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if ((rc = sla_week_parse(c->hours, &week, err)) != LD_OK)
		return rc;
	sla_week_format(&week, c->hours, sizeof c->hours);
	if ((rc = tz_open(c->tz, &tz, err)) != LD_OK)
		return rc;
	tz_close(tz);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, calendar_insert, c, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "calendar.create", "calendar", c->id, NULL, err);
	app_sla_cache_invalidate(app);
	return app_tx_end(app, rc, err);
}

ld_status app_holiday_add(struct app *app, const struct app_actor *actor, int64_t calendar_id,
			  int32_t date, const char *name, struct ld_err *err)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "date",
			       "a holiday is a date yyyymmdd");
	if (name != NULL && (rc = validate_text("name", name, LD_NAME_MAX, false, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, holiday_add, calendar_id, date, name, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "holiday.create", "calendar", calendar_id, NULL, err);
	app_sla_cache_invalidate(app);
	return app_tx_end(app, rc, err);
}

ld_status app_sla_policy_create(struct app *app, const struct app_actor *actor,
				struct store_sla_policy *p, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = validate_text("name", p->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if (p->priority < -1 || p->priority >= LD_PRIO_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "priority", "unknown priority");
	if (p->category < -1 || p->category >= LD_CAT_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "category", "unknown category");
	if (p->first_response_s < 0 || p->resolution_s < 0 ||
	    p->first_response_s > 366 * 86400 || p->resolution_s > 3 * 366 * 86400)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "resolution_s",
			       "targets are business seconds, 0 (none) up to a year");
	if (p->calendar_id != 0) {
		struct store_calendar cal;
		rc = STORE_CALL(app->store, calendar_get, p->calendar_id, &cal, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "calendar_not_found", "calendar_id",
				       "no calendar %lld", (long long)p->calendar_id);
		if (rc != LD_OK)
			return rc;
	}
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, sla_policy_insert, p, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "sla_policy.create", "sla_policy", p->id, NULL, err);
	app_sla_cache_invalidate(app);
	return app_tx_end(app, rc, err);
}

ld_status app_sla_policy_list(struct app *app, const struct app_actor *actor,
			      struct store_sla_policy *out, int cap, int *n, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, sla_policy_list, out, cap, n, err);
}
