import type { Kysely } from 'kysely'
import type { Database, WebhookAttemptRow } from '../schema.js'

/**
 * An endpoint's delivery attempts, newest first.
 * @example const attempts = await listWebhookAttempts(db, 'wh_…', 100)
 */
export const listWebhookAttempts = (
  db: Kysely<Database>,
  webhookId: string,
  limit: number,
): Promise<WebhookAttemptRow[]> =>
  db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
