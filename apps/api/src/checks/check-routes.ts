import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi'
import { explain } from '@rolecall/core'
import type { Context, TypedResponse } from 'hono'
import type { AppEnv } from '../app-env.js'
import { bearerSecurity, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { localeOf } from '../locale.js'
import { ProblemError, problems } from '../problem.js'
import type { RouteDeps } from '../routes/route-deps.js'
import { json, OrgParams, ReadQuery } from '../schemas/common.js'
import { answerJson, batchAnswerJson, decide, isUnknownAction, JSON_HEADERS } from './answer-json.js'
import { AnswerSchema, BatchAnswerSchema, BatchSchema, CheckSchema, MAX_BATCH_CHECKS } from './check-schema.js'

export const checkRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/check',
  operationId: 'check',
  tags: ['Checks'],
  summary: 'May this principal do this action now? With the reason when not',
  security: bearerSecurity,
  request: {
    params: OrgParams,
    query: ReadQuery,
    body: { content: { 'application/json': { schema: CheckSchema } }, required: true },
  },
  responses: { 200: json(AnswerSchema, 'The answer'), ...problems(400, 401, 404, 422) },
})

export const batchCheckRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/check/batch',
  operationId: 'checkBatch',
  tags: ['Checks'],
  summary: `Up to ${MAX_BATCH_CHECKS} checks against one state, answered in order`,
  security: bearerSecurity,
  request: {
    params: OrgParams,
    query: ReadQuery,
    body: { content: { 'application/json': { schema: BatchSchema } }, required: true },
  },
  responses: {
    200: json(BatchAnswerSchema, 'Answers in request order'),
    ...problems(400, 401, 404),
  },
})

/** An answer whose JSON text is written already (`answerJson`, reused per state), as the route declares it. */
const answered = <T>(c: Context, text: string) =>
  c.body(text, 200, JSON_HEADERS) as unknown as TypedResponse<T, 200, 'json'>

/**
 * Registers the permission checks. The server answers most of them before the app sees them
 * (`withCheckLane`, which takes only what these definitions accept); the rest come here.
 */
export function registerCheckRoutes(app: OpenAPIHono<AppEnv>, { cache }: RouteDeps) {
  app.openapi(checkRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const view = await cache.get(orgId, consistencyOf(c))
    const decision = decide(view, c.req.valid('json'))
    if (isUnknownAction(decision)) {
      throw new ProblemError('UNKNOWN_ROLE', explain(decision, { model: view.model, locale: localeOf(c) }))
    }
    return answered<z.output<typeof AnswerSchema>>(c, answerJson(decision, view, localeOf(c)))
  })

  app.openapi(batchCheckRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const view = await cache.get(orgId, consistencyOf(c))
    return answered<z.output<typeof BatchAnswerSchema>>(
      c,
      batchAnswerJson(view, c.req.valid('json').checks, localeOf(c)),
    )
  })
}
