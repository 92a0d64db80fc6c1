/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * SLA configuration in the SQLite store: business-hours calendars, their
 * holidays, and SLA policies (tables `calendar`, `holiday`, `sla_policy`).
 *
 * Owns: the SQL and row layout of that configuration and the precedence by
 * which a case finds its policy. Must not compute due times (core/sla.c).
 *
 * Policy precedence (store.h): a policy names a priority, a category, both
 * or neither (NULL = any). For a case's (priority, category) the candidates
 * are those whose named parts match; the most specific wins in the order
 * both > priority only > category only > any, ties to the oldest policy
 * (lowest id), so adding a policy never silently changes an older tie.
 */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

#define CALENDAR_COLS "id, name, tz, hours"
#define POLICY_COLS                                                                      \
	"id, name, priority, category, first_response_s, resolution_s, calendar_id,"     \
	" pause_on_pending"

/* ====================================================================
 * Calendars and holidays
 * ==================================================================== */

ld_status sq_calendar_insert(struct store *store, struct store_calendar *c, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_CALENDAR_INSERT, "INSERT INTO calendar (name, tz, hours) VALUES (?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, c->name);
	sq_bind_opt_text(&b, c->tz);
	sq_bind_opt_text(&b, c->hours);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "calendar", NULL, 0, err)) != LD_OK)
		goto out;
	c->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

static ld_status calendar_decode(sqlite3_stmt *st, void *out, struct ld_err *err);

ld_status sq_calendar_get(struct store *store, int64_t id, struct store_calendar *out,
			  struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_CALENDAR_GET, "SELECT " CALENDAR_COLS " FROM calendar WHERE id = ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "calendar", id, err)) != LD_OK)
		goto out;
	rc = calendar_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

static ld_status calendar_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct store_calendar *c = out;
	struct sq_row r;

	memset(c, 0, sizeof *c);
	sq_row_start(&r, st);
	c->id = sq_col_i64(&r);
	sq_col_text(&r, c->name, sizeof c->name);
	sq_col_text(&r, c->tz, sizeof c->tz);
	sq_col_text(&r, c->hours, sizeof c->hours);
	return sq_row_check(&r, err);
}

