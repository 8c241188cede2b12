import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CallResult } from '../http/harness.js'
import { waitFor } from '../support/wait-for.js'
import { startReceiver } from '../support/webhook-receiver.js'
import { type ApiProcess, type FreshDatabase, freshDatabase, spawnApi } from './api-process.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

documentsWhyPostgres()

describe.runIf(postgresUrl)('a reminder with two API processes on one PostgreSQL', () => {
  let database: FreshDatabase | undefined
  let processes: ApiProcess[] = []
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined

  beforeAll(async () => {
    database = await freshDatabase()
    const url = database.url
    const started = await Promise.allSettled([spawnApi(url), spawnApi(url)])
    processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
    for (const s of started) if (s.status === 'rejected') throw s.reason
    receiver = await startReceiver()
  }, 90_000)

  afterAll(async () => {
    await Promise.allSettled(processes.map((p) => p.stop()))
    await receiver?.close()
    await database?.close()
  }, 60_000)

  test('fires once: one event, one delivery', async () => {
    const [a, b] = processes
    if (!a || !b || !database || !receiver) throw new Error('not started')
    const must = async (status: number, res: Promise<CallResult>) => {
      const got = await res
      expect(got.status, JSON.stringify(got.body)).toBe(status)
      return got.body
    }
    const org = await must(
      201,
      a.call('POST', '/v1/orgs', {
        body: { name: 'Twice', model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } },
      }),
    )
    const orgId = org.id as string
    await must(
      201,
      b.call('POST', `/v1/orgs/${orgId}/webhooks`, {
        body: { url: receiver.url, events: ['anonymization.reminder_due'] },
      }),
    )
    const invited = await must(
      201,
      a.call('POST', `/v1/orgs/${orgId}/invitations`, {
        actor: 'ana',
        body: { user: { id: 'cy', displayName: 'Cy' } },
      }),
    )
    await must(200, b.call('POST', `/v1/orgs/${orgId}/invitations/${invited.invitationId}/accept`, { actor: 'cy' }))
    await must(200, a.call('DELETE', `/v1/orgs/${orgId}/members/cy`, { actor: 'ana' }))
    const cases = await must(200, b.call('GET', `/v1/orgs/${orgId}/anonymization-cases?status=open`, { actor: 'ana' }))
    const caseId = cases.cases[0].id as string
    const at = new Date(Date.now() + 1500).toISOString()
    await must(
      200,
      a.call('PUT', `/v1/orgs/${orgId}/anonymization-cases/${caseId}/reminder`, { actor: 'ana', body: { at } }),
    )

    await waitFor('the reminder delivered', () => receiver?.accepted().length === 1)
    // Both processes are done with it: its job completed, every event dispatched and delivered.
    const db = database.db
    await waitFor('all work finished', async () => {
      const { rows } = await sql<{ open_jobs: number; undispatched: number; undelivered: number }>`select
        (select count(*)::int from pgboss.job where name = 'rolecall-reminder' and state <> 'completed') as open_jobs,
        (select count(*)::int from outbox_events where dispatched_at is null) as undispatched,
        (select count(*)::int from webhooks w where w.delivered_through < (select max(id) from outbox_events
          where org_id = w.org_id and type = 'anonymization.reminder_due')) as undelivered`.execute(db)
      const row = rows[0]
      return row?.open_jobs === 0 && row.undispatched === 0 && row.undelivered === 0
    })
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox_events
      where type = 'anonymization.reminder_due'`.execute(db)
    expect(rows[0]?.n).toBe(1)
    expect(receiver.accepted().map((e) => [e.type, e.data.caseId, e.data.reminderAt])).toEqual([
      ['anonymization.reminder_due', caseId, at],
    ])
  })
})
