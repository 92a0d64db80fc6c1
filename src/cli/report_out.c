/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Renderers of `loyaldesk report` (contract in report_out.h): the aligned
 * table, JSON, CSV and the XLSX workbook of a struct report_doc.
 *
 * Owns layouts and number formats only; the document already holds every
 * figure and every word. The table aligns by display width (labels carry
 * "→", intervals "–"), groups thousands with commas and prints shares in
 * percent with one decimal; the machine formats keep fractions, with the
 * workbook giving them a percent number format so that they stay numbers.
 */
#include "cli/report_out.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "cli/cli.h"
#include "util/csv.h"

int report_format_parse(const char *s)
{
	static const char *const names[] = { "table", "json", "csv", "xlsx" };
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return i; /* enum report_format follows this order */
	return -1;
}

/* ---------------------------------------------------------------------- */
/* Text of figures                                                         */
/* ---------------------------------------------------------------------- */

/* "2,000": decimal with thousands grouped by commas. */
static void report_fmt_count(int64_t v, char *buf, size_t buf_len)
{
	char digits[24];
	size_t len, i, o = 0;

	snprintf(digits, sizeof digits, "%lld", (long long)v);
	len = strlen(digits);
	for (i = 0; i < len && o + 1 < buf_len; i++) {
		buf[o++] = digits[i];
		/* a comma after a digit with a multiple of three digits to its right */
		if (digits[i] != '-' && (len - i - 1) % 3 == 0 && i + 1 < len && o + 1 < buf_len)
			buf[o++] = ',';
	}
	buf[o] = '\0';
}

/* "2 d 4 h", "3 h 12 min", "42 min", "30 s": a mean duration, coarsely. */
static void report_fmt_duration(double seconds, char *buf, size_t buf_len)
{
	long long t = llround(seconds);
	long long d = t / 86400, h = t % 86400 / 3600, m = t % 3600 / 60;

	if (d > 0)
		snprintf(buf, buf_len, "%lld d %lld h", d, h);
	else if (h > 0)
		snprintf(buf, buf_len, "%lld h %lld min", h, m);
	else if (m > 0)
		snprintf(buf, buf_len, "%lld min", m);
	else
		snprintf(buf, buf_len, "%lld s", t);
}

/* A number for machines: six decimals at most, no trailing zeros ("0.174"). */
static void report_fmt_number(double v, char *buf, size_t buf_len)
{
	size_t len;

	snprintf(buf, buf_len, "%.6f", v);
	if (strchr(buf, '.') == NULL)
		return;
	len = strlen(buf);
	while (len > 0 && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[--len] = '\0';
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, buf_len, "0");
}

/* "2026-01-31" of the UTC day second `t` falls in. */
static void report_fmt_day(int64_t t, char *buf, size_t buf_len)
{
	char iso[32];

	cli_format_time(t, iso, sizeof iso);
	snprintf(buf, buf_len, "%.10s", iso);
}

void report_filter_text(const struct report_doc *doc, char *buf, size_t buf_len)
{
	char from[16], last[16], period[128], team[LD_NAME_MAX + 48], channel[48];
	char branch[LD_NAME_MAX + 48];

	if (doc->from != 0)
		report_fmt_day(doc->from, from, sizeof from);
	/* `to` is exclusive: the last day covered holds its previous second */
	if (doc->to != 0)
		report_fmt_day(doc->to - 1, last, sizeof last);
	if (doc->from != 0 && doc->to != 0)
		snprintf(period, sizeof period, "%s %s through %s (UTC)", doc->population, from,
			 last);
	else if (doc->from != 0)
		snprintf(period, sizeof period, "%s since %s (UTC)", doc->population, from);
	else if (doc->to != 0)
		snprintf(period, sizeof period, "%s through %s (UTC)", doc->population, last);
	else
		snprintf(period, sizeof period, "%s at any time", doc->population);
	if (doc->team_id == 0)
		snprintf(team, sizeof team, "all teams");
	else if (doc->team_name[0] != '\0')
		snprintf(team, sizeof team, "team %s (%lld)", doc->team_name,
			 (long long)doc->team_id);
	else
		snprintf(team, sizeof team, "team %lld", (long long)doc->team_id);
	if (doc->channel >= 0 && ld_channel_name(doc->channel) != NULL)
		snprintf(channel, sizeof channel, "first contact by %s",
			 ld_channel_name(doc->channel));
	else
		snprintf(channel, sizeof channel, "any first channel");
	if (doc->facility_id == 0)
		branch[0] = '\0';
	else if (doc->facility_name[0] != '\0')
		snprintf(branch, sizeof branch, ", at branch %s (%lld)", doc->facility_name,
			 (long long)doc->facility_id);
	else
		snprintf(branch, sizeof branch, ", at branch %lld", (long long)doc->facility_id);
	snprintf(buf, buf_len, "%s, %s, %s%s", period, team, channel, branch);
}

