import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'
import type { OrgStateCache } from '../state-cache.js'

/** What the `/v1` routes need: storage, and the cache of org states that checks and reads use. */
export interface RouteDeps {
  db: Kysely<Database>
  cache: OrgStateCache
}
