const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** Standard Webhooks' retry schedule: the wait before each retry; the last repeats. */
export const STANDARD_WEBHOOKS_SCHEDULE_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
]

/**
 * The wait before the next attempt after `failures` failed ones, with ±10 % jitter so endpoints that
 * failed together do not all come back at once.
 * @example retryDelayMs(STANDARD_WEBHOOKS_SCHEDULE_MS, 1) // about 5000
 */
export function retryDelayMs(
  schedule: readonly number[],
  failures: number,
  random: () => number = Math.random,
): number {
  const base = schedule[Math.min(failures, schedule.length) - 1] ?? schedule.at(-1) ?? 0
  return Math.round(base * (0.9 + 0.2 * random()))
}

/**
 * A `Retry-After` header in milliseconds (seconds or an HTTP date), or undefined when absent or unreadable.
 * @example retryAfterMs('120') // 120000
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * SECOND
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
