/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The store contract suite's shared fixture, included by tests/store/test_*.c.
 *
 * Which store. Every test runs against the store named by the environment
 * variable LOYALDESK_TEST_STORE: a store URL as store_open() takes it,
 * ":memory:" when unset. Each test starts from an empty store:
 *   - ":memory:" is a new private store per handle;
 *   - an SQLite file path is scratch: the file (and its -wal, -shm) is deleted
 *     before each test opens it and after the test closes it;
 *   - a driver whose stores outlive a handle (PostgreSQL) adds its way of
 *     emptying one to fixture_reset(); until it does, such a URL fails setup.
 * Tests talk to the store through store.h only, so a second driver runs the
 * suite unchanged. The few that check one backend's own behaviour (reopening
 * an SQLite file, two handles on it, the SQLite schema history) start with
 * FIXTURE_REQUIRE_SQLITE() and are skipped for any other URL.
 *
 * Figures. The store computes no derived figure: rollup_apply() adds numbers
 * and the report reads sum what was added. fig_customer_new(), fig_case(),
 * fig_answer() and fig_renewal() are the write path in miniature: a test
 * writes rows through the store, then hands the values before and after the
 * write to them, and they apply exactly the deltas core/rollup.c gives
 * (rollup_case_deltas, rollup_customer_deltas, rollup_survey_deltas with
 * the customer's state) through rollup_apply(), as app/rollup.c does at
 * commit. fig_assert_true() then recomputes every figure from the rows read
 * back through the store with the same core rules and checks that every
 * report read — effort_totals, fcr_totals, survey_histogram, servqual_totals,
 * customer_split, loyalty_cells, customer_loyalty_key, customer_list_by_key,
 * the customers' derived state, rollup_cells, the keys of the renewal reads —
 * answers exactly that, over a spread of filters. That proves that a
 * driver's reads and its rollup_apply() agree.
 *
 * Everything here is `static inline` so that each test file uses what it
 * needs without unused-function warnings.
 */
#ifndef LD_TESTS_STORE_FIXTURE_H
#define LD_TESTS_STORE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rollup.h"
#include "core/survey_metrics.h"
#include "store/store.h"

/* The error record of the call under test (tests run one at a time). */
static struct ld_err err;

#define assert_ok(expr)                                                                    \
	do {                                                                               \
		ld_err_clear(&err);                                                        \
		ld_status rc_ = (expr);                                                    \
		if (rc_ != LD_OK)                                                          \
			print_error("%s\n  -> %s: %s [%s]\n", #expr, err.code, err.message, \
				    err.field);                                            \
		assert_int_equal(rc_, LD_OK);                                              \
	} while (0)

#define assert_fails(expr, status, code_)                                                  \
	do {                                                                               \
		ld_err_clear(&err);                                                        \
		ld_status rc_ = (expr);                                                    \
		if (rc_ != (status) || strcmp(err.code, (code_)) != 0)                     \
			print_error("%s\n  -> %d %s: %s [%s]\n", #expr, rc_, err.code,      \
				    err.message, err.field);                               \
		assert_int_equal(rc_, (status));                                           \
		assert_string_equal(err.code, (code_));                                    \
	} while (0)

/* ====================================================================
 * Which store
 * ==================================================================== */

#define FIXTURE_ENV "LOYALDESK_TEST_STORE"

/* The store URL under test: $LOYALDESK_TEST_STORE, ":memory:" when unset or empty. */
static inline const char *fixture_url(void)
{
	const char *url = getenv(FIXTURE_ENV);

	return url != NULL && url[0] != '\0' ? url : ":memory:";
}

static inline bool fixture_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether the URL names an SQLite store (store.c: anything not a server URL). */
static inline bool fixture_is_sqlite(void)
{
	const char *url = fixture_url();

	return strstr(url, "://") == NULL;
}

/* Backend-specific tests: skipped unless the suite runs against SQLite. */
#define FIXTURE_REQUIRE_SQLITE()                                                           \
	do {                                                                               \
		if (!fixture_is_sqlite()) {                                                \
			print_message("skipped: SQLite-only check, %s is %s\n", FIXTURE_ENV, \
				      fixture_url());                                      \
			skip();                                                            \
		}                                                                          \
	} while (0)

/* Removes an SQLite database file and its companions (missing ones are fine). */
static inline void fixture_unlink_sqlite(const char *path)
{
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[1024];

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/*
 * Makes the store at the URL empty before a test opens it. Returns 0, or -1
 * (with a message) when this fixture does not know how for that URL.
 */
static inline int fixture_reset(const char *url)
{
	if (strcmp(url, ":memory:") == 0)
		return 0;
	if (fixture_is_sqlite()) {
		fixture_unlink_sqlite(url);
		return 0;
	}
	print_error("%s=%s: the fixture has no way to empty such a store yet"
		    " (add one to fixture_reset() in tests/store/store_fixture.h)\n",
		    FIXTURE_ENV, url);
	return -1;
}

/* Opens a handle on the (emptied) store under test. */
static inline int setup(void **state)
{
	const char *url = fixture_url();
	struct store *s = NULL;

	if (fixture_reset(url) != 0)
		return -1;
	if (store_open(url, &s, &err) != LD_OK) {
		print_error("store_open(%s): %s\n", url, err.message);
		return -1;
	}
	*state = s;
	return 0;
}

static inline int teardown(void **state)
{
	store_close(*state);
	if (fixture_is_sqlite() && strcmp(fixture_url(), ":memory:") != 0)
		fixture_unlink_sqlite(fixture_url());
	return 0;
}

/*
 * Two handles on one store, for what only a second handle can see
 * (snapshots, locks): for SQLite a fresh temporary file, since two
 * ":memory:" handles are two stores; otherwise the URL under test.
 */
struct fixture_pair {
	struct store *a;  /* first handle */
	struct store *b;  /* second handle on the same store */
	char dir[64];     /* mkdtemp() directory (SQLite), "" otherwise */
	char path[128];   /* the database file in it */
};

static inline void fixture_pair_open(struct fixture_pair *p)
{
	const char *url = fixture_url();

	memset(p, 0, sizeof *p);
	if (fixture_is_sqlite()) {
		snprintf(p->dir, sizeof p->dir, "/tmp/ld_store_XXXXXX");
		assert_non_null(mkdtemp(p->dir));
		snprintf(p->path, sizeof p->path, "%s/desk.db", p->dir);
		url = p->path;
	} else {
		assert_int_equal(fixture_reset(url), 0);
	}
	assert_ok(store_open(url, &p->a, &err));
	assert_ok(store_open(url, &p->b, &err));
}

static inline void fixture_pair_close(struct fixture_pair *p)
{
	store_close(p->a);
	store_close(p->b);
	if (p->dir[0] != '\0') {
		fixture_unlink_sqlite(p->path);
		rmdir(p->dir);
	}
}

/* ====================================================================
 * Builders
 * ==================================================================== */

static inline int64_t new_org(struct store *s, const char *name)
{
	struct ld_org o = { 0 };

	snprintf(o.name, sizeof o.name, "%s", name);
	assert_ok(STORE_CALL(s, org_insert, &o, &err));
	return o.id;
}

static inline struct ld_customer customer_of(const char *name, const char *email,
					     const char *phone)
{
	struct ld_customer c = { 0 };

	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.email, sizeof c.email, "%s", email);
	snprintf(c.phone, sizeof c.phone, "%s", phone);
	snprintf(c.language, sizeof c.language, "cs");
	c.preferred_channel = -1;
	return c;
}

static inline int64_t new_customer(struct store *s, const char *name, const char *email,
				   const char *phone)
{
	struct ld_customer c = customer_of(name, email, phone);

	assert_ok(STORE_CALL(s, customer_insert, &c, &err));
	return c.id;
}

static inline int64_t new_team(struct store *s, const char *name)
{
	struct ld_team t = { 0 };

	snprintf(t.name, sizeof t.name, "%s", name);
	t.kind = LD_TEAM_QUEUE;
	assert_ok(STORE_CALL(s, team_insert, &t, &err));
	return t.id;
}

static inline int64_t new_agent(struct store *s, const char *name, const char *email)
{
	struct ld_agent a = { 0 };

	snprintf(a.name, sizeof a.name, "%s", name);
	snprintf(a.email, sizeof a.email, "%s", email);
	a.role = LD_ROLE_AGENT;
	a.active = true;
	assert_ok(STORE_CALL(s, agent_insert, &a, NULL, &err));
	return a.id;
}

static inline struct ld_case case_of(int64_t customer_id)
{
	struct ld_case c = { 0 };

	c.customer_id = customer_id;
	snprintf(c.subject, sizeof c.subject, "Reklamace objednávky");
	c.category = LD_CAT_PROBLEM;
	c.status = LD_ST_NEW;
	c.priority = LD_PRIO_NORMAL;
	c.created_at = 1700000000;
	c.effort.opened_at = 1700000000;
	c.effort.last_in_channel = -1;
	return c;
}

static inline int64_t new_case(struct store *s, int64_t customer_id)
{
	struct ld_case c = case_of(customer_id);

	assert_ok(STORE_CALL(s, case_insert, &c, &err));
	return c.id;
}

static inline struct ld_interaction interaction_of(int64_t case_id, int64_t started_at)
{
	struct ld_interaction it = { 0 };

	it.case_id = case_id;
	it.channel = LD_CH_EMAIL;
	it.direction = LD_DIR_IN;
	it.kind = LD_IK_MESSAGE;
	it.started_at = started_at;
	it.sentiment = NAN;
	it.status_to = -1;
	return it;
}

static inline int64_t new_interaction(struct store *s, int64_t case_id, int64_t started_at)
{
	struct ld_interaction it = interaction_of(case_id, started_at);

	assert_ok(STORE_CALL(s, interaction_insert, &it, &err));
	return it.id;
}

/* A token digest made of one repeated byte (tests only need distinct ones). */
static inline void digest_of(uint8_t seed, uint8_t d[STORE_TOKEN_DIGEST_LEN])
{
	for (int i = 0; i < STORE_TOKEN_DIGEST_LEN; i++)
		d[i] = (uint8_t)(seed + i * 3);
}

/* An unanswered survey of `kind` to `customer_id`, sent at `sent_at`, open a week. */
static inline struct ld_survey survey_of(int64_t customer_id, int kind, int64_t sent_at)
{
	struct ld_survey sv = { 0 };

	sv.kind = kind;
	sv.origin = LD_ORIGIN_MANUAL;
	sv.customer_id = customer_id;
	sv.channel = -1;
	snprintf(sv.language, sizeof sv.language, "cs");
	sv.sent_at = sent_at;
	sv.expires_at = sent_at + 7 * 86400;
	sv.score = -1;
	return sv;
}

static inline struct ld_subscription subscription_of(int64_t customer_id, int64_t renews_at,
						     int status)
{
	struct ld_subscription sub = { 0 };

	sub.customer_id = customer_id;
	snprintf(sub.product, sizeof sub.product, "Tarif Plus");
	sub.period = LD_PERIOD_YEARLY;
	sub.renews_at = renews_at;
	sub.status = status;
	sub.created_at = renews_at - 365 * 86400;
	return sub;
}

/* ====================================================================
 * Figures: the write path in miniature
 * ==================================================================== */

/* Most customers one write touches: a case moved from one customer to another. */
#define FIG_WRITE_CUSTOMERS 2
#define FIG_WRITE_DELTAS                                                                   \
	(ROLLUP_CASE_DELTAS_MAX + ROLLUP_SURVEY_DELTAS_MAX +                               \
	 FIG_WRITE_CUSTOMERS * ROLLUP_CUSTOMER_DELTAS_MAX)

/* The pending figures of one write: cell deltas and customers' new states. */
struct fig_write {
	struct rollup_delta d[FIG_WRITE_DELTAS];                 /* cell deltas */
	size_t n;
	struct store_rollup_customer cust[FIG_WRITE_CUSTOMERS];  /* new states */
	struct rollup_customer before[FIG_WRITE_CUSTOMERS];      /* … and the stored ones */
	size_t n_cust;
};

/* The customer `id` of the write, read from the store the first time. */
static inline struct rollup_customer *fig_write_customer(struct store *s, struct fig_write *w,
							 int64_t id)
{
	for (size_t i = 0; i < w->n_cust; i++) {
		if (w->cust[i].id == id)
			return &w->cust[i].v;
	}
	assert_true(w->n_cust < FIG_WRITE_CUSTOMERS);
	memset(&w->cust[w->n_cust], 0, sizeof w->cust[w->n_cust]);
	w->cust[w->n_cust].id = id;
	assert_ok(STORE_CALL(s, customer_rollup_get, id, &w->before[w->n_cust], &err));
	w->cust[w->n_cust].v = w->before[w->n_cust];
	return &w->cust[w->n_cust++].v;
}

/* Adds the customers' split and loyalty moves and hands everything to rollup_apply(). */
static inline void fig_write_apply(struct store *s, struct fig_write *w)
{
	for (size_t i = 0; i < w->n_cust; i++)
		w->n += (size_t)rollup_customer_deltas(&w->before[i], &w->cust[i].v, &w->d[w->n]);
	assert_ok(STORE_CALL(s, rollup_apply, w->d, w->n, w->cust, w->n_cust, &err));
}

/* A customer just inserted: a customer with nothing enters its split and loyalty cells. */
static inline void fig_customer_new(struct store *s, int64_t id)
{
	struct store_rollup_customer row;
	struct rollup_delta d[ROLLUP_CUSTOMER_DELTAS_MAX];
	int n;

	memset(&row, 0, sizeof row);
	row.id = id;
	rollup_customer_init(&row.v);
	n = rollup_customer_deltas(NULL, &row.v, d);
	assert_ok(STORE_CALL(s, rollup_apply, d, (size_t)n, &row, 1, &err));
}

/* A customer inserted, with its figures. */
static inline int64_t fig_new_customer(struct store *s, const char *name)
{
	int64_t id = new_customer(s, name, "", "");

	fig_customer_new(s, id);
	return id;
}

/*
 * A case written: `before` as it was stored (NULL: inserted), `after` as it
 * is stored now. The deltas go in uncompacted — an effort cell left and
 * entered by one write appears twice — which rollup_apply() must sum too.
 */
static inline void fig_case(struct store *s, const struct ld_case *before,
			    const struct ld_case *after)
{
	struct fig_write w;
	struct rollup_case part;

	memset(&w, 0, sizeof w);
	w.n = (size_t)rollup_case_deltas(before, after, w.d);
	if (before != NULL) {
		rollup_case_of(before, &part);
		if (part.counted)
			rollup_sums_add(&fig_write_customer(s, &w, part.customer_id)->sums,
					&part.sums, -1);
	}
	if (after != NULL) {
		rollup_case_of(after, &part);
		if (part.counted)
			rollup_sums_add(&fig_write_customer(s, &w, part.customer_id)->sums,
					&part.sums, 1);
	}
	fig_write_apply(s, &w);
}

/* Inserts `c` and applies its figures. */
static inline int64_t fig_insert_case(struct store *s, struct ld_case *c)
{
	assert_ok(STORE_CALL(s, case_insert, c, &err));
	fig_case(s, NULL, c);
	return c->id;
}

/* Updates the stored case to `c` (its version current) and applies the change. */
static inline void fig_update_case(struct store *s, struct ld_case *c)
{
	struct ld_case before;

	assert_ok(STORE_CALL(s, case_get, c->id, &before, &err));
	assert_ok(STORE_CALL(s, case_update, c, &err));
	c->version++;
	fig_case(s, &before, c);
}

/* A survey answered (`sv` as answered): its cells and the customer's latest answers. */
static inline void fig_answer(struct store *s, const struct ld_survey *sv)
{
	struct fig_write w;

	memset(&w, 0, sizeof w);
	w.n = (size_t)rollup_survey_deltas(sv, 1, w.d);
	rollup_customer_answer(fig_write_customer(s, &w, sv->customer_id), sv->kind, sv->score,
			       sv->answered_at);
	fig_write_apply(s, &w);
}

/* Folds the renewal outcome of `customer_id` from all their subscriptions. */
static inline void fig_fold_renewal(struct store *s, int64_t customer_id,
				    struct rollup_customer *c)
{
	struct ld_subscription page[3];
	struct store_subscription_query q = { .customer_id = customer_id, .status = -1,
					      .limit = 3 };
	int n = 0;

	c->outcome = ROLLUP_UNDECIDED;
	c->renewal_at = 0;
	c->renewal_sub_id = 0;
	do {
		assert_ok(STORE_CALL(s, subscription_list, &q, page, &n, &err));
		for (int i = 0; i < n; i++)
			rollup_customer_renewal(c, &page[i]);
		if (n > 0)
			q.after_id = page[n - 1].id;
	} while (n == 3);
}

/* A subscription of `customer_id` written: their renewal outcome refolded. */
static inline void fig_renewal(struct store *s, int64_t customer_id)
{
	struct fig_write w;

	memset(&w, 0, sizeof w);
	fig_fold_renewal(s, customer_id, fig_write_customer(s, &w, customer_id));
	fig_write_apply(s, &w);
}

/* ====================================================================
 * Figures: the recomputation from rows and the comparison
 * ==================================================================== */

#define FIG_CUSTOMERS_MAX 64
#define FIG_CASES_MAX 256
#define FIG_ANSWERS_MAX 128
#define FIG_PAGE 5 /* small pages: the cursors are exercised on the way */

/* What the rows say, by the core rules. */
struct fig_truth {
	int64_t cust_id[FIG_CUSTOMERS_MAX];          /* ascending */
	struct rollup_customer cust[FIG_CUSTOMERS_MAX];
	char key[FIG_CUSTOMERS_MAX][ROLLUP_LOYALTY_KEY_MAX + 1]; /* their loyalty keys */
	size_t n_cust;
	struct rollup_case cases[FIG_CASES_MAX];     /* contributions of every case */
	size_t n_cases;
	struct rollup_survey answers[FIG_ANSWERS_MAX]; /* of every answered survey */
	size_t n_answers;
	int64_t teams[FIG_CASES_MAX + FIG_ANSWERS_MAX + 1]; /* 0 and every team seen */
	size_t n_teams;
	int64_t days[2 * FIG_CASES_MAX + FIG_ANSWERS_MAX]; /* every bucket day seen */
	size_t n_days;
	int months[FIG_CUSTOMERS_MAX];               /* every decided loyalty month */
	size_t n_months;
};

static inline void fig_note_i64(int64_t *set, size_t *n, size_t cap, int64_t v)
{
	for (size_t i = 0; i < *n; i++) {
		if (set[i] == v)
			return;
	}
	assert_true(*n < cap);
	set[(*n)++] = v;
}

static inline struct rollup_customer *fig_truth_customer(struct fig_truth *t, int64_t id)
{
	for (size_t i = 0; i < t->n_cust; i++) {
		if (t->cust_id[i] == id)
			return &t->cust[i];
	}
	print_error("row of an unknown customer %lld\n", (long long)id);
	fail();
	return NULL;
}

/* Reads every customer, case, answered survey and subscription back and folds them. */
static inline struct fig_truth *fig_recompute(struct store *s)
{
	struct fig_truth *t = calloc(1, sizeof *t);
	const size_t days_cap = sizeof t->days / sizeof t->days[0];
	const size_t teams_cap = sizeof t->teams / sizeof t->teams[0];
	int n = 0;

	assert_non_null(t);
	fig_note_i64(t->teams, &t->n_teams, teams_cap, 0);

	struct ld_customer cpage[FIG_PAGE];
	struct store_customer_query cq = { .limit = FIG_PAGE };
	do {
		assert_ok(STORE_CALL(s, customer_list, &cq, cpage, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_true(t->n_cust < FIG_CUSTOMERS_MAX);
			t->cust_id[t->n_cust] = cpage[i].id;
			rollup_customer_init(&t->cust[t->n_cust++]);
			cq.after_id = cpage[i].id;
			ld_customer_clear(&cpage[i]);
		}
	} while (n == FIG_PAGE);

	struct ld_case kpage[FIG_PAGE];
	struct store_case_query kq = { .status = -1, .limit = FIG_PAGE };
	do {
		assert_ok(STORE_CALL(s, case_list, &kq, kpage, &n, &err));
		for (int i = 0; i < n; i++) {
			struct rollup_case *rc = &t->cases[t->n_cases];
			assert_true(t->n_cases < FIG_CASES_MAX);
			rollup_case_of(&kpage[i], rc);
			t->n_cases++;
			kq.after_id = kpage[i].id;
			if (!rc->counted)
				continue;
			rollup_sums_add(&fig_truth_customer(t, rc->customer_id)->sums, &rc->sums, 1);
			fig_note_i64(t->teams, &t->n_teams, teams_cap, rc->effort_cell.team_id);
			fig_note_i64(t->days, &t->n_days, days_cap, rc->effort_cell.day);
			if (rc->has_fcr)
				fig_note_i64(t->days, &t->n_days, days_cap, rc->fcr_cell.day);
		}
	} while (n == FIG_PAGE);

	struct ld_survey spage[FIG_PAGE];
	struct store_survey_query sq = { .kind = -1, .answered = 1, .limit = FIG_PAGE };
	do {
		assert_ok(STORE_CALL(s, survey_list, &sq, spage, &n, &err));
		for (int i = 0; i < n; i++) {
			struct rollup_survey *rs = &t->answers[t->n_answers];
			assert_true(t->n_answers < FIG_ANSWERS_MAX);
			assert_true(spage[i].answered_at != 0);
			rollup_survey_of(&spage[i], rs);
			t->n_answers++;
			rollup_customer_answer(fig_truth_customer(t, spage[i].customer_id),
					       spage[i].kind, spage[i].score, spage[i].answered_at);
			fig_note_i64(t->teams, &t->n_teams, teams_cap, rs->cell.team_id);
			fig_note_i64(t->days, &t->n_days, days_cap, rs->cell.day);
			sq.after_id = spage[i].id;
			ld_survey_clear(&spage[i]);
		}
	} while (n == FIG_PAGE);

	struct ld_subscription bpage[FIG_PAGE];
	struct store_subscription_query bq = { .status = -1, .limit = FIG_PAGE };
	do {
		assert_ok(STORE_CALL(s, subscription_list, &bq, bpage, &n, &err));
		for (int i = 0; i < n; i++) {
			rollup_customer_renewal(fig_truth_customer(t, bpage[i].customer_id),
						&bpage[i]);
			bq.after_id = bpage[i].id;
		}
	} while (n == FIG_PAGE);

	for (size_t i = 0; i < t->n_cust; i++) {
		int m = rollup_loyalty_month(&t->cust[i]);
		rollup_loyalty_key(&t->cust[i], t->key[i]);
		if (m == 0)
			continue;
		size_t k = 0;
		while (k < t->n_months && t->months[k] != m)
			k++;
		if (k == t->n_months)
			t->months[t->n_months++] = m;
	}
	return t;
}

/* The store's rounding of a report period to whole UTC days (store.h). */
static inline bool fig_day_in(int64_t day, const struct store_effort_filter *f)
{
	if (f->from > 0 && day < rollup_day(f->from))
		return false;
	if (f->to > 0 && day >= rollup_day(f->to - 1) + 1)
		return false;
	return true;
}

static inline bool fig_cell_in(const struct rollup_cell *c, const struct store_effort_filter *f)
{
	return fig_day_in(c->day, f) && (f->team_id == 0 || c->team_id == f->team_id) &&
	       (f->channel < 0 || c->channel == f->channel);
}

static inline bool fig_answer_in(const struct rollup_answer_cell *c,
				 const struct store_survey_filter *f)
{
	return fig_day_in(c->day, &f->when) &&
	       (f->when.team_id == 0 || c->team_id == f->when.team_id) &&
	       (f->when.channel < 0 || c->channel == f->when.channel) &&
	       (f->origin < 0 || c->origin == f->origin);
}

/* The effort totals as an array in struct rollup_effort order. */
static inline void fig_effort_values(const struct rollup_effort *e,
				     int64_t v[ROLLUP_EFFORT_N])
{
	const int64_t a[ROLLUP_EFFORT_N] = {
		e->cases, e->contacts, e->repeat_contacts, e->transfers, e->channel_switches,
		e->re_explanations, e->robot_only, e->reopens, e->repeat_cases, e->transfer_cases,
		e->switch_cases, e->web_phone_cases, e->reexplain_cases, e->robot_cases,
		e->reopen_cases, e->medium_cases, e->high_cases, e->resolved_cases, e->elapsed_s,
	};
	memcpy(v, a, sizeof a);
}

static inline void fig_rollup_effort_values(const struct rollup_effort *e,
					    int64_t v[ROLLUP_EFFORT_N])
{
	const int64_t a[ROLLUP_EFFORT_N] = {
		e->cases, e->contacts, e->repeat_contacts, e->transfers, e->channel_switches,
		e->re_explanations, e->robot_only, e->reopens, e->repeat_cases, e->transfer_cases,
		e->switch_cases, e->web_phone_cases, e->reexplain_cases, e->robot_cases,
		e->reopen_cases, e->medium_cases, e->high_cases, e->resolved_cases, e->elapsed_s,
	};
	memcpy(v, a, sizeof a);
}

static inline void fig_print_filter(const char *what, const struct store_effort_filter *f)
{
	print_error("%s over from=%lld to=%lld team=%lld channel=%d\n", what, (long long)f->from,
		    (long long)f->to, (long long)f->team_id, f->channel);
}

/* effort_totals and fcr_totals over `f` against the rows. */
static inline void fig_check_case_filter(struct store *s, const struct fig_truth *t,
					 const struct store_effort_filter *f)
{
	int64_t want[ROLLUP_EFFORT_N] = { 0 }, got[ROLLUP_EFFORT_N], part[ROLLUP_EFFORT_N];
	struct store_fcr_totals fcr_want, fcr_got;
	struct rollup_effort e;

	memset(&fcr_want, 0, sizeof fcr_want);
	for (size_t i = 0; i < t->n_cases; i++) {
		const struct rollup_case *c = &t->cases[i];
		if (!c->counted)
			continue;
		if (fig_cell_in(&c->effort_cell, f)) {
			fig_rollup_effort_values(&c->effort, part);
			for (int k = 0; k < ROLLUP_EFFORT_N; k++)
				want[k] += part[k];
		}
		if (c->has_fcr && fig_cell_in(&c->fcr_cell, f)) {
			for (int w = 0; w < ROLLUP_FCR_WINDOWS; w++) {
				fcr_want.first[w] += c->fcr.first[w];
				fcr_want.repeated[w] += c->fcr.repeated[w];
			}
		}
	}
	memset(&e, 0x5a, sizeof e); /* every field must be written */
	assert_ok(STORE_CALL(s, effort_totals, f, &e, &err));
	fig_effort_values(&e, got);
	for (int k = 0; k < ROLLUP_EFFORT_N; k++) {
		if (got[k] != want[k]) {
			fig_print_filter("effort_totals", f);
			print_error("  value %d: stored %lld, recomputed %lld\n", k,
				    (long long)got[k], (long long)want[k]);
		}
		assert_int_equal(got[k], want[k]);
	}
	memset(&fcr_got, 0x5a, sizeof fcr_got);
	assert_ok(STORE_CALL(s, fcr_totals, f, &fcr_got, &err));
	for (int w = 0; w < ROLLUP_FCR_WINDOWS; w++) {
		if (fcr_got.first[w] != fcr_want.first[w] ||
		    fcr_got.repeated[w] != fcr_want.repeated[w])
			fig_print_filter("fcr_totals", f);
		assert_int_equal(fcr_got.first[w], fcr_want.first[w]);
		assert_int_equal(fcr_got.repeated[w], fcr_want.repeated[w]);
	}
}

/* survey_histogram of every kind and servqual_totals over `f` against the rows. */
static inline void fig_check_survey_filter(struct store *s, const struct fig_truth *t,
					   const struct store_survey_filter *f)
{
	struct store_servqual_totals sq_want, sq_got;

	for (int kind = 0; kind < LD_SURVEY_KIND_COUNT; kind++) {
		int64_t want[11] = { 0 }, got[11];
		for (size_t i = 0; i < t->n_answers; i++) {
			const struct rollup_survey *a = &t->answers[i];
			if (a->counted && a->kind == kind && a->score >= 0 && a->score <= 10 &&
			    fig_answer_in(&a->cell, f))
				want[a->score]++;
		}
		memset(got, 0x5a, sizeof got);
		assert_ok(STORE_CALL(s, survey_histogram, f, kind, got, &err));
		for (int b = 0; b < 11; b++) {
			if (got[b] != want[b]) {
				fig_print_filter("survey_histogram", &f->when);
				print_error("  origin %d kind %d score %d: stored %lld, recomputed"
					    " %lld\n", f->origin, kind, b, (long long)got[b],
					    (long long)want[b]);
			}
			assert_int_equal(got[b], want[b]);
		}
	}
	memset(&sq_want, 0, sizeof sq_want);
	for (size_t i = 0; i < t->n_answers; i++) {
		const struct rollup_survey *a = &t->answers[i];
		if (!a->counted || !fig_answer_in(&a->cell, f))
			continue;
		for (int d = 0; d < LD_SQ_DIMS; d++) {
			if (!a->dim_rated[d])
				continue;
			sq_want.n[d]++;
			sq_want.gap_sum[d] += a->gap[d];
			sq_want.gap_sq[d] += (int64_t)a->gap[d] * a->gap[d];
		}
	}
	memset(&sq_got, 0x5a, sizeof sq_got);
	assert_ok(STORE_CALL(s, servqual_totals, f, &sq_got, &err));
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		if (sq_got.n[d] != sq_want.n[d] || sq_got.gap_sum[d] != sq_want.gap_sum[d] ||
		    sq_got.gap_sq[d] != sq_want.gap_sq[d])
			fig_print_filter("servqual_totals", &f->when);
		assert_int_equal(sq_got.n[d], sq_want.n[d]);
		assert_int_equal(sq_got.gap_sum[d], sq_want.gap_sum[d]);
		assert_int_equal(sq_got.gap_sq[d], sq_want.gap_sq[d]);
	}
}

/* The report filters: every team × channel, every day around the data, and combinations. */
static inline void fig_check_reports(struct store *s, const struct fig_truth *t)
{
	const int64_t D = ROLLUP_DAY_S;
	struct store_effort_filter f;
	struct store_survey_filter sf;

	for (size_t i = 0; i < t->n_teams; i++) {
		for (int ch = -1; ch < LD_CH_COUNT; ch++) {
			f = (struct store_effort_filter){ .team_id = t->teams[i], .channel = ch };
			fig_check_case_filter(s, t, &f);
			for (int origin = -1; origin < LD_ORIGIN_COUNT; origin++) {
				sf = (struct store_survey_filter){ .when = f, .origin = origin };
				fig_check_survey_filter(s, t, &sf);
			}
		}
	}
	/* No team has id 1 + the largest, so nothing matches it. */
	int64_t stranger = 1;
	for (size_t i = 0; i < t->n_teams; i++)
		stranger = t->teams[i] >= stranger ? t->teams[i] + 1 : stranger;
	f = (struct store_effort_filter){ .team_id = stranger, .channel = -1 };
	fig_check_case_filter(s, t, &f);

	for (size_t i = 0; i < t->n_days; i++) {
		int64_t day = t->days[i];
		const struct store_effort_filter windows[] = {
			{ .from = day * D, .to = (day + 1) * D, .channel = -1 },  /* that day */
			{ .from = day * D, .channel = -1 },                      /* since */
			{ .to = day * D, .channel = -1 },                        /* before */
			{ .from = (day + 1) * D, .to = (day + 2) * D, .channel = -1 },
		};
		for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
			fig_check_case_filter(s, t, &windows[w]);
			for (int origin = -1; origin < LD_ORIGIN_COUNT; origin += 2) {
				sf = (struct store_survey_filter){ .when = windows[w], .origin = origin };
				fig_check_survey_filter(s, t, &sf);
			}
		}
	}
}

