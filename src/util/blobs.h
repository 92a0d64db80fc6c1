/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Files outside the database, in the data directory: attachments stored by
 * content (<dir>/attachments/<first 2 hex>/<sha256 hex>, the same bytes once
 * however often they arrive), and whole files written so that a crash
 * leaves either the old state or the complete new file (temporary name,
 * fsync, rename, fsync of the directory) — the quarantine uses that too.
 *
 * Owns: paths, atomic writes, opening for reading, deleting. Must not: know what the
 * files mean.
 */
#ifndef LD_UTIL_BLOBS_H
#define LD_UTIL_BLOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define BLOBS_PATH_MAX 4096
#define BLOBS_HEX_LEN 64 /* SHA-256 hex digest */

/*
 * Stores `len` bytes under their digest in <dir>/attachments/ (directories
 * made as needed) unless that file exists already; [out] `sha256` the hex
 * digest. Errors: LD_ERR_FULL "storage_full" (no room), LD_ERR_INTERNAL
 * "file_write_failed" (naming the path and the system's reason).
 */
ld_status blobs_put(const char *dir, const void *data, size_t len,
		    char sha256[BLOBS_HEX_LEN + 1], struct ld_err *err);

/*
 * Opens the stored file of `sha256` for reading: [out] *fd (the caller
 * closes it) and *size. LD_ERR_NOT_FOUND "file_missing" when it is not
 * there; LD_ERR_INVALID "invalid_digest" for anything but 64 lower-case hex.
 */
ld_status blobs_open(const char *dir, const char *sha256, int *fd, int64_t *size,
		     struct ld_err *err);

/*
 * Deletes the stored file of `sha256`; one already gone is LD_OK.
 * LD_ERR_INVALID "invalid_digest"; LD_ERR_INTERNAL "file_remove_failed".
 */
ld_status blobs_remove(const char *dir, const char *sha256, struct ld_err *err);

/*
 * Writes `len` bytes to `path` atomically (see above), making its directory
 * when missing (mode 0700); `path` must not exist yet unless `replace`.
 * Errors as blobs_put(); LD_ERR_CONFLICT "file_exists".
 */
ld_status blobs_write_file(const char *path, const void *data, size_t len, bool replace,
			   struct ld_err *err);

/* mkdir -p with mode 0700 for what it creates; false with errno set on failure. */
bool blobs_mkdirs(const char *path);

#endif
