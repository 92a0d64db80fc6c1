/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Survey forms and invitations in six languages (contract in
 * core/survey_text.h).
 *
 * Owns: one table of texts per language and the code that assembles a form
 * or an invitation from it. Must not do I/O, allocate or keep state; the
 * tables are const and every output points into them or into caller buffers.
 *
 * ======================================================================
 * Design notes
 * ======================================================================
 *
 * Wording. Each measure is only comparable with the literature when it asks
 * the literature's question (/work/shared/METRICS.md):
 *   - NPS: "How likely is it that you would recommend … to a friend or
 *     colleague?" on 0…10, ends "Not at all likely" / "Extremely likely"
 *     (Reichheld, HBR 2003);
 *   - CES 2.0: agreement with "The company made it easy for me to handle my
 *     issue." on 1…7, "Strongly disagree" … "Strongly agree" (Dixon, Toman &
 *     DeLisi 2013); not the 1…5 effort question of CES 1.0;
 *   - CSAT: satisfaction on 1…5, "Very dissatisfied" … "Very satisfied";
 *   - SERVQUAL (Parasuraman, Zeithaml & Berry 1988, revised 1991): an
 *     expectation statement about "an excellent company" and a perception
 *     statement about us, both on 1…7 agreement, gap P − E. The full scale
 *     has 22 items; a service desk asks one item per dimension (tangibles,
 *     reliability, responsiveness, assurance, empathy), adapted from the
 *     1991 wording, so the dimension score is that item's gap.
 * The translations keep the meaning of the English source rather than its
 * word order, in the polite register and without gendered forms (header).
 *
 * No placeholders. The texts never name the company ("our company", "we")
 * and contain no '%', so a translator cannot break a format string and a
 * caller's text is never a format: the invitation is assembled by appending
 * fixed fragments and the caller's strings in order. An insertion is a pair
 * of fragments, before and after, because languages put the inserted text in
 * different places of the sentence and quote it differently: “…” in English,
 * „…“ in Czech and German, „…” in Polish, «…» in Spanish and Ukrainian.
 *
 * Letter conventions. After a salutation that ends in a comma, Czech and
 * German continue in lower case ("Dobrý den,\n\nrádi bychom…"), Polish and
 * English in upper case; Spanish ends the salutation with a colon and
 * Ukrainian with "!". The lead sentences are written per language to match.
 * Czech and Ukrainian capitalise the polite "Vy"/"Ви" pronouns, as letters to
 * one person do; German capitalises "Sie" by grammar anyway.
 *
 * The subject line is the form's title: short, a question in most languages,
 * and free of the customer's data, so nothing personal lands in mail headers
 * or logs of subjects. Dates stay in the ISO form the caller gives; reading
 * "2026-05-31" is unambiguous in all six languages, unlike 05/31 and 31.05.
 */
#include "core/survey_text.h"

#include <stdbool.h>
#include <string.h>

#include "core/model.h"
#include "core/survey_metrics.h"
#include "core/survey_text_data.h"
#include "core/validate.h"

/* ------------------------------------------------------------------ */
/* Scales                                                              */
/* ------------------------------------------------------------------ */

/* Answer scales by kind; SERVQUAL's 1…7 is what survey_servqual_response_add() accepts. */
static const struct {
	int min; /* lowest answer */
	int max; /* highest answer */
} SCALES[LD_SURVEY_KIND_COUNT] = {
	[LD_SURVEY_CSAT] = { 1, SURVEY_CSAT_POINTS },
	[LD_SURVEY_NPS] = { 0, SURVEY_NPS_POINTS - 1 },
	[LD_SURVEY_CES] = { 1, SURVEY_CES_POINTS },
	[LD_SURVEY_SERVQUAL] = { 1, 7 },
};

/* ------------------------------------------------------------------ */
/* Language and form                                                   */
/* ------------------------------------------------------------------ */

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* The table of `lang` after survey_text_language()'s rules; English when unsupported. */
static const struct language_text *language_text_of(const char *lang)
{
	char code[3];

	if (lang == NULL || lang[0] == '\0' || lang[1] == '\0')
		return &SURVEY_TEXTS[0];
	if (lang[2] != '\0' && lang[2] != '-' && lang[2] != '_')
		return &SURVEY_TEXTS[0];
	code[0] = ascii_lower(lang[0]);
	code[1] = ascii_lower(lang[1]);
	code[2] = '\0';
	for (size_t i = 0; i < SURVEY_TEXTS_COUNT; i++) {
		if (strcmp(code, SURVEY_TEXTS[i].code) == 0)
			return &SURVEY_TEXTS[i];
	}
	return &SURVEY_TEXTS[0];
}

