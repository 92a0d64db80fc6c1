/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Sign-in link texts (portal_text.h). The texts are pieces put together
 * around the name, the link and the minutes, never format strings.
 */
#include "core/portal_text.h"

#include <stdio.h>
#include <string.h>

struct signin_text {
	const char *lang;
	const char *subject;
	const char *hello, *hello_end; /* around the name */
	const char *hello_alone;       /* without a name */
	const char *intro;             /* before the link */
	const char *valid, *valid_end; /* around the minutes */
};

static const struct signin_text TEXTS[] = {
	{ "en", "Your sign-in link", "Hello ", ",", "Hello,",
	  "Use this link to sign in to your customer portal:",
	  "It works once, for the next ",
	  " minutes. If you did not ask for it, you can ignore this message: nobody can sign in "
	  "without the link." },
	{ "cs", "Váš odkaz pro přihlášení", "Dobrý den, ", ",", "Dobrý den,",
	  "pro přihlášení do zákaznického portálu použijte tento odkaz:",
	  "Platí jednou a jen ",
	  " minut. Pokud jste o něj nežádali, zprávu můžete ignorovat: bez odkazu se nikdo "
	  "nepřihlásí." },
	{ "de", "Ihr Anmeldelink", "Guten Tag ", ",", "Guten Tag,",
	  "mit diesem Link melden Sie sich im Kundenportal an:",
	  "Er gilt einmal und nur ",
	  " Minuten lang. Wenn Sie ihn nicht angefordert haben, können Sie diese Nachricht "
	  "ignorieren: Ohne den Link kann sich niemand anmelden." },
	{ "pl", "Link do logowania", "Dzień dobry ", ",", "Dzień dobry,",
	  "prosimy użyć tego linku, aby zalogować się do portalu klienta:",
	  "Działa jeden raz i tylko przez ",
	  " min. Jeśli nie prosili Państwo o niego, wystarczy zignorować tę wiadomość: bez linku "
	  "nikt się nie zaloguje." },
	{ "es", "Su enlace de acceso", "Hola, ", ":", "Hola:",
	  "Use este enlace para entrar en su portal de cliente:",
	  "Funciona una sola vez y solo durante ",
	  " minutos. Si no lo ha pedido, puede ignorar este mensaje: nadie puede entrar sin el "
	  "enlace." },
	{ "uk", "Ваше посилання для входу", "Вітаємо, ", "!", "Вітаємо!",
	  "Щоб увійти на портал клієнта, скористайтеся цим посиланням:",
	  "Воно діє один раз і лише ",
	  " хв. Якщо ви його не запитували, просто проігноруйте цей лист: без посилання ніхто не "
	  "зможе увійти." },
};

bool portal_text_signin(const char *lang, const char *name, const char *link, int minutes,
			char *subject, size_t subject_cap, char *body, size_t body_cap)
{
	const struct signin_text *t = &TEXTS[0];
	int n, m;

	for (size_t i = 0; lang != NULL && i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
		if (strcmp(lang, TEXTS[i].lang) == 0)
			t = &TEXTS[i];
	}
	n = snprintf(subject, subject_cap, "%s", t->subject);
	if (n < 0 || (size_t)n >= subject_cap)
		return false;
	if (name != NULL && name[0] != '\0')
		n = snprintf(body, body_cap, "%s%s%s", t->hello, name, t->hello_end);
	else
		n = snprintf(body, body_cap, "%s", t->hello_alone);
	if (n < 0 || (size_t)n >= body_cap)
		return false;
	m = snprintf(body + n, body_cap - (size_t)n, "\n\n%s\n\n%s\n\n%s%d%s\n", t->intro, link,
		     t->valid, minutes, t->valid_end);
	return m >= 0 && (size_t)m < body_cap - (size_t)n;
}
