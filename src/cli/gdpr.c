/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk gdpr export|erase|retention|compact`: personal data from the
 * operator's shell, as the system (actor NULL), through the use cases of
 * app/gdpr.c — the same ones GET /api/v1/customers/{id}/export and POST
 * …/erase call, and the same archive (http_gdpr_archive).
 *
 *   export --customer ID [--out FILE]   the archive (default
 *                                       customer-ID-export.zip; "-" = stdout)
 *   erase --customer ID [--reason T] [--yes]
 *                                       asks on a terminal unless --yes;
 *                                       refuses without --yes otherwise
 *   retention [--dry-run] [--months N]  the sweep of gdpr.retention (or N)
 *   compact                             "make deleted data unrecoverable"
 *                                       again, when an erasure said a reader
 *                                       held the log
 *
 * Results are printed as "key: value" lines, one per count.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/resource.h"

const char cli_gdpr_help[] =
	"Usage: loyaldesk gdpr export --customer ID [--out FILE]\n"
	"       loyaldesk gdpr erase --customer ID [--reason TEXT] [--yes]\n"
	"       loyaldesk gdpr retention [--dry-run] [--months N]\n"
	"       loyaldesk gdpr compact\n"
	"\n"
	"Personal data (docs/operations.md, \"Personal data\").\n"
	"\n"
	"  export     writes everything the desk holds about a customer into a zip\n"
	"             archive: customer.json (format loyaldesk.customer-export,\n"
	"             version 1) and the attachments/ folder. Recorded in the\n"
	"             audit log as customer.export.\n"
	"  erase      removes the customer's personal data: name (becomes \"erased\n"
	"             customer #ID\"), e-mail, phone, notes, login accounts, the\n"
	"             texts of their cases, survey comments, follow-up notes and\n"
	"             messages, and the audit details about them. Ids, times and\n"
	"             scores stay, so every report stays the same. Then overwrites\n"
	"             what was removed in the database files.\n"
	"  retention  removes the texts of resolved and closed cases whose last\n"
	"             contact is older than gdpr.retention months; prints the counts\n"
	"  compact    overwrites removed data in the database files again (when an\n"
	"             erasure reported that a reader held the write-ahead log)\n"
	"\n"
	"  --customer ID   the customer\n"
	"  --out FILE      where the archive goes (default customer-ID-export.zip;\n"
	"                  - for standard output)\n"
	"  --reason TEXT   why, kept in the audit log (must not name the customer)\n"
	"  --yes           erase without asking\n"
	"  --dry-run       count what retention would remove, change nothing\n"
	"  --months N      retention period instead of gdpr.retention\n";

enum gdpr_opt {
	GDPR_OPT_CUSTOMER = CLI_OPT_FIRST_FREE,
	GDPR_OPT_OUT,
	GDPR_OPT_REASON,
	GDPR_OPT_YES,
	GDPR_OPT_DRY_RUN,
	GDPR_OPT_MONTHS,
};

struct gdpr_args {
	struct cli_flags flags;   /* --db, --config */
	int64_t customer_id;      /* --customer, 0 = none */
	const char *out;          /* --out */
	const char *reason;       /* --reason */
	bool yes;                 /* --yes */
	bool dry_run;             /* --dry-run */
	int64_t months;           /* --months, 0 = the configuration's */
};

static int gdpr_parse(const struct cli_command *cmd, int argc, char **argv, struct gdpr_args *a)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "customer", required_argument, NULL, GDPR_OPT_CUSTOMER },
		{ "out", required_argument, NULL, GDPR_OPT_OUT },
		{ "reason", required_argument, NULL, GDPR_OPT_REASON },
		{ "yes", no_argument, NULL, GDPR_OPT_YES },
		{ "dry-run", no_argument, NULL, GDPR_OPT_DRY_RUN },
		{ "months", required_argument, NULL, GDPR_OPT_MONTHS },
		{ NULL, 0, NULL, 0 },
	};
	bool started = false;
	int c;

	memset(a, 0, sizeof *a);
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &a->flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case GDPR_OPT_CUSTOMER:
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &a->customer_id))
				return cli_usage(cmd, "--customer must be a customer id, not '%s'",
						 optarg);
			break;
		case GDPR_OPT_OUT: a->out = optarg; break;
		case GDPR_OPT_REASON: a->reason = optarg; break;
		case GDPR_OPT_YES: a->yes = true; break;
		case GDPR_OPT_DRY_RUN: a->dry_run = true; break;
		case GDPR_OPT_MONTHS:
			if (!cli_parse_i64(optarg, 1, APP_GDPR_RETENTION_MONTHS_MAX, &a->months))
				return cli_usage(cmd, "--months must be 1 to %d, not '%s'",
						 APP_GDPR_RETENTION_MONTHS_MAX, optarg);
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* Opens the store named by the configuration; an exit code on failure, else -1. */
static int gdpr_open(const struct gdpr_args *a, struct app *app)
{
	struct config cfg;
	struct ld_err err;

	ld_err_clear(&err);
	if (cli_config(&a->flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_db_missing(&cfg))
		return CLI_EXIT_FAIL;
	if (cli_app_open(&cfg, app, &err) != LD_OK)
		return cli_fail(&err);
	return -1;
}

static void print_removed(const struct store_removal *r)
{
	printf("cases: %lld\nsubjects: %lld\ncontacts: %lld\ncomments: %lld\nnotes: %lld\n"
	       "files: %lld\n",
	       (long long)r->cases, (long long)r->subjects, (long long)r->contacts,
	       (long long)r->comments, (long long)r->notes, (long long)r->files);
}

static void print_compaction(bool complete, const char *note)
{
	printf("compacted: %s\n", complete ? "yes" : "no");
	if (!complete && note[0] != '\0')
		printf("note: %s\n", note);
}

static int gdpr_export(const struct cli_command *cmd, const struct gdpr_args *a)
{
	struct app app = { 0 };
	struct app_gdpr_export x = { 0 };
	struct ld_err err;
	char path[64], *zip = NULL;
	const char *out = a->out;
	size_t len = 0;
	FILE *f = NULL;
	int rc;

	if (a->customer_id == 0)
		return cli_usage(cmd, "export needs --customer ID");
	if (out == NULL) {
		snprintf(path, sizeof path, "customer-%lld-export.zip", (long long)a->customer_id);
		out = path;
	}
	if ((rc = gdpr_open(a, &app)) != -1)
		return rc;
	ld_err_clear(&err);
	rc = CLI_EXIT_FAIL;
	if (app_gdpr_export(&app, NULL, a->customer_id, &x, &err) != LD_OK ||
	    http_gdpr_archive(&app, &x, &zip, &len, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	f = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
	if (f == NULL) {
		fprintf(stderr, "loyaldesk: cannot write %s\n", out);
		goto out;
	}
	if (fwrite(zip, 1, len, f) != len || fflush(f) != 0) {
		fprintf(stderr, "loyaldesk: writing %s failed\n", out);
		goto out;
	}
	if (f != stdout)
		fprintf(stderr, "loyaldesk: customer %lld exported to %s (%zu bytes)\n",
			(long long)a->customer_id, out, len);
	rc = CLI_EXIT_OK;
out:
	if (f != NULL && f != stdout && fclose(f) != 0)
		rc = CLI_EXIT_FAIL;
	free(zip);
	app_gdpr_export_free(&x);
	cli_app_close(&app);
	return rc;
}

/* Asks on a terminal; false when not confirmed or no terminal. */
static bool confirmed(int64_t customer_id)
{
	char line[16];

	if (!isatty(STDIN_FILENO))
		return false;
	fprintf(stderr, "Erase customer %lld? Their personal data cannot be restored. [y/N] ",
		(long long)customer_id);
	if (fgets(line, sizeof line, stdin) == NULL)
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

static int gdpr_erase(const struct cli_command *cmd, const struct gdpr_args *a)
{
	struct app app = { 0 };
	struct app_gdpr_erasure e;
	struct ld_err err;
	int rc;

	if (a->customer_id == 0)
		return cli_usage(cmd, "erase needs --customer ID");
	if (!a->yes && !confirmed(a->customer_id)) {
		fprintf(stderr, "loyaldesk: not erased (confirm, or pass --yes)\n");
		return CLI_EXIT_FAIL;
	}
	if ((rc = gdpr_open(a, &app)) != -1)
		return rc;
	ld_err_clear(&err);
	if (app_gdpr_erase(&app, NULL, a->customer_id, a->reason, &e, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	printf("customer: %lld\nalready_erased: %s\naccounts: %lld\nsessions: %lld\n",
	       (long long)e.customer_id, e.already_erased ? "yes" : "no", (long long)e.accounts,
	       (long long)e.sessions);
	print_removed(&e.removed);
	printf("messages: %lld\nsurvey_links: %lld\naudit_details: %lld\ncalls: %lld\n",
	       (long long)e.removed.messages, (long long)e.removed.surveys_closed,
	       (long long)e.removed.audit_details, (long long)e.removed.calls);
	print_compaction(e.compacted, e.note);
	rc = CLI_EXIT_OK;
out:
	cli_app_close(&app);
	return rc;
}

static int gdpr_retention(const struct gdpr_args *a)
{
	struct app app = { 0 };
	struct app_gdpr_retention r;
	struct ld_err err;
	char before[24] = "";
	int rc;

	if ((rc = gdpr_open(a, &app)) != -1)
		return rc;
	ld_err_clear(&err);
	if (app_gdpr_retention(&app, NULL, (int)a->months, a->dry_run, &r, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (r.months == 0) {
		printf("retention: off (set gdpr.retention or pass --months)\n");
		rc = CLI_EXIT_OK;
		goto out;
	}
	cli_format_time(r.before, before, sizeof before);
	printf("retention: %d months\nlast_contact_before: %s\ndry_run: %s\n", r.months, before,
	       r.dry_run ? "yes" : "no");
	print_removed(&r.removed);
	if (!r.dry_run)
		print_compaction(r.compacted, r.note);
	rc = CLI_EXIT_OK;
out:
	cli_app_close(&app);
	return rc;
}

static int gdpr_compact(const struct gdpr_args *a)
{
	struct app app = { 0 };
	struct ld_err err;
	char note[160];
	bool complete = false;
	int rc;

	if ((rc = gdpr_open(a, &app)) != -1)
		return rc;
	ld_err_clear(&err);
	if (app_gdpr_compact(&app, NULL, &complete, note, &err) != LD_OK) {
		rc = cli_fail(&err);
	} else {
		print_compaction(complete, note);
		rc = complete ? CLI_EXIT_OK : CLI_EXIT_FAIL;
	}
	cli_app_close(&app);
	return rc;
}

int cli_gdpr_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const char *const subs[] = { "export", "erase", "retention", "compact" };
	struct gdpr_args a;
	const char *sub;
	int rc, which = -1;

	if (argc < 2)
		return cli_usage(cmd, "missing subcommand (export, erase, retention or compact)");
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(cmd);
	for (int i = 0; i < 4; i++)
		if (strcmp(sub, subs[i]) == 0)
			which = i;
	if (which < 0)
		return cli_usage(cmd, "unknown subcommand '%s' (export, erase, retention or compact)",
				 sub);
	if ((rc = gdpr_parse(cmd, argc - 1, argv + 1, &a)) != -1)
		return rc;
	switch (which) {
	case 0: return gdpr_export(cmd, &a);
	case 1: return gdpr_erase(cmd, &a);
	case 2: return gdpr_retention(&a);
	default: return gdpr_compact(&a);
	}
}
