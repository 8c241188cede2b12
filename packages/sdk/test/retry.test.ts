import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRolecall, isRolecallError, type RetryOptions } from '../src/index.js'
import { ADMIN_KEY, type Api, join, newOrg, startApi } from './support/api.js'
import { forwardTo, type Handler, type Served, serve } from './support/serve.js'

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

interface Attempt {
  method: string
  path: string
  key: string | null
  replayed: string | null
}

/** A server in front of the API that records every attempt and lets `decide` answer or cut it instead. */
async function front(
  decide: (attempt: number, request: Request, drop: () => void, forward: () => Promise<Response>) => Promise<Response>,
) {
  const attempts: Attempt[] = []
  const forward = forwardTo(api.url)
  const handler: Handler = async (request, drop) => {
    const attempt: Attempt = {
      method: request.method,
      path: new URL(request.url).pathname,
      key: request.headers.get('Idempotency-Key'),
      replayed: null,
    }
    attempts.push(attempt)
    return decide(attempts.length, request, drop, async () => {
      const response = await forward(request)
      attempt.replayed = response.headers.get('Idempotent-Replayed')
      return response
    })
  }
  const served: Served = await serve(handler)
  const client = (actor?: string, retry: RetryOptions | false = { baseDelayMs: 1 }) =>
    createRolecall({ baseUrl: served.url, apiKey: ADMIN_KEY, retry, ...(actor ? { actor } : {}) })
  return { attempts, client, close: served.close }
}

const problem = (status: number, headers: Record<string, string> = {}, code = 'UNAVAILABLE') =>
  Response.json(
    { type: 'about:blank', title: 'Test', status, detail: `answered ${status}`, code, instance: '/' },
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  )

describe('a mutation whose response is lost', () => {
  // The API applied the first attempt; only the answer went missing. The retry must carry the same
  // Idempotency-Key so the API replays that answer instead of applying the command again.
  test('is retried under the same Idempotency-Key, applied once, and audited once', async () => {
    const orgId = await newOrg(api)
    await join(api, orgId, 'bo')
    const proxy = await front(async (attempt, _request, drop, forward) => {
      const response = await forward()
      if (attempt === 1) drop()
      return response
    })
    try {
      const decision = await proxy.client('ana').roles.grant(orgId, 'admin', 'bo')
      expect(decision).toMatchObject({ ok: true, changed: true })
      expect(proxy.attempts).toHaveLength(2)
      const [first, second] = proxy.attempts
      expect(first?.key).toMatch(/^[0-9a-f-]{36}$/)
      expect(second?.key).toBe(first?.key)
      expect(second?.replayed).toBe('true')
    } finally {
      await proxy.close()
    }
    const admins = (await api.client({ actor: 'ana' }).roles.list(orgId)).find((r) => r.role === 'admin')
    expect(admins?.holders).toEqual([{ principal: 'bo', context: null }])
    const events = []
    for await (const e of api.client({ actor: 'ana' }).auditEvents(orgId, { type: 'role.granted', subject: 'bo' })) {
      events.push(e)
    }
    expect(events).toHaveLength(1)
  })

  test('that never reached the API is sent again and applied', async () => {
    const orgId = await newOrg(api)
    const proxy = await front(async (attempt, _request, drop, forward) => {
      if (attempt > 1) return forward()
      drop()
      return new Response(null)
    })
    try {
      const invited = await proxy.client('ana').invitations.invite(orgId, { user: { id: 'cy', displayName: 'Cy' } })
      expect(invited).toMatchObject({ changed: true, invitationId: expect.any(String) })
      expect(proxy.attempts.map((a) => a.replayed)).toEqual([null, null])
    } finally {
      await proxy.close()
    }
  })
})

describe('a retry that overtakes its own first attempt', () => {
  // The first attempt's answer is lost while the API is still running it: the API answers the retry
  // 409 IDEMPOTENCY_IN_PROGRESS, which is "not yet", not an answer.
  test('waits as Retry-After asks and gets the first answer replayed', async () => {
    const orgId = await newOrg(api)
    await join(api, orgId, 'bo')
    const proxy = await front(async (attempt, _request, drop, forward) => {
      if (attempt === 2) return problem(409, { 'Retry-After': '0' }, 'IDEMPOTENCY_IN_PROGRESS')
      const response = await forward()
      if (attempt === 1) drop()
      return response
    })
    try {
      const decision = await proxy.client('ana').roles.grant(orgId, 'admin', 'bo')
      expect(decision.changed).toBe(true)
      expect(proxy.attempts.map((a) => a.replayed)).toEqual([null, null, 'true'])
      expect(new Set(proxy.attempts.map((a) => a.key)).size).toBe(1)
    } finally {
      await proxy.close()
    }
  })

  test('a 409 of any other code is an answer', async () => {
    const server = await front(async () => problem(409, { 'Retry-After': '0' }, 'IDEMPOTENCY_RESPONSE_LOST'))
    try {
      const error = await server
        .client('ana')
        .roles.grant('acme', 'admin', 'bo')
        .catch((e: unknown) => e)
      expect(isRolecallError(error, 'IDEMPOTENCY_RESPONSE_LOST')).toBe(true)
      expect(server.attempts).toHaveLength(1)
    } finally {
      await server.close()
    }
  })
})

