/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of core/survey_text.c: every form of every kind in every language is
 * complete, on the right scale and in the right script; language tags
 * normalise and fall back to English; languages do not share sentences; the
 * invitation carries the name, the case, the link on its own line and the
 * expiry, fits the documented buffer bound, and fails loudly — with empty
 * buffers — when a buffer is short or an argument is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/model.h"
#include "core/survey_metrics.h"
#include "core/survey_text.h"
#include "core/validate.h"

static const char *const LANGS[] = { "cs", "de", "pl", "en", "es", "uk" };
#define N_LANGS (sizeof LANGS / sizeof LANGS[0])

#define BODY_MAX 4096

/* A customer-facing sentence: present, valid UTF-8, one line, no format placeholder. */
static void assert_text(const char *s)
{
	assert_non_null(s);
	assert_true(s[0] != '\0');
	assert_true(validate_utf8(s, strlen(s)));
	assert_null(strchr(s, '\n'));
	assert_null(strchr(s, '%'));
}

/* Every customer-facing string of a form, in a fixed order, for comparisons. */
static size_t form_strings(const struct survey_form *f, const char **out)
{
	size_t n = 0;
	out[n++] = f->title;
	out[n++] = f->intro;
	out[n++] = f->comment_prompt;
	out[n++] = f->thanks;
	out[n++] = f->submit;
	out[n++] = f->check_answers;
	for (int i = 0; i < f->n_items; i++) {
		out[n++] = f->items[i].text;
		out[n++] = f->items[i].min_label;
		out[n++] = f->items[i].max_label;
		if (f->items[i].expected_text != NULL)
			out[n++] = f->items[i].expected_text;
	}
	return n;
}

/* form_strings(): six strings of the form, four per item. */
#define FORM_STRINGS_MAX (6 + 4 * SURVEY_TEXT_ITEMS_MAX)

/* A Cyrillic letter U+0400…U+04FF: lead byte D0…D3 and a continuation byte. */
static bool has_cyrillic(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0xD0 && *p <= 0xD3 && (p[1] & 0xC0) == 0x80)
			return true;
	}
	return false;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_ascii_letter(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return true;
	}
	return false;
}

/* Whether s contains any of the UTF-8 characters listed in `chars` (each 2 bytes). */
static bool has_any(const char *s, const char *const *chars, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strstr(s, chars[i]) != NULL)
			return true;
	}
	return false;
}

static const char *const CZECH_LETTERS[] = { "á", "č", "ď", "é", "ě", "í", "ň", "ó", "ř",
					     "š", "ť", "ú", "ů", "ý", "ž" };

/* ---- forms ---- */

static void test_survey_text_forms_complete(void **state)
{
	(void)state;
	for (int kind = 0; kind < LD_SURVEY_KIND_COUNT; kind++) {
		for (size_t l = 0; l < N_LANGS; l++) {
			struct survey_form f;
			struct ld_err err;
			memset(&f, 0xAB, sizeof f);
			assert_int_equal(survey_text_form(kind, LANGS[l], &f, &err), LD_OK);
			assert_string_equal(f.language, LANGS[l]);
			assert_text(f.title);
			assert_text(f.intro);
			assert_text(f.comment_prompt);
			assert_text(f.thanks);
			assert_text(f.submit);
			assert_text(f.check_answers);

			int want_n = kind == LD_SURVEY_SERVQUAL ? SURVEY_SQ_DIM_COUNT : 1;
			int want_min = kind == LD_SURVEY_NPS ? 0 : 1;
			int want_max = kind == LD_SURVEY_CSAT ? 5 : kind == LD_SURVEY_NPS ? 10 : 7;
			assert_int_equal(f.n_items, want_n);
			for (int i = 0; i < f.n_items; i++) {
				const struct survey_item *it = &f.items[i];
				assert_int_equal(it->min, want_min);
				assert_int_equal(it->max, want_max);
				assert_text(it->text);
				assert_text(it->min_label);
				assert_text(it->max_label);
				assert_string_not_equal(it->min_label, it->max_label);
				if (kind == LD_SURVEY_SERVQUAL) {
					/* Dimension order of enum survey_servqual_dim. */
					assert_string_equal(it->id, survey_servqual_dim_name(i));
					assert_text(it->expected_text);
					assert_string_not_equal(it->expected_text, it->text);
				} else {
					assert_string_equal(it->id, "score");
					assert_null(it->expected_text);
				}
			}
			/* Unused item slots are zeroed, not left as garbage. */
			for (int i = f.n_items; i < SURVEY_TEXT_ITEMS_MAX; i++) {
				assert_null(f.items[i].id);
				assert_null(f.items[i].text);
				assert_int_equal(f.items[i].max, 0);
			}
		}
	}
}

