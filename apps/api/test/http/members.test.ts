import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const invite = (org: string, actor: string, user: Record<string, string>, roles?: string[]) =>
  api.call('POST', `/v1/orgs/${org}/invitations`, { actor, body: { user, ...(roles ? { roles } : {}) } })

const members = async (org: string, actor = 'ana', query = '') =>
  (await api.must(200, 'GET', `/v1/orgs/${org}/members${query}`, { actor })).body

const memberOf = async (org: string, principal: string, actor = 'ana') =>
  (await members(org, actor)).members.find((m: { principal: string }) => m.principal === principal)

/** An org-admin org: ada is admin, uma a user admin, mo a plain member. */
async function orgAdminOrg() {
  const org = await api.createOrg('org-admin', 'ada')
  await api.join(org, 'uma', 'ada', ['user_admin'])
  await api.join(org, 'mo', 'ada')
  return org
}

describe('POST /v1/orgs/{orgId}/invitations', () => {
  test('an owner invites someone, who is pending until they accept', async () => {
    const org = await api.createOrg()
    const res = await invite(org, 'ana', { id: 'bo', displayName: 'Bo Berg', email: 'bo@example.com' })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      ok: true,
      changed: true,
      dryRun: false,
      effects: [{ kind: 'member.invited', principal: 'bo', roles: [] }],
      warnings: [],
      consistency: expect.any(Number),
      invitationId: expect.any(String),
    })
    expect(await memberOf(org, 'bo')).toEqual({
      principal: 'bo',
      displayName: 'Bo Berg',
      email: 'bo@example.com',
      status: 'invited',
      lastActive: 'Pending',
      invitedRoles: [],
      roles: [],
    })
  })

  test('an invitation carries roles that are granted only on acceptance', async () => {
    const org = await api.createOrg()
    const res = await invite(org, 'ana', { id: 'bo', displayName: 'Bo' }, ['admin', 'support_team'])
    expect(res.status).toBe(201)
    expect(res.body.effects).toEqual([{ kind: 'member.invited', principal: 'bo', roles: ['admin', 'support_team'] }])
    expect(await memberOf(org, 'bo')).toMatchObject({ invitedRoles: ['admin', 'support_team'], roles: [] })
    expect((await api.holders(org, 'ana')).admin).toEqual([])
  })

  test('a user admin (org-admin) invites plain members', async () => {
    const org = await orgAdminOrg()
    const res = await invite(org, 'uma', { id: 'ben', displayName: 'Ben' })
    expect(res.status).toBe(201)
    expect(await memberOf(org, 'ben', 'ada')).toMatchObject({ status: 'invited' })
  })

  test('a user admin (org-admin) inviting with a role is TARGET_OUT_OF_REACH and nothing is written', async () => {
    const org = await orgAdminOrg()
    const before = await api.writes()
    const res = await invite(org, 'uma', { id: 'cal', displayName: 'Cal' }, ['billing_admin'])
    expectProblem(res, 409, 'TARGET_OUT_OF_REACH')
    expect(await api.writes()).toEqual(before)
  })

  test('a member without the right to invite is NOT_AUTHORIZED', async () => {
    const org = await api.createOrg()
    await api.join(org, 'bo', 'ana')
    const before = await api.writes()
    const res = await invite(org, 'bo', { id: 'cy', displayName: 'Cy' })
    expectProblem(res, 403, 'NOT_AUTHORIZED')
    expect(res.body.allowedRoles).toEqual(expect.arrayContaining(['owner', 'admin']))
    expect(await api.writes()).toEqual(before)
  })

  test('an invitation naming a role the model lacks is UNKNOWN_ROLE', async () => {
    const org = await api.createOrg()
    const before = await api.writes()
    expectProblem(await invite(org, 'ana', { id: 'bo', displayName: 'Bo' }, ['wizard']), 422, 'UNKNOWN_ROLE')
    expect(await api.writes()).toEqual(before)
  })

  // Pins the fix for a 500 (whose log line quoted the address): the unique index on the address refused the write.
  test('an address another person of the org has is CONFLICT naming nobody; a dry run says so too, nothing is written', async () => {
    const org = await api.createOrg()
    const email = 'dora@taken.example'
    await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'dora-1', displayName: 'Dora Diaz', email } },
    })
    const before = await api.writes()
    for (const query of ['?dryRun=true', '']) {
      const res = await api.call('POST', `/v1/orgs/${org}/invitations${query}`, {
        actor: 'ana',
        body: { user: { id: 'dora-2', displayName: 'D. Diaz', email } },
      })
      expectProblem(res, 409, 'CONFLICT')
      expect(res.body.detail).toBe('This e-mail address belongs to another person of this organization.')
      expect(JSON.stringify(res.body)).not.toMatch(/dora-1|Dora Diaz/)
    }
    expect(await api.writes()).toEqual(before)
  })

  // Regression: addresses were unique across every org, so a 409 told any tenant that an address was on file somewhere.
  test('an address another org has is no clash: the invitation answers as for a fresh one', async () => {
    const email = 'eli@own.example'
    const answers = []
    for (const org of [await api.createOrg(), await api.createOrg()]) {
      const res = await invite(org, 'ana', { id: `eli-${answers.length}`, displayName: 'Eli', email })
      answers.push({ status: res.status, keys: Object.keys(res.body).sort() })
      expect(await memberOf(org, `eli-${answers.length - 1}`)).toMatchObject({ email, status: 'invited' })
    }
    expect(answers[1]).toEqual(answers[0])
  })

  test('two invitations racing to give one address to two people of an org: one is invited, the other is CONFLICT', async () => {
    const org = await api.createOrg()
    const email = 'race@taken.example'
    const results = await Promise.all(
      [0, 1].map((i) => invite(org, 'ana', { id: `racer-${i}`, displayName: `Racer ${i}`, email })),
    )
    expect(results.map((res) => res.status).sort()).toEqual([201, 409])
    const refused = results.find((res) => res.status === 409)
    if (refused) expectProblem(refused, 409, 'CONFLICT')
    expect(refused?.body.detail).toBe('This e-mail address belongs to another person of this organization.')
    const holders = (await members(org, 'ana', '?search=race%40')).members
    expect(holders).toEqual([expect.objectContaining({ email, status: 'invited' })])
  })
})

