import { type IncomingHttpHeaders, request } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { responseUrl, slashCommand } from '../scripts/payloads.js'
import { postSigned, slackSignature } from '../scripts/signing.js'
import { SLACK_PATH } from '../src/app.js'
import { EVENTS_PATH } from '../src/events/webhook-route.js'
import { HEALTH_PATH } from '../src/http/health-route.js'
import { MAX_BODY_BYTES } from '../src/http/read-body.js'
import { type BotProcess, startBotProcess } from './bot-process.js'
import { ADMIN_KEY, SIGNING_SECRET, WEBHOOK_SECRET } from './bot-world.js'
import { useWorld } from './use-world.js'

const world = useWorld()
let bot: BotProcess
beforeAll(async () => {
  bot = await startBotProcess({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: '',
    ROLECALL_API_URL: world.apiUrl,
    ROLECALL_API_KEY: ADMIN_KEY,
    ROLECALL_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SLACK_API_URL: world.slack.apiUrl,
    LOG_LEVEL: 'info',
  })
}, 120_000)
afterAll(() => bot?.stop())

interface Ask {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
  /** Sends the headers only, declaring a body of this many bytes. */
  declaredLength?: number
  /** Sends this many bytes in chunks, with no length declared. */
  streamed?: number
}

/** One request over a fresh connection, as a stranger sends it (node:http, so nothing is tidied up). */
function ask(q: Ask): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(bot.url)
    const headers = {
      ...q.headers,
      ...(q.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(q.body)) }),
    }
    if (q.declaredLength !== undefined) headers['content-length'] = String(q.declaredLength)
    const req = request({ hostname, port, method: q.method ?? 'GET', path: q.path, headers, agent: false })
    req.on('error', reject)
    req.on('response', async (res) => {
      const chunks: Buffer[] = []
      for await (const chunk of res) chunks.push(chunk as Buffer)
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
      req.destroy()
    })
    if (q.declaredLength !== undefined) return req.flushHeaders()
    if (q.streamed !== undefined) {
      const chunk = Buffer.alloc(64 * 1024, 'a')
      for (let sent = 0; sent < q.streamed; sent += chunk.length) req.write(chunk.subarray(0, q.streamed - sent))
    }
    req.end(q.body)
  })
}

/** Declares a body, sends part of it and hangs up; resolves once the part is on its way. */
function hangUpMidBody(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(bot.url)
    const req = request({ hostname, port, method: 'POST', path, headers: { 'content-length': '100' }, agent: false })
    // Hanging up is the point; the client's own "socket hang up" is expected and says nothing.
    req.on('error', () => {})
    req.write('x'.repeat(10), (error) => {
      if (error) return reject(error)
      req.destroy()
      resolve()
    })
  })
}

const FORM = 'application/x-www-form-urlencoded'
const nowSeconds = () => Math.floor(Date.now() / 1000)
const command = slashCommand('/roles', 'list', 'UANA', 'T_NOBODY', 'http://127.0.0.1:9/respond/none')
/** Headers signing `body` as Slack does, here with any secret, time and type. */
const signed = (body: string, { secret = SIGNING_SECRET, at = nowSeconds(), type = FORM } = {}) => ({
  'content-type': type,
  'x-slack-request-timestamp': String(at),
  'x-slack-signature': slackSignature(secret, at, body),
})
const slack = (body: string, headers: Record<string, string>): Ask => ({
  method: 'POST',
  path: SLACK_PATH,
  body,
  headers,
})

