/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of util/mime.c and util/html.c on messages written here: the
 * charsets and transfer encodings of the desk's languages, RFC 2047 and
 * 2231, HTML-only mail, the plain alternative, files and their limit, an
 * mbox line, CRLF, an unknown charset, NUL bytes, threading ids, the header
 * values of the machine rule, and what is not mail at all. The corpus in
 * tests/mail/ is checked by test_mail_corpus.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/html.h"
#include "util/mime.h"

static struct mime_message *parse_n(const char *raw, size_t len, size_t limit, ld_status want)
{
	struct mime_message *m = calloc(1, sizeof *m);
	struct ld_err err;

	ld_err_clear(&err);
	assert_non_null(m);
	assert_int_equal(mime_parse(raw, len, limit, m, &err), want);
	return m;
}

static struct mime_message *parse(const char *raw)
{
	return parse_n(raw, strlen(raw), 1 << 20, LD_OK);
}

static void done(struct mime_message *m)
{
	mime_message_clear(m);
	free(m);
}

static void test_mime_czech_qp(void **state)
{
	struct mime_message *m = parse(
		"From: =?ISO-8859-2?Q?Ji=F8=ED_Dvo=F8=E1k?= <Jiri.Dvorak@Example.CZ>\n"
		"Subject: =?UTF-8?B?UmVrbGFtYWNlIMSNZXJwYWRsYQ==?=\n"
		"Message-ID: <abc.1@example.cz>\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=ISO-8859-2\n"
		"Content-Transfer-Encoding: quoted-printable\n"
		"\n"
		"Dobr=FD den, =E8erpadlo je=20\n"
		"rozbit=E9 a =BE=E1d=E1m o v=FDm=ECnu.=\n"
		"\n");

	(void)state;
	assert_string_equal(m->from_address, "jiri.dvorak@example.cz");
	assert_string_equal(m->from_name, "Jiří Dvořák");
	assert_string_equal(m->subject, "Reklamace čerpadla");
	assert_string_equal(m->message_id, "abc.1@example.cz");
	assert_string_equal(m->text, "Dobrý den, čerpadlo je \nrozbité a žádám o výměnu.");
	assert_false(m->text_from_html);
	assert_int_equal(m->n_files, 0);
	done(m);
}

static void test_mime_polish_base64_cp1250(void **state)
{
	/* "Zażółć gęślą jaźń" in Windows-1250, base64 */
	struct mime_message *m = parse(
		"From: Pawel <pawel@example.pl>\n"
		"Subject: =?windows-1250?Q?Zam=F3wienie?=\n"
		"Content-Type: text/plain; charset=\"windows-1250\"\n"
		"Content-Transfer-Encoding: base64\n"
		"\n"
		"WmG/87PmIGfqnGy5IGphn/EK\n");

	(void)state;
	assert_string_equal(m->subject, "Zamówienie");
	assert_string_equal(m->text, "Zażółć gęślą jaźń");
	done(m);
}

static void test_mime_html_only(void **state)
{
	struct mime_message *m = parse(
		"From: =?UTF-8?Q?=D0=9E=D0=BA=D1=81=D0=B0=D0=BD=D0=B0?= <oksana@example.ua>\n"
		"Subject: html\n"
		"Content-Type: text/html; charset=utf-8\n"
		"\n"
		"<html><head><title>T</title><style>p{color:red}</style></head><body>"
		"<script>alert('x')</script><p>Добрий&nbsp;день,</p><p>рахунок &amp; "
		"   оплата<br>дякую</p><ul><li>один</li><li>два</li></ul></body></html>\n");

	(void)state;
	assert_string_equal(m->from_name, "Оксана");
	assert_true(m->text_from_html);
	assert_string_equal(m->text, "Добрий день,\n\nрахунок & оплата\nдякую\n\n- один\n- два");
	done(m);
}

