import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listen, testDeps } from '../fixtures.js'

interface Operation {
  security?: Record<string, string[]>[]
  responses: Record<string, { content?: Record<string, unknown> }>
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
