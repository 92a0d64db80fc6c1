/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The domain model of loyaldesk (DESIGN.md §3) as plain C values.
 *
 * Owns: the enums of the domain, their stable wire names, and the value
 * structs that cross layers (core ↔ store ↔ app ↔ adapters). Must not do I/O.
 *
 * Strings: short text lives in fixed, bounded arrays whose sizes are the
 * validation limits (an over-long field is rejected, never truncated). The
 * few unbounded texts (interaction body, notes) are heap strings owned by the
 * struct and released by its *_clear() function in core/model.c.
 * Times are Unix seconds, UTC. Ids are positive int64; 0 means "none".
 */
#ifndef LD_CORE_MODEL_H
#define LD_CORE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/effort.h"

/* ---- limits (bytes of UTF-8, without the terminating NUL) ---- */
#define LD_NAME_MAX 200
#define LD_EMAIL_MAX 254
#define LD_PHONE_MAX 32
#define LD_LANG_MAX 8
#define LD_SUBJECT_MAX 300
#define LD_ADDRESS_MAX 400
#define LD_HOURS_MAX 400
#define LD_TZ_MAX 64
#define LD_SKILLS_MAX 400
#define LD_NOTES_MAX 8000
#define LD_BODY_MAX 65536
#define LD_COMMENT_MAX 4000      /* survey comment, bytes */
#define LD_TASK_NOTE_MAX 4000    /* follow-up note, bytes */
#define LD_SQ_DIMS 5             /* SERVQUAL dimensions (core/survey_metrics.h order) */
#define LD_AUDIT_ACTION_MAX 64   /* audit action, "session.refused" */
#define LD_AUDIT_OBJECT_MAX 128  /* audit object, "case/42" */
#define LD_AUDIT_ADDRESS_MAX 64  /* client address as text (an IPv6 one is ≤ 45) */
#define LD_AUDIT_DIGEST_LEN 32   /* SHA-256 of an audit row's detail, and its chain */

/* ---- enums: each has *_name() and *_parse() in core/model.c ---- */
enum ld_channel {
	LD_CH_EMAIL, LD_CH_PHONE, LD_CH_CHAT, LD_CH_WEB, LD_CH_VISIT, LD_CH_SOCIAL, LD_CH_BOT,
	LD_CH_COUNT
};
enum ld_direction { LD_DIR_IN, LD_DIR_OUT, LD_DIR_INTERNAL, LD_DIR_COUNT };
enum ld_ikind {
	LD_IK_MESSAGE, LD_IK_CALL, LD_IK_VISIT, LD_IK_NOTE, LD_IK_TRANSFER, LD_IK_STATUS,
	LD_IK_COUNT
};
enum ld_case_status {
	LD_ST_NEW, LD_ST_OPEN, LD_ST_PENDING, LD_ST_RESOLVED, LD_ST_CLOSED, LD_ST_COUNT
};
enum ld_category {
	LD_CAT_QUESTION, LD_CAT_REQUEST, LD_CAT_PROBLEM, LD_CAT_COMPLAINT, LD_CAT_COMPLIMENT,
	LD_CAT_COUNT
};
enum ld_priority { LD_PRIO_LOW, LD_PRIO_NORMAL, LD_PRIO_HIGH, LD_PRIO_URGENT, LD_PRIO_COUNT };
enum ld_role { LD_ROLE_ADMIN, LD_ROLE_MANAGER, LD_ROLE_AGENT, LD_ROLE_CUSTOMER, LD_ROLE_COUNT };
enum ld_team_kind { LD_TEAM_DEPARTMENT, LD_TEAM_QUEUE, LD_TEAM_KIND_COUNT };
enum ld_period { LD_PERIOD_MONTHLY, LD_PERIOD_QUARTERLY, LD_PERIOD_YEARLY, LD_PERIOD_COUNT };
enum ld_sub_status { LD_SUB_ACTIVE, LD_SUB_RENEWED, LD_SUB_LAPSED, LD_SUB_STATUS_COUNT };
/* Survey kinds: "csat" (1–5), "nps" (0–10), "ces" (1–7), "servqual" (1–7 per item). */
enum ld_survey_kind {
	LD_SURVEY_CSAT, LD_SURVEY_NPS, LD_SURVEY_CES, LD_SURVEY_SERVQUAL, LD_SURVEY_KIND_COUNT
};
/* Why a survey went out: "manual" (an agent asked), "transactional" (a case
 * was resolved), "relationship" (a campaign to a segment). */
