/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Contributions of cases, customers and survey answers to the derived
 * figures (contract in core/rollup.h).
 *
 * Owns every rule that turns rows into report aggregates: which bucket a case
 * falls in, what it adds there, what counts as a first contact and a return
 * for FCR, the per-customer sums, the loyalty feature vector and its
 * top-codes, the customer split of the disloyalty ratio, the latest answers
 * and the renewal outcome. Must not do I/O or allocate. The store only adds
 * the numbers computed here; `loyaldesk check` sums them again from the rows.
 *
 * ======================================================================
 * Design essay
 * ======================================================================
 *
 * Why contributions. Every figure the reports read is a sum over rows: the
 * effort report sums cases per (day opened, team, first channel), FCR sums
 * resolved cases per (day resolved, team, first channel), the loyalty model
 * counts customers per (feature vector, outcome, month), the survey reports
 * count answers per (day answered, team, channel, origin, kind, score). A sum
 * of contributions is kept exactly by adding contribution(after) −
 * contribution(before) whenever a row changes, in the same transaction as the
 * change. Written this way the rules exist once, in C, and any store — SQLite
 * today, PostgreSQL next — only adds integers; a recomputation from the rows
 * (check --repair) uses the very same functions, so the two cannot drift.
 *
 * Cases (rollup_case_of). A case merged into another contributes nothing: its
 * interactions moved to the target, whose effort was replayed over them.
 *   effort bucket — day the case opened (created_at, UTC), owning team (0 =
 *     none), channel of its first contact (unknown = -1). It adds 1 case, its
 *     seven effort signals, one to each "cases with ≥ 1 …" count that
 *     applies, one to medium_cases or high_cases by its band, and, when its
 *     status is resolved or closed with a resolution time, 1 resolved case and
 *     max(resolved_at − created_at, 0) seconds elapsed.
 *   FCR bucket (METRICS.md, internal repeat-contact method) — only cases that
 *     are resolved or closed with a resolution time, by the day of that
 *     resolution. For each window W of 24 hours, 7 days and 30 days, the case
 *     is a first contact when the customer had no same-category case resolved
 *     within W before this one opened (fcr_prev_gap > W, or none within 30
 *     days), and a repeated one when, being first, the customer came back on
 *     the same reason within W after resolution (fcr_next_gap ≤ W): reopened
 *     it or opened a same-category case. The gaps themselves are kept on the
 *     case by app/cases.c.
 *   customer sums — 1 case, 1 complaint if its category is complaint, 1
 *     high-effort case if its band is high, and its contacts, repeat contacts,
 *     transfers, channel switches, re-explanations and robot-only contacts.
 *
 * Customers. The loyalty model (app/loyalty.c) is fitted on customers
 * grouped by a feature vector, written as text so that one string equality
 * finds a customer's cell:
 *   high effort (≥ 1 high-effort case, 0/1), contacts top-coded at 10, then
 *   repeat contacts, transfers, channel switches, re-explanations, robot-only
 *   contacts and complaints each top-coded at 5; last NPS a detractor (0–6),
 *   last NPS a promoter (9–10), last CES low (≤ 3), last CSAT low (≤ 2) — a
 *   customer who never answered has 0 in each; then, not a feature but the
 *   split of the lapse ratios, whether the customer has had a case.
 * Top-coding keeps a few extreme customers from steering the fit and keeps
 * the number of distinct vectors — the cells the store keeps — small.
 * The latest answer of a kind is the one answered last; two answered in the
 * same second resolve to the lower score, so a recomputation that reads
 * answers in another order agrees with the write path. The renewal outcome
 * is that of the decided (renewed or lapsed) subscription that fell due last,
 * ties to the higher id; undecided customers have month 0. The split of the
 * disloyalty ratio is (has a case, has a high-effort case, outcome).
 *
 * Cases on one topic (rollup_topic_links). A case repeats another of the
 * same customer and category when that one was resolved at most the repeat
 * window (7 days by default) before this one opened — any earlier case, not
 * only the one resolved last. The FCR gaps are measured the same way: to the
 * latest resolution in the 30 days before opening, and from this case's
 * resolution to the first same-topic case opened at or after it. Every
 * link is recomputed from the cases' times when one of them changes (a case
 * resolved, reopened, merged or recorded late), so the result does not
 * depend on the order in which the cases were written.
 *
 * Survey answers (rollup_survey_of). An answered survey adds one to the
 * histogram bin of its score in its bucket (day answered, the case's team and
 * first channel when it was sent, origin, kind); each SERVQUAL dimension with
 * both statements rated adds one answer, the gap P − E and its square.
 *
 * Edge cases.
 *   - Days use floor division, so a time before 1970 lands in its own day.
 *   - A case whose status is resolved or closed but whose resolved_at is 0
 *     (never seen in practice, possible in imported data) counts as neither
 *     resolved nor in FCR, as before.
 *   - Values outside their enums pass through as they are; validating them is
 *     the app's job.
 */
