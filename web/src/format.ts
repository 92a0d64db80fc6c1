// SPDX-License-Identifier: AGPL-3.0-or-later
// Dates and numbers with Intl, in the user's language and time zone. A
// formatter is made once per language: making one costs far more than
// using it, and a history shows hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>()

export function formatTime(iso: string | null, locale: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  let f = formatters.get(locale)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    formatters.set(locale, f)
  }
  return f.format(d)
}
