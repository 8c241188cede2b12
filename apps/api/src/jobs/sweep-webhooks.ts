import type { Database } from '@rolecall/db'
import { type Kysely, sql } from 'kysely'
import type PgBoss from 'pg-boss'
import { EVENT_TYPES } from '../events/event-types.js'
import { QUEUES } from './queues.js'

/**
 * Queues a run for every live endpoint that has events waiting and no retry pending or claim held.
 * Normally the dispatcher and the runs themselves keep endpoints moving; this catches one whose job was
 * lost (failed past its retries, say) and one whose run died with its process, once that run's claim
 * has lapsed, so a quiet org's receiver still gets its events. Runs already queued absorb these (the
 * queue keeps one waiting run per endpoint).
 * @example await sweepWebhooks(db, boss)
 */
export async function sweepWebhooks(db: Kysely<Database>, boss: PgBoss): Promise<void> {
  const stalled = await db
    .selectFrom('webhooks')
    .select('id')
    .where('disabled_at', 'is', null)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', new Date())]))
    .where(
      sql<boolean>`exists (select 1 from outbox_events e
        where e.org_id = webhooks.org_id and e.id > webhooks.delivered_through
        and e.type in (${sql.join([...EVENT_TYPES])})
        and (webhooks.events is null or webhooks.events ? e.type))`,
    )
    .execute()
  for (const { id } of stalled) await boss.send(QUEUES.webhook, { webhookId: id }, { singletonKey: id })
}
