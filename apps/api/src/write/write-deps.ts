import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { OrgStateCache } from '../state-cache.js'

/** What an org write needs: storage, this process's cache of org states, a log, and where changes are announced. */
export interface WriteDeps {
  db: Kysely<Database>
  cache: OrgStateCache
  logger: Logger
  /** Where committed changes are announced to other processes: `db` unless given (a test gives one that is down). */
  announceOn?: Kysely<Database> | undefined
}
