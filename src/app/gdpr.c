/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Personal data as use cases (GDPR): the export of everything the desk holds
 * about a customer, the erasure of it, and the retention period after which
 * the texts of old cases go (app.h, docs/operations.md "Personal data").
 *
 * What is personal and what is not. A customer's name, e-mail, phone and
 * notes; what their login accounts are called and log in with; what they
 * and the desk wrote — case subjects, contact bodies, survey comments,
 * follow-up notes, outbox messages. Not personal once those are gone: the
 * rows' ids, times, channels, directions, kinds, durations, sentiment
 * scores, survey scores, effort signals and renewal outcomes. Every derived
 * figure (effort, FCR, survey histograms, loyalty) and `loyaldesk check`
 * are computed from the latter, so removal keeps the rows and clears the
 * texts: the reports before and after an erasure are the same, byte for
 * byte. Deleting the rows instead would change the figures, and they could
 * no longer be checked against the rows they came from.
 *
 * The customer's objects. An erasure and an export reach the same set:
 * customer/ID, the cases, the login accounts, surveys, follow-ups, outbox
 * messages and subscriptions of the customer (collect() below). The audit
 * rows about those objects lose their detail in an erasure (the detail's
 * digest stays, so the chain verifies); those written by the customer's own
 * accounts are exported too. The client addresses of audit rows are part of
 * the hash chain and stay (docs/operations.md says so).
 *
 * Must not know how the store keeps residue away: compact_after_erase is the
 * store's promise, asked for after each commit that removed something.
 */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "util/blobs.h"
#include "util/time.h"
#include "util/xmalloc.h"

/* The audit action of an erasure: its rows are never redacted by a later one. */
#define GDPR_ERASE_ACTION "customer.erase"
/* Where anonymised addresses point: .invalid is reserved (RFC 2606). */
#define GDPR_MAIL_DOMAIN "erased.invalid"
/* Cases removed per transaction by a retention sweep. */
#define GDPR_SWEEP_BATCH 200

/* ====================================================================
 * Collecting a customer's rows
 * ==================================================================== */

void app_gdpr_export_free(struct app_gdpr_export *x)
{
	if (x == NULL)
		return;
	ld_customer_clear(&x->customer);
	free(x->accounts);
	for (size_t i = 0; i < x->n_cases; i++) {
		for (size_t k = 0; k < x->cases[i].n_contacts; k++)
			ld_interaction_clear(&x->cases[i].contacts[k]);
		free(x->cases[i].contacts);
		free(x->cases[i].attachments);
	}
	free(x->cases);
	for (size_t i = 0; i < x->n_surveys; i++)
		ld_survey_clear(&x->surveys[i]);
	free(x->surveys);
	free(x->followups);
	free(x->subscriptions);
	for (size_t i = 0; i < x->n_messages; i++)
		ld_message_clear(&x->messages[i]);
	free(x->messages);
	free(x->calls);
	for (size_t i = 0; i < x->n_audit; i++)
		ld_audit_clear(&x->audit[i]);
	free(x->audit);
	memset(x, 0, sizeof *x);
}

/*
 * Pages through one id-ordered list into a growing array: `page` fills
 * out[0..limit) after `after_id` and sets *n; `last_id` gives an entry's id.
 * Each page is read straight into the array's tail.
 */
#define GDPR_COLLECT(arr, count, type, page_call, last_id)                                  \
	do {                                                                                \
		size_t cap_ = 0;                                                            \
		int64_t after_id = 0;                                                       \
		int n = 0;                                                                  \
		do {                                                                        \
			type *out_;                                                         \
			(arr) = xgrow((arr), sizeof *(arr), (count) + APP_LIST_MAX, &cap_); \
			out_ = (arr) + (count);                                             \
			if ((rc = (page_call)) != LD_OK)                                    \
				goto out;                                                   \
			(count) += (size_t)n;                                               \
			if (n > 0)                                                          \
				after_id = (last_id);                                       \
		} while (n == APP_LIST_MAX);                                                \
	} while (0)

