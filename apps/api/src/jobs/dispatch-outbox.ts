import type { Database, OutboxEventRow } from '@rolecall/db'
import { CompiledQuery, type Kysely, sql } from 'kysely'
import type PgBoss from 'pg-boss'
import { type EventType, isEventType, REMINDER_SET } from '../events/event-types.js'
import type { ReminderJob } from './fire-reminder.js'
import { QUEUES } from './queues.js'
import { type NotificationJob, renderNotifications } from './send-notification.js'

/** Outbox rows one transaction hands to the job queues. */
export const OUTBOX_BATCH = 100

export interface DispatchOptions {
  /**
   * `store` when there is no mailer: each notification is rendered as it is created and stored finished,
   * so it needs neither a job nor a second write. `queue` (the default) leaves it pending for a job that
   * e-mails it.
   */
  notifications?: 'queue' | 'store' | undefined
}

/**
 * Turns new outbox rows into jobs, in one transaction with the jobs themselves (pg-boss writes through
 * it), so a row is marked dispatched exactly when its jobs exist: a notification per recipient (sent by
 * one job for the batch, or stored at once when there is no mailer), a run of each matching webhook
 * endpoint, a reminder due at its time. Two processes skip each other's rows. Returns how many rows it took.
 * @example while ((await dispatchOutbox(db, boss)) === OUTBOX_BATCH) {}
 */
export async function dispatchOutbox(
  db: Kysely<Database>,
  boss: PgBoss,
  options: DispatchOptions = {},
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox_events')
      .selectAll()
      .where('dispatched_at', 'is', null)
      .orderBy('id')
      .limit(OUTBOX_BATCH)
      .forUpdate()
      .skipLocked()
      .execute()
    if (rows.length === 0) return 0
    const inTransaction = {
      executeSql: (text: string, values?: unknown[]) => trx.executeQuery(CompiledQuery.raw(text, values ?? [])),
    }
    const events = rows.filter((row) => isEventType(row.type))

    if (options.notifications === 'store') await storeNotifications(trx, events)
    else await queueNotifications(trx, boss, inTransaction, events)

    for (const webhookId of await endpointsFor(trx, events)) {
      // One queued run per endpoint is enough: a run delivers everything pending, in order.
      await boss.send(QUEUES.webhook, { webhookId }, { db: inTransaction, singletonKey: webhookId })
    }

    for (const row of rows.filter((r) => r.type === REMINDER_SET)) {
      const job: ReminderJob = { orgId: row.org_id, caseId: String(row.data.caseId), at: String(row.data.at) }
      // Each outbox row is dispatched once; firing twice anyway is harmless (see fireReminder).
      await boss.send(QUEUES.reminder, job, { db: inTransaction, startAfter: new Date(job.at) })
    }

    await trx
      .updateTable('outbox_events')
      .set({ dispatched_at: new Date() })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
    return rows.length
  })
}

async function endpointsFor(trx: Kysely<Database>, events: OutboxEventRow[]): Promise<string[]> {
  const orgs = [...new Set(events.map((e) => e.org_id))]
  if (orgs.length === 0) return []
  const hooks = await trx
    .selectFrom('webhooks')
    .select(['id', 'org_id', 'events'])
    .where('org_id', 'in', orgs)
    .where('disabled_at', 'is', null)
    .execute()
  return hooks
    .filter((hook) => events.some((e) => e.org_id === hook.org_id && (hook.events ?? [e.type]).includes(e.type)))
    .map((hook) => hook.id)
}

/** A pending notification per recipient, and one job for the batch to send them. */
async function queueNotifications(
  trx: Kysely<Database>,
  boss: PgBoss,
  inTransaction: PgBoss.Db,
  events: OutboxEventRow[],
): Promise<void> {
  const addressed = events.flatMap((e) =>
    e.recipients.map((recipient) => ({ org_id: e.org_id, event_id: e.event_id, type: e.type, recipient })),
  )
  if (addressed.length === 0) return
  const notifications = await trx
    .insertInto('notifications')
    .values(addressed)
    .onConflict((oc) => oc.columns(['event_id', 'recipient']).doNothing())
    .returning('id')
    .execute()
  if (notifications.length === 0) return
  // One job for the batch: sendNotifications takes them together anyway, and a job per
  // notification cost the queue more rows than the role change that caused them.
  const job: NotificationJob = { notificationIds: notifications.map(({ id }) => Number(id)) }
  await boss.send(QUEUES.notification, job, { db: inTransaction })
}

/** A notification per recipient, rendered and stored as kept: with no mailer there is nothing to send. */
async function storeNotifications(trx: Kysely<Database>, events: OutboxEventRow[]): Promise<void> {
  const orgIds = [...new Set(events.map((e) => e.org_id))]
  if (orgIds.length === 0) return
  const orgs = await trx.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute()
  const orgName = new Map(orgs.map((o) => [o.id, o.name]))
  const sources = events.flatMap((e) =>
    isEventType(e.type)
      ? e.recipients.map((recipient) => ({
          event: e,
          source: {
            type: e.type as EventType,
            recipient,
            actor: e.actor,
            about: e.subject,
            data: e.data,
            orgId: e.org_id,
            orgName: orgName.get(e.org_id) ?? e.org_id,
          },
        }))
      : [],
  )
  if (sources.length === 0) return
  const messages = await renderNotifications(
    trx,
    sources.map((s) => s.source),
  )
  await trx
    .insertInto('notifications')
    .values(
      sources.map(({ event, source }, i) => ({
        org_id: event.org_id,
        event_id: event.event_id,
        type: source.type,
        recipient: source.recipient,
        status: 'stored' as const,
        channel: 'stored' as const,
        subject: messages[i]?.subject ?? null,
        body: messages[i]?.body ?? null,
        sent_at: sql<Date>`now()`,
      })),
    )
    .onConflict((oc) => oc.columns(['event_id', 'recipient']).doNothing())
    .execute()
}
