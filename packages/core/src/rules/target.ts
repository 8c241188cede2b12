import { type Denied, deny } from '../decision.js'
import type { CompiledModel } from '../model/compile.js'
import type { RoleDef } from '../model/schema.js'
import type { RoleView } from '../state/role-view.js'
import { BACKGROUND, isSupportPrincipal, type PrincipalId } from '../state/snapshot.js'
import { holderCount, holds } from './holding.js'

/**
 * Step 5 for giving a role to someone: may this principal hold it?
 * Checked in the spec's order: reserved, members only, chosen from, enabled when, pairing.
 */
export function targetDenial(
  cm: CompiledModel,
  view: RoleView,
  role: RoleDef,
  target: PrincipalId,
  context: string,
): Denied | undefined {
  if (role.reservedFor === 'support' && !isSupportPrincipal(target)) {
    return deny('RESERVED_ROLE', { role: role.name, target })
  }
  if (role.membersOnly && view.status(target) !== 'active') return deny('NOT_A_MEMBER', { role: role.name, target })
  // Background jobs act with the model's background permissions only; no role is ever theirs.
  if (target === BACKGROUND) return deny('NOT_ELIGIBLE', { role: role.name, target })
  if (role.chosenFrom && !role.chosenFrom.some((r) => holds(cm, view, target, r, context))) {
    return deny('NOT_ELIGIBLE', { role: role.name, target, eligible: role.chosenFrom }, role.chosenFrom)
  }
  if (role.enabledWhen && !isEnabled(cm, view, role)) {
    return deny('NOT_ENABLED', { role: role.name, enabledWhen: role.enabledWhen })
  }
  if (role.requiresOneOf && !role.requiresOneOf.some((r) => holds(cm, view, target, r, context))) {
    return deny('PAIRING_REQUIRED', { role: role.name, target, partners: role.requiresOneOf }, role.requiresOneOf)
  }
  return undefined
}

/** Whether a role's enabled-when condition holds; roles without one are always enabled. */
export const isEnabled = (cm: CompiledModel, view: RoleView, role: RoleDef): boolean =>
  !role.enabledWhen || holderCount(cm, view, role.enabledWhen.role) >= role.enabledWhen.atLeast
