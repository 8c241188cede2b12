import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ADMIN_KEY, listen, testDeps } from '../fixtures.js'

let server: Awaited<ReturnType<typeof listen>>
let port = 0

beforeAll(async () => {
  // Node refuses these before the app sees a request, so no key or database is consulted.
  server = await listen(testDeps())
  port = Number(new URL(server.url).port)
})
afterAll(() => server?.close())

/** What came back on one connection: its last answer, and the error the socket ended with, if any. */
interface Exchange {
  status: number
  headers: Record<string, string>
  body: string
  error: string | undefined
}

/**
 * Writes `request` on a new connection in one go and reads until the server closes it. Only the last
 * answer is returned: a refusal of bytes after a request replaces that request's answer, as Node's does.
 */
function exchange(request: string): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    let text = ''
    let error: string | undefined
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    socket.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code
    })
    socket.on('close', () => {
      const last = text.slice(Math.max(0, text.lastIndexOf('HTTP/1.1 ')))
      const [head = '', body = ''] = last.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      )
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body, error })
    })
  })
}

const lines = (...fields: string[]) => `${fields.join('\r\n')}\r\n\r\n`
const AUTH = `Authorization: Bearer ${ADMIN_KEY}`

const refused: [string, string, number, string][] = [
  [
    'a header block over 16 KiB',
    lines('GET /v1/orgs HTTP/1.1', 'Host: x', `X-Filler: ${'a'.repeat(20_000)}`),
    431,
    'HEADERS_TOO_LARGE',
  ],
  [
    'a header block of 2 MiB, still arriving when it is refused',
    lines('GET /v1/orgs HTTP/1.1', 'Host: x', `X-Filler: ${'a'.repeat(2 * 1024 * 1024)}`),
    431,
    'HEADERS_TOO_LARGE',
  ],
  ['a request line that is not HTTP', lines('hello there'), 400, 'VALIDATION_FAILED'],
  [
    'a Content-Length that is not a number',
    `${lines('POST /v1/orgs HTTP/1.1', 'Host: x', 'Content-Length: two')}{}`,
    400,
    'VALIDATION_FAILED',
  ],
  [
    'both a Content-Length and chunked framing',
    `${lines('POST /v1/orgs HTTP/1.1', 'Host: x', 'Content-Length: 2', 'Transfer-Encoding: chunked')}{}`,
    400,
    'VALIDATION_FAILED',
  ],
  [
    // The bytes past the declared length are parsed as the next request, which is no request at all.
    'a body longer than its Content-Length',
    `${lines('POST /v1/orgs HTTP/1.1', 'Host: x', AUTH, 'Content-Type: application/json', 'Content-Length: 2')}{}{"name":"Acme"}`,
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a chunk extension over the limit',
    `${lines('POST /v1/orgs HTTP/1.1', 'Host: x', AUTH, 'Content-Type: application/json', 'Transfer-Encoding: chunked')}2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`,
    413,
    'PAYLOAD_TOO_LARGE',
  ],
]

describe('a request Node’s HTTP parser refuses', () => {
  test.each(refused)(
    '%s is answered %i %s as problem+json, and the connection closed cleanly',
    async (_, request, status, code) => {
      const answer = await exchange(request)
      expect(answer).toMatchObject({
        status,
        headers: { 'content-type': 'application/problem+json', connection: 'close' },
        error: undefined,
      })
      expect(Buffer.byteLength(answer.body)).toBe(Number(answer.headers['content-length']))
      expect(JSON.parse(answer.body)).toMatchObject({
        type: `urn:rolecall:problem:${code}`,
        status,
        code,
        detail: expect.any(String),
      })
    },
  )

  test('the server goes on answering other connections', async () => {
    await exchange(lines('hello there'))
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })
})