describe('POST /v1/orgs/{orgId}/invitations/{invitationId}/accept', () => {
  test('the invitee accepts, becomes active and receives the invited roles', async () => {
    const org = await api.createOrg()
    const invited = await invite(org, 'ana', { id: 'bo', displayName: 'Bo' }, ['admin'])
    const res = await api.call('POST', `/v1/orgs/${org}/invitations/${invited.body.invitationId}/accept`, {
      actor: 'bo',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ ok: true, changed: true })
    expect(res.body.effects).toEqual([
      { kind: 'member.activated', principal: 'bo' },
      expect.objectContaining({ kind: 'role.granted', role: 'admin', principal: 'bo' }),
    ])
    expect(await memberOf(org, 'bo')).toMatchObject({
      status: 'active',
      lastActive: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      roles: [{ role: 'admin', context: null }],
    })
  })

  test('only the invitee accepts: anyone else is NOT_AUTHORIZED and nothing is written', async () => {
    const org = await api.createOrg()
    const invited = await invite(org, 'ana', { id: 'bo', displayName: 'Bo' })
    const before = await api.writes()
    const path = `/v1/orgs/${org}/invitations/${invited.body.invitationId}/accept`
    expectProblem(await api.call('POST', path, { actor: 'ana' }), 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
    expect(await memberOf(org, 'bo')).toMatchObject({ status: 'invited' })
  })

  const dryAccepts: [name: string, actor: string][] = [
    ['the invitee accepting', 'bo'],
    ['someone else accepting (denied)', 'ana'],
  ]
  for (const [name, actor] of dryAccepts) {
    test(`?dryRun=true answers exactly as the real request and changes nothing: ${name}`, async () => {
      const org = await api.createOrg()
      const invited = await invite(org, 'ana', { id: 'bo', displayName: 'Bo' }, ['admin'])
      const path = `/v1/orgs/${org}/invitations/${invited.body.invitationId}/accept`
      const before = await api.writes()
      const audit = await api.auditTypes(org, 'ana')
      const dry = await api.call('POST', `${path}?dryRun=true`, { actor })
      expect(await api.writes()).toEqual(before)
      expect(await api.auditTypes(org, 'ana')).toEqual(audit)
      expect(await memberOf(org, 'bo')).toMatchObject({ status: 'invited', lastActive: 'Pending', roles: [] })
      const real = await api.call('POST', path, { actor })
      expect(dry.status).toBe(real.status)
      if (real.body.ok) {
        expect(dry.body).toEqual({ ...real.body, dryRun: true, consistency: before.versions[org] })
      } else {
        expect(dry.body).toEqual(real.body)
      }
    })
  }

  test('an unknown invitation is NOT_FOUND', async () => {
    const org = await api.createOrg()
    const before = await api.writes()
    const path = `/v1/orgs/${org}/invitations/00000000-0000-0000-0000-000000000000/accept`
    expectProblem(await api.call('POST', path, { actor: 'bo' }), 404, 'NOT_FOUND')
    expect(await api.writes()).toEqual(before)
  })
})

describe('GET /v1/orgs/{orgId}/members', () => {
  test('lists members by id with status, last activity (Pending for invitees) and roles', async () => {
    const org = await api.createOrg()
    await api.join(org, 'bo', 'ana', ['admin'])
    await invite(org, 'ana', { id: 'cy', displayName: 'Cy' })
    const page = await members(org)
    expect(page.next).toBeNull()
    expect(page.members).toEqual([
      expect.objectContaining({ principal: 'ana', status: 'active', roles: [{ role: 'owner', context: null }] }),
      expect.objectContaining({ principal: 'bo', status: 'active', roles: [{ role: 'admin', context: null }] }),
      expect.objectContaining({ principal: 'cy', status: 'invited', lastActive: 'Pending', roles: [] }),
    ])
    for (const member of page.members.filter((m: { status: string }) => m.status === 'active')) {
      expect(member.lastActive).toMatch(/^\d{4}-\d\d-\d\dT/)
    }
  })

  test('search matches part of a name, an e-mail or an id, case-insensitively', async () => {
    const org = await api.createOrg()
    await invite(org, 'ana', { id: 'u1', displayName: 'Zelda Zimmer' })
    await invite(org, 'ana', { id: 'u2', displayName: 'Bo', email: 'bo@zeta.example' })
    await invite(org, 'ana', { id: 'zorro', displayName: 'Xavier' })
    await invite(org, 'ana', { id: 'u3', displayName: 'Carl' })
    const found = await members(org, 'ana', '?search=ZE')
    expect(found.members.map((m: { principal: string }) => m.principal)).toEqual(['u1', 'u2'])
    const byId = await members(org, 'ana', '?search=zorr')
    expect(byId.members.map((m: { principal: string }) => m.principal)).toEqual(['zorro'])
  })

  test('status filters the list', async () => {
    const org = await api.createOrg()
    await invite(org, 'ana', { id: 'bo', displayName: 'Bo' })
    const invited = await members(org, 'ana', '?status=invited')
    expect(invited.members.map((m: { principal: string }) => m.principal)).toEqual(['bo'])
  })

  test('pages by cursor: limit members per page, next until the last page', async () => {
    const org = await api.createOrg()
    for (const id of ['m1', 'm2', 'm3', 'm4']) await invite(org, 'ana', { id, displayName: id })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = await members(org, 'ana', query)
      expect(page.members.length).toBeLessThanOrEqual(2)
      seen.push(...page.members.map((m: { principal: string }) => m.principal))
      cursor = page.next
      pages++
    } while (cursor !== null && pages < 10)
    expect(pages).toBe(3)
    expect(seen).toEqual(['ana', 'm1', 'm2', 'm3', 'm4'])
  })

  test('a limit above 200 is VALIDATION_FAILED naming query.limit', async () => {
    const org = await api.createOrg()
    const res = await api.call('GET', `/v1/orgs/${org}/members?limit=201`, { actor: 'ana' })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.limit' })])
  })

  test('the actor header is required: without it VALIDATION_FAILED names header.x-rolecall-actor', async () => {
    const org = await api.createOrg()
    const res = await api.call('GET', `/v1/orgs/${org}/members`)
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'header.x-rolecall-actor' })])
  })

  test('a stranger to the org is NOT_AUTHORIZED', async () => {
    const org = await api.createOrg()
    expectProblem(await api.call('GET', `/v1/orgs/${org}/members`, { actor: 'mallory' }), 403, 'NOT_AUTHORIZED')
  })

  test('an invitee may read the members', async () => {
    const org = await api.createOrg()
    await invite(org, 'ana', { id: 'bo', displayName: 'Bo' })
    expect((await members(org, 'bo')).members).toHaveLength(2)
  })

  test('an unknown org is NOT_FOUND', async () => {
    expectProblem(await api.call('GET', '/v1/orgs/no-such-org/members', { actor: 'ana' }), 404, 'NOT_FOUND')
  })
})

