/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Strict request-body parsing over jansson (contract in json_in.h).
 *
 * Owns: what a well-formed request body looks like on the wire: JSON types,
 * positive ids, enum names, ISO 8601 times, and the stable error codes for
 * each ("invalid_json", "invalid_utf8", "invalid_type", "missing_field",
 * "unknown_field", "invalid_id", "invalid_value", "invalid_time",
 * "too_long"). Must not decide business rules: a subject may be empty here;
 * app/ says whether that is allowed.
 */
#include "http/json_in.h"

#include <math.h>
#include <string.h>

#include "http/json_out.h"

ld_status http_json_parse_object(const char *body, size_t len, json_t **out, struct ld_err *err)
{
	json_error_t jerr;
	json_t *root;

	*out = NULL;
	root = json_loadb(body != NULL ? body : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (json_error_code(&jerr) == json_error_invalid_utf8)
			return ld_fail(err, LD_ERR_INVALID, "invalid_utf8", NULL,
				       "the body is not valid UTF-8 (line %d, column %d)", jerr.line,
				       jerr.column);
		return ld_fail(err, LD_ERR_INVALID, "invalid_json", NULL,
			       "malformed JSON at line %d, column %d: %s", jerr.line, jerr.column,
			       jerr.text);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return ld_fail(err, LD_ERR_INVALID, "invalid_type", NULL,
			       "the body must be a JSON object");
	}
	*out = root;
	return LD_OK;
}

ld_status http_json_check_fields(const json_t *obj, const char *const *allowed,
				 struct ld_err *err)
{
	const char *key;
	json_t *value;

	json_object_foreach((json_t *)obj, key, value) {
		const char *const *a;

		(void)value;
		for (a = allowed; *a != NULL; a++)
			if (strcmp(*a, key) == 0)
				break;
		if (*a == NULL)
			return ld_fail(err, LD_ERR_INVALID, "unknown_field", key,
				       "unknown field \"%.64s\"", key);
	}
	return LD_OK;
}

/*
 * The common prologue of every getter: finds the member and settles the
 * absent and null cases. Returns LD_OK with *v set to the member, or to NULL
 * when the getter has nothing more to do (absent, or null accepted).
 */
static ld_status lookup(const json_t *obj, const char *name, unsigned flags, json_t **v,
			bool *is_null, bool *present, struct ld_err *err)
{
	json_t *m = json_object_get(obj, name);

	*v = NULL;
	*is_null = false;
	if (m == NULL || (json_is_null(m) && (flags & HTTP_JSON_REQUIRED))) {
		if (flags & HTTP_JSON_REQUIRED)
			return ld_fail(err, LD_ERR_INVALID, "missing_field", name,
				       "\"%s\" is required", name);
		if (present != NULL)
			*present = false;
		return LD_OK;
	}
	if (present != NULL)
		*present = true;
	if (json_is_null(m)) {
		if (!(flags & HTTP_JSON_NULLABLE))
			return ld_fail(err, LD_ERR_INVALID, "invalid_type", name,
				       "\"%s\" may not be null", name);
		*is_null = true;
		return LD_OK;
	}
	*v = m;
	return LD_OK;
}

static ld_status wrong_type(const char *name, const char *want, struct ld_err *err)
{
	return ld_fail(err, LD_ERR_INVALID, "invalid_type", name, "\"%s\" must be %s", name, want);
}

ld_status http_json_get_str(const json_t *obj, const char *name, unsigned flags,
			    const char **out, bool *present, struct ld_err *err)
{
	json_t *v;
	bool is_null;
	ld_status rc = lookup(obj, name, flags, &v, &is_null, present, err);

	if (rc != LD_OK)
		return rc;
	if (is_null)
		*out = NULL;
	if (v == NULL)
		return LD_OK;
	if (!json_is_string(v))
		return wrong_type(name, "a string", err);
	*out = json_string_value(v);
	return LD_OK;
}

ld_status http_json_get_text(const json_t *obj, const char *name, unsigned flags, char *dst,
			     size_t max, bool *present, struct ld_err *err)
{
	json_t *v;
	bool is_null;
	size_t len;
	ld_status rc = lookup(obj, name, flags, &v, &is_null, present, err);

	if (rc != LD_OK)
		return rc;
	if (is_null)
		dst[0] = '\0';
	if (v == NULL)
		return LD_OK;
	if (!json_is_string(v))
		return wrong_type(name, "a string", err);
	len = json_string_length(v);
	if (len > max)
		return ld_fail(err, LD_ERR_INVALID, "too_long", name,
			       "\"%s\" has at most %zu bytes", name, max);
	memcpy(dst, json_string_value(v), len);
	dst[len] = '\0';
	return LD_OK;
}

