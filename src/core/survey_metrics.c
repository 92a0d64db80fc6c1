/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Survey and loyalty statistics from counts (contract in core/survey_metrics.h).
 *
 * Owns: NPS with its interval and two-period test, CSAT, CES 2.0, SERVQUAL
 * gap accumulators, FCR over a window, Wilson shares and the Katz ratio of
 * proportions. Must not do I/O, allocate or keep state; libc and libm only.
 *
 * ======================================================================
 * Design essay
 * ======================================================================
 *
 * Conventions. Inputs are counts (int64, ≥ 0, totals ≤ 2^53 so that every
 * count is exact as a double) or per-answer flags. Shares are fractions
 * 0…1; NPS is in points −100…100. The 95% quantile is 1.96 wherever
 * METRICS.md writes it (NPS, its z test, Wilson, Katz); the CES mean uses a
 * Student t quantile. An empty sample is a defined result — has_data =
 * false and every number 0 — never a NaN: JSON has no NaN, and a 0/0 that
 * leaks into a chart is worse than an explicit "no data".
 *
 * NPS (Reichheld, "The One Number You Need to Grow", HBR, December 2003).
 * Answers 0…10 to "How likely is it that you would recommend … to a friend or
 * colleague?"; promoters 9–10, passives 7–8, detractors 0–6. Each answer is a
 * score s ∈ {+1, 0, −1}, so with shares p_P and p_D
 *
 *     NPS = 100·(p_P − p_D),   E[s] = p_P − p_D,   E[s²] = p_P + p_D,
 *     Var = E[s²] − E[s]² = p_P + p_D − (p_P − p_D)²,
 *     SE  = 100·√(Var / n),    95% CI = NPS ± 1.96·SE.
 *
 * Var divides by n (the plug-in multinomial variance METRICS.md defines),
 * not n − 1. The interval is a Wald interval and is clamped to [−100, 100]:
 * the NPS cannot lie outside, and clamping only bites when n is small or
 * nearly everyone answers alike — exactly when a Wald interval is poor, so
 * the report must show n beside it. When every answer falls in one group,
 * Var = 0 and the interval shrinks to the point; that is the formula's
 * answer and we do not invent another. METRICS.md's check: n = 1000, 250
 * promoters, 75 detractors → NPS 17.5, Var = 0.325 − 0.175² = 0.294375,
 * SE = 1.7157, CI [14.14, 20.86] → [14.1, 20.9].
 * Two periods compare with z = (NPS₁ − NPS₂) / (100·√(Var₁/n₁ + Var₂/n₂)),
 * the unpooled two-sample z test; the p value is two-sided, erfc(|z|/√2).
 * With no data in a period, or SE = 0 (everyone identical in both periods),
 * the test is not defined: testable = false, z = 0, p = 1, and the
 * difference is still reported. Transactional (after a contact) and
 * relationship NPS are separate samples: callers count them apart, and these
 * functions, given counts only, cannot and do not mix them.
 *
 * CSAT. Answers 1…5; the score is the top-2-box share (4 and 5) with a
 * Wilson interval. The whole distribution is kept, and the mean and sample
 * SD (n − 1) are derived from it, as METRICS.md asks.
 *
 * CES 2.0 (Dixon, Toman & DeLisi, "The Effortless Experience", Portfolio,
 * 2013). Agreement on 1…7 with "The company made it easy for me to handle my
 * issue."; higher = easier. Score = mean; % agree = share of 5–7, % disagree
 * = share of 1–3 (4 is neutral and in neither), both with Wilson intervals.
 * The interval of the mean is mean ± t(0.975, n−1)·s/√n, clamped to [1, 7].
 * t comes from a table for df ≤ 30 (to 1e-6) and beyond from the
 * Cornish–Fisher expansion in 1/df (Abramowitz & Stegun 26.7.5, four terms,
 * error < 4e-8 for df > 30). With one answer the spread is unknown: SD and
 * SE are 0 and the interval is the whole scale [1, 7] rather than a point.
 * CES 1.0 asked about effort on 1…5; the histogram here has seven bins, so
 * a 1.0 answer cannot slip in.
 *
 * Wilson interval (Wilson, "Probable inference, the law of succession, and
 * statistical inference", JASA 22, 1927). For x hits in n, p = x/n, z = 1.96:
 *
 *     centre = (p + z²/2n) / (1 + z²/n),
 *     half   = z/(1 + z²/n) · √(p(1 − p)/n + z²/4n²),   CI = centre ± half.
 *
 * It stays inside [0, 1] and does not collapse at x = 0 or x = n, where the
 * Wald interval does (Agresti & Coull, Am. Stat. 52, 1998; Brown, Cai &
 * DasGupta, Stat. Sci. 16, 2001). x = 0 gives the lower bound 0 and x = n
 * the upper bound 1 exactly (set, not computed, so rounding cannot print
 * −0.0000). Check (Newcombe, Stat. Med. 17, 1998, table II): 81/263 →
 * [0.2553, 0.3662], 0/20 → [0, 0.1611], 1/29 → [0.0061, 0.1718].
 *
 * FCR over a window W (METRICS.md, internal repeat-contact method).
 * FCR_W = 1 − repeated / first contacts, where a contact is first when the
 * customer had no contact with the same reason in the previous W, and it is
 * repeated when another contact of the same customer and reason, on any
 * channel, follows within W after closing; the desk's own outbound follow-ups
 * do not count. Deciding which contacts are first and repeated needs the
 * contact log and is the caller's; here FCR is the share of first contacts
 * without a repeat, with the Wilson interval of that share (Wilson is
 * symmetric in hits and misses, so it is also 1 − the interval of the repeat
 * rate). W = 7 days is primary; 24 h and 30 days are reported beside it
 * (SURVEY_FCR_WINDOW_*). Survey FCR ("Was your issue resolved?") is a plain
 * survey_share_wilson() and is reported next to this one, never blended.
 *
 * SERVQUAL (Parasuraman, Zeithaml & Berry, J. Retailing 64(1), 1988; refined
 * in J. Retailing 67(4), 1991), read through Oliver's disconfirmation
 * (J. Marketing Research 17, 1980: satisfaction follows D = P − E). Each item
 * is answered twice on 1…7, expectation E and perception P; its gap is
 * G = P − E in −6…+6 (negative = service falls short). A respondent's
 * dimension score is the mean of their item gaps in that dimension; the
 * dimension gap is the mean of respondents' scores, with SE = s/√n (s the
 * sample SD over respondents, 0 when n < 2). Respondents, not items, are the
 * sampling unit: items of one person are correlated, and treating them as
 * independent would understate the SE. The overall score is the unweighted
 * mean of the five dimension gaps (defined once every dimension has data;
 * no SE is given because the five means share respondents and their
 * covariance is not kept). The weighted overall follows the 1991 paper: a
 * respondent splits 100 points over the five dimensions; their overall is
 * Σ (points_d / 100)·score_d, over respondents who answered all five and
 * gave a split, averaged with its SE. Priorities rank dimensions by gap ×
 * mean importance (a split of 20 each when nobody gave one), most negative
 * first. Splits must sum to 100 ± 1 (forms that offer thirds give 99) and are
 * normalised to exactly 100. Accumulation is streaming: Welford's update
 * (Technometrics 4, 1962) per respondent, and partial folds merge with the
 * pairwise formula of Chan, Golub & LeVeque (1979), so a report can fold per
 * team and then combine.
 *
 * Ratio of two proportions, Katz interval (Katz, Baptista, Azen & Pike,
 * Biometrics 34, 1978; Agresti, "Categorical Data Analysis", 3rd ed., 2013,
 * §3.1.4). With a hits of n₁ in the exposed group and c of n₂ in the
 * reference group, RR = (a/n₁)/(c/n₂) and
 *
 *     SE(ln RR) = √(1/a − 1/n₁ + 1/c − 1/n₂),  CI = RR·exp(±1.96·SE).
 *
 * This is the "disloyalty ratio": lapse-or-detractor rate of customers with
 * a service contact over that of customers without (CEB: a service
 * interaction is four times more likely to drive disloyalty than loyalty),
 * and the lapse rate of high-effort customers over the others. When a or c
 * is 0 the ratio is 0 or infinite and the SE infinite; we then add 0.5 to
 * all four cells (Haldane–Anscombe; a → a + 0.5, n → n + 1), compute ratio
 * and interval from the corrected table, and set corrected = true. When
 * both are 0 there is no ratio to speak of: has_data = false.
 *
 * Edge cases, besides those above: a negative count, hits > n, an answer
 * outside its scale, an unknown dimension or a total above 2^53 is
 * LD_ERR_INVALID; NULL outputs are LD_ERR_INVALID (survey_nps_compare and
 * the *_init/_merge/_summarise functions ignore NULL).
 */
