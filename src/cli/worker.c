/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * serve's background workers (cli.h): a thread that runs one round of work
 * every few seconds on an app context of its own, opened again after a
 * round that failed, until it is stopped.
 */
#include "cli/cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct cli_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	const struct config *cfg;
	int poll_s;
	cli_round_fn round;
	void *ctx;
};

static void *worker_main(void *arg)
{
	struct cli_worker *w = arg;
	struct app app = { 0 };
	struct ld_err err;
	bool open = false;

	ld_err_clear(&err);
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct timespec until;

		pthread_mutex_unlock(&w->lock);
		if (!open && cli_app_open(w->cfg, &app, &err) == LD_OK) {
			app.cfg.now = NULL; /* real time: back-off is measured on the clock */
			open = true;
		}
		if (open && w->round(&app, w->ctx) != LD_OK) {
			cli_app_close(&app); /* opened again at the next round */
			open = false;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += w->poll_s;
		pthread_mutex_lock(&w->lock);
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&w->lock);
	if (open)
		cli_app_close(&app);
	return NULL;
}

struct cli_worker *cli_worker_start(const struct config *cfg, int poll_s, cli_round_fn round,
				    void *ctx)
{
	struct cli_worker *w = calloc(1, sizeof *w);

	if (w == NULL)
		return NULL;
	w->cfg = cfg;
	w->poll_s = poll_s;
	w->round = round;
	w->ctx = ctx;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		free(w);
		return NULL;
	}
	return w;
}

void cli_worker_stop(struct cli_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}
