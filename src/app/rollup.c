/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The write path's ledger of derived figures: every write of a case, a
 * customer, a survey answer or a subscription inside a transaction logs what
 * it changes (core/rollup.c computes the deltas); when the outermost
 * transaction commits, the ledger sums the deltas per cell and hands them to
 * one store operation (rollup_apply), which touches each cell once per
 * batch — however many writes of the batch fell into it.
 *
 * Savepoints. The HTTP writer runs many jobs in one transaction, each under a
 * savepoint, and a job that fails is rolled back alone. The ledger is a log
 * rather than running sums so that undoing a savepoint is cutting the log
 * back to where it stood when the savepoint was taken.
 *
 * Customers. A case write changes its customer's sums; an answer, their
 * latest answers; a subscription write, their renewal outcome. Those changes
 * are logged per customer and resolved at commit: the customer's stored
 * state is read once, the logged changes are applied to it, and the
 * customer's split and loyalty cells move from the old state to the new one
 * (core/rollup.c rollup_customer_deltas). The renewal outcome is refolded
 * from the customer's subscriptions with core's rule, never kept as a delta.
 *
 * Owns the ledger memory (app->rollup, freed by app_fini()).
 */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/* Deepest savepoint nesting the ledger tracks (a batch, a job, a use case, …). */
#define ROLLUP_DEPTH_MAX 16
/* Subscriptions read per page when refolding a renewal outcome. */
#define ROLLUP_SUB_PAGE 64

enum cust_event { CUST_NEW, CUST_SUMS, CUST_ANSWER, CUST_RENEWAL };

/* One logged change to a customer's derived state. */
struct cust_entry {
	int64_t customer_id;      /* whose */
	int event;                /* enum cust_event */
	size_t seq;               /* log position: keeps the order within a customer */
	struct rollup_sums sums;  /* CUST_SUMS: to add */
	int kind;                 /* CUST_ANSWER: survey kind */
	int score;                /* … score */
	int64_t at;               /* … answered_at */
};

struct app_rollup {
	struct rollup_delta *deltas;    /* logged cell deltas */
	size_t n, cap;
	struct cust_entry *cust;        /* logged customer changes */
	size_t n_cust, cap_cust;
	size_t mark[ROLLUP_DEPTH_MAX][2]; /* log lengths when each level opened */
	/* Scratch of a flush. */
	struct store_rollup_customer *out_cust;
	size_t cap_out_cust;
};

static struct app_rollup *ledger(struct app *app)
{
	if (app->rollup == NULL)
		app->rollup = xcalloc(1, sizeof *app->rollup);
	return app->rollup;
}

void app_rollup_free(struct app *app)
{
	struct app_rollup *r = app->rollup;

	if (r == NULL)
		return;
	free(r->deltas);
	free(r->cust);
	free(r->out_cust);
	free(r);
	app->rollup = NULL;
}

/* A write outside any transaction would log figures nobody applies. */
static void require_tx(const struct app *app)
{
	if (app->tx_depth <= 0) {
		fprintf(stderr, "loyaldesk app: a derived figure changed outside a transaction\n");
		abort();
	}
}

static struct rollup_delta *push_deltas(struct app_rollup *r, size_t k)
{
	r->deltas = xgrow(r->deltas, sizeof *r->deltas, r->n + k, &r->cap);
	return &r->deltas[r->n];
}

static struct cust_entry *push_cust(struct app_rollup *r, int64_t customer_id, int event)
{
	struct cust_entry *e;

	r->cust = xgrow(r->cust, sizeof *r->cust, r->n_cust + 1, &r->cap_cust);
	e = &r->cust[r->n_cust];
	memset(e, 0, sizeof *e);
	e->customer_id = customer_id;
	e->event = event;
	e->seq = r->n_cust++;
	return e;
}

/* ------------------------------------------------------------- logging --- */

static bool sums_zero(const struct rollup_sums *s)
{
	static const struct rollup_sums zero;

	return memcmp(s, &zero, sizeof zero) == 0;
}

