/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The mail corpus of tests/mail/ (its README says what each message is):
 * every file is parsed as mailgate parses it and checked against its row in
 * tests/mail/corpus.tsv — the outcome (delivered, refused as a machine's
 * message with the rule's reason, or refused as unreadable), the decoded
 * sender, display name and subject, a phrase the text must hold and one it
 * must not, and the files with their names and types. A file in the folder
 * without a row, or a row without a file, fails too.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/mail.h"
#include "util/mime.h"

#define CORPUS LD_SOURCE_DIR "/tests/mail"
#define ROWS_MAX 128
#define COLS 8

enum col { C_FILE, C_OUTCOME, C_FROM, C_NAME, C_SUBJECT, C_HAS, C_LACKS, C_FILES };

struct row {
	char line[2048];
	char *col[COLS];
};

static struct row rows[ROWS_MAX];
static int n_rows;

static void load_manifest(void)
{
	FILE *f = fopen(CORPUS "/corpus.tsv", "r");
	char line[2048];

	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL) {
		struct row *r;
		char *p;
		int c = 0;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		assert_true(n_rows < ROWS_MAX);
		r = &rows[n_rows++];
		strcpy(r->line, line);
		for (p = r->line; c < COLS; c++) {
			r->col[c] = p;
			p = strchr(p, '\t');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		if (c != COLS - 1)
			fail_msg("corpus.tsv: %s has %d columns, not %d", r->col[0], c + 1, COLS);
	}
	fclose(f);
}

static unsigned char *slurp(const char *name, size_t *len)
{
	char path[512];
	unsigned char *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof path, CORPUS "/%s", name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("corpus.tsv names %s, which is not in tests/mail/", name);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static bool given(const char *v)
{
	return strcmp(v, "-") != 0;
}

/* "name;type,name;type": each file of the message in order; a name "*.ext"
 * matches any name ending so. */
static void check_files(const char *file, const char *want, const struct mime_message *m)
{
	char buf[1024];
	char *save = NULL;
	int i = 0;

	if (!given(want)) {
		if (m->n_files != 0)
			fail_msg("%s: no files expected, %d found (first %s)", file, m->n_files,
				 m->files[0].filename);
		return;
	}
	snprintf(buf, sizeof buf, "%s", want);
	for (char *tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save), i++) {
		char *type = strchr(tok, ';');
		const struct mime_file *f;

		assert_non_null(type);
		*type++ = '\0';
		if (i >= m->n_files)
			fail_msg("%s: file %d (%s) missing; %d found", file, i + 1, tok, m->n_files);
		f = &m->files[i];
		if (tok[0] == '*') {
			size_t a = strlen(f->filename), b = strlen(tok + 1);
			if (a < b || strcmp(f->filename + a - b, tok + 1) != 0)
				fail_msg("%s: file %d is named '%s', not '%s'", file, i + 1, f->filename, tok);
		} else if (strcmp(f->filename, tok) != 0) {
			fail_msg("%s: file %d is named '%s', not '%s'", file, i + 1, f->filename, tok);
		}
		if (strcmp(f->content_type, type) != 0)
			fail_msg("%s: file %s has type '%s', not '%s'", file, tok, f->content_type, type);
		assert_non_null(f->data);
		assert_true(f->size > 0);
	}
	if (i != m->n_files)
		fail_msg("%s: %d files expected, %d found", file, i, m->n_files);
}

static void check_row(const struct row *r)
{
	const char *file = r->col[C_FILE], *outcome = r->col[C_OUTCOME];
	struct mime_message *m = calloc(1, sizeof *m);
	struct mail_headers h;
	struct ld_err err;
	const char *reason;
	unsigned char *raw;
	ld_status rc;
	size_t len;

	assert_non_null(m);
	ld_err_clear(&err);
	raw = slurp(file, &len);
	rc = mime_parse(raw, len, 1 << 20, m, &err);
	if (strncmp(outcome, "dataerr:", 8) == 0) {
		if (rc != LD_ERR_INVALID || strcmp(err.code, outcome + 8) != 0)
			fail_msg("%s: expected refusal %s, got status %d (%s)", file, outcome + 8, rc,
				 err.code);
		goto out;
	}
	if (rc != LD_OK)
		fail_msg("%s: not parsed (%s: %s)", file, err.code, err.message);
	assert_string_equal(m->from_address, r->col[C_FROM]);
	assert_string_equal(m->from_name, r->col[C_NAME]);
	assert_string_equal(m->subject, r->col[C_SUBJECT]);
	mime_machine_headers(m, NULL, &h);
	reason = mail_machine_reason(&h);
	if (strncmp(outcome, "loop:", 5) == 0) {
		if (reason == NULL || strcmp(reason, outcome + 5) != 0)
			fail_msg("%s: expected machine mail (%s), got %s", file, outcome + 5,
				 reason != NULL ? reason : "a person's message");
		goto out;
	}
	assert_string_equal(outcome, "deliver");
	if (reason != NULL)
		fail_msg("%s: a person's message taken for a machine's (%s)", file, reason);
	assert_non_null(m->text);
	if (given(r->col[C_HAS]) && strstr(m->text, r->col[C_HAS]) == NULL)
		fail_msg("%s: text lacks '%s'; it is:\n%s", file, r->col[C_HAS], m->text);
	if (given(r->col[C_LACKS]) && strstr(m->text, r->col[C_LACKS]) != NULL)
		fail_msg("%s: text holds '%s'; it is:\n%s", file, r->col[C_LACKS], m->text);
	assert_null(strchr(m->text, '\r'));
	check_files(file, r->col[C_FILES], m);
out:
	free(raw);
	mime_message_clear(m);
	free(m);
}

static void test_corpus_rows(void **state)
{
	(void)state;
	assert_true(n_rows >= 20);
	for (int i = 0; i < n_rows; i++)
		check_row(&rows[i]);
}

/* Every message in the folder has its row: none is there untested. */
static void test_corpus_complete(void **state)
{
	DIR *d = opendir(CORPUS);
	struct dirent *e;
	int seen = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		bool found = false;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "corpus.tsv") == 0 ||
		    strcmp(e->d_name, "README.md") == 0)
			continue;
		for (int i = 0; i < n_rows && !found; i++)
			found = strcmp(rows[i].col[C_FILE], e->d_name) == 0;
		if (!found)
			fail_msg("tests/mail/%s has no row in corpus.tsv", e->d_name);
		seen++;
	}
	closedir(d);
	assert_int_equal(seen, n_rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_rows),
		cmocka_unit_test(test_corpus_complete),
	};

	load_manifest();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
