import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const withKey = (key: string) => ({ 'Idempotency-Key': key })
const replayed = (res: { headers: Headers }) => res.headers.get('idempotent-replayed')

/** A teamroom org owned by ana, with bo and cy as plain members. */
async function teamroom() {
  const org = await api.createOrg('teamroom', 'ana')
  await api.join(org, 'bo', 'ana')
  await api.join(org, 'cy', 'ana')
  return org
}

describe('Idempotency-Key on mutations', () => {
  test('a retry with the same key and request replays the first response; the role is granted once', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/bo`
    const first = await api.call('PUT', path, { actor: 'ana', headers: withKey('grant-bo-admin') })
    expect(first.status).toBe(200)
    expect(first.body.changed).toBe(true)
    expect(replayed(first)).toBeNull()
    const afterFirst = await api.writes()
    const retry = await api.call('PUT', path, { actor: 'ana', headers: withKey('grant-bo-admin') })
    expect(retry.status).toBe(200)
    expect(replayed(retry)).toBe('true')
    expect(retry.headers.get('content-type')).toMatch(/^application\/json/)
    expect(retry.body).toEqual(first.body)
    expect(await api.writes()).toEqual(afterFirst)
    expect((await api.holders(org, 'ana')).admin).toEqual(['bo'])
    const grants = await api.call('GET', `/v1/orgs/${org}/audit-events?type=role.granted&subject=bo`, { actor: 'ana' })
    expect(grants.body.events).toHaveLength(1)
  })

  test('a retried invitation replays the same invitation id and invites once', async () => {
    const org = await teamroom()
    const request = { actor: 'ana', body: { user: { id: 'dan', displayName: 'Dan' } }, headers: withKey('invite-dan') }
    const first = await api.call('POST', `/v1/orgs/${org}/invitations`, request)
    expect(first.status).toBe(201)
    const retry = await api.call('POST', `/v1/orgs/${org}/invitations`, request)
    expect(retry.status).toBe(201)
    expect(replayed(retry)).toBe('true')
    expect(retry.body.invitationId).toBe(first.body.invitationId)
    const invited = await api.call('GET', `/v1/orgs/${org}/audit-events?type=member.invited&subject=dan`, {
      actor: 'ana',
    })
    expect(invited.body.events).toHaveLength(1)
  })

  test('a retry sent while the first is still running grants once: replayed, or 409 to retry later', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/bo`
    const send = () => api.call('PUT', path, { actor: 'ana', headers: withKey('racing') })
    const answers = await Promise.all([send(), send(), send()])
    const first = answers.filter((a) => a.status === 200 && replayed(a) === null)
    expect(first).toHaveLength(1)
    for (const other of answers.filter((a) => !first.includes(a))) {
      if (other.status === 409) expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      else expect(other).toMatchObject({ status: 200, body: first[0]?.body })
    }
    const grants = await api.call('GET', `/v1/orgs/${org}/audit-events?type=role.granted&subject=bo`, { actor: 'ana' })
    expect(grants.body.events).toHaveLength(1)
  })

  test('a denial is replayed as the same problem', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/cy`
    const first = await api.call('PUT', path, { actor: 'bo', headers: withKey('bo-tries') })
    expectProblem(first, 403, 'NOT_AUTHORIZED')
    const retry = await api.call('PUT', path, { actor: 'bo', headers: withKey('bo-tries') })
    expectProblem(retry, 403, 'NOT_AUTHORIZED')
    expect(replayed(retry)).toBe('true')
    expect(retry.body).toEqual(first.body)
  })

  test('the same key with a different body is IDEMPOTENCY_MISMATCH and nothing is written', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/invitations`
    const first = await api.call('POST', path, {
      actor: 'ana',
      body: { user: { id: 'dan', displayName: 'Dan' } },
      headers: withKey('invite-once'),
    })
    expect(first.status).toBe(201)
    const before = await api.writes()
    const other = await api.call('POST', path, {
      actor: 'ana',
      body: { user: { id: 'eve', displayName: 'Eve' } },
      headers: withKey('invite-once'),
    })
    expectProblem(other, 422, 'IDEMPOTENCY_MISMATCH')
    expect(await api.writes()).toEqual(before)
  })

  test('the same key on another route or as another actor is IDEMPOTENCY_MISMATCH', async () => {
    const org = await teamroom()
    await api.must(200, 'PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'ana', headers: withKey('k-route') })
    const otherRoute = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/cy`, {
      actor: 'ana',
      headers: withKey('k-route'),
    })
    expectProblem(otherRoute, 422, 'IDEMPOTENCY_MISMATCH')
    const otherActor = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, {
      actor: 'bo',
      headers: withKey('k-route'),
    })
    expectProblem(otherActor, 422, 'IDEMPOTENCY_MISMATCH')
  })

  test('keys are per API key: the same key under another API key is a request of its own', async () => {
    const org = await teamroom()
    const admin = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, {
      actor: 'ana',
      headers: withKey('shared-key'),
    })
    expect(admin.status).toBe(200)
    const service = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/cy`, {
      key: 'rc_key_any_org',
      actor: 'ana',
      headers: withKey('shared-key'),
    })
    expect(service.status).toBe(200)
    expect(replayed(service)).toBeNull()
    expect(service.body.effects).toEqual([expect.objectContaining({ role: 'admin', principal: 'cy' })])
    expect((await api.holders(org, 'ana')).admin).toEqual(['bo', 'cy'])
  })

  test('a key longer than 255 characters is VALIDATION_FAILED and nothing is written', async () => {
    const org = await teamroom()
    const before = await api.writes()
    const res = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, {
      actor: 'ana',
      headers: withKey('k'.repeat(256)),
    })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(await api.writes()).toEqual(before)
  })

  test('reads ignore the header', async () => {
    const org = await teamroom()
    const first = await api.call('GET', `/v1/orgs/${org}`, { headers: withKey('read-key') })
    await api.must(200, 'PATCH', `/v1/orgs/${org}`, { body: { name: 'Renamed' } })
    const second = await api.call('GET', `/v1/orgs/${org}`, { headers: withKey('read-key') })
    expect(replayed(second)).toBeNull()
    expect(second.body.name).toBe('Renamed')
    expect(first.body.name).not.toBe('Renamed')
  })
})