enum ld_survey_origin {
	LD_ORIGIN_MANUAL, LD_ORIGIN_TRANSACTIONAL, LD_ORIGIN_RELATIONSHIP, LD_ORIGIN_COUNT
};
/* Closed-loop follow-up task: "open" until someone marks it "done". */
enum ld_task_status { LD_TASK_OPEN, LD_TASK_DONE, LD_TASK_STATUS_COUNT };
/* A telephone call as its events arrive: "ringing", "answered", "ended". */
enum ld_call_state { LD_CALL_RINGING, LD_CALL_ANSWERED, LD_CALL_ENDED, LD_CALL_STATE_COUNT };
/* What a system given an integration token does: "cti" sends call events. */
enum ld_integration_kind { LD_INTEGRATION_CTI, LD_INTEGRATION_KIND_COUNT };
/* What a webhook is sent for: "case.created", "case.updated",
 * "interaction.created", "survey.answered", "claim.created" (a new case of
 * category complaint), "compliment.created" (… compliment), and "ping" (a
 * test an admin sends). */
enum ld_webhook_event {
	LD_HOOK_CASE_CREATED, LD_HOOK_CASE_UPDATED, LD_HOOK_INTERACTION_CREATED,
	LD_HOOK_SURVEY_ANSWERED, LD_HOOK_CLAIM_CREATED, LD_HOOK_COMPLIMENT_CREATED, LD_HOOK_PING,
	LD_HOOK_EVENT_COUNT
};
/* A live chat: "waiting" for an agent, "active" (an agent is in it), "closed". */
enum ld_chat_state { LD_CHAT_WAITING, LD_CHAT_ACTIVE, LD_CHAT_CLOSED, LD_CHAT_STATE_COUNT };
/* Who wrote a chat message: "visitor", "agent", "bot" (the widget's first
 * answer) or "system" (the desk's notices: joined, closed). */
enum ld_chat_author {
	LD_AUTHOR_VISITOR, LD_AUTHOR_AGENT, LD_AUTHOR_BOT, LD_AUTHOR_SYSTEM, LD_AUTHOR_COUNT
};
/* Why a chat closed: "visitor", "agent", "idle" (quiet for [chat] idle_timeout). */
enum ld_chat_close { LD_CLOSE_VISITOR, LD_CLOSE_AGENT, LD_CLOSE_IDLE, LD_CLOSE_COUNT };

/*
 * Name ↔ value. *_name() returns a static string ("email"), or NULL when `v`
 * is outside the enum (a negative value, *_COUNT or beyond): an unknown value
 * is a bug or corrupt data, and a NULL makes the caller decide instead of
 * letting a made-up name such as "unknown" reach the wire or the database.
 * *_parse() returns the value, or -1 for an unknown name or NULL (exact,
 * lower-case match: "Email" is unknown).
 */
/* The same over a table of names: the name of `v` in names[0..count), NULL
 * outside; the index of `s`, -1 for an unknown name or NULL. */
