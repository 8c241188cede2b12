import { PGlite } from '@electric-sql/pglite'
import { type Database, PGliteDialect } from '@rolecall/db'
import { type Dialect, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { describe, expect, onTestFinished, test } from 'vitest'
import { CHANGES_CHANNEL } from '../../src/change-listener.js'
import { announceChange } from '../../src/write/announce-change.js'
import { captureLogs, listen, testDeps } from '../fixtures.js'
import { postgresUrl } from '../postgres/postgres-only.js'
import { waitFor } from '../support/wait-for.js'
import { type Call, callerOf, useApi } from './harness.js'

const api = useApi()

/** `dialect`, except that while `outage.down` is set every connection is refused, as a pool's are in an outage. */
function withOutage(dialect: Dialect) {
  const outage = { down: false, refused: 0 }
  const flaky: Dialect = {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => {
      const driver = dialect.createDriver()
      const acquire = driver.acquireConnection.bind(driver)
      driver.acquireConnection = async () => {
        if (!outage.down) return acquire()
        outage.refused++
        throw new Error('connect ECONNREFUSED (a simulated outage)')
      }
      return driver
    },
  }
  return { dialect: flaky, outage }
}

/**
 * A database to announce on, with a listener on `CHANGES_CHANNEL` that records what it hears: the server
 * in DATABASE_URL and a `pg` client, as other API processes listen, or else an in-process PGlite.
 */
async function announcementDatabase() {
  const heard: string[] = []
  if (postgresUrl) {
    const listener = new pg.Client({ connectionString: postgresUrl })
    listener.on('notification', (msg) => heard.push(msg.payload ?? ''))
    await listener.connect()
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`)
    const { dialect, outage } = withOutage(
      new PostgresDialect({ pool: new pg.Pool({ connectionString: postgresUrl }) }),
    )
    const db = new Kysely<Database>({ dialect })
    return { db, outage, heard, close: () => Promise.all([db.destroy(), listener.end()]) }
  }
  const pglite = await PGlite.create()
  await pglite.listen(CHANGES_CHANNEL, (payload) => heard.push(payload))
  const { dialect, outage } = withOutage(new PGliteDialect({ pglite }))
  const db = new Kysely<Database>({ dialect })
  // Destroying the Kysely closes the PGlite.
  return { db, outage, heard, close: () => db.destroy() }
}

/** The API again on the test's database, announcing on a database of its own; closed after the test. */
async function announcingApi() {
  const logs = captureLogs()
  const announced = await announcementDatabase()
  const server = await listen(testDeps({ db: api.db, logger: logs.logger, announceOn: announced.db }))
  onTestFinished(async () => {
    await server.close()
    await announced.close()
  })
  return { call: callerOf(server.url), logs, ...announced }
}

/** An org where bo is a member, so ana can grant and revoke bo's admin role. */
async function orgWithBo() {
  const org = await api.createOrg('teamroom', 'ana')
  await api.join(org, 'bo', 'ana')
  return org
}

const setAdmin = async (call: Call, org: string, method: 'PUT' | 'DELETE') => {
  const res = await call(method, `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'ana' })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return (await api.writes()).versions[org]
}

const NOT_ANNOUNCED = 'a committed change was not announced to other processes'

describe('a write whose announcement fails at first', () => {
  test('answers at once, logs one warning, and is announced once the database answers again', async () => {
    const { call, logs, outage, heard } = await announcingApi()
    const org = await orgWithBo()
    outage.down = true
    // Answered while the outage lasts: the write waited for one attempt, not for the retries.
    const version = await setAdmin(call, org, 'PUT')
    // The first attempt and three retries.
    await waitFor('retries', () => outage.refused >= 4, 10_000)
    expect(logs.lines.filter((line) => line.level === 40)).toEqual([
      expect.objectContaining({ msg: NOT_ANNOUNCED, orgId: org, version }),
    ])
    expect(heard).not.toContain(`${org} ${version}`)

    outage.down = false
    // The backoff is capped at a second.
    await waitFor('the announcement', () => heard.includes(`${org} ${version}`), 5_000)
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ level: 30, msg: 'changes are announced to other processes again' }),
    )
  })

  test('is superseded by a newer change of the org, whose version alone is announced', async () => {
    const { call, outage, heard } = await announcingApi()
    const org = await orgWithBo()
    outage.down = true
    await setAdmin(call, org, 'PUT')
    const newest = await setAdmin(call, org, 'DELETE')
    outage.down = false
    await waitFor('the announcement', () => heard.includes(`${org} ${newest}`), 5_000)
    expect(heard.filter((payload) => payload.startsWith(`${org} `))).toEqual([`${org} ${newest}`])
  })

  test('is no longer retried once its database is closed', async () => {
    const { call, logs, outage, db } = await announcingApi()
    const org = await orgWithBo()
    outage.down = true
    await setAdmin(call, org, 'PUT')
    await waitFor('a retry', () => outage.refused >= 2, 10_000)
    await db.destroy()
    await waitFor(
      'retries to stop',
      () => logs.lines.some((line) => line.msg === 'stopped retrying to announce committed changes'),
      5_000,
    )
    expect(logs.lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([
      NOT_ANNOUNCED,
      'stopped retrying to announce committed changes',
    ])
  })
})

describe('changes of many orgs held back by an outage', () => {
  // Pins the batch as one statement: a select list of one notify per org is refused past 1,664 entries.
  test('are all announced together once the database answers again', async () => {
    const { outage, heard, db, close } = await announcementDatabase()
    onTestFinished(async () => {
      await close()
    })
    const deps = testDeps({ db: api.db, logger: captureLogs().logger, announceOn: db })
    outage.down = true
    const orgs = Array.from({ length: 2000 }, (_, i) => `outage-org-${i}`)
    await Promise.all(orgs.map((org) => announceChange(deps, org, 7)))
    outage.down = false
    await waitFor('every announcement', () => heard.length >= orgs.length, 10_000)
    expect(new Set(heard)).toEqual(new Set(orgs.map((org) => `${org} 7`)))
  })
})
