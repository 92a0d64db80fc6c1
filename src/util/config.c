/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Configuration: the settings table, value parsing, and the INI and
 * environment sources (see config.h for the file format).
 *
 * The INI syntax is parsed by libinih (Debian's libinih-dev). Two of its
 * habits are tamed here rather than patched: it cuts lines longer than its
 * buffer silently and then reports the remainder as an error on the wrong
 * line, so our own reader feeds it whole lines and stops with "line too long"
 * at the right line; and its Python-style continuation lines (an indented line
 * extends the previous value) would silently replace a value with the next
 * indented key, so a continuation is reported as an error instead. Its handler
 * has no line number in Debian's build, so the reader counts lines.
 */
#include "util/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/phone.h"

/* ---------------------------------------------------------------------- */
/* The settings table                                                      */
/* ---------------------------------------------------------------------- */

enum config_type {
	CONFIG_T_PATH,      /* char[CONFIG_PATH_MAX + 1] */
	CONFIG_T_LISTEN,    /* listen_host + listen_port */
	CONFIG_T_SIZE,      /* size_t bytes with K/M/G suffix */
	CONFIG_T_ROOM,      /* int64 bytes with K/M/G/T suffix, 0…1 TiB (0 = off) */
	CONFIG_T_DURATION,  /* int64 seconds with s/m/h/d suffix */
	CONFIG_T_TZ,        /* char[CONFIG_TZ_MAX + 1] */
	CONFIG_T_URL,       /* char[CONFIG_URL_MAX + 1]: http(s)://…, no trailing '/' */
	CONFIG_T_COUNT,     /* int from min to max */
	CONFIG_T_TIMEOUT,   /* int seconds from min to max, with s/m/h suffix */
	CONFIG_T_MONTHS,    /* int 0…CONFIG_MONTHS_MAX months with m/y suffix; 0 or "" = off */
	CONFIG_T_SMTP_URL,  /* char[CONFIG_SMTP_URL_MAX + 1]: smtp(s)://host…, "" = off */
	CONFIG_T_MAILBOX,   /* char[CONFIG_MAILBOX_MAX + 1]: address or "Name <address>" */
	CONFIG_T_TLS,       /* int: required 0, optional 1, off 2 */
	CONFIG_T_CALLING,   /* char[4]: a country calling code "420", "" = none */
};

struct config_setting {
	const char *section;   /* INI section */
	const char *key;       /* INI key */
	const char *name;      /* dotted name for config_set() */
	const char *env;       /* environment variable */
	enum config_type type; /* how the text is parsed */
	size_t offset;         /* field in struct config */
	int min;               /* COUNT and TIMEOUT: smallest value */
	int max;               /* COUNT and TIMEOUT: largest value */
};

static const struct config_setting config_settings[] = {
	{ "store", "db", "store.db", "LOYALDESK_DB", CONFIG_T_PATH, offsetof(struct config, db),
	  0, 0 },
	{ "store", "min_free", "store.min_free", "LOYALDESK_MIN_FREE", CONFIG_T_ROOM,
	  offsetof(struct config, min_free), 0, 0 },
	{ "serve", "listen", "serve.listen", "LOYALDESK_LISTEN", CONFIG_T_LISTEN, 0, 0, 0 },
	{ "serve", "threads", "serve.threads", "LOYALDESK_THREADS", CONFIG_T_COUNT,
	  offsetof(struct config, threads), 1, CONFIG_THREADS_MAX },
	{ "serve", "max_body", "serve.max_body", "LOYALDESK_MAX_BODY", CONFIG_T_SIZE,
	  offsetof(struct config, max_body), 0, 0 },
	{ "serve", "max_connections", "serve.max_connections", "LOYALDESK_MAX_CONNECTIONS",
	  CONFIG_T_COUNT, offsetof(struct config, max_connections), CONFIG_CONNECTIONS_MIN,
	  CONFIG_CONNECTIONS_MAX },
	{ "serve", "max_connections_per_address", "serve.max_connections_per_address",
	  "LOYALDESK_MAX_CONNECTIONS_PER_ADDRESS", CONFIG_T_COUNT,
	  offsetof(struct config, max_connections_per_address), 0, CONFIG_CONNECTIONS_MAX },
	{ "serve", "head_timeout", "serve.head_timeout", "LOYALDESK_HEAD_TIMEOUT", CONFIG_T_TIMEOUT,
	  offsetof(struct config, head_timeout_s), 1, CONFIG_TIMEOUT_MAX_S },
	{ "serve", "body_timeout", "serve.body_timeout", "LOYALDESK_BODY_TIMEOUT", CONFIG_T_TIMEOUT,
	  offsetof(struct config, body_timeout_s), 1, CONFIG_TIMEOUT_MAX_S },
	{ "serve", "body_min_rate", "serve.body_min_rate", "LOYALDESK_BODY_MIN_RATE", CONFIG_T_SIZE,
	  offsetof(struct config, body_min_rate), 0, 0 },
	{ "app", "fcr_window", "app.fcr_window", "LOYALDESK_FCR_WINDOW", CONFIG_T_DURATION,
	  offsetof(struct config, fcr_window_s), 0, 0 },
	{ "app", "session_ttl", "app.session_ttl", "LOYALDESK_SESSION_TTL", CONFIG_T_DURATION,
	  offsetof(struct config, session_ttl_s), 0, 0 },
	{ "app", "default_tz", "app.default_tz", "LOYALDESK_DEFAULT_TZ", CONFIG_T_TZ,
	  offsetof(struct config, default_tz), 0, 0 },
	{ "serve", "public_url", "serve.public_url", "LOYALDESK_PUBLIC_URL", CONFIG_T_URL,
	  offsetof(struct config, public_url), 0, 0 },
	{ "surveys", "fatigue", "surveys.fatigue", "LOYALDESK_SURVEY_FATIGUE", CONFIG_T_DURATION,
	  offsetof(struct config, survey_fatigue_s), 0, 0 },
	{ "surveys", "link_ttl", "surveys.link_ttl", "LOYALDESK_SURVEY_LINK_TTL",
	  CONFIG_T_DURATION, offsetof(struct config, survey_ttl_s), 0, 0 },
	{ "surveys", "followup_due", "surveys.followup_due", "LOYALDESK_FOLLOWUP_DUE",
	  CONFIG_T_DURATION, offsetof(struct config, followup_due_s), 0, 0 },
	{ "app", "login_failures", "app.login_failures", "LOYALDESK_LOGIN_FAILURES",
	  CONFIG_T_COUNT, offsetof(struct config, login_failures), 1, CONFIG_COUNT_MAX },
	{ "app", "login_address_failures", "app.login_address_failures",
	  "LOYALDESK_LOGIN_ADDRESS_FAILURES", CONFIG_T_COUNT,
	  offsetof(struct config, login_address_failures), 0, CONFIG_COUNT_MAX },
	{ "gdpr", "retention", "gdpr.retention", "LOYALDESK_GDPR_RETENTION", CONFIG_T_MONTHS,
	  offsetof(struct config, gdpr_retention_months), 0, 0 },
	{ "store", "data_dir", "store.data_dir", "LOYALDESK_DATA_DIR", CONFIG_T_PATH,
	  offsetof(struct config, data_dir), 0, 0 },
	{ "web", "dir", "web.dir", "LOYALDESK_WEB_DIR", CONFIG_T_PATH,
	  offsetof(struct config, web_dir), 0, 0 },
	{ "mail", "attachment_max", "mail.attachment_max", "LOYALDESK_MAIL_ATTACHMENT_MAX",
	  CONFIG_T_SIZE, offsetof(struct config, mail_attachment_max), 0, 0 },
	{ "mail", "max_message", "mail.max_message", "LOYALDESK_MAIL_MAX_MESSAGE", CONFIG_T_SIZE,
	  offsetof(struct config, mail_max_message), 0, 0 },
	{ "mail", "smtp_url", "mail.smtp_url", "LOYALDESK_SMTP_URL", CONFIG_T_SMTP_URL,
	  offsetof(struct config, smtp_url), 0, 0 },
	{ "mail", "smtp_tls", "mail.smtp_tls", "LOYALDESK_SMTP_TLS", CONFIG_T_TLS,
	  offsetof(struct config, smtp_tls), 0, 0 },
	{ "mail", "smtp_timeout", "mail.smtp_timeout", "LOYALDESK_SMTP_TIMEOUT", CONFIG_T_TIMEOUT,
	  offsetof(struct config, smtp_timeout_s), 1, 3600 },
	{ "mail", "from", "mail.from", "LOYALDESK_MAIL_FROM", CONFIG_T_MAILBOX,
	  offsetof(struct config, mail_from), 0, 0 },
	{ "mail", "claims_address", "mail.claims_address", "LOYALDESK_MAIL_CLAIMS_ADDRESS",
	  CONFIG_T_MAILBOX, offsetof(struct config, mail_claims_address), 0, 0 },
	{ "mail", "compliments_address", "mail.compliments_address",
	  "LOYALDESK_MAIL_COMPLIMENTS_ADDRESS", CONFIG_T_MAILBOX,
	  offsetof(struct config, mail_compliments_address), 0, 0 },
	{ "mail", "retry_for", "mail.retry_for", "LOYALDESK_MAIL_RETRY_FOR", CONFIG_T_DURATION,
	  offsetof(struct config, mail_retry_for_s), 0, 0 },
	{ "portal", "link_ttl", "portal.link_ttl", "LOYALDESK_PORTAL_LINK_TTL", CONFIG_T_DURATION,
	  offsetof(struct config, portal_link_ttl_s), 0, 0 },
	{ "phone", "call_timeout", "phone.call_timeout", "LOYALDESK_PHONE_CALL_TIMEOUT",
	  CONFIG_T_DURATION, offsetof(struct config, call_timeout_s), 0, 0 },
	{ "chat", "idle_timeout", "chat.idle_timeout", "LOYALDESK_CHAT_IDLE_TIMEOUT",
	  CONFIG_T_DURATION, offsetof(struct config, chat_idle_s), 0, 0 },
	{ "phone", "country_code", "phone.country_code", "LOYALDESK_PHONE_COUNTRY_CODE",
	  CONFIG_T_CALLING, offsetof(struct config, phone_country_code), 0, 0 },
	{ "app", "login_window", "app.login_window", "LOYALDESK_LOGIN_WINDOW", CONFIG_T_DURATION,
	  offsetof(struct config, login_window_s), 0, 0 },
	{ "app", "login_delay_max", "app.login_delay_max", "LOYALDESK_LOGIN_DELAY_MAX",
	  CONFIG_T_DURATION, offsetof(struct config, login_delay_max_s), 0, 0 },
};

#define CONFIG_SETTINGS_LEN (sizeof config_settings / sizeof config_settings[0])

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->db, sizeof cfg->db, "%s", CONFIG_DEFAULT_DB);
	snprintf(cfg->listen_host, sizeof cfg->listen_host, "%s", CONFIG_DEFAULT_HOST);
	cfg->listen_port = CONFIG_DEFAULT_PORT;
	cfg->threads = CONFIG_DEFAULT_THREADS;
	cfg->max_body = CONFIG_DEFAULT_MAX_BODY;
	cfg->min_free = CONFIG_DEFAULT_MIN_FREE;
	cfg->max_connections = CONFIG_DEFAULT_MAX_CONNECTIONS;
	cfg->max_connections_per_address = CONFIG_DEFAULT_PER_ADDRESS;
	cfg->head_timeout_s = CONFIG_DEFAULT_HEAD_TIMEOUT_S;
	cfg->body_timeout_s = CONFIG_DEFAULT_BODY_TIMEOUT_S;
	cfg->body_min_rate = CONFIG_DEFAULT_BODY_MIN_RATE;
	cfg->fcr_window_s = 7 * 86400;
	cfg->session_ttl_s = 30 * 86400;
	snprintf(cfg->default_tz, sizeof cfg->default_tz, "UTC");
	cfg->survey_fatigue_s = 30 * 86400;
	cfg->survey_ttl_s = 14 * 86400;
	cfg->followup_due_s = 2 * 86400;
	cfg->login_failures = 5;
	cfg->mail_attachment_max = (size_t)25 * 1024 * 1024;
	cfg->mail_max_message = (size_t)100 * 1024 * 1024;
	cfg->smtp_timeout_s = 60;
	cfg->mail_retry_for_s = 2 * 86400;
	cfg->portal_link_ttl_s = 15 * 60;
	cfg->call_timeout_s = 4 * 3600;
	cfg->chat_idle_s = 15 * 60;
	snprintf(cfg->web_dir, sizeof cfg->web_dir, "web/dist");
	cfg->login_address_failures = 20;
	cfg->login_window_s = 15 * 60;
	cfg->login_delay_max_s = 15 * 60;
}

