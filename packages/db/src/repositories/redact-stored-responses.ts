import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Replaces a person's traces (name, e-mail, Slack id) with their pseudonym in the responses kept for
 * idempotent retries: a denial's sentence names people, and a replay must not bring the name back.
 * The stored response stays replayable, so retries keep getting the same status and body shape.
 * @example await redactStoredResponses(trx, ['Zoe Zed', 'zoe@example.com'], 'anonymous-1a2b')
 */
export async function redactStoredResponses(
  trx: Kysely<Database>,
  traces: readonly string[],
  pseudonym: string,
): Promise<void> {
  const wanted = traces.filter((t) => t.length > 0)
  if (wanted.length === 0) return
  // jsonb renders strings with JSON escapes, so a trace is looked for as it appears inside a JSON string.
  const mentions = sql<boolean>`${sql.join(
    wanted.map((trace) => sql`strpos(response_body::text, ${JSON.stringify(trace).slice(1, -1)}::text) > 0`),
    sql` or `,
  )}`
  const rows = await trx
    .selectFrom('idempotency_keys')
    .select(['scope', 'key', 'response_body'])
    .where('response_body', 'is not', null)
    .where(mentions)
    .execute()
  // Only inside string values, and only where a trace stands on its own: replacing in the JSON text broke
  // `true` for a person named "e", and a person named "Ann" is no part of "Anna". Longest first, so a
  // name that begins the e-mail address does not leave the rest of the address behind.
  const alternatives = [...wanted]
    .sort((a, b) => b.length - a.length)
    .map((t) => `(?<![\\p{L}\\p{N}_])${escapeRegExp(t)}(?![\\p{L}\\p{N}_])`)
  const pattern = new RegExp(alternatives.join('|'), 'gu')
  for (const row of rows) {
    const redacted = redactStrings(row.response_body, pattern, pseudonym)
    if (JSON.stringify(redacted) === JSON.stringify(row.response_body)) continue
    await trx
      .updateTable('idempotency_keys')
      .set({ response_body: JSON.stringify(redacted) })
      .where('scope', '=', row.scope)
      .where('key', '=', row.key)
      .execute()
  }
}

function redactStrings(value: unknown, pattern: RegExp, pseudonym: string): unknown {
  if (typeof value === 'string') return value.replace(pattern, () => pseudonym)
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, pattern, pseudonym))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, pattern, pseudonym)]))
  }
  return value
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
