/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * loyaldesk-gen: a synthetic customer base whose effort shares and lapse
 * odds are chosen on the command line, written in the peer CSV layout that
 * `loyaldesk import interactions` and `loyaldesk import renewals` read, with
 * the population values a report should recover (truth.json).
 *
 * Owns: the sampling model below, the PRNG, the CSV and JSON writers. Must
 * not link the project's libraries or depend on anything but libc and libm:
 * it is a test instrument, and an instrument that shares code with what it
 * measures cannot catch that code's mistakes.
 *
 * ======================================================================
 * Design essay
 * ======================================================================
 *
 * What the importer and the effort scorer see (src/cli/import_interactions.c,
 * src/core/effort.c). A case is the rows of one case_id, in file order. The
 * case opens at its first row, owned by that row's agent. A transfer row
 * names the agent who hands over (here always the current owner); the new
 * owner is the agent of the next row of the case that has one. The scorer
 * counts, per case:
 *
 *   contacts          inbound message/call/visit rows; repeats = contacts − 1
 *   channel switches  consecutive contacts on different channels
 *   transfers         transfer rows
 *   re-explanations   the first contact after a transfer without a handover
 *                     note (peer rows carry none) handled by an agent who
 *                     appears on no earlier row of the case
 *   robot-only, reopens  always 0 here: no bot channel, no status rows
 *
 *   score = 2·transfers + switches + 2·re-explanations + repeats;
 *   the case is high effort when score ≥ 4.
 *
 * Every row written carries an agent, so each signal is exactly the one
 * intended, in loyaldesk and in the peer's report.sql alike: after a transfer
 * that must cost a re-explanation, the next row is the customer's contact
 * with the new agent; after one that must not, the next row is the new
 * agent's outbound reply, which makes that agent a previous handler before the
 * customer speaks again.
 *
 * The four case-level signals. Per case: T (≥ 1 transfer), R (≥ 1
 * re-explanation), P (≥ 1 repeat contact), S (≥ 1 channel switch), with
 * marginal shares t, x·t, r, s, where x = --reexplain is the share of
 * transferred cases that re-explain and h = --high-effort the share of high
 * cases. The scoring rule ties them to the band:
 *
 *   R ⇒ T      re-explaining needs a transfer;
 *   S ⇒ P      a switch needs a second contact;
 *   R ⇒ high   a transfer and a re-explanation score 2 + 2 = 4;
 *   T∧S ⇒ high a transfer (2), a switch (1) and the repeat contact it
 *              brings (1) score 4;
 *   high ⇒ T∨P without a transfer and without a repeat contact the score is
 *              0 (a switch needs a repeat).
 *
 * Within those rules any pattern can be built: a low case takes one of
 * {nothing; P; P∧S; T; T∧P}, with the fewest rows that show it (score 0–3),
 * and a high case takes any pattern that has T or P, padded to score 4 —
 * T∧R alone already scores 4; T∧P∧S takes one contact more; T∧P takes two
 * repeats; T alone takes a second transfer; P∧S takes two contacts and two
 * switches (or three contacts and one switch); P alone takes four repeats.
 *
 * Construction. Each case first draws its band (high with probability h),
 * then its signals with band-conditional probabilities h_X (high) and l_X
 * (low), chosen so that h·h_X + (1 − h)·l_X = X for every signal X: the
 * marginal shares equal the chosen rates exactly in expectation. All
 * re-explanations are high, so h_R = x·t/h and l_R = 0. For the other three
 * signals, with a concentration λ in [0, 1],
 *
 *   h_X(λ) = (1 − λ)·X + λ·min(1, X/h),   l_X = (X − h·h_X) / (1 − h),
 *
 * from λ = 0 (signals independent of the band) to λ = 1 (signals in high
 * cases as often as the rates allow). Every h_X(λ) and l_X(λ) lies in
 * [0, 1] and the ordering S ⇒ P holds in each band (h_S ≤ h_P, l_S ≤ l_P,
 * as s ≤ r); the remaining within-band rules are linear in λ and get
 * easier as λ grows:
 *
 *   h_T ≥ h_R           (re-explainers are transferred),
 *   h_T + h_P ≥ 1       (every high case has T or P),
 *   l_T + l_S ≤ 1       (no low case has both T and S).
 *
 * So the admissible λ form an interval [λ_min, 1]. The generator uses
 * λ = max(--concentration, λ_min) (default 0.5) and records it in
 * truth.json. At λ = 1 the three rules read x·t ≤ h, t + r ≥ h and
 * max(0, t − h) + max(0, s − h) ≤ 1 − h; these, with s ≤ r, are necessary
 * for any generator obeying the scoring rule (the first: re-explainers are
 * high; the second: high cases have T or P; the third: the T-cases and
 * S-cases beyond the high ones must be disjoint low cases), so a rate
 * combination is refused exactly when no data set could have it.
 *
 * Within a band: high — T with h_T; R given T with h_R/h_T; P given T with
 * (h_P + h_T − 1)/h_T, P for sure without T; S given P with h_S/h_P. Low —
 * S with l_S (then P, not T); otherwise T with l_T/(1 − l_S) and,
 * independently, P with (l_P − l_S)/(1 − l_S).
 *
 * Transfers per case: one per transferred case, two in the high T-only
 * pattern, so E[transfers] = h·(h_T + (h_T − h_R)·(1 − p)) + (1 − h)·l_T with
 * p = P(P | T, high); truth.json gives it and its variance.
 *
 * Customers and lapse. A customer has --cases-min … --cases-max cases
 * (uniform). One with at least one high case lapses with probability
 * p_h = --lapse-other × --lapse-ratio, others with p_o = --lapse-other;
 * lapse depends on nothing else, so the risk ratio is p_h/p_o and the odds
 * ratio [p_h/(1 − p_h)]/[p_o/(1 − p_o)] is both the marginal and the
 * adjusted one of a logistic model that includes other case features. The
 * share of customers with a high case is 1 − E[(1 − h)^m] over the case
 * count m.
 *
 * Determinism. All randomness comes from xoshiro256** (Blackman & Vigna,
 * "Scrambled linear pseudorandom number generators", ACM TOMS 2021) seeded by
 * splitmix64 from --seed, and is drawn in a fixed order (customer by
 * customer, case by case), so the same flags give byte-identical files.
 * Uniforms are the top 53 bits over 2^53.
 *
 * Output. interactions.csv id,case_id,customer_id,channel,direction,
 * agent_id,at,kind in case order, times increasing within a case, cases
 * opened over 360 days from 2024-01-01 UTC; customers.csv customer_id,renewed for every customer;
 * truth.json the chosen rates, the band probabilities, the population values
 * and the realised counts of the files.
 *
 *   loyaldesk-gen --out DIR [--customers N] [--seed S] [rate flags]
 *
 * Exit status: 0 written, 1 an output file could not be written, 2 a bad
 * flag or an infeasible combination of rates.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GEN_NAME "loyaldesk-gen"
