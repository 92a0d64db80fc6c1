/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Secrets: password hashes (Argon2id via libargon2), bearer tokens and their
 * digests (libsodium randombytes + SHA-256), constant-time comparison.
 *
 * Nothing here stores anything; the store keeps the PHC hash string and the
 * token digest, never a token.
 */
#ifndef LD_UTIL_CRYPTO_H
#define LD_UTIL_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define CRYPTO_TOKEN_BYTES 32                       /* 256-bit tokens */
#define CRYPTO_TOKEN_HEX (CRYPTO_TOKEN_BYTES * 2)   /* their hex length */
#define CRYPTO_DIGEST_BYTES 32                      /* SHA-256 */
#define CRYPTO_HASH_MAX 160                         /* PHC string bound */

/* Initialises libsodium once (thread-safe, idempotent). 0 ok, -1 failure. */
int crypto_setup(void);

/*
 * Argon2id hash of `password` (t=2, m=19 MiB, p=1: OWASP's 2023 minimum) as a
 * PHC string into `out` (CRYPTO_HASH_MAX + 1 bytes).
 */
ld_status crypto_password_hash(const char *password, size_t password_len,
			       char out[CRYPTO_HASH_MAX + 1], struct ld_err *err);

/* True when `password` matches the PHC string `encoded`. */
bool crypto_password_verify(const char *encoded, const char *password, size_t password_len);

/*
 * Spends the time of one verification against a fixed hash, so an unknown
 * login name answers as slowly as a wrong password.
 */
void crypto_password_dummy_verify(const char *password, size_t password_len);

/* A fresh random token as lower-case hex (CRYPTO_TOKEN_HEX chars + NUL). */
void crypto_token_new(char out[CRYPTO_TOKEN_HEX + 1]);

/* HMAC-SHA256 (RFC 2104) of msg[0..len) under the bytes of `key` (a
 * NUL-terminated string, used as it is), as 64 lower-case hex characters. */
void crypto_hmac_sha256_hex(const char *key, const void *msg, size_t len,
			    char out[CRYPTO_TOKEN_HEX + 1]);

/*
 * SHA-256 of a token's hex text into `digest`. Rejects (LD_ERR_UNAUTHORIZED,
 * "unauthorized") anything that is not exactly CRYPTO_TOKEN_HEX hex chars.
 */
ld_status crypto_token_digest(const char *token, uint8_t digest[CRYPTO_DIGEST_BYTES],
			      struct ld_err *err);

/* SHA-256 of `len` bytes of `data` as lower-case hex into `out` (CRYPTO_TOKEN_HEX + 1 bytes). */
void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_TOKEN_HEX + 1]);

#endif