/* Adds the audit rows of `q` (object or actor) to x->audit. */
static ld_status collect_audit(struct app *app, struct app_gdpr_export *x,
			       struct store_audit_query *q, size_t *cap, struct ld_err *err)
{
	int n = 0;
	ld_status rc;

	q->after_id = 0;
	q->limit = APP_LIST_MAX;
	do {
		x->audit = xgrow(x->audit, sizeof *x->audit, x->n_audit + APP_LIST_MAX, cap);
		rc = STORE_CALL(app->store, audit_list, q, x->audit + x->n_audit, &n, err);
		if (rc != LD_OK)
			return rc;
		x->n_audit += (size_t)n;
		if (n > 0)
			q->after_id = x->audit[x->n_audit - 1].id;
	} while (n == APP_LIST_MAX);
	return LD_OK;
}

static int audit_by_id(const void *a, const void *b)
{
	const struct ld_audit *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Calls fn(ctx, "kind/id") for every object of the customer `x` holds. */
static ld_status each_object(const struct app_gdpr_export *x,
			     ld_status (*fn)(void *ctx, const char *object, struct ld_err *err),
			     void *ctx, struct ld_err *err)
{
	char object[LD_AUDIT_OBJECT_MAX + 1];
	ld_status rc = LD_OK;

#define GDPR_EACH(kind, count, id_of)                                                      \
	for (size_t i = 0; rc == LD_OK && i < (count); i++) {                               \
		snprintf(object, sizeof object, "%s/%lld", (kind), (long long)(id_of));     \
		rc = fn(ctx, object, err);                                                  \
	}
	snprintf(object, sizeof object, "customer/%lld", (long long)x->customer.id);
	rc = fn(ctx, object, err);
	GDPR_EACH("case", x->n_cases, x->cases[i].c.id)
	GDPR_EACH("agent", x->n_accounts, x->accounts[i].id)
	GDPR_EACH("survey", x->n_surveys, x->surveys[i].id)
	GDPR_EACH("followup", x->n_followups, x->followups[i].id)
	GDPR_EACH("message", x->n_messages, x->messages[i].id)
	GDPR_EACH("subscription", x->n_subscriptions, x->subscriptions[i].id)
	GDPR_EACH("call", x->n_calls, x->calls[i].id)
#undef GDPR_EACH
	return rc;
}

struct audit_walk {
	struct app *app;              /* whose store */
	struct app_gdpr_export *x;    /* where the rows go */
	size_t cap;                   /* x->audit's allocation */
};

static ld_status audit_of_object(void *ctx, const char *object, struct ld_err *err)
{
	struct audit_walk *w = ctx;
	struct store_audit_query q = { .object = object };

	return collect_audit(w->app, w->x, &q, &w->cap, err);
}

/*
 * Reads the customer and every row that belongs to them into `x`; with
 * `contacts`, every case's interactions too, and with `audit` the audit
 * rows about their objects and by their accounts (id order, each once).
 */
static ld_status collect(struct app *app, int64_t customer_id, bool contacts, bool audit,
			 struct app_gdpr_export *x, struct ld_err *err)
{
	struct store_case_query cq = { .customer_id = customer_id, .status = -1 };
	struct store_survey_query sq = { .customer_id = customer_id, .kind = -1, .answered = -1 };
	struct store_followup_query fq = { .status = -1, .customer_id = customer_id };
	struct store_subscription_query bq = { .customer_id = customer_id, .status = -1 };
	struct ld_case *cases = NULL;
	size_t n_cases = 0;
	int total = 0;
	ld_status rc;

	if ((rc = STORE_CALL(app->store, customer_get, customer_id, &x->customer, err)) != LD_OK)
		goto out;
	if (x->customer.org_id != 0) {
		rc = STORE_CALL(app->store, org_get, x->customer.org_id, &x->org, err);
		if (rc != LD_OK)
			goto out;
		x->has_org = true;
	}
	if ((rc = STORE_CALL(app->store, agent_list_customer, customer_id, NULL, 0, &total, err)) !=
	    LD_OK)
		goto out;
	if (total > 0) {
		int n = 0;

		x->accounts = xcalloc((size_t)total, sizeof *x->accounts);
		rc = STORE_CALL(app->store, agent_list_customer, customer_id, x->accounts, total, &n,
				err);
		if (rc != LD_OK)
			goto out;
		x->n_accounts = (size_t)(n < total ? n : total);
	}
	cq.limit = APP_LIST_MAX;
	GDPR_COLLECT(cases, n_cases, struct ld_case,
		     (cq.after_id = after_id,
		      STORE_CALL(app->store, case_list, &cq, out_, &n, err)),
		     cases[n_cases - 1].id);
	x->cases = xcalloc(n_cases > 0 ? n_cases : 1, sizeof *x->cases);
	for (size_t i = 0; i < n_cases; i++)
		x->cases[i].c = cases[i];
	x->n_cases = n_cases;
	for (size_t i = 0; contacts && i < x->n_cases; i++) {
		struct app_gdpr_case *gc = &x->cases[i];

		GDPR_COLLECT(gc->contacts, gc->n_contacts, struct ld_interaction,
			     STORE_CALL(app->store, interaction_list_case, gc->c.id, after_id,
					APP_LIST_MAX, false, out_, &n, err),
			     gc->contacts[gc->n_contacts - 1].id);
		GDPR_COLLECT(gc->attachments, gc->n_attachments, struct ld_attachment,
			     STORE_CALL(app->store, attachment_list, gc->c.id, after_id,
					APP_LIST_MAX, out_, &n, err),
			     gc->attachments[gc->n_attachments - 1].id);
	}
	sq.limit = APP_LIST_MAX;
	GDPR_COLLECT(x->surveys, x->n_surveys, struct ld_survey,
		     (sq.after_id = after_id,
		      STORE_CALL(app->store, survey_list, &sq, out_, &n, err)),
		     x->surveys[x->n_surveys - 1].id);
	fq.limit = APP_LIST_MAX;
	GDPR_COLLECT(x->followups, x->n_followups, struct ld_followup,
		     (fq.after_id = after_id,
		      STORE_CALL(app->store, followup_list, &fq, out_, &n, err)),
		     x->followups[x->n_followups - 1].id);
	bq.limit = APP_LIST_MAX;
	GDPR_COLLECT(x->subscriptions, x->n_subscriptions, struct ld_subscription,
		     (bq.after_id = after_id,
		      STORE_CALL(app->store, subscription_list, &bq, out_, &n, err)),
		     x->subscriptions[x->n_subscriptions - 1].id);
	GDPR_COLLECT(x->messages, x->n_messages, struct ld_message,
		     STORE_CALL(app->store, message_list, false, 0, customer_id, after_id,
				APP_LIST_MAX, out_, &n, err),
		     x->messages[x->n_messages - 1].id);
	struct store_call_query callq = { .customer_id = customer_id, .state = -1,
					  .limit = APP_LIST_MAX };
	GDPR_COLLECT(x->calls, x->n_calls, struct ld_call,
		     (callq.after_id = after_id,
		      STORE_CALL(app->store, call_list, &callq, out_, &n, err)),
		     x->calls[x->n_calls - 1].id);
	if (audit) {
		struct audit_walk w = { .app = app, .x = x };
		size_t k = 0;

		if ((rc = each_object(x, audit_of_object, &w, err)) != LD_OK)
			goto out;
		for (size_t i = 0; i < x->n_accounts; i++) {
			struct store_audit_query q = { .actor_id = x->accounts[i].id };
			if ((rc = collect_audit(app, x, &q, &w.cap, err)) != LD_OK)
				goto out;
		}
		/* A row about one of their objects done by one of their accounts
		 * came twice: keep it once. */
		qsort(x->audit, x->n_audit, sizeof *x->audit, audit_by_id);
		for (size_t i = 0; i < x->n_audit; i++) {
			if (k > 0 && x->audit[k - 1].id == x->audit[i].id)
				ld_audit_clear(&x->audit[i]);
			else
				x->audit[k++] = x->audit[i];
		}
		x->n_audit = k;
	}
out:
	free(cases);
	return rc;
}

/* ====================================================================
 * Export
 * ==================================================================== */

ld_status app_gdpr_export(struct app *app, const struct app_actor *actor, int64_t customer_id,
			  struct app_gdpr_export *out, struct ld_err *err)
{
	char detail[160];
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_admin(actor, "the export of a customer's data", err)) != LD_OK)
		return rc;
	out->exported_at = app_now(app);
	if ((rc = app_read_begin(app, err)) != LD_OK)
		return rc;
	rc = collect(app, customer_id, true, true, out, err);
	app_read_end(app);
	if (rc != LD_OK)
		goto out;
	snprintf(detail, sizeof detail,
		 "{\"format_version\":%d,\"cases\":%zu,\"surveys\":%zu,\"audit_rows\":%zu}",
		 APP_GDPR_FORMAT_VERSION, out->n_cases, out->n_surveys, out->n_audit);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		goto out;
	rc = app_audit(app, actor, "customer.export", "customer", customer_id, detail, err);
	rc = app_tx_end(app, rc, err);
