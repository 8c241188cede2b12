import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { denialCodes, deny } from '@rolecall/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp, MAX_BODY_BYTES } from '../src/app.js'
import type { AppEnv } from '../src/app-env.js'
import { PROBLEM_STATUS, problem, problems } from '../src/problem.js'
import { captureLogs, listen, readProblem, testDeps } from './fixtures.js'

// Test-only routes: a validated JSON body, a denial, and a bug.
const GrantSchema = z.object({ role: z.string(), holders: z.array(z.string().min(1)) })
const grantRoute = createRoute({
  method: 'post',
  path: '/test/grants',
  request: { body: { content: { 'application/json': { schema: GrantSchema } }, required: true } },
  responses: {
    200: { description: 'Echo', content: { 'application/json': { schema: GrantSchema } } },
    ...problems(400, 413),
  },
})
const deniedRoute = createRoute({
  method: 'post',
  path: '/test/denied',
  responses: { 200: { description: 'Never' }, ...problems(403, 409, 422) },
})

const logs = captureLogs()
const deps = testDeps({ logger: logs.logger })
const addTestRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(grantRoute, (c) => c.json(c.req.valid('json'), 200))
  app.openapi(deniedRoute, (c) => problem(c, deny('NOT_AUTHORIZED', { role: 'owner' }, ['owner'], 'usr_ana')))
  app.get('/test/bug', () => {
    throw new Error('secret connection string postgres://u:p@db')
  })
}
const app = createApp(deps)
addTestRoutes(app)

const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  app.request('/test/grants', { method: 'POST', body, headers })

describe('problem responses', () => {
  test('every denial code of the engine has a status', () => {
    for (const code of denialCodes) expect(PROBLEM_STATUS[code]).toBeGreaterThanOrEqual(400)
  })

  test('an unknown route is a NOT_FOUND problem', async () => {
    const res = await app.request('/nowhere?x=1')
    expect(res.status).toBe(404)
    expect(res.headers.get('Content-Type')).toBe('application/problem+json')
    expect(await res.json()).toEqual({
      type: 'urn:rolecall:problem:NOT_FOUND',
      title: 'Not found',
      status: 404,
      detail: 'There is no GET /nowhere.',
      code: 'NOT_FOUND',
      instance: '/nowhere',
    })
  })

  test('malformed JSON is a 400 VALIDATION_FAILED problem', async () => {
    const res = await post('{"role": "owner",')
    expect(res.status).toBe(400)
    expect(res.headers.get('Content-Type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'Malformed JSON in request body' })
  })

  test('an invalid body is VALIDATION_FAILED naming each field', async () => {
    const res = await post(JSON.stringify({ holders: ['ana', ''] }))
    expect(res.status).toBe(400)
    const body = await readProblem(res)
    expect(body.code).toBe('VALIDATION_FAILED')
    expect(body.errors?.map((error) => error.path)).toEqual(['body.role', 'body.holders[1]'])
  })

  test('a body over 1 MiB is a 413 PAYLOAD_TOO_LARGE problem', async () => {
    const res = await post(JSON.stringify({ role: 'x'.repeat(MAX_BODY_BYTES), holders: [] }))
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 })
  })

  test('a denial carries the roles that could do it and whom to ask', async () => {
    const res = await app.request('/test/denied', { method: 'POST' })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'NOT_AUTHORIZED', allowedRoles: ['owner'], contact: 'usr_ana' })
  })

  test('an unexpected error is a generic 500, logged with the request id', async () => {
    const res = await app.request('/test/bug', { headers: { 'X-Request-Id': 'req-bug-1' } })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL', status: 500 })
    expect(text).toContain('req-bug-1')
    expect(text).not.toMatch(/postgres|secret|at .*\.ts/)
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ level: 50, requestId: 'req-bug-1', err: expect.objectContaining({ type: 'Error' }) }),
    )
  })
})

describe('body limit over real HTTP', () => {
  let server: Awaited<ReturnType<typeof listen>>
  beforeAll(async () => {
    server = await listen(deps, addTestRoutes)
  })
  afterAll(() => server.close())

  test('a streamed body without Content-Length is cut off at 1 MiB too', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const res = await fetch(`${server.url}/test/grants`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(res.headers.get('Content-Type')).toBe('application/problem+json')
  })
})
