/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * libFuzzer harness of the whole HTTP API below the socket: http_dispatch()
 * (http/router.h) on a store holding a small desk (see State below).
 *
 * Input framing (seeds: fuzz/corpus/fuzz_dispatch/), an HTTP/1.1 request
 * without the protocol version:
 *
 *   METHOD SP TARGET LF            TARGET = path ["?" query], sent as is
 *   (NAME ":" VALUE LF)*           Authorization, If-Match, If-None-Match,
 *   LF                             Content-Type; other names are ignored
 *   BODY                           every remaining byte
 *
 * A CR before an LF is dropped, so a request copied from the wire reads as
 * it is; an input without the empty line has no body. In the target and in
 * header values, $ADMIN, $MANAGER, $AGENT and $CUSTOMER stand for the bearer
 * tokens of the fixture's accounts, $SURVEY for the token of its open survey
 * and $ANSWERED for that of its answered one, so "Authorization: Bearer
 * $AGENT" passes authentication and "/survey/$SURVEY" opens a real survey
 * page.
 *
 * The fixture (FIXTURE, made over the API, with the ids the seeds use):
 * accounts admin 1, manager 2, agent 3 and the portal login 4 of customer 1;
 * organization 1; team 1 (a queue); facility 1; customers 1 (Jana, with org
 * 1) and 2 (Petr); calendar 1 with one holiday; SLA policy 1; case 1 of
 * customer 1 with two interactions, case 2 of customer 2 and case 3 of
 * customer 1 (opened in the portal: a duplicate of 1); subscription 1;
 * survey 1 (NPS, open: $SURVEY) and survey 2 (CSAT, answered low: $ANSWERED,
 * and follow-up 1); survey rule 1; outbox messages 1 and 2. The clock stands at
 * 2026-11-24T10:00:00Z.
 *
 * State: every input runs on that fixture as built. It is built once, into
 * a template store file in a private directory (under $TMPDIR, else
 * /dev/shm, else /tmp: memory, where there is a tmpfs; removed at exit, or
 * by the next run after a finding), and the store the inputs run on is a
 * copy of it. A request that can have written — any method but GET and HEAD
 * answered below 400 — is followed by a fresh copy (about a millisecond;
 * migrating a new ":memory:" store each time would take a hundred); a
 * rejected write is rolled back by the app, and reads write nothing. So an
 * input's answer depends on the input alone, and a finding replays from its
 * file.
 *
 * Passwords: libargon2's two calls are replaced below by an FNV-1a hash in
 * Argon2's PHC shape. Argon2id's 19 MiB per call would make every login,
 * account and password input take tens of milliseconds; the harness tests
 * the API around the hash, not the hash.
 *
 * Invariants, for every input:
 *  - the status is 200…599, and no 5xx but 503 and 507 (busy, or the
 *    machine's disk full; a 500 is an internal error reached from outside:
 *    a finding);
 *  - a JSON body (no content type of its own) is a JSON object or array;
 *  - an error (4xx, 5xx) is {"error":{"code":"…","message":"…",…}}, the
 *    HTML page of /survey/ excepted; 401 asks for Bearer, 405 has Allow;
 *  - 204 and 304 have no body, and an ETag is a quoted string.
 *
 * With LD_FUZZ_VERBOSE set in the environment, each request and its answer
 * are printed: how to check that a new seed reaches what it means to.
 */
#include "fuzz.h"

#include <argon2.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "http/router.h"

#define FUZZ_NOW 1795514400 /* 2026-11-24T10:00:00Z */
#define FUZZ_DIR_PREFIX "ld-fuzz-dispatch." /* the private directory, under temp_root() */
#define FUZZ_PASSWORD "correct horse battery"

/* ------------------------------------------------------- password hash --- */

/* FNV-1a over the password, written as Argon2id's PHC string would be. */
static void fuzz_hash(const void *pwd, size_t pwdlen, char out[64])
{
	const unsigned char *p = pwd;
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < pwdlen; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	snprintf(out, 64, "$argon2id$v=19$m=1,t=1,p=1$fuzz$%016llx", (unsigned long long)h);
}

