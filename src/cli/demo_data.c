/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The demo's fixed tables (see demo_data.h). Names are common ones of each
 * language, written with their diacritics (and Ukrainian in Cyrillic), each
 * beside the ASCII spelling a person of that language would use in an e-mail
 * address. Phone formats follow each country's mobile numbering. Texts are
 * short, plausible first lines of real conversations.
 */
#include "cli/demo_data.h"

#include "core/model.h"

#define N(t, a) { t, a }
#define LEN(x) ((int)(sizeof(x) / sizeof((x)[0])))

const char *const demo_teams[DEMO_TEAMS] = { "Billing", "Technical support", "Returns & repairs" };

const struct demo_topic_info demo_topics[DEMO_TOPIC_COUNT] = {
	[DEMO_T_INVOICE] = { 0, LD_CAT_QUESTION, 14 },
	[DEMO_T_DOUBLE_CHARGE] = { 0, LD_CAT_PROBLEM, 7 },
	[DEMO_T_REFUND] = { 0, LD_CAT_REQUEST, 8 },
	[DEMO_T_LOGIN] = { 1, LD_CAT_PROBLEM, 10 },
	[DEMO_T_OUTAGE] = { 1, LD_CAT_PROBLEM, 9 },
	[DEMO_T_APP_CRASH] = { 1, LD_CAT_PROBLEM, 8 },
	[DEMO_T_SETUP] = { 1, LD_CAT_QUESTION, 10 },
	[DEMO_T_RETURN] = { 2, LD_CAT_REQUEST, 12 },
	[DEMO_T_REPAIR] = { 2, LD_CAT_REQUEST, 9 },
	[DEMO_T_WARRANTY] = { 2, LD_CAT_COMPLAINT, 9 },
	[DEMO_T_THANKS] = { 0, LD_CAT_COMPLIMENT, 4 },
};

/* ---- Czech ---- */
static const struct demo_name cs_mf[] = {
	N("Jan", "jan"), N("Petr", "petr"), N("Tomáš", "tomas"), N("Jiří", "jiri"),
	N("Lukáš", "lukas"), N("Martin", "martin"), N("Ondřej", "ondrej"), N("Vojtěch", "vojtech"),
	N("Jakub", "jakub"), N("Radek", "radek"), N("Štěpán", "stepan"), N("Miroslav", "miroslav"),
};
static const struct demo_name cs_ff[] = {
	N("Jana", "jana"), N("Eva", "eva"), N("Lucie", "lucie"), N("Tereza", "tereza"),
	N("Kateřina", "katerina"), N("Markéta", "marketa"), N("Zuzana", "zuzana"),
	N("Petra", "petra"), N("Veronika", "veronika"), N("Hana", "hana"),
	N("Alžběta", "alzbeta"), N("Barbora", "barbora"),
};
static const struct demo_name cs_ml[] = {
	N("Novák", "novak"), N("Dvořák", "dvorak"), N("Černý", "cerny"),
	N("Řezníček", "reznicek"), N("Procházka", "prochazka"), N("Kučera", "kucera"),
	N("Veselý", "vesely"), N("Horák", "horak"), N("Němec", "nemec"),
	N("Pokorný", "pokorny"), N("Marek", "marek"), N("Šimek", "simek"),
	N("Růžička", "ruzicka"), N("Král", "kral"),
};
static const struct demo_name cs_fl[] = {
	N("Nováková", "novakova"), N("Dvořáková", "dvorakova"), N("Černá", "cerna"),
	N("Řezníčková", "reznickova"), N("Procházková", "prochazkova"),
	N("Kučerová", "kucerova"), N("Veselá", "vesela"), N("Horáková", "horakova"),
	N("Němcová", "nemcova"), N("Pokorná", "pokorna"), N("Marková", "markova"),
	N("Šimková", "simkova"), N("Růžičková", "ruzickova"), N("Králová", "kralova"),
};
static const char *const cs_dom[] = { "seznam.cz", "email.cz", "centrum.cz", "gmail.com",
				      "volny.cz" };

