import type { WriteDeps } from '../write/write-deps.js'

/**
 * What the `/v1` routes need: what their writes need (storage, the cache of org states that checks and
 * reads use too, a log, where changes are announced), and nothing more.
 */
export type RouteDeps = WriteDeps
