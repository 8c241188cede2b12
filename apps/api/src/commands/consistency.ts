import type { Context } from 'hono'
import { CONSISTENCY_HEADER } from '../write/consistency-header.js'

/** The consistency token a read asks for (`?consistency=` or the header), 0 when none. */
export const consistencyOf = (c: Context): number =>
  consistencyFor(c.req.query('consistency') ?? c.req.header(CONSISTENCY_HEADER))

/**
 * The version a consistency token asks for, 0 for none or one that is not a positive integer.
 * @example consistencyFor('42') // 42
 */
export function consistencyFor(token: string | undefined): number {
  const version = token === undefined ? 0 : Number(token)
  return Number.isSafeInteger(version) && version > 0 ? version : 0
}
