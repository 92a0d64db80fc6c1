/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of core/validate.c: strict UTF-8 (the classic malformed sequences),
 * each field validator's accepted and rejected shapes with its error code and
 * field, and text_fold() on the names of the desk's languages, on every code
 * point of the folded blocks, and at every truncation edge.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/model.h"
#include "core/validate.h"

/* ---- helpers ---- */

static bool utf8_ok(const char *s)
{
	return validate_utf8(s, strlen(s));
}

/* Asserts that `st`/`err` carry the given failure. */
static void assert_failure(ld_status st, const struct ld_err *err, ld_status want,
			   const char *code, const char *field)
{
	assert_int_equal(st, want);
	assert_string_equal(err->code, code);
	assert_string_equal(err->field, field);
	assert_true(err->message[0] != '\0');
}

/* Folds `in` into a roomy buffer and compares. */
static void assert_fold(const char *in, const char *want)
{
	char out[256];
	size_t n = text_fold(in, out, sizeof out);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

/* UTF-8 of one code point (test-side encoder, independent of validate.c). */
static void encode(uint32_t cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		buf[1] = '\0';
	} else if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		buf[2] = '\0';
	} else {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		buf[3] = '\0';
	}
}

/* ---- validate_utf8 ---- */

static void test_validate_utf8_accepts_valid_text(void **state)
{
	(void)state;
	assert_true(validate_utf8("", 0));
	assert_true(validate_utf8(NULL, 0));
	assert_true(utf8_ok("plain ASCII, with punctuation!"));
	assert_true(utf8_ok("Dvořák Łukasz Müller Núñez"));
	assert_true(utf8_ok("Київ, ґанок, їжак, єнот"));
	assert_true(utf8_ok("tab\tnewline\ncarriage\r"));
	assert_true(utf8_ok("\x7F"));                  /* DEL is not C0 */
	assert_true(utf8_ok("\xC2\x80"));              /* U+0080, smallest 2-byte */
	assert_true(utf8_ok("\xDF\xBF"));              /* U+07FF */
	assert_true(utf8_ok("\xE0\xA0\x80"));          /* U+0800, smallest 3-byte */
	assert_true(utf8_ok("\xED\x9F\xBF"));          /* U+D7FF, just below surrogates */
	assert_true(utf8_ok("\xEE\x80\x80"));          /* U+E000, just above surrogates */
	assert_true(utf8_ok("\xEF\xBF\xBF"));          /* U+FFFF */
	assert_true(utf8_ok("\xF0\x90\x80\x80"));      /* U+10000, smallest 4-byte */
	assert_true(utf8_ok("\xF0\x9F\x98\x80"));      /* U+1F600 emoji */
	assert_true(utf8_ok("\xF4\x8F\xBF\xBF"));      /* U+10FFFF, the last */
}

static void test_validate_utf8_rejects_overlongs(void **state)
{
	(void)state;
	assert_false(utf8_ok("\xC0\xAF"));             /* '/' in 2 bytes */
	assert_false(utf8_ok("\xC1\xBF"));
	assert_false(utf8_ok("\xC0\x80"));             /* "modified UTF-8" NUL */
	assert_false(utf8_ok("\xE0\x80\xAF"));         /* '/' in 3 bytes */
	assert_false(utf8_ok("\xE0\x9F\xBF"));         /* U+07FF in 3 bytes */
	assert_false(utf8_ok("\xF0\x80\x80\xAF"));     /* '/' in 4 bytes */
	assert_false(utf8_ok("\xF0\x8F\xBF\xBF"));     /* U+FFFF in 4 bytes */
}