void app_rollup_case(struct app *app, const struct ld_case *before, const struct ld_case *after)
{
	struct app_rollup *r = ledger(app);
	struct rollup_case was, is;
	struct rollup_sums d;

	require_tx(app);
	r->n += (size_t)rollup_case_deltas(before, after, push_deltas(r, ROLLUP_CASE_DELTAS_MAX));
	memset(&was, 0, sizeof was);
	memset(&is, 0, sizeof is);
	if (before != NULL)
		rollup_case_of(before, &was);
	if (after != NULL)
		rollup_case_of(after, &is);
	/* Most writes change a case but not its customer's sums (a reply, a
	 * note, a status): those log nothing for the customer. */
	if (was.counted && is.counted && was.customer_id == is.customer_id) {
		memset(&d, 0, sizeof d);
		rollup_sums_add(&d, &is.sums, 1);
		rollup_sums_add(&d, &was.sums, -1);
		if (!sums_zero(&d))
			push_cust(r, is.customer_id, CUST_SUMS)->sums = d;
		return;
	}
	if (was.counted)
		rollup_sums_add(&push_cust(r, was.customer_id, CUST_SUMS)->sums, &was.sums, -1);
	if (is.counted)
		rollup_sums_add(&push_cust(r, is.customer_id, CUST_SUMS)->sums, &is.sums, 1);
}

void app_rollup_customer_new(struct app *app, int64_t customer_id)
{
	require_tx(app);
	push_cust(ledger(app), customer_id, CUST_NEW);
}

void app_rollup_answer(struct app *app, const struct ld_survey *sv)
{
	struct app_rollup *r = ledger(app);
	struct cust_entry *e;

	require_tx(app);
	r->n += (size_t)rollup_survey_deltas(sv, 1, push_deltas(r, ROLLUP_SURVEY_DELTAS_MAX));
	e = push_cust(r, sv->customer_id, CUST_ANSWER);
	e->kind = sv->kind;
	e->score = sv->score;
	e->at = sv->answered_at;
}

void app_rollup_renewal(struct app *app, int64_t customer_id)
{
	require_tx(app);
	push_cust(ledger(app), customer_id, CUST_RENEWAL);
}

/* ---------------------------------------------------------- savepoints --- */

void app_rollup_mark(struct app *app)
{
	struct app_rollup *r = ledger(app);
	int depth = app->tx_depth; /* the level being opened, before the increment */

	if (depth < 0 || depth >= ROLLUP_DEPTH_MAX) {
		fprintf(stderr, "loyaldesk app: transactions nested deeper than %d\n",
			ROLLUP_DEPTH_MAX);
		abort();
	}
	r->mark[depth][0] = r->n;
	r->mark[depth][1] = r->n_cust;
}

void app_rollup_undo(struct app *app)
{
	struct app_rollup *r = app->rollup;
	int depth = app->tx_depth; /* the level being closed, after the decrement */

	if (r == NULL || depth < 0 || depth >= ROLLUP_DEPTH_MAX)
		return;
	r->n = r->mark[depth][0];
	r->n_cust = r->mark[depth][1];
}

/* --------------------------------------------------------------- flush --- */

static int delta_order(const void *a, const void *b)
{
	return rollup_delta_cmp(a, b);
}

static int cust_order(const void *a, const void *b)
{
	const struct cust_entry *x = a, *y = b;

	if (x->customer_id != y->customer_id)
		return x->customer_id < y->customer_id ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq ? 1 : 0);
}

/* Sorts the deltas by cell and sums equal cells; drops cells that sum to nothing. */
size_t app_rollup_compact(struct rollup_delta *d, size_t n)
{
	size_t out = 0;

	if (n == 0)
		return 0;
	qsort(d, n, sizeof *d, delta_order);
	for (size_t i = 0; i < n; i++) {
		if (out > 0 && rollup_delta_cmp(&d[out - 1], &d[i]) == 0) {
			for (int k = 0; k < ROLLUP_VALUES_MAX; k++)
				d[out - 1].v[k] += d[i].v[k];
			continue;
		}
		if (out > 0 && app_rollup_delta_zero(&d[out - 1]))
			out--;
		if (out != i)
			d[out] = d[i];
		out++;
	}
	if (out > 0 && app_rollup_delta_zero(&d[out - 1]))
		out--;
	return out;
}

