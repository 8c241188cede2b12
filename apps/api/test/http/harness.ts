import { createTestDatabase } from '@rolecall/db'
import { createApp } from '../../src/app.js'
import { ADMIN_KEY, bearer, listen, testDeps } from '../fixtures.js'

export interface Call {
  (method: string, path: string, options?: { body?: unknown; actor?: string; key?: string; headers?: Record<string, string> }): Promise<{
    status: number
    body: any
    headers: Headers
  }>
}

/**
 * A real API on an ephemeral port over a fresh database (PGlite, or a new database on the server in
 * DATABASE_URL), with a `call` helper that speaks JSON as a client would.
 */
export async function startApi() {
  const database = await createTestDatabase()
  const app = createApp(testDeps({ db: database.db }))
  const server = await listen(app)
  const call: Call = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...bearer(options.key ?? ADMIN_KEY), ...options.headers }
    if (options.actor) headers['X-Rolecall-Actor'] = options.actor
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
  }
  /** Creates an org with a founder and returns its id. */
  const createOrg = async (model = 'teamroom', founder = 'ana', extra: Record<string, unknown> = {}) => {
    const res = await call('POST', '/v1/orgs', {
      body: { name: `Org ${Math.random().toString(36).slice(2, 8)}`, model, founder: { id: founder, displayName: founder.toUpperCase() }, ...extra },
    })
    if (res.status !== 201) throw new Error(`createOrg: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body.id as string
  }
  return {
    call,
    createOrg,
    db: database.db,
    url: server.url,
    close: async () => {
      await server.close()
      await database.close()
    },
  }
}
