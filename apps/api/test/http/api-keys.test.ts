import { beforeAll, describe, expect, test } from 'vitest'
import { ADMIN_KEY } from '../fixtures.js'
import { type CallOptions, expectProblem, useApi } from './harness.js'

const api = useApi()

const issue = (body: Record<string, unknown>, key = ADMIN_KEY) => api.call('POST', '/v1/api-keys', { key, body })

describe('POST /v1/api-keys', () => {
  test('the admin key issues a key, showing its secret once', async () => {
    const org = await api.createOrg()
    const res = await issue({ name: 'billing-service', orgIds: [org] })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'billing-service',
      orgIds: [org],
      support: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      secret: expect.stringMatching(/^rc_/),
    })
  })

  test('an issued key works for its orgs and for no other', async () => {
    const mine = await api.createOrg()
    const other = await api.createOrg()
    const { secret } = (await issue({ name: 'svc', orgIds: [mine] })).body
    expect((await api.call('GET', `/v1/orgs/${mine}`, { key: secret })).status).toBe(200)
    const grant = await api.call('PUT', `/v1/orgs/${mine}/roles/co_owner/holders/bo`, { key: secret, actor: 'ana' })
    expect(grant.status).toBe(200)
    expectProblem(await api.call('GET', `/v1/orgs/${other}`, { key: secret }), 404, 'NOT_FOUND')
  })

  test('a key for all orgs is issued with orgIds null', async () => {
    const org = await api.createOrg()
    const res = await issue({ name: 'everywhere' })
    expect(res.body).toMatchObject({ orgIds: null, support: false })
    expect((await api.call('GET', `/v1/orgs/${org}`, { key: res.body.secret })).status).toBe(200)
  })

  test('only the admin key issues keys: a service key is NOT_AUTHORIZED and nothing is written', async () => {
    const before = await api.writes()
    expectProblem(await issue({ name: 'escalate', support: true }, 'rc_key_any_org'), 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
  })

  test('?dryRun=true answers the key that would be issued without a secret, and stores nothing', async () => {
    const org = await api.createOrg()
    const before = await api.writes()
    const dry = await api.call('POST', '/v1/api-keys?dryRun=true', { body: { name: 'preview', orgIds: [org] } })
    expect(dry.status).toBe(201)
    expect(dry.body).toEqual({
      id: expect.any(String),
      name: 'preview',
      orgIds: [org],
      support: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      secret: '',
    })
    expect(await api.writes()).toEqual(before)
    // The id names no key: there is nothing to revoke.
    expectProblem(await api.call('DELETE', `/v1/api-keys/${dry.body.id}`), 404, 'NOT_FOUND')
  })

  test('?dryRun=true refuses what the real request refuses', async () => {
    const before = await api.writes()
    const forbidden = await api.call('POST', '/v1/api-keys?dryRun=true', {
      key: 'rc_key_any_org',
      body: { name: 'escalate', support: true },
    })
    expectProblem(forbidden, 403, 'NOT_AUTHORIZED')
    const invalid = await api.call('POST', '/v1/api-keys?dryRun=true', { body: { name: 'nothing', orgIds: [] } })
    expectProblem(invalid, 400, 'VALIDATION_FAILED')
    expect(await api.writes()).toEqual(before)
  })

  test('an empty orgIds list is VALIDATION_FAILED naming body.orgIds', async () => {
    const res = await issue({ name: 'nothing', orgIds: [] })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.orgIds' })])
  })
})

