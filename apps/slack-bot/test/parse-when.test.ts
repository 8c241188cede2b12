import { describe, expect, test } from 'vitest'
import { parseWhen } from '../src/parse/parse-when.js'

// A Friday morning in UTC.
const now = new Date('2026-12-04T08:30:00Z')

const cases: [string, string, number, string][] = [
  ['a date means 9:00 that day', '2026-12-10', 0, '2026-12-10T09:00:00.000Z'],
  ['a date takes a time', '2026-12-10 14:30', 0, '2026-12-10T14:30:00.000Z'],
  ['in 30 days counts from now', 'in 30 days', 0, '2027-01-03T08:30:00.000Z'],
  ['in 1 week is seven days', 'in 1 week', 0, '2026-12-11T08:30:00.000Z'],
  ['in 2 hours', 'in 2 hours', 0, '2026-12-04T10:30:00.000Z'],
  ['in 1 month keeps the day of month', 'in 1 month', 0, '2027-01-04T08:30:00.000Z'],
  ['tomorrow means 9:00 tomorrow', 'tomorrow', 0, '2026-12-05T09:00:00.000Z'],
  ['today with a later time', 'today 17:00', 0, '2026-12-04T17:00:00.000Z'],
  ['next monday 9:00', 'next monday 9:00', 0, '2026-12-07T09:00:00.000Z'],
  ['a weekday alone is the coming one', 'Friday', 0, '2026-12-11T09:00:00.000Z'],
  ['calendar words count in the user zone (UTC+1)', 'next monday 9:00', 60, '2026-12-07T08:00:00.000Z'],
  ['a zone west of UTC', '2026-12-10', -300, '2026-12-10T14:00:00.000Z'],
  ['a duration is the same in any zone', 'in 2 hours', 120, '2026-12-04T10:30:00.000Z'],
]

describe('parseWhen', () => {
  for (const [name, text, offset, want] of cases) {
    test(name, () => expect(parseWhen(text, now, offset)).toEqual({ ok: true, at: new Date(want) }))
  }

  test.each([
    ['gibberish', 'whenever', 'cannot read'],
    ['a day that does not exist', '2026-02-30', 'cannot read'],
    ['a bad clock', 'tomorrow 25:00', 'cannot read'],
    ['a zero duration', 'in 0 days', 'cannot read'],
    ['an unknown unit', 'in 3 fortnights', 'cannot read'],
    ['the past', '2026-12-01', 'in the past'],
    ['earlier today', 'today 8:00', 'in the past'],
  ])('refuses %s', (_name, text, problem) => {
    const when = parseWhen(text, now)
    expect(when.ok).toBe(false)
    if (!when.ok) expect(when.problem).toContain(problem)
  })
})
