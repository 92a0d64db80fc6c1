/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Mail use cases (contract and rules in mail.h).
 */
#include "app/mail.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/feedback.h"
#include "app/internal.h"
#include "core/validate.h"
#include "util/blobs.h"

#define MAIL_MERGE_HOPS 16 /* merged cases followed at most this far */

static bool may_receive(const struct app_actor *actor)
{
	return actor == NULL || actor->role == LD_ROLE_ADMIN;
}

/* An audit detail {"k":"v",…} of up to three pairs (NULL values skipped). */
static void detail3(char *out, size_t cap, const char *k1, const char *v1, const char *k2,
		    const char *v2, const char *k3, const char *v3)
{
	const char *k[3] = { k1, k2, k3 }, *v[3] = { v1, v2, v3 };
	size_t n = 0;

	n += (size_t)snprintf(out, cap, "{");
	for (int i = 0; i < 3 && n < cap; i++) {
		char q[2 * LD_EMAIL_MAX + 8];
		if (k[i] == NULL || v[i] == NULL || !app_json_quote(v[i], q, sizeof q))
			continue;
		n += (size_t)snprintf(out + n, cap - n, "%s\"%s\":%s", n > 1 ? "," : "", k[i], q);
	}
	if (n < cap)
		snprintf(out + n, cap - n, "}");
}

/* The case `id` ends in after merges; 0 when it is gone. */
static ld_status follow_merges(struct app *app, int64_t id, struct ld_case *c,
			       struct ld_err *err)
{
	ld_status rc = LD_OK;

	for (int hop = 0; hop < MAIL_MERGE_HOPS; hop++) {
		if ((rc = app_case_load(app, id, c, err)) != LD_OK || c->merged_into_id == 0)
			return rc;
		id = c->merged_into_id;
	}
	return ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", NULL, "merge chain too long");
}

/* The sender's customer, made when new. */
static ld_status sender(struct app *app, const struct app_actor *actor,
			const struct app_mail_in *in, struct ld_customer *cust, bool *created,
			struct ld_err *err)
{
	memset(cust, 0, sizeof *cust);
	if (in->from_name != NULL && in->from_name[0] != '\0') {
		snprintf(cust->name, sizeof cust->name, "%s", in->from_name);
	} else {
		const char *at = strchr(in->from_address, '@');
		int n = at != NULL ? (int)(at - in->from_address) : (int)strlen(in->from_address);
		snprintf(cust->name, sizeof cust->name, "%.*s", n, in->from_address);
	}
	snprintf(cust->email, sizeof cust->email, "%s", in->from_address);
	snprintf(cust->language, sizeof cust->language, "%s",
		 mail_guess_language(in->content_language, in->from_address));
	cust->preferred_channel = LD_CH_EMAIL;
	return app_customer_find_or_create(app, actor, cust, cust, created, err);
}

/*
 * The case this mail continues: [out] *case_id (0 = a new case) and
 * *forged (another customer's case that a reference named).
 */
static ld_status find_thread(struct app *app, const struct app_mail_in *in, int64_t customer_id,
			     int64_t *case_id, int64_t *forged, struct ld_err *err)
{
	struct ld_case c;
	int64_t tag;
	ld_status rc;

	*case_id = 0;
	*forged = 0;
	for (int i = 0; i < in->n_refs; i++) {
		struct store_mail_ref ref;
		rc = STORE_CALL(app->store, mail_message_find, in->refs[i], &ref, err);
		if (rc == LD_ERR_NOT_FOUND)
			continue;
		if (rc != LD_OK)
			return rc;
		if ((rc = follow_merges(app, ref.case_id, &c, err)) != LD_OK)
			return rc;
		if (c.customer_id == customer_id) {
			*case_id = c.id;
			return LD_OK;
		}
		if (*forged == 0)
			*forged = c.id;
	}
	if ((tag = mail_subject_case_tag(in->subject)) == 0)
		return LD_OK;
	rc = follow_merges(app, tag, &c, err);
	if (rc == LD_ERR_NOT_FOUND)
		return LD_OK; /* a tag of no case: a new one */
	if (rc != LD_OK)
		return rc;
	if (c.customer_id == customer_id)
		*case_id = c.id;
	else if (*forged == 0)
		*forged = c.id;
	return LD_OK;
}

/* An internal note by nobody on the case (bookkeeping, not effort). */
static ld_status note(struct app *app, int64_t case_id, const char *text, struct ld_err *err)
{
	struct app_interaction_in it = {
		.channel = LD_CH_EMAIL, .direction = LD_DIR_INTERNAL, .kind = LD_IK_NOTE,
		.body = text, .sentiment = NAN,
	};

	return app_interaction_add(app, NULL, case_id, &it, NULL, NULL, err);
}