int argon2id_hash_encoded(const uint32_t t_cost, const uint32_t m_cost,
			  const uint32_t parallelism, const void *pwd, const size_t pwdlen,
			  const void *salt, const size_t saltlen, const size_t hashlen,
			  char *encoded, const size_t encodedlen)
{
	char h[64];

	(void)t_cost;
	(void)m_cost;
	(void)parallelism;
	(void)salt;
	(void)saltlen;
	(void)hashlen;
	fuzz_hash(pwd, pwdlen, h);
	if (strlen(h) + 1 > encodedlen)
		return ARGON2_ENCODING_FAIL;
	memcpy(encoded, h, strlen(h) + 1);
	return ARGON2_OK;
}

int argon2id_verify(const char *encoded, const void *pwd, const size_t pwdlen)
{
	char h[64];

	fuzz_hash(pwd, pwdlen, h);
	return strcmp(encoded, h) == 0 ? ARGON2_OK : ARGON2_VERIFY_MISMATCH;
}

/* ------------------------------------------------------------- fixture --- */

static int64_t fuzz_clock(void)
{
	return FUZZ_NOW;
}

/* Placeholders and their values (tokens of the fixture). */
enum {
	FUZZ_ADMIN, FUZZ_MANAGER, FUZZ_AGENT, FUZZ_CUSTOMER, FUZZ_SURVEY, FUZZ_ANSWERED, FUZZ_CTI,
	FUZZ_NAMES
};

static const char *const FUZZ_PLACEHOLDERS[FUZZ_NAMES] = {
	"$ADMIN", "$MANAGER", "$AGENT", "$CUSTOMER", "$SURVEY", "$ANSWERED", "$CTI",
};

#define FUZZ_NOBODY (-1) /* a fixture step without a token */

static struct {
	struct app app;                                 /* over the working store */
	bool open;                                      /* app holds a store */
	char token[FUZZ_NAMES][APP_TOKEN_LEN + 1];      /* values of the placeholders */
	char dir[256];                                  /* the private directory */
	char template_path[300];                        /* dir/template.db, the fixture */
	char work_path[300];                            /* dir/work.db, its copy */
	char *image;                                    /* template.db's bytes, owned */
	size_t image_len;                               /* their number */
	bool verbose;                                   /* LD_FUZZ_VERBOSE set: print answers */
} fx;

