/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Group commit: one writer thread per server runs the API's hot writes, many
 * requests to one store transaction.
 *
 * Why. Each write used to be its own SQLite transaction, and a commit costs
 * the WAL frames of every page it touched (6–8 per case write: the case, the
 * interaction, the audit row, their indexes) plus, every ~1000 frames, a
 * checkpoint with fdatasync. Requests that arrive together mostly touch the
 * same tail pages (audit, interaction, indexes), so committing them together
 * writes those pages once per batch instead of once per request.
 *
 * How. A worker thread hands over a job (a function and its context) and is
 * told when it is done. The writer thread takes every queued job (up to
 * APP_WRITER_BATCH_MAX), opens one batch (app_batch_begin), runs each job
 * under its own savepoint — so a failing job undoes only its own writes and
 * the others go on — and ends the batch with one commit. Only then is any job
 * reported done, so a client never sees an answer that a crash could still
 * take back (durability as with one transaction per request). When the
 * commit fails, every job of the batch that had succeeded gets the commit's
 * error (usually LD_ERR_RETRY → 503, or LD_ERR_FULL → 507 on a full disk);
 * jobs that failed on their own keep
 * their own error, since they changed nothing either way.
 *
 * A job that fails with LD_ERR_INTERNAL, LD_ERR_RETRY or LD_ERR_FULL ends its
 * batch early (the rest go to the next one): after an I/O error or a full
 * disk SQLite may have rolled the whole transaction back (the store then
 * refuses every further statement of it rather than run it outside), and
 * the commit right away reports the loss to everyone in it — as
 * LD_ERR_FULL "storage_full" (HTTP 507) when a write found no room. Only
 * LD_ERR_RETRY is retried (run_batch() in writer.c); a full disk is not,
 * since it lasts until someone makes room.
 *
 * Jobs run on the writer's own store handle and app context (same URL and
 * app_config as the workers), never on the caller's, and must not touch
 * anything thread-local of the caller. Slow work that is not a write (Argon2
 * password hashing, rendering) stays off this thread: it would hold up
 * every writer behind it.
 */
#ifndef LD_APP_WRITER_H
#define LD_APP_WRITER_H

#include <stdbool.h>

#include "app/app.h"
#include "util/status.h"

#define APP_WRITER_BATCH_MAX 128 /* jobs per transaction */
#define APP_WRITER_RETRIES 3       /* a busy batch is run again this often */
#define APP_WRITER_RETRY_PAUSE_MS 2 /* first pause before a retry, ×4 each time */

/*
 * A write: runs use cases on `app` (the writer's; one batch is open, the
 * function must leave it as it found it), reads and fills `ctx`, and returns
 * LD_OK or an error with `err` filled.
 */
typedef ld_status (*app_write_fn)(struct app *app, void *ctx, struct ld_err *err);

struct app_write_job;

/*
 * Called on the writer thread once `job` is finished, in queue order; the
 * writer does not touch the job afterwards, so the callee may free it.
 */
typedef void (*app_write_done_fn)(struct app_write_job *job);

/* A queued job: the submitter's memory, which it leaves alone until the job is done. */
struct app_write_job {
	app_write_fn fn;           /* the write */
	void *ctx;                  /* its context, borrowed */
	struct ld_err *err;         /* where failures go, borrowed */
	app_write_done_fn done;    /* completion callback; NULL for app_writer_run() */
	void *done_arg;             /* for `done`, untouched by the writer */
	ld_status rc;               /* [out] the job's status once finished */
	bool finished;              /* [out] set by the writer (under its lock) */
	struct app_write_job *next; /* queue link, the writer's */
};

struct app_writer;

/*
 * Opens a store handle on `store_url` (borrowed), binds an app context with
 * `cfg` (copied, NULL = defaults; its pointers borrowed until
 * app_writer_stop()) and starts the writer thread. [out] *out is the
 * caller's, released with app_writer_stop(). Errors: the store's;
 * LD_ERR_INTERNAL "thread_failed".
 */
ld_status app_writer_start(const char *store_url, const struct app_config *cfg,
			    struct app_writer **out, struct ld_err *err);

/*
 * Runs `fn(app, ctx, err)` on the writer thread and waits until its batch
 * has committed. Returns the job's status, or the commit's error, or
 * LD_ERR_RETRY "server_stopping" once the writer is stopping.
 */
ld_status app_writer_run(struct app_writer *w, app_write_fn fn, void *ctx,
			  struct ld_err *err);

/*
 * Queues `job` (fn, ctx, err and done set by the caller) without waiting;
 * job->done(job) is called on the writer thread after the commit, with
 * job->rc set. Once the writer is stopping, done is called at once, on the
 * calling thread, with LD_ERR_RETRY "server_stopping".
 */
void app_writer_submit(struct app_writer *w, struct app_write_job *job);

/*
 * Runs what is still queued, refuses new jobs, joins the thread, closes the
 * writer's store and frees it. NULL-safe.
 */
void app_writer_stop(struct app_writer *w);

#endif
