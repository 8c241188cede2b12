import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely'
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
 * roll back. An org write marks its claim in its own statement (`writeOrgChange`), with the same mark.
 * @example if (!(await markIdempotentApplied(trx, claim, { version: applied.version }))) throw new Error('claim lost')
 */
export async function markIdempotentApplied(
  trx: Kysely<Database>,
  claim: IdempotencyClaim,
  change: AppliedChange = {},
  at: Date = new Date(),
): Promise<boolean> {
  const result = await appliedMark(claim, sql`${at}::timestamptz`, sql`${change.version ?? null}::int`, change.subject)
  return Number((await result.execute(trx)).numAffectedRows ?? 0) > 0
}

/** The claim's row while the request still holds it: a takeover changes the claim token. */
export const claimHeld = (claim: IdempotencyClaim): RawBuilder<unknown> =>
  sql`scope = ${claim.scope} and key = ${claim.key} and claim = ${claim.token} and status = 'running'`

/**
 * The statement that marks a claim applied, made only while the claim is held and, given `onlyIf`,
 * only when that holds too (`writeOrgChange` marks only a change its statement made).
 * @example await appliedMark(claim, sql`now()`, sql`${7}::int`, undefined).execute(trx)
 */
export function appliedMark(
  claim: IdempotencyClaim,
  at: Expression<unknown>,
  version: Expression<unknown>,
  subject: string | undefined,
  onlyIf: RawBuilder<unknown> = sql`true`,
): RawBuilder<unknown> {
  return sql`update idempotency_keys set applied_at = ${at}, applied_version = ${version},
      applied_subject = ${subject ?? null}
    where ${claimHeld(claim)} and ${onlyIf}`
}
