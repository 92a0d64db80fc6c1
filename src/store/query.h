/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The plain value types of the store interface that the use cases of app/
 * take from adapters and hand back to them: list queries, the timeline
 * cursor, SLA configuration rows.
 *
 * Split out of store/store.h so that http/ and cli/ can fill a query without
 * seeing the store: this file has no handle, no operation and no backend
 * type, so whoever includes it cannot reach the store. The adapters' include
 * trees hold this one file of store/ (CMakeLists.txt), and they reach it only
 * through app/ headers (.ci/check-layers refuses a direct include). Every
 * struct here is a store contract type as before; store.h includes it.
 */
#ifndef LD_STORE_QUERY_H
#define LD_STORE_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"

struct store_customer_query {
	const char *q;        /* search text: name/email/phone, folded; NULL = all */
	int64_t org_id;       /* 0 = any */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};

struct store_case_query {
	int64_t customer_id;  /* 0 = any */
	int64_t owner_id;     /* 0 = any */
	int64_t team_id;      /* 0 = any */
	int status;           /* enum ld_case_status, -1 = any */
	int64_t facility_id;  /* cases with a contact at this branch, 0 = any */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};

/* Timeline cursor: newest first by (started_at, id); both 0 = from the newest. */
struct store_timeline_cursor {
	int64_t started_at;   /* exclusive: rows strictly older than (started_at, id) */
	int64_t id;           /* tie-breaker */
};

/* SLA configuration rows. */
struct store_calendar {
	int64_t id;                    /* store id */
	char name[LD_NAME_MAX + 1];    /* unique */
	char tz[LD_TZ_MAX + 1];        /* IANA zone */
	char hours[LD_HOURS_MAX + 1];  /* weekly hours, core/sla.h text format */
};

/* A public holiday of a calendar (closed all day). */
struct store_holiday {
	int32_t date;                  /* local date yyyymmdd */
	char name[LD_NAME_MAX + 1];    /* "" = unnamed */
};

struct store_sla_policy {
	int64_t id;                    /* store id */
	char name[LD_NAME_MAX + 1];    /* unique */
	int priority;                  /* enum ld_priority, -1 = any */
	int category;                  /* enum ld_category, -1 = any */
	int64_t first_response_s;      /* business seconds, 0 = no target */
	int64_t resolution_s;          /* business seconds, 0 = no target */
	int64_t calendar_id;           /* 0 = the case team's calendar, else this one */
	bool pause_on_pending;         /* stop the clock while pending */
};

struct store_subscription_query {
	int64_t customer_id;  /* 0 = any */
	int status;           /* enum ld_sub_status, -1 = any */
	int64_t renews_from;  /* renews_at ≥ this (Unix s), 0 = any */
	int64_t renews_to;    /* renews_at < this (Unix s), 0 = any */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};

struct store_survey_query {
	int64_t customer_id;  /* 0 = any */
	int64_t case_id;      /* 0 = any */
	int kind;             /* enum ld_survey_kind, -1 = any */
	int answered;         /* 1 answered, 0 not answered, -1 = any */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};

struct store_followup_query {
	int status;           /* enum ld_task_status, -1 = any */
	int64_t team_id;      /* 0 = any */
	int64_t customer_id;  /* 0 = any */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};

/* Which calls a list covers, by id (cursor). */
struct store_call_query {
	int64_t customer_id;  /* 0 = any */
	int64_t case_id;      /* 0 = any */
	int state;            /* enum ld_call_state, -1 = any */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};

/* Which chats a list covers, by id (cursor). */
struct store_chat_query {
	int64_t customer_id;  /* 0 = any */
	int state;            /* enum ld_chat_state, -1 = any; STORE_CHAT_OPEN = waiting or active */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};
#define STORE_CHAT_OPEN (-2) /* state: waiting or active */

/* Which claims or compliments a list covers, by id (cursor); every filter
 * optional. `subject` is matched folded (core/validate.h text_fold). */
struct store_feedback_query {
	int kind;             /* enum ld_feedback_kind, -1 = any */
	int64_t customer_id;  /* 0 = any */
	int64_t team_id;      /* about this department, 0 = any */
	int64_t agent_id;     /* about this agent, 0 = any */
	int64_t facility_id;  /* about this branch, 0 = any */
	int64_t case_id;      /* of this case, 0 = any */
	int64_t from, to;     /* filed in [from, to), Unix s, 0 = open */
	const char *subject;  /* the subject contains this (any case, any accents), NULL = any */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};

/* Which audit rows a list covers, by id (cursor). Strings borrowed. */
struct store_audit_query {
	int64_t actor_id;     /* 0 = any */
	const char *object;   /* exact, NULL = any */
	const char *action;   /* exact, NULL = any */
	int64_t from;         /* at ≥ from (Unix s), 0 = since ever */
	int64_t to;           /* at < to (Unix s), 0 = until now */
	int64_t after_id;     /* exclusive cursor, 0 = start */
	int limit;            /* ≥ 1 */
};

/*
 * What removing personal texts took away (or, in a dry run, would take
 * away): the GDPR erasure of a customer and the retention sweep of old
 * cases (store ops case_contents_remove, customer_texts_remove,
 * audit_redact add their counts in).
 */
struct store_removal {
	int64_t cases;            /* cases whose texts were removed (marked contents_removed) */
	int64_t subjects;         /* case subjects cleared */
	int64_t contacts;         /* interaction bodies cleared */
	int64_t comments;         /* survey comments cleared */
	int64_t notes;            /* follow-up notes cleared */
	int64_t messages;         /* outbox messages blanked (recipient, subject, body) */
	int64_t surveys_closed;   /* open survey links that stopped working */
	int64_t audit_details;    /* audit details redacted */
	int64_t files;            /* attachments deleted (their rows; the files when unused) */
	int64_t calls;            /* calls whose number, IVR path and recording link were cleared */
};

#endif
