/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The hash chain of the audit log: the one definition of what an audit
 * row's `chain` and `detail_digest` are, used by the store when it appends
 * a row (and when migration 0007 chains the rows written before it) and by
 * `loyaldesk check` when it verifies them (app/check.c).
 *
 * The rule.
 *
 *   detail_digest = SHA-256(detail text, as stored), none without a detail
 *   chain(row)    = SHA-256(message(chain(previous row), row))
 *
 * with the chain of "the row before the first" 32 zero bytes, and
 *
 *   message = "loyaldesk.audit.v1"      the domain tag (18 bytes, no NUL)
 *             ‖ previous chain          32 bytes
 *             ‖ u64(id) ‖ i64(at)       8 bytes each, big-endian
 *             ‖ opt(actor_id)           0x00, or 0x01 ‖ i64
 *             ‖ text(action)            u64(length) ‖ bytes
 *             ‖ opt(object)             0x00, or 0x01 ‖ text
 *             ‖ opt(address)            0x00, or 0x01 ‖ text
 *             ‖ opt(detail_digest)      0x00, or 0x01 ‖ 32 bytes
 *
 * Every field has a length or a presence byte in front, so no two different
 * rows encode to the same message (an object "a" with address "bc" and an
 * object "ab" with address "c" differ), and NULL differs from "". The id is
 * covered, so renumbering a row, deleting one or inserting one between two
 * others breaks the chain at the next row; the detail enters only through
 * its digest, so that personal data can later be erased from a detail (the
 * text set to NULL or anonymised, the digest kept) and the chain still
 * verifies. Changing the encoding is a new tag ("…v2") and a migration that
 * re-chains the table.
 *
 * Pure: no I/O, no allocation, no state. SHA-256 is libsodium's
 * (crypto_hash_sha256), which is why this lives in util/ and not in core/:
 * core links nothing but libc.
 */
#ifndef LD_UTIL_AUDIT_CHAIN_H
#define LD_UTIL_AUDIT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#define AUDIT_CHAIN_BYTES 32                        /* SHA-256 */
#define AUDIT_CHAIN_HEX (AUDIT_CHAIN_BYTES * 2)     /* its lower-case hex length */

/* The fields of a row the chain covers; everything borrowed. */
struct audit_chain_row {
	int64_t id;                    /* the row's id */
	int64_t at;                    /* Unix s */
	int64_t actor_id;              /* account id, 0 = none (NULL in the store) */
	const char *action;            /* required ("" is encoded as given) */
	const char *object;            /* NULL = none */
	const char *address;           /* NULL = none */
	const uint8_t *detail_digest;  /* AUDIT_CHAIN_BYTES, NULL = no detail */
};

/* SHA-256 of `len` bytes of detail text into `out`. */
void audit_chain_digest(const char *detail, size_t len, uint8_t out[AUDIT_CHAIN_BYTES]);

/*
 * The chain of `row` after a row whose chain is `prev` (NULL: `row` is the
 * first of the log) into `out` (may not alias `prev`).
 */
void audit_chain_next(const uint8_t *prev, const struct audit_chain_row *row,
		      uint8_t out[AUDIT_CHAIN_BYTES]);

/* `d` as lower-case hex into `out` (AUDIT_CHAIN_HEX + 1 bytes). */
void audit_chain_hex(const uint8_t d[AUDIT_CHAIN_BYTES], char out[AUDIT_CHAIN_HEX + 1]);

#endif
