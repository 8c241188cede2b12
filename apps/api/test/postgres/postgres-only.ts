import { createDatabase } from '@rolecall/db'
import { expect, test } from 'vitest'

/**
 * The PostgreSQL server these suites run against. Unset (the first CI pass, a laptop without Postgres),
 * their `describe.runIf` blocks are skipped and only `documentsWhyPostgres()` runs.
 */
export const postgresUrl = process.env.DATABASE_URL || undefined

/**
 * The test a file keeps when DATABASE_URL is unset (a file without tests fails). PGlite runs one
 * connection at a time, so on it every race in these suites would be lost before it started and the
 * suites would pass without proving anything; this pins that the dialect follows DATABASE_URL.
 * @example documentsWhyPostgres()
 */
export function documentsWhyPostgres() {
  test('needs PostgreSQL: the dialect follows DATABASE_URL, and PGlite serialises every connection', async () => {
    // Nothing connects before the first query, so this opens no database on either dialect.
    const { kind, close } = createDatabase({ url: postgresUrl, dataDir: 'memory://' })
    await close()
    expect(kind).toBe(postgresUrl ? 'pg' : 'pglite')
  })
}
