/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The CSV reader's state machine and the writer with its neutralising of
 * formulas (contract in csv.h).
 *
 * The reader pulls bytes from its own 64 KiB buffer (one fread per buffer,
 * so a million-row import does not pay a stdio lock per byte) and builds a
 * record in one growing byte array: each field's bytes followed by a NUL,
 * field starts kept as offsets because the array may move while growing.
 * Memory is bounded by the limits: at most record_max + fields_max bytes of
 * data and fields_max offsets, whatever the input.
 *
 * States, per RFC 4180 §2:
 *   START    at the beginning of a field: '"' opens a quoted field;
 *   PLAIN    inside an unquoted field: a '"' here is malformed;
 *   QUOTED   inside quotes: everything is data, '"' may close or escape;
 *   CLOSED   after a closing quote: '"' was an escaped quote, ',' or a line
 *            end ends the field, anything else is malformed.
 * A lone CR ends a line like CRLF and LF do.
 */
#include "util/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CSV_IBUF 65536

struct csv_reader {
	FILE *in;                      /* source, borrowed */
	unsigned char ibuf[CSV_IBUF];  /* input buffer */
	size_t ipos;                   /* next unread byte in ibuf */
	size_t ilen;                   /* valid bytes in ibuf */
	bool at_eof;                   /* fread returned short: no more refills */
	bool io_error;                 /* ferror() was seen */
	int pushback;                  /* one byte of look-ahead, -2 = none */
	long long offset;              /* bytes consumed */
	long line;                     /* current physical line, 1-based */
	struct csv_limits lim;         /* effective limits */
	char *data;                    /* record bytes, fields NUL-separated */
	size_t data_len;               /* bytes used in data */
	size_t data_cap;               /* bytes allocated */
	size_t *starts;                /* field start offsets, lim.fields_max entries */
	char **fields;                 /* field pointers handed out, lim.fields_max entries */
};

enum csv_state { CSV_START, CSV_PLAIN, CSV_QUOTED, CSV_CLOSED };

static void *csv_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL && n != 0)
		abort();
	return q;
}

ld_status csv_reader_new(FILE *in, const struct csv_limits *lim, struct csv_reader **out,
			 struct ld_err *err)
{
	struct csv_reader *r;

	*out = NULL;
	if (in == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "no input stream");
	r = csv_xrealloc(NULL, sizeof *r);
	memset(r, 0, sizeof *r);
	r->in = in;
	r->pushback = -2;
	r->line = 1;
	if (lim != NULL)
		r->lim = *lim;
	if (r->lim.field_max == 0)
		r->lim.field_max = CSV_FIELD_MAX_DEFAULT;
	if (r->lim.fields_max <= 0)
		r->lim.fields_max = CSV_FIELDS_MAX_DEFAULT;
	if (r->lim.record_max == 0)
		r->lim.record_max = CSV_RECORD_MAX_DEFAULT;
	r->starts = csv_xrealloc(NULL, sizeof *r->starts * (size_t)r->lim.fields_max);
	r->fields = csv_xrealloc(NULL, sizeof *r->fields * (size_t)r->lim.fields_max);
	r->data_cap = 4096;
	r->data = csv_xrealloc(NULL, r->data_cap);

	/* A UTF-8 byte-order mark (as spreadsheet programs write) is not data. */
	r->ilen = fread(r->ibuf, 1, CSV_IBUF, in);
	if (r->ilen < CSV_IBUF) {
		r->at_eof = true;
		r->io_error = ferror(in) != 0;
	}
	if (r->ilen >= 3 && memcmp(r->ibuf, "\xEF\xBB\xBF", 3) == 0) {
		r->ipos = 3;
		r->offset = 3;
	}
	*out = r;
	return LD_OK;
}

void csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->data);
	free(r->starts);
	free(r->fields);
	free(r);
}

long long csv_reader_offset(const struct csv_reader *r)
{
	return r->offset;
}

/* Next byte or EOF. */
static int csv_getc(struct csv_reader *r)
{
	if (r->pushback != -2) {
		int c = r->pushback;
		r->pushback = -2;
		return c;
	}
	if (r->ipos == r->ilen) {
		if (r->at_eof)
			return EOF;
		r->ilen = fread(r->ibuf, 1, CSV_IBUF, r->in);
		r->ipos = 0;
		if (r->ilen < CSV_IBUF) {
			r->at_eof = true;
			r->io_error = ferror(r->in) != 0;
		}
		if (r->ilen == 0)
			return EOF;
	}
	r->offset++;
	return r->ibuf[r->ipos++];
}

