/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Replays an interactions CSV (the peer layout id,case_id,customer_id,channel,
 * direction,agent_id,at,kind plus our optional columns) through the use cases,
 * so effort and SLA come out as if the history had happened here.
 *
 * Ids in the file are the file's own. A customer id that names an existing
 * customer is used as is — unless that customer is the placeholder of another
 * file id ("Customer 17" found at id 1) — otherwise a placeholder "Customer
 * <id>" is created. Agents become placeholder accounts "Agent <id>"
 * (agent-<id>@import.invalid, no password), reused across imports. A case is
 * opened at its first row (subject "Imported case <id>", owner = that row's
 * agent) and the other rows follow in file order; the CLI clock is pinned to
 * each row's time so status changes and transfers carry it.
 *
 * A transfer row in the peer layout names the agent who hands over, not the
 * one who takes over: the new owner is to_agent_id when the file has it, else
 * the agent of the next row of the same case that has one (the batch runner
 * keeps a case's rows in one batch for this look-ahead), else the "Imported"
 * team's queue — also when the file hands the case to the agent who already
 * has it, so that such a row still counts as the transfer it is there. A facility id is kept only when that facility exists here.
 *
 * An export carries names beside the ids (the layout in export.c), and then
 * names win: accounts by e-mail (agent_email, to_agent_email, case_owner_email;
 * an account missing here is created as an agent without a password, named by
 * its e-mail), teams (to_team, case_team) and branches (facility) by name,
 * created when missing. With agent_email in the file, a status change or a
 * transfer is recorded as made by its row's agent, as the source recorded it.
 *
 * The case columns (case_subject, case_category, case_priority,
 * case_language, case_team, case_owner_email) describe the case as it ended
 * and are read from each case's rows: subject, category, priority, language
 * and team open it; its owner at opening is the first row's agent, else the
 * agent of its first transfer (the one who handed it on held it), else its
 * final owner. Owners and teams can change without a row (an assignment of
 * an unowned case), so after the case's last row it is put where the file
 * says it ended (app_case_restore_assignment, no interaction recorded), and
 * a transfer that would be no move here — because such a change was not
 * replayed — first restores its row's agent as the owner. A status row
 * "open" without an agent, right before an inbound contact at the same
 * instant, is the reopening that contact records by itself: the contact is
 * replayed to record it, as a customer's return. So an export imported into
 * an empty store exports again as the same rows.
 */
#include "cli/import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_QUEUE_TEAM "Imported"

void import_interactions_rollback(struct import_job *job)
{
	idmap_rollback(&job->cases);
	idmap_rollback(&job->customers);
	idmap_rollback(&job->agents);
	idmap_rollback(&job->facilities);
	job->queue_team_id = 0; /* may have been created in the batch: look it up again */
}

bool import_has_case_columns(const struct import_job *job)
{
	return job->col[IMPORT_I_CASE_OWNER] >= 0 || job->col[IMPORT_I_CASE_TEAM] >= 0;
}

void import_interactions_commit(struct import_job *job)
{
	idmap_commit(&job->cases);
	idmap_commit(&job->customers);
	idmap_commit(&job->agents);
	idmap_commit(&job->facilities);
}

/* True when `name` is "Customer <n>" for some n other than `ext`. */
static bool import_other_placeholder(const char *name, int64_t ext)
{
	int64_t n;

	if (strncmp(name, "Customer ", 9) != 0 || !cli_parse_i64(name + 9, 1, INT64_MAX, &n))
		return false;
	return n != ext;
}

/* Placeholders created per app_customer_create_many() call. */
#define IMPORT_CUSTOMERS_CHUNK 1024

static ld_status create_placeholders(struct import_job *job, struct ld_customer *cs,
				     int64_t *exts, size_t n, struct ld_err *err)
{
	ld_status rc = app_customer_create_many(job->app, NULL, cs, n, err);

	for (size_t i = 0; i < n && rc == LD_OK; i++)
		idmap_put(&job->customers, exts[i], cs[i].id);
	return rc;
}

ld_status import_customers_prepare(struct import_job *job, size_t from, size_t to,
				   struct ld_err *err)
{
	struct ld_customer *cs = calloc(IMPORT_CUSTOMERS_CHUNK, sizeof *cs);
	int64_t *exts = calloc(IMPORT_CUSTOMERS_CHUNK, sizeof *exts);
	struct idmap queued;
	struct ld_customer c;
	ld_status rc = LD_OK;
	size_t n = 0;
	int64_t ext;

	if (cs == NULL || exts == NULL) {
		free(cs);
		free(exts);
		return ld_fail(err, LD_ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	}
	idmap_init(&queued);
	for (size_t i = from; i < to && rc == LD_OK; i++) {
		const struct import_row *row = &job->rows[i];
		if (row->bad || row->unreadable ||
		    !cli_parse_i64(import_field(job, row, IMPORT_I_CUSTOMER), 1, INT64_MAX, &ext) ||
		    idmap_get(&job->customers, ext) != 0 || idmap_get(&queued, ext) != 0)
			continue;
		memset(&c, 0, sizeof c);
		rc = app_customer_get(job->app, NULL, ext, &c, err);
		if (rc == LD_OK && !import_other_placeholder(c.name, ext)) {
			idmap_put(&job->customers, ext, ext);
			ld_customer_clear(&c);
			continue;
		}
		ld_customer_clear(&c);
		if (rc != LD_OK && rc != LD_ERR_NOT_FOUND)
			break;
		rc = LD_OK;
		idmap_put(&queued, ext, 1);
		memset(&cs[n], 0, sizeof cs[n]);
		snprintf(cs[n].name, sizeof cs[n].name, "Customer %lld", (long long)ext);
		snprintf(cs[n].language, sizeof cs[n].language, "en");
		cs[n].preferred_channel = -1;
		exts[n++] = ext;
		if (n == IMPORT_CUSTOMERS_CHUNK) {
			rc = create_placeholders(job, cs, exts, n, err);
			n = 0;
		}
	}
	if (rc == LD_OK && n > 0)
		rc = create_placeholders(job, cs, exts, n, err);
	idmap_free(&queued);
	free(cs);
	free(exts);
	return rc;
}

ld_status import_customer_of(struct import_job *job, int64_t ext, int64_t *out,
			     struct ld_err *err)
{
	struct ld_customer c;
	ld_status rc;

	if ((*out = idmap_get(&job->customers, ext)) > 0)
		return LD_OK;
	memset(&c, 0, sizeof c);
	rc = app_customer_get(job->app, NULL, ext, &c, err);
	if (rc == LD_OK && !import_other_placeholder(c.name, ext)) {
		ld_customer_clear(&c);
		idmap_put(&job->customers, ext, ext);
		*out = ext;
		return LD_OK;
	}
	ld_customer_clear(&c);
	if (rc != LD_OK && rc != LD_ERR_NOT_FOUND)
		return rc;
	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "Customer %lld", (long long)ext);
	snprintf(c.language, sizeof c.language, "en");
	c.preferred_channel = -1;
	if ((rc = app_customer_create(job->app, NULL, &c, err)) != LD_OK)
		return rc;
	idmap_put(&job->customers, ext, c.id);
	*out = c.id;
	return LD_OK;
}

/*
 * The account with e-mail `email`, created as an agent named `name` (NULL =
 * the e-mail) without a password when missing. E-mails are matched as the
 * store keeps them, lower-cased.
 */
static ld_status import_agent_by_email(struct import_job *job, const char *email,
				       const char *name, int64_t *out, struct ld_err *err)
{
	char key[LD_EMAIL_MAX + 1];
	struct ld_agent a;
	size_t i, len = strlen(email);
	ld_status rc;

	if (len > LD_EMAIL_MAX)
		return ld_fail(err, LD_ERR_INVALID, "too_long", "agent_email",
			       "an e-mail address is longer than %d bytes", LD_EMAIL_MAX);
	for (i = 0; i <= len; i++)
		key[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] - 'A' + 'a' : email[i]);
	if ((*out = namemap_get(&job->agent_emails, key)) > 0)
		return LD_OK;
	rc = app_agent_find_email(job->app, NULL, key, &a, err);
	if (rc == LD_ERR_NOT_FOUND) {
		const char *shown = name != NULL ? name : key;
		size_t shown_len = strlen(shown);

		memset(&a, 0, sizeof a);
		if (shown_len >= sizeof a.name)
			shown_len = sizeof a.name - 1;
		memcpy(a.name, shown, shown_len);
		snprintf(a.email, sizeof a.email, "%s", key);
		a.role = LD_ROLE_AGENT;
		a.active = true;
		rc = app_user_add(job->app, NULL, &a, NULL, err);
	}
	if (rc != LD_OK)
		return rc;
	namemap_put(&job->agent_emails, key, a.id);
	*out = a.id;
	return LD_OK;
}

