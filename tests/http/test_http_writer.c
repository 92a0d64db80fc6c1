/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The group-commit writer (writer.c), on a temporary database file (a
 * ":memory:" store would give the writer a database of its own):
 *
 *  - directly: jobs from several threads, some failing — before writing
 *    (unknown case) or after (a job that adds an interaction, then fails) —
 *    each failing alone while the rest of its batch commits; queued jobs are
 *    drained, not dropped, when the writer stops;
 *  - through the real server (server.c: suspended connections, the writer's
 *    callback, the answer rendered after the commit): several clients on
 *    keep-alive connections fire interaction adds at a few cases, mixed with
 *    writes that fail inside the writer (unknown case, unknown agent,
 *    duplicate e-mail) and bodies rejected before it; every answer must be
 *    the right one, and the store must hold exactly the accepted writes
 *    (effort contacts of a case = accepted inbound adds + 1);
 *  - stopping the server while clients are still writing: no hang, and
 *    every write a client saw accepted is in the store.
 */
#include "http_socket.h"

#include <math.h>
#include <pthread.h>

#include "app/app.h"
#include "http/server.h"
#include "app/writer.h"
#include "store/store.h"

#define WR_PASSWORD "correct horse battery"
#define WR_CASES 4           /* cases the writes go to */
#define WR_THREADS 4         /* concurrent clients */
#define WR_REQUESTS 200      /* requests per client */
#define WR_MISSING 999999    /* an id no row has */

struct wr_fx {
	char dir[64];                  /* mkdtemp() result */
	char path[128];                /* dir + "/desk.db" */
	struct store *store;           /* setup and verification handle, owned */
	struct app app;                /* over it */
	int64_t customer;              /* owner of the cases */
	int64_t cases[WR_CASES];       /* case ids */
	char token[APP_TOKEN_LEN + 1]; /* admin bearer token */
};

static struct wr_fx WR;

/* ---- fixture ---- */

static struct app_interaction_in wr_contact(void)
{
	struct app_interaction_in in;

	memset(&in, 0, sizeof in);
	in.channel = LD_CH_EMAIL;
	in.direction = LD_DIR_IN;
	in.kind = -1;
	in.sentiment = NAN;
	in.body = "Any news?";
	return in;
}

static int wr_setup(void **state)
{
	struct ld_agent a;
	struct ld_customer c;
	struct app_case_open_in in;
	struct ld_case out;
	struct ld_err err;

	(void)state;
	memset(&WR, 0, sizeof WR);
	snprintf(WR.dir, sizeof WR.dir, "/tmp/ld_writer_XXXXXX");
	assert_non_null(mkdtemp(WR.dir));
	snprintf(WR.path, sizeof WR.path, "%s/desk.db", WR.dir);
	if (store_open(WR.path, &WR.store, &err) != LD_OK)
		fail_msg("store_open: %s", err.message);
	app_init(&WR.app, WR.store, NULL);

	memset(&a, 0, sizeof a);
	snprintf(a.name, sizeof a.name, "Admin");
	snprintf(a.email, sizeof a.email, "admin@example.com");
	a.role = LD_ROLE_ADMIN;
	a.active = true;
	assert_int_equal(app_user_add(&WR.app, NULL, &a, WR_PASSWORD, &err), LD_OK);
	assert_int_equal(app_login(&WR.app, NULL, "admin@example.com", WR_PASSWORD, WR.token, NULL,
				   &err),
			 LD_OK);

	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "Jana Nováková");
	snprintf(c.email, sizeof c.email, "dup@example.com");
	c.preferred_channel = -1;
	assert_int_equal(app_customer_create(&WR.app, NULL, &c, &err), LD_OK);
	WR.customer = c.id;
	ld_customer_clear(&c);

	for (int i = 0; i < WR_CASES; i++) {
		memset(&in, 0, sizeof in);
		in.customer_id = WR.customer;
		in.subject = "Parcel lost";
		in.category = -1;
		in.priority = -1;
		in.first = wr_contact();
		assert_int_equal(app_case_open(&WR.app, NULL, &in, &out, &err), LD_OK);
		WR.cases[i] = out.id;
	}
	return 0;
}

