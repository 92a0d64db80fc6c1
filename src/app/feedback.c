/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Claims and compliments (contract in feedback.h). */
#include "app/feedback.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/throttle.h"
#include "core/validate.h"
#include "util/xmalloc.h"

static const struct throttle_rule FORM_RULE = {
	.failures = APP_FEEDBACK_FORMS_PER_HOUR, .window_s = 3600, .delay_max_s = 3600,
};

static const char *not_found_code(int kind)
{
	return kind == LD_FB_CLAIM ? "claim_not_found" : "compliment_not_found";
}

/* ==================================================================== *
 * Filing
 * ==================================================================== */

/* Who files and how it came: the source and the channel of the contact. */
static ld_status source_of(const struct app_actor *actor, const struct app_feedback_in *in,
			   int *source, int *channel, struct ld_err *err)
{
	if (in->public_form) {
		*source = LD_FBS_FORM;
		*channel = LD_CH_WEB;
	} else if (actor == NULL) {
		*source = LD_FBS_EMAIL;
		*channel = LD_CH_EMAIL;
	} else if (app_is_staff(actor)) {
		*source = LD_FBS_AGENT;
		*channel = in->channel < 0 ? LD_CH_PHONE : in->channel;
		if (*channel >= LD_CH_COUNT || *channel == LD_CH_BOT)
			return ld_fail(err, LD_ERR_INVALID, "invalid_value", "channel",
				       "channel must be email, phone, chat, web, visit or social");
	} else {
		*source = LD_FBS_PORTAL;
		*channel = LD_CH_WEB;
		if (in->channel >= 0)
			return ld_fail(err, LD_ERR_FORBIDDEN, "field_forbidden", "channel",
				       "channel is set by the desk");
	}
	return LD_OK;
}

/* The customer it is from: the caller's own, the one named by staff, or the
 * public form's address (found or made). */
static ld_status customer_of(struct app *app, const struct app_actor *actor,
			     const struct app_feedback_in *in, struct ld_customer *cu,
			     struct ld_err *err)
{
	ld_status rc;