static ld_status import_agent_of(struct import_job *job, int64_t ext, int64_t *out,
				 struct ld_err *err)
{
	char email[64], name[32];
	ld_status rc;

	if ((*out = idmap_get(&job->agents, ext)) > 0)
		return LD_OK;
	snprintf(email, sizeof email, "agent-%lld@import.invalid", (long long)ext);
	snprintf(name, sizeof name, "Agent %lld", (long long)ext);
	if ((rc = import_agent_by_email(job, email, name, out, err)) != LD_OK)
		return rc;
	idmap_put(&job->agents, ext, *out);
	return LD_OK;
}

static ld_status import_queue_team(struct import_job *job, int64_t *out, struct ld_err *err)
{
	struct ld_team t;
	int64_t id = 0;
	ld_status rc;

	if (job->queue_team_id > 0) {
		*out = job->queue_team_id;
		return LD_OK;
	}
	if ((rc = import_team_find(job, IMPORT_QUEUE_TEAM, &id, err)) != LD_OK)
		return rc;
	if (id > 0) {
		*out = job->queue_team_id = id;
		return LD_OK;
	}
	memset(&t, 0, sizeof t);
	snprintf(t.name, sizeof t.name, IMPORT_QUEUE_TEAM);
	t.kind = LD_TEAM_QUEUE;
	if ((rc = app_team_create(job->app, NULL, &t, err)) != LD_OK)
		return rc;
	namemap_put(&job->team_names, IMPORT_QUEUE_TEAM, t.id);
	*out = job->queue_team_id = t.id;
	return LD_OK;
}