static int wr_teardown(void **state)
{
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	(void)state;
	app_fini(&WR.app);
	store_close(WR.store);
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", WR.path, suffix[i]);
		unlink(p);
	}
	rmdir(WR.dir);
	return 0;
}

/* Interactions of a case (all of them: a case here has fewer than 1000). */
static int wr_interactions(int64_t case_id)
{
	struct ld_interaction *rows = calloc(200, sizeof *rows);
	struct ld_err err;
	int64_t after = 0;
	int total = 0, n;

	assert_non_null(rows);
	do {
		assert_int_equal(app_case_interactions(&WR.app, NULL, case_id, after, 200, rows, &n,
						       &err),
				 LD_OK);
		after = n > 0 ? rows[n - 1].id : after;
		for (int i = 0; i < n; i++)
			ld_interaction_clear(&rows[i]);
		total += n;
	} while (n == 200);
	free(rows);
	return total;
}

static int64_t wr_audit(const char *action)
{
	int64_t n = 0;
	struct ld_err err;

	assert_int_equal(STORE_CALL(WR.store, audit_count, action, &n, &err), LD_OK);
	return n;
}

/* What each case looked like before a test, to compare after it. */
struct wr_snapshot {
	int64_t version[WR_CASES];     /* case versions */
	int contacts[WR_CASES];        /* effort contacts */
	int interactions[WR_CASES];    /* interaction rows */
	int64_t audit_adds;            /* "interaction.create" audit rows */
	int64_t audit_customers;       /* "customer.create" audit rows */
};

static void wr_snap(struct wr_snapshot *s)
{
	struct ld_case c;
	struct app_effort_view ev;
	struct ld_err err;

	for (int i = 0; i < WR_CASES; i++) {
		assert_int_equal(app_case_get(&WR.app, NULL, WR.cases[i], &c, &err), LD_OK);
		app_effort_view(&WR.app, &c, &ev);
		s->version[i] = c.version;
		s->contacts[i] = ev.contacts;
		s->interactions[i] = wr_interactions(WR.cases[i]);
	}
	s->audit_adds = wr_audit("interaction.create");
	s->audit_customers = wr_audit("customer.create");
}

/* Every case grew by exactly accepted[i] inbound adds, and nothing else changed. */
static void wr_check_grew(const struct wr_snapshot *before, const int accepted[WR_CASES],
			  int64_t customers_added)
{
	struct wr_snapshot after;
	int64_t total = 0;

	wr_snap(&after);
	for (int i = 0; i < WR_CASES; i++) {
		assert_int_equal(after.contacts[i], before->contacts[i] + accepted[i]);
		assert_int_equal(after.version[i], before->version[i] + accepted[i]);
		assert_int_equal(after.interactions[i], before->interactions[i] + accepted[i]);
		total += accepted[i];
	}
	assert_int_equal(after.audit_adds, before->audit_adds + total);
	assert_int_equal(after.audit_customers, before->audit_customers + customers_added);
}

/* ---- the writer on its own ---- */

struct add_job {
	int64_t case_id;              /* where to add */
	bool fail_after;              /* add, then fail: the add must be undone */
	struct ld_interaction it;     /* [out] */
	struct ld_case c;             /* [out] */
};

static ld_status add_run(struct app *app, void *ctx, struct ld_err *err)
{
	struct add_job *job = ctx;
	struct app_interaction_in in = wr_contact();
	ld_status rc = app_interaction_add(app, NULL, job->case_id, &in, &job->it, &job->c, err);

	ld_interaction_clear(&job->it);
	if (rc == LD_OK && job->fail_after)
		return ld_fail(err, LD_ERR_CONFLICT, "changed_my_mind", NULL, "undo it all");
	return rc;
}

