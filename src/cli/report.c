/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk report KIND [OPTIONS]`: a manager's reports from the shell, as
 * the operator (actor NULL, who may read every report).
 *
 * Owns: the table of report kinds (only `effort` so far; `nps`, `csat`, …
 * each become one entry and one build function), the options every report
 * takes — period, team, first channel, format, output file — and their
 * validation, turning an app report into a struct report_doc of measures in
 * words, and writing the output whole or not at all. Must not compute: the
 * figures come from app/reports.h, the layouts from cli/report_out.c.
 *
 * The period. --from DATE starts at that UTC midnight; --to DATE includes
 * that whole day (the period ends at the following midnight), so
 * `--from 2026-01-01 --to 2026-01-31` is January. An ISO 8601 instant is
 * taken as given (a --to instant is exclusive), but cases are counted by the
 * UTC day they were opened (the store's aggregates are daily buckets), so a
 * time of day is rounded out to whole days — --from down, --to up — and a
 * note on stderr says so. The report, its header and its JSON then all state
 * the days actually covered. An inverted range is passed on as given for the
 * app to refuse.
 *
 * Exit codes: 2 for a malformed option value (not a date, not a number, an
 * unknown channel or format, xlsx without --out), checked before the
 * database is opened; 1 for what only the app can judge (an inverted period,
 * a team that does not exist, a database failure). Nothing is written then.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/loyalty.h"
#include "app/reports.h"
#include "cli/report_out.h"

#define REPORT_DAY_S 86400
#define REPORT_PATH_MAX 4096

const char cli_report_help[] =
	"Usage: loyaldesk report KIND [--from DATE] [--to DATE] [--team ID] [--channel CH]\n"
	"                             [--origin O] [--facility ID]\n"
	"                             [--format table|json|csv|xlsx] [--out FILE] [--raw-csv]\n"
	"\n"
	"Reports (KIND):\n"
	"  effort    how hard customers had to work, in the measures of the CEB study\n"
	"            (HBR 2010, \"Stop Trying to Delight Your Customers\"): repeat\n"
	"            contacts, repeating information, channel switches (web → phone),\n"
	"            transfers, bot dead ends, reopened cases; transfers and contacts\n"
	"            per case, the mean time to resolution and the lapse ratios\n"
	"  nps       Net Promoter Score with its 95% interval and the three groups\n"
	"  csat      customer satisfaction: the share answering 4–5 of 5, the mean\n"
	"            and the distribution\n"
	"  ces       customer effort score (CES 2.0, 1–7) with its interval\n"
	"  servqual  expectation vs. perception gap per SERVQUAL dimension\n"
	"  loyalty   what costs renewals: the logistic model of lapse fitted on the\n"
	"            customer base's own renewals, as odds ratios with intervals;\n"
	"            --from/--to pick customers whose latest renewal fell due then\n"
	"            (by UTC month); --team and --channel do not apply\n"
	"\n"
	"Cases are counted by the UTC day they were opened, answers by the UTC day\n"
	"they were given; merged cases are left out. Every share comes with its 95%\n"
	"Wilson interval.\n"
	"\n"
	"  --from DATE    first day covered (default: since the first case)\n"
	"  --to DATE      last day covered, included (default: until now)\n"
	"                 DATE is YYYY-MM-DD, or an ISO 8601 instant such as\n"
	"                 2026-01-31T18:00:00Z or 2026-01-31T18:00:00+01:00 (no\n"
	"                 zone is UTC); an instant --to is exclusive, and a time\n"
	"                 of day is rounded out to whole days (a note says so)\n"
	"  --team ID      cases owned by this team (surveys: about its cases)\n"
	"  --channel CH   cases whose first contact came by CH: email, phone, chat,\n"
	"                 web, visit, social or bot\n"
	"  --origin O     survey reports: manual, transactional or relationship\n"
	"                 answers only (compare like with like)\n"
	"  --facility ID  effort report: the cases with a contact at this branch\n"
	"                 (a visit there, as the case list's facility filter)\n"
	"  --format F     table (default), json, csv or xlsx\n"
	"  -o, --out FILE write here instead of standard output (required for xlsx);\n"
	"                 the file appears complete or not at all\n"
	"  --raw-csv      csv: write text cells as they are, without the leading '\n"
	"                 that keeps a spreadsheet from evaluating a cell starting\n"
	"                 with = + - @, TAB or CR (figures are never prefixed)\n"
	"\n"
	"json: one object; each share is {\"share\", \"ci_low\", \"ci_high\", \"hits\", \"n\"}\n"
	"with fractions 0…1 (null without data), a ratio {\"ratio\", \"ci_low\",\n"
	"\"ci_high\"}, a score {\"value\", \"ci_low\", \"ci_high\"}; filter.from and\n"
	"filter.to are the UTC instants of the period [from, to), null when open.\n"
	"csv: measure,share,ci_low,ci_high,hits,n; one row per share, then the\n"
	"counts, scores and ratios with their value in the share column.\n"
	"xlsx: words are text cells and figures number cells, never formulas.\n"
	"\n"
	"Exit status: 0 done, 1 the report failed (inverted period, no such team,\n"
	"database), 2 a malformed option.\n";

enum report_opt {
	REPORT_OPT_FROM = CLI_OPT_FIRST_FREE,
	REPORT_OPT_TO,
	REPORT_OPT_TEAM,
	REPORT_OPT_CHANNEL,
	REPORT_OPT_FORMAT,
	REPORT_OPT_ORIGIN,
	REPORT_OPT_RAW_CSV,
	REPORT_OPT_FACILITY,
};

static const struct option report_longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "from", required_argument, NULL, REPORT_OPT_FROM },
	{ "to", required_argument, NULL, REPORT_OPT_TO },
	{ "team", required_argument, NULL, REPORT_OPT_TEAM },
	{ "channel", required_argument, NULL, REPORT_OPT_CHANNEL },
	{ "format", required_argument, NULL, REPORT_OPT_FORMAT },
	{ "origin", required_argument, NULL, REPORT_OPT_ORIGIN },
	{ "out", required_argument, NULL, 'o' },
	{ "raw-csv", no_argument, NULL, REPORT_OPT_RAW_CSV },
	{ "facility", required_argument, NULL, REPORT_OPT_FACILITY },
	{ NULL, 0, NULL, 0 },
};

/* What every report is asked. */
struct report_args {
	struct cli_flags flags;           /* --db, --config */
	struct app_report_filter filter;  /* --from, --to, --team, --channel */
	int format;                       /* enum report_format */
	const char *out_path;             /* --out, NULL = standard output */
	bool raw_csv;                     /* --raw-csv: csv text cells as they are */
};

#define REPORT_F_PERIOD 1u  /* --from, --to, --team, --channel */
#define REPORT_F_ORIGIN 2u  /* --origin */
#define REPORT_F_FACILITY 4u /* --facility */

/* One kind of report: `loyaldesk report NAME`. */
struct report_kind {
	const char *name; /* "effort" */
	unsigned filters; /* REPORT_F_* the report takes */
	/*
	 * Computes the report covering `filter` through the app as the operator
	 * and describes it in `doc` (caller-owned, zeroed; filled whole on LD_OK).
	 * App errors pass through.
	 */
	ld_status (*build)(struct app *app, const struct app_report_filter *filter,
			   struct report_doc *doc, struct ld_err *err);
};

/* ---------------------------------------------------------------------- */
/* The effort report                                                       */
/* ---------------------------------------------------------------------- */

static struct report_measure *report_add(struct report_doc *doc, const char *key,
					 const char *label, int indent, enum report_value kind)
{
	struct report_measure *m;

	if (doc->n >= REPORT_MEASURES_MAX)
		abort(); /* a build function lists more measures than the document holds */
	m = &doc->measures[doc->n++];
	m->key = key;
	m->label = label;
	m->indent = indent;
	m->kind = kind;
	m->has_data = true;
	return m;
}

static void report_add_count(struct report_doc *doc, const char *key, const char *label,
			     int64_t count)
{
	report_add(doc, key, label, 0, REPORT_VALUE_COUNT)->count = count;
}

static void report_add_share(struct report_doc *doc, const char *key, const char *label,
			     int indent, const struct survey_share *share)
{
	struct report_measure *m = report_add(doc, key, label, indent, REPORT_VALUE_SHARE);

	m->share = *share;
	m->has_data = share->has_data;
}

static void report_add_value(struct report_doc *doc, const char *key, const char *label,
			     enum report_value kind, double value, bool has_data)
{
	struct report_measure *m = report_add(doc, key, label, 0, kind);

	m->value = has_data ? value : 0;
	m->has_data = has_data;
}

static void report_add_interval(struct report_doc *doc, const char *key, const char *label,
				int indent, enum report_value kind, bool has_data, double value,
				bool has_interval, double low, double high)
{
	struct report_measure *m = report_add(doc, key, label, indent, kind);

	m->has_data = has_data;
	m->value = has_data ? value : 0;
	m->has_interval = has_data && has_interval;
	m->ci_low = m->has_interval ? low : 0;
	m->ci_high = m->has_interval ? high : 0;
}

static void report_add_ratio(struct report_doc *doc, const char *key, const char *label,
			     const struct survey_ratio *r)
{
	report_add_interval(doc, key, label, 0, REPORT_VALUE_RATIO, r->has_data, r->ratio, true,
			    r->ci_low, r->ci_high);
}

static ld_status report_effort_build(struct app *app, const struct app_report_filter *filter,
				     struct report_doc *doc, struct ld_err *err)
{
	struct app_effort_report r;
	ld_status rc;

	if ((rc = app_report_effort(app, NULL, filter, &r, err)) != LD_OK)
		return rc;
	doc->title = "Customer effort";
	doc->sheet = "Effort";
	doc->population = "cases opened";
	doc->note = "Shares are of the cases covered; brackets hold the 95% Wilson interval.";
	doc->from = r.filter.from;
	doc->to = r.filter.to;
	doc->team_id = r.filter.team_id;
	doc->channel = r.filter.channel;
	doc->by_facility = true;
	doc->facility_id = r.filter.facility_id;
	/* the CEB wording: what the customer had to do */
	report_add_count(doc, "cases", "cases covered", r.cases);
	report_add_share(doc, "high_effort", "high-effort cases", 0, &r.high_effort);
	report_add_share(doc, "medium_effort", "medium-effort cases", 0, &r.medium_effort);
	report_add_share(doc, "repeat_contact", "had to contact again (repeat)", 0,
			 &r.repeat_contact);
	report_add_share(doc, "re_explanation", "had to repeat information", 0,
			 &r.re_explanation);
	report_add_share(doc, "channel_switch", "switched channel", 0, &r.channel_switch);
	report_add_share(doc, "web_to_phone", "of which web → phone", 1, &r.web_to_phone);
	report_add_share(doc, "transferred", "were transferred", 0, &r.transferred);
	report_add_share(doc, "robot_only", "left without an answer by a bot", 0, &r.robot_only);
	report_add_share(doc, "reopened", "had a resolved case reopened", 0, &r.reopened);
	report_add_value(doc, "transfers_per_case", "transfers per case", REPORT_VALUE_RATE,
			 r.transfers_per_case, r.cases > 0);
	report_add_value(doc, "contacts_per_case", "contacts per case", REPORT_VALUE_RATE,
			 r.contacts_per_case, r.cases > 0);
	report_add_count(doc, "resolved_cases", "resolved cases", r.resolved_cases);
	report_add_value(doc, "mean_resolution_s", "mean time to resolution",
			 REPORT_VALUE_DURATION, r.mean_resolution_s, r.resolved_cases > 0);
	report_add_share(doc, "fcr_7d", "resolved at first contact (7 days)", 0, &r.fcr_7d);
	report_add_share(doc, "fcr_24h", "… within 24 hours", 1, &r.fcr_24h);
	report_add_share(doc, "fcr_30d", "… within 30 days", 1, &r.fcr_30d);
	report_add_interval(doc, "lapse_ratio_high_effort", "lapse ratio, high effort vs not", 0,
			    REPORT_VALUE_RATIO, r.lapse_high_effort.has_data,
			    r.lapse_high_effort.ratio, true, r.lapse_high_effort.ci_low,
			    r.lapse_high_effort.ci_high);
	report_add_interval(doc, "lapse_ratio_contact", "lapse ratio, service contact vs none", 0,
			    REPORT_VALUE_RATIO, r.lapse_contact.has_data, r.lapse_contact.ratio,
			    true, r.lapse_contact.ci_low, r.lapse_contact.ci_high);
	report_add_ratio(doc, "disloyalty_ratio", "lapse or detractor, contact vs none",
			 &r.disloyalty);
	return LD_OK;
}


/* The filter part of a survey report's document. */
static void report_survey_doc(struct report_doc *doc, const struct app_report_filter *f,
			      const char *title, const char *sheet, const char *note)
{
	doc->title = title;
	doc->sheet = sheet;
	doc->population = "answers given";
	doc->note = note;
	doc->from = f->from;
	doc->to = f->to;
	doc->team_id = f->team_id;
	doc->channel = f->channel;
}

static ld_status report_nps_build(struct app *app, const struct app_report_filter *filter,
				  struct report_doc *doc, struct ld_err *err)
{
	struct app_nps_report r;
	ld_status rc;

	if ((rc = app_report_nps(app, NULL, filter, &r, err)) != LD_OK)
		return rc;
	report_survey_doc(doc, filter, "Net Promoter Score", "NPS",
			  "NPS in points (-100…100); brackets hold its 95% interval.");
	report_add_count(doc, "n", "answers", r.nps.n);
	report_add_count(doc, "promoters", "promoters (9–10)", r.nps.promoters);
	report_add_count(doc, "passives", "passives (7–8)", r.nps.passives);
	report_add_count(doc, "detractors", "detractors (0–6)", r.nps.detractors);
	report_add_interval(doc, "nps", "NPS", 0, REPORT_VALUE_SCORE, r.nps.has_data, r.nps.nps,
			    true, r.nps.ci_low, r.nps.ci_high);
	return LD_OK;
}

static ld_status report_csat_build(struct app *app, const struct app_report_filter *filter,
				   struct report_doc *doc, struct ld_err *err)
{
	static const char *const keys[] = { "answer_1", "answer_2", "answer_3", "answer_4",
					    "answer_5" };
	static const char *const labels[] = { "1 very dissatisfied", "2", "3", "4",
					      "5 very satisfied" };
	struct app_csat_report r;
	ld_status rc;

	if ((rc = app_report_csat(app, NULL, filter, &r, err)) != LD_OK)
		return rc;
	report_survey_doc(doc, filter, "Customer satisfaction (CSAT)", "CSAT",
			  "CSAT is the share answering 4 or 5; brackets hold the 95% Wilson interval.");
	report_add_count(doc, "n", "answers", r.csat.n);
	report_add_share(doc, "csat", "satisfied (4–5)", 0, &r.csat.top2);
	report_add_value(doc, "mean", "mean answer (1–5)", REPORT_VALUE_RATE, r.csat.mean,
			 r.csat.has_data);
	for (int k = 0; k < SURVEY_CSAT_POINTS; k++)
		report_add_count(doc, keys[k], labels[k], r.csat.counts[k]);
	return LD_OK;
}

static ld_status report_ces_build(struct app *app, const struct app_report_filter *filter,
				  struct report_doc *doc, struct ld_err *err)
{
	struct app_ces_report r;
	ld_status rc;

	if ((rc = app_report_ces(app, NULL, filter, &r, err)) != LD_OK)
		return rc;
	report_survey_doc(doc, filter, "Customer effort score (CES 2.0)", "CES",
			  "\"The company made it easy for me to handle my issue\", 1–7; "
			  "higher is easier.");
	report_add_count(doc, "n", "answers", r.ces.n);
	report_add_interval(doc, "ces", "mean CES (1–7)", 0, REPORT_VALUE_SCORE, r.ces.has_data,
			    r.ces.mean, r.ces.n >= 2, r.ces.ci_low, r.ces.ci_high);
	report_add_share(doc, "agree", "found it easy (5–7)", 0, &r.ces.agree);
	report_add_share(doc, "disagree", "found it hard (1–3)", 0, &r.ces.disagree);
	return LD_OK;
}

static ld_status report_servqual_build(struct app *app, const struct app_report_filter *filter,
				       struct report_doc *doc, struct ld_err *err)
{
	static const char *const labels[] = { "tangibles", "reliability", "responsiveness",
					      "assurance", "empathy" };
	struct app_servqual_report r;
	ld_status rc;

	if ((rc = app_report_servqual(app, NULL, filter, &r, err)) != LD_OK)
		return rc;
	report_survey_doc(doc, filter, "Expectation vs. perception (SERVQUAL)", "SERVQUAL",
			  "Gap = perceived − expected (−6…6); below 0 the service falls short.");
	for (int d = 0; d < SURVEY_SQ_DIM_COUNT; d++) {
		const struct survey_servqual_dim_result *x = &r.sq.dims[d];
		double half = 1.96 * x->se;
		report_add_interval(doc, survey_servqual_dim_name(d), labels[d], 0,
				    REPORT_VALUE_SCORE, x->n > 0, x->gap, x->n > 1, x->gap - half,
				    x->gap + half);
	}
	report_add_interval(doc, "overall_gap", "overall gap", 0, REPORT_VALUE_SCORE,
			    r.sq.has_data, r.sq.overall, false, 0, 0);
	return LD_OK;
}

static ld_status report_loyalty_build(struct app *app, const struct app_report_filter *filter,
				      struct report_doc *doc, struct ld_err *err)
{
	static const char *const labels[LOYALTY_FEATURES] = {
		"odds of lapse: high effort", "… per contact", "… per repeat contact",
		"… per transfer", "… per channel switch", "… per re-explanation",
		"… per robot-only contact", "… per complaint", "… NPS detractor",
		"… NPS promoter", "… CES ≤ 3", "… CSAT ≤ 2",
	};
	static char keys[LOYALTY_FEATURES][40];
	struct app_loyalty_report *r = xcalloc(1, sizeof *r);
	const struct logit_model *m;
	ld_status rc;

	if ((rc = app_report_loyalty(app, NULL, filter, r, err)) != LD_OK)
		goto out;
	m = &r->model.logit;
	doc->title = "Loyalty: what costs renewals";
	doc->sheet = "Loyalty";
	doc->population = "customers by their latest renewal";
	doc->note = r->model.fallback_reason != NULL
			    ? "Too few decided renewals to fit: the odds ratios are the documented "
			      "prior (CEB 96% vs 9% disloyalty after high vs low effort)."
			    : "Logistic regression on every customer with a decided renewal; "
			      "brackets hold 95% Wald intervals.";
	doc->population = "customers whose latest renewal fell due";
	doc->from = r->filter.from;
	doc->to = r->filter.to;
	doc->channel = -1;
	report_add_count(doc, "customers", "customers with a decided renewal", r->model.customers);
	report_add_count(doc, "lapsed", "of whom lapsed", r->model.lapsed);
	report_add_count(doc, "undecided", "customers not yet up for renewal", r->model.undecided);
	report_add_share(doc, "lapse_rate", "lapse rate", 0, &r->lapse_rate);
	report_add_count(doc, "fallback", "model is the prior (1) or fitted (0)",
			 r->model.fallback_reason != NULL);
	report_add_ratio(doc, "lapse_high_effort", "lapse ratio, high effort vs not",
			 &r->lapse_high_effort);
	report_add_ratio(doc, "disloyalty_ratio", "lapse or detractor, contact vs none",
			 &r->disloyalty);
	for (int j = 0; j < LOYALTY_FEATURES; j++) {
		snprintf(keys[j], sizeof keys[j], "odds_%s", loyalty_feature_name(j));
		report_add_interval(doc, keys[j], labels[j], j == 0 ? 0 : 1, REPORT_VALUE_RATIO,
				    !m->constant[j], m->odds_ratio[1 + j], m->has_se,
				    m->or_low[1 + j], m->or_high[1 + j]);
	}
	report_add_count(doc, "ces_answers", "CES answers for weight calibration", r->ces_cases);
out:
	free(r);
	return rc;
}

/* The reports, in help order. */
static const struct report_kind report_kinds[] = {
	{ "effort", REPORT_F_PERIOD | REPORT_F_FACILITY, report_effort_build },
	{ "nps", REPORT_F_PERIOD | REPORT_F_ORIGIN, report_nps_build },
	{ "csat", REPORT_F_PERIOD | REPORT_F_ORIGIN, report_csat_build },
	{ "ces", REPORT_F_PERIOD | REPORT_F_ORIGIN, report_ces_build },
	{ "servqual", REPORT_F_PERIOD | REPORT_F_ORIGIN, report_servqual_build },
	{ "loyalty", REPORT_F_PERIOD, report_loyalty_build },
};

#define REPORT_KINDS_LEN (sizeof report_kinds / sizeof report_kinds[0])

/* ---------------------------------------------------------------------- */
/* Options                                                                 */
/* ---------------------------------------------------------------------- */

/*
 * Parses a period bound: "YYYY-MM-DD" (UTC midnight; *date_only set) or
 * "YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM|±HHMM]" (no zone = UTC; fractions
 * of a second cannot matter to whole days), at or after 1970. A bare number
 * is refused ("--from 2026" must not read as Unix second 2026).
 */
#define REPORT_TIME_ACCEPT                                                                 \
	(TIME_ISO_DATE | TIME_ISO_SPACE | TIME_ISO_NO_ZONE | TIME_ISO_OFFSET |              \
	 TIME_ISO_OFFSET_BASIC | TIME_ISO_FRACTION)

static bool report_parse_date(const char *s, int64_t *t, bool *date_only)
{
	int64_t v;

	if (!time_parse_iso8601(s, REPORT_TIME_ACCEPT, &v) || v < 0)
		return false;
	*date_only = strlen(s) == 10;
	*t = v; /* 12:00+02:00 is 10:00Z */
	return true;
}

/* "effort" (later "effort, nps or csat"): the names of report_kinds[]. */
static void report_kind_list(char *buf, size_t buf_len)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < REPORT_KINDS_LEN && used < buf_len; i++)
		used += (size_t)snprintf(buf + used, buf_len - used, "%s%s",
					 i == 0 ? "" : i + 1 == REPORT_KINDS_LEN ? " or " : ", ",
					 report_kinds[i].name);
}

/* "email, phone, …, social or bot" */
static void report_channel_list(char *buf, size_t buf_len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < LD_CH_COUNT && used < buf_len; i++)
		used += (size_t)snprintf(buf + used, buf_len - used, "%s%s",
					 i == 0 ? "" : i == LD_CH_COUNT - 1 ? " or " : ", ",
					 ld_channel_name(i));
}

/*
 * Rounds the period out to whole UTC days, with a note on stderr for each
 * bound that moves. An inverted period is left as given for the app to judge.
 */
static void report_whole_days(const struct cli_command *cmd, struct app_report_filter *f,
			      const char *from_text, const char *to_text)
{
	char day[32];
	int64_t r;

	if (f->from != 0 && f->to != 0 && f->to <= f->from)
		return;
	if ((r = f->from % REPORT_DAY_S) != 0) {
		f->from -= r;
		cli_format_time(f->from, day, sizeof day);
		fprintf(stderr,
			"loyaldesk %s: note: cases count by the UTC day they opened; "
			"--from %s covers all of %.10s\n",
			cmd->name, from_text, day);
	}
	if ((r = f->to % REPORT_DAY_S) != 0) {
		f->to += REPORT_DAY_S - r;
		cli_format_time(f->to - 1, day, sizeof day);
		fprintf(stderr,
			"loyaldesk %s: note: cases count by the UTC day they opened; "
			"--to %s covers all of %.10s\n",
			cmd->name, to_text, day);
	}
}

/* Parses the options after the report's name; returns -1 to go on, else an exit code. */
static int report_parse(const struct cli_command *cmd, int argc, char **argv,
			struct report_args *a)
{
	const char *from_text = NULL, *to_text = NULL, *format = NULL;
	char channels[96];
	bool started = false, date_only;
	int c;

	memset(a, 0, sizeof *a);
	a->filter.channel = -1;
	a->filter.origin = -1;
	while ((c = cli_getopt(cmd, argc, argv, "ho:", report_longopts, &a->flags, &started)) !=
	       -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case 'o': a->out_path = optarg; break;
		case REPORT_OPT_FROM: from_text = optarg; break;
		case REPORT_OPT_TO: to_text = optarg; break;
		case REPORT_OPT_FORMAT: format = optarg; break;
		case REPORT_OPT_RAW_CSV: a->raw_csv = true; break;
		case REPORT_OPT_ORIGIN:
			a->filter.origin = ld_survey_origin_parse(optarg);
			if (a->filter.origin < 0)
				return cli_usage(cmd, "--origin must be manual, transactional or "
						      "relationship, not '%s'", optarg);
			break;
		case REPORT_OPT_TEAM:
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &a->filter.team_id))
				return cli_usage(cmd, "--team must be a team id (a positive number), "
						      "not '%s'", optarg);
			break;
		case REPORT_OPT_FACILITY:
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &a->filter.facility_id))
				return cli_usage(cmd, "--facility must be a branch id (a positive "
						      "number), not '%s'", optarg);
			break;
		case REPORT_OPT_CHANNEL:
			a->filter.channel = ld_channel_parse(optarg);
			if (a->filter.channel < 0) {
				report_channel_list(channels, sizeof channels);
				return cli_usage(cmd, "--channel must be %s, not '%s'", channels,
						 optarg);
			}
			break;
		default: return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (from_text != NULL && !report_parse_date(from_text, &a->filter.from, &date_only))
		return cli_usage(cmd, "--from must be a date (YYYY-MM-DD) or an ISO 8601 instant "
				      "in 1970 or later, not '%s'", from_text);
	if (to_text != NULL) {
		if (!report_parse_date(to_text, &a->filter.to, &date_only))
			return cli_usage(cmd, "--to must be a date (YYYY-MM-DD) or an ISO 8601 "
					      "instant in 1970 or later, not '%s'", to_text);
		if (date_only)
			a->filter.to += REPORT_DAY_S; /* the whole day named */
	}
	a->format = format == NULL ? REPORT_FORMAT_TABLE : report_format_parse(format);
	if (a->format < 0)
		return cli_usage(cmd, "--format must be table, json, csv or xlsx, not '%s'", format);
	if (a->raw_csv && a->format != REPORT_FORMAT_CSV)
		return cli_usage(cmd, "--raw-csv applies to --format csv");
	if (a->out_path != NULL && strcmp(a->out_path, "-") == 0)
		a->out_path = NULL;
	if (a->format == REPORT_FORMAT_XLSX && a->out_path == NULL)
		return cli_usage(cmd, "--format xlsx writes a workbook, not text: "
				      "give --out FILE.xlsx");
	if (a->out_path != NULL && strlen(a->out_path) > REPORT_PATH_MAX)
		return cli_usage(cmd, "--out: the path is too long");
	report_whole_days(cmd, &a->filter, from_text, to_text);
	return -1;
}

/* ---------------------------------------------------------------------- */
/* Running a report                                                        */
/* ---------------------------------------------------------------------- */

/* cli_fail(), naming the option an app error is about ("--team: no team 9"). */
static int report_fail(struct ld_err *err)
{
	static const char *const fields[] = { "from", "to", "team", "channel", "facility" };
	char message[LD_ERR_MESSAGE_MAX];
	size_t i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(err->field, fields[i]) == 0) {
			snprintf(message, sizeof message, "%s", err->message);
			snprintf(err->message, sizeof err->message, "--%s: %.240s", fields[i],
				 message);
			break;
		}
	}
	return cli_fail(err);
}

static ld_status report_render(const struct report_doc *doc, const struct report_args *a,
			       FILE *out, const char *path, struct ld_err *err)
{
	switch (a->format) {
	case REPORT_FORMAT_JSON: return report_write_json(doc, out, err);
	case REPORT_FORMAT_CSV: return report_write_csv(doc, out, a->raw_csv, err);
	case REPORT_FORMAT_XLSX: return report_write_xlsx(doc, path, err);
	default: return report_write_table(doc, out, err);
	}
}

static int report_run(const struct report_kind *kind, const struct report_args *a)
{
	struct report_doc doc;
	struct ld_team team;
	struct ld_facility branch;
	struct config cfg;
	struct app app = { 0 };
	struct ld_err err, ignored;
	char tmp[REPORT_PATH_MAX + 8];
	FILE *out = stdout;
	ld_status st;
	int rc = CLI_EXIT_FAIL;

	ld_err_clear(&err);
	memset(&doc, 0, sizeof doc);
	tmp[0] = '\0';
	if (cli_config(&a->flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_db_missing(&cfg))
		return CLI_EXIT_FAIL;
	if (cli_app_open(&cfg, &app, &err) != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (kind->build(&app, &a->filter, &doc, &err) != LD_OK) {
		rc = report_fail(&err);
		goto out;
	}
	/* the name is a courtesy: the id is printed without it */
	if (doc.team_id != 0 && app_team_get(&app, NULL, doc.team_id, &team, &ignored) == LD_OK)
		snprintf(doc.team_name, sizeof doc.team_name, "%s", team.name);
	if (doc.facility_id != 0 &&
	    app_facility_get(&app, NULL, doc.facility_id, &branch, &ignored) == LD_OK)
		snprintf(doc.facility_name, sizeof doc.facility_name, "%s", branch.name);
	/* Written beside the target and renamed: complete or not at all. */
	if (a->out_path != NULL) {
		snprintf(tmp, sizeof tmp, "%s.part", a->out_path);
		if ((out = fopen(tmp, "w")) == NULL) {
			out = stdout;
			ld_fail(&err, LD_ERR_INTERNAL, "io_error", NULL, "cannot write %s: %s", tmp,
				strerror(errno));
			tmp[0] = '\0';
			rc = cli_fail(&err);
			goto out;
		}
		/* libxlsxwriter opens the path itself, and would say why it cannot
		 * in its own words: the test above speaks for it */
		if (a->format == REPORT_FORMAT_XLSX) {
			fclose(out);
			out = stdout;
		}
	}
	st = report_render(&doc, a, out, tmp, &err);
	if (st == LD_OK && fflush(out) != 0)
		st = ld_fail(&err, LD_ERR_INTERNAL, "io_error", NULL, "write error");
	if (out != stdout) {
		if (fclose(out) != 0 && st == LD_OK)
			st = ld_fail(&err, LD_ERR_INTERNAL, "io_error", NULL, "write error on %s",
				     tmp);
		out = stdout;
	}
	if (st == LD_OK && tmp[0] != '\0') {
		if (rename(tmp, a->out_path) != 0)
			st = ld_fail(&err, LD_ERR_INTERNAL, "io_error", NULL, "cannot rename %s",
				     tmp);
		else
			tmp[0] = '\0';
	}
	if (st != LD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (a->out_path != NULL)
		fprintf(stderr, "wrote the %s report to %s\n", kind->name, a->out_path);
	rc = CLI_EXIT_OK;
out:
	if (out != stdout)
		fclose(out);
	if (tmp[0] != '\0')
		remove(tmp);
	cli_app_close(&app);
	return rc;
}

int cli_report_run(const struct cli_command *cmd, int argc, char **argv)
{
	struct report_args a;
	const char *name;
	char kinds[128];
	size_t i;
	int rc;

	report_kind_list(kinds, sizeof kinds);
	if (argc < 2)
		return cli_usage(cmd, "which report? (%s)", kinds);
	name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		return cli_help(cmd);
	if (name[0] == '-')
		return cli_usage(cmd, "name the report before the options (%s)", kinds);
	for (i = 0; i < REPORT_KINDS_LEN; i++)
		if (strcmp(report_kinds[i].name, name) == 0)
			break;
	if (i == REPORT_KINDS_LEN)
		return cli_usage(cmd, "unknown report '%s' (%s)", name, kinds);
	rc = report_parse(cmd, argc - 1, argv + 1, &a);
	if (rc != -1)
		return rc;
	if (!(report_kinds[i].filters & REPORT_F_ORIGIN) && a.filter.origin >= 0)
		return cli_usage(cmd, "--origin applies to the survey reports (nps, csat, ces, "
				      "servqual), not to %s", name);
	if (!(report_kinds[i].filters & REPORT_F_FACILITY) && a.filter.facility_id != 0)
		return cli_usage(cmd, "--facility applies to the effort report, not to %s (a "
				      "branch's answers are in its summary)", name);
	return report_run(&report_kinds[i], &a);
}
