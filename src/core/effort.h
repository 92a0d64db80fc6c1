/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Effort signals of one case, maintained incrementally (DESIGN.md §4).
 *
 * The state below is what a case row stores; effort_update() folds one more
 * interaction into it in O(1) time and space, so reading a case never rescans
 * its interactions. The design essay with every definition, weight and edge
 * case is at the top of effort.c. Pure: no I/O, no allocation.
 */
#ifndef LD_CORE_EFFORT_H
#define LD_CORE_EFFORT_H

#include <stdbool.h>
#include <stdint.h>

/* How many distinct agents a case remembers as "has handled it before". */
#define EFFORT_HANDLERS_MAX 16

enum effort_band { EFFORT_LOW, EFFORT_MEDIUM, EFFORT_HIGH, EFFORT_BAND_COUNT };

struct effort_state {
	/* --- the signals (what the API shows) --- */
	int contacts;            /* customer-initiated inbound interactions */
	int repeat_contacts;     /* inbound after the first, + 1 if the case repeats a recent one */
	int transfers;           /* ownership/team changes */
	int channel_switches;    /* channel changes between consecutive inbound contacts */
	int web_phone_switches;  /* of those, web → phone (CEB's 57%) */
	int re_explanations;     /* customer told a new person the story again */
	int robot_only;          /* bot contacts that were not followed by resolution */
	int reopens;             /* resolved → reopened */
	int64_t opened_at;       /* Unix s, case opened */
	int64_t resolved_at;     /* Unix s, last resolution; 0 = open */
	/* --- incremental state (stored, not shown) --- */
	int last_in_channel;     /* channel of the last inbound contact, -1 = none yet */
	int64_t owner_id;        /* current owner as the interactions tell it, 0 = none */
	bool reexplain_armed;    /* a transfer without handover note awaits its first inbound */
	bool repeat_case;        /* case repeats a resolved one within the FCR window */
	int bot_pending;         /* bot-only contacts not yet followed by a human or a resolution */
	int handlers_len;        /* entries used in handlers[] */
	int64_t handlers[EFFORT_HANDLERS_MAX]; /* agents who handled the case, first come first kept */
};

/* One interaction, as effort sees it. */
struct effort_event {
	int channel;          /* enum ld_channel */
	int direction;        /* enum ld_direction */
	int kind;             /* enum ld_ikind */
	int64_t agent_id;     /* handling agent, 0 = none (self-service, bot, unassigned) */
	int64_t at;           /* Unix s */
	bool has_note;        /* LD_IK_TRANSFER: carried a handover note */
	int64_t to_agent_id;  /* LD_IK_TRANSFER: new owner, 0 = to a team queue */
	int status_to;        /* LD_IK_STATUS: new status (enum ld_case_status), else -1 */
};

/* Weights of the effort score and the band thresholds (documented in effort.c). */
struct effort_weights {
	double transfer;        /* per transfer */
	double channel_switch;  /* per channel switch */
	double re_explanation;  /* per re-explanation */
	double repeat_contact;  /* per repeat contact */
	double robot_only;      /* per robot-only contact */
	double reopen;          /* per reopen */
	double medium_at;       /* score ≥ this → medium */
	double high_at;         /* score ≥ this → high */
};

extern const struct effort_weights EFFORT_WEIGHTS_DEFAULT;

/* Starts the state of a case opened at `opened_at` (Unix s). */
void effort_init(struct effort_state *e, int64_t opened_at);

/*
 * Folds one interaction into `e`. Events must arrive in time order (ties in
 * insertion order). O(1).
 */
void effort_update(struct effort_state *e, const struct effort_event *ev);

/*
 * Marks the case as a repeat of a resolved case of the same customer and topic
 * inside the FCR window (DESIGN.md §4): counts one repeat contact. Idempotent.
 */
void effort_mark_repeat_case(struct effort_state *e);

/* Takes the mark back (the earlier case was reopened or merged away). Idempotent. */
void effort_unmark_repeat_case(struct effort_state *e);

/* Weighted score (≥ 0). `w` NULL = EFFORT_WEIGHTS_DEFAULT. */
double effort_score(const struct effort_state *e, const struct effort_weights *w);

/* Band of a score under `w` (NULL = default). */
enum effort_band effort_band_of(double score, const struct effort_weights *w);

/* "low" | "medium" | "high"; NULL for a value outside the enum (as model.h names). */
const char *effort_band_name(int b);

/* "low" | "medium" | "high" → enum effort_band; -1 for anything else. */
int effort_band_parse(const char *s);

/* Seconds from open to resolution, or to `now` while unresolved (≥ 0). */
int64_t effort_elapsed(const struct effort_state *e, int64_t now);

#endif
