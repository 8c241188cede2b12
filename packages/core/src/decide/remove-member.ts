import { canOperate } from '../check/can.js'
import type { RemoveMemberCommand } from '../commands.js'
import { allow, type Decision, deny } from '../decision.js'
import { compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { holdsAnyRole } from '../rules/holding.js'
import { Plan } from '../rules/plan.js'
import { reachesPlainMembersOnly } from '../rules/reach.js'
import type { OrgState } from '../state/org-state.js'

/**
 * Decides removing a member, or a member leaving (actor = target). Every role they hold in the org is
 * revoked, their context assignments end, an open transfer to them is voided, and an anonymization
 * case opens — all or nothing: if that would break a minimum, `LAST_HOLDER` names the role to hand over.
 * @example decideRemoveMember(multiOwner, state, { kind: 'member.remove', actor: 'mia', target: 'mia' })
 */
export function decideRemoveMember(model: RoleModel, org: OrgState, cmd: Omit<RemoveMemberCommand, 'kind'>): Decision {
  const cm = compile(model)
  const leaving = cmd.actor === cmd.target
  const action = model.operations.remove
  if (!leaving) {
    const permitted = canOperate(model, org, cmd.actor, action)
    if (!permitted.ok) return permitted
  }
  const status = org.status(cmd.target)
  if (status !== 'active' && status !== 'invited') return deny('NOT_A_MEMBER', { target: cmd.target })
  if (
    !leaving &&
    action !== undefined &&
    holdsAnyRole(org, cmd.target) &&
    reachesPlainMembersOnly(cm, org, cmd.actor, 'remove', action)
  ) {
    return deny('TARGET_OUT_OF_REACH', { target: cmd.target })
  }
  if (leaving && model.selfRemoval === 'forbidden') return deny('SELF_REMOVAL_FORBIDDEN', { target: cmd.target })

  const plan = new Plan(cm, org)
  for (const { role, context } of org.assignmentsOf(cmd.target)) plan.revoke(role, cmd.target, context, 'removal')
  for (const context of org.contextAssignments.get(cmd.target) ?? []) {
    plan.emit({ kind: 'context.unassigned', principal: cmd.target, context })
  }
  const open = org.openTransfer()
  if (open && (open.to === cmd.target || open.from === cmd.target)) {
    plan.emit({ kind: 'transfer.voided', transferId: open.id, reason: 'recipient_left' })
  }
  plan.setStatus(cmd.target, 'terminated').emit({ kind: 'member.terminated', principal: cmd.target, left: leaving })
  plan.settle()
  const breach = plan.breach() ?? plan.pairingBreach()
  if (breach) return breach
  // One open case per person: a member removed again after coming back keeps the case they had.
  const hasOpenCase = [...org.cases.values()].some((c) => c.subject === cmd.target && c.status === 'open')
  if (!hasOpenCase) plan.emit({ kind: 'case.opened', subject: cmd.target })
  return allow(plan.effects, plan.warnings())
}
