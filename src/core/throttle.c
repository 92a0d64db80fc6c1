/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Login throttling (contract in core/throttle.h).
 *
 * The rule. Failures of one key are counted in runs. A failure more than
 * `window_s` after the later of the run's last failure and the end of its
 * last delay starts a new run; otherwise it extends the current one. Once a
 * run holds `failures` (K) failures, every further failure in it blocks the
 * key for
 *
 *     delay(f) = min(THROTTLE_DELAY_FIRST_S · 2^(f − K), delay_max_s)
 *
 * seconds from that failure, f being the run's count after it: with K = 5,
 * the 5th failure blocks for 1 s, the 6th for 2 s, the 7th for 4 s, … up to
 * the cap. An attempt while the key is blocked is refused without being
 * checked, and is not a failure: it neither lengthens the block nor counts
 * (it never tried a password). A success resets the key (the caller deletes
 * its state).
 *
 * Why the window runs from the end of the delay: with a cap of 15 min and a
 * window of 15 min counted from the last failure alone, the run would be
 * forgotten just as the capped delay ends, and a patient guesser would get
 * K fresh tries every 15 minutes. Counted from the end of the delay, a key
 * that keeps failing stays at the cap: one try per cap period, until it has
 * been left alone for a whole window.
 *
 * Units: Unix seconds. Clocks of several processes may disagree by a little;
 * a `now` earlier than the stored times never shortens a block.
 */
#include "core/throttle.h"

void throttle_rule_clamp(struct throttle_rule *r)
{
	if (r->failures < 1)
		r->failures = 1;
	if (r->window_s < 1)
		r->window_s = 1;
	if (r->delay_max_s < THROTTLE_DELAY_FIRST_S)
		r->delay_max_s = THROTTLE_DELAY_FIRST_S;
}

static int64_t later(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

int64_t throttle_expires_at(const struct throttle_rule *r, const struct throttle_state *st)
{
	if (st->failures <= 0 && st->last_at == 0 && st->blocked_until == 0)
		return 0;
	return later(st->last_at, st->blocked_until) + r->window_s;
}

int64_t throttle_wait(const struct throttle_state *st, int64_t now)
{
	return st->blocked_until > now ? st->blocked_until - now : 0;
}

/* delay(f) of the essay, without overflow for any f. */
static int64_t delay_of(const struct throttle_rule *r, int64_t over)
{
	int64_t d = THROTTLE_DELAY_FIRST_S;

	while (over-- > 0 && d < r->delay_max_s)
		d *= 2;
	return d < r->delay_max_s ? d : r->delay_max_s;
}

void throttle_fail(const struct throttle_rule *r, struct throttle_state *st, int64_t now)
{
	int64_t expires = throttle_expires_at(r, st);

	if (expires == 0 || now >= expires) {
		st->failures = 0;
		st->last_at = 0;
		st->blocked_until = 0;
	}
	if (st->failures < INT64_MAX)
		st->failures++;
	st->last_at = later(st->last_at, now);
	if (st->failures >= r->failures)
		st->blocked_until = later(st->blocked_until,
					  now + delay_of(r, st->failures - r->failures));
}