#define GEN_T0 1704067200                  /* 2024-01-01T00:00:00Z */
#define GEN_SPAN (360 * 86400)             /* case openings spread over 360 days */
#define GEN_CASES_LIMIT 20                 /* most cases a customer may have */
#define GEN_CUSTOMERS_LIMIT 10000000       /* most customers */
#define GEN_AGENTS_LIMIT 1000000           /* largest agent pool */
#define GEN_CONTACTS_MAX 8                 /* most contacts a case plan has */
#define GEN_EPSILON 1e-12                  /* slack of the feasibility tests */

/* ============================================================ PRNG === */

/* xoshiro256** state; seeded by splitmix64 so that any seed, 0 too, works. */
struct gen_rng {
	uint64_t s[4]; /* never all zero */
};

static uint64_t gen_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void gen_rng_seed(struct gen_rng *g, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		g->s[i] = gen_splitmix64(&seed);
}

static uint64_t gen_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t gen_rng_next(struct gen_rng *g)
{
	uint64_t *s = g->s;
	uint64_t result = gen_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = gen_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static double gen_uniform(struct gen_rng *g)
{
	return (double)(gen_rng_next(g) >> 11) * 0x1.0p-53;
}

static bool gen_chance(struct gen_rng *g, double p)
{
	return gen_uniform(g) < p;
}

/* Uniform integer in [0, n), n ≥ 1 (modulo: the bias, below n/2^64, is immaterial here). */
static uint64_t gen_below(struct gen_rng *g, uint64_t n)
{
	return gen_rng_next(g) % n;
}

/* Exponential gap of mean `mean` seconds, at least one second. */
static int64_t gen_gap(struct gen_rng *g, double mean)
{
	return 1 + (int64_t)(-log(1.0 - gen_uniform(g)) * mean);
}

/* ===================================================== parameters === */

/* What the command line chose. */
struct gen_params {
	int64_t customers;     /* customers to write */
	uint64_t seed;         /* PRNG seed */
	int64_t cases_min;     /* fewest cases per customer */
	int64_t cases_max;     /* most cases per customer */
	int64_t agents;        /* size of the agent pool */
	const char *out;       /* output directory; borrowed from argv */
	double high;           /* h: share of high-effort cases */
	double repeat;         /* r: share of cases with a repeat contact */
	double sw;             /* s: share of cases with a channel switch */
	double reexplain;      /* x: share of transferred cases that re-explain */
	double transfer;       /* t: share of cases with a transfer */
	double lapse_other;    /* p_o: lapse probability without a high case */
	double lapse_ratio;    /* p_h / p_o */
	double concentration;  /* requested λ */
};

/* Band-conditional probabilities of the four signals (see the essay). */
struct gen_bands {
	double lambda;  /* concentration used */
	double h_t;     /* P(T | high) */
	double h_r;     /* P(R | high) */
	double h_p;     /* P(P | high) */
	double h_s;     /* P(S | high) */
	double l_t;     /* P(T | low) */
	double l_p;     /* P(P | low) */
	double l_s;     /* P(S | low) */
};

enum gen_opt_kind { GEN_OPT_RATE, GEN_OPT_INT, GEN_OPT_SEED, GEN_OPT_PATH };

/* One command-line flag: its value's kind, bounds and where it goes. */
struct gen_option {
	const char *name;      /* "--customers" */
	enum gen_opt_kind kind;
	size_t offset;         /* offset of the field in struct gen_params */
	double min, max;       /* bounds of a number */
	bool min_open;         /* min itself is excluded */
	bool max_open;         /* max itself is excluded */
	const char *range;     /* the bounds in words, for the error message */
};

#define GEN_FIELD(f) offsetof(struct gen_params, f)

static const struct gen_option gen_options[] = {
	{ "--customers", GEN_OPT_INT, GEN_FIELD(customers), 1, GEN_CUSTOMERS_LIMIT, false, false,
	  "a whole number from 1 to 10000000" },
	{ "--seed", GEN_OPT_SEED, GEN_FIELD(seed), 0, 0, false, false,
	  "a whole number from 0 to 18446744073709551615" },
	{ "--out", GEN_OPT_PATH, GEN_FIELD(out), 0, 0, false, false, "a directory" },
	{ "--cases-min", GEN_OPT_INT, GEN_FIELD(cases_min), 1, GEN_CASES_LIMIT, false, false,
	  "a whole number from 1 to 20" },
	{ "--cases-max", GEN_OPT_INT, GEN_FIELD(cases_max), 1, GEN_CASES_LIMIT, false, false,
	  "a whole number from 1 to 20" },
	{ "--agents", GEN_OPT_INT, GEN_FIELD(agents), 3, GEN_AGENTS_LIMIT, false, false,
	  "a whole number from 3 to 1000000" },
	{ "--high-effort", GEN_OPT_RATE, GEN_FIELD(high), 0, 1, true, true,
	  "a number above 0 and below 1" },
	{ "--repeat", GEN_OPT_RATE, GEN_FIELD(repeat), 0, 1, false, false, "a number from 0 to 1" },
	{ "--switch", GEN_OPT_RATE, GEN_FIELD(sw), 0, 1, false, false, "a number from 0 to 1" },
	{ "--reexplain", GEN_OPT_RATE, GEN_FIELD(reexplain), 0, 1, false, false,
	  "a number from 0 to 1" },
	{ "--transfer", GEN_OPT_RATE, GEN_FIELD(transfer), 0, 1, false, false, "a number from 0 to 1" },
	{ "--lapse-other", GEN_OPT_RATE, GEN_FIELD(lapse_other), 0, 1, true, true,
	  "a number above 0 and below 1" },
	{ "--lapse-ratio", GEN_OPT_RATE, GEN_FIELD(lapse_ratio), 0, 1000, true, false,
	  "a number above 0, at most 1000" },
	{ "--concentration", GEN_OPT_RATE, GEN_FIELD(concentration), 0, 1, false, false,
	  "a number from 0 to 1" },
};

#define GEN_OPTIONS_LEN (sizeof gen_options / sizeof gen_options[0])

static void gen_usage(FILE *f)
{
	fputs("Usage: " GEN_NAME " --out DIR [options]\n"
	      "\n"
	      "Writes a synthetic customer base in the peer CSV layout: DIR/interactions.csv\n"
	      "(for 'loyaldesk import interactions'), DIR/customers.csv (for 'loyaldesk import\n"
	      "renewals') and DIR/truth.json (the rates chosen, the population values a\n"
	      "report should recover, and the realised counts). Same flags, same files.\n"
	      "\n"
	      "  --out DIR            output directory, created if missing (required)\n"
	      "  --customers N        customers (default 10000)\n"
	      "  --seed S             PRNG seed (default 1)\n"
	      "  --cases-min N        fewest cases per customer (default 1)\n"
	      "  --cases-max N        most cases per customer (default 3)\n"
	      "  --agents N           agent pool (default 40)\n"
	      "  --high-effort P      share of cases with effort score >= 4 (default 0.30)\n"
	      "  --repeat P           share of cases with a repeat contact (default 0.62)\n"
	      "  --switch P           share of cases with a channel switch (default 0.57)\n"
	      "  --transfer P         share of cases with a transfer (default 0.40)\n"
	      "  --reexplain P        share of TRANSFERRED cases in which the customer\n"
	      "                       re-explained (default 0.56)\n"
	      "  --lapse-other P      lapse probability of a customer without a\n"
	      "                       high-effort case (default 0.08)\n"
	      "  --lapse-ratio K      a customer with one lapses with probability\n"
	      "                       lapse-other x K, at most 1 (default 4)\n"
	      "  --concentration L    0 = signals independent of the effort band as far\n"
	      "                       as the rates allow, 1 = as concentrated in high-\n"
	      "                       effort cases as they allow (default 0.5)\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Exit status: 0 written, 1 a file could not be written, 2 a bad flag or\n"
	      "rates that no data set can have (the message says why).\n",
	      f);
}

static void gen_params_default(struct gen_params *p)
{
	memset(p, 0, sizeof *p);
	p->customers = 10000;
	p->seed = 1;
	p->cases_min = 1;
	p->cases_max = 3;
	p->agents = 40;
	p->high = 0.30;
	p->repeat = 0.62;
	p->sw = 0.57;
	p->reexplain = 0.56;
	p->transfer = 0.40;
	p->lapse_other = 0.08;
	p->lapse_ratio = 4.0;
	p->concentration = 0.5;
}

/* Stores `text` as option `o`'s value; false (message printed) when it is bad. */
static bool gen_option_set(const struct gen_option *o, const char *text, struct gen_params *p)
{
	char *field = (char *)p + o->offset;
	char *end = NULL;

	if (o->kind == GEN_OPT_PATH) {
		if (text[0] == '\0') {
			fprintf(stderr, GEN_NAME ": %s needs %s\n", o->name, o->range);
			return false;
		}
		*(const char **)(void *)field = text;
		return true;
	}
	errno = 0;
	if (o->kind == GEN_OPT_SEED) {
		unsigned long long v = strtoull(text, &end, 10);
		if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0)
			goto bad;
		*(uint64_t *)(void *)field = (uint64_t)v;
		return true;
	}
	if (o->kind == GEN_OPT_INT) {
		long long v = strtoll(text, &end, 10);
		if (text[0] == '\0' || *end != '\0' || errno != 0 || v < (long long)o->min ||
		    v > (long long)o->max)
			goto bad;
		*(int64_t *)(void *)field = (int64_t)v;
		return true;
	}
	double v = strtod(text, &end);
	if (text[0] == '\0' || *end != '\0' || errno != 0 || !isfinite(v) ||
	    (o->min_open ? v <= o->min : v < o->min) || (o->max_open ? v >= o->max : v > o->max))
		goto bad;
	*(double *)(void *)field = v;
	return true;
bad:
	fprintf(stderr, GEN_NAME ": %s must be %s, not '%s'\n", o->name, o->range, text);
	return false;
}