#include "core/survey_metrics.h"

#include <math.h>
#include <string.h>

/* Exact two-sided 95% normal quantile, the t quantile's limit. */
#define SURVEY_Z95_EXACT 1.959963984540054

/* t(0.975, df) for df = 1…30. */
static const double T95_TABLE[30] = {
	12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004,
	2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905,
	2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
	2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
};

static const char *const SQ_NAMES[SURVEY_SQ_DIM_COUNT] = {
	"tangibles", "reliability", "responsiveness", "assurance", "empathy",
};

/* ---------------------------------------------------------------------- */
/* Counts and shares                                                      */
/* ---------------------------------------------------------------------- */

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : (v > hi ? hi : v);
}

/* Σ counts[0..k) into *total, checking each ≥ 0 and the total ≤ SURVEY_COUNT_MAX. */
static ld_status sum_counts(const int64_t *counts, size_t k, int64_t *total, struct ld_err *err)
{
	int64_t sum = 0;
	if (counts == NULL && k > 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_count", NULL, "counts are missing");
	for (size_t i = 0; i < k; i++) {
		if (counts[i] < 0)
			return ld_fail(err, LD_ERR_INVALID, "invalid_count", NULL,
				       "count %zu is negative", i);
		if (counts[i] > SURVEY_COUNT_MAX - sum)
			return ld_fail(err, LD_ERR_INVALID, "invalid_count", NULL,
				       "counts total more than 2^53");
		sum += counts[i];
	}
	*total = sum;
	return LD_OK;
}

/* Wilson interval of hits/n; inputs already checked. */
static void wilson(int64_t hits, int64_t n, struct survey_share *out)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	out->hits = hits;
	if (n == 0)
		return;
	out->has_data = true;
	double nn = (double)n;
	double p = (double)hits / nn;
	double z2 = SURVEY_Z95 * SURVEY_Z95;
	double denom = 1.0 + z2 / nn;
	double centre = (p + z2 / (2.0 * nn)) / denom;
	double half = SURVEY_Z95 / denom * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
	out->share = p;
	out->ci_low = hits == 0 ? 0.0 : clamp(centre - half, 0.0, 1.0);
	out->ci_high = hits == n ? 1.0 : clamp(centre + half, 0.0, 1.0);
}

