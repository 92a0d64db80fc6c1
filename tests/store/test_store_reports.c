/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store contract suite, derived figures and report reads
 * (tests/store/store_fixture.h says which store it runs against).
 *
 * Owns: the meaning of rollup_apply() and the reads of what it keeps —
 * cells are sums of the deltas given (a new cell starts at zero, the same
 * cell twice in one call adds twice), customers' derived columns are
 * absolute, both are part of the caller's transaction — and of every
 * report read over them: effort_totals, fcr_totals, customer_split,
 * survey_histogram, servqual_totals, loyalty_cells, customer_loyalty_key,
 * customer_list_by_key, renewal_due_list, renewal_calendar, ces_effort_rows.
 *
 * After each kind of write that moves a figure (a customer added; a case
 * opened, resolved, reopened, moved to a team, a channel or a customer,
 * re-banded, merged; a survey answered; a subscription renewed or lapsed;
 * writes rolled back; the figures cleared and rebuilt) the test applies the
 * deltas core/rollup.c gives for it, as the app does, and fig_assert_true()
 * recomputes every figure from the rows and compares every read.
 */
#include "store_fixture.h"

/* 2024-01-01T00:00:00Z, a Monday: the suite's day 0. */
#define T0 INT64_C(1704067200)
#define DAY ROLLUP_DAY_S

/* ====================================================================
 * rollup_apply and the cells it keeps
 * ==================================================================== */

/* Counts the stored cells of each table and remembers one effort cell. */
struct cells_seen {
	int per_table[ROLLUP_T_COUNT];
	struct rollup_delta effort;
	struct rollup_delta loyalty;
};

static ld_status see_cell(void *ctx, const struct rollup_delta *cell, struct ld_err *e)
{
	struct cells_seen *seen = ctx;

	(void)e;
	seen->per_table[cell->table]++;
	if (cell->table == ROLLUP_T_EFFORT)
		seen->effort = *cell;
	if (cell->table == ROLLUP_T_LOYALTY)
		seen->loyalty = *cell;
	return LD_OK;
}

/*
 * The store only adds what it is given: rollup_apply() sums deltas into
 * cells (a new cell starts at zero) and writes customers' derived columns,
 * which customer_rollup_get/list and the loyalty reads give back. No row
 * write changes a figure by itself.
 */
static void test_store_rollup_apply_adds_deltas(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Counted", "", "");
	struct store_rollup_customer row, page[4];
	char key[STORE_LOYALTY_KEY_MAX + 1];
	struct rollup_delta d[2];
	struct cells_seen seen;
	struct rollup_customer got;
	struct ld_customer c;
	int n = -1;

	/* A case row alone moves nothing. */
	new_case(s, cust);
	assert_ok(STORE_CALL(s, customer_get, cust, &c, &err));
	assert_int_equal(c.case_count, 0);
	ld_customer_clear(&c);

	memset(d, 0, sizeof d);
	d[0].table = ROLLUP_T_EFFORT;
	d[0].key.cell.day = 20000;
	d[0].key.cell.team_id = 0;
	d[0].key.cell.channel = LD_CH_WEB;
	d[0].v[0] = 2; /* cases */
	d[0].v[1] = 5; /* contacts */
	d[1] = d[0];
	d[1].v[0] = -1;
	d[1].v[1] = -2;
	memset(&row, 0, sizeof row);
	row.id = cust;
	rollup_customer_init(&row.v);
	row.v.sums.cases = 1;
	row.v.sums.high_effort = 1;
	row.v.last_nps = 3;
	row.v.last_nps_at = 1000;
	row.v.outcome = ROLLUP_LAPSED;
	row.v.renewal_at = 1700000000;
	assert_ok(STORE_CALL(s, rollup_apply, d, 2, &row, 1, &err));

	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, rollup_cells, see_cell, &seen, &err));
	assert_int_equal(seen.per_table[ROLLUP_T_EFFORT], 1);
	assert_int_equal(seen.effort.key.cell.day, 20000);
	assert_int_equal(seen.effort.key.cell.channel, LD_CH_WEB);
	assert_int_equal(seen.effort.v[0], 1);
	assert_int_equal(seen.effort.v[1], 3);

	assert_ok(STORE_CALL(s, customer_get, cust, &c, &err));
	assert_int_equal(c.case_count, 1);
	ld_customer_clear(&c);
	assert_ok(STORE_CALL(s, customer_rollup_get, cust, &got, &err));
	assert_int_equal(got.sums.high_effort, 1);
	assert_int_equal(got.last_nps, 3);
	assert_int_equal(got.last_csat, -1);
	assert_int_equal(got.outcome, ROLLUP_LAPSED);
	assert_int_equal(got.renewal_at, 1700000000);
	assert_ok(STORE_CALL(s, customer_loyalty_key, cust, key, &err));
	assert_string_equal(key, "1,0,0,0,0,0,0,0,1,0,0,0,1");
	assert_ok(STORE_CALL(s, customer_rollup_list, 0, 4, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, cust);
	assert_int_equal(page[0].v.sums.cases, 1);
	assert_fails(STORE_CALL(s, customer_rollup_get, cust + 99, &got, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");

	/* clear empties every table. */
	assert_ok(STORE_CALL(s, rollup_clear, &err));
	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, rollup_cells, see_cell, &seen, &err));
	for (int t = 0; t < ROLLUP_T_COUNT; t++)
		assert_int_equal(seen.per_table[t], 0);
}

/* A fresh store asks once for its figures to be rebuilt (migration 0005). */
static void test_store_rollup_rebuild_flag(void **state)
{
	struct store *s = *state;
	bool pending = false;

	assert_ok(STORE_CALL(s, rollup_rebuild_pending, &pending, &err));
	assert_true(pending);
	assert_ok(STORE_CALL(s, rollup_rebuild_done, &err));
	assert_ok(STORE_CALL(s, rollup_rebuild_pending, &pending, &err));
	assert_false(pending);
}
/* The cells rollup_cells() walked. */
struct cells_kept {
	struct rollup_delta cell[16];
	size_t n;
};

static ld_status keep_cell(void *ctx, const struct rollup_delta *cell, struct ld_err *e)
{
	struct cells_kept *k = ctx;

	(void)e;
	assert_true(k->n < 16);
	k->cell[k->n++] = *cell;
	return LD_OK;
}

/* The stored cell with the key of `want` (bytewise, as core compares keys). */
static const struct rollup_delta *find_cell(const struct cells_kept *k,
					    const struct rollup_delta *want)
{
	for (size_t i = 0; i < k->n; i++) {
		if (rollup_delta_cmp(&k->cell[i], want) == 0)
			return &k->cell[i];
	}
	return NULL;
}

/*
 * Every table's key comes back exactly as given — a day before 1970, no
 * team, no channel, every origin, kind, score, dimension, outcome and month
 * — and values add up per cell, also when one call names a cell twice.
 */
