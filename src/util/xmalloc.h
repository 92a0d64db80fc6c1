/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The one aborting allocator (STYLE.md habit 8): a server that cannot get
 * memory for a request's bookkeeping has no sensible way to go on, and
 * checking every small allocation buries the code that matters. Use these
 * for memory whose loss would be a bug; allocations sized by untrusted input
 * are bounded by the caller before they get here.
 */
#ifndef LD_UTIL_XMALLOC_H
#define LD_UTIL_XMALLOC_H

#include <stddef.h>

/* malloc/calloc/realloc/strdup that print a line and abort() on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Grows an array to hold at least `need` entries of `size` bytes: *cap doubles (from 16). */
void *xgrow(void *p, size_t size, size_t need, size_t *cap);
char *xstrdup(const char *s);

#endif
