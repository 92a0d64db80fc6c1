/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The one route table of the API, and http_dispatch(): match → authenticate
 * → check the media type → run the handler → conditional GET.
 *
 * Adding an endpoint = a handler in its resource file + one line below.
 * Patterns are literal segments and "{id}" segments; an {id} segment matches
 * any non-empty segment by shape, so "/cases/abc" is a known path with a bad
 * id (400 invalid_id) rather than an unknown path (404). A path known under
 * other methods answers 405 with Allow. HEAD is GET without a body
 * (libmicrohttpd drops the body).
 *
 * Auth: routes marked so need "Authorization: Bearer <64 hex>", resolved by
 * app_authenticate() (one digest + one indexed lookup; no further lookup of
 * the account per request). Roles are the app layer's business: handlers
 * pass the actor on.
 */
#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/reply.h"
#include "http/resource.h"

struct http_route {
	const char *method;       /* "GET" … */
	const char *pattern;      /* after HTTP_PREFIX: "cases/{id}/transfer" */
	http_handler_fn handler;  /* the resource file's function */
	bool auth;                /* needs a bearer token */
};

#define HTTP_PREFIX "/api/v1/"

static const struct http_route HTTP_ROUTES[] = {
	{"GET", "health", http_health_get, false},
	{"POST", "sessions", http_session_create, false},
	{"GET", "sessions/current", http_session_get, true},
	{"DELETE", "sessions/current", http_session_delete, true},

	{"POST", "organizations", http_org_create, true},
	{"GET", "organizations", http_org_list, true},
	{"GET", "organizations/{id}", http_org_get, true},
	{"PATCH", "organizations/{id}", http_org_update, true},

	{"POST", "customers", http_customer_create, true},
	{"GET", "customers", http_customer_list, true},
	{"GET", "customers/{id}", http_customer_get, true},
	{"PATCH", "customers/{id}", http_customer_update, true},
	{"GET", "customers/{id}/timeline", http_customer_timeline, true},

	{"POST", "teams", http_team_create, true},
	{"GET", "teams", http_team_list, true},
	{"GET", "teams/{id}", http_team_get, true},
	{"PATCH", "teams/{id}", http_team_update, true},

	{"POST", "agents", http_agent_create, true},
	{"GET", "agents", http_agent_list, true},
	{"GET", "agents/{id}", http_agent_get, true},
	{"PATCH", "agents/{id}", http_agent_update, true},
	{"PUT", "agents/{id}/password", http_agent_set_password, true},

	{"POST", "facilities", http_facility_create, true},
	{"GET", "facilities", http_facility_list, true},
	{"GET", "facilities/{id}", http_facility_get, true},
	{"PATCH", "facilities/{id}", http_facility_update, true},

	{"POST", "cases", http_case_create, true},
	{"GET", "cases", http_case_list, true},
	{"GET", "cases/{id}", http_case_get, true},
	{"PATCH", "cases/{id}", http_case_update, true},
	{"POST", "cases/{id}/interactions", http_interaction_create, true},
	{"GET", "cases/{id}/interactions", http_interaction_list, true},
	{"POST", "cases/{id}/transfer", http_case_transfer, true},
	{"POST", "cases/{id}/merge", http_case_merge, true},
};

#define HTTP_ROUTES_LEN (sizeof HTTP_ROUTES / sizeof HTTP_ROUTES[0])

void http_response_init(struct http_response *res)
{
	memset(res, 0, sizeof *res);
}

void http_response_clear(struct http_response *res)
{
	if (res == NULL)
		return;
	free(res->body);
	memset(res, 0, sizeof *res);
}

/* A {id} segment as matched: where it starts in the path and how long it is. */
struct segment {
	const char *at;   /* first byte, inside the request path */
	size_t len;       /* bytes up to the next '/' or the end */
};

/*
 * Whether `path` has the shape of `pattern`; the {id} segments go to
 * seg[0..HTTP_PATH_IDS_MAX).
 */
static bool match(const char *pattern, const char *path, struct segment *seg)
{
	const char *p = pattern, *u = path;
	int n = 0;

	while (*p != '\0' && *u != '\0') {
		if (*p == '{') {
			const char *end = u;

			while (*end != '\0' && *end != '/')
				end++;
			if (end == u || n == HTTP_PATH_IDS_MAX)
				return false;
			seg[n].at = u;
			seg[n].len = (size_t)(end - u);
			n++;
			p = strchr(p, '}') + 1;
			u = end;
		} else if (*p == *u) {
			p++;
			u++;
		} else {
			return false;
		}
	}
	return *p == '\0' && *u == '\0';
}

/* Appends `method` to the Allow list unless present. */
static void allow_add(char *allow, size_t cap, const char *method)
{
	size_t len = strlen(allow), mlen = strlen(method);
	const char *hit = strstr(allow, method);

	if (hit != NULL && (hit[mlen] == ',' || hit[mlen] == '\0'))
		return;
	if (len + mlen + 3 > cap)
		return;
	if (len > 0) {
		memcpy(allow + len, ", ", 2);
		len += 2;
	}
	memcpy(allow + len, method, mlen + 1);
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

/*
 * Resolves the Authorization header into an actor; copies the token (for
 * logout) into `token`.
 */
static ld_status authenticate(struct app *app, const char *header, struct app_actor *actor,
			      char token[APP_TOKEN_LEN + 1], struct ld_err *err)
{
	const char *t;

	if (header == NULL)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "an Authorization: Bearer token is required");
	if (strncasecmp(header, "Bearer ", 7) != 0)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "only Bearer authorization is supported");
	t = header + 7;
	while (*t == ' ')
		t++;
	if (strlen(t) != APP_TOKEN_LEN || !is_hex(t, APP_TOKEN_LEN))
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
			       "the bearer token is malformed");
	memcpy(token, t, APP_TOKEN_LEN + 1);
	return app_authenticate(app, token, actor, err);
}