describe('DELETE /v1/api-keys/{keyId}', () => {
  test('a revoked key gets UNAUTHENTICATED from then on', async () => {
    const org = await api.createOrg()
    const key = (await issue({ name: 'short-lived', orgIds: [org] })).body
    expect((await api.call('GET', `/v1/orgs/${org}`, { key: key.secret })).status).toBe(200)
    const res = await api.call('DELETE', `/v1/api-keys/${key.id}`)
    expect(res.status).toBe(204)
    expect(res.body).toBeNull()
    const after = await api.call('GET', `/v1/orgs/${org}`, { key: key.secret })
    expectProblem(after, 401, 'UNAUTHENTICATED')
    expect(after.headers.get('www-authenticate')).toContain('invalid_token')
  })

  test('revoking an unknown or already revoked key is NOT_FOUND', async () => {
    const key = (await issue({ name: 'twice' })).body
    expect((await api.call('DELETE', `/v1/api-keys/${key.id}`)).status).toBe(204)
    expectProblem(await api.call('DELETE', `/v1/api-keys/${key.id}`), 404, 'NOT_FOUND')
    expectProblem(await api.call('DELETE', '/v1/api-keys/no-such-key'), 404, 'NOT_FOUND')
  })

  test('?dryRun=true answers 204 for an active key and leaves it working', async () => {
    const org = await api.createOrg()
    const key = (await issue({ name: 'kept-by-dry-run', orgIds: [org] })).body
    const before = await api.writes()
    const dry = await api.call('DELETE', `/v1/api-keys/${key.id}?dryRun=true`)
    expect(dry.status).toBe(204)
    expect(await api.writes()).toEqual(before)
    expect((await api.call('GET', `/v1/orgs/${org}`, { key: key.secret })).status).toBe(200)
  })

  test('?dryRun=true on an unknown or revoked key is NOT_FOUND, as the real request', async () => {
    const key = (await issue({ name: 'gone' })).body
    await api.must(204, 'DELETE', `/v1/api-keys/${key.id}`)
    expectProblem(await api.call('DELETE', `/v1/api-keys/${key.id}?dryRun=true`), 404, 'NOT_FOUND')
    expectProblem(await api.call('DELETE', '/v1/api-keys/no-such-key?dryRun=true'), 404, 'NOT_FOUND')
  })

  test('only the admin key revokes keys', async () => {
    const key = (await issue({ name: 'kept' })).body
    expectProblem(await api.call('DELETE', `/v1/api-keys/${key.id}`, { key: 'rc_key_any_org' }), 403, 'NOT_AUTHORIZED')
    expect((await api.call('GET', '/v1/models', { key: key.secret })).status).toBe(200)
  })
})

