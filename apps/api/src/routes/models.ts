import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { explain, findModelViolations, MODEL_VIOLATION_CODES, type ModelProblem, validateModel } from '@rolecall/core'
import type { AppEnv } from '../app-env.js'
import { bearerSecurity, orgNotFound, requireActor, requireOrgAccess } from '../auth.js'
import { writeOrigin } from '../commands/mark-applied.js'
import { modelOf } from '../org-model.js'
import { ProblemError, problems } from '../problem.js'
import { isTrue, json, MutationHeaders, MutationQuery, OrgParams } from '../schemas/common.js'
import { ModelInputSchema, ModelSwitchSchema, ModelValidationSchema, SwitchModelSchema } from '../schemas/models.js'
import { writeOrg } from '../write/write-org.js'
import { chooseModel } from './orgs.js'
import type { RouteDeps } from './route-deps.js'

export const validateModelRoute = createRoute({
  method: 'post',
  path: '/v1/models/validate',
  operationId: 'validateModel',
  tags: ['Models'],
  summary: 'Check a custom role model: every error and warning at once',
  security: bearerSecurity,
  request: { body: { content: { 'application/json': { schema: ModelInputSchema } }, required: true } },
  responses: { 200: json(ModelValidationSchema, 'The validation, valid or not'), ...problems(400, 401) },
})

export const switchModelRoute = createRoute({
  method: 'put',
  path: '/v1/orgs/{orgId}/model',
  operationId: 'switchOrgModel',
  tags: ['Models'],
  summary: "Switch the org's role model; refused while its current holders would break the new one",
  security: bearerSecurity,
  request: {
    headers: MutationHeaders,
    params: OrgParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: SwitchModelSchema } }, required: true },
  },
  responses: {
    200: json(ModelSwitchSchema, 'Switched, or what a switch would do (dry run)'),
    ...problems(400, 401, 403, 404, 409),
  },
})

const withMessage = (p: ModelProblem) => ({ ...p, message: explain(p) })

/** Registers model validation and switching an org's model (the model listings live with the orgs). */
export function registerModelRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  app.openapi(validateModelRoute, (c) => {
    const result = validateModel(c.req.valid('json'))
    return c.json(
      { ok: result.ok, errors: result.errors.map(withMessage), warnings: result.warnings.map(withMessage) },
      200,
    )
  })

  app.openapi(switchModelRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const actor = requireActor(c)
    const body = c.req.valid('json')
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const model = chooseModel(body.model, body.customModel)
    const customModel = body.model === 'custom' ? JSON.stringify(model) : null

    // Under the org's lock like every write, so no grant slips in between the check and the switch.
    const written = await writeOrg(deps, { orgId, actor, ...writeOrigin(c) }, async ({ trx, org, view }) => {
      const violations = findModelViolations(model, (await view()).state)
      if (violations.length > 0) {
        const kinds = [...new Set(violations.map((v) => MODEL_VIOLATION_CODES[v.code]))].join('; ')
        throw new ProblemError(
          'CONFLICT',
          `The organization's current role holders do not fit this model (${kinds}); change them first. See violations.`,
          { violations },
        )
      }
      const current = org.model_id === 'custom' ? JSON.stringify(modelOf(org)) : null
      const answer = { changed: org.model_id !== body.model || current !== customModel, from: org.model_id }
      if (!answer.changed || dryRun) return { answer }
      // The cached state was decided under the old model: the write makes readers load the new one.
      await trx
        .updateTable('orgs')
        .set({ model_id: body.model, custom_model: customModel })
        .where('id', '=', orgId)
        .execute()
      const details = { from: org.model_id, to: body.model, modelId: model.id, modelVersion: model.version }
      return { answer, change: { audit: [{ type: 'org.model_changed', details }] } }
    })
    if (!written.found) throw orgNotFound(orgId)
    const { changed, from } = written.answer
    return c.json({ ok: true as const, changed, dryRun, from, to: body.model, consistency: written.version }, 200)
  })
}
