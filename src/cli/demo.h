/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Private to `loyaldesk demo`: the loader's state, shared by demo.c (set-up,
 * customers, the case schedule) and demo_cases.c (one case's history), and
 * the deterministic random source both draw from.
 */
#ifndef LD_CLI_DEMO_H
#define LD_CLI_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "cli/demo_data.h"

/* splitmix64: tiny, fast, and the same sequence on every platform. */
struct demo_rng {
	uint64_t s;   /* state */
};

static inline uint64_t demo_next(struct demo_rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double demo_unit(struct demo_rng *r)
{
	return (double)(demo_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [0, n). */
static inline int demo_below(struct demo_rng *r, int n)
{
	return (int)(demo_unit(r) * n);
}

/* Uniform integer in [lo, hi]. */
static inline int64_t demo_range(struct demo_rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(demo_unit(r) * (double)(hi - lo + 1));
}

/* One customer as the case generator needs it. */
struct demo_customer {
	int64_t id;            /* store id */
	int16_t lang;          /* index into demo_langs */
	int16_t preferred;     /* enum ld_channel, -1 = none */
};

struct demo_ctx {
	struct app *app;                         /* borrowed */
	uint64_t seed;                           /* --seed */
	int64_t now;                             /* the present of the data set, Unix s */
	int64_t team_ids[DEMO_TEAMS];            /* store ids */
	int64_t agent_ids[DEMO_AGENTS];          /* store ids, demo_agents order */
	int64_t facility_ids[DEMO_FACILITIES];   /* store ids */
	struct demo_customer *customers;         /* owned, `customers_len` entries */
	int customers_len;                       /* entries */
	long long interactions;                  /* interactions written */
	long long transfers, reopens, visits;    /* a few counts for the summary */
	long long claims, compliments;           /* filed by demo_feedback() */
};

/*
 * Writes one case's whole history through the use cases, from `start`, for
 * customer `cust` about `topic`, with randomness from `seed`; events after
 * ctx->now are not written (the case is still running). [out] *resolved_at
 * gets the last resolution time, 0 when unresolved. LD_OK or the first
 * failing use case's status with `err` filled.
 */
ld_status demo_case_run(struct demo_ctx *ctx, uint64_t seed, int64_t start,
			const struct demo_customer *cust, int topic, bool follow_up,
			int64_t *resolved_at, struct ld_err *err);

/*
 * Survey rules, the surveys those rules sent for cases resolved in the
 * demo's past (about half answered, follow-ups mostly done) and one
 * subscription per customer (demo_feedback.c). counts[] gets surveys,
 * answers, follow-ups, subscriptions and lapses.
 */
ld_status demo_feedback(struct demo_ctx *ctx, long long counts[5], struct ld_err *err);

#endif
