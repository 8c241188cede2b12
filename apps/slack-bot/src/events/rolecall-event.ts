import { z } from 'zod'

/**
 * An event as the API's webhooks deliver it (ids only, never names or e-mail addresses). Only what the
 * bot reads is checked, and loosely: a new field or type must not turn deliveries into errors.
 */
export const RolecallEventSchema = z.object({
  type: z.string(),
  timestamp: z.string(),
  data: z.looseObject({
    eventId: z.string().optional(),
    orgId: z.string(),
    actor: z.string().optional(),
    subject: z.string().nullable().optional(),
    recipients: z.array(z.string()).default([]),
    caseId: z.string().nullable().optional(),
    // A count in the API's events; a list of approvers would do as well.
    approvals: z.union([z.number(), z.array(z.string())]).optional(),
    required: z.number().optional(),
    reminderAt: z.string().nullable().optional(),
    transferId: z.string().nullable().optional(),
    role: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
})

export type RolecallEvent = z.infer<typeof RolecallEventSchema>