static void test_store_rollup_cells_keep_keys(void **state)
{
	struct store *s = *state;
	struct rollup_delta d[8];
	struct cells_kept kept;

	memset(d, 0, sizeof d);
	d[0].table = ROLLUP_T_EFFORT;
	d[0].key.cell = (struct rollup_cell){ .day = -3, .team_id = 0, .channel = -1 };
	for (int i = 0; i < ROLLUP_EFFORT_N; i++)
		d[0].v[i] = i + 1;
	d[1].table = ROLLUP_T_FCR;
	d[1].key.cell = (struct rollup_cell){ .day = 19000, .team_id = 7, .channel = LD_CH_BOT };
	for (int i = 0; i < ROLLUP_FCR_N; i++)
		d[1].v[i] = 10 * (i + 1);
	d[2].table = ROLLUP_T_ANSWER;
	d[2].key.answer.cell = (struct rollup_answer_cell){ .day = 19001, .team_id = 7,
							    .channel = LD_CH_CHAT,
							    .origin = LD_ORIGIN_RELATIONSHIP };
	d[2].key.answer.kind = LD_SURVEY_CES;
	d[2].key.answer.score = 7;
	d[2].v[0] = 3;
	d[3].table = ROLLUP_T_SERVQUAL;
	d[3].key.servqual.cell = (struct rollup_answer_cell){ .day = 19002, .team_id = 0,
							      .channel = -1,
							      .origin = LD_ORIGIN_TRANSACTIONAL };
	d[3].key.servqual.dim = LD_SQ_DIMS - 1;
	d[3].v[0] = 2;
	d[3].v[1] = -5;
	d[3].v[2] = 13;
	d[4].table = ROLLUP_T_SPLIT;
	d[4].key.split = (struct rollup_split){ .has_case = 1, .has_high = 1,
						.outcome = ROLLUP_LAPSED };
	d[4].v[0] = 2;
	d[5].table = ROLLUP_T_LOYALTY;
	snprintf(d[5].key.loyalty.key, sizeof d[5].key.loyalty.key, "1,10,5,5,5,5,5,5,1,0,1,1,1");
	d[5].key.loyalty.outcome = ROLLUP_RENEWED;
	d[5].key.loyalty.month = 202402;
	d[5].v[0] = 4;
	/* The same effort and loyalty cells once more in the same call. */
	d[6] = d[0];
	d[7] = d[5];
	d[7].v[0] = -1;
	assert_ok(STORE_CALL(s, rollup_apply, d, 8, NULL, 0, &err));

	memset(&kept, 0, sizeof kept);
	assert_ok(STORE_CALL(s, rollup_cells, keep_cell, &kept, &err));
	assert_int_equal(kept.n, 6);
	for (int t = 0; t < 6; t++) {
		const struct rollup_delta *got = find_cell(&kept, &d[t]);
		if (got == NULL)
			print_error("cell of table %d came back with another key\n", t);
		assert_non_null(got);
		for (int k = 0; k < rollup_table_values(t); k++) {
			int64_t want = d[t].v[k];
			if (t == ROLLUP_T_EFFORT)
				want *= 2;
			if (t == ROLLUP_T_LOYALTY)
				want -= 1;
			assert_int_equal(got->v[k], want);
		}
	}

	/* The reads over them, for the cells with a report. */
	struct rollup_effort e;
	struct store_effort_filter all = { .channel = -1 };
	assert_ok(STORE_CALL(s, effort_totals, &all, &e, &err));
	assert_int_equal(e.cases, 2);
	assert_int_equal(e.elapsed_s, 2 * ROLLUP_EFFORT_N);
	struct store_fcr_totals f;
	struct store_effort_filter bot = { .team_id = 7, .channel = LD_CH_BOT };
	assert_ok(STORE_CALL(s, fcr_totals, &bot, &f, &err));
	for (int w = 0; w < ROLLUP_FCR_WINDOWS; w++) {
		assert_int_equal(f.first[w], 10 * (w + 1));
		assert_int_equal(f.repeated[w], 10 * (ROLLUP_FCR_WINDOWS + w + 1));
	}
	struct store_customer_split sp;
	assert_ok(STORE_CALL(s, customer_split, &sp, &err));
	assert_int_equal(sp.customers[1][1][ROLLUP_LAPSED], 2);
	assert_int_equal(sp.customers[0][0][0], 0);
}

/*
 * A customer's derived columns are written as given, not added: the same
 * state twice reads back once. Every field of the state comes back.
 */
