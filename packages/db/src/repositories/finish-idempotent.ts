import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { Database } from '../schema.js'
import type { StoredResponse } from './begin-idempotent.js'

/**
 * Stores the response of a request claimed with `beginIdempotent`, for replays.
 * @example await finishIdempotent(db, apiKey.id, header, { status: 200, body })
 */
export async function finishIdempotent(
  db: Kysely<Database>,
  scope: string,
  key: string,
  response: StoredResponse,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status: 'done', response_status: response.status, response_body: json(response.body ?? null) })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute()
}
