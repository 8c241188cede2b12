import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi'
import {
  canOperate,
  type Decision,
  decideApproveCase,
  decideRemindCase,
  type OrgState,
  type RoleModel,
} from '@rolecall/core'
import { type AnonymizationCaseItem, listAnonymizationCases, listPersonLinks } from '@rolecall/db'
import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'
import { ActorHeadersSchema, bearerSecurity, requireActor, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { decided, denialProblem } from '../commands/decided.js'
import { writeOrigin } from '../commands/mark-applied.js'
import { type DecisionContext, mutate } from '../commands/mutate.js'
import { localeOf } from '../locale.js'
import { ProblemError, problems } from '../problem.js'
import {
  AnonymizationCaseSchema,
  CaseListQuery,
  CaseListSchema,
  CaseParams,
  PersonLinksSchema,
  ReminderSchema,
} from '../schemas/anonymization-cases.js'
import { isTrue, json, MutationHeaders, MutationQuery, OrgParams, ReadQuery } from '../schemas/common.js'
import { DecisionSchema } from '../schemas/decision.js'
import type { RouteDeps } from './route-deps.js'

const tags = ['Anonymization']

export const listCasesRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/anonymization-cases',
  operationId: 'listAnonymizationCases',
  tags,
  summary: "The org's anonymization cases, newest first (approvers only); page by cursor",
  security: bearerSecurity,
  request: { headers: ActorHeadersSchema, params: OrgParams, query: CaseListQuery },
  responses: { 200: json(CaseListSchema, 'A page of cases'), ...problems(400, 401, 403, 404) },
})

/** A read of one case, or of something about it: approvers only, like every case read. */
const caseRead = <S extends z.ZodType>(suffix: '' | '/links', operationId: string, summary: string, schema: S) =>
  createRoute({
    method: 'get',
    path: `/v1/orgs/{orgId}/anonymization-cases/{caseId}${suffix}`,
    operationId,
    tags,
    summary,
    security: bearerSecurity,
    request: { headers: ActorHeadersSchema, params: CaseParams, query: ReadQuery },
    responses: { 200: json(schema, summary), ...problems(400, 401, 403, 404) },
  })

export const getCaseRoute = caseRead('', 'getAnonymizationCase', 'One anonymization case', AnonymizationCaseSchema)
export const caseLinksRoute = caseRead(
  '/links',
  'listAnonymizationCaseLinks',
  "Every record in the org that names the case's subject, grouped by kind with counts",
  PersonLinksSchema,
)

export const approveCaseRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/anonymization-cases/{caseId}/approvals',
  operationId: 'approveAnonymizationCase',
  tags,
  summary: 'Approve a case; the approval the model requires last anonymizes the subject in the same transaction',
  security: bearerSecurity,
  request: { headers: MutationHeaders, params: CaseParams, query: MutationQuery },
  responses: {
    200: json(DecisionSchema, 'Approved (and anonymized when complete)'),
    ...problems(400, 401, 403, 404, 409),
  },
})

export const setCaseReminderRoute = createRoute({
  method: 'put',
  path: '/v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder',
  operationId: 'setAnonymizationCaseReminder',
  tags,
  summary: 'Remind the approvers of an open case at a future time',
  security: bearerSecurity,
  request: {
    headers: MutationHeaders,
    params: CaseParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: ReminderSchema } }, required: true },
  },
  responses: { 200: json(DecisionSchema, 'Reminder set'), ...problems(400, 401, 403, 404, 409) },
})

export const clearCaseReminderRoute = createRoute({
  method: 'delete',
  path: '/v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder',
  operationId: 'clearAnonymizationCaseReminder',
  tags,
  summary: "Clear an open case's reminder",
  security: bearerSecurity,
  request: { headers: MutationHeaders, params: CaseParams, query: MutationQuery },
  responses: { 200: json(DecisionSchema, 'Reminder cleared'), ...problems(400, 401, 403, 404, 409) },
})

const caseBody = (item: AnonymizationCaseItem, model: RoleModel) => ({
  id: item.id,
  subject: item.subject,
  subjectName: item.subjectName,
  status: item.status,
  approvals: item.approvals,
  required: model.anonymization.approvalsRequired,
  reminderAt: item.reminderAt?.toISOString() ?? null,
  createdAt: item.createdAt.toISOString(),
  closedAt: item.closedAt?.toISOString() ?? null,
})

const LATEST_REMINDER = Date.UTC(10_000, 0, 1)

