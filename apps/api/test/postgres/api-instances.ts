import type { OpenAPIHono } from '@hono/zod-openapi'
import { createDatabase } from '@rolecall/db'
import { createApp } from '../../src/app.js'
import type { AppEnv } from '../../src/app-env.js'
import { listenForChanges } from '../../src/change-listener.js'
import { createLogger } from '../../src/logger.js'
import { OrgStateCache } from '../../src/state-cache.js'
import { ADMIN_KEY, bearer, testDeps } from '../fixtures.js'
import type { Call } from '../http/harness.js'
import { type FreshDatabase, freshDatabase } from './api-process.js'

export interface ApiInstance {
  /** `instance-<n>`: the `application_name` of its connections, so pg_stat_activity tells instances apart. */
  name: string
  call: Call
}

export interface ApiInstances {
  instances: ApiInstance[]
  /** The database they share, for what only SQL can check. */
  database: FreshDatabase
  close(): Promise<void>
}

/**
 * `count` APIs in this test process on one fresh PostgreSQL database, each with what an API
 * process of its own has: a connection pool, an org state cache (and with it its own turn-taking of
 * writes per org), a change listener and an app. So writes to one org through two instances meet only
 * in the database, as writes through two processes do. Requests go to `app.request` rather than a
 * socket: a race in the database needs no HTTP, and without it a request costs half the CPU, which
 * thousands of trials on a two-core CI machine notice.
 * @example const { instances, close } = await startInstances(3); afterAll(close)
 */
export async function startInstances(count: number): Promise<ApiInstances> {
  const database = await freshDatabase()
  const logger = createLogger({ level: 'silent' })
  const stops: (() => Promise<void>)[] = []
  // Nothing below connects yet: pools connect on their first query, listeners in the background.
  const instances = Array.from({ length: count }, (_, n) => {
    const name = `instance-${n}`
    const url = new URL(database.url)
    url.searchParams.set('application_name', name)
    const { db, close } = createDatabase({ url: url.toString() })
    const cache = new OrgStateCache(db)
    const listener = listenForChanges(database.url, cache, logger)
    stops.push(async () => {
      await listener.close()
      await close()
    })
    return { name, call: appCall(createApp(testDeps({ db, cache, logger }))) }
  })
  return {
    instances,
    database,
    close: async () => {
      await Promise.allSettled(stops.map((stop) => stop()))
      await database.close()
    },
  }
}

/** A JSON client of `app`, speaking as the admin key (the same shape as the harness's `call`). */
export function appCall(app: OpenAPIHono<AppEnv>): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...bearer(options.key ?? ADMIN_KEY), ...options.headers }
    if (options.actor) headers['X-Rolecall-Actor'] = options.actor
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    const body = options.body === undefined ? undefined : JSON.stringify(options.body)
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
  }
}