	if (in->public_form) {
		struct ld_customer fresh = { 0 };
		bool created;

		if (in->email == NULL || in->email[0] == '\0')
			return ld_fail(err, LD_ERR_INVALID, "required", "email",
				       "an e-mail address is required, for the answer");
		if ((rc = validate_email("email", in->email, err)) != LD_OK ||
		    (rc = validate_line("name", in->name, LD_NAME_MAX, false, err)) != LD_OK)
			return rc;
		snprintf(fresh.name, sizeof fresh.name, "%s",
			 in->name != NULL && in->name[0] != '\0' ? in->name : in->email);
		snprintf(fresh.email, sizeof fresh.email, "%s", in->email);
		for (char *p = fresh.email; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		snprintf(fresh.language, sizeof fresh.language, "%s",
			 in->language != NULL && in->language[0] != '\0' ? in->language : "en");
		fresh.preferred_channel = LD_CH_EMAIL;
		rc = app_customer_find_or_create(app, NULL, &fresh, cu, &created, err);
		if (rc == LD_OK && cu->erased_at != 0)
			rc = ld_fail(err, LD_ERR_CONFLICT, "customer_erased", "email",
				     "this address belonged to an erased customer");
		return rc;
	}
	int64_t id = in->customer_id;
	if (actor != NULL && actor->role == LD_ROLE_CUSTOMER && id == 0)
		id = actor->customer_id;
	if (id <= 0)
		return ld_fail(err, LD_ERR_INVALID, "required", "customer_id",
			       "customer_id is required");
	if ((rc = app_require_customer_access(actor, id, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, customer_get, id, cu, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", "customer_id",
			       "no customer %lld", (long long)id);
	if (rc == LD_OK && cu->erased_at != 0)
		rc = ld_fail(err, LD_ERR_CONFLICT, "customer_erased", "customer_id",
			     "customer %lld was erased", (long long)id);
	return rc;
}

/* Whom it is about exists; the agent's team is the department when none is
 * named. A case named must be the customer's. */
static ld_status check_targets(struct app *app, struct ld_feedback *f, struct ld_case *c,
			       struct ld_err *err)
{
	ld_status rc;

	if (f->agent_id != 0) {
		struct ld_agent a;
		if ((rc = app_check_staff_agent(app, f->agent_id, "agent_id", &a, err)) != LD_OK)
			return rc;
		if (f->team_id == 0)
			f->team_id = a.team_id;
	}
	if (f->team_id != 0 && (rc = app_check_team_exists(app, f->team_id, err)) != LD_OK)
		return rc;
	if (f->facility_id != 0) {
		struct ld_facility b;
		rc = STORE_CALL(app->store, facility_get, f->facility_id, &b, err);
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "facility_not_found", "facility_id",
				       "no branch %lld", (long long)f->facility_id);
		if (rc != LD_OK)
			return rc;
	}
	if (f->case_id != 0) {
		rc = STORE_CALL(app->store, case_get, f->case_id, c, err);
		if (rc == LD_OK && c->customer_id != f->customer_id)
			rc = LD_ERR_NOT_FOUND; /* another customer's case is no case of theirs */
		if (rc == LD_ERR_NOT_FOUND)
			return ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", "case_id",
				       "no case %lld of this customer", (long long)f->case_id);
		if (rc != LD_OK)
			return rc;
		if (c->merged_into_id != 0)
			return ld_fail(err, LD_ERR_CONFLICT, "case_merged", "case_id",
				       "case %lld was merged into %lld", (long long)c->id,
				       (long long)c->merged_into_id);
	}
	return LD_OK;
}

/* The customer's words as a contact: an inbound message (a call or a visit
 * when an agent took it so), handled by the filing agent. */
static struct app_interaction_in contact_of(const struct app_actor *actor, int channel,
					    const char *text)
{
	struct app_interaction_in it = {
		.channel = channel, .direction = LD_DIR_IN, .kind = -1, .body = text,
		.sentiment = NAN,
	};

	if (app_is_staff(actor) && actor != NULL) {
		it.agent_id = actor->agent_id;
		it.has_agent_id = true;
	}
	return it;
}

/* A claim's case: a new complaint in the department's queue, or the case
 * named made one (moved to the department named) with the text added. */
static ld_status claim_case(struct app *app, const struct app_actor *actor,
			    const struct app_feedback_in *in, int channel, struct ld_feedback *f,
			    struct ld_case *c, struct ld_err *err)
{
	struct app_interaction_in first = contact_of(actor, channel, in->text);
	ld_status rc;