/* The text cut to fit a contact, on a character boundary; *cut = it was cut. */
static char *fit_body(const char *text, bool *cut)
{
	static const char tail[] = "\n[…] (the whole text is attached as message.txt)";
	size_t n = text != NULL ? strlen(text) : 0;
	char *out;

	*cut = n > LD_BODY_MAX;
	if (!*cut)
		return xstrdup(text != NULL ? text : "");
	n = LD_BODY_MAX - sizeof tail;
	while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	out = xmalloc(n + sizeof tail);
	memcpy(out, text, n);
	memcpy(out + n, tail, sizeof tail);
	return out;
}

static ld_status store_file(struct app *app, int64_t interaction_id, const char *name,
			    const char *type, const void *data, size_t size, struct ld_err *err)
{
	struct ld_attachment a = { 0 };
	ld_status rc;

	if ((rc = blobs_put(app->cfg.data_dir, data, size, a.sha256, err)) != LD_OK)
		return rc;
	a.interaction_id = interaction_id;
	snprintf(a.filename, sizeof a.filename, "%s", name);
	snprintf(a.content_type, sizeof a.content_type, "%s",
		 type != NULL && type[0] != '\0' ? type : "application/octet-stream");
	a.size = (int64_t)size;
	a.created_at = app_now(app);
	return STORE_CALL(app->store, attachment_insert, &a, err);
}

static ld_status store_files(struct app *app, const struct app_mail_in *in, int64_t case_id,
			     int64_t interaction_id, bool body_cut, struct app_mail_result *out,
			     struct ld_err *err)
{
	bool can_keep = app->cfg.data_dir != NULL && app->cfg.data_dir[0] != '\0';
	char msg[LD_FILENAME_MAX + 512];
	ld_status rc;

	if (body_cut) {
		if (!can_keep)
			return note(app, case_id,
				    "This e-mail's text was longer than a contact holds and was cut; "
				    "no data directory is configured to keep it whole.",
				    err);
		if ((rc = store_file(app, interaction_id, "message.txt", "text/plain", in->text,
				     strlen(in->text), err)) != LD_OK)
			return rc;
	}
	for (int i = 0; i < in->n_files; i++) {
		const struct app_mail_file *f = &in->files[i];
		if (f->over_limit || !can_keep) {
			out->files_refused++;
			if (f->over_limit)
				snprintf(msg, sizeof msg,
					 "The attached file \"%s\" (%.1f MB) is over the limit of "
					 "%.1f MB and was not stored.%s%s",
					 f->filename, (double)f->size / 1e6,
					 (double)in->file_limit / 1e6,
					 in->quarantine_name != NULL
						 ? " The whole message is kept in the mail quarantine as "
						 : "",
					 in->quarantine_name != NULL ? in->quarantine_name : "");
			else
				snprintf(msg, sizeof msg,
					 "The attached file \"%s\" was not stored: no data directory "
					 "is configured.",
					 f->filename);
			if ((rc = note(app, case_id, msg, err)) != LD_OK)
				return rc;
			continue;
		}
		if ((rc = store_file(app, interaction_id, f->filename, f->content_type, f->data,
				     f->size, err)) != LD_OK)
			return rc;
		out->files_stored++;
	}
	if (in->files_dropped > 0) {
		out->files_refused += in->files_dropped;
		snprintf(msg, sizeof msg,
			 "This e-mail carried %d more files than are kept of one message; they "
			 "were not stored.",
			 in->files_dropped);
		if ((rc = note(app, case_id, msg, err)) != LD_OK)
			return rc;
	}
	return LD_OK;
}

/* A new case's subject: the cleaned one, else the text's first words, else a placeholder. */
static void case_subject(const struct app_mail_in *in, char *out, size_t cap)
{
	if (mail_subject_clean(in->subject, out, cap) > 0)
		return;
	if (in->text != NULL && mail_subject_clean(in->text, out, cap < 81 ? cap : 81) > 0)
		return; /* the text's first words */
	snprintf(out, cap, "E-mail from %s", in->from_address);
}

/* Mail to the compliments address: the compliment, its words cut to what a
 * compliment keeps (whole characters); no case, so its files are not kept. */
static ld_status compliment(struct app *app, const struct app_actor *actor,
			    const struct app_mail_in *in, int64_t customer_id,
			    struct app_mail_result *out, struct ld_err *err)
{
	char subject[LD_SUBJECT_MAX + 1], text[LD_FEEDBACK_TEXT_MAX + 1], detail[1024];
	const char *t = in->text != NULL ? in->text : "";
	size_t n = strlen(t);
	struct ld_feedback fb;
	ld_status rc;

