import { afterAll, beforeAll } from 'vitest'
import { startWorkflows, type WorkflowOptions, type Workflows } from '../../src/jobs/start-workflows.js'
import { createLogger } from '../../src/logger.js'
import type { Api } from '../http/harness.js'

/** Retry waits in milliseconds, so a test sees the whole schedule. */
export const FAST_SCHEDULE_MS = [50, 100, 150, 200]

/**
 * Starts the jobs beside a test API, on its database, with test-sized waits and local receivers allowed.
 * @example const workflows = await workflowsFor(api); afterAll(() => workflows.stop())
 */
export function workflowsFor(api: Api, options: Partial<WorkflowOptions> = {}): Promise<Workflows> {
  return startWorkflows({
    database: api.database,
    logger: createLogger({ level: 'silent' }),
    webhookScheduleMs: FAST_SCHEDULE_MS,
    allowInternalWebhookTargets: true,
    dispatchEveryMs: 50,
    ...options,
  })
}

/** The jobs a test file runs beside its API; see `useWorkflows`. */
export interface RunningWorkflows {
  /** Stops the jobs (a test that must see the outbox undispatched); safe to call twice. */
  stop(): Promise<void>
  /** Starts them again after `stop()`, with the same options. */
  start(): Promise<void>
}

/**
 * Runs the jobs for a whole test file: started before its tests, stopped after them. `options` may
 * be a function, read when they start, for settings only known then (a test server's port).
 * @example const workflows = useWorkflows(api); … await workflows.stop()
 */
export function useWorkflows(
  api: Api,
  options: Partial<WorkflowOptions> | (() => Partial<WorkflowOptions>) = {},
): RunningWorkflows {
  let running: Workflows | undefined
  const handle: RunningWorkflows = {
    start: async () => {
      running = await workflowsFor(api, typeof options === 'function' ? options() : options)
    },
    stop: async () => {
      const stopping = running
      running = undefined
      await stopping?.stop()
    },
  }
  beforeAll(handle.start, 60_000)
  afterAll(handle.stop, 60_000)
  return handle
}