#include "core/rollup.h"

#include <stdio.h>
#include <string.h>

#include "core/effort.h"
#include "util/time.h"

const int64_t ROLLUP_FCR_WINDOW_S[ROLLUP_FCR_WINDOWS] = { 86400, 7 * 86400, 30 * 86400 };

int64_t rollup_day(int64_t t)
{
	return t >= 0 ? t / ROLLUP_DAY_S : -((-t + ROLLUP_DAY_S - 1) / ROLLUP_DAY_S);
}

static bool is_resolved(const struct ld_case *c)
{
	return (c->status == LD_ST_RESOLVED || c->status == LD_ST_CLOSED) && c->resolved_at != 0;
}

void rollup_case_of(const struct ld_case *c, struct rollup_case *out)
{
	const struct effort_state *e = &c->effort;
	struct rollup_effort *v = &out->effort;

	memset(out, 0, sizeof *out);
	out->customer_id = c->customer_id;
	if (c->merged_into_id != 0)
		return;
	out->counted = true;

	out->effort_cell.day = rollup_day(c->created_at);
	out->effort_cell.team_id = c->team_id;
	out->effort_cell.channel = c->first_channel;
	v->cases = 1;
	v->contacts = e->contacts;
	v->repeat_contacts = e->repeat_contacts;
	v->transfers = e->transfers;
	v->channel_switches = e->channel_switches;
	v->re_explanations = e->re_explanations;
	v->robot_only = e->robot_only;
	v->reopens = e->reopens;
	v->repeat_cases = e->repeat_contacts > 0;
	v->transfer_cases = e->transfers > 0;
	v->switch_cases = e->channel_switches > 0;
	v->web_phone_cases = e->web_phone_switches > 0;
	v->reexplain_cases = e->re_explanations > 0;
	v->robot_cases = e->robot_only > 0;
	v->reopen_cases = e->reopens > 0;
	v->medium_cases = c->effort_band == EFFORT_MEDIUM;
	v->high_cases = c->effort_band == EFFORT_HIGH;
	if (is_resolved(c)) {
		v->resolved_cases = 1;
		v->elapsed_s = c->resolved_at > c->created_at ? c->resolved_at - c->created_at : 0;

		out->has_fcr = true;
		out->fcr_cell.day = rollup_day(c->resolved_at);
		out->fcr_cell.team_id = c->team_id;
		out->fcr_cell.channel = c->first_channel;
		for (int w = 0; w < ROLLUP_FCR_WINDOWS; w++) {
			bool first = !c->fcr_has_prev || c->fcr_prev_gap_s > ROLLUP_FCR_WINDOW_S[w];
			out->fcr.first[w] = first;
			out->fcr.repeated[w] = first && c->fcr_has_next &&
					       c->fcr_next_gap_s <= ROLLUP_FCR_WINDOW_S[w];
		}
	}

	out->sums.cases = 1;
	out->sums.complaints = c->category == LD_CAT_COMPLAINT;
	out->sums.high_effort = c->effort_band == EFFORT_HIGH;
	out->sums.contacts = e->contacts;
	out->sums.repeat_contacts = e->repeat_contacts;
	out->sums.transfers = e->transfers;
	out->sums.channel_switches = e->channel_switches;
	out->sums.re_explanations = e->re_explanations;
	out->sums.robot_only = e->robot_only;
}

