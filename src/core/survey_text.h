/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The customer-facing words of the surveys: the question forms of CSAT, NPS,
 * CES 2.0 and SERVQUAL, and the invitation message that carries a survey
 * link, in the six languages of the desk (cs, de, pl, en, es, uk).
 *
 * Owns: every survey sentence a customer reads, the choice of language for a
 * requested tag, the scale of each kind (CSAT 1…5, NPS 0…10, CES 1…7,
 * SERVQUAL 1…7 per statement, as core/survey_metrics.h scores them) and the
 * layout of the invitation. Must not do I/O, allocate or keep state: texts
 * are static UTF-8 literals, and the invitation is written into caller
 * buffers. It does not send, store or schedule anything (app/ and the outbox
 * do), and it does not know the company's name: texts say "we"/"our company"
 * and carry no placeholders, so no caller text is ever used as a format.
 *
 * Register: the polite form throughout — vykání in Czech, Sie in German,
 * "Państwo" or impersonal phrasing in Polish, usted in Spanish, Ви in
 * Ukrainian — worded so that it does not depend on the customer's gender,
 * which the desk does not record. The customer's name is greeted in the
 * nominative: Czech, Polish and Ukrainian address people in the vocative,
 * which cannot be derived from a stored name without gender and morphology,
 * and the nominative after a neutral greeting is the established form of
 * automated mail in those languages. The design notes open core/survey_text.c.
 *
 * Strings passed in are borrowed for the duration of the call only; every
 * pointer returned or stored in an output struct points to static storage
 * and stays valid for the life of the process.
 */
#ifndef LD_CORE_SURVEY_TEXT_H
#define LD_CORE_SURVEY_TEXT_H

#include <stddef.h>

#include "util/status.h"

/* Most items on one form: SERVQUAL asks one statement pair per dimension. */
#define SURVEY_TEXT_ITEMS_MAX 5

/* Every invitation subject line, with its NUL, fits in this many bytes. */
#define SURVEY_TEXT_SUBJECT_SIZE 128

/*
 * Bytes of an invitation body other than the caller's strings, with the NUL:
 * a body buffer of SURVEY_TEXT_BODY_FIXED_SIZE + strlen(name) +
 * strlen(case_subject) + strlen(link) + strlen(expires_on) always suffices.
 */
#define SURVEY_TEXT_BODY_FIXED_SIZE 1024

/* One question, or for SERVQUAL one statement pair of a dimension. */
struct survey_item {
	const char *id;            /* "score"; servqual: the dimension's wire name ("tangibles"…) */
	const char *text;          /* the question; servqual: the perception statement about us */
	const char *expected_text; /* servqual: the "An excellent company…" statement; else NULL */
	int min;                   /* lowest answer: csat 1, nps 0, ces 1, servqual 1 */
	int max;                   /* highest answer: csat 5, nps 10, ces 7, servqual 7 */
	const char *min_label;     /* words at the low end: "Very dissatisfied"… */
	const char *max_label;     /* words at the high end: "Very satisfied"… */
};

/* A complete form; every string is static UTF-8, never NULL except expected_text. */
struct survey_form {
	const char *language;       /* the language used: "cs" "de" "pl" "en" "es" "uk" */
	const char *title;          /* heading, also the invitation's subject line */
	const char *intro;          /* one or two sentences; servqual: expected vs. perceived */
	int n_items;                /* items used: 1, or SURVEY_SQ_DIM_COUNT for servqual */
	struct survey_item items[SURVEY_TEXT_ITEMS_MAX]; /* servqual: survey_servqual_dim order */
	const char *comment_prompt; /* asks for an optional free-text comment */
	const char *submit;         /* the send button of an answer page */
	const char *check_answers;  /* shown above the reason an answer was refused */
	const char *thanks;         /* shown after the answers are saved */
};

/*
 * The supported language for the tag `lang`: "cs", "de", "pl", "en", "es" or
 * "uk" (the list core/validate.h accepts). Case is ignored and a region or
 * script subtag after '-' or '_' is dropped, so "de-AT" gives "de", "uk_UA"
 * and "UK" give "uk". Anything else — NULL, "", "fr", a three-letter code
 * such as "deu" — gives "en". Returns a static string, never NULL.
 */
const char *survey_text_language(const char *lang);

/*
 * Fills `out` with the form of survey `kind` (enum ld_survey_kind of
 * core/model.h) in survey_text_language(lang).
 * Returns LD_OK; LD_ERR_INVALID "invalid_kind" for a kind outside the enum,
 * "invalid_argument" for a NULL `out`. On error `out` (when not NULL) is
 * zeroed. `err` may be NULL.
 */
ld_status survey_text_form(int kind, const char *lang, struct survey_form *out,
			   struct ld_err *err);

/*
 * Writes the invitation to survey `kind` in survey_text_language(lang): a
 * subject line (the form's title) into `subject` (`subject_len` bytes) and a
 * plain-text body into `body` (`body_len` bytes), both NUL-terminated UTF-8
 * with "\n" line ends. The body greets `name` (NULL, empty or blank: a
 * greeting without a name), mentions the request `case_subject` when it is
 * not NULL, empty or blank (a transactional survey), says how long the survey
 * takes, puts `link` on a line of its own and gives the last day the link
 * works, `expires_on`. Line breaks and tabs inside `name` and `case_subject`
 * become spaces, so neither can break the layout.
 *
 * Parameters are checked in this order and the first failure returned, all
 * LD_ERR_INVALID:
 *   "invalid_argument"  `subject` or `body` NULL, or a length of 0;
 *   "invalid_kind"      `kind` outside enum ld_survey_kind (field "kind");
 *   "invalid_utf8"      `name` or `case_subject` not validate_utf8() (field
 *                       "name" or "case_subject");
 *   "invalid_link"      `link` NULL, empty, not UTF-8, or holding a space or
 *                       a control character (field "link");
 *   "invalid_date"      `expires_on` not a date "YYYY-MM-DD" (field "expires_on");
 *   "too_long"          the text does not fit a buffer (field "subject" or
 *                       "body"; the message gives the bytes needed): nothing
 *                       is ever truncated.
 * On every error each buffer that is not NULL and has room holds "".
 * `err` may be NULL.
 */
ld_status survey_text_invitation(int kind, const char *lang, const char *name,
				 const char *case_subject, const char *link,
				 const char *expires_on, char *subject, size_t subject_len,
				 char *body, size_t body_len, struct ld_err *err);

#endif
