/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Claims and compliments (contract in feedback.h). */
#include "core/feedback.h"

#include <string.h>

#include "core/sla.h"
#include "core/validate.h"

static const char *const KIND_NAMES[LD_FB_KIND_COUNT] = {
	[LD_FB_CLAIM] = "claim", [LD_FB_COMPLIMENT] = "compliment",
};

static const char *const SOURCE_NAMES[LD_FBS_COUNT] = {
	[LD_FBS_AGENT] = "agent", [LD_FBS_PORTAL] = "portal", [LD_FBS_EMAIL] = "email",
	[LD_FBS_FORM] = "form",
};

const char *ld_feedback_kind_name(int v)
{
	return ld_enum_name(KIND_NAMES, LD_FB_KIND_COUNT, v);
}

int ld_feedback_kind_parse(const char *s)
{
	return ld_enum_parse(KIND_NAMES, LD_FB_KIND_COUNT, s);
}

const char *ld_feedback_source_name(int v)
{
	return ld_enum_name(SOURCE_NAMES, LD_FBS_COUNT, v);
}

int ld_feedback_source_parse(const char *s)
{
	return ld_enum_parse(SOURCE_NAMES, LD_FBS_COUNT, s);
}

ld_status feedback_check(const struct ld_feedback *f, struct ld_err *err)
{
	ld_status rc;

	if (f->kind < 0 || f->kind >= LD_FB_KIND_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "kind",
			       "kind must be claim or compliment");
	if (f->source < 0 || f->source >= LD_FBS_COUNT)
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "source",
			       "source must be agent, portal, email or form");
	if ((rc = validate_line("subject", f->subject, LD_SUBJECT_MAX, true, err)) != LD_OK)
		return rc;
	if (f->kind == LD_FB_COMPLIMENT &&
	    (rc = validate_text("text", f->text, LD_FEEDBACK_TEXT_MAX, true, err)) != LD_OK)
		return rc;
	if (f->kind == LD_FB_CLAIM && f->text[0] != '\0')
		return ld_fail(err, LD_ERR_INVALID, "invalid_value", "text",
			       "a claim's text is its case's first contact");
	if ((rc = validate_language("language", f->language, err)) != LD_OK)
		return rc;
	if (f->team_id < 0 || f->agent_id < 0 || f->facility_id < 0 || f->case_id < 0)
		return ld_fail(err, LD_ERR_INVALID, "invalid_id",
			       f->team_id < 0 ? "team_id" : f->agent_id < 0 ? "agent_id"
			       : f->facility_id < 0 ? "facility_id" : "case_id",
			       "ids are positive");
	if (f->source != LD_FBS_EMAIL && f->team_id == 0 && f->agent_id == 0 &&
	    f->facility_id == 0)
		return ld_fail(err, LD_ERR_INVALID, "target_required", "team_id",
			       "name the department (team_id), the agent (agent_id) or the branch "
			       "(facility_id) it is about");
	return LD_OK;
}

const char *feedback_claim_state(const struct ld_feedback *f)
{
	if (f->kind != LD_FB_CLAIM || f->case_status < 0)
		return NULL;
	if (f->case_status == LD_ST_RESOLVED || f->case_status == LD_ST_CLOSED)
		return "resolved";
	return f->answered_at != 0 ? "answered" : "open";
}

int64_t feedback_claim_due(const struct ld_feedback *f)
{
	return f->kind == LD_FB_CLAIM && f->resolution_due != SLA_NEVER ? f->resolution_due : 0;
}

bool feedback_claim_overdue(const struct ld_feedback *f, int64_t now)
{
	const char *state = feedback_claim_state(f);

	if (state == NULL)
		return false;
	if (f->resolution_breached)
		return true;
	return sla_is_breached(feedback_claim_due(f),
			       strcmp(state, "resolved") == 0 ? f->resolved_at : 0, now);
}
