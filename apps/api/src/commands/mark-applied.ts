import { type AppliedChange, type Database, type IdempotencyClaim, markIdempotentApplied } from '@rolecall/db'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../app-env.js'
import { ProblemError } from '../problem.js'

/** Where a write comes from: the request id its audit events carry, and its Idempotency-Key claim, if any. */
export interface WriteOrigin {
  requestId: string
  claim?: IdempotencyClaim | undefined
}

/**
 * The origin of the writes a request makes.
 * @example await mutate(deps, { orgId, actor, dryRun, ...writeOrigin(c) }, decideWith)
 */
export const writeOrigin = (c: Context<AppEnv>): WriteOrigin => ({
  requestId: c.get('requestId'),
  claim: c.get('idempotencyClaim'),
})

/**
 * Marks, in the transaction that applies a keyed request's change, that the change is applied (see
 * `idempotency`); a request without an Idempotency-Key has nothing to mark. When the claim is no longer
 * this request's (it ran past IDEMPOTENCY_CLAIM_MS and a retry took the key over), the write is rolled
 * back: the retry's run is the one that counts.
 * @example await markApplied(trx, input.claim, { version: applied.version, subject: applied.ids.invitationId })
 */
export async function markApplied(
  trx: Kysely<Database>,
  claim: IdempotencyClaim | undefined,
  change?: AppliedChange,
): Promise<void> {
  if (!claim || (await markIdempotentApplied(trx, claim, change))) return
  throw new ProblemError(
    'IDEMPOTENCY_IN_PROGRESS',
    'This request ran so long that a retry with its Idempotency-Key took it over; this one changed nothing.',
  )
}

/**
 * Runs a write of one statement, in a transaction with its mark when the request is keyed. `applied`
 * tells what the write did, or undefined when it applied nothing (a revocation of a key already gone).
 * @example const created = await writeMarked(db, claim, (trx) => createApiKey(trx, body), ({ key }) => ({ subject: key.id }))
 */
export async function writeMarked<T>(
  db: Kysely<Database>,
  claim: IdempotencyClaim | undefined,
  write: (db: Kysely<Database>) => Promise<T>,
  applied: (result: T) => AppliedChange | undefined,
): Promise<T> {
  if (!claim) return write(db)
  return db.transaction().execute(async (trx) => {
    const result = await write(trx)
    const change = applied(result)
    if (change) await markApplied(trx, claim, change)
    return result
  })
}
