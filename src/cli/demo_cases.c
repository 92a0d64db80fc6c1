/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * One demo case, told as it would happen, through the same use cases the API
 * calls (so effort signals, first response, SLA clocks, reopen counts and the
 * audit trail are all computed the real way). The CLI clock is pinned to each
 * event's time before its call.
 *
 * The story, each step drawn with its own probability:
 *   first contact  e-mail, phone, chat, web, social, a branch visit, or the bot;
 *                  a bot contact may be retried, solve the case alone (resolved
 *                  without a human), be abandoned (robot-only), or hand over to
 *                  a human on another channel (a channel switch);
 *   first reply    by the owner, later for lower priorities and pushed into
 *                  business hours (mon-fri 08-18 Prague) most of the time;
 *   transfer       to a colleague, a senior or another team's queue, with or
 *                  without a handover note; without one, the customer often
 *                  has to explain again (a re-explanation);
 *   repeat contact the customer chases, often on another channel;
 *   visit          at the nearest branch, during opening hours;
 *   pending        the agent asks for details and waits (SLA clock paused);
 *   resolution, and sometimes a reopen and a second resolution; closing
 *                  a week after resolution.
 * Events later than ctx->now are not written: recent cases are still open.
 */
#include "cli/demo.h"

#include <math.h>
#include <string.h>

#define DEMO_MIN 60
#define DEMO_HOUR 3600
#define DEMO_DAY 86400

struct demo_story {
	struct demo_ctx *ctx;         /* loader state */
	struct demo_rng rng;          /* this case's randomness */
	const struct demo_lang *lang; /* customer's language */
	int topic;                    /* enum demo_topic */
	int64_t t;                    /* time of the next event */
	int64_t case_id;              /* store id once opened */
	int64_t owner;                /* current owner's store id, 0 = none */
	int owner_index;              /* its index in demo_agents, -1 = none */
	int last_channel;             /* channel of the last customer contact */
	int64_t resolved_at;          /* last resolution, 0 = unresolved */
	bool ended;                   /* the story reached ctx->now */
	ld_status rc;                 /* first failure */
	struct ld_err *err;           /* caller's */
};

/* ---------------------------------------------------------------------- */
/* Time                                                                    */
/* ---------------------------------------------------------------------- */

/* Prague wall clock, close enough for a demo: UTC+1, UTC+2 April–October. */
static int64_t demo_local(int64_t t)
{
	int64_t day = t / DEMO_DAY;
	int64_t doy = (day + 365 * 30) % 365; /* rough day of year, ±1 */

	return t + (doy >= 90 && doy < 300 ? 2 : 1) * DEMO_HOUR;
}

static bool demo_business(int64_t t)
{
	int64_t l = demo_local(t);
	int wday = (int)((l / DEMO_DAY + 4) % 7); /* 1970-01-01 was a Thursday; 0 = Sunday */
	int hour = (int)(l % DEMO_DAY / DEMO_HOUR);

	return wday >= 1 && wday <= 5 && hour >= 8 && hour < 18;
}

/* Moves `t` forward into business hours, at most a few days. */
static int64_t demo_next_business(struct demo_rng *r, int64_t t)
{
	int steps = 0;

	while (!demo_business(t) && steps++ < 24 * 5)
		t += DEMO_HOUR;
	return t + demo_range(r, 0, 90 * DEMO_MIN);
}

/* Advances the story's clock; ends the story past ctx->now. */
static void demo_wait(struct demo_story *s, int64_t lo, int64_t hi, bool staff)
{
	s->t += demo_range(&s->rng, lo, hi);
	if (staff && !demo_business(s->t) && demo_unit(&s->rng) < 0.8)
		s->t = demo_next_business(&s->rng, s->t);
	if (s->t > s->ctx->now)
		s->ended = true;
}

static bool demo_live(const struct demo_story *s)
{
	return !s->ended && s->rc == LD_OK;
}

/* ---------------------------------------------------------------------- */
/* Events                                                                  */
/* ---------------------------------------------------------------------- */

static int demo_duration(struct demo_rng *r, int channel)
{
	switch (channel) {
	case LD_CH_PHONE: return (int)demo_range(r, 90, 900);
	case LD_CH_CHAT: return (int)demo_range(r, 180, 1200);
	case LD_CH_VISIT: return (int)demo_range(r, 600, 2400);
	default: return 0;
	}
}

static double demo_sentiment(struct demo_story *s, double lo, double hi)
{
	return round((lo + (hi - lo) * demo_unit(&s->rng)) * 100.0) / 100.0;
}

