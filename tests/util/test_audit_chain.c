/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of util/audit_chain.c, the rule of the audit log's hash chain:
 * known values of the documented encoding, that every covered field moves
 * the chain, that NULL and "" and the boundaries between fields cannot be
 * confused, and that the detail counts only through its digest.
 *
 * The known values were computed outside loyaldesk from the encoding as
 * audit_chain.h writes it down (Python's hashlib over the same bytes), so a
 * change of the encoding fails here rather than passing unnoticed:
 *   SHA-256("abc")                 ba7816bf…f20015ad (FIPS 180-2 example)
 *   detail {"to_agent_id":3}       ee415212…0318064e
 *   row 1 (first of the log)       0c8aec2a…5b785d73
 *   row 2 after row 1              4b073eb0…c83f6d58
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/audit_chain.h"

#define DETAIL "{\"to_agent_id\":3}"

static void assert_hex(const uint8_t d[AUDIT_CHAIN_BYTES], const char *want)
{
	char hex[AUDIT_CHAIN_HEX + 1];

	audit_chain_hex(d, hex);
	assert_string_equal(hex, want);
}

/* Row 1 of the known values. */
static struct audit_chain_row first_row(uint8_t digest[AUDIT_CHAIN_BYTES])
{
	struct audit_chain_row r = {
		.id = 1, .at = 1795514400, .actor_id = 7, .action = "case.transfer",
		.object = "case/42", .address = "192.0.2.1", .detail_digest = digest,
	};

	audit_chain_digest(DETAIL, strlen(DETAIL), digest);
	return r;
}

static void test_audit_chain_digest_is_sha256(void **state)
{
	uint8_t d[AUDIT_CHAIN_BYTES];

	(void)state;
	audit_chain_digest("abc", 3, d);
	assert_hex(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	audit_chain_digest(DETAIL, strlen(DETAIL), d);
	assert_hex(d, "ee41521241aa9957896f5ffbea0ec58989da3449f3fd18fa9d402f5e0318064e");
}

static void test_audit_chain_known_values(void **state)
{
	uint8_t digest[AUDIT_CHAIN_BYTES], c1[AUDIT_CHAIN_BYTES], c2[AUDIT_CHAIN_BYTES];
	struct audit_chain_row r1 = first_row(digest);
	struct audit_chain_row r2 = { .id = 2, .at = 1795514460, .action = "session.refused" };

	(void)state;
	audit_chain_next(NULL, &r1, c1);
	assert_hex(c1, "0c8aec2a0da45822a8d332b1dae26463907bfd6a1c5c8cb3687b154a5b785d73");
	audit_chain_next(c1, &r2, c2);
	assert_hex(c2, "4b073eb00e795a9934b3c30eeb676ec2732a754b8cbfff53d8b5bc10c83f6d58");
}

/* The first row's predecessor is 32 zero bytes. */
static void test_audit_chain_first_row(void **state)
{
	static const uint8_t zero[AUDIT_CHAIN_BYTES];
	uint8_t digest[AUDIT_CHAIN_BYTES], a[AUDIT_CHAIN_BYTES], b[AUDIT_CHAIN_BYTES];
	struct audit_chain_row r = first_row(digest);

	(void)state;
	audit_chain_next(NULL, &r, a);
	audit_chain_next(zero, &r, b);
	assert_memory_equal(a, b, sizeof a);
}

/* Changing any covered field, or the predecessor, changes the chain. */
static void test_audit_chain_every_field_counts(void **state)
{
	uint8_t digest[AUDIT_CHAIN_BYTES], other[AUDIT_CHAIN_BYTES], base[AUDIT_CHAIN_BYTES];
	uint8_t got[AUDIT_CHAIN_BYTES], prev[AUDIT_CHAIN_BYTES];
	struct audit_chain_row r0 = first_row(digest), r;

	(void)state;
	audit_chain_digest("{\"to_agent_id\":4}", 17, other);
	audit_chain_next(NULL, &r0, base);
	for (int field = 0; field < 8; field++) {
		r = r0;
		switch (field) {
		case 0: r.id = 2; break;
		case 1: r.at += 1; break;
		case 2: r.actor_id = 8; break;
		case 3: r.action = "case.assign"; break;
		case 4: r.object = "case/43"; break;
		case 5: r.address = "192.0.2.2"; break;
		case 6: r.detail_digest = other; break;
		default: r.actor_id = 0; break;
		}
		audit_chain_next(NULL, &r, got);
		if (memcmp(got, base, sizeof got) == 0)
			fail_msg("changing field %d leaves the chain as it was", field);
	}
	memset(prev, 1, sizeof prev);
	audit_chain_next(prev, &r0, got);
	assert_memory_not_equal(got, base, sizeof got);
}

/* NULL is not "", and the boundary between two texts cannot move unseen. */
static void test_audit_chain_unambiguous(void **state)
{
	struct audit_chain_row a = { .id = 1, .at = 1, .action = "x" }, b = a;
	uint8_t ca[AUDIT_CHAIN_BYTES], cb[AUDIT_CHAIN_BYTES];

	(void)state;
	a.object = NULL;
	b.object = "";
	audit_chain_next(NULL, &a, ca);
	audit_chain_next(NULL, &b, cb);
	assert_memory_not_equal(ca, cb, sizeof ca);

	a.object = "a";
	a.address = "bc";
	b.object = "ab";
	b.address = "c";
	audit_chain_next(NULL, &a, ca);
	audit_chain_next(NULL, &b, cb);
	assert_memory_not_equal(ca, cb, sizeof ca);

	/* An object moved into the address (both present vs one). */
	a.object = "case/1";
	a.address = NULL;
	b.object = NULL;
	b.address = "case/1";
	audit_chain_next(NULL, &a, ca);
	audit_chain_next(NULL, &b, cb);
	assert_memory_not_equal(ca, cb, sizeof ca);
}

/* The chain covers the detail by its digest only: same digest, same chain. */
static void test_audit_chain_detail_by_digest(void **state)
{
	uint8_t d1[AUDIT_CHAIN_BYTES], d2[AUDIT_CHAIN_BYTES];
	uint8_t c1[AUDIT_CHAIN_BYTES], c2[AUDIT_CHAIN_BYTES];
	struct audit_chain_row r1 = first_row(d1), r2 = r1;

	(void)state;
	memcpy(d2, d1, sizeof d2);
	r2.detail_digest = d2;
	audit_chain_next(NULL, &r1, c1);
	audit_chain_next(NULL, &r2, c2);
	assert_memory_equal(c1, c2, sizeof c1);
	r2.detail_digest = NULL;
	audit_chain_next(NULL, &r2, c2);
	assert_memory_not_equal(c1, c2, sizeof c1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_chain_digest_is_sha256),
		cmocka_unit_test(test_audit_chain_known_values),
		cmocka_unit_test(test_audit_chain_first_row),
		cmocka_unit_test(test_audit_chain_every_field_counts),
		cmocka_unit_test(test_audit_chain_unambiguous),
		cmocka_unit_test(test_audit_chain_detail_by_digest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
