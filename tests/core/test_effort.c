/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of core/effort.c on hand-built case timelines: each signal, each edge
 * case named in the design essay, the score, the band boundaries and the
 * elapsed time. Every assertion states the exact expected count, so a change
 * in a definition fails here first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/effort.h"
#include "core/model.h"

#define T0 1704067200 /* 2024-01-01T00:00:00Z, when every test case opens */

/* Agents of the timelines. */
#define ANNA 101
#define BORIS 102
#define CILKA 103
#define DANA 104

/* ---- event builders ---- */

static struct effort_event contact(int channel, int kind, int64_t agent, int64_t at)
{
	struct effort_event ev = {
		.channel = channel, .direction = LD_DIR_IN, .kind = kind, .agent_id = agent,
		.at = at, .has_note = false, .to_agent_id = 0, .status_to = -1,
	};
	return ev;
}

static struct effort_event reply(int channel, int64_t agent, int64_t at)
{
	struct effort_event ev = {
		.channel = channel, .direction = LD_DIR_OUT, .kind = LD_IK_MESSAGE,
		.agent_id = agent, .at = at, .status_to = -1,
	};
	return ev;
}

static struct effort_event note(int64_t agent, int64_t at)
{
	struct effort_event ev = {
		.channel = LD_CH_EMAIL, .direction = LD_DIR_INTERNAL, .kind = LD_IK_NOTE,
		.agent_id = agent, .at = at, .status_to = -1,
	};
	return ev;
}

static struct effort_event transfer(int64_t from, int64_t to, bool has_note, int64_t at)
{
	struct effort_event ev = {
		.channel = LD_CH_EMAIL, .direction = LD_DIR_INTERNAL, .kind = LD_IK_TRANSFER,
		.agent_id = from, .at = at, .has_note = has_note, .to_agent_id = to,
		.status_to = -1,
	};
	return ev;
}

static struct effort_event status(int status_to, int64_t agent, int64_t at)
{
	struct effort_event ev = {
		.channel = LD_CH_EMAIL, .direction = LD_DIR_INTERNAL, .kind = LD_IK_STATUS,
		.agent_id = agent, .at = at, .status_to = status_to,
	};
	return ev;
}

static void feed(struct effort_state *e, const struct effort_event *evs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		effort_update(e, &evs[i]);
}

#define FEED(e, ...)                                                                   \
	do {                                                                           \
		const struct effort_event evs_[] = { __VA_ARGS__ };                    \
		feed((e), evs_, sizeof evs_ / sizeof evs_[0]);                         \
	} while (0)

/* The shown signals, in one line per test. */
static void assert_signals(const struct effort_state *e, int contacts, int repeats, int transfers,
			   int switches, int re_explanations, int robot_only, int reopens)
{
	assert_int_equal(e->contacts, contacts);
	assert_int_equal(e->repeat_contacts, repeats);
	assert_int_equal(e->transfers, transfers);
	assert_int_equal(e->channel_switches, switches);
	assert_int_equal(e->re_explanations, re_explanations);
	assert_int_equal(e->robot_only, robot_only);
	assert_int_equal(e->reopens, reopens);
}

static void assert_score(double got, double want)
{
	if (fabs(got - want) > 1e-12)
		fail_msg("score %.17g, expected %.17g", got, want);
}

/* ---- tests ---- */

static void test_effort_init_starts_empty(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	assert_signals(&e, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(e.opened_at, T0);
	assert_int_equal(e.resolved_at, 0);
	assert_int_equal(e.last_in_channel, -1);
	assert_int_equal(e.owner_id, 0);
	assert_false(e.reexplain_armed);
	assert_false(e.repeat_case);
	assert_int_equal(e.bot_pending, 0);
	assert_int_equal(e.handlers_len, 0);
	assert_score(effort_score(&e, NULL), 0.0);
}

static void test_effort_single_contact(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0));
	assert_signals(&e, 1, 0, 0, 0, 0, 0, 0);
	assert_int_equal(e.last_in_channel, LD_CH_EMAIL);
	assert_int_equal(e.handlers_len, 1);
	assert_int_equal(e.handlers[0], ANNA);
	assert_score(effort_score(&e, NULL), 0.0);
	assert_int_equal(effort_band_of(effort_score(&e, NULL), NULL), EFFORT_LOW);
}

