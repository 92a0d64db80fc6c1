/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * libFuzzer harness of the mail parser (util/mime.h, GMime 3 underneath),
 * the rules of incoming mail (core/mail.h) and the HTML-to-text walk
 * (util/html.h): everything `loyaldesk mailgate` does with the bytes an MTA
 * hands it before the store is touched.
 *
 * The input is one message, as is (seeds: fuzz/corpus/fuzz_mime/, the
 * messages of tests/mail/). It is parsed twice, with a file limit of 16
 * bytes (so the over-limit path is reached by short inputs) and of 1 MiB.
 * Invariants:
 *  - mime_parse() returns LD_OK, or LD_ERR_INVALID with mime_unreadable or
 *    mime_no_sender and an empty message; never anything else;
 *  - a parsed message has a sender address without upper-case letters, and
 *    every string it holds is NUL-terminated within its array;
 *  - the text is what a contact's body may hold (core's validate_utf8():
 *    strict UTF-8, no NUL, no controls but tab and LF) and has no CR;
 *    the subject and display name are strict UTF-8;
 *  - files: a name that is not empty and holds no '/' or '\\'; data when
 *    and only when not over the limit; over the limit only when larger;
 *  - the machine rule gives NULL or one of its six reasons; the case tag is
 *    never negative; the cleaned subject fits its buffer and is no longer
 *    than the subject; the guessed language is one of the six;
 *  - html_to_text() on the raw bytes returns a string; on UTF-8 input it is
 *    valid UTF-8 but for C0 controls (which mime.c drops).
 */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "core/mail.h"
#include "core/validate.h"
#include "util/html.h"
#include "util/mime.h"

static bool one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++) {
		if (strcmp(s, *set) == 0)
			return true;
	}
	return false;
}

static bool utf8_but_controls(const uint8_t *data, size_t size)
{
	char *copy = fuzz_strndup(data, size);
	bool ok;

	for (size_t i = 0; i < size; i++) {
		if ((unsigned char)copy[i] < 0x20)
			copy[i] = ' ';
	}
	ok = validate_utf8(copy, size);
	free(copy);
	return ok;
}

static void check_rules(const struct mime_message *m)
{
	static const char *const reasons[] = { "auto_submitted", "precedence", "autoreply",
					       "mailing_list",   "bounce",     "null_sender", NULL };
	static const char *const languages[] = { "cs", "de", "pl", "en", "es", "uk", NULL };
	const char *envelopes[] = { NULL, "", "<>", m->from_address };
	char clean[MIME_SUBJECT_MAX + 1];
	char small[8];
	struct mail_headers h;
	size_t n;

	for (size_t i = 0; i < sizeof envelopes / sizeof envelopes[0]; i++) {
		const char *why;

		mime_machine_headers(m, envelopes[i], &h);
		why = mail_machine_reason(&h);
		FUZZ_CHECK(why == NULL || one_of(why, reasons), "reason %s", why);
	}
	FUZZ_CHECK(mail_subject_case_tag(m->subject) >= 0, "negative tag");
	n = mail_subject_clean(m->subject, clean, sizeof clean);
	FUZZ_CHECK(n < sizeof clean && n == strlen(clean) && n <= strlen(m->subject), "clean %zu", n);
	FUZZ_CHECK(validate_utf8(clean, n), "cleaned subject not UTF-8");
	n = mail_subject_clean(m->subject, small, sizeof small);
	FUZZ_CHECK(n < sizeof small && n == strlen(small), "small clean %zu", n);
	FUZZ_CHECK(validate_utf8(small, n), "cut subject not UTF-8");
	FUZZ_CHECK(one_of(mail_guess_language(m->hdr[MIME_H_CONTENT_LANGUAGE], m->from_address),
			  languages), "language");
}

static void check_message(const struct mime_message *m, size_t limit)
{
	FUZZ_CHECK(memchr(m->from_address, '\0', sizeof m->from_address) != NULL, "from unterminated");
	FUZZ_CHECK(m->from_address[0] != '\0', "no sender on success");
	for (const char *p = m->from_address; *p != '\0'; p++)
		FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'), "upper case in %s", m->from_address);
	FUZZ_CHECK(memchr(m->subject, '\0', sizeof m->subject) != NULL, "subject unterminated");
	FUZZ_CHECK(validate_utf8(m->subject, strlen(m->subject)), "subject not UTF-8");
	FUZZ_CHECK(validate_utf8(m->from_name, strlen(m->from_name)), "name not UTF-8");
	FUZZ_CHECK(m->n_refs >= 0 && m->n_refs <= MIME_REFS_MAX, "refs %d", m->n_refs);
	for (int i = 0; i < m->n_refs; i++)
		FUZZ_CHECK(m->refs[i][0] != '\0', "empty ref");
	FUZZ_CHECK(m->text != NULL, "no text");
	FUZZ_CHECK(validate_utf8(m->text, strlen(m->text)), "text not a valid body");
	FUZZ_CHECK(strchr(m->text, '\r') == NULL, "CR in text");
	FUZZ_CHECK(m->n_files >= 0 && m->n_files <= MIME_FILES_MAX, "files %d", m->n_files);
	for (int i = 0; i < m->n_files; i++) {
		const struct mime_file *f = &m->files[i];

		FUZZ_CHECK(f->filename[0] != '\0', "empty file name");
		FUZZ_CHECK(strpbrk(f->filename, "/\\") == NULL, "path in %s", f->filename);
		FUZZ_CHECK(validate_utf8(f->filename, strlen(f->filename)), "file name not UTF-8");
		FUZZ_CHECK((f->data == NULL) == f->over_limit, "data and limit disagree");
		FUZZ_CHECK(!f->over_limit || f->size > limit, "over the limit at %zu", f->size);
		FUZZ_CHECK(f->over_limit || f->size <= limit, "kept %zu > %zu", f->size, limit);
	}
	check_rules(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t limits[] = { 16, 1 << 20 };
	bool utf8;
	char *html;

	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		struct mime_message m;
		struct ld_err err;
		ld_status rc;

		ld_err_clear(&err);
		rc = mime_parse(data, size, limits[i], &m, &err);
		if (rc == LD_OK) {
			check_message(&m, limits[i]);
		} else {
			FUZZ_CHECK(rc == LD_ERR_INVALID, "status %d", rc);
			FUZZ_CHECK(strcmp(err.code, "mime_unreadable") == 0 ||
					   strcmp(err.code, "mime_no_sender") == 0,
				   "code %s", err.code);
			FUZZ_CHECK(m.text == NULL && m.n_files == 0 && m.files == NULL, "not emptied");
		}
		mime_message_clear(&m);
	}
	/* Its contract is UTF-8 in (mime.c converts first), so UTF-8 out is
	 * checked only for input that is UTF-8 but for C0 controls. */
	utf8 = utf8_but_controls(data, size);
	html = html_to_text((const char *)data, size);
	FUZZ_CHECK(html != NULL, "html_to_text gave NULL");
	/* C0 controls are the caller's to drop (mime.c does); the rest must be UTF-8. */
	for (char *p = html; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	}
	FUZZ_CHECK(!utf8 || validate_utf8(html, strlen(html)), "html text not UTF-8");
	free(html);
	return 0;
}
