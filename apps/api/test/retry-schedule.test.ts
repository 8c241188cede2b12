import { describe, expect, test } from 'vitest'
import { retryAfterMs, retryDelayMs, STANDARD_WEBHOOKS_SCHEDULE_MS } from '../src/jobs/retry-schedule.js'

describe('retryDelayMs', () => {
  test("follows Standard Webhooks' schedule and then repeats its last wait", () => {
    const middle = () => 0.5
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((failures) =>
      retryDelayMs(STANDARD_WEBHOOKS_SCHEDULE_MS, failures, middle),
    )
    const s = 1000
    expect(waits).toEqual([
      5 * s,
      300 * s,
      1800 * s,
      7200 * s,
      18_000 * s,
      36_000 * s,
      36_000 * s,
      36_000 * s,
      36_000 * s,
    ])
  })

  test('jitters by at most 10 % either way', () => {
    expect(retryDelayMs([1000], 1, () => 0)).toBe(900)
    expect(retryDelayMs([1000], 1, () => 0.999_999)).toBe(1100)
  })
})

describe('retryAfterMs', () => {
  const now = Date.parse('2030-01-01T00:00:00Z')
  const cases: [string | null, number | undefined][] = [
    ['120', 120_000],
    ['Tue, 01 Jan 2030 00:00:30 GMT', 30_000],
    ['Mon, 31 Dec 2029 23:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ]
  for (const [header, want] of cases) {
    test(`reads ${JSON.stringify(header)} as ${want} ms`, () => expect(retryAfterMs(header, now)).toBe(want))
  }
})
