import type { Database, OutboxEventRow, WebhookRow } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { EVENT_TYPES, envelopeOf } from '../events/event-types.js'
import { type PostOutcome, postEvent } from './post-event.js'
import { resolvesToInternalAddress } from './private-address.js'
import { retryDelayMs } from './retry-schedule.js'

export interface WebhookDelivery {
  db: Kysely<Database>
  /** Waits before retries; Standard Webhooks' schedule in production, milliseconds in tests. */
  scheduleMs: readonly number[]
  timeoutMs: number
  allowInternalTargets: boolean
  /** Queues the endpoint's job again: at `at` for a retry, now when more events are waiting. */
  requeue(webhookId: string, at?: Date): Promise<void>
}

// Events one job delivers before handing over to a fresh one: 50 × the 15 s timeout stays within
// pg-boss's 15 min job expiry.
const EVENTS_PER_JOB = 50

/**
 * Delivers an endpoint's pending events strictly in outbox order: the head is retried on the schedule
 * (or after the receiver's `Retry-After`) and blocks the events behind it; a 410 disables the endpoint.
 * Every attempt is recorded.
 * @example await deliverWebhook(delivery, 'wh_…')
 */
export async function deliverWebhook(delivery: WebhookDelivery, webhookId: string): Promise<void> {
  const { db } = delivery
  for (let sent = 0; sent < EVENTS_PER_JOB; sent++) {
    const hook = await db.selectFrom('webhooks').selectAll().where('id', '=', webhookId).executeTakeFirst()
    if (!hook || hook.disabled_at) return
    if (hook.next_attempt_at && hook.next_attempt_at.getTime() > Date.now()) {
      return delivery.requeue(webhookId, hook.next_attempt_at)
    }
    const event = await nextEvent(db, hook)
    if (!event) return
    const outcome = await attempt(delivery, hook, event)
    const at = new Date()
    const ok = outcome.error === null
    const gone = outcome.status === 410
    const failures = ok ? 0 : hook.failures + 1
    const next =
      ok || gone ? null : new Date(at.getTime() + (outcome.retryAfterMs ?? retryDelayMs(delivery.scheduleMs, failures)))
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({
          webhook_id: hook.id,
          event_id: event.event_id,
          type: event.type,
          at,
          status_code: outcome.status,
          error: outcome.error,
          next_attempt_at: next,
        })
        .execute()
      await trx
        .updateTable('webhooks')
        .set({
          failures,
          next_attempt_at: next,
          ...(ok ? { delivered_through: event.id } : {}),
          ...(gone ? { disabled_at: at } : {}),
        })
        .where('id', '=', hook.id)
        .execute()
    })
    if (gone) return
    if (next) return delivery.requeue(webhookId, next)
  }
  await delivery.requeue(webhookId)
}

// A cursor over ids is safe because every writer of an org's outbox rows (mutate, fireReminder) holds
// the org's row lock until it commits: within one org, ids are taken in commit order.
const nextEvent = (db: Kysely<Database>, hook: WebhookRow): Promise<OutboxEventRow | undefined> =>
  db
    .selectFrom('outbox_events')
    .selectAll()
    .where('org_id', '=', hook.org_id)
    .where('id', '>', hook.delivered_through)
    .where('type', 'in', hook.events ?? [...EVENT_TYPES])
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()

async function attempt(delivery: WebhookDelivery, hook: WebhookRow, event: OutboxEventRow): Promise<PostOutcome> {
  const url = new URL(hook.url)
  if (!delivery.allowInternalTargets) {
    const internal = await resolvesToInternalAddress(url).catch(() => undefined)
    if (internal === undefined)
      return { status: null, error: `cannot resolve ${url.hostname}`, retryAfterMs: undefined }
    if (internal) return { status: null, error: 'refused: the host is an internal address', retryAfterMs: undefined }
  }
  return postEvent({
    url: hook.url,
    secret: hook.secret,
    eventId: event.event_id,
    body: JSON.stringify(envelopeOf(event)),
    timeoutMs: delivery.timeoutMs,
  })
}