/* The facility id to record: itself when it exists here, else 0. */
static ld_status import_facility_of(struct import_job *job, int64_t ext, int64_t *out,
				    struct ld_err *err)
{
	struct ld_facility f;
	int64_t known = idmap_get(&job->facilities, ext);
	ld_status rc;

	if (known == 0) {
		rc = app_facility_get(job->app, NULL, ext, &f, err);
		if (rc != LD_OK && rc != LD_ERR_NOT_FOUND)
			return rc;
		known = rc == LD_OK ? ext : -1;
		idmap_put(&job->facilities, ext, known);
	}
	*out = known > 0 ? known : 0;
	return LD_OK;
}

/* Whether row `j` takes part in this attempt (not known bad, not unreadable). */
static bool import_live(const struct import_job *job, size_t j)
{
	return !job->rows[j].bad && !job->rows[j].unreadable;
}

/*
 * The store account of row `row`'s agent: agent_email when the row has one,
 * else the file's agent_id; 0 when neither.
 */
static ld_status import_row_agent(struct import_job *job, struct import_row *row, int64_t *out,
				  struct ld_err *err)
{
	const char *email = import_field(job, row, IMPORT_I_AGENT_EMAIL);
	int64_t ext;

	*out = 0;
	if (email[0] != '\0')
		return import_agent_by_email(job, email, NULL, out, err);
	if (cli_parse_i64(import_field(job, row, IMPORT_I_AGENT), 1, INT64_MAX, &ext))
		return import_agent_of(job, ext, out, err);
	return LD_OK;
}

/* Whether row `row` names an agent (by e-mail or id). */
static bool import_row_has_agent(const struct import_job *job, const struct import_row *row)
{
	int64_t ext;

	return import_field(job, row, IMPORT_I_AGENT_EMAIL)[0] != '\0' ||
	       cli_parse_i64(import_field(job, row, IMPORT_I_AGENT), 1, INT64_MAX, &ext);
}

/* The agent of the first later row of the same case that has one (0 = none). */
static ld_status import_next_agent(struct import_job *job, size_t i, int64_t *out,
				   struct ld_err *err)
{
	size_t j;

	*out = 0;
	for (j = i + 1; j < job->rows_len && job->rows[j].group == job->rows[i].group; j++) {
		if (import_live(job, j) && import_row_has_agent(job, &job->rows[j]))
			return import_row_agent(job, &job->rows[j], out, err);
	}
	return LD_OK;
}

/*
 * Whether row `i` (a status change to open at `at`) is the reopening that a
 * customer's contact records by itself: the next row of the case is an
 * inbound contact at the same instant.
 */
