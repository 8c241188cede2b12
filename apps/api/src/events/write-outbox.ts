import { randomUUID } from 'node:crypto'
import type { Effect, OrgState, RoleModel } from '@rolecall/core'
import {
  type AppliedEffects,
  type Database,
  isRoleEffect,
  json,
  type MintedIds,
  type NewOutboxEvent,
} from '@rolecall/db'
import type { Kysely } from 'kysely'
import { type CaseFacts, eventsOfEffects, type PendingEvent } from './events-of-effects.js'

export interface OutboxContext {
  orgId: string
  actor: string
  at: Date
  model: RoleModel
  /** The state the decision was made on: recipients are who the rules named then. */
  state: OrgState
}

/**
 * Writes the events of an applied decision to the outbox, in the mutation's transaction and in one
 * insert, so an event exists exactly when its change does. Delivery happens later (jobs/).
 * @example await writeOutbox(trx, { orgId, actor, at: now, model, state }, decision.effects, applied)
 */
export async function writeOutbox(
  trx: Kysely<Database>,
  ctx: OutboxContext,
  effects: readonly Effect[],
  applied: Pick<AppliedEffects, 'ids' | 'events'>,
): Promise<void> {
  // Each audit event records the ids minted for its own effect; the merged ids are the fallback.
  const minted = effects.map((_, i) => ({ ...applied.ids, ...mintedIn(applied.events?.[i]?.data) }))
  const rows = outboxRows(ctx, eventsOfEffects(ctx.model, ctx.state, effects, minted, await casesOf(trx, effects)))
  if (rows.length > 0) await trx.insertInto('outbox_events').values(rows).execute()
}

/**
 * The outbox rows of effects that mint no ids and read nothing back (role changes), known before
 * they are written, so `applyEffects` can insert them in its own statement; undefined for any other
 * effects, whose events `writeOutbox` writes after them.
 * @example applyEffects(trx, orgId, effects, meta, { outbox: earlyOutboxRows(ctx, effects) })
 */
export function earlyOutboxRows(ctx: OutboxContext, effects: readonly Effect[]): NewOutboxEvent[] | undefined {
  if (!effects.every(isRoleEffect)) return undefined
  return outboxRows(ctx, eventsOfEffects(ctx.model, ctx.state, effects, []))
}

const outboxRows = (ctx: OutboxContext, events: readonly PendingEvent[]): NewOutboxEvent[] =>
  events.map((event) => ({
    event_id: `evt_${randomUUID()}`,
    org_id: ctx.orgId,
    type: event.type,
    at: ctx.at,
    actor: ctx.actor,
    subject: event.subject,
    recipients: json(event.recipients),
    data: json(event.data),
  }))

const mintedIn = (data: Record<string, unknown> | undefined): MintedIds => {
  const ids: MintedIds = {}
  for (const key of ['transferId', 'caseId', 'invitationId'] as const) {
    const value = data?.[key]
    if (typeof value === 'string') ids[key] = value
  }
  return ids
}

async function casesOf(trx: Kysely<Database>, effects: readonly Effect[]): Promise<Map<string, CaseFacts>> {
  const ids = effects.flatMap((e) => (e.kind === 'case.approved' ? [e.caseId] : []))
  if (ids.length === 0) return new Map()
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
