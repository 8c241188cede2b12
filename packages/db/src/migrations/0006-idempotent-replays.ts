import type { Kysely } from 'kysely'

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  // A replay answers with the first response's headers too (its consistency token, its content type), and
  // each claim gets a token, so a request whose claim was taken over cannot store or drop the new owner's.
  // Both stay null on rows from before: those replay with the content type their status implies.
  await db.schema
    .alterTable('idempotency_keys')
    .addColumn('response_headers', 'jsonb')
    .addColumn('claim', 'text')
    .execute()
}
