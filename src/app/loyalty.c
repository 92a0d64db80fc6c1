/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The loyalty model, risk list and renewal outreach (contracts and the
 * model's description in app/loyalty.h).
 *
 * Everything here starts from the store's cells — customers counted by
 * (feature vector, renewal outcome) — so a fit costs the number of distinct
 * vectors, not the number of customers. Ranking customers by risk is then a
 * ranking of vectors: the customers of the riskiest vector first, read
 * through the index on the vector, then the next vector's, and so on.
 */
#include "app/loyalty.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/reports.h"
#include "util/time.h"

/* Ridge penalty on the standardised slopes (see loyalty.h). */
#define LOYALTY_LAMBDA 1.0
/* Most CES answers the calibration reads (newest first). */
#define CALIBRATION_ROWS_MAX 200000
/* Subscriptions the outreach list reads per store call. */
#define OUTREACH_PAGE 500

static const char *const FEATURE_NAMES[LOYALTY_FEATURES] = {
	"high_effort", "contacts", "repeat_contacts", "transfers",
	"channel_switches", "re_explanations", "robot_only", "complaints",
	"nps_detractor", "nps_promoter", "low_ces", "low_csat",
};

enum { F_HIGH = LOYALTY_F_HIGH_EFFORT, F_DETRACTOR = LOYALTY_F_NPS_DETRACTOR };

/* Fields of a key: the features, then whether the customer has had a case. */
#define KEY_FIELDS (LOYALTY_FEATURES + 1)

const char *loyalty_feature_name(int j)
{
	return j >= 0 && j < LOYALTY_FEATURES ? FEATURE_NAMES[j] : NULL;
}

/*
 * Parses "1,3,0,…" (KEY_FIELDS small integers) into the features x and
 * *has_case (may be NULL).
 */
static bool parse_key(const char *key, double x[LOYALTY_FEATURES], bool *has_case)
{
	const char *p = key;

	for (int j = 0; j < KEY_FIELDS; j++) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 0 || v > 100)
			return false;
		if (j < LOYALTY_FEATURES)
			x[j] = (double)v;
		else if (has_case != NULL)
			*has_case = v > 0;
		p = end;
		if (j + 1 < KEY_FIELDS) {
			if (*p != ',')
				return false;
			p++;
		}
	}
	return *p == '\0';
}

/* ------------------------------------------------------------ the fit --- */

/* Growing arrays of weighted rows. */
struct fit_rows {
	double *x;      /* n × LOYALTY_FEATURES */
	int *y;         /* lapsed */
	double *w;      /* customers */
	size_t n, cap;
	int64_t customers, lapsed, undecided;
	/* lapse and disloyalty splits from the cells */
	int64_t high_n, high_l, low_n, low_l;         /* high effort vs a case but none high */
	int64_t cont_n, cont_h, none_n, none_h;       /* a case vs none: lapsed or detractor */
};

/* Grows `array` (a pointer variable) to `cap` elements of `per` values each
 * (util/xmalloc.h: out of memory aborts). */
#define GROW(array, cap, per) ((array) = xrealloc((array), (cap) * (per) * sizeof *(array)))

/* Parses a cell's key into its features and has-a-case flag. */
static ld_status cell_parse(const struct store_loyalty_cell *cell, double x[LOYALTY_FEATURES],
			    bool *has_case, struct ld_err *err)
{
	if (!parse_key(cell->key, x, has_case))
		return ld_fail(err, LD_ERR_INTERNAL, "corrupt_aggregates", NULL,
			       "loyalty cell \"%.48s\" is malformed", cell->key);
	return LD_OK;
}

/* Counts a decided cell into the totals and the lapse and disloyalty splits. */
static void cell_count(struct fit_rows *r, const struct store_loyalty_cell *cell,
		       const double x[LOYALTY_FEATURES], bool contact)
{
	bool lapsed = cell->outcome == 2;
	bool disloyal = lapsed || x[F_DETRACTOR] > 0;

	r->customers += cell->customers;
	r->lapsed += lapsed ? cell->customers : 0;
	if (x[F_HIGH] > 0) {
		r->high_n += cell->customers;
		r->high_l += lapsed ? cell->customers : 0;
	} else if (contact) {
		r->low_n += cell->customers;
		r->low_l += lapsed ? cell->customers : 0;
	}
	if (contact) {
		r->cont_n += cell->customers;
		r->cont_h += disloyal ? cell->customers : 0;
	} else {
		r->none_n += cell->customers;
		r->none_h += disloyal ? cell->customers : 0;
	}
}

