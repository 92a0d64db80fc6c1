/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Personal data over the API, and the export archive the API and the CLI
 * share:
 *
 *   GET  /api/v1/customers/{id}/export  the archive (application/zip)
 *   POST /api/v1/customers/{id}/erase   erase; body {"reason": "…"} optional
 *
 * Admins only (app/gdpr.c decides: 403 for everyone else, 404 for an unknown
 * customer). The archive, built by http_gdpr_archive() for both adapters:
 *
 *   customer.json   the document below (docs/operations.md describes it)
 *   attachments/    the files of the customer's contacts (e-mail
 *                   attachments), each as attachments/<id>-<file name>,
 *                   listed in customer.json "attachments" with that path
 *                   (null when its bytes are missing from the data directory)
 *
 * customer.json: {"format":"loyaldesk.customer-export","format_version":1,
 * "exported_at", "customer", "organization" (or null), "accounts", "cases"
 * ([{"case":{…}, "contacts":[…]}]), "surveys", "followups",
 * "subscriptions", "messages", "calls", "audit", "attachments"} — each entity in the
 * form the API's own reads give it (render.c), so the export reads like the
 * API and cannot disagree with it.
 *
 * The export is the one GET that writes (its audit record): its handler
 * leaves the router's read snapshot and the use case reads in one of its
 * own before recording.
 */
#include "http/resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/json_in.h"
#include "app/mail.h"
#include "http/reply.h"
#include "util/bundle.h"

/* The archive's entries. */
#define GDPR_JSON_PATH "customer.json"
#define GDPR_ATTACHMENTS_PATH "attachments/"
#define GDPR_PATH_MAX (32 + LD_FILENAME_MAX)
#define GDPR_FILENAME "attachment; filename=\"loyaldesk-customer-export.zip\""

/* An attachment's path in the archive: the name cut (on a character
 * boundary) to fit BUNDLE_PATH_MAX. */
static void attachment_path(const struct ld_attachment *a, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s%lld-", GDPR_ATTACHMENTS_PATH, (long long)a->id);
	size_t room = BUNDLE_PATH_MAX - (size_t)n, len = strlen(a->filename);

	if (len > room) {
		len = room;
		while (len > 0 && ((unsigned char)a->filename[len] & 0xC0) == 0x80)
			len--;
	}
	snprintf(out + n, cap - (size_t)n, "%.*s", (int)len, a->filename);
}

/* The files of every case into the archive; [out] kept[i] per file in case order. */
static ld_status add_files(struct bundle *b, struct app *app, const struct app_gdpr_export *x,
			   bool *kept, struct ld_err *err)
{
	size_t k = 0;

	for (size_t i = 0; i < x->n_cases; i++) {
		for (size_t f = 0; f < x->cases[i].n_attachments; f++, k++) {
			const struct ld_attachment *a = &x->cases[i].attachments[f];
			struct ld_attachment row;
			struct ld_err ignored;
			char path[GDPR_PATH_MAX];
			size_t got = 0;
			char *buf;
			int fd;
			ld_status rc;

			kept[k] = false;
			if (app_attachment_open(app, NULL, a->id, &row, &fd, &ignored) != LD_OK)
				continue; /* bytes gone: listed with path null */
			buf = xmalloc((size_t)row.size + 1);
			while (got < (size_t)row.size) {
				ssize_t r = read(fd, buf + got, (size_t)row.size - got);
				if (r <= 0)
					break;
				got += (size_t)r;
			}
			close(fd);
			attachment_path(a, path, sizeof path);
			rc = got == (size_t)row.size ? bundle_add(b, path, buf, got, err) : LD_OK;
			kept[k] = rc == LD_OK && got == (size_t)row.size;
			free(buf);
			if (rc != LD_OK)
				return rc;
		}
	}
	return LD_OK;
}

