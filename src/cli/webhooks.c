/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * serve's webhook sender: app/webhooks.h's deliveries over util/http_client.c.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "app/webhooks.h"
#include "util/http_client.h"

static void http_post(void *ctx, const char *url, const char *const *headers, const char *body,
		      size_t len, struct app_post_result *out)
{
	struct http_post_result r;

	(void)ctx;
	http_client_post(url, headers, body, len, APP_WEBHOOK_TIMEOUT_S, &r);
	out->answered = r.answered;
	out->status = r.status;
	snprintf(out->error, sizeof out->error, "%s", r.error);
}

static ld_status deliver_round(struct app *app, void *ctx)
{
	struct app_poster poster = { http_post, NULL };
	struct app_webhook_run run;
	struct ld_err err;

	(void)ctx;
	ld_err_clear(&err);
	if (app_webhook_send_due(app, &poster, 100, &run, &err) != LD_OK) {
		fprintf(stderr, "loyaldesk: webhooks: %s\n", err.message);
		return LD_ERR_INTERNAL;
	}
	if (run.delivered + run.deferred + run.failed > 0)
		fprintf(stderr, "loyaldesk: webhooks: %d delivered, %d deferred, %d given up\n",
			run.delivered, run.deferred, run.failed);
	return LD_OK;
}

struct cli_worker *cli_webhooks_start(const struct config *cfg)
{
	struct cli_worker *w = cli_worker_start(cfg, CLI_OUTBOX_POLL_S, deliver_round, NULL);

	if (w == NULL)
		fprintf(stderr, "loyaldesk: cannot start the webhook sender\n");
	return w;
}
