/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Service-level agreements measured in business hours.
 *
 * Owns: the weekly opening-hours calendar (and its text form "mon-fri
 * 08:00-17:00"), public holidays, local wall time ↔ UTC through a
 * caller-supplied time-zone callback, business-seconds arithmetic
 * (how much open time lies between two instants; when a budget of open time
 * runs out), and the SLA clock of a case (due times, pause on pending,
 * remaining time, breach flags) kept in `struct ld_case_sla` (core/model.h).
 *
 * Must not do I/O, allocate, or keep state: every function is a pure function
 * of its arguments (the time-zone callback included — it must answer the same
 * offset for the same instant). The real zone database lives behind
 * util/tz.h; tests use hand-written offset functions. The design essay —
 * formula, units, DST conventions, edge cases — opens core/sla.c.
 *
 * Times are Unix seconds, UTC, unless a name says "local". Durations are
 * business seconds (open time only) unless a name says otherwise.
 */
#ifndef LD_CORE_SLA_H
#define LD_CORE_SLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "util/status.h"

#define SLA_DAYS 7                /* weekdays 0 = Monday … 6 = Sunday */
#define SLA_INTERVALS_MAX 4       /* opening intervals per weekday */
#define SLA_MINUTES_PER_DAY 1440  /* an interval may end at 24:00 = 1440 */

/*
 * "Never": the due time of a target that cannot be reached (a calendar with no
 * open time within SLA_HORIZON_DAYS), and "infinitely many" business seconds.
 */
#define SLA_NEVER INT64_MAX

/* sla_add_business() searches at most this many local days (~3 years). */
#define SLA_HORIZON_DAYS 1100

/*
 * Supported instants: 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z. Arguments
 * outside are clamped (so a loop over days always ends).
 */
#define SLA_TIME_MIN INT64_C(-62135596800)
#define SLA_TIME_MAX INT64_C(253402300799)

/*
 * Longest canonical text sla_week_format() can produce (without the NUL);
 * equal to the facility hours limit, so a `char hours[LD_HOURS_MAX + 1]`
 * always holds it.
 */
#define SLA_WEEK_TEXT_MAX LD_HOURS_MAX

/* One opening interval [start, end) in minutes from local midnight. */
struct sla_interval {
	int16_t start; /* minutes 0 … 1439 */
	int16_t end;   /* minutes start+1 … 1440 (exclusive; 1440 = 24:00) */
};

/* The opening intervals of one weekday: sorted, non-overlapping (may touch). */
struct sla_day {
	int count;                                          /* intervals used, 0 … SLA_INTERVALS_MAX; 0 = closed */
	struct sla_interval intervals[SLA_INTERVALS_MAX];   /* [0, count) in ascending start order */
};

/* A weekly calendar. A week with no interval on any day means 24/7. */
struct sla_week {
	struct sla_day days[SLA_DAYS]; /* index 0 = Monday … 6 = Sunday */
};

/*
 * A time zone as a pure function: the zone's offset east of UTC, in seconds,
 * at the instant `utc_s` (daylight saving included). Must lie within ±18 h
 * (larger values are clamped). util/tz.h provides one backed by ICU.
 */
struct sla_tz {
	int32_t (*utc_offset)(const void *ctx, int64_t utc_s); /* NULL = UTC */
	const void *ctx;                                       /* borrowed; passed back to utc_offset */
};

/* Everything business-hours arithmetic needs. Plain value; nothing owned. */
struct sla_calendar {
	struct sla_week week;      /* opening hours in local wall time; all days empty = 24/7 */
	const int32_t *holidays;   /* borrowed: local dates yyyymmdd, strictly ascending, closed all day */
	size_t holidays_len;       /* entries in holidays (0 = none; holidays may then be NULL) */
	struct sla_tz tz;          /* the calendar's zone; tz.utc_offset NULL = UTC */
};

/* What a case is promised. */
struct sla_policy {
	int64_t id;               /* policy id copied into ld_case_sla.policy_id, 0 = none */
	int64_t first_response_s; /* business seconds to the first reply; 0 = no target */
	int64_t resolution_s;     /* business seconds to resolution; 0 = no target */
	bool pause_on_pending;    /* status "pending" (waiting on the customer) stops the clock */
};

/* Which due time of a case sla_case_remaining() reads. */
enum sla_target { SLA_FIRST_RESPONSE, SLA_RESOLUTION };

/* ---- calendars ---- */

/* True when the week has no interval at all, i.e. is open 24/7. */
bool sla_week_is_always_open(const struct sla_week *w);

/* True when both weeks have the same intervals (unused slots are ignored). */
bool sla_week_equal(const struct sla_week *a, const struct sla_week *b);

/*
 * Checks a week built by hand (the parser's output always passes): counts
 * within 0 … SLA_INTERVALS_MAX, 0 ≤ start < end ≤ 1440, intervals ascending
 * and non-overlapping. LD_OK, or LD_ERR_INVALID with code "invalid_hours",
 * field "hours". `err` may be NULL.
 */
ld_status sla_week_check(const struct sla_week *w, struct ld_err *err);

/*
 * Checks a whole calendar: the week as sla_week_check(), then the holidays
 * (valid dates, strictly ascending; code "invalid_holidays", field
 * "holidays"). Every function below assumes a calendar that passes.
 */
ld_status sla_calendar_check(const struct sla_calendar *c, struct ld_err *err);

/*
 * Parses opening hours. Grammar (whitespace around tokens is free, day names
 * are case-insensitive):
 *
 *   hours  = "24/7" | rule { ";" rule } [ ";" ]
 *   rule   = days ranges
 *   days   = dayset { "," dayset }      dayset = day [ "-" day ]
 *   day    = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"
 *   ranges = range { "," range }        range  = time "-" time
 *   time   = H[H] ":" MM                (00:00 … 24:00; 24:00 only as an end)
 *
 * A day range may wrap ("fri-mon" = fri, sat, sun, mon). A weekday named in
 * several rules collects all their intervals. Days never named are closed.
 * An interval cannot cross midnight: write "sun 22:00-24:00; mon 00:00-06:00".
 *
 * `text` borrowed (NULL reads as empty); `*out` is overwritten — unused
 * slots are zero, and on failure the whole week is zero. LD_OK, or LD_ERR_INVALID with code "invalid_hours", field "hours" and
 * a message naming the problem and its character position: empty text,
 * unknown day name, malformed time, minutes ≥ 60, hour > 24 or 24:MM with
 * MM > 0, start ≥ end, overlapping intervals, more than SLA_INTERVALS_MAX
 * intervals on a day, trailing garbage. `err` may be NULL.
 */
ld_status sla_week_parse(const char *text, struct sla_week *out, struct ld_err *err);

/*
 * Writes the canonical text of `w` (which must pass sla_week_check()) into
 * `buf`: "24/7" for an empty week, else rules in order of the first weekday
 * that has them, each listing all weekdays with exactly those intervals
 * (consecutive runs of two or more as "a-b"), e.g.
 * "mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00". The text parses back to
 * an equal week. snprintf semantics: returns the full length (never more than
 * SLA_WEEK_TEXT_MAX); writes at most buf_len − 1 bytes plus a NUL when
 * buf_len > 0. `buf` may be NULL when buf_len is 0.
 */
size_t sla_week_format(const struct sla_week *w, char *buf, size_t buf_len);

/* ---- time ---- */

/*
 * The UTC instant at which the zone's wall clock reads `local_s` (seconds of
 * local wall time since 1970-01-01T00:00 local). Nonexistent wall times (in a
 * spring-forward gap) resolve forward to the first instant after the gap, the
 * moment of the change; ambiguous ones (in a fall-back overlap) resolve to
 * their first occurrence. Equivalently: the earliest instant whose wall time is
 * ≥ local_s. Monotone non-decreasing in local_s. `tz` may be NULL (= UTC).
 */
int64_t sla_local_to_utc(const struct sla_tz *tz, int64_t local_s);

/* ---- business-hours arithmetic ---- */

/*
 * Business (open) seconds in [from_utc, to_utc): 0 when to ≤ from;
 * SLA_NEVER when to is SLA_NEVER and from is not. O(local days spanned).
 */
int64_t sla_business_seconds(const struct sla_calendar *c, int64_t from_utc, int64_t to_utc);

/*
 * The earliest instant t ≥ from_utc with business_seconds(from, t) ==
 * seconds. For seconds ≤ 0 that is from_utc itself, even outside hours (no
 * open time is needed to spend nothing). For seconds > 0 it always lies in,
 * or at the end of, an opening interval: a budget that runs out exactly at
 * 17:00 closing is due at 17:00, not at the next opening. SLA_NEVER when the
 * budget is not used up within SLA_HORIZON_DAYS local days (e.g. every day a
 * holiday) or beyond SLA_TIME_MAX.
 */
int64_t sla_add_business(const struct sla_calendar *c, int64_t from_utc, int64_t seconds);

/*
 * Signed business seconds from `now` to `due`: business_seconds(now, due) when
 * due ≥ now, else −business_seconds(due, now) (negative when overdue; 0 while
 * overdue but closed since the due time). SLA_NEVER for due 0 (no target) or
 * SLA_NEVER.
 */
int64_t sla_remaining(const struct sla_calendar *c, int64_t due, int64_t now);

/* ---- the SLA clock of a case ---- */

/*
 * Starts the clock of a case opened at `opened_at`: policy id, due times
 * (sla_add_business() of each target; 0 where the policy sets none; SLA_NEVER
 * where unreachable), running, no breach. `policy` may be NULL (no SLA: all
 * zero). `out` is overwritten.
 */
void sla_start(const struct sla_policy *policy, const struct sla_calendar *c, int64_t opened_at,
	       struct ld_case_sla *out);

/*
 * The case went to "pending" at `now` (> 0). Stops the clock when the policy
 * pauses on pending and the clock runs; otherwise does nothing. Returns true
 * when it stopped the clock. `policy` may be NULL (never pauses).
 */
bool sla_pause(const struct sla_policy *policy, struct ld_case_sla *s, int64_t now);

/*
 * The case left "pending" at `now`. When the clock was stopped, pushes every
 * set due time (not 0, not SLA_NEVER) forward by the business seconds spent
 * paused, P = business_seconds(paused_at, now):
 * due' = sla_add_business(due, P); the first-response due stays put when
 * `responded` (the reply has happened; that due time is history). Restarts the
 * clock. Returns P (0 when the clock was running).
 */
int64_t sla_resume(const struct sla_calendar *c, struct ld_case_sla *s, int64_t now, bool responded);

/*
 * sla_remaining() for one target of a case, frozen at paused_at while the
 * clock is stopped.
 */
int64_t sla_case_remaining(const struct sla_calendar *c, const struct ld_case_sla *s,
			   enum sla_target target, int64_t now);

/*
 * Whether a target with due time `due` is missed: the work was done
 * (`done_at` > 0) after due, or is not done (`done_at` == 0) and `now` is past
 * due. Done exactly at the due instant is met. Never for due 0 or SLA_NEVER.
 */
bool sla_is_breached(int64_t due, int64_t done_at, int64_t now);

/*
 * Updates the breach flags of a case: first response done at
 * `first_response_at` (0 = not yet), resolution at `resolved_at` (0 = not
 * resolved), evaluated at `now` — or at paused_at while the clock is stopped,
 * because paused time does not count. Flags are sticky: once set, never
 * cleared (a later push of the due time does not undo a breach). Returns true
 * when a flag was newly set.
 */
bool sla_check(struct ld_case_sla *s, int64_t first_response_at, int64_t resolved_at, int64_t now);

#endif