static void test_survey_text_servqual_order(void **state)
{
	(void)state;
	struct survey_form f;
	assert_int_equal(survey_text_form(LD_SURVEY_SERVQUAL, "en", &f, NULL), LD_OK);
	assert_string_equal(f.items[0].id, "tangibles");
	assert_string_equal(f.items[1].id, "reliability");
	assert_string_equal(f.items[2].id, "responsiveness");
	assert_string_equal(f.items[3].id, "assurance");
	assert_string_equal(f.items[4].id, "empathy");
	/* The statements belong to their dimension: reliability is about promises kept. */
	assert_non_null(strstr(f.items[1].expected_text, "promises"));
	assert_non_null(strstr(f.items[1].text, "promise"));
	assert_true(starts_with(f.items[4].expected_text, "An excellent company"));
}

static void test_survey_text_canonical_wording(void **state)
{
	(void)state;
	struct survey_form f;
	/* The literature's questions (METRICS.md), word for word in the source language. */
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, "en", &f, NULL), LD_OK);
	assert_string_equal(f.items[0].text, "How likely is it that you would recommend our "
					     "company to a friend or colleague?");
	assert_string_equal(f.items[0].min_label, "Not at all likely");
	assert_int_equal(survey_text_form(LD_SURVEY_CES, "en", &f, NULL), LD_OK);
	assert_string_equal(f.items[0].text, "The company made it easy for me to handle my issue.");
	assert_string_equal(f.items[0].min_label, "Strongly disagree");
	assert_int_equal(survey_text_form(LD_SURVEY_CSAT, "en", &f, NULL), LD_OK);
	assert_non_null(strstr(f.items[0].text, "How satisfied"));
	assert_string_equal(f.items[0].max_label, "Very satisfied");
}

static void test_survey_text_language_normalisation(void **state)
{
	(void)state;
	assert_string_equal(survey_text_language("de-AT"), "de");
	assert_string_equal(survey_text_language("uk_UA"), "uk");
	assert_string_equal(survey_text_language("UK"), "uk");
	assert_string_equal(survey_text_language("Cs"), "cs");
	assert_string_equal(survey_text_language("es-419"), "es");
	assert_string_equal(survey_text_language("PL_pl"), "pl");
	assert_string_equal(survey_text_language("fr"), "en");
	assert_string_equal(survey_text_language("fr-CA"), "en");
	assert_string_equal(survey_text_language(NULL), "en");
	assert_string_equal(survey_text_language(""), "en");
	assert_string_equal(survey_text_language("d"), "en");
	/* Only two-letter tags: "deu" or "english" are not guessed at. */
	assert_string_equal(survey_text_language("deu"), "en");
	assert_string_equal(survey_text_language("espanol"), "en");

	/* Exactly the languages validate_language() accepts are served as themselves. */
	for (size_t l = 0; l < N_LANGS; l++) {
		assert_int_equal(validate_language("language", LANGS[l], NULL), LD_OK);
		assert_string_equal(survey_text_language(LANGS[l]), LANGS[l]);
	}

	/* The form follows the normalised language and reports it. */
	struct survey_form at, de, fr, en;
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, "de-AT", &at, NULL), LD_OK);
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, "de", &de, NULL), LD_OK);
	assert_string_equal(at.language, "de");
	assert_string_equal(at.items[0].text, de.items[0].text);
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, "fr", &fr, NULL), LD_OK);
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, NULL, &en, NULL), LD_OK);
	assert_string_equal(fr.language, "en");
	assert_string_equal(en.language, "en");
	assert_string_equal(fr.items[0].text, en.items[0].text);
}

