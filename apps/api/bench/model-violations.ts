import { indexOrg, ORG_WIDE, type OrgSnapshot, type OrgState, type RoleDef, type RoleModel } from '@rolecall/core'

/**
 * Every rule of the model the stored state breaks, read from the model's data (no preset named):
 * known roles, scoping, min and max holders, members only, chosen-from and pairing, enabled-when,
 * support-only roles, one open transfer. An empty list means the state is valid.
 * @example modelViolations(teamroom, await loadOrgSnapshot(db, 'acme')) // []
 */
export function modelViolations(model: RoleModel, snapshot: OrgSnapshot): string[] {
  const out: string[] = []
  const state = indexOrg(snapshot)
  const defs = new Map(model.roles.map((r) => [r.name, r]))
  const impliedBy = impliers(model)
  const holdersOf = (role: string, context = ORG_WIDE) => {
    const set = new Set<string>()
    for (const r of impliedBy.get(role) ?? [role]) for (const p of state.holders(r, context)) set.add(p)
    if (defs.get(role)?.implicit && context === ORG_WIDE) {
      for (const [p, status] of state.members()) if (status === 'active') set.add(p)
    }
    return set
  }
  const holdsOneOf = (p: string, roles: readonly string[], context: string) =>
    roles.some((r) => holdersOf(r).has(p) || (context !== ORG_WIDE && holdersOf(r, context).has(p)))

  for (const { role, principal, context } of snapshot.assignments ?? []) {
    const def = defs.get(role)
    if (!def) out.push(`${principal} holds ${role}, which the model does not have`)
    else if (def.implicit) out.push(`${principal} holds the implicit ${role} explicitly`)
    else if (context && !def.scoped) out.push(`${principal} holds ${role} in ${context}`)
  }
  for (const role of model.roles) {
    const orgWide = holdersOf(role.name)
    if (orgWide.size < role.min) out.push(`${role.name} has ${orgWide.size} holders, needs ${role.min}`)
    for (const context of [ORG_WIDE, ...state.contextsOf(role.name)]) {
      const explicit = state.holders(role.name, context)
      out.push(...contextViolations(role, context, holdersOf(role.name, context), explicit, state, holdsOneOf))
    }
    const when = role.enabledWhen
    if (when && holdersOf(role.name).size > 0 && holdersOf(when.role).size < when.atLeast) {
      out.push(`${role.name} is held with fewer than ${when.atLeast} ${when.role}`)
    }
  }
  const open = state.transfers.filter((t) => t.status === 'open')
  if (open.length > 1) out.push(`${open.length} open transfers`)
  return out
}

function contextViolations(
  role: RoleDef,
  context: string,
  holders: Set<string>,
  explicit: string[],
  state: OrgState,
  holdsOneOf: (p: string, roles: readonly string[], context: string) => boolean,
): string[] {
  const out: string[] = []
  const where = context === ORG_WIDE ? '' : ` in ${context}`
  if (role.max !== undefined && holders.size > role.max) {
    out.push(`${role.name}${where} has ${holders.size} holders, at most ${role.max}`)
  }
  for (const p of holders) {
    if (role.membersOnly && state.status(p) !== 'active') {
      out.push(`${p} holds ${role.name}${where} while ${state.status(p) ?? 'not a member'}`)
    }
  }
  for (const p of explicit) {
    if (role.reservedFor === 'support' && !p.startsWith('support:')) out.push(`${p} holds ${role.name}`)
    if (role.chosenFrom && !holdsOneOf(p, role.chosenFrom, context)) {
      out.push(`${p} holds ${role.name}${where} without any of ${role.chosenFrom.join(', ')}`)
    }
    if (role.requiresOneOf && !holdsOneOf(p, role.requiresOneOf, context)) {
      out.push(`${p} holds ${role.name}${where} without any of ${role.requiresOneOf.join(', ')}`)
    }
  }
  return out
}

/** For each role, the roles whose holders hold it too (itself and every role implying it, transitively). */
function impliers(model: RoleModel): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const role of model.roles) {
    const seen = new Set<string>()
    const visit = (name: string) => {
      if (seen.has(name)) return
      seen.add(name)
      for (const implied of model.roles.find((r) => r.name === name)?.implies ?? []) visit(implied)
    }
    visit(role.name)
    for (const implied of seen) out.set(implied, [...(out.get(implied) ?? []), role.name])
  }
  return out
}
