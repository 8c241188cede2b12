import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs` with
 * `what` in the message. Jobs run on their own schedule: tests wait for outcomes, never for time.
 * @example const hits = await waitFor('three deliveries', () => receiver.hits.length >= 3 && receiver.hits)
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}
