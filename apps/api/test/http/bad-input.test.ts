import { beforeAll, describe, expect, test } from 'vitest'
import { type CallOptions, expectProblem, useApi } from './harness.js'

const api = useApi()

const ORG = 'acme'
const founder = { id: 'ana', displayName: 'Ana' }
const json = { 'Content-Type': 'application/json' }
const oversized = JSON.stringify({ name: 'x'.repeat(1024 * 1024), founder })

beforeAll(async () => {
  await api.must(201, 'POST', '/v1/orgs', { body: { id: ORG, name: 'Acme', founder } })
  await api.join(ORG, 'bo', 'ana')
})

interface BadRequest {
  name: string
  method: string
  path: string
  options?: CallOptions
  status: number
  code: string
  /** The fields `errors` must name, when the problem lists them. */
  paths?: string[]
}

const bad: BadRequest[] = [
  {
    name: 'malformed JSON',
    method: 'POST',
    path: '/v1/orgs',
    options: { body: '{"name": "Acme", "founder": ' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'wrong types, each field named',
    method: 'POST',
    path: '/v1/orgs',
    options: { body: { name: 42, founder: { id: 7 }, features: { licensing: 'yes' } } },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['body.name', 'body.founder.id', 'body.founder.displayName', 'body.features.licensing'],
  },
  {
    name: 'a missing body',
    method: 'POST',
    path: '/v1/orgs',
    options: { headers: json },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a body that is not JSON',
    method: 'POST',
    path: `/v1/orgs/${ORG}/invitations`,
    options: { actor: 'ana', headers: { 'Content-Type': 'text/plain' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a JSON array where an object belongs',
    method: 'POST',
    path: `/v1/orgs/${ORG}/check`,
    options: { body: [{ principal: 'ana', action: 'org.manage' }] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'JSON null as the body',
    method: 'PATCH',
    path: `/v1/orgs/${ORG}`,
    options: { actor: 'ana', body: 'null' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an org id with spaces',
    method: 'POST',
    path: '/v1/orgs',
    options: { body: { id: 'has spaces', name: 'Spaces', founder } },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['body.id'],
  },
  {
    name: 'an invalid e-mail',
    method: 'POST',
    path: `/v1/orgs/${ORG}/invitations`,
    options: { actor: 'ana', body: { user: { id: 'cy', displayName: 'Cy', email: 'not-an-email' } } },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['body.user.email'],
  },
  {
    name: 'an unknown formerHolder',
    method: 'POST',
    path: `/v1/orgs/${ORG}/ownership-transfers`,
    options: { actor: 'ana', body: { to: 'bo', formerHolder: 'ghost' } },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['body.formerHolder'],
  },
  {
    name: 'a fractional quota',
    method: 'PATCH',
    path: `/v1/orgs/${ORG}`,
    options: { actor: 'ana', body: { quotas: { maxTeams: 1.5 } } },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['body.quotas.maxTeams'],
  },
  {
    name: 'a batch that is not a list',
    method: 'POST',
    path: `/v1/orgs/${ORG}/check/batch`,
    options: { body: { checks: { principal: 'ana', action: 'org.manage' } } },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['body.checks'],
  },
  {
    name: 'a dryRun flag that is not true or false',
    method: 'PUT',
    path: `/v1/orgs/${ORG}/roles/admin/holders/bo?dryRun=yes`,
    options: { actor: 'ana' },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['query.dryRun'],
  },
  {
    name: 'a limit of 0',
    method: 'GET',
    path: `/v1/orgs/${ORG}/members?limit=0`,
    options: { actor: 'ana' },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['query.limit'],
  },
  {
    name: 'a role name longer than 200 characters',
    method: 'PUT',
    path: `/v1/orgs/${ORG}/roles/${'r'.repeat(201)}/holders/bo`,
    options: { actor: 'ana' },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['path.role'],
  },
  {
    name: 'a body over 1 MiB',
    method: 'POST',
    path: '/v1/orgs',
    // On a connection of its own: the server does not read the rest of the body (see the last test).
    options: { body: oversized, headers: { Connection: 'close' } },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'an unknown route',
    method: 'GET',
    path: '/v1/no-such-route',
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'an unknown route outside /v1',
    method: 'POST',
    path: '/admin',
    options: { body: {} },
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'a missing bearer token',
    method: 'GET',
    path: `/v1/orgs/${ORG}`,
    options: { headers: { Authorization: '' } },
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'another authorization scheme',
    method: 'GET',
    path: `/v1/orgs/${ORG}`,
    options: { headers: { Authorization: 'Basic YW5hOnNlY3JldA==' } },
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'an unknown bearer token on a mutation',
    method: 'PUT',
    path: `/v1/orgs/${ORG}/roles/admin/holders/bo`,
    options: { key: 'rc_not_a_key', actor: 'ana' },
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  ...(
    [
      ['PUT', `/v1/orgs/${ORG}/roles/admin/holders/bo`, undefined],
      ['DELETE', `/v1/orgs/${ORG}/roles/admin/holders/bo`, undefined],
      ['POST', `/v1/orgs/${ORG}/invitations`, { user: { id: 'cy', displayName: 'Cy' } }],
      ['DELETE', `/v1/orgs/${ORG}/members/bo`, undefined],
      ['POST', `/v1/orgs/${ORG}/ownership-transfers`, { to: 'bo' }],
    ] as const
  ).map(
    ([method, path, body]): BadRequest => ({
      name: `a missing actor on ${method} ${path.replace(ORG, '{orgId}')}`,
      method,
      path,
      options: body ? { body } : {},
      status: 400,
      code: 'VALIDATION_FAILED',
      paths: ['header.x-rolecall-actor'],
    }),
  ),
  {
    name: 'a blank actor',
    method: 'PUT',
    path: `/v1/orgs/${ORG}/roles/admin/holders/bo`,
    options: { headers: { 'X-Rolecall-Actor': '   ' } },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['header.x-rolecall-actor'],
  },
  {
    name: 'a support actor without a name',
    method: 'PUT',
    path: `/v1/orgs/${ORG}/roles/admin/holders/bo`,
    options: { actor: 'support:' },
    status: 400,
    code: 'VALIDATION_FAILED',
    paths: ['header.x-rolecall-actor'],
  },
]

describe('malformed requests', () => {
  for (const { name, method, path, options, status, code, paths } of bad) {
    test(`${name} is ${status} ${code}, as problem+json, and writes nothing`, async () => {
      const before = await api.writes()
      const res = await api.call(method, path, options)
      expectProblem(res, status, code)
      expect(res.body).toMatchObject({
        type: `urn:rolecall:problem:${code}`,
        status,
        detail: expect.any(String),
        instance: path.split('?')[0],
      })
      if (paths) expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort())
      expect(await api.writes()).toEqual(before)
    })
  }

  test('a missing bearer token is challenged with WWW-Authenticate', async () => {
    const res = await api.call('GET', `/v1/orgs/${ORG}`, { headers: { Authorization: '' } })
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="rolecall"/)
  })
})

// Last in the file: a connection this test leaves behind must not carry another test's request.
describe('a body over 1 MiB on a keep-alive connection', () => {
  // RFC 9112 §9.6: a server that answers before reading the whole body closes the connection and says so;
  // otherwise the client reuses a socket the server is about to drop, and its next request fails.
  test('is answered with Connection: close', async () => {
    const res = await api.call('POST', '/v1/orgs', { body: oversized })
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE')
    expect(res.headers.get('connection')).toBe('close')
  })
})
