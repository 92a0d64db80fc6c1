/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * One RFC 5322 message, parsed with GMime 3 into what the desk keeps of it:
 * the sender, the subject, the ids it threads on, its text in UTF-8, its
 * files, and the header values that tell a machine's message from a
 * person's (core/mail.h decides on them).
 *
 * Owns: MIME — multipart/alternative and mixed, nested parts, transfer
 * encodings (quoted-printable, base64, 8bit), charsets (whatever iconv knows;
 * an unknown or wrong label falls back to UTF-8, then Windows-1252), RFC 2047
 * words, RFC 2231 parameters, HTML-only mail turned into text (util/html.h),
 * an mbox "From " first line, CRLF or LF. Must not: decide anything about
 * cases or customers, touch the store. GMime's and GLib's types stay inside
 * mime.c.
 *
 * Whatever the bytes, mime_parse() returns: LD_OK with the parts it could
 * read, or LD_ERR_INVALID when nothing of a message is there.
 */
#ifndef LD_UTIL_MIME_H
#define LD_UTIL_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mail.h"
#include "core/model.h"
#include "util/status.h"

#define MIME_SUBJECT_MAX 998     /* bytes of the decoded subject kept (one header line) */
#define MIME_REFS_MAX 32         /* Message-IDs kept from In-Reply-To and References */
#define MIME_FILES_MAX 64        /* files kept of one message; the rest are counted */
#define MIME_FILENAME_MAX 255    /* bytes of a file name */
#define MIME_TYPE_MAX 127        /* bytes of a media type "type/subtype" */
#define MIME_HEADER_MAX 256      /* bytes kept of each header core/mail.h reads */

/* A file the message carries. */
struct mime_file {
	char filename[MIME_FILENAME_MAX + 1]; /* decoded UTF-8, no path; never empty */
	char content_type[MIME_TYPE_MAX + 1]; /* lower case, e.g. "application/pdf" */
	unsigned char *data;                  /* decoded bytes, owned; NULL when over the limit */
	size_t size;                          /* decoded size in bytes */
	bool over_limit;                      /* larger than the limit given to mime_parse() */
};

/* The header values for core/mail.h, decoded and cut to MIME_HEADER_MAX. */
enum mime_hdr {
	MIME_H_AUTO_SUBMITTED,
	MIME_H_PRECEDENCE,
	MIME_H_X_AUTOREPLY,
	MIME_H_X_AUTO_SUPPRESS,
	MIME_H_LIST_ID,
	MIME_H_LIST_UNSUBSCRIBE,
	MIME_H_RETURN_PATH,
	MIME_H_CONTENT_LANGUAGE,
	MIME_H_COUNT
};

struct mime_message {
	char from_address[LD_EMAIL_MAX + 1];  /* From (else Sender, else Reply-To), lower case */
	char from_name[LD_NAME_MAX + 1];      /* its decoded display name, "" = none */
	char subject[MIME_SUBJECT_MAX + 1];   /* decoded, "" = none */
	char message_id[MAIL_ID_MAX + 1];     /* normalised, "" = none or unusable */
	/* In-Reply-To's ids first, then References from the newest back; no repeats. */
	char refs[MIME_REFS_MAX][MAIL_ID_MAX + 1];
	int n_refs;
	char *text;                           /* the readable text, UTF-8, LF line ends; owned */
	bool text_from_html;                  /* there was no plain text: it came from HTML */
	struct mime_file *files;              /* owned array of n_files */
	int n_files;
	int files_dropped;                    /* files beyond MIME_FILES_MAX, not kept */
	char content_type[MIME_TYPE_MAX + 1]; /* top-level media type, lower case */
	char report_type[64];                 /* its report-type parameter, lower case */
	char *hdr[MIME_H_COUNT];              /* header values, owned; NULL = absent */
};

/*
 * Parses `len` bytes at `data` (need not end in NUL) into `out` (the
 * caller's, cleared first). Files larger than `file_limit` bytes are listed
 * with over_limit set and no data. Errors: LD_ERR_INVALID "mime_unreadable"
 * when there are no headers at all, "mime_no_sender" when no From, Sender or
 * Reply-To address can be read; `out` is then empty.
 */
ld_status mime_parse(const void *data, size_t len, size_t file_limit, struct mime_message *out,
		     struct ld_err *err);

/* Points `h` at the header values of `m` (borrowed) for mail_machine_reason();
 * `envelope_sender` is the MTA's (may be NULL). */
void mime_machine_headers(const struct mime_message *m, const char *envelope_sender,
			  struct mail_headers *h);

/* Frees what `m` owns and zeroes it. NULL-safe. */
void mime_message_clear(struct mime_message *m);

/* ---- writing ---- */

/* A plain-text message the desk sends. Texts are UTF-8; NULL or "" = none. */
struct mime_out {
	const char *from_name, *from_address;
	const char *to_name, *to_address;
	const char *subject;
	const char *message_id;   /* without brackets */
	const char *in_reply_to;  /* without brackets */
	const char *references;   /* ids without brackets, space-separated, oldest first */
	const char *language;     /* Content-Language */
	const char *text;         /* the body; LF or CRLF line ends */
	bool auto_generated;      /* Auto-Submitted: auto-generated (RFC 3834), e.g. a survey */
	int64_t date;             /* Unix s */
};

/*
 * Writes `in` as an RFC 5322 message with CRLF line ends, ready for SMTP:
 * MIME 1.0, text/plain; charset=utf-8 (us-ascii when it is), quoted-printable
 * whenever a line is not 7-bit or too long, RFC 2047 words for non-ASCII
 * names and subjects, Date, Message-ID, In-Reply-To and References.
 * [out] *data (malloc'ed, NUL-terminated) and *len. LD_ERR_INVALID
 * "invalid_address" when an address is not one mailbox.
 */
ld_status mime_compose(const struct mime_out *in, char **data, size_t *len, struct ld_err *err);

#endif
