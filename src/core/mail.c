/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Incoming mail rules (contract in mail.h).
 *
 * Machine-written mail. A desk that answers an out-of-office reply with an
 * acknowledgement, which the other side answers with its out-of-office
 * reply, loops until someone notices the mailbox filling up. RFC 3834 §5
 * says how a responder must recognise what not to answer; this follows it
 * and adds the de-facto headers the big mail systems use where they ignore
 * the RFC:
 *   - Auto-Submitted with any value but "no" (RFC 3834 §5);
 *   - Precedence bulk, list or junk (older convention, still widely set);
 *   - X-Autoreply / X-Autorespond (several MTAs), X-Auto-Response-Suppress
 *     with All, OOF, DR, RN, NRN or AutoReply (Exchange marks its own
 *     automatic messages so);
 *   - List-Id or List-Unsubscribe (RFC 2919, 2369): mailing-list traffic;
 *   - a delivery status notification: multipart/report with report-type
 *     delivery-status or disposition-notification (RFC 3464, 8098), or From
 *     MAILER-DAEMON / postmaster;
 *   - the null return path "<>" (RFC 5321 §4.5.5: bounces are sent with it,
 *     and nothing may ever be sent back to it).
 * Missing one is worse than the other way round: a person whose message is
 * taken for a machine's is still stored (mailgate audits it and exits 0, the
 * message is in the audit log), while a loop floods both desks.
 */
#include "core/mail.h"

#include <stdio.h>
#include <string.h>

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive (ASCII) equality of s[0..n) and the lower-case word w. */
static bool ascii_eq_n(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (w[i] == '\0' || ascii_lower(s[i]) != w[i])
			return false;
	}
	return w[i] == '\0';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The first token of a header value (up to ';', ',' or white space), lower-cased into out. */
static void first_token(const char *v, char *out, size_t cap)
{
	size_t n = 0;

	while (*v != '\0' && is_space(*v))
		v++;
	while (*v != '\0' && !is_space(*v) && *v != ';' && *v != ',' && n + 1 < cap)
		out[n++] = ascii_lower(*v++);
	out[n] = '\0';
}

/* True when the comma-separated list `v` has one of the words (lower case, NULL-ended). */
static bool list_has(const char *v, const char *const *words)
{
	while (v != NULL && *v != '\0') {
		const char *end = strchr(v, ',');
		size_t n;

		while (*v != '\0' && is_space(*v))
			v++;
		n = end != NULL ? (size_t)(end - v) : strlen(v);
		while (n > 0 && is_space(v[n - 1]))
			n--;
		for (int i = 0; words[i] != NULL; i++) {
			if (ascii_eq_n(v, n, words[i]))
				return true;
		}
		v = end != NULL ? end + 1 : NULL;
	}
	return false;
}

/* "<>", "", "< >": the null reverse path. */
static bool null_path(const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p != '<' && *p != '>' && !is_space(*p))
			return false;
	}
	return true;
}

/* The local part of `address` is MAILER-DAEMON or postmaster. */
static bool daemon_address(const char *address)
{
	const char *at = strchr(address, '@');
	size_t n = at != NULL ? (size_t)(at - address) : strlen(address);

	return ascii_eq_n(address, n, "mailer-daemon") || ascii_eq_n(address, n, "postmaster");
}

const char *mail_machine_reason(const struct mail_headers *h)
{
	static const char *const suppress[] = { "all", "oof", "autoreply", "dr", "rn", "nrn",
						NULL };
	char tok[32];

	if (h->auto_submitted != NULL) {
		first_token(h->auto_submitted, tok, sizeof tok);
		if (tok[0] != '\0' && strcmp(tok, "no") != 0)
			return "auto_submitted";
	}
	if (h->precedence != NULL) {
		first_token(h->precedence, tok, sizeof tok);
		if (strcmp(tok, "bulk") == 0 || strcmp(tok, "list") == 0 || strcmp(tok, "junk") == 0)
			return "precedence";
	}
	if (h->x_autoreply != NULL) {
		first_token(h->x_autoreply, tok, sizeof tok);
		if (strcmp(tok, "no") != 0 && strcmp(tok, "false") != 0 && strcmp(tok, "0") != 0)
			return "autoreply";
	}
	if (h->x_auto_suppress != NULL && list_has(h->x_auto_suppress, suppress))
		return "autoreply";
	if (h->list_id != NULL || h->list_unsubscribe != NULL)
		return "mailing_list";
	if (h->content_type != NULL && strcmp(h->content_type, "multipart/report") == 0) {
		first_token(h->report_type != NULL ? h->report_type : "", tok, sizeof tok);
		if (strcmp(tok, "delivery-status") == 0 ||
		    strcmp(tok, "disposition-notification") == 0)
			return "bounce";
	}
	if (h->from_address != NULL && daemon_address(h->from_address))
		return "bounce";
	if (h->envelope_sender != NULL && null_path(h->envelope_sender))
		return "null_sender";
	if (h->return_path != NULL && null_path(h->return_path))
		return "null_sender";
	return NULL;
}

