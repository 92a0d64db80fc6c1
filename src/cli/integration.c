/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk integration add|list|revoke`: the systems outside the desk that
 * send it events with a token of their own (app/calls.h), managed by the
 * operator as the system (the API's POST /integrations is for admins).
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "app/calls.h"

const char cli_integration_help[] =
	"Usage: loyaldesk integration add NAME [--team ID]\n"
	"       loyaldesk integration list\n"
	"       loyaldesk integration revoke ID\n"
	"\n"
	"add: makes an integration for a telephone system (kind cti) and prints its\n"
	"token, once: the system sends its call events to POST /api/v1/calls with\n"
	"\"Authorization: Bearer TOKEN\" (docs/phone.md). The cases its calls open go\n"
	"to team ID. list: every integration, revoked ones too. revoke: its token\n"
	"stops working at once; its calls stay.\n"
	"\n"
	"Exit status: 0 done, 1 refused or the store failed, 2 a malformed option.\n";

static void print_integration(const struct ld_integration *in)
{
	printf("%lld\t%s\t%s\tteam=%lld\t%s\n", (long long)in->id, in->name,
	       ld_integration_kind_name(in->kind), (long long)in->team_id,
	       in->revoked_at != 0 ? "revoked" : "active");
}

static ld_status integration_do(struct app *app, const char *sub, const char *arg,
				int64_t team, struct ld_err *err)
{
	ld_status rc;
	struct ld_integration in = { .kind = LD_INTEGRATION_CTI, .team_id = team };
	char token[APP_TOKEN_LEN + 1];
	int64_t after = 0, id = 0;

	if (strcmp(sub, "add") == 0) {
		snprintf(in.name, sizeof in.name, "%s", arg);
		if (strlen(arg) > LD_NAME_MAX)
			return ld_fail(err, LD_ERR_INVALID, "too_long", "name",
				       "the name is longer than %d bytes", LD_NAME_MAX);
		if ((rc = app_integration_create(app, NULL, &in, token, err)) != LD_OK)
			return rc;
		printf("integration %lld: %s\ntoken: %s\n", (long long)in.id, in.name, token);
		return LD_OK;
	}
	if (strcmp(sub, "revoke") == 0) {
		if (!cli_parse_i64(arg, 1, INT64_MAX, &id))
			return ld_fail(err, LD_ERR_INVALID, "invalid_id", "id",
				       "integration revoke needs an id, not '%s'", arg);
		if ((rc = app_integration_revoke(app, NULL, id, &in, err)) != LD_OK)
			return rc;
		print_integration(&in);
		return LD_OK;
	}
	for (;;) {
		struct ld_integration page[APP_LIST_MAX];
		int n = 0;
		if ((rc = app_integration_list(app, NULL, after, APP_LIST_MAX, page, &n, err)) !=
		    LD_OK)
			return rc;
		for (int i = 0; i < n; i++)
			print_integration(&page[i]);
		if (n < APP_LIST_MAX)
			return LD_OK;
		after = page[n - 1].id;
	}
}

int cli_integration_run(const struct cli_command *cmd, int argc, char **argv)
{
	enum { OPT_TEAM = CLI_OPT_FIRST_FREE };
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "team", required_argument, NULL, OPT_TEAM },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	bool started = false, add, list;
	int64_t team = 0;
	const char *sub = argc > 1 ? argv[1] : NULL;
	int c, rc;

	ld_err_clear(&err);
	if (sub != NULL && (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0))
		return cli_help(cmd);
	if (sub == NULL ||
	    (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "revoke") != 0))
		return cli_usage(cmd, "integration needs add, list or revoke");
	add = strcmp(sub, "add") == 0;
	list = strcmp(sub, "list") == 0;
	argc--;
	argv++;
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case OPT_TEAM:
			if (!add || !cli_parse_i64(optarg, 1, INT64_MAX, &team))
				return cli_usage(cmd, "--team takes a team id, with add");
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind + (list ? 0 : 1) != argc)
		return cli_usage(cmd, list ? "integration list takes no argument"
				 : add	   ? "integration add needs one NAME"
					   : "integration revoke needs one id");
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_db_missing(&cfg))
		return CLI_EXIT_FAIL;
	if (cli_app_open(&cfg, &app, &err) != LD_OK)
		return cli_fail(&err);
	rc = integration_do(&app, sub, list ? "" : argv[optind], team, &err) == LD_OK
		     ? CLI_EXIT_OK
		     : cli_fail(&err);
	cli_app_close(&app);
	return rc;
}

/* ----------------------------------------------------- serve's sweeper --- */

static ld_status sweep_round(struct app *app, void *ctx)
{
	struct ld_err err;
	int closed = 0;

	(void)ctx;
	ld_err_clear(&err);
	if (app_call_sweep(app, 50, &closed, &err) != LD_OK) {
		fprintf(stderr, "loyaldesk: calls: %s\n", err.message);
		return LD_ERR_INTERNAL;
	}
	if (closed > 0)
		fprintf(stderr, "loyaldesk: calls: %d closed without an end event\n", closed);
	return LD_OK;
}

struct cli_worker *cli_calls_start(const struct config *cfg)
{
	struct cli_worker *w = cli_worker_start(cfg, CLI_CALLS_POLL_S, sweep_round, NULL);

	if (w == NULL)
		fprintf(stderr, "loyaldesk: cannot start the call sweeper\n");
	return w;
}
