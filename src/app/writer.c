/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The group-commit writer (writer.h): a queue of jobs under one mutex, one
 * thread that empties it a batch at a time.
 *
 * Owns the writer's store handle and app context, which only the writer
 * thread touches after start. Must not know what a job does: HTTP, JSON and
 * rendering stay with the submitters.
 *
 * Locking. `lock` guards the queue, `stopping` and every job's `finished`
 * and `rc` until the job is handed back. The writer sleeps on `wake` while
 * the queue is empty; blocking submitters sleep on `done` (one condition for
 * all: at most one waiter per server worker thread, so a broadcast per batch
 * is cheaper than a condition per job). Jobs run without the lock held, so
 * workers keep queueing while a batch runs — that is what fills the next one.
 */
#include "app/writer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xmalloc.h"

struct app_writer {
	pthread_t thread;               /* the writer thread */
	bool started;                   /* thread is running (join on stop) */
	pthread_mutex_t lock;           /* guards everything below */
	pthread_cond_t wake;            /* queue got a job, or stopping */
	pthread_cond_t done;            /* a batch finished */
	struct app_write_job *head;    /* queue, oldest first */
	struct app_write_job *tail;    /* last queued, NULL when empty */
	bool stopping;                  /* no new jobs; drain and exit */
	struct app app;                 /* owns the writer's store handle; the writer thread's */
};

/* Fails a job that never ran: writer gone. */
static void refuse(struct app_write_job *job)
{
	job->rc = ld_fail(job->err, LD_ERR_RETRY, "server_stopping", NULL,
			  "the server is stopping, try again");
}

/*
 * Runs one job under its own savepoint, so a job made of several use cases
 * (read, change, write, read again) is all or nothing too.
 */
static ld_status run_job(struct app *app, struct app_write_job *job)
{
	struct ld_err ignored;
	int depth = app->tx_depth;
	ld_status rc;

	if ((rc = app_batch_begin(app, job->err)) != LD_OK)
		return rc;
	rc = job->fn(app, job->ctx, job->err);
	if (app->tx_depth != depth + 1) {
		/* A job that leaves a transaction open would corrupt the batch. */
		fprintf(stderr, "loyaldesk http: a write job left its transaction open\n");
		abort();
	}
	if (rc != LD_OK) {
		(void)app_batch_end(app, false, &ignored);
		return rc;
	}
	return app_batch_end(app, true, job->err);
}

/*
 * Runs `batch` (a NULL-terminated list) in one transaction. Jobs after one
 * that failed with INTERNAL, RETRY or FULL (ld_status_store_failed) are not
 * run: [out] *rest gets them. Returns whether the batch met a retryable
 * failure (a busy store) — never for FULL, which waiting milliseconds
 * cannot cure.
 */
static bool run_batch_once(struct app_writer *w, struct app_write_job *batch,
			   struct app_write_job **rest)
{
	struct app_write_job *job, *stop = NULL;
	struct ld_err cerr;
	ld_status rc;

	*rest = NULL;
	ld_err_clear(&cerr);
	if ((rc = app_batch_begin(&w->app, &cerr)) != LD_OK) {
		for (job = batch; job != NULL; job = job->next) {
			job->rc = rc;
			if (job->err != NULL)
				*job->err = cerr;
		}
		return rc == LD_ERR_RETRY;
	}
	for (job = batch; job != NULL; job = job->next) {
		job->rc = run_job(&w->app, job);
		if (ld_status_store_failed(job->rc)) {
			stop = job;
			break;
		}
	}
	if (stop != NULL) {
		*rest = stop->next;
		stop->next = NULL;
	}
	if ((rc = app_batch_end(&w->app, true, &cerr)) == LD_OK)
		return stop != NULL && stop->rc == LD_ERR_RETRY;
	for (job = batch; job != NULL; job = job->next) {
		if (job->rc != LD_OK)
			continue; /* failed alone: its own error says more, and it wrote nothing */
		job->rc = rc;
		if (job->err != NULL)
			*job->err = cerr;
	}
	return rc == LD_ERR_RETRY;
}

/*
 * The one place a retryable failure is retried (DESIGN.md §2): a store busy
 * past its own timeout — another process holding the write lock, a
 * checkpoint, a PostgreSQL serialisation failure — makes the writer run the
 * batch again after a short, growing pause, APP_WRITER_RETRIES times, before
 * the jobs see LD_ERR_RETRY (HTTP 503). A full disk (LD_ERR_FULL) is not
 * retried: it lasts until an operator makes room, so its jobs are answered
 * at once (HTTP 507) instead of holding up the queue behind them. A batch
 * that failed changed nothing,
 * and jobs are functions of their context, so running one again is safe.
 * Jobs that committed in a shortened batch are not run again: only the
 * retryable one and those after it.
 */