/* ---------------------------------------------------------------------- */
/* Value parsers                                                           */
/* ---------------------------------------------------------------------- */

/* Unsigned decimal with an optional one-letter unit; false on junk/overflow. */
static bool config_parse_scaled(const char *text, const char *units, const uint64_t *scale,
				uint64_t *out)
{
	char *end = NULL;
	unsigned long long v;
	uint64_t mul = 1;

	if (text[0] < '0' || text[0] > '9')
		return false;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0)
		return false;
	if (*end != '\0') {
		const char *u = strchr(units, tolower((unsigned char)*end));
		if (u == NULL || end[1] != '\0')
			return false;
		mul = scale[u - units];
	}
	if (mul != 0 && v > UINT64_MAX / mul)
		return false;
	*out = (uint64_t)v * mul;
	return true;
}

static bool config_hostname_ok(const char *h)
{
	size_t i;

	if (h[0] == '\0' || h[0] == '-' || h[0] == '.')
		return false;
	for (i = 0; h[i] != '\0'; i++) {
		unsigned char c = (unsigned char)h[i];
		if (!isalnum(c) && c != '-' && c != '.')
			return false;
	}
	return true;
}

ld_status config_parse_listen(const char *text, char *host, size_t host_len, int *port,
			      struct ld_err *err)
{
	char buf[CONFIG_HOST_MAX + 1];
	const char *colon;
	const char *p;
	size_t hlen;
	long v = 0;
	unsigned char addr[16];

