/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * libFuzzer harness of the configuration reader (util/config.h): the INI
 * file, the LOYALDESK_* environment and config_set() by dotted name.
 *
 * Input framing (seeds: fuzz/corpus/fuzz_config/): the bytes up to the first
 * NUL are the text of a loyaldesk.conf; after the NUL, lines separated by
 * '\n' are "LOYALDESK_NAME=value" environment entries or "section.key=value"
 * settings for config_set(). An input without a NUL is an INI file alone.
 *
 * Invariants:
 *  - the text read by config_load_string() and, through a memory file, by
 *    config_load_file() gives the same status, code, line and settings;
 *  - an error is one of the documented codes with "ORIGIN:LINE: …", LINE
 *    a line of the text; the environment's errors name a setting;
 *  - whatever was accepted is within the documented bounds (config.h):
 *    paths and zones non-empty, port 0…65535, threads 1…256, max_body
 *    1 KiB…1 GiB, durations 1 s…3650 d, public_url "" or an http(s) URL
 *    with a host and no trailing '/';
 *  - config_set() leaves the configuration untouched when it fails;
 *  - the listen address formats and parses back to itself, and a
 *    configuration read from a file, written out again as an INI text,
 *    reads back to itself.
 */
#define _GNU_SOURCE /* memfd_create() */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/config.h"

/* The memory file config_load_file() reads; made once. */
static int fuzz_memfd = -1;
static char fuzz_memfd_path[64];

#define FUZZ_ORIGIN "fuzz.conf"
#define FUZZ_DURATION_MAX ((int64_t)3650 * 86400)

static bool url_ok(const char *url)
{
	size_t len = strlen(url);
	size_t scheme = strncmp(url, "https://", 8) == 0 ? 8 : strncmp(url, "http://", 7) == 0 ? 7 : 0;

	if (len == 0)
		return true;
	return scheme > 0 && len > scheme && url[scheme] != '/' && url[len - 1] != '/' &&
	       len <= CONFIG_URL_MAX;
}

/* Every setting within its documented bounds. */
static void check_bounds(const struct config *cfg)
{
	const int64_t durations[] = { cfg->fcr_window_s, cfg->session_ttl_s, cfg->survey_fatigue_s,
				      cfg->survey_ttl_s, cfg->followup_due_s };
	size_t db = strnlen(cfg->db, sizeof cfg->db), host = strnlen(cfg->listen_host,
								   sizeof cfg->listen_host);
	size_t tz = strnlen(cfg->default_tz, sizeof cfg->default_tz);

	FUZZ_CHECK(db > 0 && db <= CONFIG_PATH_MAX, "db of %zu bytes", db);
	FUZZ_CHECK(host > 0 && host <= CONFIG_HOST_MAX, "listen host of %zu bytes", host);
	FUZZ_CHECK(cfg->listen_port >= 0 && cfg->listen_port <= 65535, "port %d", cfg->listen_port);
	FUZZ_CHECK(cfg->threads >= 1 && cfg->threads <= CONFIG_THREADS_MAX, "threads %d",
		   cfg->threads);
	FUZZ_CHECK(cfg->max_body >= 1024 && cfg->max_body <= (size_t)1 << 30, "max_body %zu",
		   cfg->max_body);
	for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++)
		FUZZ_CHECK(durations[i] >= 1 && durations[i] <= FUZZ_DURATION_MAX,
			   "duration %zu is %lld s", i, (long long)durations[i]);
	FUZZ_CHECK(tz > 0 && tz <= CONFIG_TZ_MAX && cfg->default_tz[0] != '/', "zone \"%s\"",
		   cfg->default_tz);
	FUZZ_CHECK(strnlen(cfg->public_url, sizeof cfg->public_url) <= CONFIG_URL_MAX &&
			   url_ok(cfg->public_url),
		   "public_url \"%s\"", cfg->public_url);
}

static bool config_equal(const struct config *a, const struct config *b)
{
	return strcmp(a->db, b->db) == 0 && strcmp(a->listen_host, b->listen_host) == 0 &&
	       a->listen_port == b->listen_port && a->threads == b->threads &&
	       a->max_body == b->max_body && a->fcr_window_s == b->fcr_window_s &&
	       a->session_ttl_s == b->session_ttl_s && strcmp(a->default_tz, b->default_tz) == 0 &&
	       strcmp(a->public_url, b->public_url) == 0 &&
	       a->survey_fatigue_s == b->survey_fatigue_s && a->survey_ttl_s == b->survey_ttl_s &&
	       a->followup_due_s == b->followup_due_s;
}

