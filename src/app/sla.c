/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * SLA glue: finds the policy and the business-hours calendar of a case,
 * starts, pauses and resumes its clock, and shows due times and remaining
 * business time. The arithmetic itself is core/sla.c.
 *
 * Policies and calendars change rarely and are read on every case read, so
 * each app context (one per thread) caches them. Who sees a change when:
 *  - the thread that made it: at once (its cache is emptied);
 *  - every other thread of the same process: at its next SLA read, because
 *    each change also bumps a process-wide generation counter and a cache
 *    loaded under an older generation is reloaded. The counter is read
 *    before the store is and bumped when the change's transaction has ended,
 *    so no cache is stamped newer than what it holds (inside a batch, such
 *    as the demo loader's, other threads may keep the old terms until the
 *    batch commits and their cache expires);
 *  - other processes on the same database (a second `serve`, the CLI while
 *    `serve` runs): within APP_SLA_TTL_S seconds, when their caches expire.
 *
 * A case keeps the policy it started under: its policy id and due times are
 * stored with it (struct ld_case_sla) when the clock starts, so changing a
 * policy's targets re-targets no existing case — only cases whose clock
 * starts afterwards, or restarts because their own priority or category
 * changed. The calendar and pause rule in force are read at each pause,
 * resume and remaining-time view. A policy some case names cannot be
 * deleted.
 */
#include "app/internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sla.h"
#include "core/validate.h"
#include "util/tz.h"

#define APP_SLA_TTL_S 30
#define APP_SLA_CALENDARS_MAX 16
#define APP_SLA_POLICIES_MAX APP_POLICIES_MAX
#define APP_SLA_HOLIDAYS_MAX APP_HOLIDAYS_MAX
#define APP_SLA_TEAMS_MAX 64

/* Holidays are real dates of these years (the schema's range, narrowed to
 * the years a case can be opened in). */
#define APP_HOLIDAY_YEAR_MIN 1970
#define APP_HOLIDAY_YEAR_MAX 2999

/* Longest targets: a year to the first response, three to resolution. */
#define APP_SLA_FIRST_RESPONSE_MAX_S (366 * 86400)
#define APP_SLA_RESOLUTION_MAX_S (3 * 366 * 86400)

/* Bumped after every change of SLA configuration made in this process. */
static atomic_uint_fast64_t app_sla_generation = 1;

struct cached_calendar {
	int64_t id;                            /* calendar id, 0 = slot free */
	struct tz *tz;                         /* ICU zone, owned */
	int32_t holidays[APP_SLA_HOLIDAYS_MAX]; /* yyyymmdd ascending */
	struct sla_calendar cal;               /* points into holidays[] and tz */
};

struct app_sla_cache {
	int64_t loaded_at;                                   /* monotonic s of the last load, 0 = stale */
	uint_fast64_t generation;                            /* app_sla_generation read before it */
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
	free(app->case_seen);
	app->case_seen = NULL;
	if (app->work != NULL) {
		free(app->work->its);
		free(app->work);
		app->work = NULL;
	}
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
	uint_fast64_t gen = atomic_load(&app_sla_generation);
	ld_status rc;

