/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Mail parsing with GMime 3 (contract in mime.h).
 *
 * GMime does the MIME: the header parser (RFC 2047 in loose mode, so the
 * encoded words mail programs really write — in the middle of a word,
 * unencoded 8-bit bytes — still decode), the part tree, transfer decoding,
 * RFC 2231 parameters, charset conversion through iconv. This file chooses
 * what to keep of it:
 *   - the text: every inline text/plain part, in order; when there is none
 *     with anything in it (HTML-only mail), every inline text/html part,
 *     turned into text (util/html.c). Inside multipart/alternative this picks
 *     the plain alternative, as a text reader would.
 *   - files: every other leaf part — a disposition "attachment", a file name,
 *     or a type that is not text — and embedded messages (message/rfc822)
 *     as .eml files.
 *   - charsets: the declared one through iconv; when iconv does not know it,
 *     or the bytes are not valid in it, UTF-8 if they are valid UTF-8, else
 *     Windows-1252 (which maps every byte, and is what a mislabelled
 *     "iso-8859-1" or "us-ascii" message almost always is — WHATWG's
 *     Encoding standard decodes those labels as Windows-1252 for the same
 *     reason). Whatever is still invalid becomes U+FFFD; NUL bytes are dropped.
 */
#include "util/mime.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "util/html.h"
#include "util/xmalloc.h"

static pthread_once_t mime_once = PTHREAD_ONCE_INIT;

static void mime_init(void)
{
	g_mime_init();
}

/* Copies UTF-8 `s` into `out` (`cap` bytes), cut on a character boundary. */
static void copy_utf8(char *out, size_t cap, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (n > 0)
		memcpy(out, s, n);
	out[n] = '\0';
}

/* Valid UTF-8 of `n` bytes: invalid sequences → U+FFFD, NUL and CR dropped,
 * other C0 controls but TAB and LF dropped. g_free() the result. */
static char *clean_text(const char *s, size_t n)
{
	/* NULs go first: g_utf8_make_valid() keeps them, and the string would end there. */
	char *nonul = xmalloc(n + 1), *valid;
	size_t w = 0;

	for (size_t r = 0; r < n; r++) {
		if (s[r] != '\0')
			nonul[w++] = s[r];
	}
	valid = g_utf8_make_valid(nonul, (gssize)w);
	free(nonul);
	w = 0;

	for (size_t r = 0; valid[r] != '\0'; r++) {
		unsigned char c = (unsigned char)valid[r];
		if (c < 0x20 && c != '\t' && c != '\n')
			continue;
		valid[w++] = (char)c;
	}
	valid[w] = '\0';
	return valid;
}

/* A header value made printable (one line, no controls), or NULL when absent. */
static char *header_copy(GMimeObject *obj, const char *name)
{
	const char *v = g_mime_object_get_header(obj, name);
	char *out, *p;

	if (v == NULL)
		return NULL;
	out = xcalloc(MIME_HEADER_MAX + 1, 1);
	copy_utf8(out, MIME_HEADER_MAX + 1, v);
	for (p = out; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	}
	return out;
}

/* The first mailbox of `list` (groups searched too): its address, lower case, and name. */
static bool first_mailbox(InternetAddressList *list, struct mime_message *m, int depth)
{
	int n = list != NULL ? internet_address_list_length(list) : 0;

	for (int i = 0; i < n && depth < 4; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			InternetAddressList *members =
				internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
			if (first_mailbox(members, m, depth + 1))
				return true;
			continue;
		}
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		const char *name = internet_address_get_name(ia);
		if (addr == NULL || strchr(addr, '@') == NULL || strlen(addr) > LD_EMAIL_MAX)
			continue;
		copy_utf8(m->from_address, sizeof m->from_address, addr);
		for (char *p = m->from_address; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		if (name != NULL) {
			char *clean = clean_text(name, strlen(name));
			g_strstrip(clean);
			copy_utf8(m->from_name, sizeof m->from_name, clean);
			g_free(clean);
		}
		return true;
	}
	return false;
}

