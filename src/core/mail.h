/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The rules of incoming mail that do not depend on how it was parsed: which
 * messages a machine wrote (and so must never open a case nor be answered —
 * no mail loops), the case tag in a subject, the subject a case is opened
 * with, Message-ID normalisation and a first guess at the writer's language.
 *
 * Owns: these decisions. Must not: parse MIME (util/mime.c does, with GMime),
 * touch the store or allocate. Pure functions of their arguments.
 */
#ifndef LD_CORE_MAIL_H
#define LD_CORE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest Message-ID kept, bytes without the angle brackets (RFC 5322 lines
 * are ≤ 998; real ids are < 100). Longer ones are not threaded on. */
#define MAIL_ID_MAX 250

/*
 * The header values (decoded, trimmed; NULL = header absent) that tell a
 * machine's message from a person's. `envelope_sender` is the SMTP MAIL FROM
 * as the MTA passed it (NULL = not given, "" or "<>" = the null sender of a
 * bounce).
 */
struct mail_headers {
	const char *auto_submitted;   /* RFC 3834 Auto-Submitted */
	const char *precedence;       /* Precedence (bulk, list, junk) */
	const char *x_autoreply;      /* X-Autoreply / X-Autorespond */
	const char *x_auto_suppress;  /* X-Auto-Response-Suppress (Exchange: All, OOF, AutoReply) */
	const char *list_id;          /* RFC 2919 List-Id */
	const char *list_unsubscribe; /* RFC 2369 List-Unsubscribe */
	const char *return_path;      /* Return-Path as the final MTA wrote it */
	const char *envelope_sender;  /* see above */
	const char *content_type;     /* top-level "type/subtype", lower case */
	const char *report_type;      /* its report-type parameter (multipart/report) */
	const char *from_address;     /* sender's address, to spot MAILER-DAEMON */
};

/*
 * Why a message was written by a machine, as a short stable reason code
 * ("auto_submitted", "precedence", "autoreply", "mailing_list", "bounce",
 * "null_sender"), or NULL for a person's message.
 */
const char *mail_machine_reason(const struct mail_headers *h);

/*
 * The case a subject names with a tag "[#123]" (anywhere in it; the first
 * one counts). Returns the id, or 0 when there is none or it does not fit.
 */
int64_t mail_subject_case_tag(const char *subject);

/*
 * The subject a new case gets: `subject` without reply and forward prefixes
 * (Re:, Fwd:, AW:, WG:, Odp:, PD:, RV:, Відп:, … repeated, any case), without
 * case tags, whitespace runs folded to one space, trimmed. Written to `out`
 * (`cap` bytes, cut on a UTF-8 boundary). Returns its length; 0 when nothing
 * is left.
 */
size_t mail_subject_clean(const char *subject, char *out, size_t cap);

/*
 * A Message-ID as threading compares it: without surrounding white space and
 * angle brackets. Written to `out` (MAIL_ID_MAX + 1 bytes). False when empty,
 * too long, or holding a control character or white space inside.
 */
bool mail_id_normalise(const char *id, char out[MAIL_ID_MAX + 1]);

/*
 * The language to give a customer first met by mail: a supported one named
 * first in Content-Language (may be NULL), else the one of the address's
 * country domain (.cz → cs, .de/.at → de, .pl → pl, .ua → uk, .es → es),
 * else "en". Returns a static string.
 */
const char *mail_guess_language(const char *content_language, const char *address);

/*
 * The line the desk puts under an agent's reply, in the customer's language
 * (`language` one of cs, de, pl, en, es, uk; anything else gets English):
 * the case number and that answering the mail adds to it, so the customer
 * never has to open a new case or repeat the story. Written to `out` (`cap`
 * bytes, always NUL-terminated). Returns the length it needed.
 */
size_t mail_reply_footer(const char *language, int64_t case_id, char *out, size_t cap);

/*
 * The subject of a reply on case `case_id`: "[#ID] " and the case's subject
 * (without its reply prefixes and tags), or "[#ID]" alone when it has none.
 * Written to `out` as snprintf does. Returns the length it needed.
 */
size_t mail_reply_subject(int64_t case_id, const char *case_subject, char *out, size_t cap);

#endif
