import type { OutboxEventRow } from '@rolecall/db'

/** Every event type Rolecall delivers by webhook and notification. */
export const EVENT_TYPES = [
  'role.granted',
  'role.revoked',
  'membership.invited',
  'membership.removed',
  'ownership.transfer_requested',
  'ownership.transferred',
  'anonymization.case_opened',
  'anonymization.reminder_due',
  'anonymization.approved',
  'user.anonymized',
] as const

export type EventType = (typeof EVENT_TYPES)[number]

/**
 * An outbox row that only schedules work (a reminder's job) and is never delivered: it rides in the
 * outbox so the schedule is written in the same transaction as the change.
 */
export const REMINDER_SET = 'case.reminder_set'

export const isEventType = (type: string): type is EventType => (EVENT_TYPES as readonly string[]).includes(type)

/** The body of a webhook request (Standard Webhooks' `type`/`timestamp`/`data`). Ids only, never names. */
export interface EventEnvelope {
  type: EventType
  timestamp: string
  data: {
    eventId: string
    orgId: string
    actor: string
    subject: string | null
    recipients: string[]
    [field: string]: unknown
  }
}

/**
 * An outbox row as webhooks send it.
 * @example JSON.stringify(envelopeOf(row))
 */
export const envelopeOf = (row: OutboxEventRow): EventEnvelope => ({
  type: row.type as EventType,
  timestamp: row.at.toISOString(),
  data: {
    eventId: row.event_id,
    orgId: row.org_id,
    actor: row.actor,
    subject: row.subject,
    recipients: row.recipients,
    ...row.data,
  },
})