static void test_effort_repeat_inbound(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, 0, T0),
	     reply(LD_CH_EMAIL, ANNA, T0 + 60),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0 + 3600),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0 + 7200));
	assert_signals(&e, 3, 2, 0, 0, 0, 0, 0);
	assert_score(effort_score(&e, NULL), 2.0);
	assert_int_equal(effort_band_of(effort_score(&e, NULL), NULL), EFFORT_MEDIUM);
}

static void test_effort_outbound_and_internal_are_not_contacts(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_PHONE, LD_IK_CALL, ANNA, T0),
	     reply(LD_CH_EMAIL, ANNA, T0 + 10),
	     note(ANNA, T0 + 20),
	     /* outbound call on another channel: the desk's own work, no switch */
	     (struct effort_event){ .channel = LD_CH_PHONE, .direction = LD_DIR_OUT,
				    .kind = LD_IK_CALL, .agent_id = ANNA, .at = T0 + 30,
				    .status_to = -1 },
	     /* an inbound row that is not a message/call/visit is bookkeeping */
	     (struct effort_event){ .channel = LD_CH_WEB, .direction = LD_DIR_IN,
				    .kind = LD_IK_NOTE, .agent_id = 0, .at = T0 + 40,
				    .status_to = -1 });
	assert_signals(&e, 1, 0, 0, 0, 0, 0, 0);
	assert_int_equal(e.last_in_channel, LD_CH_PHONE);
}

static void test_effort_visit_counts_as_contact(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_PHONE, LD_IK_CALL, ANNA, T0),
	     contact(LD_CH_VISIT, LD_IK_VISIT, BORIS, T0 + 86400));
	assert_signals(&e, 2, 1, 0, 1, 0, 0, 0);
}

static void test_effort_bot_then_human_keeps_robot_only(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0),
	     contact(LD_CH_PHONE, LD_IK_CALL, ANNA, T0 + 600));
	assert_signals(&e, 2, 1, 0, 1, 0, 1, 0);
	assert_int_equal(e.bot_pending, 0);
	/* the resolution comes after the human: the bot contact stays effort */
	FEED(&e, status(LD_ST_RESOLVED, ANNA, T0 + 900));
	assert_signals(&e, 2, 1, 0, 1, 0, 1, 0);
	assert_int_equal(e.resolved_at, T0 + 900);
	/* bot (1) + switch (1) + repeat (1) */
	assert_score(effort_score(&e, NULL), 3.0);
}

static void test_effort_bot_then_agent_reply_keeps_robot_only(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0),
	     contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0 + 30),
	     reply(LD_CH_EMAIL, ANNA, T0 + 600),
	     status(LD_ST_RESOLVED, ANNA, T0 + 700));
	assert_signals(&e, 2, 1, 0, 0, 0, 2, 0);
	assert_int_equal(e.bot_pending, 0);
}

static void test_effort_bot_then_other_channel_keeps_robot_only(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	/* the customer leaves the bot for the web form; no agent is on it yet */
	FEED(&e, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0),
	     contact(LD_CH_WEB, LD_IK_MESSAGE, 0, T0 + 60));
	assert_int_equal(e.bot_pending, 0);
	FEED(&e, status(LD_ST_RESOLVED, 0, T0 + 120));
	assert_signals(&e, 2, 1, 0, 1, 0, 1, 0);
}

static void test_effort_bot_then_resolved_is_self_service(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0),
	     contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0 + 30),
	     /* an agent triaging the status has not talked to the customer */
	     status(LD_ST_OPEN, ANNA, T0 + 40));
	assert_signals(&e, 2, 1, 0, 0, 0, 2, 0);
	assert_int_equal(e.bot_pending, 2);
	/* an agent recording the resolution is bookkeeping: the bot solved it */
	FEED(&e, status(LD_ST_RESOLVED, ANNA, T0 + 60));
	assert_signals(&e, 2, 1, 0, 0, 0, 0, 0);
	assert_int_equal(e.bot_pending, 0);
	assert_int_equal(e.resolved_at, T0 + 60);
}

