/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The customer-facing survey texts in cs, de, pl, en, es and uk (layout in
 * core/survey_text_data.h; wording notes open core/survey_text.c).
 */
#include "core/survey_text_data.h"

/* English is the source and the fallback; it stays first. */
const struct language_text SURVEY_TEXTS[] = {
{
	.code = "en",
	.kinds = {
		[LD_SURVEY_CSAT] = {
			.title = "How did we do?",
			.intro = "Please answer one short question about your recent experience "
				 "with our service.",
			.question = "How satisfied were you with our service?",
			.min_label = "Very dissatisfied",
			.max_label = "Very satisfied",
		},
		[LD_SURVEY_NPS] = {
			.title = "Would you recommend us?",
			.intro = "Your answer helps us improve our service. It only takes a "
				 "moment.",
			.question = "How likely is it that you would recommend our company to a "
				    "friend or colleague?",
			.min_label = "Not at all likely",
			.max_label = "Extremely likely",
		},
		[LD_SURVEY_CES] = {
			.title = "How easy did we make it for you?",
			.intro = "Please tell us how much you agree with the following statement.",
			.question = "The company made it easy for me to handle my issue.",
			.min_label = "Strongly disagree",
			.max_label = "Strongly agree",
		},
		[LD_SURVEY_SERVQUAL] = {
			.title = "How do we compare with your expectations?",
			.intro = "Each topic has two statements: in the first, rate what an "
				 "excellent company in our field should offer; in the second, rate "
				 "your experience with us. Answer from 1 (strongly disagree) to 7 "
				 "(strongly agree).",
			.min_label = "Strongly disagree",
			.max_label = "Strongly agree",
		},
	},
	.expected = {
		"An excellent company will have modern-looking facilities and clear, "
		"well-presented materials.",
		"When an excellent company promises to do something by a certain time, it will do "
		"so.",
		"The employees of an excellent company will give customers prompt service.",
		"The behaviour of an excellent company's employees will instil confidence in "
		"customers.",
		"An excellent company will give each customer individual attention.",
	},
	.perceived = {
		"We have modern-looking facilities and clear, well-presented materials.",
		"When we promise to do something by a certain time, we do so.",
		"Our employees give you prompt service.",
		"The behaviour of our employees instils confidence in you.",
		"We give you individual attention.",
	},
	.comment_prompt = "Is there anything else you would like to tell us? (optional)",
	.thanks = "Thank you for your feedback. It helps us improve our service.",
	.submit = "Send",
	.check_answers = "Please check your answers.",
	.duration_one = "The survey has just one question and takes less than a minute.",
	.duration_servqual = "The survey has ten short statements and takes about five minutes.",
	.greeting_before = "Dear ",
	.greeting_after = ",",
	.greeting_anonymous = "Dear customer,",
	.lead = "We would be grateful for your feedback on our service.",
	.case_lead_before = "We would be grateful for your feedback on how we handled your request "
			    "\u201c",
	.case_lead_after = "\u201d.",
	.link_intro = "To answer, please open this link:",
	.expiry_before = "The link is valid until ",
	.expiry_after = ".",
	.closing = "Kind regards,\nYour customer service team",
},
{
	.code = "cs",
	.kinds = {
		[LD_SURVEY_CSAT] = {
			.title = "Jak jsme si vedli?",
			.intro = "Odpovězte nám prosím na jednu krátkou otázku k Vaší nedávné "
				 "zkušenosti s naší službou.",
			.question = "Jak hodnotíte svou spokojenost s naší službou?",
			.min_label = "Velmi nespokojen(a)",
			.max_label = "Velmi spokojen(a)",
		},
		[LD_SURVEY_NPS] = {
			.title = "Řekněte nám svůj názor",
			.intro = "Vaše odpověď nám pomůže zlepšovat naše služby. Zabere Vám jen "
				 "chvilku.",
			.question = "Jak pravděpodobné je, že naši společnost doporučíte přátelům "
				    "nebo kolegům?",
			.min_label = "Zcela nepravděpodobné",
			.max_label = "Velmi pravděpodobné",
		},
		[LD_SURVEY_CES] = {
			.title = "Jak snadné to pro Vás bylo?",
			.intro = "Uveďte prosím, do jaké míry souhlasíte s následujícím tvrzením.",
			.question = "Společnost mi usnadnila vyřízení mého požadavku.",
			.min_label = "Rozhodně nesouhlasím",
			.max_label = "Rozhodně souhlasím",
		},
		[LD_SURVEY_SERVQUAL] = {
			.title = "Naše služby a Vaše očekávání",
			.intro = "Každé téma má dvě tvrzení: u prvního ohodnoťte, co by měla "
				 "nabízet vynikající společnost v našem oboru, u druhého Vaši "
				 "zkušenost s námi. Odpovídejte na škále od 1 (rozhodně "
				 "nesouhlasím) do 7 (rozhodně souhlasím).",
			.min_label = "Rozhodně nesouhlasím",
			.max_label = "Rozhodně souhlasím",
		},
	},
	.expected = {
		"Vynikající společnost má moderní zázemí a přehledné, dobře zpracované materiály.",
		"Když vynikající společnost slíbí, že něco udělá do určitého termínu, také to "
		"dodrží.",
		"Zaměstnanci vynikající společnosti se zákazníkům věnují pohotově.",
		"Chování zaměstnanců vynikající společnosti vzbuzuje v zákaznících důvěru.",
		"Vynikající společnost věnuje každému zákazníkovi individuální pozornost.",
	},
	.perceived = {
		"Máme moderní zázemí a přehledné, dobře zpracované materiály.",
		"Když slíbíme, že něco uděláme do určitého termínu, také to dodržíme.",
		"Naši zaměstnanci se Vám věnují pohotově.",
		"Chování našich zaměstnanců ve Vás vzbuzuje důvěru.",
		"Věnujeme Vám individuální pozornost.",
	},
	.comment_prompt = "Chcete nám ještě něco sdělit? (nepovinné)",
	.thanks = "Děkujeme za Vaši zpětnou vazbu. Pomáhá nám zlepšovat naše služby.",
	.submit = "Odeslat",
	.check_answers = "Zkontrolujte prosím své odpovědi.",
	.duration_one = "Průzkum má jen jednu otázku a zabere méně než minutu.",
	.duration_servqual = "Průzkum obsahuje deset krátkých tvrzení a zabere asi pět minut.",
	.greeting_before = "Dobrý den, ",
	.greeting_after = ",",
	.greeting_anonymous = "Dobrý den,",
	.lead = "rádi bychom znali Váš názor na naše služby.",
	.case_lead_before = "rádi bychom znali Váš názor na to, jak jsme vyřídili Váš požadavek "
			    "\u201e",
	.case_lead_after = "\u201c.",
	.link_intro = "Odpovědět můžete prostřednictvím tohoto odkazu:",
	.expiry_before = "Odkaz je platný do ",
	.expiry_after = ".",
	.closing = "S pozdravem\nVáš tým zákaznické podpory",
},
{
	.code = "de",
	.kinds = {
		[LD_SURVEY_CSAT] = {
			.title = "Wie zufrieden waren Sie mit uns?",
			.intro = "Bitte beantworten Sie uns eine kurze Frage zu Ihrer letzten "
				 "Erfahrung mit unserem Service.",
			.question = "Wie zufrieden waren Sie mit unserem Service?",
			.min_label = "Sehr unzufrieden",
			.max_label = "Sehr zufrieden",
		},
		[LD_SURVEY_NPS] = {
			.title = "Würden Sie uns weiterempfehlen?",
			.intro = "Ihre Antwort hilft uns, unseren Service zu verbessern. Es dauert "
				 "nur einen Moment.",
			.question = "Wie wahrscheinlich ist es, dass Sie unser Unternehmen einem "
				    "Freund oder Kollegen empfehlen würden?",
			.min_label = "Überhaupt nicht wahrscheinlich",
			.max_label = "Äußerst wahrscheinlich",
		},
		[LD_SURVEY_CES] = {
			.title = "Wie einfach war es für Sie?",
			.intro = "Bitte geben Sie an, inwieweit Sie der folgenden Aussage "
				 "zustimmen.",
			.question = "Das Unternehmen hat es mir leicht gemacht, mein Anliegen zu "
				    "erledigen.",
			.min_label = "Stimme überhaupt nicht zu",
			.max_label = "Stimme voll und ganz zu",
		},
		[LD_SURVEY_SERVQUAL] = {
			.title = "Unser Service und Ihre Erwartungen",
			.intro = "Zu jedem Thema gibt es zwei Aussagen: Bewerten Sie bei der "
				 "ersten, was ein ausgezeichnetes Unternehmen unserer Branche "
				 "bieten sollte, und bei der zweiten Ihre Erfahrung mit uns. Die "
				 "Skala reicht von 1 (stimme überhaupt nicht zu) bis 7 (stimme "
				 "voll und ganz zu).",
			.min_label = "Stimme überhaupt nicht zu",
			.max_label = "Stimme voll und ganz zu",
		},
	},
	.expected = {
		"Ein ausgezeichnetes Unternehmen verfügt über moderne Räumlichkeiten und "
		"übersichtliche, ansprechend gestaltete Unterlagen.",
		"Wenn ein ausgezeichnetes Unternehmen verspricht, etwas bis zu einem bestimmten "
		"Zeitpunkt zu erledigen, hält es dieses Versprechen ein.",
		"Die Mitarbeitenden eines ausgezeichneten Unternehmens kümmern sich zügig um die "
		"Anliegen ihrer Kundschaft.",
		"Das Verhalten der Mitarbeitenden eines ausgezeichneten Unternehmens weckt das "
		"Vertrauen der Kundschaft.",
		"Ein ausgezeichnetes Unternehmen schenkt jeder Kundin und jedem Kunden "
		"individuelle Aufmerksamkeit.",
	},
	.perceived = {
		"Wir verfügen über moderne Räumlichkeiten und übersichtliche, ansprechend "
		"gestaltete Unterlagen.",
		"Wenn wir versprechen, etwas bis zu einem bestimmten Zeitpunkt zu erledigen, "
		"halten wir dieses Versprechen ein.",
		"Unsere Mitarbeitenden kümmern sich zügig um Ihre Anliegen.",
		"Das Verhalten unserer Mitarbeitenden weckt Ihr Vertrauen.",
		"Wir schenken Ihnen individuelle Aufmerksamkeit.",
	},
	.comment_prompt = "Möchten Sie uns noch etwas mitteilen? (optional)",
	.thanks = "Vielen Dank für Ihre Rückmeldung. Sie hilft uns, unseren Service zu verbessern.",
	.submit = "Absenden",
	.check_answers = "Bitte überprüfen Sie Ihre Antworten.",
	.duration_one = "Die Umfrage besteht aus nur einer Frage und dauert weniger als eine "
			"Minute.",
	.duration_servqual = "Die Umfrage besteht aus zehn kurzen Aussagen und dauert etwa fünf "
			     "Minuten.",
	.greeting_before = "Guten Tag ",
	.greeting_after = ",",
	.greeting_anonymous = "Guten Tag,",
	.lead = "wir würden uns über Ihre Rückmeldung zu unserem Service freuen.",
	.case_lead_before = "wir würden uns über Ihre Rückmeldung dazu freuen, wie wir Ihr "
			    "Anliegen \u201e",
	.case_lead_after = "\u201c bearbeitet haben.",
	.link_intro = "Über diesen Link gelangen Sie zur Umfrage:",
	.expiry_before = "Der Link ist bis zum ",
	.expiry_after = " gültig.",
	.closing = "Mit freundlichen Grüßen\nIhr Kundenservice",
},
{
	.code = "pl",
	.kinds = {
		[LD_SURVEY_CSAT] = {
			.title = "Prosimy o ocenę naszej obsługi",
			.intro = "Prosimy o odpowiedź na jedno krótkie pytanie dotyczące Państwa "
				 "ostatnich doświadczeń z naszą obsługą.",
			.question = "Jak bardzo są Państwo zadowoleni z naszej obsługi?",
			.min_label = "Całkowite niezadowolenie",
			.max_label = "Pełne zadowolenie",
		},
		[LD_SURVEY_NPS] = {
			.title = "Czy polecą nas Państwo innym?",
			.intro = "Państwa odpowiedź pomoże nam ulepszać naszą obsługę. Zajmie "
				 "tylko chwilę.",
			.question = "Jak prawdopodobne jest, że poleciliby Państwo naszą firmę "
				    "znajomemu lub współpracownikowi?",
			.min_label = "Bardzo mało prawdopodobne",
			.max_label = "Bardzo prawdopodobne",
		},
		[LD_SURVEY_CES] = {
			.title = "Jak łatwo było załatwić Państwa sprawę?",
			.intro = "Prosimy określić, w jakim stopniu zgadzają się Państwo z "
				 "poniższym stwierdzeniem.",
			.question = "Firma ułatwiła mi załatwienie mojej sprawy.",
			.min_label = "Zdecydowanie się nie zgadzam",
			.max_label = "Zdecydowanie się zgadzam",
		},
		[LD_SURVEY_SERVQUAL] = {
			.title = "Nasza obsługa a Państwa oczekiwania",
			.intro = "Każdy temat zawiera dwa stwierdzenia: przy pierwszym prosimy "
				 "ocenić, co powinna oferować doskonała firma z naszej branży, a "
				 "przy drugim – Państwa doświadczenia z nami. Skala obejmuje "
				 "wartości od 1 (zdecydowanie się nie zgadzam) do 7 (zdecydowanie "
				 "się zgadzam).",
			.min_label = "Zdecydowanie się nie zgadzam",
			.max_label = "Zdecydowanie się zgadzam",
		},
	},
	.expected = {
		"Doskonała firma ma nowoczesne wyposażenie oraz przejrzyste, starannie "
		"przygotowane materiały.",
		"Gdy doskonała firma obiecuje coś zrobić w określonym terminie, dotrzymuje słowa.",
		"Pracownicy doskonałej firmy szybko zajmują się sprawami klientów.",
		"Zachowanie pracowników doskonałej firmy budzi zaufanie klientów.",
		"Doskonała firma poświęca każdemu klientowi indywidualną uwagę.",
	},
	.perceived = {
		"Mamy nowoczesne wyposażenie oraz przejrzyste, starannie przygotowane materiały.",
		"Gdy obiecujemy coś zrobić w określonym terminie, dotrzymujemy słowa.",
		"Nasi pracownicy szybko zajmują się Państwa sprawami.",
		"Zachowanie naszych pracowników budzi Państwa zaufanie.",
		"Poświęcamy Państwu indywidualną uwagę.",
	},
	.comment_prompt = "Czy chcieliby Państwo coś dodać? (opcjonalnie)",
	.thanks = "Dziękujemy za Państwa opinię. Pomaga nam ona ulepszać naszą obsługę.",
	.submit = "Wyślij",
	.check_answers = "Prosimy sprawdzić odpowiedzi.",
	.duration_one = "Ankieta składa się tylko z jednego pytania i zajmie mniej niż minutę.",
	.duration_servqual = "Ankieta składa się z dziesięciu krótkich stwierdzeń i zajmie około "
			     "pięciu minut.",
	.greeting_before = "Dzień dobry, ",
	.greeting_after = ",",
	.greeting_anonymous = "Szanowni Państwo,",
	.lead = "Uprzejmie prosimy o opinię na temat naszej obsługi.",
	.case_lead_before = "Uprzejmie prosimy o opinię na temat obsługi Państwa zgłoszenia \u201e",
	.case_lead_after = "\u201d.",
	.link_intro = "Aby wziąć udział w ankiecie, prosimy otworzyć poniższy link:",
	.expiry_before = "Link jest ważny do ",
	.expiry_after = ".",
	.closing = "Z poważaniem\nZespół obsługi klienta",
},
{
	.code = "es",
	.kinds = {
		[LD_SURVEY_CSAT] = {
			.title = "¿Cómo valora nuestra atención?",
			.intro = "Le rogamos que responda a una breve pregunta sobre su "
				 "experiencia reciente con nuestro servicio.",
			.question = "¿Hasta qué punto le resultó satisfactoria nuestra atención?",
			.min_label = "Muy insatisfactoria",
			.max_label = "Muy satisfactoria",
		},
		[LD_SURVEY_NPS] = {
			.title = "¿Nos recomendaría?",
			.intro = "Su respuesta nos ayuda a mejorar nuestro servicio. Solo le "
				 "llevará un momento.",
			.question = "¿Qué probabilidad hay de que recomiende nuestra empresa a un "
				    "amigo o colega?",
			.min_label = "Nada probable",
			.max_label = "Extremadamente probable",
		},
		[LD_SURVEY_CES] = {
			.title = "¿Le resultó fácil?",
			.intro = "Indique, por favor, en qué medida está de acuerdo con la "
				 "siguiente afirmación.",
			.question = "La empresa me facilitó la gestión de mi asunto.",
			.min_label = "Totalmente en desacuerdo",
			.max_label = "Totalmente de acuerdo",
		},
		[LD_SURVEY_SERVQUAL] = {
			.title = "Nuestro servicio y sus expectativas",
			.intro = "Cada tema incluye dos afirmaciones: en la primera, valore lo que "
				 "debería ofrecer una empresa excelente de nuestro sector; en la "
				 "segunda, su experiencia con nosotros. La escala va de 1 "
				 "(totalmente en desacuerdo) a 7 (totalmente de acuerdo).",
			.min_label = "Totalmente en desacuerdo",
			.max_label = "Totalmente de acuerdo",
		},
	},
	.expected = {
		"Una empresa excelente cuenta con instalaciones modernas y materiales claros y "
		"bien presentados.",
		"Cuando una empresa excelente promete hacer algo en un plazo determinado, lo "
		"cumple.",
		"Los empleados de una empresa excelente atienden con rapidez a sus clientes.",
		"El comportamiento de los empleados de una empresa excelente inspira confianza a "
		"sus clientes.",
		"Una empresa excelente presta atención personalizada a cada cliente.",
	},
	.perceived = {
		"Contamos con instalaciones modernas y materiales claros y bien presentados.",
		"Cuando prometemos hacer algo en un plazo determinado, lo cumplimos.",
		"Nuestros empleados le atienden con rapidez.",
		"El comportamiento de nuestros empleados le inspira confianza.",
		"Le prestamos atención personalizada.",
	},
	.comment_prompt = "¿Desea añadir algo más? (opcional)",
	.thanks = "Gracias por su opinión. Nos ayuda a mejorar nuestro servicio.",
	.submit = "Enviar",
	.check_answers = "Por favor, revise sus respuestas.",
	.duration_one = "La encuesta tiene una sola pregunta y le llevará menos de un minuto.",
	.duration_servqual = "La encuesta consta de diez afirmaciones breves y le llevará unos "
			     "cinco minutos.",
	.greeting_before = "Buenos días, ",
	.greeting_after = ":",
	.greeting_anonymous = "Buenos días:",
	.lead = "Nos gustaría conocer su opinión sobre nuestro servicio.",
	.case_lead_before = "Nos gustaría conocer su opinión sobre cómo gestionamos su solicitud "
			    "\u00ab",
	.case_lead_after = "\u00bb.",
	.link_intro = "Para responder, abra el siguiente enlace:",
	.expiry_before = "El enlace es válido hasta el ",
	.expiry_after = ".",
	.closing = "Atentamente,\nEl equipo de atención al cliente",
},
{
	.code = "uk",
	.kinds = {
		[LD_SURVEY_CSAT] = {
			.title = "Як ми впоралися?",
			.intro = "Будь ласка, дайте відповідь на одне коротке запитання про Ваш "
				 "нещодавній досвід звернення до нас.",
			.question = "Наскільки Ви задоволені нашим обслуговуванням?",
			.min_label = "Дуже незадоволені",
			.max_label = "Дуже задоволені",
		},
		[LD_SURVEY_NPS] = {
			.title = "Чи порекомендували б Ви нас?",
			.intro = "Ваша відповідь допоможе нам покращити обслуговування. Це займе "
				 "лише хвилинку.",
			.question = "Наскільки ймовірно, що Ви порекомендуєте нашу компанію "
				    "другові або колезі?",
			.min_label = "Вкрай малоймовірно",
			.max_label = "Дуже ймовірно",
		},
		[LD_SURVEY_CES] = {
			.title = "Чи було Вам легко?",
			.intro = "Будь ласка, вкажіть, наскільки Ви погоджуєтеся з наведеним нижче "
				 "твердженням.",
			.question = "Компанія спростила мені вирішення мого питання.",
			.min_label = "Зовсім не погоджуюся",
			.max_label = "Повністю погоджуюся",
		},
		[LD_SURVEY_SERVQUAL] = {
			.title = "Наше обслуговування і Ваші очікування",
			.intro = "Кожна тема містить два твердження: у першому оцініть, що має "
				 "пропонувати відмінна компанія нашої галузі, у другому — Ваш "
				 "досвід співпраці з нами. Шкала — від 1 (зовсім не погоджуюся) до "
				 "7 (повністю погоджуюся).",
			.min_label = "Зовсім не погоджуюся",
			.max_label = "Повністю погоджуюся",
		},
	},
	.expected = {
		"Відмінна компанія має сучасне обладнання та зрозумілі, якісно оформлені "
		"матеріали.",
		"Коли відмінна компанія обіцяє щось зробити до певного терміну, вона дотримується "
		"обіцянки.",
		"Працівники відмінної компанії швидко обслуговують клієнтів.",
		"Поведінка працівників відмінної компанії викликає довіру в клієнтів.",
		"Відмінна компанія приділяє кожному клієнтові індивідуальну увагу.",
	},
	.perceived = {
		"Ми маємо сучасне обладнання та зрозумілі, якісно оформлені матеріали.",
		"Коли ми обіцяємо щось зробити до певного терміну, ми дотримуємося обіцянки.",
		"Наші працівники швидко Вас обслуговують.",
		"Поведінка наших працівників викликає у Вас довіру.",
		"Ми приділяємо Вам індивідуальну увагу.",
	},
	.comment_prompt = "Бажаєте щось додати? (необов\u2019язково)",
	.thanks = "Дякуємо за Ваш відгук. Він допомагає нам покращувати обслуговування.",
	.submit = "Надіслати",
	.check_answers = "Будь ласка, перевірте свої відповіді.",
	.duration_one = "Опитування містить лише одне запитання й займе менше хвилини.",
	.duration_servqual = "Опитування містить десять коротких тверджень і займе близько "
			     "п\u2019яти хвилин.",
	.greeting_before = "Добрий день, ",
	.greeting_after = "!",
	.greeting_anonymous = "Добрий день!",
	.lead = "Будемо вдячні за Ваш відгук про наше обслуговування.",
	.case_lead_before = "Будемо вдячні за Ваш відгук про те, як ми опрацювали Ваше звернення "
			    "\u00ab",
	.case_lead_after = "\u00bb.",
	.link_intro = "Щоб відповісти, перейдіть за посиланням:",
	.expiry_before = "Посилання дійсне до ",
	.expiry_after = ".",
	.closing = "З повагою\nКоманда підтримки клієнтів",
},
};

const size_t SURVEY_TEXTS_COUNT = sizeof SURVEY_TEXTS / sizeof SURVEY_TEXTS[0];