/* customer_split against the customers' recomputed states. */
static inline void fig_check_split(struct store *s, const struct fig_truth *t)
{
	struct store_customer_split want, got;
	struct rollup_split sp;

	memset(&want, 0, sizeof want);
	for (size_t i = 0; i < t->n_cust; i++) {
		rollup_split_of(&t->cust[i], &sp);
		want.customers[sp.has_case][sp.has_high][sp.outcome]++;
	}
	memset(&got, 0x5a, sizeof got);
	assert_ok(STORE_CALL(s, customer_split, &got, &err));
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++)
			for (int o = 0; o < 3; o++) {
				if (got.customers[a][b][o] != want.customers[a][b][o])
					print_error("customer_split[%d][%d][%d]: stored %lld,"
						    " recomputed %lld\n", a, b, o,
						    (long long)got.customers[a][b][o],
						    (long long)want.customers[a][b][o]);
				assert_int_equal(got.customers[a][b][o], want.customers[a][b][o]);
			}
}

/* The cells loyalty_cells walked. */
struct fig_cells {
	struct store_loyalty_cell cell[FIG_CUSTOMERS_MAX];
	size_t n;
};

static inline ld_status fig_keep_cell(void *ctx, const struct store_loyalty_cell *cell,
				      struct ld_err *e)
{
	struct fig_cells *c = ctx;

