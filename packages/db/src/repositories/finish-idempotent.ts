import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { Database } from '../schema.js'
import type { IdempotencyClaim, StoredResponse } from './begin-idempotent.js'

/**
 * Stores the response of a request claimed with `beginIdempotent`, for replays. False, and nothing
 * stored, when the claim was taken over meanwhile: the request holding it now stores its own.
 * @example await finishIdempotent(db, start.claimed, { status: 200, body, headers: { 'content-type': 'application/json' } })
 */
export async function finishIdempotent(
  db: Kysely<Database>,
  claim: IdempotencyClaim,
  response: StoredResponse,
): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({
      status: 'done',
      response_status: response.status,
      response_body: json(response.body ?? null),
      response_headers: json(response.headers),
    })
    .where('scope', '=', claim.scope)
    .where('key', '=', claim.key)
    .where('status', '=', 'running')
    .where('claim', '=', claim.token)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
