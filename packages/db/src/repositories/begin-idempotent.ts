import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'
import { CLAIM_HOLDER_LOCK } from '../start-claim-holder.js'

/** How long a key is remembered after its first use. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000

/**
 * How long a running claim holds its key before a retry may take it over, whether or not its holder
 * (`startClaimHolder`) still lives. A claim whose holder is gone is taken over at once; this bounds the
 * rest: claims made without a holder (by a process of an older version) and requests stuck in a live
 * process. Five minutes is far past any request (a command holds its org's lock for milliseconds) and
 * past the 60 s after which the usual proxies (nginx, cloud load balancers) give up waiting, so no client
 * is still waiting for the request taken over.
 */
export const IDEMPOTENCY_CLAIM_MS = 5 * 60 * 1000

/** One request's hold on a key: `finishIdempotent` and `releaseIdempotent` touch the key only while it is held. */
export interface IdempotencyClaim {
  scope: string
  key: string
  token: string
}

export interface StoredResponse {
  status: number
  body: unknown
  /** The headers a replay sends again, by lower-case name; empty for keys stored before they were kept. */
  headers: Record<string, string>
}

/** A change applied by a request whose process stopped before it stored the response. */
export interface UnansweredChange {
  appliedAt: Date
  /** The org's version after the change, when it changed an org. */
  version: number | null
  /** What the change created or changed, when it names one. */
  subject: string | null
}

/**
 * `claimed`: go ahead, then `finishIdempotent` (or `releaseIdempotent` on failure).
 * `replay`: the request ran before; send the stored response again.
 * `unanswered`: the request's change was applied, but its response was never stored.
 * `conflict-running`: the same request is still running elsewhere.
 * `mismatch`: the key was used for a different request.
 */
export type IdempotencyStart =
  | { claimed: IdempotencyClaim }
  | { replay: StoredResponse }
  | { unanswered: UnansweredChange }
  | 'conflict-running'
  | 'mismatch'

/**
 * Claims an idempotency key for a request, naming `holder` (this process's `ClaimHolder` id) as the one
 * running it. Run it on `db`, outside the command's transaction, so concurrent retries see the claim
 * while the command runs. A claim that never finished is taken over once abandoned: at once when its
 * holder's lock is gone (its process died), else after `IDEMPOTENCY_CLAIM_MS`; unless its change was
 * applied (`markIdempotentApplied`): running it again would apply it twice.
 * @example const start = await beginIdempotent(db, apiKey.id, header, fingerprint, new Date(), holder.id)
 */
export async function beginIdempotent(
  db: Kysely<Database>,
  scope: string,
  key: string,
  fingerprint: string,
  now: Date = new Date(),
  holder?: number | undefined,
): Promise<IdempotencyStart> {
  const claim: IdempotencyClaim = { scope, key, token: randomUUID() }
  const fresh = {
    claim: claim.token,
    holder: holder ?? null,
    created_at: now,
    expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
  }
  const abandonedBefore = new Date(now.getTime() - IDEMPOTENCY_CLAIM_MS)
  // A second pass covers a claim released or taken over between our insert and our read.
  for (let attempt = 0; attempt < 2; attempt++) {
    // An expired key counts as never used.
    await db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('expires_at', '<=', now)
      .execute()
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ scope, key, fingerprint, status: 'running', ...fresh })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst()
    if (inserted) return { claimed: claim }
    const row = await db
      .selectFrom('idempotency_keys')
      .select([
        'fingerprint',
        'status',
        'response_status',
        'response_body',
        'response_headers',
        'created_at',
        'applied_at',
        'applied_version',
        'applied_subject',
        'claim',
        holderGone.as('holder_gone'),
      ])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst()
    if (!row) continue
    if (row.fingerprint !== fingerprint) return 'mismatch'
    if (row.status === 'done' && row.response_status !== null) {
      return { replay: { status: row.response_status, body: row.response_body, headers: row.response_headers ?? {} } }
    }
    if (!row.holder_gone && row.created_at > abandonedBefore) return 'conflict-running'
    if (row.applied_at) {
      return { unanswered: { appliedAt: row.applied_at, version: row.applied_version, subject: row.applied_subject } }
    }
    // Only the claim judged abandoned, and only while nothing is applied: of two retries taking over at
    // once, only the first matches, and a mark committing meanwhile (its row lock makes this wait) wins.
    const takenOver = await db
      .updateTable('idempotency_keys')
      .set(fresh)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('status', '=', 'running')
      .where('claim', 'is not distinct from', row.claim)
      .where('applied_at', 'is', null)
      .returning('key')
      .executeTakeFirst()
    if (takenOver) return { claimed: claim }
  }
  return 'conflict-running'
}

/**
 * Whether a running claim's holder has lost its lock: true once the session holding it has ended, null
 * for a claim without a holder. Asked only of running claims, as pg_locks lists every lock on the server.
 * The database is part of the lock, so holders of other databases on the server never count.
 */
const holderGone = sql<boolean | null>`case when status = 'running' and holder is not null then not exists (
  select from pg_locks where locktype = 'advisory' and granted
    and database = (select oid from pg_database where datname = current_database())
    and classid = ${CLAIM_HOLDER_LOCK} and objid = holder and objsubid = 2) end`