static void test_effort_bot_closed_without_resolution_stays_counted(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0),
	     status(LD_ST_CLOSED, 0, T0 + 60));
	assert_signals(&e, 1, 0, 0, 0, 0, 1, 0);
	assert_int_equal(e.resolved_at, T0 + 60);
}

static void test_effort_bot_with_agent_is_not_robot_only(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0),
	     /* the bot hands over to a person in the same chat window */
	     contact(LD_CH_BOT, LD_IK_MESSAGE, ANNA, T0 + 30),
	     status(LD_ST_RESOLVED, ANNA, T0 + 60));
	assert_signals(&e, 2, 1, 0, 0, 0, 1, 0);
	assert_int_equal(e.bot_pending, 0);
}

static void test_effort_transfer_without_note_counts_reexplanation(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100));
	assert_true(e.reexplain_armed);
	assert_int_equal(e.owner_id, BORIS);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, BORIS, T0 + 200));
	assert_signals(&e, 2, 1, 1, 0, 1, 0, 0);
	assert_false(e.reexplain_armed);
	/* a later contact with the same agent is not another re-explanation */
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, BORIS, T0 + 300));
	assert_signals(&e, 3, 2, 1, 0, 1, 0, 0);
	/* transfer 2 + re-explanation 2 + repeats 2 */
	assert_score(effort_score(&e, NULL), 6.0);
}

static void test_effort_reexplanation_falls_back_to_owner(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100),
	     /* logged without an agent: it reaches the owner, Boris */
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, 0, T0 + 200));
	assert_signals(&e, 2, 1, 1, 0, 1, 0, 0);
}

static void test_effort_bot_after_transfer_is_no_reexplanation(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100),
	     /* the customer talks to the bot: nobody new heard the story */
	     contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0 + 200));
	assert_signals(&e, 2, 1, 1, 1, 0, 1, 0);
	assert_false(e.reexplain_armed);
}

static void test_effort_transfer_with_note_no_reexplanation(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, true, T0 + 100));
	assert_false(e.reexplain_armed);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, BORIS, T0 + 200));
	assert_signals(&e, 2, 1, 1, 0, 0, 0, 0);
	assert_score(effort_score(&e, NULL), 3.0);
}

static void test_effort_transfer_back_to_previous_handler(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100),
	     transfer(BORIS, ANNA, false, T0 + 200),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0 + 300));
	assert_signals(&e, 2, 1, 2, 0, 0, 0, 0);
	assert_int_equal(e.owner_id, ANNA);
	/* Boris handled it by transferring; Anna from the first contact */
	assert_int_equal(e.handlers_len, 2);
}

static void test_effort_transfer_to_team_then_new_agent_picks_up(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, 0, false, T0 + 100));
	assert_int_equal(e.owner_id, 0);
	assert_true(e.reexplain_armed);
	FEED(&e, contact(LD_CH_PHONE, LD_IK_CALL, CILKA, T0 + 200));
	assert_signals(&e, 2, 1, 1, 1, 1, 0, 0);
}

static void test_effort_transfer_to_team_then_unhandled_contact(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, 0, false, T0 + 100),
	     /* nobody has it yet: no one to re-explain to, and the check is spent */
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, 0, T0 + 200),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, CILKA, T0 + 300));
	assert_signals(&e, 3, 2, 1, 0, 0, 0, 0);
	assert_false(e.reexplain_armed);
}

static void test_effort_two_transfers_in_a_row(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100),
	     transfer(BORIS, CILKA, false, T0 + 200),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, CILKA, T0 + 300));
	assert_signals(&e, 2, 1, 2, 0, 1, 0, 0);
	/* 2·2 transfers + 2 re-explanation + 1 repeat */
	assert_score(effort_score(&e, NULL), 7.0);
	assert_int_equal(effort_band_of(effort_score(&e, NULL), NULL), EFFORT_HIGH);
}

