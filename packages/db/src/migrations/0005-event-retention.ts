import type { Kysely } from 'kysely'

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  // The retention sweep finds old events and attempts by time; without these, every hourly run (and every
  // batch within it) would scan both tables whole. (at, id) lets the sweep page past events it must keep.
  await db.schema.createIndex('outbox_events_at').on('outbox_events').columns(['at', 'id']).execute()
  await db.schema.createIndex('webhook_attempts_at').on('webhook_attempts').column('at').execute()
}
