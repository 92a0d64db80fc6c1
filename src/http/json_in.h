/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Strict JSON input for the HTTP adapter, over jansson.
 *
 * A request body is one JSON object whose every member the route knows:
 * malformed text, duplicate keys, invalid UTF-8 and unknown members are all
 * 400s, so a client's typo never passes silently. Field getters check the
 * JSON type and the wire shape (positive ids, known enum names, ISO 8601
 * times); the business rules (lengths of free text, references that must
 * exist, roles) stay in app/.
 *
 * Getters share one contract:
 *  - absent member → LD_OK, *present = false (when `present` is not NULL),
 *    *out untouched, unless HTTP_JSON_REQUIRED (→ 400 "missing_field");
 *  - null → 400 "invalid_type" unless HTTP_JSON_NULLABLE, where it means
 *    "none": NULL / "" / 0 / -1 / NAN per getter (documented below);
 *  - wrong JSON type → 400 "invalid_type"; bad value → 400 with a code
 *    naming why; `field` of the error is always the member name.
 * Strings handed out are borrowed from the json_t and live as long as it.
 */
#ifndef LD_HTTP_JSON_IN_H
#define LD_HTTP_JSON_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util/status.h"
#include "util/time.h"

#define HTTP_JSON_REQUIRED 1u /* absent (or null) → 400 missing_field */
#define HTTP_JSON_NULLABLE 2u /* null accepted as "none" */

/*
 * Parses `len` bytes as one JSON object (duplicate keys rejected).
 * Malformed → 400 "invalid_json" with line and column in the message;
 * invalid UTF-8 → 400 "invalid_utf8"; not an object → 400 "invalid_type".
 * [out] *out is the caller's, released with json_decref().
 */
ld_status http_json_parse_object(const char *body, size_t len, json_t **out, struct ld_err *err);

/* Rejects the first member not named in `allowed` (NULL-terminated): 400 "unknown_field". */
ld_status http_json_check_fields(const json_t *obj, const char *const *allowed,
				 struct ld_err *err);

/* A string, borrowed; null → NULL. */
ld_status http_json_get_str(const json_t *obj, const char *name, unsigned flags,
			    const char **out, bool *present, struct ld_err *err);

/*
 * A string copied into `dst` (`max` bytes + NUL); longer → 400 "too_long";
 * null → "".
 */
ld_status http_json_get_text(const json_t *obj, const char *name, unsigned flags, char *dst,
			     size_t max, bool *present, struct ld_err *err);

/* A positive int64 id (1 is the smallest); else 400 "invalid_id"; null → 0. */
ld_status http_json_get_id(const json_t *obj, const char *name, unsigned flags, int64_t *out,
			   bool *present, struct ld_err *err);

/* An integer in [min, max]; outside → 400 "invalid_value"; null → 0. */
ld_status http_json_get_int(const json_t *obj, const char *name, unsigned flags, int64_t min,
			    int64_t max, int64_t *out, bool *present, struct ld_err *err);

/* A number (integer or real) in [min, max]; else 400 "invalid_value"; null → NAN. */
ld_status http_json_get_real(const json_t *obj, const char *name, unsigned flags, double min,
			     double max, double *out, bool *present, struct ld_err *err);

/* true/false; null → false. */
ld_status http_json_get_bool(const json_t *obj, const char *name, unsigned flags, bool *out,
			     bool *present, struct ld_err *err);

/*
 * An enum name through `parse` (one of the *_parse() of core/model.h);
 * unknown → 400 "invalid_value"; null → -1.
 */
ld_status http_json_get_enum(const json_t *obj, const char *name, unsigned flags,
			     int (*parse)(const char *), int *out, bool *present,
			     struct ld_err *err);

/* An ISO 8601 time (http_time_parse); else 400 "invalid_time"; null → 0. */
ld_status http_json_get_time(const json_t *obj, const char *name, unsigned flags, int64_t *out,
			     bool *present, struct ld_err *err);

/*
 * Parses "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MM:SS±HH:MM" (years
 * 0001…9999, real calendar days, no leap second, no fraction, upper-case T
 * and Z) into Unix seconds. False on any deviation. The API's dialect of
 * util/time.h time_parse_iso8601(): HTTP_TIME_ACCEPT.
 */
#define HTTP_TIME_ACCEPT TIME_ISO_OFFSET
bool http_time_parse(const char *s, int64_t *out);

#endif
