/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Every store call of a request may fail: the proof. A representative
 * request of each route family (cases: create, update, resolve, transfer,
 * merge; interactions; customers: create, update; login and logout;
 * surveys: create, answer, the outbox, follow-ups; subscriptions; SLA
 * policies and holidays; teams, organisations, facilities, accounts and
 * passwords; reports; lists and single reads) runs through http_dispatch() on a desk whose store
 * is wrapped by fault_store.h. The first run counts the store calls the
 * request makes; then, for every N from 1 to that count, the request runs
 * again on a fresh copy of the same desk with call N failing, as:
 *
 *   LD_ERR_RETRY     once (a lock held past the timeout)  → 503 + Retry-After
 *   LD_ERR_INTERNAL  once (an I/O error)                  → 500 "internal error"
 *   LD_ERR_INTERNAL  from N on (a disk that stays full)   → 500
 *   LD_ERR_CONFLICT  once (a lost race)                   → an error answer
 *
 * and each answer must be a proper {"error":{"code","message"}} body with
 * the status reply.c maps the injected status to (CONFLICT may come out
 * as another 4xx a handler turns it into: a failed credential is 401),
 * never a 2xx; no transaction may be left open; and the database must be
 * exactly the desk before the request — every row of every table, compared
 * by content — with app_check() finding the derived figures true. A
 * request that answered an error but kept its write, or half of it, fails
 * here, and so does one that answers 2xx on a failed call.
 *
 * Memory: the sanitizer build of `make test` runs this under ASan and LSan,
 * and `make memcheck` under valgrind, so a leak or double free on any
 * error path is a failure too.
 *
 * The desk is an SQLite file built once (accounts logged in over the API,
 * customers, a team on an SLA calendar, policies, a survey rule, cases,
 * an open survey, a follow-up task and a subscription) and copied before every run, so each run
 * starts from the same bytes and the same ids. Each run gets a fresh app
 * context, so no cache (tokens, SLA terms) carries a store call from one
 * run into another and N counts the same calls every time.
 */
#include "../http/http_fixture.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "fault_store.h"

#define FLT_REQUESTS_MAX 64
#define FLT_TABLES_MAX 96
#define FLT_FAILURES_SHOWN 40

/* Which bearer token a request carries. */
enum flt_who { FLT_NOBODY, FLT_ADMIN, FLT_AGENT, FLT_CUSTOMER };

struct flt_request {
	char name[48];         /* for messages */
	const char *method;    /* "POST" … */
	char target[192];      /* path and query */
	enum flt_who who;      /* whose token */
	char body[320];        /* JSON body, "" = none */
	int status;            /* the answer without a fault */
	long calls;            /* store calls it makes without a fault (counted) */
};

/* One table's content, order-independent: row count and a sum of row hashes. */
struct flt_table {
	char name[64];         /* table name */
	int64_t rows;          /* rows */
	uint64_t hash;         /* Σ FNV-1a of each row's values */
};

struct flt_print {
	int n;                                /* tables */
	struct flt_table t[FLT_TABLES_MAX];   /* by name */
};

/* A way of failing. */
struct flt_mode {
	const char *name;      /* for messages */
	ld_status status;      /* injected */
	bool sticky;           /* every later call fails too */
	int http;              /* the answer it must give, 0 = any error */
};

static const struct flt_mode FLT_MODES[] = {
	{"retry", LD_ERR_RETRY, false, 503},
	{"internal", LD_ERR_INTERNAL, false, 500},
	{"internal, sticky", LD_ERR_INTERNAL, true, 500},
	{"conflict", LD_ERR_CONFLICT, false, 0},
	{"disk full, sticky", LD_ERR_FULL, true, 507},
};