static void add_ref(struct mime_message *m, const char *id)
{
	char norm[MAIL_ID_MAX + 1];

	if (m->n_refs >= MIME_REFS_MAX || !mail_id_normalise(id, norm))
		return;
	for (int i = 0; i < m->n_refs; i++) {
		if (strcmp(m->refs[i], norm) == 0)
			return;
	}
	memcpy(m->refs[m->n_refs++], norm, sizeof norm);
}

static void read_refs(GMimeObject *msg, GMimeParserOptions *opts, struct mime_message *m)
{
	const char *irt = g_mime_object_get_header(msg, "In-Reply-To");
	const char *refs = g_mime_object_get_header(msg, "References");
	GMimeReferences *r;

	if (irt != NULL && (r = g_mime_references_parse(opts, irt)) != NULL) {
		for (int i = 0; i < g_mime_references_length(r); i++)
			add_ref(m, g_mime_references_get_message_id(r, i));
		g_mime_references_free(r);
	}
	if (refs != NULL && (r = g_mime_references_parse(opts, refs)) != NULL) {
		for (int i = g_mime_references_length(r) - 1; i >= 0; i--)
			add_ref(m, g_mime_references_get_message_id(r, i));
		g_mime_references_free(r);
	}
}

/* The decoded bytes of a part's content (transfer encoding undone). */
static GByteArray *part_bytes(GMimePart *part, GMimeFilter *filter)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *ba;

	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	if (dw != NULL) {
		if (filter != NULL) {
			GMimeStream *fs = g_mime_stream_filter_new(mem);
			g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), filter);
			g_mime_data_wrapper_write_to_stream(dw, fs);
			g_mime_stream_flush(fs);
			g_object_unref(fs);
		} else {
			g_mime_data_wrapper_write_to_stream(dw, mem);
		}
	}
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_object_unref(mem);
	return ba;
}

static bool label_is(const char *cs, const char *const *labels)
{
	for (int i = 0; labels[i] != NULL; i++) {
		if (g_ascii_strcasecmp(cs, labels[i]) == 0)
			return true;
	}
	return false;
}

/* A text part as valid UTF-8 (g_free()): see the charset rules above. */
static char *part_text(GMimePart *part)
{
	static const char *const utf8[] = { "utf-8", "utf8", NULL };
	static const char *const western[] = { "us-ascii", "ascii", "iso-8859-1", "latin1",
					       "iso_8859-1", "l1", NULL };
	const char *cs = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
	GMimeFilter *filter = NULL;
	GByteArray *raw;
	char *out = NULL;

	raw = part_bytes(part, NULL);
	if (cs != NULL && !label_is(cs, utf8) && !label_is(cs, western) &&
	    (filter = g_mime_filter_charset_new(cs, "UTF-8")) != NULL) {
		gsize w = 0;
		GError *e = NULL;
		/* iconv through GLib: it fails on bytes invalid in the charset,
		 * where GMime's filter would silently drop them. */
		out = g_convert_with_fallback((const char *)raw->data, (gssize)raw->len, "UTF-8",
					      g_mime_charset_iconv_name(cs), "?", NULL, &w, &e);
		if (out == NULL) {
			g_clear_error(&e);
			GByteArray *conv = part_bytes(part, filter);
			out = clean_text((const char *)conv->data, conv->len);
			g_byte_array_unref(conv);
		} else {
			char *c = clean_text(out, w);
			g_free(out);
			out = c;
		}
		g_object_unref(filter);
	}
	if (out == NULL) {
		if (g_utf8_validate((const char *)raw->data, (gssize)raw->len, NULL)) {
			out = clean_text((const char *)raw->data, raw->len);
		} else {
			gsize w = 0;
			char *c = g_convert((const char *)raw->data, (gssize)raw->len, "UTF-8",
					    "WINDOWS-1252", NULL, &w, NULL);
			out = c != NULL ? clean_text(c, w)
					: clean_text((const char *)raw->data, raw->len);
			g_free(c);
		}
	}
	g_byte_array_unref(raw);
	return out;
}

