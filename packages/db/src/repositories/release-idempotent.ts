import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Drops a claim whose request failed before it had a response worth replaying (a crash, a
 * timeout), so a retry with the same key runs again instead of waiting out the 24 hours.
 * @example await releaseIdempotent(db, apiKey.id, header)
 */
export async function releaseIdempotent(db: Kysely<Database>, scope: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('status', '=', 'running')
    .execute()
}