static void test_effort_last_transfer_decides_arming(void **state)
{
	struct effort_state e;
	(void)state;
	/* note, then no note: armed */
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, true, T0 + 100),
	     transfer(BORIS, CILKA, false, T0 + 200),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, CILKA, T0 + 300));
	assert_int_equal(e.re_explanations, 1);
	/* no note, then a note: disarmed */
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100),
	     transfer(BORIS, CILKA, true, T0 + 200),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, CILKA, T0 + 300));
	assert_int_equal(e.re_explanations, 0);
	assert_int_equal(e.transfers, 2);
}

static void test_effort_reexplanation_survives_rows_of_others(void **state)
{
	struct effort_state e;
	(void)state;
	/* differs from the peer SQL: rows between transfer and contact do not disarm */
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100),
	     reply(LD_CH_EMAIL, 0, T0 + 101), /* automatic acknowledgement */
	     note(ANNA, T0 + 150),             /* a late note by the old owner */
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, BORIS, T0 + 200));
	assert_int_equal(e.re_explanations, 1);
}

static void test_effort_new_owner_writing_first_has_handled(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100),
	     reply(LD_CH_EMAIL, BORIS, T0 + 150),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, BORIS, T0 + 200));
	assert_int_equal(e.re_explanations, 0);
	assert_false(e.reexplain_armed);
}

static void test_effort_transfer_before_any_contact_by_other_agent(void **state)
{
	struct effort_state e;
	(void)state;
	/* the first contact after the transfer goes to someone else than the owner */
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, false, T0 + 100),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0 + 200));
	assert_int_equal(e.re_explanations, 0);
	assert_int_equal(e.owner_id, BORIS);
}

static void test_effort_channel_switch_web_to_phone(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_WEB, LD_IK_MESSAGE, 0, T0),
	     contact(LD_CH_PHONE, LD_IK_CALL, ANNA, T0 + 3600));
	assert_signals(&e, 2, 1, 0, 1, 0, 0, 0);
	assert_int_equal(e.last_in_channel, LD_CH_PHONE);
	assert_score(effort_score(&e, NULL), 2.0);
}

static void test_effort_same_channel_twice_no_switch(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_WEB, LD_IK_MESSAGE, 0, T0),
	     reply(LD_CH_EMAIL, ANNA, T0 + 60), /* the desk answers by e-mail */
	     contact(LD_CH_WEB, LD_IK_MESSAGE, 0, T0 + 3600));
	assert_signals(&e, 2, 1, 0, 0, 0, 0, 0);
}

static void test_effort_channel_switches_count_each_change(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0),
	     contact(LD_CH_WEB, LD_IK_MESSAGE, 0, T0 + 60),
	     contact(LD_CH_WEB, LD_IK_MESSAGE, 0, T0 + 120),
	     contact(LD_CH_PHONE, LD_IK_CALL, ANNA, T0 + 180),
	     contact(LD_CH_WEB, LD_IK_MESSAGE, ANNA, T0 + 240));
	/* bot→web, web→phone, phone→web */
	assert_signals(&e, 5, 4, 0, 3, 0, 1, 0);
}

static void test_effort_reopen_and_elapsed(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     status(LD_ST_OPEN, ANNA, T0 + 10),
	     status(LD_ST_PENDING, ANNA, T0 + 20),
	     status(LD_ST_OPEN, ANNA, T0 + 30));
	/* open ↔ pending before any resolution is no reopen */
	assert_int_equal(e.reopens, 0);
	assert_int_equal(effort_elapsed(&e, T0 + 500), 500);

	FEED(&e, status(LD_ST_RESOLVED, ANNA, T0 + 1000));
	assert_int_equal(e.resolved_at, T0 + 1000);
	assert_int_equal(effort_elapsed(&e, T0 + 99999), 1000);
	/* filing a resolved case keeps the resolution time */
	FEED(&e, status(LD_ST_CLOSED, 0, T0 + 2000));
	assert_int_equal(e.resolved_at, T0 + 1000);

	FEED(&e, status(LD_ST_OPEN, ANNA, T0 + 3000));
	assert_int_equal(e.reopens, 1);
	assert_int_equal(e.resolved_at, 0);
	assert_int_equal(effort_elapsed(&e, T0 + 3500), 3500);

	/* closed straight from open is a resolution too */
	FEED(&e, status(LD_ST_CLOSED, ANNA, T0 + 4000));
	assert_int_equal(e.resolved_at, T0 + 4000);
	assert_int_equal(effort_elapsed(&e, T0 + 99999), 4000);

	FEED(&e, status(LD_ST_NEW, 0, T0 + 5000),
	     status(LD_ST_RESOLVED, ANNA, T0 + 6000),
	     status(LD_ST_PENDING, ANNA, T0 + 7000));
	assert_int_equal(e.reopens, 3);
	assert_int_equal(e.resolved_at, 0);
	/* reopen 2 each; no repeats (one contact) */
	assert_signals(&e, 1, 0, 0, 0, 0, 0, 3);
	assert_score(effort_score(&e, NULL), 6.0);
}

