/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The audit hash chain (the rule and its encoding are in audit_chain.h).
 * Feeds the message to libsodium's incremental SHA-256 field by field, so
 * no buffer of the encoded row is needed whatever the lengths.
 */
#include "util/audit_chain.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#define AUDIT_CHAIN_TAG "loyaldesk.audit.v1"

static void put_u64(crypto_hash_sha256_state *h, uint64_t v)
{
	unsigned char b[8];

	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	crypto_hash_sha256_update(h, b, sizeof b);
}

static void put_present(crypto_hash_sha256_state *h, bool present)
{
	unsigned char flag = present ? 1 : 0;

	crypto_hash_sha256_update(h, &flag, 1);
}

static void put_text(crypto_hash_sha256_state *h, const char *s)
{
	size_t len = strlen(s);

	put_u64(h, (uint64_t)len);
	crypto_hash_sha256_update(h, (const unsigned char *)s, len);
}

static void put_opt_text(crypto_hash_sha256_state *h, const char *s)
{
	put_present(h, s != NULL);
	if (s != NULL)
		put_text(h, s);
}

void audit_chain_digest(const char *detail, size_t len, uint8_t out[AUDIT_CHAIN_BYTES])
{
	crypto_hash_sha256(out, (const unsigned char *)detail, len);
}

void audit_chain_next(const uint8_t *prev, const struct audit_chain_row *row,
		      uint8_t out[AUDIT_CHAIN_BYTES])
{
	static const uint8_t none[AUDIT_CHAIN_BYTES];
	crypto_hash_sha256_state h;

	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)AUDIT_CHAIN_TAG,
				  sizeof AUDIT_CHAIN_TAG - 1);
	crypto_hash_sha256_update(&h, prev != NULL ? prev : none, AUDIT_CHAIN_BYTES);
	put_u64(&h, (uint64_t)row->id);
	put_u64(&h, (uint64_t)row->at);
	put_present(&h, row->actor_id != 0);
	if (row->actor_id != 0)
		put_u64(&h, (uint64_t)row->actor_id);
	put_text(&h, row->action != NULL ? row->action : "");
	put_opt_text(&h, row->object);
	put_opt_text(&h, row->address);
	put_present(&h, row->detail_digest != NULL);
	if (row->detail_digest != NULL)
		crypto_hash_sha256_update(&h, row->detail_digest, AUDIT_CHAIN_BYTES);
	crypto_hash_sha256_final(&h, out);
}

void audit_chain_hex(const uint8_t d[AUDIT_CHAIN_BYTES], char out[AUDIT_CHAIN_HEX + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < AUDIT_CHAIN_BYTES; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 0xf];
	}
	out[AUDIT_CHAIN_HEX] = '\0';
}
