import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { decideAcceptInvitation, decideInvite, decideRemoveMember } from '@rolecall/core'
import { isEmailTaken, listMembers, upsertPerson } from '@rolecall/db'
import type { AppEnv } from '../app-env.js'
import { ActorHeadersSchema, bearerSecurity, requireActor, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { decided } from '../commands/decided.js'
import { writeOrigin } from '../commands/mark-applied.js'
import { mutate } from '../commands/mutate.js'
import { ProblemError, problems, uniqueConflict } from '../problem.js'
import {
  InvitationParams,
  isTrue,
  json,
  MemberParams,
  MutationHeaders,
  MutationQuery,
  OrgParams,
  PageQuery,
  UserInputSchema,
} from '../schemas/common.js'
import { DecisionSchema } from '../schemas/decision.js'
import { requireMemberReader } from './member-reader.js'
import type { RouteDeps } from './route-deps.js'

const MemberSchema = z
  .object({
    principal: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    status: z.enum(['invited', 'active', 'terminated']),
    lastActive: z
      .string()
      .openapi({ description: 'An ISO time, `Pending` for an invitee who has not accepted, or `Never`.' }),
    invitedRoles: z.array(z.string()),
    roles: z.array(z.object({ role: z.string(), context: z.string().nullable() })),
  })
  .openapi('Member')

const MemberListQuery = PageQuery.extend({
  search: z.string().min(1).max(200).optional().openapi({ description: 'Part of a name, e-mail or id.' }),
  status: z.enum(['invited', 'active', 'terminated']).optional(),
})

const InvitationSchema = z
  .object({
    user: UserInputSchema,
    roles: z.array(z.string().min(1).max(100)).max(20).optional().openapi({ description: 'Granted on acceptance.' }),
  })
  .openapi('Invitation')

export const listMembersRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/members',
  operationId: 'listMembers',
  tags: ['Members'],
  summary: 'Members with status, last activity (or Pending) and roles; searchable, by cursor',
  security: bearerSecurity,
  request: { headers: ActorHeadersSchema, params: OrgParams, query: MemberListQuery },
  responses: {
    200: json(z.object({ members: z.array(MemberSchema), next: z.string().nullable() }), 'A page of members'),
    ...problems(400, 401, 403, 404),
  },
})

export const inviteRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/invitations',
  operationId: 'invite',
  tags: ['Members'],
  summary: 'Invite someone, optionally with roles they receive on accepting',
  security: bearerSecurity,
  request: {
    headers: MutationHeaders,
    params: OrgParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: InvitationSchema } }, required: true },
  },
  responses: {
    201: json(DecisionSchema, 'Invited; `invitationId` names the invitation'),
    ...problems(400, 401, 403, 404, 409, 422),
  },
})

export const acceptInvitationRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/invitations/{invitationId}/accept',
  operationId: 'acceptInvitation',
  tags: ['Members'],
  summary: 'The invitee accepts and becomes an active member',
  security: bearerSecurity,
  request: { headers: MutationHeaders, params: InvitationParams, query: MutationQuery },
  responses: { 200: json(DecisionSchema, 'Accepted'), ...problems(400, 401, 403, 404, 409, 422) },
})

export const removeMemberRoute = createRoute({
  method: 'delete',
  path: '/v1/orgs/{orgId}/members/{userId}',
  operationId: 'removeMember',
  tags: ['Members'],
  summary: 'Remove a member, or leave when the actor is the member; every role they hold goes with it',
  security: bearerSecurity,
  request: { headers: MutationHeaders, params: MemberParams, query: MutationQuery },
  responses: { 200: json(DecisionSchema, 'Removed'), ...problems(400, 401, 403, 404, 409) },
})

/** Registers member and invitation routes. */
export function registerMemberRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db, cache } = deps
  app.openapi(listMembersRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const { state } = await cache.get(orgId, consistencyOf(c))
    requireMemberReader(c, state)
    const { cursor, limit, search, status } = c.req.valid('query')
    const page = await listMembers(db, orgId, { after: cursor, limit, search, status })
    const members = page.members.map(({ lastActiveAt, ...m }) => ({
      ...m,
      lastActive: m.status === 'invited' ? 'Pending' : (lastActiveAt?.toISOString() ?? 'Never'),
    }))
    return c.json({ members, next: page.next }, 200)
  })

  app.openapi(inviteRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const { user, roles } = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const outcome = await mutate(
      deps,
      {
        orgId,
        actor,
        dryRun,
        ...writeOrigin(c),
        // The org's own profile of the invitee: another org's name or address for the same id is untouched.
        beforeApply: (trx) => upsertPerson(trx, orgId, user, { actor, requestId: c.get('requestId') }).then(() => {}),
      },
      async ({ trx, model, state }) => {
        const decision = decideInvite(model, state, { actor, invitee: user.id, roles: roles ?? [] })
        // Only this org's people are asked, and before writing, so a dry run answers alike. The org's unique
        // index still settles a race between two of its own invitations.
        if (decision.ok && decision.changed && user.email && (await isEmailTaken(trx, orgId, user.email, user.id))) {
          throw uniqueConflict('people_org_email_key')
        }
        return decision
      },
    )
    return c.json(await decided(c, db, orgId, outcome, dryRun), 201)
  })

  app.openapi(acceptInvitationRoute, async (c) => {
    const { orgId, invitationId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const outcome = await mutate(deps, { orgId, actor, dryRun, ...writeOrigin(c) }, async ({ trx, model, state }) => {
      const invitation = await trx
        .selectFrom('memberships')
        .select(['user_id', 'invited_by', 'invited_roles'])
        .where('org_id', '=', orgId)
        .where('invitation_id', '=', invitationId)
        .executeTakeFirst()
      if (!invitation)
        throw new ProblemError('NOT_FOUND', `There is no invitation ${invitationId} in this organization.`)
      if (invitation.user_id !== actor) {
        throw new ProblemError('NOT_AUTHORIZED', 'Only the invited person can accept this invitation.')
      }
      return decideAcceptInvitation(model, state, {
        actor,
        invitedBy: invitation.invited_by ?? actor,
        roles: invitation.invited_roles,
      })
    })
    return c.json(await decided(c, db, orgId, outcome, dryRun), 200)
  })

  app.openapi(removeMemberRoute, async (c) => {
    const { orgId, userId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const outcome = await mutate(deps, { orgId, actor, dryRun, ...writeOrigin(c) }, ({ model, state }) =>
      decideRemoveMember(model, state, { actor, target: userId }),
    )
    return c.json(await decided(c, db, orgId, outcome, dryRun), 200)
  })
}
