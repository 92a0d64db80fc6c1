/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The command-line adapter: one table of commands (cli.c), one file per
 * command, and the few helpers every command shares — configuration
 * (loyaldesk.conf < LOYALDESK_* < flags), opening the store and the app
 * context, option-parsing errors, exit codes, reading a password, a progress
 * line on a terminal.
 *
 * Commands parse, call app/, render. No business rule lives here.
 * Exit codes: 0 ok, 1 failure ("loyaldesk: <message>" on stderr, from
 * struct ld_err), 2 usage error (message and a hint on stderr).
 */
#ifndef LD_CLI_CLI_H
#define LD_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "util/config.h"
#include "util/status.h"
#include "util/time.h"
#include "util/xmalloc.h" /* memory whose loss is a bug aborts (STYLE.md habit 8) */

enum cli_exit { CLI_EXIT_OK = 0, CLI_EXIT_FAIL = 1, CLI_EXIT_USAGE = 2 };

/*
 * Runs `each` (a statement that reads `page[i]`) for every row of an app list
 * with an id cursor: `list_call` lists up to APP_LIST_MAX rows after `after`
 * into `page`, sets `n` and returns a status, which lands in the caller's
 * `rc`. The page, cursor and count are the macro's own.
 */
#define CLI_EACH_ROW(type, list_call, each)                                                \
	do {                                                                               \
		type *page = xcalloc(APP_LIST_MAX, sizeof *page);                          \
		int64_t after = 0;                                                         \
		int n = 0;                                                                 \
		do {                                                                       \
			rc = (list_call);                                                  \
			for (int i = 0; rc == LD_OK && i < n; i++) {                       \
				each;                                                      \
			}                                                                  \
			if (n > 0)                                                         \
				after = page[n - 1].id;                                    \
		} while (rc == LD_OK && n == APP_LIST_MAX);                                \
		free(page);                                                                \
	} while (0)

struct cli_command {
	const char *name;      /* "import" */
	const char *summary;   /* one line for `loyaldesk --help` */
	/* Runs the command; argv[0] is the command name. Returns an exit code. */
	int (*run)(const struct cli_command *cmd, int argc, char **argv);
	const char *help;      /* full help: usage lines, description, options */
};

/* The commands, one per file. */
int cli_init_run(const struct cli_command *cmd, int argc, char **argv);
int cli_check_run(const struct cli_command *cmd, int argc, char **argv);
int cli_serve_run(const struct cli_command *cmd, int argc, char **argv);
int cli_demo_run(const struct cli_command *cmd, int argc, char **argv);
int cli_user_run(const struct cli_command *cmd, int argc, char **argv);
int cli_import_run(const struct cli_command *cmd, int argc, char **argv);
int cli_export_run(const struct cli_command *cmd, int argc, char **argv);
int cli_report_run(const struct cli_command *cmd, int argc, char **argv);
int cli_survey_run(const struct cli_command *cmd, int argc, char **argv);
int cli_sla_run(const struct cli_command *cmd, int argc, char **argv);
int cli_audit_run(const struct cli_command *cmd, int argc, char **argv);
int cli_gdpr_run(const struct cli_command *cmd, int argc, char **argv);
int cli_mailgate_run(const struct cli_command *cmd, int argc, char **argv);
int cli_outbox_run(const struct cli_command *cmd, int argc, char **argv);
int cli_integration_run(const struct cli_command *cmd, int argc, char **argv);
int cli_chat_run(const struct cli_command *cmd, int argc, char **argv);
/* Help of `report`, kept in report.c beside its table of report kinds. */
extern const char cli_report_help[];
extern const char cli_survey_help[];
extern const char cli_sla_help[];
extern const char cli_audit_help[];
extern const char cli_gdpr_help[];
extern const char cli_mailgate_help[];
extern const char cli_outbox_help[];
extern const char cli_integration_help[];
extern const char cli_chat_help[];

/*
 * serve's background work (worker.c): a thread that calls `round` every
 * `poll_s` seconds with an app context of its own (real time), opened again
 * after a round that returned an error. `cfg` and `ctx` must outlive it.
 * NULL when the thread cannot start. stop waits for the round in progress.
 */
