import type { Kysely } from 'kysely'
import type { AuditEventRow, Database } from '../schema.js'
import { pageOf } from './page-of.js'

export interface AuditEventQuery {
  actor?: string | undefined
  subject?: string | undefined
  /** An effect kind, e.g. `role.granted`. */
  type?: string | undefined
  /** The cursor: the `next` of the previous page. */
  after?: number | undefined
  limit: number
}

export interface AuditEventPage {
  events: AuditEventRow[]
  /** Pass as `after` for the next (older) page; null on the last page. */
  next: number | null
}

/**
 * Lists an org's audit events NEWEST FIRST. The cursor is the id of the last event returned, so
 * pages stay stable while new events arrive (they only ever appear before page one).
 * @example const { events, next } = await listAuditEvents(db, orgId, { type: 'role.granted', limit: 50 })
 */
export async function listAuditEvents(
  trx: Kysely<Database>,
  orgId: string,
  query: AuditEventQuery,
): Promise<AuditEventPage> {
  let select = trx.selectFrom('audit_events').selectAll().where('org_id', '=', orgId)
  if (query.actor !== undefined) select = select.where('actor', '=', query.actor)
  if (query.subject !== undefined) select = select.where('subject', '=', query.subject)
  if (query.type !== undefined) select = select.where('type', '=', query.type)
  if (query.after !== undefined) select = select.where('id', '<', query.after)
  const rows = await select
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const { items: events, next } = pageOf(rows, query.limit, (last) => last.id)
  return { events, next }
}