bool app_rollup_delta_zero(const struct rollup_delta *d)
{
	for (int k = 0; k < ROLLUP_VALUES_MAX; k++) {
		if (d->v[k] != 0)
			return false;
	}
	return true;
}

ld_status app_rollup_refold_renewal(struct app *app, int64_t customer_id,
				    struct rollup_customer *c, struct ld_err *err)
{
	struct ld_subscription page[ROLLUP_SUB_PAGE];
	struct store_subscription_query q = {
		.customer_id = customer_id, .status = -1, .limit = ROLLUP_SUB_PAGE,
	};
	ld_status rc;
	int n;

	c->outcome = ROLLUP_UNDECIDED;
	c->renewal_at = 0;
	c->renewal_sub_id = 0;
	do {
		if ((rc = STORE_CALL(app->store, subscription_list, &q, page, &n, err)) != LD_OK)
			return rc;
		for (int i = 0; i < n; i++)
			rollup_customer_renewal(c, &page[i]);
		if (n > 0)
			q.after_id = page[n - 1].id;
	} while (n == ROLLUP_SUB_PAGE);
	return LD_OK;
}

/*
 * Resolves the logged changes of one customer (entries e[0..k)); [out]
 * *changed false when they cancel out (nothing to write).
 */
static ld_status resolve_customer(struct app *app, struct app_rollup *r, const struct cust_entry *e,
				  size_t k, struct store_rollup_customer *out, bool *changed,
				  struct ld_err *err)
{
	struct rollup_customer before;
	bool is_new = false, renewal = false;
	ld_status rc;

	for (size_t i = 0; i < k; i++)
		is_new |= e[i].event == CUST_NEW;
	if (is_new) {
		rollup_customer_init(&before);
	} else if ((rc = STORE_CALL(app->store, customer_rollup_get, e[0].customer_id, &before,
				    err)) != LD_OK) {
		return rc;
	}
	out->id = e[0].customer_id;
	out->v = before;
	for (size_t i = 0; i < k; i++) {
		switch (e[i].event) {
		case CUST_SUMS: rollup_sums_add(&out->v.sums, &e[i].sums, 1); break;
		case CUST_ANSWER: rollup_customer_answer(&out->v, e[i].kind, e[i].score, e[i].at); break;
		case CUST_RENEWAL: renewal = true; break;
		default: break;
		}
	}
	if (renewal && (rc = app_rollup_refold_renewal(app, out->id, &out->v, err)) != LD_OK)
		return rc;
	*changed = is_new || !rollup_customer_same(&before, &out->v);
	if (*changed)
		r->n += (size_t)rollup_customer_deltas(is_new ? NULL : &before, &out->v,
						       push_deltas(r, ROLLUP_CUSTOMER_DELTAS_MAX));
	return LD_OK;
}

ld_status app_rollup_flush(struct app *app, struct ld_err *err)
{
	struct app_rollup *r = app->rollup;
	size_t n_out = 0, i, j;
	ld_status rc = LD_OK;

	if (r == NULL || (r->n == 0 && r->n_cust == 0))
		return LD_OK;
	/* A ledger that logged only cells has no customer array yet: qsort()
	 * must not see its NULL, even for no elements. */
	if (r->n_cust > 1)
		qsort(r->cust, r->n_cust, sizeof *r->cust, cust_order);
	for (i = 0; i < r->n_cust; i = j) {
		for (j = i + 1; j < r->n_cust && r->cust[j].customer_id == r->cust[i].customer_id; j++)
			;
		bool changed = false;
		r->out_cust = xgrow(r->out_cust, sizeof *r->out_cust, n_out + 1, &r->cap_out_cust);
		if ((rc = resolve_customer(app, r, &r->cust[i], j - i, &r->out_cust[n_out], &changed,
					   err)) != LD_OK)
			goto out;
		if (changed)
			n_out++;
	}
	r->n = app_rollup_compact(r->deltas, r->n);
	rc = STORE_CALL(app->store, rollup_apply, r->deltas, r->n, r->out_cust, n_out, err);
out:
	r->n = 0;
	r->n_cust = 0;
	return rc;
}

void app_rollup_discard(struct app *app)
{
	if (app->rollup != NULL) {
		app->rollup->n = 0;
		app->rollup->n_cust = 0;
	}
}
