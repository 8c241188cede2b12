import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { decideTransferRequest, decideTransferRespond } from '@rolecall/core'
import type { AppEnv } from '../app-env.js'
import { ActorHeadersSchema, bearerSecurity, requireActor, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { decided } from '../commands/decided.js'
import { writeOrigin } from '../commands/mark-applied.js'
import { mutate } from '../commands/mutate.js'
import { ProblemError, problems } from '../problem.js'
import {
  isTrue,
  json,
  MutationHeaders,
  MutationQuery,
  OrgParams,
  ReadQuery,
  TransferParams,
} from '../schemas/common.js'
import { DecisionSchema } from '../schemas/decision.js'
import { requireMemberReader } from './member-reader.js'
import type { RouteDeps } from './route-deps.js'

const TransferRequestSchema = z
  .object({
    to: z.string().min(1).max(200).openapi({ description: 'The recipient, an active member.', example: 'usr_bo' }),
    role: z.string().min(1).max(100).optional().openapi({ description: "Defaults to the model's owner role." }),
    formerHolder: z
      .enum(['default', 'member'])
      .optional()
      .openapi({ description: '`member`: the former holder keeps no role (teamroom: does not become co-owner).' }),
  })
  .openapi('TransferRequest')

const TransferSchema = z
  .object({
    id: z.string(),
    role: z.string(),
    from: z.string(),
    to: z.string(),
    status: z.literal('open'),
    formerHolder: z.enum(['default', 'member']),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Transfer')

export const requestTransferRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/ownership-transfers',
  operationId: 'requestTransfer',
  tags: ['Ownership'],
  summary: 'Start a transfer of a transfer-only role (by default the owner role); the recipient must accept',
  security: bearerSecurity,
  request: {
    headers: MutationHeaders,
    params: OrgParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: TransferRequestSchema } }, required: true },
  },
  responses: {
    201: json(DecisionSchema, 'Transfer requested; `transferId` names it'),
    ...problems(400, 401, 403, 404, 409, 422),
  },
})

export const currentTransferRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/ownership-transfers/current',
  operationId: 'currentTransfer',
  tags: ['Ownership'],
  summary: 'The open transfer, if there is one',
  security: bearerSecurity,
  request: { headers: ActorHeadersSchema, params: OrgParams, query: ReadQuery },
  responses: { 200: json(TransferSchema, 'The open transfer'), ...problems(400, 401, 403, 404) },
})

const respondRoute = (step: 'accept' | 'decline' | 'cancel', summary: string) =>
  createRoute({
    method: 'post',
    path: `/v1/orgs/{orgId}/ownership-transfers/{transferId}/${step}`,
    operationId: `${step}Transfer`,
    tags: ['Ownership'],
    summary,
    security: bearerSecurity,
    request: { headers: MutationHeaders, params: TransferParams, query: MutationQuery },
    responses: { 200: json(DecisionSchema, 'Done'), ...problems(400, 401, 403, 404, 409) },
  })

export const acceptTransferRoute = respondRoute('accept', 'The recipient accepts: the role changes hands')
export const declineTransferRoute = respondRoute('decline', 'The recipient declines')
export const cancelTransferRoute = respondRoute('cancel', 'The initiator cancels')

/** Registers the ownership transfer routes. */
export function registerTransferRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db, cache } = deps
  app.openapi(requestTransferRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const body = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const outcome = await mutate(deps, { orgId, actor, dryRun, ...writeOrigin(c) }, ({ model, state, now }) =>
      decideTransferRequest(model, state, { actor, ...body, now: now.toISOString() }),
    )
    return c.json(await decided(c, db, orgId, outcome, dryRun), 201)
  })

  app.openapi(currentTransferRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const { state } = await cache.get(orgId, consistencyOf(c))
    requireMemberReader(c, state)
    const open = state.openTransfer()
    if (!open || Date.parse(open.expiresAt) <= Date.now()) {
      throw new ProblemError('NOT_FOUND', 'There is no open ownership transfer in this organization.')
    }
    return c.json({ ...open, status: 'open' as const }, 200)
  })

  for (const [route, kind] of [
    [acceptTransferRoute, 'transfer.accept'],
    [declineTransferRoute, 'transfer.decline'],
    [cancelTransferRoute, 'transfer.cancel'],
  ] as const) {
    app.openapi(route, async (c) => {
      const { orgId, transferId } = c.req.valid('param')
      requireOrgAccess(c, orgId)
      const actor = requireActor(c)
      const dryRun = isTrue(c.req.valid('query').dryRun)
      const outcome = await mutate(
        deps,
        { orgId, actor, dryRun, ...writeOrigin(c) },
        async ({ trx, model, state, now }) => {
          const exists = await trx
            .selectFrom('ownership_transfers')
            .select('id')
            .where('org_id', '=', orgId)
            .where('id', '=', transferId)
            .executeTakeFirst()
          if (!exists) throw new ProblemError('NOT_FOUND', `There is no transfer ${transferId} in this organization.`)
          return decideTransferRespond(model, state, { kind, actor, transferId, now: now.toISOString() })
        },
      )
      return c.json(await decided(c, db, orgId, outcome, dryRun), 200)
    })
  }
}
