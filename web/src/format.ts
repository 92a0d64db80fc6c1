// SPDX-License-Identifier: AGPL-3.0-or-later
// Dates and numbers with Intl, in the user's language and time zone.

export function formatTime(iso: string | null, locale: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d)
}
