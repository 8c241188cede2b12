import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { Database } from '../schema.js'

export interface AuditEventInput {
  orgId: string
  actor: string
  /** Also the `kind` that leads the event's data, as the effects' events have it. */
  type: string
  subject?: string | null
  /** What else the event says, after its kind. */
  details?: Record<string, unknown>
  requestId?: string | null
  at?: Date
}

/**
 * Writes one audit event for a change made outside the engine's effects (an org's settings, its model,
 * a context, a Slack link), in the caller's transaction so the event and the change commit together.
 * @example await recordAuditEvent(trx, { orgId, actor, type: 'org.updated', details: patch, requestId })
 */
export async function recordAuditEvent(trx: Kysely<Database>, event: AuditEventInput): Promise<void> {
  await trx
    .insertInto('audit_events')
    .values({
      org_id: event.orgId,
      at: event.at ?? new Date(),
      actor: event.actor,
      type: event.type,
      subject: event.subject ?? null,
      data: json({ kind: event.type, ...event.details }),
      request_id: event.requestId ?? null,
    })
    .execute()
}