	if (f->case_id == 0) {
		if (in->text == NULL || in->text[0] == '\0')
			return ld_fail(err, LD_ERR_INVALID, "required", "text",
				       "say what went wrong (text)");
		struct app_case_open_in open = {
			.customer_id = f->customer_id, .subject = f->subject,
			.category = LD_CAT_COMPLAINT, .priority = -1, .team_id = f->team_id,
			.language = f->language, .first = first,
		};
		/* As the system: a customer may not choose a queue, the claim does. */
		if ((rc = app_case_open(app, NULL, &open, c, err)) != LD_OK)
			return rc;
		f->case_id = c->id;
		return LD_OK;
	}
	struct app_case_patch patch = { .has_category = true, .category = LD_CAT_COMPLAINT };
	if (f->team_id != 0 && f->team_id != c->team_id) {
		patch.has_team = true;
		patch.team_id = f->team_id;
	}
	if ((rc = app_case_update(app, NULL, c->id, &patch, c, err)) != LD_OK)
		return rc;
	if (in->text != NULL && in->text[0] != '\0' && f->source != LD_FBS_EMAIL) {
		struct ld_interaction it;
		rc = app_interaction_add(app, NULL, c->id, &first, &it, c, err);
		ld_interaction_clear(&it);
	}
	return rc;
}

static ld_status file(struct app *app, const struct app_actor *actor,
		      const struct app_feedback_in *in, struct ld_feedback *f, struct ld_err *err)
{
	struct ld_customer cu = { 0 };
	struct ld_case c = { 0 };
	char detail[160];
	int channel;
	ld_status rc;

	if ((rc = customer_of(app, actor, in, &cu, err)) != LD_OK)
		goto out;
	f->customer_id = cu.id;
	if (f->language[0] == '\0')
		snprintf(f->language, sizeof f->language, "%s", cu.language);
	if ((rc = source_of(actor, in, &f->source, &channel, err)) != LD_OK ||
	    (rc = feedback_check(f, err)) != LD_OK || (rc = check_targets(app, f, &c, err)) != LD_OK)
		goto out;
	f->filed_by = f->source == LD_FBS_AGENT ? actor->agent_id : 0;
	f->created_at = app_now(app);
	if (f->kind == LD_FB_CLAIM && (rc = claim_case(app, actor, in, channel, f, &c, err)) != LD_OK)
		goto out;
	if ((rc = STORE_CALL(app->store, feedback_insert, f, err)) != LD_OK ||
	    (rc = app_webhook_feedback(app, f, f->kind == LD_FB_CLAIM ? &c : NULL, err)) != LD_OK)
		goto out;
	snprintf(detail, sizeof detail, "{\"customer_id\":%lld,\"case_id\":%lld,\"source\":\"%s\"}",
		 (long long)f->customer_id, (long long)f->case_id,
		 ld_feedback_source_name(f->source));
	struct app_actor who = { .role = LD_ROLE_ADMIN };
	if (in->public_form && in->address != NULL && strlen(in->address) <= LD_AUDIT_ADDRESS_MAX)
		snprintf(who.address, sizeof who.address, "%s", in->address);
	rc = app_audit(app, in->public_form ? &who : actor,
		       f->kind == LD_FB_CLAIM ? "claim.create" : "compliment.create",
		       ld_feedback_kind_name(f->kind), f->id, detail, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, feedback_get, f->id, f, err);
out:
	ld_customer_clear(&cu);
	return rc;
}

ld_status app_feedback_file(struct app *app, const struct app_actor *actor,
			    const struct app_feedback_in *in, struct ld_feedback *out,
			    struct ld_err *err)
{
	int64_t wait = 0;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if (in->public_form && actor != NULL)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", NULL,
			       "signed in: file it as yourself");
	/* The form proves no one's address: it may file in a customer's name
	 * (source form says so), never reach into their cases. */
	if (in->public_form && in->case_id != 0)
		return ld_fail(err, LD_ERR_FORBIDDEN, "field_forbidden", "case_id",
			       "the public form cannot name a case; sign in to the portal");
	out->kind = in->kind;
	out->team_id = in->team_id;
	out->agent_id = in->agent_id;
	out->facility_id = in->facility_id;
	out->case_id = in->case_id;
	if (in->message_id != NULL && in->message_id[0] != '\0') {
		if (actor != NULL || in->public_form ||
		    strlen(in->message_id) >= sizeof out->message_id)
			return ld_fail(err, LD_ERR_INVALID, "invalid_value", "message_id",
				       "only mail the desk received carries a message id");
		snprintf(out->message_id, sizeof out->message_id, "%s", in->message_id);
	}
	if ((rc = validate_line("subject", in->subject, LD_SUBJECT_MAX, true, err)) != LD_OK)
		return rc;
	snprintf(out->subject, sizeof out->subject, "%s", in->subject);
	if (in->kind == LD_FB_COMPLIMENT) {
		if ((rc = validate_text("text", in->text, LD_FEEDBACK_TEXT_MAX, true, err)) != LD_OK)
			return rc;
		snprintf(out->text, sizeof out->text, "%s", in->text);
	} else if ((rc = validate_text("text", in->text, LD_BODY_MAX, false, err)) != LD_OK) {
		return rc;
	}
	if (in->language != NULL && in->language[0] != '\0') {
		if ((rc = validate_language("language", in->language, err)) != LD_OK)
			return rc;
		snprintf(out->language, sizeof out->language, "%s", in->language);
	}
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	if (in->public_form)
		rc = app_throttle_count(app, &FORM_RULE, "form", in->address, &wait, err);
	if (rc == LD_OK && wait == 0)
		rc = file(app, actor, in, out, err);
	rc = app_tx_end(app, rc, err);
	if (rc == LD_OK && wait > 0) {
		rc = ld_fail(err, LD_ERR_TOO_MANY, "too_many_attempts", NULL,
			     "too many forms sent from here; try again in %lld s", (long long)wait);
		err->retry_after_s = wait;
	}
	if (rc != LD_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* ==================================================================== *
 * Reading and crediting
 * ==================================================================== */

ld_status app_feedback_get(struct app *app, const struct app_actor *actor, int kind, int64_t id,
			   struct ld_feedback *out, struct ld_err *err)
{
	ld_status rc = STORE_CALL(app->store, feedback_get, id, out, err);

	if (rc == LD_OK && (out->kind != kind ||
			    (!app_is_staff(actor) &&
			     (actor->role != LD_ROLE_CUSTOMER || actor->customer_id != out->customer_id))))
		rc = LD_ERR_NOT_FOUND;
	if (rc == LD_ERR_NOT_FOUND) {
		memset(out, 0, sizeof *out);
		return ld_fail(err, LD_ERR_NOT_FOUND, not_found_code(kind), NULL, "no %s %lld",
			       ld_feedback_kind_name(kind), (long long)id);
	}
	return rc;
}

ld_status app_feedback_list(struct app *app, const struct app_actor *actor,
			    const struct store_feedback_query *q, struct ld_feedback *out, int *n,
			    struct ld_err *err)
{
	struct store_feedback_query mine = *q;
	ld_status rc;

	*n = 0;
	if ((rc = app_check_limit(&mine.limit, err)) != LD_OK)
		return rc;
	if (mine.from < 0 || mine.to < 0 || (mine.from != 0 && mine.to != 0 && mine.to <= mine.from))
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to",
			       "the period ends before it starts");
	if (mine.subject != NULL &&
	    (rc = validate_line("subject", mine.subject, LD_SUBJECT_MAX, false, err)) != LD_OK)
		return rc;
	if (!app_is_staff(actor)) {
		if (actor->role != LD_ROLE_CUSTOMER)
			return app_require_staff(actor, err);
		if (mine.customer_id != 0 && mine.customer_id != actor->customer_id)
			return app_require_customer_access(actor, mine.customer_id, err);
		mine.customer_id = actor->customer_id;
	}
	return STORE_CALL(app->store, feedback_list, &mine, out, n, err);
}

ld_status app_feedback_update(struct app *app, const struct app_actor *actor, int kind,
			      int64_t id, const struct app_feedback_patch *p,
			      struct ld_feedback *out, struct ld_err *err)
{
	struct ld_case c;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	if ((rc = app_feedback_get(app, actor, kind, id, out, err)) != LD_OK)
		goto out;
	if (p->has_team)
		out->team_id = p->team_id;
	if (p->has_agent)
		out->agent_id = p->agent_id;
	if (p->has_facility)
		out->facility_id = p->facility_id;
	/* check_targets fills an empty department from the agent, as filing does */
	int64_t case_id = out->case_id;
	out->case_id = 0;
	rc = check_targets(app, out, &c, err);
	out->case_id = case_id;
	if (rc == LD_OK && out->source != LD_FBS_EMAIL && out->team_id == 0 && out->agent_id == 0 &&
	    out->facility_id == 0)
		rc = ld_fail(err, LD_ERR_INVALID, "target_required", "team_id",
			     "it must stay about a department, an agent or a branch");
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, feedback_update, out, err);
	if (rc == LD_OK)
		rc = app_audit(app, actor, kind == LD_FB_CLAIM ? "claim.update" : "compliment.update",
			       ld_feedback_kind_name(kind), id, NULL, err);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, feedback_get, id, out, err);
