import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRolecall, isRolecallError } from '../src/index.js'
import { ADMIN_KEY, type Api, collect, join, newOrg, startApi, testApp } from './support/api.js'

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

describe('orgs', () => {
  test('create makes an org with the default model, get reads it, update merges features', async () => {
    const admin = api.client()
    const created = await admin.orgs.create({ name: 'Acme', founder: { id: 'ana', displayName: 'Ana' } })
    expect(created).toMatchObject({ name: 'Acme', model: 'teamroom', features: {}, quotas: {} })
    expect(await admin.orgs.get(created.id)).toEqual(created)
    const ana = admin.as('ana')
    const dry = await ana.orgs.update(created.id, { name: 'Acme Inc' }, { dryRun: true })
    expect(dry).toEqual({ ...created, name: 'Acme Inc', backgroundPrincipal: 'Background Tasks "Acme Inc"' })
    expect(await admin.orgs.get(created.id)).toEqual(created)
    const updated = await ana.orgs.update(created.id, { name: 'Acme Inc', features: { licensing: true } })
    expect(updated).toMatchObject({ id: created.id, name: 'Acme Inc', features: { licensing: true } })
    expect(updated.consistency).toBeGreaterThan(created.consistency)
    expect(await admin.orgs.get(created.id, { consistency: updated.consistency })).toEqual(updated)
  })
})

describe('models', () => {
  test('list names the default preset among the presets, and ofOrg is the org model', async () => {
    const orgId = await newOrg(api, 'multi-owner')
    const { default: fallback, models } = await api.client().models.list()
    expect(fallback).toBe('teamroom')
    expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['teamroom', 'multi-owner']))
    expect(await api.client().models.ofOrg(orgId)).toMatchObject({ id: 'multi-owner', ownerRole: 'primary_owner' })
  })
})

describe('people', () => {
  test("update changes the org's own profile of a person; get reads it; another org keeps its own", async () => {
    const [one, two] = [await newOrg(api), await newOrg(api)]
    for (const orgId of [one, two]) {
      await api.client({ actor: 'ana' }).invitations.invite(orgId, { user: { id: 'kim', displayName: 'Kim' } })
    }
    const changed = await api
      .client({ actor: 'kim' })
      .people.update(one, 'kim', { displayName: 'Kim K.', email: 'kim@example.test' })
    expect(changed).toEqual({
      userId: 'kim',
      displayName: 'Kim K.',
      email: 'kim@example.test',
      slackUserId: null,
      anonymized: false,
      changed: ['displayName', 'email'],
    })
    expect(await api.client({ actor: 'ana' }).people.get(one, 'kim')).toMatchObject({ displayName: 'Kim K.' })
    expect(await api.client({ actor: 'ana' }).people.get(two, 'kim')).toMatchObject({ displayName: 'Kim', email: null })
  })
})

describe('invitations and members', () => {
  test('an invitee accepts, becomes active and receives the invited roles', async () => {
    const orgId = await newOrg(api)
    const invited = await api
      .client({ actor: 'ana' })
      .invitations.invite(orgId, { user: { id: 'bo', displayName: 'Bo' }, roles: ['admin'] })
    expect(invited).toMatchObject({ ok: true, changed: true, invitationId: expect.any(String) })
    const page = await api.client({ actor: 'ana' }).members.list(orgId, { status: 'invited' })
    expect(page.members.map((m) => [m.principal, m.lastActive])).toEqual([['bo', 'Pending']])

    const bo = api.client().as('bo')
    expect(bo.actor).toBe('bo')
    await bo.invitations.accept(orgId, invited.invitationId ?? '')
    const [member] = (await bo.members.list(orgId, { search: 'bo' })).members
    expect(member).toMatchObject({ principal: 'bo', status: 'active', roles: [{ role: 'admin', context: null }] })
  })

  test('list pages by cursor, and iterate walks every page', async () => {
    const orgId = await newOrg(api)
    for (const id of ['m1', 'm2', 'm3', 'm4']) {
      await api.client({ actor: 'ana' }).invitations.invite(orgId, { user: { id, displayName: id } })
    }
    const ana = api.client({ actor: 'ana' })
    const first = await ana.members.list(orgId, { limit: 2 })
    expect(first.members).toHaveLength(2)
    expect(first.next).not.toBeNull()
    const second = await ana.members.list(orgId, { limit: 2, cursor: first.next ?? '' })
    expect(second.members.map((m) => m.principal)).not.toContain(first.members[0]?.principal)

    const all = await collect(ana.members.iterate(orgId, { limit: 2 }))
    expect(all.map((m) => m.principal).sort()).toEqual(['ana', 'm1', 'm2', 'm3', 'm4'])
  })

  test('remove takes a member out, and leave takes the actor out', async () => {
    const orgId = await newOrg(api)
    await join(api, orgId, 'bo')
    await join(api, orgId, 'cy')
    const removed = await api.client({ actor: 'ana' }).members.remove(orgId, 'bo')
    expect(removed).toMatchObject({ ok: true, changed: true })
    const left = await api.client({ actor: 'cy' }).members.leave(orgId)
    expect(left).toMatchObject({ ok: true, changed: true })
    const active = await collect(api.client({ actor: 'ana' }).members.iterate(orgId, { status: 'active' }))
    expect(active.map((m) => m.principal)).toEqual(['ana'])
  })

  test('leave without an actor is a programming error, caught before any request', () => {
    expect(() => api.client().members.leave('acme')).toThrow(/needs an actor/)
  })
})

