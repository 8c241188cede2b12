import type { ActionDef, Level, RoleDef, RoleModel } from './schema.js'
import { LEVELS } from './schema.js'

/**
 * A role model with the lookups the engine needs on its hot paths, built once per model object.
 * Everything here is derived from the model's data; nothing is preset-specific.
 */
export interface CompiledModel {
  model: RoleModel
  roles: ReadonlyMap<string, RoleDef>
  /** Position of each role in the model, for "the first breach in model order". */
  order: ReadonlyMap<string, number>
  actions: ReadonlyMap<string, ActionDef>
  /** The implicit role every active member holds, if the model has one. */
  memberRole: string | undefined
  /** For each role, the roles whose holding implies it (transitively). */
  impliedBy: ReadonlyMap<string, readonly string[]>
  /** For each action, the roles that allow it (directly, by area level, or through what they imply). */
  actionRoles: ReadonlyMap<string, ReadonlySet<string>>
  /** The same as lists, shared by every denial that names them. */
  actionRoleList: ReadonlyMap<string, readonly string[]>
  /** For each role, the actions its holders may do (through what it implies too). */
  rolePermissions: ReadonlyMap<string, ReadonlySet<string>>
  grantedBy: ReadonlyMap<string, ReadonlySet<string>>
  revokedBy: ReadonlyMap<string, ReadonlySet<string>>
  grantedByList: ReadonlyMap<string, readonly string[]>
  revokedByList: ReadonlyMap<string, readonly string[]>
}

const cache = new WeakMap<RoleModel, CompiledModel>()
const rank = (level: Level) => LEVELS.indexOf(level)

/** Returns the compiled form of a model, computing it on first use. */
export function compile(model: RoleModel): CompiledModel {
  let compiled = cache.get(model)
  if (!compiled) {
    compiled = build(model)
    cache.set(model, compiled)
  }
  return compiled
}

function build(model: RoleModel): CompiledModel {
  const roles = new Map(model.roles.map((r) => [r.name, r]))
  const actions = new Map(model.actions.map((a) => [a.id, a]))
  const closure = new Map(model.roles.map((r) => [r.name, impliesClosure(roles, r.name)]))

  const impliedBy = new Map<string, string[]>(model.roles.map((r) => [r.name, []]))
  for (const [holder, implied] of closure) {
    for (const r of implied) if (r !== holder) impliedBy.get(r)?.push(holder)
  }

  const rolePermissions = new Map<string, Set<string>>()
  const actionRoles = new Map<string, Set<string>>(model.actions.map((a) => [a.id, new Set()]))
  for (const role of model.roles) {
    const granted = new Set<string>()
    for (const held of closure.get(role.name) ?? []) {
      const def = roles.get(held)
      if (!def) continue
      for (const p of def.permissions) granted.add(p)
      for (const action of model.actions) if (reachesByArea(def, action)) granted.add(action.id)
    }
    rolePermissions.set(role.name, granted)
    for (const p of granted) actionRoles.get(p)?.add(role.name)
  }

  return {
    model,
    roles,
    order: new Map(model.roles.map((r, i) => [r.name, i])),
    actions,
    memberRole: model.roles.find((r) => r.implicit)?.name,
    impliedBy,
    actionRoles,
    actionRoleList: new Map([...actionRoles].map(([action, roles]) => [action, Object.freeze([...roles])])),
    rolePermissions,
    grantedBy: new Map(model.roles.map((r) => [r.name, new Set(r.grantedBy)])),
    revokedBy: new Map(model.roles.map((r) => [r.name, new Set(r.revokedBy ?? r.grantedBy)])),
    grantedByList: new Map(model.roles.map((r) => [r.name, Object.freeze([...r.grantedBy])])),
    revokedByList: new Map(model.roles.map((r) => [r.name, Object.freeze([...(r.revokedBy ?? r.grantedBy)])])),
  }
}

function reachesByArea(role: RoleDef, action: ActionDef): boolean {
  if (!action.area || !action.level) return false
  const level = role.areas[action.area]
  return level !== undefined && rank(level) >= rank(action.level)
}

/** The role itself and every role it implies, following chains; cycles are a validation error, so stop at repeats. */
function impliesClosure(roles: ReadonlyMap<string, RoleDef>, start: string): Set<string> {
  const seen = new Set<string>()
  const stack = [start]
  while (stack.length > 0) {
    const name = stack.pop() as string
    if (seen.has(name)) continue
    seen.add(name)
    for (const next of roles.get(name)?.implies ?? []) stack.push(next)
  }
  return seen
}