struct run_thread {
	struct app_writer *writer;   /* shared */
	int index;                    /* thread number */
	int accepted[WR_CASES];       /* [out] successful adds per case */
	int wrong;                    /* [out] answers that were not the expected ones */
};

static void *run_thread_main(void *arg)
{
	struct run_thread *t = arg;

	for (int i = 0; i < WR_REQUESTS / 2; i++) {
		struct add_job job;
		struct ld_err err;
		int k = (t->index + i) % WR_CASES;
		ld_status rc;

		memset(&job, 0, sizeof job);
		ld_err_clear(&err);
		job.case_id = i % 10 == 3 ? WR_MISSING : WR.cases[k];
		job.fail_after = i % 10 == 6;
		rc = app_writer_run(t->writer, add_run, &job, &err);
		if (i % 10 == 3)
			t->wrong += rc != LD_ERR_NOT_FOUND || strcmp(err.code, "case_not_found") != 0;
		else if (i % 10 == 6)
			t->wrong += rc != LD_ERR_CONFLICT || strcmp(err.code, "changed_my_mind") != 0;
		else if (rc == LD_OK)
			t->accepted[k]++;
		else
			t->wrong++;
	}
	return NULL;
}

static void test_http_writer_jobs_fail_alone(void **state)
{
	struct app_writer *w = NULL;
	struct run_thread t[WR_THREADS];
	pthread_t th[WR_THREADS];
	struct wr_snapshot before;
	int accepted[WR_CASES] = {0};
	struct ld_err err;

	(void)state;
	wr_snap(&before);
	assert_int_equal(app_writer_start(WR.path, NULL, &w, &err), LD_OK);
	memset(t, 0, sizeof t);
	for (int i = 0; i < WR_THREADS; i++) {
		t[i].writer = w;
		t[i].index = i;
		assert_int_equal(pthread_create(&th[i], NULL, run_thread_main, &t[i]), 0);
	}
	for (int i = 0; i < WR_THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(t[i].wrong, 0);
		for (int k = 0; k < WR_CASES; k++)
			accepted[k] += t[i].accepted[k];
	}
	app_writer_stop(w);
	wr_check_grew(&before, accepted, 0);
}

struct async_job {
	struct app_write_job job;    /* queued */
	struct add_job add;           /* its context */
	struct ld_err err;            /* its errors */
};

static void async_done(struct app_write_job *job)
{
	int *done = job->done_arg;

	(*done)++; /* only the writer thread calls this */
}

static void test_http_writer_stop_drains_the_queue(void **state)
{
	enum { N = 64 };
	struct app_writer *w = NULL;
	struct async_job *jobs = calloc(N, sizeof *jobs);
	struct wr_snapshot before;
	int accepted[WR_CASES] = {0};
	int done = 0;
	struct ld_err err;

	(void)state;
	assert_non_null(jobs);
	wr_snap(&before);
	assert_int_equal(app_writer_start(WR.path, NULL, &w, &err), LD_OK);
	for (int i = 0; i < N; i++) {
		jobs[i].add.case_id = WR.cases[i % WR_CASES];
		jobs[i].job.fn = add_run;
		jobs[i].job.ctx = &jobs[i].add;
		jobs[i].job.err = &jobs[i].err;
		jobs[i].job.done = async_done;
		jobs[i].job.done_arg = &done;
		app_writer_submit(w, &jobs[i].job);
		accepted[i % WR_CASES]++;
	}
	app_writer_stop(w); /* at once: most jobs are still queued */
	assert_int_equal(done, N);
	for (int i = 0; i < N; i++) {
		assert_true(jobs[i].job.finished);
		assert_int_equal(jobs[i].job.rc, LD_OK);
	}
	free(jobs);
	wr_check_grew(&before, accepted, 0);
}

/* ---- through the server ---- */

static struct http_server *wr_server(void)
{
	struct http_config cfg;
	struct http_server *srv = NULL;
	struct ld_err err;

