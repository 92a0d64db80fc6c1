/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Derived figures in the SQLite store: the aggregate tables (effort_agg,
 * fcr_agg, survey_agg, servqual_agg, customer_agg, loyalty_agg) and the
 * derived columns of `customer`.
 *
 * Owns only the SQL that adds a delta to a cell, writes a customer's derived
 * columns, and reads both back. What a delta is, and every rule behind it,
 * is core/rollup.c: nothing here computes a figure, and no trigger does
 * (migration 0005 dropped them). Cells are upserted one statement per cell;
 * the app sums its deltas per cell first, so a batch of writes touches each
 * cell once.
 */
#include "store/sqlite/sqlite_store.h"

#include <stdio.h>
#include <string.h>

#include "core/survey_metrics.h"

/* The text a table keeps for "no channel": '' (the report filters use it). */
static const char *channel_text(int channel)
{
	const char *name = channel >= 0 ? ld_channel_name(channel) : NULL;
	return name != NULL ? name : "";
}

static int channel_of(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	return t != NULL && t[0] != '\0' ? ld_channel_parse(t) : -1;
}

static const char *const OUTCOME_TEXT[ROLLUP_OUTCOMES] = { "", "renewed", "lapsed" };

static int outcome_of(const char *t)
{
	if (t == NULL)
		return ROLLUP_UNDECIDED;
	if (strcmp(t, "renewed") == 0)
		return ROLLUP_RENEWED;
	if (strcmp(t, "lapsed") == 0)
		return ROLLUP_LAPSED;
	return ROLLUP_UNDECIDED;
}

/* ---------------------------------------------------------------- apply */

static ld_status apply_effort(struct sq_store *s, const struct rollup_delta *d,
			      struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_ROLLUP_EFFORT,
		     "INSERT INTO effort_agg (day, team_id, channel, cases, contacts, repeat_contacts,"
		     " transfers, channel_switches, re_explanations, robot_only, reopens, repeat_cases,"
		     " transfer_cases, switch_cases, web_phone_cases, reexplain_cases, robot_cases,"
		     " reopen_cases, medium_cases, high_cases, resolved_cases, elapsed_s)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		     " ON CONFLICT (day, team_id, channel) DO UPDATE SET"
		     " cases = cases + excluded.cases, contacts = contacts + excluded.contacts,"
		     " repeat_contacts = repeat_contacts + excluded.repeat_contacts,"
		     " transfers = transfers + excluded.transfers,"
		     " channel_switches = channel_switches + excluded.channel_switches,"
		     " re_explanations = re_explanations + excluded.re_explanations,"
		     " robot_only = robot_only + excluded.robot_only,"
		     " reopens = reopens + excluded.reopens,"
		     " repeat_cases = repeat_cases + excluded.repeat_cases,"
		     " transfer_cases = transfer_cases + excluded.transfer_cases,"
		     " switch_cases = switch_cases + excluded.switch_cases,"
		     " web_phone_cases = web_phone_cases + excluded.web_phone_cases,"
		     " reexplain_cases = reexplain_cases + excluded.reexplain_cases,"
		     " robot_cases = robot_cases + excluded.robot_cases,"
		     " reopen_cases = reopen_cases + excluded.reopen_cases,"
		     " medium_cases = medium_cases + excluded.medium_cases,"
		     " high_cases = high_cases + excluded.high_cases,"
		     " resolved_cases = resolved_cases + excluded.resolved_cases,"
		     " elapsed_s = elapsed_s + excluded.elapsed_s",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, d->key.cell.day);
	sq_bind_i64(&b, d->key.cell.team_id);
	sq_bind_text(&b, channel_text(d->key.cell.channel));
	for (int i = 0; i < ROLLUP_EFFORT_N; i++)
		sq_bind_i64(&b, d->v[i]);
	if ((rc = sq_bind_check(&b, err)) == LD_OK)
		rc = sq_step_done(s, st, "effort_agg", NULL, 0, err);
	sq_release(st);
	return rc;
}