static ld_status rows_add(void *ctx, const struct store_loyalty_cell *cell, struct ld_err *err)
{
	struct fit_rows *r = ctx;
	double x[LOYALTY_FEATURES];
	bool contact = false;
	ld_status rc;

	if ((rc = cell_parse(cell, x, &contact, err)) != LD_OK)
		return rc;
	if (cell->outcome == 0) {
		r->undecided += cell->customers;
		return LD_OK;
	}
	cell_count(r, cell, x, contact);
	if (r->n == r->cap) {
		size_t cap = r->cap == 0 ? 256 : r->cap * 2;
		GROW(r->x, cap, LOYALTY_FEATURES);
		GROW(r->y, cap, 1);
		GROW(r->w, cap, 1);
		r->cap = cap;
	}
	memcpy(&r->x[r->n * LOYALTY_FEATURES], x, sizeof x);
	r->y[r->n] = cell->outcome == 2;
	r->w[r->n] = (double)cell->customers;
	r->n++;
	return LD_OK;
}

static void rows_free(struct fit_rows *r)
{
	free(r->x);
	free(r->y);
	free(r->w);
}

/* Reads the cells and fits; `rows` keeps the splits for the report. */
static ld_status fit(struct app *app, int from_month, int to_month, struct app_loyalty_model *out,
		     struct fit_rows *rows, struct ld_err *err)
{
	struct logit_options opt = { .lambda = LOYALTY_LAMBDA, .standardize = true };
	size_t work_len = logit_workspace_size(LOYALTY_FEATURES);
	double *work = NULL;
	ld_status rc;

	memset(out, 0, sizeof *out);
	memset(rows, 0, sizeof *rows);
	rc = STORE_CALL(app->store, loyalty_cells, from_month, to_month, rows_add, rows, err);
	if (rc != LD_OK)
		return rc;
	out->customers = rows->customers;
	out->lapsed = rows->lapsed;
	out->undecided = rows->undecided;
	out->cells = (int64_t)rows->n;
	if (rows->n > 0) {
		work = xmalloc(work_len * sizeof *work);
		rc = logit_fit(rows->x, rows->y, rows->w, rows->n, LOYALTY_FEATURES, &opt, work,
			       work_len, &out->logit, err);
		free(work);
		if (rc != LD_OK)
			return rc;
	}
	if (rows->n == 0 || logit_needs_fallback(&out->logit)) {
		/* The desk's own lapse rate of customers without high effort, when
		 * it is a usable rate; else logit_prior() takes CEB's 9%. */
		int64_t other_n = rows->customers - rows->high_n;
		int64_t other_l = rows->lapsed - rows->high_l;
		double base = other_n > 0 && other_l > 0 && other_l < other_n
				      ? (double)other_l / (double)other_n
				      : 0;
		if (rows->customers == 0)
			out->fallback_reason = "no renewal has been decided yet";
		else if (rows->lapsed == 0 || rows->lapsed == rows->customers)
			out->fallback_reason = "every decided renewal had the same outcome";
		else if (!out->logit.identifiable || !out->logit.converged)
			out->fallback_reason = "the features cannot tell lapses apart (no convergence)";
		else
			out->fallback_reason = "fewer than 10 lapses or renewals per feature";
		if ((rc = logit_prior(LOYALTY_FEATURES, F_HIGH, base, &out->logit, err)) != LD_OK)
			return rc;
		out->logit.n = (int64_t)rows->n;
	}
	return LD_OK;
}

ld_status app_loyalty_fit(struct app *app, int from_month, int to_month,
			  struct app_loyalty_model *out, struct ld_err *err)
{
	struct fit_rows rows;
	ld_status rc = fit(app, from_month, to_month, out, &rows, err);

	rows_free(&rows);
	return rc;
}

/* The counts of rows_add() without the rows (the disloyalty ratio alone). */
static ld_status splits_add(void *ctx, const struct store_loyalty_cell *cell, struct ld_err *err)
{
	double x[LOYALTY_FEATURES];
	bool contact = false;
	ld_status rc;

	if ((rc = cell_parse(cell, x, &contact, err)) != LD_OK)
		return rc;
	if (cell->outcome != 0)
		cell_count(ctx, cell, x, contact);
	return LD_OK;
}

