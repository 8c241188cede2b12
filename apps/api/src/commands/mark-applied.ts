import { type Database, type IdempotencyClaim, markIdempotentApplied } from '@rolecall/db'
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
 * @example await markApplied(trx, input.claim, applied.version)
 */
export async function markApplied(
  trx: Kysely<Database>,
  claim: IdempotencyClaim | undefined,
  version?: number,
): Promise<void> {
  if (!claim || (await markIdempotentApplied(trx, claim, version))) return
  throw new ProblemError(
    'IDEMPOTENCY_IN_PROGRESS',
    'This request ran so long that a retry with its Idempotency-Key took it over; this one changed nothing.',
  )
}

/**
 * Runs a write of one statement, in a transaction with its mark when the request is keyed. `changed`
 * tells whether the write applied anything (a revocation of a key already gone did not).
 * @example const row = await writeMarked(db, claim, (trx) => createWebhook(trx, orgId, body))
 */
export async function writeMarked<T>(
  db: Kysely<Database>,
  claim: IdempotencyClaim | undefined,
  write: (db: Kysely<Database>) => Promise<T>,
  changed: (result: T) => boolean = () => true,
): Promise<T> {
  if (!claim) return write(db)
  return db.transaction().execute(async (trx) => {
    const result = await write(trx)
    if (changed(result)) await markApplied(trx, claim)
    return result
  })
}