static ld_status apply_fcr(struct sq_store *s, const struct rollup_delta *d, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_ROLLUP_FCR,
		     "INSERT INTO fcr_agg (day, team_id, channel, first_1d, first_7d, first_30d,"
		     " repeat_1d, repeat_7d, repeat_30d) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
		     " ON CONFLICT (day, team_id, channel) DO UPDATE SET"
		     " first_1d = first_1d + excluded.first_1d,"
		     " first_7d = first_7d + excluded.first_7d,"
		     " first_30d = first_30d + excluded.first_30d,"
		     " repeat_1d = repeat_1d + excluded.repeat_1d,"
		     " repeat_7d = repeat_7d + excluded.repeat_7d,"
		     " repeat_30d = repeat_30d + excluded.repeat_30d",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, d->key.cell.day);
	sq_bind_i64(&b, d->key.cell.team_id);
	sq_bind_text(&b, channel_text(d->key.cell.channel));
	for (int i = 0; i < ROLLUP_FCR_N; i++)
		sq_bind_i64(&b, d->v[i]);
	if ((rc = sq_bind_check(&b, err)) == LD_OK)
		rc = sq_step_done(s, st, "fcr_agg", NULL, 0, err);
	sq_release(st);
	return rc;
}

static void bind_answer_cell(struct sq_bind *b, const struct rollup_answer_cell *c)
{
	const char *origin = ld_survey_origin_name(c->origin);

	sq_bind_i64(b, c->day);
	sq_bind_i64(b, c->team_id);
	sq_bind_text(b, channel_text(c->channel));
	sq_bind_text(b, origin != NULL ? origin : "");
}

static ld_status apply_answer(struct sq_store *s, const struct rollup_delta *d,
			      struct ld_err *err)
{
	const char *kind = ld_survey_kind_name(d->key.answer.kind);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_ROLLUP_ANSWER,
		     "INSERT INTO survey_agg (day, team_id, channel, origin, kind, score, answers)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, team_id, channel, origin, kind,"
		     " score) DO UPDATE SET answers = answers + excluded.answers",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	bind_answer_cell(&b, &d->key.answer.cell);
	sq_bind_text(&b, kind != NULL ? kind : "");
	sq_bind_i64(&b, d->key.answer.score);
	sq_bind_i64(&b, d->v[0]);
	if ((rc = sq_bind_check(&b, err)) == LD_OK)
		rc = sq_step_done(s, st, "survey_agg", NULL, 0, err);
	sq_release(st);
	return rc;
}

static ld_status apply_servqual(struct sq_store *s, const struct rollup_delta *d,
				struct ld_err *err)
{
	const char *dim = survey_servqual_dim_name(d->key.servqual.dim);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_ROLLUP_SERVQUAL,
		     "INSERT INTO servqual_agg (day, team_id, channel, origin, dim, n, gap_sum, gap_sq)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, team_id, channel, origin, dim)"
		     " DO UPDATE SET n = n + excluded.n, gap_sum = gap_sum + excluded.gap_sum,"
		     " gap_sq = gap_sq + excluded.gap_sq",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	bind_answer_cell(&b, &d->key.servqual.cell);
	sq_bind_text(&b, dim != NULL ? dim : "");
	for (int i = 0; i < 3; i++)
		sq_bind_i64(&b, d->v[i]);
	if ((rc = sq_bind_check(&b, err)) == LD_OK)
		rc = sq_step_done(s, st, "servqual_agg", NULL, 0, err);
	sq_release(st);
	return rc;
}

