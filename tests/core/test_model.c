/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of core/model.c: every enum value has its documented wire name and
 * round-trips through *_parse(); out-of-range values name NULL; unknown names
 * parse to -1; the *_clear() functions free and zero, and accept NULL; the
 * channel × kind table holds the combinations the desk records.
 * Memory errors and leaks surface under -fsanitize=address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/model.h"

/* One enum under test: its functions and its wire names in value order. */
struct enum_case {
	const char *(*name)(int v);          /* *_name() */
	int (*parse)(const char *s);         /* *_parse() */
	int count;                           /* *_COUNT */
	const char *const *names;            /* expected names, `count` of them */
};

static const char *const CHANNELS[] = { "email", "phone", "chat", "web", "visit", "social", "bot" };
static const char *const DIRECTIONS[] = { "in", "out", "internal" };
static const char *const IKINDS[] = { "message", "call", "visit", "note", "transfer", "status" };
static const char *const STATUSES[] = { "new", "open", "pending", "resolved", "closed" };
static const char *const CATEGORIES[] = { "question", "request", "problem", "complaint",
					  "compliment" };
static const char *const PRIORITIES[] = { "low", "normal", "high", "urgent" };
static const char *const ROLES[] = { "admin", "manager", "agent", "customer" };
static const char *const TEAM_KINDS[] = { "department", "queue" };
static const char *const PERIODS[] = { "monthly", "quarterly", "yearly" };
static const char *const SUB_STATUSES[] = { "active", "renewed", "lapsed" };
static const char *const SURVEY_KINDS[] = { "csat", "nps", "ces", "servqual" };
static const char *const ORIGINS[] = { "manual", "transactional", "relationship" };
static const char *const TASK_STATUSES[] = { "open", "done" };
static const char *const TASK_REASONS[] = { "detractor", "low_ces", "low_csat" };
static const char *const CALL_STATES[] = { "ringing", "answered", "ended" };
static const char *const INTEGRATION_KINDS[] = { "cti" };
static const char *const HOOK_EVENTS[] = { "case.created", "case.updated", "interaction.created",
					   "survey.answered", "claim.created",
					   "compliment.created", "ping" };

static const struct enum_case ENUMS[] = {
	{ ld_channel_name, ld_channel_parse, LD_CH_COUNT, CHANNELS },
	{ ld_direction_name, ld_direction_parse, LD_DIR_COUNT, DIRECTIONS },
	{ ld_ikind_name, ld_ikind_parse, LD_IK_COUNT, IKINDS },
	{ ld_case_status_name, ld_case_status_parse, LD_ST_COUNT, STATUSES },
	{ ld_category_name, ld_category_parse, LD_CAT_COUNT, CATEGORIES },
	{ ld_priority_name, ld_priority_parse, LD_PRIO_COUNT, PRIORITIES },
	{ ld_role_name, ld_role_parse, LD_ROLE_COUNT, ROLES },
	{ ld_team_kind_name, ld_team_kind_parse, LD_TEAM_KIND_COUNT, TEAM_KINDS },
	{ ld_period_name, ld_period_parse, LD_PERIOD_COUNT, PERIODS },
	{ ld_sub_status_name, ld_sub_status_parse, LD_SUB_STATUS_COUNT, SUB_STATUSES },
	{ ld_survey_kind_name, ld_survey_kind_parse, LD_SURVEY_KIND_COUNT, SURVEY_KINDS },
	{ ld_survey_origin_name, ld_survey_origin_parse, LD_ORIGIN_COUNT, ORIGINS },
	{ ld_task_status_name, ld_task_status_parse, LD_TASK_STATUS_COUNT, TASK_STATUSES },
	{ ld_task_reason_name, ld_task_reason_parse, LD_REASON_COUNT, TASK_REASONS },
	{ ld_call_state_name, ld_call_state_parse, LD_CALL_STATE_COUNT, CALL_STATES },
	{ ld_integration_kind_name, ld_integration_kind_parse, LD_INTEGRATION_KIND_COUNT,
	  INTEGRATION_KINDS },
	{ ld_webhook_event_name, ld_webhook_event_parse, LD_HOOK_EVENT_COUNT, HOOK_EVENTS },
};
#define ENUMS_LEN (sizeof ENUMS / sizeof ENUMS[0])

static void test_model_counts_match_wire_names(void **state)
{
	(void)state;
	assert_int_equal(LD_CH_COUNT, 7);
	assert_int_equal(LD_DIR_COUNT, 3);
	assert_int_equal(LD_IK_COUNT, 6);
	assert_int_equal(LD_ST_COUNT, 5);
	assert_int_equal(LD_CAT_COUNT, 5);
	assert_int_equal(LD_PRIO_COUNT, 4);
	assert_int_equal(LD_ROLE_COUNT, 4);
	assert_int_equal(LD_TEAM_KIND_COUNT, 2);
}

static void test_model_names_are_the_wire_names(void **state)
{
	(void)state;
	for (size_t e = 0; e < ENUMS_LEN; e++) {
		for (int v = 0; v < ENUMS[e].count; v++) {
			const char *name = ENUMS[e].name(v);
			assert_non_null(name);
			assert_string_equal(name, ENUMS[e].names[v]);
		}
	}
}

static void test_model_parse_round_trips(void **state)
{
	(void)state;
	for (size_t e = 0; e < ENUMS_LEN; e++) {
		for (int v = 0; v < ENUMS[e].count; v++)
			assert_int_equal(ENUMS[e].parse(ENUMS[e].names[v]), v);
	}
}

