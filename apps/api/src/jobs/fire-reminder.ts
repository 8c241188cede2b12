import { randomUUID } from 'node:crypto'
import { BACKGROUND, indexOrg } from '@rolecall/core'
import { type Database, json, loadOrgSnapshot, lockOrg } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { caseRecipients } from '../events/events-of-effects.js'
import { modelOf } from '../org-model.js'

/** What a reminder job carries: ids and the time it was set for, never names. */
export interface ReminderJob {
  orgId: string
  caseId: string
  at: string
}

/**
 * Fires a reminder: if the case is still open and its reminder still the one this job was scheduled
 * for, writes `anonymization.reminder_due` to the outbox for the case's approvers. The event's
 * dedupe key makes a second run (a retried job, a second process) write nothing.
 * @example await fireReminder(db, { orgId: 'acme', caseId: '…', at: '2030-01-01T09:00:00.000Z' })
 */
export async function fireReminder(db: Kysely<Database>, job: ReminderJob): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // The org lock orders this after any change to the reminder in flight.
    const org = await lockOrg(trx, job.orgId)
    if (!org) return
    const found = await trx
      .selectFrom('anonymization_cases')
      .select(['subject', 'approvals', 'reminder_at'])
      .where('org_id', '=', job.orgId)
      .where('id', '=', job.caseId)
      .where('status', '=', 'open')
      .executeTakeFirst()
    if (!found?.reminder_at || found.reminder_at.getTime() !== new Date(job.at).getTime()) return
    const model = modelOf(org)
    const state = indexOrg((await loadOrgSnapshot(trx, org.id)) ?? { id: org.id, name: org.name })
    await trx
      .insertInto('outbox_events')
      .values({
        event_id: `evt_${randomUUID()}`,
        org_id: org.id,
        type: 'anonymization.reminder_due',
        at: new Date(),
        actor: BACKGROUND,
        subject: found.subject,
        recipients: json(caseRecipients(model, state, found.subject)),
        data: json({
          caseId: job.caseId,
          approvals: found.approvals,
          required: model.anonymization.approvalsRequired,
          reminderAt: found.reminder_at.toISOString(),
        }),
        dedupe_key: `reminder:${job.caseId}:${found.reminder_at.toISOString()}`,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute()
  })
}
