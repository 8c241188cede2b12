import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  beginIdempotent,
  CLAIM_HOLDER_LOCK,
  type ClaimHolder,
  createDatabase,
  type DatabaseHandle,
  finishIdempotent,
  type IdempotencyStart,
  markIdempotentApplied,
  startClaimHolder,
} from '../src/index.js'
import { migratedPGliteTemplate } from '../src/pglite-template.js'
import { createTestDatabase } from '../src/testing.js'

const onPostgres = Boolean(process.env.DATABASE_URL)

let handle: DatabaseHandle
const holders: ClaimHolder[] = []
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  // Before the database is dropped, or a holder on Postgres would see its session cut and reconnect.
  await Promise.all(holders.map((holder) => holder.close()))
  await handle.close()
})

/** A holder as a process holds one: here, each stands for an API process of its own. */
async function holder(options?: Parameters<typeof startClaimHolder>[1]): Promise<ClaimHolder> {
  const started = await startClaimHolder(handle, options)
  holders.push(started)
  return started
}

/** No time passes in these tests: a claim is abandoned only because its holder is gone. */
const T0 = new Date('2026-03-01T00:00:00.000Z')
const begin = (scope: string, by: ClaimHolder, db = handle.db) => beginIdempotent(db, scope, 'k', 'f', T0, by.id)

function claimOf(start: IdempotencyStart) {
  if (typeof start !== 'object' || !('claimed' in start)) throw new Error(`expected a claim, got ${String(start)}`)
  return start.claimed
}

describe('startClaimHolder', () => {
  test('a claim is held while its holder lives, and taken over at once when its holder is gone', async () => {
    const [first, second, third] = [await holder(), await holder(), await holder()]
    expect(new Set([first.id, second.id, third.id]).size).toBe(3)
    const abandoned = claimOf(await begin('gone', first))
    expect(await begin('gone', second)).toBe('conflict-running')
    await first.close()
    const retry = claimOf(await begin('gone', second))
    // The takeover names its own holder, who lives: a further retry waits for it.
    expect(await begin('gone', third)).toBe('conflict-running')
    // A write the dead request still had on its way misses, and so does its answer.
    expect(await markIdempotentApplied(handle.db, abandoned)).toBe(false)
    expect(await finishIdempotent(handle.db, abandoned, { status: 200, body: null, headers: {} })).toBe(false)
    expect(await markIdempotentApplied(handle.db, retry)).toBe(true)
  })

  test('a gone holder whose change was applied is never taken over: retries learn of the change at once', async () => {
    const [first, second] = [await holder(), await holder()]
    const claim = claimOf(await begin('applied', first))
    await handle.db
      .transaction()
      .execute((trx) => markIdempotentApplied(trx, claim, { version: 4, subject: 'org_1' }, T0))
    await first.close()
    const unanswered = { unanswered: { appliedAt: T0, version: 4, subject: 'org_1' } }
    expect(await begin('applied', second)).toEqual(unanswered)
    expect(await begin('applied', second)).toEqual(unanswered)
  })

  test('of retries taking over one gone holder’s claim at once, one claims it', async () => {
    const first = await holder()
    const retriers = [await holder(), await holder(), await holder()]
    await begin('race', first)
    await first.close()
    const starts = await Promise.all(retriers.map((retrier) => begin('race', retrier)))
    expect(starts.filter((start) => start === 'conflict-running')).toHaveLength(2)
    expect(starts.filter((start) => typeof start === 'object' && 'claimed' in start)).toHaveLength(1)
  })

  test.runIf(onPostgres)('a lock of the same id in another database on the server keeps no claim here', async () => {
    const first = await holder()
    await begin('other-database', first)
    await first.close()
    // Another Rolecall database numbers its holders from 1 as well: its process may hold this very id.
    const other = await createTestDatabase()
    try {
      await sql`select pg_advisory_lock(${CLAIM_HOLDER_LOCK}, ${first.id}::int)`.execute(other.db)
      expect(await begin('other-database', await holder())).toHaveProperty('claimed')
    } finally {
      await other.close()
    }
  })

  test.runIf(onPostgres)('a holder whose session is cut reconnects and holds the same id again', async () => {
    let lost!: () => void
    const cut = new Promise<void>((resolve) => {
      lost = resolve
    })
    const first = await holder({ onError: () => lost() })
    await begin('reconnected', first)
    const lockedBy = async () =>
      (
        await sql<{ pid: number }>`select pid from pg_locks where locktype = 'advisory' and granted
          and classid = ${CLAIM_HOLDER_LOCK} and objid = ${first.id}::int and objsubid = 2
          and database = (select oid from pg_database where datname = current_database())`.execute(handle.db)
      ).rows[0]?.pid
    const before = await lockedBy()
    await sql`select pg_terminate_backend(${before}::int)`.execute(handle.db)
    await cut
    const deadline = Date.now() + 10_000
    // Nothing announces the lock taken again, so its session is looked for, for a bounded time.
    for (let pid = await lockedBy(); pid === undefined || pid === before; pid = await lockedBy()) {
      if (Date.now() > deadline) throw new Error('the holder did not lock its id again within 10 s')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(await begin('reconnected', await holder())).toBe('conflict-running')
  })
})

// A restart of the embedded database is the one way its holder dies: PGlite is this process's alone.
test.runIf(!onPostgres)(
  'after PGlite restarts on its data directory, every claim of its earlier run is abandoned at once',
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rolecall-claims-'))
    try {
      const earlier = createDatabase({ dataDir, pglite: { loadDataDir: await migratedPGliteTemplate() } })
      const earlierHolder = await startClaimHolder(earlier)
      const running = claimOf(await begin('restart', earlierHolder, earlier.db))
      const applied = claimOf(await beginIdempotent(earlier.db, 'restart', 'applied', 'f', T0, earlierHolder.id))
      await markIdempotentApplied(earlier.db, applied, { version: 2 }, T0)
      expect(await begin('restart', earlierHolder, earlier.db)).toBe('conflict-running')
      // Closed without letting go of the holder, as a process that is killed never does.
      await earlier.close()

      const restarted = createDatabase({ dataDir })
      try {
        const now = await startClaimHolder(restarted)
        expect(now.id).not.toBe(earlierHolder.id)
        const retry = claimOf(await begin('restart', now, restarted.db))
        expect(retry.token).not.toBe(running.token)
        expect(await beginIdempotent(restarted.db, 'restart', 'applied', 'f', T0, now.id)).toEqual({
          unanswered: { appliedAt: T0, version: 2, subject: null },
        })
      } finally {
        await restarted.close()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  },
  60_000,
)