/* ---- German ---- */
static const struct demo_name de_mf[] = {
	N("Lukas", "lukas"), N("Jonas", "jonas"), N("Felix", "felix"),
	N("Maximilian", "maximilian"), N("Paul", "paul"), N("Stefan", "stefan"),
	N("Jürgen", "juergen"), N("Matthias", "matthias"), N("Andreas", "andreas"),
	N("Tobias", "tobias"),
};
static const struct demo_name de_ff[] = {
	N("Anna", "anna"), N("Lena", "lena"), N("Sophie", "sophie"), N("Katharina", "katharina"),
	N("Sabine", "sabine"), N("Ursula", "ursula"), N("Bärbel", "baerbel"), N("Marie", "marie"),
	N("Lea", "lea"), N("Hannah", "hannah"),
};
static const struct demo_name de_l[] = {
	N("Müller", "mueller"), N("Schmidt", "schmidt"), N("Schneider", "schneider"),
	N("Fischer", "fischer"), N("Weiß", "weiss"), N("Schröder", "schroeder"),
	N("Becker", "becker"), N("Hoffmann", "hoffmann"), N("Schäfer", "schaefer"),
	N("Koch", "koch"), N("Wagner", "wagner"), N("Günther", "guenther"),
	N("Krüger", "krueger"), N("Groß", "gross"),
};
static const char *const de_dom[] = { "gmx.de", "web.de", "t-online.de", "gmail.com",
				      "posteo.de" };

/* ---- Polish ---- */
static const struct demo_name pl_mf[] = {
	N("Łukasz", "lukasz"), N("Piotr", "piotr"), N("Krzysztof", "krzysztof"),
	N("Tomasz", "tomasz"), N("Paweł", "pawel"), N("Michał", "michal"), N("Jakub", "jakub"),
	N("Grzegorz", "grzegorz"), N("Mateusz", "mateusz"), N("Wojciech", "wojciech"),
	N("Kamil", "kamil"),
};
static const struct demo_name pl_ff[] = {
	N("Anna", "anna"), N("Katarzyna", "katarzyna"), N("Małgorzata", "malgorzata"),
	N("Agnieszka", "agnieszka"), N("Joanna", "joanna"), N("Magdalena", "magdalena"),
	N("Zofia", "zofia"), N("Aleksandra", "aleksandra"), N("Ewa", "ewa"),
	N("Natalia", "natalia"),
};
static const struct demo_name pl_ml[] = {
	N("Wróbel", "wrobel"), N("Zając", "zajac"), N("Wiśniewski", "wisniewski"),
	N("Kowalski", "kowalski"), N("Nowak", "nowak"), N("Lewandowski", "lewandowski"),
	N("Wójcik", "wojcik"), N("Kamiński", "kaminski"), N("Dąbrowski", "dabrowski"),
	N("Kaczmarek", "kaczmarek"), N("Szymański", "szymanski"), N("Woźniak", "wozniak"),
	N("Mazur", "mazur"), N("Krawczyk", "krawczyk"),
};
static const struct demo_name pl_fl[] = {
	N("Wróbel", "wrobel"), N("Zając", "zajac"), N("Wiśniewska", "wisniewska"),
	N("Kowalska", "kowalska"), N("Nowak", "nowak"), N("Lewandowska", "lewandowska"),
	N("Wójcik", "wojcik"), N("Kamińska", "kaminska"), N("Dąbrowska", "dabrowska"),
	N("Kaczmarek", "kaczmarek"), N("Szymańska", "szymanska"), N("Woźniak", "wozniak"),
	N("Mazur", "mazur"), N("Krawczyk", "krawczyk"),
};
static const char *const pl_dom[] = { "wp.pl", "onet.pl", "interia.pl", "gmail.com", "o2.pl" };

