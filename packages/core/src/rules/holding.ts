import type { CompiledModel } from '../model/compile.js'
import { ORG_WIDE, type RoleView } from '../state/role-view.js'
import type { PrincipalId } from '../state/snapshot.js'

/**
 * Whether a principal holds a role, counting what other roles imply and the implicit member role.
 * In a context, a scoped role resolves to that context's own holders if it has any, else to the org-wide ones.
 */
export function holds(
  cm: CompiledModel,
  view: RoleView,
  principal: PrincipalId,
  role: string,
  context = ORG_WIDE,
): boolean {
  if (role === cm.memberRole) return view.status(principal) === 'active'
  const at = effectiveContext(cm, view, role, context)
  if (view.has(principal, role, at)) return true
  for (const implying of cm.impliedBy.get(role) ?? []) if (view.has(principal, implying, at)) return true
  return false
}

/** Holders of a role, explicit or through implication, without duplicates. Not for the implicit member role. */
export function holdersOf(cm: CompiledModel, view: RoleView, role: string, context = ORG_WIDE): PrincipalId[] {
  const at = effectiveContext(cm, view, role, context)
  const implying = cm.impliedBy.get(role) ?? []
  if (implying.length === 0) return view.holders(role, at)
  const all = new Set(view.holders(role, at))
  for (const r of implying) for (const p of view.holders(r, at)) all.add(p)
  return [...all]
}

/** How many hold a role; the implicit member role counts every active member. */
export function holderCount(cm: CompiledModel, view: RoleView, role: string, context = ORG_WIDE): number {
  if (role === cm.memberRole) return view.activeMemberCount()
  if ((cm.impliedBy.get(role) ?? []).length === 0) return view.count(role, context)
  return holdersOf(cm, view, role, context).length
}

/** Whether the principal holds any explicit role at all, i.e. is more than a plain member. */
export const holdsAnyRole = (view: RoleView, principal: PrincipalId): boolean =>
  view.assignmentsOf(principal).length > 0

function effectiveContext(cm: CompiledModel, view: RoleView, role: string, context: string): string {
  if (context === ORG_WIDE || !cm.roles.get(role)?.scoped) return ORG_WIDE
  return view.count(role, context) > 0 ? context : ORG_WIDE
}
