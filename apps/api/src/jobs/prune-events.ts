import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'

export interface PruneOptions {
  /** Rows from before this time go, unless they must stay (see pruneEvents). */
  olderThan: Date
  /** Rows one statement deletes: small enough that no lock is held for long. */
  batch?: number | undefined
}

/** Rows pruneEvents deleted, per table. */
export interface PrunedCounts {
  outboxEvents: number
  notifications: number
  webhookAttempts: number
}

/** Where the next outbox batch starts: events before it were deleted or must stay. */
type Cursor = { at: Date; id: number } | undefined

/**
 * Deletes event data older than `olderThan`, a batch per transaction until none is left: outbox events
 * already dispatched and received by every enabled webhook endpoint of their org (with their
 * notifications), and webhook attempts. An undispatched event, or one an enabled endpoint has yet to
 * receive, is never deleted. Audit events are not touched.
 * @example const pruned = await pruneEvents(db, { olderThan: new Date(Date.now() - 30 * 86_400_000) })
 */
export async function pruneEvents(db: Kysely<Database>, options: PruneOptions): Promise<PrunedCounts> {
  const batch = options.batch ?? 1000
  const counts: PrunedCounts = { outboxEvents: 0, notifications: 0, webhookAttempts: 0 }
  let cursor: Cursor
  for (;;) {
    const pruned = await pruneOutboxBatch(db, options.olderThan, batch, cursor)
    counts.outboxEvents += pruned.events
    counts.notifications += pruned.notifications
    cursor = pruned.cursor
    if (pruned.events < batch) break
  }
  for (;;) {
    const deleted = await pruneAttemptsBatch(db, options.olderThan, batch)
    counts.webhookAttempts += deleted
    if (deleted < batch) break
  }
  return counts
}

async function pruneOutboxBatch(db: Kysely<Database>, olderThan: Date, batch: number, after: Cursor) {
  return db.transaction().execute(async (trx) => {
    const doomed = await trx
      .selectFrom('outbox_events as e')
      .select(['e.id', 'e.event_id', 'e.at'])
      .where('e.at', '<', olderThan)
      // Undispatched rows still owe their jobs; the dispatcher holds them locked while it works.
      .where('e.dispatched_at', 'is not', null)
      // Starting after the last batch skips the rows kept back by an endpoint, instead of reading them again.
      .where((eb) => (after ? eb(eb.refTuple('e.at', 'e.id'), '>', eb.tuple(after.at, after.id)) : eb.and([])))
      // An enabled endpoint behind this event would never receive it. delivered_through only grows, so
      // an event this sees as received stays received.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhooks as w')
              .select('w.id')
              .whereRef('w.org_id', '=', 'e.org_id')
              .where('w.disabled_at', 'is', null)
              .whereRef('w.delivered_through', '<', 'e.id'),
          ),
        ),
      )
      .orderBy('e.at')
      .orderBy('e.id')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute()
    const last = doomed.at(-1)
    if (!last) return { events: 0, notifications: 0, cursor: after }
    // The foreign key would cascade these too; deleting them first is what lets us count them.
    const notifications = await trx
      .deleteFrom('notifications')
      .where(
        'event_id',
        'in',
        doomed.map((e) => e.event_id),
      )
      .executeTakeFirst()
    await trx
      .deleteFrom('outbox_events')
      .where(
        'id',
        'in',
        doomed.map((e) => e.id),
      )
      .execute()
    return {
      events: doomed.length,
      notifications: Number(notifications.numDeletedRows),
      cursor: { at: last.at, id: last.id },
    }
  })
}

async function pruneAttemptsBatch(db: Kysely<Database>, olderThan: Date, batch: number): Promise<number> {
  const deleted = await db
    .deleteFrom('webhook_attempts')
    .where('id', 'in', (eb) =>
      eb.selectFrom('webhook_attempts').select('id').where('at', '<', olderThan).limit(batch).forUpdate().skipLocked(),
    )
    .executeTakeFirst()
  return Number(deleted.numDeletedRows)
}
