/** The header a mutation carries so that sending it again cannot apply it twice. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// POSTs that only read (checks, model validation, Slack user lookup): the API ignores a key on them.
const READ_BY_POST = /\/(?:check(?:\/batch)?|models\/validate|slack\/users\/lookup)$/

/**
 * The request with a fresh `Idempotency-Key` when it is a mutation that has none yet; the key is
 * made once here, before any attempt, so every retry of the call carries the same one.
 * @example fetch(withIdempotencyKey(new Request(url, { method: 'PUT' })))
 */
export function withIdempotencyKey(request: Request): Request {
  if (!MUTATING.has(request.method) || request.headers.has(IDEMPOTENCY_HEADER)) return request
  if (READ_BY_POST.test(new URL(request.url).pathname)) return request
  const headers = new Headers(request.headers)
  headers.set(IDEMPOTENCY_HEADER, globalThis.crypto.randomUUID())
  return new Request(request, { headers })
}
