/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A bundle: named files packed into one zip archive in memory (libarchive),
 * for downloads made of several files — the GDPR export (customer.json and
 * the attachments/ folder). A file is added by its path inside the archive;
 * a path ending in '/' is a folder. Every entry gets the same time and mode,
 * so the bytes depend only on what was added and when the bundle says it
 * was made.
 *
 * No global state; a bundle is used by one thread. Out of memory aborts
 * (util/xmalloc.h).
 */
#ifndef LD_UTIL_BUNDLE_H
#define LD_UTIL_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define BUNDLE_CONTENT_TYPE "application/zip"
#define BUNDLE_PATH_MAX 255  /* longest path inside a bundle, bytes */

struct bundle;

/* A new empty bundle whose entries carry time `mtime` (Unix s). [out] *out
 * is the caller's, released with bundle_free() or bundle_finish(). */
ld_status bundle_begin(int64_t mtime, struct bundle **out, struct ld_err *err);

/*
 * Adds the file `path` with `len` bytes of `data` (borrowed for the call),
 * or the folder `path` when it ends in '/' (data and len ignored). A path
 * that is empty, absolute, longer than BUNDLE_PATH_MAX or has a ".."
 * segment is LD_ERR_INVALID "invalid_path".
 */
ld_status bundle_add(struct bundle *b, const char *path, const void *data, size_t len,
		     struct ld_err *err);

/* Closes the archive: [out] *data (free()) and *len are the zip's bytes.
 * Releases `b` whatever the outcome. */
ld_status bundle_finish(struct bundle *b, char **data, size_t *len, struct ld_err *err);

/* Releases an unfinished bundle (NULL-safe). */
void bundle_free(struct bundle *b);

#endif