const cases: [name: string, ask: Ask, status: number, logged: RegExp][] = [
  ['GET / is no route', { path: '/' }, 404, /^\[slack-bot\] GET \/ answered 404: no such route$/],
  ['HEAD / is no route', { method: 'HEAD', path: '/' }, 404, /HEAD \/ answered 404/],
  ['a scanner’s path is no route', { method: 'POST', path: '/wp-login.php?x=1', body: 'log=admin' }, 404, /404/],
  ['a request target that is no URL is refused', { path: '//[' }, 400, /answered 400: the request target is not a URL/],
  ['GET on the Slack endpoint is the wrong method', { path: SLACK_PATH }, 405, /answered 405: only POST$/],
  ['GET on the events webhook is the wrong method', { path: EVENTS_PATH }, 405, /answered 405: only POST$/],
  ['an unsigned slash command is refused', slack(command, { 'content-type': FORM }), 401, /verify authenticity/],
  [
    'a slash command signed with another secret is refused',
    slack(command, signed(command, { secret: 'not-the-signing-secret' })),
    401,
    /signature mismatch/,
  ],
  [
    'a slash command signed ten minutes ago is refused',
    slack(command, signed(command, { at: nowSeconds() - 600 })),
    401,
    /answered 401: the request timestamp is not within five minutes/,
  ],
  [
    'a timestamp that is no number is refused',
    slack(command, { ...signed(command), 'x-slack-request-timestamp': 'yesterday' }),
    401,
    /answered 401: the request timestamp/,
  ],
  [
    'malformed JSON is refused',
    slack('{"type":', { 'content-type': 'application/json' }),
    400,
    /answered 400: the body is not readable/,
  ],
  [
    // Signed, because Bolt checked the signature first and then threw on `null` where nothing caught it.
    'signed JSON that is no object is refused',
    slack('null', signed('null', { type: 'application/json' })),
    400,
    /answered 400: the body is not a Slack payload/,
  ],
  [
    'a form whose payload is not JSON is refused',
    slack('payload=%7Bnot+json%', { 'content-type': FORM }),
    400,
    /answered 400: the body is not readable/,
  ],
  [
    'a body declared over the limit is refused unread',
    { method: 'POST', path: SLACK_PATH, headers: { 'content-type': FORM }, declaredLength: MAX_BODY_BYTES + 1 },
    413,
    /answered 413: body over 1048576 bytes/,
  ],
  [
    'a body streamed past the limit is refused',
    { method: 'POST', path: SLACK_PATH, headers: { 'content-type': FORM }, streamed: MAX_BODY_BYTES + 1 },
    413,
    /answered 413: body over 1048576 bytes/,
  ],
  [
    'an unsigned event is refused',
    { method: 'POST', path: EVENTS_PATH, headers: { 'content-type': 'application/json' }, body: '{}' },
    401,
    /POST \/rolecall\/events answered 401/,
  ],
  [
    'an event declared over the limit is refused unread',
    { method: 'POST', path: EVENTS_PATH, declaredLength: MAX_BODY_BYTES + 1 },
    413,
    /POST \/rolecall\/events answered 413/,
  ],
]

/** Lines the bot should have written so far; one per stranger, and none for Slack or the health route. */
let expectedLines = 0

describe('the bot process, asked by strangers', () => {
  for (const [name, q, status, logged] of cases) {
    test(`${name} with ${status} and one log line`, async () => {
      const before = bot.lines.length
      expect((await ask(q)).status).toBe(status)
      expectedLines += 1
      await bot.linesReach(before + 1)
      expect(bot.lines[before]).toMatch(logged)
    })
  }

  for (const path of [SLACK_PATH, EVENTS_PATH]) {
    test(`a client hanging up mid-body on ${path} costs one log line`, async () => {
      const before = bot.lines.length
      await hangUpMidBody(path)
      expectedLines += 1
      await bot.linesReach(before + 1)
      expect(bot.lines[before]).toMatch(`POST ${path} answered 400: body not received`)
    })
  }

  test('a wrong method is told which one is allowed', async () => {
    expect((await ask({ path: SLACK_PATH })).headers.allow).toBe('POST')
    expectedLines += 1
  })

  test('the health route answers 200 with JSON, and logs nothing', async () => {
    const res = await ask({ path: HEALTH_PATH })
    expect([res.status, res.headers['content-type'], JSON.parse(res.body)]).toEqual([
      200,
      'application/json',
      { status: 'ok' },
    ])
    expect((await ask({ method: 'HEAD', path: HEALTH_PATH })).status).toBe(200)
  })

  test('after them all the process still answers Slack, having logged one line per stranger', async () => {
    await world.org('T_STRANGERS', 'ana')
    const to = responseUrl(world.slack.url)
    const res = await postSigned(
      `${bot.url}${SLACK_PATH}`,
      SIGNING_SECRET,
      slashCommand('/roles', 'list', 'UANA', 'T_STRANGERS', to.url),
    )
    expect(res.status).toBe(200)
    expect((await world.answerTo(to.id)).text).toContain('Roles in *Org T_STRANGERS*')
    // Lines arrive in the order written, so once this last stranger's line is in, every earlier one is too.
    expect((await ask({ path: '/last' })).status).toBe(404)
    await bot.linesReach(expectedLines + 1)
    expect(bot.lines.slice(expectedLines)).toEqual(['[slack-bot] GET /last answered 404: no such route'])
    expect(bot.alive()).toBe(true)
  })
})
