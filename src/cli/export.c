/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk export customers|interactions [--out FILE] [--raw-csv]`: writes
 * the CSV layouts that `loyaldesk import` reads (util/csv.c, RFC 4180 with
 * CRLF).
 *
 * Interactions use the peer layout id,case_id,customer_id,channel,direction,
 * agent_id,at,kind (at in Unix seconds, rows ordered by case, then time)
 * followed by the columns that make a round trip lossless enough to replay:
 * status_to, to_agent_id, to_team_id, facility_id, duration_s, sentiment,
 * body; then what the ids point at, by name, so that another store can
 * import the file without sharing ids: agent_email, to_agent_email,
 * to_team, facility, and the case each row belongs to as it is now —
 * case_subject, case_category, case_priority, case_language, case_team,
 * case_owner_email (repeated on every row of the case, so a sorted or
 * filtered file still carries them). Customers add org_name and notes.
 * An export imported into an empty store (customers first) exports again
 * as the same rows but for the ids (tests/e2e/cli_roundtrip.sh).
 *
 * Names are read once per export into tables sorted by id (the lists come
 * in id order), so a row costs a binary search per name, not a query.
 * Text a spreadsheet would evaluate — a body "=HYPERLINK(…)", a phone
 * "+420 …" — is neutralised with a leading single quote (util/csv.h,
 * "Formulas"), decided by the column's type below: names, e-mails, bodies
 * and codes are text; ids, times and figures (a sentiment of -0.250) are
 * the desk's own numbers and stay as they are. `import` takes the quote
 * away again, so the round trip stays lossless. --raw-csv writes every
 * cell as stored, for programs that read CSV without a spreadsheet.
 * With --out the file appears complete or not at all (written beside it,
 * then renamed).
 */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/csv.h"
#include "util/xmalloc.h"

#define T CSV_CELL_TEXT
#define N CSV_CELL_NUMBER

static const char *const export_customer_cols[] = {
	"id", "name", "email", "phone", "language", "preferred_channel", "org_id", "consent",
	"created_at", "org_name", "notes",
};
static const enum csv_cell export_customer_cells[] = {
	N, T, T, T, T, T, N, N,
	N, T, T,
};
static const char *const export_interaction_cols[] = {
	"id", "case_id", "customer_id", "channel", "direction", "agent_id", "at", "kind",
	"status_to", "to_agent_id", "to_team_id", "facility_id", "duration_s", "sentiment", "body",
	"agent_email", "to_agent_email", "to_team", "facility", "case_subject", "case_category",
	"case_priority", "case_language", "case_team", "case_owner_email",
};
static const enum csv_cell export_interaction_cells[] = {
	N, N, N, T, T, N, N, T,
	T, N, N, N, N, N, T,
	T, T, T, T, T, T,
	T, T, T, T,
};

#undef T
#undef N

#define EXPORT_LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

_Static_assert(EXPORT_LEN(export_customer_cols) == EXPORT_LEN(export_customer_cells),
	       "a type for every customer column");
_Static_assert(EXPORT_LEN(export_interaction_cols) == EXPORT_LEN(export_interaction_cells),
	       "a type for every interaction column");

/* ---- names by id ---- */

/* Ids and their names, ascending by id. */
struct export_names {
	int64_t *ids;      /* len entries, ascending */
	char **names;      /* len entries, owned copies */
	size_t len, cap;   /* used / allocated */
};

static void export_names_add(struct export_names *t, int64_t id, const char *name)
{
	if (t->len == t->cap) {
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		t->ids = realloc(t->ids, t->cap * sizeof *t->ids);
		t->names = realloc(t->names, t->cap * sizeof *t->names);
		if (t->ids == NULL || t->names == NULL)
			abort();
	}
	t->ids[t->len] = id;
	t->names[t->len] = strdup(name);
	if (t->names[t->len] == NULL)
		abort();
	t->len++;
}

static void export_names_free(struct export_names *t)
{
	for (size_t i = 0; i < t->len; i++)
		free(t->names[i]);
	free(t->ids);
	free(t->names);
	memset(t, 0, sizeof *t);
}

/* The name of `id`, "" for 0 or an id the table does not know. */
static const char *export_name(const struct export_names *t, int64_t id)
{
	size_t lo = 0, hi = t->len;

	while (id != 0 && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->ids[mid] == id)
			return t->names[mid];
		if (t->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "";
}

/* One loader per kind: every row through its app list, in id order. */
#define EXPORT_LOADER(fn, type, list_call, field)                                           \
	static ld_status fn(struct app *app, struct export_names *t, struct ld_err *err)      \
	{                                                                                     \
		ld_status rc = LD_OK;                                                         \
		CLI_EACH_ROW(type, list_call, export_names_add(t, page[i].id, page[i].field)); \
		return rc;                                                                    \
	}

EXPORT_LOADER(export_load_orgs, struct ld_org,
	      app_org_list(app, NULL, after, APP_LIST_MAX, page, &n, err), name)
EXPORT_LOADER(export_load_teams, struct ld_team,
	      app_team_list(app, NULL, after, APP_LIST_MAX, page, &n, err), name)
EXPORT_LOADER(export_load_facilities, struct ld_facility,
	      app_facility_list(app, NULL, after, APP_LIST_MAX, page, &n, err), name)
EXPORT_LOADER(export_load_agents, struct ld_agent,
	      app_agent_list(app, NULL, -1, after, APP_LIST_MAX, page, &n, err), email)

/* The names an interactions export writes. */
struct export_dir {
	struct export_names teams;       /* team id → name */
	struct export_names facilities;  /* facility id → name */
	struct export_names agents;      /* account id → e-mail */
};

/* Decimal of an id, "" for 0 (none). */
static const char *export_id(char *buf, size_t len, int64_t v)
{
	if (v == 0)
		return "";
	snprintf(buf, len, "%lld", (long long)v);
	return buf;
}

/* `cells`: the column types, NULL for raw output (--raw-csv). */
static ld_status export_customers(struct app *app, FILE *out, const enum csv_cell *cells,
				  long long *rows, struct ld_err *err)
{
	struct store_customer_query q = { NULL, 0, 0, APP_LIST_MAX };
	struct ld_customer *page = xcalloc(APP_LIST_MAX, sizeof *page);
	struct export_names orgs = { 0 };
	char id[24], org[24], created[32];
	const char *f[EXPORT_LEN(export_customer_cols)];
	const char *ch;
	int n = 0, i;
	ld_status rc;

	rc = export_load_orgs(app, &orgs, err);
	if (rc == LD_OK)
		rc = csv_write(out, export_customer_cols, NULL, EXPORT_LEN(export_customer_cols),
			       err);
	while (rc == LD_OK) {
		rc = app_customer_list(app, NULL, &q, page, &n, err);
		for (i = 0; rc == LD_OK && i < n; i++) {
			const struct ld_customer *c = &page[i];
			ch = c->preferred_channel >= 0 ? ld_channel_name(c->preferred_channel) : NULL;
			cli_format_time(c->created_at, created, sizeof created);
			f[0] = export_id(id, sizeof id, c->id);
			f[1] = c->name;
			f[2] = c->email;
			f[3] = c->phone;
			f[4] = c->language;
			f[5] = ch != NULL ? ch : "";
			f[6] = export_id(org, sizeof org, c->org_id);
			f[7] = c->consent ? "1" : "0";
			f[8] = created;
			f[9] = export_name(&orgs, c->org_id);
			f[10] = c->notes != NULL ? c->notes : "";
			rc = csv_write(out, f, cells, EXPORT_LEN(f), err);
			(*rows)++;
		}
		if (n > 0)
			q.after_id = page[n - 1].id;
		for (i = 0; i < n; i++)
			ld_customer_clear(&page[i]);
		if (rc != LD_OK || n < APP_LIST_MAX)
			break;
	}
	free(page);
	export_names_free(&orgs);
	return rc;
}

static ld_status export_case(struct app *app, const struct export_dir *dir,
			     const struct ld_case *c, FILE *out, const enum csv_cell *cells,
			     struct ld_interaction *page, long long *rows, struct ld_err *err)
{
	const char *category = ld_category_name(c->category), *priority = ld_priority_name(c->priority);
	char id[24], case_id[24], cust[24], agent[24], at[24], to_agent[24], to_team[24];
	char fac[24], dur[16], sent[16];
	const char *f[EXPORT_LEN(export_interaction_cols)];
	int64_t after = 0;
	int n = 0, i;
	ld_status rc = LD_OK;

	snprintf(case_id, sizeof case_id, "%lld", (long long)c->id);
	snprintf(cust, sizeof cust, "%lld", (long long)c->customer_id);
	do {
		rc = app_case_interactions(app, NULL, c->id, after, APP_LIST_MAX, page, &n, err);
		for (i = 0; rc == LD_OK && i < n; i++) {
			const struct ld_interaction *it = &page[i];
			const char *st = it->kind == LD_IK_STATUS ? ld_case_status_name(it->status_to)
								   : NULL;
			snprintf(at, sizeof at, "%lld", (long long)it->started_at);
			snprintf(dur, sizeof dur, "%d", it->duration_s);
			if (isnan(it->sentiment))
				sent[0] = '\0';
			else
				snprintf(sent, sizeof sent, "%.3f", it->sentiment);
			f[0] = export_id(id, sizeof id, it->id);
			f[1] = case_id;
			f[2] = cust;
			f[3] = ld_channel_name(it->channel);
			f[4] = ld_direction_name(it->direction);
			f[5] = export_id(agent, sizeof agent, it->agent_id);
			f[6] = at;
			f[7] = ld_ikind_name(it->kind);
			f[8] = st != NULL ? st : "";
			f[9] = export_id(to_agent, sizeof to_agent, it->to_agent_id);
			f[10] = export_id(to_team, sizeof to_team, it->to_team_id);
			f[11] = export_id(fac, sizeof fac, it->facility_id);
			f[12] = it->duration_s != 0 ? dur : "";
			f[13] = sent;
			f[14] = it->body;
			f[15] = export_name(&dir->agents, it->agent_id);
			f[16] = export_name(&dir->agents, it->to_agent_id);
			f[17] = export_name(&dir->teams, it->to_team_id);
			f[18] = export_name(&dir->facilities, it->facility_id);
			f[19] = c->subject;
			f[20] = category != NULL ? category : "";
			f[21] = priority != NULL ? priority : "";
			f[22] = c->language;
			f[23] = export_name(&dir->teams, c->team_id);
			f[24] = export_name(&dir->agents, c->owner_id);
			rc = csv_write(out, f, cells, EXPORT_LEN(f), err);
			(*rows)++;
		}
		if (n > 0)
			after = page[n - 1].id;
		for (i = 0; i < n; i++)
			ld_interaction_clear(&page[i]);
	} while (rc == LD_OK && n == APP_LIST_MAX);
	return rc;
}

/* `cells`: the column types, NULL for raw output (--raw-csv). */
static ld_status export_interactions(struct app *app, FILE *out, const enum csv_cell *cells,
				     long long *rows, struct ld_err *err)
{
	struct store_case_query q = { .status = -1, .limit = APP_LIST_MAX };
	struct ld_case *cases = xcalloc(APP_LIST_MAX, sizeof *cases);
	struct ld_interaction *page = xcalloc(APP_LIST_MAX, sizeof *page);
	struct export_dir dir;
	int n = 0, i;
	ld_status rc;

	memset(&dir, 0, sizeof dir);
	if ((rc = export_load_teams(app, &dir.teams, err)) == LD_OK &&
	    (rc = export_load_facilities(app, &dir.facilities, err)) == LD_OK &&
	    (rc = export_load_agents(app, &dir.agents, err)) == LD_OK)
		rc = csv_write(out, export_interaction_cols, NULL,
			       EXPORT_LEN(export_interaction_cols), err);
	while (rc == LD_OK) {
		rc = app_case_list(app, NULL, &q, cases, &n, err);
		for (i = 0; rc == LD_OK && i < n; i++)
			rc = export_case(app, &dir, &cases[i], out, cells, page, rows, err);
		if (rc != LD_OK || n < APP_LIST_MAX)
			break;
		q.after_id = cases[n - 1].id;
	}
	free(cases);
	free(page);
	export_names_free(&dir.teams);
	export_names_free(&dir.facilities);
	export_names_free(&dir.agents);
	return rc;
}

enum export_opt { EXPORT_OPT_RAW_CSV = CLI_OPT_FIRST_FREE };

int cli_export_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "out", required_argument, NULL, 'o' },
		{ "raw-csv", no_argument, NULL, EXPORT_OPT_RAW_CSV },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	char tmp[CONFIG_PATH_MAX + 16];
	const char *what, *out_path = NULL;
	FILE *out = stdout;
	bool started = false, customers, raw = false;
	long long rows = 0;
	ld_status st;
	int c, rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	tmp[0] = '\0';
	while ((c = cli_getopt(cmd, argc, argv, "ho:", longopts, &flags, &started)) != -1) {
		if (c == 'h')
			return cli_help(cmd);
		if (c == EXPORT_OPT_RAW_CSV)
			raw = true;
		else if (c == 'o')
			out_path = optarg;
		else
			return CLI_EXIT_USAGE;
	}
	if (optind >= argc)
		return cli_usage(cmd, "what to export: customers or interactions");
	what = argv[optind];
	if (strcmp(what, "customers") != 0 && strcmp(what, "interactions") != 0)
		return cli_usage(cmd, "cannot export '%s' (customers or interactions)", what);
	if (optind + 1 < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind + 1]);
	customers = what[0] == 'c';
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_db_missing(&cfg))
		return CLI_EXIT_FAIL;
	if (cli_app_open(&cfg, &app, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (out_path != NULL && strcmp(out_path, "-") != 0) {
		snprintf(tmp, sizeof tmp, "%s.part", out_path);
		out = fopen(tmp, "w");
		if (out == NULL) {
			ld_fail(&err, LD_ERR_INTERNAL, "io_error", NULL, "cannot write %s", tmp);
			tmp[0] = '\0';
			rc = cli_fail(&err);
			goto out;
		}
	}
	/* raw output: no column types, so no cell is neutralised */
	if (customers)
		st = export_customers(&app, out, raw ? NULL : export_customer_cells, &rows, &err);
	else
		st = export_interactions(&app, out, raw ? NULL : export_interaction_cells, &rows,
					 &err);
	if (st == LD_OK && fflush(out) != 0)
		st = ld_fail(&err, LD_ERR_INTERNAL, "io_error", NULL, "write error");
	if (out != stdout) {
		if (fclose(out) != 0 && st == LD_OK)
			st = ld_fail(&err, LD_ERR_INTERNAL, "io_error", NULL, "write error on %s", tmp);
		out = stdout;
		if (st == LD_OK && rename(tmp, out_path) != 0)
			st = ld_fail(&err, LD_ERR_INTERNAL, "io_error", NULL, "cannot rename %s", tmp);
		if (st == LD_OK)
			tmp[0] = '\0';
	}
	if (st != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	fprintf(stderr, "exported %lld %s\n", rows, what);
	rc = CLI_EXIT_OK;
out:
	if (out != stdout)
		fclose(out);
	if (tmp[0] != '\0')
		remove(tmp);
	cli_app_close(&app);
	return rc;
}
