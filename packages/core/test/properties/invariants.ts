import { can, ORG_WIDE, type OrgSnapshot, type OrgState, type RoleModel, roleVisibility } from '../../src/index.js'
import { actionsOf, holdersOf, holdsRole, impliedClosure, roleDef } from './model-facts.js'

/**
 * Every rule of the model that a state can break, read generically from the model's data (no preset is
 * named here). Returns one line per breach; an empty list means the state is valid.
 */
export function violations(model: RoleModel, snapshot: OrgSnapshot, state: OrgState): string[] {
  const out: string[] = []
  const contexts = [ORG_WIDE, ...new Set((snapshot.assignments ?? []).flatMap((a) => (a.context ? [a.context] : [])))]

  for (const a of snapshot.assignments ?? []) {
    const def = roleDef(model, a.role)
    if (!def) out.push(`assignment: ${a.principal} holds ${a.role}, which the model does not have`)
    else if (def.implicit) out.push(`implicit: ${a.principal} holds ${a.role} explicitly`)
    else if (a.context && !def.scoped) out.push(`scoped: ${a.principal} holds ${a.role} in ${a.context}`)
  }

  for (const role of model.roles) {
    const orgWide = holdersOf(model, state, role.name)
    if (orgWide.size < role.min) out.push(`min: ${role.name} has ${orgWide.size} holders, needs ${role.min}`)
    for (const context of contexts) {
      const where = context ? ` in ${context}` : ''
      const holders = holdersOf(model, state, role.name, context)
      const explicit = state.holders(role.name, context)
      const holdsOneOf = (p: string, roles: readonly string[]) =>
        roles.some((r) => holdsRole(model, state, p, r) || holdsRole(model, state, p, r, context))
      if (role.max !== undefined && holders.size > role.max) {
        out.push(`max: ${role.name}${where} has ${holders.size} holders, at most ${role.max}`)
      }
      if (role.membersOnly) {
        for (const p of holders) {
          if (state.status(p) !== 'active')
            out.push(`members only: ${p} holds ${role.name}${where} while ${state.status(p) ?? 'never a member'}`)
        }
      }
      for (const p of explicit) {
        if (role.reservedFor === 'support' && !p.startsWith('support:')) out.push(`reserved: ${p} holds ${role.name}`)
        if (role.chosenFrom && !holdsOneOf(p, role.chosenFrom)) {
          out.push(`chosen from: ${p} holds ${role.name}${where} without any of ${role.chosenFrom.join(', ')}`)
        }
        if (role.requiresOneOf && !holdsOneOf(p, role.requiresOneOf)) {
          out.push(`pairing: ${p} holds ${role.name}${where} without any of ${role.requiresOneOf.join(', ')}`)
        }
      }
      const when = role.enabledWhen
      if (when && explicit.length > 0 && holdersOf(model, state, when.role).size < when.atLeast) {
        out.push(`enabled when: ${role.name}${where} is held with fewer than ${when.atLeast} ${when.role}`)
      }
    }
    out.push(...impliedRights(model, state, role.name))
  }

  // The engine's own holder listing must agree with holding through implication.
  for (const field of roleVisibility(model, state)) {
    if (roleDef(model, field.role)?.implicit) continue
    const mine = [...holdersOf(model, state, field.role)].sort()
    if (JSON.stringify([...field.holders].sort()) !== JSON.stringify(mine)) {
      out.push(`implies: roleVisibility lists ${field.holders.join(',')} for ${field.role}, expected ${mine.join(',')}`)
    }
  }

  const open = (snapshot.transfers ?? []).filter((t) => t.status === 'open')
  if (open.length > 1) out.push(`transfers: ${open.length} open transfers (${open.map((t) => t.id).join(', ')})`)
  for (const t of open) {
    for (const party of [t.from, t.to]) {
      if (state.status(party) === 'terminated')
        out.push(`transfers: open transfer ${t.id} names former member ${party}`)
    }
  }
  return out
}

/** Whoever holds a role may do what every role it implies allows (`can` is not `NOT_AUTHORIZED`). */
function impliedRights(model: RoleModel, state: OrgState, role: string): string[] {
  const out: string[] = []
  for (const implied of impliedClosure(model, role)) {
    const def = roleDef(model, implied)
    if (implied === role || !def) continue
    for (const p of state.holders(role)) {
      for (const action of actionsOf(model, def)) {
        const d = can(model, state, p, action.id)
        if (!d.ok && d.code === 'NOT_AUTHORIZED') out.push(`implies: ${p} holds ${role} but may not ${action.id}`)
      }
    }
  }
  return out
}