static void test_mime_alternative_takes_plain(void **state)
{
	struct mime_message *m = parse(
		"From: a@example.de\n"
		"Subject: =?iso-8859-1?q?Lieferung_versp=E4tet?=\n"
		"Content-Type: multipart/alternative; boundary=\"b1\"\n"
		"\n"
		"--b1\n"
		"Content-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: 8bit\n"
		"\n"
		"Grüße aus Köln\n"
		"--b1\n"
		"Content-Type: text/html; charset=utf-8\n"
		"\n"
		"<p>HTML version</p>\n"
		"--b1--\n");

	(void)state;
	assert_string_equal(m->subject, "Lieferung verspätet");
	assert_string_equal(m->text, "Grüße aus Köln");
	assert_false(m->text_from_html);
	done(m);
}

static const char FILES[] =
	"From mailer Thu Dec  2 10:00:00 2026\r\n"
	"From: b@example.es\r\n"
	"Subject: factura\r\n"
	"Content-Type: multipart/mixed; boundary=\"xx\"\r\n"
	"\r\n"
	"--xx\r\n"
	"Content-Type: text/plain; charset=iso-8859-1\r\n"
	"Content-Transfer-Encoding: quoted-printable\r\n"
	"\r\n"
	"Adjunto la factura del a=F1o.\r\n"
	"--xx\r\n"
	"Content-Type: application/pdf\r\n"
	"Content-Disposition: attachment; filename*=UTF-8''faktura%20%C4%8D.pdf\r\n"
	"Content-Transfer-Encoding: base64\r\n"
	"\r\n"
	"JVBERi0xLjQKJSVFT0YK\r\n"
	"--xx\r\n"
	"Content-Type: image/png; name=\"=?UTF-8?Q?../../etc/pl=C3=A1n.png?=\"\r\n"
	"Content-Transfer-Encoding: base64\r\n"
	"\r\n"
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\r\n"
	"--xx--\r\n";

static void test_mime_files_mbox_crlf(void **state)
{
	struct mime_message *m = parse(FILES);

	(void)state;
	assert_string_equal(m->from_address, "b@example.es");
	assert_string_equal(m->text, "Adjunto la factura del año.");
	assert_int_equal(m->n_files, 2);
	assert_string_equal(m->files[0].filename, "faktura č.pdf");
	assert_string_equal(m->files[0].content_type, "application/pdf");
	assert_int_equal(m->files[0].size, 15);
	assert_memory_equal(m->files[0].data, "%PDF-1.4\n%%EOF\n", 15);
	assert_string_equal(m->files[1].filename, "plán.png"); /* no path survives */
	assert_string_equal(m->files[1].content_type, "image/png");
	assert_false(m->files[1].over_limit);
	done(m);

	m = parse_n(FILES, strlen(FILES), 20, LD_OK); /* the 15-byte PDF fits, the PNG does not */
	assert_false(m->files[0].over_limit);
	assert_non_null(m->files[0].data);
	assert_true(m->files[1].over_limit);
	assert_null(m->files[1].data);
	assert_true(m->files[1].size > 20);
	done(m);
}

static void test_mime_unknown_and_wrong_charsets(void **state)
{
	struct mime_message *m = parse("From: c@example.com\n"
				       "Subject: x\n"
				       "Content-Type: text/plain; charset=x-unknown-9\n"
				       "\n"
				       "Ahoj čau\n");

	(void)state;
	assert_string_equal(m->text, "Ahoj čau"); /* valid UTF-8 kept as it is */
	done(m);
	/* Labelled us-ascii, written in Windows-1252: smart quotes and the euro sign. */
	m = parse("From: c@example.com\n"
		  "Content-Type: text/plain; charset=us-ascii\n"
		  "\n"
		  "\x93quoted\x94 \x80 5\n");
	assert_string_equal(m->text, "“quoted” € 5");
	assert_string_equal(m->subject, "");
	done(m);
}

