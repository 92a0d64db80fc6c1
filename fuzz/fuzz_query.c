/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * libFuzzer harness of the query-string and parameter parsers: the decoder
 * of http/params.c (http_query_parse) and what reads values out of it — page
 * limits, ids, cursors (id and timeline), ISO 8601 times (util/time.c).
 *
 * The input is a raw query string without its '?', as it arrives on the
 * wire (seeds: fuzz/corpus/fuzz_query/); a NUL ends it, as it would a
 * request line. Invariants:
 *  - http_query_parse() agrees with the model of this file (a second,
 *    deliberately plain decoder: split at '&' and the first '=', %XX and
 *    '+', no encoded NUL, UTF-8, everything decoded with its NUL within the
 *    buffer) on the outcome and the error code, and on every key and value
 *    when it succeeds; and this for two lists of accepted names;
 *  - http_parse_id() agrees with a model (1…INT64_MAX written without sign
 *    or leading zero); limit, id, cursor and timeline cursor follow from it
 *    and answer their documented codes and fields;
 *  - a timeline cursor that parses is the one the API writes for its value
 *    ("<started_at>.<id>"), and the one written for any value parses back;
 *  - time_parse_iso8601(), for all 64 dialects: a dialect accepts whatever
 *    a narrower one does, with the same value; what the strict form accepts
 *    formats back to the same text; values stay within a day of the years
 *    0001…9999; a time query parameter is the date-or-instant dialect, a
 *    "to" date extended to the end of its day.
 */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "core/validate.h"
#include "http/resource.h"
#include "http/json_in.h"
#include "util/time.h"

/* Every name a list route accepts, more than a query may hold. */
static const char *const FUZZ_ALL_NAMES[] = {
	"answered", "case_id", "category", "channel", "cursor", "customer_id", "days", "from",
	"kind", "limit", "min_risk", "order", "org_id", "origin", "owner_id", "q",
	"renews_from", "renews_to", "role", "status", "team", "team_id", "to", NULL,
};

/* What a plain list route accepts. */
static const char *const FUZZ_PAGE_NAMES[] = { "limit", "cursor", NULL };

/* ---------------------------------------------------------------- model --- */

struct model {
	const char *code;                       /* NULL = parsed, else the error code */
	const char *field;                      /* the error's field, "" = none */
	int len;                                /* parameters */
	char key[HTTP_QUERY_PARAMS_MAX][HTTP_QUERY_BYTES_MAX];   /* decoded names */
	char value[HTTP_QUERY_PARAMS_MAX][HTTP_QUERY_BYTES_MAX]; /* decoded values */
};

static int hex(char c)
{
	const char *digits = "0123456789abcdef", *at;

	if (c >= 'A' && c <= 'F')
		c = (char)(c - 'A' + 'a');
	at = c != '\0' ? strchr(digits, c) : NULL;
	return at != NULL ? (int)(at - digits) : -1;
}

/*
 * Decodes s[0..n) into out, which has `room` bytes for the text and its NUL;
 * the decoded length, or -1 when malformed, -2 when it does not fit (found
 * in order: a byte that does not fit stops the decoding there).
 */
