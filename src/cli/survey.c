/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk survey campaign …`: a relationship survey (NPS by default) to
 * a chosen segment of customers, as the operator. Each invitation waits in
 * the outbox (GET /api/v1/outbox) with its one-time link; customers without
 * consent, or surveyed within the fatigue window, are skipped and counted.
 *
 * Owns the options and their validation and the summary it prints; the
 * selection, fatigue and sending are app_survey_campaign()'s.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/surveys.h"

const char cli_survey_help[] =
	"Usage: loyaldesk survey campaign --name NAME [--kind nps|csat|ces|servqual]\n"
	"                                 [--org ID] [--language LANG] [--with-cases]\n"
	"                                 [--renewing-within DAYS] [--limit N]\n"
	"                                 [--dry-run] [--format table|json]\n"
	"\n"
	"Sends a relationship survey (NPS unless --kind says otherwise) to every\n"
	"customer of the segment who agreed to be contacted, has an e-mail address\n"
	"and was not surveyed within the fatigue window (surveys.fatigue, 30 days\n"
	"by default). Each invitation waits in the outbox with its one-time link\n"
	"until delivered.\n"
	"\n"
	"  --name NAME             the campaign's name, kept on every survey\n"
	"  --kind K                nps (default), csat, ces or servqual\n"
	"  --org ID                customers of this organisation\n"
	"  --language LANG         customers speaking cs, de, pl, en, es or uk\n"
	"  --with-cases            customers who have had at least one case\n"
	"  --renewing-within DAYS  customers with an active subscription renewing\n"
	"                          in the next DAYS days (1…366)\n"
	"  --limit N               at most N surveys\n"
	"  --dry-run               count the segment; send nothing\n"
	"  --format F              table (default) or json\n"
	"\n"
	"Exit status: 0 done, 1 the campaign failed (nothing of the failed batch is\n"
	"kept), 2 a malformed option.\n";

enum survey_opt {
	SURVEY_OPT_NAME = CLI_OPT_FIRST_FREE,
	SURVEY_OPT_KIND,
	SURVEY_OPT_ORG,
	SURVEY_OPT_LANGUAGE,
	SURVEY_OPT_WITH_CASES,
	SURVEY_OPT_RENEWING,
	SURVEY_OPT_LIMIT,
	SURVEY_OPT_DRY_RUN,
	SURVEY_OPT_FORMAT,
};

static const struct option survey_longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "name", required_argument, NULL, SURVEY_OPT_NAME },
	{ "kind", required_argument, NULL, SURVEY_OPT_KIND },
	{ "org", required_argument, NULL, SURVEY_OPT_ORG },
	{ "language", required_argument, NULL, SURVEY_OPT_LANGUAGE },
	{ "with-cases", no_argument, NULL, SURVEY_OPT_WITH_CASES },
	{ "renewing-within", required_argument, NULL, SURVEY_OPT_RENEWING },
	{ "limit", required_argument, NULL, SURVEY_OPT_LIMIT },
	{ "dry-run", no_argument, NULL, SURVEY_OPT_DRY_RUN },
	{ "format", required_argument, NULL, SURVEY_OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

static void survey_print(const struct app_campaign *in, const struct app_campaign_result *r,
			 bool json)
{
	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I}", "campaign",
				      in->name, "kind", ld_survey_kind_name(in->kind), "dry_run",
				      in->dry_run, "considered", (json_int_t)r->considered, "sent",
				      (json_int_t)r->sent, "no_consent", (json_int_t)r->no_consent,
				      "fatigued", (json_int_t)r->fatigued, "no_email",
				      (json_int_t)r->no_email);
		if (o == NULL)
			abort();
		json_dumpf(o, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(o);
		return;
	}
	printf("campaign \"%s\" (%s)%s\n", in->name, ld_survey_kind_name(in->kind),
	       in->dry_run ? ", dry run: nothing sent" : "");
	printf("  customers in the segment   %lld\n", (long long)r->considered);
	printf("  %-26s %lld\n", in->dry_run ? "would be surveyed" : "surveyed",
	       (long long)r->sent);
	printf("  skipped: no consent        %lld\n", (long long)r->no_consent);
	printf("  skipped: no e-mail address %lld\n", (long long)r->no_email);
	printf("  skipped: surveyed recently %lld\n", (long long)r->fatigued);
}

static int survey_campaign(const struct cli_command *cmd, int argc, char **argv)
{
	struct app_campaign in = { .kind = LD_SURVEY_NPS };
	struct app_campaign_result res;
	struct cli_flags flags = {0};
	struct config cfg;
	struct ld_err err = {0};
	struct app app = { 0 };
	bool started = false, json = false;
	int64_t days = 0;
	int c;

	while ((c = cli_getopt(cmd, argc, argv, "h", survey_longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case SURVEY_OPT_NAME: in.name = optarg; break;
		case SURVEY_OPT_KIND:
			if ((in.kind = ld_survey_kind_parse(optarg)) < 0)
				return cli_usage(cmd, "--kind must be nps, csat, ces or servqual, "
						      "not '%s'", optarg);
			break;
		case SURVEY_OPT_ORG:
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &in.org_id))
				return cli_usage(cmd, "--org must be an organisation id, not '%s'",
						 optarg);
			break;
		case SURVEY_OPT_LANGUAGE: in.language = optarg; break;
		case SURVEY_OPT_WITH_CASES: in.with_cases = true; break;
		case SURVEY_OPT_RENEWING:
			if (!cli_parse_i64(optarg, 1, 366, &days))
				return cli_usage(cmd, "--renewing-within must be 1…366 days, not '%s'",
						 optarg);
			in.renews_within_s = days * 86400;
			break;
		case SURVEY_OPT_LIMIT:
			if (!cli_parse_i64(optarg, 1, 100000000, &in.limit))
				return cli_usage(cmd, "--limit must be a positive number, not '%s'",
						 optarg);
			break;
		case SURVEY_OPT_DRY_RUN: in.dry_run = true; break;
		case SURVEY_OPT_FORMAT:
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "table") != 0)
				return cli_usage(cmd, "--format must be table or json, not '%s'",
						 optarg);
			json = strcmp(optarg, "json") == 0;
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (in.name == NULL || in.name[0] == '\0')
		return cli_usage(cmd, "--name is required: it labels the campaign's surveys");
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_db_missing(&cfg))
		return CLI_EXIT_FAIL;
	if (cli_app_open(&cfg, &app, &err) != LD_OK)
		return cli_fail(&err);
	if (app_survey_campaign(&app, NULL, &in, &res, &err) != LD_OK) {
		cli_app_close(&app);
		return cli_fail(&err);
	}
	cli_app_close(&app);
	survey_print(&in, &res, json);
	return CLI_EXIT_OK;
}

int cli_survey_run(const struct cli_command *cmd, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(cmd, "which action? (campaign)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_help(cmd);
	if (strcmp(argv[1], "campaign") == 0)
		return survey_campaign(cmd, argc - 1, argv + 1);
	return cli_usage(cmd, "unknown action '%s' (campaign)", argv[1]);
}
