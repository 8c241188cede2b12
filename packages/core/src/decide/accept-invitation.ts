import type { AcceptInvitationCommand } from '../commands.js'
import { allow, type Decision, deny, unchanged } from '../decision.js'
import { compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { Plan } from '../rules/plan.js'
import type { OrgState } from '../state/org-state.js'
import { ORG_WIDE } from '../state/role-view.js'
import { decideGrant } from './grant.js'

/**
 * Decides an invitee accepting. The invitation's roles are granted as the inviter, on the state in which
 * the invitee is already a member; if the inviter may no longer grant one, nothing happens.
 */
export function decideAcceptInvitation(
  model: RoleModel,
  org: OrgState,
  cmd: Omit<AcceptInvitationCommand, 'kind'>,
): Decision {
  const status = org.status(cmd.actor)
  if (status === 'active') return unchanged()
  if (status !== 'invited') return deny('NOT_A_MEMBER', { target: cmd.actor })
  const plan = new Plan(compile(model), org)
    .setStatus(cmd.actor, 'active')
    .emit({ kind: 'member.activated', principal: cmd.actor })
  for (const role of cmd.roles ?? []) {
    const grant = decideGrant(model, plan.view, { actor: cmd.invitedBy, role, target: cmd.actor, confirmed: true })
    if (!grant.ok) return grant
    for (const effect of grant.effects) {
      if (effect.kind === 'role.granted')
        plan.grant(effect.role, effect.principal, effect.context ?? ORG_WIDE, 'invitation')
      else if (effect.kind === 'role.revoked')
        plan.revoke(effect.role, effect.principal, effect.context ?? ORG_WIDE, 'cascade')
    }
  }
  return allow(plan.settle().effects, plan.warnings())
}
