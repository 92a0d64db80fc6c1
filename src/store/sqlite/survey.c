/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Surveys in the SQLite store (migration 0004): invitations and answers,
 * transactional survey rules, and the answer aggregates the survey reports
 * read (tables survey_agg and servqual_agg, kept by rollup_apply()). Owns
 * the SQL and row layout; what an answer means is the app's.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#include "core/survey_metrics.h"

#define SURVEY_FIELDS                                                                        \
	"kind, origin, customer_id, case_id, team_id, channel, campaign, language, created_by," \
	" sent_at, expires_at, answered_at, score, comment, exp_tangibles, per_tangibles,"     \
	" exp_reliability, per_reliability, exp_responsiveness, per_responsiveness,"           \
	" exp_assurance, per_assurance, exp_empathy, per_empathy"
#define SURVEY_COLS "id, " SURVEY_FIELDS

/* An optional small integer column: NULL → `none`. */
static int survey_col_opt_int(struct sq_row *r, int none)
{
	bool null = sqlite3_column_type(r->st, r->col) == SQLITE_NULL;
	int v = sq_col_int(r);

	return null ? none : v;
}

static ld_status survey_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_survey *sv = out;
	struct sq_row r;
	ld_status rc;

	memset(sv, 0, sizeof *sv);
	sq_row_start(&r, st);
	sv->id = sq_col_i64(&r);
	sv->kind = sq_col_enum(&r, ld_survey_kind_parse, false);
	sv->origin = sq_col_enum(&r, ld_survey_origin_parse, false);
	sv->customer_id = sq_col_i64(&r);
	sv->case_id = sq_col_i64(&r);
	sv->team_id = sq_col_i64(&r);
	sv->channel = sq_col_enum(&r, ld_channel_parse, true);
	sq_col_text(&r, sv->campaign, sizeof sv->campaign);
	sq_col_text(&r, sv->language, sizeof sv->language);
	sv->created_by = sq_col_i64(&r);
	sv->sent_at = sq_col_i64(&r);
	sv->expires_at = sq_col_i64(&r);
	sv->answered_at = sq_col_i64(&r);
	sv->score = survey_col_opt_int(&r, -1);
	sv->comment = sq_col_strdup(&r);
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		sv->expected[d] = sq_col_int(&r);
		sv->perceived[d] = sq_col_int(&r);
	}
	if ((rc = sq_row_check(&r, err)) != LD_OK)
		ld_survey_clear(sv);
	return rc;
}

static void survey_clear(void *sv)
{
	ld_survey_clear(sv);
}

/* Binds answered_at … per_empathy (the answer part of a row). */
static void survey_bind_answer(struct sq_bind *b, const struct ld_survey *sv)
{
	sq_bind_opt_i64(b, sv->answered_at);
	if (sv->score >= 0)
		sq_bind_i64(b, sv->score);
	else
		sq_bind_opt_i64(b, 0);
	sq_bind_opt_text(b, sv->comment);
	for (int d = 0; d < LD_SQ_DIMS; d++) {
		sq_bind_opt_i64(b, sv->expected[d]);
		sq_bind_opt_i64(b, sv->perceived[d]);
	}
}

ld_status sq_survey_insert(struct store *store, struct ld_survey *sv,
			   const uint8_t digest[STORE_TOKEN_DIGEST_LEN], struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t sent_at = sv->sent_at != 0 ? sv->sent_at : sq_now();
	const struct sq_ref refs[] = {
		{ SQ_T_CUSTOMER, sv->customer_id, "customer_id" },
		{ SQ_T_CASE, sv->case_id, "case_id" },
		{ SQ_T_TEAM, sv->team_id, "team_id" },
		{ SQ_T_AGENT, sv->created_by, "created_by" },
	};
	ld_status rc;

	rc = sq_stmt(s, SQ_SURVEY_INSERT,
		     "INSERT INTO survey (" SURVEY_FIELDS ", token_digest) VALUES (?, ?, ?, ?, ?, ?,"
		     " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_enum(&b, ld_survey_kind_name, sv->kind, false, "kind");
	sq_bind_enum(&b, ld_survey_origin_name, sv->origin, false, "origin");
	sq_bind_i64(&b, sv->customer_id);
	sq_bind_opt_i64(&b, sv->case_id);
	sq_bind_opt_i64(&b, sv->team_id);
	sq_bind_enum(&b, ld_channel_name, sv->channel, true, "channel");
	sq_bind_opt_text(&b, sv->campaign);
	sq_bind_text(&b, sv->language);
	sq_bind_opt_i64(&b, sv->created_by);
	sq_bind_i64(&b, sent_at);
	sq_bind_i64(&b, sv->expires_at);
	survey_bind_answer(&b, sv);
	sq_bind_blob(&b, digest, STORE_TOKEN_DIGEST_LEN);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "survey", refs, 4, err)) != LD_OK)
		goto out;
	sv->id = sqlite3_last_insert_rowid(s->db);
	sv->sent_at = sent_at;
