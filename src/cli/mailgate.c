/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * `loyaldesk mailgate`: one e-mail on standard input becomes a contact, the
 * way an MTA's pipe transport delivers (Postfix pipe(8), Exim's pipe
 * transport); docs/mail.md has the MTA side.
 *
 * Exit codes follow sysexits(3), which MTAs read: 0 delivered (or
 * deliberately dropped: a machine's message, a repeat delivery); 75
 * EX_TEMPFAIL when the desk cannot take it now (busy or missing store, full
 * disk) — the MTA keeps the message and tries again, so nothing is lost;
 * 65 EX_DATAERR when the message cannot be read as mail at all — it is kept
 * whole in the quarantine (<data dir>/quarantine/) for an admin to look at
 * (--quarantine-list) and deliver again (--reinject) — and the MTA bounces
 * it, so the sender learns it did not arrive; 64 EX_USAGE for bad options,
 * 75 too for a bad configuration while delivering (78 would bounce the
 * message), 78 EX_CONFIG for one in --quarantine-list and --reinject.
 *
 * Owns: reading the message, the quarantine files, the exit codes. Parsing
 * is util/mime.c's, every rule app/mail.c's.
 */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/mail.h"
#include "util/blobs.h"
#include "util/crypto.h"
#include "util/mime.h"

enum {
	EX_OK_ = 0,
	EX_USAGE_ = 64,
	EX_DATAERR_ = 65,
	EX_TEMPFAIL_ = 75,
	EX_CONFIG_ = 78,
};

const char cli_mailgate_help[] =
	"Usage: loyaldesk mailgate [--team ID] [--sender ADDR] [--recipient ADDR]\n"
	"       loyaldesk mailgate --quarantine-list\n"
	"       loyaldesk mailgate --reinject FILE [--team ID]\n"
	"\n"
	"Reads one e-mail (RFC 5322, an mbox \"From \" line allowed) on standard\n"
	"input and files it as an e-mail contact: on the case its In-Reply-To or\n"
	"References name, else the case its subject tags [#123], else a new case;\n"
	"the sender becomes the customer with that address, or a new customer.\n"
	"A reference to another customer's case is not followed (a new case,\n"
	"flagged). Auto-replies, bounces and list mail open nothing. Attachments\n"
	"are kept in the data directory (store.data_dir, mail.attachment_max).\n"
	"Meant for an MTA's pipe transport (docs/mail.md).\n"
	"\n"
	"Exit codes (sysexits): 0 delivered or deliberately dropped; 65 not mail\n"
	"at all (kept in the quarantine); 75 try again later (store busy or\n"
	"unavailable, disk full, a bad setting or --team: the MTA keeps the\n"
	"message until it is fixed); 64 bad options; 78 a bad setting for\n"
	"--quarantine-list and --reinject.\n"
	"\n"
	"  --team ID          team of the cases it opens\n"
	"  --sender ADDR      the envelope sender (Postfix: ${sender}); empty or <>\n"
	"                     is a bounce's null sender, which opens nothing\n"
	"  --recipient ADDR   the envelope recipient (Postfix: ${recipient}), audited;\n"
	"                     mail.claims_address files a new thread as a claim,\n"
	"                     mail.compliments_address a message as a compliment\n"
	"  --quarantine-list  lists quarantined messages: file, bytes, time, reason\n"
	"  --reinject FILE    delivers a quarantined message again (a file name of\n"
	"                     the list or a path); removed from the quarantine once\n"
	"                     delivered\n";

enum { MG_TEAM = CLI_OPT_FIRST_FREE, MG_SENDER, MG_RECIPIENT, MG_LIST, MG_REINJECT };

struct mailgate {
	struct config cfg;
	const char *data_dir;          /* NULL = none (":memory:") */
	int64_t team_id;
	const char *sender;            /* envelope sender, NULL = not given */
	const char *recipient;
	char raw_reason[128];          /* why a message was quarantined */
};

/* Whether `recipient` is the address of `mailbox` ("addr" or "Name <addr>"),
 * case aside. */
static bool is_address(const char *mailbox, const char *recipient)
{
	const char *lt = strrchr(mailbox, '<');
	const char *a = lt != NULL ? lt + 1 : mailbox;
	size_t n = lt != NULL ? strcspn(a, ">") : strlen(a);

	return mailbox[0] != '\0' && recipient != NULL && strlen(recipient) == n &&
	       strncasecmp(a, recipient, n) == 0;
}

/* Which of the desk's addresses the message was sent to. */
static int sent_to(const struct mailgate *g)
{
	if (is_address(g->cfg.mail_claims_address, g->recipient))
		return APP_MAIL_TO_CLAIMS;
	if (is_address(g->cfg.mail_compliments_address, g->recipient))
		return APP_MAIL_TO_COMPLIMENTS;
	return APP_MAIL_TO_DESK;
}

/* Reads all of `in` up to `max` bytes; *over = there was more (the rest is left). */
static unsigned char *read_all(FILE *in, size_t max, size_t *len, bool *over)
{
	size_t cap = 0, n = 0;
	unsigned char *buf = NULL;

	*over = false;
	for (;;) {
		buf = xgrow(buf, 1, n + 65536 + 1, &cap);
		size_t want = cap - n - 1;
		if (n + want > max + 1)
			want = max + 1 - n;
		size_t r = fread(buf + n, 1, want, in);
		n += r;
		if (n > max) {
			*over = true;
			break;
		}
		if (r == 0)
			break;
	}
	if (ferror(in)) {
		free(buf);
		return NULL;
	}
	*len = n;
	buf[n] = '\0';
	return buf;
}

static const char *quarantine_dir(const struct mailgate *g, char *out, size_t cap)
{
	if (g->data_dir == NULL)
		return NULL;
	snprintf(out, cap, "%s/quarantine", g->data_dir);
	return out;
}

/*
 * Keeps the raw message (and, when `rest` is not NULL, what is left of it
 * on that stream) in the quarantine with its reason; [out] `name` the file.
 */
static ld_status quarantine(const struct mailgate *g, const unsigned char *data, size_t len,
			    FILE *rest, const char *reason, char *name, size_t name_cap,
			    struct ld_err *err)
{
	char dir[BLOBS_PATH_MAX], path[BLOBS_PATH_MAX + 64], hex[CRYPTO_TOKEN_HEX + 1];
	char stamp[32], meta[1024];
	time_t now = (time_t)cli_clock_now();
	struct tm tm;
	ld_status rc;

	if (quarantine_dir(g, dir, sizeof dir) == NULL)
		return ld_fail(err, LD_ERR_INTERNAL, "no_quarantine", NULL,
			       "no data directory for the quarantine (the store is %s)", g->cfg.db);
	crypto_sha256_hex(data, len, hex);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(name, name_cap, "%s-%.16s.eml", stamp, hex);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((rc = blobs_write_file(path, data, len, true, err)) != LD_OK)
		return rc;
	if (rest != NULL) { /* an oversized message: the rest, appended */
		FILE *f = fopen(path, "ab");
		char buf[65536];
		size_t r;
		if (f == NULL)
			return ld_fail(err, LD_ERR_INTERNAL, "file_write_failed", NULL,
				       "cannot append to %s: %s", path, strerror(errno));
		while ((r = fread(buf, 1, sizeof buf, rest)) > 0) {
			if (fwrite(buf, 1, r, f) != r)
				break;
		}
		if (ferror(rest) || fflush(f) != 0 || fsync(fileno(f)) != 0) {
			int e = errno;
			fclose(f);
			return ld_fail(err, e == ENOSPC ? LD_ERR_FULL : LD_ERR_INTERNAL,
				       "file_write_failed", NULL, "cannot write %s: %s", path,
				       strerror(e));
		}
		fclose(f);
	}
	snprintf(meta, sizeof meta, "reason=%s\nsender=%s\nrecipient=%s\n", reason,
		 g->sender != NULL ? g->sender : "", g->recipient != NULL ? g->recipient : "");
	for (char *p = meta; *p != '\0'; p++) { /* one line each, whatever the flags held */
		if ((unsigned char)*p < 0x20 && *p != '\n')
			*p = ' ';
	}
	snprintf(path, sizeof path, "%s/%s.reason", dir, name);
	return blobs_write_file(path, meta, strlen(meta), true, err);
}

static int temp_fail(const struct ld_err *err)
{
	fprintf(stderr, "loyaldesk mailgate: %s (try again later)\n", err->message);
	return EX_TEMPFAIL_;
}

/* Whether a failure of the desk (not of the message) is worth a retry by the MTA. */
static bool temporary(ld_status rc)
{
	return rc == LD_ERR_RETRY || rc == LD_ERR_FULL || rc == LD_ERR_INTERNAL;
}

static const char *outcome_name(int outcome)
{
	switch (outcome) {
	case APP_MAIL_NEW_CASE: return "new_case";
	case APP_MAIL_ADDED: return "added";
	case APP_MAIL_DUPLICATE: return "duplicate";
	case APP_MAIL_COMPLIMENT: return "compliment";
	default: return "ignored";
	}
}

/*
 * The desk's own configuration is wrong (a bad setting, an unknown --team).
 * That is no fault of the message: Postfix and Exim bounce on 78 (EX_CONFIG
 * is a hard error in Postfix's sys_exits table), which would send the
 * customer's mail back and keep it from the desk. A delivery answers 75
 * instead, so the MTA keeps the message until the configuration is fixed;
 * an admin's own command (--quarantine-list, --reinject) gets 78.
 */
static int config_fail(const struct ld_err *err, bool by_hand)
{
	fprintf(stderr, "loyaldesk mailgate: configuration: %s%s\n", err->message,
		by_hand ? "" : " (the mail server keeps the message and tries again)");
	return by_hand ? EX_CONFIG_ : EX_TEMPFAIL_;
}

/* Parks a message that is not mail; 65, or 75 when even that fails. */
static int data_error(const struct mailgate *g, const unsigned char *data, size_t len,
		      FILE *rest, const struct ld_err *why, bool requeue)
{
	char name[96];
	struct ld_err err;

	ld_err_clear(&err);
	if (!requeue && quarantine(g, data, len, rest, why->code, name, sizeof name, &err) != LD_OK)
		return temp_fail(&err);
	fprintf(stderr, "loyaldesk mailgate: %s%s%s\n", why->message,
		requeue ? "" : "; kept in the quarantine as ", requeue ? "" : name);
	return EX_DATAERR_;
}

/* Delivers one raw message; `requeue` = it came from the quarantine. */
static int deliver(struct mailgate *g, const unsigned char *data, size_t len, bool requeue)
{
	struct mime_message *m = xcalloc(1, sizeof *m);
	struct app_mail_file *files = NULL;
	struct app_mail_result res;
	struct mail_headers h;
	struct app app = { 0 };
	struct ld_err err;
	char qname[96] = "";
	bool over = false;
	int code = EX_OK_;
	ld_status rc;

	ld_err_clear(&err);
	if (mime_parse(data, len, g->cfg.mail_attachment_max, m, &err) != LD_OK) {
		code = data_error(g, data, len, NULL, &err, requeue);
		goto out;
	}
	mime_machine_headers(m, g->sender, &h);
	files = xcalloc((size_t)m->n_files + 1, sizeof *files);
	for (int i = 0; i < m->n_files; i++) {
		files[i] = (struct app_mail_file){ m->files[i].filename, m->files[i].content_type,
						   m->files[i].data, m->files[i].size,
						   m->files[i].over_limit };
		over |= m->files[i].over_limit;
	}
	/* A file too large to keep: the whole message goes to the quarantine
	 * too, so that nothing of it is lost, and the note names it. */
	if (over && !requeue && mail_machine_reason(&h) == NULL &&
	    quarantine(g, data, len, NULL, "attachment_over_limit", qname, sizeof qname, &err) !=
		    LD_OK) {
		code = temp_fail(&err);
		goto out;
	}
	struct app_mail_in in = {
		.from_address = m->from_address, .from_name = m->from_name,
		.subject = m->subject, .message_id = m->message_id,
		.refs = (const char (*)[MAIL_ID_MAX + 1])m->refs, .n_refs = m->n_refs,
		.text = m->text, .headers = &h, .content_language = m->hdr[MIME_H_CONTENT_LANGUAGE],
		.files = files, .n_files = m->n_files, .files_dropped = m->files_dropped,
		.team_id = g->team_id, .recipient = g->recipient,
		.quarantine_name = qname[0] != '\0' ? qname : NULL,
		.file_limit = (int64_t)g->cfg.mail_attachment_max, .to = sent_to(g),
	};
	if ((rc = cli_app_open(&g->cfg, &app, &err)) != LD_OK) {
		code = rc == LD_ERR_INVALID ? config_fail(&err, requeue) : temp_fail(&err);
		goto out;
	}
	rc = app_mail_receive(&app, NULL, &in, &res, &err);
	if (rc != LD_OK) {
		if (temporary(rc))
			code = temp_fail(&err);
		else if (rc == LD_ERR_NOT_FOUND && strcmp(err.field, "team_id") == 0)
			code = config_fail(&err, requeue);
		else
			code = data_error(g, data, len, NULL, &err, requeue);
		goto out;
	}
	if (res.outcome == APP_MAIL_MACHINE)
		printf("ignored reason=%s from=%s\n", res.reason, m->from_address);
	else
		printf("%s case=%" PRId64 " contact=%" PRId64 " customer=%" PRId64
		       "%s%s files=%d refused=%d\n",
		       outcome_name(res.outcome), res.case_id, res.interaction_id, res.customer_id,
		       res.new_customer ? " new_customer" : "",
		       res.forged_case_id != 0 ? " forged_reference" : "", res.files_stored,
		       res.files_refused);
	if (res.feedback_id != 0)
		printf("%s=%" PRId64 "\n", res.outcome == APP_MAIL_COMPLIMENT ? "compliment" : "claim",
		       res.feedback_id);
out:
	cli_app_close(&app);
	free(files);
	mime_message_clear(m);
	free(m);
	return code;
}

/* Lists the quarantine: name, bytes, modification time, reason. */
static int list_quarantine(const struct mailgate *g)
{
	char dir[BLOBS_PATH_MAX], path[BLOBS_PATH_MAX + 300];
	struct dirent **names = NULL;
	int n, shown = 0;

	if (quarantine_dir(g, dir, sizeof dir) == NULL) {
		fprintf(stderr, "loyaldesk mailgate: no data directory (the store is %s)\n",
			g->cfg.db);
		return EX_CONFIG_;
	}
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0) {
		if (errno == ENOENT) {
			fprintf(stderr, "loyaldesk mailgate: the quarantine is empty\n");
			return EX_OK_;
		}
		fprintf(stderr, "loyaldesk mailgate: cannot read %s: %s\n", dir, strerror(errno));
		return EX_TEMPFAIL_;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		struct stat st;
		char reason[128] = "", when[32] = "";
		if (len > 4 && strcmp(name + len - 4, ".eml") == 0) {
			snprintf(path, sizeof path, "%s/%s", dir, name);
			if (stat(path, &st) == 0) {
				FILE *f;
				snprintf(path, sizeof path, "%s/%s.reason", dir, name);
				if ((f = fopen(path, "r")) != NULL) {
					char line[256];
					while (fgets(line, sizeof line, f) != NULL) {
						if (strncmp(line, "reason=", 7) == 0)
							snprintf(reason, sizeof reason, "%.*s",
								 (int)strcspn(line + 7, "\n"), line + 7);
					}
					fclose(f);
				}
				cli_format_time((int64_t)st.st_mtime, when, sizeof when);
				printf("%s\t%lld\t%s\t%s\n", name, (long long)st.st_size, when,
				       reason[0] != '\0' ? reason : "-");
				shown++;
			}
		}
		free(names[i]);
	}
	free(names);
	if (shown == 0)
		fprintf(stderr, "loyaldesk mailgate: the quarantine is empty\n");
	return EX_OK_;
}