describe('retries', () => {
  const cases: [name: string, status: number, attempts: number][] = [
    ['429 is retried', 429, 3],
    ['503 is retried', 503, 3],
    ['400 is not retried', 400, 1],
    ['404 is not retried', 404, 1],
    ['409 is not retried', 409, 1],
    ['422 is not retried', 422, 1],
    ['500 is not retried', 500, 1],
  ]
  for (const [name, status, attempts] of cases) {
    test(name, async () => {
      const server = await front(async () => problem(status))
      try {
        const error = await server
          .client('ana')
          .roles.grant('acme', 'admin', 'bo')
          .catch((e: unknown) => e)
        expect(isRolecallError(error)).toBe(true)
        expect(error).toMatchObject({ status })
        expect(server.attempts).toHaveLength(attempts)
        expect(new Set(server.attempts.map((a) => a.key)).size).toBe(1)
      } finally {
        await server.close()
      }
    })
  }

  test('a real 400 from the API is not retried', async () => {
    const proxy = await front(async (_attempt, _request, _drop, forward) => forward())
    try {
      const error = await proxy
        .client()
        .orgs.create({ name: '', founder: { id: 'ana', displayName: 'Ana' } })
        .catch((e) => e)
      expect(isRolecallError(error, 'VALIDATION_FAILED')).toBe(true)
      expect(proxy.attempts).toHaveLength(1)
    } finally {
      await proxy.close()
    }
  })

  test('a read is retried after a network error', async () => {
    const orgId = await newOrg(api)
    const proxy = await front(async (attempt, _request, drop, forward) => {
      if (attempt > 1) return forward()
      drop()
      return new Response(null)
    })
    try {
      expect((await proxy.client().orgs.get(orgId)).id).toBe(orgId)
      expect(proxy.attempts.map((a) => [a.method, a.key])).toEqual([
        ['GET', null],
        ['GET', null],
      ])
    } finally {
      await proxy.close()
    }
  })

  test('network errors end in the last one thrown, after the configured attempts', async () => {
    const server = await front(async (_attempt, _request, drop) => {
      drop()
      return new Response(null)
    })
    try {
      const error = await server
        .client(undefined, { attempts: 4, baseDelayMs: 1 })
        .health()
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TypeError)
      expect(server.attempts).toHaveLength(4)
    } finally {
      await server.close()
    }
  })

  test('retry: false sends each request once', async () => {
    const server = await front(async () => problem(503))
    try {
      await expect(server.client(undefined, false).health()).rejects.toMatchObject({ code: 'UNAVAILABLE' })
      expect(server.attempts).toHaveLength(1)
    } finally {
      await server.close()
    }
  })
})

describe('Retry-After', () => {
  const cases: [name: string, header: () => string, atLeastMs: number][] = [
    ['in seconds is waited out', () => '1', 950],
    ['as an HTTP date is waited out', () => new Date(Date.now() + 2000).toUTCString(), 950],
  ]
  for (const [name, header, atLeastMs] of cases) {
    test(name, async () => {
      const orgId = await newOrg(api)
      const proxy = await front(async (attempt, _request, _drop, forward) =>
        attempt === 1 ? problem(503, { 'Retry-After': header() }) : forward(),
      )
      try {
        const started = performance.now()
        const decision = await proxy
          .client('ana')
          .invitations.invite(orgId, { user: { id: 'dee', displayName: 'Dee' } })
        expect(performance.now() - started).toBeGreaterThanOrEqual(atLeastMs)
        expect(decision.changed).toBe(true)
        expect(proxy.attempts).toHaveLength(2)
      } finally {
        await proxy.close()
      }
    })
  }

  test('longer than maxDelayMs ends retrying with the 503', async () => {
    const server = await front(async () => problem(503, { 'Retry-After': '120' }))
    try {
      const error = await server
        .client(undefined, { maxDelayMs: 5_000 })
        .orgs.get('acme')
        .catch((e: unknown) => e)
      expect(isRolecallError(error, 'UNAVAILABLE')).toBe(true)
      expect(server.attempts).toHaveLength(1)
    } finally {
      await server.close()
    }
  })
})
