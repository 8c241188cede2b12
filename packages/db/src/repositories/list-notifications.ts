import type { Kysely } from 'kysely'
import type { Database, NotificationRow } from '../schema.js'
import { pageOf } from './page-of.js'

export interface NotificationQuery {
  recipient?: string | undefined
  /** The `next` of the previous page. */
  after?: number | undefined
  limit: number
}

export interface NotificationPage {
  notifications: NotificationRow[]
  next: number | null
}

/**
 * Notifications that went out (by e-mail or kept for listing), oldest first, paged by id.
 * @example const page = await listNotifications(db, 'acme', { recipient: 'ana', limit: 50 })
 */
export async function listNotifications(
  db: Kysely<Database>,
  orgId: string,
  query: NotificationQuery,
): Promise<NotificationPage> {
  let select = db
    .selectFrom('notifications')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', 'in', ['sent', 'stored'])
  if (query.recipient) select = select.where('recipient', '=', query.recipient)
  if (query.after !== undefined) select = select.where('id', '>', query.after)
  const rows = await select
    .orderBy('id')
    .limit(query.limit + 1)
    .execute()
  const { items: notifications, next } = pageOf(rows, query.limit, (last) => last.id)
  return { notifications, next }
}
