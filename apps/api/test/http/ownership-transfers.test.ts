import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const transfers = (org: string) => `/v1/orgs/${org}/ownership-transfers`

/** A teamroom org owned by ana, with bo and cy as plain active members. */
async function teamroom() {
  const org = await api.createOrg('teamroom', 'ana')
  await api.join(org, 'bo', 'ana')
  await api.join(org, 'cy', 'ana')
  return org
}

/** Starts a transfer and returns its id. */
async function request(org: string, from: string, body: Record<string, unknown>) {
  const res = await api.must(201, 'POST', transfers(org), { actor: from, body })
  return res.body.transferId as string
}

const respond = (org: string, id: string, step: 'accept' | 'decline' | 'cancel', actor: string, query = '') =>
  api.call('POST', `${transfers(org)}/${id}/${step}${query}`, { actor })

/** The open transfer as `actor` (by default the owner ana) reads it. */
const current = (org: string, actor = 'ana') => api.call('GET', `${transfers(org)}/current`, { actor })

describe('POST /v1/orgs/{orgId}/ownership-transfers', () => {
  test('the owner starts a transfer to a member: 201 with its transferId, and nothing changes hands yet', async () => {
    const org = await teamroom()
    const res = await api.call('POST', transfers(org), { actor: 'ana', body: { to: 'bo' } })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      ok: true,
      changed: true,
      transferId: expect.any(String),
      effects: [
        {
          kind: 'transfer.requested',
          role: 'owner',
          from: 'ana',
          to: 'bo',
          formerHolder: 'default',
          expiresAt: expect.any(String),
        },
      ],
    })
    expect((await api.holders(org, 'ana')).owner).toEqual(['ana'])
    expect((await api.auditTypes(org, 'ana')).at(-1)).toBe('transfer.requested')
  })

  test('a second request while one is open is TRANSFER_PENDING and nothing is written', async () => {
    const org = await teamroom()
    await request(org, 'ana', { to: 'bo' })
    const before = await api.writes()
    expectProblem(await api.call('POST', transfers(org), { actor: 'ana', body: { to: 'cy' } }), 409, 'TRANSFER_PENDING')
    expect(await api.writes()).toEqual(before)
  })

  test('a recipient who is not a member is NOT_A_MEMBER and nothing is written', async () => {
    const org = await teamroom()
    const before = await api.writes()
    const res = await api.call('POST', transfers(org), { actor: 'ana', body: { to: 'stranger' } })
    expectProblem(res, 409, 'NOT_A_MEMBER')
    expect(await api.writes()).toEqual(before)
  })

  test('a pending invitee is not a member: NOT_A_MEMBER', async () => {
    const org = await teamroom()
    await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'dan', displayName: 'Dan' } },
    })
    expectProblem(await api.call('POST', transfers(org), { actor: 'ana', body: { to: 'dan' } }), 409, 'NOT_A_MEMBER')
  })

  test('only the owner starts a transfer: a co-owner is NOT_AUTHORIZED with the owner as contact', async () => {
    const org = await teamroom()
    await api.grant(org, 'co_owner', 'bo', 'ana')
    const before = await api.writes()
    const res = await api.call('POST', transfers(org), { actor: 'bo', body: { to: 'cy' } })
    expectProblem(res, 403, 'NOT_AUTHORIZED')
    expect(res.body.contact).toBe('ana')
    expect(await api.writes()).toEqual(before)
  })

  test('?dryRun=true answers as the real request and writes nothing', async () => {
    const org = await teamroom()
    const before = await api.writes()
    const dry = await api.call('POST', `${transfers(org)}?dryRun=true`, { actor: 'ana', body: { to: 'bo' } })
    expect(await api.writes()).toEqual(before)
    expectProblem(await current(org), 404, 'NOT_FOUND')
    const real = await api.call('POST', transfers(org), { actor: 'ana', body: { to: 'bo' } })
    expect(dry.status).toBe(real.status)
    const { transferId, consistency, effects, ...decision } = real.body
    expect(dry.body).toMatchObject({ ...decision, dryRun: true })
    expect(dry.body.effects).toEqual([{ ...effects[0], expiresAt: expect.any(String) }])
  })

  test('a role the model lacks is UNKNOWN_ROLE', async () => {
    const org = await teamroom()
    expectProblem(
      await api.call('POST', transfers(org), { actor: 'ana', body: { to: 'bo', role: 'wizard' } }),
      422,
      'UNKNOWN_ROLE',
    )
  })

  test('a multi-owner primary ownership goes only to another owner: NOT_ELIGIBLE otherwise', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    const res = await api.call('POST', transfers(org), { actor: 'mia', body: { to: 'max' } })
    expectProblem(res, 409, 'NOT_ELIGIBLE')
  })
})

