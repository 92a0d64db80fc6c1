/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk outbox send|retry`: the outbox's sender by hand (serve runs it
 * in the background), and the SMTP transport both use: app/outbox.h's
 * app_mailer over util/smtp.c, configured by [mail] smtp_url, smtp_tls,
 * smtp_timeout and from.
 *
 * Owns: the options, the sender thread of serve (cli_outbox_start/stop).
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "app/outbox.h"
#include "util/smtp.h"

const char cli_outbox_help[] =
	"Usage: loyaldesk outbox send [--max N]\n"
	"       loyaldesk outbox retry ID\n"
	"\n"
	"send: hands the messages that are due — agents' e-mail replies and survey\n"
	"invitations — to the mail server of mail.smtp_url, from mail.from, and\n"
	"prints how many were sent, deferred (a temporary refusal: tried again\n"
	"later, with back-off) and given up. `loyaldesk serve` does the same in the\n"
	"background every few seconds while mail.smtp_url and mail.from are set.\n"
	"retry: a message whose delivery failed is due again now.\n"
	"\n"
	"  --max N   at most N messages (default 1000)\n"
	"\n"
	"Exit status: 0 done (even when some were deferred or given up), 1 the\n"
	"store or the configuration failed, 2 a malformed option.\n";

struct smtp_ctx {
	struct smtp_config sc;
};

static void smtp_mailer_send(void *ctx, const char *from, const char *to, const char *data,
			     size_t len, struct app_send_result *out)
{
	struct smtp_ctx *c = ctx;
	struct smtp_result r;

	smtp_send(&c->sc, from, to, data, len, &r);
	out->outcome = r.outcome == SMTP_SENT	     ? APP_SEND_SENT
		       : r.outcome == SMTP_PERMANENT ? APP_SEND_PERMANENT
						     : APP_SEND_TEMPORARY;
	snprintf(out->message, sizeof out->message, "%s", r.message);
}

static void smtp_ctx_init(const struct config *cfg, struct smtp_ctx *c)
{
	c->sc.url = cfg->smtp_url;
	c->sc.tls = cfg->smtp_tls == 1 ? SMTP_TLS_OPTIONAL
		    : cfg->smtp_tls == 2 ? SMTP_TLS_OFF
					 : SMTP_TLS_REQUIRED;
	c->sc.timeout_s = cfg->smtp_timeout_s;
}

/* Whether this configuration sends mail; else why not, in `why`. */
static bool sends_mail(const struct config *cfg, struct ld_err *why)
{
	if (cfg->smtp_url[0] == '\0') {
		ld_fail(why, LD_ERR_INVALID, "no_smtp_url", "mail.smtp_url",
			"mail.smtp_url is not set: messages wait in the outbox");
		return false;
	}
	if (cfg->mail_from[0] == '\0') {
		ld_fail(why, LD_ERR_INVALID, "no_sender_address", "mail.from",
			"mail.from is not set: the desk has no address to send from");
		return false;
	}
	return true;
}

static int outbox_send(const struct config *cfg, int max)
{
	struct smtp_ctx sc;
	struct app_mailer mailer = { smtp_mailer_send, &sc };
	struct app_outbox_run run;
	struct app app = { 0 };
	struct ld_err err;
	int rc = CLI_EXIT_OK;

	ld_err_clear(&err);
	if (!sends_mail(cfg, &err))
		return cli_fail(&err);
	smtp_ctx_init(cfg, &sc);
	if (cli_app_open(cfg, &app, &err) != LD_OK)
		return cli_fail(&err);
	app.cfg.now = NULL; /* real time: back-off is measured on the clock */
	if (app_outbox_send_due(&app, &mailer, max, &run, &err) != LD_OK)
		rc = cli_fail(&err);
	printf("sent: %d\ndeferred: %d\nfailed: %d\n", run.sent, run.deferred, run.failed);
	cli_app_close(&app);
	return rc;
}

static int outbox_retry(const struct config *cfg, int64_t id)
{
	struct app app = { 0 };
	struct ld_message m;
	struct ld_err err;
	int rc = CLI_EXIT_OK;

	ld_err_clear(&err);
	if (cli_app_open(cfg, &app, &err) != LD_OK)
		return cli_fail(&err);
	if (app_outbox_retry(&app, NULL, id, &m, &err) != LD_OK) {
		rc = cli_fail(&err);
	} else {
		printf("message %lld to %s is due again\n", (long long)m.id, m.recipient);
		ld_message_clear(&m);
	}
	cli_app_close(&app);
	return rc;
}

int cli_outbox_run(const struct cli_command *cmd, int argc, char **argv)
{
	enum { OPT_MAX = CLI_OPT_FIRST_FREE };
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "max", required_argument, NULL, OPT_MAX },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct config cfg;
	struct ld_err err;
	bool started = false;
	int64_t max = 1000, id = 0;
	const char *sub = argc > 1 ? argv[1] : NULL;
	int c;

	ld_err_clear(&err);
	if (sub != NULL && (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0))
		return cli_help(cmd);
	if (sub == NULL || (strcmp(sub, "send") != 0 && strcmp(sub, "retry") != 0))
		return cli_usage(cmd, "outbox needs send or retry");
	argc--;
	argv++;
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case OPT_MAX:
			if (!cli_parse_i64(optarg, 1, 1000000, &max))
				return cli_usage(cmd, "--max must be 1…1000000, not '%s'", optarg);
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (strcmp(sub, "retry") == 0) {
		if (optind + 1 != argc || !cli_parse_i64(argv[optind], 1, INT64_MAX, &id))
			return cli_usage(cmd, "outbox retry needs one message id");
	} else if (optind < argc) {
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	}
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_db_missing(&cfg))
		return CLI_EXIT_FAIL;
	return strcmp(sub, "send") == 0 ? outbox_send(&cfg, (int)max) : outbox_retry(&cfg, id);
}

/* ------------------------------------------------------- serve's sender --- */

struct cli_outbox {
	struct cli_worker *worker;
	struct smtp_ctx sc;
};

static ld_status send_round(struct app *app, void *ctx)
{
	struct cli_outbox *o = ctx;
	struct app_mailer mailer = { smtp_mailer_send, &o->sc };
	struct app_outbox_run run;
	struct ld_err err;

	ld_err_clear(&err);
	if (app_outbox_send_due(app, &mailer, 100, &run, &err) != LD_OK) {
		fprintf(stderr, "loyaldesk: outbox: %s\n", err.message);
		return LD_ERR_INTERNAL;
	}
	if (run.sent + run.deferred + run.failed > 0)
		fprintf(stderr, "loyaldesk: outbox: %d sent, %d deferred, %d given up\n", run.sent,
			run.deferred, run.failed);
	return LD_OK;
}

struct cli_outbox *cli_outbox_start(const struct config *cfg)
{
	struct cli_outbox *o;
	struct ld_err why;

	if (!sends_mail(cfg, &why)) {
		fprintf(stderr, "loyaldesk: mail is not sent: %s\n", why.message);
		return NULL;
	}
	o = calloc(1, sizeof *o);
	if (o == NULL)
		return NULL;
	smtp_ctx_init(cfg, &o->sc);
	if ((o->worker = cli_worker_start(cfg, CLI_OUTBOX_POLL_S, send_round, o)) == NULL) {
		fprintf(stderr, "loyaldesk: cannot start the outbox sender\n");
		free(o);
		return NULL;
	}
	return o;
}

void cli_outbox_stop(struct cli_outbox *o)
{
	if (o == NULL)
		return;
	cli_worker_stop(o->worker);
	free(o);
}
