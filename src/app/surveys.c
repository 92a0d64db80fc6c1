/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Feedback use cases (contracts in app/surveys.h): invitations, answers by
 * token, transactional rules, campaigns, the outbox and follow-up tasks.
 */
#include "app/surveys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/survey_metrics.h"
#include "core/validate.h"
#include "util/crypto.h"
#include "util/time.h"

/* Customers a campaign reads per store call. */
#define CAMPAIGN_PAGE 200
/* Surveys a campaign commits per transaction. */
#define CAMPAIGN_BATCH 500

/* ------------------------------------------------------------ helpers --- */

/* The scale of a kind's score: [lo, hi]; SERVQUAL items are 1–7. */
static void kind_scale(int kind, int *lo, int *hi)
{
	switch (kind) {
	case LD_SURVEY_CSAT: *lo = 1, *hi = SURVEY_CSAT_POINTS; break;
	case LD_SURVEY_NPS: *lo = 0, *hi = SURVEY_NPS_POINTS - 1; break;
	default: *lo = 1, *hi = SURVEY_CES_POINTS; break;
	}
}

/* "YYYY-MM-DD" (UTC) of `t`. */
static void date_text(int64_t t, char out[16])
{
	char iso[TIME_ISO_LEN + 1];

	time_format_utc(t, iso);
	snprintf(out, 16, "%.10s", iso);
}

static ld_status survey_not_found(struct ld_err *err)
{
	return ld_fail(err, LD_ERR_NOT_FOUND, "survey_not_found", "token",
		       "no survey has this link");
}

/*
 * Creates survey `sv` (filled but for id and times) with a fresh token, and
 * its outbox message when the customer has an e-mail address. Part of the
 * caller's transaction. `case_subject` names the case in the invitation.
 */
static ld_status survey_send(struct app *app, const struct app_actor *actor,
			     const struct ld_customer *cust, const char *case_subject,
			     struct ld_survey *sv, struct app_survey_created *out,
			     struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	struct ld_message m;
	char expires_on[16];
	char token[CRYPTO_TOKEN_HEX + 1];
	ld_status rc;

	crypto_token_new(token);
	if ((rc = crypto_token_digest(token, digest, err)) != LD_OK)
		return rc;
	sv->sent_at = app_now(app);
	/* The link works to the end of the UTC day the invitation names. */
	sv->expires_at = (sv->sent_at + app->cfg.survey_ttl_s + 86399) / 86400 * 86400;
	sv->answered_at = 0;
	sv->score = -1;
	if ((rc = STORE_CALL(app->store, survey_insert, sv, digest, err)) != LD_OK)
		return rc;
	snprintf(out->token, sizeof out->token, "%s", token);
	snprintf(out->link, sizeof out->link, "%s/survey/%s", app->cfg.public_url, token);
	out->message_id = 0;
	if (cust->email[0] != '\0') {
		memset(&m, 0, sizeof m);
		m.survey_id = sv->id;
		m.customer_id = cust->id;
		m.channel = LD_CH_EMAIL;
		snprintf(m.recipient, sizeof m.recipient, "%s", cust->email);
		snprintf(m.language, sizeof m.language, "%s", sv->language);
		date_text(sv->expires_at - 1, expires_on);
		m.body = xmalloc(LD_BODY_MAX + 1);
		rc = survey_text_invitation(sv->kind, sv->language, cust->name, case_subject,
					    out->link, expires_on, m.subject, sizeof m.subject,
					    m.body, LD_BODY_MAX + 1, err);
		if (rc == LD_OK) {
			m.created_at = sv->sent_at;
			rc = STORE_CALL(app->store, message_insert, &m, err);
		}
		if (rc == LD_OK)
			out->message_id = m.id;
		free(m.body);
		if (rc != LD_OK)
			return rc;
	}
	return app_audit(app, actor, "survey.send", "survey", sv->id, NULL, err);
}

/* Language of the questions: asked, else the customer's, else the case's. */
static void survey_language(const char *asked, const struct ld_customer *cust,
			    const struct ld_case *c, char out[LD_LANG_MAX + 1])
{
	const char *lang = asked;

	if (lang == NULL || lang[0] == '\0')
		lang = cust->language;
	if ((lang == NULL || lang[0] == '\0') && c != NULL)
		lang = c->language;
	snprintf(out, LD_LANG_MAX + 1, "%s", survey_text_language(lang));
}

