/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The survey page: GET/POST /survey/{token}, the HTML form an e-mailed survey
 * link opens. Owns the page's markup, the reading of its form body and the
 * HTML error pages; must not decide a business rule (app/surveys.c checks
 * the token, the expiry, the scale and the comment) nor pick an HTTP code
 * for a status (reply.c's http_status_code does).
 *
 * The page. One small HTML5 document in UTF-8, lang = the form's language,
 * readable on a phone (viewport meta), styled by a few lines of inline CSS,
 * with no script and no external resource — the Content-Security-Policy
 * below forbids both, so an injection that slipped past the escaping still
 * could not run. Each question is a fieldset whose legend is the question and
 * whose radio buttons are the scale min…max, the end words inside the labels
 * of the two end buttons (so a screen reader reads "0 Not at all likely").
 * SERVQUAL asks each of its five dimensions as two questions — the
 * expectation (expected_text, "expected.<dimension>") and the perception
 * (text, "perceived.<dimension>"), both 1…7. The form posts to its own URL
 * (a relative action, so the page also works behind a path prefix).
 *
 * Escaping. Every string that enters the markup goes through put_esc(): the
 * five characters & < > " ' become character references, which makes a text
 * safe both between tags and inside a quoted attribute. The only text that
 * comes from outside is the comment a customer typed, shown again in the
 * textarea when the answer was refused; it has passed validate_utf8() by
 * then, so the page stays valid UTF-8.
 *
 * The form body. application/x-www-form-urlencoded as browsers send it:
 * pairs split at '&', name and value at the first '=', '+' a space, %XX a
 * byte; at most HTTP_SURVEY_PAGE_BODY_MAX bytes. Refused with 400, before
 * any use case runs: a bad %-escape, a name or value that is not UTF-8 (or
 * holds a NUL or a control character), a name this form does not have, and a
 * name given twice. Browsers send a textarea's line breaks as CR LF; the
 * comment is stored with LF, as other clients send it. The kind decides
 * which of the known names belong (score, or the ten SERVQUAL ones): that
 * rule is app_survey_answer()'s, which refuses a part the kind does not have.
 *
 * A refused answer (any 400) shows the form again, status 400, with the
 * reason above it and the answers given still selected, so nothing typed is
 * lost — unless the link itself is bad, when the page of that error wins.
 *
 * Words. The form's texts come from core/survey_text.h in the survey's
 * language. The page's own few words (the button, "please check your
 * answers") are a small table here, in the same six languages; the error
 * pages are English, as the language of a survey is unknown when its link is.
 * Reasons from the use cases (ld_err.message) are English sentences.
 *
 * Who. Holding the link is the permission: nobody needs to log in. A bearer
 * token sent along is checked by the router all the same (a bad one is the
 * 401 page) and its account passed on, so a customer logged in to the
 * portal who opens another customer's link gets the 403 page, as on
 * /api/v1/surveys/by-token/{token}.
 *
 * Headers: text/html; charset=utf-8 and the Content-Security-Policy; the
 * server adds Cache-Control: no-store (a form for one person),
 * Referrer-Policy: no-referrer (the token is in the URL) and
 * X-Content-Type-Options: nosniff to every answer (HTTP_REPLY_HEADERS).
 */
#include "http/survey_page.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/surveys.h"
#include "core/survey_metrics.h"
#include "core/validate.h"
#include "http/reply.h"
#include "util/xmalloc.h"

#define PAGE_CONTENT_TYPE "text/html; charset=utf-8"
#define PAGE_CSP                                                                          \
	"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; " \
	"frame-ancestors 'none'"

/* Pairs a form may hold: score, comment and two per SERVQUAL dimension. */
#define FIELD_SCORE 0
#define FIELD_COMMENT 1
#define FIELD_EXPECTED 2                       /* + dimension */
#define FIELD_PERCEIVED (2 + SURVEY_SQ_DIM_COUNT) /* + dimension */
#define FIELD_COUNT (2 + 2 * SURVEY_SQ_DIM_COUNT)
_Static_assert(FIELD_COUNT <= 32, "parse_form() marks the fields seen in an unsigned");

/* ------------------------------------------------------------ the page --- */

/* An HTML document being written. */
struct page {
	char *buf;   /* owned heap bytes, NUL-terminated, NULL before the first write */
	size_t len;  /* bytes used, without the NUL */
	size_t cap;  /* bytes allocated */
};

/* Appends s[0..n); aborts on out-of-memory (STYLE.md habit 8). */
static void put_n(struct page *p, const char *s, size_t n)
{
	if (p->len + n + 1 > p->cap) {
		size_t cap = p->cap != 0 ? p->cap : 4096;

		while (cap < p->len + n + 1)
			cap *= 2;
		p->buf = xrealloc(p->buf, cap);
		p->cap = cap;
	}
	if (n > 0)
		memcpy(p->buf + p->len, s, n);
	p->len += n;
	p->buf[p->len] = '\0';
}

static void put(struct page *p, const char *s)
{
	put_n(p, s, strlen(s));
}

static void put_int(struct page *p, int v)
{
	char num[16];

	snprintf(num, sizeof num, "%d", v);
	put(p, num);
}

/* Appends s[0..n) HTML-escaped: runs of plain bytes are copied at once. */
static void put_esc_n(struct page *p, const char *s, size_t n)
{
	size_t run = 0;

	put_n(p, "", 0); /* a buffer even for an empty text */
	for (size_t i = 0; i < n; i++) {
		const char *ref;

		switch (s[i]) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: continue;
		}
		put_n(p, s + run, i - run);
		put(p, ref);
		run = i + 1;
	}
	put_n(p, s + run, n - run);
}