ld_status sq_calendar_list(struct store *store, int64_t after_id, int limit,
			   struct store_calendar *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_CALENDAR_LIST,
		     "SELECT " CALENDAR_COLS " FROM calendar WHERE id > ? ORDER BY id LIMIT ?", &st,
		     err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	rc = sq_collect(s, st, "calendar", out, sizeof *out, limit, n, calendar_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_calendar_update(struct store *store, const struct store_calendar *c,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_CALENDAR_UPDATE,
		     "UPDATE calendar SET name = ?, tz = ?, hours = ? WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, c->name);
	sq_bind_opt_text(&b, c->tz);
	sq_bind_opt_text(&b, c->hours);
	sq_bind_i64(&b, c->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "calendar", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("calendar", c->id, err);
out:
	sq_release(st);
	return rc;
}

static ld_status holiday_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	(void)err;
	*(int32_t *)out = (int32_t)sqlite3_column_int(st, 0);
	return LD_OK;
}

ld_status sq_holiday_list(struct store *store, int64_t calendar_id, int32_t *dates, int cap,
			  int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(cap, dates, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_HOLIDAY_LIST,
		     "SELECT date FROM holiday WHERE calendar_id = ? ORDER BY date LIMIT ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, calendar_id);
	sqlite3_bind_int(st, 2, cap);
	rc = sq_collect(s, st, "holiday", dates, sizeof *dates, cap, n, holiday_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_holiday_add(struct store *store, int64_t calendar_id, int32_t date, const char *name,
			 struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_CALENDAR, calendar_id, "calendar_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_HOLIDAY_ADD,
		     "INSERT INTO holiday (calendar_id, date, name) VALUES (?, ?, ?)", &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_opt_i64(&b, calendar_id);
	sq_bind_i64(&b, date);
	sq_bind_opt_text(&b, name);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	rc = sq_step_done(s, st, "holiday", refs, 1, err);
out:
	sq_release(st);
	return rc;
}

static ld_status holiday_named_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct store_holiday *h = out;
	struct sq_row r;

	memset(h, 0, sizeof *h);
	sq_row_start(&r, st);
	h->date = (int32_t)sq_col_i64(&r);
	sq_col_text(&r, h->name, sizeof h->name);
	return sq_row_check(&r, err);
}

ld_status sq_holiday_page(struct store *store, int64_t calendar_id, int32_t after_date,
			  int limit, struct store_holiday *out, int *n, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(limit, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_HOLIDAY_PAGE,
		     "SELECT date, name FROM holiday WHERE calendar_id = ? AND date > ?"
		     " ORDER BY date LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, calendar_id);
	sqlite3_bind_int(st, 2, after_date);
	sqlite3_bind_int(st, 3, limit);
	rc = sq_collect(s, st, "holiday", out, sizeof *out, limit, n, holiday_named_decode, NULL,
			err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_holiday_delete(struct store *store, int64_t calendar_id, int32_t date,
			    struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_HOLIDAY_DELETE,
		     "DELETE FROM holiday WHERE calendar_id = ? AND date = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, calendar_id);
	sqlite3_bind_int(st, 2, date);
	if ((rc = sq_step_done(s, st, "holiday", NULL, 0, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = ld_fail(err, LD_ERR_NOT_FOUND, "holiday_not_found", "date",
			     "calendar %lld has no holiday on %04d-%02d-%02d", (long long)calendar_id,
			     (int)(date / 10000), (int)(date / 100 % 100), (int)(date % 100));
out:
	sq_release(st);
	return rc;
}

/* ====================================================================
 * Policies
 * ==================================================================== */

static ld_status policy_decode(sqlite3_stmt *st, void *out, struct ld_err *err)
{
	struct store_sla_policy *p = out;
	struct sq_row r;

	memset(p, 0, sizeof *p);
	sq_row_start(&r, st);
	p->id = sq_col_i64(&r);
	sq_col_text(&r, p->name, sizeof p->name);
	p->priority = sq_col_enum(&r, ld_priority_parse, true);
	p->category = sq_col_enum(&r, ld_category_parse, true);
	p->first_response_s = sq_col_i64(&r);
	p->resolution_s = sq_col_i64(&r);
	p->calendar_id = sq_col_i64(&r);
	p->pause_on_pending = sq_col_bool(&r);
	return sq_row_check(&r, err);
}

ld_status sq_sla_policy_insert(struct store *store, struct store_sla_policy *p,
			       struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_CALENDAR, p->calendar_id, "calendar_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_SLA_POLICY_INSERT,
		     "INSERT INTO sla_policy (name, priority, category, first_response_s,"
		     " resolution_s, calendar_id, pause_on_pending) VALUES (?, ?, ?, ?, ?, ?, ?)",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, p->name);
	sq_bind_enum(&b, ld_priority_name, p->priority, true, "priority");
	sq_bind_enum(&b, ld_category_name, p->category, true, "category");
	sq_bind_opt_i64(&b, p->first_response_s);
	sq_bind_opt_i64(&b, p->resolution_s);
	sq_bind_opt_i64(&b, p->calendar_id);
	sq_bind_bool(&b, p->pause_on_pending);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "sla_policy", refs, 1, err)) != LD_OK)
		goto out;
	p->id = sqlite3_last_insert_rowid(s->db);
out:
	sq_release(st);
	return rc;
}

ld_status sq_sla_policy_match(struct store *store, int priority, int category,
			      struct store_sla_policy *out, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	ld_status rc;

	rc = sq_stmt(s, SQ_SLA_POLICY_MATCH,
		     "SELECT " POLICY_COLS " FROM sla_policy"
		     " WHERE (priority = ? OR priority IS NULL)"
		     " AND (category = ? OR category IS NULL)"
		     " ORDER BY priority IS NULL, category IS NULL, id LIMIT 1",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_enum(&b, ld_priority_name, priority, true, "priority");
	sq_bind_enum(&b, ld_category_name, category, true, "category");
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_row(s, st, "sla_policy", 0, err)) != LD_OK)
		goto out;
	rc = policy_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_sla_policy_list(struct store *store, struct store_sla_policy *out, int cap, int *n,
			     struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	if ((rc = sq_check_list(cap, out, n, err)) != LD_OK)
		return rc;
	*n = 0;
	rc = sq_stmt(s, SQ_SLA_POLICY_LIST, "SELECT " POLICY_COLS " FROM sla_policy ORDER BY id LIMIT ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int(st, 1, cap);
	rc = sq_collect(s, st, "sla_policy", out, sizeof *out, cap, n, policy_decode, NULL, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_sla_policy_get(struct store *store, int64_t id, struct store_sla_policy *out,
			    struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;

	rc = sq_stmt(s, SQ_SLA_POLICY_GET, "SELECT " POLICY_COLS " FROM sla_policy WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sq_step_row(s, st, "sla_policy", id, err)) != LD_OK)
		goto out;
	rc = policy_decode(st, out, err);
out:
	sq_release(st);
	return rc;
}

ld_status sq_sla_policy_update(struct store *store, const struct store_sla_policy *p,
			       struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	struct sq_bind b;
	const struct sq_ref refs[] = { { SQ_T_CALENDAR, p->calendar_id, "calendar_id" } };
	ld_status rc;

	rc = sq_stmt(s, SQ_SLA_POLICY_UPDATE,
		     "UPDATE sla_policy SET name = ?, priority = ?, category = ?,"
		     " first_response_s = ?, resolution_s = ?, calendar_id = ?,"
		     " pause_on_pending = ? WHERE id = ?",
		     &st, err);
	if (rc != LD_OK)
		goto out;
	sq_bind_start(&b, st);
	sq_bind_text(&b, p->name);
	sq_bind_enum(&b, ld_priority_name, p->priority, true, "priority");
	sq_bind_enum(&b, ld_category_name, p->category, true, "category");
	sq_bind_opt_i64(&b, p->first_response_s);
	sq_bind_opt_i64(&b, p->resolution_s);
	sq_bind_opt_i64(&b, p->calendar_id);
	sq_bind_bool(&b, p->pause_on_pending);
	sq_bind_i64(&b, p->id);
	if ((rc = sq_bind_check(&b, err)) != LD_OK)
		goto out;
	if ((rc = sq_step_done(s, st, "sla_policy", refs, 1, err)) != LD_OK)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("sla_policy", p->id, err);
out:
	sq_release(st);
	return rc;
}

/*
 * A case keeps the policy it started under (case.sla_policy_id, ON DELETE
 * RESTRICT), so a policy some case still names cannot go: SQLite's foreign
 * key refusal becomes "sla_policy_in_use" rather than a missing parent.
 */
ld_status sq_sla_policy_delete(struct store *store, int64_t id, struct ld_err *err)
{
	struct sq_store *s = sq_of(store);
	sqlite3_stmt *st = NULL;
	ld_status rc;
	int step;

	rc = sq_stmt(s, SQ_SLA_POLICY_DELETE, "DELETE FROM sla_policy WHERE id = ?", &st, err);
	if (rc != LD_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	/* SQLite reports a RESTRICT action as the trigger that implements it. */
	if (step == SQLITE_CONSTRAINT_FOREIGNKEY || step == SQLITE_CONSTRAINT_TRIGGER) {
		rc = ld_fail(err, LD_ERR_CONFLICT, "sla_policy_in_use", NULL,
			     "cases were started under SLA policy %lld; it cannot be deleted",
			     (long long)id);
		goto out;
	}
	if (step != SQLITE_DONE) {
		rc = sq_fail(s, step, "sla_policy", NULL, 0, err);
		goto out;
	}
	if (sqlite3_changes(s->db) == 0)
		rc = sq_not_found("sla_policy", id, err);
out:
	sq_release(st);
	return rc;
}