static void test_effort_unknown_status_is_ignored(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	FEED(&e, status(LD_ST_RESOLVED, ANNA, T0 + 10),
	     status(-1, ANNA, T0 + 20),
	     status(LD_ST_COUNT, ANNA, T0 + 30));
	assert_int_equal(e.resolved_at, T0 + 10);
	assert_int_equal(e.reopens, 0);
}

static void test_effort_elapsed_never_negative(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	assert_int_equal(effort_elapsed(&e, T0 - 5), 0);
	assert_int_equal(effort_elapsed(&e, T0), 0);
	FEED(&e, status(LD_ST_RESOLVED, 0, T0 - 3)); /* clock skew */
	assert_int_equal(effort_elapsed(&e, T0 + 100), 0);
}

static void test_effort_repeat_case_idempotent(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	effort_mark_repeat_case(&e);
	assert_true(e.repeat_case);
	assert_int_equal(e.repeat_contacts, 1);
	effort_mark_repeat_case(&e);
	assert_int_equal(e.repeat_contacts, 1);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0 + 60));
	/* max(2 − 1, 0) + 1 */
	assert_int_equal(e.repeat_contacts, 2);
	effort_mark_repeat_case(&e);
	assert_int_equal(e.repeat_contacts, 2);
	assert_int_equal(e.contacts, 2);
}

static void test_effort_handlers_overflow(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	/* agents 1..16 fill the list; agent 17 handles the case but is not kept */
	for (int64_t a = 1; a <= EFFORT_HANDLERS_MAX + 1; a++) {
		struct effort_event ev = reply(LD_CH_EMAIL, a, T0 + a);
		effort_update(&e, &ev);
	}
	assert_int_equal(e.handlers_len, EFFORT_HANDLERS_MAX);
	assert_int_equal(e.handlers[0], 1);
	assert_int_equal(e.handlers[EFFORT_HANDLERS_MAX - 1], EFFORT_HANDLERS_MAX);
	/* duplicates are not added either */
	FEED(&e, note(5, T0 + 100));
	assert_int_equal(e.handlers_len, EFFORT_HANDLERS_MAX);

	/* back to a remembered agent: no re-explanation */
	FEED(&e, transfer(1, 5, false, T0 + 200),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, 5, T0 + 300));
	assert_int_equal(e.re_explanations, 0);
	/* to the forgotten agent 17: treated as new (documented limit) */
	FEED(&e, transfer(5, EFFORT_HANDLERS_MAX + 1, false, T0 + 400),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, EFFORT_HANDLERS_MAX + 1, T0 + 500));
	assert_int_equal(e.re_explanations, 1);
	assert_int_equal(e.handlers_len, EFFORT_HANDLERS_MAX);
}