	(void)e;
	assert_true(c->n < FIG_CUSTOMERS_MAX);
	c->cell[c->n++] = *cell;
	return LD_OK;
}

/* loyalty_cells over a month window against the customers' recomputed states. */
static inline void fig_check_loyalty_window(struct store *s, const struct fig_truth *t,
					    int from_month, int to_month)
{
	struct fig_cells got, want;
	char key[ROLLUP_LOYALTY_KEY_MAX + 1];

	memset(&got, 0, sizeof got);
	memset(&want, 0, sizeof want);
	for (size_t i = 0; i < t->n_cust; i++) {
		const struct rollup_customer *c = &t->cust[i];
		int month = rollup_loyalty_month(c);
		if (month != 0 && ((from_month != 0 && month < from_month) ||
				   (to_month != 0 && month > to_month)))
			continue;
		rollup_loyalty_key(c, key);
		size_t k = 0;
		while (k < want.n && !(strcmp(want.cell[k].key, key) == 0 &&
				       want.cell[k].outcome == c->outcome &&
				       want.cell[k].month == month))
			k++;
		if (k == want.n) {
			memset(&want.cell[k], 0, sizeof want.cell[k]);
			snprintf(want.cell[k].key, sizeof want.cell[k].key, "%s", key);
			want.cell[k].outcome = c->outcome;
			want.cell[k].month = month;
			want.n++;
		}
		want.cell[k].customers++;
	}
	assert_ok(STORE_CALL(s, loyalty_cells, from_month, to_month, fig_keep_cell, &got, &err));
	if (got.n != want.n)
		print_error("loyalty_cells %d..%d: %zu cells stored, %zu recomputed\n", from_month,
			    to_month, got.n, want.n);
	assert_int_equal(got.n, want.n);
	for (size_t i = 0; i < got.n; i++) {
		const struct store_loyalty_cell *g = &got.cell[i];
		/* Once per cell, by key, none empty. */
		if (i > 0)
			assert_true(strcmp(got.cell[i - 1].key, g->key) <= 0);
		assert_true(g->customers > 0);
		size_t k = 0;
		while (k < want.n && !(strcmp(want.cell[k].key, g->key) == 0 &&
				       want.cell[k].outcome == g->outcome &&
				       want.cell[k].month == g->month))
			k++;
		if (k == want.n)
			print_error("loyalty_cells: stored cell %s/%d/%d recomputes to nothing\n",
				    g->key, g->outcome, g->month);
		assert_true(k < want.n);
		assert_int_equal(g->customers, want.cell[k].customers);
		want.cell[k].customers = -1; /* seen: a second stored copy would not match */
	}
}

