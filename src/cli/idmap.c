/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The journaled id map and the name map of imports (contracts in idmap.h). The journal records
 * slots and their previous values; a rollback restores the values (a key
 * whose value returns to 0 reads as absent and is reused by the next put).
 * When the table grows, every journaled slot is re-found by its key.
 */
#include "cli/idmap.h"

#include <stdlib.h>
#include <string.h>

static void *idmap_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL)
		abort();
	return p;
}

static size_t idmap_hash(int64_t key, size_t cap)
{
	uint64_t x = (uint64_t)key;

	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	return (size_t)x & (cap - 1);
}

void idmap_init(struct idmap *m)
{
	memset(m, 0, sizeof *m);
}

void idmap_free(struct idmap *m)
{
	if (m == NULL)
		return;
	free(m->keys);
	free(m->vals);
	free(m->journal);
	memset(m, 0, sizeof *m);
}

static size_t idmap_find(const struct idmap *m, int64_t key)
{
	size_t i = idmap_hash(key, m->cap);

	while (m->keys[i] != 0 && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

int64_t idmap_get(const struct idmap *m, int64_t key)
{
	size_t i;

	if (m->cap == 0 || key == 0)
		return 0;
	i = idmap_find(m, key);
	return m->keys[i] == key ? m->vals[i] : 0;
}

static void idmap_grow(struct idmap *m)
{
	int64_t *okeys = m->keys, *ovals = m->vals;
	size_t ocap = m->cap, i, j;

	m->cap = ocap == 0 ? 1024 : ocap * 2;
	m->keys = idmap_xcalloc(m->cap, sizeof *m->keys);
	m->vals = idmap_xcalloc(m->cap, sizeof *m->vals);
	for (i = 0; i < ocap; i++) {
		if (okeys[i] == 0)
			continue;
		j = idmap_find(m, okeys[i]);
		m->keys[j] = okeys[i];
		m->vals[j] = ovals[i];
	}
	/* journaled slots moved with their keys */
	for (i = 0; i < m->journal_len; i++)
		m->journal[i].slot = idmap_find(m, okeys[m->journal[i].slot]);
	free(okeys);
	free(ovals);
}

void idmap_put(struct idmap *m, int64_t key, int64_t val)
{
	size_t i;

	if (key == 0)
		return;
	if ((m->used + 1) * 2 > m->cap)
		idmap_grow(m);
	i = idmap_find(m, key);
	if (m->keys[i] == 0) {
		m->keys[i] = key;
		m->used++;
	}
	if (m->journal_len == m->journal_cap) {
		m->journal_cap = m->journal_cap == 0 ? 256 : m->journal_cap * 2;
		m->journal = realloc(m->journal, m->journal_cap * sizeof *m->journal);
		if (m->journal == NULL)
			abort();
	}
	m->journal[m->journal_len].slot = i;
	m->journal[m->journal_len].old = m->vals[i];
	m->journal_len++;
	m->vals[i] = val;
}

void idmap_commit(struct idmap *m)
{
	m->journal_len = 0;
}

void idmap_rollback(struct idmap *m)
{
	while (m->journal_len > 0) {
		struct idmap_undo *u = &m->journal[--m->journal_len];
		m->vals[u->slot] = u->old; /* key stays; value 0 reads as absent */
	}
}

/* ---- names ---- */

static size_t namemap_hash(const char *key, size_t cap)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325); /* FNV-1a */

	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= UINT64_C(0x100000001b3);
	}
	return (size_t)h & (cap - 1);
}

static size_t namemap_find(const struct namemap *m, const char *key)
{
	size_t i = namemap_hash(key, m->cap);

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void namemap_init(struct namemap *m)
{
	memset(m, 0, sizeof *m);
}

void namemap_clear(struct namemap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->keys[i]);
		m->keys[i] = NULL;
	}
	m->used = 0;
	m->loaded = false;
}

void namemap_free(struct namemap *m)
{
	if (m == NULL)
		return;
	namemap_clear(m);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

int64_t namemap_get(const struct namemap *m, const char *key)
{
	size_t i;

	if (m->cap == 0 || key == NULL)
		return 0;
	i = namemap_find(m, key);
	return m->keys[i] != NULL ? m->vals[i] : 0;
}

void namemap_put(struct namemap *m, const char *key, int64_t val)
{
	size_t i;

	if ((m->used + 1) * 2 > m->cap) {
		char **okeys = m->keys;
		int64_t *ovals = m->vals;
		size_t ocap = m->cap;

		m->cap = ocap == 0 ? 64 : ocap * 2;
		m->keys = idmap_xcalloc(m->cap, sizeof *m->keys);
		m->vals = idmap_xcalloc(m->cap, sizeof *m->vals);
		for (size_t j = 0; j < ocap; j++) {
			if (okeys[j] == NULL)
				continue;
			i = namemap_find(m, okeys[j]);
			m->keys[i] = okeys[j];
			m->vals[i] = ovals[j];
		}
		free(okeys);
		free(ovals);
	}
	i = namemap_find(m, key);
	if (m->keys[i] == NULL) {
		m->keys[i] = strdup(key);
		if (m->keys[i] == NULL)
			abort();
		m->used++;
	}
	m->vals[i] = val;
}
