/**
 * The response header naming the org version an answer was made at: a write's new version, which a
 * later read or check sends back (as this header or `?consistency=`) to be answered at least that new.
 */
export const CONSISTENCY_HEADER = 'Rolecall-Consistency'
