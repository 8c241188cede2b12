import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { canOperate, isSupportPrincipal } from '@rolecall/core'
import {
  type Database,
  findPersonForUpdate,
  isEmailTaken,
  type PersonRow,
  personUpdated,
  writePerson,
} from '@rolecall/db'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../app-env.js'
import { ActorHeadersSchema, bearerSecurity, orgNotFound, requireActor, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { denialProblem } from '../commands/decided.js'
import { writeOrigin } from '../commands/mark-applied.js'
import type { OrgView } from '../commands/read-org.js'
import { localeOf } from '../locale.js'
import { ProblemError, problems, uniqueConflict } from '../problem.js'
import { isTrue, json, MemberParams, MutationHeaders, MutationQuery } from '../schemas/common.js'
import { writeOrg } from '../write/write-org.js'
import { requireMemberReader } from './member-reader.js'
import type { RouteDeps } from './route-deps.js'

const PersonSchema = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    slackUserId: z.string().nullable(),
    anonymized: z.boolean().openapi({ description: 'True once the org anonymized the person: a pseudonym remains.' }),
  })
  .openapi('Person', {
    description:
      'What one organization keeps of a person. Each org has its own profile of a user id: no other org reads or changes it.',
  })

const PersonPatchSchema = z
  .object({
    displayName: z.string().min(1).max(200).optional().openapi({ example: 'Bo Berg' }),
    email: z.email().max(320).nullable().optional().openapi({ description: '`null` removes the address.' }),
  })
  .refine((patch) => patch.displayName !== undefined || patch.email !== undefined, {
    message: 'Give displayName, email or both.',
  })
  .openapi('PersonPatch')

const PersonChangeSchema = PersonSchema.extend({
  changed: z
    .array(z.enum(['displayName', 'email']))
    .openapi({ description: 'The fields this request changed; empty when the profile already said so.' }),
}).openapi('PersonChange')

export const getPersonRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/people/{userId}',
  operationId: 'getPerson',
  tags: ['Members'],
  summary: "The org's profile of a person: name, e-mail and Slack id as this org has them",
  security: bearerSecurity,
  request: { headers: ActorHeadersSchema, params: MemberParams },
  responses: { 200: json(PersonSchema, 'The profile'), ...problems(400, 401, 403, 404) },
})

export const updatePersonRoute = createRoute({
  method: 'patch',
  path: '/v1/orgs/{orgId}/people/{userId}',
  operationId: 'updatePerson',
  tags: ['Members'],
  summary: "Change the org's profile of a person (the person themself, or whoever may invite)",
  description:
    'Changes only what this org keeps of the person; other orgs keep their own. A changed name or e-mail is audited as ' +
    '`person.updated`, naming the fields but not their values.',
  security: bearerSecurity,
  request: {
    headers: MutationHeaders,
    params: MemberParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: PersonPatchSchema } }, required: true },
  },
  responses: { 200: json(PersonChangeSchema, 'The profile after the change'), ...problems(400, 401, 403, 404, 409) },
})

const personBody = (row: PersonRow) => ({
  userId: row.user_id,
  displayName: row.display_name,
  email: row.email,
  slackUserId: row.slack_user_id,
  anonymized: row.anonymized_at !== null,
})

const personNotFound = (userId: string) =>
  new ProblemError('NOT_FOUND', `This organization has no profile of ${userId}.`)

/** Registers the org's own profiles of people. */
export function registerPeopleRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db, cache } = deps

  app.openapi(getPersonRoute, async (c) => {
    const { orgId, userId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    requireMemberReader(c, (await cache.get(orgId, consistencyOf(c))).state)
    const row = await db
      .selectFrom('people')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    if (!row) throw personNotFound(userId)
    return c.json(personBody(row), 200)
  })

  app.openapi(updatePersonRoute, async (c) => {
    const { orgId, userId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const patch = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    // A profile is not part of the state the org's version covers: no new version, nothing to re-cache.
    const input = { orgId, actor, versioned: false, ...writeOrigin(c) }
    const written = await writeOrg(deps, input, async ({ trx, view }) => {
      await requireProfileEditor(c, trx, actor, userId, await view())
      const before = await findPersonForUpdate(trx, orgId, userId)
      if (!before) throw personNotFound(userId)
      if (before.anonymized_at) {
        throw new ProblemError(
          'CONFLICT',
          `${before.display_name} was anonymized in this organization; the profile cannot change.`,
        )
      }
      if (patch.email && (await isEmailTaken(trx, orgId, patch.email, userId))) {
        throw uniqueConflict('people_org_email_key')
      }
      const profile = {
        id: userId,
        displayName: patch.displayName ?? before.display_name,
        ...(patch.email !== undefined ? { email: patch.email } : {}),
      }
      if (dryRun) {
        const after = {
          ...before,
          display_name: profile.displayName,
          email: profile.email === undefined ? before.email : profile.email,
        }
        return { answer: { person: after, changed: changedFields(before, after) } }
      }
      const { person, changed } = await writePerson(trx, orgId, profile)
      const event = personUpdated(userId, changed)
      const answer = { person, changed: changed.filter((f) => f !== 'slackUserId') }
      return { answer, change: { audit: event ? [event] : [], subject: userId } }
    })
    if (!written.found) throw orgNotFound(orgId)
    return c.json({ ...personBody(written.answer.person), changed: written.answer.changed }, 200)
  })
}

const changedFields = (before: PersonRow, after: PersonRow): ('displayName' | 'email')[] => [
  ...(before.display_name !== after.display_name ? (['displayName'] as const) : []),
  ...(before.email !== after.email ? (['email'] as const) : []),
]

/**
 * A person keeps their own profile; anyone else needs the right to invite, since inviting sets the
 * same profile. Support principals act through support keys, as for every other member change.
 */
async function requireProfileEditor(
  c: Context<AppEnv>,
  trx: Kysely<Database>,
  actor: string,
  userId: string,
  view: OrgView,
): Promise<void> {
  if (actor === userId || isSupportPrincipal(actor)) return
  const { model, state } = view
  const permitted = canOperate(model, state, actor, model.operations.invite)
  if (!permitted.ok) throw await denialProblem(trx, view.org.id, permitted, model, localeOf(c))
}
