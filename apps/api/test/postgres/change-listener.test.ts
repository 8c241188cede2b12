import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { LISTENER_APPLICATION_NAME, listenForChanges } from '../../src/change-listener.js'
import { createLogger } from '../../src/logger.js'
import { OrgStateCache } from '../../src/state-cache.js'
import { ADMIN_KEY, listen, testDeps } from '../fixtures.js'
import { type FreshDatabase, freshDatabase, httpCall } from './api-process.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

documentsWhyPostgres()

describe.runIf(postgresUrl)('the change listener', () => {
  let database: FreshDatabase
  let writer: Awaited<ReturnType<typeof listen>>
  let reader: Awaited<ReturnType<typeof listen>>
  let listener: { close(): Promise<void> }

  beforeAll(async () => {
    database = await freshDatabase()
    const { db } = database
    writer = await listen(testDeps({ db }))
    const cache = new OrgStateCache(db)
    listener = listenForChanges(database.url, cache, createLogger({ level: 'silent' }))
    reader = await listen(testDeps({ db, cache }))
    await waitForListener()
  }, 60_000)

  afterAll(async () => {
    await listener?.close()
    await Promise.allSettled([writer?.close(), reader?.close()])
    await database?.close()
  })

  const listeners = async () =>
    (
      await sql<{ pid: number }>`select pid from pg_stat_activity
        where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(database.db)
    ).rows

  async function waitForListener() {
    for (let i = 0; i < 200 && (await listeners()).length === 0; i++) await sleep(25)
    expect(await listeners()).toHaveLength(1)
    // Its LISTEN follows the connection at once; give the statement its round trip.
    await sleep(50)
  }

  const on = (server: { url: string }) => httpCall(server.url, ADMIN_KEY)
  const check = async (org: string) =>
    (await on(reader)('POST', `/v1/orgs/${org}/check`, { body: { principal: 'bo', action: 'members.invite' } })).body
      .allowed as boolean

  /** An org on the writer where bo is an admin, which the reader has checked (and so cached). */
  async function orgWithAdmin() {
    const created = await on(writer)('POST', '/v1/orgs', {
      body: { name: 'Listening', model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } },
    })
    const org = created.body.id as string
    const invited = await on(writer)('POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'bo', displayName: 'Bo' }, roles: ['admin'] },
    })
    await on(writer)('POST', `/v1/orgs/${org}/invitations/${invited.body.invitationId}/accept`, { actor: 'bo' })
    return org
  }

  const setAdmin = async (org: string, method: 'PUT' | 'DELETE') => {
    const res = await on(writer)(method, `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'ana' })
    expect(res.status).toBe(200)
  }

  test('a revocation made while the listener reconnects is seen by the next check all the same', async () => {
    const org = await orgWithAdmin()
    expect(await check(org)).toBe(true)
    const [connection] = await listeners()
    await sql`select pg_terminate_backend(${connection?.pid})`.execute(database.db)
    // The listener learns of its lost connection from the socket: a moment, not a reconnect's worth.
    await sleep(50)
    // Loaded while nothing is heard: a cache that kept it would answer the next check from it.
    expect(await check(org)).toBe(true)
    await setAdmin(org, 'DELETE')
    expect(await check(org)).toBe(false)
    await setAdmin(org, 'PUT')
    expect(await check(org)).toBe(true)
  })

  test('once reconnected, the listener hears other processes again', async () => {
    await waitForListener()
    const org = await orgWithAdmin()
    expect(await check(org)).toBe(true)
    await setAdmin(org, 'DELETE')
    let denied = false
    const start = performance.now()
    while (!denied && performance.now() - start < 2_000) {
      denied = !(await check(org))
      if (!denied) await sleep(10)
    }
    expect(denied).toBe(true)
    expect(performance.now() - start).toBeLessThan(1_000)
  })
})