static void test_store_rollup_customer_state_is_absolute(void **state)
{
	struct store *s = *state;
	int64_t a = new_customer(s, "A", "", "");
	int64_t b = new_customer(s, "B", "", "");
	struct store_rollup_customer rows[2], page[4];
	struct rollup_customer got;
	int n = -1;

	memset(rows, 0, sizeof rows);
	rows[0].id = a;
	rollup_customer_init(&rows[0].v);
	rows[0].v.sums = (struct rollup_sums){ .cases = 12, .complaints = 6, .high_effort = 2,
					       .contacts = 40, .repeat_contacts = 7, .transfers = 1,
					       .channel_switches = 9, .re_explanations = 3,
					       .robot_only = 8 };
	rows[0].v.last_nps = 0;
	rows[0].v.last_nps_at = T0 + 1;
	rows[0].v.last_csat = 5;
	rows[0].v.last_csat_at = T0 + 2;
	rows[0].v.last_ces = 7;
	rows[0].v.last_ces_at = T0 + 3;
	rows[0].v.outcome = ROLLUP_RENEWED;
	rows[0].v.renewal_at = T0 + 40 * DAY;
	rows[0].v.renewal_sub_id = 99; /* not stored: reads back as 0 */
	rows[1].id = b;
	rollup_customer_init(&rows[1].v);
	assert_ok(STORE_CALL(s, rollup_apply, NULL, 0, rows, 2, &err));
	assert_ok(STORE_CALL(s, rollup_apply, NULL, 0, rows, 2, &err));

	assert_ok(STORE_CALL(s, customer_rollup_get, a, &got, &err));
	assert_memory_equal(&got.sums, &rows[0].v.sums, sizeof got.sums);
	assert_int_equal(got.last_nps, 0);
	assert_int_equal(got.last_nps_at, T0 + 1);
	assert_int_equal(got.last_csat, 5);
	assert_int_equal(got.last_csat_at, T0 + 2);
	assert_int_equal(got.last_ces, 7);
	assert_int_equal(got.last_ces_at, T0 + 3);
	assert_int_equal(got.outcome, ROLLUP_RENEWED);
	assert_int_equal(got.renewal_at, T0 + 40 * DAY);
	assert_int_equal(got.renewal_sub_id, 0);
	char key[STORE_LOYALTY_KEY_MAX + 1], want[ROLLUP_LOYALTY_KEY_MAX + 1];
	rollup_loyalty_key(&rows[0].v, want);
	assert_ok(STORE_CALL(s, customer_loyalty_key, a, key, &err));
	assert_string_equal(key, want);
	assert_string_equal(key, "1,10,5,1,5,3,5,5,1,0,0,0,1");

	/* Back to nothing: answers and outcome clear again. */
	rollup_customer_init(&rows[0].v);
	assert_ok(STORE_CALL(s, rollup_apply, NULL, 0, rows, 1, &err));
	assert_ok(STORE_CALL(s, customer_rollup_get, a, &got, &err));
	assert_int_equal(got.sums.cases, 0);
	assert_int_equal(got.last_nps, -1);
	assert_int_equal(got.last_csat, -1);
	assert_int_equal(got.last_ces, -1);
	assert_int_equal(got.outcome, ROLLUP_UNDECIDED);
	assert_int_equal(got.renewal_at, 0);
	assert_ok(STORE_CALL(s, customer_loyalty_key, a, key, &err));
	assert_string_equal(key, "0,0,0,0,0,0,0,0,0,0,0,0,0");

	/* The list pages by id and carries the stored key. */
	assert_ok(STORE_CALL(s, customer_rollup_list, 0, 1, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, a);
	assert_string_equal(page[0].key, "0,0,0,0,0,0,0,0,0,0,0,0,0");
	assert_ok(STORE_CALL(s, customer_rollup_list, a, 4, page, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(page[0].id, b);
	assert_ok(STORE_CALL(s, customer_rollup_list, b, 4, page, &n, &err));
	assert_int_equal(n, 0);
	assert_fails(STORE_CALL(s, customer_rollup_list, 0, 0, page, &n, &err), LD_ERR_INVALID,
		     "invalid_limit");
	assert_fails(STORE_CALL(s, customer_loyalty_key, b + 10, key, &err), LD_ERR_NOT_FOUND,
		     "customer_not_found");
}

/* rollup_apply is part of the caller's transaction, savepoints included. */
static void test_store_rollup_apply_follows_the_transaction(void **state)
{
	struct store *s = *state;
	int64_t cust = fig_new_customer(s, "Kept");
	struct ld_case c = case_of(cust);
	struct cells_seen seen;

	assert_ok(STORE_CALL(s, begin, &err));
	c.created_at = T0;
	fig_insert_case(s, &c);
	s->ops->rollback(s);
	fig_assert_true(s);
	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, rollup_cells, see_cell, &seen, &err));
	assert_int_equal(seen.per_table[ROLLUP_T_EFFORT], 0);

	/* Undone with its savepoint, kept with the one around it. */
	assert_ok(STORE_CALL(s, begin, &err));
	assert_ok(STORE_CALL(s, savepoint, &err));
	c = case_of(cust);
	c.created_at = T0 + DAY;
	fig_insert_case(s, &c);
	assert_ok(STORE_CALL(s, savepoint, &err));
	struct ld_case undone = case_of(cust);
	undone.created_at = T0 + 2 * DAY;
	undone.effort_band = EFFORT_HIGH;
	fig_insert_case(s, &undone);
	fig_customer_new(s, new_customer(s, "Undone", "", ""));
	s->ops->rollback_savepoint(s);
	assert_ok(STORE_CALL(s, release, &err));
	assert_ok(STORE_CALL(s, commit, &err));
	fig_assert_true(s);
	struct rollup_effort e;
	struct store_effort_filter all = { .channel = -1 };
	assert_ok(STORE_CALL(s, effort_totals, &all, &e, &err));
	assert_int_equal(e.cases, 1);
	assert_int_equal(e.high_cases, 0);
}

/* An empty store: every read answers zeros, and writes every field of its [out]. */
static void test_store_reports_empty(void **state)
{
	struct store *s = *state;
	struct store_effort_filter f = { .channel = -1 };
	struct store_survey_filter sf = { .when = { .channel = -1 }, .origin = -1 };
	struct rollup_effort e;
	struct store_fcr_totals fcr;
	struct store_customer_split split;
	struct store_servqual_totals sq;
	int64_t hist[11];
	const uint8_t zero[sizeof e] = { 0 };

	memset(&e, 0x5a, sizeof e);
	assert_ok(STORE_CALL(s, effort_totals, &f, &e, &err));
	assert_memory_equal(&e, zero, sizeof e);
	memset(&fcr, 0x5a, sizeof fcr);
	assert_ok(STORE_CALL(s, fcr_totals, &f, &fcr, &err));
	assert_memory_equal(&fcr, zero, sizeof fcr);
	memset(&split, 0x5a, sizeof split);
	assert_ok(STORE_CALL(s, customer_split, &split, &err));
	assert_memory_equal(&split, zero, sizeof split);
	memset(&sq, 0x5a, sizeof sq);
	assert_ok(STORE_CALL(s, servqual_totals, &sf, &sq, &err));
	assert_memory_equal(&sq, zero, sizeof sq);
	memset(hist, 0x5a, sizeof hist);
	assert_ok(STORE_CALL(s, survey_histogram, &sf, LD_SURVEY_NPS, hist, &err));
	assert_memory_equal(hist, zero, sizeof hist);
	fig_assert_true(s);
}

/* A filter value outside its enum is refused, not read as "any". */
static void test_store_reports_refuse_bad_filters(void **state)
{
	struct store *s = *state;
	int64_t cust = fig_new_customer(s, "Filtered");
	struct ld_case c = case_of(cust);
	struct store_effort_filter f = { .channel = LD_CH_COUNT };
	struct store_survey_filter sf = { .when = { .channel = LD_CH_COUNT }, .origin = -1 };
	struct rollup_effort e;
	struct store_fcr_totals fcr;
	struct store_servqual_totals sq;
	int64_t hist[11];

	c.status = LD_ST_RESOLVED;
	c.resolved_at = c.created_at + 60;
	fig_insert_case(s, &c);
	assert_fails(STORE_CALL(s, effort_totals, &f, &e, &err), LD_ERR_INVALID,
		     "invalid_channel");
	assert_fails(STORE_CALL(s, fcr_totals, &f, &fcr, &err), LD_ERR_INVALID,
		     "invalid_channel");
	f.channel = -2;
	assert_fails(STORE_CALL(s, effort_totals, &f, &e, &err), LD_ERR_INVALID,
		     "invalid_channel");
	assert_fails(STORE_CALL(s, survey_histogram, &sf, LD_SURVEY_NPS, hist, &err),
		     LD_ERR_INVALID, "invalid_channel");
	assert_fails(STORE_CALL(s, servqual_totals, &sf, &sq, &err), LD_ERR_INVALID,
		     "invalid_channel");
	sf.when.channel = -1;
	sf.origin = LD_ORIGIN_COUNT;
	assert_fails(STORE_CALL(s, survey_histogram, &sf, LD_SURVEY_NPS, hist, &err),
		     LD_ERR_INVALID, "invalid_origin");
	assert_fails(STORE_CALL(s, servqual_totals, &sf, &sq, &err), LD_ERR_INVALID,
		     "invalid_origin");
	sf.origin = -1;
	assert_fails(STORE_CALL(s, survey_histogram, &sf, LD_SURVEY_KIND_COUNT, hist, &err),
		     LD_ERR_INVALID, "invalid_kind");
	assert_fails(STORE_CALL(s, survey_histogram, &sf, -1, hist, &err), LD_ERR_INVALID,
		     "invalid_kind");

	/* The list filters on an enum refuse the same way. */
	struct ld_survey one_sv[1];
	struct store_survey_query svq = { .kind = LD_SURVEY_KIND_COUNT, .answered = -1,
					  .limit = 1 };
	int n = -1;
	assert_fails(STORE_CALL(s, survey_list, &svq, one_sv, &n, &err), LD_ERR_INVALID,
		     "invalid_kind");
}

/*
 * Report periods are whole UTC days (store.h): `from` counts from the start
 * of its day, `to` up to the end of the day of its last second.
 */
static void test_store_reports_round_to_days(void **state)
{
	struct store *s = *state;
	int64_t cust = fig_new_customer(s, "Days");
	struct rollup_effort e;

	/* Three cases: the first and last second of day 1, and day 2 at noon. */
	const int64_t opened[] = { T0 + DAY, T0 + 2 * DAY - 1, T0 + 2 * DAY + DAY / 2 };
	for (int i = 0; i < 3; i++) {
		struct ld_case c = case_of(cust);
		c.created_at = opened[i];
		fig_insert_case(s, &c);
	}
	const struct {
		int64_t from, to;
		int64_t cases;
	} cases[] = {
		{ T0 + DAY, T0 + 2 * DAY, 2 },            /* exactly day 1 */
		{ T0 + DAY + 3600, T0 + 2 * DAY, 2 },     /* from inside day 1: all of it */
		{ T0 + DAY, T0 + DAY + 1, 2 },            /* to inside day 1: all of it */
		{ T0 + 2 * DAY - 1, T0 + 2 * DAY + 1, 3 },
		{ T0 + 2 * DAY, 0, 1 },                   /* since day 2 */
		{ 0, T0 + 2 * DAY, 2 },                   /* before day 2 */
		{ 0, T0 + DAY, 0 },
		{ T0 + 3 * DAY, 0, 0 },
		{ 0, 0, 3 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store_effort_filter f = { .from = cases[i].from, .to = cases[i].to,
						 .channel = -1 };
		assert_ok(STORE_CALL(s, effort_totals, &f, &e, &err));
		if (e.cases != cases[i].cases)
			print_error("period %zu: %lld cases\n", i, (long long)e.cases);
		assert_int_equal(e.cases, cases[i].cases);
	}
	fig_assert_true(s);
}

/* ====================================================================
 * Figures after each kind of write
 * ==================================================================== */

/* An open case of `customer` from `at` s after T0, of `team`, first contact on `channel`. */
static struct ld_case case_at(int64_t customer, int64_t at, int64_t team, int channel)
{
	struct ld_case c = case_of(customer);

	c.created_at = c.updated_at = T0 + at;
	c.effort.opened_at = T0 + at;
	c.team_id = team;
	c.first_channel = channel;
	c.status = LD_ST_OPEN;
	return c;
}

static void test_store_figures_customers(void **state)
{
	struct store *s = *state;

	fig_assert_true(s);
	fig_new_customer(s, "Jan");
	fig_assert_true(s);
	fig_new_customer(s, "Eva");
	fig_new_customer(s, "Petr");
	fig_assert_true(s);
	struct store_customer_split sp;
	assert_ok(STORE_CALL(s, customer_split, &sp, &err));
	assert_int_equal(sp.customers[0][0][ROLLUP_UNDECIDED], 3);
}

static void test_store_figures_case_writes(void **state)
{
	struct store *s = *state;
	int64_t t1 = new_team(s, "První linie");
	int64_t t2 = new_team(s, "Specialisté");
	int64_t a = fig_new_customer(s, "A");
	int64_t b = fig_new_customer(s, "B");

	/* Opened: the effort bucket of its day, team and first channel. */
	struct ld_case c = case_at(a, 3600, t1, LD_CH_WEB);
	c.effort.contacts = 3;
	c.effort.repeat_contacts = 2;
	c.effort.channel_switches = 1;
	c.effort.web_phone_switches = 1;
	c.effort_band = EFFORT_MEDIUM;
	fig_insert_case(s, &c);
	fig_assert_true(s);

	/* Resolved: FCR by the day resolved, another case resolved three days before. */
	c.status = LD_ST_RESOLVED;
	c.resolved_at = c.effort.resolved_at = c.created_at + DAY + 5 * 3600;
	c.fcr_has_prev = true;
	c.fcr_prev_gap_s = 3 * DAY;
	fig_update_case(s, &c);
	fig_assert_true(s);

	/* The customer came back two days later. */
	c.fcr_has_next = true;
	c.fcr_next_gap_s = 2 * DAY;
	fig_update_case(s, &c);
	fig_assert_true(s);

	/* Reopened: no longer resolved, one reopen. */
	c.status = LD_ST_OPEN;
	c.reopen_count = 1;
	c.effort.reopens = 1;
	fig_update_case(s, &c);
	fig_assert_true(s);

	/* Transferred to another team, now high effort. */
	c.team_id = t2;
	c.effort.transfers = 1;
	c.effort.re_explanations = 1;
	c.effort_band = EFFORT_HIGH;
	fig_update_case(s, &c);
	fig_assert_true(s);

	/* Closed days later; the first channel learnt from a late contact. */
	c.status = LD_ST_CLOSED;
	c.resolved_at = c.effort.resolved_at = c.created_at + 9 * DAY;
	c.first_channel = LD_CH_PHONE;
	fig_update_case(s, &c);
	fig_assert_true(s);

	/* Moved to another customer: both customers' sums and cells move. */
	c.customer_id = b;
	fig_update_case(s, &c);
	fig_assert_true(s);

	/* A complaint with a bot contact and no team, then merged into the first. */
	struct ld_case d = case_at(a, 2 * DAY, 0, -1);
	d.category = LD_CAT_COMPLAINT;
	d.effort.contacts = 2;
	d.effort.robot_only = 1;
	fig_insert_case(s, &d);
	fig_assert_true(s);
	new_interaction(s, d.id, T0 + 2 * DAY + 60);
	d.merged_into_id = c.id;
	d.status = LD_ST_CLOSED;
	d.resolved_at = T0 + 2 * DAY + 120;
	fig_update_case(s, &d);
	assert_ok(STORE_CALL(s, interaction_move_case, d.id, c.id, &err));
	fig_assert_true(s);

	struct rollup_effort e;
	struct store_effort_filter all = { .channel = -1 };
	assert_ok(STORE_CALL(s, effort_totals, &all, &e, &err));
	assert_int_equal(e.cases, 1);
	assert_int_equal(e.reopen_cases, 1);
	assert_int_equal(e.elapsed_s, 9 * DAY);
	struct rollup_customer ra;
	assert_ok(STORE_CALL(s, customer_rollup_get, a, &ra, &err));
	assert_int_equal(ra.sums.cases, 0);
	assert_int_equal(ra.sums.complaints, 0);
}

/*
 * Sends `sv` as a new survey (its ratings held back) and answers it with
 * `score` and the ratings at `answered_at`, then applies the answer's figures.
 */
static void answer(struct store *s, struct ld_survey *sv, int64_t answered_at, int score)
{
	static uint8_t seed = 100;
	uint8_t digest[STORE_TOKEN_DIGEST_LEN];
	struct ld_survey sent = *sv;

	digest_of(seed++, digest);
	sent.sent_at = answered_at - 3600;
	sent.expires_at = answered_at + 7 * DAY;
	sent.answered_at = 0;
	sent.score = -1;
	sent.comment = NULL;
	memset(sent.expected, 0, sizeof sent.expected);
	memset(sent.perceived, 0, sizeof sent.perceived);
	assert_ok(STORE_CALL(s, survey_insert, &sent, digest, &err));
	sv->id = sent.id;
	sv->sent_at = sent.sent_at;
	sv->expires_at = sent.expires_at;
	sv->answered_at = answered_at;
	sv->score = score;
	assert_ok(STORE_CALL(s, survey_answer, sv, &err));
	fig_answer(s, sv);
}

static void test_store_figures_answers(void **state)
{
	struct store *s = *state;
	int64_t t1 = new_team(s, "Reklamace");
	int64_t a = fig_new_customer(s, "A");
	int64_t b = fig_new_customer(s, "B");
	struct ld_case k = case_at(a, 0, t1, LD_CH_CHAT);
	struct ld_survey sv;
	uint8_t digest[STORE_TOKEN_DIGEST_LEN];

	fig_insert_case(s, &k);

	/* Sent, not answered: nothing moves. */
	sv = survey_of(a, LD_SURVEY_NPS, T0 + 600);
	digest_of(1, digest);
	assert_ok(STORE_CALL(s, survey_insert, &sv, digest, &err));
	fig_assert_true(s);

	/* A transactional NPS about the case: the case's team and channel. */
	sv = survey_of(a, LD_SURVEY_NPS, 0);
	sv.origin = LD_ORIGIN_TRANSACTIONAL;
	sv.case_id = k.id;
	sv.team_id = t1;
	sv.channel = LD_CH_CHAT;
	answer(s, &sv, T0 + DAY, 3);
	fig_assert_true(s);

	/* A later promoter answer, then an earlier one arriving late. */
	struct ld_survey later = sv;
	answer(s, &later, T0 + 2 * DAY, 10);
	fig_assert_true(s);
	struct ld_survey late = sv;
	answer(s, &late, T0 + DAY / 2, 0);
	fig_assert_true(s);
	struct rollup_customer ra;
	assert_ok(STORE_CALL(s, customer_rollup_get, a, &ra, &err));
	assert_int_equal(ra.last_nps, 10);

	/* Two CSAT answers in the same second: the lower one is the latest. */
	struct ld_survey csat = survey_of(a, LD_SURVEY_CSAT, 0);
	answer(s, &csat, T0 + 3 * DAY, 2);
	csat = survey_of(a, LD_SURVEY_CSAT, 0);
	answer(s, &csat, T0 + 3 * DAY, 1);
	fig_assert_true(s);

	/* A relationship CES from a campaign, no team, no channel. */
	struct ld_survey ces = survey_of(a, LD_SURVEY_CES, 0);
	ces.origin = LD_ORIGIN_RELATIONSHIP;
	snprintf(ces.campaign, sizeof ces.campaign, "Podzim");
	answer(s, &ces, T0 + 4 * DAY, 2);
	fig_assert_true(s);

	/* SERVQUAL: no score; each dimension rated on both sides counts. */
	struct ld_survey sq = survey_of(b, LD_SURVEY_SERVQUAL, 0);
	sq.team_id = t1;
	sq.channel = LD_CH_EMAIL;
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		sq.expected[d] = 7 - d;
		sq.perceived[d] = d == 1 ? 0 : 2 + d; /* dimension 1 half-answered */
	}
	answer(s, &sq, T0 + 4 * DAY + 7200, -1);
	fig_assert_true(s);
	struct store_servqual_totals tot;
	struct store_survey_filter all = { .when = { .channel = -1 }, .origin = -1 };
	assert_ok(STORE_CALL(s, servqual_totals, &all, &tot, &err));
	assert_int_equal(tot.n[0], 1);
	assert_int_equal(tot.gap_sum[0], 2 - 7);
	assert_int_equal(tot.gap_sq[0], 25);
	assert_int_equal(tot.n[1], 0);

	/* Another customer's answer on another day. */
	struct ld_survey bcsat = survey_of(b, LD_SURVEY_CSAT, 0);
	answer(s, &bcsat, T0 + 10 * DAY, 5);
	fig_assert_true(s);
}

/* Writes a subscription (insert when id is 0) and refolds its customer. */
static void put_subscription(struct store *s, struct ld_subscription *sub)
{
	if (sub->id == 0)
		assert_ok(STORE_CALL(s, subscription_insert, sub, &err));
	else
		assert_ok(STORE_CALL(s, subscription_update, sub, &err));
	fig_renewal(s, sub->customer_id);
}

static void test_store_figures_renewals(void **state)
{
	struct store *s = *state;
	int64_t a = fig_new_customer(s, "A");
	int64_t b = fig_new_customer(s, "B");
	int64_t c = fig_new_customer(s, "C");
	struct ld_case high = case_at(a, 0, 0, LD_CH_PHONE);

	high.effort_band = EFFORT_HIGH;
	high.effort.contacts = 12;
	fig_insert_case(s, &high);

	/* Active: undecided. */
	struct ld_subscription sa = subscription_of(a, T0 + 30 * DAY, LD_SUB_ACTIVE);
	put_subscription(s, &sa);
	fig_assert_true(s);
	/* Renewed in January 2024. */
	sa.status = LD_SUB_RENEWED;
	put_subscription(s, &sa);
	fig_assert_true(s);
	/* A later renewal lapsed (March 2024): the latest decided one wins. */
	struct ld_subscription sa2 = subscription_of(a, T0 + 60 * DAY, LD_SUB_LAPSED);
	put_subscription(s, &sa2);
	fig_assert_true(s);
	struct rollup_customer ra;
	assert_ok(STORE_CALL(s, customer_rollup_get, a, &ra, &err));
	assert_int_equal(ra.outcome, ROLLUP_LAPSED);
	assert_int_equal(rollup_loyalty_month(&ra), 202403);

	/* Two decided on the same day: the higher id decides. */
	struct ld_subscription sb1 = subscription_of(b, T0 + 45 * DAY, LD_SUB_LAPSED);
	struct ld_subscription sb2 = subscription_of(b, T0 + 45 * DAY, LD_SUB_RENEWED);
	put_subscription(s, &sb1);
	put_subscription(s, &sb2);
	fig_assert_true(s);

	/* A subscription handed to another customer: both refold. */
	sa2.customer_id = c;
	assert_ok(STORE_CALL(s, subscription_update, &sa2, &err));
	fig_renewal(s, a);
	fig_renewal(s, c);
	fig_assert_true(s);
	/* And back to active: undecided again. */
	sa2.status = LD_SUB_ACTIVE;
	put_subscription(s, &sa2);
	fig_assert_true(s);
}

/* ====================================================================
 * Clearing and rebuilding from the rows
 * ==================================================================== */

/* Applies what every stored row contributes, from nothing — what a rebuild does. */
static void rebuild_from_rows(struct store *s)
{
	struct rollup_delta d[ROLLUP_CASE_DELTAS_MAX + ROLLUP_SURVEY_DELTAS_MAX];
	struct ld_case cases[FIG_PAGE];
	struct ld_survey surveys[FIG_PAGE];
	struct store_case_query cq = { .status = -1, .limit = FIG_PAGE };
	struct store_survey_query sq = { .kind = -1, .answered = 1, .limit = FIG_PAGE };
	int n = 0;

	do {
		assert_ok(STORE_CALL(s, case_list, &cq, cases, &n, &err));
		for (int i = 0; i < n; i++) {
			int k = rollup_case_deltas(NULL, &cases[i], d);
			assert_ok(STORE_CALL(s, rollup_apply, d, (size_t)k, NULL, 0, &err));
			cq.after_id = cases[i].id;
		}
	} while (n == FIG_PAGE);
	do {
		assert_ok(STORE_CALL(s, survey_list, &sq, surveys, &n, &err));
		for (int i = 0; i < n; i++) {
			int k = rollup_survey_deltas(&surveys[i], 1, d);
			assert_ok(STORE_CALL(s, rollup_apply, d, (size_t)k, NULL, 0, &err));
			sq.after_id = surveys[i].id;
			ld_survey_clear(&surveys[i]);
		}
	} while (n == FIG_PAGE);

	struct fig_truth *t = fig_recompute(s);
	for (size_t i = 0; i < t->n_cust; i++) {
		struct store_rollup_customer row;
		memset(&row, 0, sizeof row);
		row.id = t->cust_id[i];
		row.v = t->cust[i];
		int k = rollup_customer_deltas(NULL, &row.v, d);
		assert_ok(STORE_CALL(s, rollup_apply, d, (size_t)k, &row, 1, &err));
	}
	free(t);
}

/* A small desk: two teams, three customers, cases, answers, renewals. */
static void small_desk(struct store *s)
{
	int64_t t1 = new_team(s, "T1"), t2 = new_team(s, "T2");
	int64_t a = fig_new_customer(s, "A"), b = fig_new_customer(s, "B");
	fig_new_customer(s, "C");
	struct ld_case c1 = case_at(a, 0, t1, LD_CH_EMAIL);
	c1.status = LD_ST_RESOLVED;
	c1.resolved_at = T0 + 3600;
	c1.effort.contacts = 1;
	fig_insert_case(s, &c1);
	struct ld_case c2 = case_at(b, DAY, t2, LD_CH_BOT);
	c2.effort.robot_only = 2;
	c2.effort_band = EFFORT_HIGH;
	c2.category = LD_CAT_COMPLAINT;
	fig_insert_case(s, &c2);
	struct ld_survey sv = survey_of(a, LD_SURVEY_NPS, 0);
	sv.team_id = t1;
	sv.channel = LD_CH_EMAIL;
	answer(s, &sv, T0 + 2 * DAY, 6);
	struct ld_subscription sub = subscription_of(b, T0 + 20 * DAY, LD_SUB_LAPSED);
	put_subscription(s, &sub);
}

static void test_store_figures_clear_and_rebuild(void **state)
{
	struct store *s = *state;
	struct cells_seen seen;
	struct fig_cells cells;

	small_desk(s);
	fig_assert_true(s);

	/* Cleared: every aggregate is empty, the rows stay. */
	assert_ok(STORE_CALL(s, rollup_clear, &err));
	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, rollup_cells, see_cell, &seen, &err));
	for (int t = 0; t < ROLLUP_T_COUNT; t++)
		assert_int_equal(seen.per_table[t], 0);
	struct rollup_effort e;
	struct store_effort_filter all = { .channel = -1 };
	assert_ok(STORE_CALL(s, effort_totals, &all, &e, &err));
	assert_int_equal(e.cases, 0);
	memset(&cells, 0, sizeof cells);
	assert_ok(STORE_CALL(s, loyalty_cells, 0, 0, fig_keep_cell, &cells, &err));
	assert_int_equal(cells.n, 0);
	struct ld_case k;
	assert_ok(STORE_CALL(s, case_get, 1, &k, &err));

	/* Rebuilt from the rows, in one transaction: every read agrees again. */
	assert_ok(STORE_CALL(s, begin, &err));
	assert_ok(STORE_CALL(s, rollup_clear, &err));
	rebuild_from_rows(s);
	assert_ok(STORE_CALL(s, rollup_rebuild_done, &err));
	assert_ok(STORE_CALL(s, commit, &err));
	fig_assert_true(s);
	bool pending = true;
	assert_ok(STORE_CALL(s, rollup_rebuild_pending, &pending, &err));
	assert_false(pending);

	/* Rebuilding twice counts every row twice: the store adds, it does not recompute. */
	rebuild_from_rows(s);
	assert_ok(STORE_CALL(s, effort_totals, &all, &e, &err));
	assert_int_equal(e.cases, 4);
}