const char *ld_enum_name(const char *const *names, int count, int v);
int ld_enum_parse(const char *const *names, int count, const char *s);
const char *ld_channel_name(int v);
int ld_channel_parse(const char *s);
const char *ld_direction_name(int v);
int ld_direction_parse(const char *s);
const char *ld_ikind_name(int v);
int ld_ikind_parse(const char *s);
const char *ld_case_status_name(int v);
int ld_case_status_parse(const char *s);
const char *ld_category_name(int v);
int ld_category_parse(const char *s);
const char *ld_priority_name(int v);
int ld_priority_parse(const char *s);
const char *ld_role_name(int v);
int ld_role_parse(const char *s);
const char *ld_team_kind_name(int v);
int ld_team_kind_parse(const char *s);
const char *ld_period_name(int v);
int ld_period_parse(const char *s);
const char *ld_sub_status_name(int v);
int ld_sub_status_parse(const char *s);
const char *ld_survey_kind_name(int v);
int ld_survey_kind_parse(const char *s);
const char *ld_survey_origin_name(int v);
int ld_survey_origin_parse(const char *s);
const char *ld_task_status_name(int v);
int ld_task_status_parse(const char *s);
const char *ld_call_state_name(int v);
int ld_call_state_parse(const char *s);
const char *ld_integration_kind_name(int v);
int ld_integration_kind_parse(const char *s);
const char *ld_webhook_event_name(int v);
int ld_webhook_event_parse(const char *s);
const char *ld_chat_state_name(int v);
int ld_chat_state_parse(const char *s);
const char *ld_chat_author_name(int v);
int ld_chat_author_parse(const char *s);
const char *ld_chat_close_name(int v);
int ld_chat_close_parse(const char *s);

/*
 * Whether a contact on `channel` (enum ld_channel) may be of `kind` (enum
 * ld_ikind) — the one statement of which combinations are real:
 *   message   on the written channels: email, chat, web, social, bot;
 *   call      on phone, and on bot (an IVR answers the phone);
 *   visit     on channel visit only;
 *   note, transfer, status   on any channel (the desk's own rows are filed
 *             under the conversation's channel).
 * So a phone or a visit never carries a message, and an e-mail is never a
 * call or a visit. False for any value outside the enums.
 */
bool ld_channel_carries_kind(int channel, int kind);

/* ---- entities ---- */
struct ld_org {
	int64_t id;                   /* store id */
	char name[LD_NAME_MAX + 1];   /* display name, unique */
	int64_t created_at;           /* Unix s */
};

struct ld_customer {
	int64_t id;                        /* store id */
	int64_t org_id;                    /* organisation, 0 = none */
	char name[LD_NAME_MAX + 1];        /* full name, UTF-8 */
	char email[LD_EMAIL_MAX + 1];      /* "" = unknown; unique when set */
	char phone[LD_PHONE_MAX + 1];      /* E.164-ish, "" = unknown */
	char language[LD_LANG_MAX + 1];    /* cs|de|pl|en|es|uk */
	int preferred_channel;             /* enum ld_channel, -1 = none */
	char *notes;                       /* owned heap string or NULL */
	bool consent;                      /* agreed to be contacted (surveys, outreach) */
	int64_t created_at;                /* Unix s */
	int64_t updated_at;                /* Unix s */
	int64_t erased_at;                 /* Unix s, 0 = not erased (GDPR) */
	int case_count;                    /* cases of this customer (read-only aggregate) */
};

struct ld_team {
	int64_t id;                   /* store id */
	char name[LD_NAME_MAX + 1];   /* unique */
	int kind;                     /* enum ld_team_kind */
	int64_t calendar_id;          /* business-hours calendar for SLAs, 0 = 24/7 */
	int64_t created_at;           /* Unix s */
};

/* A user account: staff (admin|manager|agent) or a customer's portal login. */
struct ld_agent {
	int64_t id;                         /* store id */
	char name[LD_NAME_MAX + 1];         /* display name */
	char email[LD_EMAIL_MAX + 1];       /* login, unique, lower-cased */
	int role;                           /* enum ld_role */
	int64_t team_id;                    /* home team, 0 = none */
	int64_t customer_id;                /* for LD_ROLE_CUSTOMER: whose account; else 0 */
	char languages[LD_SKILLS_MAX + 1];  /* comma list "cs,en" */
	char skills[LD_SKILLS_MAX + 1];     /* comma list "billing,returns" */
	bool senior;                        /* may take escalations */
	bool active;                        /* may log in and own cases */
	int64_t created_at;                 /* Unix s */
};

