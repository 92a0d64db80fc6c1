/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The entry points of the SQLite backend's entity files, one group per file:
 * what db.c puts in the store's ops table (contracts in store/store.h).
 * Private to src/store/sqlite/, included by sqlite_store.h only.
 */
#ifndef LD_STORE_SQLITE_SQLITE_OPS_H
#define LD_STORE_SQLITE_SQLITE_OPS_H

#include "store/store.h"

/* org.c */
ld_status sq_org_insert(struct store *s, struct ld_org *o, struct ld_err *err);
ld_status sq_org_get(struct store *s, int64_t id, struct ld_org *out, struct ld_err *err);
ld_status sq_org_update(struct store *s, const struct ld_org *o, struct ld_err *err);
ld_status sq_org_list(struct store *s, int64_t after_id, int limit, struct ld_org *out, int *n,
		      struct ld_err *err);

/* customer.c */
ld_status sq_customer_insert(struct store *s, struct ld_customer *c, struct ld_err *err);
ld_status sq_customer_get(struct store *s, int64_t id, struct ld_customer *out,
			  struct ld_err *err);
ld_status sq_customer_update(struct store *s, const struct ld_customer *c, struct ld_err *err);
ld_status sq_customer_list(struct store *s, const struct store_customer_query *q,
			   struct ld_customer *out, int *n, struct ld_err *err);
ld_status sq_customer_find_email(struct store *s, const char *email, struct ld_customer *out,
				 struct ld_err *err);

/* team.c */
ld_status sq_team_insert(struct store *s, struct ld_team *t, struct ld_err *err);
ld_status sq_team_get(struct store *s, int64_t id, struct ld_team *out, struct ld_err *err);
ld_status sq_team_update(struct store *s, const struct ld_team *t, struct ld_err *err);
ld_status sq_team_list(struct store *s, int64_t after_id, int limit, struct ld_team *out, int *n,
		       struct ld_err *err);

/* agent.c */
ld_status sq_agent_insert(struct store *s, struct ld_agent *a, const char *password_hash,
			  struct ld_err *err);
ld_status sq_agent_get(struct store *s, int64_t id, struct ld_agent *out, struct ld_err *err);
ld_status sq_agent_get_by_email(struct store *s, const char *email, struct ld_agent *out,
				char hash_out[STORE_PASSWORD_HASH_MAX + 1], struct ld_err *err);
ld_status sq_agent_update(struct store *s, const struct ld_agent *a, struct ld_err *err);
ld_status sq_agent_set_password(struct store *s, int64_t id, const char *password_hash,
				struct ld_err *err);
ld_status sq_agent_list(struct store *s, int role, int64_t after_id, int limit,
			struct ld_agent *out, int *n, struct ld_err *err);
ld_status sq_session_insert(struct store *s, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
			    const struct store_session *sess, struct ld_err *err);
ld_status sq_session_get(struct store *s, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
			 struct store_session *out, struct ld_err *err);
ld_status sq_session_delete(struct store *s, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
			    struct ld_err *err);
ld_status sq_session_delete_agent(struct store *s, int64_t agent_id, const uint8_t *keep, int *n,
				  struct ld_err *err);
ld_status sq_session_purge(struct store *s, int64_t before, int *n, struct ld_err *err);

/* facility.c */
ld_status sq_facility_insert(struct store *s, struct ld_facility *f, struct ld_err *err);
ld_status sq_facility_get(struct store *s, int64_t id, struct ld_facility *out,
			  struct ld_err *err);
ld_status sq_facility_update(struct store *s, const struct ld_facility *f, struct ld_err *err);
ld_status sq_facility_list(struct store *s, int64_t after_id, int limit, struct ld_facility *out,
			   int *n, struct ld_err *err);

/* case.c */
ld_status sq_case_insert(struct store *s, struct ld_case *c, struct ld_err *err);
ld_status sq_case_get(struct store *s, int64_t id, struct ld_case *out, struct ld_err *err);
ld_status sq_case_update(struct store *s, const struct ld_case *c, struct ld_err *err);
ld_status sq_case_list(struct store *s, const struct store_case_query *q, struct ld_case *out,
		       int *n, struct ld_err *err);
ld_status sq_subscription_insert(struct store *s, struct ld_subscription *sub,
				 struct ld_err *err);
ld_status sq_subscription_get(struct store *s, int64_t id, struct ld_subscription *out,
			      struct ld_err *err);
