import { type AppDeps, createApp, createLogger, OrgStateCache } from '@rolecall/api'
import { createDatabase, findApiKeyBySecret } from '@rolecall/db'
import { createTestDatabase } from '@rolecall/db/testing'
import { createRolecall, type Rolecall, type RolecallOptions } from '../../src/index.js'
import { type Served, serve } from './serve.js'

export const ADMIN_KEY = 'rc_admin_sdk-test-0123456789abcdef'

/** The API's app with working dependencies; override what a test is about. */
export function testApp(overrides: Partial<AppDeps> = {}) {
  // Kysely connects on the first query: an app that is never asked for data never opens a database.
  const db = overrides.db ?? createDatabase({ dataDir: 'memory://' }).db
  return createApp({
    db,
    cache: new OrgStateCache(db),
    logger: createLogger({ level: 'silent' }),
    ready: async () => true,
    auth: {
      adminKey: ADMIN_KEY,
      findApiKey: async (secret) => {
        const key = await findApiKeyBySecret(db, secret)
        return key && { id: key.id, orgIds: key.org_ids, support: key.support }
      },
    },
    ...overrides,
  })
}

/**
 * A real API over real HTTP on an ephemeral port, over a fresh database (PGlite, or a new database
 * on the server in DATABASE_URL), with API keys looked up in storage as in production.
 */
export async function startApi() {
  const database = await createTestDatabase()
  const { db } = database
  const app = testApp({ db })
  const server: Served = await serve(async (request) => app.fetch(request))
  /** A client with the admin key, retrying fast so tests do not wait. */
  const client = (options: Partial<RolecallOptions> = {}): Rolecall =>
    createRolecall({ baseUrl: server.url, apiKey: ADMIN_KEY, retry: { baseDelayMs: 1 }, ...options })
  return {
    url: server.url,
    db,
    client,
    close: async () => {
      await server.close()
      await database.close()
    },
  }
}

export type Api = Awaited<ReturnType<typeof startApi>>

let orgs = 0
/** A fresh org with `founder` as its first member; ids differ per call so tests share one API. */
export async function newOrg(api: Api, model = 'teamroom', founder = 'ana'): Promise<string> {
  orgs += 1
  const org = await api.client().orgs.create({
    id: `org-${orgs}-${Math.random().toString(36).slice(2, 8)}`,
    name: `Org ${orgs}`,
    model,
    founder: { id: founder, displayName: founder.toUpperCase() },
  })
  return org.id
}

/** Invites `userId` as `inviter` and has them accept, so they are an active member. */
export async function join(api: Api, orgId: string, userId: string, inviter = 'ana'): Promise<void> {
  const { invitationId } = await api
    .client({ actor: inviter })
    .invitations.invite(orgId, { user: { id: userId, displayName: userId.toUpperCase() } })
  await api.client({ actor: userId }).invitations.accept(orgId, invitationId ?? '')
}

/**
 * Every item an async iterator yields, e.g. all pages of a list.
 * @example const members = await collect(client.members.iterate(orgId))
 */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}
