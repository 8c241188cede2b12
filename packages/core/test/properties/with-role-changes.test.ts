import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { indexOrg, ORG_WIDE, type OrgState, type RoleAssignment, type RoleChange } from '../../src/index.js'

const PEOPLE = ['ana', 'bo', 'cy', 'di']
const ROLES = ['owner', 'admin', 'billing']
const CONTEXTS = [ORG_WIDE, 'team-1', 'team-2']

const assignmentArb = fc.record({
  role: fc.constantFrom(...ROLES),
  principal: fc.constantFrom(...PEOPLE),
  context: fc.constantFrom(...CONTEXTS),
})
const changeArb: fc.Arbitrary<RoleChange> = fc.record({
  op: fc.constantFrom('grant' as const, 'revoke' as const),
  role: fc.constantFrom(...ROLES),
  principal: fc.constantFrom(...PEOPLE),
  context: fc.constantFrom(...CONTEXTS),
})

const key = (a: { role: string; principal: string; context: string }) => `${a.role}|${a.principal}|${a.context}`

/** The assignments after `changes`, as storage applies them: a set of (role, principal, context). */
function applied(start: readonly { role: string; principal: string; context: string }[], changes: RoleChange[]) {
  const held = new Map(start.map((a) => [key(a), a]))
  for (const c of changes) {
    if (c.op === 'grant') held.set(key(c), { role: c.role, principal: c.principal, context: c.context })
    else held.delete(key(c))
  }
  return [...held.values()]
}

/** Everything a reader can ask of a state, in the order it answers. */
function observed(state: OrgState) {
  const perPrincipal = PEOPLE.map((p) => ({
    p,
    roles: CONTEXTS.map((c) => [...state.rolesOf(p, c)]),
    assignments: state.assignmentsOf(p).map((a) => `${a.role}|${a.context}`),
    has: ROLES.flatMap((r) => CONTEXTS.map((c) => state.has(p, r, c))),
  }))
  const perRole = ROLES.map((r) => ({
    r,
    holders: CONTEXTS.map((c) => state.holders(r, c)),
    counts: CONTEXTS.map((c) => state.count(r, c)),
    contexts: state.contextsOf(r),
  }))
  return { perPrincipal, perRole, principals: state.principalsWithRoles(), active: state.activeMemberCount() }
}

const toSnapshot = (assignments: readonly { role: string; principal: string; context: string }[]) => ({
  id: 'o1',
  name: 'Acme',
  members: PEOPLE.map((principal, i) => ({
    principal,
    status: i % 3 === 2 ? ('invited' as const) : ('active' as const),
  })),
  // Storage hands assignments over sorted (role, principal, context), and the order of holders follows it.
  assignments: [...assignments]
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map(
      (a): RoleAssignment => ({
        role: a.role,
        principal: a.principal,
        context: a.context === ORG_WIDE ? null : a.context,
      }),
    ),
})

describe('OrgState.withRoleChanges', () => {
  test('answers every question exactly as the state indexed afresh from the changed assignments', () => {
    fc.assert(
      fc.property(
        fc.array(assignmentArb, { maxLength: 12 }),
        fc.array(changeArb, { maxLength: 12 }),
        (start, changes) => {
          const unique = applied(start, [])
          const before = indexOrg(toSnapshot(unique))
          const seen = observed(before)
          const after = before.withRoleChanges(changes)
          expect(observed(after)).toEqual(observed(indexOrg(toSnapshot(applied(unique, changes)))))
          // The state it came from is left as it was, since other readers may still hold it.
          expect(observed(before)).toEqual(seen)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('starts with no memos of its own: a value remembered for the old state is computed again', () => {
    const before = indexOrg(toSnapshot([{ role: 'admin', principal: 'ana', context: ORG_WIDE }]))
    expect(before.memo('admins', () => before.holders('admin'))).toEqual(['ana'])
    const after = before.withRoleChanges([{ op: 'revoke', role: 'admin', principal: 'ana', context: ORG_WIDE }])
    expect(after.memo('admins', () => after.holders('admin'))).toEqual([])
  })
})
