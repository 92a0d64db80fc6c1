/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The audit log: GET /api/v1/audit?actor_id=&object=&action=&from=&to=
 * &limit=&cursor= — a page of rows by id, for admins (app_audit_list
 * decides). `from` and `to` are ISO 8601 instants or dates, `to` a date
 * including its day; object and action match exactly.
 */
#include "http/resource.h"

#include <stdlib.h>

#include "http/reply.h"

/* An exact-match filter: absent → NULL; present but empty → 400. */
static ld_status text_filter(const struct http_query *q, const char *name, const char **out,
			     struct ld_err *err)
{
	*out = http_query_get(q, name);
	if (*out != NULL && (*out)[0] == '\0')
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", name, "%s must not be empty",
			       name);
	return LD_OK;
}

ld_status http_audit_list(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = {
		"actor_id", "object", "action", "from", "to", "limit", "cursor", NULL,
	};
	struct store_audit_query aq = { 0 };
	struct http_query q;
	struct http_json j;
	struct ld_audit *rows = NULL;
	int limit = 0, n = 0;
	ld_status rc;

	if ((rc = http_list_params(call, params, &q, &limit, &aq.after_id, err)) != LD_OK ||
	    (rc = http_query_id(&q, "actor_id", &aq.actor_id, err)) != LD_OK ||
	    (rc = text_filter(&q, "object", &aq.object, err)) != LD_OK ||
	    (rc = text_filter(&q, "action", &aq.action, err)) != LD_OK ||
	    (rc = http_query_when(&q, "from", false, &aq.from, err)) != LD_OK ||
	    (rc = http_query_when(&q, "to", true, &aq.to, err)) != LD_OK)
		goto out;
	aq.limit = limit;
	rows = xcalloc((size_t)limit, sizeof *rows);
	if ((rc = app_audit_list(call->app, call->actor, &aq, rows, &n, err)) != LD_OK)
		goto out;
	http_page_begin(&j, 64 + (size_t)n * 256);
	for (int i = 0; i < n; i++)
		http_render_audit(&j, NULL, &rows[i]);
	http_page_end_id(&j, n == limit, n > 0 ? rows[n - 1].id : 0);
	http_reply_json(call->res, 200, &j);
out:
	for (int i = 0; i < n; i++)
		ld_audit_clear(&rows[i]);
	free(rows);
	return rc;
}
