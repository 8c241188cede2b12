import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

export interface ExpiredKeyOptions {
  now?: Date | undefined
  /** Rows one statement deletes: small enough that no lock is held for long. */
  batch?: number | undefined
}

/**
 * Removes expired keys, a batch per statement until none is left; the hourly prune keeps the table
 * small. Returns how many went.
 * @example const deleted = await deleteExpiredIdempotencyKeys(db)
 */
export async function deleteExpiredIdempotencyKeys(
  db: Kysely<Database>,
  { now = new Date(), batch = 1000 }: ExpiredKeyOptions = {},
): Promise<number> {
  let total = 0
  for (;;) {
    const result = await db
      .deleteFrom('idempotency_keys')
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('scope', 'key'),
          'in',
          selectFrom('idempotency_keys')
            .select(['scope', 'key'])
            .where('expires_at', '<=', now)
            .limit(batch)
            // A retry reclaiming one of these (see beginIdempotent) deletes it itself.
            .forUpdate()
            .skipLocked()
            .$asTuple('scope', 'key'),
        ),
      )
      .executeTakeFirst()
    const deleted = Number(result.numDeletedRows)
    total += deleted
    if (deleted < batch) return total
  }
}
