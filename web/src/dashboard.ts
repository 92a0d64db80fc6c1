// SPDX-License-Identifier: AGPL-3.0-or-later
// The dashboard's figures, as the API gives them, in the shapes the charts
// and tables take (pure: tested by Vitest).

export interface Month { from: string; to: string; label: string }

/** The `n` whole UTC months up to and including the one `now` is in, oldest first. */
export function lastMonths(now: Date, n: number): Month[] {
  const out: Month[] = []
  for (let k = n - 1; k >= 0; k--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1))
    const last = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0))
    const iso = (d: Date) => d.toISOString().slice(0, 10)
    out.push({ from: iso(start), to: iso(last), label: iso(start).slice(0, 7) })
  }
  return out
}

/** A table as CSV (RFC 4180): cells quoted when they must be, a text that a
 * spreadsheet would evaluate (= + - @ at the start) given a leading '. */
export function toCsv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null): string => {
    if (v === null) return ''
    if (typeof v === 'number') return String(v)
    const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
