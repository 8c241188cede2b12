import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { OrgStateCache } from '../state-cache.js'

/** What the `/v1` routes need: storage, the cache of org states that checks and reads use, and a log. */
export interface RouteDeps {
  db: Kysely<Database>
  cache: OrgStateCache
  logger: Logger
  /** Where committed changes are announced to other processes: `db` unless given (a test gives one that is down). */
  announceOn?: Kysely<Database>
}