describe('GET /v1/orgs/{orgId}/ownership-transfers/current', () => {
  test('answers the open transfer, which expires after 7 days', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo', formerHolder: 'member' })
    const res = await current(org)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id,
      role: 'owner',
      from: 'ana',
      to: 'bo',
      status: 'open',
      formerHolder: 'member',
      expiresAt: expect.any(String),
    })
    const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.9)
    expect(days).toBeLessThanOrEqual(7)
  })

  test('without an open transfer it is NOT_FOUND', async () => {
    const org = await teamroom()
    expectProblem(await current(org), 404, 'NOT_FOUND')
  })

  test('it is member data: the recipient reads it, someone outside the org is NOT_AUTHORIZED', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    expect((await current(org, 'bo')).body.id).toBe(id)
    expectProblem(await current(org, 'stranger'), 403, 'NOT_AUTHORIZED')
  })

  test('without X-Rolecall-Actor it is VALIDATION_FAILED naming the header', async () => {
    const org = await teamroom()
    await request(org, 'ana', { to: 'bo' })
    const res = await api.call('GET', `${transfers(org)}/current`)
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'header.x-rolecall-actor' })])
  })
})

describe('POST /v1/orgs/{orgId}/ownership-transfers/{transferId}/accept', () => {
  test('the recipient accepts: ownership changes hands and the former owner becomes co-owner', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    const res = await respond(org, id, 'accept', 'bo')
    expect(res.status).toBe(200)
    expect(res.body.effects[0]).toEqual({
      kind: 'transfer.accepted',
      transferId: id,
      role: 'owner',
      from: 'ana',
      to: 'bo',
    })
    expect(await api.holders(org, 'bo')).toMatchObject({ owner: ['bo'], co_owner: ['ana'] })
    expectProblem(await current(org), 404, 'NOT_FOUND')
    expect((await api.auditTypes(org, 'bo')).slice(-4)).toEqual([
      'transfer.accepted',
      'role.revoked',
      'role.granted',
      'role.granted',
    ])
  })

  test('a co-owner recipient gives up co_owner on becoming owner', async () => {
    const org = await teamroom()
    await api.grant(org, 'co_owner', 'bo', 'ana')
    const id = await request(org, 'ana', { to: 'bo' })
    expect((await respond(org, id, 'accept', 'bo')).status).toBe(200)
    expect(await api.holders(org, 'bo')).toMatchObject({ owner: ['bo'], co_owner: ['ana'] })
  })

  test('with formerHolder member the former owner keeps no role', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo', formerHolder: 'member' })
    expect((await respond(org, id, 'accept', 'bo')).status).toBe(200)
    expect(await api.holders(org, 'bo')).toMatchObject({ owner: ['bo'], co_owner: [] })
  })

  test('a multi-owner primary ownership changes hands the same way', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    await api.grant(org, 'owner', 'max', 'mia', '?confirm=true')
    const id = await request(org, 'mia', { to: 'max' })
    expect((await respond(org, id, 'accept', 'max')).status).toBe(200)
    expect(await api.holders(org, 'max')).toMatchObject({ owner: ['max', 'mia'], primary_owner: ['max'] })
  })

  test('someone other than the recipient accepting is NOT_AUTHORIZED and nothing is written', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    const before = await api.writes()
    expectProblem(await respond(org, id, 'accept', 'cy'), 403, 'NOT_AUTHORIZED')
    expectProblem(await respond(org, id, 'accept', 'ana'), 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
  })

  test('accepting after a decline is TRANSFER_CLOSED and nothing is written', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    expect((await respond(org, id, 'decline', 'bo')).status).toBe(200)
    const before = await api.writes()
    expectProblem(await respond(org, id, 'accept', 'bo'), 409, 'TRANSFER_CLOSED')
    expect(await api.writes()).toEqual(before)
    expect((await api.holders(org, 'ana')).owner).toEqual(['ana'])
  })

  test('accepting twice is TRANSFER_CLOSED', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    expect((await respond(org, id, 'accept', 'bo')).status).toBe(200)
    expectProblem(await respond(org, id, 'accept', 'bo'), 409, 'TRANSFER_CLOSED')
  })

  test('an unknown transfer id is NOT_FOUND', async () => {
    const org = await teamroom()
    const res = await respond(org, '00000000-0000-0000-0000-000000000000', 'accept', 'bo')
    expectProblem(res, 404, 'NOT_FOUND')
  })

  test("another org's transfer id is NOT_FOUND", async () => {
    const org = await teamroom()
    const other = await teamroom()
    const id = await request(other, 'ana', { to: 'bo' })
    expectProblem(await respond(org, id, 'accept', 'bo'), 404, 'NOT_FOUND')
  })
})