ld_status app_loyalty_disloyalty(struct app *app, struct survey_ratio *out, struct ld_err *err)
{
	struct fit_rows r;
	ld_status rc;

	memset(&r, 0, sizeof r);
	rc = STORE_CALL(app->store, loyalty_cells, 0, 0, splits_add, &r, err);
	if (rc != LD_OK)
		return rc;
	return survey_ratio_katz(r.cont_h, r.cont_n, r.none_h, r.none_n, out, err);
}

/* ------------------------------------------------------------- report --- */

struct calib_rows {
	double *x;     /* n × LSQ_EFFORT_SIGNALS */
	double *y;     /* 8 − CES */
	size_t n, cap;
};

static ld_status calib_add(void *ctx, int ces, const struct effort_state *e, struct ld_err *err)
{
	struct calib_rows *c = ctx;
	int y = lsq_ces_effort(ces);

	(void)err; /* a callback of the store's walk; nothing here fails */
	if (y < 0)
		return LD_OK;
	if (c->n == c->cap) {
		size_t cap = c->cap == 0 ? 256 : c->cap * 2;
		GROW(c->x, cap, LSQ_EFFORT_SIGNALS);
		GROW(c->y, cap, 1);
		c->cap = cap;
	}
	lsq_effort_features(e, &c->x[c->n * LSQ_EFFORT_SIGNALS]);
	c->y[c->n++] = (double)y;
	return LD_OK;
}

/* The effort-weight calibration against CES answers. */
static ld_status calibrate(struct app *app, struct app_loyalty_report *out, struct ld_err *err)
{
	struct lsq_options opt = { .lambda = 0, .nonnegative = true };
	size_t work_len = lsq_workspace_size(LSQ_EFFORT_SIGNALS);
	struct calib_rows c = {0};
	double *work = NULL;
	ld_status rc;

	out->weights = EFFORT_WEIGHTS_DEFAULT;
	rc = STORE_CALL(app->store, ces_effort_rows, CALIBRATION_ROWS_MAX, calib_add, &c, err);
	if (rc != LD_OK || c.n == 0)
		goto out;
	out->ces_cases = (int64_t)c.n;
	work = xmalloc(work_len * sizeof *work);
	rc = lsq_fit(c.x, c.y, c.n, LSQ_EFFORT_SIGNALS, &opt, work, work_len, &out->calibration,
		     err);
	if (rc != LD_OK)
		goto out;
	/* Too few answers or slopes pointing the wrong way: the defaults stay. */
	out->calibrated = c.n > 10 * LSQ_EFFORT_SIGNALS &&
			  lsq_effort_weights(&out->calibration, &out->weights, &out->scale, NULL) ==
				  LD_OK;
	if (!out->calibrated)
		out->weights = EFFORT_WEIGHTS_DEFAULT;
out:
	free(work);
	free(c.x);
	free(c.y);
	return rc;
}

/* YYYYMM of the UTC month containing `t`. */
static int month_of(int64_t t)
{
	int64_t y;
	int m, d;

	time_civil_from_days(time_day_of(t), &y, &m, &d);
	return (int)(y * 100 + m);
}

ld_status app_report_loyalty(struct app *app, const struct app_actor *actor,
			     const struct app_report_filter *filter,
			     struct app_loyalty_report *out, struct ld_err *err)
{
	struct fit_rows rows;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if (filter->team_id != 0 || filter->channel >= 0 || filter->origin >= 0)
		return ld_fail(err, LD_ERR_INVALID, "not_applicable",
			       filter->team_id != 0 ? "team" : filter->channel >= 0 ? "channel"
										  : "origin",
			       "the loyalty model is fitted on customers, who have no single team, "
			       "channel or survey origin; only from and to apply");
	if (filter->from < 0 || filter->to < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", filter->from < 0 ? "from" : "to",
			       "dates are after 1970");
	if (filter->from != 0 && filter->to != 0 && filter->to <= filter->from)
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to",
			       "the period ends before it starts");
	out->filter = *filter;
	out->from_month = filter->from != 0 ? month_of(filter->from) : 0;
	out->to_month = filter->to != 0 ? month_of(filter->to - 1) : 0;
	rc = fit(app, out->from_month, out->to_month, &out->model, &rows, err);
	if (rc == LD_OK)
		rc = survey_share_wilson(rows.lapsed, rows.customers, &out->lapse_rate, err);
	if (rc == LD_OK)
		rc = survey_ratio_katz(rows.high_l, rows.high_n, rows.low_l, rows.low_n,
				       &out->lapse_high_effort, err);
	if (rc == LD_OK)
		rc = survey_ratio_katz(rows.cont_h, rows.cont_n, rows.none_h, rows.none_n,
				       &out->disloyalty, err);
	rows_free(&rows);
	if (rc == LD_OK)
		rc = calibrate(app, out, err);
	return rc;
}

