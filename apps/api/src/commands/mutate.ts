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
    // Every write bumps the version under this lock, so a cached state of the same version is current.
    const state = cache.at(input.orgId, org.version)?.state ?? (await loadState(trx, org))
    const model = modelOf(org)
    const now = new Date()
    const decision = await decideWith({ trx, org, model, state, now })
    if (!decision.ok || !decision.changed || input.dryRun) {
      return { found: true, decision, model, version: org.version, ids: {}, applied: false }
    }
    await input.beforeApply?.(trx)
    const applied = await applyEffects(trx, input.orgId, decision.effects, {
      actor: input.actor,
      at: now,
      requestId: input.requestId,
    })
    // What the member list shows as "last active".
    await trx
      .updateTable('memberships')
      .set({ last_active_at: now })
      .where('org_id', '=', input.orgId)
      .where('user_id', '=', input.actor)
      .execute()
    return { found: true, decision, model, version: applied.version, ids: applied.ids, applied: true }
  })
  if (outcome.found && outcome.applied) {
    // Committed: this process's next check must see it at once, others' within milliseconds.
    cache.changed(input.orgId, outcome.version)
    await announceChange(db, input.orgId, outcome.version)
  }
  return outcome
}

async function loadState(trx: Kysely<Database>, org: OrgRow): Promise<OrgState> {
  const snapshot = await loadOrgSnapshot(trx, org.id)
  return indexOrg(snapshot ?? { id: org.id, name: org.name })
}

/**
 * Tells other API processes. Sent after commit rather than inside the transaction: notifying commits
 * take turns in Postgres, which would cap write throughput. A process that dies in between leaves
 * others stale only until their next token-carrying read or the next change.
 */
export const announceChange = (trx: Kysely<Database>, orgId: string, version: number) =>
  sql`select pg_notify(${CHANGES_CHANNEL}, ${`${orgId} ${version}`})`.execute(trx)