/* An inbound contact; `agent` 0 for the bot and unattended channels. */
static void demo_in(struct demo_story *s, int channel, int64_t agent, const char *body,
		    double sentiment)
{
	struct app_interaction_in in;

	if (!demo_live(s))
		return;
	memset(&in, 0, sizeof in);
	in.channel = channel;
	in.direction = LD_DIR_IN;
	in.kind = -1;
	in.agent_id = channel == LD_CH_BOT ? 0 : agent;
	in.started_at = s->t;
	in.duration_s = demo_duration(&s->rng, channel);
	in.body = body;
	in.sentiment = channel == LD_CH_BOT ? NAN : sentiment;
	if (channel == LD_CH_VISIT) {
		int f = demo_unit(&s->rng) < 0.9 ? s->lang->facility : demo_below(&s->rng, 2);
		in.facility_id = s->ctx->facility_ids[f];
		s->ctx->visits++;
	}
	cli_clock_set(s->t);
	s->rc = app_interaction_add(s->ctx->app, NULL, s->case_id, &in, NULL, NULL, s->err);
	s->ctx->interactions++;
	s->last_channel = channel;
}

/* The owner answers: a call back on the phone, else in writing. */
static void demo_out(struct demo_story *s, const char *body)
{
	struct app_interaction_in in;
	int ch = s->last_channel;

	if (!demo_live(s) || s->owner == 0)
		return;
	if (ch == LD_CH_BOT || ch == LD_CH_VISIT || ch == LD_CH_WEB || ch == LD_CH_SOCIAL)
		ch = LD_CH_EMAIL;
	memset(&in, 0, sizeof in);
	in.channel = ch;
	in.direction = LD_DIR_OUT;
	in.kind = -1;
	in.agent_id = s->owner;
	in.started_at = s->t;
	in.duration_s = demo_duration(&s->rng, ch);
	in.body = ch == LD_CH_PHONE ? NULL : body;
	in.sentiment = NAN;
	cli_clock_set(s->t);
	s->rc = app_interaction_add(s->ctx->app, NULL, s->case_id, &in, NULL, NULL, s->err);
	s->ctx->interactions++;
}

static void demo_note(struct demo_story *s)
{
	struct app_interaction_in in;

	if (!demo_live(s) || s->owner == 0)
		return;
	memset(&in, 0, sizeof in);
	in.channel = s->last_channel == LD_CH_BOT ? LD_CH_WEB : s->last_channel;
	in.direction = LD_DIR_INTERNAL;
	in.kind = LD_IK_NOTE;
	in.agent_id = s->owner;
	in.started_at = s->t;
	in.body = demo_internal_notes[demo_below(&s->rng, demo_internal_notes_len)];
	in.sentiment = NAN;
	cli_clock_set(s->t);
	s->rc = app_interaction_add(s->ctx->app, NULL, s->case_id, &in, NULL, NULL, s->err);
	s->ctx->interactions++;
}

static void demo_status(struct demo_story *s, int status)
{
	struct app_case_patch p;
	struct ld_case c;

	if (!demo_live(s))
		return;
	memset(&p, 0, sizeof p);
	p.has_status = true;
	p.status = status;
	cli_clock_set(s->t);
	s->rc = app_case_update(s->ctx->app, NULL, s->case_id, &p, &c, s->err);
	s->ctx->interactions++;
	if (s->rc == LD_OK && (status == LD_ST_RESOLVED || status == LD_ST_CLOSED))
		s->resolved_at = c.resolved_at;
}

/* Assigns an unowned case (not a transfer). */
static void demo_assign(struct demo_story *s, int agent)
{
	struct app_case_patch p;
	struct ld_case c;

	if (!demo_live(s))
		return;
	memset(&p, 0, sizeof p);
	p.has_owner = true;
	p.owner_id = s->ctx->agent_ids[agent];
	cli_clock_set(s->t);
	s->rc = app_case_update(s->ctx->app, NULL, s->case_id, &p, &c, s->err);
	s->owner = p.owner_id;
	s->owner_index = agent;
}

/* An agent of `team` who speaks the customer's language, if any does. */
static int demo_pick_agent(struct demo_story *s, int team, int except, bool senior)
{
	int options[DEMO_AGENTS], n = 0, i;

	for (i = 0; i < DEMO_AGENTS; i++) {
		const struct demo_agent *a = &demo_agents[i];
		if (a->team != team || i == except || (senior && !a->senior))
			continue;
		if (strstr(a->languages, s->lang->code) != NULL)
			options[n++] = i;
	}
	if (n == 0)
		for (i = 0; i < DEMO_AGENTS; i++)
			if (demo_agents[i].team == team && i != except)
				options[n++] = i;
	return options[demo_below(&s->rng, n)];
}

