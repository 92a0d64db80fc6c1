/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Streaming CSV (RFC 4180) reader and writer for import and export.
 *
 * Owns: the byte-level syntax of CSV — quoted fields with embedded commas,
 * quotes ("") and line breaks, CRLF or LF line ends, a UTF-8 byte-order mark
 * at the start — plus the checks that make a record usable as text: every
 * field valid UTF-8 without NUL, fields and records within their limits. It
 * knows nothing of columns' meaning.
 *
 * A bad record (malformed quotes, invalid UTF-8, a field or record over its
 * limit) is reported with the line it starts on and skipped: the reader
 * resynchronises at the record's end (a length error keeps the quoting state,
 * so a long quoted field with line breaks is skipped whole; a quoting error
 * skips to the end of that physical line). Blank lines are skipped.
 *
 * Formulas. A spreadsheet opening a CSV evaluates a cell that starts with
 * '=', '+', '-' or '@' (and, in some, TAB or CR) as a formula, so a
 * customer who writes =HYPERLINK("http://…","click") into a message would
 * plant a live link in an analyst's sheet. The writer therefore neutralises
 * text cells as OWASP's CSV-injection guidance says: such a cell is written
 * quoted with a single quote in front ("'=HYPERLINK(…)"), which spreadsheets
 * show as text and hide. Which cells are text is the caller's to say, by
 * column (enum csv_cell): a figure the desk formats itself, such as a
 * sentiment of -0.25, stays a number. The prefix is undone by
 * csv_cell_restore(), so an export reads back losslessly: a cell that
 * already starts with quotes followed by a trigger ("'=x") gets one quote
 * more ("''=x"), and the reader takes exactly one away from a cell of one
 * or more quotes and a trigger — a bijection, whatever the text.
 *
 * Why not libcsv (Debian libcsv-dev): in its strict mode one malformed quote
 * stops the whole parse, so a bad row cannot be skipped and the rest
 * imported; it has no line numbers, no UTF-8 check and no field bound.
 */
#ifndef LD_UTIL_CSV_H
#define LD_UTIL_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/status.h"

#define CSV_FIELD_MAX_DEFAULT 65536          /* bytes of one field */
#define CSV_FIELDS_MAX_DEFAULT 64            /* fields of one record */
#define CSV_RECORD_MAX_DEFAULT (1024 * 1024) /* bytes of one record, all fields */

struct csv_limits {
	size_t field_max;   /* bytes per field, 0 = CSV_FIELD_MAX_DEFAULT */
	int fields_max;     /* fields per record, 0 = CSV_FIELDS_MAX_DEFAULT */
	size_t record_max;  /* bytes per record, 0 = CSV_RECORD_MAX_DEFAULT */
};

/* One record; its strings are the reader's, valid until the next csv_read(). */
struct csv_record {
	long line;          /* physical line (1-based) where the record starts */
	int count;          /* number of fields; 0 only at the end of input */
	char **fields;      /* `count` NUL-terminated UTF-8 strings */
};

struct csv_reader;

/*
 * Starts reading `in` (borrowed; the caller closes it after csv_reader_free()).
 * `lim` NULL = defaults. [out] *out freed with csv_reader_free(). Aborts on
 * out-of-memory like the rest of loyaldesk's allocations.
 */
ld_status csv_reader_new(FILE *in, const struct csv_limits *lim, struct csv_reader **out,
			 struct ld_err *err);

/* NULL-safe. */
void csv_reader_free(struct csv_reader *r);

/*
 * Reads the next record into `rec`.
 *  - LD_OK with rec->count > 0: a record; rec->count == 0: end of input.
 *  - LD_ERR_INVALID ("csv_syntax", "invalid_utf8") or LD_ERR_TOO_LARGE
 *    ("csv_too_long"): the record starting at rec->line is bad and was
 *    skipped; err->message reads "line N: …"; call again for the next one.
 *  - LD_ERR_INTERNAL ("io_error"): reading failed; stop.
 */
ld_status csv_read(struct csv_reader *r, struct csv_record *rec, struct ld_err *err);

/* Bytes consumed so far (for progress displays). */
long long csv_reader_offset(const struct csv_reader *r);

/*
 * Index of the column named `name` in a header record (exact match after
 * trimming ASCII spaces), or -1.
 */
int csv_column(const struct csv_record *header, const char *name);

/* What a column holds, which decides whether its cells are neutralised. */
enum csv_cell {
	CSV_CELL_TEXT,    /* text that may come from anyone (a name, a body): neutralised */
	CSV_CELL_NUMBER,  /* a number, id or time the desk formats itself: written as is */
};

/*
 * Writes one record of `count` fields to `out` with CRLF line end. A field is
 * quoted when it holds a comma, quote, CR or LF, or starts or ends with a
 * space, or is the record's only field and empty (an empty line would be a
 * blank line, which readers skip); NULL is written as an empty field.
 * `cells` (NULL = every field as given: raw output) holds the type of each
 * field: a CSV_CELL_TEXT field that a spreadsheet would take for a formula is
 * written quoted with a leading single quote (see "Formulas" above).
 * LD_ERR_INTERNAL "io_error" when the stream reports an error.
 */
ld_status csv_write(FILE *out, const char *const *fields, const enum csv_cell *cells, int count,
		    struct ld_err *err);

/* Whether csv_write() would neutralise text `s`: zero or more single quotes,
 * then '=', '+', '-', '@', TAB or CR. */
bool csv_cell_is_formula(const char *s);

/*
 * A text cell as it was before csv_write() neutralised it: `s` without its
 * first character when that is a single quote followed by what
 * csv_cell_is_formula() matches, else `s` itself. Borrowed from `s`.
 */
const char *csv_cell_restore(const char *s);

/* Strict UTF-8 check (shortest form, no surrogates, ≤ U+10FFFF, no NUL). */
bool csv_utf8_valid(const char *s, size_t len);

#endif