/* Fills the case part of a survey (team and first channel when sent). */
static void survey_of_case(struct ld_survey *sv, const struct ld_case *c)
{
	sv->case_id = c != NULL ? c->id : 0;
	sv->team_id = c != NULL ? c->team_id : 0;
	sv->channel = c != NULL ? c->first_channel : -1;
}

/* Whether `cust` was surveyed within the fatigue window before `now`. */
static ld_status fatigued(struct app *app, int64_t customer_id, bool *out, struct ld_err *err)
{
	int64_t last = 0;
	ld_status rc = STORE_CALL(app->store, survey_last_sent, customer_id, &last, err);

	*out = rc == LD_OK && last > 0 && app_now(app) - last < app->cfg.survey_fatigue_s;
	return rc;
}

/* ------------------------------------------------------------ surveys --- */

ld_status app_survey_create(struct app *app, const struct app_actor *actor,
			    const struct app_survey_new *in, struct app_survey_created *out,
			    struct ld_err *err)
{
	struct ld_customer cust = {0};
	struct ld_case c;
	bool has_case = false;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (in->kind < 0 || in->kind >= LD_SURVEY_KIND_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			       "kind must be csat, nps, ces or servqual");
	if (in->customer_id <= 0)
		return ld_fail(err, LD_ERR_INVALID, "required", "customer_id",
			       "customer_id is required");
	if (in->case_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "case_id", "ids are positive");
	if (in->language != NULL && in->language[0] != '\0' &&
	    (rc = validate_language("language", in->language, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, customer_get, in->customer_id, &cust, err);
	if (rc == LD_ERR_NOT_FOUND)
		rc = ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", "customer_id",
			     "no customer %lld", (long long)in->customer_id);
	if (rc != LD_OK)
		goto out;
	if (!cust.consent || cust.erased_at != 0) {
		rc = ld_fail(err, LD_ERR_CONFLICT, "no_consent", "customer_id",
			     "customer %lld has not agreed to be contacted",
			     (long long)cust.id);
		goto out;
	}
	if (in->case_id != 0) {
		if ((rc = app_case_load(app, in->case_id, &c, err)) != LD_OK) {
			if (rc == LD_ERR_NOT_FOUND)
				ld_fail(err, LD_ERR_NOT_FOUND, "case_not_found", "case_id",
					"no case %lld", (long long)in->case_id);
			goto out;
		}
		if (c.customer_id != cust.id) {
			rc = ld_fail(err, LD_ERR_INVALID, "case_of_other_customer", "case_id",
				     "case %lld is not customer %lld's", (long long)c.id,
				     (long long)cust.id);
			goto out;
		}
		has_case = true;
	}
	out->survey.kind = in->kind;
	out->survey.origin = LD_ORIGIN_MANUAL;
	out->survey.customer_id = cust.id;
	out->survey.created_by = actor != NULL ? actor->agent_id : 0;
	survey_of_case(&out->survey, has_case ? &c : NULL);
	survey_language(in->language, &cust, has_case ? &c : NULL, out->survey.language);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		goto out;
	rc = survey_send(app, actor, &cust, has_case ? c.subject : NULL, &out->survey, out, err);
	rc = app_tx_end(app, rc, err);
out:
	ld_customer_clear(&cust);
	if (rc != LD_OK) {
		ld_survey_clear(&out->survey);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

ld_status app_survey_get(struct app *app, const struct app_actor *actor, int64_t id,
			 struct ld_survey *out, struct ld_err *err)
{
	ld_status rc = STORE_CALL(app->store, survey_get, id, out, err);

	if (rc == LD_OK && app_require_customer_access(actor, out->customer_id, NULL) != LD_OK) {
		ld_survey_clear(out);
		rc = LD_ERR_NOT_FOUND;
	}
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "survey_not_found", NULL, "no survey %lld",
			       (long long)id);
	return rc;
}

ld_status app_survey_list(struct app *app, const struct app_actor *actor,
			  const struct store_survey_query *q, struct ld_survey *out, int *n,
			  struct ld_err *err)
{
	struct store_survey_query query = *q;
	ld_status rc;

	if ((rc = app_check_limit(&query.limit, err)) != LD_OK)
		return rc;
	if (query.kind < -1 || query.kind >= LD_SURVEY_KIND_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind", "unknown kind");
	if (!app_is_staff(actor)) {
		if (query.customer_id != 0 && query.customer_id != actor->customer_id) {
			*n = 0;
			return LD_OK;
		}
		query.customer_id = actor->customer_id;
	}
	return STORE_CALL(app->store, survey_list, &query, out, n, err);
}

/* Loads the survey of `token` and checks it may be answered now. */
static ld_status survey_by_token(struct app *app, const struct app_actor *actor,
				 const char *token, struct ld_survey *out, struct ld_err *err)
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];
	size_t len = token != NULL ? strlen(token) : 0;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if (len != APP_SURVEY_TOKEN_LEN || strspn(token, "0123456789abcdef") != len)
		return survey_not_found(err);
	if (crypto_token_digest(token, digest, NULL) != LD_OK)
		return survey_not_found(err);
	rc = STORE_CALL(app->store, survey_get_by_digest, digest, out, err);
	if (rc == LD_ERR_NOT_FOUND)
		return survey_not_found(err);
	if (rc != LD_OK)
		return rc;
	if (actor != NULL && actor->role == LD_ROLE_CUSTOMER &&
	    actor->customer_id != out->customer_id)
		rc = ld_fail(err, LD_ERR_FORBIDDEN, "survey_other_customer", "token",
			     "this survey was sent to another customer");
	else if (out->answered_at != 0)
		rc = ld_fail(err, LD_ERR_CONFLICT, "survey_answered", "token",
			     "this survey has been answered already; thank you");
	else if (app_now(app) >= out->expires_at)
		rc = ld_fail(err, LD_ERR_GONE, "survey_expired", "token",
			     "this survey link has expired");
	if (rc != LD_OK)
		ld_survey_clear(out);
	return rc;
}

ld_status app_survey_open(struct app *app, const struct app_actor *actor, const char *token,
			  struct ld_survey *out, struct survey_form *form, struct ld_err *err)
{
	ld_status rc = survey_by_token(app, actor, token, out, err);

