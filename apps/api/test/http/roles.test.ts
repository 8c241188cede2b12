import { beforeAll, describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const holderPath = (org: string, role: string, principal: string, query = '') =>
  `/v1/orgs/${org}/roles/${role}/holders/${principal}${query}`

const roleOf = async (org: string, role: string, actor = 'ana') => {
  const res = await api.must(200, 'GET', `/v1/orgs/${org}/roles`, { actor })
  return res.body.roles.find((r: { role: string }) => r.role === role)
}

/** A teamroom org: ana owner, bo co-owner, and `admins` admin members (dee, eli, …). */
async function teamroom(admins = 0) {
  const org = await api.createOrg('teamroom', 'ana')
  await api.join(org, 'bo', 'ana', ['co_owner'])
  for (const id of ['dee', 'eli', 'fay'].slice(0, admins)) await api.join(org, id, 'ana', ['admin'])
  return org
}

describe('GET /v1/orgs/{orgId}/roles', () => {
  test("answers every role in model order with its rules, holders and the actor's permissions", async () => {
    const org = await teamroom()
    const res = await api.call('GET', `/v1/orgs/${org}/roles`, { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body.roles.map((r: { role: string }) => r.role)).toEqual([
      'owner',
      'co_owner',
      'main_owner',
      'payment_user',
      'authorized_buyer',
      'compliance_manager',
      'admin',
      'main_admin',
      'support_team',
    ])
    expect(res.body.roles[0]).toEqual({
      role: 'owner',
      label: { en: 'Owner', de: 'Besitzer' },
      visible: true,
      enabled: true,
      min: 1,
      max: 1,
      membersOnly: true,
      transferOnly: true,
      scoped: false,
      grantedBy: expect.any(Array),
      holders: [{ principal: 'ana', context: null }],
      actor: { grant: { ok: false, code: 'TRANSFER_REQUIRED' }, revoke: { ok: false, code: 'TRANSFER_REQUIRED' } },
    })
    expect(res.body.roles[1]).toMatchObject({ role: 'co_owner', holders: [{ principal: 'bo', context: null }] })
  })

  const mainAdmin: [admins: number, shown: boolean][] = [
    [0, false],
    [1, false],
    [2, true],
  ]
  for (const [admins, shown] of mainAdmin) {
    test(`main_admin is ${shown ? '' : 'neither '}visible ${shown ? 'and' : 'nor'} enabled with ${admins} admin(s)`, async () => {
      const org = await teamroom(admins)
      expect(await roleOf(org, 'main_admin')).toMatchObject({ visible: shown, enabled: shown })
      expect((await roleOf(org, 'main_admin')).actor.grant).toEqual(
        shown ? { ok: true } : { ok: false, code: 'NOT_ENABLED' },
      )
    })
  }

  describe('actor.grant says what the acting user may grant now', () => {
    // Read-only, so the cases share one org.
    let org = ''
    beforeAll(async () => {
      org = await teamroom(1)
    })
    const permissions: [name: string, actor: string, role: string, grant: object][] = [
      ['the owner may grant admin', 'ana', 'admin', { ok: true }],
      ['a co-owner may grant co_owner', 'bo', 'co_owner', { ok: true }],
      ['a co-owner may not grant owner', 'bo', 'owner', { ok: false, code: 'NOT_AUTHORIZED' }],
      ['an admin may grant support_team', 'dee', 'support_team', { ok: true }],
      ['an admin may not grant admin', 'dee', 'admin', { ok: false, code: 'NOT_AUTHORIZED' }],
      ['a stranger may grant nothing', 'zed', 'support_team', { ok: false, code: 'NOT_AUTHORIZED' }],
    ]
    for (const [name, actor, role, grant] of permissions) {
      test(name, async () => {
        expect((await roleOf(org, role, actor)).actor.grant).toEqual(grant)
      })
    }
  })

  test('the actor header is required: without it VALIDATION_FAILED', async () => {
    const org = await teamroom()
    const res = await api.call('GET', `/v1/orgs/${org}/roles`)
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'header.x-rolecall-actor' })])
  })

  test('an unknown org is NOT_FOUND', async () => {
    expectProblem(await api.call('GET', '/v1/orgs/no-such-org/roles', { actor: 'ana' }), 404, 'NOT_FOUND')
  })
})

