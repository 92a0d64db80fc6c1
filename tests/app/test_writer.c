/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The group-commit writer (app/writer.c) on a full disk, on a temporary
 * database file (a ":memory:" store would give the writer a database of its
 * own). Batches are made on purpose: a first job holds the writer until the
 * test has queued the jobs of the next batch behind it.
 *
 *  - a job that fails with LD_ERR_FULL ends its batch: the jobs before it
 *    commit, those after it run in a batch of their own (they see the first
 *    ones committed), and the full job runs once — FULL is not retried;
 *  - a database at its size limit (the driver's page cap): every job gets
 *    LD_OK or LD_ERR_FULL "storage_full", never an internal error; what a
 *    job was told is what the store holds; the derived figures stay true
 *    (a dropped transaction must not let its figures commit on their own);
 *    and once the cap is lifted the writer's handle writes again.
 *
 * Service-level behaviour over HTTP (507, health): tests/http/test_http_full.c.
 */
#include "../scratch.h"

#include <pthread.h>

#include "app/app.h"
#include "app/writer.h"
#include "store/sqlite/sqlite_store.h" /* the page cap test hook */
#include "store/store.h"

#define NOTES_LEN 1500 /* bytes of notes per customer */
#define FILL_MAX 20000 /* customers before a capped database must be full */

struct wt_fx {
	struct scratch_db db; /* the database file */
	struct store *store;  /* the test's own handle, owned */
	struct app app;       /* over it */
};

static struct wt_fx WT;

static int wt_setup(void **state)
{
	struct ld_err err;

	(void)state;
	memset(&WT, 0, sizeof WT);
	scratch_db_make(&WT.db, "writer_full");
	if (store_open(WT.db.path, &WT.store, &err) != LD_OK)
		fail_msg("store_open: %s", err.message);
	app_init(&WT.app, WT.store, NULL);
	return 0;
}

static int wt_teardown(void **state)
{
	(void)state;
	sq_test_cap_pages(false);
	app_fini(&WT.app);
	store_close(WT.store);
	scratch_db_remove(&WT.db);
	return 0;
}

/* ---- a job that holds the writer until released ---- */

struct gate {
	pthread_mutex_t lock;  /* guards both flags */
	pthread_cond_t cond;   /* either flag changed */
	bool entered;          /* the writer runs the gate job */
	bool open;             /* the test let it go */
};

static struct gate GATE = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false};

static ld_status gate_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct gate *g = ctx;

	(void)app;
	(void)err;
	pthread_mutex_lock(&g->lock);
	g->entered = true;
	pthread_cond_broadcast(&g->cond);
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
	return LD_OK;
}

static void job_done(struct app_write_job *job)
{
	(void)job; /* app_writer_stop() waits for every job */
}

/* A job of the test: its queue entry, context and error in one. */
struct wt_job {
	struct app_write_job job; /* queued */
	struct ld_err err;        /* its errors */
	int calls;                /* times the writer ran it */
	int64_t id;               /* what it created, 0 = nothing */
	char name[64];            /* … and its name */
	const struct wt_job *after; /* customer_seen: the job whose customer it looks for */
	bool seen;                /* customer_seen: that customer was committed when it ran */
	int fill;                 /* customer_fill: customers it wrote before the refusal */
};

static void queue_job(struct app_writer *w, struct wt_job *j, app_write_fn fn)
{
	j->job.fn = fn;
	j->job.ctx = j;
	j->job.err = &j->err;
	j->job.done = job_done;
	app_writer_submit(w, &j->job);
}

/* Starts a writer on the test file, busy with the gate job once this returns. */
static struct app_writer *start_held(struct wt_job *gate_job)
{
	struct app_writer *w = NULL;
	struct ld_err err;

	assert_int_equal(app_writer_start(WT.db.path, NULL, &w, &err), LD_OK);
	GATE.entered = GATE.open = false;
	gate_job->job.fn = gate_run;
	gate_job->job.ctx = &GATE;
	gate_job->job.err = &gate_job->err;
	gate_job->job.done = job_done;
	app_writer_submit(w, &gate_job->job);
	pthread_mutex_lock(&GATE.lock);
	while (!GATE.entered)
		pthread_cond_wait(&GATE.cond, &GATE.lock);
	pthread_mutex_unlock(&GATE.lock);
	return w;
}

/* Lets the gate job finish: the jobs queued meanwhile are the next batch. */
static void release(void)
{
	pthread_mutex_lock(&GATE.lock);
	GATE.open = true;
	pthread_cond_broadcast(&GATE.cond);
	pthread_mutex_unlock(&GATE.lock);
}

/* ---- the jobs ---- */

/* Whether job `j`'s customer is stored (by id and name: a rolled-back id is
 * given out again). */
static bool customer_of_job(const struct wt_job *j)
{
	struct ld_customer c;
	struct ld_err err;
	ld_status rc;
	bool same;

	if (j->id == 0)
		return false;
	rc = app_customer_get(&WT.app, NULL, j->id, &c, &err);
	if (rc != LD_OK) {
		assert_int_equal(rc, LD_ERR_NOT_FOUND);
		return false;
	}
	same = strcmp(c.name, j->name) == 0;
	ld_customer_clear(&c);
	return same;
}


static ld_status customer_new(struct app *app, struct wt_job *j, const char *name,
			      size_t notes_len, struct ld_err *err)
{
	struct ld_customer c;
	ld_status rc;

	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "%s", name);
	c.preferred_channel = -1;
	c.notes = notes_len > 0 ? scratch_text(notes_len) : NULL;
	rc = app_customer_create(app, NULL, &c, err);
	if (rc == LD_OK) {
		j->id = c.id;
		snprintf(j->name, sizeof j->name, "%s", name);
	}
	ld_customer_clear(&c);
	return rc;
}

