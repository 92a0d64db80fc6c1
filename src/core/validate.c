/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Input validation and search-key folding (contract in core/validate.h).
 *
 * Owns: one strict UTF-8 decoder, used both to validate text and to fold it,
 * and the folding tables for Latin and Cyrillic letters. Must not do I/O,
 * allocate or consult the C locale: the same input must validate and fold the
 * same way on every machine and in every process, because folded keys are
 * stored in the database and compared later.
 *
 * Why strict UTF-8: overlong forms and surrogates are the classic ways to
 * smuggle a '/' or a NUL past a check that looked at decoded text; rejecting
 * them at the edge means no later layer (SQLite, JSON, the browser) has to
 * guess. C0 controls other than tab/LF/CR have no business in customer text
 * and break terminals and CSV exports.
 *
 * Why fold without Unicode tables: the desk serves cs, de, pl, en, es and uk.
 * Latin-1 Supplement plus Latin Extended-A cover the letters of the Latin
 * ones (and French, Hungarian, Turkish, the Nordic languages on the way);
 * Cyrillic needs only case. A full NFKD decomposition would add a large table
 * for letters the desk does not see, so unknown characters pass through
 * unchanged and stay searchable by exact spelling.
 */
#include "core/validate.h"

#include <stdint.h>
#include <string.h>

#include "core/model.h"

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

/*
 * Decodes one code point from s[0..len) (len ≥ 1) into *cp. Returns its length
 * in bytes (1..4), or 0 when the bytes are not shortest-form UTF-8 of a
 * Unicode scalar value (RFC 3629 §4 table; overlongs, surrogates and values
 * above U+10FFFF excluded by the ranges of the second byte).
 */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char b0 = s[0];
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	size_t n;

	if (b0 < 0x80) {
		*cp = b0;
		return 1;
	}
	if (b0 >= 0xC2 && b0 <= 0xDF) {
		n = 2;
		*cp = b0 & 0x1Fu;
	} else if (b0 >= 0xE0 && b0 <= 0xEF) {
		n = 3;
		*cp = b0 & 0x0Fu;
		if (b0 == 0xE0)
			lo = 0xA0; /* below is an overlong of U+0000..U+07FF */
		else if (b0 == 0xED)
			hi = 0x9F; /* above are the surrogates U+D800..U+DFFF */
	} else if (b0 >= 0xF0 && b0 <= 0xF4) {
		n = 4;
		*cp = b0 & 0x07u;
		if (b0 == 0xF0)
			lo = 0x90; /* below is an overlong of U+0000..U+FFFF */
		else if (b0 == 0xF4)
			hi = 0x8F; /* above is beyond U+10FFFF */
	} else {
		return 0; /* continuation byte, C0/C1 (overlong ASCII) or F5..FF */
	}
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0u) != 0x80u)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3Fu);
	}
	return n;
}

/* Encodes scalar value `cp` into buf (≥ 4 bytes); returns its length. */
static size_t utf8_encode(uint32_t cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool validate_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (s == NULL)
		return len == 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return false;
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
			return false; /* includes NUL */
		i += n;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Field validators                                                    */
/* ------------------------------------------------------------------ */

/* strlen() that stops counting past `limit`, so a huge body costs limit+1 reads. */
static size_t bounded_len(const char *s, size_t limit)
{
	size_t n = 0;
	while (n <= limit && s[n] != '\0')
		n++;
	return n;
}

static bool is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The field name for messages: the caller's, or a neutral word. */
static const char *field_label(const char *field)
{
	return field != NULL && field[0] != '\0' ? field : "value";
}

ld_status validate_text(const char *field, const char *value, size_t max_bytes, bool required,
			struct ld_err *err)
{
	const char *p;
	size_t len;

	if (value == NULL || value[0] == '\0') {
		if (!required)
			return LD_OK;
		return ld_fail(err, LD_ERR_INVALID, "required", field, "%s is required",
			       field_label(field));
	}
	if (required) {
		/* "   " is as empty as "" for a name or a subject. */
		for (p = value; *p != '\0' && is_ascii_space(*p); p++)
			;
		if (*p == '\0')
			return ld_fail(err, LD_ERR_INVALID, "required", field, "%s is required",
				       field_label(field));
	}
	len = bounded_len(value, max_bytes);
	if (len > max_bytes)
		return ld_fail(err, LD_ERR_INVALID, "too_long", field,
			       "%s is longer than %zu bytes", field_label(field), max_bytes);
	if (!validate_utf8(value, len))
		return ld_fail(err, LD_ERR_INVALID, "invalid_utf8", field,
			       "%s is not valid UTF-8 text", field_label(field));
	return LD_OK;
}

bool ascii_prefix_equal(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
		char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
		if (x != y)
			return false;
		if (x == '\0')
			return true;
	}
	return true;
}