static bool import_reopened_by_next(const struct import_job *job, size_t i, int64_t at)
{
	for (size_t j = i + 1; j < job->rows_len && job->rows[j].group == job->rows[i].group;
	     j++) {
		const struct import_row *r = &job->rows[j];
		int64_t t;

		if (!import_live(job, j))
			continue;
		return ld_direction_parse(import_field(job, r, IMPORT_I_DIRECTION)) == LD_DIR_IN &&
		       ld_ikind_parse(import_field(job, r, IMPORT_I_KIND)) != LD_IK_NOTE &&
		       cli_parse_time(import_field(job, r, IMPORT_I_AT), &t) && t == at;
	}
	return false;
}

/* Whether row `i` is the last row of its case in this attempt. */
static bool import_last_of_case(const struct import_job *job, size_t i)
{
	for (size_t j = i + 1; j < job->rows_len && job->rows[j].group == job->rows[i].group; j++)
		if (import_live(job, j))
			return false;
	return true;
}

/* The parsed row. */
struct import_irow {
	int64_t customer;            /* file's customer id */
	int64_t agent;               /* file's agent id, 0 = none */
	int64_t to_agent;            /* file's to_agent_id, 0 = none */
	int64_t facility;            /* facility id, 0 = none */
	int64_t at;                  /* Unix s */
	int64_t duration;            /* seconds */
	int channel, direction, kind, status_to; /* enums; status_to -1 = none */
	double sentiment;            /* NAN = none */
	const char *body;            /* NULL = none; borrowed from the buffer */
	/* by name (borrowed from the buffer, "" = none) */
	const char *to_agent_email;  /* to_agent_email */
	const char *to_team;         /* to_team */
	const char *facility_name;   /* facility */
	/* the case columns */
	const char *subject;         /* case_subject, "" = "Imported case <id>" */
	const char *language;        /* case_language, "" = the customer's */
	int category, priority;      /* case_category, case_priority; -1 = the default */
};

/* Parses row `row`; false (row rejected) on a bad field. */
static bool import_parse_row(struct import_job *job, struct import_row *row,
			     struct import_irow *p)
{
	const char *v;
	char *end = NULL;

	memset(p, 0, sizeof *p);
	p->status_to = -1;
	p->sentiment = NAN;
	p->category = -1;
	p->priority = -1;
	v = import_field(job, row, IMPORT_I_CUSTOMER);
	if (!cli_parse_i64(v, 1, INT64_MAX, &p->customer))
		return import_reject(job, row, "customer_id must be a positive id"), false;
	v = import_field(job, row, IMPORT_I_CHANNEL);
	if ((p->channel = ld_channel_parse(v)) < 0)
		return import_reject(job, row, "unknown channel \"%.32s\"", v), false;
	v = import_field(job, row, IMPORT_I_DIRECTION);
	if ((p->direction = ld_direction_parse(v)) < 0)
		return import_reject(job, row, "unknown direction \"%.32s\"", v), false;
	v = import_field(job, row, IMPORT_I_KIND);
	if ((p->kind = ld_ikind_parse(v)) < 0)
		return import_reject(job, row, "unknown kind \"%.32s\"", v), false;
	v = import_field(job, row, IMPORT_I_AT);
	if (!cli_parse_time(v, &p->at) || p->at == 0)
		return import_reject(job, row, "at must be Unix seconds or ISO 8601 UTC"), false;
	v = import_field(job, row, IMPORT_I_AGENT);
	if (v[0] != '\0' && !cli_parse_i64(v, 1, INT64_MAX, &p->agent))
		return import_reject(job, row, "agent_id must be a positive id or empty"), false;
	v = import_field(job, row, IMPORT_I_TO_AGENT);
	if (v[0] != '\0' && !cli_parse_i64(v, 1, INT64_MAX, &p->to_agent))
		return import_reject(job, row, "to_agent_id must be a positive id or empty"), false;
	v = import_field(job, row, IMPORT_I_FACILITY);
	if (v[0] != '\0' && !cli_parse_i64(v, 1, INT64_MAX, &p->facility))
		return import_reject(job, row, "facility_id must be a positive id or empty"), false;
	v = import_field(job, row, IMPORT_I_DURATION);
	if (v[0] != '\0' && !cli_parse_i64(v, 0, 7 * 86400, &p->duration))
		return import_reject(job, row, "duration_s must be 0 to 604800 seconds"), false;
	v = import_field(job, row, IMPORT_I_SENTIMENT);
	if (v[0] != '\0') {
		p->sentiment = strtod(v, &end);
		if (*end != '\0' || !(p->sentiment >= -1.0 && p->sentiment <= 1.0))
			return import_reject(job, row, "sentiment must be between -1 and 1"), false;
	}
	v = import_field(job, row, IMPORT_I_STATUS_TO);
	if (v[0] != '\0' && (p->status_to = ld_case_status_parse(v)) < 0)
		return import_reject(job, row, "unknown status_to \"%.32s\"", v), false;
	if (p->kind == LD_IK_STATUS && p->status_to < 0)
		return import_reject(job, row, "a status row needs status_to"), false;
	v = import_field(job, row, IMPORT_I_BODY);
	p->body = v[0] != '\0' ? v : NULL;
	p->to_agent_email = import_field(job, row, IMPORT_I_TO_AGENT_EMAIL);
	p->to_team = import_field(job, row, IMPORT_I_TO_TEAM_NAME);
	p->facility_name = import_field(job, row, IMPORT_I_FACILITY_NAME);
	p->subject = import_field(job, row, IMPORT_I_CASE_SUBJECT);
	p->language = import_field(job, row, IMPORT_I_CASE_LANGUAGE);
	v = import_field(job, row, IMPORT_I_CASE_CATEGORY);
	if (v[0] != '\0' && (p->category = ld_category_parse(v)) < 0)
		return import_reject(job, row, "unknown case_category \"%.32s\"", v), false;
	v = import_field(job, row, IMPORT_I_CASE_PRIORITY);
	if (v[0] != '\0' && (p->priority = ld_priority_parse(v)) < 0)
		return import_reject(job, row, "unknown case_priority \"%.32s\"", v), false;
	return true;
}

