/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk check [--repair]`: every derived figure recomputed from the
 * stored rows with the core rules (core/rollup.c) and compared with what the
 * store holds — the operator's answer to "are my reports true?".
 *
 * Recomputation. Cases, answered surveys and subscriptions are read page by
 * page; each contributes exactly what the write path would have added
 * (rollup_case_deltas / rollup_survey_deltas with no "before"), and every
 * customer's state is folded from them and contributes its split and loyalty
 * cells. The contributions are summed per cell (app_rollup_compact) in bounded
 * chunks, so memory grows with the number of distinct cells and customers,
 * not with the rows. Stored cells are read the same way and the two sorted
 * lists are merged: a cell on one side only, or a value that differs, is a
 * difference; cells that hold only zeros are the same as absent ones.
 *
 * Repair rewrites every aggregate and every customer's derived columns in
 * one transaction (so readers see the old figures or the new ones, never a
 * mixture), and clears a migration's request for a rebuild. The same code
 * serves app_prepare(), which runs it when a migration emptied the
 * aggregates (0005: the figures left the SQL triggers).
 *
 * The audit log. Each row's link of the hash chain is recomputed from its
 * stored fields and the chain stored in the row before it (util/audit_chain.h,
 * the rule the store's insert applies), and its detail from its digest
 * unless an erasure redacted it: a difference is a break, reported as
 * table "audit", key "id=N", field "chain" or "detail_digest", the stored
 * value and the recomputed one. Checking each row against its predecessor's
 * stored chain, not a chain recomputed from the start, makes one edited row
 * one break rather than a break of every row after it; a deleted or inserted
 * row breaks its successor. Rows cut off the end leave a valid chain: the
 * head (the last chain) is reported so that it can be noted elsewhere and
 * compared later. A repair never touches the log.
 *
 * Reads run in one read snapshot (check) or inside the repairing write
 * transaction, so concurrent writers cannot make a consistent store look
 * inconsistent.
 */
#include "app/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/survey_metrics.h"
#include "util/audit_chain.h"
#include "util/xmalloc.h"

#define CHECK_PAGE 500             /* rows per store read */
#define CHECK_COMPACT_AT 65536     /* sum the pending deltas when this many wait */
#define CHECK_APPLY_CHUNK 1024     /* customers per rollup_apply() in a repair */

/* A growing list of deltas, compacted as it grows. */
struct delta_list {
	struct rollup_delta *d;
	size_t n, cap;
	size_t compacted;               /* d[0..compacted) is already sorted and summed */
};

static struct rollup_delta *list_room(struct delta_list *l, size_t k)
{
	if (l->n + k > CHECK_COMPACT_AT && l->n > l->compacted) {
		l->n = app_rollup_compact(l->d, l->n);
		l->compacted = l->n;
	}
	l->d = xgrow(l->d, sizeof *l->d, l->n + k, &l->cap);
	return &l->d[l->n];
}

/* Customers known to the store, by id, with what is stored and what the rows say. */
struct customer_row {
	struct store_rollup_customer stored;
	struct rollup_customer computed;
};

struct check_run {
	struct app *app;
	struct delta_list computed;     /* cells recomputed from rows */
	struct delta_list stored;       /* cells the store holds */
	struct customer_row *cust;      /* ascending ids */
	size_t n_cust, cap_cust;
	app_check_fn fn;
	void *ctx;
	struct app_check_result *res;
};

static struct customer_row *find_customer(struct check_run *run, int64_t id)
{
	size_t lo = 0, hi = run->n_cust;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (run->cust[mid].stored.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < run->n_cust && run->cust[lo].stored.id == id ? &run->cust[lo] : NULL;
}

/* ------------------------------------------------------------ reading --- */

static ld_status read_customers(struct check_run *run, struct ld_err *err)
{
	struct store_rollup_customer page[CHECK_PAGE];
	int64_t after = 0;
	ld_status rc;
	int n;

	do {
		rc = STORE_CALL(run->app->store, customer_rollup_list, after, CHECK_PAGE, page, &n,
				err);
		if (rc != LD_OK)
			return rc;
		run->cust = xgrow(run->cust, sizeof *run->cust, run->n_cust + (size_t)n,
				  &run->cap_cust);
		for (int i = 0; i < n; i++) {
			struct customer_row *c = &run->cust[run->n_cust++];
			c->stored = page[i];
			rollup_customer_init(&c->computed);
		}
		if (n > 0)
			after = page[n - 1].id;
	} while (n == CHECK_PAGE);
	run->res->customers = (int64_t)run->n_cust;
	return LD_OK;
}

static ld_status read_cases(struct check_run *run, struct ld_err *err)
{
	struct store_case_query q = { .status = -1, .limit = CHECK_PAGE };
	struct ld_case *page = xcalloc(CHECK_PAGE, sizeof *page);
	struct rollup_case part;
	ld_status rc;
	int n;

	do {
		if ((rc = STORE_CALL(run->app->store, case_list, &q, page, &n, err)) != LD_OK)
			goto out;
		for (int i = 0; i < n; i++) {
			struct rollup_delta *d = list_room(&run->computed, ROLLUP_CASE_DELTAS_MAX);
			run->computed.n += (size_t)rollup_case_deltas(NULL, &page[i], d);
			rollup_case_of(&page[i], &part);
			struct customer_row *c = find_customer(run, part.customer_id);
			if (part.counted && c != NULL)
				rollup_sums_add(&c->computed.sums, &part.sums, 1);
		}
		run->res->cases += n;
		if (n > 0)
			q.after_id = page[n - 1].id;
	} while (n == CHECK_PAGE);
out:
	free(page);
	return rc;
}

static ld_status read_surveys(struct check_run *run, struct ld_err *err)
{
	struct store_survey_query q = { .kind = -1, .answered = 1, .limit = CHECK_PAGE };
	struct ld_survey *page = xcalloc(CHECK_PAGE, sizeof *page);
	ld_status rc;
	int n;

	do {
		if ((rc = STORE_CALL(run->app->store, survey_list, &q, page, &n, err)) != LD_OK)
			goto out;
		for (int i = 0; i < n; i++) {
			struct ld_survey *sv = &page[i];
			struct rollup_delta *d = list_room(&run->computed, ROLLUP_SURVEY_DELTAS_MAX);
			run->computed.n += (size_t)rollup_survey_deltas(sv, 1, d);
			struct customer_row *c = find_customer(run, sv->customer_id);
			if (c != NULL && sv->answered_at != 0)
				rollup_customer_answer(&c->computed, sv->kind, sv->score,
						       sv->answered_at);
		}
		run->res->surveys += n;
		if (n > 0)
			q.after_id = page[n - 1].id;
		for (int i = 0; i < n; i++)
			ld_survey_clear(&page[i]);
	} while (n == CHECK_PAGE);
out:
	free(page);
	return rc;
}

static ld_status read_subscriptions(struct check_run *run, struct ld_err *err)
{
	struct store_subscription_query q = { .status = -1, .limit = CHECK_PAGE };
	struct ld_subscription *page = xcalloc(CHECK_PAGE, sizeof *page);
	ld_status rc;
	int n;

	do {
		if ((rc = STORE_CALL(run->app->store, subscription_list, &q, page, &n, err)) !=
		    LD_OK)
			goto out;
		for (int i = 0; i < n; i++) {
			struct customer_row *c = find_customer(run, page[i].customer_id);
			if (c != NULL)
				rollup_customer_renewal(&c->computed, &page[i]);
		}
		run->res->subscriptions += n;
		if (n > 0)
			q.after_id = page[n - 1].id;
	} while (n == CHECK_PAGE);
out:
	free(page);
	return rc;
}

static ld_status keep_stored(void *ctx, const struct rollup_delta *cell, struct ld_err *err)
{
	struct check_run *run = ctx;

	(void)err;
	*list_room(&run->stored, 1) = *cell;
	run->stored.n++;
	return LD_OK;
}

/* ---------------------------------------------------------- comparing --- */

static const char *const TABLE_NAME[ROLLUP_T_COUNT] = {
	"effort_agg", "fcr_agg", "survey_agg", "servqual_agg", "customer_agg", "loyalty_agg",
};

static const char *const EFFORT_FIELD[ROLLUP_EFFORT_N] = {
	"cases", "contacts", "repeat_contacts", "transfers", "channel_switches",
	"re_explanations", "robot_only", "reopens", "repeat_cases", "transfer_cases",
	"switch_cases", "web_phone_cases", "reexplain_cases", "robot_cases", "reopen_cases",
	"medium_cases", "high_cases", "resolved_cases", "elapsed_s",
};

static const char *const FCR_FIELD[ROLLUP_FCR_N] = {
	"first_1d", "first_7d", "first_30d", "repeat_1d", "repeat_7d", "repeat_30d",
};

static const char *const SERVQUAL_FIELD[3] = { "n", "gap_sum", "gap_sq" };
static const char *const OUTCOME_NAME[ROLLUP_OUTCOMES] = { "", "renewed", "lapsed" };

static const char *field_name(int table, int k)
{
	switch (table) {
	case ROLLUP_T_EFFORT: return EFFORT_FIELD[k];
	case ROLLUP_T_FCR: return FCR_FIELD[k];
	case ROLLUP_T_SERVQUAL: return SERVQUAL_FIELD[k];
	case ROLLUP_T_ANSWER: return "answers";
	default: return "customers";
	}
}

static const char *name_or(const char *name)
{
	return name != NULL ? name : "";
}

/* The cell as an operator reads it: "day=20345 team=2 channel=web". */
static void key_text(const struct rollup_delta *d, char *buf, size_t len)
{
	const struct rollup_answer_cell *a = NULL;

	switch (d->table) {
	case ROLLUP_T_EFFORT:
	case ROLLUP_T_FCR:
		snprintf(buf, len, "day=%" PRId64 " team=%" PRId64 " channel=%s", d->key.cell.day,
			 d->key.cell.team_id, name_or(ld_channel_name(d->key.cell.channel)));
		return;
	case ROLLUP_T_ANSWER:
		a = &d->key.answer.cell;
		snprintf(buf, len, "day=%" PRId64 " team=%" PRId64 " channel=%s origin=%s kind=%s"
			 " score=%d", a->day, a->team_id, name_or(ld_channel_name(a->channel)),
			 name_or(ld_survey_origin_name(a->origin)),
			 name_or(ld_survey_kind_name(d->key.answer.kind)), d->key.answer.score);
		return;
	case ROLLUP_T_SERVQUAL:
		a = &d->key.servqual.cell;
		snprintf(buf, len, "day=%" PRId64 " team=%" PRId64 " channel=%s origin=%s dim=%s",
			 a->day, a->team_id, name_or(ld_channel_name(a->channel)),
			 name_or(ld_survey_origin_name(a->origin)),
			 name_or(survey_servqual_dim_name(d->key.servqual.dim)));
		return;
	case ROLLUP_T_SPLIT:
		snprintf(buf, len, "has_case=%d has_high=%d renewal=%s", d->key.split.has_case,
			 d->key.split.has_high, OUTCOME_NAME[d->key.split.outcome % ROLLUP_OUTCOMES]);
		return;
	default:
		snprintf(buf, len, "key=%s renewal=%s month=%d", d->key.loyalty.key,
			 OUTCOME_NAME[d->key.loyalty.outcome % ROLLUP_OUTCOMES],
			 d->key.loyalty.month);
		return;
	}
}

/* One difference (or audit break), counted in *count and handed to the caller. */
static void report_to(struct check_run *run, int64_t *count, const char *table, const char *key,
		      const char *field, const char *stored, const char *recomputed)
{
	struct app_check_diff diff;

	(*count)++;
	if (run->fn == NULL)
		return;
	memset(&diff, 0, sizeof diff);
	diff.table = table;
	snprintf(diff.key, sizeof diff.key, "%s", key);
	diff.field = field;
	snprintf(diff.stored, sizeof diff.stored, "%s", stored);
	snprintf(diff.recomputed, sizeof diff.recomputed, "%s", recomputed);
	run->fn(run->ctx, &diff);
}

static void report(struct check_run *run, const char *table, const char *key, const char *field,
		   const char *stored, const char *recomputed)
{
	report_to(run, &run->res->differences, table, key, field, stored, recomputed);
}

static void report_i64(struct check_run *run, const char *table, const char *key,
		       const char *field, int64_t stored, int64_t recomputed)
{
	char a[32], b[32];

	snprintf(a, sizeof a, "%" PRId64, stored);
	snprintf(b, sizeof b, "%" PRId64, recomputed);
	report(run, table, key, field, a, b);
}

/* Compares one cell: `s` or `c` NULL when that side has none. */
static void compare_cell(struct check_run *run, const struct rollup_delta *s,
			 const struct rollup_delta *c)
{
	const struct rollup_delta *any = s != NULL ? s : c;
	int values = rollup_table_values(any->table);
	char key[128];

	key_text(any, key, sizeof key);
	for (int k = 0; k < values; k++) {
		int64_t sv = s != NULL ? s->v[k] : 0, cv = c != NULL ? c->v[k] : 0;
		if (sv != cv)
			report_i64(run, TABLE_NAME[any->table], key, field_name(any->table, k), sv, cv);
	}
}

static void compare_cells(struct check_run *run)
{
	struct rollup_delta *s = run->stored.d, *c = run->computed.d;
	size_t i = 0, j = 0, ns = run->stored.n, nc = run->computed.n;

	while (i < ns || j < nc) {
		int order = i == ns ? 1 : j == nc ? -1 : rollup_delta_cmp(&s[i], &c[j]);
		if (order == 0) {
			compare_cell(run, &s[i++], &c[j++]);
		} else if (order < 0) {
			compare_cell(run, &s[i++], NULL);
		} else {
			compare_cell(run, NULL, &c[j++]);
		}
	}
}

static void compare_answer(struct check_run *run, const char *key, const char *field,
			   int stored, int recomputed)
{
	if (stored != recomputed)
		report_i64(run, "customer", key, field, stored, recomputed);
}

static void compare_customer(struct check_run *run, const struct customer_row *row)
{
	const struct rollup_customer *s = &row->stored.v, *c = &row->computed;
	char key[32], ks[ROLLUP_LOYALTY_KEY_MAX + 1], kc[ROLLUP_LOYALTY_KEY_MAX + 1];
	const int64_t *sv = (const int64_t *)&s->sums, *cv = (const int64_t *)&c->sums;
	static const char *const SUM_FIELD[ROLLUP_SUMS_N] = {
		"case_count", "complaints", "high_effort_cases", "eff_contacts",
		"eff_repeat_contacts", "eff_transfers", "eff_channel_switches",
		"eff_re_explanations", "eff_robot_only",
	};

	snprintf(key, sizeof key, "id=%" PRId64, row->stored.id);
	for (int k = 0; k < ROLLUP_SUMS_N; k++) {
		if (sv[k] != cv[k])
			report_i64(run, "customer", key, SUM_FIELD[k], sv[k], cv[k]);
	}
	compare_answer(run, key, "last_nps", s->last_nps, c->last_nps);
	compare_answer(run, key, "last_csat", s->last_csat, c->last_csat);
	compare_answer(run, key, "last_ces", s->last_ces, c->last_ces);
	if (s->outcome != c->outcome)
		report(run, "customer", key, "renewal", OUTCOME_NAME[s->outcome % ROLLUP_OUTCOMES],
		       OUTCOME_NAME[c->outcome % ROLLUP_OUTCOMES]);
	else if (s->renewal_at != c->renewal_at)
		report_i64(run, "customer", key, "renewal_at", s->renewal_at, c->renewal_at);
	rollup_loyalty_key(c, kc);
	snprintf(ks, sizeof ks, "%s", row->stored.key);
	if (strcmp(ks, kc) != 0)
		report(run, "customer", key, "loyalty_key", ks, kc);
}

/* ---------------------------------------------------------- audit log --- */

/* A digest as the report shows it: hex, or "none". */
static void digest_text(const uint8_t *d, bool has, char out[AUDIT_CHAIN_HEX + 1])
{
	if (has)
		audit_chain_hex(d, out);
	else
		snprintf(out, AUDIT_CHAIN_HEX + 1, "none");
}

/* Verifies one row against `prev`, the chain stored in the row before it (NULL: none). */
static void verify_audit_row(struct check_run *run, const struct ld_audit *a, const uint8_t *prev)
{
	struct audit_chain_row row = {
		.id = a->id, .at = a->at, .actor_id = a->actor_id, .action = a->action,
		.object = a->object, .address = a->address,
		.detail_digest = a->has_detail_digest ? a->detail_digest : NULL,
	};
	uint8_t want[AUDIT_CHAIN_BYTES];
	char key[32], stored[AUDIT_CHAIN_HEX + 1], computed[AUDIT_CHAIN_HEX + 1];
	int64_t *breaks = &run->res->audit_breaks;

	snprintf(key, sizeof key, "id=%" PRId64, a->id);
	/* A redacted detail is no longer the one digested; else they must agree. */
	if (a->redacted_at == 0 && (a->detail != NULL || a->has_detail_digest)) {
		bool has = a->detail != NULL;

		if (has)
			audit_chain_digest(a->detail, strlen(a->detail), want);
		if (has != a->has_detail_digest ||
		    (has && memcmp(want, a->detail_digest, sizeof want) != 0)) {
			digest_text(a->detail_digest, a->has_detail_digest, stored);
			digest_text(want, has, computed);
			report_to(run, breaks, "audit", key, "detail_digest", stored, computed);
		}
	}
	audit_chain_next(prev, &row, want);
	if (!a->has_chain || memcmp(want, a->chain, sizeof want) != 0) {
		digest_text(a->chain, a->has_chain, stored);
		audit_chain_hex(want, computed);
		report_to(run, breaks, "audit", key, "chain", stored, computed);
	}
}

static ld_status check_audit(struct check_run *run, struct ld_err *err)
{
	struct store_audit_query q = { .limit = CHECK_PAGE };
	struct ld_audit *page = xcalloc(CHECK_PAGE, sizeof *page);
	uint8_t prev[AUDIT_CHAIN_BYTES];
	bool has_prev = false;
	ld_status rc;
	int n = 0;

	do {
		rc = STORE_CALL(run->app->store, audit_list, &q, page, &n, err);
		for (int i = 0; rc == LD_OK && i < n; i++) {
			verify_audit_row(run, &page[i], has_prev ? prev : NULL);
			/* As the insert path: a row without a chain is followed as the first. */
			has_prev = page[i].has_chain;
			if (has_prev)
				memcpy(prev, page[i].chain, sizeof prev);
		}
		run->res->audit_rows += n;
		if (n > 0)
			q.after_id = page[n - 1].id;
		for (int i = 0; i < n; i++)
			ld_audit_clear(&page[i]);
	} while (rc == LD_OK && n == CHECK_PAGE);
	if (rc == LD_OK && has_prev)
		audit_chain_hex(prev, run->res->audit_head);
	free(page);
	return rc;
}

/* ------------------------------------------------------------- repair --- */

static ld_status rewrite(struct check_run *run, struct ld_err *err)
{
	struct store_rollup_customer *chunk = NULL;
	struct store *s = run->app->store;
	ld_status rc;

	if ((rc = STORE_CALL(s, rollup_clear, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(s, rollup_apply, run->computed.d, run->computed.n, NULL, 0, err);
	chunk = xcalloc(CHECK_APPLY_CHUNK, sizeof *chunk);
	for (size_t i = 0; i < run->n_cust && rc == LD_OK; i += CHECK_APPLY_CHUNK) {
		size_t k = run->n_cust - i < CHECK_APPLY_CHUNK ? run->n_cust - i : CHECK_APPLY_CHUNK;
		for (size_t j = 0; j < k; j++) {
			chunk[j].id = run->cust[i + j].stored.id;
			chunk[j].v = run->cust[i + j].computed;
		}
		rc = STORE_CALL(s, rollup_apply, NULL, 0, chunk, k, err);
	}
	free(chunk);
	if (rc == LD_OK)
		rc = STORE_CALL(s, rollup_rebuild_done, err);
	return rc;
}

/* --------------------------------------------------------------- entry --- */

static ld_status run_check(struct check_run *run, bool repair, struct ld_err *err)
{
	ld_status rc;

	if ((rc = read_customers(run, err)) != LD_OK || (rc = read_cases(run, err)) != LD_OK ||
	    (rc = read_surveys(run, err)) != LD_OK ||
	    (rc = read_subscriptions(run, err)) != LD_OK || (rc = check_audit(run, err)) != LD_OK)
		return rc;
	for (size_t i = 0; i < run->n_cust; i++) {
		struct rollup_delta *d = list_room(&run->computed, ROLLUP_CUSTOMER_DELTAS_MAX);
		run->computed.n += (size_t)rollup_customer_deltas(NULL, &run->cust[i].computed, d);
	}
	run->computed.n = app_rollup_compact(run->computed.d, run->computed.n);
	if ((rc = STORE_CALL(run->app->store, rollup_cells, keep_stored, run, err)) != LD_OK)
		return rc;
	run->stored.n = app_rollup_compact(run->stored.d, run->stored.n);
	run->res->cells = (int64_t)run->computed.n;
	compare_cells(run);
	for (size_t i = 0; i < run->n_cust; i++)
		compare_customer(run, &run->cust[i]);
	if (repair)
		return rewrite(run, err);
	return LD_OK;
}

ld_status app_check(struct app *app, const struct app_actor *actor, bool repair,
		    app_check_fn fn, void *ctx, struct app_check_result *out, struct ld_err *err)
{
	struct check_run run;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if (repair && actor != NULL && actor->role != LD_ROLE_ADMIN)
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL,
			       "repairing the figures needs the admin role");
	memset(&run, 0, sizeof run);
	run.app = app;
	run.fn = fn;
	run.ctx = ctx;
	run.res = out;
	if (repair) {
		if ((rc = app_tx_begin(app, err)) != LD_OK)
			return rc;
		rc = run_check(&run, true, err);
		if (rc == LD_OK) {
			rc = app_audit(app, actor, "figures.repair", "store", 0, NULL, err);
		}
		rc = app_tx_end(app, rc, err);
	} else {
		if ((rc = STORE_CALL(app->store, read_begin, err)) != LD_OK)
			return rc;
		rc = run_check(&run, false, err);
		app->store->ops->read_end(app->store);
	}
	free(run.computed.d);
	free(run.stored.d);
	free(run.cust);
	return rc;
}

ld_status app_prepare(struct app *app, struct ld_err *err)
{
	struct app_check_result res;
	bool pending = false;
	ld_status rc;

	if ((rc = STORE_CALL(app->store, rollup_rebuild_pending, &pending, err)) != LD_OK)
		return rc;
	if (!pending)
		return LD_OK;
	return app_check(app, NULL, true, NULL, NULL, &res, err);
}
