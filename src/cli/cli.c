/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The command table and the helpers every command shares (see cli.h).
 *
 * Owns: dispatch of argv[1], the help texts, the mapping of failures to exit
 * codes and stderr messages, configuration resolution, opening the store,
 * the CLI clock. Adding a command is one file plus one line in cli_commands[].
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define CLI_COMMON_HELP                                                                   \
	"Options every command takes, before or after the command:\n"                      \
	"  --db PATH        database file (default ./var/loyaldesk.db; env LOYALDESK_DB)\n"  \
	"  --config FILE    configuration file (default ./loyaldesk.conf when present;\n"   \
	"                   env LOYALDESK_CONFIG)\n"                                          \
	"  -h, --help       this help\n"

static const struct cli_command cli_commands[] = {
	{ "init", "create the database or upgrade its schema", cli_init_run,
	  "Usage: loyaldesk init [--db PATH]\n"
	  "\n"
	  "Creates the database (and its directory) if missing and applies pending\n"
	  "schema migrations; prints the schema version. Safe to run again.\n" },
	{ "check", "recompute every report figure from the rows and compare", cli_check_run,
	  "Usage: loyaldesk check [--repair] [--format table|json] [--db PATH]\n"
	  "\n"
	  "Recomputes every derived figure (effort and FCR aggregates, survey\n"
	  "histograms, SERVQUAL sums, the customer split, loyalty cells and each\n"
	  "customer's sums, latest answers, renewal outcome and loyalty key) from the\n"
	  "stored cases, answers and subscriptions with the same rules the write path\n"
	  "uses, and prints every difference as\n"
	  "  table<TAB>key<TAB>field<TAB>stored<TAB>recomputed\n"
	  "(one JSON object per line with --format json). Verifies the audit log's\n"
	  "hash chain too: a row whose chain or detail digest does not verify is a\n"
	  "line of table audit (key id=N, field chain or detail_digest, stored,\n"
	  "expected), and the last row's chain is printed as the head. Exits 1 when\n"
	  "there is a difference or a break, 0 when the figures are true and the\n"
	  "log intact.\n"
	  "\n"
	  "  --repair   rewrite every figure from the recomputation, in one\n"
	  "             transaction; exits 0 once repaired (the audit log is never\n"
	  "             rewritten: a break still exits 1)\n" },
	{ "serve", "run the HTTP API and web interface", cli_serve_run,
	  "Usage: loyaldesk serve [--listen HOST:PORT] [--threads N] [--max-body BYTES]\n"
	  "\n"
	  "Migrates the database, then serves until SIGINT or SIGTERM.\n"
	  "\n"
	  "  --listen HOST:PORT  address (default 127.0.0.1:8080; IPv6 as [::1]:8080;\n"
	  "                      port 0 picks a free one; env LOYALDESK_LISTEN)\n"
	  "  --threads N         worker threads (default 2; env LOYALDESK_THREADS)\n"
	  "  --max-body BYTES    largest request body, K/M suffix allowed\n"
	  "                      (default 1048576; env LOYALDESK_MAX_BODY)\n"
	  "\n"
	  "Connection limits and request deadlines are [serve] settings of the\n"
	  "configuration file and LOYALDESK_* variables: max_connections,\n"
	  "max_connections_per_address, head_timeout, body_timeout, body_min_rate\n"
	  "(docs/configuration.md).\n" },
	{ "demo", "load a realistic demonstration data set", cli_demo_run,
	  "Usage: loyaldesk demo [--seed N] [--customers N] [--cases N] [--force]\n"
	  "                      [--admin-password-stdin]\n"
	  "\n"
	  "Loads teams, agents, branches, an SLA calendar with Czech public holidays,\n"
	  "SLA policies, customers in six languages and cases with full histories\n"
	  "(transfers, channel switches, repeat contacts, bot-only contacts, visits,\n"
	  "reopens, pending cases) through the same use cases the API runs, so effort\n"
	  "and SLA figures are computed the real way. Deterministic for a given seed.\n"
	  "Creates admin@example.com and prints its password once.\n"
	  "\n"
	  "  --seed N                 random seed (default 1)\n"
	  "  --customers N            customers (default 500)\n"
	  "  --cases N                cases (default 2000)\n"
	  "  --force                  load into a database that already holds data\n"
	  "  --admin-password-stdin   read the admin password from standard input\n" },
	{ "user", "add, list and change accounts", cli_user_run,
	  "Usage: loyaldesk user add --email E --name N --role admin|manager|agent|customer\n"
	  "                          [--team ID] [--customer ID] [--languages cs,en]\n"
	  "                          [--skills LIST] [--senior] [--password-stdin]\n"
	  "       loyaldesk user list [--role ROLE] [--format table|json]\n"
	  "       loyaldesk user passwd --email E --password-stdin\n"
	  "\n"
	  "--password-stdin reads one line from standard input (without its line end).\n"
	  "An account added without it cannot log in until a password is set.\n"
	  "passwd sets the password as the operator (no current password asked) and\n"
	  "ends every session of the account.\n" },
	{ "import", "import customers, interactions or renewals from CSV", cli_import_run,
	  "Usage: loyaldesk import customers FILE.csv [--strict] [--raw-csv]\n"
	  "       loyaldesk import interactions FILE.csv [--strict] [--raw-csv]\n"
	  "       loyaldesk import renewals FILE.csv [--strict] [--raw-csv]\n"
	  "\n"
	  "FILE is RFC 4180 CSV with a header row (columns by name, any order; a UTF-8\n"
	  "BOM and CRLF are fine); '-' reads standard input.\n"
	  "  customers:    name (required), email, phone, language, preferred_channel,\n"
	  "                org_id, consent, created_at, org_name, notes; id is ignored.\n"
	  "                org_name (matched by name, created when missing) wins\n"
	  "                over org_id.\n"
	  "  interactions: case_id, customer_id, channel, direction, at (Unix seconds\n"
	  "                or ISO 8601), kind (required); agent_id, status_to,\n"
	  "                to_agent_id, facility_id, duration_s, sentiment, body;\n"
	  "                by name: agent_email, to_agent_email, to_team, facility,\n"
	  "                case_subject, case_category, case_priority, case_language,\n"
	  "                case_team, case_owner_email.\n"
	  "                Ids are the file's own: a customer id that exists is used,\n"
	  "                others become \"Customer <id>\"; agents become \"Agent <id>\";\n"
	  "                rows are grouped into cases by case_id. Names win over ids:\n"
	  "                accounts by e-mail, teams and branches by name, each\n"
	  "                created when missing; a case ends with the case_* owner\n"
	  "                and team.\n"
	  "  renewals:     one subscription per row, either customer_id,renewed\n"
	  "                (1/0 → renewed/lapsed; product \"Imported\", yearly, renewing\n"
	  "                at the import time) or customer_id, product, period\n"
	  "                (monthly|quarterly|yearly), renews_at (Unix seconds or\n"
	  "                ISO 8601), status (active|renewed|lapsed). Customer ids map\n"
	  "                as for interactions.\n"
	  "Bad rows are reported with their line number and skipped. A text cell\n"
	  "that starts with ' followed by = + - @, TAB or CR (or by more quotes\n"
	  "and one of them) loses that first ' — what export adds to keep a\n"
	  "spreadsheet from evaluating it — so an export imports as it was.\n"
	  "\n"
	  "  --strict    check every row first and import nothing if any is bad\n"
	  "  --raw-csv   take every cell as written: a leading ' is kept\n" },
	{ "export", "export customers or interactions as CSV", cli_export_run,
	  "Usage: loyaldesk export customers|interactions [--out FILE] [--raw-csv]\n"
	  "\n"
	  "Writes the layouts that import reads (RFC 4180, CRLF) to standard output\n"
	  "or FILE, with names beside the ids (org_name; agent_email, to_team,\n"
	  "facility, case_subject … case_owner_email), so that importing customers,\n"
	  "then interactions, into an empty store and exporting again gives the same\n"
	  "rows but for the ids.\n"
	  "A text cell that a spreadsheet would evaluate — one starting with = + - @,\n"
	  "TAB or CR, such as a body =HYPERLINK(…) or a phone +420 … — is written\n"
	  "quoted with a ' in front (OWASP's advice on CSV injection); ids, times\n"
	  "and figures such as a sentiment of -0.250 are numbers and never are.\n"
	  "import takes the ' away again.\n"
	  "\n"
	  "  --out FILE   write here instead of standard output\n"
	  "  --raw-csv    write every cell as stored, without the '\n" },
	{ "report", "reports for managers (effort, nps, csat, ces, servqual, loyalty)",
	  cli_report_run, cli_report_help },
	{ "survey", "send a relationship survey campaign to a segment of customers",
	  cli_survey_run, cli_survey_help },
	{ "sla", "SLA calendars, holidays and policies", cli_sla_run, cli_sla_help },
	{ "audit", "the audit log: who did what, when, from where", cli_audit_run, cli_audit_help },
	{ "gdpr", "personal data: export, erase, retention", cli_gdpr_run, cli_gdpr_help },
	{ "mailgate", "file one e-mail from standard input (an MTA's pipe transport)",
	  cli_mailgate_run, cli_mailgate_help },
	{ "outbox", "send the outbox's mail now, or retry a failed message", cli_outbox_run,
	  cli_outbox_help },
	{ "integration", "add, list or revoke a telephone system's token", cli_integration_run,
	  cli_integration_help },
	{ "chat", "add or list the chat widgets a site embeds", cli_chat_run, cli_chat_help },
};

