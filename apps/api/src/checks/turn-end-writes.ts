import type { ServerResponse } from 'node:http'

/** More answers than this are not held back: none should wait on the work of many others. */
const MOST_HELD = 64

/**
 * Ends responses together, once the event loop's turn has read every request that was ready, rather
 * than each as soon as it is decided.
 *
 * A socket write is a system call that also wakes whoever reads the other end. Spread between decisions,
 * every write wakes a reader that has gone back to sleep; written back to back, they find it awake. On
 * loopback, in the bench, that halves what a write costs the server, and a check costs about 40% less
 * CPU (30 µs rather than 50) at a lower p99, although each answer waits for the rest of its turn.
 * `onSent` runs after the write, so what it measures includes the wait; `onError` hears of a write
 * that threw, or of an `onSent` that did.
 * @example const end = turnEndWrites((err) => logger.error({ err })); end(res, json, () => log('sent'))
 */
export function turnEndWrites(
  onError: (err: unknown) => void,
): (res: ServerResponse, body: string, onSent: () => void) => void {
  let held: { res: ServerResponse; body: string; onSent: () => void }[] = []
  const report = (err: unknown) => {
    try {
      onError(err)
    } catch {
      // A failing error report must not keep the rest of the turn's answers from going out.
    }
  }
  const flush = () => {
    const now = held
    held = []
    for (const { res, body, onSent } of now) {
      try {
        res.end(body)
      } catch (err) {
        res.destroy()
        report(err)
        continue
      }
      try {
        onSent()
      } catch (err) {
        report(err)
      }
    }
  }
  return (res, body, onSent) => {
    if (held.length === 0) setImmediate(flush)
    held.push({ res, body, onSent })
    if (held.length >= MOST_HELD) flush()
  }
}