out:
	if (rc != LD_OK)
		app_gdpr_export_free(out);
	return rc;
}

/* ====================================================================
 * Erasure
 * ==================================================================== */

/* Shortest word of a name that counts as naming the person ("Li" does not). */
#define GDPR_NAME_WORD_MIN 3

static bool is_word_char(char c)
{
	return (unsigned char)c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

/*
 * Whether `needle` occurs in `hay`, both folded (case and diacritics,
 * text_fold): with `words`, whether any word of the needle of at least
 * GDPR_NAME_WORD_MIN bytes occurs in the hay as a word of its own ("Mr
 * dvorak" names "Antonín Dvořák"); else the needle whole.
 */
static bool folded_contains(const char *hay, const char *needle, bool words)
{
	char h[APP_GDPR_REASON_MAX * 2 + 1], n[LD_EMAIL_MAX * 2 + 1];
	size_t hay_len;

	if (needle == NULL || needle[0] == '\0')
		return false;
	text_fold(hay, h, sizeof h);
	text_fold(needle, n, sizeof n);
	if (!words)
		return n[0] != '\0' && strstr(h, n) != NULL;
	hay_len = strlen(h);
	for (char *w = n; *w != '\0';) {
		size_t len = 0;

		while (*w != '\0' && !is_word_char(*w))
			w++;
		while (is_word_char(w[len]))
			len++;
		for (const char *p = h; len >= GDPR_NAME_WORD_MIN && (size_t)(p - h) + len <= hay_len;
		     p++) {
			if (strncmp(p, w, len) == 0 && (p == h || !is_word_char(p[-1])) &&
			    !is_word_char(p[len]))
				return true;
		}
		w += len;
	}
	return false;
}

static ld_status check_reason(const char *reason, const struct ld_customer *c,
			      struct ld_err *err)
{
	ld_status rc;

	if (reason == NULL || reason[0] == '\0')
		return LD_OK;
	if ((rc = validate_text("reason", reason, APP_GDPR_REASON_MAX, false, err)) != LD_OK)
		return rc;
	if (c->erased_at == 0 && (folded_contains(reason, c->name, true) ||
				  folded_contains(reason, c->email, false) ||
				  folded_contains(reason, c->phone, false)))
		return ld_fail(err, LD_ERR_INVALID, "reason_names_customer", "reason",
			       "the reason is kept in the audit log: it must not name the customer");
	return LD_OK;
}

/* The logins of the customer: anonymised, without password, sessions or access. */
static ld_status erase_accounts(struct app *app, const struct app_gdpr_export *x,
				struct app_gdpr_erasure *out, struct ld_err *err)
{
	ld_status rc = LD_OK;

	for (size_t i = 0; rc == LD_OK && i < x->n_accounts; i++) {
		struct ld_agent a = x->accounts[i];
		int ended = 0;

		snprintf(a.name, sizeof a.name, "erased customer #%lld",
			 (long long)x->customer.id);
		snprintf(a.email, sizeof a.email, "erased-%lld@" GDPR_MAIL_DOMAIN, (long long)a.id);
		a.languages[0] = '\0';
		a.skills[0] = '\0';
		a.senior = false;
		a.active = false;
		if (strcmp(a.name, x->accounts[i].name) != 0 ||
		    strcmp(a.email, x->accounts[i].email) != 0 || x->accounts[i].active)
			out->accounts++;
		rc = STORE_CALL(app->store, agent_update, &a, err);
		if (rc == LD_OK)
			rc = STORE_CALL(app->store, agent_set_password, a.id, NULL, err);
		if (rc == LD_OK)
			rc = STORE_CALL(app->store, session_delete_agent, a.id, NULL, &ended, err);
		out->sessions += ended;
	}
	return rc;
}

struct redact_walk {
	struct app *app;              /* whose store */
	int64_t at;                   /* redacted_at */
	struct store_removal *removed; /* counts */
};

static ld_status redact_object(void *ctx, const char *object, struct ld_err *err)
{
	struct redact_walk *w = ctx;

	return STORE_CALL(w->app->store, audit_redact, object, GDPR_ERASE_ACTION, w->at, false,
			  w->removed, err);
}

/* The customer record: placeholder name, no contact data, no consent. */
static ld_status erase_record(struct app *app, struct ld_customer *c, int64_t at,
			      struct ld_err *err)
{
	snprintf(c->name, sizeof c->name, "erased customer #%lld", (long long)c->id);
	c->email[0] = '\0';
	c->phone[0] = '\0';
	free(c->notes);
	c->notes = NULL;
	c->consent = false;
	if (c->erased_at == 0)
		c->erased_at = at;
	c->updated_at = at;
	return STORE_CALL(app->store, customer_update, c, err);
}

/* The audit detail of an erasure: counts and the reason, nothing personal. */
static void erase_detail(const struct app_gdpr_erasure *out, const char *reason, char *detail,
			 size_t cap)
{
	char quoted[2 * APP_GDPR_REASON_MAX * 3 + 8];

	if (reason == NULL || reason[0] == '\0' || !app_json_quote(reason, quoted, sizeof quoted))
		snprintf(quoted, sizeof quoted, "null");
	snprintf(detail, cap,
		 "{\"reason\":%s,\"already_erased\":%s,\"accounts\":%lld,\"cases\":%lld,"
		 "\"contacts\":%lld,\"comments\":%lld,\"notes\":%lld,\"messages\":%lld,"
		 "\"audit_details\":%lld}",
		 quoted, out->already_erased ? "true" : "false", (long long)out->accounts,
		 (long long)out->removed.cases, (long long)out->removed.contacts,
		 (long long)out->removed.comments, (long long)out->removed.notes,
		 (long long)out->removed.messages, (long long)out->removed.audit_details);
}

/* After a commit that removed texts: the store's compaction, reported, never failed. */
static void compact(struct app *app, bool *complete, char *note, size_t note_len)
{
	struct store_compaction c;
	struct ld_err err;

	ld_err_clear(&err);
	if (STORE_CALL(app->store, compact_after_erase, &c, &err) != LD_OK) {
		*complete = false;
		snprintf(note, note_len, "compaction failed: %.120s", err.message);
		return;
	}
	*complete = c.complete;
	snprintf(note, note_len, "%s", c.note);
}

/* ====================================================================
 * Files of removed contacts
 * ==================================================================== */

/* The digests of the files whose attachment rows a removal deletes. */
struct gdpr_files {
	char (*sha)[BLOBS_HEX_LEN + 1];
	size_t n, cap;
};

static void files_add(struct gdpr_files *f, const char *sha256)
{
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->sha[i], sha256) == 0)
			return;
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->sha = xrealloc(f->sha, f->cap * sizeof *f->sha);
	}
	snprintf(f->sha[f->n++], sizeof f->sha[0], "%s", sha256);
}