static long model_decode(const char *s, size_t n, char *out, size_t room)
{
	size_t k = 0;

	if (room == 0)
		return -2;
	for (size_t i = 0; i < n; i++) {
		if (k + 1 >= room)
			return -2;
		if (s[i] == '%') {
			int hi = i + 2 < n ? hex(s[i + 1]) : -1, lo = i + 2 < n ? hex(s[i + 2]) : -1;

			if (hi < 0 || lo < 0 || hi * 16 + lo == 0)
				return -1;
			out[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[k++] = s[i] == '+' ? ' ' : s[i];
		}
	}
	out[k] = '\0';
	return validate_utf8(out, k) ? (long)k : -1;
}

static bool listed(const char *const *names, const char *name)
{
	for (; *names != NULL; names++)
		if (strcmp(*names, name) == 0)
			return true;
	return false;
}

static void model_parse(const char *raw, const char *const *allowed, struct model *m)
{
	static char key[HTTP_QUERY_BYTES_MAX], value[HTTP_QUERY_BYTES_MAX];
	size_t room = HTTP_QUERY_BYTES_MAX, n = strlen(raw);
	const char *p = raw, *end = raw + n;

	m->code = NULL;
	m->field = "";
	m->len = 0;
	if (n >= HTTP_QUERY_BYTES_MAX) {
		m->code = "query_too_long";
		return;
	}
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp != NULL ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		long klen, vlen;

		if (stop == p) {
			p++;
			continue;
		}
		klen = model_decode(p, (size_t)((eq != NULL ? eq : stop) - p), key, room);
		if (klen >= 0)
			room -= (size_t)klen + 1;
		vlen = klen < 0 ? klen
		       : eq != NULL ? model_decode(eq + 1, (size_t)(stop - eq - 1), value, room)
				    : model_decode("", 0, value, room);
		if (vlen >= 0)
			room -= (size_t)vlen + 1;
		if (klen < 0 || vlen < 0) {
			m->code = klen == -2 || vlen == -2 ? "query_too_long" : "invalid_query";
			return;
		}
		if (!listed(allowed, key)) {
			m->code = "unknown_parameter";
			m->field = key;
			return;
		}
		for (int i = 0; i < m->len; i++)
			if (strcmp(m->key[i], key) == 0) {
				m->code = "duplicate_parameter";
				m->field = key;
				return;
			}
		if (m->len == HTTP_QUERY_PARAMS_MAX) {
			m->code = "query_too_long";
			return;
		}
		memcpy(m->key[m->len], key, (size_t)klen + 1);
		memcpy(m->value[m->len], value, (size_t)vlen + 1);
		m->len++;
		p = stop + (amp != NULL ? 1 : 0);
	}
}

/* http_parse_id()'s contract: 1…INT64_MAX, digits only, no leading zero. */
static bool model_id(const char *s, size_t len, int64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 19 || s[0] == '0')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0'); /* 19 digits fit in uint64 */
	}
	if (v > (uint64_t)INT64_MAX)
		return false;
	*out = (int64_t)v;
	return true;
}

/* ----------------------------------------------------------- parameters --- */

static void check_id(const char *s, size_t len)
{
	int64_t got = -1, want = -1;
	bool ok = http_parse_id(s, len, &got), model = model_id(s, len, &want);

	FUZZ_CHECK(ok == model && (!ok || got == want), "http_parse_id(\"%.*s\"): %d %lld, model %d %lld",
		   (int)len, s, ok, (long long)got, model, (long long)want);
}

/* An error of one parameter: the code and the field. */
static void check_param_error(ld_status rc, const struct ld_err *err, const char *code,
			      const char *field)
{
	FUZZ_CHECK(rc == LD_ERR_INVALID && strcmp(err->code, code) == 0 &&
			   strcmp(err->field, field) == 0,
		   "status %d code %s field %s, expected %s on %s", rc, err->code, err->field, code,
		   field);
}

static void check_limit(const struct http_query *q)
{
	const char *s = http_query_get(q, "limit");
	struct ld_err err;
	int64_t want = APP_LIST_DEFAULT;
	int limit = -1;
	ld_status rc = http_query_limit(q, &limit, &err);
	bool ok = s == NULL || (model_id(s, strlen(s), &want) && want <= APP_LIST_MAX);

	if (!ok) {
		check_param_error(rc, &err, "invalid_limit", "limit");
		return;
	}
	FUZZ_CHECK(rc == LD_OK && limit == want, "limit \"%s\": %d", s, limit);
}

