/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The value types the store's operations (store.h) take and fill beside the
 * domain structs of core/model.h: sessions and sign-in links, audit rows,
 * report filters and totals, loyalty and rollup cells, mail references,
 * room on disk. Plain data, no handle and no operation; app/ and the
 * backends use them through store.h, which includes this file.
 */
#ifndef LD_STORE_ROWS_H
#define LD_STORE_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/effort.h"
#include "core/model.h"
#include "core/rollup.h"
#include "core/throttle.h"
#include "store/query.h"
#include "util/status.h"

/* Digest length of a session token (SHA-256). */
#define STORE_TOKEN_DIGEST_LEN 32
/* Encoded password hash (argon2id PHC string) upper bound. */
#define STORE_PASSWORD_HASH_MAX 160
/* Longest key of the login throttle ("address:" and an address, "login:" and 64 hex). */
#define STORE_THROTTLE_KEY_MAX 96

/* A branch's period (store facility_totals): counts over its visits. */
struct store_facility_totals {
	int64_t visits;          /* visits (channel visit, not internal) at it in the period */
	int64_t visitors;        /* distinct customers of those */
	int64_t cases;           /* the cases those visits were on (merged ones excluded) */
	int64_t high_cases;      /* of those: effort band high */
	int64_t medium_cases;    /* … medium */
	int64_t repeat_cases;    /* … with a repeat contact */
	int64_t transfer_cases;  /* … transferred */
	int64_t resolved_cases;  /* … resolved or closed */
	int64_t contacts;        /* Σ inbound contacts of those cases */
	int64_t csat[5];         /* CSAT answers 1…5 about those cases */
};

/* A portal sign-in link (migration 0013), found by its token's digest. */
struct store_magic_link {
	int64_t customer_id;  /* whose */
	int64_t created_at;   /* Unix s */
	int64_t expires_at;   /* Unix s: works before this */
	int64_t used_at;      /* Unix s, 0 = not used */
};

struct store_session {
	int64_t agent_id;     /* account the token belongs to */
	int64_t expires_at;   /* Unix s */
	int64_t created_at;   /* Unix s */
	/* Filled by session_get (ignored by session_insert): the account, joined,
	 * so authenticating a request is one lookup. */
	int role;             /* enum ld_role */
	int64_t team_id;      /* staff: home team, 0 = none */
	int64_t customer_id;  /* customer logins: whose, else 0 */
	bool active;          /* the account may log in */
};

/* An audit row to append. Texts are bounded by core/model.h LD_AUDIT_*_MAX. */
struct store_audit {
	int64_t actor_id;     /* account that acted, 0 = system (CLI, import) or nobody */
	const char *action;   /* "case.transfer", "customer.create" … (borrowed) */
	const char *object;   /* "case/42" (borrowed), NULL or "" = none */
	const char *detail;   /* JSON text or NULL (borrowed) */
	const char *address;  /* client address of the request (borrowed), NULL or "" = none */
	int64_t at;           /* Unix s, 0 = now */
};

/* What store_ops.compact_after_erase did. */
struct store_compaction {
	bool complete;            /* every deleted byte is overwritten or cut off the files */
	bool index_rewritten;     /* the search index was rewritten without deleted terms */
	char note[160];           /* why not complete ("" when complete) */
};

/* A case as the links between a customer's cases on one topic see it. */
struct store_topic_case {
	int64_t id;             /* case id */
	int64_t created_at;     /* Unix s */
	int64_t resolved_at;    /* Unix s, 0 = none */
	int status;             /* enum ld_case_status */
	bool repeat_case;       /* effort.repeat_case as stored */
	bool fcr_has_prev;      /* … fcr_has_prev, fcr_prev_gap_s */
	int64_t fcr_prev_gap_s;
	bool fcr_has_next;      /* … fcr_has_next, fcr_next_gap_s */
	int64_t fcr_next_gap_s;
};