struct ld_facility {
	int64_t id;                        /* store id */
	char name[LD_NAME_MAX + 1];        /* unique */
	char address[LD_ADDRESS_MAX + 1];  /* postal address, free text */
	char hours[LD_HOURS_MAX + 1];      /* opening hours, "mon-fri 08:00-17:00" */
	char tz[LD_TZ_MAX + 1];            /* IANA time zone, "Europe/Prague" */
	int64_t created_at;                /* Unix s */
};

/* SLA state a case carries; computed by core/sla.c, stored with the case. */
struct ld_case_sla {
	int64_t policy_id;            /* policy applied, 0 = none */
	int64_t first_response_due;   /* Unix s, 0 = no target */
	int64_t resolution_due;       /* Unix s, 0 = no target */
	int64_t paused_at;            /* Unix s when the clock stopped (pending), 0 = running */
	bool first_response_breached; /* answered (or still unanswered) after its due time */
	bool resolution_breached;     /* resolved (or still open) after its due time */
};

struct ld_case {
	int64_t id;                         /* store id */
	int64_t customer_id;                /* who the case is for */
	char subject[LD_SUBJECT_MAX + 1];   /* one line */
	int category;                       /* enum ld_category */
	int status;                         /* enum ld_case_status */
	int priority;                       /* enum ld_priority */
	int64_t owner_id;                   /* agent owning it, 0 = unassigned */
	int64_t team_id;                    /* team owning it, 0 = none */
	char language[LD_LANG_MAX + 1];     /* language of the conversation */
	int64_t created_at;                 /* Unix s: opened */
	int64_t updated_at;                 /* Unix s: last change */
	int64_t first_response_at;          /* Unix s: first outbound reply, 0 = none yet */
	int64_t resolved_at;                /* Unix s: last resolution, 0 = not resolved */
	int reopen_count;                   /* times reopened after resolution */
	int64_t merged_into_id;             /* set when merged into another case, else 0 */
	int64_t version;                    /* optimistic-concurrency counter (ETag) */
	int first_channel;                  /* channel of the first contact, -1 = unknown */
	double effort_score;                /* score under the desk's weights, set on every write */
	int effort_band;                    /* enum effort_band of that score */
	struct ld_case_sla sla;             /* due times and breach flags */
	struct effort_state effort;         /* incremental effort signals (core/effort.h) */
	/* FCR (METRICS.md): gaps to the neighbouring contacts on the same reason. */
	bool fcr_has_prev;                  /* a same-category case of the customer was
					       resolved in the 30 days before this opened */
	int64_t fcr_prev_gap_s;             /* … that long before, s ≥ 0 */
	bool fcr_has_next;                  /* the customer came back on the same reason after
					       resolution: reopened it, or opened a same-category case */
	int64_t fcr_next_gap_s;             /* … that long after the (first) resolution, s ≥ 0 */
};

struct ld_interaction {
	int64_t id;                 /* store id; ordering key within equal started_at */
	int64_t case_id;            /* case it belongs to */
	int64_t customer_id;        /* denormalised from the case, for timelines */
	int channel;                /* enum ld_channel */
	int direction;              /* enum ld_direction */
	int kind;                   /* enum ld_ikind */
	int64_t agent_id;           /* handling agent; 0 = self-service or bot */
	int64_t facility_id;        /* branch of a visit, 0 = none */
	int64_t started_at;         /* Unix s */
	int duration_s;             /* call/visit length, 0 = n/a */
	char *body;                 /* owned heap string or NULL (message, note, handover note) */
	double sentiment;           /* −1…1, NAN = not scored */
	int64_t to_agent_id;        /* transfer target agent, else 0 */
	int64_t to_team_id;         /* transfer target team, else 0 */
	int status_to;              /* LD_IK_STATUS: the new status; else -1 */
};

/*
 * A subscription: the renewal cycle. A lapse (renewal not made) is the ground
 * truth for "this customer was lost"; the loyalty model learns from it.
 */