/*
 * Parses argv into `p`. Returns 0 to go on, 1 when help was printed (exit 0),
 * 2 on a bad command line (message printed).
 */
static int gen_parse(int argc, char **argv, struct gen_params *p)
{
	gen_params_default(p);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = NULL;
		const struct gen_option *o = NULL;
		size_t name_len;

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			gen_usage(stdout);
			return 1;
		}
		name_len = strcspn(arg, "=");
		for (size_t k = 0; k < GEN_OPTIONS_LEN; k++) {
			if (strlen(gen_options[k].name) == name_len &&
			    strncmp(gen_options[k].name, arg, name_len) == 0)
				o = &gen_options[k];
		}
		if (o == NULL) {
			fprintf(stderr, GEN_NAME ": unknown option '%s'\nTry '" GEN_NAME
				" --help'.\n", arg);
			return 2;
		}
		if (arg[name_len] == '=') {
			value = arg + name_len + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			fprintf(stderr, GEN_NAME ": %s needs a value (%s)\n", o->name, o->range);
			return 2;
		}
		if (!gen_option_set(o, value, p))
			return 2;
	}
	if (p->out == NULL) {
		fprintf(stderr, GEN_NAME ": --out DIR is required\nTry '" GEN_NAME " --help'.\n");
		return 2;
	}
	if (p->cases_min > p->cases_max) {
		fprintf(stderr, GEN_NAME ": --cases-min (%" PRId64 ") is above --cases-max (%" PRId64
			")\n", p->cases_min, p->cases_max);
		return 2;
	}
	return 0;
}

