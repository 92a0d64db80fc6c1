/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The wire names of the domain enums, which contact kinds each channel
 * carries, and the release of the value structs declared in core/model.h.
 *
 * Owns: the one table per enum that maps a value to its stable lower-case
 * name. These names are what the API, the CLI and the database store, so a
 * name never changes once released; a new value is appended before *_COUNT.
 * Must not do I/O; the only allocation it touches is free() of the heap
 * strings the structs own.
 */
#include "core/model.h"

#include <stdlib.h>
#include <string.h>

/*
 * Each table is indexed by the enum value and sized by its *_COUNT, so a
 * value added to an enum without a name leaves a NULL slot that the tests
 * (every value must round-trip) catch.
 */
static const char *const CHANNEL_NAMES[LD_CH_COUNT] = {
	[LD_CH_EMAIL] = "email",
	[LD_CH_PHONE] = "phone",
	[LD_CH_CHAT] = "chat",
	[LD_CH_WEB] = "web",
	[LD_CH_VISIT] = "visit",
	[LD_CH_SOCIAL] = "social",
	[LD_CH_BOT] = "bot",
};

static const char *const DIRECTION_NAMES[LD_DIR_COUNT] = {
	[LD_DIR_IN] = "in",
	[LD_DIR_OUT] = "out",
	[LD_DIR_INTERNAL] = "internal",
};

static const char *const IKIND_NAMES[LD_IK_COUNT] = {
	[LD_IK_MESSAGE] = "message",
	[LD_IK_CALL] = "call",
	[LD_IK_VISIT] = "visit",
	[LD_IK_NOTE] = "note",
	[LD_IK_TRANSFER] = "transfer",
	[LD_IK_STATUS] = "status",
};

static const char *const CASE_STATUS_NAMES[LD_ST_COUNT] = {
	[LD_ST_NEW] = "new",
	[LD_ST_OPEN] = "open",
	[LD_ST_PENDING] = "pending",
	[LD_ST_RESOLVED] = "resolved",
	[LD_ST_CLOSED] = "closed",
};

static const char *const CATEGORY_NAMES[LD_CAT_COUNT] = {
	[LD_CAT_QUESTION] = "question",
	[LD_CAT_REQUEST] = "request",
	[LD_CAT_PROBLEM] = "problem",
	[LD_CAT_COMPLAINT] = "complaint",
	[LD_CAT_COMPLIMENT] = "compliment",
};

static const char *const PRIORITY_NAMES[LD_PRIO_COUNT] = {
	[LD_PRIO_LOW] = "low",
	[LD_PRIO_NORMAL] = "normal",
	[LD_PRIO_HIGH] = "high",
	[LD_PRIO_URGENT] = "urgent",
};

static const char *const ROLE_NAMES[LD_ROLE_COUNT] = {
	[LD_ROLE_ADMIN] = "admin",
	[LD_ROLE_MANAGER] = "manager",
	[LD_ROLE_AGENT] = "agent",
	[LD_ROLE_CUSTOMER] = "customer",
};

static const char *const TEAM_KIND_NAMES[LD_TEAM_KIND_COUNT] = {
	[LD_TEAM_DEPARTMENT] = "department",
	[LD_TEAM_QUEUE] = "queue",
};

static const char *const PERIOD_NAMES[LD_PERIOD_COUNT] = {
	[LD_PERIOD_MONTHLY] = "monthly",
	[LD_PERIOD_QUARTERLY] = "quarterly",
	[LD_PERIOD_YEARLY] = "yearly",
};

static const char *const SUB_STATUS_NAMES[LD_SUB_STATUS_COUNT] = {
	[LD_SUB_ACTIVE] = "active",
	[LD_SUB_RENEWED] = "renewed",
	[LD_SUB_LAPSED] = "lapsed",
};

static const char *const SURVEY_KIND_NAMES[LD_SURVEY_KIND_COUNT] = {
	[LD_SURVEY_CSAT] = "csat",
	[LD_SURVEY_NPS] = "nps",
	[LD_SURVEY_CES] = "ces",
	[LD_SURVEY_SERVQUAL] = "servqual",
};