bool rollup_cell_covered(const struct rollup_cell *c, int64_t from, int64_t to, int64_t team_id,
			 int channel)
{
	if (from > 0 && c->day < rollup_day(from))
		return false;
	if (to > 0 && c->day >= rollup_day(to + ROLLUP_DAY_S - 1))
		return false;
	return (team_id == 0 || c->team_id == team_id) && (channel < 0 || c->channel == channel);
}

void rollup_effort_add(struct rollup_effort *sum, const struct rollup_effort *d)
{
	int64_t *s = (int64_t *)sum;
	const int64_t *v = (const int64_t *)d;

	for (int i = 0; i < ROLLUP_EFFORT_N; i++)
		s[i] += v[i];
}

void rollup_customer_init(struct rollup_customer *c)
{
	memset(c, 0, sizeof *c);
	c->last_nps = c->last_csat = c->last_ces = -1;
	c->outcome = ROLLUP_UNDECIDED;
}

bool rollup_customer_same(const struct rollup_customer *a, const struct rollup_customer *b)
{
	return memcmp(&a->sums, &b->sums, sizeof a->sums) == 0 && a->last_nps == b->last_nps &&
	       a->last_nps_at == b->last_nps_at && a->last_csat == b->last_csat &&
	       a->last_csat_at == b->last_csat_at && a->last_ces == b->last_ces &&
	       a->last_ces_at == b->last_ces_at && a->outcome == b->outcome &&
	       a->renewal_at == b->renewal_at;
}

void rollup_sums_add(struct rollup_sums *sums, const struct rollup_sums *d, int sign)
{
	sums->cases += sign * d->cases;
	sums->complaints += sign * d->complaints;
	sums->high_effort += sign * d->high_effort;
	sums->contacts += sign * d->contacts;
	sums->repeat_contacts += sign * d->repeat_contacts;
	sums->transfers += sign * d->transfers;
	sums->channel_switches += sign * d->channel_switches;
	sums->re_explanations += sign * d->re_explanations;
	sums->robot_only += sign * d->robot_only;
}

static void take_latest(int *score, int64_t *at, int new_score, int64_t new_at)
{
	if (*score < 0 || new_at > *at || (new_at == *at && new_score < *score)) {
		*score = new_score;
		*at = new_at;
	}
}

void rollup_customer_answer(struct rollup_customer *c, int kind, int score, int64_t at)
{
	if (score < 0)
		return;
	switch (kind) {
	case LD_SURVEY_NPS: take_latest(&c->last_nps, &c->last_nps_at, score, at); break;
	case LD_SURVEY_CSAT: take_latest(&c->last_csat, &c->last_csat_at, score, at); break;
	case LD_SURVEY_CES: take_latest(&c->last_ces, &c->last_ces_at, score, at); break;
	default: break;
	}
}

void rollup_customer_renewal(struct rollup_customer *c, const struct ld_subscription *sub)
{
	int outcome;

	if (sub->status == LD_SUB_RENEWED)
		outcome = ROLLUP_RENEWED;
	else if (sub->status == LD_SUB_LAPSED)
		outcome = ROLLUP_LAPSED;
	else
		return;
	if (c->outcome != ROLLUP_UNDECIDED &&
	    (sub->renews_at < c->renewal_at ||
	     (sub->renews_at == c->renewal_at && sub->id < c->renewal_sub_id)))
		return;
	c->outcome = outcome;
	c->renewal_at = sub->renews_at;
	c->renewal_sub_id = sub->id;
}

static int64_t top(int64_t v, int64_t cap)
{
	return v < cap ? (v > 0 ? v : 0) : cap;
}

void rollup_loyalty_key(const struct rollup_customer *c, char key[ROLLUP_LOYALTY_KEY_MAX + 1])
{
	const struct rollup_sums *s = &c->sums;

	snprintf(key, ROLLUP_LOYALTY_KEY_MAX + 1,
		 "%d,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%d,%d,%d,%d,%d", s->high_effort > 0,
		 (long long)top(s->contacts, ROLLUP_TOP_CONTACTS),
		 (long long)top(s->repeat_contacts, ROLLUP_TOP_SIGNAL),
		 (long long)top(s->transfers, ROLLUP_TOP_SIGNAL),
		 (long long)top(s->channel_switches, ROLLUP_TOP_SIGNAL),
		 (long long)top(s->re_explanations, ROLLUP_TOP_SIGNAL),
		 (long long)top(s->robot_only, ROLLUP_TOP_SIGNAL),
		 (long long)top(s->complaints, ROLLUP_TOP_SIGNAL),
		 c->last_nps >= 0 && c->last_nps <= ROLLUP_NPS_DETRACTOR_MAX,
		 c->last_nps >= ROLLUP_NPS_PROMOTER_MIN,
		 c->last_ces >= 0 && c->last_ces <= ROLLUP_CES_LOW_MAX,
		 c->last_csat >= 0 && c->last_csat <= ROLLUP_CSAT_LOW_MAX, s->cases > 0);
}