/* Every customer's derived state, key, case count and key group against the rows. */
static inline void fig_check_customers(struct store *s, const struct fig_truth *t)
{
	char key[STORE_LOYALTY_KEY_MAX + 1];
	struct store_rollup_customer page[FIG_PAGE];
	struct rollup_customer got;
	struct ld_customer c, byk[2];
	size_t seen = 0;
	int64_t after = 0;
	int n = 0;

	for (size_t i = 0; i < t->n_cust; i++) {
		const struct rollup_customer *w = &t->cust[i];
		int64_t id = t->cust_id[i];

		assert_ok(STORE_CALL(s, customer_rollup_get, id, &got, &err));
		if (memcmp(&got.sums, &w->sums, sizeof got.sums) != 0)
			print_error("customer %lld: stored sums differ from the cases'\n",
				    (long long)id);
		assert_memory_equal(&got.sums, &w->sums, sizeof got.sums);
		assert_int_equal(got.last_nps, w->last_nps);
		assert_int_equal(got.last_nps_at, w->last_nps_at);
		assert_int_equal(got.last_csat, w->last_csat);
		assert_int_equal(got.last_csat_at, w->last_csat_at);
		assert_int_equal(got.last_ces, w->last_ces);
		assert_int_equal(got.last_ces_at, w->last_ces_at);
		assert_int_equal(got.outcome, w->outcome);
		assert_int_equal(got.renewal_at, w->renewal_at);
		assert_int_equal(got.renewal_sub_id, 0);

		assert_ok(STORE_CALL(s, customer_loyalty_key, id, key, &err));
		if (strcmp(key, t->key[i]) != 0)
			print_error("customer %lld: key %s stored, %s recomputed\n", (long long)id,
				    key, t->key[i]);
		assert_string_equal(key, t->key[i]);

		assert_ok(STORE_CALL(s, customer_get, id, &c, &err));
		assert_int_equal(c.case_count, w->sums.cases);
		ld_customer_clear(&c);

		/* customer_list_by_key: exactly the customers with this key, by id. */
		int64_t kafter = 0;
		size_t j = 0;
		do {
			assert_ok(STORE_CALL(s, customer_list_by_key, t->key[i], kafter, 2, byk, &n,
					     &err));
			for (int x = 0; x < n; x++) {
				while (j < t->n_cust && strcmp(t->key[j], t->key[i]) != 0)
					j++;
				assert_true(j < t->n_cust);
				assert_int_equal(byk[x].id, t->cust_id[j++]);
				kafter = byk[x].id;
				ld_customer_clear(&byk[x]);
			}
		} while (n == 2);
		for (; j < t->n_cust; j++)
			assert_string_not_equal(t->key[j], t->key[i]);
	}

	do {
		assert_ok(STORE_CALL(s, customer_rollup_list, after, FIG_PAGE, page, &n, &err));
		for (int i = 0; i < n; i++) {
			const struct rollup_customer *w = &t->cust[seen];
			assert_true(seen < t->n_cust);
			assert_int_equal(page[i].id, t->cust_id[seen]);
			assert_memory_equal(&page[i].v.sums, &w->sums, sizeof w->sums);
			assert_int_equal(page[i].v.last_nps, w->last_nps);
			assert_int_equal(page[i].v.last_csat, w->last_csat);
			assert_int_equal(page[i].v.last_ces, w->last_ces);
			assert_int_equal(page[i].v.outcome, w->outcome);
			assert_int_equal(page[i].v.renewal_at, w->renewal_at);
			assert_string_equal(page[i].key, t->key[seen]);
			after = page[i].id;
			seen++;
		}
	} while (n == FIG_PAGE);
	assert_int_equal(seen, t->n_cust);
}

