import fc from 'fast-check'
import {
  type Command,
  type CommandKind,
  type Decision,
  decide,
  indexOrg,
  type MembershipStatus,
  type OrgSnapshot,
  type OrgState,
  type PrincipalId,
  type RoleModel,
} from '../../src/index.js'
import { applyEffects, Ids } from './apply-effects.js'
import { roleDef } from './model-facts.js'

export const FOUNDER = 'ana'
export const USERS = [FOUNDER, 'bo', 'cy', 'dee', 'eli', 'fay'] as const
/** Every principal a random command may name: users, one support principal, the background principal. */
export const POOL: readonly PrincipalId[] = [...USERS, 'support:sam', 'background']
export const UNKNOWN_ROLE = 'wizard'
export const CONTEXTS = ['ctx:1', 'ctx:2'] as const
const START = Date.parse('2026-11-24T12:00:00.000Z')
const HOUR = 3_600_000

/** An org as storage would hold it, plus what storage keeps beside it (pending invitations, the clock). */
export interface World {
  readonly model: RoleModel
  snapshot: OrgSnapshot
  state: OrgState
  readonly ids: Ids
  readonly invitations: Map<PrincipalId, { invitedBy: PrincipalId; roles: string[] }>
  now: number
}

const statusArb = fc.constantFrom<MembershipStatus | 'none'>('none', 'invited', 'active')

/** How an org starts: the founder with the model's founder roles, and a few other invitees and members. */
export const foundingArb = fc.record({
  others: fc.tuple(statusArb, statusArb, statusArb, statusArb, statusArb),
  licensing: fc.boolean(),
  maxTeams: fc.nat(3),
  maxFolders: fc.nat(3),
})
export type Founding = typeof foundingArb extends fc.Arbitrary<infer F> ? F : never

/** Creates the org the way the service does: one active founder holding `model.founderRoles`. */
export function found(model: RoleModel, f: Founding): World {
  const invitations = new Map<PrincipalId, { invitedBy: PrincipalId; roles: string[] }>()
  const members: { principal: PrincipalId; status: MembershipStatus }[] = [{ principal: FOUNDER, status: 'active' }]
  USERS.slice(1).forEach((principal, i) => {
    const status = f.others[i] ?? 'none'
    if (status === 'none') return
    members.push({ principal, status })
    if (status === 'invited') invitations.set(principal, { invitedBy: FOUNDER, roles: [] })
  })
  const snapshot: OrgSnapshot = {
    id: 'org-1',
    name: 'Acme',
    features: { licensing: f.licensing },
    quotas: { maxTeams: f.maxTeams, maxFolders: f.maxFolders },
    usage: {},
    members,
    assignments: model.founderRoles.map((role) => ({ role, principal: FOUNDER, context: null })),
  }
  return { model, snapshot, state: indexOrg(deepFreeze(snapshot)), ids: new Ids(), invitations, now: START }
}

const weighted = <T>(pairs: [T, number][]) =>
  fc.oneof(...pairs.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })))
const often = fc.nat(9).map((n) => n < 7)

/** One step of a random walk, abstract: indexes are resolved against the org when the step runs. */
export const stepArb = fc.record({
  kind: weighted<CommandKind>([
    ['grant', 10],
    ['revoke', 5],
    ['transfer.request', 2],
    ['transfer.accept', 2],
    ['transfer.decline', 1],
    ['transfer.cancel', 1],
    ['invite', 3],
    ['invitation.accept', 3],
    ['member.remove', 3],
    ['contexts.assign', 1],
    ['context.create', 1],
    ['case.open', 1],
    ['case.approve', 2],
    ['case.remind', 1],
  ]),
  /** Pick the actor among current role holders (else from the whole pool). */
  powerful: often,
  /** Act as the party a transfer, invitation or leaving names. */
  party: often,
  actor: fc.nat(99),
  target: fc.nat(99),
  role: fc.nat(99),
  roles: fc.array(fc.nat(99), { maxLength: 2 }),
  context: fc.oneof(
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: fc.constantFrom(...CONTEXTS), weight: 2 },
  ),
  /** A context on a role that is not scoped, now and then. */
  stray: fc.nat(9).map((n) => n === 0),
  confirmed: fc.boolean(),
  pick: fc.nat(99),
  defaultRole: often,
  formerHolder: fc.constantFrom('default' as const, 'member' as const),
  add: fc.uniqueArray(fc.nat(13), { maxLength: 12 }),
  remove: fc.uniqueArray(fc.nat(13), { maxLength: 3 }),
  contextKind: fc.constantFrom('team' as const, 'folder' as const),
  hours: fc.nat(24),
})
export type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length] as T

