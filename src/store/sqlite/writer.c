/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * One in-process writer lock, and one checkpointer, per database file.
 *
 * SQLite lets one writer at a time into a database; a second connection that
 * asks for the write lock gets SQLITE_BUSY and its busy handler *sleeps*
 * (1, 2, 5, 10 … ms) before asking again. With several server threads each
 * holding a connection, that turns contention into idle milliseconds. Threads
 * of this process therefore queue on a mutex first — a wake-up when the
 * holder commits, not a sleep — and only other processes still meet SQLite's
 * busy timeout. In-memory databases are private to their connection and need
 * no lock.
 *
 * Checkpoints. SQLite would otherwise copy the write-ahead log back into the
 * database inside whichever commit crosses 1000 pages, and every write queued
 * behind that commit waits for the copy and its fsync (the p99 of the write
 * path). So every handle of a file turns its automatic checkpoint off, and
 * while any handle of the file is open, a thread of this file's entry runs a
 * passive checkpoint every SQ_CHECKPOINT_INTERVAL_MS on a connection of its
 * own, which never blocks a writer. Nothing above the driver knows the log
 * exists.
 *
 * The entry also holds the file's refused-write mark (space.c), so that what
 * one handle met — the group-commit writer's, usually — the health check's
 * handle sees.
 */
#include "store/sqlite/sqlite_store.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SQ_WRITERS_MAX 32
#define SQ_WRITER_PATH_MAX 4096
#define SQ_CHECKPOINT_INTERVAL_MS 50
#define SQ_WAL_RESTART_FRAMES 262144 /* 1 GiB of 4 KiB pages */
#define SQ_WAL_RESTART_WAIT_MS 100   /* for readers on older snapshots */


struct sq_writer {
	char path[SQ_WRITER_PATH_MAX]; /* absolute database path, "" = free slot */
	pthread_mutex_t lock;          /* held from begin() to commit()/rollback() */
	int refs;                      /* open handles on this file */
	pthread_t checkpointer;        /* copies the log back while the file is open */
	bool checkpointing;            /* the thread runs (join on the last release) */
	pthread_mutex_t stop_lock;     /* guards stopping */
	pthread_cond_t stop_cv;        /* wakes the checkpointer to stop */
	bool stopping;                 /* the last handle closed */
	struct sq_space_mark space;    /* last write refused for lack of room (space.c) */
};

static struct sq_writer writers[SQ_WRITERS_MAX];
static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;

/* Whether `db` is in WAL mode (reading the mode opens the log if it is). */
static bool is_wal(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	bool wal = false;

	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *mode = (const char *)sqlite3_column_text(st, 0);
		wal = mode != NULL && strcmp(mode, "wal") == 0;
	}
	sqlite3_finalize(st);
	return wal;
}

static void *checkpointer_main(void *arg)
{
	struct sq_writer *w = arg;
	sqlite3 *db = NULL;
	struct timespec until;

	if (sqlite3_open_v2(w->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return NULL; /* the writers' own commits still checkpoint then */
	}
	sqlite3_busy_timeout(db, 0);
	bool wal = false;
	pthread_mutex_lock(&w->stop_lock);
	while (!w->stopping) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += SQ_CHECKPOINT_INTERVAL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->stop_cv, &w->stop_lock, &until);
		if (w->stopping)
			break;
		pthread_mutex_unlock(&w->stop_lock);
		/* A connection learns that its file is in WAL mode when it first
		 * reads it; until then a checkpoint is a silent no-op. */
		if (!wal)
			wal = is_wal(db);
		/* BUSY: another checkpoint runs; it is done next time. */
		if (wal)
			(void)sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
							NULL);
		pthread_mutex_lock(&w->stop_lock);
	}
	pthread_mutex_unlock(&w->stop_lock);
	sqlite3_close(db);
	return NULL;
}

static void checkpointer_start(struct sq_writer *w)
{
	w->stopping = false;
	pthread_mutex_init(&w->stop_lock, NULL);
	pthread_cond_init(&w->stop_cv, NULL);
	w->checkpointing = pthread_create(&w->checkpointer, NULL, checkpointer_main, w) == 0;
}