out:
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* ==================================================================== *
 * Counts
 * ==================================================================== */

static const char *const BY_NAMES[APP_FB_BY_COUNT] = {
	[APP_FB_BY_TEAM] = "team", [APP_FB_BY_AGENT] = "agent", [APP_FB_BY_FACILITY] = "facility",
};

const char *app_feedback_by_name(int by)
{
	return ld_enum_name(BY_NAMES, APP_FB_BY_COUNT, by);
}

int app_feedback_by_parse(const char *s)
{
	return ld_enum_parse(BY_NAMES, APP_FB_BY_COUNT, s);
}

static void tally_add(struct app_feedback_tally *t, const struct ld_feedback *f, int64_t now)
{
	if (f->kind == LD_FB_COMPLIMENT) {
		t->compliments++;
		return;
	}
	const char *state = feedback_claim_state(f);
	t->claims++;
	if (state == NULL)
		return;
	if (strcmp(state, "resolved") == 0)
		t->claims_resolved++;
	else if (strcmp(state, "answered") == 0)
		t->claims_answered++;
	else
		t->claims_open++;
	if (feedback_claim_overdue(f, now))
		t->claims_overdue++;
}

static int64_t target_of(const struct ld_feedback *f, int by)
{
	return by == APP_FB_BY_TEAM ? f->team_id : by == APP_FB_BY_AGENT ? f->agent_id
									 : f->facility_id;
}

