/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The audit log as use cases: reading it (admins only) and recording a
 * refused request. Writing the rows every other use case makes is app.c's
 * app_audit(); verifying the chain is check.c's; the chain itself is
 * util/audit_chain.c's, applied by the store on every insert.
 *
 * What the log records (docs/operations.md, "The audit log"): every write,
 * inside its own transaction; every refused login ("session.refused",
 * accounts.c); every 403 of a logged-in account ("access.refused", here),
 * each with the client address of the HTTP request that caused it.
 */
#include "app/internal.h"

#include <stdio.h>
#include <string.h>

/* Longest route text a refusal records ("PATCH /api/v1/…/{id}"). */
#define APP_AUDIT_ROUTE_MAX 160

ld_status app_audit_list(struct app *app, const struct app_actor *actor,
			 const struct store_audit_query *q, struct ld_audit *out, int *n,
			 struct ld_err *err)
{
	struct store_audit_query sq = *q;
	ld_status rc;

	*n = 0;
	if (actor != NULL && actor->role != LD_ROLE_ADMIN)
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL,
			       "the audit log is for admins");
	if ((rc = app_check_limit(&sq.limit, err)) != LD_OK)
		return rc;
	if (sq.actor_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "actor_id",
			       "actor_id must be a positive id");
	if (sq.object != NULL && strlen(sq.object) > LD_AUDIT_OBJECT_MAX)
		return ld_fail(err, LD_ERR_INVALID, "too_long", "object",
			       "object has at most %d bytes", LD_AUDIT_OBJECT_MAX);
	if (sq.action != NULL && strlen(sq.action) > LD_AUDIT_ACTION_MAX)
		return ld_fail(err, LD_ERR_INVALID, "too_long", "action",
			       "action has at most %d bytes", LD_AUDIT_ACTION_MAX);
	if (sq.from != 0 && sq.to != 0 && sq.to <= sq.from)
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to",
			       "to must be after from");
	return STORE_CALL(app->store, audit_list, &sq, out, n, err);
}

/*
 * `s` as a JSON string into out[0..cap): quotes, backslashes and control
 * characters escaped. False when it does not fit.
 */
bool app_json_quote(const char *s, char *out, size_t cap)
{
	size_t k = 0;

	if (cap < 3)
		return false;
	out[k++] = '"';
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		size_t len;

		if (c == '"' || c == '\\')
			len = (size_t)snprintf(esc, sizeof esc, "\\%c", c);
		else if (c < 0x20)
			len = (size_t)snprintf(esc, sizeof esc, "\\u%04x", c);
		else
			len = (size_t)snprintf(esc, sizeof esc, "%c", c);
		if (k + len + 2 > cap)
			return false;
		memcpy(out + k, esc, len);
		k += len;
	}
	out[k++] = '"';
	out[k] = '\0';
	return true;
}

ld_status app_access_refused(struct app *app, const struct app_actor *actor, const char *object,
			     const char *route, const char *code, struct ld_err *err)
{
	char qroute[2 * APP_AUDIT_ROUTE_MAX + 8], qcode[2 * LD_ERR_CODE_MAX + 8];
	char detail[sizeof qroute + sizeof qcode + 32];
	ld_status rc;

	if (actor == NULL)
		return LD_OK;
	if (object != NULL && (object[0] == '\0' || strlen(object) > LD_AUDIT_OBJECT_MAX))
		object = NULL;
	if (route == NULL || strlen(route) > APP_AUDIT_ROUTE_MAX ||
	    !app_json_quote(route, qroute, sizeof qroute))
		snprintf(qroute, sizeof qroute, "null");
	if (code == NULL || strlen(code) >= LD_ERR_CODE_MAX || !app_json_quote(code, qcode, sizeof qcode))
		snprintf(qcode, sizeof qcode, "null");
	snprintf(detail, sizeof detail, "{\"route\":%s,\"code\":%s}", qroute, qcode);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = app_audit_object(app, actor, "access.refused", object, detail, err);
	return app_tx_end(app, rc, err);
}