/* ---------------------------------------------------------------------- */
/* Table                                                                   */
/* ---------------------------------------------------------------------- */

/* The text cells of one table line. */
struct report_cells {
	char value[32];     /* "17.4%", "2,000", "0.23", "2 d 4 h", "–" */
	char interval[40];  /* "[15.8–19.1]", "" when none */
	char counts[80];    /* "348 of 2,000", "" when none */
};

static void report_cells_of(const struct report_measure *m, struct report_cells *c)
{
	char hits[32], n[32];

	c->interval[0] = '\0';
	c->counts[0] = '\0';
	snprintf(c->value, sizeof c->value, "–");
	switch (m->kind) {
	case REPORT_VALUE_COUNT:
		report_fmt_count(m->count, c->value, sizeof c->value);
		break;
	case REPORT_VALUE_SHARE:
		if (m->share.has_data) {
			snprintf(c->value, sizeof c->value, "%.1f%%", m->share.share * 100);
			snprintf(c->interval, sizeof c->interval, "[%.1f–%.1f]",
				 m->share.ci_low * 100, m->share.ci_high * 100);
		}
		report_fmt_count(m->share.hits, hits, sizeof hits);
		report_fmt_count(m->share.n, n, sizeof n);
		snprintf(c->counts, sizeof c->counts, "%s of %s", hits, n);
		break;
	case REPORT_VALUE_RATE:
		if (m->has_data)
			snprintf(c->value, sizeof c->value, "%.2f", m->value);
		break;
	case REPORT_VALUE_DURATION:
		if (m->has_data)
			report_fmt_duration(m->value, c->value, sizeof c->value);
		break;
	case REPORT_VALUE_RATIO:
	case REPORT_VALUE_SCORE:
		if (m->has_data)
			snprintf(c->value, sizeof c->value, "%.2f", m->value);
		if (m->has_data && m->has_interval)
			snprintf(c->interval, sizeof c->interval, "[%.2f, %.2f]", m->ci_low,
				 m->ci_high);
		break;
	}
}

/* Writes `s` padded with spaces to display width `width`, on the left or right. */
static void report_put_padded(FILE *out, const char *s, size_t width, bool right)
{
	size_t w = cli_text_width(s);
	int pad = w < width ? (int)(width - w) : 0;

	if (right)
		fprintf(out, "%*s%s", pad, "", s);
	else
		fprintf(out, "%s%*s", s, pad, "");
}

static size_t report_max(size_t a, size_t b)
{
	return a > b ? a : b;
}

