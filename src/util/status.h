/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The one status enum of loyaldesk, and the error record that travels with it.
 *
 * Every fallible function returns an `ld_status` (LD_OK = 0, errors negative)
 * and, where the caller wants words, fills a caller-owned `struct ld_err`.
 * The HTTP adapter maps a status to an HTTP code in exactly one place
 * (http/reply.c); the CLI maps it to an exit code in cli/cli.c. The `code`
 * string is stable and machine-readable ("case_not_found"); `message` is for
 * people; `field` names the offending input field when there is one.
 *
 * LD_ERR_FULL is apart from LD_ERR_INTERNAL because the client did nothing
 * wrong and nothing is broken: the disk (or quota) the database lives on has
 * no room, every write fails alike until an operator makes room, and reads
 * still work. It is not LD_ERR_RETRY either: retrying at once cannot help, so
 * the group-commit writer never retries it.
 *
 * Header-only and dependency-free, so core may use it too.
 */
#ifndef LD_UTIL_STATUS_H
#define LD_UTIL_STATUS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef enum ld_status {
	LD_OK = 0,
	LD_ERR_INVALID = -1,      /* input fails validation (400) */
	LD_ERR_NOT_FOUND = -2,    /* a referenced object does not exist (404) */
	LD_ERR_CONFLICT = -3,     /* state forbids it, duplicate key (409) */
	LD_ERR_UNAUTHORIZED = -4, /* no or bad credentials (401) */
	LD_ERR_FORBIDDEN = -5,    /* authenticated, but the role may not (403) */
	LD_ERR_TOO_LARGE = -6,    /* request body over its limit (413); an over-long field is INVALID */
	LD_ERR_RETRY = -7,        /* transient: busy database, try again (503) */
	LD_ERR_INTERNAL = -8,     /* a bug or an I/O failure (500) */
	LD_ERR_GONE = -9,         /* existed, no longer usable: an expired link (410) */
	LD_ERR_FULL = -10,        /* storage full: the database cannot grow (507, Retry-After) */
	LD_ERR_TOO_MANY = -11,    /* too many attempts: wait err.retry_after_s, then retry (429) */
} ld_status;

#define LD_ERR_CODE_MAX 48
#define LD_ERR_MESSAGE_MAX 256
#define LD_ERR_FIELD_MAX 64

struct ld_err {
	char code[LD_ERR_CODE_MAX];       /* stable machine code, e.g. "case_not_found" */
	char message[LD_ERR_MESSAGE_MAX]; /* human sentence, English */
	char field[LD_ERR_FIELD_MAX];     /* offending input field, "" if none */
	int64_t retry_after_s;            /* LD_ERR_TOO_MANY: seconds until a retry may
					   * succeed (≥ 1); 0 otherwise */
};

/*
 * Fills `err` (may be NULL) and returns `status`, so callers can write
 * `return ld_fail(err, LD_ERR_INVALID, "invalid_email", "email", "...");`
 * `field` may be NULL.
 */
static inline ld_status ld_fail(struct ld_err *err, ld_status status, const char *code,
				const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static inline ld_status ld_fail(struct ld_err *err, ld_status status, const char *code,
				const char *field, const char *fmt, ...)
{
	if (err != NULL) {
		va_list ap;
		snprintf(err->code, sizeof err->code, "%s", code);
		snprintf(err->field, sizeof err->field, "%s", field ? field : "");
		err->retry_after_s = 0;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return status;
}

/* Clears an error record (NULL-safe). */
static inline void ld_err_clear(struct ld_err *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}

/* A short name of the status, for logs: "not_found". Never NULL. */
static inline const char *ld_status_name(ld_status s)
{
	switch (s) {
	case LD_OK: return "ok";
	case LD_ERR_INVALID: return "invalid";
	case LD_ERR_NOT_FOUND: return "not_found";
	case LD_ERR_CONFLICT: return "conflict";
	case LD_ERR_UNAUTHORIZED: return "unauthorized";
	case LD_ERR_FORBIDDEN: return "forbidden";
	case LD_ERR_TOO_LARGE: return "too_large";
	case LD_ERR_GONE: return "gone";
	case LD_ERR_TOO_MANY: return "too_many";
	case LD_ERR_RETRY: return "retry";
	case LD_ERR_INTERNAL: return "internal";
	case LD_ERR_FULL: return "full";
	}
	return "internal";
}

/*
 * Whether `s` is a failure of the store rather than of the input — INTERNAL,
 * RETRY, FULL — after which a batch of writes stops: the transaction may be
 * gone, and the next statement would fail (or, worse, run outside it).
 */
static inline bool ld_status_store_failed(ld_status s)
{
	return s == LD_ERR_INTERNAL || s == LD_ERR_RETRY || s == LD_ERR_FULL;
}

#endif
