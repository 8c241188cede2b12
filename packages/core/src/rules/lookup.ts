import { type Denied, deny } from '../decision.js'
import type { CompiledModel } from '../model/compile.js'
import type { RoleDef } from '../model/schema.js'
import { ORG_WIDE } from '../state/role-view.js'

/** Step 1: the role exists, and a context is given only for a role that may be scoped. */
export function lookupRole(cm: CompiledModel, name: string, context: string = ORG_WIDE): RoleDef | Denied {
  const role = cm.roles.get(name)
  if (!role) return deny('UNKNOWN_ROLE', { role: name })
  if (context !== ORG_WIDE && !role.scoped) return deny('UNKNOWN_ROLE', { role: name, action: 'scoped' })
  return role
}

export const isDenied = (value: object): value is Denied => 'ok' in value && value.ok === false