ld_status validate_line(const char *field, const char *value, size_t max_bytes, bool required,
			struct ld_err *err)
{
	ld_status rc = validate_text(field, value, max_bytes, required, err);

	if (rc != LD_OK || value == NULL)
		return rc;
	for (const unsigned char *p = (const unsigned char *)value; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return ld_fail(err, LD_ERR_INVALID, "invalid_text", field,
				       "%s must be one line without control characters",
				       field_label(field));
	}
	return LD_OK;
}

ld_status validate_url(const char *field, const char *value, size_t max_bytes,
		       struct ld_err *err)
{
	size_t len, scheme, host;

	if (value == NULL || value[0] == '\0')
		return ld_fail(err, LD_ERR_INVALID, "required", field, "%s is required",
			       field_label(field));
	len = bounded_len(value, max_bytes);
	if (len > max_bytes)
		return ld_fail(err, LD_ERR_INVALID, "too_long", field,
			       "%s is longer than %zu bytes", field_label(field), max_bytes);
	scheme = ascii_prefix_equal(value, "https://", 8)  ? 8
		 : ascii_prefix_equal(value, "http://", 7) ? 7
							   : 0;
	host = scheme != 0 ? strcspn(value + scheme, "/?#") : 0;
	for (size_t i = 0; scheme != 0 && i < len; i++) {
		unsigned char ch = (unsigned char)value[i];
		if (ch <= 0x20 || ch >= 0x7f)
			host = 0;
	}
	if (scheme == 0 || host == 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_url", field,
			       "%s must be an http:// or https:// link with a host and no spaces",
			       field_label(field));
	return LD_OK;
}

ld_status validate_email(const char *field, const char *value, struct ld_err *err)
{
	const char *at = NULL;
	const char *domain;
	size_t len;

	if (value == NULL)
		goto invalid;
	len = bounded_len(value, LD_EMAIL_MAX);
	if (len == 0 || len > LD_EMAIL_MAX || !validate_utf8(value, len))
		goto invalid;
	for (const char *p = value; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7F)
			goto invalid; /* spaces and controls */
		if (c == '@') {
			if (at != NULL)
				goto invalid; /* a second '@' */
			at = p;
		}
	}
	if (at == NULL || at == value || (size_t)(at - value) > 64)
		goto invalid;
	domain = at + 1;
	if (domain[0] == '\0' || domain[0] == '.' || strchr(domain, '.') == NULL ||
	    strstr(domain, "..") != NULL || value[len - 1] == '.')
		goto invalid;
	return LD_OK;
invalid:
	return ld_fail(err, LD_ERR_INVALID, "invalid_email", field,
		       "%s must be an e-mail address like name@example.com", field_label(field));
}

ld_status validate_phone(const char *field, const char *value, struct ld_err *err)
{
	size_t len;
	int digits = 0;

	if (value == NULL)
		goto invalid;
	len = bounded_len(value, LD_PHONE_MAX);
	if (len < 3 || len > LD_PHONE_MAX)
		goto invalid;
	for (const char *p = value; *p != '\0'; p++) {
		if (is_ascii_digit(*p))
			digits++;
		else if (*p != ' ' && *p != '+' && *p != '-' && *p != '(' && *p != ')')
			goto invalid;
	}
	if (digits < 3)
		goto invalid;
	return LD_OK;
invalid:
	return ld_fail(err, LD_ERR_INVALID, "invalid_phone", field,
		       "%s must be a phone number: digits, spaces and + - ( ), 3 to %d characters",
		       field_label(field), LD_PHONE_MAX);
}