static void run_batch(struct app_writer *w, struct app_write_job *batch,
		      struct app_write_job **rest)
{
	struct timespec pause = { 0, APP_WRITER_RETRY_PAUSE_MS * 1000000L };
	struct app_write_job *job;

	for (int attempt = 0;; attempt++) {
		if (!run_batch_once(w, batch, rest) || attempt == APP_WRITER_RETRIES)
			return;
		/* Committed jobs are done; retry from the first retryable one. */
		while (batch != NULL && batch->rc != LD_ERR_RETRY)
			batch = batch->next;
		if (batch == NULL)
			return;
		/* The jobs not run yet join the retry, in order. */
		for (job = batch; job->next != NULL; job = job->next)
			;
		job->next = *rest;
		*rest = NULL;
		nanosleep(&pause, NULL);
		pause.tv_nsec *= 4;
	}
}

static void *writer_main(void *arg)
{
	struct app_writer *w = arg;
	struct app_write_job *batch, *job, *next, *rest, *last, *callbacks, **link;
	int n;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->head == NULL && !w->stopping)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->head == NULL)
			break; /* stopping and drained */
		/* Take up to BATCH_MAX jobs off the front. */
		batch = w->head;
		last = batch;
		for (n = 1; n < APP_WRITER_BATCH_MAX && last->next != NULL; n++)
			last = last->next;
		w->head = last->next;
		if (w->head == NULL)
			w->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&w->lock);

		run_batch(w, batch, &rest);

		pthread_mutex_lock(&w->lock);
		if (rest != NULL) {
			/* Not run: back to the front, in order. */
			for (last = rest; last->next != NULL; last = last->next)
				;
			last->next = w->head;
			if (w->head == NULL)
				w->tail = last;
			w->head = rest;
		}
		/*
		 * Blocking submitters are released under the lock (a waiter's
		 * job lives on its stack: once `finished` is seen it is gone, so
		 * its link is read first); callbacks run outside it, as they
		 * may take other locks and may free their job.
		 */
		callbacks = NULL;
		link = &callbacks;
		for (job = batch; job != NULL; job = next) {
			next = job->next;
			job->finished = true;
			if (job->done != NULL) {
				*link = job;
				link = &job->next;
			}
		}
		*link = NULL;
		pthread_cond_broadcast(&w->done);
		pthread_mutex_unlock(&w->lock);
		for (job = callbacks; job != NULL; job = next) {
			next = job->next;
			job->done(job);
		}
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Appends `job`; false when stopping. Called with the lock held. */
static bool enqueue(struct app_writer *w, struct app_write_job *job)
{
	if (w->stopping)
		return false;
	job->next = NULL;
	job->finished = false;
	job->rc = LD_OK;
	if (w->tail != NULL)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	pthread_cond_signal(&w->wake);
	return true;
}

ld_status app_writer_run(struct app_writer *w, app_write_fn fn, void *ctx,
			  struct ld_err *err)
{
	struct app_write_job job;

	memset(&job, 0, sizeof job);
	job.fn = fn;
	job.ctx = ctx;
	job.err = err;
	pthread_mutex_lock(&w->lock);
	if (!enqueue(w, &job)) {
		pthread_mutex_unlock(&w->lock);
		refuse(&job);
		return job.rc;
	}
	while (!job.finished)
		pthread_cond_wait(&w->done, &w->lock);
	pthread_mutex_unlock(&w->lock);
	return job.rc;
}

void app_writer_submit(struct app_writer *w, struct app_write_job *job)
{
	bool queued;

	pthread_mutex_lock(&w->lock);
	queued = enqueue(w, job);
	pthread_mutex_unlock(&w->lock);
	if (!queued) {
		refuse(job);
		job->finished = true;
		job->done(job);
	}
}

ld_status app_writer_start(const char *store_url, const struct app_config *cfg,
			    struct app_writer **out, struct ld_err *err)
{
	struct app_writer *w = NULL;
	ld_status rc;
	int prc;

	*out = NULL;
	w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	pthread_cond_init(&w->done, NULL);
	if ((rc = app_open(&w->app, store_url, cfg, err)) != LD_OK)
		goto out;
	if ((prc = pthread_create(&w->thread, NULL, writer_main, w)) != 0) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "thread_failed", NULL,
			     "cannot start the writer thread: %s", strerror(prc));
		goto out;
	}
	w->started = true;
	*out = w;
	w = NULL;
	rc = LD_OK;
out:
	app_writer_stop(w);
	return rc;
}

void app_writer_stop(struct app_writer *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	if (w->started)
		pthread_join(w->thread, NULL);
	app_close(&w->app);
	pthread_cond_destroy(&w->done);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
