/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Store contract: mail threading ids and attachments (migration 0009). An id
 * is stored once and found with its contact's case and customer — the case
 * it is on now, after a merge moved the contact; an attachment row is
 * listed on its case, by id, with cursor and limit; bad references and bad
 * rows are refused with the documented errors.
 */
#include "store_fixture.h"

static void test_store_mail_message(void **state)
{
	struct store *s = *state;
	struct store_mail_ref ref;
	int64_t cust = new_customer(s, "Jana", "jana@example.cz", "");
	int64_t c1 = new_case(s, cust), c2 = new_case(s, cust);
	int64_t it = new_interaction(s, c1, 1000);

	assert_int_equal(STORE_CALL(s, mail_message_find, "m1@x", &ref, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "mail_message_not_found");
	assert_ok(STORE_CALL(s, mail_message_insert, "m1@x", it, LD_DIR_IN, 1000, &err));
	assert_ok(STORE_CALL(s, mail_message_find, "m1@x", &ref, &err));
	assert_int_equal(ref.interaction_id, it);
	assert_int_equal(ref.case_id, c1);
	assert_int_equal(ref.customer_id, cust);
	assert_int_equal(ref.direction, LD_DIR_IN);
	/* Ids compare exactly (RFC 5322 leaves their case to the writer). */
	assert_int_equal(STORE_CALL(s, mail_message_find, "M1@x", &ref, &err), LD_ERR_NOT_FOUND);

	assert_int_equal(STORE_CALL(s, mail_message_insert, "m1@x", it, LD_DIR_OUT, 1001, &err),
			 LD_ERR_CONFLICT);
	assert_string_equal(err.code, "mail_message_exists");
	assert_int_equal(STORE_CALL(s, mail_message_insert, "m2@x", 9999, LD_DIR_IN, 1, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "interaction_not_found");
	assert_int_equal(STORE_CALL(s, mail_message_insert, "m3@x", it, LD_DIR_INTERNAL, 1, &err),
			 LD_ERR_INVALID);
	assert_int_equal(STORE_CALL(s, mail_message_insert, "", it, LD_DIR_IN, 1, &err),
			 LD_ERR_INVALID);

	/* A merge moves the contact: the id now finds the case it went into. */
	assert_ok(STORE_CALL(s, interaction_move_case, c1, c2, &err));
	assert_ok(STORE_CALL(s, mail_message_find, "m1@x", &ref, &err));
	assert_int_equal(ref.case_id, c2);
}

static struct ld_attachment attachment_of(int64_t interaction_id, const char *name)
{
	struct ld_attachment a = { 0 };

	a.interaction_id = interaction_id;
	snprintf(a.filename, sizeof a.filename, "%s", name);
	snprintf(a.content_type, sizeof a.content_type, "application/pdf");
	a.size = 12;
	memset(a.sha256, 'a', 64);
	a.created_at = 1000;
	return a;
}

static void test_store_attachments(void **state)
{
	struct store *s = *state;
	int64_t cust = new_customer(s, "Jana", "jana@example.cz", "");
	int64_t other = new_customer(s, "Petr", "petr@example.cz", "");
	int64_t c1 = new_case(s, cust), c2 = new_case(s, other);
	int64_t it1 = new_interaction(s, c1, 1000), it2 = new_interaction(s, c1, 1100);
	int64_t it3 = new_interaction(s, c2, 1200);
	struct ld_attachment a, out[4];
	int n = 0;
	const char *names[] = { "faktura č.pdf", "b.pdf", "c.pdf" };
	const int64_t its[] = { it1, it2, it3 };
	int64_t ids[3];

	for (int i = 0; i < 3; i++) {
		a = attachment_of(its[i], names[i]);
		assert_ok(STORE_CALL(s, attachment_insert, &a, &err));
		assert_true(a.id > 0);
		ids[i] = a.id;
	}
	assert_ok(STORE_CALL(s, attachment_get, ids[0], &a, &err));
	assert_string_equal(a.filename, "faktura č.pdf");
	assert_int_equal(a.case_id, c1);
	assert_int_equal(a.customer_id, cust);
	assert_int_equal(a.size, 12);
	assert_int_equal(STORE_CALL(s, attachment_get, 999, &a, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "attachment_not_found");

	assert_ok(STORE_CALL(s, attachment_list, c1, 0, 4, out, &n, &err));
	assert_int_equal(n, 2);
	assert_int_equal(out[0].id, ids[0]);
	assert_int_equal(out[1].id, ids[1]);
	assert_ok(STORE_CALL(s, attachment_list, c1, ids[0], 1, out, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, ids[1]);
	assert_ok(STORE_CALL(s, attachment_list, c2, 0, 4, out, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].customer_id, other);
	assert_int_equal(STORE_CALL(s, attachment_list, c1, 0, 0, out, &n, &err), LD_ERR_INVALID);

	a = attachment_of(4242, "x.pdf");
	assert_int_equal(STORE_CALL(s, attachment_insert, &a, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "interaction_not_found");
	a = attachment_of(it1, "");
	assert_int_equal(STORE_CALL(s, attachment_insert, &a, &err), LD_ERR_INVALID);
	a = attachment_of(it1, "short-digest.pdf");
	a.sha256[10] = '\0';
	assert_int_equal(STORE_CALL(s, attachment_insert, &a, &err), LD_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_mail_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_attachments, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
