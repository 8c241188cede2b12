import { type Decision, type Denied, deny } from '../decision.js'
import { type CompiledModel, compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { contactFor } from '../rules/routing.js'
import type { OrgState } from '../state/org-state.js'
import { ORG_WIDE } from '../state/role-view.js'
import { BACKGROUND, type PrincipalId } from '../state/snapshot.js'

const ALLOWED: Decision = Object.freeze({ ok: true, changed: false, effects: [], warnings: [] }) as Decision

/**
 * Whether the actor may do an action now, with the reason when not. Roles count org-wide, and a scoped
 * role in a context counts that context's own holders if it has any, else the org-wide ones.
 * @example can(teamroom, state, 'ana', 'licenses.purchase') // { ok: false, code: 'FEATURE_DISABLED', … }
 */
export function can(model: RoleModel, org: OrgState, actor: PrincipalId, action: string, context?: string): Decision {
  const cm = compile(model)
  const def = cm.actions.get(action)
  if (!def) return deny('UNKNOWN_ROLE', { action })
  const allowedRoles = cm.actionRoles.get(action) as ReadonlySet<string>
  if (!hasAction(cm, org, actor, action, allowedRoles, context ?? ORG_WIDE)) {
    const allowed = cm.actionRoleList.get(action) as string[]
    return deny('NOT_AUTHORIZED', { action }, allowed, contactFor(cm, org, allowed))
  }
  if (def.requiresFeature && !org.features[def.requiresFeature]) {
    return deny('FEATURE_DISABLED', { action, feature: def.requiresFeature })
  }
  if (def.quota) {
    const limit = org.quotas[def.quota.limit]
    const used = org.usage[def.quota.usage] ?? 0
    if (limit !== undefined && used >= limit) return deny('QUOTA_EXCEEDED', { action, limit })
  }
  return ALLOWED
}

/** Like `can`, for operations: the model's action for an operation it may not define at all. */
export function canOperate(model: RoleModel, org: OrgState, actor: PrincipalId, action: string | undefined): Decision {
  return action ? can(model, org, actor, action) : (deny('NOT_AUTHORIZED', {}, []) as Denied)
}

function hasAction(
  cm: CompiledModel,
  org: OrgState,
  actor: PrincipalId,
  action: string,
  allowedRoles: ReadonlySet<string>,
  context: string,
): boolean {
  if (actor === BACKGROUND) return cm.model.background.permissions.includes(action)
  for (const role of org.rolesOf(actor)) {
    if (!allowedRoles.has(role)) continue
    // An org-wide scoped role does not count in a context that has holders of its own.
    if (context !== ORG_WIDE && cm.roles.get(role)?.scoped && org.count(role, context) > 0) continue
    return true
  }
  if (context !== ORG_WIDE) {
    for (const role of org.rolesOf(actor, context)) if (allowedRoles.has(role)) return true
  }
  return cm.memberRole !== undefined && allowedRoles.has(cm.memberRole) && org.status(actor) === 'active'
}
