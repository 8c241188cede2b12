import type { Kysely } from 'kysely'

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  // Set in the transaction that applies a keyed request's change, so a process that dies between that
  // COMMIT and storing the response leaves a key that says "applied" rather than one a retry runs again.
  await db.schema
    .alterTable('idempotency_keys')
    .addColumn('applied_at', 'timestamptz')
    .addColumn('applied_version', 'integer')
    .addColumn('applied_subject', 'text')
    .execute()
}
