import { createRoute, z } from '@hono/zod-openapi'
import { describe, expect, test } from 'vitest'
import { createApp } from '../src/app.js'
import { ActorHeadersSchema, bearerSecurity, orgNotFound, requireActor, requireOrgAccess } from '../src/auth.js'
import { problems } from '../src/problem.js'
import { ADMIN_KEY, bearer, readProblem, testDeps } from './fixtures.js'

// Test-only route: answers who is calling, as whom, for which org.
const whoamiRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/whoami',
  security: bearerSecurity,
  request: { params: z.object({ orgId: z.string() }) },
  responses: {
    200: {
      description: 'The caller',
      content: { 'application/json': { schema: z.object({ principal: z.string(), actor: z.string() }) } },
    },
    ...problems(400, 401, 403, 404),
  },
})
const declaredActorRoute = createRoute({
  method: 'get',
  path: '/v1/declared-actor',
  security: bearerSecurity,
  request: { headers: ActorHeadersSchema },
  responses: { 200: { description: 'OK' }, ...problems(400, 401) },
})

const app = createApp(testDeps())
app.openapi(whoamiRoute, (c) => {
  const { orgId } = c.req.valid('param')
  // Missing org and unreachable org must look alike: this route pretends only acme and globex exist.
  if (orgId !== 'acme' && orgId !== 'globex') throw orgNotFound(orgId)
  requireOrgAccess(c, orgId)
  const actor = requireActor(c)
  const principal = c.var.principal
  return c.json({ principal: principal.kind === 'admin' ? 'admin' : principal.keyId, actor }, 200)
})
app.openapi(declaredActorRoute, (c) => c.body(null, 200))

const whoami = (orgId: string, headers: Record<string, string>) => app.request(`/v1/orgs/${orgId}/whoami`, { headers })
const as = (key: string, actor?: string) => ({ ...bearer(key), ...(actor ? { 'X-Rolecall-Actor': actor } : {}) })

describe('bearerAuth', () => {
  const unauthenticated: [string, Record<string, string>, string][] = [
    ['no Authorization header', {}, 'Bearer realm="rolecall"'],
    ['another scheme', { Authorization: `Basic ${ADMIN_KEY}` }, 'Bearer realm="rolecall"'],
    ['an empty bearer token', { Authorization: 'Bearer ' }, 'Bearer realm="rolecall"'],
    ['an unknown key', bearer('rc_key_nobody'), 'Bearer realm="rolecall", error="invalid_token"'],
    [
      'the admin key with one character more',
      bearer(`${ADMIN_KEY}x`),
      'Bearer realm="rolecall", error="invalid_token"',
    ],
  ]
  for (const [name, headers, challenge] of unauthenticated) {
    test(`${name} is a 401 UNAUTHENTICATED problem with a Bearer challenge`, async () => {
      const res = await whoami('acme', { ...headers, 'X-Rolecall-Actor': 'usr_ana' })
      expect(res.status).toBe(401)
      expect(res.headers.get('WWW-Authenticate')).toBe(challenge)
      expect(res.headers.get('Content-Type')).toBe('application/problem+json')
      expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 })
    })
  }

  test('an unknown /v1 route asks for credentials before saying it does not exist', async () => {
    expect((await app.request('/v1/nothing-here')).status).toBe(401)
    expect((await app.request('/v1/nothing-here', { headers: bearer(ADMIN_KEY) })).status).toBe(404)
  })

  const allowed: [string, Record<string, string>, string, { principal: string; actor: string }][] = [
    ['the admin key reaches any org', as(ADMIN_KEY, 'usr_ana'), 'globex', { principal: 'admin', actor: 'usr_ana' }],
    [
      'the scheme name is case-insensitive',
      { authorization: `bearer ${ADMIN_KEY}`, 'x-rolecall-actor': 'usr_ana' },
      'acme',
      { principal: 'admin', actor: 'usr_ana' },
    ],
    ['a key for acme reaches acme', as('rc_key_acme', 'usr_ana'), 'acme', { principal: 'key_acme', actor: 'usr_ana' }],
    [
      'a key for every org reaches globex',
      as('rc_key_any_org', 'usr_bo'),
      'globex',
      { principal: 'key_any', actor: 'usr_bo' },
    ],
    [
      'a support key acts as a support principal',
      as('rc_key_support', 'support:sam'),
      'acme',
      { principal: 'key_support', actor: 'support:sam' },
    ],
    [
      'the admin key acts as a support principal',
      as(ADMIN_KEY, 'support:sam'),
      'acme',
      { principal: 'admin', actor: 'support:sam' },
    ],
  ]
  for (const [name, headers, orgId, want] of allowed) {
    test(name, async () => {
      const res = await whoami(orgId, headers)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual(want)
    })
  }
})

describe('requireActor', () => {
  const cases: [string, Record<string, string>, number, string][] = [
    ['a missing X-Rolecall-Actor is VALIDATION_FAILED', as(ADMIN_KEY), 400, 'VALIDATION_FAILED'],
    ['a blank X-Rolecall-Actor is VALIDATION_FAILED', as(ADMIN_KEY, '  '), 400, 'VALIDATION_FAILED'],
    ['support: without a name is VALIDATION_FAILED', as('rc_key_support', 'support:'), 400, 'VALIDATION_FAILED'],
    ['background never acts through the API', as(ADMIN_KEY, 'background'), 403, 'NOT_AUTHORIZED'],
    ['a support principal needs a support key', as('rc_key_any_org', 'support:sam'), 403, 'NOT_AUTHORIZED'],
  ]
  for (const [name, headers, status, code] of cases) {
    test(name, async () => {
      const res = await whoami('acme', headers)
      expect(res.status).toBe(status)
      expect(await readProblem(res)).toMatchObject({ code, status })
    })
  }

  test('a missing actor names the header among the errors', async () => {
    const body = await readProblem(await whoami('acme', as(ADMIN_KEY)))
    expect(body.errors).toEqual([{ path: 'header.x-rolecall-actor', message: expect.any(String) }])
  })

  test('a route declaring the actor header reports it under the same path', async () => {
    const res = await app.request('/v1/declared-actor', { headers: as(ADMIN_KEY) })
    expect(res.status).toBe(400)
    expect((await readProblem(res)).errors).toEqual([{ path: 'header.x-rolecall-actor', message: expect.any(String) }])
  })
})

describe('requireOrgAccess', () => {
  test('a key restricted to acme gets 404 for globex, exactly as for an org that does not exist', async () => {
    const unreachable = await whoami('globex', as('rc_key_acme', 'usr_ana'))
    const missing = await whoami('initech', as('rc_key_acme', 'usr_ana'))
    expect(unreachable.status).toBe(404)
    expect(missing.status).toBe(404)
    const [a, b] = [await readProblem(unreachable), await readProblem(missing)]
    expect(a).toMatchObject({ code: 'NOT_FOUND', detail: 'There is no organization globex.' })
    expect({ ...a, detail: '', instance: '' }).toEqual({ ...b, detail: '', instance: '' })
  })
})
