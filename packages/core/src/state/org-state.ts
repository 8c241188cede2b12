import { getOrCreate } from './get-or-create.js'
import { ORG_WIDE, type RoleView } from './role-view.js'
import type { CaseSnapshot, MembershipStatus, OrgSnapshot, PrincipalId, TransferSnapshot } from './snapshot.js'

const EMPTY: ReadonlySet<never> = new Set()

/**
 * An org indexed by principal and by role, so that a check is a few map lookups
 * however many members the org has.
 * @example const state = indexOrg({ id: 'o1', name: 'Acme', members: [{ principal: 'ana', status: 'active' }] })
 */
export class OrgState implements RoleView {
  readonly id: string
  readonly name: string
  readonly features: Readonly<Record<string, boolean>>
  readonly quotas: Readonly<Record<string, number>>
  readonly usage: Readonly<Record<string, number>>
  readonly transfers: readonly TransferSnapshot[]
  readonly cases: ReadonlyMap<string, CaseSnapshot>
  readonly contextAssignments: ReadonlyMap<PrincipalId, ReadonlySet<string>>
  private readonly statuses = new Map<PrincipalId, MembershipStatus>()
  private readonly byRole = new Map<string, Map<string, Set<PrincipalId>>>()
  private readonly byPrincipal = new Map<PrincipalId, Map<string, Set<string>>>()
  private active = 0
  private readonly memos = new Map<unknown, unknown>()

  constructor(snapshot: OrgSnapshot) {
    this.id = snapshot.id
    this.name = snapshot.name
    this.features = snapshot.features ?? {}
    this.quotas = snapshot.quotas ?? {}
    this.usage = snapshot.usage ?? {}
    this.transfers = snapshot.transfers ?? []
    this.cases = new Map((snapshot.cases ?? []).map((c) => [c.id, c]))
    for (const m of snapshot.members ?? []) {
      this.statuses.set(m.principal, m.status)
      if (m.status === 'active') this.active++
    }
    for (const a of snapshot.assignments ?? []) {
      const context = a.context ?? ORG_WIDE
      nested(this.byRole, a.role, context).add(a.principal)
      nested(this.byPrincipal, a.principal, context).add(a.role)
    }
    const contexts = new Map<PrincipalId, Set<string>>()
    for (const { principal, context } of snapshot.contextAssignments ?? []) {
      getOrCreate(contexts, principal, () => new Set<string>()).add(context)
    }
    this.contextAssignments = contexts
  }

  status(principal: PrincipalId): MembershipStatus | undefined {
    return this.statuses.get(principal)
  }

  activeMemberCount(): number {
    return this.active
  }

  has(principal: PrincipalId, role: string, context = ORG_WIDE): boolean {
    return this.byPrincipal.get(principal)?.get(context)?.has(role) ?? false
  }

  holders(role: string, context = ORG_WIDE): PrincipalId[] {
    return [...(this.byRole.get(role)?.get(context) ?? EMPTY)]
  }

  count(role: string, context = ORG_WIDE): number {
    return this.byRole.get(role)?.get(context)?.size ?? 0
  }

  rolesOf(principal: PrincipalId, context = ORG_WIDE): Iterable<string> {
    return this.byPrincipal.get(principal)?.get(context) ?? EMPTY
  }

  assignmentsOf(principal: PrincipalId): { role: string; context: string }[] {
    const out: { role: string; context: string }[] = []
    for (const [context, roles] of this.byPrincipal.get(principal) ?? []) {
      for (const role of roles) out.push({ role, context })
    }
    return out
  }

  /** Everyone holding any role, members or not (most teamroom roles may go to non-members). */
  principalsWithRoles(): PrincipalId[] {
    return [...this.byPrincipal.keys()].sort()
  }

  contextsOf(role: string): string[] {
    const out: string[] = []
    for (const [context, holders] of this.byRole.get(role) ?? [])
      if (context !== ORG_WIDE && holders.size > 0) out.push(context)
    return out
  }

  /** Members and invitees with their status, for routing and listings. */
  members(): IterableIterator<[PrincipalId, MembershipStatus]> {
    return this.statuses.entries()
  }

  /**
   * Remembers a value derived from this state under a key. Safe because an `OrgState` never changes;
   * it keeps repeated denials (which look up a contact) as cheap as allowed checks.
   */
  memo<T>(key: unknown, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T
    const value = compute()
    this.memos.set(key, value)
    return value
  }

  /**
   * This state after role grants and revocations, as storage applies them (granting a held role or
   * revoking an unheld one changes nothing). Everything else is shared with this state, which stays as
   * it was: the cost grows with the org's role holders, not with its members, so a write to a
   * 10,000-member org does not rebuild its index.
   * @example const next = state.withRoleChanges([{ op: 'grant', role: 'admin', principal: 'bo', context: ORG_WIDE }])
   */
  withRoleChanges(changes: readonly RoleChange[]): OrgState {
    const next: OrgState = Object.create(OrgState.prototype)
    Object.assign(next, this, {
      byRole: new Map(this.byRole),
      byPrincipal: new Map(this.byPrincipal),
      memos: new Map(),
    })
    for (const { op, role, principal, context } of changes) {
      const held = next.has(principal, role, context)
      if (held === (op === 'grant')) continue
      toggled(next.byRole, role, context, principal, op === 'grant')
      toggled(next.byPrincipal, principal, context, role, op === 'grant')
    }
    return next
  }

  /** The open transfer, if any; one at most per org. */
  openTransfer(): TransferSnapshot | undefined {
    return this.transfers.find((t) => t.status === 'open')
  }
}

/** Builds the indexed state the engine decides on from plain snapshot data. */
export const indexOrg = (snapshot: OrgSnapshot): OrgState => new OrgState(snapshot)

/** A grant or revocation of one role, org-wide (`ORG_WIDE`) or in one context. */
export interface RoleChange {
  op: 'grant' | 'revoke'
  role: string
  principal: PrincipalId
  context: string
}

/**
 * Adds or removes `value` at `map[outer][inner]`, replacing the inner map rather than changing it (the
 * maps may be shared with an older state), and dropping what becomes empty.
 */
function toggled(
  map: Map<string, Map<string, Set<string>>>,
  outer: string,
  inner: string,
  value: string,
  add: boolean,
) {
  const pairs: [string, string][] = []
  for (const [key, values] of map.get(outer) ?? []) {
    for (const v of values) if (add || key !== inner || v !== value) pairs.push([v, key])
  }
  if (add) pairs.push([value, inner])
  if (pairs.length > 0) map.set(outer, inFreshOrder(pairs))
  else map.delete(outer)
}

/**
 * An inner map as the constructor builds it from assignments in storage order (role, principal,
 * context, in code units): each set sorted, and its keys in the order their first value comes. So a
 * derived state lists contexts, holders and roles in exactly the order a fresh index would.
 */
function inFreshOrder(pairs: [value: string, key: string][]): Map<string, Set<string>> {
  pairs.sort(([v1, k1], [v2, k2]) => codeUnits(v1, v2) || codeUnits(k1, k2))
  const out = new Map<string, Set<string>>()
  for (const [value, key] of pairs) getOrCreate(out, key, () => new Set<string>()).add(value)
  return out
}

const codeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function nested<V>(map: Map<string, Map<string, Set<V>>>, outer: string, inner: string): Set<V> {
  return getOrCreate(
    getOrCreate(map, outer, () => new Map<string, Set<V>>()),
    inner,
    () => new Set<V>(),
  )
}
