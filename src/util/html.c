/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTML to text with libxml2 (contract in html.h).
 *
 * The output is built in one growing buffer. `pending` holds the line breaks
 * owed by block boundaries, written only when text follows, so that nested
 * blocks (<div><p>…</p></div>) give one break, not three, and nothing is
 * owed at the end. White space inside text is folded to one space, the way
 * a browser lays it out, except inside <pre>.
 */
#include "util/html.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "util/xmalloc.h"

struct out {
	char *buf;
	size_t len, cap;
	int pending;     /* line breaks owed before the next text (0…2) */
	bool space;      /* a space is owed before the next text */
	int pre;         /* depth of <pre> */
};

static void put(struct out *o, const char *s, size_t n)
{
	o->buf = xgrow(o->buf, 1, o->len + n + 1, &o->cap);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void owe_break(struct out *o, int n)
{
	if (o->len > 0 && o->pending < n)
		o->pending = n;
	o->space = false;
}

static void flush_owed(struct out *o)
{
	if (o->pending > 0) {
		put(o, "\n\n", (size_t)o->pending);
		o->pending = 0;
		o->space = false;
	} else if (o->space && o->len > 0) {
		put(o, " ", 1);
	}
	o->space = false;
}

/* Text of a node: runs of white space (ASCII, and U+00A0 written by &nbsp;) folded. */
static void text(struct out *o, const char *s)
{
	while (*s != '\0') {
		size_t run = 0;
		bool ws = false;

		while (s[run] != '\0') {
			unsigned char c = (unsigned char)s[run];
			bool is_ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
			bool nbsp = c == 0xC2 && (unsigned char)s[run + 1] == 0xA0;
			if (o->pre > 0 && (c == '\n' || c == ' ' || c == '\t'))
				is_ws = false;
			if (is_ws || nbsp) {
				ws = true;
				break;
			}
			run++;
		}
		if (run > 0) {
			flush_owed(o);
			put(o, s, run);
		}
		s += run;
		if (ws) {
			o->space = o->len > 0;
			s += (unsigned char)*s == 0xC2 ? 2 : 1;
		}
	}
}

static bool name_is(const xmlNode *n, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++) {
		if (xmlStrcasecmp(n->name, (const xmlChar *)names[i]) == 0)
			return true;
	}
	return false;
}

static void walk(struct out *o, const xmlNode *n, int depth)
{
	static const char *const skip[] = { "head", "script", "style", "template", "title",
					    "noscript", NULL };
	static const char *const blocks[] = { "p", "div", "table", "ul", "ol", "blockquote",
					      "h1", "h2", "h3", "h4", "h5", "h6", "pre",
					      "section", "article", "header", "footer", "hr",
					      "address", "dl", NULL };
	static const char *const lines[] = { "tr", "li", "dt", "dd", NULL };

	if (depth > 256) /* libxml2 caps its own depth too; this bounds our stack */
		return;
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				text(o, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(n, skip))
			continue;
		if (xmlStrcasecmp(n->name, (const xmlChar *)"br") == 0) {
			put(o, "\n", 1);
			o->pending = 0;
			o->space = false;
			continue;
		}
		bool block = name_is(n, blocks), line = name_is(n, lines);
		bool pre = xmlStrcasecmp(n->name, (const xmlChar *)"pre") == 0;
		if (block)
			owe_break(o, 2);
		else if (line)
			owe_break(o, 1);
		if (xmlStrcasecmp(n->name, (const xmlChar *)"li") == 0) {
			flush_owed(o);
			put(o, "- ", 2);
		} else if (xmlStrcasecmp(n->name, (const xmlChar *)"td") == 0 ||
			   xmlStrcasecmp(n->name, (const xmlChar *)"th") == 0) {
			o->space = o->len > 0;
		}
		o->pre += pre;
		walk(o, n->children, depth + 1);
		o->pre -= pre;
		if (block)
			owe_break(o, 2);
		else if (line)
			owe_break(o, 1);
	}
}

char *html_to_text(const char *html, size_t len)
{
	struct out o = { 0 };
	htmlDocPtr doc;
	int n = len > (size_t)INT32_MAX ? INT32_MAX : (int)len;

	put(&o, "", 0);
	doc = htmlReadMemory(html, n, NULL, "UTF-8",
			     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				     HTML_PARSE_NONET | HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
	if (doc != NULL) {
		walk(&o, xmlDocGetRootElement(doc), 0);
		xmlFreeDoc(doc);
	}
	while (o.len > 0 && (o.buf[o.len - 1] == '\n' || o.buf[o.len - 1] == ' '))
		o.buf[--o.len] = '\0';
	return o.buf;
}
