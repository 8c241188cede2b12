import type { RevokeCommand } from '../commands.js'
import { allow, type Decision, deny, unchanged } from '../decision.js'
import { compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { roleAuthority } from '../rules/authority.js'
import { holds } from '../rules/holding.js'
import { isDenied, lookupRole } from '../rules/lookup.js'
import { Plan } from '../rules/plan.js'
import { ORG_WIDE, type RoleView } from '../state/role-view.js'

/**
 * Decides revoking a role. Minimums are checked on the state after the change and its cascades,
 * so clearing `main_admin` or `primary_owner` on the way cannot hide a breach.
 * @example decideRevoke(teamroom, state, { kind: 'revoke', actor: 'ana', role: 'admin', target: 'bo' })
 */
export function decideRevoke(model: RoleModel, org: RoleView, cmd: Omit<RevokeCommand, 'kind'>): Decision {
  const cm = compile(model)
  const context = cmd.context ?? ORG_WIDE
  const role = lookupRole(cm, cmd.role, context)
  if (isDenied(role)) return role
  const unauthorized = roleAuthority(cm, org, cmd.actor, role, 'revoke')
  if (unauthorized) return unauthorized
  const explicit = org.has(cmd.target, role.name, context)
  if (!explicit && !(context === ORG_WIDE && holds(cm, org, cmd.target, role.name))) return unchanged()

  const plan = new Plan(cm, org).revoke(role.name, cmd.target, context, 'direct').settle()
  const lastHolder = plan.breach()
  if (lastHolder) return lastHolder
  // Still held after the revocation means another role the principal holds implies it.
  if (context === ORG_WIDE && holds(cm, plan.view, cmd.target, role.name)) {
    const impliedBy = (cm.impliedBy.get(role.name) ?? []).find((r) => plan.view.has(cmd.target, r))
    return deny('IMPLIED_ROLE', { role: role.name, target: cmd.target, ...(impliedBy ? { impliedBy } : {}) })
  }
  const pairing = plan.pairingBreach()
  if (pairing) return pairing
  if (role.confirm?.revoke && !cmd.confirmed)
    return deny('CONFIRMATION_REQUIRED', { role: role.name, target: cmd.target })
  return allow(plan.effects, plan.warnings())
}
