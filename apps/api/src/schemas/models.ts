import { z } from '@hono/zod-openapi'

const ModelProblemSchema = z
  .object({
    code: z.string().openapi({ example: 'UNKNOWN_ROLE_REFERENCE' }),
    severity: z.enum(['error', 'warning']),
    path: z.string().openapi({ description: 'Where in the model', example: 'roles.2.grantedBy.0' }),
    params: z.record(z.string(), z.unknown()),
    message: z.string(),
  })
  .openapi('ModelProblem')

export const ModelValidationSchema = z
  .object({
    ok: z.boolean().openapi({ description: 'True when the model has no errors; warnings never block it.' }),
    errors: z.array(ModelProblemSchema),
    warnings: z.array(ModelProblemSchema),
  })
  .openapi('ModelValidation')

export const ModelInputSchema = z
  .record(z.string(), z.unknown())
  .openapi('RoleModelInput', { description: 'A role model as data; every problem is reported, none thrown.' })

export const SwitchModelSchema = z
  .object({
    model: z.string().min(1).max(50).openapi({ description: 'A preset id, or `custom` with `customModel`.' }),
    customModel: z.unknown().optional().openapi({ description: 'A role model (see POST /v1/models/validate).' }),
  })
  .openapi('SwitchModel')

export const ModelSwitchSchema = z
  .object({
    ok: z.literal(true),
    changed: z.boolean().openapi({ description: 'False when the org already runs on exactly this model.' }),
    dryRun: z.boolean(),
    from: z.string().openapi({ description: 'The model the org ran on: a preset id or `custom`.' }),
    to: z.string(),
    consistency: z.number().int(),
  })
  .openapi('ModelSwitch')
