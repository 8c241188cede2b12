import type { PostgresPool, PostgresPoolClient } from 'kysely'
import type pg from 'pg'

/**
 * Starts the text of a statement that runs often enough to be worth a named prepared statement on
 * Postgres: parsed and planned once per connection instead of on every call. Only fixed texts may
 * carry it (their values are parameters), since each distinct text stays prepared on every
 * connection for its life. Elsewhere (PGlite, or with prepared statements off) it is a comment.
 * @example sql`${sql.raw(PREPARED)} update orgs set version = version + 1 where id = ${orgId}`
 */
export const PREPARED = '/* rolecall:prepared */'

/** Distinct prepared texts a process names; beyond it a text runs unnamed, as a guard against a marked text that varies. */
const MOST_NAMED_TEXTS = 64

/**
 * A prepared statement the connection cannot run any more: a migration changed the type of a column it
 * returns (0A000, "cached plan must not change result type"), or a pooler handed over a server
 * connection without it (26000).
 */
const isStalePrepared = (error: unknown) =>
  error instanceof Error && 'code' in error && (error.code === '0A000' || error.code === '26000')

/**
 * A `pg` pool for Kysely whose clients run statements marked with `PREPARED` as named prepared
 * statements (pg prepares each name once per connection). Names are handed out in the order texts
 * are first seen, so they are the same on every connection of this process. A connection whose prepared
 * statement went stale runs it unnamed and is replaced once it is released.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>()
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text)
    if (name === undefined && names.size < MOST_NAMED_TEXTS) {
      name = `rolecall_${names.size + 1}`
      names.set(text, name)
    }
    return name
  }
  // Kysely keeps a connection per client object, so each pg client gets one wrapper for its life.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let stale = false
    const prepared = async (name: string, text: string, params: unknown[]) => {
      try {
        return await client.query({ name, text, values: params })
      } catch (error) {
        if (!isStalePrepared(error)) throw error
        // The statement failed before it ran, so running it unnamed is safe; the connection, which
        // pg believes holds the statement, is closed on release and replaced.
        stale = true
        return client.query(text, params)
      }
    }
    return {
      query: ((text: string | pg.Submittable, values?: readonly unknown[]) => {
        // A cursor (Kysely's streaming) passes through as it came.
        if (typeof text !== 'string') return client.query(text)
        const name = stale || !text.startsWith(PREPARED) ? undefined : nameOf(text)
        const params = (values ?? []) as unknown[]
        return name === undefined ? client.query(text, params) : prepared(name, text, params)
      }) as unknown as PostgresPoolClient['query'],
      release: () => client.release(stale ? new Error('prepared statements of this connection are stale') : undefined),
    }
  }
  return {
    connect: async () => {
      const client = await pool.connect()
      let wrapper = wrappers.get(client)
      if (!wrapper) {
        wrapper = wrap(client)
        wrappers.set(client, wrapper)
      }
      return wrapper
    },
    end: () => pool.end(),
  }
}
