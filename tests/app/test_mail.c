/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unit tests of app/mail.c: a received e-mail lands on the right case of the
 * right customer — new case, reply by In-Reply-To or References, by subject
 * tag; a reference to another customer's case is never followed (new case,
 * flagged, audited); a second delivery adds nothing; machine mail opens
 * nothing; files are stored by content and seen only by those who may see
 * the case; an over-long text is kept whole as a file; merged and resolved
 * cases are followed and reopened.
 */
#include "fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include "app/mail.h"

struct mfx {
	struct fx *f;
	char dir[64];
};

static int msetup(void **state)
{
	struct mfx *m = calloc(1, sizeof *m);

	setup((void **)&m->f);
	snprintf(m->dir, sizeof m->dir, "/tmp/ld-mail-XXXXXX");
	assert_non_null(mkdtemp(m->dir));
	m->f->app.cfg.data_dir = m->dir;
	*state = m;
	return 0;
}

static int mteardown(void **state)
{
	struct mfx *m = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", m->dir);
	assert_int_equal(system(cmd), 0);
	teardown((void **)&m->f);
	free(m);
	return 0;
}

static const struct mail_headers PERSON = { 0 };

static struct app_mail_in mail(const char *from, const char *subject, const char *id)
{
	return (struct app_mail_in){
		.from_address = from, .from_name = "", .subject = subject, .message_id = id,
		.text = "Dobrý den, faktura nesedí.", .headers = &PERSON,
	};
}

static struct app_mail_result receive(struct fx *f, const struct app_mail_in *in)
{
	struct app_mail_result r;
	struct ld_err err;

	ld_err_clear(&err);
	if (app_mail_receive(&f->app, NULL, in, &r, &err) != LD_OK)
		fail_msg("receive: %s", err.message);
	return r;
}

static int contacts(struct fx *f, int64_t case_id, struct ld_interaction *its, int cap)
{
	struct ld_err err;
	int n = 0;

	assert_int_equal(app_case_interactions(&f->app, NULL, case_id, 0, cap, its, &n, &err),
			 LD_OK);
	return n;
}

static int64_t audits(struct fx *f, const char *action)
{
	struct store_audit_query q = { .action = action, .limit = 100 };
	struct ld_audit rows[100];
	struct ld_err err;
	int n = 0;

	assert_int_equal(app_audit_list(&f->app, NULL, &q, rows, &n, &err), LD_OK);
	for (int i = 0; i < n; i++)
		ld_audit_clear(&rows[i]);
	return n;
}

static void test_mail_new_case_then_replies(void **state)
{
	struct fx *f = ((struct mfx *)*state)->f;
	struct ld_interaction its[8];
	char tagged[64];

	struct app_mail_in in = mail("ANTONIN@example.cz", "Re: Faktura za prosinec", "m1@x");
	in.team_id = f->team_b;
	struct app_mail_result r = receive(f, &in);
	assert_int_equal(r.outcome, APP_MAIL_NEW_CASE);
	assert_int_equal(r.customer_id, f->customer); /* the address, in any case, is the customer */
	assert_false(r.new_customer);
	struct ld_case c;
	struct ld_err err;
	assert_int_equal(app_case_get(&f->app, NULL, r.case_id, &c, &err), LD_OK);
	assert_string_equal(c.subject, "Faktura za prosinec");
	assert_int_equal(c.team_id, f->team_b);
	assert_int_equal(c.first_channel, LD_CH_EMAIL);
	assert_int_equal(contacts(f, r.case_id, its, 8), 1);
	assert_int_equal(its[0].channel, LD_CH_EMAIL);
	assert_int_equal(its[0].direction, LD_DIR_IN);
	assert_int_equal(its[0].kind, LD_IK_MESSAGE);
	assert_string_equal(its[0].body, "Dobrý den, faktura nesedí.");
	assert_int_equal(its[0].id, r.interaction_id);
	ld_interaction_clear(&its[0]);

	/* A reply naming it in In-Reply-To. */
	static const char refs1[][MAIL_ID_MAX + 1] = { "m1@x" };
	in = mail("antonin@example.cz", "Re: Faktura", "m2@x");
	in.refs = refs1;
	in.n_refs = 1;
	struct app_mail_result r2 = receive(f, &in);
	assert_int_equal(r2.outcome, APP_MAIL_ADDED);
	assert_int_equal(r2.case_id, r.case_id);

	/* Only in References, behind ids the desk never saw. */
	static const char refs2[][MAIL_ID_MAX + 1] = { "unknown@y", "m2@x" };
	in = mail("antonin@example.cz", "Re: Faktura", "m3@x");
	in.refs = refs2;
	in.n_refs = 2;
	assert_int_equal(receive(f, &in).case_id, r.case_id);

	/* No references, but the case tag in the subject. */
	snprintf(tagged, sizeof tagged, "Re: [#%lld] Faktura", (long long)r.case_id);
	in = mail("antonin@example.cz", tagged, "");
	assert_int_equal(receive(f, &in).case_id, r.case_id);
	int n = contacts(f, r.case_id, its, 8);
	assert_int_equal(n, 4);
	for (int i = 0; i < n; i++)
		ld_interaction_clear(&its[i]);
	assert_int_equal(audits(f, "mail.received"), 4);
}

