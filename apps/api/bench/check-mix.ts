import type { OrgSpec } from './teamroom-org.js'

export interface CheckBody {
  principal: string
  action: string
  context?: string
}

/**
 * A realistic run of permission checks on an org, about 60% allowed: buyers buying, admins inviting,
 * owners managing, support in a teamroom; and plain members, admins and strangers asking for what
 * they may not do, whose answers explain why and name a contact.
 * @example checkMix(teamroomOrg('big', 2000), 100)
 */
export function checkMix(org: OrgSpec, length: number): CheckBody[] {
  const pick = (list: string[] | undefined, i: number) => list?.[i % list.length] ?? org.founder
  const r = org.byRole
  const kinds: ((i: number) => CheckBody)[] = [
    (i) => ({ principal: pick(r.authorized_buyer, i), action: 'licenses.purchase' }),
    (i) => ({ principal: pick(r.admin, i), action: 'members.invite' }),
    () => ({ principal: org.founder, action: 'org.manage' }),
    (i) => ({ principal: pick(org.plain, i), action: 'licenses.purchase' }),
    (i) => ({ principal: pick(r.co_owner, i), action: 'teamrooms.access' }),
    (i) => ({ principal: pick(org.plain, i * 7), action: 'members.view' }),
    (i) => ({ principal: pick(r.support_team, i), action: 'support.handle', context: `teamroom:${i % 5}` }),
    (i) => ({ principal: `stranger${i}`, action: 'members.view' }),
    (i) => ({ principal: pick(r.compliance_manager, i), action: 'members.anonymize' }),
    (i) => ({ principal: pick(r.admin, i * 3), action: 'licenses.purchase' }),
  ]
  return Array.from({ length }, (_, i) => (kinds[i % kinds.length] as (i: number) => CheckBody)(i))
}