static void render_files(struct http_json *j, const struct app_gdpr_export *x, const bool *kept)
{
	size_t k = 0;

	http_json_arr_begin(j, "attachments");
	for (size_t i = 0; i < x->n_cases; i++) {
		for (size_t f = 0; f < x->cases[i].n_attachments; f++, k++) {
			const struct ld_attachment *a = &x->cases[i].attachments[f];
			char path[GDPR_PATH_MAX];

			attachment_path(a, path, sizeof path);
			http_json_obj_begin(j, NULL);
			http_json_int(j, "id", a->id);
			http_json_id(j, "interaction_id", a->interaction_id);
			http_json_id(j, "case_id", a->case_id);
			http_json_str(j, "filename", a->filename);
			http_json_str(j, "content_type", a->content_type);
			http_json_int(j, "size", a->size);
			http_json_str(j, "sha256", a->sha256);
			http_json_time(j, "created_at", a->created_at);
			http_json_str(j, "path", kept[k] ? path : NULL);
			http_json_obj_end(j);
		}
	}
	http_json_arr_end(j);
}

/* customer.json of `x` into `j`. */
static ld_status render_export(struct http_json *j, struct app *app,
			       const struct app_gdpr_export *x, const bool *kept,
			       struct ld_err *err)
{
	ld_status rc = LD_OK;

	http_json_obj_begin(j, NULL);
	http_json_str(j, "format", APP_GDPR_FORMAT);
	http_json_int(j, "format_version", APP_GDPR_FORMAT_VERSION);
	http_json_time(j, "exported_at", x->exported_at);
	http_render_customer(j, "customer", &x->customer);
	if (x->has_org)
		http_render_org(j, "organization", &x->org);
	else
		http_json_null(j, "organization");
	http_json_arr_begin(j, "accounts");
	for (size_t i = 0; i < x->n_accounts; i++)
		http_render_agent(j, NULL, &x->accounts[i]);
	http_json_arr_end(j);
	http_json_arr_begin(j, "cases");
	for (size_t i = 0; i < x->n_cases && rc == LD_OK; i++) {
		const struct app_gdpr_case *gc = &x->cases[i];

		http_json_obj_begin(j, NULL);
		if ((rc = http_render_case(j, "case", app, &gc->c, err)) != LD_OK)
			break;
		http_json_arr_begin(j, "contacts");
		for (size_t k = 0; k < gc->n_contacts; k++)
			http_render_interaction(j, NULL, &gc->contacts[k]);
		http_json_arr_end(j);
		http_json_obj_end(j);
	}
	if (rc != LD_OK)
		return rc;
	http_json_arr_end(j);
#define GDPR_LIST(key, arr, count, render)                                                 \
	http_json_arr_begin(j, (key));                                                      \
	for (size_t i = 0; i < (count); i++)                                                \
		render(j, NULL, &(arr)[i]);                                                 \
	http_json_arr_end(j)
	GDPR_LIST("surveys", x->surveys, x->n_surveys, http_render_survey);
	GDPR_LIST("followups", x->followups, x->n_followups, http_render_followup);
	GDPR_LIST("subscriptions", x->subscriptions, x->n_subscriptions,
		  http_render_subscription);
	GDPR_LIST("messages", x->messages, x->n_messages, http_render_message);
	GDPR_LIST("calls", x->calls, x->n_calls, http_render_call);
	GDPR_LIST("audit", x->audit, x->n_audit, http_render_audit);
#undef GDPR_LIST
	render_files(j, x, kept);
	http_json_obj_end(j);
	return LD_OK;
}