static ld_status apply_split(struct sq_store *s, const struct rollup_delta *d, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_ROLLUP_SPLIT,
		     "INSERT INTO customer_agg (has_case, has_high, renewal, customers)"
		     " VALUES (?, ?, ?, ?) ON CONFLICT (has_case, has_high, renewal)"
		     " DO UPDATE SET customers = customers + excluded.customers",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, d->key.split.has_case != 0);
	sq_bind_i64(&b, d->key.split.has_high != 0);
	sq_bind_text(&b, OUTCOME_TEXT[d->key.split.outcome % ROLLUP_OUTCOMES]);
	sq_bind_i64(&b, d->v[0]);
	if ((rc = sq_bind_check(&b, err)) == LD_OK)
		rc = sq_step_done(s, st, "customer_agg", NULL, 0, err);
	sq_release(st);
	return rc;
}

static ld_status apply_loyalty(struct sq_store *s, const struct rollup_delta *d,
			       struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_ROLLUP_LOYALTY,
		     "INSERT INTO loyalty_agg (key, renewal, month, customers) VALUES (?, ?, ?, ?)"
		     " ON CONFLICT (key, renewal, month)"
		     " DO UPDATE SET customers = customers + excluded.customers",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	sq_bind_text(&b, d->key.loyalty.key);
	sq_bind_text(&b, OUTCOME_TEXT[d->key.loyalty.outcome % ROLLUP_OUTCOMES]);
	sq_bind_i64(&b, d->key.loyalty.month);
	sq_bind_i64(&b, d->v[0]);
	if ((rc = sq_bind_check(&b, err)) == LD_OK)
		rc = sq_step_done(s, st, "loyalty_agg", NULL, 0, err);
	sq_release(st);
	return rc;
}

/* Binds an optional answer (-1 = none) and its time. */
static void bind_answer(struct sq_bind *b, int score, int64_t at)
{
	if (score < 0) {
		sq_bind_opt_i64(b, 0);
		sq_bind_opt_i64(b, 0);
		return;
	}
	sq_bind_i64(b, score);
	sq_bind_i64(b, at);
}

