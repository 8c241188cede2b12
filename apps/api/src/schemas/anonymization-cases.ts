import { z } from '@hono/zod-openapi'
import { OrgParams, PageQuery } from './common.js'

export const CaseParams = OrgParams.extend({
  caseId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'caseId', in: 'path' }, example: 'c41f…' }),
})

export const CaseListQuery = PageQuery.extend({
  status: z.enum(['open', 'anonymized']).optional(),
})

export const AnonymizationCaseSchema = z
  .object({
    id: z.string(),
    subject: z.string().openapi({ description: 'The former member, by user id.' }),
    subjectName: z.string().openapi({ description: 'Their display name, or their pseudonym once anonymized.' }),
    status: z.enum(['open', 'anonymized']),
    approvals: z.array(z.string()).openapi({ description: 'Approvers, in the order they approved.' }),
    required: z.number().int().openapi({ description: 'Approvals the model requires (2: four-eyes).' }),
    reminderAt: z.string().nullable().openapi({ format: 'date-time' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    closedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('AnonymizationCase')

export const CaseListSchema = z
  .object({
    cases: z.array(AnonymizationCaseSchema),
    next: z.string().nullable().openapi({ description: 'The cursor of the next page; null after the last.' }),
  })
  .openapi('AnonymizationCaseList')

export const PersonLinksSchema = z
  .object({
    caseId: z.string(),
    subject: z.string(),
    groups: z.array(
      z.object({
        kind: z.string().openapi({ example: 'audit_events_as_actor' }),
        count: z.number().int(),
        items: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'At most 50, newest first.' }),
      }),
    ),
  })
  .openapi('PersonLinks')

export const ReminderSchema = z
  .object({
    at: z.iso
      .datetime({ offset: true })
      .openapi({ description: 'When to remind the approvers again; must lie in the future.' }),
  })
  .openapi('Reminder')
