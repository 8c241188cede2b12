import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const check = (org: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.call('POST', `/v1/orgs/${org}/check`, { body, ...(headers ? { headers } : {}) })

/** A teamroom org: ana owner, bo co-owner, cy a plain member. */
async function teamroom() {
  const org = await api.createOrg('teamroom', 'ana')
  await api.join(org, 'bo', 'ana', ['co_owner'])
  await api.join(org, 'cy', 'ana')
  return org
}

describe('POST /v1/orgs/{orgId}/check', () => {
  test('a principal whose role has the action is allowed', async () => {
    const org = await teamroom()
    const res = await check(org, { principal: 'bo', action: 'org.manage' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ allowed: true })
  })

  test("answers carry JSON and a request id: the caller's when safe to echo, else a new one", async () => {
    const org = await teamroom()
    const given = await check(org, { principal: 'bo', action: 'org.manage' }, { 'X-Request-Id': 'trace-42' })
    expect(given.headers.get('x-request-id')).toBe('trace-42')
    expect(given.headers.get('content-type')).toMatch(/^application\/json/)
    const unsafe = await check(org, { principal: 'bo', action: 'org.manage' }, { 'X-Request-Id': 'a b' })
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('a principal without it is denied with the code, a sentence, the roles that could and whom to ask', async () => {
    const org = await teamroom()
    const res = await check(org, { principal: 'cy', action: 'org.manage' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      allowed: false,
      code: 'NOT_AUTHORIZED',
      detail: expect.stringContaining('manage the organization'),
      allowedRoles: expect.arrayContaining(['owner', 'co_owner', 'admin']),
      contact: 'ana',
    })
  })

  test('the contact is the main owner when one is set', async () => {
    const org = await teamroom()
    await api.grant(org, 'main_owner', 'bo', 'ana')
    expect((await check(org, { principal: 'cy', action: 'org.manage' })).body.contact).toBe('bo')
  })

  test('an action the model lacks is UNKNOWN_ROLE', async () => {
    const org = await teamroom()
    expectProblem(await check(org, { principal: 'ana', action: 'rockets.launch' }), 422, 'UNKNOWN_ROLE')
  })

  test('licenses.purchase is FEATURE_DISABLED until the licensing feature is switched on', async () => {
    const org = await teamroom()
    const off = await check(org, { principal: 'ana', action: 'licenses.purchase' })
    expect(off.body).toMatchObject({
      allowed: false,
      code: 'FEATURE_DISABLED',
      detail: expect.stringContaining('licensing'),
    })
    await api.must(200, 'PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: { features: { licensing: true } } })
    expect((await check(org, { principal: 'ana', action: 'licenses.purchase' })).body).toEqual({ allowed: true })
    expect((await check(org, { principal: 'cy', action: 'licenses.purchase' })).body.code).toBe('NOT_AUTHORIZED')
  })

  test('an action over its plan quota is QUOTA_EXCEEDED', async () => {
    const org = await api.createOrg('workspace', 'ana')
    expect((await check(org, { principal: 'ana', action: 'teams.create' })).body).toEqual({ allowed: true })
    await api.must(200, 'PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: { quotas: { maxTeams: 0 } } })
    const res = await check(org, { principal: 'ana', action: 'teams.create' })
    expect(res.body).toMatchObject({ allowed: false, code: 'QUOTA_EXCEEDED' })
  })

  test('the background principal accesses all teamrooms and does nothing else', async () => {
    const org = await teamroom()
    expect((await check(org, { principal: 'background', action: 'teamrooms.access' })).body).toEqual({ allowed: true })
    expect((await check(org, { principal: 'background', action: 'org.manage' })).body.allowed).toBe(false)
  })

  test('an admin has no teamroom access', async () => {
    const org = await teamroom()
    await api.grant(org, 'admin', 'cy', 'ana')
    expect((await check(org, { principal: 'cy', action: 'teamrooms.access' })).body.allowed).toBe(false)
  })

  test('a check reflects a grant made just before', async () => {
    const org = await teamroom()
    const grant = await api.grant(org, 'admin', 'cy', 'ana')
    const res = await api.call('POST', `/v1/orgs/${org}/check?consistency=${grant.body.consistency}`, {
      body: { principal: 'cy', action: 'members.invite' },
    })
    expect(res.body).toEqual({ allowed: true })
  })

  test('Accept-Language: de answers the detail in German', async () => {
    const org = await teamroom()
    const res = await check(org, { principal: 'cy', action: 'org.manage' }, { 'Accept-Language': 'de' })
    expect(res.body.detail).toContain('Organisation verwalten')
  })

  test('a check without a principal is VALIDATION_FAILED naming body.principal', async () => {
    const org = await teamroom()
    const res = await check(org, { action: 'org.manage' })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.principal' })])
  })

  test('an unknown org is NOT_FOUND', async () => {
    expectProblem(await check('no-such-org', { principal: 'ana', action: 'org.manage' }), 404, 'NOT_FOUND')
  })
})

describe('POST /v1/orgs/{orgId}/check/batch', () => {
  const kinds = [
    { principal: 'ana', action: 'org.manage' },
    { principal: 'cy', action: 'org.manage' },
    { principal: 'ana', action: 'licenses.purchase' },
    { principal: 'cy', action: 'support.handle', context: 'teamroom:42' },
  ]

  test('answers 100 checks in request order, each as the single check answers it', async () => {
    const org = await teamroom()
    const singles: { code?: string }[] = []
    for (const body of kinds) singles.push((await check(org, body)).body)
    const checks = Array.from({ length: 100 }, (_, i) => kinds[(i * 7) % kinds.length])
    const res = await api.call('POST', `/v1/orgs/${org}/check/batch`, { body: { checks } })
    expect(res.status).toBe(200)
    expect(res.body.results).toHaveLength(100)
    expect(res.body.results).toEqual(checks.map((_, i) => singles[(i * 7) % kinds.length]))
    expect(singles.map((s) => s.code ?? 'allowed')).toEqual([
      'allowed',
      'NOT_AUTHORIZED',
      'FEATURE_DISABLED',
      'NOT_AUTHORIZED',
    ])
  })

  test('101 checks are VALIDATION_FAILED naming body.checks', async () => {
    const org = await teamroom()
    const checks = Array.from({ length: 101 }, () => kinds[0])
    const res = await api.call('POST', `/v1/orgs/${org}/check/batch`, { body: { checks } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.checks' })])
  })

  test('an empty batch is VALIDATION_FAILED', async () => {
    const org = await teamroom()
    expectProblem(
      await api.call('POST', `/v1/orgs/${org}/check/batch`, { body: { checks: [] } }),
      400,
      'VALIDATION_FAILED',
    )
  })
})
