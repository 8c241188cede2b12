import type { AddressInfo } from 'node:net'
import type { OpenAPIHono } from '@hono/zod-openapi'
import { createDatabase } from '@rolecall/db'
import type { AppDeps } from '../src/app.js'
import type { AppEnv } from '../src/app-env.js'
import type { ApiKeyRecord } from '../src/auth.js'
import { createHttpServer } from '../src/http-server.js'
import { createLogger } from '../src/logger.js'
import type { Problem } from '../src/problem.js'
import { OrgStateCache } from '../src/state-cache.js'

export const ADMIN_KEY = 'rc_admin_test-only-0123456789abcdef'

/** API keys by secret, as storage would find them. */
export const KEYS = {
  rc_key_acme: { id: 'key_acme', orgIds: ['acme'], support: false },
  rc_key_any_org: { id: 'key_any', orgIds: null, support: false },
  rc_key_support: { id: 'key_support', orgIds: null, support: true },
} satisfies Record<string, ApiKeyRecord>

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` })

/** Log lines as parsed objects, written by a real pino logger. */
export function captureLogs() {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) })
  return { logger, lines }
}

/** Working dependencies; override what a test is about. */
export function testDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  // Kysely connects on the first query, and tests that do not hand in a database never make one.
  const db = overrides.db ?? createDatabase({ dataDir: 'memory://' }).db
  return {
    db,
    cache: new OrgStateCache(db),
    logger: createLogger({ level: 'silent' }),
    ready: async () => true,
    auth: {
      adminKey: ADMIN_KEY,
      findApiKey: async (secret) => (KEYS as Record<string, ApiKeyRecord>)[secret],
    },
    ...overrides,
  }
}

/**
 * Serves the API as main.ts does (the app behind the check lane) on an ephemeral port, for what only
 * real HTTP shows (streamed bodies, sockets, the lane).
 */
export async function listen(deps: AppDeps, extend?: (app: OpenAPIHono<AppEnv>) => void) {
  const { app, server } = createHttpServer(deps, { hostname: '127.0.0.1' })
  extend?.(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A problem response's body, typed for assertions. */
export const readProblem = (res: Response) => res.json() as Promise<Problem>