/* The conversation languages the desk serves (DESIGN.md §3, customer.language). */
static const char *const LANGUAGES[] = { "cs", "de", "pl", "en", "es", "uk" };

ld_status validate_language(const char *field, const char *value, struct ld_err *err)
{
	if (value != NULL) {
		for (size_t i = 0; i < sizeof LANGUAGES / sizeof LANGUAGES[0]; i++) {
			if (strcmp(value, LANGUAGES[i]) == 0)
				return LD_OK;
		}
	}
	return ld_fail(err, LD_ERR_INVALID, "invalid_language", field,
		       "%s must be one of cs, de, pl, en, es, uk", field_label(field));
}

ld_status validate_iana_tz_name(const char *field, const char *value, struct ld_err *err)
{
	size_t len;
	int parts = 0;
	bool part_start = true; /* the next character begins a part */

	if (value == NULL)
		goto invalid;
	if (strcmp(value, "UTC") == 0)
		return LD_OK;
	len = bounded_len(value, LD_TZ_MAX);
	if (len == 0 || len > LD_TZ_MAX)
		goto invalid;
	for (const char *p = value; *p != '\0'; p++) {
		char c = *p;
		if (c == '/') {
			if (part_start)
				goto invalid; /* leading '/' or an empty part */
			part_start = true;
			continue;
		}
		if (part_start) {
			if (!is_ascii_alpha(c))
				goto invalid;
			parts++;
			part_start = false;
			continue;
		}
		if (!is_ascii_alpha(c) && !is_ascii_digit(c) && c != '_' && c != '+' && c != '-')
			goto invalid;
	}
	if (part_start || parts < 2)
		goto invalid; /* trailing '/' or no Location */
	return LD_OK;
invalid:
	return ld_fail(err, LD_ERR_INVALID, "invalid_time_zone", field,
		       "%s must be an IANA time zone such as Europe/Prague, or UTC",
		       field_label(field));
}

/* ------------------------------------------------------------------ */
/* Search-key folding                                                  */
/* ------------------------------------------------------------------ */

struct fold_range {
	uint32_t first;   /* first code point of the run */
	uint32_t last;    /* last code point of the run, inclusive */
	const char *fold; /* ASCII replacement of every code point in the run */
};

/*
 * Latin letters with diacritics (both cases) → their lower-case base letters.
 * Sorted by code point for the binary search. Ligatures and letters without a
 * one-letter base spell out: æ "ae", œ "oe", ĳ "ij", þ "th", ß and ẞ "ss".
 * German umlauts fold to the bare vowel ("Müller" → "muller"), the usual
 * search convention; "Mueller" is a different spelling and stays one.
 */
