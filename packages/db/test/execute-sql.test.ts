import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DatabaseHandle } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'

let database: DatabaseHandle
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

describe('DatabaseHandle.executeSql', () => {
  test('runs a script of several statements and answers with the last one', async () => {
    const result = await database.executeSql('select 1 as one; select 2 as two')
    expect(result.rows).toEqual([{ two: 2 }])
  })

  test('binds values', async () => {
    const result = await database.executeSql('select $1::text as said', ['hello'])
    expect(result.rows).toEqual([{ said: 'hello' }])
  })

  // On PGlite, one session: raw SQL must queue behind a transaction, never run inside it.
  test('never sees the uncommitted writes of an open transaction', async () => {
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let opened = () => {}
    const inside = new Promise<void>((resolve) => {
      opened = resolve
    })
    const transaction = database.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into orgs (id, name, model_id) values ('uncommitted', 'U', 'teamroom')`.execute(trx)
        opened()
        await held
        throw new Error('roll back')
      })
      .catch(() => 'rolled back')
    await inside
    const counted = database.executeSql("select count(*)::int as n from orgs where id = 'uncommitted'")
    release()
    expect(await transaction).toBe('rolled back')
    expect((await counted).rows).toEqual([{ n: 0 }])
  })
})
