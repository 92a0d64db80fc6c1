// SPDX-License-Identifier: AGPL-3.0-or-later
// The six languages of the desk (vue-i18n). The language comes from the
// user's choice (kept in this browser), else the browser's list, else English.
import { createI18n } from 'vue-i18n'
import cs from './locales/cs.json'
import de from './locales/de.json'
import en from './locales/en.json'
import es from './locales/es.json'
import pl from './locales/pl.json'
import uk from './locales/uk.json'

export const LANGUAGES = ['cs', 'de', 'pl', 'en', 'es', 'uk'] as const
export type Language = (typeof LANGUAGES)[number]
export const MESSAGES: Record<Language, typeof en> = { cs, de, pl, en, es, uk }
export const LANGUAGE_NAMES: Record<Language, string> = {
  cs: 'Čeština', de: 'Deutsch', pl: 'Polski', en: 'English', es: 'Español', uk: 'Українська',
}

const STORED = 'loyaldesk.language'

/** The first of `wanted` (BCP 47 tags, best first) the desk speaks: "cs-CZ" is cs. */
export function pickLanguage(wanted: readonly string[], stored?: string | null): Language {
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0]
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language
  }
  return 'en'
}

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(STORED)
  } catch {
    return null
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: pickLanguage(typeof navigator === 'undefined' ? [] : navigator.languages, storedLanguage()),
  fallbackLocale: 'en',
  messages: MESSAGES,
})

export function setLanguage(lang: Language): void {
  i18n.global.locale.value = lang
  document.documentElement.lang = lang
  try {
    window.localStorage.setItem(STORED, lang)
  } catch {
    /* private mode: the choice lasts for the page */
  }
}
