import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Logger } from 'pino'
import type { AppEnv } from '../app-env.js'
import type { JobsReport } from '../jobs/job-health.js'
import { problem, problems } from '../problem.js'

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health')
const JobSystemSchema = z
  .object({
    status: z.literal('running'),
    errors: z.number().int().openapi({ description: 'Failed job-queue statements, job runs and dispatches so far' }),
    failedStarts: z.number().int().openapi({ description: 'Starts of the job system that failed and were retried' }),
    lastErrorAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('JobSystem', { description: 'The jobs behind events (this process); counts since it started.' })
const ReadinessSchema = z.object({ status: z.literal('ready'), jobs: JobSystemSchema.optional() }).openapi('Readiness')

export const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'health',
  tags: ['Operations'],
  summary: 'Liveness: the process is up',
  responses: { 200: { description: 'The process answers', content: { 'application/json': { schema: HealthSchema } } } },
})

export const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'ready',
  tags: ['Operations'],
  summary: 'Readiness: the database answers and is migrated, and the jobs run',
  responses: {
    200: { description: 'Ready to serve', content: { 'application/json': { schema: ReadinessSchema } } },
    ...problems(503),
  },
})

export interface HealthDeps {
  ready(): Promise<boolean>
  /** The job system's state; without it (an app that runs no jobs) readiness is the database's alone. */
  jobs?: (() => JobsReport) | undefined
  logger: Logger
}

/**
 * Registers `/healthz` and `/readyz`.
 * @example registerHealthRoutes(app, deps)
 */
export function registerHealthRoutes(app: OpenAPIHono<AppEnv>, deps: HealthDeps) {
  app.openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200))
  app.openapi(readyzRoute, async (c) => {
    // A probe that throws is as unready as one that says so; the reason goes to the log only.
    const ready = await deps.ready().catch((err: unknown) => {
      deps.logger.warn({ err, requestId: c.get('requestId') }, 'readiness check failed')
      return false
    })
    if (!ready) return problem(c, 'UNAVAILABLE', 'The database is not ready.')
    const jobs = deps.jobs?.()
    if (!jobs) return c.json({ status: 'ready' as const }, 200)
    // Requests could be served, but events would only pile up in the outbox: not ready until the jobs run.
    if (jobs.status !== 'running') {
      const tries =
        jobs.status === 'starting' && jobs.failedStarts > 0
          ? ` (${jobs.failedStarts} failed starts so far; retrying)`
          : ''
      return problem(c, 'UNAVAILABLE', `The job system is ${jobs.status}${tries}.`)
    }
    return c.json({ status: 'ready' as const, jobs: { ...jobs, status: jobs.status } }, 200)
  })
}
