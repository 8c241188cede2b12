import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitFor } from '../support/wait-for.js'
import { startReceiver } from '../support/webhook-receiver.js'
import { useWorkflows } from '../support/with-workflows.js'
import { useApi } from './harness.js'

// As in production (WEBHOOK_ALLOW_PRIVATE unset): loopback and private addresses are refused.
const api = useApi()
useWorkflows(api, { allowInternalWebhookTargets: false, webhookScheduleMs: [3_600_000] })
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined
beforeAll(async () => {
  receiver = await startReceiver()
}, 60_000)
afterAll(() => receiver?.close(), 60_000)

describe('webhooks to internal addresses', () => {
  test('are refused before connecting, and the attempt says why', async () => {
    const orgId = await api.createOrg()
    const created = await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, { body: { url: receiver?.url } })
    await api.join(orgId, 'bo', 'ana')
    const [attempt] = await waitFor('the refused attempt', async () => {
      const res = await api.must(200, 'GET', `/v1/orgs/${orgId}/webhooks/${created.body.id}/deliveries`)
      return res.body.deliveries.length > 0 && res.body.deliveries
    })
    expect(attempt).toMatchObject({
      statusCode: null,
      error: 'refused: the host is an internal address',
      nextAttemptAt: expect.any(String),
    })
    expect(receiver?.requests).toEqual([])
  })
})
