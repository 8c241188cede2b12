import { z } from '@hono/zod-openapi'
import { warningCodes } from '@rolecall/core'

export const EffectSchema = z
  .looseObject({
    kind: z.string().openapi({ example: 'role.granted' }),
  })
  .openapi('Effect', { description: 'One change the decision made, in order; `kind` tells which fields follow.' })

export const WarningSchema = z
  .object({
    code: z.enum(warningCodes as [string, ...string[]]),
    message: z.string(),
    params: z.record(z.string(), z.unknown()),
  })
  .openapi('Warning')

/** What every successful mutation answers: the engine's decision plus the consistency token. */
export const DecisionSchema = z
  .object({
    ok: z.literal(true),
    changed: z.boolean().openapi({ description: 'False when nothing needed to change (e.g. a role already held).' }),
    dryRun: z.boolean(),
    effects: z.array(EffectSchema),
    warnings: z.array(WarningSchema),
    consistency: z
      .number()
      .int()
      .openapi({ description: "The org's version after this write; pass it to reads as `?consistency=`." }),
    transferId: z.string().optional(),
    caseId: z.string().optional(),
    invitationId: z.string().optional(),
  })
  .openapi('Decision')

export type DecisionBody = z.infer<typeof DecisionSchema>
