import { createHash } from 'node:crypto'
import {
  beginIdempotent,
  type ClaimHolder,
  type Database,
  finishIdempotent,
  releaseIdempotent,
  type StoredResponse,
  type UnansweredChange,
} from '@rolecall/db'
import type { Context, MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AppEnv } from './app-env.js'
import { CONSISTENCY_HEADER } from './commands/decided.js'
import { IDEMPOTENCY_HEADER } from './idempotent-operations.js'
import { problem } from './problem.js'
import { REQUEST_ID_HEADER } from './request-id.js'

/**
 * Headers that belong to the answer, so a replay sends them again. The others belong to the exchange
 * (Date, X-Request-Id, Content-Length) and are the replay's own.
 */
const REPLAYED_HEADERS = ['content-type', 'rolecall-consistency', 'www-authenticate'] as const

/**
 * `Idempotency-Key` on mutations, per the IETF draft: the first response (status, body and the headers
 * above) is stored for 24 hours and replayed for a retry with the same key; the same key with a
 * different request is 422; a retry while the first is still running is 409. Keys are per API key, so
 * clients never collide. A response showing a secret once is stored as SECRET_SHOWN_ONCE instead. It
 * applies to the routes `takesKey` names, those whose operation declares the header (every mutation);
 * others ignore a key: reads, including the few made by POST (a replayed check would answer from the
 * state it was first asked in).
 *
 * The request's writes mark the key applied in their own transaction (`markApplied`), so a change whose
 * response was never stored (the process died after COMMIT, or storing it failed) is not made again by
 * a retry: once the claim is abandoned, retries get IDEMPOTENCY_RESPONSE_LOST. Claims name `holder`, so
 * a retry finds the claim of a process that died abandoned at once; without one, only after
 * IDEMPOTENCY_CLAIM_MS.
 */
export function idempotency(
  db: Kysely<Database>,
  logger: Logger,
  takesKey: (c: Context) => boolean,
  holder?: ClaimHolder,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER)
    if (!key || !takesKey(c)) return next()
    if (key.length > 255) return problem(c, 'VALIDATION_FAILED', 'An Idempotency-Key is at most 255 characters.')
    const principal = c.get('principal')
    const scope = principal.kind === 'admin' ? 'admin' : principal.keyId
    const body = await c.req.raw.clone().text()
    const fingerprint = createHash('sha256')
      .update(
        `${c.req.method}\n${c.req.url.replace(/^[^/]*\/\/[^/]*/, '')}\n${c.req.header('X-Rolecall-Actor') ?? ''}\n${body}`,
      )
      .digest('hex')
    const start = await beginIdempotent(db, scope, key, fingerprint, new Date(), holder?.id)
    if (start === 'mismatch') {
      return problem(c, 'IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for a different request.')
    }
    if (start === 'conflict-running') {
      c.header('Retry-After', '1')
      return problem(
        c,
        'IDEMPOTENCY_IN_PROGRESS',
        'A request with this Idempotency-Key is still running; retry shortly.',
      )
    }
    if ('replay' in start) return replay(c, start.replay)
    if ('unanswered' in start) return responseLost(c, start.unanswered)
    c.set('idempotencyClaim', start.claimed)
    try {
      await next()
    } catch (err) {
      await releaseIdempotent(db, start.claimed)
      throw err
    }
    // Server errors are not answers worth replaying: a retry runs again, or learns of a change applied.
    if (c.res.status >= 500) {
      await releaseIdempotent(db, start.claimed)
      return
    }
    try {
      await finishIdempotent(db, start.claimed, await storedFor(c, c.res))
    } catch (err) {
      // This is the answer to whatever was committed, so the caller gets it all the same.
      logger.warn({ err, requestId: c.get('requestId') }, 'the response to an idempotent request was not stored')
      await releaseIdempotent(db, start.claimed).catch(() => {})
    }
  }
}

function responseLost(c: Context<AppEnv>, { appliedAt, version, subject }: UnansweredChange): Response {
  if (version !== null) c.header(CONSISTENCY_HEADER, String(version))
  return problem(
    c,
    'IDEMPOTENCY_RESPONSE_LOST',
    `The first request with this Idempotency-Key was applied at ${appliedAt.toISOString()}` +
      `${subject === null ? '' : ` (to ${subject})`}, but its response was ` +
      'lost before it was stored. It is not applied again: read the current state instead.',
    version === null ? {} : { consistency: version },
  )
}

function replay(c: Context<AppEnv>, stored: StoredResponse): Response {
  const headers = new Headers(stored.headers)
  // Keys stored before their headers were kept replay with the content type their status implies.
  if (!headers.has('content-type')) {
    headers.set('content-type', stored.status >= 400 ? 'application/problem+json' : 'application/json')
  }
  headers.set('Idempotent-Replayed', 'true')
  headers.set(REQUEST_ID_HEADER, c.get('requestId'))
  return new Response(stored.body === null ? null : JSON.stringify(stored.body), { status: stored.status, headers })
}

async function storedFor(c: Context<AppEnv>, res: Response): Promise<StoredResponse> {
  const text = await res.clone().text()
  const body: unknown = text ? JSON.parse(text) : null
  if (res.ok && showsSecret(body)) return storedFor(c, secretShownOnce(c, body))
  const headers: Record<string, string> = {}
  for (const name of REPLAYED_HEADERS) {
    const value = res.headers.get(name)
    if (value !== null) headers[name] = value
  }
  return { status: res.status, body, headers }
}

/**
 * Credentials the API shows once (an API key's secret, a webhook's signing secret) are a top-level
 * `secret` of the answer that creates them. Kept for replays, they would sit in the database in plain
 * text for a day, beside the hash that is all the API otherwise keeps.
 */
const showsSecret = (body: unknown): body is { secret: string; id?: unknown } =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { secret?: unknown }).secret === 'string' &&
  // A dry run shows an empty one: there is nothing to keep from the database.
  (body as { secret: string }).secret !== ''

/**
 * What a retry gets instead of a secret: a problem saying what the first request created, rather than
 * the same answer without its secret, which a client would take for a credential it can use.
 */
function secretShownOnce(c: Context<AppEnv>, created: { id?: unknown }): Response {
  const what = typeof created.id === 'string' ? created.id : 'it'
  return problem(
    c,
    'SECRET_SHOWN_ONCE',
    `The first request with this Idempotency-Key created ${what}. Its secret was shown once, in that response, ` +
      `and is not kept; if that response was lost, revoke or delete ${what} and create another.`,
  )
}
