import { randomUUID } from 'node:crypto'
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { DEFAULT_PRESET, explain, PRESETS, type RoleModel, validateModel } from '@rolecall/core'
import { createOrg, type Database, getOrg, type OrgRow } from '@rolecall/db'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../app-env.js'
import { bearerSecurity, orgNotFound, requireActor, requireAdmin, requireOrgAccess } from '../auth.js'
import { CONSISTENCY_HEADER } from '../commands/decided.js'
import { markApplied, writeOrigin } from '../commands/mark-applied.js'
import { modelOf } from '../org-model.js'
import { ProblemError, problems, uniqueConflict } from '../problem.js'
import {
  isTrue,
  json,
  MutationHeaders,
  MutationQuery,
  OperatorMutationHeaders,
  OrgParams,
  ReadQuery,
  UserInputSchema,
} from '../schemas/common.js'
import { writeOrg } from '../write/write-org.js'
import type { RouteDeps } from './route-deps.js'

const Features = z.record(z.string().min(1).max(50), z.boolean()).openapi({ example: { licensing: true } })
const Quotas = z
  .record(z.string().min(1).max(50), z.number().int().min(0))
  .openapi({ example: { maxTeams: 10, maxFolders: 50 } })

const OrgSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    model: z.string().openapi({ description: 'A preset id, or `custom`.' }),
    features: z.record(z.string(), z.boolean()),
    quotas: z.record(z.string(), z.number()),
    usage: z.record(z.string(), z.number()),
    slackTeamId: z.string().nullable(),
    backgroundPrincipal: z.string().openapi({ description: 'The name background jobs act under.' }),
    consistency: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Org')

const CreateOrgSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/)
      .optional()
      .openapi({ description: 'Minted when absent.', example: 'acme' }),
    name: z.string().min(1).max(200).openapi({ example: 'Acme' }),
    model: z
      .string()
      .min(1)
      .max(50)
      .default(DEFAULT_PRESET)
      .openapi({ description: 'A preset id, or `custom` with `customModel`.' }),
    customModel: z.unknown().optional().openapi({ description: 'A role model (see POST /v1/models/validate).' }),
    founder: UserInputSchema.openapi({ description: "The org's first member; receives the model's founder roles." }),
    features: Features.default({}),
    quotas: Quotas.default({}),
    slackTeamId: z.string().min(1).max(50).optional(),
  })
  .openapi('CreateOrg')

const UpdateOrgSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    features: Features.optional(),
    quotas: Quotas.optional(),
    slackTeamId: z.string().min(1).max(50).nullable().optional(),
  })
  .openapi('UpdateOrg')

const ModelSchema = z.record(z.string(), z.unknown()).openapi('RoleModel', { description: 'A role model, as data.' })

export const createOrgRoute = createRoute({
  method: 'post',
  path: '/v1/orgs',
  operationId: 'createOrg',
  tags: ['Organizations'],
  summary: 'Create an organization (admin key)',
  security: bearerSecurity,
  request: {
    headers: OperatorMutationHeaders,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: CreateOrgSchema } }, required: true },
  },
  responses: {
    201: json(OrgSchema, 'Created, or what would be created (dry run: an id minted but not kept, consistency 0)'),
    ...problems(400, 401, 403, 409),
  },
})

export const getOrgRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}',
  operationId: 'getOrg',
  tags: ['Organizations'],
  summary: 'Read an organization',
  security: bearerSecurity,
  request: { params: OrgParams, query: ReadQuery },
  responses: { 200: json(OrgSchema, 'The organization'), ...problems(401, 404) },
})

export const updateOrgRoute = createRoute({
  method: 'patch',
  path: '/v1/orgs/{orgId}',
  operationId: 'updateOrg',
  tags: ['Organizations'],
  summary: 'Change name, features, quotas or the linked Slack team',
  security: bearerSecurity,
  request: {
    headers: MutationHeaders,
    params: OrgParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: UpdateOrgSchema } }, required: true },
  },
  responses: {
    200: json(OrgSchema, 'Updated, or what the org would become (dry run, at its current consistency)'),
    ...problems(400, 401, 403, 404, 409),
  },
})

export const listModelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  operationId: 'listModels',
  tags: ['Models'],
  summary: 'The built-in role models (presets)',
  security: bearerSecurity,
  responses: {
    200: json(z.object({ default: z.string(), models: z.array(ModelSchema) }), 'Presets'),
    ...problems(401),
  },
})

export const orgModelRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/model',
  operationId: 'getOrgModel',
  tags: ['Models'],
  summary: "The organization's role model",
  security: bearerSecurity,
  request: { params: OrgParams },
  responses: { 200: json(ModelSchema, 'The model'), ...problems(401, 404) },
})

type OrgFields = Pick<
  OrgRow,
  'id' | 'name' | 'model_id' | 'features' | 'quotas' | 'usage' | 'slack_team_id' | 'version' | 'created_at'
>

const orgBody = (org: OrgFields) => ({
  id: org.id,
  name: org.name,
  model: org.model_id,
  features: org.features,
  quotas: org.quotas,
  usage: org.usage,
  slackTeamId: org.slack_team_id,
  backgroundPrincipal: `Background Tasks "${org.name}"`,
  consistency: org.version,
  createdAt: org.created_at.toISOString(),
})

type UpdateOrg = z.infer<typeof UpdateOrgSchema>

