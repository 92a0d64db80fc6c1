/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Private to `loyaldesk import`: the job state shared by the batch runner
 * (import.c), the interaction replayer (import_interactions.c) and the
 * renewals layout (import_renewals.c).
 */
#ifndef LD_CLI_IMPORT_H
#define LD_CLI_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "cli/idmap.h"
#include "util/csv.h"

/* The layouts `import` reads. */
enum import_layout { IMPORT_CUSTOMERS, IMPORT_INTERACTIONS, IMPORT_RENEWALS };

/* Columns the layouts know ("id" is accepted and ignored by all). */
enum import_col {
	/* customers */
	IMPORT_C_NAME, IMPORT_C_EMAIL, IMPORT_C_PHONE, IMPORT_C_LANGUAGE, IMPORT_C_PREFERRED,
	IMPORT_C_ORG, IMPORT_C_CONSENT, IMPORT_C_CREATED, IMPORT_C_ORG_NAME, IMPORT_C_NOTES,
	/* interactions */
	IMPORT_I_CASE, IMPORT_I_CUSTOMER, IMPORT_I_CHANNEL, IMPORT_I_DIRECTION, IMPORT_I_AGENT,
	IMPORT_I_AT, IMPORT_I_KIND, IMPORT_I_STATUS_TO, IMPORT_I_TO_AGENT, IMPORT_I_TO_TEAM,
	IMPORT_I_FACILITY, IMPORT_I_DURATION, IMPORT_I_SENTIMENT, IMPORT_I_BODY,
	/* interactions, by name: what an export carries so that the copy needs no ids */
	IMPORT_I_AGENT_EMAIL, IMPORT_I_TO_AGENT_EMAIL, IMPORT_I_TO_TEAM_NAME,
	IMPORT_I_FACILITY_NAME, IMPORT_I_CASE_SUBJECT, IMPORT_I_CASE_CATEGORY,
	IMPORT_I_CASE_PRIORITY, IMPORT_I_CASE_LANGUAGE, IMPORT_I_CASE_TEAM, IMPORT_I_CASE_OWNER,
	/* renewals: the peer form (customer_id, renewed) or the full one */
	IMPORT_R_CUSTOMER, IMPORT_R_RENEWED, IMPORT_R_PRODUCT, IMPORT_R_PERIOD, IMPORT_R_RENEWS_AT,
	IMPORT_R_STATUS,
	IMPORT_COL_COUNT
};

/* One buffered CSV record (its fields copied out of the reader). */
struct import_row {
	long line;            /* line the record starts on */
	int count;            /* fields */
	size_t first;         /* index of its first offset in import_job.offs */
	int64_t group;        /* interactions: the file's case id; customers: 0 */
	int64_t at;           /* interactions: the row's time as read (0 = unreadable), for order */
	bool bad;             /* rejected: excluded from replays */
	bool unreadable;      /* a CSV-level error: its one field is the message */
};

struct import_job {
	struct app *app;                  /* borrowed */
	bool strict;                      /* all or nothing */
	bool raw_csv;                     /* --raw-csv: a leading ' is data, never undone */
	enum import_layout layout;        /* what the file holds */
	int64_t started_at;               /* Unix s when the import began (renewals' renews_at) */
	int col[IMPORT_COL_COUNT];        /* column index of each known column, -1 = absent */
	bool restore[CSV_FIELDS_MAX_DEFAULT]; /* by field index: a text column whose cells
					     lose the quote an export neutralised them with */
	struct cli_progress progress;     /* terminal progress line */
	long long progress_bytes;         /* bytes read when the rows being applied were */

	/* the batch buffer */
	char *data;                       /* field bytes, NUL-terminated */
	size_t data_len, data_cap;        /* bytes used / allocated */
	size_t *offs;                     /* field offsets into data */
	size_t offs_len, offs_cap;        /* entries used / allocated */
	struct import_row *rows;          /* buffered rows */
	size_t rows_len, rows_cap;        /* entries used / allocated */

	/* results */
	long long imported;               /* rows applied and committed */
	long long attempt_ok;             /* rows applied in the open attempt */
	long long bad;                    /* rows rejected */

	/* interactions: the file's ids → store ids (journaled per batch) */
	struct idmap cases;               /* case id → case (−1: could not be created) */
	struct idmap customers;           /* customer id → customer (renewals too) */
	struct idmap agents;              /* agent id → agent account */
	struct idmap facilities;          /* facility id → itself when it exists, −1 if not */
	int64_t queue_team_id;            /* "Imported" team for transfers without a target */

	/* names → store ids (found, or created when missing); emptied on rollback */
	struct namemap org_names;         /* organisation name → organisation */
	struct namemap team_names;        /* team name → team */
	struct namemap facility_names;    /* branch name → facility */
	struct namemap agent_emails;      /* account e-mail → account */
};

/* Whether the interactions file carries the case columns of an export
 * (case_owner_email, case_team): then each case is put where the file says
 * it ended (import_interactions.c). */
bool import_has_case_columns(const struct import_job *job);

/*
 * The store id of the organisation / team / branch named `name`, found by
 * exact name or created (a team as a department, a branch with the name
 * only) when missing. [out] *out; LD_OK or the app's status.
 */
ld_status import_org_named(struct import_job *job, const char *name, int64_t *out,
			   struct ld_err *err);
/* The team named `name` as the store has it; *out = 0 when there is none. */
ld_status import_team_find(struct import_job *job, const char *name, int64_t *out,
			   struct ld_err *err);
ld_status import_team_named(struct import_job *job, const char *name, int64_t *out,
			    struct ld_err *err);
ld_status import_facility_named(struct import_job *job, const char *name, int64_t *out,
				struct ld_err *err);

/* Forgets the name maps (a rolled-back batch may have created what they name). */
void import_names_rollback(struct import_job *job);

/* Field `col` of `row`, "" when the file has no such column. */
const char *import_field(const struct import_job *job, const struct import_row *row,
			 enum import_col col);

/* Reports row `row` as bad ("line N: …" on stderr) and marks it. */
void import_reject(struct import_job *job, struct import_row *row, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Applies row `i` of the buffer (interactions layout). A rejected row is
 * reported and marked inside; the return is LD_OK or the app's status so the
 * runner can tell a fatal error.
 */
ld_status import_interaction_apply(struct import_job *job, size_t i, struct ld_err *err);

/*
 * The store customer for the file's customer id `ext` (interactions and
 * renewals alike): the customer with that id unless it is another id's
 * "Customer <n>" placeholder, else a new placeholder "Customer <ext>".
 * [out] *out; the mapping is remembered in job->customers.
 */
ld_status import_customer_of(struct import_job *job, int64_t ext, int64_t *out,
			     struct ld_err *err);

/*
 * Interactions: maps every customer id of rows[from, to) up front, creating
 * the missing placeholders a chunk at a time (import_customer_of's rule), so
 * the rows' replay finds them all mapped.
 */
ld_status import_customers_prepare(struct import_job *job, size_t from, size_t to,
				   struct ld_err *err);

/*
 * Renewals: seeds job->customers with the "Customer <n>" placeholders an
 * earlier import created, so a later file maps to the same customers
 * (import_renewals.c). Returns the app's status.
 */
ld_status import_renewals_prepare(struct import_job *job, struct ld_err *err);

/* Applies row `i` of the buffer (renewals layout); as import_interaction_apply. */
ld_status import_renewal_apply(struct import_job *job, size_t i, struct ld_err *err);

/* Undoes the id maps' changes of a rolled-back batch / keeps them. */
void import_interactions_rollback(struct import_job *job);
void import_interactions_commit(struct import_job *job);

#endif