describe('roles', () => {
  test('grant and revoke change holders; a dry run decides without writing', async () => {
    const orgId = await newOrg(api)
    await join(api, orgId, 'bo')
    const ana = api.client({ actor: 'ana' })

    const dry = await ana.roles.grant(orgId, 'admin', 'bo', { dryRun: true })
    expect(dry).toMatchObject({ ok: true, changed: true, dryRun: true })
    expect((await ana.roles.list(orgId)).find((r) => r.role === 'admin')?.holders).toEqual([])

    const granted = await ana.roles.grant(orgId, 'admin', 'bo')
    expect(granted).toMatchObject({ changed: true, dryRun: false })
    const roles = await ana.roles.list(orgId, { consistency: granted.consistency })
    expect(roles.find((r) => r.role === 'admin')?.holders).toEqual([{ principal: 'bo', context: null }])
    expect(await ana.roles.grant(orgId, 'admin', 'bo')).toMatchObject({ changed: false })

    await ana.roles.revoke(orgId, 'admin', 'bo')
    expect((await ana.roles.list(orgId)).find((r) => r.role === 'admin')?.holders).toEqual([])
  })

  test('a scoped role is granted and revoked in its context', async () => {
    const orgId = await newOrg(api)
    await join(api, orgId, 'bo')
    const ana = api.client({ actor: 'ana' })
    await ana.roles.grant(orgId, 'support_team', 'bo', { context: 'teamroom:42' })
    const holders = async () => (await ana.roles.list(orgId)).find((r) => r.role === 'support_team')?.holders
    expect(await holders()).toEqual([{ principal: 'bo', context: 'teamroom:42' }])
    await ana.roles.revoke(orgId, 'support_team', 'bo', { context: 'teamroom:42' })
    expect(await holders()).toEqual([])
  })

  test('a role that needs confirmation is granted with confirm: true', async () => {
    const orgId = await newOrg(api, 'multi-owner')
    await join(api, orgId, 'bo')
    const ana = api.client({ actor: 'ana' })
    const unconfirmed = await ana.roles.grant(orgId, 'owner', 'bo').catch((e: unknown) => e)
    expect(isRolecallError(unconfirmed, 'CONFIRMATION_REQUIRED')).toBe(true)
    expect(await ana.roles.grant(orgId, 'owner', 'bo', { confirm: true })).toMatchObject({ changed: true })
  })
})

describe('transfers', () => {
  test('request, decline, cancel and accept move ownership only when the recipient accepts', async () => {
    const orgId = await newOrg(api)
    await join(api, orgId, 'bo')
    const ana = api.client({ actor: 'ana' })
    const bo = ana.as('bo')

    const first = await ana.transfers.request(orgId, { to: 'bo' })
    expect(await ana.transfers.current(orgId)).toMatchObject({ id: first.transferId, from: 'ana', to: 'bo' })
    await bo.transfers.decline(orgId, first.transferId ?? '')

    const second = await ana.transfers.request(orgId, { to: 'bo' })
    await ana.transfers.cancel(orgId, second.transferId ?? '')
    const none = await ana.transfers.current(orgId).catch((e: unknown) => e)
    expect(isRolecallError(none, 'NOT_FOUND')).toBe(true)

    const third = await ana.transfers.request(orgId, { to: 'bo', formerHolder: 'member' })
    const accepted = await bo.transfers.accept(orgId, third.transferId ?? '')
    const roles = await bo.roles.list(orgId, { consistency: accepted.consistency })
    expect(roles.find((r) => r.role === 'owner')?.holders).toEqual([{ principal: 'bo', context: null }])
  })
})

