import { isWellFormed } from '../lone-surrogates.js'
import { BatchSchema, type Check, CheckSchema } from './check-schema.js'
import { type LengthLimits, lengthLimits } from './length-limits.js'

// The schemas' own limits (`lengthLimits` refuses a schema with rules it could not follow), and the valid
// Unicode every validated string must be (`invalidText`): what these accept, the app's validation accepts.
const PRINCIPAL = lengthLimits(CheckSchema.shape.principal)
const ACTION = lengthLimits(CheckSchema.shape.action)
const CONTEXT = lengthLimits(CheckSchema.shape.context.unwrap())
/** How many checks a batch holds, as its schema allows. */
export const BATCH_SIZE = lengthLimits(BatchSchema.shape.checks)

const fits = (value: unknown, { min, max }: LengthLimits) =>
  typeof value === 'string' && value.length >= min && value.length <= max && isWellFormed(value)

/**
 * A check the app's validation would accept as it is (its three fields within their limits, valid
 * Unicode), told without zod. Extra fields zod would strip are harmless: checks read only these three.
 * @example isCheck({ principal: 'bo', action: 'org.manage' }) // true
 */
export const isCheck = (value: unknown): value is Check => {
  if (typeof value !== 'object' || value === null) return false
  const { principal, action, context } = value as Record<string, unknown>
  return fits(principal, PRINCIPAL) && fits(action, ACTION) && (context === undefined || fits(context, CONTEXT))
}

/**
 * A batch the app's validation would accept as it is, told without zod, sparing a copy of each of its
 * hundred items.
 * @example isPlainBatch({ checks: [{ principal: 'bo', action: 'org.manage' }] }) // true
 */
export const isPlainBatch = (body: unknown): body is { checks: Check[] } => {
  if (typeof body !== 'object' || body === null) return false
  const { checks } = body as Record<string, unknown>
  return (
    Array.isArray(checks) && checks.length >= BATCH_SIZE.min && checks.length <= BATCH_SIZE.max && checks.every(isCheck)
  )
}
