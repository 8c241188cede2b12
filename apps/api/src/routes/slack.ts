import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../app-env.js'
import { bearerSecurity, canAccessOrg, operatorOf, requireOrgAccess } from '../auth.js'
import { writeOrigin } from '../commands/mark-applied.js'
import { ProblemError, problems } from '../problem.js'
import { isTrue, json, MutationQuery, OperatorMutationHeaders, OrgParams } from '../schemas/common.js'
import { writeOrg } from '../write/write-org.js'
import type { RouteDeps } from './route-deps.js'

const TeamParams = z.object({
  teamId: z
    .string()
    .min(1)
    .max(50)
    .openapi({ param: { name: 'teamId', in: 'path' }, example: 'T0123ABCD' }),
})

const SlackOrgSchema = z
  .object({ orgId: z.string(), name: z.string(), slackTeamId: z.string() })
  .openapi('SlackOrg', { description: 'The organization linked to a Slack workspace.' })

const SlackUserSchema = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    slackUserId: z.string().nullable(),
  })
  .openapi('SlackUser', { description: 'A person of the org and their Slack user id, when it is known.' })

const ResolveSchema = z
  .object({
    slackUserId: z.string().min(1).max(50).optional().openapi({ example: 'U0123ABCD' }),
    email: z.email().max(320).optional().openapi({ description: "The Slack profile's e-mail (users.info)." }),
  })
  .refine((body) => body.slackUserId !== undefined || body.email !== undefined, {
    message: 'Give slackUserId, email or both.',
  })
  .openapi('SlackResolve')

const ResolvedSchema = SlackUserSchema.extend({
  linked: z.boolean().openapi({ description: 'True when this request stored the Slack user id.' }),
}).openapi('SlackResolved')

export const slackTeamRoute = createRoute({
  method: 'get',
  path: '/v1/slack/teams/{teamId}',
  operationId: 'getSlackTeam',
  tags: ['Slack'],
  summary: 'The organization linked to a Slack workspace',
  security: bearerSecurity,
  request: { params: TeamParams },
  responses: { 200: json(SlackOrgSchema, 'The linked organization'), ...problems(401, 404) },
})

export const resolveSlackUserRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/slack/users/resolve',
  operationId: 'resolveSlackUser',
  tags: ['Slack'],
  summary: 'Find a person of the org by Slack user id, else by e-mail, and store the Slack id when found by e-mail',
  security: bearerSecurity,
  request: {
    headers: OperatorMutationHeaders,
    params: OrgParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: ResolveSchema } }, required: true },
  },
  responses: { 200: json(ResolvedSchema, 'The person'), ...problems(400, 401, 404, 409) },
})

export const lookupSlackUsersRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/slack/users/lookup',
  operationId: 'lookupSlackUsers',
  tags: ['Slack'],
  summary: 'People of the org by user id, with their Slack user ids (unknown ids are left out)',
  security: bearerSecurity,
  request: {
    params: OrgParams,
    body: {
      content: {
        'application/json': {
          schema: z.object({ userIds: z.array(z.string().min(1).max(200)).min(1).max(200) }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(z.object({ users: z.array(SlackUserSchema) }), 'The people found'),
    ...problems(400, 401, 404),
  },
})

/** The org's people (members and invitees, not former members) with the profiles the org keeps of them. */
const people = (db: Kysely<Database>, orgId: string) =>
  db
    .selectFrom('people')
    .innerJoin('memberships', (join) =>
      join.onRef('memberships.org_id', '=', 'people.org_id').onRef('memberships.user_id', '=', 'people.user_id'),
    )
    .where('people.org_id', '=', orgId)
    .where('memberships.status', '!=', 'terminated')
    .where('people.anonymized_at', 'is', null)
    .select(['people.user_id', 'people.display_name', 'people.slack_user_id', 'people.email'])

const slackUser = (row: { user_id: string; display_name: string; slack_user_id: string | null }) => ({
  userId: row.user_id,
  displayName: row.display_name,
  slackUserId: row.slack_user_id,
})

/** Registers the lookups the Slack bot needs to map workspaces and Slack users to Rolecall. */
export function registerSlackRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db } = deps

  app.openapi(slackTeamRoute, async (c) => {
    const { teamId } = c.req.valid('param')
    const org = await db
      .selectFrom('orgs')
      .select(['id', 'name', 'slack_team_id'])
      .where('slack_team_id', '=', teamId)
      .executeTakeFirst()
    // A key limited to other orgs hears the same as for an unlinked team, so it cannot probe links.
    if (!org || !canAccessOrg(c.get('principal'), org.id)) {
      throw new ProblemError('NOT_FOUND', `No organization is linked to the Slack workspace ${teamId}.`)
    }
    return c.json({ orgId: org.id, name: org.name, slackTeamId: teamId }, 200)
  })

  app.openapi(resolveSlackUserRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const { slackUserId, email } = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const bySlack =
      slackUserId === undefined
        ? undefined
        : await people(db, orgId).where('people.slack_user_id', '=', slackUserId).executeTakeFirst()
    // Found by e-mail, the person may get the Slack id linked: an org write (outside what its version covers).
    const byEmail = async (email: string) => {
      const input = { orgId, actor: operatorOf(c), versioned: false, ...writeOrigin(c) }
      const written = await writeOrg(deps, input, async ({ trx }) => {
        // E-mail addresses compare case-insensitively in practice, whatever RFC 5321 allows.
        const person = await people(trx, orgId)
          .where((eb) => eb(eb.fn('lower', ['people.email']), '=', email.toLowerCase()))
          .forUpdate()
          .executeTakeFirst()
        if (!person) return { answer: undefined }
        if (slackUserId === undefined || person.slack_user_id === slackUserId) {
          return { answer: { ...slackUser(person), linked: false } }
        }
        const answer = { ...slackUser({ ...person, slack_user_id: slackUserId }), linked: true }
        if (dryRun) return { answer }
        await trx
          .updateTable('people')
          .set({ slack_user_id: slackUserId, updated_at: new Date() })
          .where('org_id', '=', orgId)
          .where('user_id', '=', person.user_id)
          .execute()
        const event = { type: 'user.slack_linked', subject: person.user_id, details: { slackUserId } }
        return { answer, change: { audit: [event], subject: person.user_id } }
      })
      return written.found ? written.answer : undefined
    }
    const found = bySlack
      ? { ...slackUser(bySlack), linked: false }
      : email === undefined
        ? undefined
        : await byEmail(email)
    if (!found) {
      const by = [slackUserId && `Slack user ${slackUserId}`, email && `e-mail ${email}`].filter(Boolean).join(' or ')
      throw new ProblemError('NOT_FOUND', `No person of ${orgId} matches ${by}.`)
    }
    return c.json(found, 200)
  })

  app.openapi(lookupSlackUsersRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const { userIds } = c.req.valid('json')
    const rows = await people(db, orgId).where('people.user_id', 'in', userIds).execute()
    return c.json({ users: rows.map(slackUser) }, 200)
  })
}
