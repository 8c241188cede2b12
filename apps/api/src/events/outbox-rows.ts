import { randomUUID } from 'node:crypto'
import type { Effect, OrgState, RoleModel } from '@rolecall/core'
import { type Database, json, type MintedIds, type QueuedEvent } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { type CaseFacts, eventsOfEffects } from './events-of-effects.js'

export interface OutboxContext {
  orgId: string
  actor: string
  at: Date
  model: RoleModel
  /** The state the decision was made on: recipients are who the rules named then. */
  state: OrgState
}

/**
 * The outbox rows of an applied decision's events, which the org write queues in the statement that
 * ends it (`writeOrgChange`), so an event exists exactly when its change does. Delivery happens later
 * (jobs/). `minted` holds the ids storage gave each effect; an approval's event also tells what its
 * case is now, read in `trx` after the approval was applied.
 * @example const outbox = await outboxRows(trx, { orgId, actor, at: now, model, state }, effects, staged.minted)
 */
export async function outboxRows(
  trx: Kysely<Database>,
  ctx: OutboxContext,
  effects: readonly Effect[],
  minted: readonly MintedIds[],
): Promise<QueuedEvent[]> {
  const approved = effects.flatMap((e) => (e.kind === 'case.approved' ? [e.caseId] : []))
  const cases = approved.length > 0 ? await casesOf(trx, approved) : NO_CASES
  return eventsOfEffects(ctx.model, ctx.state, effects, minted, cases).map((event) => ({
    event_id: `evt_${randomUUID()}`,
    org_id: ctx.orgId,
    type: event.type,
    at: ctx.at,
    actor: ctx.actor,
    subject: event.subject,
    recipients: json(event.recipients),
    data: json(event.data),
  }))
}

const NO_CASES: ReadonlyMap<string, CaseFacts> = new Map()

async function casesOf(trx: Kysely<Database>, ids: string[]): Promise<ReadonlyMap<string, CaseFacts>> {
  const rows = await trx
    .selectFrom('anonymization_cases')
    .select(['id', 'subject', 'approvals', 'reminder_at'])
    .where('id', 'in', ids)
    .execute()
  return new Map(
    rows.map((r) => [
      r.id,
      { subject: r.subject, approvals: r.approvals, reminderAt: r.reminder_at?.toISOString() ?? null },
    ]),
  )
}