#define CLI_COMMANDS_LEN (sizeof cli_commands / sizeof cli_commands[0])

static void cli_print_usage(FILE *out)
{
	size_t i;

	fputs("Usage: loyaldesk [--db PATH] [--config FILE] COMMAND [OPTIONS]\n"
	      "\n"
	      "loyaldesk: a customer-service desk that measures customer effort.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (i = 0; i < CLI_COMMANDS_LEN; i++)
		fprintf(out, "  %-8s  %s\n", cli_commands[i].name, cli_commands[i].summary);
	fputs("\n" CLI_COMMON_HELP "\n"
	      "Settings come from loyaldesk.conf < LOYALDESK_* variables < flags.\n"
	      "Run 'loyaldesk COMMAND --help' for a command's options.\n",
	      out);
}

/*
 * The options every command takes may come before the command too
 * (`loyaldesk --db PATH init`): they are kept here and applied by
 * cli_config() before the command's own flags, so a flag after the command
 * wins, as a later flag always does.
 */
static struct cli_flags cli_leading;

/* Whether `arg` is long option `opt` with an attached "=VALUE"; sets *value. */
static bool cli_attached(const char *arg, const char *opt, const char **value)
{
	size_t len = strlen(opt);

	if (strncmp(arg, opt, len) != 0 || arg[len] != '=')
		return false;
	*value = arg + len + 1;
	return true;
}

/*
 * Reads the common options before the command name from argv[1…]; sets *next
 * to the index of the command. Returns -1 to go on, else the exit code
 * (help printed, or a usage error reported).
 */
static int cli_parse_leading(int argc, char **argv, int *next)
{
	int i = 1;

	memset(&cli_leading, 0, sizeof cli_leading);
	while (i < argc && argv[i][0] == '-') {
		const char *arg = argv[i], *value = NULL;
		bool db = strcmp(arg, "--db") == 0, config = strcmp(arg, "--config") == 0;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			cli_print_usage(stdout);
			return CLI_EXIT_OK;
		}
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		if (db || config) {
			if (i + 1 >= argc) {
				fprintf(stderr, "loyaldesk: option '%s' needs a value\n\n", arg);
				cli_print_usage(stderr);
				return CLI_EXIT_USAGE;
			}
			value = argv[++i];
		} else if (cli_attached(arg, "--db", &value)) {
			db = true;
		} else if (cli_attached(arg, "--config", &value)) {
			config = true;
		} else {
			fprintf(stderr, "loyaldesk: unknown option '%s' (options before the command: "
					"--db, --config, --help)\n\n", arg);
			cli_print_usage(stderr);
			return CLI_EXIT_USAGE;
		}
		if (db)
			cli_flag(&cli_leading, "store.db", value);
		else
			cli_leading.config_path = value;
		i++;
	}
	*next = i;
	return -1;
}