/*
 * Writes the rules give no figure to move none: a customer edited, a case's
 * subject and priority changed, contacts logged, a survey sent, a message
 * queued and sent, a follow-up opened and closed, teams and accounts added.
 * No fig_* call follows them, and every figure still equals the rows'.
 */
static void test_store_figures_entity_writes_move_nothing(void **state)
{
	struct store *s = *state;
	struct ld_customer c;
	struct ld_case k;

	small_desk(s);
	fig_assert_true(s);
	assert_ok(STORE_CALL(s, customer_get, 1, &c, &err));
	snprintf(c.name, sizeof c.name, "Přejmenovaný zákazník");
	c.consent = !c.consent;
	assert_ok(STORE_CALL(s, customer_update, &c, &err));
	ld_customer_clear(&c);
	assert_ok(STORE_CALL(s, case_get, 1, &k, &err));
	snprintf(k.subject, sizeof k.subject, "Jiný předmět");
	k.priority = LD_PRIO_URGENT;
	k.sla.first_response_due = T0 + 600;
	assert_ok(STORE_CALL(s, case_update, &k, &err));
	new_interaction(s, k.id, T0 + 7200);
	new_team(s, "Nový tým");
	new_agent(s, "Nový", "novy@desk.example");
	struct ld_survey sv = survey_of(k.customer_id, LD_SURVEY_CSAT, T0 + 3 * DAY);
	uint8_t digest[STORE_TOKEN_DIGEST_LEN];
	digest_of(200, digest);
	assert_ok(STORE_CALL(s, survey_insert, &sv, digest, &err));
	struct ld_message m = { .survey_id = sv.id, .customer_id = k.customer_id,
				.channel = LD_CH_EMAIL, .body = "Odkaz", .created_at = T0 };
	snprintf(m.recipient, sizeof m.recipient, "a@example.cz");
	snprintf(m.language, sizeof m.language, "cs");
	assert_ok(STORE_CALL(s, message_insert, &m, &err));
	assert_ok(STORE_CALL(s, message_mark_sent, m.id, T0 + 60, NULL, &err));
	struct ld_followup t = { .survey_id = sv.id, .customer_id = k.customer_id,
				 .reason = LD_REASON_LOW_CSAT, .status = LD_TASK_OPEN,
				 .due_at = T0 + 4 * DAY, .created_at = T0 + 3 * DAY };
	assert_ok(STORE_CALL(s, followup_insert, &t, &err));
	t.status = LD_TASK_DONE;
	t.done_at = T0 + 4 * DAY;
	assert_ok(STORE_CALL(s, followup_update, &t, &err));
	fig_assert_true(s);
}