/* The line number of an INI error, from "ORIGIN:LINE: …"; -1 when absent. */
static long error_line(const struct ld_err *err, const char *origin)
{
	size_t n = strlen(origin);
	char *end;
	long line;

	if (strncmp(err->message, origin, n) != 0 || err->message[n] != ':')
		return -1;
	line = strtol(err->message + n + 1, &end, 10);
	if (end == err->message + n + 1 || strncmp(end, ": ", 2) != 0)
		return -1;
	return line;
}

/* A failed INI read: a documented code at a line of the text. */
static void check_ini_error(ld_status rc, const struct ld_err *err, const char *origin,
			    long lines)
{
	long line = error_line(err, origin);

	FUZZ_CHECK(rc == LD_ERR_INVALID &&
			   (strcmp(err->code, "config_syntax") == 0 ||
			    strcmp(err->code, "unknown_setting") == 0 ||
			    strcmp(err->code, "invalid_setting") == 0 ||
			    strcmp(err->code, "line_too_long") == 0),
		   "status %d code %s", rc, err->code);
	FUZZ_CHECK(line >= 1 && line <= lines, "\"%s\": not a line of %ld", err->message, lines);
}

/* The listen address, formatted, parses back to itself. */
static void check_listen_round_trip(const char *host, int port)
{
	char text[CONFIG_LISTEN_MAX + 1], back[CONFIG_HOST_MAX + 1];
	int back_port = -1;
	struct ld_err err;

	config_format_listen(host, port, text, sizeof text);
	FUZZ_CHECK(config_parse_listen(text, back, sizeof back, &back_port, &err) == LD_OK,
		   "\"%s\" does not parse: %s", text, err.message);
	FUZZ_CHECK(strcmp(back, host) == 0 && back_port == port, "\"%s\" → %s port %d", text, back,
		   back_port);
}

/* `cfg` (read from an INI text) written as one and read again: itself. */
static void check_ini_round_trip(const struct config *cfg)
{
	char listen[CONFIG_LISTEN_MAX + 1];
	char *text = NULL;
	size_t text_len = 0;
	FILE *out = open_memstream(&text, &text_len);
	struct config back;
	struct ld_err err;

	FUZZ_CHECK(out != NULL, "open_memstream");
	config_format_listen(cfg->listen_host, cfg->listen_port, listen, sizeof listen);
	fprintf(out, "[store]\ndb=%s\n", cfg->db);
	fprintf(out, "[serve]\nlisten=%s\nthreads=%d\nmax_body=%zu\n", listen, cfg->threads,
		cfg->max_body);
	if (cfg->public_url[0] != '\0')
		fprintf(out, "public_url=%s\n", cfg->public_url);
	fprintf(out, "[app]\nfcr_window=%llds\nsession_ttl=%llds\ndefault_tz=%s\n",
		(long long)cfg->fcr_window_s, (long long)cfg->session_ttl_s, cfg->default_tz);
	fprintf(out, "[surveys]\nfatigue=%llds\nlink_ttl=%llds\nfollowup_due=%llds\n",
		(long long)cfg->survey_fatigue_s, (long long)cfg->survey_ttl_s,
		(long long)cfg->followup_due_s);
	fclose(out);
	config_defaults(&back);
	FUZZ_CHECK(config_load_string(&back, text, "written", &err) == LD_OK,
		   "written configuration does not read back: %s\n%s", err.message, text);
	FUZZ_CHECK(config_equal(cfg, &back), "written configuration reads back otherwise:\n%s",
		   text);
	free(text);
}

