/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Login throttling: when a key (a login name, a client address) has failed
 * too often, how long further attempts must wait.
 *
 * Owns the rule only; the state is kept by the store (one row per key) and
 * the keys are chosen by app/accounts.c. Pure: no I/O, no allocation, no
 * clock of its own — every function takes `now`. The design essay opens
 * core/throttle.c.
 */
#ifndef LD_CORE_THROTTLE_H
#define LD_CORE_THROTTLE_H

#include <stdint.h>

/* First delay once a key is throttled, s (then doubling up to delay_max_s). */
#define THROTTLE_DELAY_FIRST_S 1

struct throttle_rule {
	int64_t failures;       /* failures of a run that start the delays, ≥ 1 */
	int64_t window_s;       /* a run is forgotten this long after its last failure
				 * or the end of its last delay, whichever is later; ≥ 1 */
	int64_t delay_max_s;    /* cap of the delay, ≥ THROTTLE_DELAY_FIRST_S */
};

/* What the store keeps of one key. All zero = no failure remembered. */
struct throttle_state {
	int64_t failures;       /* failures in the current run, ≥ 0 */
	int64_t last_at;        /* Unix s of the last failure, 0 = none */
	int64_t blocked_until;  /* Unix s before which attempts are refused, 0 = none */
};

/* Sanitises `r`: out-of-range members take the nearest allowed value. */
void throttle_rule_clamp(struct throttle_rule *r);

/* When `st` may be forgotten (a zero state: 0, at once). */
int64_t throttle_expires_at(const struct throttle_rule *r, const struct throttle_state *st);

/* Seconds an attempt at `now` must still wait, 0 = it may be made. */
int64_t throttle_wait(const struct throttle_state *st, int64_t now);

/* Records a failed attempt at `now` into `st`. */
void throttle_fail(const struct throttle_rule *r, struct throttle_state *st, int64_t now);

#endif
