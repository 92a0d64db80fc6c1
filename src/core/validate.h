/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Pure input validation for the app layer, and the search-key folding of
 * names (DESIGN.md §5: search folds case and diacritics).
 *
 * Owns: what counts as acceptable text, e-mail, phone, language and time-zone
 * input, and the stable error codes for each ("required", "too_long",
 * "invalid_utf8", "invalid_email", "invalid_phone", "invalid_language",
 * "invalid_time_zone"). Every check is a pure function of its arguments: no
 * I/O, no allocation, no locale. The validators fill a caller-owned
 * `struct ld_err` (may be NULL) with the code, the field name and an English
 * sentence, and return LD_OK or an error status (util/status.h).
 *
 * Strings are borrowed for the duration of the call only.
 */
#ifndef LD_CORE_VALIDATE_H
#define LD_CORE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/*
 * Whether s[0..len) is strict UTF-8 that a text field may hold: shortest-form
 * encodings only (no overlongs), no UTF-16 surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF, no truncated sequence, and no NUL or other C0
 * control character except tab, line feed and carriage return. `s` may be
 * NULL only when `len` is 0 (the empty text is valid).
 */
bool validate_utf8(const char *s, size_t len);

/*
 * Checks a text field `value` (NUL-terminated, may be NULL = absent) named
 * `field` (for the error record, e.g. "name"):
 *   - absent, empty or only ASCII white space when `required`
 *       → LD_ERR_INVALID, "required";
 *   - longer than `max_bytes` bytes of UTF-8 (without the NUL)
 *       → LD_ERR_TOO_LARGE, "too_long" (status.h: a field over its limit);
 *   - not validate_utf8()
 *       → LD_ERR_INVALID, "invalid_utf8".
 * An absent or empty value that is not required is LD_OK. Checks run in that
 * order, so an over-long body is rejected before it is scanned.
 * `err` may be NULL.
 */
ld_status validate_text(const char *field, const char *value, size_t max_bytes, bool required,
			struct ld_err *err);

/* strncasecmp() of ASCII letters only (core has no POSIX <strings.h>):
 * whether the first `n` bytes of `a` and `b` agree, case aside, stopping at
 * a NUL of both. */
bool ascii_prefix_equal(const char *a, const char *b, size_t n);

/*
 * validate_text() of a one-line value that also has no control character
 * (C0, DEL): an id or a path another system sent. "invalid_text".
 */
ld_status validate_line(const char *field, const char *value, size_t max_bytes, bool required,
			struct ld_err *err);

/*
 * A web link: "http://" or "https://" (any case), a host (the text up to
 * the next "/", "?" or "#", not empty), and only printable ASCII without
 * spaces (anything else percent-encoded, RFC 3986); at most `max_bytes`.
 * Fails with LD_ERR_INVALID "invalid_url". `err` may be NULL.
 */
ld_status validate_url(const char *field, const char *value, size_t max_bytes,
		       struct ld_err *err);

/*
 * Pragmatic e-mail shape check (not RFC 5322): exactly one '@'; a local part
 * of 1..64 bytes; a domain that contains a dot, with no empty label (no
 * leading, trailing or doubled dot); no white space or control characters;
 * valid UTF-8; at most LD_EMAIL_MAX (254) bytes in all. The empty string is
 * invalid: callers skip the check for an optional empty e-mail.
 * Fails with LD_ERR_INVALID, "invalid_email". `err` may be NULL.
 */
ld_status validate_email(const char *field, const char *value, struct ld_err *err);

/*
 * Phone number shape: only digits, spaces and + - ( ); 3..32 bytes long
 * (LD_PHONE_MAX); at least 3 digits. Fails with LD_ERR_INVALID,
 * "invalid_phone". `err` may be NULL.
 */
ld_status validate_phone(const char *field, const char *value, struct ld_err *err);

/*
 * One of the supported conversation languages: cs de pl en es uk (exact,
 * lower case). Fails with LD_ERR_INVALID, "invalid_language". `err` may be NULL.
 */
ld_status validate_language(const char *field, const char *value, struct ld_err *err);

/*
 * Shape of an IANA time-zone name, not its existence (core has no tz
 * database): "UTC", or Area/Location[/Sub…] where every part is non-empty,
 * starts with a letter and holds only [A-Za-z0-9_+-]; at most LD_TZ_MAX (64)
 * bytes. "Europe/Prague", "America/Argentina/Buenos_Aires" and "Etc/GMT+5"
 * pass; "Europe", "/etc/passwd", "Europe//Prague" and "../x" do not.
 * Fails with LD_ERR_INVALID, "invalid_time_zone". `err` may be NULL.
 */
ld_status validate_iana_tz_name(const char *field, const char *value, struct ld_err *err);

/*
 * Folds `in` (NUL-terminated UTF-8; NULL = empty) into a search key in
 * `out` (`out_len` bytes, caller-owned): ASCII and Latin letters are
 * lower-cased and stripped of diacritics (Latin-1 Supplement, Latin
 * Extended-A, Romanian ș ț: "Dvořák" → "dvorak", "Łukasz" → "lukasz",
 * "Müller" → "muller"; ß and ẞ → "ss", æ → "ae", œ → "oe", þ → "th", ĳ → "ij");
 * combining diacritical marks (U+0300..U+036F, decomposed input) are dropped;
 * a no-break space becomes a space; Cyrillic is lower-cased only (Ukrainian
 * ґ є і ї and Russian ё stay distinct letters). Every other character is
 * copied; bytes that are not valid UTF-8 are dropped, so the key is always
 * valid UTF-8.
 *
 * Always NUL-terminates when out_len > 0. When the key does not fit, it is
 * cut before the first character whose folding would not fit, so the cut
 * never splits a UTF-8 sequence. Returns the bytes written, without the NUL
 * (0 when out is NULL or out_len is 0).
 */
size_t text_fold(const char *in, char *out, size_t out_len);

#endif