/* Adds the files of case `case_id`'s contacts to `f` (inside the caller's transaction). */
static ld_status files_of_case(struct app *app, int64_t case_id, struct gdpr_files *f,
			       struct ld_err *err)
{
	struct ld_attachment page[64];
	int64_t after_id = 0;
	int n = 0;
	ld_status rc;

	do {
		rc = STORE_CALL(app->store, attachment_list, case_id, after_id, 64, page, &n, err);
		for (int i = 0; rc == LD_OK && i < n; i++)
			files_add(f, page[i].sha256);
		if (n > 0)
			after_id = page[n - 1].id;
	} while (rc == LD_OK && n == 64);
	return rc;
}

/*
 * Deletes the files of `f` that no attachment row names any more, after the
 * removal committed (a rolled-back removal keeps its files). The check and
 * the unlink run under the write lock, so a message arriving with the same
 * bytes either sees the file gone and writes it again, or keeps it in use.
 * A file that cannot be deleted now is named on stderr; the removal stands.
 */
static void files_drop_unused(struct app *app, struct gdpr_files *f)
{
	struct ld_err err;

	ld_err_clear(&err);
	if (f->n > 0 && app->cfg.data_dir != NULL && app_tx_begin(app, &err) == LD_OK) {
		for (size_t i = 0; i < f->n; i++) {
			bool used = true;

			if (STORE_CALL(app->store, attachment_blob_used, f->sha[i], &used, &err) != LD_OK)
				break;
			if (!used && blobs_remove(app->cfg.data_dir, f->sha[i], &err) != LD_OK)
				fprintf(stderr, "loyaldesk: %s\n", err.message);
		}
		app_tx_end(app, LD_ERR_CONFLICT, &err); /* read only: nothing to commit */
	}
	if (err.code[0] != '\0')
		fprintf(stderr, "loyaldesk: files of removed contacts: %s\n", err.message);
	free(f->sha);
	memset(f, 0, sizeof *f);
}

