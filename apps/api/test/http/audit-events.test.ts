import { describe, expect, test } from 'vitest'
import { type CallOptions, expectProblem, useApi } from './harness.js'

const api = useApi()

interface AuditEvent {
  id: number
  at: string
  actor: string
  type: string
  subject: string | null
  data: Record<string, unknown>
  requestId: string | null
}

const events = async (org: string, query = '', actor = 'ana') =>
  (await api.must(200, 'GET', `/v1/orgs/${org}/audit-events${query}`, { actor })).body as {
    events: AuditEvent[]
    next: string | null
  }

describe('GET /v1/orgs/{orgId}/audit-events', () => {
  test('every mutation writes its audit events in order, as its actor, with its request id', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    const ids = { invitation: '', transfer: '' }
    const base = `/v1/orgs/${org}`
    const steps: { step: string; actor: string; request: () => [string, string, CallOptions]; writes: string[] }[] = [
      {
        step: 'invite with a role',
        actor: 'ana',
        request: () => [
          'POST',
          `${base}/invitations`,
          { body: { user: { id: 'bo', displayName: 'Bo' }, roles: ['admin'] } },
        ],
        writes: ['member.invited'],
      },
      {
        step: 'accept',
        actor: 'bo',
        request: () => ['POST', `${base}/invitations/${ids.invitation}/accept`, {}],
        writes: ['member.activated', 'role.granted'],
      },
      {
        step: 'grant in a context',
        actor: 'ana',
        request: () => ['PUT', `${base}/roles/support_team/holders/bo?context=teamroom:1`, {}],
        writes: ['role.granted'],
      },
      {
        step: 'revoke',
        actor: 'ana',
        request: () => ['DELETE', `${base}/roles/admin/holders/bo`, {}],
        writes: ['role.revoked'],
      },
      {
        step: 'request a transfer',
        actor: 'ana',
        request: () => ['POST', `${base}/ownership-transfers`, { body: { to: 'bo' } }],
        writes: ['transfer.requested'],
      },
      {
        step: 'cancel it',
        actor: 'ana',
        request: () => ['POST', `${base}/ownership-transfers/${ids.transfer}/cancel`, {}],
        writes: ['transfer.cancelled'],
      },
      {
        step: 'request again',
        actor: 'ana',
        request: () => ['POST', `${base}/ownership-transfers`, { body: { to: 'bo' } }],
        writes: ['transfer.requested'],
      },
      {
        step: 'decline it',
        actor: 'bo',
        request: () => ['POST', `${base}/ownership-transfers/${ids.transfer}/decline`, {}],
        writes: ['transfer.declined'],
      },
      {
        step: 'request once more',
        actor: 'ana',
        request: () => ['POST', `${base}/ownership-transfers`, { body: { to: 'bo' } }],
        writes: ['transfer.requested'],
      },
      {
        step: 'accept it',
        actor: 'bo',
        request: () => ['POST', `${base}/ownership-transfers/${ids.transfer}/accept`, {}],
        writes: ['transfer.accepted', 'role.revoked', 'role.granted', 'role.granted'],
      },
      {
        step: 'remove the former owner',
        actor: 'bo',
        request: () => ['DELETE', `${base}/members/ana`, {}],
        writes: ['role.revoked', 'member.terminated', 'case.opened'],
      },
      {
        step: 'change the org',
        actor: 'bo',
        request: () => ['PATCH', base, { body: { features: { licensing: true } } }],
        writes: ['org.updated'],
      },
    ]
    const founding = (await events(org, '', 'ana')).events
    expect(founding.map((e) => e.type)).toEqual(['role.granted', 'member.activated'])
    let seen = founding.length
    for (const { step, actor, request, writes } of steps) {
      const [method, path, options] = request()
      const res = await api.call(method, path, { ...options, actor })
      expect(res.status, `${step}: ${JSON.stringify(res.body)}`).toBeLessThan(300)
      ids.invitation = res.body.invitationId ?? ids.invitation
      ids.transfer = res.body.transferId ?? ids.transfer
      const all = (await events(org, '?limit=200', 'bo')).events
      const added = all.slice(0, all.length - seen).reverse()
      expect(
        added.map((e) => e.type),
        step,
      ).toEqual(writes)
      for (const event of added) {
        expect(event, step).toMatchObject({ actor, requestId: res.headers.get('x-request-id') })
      }
      seen = all.length
    }
  })

  test('an event names its subject and carries the effect as data', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.join(org, 'bo', 'ana')
    await api.grant(org, 'admin', 'bo', 'ana')
    const [newest] = (await events(org, '?limit=1')).events
    expect(newest).toEqual({
      id: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      actor: 'ana',
      type: 'role.granted',
      subject: 'bo',
      data: expect.objectContaining({ kind: 'role.granted', role: 'admin', principal: 'bo' }),
      requestId: expect.any(String),
    })
  })

  test('filters by actor, subject and type', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.join(org, 'bo', 'ana')
    await api.join(org, 'cy', 'ana', ['admin'])
    await api.grant(org, 'support_team', 'bo', 'cy')
    await api.grant(org, 'admin', 'bo', 'ana')
    const byActor = (await events(org, '?actor=cy')).events
    expect(byActor.map((e) => [e.type, e.actor])).toEqual([
      ['role.granted', 'cy'],
      ['role.granted', 'cy'],
      ['member.activated', 'cy'],
    ])
    const bySubject = (await events(org, '?subject=bo&type=role.granted')).events
    expect(bySubject.map((e) => e.data.role)).toEqual(['admin', 'support_team'])
    const byType = (await events(org, '?type=member.invited')).events
    expect(byType.map((e) => e.subject)).toEqual(['cy', 'bo'])
  })

  test('pages newest first by cursor', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    for (const id of ['m1', 'm2', 'm3']) {
      await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
        actor: 'ana',
        body: { user: { id, displayName: id } },
      })
    }
    const all = (await events(org)).events
    expect(all).toHaveLength(5)
    const paged: AuditEvent[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page = await events(org, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      paged.push(...page.events)
      cursor = page.next
      pages++
    } while (cursor !== null && pages < 10)
    expect(pages).toBe(3)
    expect(paged).toEqual(all)
    const ids = all.map((e) => e.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(all.map((e) => e.subject).slice(0, 3)).toEqual(['m3', 'm2', 'm1'])
  })

  test('a denial writes no audit event', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.join(org, 'bo', 'ana')
    const history = await events(org)
    const before = await api.writes()
    const denials = [
      await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'bo' }),
      await api.call('DELETE', `/v1/orgs/${org}/roles/owner/holders/ana`, { actor: 'ana' }),
      await api.call('DELETE', `/v1/orgs/${org}/members/ana`, { actor: 'ana' }),
      await api.call('POST', `/v1/orgs/${org}/ownership-transfers`, { actor: 'ana', body: { to: 'nobody' } }),
    ]
    expect(denials.map((d) => d.body.code)).toEqual([
      'NOT_AUTHORIZED',
      'TRANSFER_REQUIRED',
      'LAST_HOLDER',
      'NOT_A_MEMBER',
    ])
    expect(await api.writes()).toEqual(before)
    expect(await events(org)).toEqual(history)
  })

  test('a stranger is NOT_AUTHORIZED, and the actor header is required', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    expectProblem(await api.call('GET', `/v1/orgs/${org}/audit-events`, { actor: 'mallory' }), 403, 'NOT_AUTHORIZED')
    expectProblem(await api.call('GET', `/v1/orgs/${org}/audit-events`), 400, 'VALIDATION_FAILED')
  })

  test('a cursor the API did not hand out is VALIDATION_FAILED naming query.cursor', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    const res = await api.call('GET', `/v1/orgs/${org}/audit-events?cursor=abc`, { actor: 'ana' })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.cursor' })])
  })
})
