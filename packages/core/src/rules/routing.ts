import type { CompiledModel } from '../model/compile.js'
import type { Topic } from '../model/schema.js'
import { OrgState } from '../state/org-state.js'
import { ORG_WIDE, type RoleView } from '../state/role-view.js'
import type { PrincipalId } from '../state/snapshot.js'
import { holdersOf } from './holding.js'

export interface RouteParties {
  /** The person a message is about (a removed member, a case's subject). */
  subject?: PrincipalId
  /** The person a message is for by nature (a transfer's recipient). */
  recipient?: PrincipalId
  /** For scoped roles: the context whose own holders take precedence. */
  context?: string
}

/** The principals a topic's messages go to: for each group of the route, its first step that names anyone. */
export function routeRecipients(
  cm: CompiledModel,
  view: RoleView,
  topic: Topic,
  parties: RouteParties = {},
): PrincipalId[] {
  const out = new Set<PrincipalId>()
  for (const group of cm.model.routes[topic] ?? []) {
    for (const step of group.firstOf) {
      const found = step.flatMap((entry) => resolve(cm, view, entry, parties))
      if (found.length === 0) continue
      for (const p of found) out.add(p)
      break
    }
  }
  return [...out]
}

function resolve(cm: CompiledModel, view: RoleView, entry: string, parties: RouteParties): PrincipalId[] {
  switch (entry) {
    case '@recipient':
      return parties.recipient ? [parties.recipient] : []
    case '@subject':
      return parties.subject ? [parties.subject] : []
    case '@approvers':
      return approvers(cm, view)
    default:
      return holdersOf(cm, view, entry, parties.context ?? ORG_WIDE)
  }
}

/** Everyone who may approve anonymization cases: holders of the model's anonymize action. */
export function approvers(cm: CompiledModel, view: RoleView): PrincipalId[] {
  const action = cm.model.operations.anonymize
  if (!action) return []
  const out = new Set<PrincipalId>()
  for (const role of cm.actionRoles.get(action) ?? []) {
    if (role === cm.memberRole) continue
    for (const p of view.holders(role)) out.add(p)
  }
  return [...out]
}

/** The person to ask when a permission is missing: the route's first recipient, else a holder of a role that may. */
export function contactFor(
  cm: CompiledModel,
  view: RoleView,
  allowedRoles: readonly string[],
): PrincipalId | undefined {
  if (view instanceof OrgState) return view.memo(allowedRoles, () => findContact(cm, view, allowedRoles))
  return findContact(cm, view, allowedRoles)
}

function findContact(cm: CompiledModel, view: RoleView, allowedRoles: readonly string[]): PrincipalId | undefined {
  const routed = routeRecipients(cm, view, 'permission.contact')[0]
  if (routed) return routed
  for (const role of allowedRoles) {
    if (role === cm.memberRole) continue
    const holder = holdersOf(cm, view, role)[0]
    if (holder) return holder
  }
  return undefined
}
