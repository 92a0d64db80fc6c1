/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A case's history: merging two cases (the one place where effort is replayed
 * from the timeline, because two histories interleave), a case's interactions,
 * the customer's timeline across cases, and the effort figures a case shows.
 * The single-interaction writes live in cases.c.
 */
#include "app/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

static int by_time(const void *a, const void *b)
{
	const struct ld_interaction *const *x = a, *const *y = b;

	if ((*x)->started_at != (*y)->started_at)
		return (*x)->started_at < (*y)->started_at ? -1 : 1;
	return *x < *y ? -1 : (*x > *y ? 1 : 0); /* ties: in the order recorded */
}

void app_case_refold_rows(struct ld_case *c, const struct ld_interaction *its, size_t n)
{
	const struct ld_interaction **order = xmalloc((n > 0 ? n : 1) * sizeof *order);
	bool repeat_case = c->effort.repeat_case;
	struct effort_event ev;

	for (size_t i = 0; i < n; i++)
		order[i] = &its[i];
	qsort(order, n, sizeof *order, by_time);
	effort_init(&c->effort, c->created_at);
	if (repeat_case)
		effort_mark_repeat_case(&c->effort);
	for (size_t i = 0; i < n; i++) {
		app_case_event_of(order[i], &ev);
		effort_update(&c->effort, &ev);
	}
	free(order);
}

ld_status app_case_refold(struct app *app, struct ld_case *c, struct ld_err *err)
{
	struct ld_interaction page[APP_LIST_MAX];
	struct effort_event ev;
	bool repeat_case = c->effort.repeat_case;
	int64_t after = 0;
	int n, i;
	ld_status rc;

	effort_init(&c->effort, c->created_at);
	if (repeat_case)
		effort_mark_repeat_case(&c->effort);
	do {
		rc = STORE_CALL(app->store, interaction_list_case, c->id, after, APP_LIST_MAX, false, page,
				&n, err);
		if (rc != LD_OK)
			return rc;
		for (i = 0; i < n; i++) {
			app_case_event_of(&page[i], &ev);
			effort_update(&c->effort, &ev);
			after = page[i].id;
			ld_interaction_clear(&page[i]);
		}
	} while (n == APP_LIST_MAX);
	return LD_OK;
}

/* ------------------------------------------------- cases on one topic --- */

/* A customer's cases are read this many at a time (most have a handful). */
#define LINKS_PAGE 16

/* Whether a change from `a` to `b` moves anything the topic links read. */
bool app_case_links_moved(const struct ld_case *a, const struct ld_case *b)
{
	return a->customer_id != b->customer_id || a->category != b->category ||
	       a->created_at != b->created_at || a->resolved_at != b->resolved_at ||
	       (a->merged_into_id != 0) != (b->merged_into_id != 0);
}

/* Sets the links of `k` to `t`; true when anything changed. */
static bool take_links(struct ld_case *k, const struct rollup_topic_case *t)
{
	bool changed = false;

	if (t->repeat != k->effort.repeat_case) {
		if (t->repeat)
			effort_mark_repeat_case(&k->effort);
		else
			effort_unmark_repeat_case(&k->effort);
		changed = true;
	}
	if (t->has_prev != k->fcr_has_prev || (t->has_prev && t->prev_gap_s != k->fcr_prev_gap_s)) {
		k->fcr_has_prev = t->has_prev;
		k->fcr_prev_gap_s = t->has_prev ? t->prev_gap_s : 0;
		changed = true;
	}
	/* The first return is kept: the customer's own reopen may have come first. */
	if (t->has_next && (!k->fcr_has_next || t->next_gap_s < k->fcr_next_gap_s)) {
		k->fcr_has_next = true;
		k->fcr_next_gap_s = t->next_gap_s;
		changed = true;
	}
	return changed;
}

/* Whether `t` would change what case `k` carries (take_links() on its row). */
static bool links_differ(const struct store_topic_case *k, const struct rollup_topic_case *t)
{
	return t->repeat != k->repeat_case || t->has_prev != k->fcr_has_prev ||
	       (t->has_prev && t->prev_gap_s != k->fcr_prev_gap_s) ||
	       (t->has_next && (!k->fcr_has_next || t->next_gap_s < k->fcr_next_gap_s));
}