/* ====================================================================
 * A mixed workload, checked after every write
 * ==================================================================== */

/* A small deterministic generator (the figures must not depend on luck). */
static uint32_t rnd_state;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static void test_store_figures_workload(void **state)
{
	struct store *s = *state;
	int64_t teams[3] = { 0, new_team(s, "W1"), new_team(s, "W2") };
	int64_t cust[8], cases[64];
	int n_cust = 0, n_cases = 0;

	rnd_state = 20240101;
	cust[n_cust++] = fig_new_customer(s, "W0");
	for (int step = 0; step < 60; step++) {
		uint32_t op = rnd(10);
		int64_t who = cust[rnd((uint32_t)n_cust)];
		if (op == 0 && n_cust < 8) {
			cust[n_cust++] = fig_new_customer(s, "W");
		} else if (op <= 3 || n_cases == 0) {
			struct ld_case c = case_at(who, (int64_t)rnd(12) * DAY + rnd(DAY),
						   teams[rnd(3)], (int)rnd(LD_CH_COUNT + 1) - 1);
			c.category = (int)rnd(LD_CAT_COUNT);
			c.effort.contacts = (int)rnd(14);
			c.effort.repeat_contacts = (int)rnd(7);
			c.effort.transfers = (int)rnd(3);
			c.effort.channel_switches = (int)rnd(3);
			c.effort.web_phone_switches = c.effort.channel_switches > 0 ? (int)rnd(2) : 0;
			c.effort.re_explanations = (int)rnd(2);
			c.effort.robot_only = (int)rnd(7);
			c.effort_band = (int)rnd(EFFORT_BAND_COUNT);
			assert_true(n_cases < 64);
			cases[n_cases++] = fig_insert_case(s, &c);
		} else if (op <= 6) {
			struct ld_case c;
			assert_ok(STORE_CALL(s, case_get, cases[rnd((uint32_t)n_cases)], &c, &err));
			if (c.merged_into_id != 0)
				continue;
			switch (rnd(6)) {
			case 0: /* resolved, with FCR neighbours */
				c.status = rnd(2) ? LD_ST_RESOLVED : LD_ST_CLOSED;
				c.resolved_at = c.created_at + rnd(4 * DAY);
				c.fcr_has_prev = rnd(2);
				c.fcr_prev_gap_s = rnd(40) * DAY / 2;
				c.fcr_has_next = rnd(2);
				c.fcr_next_gap_s = rnd(40) * DAY / 2;
				break;
			case 1: /* reopened */
				c.status = LD_ST_OPEN;
				c.effort.reopens++;
				c.reopen_count++;
				break;
			case 2: /* transferred */
				c.team_id = teams[rnd(3)];
				c.effort.transfers++;
				c.effort_band = (int)rnd(EFFORT_BAND_COUNT);
				break;
			case 3: /* another contact */
				c.effort.contacts++;
				c.effort.repeat_contacts++;
				c.first_channel = (int)rnd(LD_CH_COUNT);
				break;
			case 4: /* another customer's after all */
				c.customer_id = cust[rnd((uint32_t)n_cust)];
				break;
			default: { /* merged into another open case */
				int64_t into = cases[rnd((uint32_t)n_cases)];
				struct ld_case target;
				assert_ok(STORE_CALL(s, case_get, into, &target, &err));
				if (into == c.id || target.merged_into_id != 0)
					continue;
				c.merged_into_id = into;
				c.status = LD_ST_CLOSED;
				break;
			}
			}
			fig_update_case(s, &c);
		} else if (op <= 8) {
			struct ld_survey sv = survey_of(who, (int)rnd(LD_SURVEY_KIND_COUNT), 0);
			static const int top[LD_SURVEY_KIND_COUNT] = { 5, 10, 7, 0 };
			int score = sv.kind == LD_SURVEY_SERVQUAL ? -1
				    : sv.kind == LD_SURVEY_NPS  ? (int)rnd(11)
								: 1 + (int)rnd((uint32_t)top[sv.kind]);
			sv.origin = (int)rnd(LD_ORIGIN_COUNT);
			sv.team_id = teams[rnd(3)];
			sv.channel = (int)rnd(LD_CH_COUNT + 1) - 1;
			for (int d = 0; sv.kind == LD_SURVEY_SERVQUAL && d < LD_SQ_DIMS; d++) {
				sv.expected[d] = (int)rnd(8);
				sv.perceived[d] = (int)rnd(8);
			}
			answer(s, &sv, T0 + (int64_t)rnd(12) * DAY + rnd(DAY), score);
		} else {
			static const int status[] = { LD_SUB_ACTIVE, LD_SUB_RENEWED, LD_SUB_LAPSED };
			struct ld_subscription sub = subscription_of(
				who, T0 + (int64_t)rnd(90) * DAY, status[rnd(3)]);
			put_subscription(s, &sub);
		}
		fig_assert_true(s);
	}
}

