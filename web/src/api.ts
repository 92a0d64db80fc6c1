// SPDX-License-Identifier: AGPL-3.0-or-later
// The desk's JSON API as the screens use it: one request function, errors as
// values the screens word in the user's language.
import { reactive } from 'vue'

export interface Agent {
  id: number
  name: string
  email: string
  role: 'admin' | 'manager' | 'agent' | 'customer'
  team_id: number | null
  customer_id: number | null
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public retryAfter = 0,
  ) {
    super(message)
  }
}

const STORED = 'loyaldesk.agent'

function stored(): Agent | null {
  try {
    return JSON.parse(window.sessionStorage.getItem(STORED) ?? 'null')
  } catch {
    return null
  }
}

/**
 * Who is signed in. The session itself is an HttpOnly cookie no script can
 * read (POST /sessions with cookie: true); the tab keeps only who it is.
 */
export const session = reactive({ agent: stored() as Agent | null })

export function signedIn(agent: Agent): void {
  session.agent = agent
  window.sessionStorage.setItem(STORED, JSON.stringify(agent))
}

export function signedOut(): void {
  session.agent = null
  window.sessionStorage.removeItem(STORED)
}

/** A session the browser may hold from before (another tab): who it is, or null. */
export async function restore(): Promise<Agent | null> {
  try {
    const r = await api<{ agent: Agent }>('GET', '/sessions/current')
    signedIn(r.agent)
    return r.agent
  } catch {
    return null
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  // X-Requested-With: the desk takes a cookie-signed write only with it (CSRF).
  const headers: Record<string, string> = {
    Accept: 'application/json', 'X-Requested-With': 'loyaldesk',
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'network', 'the server does not answer')
  }
  if (res.status === 204) return undefined as T
  const data = await res.json().catch(() => null)
  if (res.status === 401) signedOut()
  if (!res.ok) {
    const e = data?.error ?? {}
    throw new ApiError(res.status, e.code ?? 'http_error', e.message ?? res.statusText,
      Number(res.headers.get('Retry-After') ?? 0))
  }
  return data as T
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface Case {
  id: number
  customer_id: number
  subject: string
  status: string
  priority: string
  category: string
  owner_id: number | null
  team_id: number | null
  created_at: string
  updated_at: string
  effort: {
    contacts: number
    repeat_contacts: number
    transfers: number
    channel_switches: number
    re_explanations: number
    robot_only: number
    band: 'low' | 'medium' | 'high'
  }
}

export interface Contact {
  id: number
  case_id: number
  channel: string
  direction: 'in' | 'out' | 'internal'
  kind: string
  agent_id: number | null
  started_at: string
  body: string | null
  status_to: string | null
}

/** Every item of a paged list, following next_cursor, up to `max` items. */
export async function all<T>(path: string, max = 5000): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const page: Page<T> = await api<Page<T>>('GET',
      cursor === null ? path : `${path}${sep}cursor=${encodeURIComponent(cursor)}`)
    items.push(...page.items)
    cursor = page.next_cursor
  } while (cursor !== null && items.length < max)
  return items
}
