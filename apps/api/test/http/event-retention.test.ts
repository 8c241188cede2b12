import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { pruneEvents } from '../../src/jobs/prune-events.js'
import { waitFor } from '../support/wait-for.js'
import { useWorkflows, workflowsFor } from '../support/with-workflows.js'
import { useApi } from './harness.js'

// The workflows here run without a retention setting: only the tests' own pruneEvents calls delete.
const api = useApi()
const workflows = useWorkflows(api)

const DAY_MS = 86_400_000
/** Thirty days, the default setting. */
const retention = (batch?: number) => ({ olderThan: new Date(Date.now() - 30 * DAY_MS), batch })

type OutboxRow = { id: number; event_id: string; dispatched: boolean }
const outbox = async (orgId: string): Promise<OutboxRow[]> => {
  const { rows } = await sql<OutboxRow>`select id::int as id, event_id, dispatched_at is not null as dispatched
    from outbox_events where org_id = ${orgId} order by id`.execute(api.db)
  return rows
}

/** Moves an org's events (those up to `throughId`, or all) forty days back, as if written then. */
const ageEvents = (orgId: string, throughId = Number.MAX_SAFE_INTEGER) =>
  sql`update outbox_events set at = now() - interval '40 days'
    where org_id = ${orgId} and id <= ${throughId}`.execute(api.db)

const notifiedEvents = async (orgId: string) => {
  const res = await api.must(200, 'GET', `/v1/orgs/${orgId}/notifications?limit=200`, { actor: 'ana' })
  return new Set((res.body.notifications as { eventId: string }[]).map((n) => n.eventId))
}

const allDispatched = async (orgId: string) => (await outbox(orgId)).every((row) => row.dispatched)

/** A receiver that refuses every delivery until `accept()`, then takes them all. */
async function startGatedReceiver() {
  let accepting = false
  const received: string[] = []
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (accepting) received.push(String(req.headers['webhook-id']))
      res.writeHead(accepting ? 204 : 503).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    accept: () => {
      accepting = true
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('pruneEvents', () => {
  test('old dispatched events of an org without webhooks go with their notifications; recent ones stay', async () => {
    const orgId = await api.createOrg()
    await api.join(orgId, 'bo', 'ana')
    await api.grant(orgId, 'admin', 'bo', 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${orgId}/roles/admin/holders/bo`, { actor: 'ana' })
    await waitFor('every event dispatched', () => allDispatched(orgId))
    const events = await outbox(orgId)
    const recent = events.at(-1)
    if (!recent) throw new Error('the mutations wrote no events')
    await waitFor('the recent event notified', async () => (await notifiedEvents(orgId)).has(recent.event_id))
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from notifications
      where org_id = ${orgId} and event_id <> ${recent.event_id}`.execute(api.db)
    await ageEvents(orgId, recent.id - 1)

    // A batch of 2 makes the sweep loop over several statements.
    const pruned = await pruneEvents(api.db, retention(2))

    expect(pruned).toEqual({ outboxEvents: events.length - 1, notifications: rows[0]?.n, webhookAttempts: 0 })
    expect((await outbox(orgId)).map((row) => row.event_id)).toEqual([recent.event_id])
    expect([...(await notifiedEvents(orgId))]).toEqual([recent.event_id])
    expect(await pruneEvents(api.db, retention(2))).toEqual({ outboxEvents: 0, notifications: 0, webhookAttempts: 0 })
  })

  test('an old event an enabled endpoint has not received stays until it is delivered', async () => {
    const receiver = await startGatedReceiver()
    try {
      const orgId = await api.createOrg()
      const before = await outbox(orgId)
      const hook = await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, { body: { url: receiver.url } })
      await api.join(orgId, 'bo', 'ana')
      await waitFor('every event dispatched', () => allDispatched(orgId))
      const pending = (await outbox(orgId)).filter((row) => !before.some((old) => old.id === row.id))
      await waitFor('a refused attempt', async () => {
        const res = await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks/${hook.body.id}/deliveries`)
        return res.body.deliveries.length > 0
      })
      await ageEvents(orgId)

      await pruneEvents(api.db, retention())
      // Events from before the endpoint was registered were never its to receive.
      expect(await outbox(orgId)).toEqual(pending)

      receiver.accept()
      await waitFor('the kept events delivered', () => receiver.received.length === pending.length)
      expect(receiver.received).toEqual(pending.map((row) => row.event_id))
      await waitFor('the delivery recorded', async () => {
        const { rows } = await sql<{ through: number }>`select delivered_through::int as through from webhooks
          where id = ${hook.body.id}`.execute(api.db)
        return rows[0]?.through === pending.at(-1)?.id
      })
      await pruneEvents(api.db, retention())
      expect(await outbox(orgId)).toEqual([])
    } finally {
      await receiver.close()
    }
  })

  test('old webhook attempts go; recent ones stay', async () => {
    const receiver = await startGatedReceiver()
    try {
      const orgId = await api.createOrg()
      const hook = await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, { body: { url: receiver.url } })
      await api.join(orgId, 'bo', 'ana')
      const deliveries = async () => {
        const res = await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks/${hook.body.id}/deliveries`)
        return res.body.deliveries as { id: number }[]
      }
      const refused = await waitFor('two refused attempts', async () => {
        const got = await deliveries()
        return got.length >= 2 && got
      })
      const old = refused.map((attempt) => attempt.id)
      await sql`update webhook_attempts set at = now() - interval '40 days' where id in (${sql.join(old)})`.execute(
        api.db,
      )
      receiver.accept()
      await waitFor('the events delivered', () => receiver.received.length > 0)

      const pruned = await pruneEvents(api.db, retention())

      expect(pruned.webhookAttempts).toBe(old.length)
      const kept = (await deliveries()).map((attempt) => attempt.id)
      expect(kept.length).toBeGreaterThan(0)
      expect(kept.filter((id) => old.includes(id))).toEqual([])
    } finally {
      await receiver.close()
    }
  })

  test('undispatched events stay however old', async () => {
    // Stopped, the dispatcher cannot pick up the rows this test writes.
    await workflows.stop()
    const orgId = await api.createOrg()
    await api.join(orgId, 'bo', 'ana')
    const events = await outbox(orgId)
    expect(events.length).toBeGreaterThan(0)
    expect(events.some((row) => row.dispatched)).toBe(false)
    await ageEvents(orgId)

    await pruneEvents(api.db, retention())

    expect(await outbox(orgId)).toEqual(events)
  })

  test('workflows given a retention prune once they have dispatched', async () => {
    const orgId = await api.createOrg()
    await api.join(orgId, 'bo', 'ana')
    await ageEvents(orgId)
    const pruning = await workflowsFor(api, { eventRetentionDays: 30 })
    try {
      await waitFor('the old events dispatched and pruned', async () => (await outbox(orgId)).length === 0)
    } finally {
      await pruning.stop()
    }
  })
})