ld_status sq_subscription_update(struct store *s, const struct ld_subscription *sub,
				 struct ld_err *err);
ld_status sq_subscription_list(struct store *s, const struct store_subscription_query *q,
			       struct ld_subscription *out, int *n, struct ld_err *err);
ld_status sq_customer_split(struct store *s, struct store_customer_split *out,
			    struct ld_err *err);
/*
 * Binds the four parameters of a daily-bucket filter — first day, day after
 * the last, team (0 = any), channel name ('' = any) — for the report reads
 * (report.c, survey.c): [from, to) rounded out to whole UTC days.
 */
void sq_bind_day_filter(struct sq_bind *b, const struct store_effort_filter *f);
ld_status sq_effort_totals(struct store *s, const struct store_effort_filter *f,
			   struct rollup_effort *out, struct ld_err *err);
ld_status sq_fcr_totals(struct store *s, const struct store_effort_filter *f,
			struct store_fcr_totals *out, struct ld_err *err);
ld_status sq_case_topic_list(struct store *s, int64_t customer_id, int category,
			    struct store_topic_case *out, int cap, int *n, struct ld_err *err);

/* interaction.c */
ld_status sq_interaction_insert(struct store *s, struct ld_interaction *it, struct ld_err *err);
ld_status sq_interaction_list_case(struct store *s, int64_t case_id, int64_t after_id, int limit,
				   bool public_only, struct ld_interaction *out, int *n,
				   struct ld_err *err);
ld_status sq_interaction_timeline(struct store *s, int64_t customer_id,
				  const struct store_timeline_cursor *cur, int limit, bool public_only,
				  struct ld_interaction *out, int *n, struct ld_err *err);
ld_status sq_interaction_move_case(struct store *s, int64_t from_id, int64_t into_id,
				   struct ld_err *err);

/* audit.c */
ld_status sq_audit_insert(struct store *s, const struct store_audit *a, struct ld_err *err);
ld_status sq_audit_count(struct store *s, const char *action, int64_t *count,
			 struct ld_err *err);
ld_status sq_audit_list(struct store *s, const struct store_audit_query *q,
			struct ld_audit *out, int *n, struct ld_err *err);
/* Migration 0007: digests and chain of every row written before it, in the
 * migration's transaction (migrate.c runs it after the script). */
ld_status sq_audit_chain_backfill(struct sq_store *s, struct ld_err *err);

/* throttle.c */
ld_status sq_throttle_get(struct store *s, const char *key, struct throttle_state *out,
			  struct ld_err *err);
ld_status sq_throttle_put(struct store *s, const char *key, const struct throttle_state *st,
			  int64_t expires_at, int64_t now, struct ld_err *err);
ld_status sq_throttle_delete(struct store *s, const char *key, struct ld_err *err);

/* sla.c */
ld_status sq_calendar_insert(struct store *s, struct store_calendar *c, struct ld_err *err);
ld_status sq_calendar_get(struct store *s, int64_t id, struct store_calendar *out,
			  struct ld_err *err);
ld_status sq_holiday_list(struct store *s, int64_t calendar_id, int32_t *dates, int cap, int *n,
			  struct ld_err *err);
ld_status sq_holiday_add(struct store *s, int64_t calendar_id, int32_t date, const char *name,
			 struct ld_err *err);
ld_status sq_sla_policy_insert(struct store *s, struct store_sla_policy *p, struct ld_err *err);
ld_status sq_sla_policy_match(struct store *s, int priority, int category,
			      struct store_sla_policy *out, struct ld_err *err);
ld_status sq_sla_policy_list(struct store *s, struct store_sla_policy *out, int cap, int *n,
			     struct ld_err *err);
ld_status sq_calendar_list(struct store *s, int64_t after_id, int limit,
			   struct store_calendar *out, int *n, struct ld_err *err);
ld_status sq_calendar_update(struct store *s, const struct store_calendar *c,
			     struct ld_err *err);
ld_status sq_holiday_page(struct store *s, int64_t calendar_id, int32_t after_date, int limit,
			  struct store_holiday *out, int *n, struct ld_err *err);
ld_status sq_holiday_delete(struct store *s, int64_t calendar_id, int32_t date,
			    struct ld_err *err);
ld_status sq_sla_policy_get(struct store *s, int64_t id, struct store_sla_policy *out,
			    struct ld_err *err);
ld_status sq_sla_policy_update(struct store *s, const struct store_sla_policy *p,
			       struct ld_err *err);