static ld_status put_customer(struct sq_store *s, const struct store_rollup_customer *c,
			      struct ld_err *err)
{
	const struct rollup_customer *v = &c->v;
	char key[ROLLUP_LOYALTY_KEY_MAX + 1];
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rollup_loyalty_key(v, key);
	rc = sq_stmt(s, SQ_ROLLUP_CUSTOMER_PUT,
		     "UPDATE customer SET case_count = ?, complaints = ?, high_effort_cases = ?,"
		     " eff_contacts = ?, eff_repeat_contacts = ?, eff_transfers = ?,"
		     " eff_channel_switches = ?, eff_re_explanations = ?, eff_robot_only = ?,"
		     " last_nps = ?, last_nps_at = ?, last_csat = ?, last_csat_at = ?,"
		     " last_ces = ?, last_ces_at = ?, renewal = ?, renewal_at = ?, loyalty_key = ?"
		     " WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, v->sums.cases);
	sq_bind_i64(&b, v->sums.complaints);
	sq_bind_i64(&b, v->sums.high_effort);
	sq_bind_i64(&b, v->sums.contacts);
	sq_bind_i64(&b, v->sums.repeat_contacts);
	sq_bind_i64(&b, v->sums.transfers);
	sq_bind_i64(&b, v->sums.channel_switches);
	sq_bind_i64(&b, v->sums.re_explanations);
	sq_bind_i64(&b, v->sums.robot_only);
	bind_answer(&b, v->last_nps, v->last_nps_at);
	bind_answer(&b, v->last_csat, v->last_csat_at);
	bind_answer(&b, v->last_ces, v->last_ces_at);
	if (v->outcome == ROLLUP_UNDECIDED) {
		sq_bind_opt_text(&b, NULL);
		sq_bind_opt_i64(&b, 0);
	} else {
		sq_bind_text(&b, OUTCOME_TEXT[v->outcome % ROLLUP_OUTCOMES]);
		sq_bind_i64(&b, v->renewal_at);
	}
	sq_bind_text(&b, key);
	sq_bind_i64(&b, c->id);
	if ((rc = sq_bind_check(&b, err)) == LD_OK)
		rc = sq_step_done(s, st, "customer", NULL, 0, err);
	sq_release(st);
	return rc;
}

ld_status sq_rollup_apply(struct store *store, const struct rollup_delta *deltas, size_t n,
			  const struct store_rollup_customer *customers, size_t n_customers,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	ld_status rc = LD_OK;

	for (size_t i = 0; i < n && rc == LD_OK; i++) {
		const struct rollup_delta *d = &deltas[i];
		switch (d->table) {
		case ROLLUP_T_EFFORT: rc = apply_effort(s, d, err); break;
		case ROLLUP_T_FCR: rc = apply_fcr(s, d, err); break;
		case ROLLUP_T_ANSWER: rc = apply_answer(s, d, err); break;
		case ROLLUP_T_SERVQUAL: rc = apply_servqual(s, d, err); break;
		case ROLLUP_T_SPLIT: rc = apply_split(s, d, err); break;
		case ROLLUP_T_LOYALTY: rc = apply_loyalty(s, d, err); break;
		default:
			rc = ld_fail(err, LD_ERR_INTERNAL, "bad_delta", NULL,
				     "unknown aggregate table %d", d->table);
		}
	}
	for (size_t i = 0; i < n_customers && rc == LD_OK; i++)
		rc = put_customer(s, &customers[i], err);
	return rc;
}

/* ---------------------------------------------------------------- read */

#define CUSTOMER_ROLLUP_COLS                                                              \
	"id, case_count, complaints, high_effort_cases, eff_contacts, eff_repeat_contacts,"  \
	" eff_transfers, eff_channel_switches, eff_re_explanations, eff_robot_only,"         \
	" last_nps, last_nps_at, last_csat, last_csat_at, last_ces, last_ces_at, renewal,"   \
	" renewal_at, loyalty_key"

static int opt_int(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? -1 : sqlite3_column_int(st, col);
}

static void decode_customer(sqlite3_stmt *st, struct store_rollup_customer *out)
{
	struct rollup_customer *v = &out->v;
	int col = 0;

	rollup_customer_init(v);
	out->id = sqlite3_column_int64(st, col++);
	v->sums.cases = sqlite3_column_int64(st, col++);
	v->sums.complaints = sqlite3_column_int64(st, col++);
	v->sums.high_effort = sqlite3_column_int64(st, col++);
	v->sums.contacts = sqlite3_column_int64(st, col++);
	v->sums.repeat_contacts = sqlite3_column_int64(st, col++);
	v->sums.transfers = sqlite3_column_int64(st, col++);
	v->sums.channel_switches = sqlite3_column_int64(st, col++);
	v->sums.re_explanations = sqlite3_column_int64(st, col++);
	v->sums.robot_only = sqlite3_column_int64(st, col++);
	v->last_nps = opt_int(st, col++);
	v->last_nps_at = sqlite3_column_int64(st, col++);
	v->last_csat = opt_int(st, col++);
	v->last_csat_at = sqlite3_column_int64(st, col++);
	v->last_ces = opt_int(st, col++);
	v->last_ces_at = sqlite3_column_int64(st, col++);
	v->outcome = outcome_of((const char *)sqlite3_column_text(st, col++));
	v->renewal_at = v->outcome != ROLLUP_UNDECIDED ? sqlite3_column_int64(st, col) : 0;
	col++;
	const char *key = (const char *)sqlite3_column_text(st, col);
	snprintf(out->key, sizeof out->key, "%s", key != NULL ? key : "");
}

ld_status sq_customer_rollup_get(struct store *store, int64_t id, struct rollup_customer *out,
				 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	struct store_rollup_customer c;
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_ROLLUP_CUSTOMER_GET,
		     "SELECT " CUSTOMER_ROLLUP_COLS " FROM customer WHERE id = ?", &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, id);
	if ((rc = sq_bind_check(&b, err)) == LD_OK &&
	    (rc = sq_step_row(s, st, "customer", id, err)) == LD_OK) {
		decode_customer(st, &c);
		*out = c.v;
	}
	sq_release(st);
	return rc;
}