ld_status app_case_links(struct app *app, int64_t customer_id, int category,
			 struct ld_case *self, struct ld_err *err)
{
	struct store_topic_case local[LINKS_PAGE], *rows = local;
	struct rollup_topic_case *topic = NULL;
	size_t m = 0, self_at = SIZE_MAX;
	ld_status rc;
	int n = 0;

	rc = STORE_CALL(app->store, case_topic_list, customer_id, category, rows, LINKS_PAGE, &n,
			err);
	if (rc == LD_OK && n > LINKS_PAGE) {
		rows = xmalloc((size_t)n * sizeof *rows);
		rc = STORE_CALL(app->store, case_topic_list, customer_id, category, rows, n, &n, err);
	}
	if (rc != LD_OK)
		goto out;
	topic = xmalloc(((size_t)n + 1) * sizeof *topic);
	for (int i = 0; i < n; i++) {
		if (self != NULL && rows[i].id == self->id)
			continue; /* taken from memory below */
		memset(&topic[m], 0, sizeof topic[m]);
		topic[m].id = rows[i].id;
		topic[m].created_at = rows[i].created_at;
		topic[m].resolved_at = app_case_is_closed(rows[i].status) ? rows[i].resolved_at : 0;
		rows[m] = rows[i]; /* rows[m] stays beside topic[m] */
		m++;
	}
	if (self != NULL && self->customer_id == customer_id && self->category == category &&
	    self->merged_into_id == 0) {
		self_at = m;
		memset(&topic[m], 0, sizeof topic[m]);
		topic[m].id = self->id != 0 ? self->id : INT64_MAX; /* a new case: after all */
		topic[m].created_at = self->created_at;
		topic[m].resolved_at = app_case_is_closed(self->status) ? self->resolved_at : 0;
		m++;
	}
	rollup_topic_links(topic, m, app->cfg.fcr_window_s);
	for (size_t i = 0; i < m && rc == LD_OK; i++) {
		struct ld_case k;
		if (i == self_at) {
			if (take_links(self, &topic[i]))
				app_case_rescore(app, self); /* the caller writes it */
			continue;
		}
		/* Only a case whose links move is read and written whole. */
		if (!links_differ(&rows[i], &topic[i]))
			continue;
		if ((rc = STORE_CALL(app->store, case_get, rows[i].id, &k, err)) != LD_OK)
			break;
		if (take_links(&k, &topic[i])) {
			app_case_rescore(app, &k);
			rc = app_case_write_only(app, &k, err);
		}
	}
out:
	free(topic);
	if (rows != local)
		free(rows);
	return rc;
}