ld_status sq_sla_policy_delete(struct store *s, int64_t id, struct ld_err *err);

/* survey.c */
ld_status sq_survey_insert(struct store *s, struct ld_survey *sv,
			   const uint8_t digest[STORE_TOKEN_DIGEST_LEN], struct ld_err *err);
ld_status sq_survey_get(struct store *s, int64_t id, struct ld_survey *out, struct ld_err *err);
ld_status sq_survey_get_by_digest(struct store *s, const uint8_t digest[STORE_TOKEN_DIGEST_LEN],
				  struct ld_survey *out, struct ld_err *err);
ld_status sq_survey_answer(struct store *s, const struct ld_survey *sv, struct ld_err *err);
ld_status sq_survey_list(struct store *s, const struct store_survey_query *q,
			 struct ld_survey *out, int *n, struct ld_err *err);
ld_status sq_survey_last_sent(struct store *s, int64_t customer_id, int64_t *at,
			      struct ld_err *err);
ld_status sq_survey_histogram(struct store *s, const struct store_survey_filter *f, int kind,
			      int64_t hist[11], struct ld_err *err);
ld_status sq_servqual_totals(struct store *s, const struct store_survey_filter *f,
			     struct store_servqual_totals *out, struct ld_err *err);
ld_status sq_ces_effort_rows(struct store *s, int64_t max,
			    ld_status (*fn)(void *ctx, int ces, const struct effort_state *e,
					    struct ld_err *err),
			    void *ctx, struct ld_err *err);
ld_status sq_survey_rule_insert(struct store *s, struct ld_survey_rule *r, struct ld_err *err);
ld_status sq_survey_rule_list(struct store *s, struct ld_survey_rule *out, int cap, int *n,
			      struct ld_err *err);
ld_status sq_survey_rule_delete(struct store *s, int64_t id, struct ld_err *err);
/* followup.c */
ld_status sq_message_insert(struct store *s, struct ld_message *m, struct ld_err *err);
ld_status sq_message_get(struct store *s, int64_t id, struct ld_message *out,
			 struct ld_err *err);
ld_status sq_message_list(struct store *s, bool waiting, int64_t now, int64_t customer_id,
			  int64_t after_id, int limit,
			  struct ld_message *out, int *n, struct ld_err *err);
ld_status sq_mail_message_insert(struct store *s, const char *message_id, int64_t interaction_id,
				 int direction, int64_t at, struct ld_err *err);
ld_status sq_mail_message_find(struct store *s, const char *message_id,
			       struct store_mail_ref *out, struct ld_err *err);
ld_status sq_attachment_insert(struct store *s, struct ld_attachment *a, struct ld_err *err);
ld_status sq_attachment_get(struct store *s, int64_t id, struct ld_attachment *out,
			    struct ld_err *err);
ld_status sq_attachment_list(struct store *s, int64_t case_id, int64_t after_id, int limit,
			     struct ld_attachment *out, int *n, struct ld_err *err);
ld_status sq_attachment_blob_used(struct store *s, const char *sha256, bool *used,
				  struct ld_err *err);
ld_status sq_message_mark_sent(struct store *s, int64_t id, int64_t at, const char *body,
			       struct ld_err *err);
ld_status sq_message_claim(struct store *s, int64_t now, int64_t lease_until,
			   struct ld_message *out, bool *found, struct ld_err *err);
ld_status sq_message_attempt_failed(struct store *s, int64_t id, int64_t next_attempt_at,
				    int64_t failed_at, const char *error, struct ld_err *err);
ld_status sq_message_retry(struct store *s, int64_t id, int64_t at, struct ld_err *err);
ld_status sq_mail_thread(struct store *s, int64_t case_id, struct store_mail_ref *out, int cap,
			 int *n, struct ld_err *err);
ld_status sq_followup_insert(struct store *s, struct ld_followup *t, struct ld_err *err);
/* call.c */
ld_status sq_integration_insert(struct store *s, struct ld_integration *in,
				const uint8_t digest[32], struct ld_err *err);
ld_status sq_integration_get(struct store *s, int64_t id, struct ld_integration *out,
			     struct ld_err *err);
ld_status sq_integration_find_token(struct store *s, const uint8_t digest[32],
				    struct ld_integration *out, struct ld_err *err);
ld_status sq_integration_list(struct store *s, int64_t after_id, int limit,
			      struct ld_integration *out, int *n, struct ld_err *err);