/* ================================================== feasibility === */

static double gen_min(double a, double b)
{
	return a < b ? a : b;
}

static double gen_max(double a, double b)
{
	return a > b ? a : b;
}

static double gen_clamp01(double v)
{
	return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}

/* h_X(λ) of the essay. */
static double gen_high_share(double x, double h, double lambda)
{
	return (1.0 - lambda) * x + lambda * gen_min(1.0, x / h);
}

/* l_X given h_X. */
static double gen_low_share(double x, double h, double h_x)
{
	return (x - h * h_x) / (1.0 - h);
}

static void gen_bands_at(const struct gen_params *p, double lambda, struct gen_bands *b)
{
	double h = p->high;

	b->lambda = lambda;
	b->h_r = p->reexplain * p->transfer / h;
	b->h_t = gen_high_share(p->transfer, h, lambda);
	b->h_p = gen_high_share(p->repeat, h, lambda);
	b->h_s = gen_high_share(p->sw, h, lambda);
	b->l_t = gen_low_share(p->transfer, h, b->h_t);
	b->l_p = gen_low_share(p->repeat, h, b->h_p);
	b->l_s = gen_low_share(p->sw, h, b->h_s);
}

/*
 * The within-band rules as g(λ) ≥ 0, each linear in λ (see the essay):
 * [0] h_T − h_R, [1] h_T + h_P − 1, [2] 1 − l_T − l_S.
 */
static void gen_rules(const struct gen_bands *b, double g[3])
{
	g[0] = b->h_t - b->h_r;
	g[1] = b->h_t + b->h_p - 1.0;
	g[2] = 1.0 - b->l_t - b->l_s;
}

/*
 * Checks that the rates are feasible and fills `b` with the band
 * probabilities at λ = max(requested, λ_min). False (message printed) when no
 * data set obeying the scoring rule can have these rates.
 */
static bool gen_solve(const struct gen_params *p, struct gen_bands *b)
{
	double h = p->high, t = p->transfer, r = p->repeat, s = p->sw, x = p->reexplain;
	double g0[3], g1[3], lambda = p->concentration;
	struct gen_bands at0, at1;
	bool ok = true;

	if (s > r + GEN_EPSILON) {
		fprintf(stderr, GEN_NAME ": infeasible rates: a channel switch needs a second "
			"contact, so every case with a switch also has a repeat contact; "
			"--switch (%g) cannot exceed --repeat (%g)\n", s, r);
		ok = false;
	}
	if (x * t > h + GEN_EPSILON) {
		fprintf(stderr, GEN_NAME ": infeasible rates: a re-explanation comes after a "
			"transfer and the two score 2 + 2 = 4, so every re-explaining case is high "
			"effort; --reexplain x --transfer = %g x %g = %g of all cases re-explain, "
			"more than --high-effort (%g)\n", x, t, x * t, h);
		ok = false;
	}
	if (t + r < h - GEN_EPSILON) {
		fprintf(stderr, GEN_NAME ": infeasible rates: a case with neither a transfer nor "
			"a repeat contact scores 0 (a switch needs a repeat contact), so every "
			"high-effort case has one of them; --transfer + --repeat = %g is below "
			"--high-effort (%g)\n", t + r, h);
		ok = false;
	}
	if (gen_max(0.0, t - h) + gen_max(0.0, s - h) > 1.0 - h + GEN_EPSILON) {
		fprintf(stderr, GEN_NAME ": infeasible rates: a transfer (2), a channel switch "
			"(1) and the repeat contact the switch needs (1) score 4, so no low-effort "
			"case has both a transfer and a switch; at least --transfer - --high-effort "
			"= %g of all cases are low-effort with a transfer and --switch - "
			"--high-effort = %g low-effort with a switch, together more than the %g "
			"low-effort cases\n", gen_max(0.0, t - h), gen_max(0.0, s - h), 1.0 - h);
		ok = false;
	}
	if (p->lapse_other * p->lapse_ratio > 1.0 + GEN_EPSILON) {
		fprintf(stderr, GEN_NAME ": infeasible rates: a customer with a high-effort case "
			"lapses with probability --lapse-other x --lapse-ratio = %g x %g = %g, "
			"above 1\n", p->lapse_other, p->lapse_ratio,
			p->lapse_other * p->lapse_ratio);
		ok = false;
	}
	if (!ok)
		return false;
	/* Each rule holds at λ = 1 now; it holds from its root on (linear in λ). */
	gen_bands_at(p, 0.0, &at0);
	gen_bands_at(p, 1.0, &at1);
	gen_rules(&at0, g0);
	gen_rules(&at1, g1);
	for (int i = 0; i < 3; i++) {
		if (g0[i] < 0.0 && g1[i] > g0[i])
			lambda = gen_max(lambda, g0[i] / (g0[i] - g1[i]));
	}
	gen_bands_at(p, gen_min(lambda, 1.0), b);
	return true;
}