static ld_status check_share(int64_t hits, int64_t n, struct ld_err *err)
{
	if (n < 0 || n > SURVEY_COUNT_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_count", "n",
			       "n must lie in 0…2^53");
	if (hits < 0 || hits > n)
		return ld_fail(err, LD_ERR_INVALID, "invalid_count", "hits",
			       "hits must lie in 0…n");
	return LD_OK;
}

static ld_status no_output(struct ld_err *err)
{
	return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "output is NULL");
}

ld_status survey_share_wilson(int64_t hits, int64_t n, struct survey_share *out,
			      struct ld_err *err)
{
	if (out == NULL)
		return no_output(err);
	ld_status rc = check_share(hits, n, err);
	if (rc != LD_OK)
		return rc;
	wilson(hits, n, out);
	return LD_OK;
}

ld_status survey_shares(const int64_t *counts, size_t k, struct survey_share *out,
			struct ld_err *err)
{
	int64_t n = 0;
	if (out == NULL && k > 0)
		return no_output(err);
	ld_status rc = sum_counts(counts, k, &n, err);
	if (rc != LD_OK)
		return rc;
	for (size_t i = 0; i < k; i++)
		wilson(counts[i], n, &out[i]);
	return LD_OK;
}

ld_status survey_ratio_katz(int64_t hits1, int64_t n1, int64_t hits2, int64_t n2,
			    struct survey_ratio *out, struct ld_err *err)
{
	if (out == NULL)
		return no_output(err);
	ld_status rc = check_share(hits1, n1, err);
	if (rc == LD_OK)
		rc = check_share(hits2, n2, err);
	if (rc != LD_OK)
		return rc;

