/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Run-time configuration of loyaldesk and its three sources (DESIGN.md §5):
 * the INI file loyaldesk.conf < environment LOYALDESK_* < command-line flags.
 *
 * Owns: the one table of settings (INI section and key, environment name,
 * type, limits, default) and the parsing and validation of every value, so a
 * setting means the same thing whichever source it comes from. It does not
 * decide which file to read or which flags exist: that is the CLI's. No
 * globals; a `struct config` is a plain value owned by the caller.
 *
 * The INI syntax is libinih's: `[section]`, `key = value`, comments starting
 * with `#` or `;` at the start of a line and ` ;` inline, a UTF-8 BOM is
 * tolerated. Lines are bounded (CONFIG_LINE_MAX bytes); a longer line is an
 * error at its own line number, never a silent truncation.
 *
 *   [store]  db = ./var/loyaldesk.db            LOYALDESK_DB
 *            min_free = 64M  (K/M/G/T, 0 = off) LOYALDESK_MIN_FREE
 *            (health is "degraded" below this much free room)
 *            data_dir = /var/lib/loyaldesk      LOYALDESK_DATA_DIR
 *            (attachments, mail quarantine; default: the database's directory)
 *   [serve]  listen = 127.0.0.1:8080            LOYALDESK_LISTEN
 *            threads = 2                        LOYALDESK_THREADS
 *            max_body = 1048576   (or 1M, 64K)  LOYALDESK_MAX_BODY
 *            max_connections = 1024             LOYALDESK_MAX_CONNECTIONS
 *            max_connections_per_address = 256  LOYALDESK_MAX_CONNECTIONS_PER_ADDRESS
 *                                 (0 = no limit)
 *            head_timeout = 10s   (s, m, h)     LOYALDESK_HEAD_TIMEOUT
 *            body_timeout = 10s                 LOYALDESK_BODY_TIMEOUT
 *            body_min_rate = 64K  (bytes/s)     LOYALDESK_BODY_MIN_RATE
 *   [app]    fcr_window = 7d      (s, m, h, d)  LOYALDESK_FCR_WINDOW
 *            session_ttl = 30d                  LOYALDESK_SESSION_TTL
 *            default_tz = UTC                   LOYALDESK_DEFAULT_TZ
 *   [serve]  public_url = https://desk.example  LOYALDESK_PUBLIC_URL
 *            (base of survey links; default http://LISTEN)
 *   [app]    login_failures = 5                 LOYALDESK_LOGIN_FAILURES
 *            login_address_failures = 20 (0 off) LOYALDESK_LOGIN_ADDRESS_FAILURES
 *            login_window = 15m                 LOYALDESK_LOGIN_WINDOW
 *            login_delay_max = 15m              LOYALDESK_LOGIN_DELAY_MAX
 *   [surveys] fatigue = 30d                     LOYALDESK_SURVEY_FATIGUE
 *            link_ttl = 14d                     LOYALDESK_SURVEY_LINK_TTL
 *            followup_due = 2d                  LOYALDESK_FOLLOWUP_DUE
 *   [mail]   attachment_max = 25M  (K/M/G)   LOYALDESK_MAIL_ATTACHMENT_MAX
 *            max_message = 100M                 LOYALDESK_MAIL_MAX_MESSAGE
 *   [gdpr]   retention = 24m (months; y years; 0 or empty = off)
 *                                               LOYALDESK_GDPR_RETENTION
 */
#ifndef LD_UTIL_CONFIG_H
#define LD_UTIL_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define CONFIG_PATH_MAX 1024     /* db path or URL, bytes */
#define CONFIG_HOST_MAX 255      /* listen host without brackets, bytes */
#define CONFIG_TZ_MAX 64         /* IANA zone name, bytes */
#define CONFIG_URL_MAX 200       /* public URL, bytes */
#define CONFIG_SMTP_URL_MAX 400  /* mail.smtp_url, bytes (user and password included) */
#define CONFIG_MAILBOX_MAX 320   /* mail.from, bytes: "Name <address>" or an address */
#define CONFIG_LINE_MAX 196      /* longest INI line, bytes without the newline */
#define CONFIG_THREADS_MAX 256   /* upper bound of serve.threads */
#define CONFIG_CONNECTIONS_MIN 16     /* lower bound of serve.max_connections */
#define CONFIG_CONNECTIONS_MAX 65536  /* upper bound of it and of the per-address limit */
#define CONFIG_TIMEOUT_MAX_S 3600     /* upper bound of serve.head_timeout and body_timeout */
#define CONFIG_COUNT_MAX 10000   /* upper bound of the login failure counts */
#define CONFIG_MONTHS_MAX 1200   /* upper bound of gdpr.retention, months (100 years) */
#define CONFIG_LISTEN_MAX (CONFIG_HOST_MAX + 8) /* "[host]:65535" formatted */

/* Defaults (DESIGN.md §5: a single machine). */
#define CONFIG_DEFAULT_DB "./var/loyaldesk.db"
#define CONFIG_DEFAULT_HOST "127.0.0.1"
#define CONFIG_DEFAULT_PORT 8080
#define CONFIG_DEFAULT_THREADS 2
#define CONFIG_DEFAULT_MAX_BODY ((size_t)1048576)
#define CONFIG_DEFAULT_MIN_FREE ((int64_t)64 * 1024 * 1024)
#define CONFIG_DEFAULT_MAX_CONNECTIONS 1024
#define CONFIG_DEFAULT_PER_ADDRESS 256
#define CONFIG_DEFAULT_HEAD_TIMEOUT_S 10
#define CONFIG_DEFAULT_BODY_TIMEOUT_S 10
#define CONFIG_DEFAULT_BODY_MIN_RATE ((size_t)65536)

struct config {
	char db[CONFIG_PATH_MAX + 1];          /* store.db: file path or postgresql:// URL */
	int64_t min_free;                      /* store.min_free, bytes, 0…1 TiB, 0 = not checked */
	char listen_host[CONFIG_HOST_MAX + 1]; /* serve.listen host, IPv6 without brackets */
	int listen_port;                       /* serve.listen port, 0…65535 (0 = any free) */
	int threads;                           /* serve.threads, 1…CONFIG_THREADS_MAX */
	size_t max_body;                       /* serve.max_body, bytes, 1 KiB…1 GiB */
	int max_connections;                   /* serve.max_connections, 16…65536 */
	int max_connections_per_address;       /* serve.max_connections_per_address, 0 = no limit */
	int head_timeout_s;                    /* serve.head_timeout, 1…3600 s */
	int body_timeout_s;                    /* serve.body_timeout, 1…3600 s */
	size_t body_min_rate;                  /* serve.body_min_rate, bytes/s, 1 KiB…1 GiB */
	int64_t fcr_window_s;                  /* app.fcr_window, seconds */
	int64_t session_ttl_s;                 /* app.session_ttl, seconds */
	char default_tz[CONFIG_TZ_MAX + 1];    /* app.default_tz, IANA name */
	char public_url[CONFIG_URL_MAX + 1];   /* serve.public_url, "" = http://listen */
	int64_t survey_fatigue_s;              /* surveys.fatigue, seconds */
	int64_t survey_ttl_s;                  /* surveys.link_ttl, seconds */
	int64_t followup_due_s;                /* surveys.followup_due, seconds */
	int login_failures;                    /* app.login_failures, 1…CONFIG_COUNT_MAX */
	int login_address_failures;            /* app.login_address_failures, 0 = off */
	int64_t login_window_s;                /* app.login_window, seconds */
	int64_t login_delay_max_s;             /* app.login_delay_max, seconds */
	int gdpr_retention_months;             /* gdpr.retention, months, 0 = off */
	char data_dir[CONFIG_PATH_MAX + 1];    /* store.data_dir, "" = the database's directory */
	char web_dir[CONFIG_PATH_MAX + 1];     /* web.dir: the built web UI, "" = none */
	size_t mail_attachment_max;            /* mail.attachment_max, bytes, 1 KiB…1 GiB */
	size_t mail_max_message;               /* mail.max_message, bytes, 1 KiB…1 GiB */
	char smtp_url[CONFIG_SMTP_URL_MAX + 1]; /* mail.smtp_url, "" = no sending */
	int smtp_tls;                          /* mail.smtp_tls: 0 required, 1 optional, 2 off */
	int smtp_timeout_s;                    /* mail.smtp_timeout, seconds */
	char mail_from[CONFIG_MAILBOX_MAX + 1]; /* mail.from, "" = none (then nothing is sent) */
	char mail_claims_address[CONFIG_MAILBOX_MAX + 1];      /* mail.claims_address, "" = none */
	char mail_compliments_address[CONFIG_MAILBOX_MAX + 1]; /* mail.compliments_address */
	int64_t mail_retry_for_s;              /* mail.retry_for, seconds */
	char phone_country_code[4];            /* phone.country_code, "" = none */
	int64_t portal_link_ttl_s;             /* portal.link_ttl, seconds */
	int64_t call_timeout_s;                /* phone.call_timeout, seconds */
	int64_t chat_idle_s;                   /* chat.idle_timeout, seconds */
};

/* Fills every field with its default. */
void config_defaults(struct config *cfg);

/*
 * Sets one setting by its dotted name ("serve.listen") from text, with the
 * same validation whatever the source. LD_ERR_NOT_FOUND "unknown_setting"
 * for a name not in the table; LD_ERR_INVALID "invalid_setting" (field = the
 * name) for a bad value; `cfg` is unchanged on error. `err` may be NULL.
 */
ld_status config_set(struct config *cfg, const char *name, const char *value,
		     struct ld_err *err);

/*
 * Reads an INI file over `cfg` (settings it names replace current values).
 * Stops at the first error, with "PATH:LINE: …" in err->message:
 * LD_ERR_NOT_FOUND "config_missing" when the file cannot be opened (cfg
 * untouched), LD_ERR_INVALID "config_syntax" / "unknown_setting" /
 * "invalid_setting" / "line_too_long" otherwise (cfg may be partly updated:
 * callers treat any error as fatal).
 */
ld_status config_load_file(struct config *cfg, const char *path, struct ld_err *err);

/*
 * Same as config_load_file() on an in-memory text; `origin` names it in
 * messages ("PATH:LINE: …"). For tests and for callers that already hold the
 * text.
 */
ld_status config_load_string(struct config *cfg, const char *text, const char *origin,
			     struct ld_err *err);

/*
 * Applies the LOYALDESK_* variables found in `envp` (a NULL-terminated
 * "NAME=value" array such as `environ`; borrowed). Variables that name no
 * setting (LOYALDESK_CONFIG among them) are ignored. Errors as config_set(),
 * the message naming the variable.
 */
ld_status config_load_env(struct config *cfg, char *const *envp, struct ld_err *err);

/*
 * Parses "HOST:PORT" or "[IPV6]:PORT" (port 0…65535). HOST is an IPv4
 * address, a host name (letters, digits, '-' and '.') or, in brackets, an
 * IPv6 address; `host` gets it without brackets (`host_len` bytes incl. NUL).
 * LD_ERR_INVALID "invalid_listen".
 */
ld_status config_parse_listen(const char *text, char *host, size_t host_len, int *port,
			      struct ld_err *err);

/* Formats host and port back ("[::1]:8080" for IPv6) into `out` (`out_len` bytes). */
void config_format_listen(const char *host, int port, char *out, size_t out_len);

#endif