static void test_mime_nul_and_garbage(void **state)
{
	static const char raw[] = "From: d@example.com\nSubject: a\0b\n\nbody\0with nul\n";
	struct mime_message *m = parse_n(raw, sizeof raw - 1, 1024, LD_OK);

	(void)state;
	assert_string_equal(m->from_address, "d@example.com");
	assert_null(memchr(m->text, '\0', strlen(m->text))); /* trivially, but text is a string */
	done(m);
	/* Base64 that is not base64: some bytes, valid UTF-8, never a crash. */
	m = parse("From: d@example.com\n"
		  "Content-Type: text/plain\n"
		  "Content-Transfer-Encoding: base64\n"
		  "\n"
		  "!!!*** not base64 ***!!!\n");
	assert_non_null(m->text);
	done(m);
}

static void test_mime_not_mail(void **state)
{
	static const char garbage[] = "\x01\x02\x03\xff\xfe binary \x00 stuff\n\n\n";
	struct mime_message *m;

	(void)state;
	m = parse_n(garbage, sizeof garbage - 1, 1024, LD_ERR_INVALID);
	assert_null(m->text);
	done(m);
	m = parse_n("", 0, 1024, LD_ERR_INVALID);
	done(m);
	m = parse_n("Subject: no sender\nTo: x@example.com\n\nhi\n", 40, 1024, LD_ERR_INVALID);
	done(m);
	/* Sender stands in for From, and Reply-To for both. */
	m = parse("Sender: s@example.com\nSubject: x\n\nhi\n");
	assert_string_equal(m->from_address, "s@example.com");
	done(m);
}

static void test_mime_refs_and_machine_headers(void **state)
{
	struct mime_message *m = parse(
		"From: MAILER-DAEMON@mx.example.com\n"
		"In-Reply-To: <b@x>\n"
		"References: <a@x> <b@x>\n"
		"   <c@x>\n"
		"Auto-Submitted: auto-replied\n"
		"X-Autorespond: yes\n"
		"List-Id: News <news.example.com>\n"
		"Return-Path: <>\n"
		"Content-Language: uk\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=r\n"
		"\n"
		"--r\nContent-Type: text/plain\n\nundeliverable\n"
		"--r\nContent-Type: message/delivery-status\n\nStatus: 5.1.1\n--r--\n");
	struct mail_headers h;

	(void)state;
	assert_int_equal(m->n_refs, 3);
	assert_string_equal(m->refs[0], "b@x");
	assert_string_equal(m->refs[1], "c@x");
	assert_string_equal(m->refs[2], "a@x");
	mime_machine_headers(m, "<>", &h);
	assert_string_equal(h.auto_submitted, "auto-replied");
	assert_string_equal(h.x_autoreply, "yes");
	assert_non_null(h.list_id);
	assert_string_equal(h.return_path, "<>");
	assert_string_equal(h.content_type, "multipart/report");
	assert_string_equal(h.report_type, "delivery-status");
	assert_string_equal(h.envelope_sender, "<>");
	assert_string_equal(m->hdr[MIME_H_CONTENT_LANGUAGE], "uk");
	assert_string_equal(m->text, "undeliverable");
	assert_int_equal(m->n_files, 1); /* the status part is a file, not text */
	done(m);
}

static void test_html_to_text(void **state)
{
	char *t;

	(void)state;
	t = html_to_text("", 0);
	assert_string_equal(t, "");
	free(t);
	t = html_to_text("<div><div><p>a</p></div></div><div>b</div><pre>x  y\nz</pre>", 58);
	assert_string_equal(t, "a\n\nb\n\nx  y\nz");
	free(t);
	t = html_to_text("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", 64);
	assert_string_equal(t, "1 2\n3");
	free(t);
	t = html_to_text("<<<>>> &bogus; <b>unclosed", 26); /* whatever it is, text comes out */
	assert_non_null(t);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mime_czech_qp),
		cmocka_unit_test(test_mime_polish_base64_cp1250),
		cmocka_unit_test(test_mime_html_only),
		cmocka_unit_test(test_mime_alternative_takes_plain),
		cmocka_unit_test(test_mime_files_mbox_crlf),
		cmocka_unit_test(test_mime_unknown_and_wrong_charsets),
		cmocka_unit_test(test_mime_nul_and_garbage),
		cmocka_unit_test(test_mime_not_mail),
		cmocka_unit_test(test_mime_refs_and_machine_headers),
		cmocka_unit_test(test_html_to_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
