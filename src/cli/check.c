/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk check [--repair]`: recomputes every derived figure from the
 * stored rows and verifies the audit log's hash chain (app_check), and
 * prints each difference and each break as a tab-separated line
 * `table  key  field  stored  recomputed` (or one JSON object per line with
 * --format json); exits 1 when there is any, 0 when the store is consistent.
 * --repair rewrites the figures from the recomputation in one transaction;
 * a broken chain is never repaired and still exits 1.
 */
#include "cli/cli.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

struct check_out {
	bool json;       /* --format json */
	int64_t shown;   /* lines printed */
};

/* The first differences tell the story; a broken store could print millions. */
#define CHECK_SHOW_MAX 1000

static void print_diff(void *ctx, const struct app_check_diff *d)
{
	struct check_out *o = ctx;

	if (o->shown++ >= CHECK_SHOW_MAX)
		return;
	if (o->json) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "table", d->table, "key", d->key,
				      "field", d->field, "stored", d->stored, "recomputed",
				      d->recomputed);
		char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
		if (text != NULL)
			puts(text);
		free(text);
		json_decref(j);
		return;
	}
	printf("%s\t%s\t%s\t%s\t%s\n", d->table, d->key, d->field, d->stored, d->recomputed);
}

int cli_check_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "repair", no_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct app_check_result res;
	struct check_out out = { 0 };
	struct app app = { 0 };
	struct ld_err err;
	bool started = false, repair = false;
	int c, rc;

	ld_err_clear(&err);
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case 'r': repair = true; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				out.json = true;
			else if (strcmp(optarg, "table") != 0)
				return cli_usage(cmd, "--format must be table or json");
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_app_open_existing(&flags, &app)) != -1)
		return rc;
	if (app_check(&app, NULL, repair, print_diff, &out, &res, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (out.shown > CHECK_SHOW_MAX)
		fprintf(stderr, "loyaldesk check: %" PRId64 " more differences not shown\n",
			out.shown - CHECK_SHOW_MAX);
	fprintf(stderr,
		"loyaldesk check: %" PRId64 " cases, %" PRId64 " customers, %" PRId64
		" answers, %" PRId64 " subscriptions, %" PRId64 " cells: %" PRId64
		" difference%s%s\n",
		res.cases, res.customers, res.surveys, res.subscriptions, res.cells,
		res.differences, res.differences == 1 ? "" : "s",
		repair && res.differences > 0 ? " (repaired)" : "");
	fprintf(stderr, "loyaldesk check: audit log: %" PRId64 " rows, %" PRId64 " break%s%s%s\n",
		res.audit_rows, res.audit_breaks, res.audit_breaks == 1 ? "" : "s",
		res.audit_head[0] != '\0' ? ", head " : "", res.audit_head);
	rc = (res.differences > 0 && !repair) || res.audit_breaks > 0 ? CLI_EXIT_FAIL
								       : CLI_EXIT_OK;
out:
	cli_app_close(&app);
	return rc;
}
