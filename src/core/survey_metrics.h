/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Survey and loyalty statistics: NPS, CSAT, CES 2.0, SERVQUAL gaps, FCR over a
 * window, shares with Wilson intervals and the ratio of two proportions
 * (the "disloyalty ratio") with a Katz log-scale interval.
 *
 * Owns: the formulas of /work/shared/METRICS.md for these measures, their
 * intervals and tests, and the "no data" conventions. Must not do I/O,
 * allocate or keep state: callers count answers (SQL, a report fold) and pass
 * counts or histograms; every function is a pure function of its arguments.
 * The design essay — formulas, units, edge cases, references — opens
 * core/survey_metrics.c.
 *
 * Units: shares are fractions 0…1 (the UI multiplies by 100); NPS and its
 * interval are points −100…100; scale means are in the scale's own units
 * (CSAT 1…5, CES 1…7, SERVQUAL gaps −6…+6). No result is ever NaN or
 * infinite: an empty sample sets `has_data = false` and zeroes the numbers.
 * Errors: LD_ERR_INVALID for a negative count, an answer outside its scale,
 * an unknown dimension, a NULL output, or totals above SURVEY_COUNT_MAX;
 * `err` (may be NULL) then names the problem. Outputs are undefined on error.
 */
#ifndef LD_CORE_SURVEY_METRICS_H
#define LD_CORE_SURVEY_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* Two-sided 95% normal quantile as METRICS.md writes it (NPS, Wilson, Katz). */
#define SURVEY_Z95 1.96

/* Largest total count accepted: 2^53, below which doubles count exactly. */
#define SURVEY_COUNT_MAX (INT64_C(1) << 53)

#define SURVEY_NPS_POINTS 11  /* answers 0…10 */
#define SURVEY_CSAT_POINTS 5  /* answers 1…5 */
#define SURVEY_CES_POINTS 7   /* answers 1…7 */

/* FCR windows of METRICS.md, seconds: 7 days is the primary one. */
#define SURVEY_FCR_WINDOW_S (7 * 86400)
#define SURVEY_FCR_WINDOW_24H_S 86400
#define SURVEY_FCR_WINDOW_30D_S (30 * 86400)

/* A share hits/n with its Wilson (1927) score interval. */
struct survey_share {
	int64_t n;       /* trials: answers, first contacts, customers */
	int64_t hits;    /* of which counted, 0…n */
	bool has_data;   /* n > 0; when false, share and bounds are 0 */
	double share;    /* hits / n, 0…1 */
	double ci_low;   /* Wilson 95% lower bound, 0…1 */
	double ci_high;  /* Wilson 95% upper bound, 0…1 */
};

/* Net Promoter Score of one period and one kind (transactional or relationship). */
struct survey_nps {
	int64_t n;            /* answers */
	int64_t promoters;    /* answers 9–10 */
	int64_t passives;     /* answers 7–8 */
	int64_t detractors;   /* answers 0–6 */
	bool has_data;        /* n > 0; when false every double below is 0 */
	double nps;           /* 100·(p_P − p_D), points −100…100 */
	double variance;      /* per-answer variance of the +1/0/−1 score, 0…1 */
	double se;            /* 100·√(variance / n), points */
	double ci_low;        /* nps − 1.96·se, clamped to −100, points */
	double ci_high;       /* nps + 1.96·se, clamped to 100, points */
};

/* Two periods compared: period 1 minus period 2. */
struct survey_nps_change {
	bool testable;        /* both have data and se > 0; when false z = 0, p_value = 1 */
	double difference;    /* NPS₁ − NPS₂, points −200…200 (0 without data) */
	double se;            /* 100·√(Var₁/n₁ + Var₂/n₂), points */
	double z;             /* difference / se */
	double p_value;       /* two-sided, standard normal */
	double ci_low;        /* difference − 1.96·se, clamped to −200, points */
	double ci_high;       /* difference + 1.96·se, clamped to 200, points */
};

/* CSAT on 1…5: top-2-box share and the whole distribution. */
struct survey_csat {
	int64_t n;                                /* answers */
	int64_t counts[SURVEY_CSAT_POINTS];       /* [k] = answers of k + 1 */
	double distribution[SURVEY_CSAT_POINTS];  /* [k] = counts[k] / n, 0 without data */
	bool has_data;                            /* n > 0 */
	struct survey_share top2;                 /* answers 4–5: the CSAT score */
	double mean;                              /* 1…5, 0 without data */
	double sd;                                /* sample SD (n − 1), 0 when n < 2 */
};

