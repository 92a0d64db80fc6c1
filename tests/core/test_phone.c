/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of core/phone.c: the ways a number is written that must meet in
 * one E.164 form, the national reading per country, and what is not a
 * number (withheld, an extension, junk).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/phone.h"

static void expect_number(const char *raw, const char *cc, const char *want)
{
	char out[PHONE_E164_MAX + 1];

	if (phone_e164(raw, cc, out) != PHONE_NUMBER)
		fail_msg("\"%s\" (cc %s) is not read as a number", raw, cc != NULL ? cc : "none");
	assert_string_equal(out, want);
}

static void expect_kind(const char *raw, const char *cc, enum phone_kind want)
{
	char out[PHONE_E164_MAX + 1];
	enum phone_kind got = phone_e164(raw, cc, out);

	if (got != want)
		fail_msg("\"%s\": kind %d, expected %d", raw, (int)got, (int)want);
	assert_string_equal(out, "");
}

static void test_phone_international_forms_meet(void **state)
{
	(void)state;
	expect_number("+420 603 123 456", NULL, "+420603123456");
	expect_number("+420603123456", "49", "+420603123456");
	expect_number("00420 603-123-456", NULL, "+420603123456");
	expect_number("  +420 (603) 123.456 ", NULL, "+420603123456");
	expect_number("tel:+420-603-123-456", NULL, "+420603123456");
	expect_number("sip:+420603123456@pbx.example;user=phone", NULL, "+420603123456");
	expect_number("SIPS:00420603123456@10.0.0.1", NULL, "+420603123456");
	expect_number("+1 (212) 555-0142", NULL, "+12125550142");
	expect_number("+683 4002", NULL, "+6834002"); /* Niue: 7 digits in all */
}

static void test_phone_national_read_in_the_desks_country(void **state)
{
	(void)state;
	expect_number("603 123 456", "420", "+420603123456");
	expect_number("0 30 1234567", "49", "+49301234567");     /* trunk 0 dropped */
	expect_number("030/1234567", "49", "+49301234567");
	expect_number("22 123 45 67", "48", "+48221234567");
	expect_number("044 123 4567", "380", "+380441234567");
	expect_number("912 345 678", "34", "+34912345678");
	expect_number("020 7946 0958", "44", "+442079460958");
	expect_number("06 6982 1234", "39", "+390669821234");    /* Italy keeps its 0 */
	/* A national number without a country to read it in. */
	expect_kind("603 123 456", NULL, PHONE_NATIONAL);
	expect_kind("603 123 456", "", PHONE_NATIONAL);
	expect_kind("603 123 456", "0420", PHONE_NATIONAL);
}

static void test_phone_withheld_and_internal(void **state)
{
	(void)state;
	expect_kind(NULL, "420", PHONE_WITHHELD);
	expect_kind("", "420", PHONE_WITHHELD);
	expect_kind("   ", "420", PHONE_WITHHELD);
	expect_kind("anonymous", "420", PHONE_WITHHELD);
	expect_kind("Anonymous", "420", PHONE_WITHHELD);
	expect_kind("sip:anonymous@anonymous.invalid", "420", PHONE_WITHHELD);
	expect_kind("RESTRICTED", "420", PHONE_WITHHELD);
	expect_kind("201", "420", PHONE_INTERNAL);   /* an extension */
	expect_kind("112", "420", PHONE_INTERNAL);   /* an emergency service */
	expect_kind("sip:4711@pbx", "49", PHONE_INTERNAL);
}

static void test_phone_junk_is_no_number(void **state)
{
	(void)state;
	expect_kind("Jana Nováková", "420", PHONE_INVALID);
	expect_kind("603 123 456 ext 12", "420", PHONE_INVALID);
	expect_kind("+", "420", PHONE_INVALID);
	expect_kind("++420603123456", "420", PHONE_INVALID);
	expect_kind("603+123456", "420", PHONE_INVALID);
	expect_kind("+0420603123456", NULL, PHONE_INVALID);   /* no country code starts 0 */
	expect_kind("+420 6031 2345 67890", NULL, PHONE_INVALID); /* 16 digits */
	expect_kind("+42 0123", NULL, PHONE_INVALID);          /* too short */
	expect_kind("1234567890123456789012345", "420", PHONE_INVALID);
	expect_kind("0000000", "49", PHONE_INVALID);
	expect_kind("603\n123456", "420", PHONE_INVALID);
	expect_kind("603\x01" "123456", "420", PHONE_INVALID);
}

static void test_phone_country_code_rule(void **state)
{
	(void)state;
	assert_true(phone_country_code_valid("1"));
	assert_true(phone_country_code_valid("420"));
	assert_false(phone_country_code_valid(NULL));
	assert_false(phone_country_code_valid(""));
	assert_false(phone_country_code_valid("+420"));
	assert_false(phone_country_code_valid("0420"));
	assert_false(phone_country_code_valid("4200"));
	assert_false(phone_country_code_valid("42a"));
}

static void test_phone_language_by_numbering_plan(void **state)
{
	(void)state;
	assert_string_equal(phone_language("+420603123456"), "cs");
	assert_string_equal(phone_language("+421903123456"), "cs");
	assert_string_equal(phone_language("+49301234567"), "de");
	assert_string_equal(phone_language("+43123456789"), "de");
	assert_string_equal(phone_language("+48221234567"), "pl");
	assert_string_equal(phone_language("+380441234567"), "uk");
	assert_string_equal(phone_language("+34912345678"), "es");
	assert_string_equal(phone_language("+442079460958"), "en");
	assert_string_equal(phone_language("+4"), "en");
	assert_string_equal(phone_language(""), "en");
	assert_string_equal(phone_language(NULL), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_international_forms_meet),
		cmocka_unit_test(test_phone_national_read_in_the_desks_country),
		cmocka_unit_test(test_phone_withheld_and_internal),
		cmocka_unit_test(test_phone_junk_is_no_number),
		cmocka_unit_test(test_phone_country_code_rule),
		cmocka_unit_test(test_phone_language_by_numbering_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