/* Appends `s` (NULL = nothing) HTML-escaped. */
static void put_esc(struct page *p, const char *s)
{
	if (s != NULL)
		put_esc_n(p, s, strlen(s));
}

char *http_html_escape(const char *s, size_t len)
{
	struct page p = { NULL, 0, 0 };

	put_esc_n(&p, s, len);
	return p.buf;
}

static const char PAGE_STYLE[] =
	"body{margin:0;padding:1rem;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',"
	"Roboto,sans-serif;color:#1b1b1b;background:#f4f4f1}"
	"main{max-width:42rem;margin:0 auto;padding:1.5rem;background:#fff;"
	"border-radius:.5rem}"
	"h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}"
	"fieldset{margin:0 0 1rem;padding:.75rem 1rem 1rem;border:1px solid #c8c8c8;"
	"border-radius:.5rem}"
	"legend{padding:0 .25rem;font-weight:600}"
	".pair{margin:0 0 1.5rem}"
	".scale{display:flex;flex-wrap:wrap;gap:.375rem;margin-top:.5rem}"
	".scale label{display:flex;flex-direction:column;align-items:center;"
	"min-width:2.75rem;padding:.375rem .25rem;border:1px solid #9a9a9a;"
	"border-radius:.375rem;text-align:center;cursor:pointer}"
	".scale small{max-width:7rem;font-size:.8125rem;line-height:1.2;color:#4a4a4a}"
	"textarea{box-sizing:border-box;width:100%;margin-top:.25rem;font:inherit}"
	"button{padding:.625rem 1.75rem;border:0;border-radius:.375rem;font:inherit;"
	"color:#fff;background:#1d4ed8;cursor:pointer}"
	":focus-visible{outline:3px solid #b45309;outline-offset:2px}"
	".error{margin:0 0 1rem;padding:.5rem 1rem;border-left:4px solid #b91c1c;"
	"background:#fdf0f0}";