ld_status http_gdpr_archive(struct app *app, const struct app_gdpr_export *x, char **data,
			    size_t *len, struct ld_err *err)
{
	struct http_json j;
	struct bundle *b = NULL;
	size_t files = 0;
	bool *kept;
	ld_status rc;

	*data = NULL;
	*len = 0;
	for (size_t i = 0; i < x->n_cases; i++)
		files += x->cases[i].n_attachments;
	kept = xcalloc(files + 1, sizeof *kept);
	http_json_init(&j, 4096);
	if ((rc = bundle_begin(x->exported_at, &b, err)) != LD_OK)
		goto out;
	if ((rc = bundle_add(b, GDPR_ATTACHMENTS_PATH, NULL, 0, err)) != LD_OK ||
	    (rc = add_files(b, app, x, kept, err)) != LD_OK)
		goto out;
	if ((rc = render_export(&j, app, x, kept, err)) != LD_OK)
		goto out;
	if ((rc = bundle_add(b, GDPR_JSON_PATH, j.buf, j.len, err)) != LD_OK)
		goto out;
	rc = bundle_finish(b, data, len, err);
	b = NULL;
out:
	bundle_free(b);
	http_json_free(&j);
	free(kept);
	return rc;
}

ld_status http_customer_export(struct http_call *call, struct ld_err *err)
{
	static const char *const params[] = { NULL };
	struct app_gdpr_export x = { 0 };
	struct http_query q;
	char *zip = NULL;
	size_t len = 0;
	ld_status rc;

	if ((rc = http_query_parse(call->req->query, params, &q, err)) != LD_OK)
		return rc;
	app_read_end(call->app);
	if ((rc = app_gdpr_export(call->app, call->actor, call->ids[0], &x, err)) != LD_OK)
		goto out;
	if ((rc = http_gdpr_archive(call->app, &x, &zip, &len, err)) != LD_OK)
		goto out;
	call->res->status = 200;
	call->res->body = zip;
	call->res->body_len = len;
	call->res->content_type = BUNDLE_CONTENT_TYPE;
	call->res->headers[0] = (struct http_header){ "Content-Disposition", GDPR_FILENAME };
	zip = NULL;
out:
	free(zip);
	app_gdpr_export_free(&x);
	return rc;
}

ld_status http_customer_erase(struct http_call *call, struct ld_err *err)
{
	static const char *const fields[] = { "reason", NULL };
	struct app_gdpr_erasure e;
	struct http_json j;
	json_t *body = NULL;
	const char *reason = NULL;
	ld_status rc = LD_OK;

	/* The body is optional: none, or an object with at most a reason. */
	if (call->req->body_len > 0 &&
	    ((rc = http_body_object(call, fields, &body, err)) != LD_OK ||
	     (rc = http_json_get_str(body, "reason", HTTP_JSON_NULLABLE, &reason, NULL, err)) !=
		     LD_OK))
		goto out;
	if ((rc = app_gdpr_erase(call->app, call->actor, call->ids[0], reason, &e, err)) != LD_OK)
		goto out;
	http_json_init(&j, 512);
	http_json_obj_begin(&j, NULL);
	http_json_int(&j, "customer_id", e.customer_id);
	http_json_time(&j, "erased_at", e.erased_at);
	http_json_bool(&j, "already_erased", e.already_erased);
	http_json_obj_begin(&j, "removed");
	http_json_int(&j, "accounts", e.accounts);
	http_json_int(&j, "sessions", e.sessions);
	http_json_int(&j, "cases", e.removed.cases);
	http_json_int(&j, "subjects", e.removed.subjects);
	http_json_int(&j, "contacts", e.removed.contacts);
	http_json_int(&j, "comments", e.removed.comments);
	http_json_int(&j, "notes", e.removed.notes);
	http_json_int(&j, "messages", e.removed.messages);
	http_json_int(&j, "survey_links", e.removed.surveys_closed);
	http_json_int(&j, "audit_details", e.removed.audit_details);
	http_json_int(&j, "files", e.removed.files);
	http_json_int(&j, "calls", e.removed.calls);
	http_json_obj_end(&j);
	http_json_bool(&j, "compacted", e.compacted);
	http_json_str(&j, "note", e.note[0] != '\0' ? e.note : NULL);
	http_json_obj_end(&j);
	http_reply_json(call->res, 200, &j);
out:
	json_decref(body);
	return rc;
}