static void demo_transfer(struct demo_story *s)
{
	struct ld_case c;
	const char *note = NULL;
	int64_t to_agent = 0, to_team = 0;
	int team = demo_topics[s->topic].team, target = -1;
	double r = demo_unit(&s->rng);

	if (!demo_live(s))
		return;
	if (r < 0.45) {                       /* a colleague */
		target = demo_pick_agent(s, team, s->owner_index, false);
	} else if (r < 0.65) {                /* escalation to a senior */
		target = demo_pick_agent(s, team, s->owner_index, true);
	} else if (r < 0.9) {                 /* wrong team: someone there */
		team = (team + 1 + demo_below(&s->rng, DEMO_TEAMS - 1)) % DEMO_TEAMS;
		target = demo_pick_agent(s, team, -1, false);
	} else {                              /* wrong team: into its queue */
		team = (team + 1 + demo_below(&s->rng, DEMO_TEAMS - 1)) % DEMO_TEAMS;
		to_team = s->ctx->team_ids[team];
	}
	if (target >= 0)
		to_agent = s->ctx->agent_ids[target];
	if (to_agent == s->owner && to_team == 0)
		return; /* nobody else to hand it to */
	if (demo_unit(&s->rng) < 0.55)
		note = demo_handover_notes[demo_below(&s->rng, demo_handover_notes_len)];
	cli_clock_set(s->t);
	s->rc = app_case_transfer(s->ctx->app, NULL, s->case_id, to_agent, to_team, note, &c,
				  s->err);
	s->ctx->interactions++;
	s->ctx->transfers++;
	s->owner = to_agent;
	s->owner_index = target;
	if (s->rc == LD_OK && to_agent == 0) { /* someone in that queue picks it up */
		demo_wait(s, 10 * DEMO_MIN, 6 * DEMO_HOUR, true);
		demo_assign(s, demo_pick_agent(s, team, -1, false));
	}
	if (note == NULL && demo_unit(&s->rng) < 0.75) { /* tell the story again */
		int ch = demo_unit(&s->rng) < 0.5 ? LD_CH_PHONE : s->last_channel;
		demo_wait(s, 30 * DEMO_MIN, 30 * DEMO_HOUR, false);
		demo_in(s, ch == LD_CH_BOT ? LD_CH_CHAT : ch, s->owner,
			s->lang->subjects[s->topic], demo_sentiment(s, -0.7, -0.1));
	}
}

/* ---------------------------------------------------------------------- */
/* The story                                                               */
/* ---------------------------------------------------------------------- */

static int demo_first_channel(struct demo_story *s, const struct demo_customer *cust,
			      bool follow_up)
{
	static const int mix[] = { LD_CH_EMAIL, LD_CH_EMAIL, LD_CH_EMAIL, LD_CH_EMAIL,
				   LD_CH_EMAIL, LD_CH_PHONE, LD_CH_PHONE, LD_CH_PHONE,
				   LD_CH_PHONE, LD_CH_PHONE, LD_CH_CHAT, LD_CH_CHAT, LD_CH_CHAT,
				   LD_CH_WEB, LD_CH_WEB, LD_CH_WEB, LD_CH_BOT, LD_CH_BOT,
				   LD_CH_BOT, LD_CH_SOCIAL, LD_CH_VISIT };
	if (follow_up && demo_unit(&s->rng) < 0.5)
		return LD_CH_PHONE; /* a customer who has to come back calls */
	if (cust->preferred >= 0 && demo_unit(&s->rng) < 0.55)
		return cust->preferred;
	return mix[demo_below(&s->rng, (int)(sizeof mix / sizeof mix[0]))];
}

static int demo_priority(struct demo_story *s)
{
	double r = demo_unit(&s->rng);

	switch (s->topic) {
	case DEMO_T_OUTAGE:
		return r < 0.2 ? LD_PRIO_URGENT : r < 0.6 ? LD_PRIO_HIGH : LD_PRIO_NORMAL;
	case DEMO_T_WARRANTY:
	case DEMO_T_DOUBLE_CHARGE:
		return r < 0.4 ? LD_PRIO_HIGH : LD_PRIO_NORMAL;
	case DEMO_T_THANKS:
		return LD_PRIO_LOW;
	default:
		return r < 0.03 ? LD_PRIO_URGENT : r < 0.12 ? LD_PRIO_HIGH
			: r < 0.3 ? LD_PRIO_LOW : LD_PRIO_NORMAL;
	}
}