/* ---- English ---- */
static const struct demo_name en_mf[] = {
	N("James", "james"), N("Oliver", "oliver"), N("Harry", "harry"), N("George", "george"),
	N("Thomas", "thomas"), N("William", "william"), N("Jack", "jack"), N("Daniel", "daniel"),
	N("Samuel", "samuel"), N("Michael", "michael"),
};
static const struct demo_name en_ff[] = {
	N("Emily", "emily"), N("Olivia", "olivia"), N("Sophie", "sophie"),
	N("Charlotte", "charlotte"), N("Amelia", "amelia"), N("Jessica", "jessica"),
	N("Hannah", "hannah"), N("Grace", "grace"), N("Chloe", "chloe"), N("Lucy", "lucy"),
};
static const struct demo_name en_l[] = {
	N("Smith", "smith"), N("Jones", "jones"), N("Taylor", "taylor"), N("Brown", "brown"),
	N("Williams", "williams"), N("Wilson", "wilson"), N("Johnson", "johnson"),
	N("Davies", "davies"), N("Robinson", "robinson"), N("Wright", "wright"),
	N("Thompson", "thompson"), N("Evans", "evans"), N("Walker", "walker"),
	N("O'Brien", "obrien"),
};
static const char *const en_dom[] = { "gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com",
				      "hotmail.co.uk" };

/* ---- Spanish ---- */
static const struct demo_name es_mf[] = {
	N("José", "jose"), N("Juan", "juan"), N("Javier", "javier"), N("Carlos", "carlos"),
	N("Manuel", "manuel"), N("Alejandro", "alejandro"), N("Sergio", "sergio"),
	N("Andrés", "andres"), N("Jesús", "jesus"), N("Álvaro", "alvaro"),
};
static const struct demo_name es_ff[] = {
	N("María", "maria"), N("Lucía", "lucia"), N("Carmen", "carmen"), N("Ana", "ana"),
	N("Sofía", "sofia"), N("Elena", "elena"), N("Paula", "paula"), N("Laura", "laura"),
	N("Inés", "ines"), N("Marta", "marta"),
};
static const struct demo_name es_l[] = {
	N("García", "garcia"), N("Fernández", "fernandez"), N("González", "gonzalez"),
	N("Rodríguez", "rodriguez"), N("López", "lopez"), N("Martínez", "martinez"),
	N("Sánchez", "sanchez"), N("Pérez", "perez"), N("Muñoz", "munoz"), N("Peña", "pena"),
	N("Jiménez", "jimenez"), N("Ruiz", "ruiz"), N("Díaz", "diaz"), N("Gómez", "gomez"),
};
static const char *const es_dom[] = { "gmail.com", "hotmail.es", "telefonica.net", "yahoo.es",
				      "outlook.es" };

/* ---- Ukrainian ---- */
static const struct demo_name uk_mf[] = {
	N("Тарас", "taras"), N("Олександр", "oleksandr"), N("Андрій", "andrii"),
	N("Дмитро", "dmytro"), N("Сергій", "serhii"), N("Іван", "ivan"), N("Богдан", "bohdan"),
	N("Микола", "mykola"), N("Василь", "vasyl"), N("Юрій", "yurii"),
};
static const struct demo_name uk_ff[] = {
	N("Олена", "olena"), N("Наталія", "nataliia"), N("Оксана", "oksana"),
	N("Ірина", "iryna"), N("Юлія", "yuliia"), N("Тетяна", "tetiana"), N("Марія", "mariia"),
	N("Катерина", "kateryna"), N("Світлана", "svitlana"), N("Галина", "halyna"),
};
static const struct demo_name uk_ml[] = {
	N("Коваленко", "kovalenko"), N("Шевчук", "shevchuk"), N("Бондаренко", "bondarenko"),
	N("Ткаченко", "tkachenko"), N("Кравченко", "kravchenko"), N("Мельник", "melnyk"),
	N("Бойко", "boiko"), N("Олійник", "oliinyk"), N("Лисенко", "lysenko"),
	N("Поліщук", "polishchuk"), N("Савченко", "savchenko"), N("Руденко", "rudenko"),
	N("Ковальський", "kovalskyi"), N("Грищенко", "hryshchenko"),
};
static const struct demo_name uk_fl[] = {
	N("Коваленко", "kovalenko"), N("Шевчук", "shevchuk"), N("Бондаренко", "bondarenko"),
	N("Ткаченко", "tkachenko"), N("Кравченко", "kravchenko"), N("Мельник", "melnyk"),
	N("Бойко", "boiko"), N("Олійник", "oliinyk"), N("Лисенко", "lysenko"),
	N("Поліщук", "polishchuk"), N("Савченко", "savchenko"), N("Руденко", "rudenko"),
	N("Ковальська", "kovalska"), N("Грищенко", "hryshchenko"),
};
static const char *const uk_dom[] = { "ukr.net", "i.ua", "gmail.com", "meta.ua", "outlook.com" };