typedef ld_status (*cli_round_fn)(struct app *app, void *ctx);
struct cli_worker;
struct cli_worker *cli_worker_start(const struct config *cfg, int poll_s, cli_round_fn round,
				    void *ctx);
void cli_worker_stop(struct cli_worker *w); /* NULL-safe */

/* serve's webhook sender (webhooks.c): every CLI_OUTBOX_POLL_S seconds it
 * POSTs the deliveries that are due. */
struct cli_worker *cli_webhooks_start(const struct config *cfg);
/* serve's sweeper of calls whose end never came (integration.c). */
#define CLI_CALLS_POLL_S 60
struct cli_worker *cli_calls_start(const struct config *cfg);
/* serve's sweeper of chats that went quiet (chat.c), publishing to `live`:
 * every quarter of [chat] idle_timeout, at most every CLI_CHATS_POLL_S. */
#define CLI_CHATS_POLL_S 30
struct app_live;
struct cli_worker *cli_chats_start(const struct config *cfg, struct app_live *live);

/* serve's background sender of the outbox (outbox.c): every CLI_OUTBOX_POLL_S
 * seconds it sends what is due. NULL (and a line on stderr saying why) when
 * mail.smtp_url or mail.from is not set. `cfg` must outlive it. */
#define CLI_OUTBOX_POLL_S 2
struct cli_outbox;
struct cli_outbox *cli_outbox_start(const struct config *cfg);
void cli_outbox_stop(struct cli_outbox *o); /* NULL-safe; waits for the round in progress */

/* Entry point from main(): dispatches argv[1] through the command table. */
int cli_main(int argc, char **argv);

/* ---- options ---- */

/* getopt_long values of the options every command takes. */
enum cli_common_opt { CLI_OPT_HELP = 'h', CLI_OPT_DB = 0x100, CLI_OPT_CONFIG, CLI_OPT_FIRST_FREE };

/* Long-option entries every command lists first. */
#define CLI_COMMON_OPTIONS                                       \
	{ "help", no_argument, NULL, CLI_OPT_HELP },             \
	{ "db", required_argument, NULL, CLI_OPT_DB },           \
	{ "config", required_argument, NULL, CLI_OPT_CONFIG }

/* Flags collected while parsing, applied after the file and the environment. */
#define CLI_FLAGS_MAX 16
struct cli_flags {
	const char *config_path;            /* --config, NULL = env or default */
	int n;                              /* entries used */
	const char *name[CLI_FLAGS_MAX];    /* config_set() names, borrowed */
	const char *value[CLI_FLAGS_MAX];   /* values (argv strings), borrowed */
};

/*
 * Wraps getopt_long for command `cmd`: starts a fresh scan when called with
 * *started false, reports unknown options and missing values itself
 * (returns '?'), and handles --db and --config into `flags` (never returned).
 * Returns the next option, '?' after a usage error, or -1 at the end.
 */
int cli_getopt(const struct cli_command *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts, struct cli_flags *flags, bool *started);

/* Queues a flag setting (config_set() name), applied by cli_config(). */
void cli_flag(struct cli_flags *flags, const char *name, const char *value);

/* Prints the help of `cmd` to stdout. Returns CLI_EXIT_OK. */
int cli_help(const struct cli_command *cmd);

/*
 * Prints "loyaldesk CMD: MESSAGE" and a --help hint to stderr. Returns
 * CLI_EXIT_USAGE.
 */
int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Prints "loyaldesk: <err->message>" to stderr. Returns CLI_EXIT_FAIL, or
 * CLI_EXIT_USAGE for a flag with a bad value (code "invalid_flag").
 */
int cli_fail(const struct ld_err *err);

/* ---- configuration, store, app ---- */

/*
 * Resolves the configuration: defaults < file (--config, else
 * $LOYALDESK_CONFIG, else ./loyaldesk.conf when present) < LOYALDESK_* <
 * the common options given before the command (cli_main) < `flags`. An
 * explicitly named file must exist. Errors carry their source; a bad flag
 * value has code "invalid_flag".
 */