static ld_status case_merge_locked(struct app *app, const struct app_actor *actor,
				  int64_t from_id, int64_t into_id, struct ld_case *out,
				  struct ld_err *err)
{
	struct ld_case from, into;
	struct ld_interaction note;
	char body[96], detail[64];
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (from_id == into_id)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "into_id",
			       "a case cannot be merged into itself");
	if ((rc = app_case_load(app, from_id, &from, err)) != LD_OK)
		return rc;
	if ((rc = app_case_load(app, into_id, &into, err)) != LD_OK) {
		if (err != NULL)
			snprintf(err->field, sizeof err->field, "into_id");
		return rc;
	}
	if (from.customer_id != into.customer_id)
		return ld_fail(err, LD_ERR_CONFLICT, "different_customers", "into_id",
			       "only cases of the same customer can be merged");
	if (from.merged_into_id != 0 || into.merged_into_id != 0)
		return ld_fail(err, LD_ERR_CONFLICT, "case_merged", "into_id",
			       "one of the cases was already merged");

	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, interaction_move_case, from.id, into.id, err);
	if (rc == LD_OK) {
		memset(&note, 0, sizeof note);
		snprintf(body, sizeof body, "Case #%lld merged into this case.", (long long)from.id);
		note.case_id = into.id;
		note.customer_id = into.customer_id;
		note.channel = app_case_channel(&into);
		note.direction = LD_DIR_INTERNAL;
		note.kind = LD_IK_NOTE;
		note.agent_id = actor != NULL ? actor->agent_id : 0;
		note.started_at = app_now(app);
		note.body = body;
		note.sentiment = NAN;
		note.status_to = -1;
		rc = STORE_CALL(app->store, interaction_insert, &note, err);
		if (rc == LD_OK)
			rc = app_webhook_interaction(app, &note, err);
	}
	if (rc == LD_OK) {
		if (from.created_at < into.created_at) {
			into.created_at = from.created_at;
			into.first_channel = from.first_channel;
		}
		into.reopen_count += from.reopen_count;
		if (into.first_response_at == 0 ||
		    (from.first_response_at != 0 && from.first_response_at < into.first_response_at))
			into.first_response_at = from.first_response_at;
		if (from.effort.repeat_case)
			effort_mark_repeat_case(&into.effort);
		rc = app_case_refold(app, &into, err);
	}
	if (rc == LD_OK) {
		into.updated_at = app_now(app);
		app_case_rescore(app, &into);
		rc = app_case_write(app, &into, err);
		into.version++;
	}
	if (rc == LD_OK) {
		from.merged_into_id = into.id;
		if (!app_case_is_closed(from.status))
			from.resolved_at = app_now(app);
		from.status = LD_ST_CLOSED;
		from.updated_at = app_now(app);
		app_case_rescore(app, &from);
		rc = app_case_write(app, &from, err);
	}
	if (rc == LD_OK) {
		snprintf(detail, sizeof detail, "{\"into_id\":%lld}", (long long)into.id);
		rc = app_audit(app, actor, "case.merge", "case", from.id, detail, err);
	}
	if ((rc = app_tx_end(app, rc, err)) != LD_OK)
		return rc;
	*out = into;
	return LD_OK;
}


/* Each write reads its cases inside its own write transaction (cases.c). */
ld_status app_case_merge(struct app *app, const struct app_actor *actor, int64_t from_id,
			 int64_t into_id, struct ld_case *out, struct ld_err *err)
{
	ld_status rc = app_tx_begin(app, err);

	if (rc != LD_OK)
		return rc;
	rc = case_merge_locked(app, actor, from_id, into_id, out, err);
	return app_tx_end(app, rc, err);
}

/*
 * Customers never see internal rows (notes, transfers, status changes): the
 * store leaves them out of the query, so every page a customer gets is full
 * while more rows follow.
 */
ld_status app_case_interactions(struct app *app, const struct app_actor *actor, int64_t case_id,
				int64_t after_id, int limit, struct ld_interaction *out, int *n,
				struct ld_err *err)
{
	struct ld_case c;
	ld_status rc;

	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	if ((rc = app_case_get(app, actor, case_id, &c, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, interaction_list_case, case_id, after_id, limit,
			  !app_is_staff(actor), out, n, err);
}

ld_status app_timeline(struct app *app, const struct app_actor *actor, int64_t customer_id,
		       const struct store_timeline_cursor *cur, int limit,
		       struct ld_interaction *out, int *n, struct ld_err *err)
{
	struct ld_customer c = {0};
	ld_status rc;

	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	if ((rc = app_customer_get(app, actor, customer_id, &c, err)) != LD_OK)
		return rc;
	ld_customer_clear(&c);
	return STORE_CALL(app->store, interaction_timeline, customer_id, cur, limit,
			  !app_is_staff(actor), out, n, err);
}

void app_effort_view(const struct app *app, const struct ld_case *c, struct app_effort_view *out)
{
	const struct effort_state *e = &c->effort;

	out->contacts = e->contacts;
	out->repeat_contacts = e->repeat_contacts;
	out->transfers = e->transfers;
	out->channel_switches = e->channel_switches;
	out->re_explanations = e->re_explanations;
	out->robot_only = e->robot_only;
	out->reopens = e->reopens;
	out->elapsed_s = effort_elapsed(e, app_now(app));
	out->score = effort_score(e, app->cfg.effort_weights);
	out->band = effort_band_name(effort_band_of(out->score, app->cfg.effort_weights));
}