const struct demo_lang demo_langs[] = {
	{ "cs", 30, cs_mf, LEN(cs_mf), cs_ff, LEN(cs_ff), cs_ml, LEN(cs_ml), cs_fl, false, cs_dom,
	  LEN(cs_dom), "+420 7dd ddd ddd",
	  { "Dotaz k poslední faktuře", "Platba mi byla stržena dvakrát",
	    "Žádost o vrácení peněz", "Nemohu se přihlásit do účtu",
	    "Nefunguje mi internet od včerejška", "Aplikace padá po aktualizaci",
	    "Jak nastavit automatické platby?", "Chci vrátit zboží do 14 dnů",
	    "Stav opravy mého zařízení", "Reklamace – zamítnutá záruka",
	    "Poděkování za rychlé vyřízení" },
	  "Dobrý den, stále čekám na odpověď. Můžete mi prosím sdělit, jak to vypadá?",
	  "Dobrý den, problém se bohužel vrátil.",
	  "Dobrý den, děkujeme za zprávu. Věc jsme prověřili a vše je vyřešeno. S pozdravem",
	  "Dobrý den, pošlete nám prosím číslo objednávky a fotografii.",
	  "Dobrý den, posílám číslo objednávky i fotografii v příloze.", 0 },
	{ "de", 15, de_mf, LEN(de_mf), de_ff, LEN(de_ff), de_l, LEN(de_l), de_l, false, de_dom,
	  LEN(de_dom), "+49 15d dddddddd",
	  { "Frage zu meiner letzten Rechnung", "Zahlung wurde doppelt abgebucht",
	    "Bitte um Rückerstattung", "Ich kann mich nicht anmelden",
	    "Internet funktioniert seit gestern nicht", "App stürzt nach dem Update ab",
	    "Wie richte ich die automatische Zahlung ein?",
	    "Rücksendung innerhalb von 14 Tagen", "Status meiner Reparatur",
	    "Beschwerde: Garantie abgelehnt", "Danke für die schnelle Hilfe" },
	  "Guten Tag, ich warte immer noch auf eine Antwort. Wie ist der Stand?",
	  "Guten Tag, das Problem ist leider wieder da.",
	  "Guten Tag, vielen Dank für Ihre Nachricht. Wir haben das geprüft und erledigt. Mit freundlichen Grüßen",
	  "Guten Tag, bitte senden Sie uns die Bestellnummer und ein Foto.",
	  "Guten Tag, anbei die Bestellnummer und ein Foto.", 0 },
	{ "pl", 20, pl_mf, LEN(pl_mf), pl_ff, LEN(pl_ff), pl_ml, LEN(pl_ml), pl_fl, false, pl_dom,
	  LEN(pl_dom), "+48 5dd ddd ddd",
	  { "Pytanie dotyczące ostatniej faktury", "Płatność została pobrana dwa razy",
	    "Prośba o zwrot pieniędzy", "Nie mogę zalogować się na konto",
	    "Internet nie działa od wczoraj", "Aplikacja zawiesza się po aktualizacji",
	    "Jak ustawić płatności automatyczne?", "Chcę zwrócić towar w ciągu 14 dni",
	    "Status naprawy mojego urządzenia", "Reklamacja – odrzucona gwarancja",
	    "Podziękowanie za szybką pomoc" },
	  "Dzień dobry, nadal czekam na odpowiedź. Jak wygląda sytuacja?",
	  "Dzień dobry, niestety problem wrócił.",
	  "Dzień dobry, dziękujemy za wiadomość. Sprawdziliśmy sprawę i jest już rozwiązana. Pozdrawiamy",
	  "Dzień dobry, prosimy o przesłanie numeru zamówienia i zdjęcia.",
	  "Dzień dobry, przesyłam numer zamówienia i zdjęcie.", 1 },
	{ "en", 15, en_mf, LEN(en_mf), en_ff, LEN(en_ff), en_l, LEN(en_l), en_l, false, en_dom,
	  LEN(en_dom), "+44 7ddd dddddd",
	  { "Question about my last invoice", "I was charged twice", "Refund request",
	    "Cannot log in to my account", "Internet down since yesterday",
	    "App crashes after the update", "How do I set up automatic payments?",
	    "Returning an item within 14 days", "Status of my repair",
	    "Complaint: warranty claim rejected", "Thank you for the quick help" },
	  "Hello, I am still waiting for an answer. Any news?",
	  "Hello, unfortunately the problem is back.",
	  "Hello, thank you for your message. We have looked into it and sorted it out. Kind regards",
	  "Hello, could you please send us the order number and a photo?",
	  "Hello, here are the order number and a photo.", 0 },
	{ "es", 10, es_mf, LEN(es_mf), es_ff, LEN(es_ff), es_l, LEN(es_l), es_l, true, es_dom,
	  LEN(es_dom), "+34 6dd ddd ddd",
	  { "Pregunta sobre mi última factura", "Me han cobrado dos veces",
	    "Solicitud de reembolso", "No puedo iniciar sesión en mi cuenta",
	    "Sin internet desde ayer", "La aplicación se cierra tras la actualización",
	    "¿Cómo configuro los pagos automáticos?", "Devolución de un artículo en 14 días",
	    "Estado de mi reparación", "Reclamación: garantía rechazada",
	    "Gracias por la rápida ayuda" },
	  "Hola, sigo esperando una respuesta. ¿Hay novedades?",
	  "Hola, lamentablemente el problema ha vuelto.",
	  "Hola, gracias por su mensaje. Lo hemos revisado y ya está resuelto. Un saludo",
	  "Hola, ¿podría enviarnos el número de pedido y una foto?",
	  "Hola, le envío el número de pedido y una foto.", 0 },
	{ "uk", 10, uk_mf, LEN(uk_mf), uk_ff, LEN(uk_ff), uk_ml, LEN(uk_ml), uk_fl, false, uk_dom,
	  LEN(uk_dom), "+380 6d ddd dd dd",
	  { "Питання щодо останнього рахунку", "З мене двічі списали оплату",
	    "Запит на повернення коштів", "Не можу увійти в обліковий запис",
	    "Інтернет не працює з учорашнього дня", "Застосунок вилітає після оновлення",
	    "Як налаштувати автоматичні платежі?", "Повернення товару протягом 14 днів",
	    "Статус ремонту мого пристрою", "Скарга: у гарантії відмовлено",
	    "Дякую за швидку допомогу" },
	  "Добрий день, я досі чекаю на відповідь. Які новини?",
	  "Добрий день, на жаль, проблема повернулася.",
	  "Добрий день, дякуємо за повідомлення. Ми перевірили і все вирішили. З повагою",
	  "Добрий день, надішліть, будь ласка, номер замовлення та фото.",
	  "Добрий день, надсилаю номер замовлення та фото.", 0 },
};
const int demo_langs_len = LEN(demo_langs);

