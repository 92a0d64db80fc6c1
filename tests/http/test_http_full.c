/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A full database through the real server (server.c, the writer, reply.c,
 * health.c), on a temporary file, over loopback sockets. The driver's test
 * hook caps the database at its size (store/sqlite/space.c), so writes
 * that need a new page fail as on a full disk:
 *
 *  - a write answers 507 storage_full with Retry-After: 60, not 500;
 *  - a read still answers 200;
 *  - health answers 200 {"status":"degraded","cause":"storage_full"};
 *  - once the cap is lifted ("space returns") writes answer 201 again and
 *    health is back to ok.
 *
 * Twice: a lone client (its writes run on its worker's handle) and with a
 * second connection open (writes go through the group-commit writer). The
 * free-space threshold is off, so the host's disk does not matter.
 */
#include "http_socket.h"

#include "../scratch.h"

#include "app/app.h"
#include "http/server.h"
#include "store/sqlite/sqlite_store.h" /* the page cap test hook */
#include "store/store.h"

#define FU_PASSWORD "correct horse battery"
#define FU_NOTES_LEN 1500 /* bytes of notes per filler customer */
#define FU_FILL_MAX 20000 /* writes before a capped database must be full */
#define FU_BUF 16384      /* bytes of one answer */

struct fu_fx {
	struct scratch_db db;          /* the database file */
	int64_t customer;              /* a customer to read */
	char token[APP_TOKEN_LEN + 1]; /* admin bearer token */
	struct http_server *srv;       /* running */
	int port;                      /* its port */
};

static struct fu_fx FU;

static int fu_setup(void **state)
{
	struct store *store = NULL;
	struct app app;
	struct ld_agent a;
	struct ld_customer c;
	struct http_config cfg;
	struct ld_err err;

	(void)state;
	memset(&FU, 0, sizeof FU);
	scratch_db_make(&FU.db, "http_full");
	if (store_open(FU.db.path, &store, &err) != LD_OK)
		fail_msg("store_open: %s", err.message);
	app_init(&app, store, NULL);
	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "Admin");
	snprintf(a.email, sizeof a.email, "admin@example.com");
	a.role = LD_ROLE_ADMIN;
	a.active = true;
	assert_int_equal(app_user_add(&app, NULL, &a, FU_PASSWORD, &err), LD_OK);
	assert_int_equal(app_login(&app, NULL, "admin@example.com", FU_PASSWORD, FU.token, NULL, &err), LD_OK);
	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "Jana Nováková");
	c.preferred_channel = -1;
	assert_int_equal(app_customer_create(&app, NULL, &c, &err), LD_OK);
	FU.customer = c.id;
	ld_customer_clear(&c);
	app_fini(&app);
	store_close(store);

	memset(&cfg, 0, sizeof cfg);
	cfg.host = "127.0.0.1";
	cfg.store_url = FU.db.path;
	cfg.threads = 2;
	app_config_defaults(&cfg.app);
	cfg.app.min_free_bytes = -1; /* the host's disk is not under test */
	if (http_server_start(&cfg, &FU.srv, &err) != LD_OK)
		fail_msg("http_server_start: %s %s", err.code, err.message);
	FU.port = http_server_port(FU.srv);
	return 0;
}

static int fu_teardown(void **state)
{
	(void)state;
	sq_test_cap_pages(false);
	http_server_stop(FU.srv);
	scratch_db_remove(&FU.db);
	return 0;
}

/* One request on a fresh connection; the answer in buf. Body NULL = a GET. */
static int fu_call(const char *method, const char *path, const char *body, char *buf)
{
	size_t body_len = body != NULL ? strlen(body) : 0;
	size_t cap = body_len + 512;
	char *req = malloc(cap);
	int status;

	assert_non_null(req);
	snprintf(req, cap,
		 "%s %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
		 "%sContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
		 method, path, FU.token, body != NULL ? "Content-Type: application/json\r\n" : "",
		 body_len, body != NULL ? body : "");
	status = sock_roundtrip("127.0.0.1", FU.port, req, buf, FU_BUF);
	free(req);
	return status;
}

/* Creates a customer with `notes_len` bytes of notes; returns the status. */
static int fu_customer_create(int n, size_t notes_len, char *buf)
{
	char *notes = scratch_text(notes_len);
	char *body = malloc(notes_len + 128);
	int status;

	assert_non_null(body);
	snprintf(body, notes_len + 128, "{\"name\":\"Customer %d\",\"notes\":\"%s\"}", n, notes);
	status = fu_call("POST", "/api/v1/customers", body, buf);
	free(body);
	free(notes);
	return status;
}

static void fu_expect_in(const char *buf, const char *what)
{
	if (strstr(buf, what) == NULL)
		fail_msg("no %s in:\n%s", what, buf);
}

static void fu_scenario(void)
{
	static char buf[FU_BUF];
	char path[64];
	int n, status = 0;

	assert_int_equal(fu_call("GET", "/api/v1/health", NULL, buf), 200);
	fu_expect_in(buf, "\"status\":\"ok\"");
	fu_expect_in(buf, "\"cause\":null");

	sq_test_cap_pages(true);
	for (n = 0; n < FU_FILL_MAX; n++)
		if ((status = fu_customer_create(n, FU_NOTES_LEN, buf)) != 201)
			break;
	if (status != 507)
		fail_msg("after %d writes: %d, wanted 507:\n%s", n, status, buf);
	fu_expect_in(buf, "\"code\":\"storage_full\"");
	fu_expect_in(buf, "\r\nRetry-After: 60\r\n");

	/* Reads go on. */
	snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)FU.customer);
	assert_int_equal(fu_call("GET", path, NULL, buf), 200);
	fu_expect_in(buf, "Jana Nov");
	assert_int_equal(fu_call("GET", "/api/v1/health", NULL, buf), 200);
	fu_expect_in(buf, "\"status\":\"degraded\"");
	fu_expect_in(buf, "\"cause\":\"storage_full\"");
	fu_expect_in(buf, "\"schema_version\":");

	/* Room again. */
	sq_test_cap_pages(false);
	assert_int_equal(fu_customer_create(n, 0, buf), 201);
	assert_int_equal(fu_customer_create(n + 1, FU_NOTES_LEN, buf), 201);
	assert_int_equal(fu_call("GET", "/api/v1/health", NULL, buf), 200);
	fu_expect_in(buf, "\"status\":\"ok\"");
	fu_expect_in(buf, "\"cause\":null");
}

static void test_http_full_lone_client(void **state)
{
	(void)state;
	fu_scenario();
}

static void test_http_full_through_the_writer(void **state)
{
	/* A second open connection: writes are handed to the writer thread. */
	int idle = sock_connect("127.0.0.1", FU.port);

	(void)state;
	fu_scenario();
	close(idle);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_http_full_lone_client, fu_setup, fu_teardown),
		cmocka_unit_test_setup_teardown(test_http_full_through_the_writer, fu_setup,
						fu_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
