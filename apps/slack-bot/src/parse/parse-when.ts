/** A parsed time, or why the text is not one. */
export type When = { ok: true; at: Date } | { ok: false; problem: string }

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const UNITS: Record<string, (d: Date, n: number) => void> = {
  minute: (d, n) => d.setUTCMinutes(d.getUTCMinutes() + n),
  hour: (d, n) => d.setUTCHours(d.getUTCHours() + n),
  day: (d, n) => d.setUTCDate(d.getUTCDate() + n),
  week: (d, n) => d.setUTCDate(d.getUTCDate() + 7 * n),
  month: (d, n) => d.setUTCMonth(d.getUTCMonth() + n),
}
/** The hour a date without a time means: the start of a working day. */
const DEFAULT_TIME = { hours: 9, minutes: 0 }
const EXAMPLES = '`2026-12-01`, `2026-12-01 14:30`, `in 30 days`, `tomorrow 9:00`, `next monday 9:00`'

function clock(text: string | undefined): { hours: number; minutes: number } | undefined {
  if (text === undefined) return DEFAULT_TIME
  const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(text)
  if (!match) return undefined
  const hours = Number(match[1])
  const minutes = Number(match[2] ?? 0)
  return hours < 24 && minutes < 60 ? { hours, minutes } : undefined
}

/**
 * Reads a reminder time as people type it. Calendar words count in the user's time zone
 * (`offsetMinutes` east of UTC, Slack's `tz_offset` / 60); the answer must lie in the future.
 * @example parseWhen('in 30 days', new Date('2026-11-01T10:00:00Z')) // { ok: true, at: 2026-12-01T10:00:00Z }
 */
export function parseWhen(text: string, now: Date, offsetMinutes = 0): When {
  const words = text.trim().toLowerCase().split(/\s+/)
  // Work on the wall clock of the user's zone, as if it were UTC, and shift back at the end.
  const local = new Date(now.getTime() + offsetMinutes * 60_000)
  const at = ((): Date | undefined => {
    const [first, second, third, fourth] = words
    if (first === 'in' && words.length === 3) {
      const n = Number(second)
      const unit = UNITS[third?.replace(/s$/, '') ?? '']
      if (!Number.isInteger(n) || n <= 0 || !unit) return undefined
      const d = new Date(local)
      unit(d, n)
      return d
    }
    const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(first ?? '')
    let day: Date | undefined
    let time: string | undefined
    if (dateOnly && words.length <= 2) {
      day = new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])))
      if (day.getUTCMonth() !== Number(dateOnly[2]) - 1) return undefined // 2026-02-30
      time = second
    } else if ((first === 'today' || first === 'tomorrow') && words.length <= 2) {
      day = new Date(
        Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + (first === 'tomorrow' ? 1 : 0)),
      )
      time = second
    } else {
      const named = first === 'next' ? second : first
      const rest = first === 'next' ? [third, fourth] : [second, third]
      const weekday = DAYS.indexOf(named ?? '')
      if (weekday < 0 || rest[1] !== undefined) return undefined
      // "monday" and "next monday" both mean the coming one, never today.
      const ahead = ((weekday - local.getUTCDay() + 6) % 7) + 1
      day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + ahead))
      time = rest[0]
    }
    const hm = clock(time)
    if (!hm) return undefined
    day.setUTCHours(hm.hours, hm.minutes)
    return day
  })()
  if (!at || Number.isNaN(at.getTime()))
    return { ok: false, problem: `I cannot read "${text}" as a time; try ${EXAMPLES}.` }
  const utc = new Date(at.getTime() - offsetMinutes * 60_000)
  if (utc.getTime() <= now.getTime())
    return { ok: false, problem: `"${text}" is in the past; a reminder needs a future time.` }
  return { ok: true, at: utc }
}
