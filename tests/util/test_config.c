/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Tests of util/config.c: defaults, the INI file (sections, comments, BOM,
 * errors with their line numbers, bounded lines, no silent continuation),
 * the environment, the precedence file < environment < flag, and the
 * listen-address and value parsers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/config.h"

static void test_config_defaults(void **state)
{
	struct config c;
	(void)state;

	config_defaults(&c);
	assert_string_equal(c.db, "./var/loyaldesk.db");
	assert_string_equal(c.listen_host, "127.0.0.1");
	assert_int_equal(c.listen_port, 8080);
	assert_int_equal(c.threads, 2);
	assert_int_equal(c.max_body, 1048576);
	assert_int_equal(c.min_free, 64 * 1024 * 1024);
	assert_int_equal(c.max_connections, 1024);
	assert_int_equal(c.max_connections_per_address, 256);
	assert_int_equal(c.head_timeout_s, 10);
	assert_int_equal(c.body_timeout_s, 10);
	assert_int_equal(c.body_min_rate, 65536);
	assert_int_equal(c.fcr_window_s, 7 * 86400);
	assert_string_equal(c.default_tz, "UTC");
}

/* The connection limits and deadlines, from the file and the environment, and their bounds. */
static void test_config_connection_limits(void **state)
{
	struct config c;
	struct ld_err err;
	char *env[] = { "LOYALDESK_MAX_CONNECTIONS_PER_ADDRESS=0", "LOYALDESK_BODY_TIMEOUT=1m",
			"LOYALDESK_BODY_MIN_RATE=16K", NULL };
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load_string(&c,
					    "[serve]\nmax_connections = 4096\n"
					    "max_connections_per_address = 32\nhead_timeout = 5s\n"
					    "body_timeout = 20\n",
					    "l.conf", &err),
			 LD_OK);
	assert_int_equal(c.max_connections, 4096);
	assert_int_equal(c.max_connections_per_address, 32);
	assert_int_equal(c.head_timeout_s, 5);
	assert_int_equal(c.body_timeout_s, 20);
	assert_int_equal(config_load_env(&c, env, &err), LD_OK);
	assert_int_equal(c.max_connections_per_address, 0); /* no limit */
	assert_int_equal(c.body_timeout_s, 60);
	assert_int_equal(c.body_min_rate, 16384);

	assert_int_equal(config_set(&c, "serve.max_connections", "15", &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "serve.max_connections");
	assert_int_equal(config_set(&c, "serve.max_connections", "65537", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.max_connections_per_address", "-1", &err),
			 LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.head_timeout", "0s", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.head_timeout", "2h", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.head_timeout", "1d", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.head_timeout", "1h", &err), LD_OK);
	assert_int_equal(c.head_timeout_s, 3600);
	assert_int_equal(config_set(&c, "serve.body_min_rate", "100", &err), LD_ERR_INVALID);
	assert_int_equal(c.max_connections, 4096);
	assert_int_equal(c.body_min_rate, 16384);
}

static void test_config_ini_values(void **state)
{
	struct config c;
	struct ld_err err;
	const char *text = "\xEF\xBB\xBF# loyaldesk.conf\n"
			   "; a comment\n"
			   "[store]\n"
			   "db = /srv/loyaldesk/desk.db\n"
			   "\n"
			   "[serve]\n"
			   "listen = [::1]:9090   ; inline comment\n"
			   "threads=8\n"
			   "max_body = 64K\n"
			   "[app]\n"
			   "  fcr_window = 3d\n"
			   "session_ttl = 12h\n"
			   "default_tz = Europe/Prague\n";
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load_string(&c, text, "t.conf", &err), LD_OK);
	assert_string_equal(c.db, "/srv/loyaldesk/desk.db");
	assert_string_equal(c.listen_host, "::1");
	assert_int_equal(c.listen_port, 9090);
	assert_int_equal(c.threads, 8);
	assert_int_equal(c.max_body, 65536);
	assert_int_equal(c.fcr_window_s, 3 * 86400);
	assert_int_equal(c.session_ttl_s, 12 * 3600);
	assert_string_equal(c.default_tz, "Europe/Prague");
}

