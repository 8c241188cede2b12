import { randomUUID } from 'node:crypto'
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { findApiKeyBySecret } from '@rolecall/db'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp, MAX_BODY_BYTES } from '../../src/app.js'
import { type ApiKeyRecord, ApiKeys } from '../../src/auth.js'
import { withCheckLane } from '../../src/checks/check-lane.js'
import { JSON_CONTENT_TYPES } from '../../src/checks/route-gate.js'
import { OrgStateCache } from '../../src/state-cache.js'
import { ADMIN_KEY, bearer, captureLogs, KEYS, listen, testDeps } from '../fixtures.js'
import { useApi } from './harness.js'

const api = useApi()

/** Which way a request went through the lane's server. */
type Route = 'lane' | 'app' | 'handed over'

/** How long the lane server trusts a verified service key, short so a test can outwait it. */
const KEY_CACHE_MS = 300

/** Starts a Node server for `listener` on an ephemeral port. */
async function serveOn(listener: RequestListener) {
  const server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { port, url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

/**
 * The API behind the check lane, as `createHttpServer` builds it, counting what the lane passes to the
 * app before reading the body and what it hands over after; and beside it, on the same database, the
 * app alone behind @hono/node-server (no lane, a cache of its own), whose answers are the ones to expect.
 */
async function laneAndReference() {
  const findApiKey = async (secret: string): Promise<ApiKeyRecord | undefined> => {
    const fixture = (KEYS as Record<string, ApiKeyRecord>)[secret]
    if (fixture) return fixture
    const stored = await findApiKeyBySecret(api.db, secret)
    return stored && { id: stored.id, orgIds: stored.org_ids, support: stored.support }
  }
  const logs = captureLogs()
  const auth = { adminKey: ADMIN_KEY, findApiKey, keyCacheMs: KEY_CACHE_MS }
  const deps = testDeps({ db: api.db, cache: new OrgStateCache(api.db), logger: logs.logger, auth })
  const keys = new ApiKeys(deps.auth)
  const app = createApp(deps, keys)
  const hono = getRequestListener(app.fetch)
  let last: Route = 'lane'
  const lane = await serveOn(
    withCheckLane({
      app: {
        fetch: (request, env) => {
          last = 'handed over'
          return app.fetch(request, env)
        },
      },
      hono: (req: IncomingMessage, res: ServerResponse) => {
        last = 'app'
        return hono(req, res)
      },
      keys,
      cache: deps.cache,
      logger: deps.logger,
      maxBodyBytes: MAX_BODY_BYTES,
    }),
  )
  const reference = await serveOn(getRequestListener(createApp(testDeps({ db: api.db, auth })).fetch))

  /** The answer through the lane's server, and the way it took. */
  const viaLane = async (path: string, init: RequestInit) => {
    last = 'lane'
    const res = await fetch(`${lane.url}${path}`, init)
    return { answer: await answerOf(res), route: last, requestId: res.headers.get('x-request-id') }
  }
  const viaApp = async (path: string, init: RequestInit) => answerOf(await fetch(`${reference.url}${path}`, init))
  /** The same raw bytes to both servers: their answers, and the way the lane server's took. */
  const rawToBoth = async (request: (port: number) => string) => {
    last = 'lane'
    const seen = await rawExchange(lane.port, request(lane.port))
    return { seen, route: last, expected: await rawExchange(reference.port, request(reference.port)) }
  }
  return {
    url: lane.url,
    logs,
    cache: deps.cache,
    viaLane,
    viaApp,
    rawToBoth,
    close: () => Promise.all([lane.close(), reference.close()]),
  }
}

// Date moves, and a request id is new per response unless the caller sent one.
const UNCOMPARED = new Set(['date', 'x-request-id'])

/** Status, headers (but the date and a generated request id) and body. */
const answerOf = async (res: Response) => {
  const headers: Record<string, string> = {}
  res.headers.forEach((value, name) => {
    if (!UNCOMPARED.has(name)) headers[name] = value
  })
  return { status: res.status, headers, body: await res.text() }
}

/**
 * Sends `request` as written on a new connection and returns the whole answer as text: header names in
 * lower case and sorted within each head (their order and case mean nothing in HTTP), the date and
 * generated ids masked.
 */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request))
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(normalized(text)))
  })
}

