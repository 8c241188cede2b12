import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Logger } from 'pino'
import type { AppEnv } from '../app-env.js'
import { problem, problems } from '../problem.js'

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health')
const ReadinessSchema = z.object({ status: z.literal('ready') }).openapi('Readiness')

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
  summary: 'Readiness: the database answers and is migrated',
  responses: {
    200: { description: 'Ready to serve', content: { 'application/json': { schema: ReadinessSchema } } },
    ...problems(503),
  },
})

export interface HealthDeps {
  ready(): Promise<boolean>
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
    return ready ? c.json({ status: 'ready' as const }, 200) : problem(c, 'UNAVAILABLE', 'The database is not ready.')
  })
}
