/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What the libFuzzer harnesses of fuzz/ share (header-only: each harness is
 * its own binary): the entry points libFuzzer calls, and FUZZ_CHECK, the one
 * way a harness reports a broken invariant — a message on stderr, then
 * abort(), which libFuzzer records as a finding with the input that caused
 * it. Sanitizer reports (memory errors, undefined behaviour, leaks) are
 * findings of their own without a check.
 *
 * A harness must be deterministic: the same input gives the same path on
 * every run, so that a finding can be replayed from its file alone.
 */
#ifndef LD_FUZZ_FUZZ_H
#define LD_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/*
 * AddressSanitizer's defaults for the harnesses (ASAN_OPTIONS still wins):
 * a quarantine of 16 MiB instead of 256. The CSV reader allocates a 64 KiB
 * buffer per file and the store a page cache per copy of the fixture; with
 * the default quarantine each run's memory stays poisoned long after it is
 * freed, the process grows to hundreds of MiB and runs several times
 * slower. A freed block is still caught when reused within the next 16 MiB.
 */
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

/* Reports a broken invariant and stops; `...` is a printf message. */
#define FUZZ_CHECK(cond, ...)                                                        \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__,  \
				__LINE__, #cond);                                    \
			fprintf(stderr, __VA_ARGS__);                                \
			fputc('\n', stderr);                                         \
			abort();                                                     \
		}                                                                    \
	} while (0)

/* A NUL-terminated copy of data[0..len) (malloc'd, exact size, so a read past
 * its end is a sanitizer finding); the caller frees it. */
static inline char *fuzz_strndup(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (s == NULL)
		abort();
	for (size_t i = 0; i < len; i++)
		s[i] = (char)data[i];
	s[len] = '\0';
	return s;
}

#endif
