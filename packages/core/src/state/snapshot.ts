/** Where a membership stands: invited (shown as "Pending"), active, or ended. */
export type MembershipStatus = 'invited' | 'active' | 'terminated'

/** A principal id: a user id, `support:<name>` for a support principal, or `background`. */
export type PrincipalId = string

export const BACKGROUND: PrincipalId = 'background'
export const isSupportPrincipal = (p: PrincipalId): boolean => p.startsWith('support:')

export interface RoleAssignment {
  role: string
  principal: PrincipalId
  /** Absent or null for an org-wide assignment. */
  context?: string | null
}

export interface TransferSnapshot {
  id: string
  role: string
  from: PrincipalId
  to: PrincipalId
  status: 'open' | 'accepted' | 'declined' | 'cancelled' | 'expired' | 'voided'
  /** ISO time after which an open transfer can no longer be accepted. */
  expiresAt: string
  /** `member`: the former holder keeps no role from the transfer. */
  formerHolder: 'default' | 'member'
}

export interface CaseSnapshot {
  id: string
  subject: PrincipalId
  status: 'open' | 'anonymized'
  approvals: PrincipalId[]
}

/**
 * Everything the engine needs to know about one org, as plain data (what storage loads).
 * `indexOrg` turns it into an `OrgState` with the lookups the engine uses.
 */
export interface OrgSnapshot {
  id: string
  name: string
  features?: Record<string, boolean>
  quotas?: Record<string, number>
  usage?: Record<string, number>
  members?: { principal: PrincipalId; status: MembershipStatus }[]
  assignments?: RoleAssignment[]
  /** Which contexts (workspaces, teamrooms, …) a member is assigned to. */
  contextAssignments?: { principal: PrincipalId; context: string }[]
  transfers?: TransferSnapshot[]
  cases?: CaseSnapshot[]
}