/* ------------------------------------------------------- risk by vector --- */

struct key_risk {
	char key[STORE_LOYALTY_KEY_MAX + 1];
	double risk;
};

struct key_table {
	struct key_risk *k;
	size_t n, cap;
	const struct logit_model *model;
};

static ld_status keys_add(void *ctx, const struct store_loyalty_cell *cell, struct ld_err *err)
{
	struct key_table *t = ctx;
	double x[LOYALTY_FEATURES];
	ld_status rc;

	if ((rc = cell_parse(cell, x, NULL, err)) != LD_OK)
		return rc;
	/* A vector appears once per outcome; the walk may repeat it. */
	if (t->n > 0 && strcmp(t->k[t->n - 1].key, cell->key) == 0)
		return LD_OK;
	if (t->n == t->cap) {
		size_t cap = t->cap == 0 ? 256 : t->cap * 2;
		GROW(t->k, cap, 1);
		t->cap = cap;
	}
	snprintf(t->k[t->n].key, sizeof t->k[t->n].key, "%s", cell->key);
	t->k[t->n].risk = logit_predict(t->model, x);
	t->n++;
	return LD_OK;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct key_risk *)a)->key, ((const struct key_risk *)b)->key);
}

/* Riskiest first; ties by key so the order is total and stable. */
static int by_risk(const void *a, const void *b)
{
	const struct key_risk *x = a, *y = b;

	if (x->risk != y->risk)
		return x->risk > y->risk ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Fits the model and rates every vector in use; sorted by key. */
static ld_status key_table_load(struct app *app, struct app_loyalty_model *model,
				struct key_table *t, struct ld_err *err)
{
	ld_status rc;
	size_t w = 0;

	memset(t, 0, sizeof *t);
	if ((rc = app_loyalty_fit(app, 0, 0, model, err)) != LD_OK)
		return rc;
	t->model = &model->logit;
	if ((rc = STORE_CALL(app->store, loyalty_cells, 0, 0, keys_add, t, err)) != LD_OK)
		return rc;
	qsort(t->k, t->n, sizeof *t->k, by_key);
	for (size_t i = 0; i < t->n; i++)
		if (w == 0 || strcmp(t->k[w - 1].key, t->k[i].key) != 0)
			t->k[w++] = t->k[i];
	t->n = w;
	return LD_OK;
}

/* The risk of vector `key`: from the table, else computed. */
static double key_risk_of(const struct key_table *t, const char *key)
{
	struct key_risk probe;
	const struct key_risk *hit;
	double x[LOYALTY_FEATURES];

	snprintf(probe.key, sizeof probe.key, "%s", key);
	hit = bsearch(&probe, t->k, t->n, sizeof *t->k, by_key);
	if (hit != NULL)
		return hit->risk;
	return parse_key(key, x, NULL) ? logit_predict(t->model, x) : 0;
}

ld_status app_customer_features(struct app *app, const struct app_actor *actor,
				int64_t customer_id, double features[LOYALTY_FEATURES],
				struct ld_err *err)
{
	char key[STORE_LOYALTY_KEY_MAX + 1];
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, customer_loyalty_key, customer_id, key, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", NULL, "no customer %lld",
			       (long long)customer_id);
	if (rc != LD_OK)
		return rc;
	if (!parse_key(key, features, NULL))
		return ld_fail(err, LD_ERR_INTERNAL, "corrupt_aggregates", NULL,
			       "customer %lld has a malformed feature vector", (long long)customer_id);
	return LD_OK;
}

ld_status app_customer_loyalty(struct app *app, const struct app_actor *actor,
			       int64_t customer_id, struct app_customer_loyalty *out,
			       struct ld_err *err)
{
	struct app_loyalty_model model;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_customer_features(app, actor, customer_id, out->features, err)) != LD_OK ||
	    (rc = app_loyalty_fit(app, 0, 0, &model, err)) != LD_OK)
		return rc;
	out->risk = logit_predict(&model.logit, out->features);
	out->fallback = model.fallback_reason != NULL;
	return LD_OK;
}