int64_t mail_subject_case_tag(const char *subject)
{
	for (const char *p = subject; p != NULL && (p = strstr(p, "[#")) != NULL; p += 2) {
		int64_t id = 0;
		const char *d = p + 2;

		while (*d >= '0' && *d <= '9' && id <= (INT64_MAX - 9) / 10)
			id = id * 10 + (*d++ - '0');
		if (d > p + 2 && *d == ']' && id > 0)
			return id;
	}
	return 0;
}

/*
 * Reply and forward prefixes as mail programs write them in the desk's
 * languages (before the colon; matched without regard to ASCII case, the
 * non-ASCII ones as written in both cases).
 */
static const char *const prefixes[] = {
	"re", "fw", "fwd", "aw", "wg", "odp", "pd", "př", "pr", "rv", "res", "sv", "vs", "tr",
	"antw", "enc", "відп", "Відп", "ВІДП", "пересл", "Пересл", "ПЕРЕСЛ", "на", "НА", NULL,
};

/* Length of a reply prefix at s ("Re:", "RE[2]:", "Re^3:", "Fwd :"), 0 when none. */
static size_t prefix_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && s[n] != ':' && s[n] != '[' && s[n] != '^' && !is_space(s[n]) &&
	       n < 16)
		n++;
	for (int i = 0; prefixes[i] != NULL; i++) {
		size_t m = n, plen = strlen(prefixes[i]);
		bool same = plen == n && (ascii_eq_n(s, n, prefixes[i]) ||
					  memcmp(s, prefixes[i], n) == 0);

		if (!same)
			continue;
		if (s[m] == '[') { /* Re[2]: */
			while (s[++m] >= '0' && s[m] <= '9')
				;
			if (s[m] != ']')
				return 0;
			m++;
		} else if (s[m] == '^') { /* Re^2: */
			while (s[++m] >= '0' && s[m] <= '9')
				;
		}
		while (s[m] == ' ')
			m++;
		return s[m] == ':' ? m + 1 : 0;
	}
	return 0;
}

/* Length of a case tag "[#123]" at s, 0 when none. */
static size_t tag_len(const char *s)
{
	size_t m = 2;

	if (s[0] != '[' || s[1] != '#')
		return 0;
	while (s[m] >= '0' && s[m] <= '9')
		m++;
	return m > 2 && s[m] == ']' ? m + 1 : 0;
}

size_t mail_subject_clean(const char *subject, char *out, size_t cap)
{
	const char *p = subject != NULL ? subject : "";
	size_t n = 0, k;
	bool space = false;

	if (cap == 0)
		return 0;
	for (;;) { /* leading prefixes and tags, in any order */
		while (is_space(*p))
			p++;
		if ((k = prefix_len(p)) == 0 && (k = tag_len(p)) == 0)
			break;
		p += k;
	}
	for (; *p != '\0'; p++) {
		if ((k = tag_len(p)) > 0) {
			p += k - 1;
			space = n > 0;
			continue;
		}
		if (is_space(*p) || (unsigned char)*p < 0x20) {
			space = n > 0;
			continue;
		}
		if (space) {
			if (n + 1 >= cap)
				break;
			out[n++] = ' ';
			space = false;
		}
		if (n + 1 >= cap)
			break;
		out[n++] = *p;
	}
	/* Never end inside a UTF-8 sequence cut by `cap`. */
	if (*p != '\0') {
		size_t lead = n;
		while (lead > 0 && ((unsigned char)out[lead - 1] & 0xC0) == 0x80)
			lead--;
		if (lead > 0 && (unsigned char)out[lead - 1] >= 0xC0) {
			unsigned char c = (unsigned char)out[lead - 1];
			size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (n - (lead - 1) < want)
				n = lead - 1;
		}
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return n;
}

bool mail_id_normalise(const char *id, char out[MAIL_ID_MAX + 1])
{
	size_t n;

	out[0] = '\0';
	if (id == NULL)
		return false;
	while (is_space(*id))
		id++;
	if (*id == '<')
		id++;
	n = strlen(id);
	while (n > 0 && is_space(id[n - 1]))
		n--;
	if (n > 0 && id[n - 1] == '>')
		n--;
	if (n == 0 || n > MAIL_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];
		if (c <= 0x20 || c == 0x7F || c == '<' || c == '>')
			return false;
	}
	memcpy(out, id, n);
	out[n] = '\0';
	return true;
}