const struct demo_agent demo_agents[DEMO_AGENTS] = {
	{ N("Jana", "jana"), N("Dvořáková", "dvorakova"), 0, "cs,en", "billing,refunds", true },
	{ N("Markus", "markus"), N("Weiß", "weiss"), 0, "de,en", "billing", false },
	{ N("Agnieszka", "agnieszka"), N("Zając", "zajac"), 0, "pl,en", "billing,refunds", false },
	{ N("Oksana", "oksana"), N("Melnyk", "melnyk"), 0, "uk,cs,en", "billing", false },
	{ N("Tomáš", "tomas"), N("Řezníček", "reznicek"), 1, "cs,de,en", "network,accounts", true },
	{ N("Łukasz", "lukasz"), N("Wróbel", "wrobel"), 1, "pl,en", "network,apps", false },
	{ N("Sophie", "sophie"), N("Becker", "becker"), 1, "de,en", "apps,accounts", false },
	{ N("Javier", "javier"), N("Muñoz", "munoz"), 1, "es,en", "network,apps", false },
	{ N("Kateřina", "katerina"), N("Černá", "cerna"), 2, "cs,en", "returns,warranty", true },
	{ N("Piotr", "piotr"), N("Wiśniewski", "wisniewski"), 2, "pl,cs", "repairs,warranty", false },
	{ N("Emily", "emily"), N("Clarke", "clarke"), 2, "en,de", "returns", false },
	{ N("Lucía", "lucia"), N("Peña", "pena"), 2, "es,en", "returns,repairs", false },
};

