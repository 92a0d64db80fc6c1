/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* core/chat.c: what a message may hold, the channel a chat becomes, the
 * widget's origins, the transcript and the desk's own texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/chat.h"

static void test_text_check(void **state)
{
	char big[LD_CHAT_MESSAGE_MAX + 2];

	(void)state;
	assert_null(chat_text_check("Dobrý den", strlen("Dobrý den")));
	assert_null(chat_text_check("line\nline\ttab", 13));
	assert_string_equal(chat_text_check("", 0), "missing_field");
	assert_string_equal(chat_text_check(" \n\t ", 4), "missing_field");
	assert_string_equal(chat_text_check("a\x07" "b", 3), "invalid_utf8");
	assert_string_equal(chat_text_check("a\x7f", 2), "invalid_text");
	assert_string_equal(chat_text_check("\xc3\x28", 2), "invalid_utf8");
	memset(big, 'x', sizeof big);
	assert_null(chat_text_check(big, LD_CHAT_MESSAGE_MAX));
	assert_string_equal(chat_text_check(big, LD_CHAT_MESSAGE_MAX + 1), "too_long");
}

static void test_contact_channel(void **state)
{
	struct ld_chat c = { 0 };

	(void)state;
	assert_int_equal(chat_contact_channel(&c), LD_CH_CHAT); /* nobody answered: missed */
	c.bot_at = 100;
	assert_int_equal(chat_contact_channel(&c), LD_CH_BOT); /* the robot only */
	c.first_agent_id = 7;
	assert_int_equal(chat_contact_channel(&c), LD_CH_CHAT); /* a person took it */
}

static void test_origins(void **state)
{
	(void)state;
	assert_true(chat_origins_valid(""));
	assert_true(chat_origins_valid("https://shop.example"));
	assert_true(chat_origins_valid("https://shop.example http://127.0.0.1:8081"));
	assert_true(chat_origins_valid("https://[::1]:8443"));
	assert_false(chat_origins_valid("https://shop.example/path"));
	assert_false(chat_origins_valid("shop.example"));
	assert_false(chat_origins_valid("https://*.example"));
	assert_false(chat_origins_valid("https://a.example  https://b.example")); /* two spaces */
	assert_false(chat_origins_valid("https://a.example; script-src *"));
	assert_false(chat_origins_valid("https://"));
}

static const char *who(void *arg, const struct ld_chat_message *m)
{
	(void)arg;
	return m->author == LD_AUTHOR_VISITOR ? "Jana" : "Eva";
}

static void test_transcript(void **state)
{
	struct ld_chat_message m[3] = { 0 };
	char out[256], tiny[80];
	size_t n;

	(void)state;
	m[0].author = LD_AUTHOR_VISITOR;
	m[0].at = 1764720000 + 9 * 3600 + 5 * 60; /* 2025-12-03 09:05 UTC */
	snprintf(m[0].body, sizeof m[0].body, "Hello\r\nsecond line");
	m[1].author = LD_AUTHOR_AGENT;
	m[1].at = m[0].at + 60;
	snprintf(m[1].body, sizeof m[1].body, "Hi");
	m[2] = m[1];
	n = chat_transcript(m, 2, who, NULL, out, sizeof out);
	assert_string_equal(out, "[09:05] Jana: Hello\n        second line\n[09:06] Eva: Hi\n");
	assert_int_equal(n, strlen(out));
	/* Out of room: whole lines only, and how many were left out. */
	n = chat_transcript(m, 3, who, NULL, tiny, sizeof tiny);
	assert_non_null(strstr(tiny, "more message"));
	assert_null(strstr(tiny, "Eva"));
	assert_true(n < sizeof tiny);
}

static void test_texts(void **state)
{
	char out[256];

	(void)state;
	assert_non_null(strstr(chat_text_greeting("de"), "Nachricht"));
	assert_string_equal(chat_text_greeting("xx"), chat_text_greeting("en"));
	assert_true(chat_text_joined("pl", "Ewa", out, sizeof out));
	assert_string_equal(out, "Ewa dołącza do czatu.");
	assert_true(chat_text_closed("uk", LD_CLOSE_IDLE, 15, out, sizeof out));
	assert_non_null(strstr(out, "15"));
	assert_true(chat_text_closed("es", LD_CLOSE_AGENT, 0, out, sizeof out));
	assert_non_null(strstr(out, "agente"));
	assert_false(chat_text_joined("en", "Eva", out, 5));
	for (const char *const *l = (const char *const[]){ "cs", "de", "pl", "en", "es", "uk", NULL };
	     *l != NULL; l++)
		assert_true(chat_text_closed(*l, LD_CLOSE_VISITOR, 0, out, sizeof out) && out[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_check), cmocka_unit_test(test_contact_channel),
		cmocka_unit_test(test_origins),    cmocka_unit_test(test_transcript),
		cmocka_unit_test(test_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
