import type { Database, WebhookRow } from '@rolecall/db'
import type { Kysely } from 'kysely'

/** An endpoint one run holds: nobody else delivers to it until `until`, or until the run records an outcome. */
export interface EndpointClaim {
  hook: WebhookRow
  until: Date
}

/**
 * Claims a live endpoint whose next attempt is due, for `forMs`. The claim is the endpoint's
 * `next_attempt_at` moved to its end: due again when it ends, so an endpoint whose run died with its process
 * is free after `forMs` with no job left to expire, and until then no other run can deliver to it, which
 * keeps its events in order. Undefined when it is gone, disabled, waiting for a retry or claimed by another run.
 * @example const claim = await claimEndpoint(db, 'wh_…', 25_000)
 */
export async function claimEndpoint(
  db: Kysely<Database>,
  webhookId: string,
  forMs: number,
): Promise<EndpointClaim | undefined> {
  const now = Date.now()
  // Whole milliseconds, as a Date holds them: the claim's end is compared for equality when it is released.
  const until = new Date(now + forMs)
  const hook = await db
    .updateTable('webhooks')
    .set({ next_attempt_at: until })
    .where('id', '=', webhookId)
    .where('disabled_at', 'is', null)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', new Date(now))]))
    .returningAll()
    .executeTakeFirst()
  return hook && { hook, until }
}

/**
 * Ends a claim with nothing delivered. False when the claim had already lapsed and another run holds the endpoint.
 * @example await releaseEndpoint(db, claim)
 */
export async function releaseEndpoint(db: Kysely<Database>, claim: EndpointClaim): Promise<boolean> {
  const released = await db
    .updateTable('webhooks')
    .set({ next_attempt_at: null })
    .where('id', '=', claim.hook.id)
    .where('next_attempt_at', '=', claim.until)
    .executeTakeFirst()
  return released.numUpdatedRows > 0n
}