describe('checks', () => {
  test('check answers one question, checkBatch many in order, each with the reason when not', async () => {
    const orgId = await newOrg(api)
    await join(api, orgId, 'bo')
    const client = api.client()
    expect(await client.check(orgId, { principal: 'ana', action: 'org.manage' })).toEqual({ allowed: true })
    const no = await client.check(orgId, { principal: 'bo', action: 'org.manage' })
    expect(no).toMatchObject({ allowed: false, code: 'NOT_AUTHORIZED', detail: expect.any(String) })
    const answers = await client.checkBatch(orgId, [
      { principal: 'bo', action: 'members.view' },
      { principal: 'ana', action: 'members.view' },
    ])
    expect(answers.map((a) => a.allowed)).toEqual([false, true])
  })
})

describe('auditEvents', () => {
  test('iterates every event across pages, newest first, and filters by type', async () => {
    const orgId = await newOrg(api)
    await join(api, orgId, 'bo')
    const ana = api.client({ actor: 'ana' })
    for (const role of ['admin', 'compliance_manager', 'authorized_buyer']) await ana.roles.grant(orgId, role, 'bo')

    const events = await collect(ana.auditEvents(orgId, { limit: 2 }))
    expect(events.length).toBeGreaterThan(4)
    const ids = events.map((e) => e.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(new Set(ids).size).toBe(ids.length)

    const grants = await collect(ana.auditEvents(orgId, { type: 'role.granted', subject: 'bo', limit: 2 }))
    expect(grants.map((e) => e.data.role)).toEqual(['authorized_buyer', 'compliance_manager', 'admin'])
  })
})

describe('apiKeys', () => {
  test('a created key reaches its orgs only, and a revoked key nothing', async () => {
    const orgId = await newOrg(api)
    const other = await newOrg(api)
    const key = await api.client().apiKeys.create({ name: 'billing', orgIds: [orgId] })
    expect(key).toMatchObject({ name: 'billing', orgIds: [orgId], support: false, secret: expect.any(String) })

    const service = api.client({ apiKey: key.secret })
    expect((await service.orgs.get(orgId)).id).toBe(orgId)
    expect(isRolecallError(await service.orgs.get(other).catch((e: unknown) => e), 'NOT_FOUND')).toBe(true)

    await api.client().apiKeys.revoke(key.id)
    expect(isRolecallError(await service.orgs.get(orgId).catch((e: unknown) => e), 'UNAUTHENTICATED')).toBe(true)
  })
})

describe('health', () => {
  test('health answers ok and ready true from a serving API', async () => {
    expect(await api.client().health()).toEqual({ status: 'ok' })
    expect(await api.client().ready()).toBe(true)
  })

  test('ready is false, at once, while the API is not ready', async () => {
    const app = testApp({ ready: async () => false })
    let calls = 0
    const unready = createRolecall({
      baseUrl: 'http://rolecall.test',
      apiKey: ADMIN_KEY,
      fetch: (request) => {
        calls += 1
        return app.fetch(request)
      },
    })
    expect(await unready.ready()).toBe(false)
    expect(calls).toBe(1)
  })
})

describe('raw', () => {
  test('the typed openapi-fetch client answers data or the problem, without throwing', async () => {
    const orgId = await newOrg(api)
    const { data } = await api.client().raw.GET('/v1/orgs/{orgId}', { params: { path: { orgId } } })
    expect(data?.id).toBe(orgId)
    const { error, response } = await api.client().raw.GET('/v1/orgs/{orgId}', { params: { path: { orgId: 'nope' } } })
    expect(response.status).toBe(404)
    expect(error?.code).toBe('NOT_FOUND')
  })
})
