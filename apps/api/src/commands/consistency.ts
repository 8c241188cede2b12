import type { Context } from 'hono'
import { CONSISTENCY_HEADER } from './decided.js'

/** The consistency token a read asks for (`?consistency=` or the header), 0 when none. */
export function consistencyOf(c: Context): number {
  const raw = c.req.query('consistency') ?? c.req.header(CONSISTENCY_HEADER)
  const version = raw === undefined ? 0 : Number(raw)
  return Number.isSafeInteger(version) && version > 0 ? version : 0
}
