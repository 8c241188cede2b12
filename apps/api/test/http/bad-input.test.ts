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

// A lone UTF-16 surrogate, as JSON text carries one: an escape. Decoded, it is not valid Unicode.
const HIGH = '\\ud800'
const LOW = '\\udfff'
const ana = '{"id":"ana","displayName":"Ana"}'

/** [route, body as JSON text, the fields `errors` must name] for a body holding lone surrogates. */
const loneSurrogates: [string, string, string, string[]][] = [
  ['POST', '/v1/orgs', `{"name":"Acme 2","founder":{"id":"${HIGH}","displayName":"Ana"}}`, ['body.founder.id']],
  [
    'POST',
    '/v1/orgs',
    `{"name":"Acme ${HIGH}","founder":{"id":"zed","displayName":"${LOW}Zed"}}`,
    ['body.name', 'body.founder.displayName'],
  ],
  ['POST', '/v1/orgs', `{"name":"Acme 3","founder":${ana},"features":{"x${HIGH}":true}}`, ['body.features']],
  [
    'POST',
    '/v1/orgs',
    `{"name":"Acme 4","founder":${ana},"model":"custom","customModel":{"roles":[{"id":"a"},{"id":"${LOW}"}]}}`,
    ['body.customModel.roles[1].id'],
  ],
  ['PATCH', `/v1/orgs/${ORG}`, `{"name":"${HIGH}"}`, ['body.name']],
  ['POST', `/v1/orgs/${ORG}/invitations`, `{"user":{"id":"${HIGH}","displayName":"Cy"}}`, ['body.user.id']],
  [
    'POST',
    `/v1/orgs/${ORG}/invitations`,
    `{"user":{"id":"cy","displayName":"Cy"},"roles":["admin","${LOW}"]}`,
    ['body.roles[1]'],
  ],
  ['PUT', `/v1/orgs/${ORG}/contexts/workspace:sales`, `{"kind":"workspace","name":"${HIGH}"}`, ['body.name']],
  ['POST', `/v1/orgs/${ORG}/members/bo/contexts`, `{"add":["workspace:${HIGH}"]}`, ['body.add[0]']],
  ['POST', `/v1/orgs/${ORG}/ownership-transfers`, `{"to":"${HIGH}"}`, ['body.to']],
  ['POST', `/v1/orgs/${ORG}/check`, `{"principal":"${HIGH}","action":"org.manage"}`, ['body.principal']],
  [
    'POST',
    `/v1/orgs/${ORG}/check/batch`,
    `{"checks":[{"principal":"bo","action":"org.manage"},{"principal":"bo","action":"org.manage","context":"${LOW}"}]}`,
    ['body.checks[1].context'],
  ],
  ['POST', `/v1/orgs/${ORG}/slack/users/lookup`, `{"userIds":["${HIGH}"]}`, ['body.userIds[0]']],
  ['POST', '/v1/api-keys', `{"name":"billing ${LOW}"}`, ['body.name']],
  ['POST', '/v1/models/validate', `{"id":"m","roles":[{"id":"${HIGH}"}]}`, ['body.roles[0].id']],
]
bad.push(
  ...loneSurrogates.map(
    ([method, path, body, paths]): BadRequest => ({
      name: `a lone surrogate in ${paths.join(' and ')} of ${method} ${path.replace(ORG, '{orgId}')}`,
      method,
      path,
      options: { actor: 'ana', body },
      status: 400,
      code: 'VALIDATION_FAILED',
      paths,
    }),
  ),
)

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

describe('text that is not valid Unicode', () => {
  test('a surrogate pair written as JSON escapes is one character, and valid', async () => {
    const res = await api.call('POST', '/v1/orgs', { body: `{"name":"Acme \\ud83d\\ude00","founder":${ana}}` })
    expect(res.status).toBe(201)
    expect(res.body.name).toBe('Acme 😀')
  })

  // A percent-escaped surrogate is not UTF-8, so it never decodes into one: the text is taken as written.
  // Headers are bytes, so none holds one either; these pin that no such request fails on the way to storage.
  const escaped: [string, string, CallOptions][] = [
    ['a path parameter', '/v1/orgs/%ED%A0%80', {}],
    ['a query parameter', `/v1/orgs/${ORG}/members?search=%ED%A0%80`, {}],
    ['a filter of the audit log', `/v1/orgs/${ORG}/audit-events?actor=%ED%A0%80`, {}],
    ['an actor header as UTF-8 bytes', `/v1/orgs/${ORG}/members`, { headers: { 'X-Rolecall-Actor': '\xed\xa0\x80' } }],
  ]
  for (const [name, path, options] of escaped) {
    test(`a surrogate in ${name} is answered without a server error`, async () => {
      const res = await api.call('GET', path, { actor: 'ana', ...options })
      expect(res.status).toBeLessThan(500)
      expect(JSON.stringify(res.body)).not.toMatch(/\\ud[89a-f]/i)
    })
  }
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
