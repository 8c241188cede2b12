import type { Effect } from '@rolecall/core'
import {
  type AuditEventBody,
  auditEntry,
  type Database,
  lockOrg,
  loneRoleChange,
  type MintedIds,
  type OrgRow,
  stageEffects,
  type WrittenChange,
  writeOrgChange,
} from '@rolecall/db'
import type { Kysely } from 'kysely'
import { claimTakenOver, type WriteOrigin } from '../commands/mark-applied.js'
import { loadOrgView, type OrgView } from '../commands/read-org.js'
import { outboxRows } from '../events/outbox-rows.js'
import type { OrgStateCache } from '../state-cache.js'
import { announceChange } from './announce-change.js'
import { CONSISTENCY_HEADER } from './consistency-header.js'
import { OneAtATime } from './one-at-a-time.js'
import type { WriteDeps } from './write-deps.js'

export interface OrgWriteInput extends Partial<WriteOrigin> {
  orgId: string
  /** Who the audit events name as acting: a member, or the operator of an API key. */
  actor: string
  /** A member acting through the API, whose last activity the change sets. */
  touch?: string | undefined
  /**
   * False for a write outside what the org's version covers (a profile, a webhook, a Slack link): it
   * makes no new version, so nothing is cached, announced or told to the client about it.
   */
  versioned?: boolean | undefined
  /**
   * The plan reads nothing but the org's model and state, and writes nothing itself, so it may first
   * run on this process's cached state and its change be written by compare-and-set; see `writeOrg`.
   */
  optimistic?: boolean | undefined
}

export interface PlanContext {
  /** The transaction holding the org's lock; the database itself while an optimistic plan runs. */
  trx: Kysely<Database>
  /** The org's row as locked (or cached, for an optimistic plan). */
  org: OrgRow
  now: Date
  /** The org's model and state at `org.version`, from the cache when it has them. */
  view(): Promise<OrgView>
}

/** What a write changes, besides any rows its plan wrote itself under the lock. */
export interface PlannedChange {
  /** The engine's effects: applied in order, one audit event and any outbox event each. */
  effects?: readonly Effect[] | undefined
  /** The audit events of a change made outside the engine (its rows written by the plan). */
  audit?: readonly AuditEventBody[] | undefined
  /** What a retry that lost its answer is told the change made; by default, an id its effects minted. */
  subject?: string | undefined
}

export interface Plan<T> {
  /** What the route answers with. */
  answer: T
  /** Absent when nothing is written: a dry run, nothing to change, a refusal. */
  change?: PlannedChange | undefined
  /** The answer refuses the request (a denial): it is not answered at a version. */
  refused?: boolean | undefined
}

export type Planner<T> = (ctx: PlanContext) => Plan<T> | Promise<Plan<T>>

export type OrgWriteOutcome<T> =
  | { found: false }
  | {
      found: true
      answer: T
      /** The version the answer was made at: the change's, or the current one when nothing changed. */
      version: number
      applied: boolean
      /** Ids storage minted for the change's effects. */
      ids: MintedIds
      refused: boolean
    }

// Per process (one cache each): its writes to one org take turns before they reach the database.
const writeTurns = new WeakMap<OrgStateCache, OneAtATime>()

/**
 * Every write to an org, from the engine's commands to settings, profiles and webhooks: in one
 * transaction that locks the org first (so concurrent writes queue instead of deciding on the same
 * stale state), `plan` decides and writes any rows of its own; then the change's effects, audit events,
 * outbox events, the acting member's last activity, the new version and the Idempotency-Key's mark are
 * written together (`writeOrgChange`). After COMMIT this process's cache follows the change, other
 * processes are told of it, and the response gets the consistency header. A plan that returns no
 * change writes nothing; one that throws rolls everything back.
 *
 * An `optimistic` write is first planned on the cached state and, when that plan is a lone role change,
 * written as one compare-and-set statement: one round trip instead of four, the org's lock held only
 * while it runs. Whenever that cannot settle it (the org moved on in another process, a refusal,
 * nothing to change), the locked path plans again, so every answer was made on the current state.
 * Writes of this process to one org take turns, so they never make each other's compare-and-set miss.
 * @example const outcome = await writeOrg(deps, { orgId, actor, ...writeOrigin(c) }, async ({ trx, org }) => ({ answer: org.name }))
 */