describe('PUT /v1/orgs/{orgId}/roles/{role}/holders/{principalId}', () => {
  test('grants a role: 200, changed, the effect, an audit event and a consistency token', async () => {
    const org = await teamroom()
    await api.join(org, 'cy', 'ana')
    const res = await api.call('PUT', holderPath(org, 'admin', 'cy'), { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      ok: true,
      changed: true,
      dryRun: false,
      effects: [{ kind: 'role.granted', role: 'admin', principal: 'cy', context: null, cause: 'direct' }],
      warnings: [],
      consistency: expect.any(Number),
    })
    expect(res.headers.get('rolecall-consistency')).toBe(String(res.body.consistency))
    expect((await api.holders(org, 'ana')).admin).toEqual(['cy'])
    expect((await api.auditTypes(org, 'ana')).at(-1)).toBe('role.granted')
  })

  test('granting a role already held is a success with changed false and writes no audit event', async () => {
    const org = await teamroom(1)
    const before = await api.writes()
    const res = await api.call('PUT', holderPath(org, 'admin', 'dee'), { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ ok: true, changed: false, effects: [] })
    expect(await api.writes()).toEqual(before)
  })

  test('an actor who may not grant a role held already still gets NOT_AUTHORIZED', async () => {
    const org = await teamroom(1)
    await api.join(org, 'cy', 'ana')
    expectProblem(await api.call('PUT', holderPath(org, 'admin', 'dee'), { actor: 'cy' }), 403, 'NOT_AUTHORIZED')
  })

  test('a co-owner granting owner is NOT_AUTHORIZED, naming the owner as contact and the roles that could', async () => {
    const org = await teamroom()
    const before = await api.writes()
    const res = await api.call('PUT', holderPath(org, 'owner', 'bo'), { actor: 'bo' })
    expectProblem(res, 403, 'NOT_AUTHORIZED')
    expect(res.body).toMatchObject({ contact: 'ana', allowedRoles: ['owner'] })
    expect(res.body.detail).toContain('ANA')
    expect(await api.writes()).toEqual(before)
  })

  test('the owner granting owner directly is TRANSFER_REQUIRED', async () => {
    const org = await teamroom()
    expectProblem(await api.call('PUT', holderPath(org, 'owner', 'bo'), { actor: 'ana' }), 409, 'TRANSFER_REQUIRED')
  })

  test('a role the model lacks is UNKNOWN_ROLE', async () => {
    const org = await teamroom()
    const before = await api.writes()
    expectProblem(await api.call('PUT', holderPath(org, 'wizard', 'bo'), { actor: 'ana' }), 422, 'UNKNOWN_ROLE')
    expect(await api.writes()).toEqual(before)
  })

  test('a scoped role is granted per context with ?context=', async () => {
    const org = await teamroom(1)
    const res = await api.call('PUT', holderPath(org, 'support_team', 'bo', '?context=teamroom:42'), { actor: 'dee' })
    expect(res.status).toBe(200)
    expect(res.body.effects).toEqual([
      { kind: 'role.granted', role: 'support_team', principal: 'bo', context: 'teamroom:42', cause: 'direct' },
    ])
    expect((await roleOf(org, 'support_team')).holders).toEqual([{ principal: 'bo', context: 'teamroom:42' }])
  })

  test('a context with its own support team uses it; other contexts use the org-wide one', async () => {
    const org = await teamroom(1)
    await api.grant(org, 'support_team', 'dee', 'ana')
    await api.grant(org, 'support_team', 'bo', 'ana', '?context=teamroom:42')
    const check = async (principal: string, context: string) =>
      (
        await api.must(200, 'POST', `/v1/orgs/${org}/check`, {
          body: { principal, action: 'support.handle', context },
        })
      ).body.allowed
    expect(await check('bo', 'teamroom:42')).toBe(true)
    expect(await check('dee', 'teamroom:42')).toBe(false)
    expect(await check('dee', 'teamroom:7')).toBe(true)
  })

  test('a context on a role that is not scoped is UNKNOWN_ROLE', async () => {
    const org = await teamroom(1)
    const res = await api.call('PUT', holderPath(org, 'admin', 'bo', '?context=teamroom:42'), { actor: 'ana' })
    expectProblem(res, 422, 'UNKNOWN_ROLE')
  })

  test('granting multi-owner ownership without ?confirm=true is CONFIRMATION_REQUIRED and writes nothing', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    const before = await api.writes()
    const res = await api.call('PUT', holderPath(org, 'owner', 'max'), { actor: 'mia' })
    expectProblem(res, 409, 'CONFIRMATION_REQUIRED')
    expect(await api.writes()).toEqual(before)
  })

  test('granting multi-owner ownership with ?confirm=true succeeds', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    const res = await api.call('PUT', holderPath(org, 'owner', 'max', '?confirm=true'), { actor: 'mia' })
    expect(res.status).toBe(200)
    expect(res.body.changed).toBe(true)
    expect((await api.holders(org, 'mia')).owner).toEqual(['max', 'mia'])
  })

  test('a non-member receiving a members-only role is NOT_A_MEMBER', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    expectProblem(
      await api.call('PUT', holderPath(org, 'owner', 'stranger', '?confirm=true'), { actor: 'mia' }),
      409,
      'NOT_A_MEMBER',
    )
  })

  test('confirmation is asked for last: an ownership grant that fails otherwise answers that failure', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    expectProblem(await api.call('PUT', holderPath(org, 'owner', 'stranger'), { actor: 'mia' }), 409, 'NOT_A_MEMBER')
  })

  test('a pending invitee is not a member: a members-only role is NOT_A_MEMBER', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
      actor: 'mia',
      body: { user: { id: 'max', displayName: 'Max' } },
    })
    const res = await api.call('PUT', holderPath(org, 'owner', 'max', '?confirm=true'), { actor: 'mia' })
    expectProblem(res, 409, 'NOT_A_MEMBER')
  })

  test('an unknown role wins over NOT_AUTHORIZED: UNKNOWN_ROLE for a stranger too', async () => {
    const org = await teamroom()
    expectProblem(await api.call('PUT', holderPath(org, 'wizard', 'bo'), { actor: 'zed' }), 422, 'UNKNOWN_ROLE')
  })

  test('granting a max-1 role someone holds replaces them in the same decision', async () => {
    const org = await teamroom(2)
    await api.grant(org, 'payment_user', 'dee', 'ana')
    const res = await api.call('PUT', holderPath(org, 'payment_user', 'eli'), { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body.effects).toEqual([
      { kind: 'role.revoked', role: 'payment_user', principal: 'dee', context: null, cause: 'cascade' },
      { kind: 'role.granted', role: 'payment_user', principal: 'eli', context: null, cause: 'direct' },
    ])
    expect((await api.holders(org, 'ana')).payment_user).toEqual(['eli'])
  })

  test('main_owner needs a co-owner: NOT_ENABLED without one', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    expectProblem(await api.call('PUT', holderPath(org, 'main_owner', 'ana'), { actor: 'ana' }), 409, 'NOT_ENABLED')
  })

  test('main_admin is chosen from the admins: NOT_ELIGIBLE for anyone else', async () => {
    const org = await teamroom(2)
    const res = await api.call('PUT', holderPath(org, 'main_admin', 'bo'), { actor: 'ana' })
    expectProblem(res, 409, 'NOT_ELIGIBLE')
    expect(res.body.allowedRoles).toEqual(['admin'])
  })

  test('a user admin (org-admin) may not promote anyone: NOT_AUTHORIZED', async () => {
    const org = await api.createOrg('org-admin', 'ada')
    await api.join(org, 'uma', 'ada', ['user_admin'])
    await api.join(org, 'mo', 'ada')
    expectProblem(
      await api.call('PUT', holderPath(org, 'billing_admin', 'mo'), { actor: 'uma' }),
      403,
      'NOT_AUTHORIZED',
    )
  })

  test('chain_security_admin must be paired (admin-roles): PAIRING_REQUIRED until a partner role is held', async () => {
    const org = await api.createOrg('admin-roles', 'ula')
    await api.join(org, 'bo', 'ula')
    const path = holderPath(org, 'chain_security_admin', 'bo')
    expectProblem(await api.call('PUT', path, { actor: 'ula' }), 409, 'PAIRING_REQUIRED')
    await api.grant(org, 'chain_builder', 'bo', 'ula')
    expect((await api.call('PUT', path, { actor: 'ula' })).status).toBe(200)
  })

  test('Accept-Language: de answers the detail in German', async () => {
    const org = await teamroom()
    const path = holderPath(org, 'owner', 'bo')
    const german = await api.call('PUT', path, { actor: 'bo', headers: { 'Accept-Language': 'de-DE,de;q=0.9' } })
    const english = await api.call('PUT', path, { actor: 'bo', headers: { 'Accept-Language': 'en' } })
    expectProblem(german, 403, 'NOT_AUTHORIZED')
    expect(german.body.detail).toContain('Du darfst')
    expect(german.body.detail).toContain('Besitzer')
    expect(english.body.detail).toContain('You may not')
  })
})

