/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Derived figures, written once (DESIGN.md §2): what one case, one customer
 * and one survey answer contribute to every aggregate the reports read.
 *
 * A figure kept by the store is a sum of contributions. When a row changes,
 * the change of every figure is contribution(after) − contribution(before):
 * the app layer collects those differences per transaction (app/rollup.c) and
 * the store applies them as plain additions, so no rule is ever written in
 * SQL, and `loyaldesk check` recomputes every figure from the rows by summing
 * the same contributions (app/check.c). The design essay with each rule is at
 * the top of rollup.c. Pure: no I/O, no allocation.
 */
#ifndef LD_CORE_ROLLUP_H
#define LD_CORE_ROLLUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

#define ROLLUP_DAY_S 86400                 /* aggregate buckets are whole UTC days */
#define ROLLUP_FCR_WINDOWS 3               /* FCR over 24 hours, 7 days, 30 days */
#define ROLLUP_FCR_LOOKBACK_S (30 * 86400) /* longest window: how far back "first" looks */
extern const int64_t ROLLUP_FCR_WINDOW_S[ROLLUP_FCR_WINDOWS];

/* Loyalty feature vector: top-codes and answer thresholds (rollup.c essay). */
#define ROLLUP_TOP_CONTACTS 10   /* contacts are top-coded at 10 */
#define ROLLUP_TOP_SIGNAL 5      /* every other count at 5 */
#define ROLLUP_NPS_DETRACTOR_MAX 6
#define ROLLUP_NPS_PROMOTER_MIN 9
#define ROLLUP_CES_LOW_MAX 3
#define ROLLUP_CSAT_LOW_MAX 2
#define ROLLUP_LOYALTY_FIELDS 13 /* 12 features + "has a case" */
#define ROLLUP_LOYALTY_KEY_MAX 48 /* "1,10,5,…": 13 fields of ≤ 2 digits and commas */

/* Renewal outcome of a customer: their latest decided subscription. */
enum rollup_outcome { ROLLUP_UNDECIDED, ROLLUP_RENEWED, ROLLUP_LAPSED, ROLLUP_OUTCOMES };

/* A day × team × first-channel bucket (effort by day opened, FCR by day resolved). */
struct rollup_cell {
	int64_t day;       /* Unix day, UTC */
	int64_t team_id;   /* owning team, 0 = none */
	int channel;       /* first contact's channel (enum ld_channel), -1 = unknown */
};

/* Sums of one effort bucket; every field an int64_t, in effort_agg's column order. */
struct rollup_effort {
	int64_t cases;            /* cases */
	int64_t contacts;         /* Σ inbound contacts */
	int64_t repeat_contacts;  /* Σ repeat contacts */
	int64_t transfers;        /* Σ transfers */
	int64_t channel_switches; /* Σ channel switches */
	int64_t re_explanations;  /* Σ re-explanations */
	int64_t robot_only;       /* Σ robot-only contacts */
	int64_t reopens;          /* Σ reopens */
	int64_t repeat_cases;     /* cases with ≥ 1 repeat contact */
	int64_t transfer_cases;   /* … ≥ 1 transfer */
	int64_t switch_cases;     /* … ≥ 1 channel switch */
	int64_t web_phone_cases;  /* … ≥ 1 web → phone switch */
	int64_t reexplain_cases;  /* … ≥ 1 re-explanation */
	int64_t robot_cases;      /* … ≥ 1 robot-only contact */
	int64_t reopen_cases;     /* … ≥ 1 reopen */
	int64_t medium_cases;     /* effort band medium */
	int64_t high_cases;       /* effort band high */
	int64_t resolved_cases;   /* resolved or closed */
	int64_t elapsed_s;        /* Σ open → resolved over resolved cases */
};
#define ROLLUP_EFFORT_N 19

/* FCR counts of one bucket: first contacts and those followed by a return, per window. */
struct rollup_fcr {
	int64_t first[ROLLUP_FCR_WINDOWS];     /* [0] 24 h, [1] 7 days, [2] 30 days */
	int64_t repeated[ROLLUP_FCR_WINDOWS];  /* of those, came back within the window */
};
#define ROLLUP_FCR_N (2 * ROLLUP_FCR_WINDOWS)

/* Per-customer sums over their cases (merged cases excluded). */
struct rollup_sums {
	int64_t cases;            /* case_count */
	int64_t complaints;       /* cases of category complaint */
	int64_t high_effort;      /* cases in effort band high */
	int64_t contacts;         /* Σ effort signals … */
	int64_t repeat_contacts;
	int64_t transfers;
	int64_t channel_switches;
	int64_t re_explanations;
	int64_t robot_only;
};
#define ROLLUP_SUMS_N 9

