import type { GrantCommand } from '../commands.js'
import { allow, type Decision, deny, unchanged } from '../decision.js'
import { compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { roleAuthority } from '../rules/authority.js'
import { holds } from '../rules/holding.js'
import { isDenied, lookupRole } from '../rules/lookup.js'
import { Plan } from '../rules/plan.js'
import { targetDenial } from '../rules/target.js'
import { ORG_WIDE, type RoleView } from '../state/role-view.js'

/**
 * Decides granting a role. Granting a role already held succeeds with `changed: false`;
 * granting a max-1 role someone else holds replaces them in the same decision.
 * @example decideGrant(teamroom, state, { kind: 'grant', actor: 'ana', role: 'admin', target: 'bo' })
 */
export function decideGrant(model: RoleModel, org: RoleView, cmd: Omit<GrantCommand, 'kind'>): Decision {
  const cm = compile(model)
  const context = cmd.context ?? ORG_WIDE
  const role = lookupRole(cm, cmd.role, context)
  if (isDenied(role)) return role
  const unauthorized = roleAuthority(cm, org, cmd.actor, role, 'grant')
  if (unauthorized) return unauthorized
  if (
    holds(cm, org, cmd.target, role.name, context) &&
    (context === ORG_WIDE || org.has(cmd.target, role.name, context))
  ) {
    return unchanged()
  }

  const others = org.holders(role.name, context)
  if (role.max !== undefined && role.max > 1 && others.length >= role.max) {
    return deny('QUOTA_EXCEEDED', { role: role.name, limit: role.max }, [role.name])
  }
  const target = targetDenial(cm, org, role, cmd.target, context)
  if (target) return target

  const plan = new Plan(cm, org)
  if (role.max === 1) for (const holder of others) plan.revoke(role.name, holder, context, 'cascade')
  plan.grant(role.name, cmd.target, context, 'direct').settle()
  const breach = plan.breach() ?? plan.pairingBreach()
  if (breach) return breach
  if (role.confirm?.grant && !cmd.confirmed)
    return deny('CONFIRMATION_REQUIRED', { role: role.name, target: cmd.target })
  return allow(plan.effects, plan.warnings())
}
