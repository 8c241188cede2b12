import { type AppliedChange, type Database, type IdempotencyClaim, markIdempotentApplied } from '@rolecall/db'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../app-env.js'
import { ProblemError } from '../problem.js'

/**
 * Where a write comes from: the request id its audit events carry, its Idempotency-Key claim, if any,
 * and the response it answers, which an org write gives the consistency header.
 */
export interface WriteOrigin {
  requestId: string
  claim?: IdempotencyClaim | undefined
  response?: { header(name: string, value: string): void } | undefined
}

/**
 * The origin of the writes a request makes.
 * @example await mutate(deps, { orgId, actor, dryRun, ...writeOrigin(c) }, decideWith)
 */
export const writeOrigin = (c: Context<AppEnv>): WriteOrigin => ({
  requestId: c.get('requestId'),
  claim: c.get('idempotencyClaim'),
  response: c,
})

/**
 * Marks, in the transaction that applies a keyed request's change, that the change is applied (see
 * `idempotency`); a request without an Idempotency-Key has nothing to mark. When the claim is no longer
 * this request's (it ran past IDEMPOTENCY_CLAIM_MS, or this process's claim holder lost its session, and
 * a retry took the key over), the write is rolled back: the retry's run is the one that counts.
 * @example await markApplied(trx, c.get('idempotencyClaim'), { version: org.version, subject: org.id })
 */
export async function markApplied(
  trx: Kysely<Database>,
  claim: IdempotencyClaim | undefined,
  change?: AppliedChange,
): Promise<void> {
  if (!claim || (await markIdempotentApplied(trx, claim, change))) return
  throw claimTakenOver()
}

/**
 * The problem of a keyed request whose claim a retry took over before its change was marked: the
 * change rolls back, since the retry's run is the one that counts.
 * @example if (!written) throw claimTakenOver()
 */
export const claimTakenOver = () =>
  new ProblemError(
    'IDEMPOTENCY_IN_PROGRESS',
    'A retry with this Idempotency-Key took this request over as abandoned; this one changed nothing.',
  )

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
