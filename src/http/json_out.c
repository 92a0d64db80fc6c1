/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The streaming JSON writer of the HTTP adapter (see json_out.h for why it
 * exists), the ISO 8601 formatting of times and the body hash for ETags.
 *
 * Owns: escaping rules and number formats of everything the API writes.
 * Must not know any entity: render.c decides which fields a case has.
 */
#include "http/json_out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/time.h"
#include "util/xmalloc.h"

#define HTTP_JSON_RESERVE_DEFAULT 512

_Static_assert(HTTP_TIME_LEN == TIME_ISO_LEN, "the API writes util/time.h's format");

static void grow(struct http_json *j, size_t need)
{
	size_t cap = j->cap ? j->cap : HTTP_JSON_RESERVE_DEFAULT;

	while (cap < j->len + need + 1)
		cap *= 2;
	if (cap == j->cap)
		return;
	j->buf = xrealloc(j->buf, cap);
	j->cap = cap;
}

static inline void put(struct http_json *j, const char *s, size_t n)
{
	if (j->len + n + 1 > j->cap)
		grow(j, n);
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static inline void putc1(struct http_json *j, char c)
{
	if (j->len + 2 > j->cap)
		grow(j, 1);
	j->buf[j->len++] = c;
	j->buf[j->len] = '\0';
}

void http_json_init(struct http_json *j, size_t reserve)
{
	memset(j, 0, sizeof *j);
	grow(j, reserve ? reserve : HTTP_JSON_RESERVE_DEFAULT);
	j->buf[0] = '\0';
}

void http_json_free(struct http_json *j)
{
	if (j == NULL)
		return;
	free(j->buf);
	memset(j, 0, sizeof *j);
}

char *http_json_take(struct http_json *j, size_t *len)
{
	char *out = j->buf;

	if (len != NULL)
		*len = j->len;
	memset(j, 0, sizeof *j);
	return out;
}

/*
 * Length of the valid UTF-8 sequence at s[0..n) (shortest form, no
 * surrogates, ≤ U+10FFFF), or 0 when the bytes there are not one.
 */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c >= 0xc2 && c <= 0xdf)
		return (n >= 2 && (s[1] & 0xc0) == 0x80) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0; /* overlong */
		if (c == 0xed && s[1] >= 0xa0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0; /* overlong */
		if (c == 0xf4 && s[1] >= 0x90)
			return 0; /* above U+10FFFF */
		return 4;
	}
	return 0;
}

static void put_string(struct http_json *j, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	size_t i = 0, run = 0;

	putc1(j, '"');
	while (i < n) {
		unsigned char c = s[i];
		char esc[7];
		size_t seq;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80 && (seq = utf8_seq(s + i, n - i)) != 0) {
			i += seq;
			continue;
		}
		put(j, str + run, i - run);
		if (c >= 0x80) {
			put(j, "\\ufffd", 6);
		} else if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(j, esc, 2);
		} else if (c == '\n') {
			put(j, "\\n", 2);
		} else if (c == '\r') {
			put(j, "\\r", 2);
		} else if (c == '\t') {
			put(j, "\\t", 2);
		} else {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			put(j, esc, 6);
		}
		i++;
		run = i;
	}
	put(j, str + run, n - run);
	putc1(j, '"');
}

/* Writes the separator and the key of the next value at the current depth. */
static void member(struct http_json *j, const char *key)
{
	if (j->comma[j->depth])
		putc1(j, ',');
	j->comma[j->depth] = true;
	if (key != NULL) {
		put_string(j, key);
		putc1(j, ':');
	}
}

static void open(struct http_json *j, const char *key, char c)
{
	member(j, key);
	putc1(j, c);
	if (j->depth < HTTP_JSON_DEPTH_MAX)
		j->depth++;
	j->comma[j->depth] = false;
}

static void close_(struct http_json *j, char c)
{
	putc1(j, c);
	if (j->depth > 0)
		j->depth--;
}

void http_json_obj_begin(struct http_json *j, const char *key)
{
	open(j, key, '{');
}

void http_json_obj_end(struct http_json *j)
{
	close_(j, '}');
}

void http_json_arr_begin(struct http_json *j, const char *key)
{
	open(j, key, '[');
}

void http_json_arr_end(struct http_json *j)
{
	close_(j, ']');
}

void http_json_str(struct http_json *j, const char *key, const char *s)
{
	member(j, key);
	if (s == NULL)
		put(j, "null", 4);
	else
		put_string(j, s);
}

void http_json_raw(struct http_json *j, const char *key, const char *text)
{
	member(j, key);
	if (text == NULL)
		put(j, "null", 4);
	else
		put(j, text, strlen(text));
}

void http_json_int(struct http_json *j, const char *key, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", (long long)v);

	member(j, key);
	put(j, num, (size_t)n);
}

void http_json_bool(struct http_json *j, const char *key, bool v)
{
	member(j, key);
	if (v)
		put(j, "true", 4);
	else
		put(j, "false", 5);
}

void http_json_null(struct http_json *j, const char *key)
{
	member(j, key);
	put(j, "null", 4);
}

void http_json_real(struct http_json *j, const char *key, double v)
{
	char num[32];
	int n;

	if (!isfinite(v)) {
		http_json_null(j, key);
		return;
	}
	n = snprintf(num, sizeof num, "%.6g", v);
	member(j, key);
	put(j, num, (size_t)n);
}

void http_json_id(struct http_json *j, const char *key, int64_t id)
{
	if (id == 0)
		http_json_null(j, key);
	else
		http_json_int(j, key, id);
}

void http_json_time(struct http_json *j, const char *key, int64_t t)
{
	char s[HTTP_TIME_LEN + 1];

	if (t == 0 || !http_time_format(t, s)) {
		http_json_null(j, key);
		return;
	}
	member(j, key);
	putc1(j, '"');
	put(j, s, HTTP_TIME_LEN);
	putc1(j, '"');
}

bool http_time_format(int64_t t, char *out)
{
	return time_format_utc(t, out);
}

/*
 * Eight bytes a step: each word is mixed in with one multiply and a fold of
 * the high half into the low (a chain of two dependent operations, where
 * FNV-1a spent one multiply per byte), the tail word is zero-padded, and the
 * length and a final avalanche (MurmurHash3's fmix64) make every input bit
 * reach every output bit. Not a cryptographic hash: an ETag only has to
 * change when the body does, and 64 bits make an accidental match between
 * two versions of one resource negligible. Words are read in host byte
 * order, so ETags are stable per build and machine, which is all a client
 * compares them against.
 */
uint64_t http_hash64(const char *data, size_t len)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL; /* 2^64 / golden ratio, odd */
	uint64_t h = 0x243f6a8885a308d3ULL ^ ((uint64_t)len * k);
	uint64_t word;
	size_t i = 0;

	for (; len - i >= 8; i += 8) {
		memcpy(&word, data + i, 8);
		h = (h ^ word) * k;
		h ^= h >> 32;
	}
	if (i < len) {
		word = 0;
		memcpy(&word, data + i, len - i);
		h = (h ^ word) * k;
		h ^= h >> 32;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}