struct ld_subscription {
	int64_t id;                        /* store id */
	int64_t customer_id;               /* whose */
	char product[LD_NAME_MAX + 1];     /* product or plan name */
	int period;                        /* enum ld_period */
	int64_t renews_at;                 /* Unix s: the renewal date of the current term */
	int status;                        /* enum ld_sub_status */
	int64_t created_at;                /* Unix s */
	int64_t updated_at;                /* Unix s */
};

/*
 * A survey invitation and, once answered, its answer. The token that opens it
 * is never part of the entity: only its digest is stored.
 */
struct ld_survey {
	int64_t id;                        /* store id */
	int kind;                          /* enum ld_survey_kind */
	int origin;                        /* enum ld_survey_origin */
	int64_t customer_id;               /* who is asked */
	int64_t case_id;                   /* the case it asks about, 0 = none (relationship) */
	int64_t team_id;                   /* the case's team when sent, 0 = none */
	int channel;                       /* the case's first channel when sent, -1 = none */
	char campaign[LD_NAME_MAX + 1];    /* relationship campaign name, "" = none */
	char language[LD_LANG_MAX + 1];    /* language of the questions */
	int64_t created_by;                /* account that asked, 0 = system */
	int64_t sent_at;                   /* Unix s */
	int64_t expires_at;                /* Unix s: the link stops working */
	int64_t answered_at;               /* Unix s, 0 = not answered */
	int score;                         /* csat 1–5, nps 0–10, ces 1–7; -1 = none */
	char *comment;                     /* owned heap string or NULL */
	int expected[LD_SQ_DIMS];          /* servqual 1–7 per dimension, 0 = not asked */
	int perceived[LD_SQ_DIMS];         /* servqual 1–7 per dimension, 0 = not asked */
};

/* Why a follow-up task was opened. */
enum ld_task_reason { LD_REASON_DETRACTOR, LD_REASON_LOW_CES, LD_REASON_LOW_CSAT, LD_REASON_COUNT };
const char *ld_task_reason_name(int v);
int ld_task_reason_parse(const char *s);

/* Closed loop: an unhappy answer opens a task for the case owner's team. */
struct ld_followup {
	int64_t id;                        /* store id */
	int64_t survey_id;                 /* the answer that opened it (one task per survey) */
	int64_t customer_id;               /* whom to call back */
	int64_t case_id;                   /* the case asked about, 0 = none */
	int64_t team_id;                   /* responsible team, 0 = none (managers) */
	int reason;                        /* enum ld_task_reason */
	int status;                        /* enum ld_task_status */
	int64_t due_at;                    /* Unix s */
	int64_t created_at;                /* Unix s */
	int64_t done_at;                   /* Unix s, 0 = open */
	int64_t done_by;                   /* account that closed it, 0 = open */
	char note[LD_TASK_NOTE_MAX + 1];   /* what was done */
};

/* A file a contact carries (an e-mail attachment); its bytes live outside the
 * store, named by their SHA-256 (util/blobs.h). */
#define LD_FILENAME_MAX 255
#define LD_MAIL_ID_MAX 250     /* a Message-ID without brackets (core/mail.h MAIL_ID_MAX) */
#define LD_MAIL_ERROR_MAX 255  /* bytes kept of a mail server's refusal */
#define LD_MEDIA_TYPE_MAX 127
struct ld_attachment {
	int64_t id;                               /* store id */
	int64_t interaction_id;                   /* the contact it came with */
	int64_t case_id;                          /* that contact's case (read-only) */
	int64_t customer_id;                      /* that case's customer (read-only) */
	char filename[LD_FILENAME_MAX + 1];       /* as the sender named it, UTF-8, no path */
	char content_type[LD_MEDIA_TYPE_MAX + 1]; /* "type/subtype", lower case */
	int64_t size;                             /* bytes */
	char sha256[64 + 1];                      /* hex digest of the bytes */
	int64_t created_at;                       /* Unix s */
};