static void test_effort_score_weights_each_signal(void **state)
{
	struct effort_state e;
	(void)state;
	effort_init(&e, T0);
	e.transfers = 1;
	e.channel_switches = 1;
	e.re_explanations = 1;
	e.repeat_contacts = 1;
	e.robot_only = 1;
	e.reopens = 1;
	/* 2 + 1 + 2 + 1 + 1 + 2 */
	assert_score(effort_score(&e, NULL), 9.0);
	assert_score(effort_score(&e, &EFFORT_WEIGHTS_DEFAULT), 9.0);

	struct effort_weights w = {
		.transfer = 10, .channel_switch = 100, .re_explanation = 1000,
		.repeat_contact = 10000, .robot_only = 100000, .reopen = 1000000,
		.medium_at = 1, .high_at = 2,
	};
	e.transfers = 1;
	e.channel_switches = 2;
	e.re_explanations = 3;
	e.repeat_contacts = 4;
	e.robot_only = 5;
	e.reopens = 6;
	assert_score(effort_score(&e, &w), 6543210.0);

	/* a calibrated negative weight never makes effort negative */
	struct effort_weights neg = w;
	neg.transfer = -1e9;
	assert_score(effort_score(&e, &neg), 0.0);
}

static void test_effort_band_boundaries(void **state)
{
	(void)state;
	assert_int_equal(effort_band_of(0.0, NULL), EFFORT_LOW);
	assert_int_equal(effort_band_of(1.0, NULL), EFFORT_LOW);
	assert_int_equal(effort_band_of(1.999, NULL), EFFORT_LOW);
	assert_int_equal(effort_band_of(2.0, NULL), EFFORT_MEDIUM);
	assert_int_equal(effort_band_of(3.0, NULL), EFFORT_MEDIUM);
	assert_int_equal(effort_band_of(3.999, NULL), EFFORT_MEDIUM);
	assert_int_equal(effort_band_of(4.0, NULL), EFFORT_HIGH);
	assert_int_equal(effort_band_of(40.0, NULL), EFFORT_HIGH);

	/* 0.7 + 0.1 is 0.7999999999999999 in doubles: still high at 0.8 */
	struct effort_weights w = {
		.transfer = 0.7, .channel_switch = 0.1, .medium_at = 0.5, .high_at = 0.8,
	};
	struct effort_state e;
	effort_init(&e, T0);
	e.transfers = 1;
	e.channel_switches = 1;
	assert_true(effort_score(&e, &w) < 0.8);
	assert_int_equal(effort_band_of(effort_score(&e, &w), &w), EFFORT_HIGH);
}

static void test_effort_band_on_timelines_at_2_and_4(void **state)
{
	struct effort_state e;
	(void)state;
	/* exactly 2: one transfer with a note, single contact */
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, BORIS, true, T0 + 100));
	assert_score(effort_score(&e, NULL), 2.0);
	assert_int_equal(effort_band_of(effort_score(&e, NULL), NULL), EFFORT_MEDIUM);

	/* exactly 4: web → phone → email (2 switches) and 2 repeats */
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_WEB, LD_IK_MESSAGE, 0, T0),
	     contact(LD_CH_PHONE, LD_IK_CALL, ANNA, T0 + 100),
	     contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0 + 200));
	assert_signals(&e, 3, 2, 0, 2, 0, 0, 0);
	assert_score(effort_score(&e, NULL), 4.0);
	assert_int_equal(effort_band_of(effort_score(&e, NULL), NULL), EFFORT_HIGH);

	/* 3 stays medium: web → phone, 1 repeat, plus the repeat-case mark */
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_WEB, LD_IK_MESSAGE, 0, T0),
	     contact(LD_CH_PHONE, LD_IK_CALL, ANNA, T0 + 100));
	effort_mark_repeat_case(&e);
	assert_score(effort_score(&e, NULL), 3.0);
	assert_int_equal(effort_band_of(effort_score(&e, NULL), NULL), EFFORT_MEDIUM);
}

static void test_effort_matches_peer_rule_without_bots_and_reopens(void **state)
{
	struct effort_state e;
	(void)state;
	/* a peer-shaped case: inbound, transfer without note, inbound on a new channel */
	effort_init(&e, T0);
	FEED(&e, contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0),
	     reply(LD_CH_EMAIL, ANNA, T0 + 50),
	     transfer(ANNA, DANA, false, T0 + 100),
	     contact(LD_CH_PHONE, LD_IK_CALL, DANA, T0 + 200),
	     reply(LD_CH_PHONE, DANA, T0 + 300));
	assert_signals(&e, 2, 1, 1, 1, 1, 0, 0);
	double peer = 2.0 * e.transfers + e.channel_switches + 2.0 * e.re_explanations +
		      e.repeat_contacts;
	assert_score(peer, 6.0);
	assert_score(effort_score(&e, NULL), peer);
}

