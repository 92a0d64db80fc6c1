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

static ld_status import_agent_of(struct import_job *job, int64_t ext, int64_t *out,
				 struct ld_err *err)
{
	struct ld_agent a;
	char email[64];
	ld_status rc;

	if ((*out = idmap_get(&job->agents, ext)) > 0)
		return LD_OK;
	snprintf(email, sizeof email, "agent-%lld@import.invalid", (long long)ext);
	rc = STORE_CALL(job->app->store, agent_get_by_email, email, &a, NULL, err);
	if (rc == LD_ERR_NOT_FOUND) {
		memset(&a, 0, sizeof a);
		snprintf(a.name, sizeof a.name, "Agent %lld", (long long)ext);
		snprintf(a.email, sizeof a.email, "%s", email);
		a.role = LD_ROLE_AGENT;
		a.active = true;
		rc = app_user_add(job->app, NULL, &a, NULL, err);
	}
	if (rc != LD_OK)
		return rc;
	idmap_put(&job->agents, ext, a.id);
	*out = a.id;
	return LD_OK;
}

static ld_status import_queue_team(struct import_job *job, int64_t *out, struct ld_err *err)
{
	struct ld_team page[APP_LIST_MAX];
	struct ld_team t;
	int64_t after = 0;
	int n = 0, i;
	ld_status rc;

	if (job->queue_team_id > 0) {
		*out = job->queue_team_id;
		return LD_OK;
	}
	do {
		if ((rc = app_team_list(job->app, NULL, after, APP_LIST_MAX, page, &n, err)) != LD_OK)
			return rc;
		for (i = 0; i < n; i++) {
			if (strcmp(page[i].name, IMPORT_QUEUE_TEAM) == 0) {
				*out = job->queue_team_id = page[i].id;
				return LD_OK;
			}
			after = page[i].id;
		}
	} while (n == APP_LIST_MAX);
	memset(&t, 0, sizeof t);
	snprintf(t.name, sizeof t.name, IMPORT_QUEUE_TEAM);
	t.kind = LD_TEAM_QUEUE;
	if ((rc = app_team_create(job->app, NULL, &t, err)) != LD_OK)
		return rc;
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

/* The file's agent id of the first later row of the same case that has one. */
static int64_t import_next_agent(const struct import_job *job, size_t i)
{
	size_t j;
	int64_t id;

	for (j = i + 1; j < job->rows_len && job->rows[j].group == job->rows[i].group; j++) {
		if (job->rows[j].bad || job->rows[j].unreadable)
			continue;
		if (cli_parse_i64(import_field(job, &job->rows[j], IMPORT_I_AGENT), 1, INT64_MAX,
				  &id))
			return id;
	}
	return 0;
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
	return true;
}

static ld_status import_open_case(struct import_job *job, struct import_row *row,
				  const struct import_irow *p, int64_t agent, int64_t facility,
				  struct ld_err *err)
{
	struct app_case_open_in in;
	struct ld_case c;
	char subject[64];
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
	snprintf(subject, sizeof subject, "Imported case %lld", (long long)row->group);
	in.subject = subject;
	in.category = -1;
	in.priority = -1;
	in.owner_id = agent;
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

ld_status import_interaction_apply(struct import_job *job, size_t i, struct ld_err *err)
{
	struct import_row *row = &job->rows[i];
	struct import_irow p;
	struct ld_case c;
	int64_t case_id, agent = 0, facility = 0, to_agent = 0, to_team = 0;
	ld_status rc;

	if (!import_parse_row(job, row, &p))
		return LD_ERR_INVALID;
	case_id = idmap_get(&job->cases, row->group);
	if (case_id < 0) {
		import_reject(job, row, "case %lld was not created (see its first row)",
			      (long long)row->group);
		return LD_ERR_INVALID;
	}
	if (p.agent != 0 && (rc = import_agent_of(job, p.agent, &agent, err)) != LD_OK)
		goto fail;
	if (p.facility != 0 && (rc = import_facility_of(job, p.facility, &facility, err)) != LD_OK)
		goto fail;
	cli_clock_set(p.at);
	if (case_id == 0)
		return import_open_case(job, row, &p, agent, facility, err);
	if (p.kind == LD_IK_TRANSFER) {
		int64_t target = p.to_agent != 0 ? p.to_agent : import_next_agent(job, i);
		if (target != 0 && (rc = import_agent_of(job, target, &to_agent, err)) != LD_OK)
			goto fail;
		if (to_agent == 0 && (rc = import_queue_team(job, &to_team, err)) != LD_OK)
			goto fail;
		/* The row's agent hands the case on: a transfer even when the
		 * case has no owner here (the file never said who took it). */
		rc = app_case_transfer_from(job->app, NULL, case_id, agent, to_agent, to_team,
					    p.body, &c, err);
		if (rc == LD_ERR_CONFLICT && strcmp(err->code, "same_owner") == 0) {
			/* The file hands the case to the agent who has it: it still
			 * counts as a transfer there, so it goes through the queue
			 * (the next row's agent picks it up, having handled it). */
			if ((rc = import_queue_team(job, &to_team, err)) != LD_OK)
				goto fail;
			rc = app_case_transfer_from(job->app, NULL, case_id, agent, 0, to_team,
						    p.body, &c, err);
		}
	} else if (p.kind == LD_IK_STATUS) {
		struct app_case_patch patch;
		memset(&patch, 0, sizeof patch);
		patch.has_status = true;
		patch.status = p.status_to;
		rc = app_case_update(job->app, NULL, case_id, &patch, &c, err);
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
		rc = app_interaction_add(job->app, NULL, case_id, &in, NULL, NULL, err);
	}
	if (rc == LD_OK)
		return LD_OK;
fail:
	import_reject(job, row, "%s", err->message);
	return rc;
}
