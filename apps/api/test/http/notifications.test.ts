import { describe, expect, test } from 'vitest'
import { waitFor } from '../support/wait-for.js'
import { useWorkflows } from '../support/with-workflows.js'
import { expectProblem, useApi } from './harness.js'

// No SMTP server configured: notifications are rendered and kept for listing.
const api = useApi()
useWorkflows(api)

const list = (orgId: string, query = '', actor = 'ana') =>
  api.must(200, 'GET', `/v1/orgs/${orgId}/notifications${query}`, { actor })

describe('GET /v1/orgs/{orgId}/notifications', () => {
  test('without SMTP, each recipient gets a stored message naming people as they are called now', async () => {
    const orgId = await api.createOrg()
    await api.join(orgId, 'bo', 'ana')
    await api.grant(orgId, 'admin', 'bo', 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${orgId}/roles/admin/holders/bo`, { actor: 'ana' })
    const page = await waitFor('the revoke notified', async () => {
      const res = await list(orgId)
      const got = res.body.notifications as { type: string }[]
      return got.filter((n) => n.type === 'role.revoked').length === 2 && res.body
    })
    const revoked = page.notifications.filter((n: { type: string }) => n.type === 'role.revoked')
    expect(revoked.map((n: { recipient: string }) => n.recipient).sort()).toEqual(['ana', 'bo'])
    expect(revoked[0]).toMatchObject({
      channel: 'stored',
      subject: 'admin revoked',
      body: expect.stringContaining('ANA revoked admin from BO in Org '),
      eventId: expect.stringMatching(/^evt_/),
    })
  })

  test('filters by recipient and pages by cursor', async () => {
    const orgId = await api.createOrg()
    await api.join(orgId, 'bo', 'ana')
    await api.grant(orgId, 'admin', 'bo', 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${orgId}/roles/admin/holders/bo`, { actor: 'ana' })
    await waitFor('bo notified', async () => (await list(orgId, '?recipient=bo')).body.notifications.length === 1)
    const forBo = await list(orgId, '?recipient=bo')
    expect(forBo.body.notifications.map((n: { type: string }) => n.type)).toEqual(['role.revoked'])

    const all = (await list(orgId)).body.notifications as { id: number }[]
    const first = await list(orgId, '?limit=1')
    expect(first.body.notifications.map((n: { id: number }) => n.id)).toEqual([all[0]?.id])
    const second = await list(orgId, `?limit=1&cursor=${first.body.next}`)
    expect(second.body.notifications.map((n: { id: number }) => n.id)).toEqual([all[1]?.id])
  })

  test('a burst larger than one batch is kept in full, each notification once', async () => {
    const orgId = await api.createOrg()
    await api.join(orgId, 'bo', 'ana')
    for (let i = 0; i < 40; i++) {
      await api.grant(orgId, 'admin', 'bo', 'ana')
      await api.must(200, 'DELETE', `/v1/orgs/${orgId}/roles/admin/holders/bo`, { actor: 'ana' })
    }
    // Each grant is told to ana, each revoke to ana and bo: 120 notifications, more than one job run takes.
    type Kept = { type: string; channel: string | null; eventId: string; recipient: string }
    const roleChanges = await waitFor('every role change notified', async () => {
      const got = ((await list(orgId, '?limit=200')).body.notifications as Kept[]).filter((n) =>
        n.type.startsWith('role.'),
      )
      return got.length === 120 && got.every((n) => n.channel === 'stored') && got
    })
    expect(new Set(roleChanges.map((n) => `${n.eventId} ${n.recipient}`)).size).toBe(120)
    expect(roleChanges.filter((n) => n.recipient === 'bo')).toHaveLength(40)
  })

  test('needs an acting person of the org', async () => {
    const orgId = await api.createOrg()
    expectProblem(await api.call('GET', `/v1/orgs/${orgId}/notifications`), 400, 'VALIDATION_FAILED')
    expectProblem(
      await api.call('GET', `/v1/orgs/${orgId}/notifications`, { actor: 'stranger' }),
      403,
      'NOT_AUTHORIZED',
    )
    expectProblem(
      await api.call('GET', `/v1/orgs/${orgId}/notifications?cursor=x`, { actor: 'ana' }),
      400,
      'VALIDATION_FAILED',
    )
  })
})
