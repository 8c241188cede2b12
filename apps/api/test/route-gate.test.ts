import { createRoute, z } from '@hono/zod-openapi'
import { describe, expect, test } from 'vitest'
import { batchCheckRoute, checkRoute } from '../src/checks/check-routes.js'
import { lengthLimits } from '../src/checks/length-limits.js'
import { JSON_CONTENT_TYPES, routeGate } from '../src/checks/route-gate.js'

const check = routeGate(checkRoute)
const batch = routeGate(batchCheckRoute)
const long = 'o'.repeat(201)

// What the gate takes is read from the route: anything it cannot vouch for is left to the app.
const urls: [name: string, url: string, want: { orgId: string; consistency?: string } | undefined][] = [
  ['a plain URL', '/v1/orgs/acme/check', { orgId: 'acme' }],
  ['an org id of every plain character', "/v1/orgs/a-._~!$&'()*+,;=:@Z9/check", { orgId: "a-._~!$&'()*+,;=:@Z9" }],
  ['a declared query parameter', '/v1/orgs/acme/check?consistency=4', { orgId: 'acme', consistency: '4' }],
  ['a query value the query schema refuses', '/v1/orgs/acme/check?consistency=soon', undefined],
  ['an undeclared query parameter', '/v1/orgs/acme/check?consistency=4&x=1', undefined],
  ['a query parameter given twice', '/v1/orgs/acme/check?consistency=4&consistency=5', undefined],
  ['a percent-escape in the query', '/v1/orgs/acme/check?consistency=%34', undefined],
  ['an empty query', '/v1/orgs/acme/check?', undefined],
  ['a percent-escape in the org id', '/v1/orgs/ac%20me/check', undefined],
  ['a dot segment for the org id', '/v1/orgs/../check', undefined],
  ['a dot segment that is the whole id', '/v1/orgs/./check', undefined],
  ['dots within an id', '/v1/orgs/a..b/check', { orgId: 'a..b' }],
  ['an org id longer than its schema allows', `/v1/orgs/${long}/check`, undefined],
  ['an empty org id', '/v1/orgs//check', undefined],
  ['a trailing slash', '/v1/orgs/acme/check/', undefined],
  ['another route', '/v1/orgs/acme/check/batch', undefined],
]

describe('routeGate', () => {
  for (const [name, url, want] of urls) {
    test(`${name}: ${want ? 'taken' : 'left to the app'}`, () => {
      const found = check.match(url)
      expect(found && { orgId: found.params.orgId, ...found.query }).toEqual(want)
    })
  }

  test('reads the method, the path for the log and the declared media type from the route', () => {
    expect([check.method, batch.method]).toEqual(['POST', 'POST'])
    expect(batch.match('/v1/orgs/acme/check/batch?consistency=2')?.path).toBe('/v1/orgs/acme/check/batch')
    for (const type of JSON_CONTENT_TYPES) expect(check.takesContentType(type)).toBe(true)
    for (const type of ['text/plain', 'application/json;', 'Application/JSON', 'application/json; charset=latin1']) {
      expect(check.takesContentType(type)).toBe(false)
    }
  })

  test('refuses a route whose path parameter it could not vouch for without zod', () => {
    const route = createRoute({
      method: 'post',
      path: '/v1/things/{id}',
      request: { params: z.object({ id: z.string().regex(/^t_/) }) },
      responses: { 200: { description: 'OK' } },
    })
    expect(() => routeGate(route)).toThrow(/string_format/)
  })
})

describe('lengthLimits', () => {
  test('reads the limits of a string or list limited only in length', () => {
    expect(lengthLimits(z.string().min(1).max(200))).toEqual({ min: 1, max: 200 })
    expect(lengthLimits(z.array(z.string()).min(1).max(100))).toEqual({ min: 1, max: 100 })
    expect(lengthLimits(z.string())).toEqual({ min: 0, max: Number.POSITIVE_INFINITY })
  })

  test('refuses a schema with any other rule', () => {
    expect(() => lengthLimits(z.string().regex(/^\d+$/))).toThrow(/string_format/)
    expect(() => lengthLimits(z.string().trim().min(1))).toThrow(/overwrite/)
    expect(() => lengthLimits(z.email())).toThrow(/not a plain string/)
    expect(() => lengthLimits(z.number())).toThrow(/not a plain string/)
  })
})