static void test_effort_band_names(void **state)
{
	(void)state;
	assert_string_equal(effort_band_name(EFFORT_LOW), "low");
	assert_string_equal(effort_band_name(EFFORT_MEDIUM), "medium");
	assert_string_equal(effort_band_name(EFFORT_HIGH), "high");
	assert_null(effort_band_name(EFFORT_BAND_COUNT));
	assert_null(effort_band_name(-1));
	assert_int_equal(effort_band_parse("high"), EFFORT_HIGH);
	assert_int_equal(effort_band_parse("low"), EFFORT_LOW);
	assert_int_equal(effort_band_parse("HIGH"), -1);
	assert_int_equal(effort_band_parse(NULL), -1);
}

static void test_effort_null_is_harmless(void **state)
{
	struct effort_state e;
	struct effort_event ev = contact(LD_CH_EMAIL, LD_IK_MESSAGE, ANNA, T0);
	(void)state;
	effort_init(NULL, T0);
	effort_update(NULL, &ev);
	effort_init(&e, T0);
	effort_update(&e, NULL);
	assert_int_equal(e.contacts, 0);
	effort_mark_repeat_case(NULL);
	assert_score(effort_score(NULL, NULL), 0.0);
	assert_int_equal(effort_elapsed(NULL, T0), 0);
}

/* The row app/cases.c records an assignment with: a note by nobody naming the owner. */
static struct effort_event assignment(int64_t to, int64_t at)
{
	struct effort_event ev = note(0, at);

	ev.to_agent_id = to;
	return ev;
}

/* Two states fed the same signals and the same incremental state. */
static void assert_same_state(const struct effort_state *a, const struct effort_state *b)
{
	assert_signals(a, b->contacts, b->repeat_contacts, b->transfers, b->channel_switches,
		       b->re_explanations, b->robot_only, b->reopens);
	assert_int_equal(a->web_phone_switches, b->web_phone_switches);
	assert_int_equal(a->resolved_at, b->resolved_at);
	assert_int_equal(a->last_in_channel, b->last_in_channel);
	assert_int_equal(a->owner_id, b->owner_id);
	assert_int_equal(a->reexplain_armed, b->reexplain_armed);
	assert_int_equal(a->bot_pending, b->bot_pending);
	assert_int_equal(a->handlers_len, b->handlers_len);
	for (int i = 0; i < a->handlers_len; i++)
		assert_int_equal(a->handlers[i], b->handlers[i]);
}

/*
 * An assignment (an unowned case given to an agent) is no effort event at
 * all: folding its row in changes nothing — no transfer, no armed check, no
 * owner, no handler, and a bot's pending contact stays pending — while a
 * transfer to the same agent at the same place would count.
 */