struct flt {
	char dir[64];                        /* mkdtemp() result */
	char desk[128];                      /* the desk every run starts from */
	char work[128];                      /* the copy a run changes */
	struct flt_print desk_print;         /* the desk's content */
	int64_t team_id;                     /* a team on an SLA calendar */
	int64_t case_a;                      /* worked case: updates, transfer, contacts */
	int64_t case_b;                      /* merge target */
	int64_t case_c;                      /* merged into case_b */
	int64_t case_cust;                   /* the portal customer's own case */
	int64_t third_customer;              /* consented customer with no survey yet */
	int64_t calendar_id;                 /* the team's business hours */
	int64_t policy_id;                   /* the policy of complaints */
	int64_t subscription_id;             /* FX.customer_id's, active */
	int64_t message_id;                  /* the open survey's link, not sent yet */
	int64_t followup_id;                 /* an open task after a detractor's answer */
	char survey_token[APP_TOKEN_LEN + 1]; /* an open survey of FX.customer_id */
	struct flt_request req[FLT_REQUESTS_MAX]; /* the requests */
	int n_req;                           /* entries in req[] */
	int failures;                        /* faults answered wrongly */
};

static struct flt FLT;

/* ---- files and fingerprints ---- */

static void flt_copy(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY), out;

	assert_true(in >= 0);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(out >= 0);
	while ((n = read(in, buf, sizeof buf)) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_int_equal(n, 0);
	close(in);
	assert_int_equal(close(out), 0);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Hashes every row of table `t->name` into `t`. */
static void flt_print_table(sqlite3 *db, struct flt_table *t)
{
	char sql[128];
	sqlite3_stmt *st = NULL;

	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", t->name);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		uint64_t h = 14695981039346656037ULL;

		for (int c = 0; c < sqlite3_column_count(st); c++) {
			int type = sqlite3_column_type(st, c);
			const void *v = sqlite3_column_blob(st, c);

			h = fnv(h, &type, sizeof type);
			h = fnv(h, v, (size_t)sqlite3_column_bytes(st, c));
		}
		t->rows++;
		t->hash += h;
	}
	sqlite3_finalize(st);
}

/* The content of every table of the database at `path` (committed state). */
static void flt_print(const char *path, struct flt_print *out)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	memset(out, 0, sizeof *out);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	/* Planner statistics are the database's own, not the desk's. */
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT name FROM sqlite_master WHERE type = 'table' "
					    "AND name NOT LIKE 'sqlite_stat%' "
					    "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct flt_table *t;

		assert_true(out->n < FLT_TABLES_MAX);
		t = &out->t[out->n++];
		snprintf(t->name, sizeof t->name, "%s", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	for (int i = 0; i < out->n; i++)
		flt_print_table(db, &out->t[i]);
	sqlite3_close(db);
}

/* The first table whose content differs, NULL when none; rows of both in *a, *b. */
static const char *flt_print_diff(const struct flt_print *x, const struct flt_print *y,
				  int64_t *a, int64_t *b)
{
	if (x->n != y->n) {
		*a = x->n;
		*b = y->n;
		return "(the tables)";
	}
	for (int i = 0; i < x->n; i++) {
		if (strcmp(x->t[i].name, y->t[i].name) != 0 || x->t[i].rows != y->t[i].rows ||
		    x->t[i].hash != y->t[i].hash) {
			*a = x->t[i].rows;
			*b = y->t[i].rows;
			return x->t[i].name;
		}
	}
	return NULL;
}

/* ---- the desk ---- */

static void flt_close(void)
{
	app_fini(&FX.app);
	store_close(FX.store);
	FX.store = NULL;
}

/* POSTs `body` to `path` as the admin; returns the new id. */
static int64_t flt_create(const char *path, const char *body)
{
	json_t *j = fx_expect("POST", path, FX.admin, body, 201);
	int64_t id = fx_int(j, "id");

	json_decref(j);
	return id;
}