/* After a CR: swallow the LF of a CRLF pair. */
static void csv_eat_lf(struct csv_reader *r)
{
	int c = csv_getc(r);

	if (c != '\n' && c != EOF)
		r->pushback = c;
}

/* Skips to the end of the current physical line (after a quoting error). */
static void csv_skip_line(struct csv_reader *r)
{
	int c;

	for (;;) {
		c = csv_getc(r);
		if (c == EOF || c == '\n')
			break;
		if (c == '\r') {
			csv_eat_lf(r);
			break;
		}
	}
	r->line++;
}

bool csv_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		uint32_t cp;
		size_t n, k;
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + n >= len)
			return false;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

/* The record being built: error bookkeeping shared by the helpers below. */
struct csv_build {
	ld_status status;       /* first error of this record, LD_OK if none */
	const char *code;       /* its code */
	char msg[96];           /* its words, without the line prefix */
	size_t field_start;     /* offset of the current field in r->data */
	int count;              /* fields ended so far */
};

static void csv_build_fail(struct csv_build *b, ld_status st, const char *code, const char *msg)
{
	if (b->status != LD_OK)
		return;
	b->status = st;
	b->code = code;
	snprintf(b->msg, sizeof b->msg, "%s", msg);
}

static void csv_append(struct csv_reader *r, struct csv_build *b, int c)
{
	if (b->status != LD_OK)
		return; /* discarding the rest of a bad record */
	if (r->data_len - b->field_start >= r->lim.field_max) {
		csv_build_fail(b, LD_ERR_TOO_LARGE, "csv_too_long", "field too long");
		return;
	}
	if (r->data_len >= r->lim.record_max + (size_t)b->count) {
		csv_build_fail(b, LD_ERR_TOO_LARGE, "csv_too_long", "record too long");
		return;
	}
	if (r->data_len + 2 > r->data_cap) {
		r->data_cap *= 2;
		r->data = csv_xrealloc(r->data, r->data_cap);
	}
	r->data[r->data_len++] = (char)c;
}

static void csv_end_field(struct csv_reader *r, struct csv_build *b)
{
	if (b->status != LD_OK)
		return;
	if (b->count >= r->lim.fields_max) {
		csv_build_fail(b, LD_ERR_TOO_LARGE, "csv_too_long", "too many fields");
		return;
	}
	if (r->data_len + 1 > r->data_cap) {
		r->data_cap *= 2;
		r->data = csv_xrealloc(r->data, r->data_cap);
	}
	r->data[r->data_len++] = '\0';
	r->starts[b->count++] = b->field_start;
	b->field_start = r->data_len;
}

/* Consumes blank lines; false at the end of input. */
static bool csv_skip_blank(struct csv_reader *r)
{
	for (;;) {
		int c = csv_getc(r);
		if (c == EOF)
			return false;
		if (c == '\n') {
			r->line++;
		} else if (c == '\r') {
			csv_eat_lf(r);
			r->line++;
		} else {
			r->pushback = c;
			return true;
		}
	}
}