function normalized(answer: string): string {
  const parts = answer.split('\r\n\r\n')
  const body = parts.pop() ?? ''
  const heads = parts.map((head) => {
    const [status, ...lines] = head.split('\r\n')
    const fields = lines.map((line) => line.replace(/^[^:]+/, (name) => name.toLowerCase())).sort()
    return [status, ...fields].join('\n')
  })
  return [...heads, body]
    .join('\n\n')
    .replace(/^date: .*$/gm, 'date: -')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<uuid>')
}

const post = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { ...bearer(ADMIN_KEY), 'Content-Type': 'application/json', ...headers },
  body,
})

/** A raw check request, with `lines` as its extra header lines. */
const rawCheck = (path: string, body: string, lines: string[], version = '1.1') =>
  [
    `POST ${path} HTTP/${version}`,
    ...lines,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n')

const BO = '{"principal":"bo","action":"org.manage"}'
const ADMIN = `Authorization: Bearer ${ADMIN_KEY}`
const JSON_TYPE = 'Content-Type: application/json'

let org = ''
let server: Awaited<ReturnType<typeof laneAndReference>>

beforeAll(async () => {
  org = await api.createOrg('teamroom', 'ana')
  await api.join(org, 'bo', 'ana', ['co_owner'])
  await api.join(org, 'cy', 'ana')
  server = await laneAndReference()
  // The first check loads the org into the lane server's cache, through the app.
  await server.viaLane(`/v1/orgs/${org}/check`, post(BO))
}, 120_000)
afterAll(() => server?.close())

// Batches as clients write them are answered from their text, item by item; these are the ways a text
// can look like one without being one, or be one in a way the item split does not expect.
const batchTexts: [string, string, Route][] = [
  [
    'a batch whose strings hold the split between items',
    '{"checks":[{"principal":"b},{o","action":"org.manage"},{"principal":"bo","action":"org.manage","context":"},{"}]}',
    'lane',
  ],
  [
    'a batch whose strings hold whole items',
    '{"checks":[{"principal":"x\\"},{\\"principal\\":\\"bo","action":"org.manage"},{"principal":"bo","action":"org.manage"}]}',
    'lane',
  ],
  [
    'a batch item with an object zod would strip',
    '{"checks":[{"principal":"bo","action":"org.manage","x":{"y":1}},{"principal":"cy","action":"org.manage"}]}',
    'lane',
  ],
  [
    'a batch item with a list of objects zod would strip',
    '{"checks":[{"principal":"bo","action":"org.manage","x":[{"a":1},{"b":2}]},{"principal":"cy","action":"org.manage"}]}',
    'lane',
  ],
  [
    'a batch item naming its principal twice',
    '{"checks":[{"principal":"cy","principal":"bo","action":"org.manage"},{"principal":"bo","action":"org.manage"}]}',
    'lane',
  ],
  ['a batch written with spaces', '{"checks": [ {"principal": "bo", "action": "org.manage"} ] }', 'lane'],
  ['a batch with a line break at its end', '{"checks":[{"principal":"bo","action":"org.manage"}]}\n', 'lane'],
  [
    'a batch item longer than the memo takes',
    `{"checks":[{"principal":"bo","action":"org.manage","note":"${'n'.repeat(600)}"}]}`,
    'lane',
  ],
  ['a batch with a comma after its last item', '{"checks":[{"principal":"bo","action":"org.manage"},]}', 'handed over'],
  [
    'a batch with an empty item',
    '{"checks":[{"principal":"bo","action":"org.manage"},,{"principal":"bo","action":"org.manage"}]}',
    'handed over',
  ],
  ['a batch of something other than checks', '{"checks":[1]}', 'handed over'],
  ['a batch of a list', '{"checks":[[{"principal":"bo","action":"org.manage"}]]}', 'handed over'],
  [
    'a batch with a second list of checks',
    '{"checks":[{"principal":"cy","action":"org.manage"}],"checks":[{"principal":"bo","action":"org.manage"}]}',
    'lane',
  ],
]

describe('the check lane', () => {
  type Case = [string, () => [string, RequestInit], Route]
  /** A single check on the org: `body` (bo managing the org) with `headers`, at `path` (no query). */
  const single =
    (body = BO, headers: Record<string, string> = {}, path = 'check'): Case[1] =>
    () => [`/v1/orgs/${org}/${path}`, post(body, headers)]
  const BATCH =
    '{"checks":[{"principal":"bo","action":"org.manage"},{"principal":"cy","action":"org.manage"},{"principal":"x","action":"nope.nope"}]}'
  const cases: Case[] = [
    ['an allowed check', single(), 'lane'],
    ['a denial', single('{"principal":"cy","action":"org.manage"}'), 'lane'],
    [
      'a denial in German',
      single('{"principal":"cy","action":"org.manage"}', { 'Accept-Language': 'de-DE,en;q=0.5' }),
      'lane',
    ],
    [
      'a check in a context, with fields zod would strip',
      single('{"principal":"bo","action":"teamrooms.access","context":"teamroom:1","note":"x"}'),
      'lane',
    ],
    ['a batch', single(BATCH, {}, 'check/batch'), 'lane'],
    ['a batch in German', single(BATCH, { 'Accept-Language': 'de' }, 'check/batch'), 'lane'],
    ['a consistency token already reached', single(BO, { 'Rolecall-Consistency': '1' }), 'lane'],
    ['a consistency token in the query', single(BO, {}, 'check?consistency=1'), 'lane'],
    ['a batch with a consistency token in the query', single(BATCH, {}, 'check/batch?consistency=1'), 'lane'],
    [
      'a token in the query, which wins over the header',
      single(BO, { 'Rolecall-Consistency': '999999' }, 'check?consistency=1'),
      'lane',
    ],
    ['a token in the query from the future', single(BO, {}, 'check?consistency=999999'), 'app'],
    ['a token in the query that is not a number', single(BO, {}, 'check?consistency=abc'), 'app'],
    ['a query with more than a token', single(BO, {}, 'check?consistency=1&x=1'), 'app'],
    ['a consistency token from the future', single(BO, { 'Rolecall-Consistency': '999999' }), 'app'],
    ...['abc', '-1', '1.5', ''].map(
      (token): Case => [
        `a consistency token that asks for nothing (${JSON.stringify(token)})`,
        single(BO, { 'Rolecall-Consistency': token }),
        'lane',
      ],
    ),
    ['malformed JSON', single('{"principal":'), 'handed over'],
    ['a JSON body with a byte order mark', single(`\uFEFF${BO}`), 'handed over'],
    ['a check without an action', single('{"principal":"bo"}'), 'handed over'],
    ['an empty principal', single('{"principal":"","action":"org.manage"}'), 'handed over'],
    ['an unknown action', single('{"principal":"bo","action":"nope.nope"}'), 'handed over'],
    [
      'a principal that is half a surrogate pair',
      single('{"principal":"\\ud800","action":"org.manage"}'),
      'handed over',
    ],
    [
      'a batch item with half a surrogate pair',
      single('{"checks":[{"principal":"bo","action":"org.manage","context":"\\udc00"}]}', {}, 'check/batch'),
      'handed over',
    ],
    ['a surrogate pair', single('{"principal":"\\ud83d\\ude00","action":"org.manage"}'), 'lane'],
    ...batchTexts.map(([name, text, route]): Case => [name, single(text, {}, 'check/batch'), route]),
    ['a batch of none', single('{"checks":[]}', {}, 'check/batch'), 'handed over'],
    ['a batch with an invalid check', single('{"checks":[{"principal":1}]}', {}, 'check/batch'), 'handed over'],
    [
      'a batch of 101',
      single(JSON.stringify({ checks: Array.from({ length: 101 }, () => JSON.parse(BO)) }), {}, 'check/batch'),
      'handed over',
    ],
    // Checks ignore the key; a new one each time it is built, so neither server could have seen it.
    ['an Idempotency-Key', () => single(BO, { 'Idempotency-Key': `k-${randomUUID()}` })(), 'lane'],
    ['a text body', single(BO, { 'Content-Type': 'text/plain' }), 'app'],
    ...JSON_CONTENT_TYPES.map(
      (type): Case => [`a body declared as ${JSON.stringify(type)}`, single(BO, { 'Content-Type': type }), 'lane'],
    ),
    ['a JSON media type with another parameter', single(BO, { 'Content-Type': 'application/json; v=1' }), 'app'],
    ['a JSON media type in capitals', single(BO, { 'Content-Type': 'Application/JSON' }), 'app'],
    ['an unknown key', single(BO, bearer('rc_key_unknown')), 'app'],
    ['a key for another org', single(BO, bearer('rc_key_acme')), 'app'],
    ['an org that does not exist', () => ['/v1/orgs/no-such-org/check', post(BO)], 'app'],
    ['an escaped org id', () => [`/v1/orgs/${org}%21/check`, post(BO)], 'app'],
  ]

  test.each(cases)('%s: the app would answer the same', async (_, build, route) => {
    // Built twice: a request with an Idempotency-Key must be new to each server.
    const [path, init] = build()
    const expected = await server.viaApp(path, init)
    const seen = await server.viaLane(...build())
    expect(seen.answer).toEqual(expected)
    expect(seen.route).toBe(route)
  })

  const raw: [string, (port: number) => string, Route][] = [
    [
      'a plain request',
      (port) => rawCheck(`/v1/orgs/${org}/check`, BO, [`Host: 127.0.0.1:${port}`, ADMIN, JSON_TYPE]),
      'lane',
    ],
    [
      'a second Authorization header',
      (port) =>
        rawCheck(`/v1/orgs/${org}/check`, BO, [`Host: 127.0.0.1:${port}`, ADMIN, 'Authorization: Bearer x', JSON_TYPE]),
      'app',
    ],
    [
      'a second Content-Type header',
      (port) => rawCheck(`/v1/orgs/${org}/check`, BO, [`Host: 127.0.0.1:${port}`, ADMIN, JSON_TYPE, JSON_TYPE]),
      'app',
    ],
    ['HTTP/1.0 without a Host', () => rawCheck(`/v1/orgs/${org}/check`, BO, [ADMIN, JSON_TYPE], '1.0'), 'app'],
    ['a Host that is not plain', () => rawCheck(`/v1/orgs/${org}/check`, BO, ['Host: a b', ADMIN, JSON_TYPE]), 'app'],
    ['a Host in capitals', () => rawCheck(`/v1/orgs/${org}/check`, BO, ['Host: LOCALHOST', ADMIN, JSON_TYPE]), 'app'],
    ['a dot segment', () => rawCheck('/v1/orgs/../check', BO, ['Host: localhost', ADMIN, JSON_TYPE]), 'app'],
    [
      'an empty body',
      () => rawCheck(`/v1/orgs/${org}/check`, '', ['Host: localhost', ADMIN, JSON_TYPE]),
      'handed over',
    ],
    [
      'Expect: 100-continue',
      () => rawCheck(`/v1/orgs/${org}/check`, BO, ['Host: localhost', ADMIN, JSON_TYPE, 'Expect: 100-continue']),
      'lane',
    ],
    [
      'a chunked body',
      () =>
        [
          `POST /v1/orgs/${org}/check HTTP/1.1`,
          'Host: localhost',
          ADMIN,
          JSON_TYPE,
          'Transfer-Encoding: chunked',
          'Connection: close',
          '',
          `${Buffer.byteLength(BO).toString(16)}\r\n${BO}\r\n0\r\n\r\n`,
        ].join('\r\n'),
      'app',
    ],
    [
      'a body declared over the limit',
      () =>
        [
          `POST /v1/orgs/${org}/check HTTP/1.1`,
          'Host: localhost',
          ADMIN,
          JSON_TYPE,
          `Content-Length: ${MAX_BODY_BYTES + 1}`,
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      'app',
    ],
  ]

  test.each(raw)('%s, byte for byte: the app would answer the same', async (_, request, route) => {
    const { seen, expected, route: taken } = await server.rawToBoth(request)
    expect(seen).toBe(expected)
    expect(taken).toBe(route)
  })

  test('a service key goes through the app until verified, then the lane until its cache time ends', async () => {
    for (const key of ['rc_key_any_org', 'rc_key_support']) {
      const init = post(BO, bearer(key))
      const path = `/v1/orgs/${org}/check`
      expect(await server.viaLane(path, init)).toMatchObject({ route: 'app', answer: { status: 200 } })
      expect(await server.viaLane(path, init)).toMatchObject({ route: 'lane', answer: { status: 200 } })
      await new Promise((resolve) => setTimeout(resolve, KEY_CACHE_MS + 50))
      expect(await server.viaLane(path, init)).toMatchObject({ route: 'app', answer: { status: 200 } })
    }
  })

  test('a write heard of from another process sends the next check through the app, which loads it', async () => {
    const path = `/v1/orgs/${org}/check`
    const check = post('{"principal":"cy","action":"members.invite"}')
    expect(JSON.parse((await server.viaLane(path, check)).answer.body)).toMatchObject({ allowed: false })
    // Written through the suite's own server: for the lane server, another process on the same database.
    const written = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/cy`, { actor: 'ana' })
    expect(written.status).toBe(200)
    // What the lane server's change listener would do on the write's notification.
    server.cache.changed(org, Number(written.headers.get('rolecall-consistency')))
    const after = await server.viaLane(path, check)
    expect(after.route).toBe('app')
    expect(JSON.parse(after.answer.body)).toEqual({ allowed: true })
    expect((await server.viaLane(path, check)).route).toBe('lane')
    const revoked = await api.must(200, 'DELETE', `/v1/orgs/${org}/roles/admin/holders/cy`, { actor: 'ana' })
    server.cache.changed(org, Number(revoked.headers.get('rolecall-consistency')))
    expect(JSON.parse((await server.viaLane(path, check)).answer.body)).toMatchObject({ allowed: false })
  })

  test('the server as createHttpServer builds it takes a request without a Host for the host it serves', async () => {
    const served = await listen(testDeps())
    try {
      const port = Number(new URL(served.url).port)
      expect(await rawExchange(port, 'GET /healthz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /)
    } finally {
      await served.close()
    }
  })

  test('answers with the caller’s request id, and logs the line the app would', async () => {
    const start = server.logs.lines.length
    const seen = await server.viaLane(`/v1/orgs/${org}/check`, post(BO, { 'X-Request-Id': 'trace-7' }))
    expect(seen.route).toBe('lane')
    expect(seen.requestId).toBe('trace-7')
    const unsafe = await server.viaLane(`/v1/orgs/${org}/check`, post(BO, { 'X-Request-Id': 'a b' }))
    expect(unsafe.requestId).toMatch(/^[0-9a-f-]{36}$/)
    const handedOver = await server.viaLane(`/v1/orgs/${org}/check`, post('{', { 'X-Request-Id': 'trace-8' }))
    expect(handedOver.route).toBe('handed over')
    expect(server.logs.lines.slice(start)).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request',
        requestId: 'trace-7',
        method: 'POST',
        path: `/v1/orgs/${org}/check`,
        status: 200,
        ms: expect.any(Number),
      }),
      expect.objectContaining({ msg: 'request', requestId: unsafe.requestId, status: 200 }),
      expect.objectContaining({ msg: 'request', requestId: 'trace-8', status: 400 }),
    ])
  })

  test('checks pipelined on one connection, more than the lane holds back at once, are answered in order as the app would', async () => {
    // 70 in one write: the lane holds 64 answers, sends them, then the rest at the end of the turn.
    const bodies = Array.from({ length: 70 }, (_, i) => (i % 3 === 0 ? '{"principal":"cy","action":"org.manage"}' : BO))
    const pipelined = (port: number) =>
      bodies
        .map((body, i) =>
          [
            `POST /v1/orgs/${org}/check HTTP/1.1`,
            `Host: 127.0.0.1:${port}`,
            ADMIN,
            JSON_TYPE,
            `X-Request-Id: pipelined-${i}`,
            `Content-Length: ${Buffer.byteLength(body)}`,
            i === bodies.length - 1 ? 'Connection: close' : 'Connection: keep-alive',
            '',
            body,
          ].join('\r\n'),
        )
        .join('')
    const { seen, expected } = await server.rawToBoth(pipelined)
    expect(seen).toBe(expected)
    expect(seen.match(/^x-request-id: .*$/gm)).toEqual(bodies.map((_, i) => `x-request-id: pipelined-${i}`))
    expect(seen.match(/"allowed":(true|false)/g)).toEqual(
      bodies.map((body) => `"allowed":${body === BO ? 'true' : 'false'}`),
    )
  })

  test('checks on many connections at once each get their own answer', async () => {
    const principals = Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? 'cy' : 'bo'))
    const answers = await Promise.all(
      principals.map((principal, i) =>
        server.viaLane(
          `/v1/orgs/${org}/check`,
          post(JSON.stringify({ principal, action: 'org.manage' }), { 'X-Request-Id': `burst-${i}` }),
        ),
      ),
    )
    expect(answers.map((a) => a.requestId)).toEqual(principals.map((_, i) => `burst-${i}`))
    expect(answers.map((a) => JSON.parse(a.answer.body).allowed)).toEqual(principals.map((p) => p === 'bo'))
  })

  test('a body that arrives in pieces is read whole', async () => {
    const body = '{"principal":"cy","action":"org.manage"}'
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/v1/orgs/${org}/check`,
        {
          method: 'POST',
          headers: {
            ...bearer(ADMIN_KEY),
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            text += chunk
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
        },
      )
      req.on('error', reject)
      req.flushHeaders()
      req.write(body.slice(0, 7))
      setTimeout(() => req.end(body.slice(7)), 50)
    })
    expect(status).toBe(200)
    expect(JSON.parse(text)).toMatchObject({ allowed: false, code: 'NOT_AUTHORIZED' })
  })

  test('a client gone mid-body leaves the server answering the next one', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${server.url}/v1/orgs/${org}/check`, {
        method: 'POST',
        headers: { ...bearer(ADMIN_KEY), 'Content-Type': 'application/json', 'Content-Length': 1000 },
      })
      req.on('error', () => resolve())
      req.flushHeaders()
      req.write('{"principal":')
      setTimeout(() => {
        req.destroy()
        resolve()
      }, 50)
    })
    const next = await server.viaLane(`/v1/orgs/${org}/check`, post(BO))
    expect(next.answer.status).toBe(200)
  })

  test('a role written through the server is seen by its very next check', async () => {
    const path = `/v1/orgs/${org}/check`
    const invite = post('{"principal":"cy","action":"members.invite"}')
    expect(JSON.parse((await server.viaLane(path, invite)).answer.body)).toMatchObject({ allowed: false })
    const headers = { ...bearer(ADMIN_KEY), 'X-Rolecall-Actor': 'ana' }
    const grant = await fetch(`${server.url}/v1/orgs/${org}/roles/admin/holders/cy`, {
      method: 'PUT',
      headers,
    })
    expect(grant.status).toBe(200)
    const after = await server.viaLane(path, invite)
    expect(after.route).toBe('lane')
    expect(JSON.parse(after.answer.body)).toEqual({ allowed: true })
    await fetch(`${server.url}/v1/orgs/${org}/roles/admin/holders/cy`, { method: 'DELETE', headers })
    expect(JSON.parse((await server.viaLane(path, invite)).answer.body)).toMatchObject({ allowed: false })
  })

  test('a batch answered before a write is answered anew after it', async () => {
    const path = `/v1/orgs/${org}/check/batch`
    const batch = post(
      '{"checks":[{"principal":"cy","action":"members.invite"},{"principal":"bo","action":"org.manage"}]}',
    )
    const results = async () => {
      const { answer, route } = await server.viaLane(path, batch)
      expect(route).toBe('lane')
      return (JSON.parse(answer.body) as { results: { allowed: boolean }[] }).results.map((r) => r.allowed)
    }
    expect(await results()).toEqual([false, true])
    expect(await results()).toEqual([false, true])
    const holder = `${server.url}/v1/orgs/${org}/roles/admin/holders/cy`
    const headers = { ...bearer(ADMIN_KEY), 'X-Rolecall-Actor': 'ana' }
    expect((await fetch(holder, { method: 'PUT', headers })).status).toBe(200)
    expect(await results()).toEqual([true, true])
    expect((await fetch(holder, { method: 'DELETE', headers })).status).toBe(200)
    expect(await results()).toEqual([false, true])
  })

  test('a key revoked through the server stops working there with the very next check', async () => {
    const issued = await fetch(`${server.url}/v1/api-keys`, {
      method: 'POST',
      headers: { ...bearer(ADMIN_KEY), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'lane', orgIds: [org] }),
    })
    const { id, secret } = (await issued.json()) as { id: string; secret: string }
    const check = post(BO, bearer(secret))
    await server.viaLane(`/v1/orgs/${org}/check`, check)
    const known = await server.viaLane(`/v1/orgs/${org}/check`, check)
    expect(known).toMatchObject({ route: 'lane', answer: { status: 200 } })
    const revoked = await fetch(`${server.url}/v1/api-keys/${id}`, { method: 'DELETE', headers: bearer(ADMIN_KEY) })
    expect(revoked.status).toBe(204)
    const after = await server.viaLane(`/v1/orgs/${org}/check`, check)
    expect(after).toMatchObject({ route: 'app', answer: { status: 401 } })
  })

  // The lane's gates are read from the routes' definitions; whatever they take or refuse, the answer is the app's.
  test('any query and media type gets the answer the app would give', async () => {
    const pair = fc
      .tuple(
        fc.constantFrom('consistency', 'Consistency', 'x', ''),
        fc.constantFrom('1', '0', '', 'abc', '1+1', '%31', '1%', '-1', '99999999999999999999', '999999'),
      )
      .map(([name, value]) => `${name}=${value}`)
    const query = fc.oneof(
      fc.constant(''),
      fc.constantFrom('?', '?consistency', '?&consistency=1', '?consistency=1&'),
      fc.array(pair, { minLength: 1, maxLength: 3 }).map((pairs) => `?${pairs.join('&')}`),
    )
    const type = fc.constantFrom(
      ...JSON_CONTENT_TYPES,
      'application/json;charset=utf-8 ',
      'application/json; charset=latin1',
      'application/json;',
      'application/vnd.api+json',
      'text/json',
      'application/jsonx',
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('check', 'check/batch'), query, type, async (path, search, contentType) => {
        const body = path === 'check' ? BO : `{"checks":[${BO}]}`
        const init = post(body, { 'Content-Type': contentType })
        const url = `/v1/orgs/${org}/${path}${search}`
        expect((await server.viaLane(url, init)).answer).toEqual(await server.viaApp(url, init))
      }),
      { numRuns: 60 },
    )
  })

  test('any check body gets the answer the app would give', async () => {
    const text = fc.oneof(
      fc.constantFrom(
        'bo',
        'cy',
        'ana',
        'org.manage',
        'members.view',
        'teamrooms.access',
        'nope.nope',
        'teamroom:1',
        '},{',
        '"},{"',
        '\ud800',
        'bo\udfff',
        '\ud83d\ude00',
      ),
      fc.string({ maxLength: 3 }),
      fc.string({ minLength: 199, maxLength: 202 }),
    )
    const value = fc.oneof(text, fc.integer(), fc.constant(null))
    const check = fc.record({ principal: value, action: value, context: value }, { requiredKeys: [] })
    const body = fc.oneof(
      check.map((c) => ({ path: 'check', json: JSON.stringify(c) })),
      fc.array(check, { maxLength: 3 }).map((checks) => ({ path: 'check/batch', json: JSON.stringify({ checks }) })),
    )
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('en', 'de'), async ({ path, json }, language) => {
        const init = post(json, { 'Accept-Language': language })
        const url = `/v1/orgs/${org}/${path}`
        expect((await server.viaLane(url, init)).answer).toEqual(await server.viaApp(url, init))
      }),
      { numRuns: 60 },
    )
  })
})
