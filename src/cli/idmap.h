/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Maps for imports. idmap: from an import file's own ids to store ids (int64 → int64), with a
 * journal so that the entries made during a batch can be undone when the
 * store rolls that batch back. Open addressing, linear probing, grows at
 * half full; key 0 is reserved (never a valid id). Aborts on out-of-memory.
 */
#ifndef LD_CLI_IDMAP_H
#define LD_CLI_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idmap_undo {
	size_t slot;          /* slot that changed */
	int64_t old;          /* its value before (0 = absent) */
};

struct idmap {
	int64_t *keys;        /* cap entries, 0 = empty slot */
	int64_t *vals;        /* cap entries, 0 = absent */
	size_t cap;           /* power of two */
	size_t used;          /* occupied key slots */
	struct idmap_undo *journal; /* changes since the last commit */
	size_t journal_len;   /* entries used */
	size_t journal_cap;   /* entries allocated */
};

void idmap_init(struct idmap *m);
/* NULL-safe; leaves an empty map. */
void idmap_free(struct idmap *m);
/* Value of `key`, 0 when absent. */
int64_t idmap_get(const struct idmap *m, int64_t key);
/* Sets `key` (≠ 0) to `val`, journaled. */
void idmap_put(struct idmap *m, int64_t key, int64_t val);
/* Forgets the journal: the batch's entries stay. */
void idmap_commit(struct idmap *m);
/* Undoes every change since the last commit, newest first. */
void idmap_rollback(struct idmap *m);

/*
 * A map from names (teams, organisations, branches, account e-mails) to store
 * ids, for imports that carry names rather than ids. Open addressing over
 * owned copies of the keys, grows at half full. No journal: it is a cache of
 * the store, emptied whole (namemap_clear) when a batch is rolled back, and
 * `loaded` tells whether it holds every row of its kind. Aborts on
 * out-of-memory.
 */
struct namemap {
	char **keys;          /* cap entries, NULL = empty slot; owned copies */
	int64_t *vals;        /* cap entries */
	size_t cap;           /* power of two, 0 before the first put */
	size_t used;          /* occupied slots */
	bool loaded;          /* every row of the kind is in the map */
};

void namemap_init(struct namemap *m);
/* NULL-safe; leaves an empty map. */
void namemap_free(struct namemap *m);
/* Empties the map (loaded = false). */
void namemap_clear(struct namemap *m);
/* Value of `key` (exact bytes), 0 when absent. */
int64_t namemap_get(const struct namemap *m, const char *key);
/* Sets `key` (copied) to `val`. */
void namemap_put(struct namemap *m, const char *key, int64_t val);

#endif