	if (text == NULL || text[0] == '\0')
		goto bad;
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (close == NULL || close[1] != ':')
			goto bad;
		hlen = (size_t)(close - text - 1);
		if (hlen == 0 || hlen >= sizeof buf)
			goto bad;
		memcpy(buf, text + 1, hlen);
		buf[hlen] = '\0';
		if (inet_pton(AF_INET6, buf, addr) != 1)
			goto bad;
		colon = close + 1;
	} else {
		colon = strrchr(text, ':');
		if (colon == NULL)
			goto bad;
		hlen = (size_t)(colon - text);
		if (hlen == 0 || hlen >= sizeof buf)
			goto bad;
		memcpy(buf, text, hlen);
		buf[hlen] = '\0';
		if (strchr(buf, ':') != NULL) /* a bare IPv6 address needs brackets */
			goto bad;
		if (inet_pton(AF_INET, buf, addr) != 1 && !config_hostname_ok(buf))
			goto bad;
	}
	p = colon + 1;
	if (*p == '\0' || strlen(p) > 5)
		goto bad;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		v = v * 10 + (*p - '0');
	}
	if (v > 65535 || hlen + 1 > host_len)
		goto bad;
	memcpy(host, buf, hlen + 1);
	*port = (int)v;
	return LD_OK;
