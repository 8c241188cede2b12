import { mkdirSync } from 'node:fs'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { type Dialect, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGliteDialect } from './pglite-dialect.js'
import { preparingPool } from './prepared-statements.js'
import type { Database } from './schema.js'
import { StorageError } from './storage-error.js'

export interface DatabaseOptions {
  /** A PostgreSQL connection string. When set, Rolecall uses a `pg` pool. */
  url?: string | undefined
  /** Most connections the `pg` pool opens (pg's default: 10). Ignored on PGlite, which has one. */
  poolSize?: number | undefined
  /**
   * Run the hottest statements (marked `PREPARED`) as named prepared statements: on by default.
   * Turn off behind a pooler that cannot keep them, such as PgBouncer in transaction mode without
   * `max_prepared_statements` (0 by default before 1.24).
   */
  preparedStatements?: boolean | undefined
  /** Where embedded PGlite keeps its files, or `memory://` for a throwaway database. */
  dataDir?: string | undefined
  /** Further PGlite options, e.g. `loadDataDir` to start from a snapshot. Ignored with `url`. */
  pglite?: Omit<PGliteOptions, 'dataDir'> | undefined
}

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: 'pg' | 'pglite'
  /** The connection string, on PostgreSQL: for a session of its own, outside the pool (`startClaimHolder`). */
  url?: string | undefined
  /**
   * Runs raw SQL outside Kysely, for libraries that bring their own statements (pg-boss). Without
   * values the text may hold several statements. On PGlite it waits its turn like any transaction.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
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
  let executeSql: DatabaseHandle['executeSql']
  if (url) {
    kind = 'pg'
    const pool = new pg.Pool({
      connectionString: url,
      types: pgTypes,
      ...(options.poolSize ? { max: options.poolSize } : {}),
    })
    connectionsClosed = trackConnectionEnds(pool)
    dialect = new PostgresDialect({ pool: options.preparedStatements === false ? pool : preparingPool(pool) })
    executeSql = async (text, values) => {
      const result = await pool.query(text, values)
      // Several statements answer with one result each; callers read the last.
      return Array.isArray(result) ? (result.at(-1) ?? { rows: [] }) : result
    }
  } else if (dataDir) {
    kind = 'pglite'
    const inMemory = dataDir.startsWith('memory://')
    if (!inMemory) mkdirSync(dataDir, { recursive: true })
    let instance: Promise<PGlite> | undefined
    const pglite = () => {
      instance ??= PGlite.create(dataDir, options.pglite)
      return instance
    }
    dialect = new PGliteDialect({ pglite })
    // Holding a Kysely connection is holding the dialect's mutex: PGlite is one session, so raw SQL
    // must never run inside another caller's open transaction.
    executeSql = (text, values) => db.connection().execute(() => runOnPGlite(pglite, text, values))
  } else {
    throw new StorageError('CONFIG_INVALID', 'createDatabase needs a url (PostgreSQL) or a dataDir (PGlite)')
  }
  const db = new Kysely<Database>({ dialect })
  return {
    db,
    kind,
    url: kind === 'pg' ? url : undefined,
    executeSql,
    close: async () => {
      await db.destroy()
      await connectionsClosed()
    },
  }
}

async function runOnPGlite(
  pglite: () => Promise<PGlite>,
  text: string,
  values: unknown[] | undefined,
): Promise<{ rows: unknown[] }> {
  const instance = await pglite()
  if (values && values.length > 0) return instance.query(text, values)
  try {
    // Only `exec` takes several statements.
    const results = await instance.exec(text)
    return results.at(-1) ?? { rows: [] }
  } catch (error) {
    // A script that opened a transaction and failed would leave the one session inside it.
    await instance.exec('rollback').catch(() => {})
    throw error
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
