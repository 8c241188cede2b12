import { type Decision, indexOrg, type OrgState, type RoleModel } from '@rolecall/core'
import { applyEffects, type Database, loadOrgSnapshot, lockOrg, type MintedIds, type OrgRow } from '@rolecall/db'
import { type Kysely, sql } from 'kysely'
import { CHANGES_CHANNEL } from '../change-listener.js'
import { modelOf } from '../org-model.js'
import type { RouteDeps } from '../routes/route-deps.js'

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
  const outcome = await db.transaction().execute(async (trx): Promise<MutationOutcome> => {
    const org = await lockOrg(trx, input.orgId)
    if (!org) return { found: false }
    const snapshot = await loadOrgSnapshot(trx, input.orgId)
    const model = modelOf(org)
    const now = new Date()
    const decision = await decideWith({
      trx,
      org,
      model,
      state: indexOrg(snapshot ?? { id: org.id, name: org.name }),
      now,
    })
    if (!decision.ok || !decision.changed || input.dryRun) {
      return { found: true, decision, model, version: org.version, ids: {}, applied: false }
    }
    await input.beforeApply?.(trx)
    const applied = await applyEffects(trx, input.orgId, decision.effects, {
      actor: input.actor,
      at: now,
      requestId: input.requestId,
    })
    await announceChange(trx, input.orgId, applied.version)
    // What the member list shows as "last active".
    await trx
      .updateTable('memberships')
      .set({ last_active_at: now })
      .where('org_id', '=', input.orgId)
      .where('user_id', '=', input.actor)
      .execute()
    return { found: true, decision, model, version: applied.version, ids: applied.ids, applied: true }
  })
  // Committed: this process's next check must see it at once.
  if (outcome.found && outcome.applied) cache.changed(input.orgId, outcome.version)
  return outcome
}

/** Tells other API processes (delivered by Postgres on commit, never for a rollback). */
export const announceChange = (trx: Kysely<Database>, orgId: string, version: number) =>
  sql`select pg_notify(${CHANGES_CHANNEL}, ${`${orgId} ${version}`})`.execute(trx)