export async function writeOrg<T>(
  deps: WriteDeps,
  input: OrgWriteInput,
  plan: Planner<T>,
): Promise<OrgWriteOutcome<T>> {
  let turns = writeTurns.get(deps.cache)
  if (!turns) {
    turns = new OneAtATime()
    writeTurns.set(deps.cache, turns)
  }
  const outcome = await turns.run(
    input.orgId,
    async () =>
      (input.optimistic && (await writeIfCurrent(deps, input, plan))) || (await writeLocked(deps, input, plan)),
  )
  if (!outcome.found || input.versioned === false) return outcome
  // Outside the org's turn: the next write to it need not wait for the notification to go out. It never
  // fails the committed write (see announceChange for what other processes fall back on).
  if (outcome.applied) await announceChange(deps, input.orgId, outcome.version)
  if (!outcome.refused) input.response?.header(CONSISTENCY_HEADER, String(outcome.version))
  return outcome
}

/** The optimistic path; undefined whenever the locked path has to plan. */
async function writeIfCurrent<T>(
  { db, cache }: WriteDeps,
  input: OrgWriteInput,
  plan: Planner<T>,
): Promise<OrgWriteOutcome<T> | undefined> {
  const base = await cache.get(input.orgId)
  const now = new Date()
  const planned = await plan({ trx: db, org: base.org, now, view: async () => base })
  const effects = planned.change?.effects ?? []
  // Only a lone role change is written without the lock: staging it writes nothing ahead of the statement.
  if (planned.refused || planned.change?.audit?.length || !loneRoleChange(effects)) return undefined
  const settle = cache.committing(input.orgId, base.org.version + 1)
  try {
    const written = await finish(db, input, planned, { base, now, expectedVersion: base.org.version })
    if (!written) return undefined
    cache.advanced(base, effects, written.version)
    return { found: true, answer: planned.answer, version: written.version, applied: true, ids: {}, refused: false }
  } finally {
    settle()
  }
}

async function writeLocked<T>(
  { db, cache }: WriteDeps,
  input: OrgWriteInput,
  plan: Planner<T>,
): Promise<OrgWriteOutcome<T>> {
  let base: Promise<OrgView> | undefined
  let effects: readonly Effect[] = []
  let settle = () => {}
  try {
    const outcome = await db.transaction().execute(async (trx): Promise<OrgWriteOutcome<T>> => {
      const org = await lockOrg(trx, input.orgId)
      if (!org) return { found: false }
      // Every versioned write bumps the version under this lock, so a cached state of the same version is current.
      const view = () => (base ??= cache.current(input.orgId, org.version, () => loadOrgView(trx, org)))
      const now = new Date()
      const planned = await plan({ trx, org, now, view })
      const refused = planned.refused ?? false
      if (!planned.change)
        return { found: true, answer: planned.answer, version: org.version, applied: false, ids: {}, refused }
      effects = planned.change.effects ?? []
      const written = await finish(trx, input, planned, { base: effects.length > 0 ? await view() : undefined, now })
      if (!written) throw claimTakenOver()
      // The next writer of this process may lock the org before this COMMIT's answer is read: it waits.
      if (input.versioned !== false) settle = cache.committing(input.orgId, written.version)
      return { found: true, answer: planned.answer, version: written.version, applied: true, ids: written.ids, refused }
    })
    if (outcome.found && outcome.applied && input.versioned !== false) {
      // Committed: this process's next check must see it at once, others' within milliseconds.
      if (effects.length > 0 && base) cache.advanced(await base, effects, outcome.version)
      else cache.changed(input.orgId, outcome.version)
    }
    return outcome
  } finally {
    settle()
  }
}

/**
 * Writes a planned change: its effects staged, then the one statement that ends every org write. The
 * same for both paths; only the compare-and-set's `expectedVersion` tells them apart.
 */
async function finish(
  trx: Kysely<Database>,
  input: OrgWriteInput,
  planned: Plan<unknown>,
  at: { base: OrgView | undefined; now: Date; expectedVersion?: number },
): Promise<(WrittenChange & { ids: MintedIds }) | undefined> {
  const { orgId, actor } = input
  const meta = { actor, at: at.now, requestId: input.requestId }
  const effects = planned.change?.effects ?? []
  const staged = await stageEffects(trx, orgId, effects, meta)
  const outbox =
    at.base && effects.length > 0
      ? await outboxRows(
          trx,
          { orgId, actor, at: at.now, model: at.base.model, state: at.base.state },
          effects,
          staged.minted,
        )
      : []
  const written = await writeOrgChange(trx, orgId, meta, {
    expectedVersion: at.expectedVersion,
    versioned: input.versioned,
    role: staged.role,
    audit: [...staged.audit, ...(planned.change?.audit ?? []).map(auditEntry)],
    touchMember: input.touch,
    outbox,
    claim: input.claim,
    subject: planned.change?.subject ?? mintedId(staged.ids),
  })
  return written && { ...written, ids: staged.ids }
}

/** The id a command minted (a transfer, a case, an invitation), which a retry that lost its answer is told. */
const mintedId = (ids: MintedIds) => ids.invitationId ?? ids.transferId ?? ids.caseId