bad:
	return ld_fail(err, LD_ERR_INVALID, "invalid_listen", "listen",
		       "listen address must be HOST:PORT or [IPV6]:PORT with port 0-65535, not \"%.64s\"",
		       text != NULL ? text : "");
}

void config_format_listen(const char *host, int port, char *out, size_t out_len)
{
	if (strchr(host, ':') != NULL)
		snprintf(out, out_len, "[%s]:%d", host, port);
	else
		snprintf(out, out_len, "%s:%d", host, port);
}

static bool config_tz_ok(const char *tz)
{
	size_t i;

	if (tz[0] == '\0' || strlen(tz) > CONFIG_TZ_MAX || tz[0] == '/')
		return false;
	for (i = 0; tz[i] != '\0'; i++) {
		unsigned char c = (unsigned char)tz[i];
		if (!isalnum(c) && c != '/' && c != '_' && c != '+' && c != '-')
			return false;
		if (c == '/' && (tz[i + 1] == '/' || tz[i + 1] == '\0'))
			return false;
	}
	return strstr(tz, "..") == NULL;
}

static const struct config_setting *config_find(const char *name)
{
	size_t i;

	for (i = 0; i < CONFIG_SETTINGS_LEN; i++)
		if (strcmp(config_settings[i].name, name) == 0)
			return &config_settings[i];
	return NULL;
}

