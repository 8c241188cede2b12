import { z } from '@hono/zod-openapi'
import { OrgParams } from './common.js'

export const CONTEXT_KINDS = ['workspace', 'teamroom', 'team', 'folder', 'app'] as const

export const ContextParams = OrgParams.extend({
  contextId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'contextId', in: 'path' }, example: 'workspace:sales' }),
})

export const PutContextSchema = z
  .object({
    kind: z.enum(CONTEXT_KINDS),
    name: z.string().min(1).max(200).openapi({ example: 'Sales' }),
  })
  .openapi('PutContext')

export const ContextSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CONTEXT_KINDS),
    name: z.string(),
    access: z.boolean().openapi({ description: 'Whether the actor is assigned to it (an overview may show more).' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Context')

const contextList = z.array(z.string().min(1).max(200)).max(200)

export const AssignContextsSchema = z
  .object({
    add: contextList.optional().openapi({ example: ['workspace:sales'] }),
    remove: contextList.optional(),
  })
  .openapi('AssignContexts', { description: 'The model may limit how many one request changes (org-admin: 10).' })