static ld_status customer_one(struct app *app, void *ctx, struct ld_err *err)
{
	struct wt_job *j = ctx;

	j->calls++;
	return customer_new(app, j, "One customer", 0, err);
}

/* Fails as a write on a full disk does, without a store. */
static ld_status full_fake(struct app *app, void *ctx, struct ld_err *err)
{
	struct wt_job *j = ctx;

	(void)app;
	j->calls++;
	return ld_fail(err, LD_ERR_FULL, "storage_full", NULL, "no room (made up)");
}

/* Writes a customer after looking, on the test's own handle, whether the
 * customer of j->after is committed. */
static ld_status customer_seen(struct app *app, void *ctx, struct ld_err *err)
{
	struct wt_job *j = ctx;

	j->calls++;
	j->seen = customer_of_job(j->after);
	return customer_new(app, j, "Seen after", 0, err);
}

/* Writes customers with long notes until one is refused; returns that status. */
static ld_status customer_fill(struct app *app, void *ctx, struct ld_err *err)
{
	struct wt_job *j = ctx;
	struct wt_job one = {0};
	ld_status rc = LD_OK;

	j->calls++;
	for (j->fill = 0; j->fill < FILL_MAX; j->fill++)
		if ((rc = customer_new(app, &one, "Filler", NOTES_LEN, err)) != LD_OK)
			break;
	return rc;
}

/* ---- checks ---- */

static void print_difference(void *ctx, const struct app_check_diff *d)
{
	(void)ctx;
	fprintf(stderr, "figure differs: %s %s %s stored %s recomputed %s\n", d->table, d->key,
		d->field, d->stored, d->recomputed);
}

static void assert_figures_true(void)
{
	struct app_check_result res;
	struct ld_err err;

	assert_int_equal(app_check(&WT.app, NULL, false, print_difference, NULL, &res, &err),
			 LD_OK);
	assert_int_equal(res.differences, 0);
}

/* A job's outcome on a full database: done, or refused for lack of room. */
static void assert_ok_or_full(const struct wt_job *j, const char *what)
{
	if (j->job.rc == LD_OK)
		return;
	if (j->job.rc != LD_ERR_FULL || strcmp(j->err.code, "storage_full") != 0)
		fail_msg("%s: %d %s: %s, wanted ok or storage_full", what, j->job.rc, j->err.code,
			 j->err.message);
}

/* ---- tests ---- */

static void test_writer_full_ends_the_batch_and_is_not_retried(void **state)
{
	struct wt_job gate = {0}, first = {0}, full = {0}, later = {0};
	struct app_writer *w;

	(void)state;
	w = start_held(&gate);
	queue_job(w, &first, customer_one);
	queue_job(w, &full, full_fake);
	later.after = &first;
	queue_job(w, &later, customer_seen);
	release();
	app_writer_stop(w);

	assert_int_equal(first.job.rc, LD_OK);
	assert_int_equal(full.job.rc, LD_ERR_FULL);
	assert_string_equal(full.err.code, "storage_full");
	assert_int_equal(full.calls, 1);
	assert_int_equal(later.job.rc, LD_OK);
	/* Run in a batch of its own, after the one before the full job committed. */
	assert_true(later.seen);
	assert_true(customer_of_job(&first));
	assert_true(customer_of_job(&later));
}

static void test_writer_full_database(void **state)
{
	struct wt_job gate = {0}, before = {0}, fill = {0}, after = {0}, again = {0}, room = {0};
	struct app_writer *w;

	(void)state;
	sq_test_cap_pages(true);
	w = start_held(&gate);
	queue_job(w, &before, customer_one);
	queue_job(w, &fill, customer_fill);
	after.after = &before;
	queue_job(w, &after, customer_seen);
	release();
	/* Queued behind them: once it is answered, they are too. */
	again.job.rc = app_writer_run(w, customer_one, &again, &again.err);
	assert_ok_or_full(&again, "a job queued behind");
	sq_test_cap_pages(false);
	assert_int_equal(app_writer_run(w, customer_one, &room, &room.err), LD_OK);
	assert_true(customer_of_job(&room));
	app_writer_stop(w);

	assert_ok_or_full(&before, "the job before the full one");
	assert_int_equal(fill.job.rc, LD_ERR_FULL);
	assert_string_equal(fill.err.code, "storage_full");
	assert_true(fill.fill < FILL_MAX);
	assert_int_equal(fill.calls, 1);
	assert_ok_or_full(&after, "the job after the full one");
	/* What each job was told is what the store holds. */
	assert_int_equal(customer_of_job(&before), before.job.rc == LD_OK);
	assert_int_equal(customer_of_job(&after), after.job.rc == LD_OK);
	{
		struct store_customer_query q = {.limit = 50};
		struct ld_customer page[50];
		int n = 0;
		struct ld_err err;

		assert_int_equal(app_customer_list(&WT.app, NULL, &q, page, &n, &err), LD_OK);
		assert_true(n < 50);
		for (int i = 0; i < n; i++) {
			assert_string_not_equal(page[i].name, "Filler");
			ld_customer_clear(&page[i]);
		}
	}
	assert_figures_true();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writer_full_ends_the_batch_and_is_not_retried,
						wt_setup, wt_teardown),
		cmocka_unit_test_setup_teardown(test_writer_full_database, wt_setup, wt_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
