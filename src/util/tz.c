/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Time zones through ICU's C API (contract in util/tz.h).
 *
 * Owns: the ICU calendar of each open zone and the mutex that guards it.
 * Must not know about business hours. ICU's zone data is the IANA database
 * compiled into libicudata; a distribution update of libicu updates the rules.
 *
 * Why validate through ucal_getCanonicalTimeZoneID(): ucal_open() accepts
 * any string and quietly answers for GMT when it does not know the id, so
 * "Europe/Praha" would turn into a desk open an hour early in winter with no
 * error anywhere. The canonical-id lookup fails (U_ILLEGAL_ARGUMENT_ERROR)
 * for unknown ids and reports isSystemID = false for ICU's custom "GMT+hh:mm"
 * ids and for "Etc/Unknown"; both are rejected.
 *
 * Why a mutex: a UCalendar is mutable state (ucal_setMillis() then
 * ucal_get() recomputes its fields), so two threads on one calendar would
 * race. Locking makes a zone shareable, and an uncontended lock is a few tens
 * of nanoseconds against the microsecond ICU spends per offset.
 */
#include "util/tz.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include "core/model.h"

struct tz {
	pthread_mutex_t lock;        /* guards cal */
	UCalendar *cal;              /* owned; Gregorian calendar in this zone */
	char name[LD_TZ_MAX + 1];    /* the IANA name as opened */
	int64_t span_from;           /* cached span [from, to) of one constant offset, Unix s */
	int64_t span_to;             /* exclusive end; from == to = nothing cached */
	int32_t span_offset;         /* the offset valid in that span, s east of UTC */
};

/* IANA names use letters, digits and "/_+-" only; anything else is not a zone. */
static bool name_chars_ok(const char *name)
{
	for (const char *p = name; *p; p++) {
		char ch = *p;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
		      || ch == '/' || ch == '_' || ch == '+' || ch == '-'))
			return false;
	}
	return true;
}

ld_status tz_open(const char *iana_name, struct tz **out, struct ld_err *err)
{
	ld_status rc = LD_OK;
	struct tz *tz = NULL;
	UChar id[LD_TZ_MAX + 1];
	UChar canonical[LD_TZ_MAX * 2 + 1];
	UBool is_system = 0;
	UErrorCode status = U_ZERO_ERROR;
	bool lock_ready = false;

	*out = NULL;
	if (iana_name == NULL || iana_name[0] == '\0') {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_time_zone", "tz", "time zone is empty");
		goto out;
	}
	size_t len = strlen(iana_name);
	if (len > LD_TZ_MAX || !name_chars_ok(iana_name)) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_time_zone", "tz",
			     "\"%.64s\" is not an IANA time zone name", iana_name);
		goto out;
	}
	u_charsToUChars(iana_name, id, (int32_t)len); /* ASCII only, checked above */
	id[len] = 0;

	ucal_getCanonicalTimeZoneID(id, (int32_t)len, canonical, (int32_t)(sizeof canonical / sizeof *canonical),
				    &is_system, &status);
	if (U_FAILURE(status) || !is_system) {
		rc = ld_fail(err, LD_ERR_INVALID, "invalid_time_zone", "tz",
			     "unknown time zone \"%s\" (use an IANA name such as \"Europe/Prague\")", iana_name);
		goto out;
	}

	tz = calloc(1, sizeof *tz);
	if (tz == NULL) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "out_of_memory", NULL, "out of memory opening a time zone");
		goto out;
	}
	if (pthread_mutex_init(&tz->lock, NULL) != 0) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "internal", NULL, "cannot create a time-zone lock");
		goto out;
	}
	lock_ready = true;
	memcpy(tz->name, iana_name, len + 1);

	status = U_ZERO_ERROR;
	tz->cal = ucal_open(id, (int32_t)len, "en_US_POSIX", UCAL_GREGORIAN, &status);
	if (U_FAILURE(status) || tz->cal == NULL) {
		rc = ld_fail(err, LD_ERR_INTERNAL, "internal", NULL, "ICU cannot open time zone \"%s\": %s",
			     iana_name, u_errorName(status));
		goto out;
	}
	*out = tz;
	tz = NULL;
out:
	if (tz != NULL) {
		if (tz->cal != NULL)
			ucal_close(tz->cal);
		if (lock_ready)
			pthread_mutex_destroy(&tz->lock);
		free(tz);
	}
	return rc;
}

void tz_close(struct tz *tz)
{
	if (tz == NULL)
		return;
	ucal_close(tz->cal);
	pthread_mutex_destroy(&tz->lock);
	free(tz);
}

const char *tz_name(const struct tz *tz)
{
	return tz != NULL ? tz->name : "UTC";
}

int32_t tz_utc_offset(const void *opaque, int64_t utc_s)
{
	if (opaque == NULL)
		return 0;
	/* The zone came from tz_open() as a mutable object; only the lock and the
	 * calendar's field cache change here, never what the zone means. */
	struct tz *tz = (struct tz *)(uintptr_t)opaque;
	UErrorCode status = U_ZERO_ERROR;
	int32_t zone_ms, dst_ms, offset;
	UDate prev, next;

	pthread_mutex_lock(&tz->lock);
	/*
	 * Business-hours arithmetic asks for the offset at many instants in a
	 * row, nearly all between the same two transitions. ICU's field
	 * computation costs microseconds per call, so the span between the
	 * surrounding transitions is cached and most calls are two compares.
	 */
	if (utc_s >= tz->span_from && utc_s < tz->span_to) {
		offset = tz->span_offset;
		pthread_mutex_unlock(&tz->lock);
		return offset;
	}
	ucal_setMillis(tz->cal, (UDate)utc_s * 1000.0, &status);
	zone_ms = ucal_get(tz->cal, UCAL_ZONE_OFFSET, &status);
	dst_ms = ucal_get(tz->cal, UCAL_DST_OFFSET, &status);
	offset = (zone_ms + dst_ms) / 1000;
	if (U_SUCCESS(status)) {
		UErrorCode st = U_ZERO_ERROR;
		if (!ucal_getTimeZoneTransitionDate(tz->cal, UCAL_TZ_TRANSITION_PREVIOUS_INCLUSIVE,
						    &prev, &st) || U_FAILURE(st))
			prev = -1e18;
		st = U_ZERO_ERROR;
		if (!ucal_getTimeZoneTransitionDate(tz->cal, UCAL_TZ_TRANSITION_NEXT, &next, &st) ||
		    U_FAILURE(st))
			next = 1e18;
		tz->span_from = prev <= -1e17 ? INT64_MIN : (int64_t)ceil(prev / 1000.0);
		tz->span_to = next >= 1e17 ? INT64_MAX : (int64_t)ceil(next / 1000.0);
		tz->span_offset = offset;
		if (!(utc_s >= tz->span_from && utc_s < tz->span_to))
			tz->span_from = tz->span_to = 0; /* inconsistent answer: do not cache */
	}
	pthread_mutex_unlock(&tz->lock);
	if (U_FAILURE(status))
		return 0;
	return offset;
}

struct sla_tz tz_as_sla(const struct tz *tz)
{
	struct sla_tz s = { NULL, NULL };
	if (tz != NULL) {
		s.utc_offset = tz_utc_offset;
		s.ctx = tz;
	}
	return s;
}
