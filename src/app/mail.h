/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Mail use cases: a received e-mail becoming a contact on the right case of
 * the right customer, and the files contacts carry.
 *
 * Receiving (app_mail_receive), in one transaction:
 *   1. A machine's message (core/mail.h: auto-replies, bounces, list mail,
 *      the null sender) opens nothing and is never answered: it is audited
 *      ("mail.ignored", with the reason) and dropped. No mail loops.
 *   2. A Message-ID seen before (an MTA delivering again after a lost
 *      acknowledgement) adds nothing: the first delivery stands.
 *   3. The sender is the customer with that address, else a new customer
 *      named by the decoded display name (else the address's local part),
 *      language from Content-Language or the country domain.
 *   4. The case: the first In-Reply-To / References id the desk knows whose
 *      case is this customer's; else the subject's case tag [#123] when that
 *      case is this customer's; else a new case. An id or tag that points at
 *      ANOTHER customer's case is never followed — the mail opens a case of
 *      its own, flagged with an internal note and an audit row
 *      ("mail.forged_reference"): a guessed or forged reference must not let
 *      anyone write into, or read replies of, somebody else's case. A merged
 *      case is followed to the case it went into.
 *   5. The contact (channel email, inbound message) with the text; a text
 *      longer than LD_BODY_MAX is cut there and kept whole as a file
 *      "message.txt". Its Message-ID is remembered for the replies.
 *   6. Files: stored content-addressed in the data directory
 *      (util/blobs.h) and listed on the contact; a file over the limit is
 *      not stored but named in an internal note (with the quarantine file
 *      that keeps the whole message, when the adapter kept one).
 *
 * Only the system (actor NULL) or an admin receives mail.
 */
#ifndef LD_APP_MAIL_H
#define LD_APP_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/mail.h"

/* A file of a received message (borrowed). */
struct app_mail_file {
	const char *filename;      /* decoded, no path, not empty */
	const char *content_type;  /* "type/subtype" */
	const void *data;          /* bytes; NULL when over_limit */
	size_t size;               /* bytes */
	bool over_limit;           /* larger than the limit: not stored */
};

/* Which address of the desk a message was sent to ([mail] claims_address,
 * compliments_address): a new thread to the claims address is a claim, a
 * message to the compliments address a compliment (app/feedback.h). */
enum app_mail_to { APP_MAIL_TO_DESK, APP_MAIL_TO_CLAIMS, APP_MAIL_TO_COMPLIMENTS };

/* A received message as the adapter parsed it (all borrowed). */
struct app_mail_in {
	const char *from_address;             /* required */
	const char *from_name;                /* decoded display name, NULL or "" = none */
	const char *subject;                  /* decoded, NULL = none */
	const char *message_id;               /* normalised (mail_id_normalise), "" = none */
	const char (*refs)[MAIL_ID_MAX + 1];  /* In-Reply-To first, then References newest first */
	int n_refs;
	const char *text;                     /* UTF-8, may be NULL */
	const struct mail_headers *headers;   /* for mail_machine_reason(), required */
	const char *content_language;         /* Content-Language, may be NULL */
	const struct app_mail_file *files;
	int n_files;
	int files_dropped;                    /* files the parser did not keep (too many) */
	int64_t team_id;                      /* a new case's team, 0 = none */
	const char *recipient;                /* envelope recipient, for the audit; may be NULL */
	const char *quarantine_name;          /* the whole message's quarantine file, NULL = none */
	int64_t file_limit;                   /* bytes, for the over-limit note */
	int to;                               /* enum app_mail_to: which of the desk's addresses */
};

enum app_mail_outcome {
	APP_MAIL_NEW_CASE,   /* a new case was opened */
	APP_MAIL_ADDED,      /* added to an existing case */
	APP_MAIL_DUPLICATE,  /* its Message-ID was delivered before: nothing added */
	APP_MAIL_MACHINE,    /* a machine's message: nothing opened, audited */
	APP_MAIL_COMPLIMENT, /* to the compliments address: a compliment, no case */
};

struct app_mail_result {
	int outcome;                 /* enum app_mail_outcome */
	int64_t case_id;             /* the case (0 for MACHINE) */
	int64_t interaction_id;      /* the contact added (0 for DUPLICATE, MACHINE) */
	int64_t customer_id;         /* the sender's customer (0 for MACHINE) */
	bool new_customer;           /* the sender was not known before */
	int64_t forged_case_id;      /* a reference to another customer's case, not followed */
	const char *reason;          /* MACHINE: mail_machine_reason()'s code */
	int files_stored;            /* files kept */
	int files_refused;           /* files over the limit or beyond the count */
	int64_t feedback_id;         /* the claim (a new case to the claims address) or the
				      * compliment filed, 0 = none */
};

ld_status app_mail_receive(struct app *app, const struct app_actor *actor,
			   const struct app_mail_in *in, struct app_mail_result *out,
			   struct ld_err *err);

/*
 * A case's files (by id, after `after_id`), for those who may see the case.
 * A customer sees only its own cases' files.
 */
ld_status app_attachment_list(struct app *app, const struct app_actor *actor, int64_t case_id,
			      int64_t after_id, int limit, struct ld_attachment *out, int *n,
			      struct ld_err *err);

/*
 * One file for download: its row, and [out] *fd open on its bytes (the
 * caller closes it). Those who may see its case only; LD_ERR_NOT_FOUND
 * "attachment_not_found" otherwise (a customer never learns that another's
 * file exists), "file_missing" when the bytes are gone from the data
 * directory.
 */
ld_status app_attachment_open(struct app *app, const struct app_actor *actor, int64_t id,
			      struct ld_attachment *out, int *fd, struct ld_err *err);

#endif