	memset(out, 0, sizeof *out);
	wilson(hits1, n1, &out->exposed);
	wilson(hits2, n2, &out->reference);
	if (n1 == 0 || n2 == 0 || (hits1 == 0 && hits2 == 0))
		return LD_OK;

	double a = (double)hits1, m1 = (double)n1;
	double c = (double)hits2, m2 = (double)n2;
	if (hits1 == 0 || hits2 == 0) {
		out->corrected = true;
		a += 0.5;
		c += 0.5;
		m1 += 1.0;
		m2 += 1.0;
	}
	out->has_data = true;
	out->ratio = (a / m1) / (c / m2);
	/* 1/a − 1/n ≥ 0 mathematically; guard the rounding of a = n. */
	double v = fmax(1.0 / a - 1.0 / m1, 0.0) + fmax(1.0 / c - 1.0 / m2, 0.0);
	out->log_se = sqrt(v);
	out->ci_low = out->ratio * exp(-SURVEY_Z95 * out->log_se);
	out->ci_high = out->ratio * exp(SURVEY_Z95 * out->log_se);
	return LD_OK;
}

/* ---------------------------------------------------------------------- */
/* NPS                                                                    */
/* ---------------------------------------------------------------------- */

ld_status survey_nps_from_counts(int64_t promoters, int64_t passives, int64_t detractors,
				 struct survey_nps *out, struct ld_err *err)
{
	const int64_t counts[3] = { promoters, passives, detractors };
	int64_t n = 0;
	if (out == NULL)
		return no_output(err);
	ld_status rc = sum_counts(counts, 3, &n, err);
	if (rc != LD_OK)
		return rc;

	memset(out, 0, sizeof *out);
	out->n = n;
	out->promoters = promoters;
	out->passives = passives;
	out->detractors = detractors;
	if (n == 0)
		return LD_OK;

	double pp = (double)promoters / (double)n;
	double pd = (double)detractors / (double)n;
	double mean = pp - pd;
	out->has_data = true;
	out->nps = 100.0 * mean;
	out->variance = fmax(pp + pd - mean * mean, 0.0);
	out->se = 100.0 * sqrt(out->variance / (double)n);
	out->ci_low = clamp(out->nps - SURVEY_Z95 * out->se, -100.0, 100.0);
	out->ci_high = clamp(out->nps + SURVEY_Z95 * out->se, -100.0, 100.0);
	return LD_OK;
}

ld_status survey_nps_from_histogram(const int64_t hist[SURVEY_NPS_POINTS],
				    struct survey_nps *out, struct ld_err *err)
{
	int64_t n = 0;
	ld_status rc = sum_counts(hist, SURVEY_NPS_POINTS, &n, err);
	if (rc != LD_OK)
		return rc;
	int64_t detractors = 0;
	for (int k = 0; k <= 6; k++)
		detractors += hist[k];
	return survey_nps_from_counts(hist[9] + hist[10], hist[7] + hist[8], detractors, out, err);
}

