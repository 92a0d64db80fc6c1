/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Business-hours arithmetic and the SLA clock of a case (contract in
 * core/sla.h).
 *
 * Owns: local wall time ↔ UTC conversion over a caller's offset function,
 * the weekly calendar and its text form, business seconds between instants,
 * due times, pause/resume and breach flags. Must not do I/O, allocate or keep
 * state; it includes libc headers only and links nothing but libm.
 *
 * ======================================================================
 * Design essay
 * ======================================================================
 *
 * The question. A policy promises "first reply within 4 business hours". The
 * desk opens mon-fri 08:00-17:00 Prague time, is closed on public holidays,
 * and Prague moves its clocks twice a year. When is a case opened on Friday
 * at 15:30 due, and how much of the promise is left on Monday at 08:30? Help
 * desks get this wrong at the edges (weekends, holidays, the DST nights,
 * midnight shifts), and those wrong answers are what their users complain
 * about most; so everything here reduces to one primitive that is easy to get
 * right, and the tests pin the edges with hand-computed seconds.
 *
 * Units. Instants are Unix seconds, UTC (int64). Business time is counted in
 * seconds of real elapsed time that fall inside opening intervals — never in
 * wall-clock differences, so a DST night cannot create or destroy time.
 * Opening intervals are minutes from local midnight, [start, end) with
 * 0 ≤ start < end ≤ 1440. Weekdays are 0 = Monday … 6 = Sunday (ISO 8601).
 * Holidays are local calendar dates yyyymmdd (int32), e.g. 20261228.
 *
 * The primitive: open spans of one local day. For a local date D (a day
 * number: days since 1970-01-01 in local wall time) the calendar's open time
 * is the set of real instants
 *
 *     span_i(D) = [ U(M_D + 60·start_i), U(M_D + 60·end_i) )
 *
 * where M_D = 86400·D is local midnight written as "local seconds" (wall time
 * read as if it were UTC) and U(L) is the UTC instant at which the wall clock
 * reads L (below). A holiday D has no spans; a 24/7 week has the single
 * interval [0, 1440) every day. Then
 *
 *     business_seconds(a, b) = Σ_D Σ_i | span_i(D) ∩ [a, b) |
 *
 * summed over the local days that can touch [a, b) (the local date of a,
 * minus one, through the local date of b, plus one — a margin that covers
 * every offset of up to ±18 h). Because U is monotone non-decreasing, spans
 * come out in time order and never overlap: the intervals of one weekday are
 * sorted and disjoint, and day D ends (U(M_D + 86400)) exactly where day D+1
 * begins. So a night shift "sun 22:00-24:00; mon 00:00-06:00" is one
 * unbroken 8-hour stretch of real time.
 *
 * add_business(a, s) walks the same spans in order, clipped to start at a,
 * and returns the instant at which the running total reaches s: inside a span,
 * or at its end when the budget runs out exactly at closing (the earliest
 * such t; "due 17:00", not "due next morning 08:00"). s ≤ 0 returns a itself,
 * even outside hours: spending nothing needs no open time. The walk gives up
 * after SLA_HORIZON_DAYS (~3 years) of local days and answers SLA_NEVER, so a
 * calendar with no open time (every day a holiday) cannot loop forever.
 *
 * Local → UTC: U(L). The zone is a function off(u) = offset east of UTC at
 * instant u (seconds, DST included); wall(u) = u + off(u). U(L) is defined as
 * the EARLIEST INSTANT u WITH wall(u) ≥ L. This single rule settles both DST
 * oddities, and it is what a person does with a wall clock:
 *
 *   - Gap (spring forward; Prague 2026-03-29 the clock jumps 02:00 CET →
 *     03:00 CEST at 01:00 UTC, so 02:00-02:59 local never happens): a
 *     nonexistent L resolves forward to the moment of the change. An office
 *     "00:00-02:30" closes at 03:00 CEST (the first moment the clock shows
 *     ≥ 02:30): 2 real hours. "02:00-03:00" that night is empty: 0 seconds.
 *     "01:00-04:00" holds 2 real hours, not 3.
 *   - Overlap (fall back; Prague 2026-10-25 03:00 CEST → 02:00 CET at 01:00
 *     UTC, so 02:00-02:59 local happens twice): an ambiguous L resolves to its
 *     first occurrence (CEST). An interval is one contiguous real span from
 *     U(start) to U(end), so "01:00-04:00" that night holds 4 real hours and
 *     "02:00-03:00" holds 2 (the hour happens twice and both count). An
 *     interval that ends inside the repeated hour ("00:00-02:30") ends at the
 *     first 02:30 and does not reopen for the second pass through 02:00-02:30:
 *     the calendar says "closed from 02:30", and a desk does not reopen
 *     because the clock went back.
 *
 * Computing U(L): take the offsets just before and just after the day,
 * before = off(M − 86400) and after = off(M + 2·86400). If equal (no change
 * near this day — every day but two a year), U(L) = L − before exactly, with
 * no further calls. Otherwise there is one change at some instant T: the
 * candidates are L − before (valid when wall(L − before) = L, i.e. L occurs
 * before T) and L − after (valid when it occurs after T). Both valid → an
 * overlap: take the smaller (the first occurrence). One valid → it. None →
 * L is in a gap: binary search (lo, hi] = (L − after, L − before] for the
 * first instant with wall ≥ L, which is T (≤ 12 probes for a 1-hour gap).
 *
 * Assumptions. The offset function is pure and returns offsets within ±18 h
 * (real zones span −12 h … +14 h; values beyond are clamped); a zone changes
 * offset at most once within any three consecutive days (true of every IANA
 * zone in the ICU era of interest). A calendar passes sla_calendar_check():
 * intervals sorted and disjoint, holidays strictly ascending. Instants are
 * clamped to years 0001 … 9999 (SLA_TIME_MIN/MAX). Cost: two offset calls
 * per local day plus ≤ 2·count·(2 + 12) on the two change days a year; with
 * ICU behind the callback that is microseconds per day.
 *
 * Holidays close the intervals of their own local date only: a night shift
 * "sun 22:00-24:00; mon 00:00-06:00" with Monday a holiday still runs its
 * Sunday part. A 24/7 calendar with holidays is closed on them.
 *
 * The SLA clock of a case (struct ld_case_sla in core/model.h).
 *   start:  due_k = add_business(opened_at, target_k) for k ∈ {first
 *           response, resolution}; 0 for no target; SLA_NEVER if unreachable.
 *   pause:  entering "pending" with a policy that pauses stores paused_at.
 *   resume: P = business_seconds(paused_at, now); due_k' = add_business(due_k,
 *           P). This keeps the business time left unchanged across the pause:
 *           bs(paused_at, due') = bs(paused_at, due) + P, hence bs(now, due')
 *           = bs(paused_at, due) — and when the case was already overdue, the
 *           overdue amount stays frozen too. A first-response due that has
 *           been met or missed (the reply happened) stays put.
 *   remaining: bs(now, due) when due ≥ now, −bs(due, now) after it
 *           (negative business seconds overdue; 0 while closed just after a
 *           due time that fell on the closing minute), frozen at paused_at
 *           while paused. SLA_NEVER stands for "no deadline".
 *   breach: done (or, while undone, now — paused_at while paused) strictly
 *           after the due instant. This is a wall-clock comparison with the
 *           due instant, not a business-time one: a reply on Saturday to a
 *           case due Friday 17:00 is late even though no business second
 *           passed after 17:00 — the customer was promised Friday. Flags are
 *           sticky.
 *
 * Calendar dates are util/time.h's (Howard Hinnant's days_from_civil and
 * civil_from_days), exact for the proleptic Gregorian calendar over the
 * whole int64 day range we use.
 */