/* Where row `row` says its case ended: case_owner_email and case_team (0 = none). */
static ld_status import_case_end(struct import_job *job, struct import_row *row, int64_t *owner,
				 int64_t *team, struct ld_err *err)
{
	const char *email = import_field(job, row, IMPORT_I_CASE_OWNER);
	const char *name = import_field(job, row, IMPORT_I_CASE_TEAM);
	ld_status rc;

	*owner = 0;
	*team = 0;
	if (email[0] != '\0' && (rc = import_agent_by_email(job, email, NULL, owner, err)) != LD_OK)
		return rc;
	if (name[0] != '\0' && (rc = import_team_named(job, name, team, err)) != LD_OK)
		return rc;
	return LD_OK;
}

/*
 * Who held case row `i` opens when the file has the case columns: the agent
 * of its first transfer (0 when that row names none), else its final owner.
 */
static ld_status import_opening_owner(struct import_job *job, size_t i, int64_t *out,
				      struct ld_err *err)
{
	int64_t team;

	for (size_t j = i + 1; j < job->rows_len && job->rows[j].group == job->rows[i].group;
	     j++) {
		if (!import_live(job, j))
			continue;
		if (ld_ikind_parse(import_field(job, &job->rows[j], IMPORT_I_KIND)) == LD_IK_TRANSFER)
			return import_row_agent(job, &job->rows[j], out, err);
	}
	return import_case_end(job, &job->rows[i], out, &team, err);
}

