/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Live events inside one process: who waits for news of a topic (a chat),
 * and waking them when a transaction that changed it has committed.
 *
 * The hub carries no data. A waiter remembers the hub's sequence number,
 * reads the store, and when it found nothing new arms its watch with that
 * number: if anything was published since, arming fails and it reads again,
 * so no news falls between its read and its wait. A publish wakes every
 * armed watch of its topic and every watch of APP_LIVE_ANY (a feed over all
 * chats), once: a woken watch is disarmed, and its owner reads the store
 * again. A wake that finds nothing new costs one read, never a lost event;
 * that is also what makes a tick (app_live_wake_all) safe. What another
 * process wrote is seen at the next tick.
 *
 * The use cases call app_live_note() inside their transaction; app_tx_end()
 * publishes the noted topics after the commit, and forgets them on a
 * rollback. A savepoint rolled back keeps its notes: a wake with nothing
 * new is harmless.
 *
 * Thread-safe. A wake function runs on the publishing thread with the hub's
 * lock held: it must be short and must not call back into the hub.
 */
#ifndef LD_APP_LIVE_H
#define LD_APP_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#define APP_LIVE_ANY 0 /* the topic of a watch that every publish wakes */

struct app_live;

/* A wait for one topic; the owner's memory, linked into the hub while armed. */
struct app_live_watch {
	int64_t topic;                   /* a chat id, or APP_LIVE_ANY */
	void (*wake)(void *arg);         /* called once per arming */
	void *arg;
	struct app_live_watch *prev, *next; /* the hub's (while armed) */
	bool armed;                      /* the hub's */
};

struct app_live *app_live_new(void);
/* Frees the hub; no watch may be armed. NULL-safe. */
void app_live_free(struct app_live *hub);

/* The number of publishes so far (read it before reading the store). */
uint64_t app_live_seq(struct app_live *hub);

/* Arms `w` unless anything was published since `seen` (then false: read
 * again). */
bool app_live_arm(struct app_live *hub, struct app_live_watch *w, uint64_t seen);
/* Disarms `w` if armed; after it returns, `w`'s wake is not running. */
void app_live_disarm(struct app_live *hub, struct app_live_watch *w);

/* Wakes the watches of `topic` and of APP_LIVE_ANY. */
void app_live_publish(struct app_live *hub, int64_t topic);
/* Wakes every armed watch (a tick, a shutdown). */
void app_live_wake_all(struct app_live *hub);

#endif