/* CES 2.0 on 1…7 ("The company made it easy for me to handle my issue."). */
struct survey_ces {
	int64_t n;                           /* answers */
	int64_t counts[SURVEY_CES_POINTS];   /* [k] = answers of k + 1 */
	bool has_data;                       /* n > 0 */
	double mean;                         /* the CES score, 1…7, 0 without data */
	double sd;                           /* sample SD (n − 1), 0 when n < 2 */
	double se;                           /* sd / √n, 0 when n < 2 */
	double ci_low;                       /* mean − t(0.975, n−1)·se, ≥ 1; 1 when n < 2 */
	double ci_high;                      /* mean + t(0.975, n−1)·se, ≤ 7; 7 when n < 2 */
	struct survey_share agree;           /* answers 5–7 */
	struct survey_share disagree;        /* answers 1–3 */
};

/* Ratio of two proportions (hits₁/n₁) / (hits₂/n₂), Katz log interval. */
struct survey_ratio {
	struct survey_share exposed;    /* group 1, e.g. customers with a service contact */
	struct survey_share reference;  /* group 2, e.g. customers without one */
	bool has_data;                  /* both groups non-empty and some hit in either */
	bool corrected;                 /* a zero hit count: 0.5 added to all four cells */
	double ratio;                   /* rate₁ / rate₂ (from corrected cells if corrected) */
	double log_se;                  /* SE of ln(ratio) */
	double ci_low;                  /* ratio·exp(−1.96·log_se) */
	double ci_high;                 /* ratio·exp(+1.96·log_se) */
};

/* ---- shares ---- */

/* Share hits/n with its Wilson interval. 0 ≤ hits ≤ n required. */
ld_status survey_share_wilson(int64_t hits, int64_t n, struct survey_share *out,
			      struct ld_err *err);

/*
 * Shares of k categories (effort bands, answers…): n = Σ counts, out[i] is
 * counts[i] / n with its own Wilson interval. `out` has room for k entries.
 */
ld_status survey_shares(const int64_t *counts, size_t k, struct survey_share *out,
			struct ld_err *err);

/*
 * Ratio of proportions with the Katz et al. (1978) interval on the log scale:
 * the disloyalty ratio (lapse-or-detractor rate of customers with a service
 * contact over that of customers without; lapse rate of high-effort customers
 * over the others). Needs 0 ≤ hits ≤ n for both groups.
 */
ld_status survey_ratio_katz(int64_t hits1, int64_t n1, int64_t hits2, int64_t n2,
			    struct survey_ratio *out, struct ld_err *err);

/* ---- NPS ---- */

/* NPS from the three counts (each ≥ 0). */
ld_status survey_nps_from_counts(int64_t promoters, int64_t passives, int64_t detractors,
				 struct survey_nps *out, struct ld_err *err);

/* NPS from a histogram: hist[k] = answers of k, k = 0…10. */
ld_status survey_nps_from_histogram(const int64_t hist[SURVEY_NPS_POINTS],
				    struct survey_nps *out, struct ld_err *err);

/*
 * Two-period z test of METRICS.md: period1 − period2. Never fails: missing
 * data gives testable = false. Compare transactional with transactional and
 * relationship with relationship only; the numbers cannot tell them apart.
 */
void survey_nps_compare(const struct survey_nps *period1, const struct survey_nps *period2,
			struct survey_nps_change *out);

/* ---- CSAT and CES ---- */

/* CSAT from hist[k] = answers of k + 1, k = 0…4. */
ld_status survey_csat_from_histogram(const int64_t hist[SURVEY_CSAT_POINTS],
				     struct survey_csat *out, struct ld_err *err);

/* CES 2.0 from hist[k] = answers of k + 1, k = 0…6. */
ld_status survey_ces_from_histogram(const int64_t hist[SURVEY_CES_POINTS],
				    struct survey_ces *out, struct ld_err *err);

/* Two-sided 95% Student t quantile t(0.975, df); df ≥ 1 (df < 1 is taken as 1). */
double survey_t95(int64_t df);

/* ---- FCR over a window ---- */

/*
 * FCR_W = 1 − repeated / first_contacts (METRICS.md), as a share of first
 * contacts not followed by a repeat within W, with its Wilson interval.
 * Counting first contacts and repeats is the caller's (it needs the contact
 * log); 0 ≤ repeated ≤ first_contacts.
 */
ld_status survey_fcr(int64_t first_contacts, int64_t repeated, struct survey_share *out,
		     struct ld_err *err);

/* The same from one flag per first contact: repeated[i] = a repeat came within W. */
ld_status survey_fcr_from_flags(const bool *repeated, size_t n, struct survey_share *out,
				struct ld_err *err);