/* What one case contributes. */
struct rollup_case {
	bool counted;                 /* false: merged away, contributes nothing */
	int64_t customer_id;          /* whose sums it feeds */
	struct rollup_cell effort_cell; /* day opened × team × first channel */
	struct rollup_effort effort;  /* its effort contribution */
	bool has_fcr;                 /* resolved: counts in FCR */
	struct rollup_cell fcr_cell;  /* day resolved × team × first channel */
	struct rollup_fcr fcr;        /* its FCR contribution */
	struct rollup_sums sums;      /* its contribution to the customer's sums */
};

/* [out] `out` = the contribution of case `c` as stored (c->effort_band set). */
void rollup_case_of(const struct ld_case *c, struct rollup_case *out);

/*
 * Whether bucket `c` is in a report's slice, as the store reads its
 * aggregate cells: [from, to) widened to whole UTC days (the day of `from`
 * up to and including the day `to` falls in; 0 = open), team 0 = any,
 * channel -1 = any.
 */
bool rollup_cell_covered(const struct rollup_cell *c, int64_t from, int64_t to, int64_t team_id,
			 int channel);

/* Adds `d` to the effort sums `sum`, field by field. */
void rollup_effort_add(struct rollup_effort *sum, const struct rollup_effort *d);

/* Answer-derived and renewal state of a customer, with the case sums. */
struct rollup_customer {
	struct rollup_sums sums;      /* over their cases */
	int last_nps;                 /* latest NPS answer 0–10, -1 = none */
	int64_t last_nps_at;          /* … its time, Unix s */
	int last_csat;                /* latest CSAT 1–5, -1 = none */
	int64_t last_csat_at;
	int last_ces;                 /* latest CES 1–7, -1 = none */
	int64_t last_ces_at;
	int outcome;                  /* enum rollup_outcome of the latest decided renewal */
	int64_t renewal_at;           /* when that renewal fell due, 0 = undecided */
	int64_t renewal_sub_id;       /* which subscription decided it (tie-break), 0 = none */
};

/* A customer with no cases, answers or renewals. */
void rollup_customer_init(struct rollup_customer *c);

/* Whether two states give the same stored figures (renewal_sub_id aside). */
bool rollup_customer_same(const struct rollup_customer *a, const struct rollup_customer *b);

/* Adds `sign` × `d` to `sums` (sign 1 or -1). */
void rollup_sums_add(struct rollup_sums *sums, const struct rollup_sums *d, int sign);

/*
 * Folds one answer into the customer's latest answers: the latest answered_at
 * wins; on a tie the lower score (so the result does not depend on the order
 * answers are read in). Kinds other than nps/csat/ces and score < 0 are ignored.
 */
void rollup_customer_answer(struct rollup_customer *c, int kind, int score, int64_t at);

/*
 * Folds one subscription into the customer's renewal outcome: the decided
 * (renewed or lapsed) subscription that fell due last wins, ties to the
 * higher id. Active subscriptions are ignored.
 */
void rollup_customer_renewal(struct rollup_customer *c, const struct ld_subscription *sub);

/* The customer's loyalty feature vector as text (app/loyalty.c reads it back). */
void rollup_loyalty_key(const struct rollup_customer *c, char key[ROLLUP_LOYALTY_KEY_MAX + 1]);

/* UTC YYYYMM of the month the deciding renewal fell due; 0 when undecided. */
int rollup_loyalty_month(const struct rollup_customer *c);

/* The customer's cell of the disloyalty two-by-two tables. */
struct rollup_split {
	int has_case;  /* 0/1: ≥ 1 case */
	int has_high;  /* 0/1: ≥ 1 high-effort case */
	int outcome;   /* enum rollup_outcome */
};
void rollup_split_of(const struct rollup_customer *c, struct rollup_split *out);

/* A survey-answer bucket: day answered × the case's team and first channel × origin. */
struct rollup_answer_cell {
	int64_t day;     /* Unix day answered, UTC */
	int64_t team_id; /* 0 = none */
	int channel;     /* -1 = none */
	int origin;      /* enum ld_survey_origin */
};

/* What one answered survey contributes. */
struct rollup_survey {
	bool counted;                    /* answered */
	struct rollup_answer_cell cell;  /* its bucket */
	int kind;                        /* enum ld_survey_kind */
	int score;                       /* histogram bin, -1 = no score (servqual) */
	bool dim_rated[LD_SQ_DIMS];      /* both expectation and perception given */
	int gap[LD_SQ_DIMS];             /* perceived − expected where rated */
	int64_t customer_id;             /* whose latest answers it may set */
	int64_t answered_at;             /* Unix s */
};

void rollup_survey_of(const struct ld_survey *sv, struct rollup_survey *out);

/* Unix day of `t` (floor division: correct before 1970 too). */
int64_t rollup_day(int64_t t);

