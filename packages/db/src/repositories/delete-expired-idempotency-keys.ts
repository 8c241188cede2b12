import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Removes expired keys; a periodic job keeps the table small. Returns how many went.
 * @example await deleteExpiredIdempotencyKeys(db)
 */
export async function deleteExpiredIdempotencyKeys(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