static const char *supported(const char *tag, size_t n)
{
	static const char *const langs[] = { "cs", "de", "pl", "en", "es", "uk", NULL };

	for (int i = 0; langs[i] != NULL; i++) {
		if (n >= 2 && ascii_eq_n(tag, 2, langs[i]) && (n == 2 || tag[2] == '-'))
			return langs[i];
	}
	return NULL;
}

const char *mail_guess_language(const char *content_language, const char *address)
{
	static const struct {
		const char *tld;
		const char *lang;
	} tlds[] = {
		{ "cz", "cs" }, { "de", "de" }, { "at", "de" }, { "pl", "pl" },
		{ "ua", "uk" }, { "es", "es" },
	};
	const char *dot;

	for (const char *p = content_language; p != NULL && *p != '\0';) {
		size_t n;
		const char *lang;

		while (*p == ',' || is_space(*p))
			p++;
		n = strcspn(p, ", \t");
		if ((lang = supported(p, n)) != NULL)
			return lang;
		p += n;
	}
	if (address != NULL && (dot = strrchr(address, '.')) != NULL &&
	    strchr(address, '@') != NULL && dot > strchr(address, '@')) {
		for (size_t i = 0; i < sizeof tlds / sizeof tlds[0]; i++) {
			if (ascii_eq_n(dot + 1, strlen(dot + 1), tlds[i].tld))
				return tlds[i].lang;
		}
	}
	return "en";
}

size_t mail_reply_footer(const char *language, int64_t case_id, char *out, size_t cap)
{
	/* The polite register of survey_text.c: vykání, Sie, impersonal Polish, usted, Ви. */
	const char *l = language != NULL ? language : "";
	long long id = (long long)case_id;
	int n;

	if (strcmp(l, "cs") == 0)
		n = snprintf(out, cap, "Váš případ č. %lld – odpovědí na tento e-mail jej doplníte.", id);
	else if (strcmp(l, "de") == 0)
		n = snprintf(out, cap,
			     "Ihr Anliegen Nr. %lld – antworten Sie einfach auf diese E-Mail, um es zu"
			     " ergänzen.", id);
	else if (strcmp(l, "pl") == 0)
		n = snprintf(out, cap,
			     "Sprawa nr %lld – wystarczy odpowiedzieć na tę wiadomość, aby ją uzupełnić.",
			     id);
	else if (strcmp(l, "es") == 0)
		n = snprintf(out, cap, "Su caso n.º %lld: responda a este correo para añadir información.",
			     id);
	else if (strcmp(l, "uk") == 0)
		n = snprintf(out, cap,
			     "Ваше звернення № %lld – щоб доповнити його, просто дайте відповідь на цей"
			     " лист.", id);
	else
		n = snprintf(out, cap, "Your case #%lld – reply to this e-mail to add to it.", id);
	return n > 0 ? (size_t)n : 0;
}

size_t mail_reply_subject(int64_t case_id, const char *case_subject, char *out, size_t cap)
{
	char clean[1000];
	size_t len = mail_subject_clean(case_subject != NULL ? case_subject : "", clean, sizeof clean);
	int n = len > 0 ? snprintf(out, cap, "[#%lld] %s", (long long)case_id, clean)
			: snprintf(out, cap, "[#%lld]", (long long)case_id);

	return n > 0 ? (size_t)n : 0;
}