int rollup_loyalty_month(const struct rollup_customer *c)
{
	int64_t y;
	int m, d;

	if (c->outcome == ROLLUP_UNDECIDED)
		return 0;
	time_civil_from_days(rollup_day(c->renewal_at), &y, &m, &d);
	return (int)(y * 100 + m);
}

void rollup_split_of(const struct rollup_customer *c, struct rollup_split *out)
{
	out->has_case = c->sums.cases > 0;
	out->has_high = c->sums.high_effort > 0;
	out->outcome = c->outcome;
}

void rollup_survey_of(const struct ld_survey *sv, struct rollup_survey *out)
{
	memset(out, 0, sizeof *out);
	out->customer_id = sv->customer_id;
	out->kind = sv->kind;
	out->score = -1;
	if (sv->answered_at == 0)
		return;
	out->counted = true;
	out->answered_at = sv->answered_at;
	out->cell.day = rollup_day(sv->answered_at);
	out->cell.team_id = sv->team_id;
	out->cell.channel = sv->channel;
	out->cell.origin = sv->origin;
	out->score = sv->score;
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		if (sv->expected[d] > 0 && sv->perceived[d] > 0) {
			out->dim_rated[d] = true;
			out->gap[d] = sv->perceived[d] - sv->expected[d];
		}
	}
}

/* ------------------------------------------------------ cases on a topic */

void rollup_topic_links(struct rollup_topic_case *cases, size_t n, int64_t window_s)
{
	for (size_t i = 0; i < n; i++) {
		struct rollup_topic_case *c = &cases[i];
		c->repeat = c->has_prev = c->has_next = false;
		c->prev_gap_s = c->next_gap_s = 0;
		for (size_t j = 0; j < n; j++) {
			const struct rollup_topic_case *o = &cases[j];
			if (j == i || o->id == c->id)
				continue;
			/* o resolved before c opened: c may repeat it. */
			if (o->resolved_at != 0 && o->resolved_at <= c->created_at) {
				int64_t gap = c->created_at - o->resolved_at;
				if (gap <= window_s)
					c->repeat = true;
				if (gap <= ROLLUP_FCR_LOOKBACK_S && (!c->has_prev || gap < c->prev_gap_s)) {
					c->has_prev = true;
					c->prev_gap_s = gap;
				}
			}
			/* o opened after c was resolved: the customer came back. */
			if (c->resolved_at != 0 && o->created_at >= c->resolved_at) {
				int64_t gap = o->created_at - c->resolved_at;
				if (!c->has_next || gap < c->next_gap_s) {
					c->has_next = true;
					c->next_gap_s = gap;
				}
			}
		}
	}
}

/* ---------------------------------------------------------------- deltas */

int rollup_table_values(int table)
{
	switch (table) {
	case ROLLUP_T_EFFORT: return ROLLUP_EFFORT_N;
	case ROLLUP_T_FCR: return ROLLUP_FCR_N;
	case ROLLUP_T_SERVQUAL: return 3;
	case ROLLUP_T_ANSWER:
	case ROLLUP_T_SPLIT:
	case ROLLUP_T_LOYALTY: return 1;
	default: return 0;
	}
}

_Static_assert(sizeof(struct rollup_effort) == ROLLUP_EFFORT_N * sizeof(int64_t),
	       "struct rollup_effort is read as an array of int64_t");

/* Keys are compared bytewise: fields are copied one by one into zeroed
 * memory, never as whole structs (which may carry padding garbage). */
static void set_cell(struct rollup_cell *to, const struct rollup_cell *from)
{
	to->day = from->day;
	to->team_id = from->team_id;
	to->channel = from->channel;
}