const char *survey_text_language(const char *lang)
{
	return language_text_of(lang)->code;
}

static bool kind_valid(int kind)
{
	return kind >= 0 && kind < LD_SURVEY_KIND_COUNT;
}

ld_status survey_text_form(int kind, const char *lang, struct survey_form *out,
			   struct ld_err *err)
{
	const struct language_text *t;
	const struct kind_text *k;

	if (out == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "output is NULL");
	memset(out, 0, sizeof *out);
	if (!kind_valid(kind))
		return ld_fail(err, LD_ERR_INVALID, "invalid_kind", "kind",
			       "unknown survey kind %d", kind);

	t = language_text_of(lang);
	k = &t->kinds[kind];
	out->language = t->code;
	out->title = k->title;
	out->intro = k->intro;
	out->comment_prompt = t->comment_prompt;
	out->submit = t->submit;
	out->check_answers = t->check_answers;
	out->thanks = t->thanks;
	if (kind != LD_SURVEY_SERVQUAL) {
		out->n_items = 1;
		out->items[0].id = "score";
		out->items[0].text = k->question;
	} else {
		out->n_items = SURVEY_SQ_DIM_COUNT;
		for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
			out->items[d].id = survey_servqual_dim_name(d);
			out->items[d].text = t->perceived[d];
			out->items[d].expected_text = t->expected[d];
		}
	}
	for (int i = 0; i < out->n_items; i++) {
		out->items[i].min = SCALES[kind].min;
		out->items[i].max = SCALES[kind].max;
		out->items[i].min_label = k->min_label;
		out->items[i].max_label = k->max_label;
	}
	return LD_OK;
}

/* ------------------------------------------------------------------ */
/* Invitation                                                          */
/* ------------------------------------------------------------------ */

/* A bounded writer into a caller buffer; remembers that something did not fit. */
struct writer {
	char *buf;      /* caller's buffer, always NUL-terminated */
	size_t size;    /* its size in bytes, ≥ 1 */
	size_t len;     /* bytes written, without the NUL */
	size_t needed;  /* bytes the whole text needs, with the NUL, even past an overflow */
	bool overflow;  /* an append did not fit; the text is incomplete */
};

static void writer_init(struct writer *w, char *buf, size_t size)
{
	w->buf = buf;
	w->size = size;
	w->len = 0;
	w->needed = 1;
	w->overflow = false;
	buf[0] = '\0';
}