/* ------------------------------------------------------ cases on a topic */
/*
 * The cases of one customer in one category ("the same reason") depend on
 * each other: a case opened within the FCR window after another one was
 * resolved repeats it (effort's repeat-case mark), FCR looks back 30 days for
 * the previous resolution and forward for the customer's return. These links
 * are a function of the cases' times alone, so they are recomputed whenever
 * one of the times changes — whatever order the cases were recorded in.
 */
struct rollup_topic_case {
	int64_t id;           /* case id (ties between equal times: lower id first) */
	int64_t created_at;   /* Unix s, opened */
	int64_t resolved_at;  /* Unix s, 0 = not resolved */
	/* [out] */
	bool repeat;          /* a different case was resolved in [created − window, created] */
	bool has_prev;        /* … one was resolved in the 30 days up to created_at */
	int64_t prev_gap_s;   /* created_at − the latest such resolution */
	bool has_next;        /* resolved, and another case opened at or after resolution */
	int64_t next_gap_s;   /* the first such opening − resolved_at */
};

/*
 * Fills the [out] fields of cases[0..n) (all of one customer and category,
 * none merged) for a repeat window of `window_s` seconds. O(n²), n the
 * customer's cases on the topic: a handful.
 */
void rollup_topic_links(struct rollup_topic_case *cases, size_t n, int64_t window_s);

/* ---------------------------------------------------------------- deltas */
/*
 * A change to one aggregate cell: the store adds v[] to the cell's counters
 * (creating the cell at zero). Keys are compared bytewise, so every delta is
 * built zeroed first.
 */
enum rollup_table {
	ROLLUP_T_EFFORT,    /* key.cell; v = struct rollup_effort */
	ROLLUP_T_FCR,       /* key.cell; v = first[0..2], repeated[0..2] */
	ROLLUP_T_ANSWER,    /* key.answer; v[0] = answers */
	ROLLUP_T_SERVQUAL,  /* key.servqual; v = n, gap_sum, gap_sq */
	ROLLUP_T_SPLIT,     /* key.split; v[0] = customers */
	ROLLUP_T_LOYALTY,   /* key.loyalty; v[0] = customers */
	ROLLUP_T_COUNT
};

#define ROLLUP_VALUES_MAX ROLLUP_EFFORT_N

struct rollup_delta {
	int table;                            /* enum rollup_table */
	union {
		struct rollup_cell cell;      /* effort, fcr */
		struct {
			struct rollup_answer_cell cell;
			int kind;             /* enum ld_survey_kind */
			int score;            /* histogram bin */
		} answer;
		struct {
			struct rollup_answer_cell cell;
			int dim;              /* SERVQUAL dimension index */
		} servqual;
		struct rollup_split split;
		struct {
			char key[ROLLUP_LOYALTY_KEY_MAX + 1]; /* feature vector */
			int outcome;          /* enum rollup_outcome */
			int month;            /* YYYYMM, 0 = undecided */
		} loyalty;
	} key;
	int64_t v[ROLLUP_VALUES_MAX];         /* amounts to add, by table */
};

/* Values a table's cells carry (how many of v[] are meaningful). */
int rollup_table_values(int table);

/* Most deltas one case change makes: effort and FCR, each out and in. */
#define ROLLUP_CASE_DELTAS_MAX 4
/*
 * The change to the effort and FCR cells when a case goes from `before` to
 * `after` (either NULL: the case is new, or gone). Fills out[] and returns
 * how many; unchanged cells cancel in the caller's summing, not here.
 */
int rollup_case_deltas(const struct ld_case *before, const struct ld_case *after,
		       struct rollup_delta out[ROLLUP_CASE_DELTAS_MAX]);

/* Split and loyalty cells, each out and in. */
#define ROLLUP_CUSTOMER_DELTAS_MAX 4
/*
 * The change to a customer's split and loyalty cells when their state goes
 * from `before` (NULL: a new customer) to `after` (NULL: gone).
 */
int rollup_customer_deltas(const struct rollup_customer *before,
			   const struct rollup_customer *after,
			   struct rollup_delta out[ROLLUP_CUSTOMER_DELTAS_MAX]);

/* The answer histogram bin and the SERVQUAL dimensions. */
#define ROLLUP_SURVEY_DELTAS_MAX (1 + LD_SQ_DIMS)
/* What answering `sv` adds (`sign` 1) or takes away (-1); 0 deltas when unanswered. */
int rollup_survey_deltas(const struct ld_survey *sv, int sign,
			 struct rollup_delta out[ROLLUP_SURVEY_DELTAS_MAX]);

/* Orders deltas by (table, key): memcmp over the table and key. */
int rollup_delta_cmp(const struct rollup_delta *a, const struct rollup_delta *b);

#endif