	if (rc != LD_OK)
		return rc;
	rc = survey_text_form(out->kind, out->language, form, err);
	if (rc != LD_OK)
		ld_survey_clear(out);
	return rc;
}

/* Copies a validated answer into `sv`. */
static ld_status answer_check(const struct ld_survey *sv, const struct app_survey_answer *in,
			      struct ld_err *err)
{
	int lo, hi;
	ld_status rc;

	if (in->comment != NULL &&
	    (rc = validate_text("comment", in->comment, LD_COMMENT_MAX, false, err)) != LD_OK)
		return rc;
	if (sv->kind == LD_SURVEY_SERVQUAL) {
		if (in->score >= 0)
			return ld_fail(err, LD_ERR_INVALID, "unexpected_field", "score",
				       "a SERVQUAL survey is answered with expected and perceived");
		for (int d = 0; d < LD_SQ_DIMS; d++) {
			const char *dim = survey_servqual_dim_name(d);
			if (in->expected[d] < 1 || in->expected[d] > 7)
				return ld_fail(err, LD_ERR_INVALID, "out_of_range", "expected",
					       "expected.%s must be a whole number from 1 to 7",
					       dim);
			if (in->perceived[d] < 1 || in->perceived[d] > 7)
				return ld_fail(err, LD_ERR_INVALID, "out_of_range", "perceived",
					       "perceived.%s must be a whole number from 1 to 7",
					       dim);
		}
		return LD_OK;
	}
	for (int d = 0; d < LD_SQ_DIMS; d++)
		if (in->expected[d] != 0 || in->perceived[d] != 0)
			return ld_fail(err, LD_ERR_INVALID, "unexpected_field", "expected",
				       "only a SERVQUAL survey has expected and perceived");
	kind_scale(sv->kind, &lo, &hi);
	if (in->score < lo || in->score > hi)
		return ld_fail(err, LD_ERR_INVALID, in->score < 0 ? "required" : "out_of_range",
			       "score", "score must be a whole number from %d to %d", lo, hi);
	return LD_OK;
}

/* The follow-up reason of an answer, or -1 when the customer is content. */
static int followup_reason(const struct ld_survey *sv)
{
	if (sv->kind == LD_SURVEY_NPS && sv->score <= 6)
		return LD_REASON_DETRACTOR;
	if (sv->kind == LD_SURVEY_CES && sv->score <= 3)
		return LD_REASON_LOW_CES;
	if (sv->kind == LD_SURVEY_CSAT && sv->score <= 2)
		return LD_REASON_LOW_CSAT;
	return -1;
}

ld_status app_survey_answer(struct app *app, const struct app_actor *actor, const char *token,
			    const struct app_survey_answer *in, struct ld_survey *out,
			    struct ld_followup *task, struct ld_err *err)
{
	struct ld_followup t;
	ld_status rc;

