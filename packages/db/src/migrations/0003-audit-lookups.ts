import type { Kysely } from 'kysely'

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  // The audit log filtered by who acted or whom it concerns (the audit-events route's filters and an
  // anonymization case's links) would otherwise scan every event of the org.
  await db.schema.createIndex('audit_events_org_actor').on('audit_events').columns(['org_id', 'actor', 'id']).execute()
  await db.schema
    .createIndex('audit_events_org_subject')
    .on('audit_events')
    .columns(['org_id', 'subject', 'id'])
    .execute()
}
