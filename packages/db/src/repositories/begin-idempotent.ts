import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/** How long a key is remembered after its first use. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000

export interface StoredResponse {
  status: number
  body: unknown
}

/**
 * `new`: go ahead, then `finishIdempotent` (or `releaseIdempotent` on failure).
 * `replay`: the request ran before; send the stored response again.
 * `conflict-running`: the same request is still running elsewhere.
 * `mismatch`: the key was used for a different request.
 */
export type IdempotencyStart = 'new' | { replay: StoredResponse } | 'conflict-running' | 'mismatch'

/**
 * Claims an idempotency key for a request. Run it on `db`, outside the command's transaction,
 * so concurrent retries see the claim while the command runs.
 * @example const start = await beginIdempotent(db, apiKey.id, header, fingerprint)
 */
export async function beginIdempotent(
  db: Kysely<Database>,
  scope: string,
  key: string,
  fingerprint: string,
  now: Date = new Date(),
): Promise<IdempotencyStart> {
  // A second pass covers a claim released between our insert and our read.
  for (let attempt = 0; attempt < 2; attempt++) {
    // An expired key counts as never used.
    await db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('expires_at', '<=', now)
      .execute()
    const claimed = await db
      .insertInto('idempotency_keys')
      .values({
        scope,
        key,
        fingerprint,
        status: 'running',
        created_at: now,
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst()
    if (claimed) return 'new'
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['fingerprint', 'status', 'response_status', 'response_body'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst()
    if (!row) continue
    if (row.fingerprint !== fingerprint) return 'mismatch'
    if (row.status === 'running' || row.response_status === null) return 'conflict-running'
    return { replay: { status: row.response_status, body: row.response_body } }
  }
  return 'conflict-running'
}
