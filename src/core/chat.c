/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Live chat rules (contract in core/chat.h).
 */
#include "core/chat.h"

#include <stdio.h>
#include <string.h>

#include "core/validate.h"

const char *chat_text_check(const char *s, size_t len)
{
	bool blank = true;

	if (s == NULL || len == 0)
		return "missing_field";
	if (len > LD_CHAT_MESSAGE_MAX)
		return "too_long";
	if (!validate_utf8(s, len))
		return "invalid_utf8";
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == 0x7f)
			return "invalid_text";
		if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
			blank = false;
	}
	return blank ? "missing_field" : NULL;
}

int chat_contact_channel(const struct ld_chat *c)
{
	if (c->first_agent_id == 0 && c->bot_at != 0)
		return LD_CH_BOT;
	return LD_CH_CHAT;
}

/* Whether s[0..n) is one origin (chat_origins_valid). */
static bool origin_valid(const char *s, size_t n)
{
	size_t host;

	if (n > 8 && ascii_prefix_equal(s, "https://", 8))
		host = 8;
	else if (n > 7 && ascii_prefix_equal(s, "http://", 7))
		host = 7;
	else
		return false;
	for (size_t i = host; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == ':' ||
			  ch == '[' || ch == ']';
		if (!ok)
			return false;
	}
	return s[host] != ':' && s[host] != '.';
}

bool chat_origins_valid(const char *origins)
{
	const char *p = origins;

	if (origins == NULL || origins[0] == '\0')
		return true;
	for (;;) {
		size_t n = strcspn(p, " ");

		if (!origin_valid(p, n))
			return false;
		if (p[n] == '\0')
			return true;
		p += n + 1;
	}
}

/* Appends s[0..n) when it fits; false (nothing written) when not. */
static bool put(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len + n >= cap)
		return false;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
	return true;
}

/* One message as its lines, into a scratch buffer; its length, 0 = too long. */
static size_t render_line(const struct ld_chat_message *m, const char *who, char *line,
			  size_t cap)
{
	int64_t day_s = ((m->at % 86400) + 86400) % 86400;
	size_t len = 0;
	int k = snprintf(line, cap, "[%02d:%02d] %s: ", (int)(day_s / 3600),
			 (int)(day_s / 60 % 60), who != NULL && who[0] != '\0' ? who : "?");

	if (k < 0 || (size_t)k >= cap)
		return 0;
	len = (size_t)k;
	for (const char *p = m->body; *p != '\0'; p++) {
		if (*p == '\r')
			continue;
		if (!put(line, cap, &len, p, 1))
			return 0;
		if (*p == '\n' && !put(line, cap, &len, "        ", 8))
			return 0;
	}
	return put(line, cap, &len, "\n", 1) ? len : 0;
}

size_t chat_transcript(const struct ld_chat_message *m, int n,
		       const char *(*who)(void *arg, const struct ld_chat_message *m), void *arg,
		       char *out, size_t cap)
{
	/* The longest line: a message whose every byte is a line break. */
	char line[LD_NAME_MAX + 32 + LD_CHAT_MESSAGE_MAX * 9];
	char note[96];
	size_t len = 0;
	int i;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t k = render_line(&m[i], who(arg, &m[i]), line, sizeof line);

		/* Room is kept for the note that lines were left out. */
		if (k == 0 || len + k + sizeof note >= cap)
			break;
		put(out, cap, &len, line, k);
	}
	if (i < n) {
		int k = snprintf(note, sizeof note, "(%d more message%s not shown)\n", n - i,
				 n - i == 1 ? "" : "s");
		if (k > 0)
			put(out, cap, &len, note, (size_t)k);
	}
	return len;
}