/* `s` with every placeholder replaced by its value (malloc'd). */
static char *expand(const char *s)
{
	size_t cap = strlen(s) * (APP_TOKEN_LEN / 2) + 1, n = 0;
	char *out = malloc(cap);

	if (out == NULL)
		abort();
	while (*s != '\0') {
		int k;

		for (k = 0; k < FUZZ_NAMES; k++)
			if (strncmp(s, FUZZ_PLACEHOLDERS[k], strlen(FUZZ_PLACEHOLDERS[k])) == 0)
				break;
		if (k < FUZZ_NAMES) {
			memcpy(out + n, fx.token[k], strlen(fx.token[k]));
			n += strlen(fx.token[k]);
			s += strlen(FUZZ_PLACEHOLDERS[k]);
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return out;
}

/* One request of the fixture, made over the API like any client's. */
struct fixture_step {
	const char *method;  /* "POST" … */
	const char *target;  /* path; placeholders set by earlier steps expand */
	int who;             /* the placeholder whose token it sends, or FUZZ_NOBODY */
	const char *body;    /* JSON */
	int status;          /* the answer it must get */
	int keep;            /* the placeholder that gets the answer's "token", or FUZZ_NOBODY */
};

#define FUZZ_LOGIN(email) "{\"email\":\"" email "\",\"password\":\"" FUZZ_PASSWORD "\"}"
#define FUZZ_ACCOUNT(name, email, role, more)                                           \
	"{\"name\":\"" name "\",\"email\":\"" email "\",\"role\":\"" role "\"," more   \
	"\"password\":\"" FUZZ_PASSWORD "\"}"

/* The desk of the header comment, in order (the ids follow from it). */
static const struct fixture_step FIXTURE[] = {
	{ "POST", "/api/v1/sessions", FUZZ_NOBODY, FUZZ_LOGIN("admin@example.com"), 201,
	  FUZZ_ADMIN },
	{ "POST", "/api/v1/agents", FUZZ_ADMIN,
	  FUZZ_ACCOUNT("Marie Horáková", "manager@example.com", "manager", ""), 201, FUZZ_NOBODY },
	{ "POST", "/api/v1/agents", FUZZ_ADMIN,
	  FUZZ_ACCOUNT("Tomáš Král", "agent@example.com", "agent", ""), 201, FUZZ_NOBODY },
	{ "POST", "/api/v1/sessions", FUZZ_NOBODY, FUZZ_LOGIN("manager@example.com"), 201,
	  FUZZ_MANAGER },
	{ "POST", "/api/v1/sessions", FUZZ_NOBODY, FUZZ_LOGIN("agent@example.com"), 201,
	  FUZZ_AGENT },
	{ "POST", "/api/v1/organizations", FUZZ_ADMIN, "{\"name\":\"Acme s.r.o.\"}", 201,
	  FUZZ_NOBODY },
	{ "POST", "/api/v1/teams", FUZZ_ADMIN, "{\"name\":\"Support\",\"kind\":\"queue\"}", 201,
	  FUZZ_NOBODY },
	{ "POST", "/api/v1/facilities", FUZZ_ADMIN,
	  "{\"name\":\"Praha branch\",\"address\":\"Václavské náměstí 1\"}", 201, FUZZ_NOBODY },
	{ "POST", "/api/v1/customers", FUZZ_AGENT,
	  "{\"name\":\"Jana Nováková\",\"email\":\"jana@example.cz\",\"language\":\"cs\","
	  "\"org_id\":1,\"consent\":true}",
	  201, FUZZ_NOBODY },
	{ "POST", "/api/v1/customers", FUZZ_AGENT,
	  "{\"name\":\"Petr Svoboda\",\"email\":\"petr@example.cz\",\"consent\":true}", 201,
	  FUZZ_NOBODY },
	{ "POST", "/api/v1/agents", FUZZ_ADMIN,
	  FUZZ_ACCOUNT("Jana Nováková", "jana@example.cz", "customer", "\"customer_id\":1,"), 201,
	  FUZZ_NOBODY },
	{ "POST", "/api/v1/sessions", FUZZ_NOBODY, FUZZ_LOGIN("jana@example.cz"), 201,
	  FUZZ_CUSTOMER },
	{ "POST", "/api/v1/calendars", FUZZ_MANAGER,
	  "{\"name\":\"Prague\",\"tz\":\"Europe/Prague\",\"hours\":\"mon-fri 08:00-17:00\"}", 201,
	  FUZZ_NOBODY },
	{ "POST", "/api/v1/calendars/1/holidays", FUZZ_MANAGER,
	  "{\"date\":\"2026-12-24\",\"name\":\"Christmas Eve\"}", 201, FUZZ_NOBODY },
	{ "POST", "/api/v1/sla-policies", FUZZ_ADMIN,
	  "{\"name\":\"Everything\",\"resolution_s\":172800,\"calendar_id\":1}", 201, FUZZ_NOBODY },
	{ "POST", "/api/v1/cases", FUZZ_AGENT,
	  "{\"customer_id\":1,\"subject\":\"Invoice charged twice\",\"category\":\"problem\","
	  "\"channel\":\"web\",\"body\":\"I was charged twice for November.\"}",
	  201, FUZZ_NOBODY },
	{ "POST", "/api/v1/cases/1/interactions", FUZZ_AGENT,
	  "{\"channel\":\"phone\",\"direction\":\"in\",\"body\":\"Calling about the double charge\"}",
	  201, FUZZ_NOBODY },
	{ "POST", "/api/v1/cases", FUZZ_AGENT,
	  "{\"customer_id\":2,\"subject\":\"Address change\",\"channel\":\"email\","
	  "\"body\":\"Please update my address.\"}",
	  201, FUZZ_NOBODY },
	{ "POST", "/api/v1/cases", FUZZ_CUSTOMER,
	  "{\"customer_id\":1,\"subject\":\"Charged twice again\",\"channel\":\"chat\","
	  "\"body\":\"The same invoice, charged twice.\"}",
	  201, FUZZ_NOBODY },
	{ "POST", "/api/v1/subscriptions", FUZZ_AGENT,
	  "{\"customer_id\":1,\"product\":\"Plan\",\"period\":\"monthly\","
	  "\"renews_at\":\"2026-12-24T00:00:00Z\",\"status\":\"active\"}",
	  201, FUZZ_NOBODY },
	{ "POST", "/api/v1/surveys", FUZZ_AGENT, "{\"kind\":\"nps\",\"customer_id\":1,\"case_id\":1}",
	  201, FUZZ_SURVEY },
	{ "POST", "/api/v1/surveys", FUZZ_AGENT, "{\"kind\":\"csat\",\"customer_id\":2}", 201,
	  FUZZ_ANSWERED },
	{ "POST", "/api/v1/surveys/by-token/$ANSWERED", FUZZ_NOBODY,
	  "{\"score\":1,\"comment\":\"Nobody called back.\"}", 200, FUZZ_NOBODY },
	{ "POST", "/api/v1/survey-rules", FUZZ_ADMIN, "{\"kind\":\"ces\",\"category\":\"problem\"}",
	  201, FUZZ_NOBODY },
	{ "PATCH", "/api/v1/customers/1", FUZZ_AGENT, "{\"phone\":\"603 123 456\"}", 200,
	  FUZZ_NOBODY },
	{ "POST", "/api/v1/integrations", FUZZ_ADMIN,
	  "{\"name\":\"Asterisk\",\"kind\":\"cti\",\"team_id\":1}", 201, FUZZ_CTI },
	{ "POST", "/api/v1/calls", FUZZ_CTI,
	  "{\"event\":\"ringing\",\"call_id\":\"fx.1\",\"caller\":\"+420603123456\"}", 201,
	  FUZZ_NOBODY },
	{ "POST", "/api/v1/calls", FUZZ_CTI,
	  "{\"event\":\"ringing\",\"call_id\":\"fx.2\",\"caller\":\"+420603123456\"}", 201,
	  FUZZ_NOBODY },
	{ "POST", "/api/v1/calls", FUZZ_CTI,
	  "{\"event\":\"answered\",\"call_id\":\"fx.2\",\"agent\":3}", 200, FUZZ_NOBODY },
	{ "POST", "/api/v1/webhooks", FUZZ_ADMIN,
	  "{\"url\":\"http://127.0.0.1:9/hooks\",\"events\":[\"case.created\",\"case.updated\","
	  "\"interaction.created\",\"survey.answered\",\"claim.created\",\"compliment.created\"]}",
	  201, FUZZ_NOBODY },
};

#define FIXTURE_LEN (sizeof FIXTURE / sizeof FIXTURE[0])

/* Stops the fuzzer when the fixture cannot be built: nothing to test. */
static void fixture_fail(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_dispatch fixture: %s: %s\n", what, why);
	abort();
}

static void fixture_run(const struct fixture_step *step)
{
	struct http_request req;
	struct http_response res;
	char auth[16 + APP_TOKEN_LEN];
	char *path = expand(step->target);

	memset(&req, 0, sizeof req);
	req.method = step->method;
	req.path = path;
	if (step->who != FUZZ_NOBODY) {
		snprintf(auth, sizeof auth, "Bearer %s", fx.token[step->who]);
		req.authorization = auth;
	}
	req.content_type = "application/json";
	req.body = step->body;
	req.body_len = strlen(step->body);
	http_response_init(&res);
	http_dispatch(&fx.app, &req, &res);
	if (res.status != step->status) {
		fprintf(stderr, "fuzz_dispatch fixture: %s %s: %d, not %d: %.*s\n", step->method,
			path, res.status, step->status, (int)res.body_len,
			res.body != NULL ? res.body : "");
		abort();
	}
	if (step->keep != FUZZ_NOBODY) {
		json_t *j = json_loadb(res.body, res.body_len, 0, NULL);
		const char *token = json_string_value(json_object_get(j, "token"));

		if (token == NULL || strlen(token) != APP_TOKEN_LEN)
			fixture_fail(path, "no token in the answer");
		memcpy(fx.token[step->keep], token, APP_TOKEN_LEN + 1);
		json_decref(j);
	}
	http_response_clear(&res);
	free(path);
}

static void fixture_open(const char *path)
{
	struct app_config cfg;
	struct ld_err err;

	app_config_defaults(&cfg);
	cfg.now = fuzz_clock;
	cfg.phone_country_code = "420";
	if (app_open(&fx.app, path, &cfg, &err) != LD_OK)
		fixture_fail("app_open", err.message);
	if (app_prepare(&fx.app, &err) != LD_OK)
		fixture_fail("app_prepare", err.message);
	fx.open = true;
}

static void fixture_close(void)
{
	if (fx.open)
		app_close(&fx.app);
	fx.open = false;
}

/* The desk, into the new store at `path`: the first account is the
 * operator's (as `loyaldesk user add` makes it), the rest goes over the API. */
static void fixture_build(const char *path)
{
	struct ld_agent admin;
	struct ld_err err;

	fixture_open(path);
	memset(&admin, 0, sizeof admin);
	snprintf(admin.name, sizeof admin.name, "Admin");
	snprintf(admin.email, sizeof admin.email, "admin@example.com");
	admin.role = LD_ROLE_ADMIN;
	admin.active = true;
	if (app_user_add(&fx.app, NULL, &admin, FUZZ_PASSWORD, &err) != LD_OK)
		fixture_fail("app_user_add", err.message);
	for (size_t i = 0; i < FIXTURE_LEN; i++)
		fixture_run(&FIXTURE[i]);
}

/* Where the store files go: $TMPDIR, else /dev/shm, else /tmp. */
static const char *temp_root(void)
{
	const char *t = getenv("TMPDIR");
	struct stat st;

	if (t != NULL && t[0] != '\0')
		return t;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0)
		return "/dev/shm";
	return "/tmp";
}

/* Removes a directory of this harness and the store files in it. */
static void remove_store_dir(const char *dir)
{
	static const char *const files[] = {
		"template.db", "template.db-wal", "template.db-shm",
		"work.db", "work.db-wal", "work.db-shm",
	};
	char path[320];

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* At exit: the store closed, its directory gone. */
static void fixture_remove(void)
{
	fixture_close();
	remove_store_dir(fx.dir);
	free(fx.image);
	fx.image = NULL;
}

/*
 * Removes the directories that runs which are gone left behind: a finding
 * ends the process with abort() or _Exit(), which skip fixture_remove().
 * Each name carries its process id: "ld-fuzz-dispatch.PID.XXXXXX".
 */
static void remove_stale_dirs(const char *root)
{
	DIR *d = opendir(root);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *end;
		long pid;
		char dir[300];

		if (strncmp(e->d_name, FUZZ_DIR_PREFIX, strlen(FUZZ_DIR_PREFIX)) != 0)
			continue;
		pid = strtol(e->d_name + strlen(FUZZ_DIR_PREFIX), &end, 10);
		if (pid <= 0 || *end != '.' || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(dir, sizeof dir, "%s/%s", root, e->d_name);
		remove_store_dir(dir);
	}
	closedir(d);
}

/* Reads the closed template store into fx.image. */
static void fixture_keep_image(void)
{
	FILE *f = fopen(fx.template_path, "rb");
	struct stat st;

	if (f == NULL || fstat(fileno(f), &st) != 0)
		abort();
	fx.image_len = (size_t)st.st_size;
	fx.image = malloc(fx.image_len);
	if (fx.image == NULL || fread(fx.image, 1, fx.image_len, f) != fx.image_len)
		abort();
	fclose(f);
}

/* Replaces the working store by a fresh copy of the template and opens it. */
static void fixture_reset(void)
{
	char wal[320];
	int fd;

	fixture_close();
	snprintf(wal, sizeof wal, "%s-wal", fx.work_path);
	unlink(wal); /* none after a clean close; a stale one would replay */
	fd = open(fx.work_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, fx.image, fx.image_len) != (ssize_t)fx.image_len || close(fd) != 0)
		abort();
	fixture_open(fx.work_path);
}

/* -------------------------------------------------------------- framing --- */

/* A request as read from the input; every string owned. */
struct fuzz_request {
	char *method;         /* the first word of the first line */
	char *path;           /* the target up to '?' */
	char *query;          /* after '?', NULL = none or empty */
	char *authorization;  /* the headers read, NULL = absent */
	char *if_match;       /* … */
	char *if_none_match;  /* … */
	char *content_type;   /* … */
	const uint8_t *body;  /* into the input */
	size_t body_len;      /* bytes of body */
};

/* The next line of data[*at..size) without its LF (and a CR before it). */
static char *next_line(const uint8_t *data, size_t size, size_t *at, bool *ended)
{
	const uint8_t *lf = memchr(data + *at, '\n', size - *at);
	size_t len = lf != NULL ? (size_t)(lf - (data + *at)) : size - *at;
	char *line;

	*ended = lf != NULL;
	if (len > 0 && data[*at + len - 1] == '\r')
		line = fuzz_strndup(data + *at, len - 1);
	else
		line = fuzz_strndup(data + *at, len);
	*at += len + (lf != NULL ? 1 : 0);
	return line;
}

static void set_header(struct fuzz_request *r, const char *line)
{
	static const struct {
		const char *name;   /* header name, any case */
		size_t offset;      /* its slot in struct fuzz_request */
	} known[] = {
		{ "Authorization", offsetof(struct fuzz_request, authorization) },
		{ "If-Match", offsetof(struct fuzz_request, if_match) },
		{ "If-None-Match", offsetof(struct fuzz_request, if_none_match) },
		{ "Content-Type", offsetof(struct fuzz_request, content_type) },
	};
	const char *colon = strchr(line, ':'), *v;
	size_t name_len, v_len;

	if (colon == NULL)
		return;
	name_len = (size_t)(colon - line);
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	for (v_len = strlen(v); v_len > 0 && (v[v_len - 1] == ' ' || v[v_len - 1] == '\t');)
		v_len--;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		char **slot = (char **)(void *)((char *)r + known[i].offset);
		char *value;

		if (strlen(known[i].name) != name_len ||
		    strncasecmp(line, known[i].name, name_len) != 0)
			continue;
		value = fuzz_strndup((const uint8_t *)v, v_len);
		free(*slot); /* a repeated header: the last one counts */
		*slot = expand(value);
		free(value);
	}
}

