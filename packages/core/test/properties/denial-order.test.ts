import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  type Command,
  type DenialCode,
  decide,
  denialCodes,
  type GrantCommand,
  indexOrg,
  PRESETS,
  presetIds,
  type RevokeCommand,
  type RoleModel,
} from '../../src/index.js'
import { expectedFailures } from './expected-failures.js'
import { mayDo } from './model-facts.js'
import { CONTEXTS, POOL, type Step, stepArb, toCommand, UNKNOWN_ROLE, type World, worldArb } from './world.js'

const NUM_RUNS = 150
const TIMEOUT = 30_000 // a loaded machine can push the runs past vitest's default 5 s
const WALK = 25
const rank = (code: DenialCode) => denialCodes.indexOf(code)
const earliest = (codes: DenialCode[]) => codes.reduce((a, b) => (rank(b) < rank(a) ? b : a))
const principalArb = fc.constantFrom(...POOL)

/** A grant or revoke as the random walk would issue it (actors and targets lean towards role holders). */
const roleCommandArb = fc
  .tuple(stepArb, fc.constantFrom('grant' as const, 'revoke' as const))
  .map(([step, kind]) => ({ ...step, kind }))
const commandFor = (world: World, step: Step) => toCommand(world, step) as GrantCommand | RevokeCommand

const describeState = (world: World, cmd: Command) =>
  `${JSON.stringify(cmd)}\non ${JSON.stringify({ members: world.snapshot.members, assignments: world.snapshot.assignments })}`

