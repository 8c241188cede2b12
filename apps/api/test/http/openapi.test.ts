import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listen, testDeps } from '../fixtures.js'

interface Operation {
  security?: Record<string, string[]>[]
  parameters?: { name: string; in: string }[]
  responses: Record<
    string,
    { description: string; headers?: Record<string, unknown>; content?: Record<string, unknown> }
  >
}

// Serving the document touches no database, so this file needs no test database of its own.
let server: Awaited<ReturnType<typeof listen>>
let status = 0
let doc: { paths: Record<string, Record<string, Operation>> } = { paths: {} }
beforeAll(async () => {
  server = await listen(testDeps())
  const res = await fetch(`${server.url}/openapi.json`)
  status = res.status
  if (res.ok) doc = (await res.json()) as typeof doc
})
afterAll(() => server.close())

const V1_ROUTES = [
  'POST /v1/orgs',
  'GET /v1/orgs/{orgId}',
  'PATCH /v1/orgs/{orgId}',
  'GET /v1/models',
  'GET /v1/orgs/{orgId}/model',
  'GET /v1/orgs/{orgId}/members',
  'POST /v1/orgs/{orgId}/invitations',
  'POST /v1/orgs/{orgId}/invitations/{invitationId}/accept',
  'DELETE /v1/orgs/{orgId}/members/{userId}',
  'GET /v1/orgs/{orgId}/people/{userId}',
  'PATCH /v1/orgs/{orgId}/people/{userId}',
  'GET /v1/orgs/{orgId}/roles',
  'PUT /v1/orgs/{orgId}/roles/{role}/holders/{principalId}',
  'DELETE /v1/orgs/{orgId}/roles/{role}/holders/{principalId}',
  'POST /v1/orgs/{orgId}/ownership-transfers',
  'GET /v1/orgs/{orgId}/ownership-transfers/current',
  'POST /v1/orgs/{orgId}/ownership-transfers/{transferId}/accept',
  'POST /v1/orgs/{orgId}/ownership-transfers/{transferId}/decline',
  'POST /v1/orgs/{orgId}/ownership-transfers/{transferId}/cancel',
  'POST /v1/orgs/{orgId}/check',
  'POST /v1/orgs/{orgId}/check/batch',
  'GET /v1/orgs/{orgId}/audit-events',
  'POST /v1/api-keys',
  'DELETE /v1/api-keys/{keyId}',
  'POST /v1/models/validate',
  'PUT /v1/orgs/{orgId}/model',
  'GET /v1/orgs/{orgId}/anonymization-cases',
  'GET /v1/orgs/{orgId}/anonymization-cases/{caseId}',
  'GET /v1/orgs/{orgId}/anonymization-cases/{caseId}/links',
  'POST /v1/orgs/{orgId}/anonymization-cases/{caseId}/approvals',
  'PUT /v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder',
  'DELETE /v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder',
  'PUT /v1/orgs/{orgId}/contexts/{contextId}',
  'GET /v1/orgs/{orgId}/contexts',
  'POST /v1/orgs/{orgId}/members/{userId}/contexts',
  'POST /v1/orgs/{orgId}/webhooks',
  'GET /v1/orgs/{orgId}/webhooks',
  'DELETE /v1/orgs/{orgId}/webhooks/{webhookId}',
  'GET /v1/orgs/{orgId}/webhooks/{webhookId}/deliveries',
  'GET /v1/orgs/{orgId}/notifications',
  'GET /v1/slack/teams/{teamId}',
  'POST /v1/orgs/{orgId}/slack/users/resolve',
  'POST /v1/orgs/{orgId}/slack/users/lookup',
]

const documented = () =>
  Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/v1/'))
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))

describe('GET /openapi.json', () => {
  test('lists exactly the /v1 routes the API serves', () => {
    expect(status).toBe(200)
    expect(documented().sort()).toEqual([...V1_ROUTES].sort())
  })

  for (const route of V1_ROUTES) {
    test(`documents ${route} behind bearer auth, answering 401 as a problem`, () => {
      const [method, path] = route.split(' ') as [string, string]
      const op = doc.paths[path]?.[method.toLowerCase()]
      expect(op?.security).toEqual([{ bearerAuth: [] }])
      expect(op?.responses['401']?.content).toHaveProperty(['application/problem+json'])
    })
  }
})

// POSTs that read: they change nothing, so a retry needs no key to be safe.
const READ_LIKE_POSTS = [
  'POST /v1/orgs/{orgId}/check',
  'POST /v1/orgs/{orgId}/check/batch',
  'POST /v1/models/validate',
  'POST /v1/orgs/{orgId}/slack/users/lookup',
]
const MUTATIONS = V1_ROUTES.filter((route) => !route.startsWith('GET ') && !READ_LIKE_POSTS.includes(route))

const operation = (route: string) => {
  const [method, path] = route.split(' ') as [string, string]
  return doc.paths[path]?.[method.toLowerCase()]
}
const takesIdempotencyKey = (op: Operation | undefined) =>
  op?.parameters?.some((param) => param.in === 'header' && param.name === 'idempotency-key') ?? false

// What the Idempotency-Key middleware answers before any route runs, by status.
const IDEMPOTENCY_ANSWERS = [
  ['400', ['VALIDATION_FAILED']],
  ['409', ['IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_RESPONSE_LOST', 'SECRET_SHOWN_ONCE']],
  ['422', ['IDEMPOTENCY_MISMATCH']],
] as const

describe('GET /openapi.json: Idempotency-Key', () => {
  test('every read-like POST excluded below is a documented route', () => {
    expect(V1_ROUTES).toEqual(expect.arrayContaining(READ_LIKE_POSTS))
  })

  for (const route of MUTATIONS) {
    test(`${route} takes an idempotency-key header`, () => {
      expect(takesIdempotencyKey(operation(route))).toBe(true)
    })
  }

  test('every operation taking the header declares what the middleware answers, as problems', () => {
    const keyed = V1_ROUTES.filter((route) => takesIdempotencyKey(operation(route)))
    expect(keyed.length).toBeGreaterThanOrEqual(MUTATIONS.length)
    for (const route of keyed) {
      const responses = operation(route)?.responses ?? {}
      for (const [status, codes] of IDEMPOTENCY_ANSWERS) {
        expect(responses[status]?.content, `${route} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        })
        for (const code of codes) expect(responses[status]?.description, `${route} ${status}`).toContain(code)
      }
      expect(responses['409']?.headers, route).toHaveProperty(['Retry-After'])
    }
  })
})