int cli_main(int argc, char **argv)
{
	const char *name;
	size_t i;
	int first, rc;

	if ((rc = cli_parse_leading(argc, argv, &first)) != -1)
		return rc;
	argc -= first - 1;
	argv += first - 1;
	if (argc < 2) {
		cli_print_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	name = argv[1];
	if (strcmp(name, "help") == 0) {
		if (argc == 2) {
			cli_print_usage(stdout);
			return CLI_EXIT_OK;
		}
		name = argv[2];
		for (i = 0; i < CLI_COMMANDS_LEN; i++)
			if (strcmp(cli_commands[i].name, name) == 0)
				return cli_help(&cli_commands[i]);
	} else {
		for (i = 0; i < CLI_COMMANDS_LEN; i++)
			if (strcmp(cli_commands[i].name, name) == 0)
				return cli_commands[i].run(&cli_commands[i], argc - 1, argv + 1);
	}
	fprintf(stderr, "loyaldesk: unknown command '%s'\n\n", name);
	cli_print_usage(stderr);
	return CLI_EXIT_USAGE;
}

/* ---------------------------------------------------------------------- */
/* Options and messages                                                    */
/* ---------------------------------------------------------------------- */

int cli_help(const struct cli_command *cmd)
{
	fputs(cmd->help, stdout);
	fputs("\n" CLI_COMMON_HELP, stdout);
	return CLI_EXIT_OK;
}

int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "loyaldesk %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'loyaldesk %s --help'.\n", cmd->name);
	return CLI_EXIT_USAGE;
}

