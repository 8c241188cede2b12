import { describe, expect, test } from 'vitest'
import { retryAfterMs } from '../src/retrying-fetch.js'

const now = Date.parse('2030-01-01T00:00:00Z')
const cases: [name: string, header: string | null, want: number | undefined][] = [
  ['no header asks for nothing', null, undefined],
  ['delay-seconds are milliseconds times 1000', '3', 3000],
  ['zero seconds is no wait', '0', 0],
  ['whitespace around seconds is ignored', ' 2 ', 2000],
  ['an HTTP date is the time until then', 'Tue, 01 Jan 2030 00:00:05 GMT', 5000],
  ['an HTTP date in the past is no wait', 'Mon, 31 Dec 2029 23:59:00 GMT', 0],
  ['the obsolete RFC 850 date form is read too', 'Tuesday, 01-Jan-30 00:00:10 GMT', 10_000],
  ['negative seconds are unreadable', '-1', undefined],
  ['fractions of seconds are unreadable', '1.5', undefined],
  ['anything else is unreadable', 'soon', undefined],
]

describe('retryAfterMs', () => {
  for (const [name, header, want] of cases) test(name, () => expect(retryAfterMs(header, now)).toBe(want))
})
