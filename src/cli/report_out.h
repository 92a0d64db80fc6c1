/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Renderers of `loyaldesk report`. A report kind (cli/report.c) turns an app
 * report into a struct report_doc — a title, the filter it covers and a list
 * of measures in words — and these functions write that document as an
 * aligned table, one JSON object, CSV or an XLSX workbook.
 *
 * Owns the four layouts and their number formats. Knows nothing of what a
 * measure means and must not call the app or the store: everything it prints
 * is in the document. Shares are fractions 0…1 everywhere but the table
 * (percent) and the workbook (fractions with a percent number format).
 * A measure without data prints as "–", JSON null or an empty cell, never 0.
 */
#ifndef LD_CLI_REPORT_OUT_H
#define LD_CLI_REPORT_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/model.h"
#include "core/survey_metrics.h"
#include "util/status.h"

enum report_format {
	REPORT_FORMAT_TABLE,
	REPORT_FORMAT_JSON,
	REPORT_FORMAT_CSV,
	REPORT_FORMAT_XLSX,
};

/* "table", "json", "csv", "xlsx" → the format; -1 for anything else or NULL. */
int report_format_parse(const char *s);

/* What a measure holds, which decides how each format writes it. */
enum report_value {
	REPORT_VALUE_COUNT,     /* a whole number: `count` */
	REPORT_VALUE_SHARE,     /* a share with its interval: `share` */
	REPORT_VALUE_RATE,      /* a mean per case: `value`, two decimals in the table */
	REPORT_VALUE_DURATION,  /* a mean duration: `value` in seconds */
	REPORT_VALUE_RATIO,     /* a ratio with its interval: `value`, `ci_low`, `ci_high` */
	REPORT_VALUE_SCORE,     /* a score or mean with its interval: the same fields */
};

/* One line of a report. */
struct report_measure {
	const char *key;            /* "high_effort": JSON key and CSV measure; static */
	const char *label;          /* "high-effort cases": table and workbook; static */
	int indent;                 /* 0, or 1 for a part of the measure above */
	enum report_value kind;     /* which of the fields below holds the figure */
	bool has_data;              /* false: no figure (no cases, nothing resolved) */
	int64_t count;              /* REPORT_VALUE_COUNT */
	struct survey_share share;  /* REPORT_VALUE_SHARE (has_data mirrors share.has_data) */
	double value;               /* RATE, DURATION (seconds), RATIO, SCORE */
	double ci_low;              /* RATIO, SCORE: 95% interval, same units as value */
	double ci_high;
	bool has_interval;          /* RATIO, SCORE: the interval is known */
};

#define REPORT_MEASURES_MAX 32

/* A rendered report: what was asked and the measures, in display order. */
struct report_doc {
	const char *title;                /* "Customer effort"; static */
	const char *sheet;                /* worksheet name, ≤ 31 characters: "Effort"; static */
	const char *population;           /* what the period selects: "cases opened"; static */
	const char *note;                 /* closing remark of table and workbook, or NULL; static */
	int64_t from;                     /* first second covered (UTC), 0 = since ever */
	int64_t to;                       /* first second not covered, 0 = until now */
	int64_t team_id;                  /* owning team, 0 = all */
	char team_name[LD_NAME_MAX + 1];  /* its name, "" when all or unknown */
	int channel;                      /* first contact's channel (enum ld_channel), -1 = all */
	bool by_facility;                 /* the report takes a branch (the effort report) */
	int64_t facility_id;              /* cases with a contact at this branch, 0 = all */
	char facility_name[LD_NAME_MAX + 1]; /* its name, "" when all or unknown */
	int n;                            /* measures used */
	struct report_measure measures[REPORT_MEASURES_MAX]; /* display order */
};

/*
 * The filter in words: "cases opened 2026-01-01 through 2026-01-31 (UTC),
 * team Billing (1), first contact by web". Truncated to fit `buf_len`.
 */
void report_filter_text(const struct report_doc *doc, char *buf, size_t buf_len);

/*
 * The table: a header line with the filter, then one aligned line per
 * measure — a share as "17.4%  [15.8–19.1]  348 of 2,000". Returns
 * LD_ERR_INTERNAL "io_error" when `out` reports an error.
 */
ld_status report_write_table(const struct report_doc *doc, FILE *out, struct ld_err *err);

/*
 * One JSON object: each measure under its key — a count as an integer, a
 * share as {"share","ci_low","ci_high","hits","n"}, a rate or duration as a
 * number, a ratio as {"ratio","ci_low","ci_high"}, a score as
 * {"value","ci_low","ci_high"} — then "filter": {"from","to","team","channel"} (from/to as UTC
 * instants of the half-open period, each null when open). Figures without
 * data are null.
 */
ld_status report_write_json(const struct report_doc *doc, FILE *out, struct ld_err *err);

/*
 * CSV (RFC 4180, CRLF): header `measure,share,ci_low,ci_high,hits,n`, one row
 * per share, then one row per other measure with its value in the share
 * column and the rest empty. The measure column is text, neutralised where a
 * spreadsheet would take it for a formula (util/csv.h) unless `raw`; the
 * figures are numbers and written as such, a negative one too (-0.25).
 */
ld_status report_write_csv(const struct report_doc *doc, FILE *out, bool raw,
			   struct ld_err *err);

/*
 * An XLSX workbook at `path` (created or replaced) with one worksheet
 * doc->sheet: the title, the filter, the table with percent and count
 * number formats, and the note. Words are string cells and figures number
 * cells, never formulas: a team named "=HYPERLINK(…)" is text in the sheet.
 * LD_ERR_INTERNAL "io_error" when it cannot be written; `path` may then hold
 * a partial file (the caller writes beside the target and renames).
 */
ld_status report_write_xlsx(const struct report_doc *doc, const char *path, struct ld_err *err);

#endif