static void check_ids(const struct http_query *q)
{
	static const char *const names[] = { "customer_id", "case_id", "team_id", "org_id",
					     "owner_id" };
	struct ld_err err;
	int64_t id, want;
	const char *s;
	ld_status rc;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		s = http_query_get(q, names[i]);
		rc = http_query_id(q, names[i], &id, &err);
		if (s == NULL)
			FUZZ_CHECK(rc == LD_OK && id == 0, "absent %s", names[i]);
		else if (model_id(s, strlen(s), &want))
			FUZZ_CHECK(rc == LD_OK && id == want, "%s \"%s\"", names[i], s);
		else
			check_param_error(rc, &err, "invalid_id", names[i]);
	}
	s = http_query_get(q, "cursor");
	rc = http_query_cursor_id(q, &id, &err);
	if (s == NULL)
		FUZZ_CHECK(rc == LD_OK && id == 0, "absent cursor");
	else if (model_id(s, strlen(s), &want))
		FUZZ_CHECK(rc == LD_OK && id == want, "cursor \"%s\"", s);
	else
		check_param_error(rc, &err, "invalid_cursor", "cursor");
}

/* The timeline's cursor is the text the API writes for its value. */
static void check_timeline_cursor(const struct http_query *q)
{
	const char *s = http_query_get(q, "cursor");
	struct store_timeline_cursor cur = { -1, -1 };
	struct ld_err err;
	char written[48];
	ld_status rc = http_query_timeline_cursor(q, &cur, &err);

	if (s == NULL) {
		FUZZ_CHECK(rc == LD_OK && cur.started_at == 0 && cur.id == 0, "absent cursor");
		return;
	}
	if (rc != LD_OK) {
		check_param_error(rc, &err, "invalid_cursor", "cursor");
		return;
	}
	FUZZ_CHECK(cur.id > 0, "cursor \"%s\": id %lld", s, (long long)cur.id);
	snprintf(written, sizeof written, "%lld.%lld", (long long)cur.started_at,
		 (long long)cur.id);
	FUZZ_CHECK(strcmp(written, s) == 0, "cursor \"%s\" read as \"%s\"", s, written);
}

/* The cursor written for (at, id) reads back. */
static void check_timeline_cursor_written(int64_t at, int64_t id)
{
	char raw[64];
	struct http_query q;
	struct store_timeline_cursor cur;
	struct ld_err err;

	snprintf(raw, sizeof raw, "cursor=%lld.%lld", (long long)at, (long long)id);
	FUZZ_CHECK(http_query_parse(raw, FUZZ_PAGE_NAMES, &q, &err) == LD_OK, "%s", raw);
	FUZZ_CHECK(http_query_timeline_cursor(&q, &cur, &err) == LD_OK && cur.started_at == at &&
			   cur.id == id,
		   "%s does not read back: %s", raw, err.message);
}

/* ---------------------------------------------------------------- times --- */

#define FUZZ_TIME_DIALECTS 64u

static void check_time(const char *s)
{
	int64_t value[FUZZ_TIME_DIALECTS];
	bool ok[FUZZ_TIME_DIALECTS];

	for (unsigned a = 0; a < FUZZ_TIME_DIALECTS; a++) {
		value[a] = INT64_MIN;
		ok[a] = time_parse_iso8601(s, a, &value[a]);
		FUZZ_CHECK(ok[a] || value[a] == INT64_MIN, "\"%s\": a refusal wrote its output", s);
		if (ok[a])
			FUZZ_CHECK(value[a] >= TIME_ISO_MIN - TIME_DAY_S &&
					   value[a] <= TIME_ISO_MAX + TIME_DAY_S,
				   "\"%s\" (dialect %u) is %lld", s, a, (long long)value[a]);
	}
	/* Wider dialects accept more, never otherwise. */
	for (unsigned a = 0; a < FUZZ_TIME_DIALECTS; a++)
		for (unsigned b = 0; b < FUZZ_TIME_DIALECTS; b++)
			if ((a & b) == a && ok[a])
				FUZZ_CHECK(ok[b] && value[b] == value[a],
					   "\"%s\": dialect %u gives %lld, wider %u %d %lld", s, a,
					   (long long)value[a], b, ok[b], (long long)value[b]);
	if (ok[0]) {
		char back[TIME_ISO_LEN + 1];

		FUZZ_CHECK(time_format_utc(value[0], back) && strcmp(back, s) == 0,
			   "strict \"%s\" formats as \"%s\"", s, back);
	}
}

