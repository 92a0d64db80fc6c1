/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Private to core/survey_text.c: the layout of the text tables and the
 * tables themselves (core/survey_text_data.c), one entry per language.
 * The design notes on the wording open core/survey_text.c.
 */
#ifndef LD_CORE_SURVEY_TEXT_DATA_H
#define LD_CORE_SURVEY_TEXT_DATA_H

#include <stddef.h>

#include "core/model.h"
#include "core/survey_metrics.h"

/* The words of one survey kind in one language. */
struct kind_text {
	const char *title;      /* form heading and invitation subject */
	const char *intro;      /* one or two sentences under the title */
	const char *question;   /* csat/nps/ces: the question; servqual: NULL (statements below) */
	const char *min_label;  /* low end of the scale */
	const char *max_label;  /* high end of the scale */
};

/* Everything a customer reads in one language. */
struct language_text {
	const char *code;                             /* "cs" "de" "pl" "en" "es" "uk" */
	struct kind_text kinds[LD_SURVEY_KIND_COUNT]; /* by enum ld_survey_kind */
	const char *expected[SURVEY_SQ_DIM_COUNT];    /* servqual "An excellent company…" */
	const char *perceived[SURVEY_SQ_DIM_COUNT];   /* servqual "We…" */
	const char *comment_prompt;                   /* optional free-text comment */
	const char *submit;                           /* the answer page's send button */
	const char *check_answers;                    /* above the reason of a refused answer */
	const char *thanks;                           /* after answering */
	const char *duration_one;                     /* invitation: one question, how long */
	const char *duration_servqual;                /* invitation: SERVQUAL, how long */
	const char *greeting_before;                  /* salutation up to the name */
	const char *greeting_after;                   /* salutation after the name */
	const char *greeting_anonymous;               /* salutation without a name */
	const char *lead;                             /* request for feedback, no case */
	const char *case_lead_before;                 /* request naming the case, up to it */
	const char *case_lead_after;                  /* … after its subject */
	const char *link_intro;                       /* line above the link */
	const char *expiry_before;                    /* validity sentence up to the date */
	const char *expiry_after;                     /* … after the date */
	const char *closing;                          /* sign-off, may span lines */
};

/* English is the source and the fallback; it is entry 0. */
extern const struct language_text SURVEY_TEXTS[];
extern const size_t SURVEY_TEXTS_COUNT;

#endif