/* ====================================================================
 * Loyalty reads
 * ==================================================================== */

struct walk_stop {
	int calls;      /* cells seen */
	int stop_at;    /* the call that fails */
};

static ld_status stop_walk(void *ctx, const struct store_loyalty_cell *cell, struct ld_err *e)
{
	struct walk_stop *w = ctx;

	(void)cell;
	if (++w->calls == w->stop_at)
		return ld_fail(e, LD_ERR_CONFLICT, "stop_here", NULL, "enough");
	return LD_OK;
}

/* Three customers with three different feature vectors. */
static void three_keys(struct store *s, int64_t ids[3])
{
	for (int i = 0; i < 3; i++) {
		ids[i] = fig_new_customer(s, "K");
		for (int k = 0; k < i; k++) {
			struct ld_case c = case_at(ids[i], k * DAY, 0, LD_CH_EMAIL);
			c.effort.contacts = 1;
			fig_insert_case(s, &c);
		}
	}
}

static void test_store_loyalty_cells_walk(void **state)
{
	struct store *s = *state;
	int64_t ids[3];
	struct walk_stop w = { 0, 2 };

	three_keys(s, ids);
	fig_assert_true(s);
	/* fn stops the walk: its status and words come back, no further call. */
	assert_fails(STORE_CALL(s, loyalty_cells, 0, 0, stop_walk, &w, &err), LD_ERR_CONFLICT,
		     "stop_here");
	assert_int_equal(w.calls, 2);
	w = (struct walk_stop){ 0, 0 };
	assert_ok(STORE_CALL(s, loyalty_cells, 0, 0, stop_walk, &w, &err));
	assert_int_equal(w.calls, 3);
}

