/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Private to `loyaldesk demo`: the fixed tables the generator draws from
 * (demo_data.c) — names per language with their ASCII spelling for e-mail
 * addresses, phone formats, subjects and message texts, the teams, agents,
 * branches, the SLA calendar and its Czech public holidays.
 */
#ifndef LD_CLI_DEMO_DATA_H
#define LD_CLI_DEMO_DATA_H

#include <stdbool.h>
#include <stdint.h>

/* Topics a case can be about; each belongs to one team. */
enum demo_topic {
	DEMO_T_INVOICE, DEMO_T_DOUBLE_CHARGE, DEMO_T_REFUND, DEMO_T_LOGIN, DEMO_T_OUTAGE,
	DEMO_T_APP_CRASH, DEMO_T_SETUP, DEMO_T_RETURN, DEMO_T_REPAIR, DEMO_T_WARRANTY,
	DEMO_T_THANKS, DEMO_TOPIC_COUNT
};

struct demo_topic_info {
	int team;          /* index into demo_teams */
	int category;      /* enum ld_category */
	int weight;        /* relative frequency */
};

/* A name as written, and as it goes into an e-mail address. */
struct demo_name {
	const char *text;  /* "Dvořák" */
	const char *ascii; /* "dvorak" */
};

struct demo_lang {
	const char *code;                        /* "cs" */
	int weight;                              /* share of customers, percent */
	const struct demo_name *male_first;      /* given names */
	int male_first_len;
	const struct demo_name *female_first;
	int female_first_len;
	const struct demo_name *male_last;       /* surnames (male form) */
	int male_last_len;
	const struct demo_name *female_last;     /* same order, female form */
	bool double_surname;                     /* Spanish: two surnames */
	const char *const *domains;              /* e-mail domains */
	int domains_len;
	const char *phone;                       /* 'd' = a random digit */
	const char *subjects[DEMO_TOPIC_COUNT];  /* case subjects */
	const char *follow_up;                   /* "still waiting" */
	const char *again;                       /* "the problem is back" */
	const char *reply;                       /* agent's answer */
	const char *ask;                         /* agent asks for details */
	const char *details;                     /* customer sends them */
	int facility;                            /* nearest branch (index) */
};

struct demo_agent {
	const struct demo_name first;  /* given name */
	const struct demo_name last;   /* surname */
	int team;                      /* index into demo_teams */
	const char *languages;         /* "cs,en" */
	const char *skills;            /* "billing,refunds" */
	bool senior;                   /* takes escalations */
};

struct demo_facility {
	const char *name;     /* "Praha – Vinohrady" */
	const char *address;  /* postal address */
	const char *hours;    /* opening hours */
	const char *tz;       /* IANA zone */
};

struct demo_holiday {
	int32_t date;         /* yyyymmdd */
	const char *name;     /* Czech name */
};

#define DEMO_TEAMS 3
#define DEMO_AGENTS 12
#define DEMO_FACILITIES 2

extern const char *const demo_teams[DEMO_TEAMS];
extern const struct demo_topic_info demo_topics[DEMO_TOPIC_COUNT];
extern const struct demo_lang demo_langs[];
extern const int demo_langs_len;
extern const struct demo_agent demo_agents[DEMO_AGENTS];
extern const struct demo_facility demo_facilities[DEMO_FACILITIES];
extern const struct demo_holiday demo_holidays[];
extern const int demo_holidays_len;
extern const char *const demo_handover_notes[];
extern const int demo_handover_notes_len;
extern const char *const demo_internal_notes[];
extern const int demo_internal_notes_len;

#define DEMO_CALENDAR_NAME "Praha business hours"
#define DEMO_CALENDAR_HOURS "mon-fri 08:00-18:00"
#define DEMO_CALENDAR_TZ "Europe/Prague"

#endif