#include "core/sla.h"

#include <string.h>

#include "util/time.h"

/* Offsets beyond ±18 h are clamped (ISO 8601 and Java allow ±18 h). */
#define SLA_OFFSET_LIMIT (18 * 3600)
#define SLA_DAY_S INT64_C(86400)

/* ======================================================================
 * Calendar dates
 * ====================================================================== */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* 0 = Monday … 6 = Sunday; day 0 (1970-01-01) was a Thursday. */
static int weekday_of(int64_t day)
{
	return (int)(day + 3 - floor_div(day + 3, 7) * 7);
}

static int32_t yyyymmdd_of(int64_t day)
{
	int64_t y;
	int m, d;
	time_civil_from_days(day, &y, &m, &d);
	return (int32_t)(y * 10000 + m * 100 + d);
}

static bool is_holiday(const struct sla_calendar *c, int64_t day)
{
	if (c->holidays_len == 0 || c->holidays == NULL)
		return false;
	int32_t key = yyyymmdd_of(day);
	size_t lo = 0, hi = c->holidays_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->holidays[mid] < key)
			lo = mid + 1;
		else if (c->holidays[mid] > key)
			hi = mid;
		else
			return true;
	}
	return false;
}

static int64_t clamp_time(int64_t t)
{
	if (t < SLA_TIME_MIN)
		return SLA_TIME_MIN;
	if (t > SLA_TIME_MAX)
		return SLA_TIME_MAX;
	return t;
}