static void test_mail_duplicate_and_machine(void **state)
{
	struct fx *f = ((struct mfx *)*state)->f;
	struct ld_interaction its[4];
	struct ld_customer found;
	struct ld_err err;

	struct app_mail_in in = mail("antonin@example.cz", "Dotaz", "dup@x");
	struct app_mail_result r = receive(f, &in);
	struct app_mail_result again = receive(f, &in);
	assert_int_equal(again.outcome, APP_MAIL_DUPLICATE);
	assert_int_equal(again.case_id, r.case_id);
	assert_int_equal(again.interaction_id, 0);
	assert_int_equal(contacts(f, r.case_id, its, 4), 1);
	ld_interaction_clear(&its[0]);

	/* An out-of-office reply from someone new: no customer, no case, audited. */
	struct mail_headers ooo = { .auto_submitted = "auto-replied" };
	in = mail("away@example.com", "Out of office", "ooo@x");
	in.headers = &ooo;
	struct app_mail_result m = receive(f, &in);
	assert_int_equal(m.outcome, APP_MAIL_MACHINE);
	assert_string_equal(m.reason, "auto_submitted");
	assert_int_equal(m.case_id, 0);
	assert_int_equal(app_customer_find_email(&f->app, NULL, "away@example.com", &found, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_equal(audits(f, "mail.ignored"), 1);
}

static void test_mail_forged_references(void **state)
{
	struct fx *f = ((struct mfx *)*state)->f;
	struct ld_interaction its[4];
	char tagged[64];

	struct app_mail_in in = mail("antonin@example.cz", "Moje reklamace", "victim@x");
	struct app_mail_result victim = receive(f, &in);

	/* Someone else replies to the customer's message id. */
	static const char refs[][MAIL_ID_MAX + 1] = { "victim@x" };
	in = mail("attacker@example.org", "Re: Moje reklamace", "att1@x");
	in.from_name = "Mallory";
	in.refs = refs;
	in.n_refs = 1;
	struct app_mail_result r = receive(f, &in);
	assert_int_equal(r.outcome, APP_MAIL_NEW_CASE);
	assert_true(r.new_customer);
	assert_int_not_equal(r.case_id, victim.case_id);
	assert_int_equal(r.forged_case_id, victim.case_id);
	assert_int_equal(contacts(f, victim.case_id, its, 4), 1); /* nothing added there */
	ld_interaction_clear(&its[0]);
	assert_int_equal(contacts(f, r.case_id, its, 4), 2);
	assert_int_equal(its[1].kind, LD_IK_NOTE);
	assert_int_equal(its[1].direction, LD_DIR_INTERNAL);
	assert_non_null(strstr(its[1].body, "belongs to another customer"));
	ld_interaction_clear(&its[0]);
	ld_interaction_clear(&its[1]);

	/* And by the subject tag of the customer's case. */
	snprintf(tagged, sizeof tagged, "[#%lld] give me the invoice", (long long)victim.case_id);
	in = mail("attacker@example.org", tagged, "att2@x");
	r = receive(f, &in);
	assert_int_equal(r.outcome, APP_MAIL_NEW_CASE);
	assert_int_equal(r.forged_case_id, victim.case_id);
	assert_int_equal(audits(f, "mail.forged_reference"), 2);

	/* A tag of no case at all is just a new case, not a forgery. */
	in = mail("attacker@example.org", "[#99999] hello", "att3@x");
	r = receive(f, &in);
	assert_int_equal(r.forged_case_id, 0);
}

static void test_mail_new_customer(void **state)
{
	struct fx *f = ((struct mfx *)*state)->f;
	struct ld_customer c;
	struct ld_err err;

	struct app_mail_in in = mail("Jurgen.Weiss@Example.DE", "", "de@x");
	in.from_name = "Jürgen Weiß";
	in.text = "Die Lieferung ist verspätet.\nBitte melden Sie sich.";
	struct app_mail_result r = receive(f, &in);
	assert_true(r.new_customer);
	assert_int_equal(app_customer_get(&f->app, NULL, r.customer_id, &c, &err), LD_OK);
	assert_string_equal(c.name, "Jürgen Weiß");
	assert_string_equal(c.email, "jurgen.weiss@example.de");
	assert_string_equal(c.language, "de");
	ld_customer_clear(&c);
	struct ld_case k;
	assert_int_equal(app_case_get(&f->app, NULL, r.case_id, &k, &err), LD_OK);
	/* No subject: the text's first words. */
	assert_string_equal(k.subject, "Die Lieferung ist verspätet. Bitte melden Sie sich.");

	in = mail("noname@example.ua", NULL, "ua@x");
	in.text = NULL;
	r = receive(f, &in);
	assert_int_equal(app_customer_get(&f->app, NULL, r.customer_id, &c, &err), LD_OK);
	assert_string_equal(c.name, "noname");
	assert_string_equal(c.language, "uk");
	ld_customer_clear(&c);
	assert_int_equal(app_case_get(&f->app, NULL, r.case_id, &k, &err), LD_OK);
	assert_string_equal(k.subject, "E-mail from noname@example.ua");
}

static void test_mail_files(void **state)
{
	struct mfx *m = *state;
	struct fx *f = m->f;
	struct ld_attachment list[8], a;
	struct ld_err err;
	char path[256];
	int n = 0, fd = -1;
	struct app_mail_file files[] = {
		{ "faktura č.pdf", "application/pdf", "%PDF-1.4 one", 12, false },
		{ "same.pdf", "application/pdf", "%PDF-1.4 one", 12, false },
		{ "huge.zip", "application/zip", NULL, 50 * 1000 * 1000, true },
	};

	struct app_mail_in in = mail("antonin@example.cz", "Přílohy", "files@x");
	in.files = files;
	in.n_files = 3;
	in.file_limit = 25 * 1000 * 1000;
	in.quarantine_name = "20261202T100000Z-abc.eml";
	struct app_mail_result r = receive(f, &in);
	assert_int_equal(r.files_stored, 2);
	assert_int_equal(r.files_refused, 1);
	assert_int_equal(app_attachment_list(&f->app, &f->agent, r.case_id, 0, 8, list, &n, &err),
			 LD_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].filename, "faktura č.pdf");
	assert_int_equal(list[0].size, 12);
	assert_int_equal(list[0].interaction_id, r.interaction_id);
	assert_string_equal(list[0].sha256, list[1].sha256); /* stored once, by content */
	snprintf(path, sizeof path, "%s/attachments/%.2s/%s", m->dir, list[0].sha256,
		 list[0].sha256);
	assert_int_equal(access(path, R_OK), 0);

	/* The over-limit file is named in a note, with the quarantine file. */
	struct ld_interaction its[4];
	assert_int_equal(contacts(f, r.case_id, its, 4), 2);
	assert_non_null(strstr(its[1].body, "huge.zip"));
	assert_non_null(strstr(its[1].body, "20261202T100000Z-abc.eml"));
	ld_interaction_clear(&its[0]);
	ld_interaction_clear(&its[1]);

	/* The customer whose case it is may download; another customer may not
	 * even learn it exists. */
	assert_int_equal(app_attachment_open(&f->app, &f->cust, list[0].id, &a, &fd, &err), LD_OK);
	char buf[32] = { 0 };
	assert_int_equal(read(fd, buf, sizeof buf), 12);
	assert_string_equal(buf, "%PDF-1.4 one");
	close(fd);
	struct app_actor other = { .agent_id = 999, .role = LD_ROLE_CUSTOMER, .customer_id = 12345 };
	assert_int_equal(app_attachment_open(&f->app, &other, list[0].id, &a, &fd, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "attachment_not_found");
	assert_int_equal(fd, -1);
	assert_int_equal(app_attachment_open(&f->app, &f->agent, 4242, &a, &fd, &err),
			 LD_ERR_NOT_FOUND);
	assert_int_not_equal(app_attachment_list(&f->app, &other, r.case_id, 0, 8, list, &n, &err),
			     LD_OK);

	/* Bytes gone from the data directory: a clear error, not a crash. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(app_attachment_open(&f->app, &f->agent, list[0].id, &a, &fd, &err),
			 LD_ERR_NOT_FOUND);
	assert_string_equal(err.code, "file_missing");
}

static void test_mail_long_text_kept_whole(void **state)
{
	struct fx *f = ((struct mfx *)*state)->f;
	size_t len = LD_BODY_MAX + 5000;
	char *text = malloc(len + 1);
	struct ld_attachment list[4];
	struct ld_interaction its[2];
	struct ld_err err;
	int n = 0;

	for (size_t i = 0; i < len; i += 2)
		memcpy(text + i, "č", 2); /* two-byte characters: the cut must not split one */
	text[len] = '\0';
	struct app_mail_in in = mail("antonin@example.cz", "Dlouhý dopis", "long@x");
	in.text = text;
	struct app_mail_result r = receive(f, &in);
	assert_int_equal(contacts(f, r.case_id, its, 2), 1);
	assert_true(strlen(its[0].body) <= LD_BODY_MAX);
	assert_non_null(strstr(its[0].body, "message.txt"));
	assert_true(((unsigned char)its[0].body[0]) == 0xC4);
	ld_interaction_clear(&its[0]);
	assert_int_equal(app_attachment_list(&f->app, NULL, r.case_id, 0, 4, list, &n, &err), LD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].filename, "message.txt");
	assert_int_equal(list[0].size, (int64_t)len);
	free(text);
}

static void test_mail_merged_and_resolved(void **state)
{
	struct fx *f = ((struct mfx *)*state)->f;
	struct app_case_patch resolve = { .has_status = true, .status = LD_ST_RESOLVED };
	struct ld_case c;
	struct ld_err err;

	struct app_mail_in in = mail("antonin@example.cz", "First", "a@m");
	struct app_mail_result first = receive(f, &in);
	in = mail("antonin@example.cz", "Second", "b@m");
	struct app_mail_result second = receive(f, &in);
	assert_int_equal(app_case_merge(&f->app, NULL, first.case_id, second.case_id, &c, &err),
			 LD_OK);
	static const char refs[][MAIL_ID_MAX + 1] = { "a@m" };
	in = mail("antonin@example.cz", "Re: First", "c@m");
	in.refs = refs;
	in.n_refs = 1;
	struct app_mail_result r = receive(f, &in);
	assert_int_equal(r.outcome, APP_MAIL_ADDED);
	assert_int_equal(r.case_id, second.case_id); /* where the first case went */

	fake_now += 3600;
	assert_int_equal(app_case_update(&f->app, &f->agent, second.case_id, &resolve, &c, &err),
			 LD_OK);
	fake_now += 3600;
	in = mail("antonin@example.cz", "Re: Second", "d@m");
	static const char refs2[][MAIL_ID_MAX + 1] = { "b@m" };
	in.refs = refs2;
	in.n_refs = 1;
	r = receive(f, &in);
	assert_int_equal(r.case_id, second.case_id);
	assert_int_equal(app_case_get(&f->app, NULL, second.case_id, &c, &err), LD_OK);
	assert_int_equal(c.status, LD_ST_OPEN); /* the customer wrote again: reopened */
	assert_int_equal(c.reopen_count, 1);
}

/* Erasing a customer deletes their files: the records, and each stored file
 * no other contact holds; the same bytes sent by someone else stay theirs.
 * Their Message-IDs go too, so a reply quoting one threads nowhere. */
static void test_mail_erase_removes_files(void **state)
{
	struct mfx *m = *state;
	struct fx *f = m->f;
	struct app_gdpr_erasure e;
	struct ld_attachment list[8], a;
	struct ld_err err;
	char shared[256], own[256];
	int n = 0, fd = -1;
	struct app_mail_file mine[] = {
		{ "smlouva.pdf", "application/pdf", "%PDF shared", 11, false },
		{ "rodne-cislo.txt", "text/plain", "only hers", 9, false },
	};
	struct app_mail_file theirs[] = {
		{ "copy.pdf", "application/pdf", "%PDF shared", 11, false },
	};

	struct app_mail_in in = mail("antonin@example.cz", "Smlouva", "erase-1@x");
	in.files = mine;
	in.n_files = 2;
	in.file_limit = 1 << 20;
	struct app_mail_result r = receive(f, &in);
	in = mail("someone.else@example.de", "Vertrag", "erase-2@x");
	in.files = theirs;
	in.n_files = 1;
	in.file_limit = 1 << 20;
	struct app_mail_result other = receive(f, &in);

	assert_int_equal(app_attachment_list(&f->app, NULL, r.case_id, 0, 8, list, &n, &err), LD_OK);
	assert_int_equal(n, 2);
	snprintf(shared, sizeof shared, "%s/attachments/%.2s/%s", m->dir, list[0].sha256,
		 list[0].sha256);
	snprintf(own, sizeof own, "%s/attachments/%.2s/%s", m->dir, list[1].sha256,
		 list[1].sha256);
	assert_int_equal(access(own, R_OK), 0);

	ld_err_clear(&err);
	if (app_gdpr_erase(&f->app, NULL, f->customer, "request 2026-12", &e, &err) != LD_OK)
		fail_msg("erase: %s", err.message);
	assert_int_equal(e.removed.files, 2);
	assert_int_equal(app_attachment_list(&f->app, NULL, r.case_id, 0, 8, list, &n, &err), LD_OK);
	assert_int_equal(n, 0);
	assert_int_equal(access(own, F_OK), -1);     /* nobody else holds it: gone */
	assert_int_equal(access(shared, R_OK), 0);   /* the other customer's copy stays */
	assert_int_equal(app_attachment_list(&f->app, NULL, other.case_id, 0, 8, list, &n, &err),
			 LD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(app_attachment_open(&f->app, NULL, list[0].id, &a, &fd, &err), LD_OK);
	close(fd);

	/* A reply quoting the erased thread's Message-ID opens a new case. */
	static const char refs[][MAIL_ID_MAX + 1] = { "erase-1@x" };
	in = mail("someone.else@example.de", "Re: Smlouva", "erase-3@x");
	in.refs = refs;
	in.n_refs = 1;
	struct app_mail_result again = receive(f, &in);
	assert_int_equal(again.outcome, APP_MAIL_NEW_CASE);
	assert_int_not_equal(again.case_id, r.case_id);
}

static void test_mail_refused_input(void **state)
{
	struct fx *f = ((struct mfx *)*state)->f;
	struct app_mail_result r;
	struct ld_err err;

	struct app_mail_in in = mail("antonin@example.cz", "x", "z@x");
	assert_int_equal(app_mail_receive(&f->app, &f->agent, &in, &r, &err), LD_ERR_FORBIDDEN);
	in = mail("not an address", "x", "z@x");
	assert_int_equal(app_mail_receive(&f->app, NULL, &in, &r, &err), LD_ERR_INVALID);
	in = mail("antonin@example.cz", "x", "z@x");
	in.team_id = 4242;
	assert_int_equal(app_mail_receive(&f->app, NULL, &in, &r, &err), LD_ERR_NOT_FOUND);
	assert_string_equal(err.field, "team_id");
	/* Nothing of the refused delivery stayed: the same id goes through now. */
	in.team_id = 0;
	assert_int_equal(app_mail_receive(&f->app, NULL, &in, &r, &err), LD_OK);
	assert_int_equal(r.outcome, APP_MAIL_NEW_CASE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mail_new_case_then_replies, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_mail_duplicate_and_machine, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_mail_forged_references, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_mail_new_customer, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_mail_files, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_mail_long_text_kept_whole, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_mail_merged_and_resolved, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_mail_erase_removes_files, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_mail_refused_input, msetup, mteardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
