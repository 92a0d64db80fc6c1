/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Opening hours: checking a weekly calendar, and its text form (parsing
 * "mon-fri 08:00-17:00; sat 09:00-12:00" and writing it back canonically).
 * The grammar is documented in core/sla.h; the arithmetic over calendars is
 * core/sla.c. Pure: no I/O, no allocation, no locale (<ctype.h> follows the
 * process locale, the hours format must not).
 */
#include "core/sla.h"
#include <string.h>

/* ======================================================================
 * Checking calendars
 * ====================================================================== */

static const char sla_day_names[SLA_DAYS][4] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static ld_status hours_fail(struct ld_err *err, const char *what, const char *day)
{
	return ld_fail(err, LD_ERR_INVALID, "invalid_hours", "hours", "%s on %s", what, day);
}

ld_status sla_week_check(const struct sla_week *w, struct ld_err *err)
{
	for (int d = 0; d < SLA_DAYS; d++) {
		const struct sla_day *day = &w->days[d];
		if (day->count < 0 || day->count > SLA_INTERVALS_MAX)
			return hours_fail(err, "more than 4 opening intervals", sla_day_names[d]);
		for (int i = 0; i < day->count; i++) {
			const struct sla_interval *iv = &day->intervals[i];
			if (iv->start < 0 || iv->end > SLA_MINUTES_PER_DAY)
				return hours_fail(err, "an interval outside 00:00-24:00", sla_day_names[d]);
			if (iv->start >= iv->end)
				return hours_fail(err, "an interval that does not end after it starts",
						  sla_day_names[d]);
			if (i > 0 && iv->start < day->intervals[i - 1].end)
				return hours_fail(err, "overlapping or unsorted intervals", sla_day_names[d]);
		}
	}
	return LD_OK;
}

bool sla_week_equal(const struct sla_week *a, const struct sla_week *b)
{
	for (int d = 0; d < SLA_DAYS; d++) {
		if (a->days[d].count != b->days[d].count)
			return false;
		int count = a->days[d].count < SLA_INTERVALS_MAX ? a->days[d].count : SLA_INTERVALS_MAX;
		for (int i = 0; i < count; i++)
			if (a->days[d].intervals[i].start != b->days[d].intervals[i].start
			    || a->days[d].intervals[i].end != b->days[d].intervals[i].end)
				return false;
	}
	return true;
}

/* ======================================================================
 * Text form: parsing
 * ====================================================================== */

/* A cursor over the text being parsed. */
struct sla_parser {
	const char *text;    /* borrowed: the whole input, for positions */
	const char *p;       /* next unread character */
	struct ld_err *err;  /* where failures go, may be NULL */
};

static ld_status parse_fail(struct sla_parser *ps, const char *what)
{
	return ld_fail(ps->err, LD_ERR_INVALID, "invalid_hours", "hours", "%s at character %d", what,
		       (int)(ps->p - ps->text) + 1);
}