/* An addr-spec: one '@' with something either side, no spaces, controls,
 * quotes, brackets or commas. */
static bool config_address_ok(const char *a, size_t n)
{
	const char *at = memchr(a, '@', n);

	if (n == 0 || at == NULL || at == a || at == a + n - 1)
		return false;
	if (memchr(at + 1, '@', n - (size_t)(at - a) - 1) != NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];
		if (c <= 0x20 || c == 0x7f || strchr("\"<>(),;[]\\", c) != NULL)
			return false;
	}
	return true;
}

/* "" (none), "address", or "Name <address>" with a name of printable text. */
static bool config_mailbox_ok(const char *v)
{
	size_t len = strlen(v);
	const char *lt;

	if (len == 0)
		return true;
	if (len > CONFIG_MAILBOX_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c < 0x20 || c == 0x7f)
			return false;
	}
	if ((lt = strrchr(v, '<')) == NULL)
		return config_address_ok(v, len);
	if (v[len - 1] != '>' || memchr(v, '>', (size_t)(lt - v)) != NULL)
		return false;
	return config_address_ok(lt + 1, len - (size_t)(lt - v) - 2);
}

static ld_status config_apply(struct config *cfg, const struct config_setting *s,
			      const char *value, struct ld_err *err)
{
	static const uint64_t size_scale[] = { 1024, 1024 * 1024, 1024 * 1024 * 1024,
					       (uint64_t)1024 * 1024 * 1024 * 1024 };
	static const uint64_t time_scale[] = { 1, 60, 3600, 86400 };
	char *base = (char *)cfg;
	uint64_t v = 0;
	ld_status rc = LD_OK;

	switch (s->type) {
	case CONFIG_T_PATH:
		if (value[0] == '\0' || strlen(value) > CONFIG_PATH_MAX)
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be a non-empty path of at most %d bytes", s->name,
				       CONFIG_PATH_MAX);
		snprintf(base + s->offset, CONFIG_PATH_MAX + 1, "%s", value);
		break;
	case CONFIG_T_LISTEN: {
		char host[CONFIG_HOST_MAX + 1];
		int port = 0;
		rc = config_parse_listen(value, host, sizeof host, &port, err);
		if (rc != LD_OK) {
			/* The parser's words, config_set()'s code and name. */
			if (err != NULL) {
				snprintf(err->code, sizeof err->code, "invalid_setting");
				snprintf(err->field, sizeof err->field, "%s", s->name);
			}
			return rc;
		}
		memcpy(cfg->listen_host, host, sizeof host);
		cfg->listen_port = port;
		break;
	}
	case CONFIG_T_MONTHS: {
		static const uint64_t month_scale[] = { 1, 12 };
		if (value[0] == '\0') {
			v = 0;
		} else if (!config_parse_scaled(value, "my", month_scale, &v) ||
			   v > CONFIG_MONTHS_MAX) {
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be a number of months from 0 (off) to %d, with m"
				       " (months) or y (years), not \"%.64s\"",
				       s->name, CONFIG_MONTHS_MAX, value);
		}
		*(int *)(void *)(base + s->offset) = (int)v;
		break;
	}
	case CONFIG_T_SIZE:
		if (!config_parse_scaled(value, "kmg", size_scale, &v) || v < 1024 ||
		    v > (uint64_t)1024 * 1024 * 1024)
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be a size from 1K to 1G (bytes, or with K/M/G), not \"%.64s\"",
				       s->name, value);
		*(size_t *)(void *)(base + s->offset) = (size_t)v;
		break;
	case CONFIG_T_ROOM:
		if (!config_parse_scaled(value, "kmgt", size_scale, &v) ||
		    v > (uint64_t)1024 * 1024 * 1024 * 1024)
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be a size from 0 (off) to 1T (bytes, or with K/M/G/T), not \"%.64s\"",
				       s->name, value);
		*(int64_t *)(void *)(base + s->offset) = (int64_t)v;
		break;
	case CONFIG_T_DURATION:
		if (!config_parse_scaled(value, "smhd", time_scale, &v) || v < 1 ||
		    v > (uint64_t)3650 * 86400)
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be a duration from 1s to 3650d (s/m/h/d), not \"%.64s\"",
				       s->name, value);
		*(int64_t *)(void *)(base + s->offset) = (int64_t)v;
		break;
	case CONFIG_T_COUNT:
	case CONFIG_T_TIMEOUT: {
		bool secs = s->type == CONFIG_T_TIMEOUT;

		if (!config_parse_scaled(value, secs ? "smh" : "", secs ? time_scale : NULL, &v) ||
		    v < (uint64_t)s->min || v > (uint64_t)s->max)
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       secs ? "%s must be a duration from %ds to %ds (s/m/h), not \"%.64s\""
					    : "%s must be a whole number from %d to %d, not \"%.64s\"",
				       s->name, s->min, s->max, value);
		*(int *)(void *)(base + s->offset) = (int)v;
		break;
	}
	case CONFIG_T_CALLING:
		if (value[0] != '\0' && !phone_country_code_valid(value))
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be a country calling code of 1 to 3 digits without"
				       " + or 00, such as 420, not \"%.16s\"",
				       s->name, value);
		snprintf(base + s->offset, 4, "%s", value);
		break;
	case CONFIG_T_TZ:
		if (!config_tz_ok(value))
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be an IANA time zone such as Europe/Prague, not \"%.64s\"",
				       s->name, value);
		snprintf(base + s->offset, CONFIG_TZ_MAX + 1, "%s", value);
		break;
	case CONFIG_T_SMTP_URL: {
		size_t len = strlen(value);
		size_t scheme = strncmp(value, "smtp://", 7) == 0    ? 7
				: strncmp(value, "smtps://", 8) == 0 ? 8
								     : 0;
		bool ok = len == 0 || (len <= CONFIG_SMTP_URL_MAX && scheme > 0 && len > scheme &&
				       value[scheme] != '/');
		for (size_t i = 0; ok && i < len; i++)
			ok = (unsigned char)value[i] > 0x20 && (unsigned char)value[i] < 0x7f;
		if (!ok)
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be empty (no sending) or an smtp:// or smtps:// URL"
				       " with a host, of at most %d bytes without spaces",
				       s->name, CONFIG_SMTP_URL_MAX);
		snprintf(base + s->offset, CONFIG_SMTP_URL_MAX + 1, "%s", value);
		break;
	}
	case CONFIG_T_MAILBOX:
		if (!config_mailbox_ok(value))
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be an address or \"Name <address>\" of at most %d"
				       " bytes, not \"%.64s\"", s->name, CONFIG_MAILBOX_MAX, value);
		snprintf(base + s->offset, CONFIG_MAILBOX_MAX + 1, "%s", value);
		break;
	case CONFIG_T_TLS: {
		static const char *const modes[] = { "required", "optional", "off" };
		int m = -1;
		for (int i = 0; i < 3; i++)
			if (strcmp(value, modes[i]) == 0)
				m = i;
		if (m < 0)
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be required, optional or off, not \"%.64s\"", s->name,
				       value);
		*(int *)(void *)(base + s->offset) = m;
		break;
	}
	case CONFIG_T_URL: {
		size_t len = strlen(value);
		size_t scheme = strncmp(value, "http://", 7) == 0    ? 7
				: strncmp(value, "https://", 8) == 0 ? 8
								     : 0;
		/* A host after the scheme: so dropping trailing '/' stops there. */
		bool ok = len <= CONFIG_URL_MAX && scheme > 0 && len > scheme &&
			  value[scheme] != '/';
		for (size_t i = 0; ok && i < len; i++)
			ok = (unsigned char)value[i] > 0x20 && (unsigned char)value[i] < 0x7f &&
			     value[i] != '"' && value[i] != '<' && value[i] != '>';
		if (!ok)
			return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
				       "%s must be an http:// or https:// URL with a host, of at"
				       " most %d bytes without spaces, not \"%.64s\"",
				       s->name, CONFIG_URL_MAX, value);
		while (len > 0 && value[len - 1] == '/')
			len--;
		snprintf(base + s->offset, CONFIG_URL_MAX + 1, "%.*s", (int)len, value);
		break;
	}
	}
	return LD_OK;
}