ld_status sq_customer_rollup_list(struct store *store, int64_t after_id, int limit,
				  struct store_rollup_customer *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	bool more = false;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_ROLLUP_CUSTOMER_LIST,
		     "SELECT " CUSTOMER_ROLLUP_COLS " FROM customer WHERE id > ? ORDER BY id LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, after_id);
	sq_bind_i64(&b, limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	while ((rc = sq_step_next(s, st, "customer", &more, err)) == LD_OK && more && *n < limit)
		decode_customer(st, &out[(*n)++]);
out:
	sq_release(st);
	return rc;
}

/* Runs `sql` (a static SELECT) and hands each row to `decode` then `fn`. */
static ld_status walk(struct sq_store *s, const char *sql, int table,
		      void (*decode)(sqlite3_stmt *st, struct rollup_delta *d),
		      store_rollup_cell_fn fn, void *ctx, struct ld_err *err)
{
	sqlite3_stmt *st = NULL;
	struct rollup_delta d;
	bool more = false;
	ld_status rc;

	/* Read once per check, not worth a cache slot. */
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return ld_fail(err, LD_ERR_INTERNAL, "store_error", NULL, "%s",
			       sqlite3_errmsg(s->db));
	while ((rc = sq_step_next(s, st, "aggregate", &more, err)) == LD_OK && more) {
		memset(&d, 0, sizeof d);
		d.table = table;
		decode(st, &d);
		if ((rc = fn(ctx, &d, err)) != LD_OK)
			break;
	}
	sqlite3_finalize(st);
	return rc;
}

static void decode_cell(sqlite3_stmt *st, struct rollup_cell *c)
{
	c->day = sqlite3_column_int64(st, 0);
	c->team_id = sqlite3_column_int64(st, 1);
	c->channel = channel_of(st, 2);
}

static void decode_effort(sqlite3_stmt *st, struct rollup_delta *d)
{
	decode_cell(st, &d->key.cell);
	for (int i = 0; i < ROLLUP_EFFORT_N; i++)
		d->v[i] = sqlite3_column_int64(st, 3 + i);
}

static void decode_fcr(sqlite3_stmt *st, struct rollup_delta *d)
{
	decode_cell(st, &d->key.cell);
	for (int i = 0; i < ROLLUP_FCR_N; i++)
		d->v[i] = sqlite3_column_int64(st, 3 + i);
}

static void decode_answer_cell(sqlite3_stmt *st, struct rollup_answer_cell *c)
{
	c->day = sqlite3_column_int64(st, 0);
	c->team_id = sqlite3_column_int64(st, 1);
	c->channel = channel_of(st, 2);
	c->origin = ld_survey_origin_parse((const char *)sqlite3_column_text(st, 3));
}

static void decode_answer(sqlite3_stmt *st, struct rollup_delta *d)
{
	decode_answer_cell(st, &d->key.answer.cell);
	d->key.answer.kind = ld_survey_kind_parse((const char *)sqlite3_column_text(st, 4));
	d->key.answer.score = sqlite3_column_int(st, 5);
	d->v[0] = sqlite3_column_int64(st, 6);
}

static void decode_servqual(sqlite3_stmt *st, struct rollup_delta *d)
{
	decode_answer_cell(st, &d->key.servqual.cell);
	d->key.servqual.dim = survey_servqual_dim_parse((const char *)sqlite3_column_text(st, 4));
	for (int i = 0; i < 3; i++)
		d->v[i] = sqlite3_column_int64(st, 5 + i);
}

static void decode_split(sqlite3_stmt *st, struct rollup_delta *d)
{
	d->key.split.has_case = sqlite3_column_int(st, 0);
	d->key.split.has_high = sqlite3_column_int(st, 1);
	d->key.split.outcome = outcome_of((const char *)sqlite3_column_text(st, 2));
	d->v[0] = sqlite3_column_int64(st, 3);
}

static void decode_loyalty(sqlite3_stmt *st, struct rollup_delta *d)
{
	const char *key = (const char *)sqlite3_column_text(st, 0);
	size_t len = key != NULL ? strlen(key) : 0;

	if (len > ROLLUP_LOYALTY_KEY_MAX)
		len = ROLLUP_LOYALTY_KEY_MAX; /* a longer key is wrong anyway: check shows it */
	if (len > 0)
		memcpy(d->key.loyalty.key, key, len);
	d->key.loyalty.outcome = outcome_of((const char *)sqlite3_column_text(st, 1));
	d->key.loyalty.month = sqlite3_column_int(st, 2);
	d->v[0] = sqlite3_column_int64(st, 3);
}

ld_status sq_rollup_cells(struct store *store, store_rollup_cell_fn fn, void *ctx,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	ld_status rc;

	rc = walk(s,
		  "SELECT day, team_id, channel, cases, contacts, repeat_contacts, transfers,"
		  " channel_switches, re_explanations, robot_only, reopens, repeat_cases,"
		  " transfer_cases, switch_cases, web_phone_cases, reexplain_cases, robot_cases,"
		  " reopen_cases, medium_cases, high_cases, resolved_cases, elapsed_s FROM effort_agg",
		  ROLLUP_T_EFFORT, decode_effort, fn, ctx, err);
	if (rc == LD_OK)
		rc = walk(s,
			  "SELECT day, team_id, channel, first_1d, first_7d, first_30d, repeat_1d,"
			  " repeat_7d, repeat_30d FROM fcr_agg",
			  ROLLUP_T_FCR, decode_fcr, fn, ctx, err);
	if (rc == LD_OK)
		rc = walk(s,
			  "SELECT day, team_id, channel, origin, kind, score, answers FROM survey_agg",
			  ROLLUP_T_ANSWER, decode_answer, fn, ctx, err);
	if (rc == LD_OK)
		rc = walk(s,
			  "SELECT day, team_id, channel, origin, dim, n, gap_sum, gap_sq"
			  " FROM servqual_agg",
			  ROLLUP_T_SERVQUAL, decode_servqual, fn, ctx, err);
	if (rc == LD_OK)
		rc = walk(s, "SELECT has_case, has_high, renewal, customers FROM customer_agg",
			  ROLLUP_T_SPLIT, decode_split, fn, ctx, err);
	if (rc == LD_OK)
		rc = walk(s, "SELECT key, renewal, month, customers FROM loyalty_agg",
			  ROLLUP_T_LOYALTY, decode_loyalty, fn, ctx, err);
	return rc;
}

static ld_status exec(struct sq_store *s, const char *sql, struct ld_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

	if (rc == SQLITE_OK)
		return LD_OK;
	sqlite3_free(msg);
	return sq_fail(s, rc, "aggregate", NULL, 0, err);
}

ld_status sq_rollup_clear(struct store *store, struct ld_err *err)
{
	return exec(sq_of(store),
		    "DELETE FROM effort_agg; DELETE FROM fcr_agg; DELETE FROM survey_agg;"
		    " DELETE FROM servqual_agg; DELETE FROM customer_agg; DELETE FROM loyalty_agg;",
		    err);
}

ld_status sq_rollup_rebuild_pending(struct store *store, bool *pending, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = false;
	ld_status rc;

	*pending = false;
	rc = sq_stmt(s, SQ_ROLLUP_PENDING,
		     "SELECT 1 FROM store_meta WHERE key = 'rollup_rebuild' AND value = 'pending'",
		     &st, err);
	if (rc != LD_OK)
		return rc;
	if ((rc = sq_step_next(s, st, "store_meta", &more, err)) == LD_OK)
		*pending = more;
	sq_release(st);
	return rc;
}

ld_status sq_rollup_rebuild_done(struct store *store, struct ld_err *err)
{
	return exec(sq_of(store), "DELETE FROM store_meta WHERE key = 'rollup_rebuild'", err);
}