ld_status app_customer_risk(struct app *app, const struct app_actor *actor, int64_t customer_id,
			    double *risk, struct ld_err *err)
{
	struct app_customer_loyalty l;
	ld_status rc = app_customer_loyalty(app, actor, customer_id, &l, err);

	*risk = rc == LD_OK ? l.risk : 0;
	return rc;
}

/* Cursor text "<key with '.' for ','>_<after id>". */
static void cursor_make(const char *key, int64_t after_id, char out[LOYALTY_CURSOR_MAX + 1])
{
	int len = snprintf(out, LOYALTY_CURSOR_MAX + 1, "%s_%lld", key, (long long)after_id);

	for (int i = 0; i < len && out[i] != '_'; i++)
		if (out[i] == ',')
			out[i] = '.';
}

static bool cursor_parse(const char *cursor, char key[STORE_LOYALTY_KEY_MAX + 1],
			 int64_t *after_id)
{
	const char *us = strchr(cursor, '_');
	char *end;
	size_t len;
	long long id;

	if (us == NULL || (len = (size_t)(us - cursor)) == 0 || len > STORE_LOYALTY_KEY_MAX)
		return false;
	memcpy(key, cursor, len);
	key[len] = '\0';
	for (size_t i = 0; i < len; i++) {
		if (key[i] == '.')
			key[i] = ',';
		else if (key[i] < '0' || key[i] > '9')
			return false;
	}
	id = strtoll(us + 1, &end, 10);
	if (*end != '\0' || end == us + 1 || id < 0)
		return false;
	*after_id = id;
	return true;
}

ld_status app_customer_list_risk(struct app *app, const struct app_actor *actor,
				 const char *cursor, int limit, struct ld_customer *out,
				 double *risks, int *n, char next[LOYALTY_CURSOR_MAX + 1],
				 struct ld_err *err)
{
	struct app_loyalty_model model;
	struct key_table t;
	char key[STORE_LOYALTY_KEY_MAX + 1] = "";
	int64_t after_id = 0;
	size_t i = 0;
	ld_status rc;

	*n = 0;
	next[0] = '\0';
	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	if (cursor != NULL && cursor[0] != '\0' && !cursor_parse(cursor, key, &after_id))
		return ld_fail(err, LD_ERR_INVALID, "invalid_cursor", "cursor",
			       "this cursor was not issued by the risk list");
	if ((rc = key_table_load(app, &model, &t, err)) != LD_OK)
		goto out;
	if (key[0] != '\0') {
		/* Resume at the cursor's vector (where it ranks under this fit). */
		struct key_risk probe;
		snprintf(probe.key, sizeof probe.key, "%s", key);
		probe.risk = key_risk_of(&t, key); /* before re-sorting by risk */
		qsort(t.k, t.n, sizeof *t.k, by_risk);
		while (i < t.n && by_risk(&t.k[i], &probe) < 0)
			i++;
		if (i < t.n && strcmp(t.k[i].key, key) != 0)
			after_id = 0;
	} else {
		qsort(t.k, t.n, sizeof *t.k, by_risk);
	}
	for (; i < t.n && *n < limit; i++, after_id = 0) {
		int got = 0;
		rc = STORE_CALL(app->store, customer_list_by_key, t.k[i].key, after_id,
				limit - *n, out + *n, &got, err);
		if (rc != LD_OK)
			goto out;
		for (int k = 0; k < got; k++)
			risks[*n + k] = t.k[i].risk;
		*n += got;
		if (*n == limit)
			cursor_make(t.k[i].key, out[*n - 1].id, next);
	}
out:
	free(t.k);
	if (rc != LD_OK) {
		for (int k = 0; k < *n; k++)
			ld_customer_clear(&out[k]);
		*n = 0;
	}
	return rc;
}

/* ------------------------------------------------------------ renewals --- */

static int by_renewal_risk(const void *a, const void *b)
{
	const struct app_renewal *x = a, *y = b;

	if (x->risk != y->risk)
		return x->risk > y->risk ? -1 : 1;
	if (x->sub.renews_at != y->sub.renews_at)
		return x->sub.renews_at < y->sub.renews_at ? -1 : 1;
	return x->sub.id < y->sub.id ? -1 : x->sub.id > y->sub.id;
}

