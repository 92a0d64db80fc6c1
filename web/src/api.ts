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

const STORED = 'loyaldesk.session'

function stored(): { token: string | null; agent: Agent | null } {
  try {
    const v = JSON.parse(window.sessionStorage.getItem(STORED) ?? 'null')
    if (v && typeof v.token === 'string') return { token: v.token, agent: v.agent ?? null }
  } catch {
    /* nothing kept */
  }
  return { token: null, agent: null }
}

/** Who is signed in, in this tab (sessionStorage: gone when the tab closes). */
export const session = reactive(stored())

export function signedIn(token: string, agent: Agent): void {
  session.token = token
  session.agent = agent
  window.sessionStorage.setItem(STORED, JSON.stringify({ token, agent }))
}

export function signedOut(): void {
  session.token = null
  session.agent = null
  window.sessionStorage.removeItem(STORED)
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const token = session.token
  if (token) headers.Authorization = `Bearer ${token}`
  let res: Response
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'network', 'the server does not answer')
  }
  if (res.status === 204) return undefined as T
  const data = await res.json().catch(() => null)
  if (res.status === 401 && token) signedOut()
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