describe.each(presetIds)('which denial wins (%s)', (id) => {
  const model = PRESETS[id] as RoleModel
  const worlds = worldArb(model, WALK)

  test('a grant or revoke reports a code no later than any rule seen failing; steps 1–3 exactly', {
    timeout: TIMEOUT,
  }, () => {
    const seen = new Set<DenialCode>()
    fc.assert(
      fc.property(worlds, roleCommandArb, (world, step) => {
        const cmd = commandFor(world, step)
        const d = decide(model, world.state, cmd)
        const { failing, noOp } = expectedFailures(model, world.state, cmd)
        const why = describeState(world, cmd)
        for (const code of failing) seen.add(code)
        if (noOp) {
          // Granting what is held or revoking what is not, by someone allowed to: success that changes nothing.
          expect(d, why).toMatchObject({ ok: true, changed: false })
          return
        }
        if (failing.length === 0) return
        expect(d.ok, why).toBe(false)
        if (d.ok) return
        const first = earliest(failing)
        expect(rank(d.code), `${d.code} reported while ${failing.join(', ')} fail\n${why}`).toBeLessThanOrEqual(
          rank(first),
        )
        if (rank(first) <= rank('TRANSFER_REQUIRED')) expect(d.code, why).toBe(first)
      }),
      { numRuns: NUM_RUNS },
    )
    // The walk must have exercised the early steps at least; otherwise the property proves nothing.
    expect([...seen]).toEqual(expect.arrayContaining(['UNKNOWN_ROLE', 'NOT_AUTHORIZED']))
  })

  test('an unknown role wins over a missing right, in every command that names a role', { timeout: TIMEOUT }, () => {
    const unknownArb = fc.oneof(
      fc.constant({ role: UNKNOWN_ROLE, context: null as string | null }),
      // A context on a role that cannot be scoped is a role the model does not have there.
      fc
        .constantFrom(...model.roles.filter((r) => !r.scoped).map((r) => r.name))
        .map((role) => ({ role, context: CONTEXTS[0] as string | null })),
    )
    fc.assert(
      fc.property(worlds, principalArb, principalArb, unknownArb, (world, actor, target, { role, context }) => {
        const commands: Command[] = [
          { kind: 'grant', actor, role, target, context },
          { kind: 'revoke', actor, role, target, context },
        ]
        if (context === null) {
          commands.push({ kind: 'invite', actor, invitee: target, roles: [role] })
          commands.push({ kind: 'transfer.request', actor, to: target, role, now: '2026-11-24T12:00:00.000Z' })
        }
        for (const cmd of commands)
          expect(decide(model, world.state, cmd), JSON.stringify(cmd)).toMatchObject({
            ok: false,
            code: 'UNKNOWN_ROLE',
          })
      }),
      { numRuns: NUM_RUNS },
    )
  })

  test('a missing right wins over a target who is not a member', { timeout: TIMEOUT }, () => {
    let exercised = 0
    fc.assert(
      fc.property(worlds, principalArb, principalArb, fc.constantFrom(...model.roles), (world, actor, target, role) => {
        const { state } = world
        const member = state.status(target) === 'active' || state.status(target) === 'invited'
        // Removing someone who is no member, by an actor without the right to remove.
        if (actor !== target && !member && !mayDo(model, state, actor, model.operations.remove)) {
          exercised++
          expect(decide(model, state, { kind: 'member.remove', actor, target })).toMatchObject({
            ok: false,
            code: 'NOT_AUTHORIZED',
          })
        }
        // Granting a members-only role to a non-member, by an actor who may not grant it.
        const grant: GrantCommand = { kind: 'grant', actor, role: role.name, target, confirmed: true }
        const { failing } = expectedFailures(model, state, grant)
        if (role.membersOnly && state.status(target) !== 'active' && failing[0] === 'NOT_AUTHORIZED') {
          exercised++
          expect(decide(model, state, grant), JSON.stringify(grant)).toMatchObject({
            ok: false,
            code: 'NOT_AUTHORIZED',
          })
        }
      }),
      { numRuns: NUM_RUNS },
    )
    expect(exercised).toBeGreaterThan(0)
  })

  test('CONFIRMATION_REQUIRED comes only when the confirmed command would be allowed', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(worlds, roleCommandArb, (world, step) => {
        const cmd = commandFor(world, step)
        const asked = decide(model, world.state, { ...cmd, confirmed: false })
        const confirmed = decide(model, world.state, { ...cmd, confirmed: true })
        const why = describeState(world, cmd)
        if (!asked.ok && asked.code === 'CONFIRMATION_REQUIRED') expect(confirmed.ok, why).toBe(true)
        // Every other answer is the same with or without the confirm step: it is asked for last.
        else expect(asked, why).toEqual(confirmed)
        if (confirmed.ok && !asked.ok) expect(asked.code, why).toBe('CONFIRMATION_REQUIRED')
      }),
      { numRuns: NUM_RUNS },
    )
  })

  test('on a closed transfer or case, a missing right wins; for the subject, CASE_CLOSED wins over self-approval', {
    timeout: TIMEOUT,
  }, () => {
    const closedArb = fc.record({
      from: principalArb,
      to: principalArb,
      actor: principalArb,
      subject: principalArb,
      transferStatus: fc.constantFrom(
        'accepted' as const,
        'declined' as const,
        'cancelled' as const,
        'voided' as const,
      ),
      respond: fc.constantFrom('transfer.accept' as const, 'transfer.decline' as const, 'transfer.cancel' as const),
    })
    fc.assert(
      fc.property(worlds, closedArb, (world, c) => {
        const { snapshot } = world
        const state = indexOrg({
          ...snapshot,
          transfers: [
            ...(snapshot.transfers ?? []),
            {
              id: 't-closed',
              role: model.ownerRole,
              from: c.from,
              to: c.to,
              status: c.transferStatus,
              expiresAt: '2027-01-01T00:00:00.000Z',
              formerHolder: 'default',
            },
          ],
          cases: [
            ...(snapshot.cases ?? []),
            { id: 'c-closed', subject: c.subject, status: 'anonymized', approvals: [] },
          ],
        })
        const party = c.respond === 'transfer.cancel' ? c.from : c.to
        const respond = decide(model, state, {
          kind: c.respond,
          actor: c.actor,
          transferId: 't-closed',
          now: '2026-11-24T12:00:00.000Z',
        })
        expect(respond).toMatchObject({ ok: false, code: c.actor === party ? 'TRANSFER_CLOSED' : 'NOT_AUTHORIZED' })

        const approver = mayDo(model, state, c.actor, model.operations.anonymize)
        const approve = decide(model, state, { kind: 'case.approve', actor: c.actor, caseId: 'c-closed' })
        expect(approve).toMatchObject({ ok: false, code: approver ? 'CASE_CLOSED' : 'NOT_AUTHORIZED' })
        const own = decide(model, state, { kind: 'case.approve', actor: c.subject, caseId: 'c-closed' })
        expect(own.ok).toBe(false)
        if (!own.ok) expect(own.code).not.toBe('SELF_APPROVAL_FORBIDDEN')
      }),
      { numRuns: NUM_RUNS },
    )
  })

  test('leaving when no longer a member is NOT_A_MEMBER, even where leaving is forbidden', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(worlds, principalArb, (world, actor) => {
        const status = world.state.status(actor)
        const d = decide(model, world.state, { kind: 'member.remove', actor, target: actor })
        if (status !== 'active' && status !== 'invited') expect(d).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' })
        else if (model.selfRemoval === 'forbidden')
          expect(d).toMatchObject({ ok: false, code: 'SELF_REMOVAL_FORBIDDEN' })
        else expect(d.ok || d.code === 'LAST_HOLDER' || d.code === 'PAIRING_REQUIRED').toBe(true)
      }),
      { numRuns: NUM_RUNS },
    )
  })
})