// A cursor is the id of a case, and storage mints those as UUIDs (applyCaseEffect).
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const caseNotFound = (caseId: string) =>
  new ProblemError('NOT_FOUND', `There is no anonymization case ${caseId} in this organization.`)

/** Registers the anonymization case routes: reads for approvers, approvals and reminders through the engine. */
export function registerAnonymizationCaseRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db, cache } = deps

  /** Cases name former members, so only those who may approve them read them (the engine's anonymize right). */
  const requireApprover = async (c: Context<AppEnv>, orgId: string): Promise<{ model: RoleModel; state: OrgState }> => {
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const { model, state } = await cache.get(orgId, consistencyOf(c))
    const permitted = canOperate(model, state, actor, model.operations.anonymize)
    if (!permitted.ok) throw await denialProblem(db, orgId, permitted, model, localeOf(c))
    return { model, state }
  }

  const findCase = async (orgId: string, caseId: string) => {
    const [item] = (await listAnonymizationCases(db, orgId, { id: caseId, limit: 1 })).cases
    if (!item) throw caseNotFound(caseId)
    return item
  }

  app.openapi(listCasesRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    const { model } = await requireApprover(c, orgId)
    const { cursor, limit, status } = c.req.valid('query')
    if (cursor !== undefined && !CASE_ID.test(cursor)) {
      throw new ProblemError('VALIDATION_FAILED', 'The cursor is not one this API handed out.', {
        errors: [{ path: 'query.cursor', message: 'Use the `next` value of the previous page' }],
      })
    }
    const page = await listAnonymizationCases(db, orgId, { status, after: cursor, limit })
    return c.json({ cases: page.cases.map((item) => caseBody(item, model)), next: page.next }, 200)
  })

  app.openapi(getCaseRoute, async (c) => {
    const { orgId, caseId } = c.req.valid('param')
    const { model } = await requireApprover(c, orgId)
    return c.json(caseBody(await findCase(orgId, caseId), model), 200)
  })

  app.openapi(caseLinksRoute, async (c) => {
    const { orgId, caseId } = c.req.valid('param')
    await requireApprover(c, orgId)
    const { subject } = await findCase(orgId, caseId)
    const groups = await listPersonLinks(db, orgId, subject)
    return c.json({ caseId, subject, groups }, 200)
  })

  /** One mutation on a case named in the path: NOT_FOUND when the org has no such case, else the engine decides. */
  const onCase = async (
    c: Context<AppEnv>,
    orgId: string,
    caseId: string,
    dryRun: boolean,
    decideWith: (ctx: DecisionContext, actor: string) => Decision | Promise<Decision>,
  ) => {
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const outcome = await mutate(deps, { orgId, actor, dryRun, ...writeOrigin(c) }, async (ctx) => {
      const exists = await ctx.trx
        .selectFrom('anonymization_cases')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', caseId)
        .executeTakeFirst()
      if (!exists) throw caseNotFound(caseId)
      return decideWith(ctx, actor)
    })
    return decided(c, db, orgId, outcome, dryRun)
  }

  app.openapi(approveCaseRoute, async (c) => {
    const { orgId, caseId } = c.req.valid('param')
    const body = await onCase(c, orgId, caseId, isTrue(c.req.valid('query').dryRun), ({ model, state }, actor) =>
      decideApproveCase(model, state, { actor, caseId }),
    )
    return c.json(body, 200)
  })

  app.openapi(setCaseReminderRoute, async (c) => {
    const { orgId, caseId } = c.req.valid('param')
    const at = new Date(c.req.valid('json').at)
    // The engine leaves the clock to the edge: a reminder in the past could never fire, and one past
    // the year 9999 (an offset can push a valid-looking time there) cannot be stored.
    if (at.getTime() <= Date.now() || at.getTime() >= LATEST_REMINDER) {
      throw new ProblemError('VALIDATION_FAILED', 'A reminder must lie in the future, before the year 10000.', {
        errors: [{ path: 'body.at', message: 'must lie in the future, before the year 10000' }],
      })
    }
    const body = await onCase(c, orgId, caseId, isTrue(c.req.valid('query').dryRun), ({ model, state }, actor) =>
      decideRemindCase(model, state, { actor, caseId, at: at.toISOString() }),
    )
    return c.json(body, 200)
  })

  app.openapi(clearCaseReminderRoute, async (c) => {
    const { orgId, caseId } = c.req.valid('param')
    const body = await onCase(c, orgId, caseId, isTrue(c.req.valid('query').dryRun), ({ model, state }, actor) =>
      decideRemindCase(model, state, { actor, caseId, at: null }),
    )
    return c.json(body, 200)
  })
}