ld_status csv_read(struct csv_reader *r, struct csv_record *rec, struct ld_err *err)
{
	struct csv_build b;
	enum csv_state st = CSV_START;
	bool done = false;
	int i;

	memset(&b, 0, sizeof b);
	rec->count = 0;
	rec->fields = r->fields;
	r->data_len = 0;
	if (!csv_skip_blank(r)) {
		rec->line = r->line;
		if (r->io_error)
			return ld_fail(err, LD_ERR_INTERNAL, "io_error", NULL, "line %ld: read error",
				       r->line);
		return LD_OK;
	}
	rec->line = r->line;
	while (!done) {
		int c = csv_getc(r);
		switch (st) {
		case CSV_START:
			if (c == '"') {
				st = CSV_QUOTED;
				break;
			}
			/* an unquoted field (possibly empty) */
			/* fall through */
		case CSV_PLAIN:
			st = CSV_PLAIN;
			if (c == ',') {
				csv_end_field(r, &b);
				st = CSV_START;
			} else if (c == '\n' || c == '\r' || c == EOF) {
				csv_end_field(r, &b);
				if (c == '\r')
					csv_eat_lf(r);
				if (c != EOF)
					r->line++;
				done = true;
			} else if (c == '"') {
				csv_build_fail(&b, LD_ERR_INVALID, "csv_syntax",
					       "quote inside an unquoted field");
				csv_skip_line(r);
				done = true;
			} else {
				csv_append(r, &b, c);
			}
			break;
		case CSV_QUOTED:
			if (c == '"') {
				st = CSV_CLOSED;
			} else if (c == EOF) {
				csv_build_fail(&b, LD_ERR_INVALID, "csv_syntax",
					       "quoted field not closed before the end of the file");
				done = true;
			} else {
				if (c == '\n')
					r->line++;
				csv_append(r, &b, c);
			}
			break;
		case CSV_CLOSED:
			if (c == '"') {
				csv_append(r, &b, '"');
				st = CSV_QUOTED;
			} else if (c == ',') {
				csv_end_field(r, &b);
				st = CSV_START;
			} else if (c == '\n' || c == '\r' || c == EOF) {
				csv_end_field(r, &b);
				if (c == '\r')
					csv_eat_lf(r);
				if (c != EOF)
					r->line++;
				done = true;
			} else {
				csv_build_fail(&b, LD_ERR_INVALID, "csv_syntax",
					       "unexpected character after a closing quote");
				csv_skip_line(r);
				done = true;
			}
			break;
		}
	}
	if (r->io_error)
		return ld_fail(err, LD_ERR_INTERNAL, "io_error", NULL, "line %ld: read error",
			       rec->line);
	for (i = 0; b.status == LD_OK && i < b.count; i++) {
		size_t end = i + 1 < b.count ? r->starts[i + 1] - 1 : r->data_len - 1;
		r->fields[i] = r->data + r->starts[i];
		if (!csv_utf8_valid(r->fields[i], end - r->starts[i])) {
			char msg[64];
			snprintf(msg, sizeof msg, "invalid UTF-8 in field %d", i + 1);
			csv_build_fail(&b, LD_ERR_INVALID, "invalid_utf8", msg);
		}
	}
	if (b.status != LD_OK)
		return ld_fail(err, b.status, b.code, NULL, "line %ld: %s", rec->line, b.msg);
	rec->count = b.count;
	return LD_OK;
}

int csv_column(const struct csv_record *header, const char *name)
{
	size_t nlen = strlen(name);
	int i;

	for (i = 0; i < header->count; i++) {
		const char *f = header->fields[i];
		size_t len;
		while (*f == ' ')
			f++;
		len = strlen(f);
		while (len > 0 && f[len - 1] == ' ')
			len--;
		if (len == nlen && memcmp(f, name, nlen) == 0)
			return i;
	}
	return -1;
}

bool csv_cell_is_formula(const char *s)
{
	while (*s == '\'')
		s++;
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
}

const char *csv_cell_restore(const char *s)
{
	return s[0] == '\'' && csv_cell_is_formula(s + 1) ? s + 1 : s;
}

ld_status csv_write(FILE *out, const char *const *fields, const enum csv_cell *cells, int count,
		    struct ld_err *err)
{
	int i;

	for (i = 0; i < count; i++) {
		const char *f = fields[i] != NULL ? fields[i] : "";
		size_t len = strlen(f);
		bool formula = cells != NULL && cells[i] == CSV_CELL_TEXT && csv_cell_is_formula(f);
		/* A lone empty field is written "": an empty line is a blank one. */
		bool quote = formula || (len > 0 ? f[0] == ' ' || f[len - 1] == ' ' ||
							   strpbrk(f, ",\"\r\n") != NULL
						 : count == 1);
		if (i > 0)
			putc(',', out);
		if (!quote) {
			fwrite(f, 1, len, out);
			continue;
		}
		putc('"', out);
		if (formula)
			putc('\'', out);
		for (; *f != '\0'; f++) {
			if (*f == '"')
				putc('"', out);
			putc(*f, out);
		}
		putc('"', out);
	}
	fputs("\r\n", out);
	if (ferror(out))
		return ld_fail(err, LD_ERR_INTERNAL, "io_error", NULL, "write error");
	return LD_OK;
}