ld_status report_write_table(const struct report_doc *doc, FILE *out, struct ld_err *err)
{
	struct report_cells cells[REPORT_MEASURES_MAX];
	size_t w_label = 0, w_value = 0, w_interval = 0, w_counts = 0;
	char filter[512];
	int i;

	for (i = 0; i < doc->n; i++) {
		const struct report_measure *m = &doc->measures[i];
		report_cells_of(m, &cells[i]);
		w_label = report_max(w_label, (size_t)m->indent * 2 + cli_text_width(m->label));
		w_value = report_max(w_value, cli_text_width(cells[i].value));
		w_interval = report_max(w_interval, cli_text_width(cells[i].interval));
		w_counts = report_max(w_counts, cli_text_width(cells[i].counts));
	}
	report_filter_text(doc, filter, sizeof filter);
	fprintf(out, "%s — %s\n\n", doc->title, filter);
	for (i = 0; i < doc->n; i++) {
		const struct report_measure *m = &doc->measures[i];
		fprintf(out, "%*s", m->indent * 2, "");
		report_put_padded(out, m->label, w_label - (size_t)m->indent * 2, false);
		fputs("  ", out);
		report_put_padded(out, cells[i].value, w_value, true);
		/* no trailing blanks on lines without an interval or counts */
		if (cells[i].counts[0] != '\0') {
			fputs("  ", out);
			report_put_padded(out, cells[i].interval, w_interval, false);
			fputs("  ", out);
			report_put_padded(out, cells[i].counts, w_counts, true);
		} else if (cells[i].interval[0] != '\0') {
			fputs("  ", out);
			fputs(cells[i].interval, out);
		}
		fputc('\n', out);
	}
	if (doc->note != NULL)
		fprintf(out, "\n%s\n", doc->note);
	if (ferror(out))
		return ld_fail(err, LD_ERR_INTERNAL, "io_error", NULL, "write error");
	return LD_OK;
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                    */
/* ---------------------------------------------------------------------- */

static json_t *report_json_number(bool has_data, double v)
{
	/* the figures are finite by the app's contract; null beats a NULL json_t */
	return has_data && isfinite(v) ? json_real(v) : json_null();
}

static json_t *report_json_measure(const struct report_measure *m)
{
	const struct survey_share *s = &m->share;

	switch (m->kind) {
	case REPORT_VALUE_COUNT:
		return json_integer((json_int_t)m->count);
	case REPORT_VALUE_SHARE:
		return json_pack("{s:o, s:o, s:o, s:I, s:I}", "share",
				 report_json_number(s->has_data, s->share), "ci_low",
				 report_json_number(s->has_data, s->ci_low), "ci_high",
				 report_json_number(s->has_data, s->ci_high), "hits",
				 (json_int_t)s->hits, "n", (json_int_t)s->n);
	case REPORT_VALUE_RATIO:
	case REPORT_VALUE_SCORE:
		return json_pack("{s:o, s:o, s:o}", m->kind == REPORT_VALUE_RATIO ? "ratio" : "value",
				 report_json_number(m->has_data, m->value), "ci_low",
				 report_json_number(m->has_data && m->has_interval, m->ci_low),
				 "ci_high",
				 report_json_number(m->has_data && m->has_interval, m->ci_high));
	case REPORT_VALUE_RATE:
	case REPORT_VALUE_DURATION:
		break;
	}
	return report_json_number(m->has_data, m->value);
}

static json_t *report_json_time(int64_t t)
{
	char iso[32];

	if (t == 0)
		return json_null();
	cli_format_time(t, iso, sizeof iso);
	return json_string(iso);
}

ld_status report_write_json(const struct report_doc *doc, FILE *out, struct ld_err *err)
{
	json_t *root = json_object();
	json_t *filter;
	const char *channel = doc->channel >= 0 ? ld_channel_name(doc->channel) : NULL;
	ld_status rc = LD_OK;
	int i;

	if (root == NULL)
		abort();
	for (i = 0; i < doc->n; i++)
		json_object_set_new(root, doc->measures[i].key,
				    report_json_measure(&doc->measures[i]));
	filter = json_pack("{s:o, s:o, s:o, s:o}", "from", report_json_time(doc->from), "to",
			   report_json_time(doc->to), "team",
			   doc->team_id != 0 ? json_integer((json_int_t)doc->team_id) : json_null(),
			   "channel", channel != NULL ? json_string(channel) : json_null());
	if (doc->by_facility)
		json_object_set_new(filter, "facility",
				    doc->facility_id != 0 ? json_integer((json_int_t)doc->facility_id)
							  : json_null());
	json_object_set_new(root, "filter", filter);
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) != 0 ||
	    fputc('\n', out) == EOF || ferror(out))
		rc = ld_fail(err, LD_ERR_INTERNAL, "io_error", NULL, "write error");
	json_decref(root);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* CSV                                                                     */
/* ---------------------------------------------------------------------- */