static const struct fold_range LATIN_FOLDS[] = {
	/* Latin-1 Supplement */
	{ 0x00C0, 0x00C5, "a" },  { 0x00C6, 0x00C6, "ae" }, { 0x00C7, 0x00C7, "c" },
	{ 0x00C8, 0x00CB, "e" },  { 0x00CC, 0x00CF, "i" },  { 0x00D0, 0x00D0, "d" },
	{ 0x00D1, 0x00D1, "n" },  { 0x00D2, 0x00D6, "o" },  { 0x00D8, 0x00D8, "o" },
	{ 0x00D9, 0x00DC, "u" },  { 0x00DD, 0x00DD, "y" },  { 0x00DE, 0x00DE, "th" },
	{ 0x00DF, 0x00DF, "ss" }, { 0x00E0, 0x00E5, "a" },  { 0x00E6, 0x00E6, "ae" },
	{ 0x00E7, 0x00E7, "c" },  { 0x00E8, 0x00EB, "e" },  { 0x00EC, 0x00EF, "i" },
	{ 0x00F0, 0x00F0, "d" },  { 0x00F1, 0x00F1, "n" },  { 0x00F2, 0x00F6, "o" },
	{ 0x00F8, 0x00F8, "o" },  { 0x00F9, 0x00FC, "u" },  { 0x00FD, 0x00FD, "y" },
	{ 0x00FE, 0x00FE, "th" }, { 0x00FF, 0x00FF, "y" },
	/* Latin Extended-A: U+0100..U+017F, every code point covered */
	{ 0x0100, 0x0105, "a" },  { 0x0106, 0x010D, "c" },  { 0x010E, 0x0111, "d" },
	{ 0x0112, 0x011B, "e" },  { 0x011C, 0x0123, "g" },  { 0x0124, 0x0127, "h" },
	{ 0x0128, 0x0131, "i" },  { 0x0132, 0x0133, "ij" }, { 0x0134, 0x0135, "j" },
	{ 0x0136, 0x0138, "k" },  { 0x0139, 0x0142, "l" },  { 0x0143, 0x014B, "n" },
	{ 0x014C, 0x0151, "o" },  { 0x0152, 0x0153, "oe" }, { 0x0154, 0x0159, "r" },
	{ 0x015A, 0x0161, "s" },  { 0x0162, 0x0167, "t" },  { 0x0168, 0x0173, "u" },
	{ 0x0174, 0x0175, "w" },  { 0x0176, 0x0178, "y" },  { 0x0179, 0x017E, "z" },
	{ 0x017F, 0x017F, "s" },
	/* Latin Extended-B: Romanian s and t with comma below */
	{ 0x0218, 0x0219, "s" },  { 0x021A, 0x021B, "t" },
	/* Latin Extended Additional: capital sharp s */
	{ 0x1E9E, 0x1E9E, "ss" },
};

/* The ASCII folding of a Latin letter with a diacritic, or NULL. */
static const char *latin_fold(uint32_t cp)
{
	size_t lo = 0, hi = sizeof LATIN_FOLDS / sizeof LATIN_FOLDS[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < LATIN_FOLDS[mid].first)
			hi = mid;
		else if (cp > LATIN_FOLDS[mid].last)
			lo = mid + 1;
		else
			return LATIN_FOLDS[mid].fold;
	}
	return NULL;
}

/*
 * Lower case of a Cyrillic capital (U+0400..U+04FF), else `cp`. Ѐ..Џ and
 * А..Я are contiguous blocks; the historic and extended letters from U+0460
 * (including Ukrainian Ґ U+0490) come in capital/small pairs, capital even.
 */
static uint32_t cyrillic_lower(uint32_t cp)
{
	if (cp >= 0x0400 && cp <= 0x040F)
		return cp + 0x50;
	if (cp >= 0x0410 && cp <= 0x042F)
		return cp + 0x20;
	if (((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF) ||
	     (cp >= 0x04D0 && cp <= 0x04FF)) && (cp & 1u) == 0)
		return cp + 1;
	return cp;
}

size_t text_fold(const char *in, char *out, size_t out_len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t in_len, i = 0, w = 0;

	if (out == NULL || out_len == 0)
		return 0;
	in_len = in != NULL ? strlen(in) : 0;
	while (i < in_len) {
		char enc[4];
		const char *piece = enc;
		size_t piece_len;
		uint32_t cp;
		size_t n = utf8_decode(p + i, in_len - i, &cp);

		if (n == 0) {
			i++; /* drop a byte that is not UTF-8 */
			continue;
		}
		i += n;
		if (cp >= 0x0300 && cp <= 0x036F)
			continue; /* combining diacritical mark */
		if (cp >= 'A' && cp <= 'Z') {
			enc[0] = (char)(cp + ('a' - 'A'));
			piece_len = 1;
		} else if (cp == 0x00A0) {
			enc[0] = ' ';
			piece_len = 1;
		} else if ((piece = latin_fold(cp)) != NULL) {
			piece_len = strlen(piece);
		} else {
			piece = enc;
			piece_len = utf8_encode(cyrillic_lower(cp), enc);
		}
		if (w + piece_len + 1 > out_len)
			break; /* the NUL must fit too; never split a character */
		memcpy(out + w, piece, piece_len);
		w += piece_len;
	}
	out[w] = '\0';
	return w;
}
