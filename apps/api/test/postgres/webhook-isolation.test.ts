import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitFor } from '../support/wait-for.js'
import { startReceiver } from '../support/webhook-receiver.js'
import { type ApiProcess, type FreshDatabase, freshDatabase, spawnApi } from './api-process.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

/**
 * How long an event may take to reach a receiver that answers at once: normally a second or two (the
 * dispatcher's tick, then a worker's poll); generous for a busy two-core machine, and far below the request
 * timeout (15 s) that a delivery held up behind a hanging one would wait.
 */
const PROMPT_MS = 10_000
/** The promise made for an interrupted delivery: retried this soon after its process died. */
const RETRIED_WITHIN_MS = 60_000
/** The API's request timeout for a delivery, at its default. */
const TIMEOUT_MS = 15_000

type Receiver = Awaited<ReturnType<typeof startReceiver>>

documentsWhyPostgres()

describe.runIf(postgresUrl)(
  'webhook deliveries of one endpoint never hold up another (API processes on PostgreSQL)',
  () => {
    let database: FreshDatabase | undefined
    let api: ApiProcess | undefined
    const receivers: Receiver[] = []

    beforeAll(async () => {
      database = await freshDatabase()
      api = await spawnApi(database.url)
    }, 60_000)

    afterAll(async () => {
      await api?.stop()
      await Promise.all(receivers.map((r) => r.close()))
      await database?.close()
    }, 30_000)

    const receiver = async (...args: Parameters<typeof startReceiver>) => {
      const started = await startReceiver(...args)
      receivers.push(started)
      return started
    }

    const running = () => {
      if (!api) throw new Error('no API process')
      return api
    }
    const shared = () => {
      if (!database) throw new Error('no database')
      return database
    }

    /** An org whose webhook endpoint is `url`. */
    async function orgWithWebhook(url: string, label: string) {
      const created = await running().call('POST', '/v1/orgs', {
        body: { name: label, model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } },
      })
      expect(created.status, label).toBe(201)
      const org = created.body.id as string
      const hook = await running().call('POST', `/v1/orgs/${org}/webhooks`, { body: { url } })
      expect(hook.status, label).toBe(201)
      return { org, webhookId: hook.body.id as string }
    }

    /** One event (`membership.invited`) in `org`; answers its event id, read from the outbox. */
    async function invite(org: string, user: string) {
      const invited = await running().call('POST', `/v1/orgs/${org}/invitations`, {
        actor: 'ana',
        body: { user: { id: user, displayName: user } },
      })
      expect(invited.status).toBe(201)
      const row = await shared()
        .db.selectFrom('outbox_events')
        .select('event_id')
        .where('org_id', '=', org)
        .where('type', '=', 'membership.invited')
        .where('subject', '=', user)
        .executeTakeFirstOrThrow()
      return row.event_id
    }

    /** Sends one event to `org` and answers how long its receiver took to accept it. */
    async function latencyOf(org: string, to: Receiver, user: string) {
      const sentAt = performance.now()
      const eventId = await invite(org, user)
      await waitFor(`${user}'s event delivered`, () => to.accepted().some((e) => e.data.eventId === eventId), PROMPT_MS)
      return performance.now() - sentAt
    }

    test('a receiver that never answers holds up no other endpoint, and its attempts time out', async () => {
      const hanging = await receiver([], { hang: true })
      const fast = await receiver()
      const stuck = await orgWithWebhook(hanging.url, 'Hanging receiver')
      const { org } = await orgWithWebhook(fast.url, 'Fast receiver')
      for (const user of ['h1', 'h2', 'h3']) await invite(stuck.org, user)
      await waitFor('a delivery hanging', () => hanging.requests.length > 0)

      const latencies: number[] = []
      for (const user of ['f1', 'f2', 'f3']) latencies.push(await latencyOf(org, fast, user))
      // The fast endpoint's events all went out while the hanging one's first attempt was still waiting.
      expect(hanging.requests).toHaveLength(1)
      expect(Math.max(...latencies)).toBeLessThan(PROMPT_MS)

      const attempts = await waitFor(
        'the hanging attempt timed out and recorded',
        async () => {
          const res = await running().call('GET', `/v1/orgs/${stuck.org}/webhooks/${stuck.webhookId}/deliveries`)
          return res.body.deliveries.length > 0 && (res.body.deliveries as { error: string | null }[])
        },
        TIMEOUT_MS + PROMPT_MS,
      )
      expect(attempts.at(-1)?.error).toBe(`timed out after ${TIMEOUT_MS} ms`)
      console.info(
        `beside a hanging receiver, a fast one's events took ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms`,
      )
    }, 90_000)

    // Pins: a run left active by a killed process once made every fetch of the shared queue fail for 15 minutes.
    test('after a SIGKILL mid-delivery and a restart, other orgs get events at once and the cut-off one is retried', async () => {
      const slow = await receiver([{ hang: true }])
      const fast = await receiver()
      const cutOff = await orgWithWebhook(slow.url, 'Cut off')
      const other = await orgWithWebhook(fast.url, 'Other org')
      const first = await invite(cutOff.org, 'c1')
      await waitFor('the delivery in flight', () => slow.requests.length === 1)

      const killedAt = performance.now()
      await running().kill()
      await running().stop()
      api = await spawnApi(shared().url)

      const latency = await latencyOf(other.org, fast, 'o1')
      expect(latency).toBeLessThan(PROMPT_MS)
      // Behind the cut-off event, in the endpoint's order.
      const second = await invite(cutOff.org, 'c2')
      const accepted = await waitFor(
        'the cut-off delivery retried, then the next',
        () => slow.accepted().length >= 2 && slow.accepted(),
        RETRIED_WITHIN_MS,
      )
      const retriedAfter = performance.now() - killedAt
      expect(retriedAfter).toBeLessThan(RETRIED_WITHIN_MS)
      expect(accepted.map((e) => e.data.eventId)).toEqual([first, second])
      // At least once, under one id: the receiver can tell the retry from a new event.
      expect(slow.requests.map((r) => r.headers['webhook-id'])).toEqual([first, first, second])
      console.info(
        `after the restart another org's event took ${latency.toFixed(0)} ms; ` +
          `the cut-off delivery was retried ${(retriedAfter / 1000).toFixed(1)} s after the kill`,
      )
    }, 150_000)
  },
)