int cli_fail(const struct ld_err *err)
{
	fprintf(stderr, "loyaldesk: %s\n",
		err != NULL && err->message[0] != '\0' ? err->message : "failed");
	/* a flag with a bad value is a usage error, a bad file or variable is not */
	if (err != NULL && strcmp(err->code, "invalid_flag") == 0)
		return CLI_EXIT_USAGE;
	return CLI_EXIT_FAIL;
}

void cli_flag(struct cli_flags *flags, const char *name, const char *value)
{
	int i;

	for (i = 0; i < flags->n; i++) {
		if (strcmp(flags->name[i], name) == 0) {
			flags->value[i] = value; /* the last one wins */
			return;
		}
	}
	if (flags->n < CLI_FLAGS_MAX) {
		flags->name[flags->n] = name;
		flags->value[flags->n] = value;
		flags->n++;
	}
}

int cli_getopt(const struct cli_command *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts, struct cli_flags *flags, bool *started)
{
	char spec[64];
	int c;

	if (!*started) {
		optind = 0; /* glibc: full re-initialisation */
		*started = true;
	}
	/* A leading ':' makes a missing value ':' rather than '?'. */
	snprintf(spec, sizeof spec, ":%s", shortopts);
	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, spec, longopts, NULL);
		if (c == CLI_OPT_DB) {
			cli_flag(flags, "store.db", optarg);
		} else if (c == CLI_OPT_CONFIG) {
			flags->config_path = optarg;
		} else if (c == ':') {
			cli_usage(cmd, "option '%s' needs a value", argv[optind - 1]);
			return '?';
		} else if (c == '?') {
			if (optopt != 0 && optopt < 0x100)
				cli_usage(cmd, "unknown option '-%c'", optopt);
			else
				cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			return '?';
		} else {
			return c;
		}
	}
}

/* ---------------------------------------------------------------------- */
/* Configuration, store, app                                               */
/* ---------------------------------------------------------------------- */

/* Applies the queued flag settings of `flags` to `cfg`, in order. */
static ld_status cli_apply_flags(const struct cli_flags *flags, struct config *cfg,
				 struct ld_err *err)
{
	int i;

	for (i = 0; i < flags->n; i++) {
		struct ld_err e;
		char flag[32];
		char *p;
		ld_err_clear(&e);
		if (config_set(cfg, flags->name[i], flags->value[i], &e) == LD_OK)
			continue;
		/* "serve.max_body" was given as --max-body */
		snprintf(flag, sizeof flag, "%s", strchr(flags->name[i], '.') + 1);
		for (p = flag; *p != '\0'; p++)
			if (*p == '_')
				*p = '-';
		return ld_fail(err, LD_ERR_INVALID, "invalid_flag", e.field, "--%s: %s", flag,
			       e.message);
	}
	return LD_OK;
}

ld_status cli_config(const struct cli_flags *flags, struct config *cfg, struct ld_err *err)
{
	const char *path = flags->config_path != NULL ? flags->config_path
						      : cli_leading.config_path;
	ld_status rc;

	config_defaults(cfg);
	if (path == NULL) {
		path = getenv("LOYALDESK_CONFIG");
		if (path != NULL && path[0] == '\0')
			path = NULL;
	}
	if (path != NULL) {
		if ((rc = config_load_file(cfg, path, err)) != LD_OK)
			return rc;
	} else if (access("loyaldesk.conf", F_OK) == 0) {
		if ((rc = config_load_file(cfg, "loyaldesk.conf", err)) != LD_OK)
			return rc;
	}
	if ((rc = config_load_env(cfg, environ, err)) != LD_OK)
		return rc;
	if ((rc = cli_apply_flags(&cli_leading, cfg, err)) != LD_OK)
		return rc;
	return cli_apply_flags(flags, cfg, err);
}

