import type { Decision, OrgState, RoleModel } from '@rolecall/core'
import { applyEffects, type Database, lockOrg, type MintedIds, type OrgRow } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { earlyOutboxRows, writeOutbox } from '../events/write-outbox.js'
import type { RouteDeps } from '../routes/route-deps.js'
import { announceChange } from './announce-change.js'
import { loadOrgView, type OrgView } from './read-org.js'

// Routes that write without `mutate()` announce their changes the same way.
export { announceChange }

export interface MutationInput {
  orgId: string
  actor: string
  dryRun?: boolean
  requestId?: string
  /** Writes that only an allowed, real request makes before its effects (e.g. the invitee's user row). */
  beforeApply?: (trx: Kysely<Database>) => Promise<void>
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

/**
 * Runs one command as one transaction: lock the org row first (so concurrent commands on the org
 * queue up instead of deciding on the same stale state), load its state, ask the engine, and
 * write the effects with their audit events. A denial or a dry run writes nothing.
 * @example const outcome = await mutate(deps, { orgId, actor }, ({ model, state }) => decideRevoke(model, state, cmd))
 */
export async function mutate(
  { db, cache }: RouteDeps,
  input: MutationInput,
  decideWith: (ctx: DecisionContext) => Decision | Promise<Decision>,
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
  if (outcome.found && outcome.applied) await announceChange(db, input.orgId, outcome.version)
  return outcome
}