ld_status cli_config(const struct cli_flags *flags, struct config *cfg, struct ld_err *err);

/*
 * The data directory (attachments, mail quarantine): store.data_dir, else
 * the directory of the database file; NULL for ":memory:" and URLs, which
 * have none. Borrowed (from `cfg`, or thread-local until the next call).
 */
const char *cli_data_dir(const struct config *cfg);

/* The app configuration that `cfg` describes, on the CLI's clock. */
void cli_app_config(const struct config *cfg, struct app_config *out);

/*
 * For commands that only read (export, report): true, with a message on
 * stderr, when cfg->db names a file that does not exist — so that a
 * mistyped path is not silently created as an empty database.
 */
bool cli_db_missing(const struct config *cfg);

/*
 * Opens the store at cfg->db (creating the file's directory when missing;
 * migrations run; figures a migration asked for are rebuilt, app_prepare())
 * as an app context on the CLI's clock that owns its store: app_open(). The
 * database is named in any error. Release with cli_app_close().
 */
ld_status cli_app_open(const struct config *cfg, struct app *app, struct ld_err *err);

/*
 * For commands that only read (check, audit): cli_config() with `flags`,
 * cli_db_missing(), cli_app_open() — the messages printed. Returns -1 with
 * `app` open, else the exit code to end with (`app` then closed).
 */
int cli_app_open_existing(const struct cli_flags *flags, struct app *app);

/* Closes what cli_app_open() opened (app_close(): NULL-safe, idempotent). */
void cli_app_close(struct app *app);

/*
 * The same with the store handle handed out beside the context — kept for
 * the import command until its rewrite, the one caller left; `*store` is the
 * app's (opaque here), cli_close() ignores it and closes the app.
 */
ld_status cli_open(const struct config *cfg, struct store **store, struct app *app,
		   struct ld_err *err);
void cli_close(struct store *store, struct app *app);

/*
 * The CLI's clock: real time, unless pinned by cli_clock_set() (the demo
 * loader and imports replay history at the time it happened). 0 unpins.
 */
int64_t cli_clock_now(void);
void cli_clock_set(int64_t t);

/* ---- small helpers ---- */

/*
 * Reads one line from `in` into `buf` (`buf_len` bytes) without its line end.
 * On a terminal, prompts with `prompt` on stderr and turns echo off.
 * LD_ERR_INVALID when there is no line or it does not fit.
 */
ld_status cli_read_secret(FILE *in, const char *prompt, char *buf, size_t buf_len,
			  struct ld_err *err);

/* Parses a decimal int64 in [min, max]; false on junk or overflow. */
bool cli_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/*
 * Parses a time at or after 1970: Unix seconds, or ISO 8601
 * "YYYY-MM-DDTHH:MM:SS" with 'Z', an offset ±HH:MM or no zone (UTC), 'T' or
 * a space between date and time, or a date alone (its UTC midnight) — the
 * CLI's dialect of util/time.h time_parse_iso8601(), CLI_TIME_ACCEPT. False
 * when neither, and for dates the calendar does not have (2023-02-29).
 */
#define CLI_TIME_ACCEPT (TIME_ISO_DATE | TIME_ISO_SPACE | TIME_ISO_NO_ZONE | TIME_ISO_OFFSET)
bool cli_parse_time(const char *s, int64_t *out);

/* Formats Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (`out` ≥ 21 bytes; "" for a
 * year outside 0001…9999). */
void cli_format_time(int64_t t, char *out, size_t out_len);

/* Display width of UTF-8 text (code points; good enough for names). */
size_t cli_text_width(const char *s);

/* A progress line on stderr, shown only when stderr is a terminal. */
struct cli_progress {
	bool on;               /* stderr is a terminal */
	const char *what;      /* "importing customers" */
	long long total;       /* bytes or items expected, 0 = unknown */
	double last;           /* monotonic seconds of the last repaint */
};
void cli_progress_start(struct cli_progress *p, const char *what, long long total);
/* Repaints at most 10 times a second. `done` in the unit of `total`. */
void cli_progress_update(struct cli_progress *p, long long done, long long items);
/* Clears the line. */
void cli_progress_end(struct cli_progress *p);

#endif
