import { randomBytes, randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { Database, WebhookRow } from '../schema.js'

export interface NewWebhook {
  url: string
  /** Event types to deliver; absent for every type. */
  events?: string[] | undefined
}

/**
 * Registers an endpoint with a new `whsec_…` secret (Standard Webhooks). It receives the org's events
 * from now on, not those before it existed.
 * @example const { webhook } = await createWebhook(db, 'acme', { url: 'https://example.com/hooks' })
 */
export async function createWebhook(db: Kysely<Database>, orgId: string, input: NewWebhook): Promise<WebhookRow> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`
  return db
    .insertInto('webhooks')
    .values({
      id: `wh_${randomUUID()}`,
      org_id: orgId,
      url: input.url,
      secret,
      events: input.events ? JSON.stringify(input.events) : null,
      delivered_through: sql<number>`coalesce((select max(id) from outbox_events where org_id = ${orgId}), 0)`,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}