/* A message waiting in the outbox for delivery. */
struct ld_message {
	int64_t id;                        /* store id */
	int64_t survey_id;                 /* the invitation it carries, 0 = none */
	int64_t customer_id;               /* addressee */
	int channel;                       /* enum ld_channel: LD_CH_EMAIL */
	char recipient[LD_EMAIL_MAX + 1];  /* address */
	char language[LD_LANG_MAX + 1];    /* language of the text */
	char subject[LD_SUBJECT_MAX + 1];  /* one line */
	char *body;                        /* owned heap string */
	int64_t created_at;                /* Unix s */
	int64_t sent_at;                   /* Unix s, 0 = waiting */
	/* Mail out (migration 0010). */
	int64_t interaction_id;            /* the agent's reply it carries, 0 = none (a survey) */
	int64_t case_id;                   /* that reply's case (read-only), 0 = none */
	char message_id[LD_MAIL_ID_MAX + 1]; /* without brackets, "" = none yet */
	char in_reply_to[LD_MAIL_ID_MAX + 1]; /* the message it answers, "" = none */
	char *refs;                        /* owned: the thread's ids, space-separated; NULL = none */
	int attempts;                      /* delivery attempts begun */
	int64_t next_attempt_at;           /* Unix s: not tried before */
	int64_t lease_until;               /* Unix s: held by a sender until, 0 = free */
	char last_error[LD_MAIL_ERROR_MAX + 1]; /* the server's last refusal, "" = none */
	int64_t failed_at;                 /* Unix s: given up, 0 = not */
};

/* A system outside the desk that calls its API with a token of its own
 * (a telephone system), not an account: it reaches only its own endpoints. */
struct ld_integration {
	int64_t id;                        /* store id */
	char name[LD_NAME_MAX + 1];        /* unique, "Asterisk Prague" */
	int kind;                          /* enum ld_integration_kind */
	int64_t team_id;                   /* where its new cases go, 0 = no team */
	int64_t created_at;                /* Unix s */
	int64_t last_used_at;              /* Unix s, 0 = never */
	int64_t revoked_at;                /* Unix s, 0 = in force */
};

#define LD_URL_MAX 2048        /* a link (a call recording, a webhook), bytes */
#define LD_WEBHOOK_SECRET_LEN 64  /* hex characters of a webhook's signing secret */
#define LD_HOOK_ERROR_MAX 255     /* the last failure of a delivery, bytes */

/* An endpoint events are POSTed to (app/webhooks.h). */
struct ld_webhook {
	int64_t id;                           /* store id */
	char url[LD_URL_MAX + 1];             /* http(s)://… */
	char secret[LD_WEBHOOK_SECRET_LEN + 1]; /* HMAC-SHA256 key, hex */
	unsigned events;                      /* bit 1 << enum ld_webhook_event per event taken */
	char description[LD_NAME_MAX + 1];    /* "" = none */
	bool active;                          /* sent to */
	int64_t created_at;                   /* Unix s */
	int64_t updated_at;                   /* Unix s */
};

/* One event for one endpoint, and how its delivery went. */
struct ld_webhook_delivery {
	int64_t id;                           /* store id: the delivery's id on the wire */
	int64_t webhook_id;                   /* where to */
	int event;                            /* enum ld_webhook_event */
	char *payload;                        /* owned: the event's data, a JSON object */
	int64_t created_at;                   /* Unix s: when the event happened */
	int attempts;                         /* attempts begun */
	int64_t next_attempt_at;              /* not tried before */
	int64_t lease_until;                  /* held by a sender until, 0 = free */
	int64_t last_attempt_at;              /* Unix s, 0 = never tried */
	int last_status;                      /* HTTP status of the last answer, 0 = none */
	char last_error[LD_HOOK_ERROR_MAX + 1]; /* why the last attempt failed, "" = it did not */
	int64_t delivered_at;                 /* Unix s, 0 = not yet */
	int64_t failed_at;                    /* Unix s: given up, 0 = not */
};