describe('DELETE /v1/orgs/{orgId}/roles/{role}/holders/{principalId}', () => {
  test('revokes a role: 200 with the effect and an audit event', async () => {
    const org = await teamroom(1)
    const res = await api.call('DELETE', holderPath(org, 'admin', 'dee'), { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      ok: true,
      changed: true,
      effects: [{ kind: 'role.revoked', role: 'admin', principal: 'dee', context: null, cause: 'direct' }],
    })
    expect((await api.holders(org, 'ana')).admin).toEqual([])
    expect((await api.auditTypes(org, 'ana')).at(-1)).toBe('role.revoked')
  })

  test('revoking a role not held changes nothing and writes nothing', async () => {
    const org = await teamroom(1)
    const before = await api.writes()
    const res = await api.call('DELETE', holderPath(org, 'admin', 'bo'), { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ changed: false, effects: [] })
    expect(await api.writes()).toEqual(before)
  })

  test('revoking one of two admins clears main_admin in the same decision', async () => {
    const org = await teamroom(2)
    await api.grant(org, 'main_admin', 'dee', 'ana')
    const res = await api.call('DELETE', holderPath(org, 'admin', 'eli'), { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body.effects).toEqual([
      { kind: 'role.revoked', role: 'admin', principal: 'eli', context: null, cause: 'direct' },
      { kind: 'role.revoked', role: 'main_admin', principal: 'dee', context: null, cause: 'cascade' },
    ])
    expect(res.body.warnings).toEqual([expect.objectContaining({ code: 'ROLE_CLEARED' })])
    expect(await roleOf(org, 'main_admin')).toMatchObject({ holders: [], visible: false, enabled: false })
    expect((await api.auditTypes(org, 'ana')).slice(-2)).toEqual(['role.revoked', 'role.revoked'])
  })

  test('revoking admin from the main admin clears main_admin', async () => {
    const org = await teamroom(3)
    await api.grant(org, 'main_admin', 'dee', 'ana')
    const res = await api.call('DELETE', holderPath(org, 'admin', 'dee'), { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body.effects).toContainEqual(
      expect.objectContaining({ role: 'main_admin', principal: 'dee', cause: 'cascade' }),
    )
    expect((await api.holders(org, 'ana')).main_admin).toEqual([])
  })

  test('the owner revoking their own owner role is TRANSFER_REQUIRED and nothing is written', async () => {
    const org = await teamroom()
    const before = await api.writes()
    expectProblem(await api.call('DELETE', holderPath(org, 'owner', 'ana'), { actor: 'ana' }), 409, 'TRANSFER_REQUIRED')
    expect(await api.writes()).toEqual(before)
  })

  test('revoking the last admin (org-admin) is LAST_HOLDER', async () => {
    const org = await api.createOrg('org-admin', 'ada')
    await api.join(org, 'abe', 'ada', ['admin'])
    await api.must(200, 'DELETE', holderPath(org, 'admin', 'abe'), { actor: 'ada' })
    expectProblem(await api.call('DELETE', holderPath(org, 'admin', 'ada'), { actor: 'ada' }), 409, 'LAST_HOLDER')
  })

  test('revoking down to one admin (org-admin) succeeds with a warning recommending a second', async () => {
    const org = await api.createOrg('org-admin', 'ada')
    await api.join(org, 'abe', 'ada', ['admin'])
    const res = await api.call('DELETE', holderPath(org, 'admin', 'abe'), { actor: 'ada' })
    expect(res.status).toBe(200)
    expect(res.body.warnings).toEqual([
      { code: 'BELOW_RECOMMENDED', params: expect.objectContaining({ role: 'admin' }), message: expect.any(String) },
    ])
  })

  test('revoking owner from the primary owner (multi-owner) is LAST_HOLDER naming primary_owner', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    await api.grant(org, 'owner', 'max', 'mia', '?confirm=true')
    const before = await api.writes()
    const res = await api.call('DELETE', holderPath(org, 'owner', 'mia', '?confirm=true'), { actor: 'max' })
    expectProblem(res, 409, 'LAST_HOLDER')
    expect(res.body.detail).toContain('Primary owner')
    expect(await api.writes()).toEqual(before)
  })

  test('revoking super_admin from the workspace owner is IMPLIED_ROLE', async () => {
    const org = await api.createOrg('workspace', 'ana')
    await api.join(org, 'bo', 'ana')
    await api.grant(org, 'super_admin', 'bo', 'ana')
    expectProblem(await api.call('DELETE', holderPath(org, 'super_admin', 'ana'), { actor: 'bo' }), 409, 'IMPLIED_ROLE')
  })

  test('revoking the only co-owner clears main_owner', async () => {
    const org = await teamroom()
    await api.grant(org, 'main_owner', 'bo', 'ana')
    const res = await api.call('DELETE', holderPath(org, 'co_owner', 'bo'), { actor: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body.effects).toContainEqual(
      expect.objectContaining({ kind: 'role.revoked', role: 'main_owner', principal: 'bo', cause: 'cascade' }),
    )
    expect(await roleOf(org, 'main_owner')).toMatchObject({ holders: [], visible: false })
  })

  test('revoking the partner a pairing needs is PAIRING_REQUIRED (admin-roles)', async () => {
    const org = await api.createOrg('admin-roles', 'ula')
    await api.join(org, 'bo', 'ula')
    await api.grant(org, 'chain_owner', 'bo', 'ula')
    await api.grant(org, 'chain_security_admin', 'bo', 'ula')
    const res = await api.call('DELETE', holderPath(org, 'chain_owner', 'bo'), { actor: 'ula' })
    expectProblem(res, 409, 'PAIRING_REQUIRED')
  })

  test('revoking multi-owner ownership needs ?confirm=true', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    await api.grant(org, 'owner', 'max', 'mia', '?confirm=true')
    expectProblem(
      await api.call('DELETE', holderPath(org, 'owner', 'max'), { actor: 'mia' }),
      409,
      'CONFIRMATION_REQUIRED',
    )
    expect((await api.call('DELETE', holderPath(org, 'owner', 'max', '?confirm=true'), { actor: 'mia' })).status).toBe(
      200,
    )
    expect((await api.holders(org, 'mia')).owner).toEqual(['mia'])
  })
})

describe('?dryRun=true on role changes', () => {
  interface DryRunCase {
    name: string
    setup: () => Promise<string>
    request: (org: string) => [method: 'PUT' | 'DELETE', path: string, actor: string]
  }
  const cases: DryRunCase[] = [
    {
      name: 'an allowed grant',
      setup: () => teamroom(1),
      request: (org) => ['PUT', holderPath(org, 'admin', 'bo'), 'ana'],
    },
    {
      name: 'a grant of a role already held',
      setup: () => teamroom(1),
      request: (org) => ['PUT', holderPath(org, 'admin', 'dee'), 'ana'],
    },
    {
      name: 'a revoke with a cascade',
      setup: async () => {
        const org = await teamroom(2)
        await api.grant(org, 'main_admin', 'dee', 'ana')
        return org
      },
      request: (org) => ['DELETE', holderPath(org, 'admin', 'eli'), 'ana'],
    },
    {
      name: 'a scoped grant',
      setup: () => teamroom(1),
      request: (org) => ['PUT', holderPath(org, 'support_team', 'bo', '?context=teamroom:42'), 'dee'],
    },
    {
      name: 'a denial naming a contact',
      setup: () => teamroom(),
      request: (org) => ['PUT', holderPath(org, 'owner', 'bo'), 'bo'],
    },
    {
      name: 'a grant needing confirmation',
      setup: async () => {
        const org = await api.createOrg('multi-owner', 'mia')
        await api.join(org, 'max', 'mia')
        return org
      },
      request: (org) => ['PUT', holderPath(org, 'owner', 'max'), 'mia'],
    },
    {
      name: 'an unknown role',
      setup: () => teamroom(),
      request: (org) => ['DELETE', holderPath(org, 'wizard', 'bo'), 'ana'],
    },
  ]
  for (const { name, setup, request } of cases) {
    test(`answers exactly as the real request and writes nothing: ${name}`, async () => {
      const org = await setup()
      const [method, path, actor] = request(org)
      const before = await api.writes()
      const dry = await api.call(method, `${path}${path.includes('?') ? '&' : '?'}dryRun=true`, { actor })
      expect(await api.writes()).toEqual(before)
      const real = await api.call(method, path, { actor })
      expect(dry.status).toBe(real.status)
      if (real.status === 200) {
        const { dryRun, consistency, ...decision } = dry.body
        expect(dryRun).toBe(true)
        expect(consistency).toBe(before.versions[org])
        expect({ ...decision, dryRun: false }).toEqual({ ...real.body, consistency: undefined, dryRun: false })
      } else {
        expect(dry.headers.get('content-type')).toBe(real.headers.get('content-type'))
        expect(dry.body).toEqual(real.body)
      }
    })
  }
})

describe('concurrent role changes', () => {
  // Without the org lock both would decide on "2 admins" and both succeed, leaving none.
  test('two admins revoking each other at once (org-admin) leave one admin: the second is no longer authorized', async () => {
    const org = await api.createOrg('org-admin', 'ada')
    await api.join(org, 'abe', 'ada', ['admin'])
    const answers = await Promise.all([
      api.call('DELETE', holderPath(org, 'admin', 'abe'), { actor: 'ada' }),
      api.call('DELETE', holderPath(org, 'admin', 'ada'), { actor: 'abe' }),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403])
    expect(answers.find((a) => a.status === 403)?.body.code).toBe('NOT_AUTHORIZED')
    const survivor = answers[0]?.status === 200 ? 'ada' : 'abe'
    expect((await api.holders(org, survivor)).admin).toEqual([survivor])
  })

  test('the same grant sent twice at once is applied once and audited once', async () => {
    const org = await teamroom()
    const path = holderPath(org, 'admin', 'bo')
    const answers = await Promise.all([
      api.call('PUT', path, { actor: 'ana' }),
      api.call('PUT', path, { actor: 'ana' }),
    ])
    expect(answers.map((a) => a.status)).toEqual([200, 200])
    expect(answers.map((a) => a.body.changed).sort()).toEqual([false, true])
    const grants = await api.call('GET', `/v1/orgs/${org}/audit-events?type=role.granted&subject=bo`, { actor: 'ana' })
    expect(grants.body.events.filter((e: { data: { role: string } }) => e.data.role === 'admin')).toHaveLength(1)
  })
})
