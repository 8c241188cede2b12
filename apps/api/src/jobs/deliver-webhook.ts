import type { Database, OutboxEventRow, WebhookRow } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { EVENT_TYPES, envelopeOf } from '../events/event-types.js'
import { claimEndpoint, releaseEndpoint } from './claim-endpoint.js'
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

// Events one run delivers before handing over to a fresh one, so a busy endpoint's run does not grow
// without end (pg-boss fails a run still going after its 15 min expiry).
const EVENTS_PER_JOB = 50

/**
 * How long a claim outlives its attempt's deadline: time to record the outcome. It is also how long past
 * that deadline an endpoint waits when its run died with its process, before the sweep hands it on.
 */
const CLAIM_MARGIN_MS = 10_000

/**
 * Delivers an endpoint's pending events strictly in outbox order: the head is retried on the schedule
 * (or after the receiver's `Retry-After`) and blocks the events behind it; a 410 disables the endpoint.
 * Every attempt is recorded. Each attempt holds a claim on the endpoint (see claimEndpoint), so two runs
 * never deliver to one endpoint at once; a run that finds it claimed or waiting for a retry leaves it to
 * the claimant, or to the retry already queued.
 * @example await deliverWebhook(delivery, 'wh_…')
 */
export async function deliverWebhook(delivery: WebhookDelivery, webhookId: string): Promise<void> {
  const { db } = delivery
  for (let sent = 0; sent < EVENTS_PER_JOB; sent++) {
    const claim = await claimEndpoint(db, webhookId, delivery.timeoutMs + CLAIM_MARGIN_MS)
    if (!claim) return
    const { hook } = claim
    const event = await nextEvent(db, hook)
    if (!event) {
      if (!(await releaseEndpoint(db, claim))) return
      // A run turned away while this one held the claim left its events to this one: look once more now
      // that the claim is released, as that run can no longer.
      if (await nextEvent(db, hook)) await delivery.requeue(webhookId)
      return
    }
    const outcome = await attempt(delivery, hook, event)
    const at = new Date()
    const ok = outcome.error === null
    const gone = outcome.status === 410
    const failures = ok ? 0 : hook.failures + 1
    const next =
      ok || gone ? null : new Date(at.getTime() + (outcome.retryAfterMs ?? retryDelayMs(delivery.scheduleMs, failures)))
    const recorded = await db.transaction().execute(async (trx) => {
      // Only while the claim holds: past it, another run has the endpoint and delivers this event again.
      const updated = await trx
        .updateTable('webhooks')
        .set({
          failures,
          next_attempt_at: next,
          ...(ok ? { delivered_through: event.id } : {}),
          ...(gone ? { disabled_at: at } : {}),
        })
        .where('id', '=', hook.id)
        .where('next_attempt_at', '=', claim.until)
        .executeTakeFirst()
      if (updated.numUpdatedRows === 0n) return false
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
      return true
    })
    if (!recorded || gone) return
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
  // One deadline for the whole attempt, name lookup included, so the claim always outlasts it.
  const deadline = AbortSignal.timeout(delivery.timeoutMs)
  const url = new URL(hook.url)
  if (!delivery.allowInternalTargets) {
    const internal = await beforeDeadline(resolvesToInternalAddress(url), deadline).catch(() => undefined)
    if (internal === undefined) {
      const error = deadline.aborted ? `timed out after ${delivery.timeoutMs} ms` : `cannot resolve ${url.hostname}`
      return { status: null, error, retryAfterMs: undefined }
    }
    if (internal) return { status: null, error: 'refused: the host is an internal address', retryAfterMs: undefined }
  }
  return postEvent({
    url: hook.url,
    secret: hook.secret,
    eventId: event.event_id,
    body: JSON.stringify(envelopeOf(event)),
    timeoutMs: delivery.timeoutMs,
    signal: deadline,
  })
}

// A DNS lookup cannot be cancelled, only stopped being waited for.
function beforeDeadline<T>(work: Promise<T>, deadline: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadline.reason)
    if (deadline.aborted) return onAbort()
    deadline.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort))
  })
}