	while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == ' '))
		n--;
	if (n > LD_FEEDBACK_TEXT_MAX) {
		n = LD_FEEDBACK_TEXT_MAX;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(text, t, n);
	text[n] = '\0';
	case_subject(in, subject, sizeof subject);
	struct app_feedback_in c = {
		.kind = LD_FB_COMPLIMENT, .customer_id = customer_id, .subject = subject,
		.text = text[0] != '\0' ? text : subject, .team_id = in->team_id, .channel = -1,
		.message_id = in->message_id,
	};
	if ((rc = app_feedback_file(app, NULL, &c, &fb, err)) != LD_OK)
		return rc;
	out->outcome = APP_MAIL_COMPLIMENT;
	out->feedback_id = fb.id;
	out->files_refused = in->n_files;
	detail3(detail, sizeof detail, "from", in->from_address, "message_id", in->message_id,
		"recipient", in->recipient);
	return app_audit(app, actor, "mail.received", "compliment", fb.id, detail, err);
}

static ld_status receive(struct app *app, const struct app_actor *actor,
			 const struct app_mail_in *in, struct app_mail_result *out,
			 struct ld_err *err)
{
	char detail[1024], subject[LD_SUBJECT_MAX + 1];
	struct ld_customer cust = { 0 };
	struct ld_interaction it = { 0 };
	struct ld_case c = { 0 };
	struct store_mail_ref seen;
	int64_t case_id, forged;
	bool cut = false;
	char *body = NULL;
	ld_status rc;

	if ((out->reason = mail_machine_reason(in->headers)) != NULL) {
		out->outcome = APP_MAIL_MACHINE;
		detail3(detail, sizeof detail, "reason", out->reason, "from", in->from_address,
			"message_id", in->message_id);
		return app_audit_object(app, actor, "mail.ignored", "mail", detail, err);
	}
	if (in->message_id[0] != '\0' && in->to != APP_MAIL_TO_DESK) {
		struct ld_feedback fb;
		rc = STORE_CALL(app->store, feedback_find_message, in->message_id, &fb, err);
		if (rc == LD_OK) {
			out->outcome = APP_MAIL_DUPLICATE;
			out->case_id = fb.case_id;
			out->customer_id = fb.customer_id;
			out->feedback_id = fb.id;
			return LD_OK;
		}
		if (rc != LD_ERR_NOT_FOUND)
			return rc;
	}
	if (in->message_id[0] != '\0') {
		rc = STORE_CALL(app->store, mail_message_find, in->message_id, &seen, err);
		if (rc == LD_OK) {
			out->outcome = APP_MAIL_DUPLICATE;
			out->case_id = seen.case_id;
			out->customer_id = seen.customer_id;
			return LD_OK;
		}
		if (rc != LD_ERR_NOT_FOUND)
			return rc;
	}
	if ((rc = sender(app, actor, in, &cust, &out->new_customer, err)) != LD_OK)
		goto done;
	out->customer_id = cust.id;
	if ((rc = find_thread(app, in, cust.id, &case_id, &forged, err)) != LD_OK)
		goto done;
	out->forged_case_id = forged;
	if (in->to == APP_MAIL_TO_COMPLIMENTS && case_id == 0) {
		rc = compliment(app, actor, in, cust.id, out, err);
		goto done;
	}
	body = fit_body(in->text, &cut);
	struct app_interaction_in first = {
		.channel = LD_CH_EMAIL, .direction = LD_DIR_IN, .kind = LD_IK_MESSAGE,
		.body = body, .sentiment = NAN,
	};
	if (case_id != 0) {
		out->outcome = APP_MAIL_ADDED;
		rc = app_interaction_add(app, NULL, case_id, &first, &it, &c, err);
	} else {
		case_subject(in, subject, sizeof subject);
		struct app_case_open_in open = {
			.customer_id = cust.id, .subject = subject, .category = -1, .priority = -1,
			.team_id = in->team_id, .first = first,
		};
		out->outcome = APP_MAIL_NEW_CASE;
		if ((rc = app_case_open(app, NULL, &open, &c, err)) != LD_OK)
			goto done;
		/* A new case holds its first contact only. */
		int n = 0;
		rc = app_case_interactions(app, NULL, c.id, 0, 1, &it, &n, err);
		if (rc == LD_OK && n != 1)
			rc = ld_fail(err, LD_ERR_INTERNAL, "store_error", NULL,
				     "case %lld has no first contact", (long long)c.id);
	}
	if (rc != LD_OK)
		goto done;
	out->case_id = c.id;
	out->interaction_id = it.id;
	/* A new thread to the claims address is a claim; its case is this one. */
	if (in->to == APP_MAIL_TO_CLAIMS && out->outcome == APP_MAIL_NEW_CASE) {
		struct app_feedback_in claim = {
			.kind = LD_FB_CLAIM, .customer_id = cust.id, .subject = c.subject,
			.case_id = c.id, .team_id = in->team_id, .channel = -1,
			.message_id = in->message_id,
		};
		struct ld_feedback fb;
		if ((rc = app_feedback_file(app, NULL, &claim, &fb, err)) != LD_OK)
			goto done;
		out->feedback_id = fb.id;
	}
	if (in->message_id[0] != '\0' &&
	    (rc = STORE_CALL(app->store, mail_message_insert, in->message_id, it.id, LD_DIR_IN,
			     app_now(app), err)) != LD_OK)
		goto done;
	if ((rc = store_files(app, in, c.id, it.id, cut, out, err)) != LD_OK)
		goto done;
	if (forged != 0) {
		char msg[256];
		char id[24];
		snprintf(msg, sizeof msg,
			 "This e-mail refers to case #%lld, which belongs to another customer. It "
			 "was not added there: check who wrote it before answering.",
			 (long long)forged);
		if ((rc = note(app, c.id, msg, err)) != LD_OK)
			goto done;
		snprintf(id, sizeof id, "%lld", (long long)forged);
		detail3(detail, sizeof detail, "from", in->from_address, "message_id",
			in->message_id, "referenced_case", id);
		if ((rc = app_audit(app, actor, "mail.forged_reference", "case", c.id, detail,
				    err)) != LD_OK)
			goto done;
	}
	detail3(detail, sizeof detail, "from", in->from_address, "message_id", in->message_id,
		"recipient", in->recipient);
	rc = app_audit(app, actor, "mail.received", "case", c.id, detail, err);
done:
	ld_interaction_clear(&it);
	ld_customer_clear(&cust);
	free(body);
	return rc;
}