/* ====================================================== case plans === */

/* The shape of one case: which signals it has and how many rows show them. */
struct gen_plan {
	bool high;       /* drawn band */
	int transfers;   /* 0, 1 or 2 */
	bool reexplain;  /* the contact after the (one) transfer goes to a new agent */
	int contacts;    /* inbound contacts, 1…GEN_CONTACTS_MAX */
	int switches;    /* channel switches among them, ≤ contacts − 1 */
};

static int gen_plan_score(const struct gen_plan *c)
{
	return 2 * c->transfers + c->switches + 2 * (c->reexplain ? 1 : 0) + (c->contacts - 1);
}

/* Draws a high-effort case: any pattern with T or P, padded to score ≥ 4. */
static void gen_plan_high(struct gen_rng *g, const struct gen_bands *b, struct gen_plan *c)
{
	bool t = gen_chance(g, b->h_t);
	bool r = t && gen_chance(g, b->h_t > 0.0 ? b->h_r / b->h_t : 0.0);
	bool p = t ? gen_chance(g, b->h_t > 0.0 ? (b->h_p + b->h_t - 1.0) / b->h_t : 0.0) : true;
	bool s = p && gen_chance(g, b->h_p > 0.0 ? b->h_s / b->h_p : 0.0);
	bool more = gen_chance(g, 0.25); /* one contact beyond the fewest, for variety */

	c->transfers = t ? 1 : 0;
	c->reexplain = r;
	c->contacts = 1;
	c->switches = 0;
	if (r) {                        /* 2 + 2 = 4 already */
		c->contacts = p ? 2 + more : 1;
		c->switches = s ? 1 : 0;
	} else if (t && p && s) {       /* 2 + repeat 1 + switch 1 */
		c->contacts = 2 + more;
		c->switches = 1;
	} else if (t && p) {            /* 2 + two repeats */
		c->contacts = 3 + more;
	} else if (t) {                 /* a second transfer */
		c->transfers = 2;
	} else if (s) {                 /* two repeats, two switches or three and one */
		c->contacts = 3 + more;
		c->switches = more ? 1 : 2;
	} else {                        /* four repeats */
		c->contacts = 5 + more;
	}
}

/* Draws a low-effort case: one of {nothing; P; P∧S; T; T∧P}, score ≤ 3. */
static void gen_plan_low(struct gen_rng *g, const struct gen_bands *b, struct gen_plan *c)
{
	double rest = 1.0 - b->l_s;
	bool s = gen_chance(g, b->l_s);
	bool t = !s && gen_chance(g, rest > 0.0 ? b->l_t / rest : 0.0);
	bool p = s || gen_chance(g, rest > 0.0 ? (b->l_p - b->l_s) / rest : 0.0);
	int extra = (int)gen_below(g, 3); /* 0…2 further repeats where the band allows */

	c->transfers = t ? 1 : 0;
	c->reexplain = false;
	c->contacts = p ? 2 : 1;
	c->switches = s ? 1 : 0;
	if (s)
		c->contacts = 2 + (extra > 0);       /* score 2 or 3 */
	else if (p && !t)
		c->contacts = 2 + extra;             /* score 1…3 */
}

static void gen_plan_draw(struct gen_rng *g, const struct gen_params *p,
			  const struct gen_bands *b, struct gen_plan *c)
{
	c->high = gen_chance(g, p->high);
	if (c->high)
		gen_plan_high(g, b, c);
	else
		gen_plan_low(g, b, c);
	/* The plan must be what the scorer will see; a mismatch is a bug here. */
	if ((gen_plan_score(c) >= 4) != c->high || c->contacts > GEN_CONTACTS_MAX ||
	    c->switches > c->contacts - 1 || (c->reexplain && c->transfers != 1)) {
		fprintf(stderr, GEN_NAME ": internal error: inconsistent case plan\n");
		abort();
	}
}

/* ======================================================== writing === */

/* The channels used: no bot (it would bring robot-only contacts), no social. */
enum gen_channel { GEN_CH_EMAIL, GEN_CH_PHONE, GEN_CH_CHAT, GEN_CH_WEB, GEN_CH_VISIT, GEN_CH_COUNT };

static const char *const gen_channel_names[GEN_CH_COUNT] = {
	"email", "phone", "chat", "web", "visit"
};
/* Mix of the first contact's channel (and of the channel switched to). */
static const double gen_channel_weights[GEN_CH_COUNT] = { 0.28, 0.30, 0.20, 0.16, 0.06 };

