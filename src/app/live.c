/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The in-process live hub (app/live.h). One list of armed watches under one
 * lock: a publish walks it, which at a few hundred open chats is a few
 * hundred pointer steps per message, far below the store write before it.
 */
#include "app/live.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/xmalloc.h"

struct app_live {
	pthread_mutex_t lock;
	uint64_t seq;                  /* publishes so far (lock) */
	struct app_live_watch *armed;  /* list head (lock) */
};

struct app_live *app_live_new(void)
{
	struct app_live *hub = xcalloc(1, sizeof *hub);

	pthread_mutex_init(&hub->lock, NULL);
	return hub;
}

void app_live_free(struct app_live *hub)
{
	if (hub == NULL)
		return;
	pthread_mutex_destroy(&hub->lock);
	free(hub);
}

uint64_t app_live_seq(struct app_live *hub)
{
	uint64_t seq;

	pthread_mutex_lock(&hub->lock);
	seq = hub->seq;
	pthread_mutex_unlock(&hub->lock);
	return seq;
}

static void unlink_watch(struct app_live *hub, struct app_live_watch *w)
{
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		hub->armed = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	w->prev = w->next = NULL;
	w->armed = false;
}

bool app_live_arm(struct app_live *hub, struct app_live_watch *w, uint64_t seen)
{
	bool ok;

	pthread_mutex_lock(&hub->lock);
	ok = hub->seq == seen;
	if (ok && !w->armed) {
		w->prev = NULL;
		w->next = hub->armed;
		if (hub->armed != NULL)
			hub->armed->prev = w;
		hub->armed = w;
		w->armed = true;
	}
	pthread_mutex_unlock(&hub->lock);
	return ok;
}

void app_live_disarm(struct app_live *hub, struct app_live_watch *w)
{
	pthread_mutex_lock(&hub->lock);
	if (w->armed)
		unlink_watch(hub, w);
	pthread_mutex_unlock(&hub->lock);
}

/* Wakes the armed watches `all` or of `topic` (and the feeds). */
static void wake(struct app_live *hub, bool all, int64_t topic)
{
	struct app_live_watch *w, *next;

	pthread_mutex_lock(&hub->lock);
	hub->seq++;
	for (w = hub->armed; w != NULL; w = next) {
		next = w->next;
		if (all || w->topic == topic || w->topic == APP_LIVE_ANY) {
			unlink_watch(hub, w);
			w->wake(w->arg);
		}
	}
	pthread_mutex_unlock(&hub->lock);
}

void app_live_publish(struct app_live *hub, int64_t topic)
{
	wake(hub, false, topic);
}

void app_live_wake_all(struct app_live *hub)
{
	wake(hub, true, 0);
}
