// SPDX-License-Identifier: AGPL-3.0-or-later
// A failed request in the user's words: never a blank page.
import { ApiError } from './api'

type T = (key: string, values?: Record<string, unknown>) => string

export function errorText(t: T, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network')
    if (e.status === 403) return t('error.forbidden')
    if (e.status === 404) return t('error.notFound')
    return t('error.generic', { message: e.message })
  }
  return t('error.generic', { message: String(e) })
}
