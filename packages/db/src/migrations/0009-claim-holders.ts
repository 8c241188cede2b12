import { type Kysely, sql } from 'kysely'

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  // A claim names the process holding it, by an id that process keeps an advisory lock on, so a retry can
  // tell a claim whose process died (the lock went with its session) from one still running. Ids come from
  // a sequence, never reused, so a new process is never taken for a dead one. Null on claims from before,
  // and from processes that hold no lock: those are abandoned only by age.
  await db.schema.alterTable('idempotency_keys').addColumn('holder', 'integer').execute()
  await sql`create sequence idempotency_holders as integer`.execute(db)
}
