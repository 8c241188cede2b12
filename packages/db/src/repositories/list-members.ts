import type { Kysely } from 'kysely'
import type { Database, MembershipStatus } from '../schema.js'
import { pageOf } from './page-of.js'

export interface MemberQuery {
  /** Matches display name, email or id, case-insensitively, anywhere in the text. */
  search?: string | undefined
  status?: MembershipStatus | undefined
  /** The cursor: the `next` of the previous page. */
  after?: string | undefined
  limit: number
}

export interface MemberListItem {
  principal: string
  displayName: string
  email: string | null
  status: MembershipStatus
  lastActiveAt: Date | null
  /** Roles an invitation will grant on acceptance. */
  invitedRoles: string[]
  roles: { role: string; context: string | null }[]
}

export interface MemberPage {
  members: MemberListItem[]
  next: string | null
}

/**
 * Lists an org's members with their roles, ordered by user id (the cursor is the last id).
 * @example const { members } = await listMembers(db, orgId, { search: 'ana', limit: 20 })
 */
export async function listMembers(trx: Kysely<Database>, orgId: string, query: MemberQuery): Promise<MemberPage> {
  let select = trx
    .selectFrom('memberships as m')
    .innerJoin('people as u', (join) => join.onRef('u.org_id', '=', 'm.org_id').onRef('u.user_id', '=', 'm.user_id'))
    .select(['m.user_id', 'u.display_name', 'u.email', 'm.status', 'm.last_active_at', 'm.invited_roles'])
    .where('m.org_id', '=', orgId)
  if (query.status !== undefined) select = select.where('m.status', '=', query.status)
  if (query.after !== undefined) select = select.where('m.user_id', '>', query.after)
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`
    select = select.where((eb) =>
      eb.or([
        eb('u.display_name', 'ilike', pattern),
        eb('u.email', 'ilike', pattern),
        eb('m.user_id', 'ilike', pattern),
      ]),
    )
  }
  const rows = await select
    .orderBy('m.user_id')
    .limit(query.limit + 1)
    .execute()
  const { items: page, next } = pageOf(rows, query.limit, (last) => last.user_id)

  const ids = page.map((row) => row.user_id)
  const assignments =
    ids.length === 0
      ? []
      : await trx
          .selectFrom('role_assignments')
          .select(['principal_id', 'role', 'context'])
          .where('org_id', '=', orgId)
          .where('principal_id', 'in', ids)
          .orderBy('role')
          .orderBy('context')
          .execute()

  const members = page.map(
    (row): MemberListItem => ({
      principal: row.user_id,
      displayName: row.display_name,
      email: row.email,
      status: row.status,
      lastActiveAt: row.last_active_at,
      invitedRoles: row.invited_roles,
      roles: assignments
        .filter((a) => a.principal_id === row.user_id)
        .map((a) => ({ role: a.role, context: a.context || null })),
    }),
  )
  return { members, next }
}

// `%` and `_` in a search are literal characters, not wildcards.
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)