void survey_nps_compare(const struct survey_nps *period1, const struct survey_nps *period2,
			struct survey_nps_change *out)
{
	if (out == NULL)
		return;
	memset(out, 0, sizeof *out);
	out->p_value = 1.0;
	if (period1 == NULL || period2 == NULL || !period1->has_data || !period2->has_data)
		return;

	out->difference = period1->nps - period2->nps;
	out->se = 100.0 * sqrt(period1->variance / (double)period1->n +
			       period2->variance / (double)period2->n);
	out->ci_low = clamp(out->difference - SURVEY_Z95 * out->se, -200.0, 200.0);
	out->ci_high = clamp(out->difference + SURVEY_Z95 * out->se, -200.0, 200.0);
	if (!(out->se > 0.0))
		return;
	out->testable = true;
	out->z = out->difference / out->se;
	out->p_value = erfc(fabs(out->z) / sqrt(2.0));
}

/* ---------------------------------------------------------------------- */
/* CSAT and CES                                                           */
/* ---------------------------------------------------------------------- */

/* Mean and sample SD of a histogram whose bin k holds answers of k + 1; n > 0. */
static void hist_moments(const int64_t *hist, int points, int64_t n, double *mean, double *sd)
{
	double sum = 0.0;
	for (int k = 0; k < points; k++)
		sum += (double)hist[k] * (k + 1);
	double m = sum / (double)n;
	double ss = 0.0;
	for (int k = 0; k < points; k++) {
		double d = (k + 1) - m;
		ss += (double)hist[k] * d * d;
	}
	*mean = m;
	*sd = n >= 2 ? sqrt(ss / (double)(n - 1)) : 0.0;
}

ld_status survey_csat_from_histogram(const int64_t hist[SURVEY_CSAT_POINTS],
				     struct survey_csat *out, struct ld_err *err)
{
	int64_t n = 0;
	if (out == NULL)
		return no_output(err);
	ld_status rc = sum_counts(hist, SURVEY_CSAT_POINTS, &n, err);
	if (rc != LD_OK)
		return rc;

	memset(out, 0, sizeof *out);
	out->n = n;
	memcpy(out->counts, hist, sizeof out->counts);
	wilson(hist[3] + hist[4], n, &out->top2);
	if (n == 0)
		return LD_OK;
	out->has_data = true;
	for (int k = 0; k < SURVEY_CSAT_POINTS; k++)
		out->distribution[k] = (double)hist[k] / (double)n;
	hist_moments(hist, SURVEY_CSAT_POINTS, n, &out->mean, &out->sd);
	return LD_OK;
}

