/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Password hashing and token handling. Owns the choice of parameters; the
 * callers only see PHC strings and hex tokens.
 *
 * Why a token digest and not a password-style hash: a token carries 256 bits
 * of randomness, so a fast SHA-256 is enough to make a stolen database useless
 * for logging in, and checking a token then costs microseconds per request
 * instead of the ~20 ms an Argon2 verification costs.
 */
#include "util/crypto.h"

#include <argon2.h>
#include <sodium.h>
#include <string.h>

#define ARGON2_T 2
#define ARGON2_M_KIB 19456
#define ARGON2_P 1
#define ARGON2_SALT 16
#define ARGON2_OUT 32

int crypto_setup(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

ld_status crypto_password_hash(const char *password, size_t password_len,
			       char out[CRYPTO_HASH_MAX + 1], struct ld_err *err)
{
	uint8_t salt[ARGON2_SALT];
	int rc;

	if (crypto_setup() != 0)
		return ld_fail(err, LD_ERR_INTERNAL, "crypto_unavailable", NULL,
			       "libsodium failed to initialise");
	randombytes_buf(salt, sizeof salt);
	rc = argon2id_hash_encoded(ARGON2_T, ARGON2_M_KIB, ARGON2_P, password, password_len, salt,
				   sizeof salt, ARGON2_OUT, out, CRYPTO_HASH_MAX + 1);
	if (rc != ARGON2_OK)
		return ld_fail(err, LD_ERR_INTERNAL, "password_hash_failed", NULL, "argon2: %s",
			       argon2_error_message(rc));
	return LD_OK;
}

bool crypto_password_verify(const char *encoded, const char *password, size_t password_len)
{
	if (encoded == NULL || encoded[0] == '\0')
		return false;
	return argon2id_verify(encoded, password, password_len) == ARGON2_OK;
}

void crypto_password_dummy_verify(const char *password, size_t password_len)
{
	/* A valid hash of a password nobody types; computed once. */
	static char dummy[CRYPTO_HASH_MAX + 1];
	static int ready;

	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		char tmp[CRYPTO_HASH_MAX + 1];
		if (crypto_password_hash("x", 1, tmp, NULL) != LD_OK)
			return;
		memcpy(dummy, tmp, sizeof dummy);
		__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
	}
	(void)argon2id_verify(dummy, password, password_len);
}

void crypto_token_new(char out[CRYPTO_TOKEN_HEX + 1])
{
	uint8_t raw[CRYPTO_TOKEN_BYTES];

	(void)crypto_setup();
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, CRYPTO_TOKEN_HEX + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void crypto_hmac_sha256_hex(const char *key, const void *msg, size_t len,
			    char out[CRYPTO_TOKEN_HEX + 1])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	(void)crypto_setup();
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, CRYPTO_TOKEN_HEX + 1, mac, sizeof mac);
	sodium_memzero(&st, sizeof st);
}

ld_status crypto_token_digest(const char *token, uint8_t digest[CRYPTO_DIGEST_BYTES],
			      struct ld_err *err)
{
	size_t i;

	if (token == NULL)
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL, "missing token");
	for (i = 0; i < CRYPTO_TOKEN_HEX; i++) {
		char ch = token[i];
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')))
			return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL,
				       "malformed token");
	}
	if (token[CRYPTO_TOKEN_HEX] != '\0')
		return ld_fail(err, LD_ERR_UNAUTHORIZED, "unauthorized", NULL, "malformed token");
	(void)crypto_setup();
	crypto_hash_sha256(digest, (const unsigned char *)token, CRYPTO_TOKEN_HEX);
	return LD_OK;
}

void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_TOKEN_HEX + 1])
{
	uint8_t digest[CRYPTO_DIGEST_BYTES];

	(void)crypto_setup();
	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(out, CRYPTO_TOKEN_HEX + 1, digest, sizeof digest);
}