ld_status config_set(struct config *cfg, const char *name, const char *value,
		     struct ld_err *err)
{
	const struct config_setting *s = config_find(name);

	if (s == NULL)
		return ld_fail(err, LD_ERR_NOT_FOUND, "unknown_setting", name,
			       "unknown setting %.64s", name);
	return config_apply(cfg, s, value != NULL ? value : "", err);
}

/* ---------------------------------------------------------------------- */
/* INI source                                                              */
/* ---------------------------------------------------------------------- */

struct config_ini {
	struct config *cfg;        /* target, borrowed */
	const char *origin;        /* file name for messages */
	FILE *file;                /* source when reading a file, else NULL */
	const char *text;          /* source when reading a string (advances) */
	int line;                  /* number of the line last handed to inih */
	bool indented;             /* that line starts with white space */
	char prev_key[64];         /* "section.key" of the last handler call */
	ld_status status;          /* first error, LD_OK if none */
	int err_line;              /* its line */
	struct ld_err *err;        /* caller's, may be NULL */
};

static void config_ini_fail(struct config_ini *ctx, ld_status st, const char *code,
			    const char *msg)
{
	if (ctx->status != LD_OK)
		return;
	ctx->status = st;
	ctx->err_line = ctx->line;
	ld_fail(ctx->err, st, code, NULL, "%s:%d: %s", ctx->origin, ctx->line, msg);
}

