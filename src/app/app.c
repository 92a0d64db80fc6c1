/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The app context: configuration, clock, transactions, roles and audit —
 * the plumbing every use case shares. Use cases live beside it, one file per
 * area (accounts.c, directory.c, cases.c, sla.c).
 */
#include "app/internal.h"
#include "app/live.h"
#include "core/throttle.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void app_config_defaults(struct app_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->fcr_window_s = 7 * 86400;
	cfg->session_ttl_s = 30 * 86400;
	cfg->default_tz = "UTC";
	cfg->now = NULL;
	cfg->survey_fatigue_s = 30 * 86400;
	cfg->survey_ttl_s = 14 * 86400;
	cfg->followup_due_s = 2 * 86400;
	cfg->public_url = "http://127.0.0.1:8080";
	cfg->portal_link_ttl_s = 15 * 60;
	cfg->call_timeout_s = 4 * 3600;
	cfg->min_free_bytes = APP_MIN_FREE_DEFAULT;
	cfg->login_failures = 5;
	cfg->login_address_failures = 20;
	cfg->login_window_s = 15 * 60;
	cfg->login_delay_max_s = 15 * 60;
	cfg->mail_retry_for_s = 2 * 86400;
	cfg->chat_idle_s = 15 * 60;
}

void app_config_overlay(struct app_config *out, const struct app_config *in)
{
	app_config_defaults(out);
	if (in->fcr_window_s != 0)
		out->fcr_window_s = in->fcr_window_s;
	if (in->session_ttl_s != 0)
		out->session_ttl_s = in->session_ttl_s;
	if (in->default_tz != NULL)
		out->default_tz = in->default_tz;
	if (in->now != NULL)
		out->now = in->now;
	if (in->effort_weights != NULL)
		out->effort_weights = in->effort_weights;
	if (in->survey_fatigue_s != 0)
		out->survey_fatigue_s = in->survey_fatigue_s;
	if (in->survey_ttl_s != 0)
		out->survey_ttl_s = in->survey_ttl_s;
	if (in->followup_due_s != 0)
		out->followup_due_s = in->followup_due_s;
	if (in->public_url != NULL)
		out->public_url = in->public_url;
	if (in->min_free_bytes != 0)
		out->min_free_bytes = in->min_free_bytes;
	if (in->login_failures != 0)
		out->login_failures = in->login_failures;
	if (in->login_address_failures != 0)
		out->login_address_failures = in->login_address_failures;
	if (in->login_window_s != 0)
		out->login_window_s = in->login_window_s;
	if (in->login_delay_max_s != 0)
		out->login_delay_max_s = in->login_delay_max_s;
	if (in->retention_months != 0)
		out->retention_months = in->retention_months;
	if (in->data_dir != NULL)
		out->data_dir = in->data_dir;
	if (in->web_dir != NULL)
		out->web_dir = in->web_dir;
	if (in->mail_from != NULL)
		out->mail_from = in->mail_from;
	if (in->mail_retry_for_s != 0)
		out->mail_retry_for_s = in->mail_retry_for_s;
	if (in->call_timeout_s != 0)
		out->call_timeout_s = in->call_timeout_s;
	if (in->portal_link_ttl_s != 0)
		out->portal_link_ttl_s = in->portal_link_ttl_s;
	if (in->phone_country_code != NULL)
		out->phone_country_code = in->phone_country_code;
	if (in->chat_idle_s != 0)
		out->chat_idle_s = in->chat_idle_s;
	if (in->live != NULL)
		out->live = in->live;
}

void app_init(struct app *app, struct store *store, const struct app_config *cfg)
{
	memset(app, 0, sizeof *app);
	app->store = store;
	if (cfg != NULL)
		app->cfg = *cfg;
	else
		app_config_defaults(&app->cfg);
	if (app->cfg.fcr_window_s <= 0)
		app->cfg.fcr_window_s = 7 * 86400;
	if (app->cfg.session_ttl_s <= 0)
		app->cfg.session_ttl_s = 30 * 86400;
	if (app->cfg.default_tz == NULL)
		app->cfg.default_tz = "UTC";
	if (app->cfg.survey_fatigue_s < 0)
		app->cfg.survey_fatigue_s = 30 * 86400;
	if (app->cfg.survey_ttl_s <= 0)
		app->cfg.survey_ttl_s = 14 * 86400;
	if (app->cfg.followup_due_s <= 0)
		app->cfg.followup_due_s = 2 * 86400;
	if (app->cfg.public_url == NULL)
		app->cfg.public_url = "http://127.0.0.1:8080";
	if (app->cfg.min_free_bytes == 0)
		app->cfg.min_free_bytes = APP_MIN_FREE_DEFAULT;
	if (app->cfg.login_failures <= 0)
		app->cfg.login_failures = 5;
	if (app->cfg.login_address_failures == 0 ||
	    app->cfg.login_address_failures < APP_THROTTLE_OFF)
		app->cfg.login_address_failures = 20;
	if (app->cfg.login_window_s <= 0)
		app->cfg.login_window_s = 15 * 60;
	if (app->cfg.login_delay_max_s <= 0)
		app->cfg.login_delay_max_s = 15 * 60;
	if (app->cfg.chat_idle_s <= 0)
		app->cfg.chat_idle_s = 15 * 60;
}