static void test_config_ini_errors_have_line_numbers(void **state)
{
	struct config c;
	struct ld_err err;
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load_string(&c, "[serve]\nthreads = 2\nlisten = nope\n", "a.conf",
					    &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_setting");
	assert_string_equal(err.field, "serve.listen");
	assert_non_null(strstr(err.message, "a.conf:3:"));

	assert_int_equal(config_load_string(&c, "[serve]\n\n\ncolour = blue\n", "b.conf", &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "unknown_setting");
	assert_non_null(strstr(err.message, "b.conf:4:"));

	assert_int_equal(config_load_string(&c, "[store]\ndb = x\njust words\n", "c.conf", &err),
			 LD_ERR_INVALID);
	assert_string_equal(err.code, "config_syntax");
	assert_non_null(strstr(err.message, "c.conf:3:"));

	assert_int_equal(config_load_string(&c, "[store\ndb = x\n", "d.conf", &err),
			 LD_ERR_INVALID);
	assert_non_null(strstr(err.message, "d.conf:1:"));

	/* a key outside any section names no setting */
	assert_int_equal(config_load_string(&c, "db = x\n", "e.conf", &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "unknown_setting");

	/* an indented line after a key would silently replace its value in inih */
	assert_int_equal(config_load_string(&c, "[serve]\nthreads = 2\n  listen = 1.2.3.4:5\n",
					    "f.conf", &err),
			 LD_ERR_INVALID);
	assert_non_null(strstr(err.message, "f.conf:3:"));
	assert_non_null(strstr(err.message, "continuation"));
}

static void test_config_ini_long_line(void **state)
{
	struct config c;
	struct ld_err err;
	char text[1024];
	char path[300];
	(void)state;

	memset(path, 'a', 250);
	path[250] = '\0';
	snprintf(text, sizeof text, "[store]\n# fine\ndb = /%s\n[serve]\nthreads = 3\n", path);
	config_defaults(&c);
	assert_int_equal(config_load_string(&c, text, "long.conf", &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "line_too_long");
	assert_non_null(strstr(err.message, "long.conf:3:"));
	assert_string_equal(c.db, "./var/loyaldesk.db"); /* not truncated into place */
	assert_int_equal(c.threads, 2);
}

static void test_config_file_missing_and_present(void **state)
{
	struct config c;
	struct ld_err err;
	char path[] = "/tmp/ld_test_config_XXXXXX";
	int fd;
	FILE *f;
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load_file(&c, "/nonexistent/loyaldesk.conf", &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "config_missing");

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("[serve]\r\nlisten = localhost:7000\r\n", f);
	fclose(f);
	assert_int_equal(config_load_file(&c, path, &err), LD_OK);
	assert_string_equal(c.listen_host, "localhost");
	assert_int_equal(c.listen_port, 7000);
	unlink(path);
}

static void test_config_precedence_file_env_flag(void **state)
{
	struct config c;
	struct ld_err err;
	char *env[] = { "PATH=/bin", "LOYALDESK_LISTEN=0.0.0.0:81", "LOYALDESK_CONFIG=/x.conf",
			"LOYALDESK_UNKNOWN=1", "LOYALDESK_MAX_BODY=2M", "LOYALDESK_MIN_FREE=1G",
			NULL };
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load_string(&c,
					    "[store]\ndb = file.db\n[serve]\nlisten = 1.2.3.4:80\n"
					    "max_body = 4096\nthreads = 4\n",
					    "p.conf", &err),
			 LD_OK);
	assert_int_equal(config_load_env(&c, env, &err), LD_OK);
	assert_string_equal(c.db, "file.db");          /* file only */
	assert_string_equal(c.listen_host, "0.0.0.0"); /* env over file */
	assert_int_equal(c.listen_port, 81);
	assert_int_equal(c.max_body, 2 * 1024 * 1024);
	assert_int_equal(c.min_free, 1024 * 1024 * 1024);
	assert_int_equal(c.threads, 4);
	assert_int_equal(config_set(&c, "serve.listen", "127.0.0.1:82", &err), LD_OK);
	assert_int_equal(c.listen_port, 82);           /* flag over env */
	assert_int_equal(config_set(&c, "store.db", "flag.db", &err), LD_OK);
	assert_string_equal(c.db, "flag.db");
}

static void test_config_env_errors_name_the_variable(void **state)
{
	struct config c;
	struct ld_err err;
	char *env[] = { "LOYALDESK_THREADS=zero", NULL };
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load_env(&c, env, &err), LD_ERR_INVALID);
	assert_non_null(strstr(err.message, "LOYALDESK_THREADS"));
	assert_int_equal(c.threads, 2);
}

static void test_config_set_validation(void **state)
{
	struct config c;
	struct ld_err err;
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_set(&c, "serve.colour", "red", &err), LD_ERR_NOT_FOUND);
	assert_int_equal(config_set(&c, "serve.threads", "0", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.threads", "257", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.threads", "-1", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.threads", "3x", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.max_body", "100", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.max_body", "2G", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.max_body", "99999999999999999999", &err),
			 LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.max_body", "1m", &err), LD_OK);
	assert_int_equal(c.max_body, 1048576);
	assert_string_equal(c.phone_country_code, "");
	assert_int_equal(config_set(&c, "phone.country_code", "420", &err), LD_OK);
	assert_string_equal(c.phone_country_code, "420");
	assert_int_equal(config_set(&c, "phone.country_code", "+420", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "phone.country_code", "00420", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "phone.country_code", "CZ", &err), LD_ERR_INVALID);
	assert_string_equal(c.phone_country_code, "420");
	assert_int_equal(config_set(&c, "phone.country_code", "", &err), LD_OK);
	assert_string_equal(c.phone_country_code, "");
	assert_int_equal(config_set(&c, "app.fcr_window", "90m", &err), LD_OK);
	assert_int_equal(c.fcr_window_s, 5400);
	assert_int_equal(config_set(&c, "app.default_tz", "../etc/passwd", &err),
			 LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "store.db", "", &err), LD_ERR_INVALID);
	assert_int_equal(c.threads, 2);
	/* store.min_free: 0 (off) to 1T, with a T suffix as well. */
	assert_int_equal(config_set(&c, "store.min_free", "2T", &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "store.min_free");
	assert_int_equal(config_set(&c, "store.min_free", "-1", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "store.min_free", "5X", &err), LD_ERR_INVALID);
	assert_int_equal(c.min_free, 64 * 1024 * 1024);
	assert_int_equal(config_set(&c, "store.min_free", "1t", &err), LD_OK);
	assert_int_equal(c.min_free, (int64_t)1 << 40);
	assert_int_equal(config_set(&c, "store.min_free", "512K", &err), LD_OK);
	assert_int_equal(c.min_free, 512 * 1024);
	assert_int_equal(config_set(&c, "store.min_free", "0", &err), LD_OK);
	assert_int_equal(c.min_free, 0);
	/* Every bad value has the same code, the listen address's too (fuzz/fuzz_config.c). */
	assert_int_equal(config_set(&c, "serve.listen", "no-port", &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "invalid_setting");
	assert_string_equal(err.field, "serve.listen");
	assert_non_null(strstr(err.message, "no-port"));
	assert_int_equal(c.listen_port, CONFIG_DEFAULT_PORT);
	/* Trailing '/' are dropped, never into the scheme (fuzz/fuzz_config.c). */
	assert_int_equal(config_set(&c, "serve.public_url", "https://desk.example//", &err), LD_OK);
	assert_string_equal(c.public_url, "https://desk.example");
	assert_int_equal(config_set(&c, "serve.public_url", "http:///", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "serve.public_url", "https:////desk", &err),
			 LD_ERR_INVALID);
	assert_string_equal(c.public_url, "https://desk.example");
}

/* The login throttle's settings: counts (0 only where it means off) and durations. */
static void test_config_login_throttle(void **state)
{
	static char *env[] = { "LOYALDESK_LOGIN_WINDOW=30m", "LOYALDESK_LOGIN_DELAY_MAX=1h", NULL };
	struct config c;
	struct ld_err err;
	(void)state;

	config_defaults(&c);
	assert_int_equal(c.login_failures, 5);
	assert_int_equal(c.login_address_failures, 20);
	assert_int_equal(c.login_window_s, 900);
	assert_int_equal(c.login_delay_max_s, 900);
	assert_int_equal(config_set(&c, "app.login_failures", "0", &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "app.login_failures");
	assert_int_equal(config_set(&c, "app.login_failures", "10001", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "app.login_failures", "3", &err), LD_OK);
	assert_int_equal(c.login_failures, 3);
	assert_int_equal(config_set(&c, "app.login_address_failures", "0", &err), LD_OK);
	assert_int_equal(c.login_address_failures, 0);
	assert_int_equal(config_set(&c, "app.login_address_failures", "-1", &err), LD_ERR_INVALID);
	assert_int_equal(config_load_string(&c, "[app]\nlogin_address_failures = 50\n", "t.conf",
					    &err),
			 LD_OK);
	assert_int_equal(c.login_address_failures, 50);
	assert_int_equal(config_load_env(&c, env, &err), LD_OK);
	assert_int_equal(c.login_window_s, 1800);
	assert_int_equal(c.login_delay_max_s, 3600);
}

static void test_config_listen_forms(void **state)
{
	char host[CONFIG_HOST_MAX + 1];
	char out[CONFIG_LISTEN_MAX];
	int port = -1;
	(void)state;

	assert_int_equal(config_parse_listen("127.0.0.1:8080", host, sizeof host, &port, NULL),
			 LD_OK);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 8080);
	assert_int_equal(config_parse_listen("[::1]:0", host, sizeof host, &port, NULL), LD_OK);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 0);
	config_format_listen(host, 8080, out, sizeof out);
	assert_string_equal(out, "[::1]:8080");
	assert_int_equal(config_parse_listen("desk.example.com:443", host, sizeof host, &port,
					     NULL),
			 LD_OK);
	config_format_listen(host, port, out, sizeof out);
	assert_string_equal(out, "desk.example.com:443");

	assert_int_equal(config_parse_listen("::1:8080", host, sizeof host, &port, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(config_parse_listen("[::g]:80", host, sizeof host, &port, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(config_parse_listen("127.0.0.1", host, sizeof host, &port, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(config_parse_listen("127.0.0.1:65536", host, sizeof host, &port, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(config_parse_listen("127.0.0.1:8a", host, sizeof host, &port, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(config_parse_listen(":8080", host, sizeof host, &port, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(config_parse_listen("bad host:80", host, sizeof host, &port, NULL),
			 LD_ERR_INVALID);
	assert_int_equal(config_parse_listen("[::1]8080", host, sizeof host, &port, NULL),
			 LD_ERR_INVALID);
}

/* gdpr.retention counts calendar months: m months, y years, 0 or empty off. */
static void test_config_gdpr_retention(void **state)
{
	struct config c;
	struct ld_err err;
	char *env[] = { "LOYALDESK_GDPR_RETENTION=3y", NULL };
	(void)state;

	config_defaults(&c);
	assert_int_equal(c.gdpr_retention_months, 0);
	assert_int_equal(config_load_string(&c, "[gdpr]\nretention = 24m\n", "g.conf", &err), LD_OK);
	assert_int_equal(c.gdpr_retention_months, 24);
	assert_int_equal(config_set(&c, "gdpr.retention", "18", &err), LD_OK);
	assert_int_equal(c.gdpr_retention_months, 18);
	assert_int_equal(config_load_env(&c, env, &err), LD_OK);
	assert_int_equal(c.gdpr_retention_months, 36);
	assert_int_equal(config_load_string(&c, "[gdpr]\nretention =\n", "g.conf", &err), LD_OK);
	assert_int_equal(c.gdpr_retention_months, 0);
	assert_int_equal(config_set(&c, "gdpr.retention", "24d", &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "gdpr.retention");
	assert_int_equal(config_set(&c, "gdpr.retention", "1201", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "gdpr.retention", "-1", &err), LD_ERR_INVALID);
	assert_int_equal(config_set(&c, "gdpr.retention", "101y", &err), LD_ERR_INVALID);
	assert_int_equal(c.gdpr_retention_months, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_defaults),
		cmocka_unit_test(test_config_ini_values),
		cmocka_unit_test(test_config_connection_limits),
		cmocka_unit_test(test_config_ini_errors_have_line_numbers),
		cmocka_unit_test(test_config_ini_long_line),
		cmocka_unit_test(test_config_file_missing_and_present),
		cmocka_unit_test(test_config_precedence_file_env_flag),
		cmocka_unit_test(test_config_env_errors_name_the_variable),
		cmocka_unit_test(test_config_set_validation),
		cmocka_unit_test(test_config_listen_forms),
		cmocka_unit_test(test_config_login_throttle),
		cmocka_unit_test(test_config_gdpr_retention),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
