/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Report reads of the SQLite store: sums over the aggregate tables that
 * rollup_apply() keeps (rollup.c). Owns only the SQL of those reads; what the
 * figures mean is app/reports.c and core.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

void sq_bind_day_filter(struct sq_bind *b, const struct store_effort_filter *f)
{
	/* Buckets are whole UTC days: [from, to) covers the day of `from` up to
	 * and including the day `to` falls in (reports ask by date). */
	sq_bind_i64(b, f->from > 0 ? f->from / 86400 : INT64_MIN);
	sq_bind_i64(b, f->to > 0 ? (f->to + 86399) / 86400 : INT64_MAX);
	sq_bind_i64(b, f->team_id);
	sq_bind_filter_enum(b, ld_channel_name, f->channel, "channel");
}

ld_status sq_effort_totals(struct store *store, const struct store_effort_filter *f,
			   struct rollup_effort *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_row r;
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = sq_stmt(s, SQ_EFFORT_TOTALS,
		     "SELECT total(cases), total(contacts), total(repeat_contacts), total(transfers),"
		     " total(channel_switches), total(re_explanations), total(robot_only),"
		     " total(reopens), total(repeat_cases), total(transfer_cases),"
		     " total(switch_cases), total(web_phone_cases), total(reexplain_cases),"
		     " total(robot_cases), total(reopen_cases), total(medium_cases),"
		     " total(high_cases), total(resolved_cases), total(elapsed_s)"
		     " FROM effort_agg WHERE day >= ? AND day < ?"
		     " AND (?3 = 0 OR team_id = ?3) AND (?4 = '' OR channel = ?4)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_day_filter(&b, f);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "effort_agg", 0, err)) != LD_OK)
		goto out;
	sq_row_start(&r, st);
	/* total() is a REAL; every value is an exact integer far below 2^53. */
	int64_t *fields[] = {
		&out->cases, &out->contacts, &out->repeat_contacts, &out->transfers,
		&out->channel_switches, &out->re_explanations, &out->robot_only, &out->reopens,
		&out->repeat_cases, &out->transfer_cases, &out->switch_cases,
		&out->web_phone_cases, &out->reexplain_cases, &out->robot_cases,
		&out->reopen_cases, &out->medium_cases, &out->high_cases, &out->resolved_cases,
		&out->elapsed_s,
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		*fields[i] = (int64_t)sq_col_opt_double(&r);
	rc = sq_row_check(&r, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_fcr_totals(struct store *store, const struct store_effort_filter *f,
			struct store_fcr_totals *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	struct sq_row r;
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = sq_stmt(s, SQ_FCR_TOTALS,
		     "SELECT total(first_1d), total(repeat_1d), total(first_7d), total(repeat_7d),"
		     " total(first_30d), total(repeat_30d) FROM fcr_agg WHERE day >= ? AND day < ?"
		     " AND (?3 = 0 OR team_id = ?3) AND (?4 = '' OR channel = ?4)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_day_filter(&b, f);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "fcr_agg", 0, err)) != LD_OK)
		goto out;
	sq_row_start(&r, st);
	for (int w = 0; w < 3; w++) {
		out->first[w] = (int64_t)sq_col_opt_double(&r);
		out->repeated[w] = (int64_t)sq_col_opt_double(&r);
	}
	rc = sq_row_check(&r, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_facility_totals(struct store *store, int64_t facility_id, int64_t from, int64_t to,
			     struct store_facility_totals *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_row r;
	ld_status rc;

	memset(out, 0, sizeof *out);
	/* The visits of the period (interaction_facility_idx), the cases they
	 * were on, the figures C wrote on those cases, and the CSAT answers
	 * about them: counts only, the shares are app/reports.c's. */
	rc = sq_stmt(s, SQ_FACILITY_TOTALS,
		     "WITH v AS MATERIALIZED (SELECT case_id, customer_id FROM interaction"
		     "   WHERE facility_id = ?1 AND channel = 'visit' AND direction <> 'internal'"
		     "   AND started_at >= ?2 AND started_at < ?3),"
		     " c AS MATERIALIZED (SELECT t.id, t.effort_band, t.effort_repeat_contacts,"
		     "   t.effort_transfers, t.status, t.effort_contacts FROM ticket t"
		     "   WHERE t.id IN (SELECT case_id FROM v) AND t.merged_into_id IS NULL)"
		     " SELECT va.n, va.d, ca.n, ca.high, ca.medium, ca.rep, ca.tr, ca.res, ca.contacts,"
		     " sa.s1, sa.s2, sa.s3, sa.s4, sa.s5"
		     " FROM (SELECT count(*) AS n, count(DISTINCT customer_id) AS d FROM v) va,"
		     " (SELECT count(*) AS n, total(effort_band = 'high') AS high,"
		     "   total(effort_band = 'medium') AS medium, total(effort_repeat_contacts > 0) AS rep,"
		     "   total(effort_transfers > 0) AS tr, total(status IN ('resolved', 'closed')) AS res,"
		     "   total(effort_contacts) AS contacts FROM c) ca,"
		     " (SELECT total(score = 1) AS s1, total(score = 2) AS s2, total(score = 3) AS s3,"
		     "   total(score = 4) AS s4, total(score = 5) AS s5 FROM survey"
		     "   WHERE kind = 'csat' AND score IS NOT NULL AND case_id IN (SELECT id FROM c)) sa",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, facility_id);
	sqlite3_bind_int64(st, 2, from > 0 ? from : INT64_MIN);
	sqlite3_bind_int64(st, 3, to > 0 ? to : INT64_MAX);
	if ((rc = sq_step_row(s, st, "facility", facility_id, err)) != LD_OK)
		goto out;
	sq_row_start(&r, st);
	out->visits = sq_col_i64(&r);
	out->visitors = sq_col_i64(&r);
	out->cases = sq_col_i64(&r);
	/* total() is a REAL; every value is an exact integer far below 2^53. */
	int64_t *sums[] = {
		&out->high_cases, &out->medium_cases, &out->repeat_cases, &out->transfer_cases,
		&out->resolved_cases, &out->contacts, &out->csat[0], &out->csat[1], &out->csat[2],
		&out->csat[3], &out->csat[4],
	};
	for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++)
		*sums[i] = (int64_t)sq_col_opt_double(&r);
	rc = sq_row_check(&r, err);
out:
	sq_release(st);
	return rc;
}