struct walk {
	struct mime_message *m;
	size_t file_limit;
	GString *plain, *html;
};

static void append_text(GString *to, const char *text)
{
	if (to->len > 0 && text[0] != '\0')
		g_string_append(to, "\n\n");
	g_string_append(to, text);
}

/* A file name safe to show and store: no path, no controls; "" → fallback. */
static void file_name(const char *name, const char *fallback, char *out, size_t cap)
{
	const char *base = name != NULL ? name : "";
	const char *slash;
	char *clean;

	if ((slash = strrchr(base, '/')) != NULL)
		base = slash + 1;
	if ((slash = strrchr(base, '\\')) != NULL)
		base = slash + 1;
	clean = clean_text(base, strlen(base));
	for (char *p = clean; *p != '\0'; p++) {
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	}
	g_strstrip(clean);
	copy_utf8(out, cap, clean[0] != '\0' && strcmp(clean, ".") != 0 &&
				    strcmp(clean, "..") != 0
			    ? clean
			    : fallback);
	g_free(clean);
}

static void add_file(struct walk *w, const char *name, const char *type, GByteArray *bytes)
{
	struct mime_message *m = w->m;
	struct mime_file *f;
	char fallback[32];

	if (m->n_files >= MIME_FILES_MAX) {
		m->files_dropped++;
		return;
	}
	m->files = xrealloc(m->files, (size_t)(m->n_files + 1) * sizeof *m->files);
	f = &m->files[m->n_files];
	memset(f, 0, sizeof *f);
	snprintf(fallback, sizeof fallback, "attachment-%d", m->n_files + 1);
	file_name(name, fallback, f->filename, sizeof f->filename);
	copy_utf8(f->content_type, sizeof f->content_type, type);
	for (char *p = f->content_type; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	f->size = bytes->len;
	if (bytes->len > w->file_limit) {
		f->over_limit = true;
	} else {
		f->data = xmalloc(bytes->len > 0 ? bytes->len : 1);
		if (bytes->len > 0)
			memcpy(f->data, bytes->data, bytes->len);
	}
	m->n_files++;
}

static void visit(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	struct walk *w = data;
	GMimeContentType *ct = g_mime_object_get_content_type(part);
	char *type = ct != NULL ? g_mime_content_type_get_mime_type(ct) : g_strdup("text/plain");

	(void)parent;
	if (GMIME_IS_MESSAGE_PART(part)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
		GMimeStream *mem = g_mime_stream_mem_new();
		const char *subject = inner != NULL ? g_mime_message_get_subject(inner) : NULL;
		char *name = g_strdup_printf("%s.eml", subject != NULL && subject[0] != '\0'
								 ? subject
								 : "message");
		g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
		if (inner != NULL)
			g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
		GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
		add_file(w, name, "message/rfc822", ba);
		g_byte_array_unref(ba);
		g_object_unref(mem);
		g_free(name);
	} else if (GMIME_IS_PART(part)) {
		GMimePart *p = GMIME_PART(part);
		const char *fname = g_mime_part_get_filename(p);
		bool textual = ct != NULL && (g_mime_content_type_is_type(ct, "text", "plain") ||
					      g_mime_content_type_is_type(ct, "text", "html"));
		if (textual && !g_mime_part_is_attachment(p) && fname == NULL) {
			char *text = part_text(p);
			if (g_mime_content_type_is_type(ct, "text", "html"))
				append_text(w->html, text);
			else
				append_text(w->plain, text);
			g_free(text);
		} else {
			GByteArray *ba = part_bytes(p, NULL);
			add_file(w, fname, type, ba);
			g_byte_array_unref(ba);
		}
	}
	g_free(type);
}

/* True when `s` has something besides white space. */
static bool has_text(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!g_ascii_isspace(*s))
			return true;
	}
	return false;
}

