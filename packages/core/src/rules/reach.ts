import type { CompiledModel } from '../model/compile.js'
import type { RoleView } from '../state/role-view.js'
import type { PrincipalId } from '../state/snapshot.js'

/**
 * Whether the actor's right to an operation reaches plain members only: true when every role through
 * which they have the action limits that operation (org-admin's user admin inviting and removing).
 */
export function reachesPlainMembersOnly(
  cm: CompiledModel,
  view: RoleView,
  actor: PrincipalId,
  operation: 'invite' | 'remove',
  action: string,
): boolean {
  const allowed = cm.actionRoles.get(action)
  if (!allowed) return false
  let limited = false
  for (const role of view.rolesOf(actor)) {
    if (!allowed.has(role)) continue
    if (!cm.roles.get(role)?.reachesPlainMembersOnly.includes(operation)) return false
    limited = true
  }
  return limited
}