describe('POST /v1/orgs/{orgId}/ownership-transfers/{transferId}/decline', () => {
  test('the recipient declines: nothing changes hands and a new transfer may start', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    const res = await respond(org, id, 'decline', 'bo')
    expect(res.status).toBe(200)
    expect(res.body.effects).toEqual([{ kind: 'transfer.declined', transferId: id }])
    expect((await api.holders(org, 'ana')).owner).toEqual(['ana'])
    expectProblem(await current(org), 404, 'NOT_FOUND')
    await request(org, 'ana', { to: 'cy' })
  })

  test('the initiator cannot decline: NOT_AUTHORIZED', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    expectProblem(await respond(org, id, 'decline', 'ana'), 403, 'NOT_AUTHORIZED')
  })
})

describe('POST /v1/orgs/{orgId}/ownership-transfers/{transferId}/cancel', () => {
  test('the initiator cancels, and the recipient can no longer accept', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    const res = await respond(org, id, 'cancel', 'ana')
    expect(res.status).toBe(200)
    expect(res.body.effects).toEqual([{ kind: 'transfer.cancelled', transferId: id }])
    expectProblem(await respond(org, id, 'accept', 'bo'), 409, 'TRANSFER_CLOSED')
    expect((await api.holders(org, 'ana')).owner).toEqual(['ana'])
  })

  test('the recipient cannot cancel: NOT_AUTHORIZED', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    expectProblem(await respond(org, id, 'cancel', 'bo'), 403, 'NOT_AUTHORIZED')
  })

  test('the recipient leaving voids the open transfer', async () => {
    const org = await teamroom()
    const id = await request(org, 'ana', { to: 'bo' })
    await api.must(200, 'DELETE', `/v1/orgs/${org}/members/bo`, { actor: 'bo' })
    expectProblem(await current(org), 404, 'NOT_FOUND')
    expectProblem(await respond(org, id, 'cancel', 'ana'), 409, 'TRANSFER_CLOSED')
  })
})

describe('?dryRun=true on answers to a transfer', () => {
  const cases: [name: string, step: 'accept' | 'decline' | 'cancel', actor: string][] = [
    ['the recipient accepting', 'accept', 'bo'],
    ['the recipient declining', 'decline', 'bo'],
    ['the initiator cancelling', 'cancel', 'ana'],
    ['someone else accepting (denied)', 'accept', 'cy'],
    ['the recipient cancelling (denied)', 'cancel', 'bo'],
  ]
  for (const [name, step, actor] of cases) {
    test(`answers exactly as the real request and changes nothing: ${name}`, async () => {
      const org = await teamroom()
      const id = await request(org, 'ana', { to: 'bo' })
      const before = await api.writes()
      const open = (await current(org)).body
      const audit = await api.auditTypes(org, 'ana')
      const dry = await respond(org, id, step, actor, '?dryRun=true')
      expect(await api.writes()).toEqual(before)
      expect((await current(org)).body).toEqual(open)
      expect(await api.auditTypes(org, 'ana')).toEqual(audit)
      expect(await api.holders(org, 'ana')).toMatchObject({ owner: ['ana'], co_owner: [] })
      const real = await respond(org, id, step, actor)
      expect(dry.status).toBe(real.status)
      if (real.body.ok) {
        expect(dry.body).toEqual({ ...real.body, dryRun: true, consistency: before.versions[org] })
      } else {
        expect(dry.body).toEqual(real.body)
      }
    })
  }
})
