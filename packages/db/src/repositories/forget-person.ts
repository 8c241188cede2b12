import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../schema.js'

/** Who is being anonymized, as they were known before: what has to disappear from every table. */
export interface ForgottenPerson {
  /** The org anonymizing them: only its own records are touched. */
  orgId: string
  userId: string
  email: string | null
  displayName: string
  slackUserId: string | null
  /** What replaces the name wherever history keeps a sentence about them. */
  pseudonym: string
}

/**
 * Removes a person's name, e-mail address and Slack id from one org's workflow tables (notifications,
 * webhook payloads) and from jobs, in the anonymizing transaction. The users row is scrubbed by the caller.
 * Outbox events and job payloads carry ids only, so what is left to scrub is the rendered text of
 * notifications and anything a failed job recorded as its error.
 * @example await forgetPerson(trx, { orgId: 'acme', userId: 'bo', email: 'bo@example.com', displayName: 'Bo', slackUserId: null, pseudonym: 'anonymous-1a2b' })
 */
export async function forgetPerson(trx: Kysely<Database>, person: ForgottenPerson): Promise<void> {
  const traces = [person.email, person.slackUserId, person.displayName].filter(
    (trace): trace is string => typeof trace === 'string' && trace.length > 0,
  )
  if (traces.length === 0) return
  // A trace counts only where it stands on its own: anonymizing "Ann" leaves "Anna" in every other
  // notification alone (a plain replace rewrote every word containing the name, in every org).
  // Longest first, so a name that begins the e-mail address does not leave the rest of it behind.
  const pattern = [...traces]
    .sort((a, b) => b.length - a.length)
    .map((trace) => `(?<![[:alnum:]_])${escapeForRegex(trace)}(?![[:alnum:]_])`)
    .join('|')
  const scrub = (column: string): RawBuilder<string> =>
    sql<string>`regexp_replace(${sql.ref(column)}, ${pattern}::text, ${person.pseudonym}::text, 'g')`
  const mentions = (column: string) => sql<boolean>`${sql.ref(column)} ~ ${pattern}::text`
  for (const column of ['subject', 'body', 'error'] as const) {
    await trx
      .updateTable('notifications')
      .set({ [column]: scrub(column) })
      .where('org_id', '=', person.orgId)
      .where(mentions(column))
      .execute()
  }
  await trx
    .updateTable('webhook_attempts')
    .set({ error: scrub('error') })
    .where('webhook_id', 'in', trx.selectFrom('webhooks').select('id').where('org_id', '=', person.orgId))
    .where(mentions('error'))
    .execute()
  await scrubJobOutputs(trx, traces)
}

// In a Postgres regular expression a backslash makes any character but a letter or digit literal.
const escapeForRegex = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, '\\$&')

// pg-boss keeps a failed job's error as its output; job data carries ids only. Its tables exist
// only once jobs have started. A whole output goes: replacing inside JSON text could break it.
async function scrubJobOutputs(trx: Kysely<Database>, traces: string[]): Promise<void> {
  for (const table of ['pgboss.job', 'pgboss.archive']) {
    const { rows } = await sql<{ found: string | null }>`select to_regclass(${table})::text as found`.execute(trx)
    if (!rows[0]?.found) continue
    const mentioned = sql.join(
      traces.map((trace) => sql`strpos(output::text, ${trace}::text) > 0`),
      sql` or `,
    )
    await sql`update ${sql.table(table)} set output = '{"message":"redacted"}'::jsonb where ${mentioned}`.execute(trx)
  }
}