void app_live_note(struct app *app, int64_t topic)
{
	if (app->cfg.live == NULL)
		return;
	for (int i = 0; i < app->n_live_notes; i++) {
		if (app->live_notes[i] == topic)
			return;
	}
	if (app->n_live_notes < (int)(sizeof app->live_notes / sizeof app->live_notes[0]))
		app->live_notes[app->n_live_notes++] = topic;
	else
		app->live_overflow = true;
}

/* After the outermost commit: the noted topics' waiters read again. */
static void live_flush(struct app *app, bool committed)
{
	if (committed && app->live_overflow)
		app_live_wake_all(app->cfg.live);
	else if (committed)
		for (int i = 0; i < app->n_live_notes; i++)
			app_live_publish(app->cfg.live, app->live_notes[i]);
	app->n_live_notes = 0;
	app->live_overflow = false;
}

int64_t app_now(const struct app *app)
{
	if (app->cfg.now != NULL)
		return app->cfg.now();
	return (int64_t)time(NULL);
}

ld_status app_tx_begin(struct app *app, struct ld_err *err)
{
	ld_status rc;

	/* The outermost use case opens the transaction; nested ones (a use case
	 * inside a batch or inside another) take a savepoint, so their failure
	 * undoes only their own writes. */
	if (app->tx_depth == 0)
		rc = STORE_CALL(app->store, begin, err);
	else
		rc = STORE_CALL(app->store, savepoint, err);
	if (rc == LD_OK) {
		app_rollup_mark(app);
		app->tx_depth++;
	}
	return rc;
}

ld_status app_tx_end(struct app *app, ld_status status, struct ld_err *err)
{
	struct ld_err ignored;
	ld_status rc;

	app->tx_depth--;
	if (app->tx_depth > 0) {
		if (status != LD_OK) {
			app->store->ops->rollback_savepoint(app->store);
			app_rollup_undo(app);
			app_case_seen_forget(app);
			return status;
		}
		rc = STORE_CALL(app->store, release, err);
		if (rc != LD_OK) {
			app->store->ops->rollback_savepoint(app->store);
			app_rollup_undo(app);
			app_case_seen_forget(app);
		}
		return rc;
	}
	app_case_seen_forget(app); /* another writer may come between transactions */
	if (status != LD_OK) {
		app->store->ops->rollback(app->store);
		app_rollup_discard(app);
		live_flush(app, false);
		return status;
	}
	/* The derived figures of everything the transaction wrote, once per cell. */
	rc = app_rollup_flush(app, err != NULL ? err : &ignored);
	if (rc == LD_OK)
		rc = STORE_CALL(app->store, commit, err != NULL ? err : &ignored);
	if (rc != LD_OK) {
		app->store->ops->rollback(app->store);
		app_rollup_discard(app);
	}
	live_flush(app, rc == LD_OK);
	return rc;
}

ld_status app_batch_begin(struct app *app, struct ld_err *err)
{
	return app_tx_begin(app, err);
}

ld_status app_batch_end(struct app *app, bool commit, struct ld_err *err)
{
	if (app->tx_depth <= 0)
		return ld_fail(err, LD_ERR_INTERNAL, "no_batch", NULL, "no batch is open");
	if (!commit)
		return app_tx_end(app, ld_fail(err, LD_ERR_CONFLICT, "batch_cancelled", NULL,
					       "batch rolled back"), err);
	return app_tx_end(app, LD_OK, err);
}

ld_status app_audit_object(struct app *app, const struct app_actor *actor, const char *action,
			   const char *object, const char *detail, struct ld_err *err)
{
	struct store_audit a;

	a.actor_id = actor != NULL ? actor->agent_id : 0;
	a.action = action;
	a.object = object;
	a.detail = detail;
	a.address = actor != NULL && actor->address[0] != '\0' ? actor->address : NULL;
	a.at = app_now(app);
	return STORE_CALL(app->store, audit_insert, &a, err);
}

void app_audit_apart(struct app *app, const struct app_actor *actor, const char *action,
		     const char *detail)
{
	struct ld_err ignored = { 0 };

	if (app_tx_begin(app, &ignored) == LD_OK)
		app_tx_end(app, app_audit_object(app, actor, action, NULL, detail, &ignored),
			   &ignored);
}