/* ---- SERVQUAL ---- */

/* The five dimensions, in the order of Parasuraman, Zeithaml & Berry (1988). */
enum survey_servqual_dim {
	SURVEY_SQ_TANGIBLES,
	SURVEY_SQ_RELIABILITY,
	SURVEY_SQ_RESPONSIVENESS,
	SURVEY_SQ_ASSURANCE,
	SURVEY_SQ_EMPATHY,
	SURVEY_SQ_DIM_COUNT
};

/*
 * Wire names "tangibles", "reliability", "responsiveness", "assurance",
 * "empathy". *_name() returns NULL outside the enum; *_parse() returns -1 for
 * an unknown name or NULL (exact lower-case match), as core/model.h does.
 */
const char *survey_servqual_dim_name(int v);
int survey_servqual_dim_parse(const char *s);

/* One respondent's answers, collected item by item. */
struct survey_servqual_response {
	int items[SURVEY_SQ_DIM_COUNT];              /* items answered per dimension */
	int gap_sum[SURVEY_SQ_DIM_COUNT];            /* Σ (P − E) over those items */
	double importance[SURVEY_SQ_DIM_COUNT];      /* 100-point split, normalised to sum 100 */
	bool has_importance;                         /* a split was given */
};

/* Running mean and sum of squared deviations (Welford 1962). */
struct survey_moments {
	int64_t n;    /* observations */
	double mean;  /* their mean */
	double m2;    /* Σ (x − mean)², for the variance */
};

/* Accumulator over respondents; fold responses in any order, merge partial folds. */
struct survey_servqual {
	struct survey_moments dims[SURVEY_SQ_DIM_COUNT];  /* respondents' dimension scores */
	struct survey_moments weighted;                   /* importance-weighted overall per respondent */
	double importance_sum[SURVEY_SQ_DIM_COUNT];       /* Σ of the normalised splits, points */
	int64_t importance_n;                             /* respondents who gave a split */
};

/* Per-dimension result. */
struct survey_servqual_dim_result {
	int64_t n;           /* respondents who answered the dimension */
	double gap;          /* mean of their dimension scores P − E, −6…6 (0 if n = 0) */
	double se;           /* sample SD / √n of those scores (0 if n < 2) */
	double importance;   /* mean importance, points of 100 (20 when no split was given) */
	double priority;     /* gap × importance / 100: the ranking key, most negative worst */
};

struct survey_servqual_summary {
	struct survey_servqual_dim_result dims[SURVEY_SQ_DIM_COUNT]; /* by enum survey_servqual_dim */
	bool has_data;             /* every dimension has ≥ 1 respondent */
	double overall;            /* unweighted mean of the five dimension gaps (0 if !has_data) */
	int64_t weighted_n;        /* respondents with all five dimensions and a split */
	double weighted;           /* mean of their importance-weighted overall gaps (0 if none) */
	double weighted_se;        /* its SE (0 if weighted_n < 2) */
	int rank[SURVEY_SQ_DIM_COUNT]; /* dimensions by priority, worst first; ties in enum order */
};

/* Starts an empty response. */
void survey_servqual_response_init(struct survey_servqual_response *r);

/* Adds one item: `dim` an enum survey_servqual_dim, `expected` and `perceived` on 1…7. */
ld_status survey_servqual_response_add(struct survey_servqual_response *r, int dim,
				       int expected, int perceived, struct ld_err *err);

/*
 * Sets the respondent's importance split: five finite points ≥ 0 summing to
 * 100 ± 1 (forms round thirds to 33+33+33), stored normalised to 100.
 */
ld_status survey_servqual_response_set_importance(struct survey_servqual_response *r,
						  const double points[SURVEY_SQ_DIM_COUNT],
						  struct ld_err *err);

/* Starts an empty accumulator. */
void survey_servqual_init(struct survey_servqual *acc);

/* Folds one respondent in (a response with no item is ignored). */
ld_status survey_servqual_add(struct survey_servqual *acc,
			      const struct survey_servqual_response *r, struct ld_err *err);

/* Folds `from` into `into` (Chan, Golub & LeVeque 1979), as if its respondents were added. */
void survey_servqual_merge(struct survey_servqual *into, const struct survey_servqual *from);

/*
 * Dimension gaps, SEs, overall scores and the priority ranking. A dimension
 * nobody answered has n = 0, gap 0 and so priority 0 in the ranking.
 */
void survey_servqual_summarise(const struct survey_servqual *acc,
			       struct survey_servqual_summary *out);

#endif
