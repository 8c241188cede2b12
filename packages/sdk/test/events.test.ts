import { setTimeout as sleep } from 'node:timers/promises'
import { createLogger, startWorkflows, type Workflows } from '@rolecall/api'
import type { DatabaseHandle } from '@rolecall/db'
import { createTestDatabase } from '@rolecall/db/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRolecall, isRolecallError, type Rolecall } from '../src/index.js'
import { ADMIN_KEY, testApp } from './support/api.js'
import { type Served, serve } from './support/serve.js'

let database: DatabaseHandle
let api: Served
let receiver: Served
let workflows: Workflows
const received: string[] = []
const client = (actor?: string): Rolecall =>
  createRolecall({ baseUrl: api.url, apiKey: ADMIN_KEY, retry: { baseDelayMs: 1 }, ...(actor ? { actor } : {}) })

beforeAll(async () => {
  database = await createTestDatabase()
  const app = testApp({ db: database.db })
  api = await serve(async (request) => app.fetch(request))
  receiver = await serve(async (request) => {
    received.push(await request.text())
    return new Response(null, { status: 204 })
  })
  workflows = await startWorkflows({
    database,
    logger: createLogger({ level: 'silent' }),
    allowInternalWebhookTargets: true,
    dispatchEveryMs: 50,
  })
}, 60_000)
afterAll(async () => {
  await workflows?.stop()
  await receiver?.close()
  await api?.close()
  await database?.close()
}, 60_000)

/** Polls until `check` holds; jobs run on their own schedule. */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let tries = 0; tries < 600; tries++) {
    const value = await check()
    if (value !== undefined) return value
    await sleep(50)
  }
  throw new Error('condition never held')
}

describe('webhooks and notifications', () => {
  test('create shows the secret once; list, deliveries and delete', async () => {
    const org = await client().orgs.create({ name: 'Hooks', founder: { id: 'ana', displayName: 'Ana' } })
    const created = await client().webhooks.create(org.id, { url: `${receiver.url}/hooks`, events: ['role.granted'] })
    expect(created.secret).toMatch(/^whsec_/)
    expect(await client().webhooks.list(org.id)).toEqual([
      {
        id: created.id,
        url: `${receiver.url}/hooks`,
        events: ['role.granted'],
        createdAt: created.createdAt,
        disabledAt: null,
      },
    ])

    const ana = client('ana')
    const { invitationId } = await ana.invitations.invite(org.id, { user: { id: 'bo', displayName: 'Bo' } })
    await client('bo').invitations.accept(org.id, invitationId ?? '')
    await ana.roles.grant(org.id, 'admin', 'bo')
    const deliveries = await until(async () => {
      const all = await client().webhooks.deliveries(org.id, created.id)
      return all.some((d) => d.statusCode === 204) ? all : undefined
    })
    expect(deliveries[0]).toMatchObject({ type: 'role.granted', statusCode: 204, error: null, nextAttemptAt: null })
    expect(received.map((body) => JSON.parse(body).type)).toEqual(['role.granted'])

    const page = await until(async () => {
      const listed = await ana.notifications.list(org.id, { recipient: 'ana' })
      return listed.notifications.some((n) => n.type === 'role.granted') ? listed : undefined
    })
    expect(page.notifications.find((n) => n.type === 'role.granted')).toMatchObject({
      recipient: 'ana',
      channel: 'stored',
      body: expect.stringContaining('granted admin to Bo'),
    })

    await client().webhooks.delete(org.id, created.id)
    expect(await client().webhooks.list(org.id)).toEqual([])
    const gone = await client()
      .webhooks.delete(org.id, created.id)
      .catch((error: unknown) => error)
    expect(isRolecallError(gone) && gone.code).toBe('NOT_FOUND')
  })

  test('an invalid URL is a VALIDATION_FAILED problem', async () => {
    const org = await client().orgs.create({ name: 'Bad hooks', founder: { id: 'ana', displayName: 'Ana' } })
    const refused = await client()
      .webhooks.create(org.id, { url: 'file:///etc/passwd' })
      .catch((error: unknown) => error)
    expect(isRolecallError(refused) && refused.code).toBe('VALIDATION_FAILED')
  })
})