	memset(&t, 0, sizeof t);
	if (task != NULL)
		memset(task, 0, sizeof *task);
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = survey_by_token(app, actor, token, out, err);
	if (rc != LD_OK)
		return app_tx_end(app, rc, err);
	if ((rc = answer_check(out, in, err)) != LD_OK)
		goto out;
	out->answered_at = app_now(app);
	out->score = out->kind == LD_SURVEY_SERVQUAL ? -1 : in->score;
	free(out->comment);
	out->comment = NULL;
	if (in->comment != NULL && in->comment[0] != '\0')
		out->comment = xstrdup(in->comment); /* answer_check() bounded it */
	if (out->kind == LD_SURVEY_SERVQUAL) {
		memcpy(out->expected, in->expected, sizeof out->expected);
		memcpy(out->perceived, in->perceived, sizeof out->perceived);
	}
	if ((rc = STORE_CALL(app->store, survey_answer, out, err)) != LD_OK)
		goto out;
	app_rollup_answer(app, out);
	if ((rc = app_webhook_survey(app, out, err)) != LD_OK)
		goto out;
	if ((rc = app_audit(app, actor, "survey.answer", "survey", out->id, NULL, err)) != LD_OK)
		goto out;
	t.reason = followup_reason(out);
	if (t.reason >= 0) {
		t.survey_id = out->id;
		t.customer_id = out->customer_id;
		t.case_id = out->case_id;
		t.team_id = out->team_id;
		if (out->case_id != 0) {
			/* The team that owns the case now calls back, not the one
			 * that had it when the survey went out. */
			struct ld_case c;
			if ((rc = app_case_load(app, out->case_id, &c, err)) != LD_OK)
				goto out;
			t.team_id = c.team_id;
		}
		t.status = LD_TASK_OPEN;
		t.created_at = out->answered_at;
		t.due_at = out->answered_at + app->cfg.followup_due_s;
		if ((rc = STORE_CALL(app->store, followup_insert, &t, err)) != LD_OK)
			goto out;
		rc = app_audit(app, NULL, "followup.open", "followup", t.id, NULL, err);
		if (rc == LD_OK && task != NULL)
			*task = t;
	}
out:
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK)
		ld_survey_clear(out);
	return rc;
}

/* -------------------------------------------------- transactional rules --- */

/* How specific a rule is for (category, channel): -1 = does not apply. */
static int rule_rank(const struct ld_survey_rule *r, int category, int channel)
{
	if ((r->category >= 0 && r->category != category) ||
	    (r->channel >= 0 && r->channel != channel))
		return -1;
	return (r->category >= 0 ? 2 : 0) + (r->channel >= 0 ? 1 : 0);
}

ld_status app_survey_on_resolved(struct app *app, const struct ld_case *c,
				 struct app_survey_created *sent, struct ld_err *err)
{
	struct ld_survey_rule rules[APP_RULES_MAX];
	struct app_survey_created mine;
	struct app_survey_created *out = sent != NULL ? sent : &mine;
	struct ld_customer cust = {0};
	const struct ld_survey_rule *best = NULL;
	int n = 0, best_rank = -1;
	bool tired = false;
	ld_status rc;

