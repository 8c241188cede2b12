import type { Database } from '@rolecall/db'
import { CompiledQuery, type Kysely, sql } from 'kysely'
import PgBoss from 'pg-boss'

/**
 * The first key of the two-key advisory lock queue creation takes: Rolecall's own ("RCJQ"), apart from the
 * one-key locks pg-boss takes and from the idempotency claim holders' key.
 */
const QUEUE_CREATION_LOCK = 0x52434a51

/**
 * Creates the queues that do not exist yet, one process at a time. Processes starting together on a fresh
 * database would otherwise deadlock: creating a queue adds foreign keys to the table of queues that
 * another process is inserting its own into, and Postgres cancels one of them.
 * @example await createQueues(db, [['rolecall-reminder', { name: 'rolecall-reminder', retryLimit: 10 }]])
 */
export async function createQueues(
  db: Kysely<Database>,
  queues: readonly (readonly [string, PgBoss.Queue])[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${QUEUE_CREATION_LOCK}, 0)`.execute(trx)
    // pg-boss creates a queue through whatever runs its SQL: here, this transaction (never started, it
    // opens nothing of its own).
    const inTransaction = new PgBoss({
      db: { executeSql: (text, values) => trx.executeQuery(CompiledQuery.raw(text, values ?? [])) },
      supervise: false,
      schedule: false,
    })
    for (const [name, options] of queues) await inTransaction.createQueue(name, options)
  })
}