/* ASCII classes by hand: <ctype.h> follows the process locale, the format does not. */
static bool is_letter(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static char lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static void skip_space(struct sla_parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static ld_status parse_day(struct sla_parser *ps, int *day)
{
	skip_space(ps);
	const char *start = ps->p;
	size_t len = 0;
	while (is_letter(start[len]))
		len++;
	if (len == 0)
		return parse_fail(ps, "expected a day name (mon, tue, wed, thu, fri, sat, sun)");
	if (len == 3) {
		for (int d = 0; d < SLA_DAYS; d++) {
			if (lower(start[0]) == sla_day_names[d][0] && lower(start[1]) == sla_day_names[d][1]
			    && lower(start[2]) == sla_day_names[d][2]) {
				*day = d;
				ps->p += len;
				return LD_OK;
			}
		}
	}
	return ld_fail(ps->err, LD_ERR_INVALID, "invalid_hours", "hours",
		       "unknown day name \"%.*s\" at character %d (use mon, tue, wed, thu, fri, sat, sun)",
		       len > 20 ? 20 : (int)len, start, (int)(start - ps->text) + 1);
}

/* H[H]:MM → minutes 0 … 1440. */
static ld_status parse_time(struct sla_parser *ps, int *minutes)
{
	skip_space(ps);
	int hours = 0, digits = 0;
	while (is_digit(*ps->p) && digits < 3) {
		hours = hours * 10 + (*ps->p - '0');
		ps->p++;
		digits++;
	}
	if (digits == 0 || digits > 2 || *ps->p != ':')
		return parse_fail(ps, "expected a time HH:MM");
	ps->p++;
	if (!is_digit(ps->p[0]) || !is_digit(ps->p[1]) || is_digit(ps->p[2]))
		return parse_fail(ps, "expected two digits of minutes");
	int mins = (ps->p[0] - '0') * 10 + (ps->p[1] - '0');
	if (mins >= 60)
		return parse_fail(ps, "minutes must be below 60");
	if (hours > 24 || (hours == 24 && mins > 0))
		return parse_fail(ps, "time after 24:00");
	ps->p += 2;
	*minutes = hours * 60 + mins;
	return LD_OK;
}

/* days = dayset { "," dayset }; sets bits 0 … 6 of *mask. */
static ld_status parse_days(struct sla_parser *ps, unsigned *mask)
{
	*mask = 0;
	for (;;) {
		int a, b;
		ld_status rc = parse_day(ps, &a);
		if (rc != LD_OK)
			return rc;
		b = a;
		skip_space(ps);
		if (*ps->p == '-') {
			ps->p++;
			rc = parse_day(ps, &b);
			if (rc != LD_OK)
				return rc;
		}
		for (int d = a;; d = (d + 1) % SLA_DAYS) { /* wraps: fri-mon */
			*mask |= 1u << d;
			if (d == b)
				break;
		}
		skip_space(ps);
		if (*ps->p != ',')
			return LD_OK;
		ps->p++;
	}
}

static ld_status add_interval(struct sla_parser *ps, struct sla_week *w, unsigned mask, int start, int end)
{
	for (int d = 0; d < SLA_DAYS; d++) {
		if (!(mask & (1u << d)))
			continue;
		struct sla_day *day = &w->days[d];
		if (day->count == SLA_INTERVALS_MAX)
			return ld_fail(ps->err, LD_ERR_INVALID, "invalid_hours", "hours",
				       "more than %d opening intervals on %s at character %d",
				       SLA_INTERVALS_MAX, sla_day_names[d], (int)(ps->p - ps->text) + 1);
		day->intervals[day->count].start = (int16_t)start;
		day->intervals[day->count].end = (int16_t)end;
		day->count++;
	}
	return LD_OK;
}

/* rule = days ranges */
static ld_status parse_rule(struct sla_parser *ps, struct sla_week *w)
{
	unsigned mask;
	ld_status rc = parse_days(ps, &mask);
	if (rc != LD_OK)
		return rc;
	for (;;) {
		int start, end;
		rc = parse_time(ps, &start);
		if (rc != LD_OK)
			return rc;
		skip_space(ps);
		if (*ps->p != '-')
			return parse_fail(ps, "expected '-' between opening and closing time");
		ps->p++;
		const char *end_at = ps->p;
		rc = parse_time(ps, &end);
		if (rc != LD_OK)
			return rc;
		if (start >= end) {
			ps->p = end_at;
			return parse_fail(ps, "closing time must be after opening time (split a night "
					      "shift at midnight: \"sun 22:00-24:00; mon 00:00-06:00\")");
		}
		rc = add_interval(ps, w, mask, start, end);
		if (rc != LD_OK)
			return rc;
		skip_space(ps);
		if (*ps->p != ',')
			return LD_OK;
		ps->p++;
	}
}

static int compare_interval(const struct sla_interval *a, const struct sla_interval *b)
{
	return a->start != b->start ? a->start - b->start : a->end - b->end;
}

static ld_status parse_week(const char *text, struct sla_week *out, struct ld_err *err)
{
	struct sla_parser ps = { .text = text ? text : "", .p = text ? text : "", .err = err };

	skip_space(&ps);
	if (*ps.p == '\0')
		return parse_fail(&ps, "opening hours are empty (write \"24/7\" for always open)");
	if (strncmp(ps.p, "24/7", 4) == 0) {
		ps.p += 4;
		skip_space(&ps);
		if (*ps.p != '\0')
			return parse_fail(&ps, "\"24/7\" must stand alone");
		return LD_OK;
	}
	for (;;) {
		ld_status rc = parse_rule(&ps, out);
		if (rc != LD_OK)
			return rc;
		skip_space(&ps);
		if (*ps.p == ';') {
			ps.p++;
			skip_space(&ps);
		} else if (*ps.p != '\0') {
			return parse_fail(&ps, "expected ';' or the end of the text");
		}
		if (*ps.p == '\0')
			break;
	}

	/* Rules may name a day more than once: sort its intervals (insertion sort; ≤ 4), then check. */
	for (int d = 0; d < SLA_DAYS; d++) {
		struct sla_day *day = &out->days[d];
		for (int i = 1; i < day->count; i++) {
			struct sla_interval key = day->intervals[i];
			int j = i - 1;
			while (j >= 0 && compare_interval(&day->intervals[j], &key) > 0) {
				day->intervals[j + 1] = day->intervals[j];
				j--;
			}
			day->intervals[j + 1] = key;
		}
		for (int i = 1; i < day->count; i++) {
			if (day->intervals[i].start < day->intervals[i - 1].end) {
				int a = day->intervals[i - 1].start, b = day->intervals[i - 1].end;
				int x = day->intervals[i].start, y = day->intervals[i].end;
				ld_fail(err, LD_ERR_INVALID, "invalid_hours", "hours",
					"overlapping intervals on %s: %02d:%02d-%02d:%02d and %02d:%02d-%02d:%02d",
					sla_day_names[d], a / 60, a % 60, b / 60, b % 60, x / 60, x % 60, y / 60,
					y % 60);
				return LD_ERR_INVALID;
			}
		}
	}
	return LD_OK;
}

ld_status sla_week_parse(const char *text, struct sla_week *out, struct ld_err *err)
{
	memset(out, 0, sizeof *out);
	ld_status rc = parse_week(text, out, err);
	if (rc != LD_OK)
		memset(out, 0, sizeof *out); /* never hand out half a week */
	return rc;
}

/* ======================================================================
 * Text form: formatting
 * ====================================================================== */

/* An output buffer with snprintf semantics: counts what it cannot store. */
struct sla_out {
	char *buf;      /* borrowed, may be NULL when len is 0 */
	size_t len;     /* capacity of buf in bytes, NUL included */
	size_t pos;     /* characters produced so far (may exceed len) */
};

static void out_char(struct sla_out *o, char ch)
{
	if (o->len > 0 && o->pos < o->len - 1)
		o->buf[o->pos] = ch;
	o->pos++;
}

static void out_text(struct sla_out *o, const char *s)
{
	while (*s)
		out_char(o, *s++);
}

static void out_time(struct sla_out *o, int minutes)
{
	out_char(o, (char)('0' + minutes / 600));
	out_char(o, (char)('0' + minutes / 60 % 10));
	out_char(o, ':');
	out_char(o, (char)('0' + minutes % 60 / 10));
	out_char(o, (char)('0' + minutes % 10));
}

static bool day_equal(const struct sla_day *a, const struct sla_day *b)
{
	if (a->count != b->count)
		return false;
	for (int i = 0; i < a->count; i++)
		if (a->intervals[i].start != b->intervals[i].start || a->intervals[i].end != b->intervals[i].end)
			return false;
	return true;
}

size_t sla_week_format(const struct sla_week *w, char *buf, size_t buf_len)
{
	struct sla_out o = { .buf = buf, .len = buf_len, .pos = 0 };
	bool done[SLA_DAYS] = { false };
	bool first_rule = true;

	if (sla_week_is_always_open(w))
		out_text(&o, "24/7");
	for (int d = 0; d < SLA_DAYS; d++) {
		const struct sla_day *day = &w->days[d];
		if (done[d] || day->count <= 0 || day->count > SLA_INTERVALS_MAX)
			continue;
		bool member[SLA_DAYS] = { false };
		for (int e = d; e < SLA_DAYS; e++)
			if (!done[e] && day_equal(day, &w->days[e]))
				member[e] = done[e] = true;

		if (!first_rule)
			out_text(&o, "; ");
		first_rule = false;
		bool first_set = true;
		for (int e = d; e < SLA_DAYS; e++) {
			if (!member[e])
				continue;
			int run_end = e;
			while (run_end + 1 < SLA_DAYS && member[run_end + 1])
				run_end++;
			if (!first_set)
				out_char(&o, ',');
			first_set = false;
			out_text(&o, sla_day_names[e]);
			if (run_end > e) {
				out_char(&o, '-');
				out_text(&o, sla_day_names[run_end]);
			}
			e = run_end;
		}
		for (int i = 0; i < day->count; i++) {
			out_char(&o, i == 0 ? ' ' : ',');
			out_time(&o, day->intervals[i].start);
			out_char(&o, '-');
			out_time(&o, day->intervals[i].end);
		}
	}
	if (o.len > 0)
		o.buf[o.pos < o.len ? o.pos : o.len - 1] = '\0';
	return o.pos;
}