static void read_body(GMimeMessage *msg, size_t file_limit, struct mime_message *m)
{
	struct walk w = { m, file_limit, g_string_new(""), g_string_new("") };
	GMimeObject *top = g_mime_message_get_mime_part(msg);

	if (top != NULL) {
		GMimeContentType *ct = g_mime_object_get_content_type(top);
		if (ct != NULL) {
			char *type = g_mime_content_type_get_mime_type(ct);
			const char *rt = g_mime_content_type_get_parameter(ct, "report-type");
			copy_utf8(m->content_type, sizeof m->content_type, type);
			for (char *p = m->content_type; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
			copy_utf8(m->report_type, sizeof m->report_type, rt);
			for (char *p = m->report_type; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
			g_free(type);
		}
		g_mime_message_foreach(msg, visit, &w); /* the top part, then its children */
	}
	g_strchomp(w.plain->str);
	w.plain->len = strlen(w.plain->str);
	if (has_text(w.plain->str)) {
		m->text = xstrdup(w.plain->str);
	} else if (has_text(w.html->str)) {
		m->text = html_to_text(w.html->str, w.html->len);
		m->text_from_html = true;
	} else {
		m->text = xstrdup("");
	}
	g_string_free(w.plain, TRUE);
	g_string_free(w.html, TRUE);
}

/* Skips an mbox "From " separator line; returns the offset of the headers. */
static size_t skip_mbox_line(const char *data, size_t len)
{
	const char *nl;

	if (len < 5 || memcmp(data, "From ", 5) != 0)
		return 0;
	nl = memchr(data, '\n', len);
	return nl != NULL ? (size_t)(nl - data) + 1 : len;
}

/* The end of the header block: just past its first empty line, else `len`. */
static size_t header_block_end(const char *data, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (data[i] != '\n')
			continue;
		if (data[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && data[i + 1] == '\r' && data[i + 2] == '\n')
			return i + 3;
	}
	return len;
}

/*
 * GMime ends a header value at a NUL byte, so "Subject: Bad\0 subject"
 * would lose the rest of the line. NUL bytes are not allowed in headers
 * (RFC 5322 §2.2); a copy without those of the header block is parsed
 * instead. The body is left alone: a binary part may hold NULs. Returns the
 * copy (owned) and its length, or NULL when the header block has none.
 */
static char *drop_header_nuls(const char *data, size_t len, size_t *out_len)
{
	size_t end = header_block_end(data, len), n = 0;
	char *copy;

	if (memchr(data, '\0', end) == NULL)
		return NULL;
	copy = xmalloc(len);
	for (size_t i = 0; i < end; i++) {
		if (data[i] != '\0')
			copy[n++] = data[i];
	}
	memcpy(copy + n, data + end, len - end);
	*out_len = n + len - end;
	return copy;
}

ld_status mime_parse(const void *data, size_t len, size_t file_limit, struct mime_message *out,
		     struct ld_err *err)
{
	static const char *fallback[] = { "UTF-8", "windows-1252", NULL };
	static const char *const headers[MIME_H_COUNT] = {
		[MIME_H_AUTO_SUBMITTED] = "Auto-Submitted",
		[MIME_H_PRECEDENCE] = "Precedence",
		[MIME_H_X_AUTOREPLY] = "X-Autoreply",
		[MIME_H_X_AUTO_SUPPRESS] = "X-Auto-Response-Suppress",
		[MIME_H_LIST_ID] = "List-Id",
		[MIME_H_LIST_UNSUBSCRIBE] = "List-Unsubscribe",
		[MIME_H_RETURN_PATH] = "Return-Path",
		[MIME_H_CONTENT_LANGUAGE] = "Content-Language",
	};
	size_t skip = skip_mbox_line(data, len);
	size_t clean_len = 0;
	char *clean = drop_header_nuls((const char *)data + skip, len - skip, &clean_len);
	GMimeParserOptions *opts;
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	GMimeObject *obj;
	ld_status rc = LD_OK;

	memset(out, 0, sizeof *out);
	pthread_once(&mime_once, mime_init);
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	if (clean != NULL)
		stream = g_mime_stream_mem_new_with_buffer(clean, clean_len);
	else
		stream = g_mime_stream_mem_new_with_buffer((const char *)data + skip, len - skip);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, opts);
	g_object_unref(parser);
	g_object_unref(stream);
	if (msg == NULL || g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(msg))) == 0) {
		rc = ld_fail(err, LD_ERR_INVALID, "mime_unreadable", NULL,
			     "the message has no headers: it is not mail");
		goto out;
	}
	obj = GMIME_OBJECT(msg);
	if (!first_mailbox(g_mime_message_get_from(msg), out, 0) &&
	    !first_mailbox(g_mime_message_get_sender(msg), out, 0) &&
	    !first_mailbox(g_mime_message_get_reply_to(msg), out, 0)) {
		rc = ld_fail(err, LD_ERR_INVALID, "mime_no_sender", NULL,
			     "the message names no sender (no From, Sender or Reply-To address)");
		goto out;
	}
	if (g_mime_message_get_subject(msg) != NULL) {
		char *s = clean_text(g_mime_message_get_subject(msg),
				     strlen(g_mime_message_get_subject(msg)));
		for (char *p = s; *p != '\0'; p++) {
			if (*p == '\t' || *p == '\n')
				*p = ' ';
		}
		g_strstrip(s);
		copy_utf8(out->subject, sizeof out->subject, s);
		g_free(s);
	}
	mail_id_normalise(g_mime_message_get_message_id(msg), out->message_id);
	read_refs(obj, opts, out);
	for (int i = 0; i < MIME_H_COUNT; i++) {
		/* Content-* headers belong to the top part, as GMime keeps them. */
		GMimeObject *top = g_mime_message_get_mime_part(msg);
		out->hdr[i] = header_copy(obj, headers[i]);
		if (out->hdr[i] == NULL && top != NULL)
			out->hdr[i] = header_copy(top, headers[i]);
	}
	if (out->hdr[MIME_H_X_AUTOREPLY] == NULL)
		out->hdr[MIME_H_X_AUTOREPLY] = header_copy(obj, "X-Autorespond");
	read_body(msg, file_limit, out);