/* Reads the sender and recipient kept beside a quarantined message. */
static void read_meta(const char path[BLOBS_PATH_MAX + 300], char *sender, char *recipient, size_t cap)
{
	char meta[BLOBS_PATH_MAX + 320], line[512];
	FILE *f;

	snprintf(meta, sizeof meta, "%s.reason", path);
	if ((f = fopen(meta, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "sender=", 7) == 0)
			snprintf(sender, cap, "%.*s", (int)cap - 1, line + 7);
		else if (strncmp(line, "recipient=", 10) == 0)
			snprintf(recipient, cap, "%.*s", (int)cap - 1, line + 10);
	}
	fclose(f);
}

static int reinject(struct mailgate *g, const char *file)
{
	char dir[BLOBS_PATH_MAX], path[BLOBS_PATH_MAX + 300], meta[BLOBS_PATH_MAX + 320];
	char sender[LD_EMAIL_MAX + 8] = "", recipient[LD_EMAIL_MAX + 8] = "";
	unsigned char *data;
	size_t len;
	bool over;
	FILE *f;
	int code;

	if (strchr(file, '/') == NULL && quarantine_dir(g, dir, sizeof dir) != NULL)
		snprintf(path, sizeof path, "%s/%s", dir, file);
	else
		snprintf(path, sizeof path, "%s", file);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "loyaldesk mailgate: cannot open %s: %s\n", path, strerror(errno));
		return EX_USAGE_;
	}
	data = read_all(f, g->cfg.mail_max_message, &len, &over);
	fclose(f);
	if (data == NULL || over) {
		fprintf(stderr, "loyaldesk mailgate: %s: %s\n", path,
			data == NULL ? "read error" : "larger than mail.max_message");
		free(data);
		return EX_DATAERR_;
	}
	read_meta(path, sender, recipient, sizeof sender);
	if (g->sender == NULL && sender[0] != '\0')
		g->sender = sender;
	if (g->recipient == NULL && recipient[0] != '\0')
		g->recipient = recipient;
	code = deliver(g, data, len, true);
	free(data);
	if (code == EX_OK_) {
		snprintf(meta, sizeof meta, "%s.reason", path);
		if (unlink(path) != 0)
			fprintf(stderr, "loyaldesk mailgate: delivered, but cannot remove %s: %s\n",
				path, strerror(errno));
		(void)unlink(meta);
	}
	return code;
}

