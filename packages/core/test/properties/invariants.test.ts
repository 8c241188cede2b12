import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  type Command,
  can,
  type Decision,
  decide,
  explain,
  indexOrg,
  LOCALES,
  type OrgSnapshot,
  PRESETS,
  presetIds,
  type RoleModel,
  teamroom,
} from '../../src/index.js'
import { summarize } from '../fixtures.js'
import { violations } from './invariants.js'
import {
  advance,
  CONTEXTS,
  type Founding,
  found,
  foundingArb,
  POOL,
  type Step,
  stepArb,
  toCommand,
  type World,
} from './world.js'

const STEPS = 40
const NUM_RUNS = 100
// Runs are quick, but a loaded machine can push 400 walks past vitest's default 5 s.
const TIMEOUT = 30_000
// A step may be skipped (null), so shrinking can drop the steps a counterexample does not need.
const walkArb = fc.tuple(
  foundingArb,
  fc.array(fc.option(stepArb, { nil: null, freq: 20 }), { minLength: STEPS, maxLength: STEPS }),
)

interface Moment {
  /** The org before the command, as the engine saw it. */
  before: World['state']
  /** The same org as stored data. */
  stored: OrgSnapshot
  cmd: Command
  decision: Decision
  /** Every command so far with its outcome, for failure messages. */
  trail: string
}

/** Runs a walk from a freshly founded org; `check` sees every command with the states around it. */
function walk(id: string, founding: Founding, steps: (Step | null)[], check: (m: Moment, world: World) => void) {
  const model = PRESETS[id] as RoleModel
  const world = found(model, founding)
  const lines: string[] = []
  expect(violations(model, world.snapshot, world.state), 'the founded org').toEqual([])
  for (const step of steps) {
    if (step === null) continue
    const cmd = toCommand(world, step)
    const before = world.state
    const stored = world.snapshot
    const decision = decide(model, before, cmd)
    const line = `${JSON.stringify(cmd)} → ${summarize(decision)}`
    advance(world, cmd, decision, step.hours)
    // The trail keeps the commands that changed something, then the one being checked.
    check({ before, stored, cmd, decision, trail: [...lines, line].join('\n') }, world)
    if (decision.ok && decision.changed) lines.push(line)
  }
}

const property = (id: string, check: Parameters<typeof walk>[3], numRuns = NUM_RUNS) =>
  fc.assert(
    fc.property(walkArb, ([founding, steps]) => walk(id, founding, steps, check)),
    { numRuns },
  )

describe.each(presetIds)('decide on random command sequences (%s)', (id) => {
  const model = PRESETS[id] as RoleModel

  // Cardinality, members only, chosen from, enabled when, implies, pairing, reserved for, one open transfer.
  test('every reachable state keeps the model’s rules', { timeout: TIMEOUT }, () => {
    property(id, ({ trail }, world) => {
      expect(violations(model, world.snapshot, world.state), trail).toEqual([])
    })
  })

  test('a denial has no effects; allowed effects fit the state; an unchanged decision has none', {
    timeout: TIMEOUT,
  }, () => {
    property(id, ({ decision, trail }) => {
      // Effects that do not fit (granting what is held, closing a closed transfer) already threw in applyEffects.
      if (!decision.ok) expect(decision, trail).not.toHaveProperty('effects')
      else expect(decision.changed, trail).toBe(decision.effects.length > 0)
    })
  })

  test('every denial and warning can be told to a person in each locale', { timeout: TIMEOUT }, () => {
    property(id, ({ decision, trail }) => {
      const items = decision.ok ? decision.warnings : [decision]
      for (const item of items)
        for (const locale of LOCALES) expect(explain(item, { locale, model }), trail).toMatch(/\S/)
    })
  })

  test('the same command on the same state gets the same decision', { timeout: TIMEOUT }, () => {
    property(id, ({ before, stored, cmd, decision, trail }) => {
      expect(decide(model, before, cmd), trail).toEqual(decision)
      expect(decide(model, indexOrg(stored), cmd), trail).toEqual(decision)
    })
  })

  test('can() answers every action for every principal without throwing', { timeout: TIMEOUT }, () => {
    const actions = [...model.actions.map((a) => a.id), 'no.such_action']
    property(id, ({ decision, trail }, world) => {
      // Only an org a command changed is new; the others were asked after an earlier step.
      if (!decision.ok || !decision.changed) return
      const answers: unknown[] = []
      for (const actor of POOL)
        for (const action of actions)
          for (const context of [undefined, CONTEXTS[0]])
            answers.push(can(model, world.state, actor, action, context).ok)
      expect(
        answers.every((ok) => typeof ok === 'boolean'),
        trail,
      ).toBe(true)
    })
  })

  test('anonymization reaches only former members', { timeout: TIMEOUT }, () => {
    property(
      id,
      ({ before, decision, trail }) => {
        if (!decision.ok) return
        for (const e of decision.effects) {
          if (e.kind === 'user.anonymized') expect(before.status(e.principal), trail).toBe('terminated')
        }
      },
      // The path (remove, re-invite, approve) is a rare walk, and a run is cheap.
      4 * NUM_RUNS,
    )
  })

  test('a subject has at most one open anonymization case', { timeout: TIMEOUT }, () => {
    property(
      id,
      ({ trail }, world) => {
        const open = (world.snapshot.cases ?? []).filter((c) => c.status === 'open').map((c) => c.subject)
        expect(
          open.filter((s, i) => open.indexOf(s) !== i),
          trail,
        ).toEqual([])
      },
      4 * NUM_RUNS,
    )
  })
})

const active = (...principals: string[]) => principals.map((principal) => ({ principal, status: 'active' as const }))
const orgOf = (rest: Omit<OrgSnapshot, 'id' | 'name'>): OrgSnapshot => ({ id: 'org-1', name: 'Acme', ...rest })

// Pins the first counterexample the walks found: a removed member's case stays open after they are invited
// again, and approving it anonymizes a pending (or, once they accept, active) member.
test('approving the case of a re-invited member does not anonymize them', () => {
  const snapshot = orgOf({
    members: [...active('ana'), { principal: 'eli', status: 'invited' }],
    assignments: [{ role: 'owner', principal: 'ana' }],
    cases: [{ id: 'c1', subject: 'eli', status: 'open', approvals: [] }],
  })
  const d = decide(teamroom, indexOrg(snapshot), { kind: 'case.approve', actor: 'ana', caseId: 'c1' })
  expect(d.ok && d.effects.some((e) => e.kind === 'user.anonymized')).toBe(false)
})
