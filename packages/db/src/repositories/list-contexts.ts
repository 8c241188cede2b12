import type { Kysely } from 'kysely'
import type { ContextKind, Database } from '../schema.js'
import { pageOf } from './page-of.js'

export interface ContextListItem {
  id: string
  kind: ContextKind
  name: string
  createdAt: Date
  /** Whether `principal` is assigned to it (has access), when the listing was asked for someone. */
  assigned: boolean
}

export interface ContextQuery {
  /** Whose assignments `assigned` reports. */
  principal: string
  /** Only the contexts `principal` is assigned to; otherwise every context of the org. */
  assignedOnly: boolean
  /** The cursor: the `next` of the previous page (a context id). */
  after?: string | undefined
  limit: number
}

export interface ContextPage {
  contexts: ContextListItem[]
  next: string | null
}

/**
 * An org's registered contexts (workspaces, teamrooms, teams, folders, apps) by id, marking the ones a
 * principal is assigned to. The cursor is the last id returned.
 * @example const mine = await listContexts(db, 'acme', { principal: 'bo', assignedOnly: true, limit: 50 })
 */
export async function listContexts(trx: Kysely<Database>, orgId: string, query: ContextQuery): Promise<ContextPage> {
  let select = trx
    .selectFrom('contexts as c')
    .leftJoin('context_assignments as a', (join) =>
      join
        .onRef('a.org_id', '=', 'c.org_id')
        .onRef('a.context', '=', 'c.id')
        .on('a.principal_id', '=', query.principal),
    )
    .select(['c.id', 'c.kind', 'c.name', 'c.created_at', 'a.principal_id'])
    .where('c.org_id', '=', orgId)
  if (query.assignedOnly) select = select.where('a.principal_id', 'is not', null)
  if (query.after !== undefined) select = select.where('c.id', '>', query.after)
  const rows = await select
    .orderBy('c.id')
    .limit(query.limit + 1)
    .execute()
  const { items: page, next } = pageOf(rows, query.limit, (last) => last.id)
  const contexts = page.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    createdAt: r.created_at,
    assigned: r.principal_id !== null,
  }))
  return { contexts, next }
}