static int64_t cli_clock_pinned;

int64_t cli_clock_now(void)
{
	return cli_clock_pinned != 0 ? cli_clock_pinned : (int64_t)time(NULL);
}

void cli_clock_set(int64_t t)
{
	cli_clock_pinned = t;
}

const char *cli_data_dir(const struct config *cfg)
{
	static _Thread_local char derived[CONFIG_PATH_MAX + 1];
	const char *slash;

	if (cfg->data_dir[0] != '\0')
		return cfg->data_dir;
	if (strcmp(cfg->db, ":memory:") == 0 || strstr(cfg->db, "://") != NULL)
		return NULL;
	if ((slash = strrchr(cfg->db, '/')) == NULL)
		return ".";
	if (slash == cfg->db)
		return "/";
	snprintf(derived, sizeof derived, "%.*s", (int)(slash - cfg->db), cfg->db);
	return derived;
}

void cli_app_config(const struct config *cfg, struct app_config *out)
{
	app_config_defaults(out);
	out->fcr_window_s = cfg->fcr_window_s;
	out->session_ttl_s = cfg->session_ttl_s;
	out->default_tz = cfg->default_tz;
	out->now = cli_clock_now;
	out->survey_fatigue_s = cfg->survey_fatigue_s;
	out->survey_ttl_s = cfg->survey_ttl_s;
	out->followup_due_s = cfg->followup_due_s;
	out->min_free_bytes = cfg->min_free > 0 ? cfg->min_free : -1; /* 0 = not checked */
	out->login_failures = cfg->login_failures;
	out->login_address_failures =
		cfg->login_address_failures > 0 ? cfg->login_address_failures : APP_THROTTLE_OFF;
	out->login_window_s = cfg->login_window_s;
	out->login_delay_max_s = cfg->login_delay_max_s;
	out->retention_months = cfg->gdpr_retention_months;
	out->data_dir = cli_data_dir(cfg);
	out->web_dir = cfg->web_dir;
	out->mail_from = cfg->mail_from;
	out->mail_retry_for_s = cfg->mail_retry_for_s;
	out->phone_country_code = cfg->phone_country_code;
	out->portal_link_ttl_s = cfg->portal_link_ttl_s;
	out->call_timeout_s = cfg->call_timeout_s;
	out->chat_idle_s = cfg->chat_idle_s;
	if (cfg->public_url[0] != '\0') {
		out->public_url = cfg->public_url;
	} else {
		/* http://LISTEN, bracketing an IPv6 host. */
		static _Thread_local char derived[CONFIG_LISTEN_MAX + 16];
		bool v6 = strchr(cfg->listen_host, ':') != NULL;
		snprintf(derived, sizeof derived, "http://%s%s%s:%d", v6 ? "[" : "",
			 cfg->listen_host, v6 ? "]" : "", cfg->listen_port);
		out->public_url = derived;
	}
}

/* mkdir -p of the directory part of `path` (nothing for URLs or ":memory:"). */
static ld_status cli_make_parent(const char *path, struct ld_err *err)
{
	char dir[CONFIG_PATH_MAX + 1];
	char *slash;
	char *p;

	if (strstr(path, "://") != NULL || path[0] == ':')
		return LD_OK;
	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return LD_OK;
	*slash = '\0';
	for (p = dir + 1;; p++) {
		bool end = *p == '\0';
		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(dir, 0750) != 0 && errno != EEXIST)
			return ld_fail(err, LD_ERR_INTERNAL, "io_error", NULL,
				       "cannot create directory %s: %s", dir, strerror(errno));
		if (end)
			break;
		*p = '/';
	}
	return LD_OK;
}

bool cli_db_missing(const struct config *cfg)
{
	if (strstr(cfg->db, "://") != NULL || cfg->db[0] == ':' || access(cfg->db, F_OK) == 0)
		return false;
	fprintf(stderr, "loyaldesk: no database at %s (see 'loyaldesk init')\n", cfg->db);
	return true;
}

