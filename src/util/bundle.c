/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Zip archives in memory with libarchive (bundle.h). libarchive writes
 * through callbacks; ours append to one growing buffer, so the archive never
 * touches a file and a caller can send it as a response body or write it
 * wherever it wants. The entries are stored deflated (zip's usual method);
 * sizes are known before each entry is written, so no data descriptors are
 * needed and any unzip reads the result.
 */
#include "util/bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct bundle {
	struct archive *a;     /* the writer, owned */
	char *buf;             /* archive bytes so far, owned */
	size_t len;            /* bytes used */
	size_t cap;            /* bytes allocated */
	int64_t mtime;         /* every entry's time */
};

static la_ssize_t bundle_write(struct archive *a, void *ctx, const void *data, size_t len)
{
	struct bundle *b = ctx;

	(void)a;
	b->buf = xgrow(b->buf, 1, b->len + len, &b->cap);
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	return (la_ssize_t)len;
}

static ld_status bundle_fail(struct bundle *b, const char *what, struct ld_err *err)
{
	const char *msg = b->a != NULL ? archive_error_string(b->a) : NULL;

	return ld_fail(err, LD_ERR_INTERNAL, "archive_failed", NULL, "%s: %s", what,
		       msg != NULL ? msg : "libarchive failed");
}

ld_status bundle_begin(int64_t mtime, struct bundle **out, struct ld_err *err)
{
	struct bundle *b = xcalloc(1, sizeof *b);
	ld_status rc = LD_OK;

	*out = NULL;
	b->mtime = mtime;
	b->a = archive_write_new();
	if (b->a == NULL) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "archive_failed", NULL, "no archive writer");
		goto out;
	}
	/* hdrcharset: entry names are written, and flagged (bit 11), as UTF-8. */
	if (archive_write_set_format_zip(b->a) != ARCHIVE_OK ||
	    archive_write_set_format_option(b->a, "zip", "hdrcharset", "UTF-8") != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(b->a, 1) != ARCHIVE_OK ||
	    archive_write_open2(b->a, b, NULL, bundle_write, NULL, NULL) != ARCHIVE_OK) {
		rc = bundle_fail(b, "zip", err);
		goto out;
	}
	*out = b;
	b = NULL;
out:
	bundle_free(b);
	return rc;
}

/* Relative, no "..", bounded. */
static bool path_ok(const char *path)
{
	size_t len = path != NULL ? strlen(path) : 0;

	if (len == 0 || len > BUNDLE_PATH_MAX || path[0] == '/')
		return false;
	for (const char *p = path; *p != '\0';) {
		const char *end = strchr(p, '/');
		size_t seg = end != NULL ? (size_t)(end - p) : strlen(p);
		if (seg == 2 && p[0] == '.' && p[1] == '.')
			return false;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return true;
}

ld_status bundle_add(struct bundle *b, const char *path, const void *data, size_t len,
		     struct ld_err *err)
{
	struct archive_entry *e = NULL;
	bool folder;
	ld_status rc = LD_OK;

	if (!path_ok(path))
		return ld_fail(err, LD_ERR_INVALID, "invalid_path", "path",
			       "a bundle path is relative, without '..', at most %d bytes",
			       BUNDLE_PATH_MAX);
	folder = path[strlen(path) - 1] == '/';
	e = archive_entry_new();
	archive_entry_set_pathname_utf8(e, path); /* names are UTF-8 whatever the locale */
	archive_entry_set_mtime(e, (time_t)b->mtime, 0);
	if (folder) {
		archive_entry_set_filetype(e, AE_IFDIR);
		archive_entry_set_perm(e, 0755);
		archive_entry_set_size(e, 0);
	} else {
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
	}
	if (archive_write_header(b->a, e) != ARCHIVE_OK) {
		rc = bundle_fail(b, path, err);
		goto out;
	}
	if (!folder && len > 0 && archive_write_data(b->a, data, len) != (la_ssize_t)len) {
		rc = bundle_fail(b, path, err);
		goto out;
	}
out:
	archive_entry_free(e);
	return rc;
}

ld_status bundle_finish(struct bundle *b, char **data, size_t *len, struct ld_err *err)
{
	ld_status rc = LD_OK;

	*data = NULL;
	*len = 0;
	if (archive_write_close(b->a) != ARCHIVE_OK) {
		rc = bundle_fail(b, "zip", err);
		goto out;
	}
	*data = b->buf;
	*len = b->len;
	b->buf = NULL;
out:
	bundle_free(b);
	return rc;
}

void bundle_free(struct bundle *b)
{
	if (b == NULL)
		return;
	if (b->a != NULL)
		archive_write_free(b->a);
	free(b->buf);
	free(b);
}
