import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { json } from '../../json.js'
import type { Database } from '../../schema.js'
import { forgetPerson } from '../forget-person.js'
import { redactStoredResponses } from '../redact-stored-responses.js'
import { type AppliedEffect, applied, type EffectMeta, type EffectOf, targetMissing } from './effect-result.js'

type CaseEffect = EffectOf<'case.'> | EffectOf<'user.anonymized'>

/**
 * Anonymization cases: `case.opened` mints one; approvals, reminders and `user.anonymized`
 * change the open case they name. Anonymizing also scrubs the org's profile of the person.
 */
export async function applyCaseEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: CaseEffect,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  if (effect.kind === 'case.opened') {
    const caseId = randomUUID()
    await trx
      .insertInto('anonymization_cases')
      .values({
        id: caseId,
        org_id: orgId,
        subject: effect.subject,
        status: 'open',
        approvals: json([]),
        created_at: meta.at,
      })
      .execute()
    return applied(effect.subject, { caseId })
  }

  const openCase = trx
    .updateTable('anonymization_cases')
    .where('org_id', '=', orgId)
    .where('id', '=', effect.caseId)
    .where('status', '=', 'open')
  let update: typeof openCase
  if (effect.kind === 'case.approved') {
    const approver = sql`jsonb_build_array(${effect.approver}::text)`
    // Approving twice records one approval.
    update = openCase.set({
      approvals: sql<string>`case when approvals @> ${approver} then approvals else approvals || ${approver} end`,
    })
  } else if (effect.kind === 'case.reminder_set') {
    update = openCase.set({ reminder_at: new Date(effect.at) })
  } else if (effect.kind === 'case.reminder_cleared') {
    update = openCase.set({ reminder_at: null })
  } else {
    update = openCase.set({ status: 'anonymized', closed_at: meta.at })
  }
  const row = await update.returning('subject').executeTakeFirst()
  if (!row) throw targetMissing(effect, `open case ${effect.caseId}`)

  if (effect.kind === 'user.anonymized') {
    const before = await trx
      .selectFrom('people')
      .select(['display_name', 'email', 'slack_user_id', 'pseudonym'])
      .where('org_id', '=', orgId)
      .where('user_id', '=', effect.principal)
      .forUpdate()
      .executeTakeFirst()
    if (!before) throw targetMissing(effect, `person ${effect.principal}`)
    // Anonymized in this org once already, the person keeps the pseudonym they had here.
    const pseudonym = before.pseudonym ?? `anonymous-${randomUUID().slice(0, 8)}`
    // Other tables first: finding the person there needs the name and e-mail the profile still holds.
    await forgetPerson(trx, {
      orgId,
      userId: effect.principal,
      email: before.email,
      displayName: before.display_name,
      slackUserId: before.slack_user_id,
      pseudonym,
    })
    const traces = [before.display_name, before.email, before.slack_user_id].filter((t): t is string => t !== null)
    await redactStoredResponses(trx, traces, pseudonym)
    // Replaces everything that identifies the person in this org; the id stays so history still joins up.
    // Other orgs keep their own profiles: what they know of the person is theirs to anonymize.
    await trx
      .updateTable('people')
      .set({ pseudonym, display_name: pseudonym, email: null, slack_user_id: null, anonymized_at: meta.at })
      .where('org_id', '=', orgId)
      .where('user_id', '=', effect.principal)
      .execute()
    return applied(effect.principal)
  }
  return applied(row.subject)
}
