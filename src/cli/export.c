/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk export customers|interactions [--out FILE]`: writes the CSV
 * layouts that `loyaldesk import` reads (util/csv.c, RFC 4180 with CRLF).
 *
 * Interactions use the peer layout id,case_id,customer_id,channel,direction,
 * agent_id,at,kind (at in Unix seconds, rows ordered by case, then time)
 * followed by the columns that make a round trip lossless enough to replay:
 * status_to, to_agent_id, to_team_id, facility_id, duration_s, sentiment,
 * body. With --out the file appears complete or not at all (written beside
 * it, then renamed).
 */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/csv.h"

static const char *const export_customer_cols[] = {
	"id", "name", "email", "phone", "language", "preferred_channel", "org_id", "consent",
	"created_at",
};
static const char *const export_interaction_cols[] = {
	"id", "case_id", "customer_id", "channel", "direction", "agent_id", "at", "kind",
	"status_to", "to_agent_id", "to_team_id", "facility_id", "duration_s", "sentiment", "body",
};

#define EXPORT_LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Decimal of an id, "" for 0 (none). */
static const char *export_id(char *buf, size_t len, int64_t v)
{
	if (v == 0)
		return "";
	snprintf(buf, len, "%lld", (long long)v);
	return buf;
}

static ld_status export_customers(struct app *app, FILE *out, long long *rows,
				  struct ld_err *err)
{
	struct store_customer_query q = { NULL, 0, 0, APP_LIST_MAX };
	struct ld_customer *page = xcalloc(APP_LIST_MAX, sizeof *page);
	char id[24], org[24], created[32];
	const char *f[EXPORT_LEN(export_customer_cols)];
	const char *ch;
	int n = 0, i;
	ld_status rc;

	rc = csv_write(out, export_customer_cols, EXPORT_LEN(export_customer_cols), err);
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
			rc = csv_write(out, f, EXPORT_LEN(f), err);
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
	return rc;
}

static ld_status export_case(struct app *app, const struct ld_case *c, FILE *out,
			     struct ld_interaction *page, long long *rows, struct ld_err *err)
{
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
			rc = csv_write(out, f, EXPORT_LEN(f), err);
			(*rows)++;
		}
		if (n > 0)
			after = page[n - 1].id;
		for (i = 0; i < n; i++)
			ld_interaction_clear(&page[i]);
	} while (rc == LD_OK && n == APP_LIST_MAX);
	return rc;
}

static ld_status export_interactions(struct app *app, FILE *out, long long *rows,
				     struct ld_err *err)
{
	struct store_case_query q = { 0, 0, 0, -1, 0, APP_LIST_MAX };
	struct ld_case *cases = xcalloc(APP_LIST_MAX, sizeof *cases);
	struct ld_interaction *page = xcalloc(APP_LIST_MAX, sizeof *page);
	int n = 0, i;
	ld_status rc;

	rc = csv_write(out, export_interaction_cols, EXPORT_LEN(export_interaction_cols), err);
	while (rc == LD_OK) {
		rc = app_case_list(app, NULL, &q, cases, &n, err);
		for (i = 0; rc == LD_OK && i < n; i++)
			rc = export_case(app, &cases[i], out, page, rows, err);
		if (rc != LD_OK || n < APP_LIST_MAX)
			break;
		q.after_id = cases[n - 1].id;
	}
	free(cases);
	free(page);
	return rc;
}

int cli_export_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	char tmp[CONFIG_PATH_MAX + 16];
	const char *what, *out_path = NULL;
	FILE *out = stdout;
	bool started = false, customers;
	long long rows = 0;
	ld_status st;
	int c, rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	tmp[0] = '\0';
	while ((c = cli_getopt(cmd, argc, argv, "ho:", longopts, &flags, &started)) != -1) {
		if (c == 'h')
			return cli_help(cmd);
		if (c != 'o')
			return CLI_EXIT_USAGE;
		out_path = optarg;
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
	st = customers ? export_customers(&app, out, &rows, &err)
		       : export_interactions(&app, out, &rows, &err);
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
