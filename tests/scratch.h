/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Scratch material shared by tests of several layers (header-only; each
 * test is its own binary): a database file in a fresh temporary directory,
 * for tests whose store a second handle, the group-commit writer or a server
 * must reach (":memory:" is private to one handle), and filler text to make
 * rows big.
 */
#ifndef LD_TESTS_SCRATCH_H
#define LD_TESTS_SCRATCH_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

struct scratch_db {
	char dir[64];   /* the mkdtemp() directory */
	char path[128]; /* dir + "/desk.db" */
};

/* Makes a fresh directory /tmp/ld_<tag>_XXXXXX; the database is not created. */
static inline void scratch_db_make(struct scratch_db *d, const char *tag)
{
	snprintf(d->dir, sizeof d->dir, "/tmp/ld_%s_XXXXXX", tag);
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->path, sizeof d->path, "%s/desk.db", d->dir);
}

/* Removes the database, its companions and the directory (missing ones are fine). */
static inline void scratch_db_remove(const struct scratch_db *d)
{
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", d->path, suffix[i]);
		unlink(p);
	}
	rmdir(d->dir);
}

/* `len` bytes of 'x', NUL-terminated; the caller frees it. */
static inline char *scratch_text(size_t len)
{
	char *s = malloc(len + 1);

	assert_non_null(s);
	memset(s, 'x', len);
	s[len] = '\0';
	return s;
}

#endif
