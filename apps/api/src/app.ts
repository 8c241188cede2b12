import { OpenAPIHono } from '@hono/zod-openapi'
import type { ClaimHolder } from '@rolecall/db'
import { Scalar } from '@scalar/hono-api-reference'
import type { Logger } from 'pino'
import type { AppEnv } from './app-env.js'
import { ApiKeys, type AuthDeps, bearerAuth } from './auth.js'
import { bodySizeLimit } from './body-size-limit.js'
import { registerCheckRoutes } from './checks/check-routes.js'
import { idempotency } from './idempotency.js'
import type { JobsReport } from './jobs/job-health.js'
import { withMutationAnswers } from './openapi-mutation-answers.js'
import { defaultHook, notFound, onError, ProblemSchema } from './problem.js'
import { requestId } from './request-id.js'
import { requestLog } from './request-log.js'
import { routeTakesIdempotencyKey } from './route-takes-idempotency-key.js'
import { registerAnonymizationCaseRoutes } from './routes/anonymization-cases.js'
import { registerApiKeyRoutes } from './routes/api-keys.js'
import { registerAuditRoutes } from './routes/audit-events.js'
import { registerContextRoutes } from './routes/contexts.js'
import { registerHealthRoutes } from './routes/health.js'
import { registerMemberRoutes } from './routes/members.js'
import { registerModelRoutes } from './routes/models.js'
import { registerNotificationRoutes } from './routes/notifications.js'
import { registerOrgRoutes } from './routes/orgs.js'
import { registerTransferRoutes } from './routes/ownership-transfers.js'
import { registerPeopleRoutes } from './routes/people.js'
import { registerRoleRoutes } from './routes/roles.js'
import type { RouteDeps } from './routes/route-deps.js'
import { registerSlackRoutes } from './routes/slack.js'
import { registerWebhookRoutes } from './routes/webhooks.js'
import { version } from './version.js'

/** Largest request body accepted; role commands are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * What the app needs from the outside world. Storage and command handlers join here as fields,
 * so tests can hand in fakes for what they do not exercise.
 */
export interface AppDeps extends RouteDeps {
  logger: Logger
  /** True when requests can be served: the database answers and migrations ran. */
  ready(): Promise<boolean>
  /** The job system's state, for `/readyz`: absent where the app runs no jobs. */
  jobs?: (() => JobsReport) | undefined
  auth: AuthDeps
  /** This process's proof of life for its Idempotency-Key claims; without it they are abandoned only by age. */
  claimHolder?: ClaimHolder | undefined
}

/**
 * Builds the HTTP app without listening, so tests can call `app.request()`; `createHttpServer`
 * serves it. `keys` is given when something else authenticates beside the app (the check lane).
 * @example const res = await createApp(deps).request('/healthz')
 */
export function createApp(deps: AppDeps, keys = new ApiKeys(deps.auth)): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook })

  app.use(requestId())
  app.use(requestLog(deps.logger))
  app.use(bodySizeLimit(MAX_BODY_BYTES))
  app.use('/v1/*', bearerAuth(keys))
  app.use('/v1/*', idempotency(deps.db, deps.logger, routeTakesIdempotencyKey(app), deps.claimHolder))
  app.onError(onError(deps.logger))
  app.notFound(notFound)

  registerHealthRoutes(app, deps)
  registerOrgRoutes(app, deps)
  registerMemberRoutes(app, deps)
  registerPeopleRoutes(app, deps)
  registerRoleRoutes(app, deps)
  registerTransferRoutes(app, deps)
  registerCheckRoutes(app, deps)
  registerAuditRoutes(app, deps)
  registerApiKeyRoutes(app, { ...deps, keys })
  registerAnonymizationCaseRoutes(app, deps)
  registerModelRoutes(app, deps)
  registerContextRoutes(app, deps)
  registerSlackRoutes(app, deps)
  registerWebhookRoutes(app, deps)
  registerNotificationRoutes(app, deps)

  app.openAPIRegistry.register('Problem', ProblemSchema)
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The admin key, or an API key issued for one or more organizations.',
  })
  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Rolecall',
      version,
      description: 'Organization roles for multi-tenant software. Errors are RFC 9457 problem details.',
    },
  }
  // Not doc31: the routes' own responses leave out what the middleware and the error handler answer for them.
  app.get('/openapi.json', (c) => c.json(withMutationAnswers(app.getOpenAPI31Document(documentConfig))))
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Rolecall API' }))

  return app
}