static void test_store_customer_list_by_key(void **state)
{
	struct store *s = *state;
	int64_t ids[3];
	char key[STORE_LOYALTY_KEY_MAX + 1];
	struct ld_customer out[2];
	int n = -1;

	three_keys(s, ids);
	int64_t twin = fig_new_customer(s, "Twin of the first");
	assert_ok(STORE_CALL(s, customer_loyalty_key, ids[0], key, &err));
	assert_ok(STORE_CALL(s, customer_list_by_key, key, 0, 1, out, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, ids[0]);
	assert_string_equal(out[0].name, "K"); /* whole customers */
	ld_customer_clear(&out[0]);
	assert_ok(STORE_CALL(s, customer_list_by_key, key, ids[0], 2, out, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, twin);
	ld_customer_clear(&out[0]);
	assert_ok(STORE_CALL(s, customer_list_by_key, key, twin, 2, out, &n, &err));
	assert_int_equal(n, 0);
	assert_ok(STORE_CALL(s, customer_list_by_key, "9,9,9", 0, 2, out, &n, &err));
	assert_int_equal(n, 0);
	assert_fails(STORE_CALL(s, customer_list_by_key, key, 0, 0, out, &n, &err),
		     LD_ERR_INVALID, "invalid_limit");
	fig_assert_true(s);
}

/* ====================================================================
 * Renewals due
 * ==================================================================== */

static void test_store_renewal_due_list(void **state)
{
	struct store *s = *state;
	int64_t ids[3];
	struct ld_subscription out[2];
	char keys[2][STORE_LOYALTY_KEY_MAX + 1];
	char key1[STORE_LOYALTY_KEY_MAX + 1], key2[STORE_LOYALTY_KEY_MAX + 1];
	int n = -1;

	three_keys(s, ids);
	const struct {
		int64_t customer;
		int64_t at;
		int status;
	} rows[] = {
		{ ids[1], T0 + 10 * DAY, LD_SUB_ACTIVE },   /* in */
		{ ids[2], T0 + 20 * DAY - 1, LD_SUB_ACTIVE }, /* in: last second */
		{ ids[1], T0 + 20 * DAY, LD_SUB_ACTIVE },   /* out: `to` is exclusive */
		{ ids[2], T0 + 12 * DAY, LD_SUB_RENEWED },  /* out: decided */
		{ ids[0], T0 + 5 * DAY - 1, LD_SUB_ACTIVE }, /* out: before */
		{ ids[0], T0 + 5 * DAY, LD_SUB_ACTIVE },    /* in: `from` is inclusive */
	};
	int64_t sub[6];
	for (int i = 0; i < 6; i++) {
		struct ld_subscription x = subscription_of(rows[i].customer, rows[i].at,
							   rows[i].status);
		put_subscription(s, &x);
		sub[i] = x.id;
	}
	assert_ok(STORE_CALL(s, customer_loyalty_key, ids[1], key1, &err));
	assert_ok(STORE_CALL(s, customer_loyalty_key, ids[2], key2, &err));
	assert_string_not_equal(key1, key2);

	memset(keys, 0x5a, sizeof keys);
	assert_ok(STORE_CALL(s, renewal_due_list, T0 + 5 * DAY, T0 + 20 * DAY, 0, 2, out, keys,
			     &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(out[0].id, sub[0]);
	assert_int_equal(out[0].customer_id, ids[1]);
	assert_int_equal(out[0].renews_at, T0 + 10 * DAY);
	assert_int_equal(out[0].status, LD_SUB_ACTIVE);
	assert_string_equal(out[0].product, "Tarif Plus");
	assert_string_equal(keys[0], key1);
	assert_int_equal(out[1].id, sub[1]);
	assert_string_equal(keys[1], key2);
	assert_ok(STORE_CALL(s, renewal_due_list, T0 + 5 * DAY, T0 + 20 * DAY, out[1].id, 2, out,
			     keys, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, sub[5]);
	assert_ok(STORE_CALL(s, renewal_due_list, T0 + 5 * DAY, T0 + 20 * DAY, sub[5], 2, out,
			     keys, &n, &err));
	assert_int_equal(n, 0);
	assert_ok(STORE_CALL(s, renewal_due_list, T0 + 30 * DAY, T0 + 40 * DAY, 0, 2, out, keys,
			     &n, &err));
	assert_int_equal(n, 0);
	assert_fails(STORE_CALL(s, renewal_due_list, T0, T0 + DAY, 0, 0, out, keys, &n, &err),
		     LD_ERR_INVALID, "invalid_limit");
	fig_assert_true(s);
}

/* The renewal calendar's groups, in the order given. */
struct calendar_seen {
	int64_t day[8];
	char key[8][STORE_LOYALTY_KEY_MAX + 1];
	int64_t count[8];
	int n;
	int stop_at;  /* the call that fails, 0 = none */
};

static ld_status see_day(void *ctx, int64_t day, const char *key, int64_t count,
			 struct ld_err *e)
{
	struct calendar_seen *c = ctx;

	assert_true(c->n < 8);
	c->day[c->n] = day;
	snprintf(c->key[c->n], sizeof c->key[c->n], "%s", key);
	c->count[c->n++] = count;
	if (c->n == c->stop_at)
		return ld_fail(e, LD_ERR_INTERNAL, "stop_here", NULL, "enough");
	return LD_OK;
}

static void test_store_renewal_calendar(void **state)
{
	struct store *s = *state;
	int64_t ids[3];
	char key[3][STORE_LOYALTY_KEY_MAX + 1];
	struct calendar_seen seen;

	three_keys(s, ids);
	int64_t twin = fig_new_customer(s, "Same key as the first");
	for (int i = 0; i < 3; i++)
		assert_ok(STORE_CALL(s, customer_loyalty_key, ids[i], key[i], &err));
	const struct {
		int64_t customer;
		int64_t at;
		int status;
	} rows[] = {
		{ ids[1], T0 + 3 * DAY + 100, LD_SUB_ACTIVE },
		{ ids[0], T0 + 2 * DAY, LD_SUB_ACTIVE },          /* day 2, key 0 … */
		{ twin, T0 + 3 * DAY - 1, LD_SUB_ACTIVE },         /* … with its twin */
		{ ids[2], T0 + 3 * DAY, LD_SUB_LAPSED },          /* decided: not due */
		{ ids[1], T0 + 3 * DAY + 5000, LD_SUB_ACTIVE },   /* day 3, key 1: two */
		{ ids[2], T0 + 4 * DAY, LD_SUB_ACTIVE },          /* out: `to` is exclusive */
	};
	for (int i = 0; i < 6; i++) {
		struct ld_subscription x = subscription_of(rows[i].customer, rows[i].at,
							   rows[i].status);
		put_subscription(s, &x);
	}
	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, renewal_calendar, T0 + 2 * DAY, T0 + 4 * DAY, see_day, &seen,
			     &err));
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.day[0], T0 / DAY + 2);
	assert_string_equal(seen.key[0], key[0]);
	assert_int_equal(seen.count[0], 2);
	assert_int_equal(seen.day[1], T0 / DAY + 3);
	assert_string_equal(seen.key[1], key[1]);
	assert_int_equal(seen.count[1], 2);

	/* One more active renewal on day 3 with another key: a group of its own. */
	struct ld_subscription x = subscription_of(ids[2], T0 + 3 * DAY + 1, LD_SUB_ACTIVE);
	put_subscription(s, &x);
	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, renewal_calendar, T0, T0 + 5 * DAY, see_day, &seen, &err));
	assert_int_equal(seen.n, 4);
	for (int i = 1; i < seen.n; i++)
		assert_true(seen.day[i - 1] <= seen.day[i]);
	assert_int_equal(seen.day[3], T0 / DAY + 4);
	int64_t total = 0;
	for (int i = 0; i < seen.n; i++)
		total += seen.count[i];
	assert_int_equal(total, 6);

	/* fn stops the walk with its own status. */
	memset(&seen, 0, sizeof seen);
	seen.stop_at = 1;
	assert_fails(STORE_CALL(s, renewal_calendar, T0, T0 + 5 * DAY, see_day, &seen, &err),
		     LD_ERR_INTERNAL, "stop_here");
	assert_int_equal(seen.n, 1);
	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, renewal_calendar, T0 + 9 * DAY, T0 + 10 * DAY, see_day, &seen,
			     &err));
	assert_int_equal(seen.n, 0);
}