static void request_read(const uint8_t *data, size_t size, struct fuzz_request *r)
{
	size_t at = 0;
	bool ended;
	char *line = next_line(data, size, &at, &ended);
	char *sp = strchr(line, ' '), *target, *q;

	memset(r, 0, sizeof *r);
	r->method = fuzz_strndup((const uint8_t *)line, sp != NULL ? (size_t)(sp - line) : strlen(line));
	target = expand(sp != NULL ? sp + 1 : "");
	q = strchr(target, '?');
	r->path = fuzz_strndup((const uint8_t *)target, q != NULL ? (size_t)(q - target) : strlen(target));
	if (q != NULL && q[1] != '\0')
		r->query = fuzz_strndup((const uint8_t *)q + 1, strlen(q + 1));
	free(target);
	free(line);
	while (ended && at < size) {
		line = next_line(data, size, &at, &ended);
		if (line[0] == '\0') {
			free(line);
			r->body = data + at;
			r->body_len = size - at;
			return;
		}
		set_header(r, line);
		free(line);
	}
}

static void request_free(struct fuzz_request *r)
{
	free(r->method);
	free(r->path);
	free(r->query);
	free(r->authorization);
	free(r->if_match);
	free(r->if_none_match);
	free(r->content_type);
}

/* ----------------------------------------------------------- invariants --- */