static void test_survey_text_languages_differ(void **state)
{
	(void)state;
	struct survey_form cs, en;
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, "cs", &cs, NULL), LD_OK);
	assert_int_equal(survey_text_form(LD_SURVEY_NPS, "en", &en, NULL), LD_OK);
	assert_string_not_equal(cs.items[0].text, en.items[0].text);

	/* No sentence or label is shared between two languages (nothing left untranslated). */
	for (int kind = 0; kind < LD_SURVEY_KIND_COUNT; kind++) {
		for (size_t a = 0; a < N_LANGS; a++) {
			for (size_t b = a + 1; b < N_LANGS; b++) {
				struct survey_form fa, fb;
				const char *sa[FORM_STRINGS_MAX], *sb[FORM_STRINGS_MAX];
				assert_int_equal(survey_text_form(kind, LANGS[a], &fa, NULL),
						 LD_OK);
				assert_int_equal(survey_text_form(kind, LANGS[b], &fb, NULL),
						 LD_OK);
				size_t na = form_strings(&fa, sa);
				size_t nb = form_strings(&fb, sb);
				assert_int_equal(na, nb);
				for (size_t i = 0; i < na; i++)
					assert_string_not_equal(sa[i], sb[i]);
			}
		}
	}
}

static void test_survey_text_scripts(void **state)
{
	(void)state;
	static const char *const POLISH[] = { "ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż" };
	static const char *const GERMAN[] = { "ä", "ö", "ü", "ß", "Ä", "Ö", "Ü" };

	for (int kind = 0; kind < LD_SURVEY_KIND_COUNT; kind++) {
		struct survey_form f;
		const char *s[FORM_STRINGS_MAX];
		size_t n;

		/* Every Czech question or statement carries a Czech diacritic. */
		assert_int_equal(survey_text_form(kind, "cs", &f, NULL), LD_OK);
		for (int i = 0; i < f.n_items; i++) {
			assert_true(has_any(f.items[i].text, CZECH_LETTERS, 15));
			if (f.items[i].expected_text != NULL)
				assert_true(has_any(f.items[i].expected_text, CZECH_LETTERS, 15));
		}

		/* Ukrainian is all Cyrillic: every string has Cyrillic and no Latin letter. */
		assert_int_equal(survey_text_form(kind, "uk", &f, NULL), LD_OK);
		n = form_strings(&f, s);
		for (size_t i = 0; i < n; i++) {
			assert_true(has_cyrillic(s[i]));
			assert_false(has_ascii_letter(s[i]));
		}

		/* Polish and German forms use their letters; Spanish questions open with ¿
		 * (CES and SERVQUAL ask for agreement with statements, not questions). */
		bool found = false;
		assert_int_equal(survey_text_form(kind, "pl", &f, NULL), LD_OK);
		n = form_strings(&f, s);
		for (size_t i = 0; i < n; i++)
			found = found || has_any(s[i], POLISH, sizeof POLISH / sizeof POLISH[0]);
		assert_true(found);
		found = false;
		assert_int_equal(survey_text_form(kind, "de", &f, NULL), LD_OK);
		n = form_strings(&f, s);
		for (size_t i = 0; i < n; i++)
			found = found || has_any(s[i], GERMAN, sizeof GERMAN / sizeof GERMAN[0]);
		assert_true(found);
		if (kind == LD_SURVEY_CSAT || kind == LD_SURVEY_NPS) {
			assert_int_equal(survey_text_form(kind, "es", &f, NULL), LD_OK);
			assert_true(starts_with(f.items[0].text, "¿"));
			assert_non_null(strchr(f.items[0].text, '?'));
		}
	}
}