double survey_t95(int64_t df)
{
	if (df < 1)
		df = 1;
	if (df <= 30)
		return T95_TABLE[df - 1];
	/* Cornish–Fisher: t ≈ z + g1/v + g2/v² + g3/v³ + g4/v⁴ (A&S 26.7.5). */
	double z = SURVEY_Z95_EXACT, v = (double)df;
	double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
	double g1 = (z3 + z) / 4.0;
	double g2 = (5.0 * z5 + 16.0 * z3 + 3.0 * z) / 96.0;
	double g3 = (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / 384.0;
	double g4 = (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / 92160.0;
	return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
}

ld_status survey_ces_from_histogram(const int64_t hist[SURVEY_CES_POINTS],
				    struct survey_ces *out, struct ld_err *err)
{
	int64_t n = 0;
	if (out == NULL)
		return no_output(err);
	ld_status rc = sum_counts(hist, SURVEY_CES_POINTS, &n, err);
	if (rc != LD_OK)
		return rc;

	memset(out, 0, sizeof *out);
	out->n = n;
	memcpy(out->counts, hist, sizeof out->counts);
	wilson(hist[4] + hist[5] + hist[6], n, &out->agree);
	wilson(hist[0] + hist[1] + hist[2], n, &out->disagree);
	if (n == 0)
		return LD_OK;
	out->has_data = true;
	hist_moments(hist, SURVEY_CES_POINTS, n, &out->mean, &out->sd);
	if (n < 2) {
		out->ci_low = 1.0;
		out->ci_high = (double)SURVEY_CES_POINTS;
		return LD_OK;
	}
	out->se = out->sd / sqrt((double)n);
	double half = survey_t95(n - 1) * out->se;
	out->ci_low = clamp(out->mean - half, 1.0, (double)SURVEY_CES_POINTS);
	out->ci_high = clamp(out->mean + half, 1.0, (double)SURVEY_CES_POINTS);
	return LD_OK;
}

/* ---------------------------------------------------------------------- */
/* FCR                                                                    */
/* ---------------------------------------------------------------------- */

ld_status survey_fcr(int64_t first_contacts, int64_t repeated, struct survey_share *out,
		     struct ld_err *err)
{
	if (out == NULL)
		return no_output(err);
	ld_status rc = check_share(repeated, first_contacts, err);
	if (rc != LD_OK)
		return rc;
	wilson(first_contacts - repeated, first_contacts, out);
	return LD_OK;
}

ld_status survey_fcr_from_flags(const bool *repeated, size_t n, struct survey_share *out,
				struct ld_err *err)
{
	int64_t count = 0;
	if (repeated == NULL && n > 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_count", NULL, "flags are missing");
	if ((uint64_t)n > (uint64_t)SURVEY_COUNT_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_count", NULL, "more than 2^53 flags");
	for (size_t i = 0; i < n; i++)
		count += repeated[i] ? 1 : 0;
	return survey_fcr((int64_t)n, count, out, err);
}

/* ---------------------------------------------------------------------- */
/* SERVQUAL                                                               */
/* ---------------------------------------------------------------------- */

const char *survey_servqual_dim_name(int v)
{
	if (v < 0 || v >= SURVEY_SQ_DIM_COUNT)
		return NULL;
	return SQ_NAMES[v];
}

int survey_servqual_dim_parse(const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < SURVEY_SQ_DIM_COUNT; i++) {
		if (strcmp(s, SQ_NAMES[i]) == 0)
			return i;
	}
	return -1;
}

void survey_servqual_response_init(struct survey_servqual_response *r)
{
	if (r != NULL)
		memset(r, 0, sizeof *r);
}

ld_status survey_servqual_response_add(struct survey_servqual_response *r, int dim,
				       int expected, int perceived, struct ld_err *err)
{
	if (r == NULL)
		return no_output(err);
	if (dim < 0 || dim >= SURVEY_SQ_DIM_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_dimension", "dimension",
			       "unknown SERVQUAL dimension %d", dim);
	if (expected < 1 || expected > 7)
		return ld_fail(err, LD_ERR_INVALID, "invalid_answer", "expected",
			       "expectation must be 1…7");
	if (perceived < 1 || perceived > 7)
		return ld_fail(err, LD_ERR_INVALID, "invalid_answer", "perceived",
			       "perception must be 1…7");
	/* A person answers a few dozen items; cap so the int sums cannot overflow. */
	if (r->items[dim] >= 1000000)
		return ld_fail(err, LD_ERR_INVALID, "invalid_answer", NULL,
			       "too many items in one dimension");
	r->items[dim]++;
	r->gap_sum[dim] += perceived - expected;
	return LD_OK;
}

ld_status survey_servqual_response_set_importance(struct survey_servqual_response *r,
						  const double points[SURVEY_SQ_DIM_COUNT],
						  struct ld_err *err)
{
	if (r == NULL)
		return no_output(err);
	if (points == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_importance", "importance",
			       "importance split is missing");
	double sum = 0.0;
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
		if (!isfinite(points[d]) || points[d] < 0.0)
			return ld_fail(err, LD_ERR_INVALID, "invalid_importance", "importance",
				       "importance points must be finite and ≥ 0");
		sum += points[d];
	}
	if (sum < 99.0 || sum > 101.0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_importance", "importance",
			       "importance points must sum to 100");
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++)
		r->importance[d] = 100.0 * points[d] / sum;
	r->has_importance = true;
	return LD_OK;
}

/* Welford's update of one observation. */
static void moments_add(struct survey_moments *m, double x)
{
	m->n++;
	double delta = x - m->mean;
	m->mean += delta / (double)m->n;
	m->m2 += delta * (x - m->mean);
}

/* Chan, Golub & LeVeque: combine two partial moments. */
static void moments_merge(struct survey_moments *into, const struct survey_moments *from)
{
	if (from->n == 0)
		return;
	if (into->n == 0) {
		*into = *from;
		return;
	}
	double na = (double)into->n, nb = (double)from->n, nab = na + nb;
	double delta = from->mean - into->mean;
	into->mean += delta * nb / nab;
	into->m2 += from->m2 + delta * delta * na * nb / nab;
	into->n += from->n;
}

/* Standard error of the mean of accumulated moments; 0 when n < 2. */
static double moments_se(const struct survey_moments *m)
{
	if (m->n < 2)
		return 0.0;
	double var = fmax(m->m2, 0.0) / (double)(m->n - 1);
	return sqrt(var / (double)m->n);
}

void survey_servqual_init(struct survey_servqual *acc)
{
	if (acc != NULL)
		memset(acc, 0, sizeof *acc);
}

ld_status survey_servqual_add(struct survey_servqual *acc,
			      const struct survey_servqual_response *r, struct ld_err *err)
{
	if (acc == NULL)
		return no_output(err);
	if (r == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_argument", NULL, "response is NULL");
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
		if (r->items[d] < 0)
			return ld_fail(err, LD_ERR_INVALID, "invalid_answer", NULL,
				       "response has a negative item count");
	}

	bool complete = true;
	double weighted = 0.0;
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
		if (r->items[d] == 0) {
			complete = false;
			continue;
		}
		double score = (double)r->gap_sum[d] / (double)r->items[d];
		moments_add(&acc->dims[d], score);
		weighted += r->importance[d] / 100.0 * score;
	}
	if (r->has_importance) {
		for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++)
			acc->importance_sum[d] += r->importance[d];
		acc->importance_n++;
		if (complete)
			moments_add(&acc->weighted, weighted);
	}
	return LD_OK;
}

