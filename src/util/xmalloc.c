/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The aborting allocator (contract in util/xmalloc.h). */
#include "util/xmalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t size)
{
	fprintf(stderr, "loyaldesk: out of memory (%zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size != 0 ? size : 1);

	if (p == NULL)
		oom(size);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n != 0 ? n : 1, size != 0 ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size != 0 ? size : 1);

	if (q == NULL)
		oom(size);
	return q;
}

void *xgrow(void *p, size_t size, size_t need, size_t *cap)
{
	size_t n = *cap != 0 ? *cap : 16;

	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			oom(SIZE_MAX);
		n *= 2;
	}
	*cap = n;
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *p = xmalloc(len);

	memcpy(p, s, len);
	return p;
}
