/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * JSON output for the HTTP adapter: a growable byte buffer with a streaming
 * writer on top, plus the wire forms of times and ids.
 *
 * Why not jansson here: building a json_t tree costs one allocation per
 * value and another pass to serialise it; a case alone has ~40 values. The
 * writer appends straight into one buffer that becomes the response body
 * (handed to libmicrohttpd without a copy), so a read costs one or two
 * allocations. Input is still parsed with jansson (json_in.h).
 *
 * The writer keeps the commas right by itself: every value is written with
 * its key (NULL inside arrays and at the top level). Strings are escaped and
 * any invalid UTF-8 that reached the store is replaced by U+FFFD, so the
 * output is always valid JSON. Out of memory aborts (STYLE.md habit 8).
 */
#ifndef LD_HTTP_JSON_OUT_H
#define LD_HTTP_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_JSON_DEPTH_MAX 32 /* nesting the writer tracks */

struct http_json {
	char *buf;                  /* owned heap bytes, NUL-terminated, or NULL before the first write */
	size_t len;                 /* bytes used, without the NUL */
	size_t cap;                 /* bytes allocated */
	int depth;                  /* open containers */
	bool comma[HTTP_JSON_DEPTH_MAX + 1]; /* a value was written at this depth */
};

/* Starts an empty writer that reserves `reserve` bytes up front (0 = default). */
void http_json_init(struct http_json *j, size_t reserve);

/* Releases the buffer (NULL-safe) and zeroes the writer. */
void http_json_free(struct http_json *j);

/*
 * Hands the buffer over: returns the heap string (caller frees with free())
 * and its length in *len; the writer is left empty.
 */
char *http_json_take(struct http_json *j, size_t *len);

/* Containers. `key` names the member inside an object, NULL elsewhere. */
void http_json_obj_begin(struct http_json *j, const char *key);
void http_json_obj_end(struct http_json *j);
void http_json_arr_begin(struct http_json *j, const char *key);
void http_json_arr_end(struct http_json *j);

/* Scalars. `s` NULL writes null. */
void http_json_str(struct http_json *j, const char *key, const char *s);
void http_json_int(struct http_json *j, const char *key, int64_t v);
void http_json_bool(struct http_json *j, const char *key, bool v);
void http_json_null(struct http_json *j, const char *key);
/* A finite number with up to 6 significant digits; NaN and infinities → null. */
void http_json_real(struct http_json *j, const char *key, double v);
/* An id: integer, or null for 0 ("none"). */
void http_json_id(struct http_json *j, const char *key, int64_t id);
/* A time as ISO 8601 UTC "2026-11-24T10:00:00Z", or null for 0. */
void http_json_time(struct http_json *j, const char *key, int64_t t);
/* `text`, which must be one complete JSON value already serialised, as is; NULL writes null. */
void http_json_raw(struct http_json *j, const char *key, const char *text);
/* An enum by its wire name: `name` NULL (value outside the enum) → null. */
#define http_json_enum(j, key, name) http_json_str((j), (key), (name))

/*
 * Formats Unix seconds `t` as "YYYY-MM-DDTHH:MM:SSZ" into `out` (at least
 * HTTP_TIME_LEN + 1 bytes): util/time.h time_format_utc(), the API's one
 * time format. Returns false (and writes "") when the year falls outside
 * 0001…9999.
 */
#define HTTP_TIME_LEN 20
bool http_time_format(int64_t t, char *out);

/* A 64-bit hash of `len` bytes, 8 at a time (ETags of non-case reads; not cryptographic). */
uint64_t http_hash64(const char *data, size_t len);

#endif