static void check_response(const struct fuzz_request *r, const struct http_response *res)
{
	const char *what = r->path;
	json_error_t jerr;
	json_t *j = NULL;
	bool page = strncmp(r->path, "/survey/", 8) == 0;

	FUZZ_CHECK(res->status >= 200 && res->status <= 599, "%s %s: status %d", r->method, what,
		   res->status);
	FUZZ_CHECK(res->status < 500 || res->status == 503 || res->status == 507, "%s %s: %d %.*s", r->method, what,
		   res->status, (int)res->body_len, res->body != NULL ? res->body : "");
	if (res->status == 204 || res->status == 304)
		FUZZ_CHECK(res->body == NULL, "%s %s: %d with a body", r->method, what, res->status);
	if (res->etag[0] != '\0')
		FUZZ_CHECK(res->etag[0] == '"' && strlen(res->etag) >= 2 &&
				   res->etag[strlen(res->etag) - 1] == '"',
			   "%s %s: ETag %s", r->method, what, res->etag);
	if (res->status == 401)
		FUZZ_CHECK(res->www_authenticate, "%s %s: 401 without WWW-Authenticate", r->method,
			   what);
	if (res->status == 405)
		FUZZ_CHECK(res->allow[0] != '\0', "%s %s: 405 without Allow", r->method, what);
	if (res->content_type != NULL) {
		FUZZ_CHECK(page && strncmp(res->content_type, "text/html", 9) == 0,
			   "%s %s: content type %s", r->method, what, res->content_type);
		return;
	}
	if (res->body != NULL) {
		j = json_loadb(res->body, res->body_len, 0, &jerr);
		FUZZ_CHECK(j != NULL, "%s %s: %d body is not JSON (%s): %.*s", r->method, what,
			   res->status, jerr.text, (int)res->body_len, res->body);
	}
	if (res->status >= 400) {
		json_t *e = json_object_get(j, "error");
		json_t *code = json_object_get(e, "code"), *field = json_object_get(e, "field");

		FUZZ_CHECK(json_is_string(code) && json_string_length(code) > 0 &&
				   json_is_string(json_object_get(e, "message")) &&
				   (field == NULL || json_is_null(field) || json_is_string(field)),
			   "%s %s: %d error body %.*s", r->method, what, res->status,
			   (int)res->body_len, res->body != NULL ? res->body : "");
	}
	json_decref(j);
}

