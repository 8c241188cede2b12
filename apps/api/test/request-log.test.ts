import { pino } from 'pino'
import { describe, expect, test } from 'vitest'
import { createApp } from '../src/app.js'
import { createLogger } from '../src/logger.js'
import { loggablePath } from '../src/request-log.js'
import { ADMIN_KEY, bearer, captureLogs, testDeps } from './fixtures.js'

describe('requestLog', () => {
  test('writes one line per request: method, path without query, status, duration, request id', async () => {
    const { logger, lines } = captureLogs()
    const app = createApp(testDeps({ logger }))
    await app.request('/healthz?verbose=1', { headers: { 'X-Request-Id': 'req-1' } })
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'request', method: 'GET', path: '/healthz', status: 200, requestId: 'req-1' }),
    ])
    expect(lines[0]?.ms).toEqual(expect.any(Number))
  })

  test('never writes keys or e-mail addresses', async () => {
    const { logger, lines } = captureLogs()
    const app = createApp(testDeps({ logger }))
    await app.request('/v1/orgs/acme/members/ana%40example.com', { headers: bearer(ADMIN_KEY) })
    await app.request('/v1/orgs/acme/members/bo@example.com', { headers: bearer('rc_key_wrong') })
    const text = JSON.stringify(lines)
    expect(lines.map((line) => line.status)).toEqual([404, 401])
    expect(text).not.toMatch(/example\.com|rc_admin|rc_key/)
    expect(lines[0]?.path).toBe('/v1/orgs/acme/members/[email]')
  })

  test('a destination that routes by level still gets the line, through pino', async () => {
    const lines: string[] = []
    const destination = pino.multistream([{ level: 'info', stream: { write: (line: string) => lines.push(line) } }])
    const app = createApp(testDeps({ logger: createLogger({ level: 'info' }, destination) }))
    await app.request('/healthz', { headers: { 'X-Request-Id': 'req-2' } })
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ msg: 'request', level: 30, path: '/healthz', status: 200, requestId: 'req-2' }),
    ])
  })

  const paths = [
    ['/v1/orgs/acme', '/v1/orgs/acme'],
    ['/v1/orgs/acme/members/ana@example.com/roles', '/v1/orgs/acme/members/[email]/roles'],
    ['/v1/orgs/acme/members/ana%40example.com', '/v1/orgs/acme/members/[email]'],
  ] as const
  for (const [path, logged] of paths) {
    test(`logs ${path} as ${logged}`, () => expect(loggablePath(path)).toBe(logged))
  }
})

describe('createLogger', () => {
  test('redacts authorization headers and secrets wherever a log object carries them', () => {
    const lines: string[] = []
    const logger = createLogger({ level: 'info' }, { write: (line: string) => lines.push(line) })
    logger.info({ headers: { authorization: `Bearer ${ADMIN_KEY}` }, key: { secret: 'rc_key_acme' } }, 'oops')
    expect(lines.join('')).not.toMatch(/rc_admin|rc_key/)
    expect(JSON.parse(lines[0] ?? '{}').headers.authorization).toBe('[redacted]')
  })
})
