import { createHash } from 'node:crypto'
import { beginIdempotent, type Database, finishIdempotent, releaseIdempotent } from '@rolecall/db'
import type { MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import type { AppEnv } from './app-env.js'
import { problem } from './problem.js'

export const IDEMPOTENCY_HEADER = 'Idempotency-Key'
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * `Idempotency-Key` on mutations, per the IETF draft: the first response is stored for 24 hours and
 * replayed for a retry with the same key; the same key with a different request is 422; a retry
 * while the first is still running is 409. Keys are per API key, so clients never collide.
 */
export function idempotency(db: Kysely<Database>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER)
    if (!key || !MUTATING.has(c.req.method)) return next()
    if (key.length > 255) return problem(c, 'VALIDATION_FAILED', 'An Idempotency-Key is at most 255 characters.')
    const principal = c.get('principal')
    const scope = principal.kind === 'admin' ? 'admin' : principal.keyId
    const body = await c.req.raw.clone().text()
    const fingerprint = createHash('sha256')
      .update(
        `${c.req.method}\n${c.req.url.replace(/^[^/]*\/\/[^/]*/, '')}\n${c.req.header('X-Rolecall-Actor') ?? ''}\n${body}`,
      )
      .digest('hex')
    const start = await beginIdempotent(db, scope, key, fingerprint)
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
    if (start !== 'new') {
      const { status, body: stored } = start.replay
      const headers = {
        'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json',
        'Idempotent-Replayed': 'true',
        'X-Request-Id': c.get('requestId'),
      }
      return new Response(stored === null ? null : JSON.stringify(stored), { status, headers })
    }
    try {
      await next()
    } catch (err) {
      await releaseIdempotent(db, scope, key)
      throw err
    }
    // Server errors are not answers worth replaying: let a retry run again.
    if (c.res.status >= 500) {
      await releaseIdempotent(db, scope, key)
      return
    }
    const text = await c.res.clone().text()
    await finishIdempotent(db, scope, key, { status: c.res.status, body: text ? JSON.parse(text) : null })
  }
}