static void set_answer_cell(struct rollup_answer_cell *to, const struct rollup_answer_cell *from)
{
	to->day = from->day;
	to->team_id = from->team_id;
	to->channel = from->channel;
	to->origin = from->origin;
}

static struct rollup_delta *delta_start(struct rollup_delta *d, int table)
{
	memset(d, 0, sizeof *d);
	d->table = table;
	return d;
}

/* Appends the cells of one case, times `sign`; returns the new count. */
static int case_cells(const struct ld_case *c, int sign, struct rollup_delta *out, int n)
{
	struct rollup_case rc;
	const int64_t *ev = (const int64_t *)&rc.effort;

	rollup_case_of(c, &rc);
	if (!rc.counted)
		return n;
	struct rollup_delta *d = delta_start(&out[n++], ROLLUP_T_EFFORT);
	set_cell(&d->key.cell, &rc.effort_cell);
	for (int i = 0; i < ROLLUP_EFFORT_N; i++)
		d->v[i] = sign * ev[i];
	if (rc.has_fcr) {
		d = delta_start(&out[n++], ROLLUP_T_FCR);
		set_cell(&d->key.cell, &rc.fcr_cell);
		for (int w = 0; w < ROLLUP_FCR_WINDOWS; w++) {
			d->v[w] = sign * rc.fcr.first[w];
			d->v[ROLLUP_FCR_WINDOWS + w] = sign * rc.fcr.repeated[w];
		}
	}
	return n;
}

int rollup_case_deltas(const struct ld_case *before, const struct ld_case *after,
		       struct rollup_delta out[ROLLUP_CASE_DELTAS_MAX])
{
	int n = 0;

	if (before != NULL)
		n = case_cells(before, -1, out, n);
	if (after != NULL)
		n = case_cells(after, 1, out, n);
	return n;
}

static int customer_cells(const struct rollup_customer *c, int sign, struct rollup_delta *out,
			  int n)
{
	struct rollup_delta *d = delta_start(&out[n++], ROLLUP_T_SPLIT);

	rollup_split_of(c, &d->key.split);
	d->v[0] = sign;
	d = delta_start(&out[n++], ROLLUP_T_LOYALTY);
	rollup_loyalty_key(c, d->key.loyalty.key);
	d->key.loyalty.outcome = c->outcome;
	d->key.loyalty.month = rollup_loyalty_month(c);
	d->v[0] = sign;
	return n;
}

int rollup_customer_deltas(const struct rollup_customer *before,
			   const struct rollup_customer *after,
			   struct rollup_delta out[ROLLUP_CUSTOMER_DELTAS_MAX])
{
	int n = 0;

	if (before != NULL)
		n = customer_cells(before, -1, out, n);
	if (after != NULL)
		n = customer_cells(after, 1, out, n);
	return n;
}

int rollup_survey_deltas(const struct ld_survey *sv, int sign,
			 struct rollup_delta out[ROLLUP_SURVEY_DELTAS_MAX])
{
	struct rollup_survey rs;
	struct rollup_delta *d;
	int n = 0;

	rollup_survey_of(sv, &rs);
	if (!rs.counted)
		return 0;
	if (rs.score >= 0) {
		d = delta_start(&out[n++], ROLLUP_T_ANSWER);
		set_answer_cell(&d->key.answer.cell, &rs.cell);
		d->key.answer.kind = rs.kind;
		d->key.answer.score = rs.score;
		d->v[0] = sign;
	}
	for (int dim = 0; dim < LD_SQ_DIMS; dim++) {
		if (!rs.dim_rated[dim])
			continue;
		d = delta_start(&out[n++], ROLLUP_T_SERVQUAL);
		set_answer_cell(&d->key.servqual.cell, &rs.cell);
		d->key.servqual.dim = dim;
		d->v[0] = sign;
		d->v[1] = sign * rs.gap[dim];
		d->v[2] = sign * rs.gap[dim] * rs.gap[dim];
	}
	return n;
}

int rollup_delta_cmp(const struct rollup_delta *a, const struct rollup_delta *b)
{
	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	return memcmp(&a->key, &b->key, sizeof a->key);
}