ld_status cli_app_open(const struct config *cfg, struct app *app, struct ld_err *err)
{
	struct app_config acfg;
	ld_status rc;

	memset(app, 0, sizeof *app);
	if ((rc = cli_make_parent(cfg->db, err)) != LD_OK)
		return rc;
	cli_app_config(cfg, &acfg);
	rc = app_open(app, cfg->db, &acfg, err);
	if (rc != LD_OK) {
		if (err != NULL && strstr(err->message, cfg->db) == NULL) {
			char msg[LD_ERR_MESSAGE_MAX];
			snprintf(msg, sizeof msg, "%s", err->message);
			ld_fail(err, rc, err->code, err->field, "%.120s: %s", cfg->db, msg);
		}
		return rc;
	}
	if ((rc = app_prepare(app, err)) != LD_OK)
		app_close(app);
	return rc;
}

int cli_app_open_existing(const struct cli_flags *flags, struct app *app)
{
	struct config cfg;
	struct ld_err err;

	ld_err_clear(&err);
	memset(app, 0, sizeof *app);
	if (cli_config(flags, &cfg, &err) != LD_OK)
		return cli_fail(&err);
	if (cli_db_missing(&cfg))
		return CLI_EXIT_FAIL;
	if (cli_app_open(&cfg, app, &err) != LD_OK)
		return cli_fail(&err);
	return -1;
}

void cli_app_close(struct app *app)
{
	app_close(app);
}

ld_status cli_open(const struct config *cfg, struct store **store, struct app *app,
		   struct ld_err *err)
{
	ld_status rc = cli_app_open(cfg, app, err);

	*store = rc == LD_OK ? app->store : NULL;
	return rc;
}

void cli_close(struct store *store, struct app *app)
{
	(void)store; /* the app owns it */
	cli_app_close(app);
}

/* ---------------------------------------------------------------------- */
/* Small helpers                                                           */
/* ---------------------------------------------------------------------- */

ld_status cli_read_secret(FILE *in, const char *prompt, char *buf, size_t buf_len,
			  struct ld_err *err)
{
	struct termios saved, quiet;
	bool tty = isatty(fileno(in)) && tcgetattr(fileno(in), &saved) == 0;
	size_t len;
	ld_status rc = LD_OK;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(in), TCSAFLUSH, &quiet);
	}
	if (fgets(buf, (int)buf_len, in) == NULL) {
		rc = ld_fail(err, LD_ERR_INVALID, "password_missing", "password",
			     "no password on standard input");
		goto out;
	}
	len = strlen(buf);
	if (len > 0 && buf[len - 1] != '\n' && !feof(in)) {
		rc = ld_fail(err, LD_ERR_TOO_LARGE, "too_long", "password",
			     "the password line is longer than %zu bytes", buf_len - 2);
		goto out;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
out:
	if (tty) {
		tcsetattr(fileno(in), TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	return rc;
}

bool cli_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end = NULL;
	long long v;

	if (s == NULL || s[0] == '\0' || (s[0] != '-' && (s[0] < '0' || s[0] > '9')))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = (int64_t)v;
	return true;
}

bool cli_parse_time(const char *s, int64_t *out)
{
	int64_t t;

	if (s == NULL || s[0] == '\0')
		return false;
	if (strchr(s, '-') == NULL)
		return cli_parse_i64(s, 0, TIME_ISO_MAX, out);
	if (!time_parse_iso8601(s, CLI_TIME_ACCEPT, &t) || t < 0)
		return false;
	*out = t;
	return true;
}

void cli_format_time(int64_t t, char *out, size_t out_len)
{
	char iso[TIME_ISO_LEN + 1];

	time_format_utc(t, iso);
	snprintf(out, out_len, "%s", iso);
}

size_t cli_text_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static double cli_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(struct cli_progress *p, const char *what, long long total)
{
	p->on = isatty(STDERR_FILENO) != 0;
	p->what = what;
	p->total = total;
	p->last = 0;
}

void cli_progress_update(struct cli_progress *p, long long done, long long items)
{
	double now;

	if (!p->on)
		return;
	now = cli_mono();
	if (now - p->last < 0.1)
		return;
	p->last = now;
	if (p->total > 0)
		fprintf(stderr, "\r%s: %3d%%  (%lld)", p->what,
			(int)(done * 100 / (p->total > 0 ? p->total : 1)), items);
	else
		fprintf(stderr, "\r%s: %lld", p->what, items);
	fflush(stderr);
}

void cli_progress_end(struct cli_progress *p)
{
	if (!p->on)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
}