describe('an API key restricted to other orgs', () => {
  // rc_key_acme reaches org `acme` only; `other` is a live org with an open invitation and transfer.
  const other = 'globex'
  let invitationId = ''
  let transferId = ''
  let webhookId = ''
  let caseId = ''
  beforeAll(async () => {
    await api.must(201, 'POST', '/v1/orgs', {
      body: { id: 'acme', name: 'Acme', founder: { id: 'ana', displayName: 'Ana' } },
    })
    await api.must(201, 'POST', '/v1/orgs', {
      body: { id: other, name: 'Globex', founder: { id: 'ana', displayName: 'Ana' } },
    })
    await api.join(other, 'bo', 'ana')
    invitationId = (
      await api.must(201, 'POST', `/v1/orgs/${other}/invitations`, {
        actor: 'ana',
        body: { user: { id: 'cy', displayName: 'Cy' } },
      })
    ).body.invitationId
    transferId = (
      await api.must(201, 'POST', `/v1/orgs/${other}/ownership-transfers`, { actor: 'ana', body: { to: 'bo' } })
    ).body.transferId
    webhookId = (
      await api.must(201, 'POST', `/v1/orgs/${other}/webhooks`, { body: { url: 'https://example.com/hooks' } })
    ).body.id
    await api.join(other, 'zed', 'ana')
    caseId = (await api.must(200, 'DELETE', `/v1/orgs/${other}/members/zed`, { actor: 'ana' })).body.caseId
  })

  // Each org route by its OpenAPI template, and a request to it that would succeed with a key reaching `other`.
  const routes: [route: string, path: () => string, options: CallOptions][] = [
    ['GET /v1/orgs/{orgId}', () => `/v1/orgs/${other}`, {}],
    ['PATCH /v1/orgs/{orgId}', () => `/v1/orgs/${other}`, { actor: 'ana', body: { features: { licensing: true } } }],
    ['GET /v1/orgs/{orgId}/model', () => `/v1/orgs/${other}/model`, {}],
    ['GET /v1/orgs/{orgId}/members', () => `/v1/orgs/${other}/members`, { actor: 'ana' }],
    [
      'POST /v1/orgs/{orgId}/invitations',
      () => `/v1/orgs/${other}/invitations`,
      { actor: 'ana', body: { user: { id: 'dan', displayName: 'Dan' } } },
    ],
    [
      'POST /v1/orgs/{orgId}/invitations/{invitationId}/accept',
      () => `/v1/orgs/${other}/invitations/${invitationId}/accept`,
      { actor: 'cy' },
    ],
    ['DELETE /v1/orgs/{orgId}/members/{userId}', () => `/v1/orgs/${other}/members/bo`, { actor: 'ana' }],
    ['GET /v1/orgs/{orgId}/people/{userId}', () => `/v1/orgs/${other}/people/ana`, { actor: 'ana' }],
    [
      'PATCH /v1/orgs/{orgId}/people/{userId}',
      () => `/v1/orgs/${other}/people/ana`,
      { actor: 'ana', body: { displayName: 'Mallory' } },
    ],
    ['GET /v1/orgs/{orgId}/roles', () => `/v1/orgs/${other}/roles`, { actor: 'ana' }],
    [
      'PUT /v1/orgs/{orgId}/roles/{role}/holders/{principalId}',
      () => `/v1/orgs/${other}/roles/admin/holders/bo`,
      { actor: 'ana' },
    ],
    [
      'DELETE /v1/orgs/{orgId}/roles/{role}/holders/{principalId}',
      () => `/v1/orgs/${other}/roles/owner/holders/ana`,
      { actor: 'ana' },
    ],
    [
      'POST /v1/orgs/{orgId}/ownership-transfers',
      () => `/v1/orgs/${other}/ownership-transfers`,
      { actor: 'ana', body: { to: 'bo' } },
    ],
    [
      'GET /v1/orgs/{orgId}/ownership-transfers/current',
      () => `/v1/orgs/${other}/ownership-transfers/current`,
      { actor: 'ana' },
    ],
    ...(['accept', 'decline', 'cancel'] as const).map((step): [string, () => string, CallOptions] => [
      `POST /v1/orgs/{orgId}/ownership-transfers/{transferId}/${step}`,
      () => `/v1/orgs/${other}/ownership-transfers/${transferId}/${step}`,
      { actor: step === 'cancel' ? 'ana' : 'bo' },
    ]),
    [
      'POST /v1/orgs/{orgId}/check',
      () => `/v1/orgs/${other}/check`,
      { body: { principal: 'ana', action: 'org.manage' } },
    ],
    [
      'POST /v1/orgs/{orgId}/check/batch',
      () => `/v1/orgs/${other}/check/batch`,
      { body: { checks: [{ principal: 'ana', action: 'org.manage' }] } },
    ],
    ['GET /v1/orgs/{orgId}/audit-events', () => `/v1/orgs/${other}/audit-events`, { actor: 'ana' }],
    ['POST /v1/orgs/{orgId}/webhooks', () => `/v1/orgs/${other}/webhooks`, { body: { url: 'https://example.com/h' } }],
    ['GET /v1/orgs/{orgId}/webhooks', () => `/v1/orgs/${other}/webhooks`, {}],
    ['DELETE /v1/orgs/{orgId}/webhooks/{webhookId}', () => `/v1/orgs/${other}/webhooks/${webhookId}`, {}],
    [
      'GET /v1/orgs/{orgId}/webhooks/{webhookId}/deliveries',
      () => `/v1/orgs/${other}/webhooks/${webhookId}/deliveries`,
      {},
    ],
    ['GET /v1/orgs/{orgId}/notifications', () => `/v1/orgs/${other}/notifications`, { actor: 'ana' }],
    ['PUT /v1/orgs/{orgId}/model', () => `/v1/orgs/${other}/model`, { actor: 'ana', body: { model: 'teamroom' } }],
    ['GET /v1/orgs/{orgId}/contexts', () => `/v1/orgs/${other}/contexts`, { actor: 'ana' }],
    [
      'PUT /v1/orgs/{orgId}/contexts/{contextId}',
      () => `/v1/orgs/${other}/contexts/team:1`,
      { actor: 'ana', body: { kind: 'team', name: 'Team 1' } },
    ],
    [
      'POST /v1/orgs/{orgId}/members/{userId}/contexts',
      () => `/v1/orgs/${other}/members/bo/contexts`,
      { actor: 'ana', body: { add: ['team:1'] } },
    ],
    ['GET /v1/orgs/{orgId}/anonymization-cases', () => `/v1/orgs/${other}/anonymization-cases`, { actor: 'ana' }],
    [
      'GET /v1/orgs/{orgId}/anonymization-cases/{caseId}',
      () => `/v1/orgs/${other}/anonymization-cases/${caseId}`,
      { actor: 'ana' },
    ],
    [
      'GET /v1/orgs/{orgId}/anonymization-cases/{caseId}/links',
      () => `/v1/orgs/${other}/anonymization-cases/${caseId}/links`,
      { actor: 'ana' },
    ],
    [
      'POST /v1/orgs/{orgId}/anonymization-cases/{caseId}/approvals',
      () => `/v1/orgs/${other}/anonymization-cases/${caseId}/approvals`,
      { actor: 'ana' },
    ],
    [
      'PUT /v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder',
      () => `/v1/orgs/${other}/anonymization-cases/${caseId}/reminder`,
      { actor: 'ana', body: { at: '2099-01-01T09:00:00Z' } },
    ],
    [
      'DELETE /v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder',
      () => `/v1/orgs/${other}/anonymization-cases/${caseId}/reminder`,
      { actor: 'ana' },
    ],
    [
      'POST /v1/orgs/{orgId}/slack/users/resolve',
      () => `/v1/orgs/${other}/slack/users/resolve`,
      { body: { slackUserId: 'U0BO' } },
    ],
    [
      'POST /v1/orgs/{orgId}/slack/users/lookup',
      () => `/v1/orgs/${other}/slack/users/lookup`,
      { body: { userIds: ['bo'] } },
    ],
  ]

  test('the table covers every org route in the OpenAPI document', async () => {
    const doc = (await api.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> }
    const orgRoutes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/orgs/{orgId}'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
    expect(routes.map(([route]) => route).sort()).toEqual(orgRoutes.sort())
  })

  for (const [route, path, options] of routes) {
    test(`${route} is NOT_FOUND, as for an org that does not exist, and writes nothing`, async () => {
      const method = route.split(' ')[0] as string
      const before = await api.writes()
      const res = await api.call(method, path(), { ...options, key: 'rc_key_acme' })
      expectProblem(res, 404, 'NOT_FOUND')
      expect(res.body.detail).toBe(`There is no organization ${other}.`)
      expect(await api.writes()).toEqual(before)
    })
  }

  test('the same key reaches its own org', async () => {
    expect((await api.call('GET', '/v1/orgs/acme', { key: 'rc_key_acme' })).status).toBe(200)
    const res = await api.call('PUT', '/v1/orgs/acme/roles/co_owner/holders/bo', { key: 'rc_key_acme', actor: 'ana' })
    expect(res.status).toBe(200)
  })
})