/** The org as `patch` leaves it: features and quotas merge into what it has, the rest is replaced when given. */
const patched = (org: OrgRow, patch: UpdateOrg): OrgRow => ({
  ...org,
  name: patch.name ?? org.name,
  features: { ...org.features, ...patch.features },
  quotas: { ...org.quotas, ...patch.quotas },
  slack_team_id: patch.slackTeamId === undefined ? org.slack_team_id : patch.slackTeamId,
})

/**
 * Refuses, as the unique indexes would, an org id or Slack team another org (not `except`) has: a dry
 * run's stand-in for the indexes, and the real write's way to refuse before writing. A founder's e-mail
 * clashes with nothing: a new org has no other person yet. The answers are the ones `onError` gives when an index refuses a race's loser.
 */
async function refuseClashes(
  db: Kysely<Database>,
  by: {
    id?: string | undefined
    slackTeamId?: string | null | undefined
  },
  except?: string,
): Promise<void> {
  if (by.id || by.slackTeamId) {
    const clash = await db
      .selectFrom('orgs')
      .select(['id', 'slack_team_id'])
      .where((eb) =>
        eb.or([
          ...(by.id ? [eb('id', '=', by.id)] : []),
          ...(by.slackTeamId ? [eb('slack_team_id', '=', by.slackTeamId)] : []),
        ]),
      )
      .$if(except !== undefined, (qb) => qb.where('id', '!=', except ?? ''))
      .executeTakeFirst()
    if (clash) throw uniqueConflict(clash.id === by.id ? 'orgs_pkey' : 'orgs_slack_team_id_key')
  }
}

/** The model a request names: a preset by id, or a custom model, validated (VALIDATION_FAILED listing every error). */
export function chooseModel(model: string, custom: unknown): RoleModel {
  if (model === 'custom') {
    const result = validateModel(custom)
    if (result.ok) return result.model
    throw new ProblemError('VALIDATION_FAILED', 'The custom model is not valid; see errors.', {
      errors: result.errors.map((e) => ({ path: `body.customModel.${e.path}`, message: explain(e) })),
    })
  }
  // Own keys only: `toString` or `__proto__` name no preset, though every object answers to them.
  const preset = Object.hasOwn(PRESETS, model) ? PRESETS[model] : undefined
  if (!preset) {
    throw new ProblemError('VALIDATION_FAILED', `There is no preset "${model}".`, {
      errors: [{ path: 'body.model', message: `One of: ${Object.keys(PRESETS).join(', ')}, custom` }],
    })
  }
  return preset
}

/** Registers organizations and models. */
export function registerOrgRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db } = deps
  app.openapi(createOrgRoute, async (c) => {
    requireAdmin(c)
    const body = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const model = chooseModel(body.model, body.customModel)
    await refuseClashes(db, { id: body.id, slackTeamId: body.slackTeamId })
    if (dryRun) {
      // Nothing exists yet, so the org's consistency is 0; a minted id is only an example of one.
      const org = {
        id: body.id ?? randomUUID(),
        name: body.name,
        model_id: body.model,
        features: body.features,
        quotas: body.quotas,
        usage: {},
        slack_team_id: body.slackTeamId ?? null,
        version: 0,
        created_at: new Date(),
      }
      c.header(CONSISTENCY_HEADER, String(org.version))
      return c.json(orgBody(org), 201)
    }
    // A request racing this one past the checks above meets the unique indexes, and onError answers alike.
    const org = await db.transaction().execute(async (trx) => {
      const { org } = await createOrg(trx, {
        ...(body.id ? { id: body.id } : {}),
        name: body.name,
        modelId: body.model,
        ...(body.model === 'custom' ? { customModel: model } : {}),
        features: body.features,
        quotas: body.quotas,
        founder: body.founder.id,
        // A new org's own profile of its founder: whatever another org knows of the same id stays there.
        founderProfile: body.founder,
        founderRoles: model.founderRoles,
        slackTeamId: body.slackTeamId ?? null,
      })
      await markApplied(trx, c.get('idempotencyClaim'), { version: org.version, subject: org.id })
      return org
    })
    c.header(CONSISTENCY_HEADER, String(org.version))
    return c.json(orgBody(org), 201)
  })

  app.openapi(getOrgRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const org = await getOrg(db, orgId)
    if (!org) throw orgNotFound(orgId)
    return c.json(orgBody(org), 200)
  })

  app.openapi(updateOrgRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const patch = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const written = await writeOrg(deps, { orgId, actor, ...writeOrigin(c) }, async ({ trx, org }) => {
      const next = patched(org, patch)
      if (dryRun) {
        await refuseClashes(trx, { slackTeamId: patch.slackTeamId }, orgId)
        return { answer: next }
      }
      // A Slack team another org has is refused by its unique index, which onError answers.
      const updated = await trx
        .updateTable('orgs')
        .set({
          name: next.name,
          features: JSON.stringify(next.features),
          quotas: JSON.stringify(next.quotas),
          slack_team_id: next.slack_team_id,
        })
        .where('id', '=', orgId)
        .returningAll()
        .executeTakeFirstOrThrow()
      return { answer: updated, change: { audit: [{ type: 'org.updated', details: patch }] } }
    })
    if (!written.found) throw orgNotFound(orgId)
    return c.json(orgBody({ ...written.answer, version: written.version }), 200)
  })

  app.openapi(listModelsRoute, (c) =>
    c.json({ default: DEFAULT_PRESET, models: Object.values(PRESETS) as unknown as Record<string, unknown>[] }, 200),
  )

  app.openapi(orgModelRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const org = await getOrg(db, orgId)
    if (!org) throw orgNotFound(orgId)
    return c.json(modelOf(org) as unknown as Record<string, unknown>, 200)
  })
}