/* Next raw byte of the source, EOF at the end. */
static int config_ini_getc(struct config_ini *ctx)
{
	if (ctx->file != NULL)
		return getc(ctx->file);
	if (*ctx->text == '\0')
		return EOF;
	return (unsigned char)*ctx->text++;
}

/*
 * inih's fgets-like reader: one whole line into `str` (`num` bytes). A line
 * that does not fit CONFIG_LINE_MAX stops the parse with an error here, at
 * its own number.
 */
static char *config_ini_reader(char *str, int num, void *stream)
{
	struct config_ini *ctx = stream;
	size_t cap = (size_t)num - 2; /* room for '\n' and NUL */
	size_t n = 0;
	int c;

	if (ctx->status != LD_OK)
		return NULL;
	if (cap > CONFIG_LINE_MAX)
		cap = CONFIG_LINE_MAX;
	c = config_ini_getc(ctx);
	if (c == EOF)
		return NULL;
	ctx->line++;
	while (c != EOF && c != '\n') {
		if (n >= cap) {
			config_ini_fail(ctx, LD_ERR_INVALID, "line_too_long",
					"line too long (the limit is 196 bytes)");
			return NULL;
		}
		str[n++] = (char)c;
		c = config_ini_getc(ctx);
	}
	if (c == '\n')
		str[n++] = '\n';
	str[n] = '\0';
	/* The BOM on line 1 is inih's to skip; it is not indentation. */
	ctx->indented = n > 0 && (str[0] == ' ' || str[0] == '\t');
	return str;
}

