/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk serve`: migrates the store once, starts the HTTP server
 * (http/server.h) and runs until SIGINT or SIGTERM, then stops it cleanly
 * and exits 0.
 *
 * Signals are blocked before the server starts, so its worker threads inherit
 * the mask and the main thread alone takes them, in sigwait(): no handler
 * runs in an arbitrary thread and nothing async-signal-unsafe is needed.
 * A host name in --listen is resolved here (the server binds IP literals).
 *
 * Background work. With gdpr.retention set, the main thread wakes every
 * APP_GDPR_SWEEP_INTERVAL_S while it waits for a signal and runs the
 * retention sweep (app_gdpr_retention) on a store handle of its own: one
 * hook, outside the server, so the HTTP server knows nothing of it. The
 * first sweep runs at the first wake-up, not at start, so a restart loop
 * never sweeps more often than the interval. With mail.smtp_url and
 * mail.from set, a thread of its own sends the outbox (cli/outbox.c),
 * stopped after the signal and before the server.
 */
#include "cli/cli.h"

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "app/live.h"
#include "http/server.h"

enum serve_opt { SERVE_OPT_LISTEN = CLI_OPT_FIRST_FREE, SERVE_OPT_THREADS, SERVE_OPT_MAX_BODY };

/* One retention sweep on a handle of its own; failures are reported, never fatal. */
static void serve_sweep(const struct config *cfg)
{
	struct app app = { 0 };
	struct app_gdpr_retention r;
	struct ld_err err;

	ld_err_clear(&err);
	if (cli_app_open(cfg, &app, &err) == LD_OK &&
	    app_gdpr_retention(&app, NULL, 0, false, &r, &err) == LD_OK) {
		if (r.removed.cases > 0)
			fprintf(stderr, "loyaldesk: retention removed the texts of %lld cases\n",
				(long long)r.removed.cases);
	} else {
		fprintf(stderr, "loyaldesk: retention sweep failed: %s\n", err.message);
	}
	cli_app_close(&app);
}

/* Waits for SIGINT or SIGTERM, sweeping meanwhile when retention is on; the signal. */
static int serve_wait(const sigset_t *sigs, const struct config *cfg)
{
	struct timespec interval = { .tv_sec = APP_GDPR_SWEEP_INTERVAL_S, .tv_nsec = 0 };
	int sig;

	for (;;) {
		if (cfg->gdpr_retention_months == 0)
			return sigwait(sigs, &sig) == 0 ? sig : 0;
		sig = sigtimedwait(sigs, NULL, &interval);
		if (sig > 0)
			return sig;
		if (errno == EAGAIN)
			serve_sweep(cfg);
		else if (errno != EINTR)
			return 0;
	}
}

/* Turns a host name into a numeric address; literals pass through. */
static ld_status serve_resolve(const char *host, char *out, size_t out_len, struct ld_err *err)
{
	struct addrinfo hints, *res = NULL;
	int rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0 || res == NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_listen", "listen",
			       "cannot resolve listen host %s: %s", host, gai_strerror(rc));
	rc = getnameinfo(res->ai_addr, res->ai_addrlen, out, (socklen_t)out_len, NULL, 0,
			 NI_NUMERICHOST);
	freeaddrinfo(res);
	if (rc != 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_listen", "listen",
			       "cannot resolve listen host %s", host);
	return LD_OK;
}

int cli_serve_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "listen", required_argument, NULL, SERVE_OPT_LISTEN },
		{ "threads", required_argument, NULL, SERVE_OPT_THREADS },
		{ "max-body", required_argument, NULL, SERVE_OPT_MAX_BODY },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct http_config hc;
	struct http_server *srv = NULL;
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	char host[CONFIG_HOST_MAX + 1];
	char shown[CONFIG_LISTEN_MAX];
	sigset_t sigs, old;
	struct cli_outbox *sender = NULL;
	struct cli_worker *hooks = NULL, *sweeper = NULL, *chats = NULL;
	struct app_live *live = NULL;
	bool started = false;
	int c, sig = 0, rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case SERVE_OPT_LISTEN: cli_flag(&flags, "serve.listen", optarg); break;
		case SERVE_OPT_THREADS: cli_flag(&flags, "serve.threads", optarg); break;
		case SERVE_OPT_MAX_BODY: cli_flag(&flags, "serve.max_body", optarg); break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (serve_resolve(cfg.listen_host, host, sizeof host, &err) != LD_OK)
		return cli_fail(&err);
	/* Migrate once, with the database named in any error, before binding. */
	if (cli_app_open(&cfg, &app, &err) != LD_OK)
		return cli_fail(&err);
	cli_app_close(&app);

	memset(&hc, 0, sizeof hc);
	hc.host = host;
	hc.port = cfg.listen_port;
	hc.store_url = cfg.db;
	hc.max_body = cfg.max_body;
	hc.threads = cfg.threads;
	hc.max_connections = cfg.max_connections;
	hc.max_per_address = cfg.max_connections_per_address > 0 ? cfg.max_connections_per_address
								  : -1; /* 0: no limit */
	hc.head_timeout_s = cfg.head_timeout_s;
	hc.body_timeout_s = cfg.body_timeout_s;
	hc.body_min_rate = cfg.body_min_rate;
	cli_app_config(&cfg, &hc.app);
	hc.app.now = NULL; /* real time; the CLI clock is for replaying history */
	live = app_live_new();
	hc.app.live = live; /* the server's streams and the chat sweeper share it */

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	if (http_server_start(&hc, &srv, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	/* The background senders first: when "listening" is printed, everything
	 * serve says about its setup has been said. */
	sender = cli_outbox_start(&cfg);
	hooks = cli_webhooks_start(&cfg);
	sweeper = cli_calls_start(&cfg);
	chats = cli_chats_start(&cfg, live);
	config_format_listen(host, http_server_port(srv), shown, sizeof shown);
	printf("loyaldesk listening on http://%s\n", shown);
	fflush(stdout);
	sig = serve_wait(&sigs, &cfg);
	cli_worker_stop(chats);
	cli_worker_stop(sweeper);
	cli_worker_stop(hooks);
	cli_outbox_stop(sender);
	fprintf(stderr, "loyaldesk: %s received, stopping\n",
		sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal");
	http_server_stop(srv);
	srv = NULL;
	rc = CLI_EXIT_OK;
out:
	http_server_stop(srv);
	app_live_free(live);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