const struct demo_facility demo_facilities[DEMO_FACILITIES] = {
	{ "Praha – Vinohrady", "Vinohradská 1511/230, 100 00 Praha 10, Česko",
	  "mon-fri 08:00-18:00; sat 09:00-12:00", "Europe/Prague" },
	{ "Kraków – Kazimierz", "ul. Józefa 12, 31-056 Kraków, Polska",
	  "mon-fri 08:00-18:00; sat 09:00-12:00", "Europe/Warsaw" },
};

/* Czech public holidays (zákon č. 245/2000 Sb.), with Easter computed per year. */
const struct demo_holiday demo_holidays[] = {
	{ 20250101, "Den obnovy samostatného českého státu; Nový rok" },
	{ 20250418, "Velký pátek" },
	{ 20250421, "Velikonoční pondělí" },
	{ 20250501, "Svátek práce" },
	{ 20250508, "Den vítězství" },
	{ 20250705, "Den slovanských věrozvěstů Cyrila a Metoděje" },
	{ 20250706, "Den upálení mistra Jana Husa" },
	{ 20250928, "Den české státnosti" },
	{ 20251028, "Den vzniku samostatného československého státu" },
	{ 20251117, "Den boje za svobodu a demokracii" },
	{ 20251224, "Štědrý den" },
	{ 20251225, "1. svátek vánoční" },
	{ 20251226, "2. svátek vánoční" },
	{ 20260101, "Den obnovy samostatného českého státu; Nový rok" },
	{ 20260403, "Velký pátek" },
	{ 20260406, "Velikonoční pondělí" },
	{ 20260501, "Svátek práce" },
	{ 20260508, "Den vítězství" },
	{ 20260705, "Den slovanských věrozvěstů Cyrila a Metoděje" },
	{ 20260706, "Den upálení mistra Jana Husa" },
	{ 20260928, "Den české státnosti" },
	{ 20261028, "Den vzniku samostatného československého státu" },
	{ 20261117, "Den boje za svobodu a demokracii" },
	{ 20261224, "Štědrý den" },
	{ 20261225, "1. svátek vánoční" },
	{ 20261226, "2. svátek vánoční" },
	{ 20270101, "Den obnovy samostatného českého státu; Nový rok" },
	{ 20270326, "Velký pátek" },
	{ 20270329, "Velikonoční pondělí" },
	{ 20270501, "Svátek práce" },
	{ 20270508, "Den vítězství" },
	{ 20270705, "Den slovanských věrozvěstů Cyrila a Metoděje" },
	{ 20270706, "Den upálení mistra Jana Husa" },
	{ 20270928, "Den české státnosti" },
	{ 20271028, "Den vzniku samostatného československého státu" },
	{ 20271117, "Den boje za svobodu a demokracii" },
	{ 20271224, "Štědrý den" },
	{ 20271225, "1. svátek vánoční" },
	{ 20271226, "2. svátek vánoční" },
};
const int demo_holidays_len = LEN(demo_holidays);

const char *const demo_handover_notes[] = {
	"Customer already restarted the device and checked the cables; please take over the line test.",
	"Invoice checked: the second charge is a pending authorisation. Needs a refund decision.",
	"Photos of the damage are attached to the first message; warranty period still valid.",
	"Customer prefers a call back after 4 pm. Account verified, password reset did not help.",
	"Order number and serial number confirmed. Please arrange the courier pick-up.",
	"Escalating: second contact about the same problem, customer is upset.",
};
const int demo_handover_notes_len = LEN(demo_handover_notes);

const char *const demo_internal_notes[] = {
	"Checked the billing system: payment received on time.",
	"Waiting for the warehouse to confirm the return.",
	"Known outage in the area, ticket with the network team open.",
	"Spare part ordered, expected in 3 working days.",
	"Customer verified by phone (date of birth and last invoice).",
};
const int demo_internal_notes_len = LEN(demo_internal_notes);
