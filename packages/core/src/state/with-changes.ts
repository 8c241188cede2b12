import { getOrCreate } from './get-or-create.js'
import type { RoleChange } from './org-state.js'
import { ORG_WIDE, type RoleView } from './role-view.js'
import type { MembershipStatus, PrincipalId } from './snapshot.js'

export type Change = RoleChange | { op: 'status'; principal: PrincipalId; status: MembershipStatus }

const slot = (role: string, context: string) => `${role}\u0000${context}`

/**
 * The org as it would be after some changes, without copying it: lookups consult the few changes
 * first and fall through to the base. This keeps a decision on a 10,000-member org cheap.
 */
export class ChangedView implements RoleView {
  private readonly added = new Map<string, Set<PrincipalId>>()
  private readonly removed = new Map<string, Set<PrincipalId>>()
  private readonly statuses = new Map<PrincipalId, MembershipStatus>()
  readonly changes: Change[] = []

  constructor(readonly base: RoleView) {}

  /** Records a change; later changes to the same assignment win. */
  apply(change: Change): this {
    this.changes.push(change)
    if (change.op === 'status') {
      this.statuses.set(change.principal, change.status)
      return this
    }
    const key = slot(change.role, change.context)
    const [into, outOf] = change.op === 'grant' ? [this.added, this.removed] : [this.removed, this.added]
    outOf.get(key)?.delete(change.principal)
    const inBase = this.base.has(change.principal, change.role, change.context)
    // Only differences from the base are kept, so counts are base ± these sets.
    if (inBase !== (change.op === 'grant')) {
      getOrCreate(into, key, () => new Set<PrincipalId>()).add(change.principal)
    }
    return this
  }

  status(principal: PrincipalId): MembershipStatus | undefined {
    return this.statuses.get(principal) ?? this.base.status(principal)
  }

  activeMemberCount(): number {
    let n = this.base.activeMemberCount()
    for (const [p, s] of this.statuses) {
      const before = this.base.status(p)
      if (before === 'active' && s !== 'active') n--
      else if (before !== 'active' && s === 'active') n++
    }
    return n
  }

  has(principal: PrincipalId, role: string, context = ORG_WIDE): boolean {
    const key = slot(role, context)
    if (this.added.get(key)?.has(principal)) return true
    if (this.removed.get(key)?.has(principal)) return false
    return this.base.has(principal, role, context)
  }

  holders(role: string, context = ORG_WIDE): PrincipalId[] {
    const key = slot(role, context)
    const removed = this.removed.get(key)
    const base = this.base.holders(role, context)
    const kept = removed?.size ? base.filter((p) => !removed.has(p)) : base
    const added = this.added.get(key)
    return added?.size ? [...kept, ...added] : kept
  }

  count(role: string, context = ORG_WIDE): number {
    const key = slot(role, context)
    return this.base.count(role, context) - (this.removed.get(key)?.size ?? 0) + (this.added.get(key)?.size ?? 0)
  }

  rolesOf(principal: PrincipalId, context = ORG_WIDE): Iterable<string> {
    const roles = new Set(this.base.rolesOf(principal, context))
    for (const [key, set] of this.removed)
      if (set.has(principal) && key.endsWith(`\u0000${context}`)) roles.delete(roleOf(key))
    for (const [key, set] of this.added)
      if (set.has(principal) && key.endsWith(`\u0000${context}`)) roles.add(roleOf(key))
    return roles
  }

  assignmentsOf(principal: PrincipalId): { role: string; context: string }[] {
    const out = this.base
      .assignmentsOf(principal)
      .filter(({ role, context }) => !this.removed.get(slot(role, context))?.has(principal))
    for (const [key, set] of this.added) {
      if (set.has(principal)) out.push({ role: roleOf(key), context: key.slice(key.indexOf('\u0000') + 1) })
    }
    return out
  }

  contextsOf(role: string): string[] {
    const contexts = new Set(this.base.contextsOf(role))
    for (const key of this.added.keys()) if (roleOf(key) === role) contexts.add(key.slice(role.length + 1))
    contexts.delete(ORG_WIDE)
    return [...contexts].filter((c) => this.count(role, c) > 0)
  }
}

const roleOf = (key: string) => key.slice(0, key.indexOf('\u0000'))

/** The org after `changes`, as a view over `base`. */
export const withChanges = (base: RoleView, changes: Change[] = []): ChangedView => {
  const view = new ChangedView(base)
  for (const c of changes) view.apply(c)
  return view
}
