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
