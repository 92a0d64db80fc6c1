/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk import renewals`: one subscription per row, in one of two
 * forms the header tells apart (import.c checks it):
 *
 *   peer   customer_id,renewed         renewed 1/0 → status renewed/lapsed;
 *                                      product "Imported", period yearly,
 *                                      renews_at = when the import began
 *   full   customer_id,product,period,renews_at,status
 *                                      renews_at ISO 8601 or Unix seconds
 *
 * Customer ids are the file's own and map exactly as in interactions
 * (import_customer_of), so a renewals file and an interactions file from the
 * same export land on the same customers even when imported separately:
 * import_renewals_prepare() first learns the "Customer <n>" placeholders
 * earlier imports created, since a placeholder's store id is rarely <n>.
 *
 * The subscription goes through app_subscription_create, whose checks are
 * the rules; the store's trigger then moves the customer's renewal outcome.
 * Must not write the store directly or second-guess the app's validation.
 */
#include "cli/import.h"

#include <stdlib.h>
#include <string.h>

#include "app/reports.h"
#include "http/json_in.h"

#define IMPORT_RENEWALS_PRODUCT "Imported"

ld_status import_renewals_prepare(struct import_job *job, struct ld_err *err)
{
	struct store_customer_query q = { NULL, 0, 0, APP_LIST_MAX };
	struct ld_customer *page = NULL;
	int n = 0;
	ld_status rc;

	page = calloc(APP_LIST_MAX, sizeof *page);
	if (page == NULL)
		abort();
	do {
		rc = app_customer_list(job->app, NULL, &q, page, &n, err);
		if (rc != LD_OK)
			goto out;
		for (int i = 0; i < n; i++) {
			int64_t ext;
			const char *name = page[i].name;
			/* the lowest id wins, as the first import_customer_of did */
			if (strncmp(name, "Customer ", 9) == 0 &&
			    cli_parse_i64(name + 9, 1, INT64_MAX, &ext) && ext != page[i].id &&
			    idmap_get(&job->customers, ext) <= 0)
				idmap_put(&job->customers, ext, page[i].id);
			q.after_id = page[i].id;
			ld_customer_clear(&page[i]);
		}
	} while (n == APP_LIST_MAX);
	idmap_commit(&job->customers); /* a rolled-back batch must not forget these */
out:
	free(page);
	return rc;
}

/* Fills the fields of the full form; false when the row was rejected. */
static bool import_renewal_full(struct import_job *job, struct import_row *row,
				struct ld_subscription *sub)
{
	const char *v = import_field(job, row, IMPORT_R_PRODUCT);

	if (strlen(v) > LD_NAME_MAX) {
		import_reject(job, row, "product is longer than %d bytes", LD_NAME_MAX);
		return false;
	}
	strcpy(sub->product, v);
	v = import_field(job, row, IMPORT_R_PERIOD);
	if ((sub->period = ld_period_parse(v)) < 0) {
		import_reject(job, row, "period must be monthly, quarterly or yearly, not \"%.32s\"",
			      v);
		return false;
	}
	v = import_field(job, row, IMPORT_R_RENEWS_AT);
	if (!cli_parse_time(v, &sub->renews_at) && !http_time_parse(v, &sub->renews_at)) {
		import_reject(job, row, "renews_at must be Unix seconds or ISO 8601");
		return false;
	}
	v = import_field(job, row, IMPORT_R_STATUS);
	if ((sub->status = ld_sub_status_parse(v)) < 0) {
		import_reject(job, row, "status must be active, renewed or lapsed, not \"%.32s\"",
			      v);
		return false;
	}
	return true;
}

ld_status import_renewal_apply(struct import_job *job, size_t i, struct ld_err *err)
{
	struct import_row *row = &job->rows[i];
	struct ld_subscription sub;
	const char *v;
	int64_t ext;
	ld_status rc;

	memset(&sub, 0, sizeof sub);
	if (!cli_parse_i64(import_field(job, row, IMPORT_R_CUSTOMER), 1, INT64_MAX, &ext)) {
		import_reject(job, row, "customer_id must be a positive id");
		return LD_ERR_INVALID;
	}
	if (job->col[IMPORT_R_RENEWED] >= 0) {
		v = import_field(job, row, IMPORT_R_RENEWED);
		if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0) {
			import_reject(job, row, "renewed must be 1 or 0");
			return LD_ERR_INVALID;
		}
		snprintf(sub.product, sizeof sub.product, "%s", IMPORT_RENEWALS_PRODUCT);
		sub.period = LD_PERIOD_YEARLY;
		sub.renews_at = job->started_at;
		sub.status = v[0] == '1' ? LD_SUB_RENEWED : LD_SUB_LAPSED;
	} else if (!import_renewal_full(job, row, &sub)) {
		return LD_ERR_INVALID;
	}
	if ((rc = import_customer_of(job, ext, &sub.customer_id, err)) == LD_OK)
		rc = app_subscription_create(job->app, NULL, &sub, err);
	if (rc != LD_OK)
		import_reject(job, row, "%s", err->message);
	return rc;
}