ld_status app_mail_receive(struct app *app, const struct app_actor *actor,
			   const struct app_mail_in *in, struct app_mail_result *out,
			   struct ld_err *err)
{
	ld_status rc;

	memset(out, 0, sizeof *out);
	if (!may_receive(actor))
		return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL,
			       "only the system or an admin receives mail");
	if (in->from_address == NULL || in->headers == NULL || in->message_id == NULL)
		return ld_fail(err, LD_ERR_INVALID, "required", "from", "a mail has a sender");
	if ((rc = validate_email("from", in->from_address, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = receive(app, actor, in, out, err);
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK) {
		const char *reason = out->reason;
		memset(out, 0, sizeof *out);
		out->reason = reason;
	}
	return rc;
}

ld_status app_attachment_list(struct app *app, const struct app_actor *actor, int64_t case_id,
			      int64_t after_id, int limit, struct ld_attachment *out, int *n,
			      struct ld_err *err)
{
	struct ld_case c;
	ld_status rc;

	*n = 0;
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	if ((rc = app_case_get(app, actor, case_id, &c, err)) != LD_OK)
		return rc;
	return STORE_CALL(app->store, attachment_list, case_id, after_id, limit, out, n, err);
}

ld_status app_attachment_open(struct app *app, const struct app_actor *actor, int64_t id,
			      struct ld_attachment *out, int *fd, struct ld_err *err)
{
	struct ld_case c;
	struct ld_err ignored;
	int64_t size;
	ld_status rc;

	*fd = -1;
	rc = STORE_CALL(app->store, attachment_get, id, out, err);
	if (rc == LD_OK && app_case_get(app, actor, out->case_id, &c, &ignored) != LD_OK)
		rc = LD_ERR_NOT_FOUND;
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "attachment_not_found", NULL,
			       "no attachment %lld", (long long)id);
	if (rc != LD_OK)
		return rc;
	if (app->cfg.data_dir == NULL || app->cfg.data_dir[0] == '\0')
		return ld_fail(err, LD_ERR_NOT_FOUND, "file_missing", NULL,
			       "no data directory is configured");
	if ((rc = blobs_open(app->cfg.data_dir, out->sha256, fd, &size, err)) != LD_OK)
		return rc;
	if (size != out->size) {
		close(*fd);
		*fd = -1;
		return ld_fail(err, LD_ERR_INTERNAL, "file_damaged", NULL,
			       "the stored file of attachment %lld has %lld bytes, not %lld",
			       (long long)id, (long long)size, (long long)out->size);
	}
	return LD_OK;
}
