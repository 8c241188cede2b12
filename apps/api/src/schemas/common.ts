import { z } from '@hono/zod-openapi'
import { ActorHeadersSchema } from '../auth.js'

const id = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name, in: 'path' }, example })

export const OrgParams = z.object({ orgId: id('orgId', 'acme') })
export const HolderParams = OrgParams.extend({
  role: id('role', 'admin'),
  principalId: id('principalId', 'usr_bo'),
})
export const TransferParams = OrgParams.extend({ transferId: id('transferId', 'a2c1…') })
export const MemberParams = OrgParams.extend({ userId: id('userId', 'usr_bo') })
export const InvitationParams = OrgParams.extend({ invitationId: id('invitationId', 'b7e0…') })

const flag = (description: string) => z.enum(['true', 'false']).optional().openapi({ description, example: 'true' })

/** Options every mutation takes. */
export const MutationQuery = z.object({
  dryRun: flag('Decide and answer exactly as the real request would, but write nothing.'),
  consistency: z.string().regex(/^\d+$/).optional().openapi({ description: 'Ignored on writes; see reads.' }),
})

/** Options of a role change: a context for scoped roles, and the confirm step some roles ask for. */
export const RoleChangeQuery = MutationQuery.extend({
  context: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'A context such as `teamroom:42`, for scoped roles.' }),
  confirm: flag('The explicit confirmation some roles need (multi-owner ownership).'),
})

/** Options of a read: answer from state at least as new as a consistency token. */
export const ReadQuery = z.object({
  consistency: z
    .string()
    .regex(/^\d+$/)
    .optional()
    .openapi({ description: 'A `consistency` value from a write: the answer reflects that write or later ones.' }),
})

export const PageQuery = ReadQuery.extend({
  cursor: z.string().min(1).optional().openapi({ description: 'The `next` value of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
})

export const UserInputSchema = z
  .object({
    id: z.string().min(1).max(200).openapi({ example: 'usr_bo' }),
    displayName: z.string().min(1).max(200).openapi({ example: 'Bo Berg' }),
    email: z.email().max(320).optional(),
    slackUserId: z.string().min(1).max(50).optional(),
  })
  .openapi('UserInput')

export const isTrue = (flagValue: 'true' | 'false' | undefined) => flagValue === 'true'

/** An `application/json` response for a route definition. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'A unique key per logical request: a retry with the same key gets the first response (kept 24 hours).',
    }),
})

/** Headers of a mutation by a user: who acts, and an optional idempotency key. */
export const MutationHeaders = ActorHeadersSchema.extend(IdempotencyHeaders.shape)
/** Headers of an operator's mutation (admin or service key, no acting user). */
export const OperatorMutationHeaders = IdempotencyHeaders