static void demo_open(struct demo_story *s, const struct demo_customer *cust, int channel,
		      int priority, bool assigned)
{
	struct app_case_open_in in;
	struct ld_case c;
	int team = demo_topics[s->topic].team;
	bool complaint = demo_topics[s->topic].category == LD_CAT_COMPLAINT;

	memset(&in, 0, sizeof in);
	in.customer_id = cust->id;
	in.subject = s->lang->subjects[s->topic];
	in.category = demo_unit(&s->rng) < 0.92 ? demo_topics[s->topic].category
						 : demo_below(&s->rng, LD_CAT_COUNT - 1);
	in.priority = priority;
	in.team_id = s->ctx->team_ids[team];
	if (assigned) {
		s->owner_index = demo_pick_agent(s, team, -1, false);
		s->owner = s->ctx->agent_ids[s->owner_index];
		in.owner_id = s->owner;
	}
	in.first.channel = channel;
	in.first.direction = LD_DIR_IN;
	in.first.kind = -1;
	in.first.agent_id = channel == LD_CH_PHONE || channel == LD_CH_CHAT ||
					    channel == LD_CH_VISIT ? s->owner : 0;
	in.first.started_at = s->t;
	in.first.duration_s = demo_duration(&s->rng, channel);
	in.first.body = s->lang->subjects[s->topic];
	in.first.sentiment = channel == LD_CH_BOT ? NAN
			     : s->topic == DEMO_T_THANKS ? demo_sentiment(s, 0.6, 1.0)
			     : complaint ? demo_sentiment(s, -0.9, -0.3)
					 : demo_sentiment(s, -0.3, 0.3);
	if (channel == LD_CH_VISIT) {
		in.first.facility_id = s->ctx->facility_ids[s->lang->facility];
		s->ctx->visits++;
	}
	cli_clock_set(s->t);
	s->rc = app_case_open(s->ctx->app, NULL, &in, &c, s->err);
	s->ctx->interactions++;
	s->case_id = c.id;
	s->last_channel = channel;
}

/* A bot first contact; false when the story ends with the bot. */
static bool demo_bot(struct demo_story *s)
{
	double r;

	if (demo_unit(&s->rng) < 0.35) { /* the customer tries the bot again */
		demo_wait(s, 1 * DEMO_MIN, 8 * DEMO_MIN, false);
		demo_in(s, LD_CH_BOT, 0, s->lang->subjects[s->topic], NAN);
	}
	r = demo_unit(&s->rng);
	if (r < 0.25) { /* the bot's answer was enough */
		demo_wait(s, 2 * DEMO_MIN, 10 * DEMO_MIN, false);
		demo_status(s, LD_ST_RESOLVED);
		return false;
	}
	if (r < 0.4)
		return false; /* abandoned: robot-only */
	demo_wait(s, 5 * DEMO_MIN, 2 * DEMO_HOUR, false);
	if (s->owner == 0)
		demo_assign(s, demo_pick_agent(s, demo_topics[s->topic].team, -1, false));
	r = demo_unit(&s->rng);
	demo_in(s, r < 0.5 ? LD_CH_CHAT : r < 0.8 ? LD_CH_PHONE : LD_CH_WEB, s->owner,
		s->lang->subjects[s->topic], demo_sentiment(s, -0.5, 0.1));
	return true;
}

static int64_t demo_reply_delay(int priority)
{
	switch (priority) {
	case LD_PRIO_URGENT: return 45 * DEMO_MIN;
	case LD_PRIO_HIGH: return 3 * DEMO_HOUR;
	case LD_PRIO_NORMAL: return 8 * DEMO_HOUR;
	default: return 24 * DEMO_HOUR;
	}
}

