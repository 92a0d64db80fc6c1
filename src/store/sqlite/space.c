/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Room to write: which SQLite failures mean a full disk, the mark of the
 * last write refused for lack of room, the free bytes of the database's
 * filesystem (the space() operation of store.h), and the page cap tests use
 * to meet a full database without filling a filesystem.
 *
 * Must not decide what the figures mean (whether the desk is degraded, after
 * how long a refused write is forgotten): that is the app's health check.
 *
 * What "full" looks like from SQLite. A write that cannot extend a file gets
 * SQLITE_FULL (os_unix.c turns a short write with ENOSPC into it, and a
 * database at its max_page_count fails the same way); growing the -shm file
 * or syncing on a full disk is an SQLITE_IOERR variant (SHMSIZE, FSYNC,
 * TRUNCATE …) whose system error, sqlite3_system_errno(), is ENOSPC — or
 * EDQUOT when a quota is exhausted. SQLITE_IOERR_NOMEM leaves that errno
 * stale, so it never counts.
 *
 * The mark. Every handle of a file in this process shares one (in the file's
 * sq_writer, writer.c), because the write that fails is usually the
 * group-commit writer's and the health check runs on a worker's handle. It
 * holds the CLOCK_MONOTONIC time of the last refusal and is cleared by the
 * next commit that changed rows with nothing refused in it: a commit of an
 * empty transaction, or of a batch in which one job was refused, proves
 * nothing about the room left. A relaxed atomic: it is a hint for the health
 * check, ordered by nothing else.
 *
 * The free bytes come from statvfs() on the database file (its -wal and
 * -shm files live beside it): f_bavail, the blocks an unprivileged process
 * may still use. One system call, no lock, no write — a health check may ask
 * as often as it likes.
 */
#include "store/sqlite/sqlite_store.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/statvfs.h>
#include <time.h>

/* The test cap (sq_test_cap_pages): wanted state and its generation. */
static atomic_bool cap_on;
static atomic_uint cap_generation;

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool sq_is_full(int rc, int sys_errno)
{
	if ((rc & 0xff) == SQLITE_FULL)
		return true;
	if ((rc & 0xff) != SQLITE_IOERR || rc == SQLITE_IOERR_NOMEM)
		return false;
	return sys_errno == ENOSPC || sys_errno == EDQUOT;
}

ld_status sq_full(struct sq_store *s, const char *what, struct ld_err *err)
{
	int64_t now = monotonic_ms();

	/* 0 means "none": a clock that starts at 0 ms must not read as one. */
	atomic_store_explicit(&s->space->full_at_ms, now > 0 ? now : 1, memory_order_relaxed);
	if (s->in_tx)
		s->tx_full = true;
	return ld_fail(err, LD_ERR_FULL, "storage_full", NULL,
		       "no room to write the %s: the disk that holds the database is full", what);
}

/*
 * Applies a changed test cap: max_page_count 1 caps the database at its
 * current size (SQLite never sets it below that); the default it had
 * before lifts the cap. The pragma takes no parameters, so its text is
 * built from numbers of our own.
 */
static void apply_cap(struct sq_store *s, unsigned generation)
{
	char sql[64];
	sqlite3_stmt *st = NULL;
	bool on = atomic_load_explicit(&cap_on, memory_order_relaxed);

	s->cap_generation = generation;
	if (s->pages_default == 0) {
		if (sqlite3_prepare_v2(s->db, "PRAGMA max_page_count", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			s->pages_default = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (s->pages_default <= 0)
			return;
	}
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld",
		 on ? 1LL : (long long)s->pages_default);
	(void)sq_exec_script(s, sql, "page cap", NULL);
}

void sq_space_begin(struct sq_store *s)
{
	unsigned generation = atomic_load_explicit(&cap_generation, memory_order_acquire);

	if (generation != s->cap_generation)
		apply_cap(s, generation);
	s->tx_full = false;
	s->tx_changes = sqlite3_total_changes64(s->db);
}

void sq_space_room(struct sq_store *s)
{
	/* Read first: the mark is shared, and almost always already 0. */
	if (atomic_load_explicit(&s->space->full_at_ms, memory_order_relaxed) != 0)
		atomic_store_explicit(&s->space->full_at_ms, 0, memory_order_relaxed);
}

void sq_space_committed(struct sq_store *s)
{
	if (!s->tx_full && sqlite3_total_changes64(s->db) != s->tx_changes)
		sq_space_room(s);
}

ld_status sq_space(struct store *store, struct store_space *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	int64_t at = atomic_load_explicit(&s->space->full_at_ms, memory_order_relaxed);
	const char *path = sqlite3_db_filename(s->db, "main");
	struct statvfs fs;

	(void)err;
	out->full_age_s = at == 0 ? -1 : (monotonic_ms() - at) / 1000;
	out->free_bytes = -1;
	/* "" for an in-memory database: no filesystem to ask. */
	if (path != NULL && path[0] != '\0' && statvfs(path, &fs) == 0) {
		unsigned long long bytes = (unsigned long long)fs.f_bavail * fs.f_frsize;
		out->free_bytes = bytes > (unsigned long long)INT64_MAX ? INT64_MAX : (int64_t)bytes;
	}
	return LD_OK;
}

void sq_test_cap_pages(bool on)
{
	atomic_store_explicit(&cap_on, on, memory_order_relaxed);
	atomic_fetch_add_explicit(&cap_generation, 1, memory_order_release);
}
