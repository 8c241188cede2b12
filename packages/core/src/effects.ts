import type { PrincipalId } from './state/snapshot.js'

/** Why a role changed: asked for directly, or as a consequence of another change. */
export type Cause = 'direct' | 'cascade' | 'transfer' | 'invitation' | 'removal'

/**
 * One change an allowed decision asks storage to make, in order. Every effect is audited.
 * Ids that only storage can mint (transfers, cases) are absent here and assigned when applied.
 */
export type Effect =
  | { kind: 'role.granted'; role: string; principal: PrincipalId; context: string | null; cause: Cause }
  | { kind: 'role.revoked'; role: string; principal: PrincipalId; context: string | null; cause: Cause }
  | {
      kind: 'transfer.requested'
      role: string
      from: PrincipalId
      to: PrincipalId
      expiresAt: string
      formerHolder: 'default' | 'member'
    }
  | { kind: 'transfer.accepted'; transferId: string; role: string; from: PrincipalId; to: PrincipalId }
  | { kind: 'transfer.declined'; transferId: string }
  | { kind: 'transfer.cancelled'; transferId: string }
  | { kind: 'transfer.voided'; transferId: string; reason: 'recipient_left' | 'expired' }
  | { kind: 'member.invited'; principal: PrincipalId; roles: string[] }
  | { kind: 'member.activated'; principal: PrincipalId }
  | { kind: 'member.terminated'; principal: PrincipalId; left: boolean }
  | { kind: 'context.assigned'; principal: PrincipalId; context: string }
  | { kind: 'context.unassigned'; principal: PrincipalId; context: string }
  | { kind: 'context.created'; context: string; contextKind: 'team' | 'folder'; name?: string }
  | { kind: 'case.opened'; subject: PrincipalId }
  | { kind: 'case.approved'; caseId: string; approver: PrincipalId; approvals: number; required: number }
  | { kind: 'case.reminder_set'; caseId: string; at: string }
  | { kind: 'case.reminder_cleared'; caseId: string }
  | { kind: 'user.anonymized'; principal: PrincipalId; caseId: string }

export type EffectKind = Effect['kind']
