import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { canOperate, decideAssignContexts, decideCreateContext, unchanged } from '@rolecall/core'
import { getContext, listContexts, registerContext } from '@rolecall/db'
import type { AppEnv } from '../app-env.js'
import { ActorHeadersSchema, bearerSecurity, orgNotFound, requireActor, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { decided } from '../commands/decided.js'
import { writeOrigin } from '../commands/mark-applied.js'
import { mutate } from '../commands/mutate.js'
import { ProblemError, problems } from '../problem.js'
import { isTrue, json, MemberParams, MutationHeaders, MutationQuery, OrgParams, PageQuery } from '../schemas/common.js'
import { AssignContextsSchema, ContextParams, ContextSchema, PutContextSchema } from '../schemas/contexts.js'
import { DecisionSchema } from '../schemas/decision.js'
import { writeOrg } from '../write/write-org.js'
import { requireMemberReader } from './member-reader.js'
import type { RouteDeps } from './route-deps.js'

const tags = ['Contexts']

export const putContextRoute = createRoute({
  method: 'put',
  path: '/v1/orgs/{orgId}/contexts/{contextId}',
  operationId: 'putContext',
  tags,
  summary: 'Create a team or folder (within the plan’s quota), register a workspace, teamroom or app, or rename one',
  security: bearerSecurity,
  request: {
    headers: MutationHeaders,
    params: ContextParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: PutContextSchema } }, required: true },
  },
  responses: {
    200: json(DecisionSchema, 'Created, registered, renamed, or already so'),
    ...problems(400, 401, 403, 404, 409),
  },
})

export const listContextsRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/contexts',
  operationId: 'listContexts',
  tags,
  summary: 'The contexts the actor may see: every one with the model’s overview right, else their own; page by cursor',
  security: bearerSecurity,
  request: { headers: ActorHeadersSchema, params: OrgParams, query: PageQuery },
  responses: {
    200: json(z.object({ contexts: z.array(ContextSchema), next: z.string().nullable() }), 'A page of contexts by id'),
    ...problems(400, 401, 403, 404),
  },
})

export const assignContextsRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/members/{userId}/contexts',
  operationId: 'assignContexts',
  tags,
  summary: 'Assign a member to contexts and unassign them, within the model’s per-request limit',
  security: bearerSecurity,
  request: {
    headers: MutationHeaders,
    params: MemberParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: AssignContextsSchema } }, required: true },
  },
  responses: { 200: json(DecisionSchema, 'Assigned and unassigned'), ...problems(400, 401, 403, 404, 409) },
})

/** Registers context routes: creating and registering contexts, listing them, and assigning members. */
export function registerContextRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db, cache } = deps

  app.openapi(putContextRoute, async (c) => {
    const { orgId, contextId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const { kind, name } = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const existing = await getContext(db, orgId, contextId)
    if (existing && existing.kind !== kind) {
      throw new ProblemError('CONFLICT', `Context ${contextId} exists already as a ${existing.kind}.`)
    }

    if (!existing && (kind === 'team' || kind === 'folder')) {
      // A new team or folder counts against the plan: the engine decides who may, and whether it fits.
      const outcome = await mutate(deps, { orgId, actor, dryRun, ...writeOrigin(c) }, async ({ trx, model, state }) => {
        // Created by a concurrent request since the look above: the same PUT again changes nothing.
        if (await getContext(trx, orgId, contextId)) return unchanged()
        return decideCreateContext(model, state, { actor, contextKind: kind, context: contextId, name })
      })
      return c.json(await decided(c, db, orgId, outcome, dryRun), 200)
    }

    // Registering what the host created, or renaming: no quota applies, so the engine has nothing to decide.
    const written = await writeOrg(deps, { orgId, actor, ...writeOrigin(c) }, async ({ trx, now }) => {
      const done = await registerContext(trx, orgId, { id: contextId, kind, name, at: now, dryRun })
      if (done.outcome === 'kind_mismatch') {
        throw new ProblemError('CONFLICT', `Context ${contextId} exists already as a ${done.kind}.`)
      }
      const answer = done.outcome
      if (done.outcome === 'unchanged' || dryRun) return { answer }
      return { answer, change: { audit: [done.event], subject: contextId } }
    })
    if (!written.found) throw orgNotFound(orgId)
    const changed = written.answer !== 'unchanged'
    return c.json(
      {
        ok: true as const,
        changed,
        dryRun,
        effects: changed ? [{ kind: `context.${written.answer}`, context: contextId, contextKind: kind, name }] : [],
        warnings: [],
        consistency: written.version,
      },
      200,
    )
  })

  app.openapi(listContextsRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const { model, state } = await cache.get(orgId, consistencyOf(c))
    const actor = requireMemberReader(c, state)
    // An overview (multi-owner owners) lists every context without granting access to any.
    const overview = canOperate(model, state, actor, model.operations.viewAllContexts).ok
    const { cursor, limit } = c.req.valid('query')
    // A cursor is the last context id of a page, so it must be one the context routes would take.
    if (cursor !== undefined && !ContextParams.shape.contextId.safeParse(cursor).success) {
      throw new ProblemError('VALIDATION_FAILED', 'The cursor is not one this API handed out.', {
        errors: [{ path: 'query.cursor', message: 'Use the `next` value of the previous page' }],
      })
    }
    const page = await listContexts(db, orgId, { principal: actor, assignedOnly: !overview, after: cursor, limit })
    const contexts = page.contexts.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      access: r.assigned,
      createdAt: r.createdAt.toISOString(),
    }))
    return c.json({ contexts, next: page.next }, 200)
  })

  app.openapi(assignContextsRoute, async (c) => {
    const { orgId, userId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const { add, remove } = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const outcome = await mutate(deps, { orgId, actor, dryRun, ...writeOrigin(c) }, ({ model, state }) =>
      decideAssignContexts(model, state, { actor, target: userId, add: add ?? [], remove: remove ?? [] }),
    )
    return c.json(await decided(c, db, orgId, outcome, dryRun), 200)
  })
}