int cli_mailgate_run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTIONS,
		{ "team", required_argument, NULL, MG_TEAM },
		{ "sender", required_argument, NULL, MG_SENDER },
		{ "recipient", required_argument, NULL, MG_RECIPIENT },
		{ "quarantine-list", no_argument, NULL, MG_LIST },
		{ "reinject", required_argument, NULL, MG_REINJECT },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_flags flags = { 0 };
	struct mailgate g = { 0 };
	const char *reinject_file = NULL;
	bool started = false, list = false, over = false;
	unsigned char *data;
	struct ld_err err;
	size_t len = 0;
	int c, code;

	ld_err_clear(&err);
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &flags, &started)) != -1) {
		switch (c) {
		case 'h': return cli_help(cmd);
		case MG_TEAM:
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &g.team_id)) {
				cli_usage(cmd, "--team must be a team id, not '%s'", optarg);
				return EX_USAGE_;
			}
			break;
		case MG_SENDER: g.sender = optarg; break;
		case MG_RECIPIENT: g.recipient = optarg; break;
		case MG_LIST: list = true; break;
		case MG_REINJECT: reinject_file = optarg; break;
		default: return EX_USAGE_;
		}
	}
	if (optind < argc) {
		cli_usage(cmd, "unexpected argument '%s' (the message comes on standard input)",
			  argv[optind]);
		return EX_USAGE_;
	}
	if (list && reinject_file != NULL) {
		cli_usage(cmd, "--quarantine-list and --reinject go alone");
		return EX_USAGE_;
	}
	if (cli_config(&flags, &g.cfg, &err) != LD_OK) {
		if (strcmp(err.code, "invalid_flag") == 0) {
			fprintf(stderr, "loyaldesk mailgate: %s\n", err.message);
			return EX_USAGE_;
		}
		return config_fail(&err, list || reinject_file != NULL);
	}
	g.data_dir = cli_data_dir(&g.cfg);
	if (list)
		return list_quarantine(&g);
	if (reinject_file != NULL)
		return reinject(&g, reinject_file);
	if ((data = read_all(stdin, g.cfg.mail_max_message, &len, &over)) == NULL) {
		fprintf(stderr, "loyaldesk mailgate: cannot read standard input: %s\n",
			strerror(errno));
		return EX_TEMPFAIL_;
	}
	if (over) {
		struct ld_err why;
		ld_fail(&why, LD_ERR_TOO_LARGE, "message_too_large", NULL,
			"the message is larger than mail.max_message (%zu bytes)",
			g.cfg.mail_max_message);
		code = data_error(&g, data, len, stdin, &why, false);
	} else {
		code = deliver(&g, data, len, false);
	}
	free(data);
	return code;
}