/* Opens the document: head, style, <main>. `lang` and `title` are escaped. */
static void page_begin(struct page *p, const char *lang, const char *title)
{
	put(p, "<!DOCTYPE html>\n<html lang=\"");
	put_esc(p, lang);
	put(p, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>");
	put_esc(p, title);
	put(p, "</title>\n<style>");
	put(p, PAGE_STYLE);
	put(p, "</style>\n</head>\n<body>\n<main>\n<h1>");
	put_esc(p, title);
	put(p, "</h1>\n");
}

static void page_end(struct page *p)
{
	put(p, "</main>\n</body>\n</html>\n");
}

/* Makes the document the body of `res` with `http_code` and the page's headers. */
static void page_reply(struct http_response *res, int http_code, struct page *p)
{
	free(res->body);
	res->status = http_code;
	res->body = p->buf;
	res->body_len = p->len;
	p->buf = NULL;
	p->len = p->cap = 0;
	res->etag[0] = '\0';
	res->location[0] = '\0';
	res->allow[0] = '\0';
	res->www_authenticate = http_code == 401;
	res->retry_after = http_retry_after(http_code);
	res->content_type = PAGE_CONTENT_TYPE;
	memset(res->headers, 0, sizeof res->headers);
	res->headers[0] = (struct http_header){ "Content-Security-Policy", PAGE_CSP };
}

/* ------------------------------------------------------------- pages --- */

/* One radio scale min…max as a fieldset; `checked` (outside the scale: none) is selected. */
static void put_scale(struct page *p, const char *name, const char *legend,
		      const struct survey_item *it, int checked)
{
	put(p, "<fieldset>\n<legend>");
	put_esc(p, legend);
	put(p, "</legend>\n<div class=\"scale\">\n");
	for (int v = it->min; v <= it->max; v++) {
		put(p, "<label><input type=\"radio\" name=\"");
		put_esc(p, name);
		put(p, "\" value=\"");
		put_int(p, v);
		put(p, v == checked ? "\" required checked><span>" : "\" required><span>");
		put_int(p, v);
		put(p, "</span>");
		if (v == it->min || v == it->max) {
			put(p, "<small>");
			put_esc(p, v == it->min ? it->min_label : it->max_label);
			put(p, "</small>");
		}
		put(p, "</label>\n");
	}
	put(p, "</div>\n</fieldset>\n");
}

/*
 * The form of `f` for the survey `token`. `given` (may be NULL) are answers to
 * keep selected; `message` (may be NULL) why they were refused.
 */
static void render_form(struct http_response *res, int http_code, const struct survey_form *f,
			const char *token, const struct app_survey_answer *given,
			const char *message)
{
	struct page p = { NULL, 0, 0 };
	char name[48];

	page_begin(&p, f->language, f->title);
	put(&p, "<p>");
	put_esc(&p, f->intro);
	put(&p, "</p>\n");
	if (message != NULL) {
		put(&p, "<div class=\"error\" role=\"alert\">\n<p><strong>");
		put_esc(&p, f->check_answers);
		put(&p, "</strong></p>\n<p>");
		put_esc(&p, message);
		put(&p, "</p>\n</div>\n");
	}
	put(&p, "<form method=\"post\" action=\"");
	put_esc(&p, token);
	put(&p, "\" enctype=\"application/x-www-form-urlencoded\" accept-charset=\"UTF-8\">\n");
	for (int i = 0; i < f->n_items; i++) {
		const struct survey_item *it = &f->items[i];

		if (it->expected_text == NULL) {
			put_scale(&p, "score", it->text, it, given != NULL ? given->score : -1);
			continue;
		}
		put(&p, "<div class=\"pair\">\n");
		snprintf(name, sizeof name, "expected.%s", it->id);
		put_scale(&p, name, it->expected_text, it,
			  given != NULL && i < LD_SQ_DIMS ? given->expected[i] : -1);
		snprintf(name, sizeof name, "perceived.%s", it->id);
		put_scale(&p, name, it->text, it,
			  given != NULL && i < LD_SQ_DIMS ? given->perceived[i] : -1);
		put(&p, "</div>\n");
	}
	put(&p, "<p><label for=\"comment\">");
	put_esc(&p, f->comment_prompt);
	put(&p, "</label>\n<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"");
	put_int(&p, LD_COMMENT_MAX);
	/* The parser drops one newline right after <textarea>: this one, not the comment's. */
	put(&p, "\">\n");
	if (given != NULL)
		put_esc(&p, given->comment);
	put(&p, "</textarea></p>\n<p><button type=\"submit\">");
	put_esc(&p, f->submit);
	put(&p, "</button></p>\n</form>\n");
	page_end(&p);
	page_reply(res, http_code, &p);
}

static void render_thanks(struct http_response *res, const struct survey_form *f)
{
	struct page p = { NULL, 0, 0 };

	page_begin(&p, f->language, f->title);
	put(&p, "<p role=\"status\">");
	put_esc(&p, f->thanks);
	put(&p, "</p>\n");
	page_end(&p);
	page_reply(res, 200, &p);
}

/*
 * The error page of `http_code`. `reason` (may be NULL) is shown for a 400;
 * `token` (may be NULL) adds a link back to the form.
 */
static void render_error_page(struct http_response *res, int http_code, const char *reason,
			      const char *token)
{
	struct page p = { NULL, 0, 0 };
	const char *title, *text;

	switch (http_code) {
	case 400:
		title = "Please check your answers";
		text = reason != NULL && reason[0] != '\0' ? reason
							    : "The answers could not be read.";
		break;
	case 401:
		title = "Sign-in not valid";
		text = "The sign-in sent with this page is not valid any more. The survey link "
		       "needs no sign-in: open it again on its own.";
		break;
	case 403:
		title = "Survey for someone else";
		text = "This survey was sent to another customer.";
		break;
	case 404:
		title = "Survey not found";
		text = "This survey link is not valid. Please check that the whole link from "
		       "the message was used.";
		break;
	case 409:
		title = "Already answered";
		text = "This survey has already been answered. Thank you for your feedback!";
		break;
	case 410:
		title = "Survey closed";
		text = "This survey link has expired, so the survey can no longer be answered. "
		       "Thank you all the same.";
		break;
	case 415:
		title = "Answers not readable";
		text = "The answers could not be read. Please send them again from the survey "
		       "page.";
		break;
	case 503:
		title = "Please try again";
		text = "We are busy at the moment. Please try again in a minute.";
		break;
	default:
		title = "Something went wrong";
		text = "Something went wrong on our side. Please try again later.";
		break;
	}
	page_begin(&p, "en", title);
	put(&p, "<p>");
	put_esc(&p, text);
	put(&p, "</p>\n");
	if (token != NULL) {
		put(&p, "<p><a href=\"");
		put_esc(&p, token);
		put(&p, "\">Back to the survey</a></p>\n");
	}
	page_end(&p);
	page_reply(res, http_code, &p);
}

/* The page of a failed status; internal errors also go to the log (without the token). */
static void render_failure(struct http_response *res, ld_status status,
			   const struct ld_err *err, const char *token)
{
	int http_code = http_status_code(status, err);

	if (status == LD_ERR_INTERNAL && err != NULL)
		fprintf(stderr, "loyaldesk http: survey page: %s: %s\n", err->code, err->message);
	render_error_page(res, http_code, err != NULL ? err->message : NULL,
			  http_code == 400 ? token : NULL);
}

void http_survey_page_error(struct http_response *res, ld_status status,
			    const struct ld_err *err)
{
	render_failure(res, status, err, NULL);
}

/* ---------------------------------------------------------- the body --- */

/* An answer read from a form body. */
struct form_answer {
	struct app_survey_answer in; /* for app_survey_answer(); the comment points into buf */
	char *buf;                   /* the decoded body, owned (free()) */
};

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes the NUL-terminated `s` in place (%XX, '+' a space). False on a bad
 * escape or a result that is not validate_utf8() (which also refuses NULs).
 */
static bool form_decode(char *s)
{
	size_t k = 0;

	for (size_t i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (c == '%') {
			int hi = hex_value(s[i + 1]), lo = hi < 0 ? -1 : hex_value(s[i + 2]);

			if (hi < 0 || lo < 0)
				return false;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		s[k++] = c;
	}
	s[k] = '\0';
	return validate_utf8(s, k);
}

/* Which pair `name` is (FIELD_*), or -1 when the form has no such field. */
static int field_of(const char *name)
{
	int d;

	if (strcmp(name, "score") == 0)
		return FIELD_SCORE;
	if (strcmp(name, "comment") == 0)
		return FIELD_COMMENT;
	if (strncmp(name, "expected.", 9) == 0 && (d = survey_servqual_dim_parse(name + 9)) >= 0)
		return FIELD_EXPECTED + d;
	if (strncmp(name, "perceived.", 10) == 0 &&
	    (d = survey_servqual_dim_parse(name + 10)) >= 0)
		return FIELD_PERCEIVED + d;
	return -1;
}

/* A scale value: 1 to 3 decimal digits. Its range is the use case's to check. */
static bool parse_value(const char *s, int *out)
{
	size_t n = strlen(s);
	int v = 0;

	if (n == 0 || n > 3 || strspn(s, "0123456789") != n)
		return false;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	*out = v;
	return true;
}

/* CR LF → LF, in place. */
static void crlf_to_lf(char *s)
{
	size_t k = 0;

	for (size_t i = 0; s[i] != '\0'; i++)
		if (!(s[i] == '\r' && s[i + 1] == '\n'))
			s[k++] = s[i];
	s[k] = '\0';
}

/* application/x-www-form-urlencoded, optionally with parameters; a charset must be UTF-8. */
static bool is_form_media(const char *ct)
{
	static const char type[] = "application/x-www-form-urlencoded";
	const char *cs;

	if (ct == NULL || strncasecmp(ct, type, sizeof type - 1) != 0)
		return false;
	ct += sizeof type - 1;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (*ct == '\0')
		return true;
	if (*ct != ';')
		return false;
	for (cs = ct; *cs != '\0' && strncasecmp(cs, "charset=", 8) != 0; cs++)
		;
	if (*cs == '\0')
		return true;
	cs += 8;
	if (*cs == '"')
		cs++;
	return strncasecmp(cs, "utf-8", 5) == 0 &&
	       (cs[5] == '\0' || cs[5] == '"' || cs[5] == ';' || cs[5] == ' ');
}

/*
 * Reads the form body of `req` into `a` (zeroed by the caller, score -1).
 * On failure `a` keeps what was read before it, for the form shown again.
 */
static ld_status parse_form(const struct http_request *req, struct form_answer *a,
			    struct ld_err *err)
{
	unsigned seen = 0;
	char *p, *end;

	if (req->body_len > HTTP_SURVEY_PAGE_BODY_MAX)
		return ld_fail(err, LD_ERR_INVALID, "body_too_long", NULL,
			       "The answers are too long (at most %d bytes).",
			       HTTP_SURVEY_PAGE_BODY_MAX);
	a->buf = xmalloc(req->body_len + 1); /* bounded just above */
	if (req->body_len > 0)
		memcpy(a->buf, req->body, req->body_len);
	a->buf[req->body_len] = '\0';
	end = a->buf + req->body_len;
	/* A NUL inside the body would end a pair early; a form never sends one raw. */
	if (strlen(a->buf) != req->body_len)
		return ld_fail(err, LD_ERR_INVALID, "invalid_form", NULL,
			       "The answers were not sent in a form we can read.");
	for (p = a->buf; p < end;) {
		char *stop = memchr(p, '&', (size_t)(end - p));
		char *eq, *value;
		int field, v;

		if (stop == NULL)
			stop = end;
		*stop = '\0';
		if (stop == p) { /* "a&&b", a trailing '&': no pair */
			p = stop + 1;
			continue;
		}
		eq = strchr(p, '=');
		value = stop;
		if (eq != NULL) {
			*eq = '\0';
			value = eq + 1;
		}
		if (!form_decode(p) || !form_decode(value))
			return ld_fail(err, LD_ERR_INVALID, "invalid_form", NULL,
				       "The answers were not sent in a form we can read.");
		if ((field = field_of(p)) < 0)
			return ld_fail(err, LD_ERR_INVALID, "unknown_field", NULL,
				       "The answers hold a field this survey does not have.");
		if (seen & (1u << field))
			return ld_fail(err, LD_ERR_INVALID, "duplicate_field", NULL,
				       "The answers hold a field twice.");
		seen |= 1u << field;
		if (field == FIELD_COMMENT) {
			crlf_to_lf(value);
			a->in.comment = value[0] != '\0' ? value : NULL;
		} else if (!parse_value(value, &v)) {
			return ld_fail(err, LD_ERR_INVALID, "invalid_value",
				       field == FIELD_SCORE ? "score" : NULL,
				       "Each answer must be one of the numbers shown.");
		} else if (field == FIELD_SCORE) {
			a->in.score = v;
		} else if (field < FIELD_PERCEIVED) {
			a->in.expected[field - FIELD_EXPECTED] = v;
		} else {
			a->in.perceived[field - FIELD_PERCEIVED] = v;
		}
		p = stop + 1;
	}
	return LD_OK;
}

/* ---------------------------------------------------------- handlers --- */

ld_status http_survey_page_get(struct app *app, const struct app_actor *actor, const char *token,
			       struct http_response *res)
{
	struct survey_form form;
	struct ld_survey sv;
	struct ld_err err;
	ld_status rc;

	ld_err_clear(&err);
	rc = app_survey_open(app, actor, token, &sv, &form, &err);
	if (rc != LD_OK) {
		render_failure(res, rc, &err, NULL);
		return rc;
	}
	render_form(res, 200, &form, token, NULL, NULL);
	ld_survey_clear(&sv);
	return LD_OK;
}

ld_status http_survey_page_post(struct app *app, const struct app_actor *actor, const char *token,
				const struct http_request *req, struct http_response *res)
{
	struct form_answer a;
	struct survey_form form;
	struct ld_survey sv;
	struct ld_err err, open_err;
	ld_status rc;

	memset(&a, 0, sizeof a);
	memset(&sv, 0, sizeof sv);
	a.in.score = -1;
	ld_err_clear(&err);
	ld_err_clear(&open_err);
	if (!is_form_media(req->content_type)) {
		render_error_page(res, 415, NULL, token);
		rc = LD_ERR_INVALID;
		goto out;
	}
	if ((rc = parse_form(req, &a, &err)) == LD_OK &&
	    (rc = app_survey_answer(app, actor, token, &a.in, &sv, NULL, &err)) == LD_OK) {
		if ((rc = survey_text_form(sv.kind, sv.language, &form, &err)) == LD_OK)
			render_thanks(res, &form);
		else
			render_failure(res, rc, &err, NULL);
		goto out;
	}
	/* A refused answer: the form again, unless the link itself is bad. */
	if (http_status_code(rc, &err) == 400) {
		ld_status open_rc = app_survey_open(app, actor, token, &sv, &form, &open_err);

		if (open_rc == LD_OK) {
			render_form(res, 400, &form, token, &a.in, err.message);
			goto out;
		}
		rc = open_rc;
		err = open_err;
	}
	render_failure(res, rc, &err, NULL);
out:
	ld_survey_clear(&sv);
	free(a.buf);
	return rc;
}