/* application/json, optionally with parameters; a charset must be UTF-8. */
static bool is_json_media(const char *ct)
{
	const char *cs;

	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0)
		return false;
	ct += 16;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (*ct == '\0')
		return true;
	if (*ct != ';')
		return false;
	for (cs = ct; *cs != '\0' && strncasecmp(cs, "charset=", 8) != 0; cs++)
		;
	if (*cs == '\0')
		return true;
	cs += 8;
	if (*cs == '"')
		cs++;
	return strncasecmp(cs, "utf-8", 5) == 0 &&
	       (cs[5] == '\0' || cs[5] == '"' || cs[5] == ';' || cs[5] == ' ');
}

/* Whether an If-None-Match list names `etag` (weak comparison; "*" matches). */
static bool etag_listed(const char *list, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = list;

	while (*p != '\0') {
		const char *end;
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 1 && p[0] == '*')
			return true;
		if (n > 2 && strncmp(p, "W/", 2) == 0) {
			p += 2;
			n -= 2;
		}
		if (n == elen && memcmp(p, etag, n) == 0)
			return true;
		p += n;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return false;
}

/* Sets an ETag for a successful read and answers 304 when the client has it. */
static void conditional_get(const struct http_request *req, struct http_response *res)
{
	if (res->status != 200 || res->body == NULL)
		return;
	if (res->etag[0] == '\0')
		snprintf(res->etag, sizeof res->etag, "\"%016llx\"",
			 (unsigned long long)http_hash64(res->body, res->body_len));
	if (req->if_none_match != NULL && etag_listed(req->if_none_match, res->etag))
		http_reply_empty(res, 304);
}

ld_status http_dispatch(struct app *app, const struct http_request *req, struct http_response *res)
{
	struct ld_err err;
	struct segment seg[HTTP_PATH_IDS_MAX], hit_seg[HTTP_PATH_IDS_MAX];
	const struct http_route *hit = NULL;
	struct app_actor actor;
	char token[APP_TOKEN_LEN + 1];
	struct http_call call;
	const char *method = req->method;
	const char *rest;
	char allow[HTTP_ALLOW_MAX] = "";
	bool known = false, is_get;
	int ids;
	ld_status rc;

	ld_err_clear(&err);
	is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	if (req->path == NULL || strncmp(req->path, HTTP_PREFIX, sizeof HTTP_PREFIX - 1) != 0)
		goto not_found;
	rest = req->path + sizeof HTTP_PREFIX - 1;
	for (size_t i = 0; i < HTTP_ROUTES_LEN; i++) {
		const struct http_route *r = &HTTP_ROUTES[i];

		if (!match(r->pattern, rest, seg))
			continue;
		known = true;
		allow_add(allow, sizeof allow, r->method);
		if (hit == NULL && strcmp(r->method, method) == 0) {
			hit = r;
			memcpy(hit_seg, seg, sizeof seg);
		}
	}
	if (!known)
		goto not_found;
	if (hit == NULL) {
		http_reply_http_error(res, 405, "method_not_allowed", NULL,
				      "this method is not allowed on this resource");
		memcpy(res->allow, allow, sizeof allow);
		return LD_ERR_INVALID;
	}

	memset(&call, 0, sizeof call);
	call.app = app;
	call.req = req;
	call.res = res;
	ids = 0;
	for (const char *c = hit->pattern; *c != '\0'; c++)
		ids += *c == '{';
	for (int i = 0; i < ids; i++) {
		if (!http_parse_id(hit_seg[i].at, hit_seg[i].len, &call.ids[i])) {
			rc = ld_fail(&err, LD_ERR_INVALID, "invalid_id", "id",
				     "ids in paths are positive integers");
			goto fail;
		}
	}
	if (hit->auth) {
		rc = authenticate(app, req->authorization, &actor, token, &err);
		if (rc != LD_OK) {
			/* Every failure of a credential is a 401 "unauthorized" to the client. */
			if (rc != LD_ERR_RETRY && rc != LD_ERR_INTERNAL) {
				char why[LD_ERR_MESSAGE_MAX];

				memcpy(why, err.message, sizeof why);
				rc = ld_fail(&err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL, "%s",
					     why[0] != '\0' ? why : "unauthorized");
			}
			goto fail;
		}
		call.actor = &actor;
		call.token = token;
	}
	if (!is_get && strcmp(method, "DELETE") != 0 && !is_json_media(req->content_type)) {
		http_reply_http_error(res, 415, "unsupported_media_type", NULL,
				      "request bodies must be Content-Type: application/json");
		return LD_ERR_INVALID;
	}

	rc = hit->handler(&call, &err);
	if (rc != LD_OK)
		goto fail;
	if (is_get)
		conditional_get(req, res);
	return LD_OK;

fail:
	if (rc == LD_ERR_INTERNAL)
		fprintf(stderr, "loyaldesk http: %s %s: %s: %s\n", req->method, req->path,
			err.code, err.message);
	http_reply_error(res, rc, &err);
	return rc;

not_found:
	http_reply_http_error(res, 404, "not_found", NULL, "no such resource");
	return LD_ERR_NOT_FOUND;
}