/* Sums of what rollup_cells() walks, per table and value. */
struct fig_cell_sums {
	int64_t v[ROLLUP_T_COUNT][ROLLUP_VALUES_MAX];
};

static inline ld_status fig_sum_cell(void *ctx, const struct rollup_delta *cell,
				     struct ld_err *e)
{
	struct fig_cell_sums *sums = ctx;

	(void)e;
	assert_true(cell->table >= 0 && cell->table < ROLLUP_T_COUNT);
	for (int k = 0; k < rollup_table_values(cell->table); k++)
		sums->v[cell->table][k] += cell->v[k];
	return LD_OK;
}

/* rollup_cells() adds up to what the rows give in every table. */
static inline void fig_check_cells(struct store *s, const struct fig_truth *t)
{
	struct fig_cell_sums got, want;
	int64_t part[ROLLUP_EFFORT_N];

	memset(&got, 0, sizeof got);
	memset(&want, 0, sizeof want);
	for (size_t i = 0; i < t->n_cases; i++) {
		const struct rollup_case *c = &t->cases[i];
		if (!c->counted)
			continue;
		fig_rollup_effort_values(&c->effort, part);
		for (int k = 0; k < ROLLUP_EFFORT_N; k++)
			want.v[ROLLUP_T_EFFORT][k] += part[k];
		for (int w = 0; c->has_fcr && w < ROLLUP_FCR_WINDOWS; w++) {
			want.v[ROLLUP_T_FCR][w] += c->fcr.first[w];
			want.v[ROLLUP_T_FCR][ROLLUP_FCR_WINDOWS + w] += c->fcr.repeated[w];
		}
	}
	for (size_t i = 0; i < t->n_answers; i++) {
		const struct rollup_survey *a = &t->answers[i];
		if (a->score >= 0)
			want.v[ROLLUP_T_ANSWER][0]++;
		for (int d = 0; d < LD_SQ_DIMS; d++) {
			if (!a->dim_rated[d])
				continue;
			want.v[ROLLUP_T_SERVQUAL][0]++;
			want.v[ROLLUP_T_SERVQUAL][1] += a->gap[d];
			want.v[ROLLUP_T_SERVQUAL][2] += (int64_t)a->gap[d] * a->gap[d];
		}
	}
	want.v[ROLLUP_T_SPLIT][0] = (int64_t)t->n_cust;
	want.v[ROLLUP_T_LOYALTY][0] = (int64_t)t->n_cust;
	assert_ok(STORE_CALL(s, rollup_cells, fig_sum_cell, &got, &err));
	for (int tb = 0; tb < ROLLUP_T_COUNT; tb++)
		for (int k = 0; k < ROLLUP_VALUES_MAX; k++) {
			if (got.v[tb][k] != want.v[tb][k])
				print_error("rollup_cells table %d value %d: %lld stored, %lld"
					    " recomputed\n", tb, k, (long long)got.v[tb][k],
					    (long long)want.v[tb][k]);
			assert_int_equal(got.v[tb][k], want.v[tb][k]);
		}
}