describe('DELETE /v1/orgs/{orgId}/members/{userId}', () => {
  test('removing a member revokes every role they hold, scoped ones included, and terminates them', async () => {
    const org = await api.createOrg()
    await api.join(org, 'bo', 'ana', ['admin', 'support_team'])
    await api.grant(org, 'support_team', 'bo', 'ana', '?context=teamroom:42')
    const res = await api.call('DELETE', `/v1/orgs/${org}/members/bo`, { actor: 'ana' })
    expect(res.status).toBe(200)
    const revoked = res.body.effects
      .filter((e: { kind: string }) => e.kind === 'role.revoked')
      .map((e: { role: string; context: string | null }) => `${e.role}@${e.context ?? 'org'}`)
    expect(revoked.sort()).toEqual(['admin@org', 'support_team@org', 'support_team@teamroom:42'])
    expect(res.body.effects).toContainEqual({ kind: 'member.terminated', principal: 'bo', left: false })
    expect(await memberOf(org, 'bo')).toMatchObject({ status: 'terminated', roles: [] })
    const roles = await api.call('GET', `/v1/orgs/${org}/roles`, { actor: 'ana' })
    const held = roles.body.roles.flatMap((r: { holders: { principal: string }[] }) => r.holders)
    expect(held.filter((h: { principal: string }) => h.principal === 'bo')).toEqual([])
  })

  test('a member leaves by removing themselves, and their roles go with them', async () => {
    const org = await api.createOrg()
    await api.join(org, 'bo', 'ana', ['co_owner'])
    const res = await api.call('DELETE', `/v1/orgs/${org}/members/bo`, { actor: 'bo' })
    expect(res.status).toBe(200)
    expect(res.body.effects).toContainEqual({ kind: 'member.terminated', principal: 'bo', left: true })
    expect(await memberOf(org, 'bo')).toMatchObject({ status: 'terminated', roles: [] })
    expect((await api.holders(org, 'ana')).co_owner).toEqual([])
  })

  test('in org-admin nobody removes themselves: SELF_REMOVAL_FORBIDDEN, nothing written', async () => {
    const org = await orgAdminOrg()
    await api.join(org, 'abe', 'ada', ['admin'])
    const before = await api.writes()
    const res = await api.call('DELETE', `/v1/orgs/${org}/members/ada`, { actor: 'ada' })
    expectProblem(res, 409, 'SELF_REMOVAL_FORBIDDEN')
    expect(await api.writes()).toEqual(before)
  })

  test('in org-admin another admin removes an admin', async () => {
    const org = await orgAdminOrg()
    await api.join(org, 'abe', 'ada', ['admin'])
    const res = await api.call('DELETE', `/v1/orgs/${org}/members/ada`, { actor: 'abe' })
    expect(res.status).toBe(200)
    expect((await api.holders(org, 'abe')).admin).toEqual(['abe'])
  })

  test('a user admin removing someone who holds a role is TARGET_OUT_OF_REACH', async () => {
    const org = await orgAdminOrg()
    const before = await api.writes()
    expectProblem(await api.call('DELETE', `/v1/orgs/${org}/members/ada`, { actor: 'uma' }), 409, 'TARGET_OUT_OF_REACH')
    expect(await api.writes()).toEqual(before)
    expect((await api.call('DELETE', `/v1/orgs/${org}/members/mo`, { actor: 'uma' })).status).toBe(200)
  })

  const lastHolders: [name: string, model: string, role: string][] = [
    ['the teamroom owner cannot leave: LAST_HOLDER', 'teamroom', 'Owner'],
    ['the last multi-owner owner cannot leave: LAST_HOLDER', 'multi-owner', 'owner'],
  ]
  for (const [name, model, role] of lastHolders) {
    test(`${name}, nothing written`, async () => {
      const org = await api.createOrg(model, 'ana')
      const before = await api.writes()
      const res = await api.call('DELETE', `/v1/orgs/${org}/members/ana`, { actor: 'ana' })
      expectProblem(res, 409, 'LAST_HOLDER')
      expect(res.body.detail.toLowerCase()).toContain(role.toLowerCase())
      expect(await api.writes()).toEqual(before)
    })
  }

  test('the primary owner cannot leave while primary (multi-owner): LAST_HOLDER naming primary_owner', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    await api.grant(org, 'owner', 'max', 'mia', '?confirm=true')
    const res = await api.call('DELETE', `/v1/orgs/${org}/members/mia`, { actor: 'mia' })
    expectProblem(res, 409, 'LAST_HOLDER')
    expect(res.body.detail).toContain('Primary owner')
  })

  test('a multi-owner member leaves', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    expect((await api.call('DELETE', `/v1/orgs/${org}/members/max`, { actor: 'max' })).status).toBe(200)
    expect(await memberOf(org, 'max', 'mia')).toMatchObject({ status: 'terminated' })
  })

  test('a removed member may be invited again', async () => {
    const org = await api.createOrg()
    await api.join(org, 'bo', 'ana', ['admin'])
    await api.must(200, 'DELETE', `/v1/orgs/${org}/members/bo`, { actor: 'ana' })
    await api.join(org, 'bo', 'ana')
    expect(await memberOf(org, 'bo')).toMatchObject({ status: 'active', roles: [] })
  })

  test('removing someone who is not a member is NOT_A_MEMBER', async () => {
    const org = await api.createOrg()
    const before = await api.writes()
    expectProblem(await api.call('DELETE', `/v1/orgs/${org}/members/nobody`, { actor: 'ana' }), 409, 'NOT_A_MEMBER')
    expect(await api.writes()).toEqual(before)
  })

  test('a member without the right to remove is NOT_AUTHORIZED', async () => {
    const org = await api.createOrg()
    await api.join(org, 'bo', 'ana')
    await api.join(org, 'cy', 'ana')
    const before = await api.writes()
    expectProblem(await api.call('DELETE', `/v1/orgs/${org}/members/cy`, { actor: 'bo' }), 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
  })
})