ld_status sq_integration_revoke(struct store *s, int64_t id, int64_t at, struct ld_err *err);
ld_status sq_integration_touch(struct store *s, int64_t id, int64_t at, struct ld_err *err);
ld_status sq_call_insert(struct store *s, struct ld_call *c, struct ld_err *err);
ld_status sq_call_update(struct store *s, const struct ld_call *c, struct ld_err *err);
ld_status sq_call_get(struct store *s, int64_t id, struct ld_call *out, struct ld_err *err);
ld_status sq_call_find(struct store *s, int64_t integration_id, const char *ref,
		       struct ld_call *out, struct ld_err *err);
ld_status sq_call_list(struct store *s, const struct store_call_query *q, struct ld_call *out,
		       int *n, struct ld_err *err);
ld_status sq_call_list_stale(struct store *s, int64_t before, int limit, struct ld_call *out,
			     int *n, struct ld_err *err);
/* chat.c */
ld_status sq_chat_widget_insert(struct store *s, struct ld_chat_widget *w, struct ld_err *err);
ld_status sq_chat_widget_update(struct store *s, const struct ld_chat_widget *w,
				struct ld_err *err);
ld_status sq_chat_widget_get(struct store *s, int64_t id, struct ld_chat_widget *out,
			     struct ld_err *err);
ld_status sq_chat_widget_find_key(struct store *s, const char *key, struct ld_chat_widget *out,
				  struct ld_err *err);
ld_status sq_chat_widget_list(struct store *s, int64_t after_id, int limit,
			      struct ld_chat_widget *out, int *n, struct ld_err *err);
ld_status sq_chat_insert(struct store *s, struct ld_chat *c, const uint8_t digest[32],
			 struct ld_err *err);
ld_status sq_chat_update(struct store *s, const struct ld_chat *c, struct ld_err *err);
ld_status sq_chat_get(struct store *s, int64_t id, struct ld_chat *out, struct ld_err *err);
ld_status sq_chat_find_token(struct store *s, const uint8_t digest[32], struct ld_chat *out,
			     struct ld_err *err);
ld_status sq_chat_list(struct store *s, const struct store_chat_query *q, struct ld_chat *out,
		       int *n, struct ld_err *err);
ld_status sq_chat_list_idle(struct store *s, int64_t before, int limit, struct ld_chat *out,
			    int *n, struct ld_err *err);
ld_status sq_chat_message_insert(struct store *s, struct ld_chat_message *m, struct ld_err *err);
ld_status sq_chat_message_list(struct store *s, int64_t chat_id, int64_t after_id, int limit,
			       struct ld_chat_message *out, int *n, struct ld_err *err);
ld_status sq_chat_message_head(struct store *s, int64_t *id, struct ld_err *err);

/* feedback.c */
ld_status sq_feedback_insert(struct store *s, struct ld_feedback *f, struct ld_err *err);
ld_status sq_feedback_update(struct store *s, const struct ld_feedback *f, struct ld_err *err);
ld_status sq_feedback_get(struct store *s, int64_t id, struct ld_feedback *out,
			  struct ld_err *err);
ld_status sq_feedback_find_message(struct store *s, const char *message_id,
				   struct ld_feedback *out, struct ld_err *err);
ld_status sq_feedback_list(struct store *s, const struct store_feedback_query *q,
			   struct ld_feedback *out, int *n, struct ld_err *err);
ld_status sq_facility_totals(struct store *s, int64_t facility_id, int64_t from, int64_t to,
			     struct store_facility_totals *out, struct ld_err *err);
/* portal.c */
ld_status sq_magic_link_insert(struct store *s, const uint8_t digest[32], int64_t customer_id,
			       int64_t created_at, int64_t expires_at, struct ld_err *err);
ld_status sq_magic_link_get(struct store *s, const uint8_t digest[32],
			    struct store_magic_link *out, struct ld_err *err);
ld_status sq_magic_link_use(struct store *s, const uint8_t digest[32], int64_t at,
			    struct ld_err *err);
ld_status sq_magic_link_count(struct store *s, int64_t customer_id, int64_t since, int *n,
			      struct ld_err *err);