	if (app->sla == NULL)
		app->sla = xcalloc(1, sizeof *app->sla);
	if (app->sla->loaded_at == 0 || app->sla->generation != gen ||
	    now - app->sla->loaded_at >= APP_SLA_TTL_S || now < app->sla->loaded_at) {
		cache_clear(app->sla);
		app->sla->generation = gen;
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
	atomic_fetch_add(&app_sla_generation, 1);
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
		/* Evict the calendars (not the policies): no caller holds one
		 * across calls, so a desk with many calendars costs reloads, not
		 * failed requests. */
		for (i = 0; i < cache->n_calendars; i++)
			tz_close(cache->calendars[i].tz);
		memset(cache->calendars, 0, sizeof cache->calendars);
		cache->n_calendars = 0;
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
/*
 * Calendars, holidays and policies: managers and admins write them, every
 * staff account reads them (agents see what their cases are promised).
 * Each write validates everything before touching the store, runs with its
 * audit record in one transaction, and invalidates the SLA caches once it
 * has committed (see the head of this file).
 */

/* Commits (or undoes) a configuration write, then lets every cache know. */
static ld_status config_end(struct app *app, ld_status rc, struct ld_err *err)
{
	rc = app_tx_end(app, rc, err);
	app_sla_cache_invalidate(app);
	return rc;
}

/* Validates a calendar and writes its hours in canonical form. */
static ld_status check_calendar(struct store_calendar *c, struct ld_err *err)
{
	struct sla_week week;
	struct tz *tz = NULL;
	ld_status rc;

	if ((rc = validate_text("name", c->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if ((rc = sla_week_parse(c->hours, &week, err)) != LD_OK)
		return rc;
	sla_week_format(&week, c->hours, sizeof c->hours);
	if ((rc = tz_open(c->tz, &tz, err)) != LD_OK)
		return rc;
	tz_close(tz);
	return LD_OK;
}

/* The calendar `id`, with "calendar_not_found" for a missing one. */
static ld_status calendar_load(struct app *app, int64_t id, struct store_calendar *out,
			       struct ld_err *err)
{
	ld_status rc;

	if (id <= 0)
		return ld_fail(err, LD_ERR_NOT_FOUND, "calendar_not_found", NULL, "no calendar %lld",
			       (long long)id);
	rc = STORE_CALL(app->store, calendar_get, id, out, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "calendar_not_found", NULL, "no calendar %lld",
			       (long long)id);
	return rc;
}

ld_status app_calendar_create(struct app *app, const struct app_actor *actor,
			      struct store_calendar *c, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_calendar(c, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, calendar_insert, c, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "calendar.create", "calendar", c->id, NULL, err);
	return config_end(app, rc, err);
}

ld_status app_calendar_get(struct app *app, const struct app_actor *actor, int64_t id,
			   struct store_calendar *out, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	return calendar_load(app, id, out, err);
}

ld_status app_calendar_update(struct app *app, const struct app_actor *actor,
			      struct store_calendar *c, struct ld_err *err)
{
	struct store_calendar before;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = calendar_load(app, c->id, &before, err)) != LD_OK)
		return rc;
	if ((rc = check_calendar(c, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, calendar_update, c, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "calendar.update", "calendar", c->id, NULL, err);
	return config_end(app, rc, err);
}

ld_status app_calendar_list(struct app *app, const struct app_actor *actor, int64_t after_id,
			    int limit, struct store_calendar *out, int *n, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, calendar_list, after_id, limit, out, n, err);
}

/* A holiday is a real date yyyymmdd of the years a calendar may hold. */
static ld_status check_holiday_date(int32_t date, struct ld_err *err)
{
	struct sla_calendar one;
	int year = date / 10000;

	memset(&one, 0, sizeof one);
	one.holidays = &date;
	one.holidays_len = 1;
	if (year < APP_HOLIDAY_YEAR_MIN || year > APP_HOLIDAY_YEAR_MAX ||
	    sla_calendar_check(&one, NULL) != LD_OK)
		return ld_fail(err, LD_ERR_INVALID, "invalid_date", "date",
			       "a holiday is a real date from %d-01-01 to %d-12-31",
			       APP_HOLIDAY_YEAR_MIN, APP_HOLIDAY_YEAR_MAX);
	return LD_OK;
}

ld_status app_holiday_add(struct app *app, const struct app_actor *actor, int64_t calendar_id,
			  int32_t date, const char *name, struct ld_err *err)
{
	struct store_calendar cal;
	int32_t dates[APP_HOLIDAYS_MAX + 1];
	int n = 0;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_holiday_date(date, err)) != LD_OK)
		return rc;
	if (name != NULL && (rc = validate_text("name", name, LD_NAME_MAX, false, err)) != LD_OK)
		return rc;
	if ((rc = calendar_load(app, calendar_id, &cal, err)) != LD_OK)
		return rc;
	/* The SLA cache holds APP_HOLIDAYS_MAX per calendar: more would be
	 * silently ignored by the clock, so they are refused here. */
	rc = STORE_CALL(app->store, holiday_list, calendar_id, dates, APP_HOLIDAYS_MAX + 1, &n, err);
	if (rc != LD_OK)
		return rc;
	if (n >= APP_HOLIDAYS_MAX)
		return ld_fail(err, LD_ERR_CONFLICT, "too_many_holidays", "date",
			       "a calendar holds at most %d holidays; remove past ones first",
			       APP_HOLIDAYS_MAX);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, holiday_add, calendar_id, date, name, err);
	if (rc == LD_OK) {
		char detail[32];
		snprintf(detail, sizeof detail, "{\"date\":%d}", (int)date);
		rc = app_audit(app, actor, "holiday.create", "calendar", calendar_id, detail, err);
	}
	return config_end(app, rc, err);
}

ld_status app_holiday_list(struct app *app, const struct app_actor *actor, int64_t calendar_id,
			   struct store_holiday *out, int cap, int *n, struct ld_err *err)
{
	struct store_calendar cal;
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = calendar_load(app, calendar_id, &cal, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, holiday_page, calendar_id, 0, cap, out, n, err);
}

ld_status app_holiday_delete(struct app *app, const struct app_actor *actor, int64_t calendar_id,
			     int32_t date, struct ld_err *err)
{
	struct store_calendar cal;
	char detail[32];
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_holiday_date(date, err)) != LD_OK)
		return rc;
	if ((rc = calendar_load(app, calendar_id, &cal, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, holiday_delete, calendar_id, date, err);
	snprintf(detail, sizeof detail, "{\"date\":%d}", (int)date);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "holiday.delete", "calendar", calendar_id, detail, err);
	return config_end(app, rc, err);
}

