import { type Denied, deny } from '../decision.js'
import type { CompiledModel } from '../model/compile.js'
import type { RoleDef } from '../model/schema.js'
import { ORG_WIDE, type RoleView } from '../state/role-view.js'
import { isSupportPrincipal, type PrincipalId } from '../state/snapshot.js'
import { holdersOf, holds } from './holding.js'
import { contactFor } from './routing.js'

/**
 * Steps 2 and 3 of the denial order for granting or revoking a role: may this actor change it at all?
 * A transfer-only role has exactly one authority, its current holder, and even they must use a transfer.
 */
export function roleAuthority(
  cm: CompiledModel,
  view: RoleView,
  actor: PrincipalId,
  role: RoleDef,
  op: 'grant' | 'revoke',
): Denied | undefined {
  if (role.transferOnly) {
    const current = holdersOf(cm, view, role.name)
    if (current.includes(actor)) return deny('TRANSFER_REQUIRED', { role: role.name }, [role.name], actor)
    return deny('NOT_AUTHORIZED', { role: role.name }, [role.name], current[0])
  }
  const granters = (op === 'grant' ? cm.grantedBy : cm.revokedBy).get(role.name) ?? new Set<string>()
  if (isAuthorized(cm, view, actor, role, granters)) return undefined
  const allowed = (op === 'grant' ? cm.grantedByList : cm.revokedByList).get(role.name) as string[]
  return deny('NOT_AUTHORIZED', { role: role.name }, allowed, contactFor(cm, view, allowed))
}

/** Whether the actor may grant or revoke the role (ignoring transfer-only rules): used for listings too. */
export function isAuthorized(
  cm: CompiledModel,
  view: RoleView,
  actor: PrincipalId,
  role: RoleDef,
  granters: ReadonlySet<string>,
): boolean {
  if (role.implicit) return false
  if (role.grantableBySupport && isSupportPrincipal(actor)) return true
  for (const g of granters) if (holds(cm, view, actor, g, ORG_WIDE)) return true
  return false
}
