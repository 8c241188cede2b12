import type { Decision, OrgState, RoleModel } from '@rolecall/core'
import {
  applyEffects,
  applyRoleChangeIfCurrent,
  type Database,
  isRoleEffect,
  lockOrg,
  type MintedIds,
  type OrgRow,
} from '@rolecall/db'
import type { Kysely } from 'kysely'
import { earlyOutboxRows, writeOutbox } from '../events/write-outbox.js'
import type { RouteDeps } from '../routes/route-deps.js'
import type { OrgStateCache } from '../state-cache.js'
import { announceChange } from './announce-change.js'
import { markApplied, type WriteOrigin } from './mark-applied.js'
import { OneAtATime } from './one-at-a-time.js'
import { loadOrgView, type OrgView } from './read-org.js'

// Routes that write without `mutate()` announce their changes the same way.
export { announceChange }

export interface MutationInput extends Partial<WriteOrigin> {
  orgId: string
  actor: string
  dryRun?: boolean
  /** Writes that only an allowed, real request makes before its effects (e.g. the invitee's user row). */
  beforeApply?: (trx: Kysely<Database>) => Promise<void>
  /**
   * The decision reads nothing but the org's model and state (never `trx`), so it may first be made on
   * this process's cached state and written with a compare-and-set on the org's version; see `mutate`.
   */
  optimistic?: boolean
}

export interface DecisionContext {
  trx: Kysely<Database>
  org: OrgRow
  model: RoleModel
  state: OrgState
  now: Date
}

export type MutationOutcome =
  | { found: false }
  | { found: true; decision: Decision; model: RoleModel; version: number; ids: MintedIds; applied: boolean }

type Decide = (ctx: DecisionContext) => Decision | Promise<Decision>

// Per process (one cache each): its writes to one org take turns before they reach the database.
const writeTurns = new WeakMap<OrgStateCache, OneAtATime>()

/**
 * Runs one command as one transaction: lock the org row first (so concurrent commands on the org
 * queue up instead of deciding on the same stale state), load its state, ask the engine, and
 * write the effects with their audit events. A denial or a dry run writes nothing.
 *
 * An `optimistic` command that changes one role is first decided on the cached state and written as
 * one compare-and-set statement (`applyRoleChangeIfCurrent`): one round trip instead of four, the
 * org's lock held only while it runs. Whenever that cannot settle it (the org moved on in another
 * process, a denial, nothing to change, a dry run), the locked path decides, so every answer a caller
 * sees was made on the current state. Writes of this process to one org take turns, so they never
 * make each other's compare-and-set miss. Either path marks a keyed request's Idempotency-Key applied
 * in the statement or transaction that applies its change.
 * @example const outcome = await mutate(deps, { orgId, actor }, ({ model, state }) => decideRevoke(model, state, cmd))
 */
export async function mutate(deps: RouteDeps, input: MutationInput, decideWith: Decide): Promise<MutationOutcome> {
  let turns = writeTurns.get(deps.cache)
  if (!turns) {
    turns = new OneAtATime()
    writeTurns.set(deps.cache, turns)
  }
  const outcome = await turns.run(
    input.orgId,
    async () =>
      (input.optimistic && !input.dryRun && !input.beforeApply && (await mutateIfCurrent(deps, input, decideWith))) ||
      (await mutateLocked(deps, input, decideWith)),
  )
  // Outside the org's turn: the next write to it need not wait for the notification to go out. It never
  // fails the committed write (see announceChange for what other processes fall back on).
  if (outcome.found && outcome.applied) await announceChange(deps, input.orgId, outcome.version)
  return outcome
}

/** The optimistic path; undefined whenever the locked path has to decide. */
async function mutateIfCurrent(
  { db, cache }: RouteDeps,
  input: MutationInput,
  decideWith: Decide,
): Promise<MutationOutcome | undefined> {
  const base = await cache.get(input.orgId)
  const { org, model, state } = base
  const now = new Date()
  const decision = await decideWith({ trx: db, org, model, state, now })
  const [effect] = decision.ok && decision.changed ? decision.effects : []
  if (!decision.ok || decision.effects.length !== 1 || !effect || !isRoleEffect(effect)) return undefined
  const outbox = earlyOutboxRows({ orgId: input.orgId, actor: input.actor, at: now, model, state }, decision.effects)
  const settle = cache.committing(input.orgId, org.version + 1)
  try {
    const applied = await applyRoleChangeIfCurrent(
      db,
      input.orgId,
      effect,
      { actor: input.actor, at: now, requestId: input.requestId },
      { expectedVersion: org.version, touchMember: input.actor, outbox, claim: input.claim },
    )
    if (!applied) return undefined
    cache.advanced(base, decision.effects, applied.version)
    return { found: true, decision, model, version: applied.version, ids: applied.ids, applied: true }
  } finally {
    settle()
  }
}

async function mutateLocked(
  { db, cache }: RouteDeps,
  input: MutationInput,
  decideWith: Decide,
): Promise<MutationOutcome> {
  let base: OrgView | undefined
  let settle = () => {}
  let outcome: MutationOutcome
  try {
    outcome = await db.transaction().execute(async (trx): Promise<MutationOutcome> => {
      const org = await lockOrg(trx, input.orgId)
      if (!org) return { found: false }
      // Every write bumps the version under this lock, so a cached state of the same version is current.
      base = await cache.current(input.orgId, org.version, () => loadOrgView(trx, org))
      const { model, state } = base
      const now = new Date()
      const decision = await decideWith({ trx, org, model, state, now })
      if (!decision.ok || !decision.changed || input.dryRun) {
        return { found: true, decision, model, version: org.version, ids: {}, applied: false }
      }
      await input.beforeApply?.(trx)
      const outboxContext = { orgId: input.orgId, actor: input.actor, at: now, model, state }
      // Events known up front (role changes) ride in applyEffects' statement; others follow it.
      const outbox = earlyOutboxRows(outboxContext, decision.effects)
      // Also sets the actor's "last active" (what the member list shows), in the same round trip.
      const applied = await applyEffects(
        trx,
        input.orgId,
        decision.effects,
        { actor: input.actor, at: now, requestId: input.requestId },
        { orgLocked: true, touchMember: input.actor, outbox },
      )
      if (!outbox) await writeOutbox(trx, outboxContext, decision.effects, applied)
      await markApplied(trx, input.claim, { version: applied.version, subject: mintedId(applied.ids) })
      // The next writer of this process may lock the org before this COMMIT's answer is read: it waits.
      settle = cache.committing(input.orgId, applied.version)
      return { found: true, decision, model, version: applied.version, ids: applied.ids, applied: true }
    })
    if (outcome.found && outcome.applied && outcome.decision.ok && base) {
      // Committed: this process's next check must see it at once, others' within milliseconds.
      cache.advanced(base, outcome.decision.effects, outcome.version)
    }
  } finally {
    settle()
  }
  return outcome
}

/** The id a command minted (a transfer, a case, an invitation), which a retry that lost its answer is told. */
const mintedId = (ids: MintedIds) => ids.invitationId ?? ids.transferId ?? ids.caseId