/* The running state of interactions.csv while one case is written. */
struct gen_writer {
	FILE *f;               /* interactions.csv; owned by gen_run() */
	struct gen_rng *rng;   /* borrowed */
	int64_t agents;        /* pool size */
	int64_t rows;          /* rows written so far (= last id) */
	int64_t case_id;       /* case being written */
	int64_t customer_id;   /* its customer */
	int64_t at;            /* time of the last row, Unix s */
};

/* A channel other than `not` (-1 = any), by the first-contact mix. */
static int gen_channel_draw(struct gen_rng *g, int not)
{
	double total = 0.0, u;
	int ch, last = -1;

	for (ch = 0; ch < GEN_CH_COUNT; ch++)
		total += ch == not ? 0.0 : gen_channel_weights[ch];
	u = gen_uniform(g) * total;
	for (ch = 0; ch < GEN_CH_COUNT; ch++) {
		if (ch == not)
			continue;
		if (u < gen_channel_weights[ch])
			return ch;
		u -= gen_channel_weights[ch];
		last = ch;
	}
	return last; /* u ran past the end by rounding */
}

static const char *gen_kind_of(int ch)
{
	return ch == GEN_CH_PHONE ? "call" : (ch == GEN_CH_VISIT ? "visit" : "message");
}

/* One row, `gap_mean` seconds (on average) after the previous one. */
static void gen_row(struct gen_writer *w, int ch, const char *direction, int64_t agent,
		    const char *kind, double gap_mean)
{
	w->at += gen_gap(w->rng, gap_mean);
	w->rows++;
	fprintf(w->f, "%" PRId64 ",%" PRId64 ",%" PRId64 ",%s,%s,%" PRId64 ",%" PRId64 ",%s\n",
		w->rows, w->case_id, w->customer_id, gen_channel_names[ch], direction, agent, w->at,
		kind);
}

/* The desk's answer on the channel of the contact (a visit is followed up by phone). */
static void gen_reply(struct gen_writer *w, int ch, int64_t agent)
{
	if (ch == GEN_CH_VISIT)
		ch = GEN_CH_PHONE;
	gen_row(w, ch, "out", agent, gen_kind_of(ch), 4.0 * 3600);
}

static void gen_transfer(struct gen_writer *w, int ch, int64_t from)
{
	gen_row(w, ch, "internal", from, "transfer", 1800.0);
}

/* An agent id from the pool other than the (up to two) given ones. */
static int64_t gen_agent(struct gen_writer *w, int64_t not1, int64_t not2)
{
	int64_t a;

	do
		a = 1 + (int64_t)gen_below(w->rng, (uint64_t)w->agents);
	while (a == not1 || a == not2);
	return a;
}

/*
 * Writes the rows of case `c`. Agents: A opens, B takes the first transfer, C
 * the second. A transfer that must cost a re-explanation is followed at once
 * by the customer's contact with B; one that must not, by B's outbound reply.
 */
static void gen_case_write(struct gen_writer *w, const struct gen_plan *c)
{
	struct gen_rng *g = w->rng;
	int ch[GEN_CONTACTS_MAX];
	bool sw[GEN_CONTACTS_MAX] = { false }; /* sw[i]: contact i is on another channel than i−1 */
	int order[GEN_CONTACTS_MAX];
	int64_t a = gen_agent(w, 0, 0), owner = a, b;
	int after, i;

	w->at = GEN_T0 + (int64_t)gen_below(g, GEN_SPAN);
	/* Which transitions switch: a random `switches` of the contacts − 1. */
	for (i = 1; i < c->contacts; i++)
		order[i - 1] = i;
	for (i = 0; i < c->switches; i++) {
		int j = i + (int)gen_below(g, (uint64_t)(c->contacts - 1 - i));
		int tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
		sw[order[i]] = true;
	}
	ch[0] = gen_channel_draw(g, -1);
	for (i = 1; i < c->contacts; i++)
		ch[i] = sw[i] ? gen_channel_draw(g, ch[i - 1]) : ch[i - 1];

	if (c->reexplain && c->contacts == 1) {
		/* The desk called or wrote first; the customer's one contact, with B, re-explains. */
		int opener = gen_chance(g, 0.5) ? GEN_CH_PHONE : GEN_CH_EMAIL;
		gen_row(w, opener, "out", a, gen_kind_of(opener), 0.0);
		gen_transfer(w, opener, a);
		b = gen_agent(w, a, 0);
		gen_row(w, ch[0], "in", b, gen_kind_of(ch[0]), 3600.0);
		if (gen_chance(g, 0.6))
			gen_reply(w, ch[0], b);
		return;
	}
	/* The transfer follows contact `after` (0-based); re-explaining needs a contact after it. */
	after = c->transfers == 0 ? -1
		: (int)gen_below(g, (uint64_t)(c->reexplain ? c->contacts - 1 : c->contacts));
	for (i = 0; i < c->contacts; i++) {
		gen_row(w, ch[i], "in", owner, gen_kind_of(ch[i]), i == 0 ? 0.0 : 86400.0);
		if (i != after) {
			if (gen_chance(g, 0.7))
				gen_reply(w, ch[i], owner);
			else if (gen_chance(g, 0.3))
				gen_row(w, ch[i], "internal", owner, "note", 900.0);
			continue;
		}
		if (gen_chance(g, 0.5))
			gen_reply(w, ch[i], owner);
		gen_transfer(w, ch[i], owner);
		b = gen_agent(w, owner, 0);
		if (!c->reexplain)
			gen_reply(w, ch[i], b);
		if (c->transfers == 2) {
			int64_t third = gen_agent(w, a, b);
			gen_transfer(w, ch[i], b);
			gen_reply(w, ch[i], third);
			b = third;
		}
		owner = b;
	}
}

