/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Real time zones (the IANA database as ICU ships it) behind core/sla.h's
 * `struct sla_tz` callback.
 *
 * Owns: validating an IANA zone name, one ICU calendar per open zone, and the
 * offset of that zone east of UTC at any instant (daylight saving included).
 * Must not do business-hours arithmetic — that is core/sla.c, which sees a
 * zone only through tz_as_sla().
 *
 * Threads: a `struct tz` serialises its ICU calendar behind a mutex, so one
 * open zone may be shared by any number of threads (e.g. a per-process cache
 * of facility zones); tz_utc_offset() is safe to call concurrently. Opening
 * costs an allocation and an ICU zone lookup (tens of microseconds), so keep
 * zones open rather than opening one per offset.
 */
#ifndef LD_UTIL_TZ_H
#define LD_UTIL_TZ_H

#include <stdint.h>

#include "core/sla.h"
#include "util/status.h"

/* An open time zone; opaque. */
struct tz;

/*
 * Opens the zone `iana_name` (borrowed; e.g. "Europe/Prague", "UTC",
 * "America/New_York"; case-sensitive, as in the IANA database; legacy links
 * such as "US/Eastern" are accepted). On success `*out` owns a new zone the
 * caller releases with tz_close(). LD_ERR_INVALID with code
 * "invalid_time_zone", field "tz" for NULL, empty, over-long (> LD_TZ_MAX) or
 * unknown names, and for ICU's custom ids ("GMT+05:00") which are not zones
 * of the database — ICU itself would silently fall back to GMT for an unknown
 * id, which is exactly the error this check exists to catch. LD_ERR_INTERNAL
 * when memory or ICU fails. `*out` is NULL on failure; `err` may be NULL.
 */
ld_status tz_open(const char *iana_name, struct tz **out, struct ld_err *err);

/* Releases a zone from tz_open() (NULL-safe). No callback may be running on it. */
void tz_close(struct tz *tz);

/* The name the zone was opened with (owned by `tz`, valid until tz_close()). */
const char *tz_name(const struct tz *tz);

/*
 * Offset east of UTC in seconds (standard + daylight saving) of zone `tz` (a
 * `const struct tz *`, typed void so this function is directly an
 * sla_tz.utc_offset callback) at the instant `utc_s` (Unix seconds). NULL tz
 * = UTC = 0. Instants ICU cannot represent (beyond ±5.8 million years) read as
 * 0. Thread-safe.
 */
int32_t tz_utc_offset(const void *tz, int64_t utc_s);

/* The zone as core/sla.h sees it; borrows `tz`, which must outlive the result. NULL tz = UTC. */
struct sla_tz tz_as_sla(const struct tz *tz);

#endif
