/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk sla calendar|holiday|policy …`: the SLA configuration from the
 * operator's shell — business-hours calendars, their public holidays and
 * the policies that give cases their targets.
 *
 * Owns the words and options, turning "4h" into business seconds and
 * "2026-12-24" into yyyymmdd, and the tables and JSON it prints (the same
 * member names as the API). What is valid, and what a change does to cases
 * already running (nothing: they keep the terms they started under), is
 * app/sla.c's. The operator acts as the system (actor NULL). A server
 * running on the same database applies a change within 30 seconds.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

const char cli_sla_help[] =
	"Usage: loyaldesk sla calendar add --name N --tz ZONE --hours HOURS\n"
	"       loyaldesk sla calendar list [--format table|json]\n"
	"       loyaldesk sla calendar set ID [--name N] [--tz ZONE] [--hours HOURS]\n"
	"       loyaldesk sla holiday add --calendar ID --date YYYY-MM-DD [--name N]\n"
	"       loyaldesk sla holiday list --calendar ID [--format table|json]\n"
	"       loyaldesk sla holiday rm --calendar ID --date YYYY-MM-DD\n"
	"       loyaldesk sla policy add --name N [POLICY OPTIONS]\n"
	"       loyaldesk sla policy list [--format table|json]\n"
	"       loyaldesk sla policy set ID [--name N] [POLICY OPTIONS]\n"
	"\n"
	"Business-hours calendars, their public holidays (closed all day) and SLA\n"
	"policies. A case takes the most specific policy matching its priority and\n"
	"category (both > priority > category > any) when it opens; its due times\n"
	"are fixed then, so changing a policy changes the targets of later cases\n"
	"only. A policy cases were started under cannot be removed. A running\n"
	"server applies changes within 30 seconds.\n"
	"\n"
	"  --name N              calendar, holiday or policy name\n"
	"  --tz ZONE             IANA time zone of the calendar (Europe/Prague)\n"
	"  --hours HOURS         weekly opening hours in the calendar's time:\n"
	"                        \"mon-fri 08:00-17:00; sat 09:00-12:00\" or \"24/7\"\n"
	"  --calendar ID         the calendar (holidays); for a policy, ID or 'team'\n"
	"                        (the case team's calendar, the default)\n"
	"  --date YYYY-MM-DD     the holiday's date\n"
	"POLICY OPTIONS:\n"
	"  --priority P          low, normal, high, urgent or any (default any)\n"
	"  --category C          question, request, problem, complaint, compliment\n"
	"                        or any (default any)\n"
	"  --first-response D    target to the first reply in business time: 30m, 4h,\n"
	"                        2d, seconds, or none (default none)\n"
	"  --resolution D        target to resolution, likewise (default none)\n"
	"  --pause-on-pending yes|no   stop the clock while a case waits on the\n"
	"                        customer (default no)\n"
	"  --format F            table (default) or json\n";

enum sla_opt {
	SLA_OPT_NAME = CLI_OPT_FIRST_FREE,
	SLA_OPT_TZ,
	SLA_OPT_HOURS,
	SLA_OPT_CALENDAR,
	SLA_OPT_DATE,
	SLA_OPT_PRIORITY,
	SLA_OPT_CATEGORY,
	SLA_OPT_FIRST_RESPONSE,
	SLA_OPT_RESOLUTION,
	SLA_OPT_PAUSE,
	SLA_OPT_FORMAT,
};

static const struct option sla_longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "name", required_argument, NULL, SLA_OPT_NAME },
	{ "tz", required_argument, NULL, SLA_OPT_TZ },
	{ "hours", required_argument, NULL, SLA_OPT_HOURS },
	{ "calendar", required_argument, NULL, SLA_OPT_CALENDAR },
	{ "date", required_argument, NULL, SLA_OPT_DATE },
	{ "priority", required_argument, NULL, SLA_OPT_PRIORITY },
	{ "category", required_argument, NULL, SLA_OPT_CATEGORY },
	{ "first-response", required_argument, NULL, SLA_OPT_FIRST_RESPONSE },
	{ "resolution", required_argument, NULL, SLA_OPT_RESOLUTION },
	{ "pause-on-pending", required_argument, NULL, SLA_OPT_PAUSE },
	{ "format", required_argument, NULL, SLA_OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

/* Everything the subcommands may be given (strings borrowed from argv). */
struct sla_args {
	struct cli_flags flags;     /* --db, --config */
	const char *name;           /* --name */
	const char *tz;             /* --tz */
	const char *hours;          /* --hours */
	const char *calendar;       /* --calendar */
	const char *date;           /* --date */
	const char *priority;       /* --priority */
	const char *category;       /* --category */
	const char *first_response; /* --first-response */
	const char *resolution;     /* --resolution */
	const char *pause;          /* --pause-on-pending */
	bool json;                  /* --format json */
	int64_t id;                 /* the ID of `set`, 0 = none */
};

/* ------------------------------------------------------------- parsing --- */

/* Parses the options after the verb; returns -1 to go on, else an exit code. */
static int sla_parse(const struct cli_command *cmd, int argc, char **argv, bool wants_id,
		     struct sla_args *a)
{
	bool started = false;
	int c;

	memset(a, 0, sizeof *a);
	while ((c = cli_getopt(cmd, argc, argv, "h", sla_longopts, &a->flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case SLA_OPT_NAME: a->name = optarg; break;
		case SLA_OPT_TZ: a->tz = optarg; break;
		case SLA_OPT_HOURS: a->hours = optarg; break;
		case SLA_OPT_CALENDAR: a->calendar = optarg; break;
		case SLA_OPT_DATE: a->date = optarg; break;
		case SLA_OPT_PRIORITY: a->priority = optarg; break;
		case SLA_OPT_CATEGORY: a->category = optarg; break;
		case SLA_OPT_FIRST_RESPONSE: a->first_response = optarg; break;
		case SLA_OPT_RESOLUTION: a->resolution = optarg; break;
		case SLA_OPT_PAUSE: a->pause = optarg; break;
		case SLA_OPT_FORMAT:
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "table") != 0)
				return cli_usage(cmd, "--format must be table or json, not '%s'",
						 optarg);
			a->json = strcmp(optarg, "json") == 0;
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (wants_id) {
		if (optind >= argc)
			return cli_usage(cmd, "%s set needs the ID of what to change", argv[0]);
		if (!cli_parse_i64(argv[optind], 1, INT64_MAX, &a->id))
			return cli_usage(cmd, "'%s' is not an id", argv[optind]);
		optind++;
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* Copies an option into a bounded field, refusing (never cutting) a long one. */
static bool sla_copy(const struct cli_command *cmd, char *dst, size_t dst_len, const char *value,
		     const char *option, int *exit_code)
{
	if (value == NULL)
		return true;
	if (strlen(value) >= dst_len) {
		*exit_code = cli_usage(cmd, "--%s is longer than %zu bytes", option, dst_len - 1);
		return false;
	}
	memcpy(dst, value, strlen(value) + 1);
	return true;
}

/* "YYYY-MM-DD" → yyyymmdd (the shape; whether the day exists is the app's). */
static bool sla_parse_date(const char *s, int32_t *out)
{
	int32_t v = 0;

	if (s == NULL || strlen(s) != 10)
		return false;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
		if (!dash)
			v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "30m", "4h", "2d", "90s", "3600" or "none" (0) → seconds; false on junk. */
static bool sla_parse_duration(const char *s, int64_t *out)
{
	static const struct { char unit; int64_t seconds; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	char digits[24];
	size_t len;
	int64_t n;

	if (s == NULL)
		return false;
	if (strcmp(s, "none") == 0) {
		*out = 0;
		return true;
	}
	len = strlen(s);
	if (len == 0 || len >= sizeof digits)
		return false;
	memcpy(digits, s, len + 1);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (digits[len - 1] != units[i].unit)
			continue;
		digits[len - 1] = '\0';
		if (!cli_parse_i64(digits, 1, INT64_MAX / units[i].seconds, &n))
			return false;
		*out = n * units[i].seconds;
		return true;
	}
	if (!cli_parse_i64(digits, 1, INT64_MAX, &n))
		return false;
	*out = n;
	return true;
}

/* Seconds as the largest whole unit ("4h", "90m", "45s"); "none" for 0. */
static void sla_format_duration(int64_t s, char *out, size_t out_len)
{
	if (s <= 0)
		snprintf(out, out_len, "none");
	else if (s % 86400 == 0)
		snprintf(out, out_len, "%lldd", (long long)(s / 86400));
	else if (s % 3600 == 0)
		snprintf(out, out_len, "%lldh", (long long)(s / 3600));
	else if (s % 60 == 0)
		snprintf(out, out_len, "%lldm", (long long)(s / 60));
	else
		snprintf(out, out_len, "%llds", (long long)s);
}

/* Applies the policy options given to `p`; returns -1 to go on, else an exit code. */
static int sla_policy_options(const struct cli_command *cmd, const struct sla_args *a,
			      struct store_sla_policy *p)
{
	int rc = -1;

	if (!sla_copy(cmd, p->name, sizeof p->name, a->name, "name", &rc))
		return rc;
	if (a->priority != NULL) {
		p->priority = strcmp(a->priority, "any") == 0 ? -1 : ld_priority_parse(a->priority);
		if (p->priority < 0 && strcmp(a->priority, "any") != 0)
			return cli_usage(cmd, "--priority must be low, normal, high, urgent or any");
	}
	if (a->category != NULL) {
		p->category = strcmp(a->category, "any") == 0 ? -1 : ld_category_parse(a->category);
		if (p->category < 0 && strcmp(a->category, "any") != 0)
			return cli_usage(cmd, "--category must be question, request, problem, "
					      "complaint, compliment or any");
	}
	if (a->first_response != NULL && !sla_parse_duration(a->first_response,
							     &p->first_response_s))
		return cli_usage(cmd, "--first-response must be a positive duration (30m, 4h, "
				      "2d, seconds) or none, not '%s'", a->first_response);
	if (a->resolution != NULL && !sla_parse_duration(a->resolution, &p->resolution_s))
		return cli_usage(cmd, "--resolution must be a positive duration (30m, 4h, 2d, "
				      "seconds) or none, not '%s'", a->resolution);
	if (a->calendar != NULL) {
		if (strcmp(a->calendar, "team") == 0)
			p->calendar_id = 0;
		else if (!cli_parse_i64(a->calendar, 1, INT64_MAX, &p->calendar_id))
			return cli_usage(cmd, "--calendar must be a calendar id or 'team'");
	}
	if (a->pause != NULL) {
		if (strcmp(a->pause, "yes") != 0 && strcmp(a->pause, "no") != 0)
			return cli_usage(cmd, "--pause-on-pending must be yes or no");
		p->pause_on_pending = strcmp(a->pause, "yes") == 0;
	}
	return -1;
}

/* ------------------------------------------------------------- printing --- */

static void sla_print_json(json_t *v)
{
	if (v == NULL)
		abort();
	json_dumpf(v, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(v);
}

/* A string member, or null for "". */
static json_t *sla_json_str(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

/* A positive number, or null for 0 ("none"). */
static json_t *sla_json_opt(int64_t v)
{
	return v > 0 ? json_integer(v) : json_null();
}

static json_t *sla_calendar_json(const struct store_calendar *c)
{
	return json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)c->id, "name", c->name, "tz",
			 sla_json_str(c->tz), "hours", sla_json_str(c->hours));
}

static json_t *sla_policy_json(const struct store_sla_policy *p)
{
	const char *prio = ld_priority_name(p->priority), *cat = ld_category_name(p->category);

	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "id", (json_int_t)p->id,
			 "name", p->name, "priority", prio ? json_string(prio) : json_null(),
			 "category", cat ? json_string(cat) : json_null(), "first_response_s",
			 sla_json_opt(p->first_response_s), "resolution_s",
			 sla_json_opt(p->resolution_s), "calendar_id", sla_json_opt(p->calendar_id),
			 "pause_on_pending", p->pause_on_pending);
}

/* Pads `s` to `width` display columns (names carry diacritics). */
static void sla_cell(const char *s, size_t width)
{
	size_t w = cli_text_width(s);

	fputs(s, stdout);
	for (; w < width; w++)
		fputc(' ', stdout);
	fputs("  ", stdout);
}

static void sla_print_calendars(const struct store_calendar *rows, int n)
{
	size_t w_name = strlen("NAME"), w_tz = strlen("TZ");

	for (int i = 0; i < n; i++) {
		size_t wn = cli_text_width(rows[i].name), wt = cli_text_width(rows[i].tz);
		w_name = wn > w_name ? wn : w_name;
		w_tz = wt > w_tz ? wt : w_tz;
	}
	printf("%-6s  ", "ID");
	sla_cell("NAME", w_name);
	sla_cell("TZ", w_tz);
	printf("HOURS\n");
	for (int i = 0; i < n; i++) {
		printf("%-6lld  ", (long long)rows[i].id);
		sla_cell(rows[i].name, w_name);
		sla_cell(rows[i].tz[0] != '\0' ? rows[i].tz : "-", w_tz);
		printf("%s\n", rows[i].hours[0] != '\0' ? rows[i].hours : "-");
	}
}

static void sla_print_policies(const struct store_sla_policy *rows, int n)
{
	size_t w_name = strlen("NAME");

	for (int i = 0; i < n; i++) {
		size_t wn = cli_text_width(rows[i].name);
		w_name = wn > w_name ? wn : w_name;
	}
	printf("%-6s  ", "ID");
	sla_cell("NAME", w_name);
	printf("%-8s  %-10s  %-14s  %-10s  %-8s  %s\n", "PRIORITY", "CATEGORY", "FIRST_RESPONSE",
	       "RESOLUTION", "CALENDAR", "PAUSE");
	for (int i = 0; i < n; i++) {
		const struct store_sla_policy *p = &rows[i];
		char fr[24], res[24], cal[24];
		const char *prio = ld_priority_name(p->priority), *cat = ld_category_name(p->category);

		sla_format_duration(p->first_response_s, fr, sizeof fr);
		sla_format_duration(p->resolution_s, res, sizeof res);
		if (p->calendar_id != 0)
			snprintf(cal, sizeof cal, "%lld", (long long)p->calendar_id);
		else
			snprintf(cal, sizeof cal, "team");
		printf("%-6lld  ", (long long)p->id);
		sla_cell(p->name, w_name);
		printf("%-8s  %-10s  %-14s  %-10s  %-8s  %s\n", prio ? prio : "any", cat ? cat : "any",
		       fr, res, cal, p->pause_on_pending ? "yes" : "no");
	}
}

static void sla_print_policy(const char *verb, const struct store_sla_policy *p)
{
	char fr[24], res[24], cal[32];
	const char *prio = ld_priority_name(p->priority), *cat = ld_category_name(p->category);

	sla_format_duration(p->first_response_s, fr, sizeof fr);
	sla_format_duration(p->resolution_s, res, sizeof res);
	if (p->calendar_id != 0)
		snprintf(cal, sizeof cal, "%lld", (long long)p->calendar_id);
	else
		snprintf(cal, sizeof cal, "of the team");
	printf("%s policy %lld %s: priority %s, category %s, first response %s, resolution %s, "
	       "calendar %s, pause on pending %s\n",
	       verb, (long long)p->id, p->name, prio ? prio : "any", cat ? cat : "any", fr, res,
	       cal, p->pause_on_pending ? "yes" : "no");
}

/* ------------------------------------------------------------ commands --- */

/* The store and app of one command; opened by sla_open, closed by sla_close. */
struct sla_ctx {
	struct config cfg;      /* resolved configuration */
	struct store *store;    /* open store, owned */
	struct app app;         /* context over it */
	struct ld_err err;      /* the failure, if any */
};

/* Opens the store (refusing a mistyped path for reads); false after printing why. */
static bool sla_open(const struct sla_args *a, bool read_only, struct sla_ctx *x, int *exit_code)
{
	memset(x, 0, sizeof *x);
	if (cli_config(&a->flags, &x->cfg, &x->err) != LD_OK) {
		*exit_code = cli_fail(&x->err);
		return false;
	}
	if (read_only && cli_db_missing(&x->cfg)) {
		*exit_code = CLI_EXIT_FAIL;
		return false;
	}
	if (cli_open(&x->cfg, &x->store, &x->app, &x->err) != LD_OK) {
		*exit_code = cli_fail(&x->err);
		return false;
	}
	return true;
}

/* Closes and returns `code`, printing the failure when it is not OK. */
static int sla_close(struct sla_ctx *x, int code)
{
	if (code == CLI_EXIT_FAIL)
		code = cli_fail(&x->err);
	cli_close(x->store, &x->app);
	return code;
}

static int calendar_add(const struct cli_command *cmd, const struct sla_args *a)
{
	struct store_calendar c;
	struct sla_ctx x;
	int rc = -1;

	memset(&c, 0, sizeof c);
	if (a->name == NULL || a->tz == NULL || a->hours == NULL)
		return cli_usage(cmd, "sla calendar add needs --name, --tz and --hours");
	if (!sla_copy(cmd, c.name, sizeof c.name, a->name, "name", &rc) ||
	    !sla_copy(cmd, c.tz, sizeof c.tz, a->tz, "tz", &rc) ||
	    !sla_copy(cmd, c.hours, sizeof c.hours, a->hours, "hours", &rc))
		return rc;
	if (!sla_open(a, false, &x, &rc))
		return rc;
	if (app_calendar_create(&x.app, NULL, &c, &x.err) != LD_OK)
		return sla_close(&x, CLI_EXIT_FAIL);
	printf("added calendar %lld %s: %s, %s\n", (long long)c.id, c.name, c.tz, c.hours);
	return sla_close(&x, CLI_EXIT_OK);
}

static int calendar_set(const struct cli_command *cmd, const struct sla_args *a)
{
	struct store_calendar c;
	struct sla_ctx x;
	int rc = -1;

	if (a->name == NULL && a->tz == NULL && a->hours == NULL)
		return cli_usage(cmd, "sla calendar set needs --name, --tz or --hours");
	if (!sla_open(a, true, &x, &rc))
		return rc;
	if (app_calendar_get(&x.app, NULL, a->id, &c, &x.err) != LD_OK)
		return sla_close(&x, CLI_EXIT_FAIL);
	if (!sla_copy(cmd, c.name, sizeof c.name, a->name, "name", &rc) ||
	    !sla_copy(cmd, c.tz, sizeof c.tz, a->tz, "tz", &rc) ||
	    !sla_copy(cmd, c.hours, sizeof c.hours, a->hours, "hours", &rc))
		return sla_close(&x, rc);
	if (app_calendar_update(&x.app, NULL, &c, &x.err) != LD_OK)
		return sla_close(&x, CLI_EXIT_FAIL);
	printf("changed calendar %lld %s: %s, %s\n", (long long)c.id, c.name, c.tz, c.hours);
	return sla_close(&x, CLI_EXIT_OK);
}

static int calendar_list(const struct sla_args *a)
{
	struct store_calendar *all = NULL;
	size_t len = 0, cap = 0;
	int64_t after = 0;
	struct sla_ctx x;
	int n = 0, rc = -1;

	if (!sla_open(a, true, &x, &rc))
		return rc;
	do {
		if (len + APP_LIST_MAX > cap) {
			cap = (cap + APP_LIST_MAX) * 2;
			all = realloc(all, cap * sizeof *all);
			if (all == NULL)
				abort();
		}
		if (app_calendar_list(&x.app, NULL, after, APP_LIST_MAX, all + len, &n, &x.err) !=
		    LD_OK) {
			free(all);
			return sla_close(&x, CLI_EXIT_FAIL);
		}
		len += (size_t)n;
		if (n > 0)
			after = all[len - 1].id;
	} while (n == APP_LIST_MAX);
	if (a->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < len; i++)
			json_array_append_new(arr, sla_calendar_json(&all[i]));
		sla_print_json(arr);
	} else {
		sla_print_calendars(all, (int)len);
	}
	free(all);
	return sla_close(&x, CLI_EXIT_OK);
}

/* --calendar for holidays: required, an id. */
static int holiday_calendar(const struct cli_command *cmd, const struct sla_args *a,
			    int64_t *out)
{
	if (a->calendar == NULL)
		return cli_usage(cmd, "holidays need --calendar ID");
	if (!cli_parse_i64(a->calendar, 1, INT64_MAX, out))
		return cli_usage(cmd, "--calendar must be a calendar id, not '%s'", a->calendar);
	return -1;
}

static int holiday_add(const struct cli_command *cmd, const struct sla_args *a, bool remove)
{
	int64_t calendar_id = 0;
	int32_t date = 0;
	struct sla_ctx x;
	ld_status st;
	int rc;

	if ((rc = holiday_calendar(cmd, a, &calendar_id)) != -1)
		return rc;
	if (a->date == NULL || !sla_parse_date(a->date, &date))
		return cli_usage(cmd, "--date must be a date YYYY-MM-DD");
	if (remove && a->name != NULL)
		return cli_usage(cmd, "sla holiday rm takes no --name");
	if (!sla_open(a, remove, &x, &rc))
		return rc;
	st = remove ? app_holiday_delete(&x.app, NULL, calendar_id, date, &x.err)
		    : app_holiday_add(&x.app, NULL, calendar_id, date, a->name, &x.err);
	if (st != LD_OK)
		return sla_close(&x, CLI_EXIT_FAIL);
	printf("%s holiday %s%s%s %s calendar %lld\n", remove ? "removed" : "added", a->date,
	       a->name != NULL ? " " : "", a->name != NULL ? a->name : "", remove ? "from" : "to",
	       (long long)calendar_id);
	return sla_close(&x, CLI_EXIT_OK);
}

static int holiday_list(const struct cli_command *cmd, const struct sla_args *a)
{
	struct store_holiday *rows;
	int64_t calendar_id = 0;
	struct sla_ctx x;
	char date[16];
	int n = 0, rc;

	if ((rc = holiday_calendar(cmd, a, &calendar_id)) != -1)
		return rc;
	if (!sla_open(a, true, &x, &rc))
		return rc;
	rows = calloc(APP_HOLIDAYS_MAX, sizeof *rows);
	if (rows == NULL)
		abort();
	if (app_holiday_list(&x.app, NULL, calendar_id, rows, APP_HOLIDAYS_MAX, &n, &x.err) !=
	    LD_OK) {
		free(rows);
		return sla_close(&x, CLI_EXIT_FAIL);
	}
	if (a->json) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++) {
			snprintf(date, sizeof date, "%04d-%02d-%02d", (int)(rows[i].date / 10000),
				 (int)(rows[i].date / 100 % 100), (int)(rows[i].date % 100));
			json_array_append_new(arr, json_pack("{s:s, s:o}", "date", date, "name",
							     sla_json_str(rows[i].name)));
		}
		sla_print_json(arr);
	} else {
		printf("%-10s  NAME\n", "DATE");
		for (int i = 0; i < n; i++)
			printf("%04d-%02d-%02d  %s\n", (int)(rows[i].date / 10000),
			       (int)(rows[i].date / 100 % 100), (int)(rows[i].date % 100),
			       rows[i].name[0] != '\0' ? rows[i].name : "-");
	}
	free(rows);
	return sla_close(&x, CLI_EXIT_OK);
}

static int policy_add(const struct cli_command *cmd, const struct sla_args *a)
{
	struct store_sla_policy p;
	struct sla_ctx x;
	int rc;

	memset(&p, 0, sizeof p);
	p.priority = -1;
	p.category = -1;
	if (a->name == NULL)
		return cli_usage(cmd, "sla policy add needs --name");
	if ((rc = sla_policy_options(cmd, a, &p)) != -1)
		return rc;
	if (!sla_open(a, false, &x, &rc))
		return rc;
	if (app_sla_policy_create(&x.app, NULL, &p, &x.err) != LD_OK)
		return sla_close(&x, CLI_EXIT_FAIL);
	sla_print_policy("added", &p);
	return sla_close(&x, CLI_EXIT_OK);
}

static int policy_set(const struct cli_command *cmd, const struct sla_args *a)
{
	struct store_sla_policy p;
	struct sla_ctx x;
	int rc;

	if (a->name == NULL && a->priority == NULL && a->category == NULL &&
	    a->first_response == NULL && a->resolution == NULL && a->calendar == NULL &&
	    a->pause == NULL)
		return cli_usage(cmd, "sla policy set needs something to change");
	if (!sla_open(a, true, &x, &rc))
		return rc;
	if (app_sla_policy_get(&x.app, NULL, a->id, &p, &x.err) != LD_OK)
		return sla_close(&x, CLI_EXIT_FAIL);
	if ((rc = sla_policy_options(cmd, a, &p)) != -1)
		return sla_close(&x, rc);
	if (app_sla_policy_update(&x.app, NULL, &p, &x.err) != LD_OK)
		return sla_close(&x, CLI_EXIT_FAIL);
	sla_print_policy("changed", &p);
	return sla_close(&x, CLI_EXIT_OK);
}

static int policy_list(const struct sla_args *a)
{
	struct store_sla_policy *rows;
	struct sla_ctx x;
	int n = 0, rc = -1;

	if (!sla_open(a, true, &x, &rc))
		return rc;
	rows = calloc(APP_POLICIES_MAX, sizeof *rows);
	if (rows == NULL)
		abort();
	if (app_sla_policy_list(&x.app, NULL, rows, APP_POLICIES_MAX, &n, &x.err) != LD_OK) {
		free(rows);
		return sla_close(&x, CLI_EXIT_FAIL);
	}
	if (a->json) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, sla_policy_json(&rows[i]));
		sla_print_json(arr);
	} else {
		sla_print_policies(rows, n);
	}
	free(rows);
	return sla_close(&x, CLI_EXIT_OK);
}

/* The words: `sla OBJECT VERB`, each verb with the options it reads. */
struct sla_verb {
	const char *object;   /* "calendar" */
	const char *verb;     /* "add" */
	bool wants_id;        /* takes the ID of what to change */
};

static const struct sla_verb sla_verbs[] = {
	{ "calendar", "add", false }, { "calendar", "list", false }, { "calendar", "set", true },
	{ "holiday", "add", false },  { "holiday", "list", false },  { "holiday", "rm", false },
	{ "policy", "add", false },   { "policy", "list", false },   { "policy", "set", true },
};

int cli_sla_run(const struct cli_command *cmd, int argc, char **argv)
{
	const struct sla_verb *v = NULL;
	struct sla_args a;
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cli_help(cmd);
	if (argc < 3)
		return cli_usage(cmd, "expected: calendar|holiday|policy add|list|set|rm …");
	for (size_t i = 0; i < sizeof sla_verbs / sizeof sla_verbs[0]; i++)
		if (strcmp(sla_verbs[i].object, argv[1]) == 0 &&
		    strcmp(sla_verbs[i].verb, argv[2]) == 0)
			v = &sla_verbs[i];
	if (v == NULL) {
		if (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)
			return cli_help(cmd);
		return cli_usage(cmd, "unknown subcommand '%s %s' (calendar add|list|set, "
				      "holiday add|list|rm, policy add|list|set)",
				 argv[1], argv[2]);
	}
	if ((rc = sla_parse(cmd, argc - 2, argv + 2, v->wants_id, &a)) != -1)
		return rc;
	if (strcmp(v->object, "calendar") == 0)
		return v->verb[0] == 'a' ? calendar_add(cmd, &a)
		       : v->verb[0] == 's' ? calendar_set(cmd, &a)
					   : calendar_list(&a);
	if (strcmp(v->object, "holiday") == 0)
		return v->verb[0] == 'l' ? holiday_list(cmd, &a)
					 : holiday_add(cmd, &a, v->verb[0] == 'r');
	return v->verb[0] == 'a' ? policy_add(cmd, &a)
	       : v->verb[0] == 's' ? policy_set(cmd, &a)
				   : policy_list(&a);
}
