import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { can, type Decision, type Denied, explain, type Locale } from '@rolecall/core'
import type { AppEnv } from '../app-env.js'
import { bearerSecurity, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import type { OrgView } from '../commands/read-org.js'
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
 * The decision on one check against an org's state.
 * @example decide(view, { principal: 'bo', action: 'org.manage' }) // { ok: true, … }
 */
export const decide = ({ model, state }: Pick<OrgView, 'model' | 'state'>, check: Check): Decision =>
  can(model, state, check.principal, check.action, check.context)

/**
 * An action the model does not know is a mistake in the request (422), not an answer.
 * @example isUnknownAction(decide(view, { principal: 'bo', action: 'nope' })) // true
 */
export const isUnknownAction = (decision: Decision): decision is Denied =>
  !decision.ok && decision.code === 'UNKNOWN_ROLE'

/**
 * The answer to one check as JSON text. A denial depends only on the state, the code and the action,
 * so its text (sentence included) is built once per state and locale and then reused.
 */
export function answerJson(
  decision: Decision,
  { model, state }: Pick<OrgView, 'model' | 'state'>,
  locale: Locale,
): string {
  if (decision.ok) return ALLOWED_JSON
  const { code, params } = decision
  // Nested maps, not one joined key: a batch looks up dozens of denials, and joining would build a string each.
  const byAction = inner(inner(state.memo(ANSWERS, newAnswers), locale), code)
  const action = params.action ?? ''
  let text = byAction.get(action)
  if (text === undefined) {
    text = JSON.stringify({
      allowed: false,
      code,
      detail: explain(decision, { model, locale }),
      allowedRoles: decision.allowedRoles,
      ...(decision.contact ? { contact: decision.contact } : {}),
    })
    byAction.set(action, text)
  }
  return text
}

/** Per state: denial answers as JSON text, by locale, code and action. */
const ANSWERS = Symbol('denial answers')
type Nested<T> = Map<string, T>
const newAnswers = (): Nested<Nested<Nested<string>>> => new Map()

function inner<T>(map: Nested<Nested<T>>, key: string): Nested<T> {
  let found = map.get(key)
  if (!found) {
    found = new Map()
    map.set(key, found)
  }
  return found
}

/**
 * A batch's answers, in order, as the JSON text of its response.
 * @example batchAnswerJson(view, [{ principal: 'bo', action: 'org.manage' }], 'en') // '{"results":[{"allowed":true}]}'
 */
export function batchAnswerJson(
  view: Pick<OrgView, 'model' | 'state'>,
  checks: readonly Check[],
  locale: Locale,
): string {
  let results = ''
  for (const check of checks) {
    const text = answerJson(decide(view, check), view, locale)
    results = results === '' ? text : `${results},${text}`
  }
  return `{"results":[${results}]}`
}

export const JSON_HEADERS = { 'Content-Type': 'application/json' }

type Check = z.output<typeof CheckSchema>

// The schema's own limits, so the shortcut below cannot drift from it.
const lengths = (schema: z.ZodString) => ({ min: schema.minLength ?? 0, max: schema.maxLength ?? Number.MAX_VALUE })
const PRINCIPAL = lengths(CheckSchema.shape.principal)
const ACTION = lengths(CheckSchema.shape.action)
const CONTEXT = lengths(CheckSchema.shape.context.unwrap())
const fits = (value: unknown, { min, max }: { min: number; max: number }) =>
  typeof value === 'string' && value.length >= min && value.length <= max

/**
 * A check the schema would accept as it is (its three fields within their limits), told without zod.
 * @example isCheck({ principal: 'bo', action: 'org.manage' }) // true
 */
export const isCheck = (value: unknown): value is Check => {
  if (typeof value !== 'object' || value === null) return false
  const { principal, action, context } = value as Record<string, unknown>
  return fits(principal, PRINCIPAL) && fits(action, ACTION) && (context === undefined || fits(context, CONTEXT))
}

/**
 * A batch whose every check is plainly valid is used as parsed, sparing zod a copy of each of its
 * hundred items; anything else goes through the schema, which names what is wrong. Extra fields
 * zod would strip are harmless: the handler reads only the three it knows.
 * @example isPlainBatch({ checks: [{ principal: 'bo', action: 'org.manage' }] }) // true
 */
export const isPlainBatch = (body: unknown): body is z.output<typeof BatchSchema> => {
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
    const view = await cache.get(orgId, consistencyOf(c))
    const decision = decide(view, input.body)
    if (isUnknownAction(decision)) {
      throw new ProblemError('UNKNOWN_ROLE', explain(decision, { model: view.model, locale: localeOf(c) }))
    }
    return c.body(answerJson(decision, view, localeOf(c)), 200, JSON_HEADERS)
  })

  app.openAPIRegistry.registerPath(batchCheckRoute)
  app.post('/v1/orgs/:orgId/check/batch', async (c) => {
    const input = await validateRequest(c, BATCH_REQUEST, isPlainBatch)
    if (input instanceof Response) return input
    const { orgId } = input.params
    requireOrgAccess(c, orgId)
    const view = await cache.get(orgId, consistencyOf(c))
    return c.body(batchAnswerJson(view, input.body.checks, localeOf(c)), 200, JSON_HEADERS)
  })
}
