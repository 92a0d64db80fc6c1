/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk import customers|interactions|renewals FILE.csv [--strict]`.
 *
 * Owns: reading the header (columns by name, any order), buffering rows into
 * batches, committing each batch as one store transaction through
 * app_batch_begin/end, and the customers layout. The interactions layout is
 * replayed by import_interactions.c, the renewals layout by
 * import_renewals.c.
 *
 * Batches. Rows are applied through the use cases, IMPORT_BATCH_ROWS to a
 * transaction (interaction batches end only between cases, so a transfer can
 * look ahead to its new owner). A row the app rejects before writing is
 * reported and skipped. A row whose *write* fails (say a duplicate e-mail)
 * poisons the transaction — the app rolls the whole batch back — so the
 * runner rolls back, forgets the id-map entries the batch made, and replays
 * the batch without the rows it now knows are bad. Database errors
 * (internal, busy) stop the import: batches committed before stay.
 *
 * --strict runs the whole file in one transaction and rolls it back if any
 * row was bad, so every bad row is reported (with the app's own checks, no
 * second copy of the rules here) and nothing is applied.
 *
 * Neutralised cells. `export` writes a text cell that a spreadsheet would
 * evaluate ("=…", "+420 …") with a leading single quote (util/csv.h); the
 * text columns below (typed in import_columns) lose that quote again as
 * they are read, so an export imports as it was exported. Only a quote
 * followed by what the writer neutralises is taken away ("'hello" stays).
 * --raw-csv reads every cell as written, for files not written that way.
 */
#include "cli/import.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util/csv.h"

#define IMPORT_BATCH_ROWS 200000      /* rows per transaction (ends between cases) */

struct import_column {
	const char *name;      /* header name */
	enum import_col id;    /* slot in import_job.col */
	bool required;         /* a file without it is refused */
	enum import_layout layout; /* layout it belongs to */
	enum csv_cell cell;    /* text (its neutralising quote is taken away) or a number */
};

#define T CSV_CELL_TEXT
#define N CSV_CELL_NUMBER

static const struct import_column import_columns[] = {
	{ "name", IMPORT_C_NAME, true, IMPORT_CUSTOMERS, T },
	{ "email", IMPORT_C_EMAIL, false, IMPORT_CUSTOMERS, T },
	{ "phone", IMPORT_C_PHONE, false, IMPORT_CUSTOMERS, T },
	{ "language", IMPORT_C_LANGUAGE, false, IMPORT_CUSTOMERS, T },
	{ "preferred_channel", IMPORT_C_PREFERRED, false, IMPORT_CUSTOMERS, T },
	{ "org_id", IMPORT_C_ORG, false, IMPORT_CUSTOMERS, N },
	{ "consent", IMPORT_C_CONSENT, false, IMPORT_CUSTOMERS, N },
	{ "created_at", IMPORT_C_CREATED, false, IMPORT_CUSTOMERS, N },
	{ "org_name", IMPORT_C_ORG_NAME, false, IMPORT_CUSTOMERS, T },
	{ "notes", IMPORT_C_NOTES, false, IMPORT_CUSTOMERS, T },
	{ "case_id", IMPORT_I_CASE, true, IMPORT_INTERACTIONS, N },
	{ "customer_id", IMPORT_I_CUSTOMER, true, IMPORT_INTERACTIONS, N },
	{ "channel", IMPORT_I_CHANNEL, true, IMPORT_INTERACTIONS, T },
	{ "direction", IMPORT_I_DIRECTION, true, IMPORT_INTERACTIONS, T },
	{ "agent_id", IMPORT_I_AGENT, false, IMPORT_INTERACTIONS, N },
	{ "at", IMPORT_I_AT, true, IMPORT_INTERACTIONS, N },
	{ "kind", IMPORT_I_KIND, true, IMPORT_INTERACTIONS, T },
	{ "status_to", IMPORT_I_STATUS_TO, false, IMPORT_INTERACTIONS, T },
	{ "to_agent_id", IMPORT_I_TO_AGENT, false, IMPORT_INTERACTIONS, N },
	{ "to_team_id", IMPORT_I_TO_TEAM, false, IMPORT_INTERACTIONS, N },
	{ "facility_id", IMPORT_I_FACILITY, false, IMPORT_INTERACTIONS, N },
	{ "duration_s", IMPORT_I_DURATION, false, IMPORT_INTERACTIONS, N },
	{ "sentiment", IMPORT_I_SENTIMENT, false, IMPORT_INTERACTIONS, N },
	{ "body", IMPORT_I_BODY, false, IMPORT_INTERACTIONS, T },
	{ "agent_email", IMPORT_I_AGENT_EMAIL, false, IMPORT_INTERACTIONS, T },
	{ "to_agent_email", IMPORT_I_TO_AGENT_EMAIL, false, IMPORT_INTERACTIONS, T },
	{ "to_team", IMPORT_I_TO_TEAM_NAME, false, IMPORT_INTERACTIONS, T },
	{ "facility", IMPORT_I_FACILITY_NAME, false, IMPORT_INTERACTIONS, T },
	{ "case_subject", IMPORT_I_CASE_SUBJECT, false, IMPORT_INTERACTIONS, T },
	{ "case_category", IMPORT_I_CASE_CATEGORY, false, IMPORT_INTERACTIONS, T },
	{ "case_priority", IMPORT_I_CASE_PRIORITY, false, IMPORT_INTERACTIONS, T },
	{ "case_language", IMPORT_I_CASE_LANGUAGE, false, IMPORT_INTERACTIONS, T },
	{ "case_team", IMPORT_I_CASE_TEAM, false, IMPORT_INTERACTIONS, T },
	{ "case_owner_email", IMPORT_I_CASE_OWNER, false, IMPORT_INTERACTIONS, T },
	{ "customer_id", IMPORT_R_CUSTOMER, true, IMPORT_RENEWALS, N },
	{ "renewed", IMPORT_R_RENEWED, false, IMPORT_RENEWALS, N },
	{ "product", IMPORT_R_PRODUCT, false, IMPORT_RENEWALS, T },
	{ "period", IMPORT_R_PERIOD, false, IMPORT_RENEWALS, T },
	{ "renews_at", IMPORT_R_RENEWS_AT, false, IMPORT_RENEWALS, N },
	{ "status", IMPORT_R_STATUS, false, IMPORT_RENEWALS, T },
};

#undef T
#undef N

#define IMPORT_COLUMNS_LEN (sizeof import_columns / sizeof import_columns[0])

/* Per layout: the command's word (also the summary's noun), the progress label. */
static const char *const import_layout_names[][2] = {
	[IMPORT_CUSTOMERS] = { "customers", "importing customers" },
	[IMPORT_INTERACTIONS] = { "interactions", "importing interactions" },
	[IMPORT_RENEWALS] = { "renewals", "importing renewals" },
};
#define IMPORT_LAYOUTS ((int)(sizeof import_layout_names / sizeof import_layout_names[0]))

/* ---------------------------------------------------------------------- */
/* Rows                                                                    */
/* ---------------------------------------------------------------------- */

static void *import_grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	while (*cap < need)
		*cap = *cap == 0 ? 1024 : *cap * 2;
	p = realloc(p, *cap * size);
	if (p == NULL)
		abort();
	return p;
}

const char *import_field(const struct import_job *job, const struct import_row *row,
			 enum import_col col)
{
	int k = job->col[col];

	if (k < 0 || k >= row->count)
		return "";
	return job->data + job->offs[row->first + (size_t)k];
}

void import_reject(struct import_job *job, struct import_row *row, const char *fmt, ...)
{
	va_list ap;

	if (job->progress.on)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "line %ld: ", row->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	row->bad = true;
	job->bad++;
}

/*
 * Copies record `rec` into the batch buffer. `restore` (NULL = none) marks
 * the fields that are text columns: those lose the quote an export put in
 * front of a formula-like cell (csv_cell_restore()).
 */
static struct import_row *import_buffer(struct import_job *job, const struct csv_record *rec,
					int64_t group, const bool *restore)
{
	struct import_row *row;
	int i;

	job->rows = import_grow(job->rows, &job->rows_cap, job->rows_len + 1, sizeof *job->rows);
	job->offs = import_grow(job->offs, &job->offs_cap, job->offs_len + (size_t)rec->count,
				sizeof *job->offs);
	row = &job->rows[job->rows_len++];
	row->line = rec->line;
	row->count = rec->count;
	row->first = job->offs_len;
	row->group = group;
	row->at = 0;
	row->bad = false;
	for (i = 0; i < rec->count; i++) {
		const char *v = restore != NULL && restore[i] ? csv_cell_restore(rec->fields[i])
							      : rec->fields[i];
		size_t len = strlen(v) + 1;
		job->data = import_grow(job->data, &job->data_cap, job->data_len + len, 1);
		memcpy(job->data + job->data_len, v, len);
		job->offs[job->offs_len++] = job->data_len;
		job->data_len += len;
	}
	row->unreadable = false;
	return row;
}

/*
 * Queues a row the reader could not use, so that its report comes in line
 * order with the rows the app rejects.
 */
static void import_buffer_error(struct import_job *job, long line, int64_t group,
				const char *message)
{
	char *fields[1] = { (char *)message };
	struct csv_record rec = { line, 1, fields };

	import_buffer(job, &rec, group, NULL)->unreadable = true;
}

static void import_clear_buffer(struct import_job *job)
{
	job->rows_len = 0;
	job->offs_len = 0;
	job->data_len = 0;
}

/* ---------------------------------------------------------------------- */
/* Customers                                                               */
/* ---------------------------------------------------------------------- */

/* Copies a field into a bounded array; false (row rejected) when too long. */
static bool import_copy(struct import_job *job, struct import_row *row, char *dst,
			size_t dst_len, enum import_col col, const char *name)
{
	const char *v = import_field(job, row, col);
	size_t len = strlen(v);

	if (len >= dst_len) {
		import_reject(job, row, "%s is longer than %zu bytes", name, dst_len - 1);
		return false;
	}
	memcpy(dst, v, len + 1);
	return true;
}

static bool import_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "y", "TRUE", "True", "Yes" };
	static const char *const no[] = { "", "0", "false", "no", "n", "FALSE", "False", "No" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(s, yes[i]) == 0)
			return *out = true;
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	return false;
}

static ld_status import_customer_apply(struct import_job *job, struct import_row *row,
				       struct ld_err *err)
{
	struct ld_customer c;
	const char *v;
	ld_status rc;

	memset(&c, 0, sizeof c);
	c.preferred_channel = -1;
	if (!import_copy(job, row, c.name, sizeof c.name, IMPORT_C_NAME, "name") ||
	    !import_copy(job, row, c.email, sizeof c.email, IMPORT_C_EMAIL, "email") ||
	    !import_copy(job, row, c.phone, sizeof c.phone, IMPORT_C_PHONE, "phone") ||
	    !import_copy(job, row, c.language, sizeof c.language, IMPORT_C_LANGUAGE, "language"))
		return LD_ERR_INVALID;
	v = import_field(job, row, IMPORT_C_PREFERRED);
	if (v[0] != '\0' && (c.preferred_channel = ld_channel_parse(v)) < 0) {
		import_reject(job, row, "unknown preferred_channel \"%.32s\"", v);
		return LD_ERR_INVALID;
	}
	/* An organisation by name (an export's org_name) wins over the file's org_id. */
	v = import_field(job, row, IMPORT_C_ORG_NAME);
	if (job->col[IMPORT_C_ORG_NAME] >= 0) {
		if (v[0] != '\0' && (rc = import_org_named(job, v, &c.org_id, err)) != LD_OK) {
			import_reject(job, row, "%s", err->message);
			return rc;
		}
	} else {
		v = import_field(job, row, IMPORT_C_ORG);
		if (v[0] != '\0' && !cli_parse_i64(v, 1, INT64_MAX, &c.org_id)) {
			import_reject(job, row, "org_id must be a positive id");
			return LD_ERR_INVALID;
		}
	}
	if (!import_parse_bool(import_field(job, row, IMPORT_C_CONSENT), &c.consent)) {
		import_reject(job, row, "consent must be 1/0, true/false or yes/no");
		return LD_ERR_INVALID;
	}
	v = import_field(job, row, IMPORT_C_CREATED);
	if (v[0] != '\0' && !cli_parse_time(v, &c.created_at)) {
		import_reject(job, row, "created_at must be Unix seconds or ISO 8601 UTC");
		return LD_ERR_INVALID;
	}
	v = import_field(job, row, IMPORT_C_NOTES);
	c.notes = v[0] != '\0' ? (char *)v : NULL; /* borrowed from the buffer */
	rc = app_customer_create(job->app, NULL, &c, err);
	if (rc != LD_OK)
		import_reject(job, row, "%s", err->message);
	c.notes = NULL;
	ld_customer_clear(&c);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The batch runner                                                        */
/* ---------------------------------------------------------------------- */

static bool import_fatal(ld_status rc)
{
	return ld_status_store_failed(rc);
}

/*
 * Applies the buffered rows. Each row's use case runs under its own savepoint,
 * so a rejected row leaves nothing behind and the batch goes on. Returns LD_OK
 * when the run may go on (bad rows were reported), else a fatal status with
 * `err` filled.
 */
static ld_status import_apply_rows(struct import_job *job, size_t from, size_t to,
				   struct ld_err *err)
{
	int64_t first_case = 0, last_case = 0, cases = 0;
	size_t i;
	ld_status rc;

	if (job->layout == IMPORT_INTERACTIONS && job->strict &&
	    (rc = import_customers_prepare(job, from, to, err)) != LD_OK)
		return rc;
	for (i = from; i < to; i++) {
		struct import_row *row = &job->rows[i];
		bool first = i == from || job->rows[i - 1].group != row->group;
		bool last = i + 1 == to || job->rows[i + 1].group != row->group;
		/* A case's history is built in memory and written once (app.h). */
		if (job->layout == IMPORT_INTERACTIONS && first &&
		    (rc = app_case_import_begin(job->app, NULL, err)) != LD_OK)
			return rc;
		rc = LD_OK;
		if (row->bad) {
			;
		} else if (row->unreadable) {
			import_reject(job, row, "%s", job->data + job->offs[row->first]);
		} else {
			ld_err_clear(err);
			if (job->layout == IMPORT_INTERACTIONS)
				rc = import_interaction_apply(job, i, err);
			else if (job->layout == IMPORT_RENEWALS)
				rc = import_renewal_apply(job, i, err);
			else
				rc = import_customer_apply(job, row, err);
			if (rc == LD_OK)
				job->attempt_ok++;
		}
		if (job->layout == IMPORT_INTERACTIONS && (last || import_fatal(rc))) {
			struct ld_case c;
			struct ld_err end_err;
			ld_status erc;

			ld_err_clear(&end_err);
			erc = app_case_import_end(job->app, !import_fatal(rc), &c, &end_err);
			if (erc == LD_OK && !import_fatal(rc)) {
				idmap_put(&job->cases, row->group, c.id);
				if (cases++ == 0)
					first_case = c.id;
				last_case = c.id;
			}
			else if (erc != LD_ERR_NOT_FOUND && !import_fatal(rc)) {
				*err = end_err;
				return erc;
			}
		}
		if (import_fatal(rc))
			return rc;
		if (job->layout == IMPORT_INTERACTIONS)
			cli_progress_update(&job->progress, job->progress_bytes,
					    job->imported + job->attempt_ok);
	}
	return app_case_import_record(job->app, NULL, first_case, last_case, cases, err);
}

/* Orders a case's rows by time (then line): the history as it happened. */
static int import_row_order(const void *a, const void *b)
{
	const struct import_row *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->line < y->line ? -1 : (x->line > y->line ? 1 : 0);
}

static ld_status import_flush_range(struct import_job *job, size_t from, size_t to,
				    struct ld_err *err)
{
	struct ld_err ignored;
	ld_status rc;

	if (job->strict) /* one transaction around the whole file */
		return import_apply_rows(job, from, to, err);
	/*
	 * The batch's customers first, in a transaction of their own: once the
	 * search index (FTS5) has been written in a transaction, every later
	 * savepoint of it flushes the index's pending terms, and the cases'
	 * savepoints would pay for that case by case.
	 */
	if (job->layout == IMPORT_INTERACTIONS) {
		if ((rc = app_batch_begin(job->app, err)) != LD_OK)
			return rc;
		rc = import_customers_prepare(job, from, to, err);
		if (rc != LD_OK) {
			app_batch_end(job->app, false, &ignored);
			import_interactions_rollback(job);
			return rc;
		}
		if ((rc = app_batch_end(job->app, true, err)) != LD_OK) {
			import_interactions_rollback(job);
			return rc;
		}
		import_interactions_commit(job);
	}
	job->attempt_ok = 0;
	if ((rc = app_batch_begin(job->app, err)) != LD_OK)
		return rc;
	rc = import_apply_rows(job, from, to, err);
	if (rc != LD_OK) {
		app_batch_end(job->app, false, &ignored);
		import_names_rollback(job);
		if (job->layout != IMPORT_CUSTOMERS)
			import_interactions_rollback(job);
		return rc;
	}
	if ((rc = app_batch_end(job->app, true, err)) != LD_OK) {
		import_names_rollback(job);
		if (job->layout != IMPORT_CUSTOMERS)
			import_interactions_rollback(job);
		return rc;
	}
	if (job->layout != IMPORT_CUSTOMERS)
		import_interactions_commit(job);
	job->imported += job->attempt_ok;
	job->attempt_ok = 0;
	return LD_OK;
}

/*
 * Applies the buffer and empties it. Interactions are first put in the order
 * of each case's history — cases by id, rows by time — so that a file gives
 * the same cases and the same figures whatever its row order; batches then
 * end between cases only.
 */
static ld_status import_flush(struct import_job *job, struct ld_err *err)
{
	size_t from = 0, to;
	ld_status rc = LD_OK;

	if (job->layout == IMPORT_INTERACTIONS)
		qsort(job->rows, job->rows_len, sizeof *job->rows, import_row_order);
	while (from < job->rows_len && rc == LD_OK) {
		to = from + IMPORT_BATCH_ROWS < job->rows_len ? from + IMPORT_BATCH_ROWS
							      : job->rows_len;
		while (job->layout == IMPORT_INTERACTIONS && to < job->rows_len &&
		       job->rows[to].group == job->rows[to - 1].group)
			to++;
		rc = import_flush_range(job, from, to, err);
		from = to;
	}
	import_clear_buffer(job);
	return rc;
}

/*
 * Renewals come in two forms told apart by the header: "renewed" (the peer's
 * customers.csv) or all of product, period, renews_at and status. A header
 * with both or neither is refused rather than guessed at.
 */
static int import_renewals_header(const struct import_job *job, const char *path)
{
	static const enum import_col full[] = {
		IMPORT_R_PRODUCT, IMPORT_R_PERIOD, IMPORT_R_RENEWS_AT, IMPORT_R_STATUS,
	};
	static const char *const full_names[] = { "product", "period", "renews_at", "status" };
	bool peer = job->col[IMPORT_R_RENEWED] >= 0;
	size_t k;

	for (k = 0; k < sizeof full / sizeof full[0]; k++) {
		if (peer && job->col[full[k]] >= 0) {
			fprintf(stderr, "loyaldesk: %s: \"renewed\" and \"%s\" are two layouts; "
				"use one\n", path, full_names[k]);
			return CLI_EXIT_FAIL;
		}
		if (!peer && job->col[full[k]] < 0) {
			fprintf(stderr, "loyaldesk: %s: the header has no column \"%s\" (or use "
				"customer_id,renewed)\n", path, full_names[k]);
			return CLI_EXIT_FAIL;
		}
	}
	return -1;
}

/* Reads the header; fills job->col. Returns an exit code, -1 to go on. */
static int import_header(struct import_job *job, struct csv_reader *r, const char *path)
{
	struct csv_record rec;
	struct ld_err err;
	size_t k;
	int i;

	ld_err_clear(&err);
	if (csv_read(r, &rec, &err) != LD_OK || rec.count == 0) {
		fprintf(stderr, "loyaldesk: %s: %s\n", path,
			rec.count == 0 && err.message[0] == '\0' ? "no header row" : err.message);
		return CLI_EXIT_FAIL;
	}
	for (k = 0; k < IMPORT_COL_COUNT; k++)
		job->col[k] = -1;
	memset(job->restore, 0, sizeof job->restore);
	for (k = 0; k < IMPORT_COLUMNS_LEN; k++) {
		const struct import_column *c = &import_columns[k];
		if (c->layout != job->layout)
			continue;
		job->col[c->id] = csv_column(&rec, c->name);
		if (job->col[c->id] >= 0 && c->cell == CSV_CELL_TEXT && !job->raw_csv)
			job->restore[job->col[c->id]] = true;
		if (c->required && job->col[c->id] < 0) {
			fprintf(stderr, "loyaldesk: %s: the header has no column \"%s\"\n", path,
				c->name);
			return CLI_EXIT_FAIL;
		}
	}
	for (i = 0; i < rec.count; i++) {
		bool known = strcmp(rec.fields[i], "id") == 0;
		for (k = 0; k < IMPORT_COLUMNS_LEN && !known; k++)
			known = import_columns[k].layout == job->layout &&
				job->col[import_columns[k].id] == i;
		if (!known)
			fprintf(stderr, "loyaldesk: %s: ignoring unknown column \"%s\"\n", path,
				rec.fields[i]);
	}
	return job->layout == IMPORT_RENEWALS ? import_renewals_header(job, path) : -1;
}

/* The whole file through the batches; returns an exit code. */
static int import_run(struct import_job *job, FILE *in, const char *path)
{
	struct csv_reader *r = NULL;
	struct csv_record rec;
	struct ld_err err;
	struct stat st;
	int64_t last_group = 0;
	bool batch_open = false;
	ld_status rc = LD_OK;
	int exit_code = CLI_EXIT_FAIL, h;

	ld_err_clear(&err);
	if (csv_reader_new(in, NULL, &r, &err) != LD_OK)
		return cli_fail(&err);
	if ((h = import_header(job, r, path)) != -1) {
		exit_code = h;
		goto out;
	}
	cli_progress_start(&job->progress,
			   import_layout_names[job->layout][1],
			   fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size
									   : 0);
	if (job->strict) {
		if ((rc = app_batch_begin(job->app, &err)) != LD_OK)
			goto fail;
		batch_open = true;
	}
	for (;;) {
		int64_t group = 0;
		ld_err_clear(&err);
		rc = csv_read(r, &rec, &err);
		if (rc == LD_ERR_INTERNAL)
			goto fail;
		if (rc != LD_OK) { /* "line N: what" → "what" */
			const char *colon = strchr(err.message, ':');
			import_buffer_error(job, rec.line, last_group,
					    colon != NULL ? colon + 2 : err.message);
			continue;
		}
		if (job->layout == IMPORT_INTERACTIONS && rec.count > 0) {
			const char *v = job->col[IMPORT_I_CASE] < rec.count
						? rec.fields[job->col[IMPORT_I_CASE]]
						: "";
			if (!cli_parse_i64(v, 1, INT64_MAX, &group)) {
				import_buffer_error(job, rec.line, last_group,
						    "case_id must be a positive id");
				continue;
			}
		}
		/* Interactions are read whole, then put in each case's time order
		 * (import_flush); the other layouts go a batch at a time. */
		if (rec.count == 0 ||
		    (job->layout != IMPORT_INTERACTIONS && job->rows_len >= IMPORT_BATCH_ROWS)) {
			job->progress_bytes = csv_reader_offset(r);
			if ((rc = import_flush(job, &err)) != LD_OK)
				goto fail;
		}
		if (rec.count == 0)
			break;
		struct import_row *row = import_buffer(job, &rec, group, job->restore);
		if (job->layout == IMPORT_INTERACTIONS && job->col[IMPORT_I_AT] < rec.count &&
		    !cli_parse_time(rec.fields[job->col[IMPORT_I_AT]], &row->at))
			row->at = 0;
		last_group = group;
		cli_progress_update(&job->progress, csv_reader_offset(r),
				    job->imported + (long long)job->rows_len);
	}
	cli_progress_end(&job->progress);
	if (job->strict) {
		batch_open = false;
		if (job->bad > 0) {
			app_batch_end(job->app, false, &err);
			fprintf(stderr, "loyaldesk: %lld bad row%s; nothing was imported (--strict)\n",
				job->bad, job->bad == 1 ? "" : "s");
			goto out;
		}
		if ((rc = app_batch_end(job->app, true, &err)) != LD_OK)
			goto fail;
		job->imported = job->attempt_ok;
	}
	fprintf(stderr, "imported %lld %s", job->imported, import_layout_names[job->layout][0]);
	if (job->bad > 0)
		fprintf(stderr, "; skipped %lld bad row%s", job->bad, job->bad == 1 ? "" : "s");
	fputc('\n', stderr);
	exit_code = CLI_EXIT_OK;
	goto out;
fail:
	cli_progress_end(&job->progress);
	if (batch_open) {
		struct ld_err ignored;
		app_batch_end(job->app, false, &ignored);
	}
	fprintf(stderr, "loyaldesk: import stopped: %s (%lld rows were imported before)\n",
		err.message, job->strict ? 0 : job->imported);
out:
	csv_reader_free(r);
	return exit_code;
}

enum import_opt { IMPORT_OPT_RAW_CSV = CLI_OPT_FIRST_FREE };

int cli_import_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "strict", no_argument, NULL, 's' },
		{ "raw-csv", no_argument, NULL, IMPORT_OPT_RAW_CSV },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct import_job job;
	struct config cfg;
	bool opened = false;
	struct app app;
	struct ld_err err;
	const char *what, *path;
	FILE *in = NULL;
	bool started = false, strict = false, raw = false;
	int c, layout, rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	memset(&job, 0, sizeof job);
	idmap_init(&job.cases);
	idmap_init(&job.customers);
	idmap_init(&job.agents);
	idmap_init(&job.facilities);
	namemap_init(&job.org_names);
	namemap_init(&job.team_names);
	namemap_init(&job.facility_names);
	namemap_init(&job.agent_emails);
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		if (c == 'h')
			return cli_help(cmd);
		if (c == 's')
			strict = true;
		else if (c == IMPORT_OPT_RAW_CSV)
			raw = true;
		else
			return CLI_EXIT_USAGE;
	}
	if (argc - optind != 2)
		return cli_usage(cmd, "expected: customers|interactions|renewals FILE.csv");
	what = argv[optind];
	path = argv[optind + 1];
	for (layout = 0; layout < IMPORT_LAYOUTS; layout++)
		if (strcmp(what, import_layout_names[layout][0]) == 0)
			break;
	if (layout == IMPORT_LAYOUTS)
		return cli_usage(cmd, "cannot import '%s' (customers, interactions or renewals)",
				 what);
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (in == NULL) {
		fprintf(stderr, "loyaldesk: cannot open %s\n", path);
		goto out;
	}
	if (cli_app_open(&cfg, &app, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	opened = true;
	job.app = &app;
	job.strict = strict;
	job.raw_csv = raw;
	job.layout = (enum import_layout)layout;
	job.started_at = (int64_t)time(NULL);
	if (job.layout == IMPORT_RENEWALS && import_renewals_prepare(&job, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	rc = import_run(&job, in, path);
	cli_clock_set(0);
out:
	if (in != NULL && in != stdin)
		fclose(in);
	free(job.data);
	free(job.offs);
	free(job.rows);
	idmap_free(&job.cases);
	idmap_free(&job.customers);
	idmap_free(&job.agents);
	idmap_free(&job.facilities);
	namemap_free(&job.org_names);
	namemap_free(&job.team_names);
	namemap_free(&job.facility_names);
	namemap_free(&job.agent_emails);
	if (opened)
		cli_app_close(&app);
	return rc;
}
