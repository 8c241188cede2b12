// What identifies a failure without quoting data. Everything else an error may carry stays out of the log:
// Postgres puts the offending row in `detail` (`Key (email)=(ana@example.com) already exists.`) and
// PGlite adds the statement's `params`, so fields are picked, never copied.
const SAFE_FIELDS = ['code', 'severity', 'schema', 'table', 'column', 'constraint', 'routine'] as const

// A path like `node_modules/@scope/pkg` in a stack has nothing before its `@`, so it stays readable.
const EMAIL = /[^\s@"'()<>[\],;:/]+(?:@|%40)[\w-]+(?:\.[\w-]+)+/gi
const KEY = /\b(?:rc|whsec)_[\w+/=-]+/g

/** The text with e-mail addresses and Rolecall or webhook secrets masked. */
export const scrubbed = (text: string) => text.replace(EMAIL, '[email]').replace(KEY, '[key]')

/**
 * An error as it may be logged: its name, scrubbed message and stack, the identifying fields of a
 * database error, and its cause the same way. The logger's `err` serializer, so every `{ err }` gets it.
 * @example createLogger() // pino({ serializers: { err: loggableError } })
 */
export function loggableError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: scrubbed(String(err)) }
  const picked: Record<string, unknown> = { type: err.name, message: scrubbed(err.message) }
  for (const field of SAFE_FIELDS) {
    const value = (err as unknown as Record<string, unknown>)[field]
    if (typeof value === 'string') picked[field] = scrubbed(value)
  }
  if (err.stack) picked.stack = scrubbed(err.stack)
  if (err.cause !== undefined && depth < 3) picked.cause = loggableError(err.cause, depth + 1)
  return picked
}