static void test_validate_utf8_rejects_surrogates_and_beyond(void **state)
{
	(void)state;
	assert_false(utf8_ok("\xED\xA0\x80"));         /* U+D800 */
	assert_false(utf8_ok("\xED\xAD\xBF"));         /* U+DB7F */
	assert_false(utf8_ok("\xED\xBF\xBF"));         /* U+DFFF */
	assert_false(utf8_ok("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
	assert_false(utf8_ok("\xF4\x90\x80\x80"));     /* U+110000 */
	assert_false(utf8_ok("\xF5\x80\x80\x80"));
	assert_false(utf8_ok("\xF8\x88\x80\x80\x80")); /* 5-byte form */
	assert_false(utf8_ok("\xFE"));
	assert_false(utf8_ok("\xFF"));
}

static void test_validate_utf8_rejects_broken_sequences(void **state)
{
	(void)state;
	assert_false(utf8_ok("\x80"));                 /* lone continuation */
	assert_false(utf8_ok("a\xBF"));
	assert_false(utf8_ok("\xC3"));                 /* truncated at the end */
	assert_false(utf8_ok("\xE2\x82"));
	assert_false(utf8_ok("\xF0\x9F\x98"));
	assert_false(utf8_ok("\xC3\x28"));             /* ASCII where a continuation belongs */
	assert_false(utf8_ok("\xE2\x28\xA1"));
	assert_false(utf8_ok("\xF0\x9F\x28\x80"));
	/* the length is honoured: a valid prefix of a longer sequence is cut */
	assert_false(validate_utf8("\xC5\x99", 1));
	assert_true(validate_utf8("\xC5\x99xyz", 2));
	assert_false(validate_utf8(NULL, 1));
}

static void test_validate_utf8_rejects_nul_and_controls(void **state)
{
	(void)state;
	assert_false(validate_utf8("a\0b", 3));
	assert_false(utf8_ok("\x01"));
	assert_false(utf8_ok("bell\x07"));
	assert_false(utf8_ok("\x1B[31mred"));          /* terminal escape */
	assert_false(utf8_ok("\x1F"));
	assert_false(utf8_ok("\v"));
	assert_false(utf8_ok("\f"));
	assert_true(utf8_ok("\t\n\r"));
}

/* ---- validate_text ---- */

static void test_validate_text_required(void **state)
{
	struct ld_err err;
	(void)state;
	ld_err_clear(&err);
	assert_failure(validate_text("name", NULL, 10, true, &err), &err, LD_ERR_INVALID,
		       "required", "name");
	ld_err_clear(&err);
	assert_failure(validate_text("name", "", 10, true, &err), &err, LD_ERR_INVALID,
		       "required", "name");
	ld_err_clear(&err);
	assert_failure(validate_text("subject", " \t\r\n ", 10, true, &err), &err,
		       LD_ERR_INVALID, "required", "subject");
	/* optional: absent, empty and blank are fine */
	assert_int_equal(validate_text("notes", NULL, 10, false, &err), LD_OK);
	assert_int_equal(validate_text("notes", "", 10, false, &err), LD_OK);
	assert_int_equal(validate_text("notes", "   ", 10, false, &err), LD_OK);
	assert_int_equal(validate_text("name", " x ", 10, true, &err), LD_OK);
}

static void test_validate_text_too_long(void **state)
{
	struct ld_err err;
	(void)state;
	assert_int_equal(validate_text("name", "abcde", 5, true, &err), LD_OK);
	ld_err_clear(&err);
	assert_failure(validate_text("name", "abcdef", 5, true, &err), &err, LD_ERR_INVALID,
		       "too_long", "name");
	/* limits are bytes: "Dvořák" is 6 characters but 8 bytes */
	assert_int_equal(strlen("Dvořák"), 8);
	assert_int_equal(validate_text("name", "Dvořák", 8, true, &err), LD_OK);
	ld_err_clear(&err);
	assert_failure(validate_text("name", "Dvořák", 7, true, &err), &err, LD_ERR_INVALID,
		       "too_long", "name");
	/* too long wins over invalid UTF-8: the check order is documented */
	ld_err_clear(&err);
	assert_failure(validate_text("body", "\xFF\xFF\xFF", 2, false, &err), &err,
		       LD_ERR_INVALID, "too_long", "body");
}

static void test_validate_text_invalid_utf8(void **state)
{
	struct ld_err err;
	(void)state;
	ld_err_clear(&err);
	assert_failure(validate_text("body", "ok \xC0\xAF", 100, true, &err), &err,
		       LD_ERR_INVALID, "invalid_utf8", "body");
	ld_err_clear(&err);
	assert_failure(validate_text("body", "null\x01", 100, false, &err), &err,
		       LD_ERR_INVALID, "invalid_utf8", "body");
	assert_int_equal(validate_text("body", "Добрий день!\nДякую.", 100, true, &err), LD_OK);
}

static void test_validate_text_null_err_and_field(void **state)
{
	struct ld_err err;
	(void)state;
	assert_int_equal(validate_text("name", NULL, 5, true, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_text("name", "abcdef", 5, true, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_text(NULL, "\xFF", 5, true, NULL), LD_ERR_INVALID);
	ld_err_clear(&err);
	assert_failure(validate_text(NULL, "", 5, true, &err), &err, LD_ERR_INVALID, "required",
		       "");
}

/* ---- validate_email ---- */

static void test_validate_email_accepts_pragmatic_addresses(void **state)
{
	struct ld_err err;
	char local64[64 + 1 + 8];
	(void)state;
	assert_int_equal(validate_email("email", "jan.novak@example.cz", &err), LD_OK);
	assert_int_equal(validate_email("email", "a@b.co", &err), LD_OK);
	assert_int_equal(validate_email("email", "x+tag@mail.sub.example.com", &err), LD_OK);
	assert_int_equal(validate_email("email", "o'brien@example.ie", &err), LD_OK);
	assert_int_equal(validate_email("email", "müller@exämple.de", &err), LD_OK);
	memset(local64, 'a', 64);
	memcpy(local64 + 64, "@b.cz", 6);
	assert_int_equal(validate_email("email", local64, &err), LD_OK);
}

static void test_validate_email_rejects_bad_shapes(void **state)
{
	static const char *const bad[] = {
		"", "plain", "a@b", "a@@b.cz", "a@b@c.cz", "@b.cz", "a@", "a@.cz", "a@b.cz.",
		"a@b..cz", "a b@c.cz", "a@b .cz", " a@b.cz", "a@b.cz ", "\ta@b.cz", "a@b.c\nz",
		"a\x7F@b.cz", "a@\xC0\xAF.cz",
	};
	struct ld_err err;
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ld_err_clear(&err);
		if (validate_email("email", bad[i], &err) != LD_ERR_INVALID)
			fail_msg("accepted bad e-mail \"%s\"", bad[i]);
		assert_string_equal(err.code, "invalid_email");
		assert_string_equal(err.field, "email");
	}
	assert_int_equal(validate_email("email", NULL, NULL), LD_ERR_INVALID);
}

static void test_validate_email_length_limits(void **state)
{
	struct ld_err err;
	char buf[300];
	(void)state;
	/* local part of 65 bytes */
	memset(buf, 'a', 65);
	memcpy(buf + 65, "@b.cz", 6);
	assert_int_equal(validate_email("email", buf, &err), LD_ERR_INVALID);
	/* 254 bytes in all is the limit: a@ + 248 + .cz */
	buf[0] = 'a';
	buf[1] = '@';
	memset(buf + 2, 'd', 249);
	memcpy(buf + 251, ".cz", 4);
	assert_int_equal(strlen(buf), 254);
	assert_int_equal(validate_email("email", buf, &err), LD_OK);
	memset(buf + 2, 'd', 250);
	memcpy(buf + 252, ".cz", 4);
	assert_int_equal(strlen(buf), 255);
	ld_err_clear(&err);
	assert_int_equal(validate_email("email", buf, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_email");
}

/* ---- validate_phone ---- */

static void test_validate_phone_shapes(void **state)
{
	static const char *const good[] = {
		"+420 123 456 789", "(02) 1234-5678", "112", "+1-800-555-0199", "  123  ",
		"00420123456789",
	};
	static const char *const bad[] = {
		"", "12", "1 2", "+ -", "ab123", "123#", "123x", "+420.123.456", "１２３",
		"123\n",
	};
	struct ld_err err;
	char buf[40];
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (validate_phone("phone", good[i], &err) != LD_OK)
			fail_msg("rejected phone \"%s\"", good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ld_err_clear(&err);
		if (validate_phone("phone", bad[i], &err) != LD_ERR_INVALID)
			fail_msg("accepted bad phone \"%s\"", bad[i]);
		assert_string_equal(err.code, "invalid_phone");
		assert_string_equal(err.field, "phone");
	}
	assert_int_equal(validate_phone("phone", NULL, NULL), LD_ERR_INVALID);
	/* 32 characters pass, 33 do not */
	memset(buf, '9', 32);
	buf[32] = '\0';
	assert_int_equal(validate_phone("phone", buf, &err), LD_OK);
	buf[32] = '9';
	buf[33] = '\0';
	assert_int_equal(validate_phone("phone", buf, &err), LD_ERR_INVALID);
}

/* ---- validate_language ---- */

static void test_validate_language_supported_only(void **state)
{
	static const char *const good[] = { "cs", "de", "pl", "en", "es", "uk" };
	static const char *const bad[] = { "", "EN", "en-GB", "fr", "ua", "c", "css", " en" };
	struct ld_err err;
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(validate_language("language", good[i], &err), LD_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ld_err_clear(&err);
		if (validate_language("language", bad[i], &err) != LD_ERR_INVALID)
			fail_msg("accepted language \"%s\"", bad[i]);
		assert_string_equal(err.code, "invalid_language");
		assert_string_equal(err.field, "language");
	}
	assert_int_equal(validate_language("language", NULL, NULL), LD_ERR_INVALID);
}

/* ---- validate_iana_tz_name ---- */

static void test_validate_iana_tz_name_shapes(void **state)
{
	static const char *const good[] = {
		"UTC", "Europe/Prague", "Europe/Kyiv", "America/Argentina/Buenos_Aires",
		"Etc/GMT+5", "Etc/GMT-14", "America/Port-au-Prince", "Etc/UTC",
	};
	static const char *const bad[] = {
		"", "utc", "Europe", "/etc/passwd", "Europe/", "Europe//Prague", "../x",
		"Europe/../../x", "Europe/Pra gue", "Europe/Praha.", "1Europe/Prague",
		"Europe/_x", "Europe\\Prague", "Europe/Praha\n", "Evropa/Praha\xC3\xA1",
	};
	struct ld_err err;
	char buf[80];
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (validate_iana_tz_name("tz", good[i], &err) != LD_OK)
			fail_msg("rejected time zone \"%s\"", good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ld_err_clear(&err);
		if (validate_iana_tz_name("tz", bad[i], &err) != LD_ERR_INVALID)
			fail_msg("accepted time zone \"%s\"", bad[i]);
		assert_string_equal(err.code, "invalid_time_zone");
		assert_string_equal(err.field, "tz");
	}
	assert_int_equal(validate_iana_tz_name("tz", NULL, NULL), LD_ERR_INVALID);
	/* LD_TZ_MAX bytes pass, one more does not */
	memcpy(buf, "Area/", 5);
	memset(buf + 5, 'x', LD_TZ_MAX - 5);
	buf[LD_TZ_MAX] = '\0';
	assert_int_equal(validate_iana_tz_name("tz", buf, &err), LD_OK);
	buf[LD_TZ_MAX] = 'x';
	buf[LD_TZ_MAX + 1] = '\0';
	assert_int_equal(validate_iana_tz_name("tz", buf, &err), LD_ERR_INVALID);
}

/* ---- text_fold ---- */

static void test_validate_fold_names(void **state)
{
	(void)state;
	assert_fold("Dvořák", "dvorak");
	assert_fold("Łukasz", "lukasz");
	assert_fold("Müller", "muller");
	assert_fold("Straße", "strasse");
	assert_fold("GROẞ", "gross");
	assert_fold("Příliš žluťoučký kůň úpěl ďábelské ódy",
		    "prilis zlutoucky kun upel dabelske ody");
	assert_fold("Zażółć gęślą jaźń", "zazolc gesla jazn");
	assert_fold("ŻÓŁĆ ĘŚĄŹŃ", "zolc esazn");
	assert_fold("Señor Núñez, ¿qué tal?", "senor nunez, ¿que tal?");
	assert_fold("Ærøskøbing Œuvre Þór", "aeroskobing oeuvre thor");
	assert_fold("Ștefan Țiriac Şerban Ţepeş", "stefan tiriac serban tepes");
	assert_fold("İstanbul ılık", "istanbul ilik");
	assert_fold("ABC xyz 0123 -_.@", "abc xyz 0123 -_.@");
	assert_fold("", "");
}

static void test_validate_fold_cyrillic_lower_case_only(void **state)
{
	(void)state;
	assert_fold("ҐЄІЇ", "ґєії");
	assert_fold("Київ", "київ");
	assert_fold("ЩАСЛИВОГО ДНЯ", "щасливого дня");
	assert_fold("Ґанок і Їжак", "ґанок і їжак");
	/* letters with marks stay distinct in Cyrillic: й is not и, ё is not е */
	assert_fold("ЙОЖ Ёлка", "йож ёлка");
	assert_fold("ЀЂЏ", "ѐђџ");
}

static void test_validate_fold_every_latin_letter_to_ascii(void **state)
{
	char in[8], out[8];
	(void)state;
	for (uint32_t cp = 0x00C0; cp <= 0x017F; cp++) {
		if (cp == 0x00D7 || cp == 0x00F7)
			continue; /* × and ÷ are not letters */
		encode(cp, in);
		size_t n = text_fold(in, out, sizeof out);
		if (n < 1 || n > 2)
			fail_msg("U+%04X folds to %zu bytes", (unsigned)cp, n);
		for (size_t i = 0; i < n; i++) {
			if (out[i] < 'a' || out[i] > 'z')
				fail_msg("U+%04X folds to non-ASCII \"%s\"", (unsigned)cp, out);
		}
	}
	/* × ÷ pass through */
	assert_fold("2×3÷4", "2×3÷4");
}

static void test_validate_fold_every_cyrillic_capital(void **state)
{
	char in[8], out[8], want[8];
	(void)state;
	for (uint32_t cp = 0x0400; cp <= 0x042F; cp++) {
		encode(cp, in);
		encode(cp < 0x0410 ? cp + 0x50 : cp + 0x20, want);
		text_fold(in, out, sizeof out);
		assert_string_equal(out, want);
		/* small letters are already folded */
		text_fold(want, out, sizeof out);
		assert_string_equal(out, want);
	}
}

static void test_validate_fold_strips_combining_marks(void **state)
{
	(void)state;
	/* decomposed input (NFD, as macOS file names and some keyboards send it) */
	assert_fold("Dvor\xCC\x8C" "a\xCC\x81k", "dvorak");
	assert_fold("Mu\xCC\x88ller", "muller");
}

static void test_validate_fold_passes_others_and_drops_garbage(void **state)
{
	(void)state;
	assert_fold("東京 €5 😀", "東京 €5 😀");
	assert_fold("a\xC2\xA0" "b", "a b");               /* no-break space */
	assert_fold("a\xFF" "b\xC0\xAF" "c\xED\xA0\x80" "d", "abcd");
	assert_fold("end\xC5", "end");                       /* truncated sequence */
	assert_fold("Ελλάδα", "Ελλάδα");                     /* Greek is not folded */
}

static void test_validate_fold_output_is_valid_and_idempotent(void **state)
{
	static const char *const samples[] = {
		"Dvořák", "Łukasz", "ҐЄІЇ", "Straße", "a\377b", "東京", "Ærø",
	};
	char once[64], twice[64];
	(void)state;
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		size_t n = text_fold(samples[i], once, sizeof once);
		assert_true(validate_utf8(once, n));
		text_fold(once, twice, sizeof twice);
		assert_string_equal(once, twice);
	}
}

static void test_validate_fold_truncates_on_character_boundary(void **state)
{
	char out[16];
	(void)state;
	/* "ss" needs 2 bytes + NUL: with 6 bytes only "stra" fits */
	assert_int_equal(text_fold("Straße", out, 6), 4);
	assert_string_equal(out, "stra");
	assert_int_equal(text_fold("Straße", out, 7), 6);
	assert_string_equal(out, "strass");
	assert_int_equal(text_fold("Straße", out, 8), 7);
	assert_string_equal(out, "strasse");
	/* a 2-byte Cyrillic letter is never split */
	assert_int_equal(text_fold("Київ", out, 4), 2);
	assert_string_equal(out, "к");
	assert_int_equal(text_fold("Київ", out, 5), 4);
	assert_string_equal(out, "ки");
	/* room for the NUL only */
	assert_int_equal(text_fold("abc", out, 1), 0);
	assert_string_equal(out, "");
	/* no room at all: nothing written */
	out[0] = 'Z';
	assert_int_equal(text_fold("abc", out, 0), 0);
	assert_int_equal(out[0], 'Z');
	assert_int_equal(text_fold("abc", NULL, 10), 0);
	/* NULL input is the empty key */
	out[0] = 'Z';
	assert_int_equal(text_fold(NULL, out, sizeof out), 0);
	assert_string_equal(out, "");
}

static void test_validate_url_and_line(void **state)
{
	(void)state;
	assert_int_equal(validate_url("u", "https://pbx.example/rec/1712.55.wav", 100, NULL), LD_OK);
	assert_int_equal(validate_url("u", "HTTP://10.0.0.5:8088/r?id=1%20a", 100, NULL), LD_OK);
	assert_int_equal(validate_url("u", "ftp://pbx.example/r.wav", 100, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_url("u", "javascript:alert(1)", 100, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_url("u", "https:///r.wav", 100, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_url("u", "https://pbx.example/a b", 100, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_url("u", "https://pbx.example/\xc3\xa9", 100, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_url("u", "https://pbx.example/r\n", 100, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_url("u", "", 100, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_url("u", "https://pbx.example/long", 20, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_line("l", "1712.55", 10, true, NULL), LD_OK);
	assert_int_equal(validate_line("l", "Menü 1>3", 20, true, NULL), LD_OK);
	assert_int_equal(validate_line("l", "a\tb", 10, true, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_line("l", "a\x7f", 10, true, NULL), LD_ERR_INVALID);
	assert_int_equal(validate_line("l", NULL, 10, false, NULL), LD_OK);
	assert_int_equal(validate_line("l", NULL, 10, true, NULL), LD_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_utf8_accepts_valid_text),
		cmocka_unit_test(test_validate_utf8_rejects_overlongs),
		cmocka_unit_test(test_validate_utf8_rejects_surrogates_and_beyond),
		cmocka_unit_test(test_validate_utf8_rejects_broken_sequences),
		cmocka_unit_test(test_validate_utf8_rejects_nul_and_controls),
		cmocka_unit_test(test_validate_text_required),
		cmocka_unit_test(test_validate_text_too_long),
		cmocka_unit_test(test_validate_text_invalid_utf8),
		cmocka_unit_test(test_validate_text_null_err_and_field),
		cmocka_unit_test(test_validate_email_accepts_pragmatic_addresses),
		cmocka_unit_test(test_validate_email_rejects_bad_shapes),
		cmocka_unit_test(test_validate_email_length_limits),
		cmocka_unit_test(test_validate_phone_shapes),
		cmocka_unit_test(test_validate_language_supported_only),
		cmocka_unit_test(test_validate_iana_tz_name_shapes),
		cmocka_unit_test(test_validate_fold_names),
		cmocka_unit_test(test_validate_fold_cyrillic_lower_case_only),
		cmocka_unit_test(test_validate_fold_every_latin_letter_to_ascii),
		cmocka_unit_test(test_validate_fold_every_cyrillic_capital),
		cmocka_unit_test(test_validate_fold_strips_combining_marks),
		cmocka_unit_test(test_validate_fold_passes_others_and_drops_garbage),
		cmocka_unit_test(test_validate_fold_output_is_valid_and_idempotent),
		cmocka_unit_test(test_validate_fold_truncates_on_character_boundary),
		cmocka_unit_test(test_validate_url_and_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