static const char *const SURVEY_ORIGIN_NAMES[LD_ORIGIN_COUNT] = {
	[LD_ORIGIN_MANUAL] = "manual",
	[LD_ORIGIN_TRANSACTIONAL] = "transactional",
	[LD_ORIGIN_RELATIONSHIP] = "relationship",
};

static const char *const TASK_REASON_NAMES[LD_REASON_COUNT] = {
	[LD_REASON_DETRACTOR] = "detractor",
	[LD_REASON_LOW_CES] = "low_ces",
	[LD_REASON_LOW_CSAT] = "low_csat",
};

static const char *const TASK_STATUS_NAMES[LD_TASK_STATUS_COUNT] = {
	[LD_TASK_OPEN] = "open",
	[LD_TASK_DONE] = "done",
};

static const char *const CALL_STATE_NAMES[LD_CALL_STATE_COUNT] = {
	[LD_CALL_RINGING] = "ringing",
	[LD_CALL_ANSWERED] = "answered",
	[LD_CALL_ENDED] = "ended",
};

static const char *const INTEGRATION_KIND_NAMES[LD_INTEGRATION_KIND_COUNT] = {
	[LD_INTEGRATION_CTI] = "cti",
};

static const char *const WEBHOOK_EVENT_NAMES[LD_HOOK_EVENT_COUNT] = {
	[LD_HOOK_CASE_CREATED] = "case.created",
	[LD_HOOK_CASE_UPDATED] = "case.updated",
	[LD_HOOK_INTERACTION_CREATED] = "interaction.created",
	[LD_HOOK_SURVEY_ANSWERED] = "survey.answered",
	[LD_HOOK_CLAIM_CREATED] = "claim.created",
	[LD_HOOK_COMPLIMENT_CREATED] = "compliment.created",
	[LD_HOOK_PING] = "ping",
};
static const char *const CHAT_STATE_NAMES[LD_CHAT_STATE_COUNT] = {
	[LD_CHAT_WAITING] = "waiting", [LD_CHAT_ACTIVE] = "active", [LD_CHAT_CLOSED] = "closed",
};
static const char *const CHAT_AUTHOR_NAMES[LD_AUTHOR_COUNT] = {
	[LD_AUTHOR_VISITOR] = "visitor", [LD_AUTHOR_AGENT] = "agent", [LD_AUTHOR_BOT] = "bot",
	[LD_AUTHOR_SYSTEM] = "system",
};
static const char *const CHAT_CLOSE_NAMES[LD_CLOSE_COUNT] = {
	[LD_CLOSE_VISITOR] = "visitor", [LD_CLOSE_AGENT] = "agent", [LD_CLOSE_IDLE] = "idle",
};

const char *ld_enum_name(const char *const *names, int count, int v)
{
	if (v < 0 || v >= count)
		return NULL;
	return names[v];
}

int ld_enum_parse(const char *const *names, int count, const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < count; i++) {
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return i;
	}
	return -1;
}

const char *ld_channel_name(int v)
{
	return ld_enum_name(CHANNEL_NAMES, LD_CH_COUNT, v);
}

int ld_channel_parse(const char *s)
{
	return ld_enum_parse(CHANNEL_NAMES, LD_CH_COUNT, s);
}

const char *ld_direction_name(int v)
{
	return ld_enum_name(DIRECTION_NAMES, LD_DIR_COUNT, v);
}

int ld_direction_parse(const char *s)
{
	return ld_enum_parse(DIRECTION_NAMES, LD_DIR_COUNT, s);
}

const char *ld_ikind_name(int v)
{
	return ld_enum_name(IKIND_NAMES, LD_IK_COUNT, v);
}

int ld_ikind_parse(const char *s)
{
	return ld_enum_parse(IKIND_NAMES, LD_IK_COUNT, s);
}

/*
 * Channel × kind (contract in model.h): one bit per kind a channel carries.
 * The desk's own kinds (note, transfer, status) go with every channel.
 */