/* Validates a policy: enums, targets (0 = none, else positive and bounded),
 * and its calendar (0 = the case team's). */
static ld_status check_policy(struct app *app, const struct store_sla_policy *p,
			      struct ld_err *err)
{
	ld_status rc;

	if ((rc = validate_text("name", p->name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if (p->priority < -1 || p->priority >= LD_PRIO_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "priority", "unknown priority");
	if (p->category < -1 || p->category >= LD_CAT_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "category", "unknown category");
	if (p->first_response_s < 0 || p->first_response_s > APP_SLA_FIRST_RESPONSE_MAX_S)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "first_response_s",
			       "the first-response target is positive business seconds, at most "
			       "a year (none to have no target)");
	if (p->resolution_s < 0 || p->resolution_s > APP_SLA_RESOLUTION_MAX_S)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "resolution_s",
			       "the resolution target is positive business seconds, at most "
			       "three years (none to have no target)");
	if (p->calendar_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "calendar_id", "ids are positive");
	if (p->calendar_id != 0) {
		struct store_calendar cal;
		rc = STORE_CALL(app->store, calendar_get, p->calendar_id, &cal, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "calendar_not_found", "calendar_id",
				       "no calendar %lld", (long long)p->calendar_id);
		if (rc != LD_OK)
			return rc;
	}
	return LD_OK;
}

/* The policy `id`, with "sla_policy_not_found" for a missing one. */
static ld_status policy_load(struct app *app, int64_t id, struct store_sla_policy *out,
			     struct ld_err *err)
{
	ld_status rc;

	if (id <= 0)
		return ld_fail(err, LD_ERR_NOT_FOUND, "sla_policy_not_found", NULL,
			       "no SLA policy %lld", (long long)id);
	rc = STORE_CALL(app->store, sla_policy_get, id, out, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "sla_policy_not_found", NULL,
			       "no SLA policy %lld", (long long)id);
	return rc;
}

ld_status app_sla_policy_create(struct app *app, const struct app_actor *actor,
				struct store_sla_policy *p, struct ld_err *err)
{
	struct store_sla_policy *all = NULL;
	int n = 0;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = check_policy(app, p, err)) != LD_OK)
		return rc;
	/* Cases are matched against the cached policies: at most APP_POLICIES_MAX. */
	all = calloc(APP_POLICIES_MAX + 1, sizeof *all);
	if (all == NULL)
		abort();
	rc = STORE_CALL(app->store, sla_policy_list, all, APP_POLICIES_MAX + 1, &n, err);
	free(all);
	if (rc != LD_OK)
		return rc;
	if (n >= APP_POLICIES_MAX)
		return ld_fail(err, LD_ERR_CONFLICT, "too_many_policies", NULL,
			       "a desk has at most %d SLA policies", APP_POLICIES_MAX);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, sla_policy_insert, p, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "sla_policy.create", "sla_policy", p->id, NULL, err);
	return config_end(app, rc, err);
}

ld_status app_sla_policy_get(struct app *app, const struct app_actor *actor, int64_t id,
			     struct store_sla_policy *out, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	return policy_load(app, id, out, err);
}

ld_status app_sla_policy_update(struct app *app, const struct app_actor *actor,
				const struct store_sla_policy *p, struct ld_err *err)
{
	struct store_sla_policy before;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = policy_load(app, p->id, &before, err)) != LD_OK)
		return rc;
	if ((rc = check_policy(app, p, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, sla_policy_update, p, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "sla_policy.update", "sla_policy", p->id, NULL, err);
	return config_end(app, rc, err);
}

ld_status app_sla_policy_delete(struct app *app, const struct app_actor *actor, int64_t id,
				struct ld_err *err)
{
	struct store_sla_policy before;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = policy_load(app, id, &before, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, sla_policy_delete, id, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "sla_policy.delete", "sla_policy", id, NULL, err);
	return config_end(app, rc, err);
}

ld_status app_sla_policy_list(struct app *app, const struct app_actor *actor,
			      struct store_sla_policy *out, int cap, int *n, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, sla_policy_list, out, cap, n, err);
}