#define LD_CALL_REF_MAX 128    /* a telephone system's call id, bytes */
#define LD_IVR_PATH_MAX 255    /* the IVR menu choices, "1>3>2" */

/* A call a telephone system reported, from ringing to its end (app/calls.h). */
struct ld_call {
	int64_t id;                        /* store id */
	int64_t integration_id;            /* who reported it */
	char ref[LD_CALL_REF_MAX + 1];     /* its id in that system, unique there */
	int direction;                     /* enum ld_direction: in (the customer
					    * called) or out */
	char number[LD_PHONE_MAX + 1];     /* the customer's number: E.164 when it reads
					    * as one, else as sent; "" = withheld */
	int64_t customer_id;               /* 0 = nobody known by the number (yet) */
	int64_t case_id;                   /* the case it went on (after merges, read-only
					    * once ended); before: the one chosen, 0 = none */
	int64_t first_agent_id;            /* who answered first, 0 = nobody */
	int64_t agent_id;                  /* who has it now (after transfers) */
	int transfers;                     /* answered again by another agent */
	char ivr_path[LD_IVR_PATH_MAX + 1]; /* "" = no IVR */
	char recording_url[LD_URL_MAX + 1]; /* "" = none */
	int state;                         /* enum ld_call_state */
	int64_t ringing_at;                /* Unix s */
	int64_t answered_at;               /* Unix s, 0 = not answered */
	int64_t ended_at;                  /* Unix s, 0 = not ended */
	int64_t interaction_id;            /* the contact the ended call became */
};

/* Which survey a resolved case triggers (NULL filters = any). */
struct ld_survey_rule {
	int64_t id;                        /* store id */
	int kind;                          /* enum ld_survey_kind */
	int category;                      /* enum ld_category, -1 = any */
	int channel;                       /* first contact's enum ld_channel, -1 = any */
	int64_t created_at;                /* Unix s */
};

/*
 * An audit row as stored (the append-only log of who did what: DESIGN.md §3,
 * the hash chain in util/audit_chain.h). Unlike the other entities its texts
 * are all heap copies, byte for byte what the store holds whatever their
 * length: `loyaldesk check` hashes them to verify the chain, and a row
 * edited behind the store's back must be verified as it is, not as it
 * would fit. Writes bound them (LD_AUDIT_*_MAX).
 */
struct ld_audit {
	int64_t id;                          /* store id: the row's place in the chain */
	int64_t at;                          /* Unix s */
	int64_t actor_id;                    /* account that acted; 0 = the system, or nobody
					      * logged in (a refused login) */
	char *action;                        /* owned: "case.transfer", "session.refused" … */
	char *object;                        /* owned: "case/42"; NULL = none */
	char *address;                       /* owned: client address of the request; NULL = none */
	char *detail;                        /* owned JSON text; NULL = none, or redacted */
	bool has_detail_digest;              /* detail_digest is set (the row had a detail) */
	uint8_t detail_digest[LD_AUDIT_DIGEST_LEN]; /* SHA-256 of the detail as written */
	bool has_chain;                      /* chain is set (every row after migration 0007) */
	uint8_t chain[LD_AUDIT_DIGEST_LEN];  /* the row's link of the hash chain */
	int64_t redacted_at;                 /* Unix s the detail was redacted (erasure),
					      * 0 = as written */
};

/*
 * Releases owned heap strings (free()) and zeroes the whole struct (NULL-safe).
 * Zero is not "none" for every field: afterwards preferred_channel, channel
 * and status_to read 0 (email / new), not -1, and sentiment reads 0, not NAN;
 * set those sentinels again before reusing the struct.
 */
void ld_customer_clear(struct ld_customer *c);
void ld_interaction_clear(struct ld_interaction *it);
void ld_survey_clear(struct ld_survey *sv);
void ld_message_clear(struct ld_message *m);
void ld_audit_clear(struct ld_audit *a);
void ld_webhook_delivery_clear(struct ld_webhook_delivery *d);

#endif