ld_status app_renewal_outreach(struct app *app, const struct app_actor *actor, int days,
			       double min_risk, int limit, struct app_renewal *out, int *n,
			       int64_t *total, struct ld_err *err)
{
	struct app_loyalty_model model;
	struct key_table t = {0};
	struct ld_subscription *page = NULL;
	char (*keys)[STORE_LOYALTY_KEY_MAX + 1] = NULL;
	int64_t now = app_now(app), after = 0;
	int got = 0;
	ld_status rc;

	*n = 0;
	*total = 0;
	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (days < 1 || days > APP_CALENDAR_DAYS_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "days",
			       "days must be a whole number from 1 to %d", APP_CALENDAR_DAYS_MAX);
	if (!(min_risk >= 0 && min_risk <= 1))
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "min_risk",
			       "min_risk must be a number from 0 to 1");
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	page = xcalloc(OUTREACH_PAGE, sizeof *page);
	keys = xcalloc(OUTREACH_PAGE, sizeof *keys);
	if ((rc = key_table_load(app, &model, &t, err)) != LD_OK)
		goto out;
	/* Keep the `limit` riskiest: out[] is a sorted buffer of the best so far. */
	do {
		rc = STORE_CALL(app->store, renewal_due_list, now, now + (int64_t)days * 86400,
				after, OUTREACH_PAGE, page, keys, &got, err);
		if (rc != LD_OK)
			goto out;
		for (int i = 0; i < got; i++) {
			struct app_renewal r = { .sub = page[i], .risk = key_risk_of(&t, keys[i]) };
			int at = *n;
			if (r.risk < min_risk)
				continue;
			(*total)++;
			/* Insert in order; when full, the least risky falls off the end. */
			while (at > 0 && by_renewal_risk(&r, &out[at - 1]) < 0)
				at--;
			if (at == limit)
				continue;
			if (*n < limit)
				(*n)++;
			memmove(&out[at + 1], &out[at], (size_t)(*n - 1 - at) * sizeof *out);
			out[at] = r;
		}
		if (got > 0)
			after = page[got - 1].id;
	} while (got == OUTREACH_PAGE);
out:
	free(page);
	free(keys);
	free(t.k);
	if (rc != LD_OK)
		*n = 0;
	return rc;
}

struct calendar_fold {
	const struct key_table *t;
	double min_risk;
	int64_t from_day;
	struct app_calendar_day *days;
	int n_days;
};

static ld_status calendar_add(void *ctx, int64_t day, const char *key, int64_t count,
			      struct ld_err *err)
{
	struct calendar_fold *f = ctx;
	int64_t i = day - f->from_day;
	double risk = key_risk_of(f->t, key);

	(void)err;
	if (i < 0 || i >= f->n_days)
		return LD_OK;
	f->days[i].due += count;
	f->days[i].at_risk += risk >= f->min_risk ? count : 0;
	f->days[i].expected_lapses += risk * (double)count;
	return LD_OK;
}

ld_status app_renewal_calendar(struct app *app, const struct app_actor *actor, int64_t from,
			       int64_t to, double min_risk, struct app_calendar_day *out, int *n,
			       struct ld_err *err)
{
	struct app_loyalty_model model;
	struct key_table t = {0};
	struct calendar_fold f;
	int64_t from_day, to_day;
	ld_status rc;

	*n = 0;
	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (from < 0 || to <= from)
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to",
			       "the period ends before it starts");
	from_day = from / 86400;
	to_day = (to + 86399) / 86400;
	if (to_day - from_day > APP_CALENDAR_DAYS_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to",
			       "a calendar covers at most %d days", APP_CALENDAR_DAYS_MAX);
	if (!(min_risk >= 0 && min_risk <= 1))
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "min_risk",
			       "min_risk must be a number from 0 to 1");
	if ((rc = key_table_load(app, &model, &t, err)) != LD_OK)
		goto out;
	f.t = &t;
	f.min_risk = min_risk;
	f.from_day = from_day;
	f.days = out;
	f.n_days = (int)(to_day - from_day);
	for (int i = 0; i < f.n_days; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].day = (from_day + i) * 86400;
	}
	rc = STORE_CALL(app->store, renewal_calendar, from_day * 86400, to_day * 86400,
			calendar_add, &f, err);
	if (rc == LD_OK)
		*n = f.n_days;
out:
	free(t.k);
	return rc;
}
