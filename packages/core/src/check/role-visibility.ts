import { compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { holdersOf } from '../rules/holding.js'
import { isEnabled } from '../rules/target.js'
import type { OrgState } from '../state/org-state.js'
import type { PrincipalId } from '../state/snapshot.js'

export interface RoleField {
  role: string
  /** Whether a UI shows the role's field (teamroom: main owner only with a co-owner, main admin only with two admins). */
  visible: boolean
  /** Whether the role may be held now. */
  enabled: boolean
  /** Org-wide holders, explicit or implied; empty for the implicit member role. */
  holders: PrincipalId[]
}

/** Each role's field as a UI should show it, in model order. */
export function roleVisibility(model: RoleModel, org: OrgState): RoleField[] {
  const cm = compile(model)
  return model.roles.map((role) => {
    const enabled = isEnabled(cm, org, role)
    return { role: role.name, visible: enabled, enabled, holders: role.implicit ? [] : holdersOf(cm, org, role.name) }
  })
}
