import {
  type ActionDef,
  LEVELS,
  ORG_WIDE,
  type OrgState,
  type PrincipalId,
  type RoleDef,
  type RoleModel,
} from '../../src/index.js'

// Independent readings of a model's data, for the properties to compare the engine against.
// They use only the model and the org's explicit assignments, never the engine's own rule code.

export const roleDef = (model: RoleModel, name: string): RoleDef | undefined => model.roles.find((r) => r.name === name)

/** The role and every role it implies, following chains. */
export function impliedClosure(model: RoleModel, role: string): Set<string> {
  const seen = new Set<string>()
  const stack = [role]
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (seen.has(next)) continue
    seen.add(next)
    stack.push(...(roleDef(model, next)?.implies ?? []))
  }
  return seen
}

const conferring = new WeakMap<RoleModel, Map<string, string[]>>()

/** The roles whose holders hold `role` too, itself included. */
export function rolesConferring(model: RoleModel, role: string): string[] {
  let byRole = conferring.get(model)
  if (!byRole) {
    byRole = new Map(model.roles.map((r) => [r.name, [] as string[]]))
    for (const r of model.roles) for (const implied of impliedClosure(model, r.name)) byRole.get(implied)?.push(r.name)
    conferring.set(model, byRole)
  }
  return byRole.get(role) ?? []
}

/** Who holds a role in a context, explicitly or through a role implying it; an implicit role: every active member. */
export function holdersOf(model: RoleModel, state: OrgState, role: string, context = ORG_WIDE): Set<PrincipalId> {
  if (roleDef(model, role)?.implicit) {
    return new Set([...state.members()].filter(([, s]) => s === 'active').map(([p]) => p))
  }
  const out = new Set<PrincipalId>()
  for (const r of rolesConferring(model, role)) for (const p of state.holders(r, context)) out.add(p)
  return out
}

export const holdsRole = (
  model: RoleModel,
  state: OrgState,
  principal: PrincipalId,
  role: string,
  context = ORG_WIDE,
) => holdersOf(model, state, role, context).has(principal)

/** Actions a role allows by its own data: listed permissions and areas at a sufficient level. */
export function actionsOf(model: RoleModel, role: RoleDef): ActionDef[] {
  const rank = (level: string) => LEVELS.indexOf(level as (typeof LEVELS)[number])
  return model.actions.filter((a) => {
    if (role.permissions.includes(a.id)) return true
    const level = a.area ? role.areas[a.area] : undefined
    return level !== undefined && a.level !== undefined && rank(level) >= rank(a.level)
  })
}

/** Whether the actor may do the action org-wide, by role (features and quotas aside). */
export function mayDo(model: RoleModel, state: OrgState, actor: PrincipalId, action: string | undefined): boolean {
  if (action === undefined) return false
  if (actor === 'background') return model.background.permissions.includes(action)
  const allows = (role: string) =>
    [...impliedClosure(model, role)].some((r) => {
      const def = roleDef(model, r)
      return def !== undefined && actionsOf(model, def).some((a) => a.id === action)
    })
  if ([...state.rolesOf(actor)].some(allows)) return true
  const member = model.roles.find((r) => r.implicit)
  return member !== undefined && state.status(actor) === 'active' && allows(member.name)
}

/**
 * Steps 2 and 3 for granting or revoking a role: `undefined` when the actor may, else the code.
 * A transfer-only role's only authority is its current holder, who must still use a transfer.
 */
export function authorityFailure(
  model: RoleModel,
  state: OrgState,
  actor: PrincipalId,
  role: RoleDef,
  op: 'grant' | 'revoke',
): 'NOT_AUTHORIZED' | 'TRANSFER_REQUIRED' | undefined {
  if (role.transferOnly) return holdsRole(model, state, actor, role.name) ? 'TRANSFER_REQUIRED' : 'NOT_AUTHORIZED'
  if (role.implicit) return 'NOT_AUTHORIZED'
  if (role.grantableBySupport && actor.startsWith('support:')) return undefined
  const by = op === 'grant' ? role.grantedBy : (role.revokedBy ?? role.grantedBy)
  return by.some((r) => holdsRole(model, state, actor, r)) ? undefined : 'NOT_AUTHORIZED'
}
