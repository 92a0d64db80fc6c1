/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Phone numbers as a telephone system reports them and as people type them,
 * brought to one form, E.164 ("+420603123456"), so that a caller is found
 * whichever way the number was written down: "+420 603 123 456",
 * "00420603123456", "603 123 456" on a desk in Czechia, "0 30 1234567" on one
 * in Germany, "tel:+49-30-1234567", "sip:+420603123456@pbx.example".
 *
 * A number without an international prefix ("+", "00") is national: it is
 * read in the desk's own country (`country_code`, the calling code's digits,
 * "420"), dropping one trunk prefix "0" first — except in Italy (39), where
 * the 0 is part of the number. Without a country code such a number cannot
 * be read.
 *
 * Owns: these rules. Pure functions; no allocation.
 */
#ifndef LD_CORE_PHONE_H
#define LD_CORE_PHONE_H

#include <stdbool.h>
#include <stddef.h>

/* E.164: "+", a country code and at most 15 digits in all. */
#define PHONE_E164_DIGITS_MAX 15
#define PHONE_E164_MAX (PHONE_E164_DIGITS_MAX + 1)
/* Fewest digits of a number with its country code (Niue's are 3 + 4). */
#define PHONE_E164_DIGITS_MIN 7
/* A national number shorter than this is an extension or a service code
 * ("201", "112"): it names no one outside. */
#define PHONE_NATIONAL_MIN 6

enum phone_kind {
	PHONE_NUMBER,    /* a number, out[] holds its E.164 form */
	PHONE_WITHHELD,  /* no number: empty, "anonymous", "restricted", … */
	PHONE_INTERNAL,  /* an extension or service code */
	PHONE_NATIONAL,  /* national, but no country code to read it in */
	PHONE_INVALID,   /* not a phone number */
};

/*
 * Reads `raw` (NUL-terminated, any bytes) into out[PHONE_E164_MAX + 1] and
 * says what it is; out is "" unless PHONE_NUMBER. `country_code` is the
 * desk's calling code ("420"; NULL or "" = none).
 */
enum phone_kind phone_e164(const char *raw, const char *country_code, char *out);

/*
 * The language of the desk's six most likely spoken in the country an E.164
 * number belongs to ("cs" for +420, "de" for +49, +43 and +41, "pl", "uk",
 * "es"; Slovakia's +421 reads Czech), else "en": a first guess for a caller
 * nobody knows yet, as good as the numbering plan.
 */
const char *phone_language(const char *e164);

/* Whether `cc` is a calling code as phone_e164() takes it: 1 to 3 digits,
 * not starting with 0. */
bool phone_country_code_valid(const char *cc);

#endif