/* Which cases an effort report covers. The figures are kept per UTC day, so
 * the period is taken in whole days: from the start of the day of `from` to
 * the end of the day of `to` − 1 s. */
struct store_effort_filter {
	int64_t from;         /* cases opened at or after (Unix s), 0 = since ever */
	int64_t to;           /* … and before (Unix s), 0 = until now */
	int64_t team_id;      /* owning team, 0 = any */
	int channel;          /* first contact's channel (enum ld_channel), -1 = any */
};


/* FCR counts of the resolved cases a filter covers (by the day resolved):
 * first contacts and those the customer came back about, per window. */
struct store_fcr_totals {
	int64_t first[3];     /* [0] 24 h, [1] 7 days, [2] 30 days */
	int64_t repeated[3];  /* of those, came back within the window */
};

/* Customers by (has a case, has a high-effort case, latest renewal outcome). */
struct store_customer_split {
	/* [has_case][has_high][outcome]: outcome 0 = undecided, 1 = renewed, 2 = lapsed */
	int64_t customers[2][2][3];
};

/* Which answers a survey report covers: the filter of the effort report, with
 * `from`/`to` bounding the answer time and team/channel the case's. */
struct store_survey_filter {
	struct store_effort_filter when;  /* period, team, first channel */
	int origin;                       /* enum ld_survey_origin, -1 = any */
};

/* SERVQUAL answer sums per dimension (core/survey_metrics.h order). */
struct store_servqual_totals {
	int64_t n[LD_SQ_DIMS];        /* answers with both statements rated */
	int64_t gap_sum[LD_SQ_DIMS];  /* Σ (perceived − expected) */
	int64_t gap_sq[LD_SQ_DIMS];   /* Σ (perceived − expected)² */
};

/* Longest loyalty feature key ("1,10,5,…"): 13 fields of ≤ 2 digits. */
#define STORE_LOYALTY_KEY_MAX 48

/* Customers sharing one loyalty feature vector and renewal outcome. */
struct store_loyalty_cell {
	char key[STORE_LOYALTY_KEY_MAX + 1]; /* comma-separated features, app/loyalty.c order */
	int outcome;                         /* 0 undecided, 1 renewed, 2 lapsed */
	int month;                           /* UTC YYYYMM the renewal fell due, 0 = undecided */
	int64_t customers;                   /* > 0 */
};

typedef ld_status (*store_loyalty_fn)(void *ctx, const struct store_loyalty_cell *cell,
				      struct ld_err *err);

/* A customer's derived state (sums, latest answers, renewal outcome). */
struct store_rollup_customer {
	int64_t id;                  /* customer id */
	struct rollup_customer v;    /* what core/rollup.c derives for them */
	char key[ROLLUP_LOYALTY_KEY_MAX + 1]; /* stored loyalty key (read only; apply
					       * writes rollup_loyalty_key(&v)) */
};

/* One stored aggregate cell, as a delta from zero (check reads them back). */
typedef ld_status (*store_rollup_cell_fn)(void *ctx, const struct rollup_delta *cell,
					  struct ld_err *err);

/* Room to write, for the health check (space()). */
struct store_space {
	int64_t full_age_s;   /* s since a write of this process on this database was refused
			       * for lack of room, with none committed since; -1 = none */
	int64_t free_bytes;   /* free to the server on the database's filesystem, -1 = unknown
			       * (in memory, or the filesystem would not say) */
};

/* A Message-ID the desk has seen or sent: the contact it became. */
struct store_mail_ref {
	int64_t interaction_id;      /* the contact */
	int64_t case_id;             /* its case now (after merges) */
	int64_t customer_id;         /* that case's customer */
	int direction;               /* enum ld_direction: in or out */
	char message_id[LD_MAIL_ID_MAX + 1]; /* mail_thread only: the id */
	int64_t created_at;          /* mail_thread only: when it was recorded */
};

#endif
