/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of core/throttle.c: no delay before the K-th failure, then
 * 1 s doubling to the cap, a run forgotten a window after the later of its
 * last failure and the end of its delay (not before), and the clamps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/throttle.h"

#define T0 INT64_C(1795514400) /* 2026-11-24T10:00:00Z */

static const struct throttle_rule RULE = { .failures = 5, .window_s = 900, .delay_max_s = 900 };

static void test_throttle_no_delay_before_k(void **state)
{
	struct throttle_state st = { 0 };

	(void)state;
	assert_int_equal(throttle_wait(&st, T0), 0);
	assert_int_equal(throttle_expires_at(&RULE, &st), 0);
	for (int i = 1; i < 5; i++) {
		throttle_fail(&RULE, &st, T0 + i);
		assert_int_equal(st.failures, i);
		assert_int_equal(throttle_wait(&st, T0 + i), 0);
	}
	assert_int_equal(throttle_expires_at(&RULE, &st), T0 + 4 + 900);
}

/* The K-th failure blocks 1 s, then 2, 4, … up to the cap, each from its failure. */
static void test_throttle_delays_double_to_the_cap(void **state)
{
	struct throttle_state st = { 0 };
	int64_t now = T0, want = 1;

	(void)state;
	for (int i = 1; i < 5; i++)
		throttle_fail(&RULE, &st, now);
	for (int f = 5; f < 30; f++) {
		throttle_fail(&RULE, &st, now);
		assert_int_equal(throttle_wait(&st, now), want);
		assert_int_equal(throttle_wait(&st, now + want - 1), 1);
		assert_int_equal(throttle_wait(&st, now + want), 0);
		now += want; /* the next try comes when the delay has ended */
		want = want * 2 > 900 ? 900 : want * 2;
	}
	assert_int_equal(st.failures, 29);
}

/* Left alone for a window after the block ends, a key starts afresh. */
static void test_throttle_window_runs_from_the_block_end(void **state)
{
	struct throttle_rule r = { .failures = 2, .window_s = 600, .delay_max_s = 900 };
	struct throttle_state st = { 0 };
	int64_t t = T0;

	(void)state;
	for (int i = 0; i < 12; i++)
		throttle_fail(&r, &st, t); /* all at once: the block reaches the cap */
	assert_int_equal(st.blocked_until, t + 900);
	assert_int_equal(throttle_expires_at(&r, &st), t + 900 + 600);
	/* Just before that, one more failure still continues the run … */
	throttle_fail(&r, &st, t + 900 + 599);
	assert_int_equal(st.failures, 13);
	assert_int_equal(throttle_wait(&st, t + 900 + 599), 900);
	/* … while a failure a whole window after the block starts a new one. */
	t = st.blocked_until + 600;
	throttle_fail(&r, &st, t);
	assert_int_equal(st.failures, 1);
	assert_int_equal(st.blocked_until, 0);
	assert_int_equal(throttle_wait(&st, t), 0);
}

/* A short window: without the block counted, the run would be forgotten
 * while still blocked and a guesser would get K fresh tries. */
static void test_throttle_window_shorter_than_delay(void **state)
{
	struct throttle_rule r = { .failures = 1, .window_s = 10, .delay_max_s = 900 };
	struct throttle_state st = { 0 };

	(void)state;
	for (int i = 0; i < 8; i++)
		throttle_fail(&r, &st, T0);
	assert_int_equal(throttle_wait(&st, T0), 128);
	throttle_fail(&r, &st, T0 + 128);
	assert_int_equal(st.failures, 9);
	assert_int_equal(throttle_wait(&st, T0 + 128), 256);
}

/* A `now` behind the stored times (another process's clock) never shortens a block. */
static void test_throttle_clock_behind(void **state)
{
	struct throttle_rule r = { .failures = 1, .window_s = 900, .delay_max_s = 900 };
	struct throttle_state st = { 0 };

	(void)state;
	for (int i = 0; i < 4; i++)
		throttle_fail(&r, &st, T0);
	assert_int_equal(st.blocked_until, T0 + 8);
	throttle_fail(&r, &st, T0 - 100);
	assert_int_equal(st.blocked_until, T0 + 8);
	assert_int_equal(st.last_at, T0);
}

static void test_throttle_clamp(void **state)
{
	struct throttle_rule r = { .failures = 0, .window_s = -5, .delay_max_s = 0 };

	(void)state;
	throttle_rule_clamp(&r);
	assert_int_equal(r.failures, 1);
	assert_int_equal(r.window_s, 1);
	assert_int_equal(r.delay_max_s, THROTTLE_DELAY_FIRST_S);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_throttle_no_delay_before_k),
		cmocka_unit_test(test_throttle_delays_double_to_the_cap),
		cmocka_unit_test(test_throttle_window_runs_from_the_block_end),
		cmocka_unit_test(test_throttle_window_shorter_than_delay),
		cmocka_unit_test(test_throttle_clock_behind),
		cmocka_unit_test(test_throttle_clamp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
