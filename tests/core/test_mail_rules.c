/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of core/mail.c (test_mail_rules): which messages a machine wrote (each rule, and
 * the values that do NOT make one), case tags, the subject a case opens
 * with, Message-ID normalisation, the language guess.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mail.h"

static const char *reason_of(struct mail_headers h)
{
	if (h.from_address == NULL)
		h.from_address = "jana@example.cz";
	return mail_machine_reason(&h);
}

static void test_mail_person_is_no_machine(void **state)
{
	(void)state;
	assert_null(reason_of((struct mail_headers){ 0 }));
	assert_null(reason_of((struct mail_headers){ .auto_submitted = "no" }));
	assert_null(reason_of((struct mail_headers){ .auto_submitted = " No ; comment" }));
	assert_null(reason_of((struct mail_headers){ .precedence = "first-class" }));
	assert_null(reason_of((struct mail_headers){ .x_autoreply = "no" }));
	assert_null(reason_of((struct mail_headers){ .x_auto_suppress = "DR-less" }));
	assert_null(reason_of((struct mail_headers){ .return_path = "<jana@example.cz>" }));
	assert_null(reason_of((struct mail_headers){ .envelope_sender = "jana@example.cz" }));
	assert_null(reason_of((struct mail_headers){ .content_type = "multipart/mixed" }));
	assert_null(reason_of((struct mail_headers){ .content_type = "multipart/report",
						     .report_type = "other" }));
	assert_null(reason_of((struct mail_headers){ .from_address = "mailer@example.cz" }));
}

static void test_mail_machine_rules(void **state)
{
	(void)state;
	assert_string_equal(reason_of((struct mail_headers){ .auto_submitted = "auto-replied" }),
			    "auto_submitted");
	assert_string_equal(reason_of((struct mail_headers){ .auto_submitted = "Auto-Generated" }),
			    "auto_submitted");
	assert_string_equal(reason_of((struct mail_headers){ .precedence = "bulk" }), "precedence");
	assert_string_equal(reason_of((struct mail_headers){ .precedence = " LIST" }), "precedence");
	assert_string_equal(reason_of((struct mail_headers){ .precedence = "junk" }), "precedence");
	assert_string_equal(reason_of((struct mail_headers){ .x_autoreply = "yes" }), "autoreply");
	assert_string_equal(reason_of((struct mail_headers){ .x_auto_suppress = "DR, OOF" }),
			    "autoreply");
	assert_string_equal(reason_of((struct mail_headers){ .x_auto_suppress = "All" }),
			    "autoreply");
	assert_string_equal(reason_of((struct mail_headers){ .list_id = "<news.example.com>" }),
			    "mailing_list");
	assert_string_equal(
		reason_of((struct mail_headers){ .list_unsubscribe = "<mailto:u@example.com>" }),
		"mailing_list");
	assert_string_equal(reason_of((struct mail_headers){ .content_type = "multipart/report",
							     .report_type = "delivery-status" }),
			    "bounce");
	assert_string_equal(
		reason_of((struct mail_headers){ .content_type = "multipart/report",
						 .report_type = "disposition-notification" }),
		"bounce");
	assert_string_equal(reason_of((struct mail_headers){ .from_address =
								     "MAILER-DAEMON@mx.example.com" }),
			    "bounce");
	assert_string_equal(reason_of((struct mail_headers){ .from_address = "postmaster@x.cz" }),
			    "bounce");
	assert_string_equal(reason_of((struct mail_headers){ .envelope_sender = "<>" }),
			    "null_sender");
	assert_string_equal(reason_of((struct mail_headers){ .envelope_sender = "" }),
			    "null_sender");
	assert_string_equal(reason_of((struct mail_headers){ .return_path = " <> " }),
			    "null_sender");
}

static void test_mail_case_tag(void **state)
{
	(void)state;
	assert_int_equal(mail_subject_case_tag("Re: [#123] Reklamace"), 123);
	assert_int_equal(mail_subject_case_tag("Reklamace [#7]"), 7);
	assert_int_equal(mail_subject_case_tag("[#] [#x] [#12"), 0);
	assert_int_equal(mail_subject_case_tag("[#0]"), 0);
	assert_int_equal(mail_subject_case_tag("[#5a] then [#6]"), 6);
	assert_int_equal(mail_subject_case_tag("[#99999999999999999999999]"), 0);
	assert_int_equal(mail_subject_case_tag(NULL), 0);
	assert_int_equal(mail_subject_case_tag(""), 0);
}

static void clean_is(const char *in, const char *want)
{
	char out[64];

	mail_subject_clean(in, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_mail_subject_clean(void **state)
{
	(void)state;
	clean_is("Re: Fwd: AW: Reklamace", "Reklamace");
	clean_is("RE[2]: Re^3: WG: Rechnung", "Rechnung");
	clean_is("Odp: PD: Faktura", "Faktura");
	clean_is("Відп: Рахунок", "Рахунок");
	clean_is("Re: [#12] Re: Lieferung  \t verspätet", "Lieferung verspätet");
	clean_is("Reply needed: refund", "Reply needed: refund");
	clean_is("  Re:   ", "");
	clean_is(NULL, "");
	/* cut on a character boundary: 62 ASCII + "č" (2 bytes) does not fit in 64 */
	char in[80], out[64];
	memset(in, 'a', 62);
	strcpy(in + 62, "čč");
	assert_int_equal(mail_subject_clean(in, out, sizeof out), 62);
	assert_int_equal(strlen(out), 62);
}

static void test_mail_id_normalise(void **state)
{
	char out[MAIL_ID_MAX + 1], longid[MAIL_ID_MAX + 10];

	(void)state;
	assert_true(mail_id_normalise(" <abc@example.cz> ", out));
	assert_string_equal(out, "abc@example.cz");
	assert_true(mail_id_normalise("abc@example.cz", out));
	assert_string_equal(out, "abc@example.cz");
	assert_false(mail_id_normalise("<>", out));
	assert_false(mail_id_normalise("<a b@c>", out));
	assert_false(mail_id_normalise(NULL, out));
	memset(longid, 'x', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	assert_false(mail_id_normalise(longid, out));
}

static void test_mail_guess_language(void **state)
{
	(void)state;
	assert_string_equal(mail_guess_language("de-AT, en", "a@example.cz"), "de");
	assert_string_equal(mail_guess_language("fr, pl", "a@example.com"), "pl");
	assert_string_equal(mail_guess_language(NULL, "a@firma.CZ"), "cs");
	assert_string_equal(mail_guess_language(NULL, "a@example.ua"), "uk");
	assert_string_equal(mail_guess_language(NULL, "a@example.at"), "de");
	assert_string_equal(mail_guess_language("fr", "a@example.fr"), "en");
	assert_string_equal(mail_guess_language(NULL, "no-at-sign.cz"), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mail_person_is_no_machine),
		cmocka_unit_test(test_mail_machine_rules),
		cmocka_unit_test(test_mail_case_tag),
		cmocka_unit_test(test_mail_subject_clean),
		cmocka_unit_test(test_mail_id_normalise),
		cmocka_unit_test(test_mail_guess_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