	memset(out, 0, sizeof *out);
	rc = STORE_CALL(app->store, survey_rule_list, rules, APP_RULES_MAX, &n, err);
	if (rc != LD_OK || n == 0)
		return rc;
	for (int i = 0; i < n; i++) {
		int rank = rule_rank(&rules[i], c->category, c->first_channel);
		if (rank > best_rank)
			best = &rules[i], best_rank = rank;
	}
	if (best == NULL)
		return LD_OK;
	if ((rc = STORE_CALL(app->store, customer_get, c->customer_id, &cust, err)) != LD_OK)
		return rc;
	/* No address, no way to deliver the link: no survey (it would only
	 * block the customer for the fatigue window). */
	if (!cust.consent || cust.erased_at != 0 || cust.email[0] == '\0')
		goto out;
	if ((rc = fatigued(app, cust.id, &tired, err)) != LD_OK || tired)
		goto out;
	out->survey.kind = best->kind;
	out->survey.origin = LD_ORIGIN_TRANSACTIONAL;
	out->survey.customer_id = cust.id;
	survey_of_case(&out->survey, c);
	survey_language(NULL, &cust, c, out->survey.language);
	rc = survey_send(app, NULL, &cust, c->subject, &out->survey, out, err);
	if (rc != LD_OK || sent == NULL) {
		ld_survey_clear(&out->survey);
		memset(out, 0, sizeof *out);
	}
out:
	ld_customer_clear(&cust);
	return rc;
}

ld_status app_survey_rule_create(struct app *app, const struct app_actor *actor,
				 struct ld_survey_rule *r, struct ld_err *err)
{
	struct ld_survey_rule rules[APP_RULES_MAX];
	int n = 0;
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if (r->kind < 0 || r->kind >= LD_SURVEY_KIND_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			       "kind must be csat, nps, ces or servqual");
	if (r->category < -1 || r->category >= LD_CAT_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "category", "unknown category");
	if (r->channel < -1 || r->channel >= LD_CH_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "channel", "unknown channel");
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, survey_rule_list, rules, APP_RULES_MAX, &n, err);
	if (rc == LD_OK && n >= APP_RULES_MAX)
		rc = ld_fail(err, LD_ERR_CONFLICT, "too_many_rules", NULL,
			     "a desk keeps at most %d survey rules", APP_RULES_MAX);
	for (int i = 0; rc == LD_OK && i < n; i++)
		if (rules[i].category == r->category && rules[i].channel == r->channel)
			rc = ld_fail(err, LD_ERR_CONFLICT, "survey_rule_exists", "category",
				     "rule %lld already covers this category and channel",
				     (long long)rules[i].id);
	if (rc == LD_OK) {
		r->created_at = app_now(app);
		rc = STORE_CALL(app->store, survey_rule_insert, r, err);
	}
	if (rc == LD_OK)
		rc = app_audit(app, actor, "survey_rule.create", "survey_rule", r->id, NULL, err);
	return app_tx_end(app, rc, err);
}

ld_status app_survey_rule_list(struct app *app, const struct app_actor *actor,
			       struct ld_survey_rule *out, int cap, int *n, struct ld_err *err)
{
	ld_status rc = app_require_staff(actor, err);

	if (rc != LD_OK)
		return rc;
	return STORE_CALL(app->store, survey_rule_list, out, cap, n, err);
}

ld_status app_survey_rule_delete(struct app *app, const struct app_actor *actor, int64_t id,
				 struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, survey_rule_delete, id, err);
	if (rc == LD_ERR_NOT_FOUND)
		rc = ld_fail(err, LD_ERR_NOT_FOUND, "survey_rule_not_found", NULL,
			     "no survey rule %lld", (long long)id);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "survey_rule.delete", "survey_rule", id, NULL, err);
	return app_tx_end(app, rc, err);
}

/* ------------------------------------------------------------ campaigns --- */

/* Whether `cust` has an active subscription renewing within the window. */
static ld_status renews_soon(struct app *app, int64_t customer_id, int64_t within_s, bool *out,
			     struct ld_err *err)
{
	struct store_subscription_query q = {
		.customer_id = customer_id,
		.status = LD_SUB_ACTIVE,
		.renews_from = app_now(app),
		.renews_to = app_now(app) + within_s,
		.limit = 1,
	};
	struct ld_subscription sub;
	int n = 0;
	ld_status rc = STORE_CALL(app->store, subscription_list, &q, &sub, &n, err);

	*out = rc == LD_OK && n > 0;
	return rc;
}

/* One customer of the segment: counts, and sends unless a dry run. */
static ld_status campaign_one(struct app *app, const struct app_actor *actor,
			      const struct app_campaign *in, const struct ld_customer *cust,
			      struct app_campaign_result *res, struct ld_err *err)
{
	struct app_survey_created sent;
	bool ok = true;
	ld_status rc;