ld_status report_write_csv(const struct report_doc *doc, FILE *out, bool raw, struct ld_err *err)
{
	static const char *const head[] = { "measure", "share", "ci_low", "ci_high", "hits", "n" };
	/* the measure is text; the rest are figures, negative ones included */
	static const enum csv_cell cells[] = { CSV_CELL_TEXT,   CSV_CELL_NUMBER, CSV_CELL_NUMBER,
					       CSV_CELL_NUMBER, CSV_CELL_NUMBER, CSV_CELL_NUMBER };
	char v[4][32], hits[24], n[24];
	const char *f[6];
	ld_status rc;
	int pass, i;

	rc = csv_write(out, head, NULL, 6, err);
	/* shares first, then the other measures in display order */
	for (pass = 0; pass < 2 && rc == LD_OK; pass++) {
		for (i = 0; i < doc->n && rc == LD_OK; i++) {
			const struct report_measure *m = &doc->measures[i];
			bool share = m->kind == REPORT_VALUE_SHARE;
			if (share != (pass == 0))
				continue;
			f[0] = m->key;
			f[1] = f[2] = f[3] = f[4] = f[5] = NULL;
			if (share) {
				if (m->share.has_data) {
					report_fmt_number(m->share.share, v[0], sizeof v[0]);
					report_fmt_number(m->share.ci_low, v[1], sizeof v[1]);
					report_fmt_number(m->share.ci_high, v[2], sizeof v[2]);
					f[1] = v[0];
					f[2] = v[1];
					f[3] = v[2];
				}
				snprintf(hits, sizeof hits, "%lld", (long long)m->share.hits);
				snprintf(n, sizeof n, "%lld", (long long)m->share.n);
				f[4] = hits;
				f[5] = n;
			} else if (m->kind == REPORT_VALUE_COUNT) {
				snprintf(v[3], sizeof v[3], "%lld", (long long)m->count);
				f[1] = v[3];
			} else if (m->has_data && m->has_interval) {
				report_fmt_number(m->value, v[3], sizeof v[3]);
				report_fmt_number(m->ci_low, v[1], sizeof v[1]);
				report_fmt_number(m->ci_high, v[2], sizeof v[2]);
				f[1] = v[3];
				f[2] = v[1];
				f[3] = v[2];
			} else if (m->has_data) {
				report_fmt_number(m->value, v[3], sizeof v[3]);
				f[1] = v[3];
			}
			rc = csv_write(out, f, raw ? NULL : cells, 6, err);
		}
	}
	return rc;
}

/* ---------------------------------------------------------------------- */
/* XLSX                                                                    */
/* ---------------------------------------------------------------------- */

/* The cell formats of the workbook (owned by it). */
struct report_xlsx_formats {
	lxw_format *title;   /* bold, larger */
	lxw_format *head;    /* bold column heads */
	lxw_format *indent;  /* a label that is part of the one above */
	lxw_format *pct;     /* 0.0% */
	lxw_format *count;   /* #,##0 */
	lxw_format *rate;    /* 0.00 */
	lxw_format *hours;   /* [h]:mm of a duration in days */
};

/* Keeps the first error of a run of worksheet writes. */
static void report_xlsx_check(lxw_error *first, lxw_error e)
{
	if (*first == LXW_NO_ERROR)
		*first = e;
}

static void report_xlsx_formats(lxw_workbook *wb, struct report_xlsx_formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	f->indent = workbook_add_format(wb);
	format_set_indent(f->indent, 1);
	f->pct = workbook_add_format(wb);
	format_set_num_format(f->pct, "0.0%");
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "#,##0");
	f->rate = workbook_add_format(wb);
	format_set_num_format(f->rate, "0.00");
	f->hours = workbook_add_format(wb);
	format_set_num_format(f->hours, "[h]:mm");
}

