import { describe, expect, test } from 'vitest'
import { withIdempotencyKey } from '../src/with-idempotency-key.js'

const request = (method: string, path: string, headers: Record<string, string> = {}) =>
  new Request(`https://rolecall.test${path}`, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: '{"a":1}' }),
  })

const cases: [name: string, request: Request, want: 'fresh' | 'none' | 'mine'][] = [
  ['a PUT gets a fresh key', request('PUT', '/v1/orgs/acme/roles/admin/holders/bo'), 'fresh'],
  ['a POST gets a fresh key', request('POST', '/v1/orgs/acme/invitations'), 'fresh'],
  ['a PATCH gets a fresh key', request('PATCH', '/v1/orgs/acme'), 'fresh'],
  ['a DELETE gets a fresh key', request('DELETE', '/v1/orgs/acme/members/bo'), 'fresh'],
  ['a GET gets none', request('GET', '/v1/orgs/acme'), 'none'],
  ['a check is a read and gets none', request('POST', '/v1/orgs/acme/check'), 'none'],
  ['a batch check is a read and gets none', request('POST', '/v1/orgs/acme/check/batch'), 'none'],
  ['a model validation is a read and gets none', request('POST', '/v1/models/validate'), 'none'],
  ['a Slack user lookup is a read and gets none', request('POST', '/v1/orgs/acme/slack/users/lookup'), 'none'],
  [
    'a Slack user resolution writes and gets a fresh key',
    request('POST', '/v1/orgs/acme/slack/users/resolve'),
    'fresh',
  ],
  ["the caller's own key is kept", request('PUT', '/v1/orgs/acme', { 'Idempotency-Key': 'mine' }), 'mine'],
]

describe('withIdempotencyKey', () => {
  for (const [name, input, want] of cases) {
    test(name, async () => {
      const sent = withIdempotencyKey(input)
      const key = sent.headers.get('Idempotency-Key')
      if (want === 'fresh') expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      else expect(key).toBe(want === 'mine' ? 'mine' : null)
      expect(sent.method).toBe(input.method)
      if (input.method !== 'GET') expect(await sent.text()).toBe('{"a":1}')
    })
  }

  test('each call gets its own key', () => {
    const keys = [1, 2, 3].map(() => withIdempotencyKey(request('POST', '/v1/orgs')).headers.get('Idempotency-Key'))
    expect(new Set(keys).size).toBe(3)
  })
})
