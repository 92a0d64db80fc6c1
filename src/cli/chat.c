/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk chat widget add|list`: the chat widgets a company embeds in its
 * site (app/chats.h, docs/chat.md), managed by the operator as the system
 * (the API's /chat-widgets is for admins); and serve's sweeper of chats
 * that went quiet.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "app/chats.h"

const char cli_chat_help[] =
	"Usage: loyaldesk chat widget add NAME [--team ID] [--origin URL]... [--bot]\n"
	"                                 [--greeting TEXT]\n"
	"       loyaldesk chat widget list\n"
	"\n"
	"add: makes a chat widget and prints its key and the script tag that embeds it\n"
	"(docs/chat.md). Its chats' new cases go to team ID. --origin (repeatable): a\n"
	"site that may embed it, such as https://shop.example; none = any site. --bot:\n"
	"the bot answers each new chat first (with --greeting TEXT, else the desk's\n"
	"own words in the visitor's language), so a visitor nobody answers has met a\n"
	"robot only. list: every widget.\n"
	"\n"
	"Exit status: 0 done, 1 refused or the store failed, 2 a malformed option.\n";

static void print_widget(const struct ld_chat_widget *w)
{
	printf("%lld\t%s\t%s\tteam=%lld\t%s\t%s\t%s\n", (long long)w->id, w->key, w->name,
	       (long long)w->team_id, w->bot ? "bot" : "no-bot",
	       w->origins[0] != '\0' ? w->origins : "any-origin",
	       w->disabled_at != 0 ? "disabled" : "active");
}

static ld_status widget_do(struct app *app, bool add,
			   struct ld_chat_widget *w, struct ld_err *err)
{
	int64_t after = 0;
	ld_status rc;

	if (add) {
		if ((rc = app_chat_widget_create(app, NULL, w, err)) != LD_OK)
			return rc;
		printf("chat widget %lld: %s\nkey: %s\nembed:\n  <script src=\"%s/chat/widget.js\" "
		       "data-widget=\"%s\" async></script>\n",
		       (long long)w->id, w->name, w->key, app->cfg.public_url, w->key);
		return LD_OK;
	}
	for (;;) {
		struct ld_chat_widget *page = xcalloc(APP_LIST_MAX, sizeof *page);
		int n = 0;
		rc = app_chat_widget_list(app, NULL, after, APP_LIST_MAX, page, &n, err);
		for (int i = 0; i < n && rc == LD_OK; i++)
			print_widget(&page[i]);
		after = n > 0 ? page[n - 1].id : after;
		free(page);
		if (rc != LD_OK || n < APP_LIST_MAX)
			return rc;
	}
}

/* Appends one --origin to the widget's list; false when it does not fit. */
static bool add_origin(struct ld_chat_widget *w, const char *origin)
{
	size_t len = strlen(w->origins), n = strlen(origin);

	if (len + n + 2 > sizeof w->origins)
		return false;
	if (len > 0)
		w->origins[len++] = ' ';
	memcpy(w->origins + len, origin, n + 1);
	return true;
}

int cli_chat_run(const struct cli_command *cmd, int argc, char **argv)
{
	enum { OPT_TEAM = CLI_OPT_FIRST_FREE, OPT_ORIGIN, OPT_BOT, OPT_GREETING };
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "team", required_argument, NULL, OPT_TEAM },
		{ "origin", required_argument, NULL, OPT_ORIGIN },
		{ "bot", no_argument, NULL, OPT_BOT },
		{ "greeting", required_argument, NULL, OPT_GREETING },
		{ NULL, 0, NULL, 0 },
	};
	struct ld_chat_widget w = { 0 };
	struct cli_flags flags = { 0 };
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	bool started = false, add;
	const char *sub = argc > 2 ? argv[2] : NULL;
	int c, rc;

	ld_err_clear(&err);
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		return cli_help(cmd);
	if (argc < 3 || strcmp(argv[1], "widget") != 0 ||
	    (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0))
		return cli_usage(cmd, "chat needs widget add or widget list");
	add = strcmp(sub, "add") == 0;
	argc -= 2;
	argv += 2;
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case OPT_TEAM:
			if (!add || !cli_parse_i64(optarg, 1, INT64_MAX, &w.team_id))
				return cli_usage(cmd, "--team takes a team id, with add");
			break;
		case OPT_ORIGIN:
			if (!add || !add_origin(&w, optarg))
				return cli_usage(cmd, "--origin takes a site, with add (at most %d "
						      "bytes in all)", LD_CHAT_ORIGINS_MAX);
			break;
		case OPT_BOT:
			if (!add)
				return cli_usage(cmd, "--bot goes with add");
			w.bot = true;
			break;
		case OPT_GREETING:
			if (!add || strlen(optarg) > LD_CHAT_GREETING_MAX)
				return cli_usage(cmd, "--greeting takes a text of at most %d bytes, "
						      "with add", LD_CHAT_GREETING_MAX);
			snprintf(w.greeting, sizeof w.greeting, "%s", optarg);
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind + (add ? 1 : 0) != argc)
		return cli_usage(cmd, add ? "chat widget add needs one NAME"
				      : "chat widget list takes no argument");
	if (add) {
		if (strlen(argv[optind]) > LD_NAME_MAX)
			return cli_usage(cmd, "the name is longer than %d bytes", LD_NAME_MAX);
		snprintf(w.name, sizeof w.name, "%s", argv[optind]);
	}
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_db_missing(&cfg))
		return CLI_EXIT_FAIL;
	if (cli_app_open(&cfg, &app, &err) != LD_OK)
		return cli_fail(&err);
	rc = widget_do(&app, add, &w, &err) == LD_OK ? CLI_EXIT_OK : cli_fail(&err);
	cli_app_close(&app);
	return rc;
}

/* ----------------------------------------------------- serve's sweeper --- */

static ld_status sweep_round(struct app *app, void *ctx)
{
	struct ld_err err;
	int closed = 0;

	/* The worker's app is its own; the hub is serve's, so that the streams
	 * of a chat closed here end at once. */
	app->cfg.live = ctx;
	ld_err_clear(&err);
	if (app_chat_sweep(app, 50, &closed, &err) != LD_OK) {
		fprintf(stderr, "loyaldesk: chats: %s\n", err.message);
		return LD_ERR_INTERNAL;
	}
	if (closed > 0)
		fprintf(stderr, "loyaldesk: chats: %d closed after going quiet\n", closed);
	return LD_OK;
}

struct cli_worker *cli_chats_start(const struct config *cfg, struct app_live *live)
{
	/* A quarter of the idle time, so a chat closes at most that late. */
	int64_t poll = cfg->chat_idle_s / 4;
	struct cli_worker *w = cli_worker_start(
		cfg, poll < 1 ? 1 : poll > CLI_CHATS_POLL_S ? CLI_CHATS_POLL_S : (int)poll, sweep_round,
		live);

	if (w == NULL)
		fprintf(stderr, "loyaldesk: cannot start the chat sweeper\n");
	return w;
}
