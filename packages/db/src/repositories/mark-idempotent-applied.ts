import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'
import type { IdempotencyClaim } from './begin-idempotent.js'

/** What a keyed request's change did, as far as a retry that lost its answer needs to know. */
export interface AppliedChange {
  /** The org's version after the change, when it changed an org. */
  version?: number | undefined
  /** The id of what it created or changed (an org, an API key, an invitation), when it names one. */
  subject?: string | undefined
}

/**
 * Records, inside the transaction that applies a keyed request's change, that the change is applied,
 * with the org version it made and what it made. The response is stored only after COMMIT; should the
 * process die in between, a retry that takes the claim over finds this mark and is told the change
 * happened instead of applying it a second time (a second org, a second invitation). False when the
 * claim is no longer this request's (a retry took it over, finding it abandoned): the caller must then
 * roll back.
 * @example if (!(await markIdempotentApplied(trx, claim, { version: applied.version }))) throw new Error('claim lost')
 */
export async function markIdempotentApplied(
  trx: Kysely<Database>,
  claim: IdempotencyClaim,
  change: AppliedChange = {},
  at: Date = new Date(),
): Promise<boolean> {
  const result = await trx
    .updateTable('idempotency_keys')
    .set({ applied_at: at, applied_version: change.version ?? null, applied_subject: change.subject ?? null })
    .where('scope', '=', claim.scope)
    .where('key', '=', claim.key)
    .where('claim', '=', claim.token)
    .where('status', '=', 'running')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
