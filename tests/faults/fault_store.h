/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A store that fails on purpose: it wraps a real store's ops table (store.h),
 * counts the calls made through it and makes a chosen one fail with a chosen
 * status instead of calling the real operation — what a busy database
 * (LD_ERR_RETRY), a full disk or an I/O error (LD_ERR_INTERNAL) or a lost
 * race (LD_ERR_CONFLICT) does to a request at that point.
 *
 * Every fallible operation counts, reads and writes alike, transaction
 * control included (begin, commit, savepoint, release, read_begin). The four
 * operations that cannot fail by contract (close, rollback,
 * rollback_savepoint, read_end) pass through uncounted: making them "fail"
 * would only skip an undo the contract promises.
 *
 * The failed call leaves its out-parameters as the caller gave them and
 * fills `err` with code "fault_injected"; nothing reaches the real store.
 * One-shot by default (the calls after it go through again, as after a
 * passing lock timeout); sticky makes every later call fail too, as a disk
 * that stays full does.
 *
 * Test code only. The ops table is checked against struct store_ops at
 * compile time, so an operation added to store.h without a wrapper here
 * fails to build instead of jumping through a wrong handle.
 */
#ifndef LD_TESTS_FAULT_STORE_H
#define LD_TESTS_FAULT_STORE_H

#include <stdbool.h>

#include "store/store.h"

/* Calls whose operation name is remembered (fault_store_op_at). */
#define FAULT_STORE_TRACE_MAX 512

/*
 * Wraps `inner`, which the wrapper then owns: store_close() of the returned
 * handle closes `inner` too. Starts disarmed, counting from zero.
 */
struct store *fault_store_wrap(struct store *inner);

/* The real store behind a wrapper (borrowed, valid until store_close()). */
struct store *fault_store_inner(struct store *s);

/*
 * Makes call number `nth` (1-based, counted from the last reset) fail with
 * `status` (negative) and, when `sticky`, every call after it as well.
 * `nth` 0 disarms. Does not reset the count.
 */
void fault_store_arm(struct store *s, long nth, ld_status status, bool sticky);

/* Sets the count back to zero, forgets the trace and what tripped; keeps the arming. */
void fault_store_reset(struct store *s);

/* Fallible calls made since the last reset. */
long fault_store_calls(const struct store *s);

/* Name of the operation whose call failed first, NULL while none has. */
const char *fault_store_tripped(const struct store *s);

/* Name of the operation of call number `nth` (1-based), NULL beyond the trace. */
const char *fault_store_op_at(const struct store *s, long nth);

#endif
