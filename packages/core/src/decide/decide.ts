import type { Command } from '../commands.js'
import type { Decision } from '../decision.js'
import type { RoleModel } from '../model/schema.js'
import type { OrgState } from '../state/org-state.js'
import { decideAcceptInvitation } from './accept-invitation.js'
import { decideApproveCase, decideOpenCase, decideRemindCase } from './anonymization.js'
import { decideAssignContexts } from './assign-contexts.js'
import { decideCreateContext } from './create-context.js'
import { decideGrant } from './grant.js'
import { decideInvite } from './invite.js'
import { decideRemoveMember } from './remove-member.js'
import { decideRevoke } from './revoke.js'
import { decideTransferRequest } from './transfer-request.js'
import { decideTransferRespond } from './transfer-respond.js'

/**
 * Decides any command: one entry point for transports and for property tests.
 * @example decide(teamroom, state, { kind: 'revoke', actor: 'ana', role: 'admin', target: 'eli' })
 */
export function decide(model: RoleModel, org: OrgState, cmd: Command): Decision {
  switch (cmd.kind) {
    case 'grant':
      return decideGrant(model, org, cmd)
    case 'revoke':
      return decideRevoke(model, org, cmd)
    case 'transfer.request':
      return decideTransferRequest(model, org, cmd)
    case 'transfer.accept':
    case 'transfer.decline':
    case 'transfer.cancel':
      return decideTransferRespond(model, org, cmd)
    case 'invite':
      return decideInvite(model, org, cmd)
    case 'invitation.accept':
      return decideAcceptInvitation(model, org, cmd)
    case 'member.remove':
      return decideRemoveMember(model, org, cmd)
    case 'contexts.assign':
      return decideAssignContexts(model, org, cmd)
    case 'context.create':
      return decideCreateContext(model, org, cmd)
    case 'case.open':
      return decideOpenCase(model, org, cmd)
    case 'case.approve':
      return decideApproveCase(model, org, cmd)
    case 'case.remind':
      return decideRemindCase(model, org, cmd)
  }
}
