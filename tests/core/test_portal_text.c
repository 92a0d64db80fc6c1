/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of core/portal_text.c: the sign-in message in each language
 * holds the name, the link and the minutes; an unknown language is English;
 * a buffer too small is refused, never cut.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/portal_text.h"

static void test_portal_text_each_language(void **state)
{
	static const struct {
		const char *lang, *subject, *word;
	} want[] = {
		{ "en", "Your sign-in link", "minutes" },  { "cs", "Váš odkaz pro přihlášení", "minut" },
		{ "de", "Ihr Anmeldelink", "Minuten" },    { "pl", "Link do logowania", "min." },
		{ "es", "Su enlace de acceso", "minutos" }, { "uk", "Ваше посилання для входу", "хв." },
		{ "fr", "Your sign-in link", "minutes" },
	};
	char subject[128], body[2048];

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_true(portal_text_signin(want[i].lang, "Jana", "https://desk.example/portal/login?token=ab",
					       15, subject, sizeof subject, body, sizeof body));
		assert_string_equal(subject, want[i].subject);
		assert_non_null(strstr(body, "Jana"));
		assert_non_null(strstr(body, "\nhttps://desk.example/portal/login?token=ab\n"));
		assert_non_null(strstr(body, "15"));
		assert_non_null(strstr(body, want[i].word));
	}
	assert_true(portal_text_signin("cs", "", "L", 15, subject, sizeof subject, body, sizeof body));
	assert_true(strncmp(body, "Dobrý den,\n\n", 13) == 0);
	assert_false(portal_text_signin("en", "Jana", "L", 15, subject, sizeof subject, body, 40));
	assert_false(portal_text_signin("en", "Jana", "L", 15, subject, 5, body, sizeof body));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portal_text_each_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
