import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const founder = { id: 'ana', displayName: 'Ana' }

describe('POST /v1/orgs', () => {
  test('the admin key creates an org, answering it with its consistency token', async () => {
    const res = await api.call('POST', '/v1/orgs', { body: { id: 'globex', name: 'Globex', founder } })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: 'globex',
      name: 'Globex',
      model: 'teamroom',
      features: {},
      quotas: {},
      usage: {},
      slackTeamId: null,
      backgroundPrincipal: 'Background Tasks "Globex"',
      consistency: expect.any(Number),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(res.headers.get('rolecall-consistency')).toBe(String(res.body.consistency))
  })

  test('an org created without an id gets a minted one', async () => {
    const res = await api.call('POST', '/v1/orgs', { body: { name: 'Initech', model: 'workspace', founder } })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: expect.stringMatching(/\S/), model: 'workspace' })
    expect((await api.call('GET', `/v1/orgs/${res.body.id}`)).body.name).toBe('Initech')
  })

  const founderRoles: [model: string, roles: Record<string, string[]>][] = [
    ['teamroom', { owner: ['ana'], co_owner: [] }],
    ['workspace', { owner: ['ana'], super_admin: ['ana'] }],
    ['org-admin', { admin: ['ana'], user_admin: [] }],
    ['multi-owner', { owner: ['ana'], primary_owner: ['ana'] }],
    ['admin-roles', { user_admin: ['ana'], workspace_admin: [] }],
  ]
  for (const [model, roles] of founderRoles) {
    test(`the founder holds the founder roles of ${model} and is an active member`, async () => {
      const org = await api.createOrg(model, 'ana')
      expect(await api.holders(org, 'ana')).toMatchObject(roles)
      const members = await api.call('GET', `/v1/orgs/${org}/members`, { actor: 'ana' })
      expect(members.body.members).toEqual([expect.objectContaining({ principal: 'ana', status: 'active' })])
    })
  }

  test('only the admin key creates orgs: a service key is NOT_AUTHORIZED and nothing is written', async () => {
    const before = await api.writes()
    const res = await api.call('POST', '/v1/orgs', { key: 'rc_key_any_org', body: { name: 'Sneaky', founder } })
    expectProblem(res, 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
  })

  test('an unknown preset is VALIDATION_FAILED naming body.model', async () => {
    const before = await api.writes()
    const res = await api.call('POST', '/v1/orgs', { body: { name: 'Umbrella', model: 'no-such-preset', founder } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([{ path: 'body.model', message: expect.stringContaining('teamroom') }])
    expect(await api.writes()).toEqual(before)
  })

  test('an invalid custom model is VALIDATION_FAILED with one error per problem under body.customModel', async () => {
    const before = await api.writes()
    const customModel = {
      id: 'broken',
      name: 'Broken',
      ownerRole: 'boss',
      founderRoles: ['boss'],
      roles: [
        { name: 'boss', label: { en: 'Boss', de: 'Chef' }, min: 2, max: 1, grantedBy: ['nobody'] },
        { name: 'boss', label: { en: 'Boss', de: 'Chef' } },
      ],
    }
    const res = await api.call('POST', '/v1/orgs', { body: { name: 'Broken', model: 'custom', customModel, founder } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors.length).toBeGreaterThan(0)
    for (const error of res.body.errors) {
      expect(error).toEqual({ path: expect.stringMatching(/^body\.customModel/), message: expect.any(String) })
    }
    expect(await api.writes()).toEqual(before)
  })

  test('a custom model without a model body is VALIDATION_FAILED', async () => {
    const res = await api.call('POST', '/v1/orgs', { body: { name: 'Empty', model: 'custom', founder } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors.length).toBeGreaterThan(0)
  })

  test('a valid custom model is stored and served as the org model', async () => {
    const models = await api.call('GET', '/v1/models')
    const teamroom = models.body.models.find((m: { id: string }) => m.id === 'teamroom')
    const customModel = { ...teamroom, id: 'acme-roles', name: 'Acme roles' }
    const res = await api.call('POST', '/v1/orgs', { body: { name: 'Custom', model: 'custom', customModel, founder } })
    expect(res.status).toBe(201)
    expect(res.body.model).toBe('custom')
    const model = await api.call('GET', `/v1/orgs/${res.body.id}/model`)
    expect(model.body).toMatchObject({ id: 'acme-roles', name: 'Acme roles', ownerRole: 'owner' })
  })

  test('a Slack team linked to another org is CONFLICT', async () => {
    await api.createOrg('teamroom', 'ana', { slackTeamId: 'T-TAKEN' })
    const before = await api.writes()
    const res = await api.call('POST', '/v1/orgs', { body: { name: 'Twin', founder, slackTeamId: 'T-TAKEN' } })
    expectProblem(res, 409, 'CONFLICT')
    expect(res.body.detail).toBe('Another organization is linked to this Slack team.')
    expect(await api.writes()).toEqual(before)
  })

  // Regression: addresses were unique across orgs, so a 409 here told the caller the address was on file elsewhere.
  test("a founder whose e-mail another org's person has founds the org, which keeps its own profile", async () => {
    const first = await api.must(201, 'POST', '/v1/orgs', {
      body: { name: 'Mailed', founder: { id: 'mo', displayName: 'Mo', email: 'mo@example.com' } },
    })
    const second = await api.must(201, 'POST', '/v1/orgs', {
      body: { name: 'Copycat', founder: { id: 'cat', displayName: 'Cat', email: 'mo@example.com' } },
    })
    const profile = (org: string, user: string) =>
      api.must(200, 'GET', `/v1/orgs/${org}/people/${user}`, { actor: user }).then((res) => res.body)
    expect(await profile(first.body.id, 'mo')).toMatchObject({ displayName: 'Mo', email: 'mo@example.com' })
    expect(await profile(second.body.id, 'cat')).toMatchObject({ displayName: 'Cat', email: 'mo@example.com' })
  })

  test('an id that exists already is CONFLICT and nothing is written', async () => {
    await api.must(201, 'POST', '/v1/orgs', { body: { id: 'hooli', name: 'Hooli', founder } })
    const before = await api.writes()
    const res = await api.call('POST', '/v1/orgs', {
      body: { id: 'hooli', name: 'Hooli again', founder: { id: 'gavin', displayName: 'Gavin' } },
    })
    expectProblem(res, 409, 'CONFLICT')
    expect(res.body.detail).toBe('An organization with this id exists already.')
    expect(await api.writes()).toEqual(before)
    expect((await api.call('GET', '/v1/orgs/hooli')).body.name).toBe('Hooli')
  })

  test('?dryRun=true answers the org that would be created, at consistency 0, and writes nothing', async () => {
    const body = { id: 'vandelay', name: 'Vandelay', model: 'workspace', founder, features: { licensing: true } }
    const before = await api.writes()
    const dry = await api.call('POST', '/v1/orgs?dryRun=true', { body })
    expect(await api.writes()).toEqual(before)
    expectProblem(await api.call('GET', '/v1/orgs/vandelay'), 404, 'NOT_FOUND')
    expect(dry.headers.get('rolecall-consistency')).toBe('0')
    const real = await api.call('POST', '/v1/orgs', { body })
    expect(dry.status).toBe(real.status)
    expect(dry.body).toEqual({ ...real.body, consistency: 0, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
  })

  test('?dryRun=true without an id mints one for the answer only', async () => {
    const before = await api.writes()
    const dry = await api.must(201, 'POST', '/v1/orgs?dryRun=true', { body: { name: 'Kramerica', founder } })
    expect(dry.body).toMatchObject({ id: expect.stringMatching(/\S/), name: 'Kramerica', model: 'teamroom' })
    expect(await api.writes()).toEqual(before)
    expectProblem(await api.call('GET', `/v1/orgs/${dry.body.id}`), 404, 'NOT_FOUND')
  })

  const refusedDryRuns: [name: string, body: Record<string, unknown>, status: number, code: string][] = [
    ['an id that exists already', { id: 'pendant', name: 'Pendant again', founder }, 409, 'CONFLICT'],
    ['a Slack team linked to another org', { name: 'Twin', founder, slackTeamId: 'T-PENDANT' }, 409, 'CONFLICT'],
    ['an unknown preset', { name: 'Umbrella', model: 'no-such-preset', founder }, 400, 'VALIDATION_FAILED'],
  ]
  for (const [name, body, status, code] of refusedDryRuns) {
    test(`?dryRun=true refuses ${name} exactly as the real request, and writes nothing`, async () => {
      await api.call('POST', '/v1/orgs', {
        body: {
          id: 'pendant',
          name: 'Pendant',
          founder: { id: 'pat', displayName: 'Pat', email: 'pat@example.com' },
          slackTeamId: 'T-PENDANT',
        },
      })
      const before = await api.writes()
      const dry = await api.call('POST', '/v1/orgs?dryRun=true', { body })
      expectProblem(dry, status, code)
      expect(await api.writes()).toEqual(before)
      expect(dry.body).toEqual(await api.call('POST', '/v1/orgs', { body }).then((res) => res.body))
    })
  }

  test('?dryRun=true is still for the admin key only', async () => {
    const res = await api.call('POST', '/v1/orgs?dryRun=true', {
      key: 'rc_key_any_org',
      body: { name: 'Sly', founder },
    })
    expectProblem(res, 403, 'NOT_AUTHORIZED')
  })
})

describe('GET /v1/orgs/{orgId}', () => {
  test('answers the org with its features, quotas and background principal', async () => {
    const org = await api.createOrg('teamroom', 'ana', { features: { licensing: true }, quotas: { maxTeams: 5 } })
    const res = await api.call('GET', `/v1/orgs/${org}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: org,
      model: 'teamroom',
      features: { licensing: true },
      quotas: { maxTeams: 5 },
      backgroundPrincipal: `Background Tasks "${res.body.name}"`,
    })
  })

  test('an unknown org is NOT_FOUND', async () => {
    expectProblem(await api.call('GET', '/v1/orgs/no-such-org'), 404, 'NOT_FOUND')
  })
})

describe('PATCH /v1/orgs/{orgId}', () => {
  test('features and quotas merge into what the org has', async () => {
    const org = await api.createOrg('teamroom', 'ana', { quotas: { maxFolders: 50 } })
    const created = await api.call('GET', `/v1/orgs/${org}`)
    const first = await api.call('PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: { features: { licensing: true } } })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ features: { licensing: true }, quotas: { maxFolders: 50 } })
    const second = await api.call('PATCH', `/v1/orgs/${org}`, {
      actor: 'ana',
      body: { quotas: { maxTeams: 3 }, name: 'Renamed' },
    })
    expect(second.body).toMatchObject({
      name: 'Renamed',
      features: { licensing: true },
      quotas: { maxFolders: 50, maxTeams: 3 },
      backgroundPrincipal: 'Background Tasks "Renamed"',
    })
    expect(second.body.consistency).toBeGreaterThan(first.body.consistency)
    expect(first.body.consistency).toBeGreaterThan(created.body.consistency)
    expect((await api.call('GET', `/v1/orgs/${org}`)).body).toEqual(second.body)
  })

  test('a change writes an org.updated audit event naming the actor and the change', async () => {
    const org = await api.createOrg()
    await api.must(200, 'PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: { features: { licensing: true } } })
    const events = await api.call('GET', `/v1/orgs/${org}/audit-events?type=org.updated`, { actor: 'ana' })
    expect(events.body.events).toEqual([
      expect.objectContaining({
        type: 'org.updated',
        actor: 'ana',
        data: expect.objectContaining({ features: { licensing: true } }),
      }),
    ])
  })

  test('a Slack team linked to another org is CONFLICT and nothing is written', async () => {
    await api.createOrg('teamroom', 'ana', { slackTeamId: 'T-LINKED' })
    const org = await api.createOrg()
    const before = await api.writes()
    expectProblem(
      await api.call('PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: { slackTeamId: 'T-LINKED' } }),
      409,
      'CONFLICT',
    )
    expect(await api.writes()).toEqual(before)
  })

  // The actor recorded in the audit trail is held to the same rules as on every other mutation.
  const forged: [name: string, actor: string, key: string][] = [
    ['background, which acts only inside the service', 'background', 'rc_key_any_org'],
    ['a support actor through a key without support: true', 'support:sam', 'rc_key_any_org'],
  ]
  for (const [name, actor, key] of forged) {
    test(`a change as ${name} is NOT_AUTHORIZED and writes nothing`, async () => {
      const org = await api.createOrg()
      const before = await api.writes()
      const res = await api.call('PATCH', `/v1/orgs/${org}`, { key, actor, body: { features: { licensing: true } } })
      expectProblem(res, 403, 'NOT_AUTHORIZED')
      expect(await api.writes()).toEqual(before)
    })
  }

  test('without X-Rolecall-Actor a change is VALIDATION_FAILED naming the header, and nothing is written', async () => {
    const org = await api.createOrg()
    const before = await api.writes()
    const res = await api.call('PATCH', `/v1/orgs/${org}`, { body: { features: { licensing: true } } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'header.x-rolecall-actor' })])
    expect(await api.writes()).toEqual(before)
  })

  test('?dryRun=true answers what the org would become at its current consistency, and writes nothing', async () => {
    const org = await api.createOrg('teamroom', 'ana', { features: { beta: true }, quotas: { maxFolders: 50 } })
    const current = (await api.must(200, 'GET', `/v1/orgs/${org}`)).body
    const patch = { name: 'Renamed', features: { licensing: true }, quotas: { maxTeams: 3 }, slackTeamId: 'T-DRY' }
    const before = await api.writes()
    const dry = await api.call('PATCH', `/v1/orgs/${org}?dryRun=true`, { actor: 'ana', body: patch })
    expect(dry.status).toBe(200)
    expect(dry.body).toEqual({
      ...current,
      name: 'Renamed',
      features: { beta: true, licensing: true },
      quotas: { maxFolders: 50, maxTeams: 3 },
      slackTeamId: 'T-DRY',
      backgroundPrincipal: 'Background Tasks "Renamed"',
    })
    expect(dry.headers.get('rolecall-consistency')).toBe(String(current.consistency))
    expect(await api.writes()).toEqual(before)
    expect((await api.must(200, 'GET', `/v1/orgs/${org}`)).body).toEqual(current)
    expect(await api.auditTypes(org, 'ana')).not.toContain('org.updated')
    const real = await api.call('PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: patch })
    expect(real.body).toEqual({ ...dry.body, consistency: current.consistency + 1 })
  })

  const refusedPatches: [name: string, org: () => Promise<string>, body: unknown, status: number, code: string][] = [
    [
      'a Slack team linked to another org',
      async () => {
        await api.createOrg('teamroom', 'ana', { slackTeamId: 'T-DRY-LINKED' })
        return api.createOrg()
      },
      { slackTeamId: 'T-DRY-LINKED' },
      409,
      'CONFLICT',
    ],
    ['an unknown org', async () => 'no-such-org', { features: { licensing: true } }, 404, 'NOT_FOUND'],
    ['a negative quota', () => api.createOrg(), { quotas: { maxTeams: -1 } }, 400, 'VALIDATION_FAILED'],
  ]
  for (const [name, makeOrg, body, status, code] of refusedPatches) {
    test(`?dryRun=true refuses ${name} exactly as the real request, and writes nothing`, async () => {
      const org = await makeOrg()
      const before = await api.writes()
      const dry = await api.call('PATCH', `/v1/orgs/${org}?dryRun=true`, { actor: 'ana', body })
      expectProblem(dry, status, code)
      expect(await api.writes()).toEqual(before)
      expect(dry.body).toEqual((await api.call('PATCH', `/v1/orgs/${org}`, { actor: 'ana', body })).body)
    })
  }

  test('a negative quota is VALIDATION_FAILED naming the field', async () => {
    const org = await api.createOrg()
    const res = await api.call('PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: { quotas: { maxTeams: -1 } } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.quotas.maxTeams' })])
  })

  test('an unknown org is NOT_FOUND and nothing is written', async () => {
    const before = await api.writes()
    const res = await api.call('PATCH', '/v1/orgs/no-such-org', {
      actor: 'ana',
      body: { features: { licensing: true } },
    })
    expectProblem(res, 404, 'NOT_FOUND')
    expect(await api.writes()).toEqual(before)
  })
})

describe('GET /v1/models', () => {
  test('lists the five presets, teamroom being the default', async () => {
    const res = await api.call('GET', '/v1/models')
    expect(res.status).toBe(200)
    expect(res.body.default).toBe('teamroom')
    expect(res.body.models.map((m: { id: string }) => m.id)).toEqual([
      'teamroom',
      'workspace',
      'org-admin',
      'multi-owner',
      'admin-roles',
    ])
    for (const model of res.body.models) {
      expect(model).toMatchObject({ name: expect.any(String), roles: expect.any(Array), actions: expect.any(Array) })
    }
  })

  test('needs an API key', async () => {
    expectProblem(await api.call('GET', '/v1/models', { key: 'rc_unknown' }), 401, 'UNAUTHENTICATED')
  })
})

describe('GET /v1/orgs/{orgId}/model', () => {
  test("answers the org's role model", async () => {
    const org = await api.createOrg('multi-owner')
    const res = await api.call('GET', `/v1/orgs/${org}/model`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: 'multi-owner', ownerRole: 'primary_owner' })
    expect(res.body.roles.map((r: { name: string }) => r.name)).toEqual(['owner', 'primary_owner', 'member'])
  })

  test('an unknown org is NOT_FOUND', async () => {
    expectProblem(await api.call('GET', '/v1/orgs/no-such-org/model'), 404, 'NOT_FOUND')
  })
})