/* webhook.c */
ld_status sq_webhook_insert(struct store *s, struct ld_webhook *w, struct ld_err *err);
ld_status sq_webhook_update(struct store *s, const struct ld_webhook *w, struct ld_err *err);
ld_status sq_webhook_get(struct store *s, int64_t id, struct ld_webhook *out, struct ld_err *err);
ld_status sq_webhook_delete(struct store *s, int64_t id, struct ld_err *err);
ld_status sq_webhook_list(struct store *s, bool active_only, int64_t after_id, int limit,
			  struct ld_webhook *out, int *n, struct ld_err *err);
ld_status sq_delivery_insert(struct store *s, struct ld_webhook_delivery *d, struct ld_err *err);
ld_status sq_delivery_claim(struct store *s, int64_t now, int64_t lease_until,
			    struct ld_webhook_delivery *out, bool *found, struct ld_err *err);
ld_status sq_delivery_result(struct store *s, const struct ld_webhook_delivery *d,
			     struct ld_err *err);
ld_status sq_delivery_get(struct store *s, int64_t id, struct ld_webhook_delivery *out,
			  struct ld_err *err);
ld_status sq_delivery_list(struct store *s, int64_t webhook_id, int64_t after_id, int limit,
			   struct ld_webhook_delivery *out, int *n, struct ld_err *err);
ld_status sq_followup_get(struct store *s, int64_t id, struct ld_followup *out,
			  struct ld_err *err);
ld_status sq_followup_update(struct store *s, const struct ld_followup *t, struct ld_err *err);
ld_status sq_followup_list(struct store *s, const struct store_followup_query *q,
			   struct ld_followup *out, int *n, struct ld_err *err);
/* customer.c: loyalty */
ld_status sq_customer_loyalty_key(struct store *s, int64_t customer_id,
				  char key[STORE_LOYALTY_KEY_MAX + 1], struct ld_err *err);
ld_status sq_customer_list_by_key(struct store *s, const char *key, int64_t after_id, int limit,
				  struct ld_customer *out, int *n, struct ld_err *err);
ld_status sq_loyalty_cells(struct store *s, int from_month, int to_month, store_loyalty_fn fn,
			   void *ctx, struct ld_err *err);

ld_status sq_renewal_due_list(struct store *s, int64_t from, int64_t to, int64_t after_id,
			     int limit, struct ld_subscription *out,
			     char (*keys)[STORE_LOYALTY_KEY_MAX + 1], int *n, struct ld_err *err);
ld_status sq_renewal_calendar(struct store *s, int64_t from, int64_t to,
			      ld_status (*fn)(void *ctx, int64_t day, const char *key,
					      int64_t count, struct ld_err *err),
			      void *ctx, struct ld_err *err);

/* agent.c: customer logins */
ld_status sq_agent_list_customer(struct store *s, int64_t customer_id, struct ld_agent *out,
				 int cap, int *n, struct ld_err *err);

/* gdpr.c */
ld_status sq_case_contents_remove(struct store *s, int64_t case_id, int64_t at, bool dry_run,
				  struct store_removal *out, struct ld_err *err);
ld_status sq_customer_texts_remove(struct store *s, int64_t customer_id, const char *recipient,
				   int64_t at, bool dry_run, struct store_removal *out,
				   struct ld_err *err);
ld_status sq_audit_redact(struct store *s, const char *object, const char *keep_action,
			  int64_t at, bool dry_run, struct store_removal *out, struct ld_err *err);
ld_status sq_retention_cases(struct store *s, int64_t before, int64_t after_id, int limit,
			     int64_t *ids, int *n, struct ld_err *err);
ld_status sq_compact_after_erase(struct store *s, struct store_compaction *out,
				 struct ld_err *err);

/* rollup.c */
ld_status sq_rollup_apply(struct store *s, const struct rollup_delta *deltas, size_t n,
			  const struct store_rollup_customer *customers, size_t n_customers,
			  struct ld_err *err);
ld_status sq_customer_rollup_get(struct store *s, int64_t id, struct rollup_customer *out,
				 struct ld_err *err);
ld_status sq_customer_rollup_list(struct store *s, int64_t after_id, int limit,
				  struct store_rollup_customer *out, int *n, struct ld_err *err);
ld_status sq_rollup_cells(struct store *s, store_rollup_cell_fn fn, void *ctx,
			  struct ld_err *err);
ld_status sq_rollup_clear(struct store *s, struct ld_err *err);
ld_status sq_rollup_rebuild_pending(struct store *s, bool *pending, struct ld_err *err);
ld_status sq_rollup_rebuild_done(struct store *s, struct ld_err *err);

#endif