static int config_ini_handler(void *user, const char *section, const char *key,
			      const char *value)
{
	struct config_ini *ctx = user;
	char name[64];
	char msg[LD_ERR_MESSAGE_MAX];
	const struct config_setting *s = NULL;
	struct ld_err e;
	size_t i;

	if (ctx->status != LD_OK)
		return 0;
	snprintf(name, sizeof name, "%s.%s", section, key);
	if (ctx->indented && strcmp(name, ctx->prev_key) == 0) {
		config_ini_fail(ctx, LD_ERR_INVALID, "config_syntax",
				"indented line continues the previous value; continuation lines are not supported (remove the indentation)");
		return 0;
	}
	snprintf(ctx->prev_key, sizeof ctx->prev_key, "%s", name);
	for (i = 0; i < CONFIG_SETTINGS_LEN; i++)
		if (strcmp(config_settings[i].section, section) == 0 &&
		    strcmp(config_settings[i].key, key) == 0)
			s = &config_settings[i];
	if (s == NULL) {
		snprintf(msg, sizeof msg, "unknown setting \"%.40s\" in section [%.40s]", key,
			 section);
		config_ini_fail(ctx, LD_ERR_INVALID, "unknown_setting", msg);
		return 0;
	}
	ld_err_clear(&e);
	if (config_apply(ctx->cfg, s, value, &e) != LD_OK) {
		config_ini_fail(ctx, LD_ERR_INVALID, "invalid_setting", e.message);
		if (ctx->err != NULL)
			snprintf(ctx->err->field, sizeof ctx->err->field, "%s", s->name);
		return 0;
	}
	return 1;
}

static ld_status config_ini_run(struct config_ini *ctx)
{
	int rc = ini_parse_stream(config_ini_reader, ctx, config_ini_handler, ctx);

	if (rc > 0 && (ctx->status == LD_OK || rc < ctx->err_line)) {
		ctx->status = LD_OK; /* a syntax error came first */
		ctx->line = rc;
		config_ini_fail(ctx, LD_ERR_INVALID, "config_syntax",
				"syntax error (expected [section], key = value or a comment)");
	} else if (rc < 0 && ctx->status == LD_OK) {
		return ld_fail(ctx->err, LD_ERR_INTERNAL, "config_read", NULL,
			       "%s: cannot parse (out of memory)", ctx->origin);
	}
	return ctx->status;
}

ld_status config_load_string(struct config *cfg, const char *text, const char *origin,
			     struct ld_err *err)
{
	struct config_ini ctx;

	memset(&ctx, 0, sizeof ctx);
	ctx.cfg = cfg;
	ctx.origin = origin != NULL ? origin : "config";
	ctx.text = text != NULL ? text : "";
	ctx.err = err;
	return config_ini_run(&ctx);
}

ld_status config_load_file(struct config *cfg, const char *path, struct ld_err *err)
{
	struct config_ini ctx;
	ld_status rc;

	memset(&ctx, 0, sizeof ctx);
	ctx.file = fopen(path, "r");
	if (ctx.file == NULL)
		return ld_fail(err, LD_ERR_NOT_FOUND, "config_missing", NULL,
			       "%s: cannot open configuration file: %s", path, strerror(errno));
	ctx.cfg = cfg;
	ctx.origin = path;
	ctx.err = err;
	rc = config_ini_run(&ctx);
	if (rc == LD_OK && ferror(ctx.file))
		rc = ld_fail(err, LD_ERR_INTERNAL, "config_read", NULL, "%s: read error", path);
	fclose(ctx.file);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Environment source                                                      */
/* ---------------------------------------------------------------------- */

ld_status config_load_env(struct config *cfg, char *const *envp, struct ld_err *err)
{
	size_t i, k;
	struct ld_err e;

	if (envp == NULL)
		return LD_OK;
	for (i = 0; envp[i] != NULL; i++) {
		const char *eq;
		if (strncmp(envp[i], "LOYALDESK_", 10) != 0)
			continue;
		eq = strchr(envp[i], '=');
		if (eq == NULL)
			continue;
		for (k = 0; k < CONFIG_SETTINGS_LEN; k++) {
			const struct config_setting *s = &config_settings[k];
			size_t len = strlen(s->env);
			if ((size_t)(eq - envp[i]) != len || strncmp(envp[i], s->env, len) != 0)
				continue;
			ld_err_clear(&e);
			if (config_apply(cfg, s, eq + 1, &e) != LD_OK)
				return ld_fail(err, LD_ERR_INVALID, "invalid_setting", s->name,
					       "environment %s: %s", s->env, e.message);
		}
	}
	return LD_OK;
}