/** The concrete command a step stands for in this org. */
export function toCommand(world: World, s: Step): Command {
  const { model, snapshot, state } = world
  const holders = [...new Set((snapshot.assignments ?? []).map((a) => a.principal))]
  // Everyone the org knows (members of any status, role holders): targets that make commands matter.
  const known = [...new Set([...(snapshot.members ?? []).map((m) => m.principal), ...holders])]
  const actor = s.powerful && holders.length > 0 ? pick(holders, s.actor) : pick(POOL, s.actor)
  const target = s.party ? pick(known, s.target) : pick(POOL, s.target)
  const roleNames = [...model.roles.map((r) => r.name), UNKNOWN_ROLE]
  const role = pick(roleNames, s.role)
  // For a role that must go with another (chosen from, pairing), aim at holders of that other role.
  const prerequisite = (name: string, except?: PrincipalId) => {
    const def = roleDef(model, name)
    const needs = [...(def?.chosenFrom ?? []), ...(def?.requiresOneOf ?? [])]
    const candidates = [...new Set(needs.flatMap((r) => state.holders(r)))].filter((p) => p !== except)
    return s.party && candidates.length > 0 ? pick(candidates, s.target) : target
  }
  const context = roleDef(model, role)?.scoped ? s.context : s.stray ? CONTEXTS[0] : null
  const now = new Date(world.now).toISOString()
  // Mostly an open transfer or case, sometimes a closed one, now and then an id that does not exist.
  const choose = <T extends { status: string }>(all: readonly T[]): T | undefined => {
    const open = all.filter((x) => x.status === 'open')
    if (s.pick % 5 === 0 || all.length === 0) return undefined
    return s.party && open.length > 0 ? pick(open, s.pick) : pick(all, s.pick)
  }
  const transfer = choose(snapshot.transfers ?? [])
  const caseId = choose(snapshot.cases ?? [])?.id ?? 'c-none'

  switch (s.kind) {
    case 'grant':
      return { kind: s.kind, actor, role, target: prerequisite(role), context, confirmed: s.confirmed }
    case 'revoke': {
      const current = state.holders(role, context ?? undefined)
      const from = s.party && current.length > 0 ? pick(current, s.target) : pick(POOL, s.target)
      return { kind: s.kind, actor, role, target: from, context, confirmed: s.confirmed }
    }
    case 'transfer.request': {
      const moved = s.defaultRole ? model.ownerRole : role
      const current = state.holders(moved)
      const by = s.powerful && current.length > 0 ? pick(current, s.actor) : actor
      return {
        kind: s.kind,
        actor: by,
        to: prerequisite(moved, by),
        ...(s.defaultRole ? {} : { role }),
        formerHolder: s.formerHolder,
        now,
      }
    }
    case 'transfer.accept':
    case 'transfer.decline':
    case 'transfer.cancel': {
      const party = transfer && (s.kind === 'transfer.cancel' ? transfer.from : transfer.to)
      return { kind: s.kind, actor: s.party && party ? party : actor, transferId: transfer?.id ?? 't-none', now }
    }
    case 'invite':
      return { kind: s.kind, actor, invitee: target, roles: s.roles.map((n) => pick(roleNames, n)) }
    case 'invitation.accept': {
      const pending = [...world.invitations]
      if (s.party && pending.length > 0) {
        const [invitee, { invitedBy, roles }] = pick(pending, s.pick)
        return { kind: s.kind, actor: invitee, invitedBy, roles }
      }
      return { kind: s.kind, actor, invitedBy: target, roles: s.roles.map((n) => pick(roleNames, n)) }
    }
    case 'member.remove':
      return { kind: s.kind, actor, target: s.party && s.pick % 3 === 0 ? actor : target }
    case 'contexts.assign':
      return { kind: s.kind, actor, target, add: s.add.map((n) => `ws:${n}`), remove: s.remove.map((n) => `ws:${n}`) }
    case 'context.create':
      return { kind: s.kind, actor, contextKind: s.contextKind, context: `${s.contextKind}:${s.pick}` }
    case 'case.open':
      return { kind: s.kind, actor, subject: target }
    case 'case.approve':
      return { kind: s.kind, actor, caseId }
    case 'case.remind':
      // Every third reminder command clears the reminder instead of setting one.
      return {
        kind: s.kind,
        actor,
        caseId,
        at: s.pick % 3 === 0 ? null : new Date(world.now + 24 * HOUR).toISOString(),
      }
  }
}

/** Stores an allowed decision's effects (a denial stores nothing) and lets the clock run. */
export function advance(world: World, cmd: Command, decision: Decision, hours: number): void {
  if (decision.ok) {
    world.snapshot = deepFreeze(applyEffects(world.snapshot, decision.effects, world.ids, world.model))
    world.state = indexOrg(world.snapshot)
    for (const e of decision.effects) {
      if (e.kind === 'member.invited') world.invitations.set(e.principal, { invitedBy: cmd.actor, roles: e.roles })
      if (e.kind === 'member.activated' || e.kind === 'member.terminated') world.invitations.delete(e.principal)
    }
  }
  world.now += hours * HOUR
}

/** A world after a random walk of up to `maxSteps` steps, for properties about single commands. */
export const worldArb = (model: RoleModel, maxSteps: number) =>
  fc.tuple(foundingArb, fc.array(stepArb, { maxLength: maxSteps })).map(([f, steps]) => {
    const world = found(model, f)
    for (const s of steps) {
      const cmd = toCommand(world, s)
      advance(world, cmd, decide(world.model, world.state, cmd), s.hours)
    }
    return world
  })

/** Freezes plain data all the way down, so an engine that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