static void test_effort_assignment_row_changes_nothing(void **state)
{
	struct effort_state with, without, moved;
	(void)state;

	/* A bot conversation, picked up from the queue, resolved by the bot. */
	effort_init(&with, T0);
	effort_init(&without, T0);
	FEED(&with, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0), assignment(ANNA, T0 + 60));
	FEED(&without, contact(LD_CH_BOT, LD_IK_MESSAGE, 0, T0));
	assert_same_state(&with, &without);
	assert_int_equal(with.bot_pending, 1);
	FEED(&with, status(LD_ST_RESOLVED, 0, T0 + 120));
	FEED(&without, status(LD_ST_RESOLVED, 0, T0 + 120));
	assert_same_state(&with, &without);
	assert_signals(&with, 1, 0, 0, 0, 0, 0, 0);

	/* Sent to a queue without a note, then assigned to Boris; the customer
	 * calls with no agent on the contact. */
	effort_init(&with, T0);
	effort_init(&without, T0);
	effort_init(&moved, T0);
	FEED(&with, contact(LD_CH_WEB, LD_IK_MESSAGE, ANNA, T0), transfer(ANNA, 0, false, T0 + 60),
	     assignment(BORIS, T0 + 120), contact(LD_CH_PHONE, LD_IK_CALL, 0, T0 + 180));
	FEED(&without, contact(LD_CH_WEB, LD_IK_MESSAGE, ANNA, T0),
	     transfer(ANNA, 0, false, T0 + 60), contact(LD_CH_PHONE, LD_IK_CALL, 0, T0 + 180));
	assert_same_state(&with, &without);
	assert_signals(&with, 2, 1, 1, 1, 0, 0, 0);
	/* The same hand-over written as a transfer is one more transfer, and Boris,
	 * the owner it names, takes the story anew. */
	FEED(&moved, contact(LD_CH_WEB, LD_IK_MESSAGE, ANNA, T0), transfer(ANNA, 0, false, T0 + 60),
	     transfer(0, BORIS, false, T0 + 120), contact(LD_CH_PHONE, LD_IK_CALL, 0, T0 + 180));
	assert_signals(&moved, 2, 1, 2, 1, 1, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_effort_init_starts_empty),
		cmocka_unit_test(test_effort_assignment_row_changes_nothing),
		cmocka_unit_test(test_effort_single_contact),
		cmocka_unit_test(test_effort_repeat_inbound),
		cmocka_unit_test(test_effort_outbound_and_internal_are_not_contacts),
		cmocka_unit_test(test_effort_visit_counts_as_contact),
		cmocka_unit_test(test_effort_bot_then_human_keeps_robot_only),
		cmocka_unit_test(test_effort_bot_then_agent_reply_keeps_robot_only),
		cmocka_unit_test(test_effort_bot_then_other_channel_keeps_robot_only),
		cmocka_unit_test(test_effort_bot_then_resolved_is_self_service),
		cmocka_unit_test(test_effort_bot_closed_without_resolution_stays_counted),
		cmocka_unit_test(test_effort_bot_with_agent_is_not_robot_only),
		cmocka_unit_test(test_effort_transfer_without_note_counts_reexplanation),
		cmocka_unit_test(test_effort_reexplanation_falls_back_to_owner),
		cmocka_unit_test(test_effort_bot_after_transfer_is_no_reexplanation),
		cmocka_unit_test(test_effort_transfer_with_note_no_reexplanation),
		cmocka_unit_test(test_effort_transfer_back_to_previous_handler),
		cmocka_unit_test(test_effort_transfer_to_team_then_new_agent_picks_up),
		cmocka_unit_test(test_effort_transfer_to_team_then_unhandled_contact),
		cmocka_unit_test(test_effort_two_transfers_in_a_row),
		cmocka_unit_test(test_effort_last_transfer_decides_arming),
		cmocka_unit_test(test_effort_reexplanation_survives_rows_of_others),
		cmocka_unit_test(test_effort_new_owner_writing_first_has_handled),
		cmocka_unit_test(test_effort_transfer_before_any_contact_by_other_agent),
		cmocka_unit_test(test_effort_channel_switch_web_to_phone),
		cmocka_unit_test(test_effort_same_channel_twice_no_switch),
		cmocka_unit_test(test_effort_channel_switches_count_each_change),
		cmocka_unit_test(test_effort_reopen_and_elapsed),
		cmocka_unit_test(test_effort_unknown_status_is_ignored),
		cmocka_unit_test(test_effort_elapsed_never_negative),
		cmocka_unit_test(test_effort_repeat_case_idempotent),
		cmocka_unit_test(test_effort_handlers_overflow),
		cmocka_unit_test(test_effort_score_weights_each_signal),
		cmocka_unit_test(test_effort_band_boundaries),
		cmocka_unit_test(test_effort_band_on_timelines_at_2_and_4),
		cmocka_unit_test(test_effort_matches_peer_rule_without_bots_and_reopens),
		cmocka_unit_test(test_effort_band_names),
		cmocka_unit_test(test_effort_null_is_harmless),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