ld_status http_json_get_id(const json_t *obj, const char *name, unsigned flags, int64_t *out,
			   bool *present, struct ld_err *err)
{
	json_t *v;
	bool is_null;
	ld_status rc = lookup(obj, name, flags, &v, &is_null, present, err);

	if (rc != LD_OK)
		return rc;
	if (is_null)
		*out = 0;
	if (v == NULL)
		return LD_OK;
	if (!json_is_integer(v))
		return wrong_type(name, "an integer id", err);
	if (json_integer_value(v) <= 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", name,
			       "\"%s\" must be a positive id", name);
	*out = (int64_t)json_integer_value(v);
	return LD_OK;
}

ld_status http_json_get_int(const json_t *obj, const char *name, unsigned flags, int64_t min,
			    int64_t max, int64_t *out, bool *present, struct ld_err *err)
{
	json_t *v;
	bool is_null;
	json_int_t n;
	ld_status rc = lookup(obj, name, flags, &v, &is_null, present, err);

	if (rc != LD_OK)
		return rc;
	if (is_null)
		*out = 0;
	if (v == NULL)
		return LD_OK;
	if (!json_is_integer(v))
		return wrong_type(name, "an integer", err);
	n = json_integer_value(v);
	if (n < min || n > max)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", name,
			       "\"%s\" must be between %lld and %lld", name, (long long)min,
			       (long long)max);
	*out = (int64_t)n;
	return LD_OK;
}

ld_status http_json_get_real(const json_t *obj, const char *name, unsigned flags, double min,
			     double max, double *out, bool *present, struct ld_err *err)
{
	json_t *v;
	bool is_null;
	double d;
	ld_status rc = lookup(obj, name, flags, &v, &is_null, present, err);

	if (rc != LD_OK)
		return rc;
	if (is_null)
		*out = NAN;
	if (v == NULL)
		return LD_OK;
	if (!json_is_number(v))
		return wrong_type(name, "a number", err);
	d = json_number_value(v);
	if (!(d >= min && d <= max))
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", name,
			       "\"%s\" must be between %g and %g", name, min, max);
	*out = d;
	return LD_OK;
}

ld_status http_json_get_bool(const json_t *obj, const char *name, unsigned flags, bool *out,
			     bool *present, struct ld_err *err)
{
	json_t *v;
	bool is_null;
	ld_status rc = lookup(obj, name, flags, &v, &is_null, present, err);

	if (rc != LD_OK)
		return rc;
	if (is_null)
		*out = false;
	if (v == NULL)
		return LD_OK;
	if (!json_is_boolean(v))
		return wrong_type(name, "true or false", err);
	*out = json_is_true(v);
	return LD_OK;
}

ld_status http_json_get_enum(const json_t *obj, const char *name, unsigned flags,
			     int (*parse)(const char *), int *out, bool *present,
			     struct ld_err *err)
{
	json_t *v;
	bool is_null;
	int e;
	ld_status rc = lookup(obj, name, flags, &v, &is_null, present, err);

	if (rc != LD_OK)
		return rc;
	if (is_null)
		*out = -1;
	if (v == NULL)
		return LD_OK;
	if (!json_is_string(v))
		return wrong_type(name, "a string", err);
	e = parse(json_string_value(v));
	if (e < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", name,
			       "unknown %s \"%.64s\"", name, json_string_value(v));
	*out = e;
	return LD_OK;
}

ld_status http_json_get_time(const json_t *obj, const char *name, unsigned flags, int64_t *out,
			     bool *present, struct ld_err *err)
{
	json_t *v;
	bool is_null;
	int64_t t;
	ld_status rc = lookup(obj, name, flags, &v, &is_null, present, err);

	if (rc != LD_OK)
		return rc;
	if (is_null)
		*out = 0;
	if (v == NULL)
		return LD_OK;
	if (!json_is_string(v))
		return wrong_type(name, "an ISO 8601 time string", err);
	if (!http_time_parse(json_string_value(v), &t))
		return ld_fail(err, LD_ERR_INVALID, "invalid_time", name,
			       "\"%s\" must look like 2026-11-24T10:00:00Z", name);
	*out = t;
	return LD_OK;
}

bool http_time_parse(const char *s, int64_t *out)
{
	return time_parse_iso8601(s, HTTP_TIME_ACCEPT, out);
}
