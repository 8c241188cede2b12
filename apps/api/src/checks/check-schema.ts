import { z } from '@hono/zod-openapi'

export const MAX_BATCH_CHECKS = 100

/** One permission check: may `principal` do `action` (in `context`) now? */
export const CheckSchema = z
  .object({
    principal: z.string().min(1).max(200).openapi({ description: 'Who would act.', example: 'usr_bo' }),
    action: z.string().min(1).max(100).openapi({ example: 'licenses.purchase' }),
    context: z.string().min(1).max(200).optional().openapi({ example: 'teamroom:42' }),
  })
  .openapi('Check')

export type Check = z.output<typeof CheckSchema>

/** Up to MAX_BATCH_CHECKS checks against one state. */
export const BatchSchema = z.object({ checks: z.array(CheckSchema).min(1).max(MAX_BATCH_CHECKS) })

export const AnswerSchema = z
  .object({
    allowed: z.boolean(),
    code: z.string().optional().openapi({ description: 'The denial code when not allowed.' }),
    detail: z.string().optional().openapi({ description: 'Why not, and who could.' }),
    allowedRoles: z.array(z.string()).optional(),
    contact: z.string().optional(),
  })
  .openapi('CheckAnswer')

export const BatchAnswerSchema = z.object({ results: z.array(AnswerSchema) })