/* The loyalty key a renewal read shows is the customer's. */
static inline void fig_assert_key_of(struct store *s, int64_t customer_id, const char *key)
{
	char stored[STORE_LOYALTY_KEY_MAX + 1];

	assert_ok(STORE_CALL(s, customer_loyalty_key, customer_id, stored, &err));
	assert_string_equal(key, stored);
}

/* renewal_due_list carries each customer's key (checked against the rows above). */
static inline void fig_check_renewals(struct store *s)
{
	struct ld_subscription out[FIG_PAGE];
	char keys[FIG_PAGE][STORE_LOYALTY_KEY_MAX + 1];
	int64_t after = 0;
	int n = 0;

	do {
		assert_ok(STORE_CALL(s, renewal_due_list, INT64_MIN / 2, INT64_MAX / 2, after,
				     FIG_PAGE, out, keys, &n, &err));
		for (int i = 0; i < n; i++) {
			assert_int_equal(out[i].status, LD_SUB_ACTIVE);
			fig_assert_key_of(s, out[i].customer_id, keys[i]);
			after = out[i].id;
		}
	} while (n == FIG_PAGE);
}

/*
 * Every figure the store holds equals its recomputation from the rows.
 * Call after each kind of write (and its fig_* call).
 */
static inline void fig_assert_true(struct store *s)
{
	struct fig_truth *t = fig_recompute(s);

	fig_check_reports(s, t);
	fig_check_split(s, t);
	fig_check_loyalty_window(s, t, 0, 0);
	for (size_t i = 0; i < t->n_months; i++) {
		fig_check_loyalty_window(s, t, t->months[i], t->months[i]);
		fig_check_loyalty_window(s, t, t->months[i], 0);
		fig_check_loyalty_window(s, t, 0, t->months[i]);
	}
	fig_check_customers(s, t);
	fig_check_cells(s, t);
	fig_check_renewals(s);
	free(t);
}

#endif