/* ---------------------------------------------------------------- entry --- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fx.verbose = getenv("LD_FUZZ_VERBOSE") != NULL;
	remove_stale_dirs(temp_root());
	snprintf(fx.dir, sizeof fx.dir, "%s/" FUZZ_DIR_PREFIX "%ld.XXXXXX", temp_root(),
		 (long)getpid());
	if (mkdtemp(fx.dir) == NULL) {
		perror(fx.dir);
		abort();
	}
	snprintf(fx.template_path, sizeof fx.template_path, "%s/template.db", fx.dir);
	snprintf(fx.work_path, sizeof fx.work_path, "%s/work.db", fx.dir);
	atexit(fixture_remove);
	fixture_build(fx.template_path);
	fixture_close();
	fixture_keep_image();
	fixture_reset();
	return 0;
}

#ifdef FUZZ_BODY_OF
/*
 * Body-only harnesses, this file built with FUZZ_BODY_OF set to a request's
 * head: every input is the body of that one request. fuzz_cti: a telephone
 * system's POST /calls with its integration token; fuzz_webhook: an admin's
 * POST /webhooks (an endpoint's configuration) on a desk whose endpoint 1
 * takes every event.
 */
static void request_body(const uint8_t *data, size_t size, struct fuzz_request *r)
{
	static const char framing[] = FUZZ_BODY_OF "\nContent-Type: application/json\n\n";
	uint8_t *whole = malloc(sizeof framing - 1 + size + 1);

	if (whole == NULL)
		abort();
	memcpy(whole, framing, sizeof framing - 1);
	if (size > 0)
		memcpy(whole + sizeof framing - 1, data, size);
	request_read(whole, sizeof framing - 1 + size, r);
	r->body = data; /* the body is the input itself, which outlives the request */
	r->body_len = size;
	free(whole);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_request r;
	struct http_request req;
	struct http_response res;
	bool wrote;

#ifdef FUZZ_BODY_OF
	request_body(data, size, &r);
#else
	request_read(data, size, &r);
#endif
	memset(&req, 0, sizeof req);
	req.method = r.method;
	req.path = r.path;
	req.query = r.query;
	req.authorization = r.authorization;
	req.if_match = r.if_match;
	req.if_none_match = r.if_none_match;
	req.content_type = r.content_type;
	req.body = r.body_len > 0 ? (const char *)r.body : NULL;
	req.body_len = r.body_len;
	http_response_init(&res);
	http_dispatch(&fx.app, &req, &res);
	if (fx.verbose)
		fprintf(stderr, "%s %s%s%s → %d %.*s\n", r.method, r.path, r.query ? "?" : "",
			r.query ? r.query : "", res.status,
			res.content_type == NULL ? (int)res.body_len : 0,
			res.body != NULL ? res.body : "");
	check_response(&r, &res);
	wrote = strcmp(r.method, "GET") != 0 && strcmp(r.method, "HEAD") != 0 && res.status < 400;
	http_response_clear(&res);
	request_free(&r);
	if (wrote)
		fixture_reset();
	return 0;
}
