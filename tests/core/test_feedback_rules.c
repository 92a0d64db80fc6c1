/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of core/feedback.c: the names of kinds and sources, what a new
 * claim or compliment must carry, a claim's state from its case, and when a
 * claim is overdue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/feedback.h"
#include "core/sla.h"

static struct ld_feedback claim(void)
{
	struct ld_feedback f = { .kind = LD_FB_CLAIM, .source = LD_FBS_AGENT, .team_id = 1,
				 .case_status = LD_ST_OPEN };
	strcpy(f.subject, "Účet stržen dvakrát");
	strcpy(f.language, "cs");
	return f;
}

static void test_feedback_names(void **state)
{
	(void)state;
	assert_string_equal(ld_feedback_kind_name(LD_FB_COMPLIMENT), "compliment");
	assert_int_equal(ld_feedback_kind_parse("claim"), LD_FB_CLAIM);
	assert_int_equal(ld_feedback_kind_parse("Claim"), -1);
	assert_null(ld_feedback_kind_name(LD_FB_KIND_COUNT));
	assert_string_equal(ld_feedback_source_name(LD_FBS_FORM), "form");
	assert_int_equal(ld_feedback_source_parse("portal"), LD_FBS_PORTAL);
	assert_int_equal(ld_feedback_source_parse(NULL), -1);
}

static void test_feedback_check(void **state)
{
	(void)state;
	struct ld_feedback f = claim();
	struct ld_err err;

	assert_int_equal(feedback_check(&f, &err), LD_OK);
	f.team_id = 0; /* about nobody */
	assert_int_equal(feedback_check(&f, &err), LD_ERR_INVALID);
	assert_string_equal(err.code, "target_required");
	f.source = LD_FBS_EMAIL; /* an address says nothing of whom: named later */
	assert_int_equal(feedback_check(&f, &err), LD_OK);
	f = claim();
	strcpy(f.text, "words"); /* a claim's words are its case's */
	assert_int_equal(feedback_check(&f, &err), LD_ERR_INVALID);
	f = claim();
	f.kind = LD_FB_COMPLIMENT; /* a compliment keeps its words, which it must have */
	assert_int_equal(feedback_check(&f, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "text");
	strcpy(f.text, "Děkuji!");
	assert_int_equal(feedback_check(&f, &err), LD_OK);
	f.subject[0] = '\0';
	assert_int_equal(feedback_check(&f, &err), LD_ERR_INVALID);
	f = claim();
	strcpy(f.language, "fr");
	assert_int_equal(feedback_check(&f, &err), LD_ERR_INVALID);
	f = claim();
	f.agent_id = -1;
	assert_int_equal(feedback_check(&f, &err), LD_ERR_INVALID);
	assert_string_equal(err.field, "agent_id");
}

static void test_feedback_state_and_overdue(void **state)
{
	(void)state;
	struct ld_feedback f = claim();
	const int64_t due = 1767607200;

	assert_string_equal(feedback_claim_state(&f), "open");
	assert_false(feedback_claim_overdue(&f, due + 1)); /* no target */
	f.resolution_due = SLA_NEVER;
	assert_int_equal(feedback_claim_due(&f), 0);
	assert_false(feedback_claim_overdue(&f, due + 1));
	f.resolution_due = due;
	assert_false(feedback_claim_overdue(&f, due)); /* at the instant: met */
	assert_true(feedback_claim_overdue(&f, due + 1));
	f.answered_at = due - 10;
	assert_string_equal(feedback_claim_state(&f), "answered");
	assert_true(feedback_claim_overdue(&f, due + 1)); /* answered is not resolved */
	f.case_status = LD_ST_RESOLVED;
	f.resolved_at = due - 5;
	assert_string_equal(feedback_claim_state(&f), "resolved");
	assert_false(feedback_claim_overdue(&f, due + 86400)); /* resolved in time stays met */
	f.resolved_at = due + 5;
	assert_true(feedback_claim_overdue(&f, due + 86400));
	f.case_status = LD_ST_CLOSED;
	assert_string_equal(feedback_claim_state(&f), "resolved");
	f = claim();
	f.resolution_breached = true; /* as the case was marked */
	assert_true(feedback_claim_overdue(&f, 0));
	f.kind = LD_FB_COMPLIMENT;
	assert_null(feedback_claim_state(&f));
	assert_false(feedback_claim_overdue(&f, 0));
	f = claim();
	f.case_status = -1; /* no case */
	assert_null(feedback_claim_state(&f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feedback_names),
		cmocka_unit_test(test_feedback_check),
		cmocka_unit_test(test_feedback_state_and_overdue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
