import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'
import type { IdempotencyClaim } from './begin-idempotent.js'

/** Older than any claim still held, so a retry finds the claim abandoned at once. */
const LONG_AGO = new Date(0)

/**
 * Lets go of a claim whose request ended without a response worth replaying (a server error, a
 * response that could not be stored), so a retry need not wait out the claim. A claim with nothing
 * applied is dropped: a retry runs the request again. One whose change was applied stays, marked as
 * abandoned: a retry learns of that change at once (`unanswered`) rather than making it again. A claim
 * taken over meanwhile belongs to another request and is left alone.
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
  await db
    .updateTable('idempotency_keys')
    .set({ created_at: LONG_AGO })
    .where('scope', '=', claim.scope)
    .where('key', '=', claim.key)
    .where('status', '=', 'running')
    .where('claim', '=', claim.token)
    .execute()
}