static void flt_build_desk(void)
{
	char body[512];
	char token[APP_TOKEN_LEN + 1];
	json_t *j;
	int64_t cal;

	fx_setup_at(FLT.desk);

	/* Business hours with a holiday, a team on them, and policies: case
	 * writes then read calendars, holidays and teams. */
	cal = flt_create("/api/v1/calendars", "{\"name\":\"Support hours\",\"tz\":\"Europe/Prague\","
					       "\"hours\":\"mon-fri 08:00-17:00\"}");
	snprintf(body, sizeof body, "/api/v1/calendars/%lld/holidays", (long long)cal);
	j = fx_expect("POST", body, FX.admin, "{\"date\":\"2026-12-24\",\"name\":\"Eve\"}", 201);
	json_decref(j);
	snprintf(body, sizeof body, "{\"name\":\"Billing\",\"kind\":\"queue\",\"calendar_id\":%lld}",
		 (long long)cal);
	FLT.team_id = flt_create("/api/v1/teams", body);
	snprintf(body, sizeof body,
		 "{\"name\":\"Complaints\",\"category\":\"complaint\",\"first_response_s\":3600,"
		 "\"resolution_s\":86400,\"calendar_id\":%lld,\"pause_on_pending\":true}",
		 (long long)cal);
	FLT.calendar_id = cal;
	FLT.policy_id = flt_create("/api/v1/sla-policies", body);
	(void)flt_create("/api/v1/sla-policies",
			 "{\"name\":\"Everything else\",\"first_response_s\":7200,"
			 "\"resolution_s\":172800}");
	/* Resolving a case sends a survey: a rule, and customers who agreed. */
	(void)flt_create("/api/v1/survey-rules", "{\"kind\":\"csat\",\"category\":null,"
						 "\"channel\":null}");
	snprintf(body, sizeof body, "/api/v1/customers/%lld", (long long)FX.customer_id);
	json_decref(fx_expect("PATCH", body, FX.agent, "{\"consent\":true}", 200));
	FLT.third_customer = flt_create("/api/v1/customers",
					"{\"name\":\"Zofia Wiśniewska\",\"email\":\"zofia@example.pl\","
					"\"consent\":true}");

	FLT.case_a = fx_open_case(FX.agent, FX.customer_id, "Invoice twice");
	FLT.case_b = fx_open_case(FX.agent, FX.customer_id, "Refund");
	FLT.case_c = fx_open_case(FX.agent, FX.customer_id, "Refund again");
	FLT.case_cust = fx_open_case(FX.cust, FX.customer_id, "My parcel");
	snprintf(body, sizeof body, "/api/v1/cases/%lld", (long long)FLT.case_a);
	json_decref(fx_expect("PATCH", body, FX.agent,
			      "{\"category\":\"complaint\",\"priority\":\"high\"}", 200));
	snprintf(body, sizeof body, "/api/v1/cases/%lld/interactions", (long long)FLT.case_a);
	json_decref(fx_expect("POST", body, FX.agent,
			      "{\"channel\":\"email\",\"direction\":\"out\",\"body\":\"Looking.\"}",
			      201));

	/* An open survey (its token is shown only now) and a subscription. */
	snprintf(body, sizeof body, "{\"kind\":\"nps\",\"customer_id\":%lld}",
		 (long long)FX.customer_id);
	j = fx_expect("POST", "/api/v1/surveys", FX.agent, body, 201);
	memcpy(FLT.survey_token, fx_str(j, "token"), APP_TOKEN_LEN + 1);
	FLT.message_id = fx_int(j, "message_id");
	json_decref(j);
	snprintf(body, sizeof body,
		 "{\"customer_id\":%lld,\"product\":\"Plan\",\"period\":\"monthly\","
		 "\"renews_at\":\"2026-12-01T00:00:00Z\",\"status\":\"active\"}",
		 (long long)FX.customer_id);
	FLT.subscription_id = flt_create("/api/v1/subscriptions", body);

	/* A detractor's answer leaves a follow-up task open. */
	snprintf(body, sizeof body, "{\"kind\":\"nps\",\"customer_id\":%lld}",
		 (long long)FLT.third_customer);
	j = fx_expect("POST", "/api/v1/surveys", FX.agent, body, 201);
	memcpy(token, fx_str(j, "token"), APP_TOKEN_LEN + 1);
	json_decref(j);
	snprintf(body, sizeof body, "/api/v1/surveys/by-token/%s", token);
	json_decref(fx_expect("POST", body, NULL, "{\"score\":1}", 200));
	j = fx_expect("GET", "/api/v1/followups?status=open", FX.agent, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	FLT.followup_id = fx_int(json_array_get(json_object_get(j, "items"), 0), "id");
	json_decref(j);
	flt_close();
}

/* Adds a request; `target` and `body` are printf formats over the ids. */
static void flt_add(const char *name, const char *method, enum flt_who who, int status,
		    const char *target, const char *body)
{
	struct flt_request *r;

	assert_true(FLT.n_req < FLT_REQUESTS_MAX);
	r = &FLT.req[FLT.n_req++];
	snprintf(r->name, sizeof r->name, "%s", name);
	r->method = method;
	r->who = who;
	r->status = status;
	snprintf(r->target, sizeof r->target, "%s", target);
	snprintf(r->body, sizeof r->body, "%s", body != NULL ? body : "");
}

#define FLT_ID(x) ((long long)(x))

static void flt_requests(void)
{
	char t[192], b[320];

	snprintf(b, sizeof b,
		 "{\"customer_id\":%lld,\"subject\":\"Broken login\",\"category\":\"problem\","
		 "\"team_id\":%lld,\"channel\":\"phone\",\"direction\":\"in\","
		 "\"body\":\"I cannot log in.\"}",
		 FLT_ID(FX.customer_id), FLT_ID(FLT.team_id));
	flt_add("case create", "POST", FLT_AGENT, 201, "/api/v1/cases", b);
	snprintf(b, sizeof b,
		 "{\"customer_id\":%lld,\"subject\":\"Where is it\",\"channel\":\"web\","
		 "\"body\":\"?\"}",
		 FLT_ID(FX.customer_id));
	flt_add("case create by a customer", "POST", FLT_CUSTOMER, 201, "/api/v1/cases", b);
	snprintf(t, sizeof t, "/api/v1/cases/%lld", FLT_ID(FLT.case_a));
	flt_add("case update", "PATCH", FLT_AGENT, 200, t,
		"{\"priority\":\"urgent\",\"status\":\"pending\"}");
	flt_add("case resolve", "PATCH", FLT_AGENT, 200, t, "{\"status\":\"resolved\"}");
	snprintf(t, sizeof t, "/api/v1/cases/%lld/transfer", FLT_ID(FLT.case_a));
	snprintf(b, sizeof b, "{\"to_team_id\":%lld,\"note\":\"Billing knows.\"}",
		 FLT_ID(FLT.team_id));
	flt_add("case transfer", "POST", FLT_AGENT, 200, t, b);
	snprintf(t, sizeof t, "/api/v1/cases/%lld/merge", FLT_ID(FLT.case_c));
	snprintf(b, sizeof b, "{\"into_id\":%lld}", FLT_ID(FLT.case_b));
	flt_add("case merge", "POST", FLT_AGENT, 200, t, b);
	snprintf(t, sizeof t, "/api/v1/cases/%lld/interactions", FLT_ID(FLT.case_a));
	flt_add("interaction add", "POST", FLT_AGENT, 201, t,
		"{\"channel\":\"phone\",\"direction\":\"in\",\"duration_s\":120,"
		"\"body\":\"Called about it.\"}");
	snprintf(t, sizeof t, "/api/v1/cases/%lld/interactions", FLT_ID(FLT.case_cust));
	flt_add("interaction add by a customer", "POST", FLT_CUSTOMER, 201, t,
		"{\"channel\":\"web\",\"body\":\"Any news?\"}");
	flt_add("customer create", "POST", FLT_AGENT, 201, "/api/v1/customers",
		"{\"name\":\"Anna Müller\",\"email\":\"anna@example.de\",\"consent\":true}");
	snprintf(t, sizeof t, "/api/v1/customers/%lld", FLT_ID(FX.customer_id));
	flt_add("customer update", "PATCH", FLT_AGENT, 200, t,
		"{\"phone\":\"+420 601 000 111\",\"notes\":\"Prefers mornings.\"}");
	snprintf(b, sizeof b, "{\"email\":\"agent@example.com\",\"password\":\"%s\"}",
		 FX_PASSWORD);
	flt_add("login", "POST", FLT_NOBODY, 201, "/api/v1/sessions", b);
	flt_add("logout", "DELETE", FLT_AGENT, 204, "/api/v1/sessions/current", NULL);
	flt_add("who am I", "GET", FLT_AGENT, 200, "/api/v1/sessions/current", NULL);
	flt_add("team create", "POST", FLT_ADMIN, 201, "/api/v1/teams",
		"{\"name\":\"Retention\",\"kind\":\"department\"}");
	snprintf(b, sizeof b, "{\"kind\":\"ces\",\"customer_id\":%lld}",
		 FLT_ID(FLT.third_customer));
	flt_add("survey create", "POST", FLT_AGENT, 201, "/api/v1/surveys", b);
	snprintf(t, sizeof t, "/api/v1/surveys/by-token/%s", FLT.survey_token);
	flt_add("survey answer", "POST", FLT_NOBODY, 200, t,
		"{\"score\":3,\"comment\":\"Slow.\"}");
	snprintf(b, sizeof b,
		 "{\"customer_id\":%lld,\"product\":\"Plus\",\"period\":\"yearly\","
		 "\"renews_at\":\"2027-01-01T00:00:00Z\",\"status\":\"active\"}",
		 FLT_ID(FLT.third_customer));
	flt_add("subscription create", "POST", FLT_AGENT, 201, "/api/v1/subscriptions", b);
	snprintf(t, sizeof t, "/api/v1/subscriptions/%lld", FLT_ID(FLT.subscription_id));
	flt_add("subscription lapse", "PATCH", FLT_AGENT, 200, t, "{\"status\":\"lapsed\"}");
	flt_add("sla policy create", "POST", FLT_ADMIN, 201, "/api/v1/sla-policies",
		"{\"name\":\"Urgent\",\"priority\":\"urgent\",\"first_response_s\":900,"
		"\"resolution_s\":14400}");
	snprintf(t, sizeof t, "/api/v1/sla-policies/%lld", FLT_ID(FLT.policy_id));
	flt_add("sla policy update", "PATCH", FLT_ADMIN, 200, t, "{\"resolution_s\":90000}");
	snprintf(t, sizeof t, "/api/v1/calendars/%lld/holidays", FLT_ID(FLT.calendar_id));
	flt_add("holiday add", "POST", FLT_ADMIN, 201, t,
		"{\"date\":\"2026-12-31\",\"name\":\"New Year's Eve\"}");
	flt_add("survey rule create", "POST", FLT_ADMIN, 201, "/api/v1/survey-rules",
		"{\"kind\":\"nps\",\"category\":\"complaint\",\"channel\":null}");
	snprintf(t, sizeof t, "/api/v1/outbox/%lld/sent", FLT_ID(FLT.message_id));
	flt_add("outbox sent", "POST", FLT_ADMIN, 200, t, "{}");
	snprintf(t, sizeof t, "/api/v1/followups/%lld", FLT_ID(FLT.followup_id));
	flt_add("follow-up done", "PATCH", FLT_AGENT, 200, t,
		"{\"status\":\"done\",\"note\":\"Called back.\"}");
	flt_add("organization create", "POST", FLT_ADMIN, 201, "/api/v1/organizations",
		"{\"name\":\"Media\"}");
	flt_add("facility create", "POST", FLT_ADMIN, 201, "/api/v1/facilities",
		"{\"name\":\"Brno branch\",\"address\":\"Náměstí Svobody 1\","
		"\"hours\":\"mon-fri 08:00-17:00\",\"tz\":\"Europe/Prague\"}");
	snprintf(t, sizeof t, "/api/v1/agents/%lld", FLT_ID(FX.agent_id));
	flt_add("agent update", "PATCH", FLT_ADMIN, 200, t,
		"{\"team_id\":null,\"skills\":\"billing\",\"active\":true}");
	snprintf(t, sizeof t, "/api/v1/agents/%lld/password", FLT_ID(FX.agent_id));
	snprintf(b, sizeof b, "{\"password\":\"%s 2\"}", FX_PASSWORD);
	flt_add("password reset", "PUT", FLT_ADMIN, 204, t, b);

	flt_add("report effort", "GET", FLT_ADMIN, 200, "/api/v1/reports/effort", NULL);
	flt_add("report nps", "GET", FLT_ADMIN, 200, "/api/v1/reports/nps", NULL);
	flt_add("report csat", "GET", FLT_ADMIN, 200, "/api/v1/reports/csat", NULL);
	flt_add("report loyalty", "GET", FLT_ADMIN, 200, "/api/v1/reports/loyalty", NULL);
	flt_add("case list", "GET", FLT_AGENT, 200, "/api/v1/cases?limit=10", NULL);
	flt_add("customer list", "GET", FLT_AGENT, 200, "/api/v1/customers", NULL);
	flt_add("survey list", "GET", FLT_AGENT, 200, "/api/v1/surveys", NULL);
	snprintf(t, sizeof t, "/api/v1/cases/%lld", FLT_ID(FLT.case_a));
	flt_add("case get", "GET", FLT_AGENT, 200, t, NULL);
	snprintf(t, sizeof t, "/api/v1/cases/%lld/interactions", FLT_ID(FLT.case_a));
	flt_add("case interactions", "GET", FLT_CUSTOMER, 200, t, NULL);
	snprintf(t, sizeof t, "/api/v1/customers/%lld/timeline", FLT_ID(FX.customer_id));
	flt_add("customer timeline", "GET", FLT_AGENT, 200, t, NULL);
	snprintf(t, sizeof t, "/api/v1/customers/%lld/loyalty", FLT_ID(FX.customer_id));
	flt_add("customer loyalty", "GET", FLT_AGENT, 200, t, NULL);
}

static const char *flt_token(enum flt_who who)
{
	switch (who) {
	case FLT_ADMIN: return FX.admin;
	case FLT_AGENT: return FX.agent;
	case FLT_CUSTOMER: return FX.cust;
	case FLT_NOBODY: break;
	}
	return NULL;
}

/* ---- one run ---- */

/* Opens a fresh copy of the desk behind a fault store. */
static void flt_run_open(void)
{
	struct store *inner;
	struct ld_err err;

	flt_copy(FLT.desk, FLT.work);
	if (store_open(FLT.work, &inner, &err) != LD_OK)
		fail_msg("store_open %s: %s", FLT.work, err.message);
	FX.store = fault_store_wrap(inner);
	fx_bind(FX.store);
}

static int flt_send(const struct flt_request *r, struct http_response *res)
{
	return fx_call(res, r->method, r->target, flt_token(r->who),
		       r->body[0] != '\0' ? r->body : NULL);
}

/* Records a wrong answer to a fault (all are shown, then the test fails). */
static void flt_wrong(const struct flt_request *r, const struct flt_mode *m, long n,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void flt_wrong(const struct flt_request *r, const struct flt_mode *m, long n,
		      const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (FLT.failures++ < FLT_FAILURES_SHOWN)
		print_message("FAULT %s: %s at call %ld (%s): %s\n", r->name, m->name, n,
			      fault_store_op_at(FX.store, n) != NULL ? fault_store_op_at(FX.store, n)
								     : "?",
			      why);
}

/* Whether `res` is {"error":{"code":"…","message":"…"}}. */
static bool flt_is_error_body(const struct http_response *res)
{
	json_error_t jerr;
	json_t *j, *e;
	bool ok;

	if (res->body == NULL)
		return false;
	j = json_loadb(res->body, res->body_len, 0, &jerr);
	e = json_object_get(j, "error");
	ok = json_is_object(e) && json_is_string(json_object_get(e, "code")) &&
	     json_string_length(json_object_get(e, "code")) > 0 &&
	     json_is_string(json_object_get(e, "message"));
	if (ok && res->status == 500)
		ok = strcmp(json_string_value(json_object_get(e, "message")), "internal error") == 0;
	json_decref(j);
	return ok;
}

/* Checks the answer and the desk after request `r` met fault `m` at call `n`. */
static void flt_check(const struct flt_request *r, const struct flt_mode *m, long n,
		      const struct http_response *res)
{
	struct app_check_result check;
	struct flt_print after;
	struct ld_err err;
	const char *table;
	int64_t rows_before, rows_after;

	if (fault_store_tripped(FX.store) == NULL)
		flt_wrong(r, m, n, "the request made fewer calls than when counted");
	if (res->status >= 200 && res->status < 300)
		flt_wrong(r, m, n, "answered %d", res->status);
	else if (m->http != 0 && res->status != m->http)
		flt_wrong(r, m, n, "answered %d, not %d: %.*s", res->status, m->http,
			  (int)res->body_len, res->body != NULL ? res->body : "");
	else if (m->http == 0 && res->status < 400)
		flt_wrong(r, m, n, "answered %d", res->status);
	if (res->status >= 400 && !flt_is_error_body(res))
		flt_wrong(r, m, n, "answered %d without an error body: %.*s", res->status,
			  (int)res->body_len, res->body != NULL ? res->body : "");
	if (res->status == 503 && res->retry_after <= 0)
		flt_wrong(r, m, n, "503 without Retry-After");
	if (FX.app.tx_depth != 0) {
		flt_wrong(r, m, n, "left %d transaction levels open", FX.app.tx_depth);
		return; /* the rest would only repeat it */
	}
	flt_print(FLT.work, &after);
	table = flt_print_diff(&FLT.desk_print, &after, &rows_before, &rows_after);
	if (table != NULL)
		flt_wrong(r, m, n, "answered %d but changed %s (%lld rows, now %lld)", res->status,
			  table, (long long)rows_before, (long long)rows_after);
	fault_store_arm(FX.store, 0, LD_OK, false);
	if (app_check(&FX.app, NULL, false, NULL, NULL, &check, &err) != LD_OK)
		flt_wrong(r, m, n, "check failed: %s", err.message);
	else if (check.differences != 0)
		flt_wrong(r, m, n, "check found %lld differences", (long long)check.differences);
}

/* The request without a fault: its answer, and how many calls it makes. */
static void flt_count(struct flt_request *r)
{
	struct http_response res;

	flt_run_open();
	if (flt_send(r, &res) != r->status)
		fail_msg("%s: expected %d, got %d: %.*s", r->name, r->status, res.status,
			 (int)res.body_len, res.body != NULL ? res.body : "");
	r->calls = fault_store_calls(FX.store);
	assert_true(r->calls > 0);
	assert_true(r->calls <= FAULT_STORE_TRACE_MAX);
	http_response_clear(&res);
	flt_close();
}

static void flt_inject(const struct flt_request *r, const struct flt_mode *m, long n)
{
	struct http_response res;

	flt_run_open();
	fault_store_arm(FX.store, n, m->status, m->sticky);
	(void)flt_send(r, &res);
	flt_check(r, m, n, &res);
	http_response_clear(&res);
	flt_close();
}

/* ---- tests ---- */

static int flt_setup(void **state)
{
	(void)state;
	memset(&FLT, 0, sizeof FLT);
	snprintf(FLT.dir, sizeof FLT.dir, "/tmp/ld-faults-XXXXXX");
	assert_non_null(mkdtemp(FLT.dir));
	snprintf(FLT.desk, sizeof FLT.desk, "%s/desk.db", FLT.dir);
	snprintf(FLT.work, sizeof FLT.work, "%s/work.db", FLT.dir);
	flt_build_desk();
	flt_print(FLT.desk, &FLT.desk_print);
	flt_requests();
	return 0;
}

static int flt_teardown(void **state)
{
	char cmd[160];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", FLT.dir);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

/* A wrapper that fails nothing changes nothing: same answers, same desk. */
static void test_faults_wrapper_is_transparent(void **state)
{
	(void)state;
	for (int i = 0; i < FLT.n_req; i++)
		flt_count(&FLT.req[i]);
}

/* Every call of every request, failed every way. */
static void test_faults_every_call(void **state)
{
	(void)state;
	FLT.failures = 0;
	for (int i = 0; i < FLT.n_req; i++) {
		struct flt_request *r = &FLT.req[i];

		if (r->calls == 0)
			flt_count(r);
		for (size_t m = 0; m < sizeof FLT_MODES / sizeof FLT_MODES[0]; m++)
			for (long n = 1; n <= r->calls; n++)
				flt_inject(r, &FLT_MODES[m], n);
	}
	if (FLT.failures > 0)
		fail_msg("%d faults answered wrongly (the first %d above)", FLT.failures,
			 FLT_FAILURES_SHOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults_wrapper_is_transparent),
		cmocka_unit_test(test_faults_every_call),
	};

	return cmocka_run_group_tests(tests, flt_setup, flt_teardown);
}
