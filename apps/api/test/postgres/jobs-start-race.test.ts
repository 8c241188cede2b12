import { createDatabase } from '@rolecall/db'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp } from '../../src/app.js'
import { JobHealth } from '../../src/jobs/job-health.js'
import { keepWorkflowsRunning } from '../../src/jobs/keep-workflows-running.js'
import { createLogger } from '../../src/logger.js'
import { testDeps } from '../fixtures.js'
import type { Call } from '../http/harness.js'
import { waitFor } from '../support/wait-for.js'
import { startReceiver } from '../support/webhook-receiver.js'
import { FAST_SCHEDULE_MS } from '../support/with-workflows.js'
import { appCall } from './api-instances.js'
import { type ApiProcess, freshDatabase, spawnApi } from './api-process.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

/**
 * Trials of job systems started together in this process, each on a fresh database: the start races in
 * the database (creating pg-boss's schema and queues), which separate pools meet exactly as processes do,
 * and a trial costs a fraction of starting processes.
 */
const IN_PROCESS_TRIALS = 20
/** Trials of real API processes started together, each on a fresh database. */
const PROCESS_TRIALS = 2
const STARTED_TOGETHER = 3
/** Shorter than production's (1 s doubling), so twenty trials fit in a test run. */
const TEST_BACKOFF = { firstMs: 100, maxMs: 1000 }

type Receiver = Awaited<ReturnType<typeof startReceiver>>

documentsWhyPostgres()

describe.runIf(postgresUrl)('job systems started together on a fresh PostgreSQL database', () => {
  let receiver: Receiver | undefined

  beforeAll(async () => {
    receiver = await startReceiver()
  })
  afterAll(() => receiver?.close())

  /** Through `call`: an org with a webhook on the receiver, and one event in it; answers the org id. */
  async function orgWithEvent(call: Call, label: string) {
    if (!receiver) throw new Error('no receiver')
    const created = await call('POST', '/v1/orgs', {
      body: { name: label, model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } },
    })
    expect(created.status, label).toBe(201)
    const org = created.body.id as string
    expect((await call('POST', `/v1/orgs/${org}/webhooks`, { body: { url: receiver.url } })).status, label).toBe(201)
    const invited = await call('POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'bo', displayName: 'Bo' } },
    })
    expect(invited.status, label).toBe(201)
    return org
  }

  const deliveredTo = (org: string) => receiver?.accepted().some((e) => e.data.orgId === org) ?? false

  test(`${IN_PROCESS_TRIALS} trials of ${STARTED_TOGETHER} job systems: each runs, and every event is delivered`, async () => {
    const logger = createLogger({ level: 'silent' })
    let failedStarts = 0
    for (let trial = 0; trial < IN_PROCESS_TRIALS; trial++) {
      const database = await freshDatabase()
      const instances = Array.from({ length: STARTED_TOGETHER }, () => {
        const handle = createDatabase({ url: database.url })
        const health = new JobHealth(logger)
        const workflows = keepWorkflowsRunning(
          {
            database: handle,
            logger,
            health,
            webhookScheduleMs: FAST_SCHEDULE_MS,
            allowInternalWebhookTargets: true,
            dispatchEveryMs: 50,
          },
          TEST_BACKOFF,
        )
        const app = createApp(testDeps({ db: handle.db, logger, jobs: () => health.report() }))
        return { handle, health, workflows, call: appCall(app) }
      })
      try {
        for (const [n, { call }] of instances.entries()) {
          const label = `trial ${trial}, job system ${n}`
          const ready = await waitFor(`${label} ready`, async () => {
            const res = await call('GET', '/readyz')
            return res.status === 200 && res.body
          })
          expect(ready.jobs, label).toMatchObject({ status: 'running' })
          const org = await orgWithEvent(call, label)
          await waitFor(`${label}: its event delivered`, () => deliveredTo(org))
        }
        failedStarts += instances.reduce((sum, { health }) => sum + health.report().failedStarts, 0)
      } finally {
        await Promise.all(instances.map(({ workflows }) => workflows.stop()))
        await Promise.all(instances.map(({ handle }) => handle.close()))
        await database.close()
      }
    }
    console.info(
      `${IN_PROCESS_TRIALS} trials of ${STARTED_TOGETHER} job systems started together: ${failedStarts} failed starts (each retried)`,
    )
  }, 240_000)

  test(`${PROCESS_TRIALS} trials of ${STARTED_TOGETHER} API processes: each becomes ready with its jobs, and drains its events`, async () => {
    for (let trial = 0; trial < PROCESS_TRIALS; trial++) {
      const database = await freshDatabase()
      const started = await Promise.allSettled(Array.from({ length: STARTED_TOGETHER }, () => spawnApi(database.url)))
      const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
      try {
        // spawnApi waits for /readyz to answer 200, which needs the process's jobs running.
        for (const s of started) if (s.status === 'rejected') throw s.reason
        for (const [n, api] of processes.entries()) {
          const label = `trial ${trial}, process ${n}`
          const ready = await api.call('GET', '/readyz')
          expect(ready.body.jobs, label).toMatchObject({ status: 'running' })
          const org = await orgWithEvent(api.call, label)
          await waitFor(`${label}: its event delivered`, () => deliveredTo(org))
        }
      } finally {
        await Promise.all(processes.map((api: ApiProcess) => api.stop()))
        await database.close()
      }
    }
  }, 240_000)
})
