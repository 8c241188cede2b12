import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitFor } from '../support/wait-for.js'
import { startReceiver } from '../support/webhook-receiver.js'
import { useWorkflows } from '../support/with-workflows.js'
import { useApi } from './harness.js'

const api = useApi()
useWorkflows(api)
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined
beforeAll(async () => {
  receiver = await startReceiver()
}, 60_000)
afterAll(() => receiver?.close(), 60_000)

type Received = { type: string; data: Record<string, unknown> }

/** Events of one org the receiver accepted, once there are at least `count`. */
const eventsOf = (orgId: string, count: number) =>
  waitFor(`${count} events of ${orgId}`, () => {
    const got = (receiver?.accepted() ?? []).filter((e) => e.data.orgId === orgId)
    return got.length >= count && got
  })

const summary = (e: Received) => ({ type: e.type, subject: e.data.subject, recipients: e.data.recipients })

describe('events', () => {
  test('each mutation emits its events with the recipients the model routes them to', async () => {
    const orgId = await api.createOrg()
    await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, { body: { url: receiver?.url } })
    await api.join(orgId, 'bo', 'ana')
    await api.grant(orgId, 'admin', 'bo', 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${orgId}/roles/admin/holders/bo`, { actor: 'ana' })
    const started = await api.must(201, 'POST', `/v1/orgs/${orgId}/ownership-transfers`, {
      actor: 'ana',
      body: { to: 'bo' },
    })
    const transferId = started.body.transferId as string
    await api.must(200, 'POST', `/v1/orgs/${orgId}/ownership-transfers/${transferId}/accept`, { actor: 'bo' })

    const events = (await eventsOf(orgId, 5)).filter((e) => e.type !== 'role.granted' || e.data.role !== 'member')
    const invited = events.find((e) => e.type === 'membership.invited')
    expect(invited?.data).toMatchObject({ actor: 'ana', subject: 'bo', recipients: ['ana'], roles: [] })
    expect(invited?.data.invitationId).toEqual(expect.any(String))
    expect(events.find((e) => e.type === 'role.granted' && e.data.role === 'admin')?.data).toMatchObject({
      actor: 'ana',
      subject: 'bo',
      context: null,
      recipients: ['ana'],
    })
    // The state the revoke was decided on had bo as the one admin: admins hear of it too.
    expect(summary(events.find((e) => e.type === 'role.revoked') as Received)).toEqual({
      type: 'role.revoked',
      subject: 'bo',
      recipients: ['ana', 'bo'],
    })
    expect(events.find((e) => e.type === 'ownership.transfer_requested')?.data).toMatchObject({
      transferId,
      role: 'owner',
      from: 'ana',
      to: 'bo',
      recipients: ['bo'],
    })
    expect(events.find((e) => e.type === 'ownership.transferred')?.data).toMatchObject({
      transferId,
      from: 'ana',
      to: 'bo',
      recipients: ['ana', 'bo'],
    })
    for (const event of events) expect(JSON.stringify(event)).not.toMatch(/BO|ANA/)
  })

  test('anonymization: the case, its approval and the anonymized user go to the approvers; a reminder fires', async () => {
    const orgId = await api.createOrg()
    await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, {
      body: {
        url: receiver?.url,
        events: [
          'membership.removed',
          'anonymization.case_opened',
          'anonymization.reminder_due',
          'anonymization.approved',
          'user.anonymized',
        ],
      },
    })
    await api.join(orgId, 'dee', 'ana')
    await api.grant(orgId, 'compliance_manager', 'dee', 'ana')
    await api.join(orgId, 'cy', 'ana')
    await api.join(orgId, 'eve', 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${orgId}/members/cy`, { actor: 'ana' })
    await api.must(200, 'DELETE', `/v1/orgs/${orgId}/members/eve`, { actor: 'ana' })
    const cases = await api.must(200, 'GET', `/v1/orgs/${orgId}/anonymization-cases?status=open`, { actor: 'dee' })
    const caseOf = (subject: string) =>
      (cases.body.cases as { id: string; subject: string }[]).find((c) => c.subject === subject)?.id
    const [cyCase, eveCase] = [caseOf('cy'), caseOf('eve')]

    const at = new Date(Date.now() + 1500).toISOString()
    await api.must(200, 'PUT', `/v1/orgs/${orgId}/anonymization-cases/${eveCase}/reminder`, {
      actor: 'dee',
      body: { at },
    })
    await api.must(200, 'POST', `/v1/orgs/${orgId}/anonymization-cases/${cyCase}/approvals`, { actor: 'dee' })

    const events = await eventsOf(orgId, 7)
    const of = (type: string, subject: string) =>
      events.filter((e) => e.type === type && e.data.subject === subject).map((e) => e.data)
    expect(of('membership.removed', 'cy')).toEqual([expect.objectContaining({ recipients: ['dee'] })])
    expect(of('anonymization.case_opened', 'cy')).toEqual([
      expect.objectContaining({ caseId: cyCase, approvals: [], required: 1, reminderAt: null, recipients: ['dee'] }),
    ])
    expect(of('anonymization.approved', 'cy')).toEqual([
      expect.objectContaining({ caseId: cyCase, actor: 'dee', approvals: ['dee'], required: 1, recipients: ['dee'] }),
    ])
    expect(of('user.anonymized', 'cy')).toEqual([expect.objectContaining({ caseId: cyCase, recipients: ['dee'] })])
    expect(of('anonymization.reminder_due', 'eve')).toEqual([
      expect.objectContaining({ caseId: eveCase, actor: 'background', reminderAt: at, recipients: ['dee'] }),
    ])
  })

  test('a cleared reminder never fires', async () => {
    const orgId = await api.createOrg()
    await api.join(orgId, 'cy', 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${orgId}/members/cy`, { actor: 'ana' })
    const cases = await api.must(200, 'GET', `/v1/orgs/${orgId}/anonymization-cases?status=open`, { actor: 'ana' })
    const caseId = cases.body.cases[0].id as string
    const at = new Date(Date.now() + 1000).toISOString()
    await api.must(200, 'PUT', `/v1/orgs/${orgId}/anonymization-cases/${caseId}/reminder`, {
      actor: 'ana',
      body: { at },
    })
    await api.must(200, 'DELETE', `/v1/orgs/${orgId}/anonymization-cases/${caseId}/reminder`, { actor: 'ana' })
    // A second reminder, set later, fires: the first job ran by then and found its reminder gone.
    const later = new Date(Date.parse(at) + 1000).toISOString()
    await api.must(200, 'PUT', `/v1/orgs/${orgId}/anonymization-cases/${caseId}/reminder`, {
      actor: 'ana',
      body: { at: later },
    })
    const { sql } = await import('kysely')
    const due = await waitFor('the later reminder', async () => {
      const { rows } = await sql<{ data: { reminderAt: string } }>`select data from outbox_events
        where org_id = ${orgId} and type = 'anonymization.reminder_due'`.execute(api.db)
      return rows.length > 0 && rows
    })
    expect(due.map((r) => r.data.reminderAt)).toEqual([later])
  })
})
