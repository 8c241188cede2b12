import type { Decision, OrgState, RoleModel } from '@rolecall/core'
import type { Database, MintedIds, OrgRow } from '@rolecall/db'
import type { Kysely } from 'kysely'
import type { WriteDeps } from '../write/write-deps.js'
import { writeOrg } from '../write/write-org.js'
import type { WriteOrigin } from './mark-applied.js'

export interface MutationInput extends Partial<WriteOrigin> {
  orgId: string
  actor: string
  dryRun?: boolean
  /** Writes that only an allowed, real request makes before its effects (e.g. the invitee's user row). */
  beforeApply?: (trx: Kysely<Database>) => Promise<void>
  /**
   * The decision reads nothing but the org's model and state (never `trx`), so it may first be made on
   * this process's cached state and written with a compare-and-set on the org's version; see `writeOrg`.
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

/**
 * Runs one command of the engine as an org write (`writeOrg`): the engine decides on the org's state
 * under its lock, and an allowed change's effects are written with their audit and outbox events and
 * the actor's last activity. A denial or a dry run writes nothing. An `optimistic` command that changes
 * one role is first decided on the cached state and written by compare-and-set.
 * @example const outcome = await mutate(deps, { orgId, actor }, ({ model, state }) => decideRevoke(model, state, cmd))
 */
export async function mutate(deps: WriteDeps, input: MutationInput, decideWith: Decide): Promise<MutationOutcome> {
  const { dryRun, beforeApply } = input
  const outcome = await writeOrg(
    deps,
    { ...input, touch: input.actor, optimistic: input.optimistic && !dryRun && !beforeApply },
    async ({ trx, org, now, view }) => {
      const { model, state } = await view()
      const decision = await decideWith({ trx, org, model, state, now })
      const answer = { decision, model }
      if (!decision.ok || !decision.changed || dryRun) return { answer, refused: !decision.ok }
      await beforeApply?.(trx)
      return { answer, change: { effects: decision.effects } }
    },
  )
  if (!outcome.found) return outcome
  const { answer, version, ids, applied } = outcome
  return { found: true, ...answer, version, ids, applied }
}
