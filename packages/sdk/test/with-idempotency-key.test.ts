import { describe, expect, test } from 'vitest'
import { createRolecall } from '../src/create-rolecall.js'
import { withIdempotencyKey } from '../src/with-idempotency-key.js'

const request = (method: string, headers: Record<string, string> = {}) =>
  new Request('https://rolecall.test/v1/anything', {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: '{"a":1}' }),
  })

type Case = [
  name: string,
  method: string,
  schemaPath: string,
  want: 'fresh' | 'none' | 'mine',
  headers?: Record<string, string>,
]
const cases: Case[] = [
  ['a grant (PUT) gets a fresh key', 'PUT', '/v1/orgs/{orgId}/roles/{role}/holders/{principalId}', 'fresh'],
  ['an invitation (POST) gets a fresh key', 'POST', '/v1/orgs/{orgId}/invitations', 'fresh'],
  ['an org update (PATCH) gets a fresh key', 'PATCH', '/v1/orgs/{orgId}', 'fresh'],
  ['a removal (DELETE) gets a fresh key', 'DELETE', '/v1/orgs/{orgId}/members/{userId}', 'fresh'],
  ['a GET gets none', 'GET', '/v1/orgs/{orgId}', 'none'],
  ['a check is a read and gets none', 'POST', '/v1/orgs/{orgId}/check', 'none'],
  ['a batch check is a read and gets none', 'POST', '/v1/orgs/{orgId}/check/batch', 'none'],
  ['a model validation is a read and gets none', 'POST', '/v1/models/validate', 'none'],
  ['a Slack user lookup is a read and gets none', 'POST', '/v1/orgs/{orgId}/slack/users/lookup', 'none'],
  ['a Slack user resolution writes and gets a fresh key', 'POST', '/v1/orgs/{orgId}/slack/users/resolve', 'fresh'],
  ["the caller's own key is kept", 'PATCH', '/v1/orgs/{orgId}', 'mine', { 'Idempotency-Key': 'mine' }],
]

// Which operation takes a key is what the API's spec declares (src/generated/idempotent-operations.ts).
describe('withIdempotencyKey', () => {
  for (const [name, method, schemaPath, want, headers] of cases) {
    test(name, async () => {
      const input = request(method, headers)
      const sent = withIdempotencyKey(input, schemaPath)
      const key = sent.headers.get('Idempotency-Key')
      if (want === 'fresh') expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      else expect(key).toBe(want === 'mine' ? 'mine' : null)
      expect(sent.method).toBe(input.method)
      if (input.method !== 'GET') expect(await sent.text()).toBe('{"a":1}')
    })
  }

  test('each call gets its own key', () => {
    const keys = [1, 2, 3].map(() => withIdempotencyKey(request('POST'), '/v1/orgs').headers.get('Idempotency-Key'))
    expect(new Set(keys).size).toBe(3)
  })

  test('the client keys its mutations and not its checks, wherever its base URL puts the API', async () => {
    const sent: Request[] = []
    const rolecall = createRolecall({
      baseUrl: 'https://rolecall.test/behind/a/proxy',
      apiKey: 'rc_key_test',
      actor: 'usr_ana',
      fetch: async (request) => {
        sent.push(request)
        return Response.json({ allowed: true })
      },
    })
    await rolecall.check('acme', { principal: 'usr_bo', action: 'org.manage' })
    await rolecall.roles.grant('acme', 'admin', 'usr_bo')
    expect(sent.map((r) => [new URL(r.url).pathname, r.headers.has('Idempotency-Key')])).toEqual([
      ['/behind/a/proxy/v1/orgs/acme/check', false],
      ['/behind/a/proxy/v1/orgs/acme/roles/admin/holders/usr_bo', true],
    ])
  })
})
