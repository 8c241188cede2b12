import { sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { createApp } from '../../src/app.js'
import { JobHealth, type JobsReport } from '../../src/jobs/job-health.js'
import { keepWorkflowsRunning } from '../../src/jobs/keep-workflows-running.js'
import type { Workflows } from '../../src/jobs/start-workflows.js'
import { captureLogs, testDeps } from '../fixtures.js'
import { waitFor } from '../support/wait-for.js'
import { startReceiver } from '../support/webhook-receiver.js'
import { useApi } from './harness.js'

const api = useApi()
const logs = captureLogs()
const health = new JobHealth(logs.logger)
let workflows: Workflows | undefined
afterAll(() => workflows?.stop(), 60_000)

/** What this process's /readyz answers, with the job system's state in it (as main.ts serves it). */
async function readyz() {
  const res = await createApp(testDeps({ db: api.db, jobs: () => health.report() })).request('/readyz')
  return { status: res.status, body: (await res.json()) as { jobs?: JobsReport; code?: string; detail?: string } }
}

const logged = (msg: string) => logs.lines.filter((line) => line.msg === msg)

// In order: the first test starts the jobs the second one breaks.
describe('the job system', () => {
  test('a start that fails is retried with backoff until the jobs run; /readyz is not ready meanwhile', async () => {
    // A pg-boss schema it cannot read or migrate: every start fails until it is gone.
    await sql`create schema pgboss`.execute(api.db)
    await sql`create table pgboss.version (version int)`.execute(api.db)
    workflows = keepWorkflowsRunning(
      { database: api.database, logger: logs.logger, health, allowInternalWebhookTargets: true, dispatchEveryMs: 50 },
      { firstMs: 50, maxMs: 200 },
    )
    await waitFor('two failed starts', () => health.report().failedStarts >= 2)
    const unready = await readyz()
    expect(unready.status).toBe(503)
    expect(unready.body).toMatchObject({
      code: 'UNAVAILABLE',
      detail: expect.stringMatching(/^The job system is starting/),
    })
    expect(logged('jobs did not start; events wait in the outbox until a retry succeeds')[0]).toMatchObject({
      level: 50,
      err: expect.objectContaining({ message: expect.any(String) }),
      retryInMs: expect.any(Number),
    })

    await sql`drop schema pgboss cascade`.execute(api.db)
    const ready = await waitFor('the jobs running', async () => {
      const res = await readyz()
      return res.status === 200 && res.body
    })
    expect(ready).toEqual({
      status: 'ready',
      jobs: { status: 'running', errors: 0, failedStarts: expect.any(Number), lastErrorAt: expect.any(String) },
    })
    expect(ready.jobs?.failedStarts).toBeGreaterThanOrEqual(2)
  })

  test('a failed job-queue statement and a failed job run are logged and counted in /readyz', async () => {
    const receiver = await startReceiver()
    try {
      // pg-boss reads a failed fetch as "no jobs" and says nothing: the statement is still counted.
      await sql`alter table pgboss.job rename to job_away`.execute(api.db)
      await waitFor('a failed statement counted', () => health.report().errors > 0)
      await sql`alter table pgboss.job_away rename to job`.execute(api.db)
      expect(logged('job queue statement failed')[0]).toMatchObject({ level: 50, err: expect.any(Object) })

      // A delivery whose outcome cannot be recorded fails its run.
      await sql`alter table webhook_attempts rename to webhook_attempts_away`.execute(api.db)
      const orgId = await api.createOrg()
      await api.must(201, 'POST', `/v1/orgs/${orgId}/webhooks`, { body: { url: receiver.url } })
      await api.join(orgId, 'bo', 'ana')
      const failed = await waitFor('a failed run logged', () => logged('job failed; it is retried')[0])
      await sql`alter table webhook_attempts_away rename to webhook_attempts`.execute(api.db)
      expect(failed).toMatchObject({ level: 50, queue: 'rolecall-webhook-runs', err: expect.any(Object) })

      const { status, body } = await readyz()
      expect(status).toBe(200)
      expect(body.jobs).toMatchObject({ status: 'running', lastErrorAt: expect.any(String) })
      expect(body.jobs?.errors).toBeGreaterThanOrEqual(2)
    } finally {
      await receiver.close()
    }
  })
})