	if (in->org_id != 0 && cust->org_id != in->org_id)
		return LD_OK;
	if (in->language != NULL && strcmp(cust->language, in->language) != 0)
		return LD_OK;
	if (in->with_cases && cust->case_count == 0)
		return LD_OK;
	if (in->renews_within_s > 0) {
		if ((rc = renews_soon(app, cust->id, in->renews_within_s, &ok, err)) != LD_OK)
			return rc;
		if (!ok)
			return LD_OK;
	}
	res->considered++;
	if (!cust->consent || cust->erased_at != 0) {
		res->no_consent++;
		return LD_OK;
	}
	if ((rc = fatigued(app, cust->id, &ok, err)) != LD_OK)
		return rc;
	if (ok) {
		res->fatigued++;
		return LD_OK;
	}
	if (cust->email[0] == '\0') {
		res->no_email++;
		return LD_OK;
	}
	if (in->limit > 0 && res->sent >= in->limit)
		return LD_OK;
	res->sent++;
	if (in->dry_run)
		return LD_OK;
	memset(&sent, 0, sizeof sent);
	sent.survey.kind = in->kind;
	sent.survey.origin = LD_ORIGIN_RELATIONSHIP;
	sent.survey.customer_id = cust->id;
	sent.survey.created_by = actor != NULL ? actor->agent_id : 0;
	snprintf(sent.survey.campaign, sizeof sent.survey.campaign, "%s", in->name);
	survey_of_case(&sent.survey, NULL);
	survey_language(NULL, cust, NULL, sent.survey.language);
	rc = survey_send(app, actor, cust, NULL, &sent.survey, &sent, err);
	ld_survey_clear(&sent.survey);
	return rc;
}

ld_status app_survey_campaign(struct app *app, const struct app_actor *actor,
			      const struct app_campaign *campaign, struct app_campaign_result *out,
			      struct ld_err *err)
{
	struct app_campaign in = *campaign;
	struct ld_customer *page = NULL;
	struct store_customer_query q = { .limit = CAMPAIGN_PAGE, .org_id = campaign->org_id };
	int64_t in_batch = 0;
	bool open = false;
	int n = 0;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if (in.kind < 0)
		in.kind = LD_SURVEY_NPS;
	if (in.kind >= LD_SURVEY_KIND_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			       "kind must be csat, nps, ces or servqual");
	if ((rc = validate_text("name", in.name, LD_NAME_MAX, true, err)) != LD_OK)
		return rc;
	if (in.language != NULL && (rc = validate_language("language", in.language, err)) != LD_OK)
		return rc;
	if (in.renews_within_s < 0 || in.limit < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value",
			       in.limit < 0 ? "limit" : "renews_within", "must not be negative");
	page = xcalloc(CAMPAIGN_PAGE, sizeof *page);
	do {
		rc = STORE_CALL(app->store, customer_list, &q, page, &n, err);
		for (int i = 0; rc == LD_OK && i < n; i++) {
			if (!open && !in.dry_run) {
				if ((rc = app_tx_begin(app, err)) != LD_OK)
					break;
				open = true;
			}
			rc = campaign_one(app, actor, &in, &page[i], out, err);
			if (open && ++in_batch >= CAMPAIGN_BATCH) {
				rc = app_tx_end(app, rc, err);
				open = false;
				in_batch = 0;
			}
		}
		if (n > 0)
			q.after_id = page[n - 1].id;
		for (int i = 0; i < n; i++)
			ld_customer_clear(&page[i]);
	} while (rc == LD_OK && n == CAMPAIGN_PAGE &&
		 (in.limit == 0 || out->sent < in.limit));
	if (open)
		rc = app_tx_end(app, rc, err);
	free(page);
	return rc;
}

/* --------------------------------------------------------------- outbox --- */

ld_status app_outbox_list(struct app *app, const struct app_actor *actor, bool waiting,
			  int64_t customer_id, int64_t after_id, int limit, struct ld_message *out,
			  int *n, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_check_limit(&limit, err)) != LD_OK)
		return rc;
	if (customer_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", "customer_id", "ids are positive");
	return STORE_CALL(app->store, message_list, waiting, app_now(app), customer_id, after_id,
			  limit, out, n, err);
}