/* ========================================================== truth === */

/* Counts of what was written. */
struct gen_counts {
	int64_t cases;                /* cases written */
	int64_t customers;            /* customers written */
	int64_t high;                 /* high-effort cases */
	int64_t repeat;               /* cases with a repeat contact */
	int64_t sw;                   /* cases with a channel switch */
	int64_t transferred;          /* cases with a transfer */
	int64_t reexplain;            /* cases with a re-explanation */
	int64_t transfers;            /* transfers in all */
	int64_t contacts;             /* inbound contacts in all */
	int64_t customers_high;       /* customers with a high-effort case */
	int64_t lapsed_high;          /* of those, lapsed */
	int64_t lapsed_other;         /* lapsed customers without one */
};

/* Population values the generator was built to produce. */
struct gen_truth {
	double mean_transfers;        /* E[transfers per case] */
	double var_transfers;         /* Var[transfers per case] */
	double share_customers_high;  /* P(customer has a high case) */
	double lapse_high;            /* p_h */
	double lapse_rate;            /* overall lapse rate of customers */
	double odds_ratio;            /* NAN when p_h = 1 */
};

static void gen_truth_compute(const struct gen_params *p, const struct gen_bands *b,
			      struct gen_truth *tr)
{
	double h = p->high;
	double p_rep = b->h_t > 0.0 ? (b->h_p + b->h_t - 1.0) / b->h_t : 0.0;
	double two = gen_clamp01(b->h_t - b->h_r) * (1.0 - gen_clamp01(p_rep)); /* P(2 | high) */
	double none = 0.0;
	double p_o = p->lapse_other;

	tr->mean_transfers = h * (b->h_t + two) + (1.0 - h) * b->l_t;
	tr->var_transfers = h * (b->h_t + 3.0 * two) + (1.0 - h) * b->l_t -
			    tr->mean_transfers * tr->mean_transfers;
	for (int64_t m = p->cases_min; m <= p->cases_max; m++)
		none += pow(1.0 - h, (double)m);
	tr->share_customers_high = 1.0 - none / (double)(p->cases_max - p->cases_min + 1);
	tr->lapse_high = gen_min(1.0, p_o * p->lapse_ratio);
	tr->lapse_rate = p_o + tr->share_customers_high * (tr->lapse_high - p_o);
	tr->odds_ratio = tr->lapse_high >= 1.0
			 ? NAN
			 : (tr->lapse_high / (1.0 - tr->lapse_high)) / (p_o / (1.0 - p_o));
}

/* A number for JSON: 15 significant digits, null for NaN. */
static void gen_json_num(FILE *f, const char *key, double v, bool last)
{
	if (isnan(v))
		fprintf(f, "  \"%s\": null%s\n", key, last ? "" : ",");
	else
		fprintf(f, "  \"%s\": %.15g%s\n", key, v, last ? "" : ",");
}

static void gen_truth_write(FILE *f, const struct gen_params *p, const struct gen_bands *b,
			    const struct gen_truth *tr, const struct gen_counts *n,
			    int64_t rows)
{
	fprintf(f, "{\n  \"generator\": {\"name\": \"" GEN_NAME "\", \"seed\": %" PRIu64
		", \"customers\": %" PRId64 ", \"cases_min\": %" PRId64 ", \"cases_max\": %"
		PRId64 ", \"agents\": %" PRId64 "},\n",
		p->seed, p->customers, p->cases_min, p->cases_max, p->agents);
	fprintf(f, "  \"rates\": {\"high_effort\": %.15g, \"repeat\": %.15g, \"switch\": %.15g, "
		"\"reexplain\": %.15g, \"transfer\": %.15g, \"lapse_other\": %.15g, "
		"\"lapse_ratio\": %.15g, \"concentration\": %.15g},\n",
		p->high, p->repeat, p->sw, p->reexplain, p->transfer, p->lapse_other,
		p->lapse_ratio, p->concentration);
	fprintf(f, "  \"bands\": {\"lambda\": %.15g, \"high\": {\"transfer\": %.15g, "
		"\"re_explanation\": %.15g, \"repeat\": %.15g, \"switch\": %.15g}, "
		"\"low\": {\"transfer\": %.15g, \"re_explanation\": 0, \"repeat\": %.15g, "
		"\"switch\": %.15g}},\n",
		b->lambda, b->h_t, b->h_r, b->h_p, b->h_s, b->l_t, b->l_p, b->l_s);
	gen_json_num(f, "share_high_effort", p->high, false);
	gen_json_num(f, "share_repeat_contact", p->repeat, false);
	gen_json_num(f, "share_channel_switch", p->sw, false);
	gen_json_num(f, "share_transfer", p->transfer, false);
	gen_json_num(f, "share_re_explanation", p->reexplain * p->transfer, false);
	gen_json_num(f, "share_re_explanation_of_transferred", p->reexplain, false);
	gen_json_num(f, "mean_transfers_per_case", tr->mean_transfers, false);
	gen_json_num(f, "var_transfers_per_case", tr->var_transfers, false);
	gen_json_num(f, "mean_cases_per_customer", (double)(p->cases_min + p->cases_max) / 2.0, false);
	gen_json_num(f, "share_customers_high_effort", tr->share_customers_high, false);
	gen_json_num(f, "lapse_rate_high", tr->lapse_high, false);
	gen_json_num(f, "lapse_rate_other", p->lapse_other, false);
	gen_json_num(f, "lapse_rate", tr->lapse_rate, false);
	gen_json_num(f, "lapse_ratio", tr->lapse_high / p->lapse_other, false);
	gen_json_num(f, "lapse_odds_ratio", tr->odds_ratio, false);
	fprintf(f, "  \"realised\": {\n"
		"    \"customers\": %" PRId64 ",\n    \"cases\": %" PRId64 ",\n"
		"    \"interactions\": %" PRId64 ",\n    \"contacts\": %" PRId64 ",\n"
		"    \"high_effort_cases\": %" PRId64 ",\n    \"repeat_contact_cases\": %" PRId64 ",\n"
		"    \"channel_switch_cases\": %" PRId64 ",\n    \"transferred_cases\": %" PRId64 ",\n"
		"    \"re_explanation_cases\": %" PRId64 ",\n    \"transfers\": %" PRId64 ",\n"
		"    \"customers_high_effort\": %" PRId64 ",\n    \"customers_other\": %" PRId64 ",\n"
		"    \"lapsed_high\": %" PRId64 ",\n    \"lapsed_other\": %" PRId64 ",\n"
		"    \"lapsed\": %" PRId64 "\n  }\n}\n",
		n->customers, n->cases, rows, n->contacts, n->high, n->repeat, n->sw,
		n->transferred, n->reexplain, n->transfers, n->customers_high,
		n->customers - n->customers_high, n->lapsed_high, n->lapsed_other,
		n->lapsed_high + n->lapsed_other);
}