out:
	if (rc != LD_OK)
		mime_message_clear(out);
	if (msg != NULL)
		g_object_unref(msg);
	g_mime_parser_options_free(opts);
	free(clean);
	return rc;
}

void mime_machine_headers(const struct mime_message *m, const char *envelope_sender,
			  struct mail_headers *h)
{
	memset(h, 0, sizeof *h);
	h->auto_submitted = m->hdr[MIME_H_AUTO_SUBMITTED];
	h->precedence = m->hdr[MIME_H_PRECEDENCE];
	h->x_autoreply = m->hdr[MIME_H_X_AUTOREPLY];
	h->x_auto_suppress = m->hdr[MIME_H_X_AUTO_SUPPRESS];
	h->list_id = m->hdr[MIME_H_LIST_ID];
	h->list_unsubscribe = m->hdr[MIME_H_LIST_UNSUBSCRIBE];
	h->return_path = m->hdr[MIME_H_RETURN_PATH];
	h->envelope_sender = envelope_sender;
	h->content_type = m->content_type[0] != '\0' ? m->content_type : NULL;
	h->report_type = m->report_type[0] != '\0' ? m->report_type : NULL;
	h->from_address = m->from_address;
}

void mime_message_clear(struct mime_message *m)
{
	if (m == NULL)
		return;
	free(m->text);
	for (int i = 0; i < m->n_files; i++)
		free(m->files[i].data);
	free(m->files);
	for (int i = 0; i < MIME_H_COUNT; i++)
		free(m->hdr[i]);
	memset(m, 0, sizeof *m);
}

/* ====================================================================
 * Writing
 * ==================================================================== */


/* One mailbox "name <address>" added to `type` of `msg`; false when the
 * address is not a single addr-spec. */
static bool add_mailbox(GMimeMessage *msg, GMimeAddressType type, const char *name,
			const char *address)
{
	InternetAddressList *parsed;
	bool ok;

	if (address == NULL || address[0] == '\0' || strpbrk(address, " \t\r\n<>,;\"") != NULL ||
	    strchr(address, '@') == NULL)
		return false;
	parsed = internet_address_list_parse(NULL, address);
	ok = parsed != NULL && internet_address_list_length(parsed) == 1 &&
	     INTERNET_ADDRESS_IS_MAILBOX(internet_address_list_get_address(parsed, 0));
	if (parsed != NULL)
		g_object_unref(parsed);
	if (ok)
		g_mime_message_add_mailbox(msg, type, name != NULL ? name : "", address);
	return ok;
}