/* A time parameter: date or instant with offset; a "to" date through its day. */
static void check_when(const struct http_query *q, const char *name)
{
	const char *s = http_query_get(q, name);
	struct ld_err err;

	for (int end_of_day = 0; end_of_day <= 1; end_of_day++) {
		int64_t got = -1, want = 0;
		ld_status rc = http_query_when(q, name, end_of_day, &got, &err);

		if (s == NULL) {
			FUZZ_CHECK(rc == LD_OK && got == 0, "absent %s", name);
			continue;
		}
		if (!time_parse_iso8601(s, HTTP_TIME_ACCEPT | TIME_ISO_DATE, &want)) {
			check_param_error(rc, &err, "invalid_time", name);
			continue;
		}
		if (end_of_day && !time_parse_iso8601(s, HTTP_TIME_ACCEPT, &got))
			want += TIME_DAY_S; /* a date alone */
		FUZZ_CHECK(rc == LD_OK && got == want, "%s \"%s\" (end of day %d): %lld, not %lld",
			   name, s, end_of_day, (long long)got, (long long)want);
	}
}

/* ---------------------------------------------------------------- parse --- */

/* http_query_parse() and the model on `raw`; on success the parameters. */
static void check_parse(const char *raw, const char *const *allowed)
{
	static struct model m;
	struct http_query q;
	struct ld_err err;
	ld_status rc;

	ld_err_clear(&err);
	rc = http_query_parse(raw, allowed, &q, &err);
	model_parse(raw, allowed, &m);
	if (m.code != NULL) {
		/* The error record keeps the first LD_ERR_FIELD_MAX - 1 bytes of a name. */
		FUZZ_CHECK(rc == LD_ERR_INVALID && strcmp(err.code, m.code) == 0 &&
				   strncmp(err.field, m.field, sizeof err.field - 1) == 0,
			   "status %d code %s field \"%s\", model %s \"%s\"", rc, err.code,
			   err.field, m.code, m.field);
		return;
	}
	FUZZ_CHECK(rc == LD_OK, "refused (%s: %s), the model accepts", err.code, err.message);
	FUZZ_CHECK(q.len == m.len, "%d parameters, model %d", q.len, m.len);
	for (int i = 0; i < q.len; i++) {
		FUZZ_CHECK(q.key[i] >= q.buf && q.key[i] < q.buf + sizeof q.buf &&
				   q.value[i] >= q.buf && q.value[i] < q.buf + sizeof q.buf,
			   "parameter %d outside the buffer", i);
		FUZZ_CHECK(strcmp(q.key[i], m.key[i]) == 0 && strcmp(q.value[i], m.value[i]) == 0,
			   "parameter %d: %s=%s, model %s=%s", i, q.key[i], q.value[i], m.key[i],
			   m.value[i]);
		FUZZ_CHECK(http_query_get(&q, q.key[i]) == q.value[i], "lookup of %s", q.key[i]);
		check_id(q.value[i], strlen(q.value[i]));
		check_time(q.value[i]);
	}
	check_limit(&q);
	check_ids(&q);
	check_timeline_cursor(&q);
	check_when(&q, "from");
	check_when(&q, "to");
	check_when(&q, "renews_from");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = fuzz_strndup(data, size);
	int64_t at = 0, id = 0;

	check_parse(raw, FUZZ_ALL_NAMES);
	check_parse(raw, FUZZ_PAGE_NAMES);
	check_id(raw, strlen(raw));
	check_time(raw);
	/* The input's first bytes as a timeline position. */
	memcpy(&at, data, size < sizeof at ? size : sizeof at);
	if (size > sizeof at)
		memcpy(&id, data + sizeof at, size - sizeof at < sizeof id ? size - sizeof at
									     : sizeof id);
	if (at == INT64_MIN)
		at++;
	id = id == INT64_MIN ? 1 : id < 0 ? -id : id == 0 ? 1 : id;
	check_timeline_cursor_written(at, id);
	free(raw);
	return 0;
}
