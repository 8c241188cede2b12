import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { createDatabase, getOrg, migrateToLatest, StorageError } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import { seedOrg } from './fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'rolecall-db-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('createDatabase', () => {
  test('with neither url nor dataDir it throws CONFIG_INVALID', () => {
    expect(() => createDatabase({})).toThrow(StorageError)
    expect(() => createDatabase({})).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })

  test('a PGlite dataDir is created and keeps its data across restarts', async () => {
    const dataDir = join(dir, 'nested', 'data')
    const first = createDatabase({ dataDir })
    expect(first.kind).toBe('pglite')
    await migrateToLatest(first.db)
    await seedOrg(first.db, 'kept')
    await first.close()

    const second = createDatabase({ dataDir })
    expect(await migrateToLatest(second.db)).toEqual([])
    expect((await getOrg(second.db, 'kept'))?.name).toBe('Org kept')
    await second.close()
  }, 120_000) // two cold PGlite starts on disk

  test('int8 columns come back as numbers on either backend', async () => {
    const handle = await createTestDatabase()
    try {
      const { org, events } = await seedOrg(handle.db, 'numbers')
      expect(typeof org.version).toBe('number')
      expect(events.every((event) => typeof event.id === 'number')).toBe(true)
    } finally {
      await handle.close()
    }
  })

  test('closing a database that never ran a query is harmless', async () => {
    await createDatabase({ dataDir: 'memory://' }).close()
  })
})
