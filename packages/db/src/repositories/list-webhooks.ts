import type { Kysely } from 'kysely'
import type { Database, WebhookRow } from '../schema.js'

/**
 * An org's webhook endpoints, oldest first.
 * @example const hooks = await listWebhooks(db, 'acme')
 */
export const listWebhooks = (db: Kysely<Database>, orgId: string): Promise<WebhookRow[]> =>
  db.selectFrom('webhooks').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute()

/**
 * One endpoint of an org, or undefined.
 * @example const hook = await findWebhook(db, 'acme', 'wh_…')
 */
export const findWebhook = (db: Kysely<Database>, orgId: string, webhookId: string): Promise<WebhookRow | undefined> =>
  db.selectFrom('webhooks').selectAll().where('org_id', '=', orgId).where('id', '=', webhookId).executeTakeFirst()