describe('X-Rolecall-Actor: support and background principals', () => {
  /** An admin-roles org founded by ula, its user admin. */
  const adminRoles = () => api.createOrg('admin-roles', 'ula')
  const dataAccess = (org: string, principal: string) => `/v1/orgs/${org}/roles/data_access_admin/holders/${principal}`

  test('a support actor through a key without support: true is NOT_AUTHORIZED, nothing written', async () => {
    const org = await adminRoles()
    const before = await api.writes()
    const res = await api.call('PUT', dataAccess(org, 'support:sam'), { key: 'rc_key_any_org', actor: 'support:sam' })
    expectProblem(res, 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
  })

  test('through the support key, a support principal is granted the reserved data_access_admin', async () => {
    const org = await adminRoles()
    const res = await api.call('PUT', dataAccess(org, 'support:sam'), { key: 'rc_key_support', actor: 'support:sam' })
    expect(res.status).toBe(200)
    expect(res.body.effects).toEqual([
      expect.objectContaining({ kind: 'role.granted', role: 'data_access_admin', principal: 'support:sam' }),
    ])
    expect((await api.holders(org, 'ula')).data_access_admin).toEqual(['support:sam'])
  })

  test('the user admin grants data_access_admin to a support principal, but to nobody else: RESERVED_ROLE', async () => {
    const org = await adminRoles()
    await api.join(org, 'bo', 'ula')
    expect((await api.call('PUT', dataAccess(org, 'support:kim'), { actor: 'ula' })).status).toBe(200)
    const before = await api.writes()
    expectProblem(await api.call('PUT', dataAccess(org, 'bo'), { actor: 'ula' }), 409, 'RESERVED_ROLE')
    expect(await api.writes()).toEqual(before)
  })

  const backgroundRoutes: [method: string, path: (org: string) => string, options: CallOptions][] = [
    ['PUT', (org) => `/v1/orgs/${org}/roles/co_owner/holders/bo`, {}],
    ['POST', (org) => `/v1/orgs/${org}/invitations`, { body: { user: { id: 'dan', displayName: 'Dan' } } }],
    ['GET', (org) => `/v1/orgs/${org}/members`, {}],
  ]
  for (const [method, path, options] of backgroundRoutes) {
    test(`background acts only inside the service: ${method} as background is NOT_AUTHORIZED`, async () => {
      const org = await api.createOrg()
      const before = await api.writes()
      expectProblem(await api.call(method, path(org), { ...options, actor: 'background' }), 403, 'NOT_AUTHORIZED')
      expect(await api.writes()).toEqual(before)
    })
  }
})