describe('?dryRun=true on member changes', () => {
  const cases: [name: string, method: string, path: (org: string) => string, body?: unknown][] = [
    ['an invitation', 'POST', (org) => `/v1/orgs/${org}/invitations`, { user: { id: 'cy', displayName: 'Cy' } }],
    ['a removal', 'DELETE', (org) => `/v1/orgs/${org}/members/bo`],
    ['a denied removal', 'DELETE', (org) => `/v1/orgs/${org}/members/ana`],
  ]
  for (const [name, method, path, body] of cases) {
    test(`answers exactly as the real request and writes nothing: ${name}`, async () => {
      const org = await api.createOrg()
      await api.join(org, 'bo', 'ana', ['admin'])
      const before = await api.writes()
      const options = { actor: 'ana', ...(body ? { body } : {}) }
      const dry = await api.call(method, `${path(org)}?dryRun=true`, options)
      expect(await api.writes()).toEqual(before)
      const real = await api.call(method, path(org), options)
      expect(dry.status).toBe(real.status)
      if (real.body.ok) {
        const { invitationId, caseId, consistency, ...decision } = real.body
        expect(dry.body).toEqual({ ...decision, dryRun: true, consistency: before.versions[org] })
      } else {
        expect(dry.body).toEqual(real.body)
      }
    })
  }
})
