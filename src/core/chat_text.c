/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The texts the desk writes into a chat (core/chat.h), in the six languages
 * of the desk. Pieces put around a name or a number, never format strings.
 */
#include "core/chat.h"

#include <stdio.h>
#include <string.h>

struct chat_text {
	const char *lang;
	const char *greeting;
	const char *joined;          /* after the name */
	const char *closed_visitor;
	const char *closed_agent;
	const char *idle, *idle_end; /* around the minutes */
};

static const struct chat_text TEXTS[] = {
	{ "en",
	  "Thank you for your message. An agent will be with you shortly; everything you "
	  "write here stays with them, so you will not have to repeat it.",
	  " joined the chat.", "You closed the chat. Thank you for writing to us.",
	  "The agent closed the chat. Thank you for writing to us.",
	  "The chat was closed after ", " minutes without a message. Write again any time." },
	{ "cs",
	  "Děkujeme za zprávu. Za chvíli se vám bude věnovat náš pracovník; vše, co sem "
	  "napíšete, uvidí, takže nic nebudete muset opakovat.",
	  " se připojil(a) k chatu.", "Chat jste ukončili. Děkujeme, že jste nám napsali.",
	  "Pracovník chat ukončil. Děkujeme, že jste nám napsali.",
	  "Chat byl ukončen po ", " minutách bez zprávy. Napište nám kdykoli znovu." },
	{ "de",
	  "Vielen Dank für Ihre Nachricht. Gleich ist jemand für Sie da; alles, was Sie hier "
	  "schreiben, liegt dann vor, Sie müssen nichts wiederholen.",
	  " ist dem Chat beigetreten.", "Sie haben den Chat beendet. Danke für Ihre Nachricht.",
	  "Der Chat wurde beendet. Danke für Ihre Nachricht.",
	  "Der Chat wurde nach ", " Minuten ohne Nachricht beendet. Schreiben Sie uns jederzeit "
	  "wieder." },
	{ "pl",
	  "Dziękujemy za wiadomość. Za chwilę odpowie konsultant; zobaczy wszystko, co Państwo "
	  "tu napiszą, więc nie trzeba będzie niczego powtarzać.",
	  " dołącza do czatu.", "Zakończyli Państwo czat. Dziękujemy za wiadomość.",
	  "Konsultant zakończył czat. Dziękujemy za wiadomość.",
	  "Czat zakończono po ", " min bez wiadomości. Zapraszamy ponownie w każdej chwili." },
	{ "es",
	  "Gracias por su mensaje. Enseguida le atenderá una persona del equipo; verá todo lo "
	  "que escriba aquí, así que no tendrá que repetirlo.",
	  " se ha unido al chat.", "Ha cerrado el chat. Gracias por escribirnos.",
	  "El agente ha cerrado el chat. Gracias por escribirnos.",
	  "El chat se cerró tras ", " minutos sin mensajes. Escríbanos cuando quiera." },
	{ "uk",
	  "Дякуємо за повідомлення. Незабаром вам відповість наш працівник; він побачить усе, "
	  "що ви тут напишете, тож нічого не доведеться повторювати.",
	  " приєднується до чату.", "Ви завершили чат. Дякуємо, що написали нам.",
	  "Працівник завершив чат. Дякуємо, що написали нам.",
	  "Чат завершено після ", " хв без повідомлень. Пишіть нам будь-коли." },
};

static const struct chat_text *text_of(const char *lang)
{
	for (size_t i = 0; lang != NULL && i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
		if (strcmp(lang, TEXTS[i].lang) == 0)
			return &TEXTS[i];
	}
	return &TEXTS[0];
}

const char *chat_text_greeting(const char *lang)
{
	return text_of(lang)->greeting;
}

bool chat_text_joined(const char *lang, const char *name, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s%s", name, text_of(lang)->joined);

	return n >= 0 && (size_t)n < cap;
}

bool chat_text_closed(const char *lang, int reason, int minutes, char *out, size_t cap)
{
	const struct chat_text *t = text_of(lang);
	int n;

	if (reason == LD_CLOSE_IDLE)
		n = snprintf(out, cap, "%s%d%s", t->idle, minutes, t->idle_end);
	else
		n = snprintf(out, cap, "%s",
			     reason == LD_CLOSE_VISITOR ? t->closed_visitor : t->closed_agent);
	return n >= 0 && (size_t)n < cap;
}