/* ====================================================================
 * CES answers with their cases' effort
 * ==================================================================== */

struct ces_seen {
	int ces[8];
	struct effort_state e[8];
	int n;
	int stop_at;
};

static ld_status see_ces(void *ctx, int ces, const struct effort_state *e, struct ld_err *err_)
{
	struct ces_seen *c = ctx;

	assert_true(c->n < 8);
	c->ces[c->n] = ces;
	c->e[c->n++] = *e;
	if (c->n == c->stop_at)
		return ld_fail(err_, LD_ERR_CONFLICT, "stop_here", NULL, "enough");
	return LD_OK;
}

static void test_store_ces_effort_rows(void **state)
{
	struct store *s = *state;
	int64_t a = fig_new_customer(s, "A");
	struct ld_case k[3];
	struct ces_seen seen;

	for (int i = 0; i < 3; i++) {
		k[i] = case_at(a, i * DAY, 0, LD_CH_PHONE);
		k[i].effort = (struct effort_state){
			.contacts = 10 + i, .repeat_contacts = 20 + i, .transfers = 30 + i,
			.channel_switches = 40 + i, .web_phone_switches = 1,
			.re_explanations = 50 + i, .robot_only = 60 + i, .reopens = 70 + i,
			.opened_at = k[i].created_at, .last_in_channel = LD_CH_PHONE,
			.reexplain_armed = true, .bot_pending = 2,
		};
		fig_insert_case(s, &k[i]);
	}
	/* Answered CES about case 0 (oldest), 2 (newest), 1 (middle), in that order. */
	const int about[3] = { 0, 2, 1 };
	const int64_t when[3] = { T0 + 5 * DAY, T0 + 9 * DAY, T0 + 7 * DAY };
	for (int i = 0; i < 3; i++) {
		struct ld_survey sv = survey_of(a, LD_SURVEY_CES, 0);
		sv.case_id = k[about[i]].id;
		answer(s, &sv, when[i], 1 + i);
	}
	/* Not rows: unanswered, without a case, another kind. */
	struct ld_survey open_sv = survey_of(a, LD_SURVEY_CES, T0);
	uint8_t digest[STORE_TOKEN_DIGEST_LEN];
	digest_of(7, digest);
	open_sv.case_id = k[0].id;
	assert_ok(STORE_CALL(s, survey_insert, &open_sv, digest, &err));
	struct ld_survey nocase = survey_of(a, LD_SURVEY_CES, 0);
	answer(s, &nocase, T0 + 20 * DAY, 7);
	struct ld_survey nps = survey_of(a, LD_SURVEY_NPS, 0);
	nps.case_id = k[0].id;
	answer(s, &nps, T0 + 21 * DAY, 9);

	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, ces_effort_rows, 10, see_ces, &seen, &err));
	assert_int_equal(seen.n, 3);
	const int order_case[3] = { 2, 1, 0 }; /* newest answer first */
	const int order_ces[3] = { 2, 3, 1 };
	for (int i = 0; i < 3; i++) {
		const struct effort_state *e = &seen.e[i];
		int c = order_case[i];
		assert_int_equal(seen.ces[i], order_ces[i]);
		assert_int_equal(e->contacts, 10 + c);
		assert_int_equal(e->repeat_contacts, 20 + c);
		assert_int_equal(e->transfers, 30 + c);
		assert_int_equal(e->channel_switches, 40 + c);
		assert_int_equal(e->re_explanations, 50 + c);
		assert_int_equal(e->robot_only, 60 + c);
		assert_int_equal(e->reopens, 70 + c);
		/* The rest zero. */
		assert_int_equal(e->web_phone_switches, 0);
		assert_int_equal(e->opened_at, 0);
		assert_int_equal(e->resolved_at, 0);
		assert_int_equal(e->last_in_channel, 0);
		assert_int_equal(e->owner_id, 0);
		assert_false(e->reexplain_armed);
		assert_false(e->repeat_case);
		assert_int_equal(e->bot_pending, 0);
		assert_int_equal(e->handlers_len, 0);
	}
	memset(&seen, 0, sizeof seen);
	assert_ok(STORE_CALL(s, ces_effort_rows, 2, see_ces, &seen, &err));
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.ces[1], 3);
	memset(&seen, 0, sizeof seen);
	seen.stop_at = 1;
	assert_fails(STORE_CALL(s, ces_effort_rows, 10, see_ces, &seen, &err), LD_ERR_CONFLICT,
		     "stop_here");
	assert_int_equal(seen.n, 1);
	fig_assert_true(s);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_store_rollup_apply_adds_deltas),
		T(test_store_rollup_rebuild_flag),
		T(test_store_rollup_cells_keep_keys),
		T(test_store_rollup_customer_state_is_absolute),
		T(test_store_rollup_apply_follows_the_transaction),
		T(test_store_reports_empty),
		T(test_store_reports_refuse_bad_filters),
		T(test_store_reports_round_to_days),
		T(test_store_figures_customers),
		T(test_store_figures_case_writes),
		T(test_store_figures_answers),
		T(test_store_figures_renewals),
		T(test_store_figures_clear_and_rebuild),
		T(test_store_figures_entity_writes_move_nothing),
		T(test_store_figures_workload),
		T(test_store_loyalty_cells_walk),
		T(test_store_customer_list_by_key),
		T(test_store_renewal_due_list),
		T(test_store_renewal_calendar),
		T(test_store_ces_effort_rows),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
