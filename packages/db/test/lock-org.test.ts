import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DatabaseHandle, getOrg, json, lockOrg } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import { seedOrg } from './fixtures.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
  await seedOrg(handle.db, 'busy')
})
afterAll(() => handle.close())

describe('lockOrg', () => {
  test('returns undefined for an unknown org', async () => {
    expect(await handle.db.transaction().execute((trx) => lockOrg(trx, 'nope'))).toBeUndefined()
  })

  // On PostgreSQL this proves the row lock; on PGlite, that the dialect gives a transaction its one connection alone.
  test('transactions that lock the org first serialise: 50 concurrent increments end at 50', async () => {
    const increment = () =>
      handle.db.transaction().execute(async (trx) => {
        const org = await lockOrg(trx, 'busy')
        if (!org) throw new Error('org vanished')
        // Read, yield, write: without the lock, interleaved transactions would lose updates here.
        await new Promise((resolve) => setTimeout(resolve, 1))
        const hits = (org.usage.hits ?? 0) + 1
        await trx
          .updateTable('orgs')
          .set({ usage: json({ ...org.usage, hits }) })
          .where('id', '=', 'busy')
          .execute()
      })
    await Promise.all(Array.from({ length: 50 }, increment))
    expect((await getOrg(handle.db, 'busy'))?.usage).toEqual({ hits: 50 })
  })
})
