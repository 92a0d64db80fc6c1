/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk demo`: loads a realistic, deterministic data set through the use
 * cases — the admin account, an SLA calendar (Praha business hours with Czech
 * public holidays) and one policy per priority, three teams, twelve agents,
 * two branches, customers in six languages, and cases with whole histories
 * (demo_cases.c tells each one).
 *
 * Everything but the admin's password hash is a function of --seed and of
 * the hour the command runs (the data set ends "now", so it always looks
 * current). Cases are written in order of their first contact, so a customer
 * coming back on the same topic within the FCR window is recognised as a
 * repeat case the real way; ~8% of cases are planned as such follow-ups, the
 * rest spread over the last 120 days with business-hour peaks. Writes are
 * batched (DEMO_BATCH_CASES cases, DEMO_BATCH_CUSTOMERS customers per
 * transaction) through app_batch_begin/end.
 */
#include "cli/demo.h"

#include <stdlib.h>
#include <string.h>

#include "cli/idmap.h"
#include "util/crypto.h"
#include "util/xmalloc.h"

#define DEMO_BATCH_CASES 2000
#define DEMO_BATCH_CUSTOMERS 2000
#define DEMO_SPAN_DAYS 120
#define DEMO_DAY 86400
#define DEMO_ADMIN_EMAIL "admin@example.com"

/* SLA targets per priority, business seconds (first response, resolution). */
/* Claims (complaints) have targets of their own: answered sooner. A policy
 * names the priority too, as a priority outranks a category (docs/sla.md). */
static const struct {
	const char *name;
	int priority;
	int category;
	int64_t first_response_s, resolution_s;
} demo_policies[] = {
	{ "Urgent: 1h / 8h", LD_PRIO_URGENT, -1, 1 * 3600, 8 * 3600 },
	{ "High: 4h / 24h", LD_PRIO_HIGH, -1, 4 * 3600, 24 * 3600 },
	{ "Normal: 8h / 40h", LD_PRIO_NORMAL, -1, 8 * 3600, 40 * 3600 },
	{ "Low: 24h / 80h", LD_PRIO_LOW, -1, 24 * 3600, 80 * 3600 },
	{ "Claim, urgent: 1h / 8h", LD_PRIO_URGENT, LD_CAT_COMPLAINT, 1 * 3600, 8 * 3600 },
	{ "Claim, high: 2h / 16h", LD_PRIO_HIGH, LD_CAT_COMPLAINT, 2 * 3600, 16 * 3600 },
	{ "Claim, normal: 4h / 24h", LD_PRIO_NORMAL, LD_CAT_COMPLAINT, 4 * 3600, 24 * 3600 },
	{ "Claim, low: 8h / 40h", LD_PRIO_LOW, LD_CAT_COMPLAINT, 8 * 3600, 40 * 3600 },
};

/* A case waiting to be written, ordered by its first contact. */
struct demo_plan {
	int64_t start;        /* Unix s */
	uint64_t seed;        /* its story's randomness */
	int32_t customer;     /* index into ctx->customers */
	int16_t topic;        /* enum demo_topic */
	bool follow_up;       /* comes back after a resolved case */
};

/* A binary min-heap of plans by start. */
struct demo_heap {
	struct demo_plan *v;  /* entries */
	size_t len, cap;      /* used / allocated */
};

static void demo_heap_push(struct demo_heap *h, const struct demo_plan *p)
{
	size_t i;

	h->v = xgrow(h->v, sizeof *h->v, h->len + 1, &h->cap);
	i = h->len++;
	while (i > 0 && h->v[(i - 1) / 2].start > p->start) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = *p;
}

static struct demo_plan demo_heap_pop(struct demo_heap *h)
{
	struct demo_plan top = h->v[0], last = h->v[--h->len];
	size_t i = 0, c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= h->len)
			break;
		if (c + 1 < h->len && h->v[c + 1].start < h->v[c].start)
			c++;
		if (h->v[c].start >= last.start)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->len > 0)
		h->v[i] = last;
	return top;
}

/* ---------------------------------------------------------------------- */
/* Set-up: SLA, teams, agents, branches                                    */
/* ---------------------------------------------------------------------- */

static ld_status demo_sla(struct demo_ctx *ctx, int64_t *calendar_id, struct ld_err *err)
{
	struct store_sla_policy existing[8];
	struct store_calendar cal;
	int n = 0, i;
	ld_status rc;

	/* Loading again (--force): keep the SLA set-up that is there. */
	rc = app_sla_policy_list(ctx->app, NULL, existing, 8, &n, err);
	if (rc != LD_OK)
		return rc;
	if (n > 0) {
		*calendar_id = existing[0].calendar_id;
		return LD_OK;
	}
	memset(&cal, 0, sizeof cal);
	snprintf(cal.name, sizeof cal.name, DEMO_CALENDAR_NAME);
	snprintf(cal.tz, sizeof cal.tz, DEMO_CALENDAR_TZ);
	snprintf(cal.hours, sizeof cal.hours, DEMO_CALENDAR_HOURS);
	if ((rc = app_calendar_create(ctx->app, NULL, &cal, err)) != LD_OK)
		return rc;
	for (i = 0; i < demo_holidays_len; i++)
		if ((rc = app_holiday_add(ctx->app, NULL, cal.id, demo_holidays[i].date,
					  demo_holidays[i].name, err)) != LD_OK)
			return rc;
	for (i = 0; i < (int)(sizeof demo_policies / sizeof demo_policies[0]); i++) {
		struct store_sla_policy p;
		memset(&p, 0, sizeof p);
		snprintf(p.name, sizeof p.name, "%s", demo_policies[i].name);
		p.priority = demo_policies[i].priority;
		p.category = demo_policies[i].category;
		p.first_response_s = demo_policies[i].first_response_s;
		p.resolution_s = demo_policies[i].resolution_s;
		p.calendar_id = cal.id;
		p.pause_on_pending = true;
		if ((rc = app_sla_policy_create(ctx->app, NULL, &p, err)) != LD_OK)
			return rc;
	}
	*calendar_id = cal.id;
	return LD_OK;
}

static ld_status demo_teams_and_agents(struct demo_ctx *ctx, int64_t calendar_id,
				       struct ld_err *err)
{
	struct ld_team teams[APP_LIST_MAX];
	int n = 0, i, k;
	ld_status rc;

	if ((rc = app_team_list(ctx->app, NULL, 0, APP_LIST_MAX, teams, &n, err)) != LD_OK)
		return rc;
	for (i = 0; i < DEMO_TEAMS; i++) {
		struct ld_team t;
		for (k = 0; k < n && strcmp(teams[k].name, demo_teams[i]) != 0; k++)
			;
		if (k < n) {
			ctx->team_ids[i] = teams[k].id;
			continue;
		}
		memset(&t, 0, sizeof t);
		snprintf(t.name, sizeof t.name, "%s", demo_teams[i]);
		t.kind = LD_TEAM_DEPARTMENT;
		t.calendar_id = calendar_id;
		if ((rc = app_team_create(ctx->app, NULL, &t, err)) != LD_OK)
			return rc;
		ctx->team_ids[i] = t.id;
	}
	for (i = 0; i < DEMO_AGENTS; i++) {
		const struct demo_agent *d = &demo_agents[i];
		struct ld_agent a;
		memset(&a, 0, sizeof a);
		snprintf(a.email, sizeof a.email, "%s.%s@example.com", d->first.ascii, d->last.ascii);
		rc = app_agent_find_email(ctx->app, NULL, a.email, &a, err);
		if (rc == LD_ERR_NOT_FOUND) {
			snprintf(a.name, sizeof a.name, "%s %s", d->first.text, d->last.text);
			a.role = LD_ROLE_AGENT;
			a.team_id = ctx->team_ids[d->team];
			snprintf(a.languages, sizeof a.languages, "%s", d->languages);
			snprintf(a.skills, sizeof a.skills, "%s", d->skills);
			a.senior = d->senior;
			a.active = true;
			rc = app_user_add(ctx->app, NULL, &a, NULL, err);
		}
		if (rc != LD_OK)
			return rc;
		ctx->agent_ids[i] = a.id;
	}
	return LD_OK;
}

static ld_status demo_branches(struct demo_ctx *ctx, struct ld_err *err)
{
	struct ld_facility have[APP_LIST_MAX];
	int n = 0, i, k;
	ld_status rc;

	if ((rc = app_facility_list(ctx->app, NULL, 0, APP_LIST_MAX, have, &n, err)) != LD_OK)
		return rc;
	for (i = 0; i < DEMO_FACILITIES; i++) {
		const struct demo_facility *d = &demo_facilities[i];
		struct ld_facility f;
		for (k = 0; k < n && strcmp(have[k].name, d->name) != 0; k++)
			;
		if (k < n) {
			ctx->facility_ids[i] = have[k].id;
			continue;
		}
		memset(&f, 0, sizeof f);
		snprintf(f.name, sizeof f.name, "%s", d->name);
		snprintf(f.address, sizeof f.address, "%s", d->address);
		snprintf(f.hours, sizeof f.hours, "%s", d->hours);
		snprintf(f.tz, sizeof f.tz, "%s", d->tz);
		if ((rc = app_facility_create(ctx->app, NULL, &f, err)) != LD_OK)
			return rc;
		ctx->facility_ids[i] = f.id;
	}
	return LD_OK;
}

/* ---------------------------------------------------------------------- */
/* Customers                                                               */
/* ---------------------------------------------------------------------- */

static uint64_t demo_hash(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h | 1; /* never 0: idmap's empty key */
}

static void demo_phone(struct demo_rng *r, const char *pattern, char *out, size_t out_len)
{
	size_t i;

	for (i = 0; pattern[i] != '\0' && i + 1 < out_len; i++)
		out[i] = pattern[i] == 'd' ? (char)('0' + demo_below(r, 10)) : pattern[i];
	out[i] = '\0';
}

static int demo_pick_lang(struct demo_rng *r)
{
	int x = demo_below(r, 100), i;

	for (i = 0; i < demo_langs_len - 1; i++) {
		if (x < demo_langs[i].weight)
			return i;
		x -= demo_langs[i].weight;
	}
	return demo_langs_len - 1;
}

/* Fills `c` with a person of language `li`; `used` keeps e-mails unique. */
static void demo_person(struct demo_ctx *ctx, struct demo_rng *r, int index, int li,
			struct idmap *used, struct ld_customer *c)
{
	static const int pref[] = { LD_CH_EMAIL, LD_CH_EMAIL, LD_CH_EMAIL, LD_CH_PHONE,
				    LD_CH_PHONE, LD_CH_PHONE, LD_CH_CHAT, LD_CH_CHAT, LD_CH_WEB,
				    LD_CH_WEB, LD_CH_SOCIAL };
	const struct demo_lang *l = &demo_langs[li];
	bool female = demo_unit(r) < 0.5;
	const struct demo_name *first = female ? &l->female_first[demo_below(r, l->female_first_len)]
					       : &l->male_first[demo_below(r, l->male_first_len)];
	int li1 = demo_below(r, l->male_last_len), li2 = demo_below(r, l->male_last_len);
	const struct demo_name *last = female ? &l->female_last[li1] : &l->male_last[li1];
	const char *dom = l->domains[demo_below(r, l->domains_len)];
	char local[96];
	double x = demo_unit(r);

	memset(c, 0, sizeof *c);
	if (l->double_surname)
		snprintf(c->name, sizeof c->name, "%s %s %s", first->text, last->text,
			 l->male_last[li2].text);
	else
		snprintf(c->name, sizeof c->name, "%s %s", first->text, last->text);
	if (x < 0.45)
		snprintf(local, sizeof local, "%s.%s", first->ascii, last->ascii);
	else if (x < 0.6)
		snprintf(local, sizeof local, "%s%s", first->ascii, last->ascii);
	else if (x < 0.8)
		snprintf(local, sizeof local, "%s.%s%d", first->ascii, last->ascii,
			 (int)demo_range(r, 60, 99));
	else
		snprintf(local, sizeof local, "%c%s", first->ascii[0], last->ascii);
	snprintf(c->email, sizeof c->email, "%s@%s", local, dom);
	if (idmap_get(used, (int64_t)demo_hash(c->email)) != 0)
		snprintf(c->email, sizeof c->email, "%s.%d@%s", local, index + 1, dom);
	idmap_put(used, (int64_t)demo_hash(c->email), 1);
	idmap_commit(used); /* a set, never rolled back */
	if (demo_unit(r) < 0.08)
		c->email[0] = '\0'; /* some customers only ever phone */
	if (demo_unit(r) < 0.85)
		demo_phone(r, l->phone, c->phone, sizeof c->phone);
	snprintf(c->language, sizeof c->language, "%s", l->code);
	c->preferred_channel = demo_unit(r) < 0.4 ? -1
				: pref[demo_below(r, (int)(sizeof pref / sizeof pref[0]))];
	c->consent = demo_unit(r) < 0.72;
	c->created_at = ctx->now - (DEMO_SPAN_DAYS + 5) * DEMO_DAY -
			demo_range(r, 0, 900 * (int64_t)DEMO_DAY);
}

static ld_status demo_customers(struct demo_ctx *ctx, int count, bool force,
				struct cli_progress *pg, struct ld_err *err)
{
	struct demo_rng r = { ctx->seed ^ UINT64_C(0xC0FFEE) };
	struct idmap used;
	struct ld_customer c;
	ld_status rc = LD_OK;
	int i, li;

	idmap_init(&used);
	ctx->customers = xcalloc((size_t)count, sizeof *ctx->customers);
	for (i = 0; i < count && rc == LD_OK; i++) {
		if (i % DEMO_BATCH_CUSTOMERS == 0 && (rc = app_batch_begin(ctx->app, err)) != LD_OK)
			break;
		li = demo_pick_lang(&r);
		demo_person(ctx, &r, i, li, &used, &c);
		if (force && c.email[0] != '\0') { /* an earlier load may hold the address */
			struct ld_customer old;
			if (app_customer_find_email(ctx->app, NULL, c.email, &old, NULL) == LD_OK) {
				ld_customer_clear(&old);
				snprintf(c.email + strcspn(c.email, "@"), 40, ".%llu@example.net",
					 (unsigned long long)(ctx->seed % 100000));
			}
		}
		cli_clock_set(c.created_at);
		rc = app_customer_create(ctx->app, NULL, &c, err);
		ctx->customers[i].id = c.id;
		ctx->customers[i].lang = (int16_t)li;
		ctx->customers[i].preferred = (int16_t)c.preferred_channel;
		ld_customer_clear(&c);
		if (rc == LD_OK && ((i + 1) % DEMO_BATCH_CUSTOMERS == 0 || i + 1 == count))
			rc = app_batch_end(ctx->app, true, err);
		cli_progress_update(pg, i + 1, i + 1);
	}
	if (rc != LD_OK && ctx->app->tx_depth > 0) {
		struct ld_err ignored;
		app_batch_end(ctx->app, false, &ignored);
	}
	ctx->customers_len = i;
	idmap_free(&used);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Cases                                                                   */
/* ---------------------------------------------------------------------- */

static int demo_pick_topic(struct demo_rng *r)
{
	int total = 0, x, i;

	for (i = 0; i < DEMO_TOPIC_COUNT; i++)
		total += demo_topics[i].weight;
	x = demo_below(r, total);
	for (i = 0; i < DEMO_TOPIC_COUNT - 1; i++) {
		if (x < demo_topics[i].weight)
			return i;
		x -= demo_topics[i].weight;
	}
	return DEMO_TOPIC_COUNT - 1;
}

/* A first contact: busier on weekdays and in office hours. */
static void demo_plan_base(struct demo_ctx *ctx, struct demo_rng *r, struct demo_plan *p)
{
	int64_t first = ctx->now - DEMO_SPAN_DAYS * (int64_t)DEMO_DAY;
	int tries = 0;

	do {
		int64_t day = first / DEMO_DAY + demo_below(r, DEMO_SPAN_DAYS);
		int wday = (int)((day + 4) % 7);
		int hour = demo_unit(r) < 0.8 ? (int)demo_range(r, 7, 16) : demo_below(r, 24);
		p->start = day * DEMO_DAY + hour * 3600 + demo_below(r, 3600);
		if ((wday != 0 && wday != 6) || demo_unit(r) < 0.35)
			break;
	} while (++tries < 8);
	if (p->start > ctx->now - 600)
		p->start = ctx->now - 600 - demo_below(r, 3600);
	/* a few customers write much more often than the rest */
	p->customer = demo_unit(r) < 0.3 ? demo_below(r, ctx->customers_len / 10 + 1)
					 : demo_below(r, ctx->customers_len);
	p->topic = (int16_t)demo_pick_topic(r);
	p->seed = demo_next(r);
	p->follow_up = false;
}

static ld_status demo_cases(struct demo_ctx *ctx, int count, struct cli_progress *pg,
			    struct ld_err *err)
{
	struct demo_rng r = { ctx->seed ^ UINT64_C(0xCA5E5) };
	struct demo_heap heap = { NULL, 0, 0 };
	struct demo_plan p;
	int planned = count - count / 12, done = 0, i;
	ld_status rc = LD_OK;

	for (i = 0; i < planned; i++) {
		demo_plan_base(ctx, &r, &p);
		demo_heap_push(&heap, &p);
	}
	while (done < count && rc == LD_OK) {
		int64_t resolved = 0;
		if (heap.len == 0) { /* follow-ups fell short: top up */
			demo_plan_base(ctx, &r, &p);
			demo_heap_push(&heap, &p);
			planned++;
		}
		p = demo_heap_pop(&heap);
		if (done % DEMO_BATCH_CASES == 0 && (rc = app_batch_begin(ctx->app, err)) != LD_OK)
			break;
		rc = demo_case_run(ctx, p.seed, p.start, &ctx->customers[p.customer], p.topic,
				   p.follow_up, &resolved, err);
		done++;
		if (rc == LD_OK && resolved != 0 && planned < count && demo_unit(&r) < 0.12) {
			struct demo_plan f = p;
			f.start = resolved + demo_range(&r, 6 * 3600, 6 * DEMO_DAY);
			f.seed = demo_next(&r);
			f.follow_up = true;
			if (f.start < ctx->now - 600) {
				demo_heap_push(&heap, &f);
				planned++;
			}
		}
		if (rc == LD_OK && (done % DEMO_BATCH_CASES == 0 || done == count))
			rc = app_batch_end(ctx->app, true, err);
		cli_progress_update(pg, done, done);
	}
	if (rc != LD_OK && ctx->app->tx_depth > 0) {
		struct ld_err ignored;
		app_batch_end(ctx->app, false, &ignored);
	}
	free(heap.v);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The command                                                             */
/* ---------------------------------------------------------------------- */

/* True when the store holds any account, customer or case. */
static ld_status demo_store_used(struct app *app, bool *used, struct ld_err *err)
{
	struct store_customer_query cq = { NULL, 0, 0, 1 };
	struct store_case_query kq = { .status = -1, .limit = 1 };
	struct ld_customer c;
	struct ld_agent a;
	struct ld_case k;
	int n = 0;
	ld_status rc;

	*used = false;
	if ((rc = app_agent_list(app, NULL, -1, 0, 1, &a, &n, err)) != LD_OK || (*used = n > 0))
		return rc;
	memset(&c, 0, sizeof c);
	rc = app_customer_list(app, NULL, &cq, &c, &n, err);
	if (n > 0)
		ld_customer_clear(&c);
	if (rc != LD_OK || (*used = n > 0))
		return rc;
	rc = app_case_list(app, NULL, &kq, &k, &n, err);
	*used = n > 0;
	return rc;
}

enum demo_opt {
	DEMO_OPT_SEED = CLI_OPT_FIRST_FREE,
	DEMO_OPT_CUSTOMERS,
	DEMO_OPT_CASES,
	DEMO_OPT_FORCE,
	DEMO_OPT_ADMIN_STDIN,
};

int cli_demo_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "seed", required_argument, NULL, DEMO_OPT_SEED },
		{ "customers", required_argument, NULL, DEMO_OPT_CUSTOMERS },
		{ "cases", required_argument, NULL, DEMO_OPT_CASES },
		{ "force", no_argument, NULL, DEMO_OPT_FORCE },
		{ "admin-password-stdin", no_argument, NULL, DEMO_OPT_ADMIN_STDIN },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct demo_ctx ctx;
	long long feedback[5] = { 0 };
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err;
	struct cli_progress pg;
	struct ld_agent admin;
	char password[APP_PASSWORD_MAX + 2];
	char token[CRYPTO_TOKEN_HEX + 1];
	int64_t seed = 1, customers = 500, cases = 2000, calendar_id = 0;
	bool started = false, force = false, admin_stdin = false, used = false, admin_new = false;
	int c, rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	memset(&ctx, 0, sizeof ctx);
	password[0] = '\0';
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case DEMO_OPT_SEED:
			if (!cli_parse_i64(optarg, 0, INT64_MAX, &seed))
				return cli_usage(cmd, "--seed must be a non-negative number");
			break;
		case DEMO_OPT_CUSTOMERS:
			if (!cli_parse_i64(optarg, 1, 10000000, &customers))
				return cli_usage(cmd, "--customers must be 1 to 10000000");
			break;
		case DEMO_OPT_CASES:
			if (!cli_parse_i64(optarg, 0, 100000000, &cases))
				return cli_usage(cmd, "--cases must be 0 to 100000000");
			break;
		case DEMO_OPT_FORCE: force = true; break;
		case DEMO_OPT_ADMIN_STDIN: admin_stdin = true; break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (cli_config(&flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (admin_stdin &&
	    cli_read_secret(stdin, "Admin password: ", password, sizeof password, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_app_open(&cfg, &app, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (demo_store_used(&app, &used, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (used && !force) {
		fprintf(stderr, "loyaldesk: %s already holds data; the demo loads into an empty "
				"database (or add --force)\n", cfg.db);
		goto out;
	}
	ctx.app = &app;
	ctx.seed = (uint64_t)seed;
	ctx.now = cli_clock_now() / 3600 * 3600;

	/* The admin first: its password is the one thing printed. */
	memset(&admin, 0, sizeof admin);
	if (app_agent_find_email(&app, NULL, DEMO_ADMIN_EMAIL, &admin, &err) == LD_ERR_NOT_FOUND) {
		if (!admin_stdin) {
			crypto_token_new(token);
			snprintf(password, sizeof password, "%.20s", token);
			explicit_bzero(token, sizeof token);
		}
		snprintf(admin.email, sizeof admin.email, DEMO_ADMIN_EMAIL);
		snprintf(admin.name, sizeof admin.name, "Administrator");
		admin.role = LD_ROLE_ADMIN;
		admin.active = true;
		if (app_user_add(&app, NULL, &admin, password, &err) != LD_OK) {
			rc = cli_fail(&err);
			goto out;
		}
		admin_new = true;
	}
	cli_clock_set(ctx.now - (DEMO_SPAN_DAYS + 10) * (int64_t)DEMO_DAY);
	if (app_batch_begin(&app, &err) != LD_OK || demo_sla(&ctx, &calendar_id, &err) != LD_OK ||
	    demo_teams_and_agents(&ctx, calendar_id, &err) != LD_OK ||
	    demo_branches(&ctx, &err) != LD_OK || app_batch_end(&app, true, &err) != LD_OK) {
		struct ld_err ignored;
		if (app.tx_depth > 0)
			app_batch_end(&app, false, &ignored);
		rc = cli_fail(&err);
		goto out;
	}
	cli_progress_start(&pg, "loading customers", customers);
	if (demo_customers(&ctx, (int)customers, force, &pg, &err) != LD_OK) {
		cli_progress_end(&pg);
		rc = cli_fail(&err);
		goto out;
	}
	cli_progress_end(&pg);
	cli_progress_start(&pg, "loading cases", cases);
	if (demo_cases(&ctx, (int)cases, &pg, &err) != LD_OK) {
		cli_progress_end(&pg);
		rc = cli_fail(&err);
		goto out;
	}
	cli_progress_end(&pg);
	if (demo_feedback(&ctx, feedback, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	printf("loaded %d customers, %lld cases, %lld interactions (%lld transfers, %lld visits, "
	       "%lld reopens), 3 teams, 12 agents, 2 branches\n",
	       ctx.customers_len, (long long)cases, ctx.interactions, ctx.transfers, ctx.visits,
	       ctx.reopens);
	printf("feedback: %lld surveys sent, %lld answered, %lld follow-up tasks; "
	       "%lld subscriptions, %lld lapsed; %lld claims, %lld compliments\n",
	       feedback[0], feedback[1], feedback[2], feedback[3], feedback[4], ctx.claims,
	       ctx.compliments);
	if (admin_new && !admin_stdin)
		printf("admin login: %s  password: %s  (shown once)\n", DEMO_ADMIN_EMAIL, password);
	else if (admin_new)
		printf("admin login: %s (password from standard input)\n", DEMO_ADMIN_EMAIL);
	else
		printf("admin login: %s already existed; its password is unchanged\n",
		       DEMO_ADMIN_EMAIL);
	rc = CLI_EXIT_OK;
out:
	cli_clock_set(0);
	explicit_bzero(password, sizeof password);
	free(ctx.customers);
	cli_app_close(&app);
	return rc;
}
