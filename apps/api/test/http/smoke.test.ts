import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startApi } from './harness.js'

let api: Awaited<ReturnType<typeof startApi>>
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

describe('roles over HTTP', () => {
  test('an owner grants admin, and the check reflects it', async () => {
    const org = await api.createOrg()
    const inv = await api.call('POST', `/v1/orgs/${org}/invitations`, { actor: 'ana', body: { user: { id: 'bo', displayName: 'Bo' } } })
    expect(inv.status).toBe(201)
    const acc = await api.call('POST', `/v1/orgs/${org}/invitations/${inv.body.invitationId}/accept`, { actor: 'bo' })
    expect(acc.status).toBe(200)
    const grant = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'ana' })
    expect(grant.status).toBe(200)
    expect(grant.headers.get('rolecall-consistency')).toBe(String(grant.body.consistency))
    const check = await api.call('POST', `/v1/orgs/${org}/check`, { body: { principal: 'bo', action: 'org.manage' } })
    expect(check.body).toEqual({ allowed: true })
    const denied = await api.call('DELETE', `/v1/orgs/${org}/roles/owner/holders/ana`, { actor: 'bo' })
    expect(denied.status).toBe(403)
    expect(denied.body).toMatchObject({ code: 'NOT_AUTHORIZED', contact: 'ana' })
    expect(denied.body.detail).toContain('ANA')
  })
})
