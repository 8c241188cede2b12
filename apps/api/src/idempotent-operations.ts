/** The name of the header that makes a retried mutation safe. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** An operation of an OpenAPI document, by the method and path template it is served at. */
export interface OperationAddress {
  /** In upper case, as HTTP writes it. */
  method: string
  /** The path template, with `{name}` for each parameter. */
  path: string
}

/**
 * Whether an OpenAPI operation declares an `Idempotency-Key` request header: every mutation does, and
 * reads (the four made by POST among them) do not. This declaration is the one source of which requests
 * the idempotency middleware keeps, which operations document its answers, and which the SDK sends a
 * key with.
 * @example takesIdempotencyKey({ parameters: [{ in: 'header', name: 'idempotency-key' }] }) // true
 */
export const takesIdempotencyKey = (operation: { parameters?: readonly unknown[] }): boolean =>
  (operation.parameters ?? []).some(
    (param) =>
      typeof param === 'object' &&
      param !== null &&
      'in' in param &&
      'name' in param &&
      param.in === 'header' &&
      String(param.name).toLowerCase() === IDEMPOTENCY_HEADER.toLowerCase(),
  )

/**
 * The operations of an OpenAPI document that take an `Idempotency-Key`, sorted by path and method.
 * @example idempotentOperations(doc) // [{ method: 'POST', path: '/v1/api-keys' }, …]
 */
export function idempotentOperations(doc: { paths?: object | undefined }): OperationAddress[] {
  const found: OperationAddress[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const method of METHODS) {
      const operation: unknown = (item as Record<string, unknown> | undefined)?.[method]
      if (typeof operation === 'object' && operation !== null && takesIdempotencyKey(operation)) {
        found.push({ method: method.toUpperCase(), path })
      }
    }
  }
  return found
}
