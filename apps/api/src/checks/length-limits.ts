import { z } from '@hono/zod-openapi'

/** The least and the most characters (or items) a schema accepts. */
export interface LengthLimits {
  min: number
  max: number
}

/**
 * The length limits of a string or list schema whose only rules are its length, so code that tells
 * without zod what the schema accepts follows its limits and cannot drift from them. Throws for a schema
 * with any other rule (a pattern, a format, trimming), which such code would not follow.
 * @example lengthLimits(z.string().min(1).max(200)) // { min: 1, max: 200 }
 */
export function lengthLimits(schema: z.ZodType): LengthLimits {
  if (!(schema instanceof z.ZodString || schema instanceof z.ZodArray)) {
    throw new TypeError(`lengthLimits: a ${schema.def.type} schema is not a plain string or list`)
  }
  const limits = { min: 0, max: Number.POSITIVE_INFINITY }
  for (const check of schema.def.checks ?? []) {
    const rule = check._zod.def as { check: string; minimum?: number; maximum?: number; length?: number }
    if (rule.check === 'min_length') limits.min = Math.max(limits.min, rule.minimum ?? 0)
    else if (rule.check === 'max_length') limits.max = Math.min(limits.max, rule.maximum ?? limits.max)
    else throw new TypeError(`lengthLimits: the schema has a ${rule.check} rule besides its length`)
  }
  return limits
}