/*
 * Blanks every survey token ("/survey/" and 64 hex digits) and portal
 * sign-in token ("/portal/login?token=" and 64 hex digits) in `body`: once
 * delivered, the outbox need not hold a working link, so the token then
 * exists nowhere but in the customer's mailbox. Returns whether one was.
 */
bool app_outbox_redact_links(char *body)
{
	static const char *const marks[] = { "/survey/", "/portal/login?token=" };
	bool any = false;

	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
		char *p = body;
		while (p != NULL && (p = strstr(p, marks[k])) != NULL) {
			p += strlen(marks[k]);
			if (strspn(p, "0123456789abcdef") >= APP_SURVEY_TOKEN_LEN) {
				memset(p, 'x', APP_SURVEY_TOKEN_LEN);
				any = true;
			}
		}
	}
	return any;
}

ld_status app_outbox_mark_sent(struct app *app, const struct app_actor *actor, int64_t id,
			       struct ld_message *out, struct ld_err *err)
{
	struct ld_message m;
	ld_status rc;

	memset(out, 0, sizeof *out);
	if ((rc = app_require_manager(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	memset(&m, 0, sizeof m);
	rc = STORE_CALL(app->store, message_get, id, &m, err);
	if (rc == LD_OK) {
		app_outbox_redact_links(m.body);
		rc = STORE_CALL(app->store, message_mark_sent, id, app_now(app), m.body, err);
	}
	ld_message_clear(&m);
	if (rc == LD_ERR_NOT_FOUND)
		rc = ld_fail(err, LD_ERR_NOT_FOUND, "message_not_found", NULL, "no message %lld",
			     (long long)id);
	if (rc == LD_OK)
		rc = app_audit(app, actor, "message.sent", "message", id, NULL, err);
	/* The answer is read before the commit: read after it, a failure would
	 * report as undelivered a delivery that was recorded. */
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, message_get, id, out, err);
	rc = app_tx_end(app, rc, err);
	if (rc != LD_OK)
		ld_message_clear(out);
	return rc;
}

/* ------------------------------------------------------------ follow-ups --- */

ld_status app_followup_get(struct app *app, const struct app_actor *actor, int64_t id,
			   struct ld_followup *out, struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	rc = STORE_CALL(app->store, followup_get, id, out, err);
	if (rc == LD_ERR_NOT_FOUND)
		rc = ld_fail(err, LD_ERR_NOT_FOUND, "followup_not_found", NULL,
			     "no follow-up task %lld", (long long)id);
	return rc;
}

ld_status app_followup_list(struct app *app, const struct app_actor *actor,
			    const struct store_followup_query *q, struct ld_followup *out, int *n,
			    struct ld_err *err)
{
	struct store_followup_query query = *q;
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if ((rc = app_check_limit(&query.limit, err)) != LD_OK)
		return rc;
	if (query.status < -1 || query.status >= LD_TASK_STATUS_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			       "status must be open or done");
	return STORE_CALL(app->store, followup_list, &query, out, n, err);
}

ld_status app_followup_set(struct app *app, const struct app_actor *actor, int64_t id,
			   int status, const char *note, struct ld_followup *out,
			   struct ld_err *err)
{
	ld_status rc;

	if ((rc = app_require_staff(actor, err)) != LD_OK)
		return rc;
	if (status < 0 || status >= LD_TASK_STATUS_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "status",
			       "status must be open or done");
	if (note != NULL && (rc = validate_text("note", note, LD_TASK_NOTE_MAX, false, err)) != LD_OK)
		return rc;
	if ((rc = app_tx_begin(app, err)) != LD_OK)
		return rc;
	rc = app_followup_get(app, actor, id, out, err);
	if (rc == LD_OK) {
		out->status = status;
		out->done_at = status == LD_TASK_DONE ? app_now(app) : 0;
		out->done_by = status == LD_TASK_DONE && actor != NULL ? actor->agent_id : 0;
		if (note != NULL)
			snprintf(out->note, sizeof out->note, "%s", note);
		rc = STORE_CALL(app->store, followup_update, out, err);
	}
	if (rc == LD_OK)
		rc = app_audit(app, actor, status == LD_TASK_DONE ? "followup.done" : "followup.reopen",
			       "followup", id, NULL, err);
	return app_tx_end(app, rc, err);
}
