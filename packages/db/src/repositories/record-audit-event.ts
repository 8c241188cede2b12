import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { Database } from '../schema.js'

/** What an audit event of a change made outside the engine's effects says, apart from where, when and who. */
export interface AuditEventBody {
  /** Also the `kind` that leads the event's data, as the effects' events have it. */
  type: string
  subject?: string | null | undefined
  /** What else the event says, after its kind. */
  details?: Record<string, unknown> | undefined
}

export interface AuditEventInput extends AuditEventBody {
  orgId: string
  actor: string
  requestId?: string | null
  at?: Date
}

/** An audit event as `writeOrgChange` writes it: its org, time, actor and request id are the change's. */
export interface AuditEntry {
  type: string
  subject: string | null
  /** The event's data, as JSON text. */
  data: string
}

/**
 * The entry of an event made outside the engine's effects: its data is its kind, then its details.
 * @example auditEntry({ type: 'org.updated', details: { name: 'Acme' } })
 */
export const auditEntry = (event: AuditEventBody): AuditEntry => ({
  type: event.type,
  subject: event.subject ?? null,
  data: json({ kind: event.type, ...event.details }),
})

/**
 * Writes one audit event for a change made outside an org write (a profile refreshed along with an
 * invitation), in the caller's transaction so the event and the change commit together. Org writes
 * hand their events to `writeOrgChange` instead.
 * @example await recordAuditEvent(trx, { orgId, actor, type: 'person.updated', subject: 'bo', details: { changed } })
 */
export async function recordAuditEvent(trx: Kysely<Database>, event: AuditEventInput): Promise<void> {
  const entry = auditEntry(event)
  await trx
    .insertInto('audit_events')
    .values({
      org_id: event.orgId,
      at: event.at ?? new Date(),
      actor: event.actor,
      ...entry,
      request_id: event.requestId ?? null,
    })
    .execute()
}
