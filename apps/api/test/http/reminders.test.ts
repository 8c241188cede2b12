import { sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import type { Workflows } from '../../src/jobs/start-workflows.js'
import { waitFor } from '../support/wait-for.js'
import { workflowsFor } from '../support/with-workflows.js'
import { useApi } from './harness.js'

const api = useApi()
const running = new Set<Workflows>()
afterAll(async () => {
  for (const workflows of running) await workflows.stop()
}, 60_000)

const start = async () => {
  const workflows = await workflowsFor(api)
  running.add(workflows)
  return workflows
}
const stop = async (workflows: Workflows) => {
  await workflows.stop()
  running.delete(workflows)
}

/** An org where cy has left: its open case, with the owner ana as approver. */
async function openCase() {
  const orgId = await api.createOrg()
  await api.join(orgId, 'cy', 'ana')
  await api.must(200, 'DELETE', `/v1/orgs/${orgId}/members/cy`, { actor: 'ana' })
  const cases = await api.must(200, 'GET', `/v1/orgs/${orgId}/anonymization-cases?status=open`, { actor: 'ana' })
  return { orgId, caseId: cases.body.cases[0].id as string }
}

const remindAt = (orgId: string, caseId: string, at: string) =>
  api.must(200, 'PUT', `/v1/orgs/${orgId}/anonymization-cases/${caseId}/reminder`, { actor: 'ana', body: { at } })

const remindersDue = async (orgId: string) => {
  const { rows } = await sql<{ data: { caseId: string; reminderAt: string } }>`select data from outbox_events
    where org_id = ${orgId} and type = 'anonymization.reminder_due'`.execute(api.db)
  return rows.map((r) => r.data)
}

const dispatched = async (orgId: string) => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox_events
    where org_id = ${orgId} and dispatched_at is null`.execute(api.db)
  return rows[0]?.n === 0
}

describe('anonymization reminders', () => {
  test('a reminder that comes due while the jobs are down fires once after a restart', async () => {
    const first = await start()
    const scheduled = await openCase()
    const scheduledAt = new Date(Date.now() + 1000).toISOString()
    await remindAt(scheduled.orgId, scheduled.caseId, scheduledAt)
    await waitFor('the reminder scheduled', () => dispatched(scheduled.orgId))
    await stop(first)

    // Set while nothing runs: the outbox keeps it for the next start.
    const pending = await openCase()
    const pendingAt = new Date(Date.now() + 1000).toISOString()
    await remindAt(pending.orgId, pending.caseId, pendingAt)
    await waitFor(
      'both reminders due',
      () => Date.now() > Date.parse(pendingAt) && Date.now() > Date.parse(scheduledAt),
    )
    expect(await remindersDue(scheduled.orgId)).toEqual([])

    await start()
    const dueOf = (orgId: string) => async () => {
      const due = await remindersDue(orgId)
      return due.length > 0 && due
    }
    expect(await waitFor('the scheduled reminder', dueOf(scheduled.orgId))).toEqual([
      { caseId: scheduled.caseId, approvals: [], required: 1, reminderAt: scheduledAt },
    ])
    expect(await waitFor('the pending reminder', dueOf(pending.orgId))).toEqual([
      { caseId: pending.caseId, approvals: [], required: 1, reminderAt: pendingAt },
    ])
  })

  test('a reminder changed before it is due fires only at its new time', async () => {
    await start()
    const { orgId, caseId } = await openCase()
    const first = new Date(Date.now() + 800).toISOString()
    const second = new Date(Date.now() + 1600).toISOString()
    await remindAt(orgId, caseId, first)
    await remindAt(orgId, caseId, second)
    const due = await waitFor('the reminder', async () => {
      const found = await remindersDue(orgId)
      return found.length > 0 && found
    })
    expect(due.map((d) => d.reminderAt)).toEqual([second])
  })
})
