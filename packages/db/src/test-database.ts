import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createDatabase, type DatabaseHandle, type DatabaseOptions } from './create-database.js'
import { migrateToLatest } from './migrate-to-latest.js'
import { migratedPGliteTemplate } from './pglite-template.js'

/**
 * A migrated database of its own for one test file: a fresh `rolecall_test_<random>` database
 * on the server in DATABASE_URL when that is set, else an in-memory PGlite. `close()` drops it.
 * `options` apply to a Postgres connection (PGlite has none of them).
 * @example const { db, close } = await createTestDatabase(); afterAll(close)
 */
export async function createTestDatabase(
  options: Pick<DatabaseOptions, 'preparedStatements'> = {},
): Promise<DatabaseHandle> {
  // The one read of process.env outside an app's env.ts: a test helper has no env.ts to ask,
  // and the variable is how a run opts into real PostgreSQL.
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    // Already migrated: the template is a snapshot of a freshly migrated database.
    return createDatabase({ dataDir: 'memory://', pglite: { loadDataDir: await migratedPGliteTemplate() } })
  }

  const name = `rolecall_test_${randomBytes(6).toString('hex')}`
  await onServer(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const handle = createDatabase({ ...options, url: url.toString() })
  try {
    await migrateToLatest(handle.db)
  } catch (error) {
    await handle.close()
    await onServer(serverUrl, `drop database if exists ${name} with (force)`)
    throw error
  }
  return {
    ...handle,
    close: async () => {
      await handle.close()
      // FORCE ends connections a failed test may have left open.
      await onServer(serverUrl, `drop database if exists ${name} with (force)`)
    },
  }
}

// CREATE and DROP DATABASE cannot run in a transaction or in the database itself: use a bare client.
async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
