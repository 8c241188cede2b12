import type { Middleware } from 'openapi-fetch'
import { IDEMPOTENT_OPERATIONS } from './generated/idempotent-operations.js'

/** The header a mutation carries so that sending it again cannot apply it twice. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key'

/**
 * The request with a fresh `Idempotency-Key` when its operation takes one (the API's spec declares the
 * header on every mutation, and not on the reads made by POST) and it has none yet. `schemaPath` is the
 * operation's path template, as openapi-fetch names it. The key is made once here, before any attempt,
 * so every retry of the call carries the same one.
 * @example withIdempotencyKey(new Request(url, { method: 'PUT' }), '/v1/orgs/{orgId}')
 */
export function withIdempotencyKey(request: Request, schemaPath: string): Request {
  if (request.headers.has(IDEMPOTENCY_HEADER)) return request
  if (!IDEMPOTENT_OPERATIONS.has(`${request.method} ${schemaPath}`)) return request
  const headers = new Headers(request.headers)
  headers.set(IDEMPOTENCY_HEADER, globalThis.crypto.randomUUID())
  return new Request(request, { headers })
}

/**
 * openapi-fetch middleware giving each call of an operation that takes an `Idempotency-Key` its own.
 * @example client.use(idempotencyKeys)
 */
export const idempotencyKeys: Middleware = {
  onRequest: ({ request, schemaPath }) => withIdempotencyKey(request, schemaPath),
}