/* ======================================================================
 * Local wall time ↔ UTC
 * ====================================================================== */

static int64_t offset_at(const struct sla_tz *tz, int64_t utc)
{
	if (tz == NULL || tz->utc_offset == NULL)
		return 0;
	int64_t off = tz->utc_offset(tz->ctx, utc);
	if (off > SLA_OFFSET_LIMIT)
		return SLA_OFFSET_LIMIT;
	if (off < -SLA_OFFSET_LIMIT)
		return -SLA_OFFSET_LIMIT;
	return off;
}

static int64_t wall_of(const struct sla_tz *tz, int64_t utc)
{
	return utc + offset_at(tz, utc);
}

/* The local day number of an instant. */
static int64_t local_day_of(const struct sla_tz *tz, int64_t utc)
{
	return floor_div(wall_of(tz, utc), SLA_DAY_S);
}

/* Offsets bracketing one local day (or one local time), see the essay. */
struct sla_bracket {
	int64_t before; /* offset well before: at instant M − 86400 */
	int64_t after;  /* offset well after: at instant M + 2·86400 */
};

static struct sla_bracket bracket_day(const struct sla_tz *tz, int64_t midnight_local)
{
	struct sla_bracket b;
	b.before = offset_at(tz, midnight_local - SLA_DAY_S);
	b.after = offset_at(tz, midnight_local + 2 * SLA_DAY_S);
	return b;
}

