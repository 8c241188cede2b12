import { findApiKeyBySecret } from '@rolecall/db'
import { createTestDatabase } from '@rolecall/db/testing'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import type { ApiKeyRecord } from '../../src/auth.js'
import { ADMIN_KEY, bearer, KEYS, listen, testDeps } from '../fixtures.js'

export interface CallOptions {
  /** JSON-encoded unless it is a string, which is sent as is (for malformed bodies). */
  body?: unknown
  actor?: string
  /** The bearer secret; the admin key when absent. */
  key?: string
  headers?: Record<string, string>
}

export interface CallResult {
  status: number
  /** The parsed JSON body; null for an empty one; the raw text when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on bodies of every shape; a type per route would only restate them
  body: any
  headers: Headers
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<CallResult>

export type Api = Awaited<ReturnType<typeof startApi>>

/** Tables a command may write; their row counts (and the org versions) prove that nothing was written. */
const WRITTEN_TABLES = [
  'orgs',
  'people',
  'memberships',
  'role_assignments',
  'contexts',
  'context_assignments',
  'ownership_transfers',
  'anonymization_cases',
  'audit_events',
  'api_keys',
  'outbox_events',
  'notifications',
  'webhooks',
  'webhook_attempts',
] as const

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * A `call` helper for an API served at `url`, for a test that serves a second one beside `startApi`'s.
 * @example const call = callerOf((await listen(testDeps({ db: api.db, logger }))).url)
 */
export function callerOf(url: string): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...bearer(options.key ?? ADMIN_KEY) }
    if (options.actor) headers['X-Rolecall-Actor'] = options.actor
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    Object.assign(headers, options.headers)
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body)
    const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) })
    const text = await res.text()
    return { status: res.status, body: text ? parse(text) : null, headers: res.headers }
  }
}

/**
 * A real API on an ephemeral port over a fresh database (PGlite, or a new database on the server in
 * DATABASE_URL), with a `call` helper that speaks JSON as a client would.
 */
export async function startApi() {
  const database = await createTestDatabase()
  const db = database.db
  // The fixture keys, then the keys issued through POST /v1/api-keys, as main.ts finds them.
  const findApiKey = async (secret: string): Promise<ApiKeyRecord | undefined> => {
    const fixture = (KEYS as Record<string, ApiKeyRecord>)[secret]
    if (fixture) return fixture
    const stored = await findApiKeyBySecret(db, secret)
    return stored && { id: stored.id, orgIds: stored.org_ids, support: stored.support }
  }
  const server = await listen(testDeps({ db, auth: { adminKey: ADMIN_KEY, findApiKey } }))

  const call = callerOf(server.url)

  /** Calls and insists on the status, so a setup step that fails says so instead of failing later. */
  const must = async (status: number, method: string, path: string, options?: CallOptions) => {
    const res = await call(method, path, options)
    if (res.status !== status) {
      throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`)
    }
    return res
  }

  /** Creates an org with a founder and returns its id. */
  const createOrg = async (model = 'teamroom', founder = 'ana', extra: Record<string, unknown> = {}) => {
    const res = await must(201, 'POST', '/v1/orgs', {
      body: {
        name: `Org ${Math.random().toString(36).slice(2, 8)}`,
        model,
        founder: { id: founder, displayName: founder.toUpperCase() },
        ...extra,
      },
    })
    return res.body.id as string
  }

  /** Invites `user` (by `by`, with `roles`) and has them accept: an active member. */
  const join = async (orgId: string, user: string, by: string, roles?: string[]) => {
    const invited = await must(201, 'POST', `/v1/orgs/${orgId}/invitations`, {
      actor: by,
      body: { user: { id: user, displayName: user.toUpperCase() }, ...(roles ? { roles } : {}) },
    })
    await must(200, 'POST', `/v1/orgs/${orgId}/invitations/${invited.body.invitationId}/accept`, { actor: user })
  }

  /** `by` grants `role` to `to`; `query` is e.g. `?confirm=true`. */
  const grant = (orgId: string, role: string, to: string, by: string, query = '') =>
    must(200, 'PUT', `/v1/orgs/${orgId}/roles/${role}/holders/${to}${query}`, { actor: by })

  /** The org's holders of each role, as GET roles answers them (org-wide holders only). */
  const holders = async (orgId: string, actor: string): Promise<Record<string, string[]>> => {
    const res = await must(200, 'GET', `/v1/orgs/${orgId}/roles`, { actor })
    const roles = res.body.roles as { role: string; holders: { principal: string; context: string | null }[] }[]
    return Object.fromEntries(
      roles.map((r) => [r.role, r.holders.filter((h) => h.context === null).map((h) => h.principal)]),
    )
  }

  /** Audit event types of an org, oldest first, read as `actor` through the API. */
  const auditTypes = async (orgId: string, actor: string): Promise<string[]> => {
    const res = await must(200, 'GET', `/v1/orgs/${orgId}/audit-events?limit=200`, { actor })
    return (res.body.events as { type: string }[]).map((e) => e.type).reverse()
  }

  /** Row counts of every table a command writes, plus each org's version: equal snapshots, nothing written. */
  const writes = async () => {
    // One statement, not eleven: it runs twice in every test that proves nothing was written.
    const counts = WRITTEN_TABLES.map((table) => sql`(select count(*) from ${sql.table(table)}) as ${sql.ref(table)}`)
    const versions = sql`(select coalesce(json_object_agg(id, version), '{}') from orgs) as versions`
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join([...counts, versions])}`.execute(db)
    const { versions: byOrg, ...rest } = rows[0] ?? {}
    const numbers = Object.fromEntries(Object.entries(rest).map(([table, n]) => [table, Number(n)]))
    return { counts: numbers, versions: byOrg as Record<string, number> }
  }

  return {
    call,
    must,
    createOrg,
    join,
    grant,
    holders,
    auditTypes,
    writes,
    db,
    /** The database handle, for what runs beside the app on the same database (jobs). */
    database,
    url: server.url,
    close: async () => {
      await server.close()
      await database.close()
    },
  }
}

/**
 * One API per test file, started before its tests and closed after them. A real server over a real
 * database is slower than a unit test, the more so on a busy machine, hence the generous timeouts.
 * @example const api = useApi(); test('…', async () => { await api.call('GET', '/v1/models') })
 */
export function useApi(): Api {
  vi.setConfig({ testTimeout: 60_000 })
  const handle = {} as Api
  beforeAll(async () => {
    Object.assign(handle, await startApi())
  }, 120_000)
  afterAll(() => handle.close?.())
  return handle
}

/**
 * Asserts a problem response: its status, `application/problem+json`, and its code.
 * @example expectProblem(await api.call('GET', '/v1/nope'), 404, 'NOT_FOUND')
 */
export function expectProblem(res: CallResult, status: number, code: string): void {
  const seen = { status: res.status, contentType: res.headers.get('content-type'), code: res.body?.code }
  const want = { status, contentType: expect.stringMatching(/^application\/problem\+json/), code }
  expect(seen, JSON.stringify(res.body)).toEqual(want)
}