static void test_survey_text_form_errors(void **state)
{
	(void)state;
	struct survey_form f;
	struct ld_err err;

	memset(&f, 0xAB, sizeof f);
	assert_int_equal(survey_text_form(LD_SURVEY_KIND_COUNT, "en", &f, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_kind");
	assert_string_equal(err.field, "kind");
	assert_null(f.language);
	assert_int_equal(f.n_items, 0);
	assert_int_equal(survey_text_form(-1, "en", &f, NULL), LD_ERR_INVALID);
	assert_int_equal(survey_text_form(LD_SURVEY_CSAT, "en", NULL, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_argument");
}

/* ---- invitation ---- */

#define LINK "https://desk.example.com/s/Zm9vYmFyYmF6cXV4MTIzNDU2"
#define EXPIRES "2026-05-31"

static ld_status invite(int kind, const char *lang, const char *name, const char *case_subject,
			char *subject, char *body, struct ld_err *err)
{
	return survey_text_invitation(kind, lang, name, case_subject, LINK, EXPIRES, subject,
				      SURVEY_TEXT_SUBJECT_SIZE, body, BODY_MAX, err);
}

static void test_survey_text_invitation_contents(void **state)
{
	(void)state;
	char subject[SURVEY_TEXT_SUBJECT_SIZE], body[BODY_MAX];
	struct survey_form f;
	struct ld_err err;

	assert_int_equal(invite(LD_SURVEY_CSAT, "en", "Jana Nováková", "Invoice does not match",
				subject, body, &err), LD_OK);
	assert_int_equal(survey_text_form(LD_SURVEY_CSAT, "en", &f, NULL), LD_OK);
	assert_string_equal(subject, f.title);
	assert_true(starts_with(body, "Dear Jana Nováková,\n\n"));
	assert_non_null(strstr(body, "your request \u201cInvoice does not match\u201d."));
	assert_non_null(strstr(body, "\n" LINK "\n"));
	assert_non_null(strstr(body, "valid until " EXPIRES "."));
	assert_non_null(strstr(body, "one question"));
	assert_true(validate_utf8(body, strlen(body)));
	assert_int_equal(body[strlen(body) - 1], '\n');

	/* Each language quotes the case in its own marks and greets in its own words. */
	static const struct {
		const char *lang, *greeting, *quoted;
	} cases[] = {
		{ "cs", "Dobrý den, Jana Nováková,\n\nrádi", "\u201eFaktura nesedí\u201c" },
		{ "de", "Guten Tag Jana Nováková,\n\nwir", "\u201eFaktura nesedí\u201c" },
		{ "pl", "Dzień dobry, Jana Nováková,\n\nUprzejmie", "\u201eFaktura nesedí\u201d" },
		{ "en", "Dear Jana Nováková,\n\nWe", "\u201cFaktura nesedí\u201d" },
		{ "es", "Buenos días, Jana Nováková:\n\nNos", "\u00abFaktura nesedí\u00bb" },
		{ "uk", "Добрий день, Jana Nováková!\n\nБудемо", "\u00abFaktura nesedí\u00bb" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int kind = 0; kind < LD_SURVEY_KIND_COUNT; kind++) {
			assert_int_equal(invite(kind, cases[i].lang, "Jana Nováková",
						"Faktura nesedí", subject, body, NULL), LD_OK);
			assert_int_equal(survey_text_form(kind, cases[i].lang, &f, NULL), LD_OK);
			assert_string_equal(subject, f.title);
			assert_true(starts_with(body, cases[i].greeting));
			assert_non_null(strstr(body, cases[i].quoted));
			assert_non_null(strstr(body, "\n" LINK "\n"));
			assert_non_null(strstr(body, EXPIRES));
			assert_true(validate_utf8(body, strlen(body)));
			assert_null(strchr(body, '%'));
		}
	}
	assert_int_equal(invite(LD_SURVEY_NPS, "cs", "Jana", NULL, subject, body, NULL), LD_OK);
	assert_true(has_any(body, CZECH_LETTERS, 15));
	assert_int_equal(invite(LD_SURVEY_NPS, "uk", "Олена", NULL, subject, body, NULL), LD_OK);
	assert_true(has_cyrillic(subject));
	assert_non_null(strstr(body, "Добрий день, Олена!"));
}

static void test_survey_text_invitation_optional_parts(void **state)
{
	(void)state;
	char subject[SURVEY_TEXT_SUBJECT_SIZE], body[BODY_MAX], servqual[BODY_MAX];
	static const char *const NO_NAME[] = { NULL, "", "  \t" };

	for (size_t i = 0; i < sizeof NO_NAME / sizeof NO_NAME[0]; i++) {
		assert_int_equal(invite(LD_SURVEY_CSAT, "en", NO_NAME[i], NO_NAME[i], subject, body,
					NULL), LD_OK);
		assert_true(starts_with(body, "Dear customer,\n\n"));
		/* Without a case the request is general: no quotation marks, no empty “”. */
		assert_null(strstr(body, "\u201c"));
		assert_non_null(strstr(body, "feedback on our service."));
		assert_non_null(strstr(body, "\n" LINK "\n"));
	}
	assert_int_equal(invite(LD_SURVEY_CES, "pl", NULL, NULL, subject, body, NULL), LD_OK);
	assert_true(starts_with(body, "Szanowni Państwo,\n\n"));

	/* SERVQUAL announces ten statements, the one-question kinds a single question. */
	assert_int_equal(invite(LD_SURVEY_SERVQUAL, "en", "Ann", NULL, subject, servqual, NULL),
			 LD_OK);
	assert_int_equal(invite(LD_SURVEY_NPS, "en", "Ann", NULL, subject, body, NULL), LD_OK);
	assert_non_null(strstr(servqual, "ten short statements"));
	assert_null(strstr(body, "ten short statements"));
	assert_string_not_equal(servqual, body);
}

static void test_survey_text_invitation_flattens_lines(void **state)
{
	(void)state;
	char subject[SURVEY_TEXT_SUBJECT_SIZE], body[BODY_MAX];

	/* A line break in a name or subject cannot start a line of its own. */
	assert_int_equal(invite(LD_SURVEY_CSAT, "en", "Ann\nhttps://evil.example",
				"Refund\r\nplease\tnow", subject, body, NULL), LD_OK);
	assert_true(starts_with(body, "Dear Ann https://evil.example,\n"));
	assert_null(strstr(body, "\nhttps://evil"));
	assert_non_null(strstr(body, "\u201cRefund  please now\u201d"));
	assert_null(strchr(body, '\r'));
	assert_null(strchr(body, '\t'));
}

static void test_survey_text_invitation_bounds(void **state)
{
	(void)state;
	char subject[SURVEY_TEXT_SUBJECT_SIZE], body[BODY_MAX];
	/* The longest caller strings the model allows: a 200-byte name, a 300-byte subject. */
	char name[LD_NAME_MAX + 1], case_subject[LD_SUBJECT_MAX + 1];
	memset(name, 'N', LD_NAME_MAX);
	name[LD_NAME_MAX] = '\0';
	memset(case_subject, 'S', LD_SUBJECT_MAX);
	case_subject[LD_SUBJECT_MAX] = '\0';
	size_t callers = strlen(name) + strlen(case_subject) + strlen(LINK) + strlen(EXPIRES);

	for (int kind = 0; kind < LD_SURVEY_KIND_COUNT; kind++) {
		for (size_t l = 0; l < N_LANGS; l++) {
			assert_int_equal(invite(kind, LANGS[l], name, case_subject, subject, body,
						NULL), LD_OK);
			assert_true(strlen(subject) < SURVEY_TEXT_SUBJECT_SIZE);
			/* The fixed part stays within the documented bound… */
			assert_true(strlen(body) + 1 - callers <= SURVEY_TEXT_BODY_FIXED_SIZE);
			/* …so a buffer sized by the header's formula always works. */
			char sized[BODY_MAX];
			size_t sized_len = SURVEY_TEXT_BODY_FIXED_SIZE + callers;
			assert_true(sized_len <= sizeof sized);
			assert_int_equal(survey_text_invitation(kind, LANGS[l], name, case_subject,
								LINK, EXPIRES, subject,
								sizeof subject, sized, sized_len,
								NULL), LD_OK);
			assert_string_equal(sized, body);
		}
	}
}

#define NAME_DE "Jürgen Weiß"
#define CASE_DE "Rückerstattung"

static void test_survey_text_invitation_too_small(void **state)
{
	(void)state;
	char subject[SURVEY_TEXT_SUBJECT_SIZE], body[BODY_MAX];
	struct ld_err err;

	assert_int_equal(invite(LD_SURVEY_NPS, "de", NAME_DE, CASE_DE, subject, body, NULL), LD_OK);
	size_t body_need = strlen(body) + 1, subject_need = strlen(subject) + 1;

	/* Exactly enough room works… */
	memset(body, 'x', sizeof body);
	assert_int_equal(survey_text_invitation(LD_SURVEY_NPS, "de", NAME_DE, CASE_DE, LINK,
						EXPIRES, subject, subject_need, body,
						body_need, NULL), LD_OK);
	assert_int_equal(strlen(body), body_need - 1);

	/* …one byte less is an error, never a truncated text: both buffers come back empty. */
	memset(subject, 'x', sizeof subject);
	memset(body, 'x', sizeof body);
	assert_int_equal(survey_text_invitation(LD_SURVEY_NPS, "de", NAME_DE, CASE_DE, LINK,
						EXPIRES, subject, sizeof subject, body,
						body_need - 1, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "too_long");
	assert_string_equal(err.field, "body");
	assert_string_equal(subject, "");
	assert_string_equal(body, "");
	/* The message tells the caller how much room the text needs. */
	char need_text[64];
	snprintf(need_text, sizeof need_text, "needs %zu bytes", body_need);
	assert_non_null(strstr(err.message, need_text));

	memset(subject, 'x', sizeof subject);
	memset(body, 'x', sizeof body);
	assert_int_equal(survey_text_invitation(LD_SURVEY_NPS, "de", NAME_DE, CASE_DE, LINK,
						EXPIRES, subject, subject_need - 1, body,
						sizeof body, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "too_long");
	assert_string_equal(err.field, "subject");
	assert_string_equal(subject, "");
	assert_string_equal(body, "");

	/* A one-byte buffer holds only the NUL: still an error, still "". */
	assert_int_equal(survey_text_invitation(LD_SURVEY_NPS, "de", NULL, NULL, LINK, EXPIRES,
						subject, sizeof subject, body, 1, NULL),
			 LD_ERR_INVALID);
	assert_string_equal(body, "");
	assert_string_equal(subject, "");
}

static void test_survey_text_invitation_errors(void **state)
{
	(void)state;
	char subject[SURVEY_TEXT_SUBJECT_SIZE], body[BODY_MAX];
	struct ld_err err;

	static const struct {
		int kind;
		const char *name, *link, *expires, *code, *field;
	} bad[] = {
		{ LD_SURVEY_KIND_COUNT, "Ann", LINK, EXPIRES, "invalid_kind", "kind" },
		{ -1, "Ann", LINK, EXPIRES, "invalid_kind", "kind" },
		{ LD_SURVEY_CSAT, "Ann\xC3", LINK, EXPIRES, "invalid_utf8", "name" },
		{ LD_SURVEY_CSAT, "Ann", NULL, EXPIRES, "invalid_link", "link" },
		{ LD_SURVEY_CSAT, "Ann", "", EXPIRES, "invalid_link", "link" },
		{ LD_SURVEY_CSAT, "Ann", "https://x.example/a b", EXPIRES, "invalid_link", "link" },
		{ LD_SURVEY_CSAT, "Ann", "https://x.example/a\n", EXPIRES, "invalid_link", "link" },
		{ LD_SURVEY_CSAT, "Ann", "https://x.example/\xE2\x82", EXPIRES, "invalid_link",
		  "link" },
		{ LD_SURVEY_CSAT, "Ann", LINK, NULL, "invalid_date", "expires_on" },
		{ LD_SURVEY_CSAT, "Ann", LINK, "", "invalid_date", "expires_on" },
		{ LD_SURVEY_CSAT, "Ann", LINK, "31.05.2026", "invalid_date", "expires_on" },
		{ LD_SURVEY_CSAT, "Ann", LINK, "2026-5-31", "invalid_date", "expires_on" },
		{ LD_SURVEY_CSAT, "Ann", LINK, "2026-13-01", "invalid_date", "expires_on" },
		{ LD_SURVEY_CSAT, "Ann", LINK, "2026-04-31", "invalid_date", "expires_on" },
		{ LD_SURVEY_CSAT, "Ann", LINK, "2026-02-29", "invalid_date", "expires_on" },
		{ LD_SURVEY_CSAT, "Ann", LINK, "1900-02-29", "invalid_date", "expires_on" },
		{ LD_SURVEY_CSAT, "Ann", LINK, "2026-05-31\n", "invalid_date", "expires_on" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(subject, 'x', sizeof subject);
		memset(body, 'x', sizeof body);
		ld_err_clear(&err);
		assert_int_equal(survey_text_invitation(bad[i].kind, "en", bad[i].name, NULL,
							bad[i].link, bad[i].expires, subject,
							sizeof subject, body, sizeof body, &err),
				 LD_ERR_INVALID);
		assert_string_equal(err.code, bad[i].code);
		assert_string_equal(err.field, bad[i].field);
		assert_string_equal(subject, "");
		assert_string_equal(body, "");
	}

	/* The case subject is checked like the name. */
	assert_int_equal(survey_text_invitation(LD_SURVEY_CSAT, "en", "Ann", "\xC0\xAF", LINK,
						EXPIRES, subject, sizeof subject, body,
						sizeof body, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_utf8");
	assert_string_equal(err.field, "case_subject");

	/* Leap days that exist are fine. */
	assert_int_equal(survey_text_invitation(LD_SURVEY_CSAT, "en", "Ann", NULL, LINK,
						"2028-02-29", subject, sizeof subject, body,
						sizeof body, NULL), LD_OK);
	assert_int_equal(survey_text_invitation(LD_SURVEY_CSAT, "en", "Ann", NULL, LINK,
						"2000-02-29", subject, sizeof subject, body,
						sizeof body, NULL), LD_OK);

	/* Missing buffers: an error, and the buffer that exists is emptied. */
	memset(body, 'x', sizeof body);
	assert_int_equal(survey_text_invitation(LD_SURVEY_CSAT, "en", "Ann", NULL, LINK, EXPIRES,
						NULL, 0, body, sizeof body, &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_argument");
	assert_string_equal(body, "");
	memset(subject, 'x', sizeof subject);
	assert_int_equal(survey_text_invitation(LD_SURVEY_CSAT, "en", "Ann", NULL, LINK, EXPIRES,
						subject, sizeof subject, body, 0, NULL),
			 LD_ERR_INVALID);
	assert_string_equal(subject, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_survey_text_forms_complete),
		cmocka_unit_test(test_survey_text_servqual_order),
		cmocka_unit_test(test_survey_text_canonical_wording),
		cmocka_unit_test(test_survey_text_language_normalisation),
		cmocka_unit_test(test_survey_text_languages_differ),
		cmocka_unit_test(test_survey_text_scripts),
		cmocka_unit_test(test_survey_text_form_errors),
		cmocka_unit_test(test_survey_text_invitation_contents),
		cmocka_unit_test(test_survey_text_invitation_optional_parts),
		cmocka_unit_test(test_survey_text_invitation_flattens_lines),
		cmocka_unit_test(test_survey_text_invitation_bounds),
		cmocka_unit_test(test_survey_text_invitation_too_small),
		cmocka_unit_test(test_survey_text_invitation_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