/* U(L): the earliest instant whose wall time is ≥ local (see the essay). */
static int64_t local_to_utc_in(const struct sla_tz *tz, const struct sla_bracket *b, int64_t local)
{
	if (b->before == b->after)
		return local - b->before;

	int64_t first = local - b->before;
	int64_t second = local - b->after;
	bool first_ok = wall_of(tz, first) == local;
	bool second_ok = wall_of(tz, second) == local;
	if (first_ok && second_ok)
		return first < second ? first : second;
	if (first_ok)
		return first;
	if (second_ok)
		return second;

	/* A gap: wall(lo) < local ≤ wall(hi); find the first instant reaching local. */
	int64_t lo = second, hi = first;
	if (lo >= hi || wall_of(tz, lo) >= local || wall_of(tz, hi) < local)
		return first; /* offsets break the assumptions; stay deterministic */
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (wall_of(tz, mid) >= local)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

int64_t sla_local_to_utc(const struct sla_tz *tz, int64_t local_s)
{
	int64_t midnight = floor_div(local_s, SLA_DAY_S) * SLA_DAY_S;
	struct sla_bracket b = bracket_day(tz, midnight);
	return local_to_utc_in(tz, &b, local_s);
}

/* ======================================================================
 * Open spans of one local day
 * ====================================================================== */

/* One open stretch of real time [start, end), UTC. */
struct sla_span {
	int64_t start; /* Unix s, inclusive */
	int64_t end;   /* Unix s, exclusive */
};

bool sla_week_is_always_open(const struct sla_week *w)
{
	for (int d = 0; d < SLA_DAYS; d++)
		if (w->days[d].count > 0)
			return false;
	return true;
}

/*
 * The open spans of local day `day`, in time order, into `spans`
 * (SLA_INTERVALS_MAX entries). Returns how many (empty spans — an interval
 * swallowed by a DST gap — are dropped).
 */
static int day_spans(const struct sla_calendar *c, int64_t day, struct sla_span *spans)
{
	if (is_holiday(c, day))
		return 0;

	struct sla_day all_day = { .count = 1, .intervals = { { 0, SLA_MINUTES_PER_DAY } } };
	const struct sla_day *hours = sla_week_is_always_open(&c->week) ? &all_day
					: &c->week.days[weekday_of(day)];
	int64_t midnight = day * SLA_DAY_S;
	struct sla_bracket b = bracket_day(&c->tz, midnight);
	int n = 0;
	int count = hours->count < SLA_INTERVALS_MAX ? hours->count : SLA_INTERVALS_MAX;
	for (int i = 0; i < count; i++) {
		int64_t s = local_to_utc_in(&c->tz, &b, midnight + 60 * (int64_t)hours->intervals[i].start);
		int64_t e = local_to_utc_in(&c->tz, &b, midnight + 60 * (int64_t)hours->intervals[i].end);
		if (e > s) {
			spans[n].start = s;
			spans[n].end = e;
			n++;
		}
	}
	return n;
}

/* ======================================================================
 * Business-hours arithmetic
 * ====================================================================== */

int64_t sla_business_seconds(const struct sla_calendar *c, int64_t from_utc, int64_t to_utc)
{
	if (to_utc <= from_utc)
		return 0;
	if (to_utc == SLA_NEVER)
		return SLA_NEVER;
	int64_t from = clamp_time(from_utc);
	int64_t to = clamp_time(to_utc);
	if (to <= from)
		return 0;
	if (c->holidays_len == 0 && sla_week_is_always_open(&c->week))
		return to - from;

	int64_t first = local_day_of(&c->tz, from) - 1;
	int64_t last = local_day_of(&c->tz, to) + 1;
	int64_t total = 0;
	for (int64_t day = first; day <= last; day++) {
		struct sla_span spans[SLA_INTERVALS_MAX];
		int n = day_spans(c, day, spans);
		for (int i = 0; i < n; i++) {
			int64_t lo = spans[i].start > from ? spans[i].start : from;
			int64_t hi = spans[i].end < to ? spans[i].end : to;
			if (hi > lo)
				total += hi - lo;
		}
	}
	return total;
}

int64_t sla_add_business(const struct sla_calendar *c, int64_t from_utc, int64_t seconds)
{
	if (seconds <= 0)
		return from_utc;
	if (from_utc > SLA_TIME_MAX)
		return SLA_NEVER;
	int64_t from = clamp_time(from_utc);
	if (c->holidays_len == 0 && sla_week_is_always_open(&c->week))
		return seconds > SLA_TIME_MAX - from ? SLA_NEVER : from + seconds;

	int64_t left = seconds;
	int64_t first = local_day_of(&c->tz, from) - 1;
	for (int64_t day = first; day <= first + SLA_HORIZON_DAYS; day++) {
		struct sla_span spans[SLA_INTERVALS_MAX];
		int n = day_spans(c, day, spans);
		for (int i = 0; i < n; i++) {
			int64_t s = spans[i].start > from ? spans[i].start : from;
			if (spans[i].end <= s)
				continue;
			int64_t avail = spans[i].end - s;
			if (left <= avail) {
				int64_t due = s + left;
				return due > SLA_TIME_MAX ? SLA_NEVER : due;
			}
			left -= avail;
		}
	}
	return SLA_NEVER;
}

int64_t sla_remaining(const struct sla_calendar *c, int64_t due, int64_t now)
{
	if (due == 0 || due == SLA_NEVER)
		return SLA_NEVER;
	if (due >= now)
		return sla_business_seconds(c, now, due);
	return -sla_business_seconds(c, due, now);
}

/* ======================================================================
 * The SLA clock of a case
 * ====================================================================== */

void sla_start(const struct sla_policy *policy, const struct sla_calendar *c, int64_t opened_at,
	       struct ld_case_sla *out)
{
	memset(out, 0, sizeof *out);
	if (policy == NULL)
		return;
	out->policy_id = policy->id;
	if (policy->first_response_s > 0)
		out->first_response_due = sla_add_business(c, opened_at, policy->first_response_s);
	if (policy->resolution_s > 0)
		out->resolution_due = sla_add_business(c, opened_at, policy->resolution_s);
}

bool sla_pause(const struct sla_policy *policy, struct ld_case_sla *s, int64_t now)
{
	if (policy == NULL || !policy->pause_on_pending || s->paused_at != 0 || now <= 0)
		return false;
	s->paused_at = now;
	return true;
}

static bool due_is_set(int64_t due)
{
	return due != 0 && due != SLA_NEVER;
}

int64_t sla_resume(const struct sla_calendar *c, struct ld_case_sla *s, int64_t now, bool responded)
{
	if (s->paused_at == 0)
		return 0;
	int64_t paused = sla_business_seconds(c, s->paused_at, now);
	if (paused > 0) {
		if (!responded && due_is_set(s->first_response_due))
			s->first_response_due = sla_add_business(c, s->first_response_due, paused);
		if (due_is_set(s->resolution_due))
			s->resolution_due = sla_add_business(c, s->resolution_due, paused);
	}
	s->paused_at = 0;
	return paused;
}

int64_t sla_case_remaining(const struct sla_calendar *c, const struct ld_case_sla *s,
			   enum sla_target target, int64_t now)
{
	int64_t due = target == SLA_FIRST_RESPONSE ? s->first_response_due : s->resolution_due;
	return sla_remaining(c, due, s->paused_at != 0 ? s->paused_at : now);
}

bool sla_is_breached(int64_t due, int64_t done_at, int64_t now)
{
	if (!due_is_set(due))
		return false;
	return (done_at != 0 ? done_at : now) > due;
}

bool sla_check(struct ld_case_sla *s, int64_t first_response_at, int64_t resolved_at, int64_t now)
{
	int64_t at = s->paused_at != 0 ? s->paused_at : now;
	bool newly = false;
	if (!s->first_response_breached && sla_is_breached(s->first_response_due, first_response_at, at)) {
		s->first_response_breached = true;
		newly = true;
	}
	if (!s->resolution_breached && sla_is_breached(s->resolution_due, resolved_at, at)) {
		s->resolution_breached = true;
		newly = true;
	}
	return newly;
}

ld_status sla_calendar_check(const struct sla_calendar *c, struct ld_err *err)
{
	ld_status rc = sla_week_check(&c->week, err);
	if (rc != LD_OK)
		return rc;
	if (c->holidays_len > 0 && c->holidays == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_holidays", "holidays", "holiday list missing");
	for (size_t i = 0; i < c->holidays_len; i++) {
		int32_t v = c->holidays[i];
		int y = v / 10000, m = v / 100 % 100, d = v % 100;
		if (v <= 0 || y > 9999 || m < 1 || m > 12 || d < 1
		    || yyyymmdd_of(time_days_from_civil(y, m, d)) != v)
			return ld_fail(err, LD_ERR_INVALID, "invalid_holidays", "holidays",
				       "holiday %d is not a date yyyymmdd", (int)v);
		if (i > 0 && c->holidays[i - 1] >= v)
			return ld_fail(err, LD_ERR_INVALID, "invalid_holidays", "holidays",
				       "holidays must be strictly ascending (%d after %d)", (int)v,
				       (int)c->holidays[i - 1]);
	}
	return LD_OK;
}
