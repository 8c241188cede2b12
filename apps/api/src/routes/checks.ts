import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { can, type Decision, explain, type Locale, type OrgState, type RoleModel } from '@rolecall/core'
import type { AppEnv } from '../app-env.js'
import { bearerSecurity, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { localeOf } from '../locale.js'
import { ProblemError, problems } from '../problem.js'
import { json, OrgParams, ReadQuery } from '../schemas/common.js'
import { validateRequest } from '../validate-request.js'
import type { RouteDeps } from './route-deps.js'

export const MAX_BATCH_CHECKS = 100

const CheckSchema = z
  .object({
    principal: z.string().min(1).max(200).openapi({ description: 'Who would act.', example: 'usr_bo' }),
    action: z.string().min(1).max(100).openapi({ example: 'licenses.purchase' }),
    context: z.string().min(1).max(200).optional().openapi({ example: 'teamroom:42' }),
  })
  .openapi('Check')

const AnswerSchema = z
  .object({
    allowed: z.boolean(),
    code: z.string().optional().openapi({ description: 'The denial code when not allowed.' }),
    detail: z.string().optional().openapi({ description: 'Why not, and who could.' }),
    allowedRoles: z.array(z.string()).optional(),
    contact: z.string().optional(),
  })
  .openapi('CheckAnswer')

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

const BatchSchema = z.object({ checks: z.array(CheckSchema).min(1).max(MAX_BATCH_CHECKS) })

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
    body: {
      content: {
        'application/json': { schema: BatchSchema },
      },
      required: true,
    },
  },
  responses: {
    200: json(z.object({ results: z.array(AnswerSchema) }), 'Answers in request order'),
    ...problems(400, 401, 404),
  },
})

// Most answers are this one, and the rest repeat per state: answers are serialized once, not per check.
const ALLOWED_JSON = '{"allowed":true}'

/**
 * The answer to one check as JSON text. A denial depends only on the state, the code and the action,
 * so its text (sentence included) is built once per state and locale and then reused.
 */
function answerJson(decision: Decision, model: RoleModel, state: OrgState, locale: Locale): string {
  if (decision.ok) return ALLOWED_JSON
  const { code, params } = decision
  return state.memo(`answer\u0000${locale}\u0000${code}\u0000${params.action}`, () =>
    JSON.stringify({
      allowed: false,
      code,
      detail: explain(decision, { model, locale }),
      allowedRoles: decision.allowedRoles,
      ...(decision.contact ? { contact: decision.contact } : {}),
    }),
  )
}

const JSON_HEADERS = { 'Content-Type': 'application/json' }

type Check = z.output<typeof CheckSchema>

// The schema's own limits, so the shortcut below cannot drift from it.
const lengths = (schema: z.ZodString) => ({ min: schema.minLength ?? 0, max: schema.maxLength ?? Number.MAX_VALUE })
const PRINCIPAL = lengths(CheckSchema.shape.principal)
const ACTION = lengths(CheckSchema.shape.action)
const CONTEXT = lengths(CheckSchema.shape.context.unwrap())
const fits = (value: unknown, { min, max }: { min: number; max: number }) =>
  typeof value === 'string' && value.length >= min && value.length <= max

const isCheck = (value: unknown): value is Check => {
  if (typeof value !== 'object' || value === null) return false
  const { principal, action, context } = value as Record<string, unknown>
  return fits(principal, PRINCIPAL) && fits(action, ACTION) && (context === undefined || fits(context, CONTEXT))
}

/**
 * A batch whose every check is plainly valid is used as parsed, sparing zod a copy of each of its
 * hundred items; anything else goes through the schema, which names what is wrong. Extra fields
 * zod would strip are harmless: the handler reads only the three it knows.
 */
const isPlainBatch = (body: unknown): body is z.output<typeof BatchSchema> => {
  if (typeof body !== 'object' || body === null) return false
  const { checks } = body as Record<string, unknown>
  return Array.isArray(checks) && checks.length >= 1 && checks.length <= MAX_BATCH_CHECKS && checks.every(isCheck)
}

const CHECK_REQUEST = { params: OrgParams, query: ReadQuery, body: CheckSchema }
const BATCH_REQUEST = { params: OrgParams, query: ReadQuery, body: BatchSchema }

/**
 * Registers the permission checks. They are the hottest routes, so they validate in one synchronous
 * pass (`validateRequest`) instead of through `app.openapi()`'s async middleware layers, with the
 * same answers to bad input; their definitions are registered for the OpenAPI document all the same.
 */
export function registerCheckRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { cache } = deps
  app.openAPIRegistry.registerPath(checkRoute)
  app.post('/v1/orgs/:orgId/check', async (c) => {
    const input = await validateRequest(c, CHECK_REQUEST, isCheck)
    if (input instanceof Response) return input
    const { orgId } = input.params
    requireOrgAccess(c, orgId)
    const { principal, action, context } = input.body
    const { model, state } = await cache.get(orgId, consistencyOf(c))
    const decision = can(model, state, principal, action, context)
    // An action the model does not know is a mistake in the request, not an answer.
    if (!decision.ok && decision.code === 'UNKNOWN_ROLE') {
      throw new ProblemError('UNKNOWN_ROLE', explain(decision, { model, locale: localeOf(c) }))
    }
    return c.body(answerJson(decision, model, state, localeOf(c)), 200, JSON_HEADERS)
  })

  app.openAPIRegistry.registerPath(batchCheckRoute)
  app.post('/v1/orgs/:orgId/check/batch', async (c) => {
    const input = await validateRequest(c, BATCH_REQUEST, isPlainBatch)
    if (input instanceof Response) return input
    const { orgId } = input.params
    requireOrgAccess(c, orgId)
    const { model, state } = await cache.get(orgId, consistencyOf(c))
    const locale = localeOf(c)
    let results = ''
    for (const q of input.body.checks) {
      const text = answerJson(can(model, state, q.principal, q.action, q.context), model, state, locale)
      results = results === '' ? text : `${results},${text}`
    }
    return c.body(`{"results":[${results}]}`, 200, JSON_HEADERS)
  })
}
