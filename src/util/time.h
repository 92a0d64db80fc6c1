/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Civil dates and ISO 8601 instants: the one home of the calendar arithmetic
 * and of the parser every adapter reads times with.
 *
 * Owns: days since 1970-01-01 ↔ proleptic Gregorian (year, month, day), the
 * UTC day of an instant, leap years and month lengths, formatting an instant
 * as "YYYY-MM-DDTHH:MM:SSZ", and parsing the ISO 8601 profile each adapter
 * accepts (its dialect is a set of TIME_ISO_* flags, so the API, the CLI and
 * the report periods name what they take instead of each writing a parser).
 * Must not know time zones (that is util/tz.c behind core/sla.h's callback)
 * or read a clock.
 *
 * libc only and allocation-free: this file and util/status.h are the part of
 * util that core may use (CMakeLists.txt builds them as ld_base, which ld_core
 * links). Times are Unix seconds (int64, UTC); days are int64 day numbers,
 * day 0 = 1970-01-01, negative before.
 */
#ifndef LD_UTIL_TIME_H
#define LD_UTIL_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define TIME_DAY_S INT64_C(86400)

/* Length of "YYYY-MM-DDTHH:MM:SSZ", what time_format_utc() writes. */
#define TIME_ISO_LEN 20
/* Unix seconds of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59Z: the
 * instants a four-digit year can write. */
#define TIME_ISO_MIN INT64_C(-62135596800)
#define TIME_ISO_MAX INT64_C(253402300799)

/*
 * Day number of the proleptic Gregorian date y-m-d (Howard Hinnant's
 * days_from_civil). `m` 1…12 and `d` 1…31 are the caller's to check (see
 * time_days_in_month()); any int64 year that does not overflow works.
 */
int64_t time_days_from_civil(int64_t y, int m, int d);

/* Inverse of time_days_from_civil(): [out] y, m (1…12), d (1…31). */
void time_civil_from_days(int64_t day, int64_t *y, int *m, int *d);

/* The UTC day number of instant `t`: ⌊t / 86400⌋ (so −1 is day −1). */
int64_t time_day_of(int64_t t);

/* Whether `y` is a Gregorian leap year (2000 yes, 1900 no, 2024 yes). */
bool time_is_leap_year(int64_t y);

/* Days in month `m` of year `y`; 0 when `m` is not 1…12. */
int time_days_in_month(int64_t y, int m);

/*
 * Writes `t` as "YYYY-MM-DDTHH:MM:SSZ" and a NUL into `out`. False (and
 * `out` "") when `t` lies outside TIME_ISO_MIN…TIME_ISO_MAX.
 */
bool time_format_utc(int64_t t, char out[TIME_ISO_LEN + 1]);

/*
 * What a dialect accepts beyond the strict "YYYY-MM-DDTHH:MM:SSZ" (digits
 * ASCII, exactly as many as shown, upper-case 'T' and 'Z'). Every dialect
 * checks the date exists (29 February only in leap years), hours 0…23,
 * minutes and seconds 0…59, offsets up to ±23:59, a year 0001…9999.
 */
enum time_iso_accept {
	TIME_ISO_OFFSET = 1u << 0,       /* "±HH:MM" in place of 'Z' */
	TIME_ISO_OFFSET_BASIC = 1u << 1, /* "±HHMM" as well (needs TIME_ISO_OFFSET) */
	TIME_ISO_FRACTION = 1u << 2,     /* ".d…" after the seconds; dropped (whole seconds) */
	TIME_ISO_SPACE = 1u << 3,        /* ' ' between date and time, as well as 'T' */
	TIME_ISO_NO_ZONE = 1u << 4,      /* no zone designator at all: read as UTC */
	TIME_ISO_DATE = 1u << 5,         /* "YYYY-MM-DD" alone: that day's UTC midnight */
};

/*
 * Parses the ISO 8601 instant `s` (NUL-terminated, borrowed) under the
 * dialect `accept` (TIME_ISO_* flags or-ed, 0 = the strict form) into Unix
 * seconds `*out` (UTC; "…T12:00:00+02:00" is 10:00Z). False, `*out`
 * untouched, for anything else, NULL included.
 */
bool time_parse_iso8601(const char *s, unsigned accept, int64_t *out);

#endif
