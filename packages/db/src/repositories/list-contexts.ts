import type { Kysely } from 'kysely'
import type { ContextKind, Database } from '../schema.js'

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
}

/**
 * An org's registered contexts (workspaces, teamrooms, teams, folders, apps) by id, marking the ones a
 * principal is assigned to.
 * @example const mine = await listContexts(db, 'acme', { principal: 'bo', assignedOnly: true })
 */
export async function listContexts(
  trx: Kysely<Database>,
  orgId: string,
  query: ContextQuery,
): Promise<ContextListItem[]> {
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
  const rows = await select.orderBy('c.id').execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    createdAt: r.created_at,
    assigned: r.principal_id !== null,
  }))
}
