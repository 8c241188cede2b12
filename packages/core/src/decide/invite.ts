import { canOperate } from '../check/can.js'
import type { InviteCommand } from '../commands.js'
import { allow, type Decision, deny, unchanged } from '../decision.js'
import { compile } from '../model/compile.js'
import type { RoleDef, RoleModel } from '../model/schema.js'
import { roleAuthority } from '../rules/authority.js'
import { isDenied, lookupRole } from '../rules/lookup.js'
import { reachesPlainMembersOnly } from '../rules/reach.js'
import { targetDenial } from '../rules/target.js'
import type { OrgState } from '../state/org-state.js'
import { ORG_WIDE } from '../state/role-view.js'
import { BACKGROUND, isSupportPrincipal } from '../state/snapshot.js'
import { withChanges } from '../state/with-changes.js'

/**
 * Decides inviting someone, optionally with roles granted when they accept. An actor whose right to
 * invite reaches plain members only may not invite with a role (`TARGET_OUT_OF_REACH`); others need
 * the right to grant each role.
 * @example decideInvite(orgAdmin, state, { kind: 'invite', actor: 'ada', invitee: 'ben', roles: ['billing_admin'] })
 */
export function decideInvite(model: RoleModel, org: OrgState, cmd: Omit<InviteCommand, 'kind'>): Decision {
  const cm = compile(model)
  const roles: RoleDef[] = []
  for (const name of new Set(cmd.roles ?? [])) {
    const role = lookupRole(cm, name)
    if (isDenied(role)) return role
    if (!role.implicit) roles.push(role)
  }
  const action = model.operations.invite
  const permitted = canOperate(model, org, cmd.actor, action)
  if (!permitted.ok) return permitted
  const limited = action !== undefined && reachesPlainMembersOnly(cm, org, cmd.actor, 'invite', action)
  if (!limited) {
    for (const role of roles) {
      const unauthorized = roleAuthority(cm, org, cmd.actor, role, 'grant')
      if (unauthorized) return unauthorized
    }
  }
  // Membership is for people: support and background principals hold roles without being members.
  if (cmd.invitee === BACKGROUND || isSupportPrincipal(cmd.invitee))
    return deny('NOT_ELIGIBLE', { target: cmd.invitee })
  const status = org.status(cmd.invitee)
  if (status === 'active' || status === 'invited') return unchanged()
  if (limited && roles.length > 0) {
    return deny('TARGET_OUT_OF_REACH', { target: cmd.invitee, role: roles[0]?.name }, [])
  }
  // Roles are judged as if the invitee had accepted, in order, since that is how they take effect.
  const accepted = withChanges(org, [{ op: 'status', principal: cmd.invitee, status: 'active' }])
  for (const role of roles) {
    const target = targetDenial(cm, accepted, role, cmd.invitee, ORG_WIDE)
    if (target) return target
    accepted.apply({ op: 'grant', role: role.name, principal: cmd.invitee, context: ORG_WIDE })
  }
  return allow([{ kind: 'member.invited', principal: cmd.invitee, roles: roles.map((r) => r.name) }])
}