void survey_servqual_merge(struct survey_servqual *into, const struct survey_servqual *from)
{
	if (into == NULL || from == NULL)
		return;
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
		moments_merge(&into->dims[d], &from->dims[d]);
		into->importance_sum[d] += from->importance_sum[d];
	}
	moments_merge(&into->weighted, &from->weighted);
	into->importance_n += from->importance_n;
}

void survey_servqual_summarise(const struct survey_servqual *acc,
			       struct survey_servqual_summary *out)
{
	if (out == NULL)
		return;
	memset(out, 0, sizeof *out);
	if (acc == NULL)
		return;

	bool all = true;
	double sum = 0.0;
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
		struct survey_servqual_dim_result *res = &out->dims[d];
		const struct survey_moments *m = &acc->dims[d];
		res->n = m->n;
		res->gap = m->n > 0 ? m->mean : 0.0;
		res->se = moments_se(m);
		res->importance = acc->importance_n > 0
					  ? acc->importance_sum[d] / (double)acc->importance_n
					  : 100.0 / SURVEY_SQ_DIM_COUNT;
		res->priority = res->gap * res->importance / 100.0;
		all = all && m->n > 0;
		sum += res->gap;
	}
	out->has_data = all;
	out->overall = all ? sum / SURVEY_SQ_DIM_COUNT : 0.0;
	out->weighted_n = acc->weighted.n;
	out->weighted = acc->weighted.n > 0 ? acc->weighted.mean : 0.0;
	out->weighted_se = moments_se(&acc->weighted);

	/* Insertion sort by priority, stable, so ties keep enum order. */
	for (int i = 0; i < SURVEY_SQ_DIM_COUNT; i++) {
		int j = i;
		while (j > 0 && out->dims[out->rank[j - 1]].priority > out->dims[i].priority) {
			out->rank[j] = out->rank[j - 1];
			j--;
		}
		out->rank[j] = i;
	}
}
