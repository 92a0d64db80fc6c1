/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Request parameters shared by the resource files: the query string (decoded
 * into a fixed buffer, no allocation), page sizes and cursors, path ids, the
 * body object, and the page envelope {"items":[…],"next_cursor":…}.
 *
 * Owns: the wire shape of list parameters and their error codes. Must not
 * know any resource; each handler lists the parameters it accepts.
 */
#include "http/resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "http/json_in.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes raw[0..n) (%XX, '+' = space) into q->buf at *used; NUL-terminates.
 * Returns the decoded string, or NULL on a bad escape, an encoded NUL, text
 * that is not UTF-8, or no room (then *full is set). The decoded strings with
 * their NULs can outgrow the raw query ("k&…" holds "k\0\0"), so the room
 * is checked for every byte, the NUL of an empty string included.
 */
static const char *decode(struct http_query *q, size_t *used, const char *raw, size_t n,
			  bool *full)
{
	char *out = q->buf + *used;
	size_t k = 0;

	if (*used >= sizeof q->buf) {
		*full = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		char c = raw[i];

		if (*used + k + 1 >= sizeof q->buf) {
			*full = true;
			return NULL;
		}
		if (c == '%') {
			int hi, lo;

			if (i + 2 >= n)
				return NULL;
			hi = hex_value(raw[i + 1]);
			lo = hex_value(raw[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return NULL;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		out[k++] = c;
	}
	out[k] = '\0';
	if (!validate_utf8(out, k))
		return NULL;
	*used += k + 1;
	return out;
}

ld_status http_query_parse(const char *raw, const char *const *allowed, struct http_query *q,
			   struct ld_err *err)
{
	size_t used = 0;
	const char *p = raw;

	q->len = 0;
	if (raw == NULL)
		return LD_OK;
	if (strlen(raw) >= sizeof q->buf)
		return ld_fail(err, LD_ERR_INVALID, "query_too_long", NULL,
			       "the query string is too long");
	while (*p != '\0') {
		const char *end = strchr(p, '&');
		const char *eq;
		const char *key, *value = NULL;
		const char *const *a;
		size_t piece = end ? (size_t)(end - p) : strlen(p);
		bool full = false;

		if (piece == 0) {
			p += end ? 1 : 0;
			continue;
		}
		eq = memchr(p, '=', piece);
		key = decode(q, &used, p, eq ? (size_t)(eq - p) : piece, &full);
		if (key != NULL)
			value = eq ? decode(q, &used, eq + 1, piece - (size_t)(eq - p) - 1, &full)
				   : decode(q, &used, "", 0, &full);
		if (full)
			return ld_fail(err, LD_ERR_INVALID, "query_too_long", NULL,
				       "the query string is too long");
		if (value == NULL)
			return ld_fail(err, LD_ERR_INVALID, "invalid_query", NULL,
				       "the query string is not well-formed");
		for (a = allowed; *a != NULL; a++)
			if (strcmp(*a, key) == 0)
				break;
		if (*a == NULL)
			return ld_fail(err, LD_ERR_INVALID, "unknown_parameter", key,
				       "unknown query parameter \"%.64s\"", key);
		if (http_query_get(q, key) != NULL)
			return ld_fail(err, LD_ERR_INVALID, "duplicate_parameter", key,
				       "query parameter \"%s\" given twice", key);
		if (q->len == HTTP_QUERY_PARAMS_MAX)
			return ld_fail(err, LD_ERR_INVALID, "query_too_long", NULL,
				       "too many query parameters");
		q->key[q->len] = key;
		q->value[q->len] = value;
		q->len++;
		p += piece + (end ? 1 : 0);
	}
	return LD_OK;
}

const char *http_query_get(const struct http_query *q, const char *name)
{
	for (int i = 0; i < q->len; i++)
		if (strcmp(q->key[i], name) == 0)
			return q->value[i];
	return NULL;
}

bool http_parse_id(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;

	if (len == 0 || len > 19 || s[0] < '1' || s[0] > '9')
		return false;
	for (size_t i = 0; i < len; i++) {
		int d;

		if (s[i] < '0' || s[i] > '9')
			return false;
		d = s[i] - '0';
		if (v > (INT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

ld_status http_query_limit(const struct http_query *q, int *limit, struct ld_err *err)
{
	const char *s = http_query_get(q, "limit");
	int64_t v;

	if (s == NULL) {
		*limit = APP_LIST_DEFAULT;
		return LD_OK;
	}
	if (!http_parse_id(s, strlen(s), &v) || v > APP_LIST_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_limit", "limit",
			       "limit must be between 1 and %d", APP_LIST_MAX);
	*limit = (int)v;
	return LD_OK;
}

ld_status http_query_id(const struct http_query *q, const char *name, int64_t *out,
			struct ld_err *err)
{
	const char *s = http_query_get(q, name);

	*out = 0;
	if (s == NULL)
		return LD_OK;
	if (!http_parse_id(s, strlen(s), out))
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", name,
			       "%s must be a positive id", name);
	return LD_OK;
}

ld_status http_query_cursor_id(const struct http_query *q, int64_t *after_id, struct ld_err *err)
{
	const char *s = http_query_get(q, "cursor");

	*after_id = 0;
	if (s == NULL)
		return LD_OK;
	if (!http_parse_id(s, strlen(s), after_id))
		return ld_fail(err, LD_ERR_INVALID, "invalid_cursor", "cursor",
			       "cursor is not one this API handed out");
	return LD_OK;
}

/* "<started_at>.<id>": started_at in Unix s (may be 0 or negative), id positive. */
static bool parse_timeline_cursor(const char *s, struct store_timeline_cursor *cur)
{
	const char *dot = strchr(s, '.');
	bool negative = s[0] == '-';
	const char *digits = negative ? s + 1 : s;
	int64_t at = 0;

	if (dot == NULL || !http_parse_id(dot + 1, strlen(dot + 1), &cur->id))
		return false;
	if (dot - digits == 1 && digits[0] == '0' && !negative)
		at = 0;
	else if (dot <= digits || !http_parse_id(digits, (size_t)(dot - digits), &at))
		return false;
	cur->started_at = negative ? -at : at;
	return true;
}

ld_status http_query_timeline_cursor(const struct http_query *q, struct store_timeline_cursor *cur,
				     struct ld_err *err)
{
	const char *s = http_query_get(q, "cursor");

	cur->started_at = 0;
	cur->id = 0;
	if (s == NULL)
		return LD_OK;
	if (!parse_timeline_cursor(s, cur)) {
		cur->started_at = 0;
		cur->id = 0;
		return ld_fail(err, LD_ERR_INVALID, "invalid_cursor", "cursor",
			       "cursor is not one this API handed out");
	}
	return LD_OK;
}

ld_status http_body_object(const struct http_call *call, const char *const *allowed,
			   json_t **out, struct ld_err *err)
{
	ld_status rc = http_json_parse_object(call->req->body, call->req->body_len, out, err);

	if (rc == LD_OK && (rc = http_json_check_fields(*out, allowed, err)) != LD_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

void http_page_begin(struct http_json *j, size_t reserve)
{
	http_json_init(j, reserve);
	http_json_obj_begin(j, NULL);
	http_json_arr_begin(j, "items");
}

void http_page_end(struct http_json *j, bool full, const char *cursor)
{
	http_json_arr_end(j);
	http_json_str(j, "next_cursor", full ? cursor : NULL);
	http_json_obj_end(j);
}

void http_set_location(struct http_response *res, const char *prefix, int64_t id)
{
	snprintf(res->location, sizeof res->location, "%s/%lld", prefix, (long long)id);
}

void http_page_end_id(struct http_json *j, bool full, int64_t last_id)
{
	char cursor[24];

	snprintf(cursor, sizeof cursor, "%lld", (long long)last_id);
	http_page_end(j, full, cursor);
}

ld_status http_list_params(const struct http_call *call, const char *const *allowed,
			   struct http_query *q, int *limit, int64_t *after_id, struct ld_err *err)
{
	ld_status rc = http_query_parse(call->req->query, allowed, q, err);

	if (rc == LD_OK)
		rc = http_query_limit(q, limit, err);
	if (rc == LD_OK)
		rc = http_query_cursor_id(q, after_id, err);
	return rc;
}

ld_status http_query_when(const struct http_query *q, const char *name, bool end_of_day,
			  int64_t *out, struct ld_err *err)
{
	const char *s = http_query_get(q, name);

	*out = 0;
	if (s == NULL)
		return LD_OK;
	if (time_parse_iso8601(s, HTTP_TIME_ACCEPT | TIME_ISO_DATE, out)) {
		if (end_of_day && strlen(s) == 10) /* a date alone: through its last second */
			*out += TIME_DAY_S;
		return LD_OK;
	}
	return ld_fail(err, LD_ERR_INVALID, "invalid_time", name,
		       "%s must be a date YYYY-MM-DD or an ISO 8601 instant", name);
}