/* ============================================================ run === */

static FILE *gen_open(const char *dir, const char *name, char *path, size_t path_len)
{
	FILE *f;

	snprintf(path, path_len, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		fprintf(stderr, GEN_NAME ": cannot write %s: %s\n", path, strerror(errno));
	return f;
}

/* Closes `f` (NULL-safe); false (message printed) when the data did not reach the file. */
static bool gen_close(FILE *f, const char *path)
{
	bool ok;

	if (f == NULL)
		return true;
	ok = !ferror(f);
	ok = fclose(f) == 0 && ok;
	if (!ok)
		fprintf(stderr, GEN_NAME ": writing %s failed\n", path);
	return ok;
}

/* Generates and writes the three files. Returns the exit status. */
static int gen_run(const struct gen_params *p, const struct gen_bands *b)
{
	char inter_path[4096], cust_path[4096], truth_path[4096];
	FILE *inter = NULL, *cust = NULL, *truth = NULL;
	struct gen_rng rng;
	struct gen_writer w;
	struct gen_counts n;
	struct gen_truth tr;
	int rc = 1;

	inter_path[0] = cust_path[0] = truth_path[0] = '\0';
	if (mkdir(p->out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, GEN_NAME ": cannot create %s: %s\n", p->out, strerror(errno));
		goto out;
	}
	if ((inter = gen_open(p->out, "interactions.csv", inter_path, sizeof inter_path)) == NULL ||
	    (cust = gen_open(p->out, "customers.csv", cust_path, sizeof cust_path)) == NULL ||
	    (truth = gen_open(p->out, "truth.json", truth_path, sizeof truth_path)) == NULL)
		goto out;

	gen_rng_seed(&rng, p->seed);
	memset(&n, 0, sizeof n);
	memset(&w, 0, sizeof w);
	w.f = inter;
	w.rng = &rng;
	w.agents = p->agents;
	fputs("id,case_id,customer_id,channel,direction,agent_id,at,kind\n", inter);
	fputs("customer_id,renewed\n", cust);
	for (int64_t id = 1; id <= p->customers; id++) {
		int64_t m = p->cases_min +
			    (int64_t)gen_below(&rng, (uint64_t)(p->cases_max - p->cases_min + 1));
		bool any_high = false, lapsed;

		for (int64_t k = 0; k < m; k++) {
			struct gen_plan c;
			gen_plan_draw(&rng, p, b, &c);
			w.case_id = ++n.cases;
			w.customer_id = id;
			gen_case_write(&w, &c);
			any_high |= c.high;
			n.high += c.high;
			n.repeat += c.contacts > 1;
			n.sw += c.switches > 0;
			n.transferred += c.transfers > 0;
			n.reexplain += c.reexplain;
			n.transfers += c.transfers;
			n.contacts += c.contacts;
		}
		lapsed = gen_chance(&rng, any_high ? p->lapse_other * p->lapse_ratio
					   : p->lapse_other);
		n.customers++;
		n.customers_high += any_high;
		n.lapsed_high += any_high && lapsed;
		n.lapsed_other += !any_high && lapsed;
		fprintf(cust, "%" PRId64 ",%d\n", id, lapsed ? 0 : 1);
	}
	gen_truth_compute(p, b, &tr);
	gen_truth_write(truth, p, b, &tr, &n, w.rows);
	rc = 0;
out:
	/* All three are closed, whichever fails. */
	if (!gen_close(inter, inter_path))
		rc = 1;
	if (!gen_close(cust, cust_path))
		rc = 1;
	if (!gen_close(truth, truth_path))
		rc = 1;
	return rc;
}

int main(int argc, char **argv)
{
	struct gen_params p;
	struct gen_bands b;
	int rc = gen_parse(argc, argv, &p);

	if (rc != 0)
		return rc == 1 ? 0 : 2;
	if (!gen_solve(&p, &b))
		return 2;
	return gen_run(&p, &b);
}