ld_status app_gdpr_erase(struct app *app, const struct app_actor *actor, int64_t customer_id,
			 const char *reason, struct app_gdpr_erasure *out, struct ld_err *err)
{
	struct app_gdpr_export x = { 0 };
	struct redact_walk w = { .app = app };
	struct gdpr_files files = { 0 };
	char placeholder[LD_EMAIL_MAX + 1];
	char detail[2 * APP_GDPR_REASON_MAX * 3 + 320];
	int64_t at = app_now(app);
	ld_status rc;

	memset(out, 0, sizeof *out);
	out->customer_id = customer_id;
	if ((rc = app_require_admin(actor, "erasing a customer", err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	if ((rc = collect(app, customer_id, false, false, &x, err)) != LD_OK)
		goto done;
	if ((rc = check_reason(reason, &x.customer, err)) != LD_OK)
		goto done;
	out->already_erased = x.customer.erased_at != 0;
	if ((rc = erase_accounts(app, &x, out, err)) != LD_OK)
		goto done;
	for (size_t i = 0; rc == LD_OK && i < x.n_cases; i++) {
		rc = files_of_case(app, x.cases[i].c.id, &files, err);
		if (rc == LD_OK)
			rc = STORE_CALL(app->store, case_contents_remove, x.cases[i].c.id, at,
					false, &out->removed, err);
	}
	snprintf(placeholder, sizeof placeholder, "erased-customer-%lld@" GDPR_MAIL_DOMAIN,
		 (long long)customer_id);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, customer_texts_remove, customer_id, placeholder, at,
				false, &out->removed, err);
	w.at = at;
	w.removed = &out->removed;
	if (rc == LD_OK)
		rc = each_object(&x, redact_object, &w, err);
	if (rc == LD_OK)
		rc = erase_record(app, &x.customer, at, err);
	out->erased_at = x.customer.erased_at;
	if (rc == LD_OK) {
		erase_detail(out, reason, detail, sizeof detail);
		rc = app_audit(app, actor, GDPR_ERASE_ACTION, "customer", customer_id, detail, err);
	}
done:
	app_case_seen_forget(app);
	rc = app_tx_end(app, rc, err);
	app_gdpr_export_free(&x);
	if (rc != LD_OK) {
		free(files.sha);
		return rc;
	}
	files_drop_unused(app, &files);
	app_auth_revoke_all(); /* the accounts' cached tokens end with their sessions */
	compact(app, &out->compacted, out->note, sizeof out->note);
	return LD_OK;
}

ld_status app_gdpr_compact(struct app *app, const struct app_actor *actor, bool *complete,
			   char note[160], struct ld_err *err)
{
	ld_status rc;

	*complete = false;
	note[0] = '\0';
	if ((rc = app_require_admin(actor, "compaction", err)) != LD_OK)
		return rc;
	compact(app, complete, note, 160);
	return LD_OK;
}

/* ====================================================================
 * Retention
 * ==================================================================== */

/* `t` moved back `months` calendar months (the day clamped to the month's last). */
static int64_t months_before(int64_t t, int months)
{
	int64_t day = time_day_of(t), y;
	int m, d, dim;

	time_civil_from_days(day, &y, &m, &d);
	y -= months / 12;
	m -= months % 12;
	if (m < 1) {
		m += 12;
		y--;
	}
	dim = time_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return time_days_from_civil(y, m, d) * TIME_DAY_S + (t - day * TIME_DAY_S);
}

ld_status app_gdpr_retention(struct app *app, const struct app_actor *actor, int months,
			     bool dry_run, struct app_gdpr_retention *out, struct ld_err *err)
{
	int64_t ids[GDPR_SWEEP_BATCH], after_id = 0, now = app_now(app);
	struct gdpr_files files = { 0 };
	int n = 0;
	ld_status rc;

	memset(out, 0, sizeof *out);
	out->dry_run = dry_run;
	out->compacted = true;
	if ((rc = app_require_admin(actor, "the retention sweep", err)) != LD_OK)
		return rc;
	if (months == 0)
		months = app->cfg.retention_months;
	if (months < 0 || months > APP_GDPR_RETENTION_MONTHS_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_retention", "retention",
			       "the retention period is 1 to %d months", APP_GDPR_RETENTION_MONTHS_MAX);
	out->months = months;
	if (months == 0)
		return LD_OK;
	out->before = months_before(now, months);
	do {
		struct store_removal batch = { 0 };
		char detail[256];

		/* A dry run only reads: one snapshot per batch, no write lock. */
		rc = dry_run ? app_read_begin(app, err) : app_tx_begin(app, err);
		if (rc != LD_OK)
			return rc;
		rc = STORE_CALL(app->store, retention_cases, out->before, after_id,
				GDPR_SWEEP_BATCH, ids, &n, err);
		for (int i = 0; rc == LD_OK && i < n; i++) {
			if (!dry_run)
				rc = files_of_case(app, ids[i], &files, err);
			if (rc == LD_OK)
				rc = STORE_CALL(app->store, case_contents_remove, ids[i], now,
						dry_run, &batch, err);
		}
		if (rc == LD_OK && n > 0 && !dry_run) {
			snprintf(detail, sizeof detail,
				 "{\"months\":%d,\"first_id\":%lld,\"last_id\":%lld,\"cases\":%lld,"
				 "\"contacts\":%lld,\"comments\":%lld,\"notes\":%lld,\"files\":%lld}",
				 months, (long long)ids[0], (long long)ids[n - 1],
				 (long long)batch.cases, (long long)batch.contacts,
				 (long long)batch.comments, (long long)batch.notes,
				 (long long)batch.files);
			rc = app_audit(app, actor, "case.retention", "case", ids[0], detail, err);
		}
		if (dry_run) {
			app_read_end(app);
		} else {
			app_case_seen_forget(app);
			rc = app_tx_end(app, rc, err);
		}
		if (rc != LD_OK) {
			free(files.sha);
			return rc;
		}
		files_drop_unused(app, &files);
		out->removed.cases += batch.cases;
		out->removed.subjects += batch.subjects;
		out->removed.contacts += batch.contacts;
		out->removed.comments += batch.comments;
		out->removed.notes += batch.notes;
		out->removed.files += batch.files;
		out->removed.calls += batch.calls;
		if (n > 0)
			after_id = ids[n - 1];
	} while (n == GDPR_SWEEP_BATCH);
	if (!dry_run && out->removed.cases > 0)
		compact(app, &out->compacted, out->note, sizeof out->note);
	return LD_OK;
}
