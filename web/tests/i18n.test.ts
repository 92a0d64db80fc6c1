// SPDX-License-Identifier: AGPL-3.0-or-later
// Every key in every language, and the language a browser gets.
import { describe, expect, it } from 'vitest'
import { LANGUAGES, MESSAGES, pickLanguage } from '../src/i18n'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]).sort()
}

describe('translations', () => {
  const english = keys(MESSAGES.en)
  for (const lang of LANGUAGES) {
    it(`${lang} has every key English has, and no other`, () => {
      expect(keys(MESSAGES[lang])).toEqual(english)
    })
    it(`${lang} has no empty text`, () => {
      const flat = (o: object): string[] => Object.values(o).flatMap((v) =>
        typeof v === 'object' ? flat(v) : [v as string])
      expect(flat(MESSAGES[lang]).filter((s) => s.trim() === '')).toEqual([])
    })
  }
  it('keeps the placeholders of each text', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join()
    const walk = (o: Record<string, unknown>, path: string[] = []): void => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>, [...path, k])
        else for (const lang of LANGUAGES) {
          const other = [...path, k].reduce<unknown>((x, key) => (x as Record<string, unknown>)[key], MESSAGES[lang])
          expect(ph(other as string), `${lang} ${[...path, k].join('.')}`).toBe(ph(v as string))
        }
      }
    }
    walk(MESSAGES.en)
  })
})

describe('pickLanguage', () => {
  it('takes the first language the desk speaks', () => {
    expect(pickLanguage(['fr-FR', 'cs-CZ', 'en'])).toBe('cs')
    expect(pickLanguage(['uk'])).toBe('uk')
  })
  it('prefers the stored choice, and falls back to English', () => {
    expect(pickLanguage(['cs'], 'de')).toBe('de')
    expect(pickLanguage(['cs'], 'xx')).toBe('cs')
    expect(pickLanguage(['fr', 'it'])).toBe('en')
    expect(pickLanguage([])).toBe('en')
  })
})

import { lastMonths, toCsv } from '../src/dashboard'

describe('the dashboard', () => {
  it('takes whole UTC months, oldest first, across a year', () => {
    const m = lastMonths(new Date('2026-02-14T10:00:00Z'), 3)
    expect(m.map((x) => [x.from, x.to])).toEqual([
      ['2025-12-01', '2025-12-31'], ['2026-01-01', '2026-01-31'], ['2026-02-01', '2026-02-28'],
    ])
  })
  it('writes CSV a spreadsheet reads safely', () => {
    expect(toCsv([['team', 'claims'], ['=HYPERLINK("x")', 3], ['a,b', null]]))
      .toBe('team,claims\r\n"\'=HYPERLINK(""x"")",3\r\n"a,b",\r\n')
  })
})
