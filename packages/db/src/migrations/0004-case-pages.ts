import type { Kysely } from 'kysely'

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  // The cases list pages newest first by (created_at, id); without this, every page sorted all of an org's cases.
  await db.schema
    .createIndex('anonymization_cases_org_created')
    .on('anonymization_cases')
    .columns(['org_id', 'created_at', 'id'])
    .execute()
}