out:
	sq_release(st);
	return rc;
}

ld_status sq_survey_get(struct store *store, int64_t id, struct ld_survey *out,
			struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_SURVEY_GET, "SELECT " SURVEY_COLS " FROM survey WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "survey", id, err)) != LD_OK)
		goto out;
	rc = survey_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_survey_get_by_digest(struct store *store,
				  const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
				  struct ld_survey *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_SURVEY_GET_BY_DIGEST,
		     "SELECT " SURVEY_COLS " FROM survey WHERE token_digest = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_blob(&b, digest, STORE_TOKEN_DIGEST_LEN);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "survey", 0, err)) != LD_OK)
		goto out;
	rc = survey_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_survey_answer(struct store *store, const struct ld_survey *sv, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	bool found = false;
	ld_status rc;

	if (sv->answered_at <= 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_survey", "answered_at", "an answer needs its time");
	rc = sq_stmt(s, SQ_SURVEY_ANSWER,
		     "UPDATE survey SET answered_at = ?, score = ?, comment = ?,"
		     " exp_tangibles = ?, per_tangibles = ?, exp_reliability = ?,"
		     " per_reliability = ?, exp_responsiveness = ?, per_responsiveness = ?,"
		     " exp_assurance = ?, per_assurance = ?, exp_empathy = ?, per_empathy = ?"
		     " WHERE id = ? AND answered_at IS NULL",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	survey_bind_answer(&b, sv);
	sq_bind_i64(&b, sv->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "survey", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 1)
		goto out;
	if ((rc = sq_exists(s, SQ_T_SURVEY, sv->id, &found, err)) != LD_OK)
		goto out;
	rc = found ? ld_fail(err, LD_ERR_CONFLICT, "survey_answered", NULL,
			     "this survey has been answered already")
		   : sq_not_found("survey", sv->id, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_survey_list(struct store *store, const struct store_survey_query *q,
			 struct ld_survey *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	if ((rc = sq_check_list(q->limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_SURVEY_LIST,
		     "SELECT " SURVEY_COLS " FROM survey WHERE id > ?1"
		     " AND (?2 = 0 OR customer_id = ?2) AND (?3 = 0 OR case_id = ?3)"
		     " AND (?4 = '' OR kind = ?4)"
		     " AND (?5 < 0 OR (answered_at IS NOT NULL) = ?5)"
		     " ORDER BY id LIMIT ?6",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_i64(&b, q->after_id);
	sq_bind_i64(&b, q->customer_id);
	sq_bind_i64(&b, q->case_id);
	sq_bind_filter_enum(&b, ld_survey_kind_name, q->kind, "kind");
	sq_bind_i64(&b, q->answered);
	sq_bind_i64(&b, q->limit);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_collect(s, st, "survey", out, sizeof *out, q->limit, n, survey_decode,
			survey_clear, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_survey_last_sent(struct store *store, int64_t customer_id, int64_t *at,
			      struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	*at = 0;
	rc = sq_stmt(s, SQ_SURVEY_LAST_SENT,
		     "SELECT coalesce(max(sent_at), 0) FROM survey WHERE customer_id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, customer_id);
	if ((rc = sq_step_row(s, st, "survey", 0, err)) != LD_OK)
		goto out;
	*at = sqlite3_column_int64(st, 0);
out:
	sq_release(st);
	return rc;
}

/* Binds the filter shared by both aggregate reads: days, team, channel, origin. */
static void survey_bind_filter(struct sq_bind *b, const struct store_survey_filter *f)
{
	sq_bind_day_filter(b, &f->when);
	sq_bind_filter_enum(b, ld_survey_origin_name, f->origin, "origin");
}

ld_status sq_survey_histogram(struct store *store, const struct store_survey_filter *f,
			      int kind, int64_t hist[11], struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	bool more = false;
	ld_status rc;

	memset(hist, 0, 11 * sizeof hist[0]);
	rc = sq_stmt(s, SQ_SURVEY_HISTOGRAM,
		     "SELECT score, sum(answers) FROM survey_agg WHERE day >= ?1 AND day < ?2"
		     " AND (?3 = 0 OR team_id = ?3) AND (?4 = '' OR channel = ?4)"
		     " AND (?5 = '' OR origin = ?5) AND kind = ?6 GROUP BY score",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	survey_bind_filter(&b, f);
	sq_bind_enum(&b, ld_survey_kind_name, kind, false, "kind");
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	while ((rc = sq_step_next(s, st, "survey_agg", &more, err)) == LD_OK && more) {
		int score = sqlite3_column_int(st, 0);
		if (score >= 0 && score <= 10)
			hist[score] += sqlite3_column_int64(st, 1);
	}
out:
	sq_release(st);
	return rc;
}

ld_status sq_servqual_totals(struct store *store, const struct store_survey_filter *f,
			     struct store_servqual_totals *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	bool more = false;
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = sq_stmt(s, SQ_SERVQUAL_TOTALS,
		     "SELECT dim, sum(n), sum(gap_sum), sum(gap_sq) FROM servqual_agg"
		     " WHERE day >= ?1 AND day < ?2 AND (?3 = 0 OR team_id = ?3)"
		     " AND (?4 = '' OR channel = ?4) AND (?5 = '' OR origin = ?5) GROUP BY dim",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	survey_bind_filter(&b, f);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	while ((rc = sq_step_next(s, st, "servqual_agg", &more, err)) == LD_OK && more) {
		int d = survey_servqual_dim_parse((const char *)sqlite3_column_text(st, 0));
		if (d < 0)
			continue;
		out->n[d] += sqlite3_column_int64(st, 1);
		out->gap_sum[d] += sqlite3_column_int64(st, 2);
		out->gap_sq[d] += sqlite3_column_int64(st, 3);
	}
out:
	sq_release(st);
	return rc;
}

ld_status sq_ces_effort_rows(struct store *store, int64_t max,
			    ld_status (*fn)(void *ctx, int ces, const struct effort_state *e,
					    struct ld_err *err),
			    void *ctx, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	bool more = false;
	ld_status rc;

	rc = sq_stmt(s, SQ_CES_EFFORT_ROWS,
		     "SELECT s.score, t.effort_contacts, t.effort_repeat_contacts, t.effort_transfers,"
		     " t.effort_channel_switches, t.effort_re_explanations, t.effort_robot_only,"
		     " t.effort_reopens FROM survey s JOIN ticket t ON t.id = s.case_id"
		     " WHERE s.kind = 'ces' AND s.answered_at IS NOT NULL AND s.score IS NOT NULL"
		     " ORDER BY s.answered_at DESC LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, max);
	while ((rc = sq_step_next(s, st, "survey", &more, err)) == LD_OK && more) {
		struct effort_state e;

		memset(&e, 0, sizeof e);
		e.contacts = sqlite3_column_int(st, 1);
		e.repeat_contacts = sqlite3_column_int(st, 2);
		e.transfers = sqlite3_column_int(st, 3);
		e.channel_switches = sqlite3_column_int(st, 4);
		e.re_explanations = sqlite3_column_int(st, 5);
		e.robot_only = sqlite3_column_int(st, 6);
		e.reopens = sqlite3_column_int(st, 7);
		if ((rc = fn(ctx, sqlite3_column_int(st, 0), &e, err)) != LD_OK)
			break;
	}
out:
	sq_release(st);
	return rc;
}

/* ---- rules ---- */

ld_status sq_survey_rule_insert(struct store *store, struct ld_survey_rule *r, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	int64_t created_at = r->created_at != 0 ? r->created_at : sq_now();
	ld_status rc;

	/* UNIQUE (category, channel) treats NULLs ("any") as distinct, so the
	 * pair is checked here, in the insert itself, for every pair alike. */
	rc = sq_stmt(s, SQ_SURVEY_RULE_INSERT,
		     "INSERT INTO survey_rule (kind, category, channel, created_at)"
		     " SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM survey_rule"
		     " WHERE category IS ?2 AND channel IS ?3)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_enum(&b, ld_survey_kind_name, r->kind, false, "kind");
	sq_bind_enum(&b, ld_category_name, r->category, true, "category");
	sq_bind_enum(&b, ld_channel_name, r->channel, true, "channel");
	sq_bind_i64(&b, created_at);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "survey_rule", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = ld_fail(err, LD_ERR_CONFLICT, "survey_rule_exists", "category",
			     "a survey rule for this category and channel exists already");
		goto out;
	}
	r->id = sqlite3_last_insert_rowid(s->db);
	r->created_at = created_at;
out:
	sq_release(st);
	return rc;
}

static ld_status rule_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct ld_survey_rule *r = out;
	struct sq_row row;

	memset(r, 0, sizeof *r);
	sq_row_start(&row, st);
	r->id = sq_col_i64(&row);
	r->kind = sq_col_enum(&row, ld_survey_kind_parse, false);
	r->category = sq_col_enum(&row, ld_category_parse, true);
	r->channel = sq_col_enum(&row, ld_channel_parse, true);
	r->created_at = sq_col_i64(&row);
	return sq_row_check(&row, err);
}

ld_status sq_survey_rule_list(struct store *store, struct ld_survey_rule *out, int cap, int *n,
			      struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(cap, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_SURVEY_RULE_LIST,
		     "SELECT id, kind, category, channel, created_at FROM survey_rule ORDER BY id"
		     " LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int(st, 1, cap);
	rc = sq_collect(s, st, "survey_rule", out, sizeof *out, cap, n, rule_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_survey_rule_delete(struct store *store, int64_t id, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_SURVEY_RULE_DELETE, "DELETE FROM survey_rule WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_done(s, st, "survey_rule", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("survey_rule", id, err);
out:
	sq_release(st);
	return rc;
}