static ld_status import_open_case(struct import_job *job, size_t i, const struct import_irow *p,
				  int64_t agent, int64_t facility, struct ld_err *err)
{
	struct import_row *row = &job->rows[i];
	struct app_case_open_in in;
	struct ld_case c;
	char subject[64];
	int64_t owner = agent, final_owner, team = 0;
	ld_status rc;

	if (p->kind != LD_IK_MESSAGE && p->kind != LD_IK_CALL && p->kind != LD_IK_VISIT) {
		idmap_put(&job->cases, row->group, -1);
		import_reject(job, row, "case %lld must start with a message, call or visit, not a %s",
			      (long long)row->group, ld_ikind_name(p->kind));
		return LD_ERR_INVALID;
	}
	memset(&in, 0, sizeof in);
	if ((rc = import_customer_of(job, p->customer, &in.customer_id, err)) != LD_OK)
		goto fail;
	if (import_has_case_columns(job)) {
		if (owner == 0 && (rc = import_opening_owner(job, i, &owner, err)) != LD_OK)
			goto fail;
		if ((rc = import_case_end(job, row, &final_owner, &team, err)) != LD_OK)
			goto fail;
	}
	snprintf(subject, sizeof subject, "Imported case %lld", (long long)row->group);
	in.subject = p->subject[0] != '\0' ? p->subject : subject;
	in.category = p->category;
	in.priority = p->priority;
	in.language = p->language[0] != '\0' ? p->language : NULL;
	in.owner_id = owner;
	in.team_id = team;
	in.first.channel = p->channel;
	in.first.direction = p->direction;
	in.first.kind = p->kind;
	in.first.agent_id = agent;
	in.first.facility_id = facility;
	in.first.started_at = p->at;
	in.first.duration_s = (int)p->duration;
	in.first.body = p->body;
	in.first.sentiment = p->sentiment;
	if ((rc = app_case_open(job->app, NULL, &in, &c, err)) != LD_OK)
		goto fail;
	idmap_put(&job->cases, row->group, c.id);
	return LD_OK;
fail:
	idmap_put(&job->cases, row->group, -1);
	import_reject(job, row, "%s", err->message);
	return rc;
}

/*
 * A transfer row. The new owner and team: to_agent_email / to_agent_id and
 * to_team when the file names them, else (the peer layout) the next row's
 * agent, else the "Imported" queue. A move to where the case already is:
 * with the case columns, the row's agent is first restored as the owner (the
 * change that made it a move was made without a row), then the queue.
 */
static ld_status import_transfer(struct import_job *job, size_t i, const struct import_irow *p,
				 int64_t case_id, const struct app_actor *actor, int64_t agent,
				 struct ld_err *err)
{
	int64_t to_agent = 0, to_team = 0;
	struct ld_case c;
	ld_status rc;

	if (p->to_agent_email[0] != '\0')
		rc = import_agent_by_email(job, p->to_agent_email, NULL, &to_agent, err);
	else if (p->to_agent != 0)
		rc = import_agent_of(job, p->to_agent, &to_agent, err);
	else
		rc = LD_OK;
	if (rc == LD_OK && p->to_team[0] != '\0')
		rc = import_team_named(job, p->to_team, &to_team, err);
	if (rc == LD_OK && to_agent == 0 && to_team == 0 &&
	    (rc = import_next_agent(job, i, &to_agent, err)) == LD_OK && to_agent == 0)
		rc = import_queue_team(job, &to_team, err);
	if (rc != LD_OK)
		return rc;
	rc = app_case_transfer_from(job->app, actor, case_id, agent, to_agent, to_team, p->body,
				    &c, err);
	if (rc == LD_ERR_CONFLICT && strcmp(err->code, "same_owner") == 0 &&
	    import_has_case_columns(job)) {
		if ((rc = app_case_get(job->app, NULL, case_id, &c, err)) != LD_OK ||
		    (rc = app_case_restore_assignment(job->app, NULL, case_id, agent,
						      to_team != 0 ? 0 : c.team_id, &c, err)) !=
			    LD_OK)
			return rc;
		rc = app_case_transfer_from(job->app, actor, case_id, agent, to_agent, to_team,
					    p->body, &c, err);
	}
	if (rc == LD_ERR_CONFLICT && strcmp(err->code, "same_owner") == 0) {
		/* The file hands the case to the agent who has it: it still
		 * counts as a transfer there, so it goes through the queue
		 * (the next row's agent picks it up, having handled it). */
		if ((rc = import_queue_team(job, &to_team, err)) != LD_OK)
			return rc;
		rc = app_case_transfer_from(job->app, actor, case_id, agent, 0, to_team, p->body,
					    &c, err);
	}
	return rc;
}

