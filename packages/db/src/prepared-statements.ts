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
 * A `pg` pool for Kysely whose clients run statements marked with `PREPARED` as named prepared
 * statements (pg prepares each name once per connection). Names are handed out in the order texts
 * are first seen, so they are the same on every connection of this process.
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
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((text: string | pg.Submittable, values?: readonly unknown[]) => {
      // A cursor (Kysely's streaming) passes through as it came.
      if (typeof text !== 'string') return client.query(text)
      const name = text.startsWith(PREPARED) ? nameOf(text) : undefined
      const params = (values ?? []) as unknown[]
      return name === undefined ? client.query(text, params) : client.query({ name, text, values: params })
    }) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  })
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
