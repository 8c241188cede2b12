import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Removes an endpoint and its delivery history; false when the org has no such endpoint.
 * @example await deleteWebhook(db, 'acme', 'wh_…')
 */
export async function deleteWebhook(db: Kysely<Database>, orgId: string, webhookId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webhooks')
    .where('org_id', '=', orgId)
    .where('id', '=', webhookId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}