#define KIND_BIT(k) (1u << (k))
#define DESK_KINDS (KIND_BIT(LD_IK_NOTE) | KIND_BIT(LD_IK_TRANSFER) | KIND_BIT(LD_IK_STATUS))

static const unsigned CHANNEL_KINDS[LD_CH_COUNT] = {
	[LD_CH_EMAIL] = KIND_BIT(LD_IK_MESSAGE) | DESK_KINDS,
	[LD_CH_PHONE] = KIND_BIT(LD_IK_CALL) | DESK_KINDS,
	[LD_CH_CHAT] = KIND_BIT(LD_IK_MESSAGE) | DESK_KINDS,
	[LD_CH_WEB] = KIND_BIT(LD_IK_MESSAGE) | DESK_KINDS,
	[LD_CH_VISIT] = KIND_BIT(LD_IK_VISIT) | DESK_KINDS,
	[LD_CH_SOCIAL] = KIND_BIT(LD_IK_MESSAGE) | DESK_KINDS,
	[LD_CH_BOT] = KIND_BIT(LD_IK_MESSAGE) | KIND_BIT(LD_IK_CALL) | DESK_KINDS,
};

bool ld_channel_carries_kind(int channel, int kind)
{
	if (channel < 0 || channel >= LD_CH_COUNT || kind < 0 || kind >= LD_IK_COUNT)
		return false;
	return (CHANNEL_KINDS[channel] & KIND_BIT(kind)) != 0;
}

const char *ld_case_status_name(int v)
{
	return ld_enum_name(CASE_STATUS_NAMES, LD_ST_COUNT, v);
}

int ld_case_status_parse(const char *s)
{
	return ld_enum_parse(CASE_STATUS_NAMES, LD_ST_COUNT, s);
}

const char *ld_category_name(int v)
{
	return ld_enum_name(CATEGORY_NAMES, LD_CAT_COUNT, v);
}

int ld_category_parse(const char *s)
{
	return ld_enum_parse(CATEGORY_NAMES, LD_CAT_COUNT, s);
}

const char *ld_priority_name(int v)
{
	return ld_enum_name(PRIORITY_NAMES, LD_PRIO_COUNT, v);
}

int ld_priority_parse(const char *s)
{
	return ld_enum_parse(PRIORITY_NAMES, LD_PRIO_COUNT, s);
}

const char *ld_role_name(int v)
{
	return ld_enum_name(ROLE_NAMES, LD_ROLE_COUNT, v);
}

int ld_role_parse(const char *s)
{
	return ld_enum_parse(ROLE_NAMES, LD_ROLE_COUNT, s);
}

const char *ld_team_kind_name(int v)
{
	return ld_enum_name(TEAM_KIND_NAMES, LD_TEAM_KIND_COUNT, v);
}

int ld_team_kind_parse(const char *s)
{
	return ld_enum_parse(TEAM_KIND_NAMES, LD_TEAM_KIND_COUNT, s);
}

const char *ld_period_name(int v)
{
	return ld_enum_name(PERIOD_NAMES, LD_PERIOD_COUNT, v);
}

int ld_period_parse(const char *s)
{
	return ld_enum_parse(PERIOD_NAMES, LD_PERIOD_COUNT, s);
}

const char *ld_sub_status_name(int v)
{
	return ld_enum_name(SUB_STATUS_NAMES, LD_SUB_STATUS_COUNT, v);
}

int ld_sub_status_parse(const char *s)
{
	return ld_enum_parse(SUB_STATUS_NAMES, LD_SUB_STATUS_COUNT, s);
}

const char *ld_survey_kind_name(int v)
{
	return ld_enum_name(SURVEY_KIND_NAMES, LD_SURVEY_KIND_COUNT, v);
}

int ld_survey_kind_parse(const char *s)
{
	return ld_enum_parse(SURVEY_KIND_NAMES, LD_SURVEY_KIND_COUNT, s);
}

const char *ld_survey_origin_name(int v)
{
	return ld_enum_name(SURVEY_ORIGIN_NAMES, LD_ORIGIN_COUNT, v);
}