/* Writes measure `m` on row `row`. */
static void report_xlsx_measure(lxw_worksheet *ws, const struct report_xlsx_formats *f,
				lxw_row_t row, const struct report_measure *m, lxw_error *first)
{
	const struct survey_share *s = &m->share;
	char label[160];

	if (m->kind == REPORT_VALUE_DURATION)
		snprintf(label, sizeof label, "%s (h:mm)", m->label);
	else
		snprintf(label, sizeof label, "%s", m->label);
	report_xlsx_check(first, worksheet_write_string(ws, row, 0, label,
							m->indent > 0 ? f->indent : NULL));
	switch (m->kind) {
	case REPORT_VALUE_COUNT:
		report_xlsx_check(first, worksheet_write_number(ws, row, 1, (double)m->count,
								f->count));
		break;
	case REPORT_VALUE_SHARE:
		if (s->has_data) {
			report_xlsx_check(first, worksheet_write_number(ws, row, 1, s->share, f->pct));
			report_xlsx_check(first, worksheet_write_number(ws, row, 2, s->ci_low, f->pct));
			report_xlsx_check(first, worksheet_write_number(ws, row, 3, s->ci_high, f->pct));
		}
		report_xlsx_check(first, worksheet_write_number(ws, row, 4, (double)s->hits, f->count));
		report_xlsx_check(first, worksheet_write_number(ws, row, 5, (double)s->n, f->count));
		break;
	case REPORT_VALUE_RATE:
		if (m->has_data)
			report_xlsx_check(first, worksheet_write_number(ws, row, 1, m->value, f->rate));
		break;
	case REPORT_VALUE_RATIO:
	case REPORT_VALUE_SCORE:
		if (m->has_data)
			report_xlsx_check(first, worksheet_write_number(ws, row, 1, m->value, f->rate));
		if (m->has_data && m->has_interval) {
			report_xlsx_check(first, worksheet_write_number(ws, row, 2, m->ci_low, f->rate));
			report_xlsx_check(first, worksheet_write_number(ws, row, 3, m->ci_high, f->rate));
		}
		break;
	case REPORT_VALUE_DURATION:
		/* a spreadsheet duration is a number of days */
		if (m->has_data)
			report_xlsx_check(first, worksheet_write_number(ws, row, 1, m->value / 86400,
									f->hours));
		break;
	}
}

ld_status report_write_xlsx(const struct report_doc *doc, const char *path, struct ld_err *err)
{
	static const char *const head[] = { "measure", "share", "95% low", "95% high", "hits", "n" };
	struct report_xlsx_formats f;
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_error first = LXW_NO_ERROR, closed;
	lxw_row_t row;
	char filter[512];
	ld_status rc = LD_OK;
	int i;

	wb = workbook_new(path);
	if (wb == NULL) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "io_error", NULL, "cannot create %s", path);
		goto out;
	}
	ws = workbook_add_worksheet(wb, doc->sheet);
	if (ws == NULL) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "xlsx_error", NULL, "cannot add worksheet %s",
			     doc->sheet);
		goto out;
	}
	report_xlsx_formats(wb, &f);
	report_xlsx_check(&first, worksheet_set_column(ws, 0, 0, 42, NULL));
	report_xlsx_check(&first, worksheet_set_column(ws, 1, 5, 11, NULL));
	report_filter_text(doc, filter, sizeof filter);
	report_xlsx_check(&first, worksheet_write_string(ws, 0, 0, doc->title, f.title));
	report_xlsx_check(&first, worksheet_write_string(ws, 1, 0, filter, NULL));
	for (i = 0; i < 6; i++)
		report_xlsx_check(&first, worksheet_write_string(ws, 3, (lxw_col_t)i, head[i],
								 f.head));
	row = 4;
	for (i = 0; i < doc->n; i++)
		report_xlsx_measure(ws, &f, row++, &doc->measures[i], &first);
	if (doc->note != NULL)
		report_xlsx_check(&first, worksheet_write_string(ws, row + 1, 0, doc->note, NULL));
	if (first != LXW_NO_ERROR) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "xlsx_error", NULL, "cannot fill the workbook: %s",
			     lxw_strerror(first));
		goto out;
	}
	closed = workbook_close(wb);
	wb = NULL;
	if (closed != LXW_NO_ERROR)
		rc = ld_fail(err, LD_ERR_INTERNAL, "io_error", NULL, "cannot write %s: %s", path,
			     lxw_strerror(closed));
out:
	/* an abandoned workbook is freed without writing it */
	if (wb != NULL)
		lxw_workbook_free(wb);
	return rc;
}