/* "<a> <b> …" of space-separated ids, each checked; NULL when none is usable. */
static char *bracket_ids(const char *ids)
{
	GString *out = g_string_new(NULL);
	char id[MAIL_ID_MAX + 1];
	const char *p = ids;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, " ");
		char raw[MAIL_ID_MAX + 2];

		if (n > 0 && n <= MAIL_ID_MAX) {
			memcpy(raw, p, n);
			raw[n] = '\0';
			if (mail_id_normalise(raw, id))
				g_string_append_printf(out, "%s<%s>", out->len > 0 ? " " : "", id);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

ld_status mime_compose(const struct mime_out *in, char **data, size_t *len, struct ld_err *err)
{
	GMimeMessage *msg;
	GMimeTextPart *part;
	GMimeFormatOptions *fmt;
	GDateTime *date;
	char *ids, *text;
	ld_status rc = LD_OK;

	*data = NULL;
	*len = 0;
	pthread_once(&mime_once, mime_init);
	msg = g_mime_message_new(TRUE);
	if (!add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, in->from_name, in->from_address) ||
	    !add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, in->to_name, in->to_address)) {
		g_object_unref(msg);
		return ld_fail(err, LD_ERR_INVALID, "invalid_address", NULL,
			       "a sender and a recipient address are needed, one mailbox each");
	}
	g_mime_message_set_subject(msg, in->subject != NULL ? in->subject : "", "utf-8");
	date = g_date_time_new_from_unix_utc(in->date);
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	if (in->message_id != NULL && has_text(in->message_id))
		g_mime_message_set_message_id(msg, in->message_id);
	if ((ids = bracket_ids(in->in_reply_to)) != NULL) {
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", ids, NULL);
		g_free(ids);
	}
	if ((ids = bracket_ids(in->references)) != NULL) {
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", ids, NULL);
		g_free(ids);
	}
	if (in->auto_generated)
		g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", "auto-generated",
					 NULL);
	part = g_mime_text_part_new_with_subtype("plain");
	/* LF line ends for GMime; it writes CRLF below. */
	text = g_strdup(in->text != NULL ? in->text : "");
	{
		size_t w = 0;
		for (size_t r = 0; text[r] != '\0'; r++) {
			if (text[r] != '\r')
				text[w++] = text[r];
		}
		text[w] = '\0';
	}
	g_mime_text_part_set_text(part, text);
	g_free(text);
	/* 7bit when it is plain ASCII in short lines, else quoted-printable:
	 * readable in any mail program's source view, safe through any relay. */
	g_mime_part_set_content_encoding(
		GMIME_PART(part),
		g_mime_part_get_best_content_encoding(GMIME_PART(part),
						      GMIME_ENCODING_CONSTRAINT_7BIT) ==
				GMIME_CONTENT_ENCODING_7BIT
			? GMIME_CONTENT_ENCODING_7BIT
			: GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	if (in->language != NULL && has_text(in->language))
		g_mime_object_set_header(GMIME_OBJECT(part), "Content-Language", in->language,
					 NULL);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	g_object_unref(part);
	fmt = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fmt, GMIME_NEWLINE_FORMAT_DOS);
	*data = g_mime_object_to_string(GMIME_OBJECT(msg), fmt);
	g_mime_format_options_free(fmt);
	g_object_unref(msg);
	if (*data == NULL)
		return ld_fail(err, LD_ERR_INTERNAL, "compose_failed", NULL,
			       "the message could not be written");
	/* g_malloc'ed: hand the caller a malloc'ed copy. */
	{
		char *copy = xstrdup(*data);
		g_free(*data);
		*data = copy;
	}
	*len = strlen(*data);
	return rc;
}