static ld_status import_row_apply(struct import_job *job, size_t i, struct ld_err *err)
{
	struct import_row *row = &job->rows[i];
	struct import_irow p;
	struct ld_case c;
	struct app_actor as_agent;
	const struct app_actor *actor = NULL;
	int64_t case_id, agent = 0, facility = 0;
	ld_status rc;

	if (!import_parse_row(job, row, &p))
		return LD_ERR_INVALID;
	case_id = idmap_get(&job->cases, row->group);
	if (case_id < 0) {
		import_reject(job, row, "case %lld was not created (see its first row)",
			      (long long)row->group);
		return LD_ERR_INVALID;
	}
	if ((rc = import_row_agent(job, row, &agent, err)) != LD_OK)
		goto fail;
	if (p.facility_name[0] != '\0')
		rc = import_facility_named(job, p.facility_name, &facility, err);
	else if (p.facility != 0)
		rc = import_facility_of(job, p.facility, &facility, err);
	if (rc != LD_OK)
		goto fail;
	/* An export names who made each status change and transfer. */
	if (job->col[IMPORT_I_AGENT_EMAIL] >= 0) {
		memset(&as_agent, 0, sizeof as_agent);
		as_agent.agent_id = agent;
		as_agent.role = LD_ROLE_ADMIN;
		actor = &as_agent;
	}
	cli_clock_set(p.at);
	if (case_id == 0)
		return import_open_case(job, i, &p, agent, facility, err);
	if (p.kind == LD_IK_TRANSFER) {
		rc = import_transfer(job, i, &p, case_id, actor, agent, err);
	} else if (p.kind == LD_IK_STATUS && p.status_to == LD_ST_OPEN && agent == 0 &&
		   import_reopened_by_next(job, i, p.at) &&
		   (rc = app_case_get(job->app, NULL, case_id, &c, err)) == LD_OK &&
		   (c.status == LD_ST_RESOLVED || c.status == LD_ST_CLOSED ||
		    c.status == LD_ST_PENDING)) {
		/* The customer's next contact reopens the case and records this
		 * row itself (with what reopening by the customer means, FCR). */
		return LD_OK;
	} else if (p.kind == LD_IK_STATUS) {
		struct app_case_patch patch;
		if (rc != LD_OK)
			goto fail;
		memset(&patch, 0, sizeof patch);
		patch.has_status = true;
		patch.status = p.status_to;
		rc = app_case_update(job->app, actor, case_id, &patch, &c, err);
	} else {
		struct app_interaction_in in;
		memset(&in, 0, sizeof in);
		in.channel = p.channel;
		in.direction = p.direction;
		in.kind = p.kind;
		in.agent_id = agent;
		in.facility_id = facility;
		in.started_at = p.at;
		in.duration_s = (int)p.duration;
		in.body = p.body;
		in.sentiment = p.sentiment;
		/* An assignment record keeps the owner (and team) it named. */
		if (p.kind == LD_IK_NOTE && p.to_agent_email[0] != '\0')
			rc = import_agent_by_email(job, p.to_agent_email, NULL, &in.to_agent_id, err);
		else if (p.kind == LD_IK_NOTE && p.to_agent != 0)
			rc = import_agent_of(job, p.to_agent, &in.to_agent_id, err);
		if (rc == LD_OK && p.kind == LD_IK_NOTE && p.to_team[0] != '\0')
			rc = import_team_named(job, p.to_team, &in.to_team_id, err);
		if (rc == LD_OK)
			rc = app_interaction_add(job->app, NULL, case_id, &in, NULL, NULL, err);
	}
	if (rc == LD_OK)
		return LD_OK;
fail:
	import_reject(job, row, "%s", err->message);
	return rc;
}

/* After a case's last row: its owner and team as the file says it ended. */
static ld_status import_settle(struct import_job *job, size_t i, struct ld_err *err)
{
	struct import_row *row = &job->rows[i];
	int64_t case_id = idmap_get(&job->cases, row->group), owner, team;
	struct ld_case c;
	ld_status rc;

	if (case_id <= 0)
		return LD_OK;
	if ((rc = import_case_end(job, row, &owner, &team, err)) == LD_OK)
		rc = app_case_restore_assignment(job->app, NULL, case_id, owner, team, &c, err);
	if (rc == LD_OK || ld_status_store_failed(rc))
		return rc;
	/* The rows are in; only where the case ended could not be restored. */
	if (job->progress.on)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "line %ld: case %lld keeps its owner and team: %s\n", row->line,
		(long long)row->group, err->message);
	return LD_OK;
}

ld_status import_interaction_apply(struct import_job *job, size_t i, struct ld_err *err)
{
	struct ld_err settle_err;
	ld_status rc = import_row_apply(job, i, err), src;

	if (ld_status_store_failed(rc) || !import_has_case_columns(job) ||
	    !import_last_of_case(job, i))
		return rc;
	ld_err_clear(&settle_err);
	src = import_settle(job, i, &settle_err);
	if (src != LD_OK) {
		*err = settle_err;
		return src;
	}
	return rc;
}
