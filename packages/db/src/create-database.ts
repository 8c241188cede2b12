import { mkdirSync } from 'node:fs'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { type Dialect, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGliteDialect } from './pglite-dialect.js'
import type { Database } from './schema.js'
import { StorageError } from './storage-error.js'

export interface DatabaseOptions {
  /** A PostgreSQL connection string. When set, Rolecall uses a `pg` pool. */
  url?: string | undefined
  /** Where embedded PGlite keeps its files, or `memory://` for a throwaway database. */
  dataDir?: string | undefined
  /** Further PGlite options, e.g. `loadDataDir` to start from a snapshot. Ignored with `url`. */
  pglite?: Omit<PGliteOptions, 'dataDir'> | undefined
}

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: 'pg' | 'pglite'
  /** Ends the pool or closes PGlite, after the work in flight. */
  close(): Promise<void>
}

// `pg` hands int8 back as a string, PGlite as a number. Versions and audit ids stay far below
// 2^53, so numbers are exact, and both backends then return the same types.
const INT8_OID = 20
const pgTypes = {
  getTypeParser: ((oid, format) =>
    oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/**
 * The one place a database connection is made: PostgreSQL when `url` is set, else embedded PGlite.
 * Nothing connects until the first query.
 * @example const { db, close } = createDatabase({ dataDir: '.rolecall/data' })
 */
export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  const { url, dataDir } = options
  let dialect: Dialect
  let kind: DatabaseHandle['kind']
  let connectionsClosed = async () => {}
  if (url) {
    kind = 'pg'
    const pool = new pg.Pool({ connectionString: url, types: pgTypes })
    connectionsClosed = trackConnectionEnds(pool)
    dialect = new PostgresDialect({ pool })
  } else if (dataDir) {
    kind = 'pglite'
    const inMemory = dataDir.startsWith('memory://')
    if (!inMemory) mkdirSync(dataDir, { recursive: true })
    dialect = new PGliteDialect({ pglite: () => PGlite.create(dataDir, options.pglite) })
  } else {
    throw new StorageError('CONFIG_INVALID', 'createDatabase needs a url (PostgreSQL) or a dataDir (PGlite)')
  }
  const db = new Kysely<Database>({ dialect })
  return {
    db,
    kind,
    close: async () => {
      await db.destroy()
      await connectionsClosed()
    },
  }
}

// `pool.end()` resolves once its clients are told to end, before their sockets close. Whoever
// drops the database next (a test) would kill those sessions and crash the process with 57P01.
function trackConnectionEnds(pool: pg.Pool): () => Promise<void> {
  const ends = new Set<Promise<void>>()
  pool.on('connect', (client) => {
    const ended = new Promise<void>((resolve) => client.once('end', () => resolve()))
    ends.add(ended)
    void ended.then(() => ends.delete(ended))
  })
  return async () => {
    await Promise.all(ends)
  }
}
