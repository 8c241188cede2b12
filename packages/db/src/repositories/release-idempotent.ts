import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'
import type { IdempotencyClaim } from './begin-idempotent.js'

/**
 * Drops a claim whose request failed before it had a response worth replaying (a crash, a
 * timeout), so a retry with the same key runs again instead of waiting out the 24 hours. A claim
 * taken over meanwhile belongs to another request and stays, and so does one whose change was applied:
 * a retry must learn of that change, not make it again.
 * @example await releaseIdempotent(db, start.claimed)
 */
export async function releaseIdempotent(db: Kysely<Database>, claim: IdempotencyClaim): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('scope', '=', claim.scope)
    .where('key', '=', claim.key)
    .where('status', '=', 'running')
    .where('claim', '=', claim.token)
    .where('applied_at', 'is', null)
    .execute()
}
