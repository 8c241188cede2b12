import type { MembershipStatus, PrincipalId } from './snapshot.js'

/** The org-wide "context" key: assignments without a context. */
export const ORG_WIDE = ''

/**
 * Read access to who explicitly holds which role, and who is a member.
 * Implemented by `OrgState` (the loaded org) and by `withChanges` (the org after a decision's changes),
 * so every rule runs unchanged on the state before and after a change.
 */
export interface RoleView {
  status(principal: PrincipalId): MembershipStatus | undefined
  activeMemberCount(): number
  has(principal: PrincipalId, role: string, context?: string): boolean
  /** Explicit holders of a role in one context (`ORG_WIDE` by default). */
  holders(role: string, context?: string): PrincipalId[]
  count(role: string, context?: string): number
  /** Explicit org-wide roles of a principal. */
  rolesOf(principal: PrincipalId, context?: string): Iterable<string>
  /** Every explicit assignment of a principal, in every context. */
  assignmentsOf(principal: PrincipalId): { role: string; context: string }[]
  /** Contexts other than org-wide in which the role has holders. */
  contextsOf(role: string): string[]
}
