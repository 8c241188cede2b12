import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  type Database,
  type DatabaseHandle,
  type EffectOf,
  getOrg,
  PREPARED,
  stageEffects,
  writeOrgChange,
} from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import { grant, meta, revoke, seedOrg } from './fixtures.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

const plusOne = (db: Kysely<Database>, n: number) =>
  sql<{ n: number }>`${sql.raw(PREPARED)} select ${n}::int + 1 as n`.execute(db).then(({ rows }) => rows[0]?.n)

/** The statements this session has prepared (pg_prepared_statements is per connection). */
const preparedOn = (db: Kysely<Database>) =>
  sql<{ statement: string }>`select statement from pg_prepared_statements order by prepare_time`
    .execute(db)
    .then(({ rows }) => rows.map((r) => r.statement))

/** Runs `work` on one connection of the pool, so every statement in it sees the same session. */
const onOneConnection = <T>(db: Kysely<Database>, work: (conn: Kysely<Database>) => Promise<T>) =>
  db.connection().execute(work)

describe('PREPARED statements', () => {
  test('a marked statement answers like any other, each time with its own values', async () => {
    expect(await plusOne(handle.db, 1)).toBe(2)
    expect(await plusOne(handle.db, 41)).toBe(42)
  })

  // PGlite runs in the process, with no round trip or parse worth saving: it prepares nothing.
  describe('what a connection prepares', () => {
    test('a marked text is prepared once per connection, and an unmarked one never', async () => {
      const statements = await onOneConnection(handle.db, async (conn) => {
        for (const n of [1, 2, 3]) expect(await plusOne(conn, n)).toBe(n + 1)
        await sql`select 1`.execute(conn)
        return preparedOn(conn)
      })
      const expected = [expect.stringMatching(/^\/\* rolecall:prepared \*\/ select \$1::int \+ 1/)]
      expect(statements).toEqual(handle.kind === 'pg' ? expected : [])
    })

    test('a role change by compare-and-set is one prepared statement for any outbox, member or version', async () => {
      await seedOrg(handle.db, 'prepared')
      const statements = await onOneConnection(handle.db, async (conn) => {
        for (const [i, effect] of [grant('admin', 'bo'), revoke('admin', 'bo'), grant('admin', 'bo')].entries()) {
          const version = (await getOrg(conn, 'prepared'))?.version ?? 0
          const outbox = Array.from({ length: i }, (_, k) => ({
            event_id: `evt_prepared_${i}_${k}`,
            org_id: 'prepared',
            type: effect.kind,
            at: meta.at,
            actor: 'ana',
            subject: 'bo',
            recipients: JSON.stringify(['ana']),
            data: JSON.stringify({ role: 'admin' }),
          }))
          const touchMember = i === 1 ? undefined : 'ana'
          const options = { expectedVersion: version, outbox, touchMember }
          const staged = await stageEffects(conn, 'prepared', [effect as EffectOf<'role.'>], meta)
          const applied = await writeOrgChange(conn, 'prepared', meta, { ...options, ...staged })
          expect(applied?.version).toBe(version + 1)
        }
        return preparedOn(conn)
      })
      // One text for grants and one for revocations, however many outbox rows each carried.
      const compareAndSet = statements.filter((s) => /and version = \$\d+/.test(s))
      expect(compareAndSet).toHaveLength(handle.kind === 'pg' ? 2 : 0)
      const outbox = await handle.db
        .selectFrom('outbox_events')
        .select(['event_id', 'recipients', 'data'])
        .where('org_id', '=', 'prepared')
        .orderBy('id')
        .execute()
      expect(outbox).toEqual([
        { event_id: 'evt_prepared_1_0', recipients: ['ana'], data: { role: 'admin' } },
        { event_id: 'evt_prepared_2_0', recipients: ['ana'], data: { role: 'admin' } },
        { event_id: 'evt_prepared_2_1', recipients: ['ana'], data: { role: 'admin' } },
      ])
    })

    test('a migration that changes what a prepared statement returns does not fail it', async () => {
      const answers = await onOneConnection(handle.db, async (conn) => {
        await sql`create table prepared_probe (id int primary key, v int)`.execute(conn)
        await sql`insert into prepared_probe values (1, 2)`.execute(conn)
        const read = () =>
          sql<{ v: unknown }>`${sql.raw(PREPARED)} select v from prepared_probe where id = ${1}`
            .execute(conn)
            .then(({ rows }) => rows[0]?.v)
        const before = await read()
        expect((await preparedOn(conn)).some((text) => text.includes('prepared_probe'))).toBe(handle.kind === 'pg')
        // On Postgres the prepared plan now returns the wrong type: it answers "cached plan must not change result type".
        await sql`alter table prepared_probe alter column v type text`.execute(conn)
        return [before, await read(), await read()]
      })
      expect(answers).toEqual([2, '2', '2'])
      expect(await plusOne(handle.db, 1)).toBe(2)
    })

    test('a text that varies is prepared only up to a bound, and still runs past it', async () => {
      // A database of its own: the bound is per process's pool, and this test uses it all up.
      const own = await createTestDatabase()
      try {
        const statements = await onOneConnection(own.db, async (conn) => {
          for (let n = 0; n < 80; n++) {
            const { rows } = await sql<{ n: number }>`${sql.raw(`${PREPARED} select ${n} + 1 as n`)}`.execute(conn)
            expect(rows[0]?.n).toBe(n + 1)
          }
          return preparedOn(conn)
        })
        expect(statements).toHaveLength(own.kind === 'pg' ? 64 : 0)
      } finally {
        await own.close()
      }
    })

    test('with prepared statements off, nothing is prepared', async () => {
      const off = await createTestDatabase({ preparedStatements: false })
      try {
        const statements = await onOneConnection(off.db, async (conn) => {
          expect(await plusOne(conn, 1)).toBe(2)
          return preparedOn(conn)
        })
        expect(statements).toEqual([])
      } finally {
        await off.close()
      }
    })
  })
})