/* The INI text through both readers. [out] *cfg: the string reader's result. */
static ld_status read_ini(const char *ini, size_t ini_len, struct config *cfg)
{
	struct config from_file;
	struct ld_err err, file_err;
	ld_status rc, file_rc;
	long lines = 1, line, file_line;

	for (size_t i = 0; i < ini_len; i++)
		lines += ini[i] == '\n';
	config_defaults(cfg);
	ld_err_clear(&err);
	rc = config_load_string(cfg, ini, FUZZ_ORIGIN, &err);

	FUZZ_CHECK(ftruncate(fuzz_memfd, 0) == 0 &&
			   pwrite(fuzz_memfd, ini, ini_len, 0) == (ssize_t)ini_len,
		   "memory file");
	config_defaults(&from_file);
	ld_err_clear(&file_err);
	file_rc = config_load_file(&from_file, fuzz_memfd_path, &file_err);

	FUZZ_CHECK(rc == file_rc && strcmp(err.code, file_err.code) == 0,
		   "string: %d %s, file: %d %s", rc, err.code, file_rc, file_err.code);
	if (rc == LD_OK) {
		FUZZ_CHECK(config_equal(cfg, &from_file), "the string and file readers disagree");
		check_bounds(cfg);
		check_listen_round_trip(cfg->listen_host, cfg->listen_port);
		check_ini_round_trip(cfg);
		return rc;
	}
	check_ini_error(rc, &err, FUZZ_ORIGIN, lines);
	line = error_line(&err, FUZZ_ORIGIN);
	file_line = error_line(&file_err, fuzz_memfd_path);
	FUZZ_CHECK(line == file_line, "string reader: line %ld, file reader: line %ld", line,
		   file_line);
	return rc;
}

/* One "section.key=value" line through config_set(). */
static void set_one(struct config *cfg, const char *line)
{
	const char *eq = strchr(line, '=');
	struct config before = *cfg;
	struct ld_err err;
	char *name;
	ld_status rc;

	if (eq == NULL)
		return;
	name = fuzz_strndup((const uint8_t *)line, (size_t)(eq - line));
	ld_err_clear(&err);
	rc = config_set(cfg, name, eq + 1, &err);
	if (rc == LD_OK) {
		check_bounds(cfg);
	} else {
		FUZZ_CHECK((rc == LD_ERR_NOT_FOUND && strcmp(err.code, "unknown_setting") == 0) ||
				   (rc == LD_ERR_INVALID && strcmp(err.code, "invalid_setting") == 0 &&
				    strcmp(err.field, name) == 0),
			   "config_set(%s): status %d code %s field %s", name, rc, err.code,
			   err.field);
		FUZZ_CHECK(memcmp(&before, cfg, sizeof before) == 0, "config_set(%s) failed but wrote",
			   name);
	}
	{
		char host[CONFIG_HOST_MAX + 1];
		int port;

		if (config_parse_listen(eq + 1, host, sizeof host, &port, &err) == LD_OK)
			check_listen_round_trip(host, port);
	}
	free(name);
}

/* The part after the NUL: environment entries and config_set() lines. */
static void read_rest(struct config *cfg, const char *rest)
{
	char *copy = fuzz_strndup((const uint8_t *)rest, strlen(rest));
	char *envp[64];
	size_t n_env = 0;
	struct ld_err err;
	ld_status rc;

	for (char *line = copy, *next; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (strncmp(line, "LOYALDESK_", 10) == 0) {
			if (n_env < sizeof envp / sizeof envp[0] - 1)
				envp[n_env++] = line;
		} else {
			set_one(cfg, line);
		}
	}
	envp[n_env] = NULL;
	ld_err_clear(&err);
	rc = config_load_env(cfg, envp, &err);
	if (rc == LD_OK)
		check_bounds(cfg);
	else
		FUZZ_CHECK(rc == LD_ERR_INVALID && strcmp(err.code, "invalid_setting") == 0 &&
				   strchr(err.field, '.') != NULL &&
				   strncmp(err.message, "environment LOYALDESK_", 22) == 0,
			   "environment: status %d code %s field %s", rc, err.code, err.field);
	free(copy);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_memfd = memfd_create("fuzz.conf", 0);
	if (fuzz_memfd < 0) {
		perror("memfd_create");
		abort();
	}
	snprintf(fuzz_memfd_path, sizeof fuzz_memfd_path, "/proc/self/fd/%d", fuzz_memfd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t ini_len = nul != NULL ? (size_t)(nul - data) : size;
	char *ini = fuzz_strndup(data, ini_len);
	char *rest = nul != NULL ? fuzz_strndup(nul + 1, size - ini_len - 1) : NULL;
	struct config cfg;

	if (read_ini(ini, ini_len, &cfg) != LD_OK)
		config_defaults(&cfg);
	if (rest != NULL)
		read_rest(&cfg, rest);
	free(ini);
	free(rest);
	return 0;
}