/* The tally of `target` in r->items (sorted by id, none named last), added when new. */
static struct app_feedback_tally *tally_of(struct app_feedback_report *r, size_t *cap,
					   int64_t target)
{
	size_t lo = 0, hi = r->n;
	uint64_t key = target == 0 ? UINT64_MAX : (uint64_t)target;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint64_t k = r->items[mid].target_id == 0 ? UINT64_MAX
							   : (uint64_t)r->items[mid].target_id;
		if (k == key)
			return &r->items[mid];
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (r->n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		r->items = xrealloc(r->items, *cap * sizeof *r->items);
	}
	memmove(&r->items[lo + 1], &r->items[lo], (r->n - lo) * sizeof *r->items);
	r->n++;
	memset(&r->items[lo], 0, sizeof *r->items);
	r->items[lo].target_id = target;
	return &r->items[lo];
}

#define REPORT_PAGE 200

ld_status app_feedback_report(struct app *app, const struct app_actor *actor, int by,
			      int64_t from, int64_t to, struct app_feedback_report *out,
			      struct ld_err *err)
{
	struct store_feedback_query q = { .kind = -1, .from = from, .to = to, .limit = REPORT_PAGE };
	struct ld_feedback *page;
	int64_t now = app_now(app);
	size_t cap = 0;
	ld_status rc;
	int n;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if (by < 0 || by >= APP_FB_BY_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "by",
			       "by must be team, agent or facility");
	if (from < 0 || to < 0 || (from != 0 && to != 0 && to <= from))
		return ld_fail(err, LD_ERR_INVALID, "invalid_range", "to",
			       "the period ends before it starts");
	out->by = by;
	out->from = from;
	out->to = to;
	page = xcalloc(REPORT_PAGE, sizeof *page);
	do {
		if ((rc = STORE_CALL(app->store, feedback_list, &q, page, &n, err)) != LD_OK)
			break;
		for (int i = 0; i < n; i++) {
			tally_add(&out->total, &page[i], now);
			tally_add(tally_of(out, &cap, target_of(&page[i], by)), &page[i], now);
		}
		if (n > 0)
			q.after_id = page[n - 1].id;
	} while (n == REPORT_PAGE);
	free(page);
	if (rc != LD_OK)
		app_feedback_report_free(out);
	return rc;
}

void app_feedback_report_free(struct app_feedback_report *r)
{
	free(r->items);
	r->items = NULL;
	r->n = 0;
}