/* Appends n bytes of s; all or nothing, so a cut never splits a UTF-8 sequence. */
static void put_bytes(struct writer *w, const char *s, size_t n)
{
	w->needed += n;
	if (w->overflow || n >= w->size - w->len) {
		w->overflow = true;
		return;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void put(struct writer *w, const char *s)
{
	put_bytes(w, s, strlen(s));
}

/* Appends caller text that must stay on one line: CR, LF and tab become spaces. */
static void put_inline(struct writer *w, const char *s)
{
	while (*s != '\0') {
		size_t run = strcspn(s, "\r\n\t");
		put_bytes(w, s, run);
		s += run;
		if (*s != '\0') {
			put_bytes(w, " ", 1);
			s++;
		}
	}
}

/* NULL, empty or only ASCII white space: the caller gave nothing to show. */
static bool blank(const char *s)
{
	if (s == NULL)
		return true;
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* A URL on a line of its own: non-empty UTF-8 without spaces or control characters. */
static bool link_valid(const char *link)
{
	size_t len;

	if (link == NULL || link[0] == '\0')
		return false;
	len = strlen(link);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)link[i];
		if (c <= 0x20 || c == 0x7F)
			return false;
	}
	return validate_utf8(link, len);
}

/* "YYYY-MM-DD" naming a real day of the proleptic Gregorian calendar. */
static bool date_valid(const char *s)
{
	static const int DAYS[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int year = 0, month, day, days;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	}
	for (int i = 0; i < 4; i++)
		year = year * 10 + (s[i] - '0');
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (month < 1 || month > 12 || day < 1)
		return false;
	days = DAYS[month - 1];
	if (month == 2 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		days = 28;
	return day <= days;
}

static ld_status check_invitation(int kind, const char *name, const char *case_subject,
				  const char *link, const char *expires_on, struct ld_err *err)
{
	if (!kind_valid(kind))
		return ld_fail(err, LD_ERR_INVALID, "invalid_kind", "kind",
			       "unknown survey kind %d", kind);
	if (name != NULL && !validate_utf8(name, strlen(name)))
		return ld_fail(err, LD_ERR_INVALID, "invalid_utf8", "name",
			       "name is not valid UTF-8 text");
	if (case_subject != NULL && !validate_utf8(case_subject, strlen(case_subject)))
		return ld_fail(err, LD_ERR_INVALID, "invalid_utf8", "case_subject",
			       "case subject is not valid UTF-8 text");
	if (!link_valid(link))
		return ld_fail(err, LD_ERR_INVALID, "invalid_link", "link",
			       "link must be non-empty UTF-8 without spaces or control characters");
	if (!date_valid(expires_on))
		return ld_fail(err, LD_ERR_INVALID, "invalid_date", "expires_on",
			       "expiry must be a date YYYY-MM-DD");
	return LD_OK;
}

/*
 * The body, paragraph by paragraph:
 *
 *   <salutation>
 *
 *   <request for feedback, naming the case if any> <how long it takes>
 *
 *   <link intro>
 *   <link>
 *
 *   <valid until date>
 *
 *   <closing>
 */
static void write_body(struct writer *w, const struct language_text *t, int kind,
		       const char *name, const char *case_subject, const char *link,
		       const char *expires_on)
{
	if (blank(name)) {
		put(w, t->greeting_anonymous);
	} else {
		put(w, t->greeting_before);
		put_inline(w, name);
		put(w, t->greeting_after);
	}
	put(w, "\n\n");
	if (blank(case_subject)) {
		put(w, t->lead);
	} else {
		put(w, t->case_lead_before);
		put_inline(w, case_subject);
		put(w, t->case_lead_after);
	}
	put(w, " ");
	put(w, kind == LD_SURVEY_SERVQUAL ? t->duration_servqual : t->duration_one);
	put(w, "\n\n");
	put(w, t->link_intro);
	put(w, "\n");
	put(w, link);
	put(w, "\n\n");
	put(w, t->expiry_before);
	put(w, expires_on);
	put(w, t->expiry_after);
	put(w, "\n\n");
	put(w, t->closing);
	put(w, "\n");
}

ld_status survey_text_invitation(int kind, const char *lang, const char *name,
				 const char *case_subject, const char *link,
				 const char *expires_on, char *subject, size_t subject_len,
				 char *body, size_t body_len, struct ld_err *err)
{
	const struct language_text *t;
	struct writer subject_w, body_w;
	ld_status rc;

	if (subject != NULL && subject_len > 0)
		subject[0] = '\0';
	if (body != NULL && body_len > 0)
		body[0] = '\0';
	if (subject == NULL || subject_len == 0 || body == NULL || body_len == 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL,
			       "subject or body buffer missing");
	rc = check_invitation(kind, name, case_subject, link, expires_on, err);
	if (rc != LD_OK)
		return rc;

	t = language_text_of(lang);
	writer_init(&subject_w, subject, subject_len);
	put(&subject_w, t->kinds[kind].title);
	writer_init(&body_w, body, body_len);
	write_body(&body_w, t, kind, name, case_subject, link, expires_on);
	if (!subject_w.overflow && !body_w.overflow)
		return LD_OK;

	subject[0] = '\0';
	body[0] = '\0';
	if (subject_w.overflow)
		return ld_fail(err, LD_ERR_INVALID, "too_long", "subject",
			       "subject needs %zu bytes, the buffer has %zu", subject_w.needed,
			       subject_len);
	return ld_fail(err, LD_ERR_INVALID, "too_long", "body",
		       "body needs %zu bytes, the buffer has %zu", body_w.needed, body_len);
}
