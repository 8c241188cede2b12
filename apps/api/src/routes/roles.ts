import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { decideGrant, decideRevoke, grantableRoles, ORG_WIDE, roleVisibility } from '@rolecall/core'
import type { AppEnv } from '../app-env.js'
import { ActorHeadersSchema, bearerSecurity, requireActor, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { decided } from '../commands/decided.js'
import { writeOrigin } from '../commands/mark-applied.js'
import { mutate } from '../commands/mutate.js'
import { problems } from '../problem.js'
import {
  HolderParams,
  isTrue,
  json,
  MutationHeaders,
  OrgParams,
  ReadQuery,
  RoleChangeQuery,
} from '../schemas/common.js'
import { DecisionSchema } from '../schemas/decision.js'
import type { RouteDeps } from './route-deps.js'

const Permission = z.object({ ok: z.boolean(), code: z.string().optional() })

const RoleSchema = z
  .object({
    role: z.string(),
    label: z.object({ en: z.string(), de: z.string() }),
    visible: z
      .boolean()
      .openapi({ description: 'Whether a UI shows the field (e.g. main_admin only with two admins).' }),
    enabled: z.boolean(),
    min: z.number().int(),
    max: z.number().int().nullable(),
    membersOnly: z.boolean(),
    transferOnly: z.boolean(),
    scoped: z.boolean(),
    grantedBy: z.array(z.string()),
    holders: z.array(z.object({ principal: z.string(), context: z.string().nullable() })),
    actor: z
      .object({ grant: Permission, revoke: Permission })
      .openapi({ description: 'What the acting user may do with it now.' }),
  })
  .openapi('Role')

export const listRolesRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/roles',
  operationId: 'listRoles',
  tags: ['Roles'],
  summary: "The org's roles: holders, visibility, and what the actor may grant or revoke",
  security: bearerSecurity,
  request: { headers: ActorHeadersSchema, params: OrgParams, query: ReadQuery },
  responses: {
    200: json(z.object({ roles: z.array(RoleSchema) }), 'Roles in model order'),
    ...problems(400, 401, 403, 404),
  },
})

export const grantRoleRoute = createRoute({
  method: 'put',
  path: '/v1/orgs/{orgId}/roles/{role}/holders/{principalId}',
  operationId: 'grantRole',
  tags: ['Roles'],
  summary: 'Grant a role (idempotent: granting a held role answers changed: false)',
  security: bearerSecurity,
  request: { headers: MutationHeaders, params: HolderParams, query: RoleChangeQuery },
  responses: { 200: json(DecisionSchema, 'Role granted, or already held'), ...problems(400, 401, 403, 404, 409, 422) },
})

export const revokeRoleRoute = createRoute({
  method: 'delete',
  path: '/v1/orgs/{orgId}/roles/{role}/holders/{principalId}',
  operationId: 'revokeRole',
  tags: ['Roles'],
  summary: 'Revoke a role',
  security: bearerSecurity,
  request: { headers: MutationHeaders, params: HolderParams, query: RoleChangeQuery },
  responses: { 200: json(DecisionSchema, 'Role revoked, or not held'), ...problems(400, 401, 403, 404, 409, 422) },
})

/** Registers the role routes. */
export function registerRoleRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db, cache } = deps
  app.openapi(listRolesRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const { model, state } = await cache.get(orgId, consistencyOf(c))
    const fields = roleVisibility(model, state)
    const permissions = grantableRoles(model, state, actor)
    const roles = model.roles.map((role, i) => {
      const field = fields[i] as (typeof fields)[number]
      const scopedHolders = state
        .contextsOf(role.name)
        .flatMap((context) => state.holders(role.name, context).map((principal) => ({ principal, context })))
      return {
        role: role.name,
        label: role.label,
        visible: field.visible,
        enabled: field.enabled,
        min: role.min,
        max: role.max ?? null,
        membersOnly: role.membersOnly,
        transferOnly: role.transferOnly,
        scoped: role.scoped,
        grantedBy: role.grantedBy,
        holders: [...field.holders.map((principal) => ({ principal, context: null })), ...scopedHolders],
        actor: { grant: permissions[i]?.grant ?? { ok: false }, revoke: permissions[i]?.revoke ?? { ok: false } },
      }
    })
    return c.json({ roles }, 200)
  })

  for (const [route, decide] of [
    [grantRoleRoute, decideGrant],
    [revokeRoleRoute, decideRevoke],
  ] as const) {
    app.openapi(route, async (c) => {
      const { orgId, role, principalId } = c.req.valid('param')
      const query = c.req.valid('query')
      requireOrgAccess(c, orgId)
      const actor = requireActor(c)
      const dryRun = isTrue(query.dryRun)
      const command = {
        actor,
        role,
        target: principalId,
        context: query.context ?? ORG_WIDE,
        confirmed: isTrue(query.confirm),
      }
      const input = { orgId, actor, dryRun, ...writeOrigin(c), optimistic: true }
      const outcome = await mutate(deps, input, ({ model, state }) => decide(model, state, command))
      return c.json(await decided(c, db, orgId, outcome, dryRun), 200)
    })
  }
}
