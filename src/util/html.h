/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * HTML to readable plain text, for mail that has no text part: libxml2's
 * forgiving HTML parser builds the tree, and the walk writes its text with
 * a line break after each block (p, div, br, li, tr, headings, blockquote),
 * "- " before list items, white space folded as a browser would, entities
 * decoded, and nothing of head, script, style or template.
 *
 * Owns: that conversion. Must not: fetch anything (no network, no DTD).
 */
#ifndef LD_UTIL_HTML_H
#define LD_UTIL_HTML_H

#include <stddef.h>

/*
 * The text of `len` bytes of UTF-8 HTML, as a malloc'ed UTF-8 string with LF
 * line ends, no more than two line breaks in a row and no leading or
 * trailing blank lines. Never NULL (an empty string when there is no text).
 */
char *html_to_text(const char *html, size_t len);

#endif