ld_status demo_case_run(struct demo_ctx *ctx, uint64_t seed, int64_t start,
			const struct demo_customer *cust, int topic, bool follow_up,
			int64_t *resolved_at, struct ld_err *err)
{
	struct demo_story s;
	int channel, priority;
	int64_t delay;

	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.rng.s = seed;
	s.lang = &demo_langs[cust->lang];
	s.topic = topic;
	s.t = start;
	s.owner_index = -1;
	s.err = err;
	channel = demo_first_channel(&s, cust, follow_up);
	priority = demo_priority(&s);
	delay = demo_reply_delay(priority);
	demo_open(&s, cust, channel, priority, channel != LD_CH_BOT && demo_unit(&s.rng) < 0.7);
	if (channel == LD_CH_BOT && !demo_bot(&s))
		goto out;
	if (s.owner == 0) { /* picked up from the team's queue */
		demo_wait(&s, 5 * DEMO_MIN, delay, true);
		demo_assign(&s, demo_pick_agent(&s, demo_topics[topic].team, -1, false));
	}
	demo_wait(&s, 5 * DEMO_MIN, delay, true);
	demo_out(&s, s.lang->reply);
	if (demo_unit(&s.rng) < (topic == DEMO_T_THANKS ? 0.0 : 0.22)) {
		demo_wait(&s, 10 * DEMO_MIN, 20 * DEMO_HOUR, true);
		demo_transfer(&s);
		demo_wait(&s, 10 * DEMO_MIN, delay, true);
		demo_out(&s, s.lang->reply);
	}
	if (demo_unit(&s.rng) < 0.1) {
		demo_wait(&s, 5 * DEMO_MIN, 4 * DEMO_HOUR, true);
		demo_note(&s);
	}
	if (demo_unit(&s.rng) < 0.22) { /* the customer chases, often elsewhere */
		int ch = s.last_channel;
		if (demo_unit(&s.rng) < 0.45)
			ch = ch == LD_CH_PHONE ? LD_CH_EMAIL : LD_CH_PHONE;
		demo_wait(&s, 4 * DEMO_HOUR, 3 * DEMO_DAY, false);
		demo_in(&s, ch, s.owner, s.lang->follow_up, demo_sentiment(&s, -0.6, -0.1));
		demo_wait(&s, 5 * DEMO_MIN, delay, true);
		demo_out(&s, s.lang->reply);
	}
	if (demo_unit(&s.rng) < (topic == DEMO_T_RETURN || topic == DEMO_T_REPAIR ||
						 topic == DEMO_T_WARRANTY
					 ? 0.2
					 : 0.03)) {
		demo_wait(&s, 1 * DEMO_DAY, 5 * DEMO_DAY, true);
		demo_in(&s, LD_CH_VISIT, s.owner, s.lang->details, demo_sentiment(&s, -0.2, 0.4));
	}
	if (demo_unit(&s.rng) < 0.15) { /* waiting for the customer */
		demo_wait(&s, 5 * DEMO_MIN, 2 * DEMO_HOUR, true);
		demo_out(&s, s.lang->ask);
		demo_wait(&s, 1 * DEMO_MIN, 5 * DEMO_MIN, false);
		demo_status(&s, LD_ST_PENDING);
		if (demo_unit(&s.rng) < 0.8) {
			demo_wait(&s, 6 * DEMO_HOUR, 4 * DEMO_DAY, false);
			demo_in(&s, LD_CH_EMAIL, s.owner, s.lang->details, demo_sentiment(&s, 0, 0.3));
			demo_wait(&s, 5 * DEMO_MIN, delay, true);
			demo_out(&s, s.lang->reply);
		} else {
			demo_wait(&s, 7 * DEMO_DAY, 8 * DEMO_DAY, true); /* no answer: closed out */
		}
	}
	demo_wait(&s, 1 * DEMO_MIN, 2 * DEMO_HOUR, true);
	demo_status(&s, LD_ST_RESOLVED);
	if (demo_unit(&s.rng) < 0.07) { /* it was not really fixed */
		demo_wait(&s, 1 * DEMO_DAY, 6 * DEMO_DAY, false);
		demo_in(&s, s.last_channel == LD_CH_BOT ? LD_CH_WEB : s.last_channel, s.owner,
			s.lang->again, demo_sentiment(&s, -0.8, -0.3));
		if (demo_live(&s))
			ctx->reopens++;
		demo_wait(&s, 5 * DEMO_MIN, delay, true);
		demo_out(&s, s.lang->reply);
		demo_wait(&s, 1 * DEMO_HOUR, 2 * DEMO_DAY, true);
		demo_status(&s, LD_ST_RESOLVED);
	}
	if (s.resolved_at != 0 && demo_unit(&s.rng) < 0.6) {
		demo_wait(&s, 7 * DEMO_DAY, 8 * DEMO_DAY, false);
		demo_status(&s, LD_ST_CLOSED);
	}
out:
	*resolved_at = s.resolved_at;
	return s.rc;
}
