import {
  type Command,
  type Decision,
  type Effect,
  indexOrg,
  type MembershipStatus,
  type OrgSnapshot,
  type OrgState,
} from '../src/index.js'

export const NOW = '2026-11-24T12:00:00.000Z'

type Holders = Record<string, string[]>
interface OrgOptions extends Omit<OrgSnapshot, 'id' | 'name' | 'members' | 'assignments'> {
  /** Principals who are not active members, with their status; everyone else named is active. */
  status?: Record<string, MembershipStatus | 'none'>
  /** Extra active members who hold no role. */
  members?: string[]
  /** Per-context holders: { 'teamroom:42': { support_team: ['sue'] } }. */
  contexts?: Record<string, Holders>
}

/**
 * An org from a role → holders table; everyone named is an active member unless `status` says otherwise
 * (`none` = never a member). Support principals are never members.
 */
export function org(holders: Holders, options: OrgOptions = {}): OrgState {
  const { status = {}, members = [], contexts = {}, ...rest } = options
  const assignments = Object.entries(holders).flatMap(([role, ps]) => ps.map((principal) => ({ role, principal })))
  for (const [context, byRole] of Object.entries(contexts)) {
    for (const [role, ps] of Object.entries(byRole))
      for (const principal of ps) assignments.push({ role, principal, context } as never)
  }
  const everyone = new Set([...assignments.map((a) => a.principal), ...members, ...Object.keys(status)])
  const memberList = [...everyone]
    .filter((p) => !p.startsWith('support:') && status[p] !== 'none')
    .map((principal) => ({ principal, status: (status[principal] ?? 'active') as MembershipStatus }))
  return indexOrg({ id: 'org-1', name: 'Acme', members: memberList, assignments, ...rest })
}

const effectLine = (e: Effect): string => {
  switch (e.kind) {
    case 'role.granted':
      return `grant ${e.role} ${e.principal}${e.context ? ` in ${e.context}` : ''}`
    case 'role.revoked':
      return `${e.cause === 'cascade' ? 'clear' : 'revoke'} ${e.role} ${e.principal}${e.context ? ` in ${e.context}` : ''}`
    case 'member.terminated':
      return `terminate ${e.principal}`
    case 'member.invited':
      return `invite ${e.principal}${e.roles.length ? ` as ${e.roles.join(',')}` : ''}`
    case 'member.activated':
      return `activate ${e.principal}`
    case 'context.assigned':
    case 'context.unassigned':
      return `${e.kind === 'context.assigned' ? 'assign' : 'unassign'} ${e.principal} ${e.context}`
    case 'case.opened':
      return `open case ${e.subject}`
    case 'case.approved':
      return `approve ${e.caseId} ${e.approvals}/${e.required}`
    case 'user.anonymized':
      return `anonymize ${e.principal}`
    case 'transfer.requested':
      return `request ${e.role} ${e.from}->${e.to}`
    case 'transfer.accepted':
      return `accept ${e.transferId}`
    default:
      return e.kind
  }
}

/** One line per decision: `denied: CODE` or the effects, `; `-separated (`unchanged` for a no-op). */
export function summarize(d: Decision): string {
  if (!d.ok) return `denied: ${d.code}`
  if (!d.changed) return 'unchanged'
  return d.effects.map(effectLine).join('; ')
}

export type Case<C = Command> = [name: string, state: OrgState, cmd: C, want: string]
