/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The e-mail that carries a customer's portal sign-in link, in the six
 * languages of the desk (cs de pl en es uk; another falls back to English).
 * Pure: formats into the caller's buffers.
 */
#ifndef LD_CORE_PORTAL_TEXT_H
#define LD_CORE_PORTAL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Subject and body of the message with `link`, valid `minutes`; false when
 * a buffer is too small. `name` may be empty. */
bool portal_text_signin(const char *lang, const char *name, const char *link, int minutes,
			char *subject, size_t subject_cap, char *body, size_t body_cap);

#endif
