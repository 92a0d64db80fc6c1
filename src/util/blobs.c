/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Files in the data directory (contract in blobs.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "util/blobs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/crypto.h"

static ld_status write_fail(const char *path, int e, struct ld_err *err)
{
	if (e == ENOSPC || e == EDQUOT)
		return ld_fail(err, LD_ERR_FULL, "storage_full", NULL,
			       "no room to write %s: %s", path, strerror(e));
	return ld_fail(err, LD_ERR_INTERNAL, "file_write_failed", NULL, "cannot write %s: %s",
		       path, strerror(e));
}

bool blobs_mkdirs(const char *path)
{
	char buf[BLOBS_PATH_MAX];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof buf) {
		errno = ENAMETOOLONG;
		return false;
	}
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char c = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return false;
		buf[i] = c;
	}
	return true;
}

static bool write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		len -= (size_t)w;
	}
	return true;
}

static void sync_dir(const char *path)
{
	char dir[BLOBS_PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n = slash != NULL ? (size_t)(slash - path) : 0;
	int fd;

	if (n == 0 || n >= sizeof dir)
		return;
	memcpy(dir, path, n);
	dir[n] = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

ld_status blobs_write_file(const char *path, const void *data, size_t len, bool replace,
			   struct ld_err *err)
{
	char tmp[BLOBS_PATH_MAX], dir[BLOBS_PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, e;

	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return write_fail(path, ENAMETOOLONG, err);
	if (slash != NULL && slash > path) {
		size_t n = (size_t)(slash - path);
		memcpy(dir, path, n);
		dir[n] = '\0';
		if (!blobs_mkdirs(dir))
			return write_fail(dir, errno, err);
	}
	if (!replace && access(path, F_OK) == 0)
		return ld_fail(err, LD_ERR_CONFLICT, "file_exists", NULL, "%s exists already", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return write_fail(tmp, errno, err);
	if (!write_all(fd, data, len) || fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		return write_fail(tmp, e, err);
	}
	if (close(fd) != 0) {
		e = errno;
		unlink(tmp);
		return write_fail(tmp, e, err);
	}
	if (rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		return write_fail(path, e, err);
	}
	sync_dir(path);
	return LD_OK;
}

static bool is_digest(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return i == BLOBS_HEX_LEN;
}

static bool blob_path(const char *dir, const char *sha256, char *out, size_t cap)
{
	return snprintf(out, cap, "%s/attachments/%.2s/%s", dir, sha256, sha256) < (int)cap;
}

ld_status blobs_put(const char *dir, const void *data, size_t len,
		    char sha256[BLOBS_HEX_LEN + 1], struct ld_err *err)
{
	char path[BLOBS_PATH_MAX];
	ld_status rc;

	crypto_sha256_hex(data, len, sha256);
	if (!blob_path(dir, sha256, path, sizeof path))
		return write_fail(dir, ENAMETOOLONG, err);
	if (access(path, F_OK) == 0)
		return LD_OK; /* the same bytes are there already */
	rc = blobs_write_file(path, data, len, true, err);
	return rc;
}

ld_status blobs_open(const char *dir, const char *sha256, int *fd, int64_t *size,
		     struct ld_err *err)
{
	char path[BLOBS_PATH_MAX];
	struct stat st;

	*fd = -1;
	*size = 0;
	if (!is_digest(sha256))
		return ld_fail(err, LD_ERR_INVALID, "invalid_digest", NULL,
			       "not a SHA-256 hex digest");
	if (!blob_path(dir, sha256, path, sizeof path))
		return ld_fail(err, LD_ERR_INTERNAL, "file_missing", NULL, "path too long");
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ld_fail(err, LD_ERR_NOT_FOUND, "file_missing", NULL,
			       "the stored file %s is missing: %s", sha256, strerror(errno));
	if (fstat(*fd, &st) != 0) {
		int e = errno;
		close(*fd);
		*fd = -1;
		return ld_fail(err, LD_ERR_INTERNAL, "file_missing", NULL, "cannot read %s: %s",
			       path, strerror(e));
	}
	*size = (int64_t)st.st_size;
	return LD_OK;
}

ld_status blobs_remove(const char *dir, const char *sha256, struct ld_err *err)
{
	char path[BLOBS_PATH_MAX];

	if (!is_digest(sha256))
		return ld_fail(err, LD_ERR_INVALID, "invalid_digest", NULL,
			       "not a SHA-256 hex digest");
	if (!blob_path(dir, sha256, path, sizeof path))
		return ld_fail(err, LD_ERR_INTERNAL, "file_remove_failed", NULL, "path too long");
	if (unlink(path) != 0 && errno != ENOENT)
		return ld_fail(err, LD_ERR_INTERNAL, "file_remove_failed", NULL,
			       "cannot remove %s: %s", path, strerror(errno));
	return LD_OK;
}
