import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DatabaseHandle, migrateToLatest, migrations } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

describe('migrateToLatest', () => {
  test('a migrated database has every migration recorded, in order', async () => {
    const rows = await handle.db
      .withTables<{ kysely_migration: { name: string; timestamp: string } }>()
      .selectFrom('kysely_migration')
      .select('name')
      .orderBy('name')
      .execute()
    expect(rows.map((row) => row.name)).toEqual(Object.keys(migrations))
  })

  test('running it again applies nothing and fails nothing', async () => {
    expect(await migrateToLatest(handle.db)).toEqual([])
    expect(await migrateToLatest(handle.db)).toEqual([])
  })

  test('creates every table of the Database interface', async () => {
    const tables = await handle.db.introspection.getTables()
    expect(
      tables
        .map((t) => t.name)
        .filter((name) => !name.startsWith('kysely_'))
        .sort(),
    ).toEqual([
      'anonymization_cases',
      'api_keys',
      'audit_events',
      'context_assignments',
      'contexts',
      'idempotency_keys',
      'memberships',
      'notifications',
      'orgs',
      'outbox_events',
      'ownership_transfers',
      'people',
      'role_assignments',
      'webhook_attempts',
      'webhooks',
    ])
  })
})
