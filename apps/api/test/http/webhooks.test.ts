import { sql } from 'kysely'
import { Webhook } from 'standardwebhooks'
import { describe, expect, test } from 'vitest'
import { waitFor } from '../support/wait-for.js'
import { startReceiver } from '../support/webhook-receiver.js'
import { useWorkflows } from '../support/with-workflows.js'
import { expectProblem, useApi } from './harness.js'

const api = useApi()
const workflows = useWorkflows(api)

/** An org with bo as an active member, and a webhook on `url`. */
async function orgWithWebhook(url: string, events?: string[]) {
  const orgId = await api.createOrg()
  const created = await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, { body: { url, events } })
  return { orgId, webhook: created.body as { id: string; secret: string } }
}

const outboxIds = async (orgId: string) => {
  const { rows } = await sql<{
    event_id: string
  }>`select event_id from outbox_events where org_id = ${orgId} and type <> 'case.reminder_set' order by id`.execute(
    api.db,
  )
  return rows.map((r) => r.event_id)
}

describe('POST /v1/orgs/{orgId}/webhooks', () => {
  test('only http and https URLs are accepted', async () => {
    const orgId = await api.createOrg()
    for (const url of ['ftp://example.com/hooks', 'javascript:alert(1)', 'not a url']) {
      const res = await api.call('POST', `/v1/orgs/${orgId}/webhooks`, { body: { url } })
      expectProblem(res, 400, 'VALIDATION_FAILED')
      expect(res.body.errors[0].path).toContain('url')
    }
  })

  test('unknown event types are refused', async () => {
    const orgId = await api.createOrg()
    const res = await api.call('POST', `/v1/orgs/${orgId}/webhooks`, {
      body: { url: 'https://example.com/hooks', events: ['role.exploded'] },
    })
    expectProblem(res, 400, 'VALIDATION_FAILED')
  })

  test('the secret is shown once; list and delete', async () => {
    const orgId = await api.createOrg()
    const created = await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, {
      body: { url: 'https://example.com/hooks', events: ['role.granted'] },
    })
    expect(created.body.secret).toMatch(/^whsec_/)
    const listed = await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks`)
    expect(listed.body.webhooks).toEqual([
      {
        id: created.body.id,
        url: 'https://example.com/hooks',
        events: ['role.granted'],
        createdAt: created.body.createdAt,
        disabledAt: null,
      },
    ])
    await api.must(204, 'DELETE', `/v1/orgs/${orgId}/webhooks/${created.body.id}`)
    expect((await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks`)).body.webhooks).toEqual([])
    expectProblem(await api.call('DELETE', `/v1/orgs/${orgId}/webhooks/${created.body.id}`), 404, 'NOT_FOUND')
  })

  test('registering and deleting an endpoint are audited, with its origin but not its path or query', async () => {
    const orgId = await api.createOrg()
    const created = await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, {
      body: { url: 'https://hooks.example.com/in/t0ken?sig=s3cret' },
    })
    await api.must(204, 'DELETE', `/v1/orgs/${orgId}/webhooks/${created.body.id}`)
    expectProblem(await api.call('DELETE', `/v1/orgs/${orgId}/webhooks/${created.body.id}`), 404, 'NOT_FOUND')
    const audit = await api.must(200, 'GET', `/v1/orgs/${orgId}/audit-events?subject=${created.body.id}`, {
      actor: 'ana',
    })
    // Newest first.
    expect(audit.body.events).toMatchObject([
      { type: 'webhook.deleted', actor: 'operator:admin' },
      {
        type: 'webhook.created',
        actor: 'operator:admin',
        data: { endpoint: 'https://hooks.example.com', events: null },
      },
    ])
    expect(JSON.stringify(audit.body)).not.toMatch(/t0ken|s3cret/)
  })

  test("an endpoint registered with a service key is audited as that key's change", async () => {
    const orgId = await api.createOrg()
    const key = await api.must(201, 'POST', '/v1/api-keys', { body: { name: 'hooks-bot', orgIds: [orgId] } })
    const created = await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, {
      key: key.body.secret,
      body: { url: 'https://example.com/hooks' },
    })
    const audit = await api.must(200, 'GET', `/v1/orgs/${orgId}/audit-events?subject=${created.body.id}`, {
      actor: 'ana',
    })
    expect(audit.body.events).toMatchObject([{ type: 'webhook.created', actor: `operator:${key.body.id}` }])
  })

  test('?dryRun=true answers the endpoint that would be registered, with no secret, and writes nothing', async () => {
    const orgId = await api.createOrg()
    const body = { url: 'https://example.com/hooks', events: ['role.granted'] }
    const before = await api.writes()
    const dry = await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks?dryRun=true`, { body })
    expect(dry.body).toEqual({
      id: expect.stringMatching(/^wh_/),
      url: 'https://example.com/hooks',
      events: ['role.granted'],
      createdAt: expect.stringMatching(/^\d{4}-/),
      disabledAt: null,
      secret: '',
    })
    expect(await api.writes()).toEqual(before)
    expect((await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks`)).body.webhooks).toEqual([])
    expectProblem(await api.call('POST', '/v1/orgs/nope/webhooks?dryRun=true', { body }), 404, 'NOT_FOUND')
  })

  test('a dry-run delete answers as the delete would, and the endpoint stays', async () => {
    const { orgId, webhook } = await orgWithWebhook('https://example.com/hooks')
    const before = await api.writes()
    await api.must(204, 'DELETE', `/v1/orgs/${orgId}/webhooks/${webhook.id}?dryRun=true`)
    expect(await api.writes()).toEqual(before)
    expect((await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks`)).body.webhooks).toHaveLength(1)
    expectProblem(await api.call('DELETE', `/v1/orgs/${orgId}/webhooks/wh_nope?dryRun=true`), 404, 'NOT_FOUND')
  })

  test('an org the key cannot reach, or that does not exist, is not found', async () => {
    expectProblem(
      await api.call('POST', '/v1/orgs/nope/webhooks', { body: { url: 'https://example.com/hooks' } }),
      404,
      'NOT_FOUND',
    )
  })
})

describe('webhook deliveries', () => {
  test('a receiver that fails three times then recovers gets every event, in order, signed', async () => {
    const receiver = await startReceiver([{ status: 500 }, { status: 502 }, { status: 503 }])
    try {
      const { orgId, webhook } = await orgWithWebhook(receiver.url)
      await api.join(orgId, 'bo', 'ana')
      await api.grant(orgId, 'admin', 'bo', 'ana')
      await api.grant(orgId, 'co_owner', 'bo', 'ana')
      await api.must(200, 'DELETE', `/v1/orgs/${orgId}/roles/admin/holders/bo`, { actor: 'ana' })
      const expected = await outboxIds(orgId)
      const accepted = await waitFor('every event delivered', () => {
        const got = receiver.accepted()
        return got.length >= expected.length && got
      })
      expect(accepted.map((e) => e.data.eventId)).toEqual(expected)
      expect(accepted.map((e) => e.type)).toEqual(
        expect.arrayContaining(['membership.invited', 'role.granted', 'role.revoked']),
      )
      const verifier = new Webhook(webhook.secret)
      for (const request of receiver.requests) {
        expect(() => verifier.verify(request.body, request.headers as Record<string, string>)).not.toThrow()
      }
      // The first event was attempted four times under the one id, so a receiver can drop repeats.
      expect(receiver.requests.slice(0, 4).map((r) => r.headers['webhook-id'])).toEqual(Array(4).fill(expected[0]))

      const deliveries = await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks/${webhook.id}/deliveries`)
      const attempts = [...deliveries.body.deliveries].reverse()
      expect(attempts.slice(0, 4).map((d: { statusCode: number }) => d.statusCode)).toEqual([500, 502, 503, 204])
      expect(attempts[0]).toMatchObject({ eventId: expected[0], error: 'HTTP 500', nextAttemptAt: expect.any(String) })
      expect(attempts[3]).toMatchObject({ error: null, nextAttemptAt: null })
    } finally {
      await receiver.close()
    }
  })

  test('a 410 disables the endpoint and nothing more is sent', async () => {
    const receiver = await startReceiver([{ status: 410 }])
    try {
      const { orgId, webhook } = await orgWithWebhook(receiver.url)
      await api.join(orgId, 'bo', 'ana')
      const disabled = await waitFor('the endpoint disabled', async () => {
        const listed = await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks`)
        return listed.body.webhooks[0].disabledAt !== null && listed.body.webhooks[0]
      })
      expect(disabled.id).toBe(webhook.id)
      await api.grant(orgId, 'admin', 'bo', 'ana')
      // Once the grant's event is dispatched, a live endpoint would have been queued; this one is not.
      await waitFor('the grant dispatched', async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox_events
          where org_id = ${orgId} and dispatched_at is null`.execute(api.db)
        return rows[0]?.n === 0
      })
      expect(receiver.requests).toHaveLength(1)
    } finally {
      await receiver.close()
    }
  })

  test("the receiver's Retry-After decides when the next attempt is", async () => {
    const receiver = await startReceiver([{ status: 429, headers: { 'Retry-After': '1' } }])
    try {
      const { orgId, webhook } = await orgWithWebhook(receiver.url, ['membership.invited'])
      await api.join(orgId, 'bo', 'ana')
      await waitFor('the retry accepted', () => receiver.accepted().length === 1)
      type Attempt = { at: string; statusCode: number; nextAttemptAt: string }
      // The receiver has the retry before the deliverer records its answer: wait for the record too.
      const [retried, first] = await waitFor('both attempts recorded', async () => {
        const res = await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks/${webhook.id}/deliveries`)
        const attempts = res.body.deliveries as Attempt[]
        return attempts.length === 2 && attempts
      })
      expect([first?.statusCode, retried?.statusCode]).toEqual([429, 204])
      // The test schedule waits 50 ms; the receiver asked for a second.
      const waited = Date.parse(first?.nextAttemptAt ?? '') - Date.parse(first?.at ?? '')
      expect(waited).toBe(1000)
      expect(Date.parse(retried?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(first?.nextAttemptAt ?? ''))
    } finally {
      await receiver.close()
    }
  })

  test('an endpoint whose queued run was lost gets its events once the jobs start again', async () => {
    const receiver = await startReceiver()
    try {
      await workflows.stop()
      const { orgId } = await orgWithWebhook(receiver.url)
      await api.join(orgId, 'bo', 'ana')
      // As if the run had been queued and then lost: dispatched, but no job exists for it.
      await sql`update outbox_events set dispatched_at = now() where org_id = ${orgId}`.execute(api.db)
      await workflows.start()
      const expected = await outboxIds(orgId)
      const accepted = await waitFor('the events delivered', () => {
        const got = receiver.accepted()
        return got.length >= expected.length && got
      })
      expect(accepted.map((e) => e.data.eventId)).toEqual(expected)
    } finally {
      await receiver.close()
    }
  })
})
