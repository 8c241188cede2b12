import type { PrincipalId } from './state/snapshot.js'

interface Base {
  /** Who performs the operation. */
  actor: PrincipalId
}

export interface GrantCommand extends Base {
  kind: 'grant'
  role: string
  target: PrincipalId
  context?: string | null
  /** The explicit confirm step some roles ask for. */
  confirmed?: boolean
}
export interface RevokeCommand extends Omit<GrantCommand, 'kind'> {
  kind: 'revoke'
}
export interface TransferRequestCommand extends Base {
  kind: 'transfer.request'
  to: PrincipalId
  /** Defaults to the model's owner role. */
  role?: string
  /** `member`: the former holder keeps no role from the transfer (teamroom: does not become co-owner). */
  formerHolder?: 'default' | 'member'
  /** ISO time of the request; the transfer expires a model-defined number of days later. */
  now: string
}
export interface TransferRespondCommand extends Base {
  kind: 'transfer.accept' | 'transfer.decline' | 'transfer.cancel'
  transferId: string
  now: string
}
export interface InviteCommand extends Base {
  kind: 'invite'
  invitee: PrincipalId
  /** Roles to grant when the invitation is accepted. */
  roles?: string[]
}
export interface AcceptInvitationCommand extends Base {
  kind: 'invitation.accept'
  /** Who invited the actor, and with which roles; the grants are decided as the inviter. */
  invitedBy: PrincipalId
  roles?: string[]
}
export interface RemoveMemberCommand extends Base {
  kind: 'member.remove'
  /** The actor themselves means leaving. */
  target: PrincipalId
}
export interface AssignContextsCommand extends Base {
  kind: 'contexts.assign'
  target: PrincipalId
  add?: string[]
  remove?: string[]
}
export interface CreateContextCommand extends Base {
  kind: 'context.create'
  contextKind: 'team' | 'folder'
  context: string
  /** A display name; the context id stands in when absent. */
  name?: string
}
export interface OpenCaseCommand extends Base {
  kind: 'case.open'
  subject: PrincipalId
}
export interface ApproveCaseCommand extends Base {
  kind: 'case.approve'
  caseId: string
}
export interface RemindCaseCommand extends Base {
  kind: 'case.remind'
  caseId: string
  /** ISO time, or `null` to clear the reminder; whether it lies in the future is checked at the edge, where the clock is. */
  at: string | null
}

export type Command =
  | GrantCommand
  | RevokeCommand
  | TransferRequestCommand
  | TransferRespondCommand
  | InviteCommand
  | AcceptInvitationCommand
  | RemoveMemberCommand
  | AssignContextsCommand
  | CreateContextCommand
  | OpenCaseCommand
  | ApproveCaseCommand
  | RemindCaseCommand

export type CommandKind = Command['kind']