	memset(&cfg, 0, sizeof cfg);
	cfg.host = "127.0.0.1";
	cfg.store_url = WR.path;
	cfg.threads = 2;
	if (http_server_start(&cfg, &srv, &err) != LD_OK)
		fail_msg("http_server_start: %s %s", err.code, err.message);
	return srv;
}

/* Formats a POST with a JSON body and the admin token. */
static void wr_post(char *out, size_t cap, const char *path, const char *body)
{
	snprintf(out, cap,
		 "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		 path, WR.token, strlen(body), body);
}

struct client {
	int fd;                       /* keep-alive connection, owned */
	int index;                    /* client number */
	bool tolerate_close;          /* the server may go away (stop test) */
	int accepted[WR_CASES];       /* [out] 201s per case */
	int wrong;                    /* [out] unexpected answers */
	char first_wrong[256];        /* [out] the first of them, for the log */
};

/* The expected answer of request `i` of a client; fills the request. */
static int client_request(const struct client *c, int i, char *req, size_t cap,
			  const char **code, int *case_index)
{
	char path[96], body[256];
	int k = (c->index + i) % WR_CASES;

	*case_index = -1;
	*code = NULL;
	switch (i % 10) {
	case 3: /* fails inside the writer, before writing: no such case */
		snprintf(path, sizeof path, "/api/v1/cases/%d/interactions", WR_MISSING);
		wr_post(req, cap, path, "{\"channel\":\"chat\",\"body\":\"hello?\"}");
		*code = "case_not_found";
		return 404;
	case 5: /* rejected before the writer: not a channel */
		snprintf(path, sizeof path, "/api/v1/cases/%lld/interactions",
			 (long long)WR.cases[k]);
		wr_post(req, cap, path, "{\"channel\":\"pigeon\"}");
		*code = "invalid_value";
		return 400;
	case 7: /* fails inside the writer: the e-mail is taken */
		snprintf(body, sizeof body,
			 "{\"name\":\"Copy %d.%d\",\"email\":\"dup@example.com\"}", c->index, i);
		wr_post(req, cap, "/api/v1/customers", body);
		*code = "customer_exists";
		return 409;
	case 9: /* fails inside the writer: no such agent */
		snprintf(path, sizeof path, "/api/v1/cases/%lld/interactions",
			 (long long)WR.cases[k]);
		snprintf(body, sizeof body, "{\"channel\":\"phone\",\"agent_id\":%d}", WR_MISSING);
		wr_post(req, cap, path, body);
		*code = "agent_not_found";
		return 404;
	default:
		snprintf(path, sizeof path, "/api/v1/cases/%lld/interactions",
			 (long long)WR.cases[k]);
		wr_post(req, cap, path, "{\"channel\":\"email\",\"direction\":\"in\",\"body\":\"Any news?\"}");
		*case_index = k;
		return 201;
	}
}

static void *client_main(void *arg)
{
	struct client *c = arg;
	char req[1024], res[8192], want_code[64];
	int fd = c->fd;

	for (int i = 0; i < WR_REQUESTS; i++) {
		const char *code;
		int k, status, want = client_request(c, i, req, sizeof req, &code, &k);

		sock_send_all(fd, req, strlen(req));
		status = sock_read_response(fd, res, sizeof res);
		if (status == 0 && c->tolerate_close)
			break;
		if (code != NULL)
			snprintf(want_code, sizeof want_code, "\"code\":\"%s\"", code);
		if (status == want && (code == NULL || strstr(sock_body(res), want_code) != NULL)) {
			if (k >= 0)
				c->accepted[k]++;
			continue;
		}
		if (status == 503 && c->tolerate_close)
			continue;
		if (c->wrong++ == 0)
			snprintf(c->first_wrong, sizeof c->first_wrong, "request %d: want %d %s, got %.200s",
				 i, want, code ? code : "", res);
	}
	close(fd);
	return NULL;
}

static void run_clients(struct client *c, int port, bool tolerate_close, int accepted[WR_CASES],
			struct http_server **stop_after)
{
	pthread_t th[WR_THREADS];

	memset(c, 0, WR_THREADS * sizeof *c);
	/* Connected here, so that a server stopped early has them all open. */
	for (int i = 0; i < WR_THREADS; i++)
		c[i].fd = sock_connect("127.0.0.1", port);
	for (int i = 0; i < WR_THREADS; i++) {
		c[i].index = i;
		c[i].tolerate_close = tolerate_close;
		assert_int_equal(pthread_create(&th[i], NULL, client_main, &c[i]), 0);
	}
	if (stop_after != NULL) {
		usleep(50 * 1000);
		http_server_stop(*stop_after);
		*stop_after = NULL;
	}
	for (int i = 0; i < WR_THREADS; i++) {
		pthread_join(th[i], NULL);
		if (c[i].wrong != 0)
			fail_msg("client %d: %d wrong answers; first: %s", i, c[i].wrong,
				 c[i].first_wrong);
		for (int k = 0; k < WR_CASES; k++)
			accepted[k] += c[i].accepted[k];
	}
}

static void test_http_writer_server_concurrent_writes(void **state)
{
	struct http_server *srv = wr_server();
	struct client c[WR_THREADS];
	struct wr_snapshot before;
	int accepted[WR_CASES] = {0};
	int total = 0;
	char buf[8192];
	char req[512];

	(void)state;
	wr_snap(&before);
	run_clients(c, http_server_port(srv), false, accepted, NULL);
	for (int k = 0; k < WR_CASES; k++)
		total += accepted[k];
	/* 6 of every 10 requests are good adds. */
	assert_int_equal(total, WR_THREADS * WR_REQUESTS * 6 / 10);

	/* The answers came after the commit: the server's own reads agree. */
	snprintf(req, sizeof req,
		 "GET /api/v1/cases/%lld HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
		 "Connection: close\r\n\r\n",
		 (long long)WR.cases[0], WR.token);
	assert_int_equal(sock_roundtrip("127.0.0.1", http_server_port(srv), req, buf, sizeof buf),
			 200);
	snprintf(req, sizeof req, "\"contacts\":%d,", before.contacts[0] + accepted[0]);
	if (strstr(sock_body(buf), req) == NULL)
		fail_msg("expected %s in %s", req, sock_body(buf));
	http_server_stop(srv);
	wr_check_grew(&before, accepted, 0);
}

static void test_http_writer_server_stops_under_load(void **state)
{
	struct http_server *srv = wr_server();
	struct client c[WR_THREADS];
	struct wr_snapshot before, after;
	int accepted[WR_CASES] = {0};
	int64_t stored_total = 0;

	(void)state;
	wr_snap(&before);
	run_clients(c, http_server_port(srv), true, accepted, &srv);
	wr_snap(&after);
	/*
	 * Every write a client saw accepted is stored; a write may also be
	 * stored without its answer having reached the client (the server
	 * stopped between the commit and the send), never the other way round.
	 */
	for (int k = 0; k < WR_CASES; k++) {
		int stored = after.interactions[k] - before.interactions[k];

		assert_true(stored >= accepted[k]);
		assert_int_equal(after.contacts[k] - before.contacts[k], stored);
		assert_int_equal(after.version[k] - before.version[k], stored);
		stored_total += stored;
	}
	assert_int_equal(after.audit_adds - before.audit_adds, stored_total);
	assert_int_equal(after.audit_customers, before.audit_customers);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_writer_jobs_fail_alone),
		cmocka_unit_test(test_http_writer_stop_drains_the_queue),
		cmocka_unit_test(test_http_writer_server_concurrent_writes),
		cmocka_unit_test(test_http_writer_server_stops_under_load),
	};

	return cmocka_run_group_tests_name("http_writer", tests, wr_setup, wr_teardown);
}
