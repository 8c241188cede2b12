import { type Kysely, sql } from 'kysely'

const now = sql`now()`
const emptyArray = sql`'[]'::jsonb`

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  // Events written in the mutation's transaction; `id` is the order they are delivered in.
  await db.schema
    .createTable('outbox_events')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().unique())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('subject', 'text')
    .addColumn('recipients', 'jsonb', (col) => col.notNull().defaultTo(emptyArray))
    .addColumn('data', 'jsonb', (col) => col.notNull())
    // An event that must exist once however often its producer runs (a reminder that fires).
    .addColumn('dedupe_key', 'text', (col) => col.unique())
    .addColumn('dispatched_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('outbox_events_undispatched')
    .on('outbox_events')
    .column('id')
    .where(sql.ref('dispatched_at'), 'is', null)
    .execute()
  await db.schema.createIndex('outbox_events_org').on('outbox_events').columns(['org_id', 'id']).execute()

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (col) => col.notNull().references('outbox_events.event_id').onDelete('cascade'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('channel', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('notifications_event_recipient', ['event_id', 'recipient'])
    .execute()
  await db.schema.createIndex('notifications_org').on('notifications').columns(['org_id', 'id']).execute()

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('events', 'jsonb')
    // The last outbox event this endpoint has received (or skipped): deliveries go strictly in order.
    .addColumn('delivered_through', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('webhooks_org').on('webhooks').column('org_id').execute()

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('webhook_id', 'text', (col) => col.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('next_attempt_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('webhook_attempts_webhook').on('webhook_attempts').columns(['webhook_id', 'id']).execute()
}