ld_status app_audit(struct app *app, const struct app_actor *actor, const char *action,
		    const char *object_kind, int64_t object_id, const char *detail,
		    struct ld_err *err)
{
	char object[LD_AUDIT_OBJECT_MAX + 1];

	snprintf(object, sizeof object, "%s/%lld", object_kind, (long long)object_id);
	return app_audit_object(app, actor, action, object, detail, err);
}

bool app_is_staff(const struct app_actor *actor)
{
	return actor == NULL || actor->role == LD_ROLE_ADMIN || actor->role == LD_ROLE_MANAGER ||
	       actor->role == LD_ROLE_AGENT;
}

ld_status app_require_admin(const struct app_actor *actor, const char *what, struct ld_err *err)
{
	if (actor == NULL || actor->role == LD_ROLE_ADMIN)
		return LD_OK;
	return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL, "%s is for admins", what);
}

bool app_is_manager(const struct app_actor *actor)
{
	return actor == NULL || actor->role == LD_ROLE_ADMIN || actor->role == LD_ROLE_MANAGER;
}

ld_status app_require_staff(const struct app_actor *actor, struct ld_err *err)
{
	if (app_is_staff(actor))
		return LD_OK;
	return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL, "staff only");
}

ld_status app_require_manager(const struct app_actor *actor, struct ld_err *err)
{
	if (app_is_manager(actor))
		return LD_OK;
	return ld_fail(err, LD_ERR_FORBIDDEN, "forbidden", NULL,
		       "this needs the admin or manager role");
}

ld_status app_require_customer_access(const struct app_actor *actor, int64_t customer_id,
				      struct ld_err *err)
{
	if (app_is_staff(actor))
		return LD_OK;
	if (actor->role == LD_ROLE_CUSTOMER && actor->customer_id == customer_id &&
	    customer_id != 0)
		return LD_OK;
	/* Not found rather than forbidden: a customer learns nothing of others. */
	return ld_fail(err, LD_ERR_NOT_FOUND, "customer_not_found", NULL, "no such customer");
}

ld_status app_check_limit(int *limit, struct ld_err *err)
{
	if (*limit == 0)
		*limit = APP_LIST_DEFAULT;
	if (*limit < 1 || *limit > APP_LIST_MAX)
		return ld_fail(err, LD_ERR_INVALID, "invalid_limit", "limit",
			       "limit must be between 1 and %d", APP_LIST_MAX);
	return LD_OK;
}

ld_status app_check_staff_agent(struct app *app, int64_t agent_id, const char *field,
				struct ld_agent *out, struct ld_err *err)
{
	struct app_case_work *w = app->work;
	struct ld_agent a;
	ld_status rc;

	if (agent_id <= 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id", field, "%s must be a positive id",
			       field);
	/* An imported history names the same few agents row after row. */
	for (int i = 0; w != NULL && i < w->n_agents; i++) {
		if (w->agents[i].id == agent_id) {
			if (out != NULL)
				*out = w->agents[i];
			return LD_OK;
		}
	}
	rc = STORE_CALL(app->store, agent_get, agent_id, &a, err);
	if (rc == LD_ERR_NOT_FOUND)
		return ld_fail(err, LD_ERR_NOT_FOUND, "agent_not_found", field, "no agent %lld",
			       (long long)agent_id);
	if (rc != LD_OK)
		return rc;
	if (a.role == LD_ROLE_CUSTOMER || !a.active)
		return ld_fail(err, LD_ERR_INVALID, "agent_not_active", field,
			       "agent %lld is not an active staff account", (long long)agent_id);
	if (w != NULL) {
		int slot = w->n_agents < APP_WORK_AGENTS ? w->n_agents++ : w->next_agent;
		if (slot == w->next_agent)
			w->next_agent = (w->next_agent + 1) % APP_WORK_AGENTS;
		w->agents[slot] = a;
	}
	if (out != NULL)
		*out = a;
	return LD_OK;
}

ld_status app_throttle_count(struct app *app, const struct throttle_rule *rule, const char *what,
			     const char *address, int64_t *wait, struct ld_err *err)
{
	char key[STORE_THROTTLE_KEY_MAX + 1];
	struct throttle_state st;
	int64_t now = app_now(app);
	ld_status rc;

	*wait = 0;
	if (address == NULL || address[0] == '\0')
		return LD_OK;
	snprintf(key, sizeof key, "%s:%s", what, address);
	rc = STORE_CALL(app->store, throttle_get, key, &st, err);
	if (rc == LD_ERR_NOT_FOUND) {
		memset(&st, 0, sizeof st);
		rc = LD_OK;
	}
	if (rc != LD_OK || (*wait = throttle_wait(&st, now)) > 0)
		return rc;
	throttle_fail(rule, &st, now);
	return STORE_CALL(app->store, throttle_put, key, &st, throttle_expires_at(rule, &st), now,
			  err);
}