static void test_model_name_out_of_range_is_null(void **state)
{
	(void)state;
	for (size_t e = 0; e < ENUMS_LEN; e++) {
		assert_null(ENUMS[e].name(-1));
		assert_null(ENUMS[e].name(ENUMS[e].count));
		assert_null(ENUMS[e].name(ENUMS[e].count + 100));
	}
}

static void test_model_parse_unknown_is_minus_one(void **state)
{
	(void)state;
	for (size_t e = 0; e < ENUMS_LEN; e++) {
		assert_int_equal(ENUMS[e].parse(NULL), -1);
		assert_int_equal(ENUMS[e].parse(""), -1);
		assert_int_equal(ENUMS[e].parse("unknown"), -1);
	}
	/* exact match only: case, spaces and prefixes are unknown */
	assert_int_equal(ld_channel_parse("Email"), -1);
	assert_int_equal(ld_channel_parse("email "), -1);
	assert_int_equal(ld_channel_parse("emai"), -1);
	assert_int_equal(ld_case_status_parse("RESOLVED"), -1);
	assert_int_equal(ld_direction_parse("inbound"), -1);
	/* spot checks of specific values */
	assert_int_equal(ld_channel_parse("bot"), LD_CH_BOT);
	assert_int_equal(ld_ikind_parse("transfer"), LD_IK_TRANSFER);
	assert_int_equal(ld_case_status_parse("closed"), LD_ST_CLOSED);
	assert_int_equal(ld_team_kind_parse("queue"), LD_TEAM_QUEUE);
}

static void test_model_customer_clear_frees_and_zeroes(void **state)
{
	struct ld_customer c;
	(void)state;
	memset(&c, 0xAB, sizeof c);
	c.notes = strdup("prefers mornings");
	assert_non_null(c.notes);
	ld_customer_clear(&c);
	assert_null(c.notes);
	assert_int_equal(c.id, 0);
	assert_int_equal(c.name[0], '\0');
	assert_int_equal(c.preferred_channel, 0);
	assert_false(c.consent);
	/* a second clear of the zeroed struct is harmless */
	ld_customer_clear(&c);
	assert_null(c.notes);
}

static void test_model_interaction_clear_frees_and_zeroes(void **state)
{
	struct ld_interaction it;
	(void)state;
	memset(&it, 0xCD, sizeof it);
	it.body = strdup("Hello, my parcel did not arrive.");
	assert_non_null(it.body);
	ld_interaction_clear(&it);
	assert_null(it.body);
	assert_int_equal(it.id, 0);
	assert_int_equal(it.agent_id, 0);
	assert_int_equal(it.to_agent_id, 0);
	ld_interaction_clear(&it);
	assert_null(it.body);
}

static void test_model_clear_accepts_null(void **state)
{
	struct ld_customer c;
	struct ld_interaction it;
	(void)state;
	ld_customer_clear(NULL);
	ld_interaction_clear(NULL);
	/* structs with no heap string */
	memset(&c, 0, sizeof c);
	memset(&it, 0, sizeof it);
	ld_customer_clear(&c);
	ld_interaction_clear(&it);
	assert_null(c.notes);
	assert_null(it.body);
}

/* Which kinds each channel carries: the one table, spelled out cell by cell. */
static void test_model_channel_carries_kind(void **state)
{
	/* rows: channel; columns: message call visit note transfer status */
	static const bool want[LD_CH_COUNT][LD_IK_COUNT] = {
		[LD_CH_EMAIL] = {true, false, false, true, true, true},
		[LD_CH_PHONE] = {false, true, false, true, true, true},
		[LD_CH_CHAT] = {true, false, false, true, true, true},
		[LD_CH_WEB] = {true, false, false, true, true, true},
		[LD_CH_VISIT] = {false, false, true, true, true, true},
		[LD_CH_SOCIAL] = {true, false, false, true, true, true},
		[LD_CH_BOT] = {true, true, false, true, true, true},
	};
	(void)state;
	for (int ch = 0; ch < LD_CH_COUNT; ch++)
		for (int k = 0; k < LD_IK_COUNT; k++)
			if (ld_channel_carries_kind(ch, k) != want[ch][k])
				fail_msg("channel %s, kind %s: expected %s", ld_channel_name(ch),
					 ld_ikind_name(k), want[ch][k] ? "carried" : "refused");
	/* the example, and values outside the enums */
	assert_false(ld_channel_carries_kind(LD_CH_EMAIL, LD_IK_VISIT));
	assert_false(ld_channel_carries_kind(-1, LD_IK_NOTE));
	assert_false(ld_channel_carries_kind(LD_CH_COUNT, LD_IK_NOTE));
	assert_false(ld_channel_carries_kind(LD_CH_EMAIL, -1));
	assert_false(ld_channel_carries_kind(LD_CH_EMAIL, LD_IK_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_counts_match_wire_names),
		cmocka_unit_test(test_model_names_are_the_wire_names),
		cmocka_unit_test(test_model_parse_round_trips),
		cmocka_unit_test(test_model_name_out_of_range_is_null),
		cmocka_unit_test(test_model_parse_unknown_is_minus_one),
		cmocka_unit_test(test_model_customer_clear_frees_and_zeroes),
		cmocka_unit_test(test_model_interaction_clear_frees_and_zeroes),
		cmocka_unit_test(test_model_clear_accepts_null),
		cmocka_unit_test(test_model_channel_carries_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