int ld_survey_origin_parse(const char *s)
{
	return ld_enum_parse(SURVEY_ORIGIN_NAMES, LD_ORIGIN_COUNT, s);
}

const char *ld_task_status_name(int v)
{
	return ld_enum_name(TASK_STATUS_NAMES, LD_TASK_STATUS_COUNT, v);
}

int ld_task_status_parse(const char *s)
{
	return ld_enum_parse(TASK_STATUS_NAMES, LD_TASK_STATUS_COUNT, s);
}

const char *ld_call_state_name(int v)
{
	return ld_enum_name(CALL_STATE_NAMES, LD_CALL_STATE_COUNT, v);
}

int ld_call_state_parse(const char *s)
{
	return ld_enum_parse(CALL_STATE_NAMES, LD_CALL_STATE_COUNT, s);
}

const char *ld_integration_kind_name(int v)
{
	return ld_enum_name(INTEGRATION_KIND_NAMES, LD_INTEGRATION_KIND_COUNT, v);
}

int ld_integration_kind_parse(const char *s)
{
	return ld_enum_parse(INTEGRATION_KIND_NAMES, LD_INTEGRATION_KIND_COUNT, s);
}

const char *ld_webhook_event_name(int v)
{
	return ld_enum_name(WEBHOOK_EVENT_NAMES, LD_HOOK_EVENT_COUNT, v);
}

int ld_webhook_event_parse(const char *s)
{
	return ld_enum_parse(WEBHOOK_EVENT_NAMES, LD_HOOK_EVENT_COUNT, s);
}

const char *ld_task_reason_name(int v)
{
	return ld_enum_name(TASK_REASON_NAMES, LD_REASON_COUNT, v);
}

int ld_task_reason_parse(const char *s)
{
	return ld_enum_parse(TASK_REASON_NAMES, LD_REASON_COUNT, s);
}

void ld_customer_clear(struct ld_customer *c)
{
	if (c == NULL)
		return;
	free(c->notes);
	memset(c, 0, sizeof *c);
}

void ld_interaction_clear(struct ld_interaction *it)
{
	if (it == NULL)
		return;
	free(it->body);
	memset(it, 0, sizeof *it);
}

void ld_survey_clear(struct ld_survey *sv)
{
	if (sv == NULL)
		return;
	free(sv->comment);
	memset(sv, 0, sizeof *sv);
}

void ld_message_clear(struct ld_message *m)
{
	if (m == NULL)
		return;
	free(m->body);
	free(m->refs);
	memset(m, 0, sizeof *m);
}

void ld_audit_clear(struct ld_audit *a)
{
	if (a == NULL)
		return;
	free(a->action);
	free(a->object);
	free(a->address);
	free(a->detail);
	memset(a, 0, sizeof *a);
}

void ld_webhook_delivery_clear(struct ld_webhook_delivery *d)
{
	if (d == NULL)
		return;
	free(d->payload);
	memset(d, 0, sizeof *d);
}

const char *ld_chat_state_name(int v)
{
	return ld_enum_name(CHAT_STATE_NAMES, LD_CHAT_STATE_COUNT, v);
}

int ld_chat_state_parse(const char *s)
{
	return ld_enum_parse(CHAT_STATE_NAMES, LD_CHAT_STATE_COUNT, s);
}

const char *ld_chat_author_name(int v)
{
	return ld_enum_name(CHAT_AUTHOR_NAMES, LD_AUTHOR_COUNT, v);
}

int ld_chat_author_parse(const char *s)
{
	return ld_enum_parse(CHAT_AUTHOR_NAMES, LD_AUTHOR_COUNT, s);
}

const char *ld_chat_close_name(int v)
{
	return ld_enum_name(CHAT_CLOSE_NAMES, LD_CLOSE_COUNT, v);
}

int ld_chat_close_parse(const char *s)
{
	return ld_enum_parse(CHAT_CLOSE_NAMES, LD_CLOSE_COUNT, s);
}
