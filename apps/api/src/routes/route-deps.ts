import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'

/** What the `/v1` routes need: storage. */
export interface RouteDeps {
  db: Kysely<Database>
}
