/** A teamroom org to seed: who is a member, who holds what, and who holds nothing. */
export interface OrgSpec {
  id: string
  founder: string
  members: string[]
  /** `[role, principal, context]`; the founder's `owner` comes from creating the org. */
  grants: [string, string, string | null][]
  byRole: Record<string, string[]>
  /** Active members holding no role: targets for grants and plain-member checks. */
  plain: string[]
}

const pad = (n: number) => String(n).padStart(4, '0')

/**
 * A teamroom org of `size` active members with about a tenth of them holding roles, as a growing
 * company has them: a few co-owners, buyers, admins with a main admin, compliance, and support per teamroom.
 * @example teamroomOrg('big', 2000) // 200 role holders
 */
export function teamroomOrg(id: string, size: number): OrgSpec {
  const members = Array.from({ length: size }, (_, i) => `${id}.u${pad(i)}`)
  let next = 1
  const take = (n: number) => {
    const out = members.slice(next, next + n)
    next += n
    return out
  }
  const large = size >= 200
  const byRole: Record<string, string[]> = {
    owner: [members[0] as string],
    co_owner: take(large ? 4 : 1),
    payment_user: take(1),
    compliance_manager: take(large ? 2 : 1),
    authorized_buyer: take(Math.max(2, Math.floor(size / 20))),
    admin: take(Math.max(2, Math.floor(size / 25))),
    support_team: take(large ? 10 : 0),
  }
  byRole.main_owner = byRole.co_owner?.slice(0, 1) ?? []
  byRole.main_admin = byRole.admin?.slice(0, 1) ?? []
  const grants: OrgSpec['grants'] = []
  for (const role of ['co_owner', 'main_owner', 'payment_user', 'compliance_manager', 'authorized_buyer', 'admin']) {
    for (const p of byRole[role] ?? []) grants.push([role, p, null])
  }
  // main_admin is enabled from two admins on, so it is granted after them.
  for (const p of byRole.main_admin ?? []) grants.push(['main_admin', p, null])
  for (const [i, p] of (byRole.support_team ?? []).entries()) grants.push(['support_team', p, `teamroom:${i % 5}`])
  return { id, founder: members[0] as string, members, grants, byRole, plain: members.slice(next) }
}
