/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * One in-process writer lock per database file.
 *
 * SQLite lets one writer at a time into a database; a second connection that
 * asks for the write lock gets SQLITE_BUSY and its busy handler *sleeps*
 * (1, 2, 5, 10 … ms) before asking again. With several server threads each
 * holding a connection, that turns contention into idle milliseconds. Threads
 * of this process therefore queue on a mutex first — a wake-up when the
 * holder commits, not a sleep — and only other processes still meet SQLite's
 * busy timeout. In-memory databases are private to their connection and need
 * no lock.
 */
#include "store/sqlite/sqlite_store.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SQ_WRITERS_MAX 32
#define SQ_WRITER_PATH_MAX 4096

struct sq_writer {
	char path[SQ_WRITER_PATH_MAX]; /* absolute database path, "" = free slot */
	pthread_mutex_t lock;          /* held from begin() to commit()/rollback() */
	int refs;                      /* open handles on this file */
};

static struct sq_writer writers[SQ_WRITERS_MAX];
static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;

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
		pthread_mutex_destroy(&w->lock);
		w->path[0] = '\0';
	}
	pthread_mutex_unlock(&registry);
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