static void checkpointer_stop(struct sq_writer *w)
{
	pthread_mutex_lock(&w->stop_lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->stop_cv);
	pthread_mutex_unlock(&w->stop_lock);
	if (w->checkpointing)
		pthread_join(w->checkpointer, NULL);
	w->checkpointing = false;
	pthread_cond_destroy(&w->stop_cv);
	pthread_mutex_destroy(&w->stop_lock);
}

/*
 * After each commit of a handle whose file has a checkpointer: a log grown
 * past SQ_WAL_RESTART_FRAMES means writers never paused long enough for the
 * checkpointer to let the log start over (an import writing batch after
 * batch), and every write would append to an ever longer log. The
 * committing handle then copies the log back whole and restarts it, waiting
 * at most SQ_WAL_RESTART_WAIT_MS for readers on older snapshots. The bound is
 * high on purpose: that commit waits for the copy, so a server, whose log the
 * checkpointer lets start over whenever writes pause, should never meet it
 * (at 64 MiB it did, every few thousand writes, and its p99 showed it).
 */
static int wal_grown(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)arg;
	if (frames <= SQ_WAL_RESTART_FRAMES)
		return SQLITE_OK;
	sqlite3_busy_timeout(db, SQ_WAL_RESTART_WAIT_MS);
	(void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
	sqlite3_busy_timeout(db, SQ_BUSY_TIMEOUT_MS);
	return SQLITE_OK;
}

void sq_writer_watch(const struct sq_writer *w, sqlite3 *db)
{
	if (sq_writer_checkpoints(w)) {
		(void)sqlite3_wal_autocheckpoint(db, 0);
		sqlite3_wal_hook(db, wal_grown, NULL);
	}
}

bool sq_writer_checkpoints(const struct sq_writer *w)
{
	return w != NULL && w->checkpointing;
}

struct sq_writer *sq_writer_acquire(const char *path)
{
	struct sq_writer *w = NULL, *free_slot = NULL;

	if (path == NULL || path[0] == '\0' || strlen(path) >= SQ_WRITER_PATH_MAX)
		return NULL;
	pthread_mutex_lock(&registry);
	for (int i = 0; i < SQ_WRITERS_MAX && w == NULL; i++) {
		if (writers[i].refs > 0 && strcmp(writers[i].path, path) == 0)
			w = &writers[i];
		else if (writers[i].refs == 0 && free_slot == NULL)
			free_slot = &writers[i];
	}
	if (w == NULL && free_slot != NULL) {
		w = free_slot;
		snprintf(w->path, sizeof w->path, "%s", path);
		pthread_mutex_init(&w->lock, NULL);
		atomic_store_explicit(&w->space.full_at_ms, 0, memory_order_relaxed);
		checkpointer_start(w);
	}
	if (w != NULL)
		w->refs++;
	pthread_mutex_unlock(&registry);
	return w; /* NULL when full: SQLite's own locking still keeps it correct */
}

void sq_writer_release(struct sq_writer *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&registry);
	if (--w->refs == 0) {
		checkpointer_stop(w);
		pthread_mutex_destroy(&w->lock);
		w->path[0] = '\0';
	}
	pthread_mutex_unlock(&registry);
}

struct sq_space_mark *sq_writer_space(struct sq_writer *w)
{
	return &w->space;
}

ld_status sq_writer_lock(struct sq_writer *w, struct ld_err *err)
{
	struct timespec until;
	int rc;

	if (w == NULL)
		return LD_OK;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SQ_BUSY_TIMEOUT_MS / 1000;
	rc = pthread_mutex_timedlock(&w->lock, &until);
	if (rc == ETIMEDOUT)
		return ld_fail(err, LD_ERR_RETRY, "store_busy", NULL,
			       "the database is busy, try again");
	if (rc != 0)
		return ld_fail(err, LD_ERR_INTERNAL, "store_lock_failed", NULL,
			       "writer lock: %s", strerror(rc));
	return LD_OK;
}

void sq_writer_unlock(struct sq_writer *w)
{
	if (w != NULL)
		pthread_mutex_unlock(&w->lock);
}
