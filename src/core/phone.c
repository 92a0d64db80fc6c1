/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Phone numbers to E.164 (rules in phone.h).
 */
#include "core/phone.h"

#include <string.h>

#include "core/validate.h"

/* Digits gathered before the length is judged; more is no phone number. */
#define PHONE_SCAN_MAX 24

/* What telephone systems send for a caller who withholds the number
 * (Asterisk, SIP's RFC 3323 "anonymous", carriers' own words). */
static const char *const WITHHELD[] = {
	"anonymous", "unknown", "restricted", "private", "withheld", "unavailable",
	"blocked", "no caller id", NULL,
};

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool withheld_word(const char *s, size_t len)
{
	for (int i = 0; WITHHELD[i] != NULL; i++) {
		if (strlen(WITHHELD[i]) == len && ascii_prefix_equal(s, WITHHELD[i], len))
			return true;
	}
	return false;
}

const char *phone_language(const char *e164)
{
	static const struct {
		const char *prefix, *lang;
	} PLAN[] = {
		{ "+420", "cs" }, { "+421", "cs" }, { "+49", "de" }, { "+43", "de" },
		{ "+41", "de" },  { "+48", "pl" },  { "+380", "uk" }, { "+34", "es" },
	};

	for (size_t i = 0; e164 != NULL && i < sizeof PLAN / sizeof PLAN[0]; i++) {
		if (strncmp(e164, PLAN[i].prefix, strlen(PLAN[i].prefix)) == 0)
			return PLAN[i].lang;
	}
	return "en";
}

bool phone_country_code_valid(const char *cc)
{
	size_t n = cc != NULL ? strlen(cc) : 0;

	if (n < 1 || n > 3 || cc[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (cc[i] < '0' || cc[i] > '9')
			return false;
	}
	return true;
}

/* The number part of `raw`: without a tel:/sip:/sips: scheme, up to a
 * SIP host ("@") or URI parameters (";"), without surrounding blanks. */
static const char *number_part(const char *raw, size_t *len)
{
	static const char *const SCHEMES[] = { "tel:", "sip:", "sips:", NULL };
	const char *p = raw, *end;

	while (is_blank(*p))
		p++;
	for (int i = 0; SCHEMES[i] != NULL; i++) {
		size_t n = strlen(SCHEMES[i]);
		if (ascii_prefix_equal(p, SCHEMES[i], n)) {
			p += n;
			break;
		}
	}
	end = p + strcspn(p, "@;");
	while (end > p && is_blank(end[-1]))
		end--;
	*len = (size_t)(end - p);
	return p;
}

enum phone_kind phone_e164(const char *raw, const char *country_code, char *out)
{
	char digits[PHONE_SCAN_MAX + 1];
	const char *p, *d;
	size_t len, n = 0, cc_len;
	bool plus = false, keep_zero;

	out[0] = '\0';
	if (raw == NULL)
		return PHONE_WITHHELD;
	p = number_part(raw, &len);
	if (len == 0 || withheld_word(p, len))
		return PHONE_WITHHELD;
	for (size_t i = 0; i < len; i++) {
		char ch = p[i];
		if (ch >= '0' && ch <= '9') {
			if (n == PHONE_SCAN_MAX)
				return PHONE_INVALID;
			digits[n++] = ch;
		} else if (ch == '+' && n == 0 && !plus) {
			plus = true;
		} else if (!is_blank(ch) && strchr("-.()/", ch) == NULL) {
			return PHONE_INVALID;
		}
	}
	digits[n] = '\0';
	if (n == 0)
		return PHONE_INVALID;
	d = digits;
	if (!plus && n > 2 && d[0] == '0' && d[1] == '0') {
		plus = true;
		d += 2;
		n -= 2;
	}
	if (plus) {
		if (n < PHONE_E164_DIGITS_MIN || n > PHONE_E164_DIGITS_MAX || d[0] == '0')
			return PHONE_INVALID;
		out[0] = '+';
		memcpy(out + 1, d, n + 1);
		return PHONE_NUMBER;
	}
	if (n < PHONE_NATIONAL_MIN)
		return PHONE_INTERNAL;
	if (!phone_country_code_valid(country_code))
		return PHONE_NATIONAL;
	keep_zero = strcmp(country_code, "39") == 0;
	if (d[0] == '0' && !keep_zero) {
		d++;
		n--;
	}
	cc_len = strlen(country_code);
	if (n == 0 || (d[0] == '0' && !keep_zero) || cc_len + n < PHONE_E164_DIGITS_MIN ||
	    cc_len + n > PHONE_E164_DIGITS_MAX)
		return PHONE_INVALID;
	out[0] = '+';
	memcpy(out + 1, country_code, cc_len);
	memcpy(out + 1 + cc_len, d, n + 1);
	return PHONE_NUMBER;
}
